//! Reading a published data file, EES or tidy, into a [`Dataset`]: every cell checked, every
//! problem named by file, row and column with a "did you mean".

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::areas;
use super::dataset::{Dataset, Indicator, Observation, PeriodData};
use super::meta::{DatasetMeta, Format, IndicatorMeta, Polarity};
use super::missing::Figure;
use super::period::Period;
use crate::diagnostics::Diagnostic;
use crate::limits::quote;
use crate::slug::slugify;
use crate::yaml;

/// The standard columns of DfE's open-data files, before their filters and indicators.
const EES_STANDARD: &[&str] = &[
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
];

/// The columns of a tidy file, by the names `columns:` maps onto the file's headings.
const TIDY_COLUMNS: &[&str] = &[
    "area_code",
    "area_name",
    "period",
    "time_identifier",
    "indicator",
    "measure",
    "label",
    "value",
];

/// Where a dataset's files are, for messages.
pub struct Files<'a> {
    /// The YAML, relative to the content folder, and its text.
    pub yaml: &'a Path,
    pub yaml_text: &'a str,
    /// The data file, relative to the content folder, and its text.
    pub data: &'a Path,
    pub data_text: &'a str,
}

struct Table {
    header: Vec<String>,
    /// (line in the file, cells)
    rows: Vec<(usize, Vec<String>)>,
}

fn table(files: &Files<'_>) -> Result<Table, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(files.data_text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(record)) => record.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(e)) => {
            return Err(Diagnostic::error(
                files.data,
                format!("this CSV file cannot be read: {e}"),
            ));
        }
        None => return Err(Diagnostic::error(files.data, "the data file is empty")),
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| {
            Diagnostic::error(files.data, format!("this CSV file cannot be read: {e}"))
                .at(e.position().map_or(1, |p| p.line() as usize), None)
        })?;
        let line = record
            .position()
            .map_or(rows.len() + 2, |p| p.line() as usize);
        if rows.len() == crate::limits::CASE_ROWS * 5 {
            return Err(Diagnostic::error(
                files.data,
                "the data file has more than 1,000,000 rows",
            )
            .at(line, None));
        }
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push((line, cells));
    }
    Ok(Table { header, rows })
}

/// An area of a row: England, a region, or an authority (by its current code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Area {
    England,
    Region(String),
    Authority(String),
}

/// One indicator as the file gives it: which column or code, and which rows.
struct Wanted {
    name: String,
    meta: IndicatorMeta,
    /// EES: (column index, filter column index -> value). Tidy: the code and measure.
    column: usize,
    filters: Vec<(usize, String)>,
    code: String,
    count: Option<usize>,
    base: Option<usize>,
    /// Made from its count and base (a share or rate), not read from a column of its own.
    derived: bool,
}

