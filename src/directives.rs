//! Directives in Markdown: charts, tables and figures that quote the audit data, and key
//! message callouts. One syntax, after Zola's shortcodes:
//!
//! ```text
//! {{ chart(audit="sutton/looked-after-children-2001", by="need_group", kind="bar", title="...") }}
//! {{ figure(audit="sutton/looked-after-children-2001", by="need_group", code="A") }}
//! {% callout(title="Key message") %}
//! Markdown text.
//! {% end %}
//! ```
//!
//! This module finds and parses them; the validate stage checks what they name, and the render
//! stage draws them. Directives inside code spans and code blocks are left alone, so the syntax
//! can be shown in documentation.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A value given to a directive.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
    Bool(bool),
    List(Vec<String>),
}

impl Arg {
    pub fn describe(&self) -> &'static str {
        match self {
            Arg::Text(_) => "text",
            Arg::Number(_) => "a number",
            Arg::Bool(_) => "true or false",
            Arg::List(_) => "a list",
        }
    }
}

/// A directive as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    pub name: String,
    pub args: BTreeMap<String, (Arg, Range<usize>)>,
    /// For `{% name(...) %} ... {% end %}`: the Markdown between, and where it starts.
    pub body: Option<(String, usize)>,
    /// Where the whole directive is in the Markdown, body and end tag included.
    pub span: Range<usize>,
    /// Alone in its paragraph (so it may be a block, such as a chart).
    pub alone: bool,
}

/// A directive that could not be read, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
    pub help: String,
}

/// Finds every directive in `markdown`, outside code. Returns the directives in order and the
/// syntax errors met.
pub fn find(markdown: &str) -> (Vec<Directive>, Vec<SyntaxError>) {
    // Most pages have none: skip the Markdown parse that finds code.
    if next_opening(markdown, 0).is_none() {
        return (Vec::new(), Vec::new());
    }
    let code = code_ranges(markdown);
    let in_code = |at: usize| code.iter().any(|r| r.contains(&at));
    let mut directives = Vec::new();
    let mut errors = Vec::new();
    let mut from = 0;
    while let Some(found) = next_opening(markdown, from) {
        let (start, block) = found;
        if in_code(start) {
            from = start + 2;
            continue;
        }
        match parse_at(markdown, start, block) {
            Ok(directive) => {
                from = directive.span.end;
                directives.push(directive);
            }
            Err(error) => {
                errors.push(error);
                from = start + 2;
            }
        }
    }
    (directives, errors)
}

/// The next `{{` or `{%`, and whether it opens a block directive.
fn next_opening(text: &str, from: usize) -> Option<(usize, bool)> {
    let rest = text.get(from..)?;
    let i = rest.find('{')?;
    let at = from + i;
    match text.as_bytes().get(at + 1) {
        Some(b'{') => Some((at, false)),
        Some(b'%') => Some((at, true)),
        _ => next_opening(text, at + 1),
    }
}

/// Byte ranges of code spans and code blocks.
fn code_ranges(markdown: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }
    fn skip_spaces(&mut self) {
        let skipped = self.rest().len()
            - self
                .rest()
                .trim_start_matches([' ', '\t', '\n', '\r'])
                .len();
        self.at += skipped;
    }
    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }
    fn word(&mut self) -> &'a str {
        let len = self
            .rest()
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(self.rest().len());
        let word = &self.rest()[..len];
        self.at += len;
        word
    }
    fn error(&self, message: impl Into<String>, help: impl Into<String>) -> SyntaxError {
        SyntaxError {
            at: self.at,
            message: message.into(),
            help: help.into(),
        }
    }
}

const SYNTAX_HELP: &str = "write directives as {{ name(key=\"value\", ...) }}, or {% name(...) %} ... {% end %} around Markdown";

