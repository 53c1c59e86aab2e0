//! Briefings for Members: their front matter checked, one briefing written per authority where a
//! file says `for_each`, and packs that join several briefings under one cover.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::directives::{
    self, Catalogue, DirectiveKind, EACH_AUTHORITY, PlacedDirective, Requests,
};
use super::entities::unknown_reference;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout;
use crate::load::LoadedBriefing;
use crate::model::{Audience, BriefingFront, ForEach, Purpose};
use crate::slug::slugify;
use crate::yaml;

/// One briefing to write: a file's, or one of those a `for_each` file writes.
#[derive(Debug, Clone)]
pub struct Briefing {
    /// The file it is written from, in [`super::Project::briefing_files`].
    pub file: usize,
    /// The front matter, with `{authority}` replaced by the authority's name.
    pub front: BriefingFront,
    /// The authority a `for_each` file wrote this briefing for.
    pub authority: Option<usize>,
    pub output_path: String,
    pub pdf_path: String,
    pub marking: String,
    pub directives: Vec<PlacedDirective>,
    pub audits: Vec<usize>,
    pub authorities: Vec<usize>,
    /// Published indicators: (dataset, indicator).
    pub indicators: Vec<(usize, usize)>,
}

/// Several briefings under one cover, with one contents list and continuous page numbers.
#[derive(Debug, Clone)]
pub struct Pack {
    pub file: usize,
    pub front: BriefingFront,
    pub output_path: String,
    pub pdf_path: String,
    pub marking: String,
    /// The briefings it joins, in order.
    pub briefings: Vec<usize>,
}

/// What checking the briefings gives the project.
#[derive(Debug, Default)]
pub(super) struct Checked {
    pub files: Vec<LoadedBriefing>,
    pub briefings: Vec<Briefing>,
    pub packs: Vec<Pack>,
    /// Briefings for other audiences: left out of this build.
    pub withheld: BTreeSet<PathBuf>,
}

pub(super) struct Context<'a> {
    pub audience: Audience,
    pub marking: &'a str,
    pub catalogue: &'a Catalogue<'a>,
}

pub(super) fn check(
    loaded: Vec<LoadedBriefing>,
    context: &Context<'_>,
    requests: &mut Requests,
    diagnostics: &mut Diagnostics,
) -> Checked {
    let mut checked = Checked::default();
    let mut loaded = loaded;
    loaded.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    let mut pack_files = Vec::new();
    for file in loaded {
        let front = &file.front;
        if !front.audiences.is_empty() && !front.audiences.contains(&context.audience) {
            checked.withheld.insert(file.source.path.clone());
            continue;
        }
        check_front(&file, diagnostics);
        let index = checked.files.len();
        if front.pack.is_empty() {
            let written = write_briefings(index, &file, context, requests, diagnostics);
            checked.briefings.extend(written);
        } else {
            pack_files.push(index);
        }
        checked.files.push(file);
    }
    checked.briefings.sort_by(|a, b| {
        let order = |x: &Briefing| (x.front.weight.unwrap_or(0), std::cmp::Reverse(x.front.date));
        order(a)
            .cmp(&order(b))
            .then_with(|| a.output_path.cmp(&b.output_path))
    });
    for index in pack_files {
        let pack = build_pack(index, &checked, context, diagnostics);
        checked.packs.extend(pack);
    }
    checked
}

/// The file's slug: its name without `.md`, as packs and output paths name it.
fn slug_of(file: &LoadedBriefing) -> String {
    slugify(
        file.source
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(""),
    )
}

fn marking_of(front: &BriefingFront, context: &Context<'_>) -> String {
    front
        .marking
        .clone()
        .unwrap_or_else(|| context.marking.to_string())
}

