//! A reader's attacks on the example's public build, made from the written files alone, with
//! a model of the tables written here and sharing no code with the library's suppression or
//! its verifier. The internal build of the same content gives the true counts, so each attack
//! can be scored.
//!
//! The reader knows every count is a whole number of at least 0, that the tables of an audit
//! count the same children (a need group's size is the same in every table, an age band's
//! too), and that the children with a placement are those who are looked after (so a group's
//! placements add up to its size less its "Not looked after" children).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use auditpress::BuildOptions;
use auditpress::model::Audience;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use serde_json::Value as Json;

const THRESHOLD: f64 = 5.0;

fn build(audience: Audience, into: &Path) -> PathBuf {
    let mut options = BuildOptions::new(common::repo().join("content"));
    options.audience = Some(audience);
    let site = into.join(audience.name());
    auditpress::build(&options, &site).unwrap_or_else(|e| panic!("{e}"));
    site
}

/// A count table as downloaded: each count cell's number, `None` where hidden.
struct Table {
    columns: Vec<String>,
    rows: Vec<TableRow>,
}

/// (label, is the total row, counts, code)
type TableRow = (String, bool, Vec<Option<f64>>, Option<String>);

fn tables(audit_dir: &Path) -> BTreeMap<String, Table> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(audit_dir.join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let json: Json = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let kinds: Vec<&str> = json["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["kind"].as_str().unwrap())
            .collect();
        let columns: Vec<String> = json["columns"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&kinds)
            .filter(|(_, k)| **k == "count")
            .map(|(c, _)| c["label"].as_str().unwrap().to_string())
            .collect();
        let rows = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let values = r["values"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .zip(&kinds)
                    .filter(|(_, k)| **k == "count")
                    .map(|(v, _)| v["number"].as_f64())
                    .collect();
                (
                    r["label"].as_str().unwrap().to_string(),
                    r["total"] == true,
                    values,
                    r["code"].as_str().map(String::from),
                )
            })
            .collect();
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        found.insert(id, Table { columns, rows });
    }
    found
}

/// The reader's linear model of one audit's tables: a variable per count cell, and the sums
/// and identities the reader knows.
struct Attack {
    /// (table, row, column) -> variable
    cells: BTreeMap<(String, usize, usize), usize>,
    values: Vec<Option<f64>>,
    equations: Vec<Vec<(usize, f64)>>,
    bound: f64,
}

impl Attack {
    /// `categories`: the project's taxonomy for this audit, category code -> need group codes
    /// (a reader can work it out from the group names, so the attack is given it).
    fn new(tables: &BTreeMap<String, Table>, categories: &BTreeMap<String, Vec<String>>) -> Attack {
        let mut attack = Attack {
            cells: BTreeMap::new(),
            values: Vec::new(),
            equations: Vec::new(),
            bound: 0.0,
        };
        for (id, table) in tables {
            for (r, (_, _, values, _)) in table.rows.iter().enumerate() {
                for (c, value) in values.iter().enumerate() {
                    attack.cells.insert((id.clone(), r, c), attack.values.len());
                    attack.values.push(*value);
                }
            }
        }
        let everyone = tables["need-groups"]
            .rows
            .iter()
            .find(|r| r.1)
            .and_then(|r| r.2[0])
            .expect("the sample size is shown");
        attack.bound = everyone;
        for (id, table) in tables {
            attack.sums(id, table);
        }
        attack.identities(tables);
        attack.unions(tables, categories);
        attack
    }

