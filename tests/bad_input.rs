//! Each kind of bad input gives an error that names the file, the line (and column where
//! known) and what to do; all of a run's problems are reported together; nothing panics; a
//! failed build leaves the previous site untouched.

mod common;

use std::fs;

use common::{Project, stderr};

#[test]
fn the_starter_project_is_clean() {
    assert_eq!(Project::new().problems(), Vec::<String>::new());
}

#[test]
fn malformed_yaml() {
    let p = Project::new();
    p.write("site.yaml", "title: \"Audits\norganisation: Example\n");
    let problems = p.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("site.yaml:3:1: this is not valid YAML: "),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].ends_with("\n  help: check the indentation, the `key: value` colons and the quotes around text that contains `: ` or `#`"),
        "{}",
        problems[0]
    );
}

#[test]
fn missing_required_field() {
    let p = Project::new();
    p.edit(
        "authorities/example-borough/authority.yaml",
        "ons_code: E09000999\n",
        "",
    );
    assert_eq!(
        p.problems(),
        [
            "authorities/example-borough/authority.yaml:2:1: the required key `ons_code` is missing\n  help: add a line `ons_code: ...`"
        ]
    );
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let p = Project::new();
    p.edit("site.yaml", "organisation:", "organization:");
    assert_eq!(
        p.problems(),
        [
            "site.yaml:2:1: unknown key `organization`\n  help: did you mean `organisation`? The keys allowed here are: title, organisation, description, audience, protective_marking, language, base_url, contact, audiences, raw_html"
        ]
    );
}

#[test]
fn unknown_key_in_front_matter_counts_lines_from_the_file_start() {
    let p = Project::new();
    p.edit("lessons/example-borough.md", "speaker_role:", "speaker:");
    assert_eq!(
        p.problems(),
        [
            "lessons/example-borough.md:6:1: unknown key `speaker`\n  help: remove it or check the spelling; the keys allowed here are: title, kind, summary, authorities, audits, speaker_role, date, tags, weight, audiences"
        ]
    );
}

#[test]
fn page_naming_an_authority_that_does_not_exist() {
    let p = Project::new();
    p.edit(
        "lessons/example-borough.md",
        "authorities: [example-borough]",
        "authorities: [example-borugh]",
    );
    assert_eq!(
        p.problems(),
        [
            "lessons/example-borough.md:4:15: there is no authority `example-borugh`\n  help: did you mean `example-borough`?"
        ]
    );
}

#[test]
fn page_naming_an_audit_that_does_not_exist() {
    let p = Project::new();
    p.edit(
        "lessons/example-borough.md",
        "audits: [example-borough/referrals-2024]",
        "audits: [example-borough/referrals-2023]",
    );
    assert_eq!(
        p.problems(),
        [
            "lessons/example-borough.md:5:10: there is no audit `example-borough/referrals-2023`\n  help: did you mean `example-borough/referrals-2024`? Audits are named `authority/audit`, after their folders"
        ]
    );
}

#[test]
fn two_pages_with_the_same_address() {
    let p = Project::new();
    p.write(
        "lessons/Example Borough.md",
        p.read("lessons/example-borough.md"),
    );
    assert_eq!(
        p.problems(),
        [
            "lessons/Example Borough.md: this would be written to lessons/example-borough/index.html, as would lessons/example-borough.md\n  help: rename or move one of them: each page needs its own address",
            "lessons/example-borough.md: this would be written to lessons/example-borough/index.html, as would lessons/Example Borough.md\n  help: rename or move one of them: each page needs its own address",
        ]
    );
}

#[test]
fn two_authorities_with_the_same_ons_code() {
    let p = Project::new();
    p.write(
        "authorities/another/authority.yaml",
        p.read("authorities/example-borough/authority.yaml")
            .replace("Example Borough", "Another"),
    );
    assert_eq!(
        p.problems(),
        [
            "authorities/example-borough/authority.yaml:3:11: the ONS code E09000999 is also used by authorities/another/authority.yaml\n  help: each authority has its own code; one of the two folders is a duplicate"
        ]
    );
}

