//! Render stage: Markdown and templates to the files of the site, in memory. Nothing here
//! reads or writes files; the write stage puts the result on disk.

mod briefings;
pub mod charts;
mod comparisons;
mod directives;
mod downloads;
mod evidence;
pub mod html;
pub mod links;
pub mod markdown;
pub mod paths;
#[cfg(feature = "pdf")]
pub mod pdf;
mod reuse;
mod search;
mod sitemap;
mod templates;
pub mod typst_markup;
mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Context;

use crate::analyse::Evidence;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::layout;
use crate::load::{Fingerprint, SourceFile};
use crate::model::PageKind;
use crate::validate::Project;
use crate::yaml;
use markdown::{LinkTarget, LinkTargets, MarkdownSource, PendingAnchor, Place, RenderedMarkdown};
use templates::Templates;
use views::{LinkRef, PageView, Views};

pub use reuse::{RenderCache, Reuse};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path in the site, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The whole site, ready to write.
#[derive(Debug, Clone, Default)]
pub struct RenderedSite {
    /// Every file, sorted by path.
    pub files: Vec<OutputFile>,
    /// How many HTML pages there are.
    pub page_count: usize,
    /// Built page -> the file it was made from, for messages about it.
    pub sources: BTreeMap<String, PathBuf>,
    /// The site's path on its server (from `base_url`), where the 404 page's links start.
    pub server_root: Option<String>,
}

/// The `##` sections a page of each kind must have, in order: (id, heading).
pub fn required_sections(kind: PageKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        PageKind::Page => &[],
        PageKind::Lessons => &[
            ("audits-done", "Audits done"),
            ("what-we-found", "What we found"),
            ("conclusions", "Conclusions"),
        ],
    }
}

/// A page to render: which template, for which thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Job {
    Home,
    AuthoritiesIndex,
    AuditsIndex,
    TagsIndex,
    NotFound,
    Search,
    Accessibility,
    Authority(usize),
    Audit(usize),
    Page(usize),
    Section(usize),
    Tag(usize),
    ComparisonsIndex,
    /// A published indicator: (dataset, indicator).
    Indicator(usize, usize),
    /// The audits of a kind side by side, by index into the evidence's kinds.
    AuditKind(usize),
    BriefingsIndex,
    Briefing(usize),
    Pack(usize),
}

/// What rendering one page produced.
#[derive(Clone)]
struct Rendered {
    file: Option<OutputFile>,
    /// Downloads that go with the page.
    extra: Vec<OutputFile>,
    /// Its entries in the search index.
    search: Vec<search::Entry>,
    diagnostics: Vec<Diagnostic>,
    pending: Vec<PendingAnchor>,
    source: PathBuf,
}

