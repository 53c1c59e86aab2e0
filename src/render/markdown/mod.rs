//! Markdown into the format-neutral document: stable heading ids, `@/` links resolved to
//! relative URLs, author's HTML checked; then the document as HTML, cut into its `##` sections
//! so templates can lay out structured pages (lessons) section by section.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, LineIndex, Position};
use crate::document::Document;
use crate::layout;
use crate::model::RawHtml;
use crate::slug::{UniqueIds, slugify};
use crate::yaml::closest;

pub mod tree;

/// Ids the page templates use themselves; headings never take them.
pub const RESERVED_IDS: &[&str] = &["main-content", "contents", "top", "footnotes"];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A heading of a page, with the id it gets in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    /// Byte offset of the heading in the Markdown source.
    pub offset: usize,
}

/// Control characters (other than tab and line breaks) are not allowed in HTML, and the
/// renderer uses two of them as internal markers: each becomes a space, which keeps every
/// byte offset (and so every error position) where it was.
fn without_controls(markdown: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r');
    if markdown.contains(is_control) {
        std::borrow::Cow::Owned(markdown.replace(is_control, " "))
    } else {
        std::borrow::Cow::Borrowed(markdown)
    }
}

/// The headings of a Markdown text and their ids (the first pass, so that links to another
/// page's headings can be checked while rendering this one).
pub fn headings(markdown: &str) -> Vec<Heading> {
    let markdown = without_controls(markdown);
    let markdown = markdown.as_ref();
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    assign_heading_ids(&mut events)
}

/// Gives every heading an id: its own `{#id}` if it has one, else a slug of its text, made
/// unique within the page.
fn assign_heading_ids(events: &mut [(Event<'_>, Range<usize>)]) -> Vec<Heading> {
    let mut ids = UniqueIds::with_reserved(RESERVED_IDS);
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|s| s.to_string());
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                    text.push_str(t);
                }
                j += 1;
            }
            let id = ids.claim(&explicit.unwrap_or_else(|| slugify(&text)));
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                *slot = Some(CowStr::from(id.clone()));
            }
            headings.push(Heading {
                level,
                id,
                text: text.trim().to_string(),
                offset: events[i].1.start,
            });
            i = j;
        }
        i += 1;
    }
    headings
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// What an `@/` link may point at.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// Where the target is in the site.
    pub output_path: String,
    /// The target's heading ids, if it is a Markdown page; `None` if its ids come from a
    /// template and can only be checked once it is rendered.
    pub anchors: Option<BTreeSet<String>>,
}

/// Every `@/` link target of the project, by its path under the content folder.
#[derive(Debug, Clone, Default)]
pub struct LinkTargets {
    by_source: BTreeMap<PathBuf, LinkTarget>,
    /// Files that exist but failed to load: their problem is reported already, so links to them
    /// are let through rather than reported a second time.
    unavailable: BTreeSet<PathBuf>,
    withheld: BTreeSet<PathBuf>,
}

impl LinkTargets {
    pub fn insert(&mut self, source: impl Into<PathBuf>, target: LinkTarget) {
        self.by_source.insert(source.into(), target);
    }

    pub fn insert_unavailable(&mut self, source: impl Into<PathBuf>) {
        self.unavailable.insert(source.into());
    }

    /// A page left out of this audience's build: links to it become plain text.
    pub fn insert_withheld(&mut self, source: impl Into<PathBuf>) {
        self.withheld.insert(source.into());
    }

    fn is_withheld(&self, dest: &str) -> bool {
        dest.strip_prefix("@/")
            .map(|r| r.split('#').next().unwrap_or(r))
            .is_some_and(|path| self.withheld.contains(Path::new(path)))
    }

    fn get(&self, source: &Path) -> Option<&LinkTarget> {
        self.by_source.get(source)
    }

    fn nearest(&self, typed: &str) -> Option<&str> {
        let known: Vec<&str> = self.by_source.keys().filter_map(|p| p.to_str()).collect();
        closest(typed, &known)
    }
}

/// An anchor in a link to a page whose ids are only known once it is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAnchor {
    pub file: PathBuf,
    pub position: Position,
    pub target_output: String,
    pub anchor: String,
    /// The link as the author wrote it, for the message.
    pub written: String,
}

