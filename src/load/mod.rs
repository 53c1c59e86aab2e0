//! Load stage: walk the content folder, read every file the model knows, parse its YAML and
//! front matter. Nothing is checked against anything else here; that is the validate stage.

mod cases;
mod fingerprint;
mod front_matter;
pub mod published;
mod text;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::limits;
use crate::model::{AuditMeta, AuthorityMeta, BriefingFront, FrontMatter, SchemaFile, SiteConfig};
use crate::theme;
use crate::yaml;

pub use cases::{RawRow, RawTable, read_cases};
pub use fingerprint::{Fingerprint, Fingerprinter, InputFingerprints};
pub use text::decode_text;

/// A text file of the project, with its path relative to the content folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct LoadedAuthority {
    pub slug: String,
    pub meta: AuthorityMeta,
    pub source: SourceFile,
}

#[derive(Debug, Clone)]
pub struct LoadedAudit {
    pub authority: String,
    pub slug: String,
    pub meta: AuditMeta,
    pub source: SourceFile,
    /// The case file, relative to the content folder.
    pub cases_path: PathBuf,
    /// Its cells, if it could be read (its problem is reported otherwise).
    pub cases: Option<RawTable>,
}

/// `schemas/<name>.yaml`.
#[derive(Debug, Clone)]
pub struct LoadedSchema {
    pub name: String,
    pub schema: SchemaFile,
    pub source: SourceFile,
}

/// A Markdown file with YAML front matter: a narrative page, or a briefing.
#[derive(Debug, Clone)]
pub struct LoadedDocument<Front> {
    pub source: SourceFile,
    pub front: Front,
    /// Line of the file where the front matter YAML starts.
    pub front_line: usize,
    /// Byte offset in the file where the Markdown body starts.
    pub body_start: usize,
    /// Line of the file where the Markdown body starts.
    pub body_line: usize,
}

/// A narrative page.
pub type LoadedPage = LoadedDocument<FrontMatter>;
/// A briefing for Members, or a pack of them.
pub type LoadedBriefing = LoadedDocument<BriefingFront>;

impl<Front> LoadedDocument<Front> {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name templates use for it, such as `partials/page-list.html`.
    pub name: String,
    /// Shown in errors: `templates/x.html` in the content folder, or the theme's own path.
    pub origin: PathBuf,
    pub text: String,
}

/// A file copied into the site as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path in the site, with `/` separators.
    pub output_path: String,
    pub bytes: Vec<u8>,
}

/// Everything read from a content folder, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub site: SiteConfig,
    pub site_source: SourceFile,
    pub authorities: Vec<LoadedAuthority>,
    pub audits: Vec<LoadedAudit>,
    pub schemas: Vec<LoadedSchema>,
    pub pages: Vec<LoadedPage>,
    pub briefings: Vec<LoadedBriefing>,
    pub templates: Vec<TemplateSource>,
    pub assets: Vec<Asset>,
    pub datasets: Vec<published::LoadedDataset>,
    pub comparators: Vec<published::LoadedComparators>,
    pub taxonomy: Option<published::LoadedTaxonomy>,
    /// The project's own rules for comparison sentences, if it has them.
    pub comparison_rules: Option<SourceFile>,
    /// Every problem met while loading. Files with errors are left out of the lists above and
    /// named in `failed`, so later stages can check the rest without repeating the problem.
    pub diagnostics: Diagnostics,
    pub failed: BTreeSet<PathBuf>,
}

/// What a file in the content folder is, decided from its place alone.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Site,
    Authority {
        slug: String,
    },
    Audit {
        authority: String,
        slug: String,
    },
    Schema {
        name: String,
    },
    Dataset {
        name: String,
    },
    Comparators {
        name: String,
    },
    Taxonomy,
    ComparisonRules,
    Page,
    Briefing,
    Template {
        name: String,
    },
    Static {
        output_path: String,
    },
    /// A YAML file where none is expected: probably misnamed or misplaced.
    StrayYaml,
    /// Case data and anything else the model reads through another file, or not at all.
    Other,
}

