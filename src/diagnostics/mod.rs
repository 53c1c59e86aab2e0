//! Problems found in a project, each pinned to a file, a line and (where known) a column.
//!
//! Every stage reports problems as [`Diagnostic`]s and keeps going where it safely can, so a
//! single run lists everything that needs fixing rather than one problem at a time.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::limits::{PROBLEMS_PER_FILE, visible};

mod snippet;
pub use snippet::Style;

/// How serious a problem is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem with the input, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the content folder (or the theme, for theme templates).
    pub file: PathBuf,
    /// 1-based line, as an editor or a spreadsheet shows it.
    pub line: Option<usize>,
    /// 1-based column (a character count, or a spreadsheet column number for case data).
    pub column: Option<usize>,
    pub message: String,
    /// What the user can do to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line);
        self.column = column;
        self
    }

    pub fn at_position(self, position: Option<Position>) -> Self {
        match position {
            Some(p) => self.at(p.line, Some(p.column)),
            None => self,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic with its file shown under `root` (the content folder as the user typed it).
    pub fn display_under<'a>(&'a self, root: &'a Path) -> impl fmt::Display + 'a {
        DisplayUnder {
            diagnostic: self,
            root,
        }
    }

    fn write_to(&self, f: &mut fmt::Formatter<'_>, file: &Path) -> fmt::Result {
        // Whatever a message quotes from the input, no control character reaches a terminal.
        let message = visible(&self.message);
        let help = self.help.as_deref().map(visible);
        if file.as_os_str().is_empty() {
            if self.severity == Severity::Warning {
                write!(f, "warning: ")?;
            }
            write!(f, "{message}")?;
            if let Some(help) = &help {
                write!(f, "\n  help: {help}")?;
            }
            return Ok(());
        }
        write!(f, "{}", visible(&file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if self.severity == Severity::Warning {
            write!(f, ": warning")?;
        }
        write!(f, ": {message}")?;
        if let Some(help) = &help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A line and a column, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`, counting columns in characters.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Position { line, column }
    }
}

/// Positions of many offsets in one text, each found in logarithmic time: for texts with many
/// links or problems, where finding each from the start would take quadratic time.
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        LineIndex { text, starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = String::from_utf8_lossy(&self.text.as_bytes()[start..offset])
            .chars()
            .count()
            + 1;
        Position { line, column }
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f, &self.file)
    }
}

struct DisplayUnder<'a> {
    diagnostic: &'a Diagnostic,
    root: &'a Path,
}

impl fmt::Display for DisplayUnder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.diagnostic.file;
        if file.as_os_str().is_empty() || file.starts_with(BUILT_IN) {
            self.diagnostic.write_to(f, file)
        } else {
            self.diagnostic.write_to(f, &self.root.join(file))
        }
    }
}

/// Where files compiled into auditpress (the default theme) appear in diagnostics.
pub const BUILT_IN: &str = "[built-in theme]";

/// All the problems of one run, kept in a stable order (file, line, column, message).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// How many problems are already listed for `file`: a reader with that many for one file
    /// can stop looking for more ([`PROBLEMS_PER_FILE`] are shown).
    pub fn count_for(&self, file: &Path) -> usize {
        self.items.iter().filter(|d| d.file == file).count()
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Sorted and without repeats, so the same input always reports the same way. A file with
    /// more than [`PROBLEMS_PER_FILE`] problems shows its first ones and a count of the rest.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        let mut per_file: BTreeMap<PathBuf, usize> = BTreeMap::new();
        let mut kept = Vec::with_capacity(self.items.len().min(1000));
        for item in self.items {
            let seen = per_file.entry(item.file.clone()).or_insert(0);
            *seen += 1;
            if *seen <= PROBLEMS_PER_FILE {
                kept.push(item);
            }
        }
        for (file, seen) in per_file {
            if seen > PROBLEMS_PER_FILE {
                let more = seen - PROBLEMS_PER_FILE;
                let at = kept
                    .iter()
                    .rposition(|d| d.file == file)
                    .map_or(kept.len(), |i| i + 1);
                kept.insert(
                    at,
                    Diagnostic::error(
                        &file,
                        format!(
                            "and {more} more {} in this file",
                            if more == 1 { "problem" } else { "problems" }
                        ),
                    )
                    .with_help(format!(
                        "only the first {PROBLEMS_PER_FILE} problems of a file are shown; fix these and build again"
                    )),
                );
            }
        }
        kept
    }

    /// `Ok(value)` when nothing here is an error, else these diagnostics as the error.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok(value)
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_sorted().into_iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.clone().into_sorted() {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_column_and_help() {
        let d = Diagnostic::error("site.yaml", "unknown field `titel`")
            .at(2, Some(1))
            .with_help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "site.yaml:2:1: unknown field `titel`\n  help: did you mean `title`?"
        );
        assert_eq!(
            d.display_under(Path::new("content")).to_string(),
            "content/site.yaml:2:1: unknown field `titel`\n  help: did you mean `title`?"
        );
    }

    #[test]
    fn line_without_column() {
        let d = Diagnostic::error("a/cases.csv", "bad").at(47, None);
        assert_eq!(d.to_string(), "a/cases.csv:47: bad");
    }

    #[test]
    fn sorted_by_file_then_line() {
        let all: Diagnostics = [
            Diagnostic::error("b.md", "two").at(3, None),
            Diagnostic::error("a.md", "one").at(9, None),
            Diagnostic::error("b.md", "one").at(1, None),
        ]
        .into_iter()
        .collect();
        let order: Vec<String> = all.into_iter().map(|d| d.to_string()).collect();
        assert_eq!(order, ["a.md:9: one", "b.md:1: one", "b.md:3: two"]);
    }

    #[test]
    fn line_index_agrees_with_counting_from_the_start() {
        let text = "title: Café\nauthor: Zoë x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(
                    index.position(offset),
                    Position::of_offset(text, offset),
                    "{offset}"
                );
            }
        }
    }

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "title: Café\nauthor: Zoë x";
        assert_eq!(
            Position::of_offset(text, text.find('x').unwrap()),
            Position {
                line: 2,
                column: 13
            }
        );
        assert_eq!(
            Position::of_offset(text, 0),
            Position { line: 1, column: 1 }
        );
    }
}
