//! One column of a case file, cell by cell: each value typed and checked, each problem named
//! by row with a suggestion, and the first few of a column spelled out.

use std::collections::BTreeMap;

use time::Date;

use crate::analyse::data::{Category, Values};
use crate::limits;
use crate::model::{FieldRole, FieldSpec, FieldType, parse_iso_date};
use crate::yaml;

use super::PROBLEMS_PER_COLUMN;
use super::schema::ResolvedField;

pub(super) type Problem = (usize, String, Option<String>);

/// A column's problems: the first [`PROBLEMS_PER_COLUMN`] spelled out, the rest only counted,
/// so a file whose every cell is wrong takes no longer to check than a good one.
#[derive(Default)]
pub(super) struct Problems {
    pub(super) listed: Vec<Problem>,
    /// Problems past the listed ones, and the row of the first of them.
    pub(super) more: usize,
    pub(super) first_more: usize,
}

impl Problems {
    fn add(&mut self, row: usize, problem: impl FnOnce() -> (String, Option<String>)) {
        if self.listed.len() < PROBLEMS_PER_COLUMN {
            let (message, help) = problem();
            self.listed.push((row, message, help));
        } else {
            if self.more == 0 {
                self.first_more = row;
            }
            self.more += 1;
        }
    }
}

/// Checks one column; returns its typed values, or `None` for ids and free text (not kept).
pub(super) fn check_column<'t>(
    field: &ResolvedField,
    cells: impl Iterator<Item = (usize, &'t str)>,
    today: Date,
    problems: &mut Problems,
    ids: &mut BTreeMap<&'t str, usize>,
) -> Option<Values> {
    let spec = &field.spec;
    let name = &spec.name;
    let mut ints = Vec::new();
    let mut numbers = Vec::new();
    let mut picks = Vec::new();
    let mut multis = Vec::new();
    let mut flags = Vec::new();
    let mut dates = Vec::new();
    for (row, cell) in cells {
        if cell.is_empty() {
            if spec.required || spec.kind == FieldType::Id {
                problems.add(row, || {
                    (
                        format!("{name} is empty, but every child needs one"),
                        Some("fill it in".to_string()),
                    )
                });
            }
            ints.push(None);
            numbers.push(None);
            picks.push(None);
            multis.push(Vec::new());
            flags.push(None);
            dates.push(None);
            continue;
        }
        match spec.kind {
            FieldType::Id => {
                if let Some(first) = ids.insert(cell, row) {
                    problems.add(row, || {
                        (
                            format!(
                                "the case id {} is used twice (first on row {first})",
                                limits::quote(cell)
                            ),
                            Some("each child's record needs its own id".to_string()),
                        )
                    });
                }
            }
            FieldType::FreeText => {}
            FieldType::Integer => match cell.parse::<i64>() {
                Ok(n) => {
                    check_range(n as f64, cell, spec, row, problems);
                    ints.push(Some(n));
                }
                Err(_) => {
                    problems.add(row, || {
                        (
                            format!("{name} \"{}\" is not a whole number", limits::quote(cell)),
                            None,
                        )
                    });
                    ints.push(None);
                }
            },
            FieldType::Number => match parse_number(cell) {
                Some(n) => {
                    check_range(n, cell, spec, row, problems);
                    numbers.push(Some(n));
                }
                None => {
                    problems.add(row, || {
                        (
                            format!("{name} \"{}\" is not a number", limits::quote(cell)),
                            None,
                        )
                    });
                    numbers.push(None);
                }
            },
            FieldType::Category | FieldType::Band => match find_code(&field.categories, cell) {
                Some(i) => picks.push(Some(i)),
                None => {
                    problems.add(row, || {
                        (
                            format!(
                                "{name} \"{}\" is not one of {}",
                                limits::quote(cell),
                                code_list(&field.categories)
                            ),
                            suggestion(&field.categories, cell, spec),
                        )
                    });
                    picks.push(None);
                }
            },
            FieldType::MultiCategory => {
                let separator = spec.separator.as_deref().unwrap_or(";");
                let mut chosen = Vec::new();
                for part in cell
                    .split(separator)
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    match find_code(&field.categories, part) {
                        Some(i) if !chosen.contains(&i) => chosen.push(i),
                        Some(_) => {}
                        None => problems.add(row, || {
                            (
                                format!(
                                    "{name} has \"{}\", which is not one of {}",
                                    limits::quote(part),
                                    code_list(&field.categories)
                                ),
                                suggestion(&field.categories, part, spec),
                            )
                        }),
                    }
                }
                chosen.sort_unstable();
                multis.push(chosen);
            }
            FieldType::YesNo => match cell.to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" | "1" => flags.push(Some(true)),
                "no" | "n" | "false" | "0" => flags.push(Some(false)),
                _ => {
                    problems.add(row, || {
                        (
                            format!("{name} \"{}\" is not yes or no", limits::quote(cell)),
                            Some("write yes or no".to_string()),
                        )
                    });
                    flags.push(None);
                }
            },
            FieldType::Date => {
                match parse_date(cell) {
                    Some(date) if date > today => {
                        problems.add(row, || {
                            (
                                format!("{name} {} is in the future", limits::quote(cell)),
                                Some("check the year".to_string()),
                            )
                        });
                        dates.push(None);
                    }
                    Some(date) => dates.push(Some(date)),
                    None => {
                        problems.add(row, || {
                            (format!("{name} \"{}\" is not a date", limits::quote(cell)),
                        Some(
                            "write dates as YYYY-MM-DD (2001-03-31) or DD/MM/YYYY (31/03/2001)"
                                .to_string(),
                        ))
                        });
                        dates.push(None);
                    }
                }
            }
        }
    }
    let categories = field.categories.clone();
    match spec.kind {
        FieldType::Id | FieldType::FreeText => None,
        FieldType::Integer => Some(Values::Integer(ints)),
        FieldType::Number => Some(Values::Number(numbers)),
        FieldType::Category | FieldType::Band => Some(Values::Category {
            categories,
            values: picks,
        }),
        FieldType::MultiCategory => Some(Values::Multi {
            categories,
            values: multis,
        }),
        FieldType::YesNo => Some(Values::YesNo(flags)),
        FieldType::Date => Some(Values::Date(dates)),
    }
}

