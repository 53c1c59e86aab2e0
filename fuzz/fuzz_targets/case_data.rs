//! Any bytes as a case file, read as CSV and as Excel and checked against the starter schema:
//! a table or diagnostics, never a panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use auditpress::load::{LoadedSchema, SourceFile, read_cases};
use auditpress::model::{AuditMeta, SchemaFile};
use auditpress::validate::cases::{ResolvedField, resolve_fields, type_cases};
use libfuzzer_sys::fuzz_target;

const SCHEMA: &str = include_str!("../../src/init/starter/content/schemas/mns.yaml");
const AUDIT: &str = include_str!(
    "../../src/init/starter/content/authorities/example-borough/audits/referrals-2024/audit.yaml"
);

/// The starter schema's fields, resolved once: the fuzzer's time goes on the case file.
fn fields() -> &'static [ResolvedField] {
    static FIELDS: OnceLock<Vec<ResolvedField>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let schema: SchemaFile = auditpress::yaml::parse(SCHEMA, Path::new("schemas/mns.yaml"), 1)
            .expect("the starter schema parses");
        let meta: AuditMeta = auditpress::yaml::parse(AUDIT, Path::new("audit.yaml"), 1)
            .expect("the starter audit parses");
        let schemas = [LoadedSchema {
            name: "mns".into(),
            schema,
            source: SourceFile {
                path: "schemas/mns.yaml".into(),
                text: SCHEMA.into(),
            },
        }];
        let source = SourceFile {
            path: "audit.yaml".into(),
            text: AUDIT.into(),
        };
        let mut problems = Vec::new();
        resolve_fields(&meta, &source, &schemas, &mut problems)
            .expect("the starter schema resolves")
    })
}

fuzz_target!(|data: &[u8]| {
    let fields = fields();
    let mut problems = Vec::new();
    let today = auditpress::model::parse_iso_date("2026-11-26").expect("a date");
    for name in ["cases.csv", "cases.xlsx"] {
        if let Ok(table) = read_cases(data.to_vec(), Path::new(name), None) {
            let _ = type_cases(&table, Path::new(name), fields, today, &mut problems);
        }
    }
});
