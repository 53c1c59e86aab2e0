//! The search index: the text of every built page, shipped as a script so search works opened
//! from a shared drive (a browser will not fetch a JSON file from file://).
//!
//! It is made from the rendered pages themselves, so it holds exactly what the audience's pages
//! show: published figures only, nothing a page does not.

use serde::Serialize;

use super::OutputFile;
use crate::layout;

/// How much of a page's text the index keeps: enough to find it by what it says, small enough
/// that a national collection's index stays a few megabytes.
const TEXT_LIMIT: usize = 2_000;

/// One page in the index.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Title.
    t: String,
    /// Site path.
    p: String,
    /// Text.
    x: String,
}

/// The index entry of a built file, if it is a page that search should find.
pub fn entry(file: &OutputFile) -> Option<Entry> {
    if !file.path.ends_with(".html")
        || file.path == layout::NOT_FOUND
        || file.path == layout::SEARCH_PAGE
    {
        return None;
    }
    let html = std::str::from_utf8(&file.bytes).ok()?;
    let main = between(html, "<main", "</main>")?;
    let title = between(main, "<h1", "</h1>").map(plain).unwrap_or_default();
    let mut text = plain(main);
    if let Some(cut) = text.char_indices().nth(TEXT_LIMIT).map(|(i, _)| i) {
        text.truncate(cut);
    }
    Some(Entry {
        t: title,
        p: file.path.clone(),
        x: text,
    })
}

/// `search-index.js`, holding `entries` in the order of their paths.
pub fn index(mut entries: Vec<Entry>) -> Vec<u8> {
    entries.sort_by(|a, b| a.p.cmp(&b.p));
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string());
    format!("window.AUDITPRESS_SEARCH_INDEX = {json};\n").into_bytes()
}

/// The text between the end of the tag opened by `open` and `close`.
fn between<'h>(html: &'h str, open: &str, close: &str) -> Option<&'h str> {
    let start = html.find(open)?;
    let content_start = start + html[start..].find('>')? + 1;
    let end = content_start + html[content_start..].find(close)?;
    Some(&html[content_start..end])
}

/// Elements left out of the index, with their closing tags: chart SVG and the figures in table
/// cells. A search finds a table by its caption and row labels; its figures are for reading on
/// the page, and leaving them out keeps the index small.
const SKIPPED: [(&str, &str); 2] = [("<svg", "</svg>"), ("<td", "</td>")];

/// Text without tags, with entities decoded and white space collapsed, and without `SKIPPED`
/// elements.
fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push(' ');
        let after = &rest[lt..];
        if let Some(close) = SKIPPED
            .iter()
            .find_map(|(open, close)| after.starts_with(open).then_some(close))
        {
            rest = after
                .find(close)
                .map_or("", |end| &after[end + close.len()..]);
            continue;
        }
        rest = after.find('>').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_the_main_text_of_pages_as_a_script() {
        let files = [
            OutputFile {
                path: "b/index.html".into(),
                bytes: b"<html><nav>Menu</nav><main id=\"m\"><h1>Lessons &amp; more</h1><p>Children <em>first</em>.</p><svg><text>12</text></svg><table><caption>Need groups</caption><tr><th>Group A</th><td class=\"numeric\">3 <abbr>[c]</abbr></td></tr></table><p>Then</p></main></html>".to_vec(),
            },
            OutputFile { path: "404.html".into(), bytes: b"<main><h1>Not found</h1></main>".to_vec() },
            OutputFile { path: "assets/style.css".into(), bytes: b"main{}".to_vec() },
        ];
        let script = String::from_utf8(index(files.iter().filter_map(entry).collect())).unwrap();
        assert_eq!(
            script,
            "window.AUDITPRESS_SEARCH_INDEX = [{\"t\":\"Lessons & more\",\"p\":\"b/index.html\",\"x\":\"Lessons & more Children first . Need groups Group A Then\"}];\n"
        );
    }
}