fn parse_at(text: &str, start: usize, block: bool) -> Result<Directive, SyntaxError> {
    let mut c = Cursor {
        text,
        at: start + 2,
    };
    c.skip_spaces();
    let name_at = c.at;
    let name = c.word().to_string();
    if name.is_empty() {
        return Err(SyntaxError {
            at: name_at,
            message: "a directive must start with its name".into(),
            help: SYNTAX_HELP.into(),
        });
    }
    c.skip_spaces();
    if !c.eat("(") {
        return Err(c.error(
            format!("`{name}` needs its arguments in brackets"),
            SYNTAX_HELP,
        ));
    }
    let mut args = BTreeMap::new();
    loop {
        c.skip_spaces();
        if c.eat(")") {
            break;
        }
        let key_at = c.at;
        let key = c.word().to_string();
        if key.is_empty() {
            return Err(c.error("expected an argument name or `)`", SYNTAX_HELP));
        }
        c.skip_spaces();
        if !c.eat("=") {
            return Err(c.error(
                format!("the argument `{key}` needs `=` and a value"),
                SYNTAX_HELP,
            ));
        }
        c.skip_spaces();
        let value_at = c.at;
        let value = parse_value(&mut c)?;
        if args.len() == crate::limits::DIRECTIVE_ARGUMENTS {
            return Err(SyntaxError {
                at: key_at,
                message: format!(
                    "`{name}` has more than {} arguments",
                    crate::limits::DIRECTIVE_ARGUMENTS
                ),
                help: "a directive takes a few arguments: check for a missing `)`".into(),
            });
        }
        if args.insert(key.clone(), (value, value_at..c.at)).is_some() {
            return Err(SyntaxError {
                at: key_at,
                message: format!("the argument `{key}` is given twice"),
                help: "give each argument once".into(),
            });
        }
        c.skip_spaces();
        if c.eat(",") {
            continue;
        }
        if c.eat(")") {
            break;
        }
        return Err(c.error("expected `,` or `)` after a value", SYNTAX_HELP));
    }
    c.skip_spaces();
    let close = if block { "%}" } else { "}}" };
    if !c.eat(close) {
        return Err(c.error(
            format!("the directive `{name}` is not closed with `{close}`"),
            SYNTAX_HELP,
        ));
    }
    let mut body = None;
    if block {
        let body_start = c.at;
        let Some(end) = find_end(text, body_start) else {
            return Err(SyntaxError {
                at: start,
                message: format!("`{{% {name}(...) %}}` has no `{{% end %}}`"),
                help: "close the block with a line `{% end %}`".into(),
            });
        };
        let raw = &text[body_start..end.start];
        let leading = raw.len() - raw.trim_start().len();
        body = Some((raw.trim().to_string(), body_start + leading));
        c.at = end.end;
    }
    let span = start..c.at;
    Ok(Directive {
        name,
        args,
        body,
        alone: alone_in_paragraph(text, &span),
        span,
    })
}

fn find_end(text: &str, from: usize) -> Option<Range<usize>> {
    let mut at = from;
    while let Some(i) = text[at..].find("{%") {
        let start = at + i;
        let mut c = Cursor {
            text,
            at: start + 2,
        };
        c.skip_spaces();
        if c.eat("end") {
            c.skip_spaces();
            if c.eat("%}") {
                return Some(start..c.at);
            }
        }
        at = start + 2;
    }
    None
}

fn parse_value(c: &mut Cursor<'_>) -> Result<Arg, SyntaxError> {
    if c.rest().starts_with('"') {
        return parse_string(c).map(Arg::Text);
    }
    if c.eat("[") {
        let mut items = Vec::new();
        loop {
            c.skip_spaces();
            if c.eat("]") {
                return Ok(Arg::List(items));
            }
            if !c.rest().starts_with('"') {
                return Err(c.error(
                    "a list holds quoted text, as in [\"a\", \"b\"]",
                    SYNTAX_HELP,
                ));
            }
            items.push(parse_string(c)?);
            c.skip_spaces();
            if c.eat(",") {
                continue;
            }
            if c.eat("]") {
                return Ok(Arg::List(items));
            }
            return Err(c.error("expected `,` or `]` in a list", SYNTAX_HELP));
        }
    }
    let start = c.at;
    let len = c
        .rest()
        .find(|ch: char| !(ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.')))
        .unwrap_or(c.rest().len());
    let word = &c.rest()[..len];
    c.at += len;
    match word {
        "true" => Ok(Arg::Bool(true)),
        "false" => Ok(Arg::Bool(false)),
        _ => match word.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Arg::Number(n)),
            _ => Err(SyntaxError {
                at: start,
                message: format!("`{word}` is not a value"),
                help: "put text in double quotes, as in by=\"need_group\"".into(),
            }),
        },
    }
}

