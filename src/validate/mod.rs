//! Validate stage: check what was loaded against itself (references, duplicates, formats) and
//! assemble the [`Project`] the later stages work from, with every reference resolved to an
//! index so nothing downstream looks anything up by name again.

pub mod cases;
pub mod directives;
mod outputs;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use time::Date;

use crate::analyse::data::{CaseBook, CaseData};
use crate::analyse::disclosure::Rule;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::layout::{self, page_output_path};
use crate::load::{
    Asset, Loaded, LoadedAudit, LoadedAuthority, LoadedPage, LoadedSchema, RawTable, SourceFile,
    TemplateSource,
};
use crate::model::{Audience, AuditMeta, AuthorityMeta, PageKind, SiteConfig};
use crate::slug::{is_slug, slugify};
use crate::yaml;

/// Settings of one validation run that do not come from the content.
#[derive(Debug, Clone, Copy)]
pub struct ValidateOptions {
    /// Dates after this are errors (an audit period cannot have ended in the future).
    pub today: Date,
    /// Overrides the audience in site.yaml.
    pub audience: Option<Audience>,
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
}

/// Checks `loaded` and builds the project, with the checked case data of each audit kept apart
/// in the [`CaseBook`]. The project is built even when there are problems (leaving out what is
/// broken), so the later stages can find theirs too; the diagnostics returned include those of
/// loading.
pub fn validate(loaded: Loaded, options: ValidateOptions) -> (Project, CaseBook, Diagnostics) {
    let mut diagnostics = loaded.diagnostics;
    let mut failed = loaded.failed;
    check_site(&loaded.site, &loaded.site_source, &mut diagnostics);

    let authorities = build_authorities(loaded.authorities, &mut diagnostics);
    let authority_index: BTreeMap<&str, usize> = authorities
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), i))
        .collect();
    let (audits, raw_cases): (Vec<Audit>, Vec<Option<RawTable>>) = build_audits(
        loaded.audits,
        &authority_index,
        &mut failed,
        options.today,
        &mut diagnostics,
    )
    .into_iter()
    .unzip();
    let (cases, fields) = check_cases(
        &audits,
        raw_cases,
        &loaded.schemas,
        options.today,
        &mut diagnostics,
    );

    let (home, page_sources): (Vec<LoadedPage>, Vec<LoadedPage>) = loaded
        .pages
        .into_iter()
        .partition(|p| p.source.path == Path::new("index.md"));
    let mut pages = build_pages(
        page_sources,
        &authorities,
        &audits,
        &failed,
        &mut diagnostics,
    );
    let catalogue = directives::Catalogue {
        audits: &audits,
        fields: &fields,
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
    let tags = build_tags(&mut pages);
    let rule_override = loaded.site.audiences.get(audience);
    let rule = Rule {
        suppress_up_to: u64::from(
            rule_override
                .and_then(|o| o.suppress_up_to)
                .unwrap_or(audience.default_suppress_up_to()),
        ),
    };
    let marking = loaded
        .site
        .protective_marking
        .clone()
        .or_else(|| rule_override.and_then(|o| o.marking.clone()))
        .unwrap_or_else(|| audience.default_marking().to_string());

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
    };
    link_back(&mut project);
    outputs::check_collisions(&project, &mut diagnostics);

    (project, cases, diagnostics)
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
            spec: crate::model::FieldSpec {
                name: crate::analyse::mns::ONLY_A_SOCIAL_WORKER.to_string(),
                label: "Only a social worker as their service".to_string(),
                kind: crate::model::FieldType::YesNo,
                required: false,
                role: None,
                codes: None,
                bands: Vec::new(),
                min: None,
                max: None,
                missing: None,
                separator: None,
            },
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
    for (data, fields, problems) in results {
        diagnostics.extend(problems);
        book.audits.push(data);
        all_fields.push(fields);
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

/// Markings are printed in page margins and headers: capitals, digits, spaces and hyphens only.
fn is_marking(text: &str) -> bool {
    !text.trim().is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == ' ' || c == '-')
}

