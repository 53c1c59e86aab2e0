//! `auditpress new KIND NAME`: a new file with the front matter or YAML its kind needs, ready to
//! fill in, that builds at once (an indicator with its data file holding the header row and
//! England's row to fill). An authority named as England's official list names it gets
//! its ONS code, DfE number, region and type filled in; an audit gets a case file with its
//! schema's header row.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::published::areas;
use crate::slug::slugify;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Authority,
    Audit,
    Page,
    Lessons,
    Briefing,
    Indicator,
}

/// What the new file needs besides its name.
#[derive(Debug, Clone, Default)]
pub struct Details {
    /// The authority an audit or lessons page belongs to, by folder name.
    pub authority: Option<String>,
    /// Today, for the dates a new file starts with.
    pub today: Option<time::Date>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} already exists\n  help: choose another name, or edit the file that is there")]
    Exists(PathBuf),
    #[error("`{name}` is not an English local authority\n  help: {help}")]
    UnknownAuthority { name: String, help: String },
    #[error("{what} needs an authority\n  help: {help}")]
    NeedsAuthority { what: &'static str, help: String },
    #[error(
        "there is no authority `{0}` in the content folder\n  help: create it first with `auditpress new authority NAME`"
    )]
    NoSuchAuthority(String),
    #[error(
        "the content folder has no schema in schemas/ for the audit's case file\n  help: copy a schema (such as the starter project's schemas/mns.yaml) into schemas/"
    )]
    NoSchema,
    #[error("`{0}` has no letters or digits to name a file with\n  help: name it in words")]
    Unnamed(String),
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Authority => "authority",
            Kind::Audit => "audit",
            Kind::Page => "page",
            Kind::Lessons => "lessons",
            Kind::Briefing => "briefing",
            Kind::Indicator => "indicator",
        })
    }
}

/// Writes the new files under `content` and returns their paths, relative to it.
pub fn new(
    content: &Path,
    kind: Kind,
    name: &str,
    details: &Details,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(ScaffoldError::Unnamed(name.to_string()));
    }
    let today = details
        .today
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let date = crate::model::format_iso_date(today);
    let title = yaml_string(name);
    let files: Vec<(PathBuf, String)> = match kind {
        Kind::Authority => vec![(
            PathBuf::from(format!("authorities/{slug}/authority.yaml")),
            authority(name)?,
        )],
        Kind::Audit => {
            let authority = own_authority(content, details, "an audit")?;
            let schema = first_schema(content)?;
            let folder = format!("authorities/{authority}/audits/{slug}");
            vec![
                (
                    PathBuf::from(format!("{folder}/audit.yaml")),
                    format!(
                        "title: {title}\n\
                         sample: describe which case files were read, such as every referral in the period\n\
                         period:\n  from: {date}\n  to: {date}\n\
                         # The number of children in cases.csv: the build checks that they agree.\n\
                         sample_size: 0\n\
                         schema: {schema_name}\n\
                         cases: cases.csv\n\
                         need_groups:\n  - code: A\n    name: The first need group\n    description: Who is in it, in a sentence.\n",
                        schema_name = schema.0,
                    ),
                ),
                (
                    PathBuf::from(format!("{folder}/cases.csv")),
                    schema.1 + "\n",
                ),
            ]
        }
        Kind::Page => vec![(
            PathBuf::from(format!("pages/{slug}.md")),
            format!(
                "---\ntitle: {title}\nsummary: A sentence for lists of pages.\n---\n\nWrite the page here, in Markdown.\n"
            ),
        )],
        Kind::Lessons => {
            let authority = own_authority(content, details, "a lessons page")?;
            vec![(
                PathBuf::from(format!("lessons/{slug}.md")),
                format!(
                    "---\ntitle: {title}\nkind: lessons\nauthorities: [{authority}]\nspeaker_role: the speaker's role, never a name\ndate: {date}\n---\n\n\
                     ## Audits done\n\nWhich audits, and why.\n\n## What we found\n\nWhat the audits showed.\n\n## Conclusions\n\nWhat others can take from it.\n"
                ),
            )]
        }
        Kind::Briefing => vec![(
            PathBuf::from(format!("briefings/{slug}.md")),
            format!(
                "---\ntitle: {title}\nmeeting: the committee or meeting it goes to\ndate: {date}\nauthor_role: the author's role, never a name\n\
                 purpose: information\nkey_messages:\n  - What Members should take away, in a sentence.\n\
                 # For a decision: `purpose: decision`, with recommendations and implications.\n\
                 # recommendations:\n#   - What Members are asked to agree.\n# implications: What it costs, in money and staff time.\n---\n\n\
                 ## Background\n\nWrite the briefing here. Quote figures with directives, so that they are the site's.\n"
            ),
        )],
        Kind::Indicator => vec![
            (
                PathBuf::from(format!("indicators/{slug}.yaml")),
                format!(
                    "# A published statistic, one row per area and period in {slug}.csv beside this file.\n\
                     # Say where it comes from, and under what licence, in `source`.\n\
                     title: {title}\n\
                     source: who publishes it, and under what licence\n\
                     retrieved: {date}\n\
                     file: {slug}.csv\n\
                     format: tidy\n\
                     comparators: region\n\
                     indicators:\n  {slug}:\n    column: {slug}\n    label: {title}\n    unit: percent\n    polarity: neutral\n"
                ),
            ),
            (
                PathBuf::from(format!("indicators/{slug}.csv")),
                format!(
                    "area_code,area_name,period,indicator,value\nE92000001,England,{year},{slug},\n",
                    year = today.year()
                ),
            ),
        ],
    };
    for (path, _) in &files {
        if content.join(path).exists() {
            return Err(ScaffoldError::Exists(path.clone()));
        }
    }
    for (path, text) in &files {
        let target = content.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        fs::write(&target, text).map_err(|source| ScaffoldError::Io {
            path: target.clone(),
            source,
        })?;
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// A YAML scalar holding `text` as it is.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace('"', "'")))
}

