//! The committed example site is exactly what the code builds from `content/`, builds are
//! byte-identical, and from `site/index.html` on disk every page is reachable and every link
//! resolves.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use auditpress::BuildOptions;

fn build_example_into(dir: &Path) {
    let options = BuildOptions::new(common::repo().join("content"));
    if let Err(error) = auditpress::build(&options, dir) {
        panic!("the example does not build:\n{error}");
    }
}

#[test]
fn committed_site_matches_a_fresh_build_and_builds_are_identical() {
    let temp = tempfile::tempdir().unwrap();
    let (first, second) = (temp.path().join("one"), temp.path().join("two"));
    build_example_into(&first);
    build_example_into(&second);
    let (a, b) = (common::tree(&first), common::tree(&second));
    assert!(a == b, "two builds of the same content differ");

    let committed = common::tree(&common::repo().join("site"));
    let committed_names: Vec<&str> = committed.iter().map(|(n, _)| n.as_str()).collect();
    let built_names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        committed_names, built_names,
        "site/ does not hold the files a build makes: run `cargo run -- build` and commit site/"
    );
    for ((name, built), (_, kept)) in a.iter().zip(&committed) {
        assert!(
            built == kept,
            "site/{name} differs from a fresh build: run `cargo run -- build` and commit site/"
        );
    }
}

/// `href`, `src` and `id` values, read without the library's own link checker.
fn attributes<'h>(html: &'h str, name: &'h str) -> Vec<&'h str> {
    let mut found = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!("{name}={quote}");
        for (at, _) in html.match_indices(&needle) {
            let preceded_by_space = html[..at].ends_with(|c: char| c.is_whitespace());
            let start = at + needle.len();
            if let (true, Some(len)) = (preceded_by_space, html[start..].find(quote)) {
                found.push(&html[start..start + len]);
            }
        }
    }
    found
}

#[test]
fn from_index_html_on_disk_every_page_is_reachable_and_every_link_resolves() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    build_example_into(&site);

    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let mut queue = VecDeque::from(["index.html".to_string()]);
    let mut broken = Vec::new();
    while let Some(page) = queue.pop_front() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let path = site.join(&page);
        let Ok(html) = std::fs::read_to_string(&path) else {
            broken.push(format!("{page} cannot be read"));
            continue;
        };
        ids.insert(
            page.clone(),
            attributes(&html, "id")
                .into_iter()
                .map(String::from)
                .collect(),
        );
        for link in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            if link.starts_with("https:")
                || link.starts_with("http:")
                || link.starts_with("mailto:")
            {
                continue;
            }
            assert!(
                !link.starts_with('/'),
                "{page} has a root-relative link {link}"
            );
            let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                let joined = path.parent().unwrap().join(file);
                match joined.canonicalize() {
                    Ok(real) => real
                        .strip_prefix(site.canonicalize().unwrap())
                        .unwrap_or_else(|_| panic!("{page} links outside the site: {link}"))
                        .to_string_lossy()
                        .replace('\\', "/"),
                    Err(_) => {
                        broken.push(format!("{page} -> {link}"));
                        continue;
                    }
                }
            };
            assert!(
                !Path::new(&site.join(&target)).is_dir(),
                "{page} links to a folder: {link}"
            );
            if !fragment.is_empty() {
                fragments.push((page.clone(), target.clone(), fragment.to_string()));
            }
            if target.ends_with(".html") {
                queue.push_back(target);
            }
        }
    }
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    for (page, target, fragment) in fragments {
        assert!(
            ids.get(&target).is_some_and(|set| set.contains(&fragment)),
            "{page} links to {target}#{fragment}, which has no such id"
        );
    }

    let must_reach = [
        "authorities/index.html",
        "audits/index.html",
        "lessons/barking-and-dagenham/index.html",
        "lessons/hampshire-and-gloucestershire/index.html",
        "lessons/north-east/index.html",
        "lessons/sutton/index.html",
    ];
    for page in must_reach {
        assert!(
            seen.contains(page),
            "{page} is not reachable from index.html"
        );
    }
    for authority in std::fs::read_dir(common::repo().join("content/authorities")).unwrap() {
        let slug = authority
            .unwrap()
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            seen.contains(&format!("authorities/{slug}/index.html")),
            "authority {slug} is not reachable"
        );
        let audits = common::repo()
            .join("content/authorities")
            .join(&slug)
            .join("audits");
        for audit in std::fs::read_dir(audits).into_iter().flatten() {
            let audit = audit.unwrap().file_name().to_string_lossy().into_owned();
            let page = format!("authorities/{slug}/audits/{audit}/index.html");
            assert!(seen.contains(&page), "{page} is not reachable");
        }
    }
    // Every HTML file built is reachable by following links (the 404 page aside).
    let all_pages: BTreeSet<String> = common::tree(&site)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|n| n.ends_with(".html") && n != "404.html")
        .collect();
    let unreached: Vec<&String> = all_pages.difference(&seen).collect();
    assert!(
        unreached.is_empty(),
        "pages no link leads to: {unreached:?}"
    );
}

#[test]
fn case_level_data_never_reaches_the_site() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    build_example_into(&site);
    for (name, bytes) in common::tree(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !name.ends_with(".csv") || !text.contains("case_id"),
            "{name} is a case file"
        );
        for marker in [
            "BD-REF-0",
            "SU-LAC-0",
            "TW-EXT-0",
            "Illustrative record, not a real child",
        ] {
            assert!(
                !text.contains(marker),
                "{name} contains case-level data ({marker})"
            );
        }
    }
}

#[test]
fn every_page_carries_the_marking_at_top_and_bottom_and_in_its_print_margins() {
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    build_example_into(&site);
    let marking = "OFFICIAL-SENSITIVE";
    for (name, bytes) in common::tree(&site) {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for place in ["marking--top", "marking--bottom"] {
            assert!(
                html.contains(&format!(
                    "<p class=\"marking {place}\"><span class=\"visually-hidden\">Protective marking: </span>{marking}</p>"
                )),
                "{name} lacks the marking ({place})"
            );
        }
        assert!(
            html.contains(&format!("@top-center {{ content: \"{marking}\"; }}")),
            "{name} does not print the marking"
        );
    }
}
