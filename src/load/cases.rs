//! Reading an audit's case file, CSV or Excel, into rows of text cells numbered as the
//! spreadsheet numbers them (the header is row 1). Typing and checking the cells is the
//! validate stage's work.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::text::decode_text;
use crate::diagnostics::Diagnostic;

/// A case file's cells, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    /// For Excel files, the sheet read.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<RawRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// The row's number as the spreadsheet shows it.
    pub number: usize,
    pub cells: Vec<String>,
}

/// Reads the case file `bytes` (found at `file`, for messages). `sheet` picks an Excel sheet.
pub fn read_cases(
    bytes: Vec<u8>,
    file: &Path,
    sheet: Option<&str>,
) -> Result<RawTable, Diagnostic> {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "csv" => read_csv(bytes, file),
        "xlsx" | "xlsm" => read_xlsx(bytes, file, sheet),
        other => Err(Diagnostic::error(
            file,
            format!("auditpress cannot read `.{other}` case files"),
        )
        .with_help("save the case file as CSV (UTF-8) or as an Excel workbook (.xlsx)")),
    }
}

fn read_csv(bytes: Vec<u8>, file: &Path) -> Result<RawTable, Diagnostic> {
    let text = decode_text(bytes, file)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(record)) => record.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(error)) => return Err(csv_error(&error, file)),
        None => {
            return Err(Diagnostic::error(file, "the case file is empty").with_help(
                "the first row must name the columns, and each row after it is one child",
            ));
        }
    };
    // Rows are numbered from the byte where each record starts: the csv crate's own line count
    // skips blank lines and miscounts Windows line endings. Lines are counted as the reader
    // moves on, so each byte is looked at once.
    let bytes = text.as_bytes();
    let mut counted = (0usize, 1usize);
    let mut line_of = |byte: u64| {
        let mut start = (byte as usize).min(bytes.len());
        // A record's position can point at the line break before it.
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let (from, line) = counted;
        let line = line
            + bytes[from.min(start)..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        counted = (start.max(from), line);
        line
    };
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| csv_error(&e, file))?;
        let number = record
            .position()
            .map_or(rows.len() + 2, |p| line_of(p.byte()));
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if cells.len() != header.len() {
            return Err(Diagnostic::error(
                file,
                format!("row {number} has {} cells but the header row has {}", cells.len(), header.len()),
            )
            .at(number, None)
            .with_help("a comma inside a cell needs the cell in double quotes; every row needs a cell for every column"));
        }
        rows.push(RawRow { number, cells });
    }
    Ok(RawTable {
        sheet: None,
        header,
        rows,
    })
}

fn csv_error(error: &csv::Error, file: &Path) -> Diagnostic {
    let line = error.position().map(|p| p.line() as usize);
    let diagnostic = Diagnostic::error(file, format!("this CSV file cannot be read: {error}"))
        .with_help(
            "check for a stray double quote; a cell with a comma or quote in it must be quoted",
        );
    match line {
        Some(line) => diagnostic.at(line, None),
        None => diagnostic,
    }
}

fn read_xlsx(bytes: Vec<u8>, file: &Path, sheet: Option<&str>) -> Result<RawTable, Diagnostic> {
    let unreadable = |error: &dyn std::fmt::Display| {
        Diagnostic::error(file, format!("this Excel file cannot be read: {error}"))
            .with_help("open it in Excel and save it again as an Excel Workbook (.xlsx)")
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .cloned()
            .ok_or_else(|| {
                Diagnostic::error(
                    file,
                    format!("the workbook has no sheet called \"{wanted}\""),
                )
                .with_help(format!("its sheets are: {}", names.join(", ")))
            })?,
        None => names.first().cloned().ok_or_else(|| {
            Diagnostic::error(file, "the workbook has no sheets")
                .with_help("put the case records on the first sheet")
        })?,
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| unreadable(&e))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut lines = range.rows().enumerate();
    let header: Vec<String> = match lines.next() {
        Some((_, cells)) => cells
            .iter()
            .map(|c| cell_text(c).trim().to_string())
            .collect(),
        None => {
            return Err(
                Diagnostic::error(file, format!("the sheet \"{name}\" is empty")).with_help(
                    "the first row must name the columns, and each row after it is one child",
                ),
            );
        }
    };
    let header_len = header
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    let header: Vec<String> = header.into_iter().take(header_len).collect();
    let mut rows = Vec::new();
    for (index, cells) in lines {
        let number = first_row as usize + index + 1;
        let mut cells: Vec<String> = cells
            .iter()
            .map(|c| cell_text(c).trim().to_string())
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        if cells[header_len.min(cells.len())..]
            .iter()
            .any(|c| !c.is_empty())
        {
            return Err(Diagnostic::error(
                file,
                format!("row {number} of sheet \"{name}\" has cells beyond the last named column"),
            )
            .at(number, None)
            .with_help("give the column a heading in row 1, or clear the stray cells"));
        }
        cells.resize(header_len, String::new());
        rows.push(RawRow { number, cells });
    }
    Ok(RawTable {
        sheet: Some(name),
        header,
        rows,
    })
}

/// A cell as the text a CSV export would hold: whole numbers without ".0", dates as
/// YYYY-MM-DD, booleans as yes or no.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(true) => "yes".to_string(),
        Data::Bool(false) => "no".to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => d.date().to_string(),
            _ => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<RawTable, String> {
        read_cases(text.as_bytes().to_vec(), Path::new("a/cases.csv"), None)
            .map_err(|d| d.to_string())
    }

    #[test]
    fn reads_csv_with_bom_and_crlf_numbering_rows_as_a_spreadsheet_does() {
        let table = csv("\u{feff}case_id,age\r\nX-1,4\r\n\r\nX-2,\"1\"\r\n").unwrap();
        assert_eq!(table.header, ["case_id", "age"]);
        assert_eq!(
            table.rows,
            [
                RawRow {
                    number: 2,
                    cells: vec!["X-1".into(), "4".into()]
                },
                RawRow {
                    number: 4,
                    cells: vec!["X-2".into(), "1".into()]
                },
            ]
        );
    }

    #[test]
    fn quoted_cells_may_hold_commas_and_line_breaks() {
        let table = csv("id,summary\nX-1,\"Lives with mum, dad\nand gran\"\nX-2,ok\n").unwrap();
        assert_eq!(table.rows[0].cells[1], "Lives with mum, dad\nand gran");
        assert_eq!(table.rows[1].number, 4);
    }

    #[test]
    fn ragged_rows_are_errors() {
        assert_eq!(
            csv("id,age\nX-1,4,extra\n").unwrap_err(),
            "a/cases.csv:2: row 2 has 3 cells but the header row has 2\n  help: a comma inside a cell needs the cell in double quotes; every row needs a cell for every column"
        );
    }

    #[test]
    fn other_formats_are_refused_clearly() {
        let error = read_cases(Vec::new(), Path::new("a/cases.xls"), None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "a/cases.xls: auditpress cannot read `.xls` case files\n  help: save the case file as CSV (UTF-8) or as an Excel workbook (.xlsx)"
        );
    }

    #[test]
    fn not_a_workbook() {
        let error = read_cases(b"not a zip".to_vec(), Path::new("a/cases.xlsx"), None).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("a/cases.xlsx: this Excel file cannot be read: ")
        );
    }
}
