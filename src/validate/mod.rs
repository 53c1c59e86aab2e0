//! Validate stage: check what was loaded against itself (references, duplicates, formats) and
//! assemble the [`Project`] the later stages work from, with every reference resolved to an
//! index so nothing downstream looks anything up by name again.

pub mod briefings;
pub mod cases;
pub mod directives;
mod entities;
mod outputs;
mod pages;
pub mod published;
mod reuse;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use time::Date;

use crate::analyse::data::{CaseBook, CaseData};
use crate::analyse::disclosure::Rule;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{Asset, Loaded, LoadedPage, LoadedSchema, RawTable, SourceFile, TemplateSource};
use crate::model::{Audience, AuditMeta, AuthorityMeta, PageKind, SiteConfig};
use crate::yaml;

pub use reuse::DatasetCache;

/// Settings of one validation run that do not come from the content.
#[derive(Debug, Clone, Copy)]
pub struct ValidateOptions<'a> {
    /// Dates after this are errors (an audit period cannot have ended in the future).
    pub today: Date,
    /// Overrides the audience in site.yaml.
    pub audience: Option<Audience>,
    /// Datasets read by an earlier build of this process, to reuse where unchanged.
    pub reuse: Option<&'a DatasetCache>,
}

#[derive(Debug, Clone)]
pub struct Authority {
    pub slug: String,
    pub meta: AuthorityMeta,
    pub source: SourceFile,
    pub output_path: String,
    /// Audits that cover this authority (its own first, then those it was a partner in).
    pub audits: Vec<usize>,
    /// Narrative pages about this authority.
    pub pages: Vec<usize>,
    /// Known only from published statistics: no folder of its own in the content.
    pub published_only: bool,
}

#[derive(Debug, Clone)]
pub struct Audit {
    /// `authority/audit`, as pages and directives refer to it.
    pub id: String,
    pub slug: String,
    /// The authority whose folder holds the audit.
    pub lead: usize,
    /// Every authority the audit covered: the lead first, then partners.
    pub authorities: Vec<usize>,
    pub meta: AuditMeta,
    pub source: SourceFile,
    pub output_path: String,
    /// Narrative pages that refer to this audit.
    pub pages: Vec<usize>,
    /// The case file, relative to the content folder.
    pub cases_path: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub loaded: LoadedPage,
    pub output_path: String,
    /// The section (folder) the page belongs to; `None` for pages at the top of the site.
    pub section: Option<usize>,
    pub authorities: Vec<usize>,
    pub audits: Vec<usize>,
    pub tags: Vec<usize>,
    /// The charts, tables, figures and callouts in its Markdown, checked.
    pub directives: Vec<directives::PlacedDirective>,
}

impl Page {
    pub fn title(&self) -> &str {
        &self.loaded.front.title
    }
    pub fn kind(&self) -> PageKind {
        self.loaded.front.kind
    }
}

/// A folder of narrative pages, with a generated listing page.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder in the site, such as `lessons`.
    pub dir: String,
    pub title: String,
    pub output_path: String,
    /// The folder's own `index.md`, whose text opens the listing.
    pub index_page: Option<usize>,
    /// Pages directly in the folder, in reading order (weight, then date, then title).
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub slug: String,
    pub name: String,
    pub output_path: String,
    pub pages: Vec<usize>,
}

/// A checked project: everything the analyse and render stages need, with references resolved.
#[derive(Debug, Clone)]
pub struct Project {
    pub site: SiteConfig,
    pub audience: Audience,
    pub marking: String,
    /// The audience's disclosure rule, which every published figure goes through.
    pub rule: Rule,
    pub authorities: Vec<Authority>,
    pub audits: Vec<Audit>,
    /// Narrative pages, ordered by source path. Section `index.md` files are among them.
    pub pages: Vec<Page>,
    /// `index.md` at the top of the content folder: the home page's own text.
    pub home: Option<LoadedPage>,
    pub home_directives: Vec<directives::PlacedDirective>,
    /// The tables the directives need from the analysis.
    pub requests: directives::Requests,
    pub sections: Vec<Section>,
    pub tags: Vec<Tag>,
    pub templates: Vec<TemplateSource>,
    pub assets: Vec<Asset>,
    /// Files that failed to load (their problems are already reported): links to them are not
    /// reported again.
    pub failed: BTreeSet<PathBuf>,
    /// Pages restricted to other audiences: left out of this build, and links to them too.
    pub withheld: BTreeSet<PathBuf>,
    /// Briefing files, as written: the briefings and packs point into them.
    pub briefing_files: Vec<crate::load::LoadedBriefing>,
    /// Briefings for Members, in reading order (weight, then newest first).
    pub briefings: Vec<briefings::Briefing>,
    pub packs: Vec<briefings::Pack>,
    /// Published statistics and the comparisons they allow.
    pub published: published::Published,
}