fn parse_string(c: &mut Cursor<'_>) -> Result<String, SyntaxError> {
    let start = c.at;
    c.at += 1;
    let mut out = String::new();
    loop {
        let Some(ch) = c.rest().chars().next() else {
            return Err(SyntaxError {
                at: start,
                message: "this text is never closed with `\"`".into(),
                help: "end the text with a double quote".into(),
            });
        };
        c.at += ch.len_utf8();
        match ch {
            '"' => return Ok(out),
            '\\' => {
                let Some(next) = c.rest().chars().next() else {
                    continue;
                };
                c.at += next.len_utf8();
                out.push(next);
            }
            '\n' => {
                return Err(SyntaxError {
                    at: start,
                    message: "text in a directive cannot run over a line break".into(),
                    help: "keep each quoted value on one line".into(),
                });
            }
            other => out.push(other),
        }
    }
}

/// Whether the directive is the only thing in its paragraph (blank lines or the text's ends
/// around it).
fn alone_in_paragraph(text: &str, span: &Range<usize>) -> bool {
    let before = &text[..span.start];
    let after = &text[span.end..];
    let line_before = before.rsplit('\n').next().unwrap_or("");
    let line_after = after.split('\n').next().unwrap_or("");
    if !line_before.trim().is_empty() || !line_after.trim().is_empty() {
        return false;
    }
    let previous_line_blank = {
        let mut lines = before.rsplit('\n');
        lines.next();
        lines.next().is_none_or(|l| l.trim().is_empty())
    };
    let next_line_blank = {
        let mut lines = after.split('\n');
        lines.next();
        lines.next().is_none_or(|l| l.trim().is_empty())
    };
    previous_line_blank && next_line_blank
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: &Directive, key: &str) -> String {
        match &d.args[key].0 {
            Arg::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn finds_inline_and_block_directives() {
        let md = "Intro.\n\n{{ chart(audit=\"sutton/lac\", by=\"need_group\", kind=\"bar\", title=\"Most children \\\"needed\\\" help\") }}\n\nThere were {{ figure(audit=\"a/b\", by=\"sex\", code=\"F\") }} girls.\n\n{% callout(title=\"Key message\") %}\nFund **family centres**.\n{% end %}\n";
        let (found, errors) = find(md);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].name, "chart");
        assert_eq!(text(&found[0], "title"), "Most children \"needed\" help");
        assert!(found[0].alone);
        assert_eq!(found[1].name, "figure");
        assert!(!found[1].alone);
        assert_eq!(
            &md[found[1].span.clone()],
            "{{ figure(audit=\"a/b\", by=\"sex\", code=\"F\") }}"
        );
        let (body, at) = found[2].body.clone().unwrap();
        assert_eq!(body, "Fund **family centres**.");
        assert_eq!(&md[at..at + 4], "Fund");
        assert!(found[2].alone);
    }

    #[test]
    fn lists_numbers_and_booleans() {
        let (found, errors) =
            find("{{ chart(audits=[\"a/b\", \"c/d\"], width=2.5, sorted=false) }}");
        assert!(errors.is_empty());
        assert_eq!(
            found[0].args["audits"].0,
            Arg::List(vec!["a/b".into(), "c/d".into()])
        );
        assert_eq!(found[0].args["width"].0, Arg::Number(2.5));
        assert_eq!(found[0].args["sorted"].0, Arg::Bool(false));
    }

    #[test]
    fn code_is_left_alone() {
        let (found, _) =
            find("Write `{{ figure(audit=\"x\") }}` like this.\n\n```\n{{ chart() }}\n```\n");
        assert!(found.is_empty());
    }

    #[test]
    fn syntax_errors_say_where_and_what() {
        let (_, errors) = find("A {{ figure(audit=a/b) }} b");
        assert_eq!(errors[0].message, "`a` is not a value");
        assert_eq!(errors[0].at, 18);
        let (_, errors) = find("{{ chart(kind=\"bar\" title=\"x\") }}");
        assert_eq!(errors[0].message, "expected `,` or `)` after a value");
        let (_, errors) = find("{% callout() %}\nNo end.\n");
        assert_eq!(errors[0].message, "`{% callout(...) %}` has no `{% end %}`");
        let (_, errors) = find("{{ figure(code=\"F) }}");
        assert_eq!(errors[0].message, "this text is never closed with `\"`");
    }

    #[test]
    fn a_lone_brace_is_just_text() {
        let (found, errors) = find("Sets like {a, b} and {x} are fine.");
        assert!(found.is_empty() && errors.is_empty());
    }
}