fn role_of(relative: &Path) -> Role {
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let extension = relative.extension().and_then(|e| e.to_str()).unwrap_or("");
    match parts.as_slice() {
        ["site.yaml"] => Role::Site,
        ["authorities", slug, "authority.yaml"] => Role::Authority {
            slug: slug.to_string(),
        },
        ["authorities", authority, "audits", slug, "audit.yaml"] => Role::Audit {
            authority: authority.to_string(),
            slug: slug.to_string(),
        },
        ["schemas", file] if extension == "yaml" => Role::Schema {
            name: file.trim_end_matches(".yaml").to_string(),
        },
        ["indicators", file] if extension == "yaml" => Role::Dataset {
            name: file.trim_end_matches(".yaml").to_string(),
        },
        ["comparators", file] if extension == "yaml" => Role::Comparators {
            name: file.trim_end_matches(".yaml").to_string(),
        },
        ["taxonomy.yaml"] => Role::Taxonomy,
        ["comparison-rules.yaml"] => Role::ComparisonRules,
        ["templates", rest @ ..] if !rest.is_empty() => Role::Template {
            name: rest.join("/"),
        },
        ["static", rest @ ..] if !rest.is_empty() => Role::Static {
            output_path: parts.join("/"),
        },
        ["briefings", _] if extension == "md" => Role::Briefing,
        _ if extension == "md" => Role::Page,
        _ if extension == "yaml" || extension == "yml" => Role::StrayYaml,
        _ => Role::Other,
    }
}

/// Files people's tools leave behind: hidden files, Office lock files, editor backups.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$") || name.ends_with('~')
}

enum Item {
    Site(SiteConfig, SourceFile),
    Authority(LoadedAuthority),
    /// An audit, and the problem with its case file if there is one.
    Audit(Box<LoadedAudit>, Option<Diagnostic>),
    Schema(LoadedSchema),
    Dataset(Box<published::LoadedDataset>),
    Comparators(published::LoadedComparators),
    Taxonomy(published::LoadedTaxonomy),
    Rules(SourceFile),
    Page(LoadedPage),
    Briefing(Box<LoadedBriefing>),
    Template(TemplateSource),
    Asset(Asset),
    Warning(Diagnostic),
}

/// Reads the content folder at `root`. Fails only when there is no folder to read; problems
/// with files in it are listed in [`Loaded::diagnostics`].
pub fn load(root: &Path) -> Result<Loaded, Diagnostics> {
    if !root.is_dir() {
        return Err(Diagnostic::error(
            "",
            format!("there is no content folder at {}", root.display()),
        )
        .with_help("pass the folder with --content, or create a project with `auditpress init DIR`")
        .into());
    }
    let mut diagnostics = Diagnostics::new();
    let files = walk(root, &mut diagnostics);
    let items: Vec<(&PathBuf, Result<Option<Item>, Diagnostic>)> = files
        .par_iter()
        .map(|(relative, role)| (relative, load_file(root, relative, role)))
        .collect();
    let mut failed = BTreeSet::new();

    let mut site = None;
    let mut authorities = Vec::new();
    let mut audits = Vec::new();
    let mut schemas = Vec::new();
    let mut pages = Vec::new();
    let mut briefings = Vec::new();
    let mut datasets = Vec::new();
    let mut comparators = Vec::new();
    let mut taxonomy = None;
    let mut comparison_rules = None;
    let mut templates = theme_templates();
    let mut assets: Vec<Asset> = theme::ASSETS
        .iter()
        .map(|(path, bytes)| Asset {
            output_path: path.to_string(),
            bytes: bytes.to_vec(),
        })
        .collect();
    for (relative, item) in items {
        if item.is_err() {
            failed.insert(relative.clone());
        }
        match item {
            Ok(Some(Item::Site(config, source))) => site = Some((config, source)),
            Ok(Some(Item::Authority(a))) => authorities.push(a),
            Ok(Some(Item::Audit(a, problem))) => {
                if let Some(problem) = problem {
                    failed.insert(a.cases_path.clone());
                    diagnostics.push(problem);
                }
                audits.push(*a);
            }
            Ok(Some(Item::Schema(s))) => schemas.push(s),
            Ok(Some(Item::Dataset(d))) => datasets.push(*d),
            Ok(Some(Item::Comparators(c))) => comparators.push(c),
            Ok(Some(Item::Taxonomy(t))) => taxonomy = Some(t),
            Ok(Some(Item::Rules(r))) => comparison_rules = Some(r),
            Ok(Some(Item::Page(p))) => pages.push(p),
            Ok(Some(Item::Briefing(b))) => briefings.push(*b),
            Ok(Some(Item::Template(t))) => override_template(&mut templates, t),
            Ok(Some(Item::Asset(a))) => assets.push(a),
            Ok(Some(Item::Warning(w))) | Err(w) => diagnostics.push(w),
            Ok(None) => {}
        }
    }
    if !files.iter().any(|(_, role)| *role == Role::Site) {
        diagnostics.push(
            Diagnostic::error("site.yaml", "the content folder has no site.yaml")
                .with_help("create site.yaml with at least a line `title: ...`"),
        );
    }
    // Without a usable site.yaml (its problem is listed), carry on with an untitled site so
    // the rest of the content is still checked.
    let (site, site_source) = site.unwrap_or_else(|| {
        (
            SiteConfig::untitled(),
            SourceFile {
                path: PathBuf::from("site.yaml"),
                text: String::new(),
            },
        )
    });
    Ok(Loaded {
        site,
        site_source,
        authorities,
        audits,
        schemas,
        pages,
        briefings,
        templates,
        assets,
        datasets,
        comparators,
        taxonomy,
        comparison_rules,
        diagnostics,
        failed,
    })
}