/// Checks `loaded` and builds the project, with the checked case data of each audit kept apart
/// in the [`CaseBook`]. The project is built even when there are problems (leaving out what is
/// broken), so the later stages can find theirs too; the diagnostics returned include those of
/// loading.
pub fn validate(loaded: Loaded, options: ValidateOptions) -> (Project, CaseBook, Diagnostics) {
    let mut diagnostics = loaded.diagnostics;
    let mut failed = loaded.failed;
    check_site(&loaded.site, &loaded.site_source, &mut diagnostics);

    let authorities = entities::build_authorities(loaded.authorities, &mut diagnostics);
    let authority_index: BTreeMap<&str, usize> = authorities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), i))
        .collect();
    let (audits, raw_cases): (Vec<Audit>, Vec<Option<RawTable>>) = entities::build_audits(
        loaded.audits,
        &authority_index,
        &mut failed,
        options.today,
        &mut diagnostics,
    )
    .into_iter()
    .unzip();
    let case_ids = case_ids(&audits, &raw_cases, &loaded.schemas);
    let (cases, fields) = check_cases(
        &audits,
        raw_cases,
        &loaded.schemas,
        options.today,
        &mut diagnostics,
    );
    check_static_files(&loaded.assets, &case_ids, &audits, &mut diagnostics);
    drop(case_ids);

    let mut authorities = authorities;
    let published = published::check(
        published::Inputs {
            datasets: loaded.datasets,
            comparators: loaded.comparators,
            taxonomy: loaded.taxonomy,
            rules: loaded.comparison_rules,
        },
        &mut authorities,
        &audits,
        options.reuse,
        &mut diagnostics,
    );
    let (home, page_sources): (Vec<LoadedPage>, Vec<LoadedPage>) = loaded
        .pages
        .into_iter()
        .partition(|p| p.source.path == Path::new("index.md"));
    let mut pages = pages::build_pages(
        page_sources,
        &authorities,
        &audits,
        &failed,
        &mut diagnostics,
    );
    let catalogue = directives::Catalogue {
        audits: &audits,
        authorities: &authorities,
        published: &published,
        fields: &fields,
        each_authority: None,
    };
    let mut requests = directives::Requests::default();
    let mut found = Vec::new();
    for page in &mut pages {
        page.directives = page_directives(&page.loaded, &catalogue, &mut found);
        page.directives.iter().for_each(|d| requests.add(d));
    }
    let home = home.into_iter().next();
    let home_directives = home
        .as_ref()
        .map(|h| page_directives(h, &catalogue, &mut found))
        .unwrap_or_default();
    home_directives.iter().for_each(|d| requests.add(d));
    diagnostics.extend(found);
    let audience = options.audience.unwrap_or(loaded.site.audience);
    let withheld: BTreeSet<PathBuf> = pages
        .iter()
        .filter(|p| {
            !p.loaded.front.audiences.is_empty() && !p.loaded.front.audiences.contains(&audience)
        })
        .map(|p| p.loaded.source.path.clone())
        .collect();
    pages.retain(|p| !withheld.contains(&p.loaded.source.path));
    let sections = outputs::build_sections(&mut pages);
    let tags = pages::build_tags(&mut pages);
    let rule_override = loaded.site.audiences.get(audience);
    let rule = audience_rule(
        audience,
        rule_override,
        &loaded.site_source,
        &mut diagnostics,
    );
    let marking = loaded
        .site
        .protective_marking
        .clone()
        .or_else(|| rule_override.and_then(|o| o.marking.clone()))
        .unwrap_or_else(|| audience.default_marking().to_string());

    let briefings = briefings::check(
        loaded.briefings,
        &briefings::Context {
            audience,
            marking: &marking,
            catalogue: &catalogue,
        },
        &mut requests,
        &mut diagnostics,
    );
    let mut withheld = withheld;
    withheld.extend(briefings.withheld);

    let mut project = Project {
        audience,
        marking,
        rule,
        site: loaded.site,
        authorities,
        audits,
        pages,
        home,
        home_directives,
        requests,
        sections,
        tags,
        templates: loaded.templates,
        assets: loaded.assets,
        failed,
        withheld,
        briefing_files: briefings.files,
        briefings: briefings.briefings,
        packs: briefings.packs,
        published,
    };
    link_back(&mut project);
    outputs::check_collisions(&project, &mut diagnostics);

    (project, cases, diagnostics)
}