/// Reads a dataset. Problems are returned together; the dataset comes with them when there
/// is anything usable to show.
pub fn read(
    name: &str,
    meta: DatasetMeta,
    files: &Files<'_>,
) -> (Option<Dataset>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let table = match table(files) {
        Ok(t) => t,
        Err(p) => return (None, vec![p]),
    };
    let at_yaml = |key: &str, value: &str| yaml::locate_value(files.yaml_text, key, value, 1);
    let column_of = |heading: &str| table.header.iter().position(|h| h == heading);
    let unknown_column = |key: &str, heading: &str, problems: &mut Vec<Diagnostic>| {
        let headings: Vec<&str> = table.header.iter().map(String::as_str).collect();
        let help = match yaml::closest(heading, &headings) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("its columns are: {}", headings.join(", ")),
        };
        problems.push(
            Diagnostic::error(
                files.yaml,
                format!(
                    "the data file {} has no column `{}`",
                    files.data.display(),
                    quote(heading)
                ),
            )
            .at_position(at_yaml(key, heading))
            .with_help(help),
        );
    };
    let (wanted, area_columns) = match meta.format {
        Format::Ees => {
            for needed in ["time_period", "geographic_level"] {
                if column_of(needed).is_none() {
                    problems.push(
                        Diagnostic::error(
                            files.data,
                            format!(
                                "this is not a DfE open-data file: it has no column `{needed}`"
                            ),
                        )
                        .at(1, None)
                        .with_help("use `format: tidy` with `columns:` for other files"),
                    );
                }
            }
            if !problems.is_empty() {
                return (None, problems);
            }
            let wanted = ees_indicators(
                &meta,
                &table,
                &mut problems,
                &unknown_column,
                &at_yaml,
                files,
            );
            (wanted, None)
        }
        Format::Tidy => {
            let mut columns: HashMap<&str, usize> = HashMap::new();
            for (ours, theirs) in &meta.columns {
                if !TIDY_COLUMNS.contains(&ours.as_str()) {
                    let help = match yaml::closest(ours, TIDY_COLUMNS) {
                        Some(best) => format!(
                            "did you mean `{best}`? The columns are: {}",
                            TIDY_COLUMNS.join(", ")
                        ),
                        None => format!("the columns are: {}", TIDY_COLUMNS.join(", ")),
                    };
                    problems.push(
                        Diagnostic::error(
                            files.yaml,
                            format!("a tidy file has no column called `{}`", quote(ours)),
                        )
                        .at_position(at_yaml(ours, theirs))
                        .with_help(help),
                    );
                }
            }
            for &ours in TIDY_COLUMNS {
                let heading = meta.columns.get(ours).map_or(ours, String::as_str);
                match column_of(heading) {
                    Some(i) => {
                        columns.insert(ours, i);
                    }
                    None if meta.columns.contains_key(ours) => unknown_column(ours, heading, &mut problems),
                    None if matches!(ours, "area_code" | "period" | "indicator" | "value") => problems.push(
                        Diagnostic::error(files.data, format!("the data file has no column `{ours}`"))
                            .at(1, None)
                            .with_help(format!("map it to the file's heading in {} with `columns: {{{ours}: \"...\"}}`", files.yaml.display())),
                    ),
                    None => {}
                }
            }
            if !problems.is_empty() {
                return (None, problems);
            }
            let wanted = tidy_indicators(&meta, &table, &columns, &mut problems, &at_yaml, files);
            (wanted, Some(columns))
        }
    };
    if wanted.is_empty() {
        return (None, problems);
    }
    // (indicator, period key) -> period data
    let mut series: Vec<BTreeMap<(i32, u8), PeriodData>> = vec![BTreeMap::new(); wanted.len()];
    let mut seen: BTreeSet<(usize, (i32, u8), Area)> = BTreeSet::new();
    let mut skipped_districts = 0;
    for (line, cells) in &table.rows {
        if problems.len() > crate::limits::PROBLEMS_PER_FILE {
            break;
        }
        let cell = |i: usize| cells.get(i).map_or("", String::as_str);
        let error = |column: usize, message: String, help: &str| {
            Diagnostic::error(files.data, message)
                .at(*line, Some(column + 1))
                .with_help(help.to_string())
        };
        let (period_column, identifier, area) = match &area_columns {
            None => {
                let level = cell(column_of("geographic_level").unwrap_or(0));
                let period_column = column_of("time_period").unwrap_or(0);
                let identifier = column_of("time_identifier").map(cell);
                let area = match level {
                    "National" => Area::England,
                    "Regional" => {
                        let code = cell(column_of("region_code").unwrap_or(0));
                        if code.starts_with("E13") {
                            // Inner and Outer London: parts of the London region.
                            continue;
                        }
                        Area::Region(code.to_string())
                    }
                    "Local authority" => {
                        let (column, code) = match column_of("new_la_code").map(|i| (i, cell(i))) {
                            Some((i, code)) if !code.is_empty() => (i, code.to_string()),
                            _ => {
                                let i = column_of("old_la_code").unwrap_or(0);
                                (i, cell(i).to_string())
                            }
                        };
                        match areas::lookup(&code) {
                            Some(known) => Area::Authority(known.ons.clone()),
                            None => {
                                problems.push(unknown_area(files.data, *line, column, &code));
                                continue;
                            }
                        }
                    }
                    _ => continue,
                };
                (period_column, identifier, area)
            }
            Some(columns) => {
                let code_column = columns["area_code"];
                let code = cell(code_column);
                let area = if code == areas::ENGLAND {
                    Area::England
                } else if code.starts_with("E12") {
                    Area::Region(code.to_string())
                } else if code.starts_with("E13") {
                    continue;
                } else if code.starts_with("E07")
                    || code.starts_with("E47")
                    || code.starts_with("E61")
                {
                    skipped_districts += 1;
                    continue;
                } else {
                    match areas::lookup(code) {
                        Some(known) => Area::Authority(known.ons.clone()),
                        None => {
                            problems.push(unknown_area(files.data, *line, code_column, code));
                            continue;
                        }
                    }
                };
                (
                    columns["period"],
                    columns.get("time_identifier").map(|&i| cell(i)),
                    area,
                )
            }
        };
        let Some(period) = Period::parse(cell(period_column), identifier) else {
            problems.push(error(
                period_column,
                format!(
                    "`{}` is not a period auditpress can read",
                    quote(cell(period_column))
                ),
                "write periods as 2023, 2022-23, 2022/23, or 202223 with a time_identifier",
            ));
            continue;
        };
        for (w, wanted) in wanted.iter().enumerate() {
            let value_column = match &area_columns {
                None => {
                    if !wanted.filters.iter().all(|(i, v)| cell(*i) == v) {
                        continue;
                    }
                    wanted.column
                }
                Some(columns) => {
                    let code_matches = cell(columns["indicator"]) == wanted.code;
                    let measure_matches = match (&wanted.meta.measure, columns.get("measure")) {
                        (Some(m), Some(&i)) => cell(i) == m,
                        _ => true,
                    };
                    if !code_matches || !measure_matches {
                        continue;
                    }
                    columns["value"]
                }
            };
            let figure = if wanted.derived {
                let part = |i: Option<usize>| i.and_then(|i| Figure::parse(cell(i)));
                let scale = wanted.meta.unit.and_then(|u| u.scale()).unwrap_or(1.0);
                match (part(wanted.count), part(wanted.base)) {
                    (Some(Figure::Number(c)), Some(Figure::Number(b))) if b > 0.0 => {
                        Some(Figure::Number(c / b * scale))
                    }
                    (Some(Figure::Number(_)), Some(Figure::Number(_))) => {
                        Some(Figure::Missing(super::missing::Symbol::NotApplicable))
                    }
                    (Some(Figure::Missing(s)), _) | (_, Some(Figure::Missing(s))) => {
                        Some(Figure::Missing(s))
                    }
                    _ => None,
                }
            } else {
                Figure::parse(cell(value_column))
            };
            let value_column = if wanted.derived {
                wanted.count.unwrap_or(value_column)
            } else {
                value_column
            };
            let Some(figure) = figure else {
                problems.push(error(
                    value_column,
                    format!("`{}` is neither a number nor a symbol such as c, x, z or u", quote(cell(value_column))),
                    "a missing value is written with its reason (c, x, z, u, low, k, :, ~) or left empty",
                ));
                continue;
            };
            if !seen.insert((w, period.key(), area.clone())) {
                problems.push(error(
                    value_column,
                    format!("{} is given twice for this area and period", wanted.name),
                    "keep one row for each area, period and indicator",
                ));
                continue;
            }
            let number = |i: Option<usize>| {
                i.and_then(|i| Figure::parse(cell(i)))
                    .and_then(Figure::number)
            };
            let data = series[w].entry(period.key()).or_insert_with(|| PeriodData {
                period,
                england: None,
                regions: BTreeMap::new(),
                authorities: BTreeMap::new(),
            });
            match &area {
                Area::England => data.england = Some(figure),
                Area::Region(code) => {
                    data.regions.insert(code.clone(), figure);
                }
                Area::Authority(code) => {
                    data.authorities.insert(
                        code.clone(),
                        Observation {
                            figure,
                            count: number(wanted.count),
                            base: number(wanted.base),
                        },
                    );
                }
            }
        }
    }
    if skipped_districts > 0 {
        problems.push(
            Diagnostic::warning(files.data, format!("{skipped_districts} rows of district councils and combined authorities are left out"))
                .with_help("children's services are run by counties, unitary authorities, metropolitan districts and London boroughs"),
        );
    }
    let indicators = wanted
        .into_iter()
        .zip(series)
        .map(|(w, periods)| {
            let unit = w.meta.unit.unwrap_or_default();
            let polarity = w
                .meta
                .polarity
                .or_else(|| meta.polarity.get(&w.name).copied())
                .or_else(|| {
                    w.meta
                        .column
                        .as_ref()
                        .and_then(|c| meta.polarity.get(c).copied())
                })
                .unwrap_or(Polarity::HigherIsBetter);
            Indicator {
                id: format!("{name}/{}", w.name),
                label: w
                    .meta
                    .label
                    .clone()
                    .unwrap_or_else(|| w.name.replace(['_', '-'], " ")),
                decimals: w.meta.decimals.unwrap_or_else(|| unit.default_decimals()),
                unit,
                polarity,
                has_intervals: w.count.is_some() && w.base.is_some() && unit.scale().is_some(),
                name: w.name,
                periods: periods.into_values().collect(),
            }
        })
        .collect();
    (
        Some(Dataset {
            name: name.to_string(),
            meta,
            source: files.yaml.to_path_buf(),
            indicators,
            comparators: None,
        }),
        problems,
    )
}

