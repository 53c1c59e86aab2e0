//! Splitting a Markdown file into its YAML front matter and its body.

/// A Markdown file cut at its front matter fences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// The line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The line of the file on which the body starts.
    pub body_line: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// The opening `---` has no closing `---`.
    Unclosed,
}

/// Splits `text` at `---` lines: the first line must be `---`, the front matter ends at the next
/// line that is exactly `---` (or `...`).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::Missing)?;
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_number = 1;
    for line in lines {
        line_number += 1;
        if matches!(line.trim_end(), "---" | "...") {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_number + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body_with_their_lines() {
        let split = split("---\ntitle: A\ntags: [x]\n---\n\n# Body\n").unwrap();
        assert_eq!(split.yaml, "title: A\ntags: [x]\n");
        assert_eq!(split.yaml_line, 2);
        assert_eq!(split.body, "\n# Body\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn windows_line_endings() {
        let split = split("---\r\ntitle: A\r\n---\r\nText").unwrap();
        assert_eq!(split.yaml, "title: A\r\n");
        assert_eq!(split.body, "Text");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn missing_or_unclosed() {
        assert_eq!(split("# Title\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unclosed));
    }
}
