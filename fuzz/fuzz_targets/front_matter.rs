//! Any bytes as a Markdown page with front matter, and as each YAML file of the content model:
//! loading must return a page or a diagnostic, never panic.
#![no_main]

use std::path::Path;

use auditpress::model::{AuditMeta, AuthorityMeta, SchemaFile, SiteConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("pages/fuzz.md");
    if let Ok(page) = auditpress::load::page_from_bytes(path, data.to_vec()) {
        let _ = page.body();
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let file = Path::new("fuzz.yaml");
        let _ = auditpress::yaml::parse::<SiteConfig>(text, file, 1);
        let _ = auditpress::yaml::parse::<AuthorityMeta>(text, file, 3);
        let _ = auditpress::yaml::parse::<AuditMeta>(text, file, 1);
        let _ = auditpress::yaml::parse::<SchemaFile>(text, file, 1);
        for key in ["title", "authorities", "audits"] {
            let _ = auditpress::yaml::locate_value(text, key, "x", 2);
        }
    }
});