fn unknown_area(file: &Path, line: usize, column: usize, code: &str) -> Diagnostic {
    let codes: Vec<&str> = areas::all().iter().map(|a| a.ons.as_str()).collect();
    let help = match yaml::closest(code, &codes) {
        Some(best) => format!("did you mean `{best}` ({})?", areas::by_ons(best).map_or("", |a| a.name.as_str())),
        None => "use the authority's ONS code (such as E09000029) or DfE's three-digit number (such as 319)".to_string(),
    };
    Diagnostic::error(
        file,
        format!(
            "there is no English authority with the code `{}`",
            quote(code)
        ),
    )
    .at(line, Some(column + 1))
    .with_help(help)
}

/// An EES file's indicators: those the YAML names, or every indicator column with each
/// combination of its filter values.
fn ees_indicators(
    meta: &DatasetMeta,
    table: &Table,
    problems: &mut Vec<Diagnostic>,
    unknown_column: &dyn Fn(&str, &str, &mut Vec<Diagnostic>),
    at_yaml: &dyn Fn(&str, &str) -> Option<crate::diagnostics::Position>,
    files: &Files<'_>,
) -> Vec<Wanted> {
    let extra: Vec<usize> = (0..table.header.len())
        .filter(|&i| !EES_STANDARD.contains(&table.header[i].as_str()))
        .collect();
    let numeric = |i: usize| {
        table
            .rows
            .iter()
            .all(|(_, cells)| cells.get(i).is_none_or(|c| Figure::parse(c).is_some()))
    };
    let (indicator_columns, filter_columns): (Vec<usize>, Vec<usize>) =
        extra.iter().partition(|&&i| numeric(i));
    let column_of = |heading: &str| table.header.iter().position(|h| h == heading);
    let mut wanted = Vec::new();
    if meta.indicators.is_empty() {
        let combinations: BTreeSet<Vec<String>> = table
            .rows
            .iter()
            .map(|(_, cells)| {
                filter_columns
                    .iter()
                    .map(|&i| cells.get(i).cloned().unwrap_or_default())
                    .collect()
            })
            .collect();
        for &column in &indicator_columns {
            for combination in &combinations {
                let heading = &table.header[column];
                let name = if combinations.len() == 1 {
                    heading.clone()
                } else {
                    format!("{heading}-{}", slugify(&combination.join(" ")))
                };
                let label = if combinations.len() == 1 {
                    heading.replace('_', " ")
                } else {
                    format!("{} ({})", heading.replace('_', " "), combination.join(", "))
                };
                wanted.push(Wanted {
                    name,
                    meta: IndicatorMeta {
                        label: Some(label),
                        ..IndicatorMeta::default()
                    },
                    column,
                    filters: filter_columns
                        .iter()
                        .copied()
                        .zip(combination.iter().cloned())
                        .collect(),
                    code: String::new(),
                    count: None,
                    base: None,
                    derived: false,
                });
            }
        }
        return wanted;
    }
    for (name, indicator) in &meta.indicators {
        let heading = indicator.column.clone().unwrap_or_else(|| name.clone());
        let derived = indicator.column.is_none()
            && indicator.count.is_some()
            && indicator.base.is_some()
            && column_of(&heading).is_none();
        let column = match column_of(&heading) {
            Some(column) => column,
            None if derived => 0,
            None => {
                unknown_column("column", &heading, problems);
                continue;
            }
        };
        let mut filters = Vec::new();
        for (filter, value) in &indicator.filters {
            let Some(i) = column_of(filter) else {
                unknown_column(filter, filter, problems);
                continue;
            };
            let values: BTreeSet<&str> = table
                .rows
                .iter()
                .filter_map(|(_, c)| c.get(i).map(String::as_str))
                .collect();
            if !values.contains(value.as_str()) {
                let list: Vec<&str> = values.into_iter().collect();
                let help = match yaml::closest(value, &list) {
                    Some(best) => format!("did you mean \"{best}\"?"),
                    None => format!("its values are: {}", list.join("; ")),
                };
                problems.push(
                    Diagnostic::error(
                        files.yaml,
                        format!("the column `{filter}` has no value \"{}\"", quote(value)),
                    )
                    .at_position(at_yaml(filter, value))
                    .with_help(help),
                );
                continue;
            }
            filters.push((i, value.clone()));
        }
        // Filters the YAML leaves open must not split the rows, or values would clash.
        for &f in &filter_columns {
            if filters.iter().any(|(i, _)| *i == f) {
                continue;
            }
            let values: BTreeSet<&str> = table
                .rows
                .iter()
                .filter(|(_, c)| filters.iter().all(|(i, v)| c.get(*i) == Some(v)))
                .filter_map(|(_, c)| c.get(f).map(String::as_str))
                .collect();
            if values.len() > 1 {
                let list: Vec<&str> = values.into_iter().collect();
                problems.push(
                    Diagnostic::error(
                        files.yaml,
                        format!("the indicator `{name}` has several rows for each area and period, one for each `{}`", table.header[f]),
                    )
                    .at_position(at_yaml(name, ""))
                    .with_help(format!("choose one with `filters: {{{}: \"{}\"}}`; the values are: {}", table.header[f], list[0], list.join("; "))),
                );
            }
        }
        let optional = |heading: &Option<String>, key: &str, problems: &mut Vec<Diagnostic>| {
            heading.as_ref().and_then(|h| match column_of(h) {
                Some(i) => Some(i),
                None => {
                    unknown_column(key, h, problems);
                    None
                }
            })
        };
        let count = optional(&indicator.count, "count", problems);
        let base = optional(&indicator.base, "base", problems);
        if derived && (count.is_none() || base.is_none()) {
            continue;
        }
        wanted.push(Wanted {
            name: name.clone(),
            meta: indicator.clone(),
            column,
            filters,
            code: String::new(),
            count,
            base,
            derived,
        });
    }
    wanted
}