/// SHA-256 over every file the content folder holds (the files a build would read), each by its
/// path and bytes, in path order: a fingerprint of what a build was made from.
pub fn inputs_digest(root: &Path) -> Result<String, Diagnostics> {
    use sha2::{Digest, Sha256};
    let mut diagnostics = Diagnostics::new();
    let files = walk(root, &mut diagnostics);
    let mut hasher = Sha256::new();
    for (relative, _) in &files {
        let path = root.join(relative);
        let bytes = fs::read(&path).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                relative,
                format!("cannot read the file: {e}"),
            ))
        })?;
        let name = relative.to_string_lossy().replace('\\', "/");
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The files of the content folder, in a stable order. Links are followed only to files and
/// folders inside the content folder; a link that leads out of it, or nowhere, is an error
/// naming it, so nothing outside the folder a user chose is read or published.
fn walk(root: &Path, diagnostics: &mut Diagnostics) -> Vec<(PathBuf, Role)> {
    let inside = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let relative_of = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut links = Vec::new();
    let mut files = Vec::new();
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() > 0 && is_ignored(&entry.file_name().to_string_lossy()) {
                return false;
            }
            if !entry.path_is_symlink() {
                return true;
            }
            match fs::canonicalize(entry.path()) {
                Ok(target) if target.starts_with(&inside) => true,
                Ok(target) => {
                    links.push((relative_of(entry.path()), Some(target)));
                    false
                }
                Err(_) => {
                    links.push((relative_of(entry.path()), None));
                    false
                }
            }
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = relative_of(entry.path());
                let role = role_of(&relative);
                files.push((relative, role));
            }
            Ok(_) => {}
            Err(error) => {
                let path = error.path().map(relative_of).unwrap_or_default();
                let message = if error.loop_ancestor().is_some() {
                    "this link leads back to a folder it is in".to_string()
                } else {
                    format!("cannot read this folder: {error}")
                };
                diagnostics.push(
                    Diagnostic::error(path, message)
                        .with_help("check that the folder exists, that you may read it, and that links inside the content folder do not go round in circles"),
                );
            }
        }
    }
    for (link, target) in links {
        let message = match target {
            Some(target) => format!(
                "this is a link to {}, outside the content folder",
                target.display()
            ),
            None => "this link leads nowhere".to_string(),
        };
        diagnostics.push(
            Diagnostic::error(link, message).with_help(
                "auditpress reads only what is inside the content folder: copy the file in instead of linking to it",
            ),
        );
    }
    files
}

