//! The one place that knows which YAML library we use.
//!
//! serde_yaml is no longer maintained upstream; every other module goes through [`parse`] so a
//! maintained fork can replace it here, in one line.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};
use crate::limits;

use serde_yaml as backend;

/// Parses `text` (which starts at line `first_line` of `file`) into `T`, turning any failure
/// into a diagnostic that points at the right place in the file and says what to do.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    prescan(text, file, first_line)?;
    // An empty document is an empty mapping to a person, and "missing field" is a clearer
    // message than "invalid type: unit value".
    let text_or_empty_map = if text.trim().is_empty() { "{}" } else { text };
    backend::from_str(text_or_empty_map).map_err(|error| {
        let location = error.location().map(|l| Position {
            line: l.line() + first_line - 1,
            column: l.column(),
        });
        explain(&error.to_string(), text, first_line, file, location)
    })
}

/// Checks a YAML text against the limits before it is deserialized, by streaming its events
/// (nothing is built): its size as written, how deeply it nests, how many nodes it holds once
/// every alias (`*name`) is expanded (a small file can otherwise expand to gigabytes), and
/// that no value holds a control character. Syntax errors are left to the deserializer, which
/// explains them better.
fn prescan(text: &str, file: &Path, first_line: usize) -> Result<(), Diagnostic> {
    use yaml_rust2::parser::{Event, Parser};
    if text.len() > limits::YAML_BYTES {
        return Err(Diagnostic::error(
            file,
            format!(
                "this YAML is {} KB, more than the {} KB auditpress reads",
                text.len() / 1024,
                limits::YAML_BYTES / 1024
            ),
        )
        .at(first_line, Some(1))
        .with_help("settings and front matter are short: move long text into the Markdown page"));
    }
    let at = |line: usize, column: usize| Position {
        line: line + first_line - 1,
        column: column + 1,
    };
    let too_deep = |position: Position| {
        Diagnostic::error(
            file,
            format!(
                "lists and maps here nest more than {} deep",
                limits::YAML_DEPTH
            ),
        )
        .at_position(Some(position))
        .with_help("check for a stray `[` or `{`, or for indentation that runs away")
    };
    let mut parser = Parser::new_from_str(text);
    // Open lists and maps: (anchor, nodes so far).
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut anchored: std::collections::HashMap<usize, u64> = std::collections::HashMap::new();
    let mut done: u64 = 0;
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // The scanner gives up on deep nesting before the deserializer would (slowly).
            Err(error) if error.info().contains("recursion limit") => {
                let mark = error.marker();
                return Err(too_deep(at(mark.line(), mark.col())));
            }
            Err(_) => return Ok(()),
        };
        let nodes = match event {
            Event::StreamEnd => return Ok(()),
            Event::Scalar(value, _, anchor, _) => {
                if let Some(c) = value
                    .chars()
                    .find(|&c| limits::is_hidden_control(c) && c != '\r')
                {
                    return Err(Diagnostic::error(
                        file,
                        format!(
                            "this value holds a control character ({}), which no page can show",
                            c.escape_unicode()
                        ),
                    )
                    .at_position(Some(at(mark.line(), mark.col())))
                    .with_help("remove it: it is usually left over from copying text out of another program"));
                }
                if anchor > 0 {
                    anchored.insert(anchor, 1);
                }
                1
            }
            Event::Alias(id) => anchored.get(&id).copied().unwrap_or(1),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                if open.len() > limits::YAML_DEPTH {
                    return Err(too_deep(at(mark.line(), mark.col())));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some((anchor, nodes)) => {
                    if anchor > 0 {
                        anchored.insert(anchor, nodes);
                    }
                    nodes
                }
                None => continue,
            },
            _ => continue,
        };
        match open.last_mut() {
            Some((_, count)) => *count = count.saturating_add(nodes),
            None => done = done.saturating_add(nodes),
        }
        let total = open
            .iter()
            .fold(done, |sum, (_, count)| sum.saturating_add(*count));
        if total > limits::YAML_NODES {
            return Err(Diagnostic::error(
                file,
                format!(
                    "this YAML holds more than {} values once its aliases (`*name`) are expanded",
                    limits::YAML_NODES
                ),
            )
            .at_position(Some(at(mark.line(), mark.col())))
            .with_help("write the values out, or use fewer aliases: a few aliases of aliases can stand for millions of values"));
        }
    }
}