/// An authority's YAML, filled in from England's list of local authorities.
fn authority(name: &str) -> Result<String, ScaffoldError> {
    let current = || areas::all().iter().filter(|k| k.successors.is_empty());
    let wanted = slugify(name);
    let Some(known) = current().find(|k| slugify(&k.name) == wanted) else {
        let names: Vec<&str> = current().map(|k| k.name.as_str()).collect();
        let help = match crate::yaml::closest(name, &names) {
            Some(best) => format!("did you mean `{best}`? Name the authority as the official list does"),
            None => "name the authority as England's official list does, such as `Sutton` or `Newcastle upon Tyne`".to_string(),
        };
        return Err(ScaffoldError::UnknownAuthority {
            name: name.to_string(),
            help,
        });
    };
    Ok(format!(
        "name: {}\nons_code: {}\ndfe_code: {}\nregion: {}\ntype: {}\nsummary: |\n  A sentence or two about the authority and its audit work.\n",
        yaml_string(&known.name),
        known.ons,
        known.number,
        yaml_string(&known.region_name),
        known.kind.slug(),
    ))
}

fn own_authority(
    content: &Path,
    details: &Details,
    what: &'static str,
) -> Result<String, ScaffoldError> {
    let Some(authority) = &details.authority else {
        return Err(ScaffoldError::NeedsAuthority {
            what,
            help: "give the authority's folder name with --authority, such as --authority sutton"
                .to_string(),
        });
    };
    if !content
        .join("authorities")
        .join(authority)
        .join("authority.yaml")
        .is_file()
    {
        return Err(ScaffoldError::NoSuchAuthority(authority.clone()));
    }
    Ok(authority.clone())
}

/// The first schema of the content folder, by name, and its case file's header row.
fn first_schema(content: &Path) -> Result<(String, String), ScaffoldError> {
    let mut names: Vec<PathBuf> = fs::read_dir(content.join("schemas"))
        .map_err(|_| ScaffoldError::NoSchema)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    names.sort();
    let path = names.first().ok_or(ScaffoldError::NoSchema)?;
    let text = fs::read_to_string(path).map_err(|source| ScaffoldError::Io {
        path: path.clone(),
        source,
    })?;
    let schema: crate::model::SchemaFile =
        serde_yaml::from_str(&text).map_err(|_| ScaffoldError::NoSchema)?;
    let header: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    Ok((name, header.join(",")))
}
