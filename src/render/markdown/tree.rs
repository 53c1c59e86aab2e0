//! pulldown-cmark's events (links already resolved) folded into the [`Document`] tree, with
//! each directive placeholder turned back into the directive's number.

use std::collections::BTreeMap;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Tag, TagEnd};

use crate::document::{Align, Block, Document, Inline};

/// Placeholder delimiters: private-use characters, which Markdown leaves alone.
pub const OPEN: char = '\u{E000}';
pub const CLOSE: char = '\u{E001}';

/// The placeholder of directive `index`, padded to `length` bytes where it can be, so that
/// every error position in the page stays right.
pub fn placeholder(index: usize, length: usize) -> String {
    let mut token = format!("{OPEN}{index}");
    let closing = CLOSE.len_utf8();
    while token.len() + closing < length {
        token.push('x');
    }
    token.push(CLOSE);
    token
}

pub fn build<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Document {
    let mut builder = Builder {
        events: events.into_iter(),
        footnotes: BTreeMap::new(),
    };
    Document {
        blocks: builder.blocks(None),
    }
}

struct Builder<I> {
    events: I,
    /// Footnotes are numbered in the order they are first referred to or defined.
    footnotes: BTreeMap<String, usize>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Builder<I> {
    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// Blocks up to the end of `until` (or of the events). Inline content outside any
    /// paragraph (a tight list item's text) becomes a [`Block::Plain`].
    fn blocks(&mut self, until: Option<TagEnd>) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        let flush = |blocks: &mut Vec<Block>, loose: &mut Vec<Inline>| {
            if !loose.is_empty() {
                blocks.push(Block::Plain(split_placeholders(std::mem::take(loose))));
            }
        };
        while let Some(event) = self.events.next() {
            match event {
                Event::End(end) if Some(end) == until => break,
                Event::Start(tag) if is_block(&tag) => {
                    flush(&mut blocks, &mut loose);
                    let block = self.block(tag);
                    blocks.push(block);
                }
                Event::Rule => {
                    flush(&mut blocks, &mut loose);
                    blocks.push(Block::Rule);
                }
                Event::Html(html) => {
                    flush(&mut blocks, &mut loose);
                    blocks.push(Block::Html(html.to_string()));
                }
                Event::End(_) => {}
                other => self.inline(other, &mut loose),
            }
        }
        flush(&mut blocks, &mut loose);
        blocks
    }

