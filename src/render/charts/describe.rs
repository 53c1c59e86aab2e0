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
                    .map(|(sample, v)| match *v {
                        Estimate::Shown { share, low, high } => format!(
                            "{sample} {} (95% interval {} to {})",
                            percent(share),
                            percent(low),
                            percent(high)
                        ),
                        Estimate::Hidden => format!("{sample} hidden"),
                        Estimate::NotApplicable => format!("{sample} not applicable"),
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
        Series::Trend {
            periods,
            format,
            lines,
            range,
            range_label,
        } => {
            let mut parts: Vec<String> = lines
                .iter()
                .map(|line| {
                    let items: Vec<String> = periods
                        .iter()
                        .zip(&line.values)
                        .map(|(p, v)| match v {
                            Some(v) => format!("{p} {}", format.show(*v)),
                            None => format!("{p} no figure"),
                        })
                        .collect();
                    format!("{}: {}", line.label, items.join(", "))
                })
                .collect();
            let spans: Vec<String> = periods
                .iter()
                .zip(range)
                .filter_map(|(p, r)| {
                    r.map(|(low, high)| {
                        format!("{p} {} to {}", format.show(low), format.show(high))
                    })
                })
                .collect();
            if !spans.is_empty() {
                parts.push(format!("{range_label}: {}", spans.join(", ")));
            }
            parts.join("; ")
        }
        Series::Ranked {
            format,
            points,
            england,
            ..
        } => {
            let mut parts = Vec::new();
            if let (Some(first), Some(last)) = (points.first(), points.last()) {
                parts.push(format!(
                    "{} authorities, from {} ({}) to {} ({})",
                    points.len(),
                    first.label,
                    format.show(first.value),
                    last.label,
                    format.show(last.value)
                ));
            }
            for point in points {
                if point.mark != Mark::Other {
                    parts.push(format!(
                        "{}: {}, {} of {}",
                        point.label,
                        format.show(point.value),
                        ordinal(point.rank),
                        points.len()
                    ));
                }
            }
            if let Some(e) = england {
                parts.push(format!("England: {}", format.show(*e)));
            }
            parts.join("; ")
        }
    };
    format!("{}. {body}.", chart.subtitle.trim_end_matches('.'))
}

/// "1st", "2nd", "23rd", "111th".
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
