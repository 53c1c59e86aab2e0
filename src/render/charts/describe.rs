//! A chart in words: its text alternative.

use super::model::*;
use crate::analyse::publish::percent;

/// What the chart shows, in words: its text alternative.
pub fn description(chart: &Chart) -> String {
    let value = |b: &Bar| match (b.count, b.share) {
        (Some(c), Some(s)) => format!("{}: {c} ({})", b.label, percent(s)),
        (Some(c), None) => format!("{}: {c}", b.label),
        _ => format!("{}: hidden to protect confidentiality", b.label),
    };
    let body = match &chart.series {
        Series::Bars(bars) | Series::Histogram(bars) => {
            bars.iter().map(value).collect::<Vec<_>>().join("; ")
        }
        Series::Stacked { parts, bars } => bars
            .iter()
            .map(|b| match &b.parts {
                None => format!("{}: hidden to protect confidentiality", b.label),
                Some(shares) => {
                    let items: Vec<String> = parts
                        .iter()
                        .zip(shares)
                        .map(|(p, s)| match s {
                            Some(s) => format!("{p} {}", percent(*s)),
                            None => format!("{p} hidden"),
                        })
                        .collect();
                    format!("{}: {}", b.label, items.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        Series::Dots(dots) => dots
            .iter()
            .map(|d| match d.value {
                Some((share, low, high)) => format!(
                    "{}: {} (95% interval {} to {})",
                    d.label,
                    percent(share),
                    percent(low),
                    percent(high)
                ),
                None => format!("{}: hidden to protect confidentiality", d.label),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Series::Grouped { samples, groups } => groups
            .iter()
            .map(|g| {
                let items: Vec<String> = samples
                    .iter()
                    .zip(&g.values)
                    .map(|(sample, v)| match v {
                        Some((share, low, high)) => format!(
                            "{sample} {} (95% interval {} to {})",
                            percent(*share),
                            percent(*low),
                            percent(*high)
                        ),
                        None => format!("{sample} hidden"),
                    })
                    .collect();
                format!("{}: {}", g.label, items.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; "),
        Series::Multiples { categories, panels } => panels
            .iter()
            .map(|p| {
                let items: Vec<String> = categories
                    .iter()
                    .zip(&p.counts)
                    .map(|(c, n)| match n {
                        Some(n) => format!("{c} {n}"),
                        None => format!("{c} hidden"),
                    })
                    .collect();
                format!("{}: {}", p.title, items.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; "),
    };
    format!("{}. {body}.", chart.subtitle.trim_end_matches('.'))
}
