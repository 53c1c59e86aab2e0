//! Briefings for Members, read back as a reader's tools see them: each PDF is tagged, A4 and
//! titled, has the marking and "Page X of Y" on every page, opens with its key messages and
//! quotes the same figures as its page on the site, and no more. The structure tree is read
//! with lopdf: headings in order, alternative text on every figure, header cells in every
//! table.

#![cfg(feature = "pdf")]

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use auditpress::BuildOptions;
use auditpress::model::Audience;

/// The example built once for the internal audience (the committed site's), shared by tests.
fn example() -> &'static Path {
    static BUILT: OnceLock<tempfile::TempDir> = OnceLock::new();
    BUILT.get_or_init(|| build(None)).path().join("site").leak()
}

fn build(audience: Option<Audience>) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let mut options = BuildOptions::new(common::repo().join("content"));
    options.audience = audience;
    if let Err(error) = auditpress::build(&options, &temp.path().join("site")) {
        panic!("the example does not build:\n{error}");
    }
    temp
}

fn pdfs(site: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(site.join("briefings"))
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    found.sort();
    found
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} runs (poppler-utils is installed by scripts/test.sh): {e}")
        });
    assert!(output.status.success(), "{program} {args:?} failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn info(pdf: &Path) -> Vec<(String, String)> {
    run("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn field<'a>(info: &'a [(String, String)], key: &str) -> &'a str {
    info.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("pdfinfo gives no {key}"))
}

/// The words of a PDF page (or all pages), with runs of white space as one space.
fn text(pdf: &Path, page: Option<usize>) -> String {
    let mut args = vec![];
    let number;
    if let Some(p) = page {
        number = p.to_string();
        args.extend(["-f", number.as_str(), "-l", number.as_str()]);
    }
    args.extend([pdf.to_str().unwrap(), "-"]);
    squash(&run("pdftotext", &args))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page of the site a PDF goes with: the `index.html` beside it.
fn page_of(pdf: &Path) -> String {
    std::fs::read_to_string(pdf.with_file_name("index.html")).expect("the PDF has a page")
}

/// The text of an HTML fragment, tags removed and entities decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    squash(
        &out.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'"),
    )
}

/// The figures a page quotes in its prose: the text of each `<span class="figure...">`.
fn quoted_figures(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for part in html.split("<span class=\"figure").skip(1) {
        let Some(start) = part.find('>') else {
            continue;
        };
        let rest = &part[start + 1..];
        let end = rest.find('<').unwrap_or(rest.len());
        found.push(html_text(&rest[..end]));
    }
    found
}

/// The items of the list that follows `marker` in the HTML.
fn list_after(html: &str, marker: &str) -> Vec<String> {
    let Some(at) = html.find(marker) else {
        return Vec::new();
    };
    let rest = &html[at..];
    let end = rest
        .find("</ul>")
        .or_else(|| rest.find("</ol>"))
        .unwrap_or(rest.len());
    rest[..end]
        .split("<li>")
        .skip(1)
        .map(|item| html_text(item.split("</li>").next().unwrap_or("")))
        .collect()
}

