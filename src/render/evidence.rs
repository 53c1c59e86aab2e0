//! Turning published evidence into what pages show: charts from published tables, figures
//! quoted in prose, and tables placed by directives. Everything here reads the audience's
//! published tables only, so whatever was hidden stays hidden.

use crate::analyse::Evidence;
use crate::analyse::across::Shape;
use crate::analyse::mns::AuditEvidence;
use crate::analyse::publish::{ColumnKind, PublishedTable, Row, TableKind, Value, percent};
use crate::render::charts::{self, Bar, Chart, Dot, Estimate, Group, Panel, Series, StackedBar};
use crate::validate::Project;
use crate::validate::directives::{ChartKind, DataRef, FieldRef, Show};

use super::views::period_label;

/// Where a figure or chart comes from, in words.
pub fn source_line(project: &Project, audit: usize) -> String {
    let a = &project.audits[audit];
    let authorities: Vec<&str> = a
        .authorities
        .iter()
        .map(|&i| project.authorities[i].meta.name.as_str())
        .collect();
    format!(
        "{}, {}; {}",
        a.meta.title,
        authorities.join(", "),
        period_label(a)
    )
}

/// Where a chart across audits comes from: each audit, named.
pub fn sources_line(project: &Project, audits: &[usize]) -> String {
    audits
        .iter()
        .map(|&a| source_line(project, a))
        .collect::<Vec<_>>()
        .join(". ")
}

/// The published table a directive's data reference names, if the analysis made it.
pub fn table_for<'e>(evidence: &'e Evidence, data: &FieldRef) -> Option<&'e PublishedTable> {
    let audit = evidence.audit(data.audit)?;
    match &data.across {
        None => audit.distributions.get(&data.by),
        Some(across) => audit.crosses.get(&(data.by.clone(), across.clone())),
    }
}

fn share_of(table: &PublishedTable, row: &Row) -> Option<f64> {
    let j = table.column_index(ColumnKind::Share)?;
    match row.values.get(j) {
        Some(Value::Share(s)) => Some(*s),
        _ => None,
    }
}

fn interval_of(table: &PublishedTable, row: &Row) -> Option<(f64, f64)> {
    let j = table.column_index(ColumnKind::Interval)?;
    match row.values.get(j) {
        Some(Value::Interval(low, high)) => Some((*low, *high)),
        _ => None,
    }
}

/// "; 240 children", or nothing when the number is hidden.
pub fn children_phrase(population: &Value) -> String {
    match population {
        Value::Count(1) => "; 1 child".to_string(),
        Value::Count(n) => format!(
            "; {} children",
            crate::analyse::publish::group_thousands(*n)
        ),
        _ => String::new(),
    }
}

/// Bars from a one-way table: largest first unless the categories have an order, with
/// "not recorded" last either way.
pub fn bars(table: &PublishedTable, ordered: bool) -> Vec<Bar> {
    let mut bars: Vec<(bool, Bar)> = table
        .rows
        .iter()
        .filter(|r| !r.total)
        .map(|r| {
            let not_recorded = r.code.as_deref() == Some("");
            (
                not_recorded,
                Bar {
                    label: r.label.clone(),
                    count: r.values.first().and_then(Value::shown_count),
                    share: share_of(table, r),
                },
            )
        })
        .collect();
    if !ordered {
        // Hidden counts sort as if small, after every shown one.
        bars.sort_by(|(a_missing, a), (b_missing, b)| {
            a_missing
                .cmp(b_missing)
                .then(b.count.unwrap_or(0).cmp(&a.count.unwrap_or(0)))
        });
    } else {
        bars.sort_by_key(|(missing, _)| *missing);
    }
    bars.into_iter().map(|(_, b)| b).collect()
}

/// A row of a cross table: its counts (`None` where hidden) and its total.
type CrossRow<'t> = (&'t Row, Vec<Option<u64>>, Option<u64>);

/// Cells and totals of a cross table (its last column and last row are the totals).
fn cross_cells(table: &PublishedTable) -> (Vec<String>, Vec<CrossRow<'_>>) {
    let parts: Vec<String> = table
        .columns
        .iter()
        .take(table.columns.len().saturating_sub(1))
        .map(|c| c.label.clone())
        .collect();
    let rows = table
        .rows
        .iter()
        .filter(|r| !r.total)
        .map(|r| {
            let counts: Vec<Option<u64>> = r
                .values
                .iter()
                .take(parts.len())
                .map(Value::shown_count)
                .collect();
            let total = r.values.last().and_then(Value::shown_count);
            (r, counts, total)
        })
        .collect();
    (parts, rows)
}