    fn block(&mut self, tag: Tag<'a>) -> Block {
        match tag {
            Tag::Paragraph => {
                let content = self.inlines(TagEnd::Paragraph);
                match content.as_slice() {
                    [Inline::Directive(n)] => Block::Directive(*n),
                    _ => Block::Paragraph(content),
                }
            }
            Tag::Heading { level, id, .. } => Block::Heading {
                level: super::heading_level(level),
                id: id.map(|i| i.to_string()).unwrap_or_default(),
                content: self.inlines(TagEnd::Heading(level)),
            },
            Tag::BlockQuote(kind) => Block::Quote(self.blocks(Some(TagEnd::BlockQuote(kind)))),
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let mut text = String::new();
                for event in self.events.by_ref() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                Block::Code { language, text }
            }
            Tag::HtmlBlock => {
                let mut html = String::new();
                for event in self.events.by_ref() {
                    match event {
                        Event::Html(t) | Event::Text(t) => html.push_str(&t),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                Block::Html(html)
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some(event) = self.events.next() {
                    match event {
                        Event::Start(Tag::Item) => items.push(self.blocks(Some(TagEnd::Item))),
                        Event::End(TagEnd::List(_)) => break,
                        _ => {}
                    }
                }
                Block::List { start, items }
            }
            Tag::FootnoteDefinition(label) => {
                let number = self.footnote_number(&label);
                let blocks = self.blocks(Some(TagEnd::FootnoteDefinition));
                Block::Footnote {
                    label: label.to_string(),
                    number,
                    blocks,
                }
            }
            Tag::Table(alignments) => self.table(alignments),
            other => {
                // Kinds of block this site does not switch on: keep their text.
                let end = other.to_end();
                Block::Quote(self.blocks(Some(end)))
            }
        }
    }

    fn table(&mut self, alignments: Vec<Alignment>) -> Block {
        let alignments = alignments
            .into_iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        let mut head = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut in_head = false;
        while let Some(event) = self.events.next() {
            match event {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines(TagEnd::TableCell);
                    match (in_head, rows.last_mut()) {
                        (false, Some(row)) => row.push(cell),
                        _ => head.push(cell),
                    }
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table {
            alignments,
            head,
            rows,
        }
    }

    fn inlines(&mut self, until: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some(event) = self.events.next() {
            match event {
                Event::End(end) if end == until => break,
                other => self.inline(other, &mut out),
            }
        }
        split_placeholders(out)
    }

    fn inline(&mut self, event: Event<'a>, out: &mut Vec<Inline>) {
        let inline = match event {
            Event::Text(text) => {
                if let Some(Inline::Text(last)) = out.last_mut() {
                    last.push_str(&text);
                    return;
                }
                Inline::Text(text.to_string())
            }
            Event::Code(code) => Inline::Code(code.to_string()),
            Event::SoftBreak => Inline::SoftBreak,
            Event::HardBreak => Inline::HardBreak,
            Event::InlineHtml(html) | Event::Html(html) => Inline::Html(html.to_string()),
            Event::FootnoteReference(label) => Inline::FootnoteReference {
                number: self.footnote_number(&label),
                label: label.to_string(),
            },
            Event::Start(Tag::Emphasis) => Inline::Emphasis(self.inlines(TagEnd::Emphasis)),
            Event::Start(Tag::Strong) => Inline::Strong(self.inlines(TagEnd::Strong)),
            Event::Start(Tag::Strikethrough) => {
                Inline::Strikethrough(self.inlines(TagEnd::Strikethrough))
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => Inline::Link {
                url: dest_url.to_string(),
                title: title.to_string(),
                content: self.inlines(TagEnd::Link),
            },
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => Inline::Image {
                url: dest_url.to_string(),
                title: title.to_string(),
                alt: crate::document::plain_text(&self.inlines(TagEnd::Image)),
            },
            Event::Start(other) => {
                let end = other.to_end();
                out.extend(self.inlines(end));
                return;
            }
            Event::Rule => Inline::HardBreak,
            Event::End(_)
            | Event::TaskListMarker(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => return,
        };
        out.push(inline);
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::DefinitionList
            | Tag::MetadataBlock(_)
    )
}

/// Text with directive placeholders in it, cut into text and directives.
fn split_placeholders(inlines: Vec<Inline>) -> Vec<Inline> {
    if !inlines
        .iter()
        .any(|i| matches!(i, Inline::Text(t) if t.contains(OPEN)))
    {
        return inlines;
    }
    let mut out = Vec::with_capacity(inlines.len() + 2);
    for inline in inlines {
        let Inline::Text(text) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = text.as_str();
        while let Some(start) = rest.find(OPEN) {
            let Some(end) = rest[start..].find(CLOSE).map(|e| start + e) else {
                break;
            };
            let number = rest[start + OPEN.len_utf8()..end]
                .trim_end_matches('x')
                .parse::<usize>();
            let Ok(number) = number else {
                break;
            };
            if start > 0 {
                out.push(Inline::Text(rest[..start].to_string()));
            }
            out.push(Inline::Directive(number));
            rest = &rest[end + CLOSE.len_utf8()..];
        }
        if !rest.is_empty() {
            out.push(Inline::Text(rest.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn parse(markdown: &str) -> Document {
        build(Parser::new_ext(
            markdown,
            Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES,
        ))
    }

    #[test]
    fn placeholders_become_directives_and_a_lone_one_its_own_block() {
        let text = format!(
            "There were {} girls.\n\n{}\n",
            placeholder(0, 20),
            placeholder(1, 3)
        );
        let doc = parse(&text);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph(vec![
                    Inline::Text("There were ".into()),
                    Inline::Directive(0),
                    Inline::Text(" girls.".into()),
                ]),
                Block::Directive(1),
            ]
        );
        assert_eq!(placeholder(0, 20).len(), 20);
    }

    #[test]
    fn tight_lists_tables_and_footnotes_keep_their_shape() {
        let doc = parse("- one\n- two[^n]\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n[^n]: A note.\n");
        assert_eq!(
            doc.blocks,
            vec![
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::Plain(vec![Inline::Text("one".into())])],
                        vec![Block::Plain(vec![
                            Inline::Text("two".into()),
                            Inline::FootnoteReference {
                                label: "n".into(),
                                number: 1
                            }
                        ])],
                    ],
                },
                Block::Table {
                    alignments: vec![Align::None, Align::Right],
                    head: vec![
                        vec![Inline::Text("A".into())],
                        vec![Inline::Text("B".into())]
                    ],
                    rows: vec![vec![
                        vec![Inline::Text("1".into())],
                        vec![Inline::Text("2".into())]
                    ]],
                },
                Block::Footnote {
                    label: "n".into(),
                    number: 1,
                    blocks: vec![Block::Paragraph(vec![Inline::Text("A note.".into())])],
                },
            ]
        );
    }
}
