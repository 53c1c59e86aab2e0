//! Disclosure control, checked on what a build actually writes. The starter project (60
//! children in three need groups) has many small cells. For the public audience:
//! (a) no count from 1 to 5 appears in any table, page, chart, download or the search index, and no
//!     share reveals one;
//! (b) no hidden cell can be worked out from the published figures (each table's equations are
//!     solved exactly);
//! (c) no case id and no free text appears anywhere in the output.
//! The internal build of the same data does show small counts, so these checks can fail.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use auditpress::BuildOptions;
use auditpress::model::Audience;
use common::Project;
use serde_json::Value as Json;

const AUDIT_DIR: &str = "authorities/example-borough/audits/referrals-2024";

fn build(p: &Project, audience: Audience) -> PathBuf {
    let mut options = BuildOptions::new(p.content());
    options.audience = Some(audience);
    let site = p.root().join(format!("site-{audience}"));
    auditpress::build(&options, &site).unwrap_or_else(|e| panic!("{e}"));
    site
}

/// Every table download of the audit, by table id.
fn tables(site: &Path) -> BTreeMap<String, Json> {
    let mut tables = BTreeMap::new();
    for entry in std::fs::read_dir(site.join(AUDIT_DIR).join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            let json: Json = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            tables.insert(id, json);
        }
    }
    tables
}

fn kinds(table: &Json) -> Vec<String> {
    table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap().to_string())
        .collect()
}

fn rows(table: &Json) -> &Vec<Json> {
    table["rows"].as_array().unwrap()
}

/// The counts in a table, with where they are, skipping hidden ones.
fn counts(table: &Json) -> Vec<(String, usize, u64)> {
    let kinds = kinds(table);
    let mut found = Vec::new();
    for row in rows(table) {
        for (j, value) in row["values"].as_array().unwrap().iter().enumerate() {
            if kinds[j] == "count"
                && let Some(n) = value["number"].as_f64()
            {
                found.push((row["label"].as_str().unwrap().to_string(), j, n as u64));
            }
        }
    }
    found
}

#[test]
fn the_starter_data_has_small_counts_for_staff() {
    let p = Project::new();
    let site = build(&p, Audience::Internal);
    let small: usize = tables(&site)
        .values()
        .map(|t| {
            counts(t)
                .iter()
                .filter(|(_, _, n)| (1..=5).contains(n))
                .count()
        })
        .sum();
    assert!(
        small > 20,
        "the internal build shows only {small} small counts"
    );
}

