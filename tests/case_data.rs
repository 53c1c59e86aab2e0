//! Case files: every bad cell is reported with its file, row and column; an Excel workbook and
//! a CSV file holding the same rows give the same site.

mod common;

use common::Project;

const CASES: &str = "authorities/example-borough/audits/referrals-2024/cases.csv";
const AUDIT: &str = "authorities/example-borough/audits/referrals-2024/audit.yaml";

/// The starter's case file as rows of cells (the header first).
fn rows(p: &Project) -> Vec<Vec<String>> {
    let text = p.read(CASES);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

fn write_rows(p: &Project, rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    p.write(CASES, writer.into_inner().unwrap());
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap()
}

/// Sets the cell of `name` on spreadsheet row `row` (the header is row 1).
fn set(rows: &mut [Vec<String>], row: usize, name: &str, value: &str) {
    let c = column(rows, name);
    rows[row - 1][c] = value.to_string();
}

#[test]
fn every_bad_cell_names_file_row_column_and_value() {
    let p = Project::new();
    let mut r = rows(&p);
    let first_id = r[1][0].clone();
    set(&mut r, 3, "case_id", &first_id);
    set(&mut r, 4, "age", "212");
    set(&mut r, 5, "need_group", "Z");
    set(&mut r, 6, "referral_date", "2031-04-01");
    set(&mut r, 7, "sex", "");
    set(&mut r, 8, "legal_status", "C9");
    write_rows(&p, &r);
    assert_eq!(
        p.problems(),
        [
            format!(
                "{CASES}:3:1: the case id {first_id} is used twice (first on row 2)\n  help: column A; each child's record needs its own id"
            ),
            format!(
                "{CASES}:4:2: age 212 is more than 17, the most allowed\n  help: column B; check for a typing slip"
            ),
            format!(
                "{CASES}:5:26: need_group \"Z\" is not one of A, B, C\n  help: column Z; need groups are listed in audit.yaml"
            ),
            format!(
                "{CASES}:6:7: referral_date 2031-04-01 is in the future\n  help: column G; check the year"
            ),
            format!(
                "{CASES}:7:3: sex is empty, but every child needs one\n  help: column C; fill it in"
            ),
            format!(
                "{CASES}:8:9: legal_status \"C9\" is not one of C1, C2, D1, E1, V2, V3, V4, L1, L2, L3, J1, J2, ...\n  help: column I; did you mean `C1`?"
            ),
        ]
    );
}

#[test]
fn missing_and_undeclared_columns() {
    let p = Project::new();
    let mut r = rows(&p);
    let ethnicity = column(&r, "ethnicity");
    for row in &mut r {
        row.remove(ethnicity);
        row.push(String::new());
    }
    let last = r[0].len() - 1;
    r[0][last] = "social_worker_name".into();
    write_rows(&p, &r);
    assert_eq!(
        p.problems(),
        [
            format!(
                "{CASES}:1: the column `ethnicity` is missing\n  help: the schema declares it: add the column (its cells may be empty where it is not required), or take it out of the schema"
            ),
            format!(
                "{CASES}:1:29: the column `social_worker_name` is not in the schema\n  help: column AC: declare it in the schema (as free-text if it holds notes for the panel) or delete the column"
            ),
        ]
    );
}

#[test]
fn the_sample_size_must_match_the_case_file() {
    let p = Project::new();
    let mut r = rows(&p);
    r.truncate(60);
    write_rows(&p, &r);
    assert_eq!(
        p.problems(),
        [format!(
            "{AUDIT}:6:14: sample_size is 60 but cases.csv has 59 children\n  help: correct sample_size, or add the missing case records (one row per child)"
        )]
    );
}

#[test]
fn a_schema_that_does_not_exist_and_a_case_file_that_does_not_exist() {
    let p = Project::new();
    p.edit(AUDIT, "schema: mns", "schema: mns-2001");
    assert_eq!(
        p.problems(),
        [format!(
            "{AUDIT}:10:9: there is no schema `mns-2001`\n  help: the schemas in this project are: mns"
        )]
    );
    let p = Project::new();
    p.edit(AUDIT, "cases: cases.csv", "cases: children.csv");
    assert_eq!(
        p.problems(),
        [format!(
            "{AUDIT}:11:8: the case file `children.csv` does not exist\n  help: put the case file beside audit.yaml, or name it with `cases: file.csv`"
        )]
    );
}

#[test]
fn schema_mistakes_point_into_the_schema() {
    let p = Project::new();
    p.edit(
        "schemas/mns.yaml",
        "codes: dfe-legal-status",
        "codes: dfe-legal-statuses",
    );
    assert_eq!(
        p.problems(),
        [
            "schemas/mns.yaml:64:11: there is no built-in code list `dfe-legal-statuses`\n  help: did you mean `dfe-legal-status`?"
        ]
    );
}

/// Writes the starter's rows into an Excel workbook, typing cells as Excel would hold them
/// (numbers as numbers, dates as dates), on a sheet called "Cases".
fn workbook_from(rows: &[Vec<String>]) -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Cases").unwrap();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if cell.is_empty() {
                continue;
            }
            if r > 0 && rows[0][c as usize] == "referral_date" {
                let date = ExcelDateTime::parse_from_str(cell).unwrap();
                sheet
                    .write_datetime_with_format(r, c, &date, &date_format)
                    .unwrap();
            } else if let (true, Ok(n)) = (r > 0, cell.parse::<f64>()) {
                sheet.write_number(r, c, n).unwrap();
            } else {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn an_excel_workbook_and_a_csv_file_with_the_same_rows_give_the_same_site() {
    let from_csv = Project::new();
    let from_xlsx = Project::new();
    let r = rows(&from_xlsx);
    from_xlsx.write(
        "authorities/example-borough/audits/referrals-2024/cases.xlsx",
        workbook_from(&r),
    );
    from_xlsx.remove(CASES);
    from_xlsx.edit(AUDIT, "cases: cases.csv", "cases: cases.xlsx\nsheet: Cases");
    for p in [&from_csv, &from_xlsx] {
        let output = p.run(&["build", "--audience", "public"]);
        assert!(output.status.success(), "{}", common::stderr(&output));
    }
    let (a, b) = (
        common::tree(&from_csv.site()),
        common::tree(&from_xlsx.site()),
    );
    let names: Vec<&String> = a.iter().map(|(n, _)| n).collect();
    assert_eq!(names, b.iter().map(|(n, _)| n).collect::<Vec<_>>());
    assert!(names.iter().any(|n| n.ends_with("data/need-groups.json")));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between the CSV and the Excel build");
    }
}

#[test]
fn a_sheet_that_does_not_exist() {
    let p = Project::new();
    let r = rows(&p);
    p.write(
        "authorities/example-borough/audits/referrals-2024/cases.xlsx",
        workbook_from(&r),
    );
    p.edit(
        AUDIT,
        "cases: cases.csv",
        "cases: cases.xlsx\nsheet: Children",
    );
    assert_eq!(
        p.problems(),
        [
            "authorities/example-borough/audits/referrals-2024/cases.xlsx: the workbook has no sheet called \"Children\"\n  help: its sheets are: Cases"
        ]
    );
}
