//! Tables of published statistics as CSV and JSON downloads, each carrying its source, release
//! date and the key to the publisher's symbols, so a table never travels without them.

use serde::Serialize;

use super::super::downloads::neutralise;
use super::super::views::TextTable;

/// Where the figures of a table come from.
#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    /// Who published the figures, under what licence.
    pub source: String,
    pub released: Option<String>,
    /// The comparator group the table uses, where it uses one.
    pub comparators: Option<String>,
    /// The publisher's symbols in the table, with their meanings.
    pub key: Vec<(String, String)>,
}

pub fn csv(table: &TextTable, attribution: &Attribution) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec![table.row_header.clone()];
    header.extend(table.columns.iter().cloned());
    rows.push(header);
    for (label, cells) in &table.rows {
        let mut row = vec![label.clone()];
        row.extend(cells.iter().cloned());
        rows.push(row);
    }
    rows.push(Vec::new());
    rows.push(vec!["Table".into(), table.title.clone()]);
    rows.push(vec!["Measure".into(), table.measure.clone()]);
    rows.push(vec!["Source".into(), attribution.source.clone()]);
    if let Some(released) = &attribution.released {
        rows.push(vec!["Released".into(), released.clone()]);
    }
    if let Some(group) = &attribution.comparators {
        rows.push(vec!["Comparators".into(), group.clone()]);
    }
    for note in &table.notes {
        rows.push(vec!["Note".into(), note.clone()]);
    }
    for (symbol, meaning) in &attribution.key {
        rows.push(vec![symbol.clone(), meaning.clone()]);
    }
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| neutralise(c)).collect();
        // Writing into memory cannot fail; an empty row is a blank line.
        let _ = if cells.is_empty() {
            writer.write_record([""])
        } else {
            writer.write_record(&cells)
        };
    }
    writer.into_inner().unwrap_or_default()
}

#[derive(Serialize)]
struct JsonTable<'a> {
    title: &'a str,
    measure: &'a str,
    row_header: &'a str,
    columns: &'a [String],
    rows: Vec<JsonRow<'a>>,
    notes: &'a [String],
    #[serde(flatten)]
    attribution: &'a Attribution,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    label: &'a str,
    values: &'a [String],
}

pub fn json(table: &TextTable, attribution: &Attribution) -> Vec<u8> {
    let document = JsonTable {
        title: &table.title,
        measure: &table.measure,
        row_header: &table.row_header,
        columns: &table.columns,
        rows: table
            .rows
            .iter()
            .map(|(label, values)| JsonRow { label, values })
            .collect(),
        notes: &table.notes,
        attribution,
    };
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_carries_its_source_and_key() {
        let table = TextTable {
            id: "t".into(),
            title: "Children looked after".into(),
            measure: "Rate per 10,000 children".into(),
            row_header: "Authority".into(),
            columns: vec!["2024".into()],
            rows: vec![
                ("Sutton".into(), vec!["52".into()]),
                ("=cmd".into(), vec!["[c]".into()]),
            ],
            notes: vec![],
        };
        let attribution = Attribution {
            source: "Department for Education (Open Government Licence v3.0)".into(),
            released: Some("2025-11-20".into()),
            comparators: None,
            key: vec![("[c]".into(), "confidential".into())],
        };
        let text = String::from_utf8(csv(&table, &attribution)).unwrap_or_default();
        assert_eq!(
            text,
            "Authority,2024\nSutton,52\n'=cmd,[c]\n\"\"\nTable,Children looked after\nMeasure,\"Rate per 10,000 children\"\nSource,Department for Education (Open Government Licence v3.0)\nReleased,2025-11-20\n[c],confidential\n"
        );
    }
}
