//! Narrative pages: the authorities and audits they name, and their tags.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::entities::{audit_file, authority_file, unknown_reference};
use super::{Audit, Authority, Page, Tag};
use crate::diagnostics::Position;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout::{self, page_output_path};
use crate::limits;
use crate::load::LoadedPage;
use crate::model::PageKind;
use crate::slug::{slugify, unsafe_name};
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
            if front.tags.len() > limits::TAGS_PER_PAGE {
                diagnostics.push(
                    Diagnostic::error(
                        &file,
                        format!(
                            "the page has {} tags, more than the {} a page may have",
                            front.tags.len(),
                            limits::TAGS_PER_PAGE
                        ),
                    )
                    .at_position(at("tags", ""))
                    .with_help("keep the tags that readers would look for: a few words each"),
                );
            } else {
                for tag in &front.tags {
                    let slug = slugify(tag);
                    let problem = if slug.is_empty() {
                        Some(("has no letters or digits".to_string(), "use words for tags, such as `domestic violence`"))
                    } else {
                        unsafe_name(&slug).map(|why| {
                            (
                                format!("cannot name its page: {why}"),
                                "use a shorter tag, in words, such as `domestic violence`",
                            )
                        })
                    };
                    if let Some((why, help)) = problem {
                        diagnostics.push(
                            Diagnostic::error(
                                &file,
                                format!("the tag `{}` {why}", limits::quote(tag)),
                            )
                            .at_position(tag_position(&page.source.text, tag))
                            .with_help(help),
                        );
                    }
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

/// Where a tag is written in a page's front matter: the tag itself, in a flow list
/// (`tags: [a, b]`) or a block list (`- a`).
fn tag_position(text: &str, tag: &str) -> Option<Position> {
    let key = text
        .find("\ntags:")
        .map(|i| i + 1)
        .or_else(|| text.starts_with("tags:").then_some(0))?;
    let at = text[key..].find(tag.trim())? + key;
    Some(Position::of_offset(text, at))
}

pub(super) fn build_tags(pages: &mut [Page]) -> Vec<Tag> {
    // slug -> every spelling seen; the tag page uses the first in sort order.
    let mut spellings: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for page in pages.iter() {
        for tag in &page.loaded.front.tags {
            let slug = slugify(tag);
            // A tag that cannot name a page has its own error already.
            if !slug.is_empty() && unsafe_name(&slug).is_none() {
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
    let index: std::collections::HashMap<String, usize> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.clone(), i))
        .collect();
    for (page_index, page) in pages.iter_mut().enumerate() {
        let mut own: Vec<usize> = page
            .loaded
            .front
            .tags
            .iter()
            .filter_map(|t| index.get(&slugify(t)).copied())
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