    /// A shared category's children are those of the need groups mapped onto it.
    fn unions(
        &mut self,
        tables: &BTreeMap<String, Table>,
        categories: &BTreeMap<String, Vec<String>>,
    ) {
        let (Some(shared), Some(groups)) =
            (tables.get("shared-categories"), tables.get("need-groups"))
        else {
            return;
        };
        for (r, row) in shared.rows.iter().enumerate() {
            let Some(members) = row.3.as_ref().and_then(|c| categories.get(c)) else {
                continue;
            };
            let mut e = vec![(self.var("shared-categories", r, 0), -1.0)];
            for member in members {
                if let Some(g) = groups
                    .rows
                    .iter()
                    .position(|g| g.3.as_deref() == Some(member))
                {
                    e.push((self.var("need-groups", g, 0), 1.0));
                }
            }
            self.equations.push(e);
        }
    }

    fn var(&self, table: &str, row: usize, column: usize) -> usize {
        self.cells[&(table.to_string(), row, column)]
    }

    /// Within a table: rows add up to their total column, columns to the total row.
    fn sums(&mut self, id: &str, table: &Table) {
        let total_column = table.columns.last().is_some_and(|c| c == "Total");
        // A child can have several services, so that table's rows do not add up.
        if total_column && id != "need-group-by-services" {
            let last = table.columns.len() - 1;
            for r in 0..table.rows.len() {
                let mut e: Vec<(usize, f64)> =
                    (0..last).map(|c| (self.var(id, r, c), 1.0)).collect();
                e.push((self.var(id, r, last), -1.0));
                self.equations.push(e);
            }
        }
        let Some(total_row) = table.rows.iter().position(|r| r.1) else {
            return;
        };
        // Shared categories need not cover every child: their sums are unions, modelled apart.
        if ["needs", "yes-no", "summary-statistics", "shared-categories"].contains(&id) {
            return;
        }
        for c in 0..table.columns.len() {
            let mut e: Vec<(usize, f64)> = (0..table.rows.len())
                .filter(|&r| r != total_row)
                .map(|r| (self.var(id, r, c), 1.0))
                .collect();
            e.push((self.var(id, total_row, c), -1.0));
            self.equations.push(e);
        }
    }

    fn same(&mut self, a: usize, b: usize) {
        self.equations.push(vec![(a, 1.0), (b, -1.0)]);
    }

    /// Across tables: a need group's size is the same everywhere; so is an age band's; and
    /// a group's placements are its size less its children who are not looked after.
    fn identities(&mut self, tables: &BTreeMap<String, Table>) {
        let groups = &tables["need-groups"];
        let size_of: BTreeMap<String, usize> = groups
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.1)
            .map(|(i, r)| (r.0.clone(), self.var("need-groups", i, 0)))
            .collect();
        for id in [
            "need-group-by-age",
            "need-group-by-legal-status",
            "matching-by-need-group",
            "need-group-by-services",
            "only-a-social-worker",
            "costs",
        ] {
            let Some(table) = tables.get(id) else {
                continue;
            };
            let column = if id == "costs" {
                0
            } else {
                table.columns.len() - 1
            };
            for (r, row) in table.rows.iter().enumerate() {
                if let Some(&size) = size_of.get(&row.0) {
                    let v = self.var(id, r, column);
                    self.same(v, size);
                }
            }
        }
        if let (Some(by_age), Some(age_sex)) =
            (tables.get("need-group-by-age"), tables.get("age-and-sex"))
        {
            let total_row = by_age.rows.iter().position(|r| r.1).unwrap();
            let last = age_sex.columns.len() - 1;
            for (c, band) in by_age.columns.iter().enumerate() {
                if let Some(r) = age_sex.rows.iter().position(|r| &r.0 == band) {
                    let (a, b) = (
                        self.var("need-group-by-age", total_row, c),
                        self.var("age-and-sex", r, last),
                    );
                    self.same(a, b);
                }
            }
        }
        let (Some(placements), Some(legal)) = (
            tables.get("need-group-by-placement"),
            tables.get("need-group-by-legal-status"),
        ) else {
            return;
        };
        let Some(not_looked_after) = legal.columns.iter().position(|c| c == "Not looked after")
        else {
            return;
        };
        let last = placements.columns.len() - 1;
        for (r, row) in placements.rows.iter().enumerate() {
            let legal_row = legal.rows.iter().position(|l| l.0 == row.0);
            let size = if row.1 {
                Some(self.var(
                    "need-groups",
                    groups.rows.iter().position(|g| g.1).unwrap(),
                    0,
                ))
            } else {
                size_of.get(&row.0).copied()
            };
            if let (Some(l), Some(size)) = (legal_row, size) {
                let placed = self.var("need-group-by-placement", r, last);
                let not = self.var("need-group-by-legal-status", l, not_looked_after);
                self.equations
                    .push(vec![(placed, 1.0), (not, 1.0), (size, -1.0)]);
            }
        }
    }

    /// The smallest and largest value of a variable the reader can find.
    fn range(&self, target: usize) -> (f64, f64) {
        let solve = |direction| {
            let mut problem = Problem::new(direction);
            let vars: Vec<_> = self
                .values
                .iter()
                .enumerate()
                .map(|(i, value)| {
                    let objective = if i == target { 1.0 } else { 0.0 };
                    match value {
                        Some(x) => problem.add_var(objective, (*x, *x)),
                        None => problem.add_var(objective, (0.0, self.bound)),
                    }
                })
                .collect();
            for e in &self.equations {
                let expr: Vec<_> = e.iter().map(|&(v, k)| (vars[v], k)).collect();
                problem.add_constraint(expr.as_slice(), ComparisonOp::Eq, 0.0);
            }
            problem
                .solve()
                .expect("the published tables are consistent")
                .into_solution()
                .expect("solved")
                .objective()
        };
        (
            solve(OptimizationDirection::Minimize),
            solve(OptimizationDirection::Maximize),
        )
    }
}