/// Renders the whole site. Problems are returned beside whatever could be rendered, so they
/// can be reported with those of earlier stages. With `reuse`, pages whose inputs have not
/// changed since the cache's last build are taken from it.
pub fn render(
    project: &Project,
    evidence: &Evidence,
    reuse: Option<Reuse<'_>>,
) -> (RenderedSite, Diagnostics) {
    let mut templates = match Templates::new(&project.templates) {
        Ok(templates) => templates,
        Err(diagnostics) => return (RenderedSite::default(), diagnostics),
    };
    let mut diagnostics = Diagnostics::new();

    let page_headings: Vec<Vec<markdown::Heading>> = project
        .pages
        .par_iter()
        .map(|p| markdown::headings(p.loaded.body()))
        .collect();
    let home_headings = project
        .home
        .as_ref()
        .map(|home| markdown::headings(home.body()))
        .unwrap_or_default();
    check_required_sections(project, &page_headings, &mut diagnostics);
    let targets = link_targets(project, &page_headings, &home_headings);

    let views = Views::new(project);
    let globals = [
        ("site", tera::Value::from_serializable(&views.site())),
        (
            "nav",
            tera::Value::from_serializable(&views.nav(has_comparisons(project, evidence))),
        ),
        (
            "authorities",
            tera::Value::from_serializable(&views.own_authority_refs()),
        ),
        (
            "other_authorities",
            tera::Value::from_serializable(&views.other_authority_refs()),
        ),
        ("audits", tera::Value::from_serializable(&views.audit_refs)),
        ("lessons", tera::Value::from_serializable(&views.lessons())),
        ("tags", tera::Value::from_serializable(&views.tag_refs)),
    ];
    for (name, value) in globals {
        templates.set_global(name, value);
    }

    let renderer = PageRenderer {
        project,
        evidence,
        templates: &templates,
        targets: &targets,
        views: &views,
        crumbs: crumb_titles(project),
    };
    let jobs = jobs(project, evidence);
    let keys: Vec<Option<Fingerprint>> = match reuse {
        Some(reuse) => {
            let mut headings: Vec<&[markdown::Heading]> =
                page_headings.iter().map(Vec::as_slice).collect();
            headings.push(&home_headings);
            let site = reuse::site_key(reuse.inputs, project, &headings);
            jobs.par_iter()
                .map(|&job| {
                    Some(reuse::page_key(
                        site,
                        reuse.inputs,
                        job,
                        &renderer.bodies_shown(job),
                    ))
                })
                .collect()
        }
        None => vec![None; jobs.len()],
    };
    let previous = reuse.map(|r| r.cache.take()).unwrap_or_default();
    let results: Vec<Arc<Rendered>> = jobs
        .par_iter()
        .zip(&keys)
        .map(|(job, key)| match (previous.get(job), key) {
            (Some((was, rendered)), Some(key)) if was == key => Arc::clone(rendered),
            _ => Arc::new(renderer.render(*job)),
        })
        .collect();
    drop(previous);
    if let Some(reuse) = reuse {
        reuse.cache.keep(
            jobs.iter()
                .zip(&keys)
                .zip(&results)
                .filter_map(|((job, key), rendered)| Some((*job, ((*key)?, Arc::clone(rendered)))))
                .collect(),
        );
    }

    let mut files = Vec::with_capacity(results.len() + project.assets.len() + 1);
    let mut pending = Vec::new();
    let mut sources: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut extra = Vec::new();
    let mut entries = Vec::new();
    for result in results {
        let result = Arc::try_unwrap(result).unwrap_or_else(|shared| (*shared).clone());
        diagnostics.extend(result.diagnostics);
        pending.extend(result.pending);
        if let Some(file) = result.file {
            sources.insert(file.path.clone(), result.source);
            files.push(file);
        }
        extra.extend(result.extra);
        entries.extend(result.search);
    }
    let page_count = files.len();
    files.extend(extra);
    files.push(OutputFile {
        path: layout::SEARCH_INDEX.to_string(),
        bytes: search::index(entries),
    });
    if let Some(base_url) = &project.site.base_url {
        files.push(OutputFile {
            path: layout::SITEMAP.to_string(),
            bytes: sitemap::sitemap(&files, base_url).into_bytes(),
        });
    }
    files.extend(project.assets.iter().map(|a| OutputFile {
        path: a.output_path.clone(),
        bytes: a.bytes.clone(),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));

    check_pending_anchors(&files, pending, &mut diagnostics);
    (
        RenderedSite {
            files,
            page_count,
            sources,
            server_root: project
                .site
                .base_url
                .as_deref()
                .map(layout::path_of_base_url),
        },
        diagnostics,
    )
}

/// The built-in link checker over a whole rendered site: every relative link and fragment must
/// lead somewhere. Worth running only on a site built without errors (a page that failed to
/// render would show up as a broken link to it).
pub fn check_links(site: &RenderedSite) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let broken = links::check(&site.files, site.server_root.as_deref());
    for (page, broken) in links::by_page(broken) {
        let source = site
            .sources
            .get(&page)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(&page));
        for link in broken {
            diagnostics.push(
                Diagnostic::error(
                    &source,
                    format!(
                        "the built page {page} links to `{}`, which leads nowhere: {}",
                        link.link, link.reason
                    ),
                )
                .with_help("if the link is in the Markdown, fix it there; otherwise the template that made it needs fixing"),
            );
        }
    }
    diagnostics
}

