//! Published tables: the one form in which figures leave the analysis. Everything the site
//! shows (HTML tables, charts, figures quoted in prose, downloads) is drawn from these, after
//! the audience's disclosure control has been applied, so nothing can bypass it.

use serde::Serialize;

use super::disclosure::Status;

/// A value as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum Value {
    Count(u64),
    /// A share, from 0 to 1.
    Share(f64),
    /// A 95% confidence interval of a share, both ends from 0 to 1.
    Interval(f64, f64),
    /// Pounds.
    Money(f64),
    Number(f64),
    /// Hidden to protect the children it counts: `[c]`.
    Suppressed,
    /// Nothing to show: no children had a value, or the figure does not apply.
    Missing,
}

/// The symbols published tables use, as official statistics use them.
pub const SYMBOL_SUPPRESSED: &str = "[c]";
pub const SYMBOL_MISSING: &str = "[z]";
pub const SYMBOL_KEY: &[(&str, &str)] = &[
    (
        SYMBOL_SUPPRESSED,
        "confidential: hidden so that no child can be identified (small numbers, and numbers from which they could be worked out)",
    ),
    (SYMBOL_MISSING, "not applicable or not available"),
];

impl Value {
    /// A count if `status` allows it.
    pub fn count(count: u64, status: Status) -> Value {
        if status.hidden() {
            Value::Suppressed
        } else {
            Value::Count(count)
        }
    }

    pub fn is_suppressed(&self) -> bool {
        matches!(self, Value::Suppressed)
    }

    /// The value as tables and downloads print it.
    pub fn text(&self) -> String {
        match self {
            Value::Count(n) => group_thousands(*n),
            Value::Share(p) => percent(*p),
            Value::Interval(low, high) => format!("{} to {}", percent(*low), percent(*high)),
            Value::Money(pounds) => format!("£{}", group_thousands(pounds.round().max(0.0) as u64)),
            Value::Number(x) => {
                if x.fract().abs() < 1e-9 {
                    group_thousands(x.round().max(0.0) as u64)
                } else {
                    format!("{x:.1}")
                }
            }
            Value::Suppressed => SYMBOL_SUPPRESSED.to_string(),
            Value::Missing => SYMBOL_MISSING.to_string(),
        }
    }

    /// A plain number for machine-readable downloads, or `None` for a symbol.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(*n as f64),
            Value::Share(p) => Some((p * 1000.0).round() / 10.0),
            Value::Money(x) | Value::Number(x) => Some(*x),
            Value::Interval(..) | Value::Suppressed | Value::Missing => None,
        }
    }
}

/// Whole percentages: samples of a few hundred do not support decimals.
pub fn percent(share: f64) -> String {
    // Halves round up, as official statistics round (42.5% is 43%), not to even.
    format!("{}%", (share * 100.0).round())
}

pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What a column of a published table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    Count,
    Share,
    Interval,
    Money,
    Number,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub label: String,
    pub kind: ColumnKind,
    /// The category code behind the column, where there is one.
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub label: String,
    /// The category code behind the row, where there is one.
    pub code: Option<String>,
    /// A longer description (a need group's).
    pub description: Option<String>,
    /// The totals row.
    pub total: bool,
    pub values: Vec<Value>,
}

/// A table as an audience may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedTable {
    /// Unique within its audit: used for file names and anchors.
    pub id: String,
    pub title: String,
    /// What is counted, of whom: "Children in the sample, by need group".
    pub measure: String,
    pub row_header: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// How many children the table is about.
    pub population: u64,
    pub notes: Vec<String>,
}

impl PublishedTable {
    pub fn any_suppressed(&self) -> bool {
        self.rows
            .iter()
            .flat_map(|r| &r.values)
            .any(Value::is_suppressed)
    }

    /// The row for a category code.
    pub fn row(&self, code: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| !r.total && r.code.as_deref() == Some(code))
    }

    pub fn column_index(&self, kind: ColumnKind) -> Option<usize> {
        self.columns.iter().position(|c| c.kind == kind)
    }
}

/// Why a figure is hidden, for `auditpress check --audience`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressionNote {
    pub table: String,
    pub row: String,
    pub column: String,
    pub reason: &'static str,
}

impl SuppressionNote {
    pub fn reason_of(status: Status) -> &'static str {
        match status {
            Status::Primary => "a small number",
            Status::Secondary => "it would let a small number be worked out from the totals",
            Status::Shown => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn values_print_as_council_tables_do() {
        assert_eq!(Value::Count(1234).text(), "1,234");
        assert_eq!(Value::Share(0.3167).text(), "32%");
        assert_eq!(Value::Share(0.425).text(), "43%");
        assert_eq!(Value::Interval(0.2402, 0.4045).text(), "24% to 40%");
        assert_eq!(Value::Money(5000.4).text(), "£5,000");
        assert_eq!(Value::Suppressed.text(), "[c]");
        assert_eq!(Value::Missing.text(), "[z]");
        assert_eq!(Value::Number(3.25).text(), "3.2");
        assert_eq!(Value::Number(12.0).text(), "12");
        assert_eq!(Value::Share(0.3167).number(), Some(31.7));
        assert_eq!(Value::Suppressed.number(), None);
    }

    #[test]
    fn hidden_counts_are_never_printed() {
        assert_eq!(Value::count(3, Status::Primary), Value::Suppressed);
        assert_eq!(Value::count(30, Status::Secondary), Value::Suppressed);
        assert_eq!(Value::count(30, Status::Shown), Value::Count(30));
    }
}
