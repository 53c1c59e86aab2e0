//! Checking an audit's case file against its schema, cell by cell, and turning it into typed
//! columns for the analysis. Case ids are checked for duplicates and free text is read, then
//! both are dropped: neither leaves this module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use time::Date;

use crate::analyse::data::{CaseData, Category, Field, Values};
use crate::codes;
use crate::diagnostics::Diagnostic;
use crate::limits;
use crate::load::{LoadedSchema, RawTable, SourceFile};
use crate::model::{
    AuditMeta, CodeLabel, CodeSource, FieldRole, FieldSpec, FieldType, parse_iso_date,
};
use crate::yaml;

/// At most this many problems are listed per column; the rest are counted.
const PROBLEMS_PER_COLUMN: usize = 10;

/// A schema with every code list resolved.
#[derive(Debug, Clone)]
pub struct ResolvedField {
    pub spec: FieldSpec,
    pub categories: Vec<Category>,
}

/// Where an audit's fields were declared, for messages about them.
struct SchemaPlace<'a> {
    file: &'a Path,
    text: &'a str,
}

impl SchemaPlace<'_> {
    fn field_error(&self, field: &str, message: String) -> Diagnostic {
        Diagnostic::error(self.file, message)
            .at_position(yaml::locate_value(self.text, "name", field, 1))
    }
}

/// The audit's fields, from its shared schema or its own `fields:`, checked and resolved.
pub fn resolve_fields(
    meta: &AuditMeta,
    source: &SourceFile,
    schemas: &[LoadedSchema],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<ResolvedField>> {
    let at = |key: &str, value: &str| yaml::locate_value(&source.text, key, value, 1);
    let (specs, place) = match (&meta.schema, meta.fields.is_empty()) {
        (Some(_), false) => {
            diagnostics.push(
                Diagnostic::error(&source.path, "the audit has both `schema` and `fields`")
                    .at_position(at("fields", ""))
                    .with_help("use a shared schema or declare the fields here, not both"),
            );
            return None;
        }
        (None, true) => {
            diagnostics.push(
                Diagnostic::error(&source.path, "the audit does not say what its case file holds")
                    .with_help("add `schema: <name>` naming a file in the schemas folder, or list the columns under `fields:`"),
            );
            return None;
        }
        (Some(name), true) => match schemas.iter().find(|s| &s.name == name) {
            Some(schema) => (
                &schema.schema.fields,
                SchemaPlace {
                    file: &schema.source.path,
                    text: &schema.source.text,
                },
            ),
            None => {
                let known: Vec<&str> = schemas.iter().map(|s| s.name.as_str()).collect();
                let help = match yaml::closest(name, &known) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if known.is_empty() => format!(
                        "schemas live in the content folder's schemas folder, as schemas/{name}.yaml"
                    ),
                    None => format!("the schemas in this project are: {}", known.join(", ")),
                };
                diagnostics.push(
                    Diagnostic::error(&source.path, format!("there is no schema `{name}`"))
                        .at_position(at("schema", name))
                        .with_help(help),
                );
                return None;
            }
        },
        (None, false) => (
            &meta.fields,
            SchemaPlace {
                file: &source.path,
                text: &source.text,
            },
        ),
    };
    let need_groups: Vec<Category> = meta
        .need_groups
        .iter()
        .map(|g| Category {
            code: g.code.clone(),
            label: g.name.clone(),
        })
        .collect();
    check_schema(specs, &place, need_groups, diagnostics)
}