fn load_file(root: &Path, relative: &Path, role: &Role) -> Result<Option<Item>, Diagnostic> {
    let limit = match role {
        Role::Page | Role::Briefing => limits::PAGE_BYTES as u64,
        Role::Template { .. } | Role::Static { .. } | Role::Other | Role::StrayYaml => {
            limits::FILE_BYTES
        }
        _ => limits::YAML_BYTES as u64,
    };
    let read = || text::read_text(root, relative, limit);
    let source = |text: String| SourceFile {
        path: relative.to_path_buf(),
        text,
    };
    Ok(Some(match role {
        Role::Site => {
            let text = read()?;
            let config = yaml::parse(&text, relative, 1)?;
            Item::Site(config, source(text))
        }
        Role::Authority { slug } => {
            let text = read()?;
            let meta = yaml::parse(&text, relative, 1)?;
            Item::Authority(LoadedAuthority {
                slug: slug.clone(),
                meta,
                source: source(text),
            })
        }
        Role::Audit { authority, slug } => {
            let text = read()?;
            let meta: AuditMeta = yaml::parse(&text, relative, 1)?;
            let folder = relative.parent().unwrap_or(Path::new(""));
            let cases_path = folder.join(&meta.cases);
            let cases = load_case_file(root, relative, &text, &meta, &cases_path);
            let (cases, problem) = match cases {
                Ok(table) => (Some(table), None),
                Err(problem) => (None, Some(problem)),
            };
            Item::Audit(
                Box::new(LoadedAudit {
                    authority: authority.clone(),
                    slug: slug.clone(),
                    meta,
                    source: source(text),
                    cases_path,
                    cases,
                }),
                problem,
            )
        }
        Role::Schema { name } => {
            let text = read()?;
            let schema = yaml::parse(&text, relative, 1)?;
            Item::Schema(LoadedSchema {
                name: name.clone(),
                schema,
                source: source(text),
            })
        }
        Role::Dataset { name } => Item::Dataset(Box::new(published::dataset(
            root,
            relative,
            name,
            read()?,
        )?)),
        Role::Comparators { name } => {
            Item::Comparators(published::comparators(relative, name, read()?)?)
        }
        Role::Taxonomy => Item::Taxonomy(published::taxonomy(relative, read()?)?),
        Role::ComparisonRules => Item::Rules(source(read()?)),
        Role::Page => Item::Page(load_page(relative, read()?)?),
        Role::Briefing => Item::Briefing(Box::new(load_page(relative, read()?)?)),
        Role::Template { name } => Item::Template(TemplateSource {
            name: name.clone(),
            origin: relative.to_path_buf(),
            text: read()?,
        }),
        Role::Static { output_path } => {
            let bytes = text::read_bytes(root, relative, limit)?;
            Item::Asset(Asset {
                output_path: output_path.clone(),
                bytes,
            })
        }
        Role::StrayYaml => Item::Warning(
            Diagnostic::warning(relative, "this YAML file is not read")
                .with_help("site settings go in site.yaml, an authority in authorities/<slug>/authority.yaml, an audit in authorities/<slug>/audits/<slug>/audit.yaml"),
        ),
        Role::Other => return Ok(None),
    }))
}

/// Reads an audit's case file, which must sit in the audit's own folder (or below it).
fn load_case_file(
    root: &Path,
    audit_file: &Path,
    audit_text: &str,
    meta: &AuditMeta,
    cases_path: &Path,
) -> Result<RawTable, Diagnostic> {
    let escapes = Path::new(&meta.cases).is_absolute()
        || Path::new(&meta.cases)
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir));
    let at_key = || yaml::locate_value(audit_text, "cases", &meta.cases, 1);
    if escapes {
        return Err(Diagnostic::error(
            audit_file,
            format!(
                "the case file `{}` is outside the audit's folder",
                meta.cases
            ),
        )
        .at_position(at_key())
        .with_help("keep the case file in the audit's own folder, beside audit.yaml"));
    }
    let full = root.join(cases_path);
    // The case file may be a link, but only to a file inside the content folder.
    if let (Ok(target), Ok(inside)) = (fs::canonicalize(&full), fs::canonicalize(root))
        && !target.starts_with(&inside)
    {
        return Err(Diagnostic::error(
            audit_file,
            format!(
                "the case file `{}` is a link to {}, outside the content folder",
                meta.cases,
                target.display()
            ),
        )
        .at_position(at_key())
        .with_help("copy the case file into the audit's folder instead of linking to it"));
    }
    if let Ok(metadata) = std::fs::metadata(&full)
        && metadata.len() > limits::CASE_FILE_BYTES
    {
        return Err(Diagnostic::error(
            audit_file,
            format!(
                "the case file `{}` is {} MB, more than the {} MB auditpress reads",
                meta.cases,
                metadata.len() / (1024 * 1024),
                limits::CASE_FILE_BYTES / (1024 * 1024)
            ),
        )
        .at_position(at_key())
        .with_help("an audit reads a sample of case files: check it is the right file"));
    }
    let bytes = std::fs::read(full).map_err(|error| {
        let message = if error.kind() == std::io::ErrorKind::NotFound {
            format!("the case file `{}` does not exist", meta.cases)
        } else {
            format!("the case file `{}` cannot be read: {error}", meta.cases)
        };
        Diagnostic::error(audit_file, message)
            .at_position(at_key())
            .with_help("put the case file beside audit.yaml, or name it with `cases: file.csv`")
    })?;
    read_cases(bytes, cases_path, meta.sheet.as_deref())
}