#[test]
fn every_briefing_and_the_pack_have_a_page_and_a_pdf() {
    let site = example();
    let found: Vec<String> = pdfs(site)
        .iter()
        .map(|p| {
            p.strip_prefix(site)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let mut expected = vec![
        "briefings/barking-and-dagenham/barking-and-dagenham.pdf".to_string(),
        "briefings/hampshire-and-gloucestershire/hampshire-and-gloucestershire.pdf".into(),
        "briefings/north-east/north-east.pdf".into(),
        "briefings/seminar-pack/seminar-pack.pdf".into(),
        "briefings/sutton/sutton.pdf".into(),
    ];
    for authority in [
        "barking-and-dagenham",
        "gateshead",
        "gloucestershire",
        "hampshire",
        "newcastle-upon-tyne",
        "north-tyneside",
        "south-tyneside",
        "sunderland",
        "sutton",
    ] {
        expected.push(format!(
            "briefings/compared-with-neighbours/{authority}/compared-with-neighbours-{authority}.pdf"
        ));
    }
    expected.sort();
    assert_eq!(found, expected);
    for pdf in pdfs(site) {
        assert!(
            pdf.with_file_name("index.html").is_file(),
            "{pdf:?} has no page"
        );
    }
}

#[test]
fn each_pdf_is_tagged_a4_titled_and_marked_and_numbered_on_every_page() {
    for pdf in pdfs(example()) {
        let info = info(&pdf);
        let html = page_of(&pdf);
        assert_eq!(field(&info, "Tagged"), "yes", "{pdf:?}");
        assert_eq!(
            field(&info, "Page size"),
            "595.276 x 841.89 pts (A4)",
            "{pdf:?}"
        );
        let h1 = html
            .split("<h1 class=\"heading-xl\">")
            .nth(1)
            .and_then(|s| s.split("</h1>").next())
            .map(html_text)
            .expect("the page has a title");
        assert_eq!(field(&info, "Title"), h1, "{pdf:?}");
        assert!(
            !info.iter().any(|(k, _)| k == "CreationDate"),
            "{pdf:?} is dated"
        );
        let pages: usize = field(&info, "Pages").parse().unwrap();
        assert!(
            pages >= 2,
            "{pdf:?} has a cover and at least a page of briefing"
        );
        for page in 1..=pages {
            let words = text(&pdf, Some(page));
            assert!(
                words.matches("OFFICIAL-SENSITIVE").count() >= 2,
                "{pdf:?} page {page} lacks the marking at top and bottom: {words}"
            );
            assert!(
                words.contains(&format!("Page {page} of {pages}")),
                "{pdf:?} page {page} lacks its number: {words}"
            );
        }
    }
}

#[test]
fn the_key_messages_come_first_and_all_of_them_are_in_the_pdf() {
    for pdf in pdfs(example()) {
        let html = page_of(&pdf);
        let messages = list_after(&html, "class=\"key-messages__list\"");
        assert!(
            !messages.is_empty(),
            "{pdf:?}: its page has no key messages"
        );
        let words = text(&pdf, None);
        for message in &messages {
            assert!(
                words.contains(message.as_str()),
                "{pdf:?} lacks the key message “{message}”"
            );
        }
        // The first page is the cover; the key messages open the second.
        let second = text(&pdf, Some(2));
        let opening = second.replace("OFFICIAL-SENSITIVE", "");
        let opening = opening.trim_start();
        let heading = if pdf.ends_with("seminar-pack.pdf") {
            // In a pack, each briefing's title comes before its key messages.
            opening
                .split_once("Key messages")
                .map(|(before, _)| before.trim())
        } else {
            opening.starts_with("Key messages").then_some("")
        };
        assert!(
            heading.is_some(),
            "{pdf:?}: page 2 does not open with the key messages: {second}"
        );
    }
}

#[test]
fn a_pdf_quotes_the_same_figures_as_its_page_and_shows_nothing_more() {
    for pdf in pdfs(example()) {
        let html = page_of(&pdf);
        let page_words = html_text(&html);
        let words = without_page_numbers(&text(&pdf, None));
        for figure in quoted_figures(&html) {
            assert!(
                words.contains(figure.as_str()),
                "{pdf:?} does not quote “{figure}” as its page does"
            );
        }
        // Every number the PDF prints is printed on the page too (page numbers aside).
        let on_page: BTreeSet<&str> = numbers(&page_words).collect();
        for number in numbers(&words) {
            assert!(
                on_page.contains(number),
                "{pdf:?} prints {number}, which its page does not"
            );
        }
    }
}

fn without_page_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("Page ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 5..];
        let skip = after
            .split_once(" of ")
            .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
            .map(|(n, total)| n.len() + 4 + total.chars().take_while(char::is_ascii_digit).count());
        match skip {
            Some(len) => rest = &after[len..],
            None => {
                out.push_str("Page ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The numbers in a text, without the "Page X of Y" of each page and footnote markers.
fn numbers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map(|n| n.trim_matches(|c| c == '.' || c == ','))
        .filter(|n| n.len() >= 2 && n.chars().any(|c| c.is_ascii_digit()))
}

#[test]
fn the_structure_tree_has_headings_in_order_figures_with_alt_text_and_table_headers() {
    for pdf in pdfs(example()) {
        let document = lopdf::Document::load(&pdf).expect("lopdf reads the PDF");
        let catalog = document.catalog().expect("a catalog");
        let language = catalog
            .get(b"Lang")
            .ok()
            .and_then(|l| lopdf::decode_text_string(l).ok());
        assert_eq!(
            language.as_deref(),
            Some("en-GB"),
            "{pdf:?}: the language is not the site's"
        );
        let root = catalog
            .get(b"StructTreeRoot")
            .and_then(|r| r.as_reference())
            .expect("a structure tree");
        let mut elements = Vec::new();
        walk(&document, root, &mut elements);
        let headings: Vec<u8> = elements
            .iter()
            .filter_map(|e| e.kind.strip_prefix('H').and_then(|n| n.parse::<u8>().ok()))
            .collect();
        assert_eq!(
            headings.first(),
            Some(&1),
            "{pdf:?}: the first heading is not H1"
        );
        for pair in headings.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{pdf:?}: headings skip from H{} to H{}",
                pair[0],
                pair[1]
            );
        }
        let figures: Vec<&Element> = elements.iter().filter(|e| e.kind == "Figure").collect();
        for figure in &figures {
            assert!(
                figure.alt.as_deref().is_some_and(|a| a.len() > 20),
                "{pdf:?}: a figure has no alternative text"
            );
        }
        let tables = elements.iter().filter(|e| e.kind == "Table").count();
        let tables_with_headers = elements
            .iter()
            .filter(|e| e.kind == "Table" && e.has_header_cell)
            .count();
        assert_eq!(
            tables, tables_with_headers,
            "{pdf:?}: a table has no header cells"
        );
        // Every row of a table of figures is labelled, as on the page (`<th scope="row">`).
        let rows = elements.iter().filter(|e| e.kind == "TR").count();
        let labelled_rows = elements
            .iter()
            .filter(|e| e.kind == "TR" && e.has_header_cell)
            .count();
        assert_eq!(
            rows, labelled_rows,
            "{pdf:?}: a table row has no header cell"
        );
        let row_headers = elements
            .iter()
            .filter(|e| e.kind == "TH" && e.scope.as_deref() == Some("Row"))
            .count();
        let corner_headers = elements
            .iter()
            .filter(|e| e.kind == "TH" && e.scope.as_deref() == Some("Both"))
            .count();
        assert_eq!(
            corner_headers, tables,
            "{pdf:?}: a table's corner cell does not head both its row and its column"
        );
        assert_eq!(
            row_headers + tables,
            rows,
            "{pdf:?}: a row other than the header row has no row header"
        );
        let html = page_of(&pdf);
        let charts = html.matches("<figure class=\"chart\"").count();
        assert_eq!(
            figures.len(),
            charts,
            "{pdf:?}: a chart on the page is not a figure in the PDF"
        );
        assert!(
            tables >= charts,
            "{pdf:?}: a chart's figures are not given as a table"
        );
    }
}

struct Element {
    kind: String,
    alt: Option<String>,
    has_header_cell: bool,
    /// A header cell's `/Scope` attribute: `Row`, `Column` or `Both`.
    scope: Option<String>,
}

/// The structure elements under `id`, in reading order, each with whether a TH is below it.
fn walk(document: &lopdf::Document, id: lopdf::ObjectId, into: &mut Vec<Element>) -> bool {
    let Ok(dict) = document.get_dictionary(id) else {
        return false;
    };
    let kind = dict
        .get(b"S")
        .and_then(|s| s.as_name())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    let alt = dict.get(b"Alt").ok().and_then(|a| match a {
        lopdf::Object::String(bytes, _) => Some(
            lopdf::decode_text_string(a)
                .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
        ),
        _ => None,
    });
    let scope = dict.get(b"A").ok().and_then(|a| {
        let attributes: Vec<lopdf::Object> = match a {
            lopdf::Object::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        attributes.iter().find_map(|attribute| {
            let dict = match attribute {
                lopdf::Object::Dictionary(d) => d.clone(),
                lopdf::Object::Reference(r) => document.get_dictionary(*r).ok()?.clone(),
                _ => return None,
            };
            let name = dict.get(b"Scope").ok()?.as_name().ok()?;
            Some(String::from_utf8_lossy(name).into_owned())
        })
    });
    let at = into.len();
    into.push(Element {
        kind: kind.clone(),
        alt,
        has_header_cell: false,
        scope,
    });
    let mut header = kind == "TH";
    let kids: Vec<lopdf::Object> = match dict.get(b"K") {
        Ok(lopdf::Object::Array(items)) => items.clone(),
        Ok(item) => vec![item.clone()],
        Err(_) => Vec::new(),
    };
    for kid in kids {
        if let Ok(child) = kid.as_reference() {
            header |= walk(document, child, into);
        }
    }
    into[at].has_header_cell = header;
    header
}

#[test]
fn a_briefing_for_some_audiences_is_left_out_of_the_others_builds() {
    let public = build(Some(Audience::Public));
    let site = public.path().join("site");
    let names: Vec<String> = pdfs(&site)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n == "sutton.pdf" || n == "seminar-pack.pdf")
    );
    assert!(
        names
            .iter()
            .any(|n| n == "compared-with-neighbours-sutton.pdf")
    );
    let index = std::fs::read_to_string(site.join("briefings/index.html")).unwrap();
    assert!(!index.contains("What Sutton's audits changed"));
    assert!(!site.join("briefings/sutton").exists());
}

#[test]
fn a_members_briefing_shows_only_what_the_members_rule_allows() {
    let members = build(Some(Audience::Members));
    let site = members.path().join("site");
    for pdf in pdfs(&site) {
        let html = page_of(&pdf);
        let words = without_page_numbers(&text(&pdf, None));
        let page_words = html_text(&html);
        let on_page: BTreeSet<&str> = numbers(&page_words).collect();
        for number in numbers(&words) {
            assert!(
                on_page.contains(number),
                "{pdf:?} prints {number}, which its members page does not"
            );
        }
    }
}