/// Every audit's case ids, to make sure none is published by another way in.
fn case_ids(
    audits: &[Audit],
    raw: &[Option<RawTable>],
    schemas: &[LoadedSchema],
) -> Vec<Vec<String>> {
    audits
        .iter()
        .zip(raw)
        .map(|(audit, table)| {
            let mut ignored = Vec::new();
            let (Some(table), Some(fields)) = (
                table,
                cases::resolve_fields(&audit.meta, &audit.source, schemas, &mut ignored),
            ) else {
                return Vec::new();
            };
            let columns: Vec<usize> = fields
                .iter()
                .filter(|f| f.spec.kind == crate::model::FieldType::Id)
                .filter_map(|f| table.header.iter().position(|h| h == &f.spec.name))
                .collect();
            table
                .rows
                .iter()
                .flat_map(|row| columns.iter().filter_map(|&c| row.cells.get(c)))
                // Ids too short to tell apart from ordinary numbers and words are not looked for.
                .filter(|id| id.chars().count() >= 4)
                .cloned()
                .collect()
        })
        .collect()
}

/// A file in `static/` is published as it is: one holding any case id (a case file dropped in
/// by mistake, a spreadsheet of records) is refused, naming it.
fn check_static_files(
    assets: &[Asset],
    case_ids: &[Vec<String>],
    audits: &[Audit],
    diagnostics: &mut Diagnostics,
) {
    let patterns: Vec<(&str, usize)> = case_ids
        .iter()
        .enumerate()
        .flat_map(|(a, ids)| ids.iter().map(move |id| (id.as_str(), a)))
        .collect();
    if patterns.is_empty() {
        return;
    }
    let Ok(finder) = aho_corasick::AhoCorasick::new(patterns.iter().map(|(id, _)| id)) else {
        return;
    };
    for asset in assets
        .iter()
        .filter(|a| a.output_path.starts_with("static/"))
    {
        let bytes = &asset.bytes;
        let whole_word = |start: usize, end: usize| {
            let before = start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(end).copied();
            let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
            !word(before) && !word(after)
        };
        let found: Vec<usize> = finder
            .find_overlapping_iter(bytes)
            .filter(|m| whole_word(m.start(), m.end()))
            .map(|m| patterns[m.pattern().as_usize()].1)
            .collect();
        let Some(&audit) = found.first() else {
            continue;
        };
        diagnostics.push(
            Diagnostic::error(
                &asset.output_path,
                format!(
                    "this file holds case ids of the audit `{}` ({} of them), and static files are published as they are",
                    audits[audit].id,
                    found.len()
                ),
            )
            .with_help("take it out of static/: case records never leave the authority, only the tables made from them"),
        );
    }
}

/// The fields the analysis derives from recorded ones, so directives may name them too.
fn with_derived_fields(mut fields: Vec<cases::ResolvedField>) -> Vec<cases::ResolvedField> {
    let has_social_worker = fields.iter().any(|f| {
        f.spec.role == Some(crate::model::FieldRole::Services)
            && f.categories
                .iter()
                .any(|c| c.code == crate::codes::SOCIAL_WORKER)
    });
    if has_social_worker {
        fields.push(cases::ResolvedField {
            spec: crate::model::FieldSpec::plain(
                crate::analyse::mns::ONLY_A_SOCIAL_WORKER,
                "Only a social worker as their service",
                crate::model::FieldType::YesNo,
            ),
            categories: Vec::new(),
        });
    }
    fields
}