fn explain(
    raw: &str,
    text: &str,
    first_line: usize,
    file: &Path,
    location: Option<Position>,
) -> Diagnostic {
    let message = strip_location_suffix(raw);
    let (path, detail) = split_key_path(message);
    let in_path = |m: String| match path {
        Some(p) => format!("{p}: {m}"),
        None => m,
    };

    if let Some(rest) = detail.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked_words(expected);
        let help = match closest(key, &allowed) {
            Some(best) => format!(
                "did you mean `{best}`? The keys allowed here are: {}",
                allowed.join(", ")
            ),
            None if allowed.is_empty() => "remove this key".to_string(),
            None => format!(
                "remove it or check the spelling; the keys allowed here are: {}",
                allowed.join(", ")
            ),
        };
        return Diagnostic::error(file, in_path(format!("unknown key `{key}`")))
            .at_position(location)
            .with_help(help);
    }
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return Diagnostic::error(
            file,
            in_path(format!("the required key `{key}` is missing")),
        )
        .at_position(location)
        .with_help(format!("add a line `{key}: ...`"));
    }
    if let Some(rest) = detail.strip_prefix("duplicate field `") {
        let key = rest.trim_end_matches('`');
        let second = nth_key_position(text, key, 2).map(|p| Position {
            line: p.line + first_line - 1,
            column: p.column,
        });
        return Diagnostic::error(
            file,
            in_path(format!("the key `{key}` appears more than once")),
        )
        .at_position(second.or(location))
        .with_help("keep one of them");
    }
    if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        return Diagnostic::error(file, in_path(detail.to_string()))
            .at_position(location)
            .with_help("check the value's form; text with a colon, `#` or a leading `[`, `{`, `*` or `&` needs quotes");
    }
    if let Some(path) = path {
        // A message from our own validating deserializers (dates, codes), already phrased for
        // the user. serde places it at the enclosing mapping; point at the value itself.
        let key = path.rsplit('.').next().unwrap_or(path);
        let key = key.split('[').next().unwrap_or(key);
        let value = backticked_words(detail).first().copied();
        let precise = value.and_then(|v| locate_value(text, key, v, first_line));
        return Diagnostic::error(file, in_path(detail.to_string()))
            .at_position(precise.or(location));
    }
    Diagnostic::error(file, format!("this is not valid YAML: {message}"))
        .at_position(location)
        .with_help("check the indentation, the `key: value` colons and the quotes around text that contains `: ` or `#`")
}

/// serde_yaml appends " at line L column C" (and sometimes a second clause); we report the
/// location ourselves, adjusted for front matter.
fn strip_location_suffix(message: &str) -> &str {
    let first_clause = message.split(", while parsing").next().unwrap_or(message);
    match first_clause.rfind(" at line ") {
        Some(i) => &first_clause[..i],
        None => first_clause,
    }
}

/// serde_yaml prefixes errors inside nested values with their path, as in `period.from: ...`.
fn split_key_path(message: &str) -> (Option<&str>, &str) {
    if let Some((head, tail)) = message.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'));
        if looks_like_path {
            return (Some(head), tail);
        }
    }
    (None, message)
}

fn backticked_words(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The allowed word nearest to a typo, if it is near enough to be a likely intent.
pub fn closest<'a>(typed: &str, allowed: &[&'a str]) -> Option<&'a str> {
    // Edit distance takes time in the product of the lengths: nothing this long is a typo.
    if typed.len() > 64 {
        return None;
    }
    allowed
        .iter()
        .map(|candidate| (strsim::damerau_levenshtein(typed, candidate), *candidate))
        // Near enough, and not simply any other short code ("Z" is not a typo for "A").
        .filter(|(distance, candidate)| {
            *distance <= 2.max(candidate.len() / 4) && *distance < candidate.chars().count()
        })
        .min()
        .map(|(_, candidate)| candidate)
}

/// Where the `n`th (1-based) occurrence of `key:` as a mapping key starts.
fn nth_key_position(text: &str, key: &str, n: usize) -> Option<Position> {
    let mut seen = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let unlisted = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let key_start = indent + (trimmed.len() - unlisted.len());
        if unlisted
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            seen += 1;
            if seen == n {
                return Some(Position::of_offset(text, offset + key_start));
            }
        }
        offset += line.len();
    }
    None
}

