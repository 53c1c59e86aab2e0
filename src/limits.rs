//! The limits every reader keeps to, so that no input, careless or hostile, can make a build
//! run out of memory or time. Input over a limit gets an error naming the file and the limit;
//! no buffer is ever sized from an input's own claims. README.md lists them under "Limits and
//! safety".

/// A case file, CSV or Excel, on disk.
pub const CASE_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Case records (rows) in one case file.
pub const CASE_ROWS: usize = 200_000;
/// Columns of one case file.
pub const CASE_COLUMNS: usize = 500;
/// Characters in one cell of a case file.
pub const CELL_CHARS: usize = 10_000;
/// What an Excel workbook may unpack to, all its parts together.
pub const WORKBOOK_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Distinct strings an Excel workbook may declare.
pub const WORKBOOK_STRINGS: u64 = 5_000_000;

/// A YAML file, or a page's front matter, as written.
pub const YAML_BYTES: usize = 2 * 1024 * 1024;
/// Nodes a YAML file may hold once its aliases (`*name`) are expanded.
pub const YAML_NODES: u64 = 200_000;
/// How deeply YAML lists and maps may nest.
pub const YAML_DEPTH: usize = 64;
/// A Markdown page.
pub const PAGE_BYTES: usize = 8 * 1024 * 1024;
/// Any other file the load stage reads whole (templates, static files).
pub const FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Tags on one page.
pub const TAGS_PER_PAGE: usize = 200;
/// Arguments of one directive.
pub const DIRECTIVE_ARGUMENTS: usize = 32;

/// Problems reported for one file; the rest are counted.
pub const PROBLEMS_PER_FILE: usize = 50;
/// Characters of a value quoted in a message.
pub const QUOTED_CHARS: usize = 60;

/// Bytes of a path in the built site, from its top folder: room for the site to sit a few
/// folders deep on a Windows share or in SharePoint and stay under their limits.
pub const OUTPUT_PATH_BYTES: usize = 180;
/// Bytes of one file or folder name in the built site.
pub const OUTPUT_NAME_BYTES: usize = 100;

/// `text` as a message may quote it: control characters shown as escapes (so nothing in the
/// input can drive the terminal), and cut short with "…" after [`QUOTED_CHARS`] characters.
pub fn quote(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == QUOTED_CHARS {
            out.push('…');
            break;
        }
        push_visible(&mut out, c);
    }
    out
}

/// `text` with its control characters shown as escapes (`\u{1b}`), line breaks and tabs kept.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_hidden_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

fn push_visible(out: &mut String, c: char) {
    if is_hidden_control(c) {
        out.push_str(&c.escape_unicode().to_string());
    } else {
        out.push(c);
    }
}

/// Control characters other than a line break or a tab: invisible in text, and some drive a
/// terminal (an escape sequence can recolour it or rewrite what it shows).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_short_and_show_control_characters() {
        assert_eq!(quote("C9"), "C9");
        assert_eq!(quote("\u{1b}[31mred"), "\\u{1b}[31mred");
        let long = "x".repeat(1000);
        assert_eq!(quote(&long).chars().count(), QUOTED_CHARS + 1);
        assert!(quote(&long).ends_with('…'));
        assert_eq!(visible("a\tb\nc\u{7}"), "a\tb\nc\\u{7}");
    }
}