/// The checked directives of a page's body.
fn page_directives(
    page: &LoadedPage,
    catalogue: &directives::Catalogue<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<directives::PlacedDirective> {
    let place = directives::Place {
        file: &page.source.path,
        file_text: &page.source.text,
        start: page.body_start,
    };
    directives::check(page.body(), &place, catalogue, diagnostics)
}

/// Checks every audit's case file against its schema, in parallel, and checks that the file
/// holds as many children as the audit says it sampled.
fn check_cases(
    audits: &[Audit],
    raw: Vec<Option<RawTable>>,
    schemas: &[LoadedSchema],
    today: Date,
    diagnostics: &mut Diagnostics,
) -> (CaseBook, Vec<Option<Vec<cases::ResolvedField>>>) {
    type Checked = (
        Option<CaseData>,
        Option<Vec<cases::ResolvedField>>,
        Vec<Diagnostic>,
    );
    let results: Vec<Checked> = audits
        .par_iter()
        .zip(raw.into_par_iter())
        .map(|(audit, table)| {
            let mut problems = Vec::new();
            let fields = cases::resolve_fields(&audit.meta, &audit.source, schemas, &mut problems);
            let data = match (&fields, &table) {
                (Some(fields), Some(table)) => {
                    let data = cases::type_cases(table, &audit.cases_path, fields, today, &mut problems);
                    if table.rows.len() != audit.meta.sample_size as usize {
                        let file_name = audit.cases_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                        problems.push(
                            Diagnostic::error(
                                &audit.source.path,
                                format!("sample_size is {} but {file_name} has {} children", audit.meta.sample_size, table.rows.len()),
                            )
                            .at_position(yaml::locate_value(&audit.source.text, "sample_size", &audit.meta.sample_size.to_string(), 1))
                            .with_help("correct sample_size, or add the missing case records (one row per child)"),
                        );
                    }
                    data
                }
                _ => None,
            };
            (data, fields.map(with_derived_fields), problems)
        })
        .collect();
    let mut book = CaseBook::default();
    let mut all_fields = Vec::new();
    // A schema that does not exist is one problem, however many audits name it: reported at
    // the first audit, with how many others name it too.
    let mut missing_schemas: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for (data, fields, problems) in results {
        for problem in problems {
            if problem.message.starts_with("there is no schema `") {
                missing_schemas
                    .entry(problem.message.clone())
                    .or_default()
                    .push(problem);
            } else {
                diagnostics.push(problem);
            }
        }
        book.audits.push(data);
        all_fields.push(fields);
    }
    for (_, mut named_by) in missing_schemas {
        let others = named_by.len() - 1;
        let mut first = named_by.remove(0);
        if others > 0 {
            first.help = Some(format!(
                "{}; {others} other {} too",
                first.help.unwrap_or_default(),
                if others == 1 {
                    "audit names it"
                } else {
                    "audits name it"
                }
            ));
        }
        diagnostics.push(first);
    }
    (book, all_fields)
}

fn check_site(site: &SiteConfig, source: &SourceFile, diagnostics: &mut Diagnostics) {
    let at = |key: &str, value: &str| yaml::locate_value(&source.text, key, value, 1);
    if site.title.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(&source.path, "the site title is empty")
                .at_position(at("title", ""))
                .with_help("give the site a title, such as `title: Children's services audits`"),
        );
    }
    if let Some(marking) = &site.protective_marking
        && !is_marking(marking)
    {
        diagnostics.push(
            Diagnostic::error(&source.path, format!("`{marking}` is not a protective marking"))
                .at_position(at("protective_marking", marking))
                .with_help("write the marking in capitals, as the Government Security Classifications do: OFFICIAL or OFFICIAL-SENSITIVE"),
        );
    }
    if site.contact.as_deref().is_none_or(|c| c.trim().is_empty()) && !source.text.is_empty() {
        diagnostics.push(
            Diagnostic::warning(&source.path, "site.yaml gives no `contact`")
                .with_help("the accessibility statement must say whom to tell about a problem: add `contact: the Quality Assurance team, qa@example.gov.uk` (a team, not a person)"),
        );
    }
    if let Some(url) = &site.base_url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        diagnostics.push(
            Diagnostic::error(&source.path, format!("`{url}` is not a web address"))
                .at_position(at("base_url", url))
                .with_help("write the full address, such as `https://intranet.example.gov.uk/audits/`, or leave base_url out"),
        );
    }
}