fn jobs(project: &Project, evidence: &Evidence) -> Vec<Job> {
    let section_indexes: BTreeSet<usize> = project
        .sections
        .iter()
        .filter_map(|s| s.index_page)
        .collect();
    let mut jobs = vec![
        Job::Home,
        Job::AuthoritiesIndex,
        Job::AuditsIndex,
        Job::TagsIndex,
        Job::NotFound,
        Job::Search,
        Job::Accessibility,
    ];
    jobs.extend((0..project.authorities.len()).map(Job::Authority));
    jobs.extend((0..project.audits.len()).map(Job::Audit));
    jobs.extend(
        (0..project.pages.len())
            .filter(|i| !section_indexes.contains(i))
            .map(Job::Page),
    );
    jobs.extend((0..project.sections.len()).map(Job::Section));
    jobs.extend((0..project.tags.len()).map(Job::Tag));
    if has_comparisons(project, evidence) {
        jobs.push(Job::ComparisonsIndex);
    }
    for (d, dataset) in project.published.datasets.iter().enumerate() {
        jobs.extend((0..dataset.indicators.len()).map(|i| Job::Indicator(d, i)));
    }
    jobs.extend((0..evidence.kinds.len()).map(Job::AuditKind));
    if !project.briefings.is_empty() || !project.packs.is_empty() {
        jobs.push(Job::BriefingsIndex);
    }
    jobs.extend((0..project.briefings.len()).map(Job::Briefing));
    jobs.extend((0..project.packs.len()).map(Job::Pack));
    jobs
}

/// Whether the site has anything to compare: published indicators, or audits side by side.
fn has_comparisons(project: &Project, evidence: &Evidence) -> bool {
    !project.published.datasets.is_empty() || !evidence.kinds.is_empty()
}

fn check_required_sections(
    project: &Project,
    headings: &[Vec<markdown::Heading>],
    diagnostics: &mut Diagnostics,
) {
    for (page, headings) in project.pages.iter().zip(headings) {
        let required = required_sections(page.kind());
        let found: Vec<&str> = headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| h.id.as_str())
            .collect();
        let mut last = 0;
        for (id, title) in required {
            match found.iter().position(|f| f == id) {
                Some(at) if at >= last => last = at,
                Some(_) => diagnostics.push(
                    Diagnostic::error(
                        &page.loaded.source.path,
                        format!("the section `## {title}` is out of order"),
                    )
                    .at(page.loaded.body_line, None)
                    .with_help(sections_help(required)),
                ),
                None => diagnostics.push(
                    Diagnostic::error(
                        &page.loaded.source.path,
                        format!("a lessons page needs a `## {title}` section"),
                    )
                    .at(page.loaded.body_line, None)
                    .with_help(sections_help(required)),
                ),
            }
        }
    }
}

fn sections_help(required: &[(&str, &str)]) -> String {
    let list: Vec<String> = required.iter().map(|(_, t)| format!("`## {t}`")).collect();
    format!(
        "give the page these sections, in this order: {}",
        list.join(", ")
    )
}

/// Everything an `@/` link may name: pages (with their headings), authorities and audits (by
/// their YAML file or folder), section folders and static files.
fn link_targets(
    project: &Project,
    page_headings: &[Vec<markdown::Heading>],
    home_headings: &[markdown::Heading],
) -> LinkTargets {
    let mut targets = LinkTargets::default();
    let anchors = |headings: &[markdown::Heading]| {
        let mut set: BTreeSet<String> = headings.iter().map(|h| h.id.clone()).collect();
        set.extend(markdown::RESERVED_IDS.iter().map(|s| s.to_string()));
        Some(set)
    };
    for (page, headings) in project.pages.iter().zip(page_headings) {
        targets.insert(
            &page.loaded.source.path,
            LinkTarget {
                output_path: page.output_path.clone(),
                anchors: anchors(headings),
            },
        );
    }
    if project.home.is_some() {
        targets.insert(
            "index.md",
            LinkTarget {
                output_path: layout::HOME.into(),
                anchors: anchors(home_headings),
            },
        );
    }
    let template_made = |output_path: &str| LinkTarget {
        output_path: output_path.to_string(),
        anchors: None,
    };
    for a in &project.authorities {
        targets.insert(&a.source.path, template_made(&a.output_path));
        targets.insert(
            format!("authorities/{}", a.slug),
            template_made(&a.output_path),
        );
    }
    for a in &project.audits {
        targets.insert(&a.source.path, template_made(&a.output_path));
        targets.insert(
            a.source.path.parent().unwrap_or(Path::new("")),
            template_made(&a.output_path),
        );
    }
    for s in project.sections.iter().filter(|s| s.index_page.is_none()) {
        targets.insert(&s.dir, template_made(&s.output_path));
    }
    targets.insert("authorities", template_made(layout::AUTHORITIES_INDEX));
    for failed in &project.failed {
        targets.insert_unavailable(failed);
    }
    for withheld in &project.withheld {
        targets.insert_withheld(withheld);
    }
    for asset in &project.assets {
        targets.insert(&asset.output_path, template_made(&asset.output_path));
    }
    targets
}

