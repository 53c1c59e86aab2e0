//! Narrative pages: the authorities and audits they name, and their tags.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::entities::{audit_file, authority_file, unknown_reference};
use super::{Audit, Authority, Page, Tag};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout::{self, page_output_path};
use crate::load::LoadedPage;
use crate::model::PageKind;
use crate::slug::slugify;
use crate::yaml;

pub(super) fn build_pages(
    loaded: Vec<LoadedPage>,
    authorities: &[Authority],
    audits: &[Audit],
    failed: &BTreeSet<PathBuf>,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    let mut pages: Vec<Page> = loaded
        .into_iter()
        .map(|page| {
            let file = page.source.path.clone();
            let front = &page.front;
            let at = |key: &str, value: &str| yaml::locate_value(&page.source.text, key, value, 1);
            let mut page_authorities = Vec::new();
            for slug in &front.authorities {
                match authorities.iter().position(|a| &a.slug == slug) {
                    Some(i) => page_authorities.push(i),
                    None if failed.contains(&authority_file(slug)) => {}
                    None => diagnostics.push(unknown_reference(
                        &file,
                        at("authorities", slug),
                        "authority",
                        slug,
                        authorities.iter().map(|a| a.slug.as_str()),
                    )),
                }
            }
            let mut page_audits = Vec::new();
            for id in &front.audits {
                match audits.iter().position(|a| &a.id == id) {
                    Some(i) => page_audits.push(i),
                    None if failed.contains(&audit_file(id)) => {}
                    None => diagnostics.push(unknown_reference(
                        &file,
                        at("audits", id),
                        "audit",
                        id,
                        audits.iter().map(|a| a.id.as_str()),
                    ).with_help(match yaml::closest(id, &audits.iter().map(|a| a.id.as_str()).collect::<Vec<_>>()) {
                        Some(best) => format!("did you mean `{best}`? Audits are named `authority/audit`, after their folders"),
                        None => "audits are named `authority/audit`, after their folders, such as `sutton/lac-2001`".to_string(),
                    })),
                }
            }
            if front.kind == PageKind::Lessons && front.authorities.is_empty() {
                diagnostics.push(
                    Diagnostic::error(&file, "a lessons page must name the authorities it is about")
                        .at(page.front_line, None)
                        .with_help("add `authorities: [slug, ...]` to the front matter"),
                );
            }
            if front.title.trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error(&file, "the page title is empty")
                        .at_position(at("title", ""))
                        .with_help("give the page a title"),
                );
            }
            for tag in &front.tags {
                if slugify(tag).is_empty() {
                    diagnostics.push(
                        Diagnostic::error(&file, format!("the tag `{tag}` has no letters or digits"))
                            .at_position(at("tags", tag))
                            .with_help("use words for tags, such as `domestic violence`"),
                    );
                }
            }
            Page {
                output_path: page_output_path(&page.source.path),
                loaded: page,
                section: None,
                authorities: page_authorities,
                audits: page_audits,
                tags: Vec::new(),
                directives: Vec::new(),
            }
        })
        .collect();
    pages.sort_by(|a, b| a.loaded.source.path.cmp(&b.loaded.source.path));
    pages
}

pub(super) fn build_tags(pages: &mut [Page]) -> Vec<Tag> {
    // slug -> every spelling seen; the tag page uses the first in sort order.
    let mut spellings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for page in pages.iter() {
        for tag in &page.loaded.front.tags {
            let slug = slugify(tag);
            if !slug.is_empty() {
                spellings
                    .entry(slug)
                    .or_default()
                    .insert(tag.trim().to_string());
            }
        }
    }
    let mut tags: Vec<Tag> = spellings
        .into_iter()
        .map(|(slug, names)| Tag {
            output_path: layout::tag_path(&slug),
            name: names.into_iter().next().unwrap_or_else(|| slug.clone()),
            slug,
            pages: Vec::new(),
        })
        .collect();
    for (page_index, page) in pages.iter_mut().enumerate() {
        let mut own: Vec<usize> = page
            .loaded
            .front
            .tags
            .iter()
            .filter_map(|t| tags.iter().position(|tag| tag.slug == slugify(t)))
            .collect();
        own.sort_unstable();
        own.dedup();
        for &t in &own {
            tags[t].pages.push(page_index);
        }
        page.tags = own;
    }
    tags
}
