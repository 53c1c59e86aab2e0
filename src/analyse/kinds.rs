//! Audits of one kind side by side: each audit's children in the categories of need it shares
//! with the others (from `taxonomy.yaml`), with intervals and sample sizes, and what the
//! intervals allow to be said. Built only from each audit's published table of shared
//! categories, so it shows nothing that table hides.

use super::Evidence;
use super::across::{Sample, share_columns};
use super::publish::{ColumnKind, PublishedTable, Row, TableKind, Value, percent};
use crate::model::AuditKind;

/// Every audit of one kind, put side by side.
#[derive(Debug, Clone)]
pub struct KindComparison {
    pub kind: AuditKind,
    /// The audits mapped onto the shared categories, in the project's order.
    pub audits: Vec<usize>,
    /// Audits of this kind with no mapping (or no usable data), listed so none is dropped
    /// silently.
    pub unmapped: Vec<usize>,
    /// A row per category, a share and an interval per audit.
    pub table: PublishedTable,
    /// Per category, what the intervals allow to be said.
    pub statements: Vec<String>,
}

/// Puts side by side the audits of `kind` that have a published table of shared categories.
/// `None` when fewer than two have.
pub fn compare(
    evidence: &Evidence,
    kind: AuditKind,
    of_kind: &[usize],
    samples: &[Sample],
    categories: &[(String, String)],
) -> Option<KindComparison> {
    let mut audits = Vec::new();
    let mut unmapped = Vec::new();
    for &a in of_kind {
        match evidence
            .audit(a)
            .and_then(|e| e.table(&TableKind::SharedCategories))
        {
            Some(_) => audits.push(a),
            None => unmapped.push(a),
        }
    }
    if audits.len() < 2 {
        return None;
    }
    let sample_of = |a: usize| samples.iter().find(|s| s.audit == a);
    let tables: Vec<(&Sample, &PublishedTable)> = audits
        .iter()
        .filter_map(|&a| {
            Some((
                sample_of(a)?,
                evidence.audit(a)?.table(&TableKind::SharedCategories)?,
            ))
        })
        .collect();
    let mut rows = Vec::new();
    let mut statements = Vec::new();
    for (code, label) in categories {
        if !tables.iter().any(|(_, t)| t.row(code).is_some()) {
            continue;
        }
        let mut values = Vec::new();
        let mut shown = Vec::new();
        for (sample, table) in &tables {
            let at = |kind: ColumnKind| {
                table
                    .row(code)
                    .zip(table.column_index(kind))
                    .and_then(|(r, j)| r.values.get(j).cloned())
                    // A category an audit has no need group in is not applicable to it.
                    .unwrap_or(Value::Missing)
            };
            let (share, interval) = (at(ColumnKind::Share), at(ColumnKind::Interval));
            if let (Value::Share(p), Value::Interval(low, high)) = (&share, &interval) {
                shown.push((sample.short.as_str(), *p, *low, *high));
            }
            values.push(share);
            values.push(interval);
        }
        statements.push(overlap_statement(label, &shown));
        rows.push(Row {
            label: label.clone(),
            code: Some(code.clone()),
            description: None,
            total: false,
            values,
        });
    }
    let columns = tables
        .iter()
        .flat_map(|(s, _)| share_columns(&s.short))
        .collect();
    let sizes: Vec<String> = tables
        .iter()
        .map(|(s, t)| format!("{} {}", s.short, t.population.text()))
        .collect();
    let table_kind = TableKind::AuditsOfKind(kind.name());
    let table = PublishedTable {
        id: table_kind.slug(),
        kind: table_kind,
        title: "Shared categories of need".into(),
        measure: "Children in each audit's sample, by the shared category of need their need group falls in".into(),
        row_header: "Category of need".into(),
        columns,
        rows,
        population: Value::Missing,
        notes: vec![
            format!("Children in each sample: {}.", sizes.join("; ")),
            "A share is missing where an audit had no need group in the category.".into(),
        ],
    };
    Some(KindComparison {
        kind,
        audits,
        unmapped,
        table,
        statements,
    })
}

/// What the shown shares of one category allow to be said: which pairs differ by more than
/// their intervals, and otherwise that the differences may be chance.
pub fn overlap_statement(category: &str, shown: &[(&str, f64, f64, f64)]) -> String {
    if shown.len() < 2 {
        return format!("{category}: too few audits show this share to compare them.");
    }
    let mut apart = Vec::new();
    for (i, a) in shown.iter().enumerate() {
        for b in &shown[i + 1..] {
            let (high, low) = if a.1 >= b.1 { (a, b) } else { (b, a) };
            if high.2 > low.3 {
                apart.push(format!(
                    "{} ({}) was higher than {} ({})",
                    high.0,
                    percent(high.1),
                    low.0,
                    percent(low.1)
                ));
            }
        }
    }
    if apart.is_empty() {
        format!(
            "{category}: the 95% intervals of all {} audits overlap, so the differences between them may be chance.",
            shown.len()
        )
    } else {
        format!(
            "{category}: {}; these intervals do not overlap. The other differences may be chance.",
            apart.join("; ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_differences_beyond_both_intervals_are_called() {
        let shown = [
            ("Sutton", 0.40, 0.31, 0.50),
            ("Gateshead", 0.12, 0.07, 0.20),
            ("Hampshire", 0.35, 0.25, 0.46),
        ];
        assert_eq!(
            overlap_statement("Domestic abuse", &shown),
            "Domestic abuse: Sutton (40%) was higher than Gateshead (12%); Hampshire (35%) was higher than Gateshead (12%); these intervals do not overlap. The other differences may be chance."
        );
        assert_eq!(
            overlap_statement("Low need", &shown[..1]),
            "Low need: too few audits show this share to compare them."
        );
        assert_eq!(
            overlap_statement("Neglect", &[("A", 0.2, 0.1, 0.3), ("B", 0.3, 0.25, 0.4)]),
            "Neglect: the 95% intervals of all 2 audits overlap, so the differences between them may be chance."
        );
    }
}
