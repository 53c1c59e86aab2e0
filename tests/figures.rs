//! Figures quoted in prose and drawn in charts: they equal a count made independently from the
//! case files, and a typo in a directive is a build error with its file and line.

mod common;

use std::collections::BTreeMap;

use common::Project;

/// The arguments of every `{{ figure(...) }}` in a Markdown text, in order.
fn figure_directives(markdown: &str) -> Vec<BTreeMap<String, String>> {
    markdown
        .split("{{ figure(")
        .skip(1)
        .map(|rest| {
            let args = &rest[..rest.find(") }}").expect("a closed figure")];
            args.split(", ")
                .map(|pair| {
                    let (key, value) = pair.split_once('=').expect("key=value");
                    (
                        key.trim().to_string(),
                        value.trim().trim_matches('"').to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

/// The figures of a built page, in order, as their text.
fn page_figures(html: &str) -> Vec<String> {
    html.split("<span class=\"figure\"")
        .skip(1)
        .map(|rest| {
            let text = &rest[rest.find('>').unwrap() + 1..];
            text[..text.find('<').unwrap()].to_string()
        })
        .collect()
}

/// Counts children with `code` in column `by` of an audit's case file, the way an analyst would
/// in a spreadsheet.
fn count_by_hand(audit: &str, by: &str, code: &str) -> (usize, usize) {
    let (authority, slug) = audit.split_once('/').unwrap();
    let path = common::repo().join(format!(
        "content/authorities/{authority}/audits/{slug}/cases.csv"
    ));
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let matches = |row: &csv::StringRecord| match (by, code) {
        ("only_a_social_worker", "yes") => &row[column("services")] == "social-worker",
        ("placement", "childrens-home") => matches!(&row[column("placement")], "K1" | "K2"),
        _ => row[column(by)] == *code,
    };
    (rows.iter().filter(|r| matches(r)).count(), rows.len())
}

#[test]
fn every_figure_in_the_lessons_equals_a_count_by_hand() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    auditpress::build(
        &auditpress::BuildOptions::new(common::repo().join("content")),
        &site,
    )
    .unwrap();
    let mut checked = 0;
    for lessons in std::fs::read_dir(common::repo().join("content/lessons")).unwrap() {
        let path = lessons.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "index" {
            continue;
        }
        let markdown = std::fs::read_to_string(&path).unwrap();
        let directives = figure_directives(&markdown);
        assert!(
            directives.len() >= 3,
            "{name} quotes only {} figures",
            directives.len()
        );
        assert!(markdown.contains("{{ chart("), "{name} has no chart");
        let html =
            std::fs::read_to_string(site.join(format!("lessons/{name}/index.html"))).unwrap();
        let shown = page_figures(&html);
        assert_eq!(shown.len(), directives.len(), "{name}");
        for (args, text) in directives.iter().zip(&shown) {
            let (count, n) = count_by_hand(&args["audit"], &args["by"], &args["code"]);
            let percent = (count as f64 * 100.0 / n as f64).round();
            assert_eq!(text, &format!("{count} ({percent}%)"), "{name}: {args:?}");
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} figures checked");
}

#[test]
fn the_home_page_has_a_headline_chart_across_the_four_authorities() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    auditpress::build(
        &auditpress::BuildOptions::new(common::repo().join("content")),
        &site,
    )
    .unwrap();
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    let chart = &home[home
        .find("<figure class=\"chart\"")
        .expect("a chart on the home page")..];
    for authority in [
        "Barking and Dagenham",
        "Hampshire",
        "Newcastle upon Tyne",
        "Sutton",
    ] {
        assert!(
            chart.contains(&format!("({authority})")),
            "{authority} is not in the chart"
        );
    }
    // The chart's own numbers equal a count by hand.
    let (count, n) = count_by_hand(
        "sutton/children-in-need-2001",
        "parent_domestic_violence",
        "yes",
    );
    let percent = format!("{:.0}%", count as f64 * 100.0 / n as f64);
    assert!(
        chart.contains(&format!(">{percent}</text>")),
        "{percent} is not drawn"
    );
}

#[test]
fn a_figure_hidden_for_the_public_reads_c() {
    let p = Project::new();
    p.edit(
        "lessons/example-borough.md",
        "- Write what the audit found here.",
        "- Write what the audit found here: {{ figure(audit=\"example-borough/referrals-2024\", by=\"parent_learning_disability\", code=\"yes\") }}.",
    );
    let internal = p.run(&["build"]);
    assert!(internal.status.success(), "{}", common::stderr(&internal));
    let html =
        std::fs::read_to_string(p.site().join("lessons/example-borough/index.html")).unwrap();
    let shown = page_figures(&html);
    let count: u64 = shown[0].split(' ').next().unwrap().parse().unwrap();
    assert!(
        (1..=5).contains(&count),
        "the test needs a small count, not {}",
        shown[0]
    );

    let public = p.run(&["build", "--audience", "public"]);
    assert!(public.status.success());
    let html =
        std::fs::read_to_string(p.site().join("lessons/example-borough/index.html")).unwrap();
    assert_eq!(page_figures(&html), ["[c]"]);
    assert!(html.contains(
        "Not published: a small number, or one from which a small number could be worked out"
    ));
}

#[test]
fn typos_in_directives_name_file_line_and_fix() {
    let p = Project::new();
    p.edit(
        "lessons/example-borough.md",
        "- Write what the audit found here.",
        "- A {{ figure(audit=\"example-borough/referals-2024\", by=\"need_group\", code=\"A\") }}\n- B {{ figure(audit=\"example-borough/referrals-2024\", by=\"need_grup\", code=\"A\") }}\n- C {{ figure(audit=\"example-borough/referrals-2024\", by=\"need_group\", code=\"Q\") }}\n- D {{ figure(audit=\"example-borough/referrals-2024\", by=\"case_id\", code=\"A\") }}\n\n{{ chart(audit=\"example-borough/referrals-2024\", by=\"need_group\", kind=\"pie\", title=\"x\") }}\n\n{{ chart(audit=\"example-borough/referrals-2024\", by=\"need_group\", kind=\"bar\") }}\n\n{{ grafic(x=\"1\") }}",
    );
    assert_eq!(
        p.problems(),
        [
            "lessons/example-borough.md:21:21: there is no audit `example-borough/referals-2024`\n  help: did you mean `example-borough/referrals-2024`?",
            "lessons/example-borough.md:22:58: the audit `example-borough/referrals-2024` has no field `need_grup`\n  help: did you mean `need_group`?",
            "lessons/example-borough.md:23:77: `need_group` has no code `Q`\n  help: the codes of `need_group` are: A, B, C",
            "lessons/example-borough.md:24:58: `case_id` is never published\n  help: case ids and free text stay private; choose a category field",
            "lessons/example-borough.md:26:72: there is no chart kind `pie`\n  help: the kinds are: bar, stacked, dots, multiples, histogram, grouped, trend, ranked",
            "lessons/example-borough.md:28:1: `chart` needs `title`\n  help: add title=\"What the chart shows, as a finding\"",
            "lessons/example-borough.md:30:1: there is no directive `grafic`\n  help: the directives are: chart, table, figure, indicator, compare, callout",
        ]
    );
}