/// The audience's disclosure rule: the default, or site.yaml's. A rule weaker than the default
/// for members or the public is refused unless site.yaml accepts it in so many words, and then
/// every build warns about it.
fn audience_rule(
    audience: Audience,
    given: Option<&crate::model::AudienceRuleOverride>,
    source: &SourceFile,
    diagnostics: &mut Diagnostics,
) -> Rule {
    let suppress_up_to = given
        .and_then(|o| o.suppress_up_to)
        .unwrap_or(audience.default_suppress_up_to());
    let min_for_summary = given
        .and_then(|o| o.min_for_summary)
        .unwrap_or(audience.default_min_for_summary());
    let rule = Rule {
        suppress_up_to: u64::from(suppress_up_to),
        min_for_summary: u64::from(min_for_summary),
    };
    let weaker: Vec<String> = [
        (
            "suppress_up_to",
            suppress_up_to,
            audience.default_suppress_up_to(),
        ),
        (
            "min_for_summary",
            min_for_summary,
            audience.default_min_for_summary(),
        ),
    ]
    .iter()
    .filter(|(_, value, default)| value < default)
    .map(|(key, value, default)| format!("{key}: {value} (the default is {default})"))
    .collect();
    if weaker.is_empty() {
        return rule;
    }
    let at = given.and_then(|_| {
        let (key, value) = if suppress_up_to < audience.default_suppress_up_to() {
            ("suppress_up_to", suppress_up_to)
        } else {
            ("min_for_summary", min_for_summary)
        };
        yaml::locate_value(&source.text, key, &value.to_string(), 1)
    });
    let what = format!(
        "the {audience} audience's rule is weaker than the default: {}",
        weaker.join(", ")
    );
    if given.is_some_and(|o| o.accept_weaker_rule) {
        diagnostics.push(
            Diagnostic::warning(&source.path, format!("{what}; small numbers may be published"))
                .at_position(at)
                .with_help("site.yaml accepts this with `accept_weaker_rule: true`; remove the override to protect small numbers as official statistics do"),
        );
        return rule;
    }
    diagnostics.push(
        Diagnostic::error(&source.path, what)
            .at_position(at)
            .with_help(format!(
                "a weaker rule can let a reader identify a child; if you must, add `accept_weaker_rule: true` beside it under `audiences: {audience}:` in site.yaml"
            )),
    );
    Rule {
        suppress_up_to: u64::from(audience.default_suppress_up_to()),
        min_for_summary: u64::from(audience.default_min_for_summary()),
    }
}

/// Markings are printed in page margins and headers: capitals, digits, spaces and hyphens only.
fn is_marking(text: &str) -> bool {
    !text.trim().is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == ' ' || c == '-')
}

/// Fills the back-references: an authority's audits and pages, an audit's pages.
fn link_back(project: &mut Project) {
    for (audit_index, audit) in project.audits.iter().enumerate() {
        for &a in &audit.authorities {
            project.authorities[a].audits.push(audit_index);
        }
    }
    let leads: Vec<String> = project
        .audits
        .iter()
        .map(|a| project.authorities[a.lead].slug.clone())
        .collect();
    // An authority lists its own audits first, then those it joined; each in id order.
    for authority in &mut project.authorities {
        authority
            .audits
            .sort_by_key(|&i| (leads[i] != authority.slug, project.audits[i].id.clone()));
    }
    for (page_index, page) in project.pages.iter().enumerate() {
        for &a in &page.authorities {
            project.authorities[a].pages.push(page_index);
        }
        for &a in &page.audits {
            project.audits[a].pages.push(page_index);
        }
    }
}
