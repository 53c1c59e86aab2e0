//! The built-in link checker: after rendering, every relative link and `#fragment` in every
//! page must lead to a file and an id that exist, so a broken link is a build error rather than
//! something a reader finds.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::OutputFile;
use crate::layout;

/// The `id` values of an HTML document.
pub fn ids(html: &str) -> BTreeSet<&str> {
    attribute_values(html, "id").collect()
}

/// Every value of the attribute `name` in `html` (double-quoted, as all our HTML is).
pub fn attribute_values<'h>(html: &'h str, name: &str) -> impl Iterator<Item = &'h str> {
    let needle = format!(" {name}=\"");
    let mut rest = html;
    std::iter::from_fn(move || {
        let start = rest.find(&needle)? + needle.len();
        let end = rest[start..].find('"')? + start;
        let value = &rest[start..end];
        rest = &rest[end..];
        Some(value)
    })
}

/// A link in a built page that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub page: String,
    pub link: String,
    pub reason: String,
}

/// Checks every `href` and `src` of every HTML file among `files`. Links are relative, so that
/// the site works from a shared drive and under any folder, except on the 404 page of a site
/// that knows its `server_root`: a server shows that page at any address, so its links start
/// from the site's own path there.
pub fn check(files: &[OutputFile], server_root: Option<&str>) -> Vec<BrokenLink> {
    let html_files: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| Some((f.path.as_str(), std::str::from_utf8(&f.bytes).ok()?)))
        .collect();
    let existing: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let ids: HashMap<&str, BTreeSet<&str>> =
        html_files.iter().map(|(p, html)| (*p, ids(html))).collect();

    let mut broken = Vec::new();
    for (page, html) in &html_files {
        let links = attribute_values(html, "href").chain(attribute_values(html, "src"));
        for link in links.collect::<BTreeSet<_>>() {
            let root = server_root.filter(|_| *page == layout::NOT_FOUND);
            if let Some(reason) = problem(page, link, root, &existing, &ids) {
                broken.push(BrokenLink {
                    page: page.to_string(),
                    link: link.to_string(),
                    reason,
                });
            }
        }
    }
    broken
}

fn problem(
    page: &str,
    link: &str,
    server_root: Option<&str>,
    existing: &BTreeSet<&str>,
    ids: &HashMap<&str, BTreeSet<&str>>,
) -> Option<String> {
    if let Some(scheme) = super::markdown::scheme_of(link) {
        let scheme = scheme.to_ascii_lowercase();
        return (!super::markdown::SAFE_SCHEMES.contains(&scheme.as_str()))
            .then(|| format!("it uses `{scheme}:`, which no page may link to"));
    }
    if link.starts_with("//") || link.is_empty() {
        return None;
    }
    let link = decode_entities(link);
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (link.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let (page, path) = match (path.strip_prefix('/'), server_root) {
        (None, _) => (page, path),
        (Some(_), Some(root)) if path.starts_with(root) => ("index.html", &path[root.len()..]),
        (Some(_), _) => {
            return Some(
                "it starts from the server's root, so it breaks on a shared drive or under another folder: make it relative".to_string(),
            );
        }
    };
    let target = if path.is_empty() {
        page.to_string()
    } else {
        match resolve(page, path) {
            Some(t) => t,
            None => return Some("it leads outside the site".to_string()),
        }
    };
    if !existing.contains(target.as_str()) {
        let folder = format!("{}/", target.trim_end_matches('/'));
        let is_folder = existing.iter().any(|p| p.starts_with(&folder));
        return Some(if is_folder {
            format!(
                "{folder} is a folder: link to its index.html, as a folder does not open its index from a shared drive"
            )
        } else {
            format!("there is no {target}")
        });
    }
    match fragment {
        Some(f) if !f.is_empty() && ids.get(target.as_str()).is_none_or(|set| !set.contains(f)) => {
            Some(format!("{target} has no element with the id `{f}`"))
        }
        _ => None,
    }
}

fn decode_entities(link: &str) -> String {
    link.replace("&amp;", "&")
}

/// The site path a relative `link` on `page` leads to, or `None` if it climbs out of the site.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for piece in link.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') {
        path.push('/');
    }
    Some(path)
}

/// Groups broken links by page, for reporting.
pub fn by_page(broken: Vec<BrokenLink>) -> BTreeMap<String, Vec<BrokenLink>> {
    let mut map: BTreeMap<String, Vec<BrokenLink>> = BTreeMap::new();
    for link in broken {
        map.entry(link.page.clone()).or_default().push(link);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn finds_missing_files_ids_and_folder_links() {
        let files = vec![
            file(
                "index.html",
                r#"<a href="a/index.html#x">A</a> <a href="a/index.html#nope">B</a> <a href="b/index.html">C</a> <a href="a/">D</a> <a href="https://example.org/x">E</a> <a href="mailto:x">F</a> <a href="../up.html">G</a>"#,
            ),
            file(
                "a/index.html",
                r#"<h2 id="x">X</h2><a href="../index.html">home</a><img src="../assets/i.png" alt="">"#,
            ),
            file("assets/i.png", ""),
        ];
        let broken: Vec<(String, String)> = check(&files, None)
            .into_iter()
            .map(|b| (b.link, b.reason))
            .collect();
        assert_eq!(
            broken,
            [
                ("../up.html".to_string(), "it leads outside the site".to_string()),
                ("a/".to_string(), "a/ is a folder: link to its index.html, as a folder does not open its index from a shared drive".to_string()),
                ("a/index.html#nope".to_string(), "a/index.html has no element with the id `nope`".to_string()),
                ("b/index.html".to_string(), "there is no b/index.html".to_string()),
            ]
        );
    }

    #[test]
    fn only_the_404_page_may_link_from_the_servers_root() {
        let files = vec![
            file("index.html", r#"<a href="/audits/index.html">home</a>"#),
            file(
                "404.html",
                r#"<a href="/audits/index.html">A</a> <a href="/audits/nope.html">B</a> <a href="/elsewhere/index.html">C</a>"#,
            ),
        ];
        let broken: Vec<(String, String)> = check(&files, Some("/audits/"))
            .into_iter()
            .map(|b| (b.page, b.link))
            .collect();
        let from_root = "it starts from the server's root, so it breaks on a shared drive or under another folder: make it relative";
        assert_eq!(
            broken,
            [
                ("index.html".to_string(), "/audits/index.html".to_string()),
                ("404.html".to_string(), "/audits/nope.html".to_string()),
                ("404.html".to_string(), "/elsewhere/index.html".to_string()),
            ]
        );
        let reasons: Vec<String> = check(&files, Some("/audits/"))
            .into_iter()
            .map(|b| b.reason)
            .collect();
        assert_eq!(reasons, [from_root, "there is no nope.html", from_root]);
        assert_eq!(check(&files[1..], None).len(), 3);
    }

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(
            resolve("a/b/index.html", "../../c/index.html").as_deref(),
            Some("c/index.html")
        );
        assert_eq!(resolve("index.html", "../x").as_deref(), None);
    }
}