/// A Markdown page from its bytes: UTF-8 checked, front matter split off and parsed.
pub fn page_from_bytes(relative: &Path, bytes: Vec<u8>) -> Result<LoadedPage, Diagnostic> {
    load_page(relative, decode_text(bytes, relative)?)
}

fn load_page<Front: serde::de::DeserializeOwned>(
    relative: &Path,
    text: String,
) -> Result<LoadedDocument<Front>, Diagnostic> {
    let split = front_matter::split(&text).map_err(|error| match error {
        front_matter::SplitError::Missing => {
            Diagnostic::error(relative, "this Markdown page has no front matter")
                .at(1, Some(1))
                .with_help("start the file with three lines: `---`, `title: ...`, `---`")
        }
        front_matter::SplitError::Unclosed => Diagnostic::error(
            relative,
            "the front matter that starts here is never closed",
        )
        .at(1, Some(1))
        .with_help("end the front matter with a line that is just `---`"),
    })?;
    let front = yaml::parse(split.yaml, relative, split.yaml_line)?;
    let (front_line, body_line) = (split.yaml_line, split.body_line);
    let body_start = text.len() - split.body.len();
    Ok(LoadedDocument {
        source: SourceFile {
            path: relative.to_path_buf(),
            text,
        },
        front,
        front_line,
        body_start,
        body_line,
    })
}

fn theme_templates() -> Vec<TemplateSource> {
    theme::TEMPLATES
        .iter()
        .map(|(path, text)| TemplateSource {
            name: theme::template_name(path).to_string(),
            origin: Path::new(crate::diagnostics::BUILT_IN).join(path),
            text: text.to_string(),
        })
        .collect()
}

fn override_template(templates: &mut Vec<TemplateSource>, template: TemplateSource) {
    match templates.iter_mut().find(|t| t.name == template.name) {
        Some(existing) => *existing = template,
        None => templates.push(template),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_follow_the_folder_layout() {
        let role = |p: &str| role_of(Path::new(p));
        assert_eq!(role("site.yaml"), Role::Site);
        assert_eq!(
            role("authorities/sutton/authority.yaml"),
            Role::Authority {
                slug: "sutton".into()
            }
        );
        assert_eq!(
            role("authorities/sutton/audits/lac-2001/audit.yaml"),
            Role::Audit {
                authority: "sutton".into(),
                slug: "lac-2001".into()
            }
        );
        assert_eq!(
            role("authorities/sutton/audits/lac-2001/cases.csv"),
            Role::Other
        );
        assert_eq!(role("lessons/sutton.md"), Role::Page);
        assert_eq!(
            role("templates/partials/x.html"),
            Role::Template {
                name: "partials/x.html".into()
            }
        );
        assert_eq!(
            role("static/logo.svg"),
            Role::Static {
                output_path: "static/logo.svg".into()
            }
        );
        assert_eq!(role("authorities/sutton/authority.yml"), Role::StrayYaml);
        assert_eq!(
            role("schemas/mns-2001.yaml"),
            Role::Schema {
                name: "mns-2001".into()
            }
        );
    }

    #[test]
    fn ignores_lock_and_hidden_files() {
        assert!(is_ignored("~$cases.xlsx"));
        assert!(is_ignored(".DS_Store"));
        assert!(!is_ignored("cases.xlsx"));
    }
}
