//! The Typst writer of the format-neutral [`Document`]: the markup a briefing's PDF is typeset
//! from. Every piece of text is escaped, so nothing an author writes can become Typst code.
//!
//! What a PDF cannot carry is left out or put in words: HTML the author wrote is left out (it
//! is not part of the narrative the site checks), an image becomes its alternative text, and a
//! link to another page of the site keeps its words only (a printed briefing has no site to go
//! to); links to the web keep their address.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::document::{Align, Block, Document, Inline};

/// Writes the document as Typst markup; `directive(n)` gives the markup of directive `n`.
pub fn document(doc: &Document, directive: &dyn Fn(usize) -> String) -> String {
    let mut footnotes = BTreeMap::new();
    collect_footnotes(&doc.blocks, &mut footnotes);
    let writer = Writer {
        directive,
        footnotes: &footnotes,
    };
    let mut out = String::with_capacity(doc.blocks.len() * 120);
    writer.blocks(&mut out, &doc.blocks);
    out
}

fn collect_footnotes<'a>(blocks: &'a [Block], into: &mut BTreeMap<&'a str, &'a [Block]>) {
    for block in blocks {
        match block {
            Block::Footnote { label, blocks, .. } => {
                into.insert(label.as_str(), blocks.as_slice());
            }
            Block::Quote(inner) => collect_footnotes(inner, into),
            Block::List { items, .. } => {
                for item in items {
                    collect_footnotes(item, into);
                }
            }
            _ => {}
        }
    }
}

struct Writer<'a> {
    directive: &'a dyn Fn(usize) -> String,
    footnotes: &'a BTreeMap<&'a str, &'a [Block]>,
}

impl Writer<'_> {
    fn blocks(&self, out: &mut String, blocks: &[Block]) {
        for block in blocks {
            self.block(out, block);
        }
    }

    fn block(&self, out: &mut String, block: &Block) {
        match block {
            Block::Heading { level, id, content } => {
                out.push_str(&"=".repeat(usize::from((*level).max(1))));
                out.push(' ');
                self.inlines(out, content);
                if is_label(id) {
                    let _ = write!(out, " <{id}>");
                }
                out.push_str("\n\n");
            }
            Block::Paragraph(content) => {
                self.inlines(out, content);
                out.push_str("\n\n");
            }
            Block::Plain(content) => self.inlines(out, content),
            Block::List { start, items } => {
                match start {
                    Some(n) => {
                        let _ = write!(out, "#enum(start: {n}");
                    }
                    None => out.push_str("#list("),
                }
                for (i, item) in items.iter().enumerate() {
                    if i > 0 || start.is_some() {
                        out.push_str(", ");
                    }
                    out.push('[');
                    let mut inner = String::new();
                    self.blocks(&mut inner, item);
                    out.push_str(inner.trim_end());
                    out.push(']');
                }
                out.push_str(")\n\n");
            }
            Block::Quote(blocks) => {
                out.push_str("#quote(block: true)[");
                let mut inner = String::new();
                self.blocks(&mut inner, blocks);
                out.push_str(inner.trim_end());
                out.push_str("]\n\n");
            }
            Block::Code { language, text } => {
                out.push_str("#raw(block: true, ");
                if !language.is_empty() {
                    let _ = write!(out, "lang: {}, ", string(language));
                }
                out.push_str(&string(text));
                out.push_str(")\n\n");
            }
            Block::Table {
                alignments,
                head,
                rows,
            } => {
                let columns = head
                    .len()
                    .max(rows.iter().map(Vec::len).max().unwrap_or(0))
                    .max(1);
                let _ = write!(out, "#table(columns: {columns}, align: (");
                for i in 0..columns {
                    out.push_str(match alignments.get(i) {
                        Some(Align::Right) => "right",
                        Some(Align::Center) => "center",
                        _ => "left",
                    });
                    out.push_str(", ");
                }
                out.push_str("),\n  table.header(");
                for cell in head {
                    self.cell(out, cell);
                }
                out.push_str("),\n");
                for row in rows {
                    out.push(' ');
                    for i in 0..columns {
                        self.cell(out, row.get(i).map(Vec::as_slice).unwrap_or(&[]));
                    }
                    out.push('\n');
                }
                out.push_str(")\n\n");
            }
            Block::Rule => out.push_str("#line(length: 100%)\n\n"),
            Block::Html(_) => {}
            Block::Directive(n) => {
                out.push_str(&(self.directive)(*n));
                out.push_str("\n\n");
            }
            // Footnotes are set where they are referred to.
            Block::Footnote { .. } => {}
        }
    }

    fn cell(&self, out: &mut String, content: &[Inline]) {
        out.push('[');
        self.inlines(out, content);
        out.push_str("], ");
    }

    fn inlines(&self, out: &mut String, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(out, inline);
        }
    }

    fn inline(&self, out: &mut String, inline: &Inline) {
        match inline {
            Inline::Text(text) => escape(out, text),
            Inline::Code(code) => {
                let _ = write!(out, "#raw({})", string(code));
            }
            Inline::Emphasis(c) => self.wrapped(out, "emph", c),
            Inline::Strong(c) => self.wrapped(out, "strong", c),
            Inline::Strikethrough(c) => self.wrapped(out, "strike", c),
            Inline::Link { url, content, .. } => {
                let web = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|scheme| url.to_ascii_lowercase().starts_with(scheme));
                if web {
                    let _ = write!(out, "#link({})[", string(url));
                    self.inlines(out, content);
                    out.push(']');
                } else {
                    self.inlines(out, content);
                }
            }
            Inline::Image { alt, .. } => {
                out.push_str("#emph[");
                escape(out, &format!("[Image: {alt}]"));
                out.push(']');
            }
            Inline::SoftBreak => out.push(' '),
            Inline::HardBreak => out.push_str(" \\\n"),
            Inline::Html(_) => {}
            Inline::Directive(n) => out.push_str(&(self.directive)(*n)),
            Inline::FootnoteReference { label, .. } => {
                if let Some(blocks) = self.footnotes.get(label.as_str()) {
                    let mut inner = String::new();
                    self.blocks(&mut inner, blocks);
                    let _ = write!(out, "#footnote[{}]", inner.trim_end());
                }
            }
        }
    }

    fn wrapped(&self, out: &mut String, function: &str, content: &[Inline]) {
        let _ = write!(out, "#{function}[");
        self.inlines(out, content);
        out.push(']');
    }
}