pub(super) fn check_range(
    value: f64,
    cell: &str,
    spec: &FieldSpec,
    row: usize,
    problems: &mut Problems,
) {
    let show = |x: f64| {
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            x.to_string()
        }
    };
    if let Some(max) = spec.max
        && value > max
    {
        problems.add(row, || {
            (
                format!(
                    "{} {} is more than {}, the most allowed",
                    spec.name,
                    limits::quote(cell),
                    show(max)
                ),
                Some("check for a typing slip".to_string()),
            )
        });
    }
    if let Some(min) = spec.min
        && value < min
    {
        problems.add(row, || {
            (
                format!(
                    "{} {} is less than {}, the least allowed",
                    spec.name,
                    limits::quote(cell),
                    show(min)
                ),
                Some("check for a typing slip".to_string()),
            )
        });
    }
}

/// A number as people type them in spreadsheets: "1,250.50" or "£1,250" are fine.
pub(super) fn parse_number(cell: &str) -> Option<f64> {
    let cleaned: String = cell
        .trim_start_matches('£')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// ISO dates, or the UK's day/month/year.
pub(super) fn parse_date(cell: &str) -> Option<Date> {
    if let Some(date) = parse_iso_date(cell) {
        return Some(date);
    }
    let parts: Vec<&str> = cell.split('/').collect();
    if let [d, m, y] = parts.as_slice()
        && y.len() == 4
    {
        return parse_iso_date(&format!("{y}-{m:0>2}-{d:0>2}"));
    }
    None
}

pub(super) fn find_code(categories: &[Category], cell: &str) -> Option<usize> {
    categories.iter().position(|c| c.code == cell)
}

pub(super) fn code_list(categories: &[Category]) -> String {
    const SHOWN: usize = 12;
    let codes: Vec<&str> = categories
        .iter()
        .take(SHOWN)
        .map(|c| c.code.as_str())
        .collect();
    let more = if categories.len() > SHOWN {
        ", ..."
    } else {
        ""
    };
    format!("{}{more}", codes.join(", "))
}

pub(super) fn suggestion(categories: &[Category], cell: &str, spec: &FieldSpec) -> Option<String> {
    let codes: Vec<&str> = categories.iter().map(|c| c.code.as_str()).collect();
    if let Some(exact) = categories
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(cell))
    {
        return Some(format!("codes are case-sensitive: write `{}`", exact.code));
    }
    if let Some(by_label) = categories
        .iter()
        .find(|c| c.label.eq_ignore_ascii_case(cell))
    {
        return Some(format!(
            "write the code `{}` for \"{}\"",
            by_label.code, by_label.label
        ));
    }
    if let Some(best) = yaml::closest(cell, &codes) {
        return Some(format!("did you mean `{best}`?"));
    }
    if spec.role == Some(FieldRole::NeedGroup) {
        return Some("need groups are listed in audit.yaml".to_string());
    }
    spec.missing
        .as_ref()
        .map(|missing| format!("leave it empty for \"{missing}\""))
}