#[test]
fn text_that_is_not_utf8() {
    let p = Project::new();
    let mut bytes = p.read("pages/about.md").into_bytes();
    bytes.extend_from_slice(b"\nCaf\xe9 society\n");
    p.write("pages/about.md", bytes);
    assert_eq!(
        p.problems(),
        [
            "pages/about.md:8:4: this file is not UTF-8 text (byte 0xE9 cannot be read)\n  help: save it as UTF-8: in Excel choose \"CSV UTF-8\", in most editors \"Save with encoding: UTF-8\""
        ]
    );
}

#[test]
fn broken_at_links() {
    let p = Project::new();
    p.edit(
        "index.md",
        "(@/lessons/example-borough.md)",
        "(@/lessons/example-borugh.md)",
    );
    p.edit(
        "pages/about.md",
        "from the files",
        "from [the lessons](@/lessons/example-borough.md#findings) and the files",
    );
    assert_eq!(
        p.problems(),
        [
            "index.md:6:16: the link `@/lessons/example-borugh.md` leads nowhere: there is no `lessons/example-borugh.md`\n  help: did you mean `@/lessons/example-borough.md`?",
            "pages/about.md:5:41: the link `@/lessons/example-borough.md#findings` leads nowhere: `lessons/example-borough.md` has no heading `#findings`\n  help: the headings of `lessons/example-borough.md` have the ids: audits-done, conclusions, contents, footnotes, main-content, top, what-we-found",
        ]
    );
}

#[test]
fn anchors_on_template_made_pages_are_checked_too() {
    let p = Project::new();
    p.edit("pages/about.md", "from the files", "from [the groups](@/authorities/example-borough/audits/referrals-2024/audit.yaml#need-grups) and the files");
    assert_eq!(
        p.problems(),
        [
            "pages/about.md:5:41: the link `@/authorities/example-borough/audits/referrals-2024/audit.yaml#need-grups` leads nowhere: the page has no `#need-grups`\n  help: did you mean `#need-groups`?"
        ]
    );
}

#[test]
fn root_relative_links_would_break_on_a_shared_drive() {
    let p = Project::new();
    p.edit(
        "pages/about.md",
        "from the files",
        "from [the lessons](/lessons/) and the files",
    );
    assert_eq!(
        p.problems(),
        [
            "pages/about.md:5:41: the link `/lessons/` starts with `/`, so it breaks when the site is opened from a shared drive or a sub-path\n  help: link to other pages with `@/` and their path under the content folder, such as `@/lessons/sutton.md`"
        ]
    );
}

#[test]
fn missing_and_unclosed_front_matter() {
    let p = Project::new();
    p.write("pages/notes.md", "# Notes\n\nNo front matter here.\n");
    p.write(
        "pages/draft.md",
        "---\ntitle: Draft\n\nThe fence never closes.\n",
    );
    assert_eq!(
        p.problems(),
        [
            "pages/draft.md:1:1: the front matter that starts here is never closed\n  help: end the front matter with a line that is just `---`",
            "pages/notes.md:1:1: this Markdown page has no front matter\n  help: start the file with three lines: `---`, `title: ...`, `---`",
        ]
    );
}

#[test]
fn lessons_pages_keep_their_three_sections() {
    let p = Project::new();
    p.edit(
        "lessons/example-borough.md",
        "## What we found",
        "## Findings",
    );
    assert_eq!(
        p.problems(),
        [
            "lessons/example-borough.md:11: a lessons page needs a `## What we found` section\n  help: give the page these sections, in this order: `## Audits done`, `## What we found`, `## Conclusions`"
        ]
    );
}

#[test]
fn bad_codes_and_dates_in_audits_and_authorities() {
    let p = Project::new();
    p.edit(
        "authorities/example-borough/authority.yaml",
        "E09000999",
        "E0900999",
    );
    p.edit(
        "authorities/example-borough/audits/referrals-2024/audit.yaml",
        "to: 2024-05-31",
        "to: 2024-05-32",
    );
    assert_eq!(
        p.problems(),
        [
            "authorities/example-borough/audits/referrals-2024/audit.yaml:5:7: period: `2024-05-32` is not a date in the form YYYY-MM-DD, such as 2001-11-15",
            "authorities/example-borough/authority.yaml:3:11: `E0900999` is not the ONS code of an English local authority\n  help: ONS codes are E06, E07, E08, E09 or E10 and six digits, such as E09000002 for Barking and Dagenham",
        ]
    );
}

