//! Every published table as a CSV and a JSON download: aggregates only, after disclosure
//! control, with a key to the symbols, and CSV cells that a spreadsheet would run as a formula
//! neutralised.

use serde::Serialize;

use crate::analyse::publish::{ColumnKind, PublishedTable, SYMBOL_KEY, Value};

/// Where a table came from, printed with it.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    /// Every audit the table draws on.
    pub audits: Vec<SourceAudit>,
    pub audience: String,
    pub marking: String,
    pub illustrative: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceAudit {
    pub audit: String,
    pub authorities: String,
    pub period: String,
}

/// An audit as a table's source names it.
pub fn source_audit(project: &crate::validate::Project, audit: usize) -> SourceAudit {
    let a = &project.audits[audit];
    SourceAudit {
        audit: a.meta.title.clone(),
        authorities: a
            .authorities
            .iter()
            .map(|&i| project.authorities[i].meta.name.clone())
            .collect::<Vec<_>>()
            .join(", "),
        period: super::views::period_label(a),
    }
}

impl Provenance {
    /// "Audit (Authority), period; Audit (Authority), period".
    pub fn source(&self) -> String {
        self.audits
            .iter()
            .map(|a| format!("{} ({}), {}", a.audit, a.authorities, a.period))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Text a spreadsheet would treat as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// first) gets a leading apostrophe, so opening a download never runs anything. Plain numbers,
/// negative ones included, are left alone.
pub fn neutralise(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The table as CSV: a header row, one row per row of the table, a blank line, then notes and
/// the key to the symbols.
pub fn csv(table: &PublishedTable, provenance: &Provenance) -> Vec<u8> {
    let mut header = vec![table.row_header.clone()];
    header.extend(table.columns.iter().map(|c| match c.kind {
        ColumnKind::Share => format!("{} (%)", c.label),
        ColumnKind::Money => format!("{} (£)", c.label),
        _ => c.label.clone(),
    }));
    let mut body = vec![header];
    for row in &table.rows {
        let mut cells = vec![row.label.clone()];
        cells.extend(row.values.iter().map(csv_value));
        body.push(cells);
    }
    let pair = |a: &str, b: String| vec![a.to_string(), b];
    let mut notes = vec![
        pair("Table", table.title.clone()),
        pair("Counts", table.measure.clone()),
        pair("Source", provenance.source()),
    ];
    notes.extend(table.notes.iter().map(|n| pair("Note", n.clone())));
    if provenance.illustrative {
        notes.push(pair(
            "Note",
            "Illustrative data: made-up case records, not real children.".into(),
        ));
    }
    notes.push(pair(
        "Prepared for",
        format!("{} audience ({})", provenance.audience, provenance.marking),
    ));
    notes.extend(
        SYMBOL_KEY
            .iter()
            .map(|(symbol, meaning)| pair("Symbol", format!("{symbol} {meaning}"))),
    );
    let mut bytes = records(body);
    bytes.push(b'\n');
    bytes.extend(records(notes));
    bytes
}

fn records(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row.iter().map(|c| neutralise(c)));
    }
    writer.into_inner().unwrap_or_default()
}

/// Numbers as plain numbers (shares in per cent), intervals as "low to high", symbols as they
/// are.
fn csv_value(value: &Value) -> String {
    match value {
        Value::Count(n) => n.to_string(),
        Value::Share(_) | Value::Money(_) | Value::Number(_) => value
            .number()
            .map(|x| {
                // Rounded first, so 276847.999… is written as 276848, not 276848.00.
                let x = (x * 100.0).round() / 100.0;
                if x.fract() == 0.0 {
                    format!("{x:.0}")
                } else {
                    format!("{x:.2}")
                }
            })
            .unwrap_or_default(),
        Value::Interval(..) | Value::Suppressed | Value::Low | Value::Missing => value.text(),
    }
}

#[derive(Serialize)]
struct JsonTable<'a> {
    title: &'a str,
    counts: &'a str,
    source: &'a Provenance,
    row_header: &'a str,
    columns: Vec<JsonColumn<'a>>,
    rows: Vec<JsonRow<'a>>,
    notes: &'a [String],
    symbols: Vec<JsonSymbol>,
}

#[derive(Serialize)]
struct JsonColumn<'a> {
    label: &'a str,
    kind: crate::analyse::publish::ColumnKind,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    label: &'a str,
    code: Option<&'a str>,
    total: bool,
    values: Vec<JsonValue>,
}

#[derive(Serialize)]
struct JsonValue {
    /// As printed, symbols included.
    text: String,
    /// The number, or null for a symbol or an interval.
    number: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<f64>,
}

#[derive(Serialize)]
struct JsonSymbol {
    symbol: &'static str,
    meaning: &'static str,
}

/// The table as JSON, for analysts' own tools.
pub fn json(table: &PublishedTable, provenance: &Provenance) -> Vec<u8> {
    let document = JsonTable {
        title: &table.title,
        counts: &table.measure,
        source: provenance,
        row_header: &table.row_header,
        columns: table
            .columns
            .iter()
            .map(|c| JsonColumn {
                label: &c.label,
                kind: c.kind,
            })
            .collect(),
        rows: table
            .rows
            .iter()
            .map(|r| JsonRow {
                label: &r.label,
                code: r.code.as_deref().filter(|c| !c.is_empty()),
                total: r.total,
                values: r
                    .values
                    .iter()
                    .map(|v| {
                        let (low, high) = match v {
                            Value::Interval(l, h) => (
                                Some((l * 1000.0).round() / 10.0),
                                Some((h * 1000.0).round() / 10.0),
                            ),
                            _ => (None, None),
                        };
                        JsonValue {
                            text: v.text(),
                            number: v.number(),
                            low,
                            high,
                        }
                    })
                    .collect(),
            })
            .collect(),
        notes: &table.notes,
        symbols: SYMBOL_KEY
            .iter()
            .map(|(symbol, meaning)| JsonSymbol { symbol, meaning })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+1"), "'+1+1");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-5"), "-5");
        assert_eq!(neutralise("Children"), "Children");
        assert_eq!(neutralise("[c]"), "[c]");
    }
}
