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

/// Bars for several samples side by side in each group, with 95% intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub label: String,
    /// One bar per sample, in the order of the chart's `samples`: share, low, high; `None`
    /// where hidden.
    pub values: Vec<Option<(f64, f64, f64)>>,
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
