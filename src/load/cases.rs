//! Reading an audit's case file, CSV or Excel, into rows of text cells numbered as the
//! spreadsheet numbers them (the header is row 1). Typing and checking the cells is the
//! validate stage's work.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::text::decode_text;
use crate::diagnostics::Diagnostic;
use crate::limits;

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
    if header.len() > limits::CASE_COLUMNS {
        return Err(Diagnostic::error(
            file,
            format!(
                "the header row has {} columns, more than the {} auditpress reads",
                header.len(),
                limits::CASE_COLUMNS
            ),
        )
        .at(1, None)
        .with_help("keep only the audit form's columns in the case file"));
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| csv_error(&e, file))?;
        let number = record
            .position()
            .map_or(rows.len() + 2, |p| line_of(p.byte()));
        if rows.len() == limits::CASE_ROWS {
            return Err(Diagnostic::error(
                file,
                format!("the case file has more than {} rows", limits::CASE_ROWS),
            )
            .at(number, None)
            .with_help("an audit reads a sample of case files: split the file, or check it is the right one"));
        }
        if let Some((column, _)) = record
            .iter()
            .enumerate()
            .find(|(_, c)| c.len() > limits::CELL_CHARS && c.chars().count() > limits::CELL_CHARS)
        {
            return Err(Diagnostic::error(
                file,
                format!(
                    "row {number}, column {} holds more than {} characters",
                    column + 1,
                    limits::CELL_CHARS
                ),
            )
            .at(number, Some(column + 1))
            .with_help("shorten it: case summaries are for the panel, a paragraph or two"));
        }
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

/// Checks a workbook before it is opened: what its parts unpack to (a small file can unpack
/// to gigabytes) and how many strings it declares (the Excel reader sizes a buffer from that
/// claim), against the limits, reading each part through a bounded reader.
fn check_workbook(bytes: &[u8], file: &Path) -> Result<(), Diagnostic> {
    let unreadable = |error: &dyn std::fmt::Display| {
        Diagnostic::error(file, format!("this Excel file cannot be read: {error}"))
            .with_help("open it in Excel and save it again as an Excel Workbook (.xlsx)")
    };
    let too_big = || {
        Diagnostic::error(
            file,
            format!(
                "this Excel file unpacks to more than {} MB, the most auditpress reads",
                limits::WORKBOOK_UNPACKED_BYTES / (1024 * 1024)
            ),
        )
        .with_help("keep only the case records in the workbook, or save them as CSV")
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if archive.len() > 10_000 {
        return Err(unreadable(&format!("it has {} parts", archive.len())));
    }
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|e| unreadable(&e))?;
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let room = limits::WORKBOOK_UNPACKED_BYTES - unpacked;
        if part.size() > room {
            return Err(too_big());
        }
        let mut head = Vec::new();
        let mut bounded = (&mut part).take(room + 1);
        if name.ends_with("sharedStrings.xml") {
            (&mut bounded)
                .take(4096)
                .read_to_end(&mut head)
                .map_err(|e| unreadable(&e))?;
        }
        let rest = std::io::copy(&mut bounded, &mut std::io::sink()).map_err(|e| unreadable(&e))?;
        unpacked += head.len() as u64 + rest;
        if unpacked > limits::WORKBOOK_UNPACKED_BYTES {
            return Err(too_big());
        }
        if let Some(declared) = declared_count(&head, "uniqueCount")
            .into_iter()
            .chain(declared_count(&head, "count"))
            .max()
            && declared > limits::WORKBOOK_STRINGS
        {
            return Err(Diagnostic::error(
                file,
                format!(
                    "this Excel file declares {declared} strings, more than the {} auditpress reads",
                    limits::WORKBOOK_STRINGS
                ),
            )
            .with_help("open it in Excel and save it again, or save the case records as CSV"));
        }
    }
    Ok(())
}