#[test]
fn a_no_small_count_is_published_for_the_public() {
    let p = Project::new();
    let site = build(&p, Audience::Public);
    let tables = tables(&site);
    assert!(tables.len() >= 10, "{:?}", tables.keys());
    let mut problems = Vec::new();
    let mut hidden = 0;
    for (id, table) in &tables {
        for (row, column, n) in counts(table) {
            if (1..=5).contains(&n) {
                problems.push(format!("{id}: {row}, column {column}: {n}"));
            }
        }
        // A share of a known total reveals its count.
        let kinds = kinds(table);
        let total = rows(table)
            .iter()
            .find(|r| r["total"] == true)
            .and_then(|r| r["values"][0]["number"].as_f64());
        for row in rows(table) {
            for (j, value) in row["values"].as_array().unwrap().iter().enumerate() {
                hidden += usize::from(value["text"] == "[c]");
                if let (true, Some(share), Some(total)) =
                    (kinds[j] == "share", value["number"].as_f64(), total)
                {
                    let implied = (share / 100.0 * total).round() as u64;
                    if (1..=5).contains(&implied) {
                        problems.push(format!(
                            "{id}: {}: a share of {share}% of {total} reveals {implied}",
                            row["label"]
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(hidden > 20, "only {hidden} figures hidden");

    // The charts on the page draw no small count either: a count stands alone ("12"), or with
    // its share ("12 (20%)").
    let page = std::fs::read_to_string(site.join(AUDIT_DIR).join("index.html")).unwrap();
    let mut drawn = 0;
    for text in page.split("<text").skip(1) {
        let content = &text[text.find('>').unwrap() + 1..text.find("</text>").unwrap()];
        let count = content.split(" (").next().unwrap_or("");
        if let Ok(n) = count.parse::<u64>() {
            drawn += 1;
            assert!(!(1..=5).contains(&n), "a chart draws the count {content:?}");
        }
    }
    assert!(drawn > 10, "only {drawn} counts drawn in charts");

    // The page shows exactly the downloads' figures, and the CSV files too.
    let page = std::fs::read_to_string(site.join(AUDIT_DIR).join("index.html")).unwrap();
    for (id, table) in &tables {
        let section_start = page
            .find(&format!("aria-labelledby=\"{id}\""))
            .unwrap_or_else(|| panic!("no section {id}"));
        let section = &page[section_start..];
        let section = &section[..section.find("</section>").unwrap()];
        let cells: Vec<String> = section
            .split("<td class=\"numeric\">")
            .skip(1)
            .map(|c| {
                let text = &c[..c.find("</td>").unwrap()];
                if text.contains("[c]") {
                    "[c]".to_string()
                } else if text.contains("[low]") {
                    "[low]".to_string()
                } else {
                    text.to_string()
                }
            })
            .collect();
        let expected: Vec<String> = rows(table)
            .iter()
            .flat_map(|r| {
                r["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v["text"].as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(
            cells, expected,
            "the page's {id} table differs from its download"
        );
        // The CSV download holds the same figures: no small count in a count column.
        let csv =
            std::fs::read_to_string(site.join(AUDIT_DIR).join(format!("data/{id}.csv"))).unwrap();
        let table_part = &csv[..csv.find("\n\n").unwrap()];
        let kinds = kinds(table);
        let mut reader = csv::Reader::from_reader(table_part.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            for (j, cell) in record.iter().skip(1).enumerate() {
                if kinds[j] == "count"
                    && let Ok(n) = cell.parse::<u64>()
                {
                    assert!(!(1..=5).contains(&n), "{id}.csv: {record:?}");
                }
            }
        }
    }
}

/// A large prime: ranks of these small integer matrices are the same over the integers mod
/// `PRIME` as over the rationals. Working mod a prime keeps this check independent of the
/// fraction-free elimination that the library itself uses.
const PRIME: i128 = (1 << 61) - 1;

fn power_mod(mut base: i128, mut exponent: i128) -> i128 {
    let mut result = 1;
    base = base.rem_euclid(PRIME);
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * base % PRIME;
        }
        base = base * base % PRIME;
        exponent >>= 1;
    }
    result
}

/// The rank of an integer matrix, by Gauss-Jordan elimination mod `PRIME`.
fn rank(matrix: Vec<Vec<i128>>) -> usize {
    let mut m: Vec<Vec<i128>> = matrix
        .into_iter()
        .map(|row| row.into_iter().map(|x| x.rem_euclid(PRIME)).collect())
        .collect();
    let columns = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for c in 0..columns {
        let Some(p) = (rank..m.len()).find(|&r| m[r][c] != 0) else {
            continue;
        };
        m.swap(rank, p);
        let inverse = power_mod(m[rank][c], PRIME - 2);
        m[rank].iter_mut().for_each(|x| *x = *x * inverse % PRIME);
        let pivot = m[rank].clone();
        for (r, row) in m.iter_mut().enumerate() {
            let factor = row[c];
            if r != rank && factor != 0 {
                for (x, p) in row.iter_mut().zip(&pivot) {
                    *x = (*x - factor * p).rem_euclid(PRIME);
                }
            }
        }
        rank += 1;
    }
    rank
}

#[test]
fn rank_mod_a_prime_matches_known_ranks() {
    assert_eq!(rank(vec![vec![1, 1, 0], vec![0, 1, 1], vec![1, 2, 1]]), 2);
    assert_eq!(rank(vec![vec![1, -1], vec![1, 1]]), 2);
    assert_eq!(rank(vec![vec![0, 0]]), 0);
}

/// Hidden entries of a cross table that its row and column equations pin to one value.
fn pinned(table: &Json, rows_add_up: bool) -> Vec<String> {
    let grid: Vec<Vec<Option<i128>>> = rows(table)
        .iter()
        .map(|r| {
            r["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["number"].as_f64().map(|x| x as i128))
                .collect()
        })
        .collect();
    let (n_rows, n_columns) = (grid.len(), grid[0].len());
    let unknowns: Vec<(usize, usize)> = (0..n_rows)
        .flat_map(|i| (0..n_columns).map(move |j| (i, j)))
        .filter(|&(i, j)| grid[i][j].is_none())
        .collect();
    if unknowns.is_empty() {
        return Vec::new();
    }
    let index = |cell: (usize, usize)| unknowns.iter().position(|&u| u == cell);
    // Rows: cells before the last column sum to the last; columns: rows before the last sum to it.
    let mut equations: Vec<Vec<(usize, usize, i128)>> = Vec::new();
    if rows_add_up {
        for i in 0..n_rows {
            let mut e: Vec<(usize, usize, i128)> = (0..n_columns - 1).map(|j| (i, j, 1)).collect();
            e.push((i, n_columns - 1, -1));
            equations.push(e);
        }
    }
    for j in 0..n_columns {
        let mut e: Vec<(usize, usize, i128)> = (0..n_rows - 1).map(|i| (i, j, 1)).collect();
        e.push((n_rows - 1, j, -1));
        equations.push(e);
    }
    let matrix: Vec<Vec<i128>> = equations
        .iter()
        .map(|e| {
            let mut row = vec![0i128; unknowns.len()];
            for &(i, j, coefficient) in e {
                if let Some(u) = index((i, j)) {
                    row[u] += coefficient;
                }
            }
            row
        })
        .collect();
    let base = rank(matrix.clone());
    unknowns
        .iter()
        .enumerate()
        .filter(|&(u, _)| {
            let mut with = matrix.clone();
            let mut unit = vec![0i128; unknowns.len()];
            unit[u] = 1;
            with.push(unit);
            rank(with) == base
        })
        .map(|(_, &(i, j))| format!("row {}, column {}", rows(table)[i]["label"], j))
        .collect()
}

#[test]
fn b_no_hidden_cell_can_be_worked_out_from_the_published_totals() {
    let p = Project::new();
    let site = build(&p, Audience::Public);
    let tables = tables(&site);
    let mut problems = Vec::new();
    let mut checked = 0;
    for (id, table) in &tables {
        let columns = table["columns"].as_array().unwrap();
        let has_total_column = columns.last().is_some_and(|c| c["label"] == "Total");
        if has_total_column {
            // Services: a child counts once per service, so rows do not add up.
            let rows_add_up = id != "need-group-by-services";
            for cell in pinned(table, rows_add_up) {
                problems.push(format!("{id}: {cell} can be worked out"));
            }
            checked += 1;
        }
    }
    // One-way: the need groups' counts add up to all children.
    let groups = &tables["need-groups"];
    let grid: Vec<Option<f64>> = rows(groups)
        .iter()
        .map(|r| r["values"][0]["number"].as_f64())
        .collect();
    let hidden = grid.iter().filter(|v| v.is_none()).count();
    assert!(
        hidden != 1,
        "a single hidden need group is the total less the others"
    );

    // A need group's size is the same wherever it appears: hidden in one table, hidden in all.
    let sizes: BTreeMap<String, Option<f64>> = rows(groups)
        .iter()
        .filter(|r| r["total"] == false)
        .map(|r| {
            (
                r["label"].as_str().unwrap().to_string(),
                r["values"][0]["number"].as_f64(),
            )
        })
        .collect();
    for id in [
        "need-group-by-age",
        "need-group-by-legal-status",
        "matching-by-need-group",
        "need-group-by-services",
        "only-a-social-worker",
    ] {
        let Some(table) = tables.get(id) else {
            continue;
        };
        for row in rows(table).iter().filter(|r| r["total"] == false) {
            let label = row["label"].as_str().unwrap();
            let total = row["values"].as_array().unwrap().last().unwrap()["number"].as_f64();
            assert_eq!(
                total, sizes[label],
                "{id}: the size of {label} differs from the need groups table"
            );
        }
    }
    assert!(checked >= 6, "only {checked} cross tables checked");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn c_no_case_id_or_free_text_reaches_any_output() {
    let p = Project::new();
    let cases = p.read(&format!("{AUDIT_DIR}/cases.csv"));
    let mut reader = csv::Reader::from_reader(cases.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let id_column = headers.iter().position(|h| h == "case_id").unwrap();
    let summary_column = headers.iter().position(|h| h == "summary").unwrap();
    let mut secrets = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        secrets.push(record[id_column].to_string());
        secrets.push(record[summary_column].to_string());
    }
    assert_eq!(secrets.len(), 120);
    for audience in Audience::ALL {
        let site = build(&p, audience);
        for (name, bytes) in common::tree(&site) {
            let text = String::from_utf8_lossy(&bytes);
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{audience} build: {name} contains {secret:?}"
                );
            }
            assert!(
                !text.contains("EB-REF-"),
                "{audience} build: {name} contains a case id"
            );
        }
    }
}

#[test]
fn pages_restricted_to_an_audience_leave_the_other_builds_with_every_link_to_them() {
    let p = Project::new();
    p.write(
        "pages/members-briefing.md",
        "---\ntitle: Briefing for Members\naudiences: [members]\n---\n\nThe recommendations.\n",
    );
    p.edit(
        "pages/about.md",
        "from the files",
        "from [the briefing](@/pages/members-briefing.md) and the files",
    );
    let members = build(&p, Audience::Members);
    assert!(members.join("pages/members-briefing/index.html").is_file());
    let about = std::fs::read_to_string(members.join("pages/about/index.html")).unwrap();
    assert!(
        about.contains("href=\"../members-briefing/index.html\">the briefing</a>"),
        "{about}"
    );

    let public = build(&p, Audience::Public);
    assert!(!public.join("pages/members-briefing").exists());
    let about = std::fs::read_to_string(public.join("pages/about/index.html")).unwrap();
    assert!(about.contains("from the briefing and the files"), "{about}");
    for (name, bytes) in common::tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("members-briefing"),
            "{name} still links to the Members' page"
        );
        assert!(
            !text.contains("Briefing for Members"),
            "{name} still names the Members' page"
        );
    }
}

#[test]
fn check_lists_what_is_suppressed_and_why() {
    let p = Project::new();
    let output = p.run(&["check", "--audience", "public"]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let text = common::stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "content is fine: 14 pages, 9 charts, 26 downloads and 0 PDFs would be built for the public audience, with no warnings."
    );
    assert!(
        lines[1].starts_with("For the public audience, "),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(" figures are suppressed: counts from 1 to 5, and figures from which they could be worked out or narrowed to fewer than 6 values."), "{}", lines[1]);
    assert_eq!(
        lines[2],
        "New referrals, spring 2024 (example-borough/referrals-2024):"
    );
    assert!(
        lines.contains(
            &"  Age (years): Under 1 / Children: a small number, could be anything from 0 to 14"
        ),
        "{text}"
    );
    // Every hidden figure is listed with a range at least 6 values wide for a small number,
    // and more than one value for the others.
    let mut listed = 0;
    for line in lines.iter().filter(|l| l.starts_with("  ")) {
        let (reason, range) = line.rsplit_once(", could be anything from ").expect(line);
        let (low, high) = range.split_once(" to ").expect(line);
        let (low, high): (u64, u64) = (low.parse().unwrap(), high.parse().unwrap());
        if reason.ends_with(": a small number") {
            assert!(high - low >= 5, "{line}");
        } else {
            assert!(
                reason
                    .ends_with(": hidden so that a small number cannot be worked out or narrowed"),
                "{line}"
            );
            assert!(high > low, "{line}");
        }
        listed += 1;
    }
    assert!(listed > 50, "{listed}");
    let internal = p.run(&["check"]);
    assert!(
        common::stdout(&internal).ends_with("Nothing is suppressed for the internal audience.\n")
    );
}

/// The search index, as (page, text) pairs.
fn search_index(site: &Path) -> Vec<(String, String)> {
    let script = std::fs::read_to_string(site.join("search-index.js")).unwrap();
    let json = script
        .strip_prefix("window.AUDITPRESS_SEARCH_INDEX = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap();
    let entries: Vec<Json> = serde_json::from_str(json).unwrap();
    entries
        .iter()
        .map(|e| {
            (
                e["p"].as_str().unwrap().into(),
                e["x"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// Counts as the site writes them in prose and tables: a number followed by its share, "5 (8%)".
fn small_counts_with_shares(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').collect();
    words
        .windows(2)
        .filter(|w| {
            w[0].parse::<u64>().is_ok_and(|n| (1..=5).contains(&n))
                && w[1].starts_with('(')
                && w[1].contains('%')
        })
        .map(|w| w.join(" "))
        .collect()
}

#[test]
fn a_no_small_count_reaches_the_public_search_index() {
    let p = Project::new();
    // 5 of the 60 children have a parent with a learning disability.
    p.edit(
        "lessons/example-borough.md",
        "- Write what the audit found here.",
        "- A parent had a learning disability for {{ figure(audit=\"example-borough/referrals-2024\", \
         by=\"parent_learning_disability\", code=\"yes\") }} of the children.",
    );
    let internal = search_index(&build(&p, Audience::Internal));
    let lessons = |index: &[(String, String)]| {
        index
            .iter()
            .find(|(page, _)| page == "lessons/example-borough/index.html")
            .map(|(_, text)| text.clone())
            .unwrap()
    };
    assert!(
        lessons(&internal).contains("A parent had a learning disability for 5 (8%)"),
        "{}",
        lessons(&internal)
    );
    assert_eq!(small_counts_with_shares(&lessons(&internal)), ["5 (8%)"]);

    let public = search_index(&build(&p, Audience::Public));
    assert!(
        lessons(&public).contains("A parent had a learning disability for [c]"),
        "{}",
        lessons(&public)
    );
    for (page, text) in &public {
        assert_eq!(
            small_counts_with_shares(text),
            Vec::<String>::new(),
            "{page}"
        );
    }
}