/// The ONS codes of English local authorities: E06 unitary, E07 district, E08 metropolitan,
/// E09 London borough, E10 county; then six digits.
fn is_english_la_code(code: &str) -> bool {
    code.len() == 9
        && ["E06", "E07", "E08", "E09", "E10"].contains(&&code[..3.min(code.len())])
        && code[3..].chars().all(|c| c.is_ascii_digit())
}

fn build_authorities(
    loaded: Vec<LoadedAuthority>,
    diagnostics: &mut Diagnostics,
) -> Vec<Authority> {
    let mut by_code: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut authorities = Vec::new();
    for a in loaded {
        let file = &a.source.path;
        let at = |key: &str, value: &str| yaml::locate_value(&a.source.text, key, value, 1);
        if !is_slug(&a.slug) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!(
                        "the folder name `{}` cannot be used in web addresses",
                        a.slug
                    ),
                )
                .with_help(format!(
                    "rename the folder to `{}`: lowercase letters, digits and hyphens",
                    slugify(&a.slug)
                )),
            );
        }
        if !is_english_la_code(&a.meta.ons_code) {
            diagnostics.push(
                Diagnostic::error(file, format!("`{}` is not the ONS code of an English local authority", a.meta.ons_code))
                    .at_position(at("ons_code", &a.meta.ons_code))
                    .with_help("ONS codes are E06, E07, E08, E09 or E10 and six digits, such as E09000002 for Barking and Dagenham"),
            );
        } else if let Some(other) = by_code.get(&a.meta.ons_code) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!(
                        "the ONS code {} is also used by {}",
                        a.meta.ons_code,
                        other.display()
                    ),
                )
                .at_position(at("ons_code", &a.meta.ons_code))
                .with_help(
                    "each authority has its own code; one of the two folders is a duplicate",
                ),
            );
        } else {
            by_code.insert(a.meta.ons_code.clone(), file.clone());
        }
        if let Some(code) = a.meta.dfe_code
            && !(100..=999).contains(&code)
        {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("`{code}` is not a DfE local authority number"),
                )
                .at_position(at("dfe_code", &code.to_string()))
                .with_help("DfE numbers have three digits, such as 301 for Barking and Dagenham"),
            );
        }
        authorities.push(Authority {
            output_path: layout::authority_path(&a.slug),
            slug: a.slug,
            meta: a.meta,
            source: a.source,
            audits: Vec::new(),
            pages: Vec::new(),
        });
    }
    authorities.sort_by(|a, b| a.slug.cmp(&b.slug));
    authorities
}