/// Where a piece of Markdown sits, for links and error positions.
pub struct MarkdownSource<'a> {
    /// The file, relative to the content folder.
    pub file: &'a Path,
    pub place: Place<'a>,
    /// The page the HTML will be part of, so links can be made relative to it.
    pub page_output: &'a str,
    /// What to do with HTML written into the Markdown.
    pub raw_html: RawHtml,
}

/// How to turn a place in the Markdown into a place in its file.
pub enum Place<'a> {
    /// The Markdown is `file_text[start..]`, as the body of a page is.
    Within { file_text: &'a str, start: usize },
    /// The Markdown is a YAML value (an authority's summary, say): point at its key.
    At(Position),
}

impl MarkdownSource<'_> {
    fn position(&self, range: &Range<usize>) -> Position {
        match self.place {
            Place::Within { file_text, start } => {
                Position::of_offset(file_text, start + range.start)
            }
            Place::At(position) => position,
        }
    }
}

/// A piece of Markdown parsed into the format-neutral document, with what parsing found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedMarkdown {
    pub document: Document,
    pub headings: Vec<Heading>,
    pub pending_anchors: Vec<PendingAnchor>,
}

/// Parses `markdown` (found at `source`) into a document, resolving `@/` links through
/// `targets`. Problems (a link to a page or heading that does not exist, HTML where the site
/// allows none) come back as diagnostics; the document is still produced so all problems of a
/// run can be listed.
pub fn parse(
    markdown: &str,
    source: &MarkdownSource<'_>,
    targets: &LinkTargets,
) -> (ParsedMarkdown, Vec<Diagnostic>) {
    let markdown = without_controls(markdown);
    let markdown = markdown.as_ref();
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let headings = assign_heading_ids(&mut events);
    let own_anchors: BTreeSet<&str> = headings.iter().map(|h| h.id.as_str()).collect();
    let mut diagnostics = Vec::new();
    let mut pending = Vec::new();

    let index = match source.place {
        Place::Within { file_text, .. } => Some(LineIndex::new(file_text)),
        Place::At(_) => None,
    };
    let position = |range: &Range<usize>| match (&index, &source.place) {
        (Some(index), Place::Within { start, .. }) => index.position(start + range.start),
        _ => source.position(range),
    };
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut dropped_links: Vec<bool> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // A link to a page this audience does not get keeps its words, loses its link.
                let withheld = targets.is_withheld(&dest_url);
                dropped_links.push(withheld);
                if withheld {
                    continue;
                }
                let dest_url = resolve(
                    &dest_url,
                    &position(&range),
                    source,
                    targets,
                    &own_anchors,
                    &mut diagnostics,
                    &mut pending,
                );
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                if !dropped_links.pop().unwrap_or(false) {
                    out.push(event);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = resolve(
                    &dest_url,
                    &position(&range),
                    source,
                    targets,
                    &own_anchors,
                    &mut diagnostics,
                    &mut pending,
                );
                out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                match source.raw_html {
                    RawHtml::Deny => diagnostics.push(
                        Diagnostic::error(
                            source.file,
                            format!("this page holds HTML (`{}`), which this site does not allow", crate::limits::quote(html.trim())),
                        )
                        .at_position(Some(position(&range)))
                        .with_help("write it in Markdown, or set `raw_html: sanitize` in site.yaml to keep the safe parts of HTML"),
                    ),
                    RawHtml::Allow => {
                        if let Some(scheme) = unsafe_scheme_in_html(html) {
                            diagnostics.push(
                                Diagnostic::error(
                                    source.file,
                                    format!("this HTML links to `{scheme}`, which no page may link to"),
                                )
                                .at_position(Some(position(&range)))
                                .with_help("link only to http, https and mailto addresses, or to pages of the site"),
                            );
                        }
                    }
                    RawHtml::Sanitize => {}
                }
                out.push(event);
            }
            other => out.push(other),
        }
    }
    (
        ParsedMarkdown {
            document: tree::build(out),
            headings,
            pending_anchors: pending,
        },
        diagnostics,
    )
}

/// One `##` section of a page, as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedSection {
    pub id: String,
    pub title: String,
    /// The `<h2>` element.
    pub heading_html: String,
    /// Everything after the heading up to the next `##` heading.
    pub body_html: String,
}

/// A parsed piece of Markdown as HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedMarkdown {
    /// The whole text as HTML.
    pub html: String,
    /// What comes before the first `##` heading.
    pub intro_html: String,
    pub sections: Vec<RenderedSection>,
    pub headings: Vec<Heading>,
    pub pending_anchors: Vec<PendingAnchor>,
}

