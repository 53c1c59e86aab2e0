//! What a chart shows: its series of bars, dots or panels, and its title.

/// One bar of a bar chart or histogram.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None` when the count is hidden.
    pub count: Option<u64>,
    pub share: Option<f64>,
}

/// One bar of a 100% stacked bar chart: each part's share of the bar, `None` where hidden.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBar {
    pub label: String,
    /// `None` when the bar's total is hidden: the whole bar is a gap.
    pub parts: Option<Vec<Option<f64>>>,
}

/// One share, with its interval, in a dot plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Dot {
    pub label: String,
    /// Share and its 95% interval; `None` when hidden.
    pub value: Option<(f64, f64, f64)>,
}

/// A small bar chart in a grid of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub title: String,
    pub counts: Vec<Option<u64>>,
}

/// A share with its 95% interval, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Estimate {
    Shown {
        share: f64,
        low: f64,
        high: f64,
    },
    /// Hidden to protect the children it counts: drawn as a labelled gap, `[c]`.
    Hidden,
    /// The category does not apply to the sample: written `[z]`, never drawn as a gap.
    NotApplicable,
}

/// Bars for several samples side by side in each group, with 95% intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    /// One bar per sample, in the order of the chart's `samples`.
    pub values: Vec<Estimate>,
}

pub use crate::published::meta::NumberFormat;

/// Which line of a time series a line is: they differ in weight and marker as well as colour,
/// and each is named at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRole {
    /// The authority the chart is about: heavy, with round markers.
    Focus,
    /// Its comparators' median or mean: medium, with square markers, inside their range.
    Centre,
    /// The region: thin, no markers.
    Region,
    /// England: thin and dark, with small square markers.
    England,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub label: String,
    pub role: LineRole,
    /// One per period; `None` where there is no figure (the line breaks).
    pub values: Vec<Option<f64>>,
}

/// How an authority is picked out in a ranked chart: by the shape of its dot, and by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// The authority the chart is about: a large filled dot, named.
    Focus,
    /// Its comparators (or the project's own authorities): a ring.
    Picked,
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub label: String,
    pub value: f64,
    /// Ties share the better rank.
    pub rank: usize,
    pub mark: Mark,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Series {
    /// Groups of bars: for each category, a bar for each sample (named in `samples`).
    Grouped {
        samples: Vec<String>,
        groups: Vec<Group>,
    },
    Bars(Vec<Bar>),
    Stacked {
        parts: Vec<String>,
        bars: Vec<StackedBar>,
    },
    Dots(Vec<Dot>),
    Multiples {
        categories: Vec<String>,
        panels: Vec<Panel>,
    },
    Histogram(Vec<Bar>),
    /// A published statistic over time: lines for the authority, its comparators' centre, its
    /// region and England, over a band from the comparators' lowest to highest figure.
    Trend {
        periods: Vec<String>,
        format: NumberFormat,
        lines: Vec<Line>,
        /// (lowest, highest) of the comparators in each period.
        range: Vec<Option<(f64, f64)>>,
        range_label: String,
    },
    /// Every authority's figure, best first, with some picked out.
    Ranked {
        format: NumberFormat,
        points: Vec<Point>,
        /// How the key names the picked-out dots: (focus, picked).
        key: (Option<String>, Option<String>),
        england: Option<f64>,
        /// What the two ends of the ranking are: ("Best", "Worst"), or ("Highest", "Lowest").
        ends: (String, String),
    },
}

/// A chart: what it shows and how it reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Unique within the page: ids of the title and description.
    pub id: String,
    pub title: String,
    /// The measure, population, period and n.
    pub subtitle: String,
    pub series: Series,
}
