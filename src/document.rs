//! The narrative as a document that does not depend on the output format.
//!
//! Markdown is parsed once (links resolved, headings given ids, directives found) into this
//! tree; the HTML writer and the Typst writer both turn the same tree into their own markup, so
//! a briefing's PDF says what its page says. A directive stays a [`Block::Directive`] or an
//! [`Inline::Directive`] that points at its expansion, which is format-neutral too.

/// A parsed piece of Markdown: a page's body, a callout's body, a summary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// The text of a tight list's item, which is not a paragraph of its own.
    Plain(Vec<Inline>),
    List {
        /// The first number of an ordered list; `None` for a bulleted one.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Code {
        language: String,
        text: String,
    },
    Table {
        alignments: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
    /// HTML the author wrote, kept only where the site allows it; other formats leave it out.
    Html(String),
    /// A directive alone in its paragraph (a chart, a table, a callout), by its number.
    Directive(usize),
    Footnote {
        label: String,
        number: usize,
        blocks: Vec<Block>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Link {
        url: String,
        title: String,
        content: Vec<Inline>,
    },
    Image {
        url: String,
        title: String,
        alt: String,
    },
    SoftBreak,
    HardBreak,
    Html(String),
    /// A directive within a sentence (a figure, a comparison), by its number.
    Directive(usize),
    FootnoteReference {
        label: String,
        number: usize,
    },
}

/// The words of some inline content, without its markup.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(&mut out, inlines);
    out
}

fn push_plain(out: &mut String, inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                push_plain(out, c)
            }
            Inline::Link { content, .. } => push_plain(out, content),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::Html(_) | Inline::Directive(_) | Inline::FootnoteReference { .. } => {}
        }
    }
}

/// A document cut at its `##` headings, so templates can lay out structured pages section by
/// section.
pub struct Sections<'a> {
    /// What comes before the first `##` heading.
    pub intro: &'a [Block],
    pub sections: Vec<Section<'a>>,
}

pub struct Section<'a> {
    pub heading: &'a Block,
    pub id: &'a str,
    pub body: &'a [Block],
}