/// Site folder -> the page that stands for it in breadcrumbs.
fn crumb_titles(project: &Project) -> BTreeMap<String, LinkRef> {
    let mut crumbs = BTreeMap::new();
    let mut add = |path: &str, title: &str| {
        crumbs.insert(
            layout::dir_of(path).to_string(),
            LinkRef {
                title: title.to_string(),
                path: path.to_string(),
            },
        );
    };
    add(layout::HOME, "Home");
    add(layout::AUTHORITIES_INDEX, "Authorities");
    add(layout::AUDITS_INDEX, "Audits");
    add(layout::TAGS_INDEX, "Tags");
    add(layout::COMPARISONS_INDEX, "Comparisons");
    add(layout::BRIEFINGS_INDEX, "Briefings");
    for a in &project.authorities {
        add(&a.output_path, &a.meta.name);
    }
    for a in &project.audits {
        add(&a.output_path, &a.meta.title);
    }
    for s in &project.sections {
        add(&s.output_path, &s.title);
    }
    for t in &project.tags {
        add(&t.output_path, &t.name);
    }
    crumbs
}

fn check_pending_anchors(
    files: &[OutputFile],
    pending: Vec<PendingAnchor>,
    diagnostics: &mut Diagnostics,
) {
    if pending.is_empty() {
        return;
    }
    let by_path: BTreeMap<&str, &OutputFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    for p in pending {
        let html = by_path
            .get(p.target_output.as_str())
            .map(|f| String::from_utf8_lossy(&f.bytes));
        let found = html
            .as_deref()
            .is_some_and(|h| links::ids(h).contains(p.anchor.as_str()));
        if !found {
            let known: Vec<String> = html
                .as_deref()
                .map(|h| links::ids(h).into_iter().map(String::from).collect())
                .unwrap_or_default();
            let refs: Vec<&str> = known.iter().map(String::as_str).collect();
            let help = match yaml::closest(&p.anchor, &refs) {
                Some(best) => format!("did you mean `#{best}`?"),
                None => format!("the ids on that page are: {}", known.join(", ")),
            };
            diagnostics.push(
                Diagnostic::error(
                    &p.file,
                    format!(
                        "the link `{}` leads nowhere: the page has no `#{}`",
                        p.written, p.anchor
                    ),
                )
                .at(p.position.line, Some(p.position.column))
                .with_help(help),
            );
        }
    }
}

struct PageRenderer<'a> {
    project: &'a Project,
    evidence: &'a Evidence,
    templates: &'a Templates,
    targets: &'a LinkTargets,
    views: &'a Views<'a>,
    crumbs: BTreeMap<String, LinkRef>,
}

