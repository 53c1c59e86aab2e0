//! A published dataset, read and checked: its indicators, each a series of periods, each with
//! England's, the regions' and every authority's figure.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::meta::{DatasetMeta, Polarity, Unit};
use super::missing::Figure;
use super::period::Period;

#[derive(Debug, Clone)]
pub struct Dataset {
    /// The YAML file's name without `.yaml`: `children-looked-after`.
    pub name: String,
    pub meta: DatasetMeta,
    /// The YAML file, relative to the content folder.
    pub source: PathBuf,
    pub indicators: Vec<Indicator>,
    /// The comparator group its pages use, by index into the project's groups.
    pub comparators: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    /// Unique in the project: `{dataset}/{name}`, as directives name it.
    pub id: String,
    /// Unique in the dataset.
    pub name: String,
    pub label: String,
    pub unit: Unit,
    pub decimals: u8,
    pub polarity: Polarity,
    /// Whether it has counts and bases for intervals.
    pub has_intervals: bool,
    /// Oldest first.
    pub periods: Vec<PeriodData>,
}

impl Indicator {
    pub fn latest(&self) -> Option<&PeriodData> {
        self.periods.last()
    }

    /// The period written `text` ("2024", "2022-23", or `latest`).
    pub fn period(&self, text: &str) -> Option<&PeriodData> {
        if text == "latest" {
            return self.latest();
        }
        let wanted = Period::parse(text, None)?;
        self.periods.iter().find(|p| p.period.key() == wanted.key())
    }
}

/// One period of an indicator.
#[derive(Debug, Clone)]
pub struct PeriodData {
    pub period: Period,
    pub england: Option<Figure>,
    /// By region code.
    pub regions: BTreeMap<String, Figure>,
    /// By authority (its current ONS code).
    pub authorities: BTreeMap<String, Observation>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    pub figure: Figure,
    /// The count and the population a rate is made from, where the file gives them.
    pub count: Option<f64>,
    pub base: Option<f64>,
}

/// A group of comparators: for each authority, the authorities it is compared with.
#[derive(Debug, Clone)]
pub struct ComparatorGroup {
    /// How pages name the group: "statistical neighbours".
    pub title: String,
    /// How it was made, with its source.
    pub description: String,
    /// By authority (ONS code): its comparators, nearest first where the source ranks them,
    /// with a closeness word where it gives one.
    pub members: BTreeMap<String, Vec<(String, Option<String>)>>,
}