impl Document {
    pub fn sections(&self) -> Sections<'_> {
        let starts: Vec<usize> = self
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b, Block::Heading { level: 2, .. }))
            .map(|(i, _)| i)
            .collect();
        let intro_end = starts.first().copied().unwrap_or(self.blocks.len());
        let sections = starts
            .iter()
            .enumerate()
            .map(|(n, &start)| {
                let end = starts.get(n + 1).copied().unwrap_or(self.blocks.len());
                let id = match &self.blocks[start] {
                    Block::Heading { id, .. } => id.as_str(),
                    _ => "",
                };
                Section {
                    heading: &self.blocks[start],
                    id,
                    body: &self.blocks[start + 1..end],
                }
            })
            .collect();
        Sections {
            intro: &self.blocks[..intro_end],
            sections,
        }
    }

    /// Replaces `from` with `to` in the words of the document (not in code, links' addresses
    /// or directives): a briefing written for each authority names the one it is for.
    pub fn replace_text(&mut self, from: &str, to: &str) {
        fn inlines(c: &mut [Inline], from: &str, to: &str) {
            for inline in c {
                match inline {
                    Inline::Text(t) if t.contains(from) => *t = t.replace(from, to),
                    Inline::Emphasis(c)
                    | Inline::Strong(c)
                    | Inline::Strikethrough(c)
                    | Inline::Link { content: c, .. } => inlines(c, from, to),
                    _ => {}
                }
            }
        }
        fn blocks(b: &mut [Block], from: &str, to: &str) {
            for block in b {
                match block {
                    Block::Heading { content, .. }
                    | Block::Paragraph(content)
                    | Block::Plain(content) => inlines(content, from, to),
                    Block::List { items, .. } => items.iter_mut().for_each(|i| blocks(i, from, to)),
                    Block::Quote(b) | Block::Footnote { blocks: b, .. } => blocks(b, from, to),
                    Block::Table { head, rows, .. } => {
                        head.iter_mut().for_each(|c| inlines(c, from, to));
                        rows.iter_mut().flatten().for_each(|c| inlines(c, from, to));
                    }
                    _ => {}
                }
            }
        }
        blocks(&mut self.blocks, from, to);
    }

    /// Puts `prefix` before the id of every heading, so that several documents can share a
    /// page (a pack of briefings) without two headings having the same id.
    pub fn prefix_heading_ids(&mut self, prefix: &str) {
        for block in &mut self.blocks {
            if let Block::Heading { id, .. } = block {
                *id = format!("{prefix}{id}");
            }
        }
    }

    /// Moves every heading one level down (to at most 6), for a document set under a heading of
    /// its own: a briefing under its title in a pack.
    pub fn deepen_headings(&mut self) {
        for block in &mut self.blocks {
            if let Block::Heading { level, .. } = block {
                *level = (*level + 1).min(6);
            }
        }
    }

    /// Whether the author wrote HTML of their own anywhere in the document.
    pub fn has_html(&self) -> bool {
        fn inlines(c: &[Inline]) -> bool {
            c.iter().any(|i| match i {
                Inline::Html(_) => true,
                Inline::Emphasis(c)
                | Inline::Strong(c)
                | Inline::Strikethrough(c)
                | Inline::Link { content: c, .. } => inlines(c),
                _ => false,
            })
        }
        fn blocks(b: &[Block]) -> bool {
            b.iter().any(|b| match b {
                Block::Html(_) => true,
                Block::Heading { content, .. }
                | Block::Paragraph(content)
                | Block::Plain(content) => inlines(content),
                Block::List { items, .. } => items.iter().any(|i| blocks(i)),
                Block::Quote(b) | Block::Footnote { blocks: b, .. } => blocks(b),
                Block::Table { head, rows, .. } => {
                    head.iter().any(|c| inlines(c)) || rows.iter().flatten().any(|c| inlines(c))
                }
                _ => false,
            })
        }
        blocks(&self.blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_text_leaves_code_and_addresses_alone() {
        let mut doc = Document {
            blocks: vec![
                Block::Heading {
                    level: 2,
                    id: "x".into(),
                    content: vec![Inline::Text("About {authority}".into())],
                },
                Block::Paragraph(vec![
                    Inline::Code("{authority}".into()),
                    Inline::Link {
                        url: "{authority}".into(),
                        title: String::new(),
                        content: vec![Inline::Strong(vec![Inline::Text("{authority} now".into())])],
                    },
                ]),
            ],
        };
        doc.replace_text("{authority}", "Sutton");
        doc.prefix_heading_ids("b1-");
        doc.deepen_headings();
        assert_eq!(
            doc.blocks,
            vec![
                Block::Heading {
                    level: 3,
                    id: "b1-x".into(),
                    content: vec![Inline::Text("About Sutton".into())],
                },
                Block::Paragraph(vec![
                    Inline::Code("{authority}".into()),
                    Inline::Link {
                        url: "{authority}".into(),
                        title: String::new(),
                        content: vec![Inline::Strong(vec![Inline::Text("Sutton now".into())])],
                    },
                ]),
            ]
        );
    }

    fn heading(level: u8, id: &str) -> Block {
        Block::Heading {
            level,
            id: id.into(),
            content: vec![Inline::Text(id.into())],
        }
    }

    #[test]
    fn sections_start_at_each_level_two_heading() {
        let doc = Document {
            blocks: vec![
                Block::Paragraph(vec![Inline::Text("intro".into())]),
                heading(2, "a"),
                heading(3, "a-1"),
                Block::Rule,
                heading(2, "b"),
            ],
        };
        let s = doc.sections();
        assert_eq!(s.intro.len(), 1);
        assert_eq!(
            s.sections
                .iter()
                .map(|s| (s.id, s.body.len()))
                .collect::<Vec<_>>(),
            vec![("a", 2), ("b", 0)]
        );
    }

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        let inlines = vec![
            Inline::Text("Most ".into()),
            Inline::Strong(vec![Inline::Text("children".into())]),
            Inline::SoftBreak,
            Inline::Html("<br>".into()),
            Inline::Link {
                url: "x".into(),
                title: String::new(),
                content: vec![Inline::Code("here".into())],
            },
        ];
        assert_eq!(plain_text(&inlines), "Most children here");
    }
}
