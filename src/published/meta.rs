//! What a project's indicator, comparator and taxonomy files may say.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `indicators/<name>.yaml`: a published dataset beside its data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetMeta {
    pub title: String,
    /// Who publishes it and under what licence: shown wherever its figures are.
    pub source: String,
    /// When the publisher released it: `2025-11-20`.
    #[serde(default)]
    pub released: Option<String>,
    /// When this copy of the file was taken from the publisher (or from a copy of its
    /// release), where the release date is not known.
    #[serde(default)]
    pub retrieved: Option<String>,
    /// Where the publisher's page is.
    #[serde(default)]
    pub url: Option<String>,
    /// The data file, beside this YAML.
    pub file: String,
    pub format: Format,
    /// For tidy files whose headings differ: our column name -> the file's heading.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// How a group of comparators is summarised: median (default) or mean.
    #[serde(default)]
    pub summary: Summary,
    /// The comparator group: a file beside this YAML (DfE's neighbour model, or a JSON or
    /// YAML mapping of codes), `region`, `type`, or a group in `comparators/`.
    #[serde(default)]
    pub comparators: Option<String>,
    /// The indicators to use, by the name pages give them. Without it, every indicator of the
    /// file is used, named after its column (and filter values) or its code.
    #[serde(default)]
    pub indicators: BTreeMap<String, IndicatorMeta>,
    /// Which way is better, by indicator name or column: a shorthand for `indicators`.
    #[serde(default)]
    pub polarity: BTreeMap<String, Polarity>,
    /// A sentence on what the dataset counts.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// DfE's "Explore education statistics" open-data CSV.
    Ees,
    /// One row per area, period, indicator (and measure), with its value.
    Tidy,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Summary {
    #[default]
    Median,
    Mean,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
    /// Neither way is better (a rate of children looked after, say).
    Neutral,
}

impl Polarity {
    /// Which way is better, in words.
    pub fn label(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "higher is better",
            Polarity::LowerIsBetter => "lower is better",
            Polarity::Neutral => "neither higher nor lower is better in itself",
        }
    }
}

/// One indicator of a dataset.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorMeta {
    /// The EES indicator column, or the tidy file's indicator code. The name by default.
    #[serde(default)]
    pub column: Option<String>,
    /// For a tidy file with measures: which measure.
    #[serde(default)]
    pub measure: Option<String>,
    /// The filter values of the rows this indicator is read from: `{population_type: ...}`.
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Decimal places to show.
    #[serde(default)]
    pub decimals: Option<u8>,
    #[serde(default)]
    pub polarity: Option<Polarity>,
    /// The column of the count a rate is made from, for its 95% interval.
    #[serde(default)]
    pub count: Option<String>,
    /// The column of the population it is a rate of.
    #[serde(default)]
    pub base: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    #[default]
    Number,
    Count,
    Percent,
    #[serde(rename = "rate-per-10000")]
    RatePer10000,
    Pounds,
    Days,
}

impl Unit {
    /// How many of the unit a proportion of 1 is: a rate per 10,000 is a proportion times
    /// 10,000.
    pub fn scale(self) -> Option<f64> {
        match self {
            Unit::Percent => Some(100.0),
            Unit::RatePer10000 => Some(10_000.0),
            _ => None,
        }
    }

    pub fn format(self, decimals: u8) -> NumberFormat {
        let (prefix, suffix) = match self {
            Unit::Percent => ("", "%"),
            Unit::RatePer10000 => ("", " per 10,000"),
            Unit::Pounds => ("£", ""),
            Unit::Days => ("", " days"),
            Unit::Count | Unit::Number => ("", ""),
        };
        NumberFormat {
            decimals,
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
        }
    }

    /// The unit in words, for headings: "rate per 10,000 children".
    pub fn label(self) -> &'static str {
        match self {
            Unit::Percent => "percentage",
            Unit::RatePer10000 => "rate per 10,000 children",
            Unit::Pounds => "pounds",
            Unit::Days => "days",
            Unit::Count => "count",
            Unit::Number => "number",
        }
    }

    pub fn default_decimals(self) -> u8 {
        match self {
            Unit::Count | Unit::Pounds | Unit::Days | Unit::RatePer10000 => 0,
            Unit::Percent | Unit::Number => 1,
        }
    }
}

/// How a published statistic is written: "67 per 10,000", "22.7%", "£1,200", rounded half
/// up.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberFormat {
    pub decimals: u8,
    pub prefix: String,
    pub suffix: String,
}

impl NumberFormat {
    pub fn show(&self, value: f64) -> String {
        let rounded = crate::analyse::stats::round_half_up(value, i32::from(self.decimals));
        let digits = if self.decimals == 0 {
            crate::analyse::publish::group_thousands(rounded.abs() as u64)
        } else {
            format!("{:.*}", usize::from(self.decimals), rounded.abs())
        };
        let sign = if rounded < 0.0 { "-" } else { "" };
        format!("{sign}{}{digits}{}", self.prefix, self.suffix)
    }
}

/// `comparators/<name>.yaml`: a hand-picked group of comparators.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparatorFile {
    pub title: String,
    /// How the group was chosen, in a sentence.
    #[serde(default)]
    pub description: Option<String>,
    /// The same comparators for every authority named in `for` (or for all): codes, DfE
    /// numbers or project slugs.
    #[serde(default)]
    pub authorities: Vec<String>,
    #[serde(default, rename = "for")]
    pub for_authorities: Vec<String>,
    /// Each authority's own comparators.
    #[serde(default)]
    pub groups: BTreeMap<String, Vec<String>>,
}

/// `taxonomy.yaml`: shared categories that different audits' need groups map onto, so audits
/// of the same kind can be put side by side.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyFile {
    pub categories: Vec<TaxonomyCategory>,
    /// By audit (`authority/audit`): need group code -> category code.
    #[serde(default)]
    pub audits: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyCategory {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}