/// The parsed Markdown as HTML, with `directive(n)` put in for directive `n`. Where the site
/// keeps the safe parts of the author's HTML, the HTML is cleaned before the directives (whose
/// charts are ours) go in.
pub fn to_html(
    parsed: &ParsedMarkdown,
    raw_html: RawHtml,
    directive: &dyn Fn(usize) -> String,
) -> RenderedMarkdown {
    let clean = raw_html == RawHtml::Sanitize && parsed.document.has_html();
    let write = |blocks: &[crate::document::Block]| -> String {
        if clean {
            let marked = super::html::write(blocks, &|n| tree::placeholder(n, 0));
            put_in_directives(&sanitize(&marked), directive)
        } else {
            super::html::write(blocks, directive)
        }
    };
    let parts = parsed.document.sections();
    let h2s = parsed.headings.iter().filter(|h| h.level == 2);
    let sections = parts
        .sections
        .iter()
        .zip(h2s)
        .map(|(section, heading)| RenderedSection {
            id: section.id.to_string(),
            title: heading.text.clone(),
            heading_html: write(std::slice::from_ref(section.heading))
                .trim_end()
                .to_string(),
            body_html: write(section.body),
        })
        .collect();
    RenderedMarkdown {
        html: write(&parsed.document.blocks),
        intro_html: write(parts.intro),
        sections,
        headings: parsed.headings.clone(),
        pending_anchors: parsed.pending_anchors.clone(),
    }
}

/// Replaces each directive placeholder left in cleaned HTML with the directive's HTML.
fn put_in_directives(html: &str, directive: &dyn Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(tree::OPEN) {
        let Some(end) = rest[start..].find(tree::CLOSE).map(|e| start + e) else {
            break;
        };
        out.push_str(&rest[..start]);
        match rest[start + tree::OPEN.len_utf8()..end]
            .trim_end_matches('x')
            .parse::<usize>()
        {
            Ok(n) => out.push_str(&directive(n)),
            Err(_) => out.push_str(&rest[start..end + tree::CLOSE.len_utf8()]),
        }
        rest = &rest[end + tree::CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// Parses and writes Markdown that holds no directives.
pub fn render(
    markdown: &str,
    source: &MarkdownSource<'_>,
    targets: &LinkTargets,
) -> (RenderedMarkdown, Vec<Diagnostic>) {
    let (parsed, diagnostics) = parse(markdown, source, targets);
    (
        to_html(&parsed, source.raw_html, &|_| String::new()),
        diagnostics,
    )
}

/// The URL a link destination becomes: `@/` paths turn into relative links; a link to a
/// heading on this page is checked; other links are left as they are, except root-relative
/// ones, which would break the site on a shared drive or under a sub-path.
fn resolve<'a>(
    dest: &CowStr<'a>,
    position: &Position,
    source: &MarkdownSource<'_>,
    targets: &LinkTargets,
    own_anchors: &BTreeSet<&str>,
    diagnostics: &mut Vec<Diagnostic>,
    pending: &mut Vec<PendingAnchor>,
) -> CowStr<'a> {
    let error = |message: String, help: String| {
        Diagnostic::error(source.file, message)
            .at(position.line, Some(position.column))
            .with_help(help)
    };
    if let Some(reference) = dest.strip_prefix("@/") {
        let (path, anchor) = match reference.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (reference, None),
        };
        let wanted = Path::new(path.trim_end_matches('/'));
        let Some(target) = targets.get(wanted) else {
            if targets.unavailable.contains(wanted) {
                return dest.clone();
            }
            let help = match targets.nearest(path) {
                Some(best) => format!("did you mean `@/{best}`?"),
                None => "write the path of a file under the content folder, such as `@/lessons/sutton.md`".to_string(),
            };
            diagnostics.push(error(
                format!("the link `{dest}` leads nowhere: there is no `{path}`"),
                help,
            ));
            return dest.clone();
        };
        let mut url = layout::relative_url(source.page_output, &target.output_path);
        if let Some(anchor) = anchor {
            match &target.anchors {
                Some(anchors) if !anchors.contains(anchor) => {
                    let known: Vec<&str> = anchors.iter().map(String::as_str).collect();
                    let help = match closest(anchor, &known) {
                        Some(best) => format!("did you mean `#{best}`?"),
                        None if known.is_empty() => format!("`{path}` has no headings to link to"),
                        None => format!(
                            "the headings of `{path}` have the ids: {}",
                            known.join(", ")
                        ),
                    };
                    diagnostics.push(error(
                        format!(
                            "the link `{dest}` leads nowhere: `{path}` has no heading `#{anchor}`"
                        ),
                        help,
                    ));
                }
                Some(_) => {}
                None => pending.push(PendingAnchor {
                    file: source.file.to_path_buf(),
                    position: *position,
                    target_output: target.output_path.clone(),
                    anchor: anchor.to_string(),
                    written: dest.to_string(),
                }),
            }
            url.push('#');
            url.push_str(anchor);
        }
        return CowStr::from(url);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        if !own_anchors.contains(anchor) {
            pending.push(PendingAnchor {
                file: source.file.to_path_buf(),
                position: *position,
                target_output: source.page_output.to_string(),
                anchor: anchor.to_string(),
                written: dest.to_string(),
            });
        }
        return dest.clone();
    }
    if let Some(scheme) = scheme_of(dest)
        && !SAFE_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
    {
        diagnostics.push(error(
            format!(
                "the link `{}` uses `{scheme}:`, which no page may link to",
                crate::limits::quote(dest)
            ),
            "link only to http, https and mailto addresses, or to pages of the site with `@/`"
                .to_string(),
        ));
        return CowStr::Borrowed("#");
    }
    if dest.starts_with('/') && !dest.starts_with("//") {
        diagnostics.push(error(
            format!("the link `{dest}` starts with `/`, so it breaks when the site is opened from a shared drive or a sub-path"),
            "link to other pages with `@/` and their path under the content folder, such as `@/lessons/sutton.md`".to_string(),
        ));
    }
    dest.clone()
}