/// The number an XML attribute `name="..."` declares in `head`, if it is there.
fn declared_count(head: &[u8], name: &str) -> Option<u64> {
    let text = String::from_utf8_lossy(head);
    let pattern = format!(" {name}=\"");
    let start = text.find(&pattern)? + pattern.len();
    let digits: String = text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    // A number too long for u64 is over any limit.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// "XFD1048576": a cell's name as Excel shows it, from its 0-based row and column.
fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column as u64 + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        letters.into_iter().collect::<String>(),
        row as u64 + 1
    )
}

fn read_xlsx(bytes: Vec<u8>, file: &Path, sheet: Option<&str>) -> Result<RawTable, Diagnostic> {
    let unreadable = |error: &dyn std::fmt::Display| {
        Diagnostic::error(file, format!("this Excel file cannot be read: {error}"))
            .with_help("open it in Excel and save it again as an Excel Workbook (.xlsx)")
    };
    check_workbook(&bytes, file)?;
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
                    format!(
                        "the workbook has no sheet called \"{}\"",
                        limits::quote(wanted)
                    ),
                )
                .with_help(format!("its sheets are: {}", names.join(", ")))
            })?,
        None => names.first().cloned().ok_or_else(|| {
            Diagnostic::error(file, "the workbook has no sheets")
                .with_help("put the case records on the first sheet")
        })?,
    };
    // Cells one at a time, each checked against the limits before it is kept: a workbook's
    // own idea of its size (a stray cell in its last column and row) never sizes a buffer.
    let mut cells: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut reader = workbook
        .worksheet_cells_reader(&name)
        .map_err(|e| unreadable(&e))?;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if row as usize > limits::CASE_ROWS || column as usize >= limits::CASE_COLUMNS {
            return Err(Diagnostic::error(
                file,
                format!(
                    "sheet \"{name}\" has a value in cell {}, beyond the {} rows and {} columns auditpress reads",
                    cell_name(row, column),
                    limits::CASE_ROWS,
                    limits::CASE_COLUMNS
                ),
            )
            .at(row as usize + 1, Some(column as usize + 1))
            .with_help("clear the stray cell, or keep only the case records on the sheet"));
        }
        if text.chars().count() > limits::CELL_CHARS {
            return Err(Diagnostic::error(
                file,
                format!(
                    "cell {} of sheet \"{name}\" holds more than {} characters",
                    cell_name(row, column),
                    limits::CELL_CHARS
                ),
            )
            .at(row as usize + 1, Some(column as usize + 1))
            .with_help("shorten it: case summaries are for the panel, a paragraph or two"));
        }
        cells
            .entry(row)
            .or_default()
            .push((column, text.to_string()));
    }
    drop(reader);
    let row_of = |cells: &[(u32, String)], width: usize| {
        let mut out = vec![String::new(); width];
        for (column, text) in cells {
            if let Some(slot) = out.get_mut(*column as usize) {
                slot.clone_from(text);
            }
        }
        out
    };
    let mut lines = cells.into_iter();
    let Some((header_row, header_cells)) = lines.next() else {
        return Err(
            Diagnostic::error(file, format!("the sheet \"{name}\" is empty")).with_help(
                "the first row must name the columns, and each row after it is one child",
            ),
        );
    };
    let header_len = header_cells
        .iter()
        .map(|(c, _)| *c as usize + 1)
        .max()
        .unwrap_or(0);
    let header = row_of(&header_cells, header_len);
    let _ = header_row;
    let mut rows = Vec::new();
    for (row, row_cells) in lines {
        let number = row as usize + 1;
        if row_cells.iter().any(|(c, _)| *c as usize >= header_len) {
            return Err(Diagnostic::error(
                file,
                format!("row {number} of sheet \"{name}\" has cells beyond the last named column"),
            )
            .at(number, None)
            .with_help("give the column a heading in row 1, or clear the stray cells"));
        }
        rows.push(RawRow {
            number,
            cells: row_of(&row_cells, header_len),
        });
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