fn check_schema(
    specs: &[FieldSpec],
    place: &SchemaPlace<'_>,
    need_groups: Vec<Category>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<ResolvedField>> {
    let before = diagnostics.len();
    let mut names = BTreeSet::new();
    let mut roles: BTreeMap<FieldRole, &str> = BTreeMap::new();
    let mut resolved = Vec::new();
    for spec in specs {
        let error = |message: String| place.field_error(&spec.name, message);
        if !names.insert(spec.name.as_str()) {
            diagnostics.push(
                error(format!("the field `{}` is declared twice", spec.name))
                    .with_help("give each column one entry"),
            );
        }
        if let Some(role) = spec.role {
            if let Some(other) = roles.insert(role, &spec.name) {
                diagnostics.push(
                    error(format!(
                        "the fields `{other}` and `{}` both have the role {}",
                        spec.name,
                        role.name()
                    ))
                    .with_help("give each role to one column"),
                );
            }
            if let Some(allowed) = types_for_role(role)
                && !allowed.contains(&spec.kind)
            {
                let names: Vec<&str> = allowed.iter().map(|t| t.name()).collect();
                diagnostics.push(
                    error(format!(
                        "the field `{}` has the role {} but the type {}",
                        spec.name,
                        role.name(),
                        spec.kind.name()
                    ))
                    .with_help(format!(
                        "a {} column must be of type {}",
                        role.name(),
                        names.join(" or ")
                    )),
                );
            }
        }
        let categories = match (spec.kind, &spec.codes) {
            (FieldType::Category | FieldType::MultiCategory, None) => {
                diagnostics.push(
                    error(format!(
                        "the {} field `{}` has no codes",
                        spec.kind.name(),
                        spec.name
                    ))
                    .with_help(format!(
                        "add `codes:` with a built-in list ({}) or a list of `code` and `label`",
                        codes::builtin_names().join(", ")
                    )),
                );
                Vec::new()
            }
            (FieldType::Category | FieldType::MultiCategory, Some(CodeSource::Named(name)))
                if name == codes::NEED_GROUPS =>
            {
                need_groups.clone()
            }
            (FieldType::Category | FieldType::MultiCategory, Some(CodeSource::Named(name))) => {
                match codes::builtin(name) {
                    Some(list) => list
                        .iter()
                        .map(|c| Category {
                            code: c.code.to_string(),
                            label: c.label.to_string(),
                        })
                        .collect(),
                    None => {
                        let known = codes::builtin_names();
                        let help = match yaml::closest(name, &known) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => format!("the built-in lists are: {}", known.join(", ")),
                        };
                        diagnostics.push(
                            error(format!("there is no built-in code list `{name}`"))
                                .with_help(help),
                        );
                        Vec::new()
                    }
                }
            }
            (FieldType::Category | FieldType::MultiCategory, Some(CodeSource::Listed(list))) => {
                listed(list, &spec.name, place, diagnostics)
            }
            (FieldType::Band, _) if spec.bands.is_empty() => {
                diagnostics.push(
                    error(format!("the band field `{}` has no bands", spec.name))
                        .with_help("list the bands in order under `bands:`"),
                );
                Vec::new()
            }
            (FieldType::Band, _) => spec
                .bands
                .iter()
                .map(|b| Category {
                    code: b.clone(),
                    label: b.clone(),
                })
                .collect(),
            (_, Some(_)) => {
                diagnostics.push(
                    error(format!(
                        "the {} field `{}` cannot have codes",
                        spec.kind.name(),
                        spec.name
                    ))
                    .with_help("codes belong to category and multi-category fields"),
                );
                Vec::new()
            }
            _ => Vec::new(),
        };
        resolved.push(ResolvedField {
            spec: spec.clone(),
            categories,
        });
    }
    let ids = specs.iter().filter(|s| s.kind == FieldType::Id).count();
    if ids != 1 {
        let file_error = Diagnostic::error(place.file, format!("the schema has {ids} id fields"))
            .with_help("exactly one column holds the pseudonymous case id: give it `type: id` and `role: case-id`");
        diagnostics.push(file_error);
    }
    if !roles.contains_key(&FieldRole::NeedGroup) {
        diagnostics.push(
            Diagnostic::error(place.file, "no field has the role need-group")
                .with_help("the column with the panel's need group needs `role: need-group` and `codes: need-groups`"),
        );
    }
    (diagnostics.len() == before).then_some(resolved)
}