fn check_front(file: &LoadedBriefing, diagnostics: &mut Diagnostics) {
    let path = &file.source.path;
    let front = &file.front;
    if !front.pack.is_empty() && !file.body().trim().is_empty() {
        diagnostics.push(
            Diagnostic::warning(path, "a pack's own text is not printed")
                .at(file.body_line, None)
                .with_help("a pack joins its briefings under one cover: put the text in a briefing of its own and add it to `pack:`"),
        );
    }
    // Each problem points at the value it is about, or at its key where there is none.
    let at = |key: &str, value: &str| yaml::locate_value(&file.source.text, key, value, 1);
    let mut problem = |(key, value): (&str, &str), message: &str, help: &str| {
        diagnostics.push(
            Diagnostic::error(path, message)
                .at_position(at(key, value))
                .with_help(help),
        );
    };
    let title = ("title", front.title.as_str());
    let purpose = ("purpose", "decision");
    for (key, value) in [
        ("title", &front.title),
        ("meeting", &front.meeting),
        ("author_role", &front.author_role),
    ] {
        if value.trim().is_empty() {
            problem(
                (key, ""),
                &format!("the briefing's `{key}` is empty"),
                "every briefing says what it is, which meeting it goes to and the author's role",
            );
        }
    }
    if let Some(marking) = &front.marking
        && !super::is_marking(marking)
    {
        problem(
            ("marking", marking),
            &format!("`{marking}` is not a protective marking"),
            "write the marking in capitals, such as OFFICIAL-SENSITIVE",
        );
    }
    if !front.pack.is_empty() {
        if front.for_each.is_some() {
            problem(
                ("for_each", ""),
                "a pack cannot be written for each authority",
                "name the generated briefing in the pack instead: the pack then joins every one of them",
            );
        }
        return;
    }
    if front.key_messages.is_empty() {
        problem(
            title,
            "the briefing has no key messages",
            "add `key_messages:` with what Members should take away, a sentence each: they are printed first",
        );
    }
    if front.purpose == Purpose::Decision && front.recommendations.is_empty() {
        problem(
            purpose,
            "a briefing for decision has no recommendations",
            "add `recommendations:` saying what Members are asked to decide, or make it `purpose: information`",
        );
    }
    if front.purpose == Purpose::Decision && front.implications.is_none() {
        problem(
            purpose,
            "a briefing for decision does not say what it costs",
            "add `implications:` with the financial and resource implications, even if they are none",
        );
    }
    if front.for_each.is_some() && !front.title.contains(EACH_AUTHORITY) {
        problem(
            title,
            "a briefing written for each authority must name the authority in its title",
            "write `{authority}` in the title, such as `title: How {authority} compares with its statistical neighbours`",
        );
    }
}

/// The briefings a file writes: one, or one per authority.
fn write_briefings(
    index: usize,
    file: &LoadedBriefing,
    context: &Context<'_>,
    requests: &mut Requests,
    diagnostics: &mut Diagnostics,
) -> Vec<Briefing> {
    let slug = slug_of(file);
    let evidence = drawn_on(file, context.catalogue, diagnostics);
    let each: Vec<Option<usize>> = match &file.front.for_each {
        None => vec![None],
        Some(for_each) => authorities_for(file, for_each, context.catalogue, diagnostics)
            .into_iter()
            .map(Some)
            .collect(),
    };
    // A mistake in a briefing written for each authority is the same mistake every time:
    // report it once.
    let mut reported: BTreeSet<String> = BTreeSet::new();
    each.into_iter()
        .map(|authority| {
            let catalogue = Catalogue {
                each_authority: authority,
                ..*context.catalogue
            };
            let mut found = Vec::new();
            let directives = directives::check(
                file.body(),
                &directives::Place {
                    file: &file.source.path,
                    file_text: &file.source.text,
                    start: file.body_start,
                },
                &catalogue,
                &mut found,
            );
            for problem in found {
                if reported.insert(format!("{problem:?}")) {
                    diagnostics.push(problem);
                }
            }
            directives.iter().for_each(|d| requests.add(d));
            let mut directives = directives;
            if let Some(a) = authority {
                name_authority(&mut directives, &context.catalogue.authorities[a].meta.name);
            }
            let (output_path, pdf_path, front) = match authority {
                None => (
                    layout::briefing_path(&slug),
                    layout::briefing_pdf_path(&slug, None),
                    file.front.clone(),
                ),
                Some(a) => {
                    let authority = &context.catalogue.authorities[a];
                    (
                        layout::generated_briefing_path(&slug, &authority.slug),
                        layout::briefing_pdf_path(&slug, Some(&authority.slug)),
                        for_authority(&file.front, &authority.meta.name),
                    )
                }
            };
            let mut authorities = evidence.authorities.clone();
            if let Some(a) = authority
                && !authorities.contains(&a)
            {
                authorities.insert(0, a);
            }
            Briefing {
                file: index,
                marking: marking_of(&front, context),
                front,
                authority,
                output_path,
                pdf_path,
                directives,
                audits: evidence.audits.clone(),
                authorities,
                indicators: evidence.indicators.clone(),
            }
        })
        .collect()
}

