//! Any text as a page body with `@/` links, headings, sections and directives: rendering and
//! finding directives must produce HTML and diagnostics, never panic.
#![no_main]

use std::collections::BTreeSet;
use std::path::Path;

use auditpress::render::markdown::{
    LinkTarget, LinkTargets, MarkdownSource, Place, headings, render,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut targets = LinkTargets::default();
    targets.insert(
        "lessons/sutton.md",
        LinkTarget {
            output_path: "lessons/sutton/index.html".into(),
            anchors: Some(BTreeSet::from(["conclusions".to_string()])),
        },
    );
    targets.insert(
        "authorities/sutton/authority.yaml",
        LinkTarget {
            output_path: "authorities/sutton/index.html".into(),
            anchors: None,
        },
    );
    targets.insert_withheld("pages/members.md");
    let file_text = format!("---\ntitle: Fuzz\n---\n{text}");
    let source = MarkdownSource {
        file: Path::new("pages/fuzz.md"),
        place: Place::Within {
            file_text: &file_text,
            start: file_text.len() - text.len(),
        },
        page_output: "pages/fuzz/index.html",
        raw_html: auditpress::model::RawHtml::Sanitize,
    };
    let _ = headings(text);
    let (directives, _) = auditpress::directives::find(text);
    for d in &directives {
        assert!(
            d.span.end <= text.len()
                && text.is_char_boundary(d.span.start)
                && text.is_char_boundary(d.span.end)
        );
    }
    let (rendered, _) = render(text, &source, &targets);
    assert!(
        !rendered.html.contains('\u{1}'),
        "a section marker leaked into the HTML"
    );
});