/// 100% stacked bars from a cross table whose columns divide each row.
pub fn stacked(table: &PublishedTable) -> Series {
    let (parts, rows) = cross_cells(table);
    let bars = rows
        .into_iter()
        .map(|(row, counts, total)| StackedBar {
            label: row.label.clone(),
            parts: total.filter(|&t| t > 0).map(|t| {
                counts
                    .iter()
                    .map(|c| c.map(|c| c as f64 / t as f64))
                    .collect()
            }),
        })
        .collect();
    Series::Stacked { parts, bars }
}

/// Small multiples from a cross table: a panel for each row.
pub fn multiples(table: &PublishedTable) -> Series {
    let (categories, rows) = cross_cells(table);
    Series::Multiples {
        categories,
        panels: rows
            .into_iter()
            .map(|(row, counts, _)| Panel {
                title: row.label.clone(),
                counts,
            })
            .collect(),
    }
}

/// Dots from a table of one category's share in several audits.
fn dots(table: &PublishedTable) -> Series {
    Series::Dots(
        table
            .rows
            .iter()
            .map(|row| Dot {
                label: row.label.clone(),
                value: share_of(table, row)
                    .zip(interval_of(table, row))
                    .map(|(s, (low, high))| (s, low, high)),
            })
            .collect(),
    )
}

/// Grouped bars from a table of several categories' shares in several audits.
pub fn grouped(table: &PublishedTable, samples: Vec<String>) -> Series {
    let groups = table
        .rows
        .iter()
        .map(|row| Group {
            label: row.label.clone(),
            values: row
                .values
                .chunks(2)
                .map(|pair| match pair {
                    [Value::Share(share), Value::Interval(low, high)] => Estimate::Shown {
                        share: *share,
                        low: *low,
                        high: *high,
                    },
                    [Value::Missing, ..] => Estimate::NotApplicable,
                    _ => Estimate::Hidden,
                })
                .collect(),
        })
        .collect();
    Series::Grouped { samples, groups }
}

/// The chart a directive asks for, the table of its figures and where they come from. `None`
/// if the analysis has no data for it (an audit whose case file has its own error).
pub fn directive_chart(
    project: &Project,
    evidence: &Evidence,
    kind: ChartKind,
    title: &str,
    data: &DataRef,
    id: String,
) -> Option<(Chart, PublishedTable, String)> {
    match data {
        DataRef::Field(data) => {
            let audit = evidence.audit(data.audit)?;
            let table = match kind {
                ChartKind::Histogram => audit.histograms.get(&data.by)?,
                _ => table_for(evidence, data)?,
            };
            let series = match kind {
                ChartKind::Bar => Series::Bars(bars(table, audit.ordered.contains(&data.by))),
                ChartKind::Histogram => Series::Histogram(bars(table, true)),
                ChartKind::Stacked => stacked(table),
                ChartKind::Multiples => multiples(table),
                // Charts across audits come with a comparison, and of indicators with one.
                ChartKind::Dots | ChartKind::Grouped | ChartKind::Trend | ChartKind::Ranked => {
                    return None;
                }
            };
            let source = source_line(project, data.audit);
            let chart = Chart {
                id,
                title: title.to_string(),
                subtitle: format!(
                    "{}. {source}{}",
                    table.measure,
                    children_phrase(&table.population)
                ),
                series,
            };
            Some((chart, table.clone(), source))
        }
        DataRef::Comparison(comparison) => {
            let table = evidence.comparisons.get(comparison)?;
            let source = sources_line(project, &comparison.audits);
            let (series, subtitle) = match comparison.shape {
                Shape::OneCategory => (
                    dots(table),
                    format!(
                        "{}, as a share of each audit's sample, with 95% intervals",
                        table.title
                    ),
                ),
                Shape::Categories => {
                    let samples = table
                        .columns
                        .iter()
                        .step_by(2)
                        .map(|c| c.label.trim_end_matches(": share").to_string())
                        .collect();
                    (
                        grouped(table, samples),
                        format!("{}, with 95% intervals", table.measure),
                    )
                }
            };
            let chart = Chart {
                id,
                title: title.to_string(),
                subtitle,
                series,
            };
            Some((chart, table.clone(), source))
        }
        // Charts of published statistics are drawn by the comparisons module.
        DataRef::Indicator(_) => None,
    }
}