fn listed(
    list: &[CodeLabel],
    field: &str,
    place: &SchemaPlace<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Category> {
    let mut seen = BTreeSet::new();
    for code in list {
        if !seen.insert(code.code.as_str()) {
            diagnostics.push(
                place
                    .field_error(
                        field,
                        format!("the field `{field}` lists the code `{}` twice", code.code),
                    )
                    .with_help("list each code once"),
            );
        }
    }
    list.iter()
        .map(|c| Category {
            code: c.code.clone(),
            label: c.label.clone(),
        })
        .collect()
}

/// The types a column playing `role` may have; `None` where any will do.
fn types_for_role(role: FieldRole) -> Option<&'static [FieldType]> {
    use FieldType::*;
    Some(match role {
        FieldRole::CaseId => &[Id],
        FieldRole::NeedGroup
        | FieldRole::Sex
        | FieldRole::Ethnicity
        | FieldRole::LegalStatus
        | FieldRole::Placement
        | FieldRole::PlacementLocation
        | FieldRole::Matching => &[Category],
        FieldRole::Age => &[Integer, Band],
        FieldRole::Distance => &[Band, Category],
        FieldRole::Services => &[MultiCategory],
        FieldRole::WeeksLookedAfter => &[Integer, Number],
        FieldRole::WeeklyCost => &[Number, Integer],
    })
}

/// "A" for column 1, "AA" for column 27: how a spreadsheet names columns.
pub fn column_letters(mut column: usize) -> String {
    let mut letters = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        letters.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Checks every row and cell of `table` against `fields`, returning the typed data if there
/// were no errors.
pub fn type_cases(
    table: &RawTable,
    file: &Path,
    fields: &[ResolvedField],
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<CaseData> {
    let before = diagnostics.len();
    let sheet = table
        .sheet
        .as_ref()
        .map(|s| format!(" of sheet \"{s}\""))
        .unwrap_or_default();
    let where_column = |col: usize| format!("column {}{sheet}", column_letters(col));

    // Headers: every declared column present, every column declared, none twice.
    let mut position: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, name) in table.header.iter().enumerate() {
        if position.insert(name.as_str(), i).is_some() {
            diagnostics.push(
                Diagnostic::error(file, format!("the column `{name}` appears twice"))
                    .at(1, Some(i + 1))
                    .with_help(format!(
                        "{}: rename or delete one of them",
                        where_column(i + 1)
                    )),
            );
        } else if !fields.iter().any(|f| &f.spec.name == name) {
            let declared: Vec<&str> = fields.iter().map(|f| f.spec.name.as_str()).collect();
            let help = match yaml::closest(name, &declared) {
                Some(best) => format!(
                    "{}: did you mean `{best}`? Otherwise declare it in the schema (as free-text if it holds notes) or delete it",
                    where_column(i + 1)
                ),
                None => format!(
                    "{}: declare it in the schema (as free-text if it holds notes for the panel) or delete the column",
                    where_column(i + 1)
                ),
            };
            diagnostics.push(
                Diagnostic::error(file, format!("the column `{name}` is not in the schema"))
                    .at(1, Some(i + 1))
                    .with_help(help),
            );
        }
    }
    for field in fields {
        if !position.contains_key(field.spec.name.as_str()) {
            diagnostics.push(
                Diagnostic::error(file, format!("the column `{}` is missing", field.spec.name))
                    .at(1, None)
                    .with_help("the schema declares it: add the column (its cells may be empty where it is not required), or take it out of the schema"),
            );
        }
    }
    if diagnostics.len() > before {
        return None;
    }

    let mut columns = Vec::new();
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for field in fields {
        let col = position[field.spec.name.as_str()];
        let mut problems = Problems::default();
        let cells = table.rows.iter().map(|r| (r.number, r.cells[col].as_str()));
        let values = check_column(field, cells, today, &mut problems, &mut ids);
        for (row, message, help) in &problems.listed {
            let mut help_text = where_column(col + 1);
            if let Some(h) = help {
                help_text.push_str("; ");
                help_text.push_str(h);
            }
            diagnostics.push(
                Diagnostic::error(file, message.clone())
                    .at(*row, Some(col + 1))
                    .with_help(help_text),
            );
        }
        if problems.more > 0 {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!(
                        "{} more problems in the column `{}`",
                        problems.more, field.spec.name
                    ),
                )
                .at(problems.first_more, Some(col + 1))
                .with_help("fix the ones listed first; the rest are probably the same mistake"),
            );
        }
        if let Some(values) = values {
            let levels = field
                .categories
                .iter()
                .map(|c| c.code.as_str())
                .eq(codes::MNS_NEED_LEVEL.iter().map(|c| c.code));
            columns.push(Field {
                name: field.spec.name.clone(),
                label: field.spec.label.clone(),
                role: field.spec.role,
                missing: field.spec.missing.clone(),
                ordered: matches!(
                    field.spec.kind,
                    FieldType::Band | FieldType::YesNo | FieldType::Integer
                ) || levels,
                values,
            });
        }
    }
    (diagnostics.len() == before).then_some(CaseData {
        children: table.rows.len(),
        fields: columns,
    })
}

