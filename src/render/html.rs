//! The HTML writer of the format-neutral [`Document`]: the markup a browser gets for the
//! narrative, with each directive's expansion put in by the caller.

use std::fmt::Write;

use crate::document::{Align, Block, Document, Inline};

/// Writes the blocks as HTML; `directive(n)` gives the HTML of directive `n`.
pub fn write(blocks: &[Block], directive: &dyn Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(blocks.len() * 120);
    let writer = Writer { directive };
    writer.blocks(&mut out, blocks);
    out
}

/// The whole document as HTML.
pub fn document(doc: &Document, directive: &dyn Fn(usize) -> String) -> String {
    write(&doc.blocks, directive)
}

struct Writer<'a> {
    directive: &'a dyn Fn(usize) -> String,
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
                let _ = write!(out, "<h{level} id=\"");
                escape_attribute(out, id);
                out.push_str("\">");
                self.inlines(out, content);
                let _ = writeln!(out, "</h{level}>");
            }
            Block::Paragraph(content) => {
                out.push_str("<p>");
                self.inlines(out, content);
                out.push_str("</p>\n");
            }
            Block::Plain(content) => self.inlines(out, content),
            Block::List { start, items } => {
                match start {
                    Some(1) => out.push_str("<ol>\n"),
                    Some(n) => {
                        let _ = writeln!(out, "<ol start=\"{n}\">");
                    }
                    None => out.push_str("<ul>\n"),
                }
                for item in items {
                    out.push_str("<li>");
                    // A loose item's paragraphs start on their own line, as they do in most
                    // Markdown renderers.
                    if matches!(item.first(), Some(Block::Paragraph(_))) {
                        out.push('\n');
                    }
                    self.blocks(out, item);
                    out.push_str("</li>\n");
                }
                out.push_str(if start.is_some() {
                    "</ol>\n"
                } else {
                    "</ul>\n"
                });
            }
            Block::Quote(blocks) => {
                out.push_str("<blockquote>\n");
                self.blocks(out, blocks);
                out.push_str("</blockquote>\n");
            }
            Block::Code { language, text } => {
                if language.is_empty() {
                    out.push_str("<pre><code>");
                } else {
                    out.push_str("<pre><code class=\"language-");
                    escape_attribute(out, language);
                    out.push_str("\">");
                }
                escape_text(out, text);
                out.push_str("</code></pre>\n");
            }
            Block::Table {
                alignments,
                head,
                rows,
            } => {
                out.push_str("<table><thead><tr>");
                for (i, cell) in head.iter().enumerate() {
                    self.cell(out, "th", alignments.get(i), cell);
                }
                out.push_str("</tr></thead><tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for (i, cell) in row.iter().enumerate() {
                        self.cell(out, "td", alignments.get(i), cell);
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
            Block::Rule => out.push_str("<hr />\n"),
            Block::Html(html) => out.push_str(html),
            Block::Directive(n) => {
                out.push_str(&(self.directive)(*n));
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            Block::Footnote {
                label,
                number,
                blocks,
            } => {
                out.push_str("<div class=\"footnote-definition\" id=\"");
                escape_attribute(out, label);
                let _ = writeln!(
                    out,
                    "\"><sup class=\"footnote-definition-label\">{number}</sup>"
                );
                self.blocks(out, blocks);
                out.push_str("</div>\n");
            }
        }
    }

    fn cell(&self, out: &mut String, tag: &str, align: Option<&Align>, content: &[Inline]) {
        let style = match align {
            Some(Align::Left) => " style=\"text-align: left\"",
            Some(Align::Center) => " style=\"text-align: center\"",
            Some(Align::Right) => " style=\"text-align: right\"",
            _ => "",
        };
        let _ = write!(out, "<{tag}{style}>");
        self.inlines(out, content);
        let _ = write!(out, "</{tag}>");
    }

    fn inlines(&self, out: &mut String, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(out, inline);
        }
    }

    fn inline(&self, out: &mut String, inline: &Inline) {
        match inline {
            Inline::Text(text) => escape_text(out, text),
            Inline::Code(code) => {
                out.push_str("<code>");
                escape_text(out, code);
                out.push_str("</code>");
            }
            Inline::Emphasis(c) => self.wrapped(out, "em", c),
            Inline::Strong(c) => self.wrapped(out, "strong", c),
            Inline::Strikethrough(c) => self.wrapped(out, "del", c),
            Inline::Link {
                url,
                title,
                content,
            } => {
                out.push_str("<a href=\"");
                escape_attribute(out, url);
                if !title.is_empty() {
                    out.push_str("\" title=\"");
                    escape_attribute(out, title);
                }
                out.push_str("\">");
                self.inlines(out, content);
                out.push_str("</a>");
            }
            Inline::Image { url, title, alt } => {
                out.push_str("<img src=\"");
                escape_attribute(out, url);
                out.push_str("\" alt=\"");
                escape_attribute(out, alt);
                if !title.is_empty() {
                    out.push_str("\" title=\"");
                    escape_attribute(out, title);
                }
                out.push_str("\" />");
            }
            Inline::SoftBreak => out.push('\n'),
            Inline::HardBreak => out.push_str("<br />\n"),
            Inline::Html(html) => out.push_str(html),
            Inline::Directive(n) => out.push_str(&(self.directive)(*n)),
            Inline::FootnoteReference { label, number } => {
                out.push_str("<sup class=\"footnote-reference\"><a href=\"#");
                escape_attribute(out, label);
                let _ = write!(out, "\">{number}</a></sup>");
            }
        }
    }

    fn wrapped(&self, out: &mut String, tag: &str, content: &[Inline]) {
        let _ = write!(out, "<{tag}>");
        self.inlines(out, content);
        let _ = write!(out, "</{tag}>");
    }
}

fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

fn escape_attribute(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text(t.into())
    }

    #[test]
    fn writes_escaped_text_links_and_directives() {
        let blocks = vec![
            Block::Heading {
                level: 2,
                id: "a-b".into(),
                content: vec![text("A & B")],
            },
            Block::Paragraph(vec![
                text("See "),
                Inline::Link {
                    url: "x/?a=1&b=\"2\"".into(),
                    title: String::new(),
                    content: vec![text("<this>")],
                },
                text(": "),
                Inline::Directive(0),
            ]),
            Block::Directive(1),
        ];
        let html = write(&blocks, &|n| format!("<span>D{n}</span>"));
        assert_eq!(
            html,
            "<h2 id=\"a-b\">A &amp; B</h2>\n<p>See <a href=\"x/?a=1&amp;b=&quot;2&quot;\">&lt;this&gt;</a>: <span>D0</span></p>\n<span>D1</span>\n"
        );
    }

    #[test]
    fn writes_tables_with_alignment_and_lists_with_their_start() {
        let blocks = vec![
            Block::Table {
                alignments: vec![Align::None, Align::Right],
                head: vec![vec![text("Group")], vec![text("Children")]],
                rows: vec![vec![vec![text("A")], vec![text("12")]]],
            },
            Block::List {
                start: Some(3),
                items: vec![vec![Block::Plain(vec![text("three")])]],
            },
        ];
        assert_eq!(
            write(&blocks, &|_| String::new()),
            "<table><thead><tr><th>Group</th><th style=\"text-align: right\">Children</th></tr></thead><tbody>\n<tr><td>A</td><td style=\"text-align: right\">12</td></tr>\n</tbody></table>\n<ol start=\"3\">\n<li>three</li>\n</ol>\n"
        );
    }
}