/// Chart and callout titles with `{authority}` replaced by the authority's name.
fn name_authority(directives: &mut [PlacedDirective], name: &str) {
    for directive in directives {
        match &mut directive.kind {
            DirectiveKind::Chart { title, .. } => *title = title.replace(EACH_AUTHORITY, name),
            DirectiveKind::Callout { title, inner, .. } => {
                *title = title.replace(EACH_AUTHORITY, name);
                name_authority(inner, name);
            }
            _ => {}
        }
    }
}

/// The front matter with `{authority}` replaced by the authority's name.
fn for_authority(front: &BriefingFront, name: &str) -> BriefingFront {
    let fill = |text: &str| text.replace(EACH_AUTHORITY, name);
    let mut front = front.clone();
    front.title = fill(&front.title);
    front.meeting = fill(&front.meeting);
    front.key_messages = front.key_messages.iter().map(|m| fill(m)).collect();
    front.recommendations = front.recommendations.iter().map(|m| fill(m)).collect();
    front.implications = front.implications.as_deref().map(fill);
    front
}

#[derive(Debug, Default)]
struct DrawnOn {
    audits: Vec<usize>,
    authorities: Vec<usize>,
    indicators: Vec<(usize, usize)>,
}

/// The audits, authorities and indicators named in `draws_on`.
fn drawn_on(
    file: &LoadedBriefing,
    catalogue: &Catalogue<'_>,
    diagnostics: &mut Diagnostics,
) -> DrawnOn {
    let path = &file.source.path;
    let at = |key: &str, value: &str| yaml::locate_value(&file.source.text, key, value, 1);
    let draws_on = &file.front.draws_on;
    let mut found = DrawnOn::default();
    for id in &draws_on.audits {
        match catalogue.audits.iter().position(|a| &a.id == id) {
            Some(i) => found.audits.push(i),
            None => diagnostics.push(unknown_reference(
                path,
                at("audits", id),
                "audit",
                id,
                catalogue.audits.iter().map(|a| a.id.as_str()),
            )),
        }
    }
    for slug in &draws_on.authorities {
        match catalogue.authorities.iter().position(|a| &a.slug == slug) {
            Some(i) => found.authorities.push(i),
            None => diagnostics.push(unknown_reference(
                path,
                at("authorities", slug),
                "authority",
                slug,
                own_authorities(catalogue),
            )),
        }
    }
    for id in &draws_on.indicators {
        match catalogue.published.indicator(id) {
            Some(i) => found.indicators.push(i),
            None => diagnostics.push(unknown_reference(
                path,
                at("indicators", id),
                "indicator",
                id,
                catalogue.published.indicator_ids().into_iter(),
            )),
        }
    }
    found
}

fn own_authorities<'a>(catalogue: &'a Catalogue<'a>) -> impl Iterator<Item = &'a str> {
    catalogue
        .authorities
        .iter()
        .filter(|a| !a.published_only)
        .map(|a| a.slug.as_str())
}