/// The only schemes a link may use; anything else (`javascript:`, `data:`, `vbscript:`, a
/// drive letter) is refused in every audience.
pub const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// A URL's scheme, if it has one: letters, digits, `+`, `-` and `.` before a colon, starting
/// with a letter. Spaces and control characters a browser would skip are skipped first.
pub fn scheme_of(url: &str) -> Option<&str> {
    let url = url.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
    let (head, _) = url.split_once(':')?;
    let mut chars = head.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_is_letter && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then_some(head)
}

/// A scheme no page may link to, found in an `href` or `src` of raw HTML.
fn unsafe_scheme_in_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut starts = Vec::new();
    for attribute in ["href=", "src=", "action=", "formaction="] {
        starts.extend(lower.match_indices(attribute).map(|(i, m)| i + m.len()));
    }
    starts
        .into_iter()
        .filter_map(|start| {
            let value = lower[start..].trim_start_matches(['"', '\'', ' ']);
            scheme_of(value).map(str::to_string)
        })
        .find(|scheme| !SAFE_SCHEMES.contains(&scheme.as_str()))
}

/// The page's HTML with only the safe parts of the author's own HTML kept: no scripts, event
/// handlers, frames, forms, styles or meta refreshes, and links only to safe schemes. What the
/// Markdown itself produces all passes through unchanged in meaning.
pub fn sanitize(html: &str) -> String {
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> =
        std::sync::LazyLock::new(|| {
            let mut builder = ammonia::Builder::default();
            builder
                .add_tags([
                    "details",
                    "summary",
                    "figure",
                    "figcaption",
                    "caption",
                    "mark",
                    "small",
                ])
                .add_generic_attributes(["id", "class", "title", "lang", "dir"])
                .add_tag_attributes("th", ["style"])
                .add_tag_attributes("td", ["style"])
                .add_tag_attributes("ol", ["start"])
                .attribute_filter(|element, attribute, value| {
                    if attribute == "style" {
                        // Only the alignment that Markdown tables write.
                        let allowed = [
                            "text-align: left",
                            "text-align: center",
                            "text-align: right",
                        ];
                        return allowed.contains(&value).then(|| value.into());
                    }
                    let _ = element;
                    Some(value.into())
                })
                .url_schemes(SAFE_SCHEMES.iter().copied().collect())
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel(None);
            builder
        });
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> LinkTargets {
        let mut t = LinkTargets::default();
        t.insert(
            "lessons/sutton.md",
            LinkTarget {
                output_path: "lessons/sutton/index.html".into(),
                anchors: Some(["conclusions".to_string(), "audits-done".to_string()].into()),
            },
        );
        t.insert(
            "authorities/sutton/authority.yaml",
            LinkTarget {
                output_path: "authorities/sutton/index.html".into(),
                anchors: None,
            },
        );
        t
    }

    fn render_at(text: &str, page: &str) -> (RenderedMarkdown, Vec<String>) {
        let front = "---\ntitle: X\n---\n";
        let file_text = format!("{front}{text}");
        let source = MarkdownSource {
            file: Path::new("pages/x.md"),
            place: Place::Within {
                file_text: &file_text,
                start: front.len(),
            },
            page_output: page,
            raw_html: RawHtml::Sanitize,
        };
        let (rendered, diagnostics) = render(text, &source, &targets());
        (
            rendered,
            diagnostics.iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn raw_html_keeps_only_what_is_safe() {
        let (r, d) = render_at(
            "Intro <abbr title=\"Child and adolescent mental health services\">CAMHS</abbr>.\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" onerror=\"alert(1)\">\n\n<iframe src=\"https://example.org\"></iframe>\n\n<form action=\"https://example.org\"><input name=\"q\"></form>\n\n<meta http-equiv=\"refresh\" content=\"0; url=https://example.org\">\n\n<a href=\"javascript:alert(1)\">x</a>\n\n## Conclusions\n\n| A | B |\n|--:|---|\n| 1 | 2 |\n",
            "p/index.html",
        );
        assert!(d.is_empty(), "{d:?}");
        for bad in [
            "<script",
            "alert",
            "onerror",
            "<iframe",
            "<form",
            "<input",
            "<meta",
            "javascript",
        ] {
            assert!(!r.html.contains(bad), "{bad} in {}", r.html);
        }
        assert!(
            r.html.contains(
                "<abbr title=\"Child and adolescent mental health services\">CAMHS</abbr>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<img src=\"x.png\">"), "{}", r.html);
        assert!(
            r.html.contains("<th style=\"text-align: right\">A</th>"),
            "{}",
            r.html
        );
        assert_eq!(r.sections.len(), 1);
        assert_eq!(r.sections[0].id, "conclusions");
    }

    #[test]
    fn links_may_use_only_safe_schemes() {
        let (r, d) = render_at(
            "[a](javascript:alert(1)) [b](data:text/html,x) [c](VBScript:x) [d](https://example.org) [e](mailto:team@example.org) [f](C:/files/x.xlsx)",
            "p/index.html",
        );
        assert_eq!(
            d,
            [
                "pages/x.md:4:1: the link `javascript:alert(1)` uses `javascript:`, which no page may link to\n  help: link only to http, https and mailto addresses, or to pages of the site with `@/`",
                "pages/x.md:4:26: the link `data:text/html,x` uses `data:`, which no page may link to\n  help: link only to http, https and mailto addresses, or to pages of the site with `@/`",
                "pages/x.md:4:48: the link `VBScript:x` uses `VBScript:`, which no page may link to\n  help: link only to http, https and mailto addresses, or to pages of the site with `@/`",
                "pages/x.md:4:118: the link `C:/files/x.xlsx` uses `C:`, which no page may link to\n  help: link only to http, https and mailto addresses, or to pages of the site with `@/`",
            ]
        );
        assert!(!r.html.contains("javascript"));
    }

    #[test]
    fn html_can_be_refused() {
        let front = "---\ntitle: X\n---\n";
        let text = "Text\n\n<div>raw</div>\n";
        let file_text = format!("{front}{text}");
        let source = MarkdownSource {
            file: Path::new("pages/x.md"),
            place: Place::Within {
                file_text: &file_text,
                start: front.len(),
            },
            page_output: "p/index.html",
            raw_html: RawHtml::Deny,
        };
        let (_, d) = render(text, &source, &targets());
        assert_eq!(
            d.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            [
                "pages/x.md:6:1: this page holds HTML (`<div>raw</div>`), which this site does not allow\n  help: write it in Markdown, or set `raw_html: sanitize` in site.yaml to keep the safe parts of HTML"
            ]
        );
    }

    #[test]
    fn heading_ids_are_slugs_made_unique() {
        let (r, _) = render_at(
            "# Lessons\n\n## What we found\n\n## What we found\n\n### Top {#custom}\n",
            "x/index.html",
        );
        assert_eq!(
            r.html,
            "<h1 id=\"lessons\">Lessons</h1>\n<h2 id=\"what-we-found\">What we found</h2>\n<h2 id=\"what-we-found-1\">What we found</h2>\n<h3 id=\"custom\">Top</h3>\n"
        );
    }

    #[test]
    fn control_characters_never_reach_the_html() {
        // Found by fuzzing: a control character in the text once leaked the section markers.
        let (r, _) = render_at("a\u{1}b\u{0}\n\n## S\u{1}\n\ntext\u{7f}", "p/index.html");
        assert!(
            !r.html.chars().any(|c| c.is_ascii_control() && c != '\n'),
            "{:?}",
            r.html
        );
        assert_eq!(r.sections.len(), 1);
    }

    #[test]
    fn reserved_ids_are_never_reused() {
        let h = headings("## Contents\n");
        assert_eq!(h[0].id, "contents-1");
    }

    #[test]
    fn at_links_become_relative() {
        let (r, d) = render_at(
            "See [Sutton](@/lessons/sutton.md#conclusions) and [the authority](@/authorities/sutton/authority.yaml).",
            "pages/x/index.html",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            r.html,
            "<p>See <a href=\"../../lessons/sutton/index.html#conclusions\">Sutton</a> and <a href=\"../../authorities/sutton/index.html\">the authority</a>.</p>\n"
        );
    }

    #[test]
    fn broken_links_name_file_line_and_a_fix() {
        let (_, d) = render_at(
            "Intro\n\nSee [it](@/lessons/suton.md) or [that](@/lessons/sutton.md#conclusion).\n",
            "p/index.html",
        );
        assert_eq!(
            d,
            [
                "pages/x.md:6:5: the link `@/lessons/suton.md` leads nowhere: there is no `lessons/suton.md`\n  help: did you mean `@/lessons/sutton.md`?",
                "pages/x.md:6:33: the link `@/lessons/sutton.md#conclusion` leads nowhere: `lessons/sutton.md` has no heading `#conclusion`\n  help: did you mean `#conclusions`?",
            ]
        );
    }

    #[test]
    fn root_relative_links_are_errors() {
        let (_, d) = render_at("[x](/lessons/sutton/)", "p/index.html");
        assert_eq!(d.len(), 1);
        assert!(
            d[0].starts_with("pages/x.md:4:1: the link `/lessons/sutton/` starts with `/`"),
            "{}",
            d[0]
        );
    }

    #[test]
    fn links_to_withheld_pages_keep_their_words() {
        let mut t = targets();
        t.insert_withheld("pages/members-only.md");
        let front = "---\ntitle: X\n---\n";
        let text =
            "See [the *briefing*](@/pages/members-only.md#x) and [Sutton](@/lessons/sutton.md).";
        let file_text = format!("{front}{text}");
        let source = MarkdownSource {
            file: Path::new("pages/x.md"),
            place: Place::Within {
                file_text: &file_text,
                start: front.len(),
            },
            page_output: "pages/x/index.html",
            raw_html: RawHtml::Sanitize,
        };
        let (r, d) = render(text, &source, &t);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            r.html,
            "<p>See the <em>briefing</em> and <a href=\"../../lessons/sutton/index.html\">Sutton</a>.</p>\n"
        );
    }

    #[test]
    fn anchors_on_template_pages_are_checked_later() {
        let (r, d) = render_at(
            "[x](@/authorities/sutton/authority.yaml#audits)",
            "p/index.html",
        );
        assert!(d.is_empty());
        assert_eq!(r.pending_anchors.len(), 1);
        assert_eq!(
            r.pending_anchors[0].target_output,
            "authorities/sutton/index.html"
        );
        assert_eq!(r.pending_anchors[0].anchor, "audits");
    }

    #[test]
    fn sections_split_at_level_two_headings() {
        let (r, _) = render_at(
            "Opening words.\n\n## Audits done\n\n- One\n\n## Conclusions\n\nWorth it.[^1]\n\n[^1]: A note.\n",
            "p/index.html",
        );
        assert_eq!(r.intro_html, "<p>Opening words.</p>\n");
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[0].id, "audits-done");
        assert_eq!(
            r.sections[0].heading_html,
            "<h2 id=\"audits-done\">Audits done</h2>"
        );
        assert_eq!(r.sections[0].body_html, "<ul>\n<li>One</li>\n</ul>\n");
        assert_eq!(r.sections[1].title, "Conclusions");
        assert!(r.sections[1].body_html.contains("Worth it."));
        assert!(!r.html.contains('\u{1}'));
    }
}
