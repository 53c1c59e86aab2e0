//! Turning published evidence into what pages show: charts from published tables, figures
//! quoted in prose, and tables placed by directives. Everything here reads the audience's
//! published tables only, so whatever was hidden stays hidden.

use crate::analyse::Evidence;
use crate::analyse::mns::AuditEvidence;
use crate::analyse::publish::{ColumnKind, PublishedTable, Row, Value, percent};
use crate::render::charts::{self, Bar, Chart, Dot, Group, Panel, Series, StackedBar};
use crate::validate::Project;
use crate::validate::directives::{ChartData, ChartKind, DataRef, Show};

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

/// The published table a directive's data reference names, if the analysis made it.
pub fn table_for<'e>(evidence: &'e Evidence, data: &DataRef) -> Option<&'e PublishedTable> {
    let audit = evidence.audit(data.audit)?;
    match &data.across {
        None => audit.distributions.get(&data.by),
        Some(across) => audit.crosses.get(&(data.by.clone(), across.clone())),
    }
}

fn count_of(row: &Row) -> Option<u64> {
    match row.values.first() {
        Some(Value::Count(n)) => Some(*n),
        _ => None,
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
                    count: count_of(r),
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
                .map(|v| {
                    if let Value::Count(n) = v {
                        Some(*n)
                    } else {
                        None
                    }
                })
                .collect();
            let total = match r.values.last() {
                Some(Value::Count(n)) => Some(*n),
                _ => None,
            };
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

/// The chart a directive asks for, and the table of its figures. `None` if the analysis has no
/// data for it (an audit whose case file has its own error).
pub fn directive_chart(
    project: &Project,
    evidence: &Evidence,
    kind: ChartKind,
    title: &str,
    data: &ChartData,
    id: String,
) -> Option<(Chart, PublishedTable, Option<usize>)> {
    match data {
        ChartData::One(data) => {
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
                // Charts across audits come with `ChartData::Across` or `Compared`.
                ChartKind::Dots | ChartKind::Grouped => return None,
            };
            let chart = Chart {
                id,
                title: title.to_string(),
                subtitle: format!(
                    "{}. {}; {} children",
                    table.measure,
                    source_line(project, data.audit),
                    table.population
                ),
                series,
            };
            Some((chart, table.clone(), Some(data.audit)))
        }
        ChartData::Compared { audits, by, codes } => {
            let tables: Vec<&PublishedTable> = audits
                .iter()
                .map(|&a| evidence.audit(a)?.distributions.get(by))
                .collect::<Option<_>>()?;
            // Samples are named by their authority, or by the audit where an authority has
            // several.
            let leads: Vec<usize> = audits.iter().map(|&a| project.audits[a].lead).collect();
            let distinct = leads
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
                == leads.len();
            let samples: Vec<String> = audits
                .iter()
                .map(|&a| {
                    let audit = &project.audits[a];
                    if distinct {
                        project.authorities[audit.lead].meta.name.clone()
                    } else {
                        audit.meta.title.clone()
                    }
                })
                .collect();
            let first = tables.first()?;
            let mut groups = Vec::new();
            let mut rows = Vec::new();
            for code in codes {
                let label = tables
                    .iter()
                    .find_map(|t| t.row(code))
                    .map_or_else(|| code.clone(), |r| r.label.clone());
                let mut values = Vec::new();
                let mut cells = Vec::new();
                for table in &tables {
                    let row = table.row(code);
                    let value = row.and_then(|r| {
                        Some((
                            share_of(table, r)?,
                            interval_of(table, r)?.0,
                            interval_of(table, r)?.1,
                        ))
                    });
                    values.push(value);
                    let share_cell = row.map_or(Value::Share(0.0), |r| {
                        r.values.get(1).cloned().unwrap_or(Value::Missing)
                    });
                    let interval_cell = row.map_or(Value::Missing, |r| {
                        r.values.get(2).cloned().unwrap_or(Value::Missing)
                    });
                    cells.push(share_cell);
                    cells.push(interval_cell);
                }
                groups.push(Group {
                    label: label.clone(),
                    values,
                });
                rows.push(Row {
                    label,
                    code: Some(code.clone()),
                    description: None,
                    total: false,
                    values: cells,
                });
            }
            let columns = samples
                .iter()
                .flat_map(|s| {
                    [
                        crate::analyse::publish::Column {
                            label: format!("{s}: share"),
                            kind: ColumnKind::Share,
                            code: None,
                        },
                        crate::analyse::publish::Column {
                            label: format!("{s}: 95% interval"),
                            kind: ColumnKind::Interval,
                            code: None,
                        },
                    ]
                })
                .collect();
            let sizes: Vec<String> = tables.iter().map(|t| t.population.to_string()).collect();
            let sizes = match sizes.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => sizes.join(""),
            };
            let chart = Chart {
                id,
                title: title.to_string(),
                subtitle: format!(
                    "Children in each audit's sample, by {}, with 95% intervals; n = {sizes}",
                    first.title.to_lowercase()
                ),
                series: Series::Grouped { samples, groups },
            };
            let table = PublishedTable {
                id: format!("{}-by-audit", by.replace('_', "-")),
                title: first.title.clone(),
                measure: format!(
                    "Children in each audit's sample, by {}",
                    first.title.to_lowercase()
                ),
                row_header: first.row_header.clone(),
                columns,
                rows,
                population: 0,
                notes: Vec::new(),
            };
            Some((chart, table, None))
        }
        ChartData::Across { audits, by, code } => {
            let mut dots = Vec::new();
            let mut rows = Vec::new();
            let mut measure = String::new();
            for &a in audits {
                let table = evidence.audit(a)?.distributions.get(by)?;
                let row = table.row(code)?;
                measure = if code == "yes" {
                    format!("Children with “{}” recorded", table.title.to_lowercase())
                } else {
                    format!(
                        "Children in “{}” ({})",
                        row.label,
                        table.title.to_lowercase()
                    )
                };
                let audit = &project.audits[a];
                let label = format!(
                    "{} ({})",
                    audit.meta.title, project.authorities[audit.lead].meta.name
                );
                let value = match (share_of(table, row), interval_of(table, row)) {
                    (Some(share), Some((low, high))) => Some((share, low, high)),
                    _ => None,
                };
                dots.push(Dot {
                    label: label.clone(),
                    value,
                });
                let mut values = row.values.clone();
                values.push(Value::Count(table.population));
                rows.push(Row {
                    label,
                    code: Some(audit.id.clone()),
                    description: None,
                    total: false,
                    values,
                });
            }
            let chart = Chart {
                id,
                title: title.to_string(),
                subtitle: format!(
                    "{measure}, as a share of each audit's sample, with 95% intervals"
                ),
                series: Series::Dots(dots),
            };
            let mut columns = evidence
                .audit(*audits.first()?)?
                .distributions
                .get(by)?
                .columns
                .clone();
            columns.push(crate::analyse::publish::Column {
                label: "Children in the sample".into(),
                kind: ColumnKind::Count,
                code: None,
            });
            let table = PublishedTable {
                id: format!(
                    "{}-{}-by-audit",
                    by.replace('_', "-"),
                    crate::slug::slugify(code)
                ),
                title: measure.clone(),
                measure: format!("{measure}, in each audit's sample"),
                row_header: "Audit".into(),
                columns,
                rows,
                population: 0,
                notes: Vec::new(),
            };
            Some((chart, table, None))
        }
    }
}