#[test]
fn an_audit_partner_that_does_not_exist() {
    let p = Project::new();
    p.edit(
        "authorities/example-borough/audits/referrals-2024/audit.yaml",
        "cost: 5000\n",
        "cost: 5000\npartners: [nowhere]\n",
    );
    assert_eq!(
        p.problems(),
        [
            "authorities/example-borough/audits/referrals-2024/audit.yaml:8:12: there is no authority `nowhere`\n  help: the authorities in this project are: example-borough"
        ]
    );
}

#[test]
fn template_errors_point_into_the_projects_template() {
    let p = Project::new();
    p.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{{ page.author.name }}\n{% endblock content %}\n");
    assert_eq!(
        p.problems(),
        [
            "templates/page.html:4:9: template error: Field `author` is not defined. Available fields: audits, authorities, breadcrumbs, content, date_iso, date_label, description, figure_notes, intro, kind, marking, nav_key, path, sections, speaker_role, tags, title\n  help: see the Tera documentation for the template language; the theme's own templates show every variable a page has"
        ]
    );
}

#[test]
fn template_syntax_errors_are_found_before_rendering() {
    let p = Project::new();
    p.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title </h1>\n{% endblock content %}\n");
    let problems = p.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("templates/page.html:3:"),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].contains("template syntax error"),
        "{}",
        problems[0]
    );
}