/// The authorities a `for_each` file writes a briefing for, in order.
fn authorities_for(
    file: &LoadedBriefing,
    for_each: &ForEach,
    catalogue: &Catalogue<'_>,
    diagnostics: &mut Diagnostics,
) -> Vec<usize> {
    let path = &file.source.path;
    let at = |value: &str| yaml::locate_value(&file.source.text, "for_each", value, 1);
    let find = |slug: &str, diagnostics: &mut Diagnostics| {
        let found = catalogue.authorities.iter().position(|a| a.slug == slug);
        if found.is_none() {
            diagnostics.push(unknown_reference(
                path,
                at(slug),
                "authority",
                slug,
                catalogue.authorities.iter().map(|a| a.slug.as_str()),
            ));
        }
        found
    };
    match for_each {
        ForEach::Every(_) => catalogue
            .authorities
            .iter()
            .enumerate()
            .filter(|(_, a)| !a.published_only)
            .map(|(i, _)| i)
            .collect(),
        ForEach::Limited(limit) => {
            let mut list: Vec<usize> = limit
                .authority
                .iter()
                .filter_map(|slug| find(slug, diagnostics))
                .collect();
            if let Some(centre) = &limit.neighbours_of
                && let Some(c) = find(centre, diagnostics)
            {
                let code = &catalogue.authorities[c].meta.ons_code;
                let neighbours = catalogue
                    .published
                    .groups
                    .iter()
                    .find_map(|g| g.members.get(code));
                match neighbours {
                    Some(members) => {
                        list.push(c);
                        list.extend(members.iter().filter_map(|(code, _)| {
                            catalogue.published.authority_by_code.get(code).copied()
                        }));
                    }
                    None => diagnostics.push(
                        Diagnostic::error(
                            path,
                            format!(
                                "the published statistics give `{centre}` no statistical neighbours"
                            ),
                        )
                        .at_position(at(centre))
                        .with_help("add a dataset with a comparator group to indicators/, or list the authorities with `authority: [...]`"),
                    ),
                }
            }
            if limit.authority.is_empty() && limit.neighbours_of.is_none() {
                diagnostics.push(
                    Diagnostic::error(path, "`for_each` names no authorities")
                        .at_position(at(""))
                        .with_help("write `for_each: authority` for every authority, `for_each: {authority: [sutton, gateshead]}` for a list, or `for_each: {neighbours_of: sutton}`"),
                );
            }
            let mut seen = BTreeSet::new();
            list.retain(|a| seen.insert(*a));
            list
        }
    }
}

fn build_pack(
    index: usize,
    checked: &Checked,
    context: &Context<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<Pack> {
    let file = &checked.files[index];
    let path = &file.source.path;
    let slug = slug_of(file);
    let mut briefings = Vec::new();
    for name in &file.front.pack {
        let wanted = slugify(name.trim_end_matches(".md"));
        let found: Vec<usize> = checked
            .briefings
            .iter()
            .enumerate()
            .filter(|(_, b)| slug_of(&checked.files[b.file]) == wanted)
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            let withheld = checked.withheld.iter().any(|w| {
                w.file_stem()
                    .is_some_and(|s| slugify(&s.to_string_lossy()) == wanted)
            });
            if withheld {
                diagnostics.push(
                    Diagnostic::warning(
                        path,
                        format!(
                            "the pack leaves out `{name}`, which is not for the {} audience",
                            context.audience
                        ),
                    )
                    .at_position(yaml::locate_value(&file.source.text, "pack", name, 1))
                    .with_help("a pack for this audience can only join briefings for it"),
                );
                continue;
            }
            let known: Vec<String> = checked
                .files
                .iter()
                .filter(|f| f.front.pack.is_empty())
                .map(slug_of)
                .collect();
            diagnostics.push(unknown_reference(
                path,
                yaml::locate_value(&file.source.text, "pack", name, 1),
                "briefing",
                name,
                known.iter().map(String::as_str),
            ));
        }
        briefings.extend(found);
    }
    Some(Pack {
        file: index,
        marking: marking_of(&file.front, context),
        front: file.front.clone(),
        output_path: layout::briefing_path(&slug),
        pdf_path: layout::briefing_pdf_path(&slug, None),
        briefings,
    })
}
