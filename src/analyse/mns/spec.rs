//! Tables as the analysis builds them: every count is a figure of the audit's register, and
//! every other value (a share, an interval, a median, an amount) names the figures it depends
//! on. Only once disclosure control has decided each figure's status is a table turned into
//! what an audience may see, so no value can show what its figures hide.

use super::super::disclosure::Rule;
use super::super::publish::{Column, PublishedTable, Row, TableKind, Value};
use super::super::register::{AmountLine, FigureId, Register};
use super::super::stats;

/// A value of a table, before disclosure control.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Count(FigureId),
    /// `count` as a share of `of`.
    Share {
        count: FigureId,
        of: FigureId,
    },
    /// The 95% interval of that share.
    Interval {
        count: FigureId,
        of: FigureId,
    },
    /// A median, quartile, mean or amount of `values` children's values. Hidden with the count
    /// `with` (the children of its row), and shown as `[low]` when `values` is too few.
    Summary {
        value: Option<f64>,
        money: bool,
        with: FigureId,
        values: u64,
    },
    /// A value that reveals nothing about any child (100% of everyone, or not applicable).
    Fixed(Value),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowSpec {
    pub label: String,
    pub code: Option<String>,
    pub description: Option<String>,
    pub total: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    pub kind: TableKind,
    pub title: String,
    pub measure: String,
    pub row_header: String,
    pub columns: Vec<Column>,
    pub rows: Vec<RowSpec>,
    /// The children the table is about.
    pub population: FigureId,
    pub notes: Vec<String>,
    /// Columns of amounts whose rows add up to the total row (weekly costs, say): a hidden
    /// amount must not be the total less the others.
    pub amount_columns: Vec<usize>,
}

/// Turns a table into what the audience may see, given the register's statuses.
pub fn publish(spec: &TableSpec, register: &Register, rule: Rule) -> PublishedTable {
    let shown = |f: FigureId| (!register.status(f).hidden()).then(|| register.get(f).count);
    let value = |cell: &Cell| match *cell {
        Cell::Count(f) => shown(f).map_or(Value::Suppressed, Value::Count),
        Cell::Share { count, of } => match (shown(count), shown(of)) {
            (Some(c), Some(n)) if n > 0 => Value::Share(c as f64 / n as f64),
            (Some(_), Some(_)) => Value::Missing,
            _ => Value::Suppressed,
        },
        Cell::Interval { count, of } => match (shown(count), shown(of)) {
            (Some(c), Some(n)) => stats::wilson(c, n, stats::Z95)
                .map_or(Value::Missing, |(low, high)| Value::Interval(low, high)),
            _ => Value::Suppressed,
        },
        Cell::Summary {
            value,
            money,
            with,
            values,
        } => match (shown(with), value) {
            (None, _) => Value::Suppressed,
            (Some(_), _) if values > 0 && !rule.summary_allowed(values) => Value::Low,
            (Some(_), None) => Value::Missing,
            (Some(_), Some(x)) if money => Value::Money(x),
            (Some(_), Some(x)) => Value::Number(x),
        },
        Cell::Fixed(ref v) => v.clone(),
    };
    let mut rows: Vec<Row> = spec
        .rows
        .iter()
        .map(|r| Row {
            label: r.label.clone(),
            code: r.code.clone(),
            description: r.description.clone(),
            total: r.total,
            values: r.cells.iter().map(value).collect(),
        })
        .collect();
    protect_amounts(spec, &mut rows);
    PublishedTable {
        kind: spec.kind.clone(),
        id: spec.kind.slug(),
        title: spec.title.clone(),
        measure: spec.measure.clone(),
        row_header: spec.row_header.clone(),
        columns: spec.columns.clone(),
        rows,
        population: shown(spec.population).map_or(Value::Suppressed, Value::Count),
        notes: spec.notes.clone(),
    }
}

/// In a column of amounts that add up, one hidden amount would be the total less the others:
/// hide the smallest other one too. A row's amounts are hidden together (its average is its
/// amount over its count), so the whole row goes.
fn protect_amounts(spec: &TableSpec, rows: &mut [Row]) {
    let Some(&first) = spec.amount_columns.first() else {
        return;
    };
    let parts: Vec<usize> = (0..rows.len()).filter(|&i| !rows[i].total).collect();
    let hidden = parts
        .iter()
        .filter(|&&i| rows[i].values.get(first).is_some_and(Value::is_suppressed))
        .count();
    if hidden != 1 {
        return;
    }
    let smallest = parts
        .iter()
        .filter(|&&i| !rows[i].values[first].is_suppressed())
        .min_by(|&&a, &&b| {
            let amount = |i: usize| match rows[i].values[first] {
                Value::Money(x) | Value::Number(x) => x,
                _ => f64::INFINITY,
            };
            amount(a).total_cmp(&amount(b)).then(a.cmp(&b))
        })
        .copied();
    if let Some(i) = smallest {
        for &j in &spec.amount_columns {
            if let Some(v) = rows[i].values.get_mut(j) {
                *v = Value::Suppressed;
            }
        }
    }
}

/// The amount lines of a published table, for the verifier.
pub fn amount_lines(spec: &TableSpec, table: &PublishedTable) -> Vec<AmountLine> {
    spec.amount_columns
        .iter()
        .map(|&j| AmountLine {
            table: table.title.clone(),
            column: table
                .columns
                .get(j)
                .map_or_else(String::new, |c| c.label.clone()),
            entries: table
                .rows
                .iter()
                .filter(|r| !r.total)
                .chain(table.rows.iter().filter(|r| r.total))
                .map(|r| {
                    (
                        r.label.clone(),
                        r.values.get(j).is_some_and(Value::is_suppressed),
                    )
                })
                .collect(),
        })
        .collect()
}