/// Best-effort position of `value` given for `key` in a YAML `text` starting at `first_line`:
/// serde gives no positions for values that parsed fine but fail a later check (an unknown
/// authority, say), so find them in the text. Falls back to the key, then to nothing.
pub fn locate_value(text: &str, key: &str, value: &str, first_line: usize) -> Option<Position> {
    let key_at = nth_key_position(text, key, 1)?;
    let key_offset = offset_of(text, key_at);
    let shift = |p: Position| Position {
        line: p.line + first_line - 1,
        column: p.column,
    };
    // The value is on the key's line (inline or flow list) or in the block list below it.
    let found = text[key_offset..]
        .match_indices(value)
        .find(|(i, _)| {
            let at = key_offset + i;
            let before = text[..at].chars().next_back();
            let after = text[at + value.len()..].chars().next();
            let bounded = |c: Option<char>| {
                c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '/'))
            };
            bounded(before) && bounded(after)
        })
        .map(|(i, _)| Position::of_offset(text, key_offset + i));
    Some(shift(found.unwrap_or(key_at)))
}

fn offset_of(text: &str, position: Position) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(position.line - 1)
        .map(str::len)
        .sum();
    let column_bytes: usize = text[line_start..]
        .chars()
        .take(position.column - 1)
        .map(char::len_utf8)
        .sum();
    line_start + column_bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Example {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        period: Option<Period>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Period {
        from: String,
    }

    fn error_of(text: &str, first_line: usize) -> String {
        parse::<Example>(text, Path::new("x.yaml"), first_line)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        assert_eq!(
            error_of("title: A\ntagz: [b]\n", 1),
            "x.yaml:2:1: unknown key `tagz`\n  help: did you mean `tags`? The keys allowed here are: title, tags, period"
        );
    }

    #[test]
    fn unknown_nested_key_names_its_path_and_front_matter_offset() {
        assert_eq!(
            error_of("title: A\nperiod:\n  form: 2001\n", 2),
            "x.yaml:4:3: period: unknown key `form`\n  help: did you mean `from`? The keys allowed here are: from"
        );
    }

    #[test]
    fn missing_required_key() {
        assert_eq!(
            error_of("tags: [a]\n", 1),
            "x.yaml:1:1: the required key `title` is missing\n  help: add a line `title: ...`"
        );
        assert_eq!(
            error_of("", 1),
            "x.yaml:1:1: the required key `title` is missing\n  help: add a line `title: ...`"
        );
    }

    #[test]
    fn duplicate_key_points_at_the_second() {
        assert_eq!(
            error_of("title: A\ntags: []\ntitle: B\n", 1),
            "x.yaml:3:1: the key `title` appears more than once\n  help: keep one of them"
        );
    }

    #[test]
    fn syntax_error() {
        let e = error_of("title: A\ntags: [a, b\nperiod: x\n", 1);
        assert!(e.starts_with("x.yaml:3:"), "{e}");
        assert!(e.contains("this is not valid YAML"), "{e}");
    }

    #[test]
    fn locates_values_in_block_and_flow_lists() {
        let text = "title: A\nauthorities:\n  - sutton\n  - gateshead\ntags: [sutton-x, sutton]\n";
        assert_eq!(
            locate_value(text, "authorities", "gateshead", 1),
            Some(Position { line: 4, column: 5 })
        );
        assert_eq!(
            locate_value(text, "tags", "sutton", 10),
            Some(Position {
                line: 14,
                column: 18
            })
        );
        assert_eq!(locate_value(text, "audits", "x", 1), None);
    }

    #[test]
    fn closest_only_when_near() {
        assert_eq!(closest("titel", &["title", "tags"]), Some("title"));
        assert_eq!(closest("colour", &["title", "tags"]), None);
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Anything {
        #[serde(flatten)]
        rest: std::collections::BTreeMap<String, serde_yaml::Value>,
    }

    fn problem(text: &str) -> String {
        parse::<Anything>(text, Path::new("site.yaml"), 1)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn control_characters_in_values_are_refused_where_they_are() {
        assert_eq!(
            problem("title: ok\nsummary: \"red \\e[31m text\"\n"),
            "site.yaml:2:10: this value holds a control character (\\u{1b}), which no page can show\n  help: remove it: it is usually left over from copying text out of another program"
        );
    }

    #[test]
    fn aliases_of_aliases_cannot_expand_without_bound() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let previous = (b'a' + level - 1) as char;
            let this = (b'a' + level) as char;
            let aliases = vec![format!("*{previous}"); 10].join(", ");
            text.push_str(&format!("{this}: &{this} [{aliases}]\n"));
        }
        let started = std::time::Instant::now();
        let message = problem(&text);
        assert!(message.starts_with("site.yaml:6:"), "{message}");
        assert!(
            message.contains("more than 200000 values once its aliases"),
            "{message}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn deep_nesting_stops_early() {
        let text = format!("title: {}\n", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let message = problem(&text);
        assert_eq!(
            message,
            "site.yaml:1:263: lists and maps here nest more than 64 deep\n  help: check for a stray `[` or `{`, or for indentation that runs away"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