fn build_audits(
    loaded: Vec<LoadedAudit>,
    authority_index: &BTreeMap<&str, usize>,
    failed: &mut BTreeSet<PathBuf>,
    today: Date,
    diagnostics: &mut Diagnostics,
) -> Vec<(Audit, Option<RawTable>)> {
    let mut audits = Vec::new();
    for mut a in loaded {
        let raw_cases = a.cases.take();
        let file = a.source.path.clone();
        let at = |key: &str, value: &str| yaml::locate_value(&a.source.text, key, value, 1);
        let Some(&lead) = authority_index.get(a.authority.as_str()) else {
            if failed.contains(&authority_file(&a.authority)) {
                // Its authority is broken (and reported): leave the audit out quietly, and
                // treat it as broken too so nothing that names it is reported again.
                failed.insert(a.source.path.clone());
                continue;
            }
            diagnostics.push(
                Diagnostic::error(&file, format!("the authority folder `authorities/{}` has no authority.yaml", a.authority))
                    .with_help("add authorities/<slug>/authority.yaml with the authority's name, ONS code, region and type"),
            );
            continue;
        };
        if !is_slug(&a.slug) {
            diagnostics.push(
                Diagnostic::error(
                    &file,
                    format!(
                        "the folder name `{}` cannot be used in web addresses",
                        a.slug
                    ),
                )
                .with_help(format!(
                    "rename the folder to `{}`: lowercase letters, digits and hyphens",
                    slugify(&a.slug)
                )),
            );
        }
        let mut covered = vec![lead];
        for partner in &a.meta.partners {
            match authority_index.get(partner.as_str()) {
                Some(&i) if covered.contains(&i) => diagnostics.push(
                    Diagnostic::error(&file, format!("`{partner}` is listed twice (the audit's own authority counts)"))
                        .at_position(at("partners", partner))
                        .with_help("list each other authority once; the authority whose folder holds the audit is included already"),
                ),
                Some(&i) => covered.push(i),
                None if failed.contains(&authority_file(partner)) => {}
                None => diagnostics.push(unknown_reference(
                    &file,
                    at("partners", partner),
                    "authority",
                    partner,
                    authority_index.keys().copied(),
                )),
            }
        }
        let period = a.meta.period;
        if period.from > period.to {
            diagnostics.push(
                Diagnostic::error(&file, "the period ends before it starts")
                    .at_position(at("period", "to"))
                    .with_help("check `from` and `to` under `period`"),
            );
        }
        if period.to > today {
            diagnostics.push(
                Diagnostic::error(&file, format!("the period ends in the future ({})", crate::model::format_iso_date(period.to)))
                    .at_position(at("period", "to"))
                    .with_help("an audit reads case files that exist: give the period the sample was drawn from"),
            );
        }
        if a.meta.sample_size == 0 {
            diagnostics.push(
                Diagnostic::error(&file, "the sample size is 0")
                    .at_position(at("sample_size", "0"))
                    .with_help("give the number of case files read"),
            );
        }
        let mut codes = BTreeSet::new();
        for group in &a.meta.need_groups {
            if group.code.trim().is_empty() {
                diagnostics.push(
                    Diagnostic::error(
                        &file,
                        format!("the need group `{}` has an empty code", group.name),
                    )
                    .at_position(at("need_groups", &group.name))
                    .with_help("give each need group the short code used in the case file"),
                );
            } else if !codes.insert(group.code.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        &file,
                        format!("the need group code `{}` is used twice", group.code),
                    )
                    .at_position(at("need_groups", &group.name))
                    .with_help("give each need group its own code"),
                );
            }
        }
        if a.meta.need_groups.is_empty() {
            diagnostics.push(
                Diagnostic::error(&file, "the audit has no need groups")
                    .at_position(at("need_groups", ""))
                    .with_help("list the need groups the panel agreed, each with a code, a name and a description"),
            );
        }
        let folder = a
            .source
            .path
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let id = format!("{}/{}", a.authority, a.slug);
        audits.push((
            Audit {
                output_path: layout::audit_path(&a.authority, &a.slug),
                cases_path: folder.join(&a.meta.cases),
                id,
                slug: a.slug,
                lead,
                authorities: covered,
                meta: a.meta,
                source: a.source,
                pages: Vec::new(),
            },
            raw_cases,
        ));
    }
    audits.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    audits
}

fn authority_file(slug: &str) -> PathBuf {
    Path::new("authorities").join(slug).join("authority.yaml")
}

/// `authority/audit` to the audit's file.
fn audit_file(id: &str) -> PathBuf {
    let (authority, audit) = id.split_once('/').unwrap_or((id, ""));
    Path::new("authorities")
        .join(authority)
        .join("audits")
        .join(audit)
        .join("audit.yaml")
}

/// An error for a name that matches nothing, suggesting the nearest name that exists.
fn unknown_reference<'a>(
    file: &Path,
    position: Option<Position>,
    what: &str,
    name: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let help = match yaml::closest(name, &known) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => format!("there is no {what} in this project yet"),
        None => format!("the {what}s in this project are: {}", known.join(", ")),
    };
    Diagnostic::error(file, format!("there is no {what} `{name}`"))
        .at_position(position)
        .with_help(help)
}

fn build_pages(
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

fn build_tags(pages: &mut [Page]) -> Vec<Tag> {
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
