//! Hostile and careless input: whatever arrives, auditpress does not crash, deletes nothing it
//! did not make, finishes in bounded time and memory, and publishes nothing unsafe. Each test
//! is one way a case file, a content folder or an output folder can go wrong, with the exact
//! message the user sees.

mod common;

use std::fs;
use std::io::Write;
use std::time::{Duration, Instant};

use common::{Project, stderr};

const AUDIT: &str = "authorities/example-borough/audits/referrals-2024";

/// Runs `f`, failing if it takes longer than `limit`: a guard against slow-downs coming back
/// (the benchmarks measure speed itself).
fn within<T>(limit: Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    assert!(
        started.elapsed() < limit,
        "took {:?}, more than {limit:?}",
        started.elapsed()
    );
    result
}

/// The starter audit's case file as a workbook, with `edit` applied to the sheet first.
fn workbook(edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let p = Project::new();
    let text = p.read(&format!("{AUDIT}/cases.csv"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.unwrap().iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    edit(sheet);
    book.save_to_buffer().unwrap()
}

/// Rewrites one part of a workbook (a zip archive), leaving the others as they were.
fn with_part(bytes: &[u8], name: &str, write: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut write = Some(write);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let part_name = part.name().unwrap().to_string();
        out.start_file(&part_name, options).unwrap();
        if part_name == name {
            (write.take().unwrap())(&mut out);
        } else {
            std::io::copy(&mut part, &mut out).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

fn use_workbook(p: &Project, bytes: &[u8]) {
    p.write(&format!("{AUDIT}/cases.xlsx"), bytes);
    p.remove(&format!("{AUDIT}/cases.csv"));
    p.edit(
        &format!("{AUDIT}/audit.yaml"),
        "cases: cases.csv",
        "cases: cases.xlsx",
    );
}

#[test]
fn a_stray_cell_in_the_last_column_and_row_is_an_error_not_a_crash() {
    let p = Project::new();
    use_workbook(
        &p,
        &workbook(|sheet| {
            sheet.write_string(1_048_575, 16_383, "x").unwrap();
        }),
    );
    let problems = within(Duration::from_secs(20), || p.problems());
    assert_eq!(
        problems,
        [format!(
            "{AUDIT}/cases.xlsx:1048576:16384: sheet \"Sheet1\" has a value in cell XFD1048576, beyond the 200000 rows and 500 columns auditpress reads\n  help: clear the stray cell, or keep only the case records on the sheet"
        )]
    );
}

#[test]
fn a_workbook_that_claims_billions_of_strings_is_refused() {
    for claim in [
        "100000000000",
        "18446744073709551615",
        "99999999999999999999999",
    ] {
        let p = Project::new();
        let bytes = with_part(&workbook(|_| {}), "xl/sharedStrings.xml", |out| {
            write!(
                out,
                "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"{claim}\"><si><t>x</t></si></sst>"
            )
            .unwrap();
        });
        use_workbook(&p, &bytes);
        let problems = within(Duration::from_secs(20), || p.problems());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with(&format!("{AUDIT}/cases.xlsx: this Excel file declares "))
                && problems[0].contains("strings, more than the 5000000 auditpress reads"),
            "{}",
            problems[0]
        );
    }
}

#[test]
fn a_workbook_that_unpacks_to_gigabytes_is_refused_without_unpacking_it() {
    let p = Project::new();
    // A few megabytes that unpack to 600 MB of cells.
    let bytes = with_part(&workbook(|_| {}), "xl/worksheets/sheet1.xml", |out| {
        let row = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>".repeat(1000);
        out.write_all(b"<worksheet><sheetData>").unwrap();
        for _ in 0..(600 * 1024 * 1024 / row.len()) {
            out.write_all(row.as_bytes()).unwrap();
        }
        out.write_all(b"</sheetData></worksheet>").unwrap();
    });
    assert!(bytes.len() < 16 * 1024 * 1024, "{}", bytes.len());
    use_workbook(&p, &bytes);
    let problems = within(Duration::from_secs(60), || p.problems());
    assert_eq!(
        problems,
        [format!(
            "{AUDIT}/cases.xlsx: this Excel file unpacks to more than 512 MB, the most auditpress reads\n  help: keep only the case records in the workbook, or save them as CSV"
        )]
    );
}

#[test]
fn case_files_over_the_limits_are_refused_with_the_limit() {
    let p = Project::new();
    let header = (0..600)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    p.write(&format!("{AUDIT}/cases.csv"), format!("{header}\n"));
    assert_eq!(
        within(Duration::from_secs(10), || p.problems()),
        [format!(
            "{AUDIT}/cases.csv:1: the header row has 600 columns, more than the 500 auditpress reads\n  help: keep only the audit form's columns in the case file"
        )]
    );
    let p = Project::new();
    let text = p.read(&format!("{AUDIT}/cases.csv"));
    let long = "y".repeat(50_000);
    p.write(
        &format!("{AUDIT}/cases.csv"),
        text.replacen("Illustrative record", &long, 1),
    );
    let problems = p.problems();
    assert_eq!(
        problems,
        [format!(
            "{AUDIT}/cases.csv:2:29: row 2, column 29 holds more than 10000 characters\n  help: shorten it: case summaries are for the panel, a paragraph or two"
        )]
    );
}

#[test]
fn a_case_file_whose_every_cell_is_wrong_reports_a_bounded_list_quickly() {
    let p = Project::new();
    let text = p.read(&format!("{AUDIT}/cases.csv"));
    let mut lines = text.lines();
    let header = lines.next().unwrap().to_string();
    let columns = header.split(',').count();
    let bad_row = vec!["\u{1b}[31mnonsense"; columns].join(",");
    let mut big = header + "\n";
    // About 5 MB of wrong cells.
    for _ in 0..8_000 {
        big.push_str(&bad_row);
        big.push('\n');
    }
    p.write(&format!("{AUDIT}/cases.csv"), &big);
    let output = within(Duration::from_secs(30), || p.run(&["check"]));
    let text = stderr(&output);
    // Each problem shows its line (cut at the terminal's width): still a bounded list.
    assert!(text.len() < 40_000, "{} bytes of messages", text.len());
    // The escape sequence is shown, never sent to the terminal.
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("\\u{1b}[31mnonsense"), "{text}");
    assert!(
        text.contains(&format!("content/{AUDIT}/cases.csv: and ")),
        "{text}"
    );
    assert!(text.contains(" more problems in this file"), "{text}");
}

#[test]
fn building_into_a_folder_around_the_content_is_refused_and_deletes_nothing() {
    let p = Project::new();
    let site = p.root().join("site");
    let built = p.run(&["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    // The content folder moved into the earlier output.
    fs::rename(p.content(), site.join("content")).unwrap();
    let output = p.run(&["build", "--content", "site/content", "--output", "site"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: the content folder site/content is inside the output folder site, which each build replaces in full\n  help: move the content folder out of the output folder, or write the site somewhere else with --output\nNothing was written: site is as it was before this build.\n"
    );
    assert!(site.join(format!("content/{AUDIT}/cases.csv")).is_file());
    // `check` finds it too.
    let output = p.run(&["check", "--content", "site/content", "--output", "site"]);
    assert_eq!(output.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn an_output_link_is_refused_unless_it_leads_to_an_earlier_site() {
    let p = Project::new();
    let documents = p.root().join("documents");
    fs::create_dir(&documents).unwrap();
    fs::write(documents.join("budget.xlsx"), "precious").unwrap();
    std::os::unix::fs::symlink(&documents, p.root().join("site")).unwrap();
    let output = p.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error: the output folder site is a link to "),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fs::read_to_string(documents.join("budget.xlsx")).unwrap(),
        "precious"
    );
    // A link to an earlier site is followed: the site is replaced where it is, the link kept.
    fs::remove_file(p.root().join("site")).unwrap();
    let earlier = p.root().join("earlier");
    assert!(p.run(&["build", "--output", "earlier"]).status.success());
    std::os::unix::fs::symlink(&earlier, p.root().join("site")).unwrap();
    let output = p.run(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        fs::symlink_metadata(p.root().join("site"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(earlier.join("index.html").is_file());
}

#[cfg(unix)]
#[test]
fn links_that_lead_out_of_the_content_folder_are_refused() {
    let p = Project::new();
    let outside = p.root().join("elsewhere");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("secret.csv"), "case_id\nX-1\n").unwrap();
    fs::create_dir_all(p.content().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.join("secret.csv"),
        p.content().join("static/data.csv"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, p.content().join("pages-elsewhere")).unwrap();
    let problems = p.problems();
    let elsewhere = fs::canonicalize(&outside).unwrap();
    assert_eq!(
        problems,
        [
            format!(
                "pages-elsewhere: this is a link to {}, outside the content folder\n  help: auditpress reads only what is inside the content folder: copy the file in instead of linking to it",
                elsewhere.display()
            ),
            format!(
                "static/data.csv: this is a link to {}, outside the content folder\n  help: auditpress reads only what is inside the content folder: copy the file in instead of linking to it",
                elsewhere.join("secret.csv").display()
            ),
        ]
    );
}

#[test]
fn a_case_file_dropped_into_static_is_refused() {
    let p = Project::new();
    let cases = p.read(&format!("{AUDIT}/cases.csv"));
    p.write("static/backup/cases.csv", cases);
    assert_eq!(
        p.problems(),
        [
            "static/backup/cases.csv: this file holds case ids of the audit `example-borough/referrals-2024` (60 of them), and static files are published as they are\n  help: take it out of static/: case records never leave the authority, only the tables made from them"
        ]
    );
}

#[test]
fn names_that_cannot_go_onto_a_windows_share_are_found_by_check() {
    let p = Project::new();
    let long_tag = "a".repeat(299);
    p.edit(
        "lessons/example-borough.md",
        "tags: [referrals]",
        &format!("tags: [con, {long_tag}]"),
    );
    p.write("pages/nul.md", "---\ntitle: Devices\n---\n\nText.\n");
    let problems = p.problems();
    assert_eq!(
        problems,
        [
            "lessons/example-borough.md:8:8: the tag `con` cannot name its page: `con` is a name Windows keeps for a device\n  help: use a shorter tag, in words, such as `domestic violence`".to_string(),
            format!(
                "lessons/example-borough.md:8:13: the tag `{}…` cannot name its page: it is 299 bytes long, more than the 100 a name may have\n  help: use a shorter tag, in words, such as `domestic violence`",
                "a".repeat(60)
            ),
            "pages/nul.md: the built site would hold `pages/nul/index.html`, which cannot be copied to a Windows share or SharePoint: `nul`: `nul` is a name Windows keeps for a device\n  help: rename the file or folder it comes from (or shorten the tag or title that names it)".to_string(),
        ]
    );
}

#[test]
fn pathological_pages_take_linear_time() {
    let p = Project::new();
    let tags: Vec<String> = (0..10_000).map(|i| format!("t{i}")).collect();
    p.write(
        "pages/tags.md",
        format!(
            "---\ntitle: Tags\ntags: [{}]\n---\n\nText.\n",
            tags.join(", ")
        ),
    );
    let headings = "## Same\n\n".repeat(20_000);
    p.write(
        "pages/headings.md",
        format!("---\ntitle: Headings\n---\n\n{headings}"),
    );
    let links = "[x](@/lessons/example-borough.md) ".repeat(20_000);
    p.write(
        "pages/links.md",
        format!("---\ntitle: Links\n---\n\n{links}\n"),
    );
    let arguments = (0..100_000)
        .map(|i| format!("x{i}=1"))
        .collect::<Vec<_>>()
        .join(", ");
    p.write(
        "pages/directive.md",
        format!("---\ntitle: Directive\n---\n\n{{{{ figure({arguments}) }}}}\n"),
    );
    let problems = within(Duration::from_secs(60), || p.problems());
    assert_eq!(
        problems,
        [
            "pages/directive.md:5:225: `figure` has more than 32 arguments\n  help: a directive takes a few arguments: check for a missing `)`",
            "pages/tags.md:3:6: the page has 10000 tags, more than the 200 a page may have\n  help: keep the tags that readers would look for: a few words each",
        ]
    );
}

#[test]
fn control_characters_never_reach_a_page() {
    let p = Project::new();
    p.edit(
        "site.yaml",
        "description: What our audits of children's case files found, and what we are doing about it.",
        "description: \"Bell \\a and escape \\e[2J\"",
    );
    assert_eq!(
        p.problems(),
        [
            "site.yaml:3:14: this value holds a control character (\\u{7}), which no page can show\n  help: remove it: it is usually left over from copying text out of another program"
        ]
    );
}

#[test]
fn an_unknown_schema_is_reported_once() {
    let p = Project::new();
    let audit = p.read(&format!("{AUDIT}/audit.yaml"));
    let cases = p.read(&format!("{AUDIT}/cases.csv"));
    let second = "authorities/example-borough/audits/referrals-2025";
    p.write(&format!("{second}/audit.yaml"), &audit);
    p.write(&format!("{second}/cases.csv"), &cases);
    for dir in [AUDIT, second] {
        p.edit(
            &format!("{dir}/audit.yaml"),
            "schema: mns",
            "schema: mns-2002",
        );
    }
    let problems = p.problems();
    assert_eq!(
        problems,
        [format!(
            "{AUDIT}/audit.yaml:10:9: there is no schema `mns-2002`\n  help: the schemas in this project are: mns; 1 other audit names it too"
        )]
    );
}

#[test]
fn the_link_checker_refuses_unsafe_schemes_and_names_folders_right() {
    use auditpress::render::OutputFile;
    let page = |path: &str, html: &str| OutputFile {
        path: path.into(),
        bytes: html.as_bytes().to_vec(),
    };
    let files = [
        page(
            "index.html",
            "<a href=\"javascript:alert(1)\">a</a><a href=\"a/\">b</a><a href=\"nowhere\">c</a>",
        ),
        page("a/index.html", "<p>x</p>"),
    ];
    let broken: Vec<(String, String)> = auditpress::render::links::check(&files, None)
        .into_iter()
        .map(|b| (b.link, b.reason))
        .collect();
    assert_eq!(
        broken,
        [
            (
                "a/".to_string(),
                "a/ is a folder: link to its index.html, as a folder does not open its index from a shared drive".to_string()
            ),
            (
                "javascript:alert(1)".to_string(),
                "it uses `javascript:`, which no page may link to".to_string()
            ),
            ("nowhere".to_string(), "there is no nowhere".to_string()),
        ]
    );
}

#[test]
fn two_builds_into_one_folder_take_turns() {
    let p = Project::new();
    let first = p.run(&["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_auditpress"))
            .arg("build")
            .current_dir(p.root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let runs: Vec<_> = (0..4).map(|_| spawn()).collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        let text = stderr(&output);
        assert!(
            output.status.success() || text.starts_with("error: another build is writing to site"),
            "{text}"
        );
    }
    // Whatever the order, one whole site is in place and nothing is left beside it.
    assert!(p.root().join("site/index.html").is_file());
    let mut names: Vec<String> = fs::read_dir(p.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["README.md", "content", "site"]);
}