/// A tidy file's indicators: those the YAML names, or every code (and measure) in the file.
fn tidy_indicators(
    meta: &DatasetMeta,
    table: &Table,
    columns: &HashMap<&str, usize>,
    problems: &mut Vec<Diagnostic>,
    at_yaml: &dyn Fn(&str, &str) -> Option<crate::diagnostics::Position>,
    files: &Files<'_>,
) -> Vec<Wanted> {
    let cell = |cells: &Vec<String>, key: &str| {
        columns
            .get(key)
            .and_then(|&i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    };
    // (code, measure) -> a label from the file, if it has one
    let mut found: BTreeMap<(String, String), String> = BTreeMap::new();
    for (_, cells) in &table.rows {
        found
            .entry((cell(cells, "indicator"), cell(cells, "measure")))
            .or_insert_with(|| cell(cells, "label"));
    }
    let value_column = columns["value"];
    let mut wanted = Vec::new();
    if meta.indicators.is_empty() {
        for ((code, measure), label) in &found {
            let name = slugify(&format!("{code} {measure}"));
            let label = if label.is_empty() {
                format!("{code} {measure}").trim().to_string()
            } else {
                label.clone()
            };
            wanted.push(Wanted {
                name,
                meta: IndicatorMeta {
                    label: Some(label),
                    measure: (!measure.is_empty()).then(|| measure.clone()),
                    ..IndicatorMeta::default()
                },
                column: value_column,
                filters: Vec::new(),
                code: code.clone(),
                count: None,
                base: None,
                derived: false,
            });
        }
        return wanted;
    }
    let codes: BTreeSet<&str> = found.keys().map(|(c, _)| c.as_str()).collect();
    for (name, indicator) in &meta.indicators {
        let code = indicator.column.clone().unwrap_or_else(|| name.clone());
        if !codes.contains(code.as_str()) {
            let list: Vec<&str> = codes.iter().copied().collect();
            let help = match yaml::closest(&code, &list) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("its indicators are: {}", list.join(", ")),
            };
            problems.push(
                Diagnostic::error(
                    files.yaml,
                    format!(
                        "the data file {} has no indicator `{}`",
                        files.data.display(),
                        quote(&code)
                    ),
                )
                .at_position(at_yaml(name, ""))
                .with_help(help),
            );
            continue;
        }
        let mut indicator = indicator.clone();
        if indicator.label.is_none() {
            indicator.label = found
                .iter()
                .find(|((c, m), _)| *c == code && indicator.measure.as_ref().is_none_or(|x| x == m))
                .map(|(_, label)| label.clone())
                .filter(|l| !l.is_empty());
        }
        wanted.push(Wanted {
            name: name.clone(),
            meta: indicator,
            column: value_column,
            filters: Vec::new(),
            code,
            count: None,
            base: None,
            derived: false,
        });
    }
    wanted
}

/// The data file a dataset names, relative to the content folder.
pub fn data_path(yaml: &Path, meta: &DatasetMeta) -> PathBuf {
    yaml.parent().unwrap_or(Path::new("")).join(&meta.file)
}