/// A figure for prose ("38 (19%)") and the note that says what it is and where it comes from.
pub fn figure(
    project: &Project,
    evidence: &Evidence,
    data: &FieldRef,
    code: &str,
    within: Option<&str>,
    show: Show,
) -> Option<(String, String)> {
    let table = table_for(evidence, data)?;
    let source = source_line(project, data.audit);
    let illustrative = if project.audits[data.audit].meta.illustrative {
        " Illustrative data."
    } else {
        ""
    };
    let row = table.row(code)?;
    let (count, denominator, what) = match within {
        None => (
            row.values.first().and_then(Value::shown_count),
            table.population.shown_count(),
            format!("{}: {}", table.row_header, row.label),
        ),
        Some(within) => {
            let j = table
                .columns
                .iter()
                .position(|c| c.code.as_deref() == Some(within))?;
            (
                row.values.get(j).and_then(Value::shown_count),
                row.values.last().and_then(Value::shown_count),
                format!(
                    "{}, among the children in “{}”",
                    table.columns[j].label, row.label
                ),
            )
        }
    };
    let Some(count) = count else {
        return Some((
            "[c]".to_string(),
            format!(
                "Not published: a small number, or one from which a small number could be worked out ({what}). Source: {source}.{illustrative}"
            ),
        ));
    };
    let share = denominator
        .filter(|&d| d > 0)
        .map(|d| count as f64 / d as f64);
    let text = match (show, share) {
        (Show::Count, _) | (_, None) => count.to_string(),
        (Show::Share, Some(s)) => percent(s),
        (Show::Both, Some(s)) => format!("{count} ({})", percent(s)),
    };
    let of = denominator.map_or_else(String::new, |d| format!(" of {d}"));
    let whom = if within.is_some() {
        "children"
    } else {
        "children in the sample"
    };
    let share_text = share.map_or_else(String::new, |s| format!(" ({})", percent(s)));
    Some((
        text,
        format!("{count}{of} {whom}{share_text}. {what}. Source: {source}.{illustrative}"),
    ))
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

/// A title naming the largest bars, every one of them where several tie.
fn largest(bars: &[Bar], one: &str, several: &str) -> Option<String> {
    let top = bars.iter().filter_map(|b| b.count).max()?;
    let tied: Vec<&Bar> = bars.iter().filter(|b| b.count == Some(top)).collect();
    let share = tied.first()?.share?;
    let labels: Vec<String> = tied.iter().map(|b| b.label.clone()).collect();
    Some(if tied.len() == 1 {
        format!("{one}: {}, {}", labels[0], percent(share))
    } else {
        format!("{several}: {}, {} each", and_list(&labels), percent(share))
    })
}

/// The chart that goes with one of an audit page's standard tables, with a title that says
/// what it shows.
pub fn standard_chart(audit: &AuditEvidence, table: &PublishedTable) -> Option<Chart> {
    let (series, population) = match &table.kind {
        TableKind::NeedGroups => (Series::Bars(bars(table, false)), &table.population),
        TableKind::YesNo => (Series::Bars(bars(table, true)), &table.population),
        // Services by need group is too dense to draw: draw how many children had each service.
        TableKind::NeedGroupByServices => {
            let services = audit.distributions.get(audit.roles.get("services")?)?;
            (Series::Bars(bars(services, false)), &services.population)
        }
        TableKind::AgeAndSex
        | TableKind::NeedGroupByLegalStatus
        | TableKind::NeedGroupByPlacement
        | TableKind::MatchingByNeedGroup
        | TableKind::OnlyASocialWorker => (stacked(table), &table.population),
        TableKind::NeedGroupByAge => (multiples(table), &table.population),
        _ => return None,
    };
    let title = match (&series, &table.kind) {
        (Series::Bars(b), TableKind::NeedGroups) => {
            largest(b, "The largest need group", "The largest need groups")
                .unwrap_or_else(|| table.title.clone())
        }
        (Series::Bars(b), TableKind::NeedGroupByServices) => largest(
            b,
            "The service most children received",
            "The services most children received",
        )
        .unwrap_or_else(|| "Services received".to_string()),
        _ => table.title.clone(),
    };
    let subtitle = match table.kind {
        TableKind::NeedGroupByServices => format!(
            "Children receiving each service (a child may receive several){}",
            children_phrase(population)
        ),
        _ => format!("{}{}", table.measure, children_phrase(population)),
    };
    Some(Chart {
        id: format!("chart-{}", table.id),
        title,
        subtitle,
        series,
    })
}

/// The SVG of a chart.
pub fn chart_svg(chart: &Chart) -> String {
    charts::svg(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, count: u64, share: f64) -> Bar {
        Bar {
            label: label.into(),
            count: Some(count),
            share: Some(share),
        }
    }

    #[test]
    fn ties_for_largest_are_all_named() {
        let b = [bar("A", 30, 0.25), bar("B", 30, 0.25), bar("C", 20, 0.17)];
        assert_eq!(
            largest(&b, "The largest need group", "The largest need groups").as_deref(),
            Some("The largest need groups: A and B, 25% each")
        );
        let b = [bar("A", 31, 0.26), bar("B", 30, 0.25)];
        assert_eq!(
            largest(&b, "The largest need group", "The largest need groups").as_deref(),
            Some("The largest need group: A, 26%")
        );
    }

    #[test]
    fn hidden_populations_are_not_restated() {
        assert_eq!(children_phrase(&Value::Count(240)), "; 240 children");
        assert_eq!(children_phrase(&Value::Suppressed), "");
    }
}
