//! Sections (folders of pages) and the check that no two things are written to one place.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{Page, Project, Section};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout;

/// Folders whose listing page is an authority, an audit or the authorities index, not a
/// generated section.
fn owned_by_an_entity(dir: &str) -> bool {
    let parts: Vec<&str> = dir.split('/').collect();
    matches!(
        parts.as_slice(),
        ["authorities"] | ["authorities", _] | ["authorities", _, "audits", _]
    )
}

/// Groups pages into sections by folder, creating a section for every folder that holds pages
/// (and its parent folders), so breadcrumbs always lead somewhere.
pub(super) fn build_sections(pages: &mut [Page]) -> Vec<Section> {
    let mut dirs: BTreeMap<String, Section> = BTreeMap::new();
    let ensure = |dir: &str, dirs: &mut BTreeMap<String, Section>| {
        let mut current = dir.to_string();
        while !current.is_empty() && !owned_by_an_entity(&current) {
            dirs.entry(current.clone()).or_insert_with(|| Section {
                dir: current.clone(),
                title: layout::humanise(current.rsplit('/').next().unwrap_or(&current)),
                output_path: layout::section_path(&current),
                index_page: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                parent: None,
            });
            current = layout::dir_of(&current).to_string();
        }
    };
    for page in pages.iter() {
        let dir = listing_dir(page);
        ensure(dir, &mut dirs);
    }
    let mut sections: Vec<Section> = dirs.into_values().collect();
    let index_of = |dir: &str, sections: &[Section]| sections.iter().position(|s| s.dir == dir);

    for (i, page) in pages.iter_mut().enumerate() {
        let is_index = is_section_index(page);
        let dir = layout::dir_of(&page.output_path).to_string();
        if is_index {
            if let Some(s) = index_of(&dir, &sections) {
                sections[s].index_page = Some(i);
                sections[s].title = page.loaded.front.title.clone();
            }
        } else if let Some(s) = index_of(listing_dir(page), &sections) {
            sections[s].pages.push(i);
            page.section = Some(s);
        }
    }
    for s in 0..sections.len() {
        let parent_dir = layout::dir_of(&sections[s].dir).to_string();
        if let Some(p) = index_of(&parent_dir, &sections) {
            sections[s].parent = Some(p);
            sections[p].subsections.push(s);
        }
    }
    for section in &mut sections {
        section
            .pages
            .sort_by(|&a, &b| reading_order(&pages[a]).cmp(&reading_order(&pages[b])));
    }
    let order: Vec<(i64, String)> = sections
        .iter()
        .map(|s| match s.index_page {
            Some(p) => reading_order(&pages[p]),
            None => (i64::MAX, s.title.clone()),
        })
        .collect();
    for section in &mut sections {
        section
            .subsections
            .sort_by(|&a, &b| order[a].cmp(&order[b]));
    }
    sections
}

/// The folder whose listing shows this page: the folder the page's own folder sits in.
fn listing_dir(page: &Page) -> &str {
    let own_dir = layout::dir_of(&page.output_path);
    if is_section_index(page) {
        own_dir
    } else {
        layout::dir_of(own_dir)
    }
}

/// Pages with a weight first (lowest first), then by title.
fn reading_order(page: &Page) -> (i64, String) {
    (
        page.loaded.front.weight.map_or(i64::MAX, i64::from),
        page.loaded.front.title.to_lowercase(),
    )
}

/// Two sources that would be written to the same file: one would silently replace the other.
pub(super) fn check_collisions(project: &Project, diagnostics: &mut Diagnostics) {
    let mut claims: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut claim =
        |path: &str, source: PathBuf| claims.entry(path.to_string()).or_default().push(source);
    for fixed in layout::FIXED_PAGES {
        claim(fixed, PathBuf::from(format!("(auditpress's own {fixed})")));
    }
    for a in &project.authorities {
        claim(&a.output_path, a.source.path.clone());
    }
    for a in &project.audits {
        claim(&a.output_path, a.source.path.clone());
    }
    for page in &project.pages {
        claim(&page.output_path, page.loaded.source.path.clone());
    }
    for section in project.sections.iter().filter(|s| s.index_page.is_none()) {
        claim(
            &section.output_path,
            PathBuf::from(format!("(the listing of the folder {})", section.dir)),
        );
    }
    for tag in &project.tags {
        claim(
            &tag.output_path,
            PathBuf::from(format!("(the page of the tag `{}`)", tag.name)),
        );
    }
    for asset in &project.assets {
        claim(&asset.output_path, PathBuf::from(&asset.output_path));
    }
    let published = &project.published;
    if !published.datasets.is_empty() || published.taxonomy.is_some() {
        claim(
            layout::COMPARISONS_INDEX,
            PathBuf::from("(auditpress's page of comparisons)"),
        );
    }
    for dataset in &published.datasets {
        for indicator in &dataset.indicators {
            claim(
                &layout::indicator_path(&dataset.name, &indicator.name),
                PathBuf::from(format!("(the page of the indicator `{}`)", indicator.id)),
            );
        }
    }
    for (path, sources) in claims {
        if sources.len() < 2 {
            continue;
        }
        for (i, source) in sources.iter().enumerate() {
            if source.starts_with("(") {
                continue;
            }
            let others: Vec<String> = sources
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, s)| s.display().to_string())
                .collect();
            diagnostics.push(
                Diagnostic::error(
                    source,
                    format!(
                        "this would be written to {path}, as would {}",
                        others.join(" and ")
                    ),
                )
                .with_help("rename or move one of them: each page needs its own address"),
            );
        }
    }
}

/// An `index.md` describes its folder's section rather than being a page in it.
fn is_section_index(page: &Page) -> bool {
    page.loaded
        .source
        .path
        .file_stem()
        .is_some_and(|s| s == "index")
}
