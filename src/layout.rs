//! Where everything goes in the built site, and how pages link to each other.
//!
//! Every page is a folder with an `index.html`, and every link between pages is relative and
//! names `index.html` explicitly: that way the site works opened straight from a shared drive
//! (file://, where a folder does not open its index), under any sub-path of an intranet server,
//! and at the root of a domain.

use std::path::Path;

use crate::slug::slugify;

pub const HOME: &str = "index.html";
pub const AUTHORITIES_INDEX: &str = "authorities/index.html";
pub const AUDITS_INDEX: &str = "audits/index.html";
pub const TAGS_INDEX: &str = "tags/index.html";
pub const NOT_FOUND: &str = "404.html";
pub const SEARCH_PAGE: &str = "search/index.html";
/// What the site was built to meet, how it was checked and whom to tell about a problem.
pub const ACCESSIBILITY: &str = "accessibility/index.html";
/// Published indicators and audits compared across authorities.
pub const COMPARISONS_INDEX: &str = "comparisons/index.html";
/// The search index, as a script: a browser will not fetch a data file from file://.
pub const SEARCH_INDEX: &str = "search-index.js";
pub const SITEMAP: &str = "sitemap.xml";
pub const STYLESHEET: &str = "assets/style.css";
/// Marks a folder as auditpress output, so a later build may replace it.
pub const MARKER: &str = ".auditpress-output";

/// The pages every site has, whatever its content.
pub const FIXED_PAGES: &[&str] = &[
    HOME,
    AUTHORITIES_INDEX,
    AUDITS_INDEX,
    TAGS_INDEX,
    NOT_FOUND,
    SEARCH_PAGE,
    SEARCH_INDEX,
    ACCESSIBILITY,
];

pub fn authority_path(slug: &str) -> String {
    format!("authorities/{slug}/index.html")
}

pub fn audit_path(authority: &str, slug: &str) -> String {
    format!("authorities/{authority}/audits/{slug}/index.html")
}

/// One published indicator, every authority ranked.
pub fn indicator_path(dataset: &str, indicator: &str) -> String {
    format!(
        "comparisons/indicators/{}/{}/index.html",
        slugify(dataset),
        slugify(indicator)
    )
}

/// The audits of one kind side by side.
pub fn audit_kind_path(kind: &str) -> String {
    format!("comparisons/audits/{kind}/index.html")
}

/// The list of briefings and packs.
pub const BRIEFINGS_INDEX: &str = "briefings/index.html";

/// A briefing's print page, or a pack's.
pub fn briefing_path(slug: &str) -> String {
    format!("briefings/{slug}/index.html")
}

/// One of the briefings a `for_each` file writes, beside the others it writes.
pub fn generated_briefing_path(slug: &str, authority: &str) -> String {
    format!("briefings/{slug}/{authority}/index.html")
}

/// A briefing's PDF, beside its page, named so that a downloaded copy still says what it is.
pub fn briefing_pdf_path(slug: &str, authority: Option<&str>) -> String {
    match authority {
        Some(authority) => format!("briefings/{slug}/{authority}/{slug}-{authority}.pdf"),
        None => format!("briefings/{slug}/{slug}.pdf"),
    }
}

pub fn tag_path(slug: &str) -> String {
    format!("tags/{slug}/index.html")
}

pub fn section_path(dir: &str) -> String {
    format!("{dir}/index.html")
}

/// Where a Markdown page at `source` (relative to the content folder) is written:
/// `lessons/Sutton 2001.md` becomes `lessons/sutton-2001/index.html`, and a folder's own
/// `index.md` becomes that folder's `index.html`.
pub fn page_output_path(source: &Path) -> String {
    let mut parts: Vec<String> = source
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .filter_map(|c| c.as_os_str().to_str())
        .map(slugify)
        .filter(|p| !p.is_empty())
        .collect();
    let stem = source.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem != "index" {
        let slug = slugify(stem);
        parts.push(if slug.is_empty() {
            "page".to_string()
        } else {
            slug
        });
    }
    parts.push("index.html".to_string());
    parts.join("/")
}

/// The link from the page at `from` to the file at `to`, both paths in the site: the file's
/// own name when it is beside the page.
pub fn relative(from: &str, to: &str) -> String {
    let (from_dir, to_dir) = (dir_of(from), dir_of(to));
    if from_dir == to_dir {
        file_name(to).to_string()
    } else {
        format!("{}{to}", root_prefix(from))
    }
}

/// The last part of a path in the site.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The folder of an output path: `lessons/sutton/index.html` is in `lessons/sutton`.
pub fn dir_of(output_path: &str) -> &str {
    output_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The prefix that leads from the page at `from` back to the site's root: `../../` for
/// `lessons/sutton/index.html`, empty for `index.html`.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// The path part of the site's address, ending in `/`: `/audits/` for
/// `https://intranet.example/audits`. A server shows the 404 page at whatever address was asked
/// for, so that page's links must start from here rather than be relative.
pub fn path_of_base_url(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// A relative link from the page at `from` to the file at `to` (both site paths).
pub fn relative_url(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = dir_of(from).split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        // The last part of `to` is a file name: never treat it as a shared folder.
        .min(to_parts.len() - 1);
    let mut url = "../".repeat(from_dir.len() - common);
    url.push_str(&to_parts[common..].join("/"));
    url
}

/// "best-value-reviews" becomes "Best value reviews": the title of a folder without an index.md.
pub fn humanise(folder: &str) -> String {
    let words = folder.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_pages_become_folders() {
        let out = |p: &str| page_output_path(Path::new(p));
        assert_eq!(out("lessons/sutton.md"), "lessons/sutton/index.html");
        assert_eq!(out("lessons/index.md"), "lessons/index.html");
        assert_eq!(
            out("Best Value/Our Review.md"),
            "best-value/our-review/index.html"
        );
        assert_eq!(out("about.md"), "about/index.html");
        assert_eq!(out("index.md"), "index.html");
    }

    #[test]
    fn relative_urls_work_from_any_depth() {
        assert_eq!(
            relative_url("index.html", "authorities/index.html"),
            "authorities/index.html"
        );
        assert_eq!(
            relative_url(
                "authorities/sutton/index.html",
                "authorities/sutton/audits/lac/index.html"
            ),
            "audits/lac/index.html"
        );
        assert_eq!(
            relative_url(
                "authorities/sutton/audits/lac/index.html",
                "lessons/sutton/index.html"
            ),
            "../../../../lessons/sutton/index.html"
        );
        assert_eq!(
            relative_url("lessons/sutton/index.html", "lessons/sutton/index.html"),
            "index.html"
        );
        assert_eq!(
            relative_url("lessons/index.html", "index.html"),
            "../index.html"
        );
        assert_eq!(
            relative_url("a/b/index.html", "a/index.html"),
            "../index.html"
        );
        assert_eq!(root_prefix("lessons/sutton/index.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn the_path_of_a_base_url_ends_in_a_slash() {
        assert_eq!(
            path_of_base_url("https://intranet.example/audits"),
            "/audits/"
        );
        assert_eq!(path_of_base_url("https://intranet.example/a/b/"), "/a/b/");
        assert_eq!(path_of_base_url("https://intranet.example"), "/");
        assert_eq!(
            path_of_base_url("http://intranet.example:8080/x?y=1"),
            "/x/"
        );
    }

    #[test]
    fn folder_titles() {
        assert_eq!(humanise("best-value-reviews"), "Best value reviews");
        assert_eq!(humanise("lessons"), "Lessons");
    }
}