#[test]
fn all_problems_of_a_run_are_reported_together_and_the_exit_code_says_so() {
    let p = Project::new();
    p.edit("site.yaml", "organisation:", "organization:");
    p.edit(
        "lessons/example-borough.md",
        "authorities: [example-borough]",
        "authorities: [example-borugh]",
    );
    p.edit(
        "index.md",
        "(@/lessons/example-borough.md)",
        "(@/lessons/example-borugh.md)",
    );
    let output = p.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("error: unknown key `organization`\n --> content/site.yaml:2:1\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: there is no authority `example-borugh`\n --> content/lessons/example-borough.md:4:15\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("error: the link `@/lessons/example-borugh.md` leads nowhere: there is no `lessons/example-borugh.md`\n --> content/index.md:6:16\n"),
        "{err}"
    );
    assert!(err.ends_with("error: 3 problems in content\n"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let p = Project::new();
    let first = p.run(&["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = common::tree(&p.site());
    p.edit("site.yaml", "organisation:", "organization:");
    let second = p.run(&["build"]);
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second).ends_with("Nothing was written: site is as it was before this build.\n"),
        "{}",
        stderr(&second)
    );
    assert_eq!(common::tree(&p.site()), before);
    // No staging folders are left behind.
    let names: Vec<String> = fs::read_dir(p.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["README.md", "content", "site"]);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let p = Project::new();
    fs::create_dir(p.root().join("reports")).unwrap();
    fs::write(p.root().join("reports/budget.xlsx"), "precious").unwrap();
    let output = p.run(&["build", "--output", "reports"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: reports already holds files that auditpress did not write, so it will not replace them\n  help: choose another output folder with --output, or empty this one first\nNothing was written: reports is as it was before this build.\n"
    );
    assert_eq!(
        fs::read_to_string(p.root().join("reports/budget.xlsx")).unwrap(),
        "precious"
    );
}

#[test]
fn a_missing_content_folder() {
    let p = Project::new();
    let output = p.run(&["check", "--content", "nowhere"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "there is no content folder at nowhere\n  help: pass the folder with --content, or create a project with `auditpress init DIR`\nerror: 1 problem in nowhere\n"
    );
}

#[test]
fn no_input_makes_it_panic() {
    // A grab-bag of hostile files: none may crash the build.
    let p = Project::new();
    p.write("site.yaml", "- just\n- a list\n");
    p.write("pages/empty.md", "");
    p.write("pages/only-fence.md", "---");
    p.write("pages/binary.md", [0xff, 0xfe, 0x00, 0x01]);
    p.write("authorities/x/audits/y/audit.yaml", "title: 7\n");
    p.write(
        "authorities/UPPER case/authority.yaml",
        "name: x\nons_code: E09000001\nregion: r\ntype: county\n",
    );
    let problems = p.problems();
    assert!(problems.len() >= 5, "{problems:#?}");
}

#[test]
fn a_weaker_rule_for_the_public_must_be_accepted_in_so_many_words() {
    let p = Project::new();
    p.edit(
        "site.yaml",
        "audience: internal\n",
        "audience: public\naudiences:\n  public:\n    suppress_up_to: 0\n",
    );
    assert_eq!(
        p.problems(),
        [
            "site.yaml:7:21: the public audience's rule is weaker than the default: suppress_up_to: 0 (the default is 5)\n  help: a weaker rule can let a reader identify a child; if you must, add `accept_weaker_rule: true` beside it under `audiences: public:` in site.yaml"
        ]
    );
    p.edit(
        "site.yaml",
        "    suppress_up_to: 0\n",
        "    suppress_up_to: 0\n    accept_weaker_rule: true\n",
    );
    assert_eq!(p.problems(), Vec::<String>::new());
    let output = p.run(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "warning: the public audience's rule is weaker than the default: suppress_up_to: 0 (the default is 5); small numbers may be published\n --> content/site.yaml:7:21\n"
        ),
        "{}",
        stderr(&output)
    );
}

const BRIEFING: &str = "---\ntitle: Referrals\nmeeting: Scrutiny Committee\ndate: 2026-12-08\nauthor_role: Head of Quality Assurance\npurpose: information\nkey_messages:\n  - One.\n---\n\nText.\n";

#[test]
fn a_briefing_for_decision_must_say_what_is_asked_and_what_it_costs() {
    let p = Project::new();
    p.write(
        "briefings/referrals.md",
        BRIEFING.replace("purpose: information", "purpose: decision"),
    );
    assert_eq!(
        p.problems(),
        [
            "briefings/referrals.md:6:10: a briefing for decision does not say what it costs\n  help: add `implications:` with the financial and resource implications, even if they are none",
            "briefings/referrals.md:6:10: a briefing for decision has no recommendations\n  help: add `recommendations:` saying what Members are asked to decide, or make it `purpose: information`",
        ]
    );
}

#[test]
fn a_pack_names_briefings_that_exist() {
    let p = Project::new();
    p.write("briefings/referrals.md", BRIEFING);
    p.write(
        "briefings/pack.md",
        "---\ntitle: Pack\nmeeting: Scrutiny Committee\ndate: 2026-12-08\nauthor_role: Head of Quality Assurance\npurpose: information\npack: [referals]\n---\n",
    );
    assert_eq!(
        p.problems(),
        [
            "briefings/pack.md:7:8: there is no briefing `referals`\n  help: did you mean `referrals`?"
        ]
    );
}

#[test]
fn each_authority_is_named_only_in_a_briefing_written_for_each() {
    let p = Project::new();
    p.write(
        "briefings/referrals.md",
        BRIEFING.replace(
            "Text.",
            "{{ figure(audit=\"example-borough/referrals-2024\", by=\"need_group\", code=\"A\") }} {{ compare(name=\"x/y\", authority=\"{authority}\") }}",
        ),
    );
    let problems = p.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("briefings/referrals.md:11:"),
        "{problems:?}"
    );
    p.write(
        "briefings/referrals.md",
        BRIEFING.replace(
            "purpose: information",
            "purpose: information\nfor_each: authority",
        ),
    );
    assert_eq!(
        p.problems(),
        [
            "briefings/referrals.md:2:8: a briefing written for each authority must name the authority in its title\n  help: write `{authority}` in the title, such as `title: How {authority} compares with its statistical neighbours`"
        ]
    );
    p.write(
        "briefings/referrals.md",
        BRIEFING
            .replace("title: Referrals", "title: Referrals in {authority}")
            .replace(
                "purpose: information",
                "purpose: information\nfor_each: authority",
            )
            .replace("Text.", "About {authority}."),
    );
    assert_eq!(p.problems(), Vec::<String>::new());
    assert!(p.run(&["build"]).status.success());
    let page = std::fs::read_to_string(
        p.site()
            .join("briefings/referrals/example-borough/index.html"),
    )
    .unwrap();
    assert!(page.contains("<h1 class=\"heading-xl\">Referrals in Example Borough</h1>"));
    assert!(page.contains("<p>About Example Borough.</p>"));
}
