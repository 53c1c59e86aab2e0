//! Published tables: the one form in which figures leave the analysis. Everything the site
//! shows (HTML tables, charts, figures quoted in prose, downloads) is drawn from these, after
//! the audience's disclosure control has been applied, so nothing can bypass it.

use serde::Serialize;

use super::stats::round_half_up;

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
    /// A summary (median, quartile, mean, amount) of too few children to publish: `[low]`.
    Low,
    /// Nothing to show: no children had a value, or the figure does not apply.
    Missing,
}

/// The symbols published tables use, as official statistics use them.
pub const SYMBOL_SUPPRESSED: &str = "[c]";
pub const SYMBOL_LOW: &str = "[low]";
pub const SYMBOL_MISSING: &str = "[z]";
pub const SYMBOL_KEY: &[(&str, &str)] = &[
    (
        SYMBOL_SUPPRESSED,
        "confidential: hidden so that no child can be identified (small numbers, and numbers from which they could be worked out or narrowed down)",
    ),
    (
        SYMBOL_LOW,
        "too few children: a median, quartile, average or amount of fewer children than the audience's minimum is not published",
    ),
    (SYMBOL_MISSING, "not applicable or not available"),
];

impl Value {
    pub fn is_suppressed(&self) -> bool {
        matches!(self, Value::Suppressed | Value::Low)
    }

    /// The count, if this is a shown count.
    pub fn shown_count(&self) -> Option<u64> {
        match self {
            Value::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// The value as tables and downloads print it.
    pub fn text(&self) -> String {
        match self {
            Value::Count(n) => group_thousands(*n),
            Value::Share(p) => percent(*p),
            Value::Interval(low, high) => format!("{} to {}", percent(*low), percent(*high)),
            Value::Money(pounds) => format!(
                "£{}",
                group_thousands(round_half_up(*pounds, 0).max(0.0) as u64)
            ),
            Value::Number(x) => {
                let rounded = round_half_up(*x, 1);
                if rounded.fract().abs() < 1e-9 {
                    group_thousands(rounded.max(0.0) as u64)
                } else {
                    format!("{rounded:.1}")
                }
            }
            Value::Suppressed => SYMBOL_SUPPRESSED.to_string(),
            Value::Low => SYMBOL_LOW.to_string(),
            Value::Missing => SYMBOL_MISSING.to_string(),
        }
    }

    /// A plain number for machine-readable downloads, or `None` for a symbol.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(*n as f64),
            Value::Share(p) => Some(round_half_up(p * 100.0, 1)),
            Value::Money(x) => Some(round_half_up(*x, 2)),
            Value::Number(x) => Some(round_half_up(*x, 1)),
            Value::Interval(..) | Value::Suppressed | Value::Low | Value::Missing => None,
        }
    }
}

/// Whole percentages: samples of a few hundred do not support decimals. Halves round up, as
/// official statistics round (42.5% is 43%), not to even.
pub fn percent(share: f64) -> String {
    format!("{}%", round_half_up(share * 100.0, 0))
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

/// Which table a published table is: the standard tables of an audit page, and those the
/// narrative asks for. Charts and pages pick tables by kind, never by matching names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    NeedGroups,
    AgeAndSex,
    NeedGroupByAge,
    NeedGroupByLegalStatus,
    NeedGroupByPlacement,
    NeedGroupByServices,
    OnlyASocialWorker,
    PlacementsOutside,
    MatchingByNeedGroup,
    Needs,
    YesNo,
    SummaryStatistics,
    Costs,
    /// Children by one field.
    Distribution(String),
    /// Children by two fields: (by, across).
    Cross(String, String),
    /// Children by the value of a whole-number field.
    Histogram(String),
    /// One field's categories in several audits.
    AcrossAudits(String),
    /// One category's share in several audits: (field, code).
    ShareAcrossAudits(String, String),
    /// Children by the categories of need an audit shares with others of its kind.
    SharedCategories,
    /// The shared categories in every audit of a kind (named as in `audit.yaml`).
    AuditsOfKind(&'static str),
}

impl TableKind {
    /// The table's id: unique within its page, used for file names and anchors.
    pub fn slug(&self) -> String {
        let dashed = |s: &str| s.replace('_', "-");
        match self {
            TableKind::NeedGroups => "need-groups".into(),
            TableKind::AgeAndSex => "age-and-sex".into(),
            TableKind::NeedGroupByAge => "need-group-by-age".into(),
            TableKind::NeedGroupByLegalStatus => "need-group-by-legal-status".into(),
            TableKind::NeedGroupByPlacement => "need-group-by-placement".into(),
            TableKind::NeedGroupByServices => "need-group-by-services".into(),
            TableKind::OnlyASocialWorker => "only-a-social-worker".into(),
            TableKind::PlacementsOutside => "placements-outside".into(),
            TableKind::MatchingByNeedGroup => "matching-by-need-group".into(),
            TableKind::Needs => "needs".into(),
            TableKind::YesNo => "yes-no".into(),
            TableKind::SummaryStatistics => "summary-statistics".into(),
            TableKind::Costs => "costs".into(),
            TableKind::Distribution(field) => format!("{}-distribution", dashed(field)),
            TableKind::Cross(by, across) => format!("{}-by-{}", dashed(by), dashed(across)),
            TableKind::Histogram(field) => format!("{}-histogram", dashed(field)),
            TableKind::AcrossAudits(field) => format!("{}-by-audit", dashed(field)),
            TableKind::SharedCategories => "shared-categories".into(),
            TableKind::AuditsOfKind(kind) => format!("{kind}-side-by-side"),
            TableKind::ShareAcrossAudits(field, code) => {
                format!("{}-{}-by-audit", dashed(field), crate::slug::slugify(code))
            }
        }
    }
}

/// A table as an audience may see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedTable {
    pub kind: TableKind,
    /// Unique within its page: used for file names and anchors.
    pub id: String,
    pub title: String,
    /// What is counted, of whom: "Children in the sample, by need group".
    pub measure: String,
    pub row_header: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// How many children the table is about, as published (hidden if it would give away a
    /// small number).
    pub population: Value,
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
        // Halves round up, in every column.
        assert_eq!(Value::Number(3.25).text(), "3.3");
        assert_eq!(Value::Number(14.25).text(), "14.3");
        assert_eq!(Value::Share(0.2625).text(), "26%");
        assert_eq!(Value::Share(0.2625).number(), Some(26.3));
        assert_eq!(Value::Low.text(), "[low]");
        assert_eq!(Value::Number(12.0).text(), "12");
        assert_eq!(Value::Share(0.3167).number(), Some(31.7));
        assert_eq!(Value::Suppressed.number(), None);
    }
}
