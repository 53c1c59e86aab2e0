//! Checking an audit's case file against its schema, cell by cell, and turning it into typed
//! columns for the analysis. Case ids are checked for duplicates and free text is read, then
//! both are dropped: neither leaves this module.

mod cells;
mod schema;

use std::collections::BTreeMap;
use std::path::Path;

use time::Date;

use crate::analyse::data::{CaseData, Field};
use crate::codes;
use crate::diagnostics::Diagnostic;
use crate::load::RawTable;
use crate::model::FieldType;
use crate::yaml;

use cells::*;
pub use schema::*;

/// At most this many problems are listed per column; the rest are counted.
const PROBLEMS_PER_COLUMN: usize = 10;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::data::{Category, Values};
    use crate::load::RawRow;
    use crate::model::{FieldSpec, parse_iso_date};

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