type Problem = (usize, String, Option<String>);

/// A column's problems: the first [`PROBLEMS_PER_COLUMN`] spelled out, the rest only counted,
/// so a file whose every cell is wrong takes no longer to check than a good one.
#[derive(Default)]
struct Problems {
    listed: Vec<Problem>,
    /// Problems past the listed ones, and the row of the first of them.
    more: usize,
    first_more: usize,
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
fn check_column<'t>(
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

fn check_range(value: f64, cell: &str, spec: &FieldSpec, row: usize, problems: &mut Problems) {
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
fn parse_number(cell: &str) -> Option<f64> {
    let cleaned: String = cell
        .trim_start_matches('£')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// ISO dates, or the UK's day/month/year.
fn parse_date(cell: &str) -> Option<Date> {
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

fn find_code(categories: &[Category], cell: &str) -> Option<usize> {
    categories.iter().position(|c| c.code == cell)
}

fn code_list(categories: &[Category]) -> String {
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

fn suggestion(categories: &[Category], cell: &str, spec: &FieldSpec) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::RawRow;

    fn spec(name: &str, kind: FieldType) -> FieldSpec {
        FieldSpec::plain(name, name, kind)
    }

    fn resolved(spec: FieldSpec, codes: &[&str]) -> ResolvedField {
        ResolvedField {
            spec,
            categories: codes
                .iter()
                .map(|c| Category {
                    code: c.to_string(),
                    label: format!("label {c}"),
                })
                .collect(),
        }
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> RawTable {
        RawTable {
            sheet: None,
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| RawRow {
                    number: i + 2,
                    cells: r.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
        }
    }

    fn today() -> Date {
        parse_iso_date("2026-11-26").unwrap()
    }

    fn problems(t: &RawTable, fields: &[ResolvedField]) -> (Option<CaseData>, Vec<String>) {
        let mut d = Vec::new();
        let data = type_cases(t, Path::new("a/cases.csv"), fields, today(), &mut d);
        (data, d.iter().map(|x| x.to_string()).collect())
    }

    fn fields() -> Vec<ResolvedField> {
        let mut age = spec("age", FieldType::Integer);
        age.max = Some(17.0);
        age.min = Some(0.0);
        age.required = true;
        let mut legal = spec("legal_status", FieldType::Category);
        legal.missing = Some("Not looked after".to_string());
        vec![
            resolved(spec("case_id", FieldType::Id), &[]),
            resolved(age, &[]),
            resolved(legal, &["C1", "C2", "E1", "V2"]),
            resolved(
                spec("services", FieldType::MultiCategory),
                &["social-worker", "camhs"],
            ),
            resolved(spec("referral_date", FieldType::Date), &[]),
            resolved(spec("summary", FieldType::FreeText), &[]),
        ]
    }

    #[test]
    fn good_rows_become_typed_columns_without_ids_or_free_text() {
        let t = table(
            &[
                "case_id",
                "age",
                "legal_status",
                "services",
                "referral_date",
                "summary",
            ],
            &[
                &[
                    "X-1",
                    "4",
                    "C2",
                    "camhs; social-worker",
                    "2001-03-31",
                    "private words",
                ],
                &["X-2", "15", "", "social-worker", "31/03/2001", ""],
            ],
        );
        let (data, p) = problems(&t, &fields());
        assert!(p.is_empty(), "{p:?}");
        let data = data.unwrap();
        assert_eq!(data.children, 2);
        let names: Vec<&str> = data.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["age", "legal_status", "services", "referral_date"]);
        assert_eq!(
            data.fields[0].values,
            Values::Integer(vec![Some(4), Some(15)])
        );
        match &data.fields[2].values {
            Values::Multi { values, .. } => assert_eq!(values, &vec![vec![0, 1], vec![0]]),
            other => panic!("{other:?}"),
        }
        assert!(!format!("{data:?}").contains("private words"));
        assert!(!format!("{data:?}").contains("X-1"));
    }

    #[test]
    fn every_bad_cell_is_named_by_row_and_column() {
        let t = table(
            &[
                "case_id",
                "age",
                "legal_status",
                "services",
                "referral_date",
                "summary",
            ],
            &[
                &["X-1", "212", "C9", "social-worker;gym", "2031-01-05", ""],
                &["X-1", "", "c2", "", "31/02/2001", ""],
            ],
        );
        let (data, p) = problems(&t, &fields());
        assert!(data.is_none());
        assert_eq!(
            p,
            [
                "a/cases.csv:3:1: the case id X-1 is used twice (first on row 2)\n  help: column A; each child's record needs its own id",
                "a/cases.csv:2:2: age 212 is more than 17, the most allowed\n  help: column B; check for a typing slip",
                "a/cases.csv:3:2: age is empty, but every child needs one\n  help: column B; fill it in",
                "a/cases.csv:2:3: legal_status \"C9\" is not one of C1, C2, E1, V2\n  help: column C; did you mean `C1`?",
                "a/cases.csv:3:3: legal_status \"c2\" is not one of C1, C2, E1, V2\n  help: column C; codes are case-sensitive: write `C2`",
                "a/cases.csv:2:4: services has \"gym\", which is not one of social-worker, camhs\n  help: column D",
                "a/cases.csv:2:5: referral_date 2031-01-05 is in the future\n  help: column E; check the year",
                "a/cases.csv:3:5: referral_date \"31/02/2001\" is not a date\n  help: column E; write dates as YYYY-MM-DD (2001-03-31) or DD/MM/YYYY (31/03/2001)",
            ]
        );
    }

    #[test]
    fn missing_and_undeclared_columns() {
        let t = table(
            &[
                "case_id",
                "age",
                "notes",
                "legal_status",
                "services",
                "summary",
            ],
            &[],
        );
        let (_, p) = problems(&t, &fields());
        assert_eq!(
            p,
            [
                "a/cases.csv:1:3: the column `notes` is not in the schema\n  help: column C: declare it in the schema (as free-text if it holds notes for the panel) or delete the column",
                "a/cases.csv:1: the column `referral_date` is missing\n  help: the schema declares it: add the column (its cells may be empty where it is not required), or take it out of the schema",
            ]
        );
    }

    #[test]
    fn column_letters_as_spreadsheets_show_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(29), "AC");
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(parse_number("£1,250.50"), Some(1250.5));
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("twelve"), None);
    }
}