/// A figure for prose ("38 (19%)") and the note that says what it is and where it comes from.
pub fn figure(
    project: &Project,
    evidence: &Evidence,
    data: &DataRef,
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
            count_of(row),
            Some(table.population),
            format!("{}: {}", table.row_header, row.label),
        ),
        Some(within) => {
            let j = table
                .columns
                .iter()
                .position(|c| c.code.as_deref() == Some(within))?;
            let count = match row.values.get(j) {
                Some(Value::Count(n)) => Some(*n),
                _ => None,
            };
            let total = match row.values.last() {
                Some(Value::Count(n)) => Some(*n),
                _ => None,
            };
            (
                count,
                total,
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

/// The chart that goes with one of an audit page's standard tables, with a title that says
/// what it shows.
pub fn standard_chart(audit: &AuditEvidence, table: &PublishedTable) -> Option<Chart> {
    let stacked_ids = [
        "age-and-sex",
        "need-group-by-legal-status",
        "need-group-by-placement",
        "matching-by-need-group",
        "only-a-social-worker",
    ];
    let (series, population) = match table.id.as_str() {
        "need-groups" => (Series::Bars(bars(table, false)), table.population),
        "yes-no" => (Series::Bars(bars(table, true)), table.population),
        // Services by need group is too dense to draw: draw how many children had each service.
        "need-group-by-services" => {
            let services = audit.distributions.get(audit.roles.get("services")?)?;
            (Series::Bars(bars(services, false)), services.population)
        }
        id if stacked_ids.contains(&id) => (stacked(table), table.population),
        "need-group-by-age" => (multiples(table), table.population),
        _ => return None,
    };
    let title = match (&series, table.id.as_str()) {
        (Series::Bars(b), "need-groups") => match b.first() {
            Some(Bar {
                label,
                share: Some(s),
                ..
            }) => format!("The largest need group: {label}, {}", percent(*s)),
            _ => table.title.clone(),
        },
        (Series::Bars(b), "need-group-by-services") => match b.first() {
            Some(Bar {
                label,
                share: Some(s),
                ..
            }) => format!(
                "The service most children received: {label}, {}",
                percent(*s)
            ),
            _ => "Services received".to_string(),
        },
        _ => table.title.clone(),
    };
    let subtitle = match table.id.as_str() {
        "need-group-by-services" => format!(
            "Children receiving each service (a child may receive several); {population} children"
        ),
        _ => format!("{}; {population} children", table.measure),
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
