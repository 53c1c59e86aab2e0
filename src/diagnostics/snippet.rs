//! A diagnostic shown with the line of the file it is about, the offending part underlined:
//! the YAML key or value, the Markdown directive, the template expression, or the case file's
//! cell. Callers pass the file's text; nothing here reads files.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Diagnostic, Severity};
use crate::limits::visible;

/// How the snippet is drawn: with colour on a terminal that wants it, plain otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Colour,
}

impl Diagnostic {
    /// The diagnostic with the line it points at, if it points at a line of `source` (the text
    /// of its file, shown as `shown_path`). A case file's column is a column of cells.
    pub fn snippet(&self, source: &str, shown_path: &str, style: Style) -> Option<String> {
        let line_number = self.line?;
        let line = source.lines().nth(line_number.checked_sub(1)?)?;
        let line = visible(line.trim_end_matches('\r'));
        let span = match self.column {
            Some(column) if shown_path.to_ascii_lowercase().ends_with(".csv") => {
                cell_span(&line, column)
            }
            Some(column) => token_span(&line, column),
            None => 0..line.len(),
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let message = visible(&self.message);
        let title = level.primary_title(message.as_ref());
        let snippet = Snippet::source(line.as_ref())
            .line_start(line_number)
            .path(shown_path)
            .annotation(AnnotationKind::Primary.span(span));
        let help = self.help.as_deref().map(visible);
        let mut report = vec![title.element(snippet)];
        if let Some(help) = &help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_ref()),
            ));
        }
        let renderer = match style {
            Style::Plain => Renderer::plain(),
            Style::Colour => Renderer::styled(),
        };
        Some(renderer.render(&report).to_string())
    }
}

/// The byte range of the word or quoted value that starts at character `column` (1-based).
fn token_span(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |end| end + 2),
        Some(_) => rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}' | ')'))
            .filter(|&end| end > 0)
            .unwrap_or(rest.len()),
        None => 0,
    };
    start..start + len
}

/// The byte range of cell `column` (1-based) of a CSV line.
fn cell_span(line: &str, column: usize) -> std::ops::Range<usize> {
    let mut start = 0;
    let mut in_quotes = false;
    let mut cell = 1;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                if cell == column {
                    return start..i;
                }
                cell += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    if cell == column {
        start..line.len()
    } else {
        line.len()..line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yaml_value_is_underlined() {
        let d = Diagnostic::error("site.yaml", "`official` is not a protective marking")
            .at(2, Some(21))
            .with_help("write the marking in capitals");
        let text = "title: A site\nprotective_marking: official\n";
        insta::assert_snapshot!(d.snippet(text, "content/site.yaml", Style::Plain).unwrap(), @r"
        error: `official` is not a protective marking
         --> content/site.yaml:2:21
          |
        2 | protective_marking: official
          |                     ^^^^^^^^
          |
        help: write the marking in capitals
        ");
    }

    #[test]
    fn a_case_file_cell_is_underlined() {
        let d = Diagnostic::error("cases.csv", "`12x` is not a whole number").at(3, Some(2));
        let text = "case_id,age,sex\nA1,7,F\nA2,12x,M\n";
        insta::assert_snapshot!(d.snippet(text, "content/a/cases.csv", Style::Plain).unwrap(), @r"
        error: `12x` is not a whole number
         --> content/a/cases.csv:3:4
          |
        3 | A2,12x,M
          |    ^^^
        ");
    }

    #[test]
    fn quoted_values_and_cells_are_found_whole() {
        assert_eq!(token_span("  name: \"a b\" rest", 9), 8..13);
        assert_eq!(token_span("x = {{ page.author }}", 8), 7..18);
        assert_eq!(cell_span("a,\"b,c\",d", 2), 2..7);
        assert_eq!(cell_span("a,b", 5), 3..3);
    }

    #[test]
    fn no_line_no_snippet() {
        let d = Diagnostic::error("site.yaml", "no title");
        assert_eq!(d.snippet("title:\n", "site.yaml", Style::Plain), None);
        let far = Diagnostic::error("site.yaml", "x").at(9, Some(1));
        assert_eq!(far.snippet("title:\n", "site.yaml", Style::Plain), None);
    }
}