/// The example's taxonomy for the audit at `relative` (`authorities/A/audits/B`): category
/// code -> the audit's need group codes in it.
fn taxonomy(relative: &Path) -> BTreeMap<String, Vec<String>> {
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let id = format!("{}/{}", parts[1], parts[3]);
    let text = std::fs::read_to_string(common::repo().join("content/taxonomy.yaml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut categories: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(mapping) = yaml["audits"][id.as_str()].as_mapping() {
        for (group, category) in mapping {
            categories
                .entry(category.as_str().unwrap().to_string())
                .or_default()
                .push(group.as_str().unwrap().to_string());
        }
    }
    categories
}

fn audits(site: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for authority in std::fs::read_dir(site.join("authorities")).unwrap() {
        let audits = authority.unwrap().path().join("audits");
        if let Ok(entries) = std::fs::read_dir(audits) {
            found.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_dir()));
        }
    }
    found.sort();
    found
}

#[test]
fn linked_tables_give_no_hidden_count_away() {
    let temp = tempfile::tempdir().unwrap();
    let public = build(Audience::Public, temp.path());
    let internal = build(Audience::Internal, temp.path());
    let mut problems = Vec::new();
    let mut attacked = 0;
    for audit in audits(&public) {
        let relative = audit.strip_prefix(&public).unwrap();
        let shown = tables(&audit);
        let truth = tables(&internal.join(relative));
        let attack = Attack::new(&shown, &taxonomy(relative));
        for ((id, r, c), &v) in &attack.cells {
            if attack.values[v].is_some() {
                continue;
            }
            let value = truth[id].rows[*r].2[*c].expect("staff see every count");
            let (low, high) = attack.range(v);
            attacked += 1;
            let place = format!(
                "{}: {id} / {} / {}",
                relative.display(),
                shown[id].rows[*r].0,
                shown[id].columns[*c]
            );
            if value < low - 1e-6 || value > high + 1e-6 {
                problems.push(format!(
                    "{place}: the true {value} is outside {low} to {high}"
                ));
            } else if (1.0..=THRESHOLD).contains(&value) && high - low < THRESHOLD - 1e-6 {
                problems.push(format!("{place}: {value} narrowed to {low} to {high}"));
            } else if high - low < 1.0 - 1e-6 {
                problems.push(format!("{place}: {value} worked out exactly"));
            }
        }
    }
    assert!(attacked > 500, "only {attacked} hidden counts attacked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn hidden_totals_are_not_restated_in_words() {
    let temp = tempfile::tempdir().unwrap();
    let public = build(Audience::Public, temp.path());
    let internal = build(Audience::Internal, temp.path());
    let audit = "authorities/hampshire/audits/new-referrals-1998";
    let shown = tables(&public.join(audit));
    let truth = tables(&internal.join(audit));
    let placements = &shown["need-group-by-placement"];
    let total = placements.rows.iter().find(|r| r.1).unwrap();
    // The children with a placement are few: their number is hidden ...
    assert_eq!(total.2.last().unwrap(), &None);
    let hidden = truth["need-group-by-placement"]
        .rows
        .iter()
        .find(|r| r.1)
        .unwrap()
        .2
        .last()
        .unwrap()
        .unwrap() as u64;
    let sample = 240;
    // ... and no sentence on the page, its downloads or its charts gives it, directly or as
    // the rest of the sample.
    for (name, bytes) in common::tree(&public.join(audit)) {
        let text = String::from_utf8_lossy(&bytes);
        for phrase in [
            format!("{hidden} children with a placement"),
            format!("{hidden} child with a placement"),
            format!("; {hidden} children"),
            format!("{} children without a placement", sample - hidden),
            format!("{} without a placement", sample - hidden),
        ] {
            assert!(!text.contains(&phrase), "{name} says {phrase:?}");
        }
    }
}

#[test]
fn summaries_of_few_children_are_low_and_halves_round_up() {
    let temp = tempfile::tempdir().unwrap();
    let public = build(Audience::Public, temp.path());
    let internal = build(Audience::Internal, temp.path());
    let weeks = |site: &Path, audit: &str| -> Vec<String> {
        let path = site.join(audit).join("data/summary-statistics.json");
        let json: Json = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["label"] == "Weeks looked after")
            .unwrap()["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["text"].as_str().unwrap().to_string())
            .collect()
    };
    let referrals = "authorities/barking-and-dagenham/audits/referrals-2000";
    assert_eq!(weeks(&public, referrals), ["7", "[low]", "[low]", "[low]"]);
    assert_eq!(weeks(&internal, referrals)[0], "7");
    assert!(weeks(&internal, referrals)[1].parse::<f64>().is_ok());
    let disabled = "authorities/newcastle-upon-tyne/audits/children-with-disabilities-2000";
    assert_eq!(weeks(&public, disabled), ["6", "[low]", "[low]", "[low]"]);
    // 109.75 weeks is printed 109.8: halves round up, as shares do.
    let external = "authorities/gateshead/audits/tyne-and-wear-external-placements-2001";
    assert_eq!(weeks(&public, external)[2], "109.8");
    // The key explains [low] wherever it is used.
    let page = std::fs::read_to_string(public.join(referrals).join("index.html")).unwrap();
    assert!(page.contains("[low]"), "the page shows [low]");
    assert!(
        page.contains("too few children"),
        "the page's key explains [low]"
    );
}

#[test]
fn charts_across_audits_name_every_audit_they_draw_on() {
    let csv = std::fs::read_to_string(common::repo().join("site/data/chart-1.csv")).unwrap();
    let source = csv
        .lines()
        .find(|l| l.starts_with("Source,"))
        .expect("a source line");
    for audit in [
        "All referrals to social services, spring 2000 (Barking and Dagenham), 1 April to 30 June 2000",
        "New referrals to social services, autumn 1998 (Hampshire), 1 September to 30 November 1998",
    ] {
        assert!(source.contains(audit), "{source}");
    }
    assert!(!source.contains("()"), "{source}");
}
