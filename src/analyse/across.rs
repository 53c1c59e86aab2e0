//! Tables that put several audits side by side: one category's share in each audit's sample,
//! or several categories' shares. They are drawn only from each audit's published
//! distributions, so they show nothing an audit's own page hides.

use std::collections::BTreeMap;

use super::Evidence;
use super::publish::{Column, ColumnKind, PublishedTable, Row, TableKind, Value};

/// A comparison of audits that the narrative asks for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Comparison {
    pub audits: Vec<usize>,
    pub by: String,
    pub codes: Vec<String>,
    pub shape: Shape,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// One category's share in each audit, a row per audit.
    OneCategory,
    /// Several categories' shares, a row per category and a pair of columns per audit.
    Categories,
}

/// How an audit is named in a comparison.
#[derive(Debug, Clone)]
pub struct Sample {
    pub audit: usize,
    /// "New referrals, 1998 (Hampshire)".
    pub label: String,
    /// Shorter, for column headings: the authority, or the audit where an authority has several.
    pub short: String,
}

/// The comparison's table, or `None` if an audit has no data for it.
pub fn table(
    evidence: &Evidence,
    comparison: &Comparison,
    samples: &[Sample],
) -> Option<PublishedTable> {
    match comparison.shape {
        Shape::OneCategory => {
            one_category(evidence, samples, &comparison.by, comparison.codes.first()?)
        }
        Shape::Categories => categories(evidence, samples, &comparison.by, &comparison.codes),
    }
}

/// A sample's two columns in a side-by-side table: its share and the share's 95% interval.
pub(super) fn share_columns(short: &str) -> [Column; 2] {
    [
        Column {
            label: format!("{short}: share"),
            kind: ColumnKind::Share,
            code: None,
        },
        Column {
            label: format!("{short}: 95% interval"),
            kind: ColumnKind::Interval,
            code: None,
        },
    ]
}

fn distribution<'e>(evidence: &'e Evidence, audit: usize, by: &str) -> Option<&'e PublishedTable> {
    evidence.audit(audit)?.distributions.get(by)
}

fn one_category(
    evidence: &Evidence,
    samples: &[Sample],
    by: &str,
    code: &str,
) -> Option<PublishedTable> {
    let first = distribution(evidence, samples.first()?.audit, by)?;
    let mut rows = Vec::new();
    let mut label = String::new();
    for sample in samples {
        let table = distribution(evidence, sample.audit, by)?;
        let row = table.row(code)?;
        label.clone_from(&row.label);
        let mut values = row.values.clone();
        values.push(table.population.clone());
        rows.push(Row {
            label: sample.label.clone(),
            code: None,
            description: None,
            total: false,
            values,
        });
    }
    let measure = if code == "yes" {
        format!("Children with “{}” recorded", first.title.to_lowercase())
    } else {
        format!("Children in “{label}” ({})", first.title.to_lowercase())
    };
    let mut columns = first.columns.clone();
    columns.push(Column {
        label: "Children in the sample".into(),
        kind: ColumnKind::Count,
        code: None,
    });
    let kind = TableKind::ShareAcrossAudits(by.to_string(), code.to_string());
    Some(PublishedTable {
        id: kind.slug(),
        kind,
        title: measure.clone(),
        measure: format!("{measure}, in each audit's sample"),
        row_header: "Audit".into(),
        columns,
        rows,
        population: Value::Missing,
        notes: Vec::new(),
    })
}

fn categories(
    evidence: &Evidence,
    samples: &[Sample],
    by: &str,
    codes: &[String],
) -> Option<PublishedTable> {
    let tables: Vec<&PublishedTable> = samples
        .iter()
        .map(|s| distribution(evidence, s.audit, by))
        .collect::<Option<_>>()?;
    let first = tables.first()?;
    let mut rows = Vec::new();
    for code in codes {
        let label = tables
            .iter()
            .find_map(|t| t.row(code))
            .map_or_else(|| code.clone(), |r| r.label.clone());
        let mut values = Vec::new();
        for table in &tables {
            let row = table.row(code);
            // A category an audit's form did not have is "not applicable" there.
            let at = |kind: ColumnKind| {
                row.zip(table.column_index(kind))
                    .and_then(|(r, j)| r.values.get(j).cloned())
                    .unwrap_or(Value::Missing)
            };
            values.push(at(ColumnKind::Share));
            values.push(at(ColumnKind::Interval));
        }
        rows.push(Row {
            label,
            code: Some(code.clone()),
            description: None,
            total: false,
            values,
        });
    }
    let columns = samples
        .iter()
        .flat_map(|s| share_columns(&s.short))
        .collect();
    let sizes: Vec<String> = tables.iter().map(|t| t.population.text()).collect();
    let notes = vec![format!(
        "Children in each sample: {}.",
        samples
            .iter()
            .zip(&sizes)
            .map(|(s, n)| format!("{} {n}", s.short))
            .collect::<Vec<_>>()
            .join("; ")
    )];
    let kind = TableKind::AcrossAudits(by.to_string());
    Some(PublishedTable {
        id: kind.slug(),
        kind,
        title: first.title.clone(),
        measure: format!(
            "Children in each audit's sample, by {}",
            first.title.to_lowercase()
        ),
        row_header: first.row_header.clone(),
        columns,
        rows,
        population: Value::Missing,
        notes,
    })
}

/// Every comparison the narrative asks for, with its table.
pub type Comparisons = BTreeMap<Comparison, PublishedTable>;