/// Text escaped for Typst markup: every character with a meaning in markup gets a backslash,
/// as does a full stop after a digit (which would start a numbered list at a line's start).
pub fn escape(out: &mut String, text: &str) {
    let mut previous = ' ';
    for c in text.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '$' | '`' | '<' | '>' | '@' | '=' | '-' | '+' | '/' | '['
            | ']' | '~' | '\'' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '.' if previous.is_ascii_digit() => out.push_str("\\."),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        previous = c;
    }
}

/// Text escaped for markup, as a new string.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape(&mut out, text);
    out
}

/// A Typst string literal holding `text`.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `id` can be a Typst label as it is.
fn is_label(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use typst_syntax::SyntaxKind;

    fn syntax_errors(markup: &str) -> Vec<String> {
        let (errors, _) = typst_syntax::parse(markup).errors_and_warnings();
        errors.into_iter().map(|e| e.message.to_string()).collect()
    }

    proptest! {
        /// Whatever an author writes, escaped it is only words to Typst: text, escapes and
        /// spaces, never code, markup or a comment.
        #[test]
        fn escaped_text_is_only_text_to_typst(
            text in prop_oneof![
                "\\PC{0,60}",
                "[-#*_$`<>@=+/~'\".:0-9a-z \\[\\]\\\\]{0,40}",
            ]
        ) {
            let markup = escaped(&text);
            let root = typst_syntax::parse(&markup);
            prop_assert!(syntax_errors(&markup).is_empty(), "{markup:?}");
            for child in root.children() {
                prop_assert!(
                    matches!(
                        child.kind(),
                        SyntaxKind::Text | SyntaxKind::Escape | SyntaxKind::Space | SyntaxKind::Shorthand
                    ),
                    "{:?} in {markup:?}",
                    child.kind()
                );
            }
        }
    }

    fn text(t: &str) -> Inline {
        Inline::Text(t.into())
    }

    #[test]
    fn markup_characters_in_text_are_escaped() {
        assert_eq!(
            escaped("#let x = 1; *bold* _em_ $m$ `r` <l> @r [c] ~ // not a comment"),
            "\\#let x \\= 1; \\*bold\\* \\_em\\_ \\$m\\$ \\`r\\` \\<l\\> \\@r \\[c\\] \\~ \\/\\/ not a comment"
        );
        assert_eq!(escaped("In 2001. Then"), "In 2001\\. Then");
        assert_eq!(escaped("a\\b"), "a\\\\b");
        assert_eq!(string("say \"hi\"\\\n"), "\"say \\\"hi\\\"\\\\\\n\"");
    }

    #[test]
    fn writes_headings_paragraphs_lists_tables_and_footnotes() {
        let doc = Document {
            blocks: vec![
                Block::Heading {
                    level: 2,
                    id: "what-we-found".into(),
                    content: vec![text("What we found")],
                },
                Block::Paragraph(vec![
                    Inline::Strong(vec![text("Most")]),
                    text(" children"),
                    Inline::FootnoteReference {
                        label: "n".into(),
                        number: 1,
                    },
                    Inline::SoftBreak,
                    Inline::Link {
                        url: "../other/index.html".into(),
                        title: String::new(),
                        content: vec![text("see")],
                    },
                    text(" "),
                    Inline::Link {
                        url: "https://example.org/a".into(),
                        title: String::new(),
                        content: vec![text("web")],
                    },
                    Inline::Directive(0),
                ]),
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::Plain(vec![text("one")])],
                        vec![Block::Plain(vec![text("two")])],
                    ],
                },
                Block::Table {
                    alignments: vec![Align::None, Align::Right],
                    head: vec![vec![text("Group")], vec![text("Children")]],
                    rows: vec![vec![vec![text("A")], vec![text("12")]]],
                },
                Block::Html("<script>x</script>".into()),
                Block::Footnote {
                    label: "n".into(),
                    number: 1,
                    blocks: vec![Block::Paragraph(vec![text("A note.")])],
                },
            ],
        };
        assert_eq!(
            document(&doc, &|n| format!("#box[D{n}]")),
            "== What we found <what-we-found>\n\n\
             #strong[Most] children#footnote[A note.] see #link(\"https://example.org/a\")[web]#box[D0]\n\n\
             #list([one], [two])\n\n\
             #table(columns: 2, align: (left, right, ),\n  table.header([Group], [Children], ),\n [A], [12], \n)\n\n"
        );
        assert_eq!(
            syntax_errors(&document(&doc, &|n| format!("#box[D{n}]"))),
            Vec::<String>::new()
        );
    }
}