impl PageRenderer<'_> {
    /// The Markdown bodies (by source path) a page shows; it depends on no other body but
    /// through the headings and requests every page's key covers.
    fn bodies_shown(&self, job: Job) -> Vec<&Path> {
        let project = self.project;
        match job {
            Job::Home => project
                .home
                .iter()
                .map(|h| h.source.path.as_path())
                .collect(),
            Job::Page(i) => vec![project.pages[i].loaded.source.path.as_path()],
            Job::Section(i) => project.sections[i]
                .index_page
                .map(|p| project.pages[p].loaded.source.path.as_path())
                .into_iter()
                .collect(),
            Job::BriefingsIndex | Job::Briefing(_) | Job::Pack(_) => project
                .briefing_files
                .iter()
                .map(|f| f.source.path.as_path())
                .collect(),
            Job::AuthoritiesIndex
            | Job::AuditsIndex
            | Job::TagsIndex
            | Job::NotFound
            | Job::Search
            | Job::Accessibility
            | Job::Authority(_)
            | Job::Audit(_)
            | Job::Tag(_)
            | Job::ComparisonsIndex
            | Job::Indicator(..)
            | Job::AuditKind(_) => Vec::new(),
        }
    }

    fn render(&self, job: Job) -> Rendered {
        let project = self.project;
        let mut state = directives::PageState::default();
        let markdown_of = |text: &str,
                           source: MarkdownSource<'_>,
                           found: &[crate::validate::directives::PlacedDirective],
                           state: &mut directives::PageState|
         -> RenderedMarkdown {
            let expander = directives::Expander {
                project,
                evidence: self.evidence,
                templates: self.templates,
                targets: self.targets,
                page_output: source.page_output,
            };
            expander.markdown(state, text, source, found)
        };
        // The `summary` of an authority or audit: Markdown without directives, in its YAML file.
        let summary_of = |summary: Option<&str>,
                          file: &SourceFile,
                          output: &str,
                          state: &mut directives::PageState|
         -> String {
            summary.map_or_else(String::new, |text| {
                let source = yaml_value_source(
                    &file.path,
                    &file.text,
                    "summary",
                    output,
                    project.site.raw_html,
                );
                markdown_of(text, source, &[], state).html
            })
        };
        let mut context = Context::new();
        let mut extra = Vec::new();
        let (template, source, page) = match job {
            Job::Home => {
                let mut page = PageView::generated("home", &project.site.title, layout::HOME);
                if let Some(home) = &project.home {
                    let rendered = markdown_of(
                        home.body(),
                        body_source(home, layout::HOME, project.site.raw_html),
                        &project.home_directives,
                        &mut state,
                    );
                    page = page.with_markdown(&rendered);
                    page.title = home.front.title.clone();
                }
                page.description = project.site.description.clone();
                ("index.html", PathBuf::from("index.md"), page)
            }
            Job::AuthoritiesIndex => (
                "authorities.html",
                PathBuf::from("authorities"),
                PageView::generated("authorities", "Authorities", layout::AUTHORITIES_INDEX),
            ),
            Job::AuditsIndex => (
                "audits.html",
                PathBuf::from("authorities"),
                PageView::generated("audits", "Audits", layout::AUDITS_INDEX),
            ),
            Job::TagsIndex => (
                "tags.html",
                PathBuf::new(),
                PageView::generated("tags", "Tags", layout::TAGS_INDEX),
            ),
            Job::Search => (
                "search.html",
                PathBuf::new(),
                PageView::generated("search", "Search", layout::SEARCH_PAGE),
            ),
            Job::Accessibility => {
                context.insert(
                    "has_briefings",
                    &(cfg!(feature = "pdf") && !project.briefings.is_empty()),
                );
                let mut page = PageView::generated(
                    "accessibility",
                    "Accessibility statement",
                    layout::ACCESSIBILITY,
                );
                page.description = Some(
                    "The accessibility standard this site was built to meet, how it was checked and whom to tell about a problem."
                        .into(),
                );
                ("accessibility.html", PathBuf::from("site.yaml"), page)
            }
            Job::NotFound => (
                "404.html",
                PathBuf::new(),
                PageView::generated("not-found", "Page not found", layout::NOT_FOUND),
            ),
            Job::Authority(i) => {
                let a = &project.authorities[i];
                let summary = summary_of(
                    a.meta.summary.as_deref(),
                    &a.source,
                    &a.output_path,
                    &mut state,
                );
                context.insert("authority", &self.views.authority(i, summary));
                let published = comparisons::Published {
                    project,
                    evidence: self.evidence,
                };
                context.insert(
                    "comparison",
                    &published.authority_section(i, !a.published_only, &mut extra),
                );
                let mut page = PageView::generated("authority", &a.meta.name, &a.output_path);
                page.description = Some(format!(
                    "{}: audits of children's services and what they found.",
                    a.meta.name
                ));
                ("authority.html", a.source.path.clone(), page)
            }
            Job::Audit(i) => {
                let a = &project.audits[i];
                let summary = summary_of(
                    a.meta.summary.as_deref(),
                    &a.source,
                    &a.output_path,
                    &mut state,
                );
                let tables = self.audit_tables(i, &mut extra);
                context.insert("audit", &self.views.audit(i, summary, tables));
                let mut page = PageView::generated("audit", &a.meta.title, &a.output_path);
                page.description =
                    Some(format!("{}: an audit of {}.", a.meta.title, a.meta.sample));
                page.authorities = self.views.authority_links(&a.authorities);
                ("audit.html", a.source.path.clone(), page)
            }
            Job::Page(i) => {
                let p = &project.pages[i];
                let rendered = markdown_of(
                    p.loaded.body(),
                    body_source(&p.loaded, &p.output_path, project.site.raw_html),
                    &p.directives,
                    &mut state,
                );
                let kind = match p.kind() {
                    PageKind::Page => "page",
                    PageKind::Lessons => "lessons",
                };
                let mut page =
                    PageView::generated(kind, p.title(), &p.output_path).with_markdown(&rendered);
                let front = &p.loaded.front;
                page.description = front.summary.clone();
                page.date_label = front.date.map(crate::model::format_long_date);
                page.date_iso = front.date.map(crate::model::format_iso_date);
                page.speaker_role = front.speaker_role.clone();
                page.tags = self.views.tags(&p.tags);
                page.authorities = self.views.authority_links(&p.authorities);
                page.audits = self.views.audits(&p.audits);
                (
                    if kind == "lessons" {
                        "lessons.html"
                    } else {
                        "page.html"
                    },
                    p.loaded.source.path.clone(),
                    page,
                )
            }
            Job::Section(i) => {
                let s = &project.sections[i];
                let mut page = PageView::generated("section", &s.title, &s.output_path);
                let mut source = PathBuf::from(&s.dir);
                if let Some(index) = s.index_page {
                    let p = &project.pages[index];
                    let rendered = markdown_of(
                        p.loaded.body(),
                        body_source(&p.loaded, &s.output_path, project.site.raw_html),
                        &p.directives,
                        &mut state,
                    );
                    page = page.with_markdown(&rendered);
                    page.description = p.loaded.front.summary.clone();
                    source = p.loaded.source.path.clone();
                }
                context.insert("section", &self.views.section(i));
                ("section.html", source, page)
            }
            Job::ComparisonsIndex => {
                let published = comparisons::Published {
                    project,
                    evidence: self.evidence,
                };
                context.insert("comparisons", &published.index());
                let mut page =
                    PageView::generated("comparisons", "Comparisons", layout::COMPARISONS_INDEX);
                page.description = Some(
                    "Authorities compared on published statistics, and audits of the same kind side by side."
                        .into(),
                );
                ("comparisons.html", PathBuf::from("indicators"), page)
            }
            Job::Indicator(d, i) => {
                let published = comparisons::Published {
                    project,
                    evidence: self.evidence,
                };
                let view = published.indicator_page(d, i, &mut extra);
                let mut page = PageView::generated("indicator", &view.link.label, &view.link.path);
                page.description = Some(format!(
                    "{}: every authority ranked, with England and the regions.",
                    view.link.label
                ));
                context.insert("indicator", &view);
                (
                    "indicator.html",
                    project.published.datasets[d].source.clone(),
                    page,
                )
            }
            Job::AuditKind(k) => {
                let published = comparisons::Published {
                    project,
                    evidence: self.evidence,
                };
                let comparison = &self.evidence.kinds[k];
                let view = published.kind_page(comparison, &mut extra);
                let mut page = PageView::generated(
                    "audit-kind",
                    &view.title,
                    &layout::audit_kind_path(comparison.kind.name()),
                );
                page.description = Some(format!(
                    "{} side by side, on the categories of need they share.",
                    view.title
                ));
                context.insert("kind", &view);
                ("audit-kind.html", PathBuf::from("taxonomy.yaml"), page)
            }
            Job::BriefingsIndex => {
                context.insert(
                    "briefings",
                    &briefings::BriefingsIndexView::new(project, cfg!(feature = "pdf")),
                );
                let mut page =
                    PageView::generated("briefings", "Briefings", layout::BRIEFINGS_INDEX);
                page.description =
                    Some("Briefings for Members, each as a page to print and as a PDF.".into());
                ("briefings.html", PathBuf::from("briefings"), page)
            }
            Job::Briefing(i) => {
                let b = &project.briefings[i];
                let file = &project.briefing_files[b.file];
                let (content, view) = self.briefing(i, "", &b.output_path, &mut state);
                let cover = briefings::Cover::of_briefing(&content, &b.marking);
                let markup = briefings::typst::document(
                    &cover,
                    &project.site.language,
                    &[briefings::typst::briefing(
                        &content,
                        false,
                        &state.figure_notes,
                    )],
                );
                self.write_pdf(
                    &markup,
                    &b.pdf_path,
                    &file.source.path,
                    &mut extra,
                    &mut state,
                );
                context.insert("briefing", &view);
                let mut page = PageView::generated("briefing", &b.front.title, &b.output_path);
                page.description = b.front.key_messages.first().cloned();
                page.marking = b.marking.clone();
                ("briefing.html", file.source.path.clone(), page)
            }
            Job::Pack(i) => {
                let p = &project.packs[i];
                let file = &project.briefing_files[p.file];
                let members: Vec<(briefings::Briefing, briefings::BriefingView)> = p
                    .briefings
                    .iter()
                    .enumerate()
                    .map(|(n, &b)| {
                        let prefix = format!("b{}-", n + 1);
                        self.briefing(b, &prefix, &p.output_path, &mut state)
                    })
                    .collect();
                let parts: Vec<String> = members
                    .iter()
                    .map(|(content, _)| {
                        briefings::typst::briefing(content, true, &state.figure_notes)
                    })
                    .collect();
                let cover =
                    briefings::Cover::of_pack(&p.front, &p.marking, members.iter().map(|(c, _)| c));
                let markup = briefings::typst::document(&cover, &project.site.language, &parts);
                self.write_pdf(
                    &markup,
                    &p.pdf_path,
                    &file.source.path,
                    &mut extra,
                    &mut state,
                );
                let view = briefings::PackView::new(
                    &p.front,
                    &p.marking,
                    cover.facts.clone(),
                    members.into_iter().map(|(_, v)| v).collect(),
                    cfg!(feature = "pdf").then(|| layout::file_name(&p.pdf_path).to_string()),
                );
                context.insert("pack", &view);
                let mut page = PageView::generated("pack", &p.front.title, &p.output_path);
                page.marking = p.marking.clone();
                ("pack.html", file.source.path.clone(), page)
            }
            Job::Tag(i) => {
                let t = &project.tags[i];
                context.insert("tag", &self.views.tag(i));
                let page =
                    PageView::generated("tag", format!("Tagged “{}”", t.name), &t.output_path);
                ("tag.html", PathBuf::new(), page)
            }
        };
        let mut page = page;
        if page.marking.is_empty() {
            page.marking = project.marking.clone();
        }
        page.figure_notes = std::mem::take(&mut state.figure_notes);
        page.breadcrumbs = self.breadcrumbs(&page.path);
        let root = match (&job, &project.site.base_url) {
            (Job::NotFound, Some(base_url)) => layout::path_of_base_url(base_url),
            _ => layout::root_prefix(&page.path),
        };
        context.insert("root", &root);
        context.insert("page", &page);
        let file = match self.templates.render(template, &context) {
            Ok(html) => Some(OutputFile {
                path: page.path.clone(),
                bytes: html.into_bytes(),
            }),
            Err(error) => {
                state.diagnostics.push(error);
                None
            }
        };
        extra.extend(state.files);
        let search = file
            .iter()
            .chain(&extra)
            .filter_map(search::entry)
            .collect();
        Rendered {
            file,
            extra,
            search,
            diagnostics: state.diagnostics,
            pending: state.pending,
            source,
        }
    }

    /// A briefing parsed once, and its page view; `id_prefix` keeps its ids apart from those of
    /// the other briefings of a pack on the same page.
    fn briefing(
        &self,
        index: usize,
        id_prefix: &str,
        page_output: &str,
        state: &mut directives::PageState,
    ) -> (briefings::Briefing, briefings::BriefingView) {
        let project = self.project;
        let b = &project.briefings[index];
        let file = &project.briefing_files[b.file];
        let expander = directives::Expander {
            project,
            evidence: self.evidence,
            templates: self.templates,
            targets: self.targets,
            page_output,
        };
        let source = body_source(file, page_output, project.site.raw_html);
        let (mut parsed, mut expansions) =
            expander.parse(state, file.body(), &source, &b.directives);
        if let Some(a) = b.authority {
            let name = &project.authorities[a].meta.name;
            let each = crate::validate::directives::EACH_AUTHORITY;
            briefings::name_authority(&mut parsed.document, &mut expansions, name);
            for heading in &mut parsed.headings {
                heading.text = heading.text.replace(each, name);
            }
        }
        // In a pack, the briefing sits under its own title, and beside other briefings.
        if !id_prefix.is_empty() {
            parsed.document.prefix_heading_ids(id_prefix);
            parsed.document.deepen_headings();
            for heading in &mut parsed.headings {
                heading.id = format!("{id_prefix}{}", heading.id);
                heading.level = (heading.level + 1).min(6);
            }
        }
        let rendered = expander.to_html(state, &parsed, project.site.raw_html, &expansions);
        let headings = std::mem::take(&mut parsed.headings);
        let content = briefings::Briefing::new(project, b, parsed.document, expansions);
        let pdf = cfg!(feature = "pdf").then(|| layout::relative(page_output, &b.pdf_path));
        let view = briefings::BriefingView::new(
            &content,
            &b.marking,
            id_prefix,
            rendered.html,
            &headings,
            &b.output_path,
            pdf,
        );
        (content, view)
    }

    /// Typesets a briefing's or pack's PDF into `files`; a failure is an error on its file.
    fn write_pdf(
        &self,
        markup: &str,
        path: &str,
        source: &Path,
        files: &mut Vec<OutputFile>,
        state: &mut directives::PageState,
    ) {
        #[cfg(feature = "pdf")]
        match pdf::pdf(markup) {
            Ok(bytes) => files.push(OutputFile {
                path: path.to_string(),
                bytes,
            }),
            Err(messages) => {
                for message in messages {
                    state.diagnostics.push(
                        Diagnostic::error(source, format!("the PDF {path} could not be made: {message}"))
                            .with_help("every chart needs a title and a description, and headings must not skip a level: if the content has them, report this with the briefing file"),
                    );
                }
            }
        }
        #[cfg(not(feature = "pdf"))]
        let _ = (markup, path, source, files, state);
    }

    /// An audit's published tables as views, with their CSV and JSON downloads added to `files`.
    fn audit_tables(&self, index: usize, files: &mut Vec<OutputFile>) -> Vec<views::TableView> {
        let audit = &self.project.audits[index];
        let Some(evidence) = self.evidence.audit(index) else {
            return Vec::new();
        };
        let provenance = downloads::Provenance {
            audits: vec![downloads::source_audit(self.project, index)],
            audience: self.project.audience.name().to_string(),
            marking: self.project.marking.clone(),
            illustrative: audit.meta.illustrative,
        };
        let folder = layout::dir_of(&audit.output_path);
        evidence
            .tables
            .iter()
            .map(|table| {
                let csv = format!("{folder}/data/{}.csv", table.id);
                let json = format!("{folder}/data/{}.json", table.id);
                files.push(OutputFile {
                    path: csv.clone(),
                    bytes: downloads::csv(table, &provenance),
                });
                files.push(OutputFile {
                    path: json.clone(),
                    bytes: downloads::json(table, &provenance),
                });
                let mut view = views::TableView::new(table, csv, json);
                view.chart =
                    evidence::standard_chart(evidence, table).map(|chart| views::ChartView {
                        svg: evidence::chart_svg(&chart),
                        title: chart.title,
                        subtitle: chart.subtitle,
                    });
                view
            })
            .collect()
    }

    /// The pages above `path`, from the home page down, without the page itself.
    fn breadcrumbs(&self, path: &str) -> Vec<LinkRef> {
        if path == layout::HOME {
            return Vec::new();
        }
        let own_dir = layout::dir_of(path);
        let mut crumbs = Vec::new();
        let mut prefix = String::new();
        let parts: Vec<&str> = own_dir.split('/').filter(|s| !s.is_empty()).collect();
        if let Some(home) = self.crumbs.get("") {
            crumbs.push(home.clone());
        }
        for part in parts.iter().take(parts.len().saturating_sub(1)) {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if let Some(crumb) = self.crumbs.get(&prefix) {
                crumbs.push(crumb.clone());
            }
        }
        crumbs
    }
}

fn body_source<'a, Front>(
    page: &'a crate::load::LoadedDocument<Front>,
    output: &'a str,
    raw_html: crate::model::RawHtml,
) -> MarkdownSource<'a> {
    MarkdownSource {
        file: &page.source.path,
        place: Place::Within {
            file_text: &page.source.text,
            start: page.body_start,
        },
        page_output: output,
        raw_html,
    }
}

fn yaml_value_source<'a>(
    file: &'a Path,
    text: &'a str,
    key: &str,
    output: &'a str,
    raw_html: crate::model::RawHtml,
) -> MarkdownSource<'a> {
    let position = yaml::locate_value(text, key, "", 1).unwrap_or(Position { line: 1, column: 1 });
    MarkdownSource {
        file,
        place: Place::At(position),
        page_output: output,
        raw_html,
    }
}
