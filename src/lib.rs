//! auditpress turns children's services audit data, and the narrative that interprets it, into a
//! linked static site, printable briefings and comparisons of authorities.
//!
//! The build is a pipeline whose stages each have their own module, with data flowing one way:
//!
//! ```text
//! load -> validate -> render -> write
//! ```
//!
//! [`load`] reads files, [`validate`] checks references and builds the [`validate::Project`],
//! [`render`] makes every output file in memory and [`write`] alone touches the output folder.

pub mod analyse;
pub mod codes;
pub mod diagnostics;
pub mod directives;
pub mod init;
pub mod layout;
pub mod load;
pub mod model;
pub mod render;
pub mod slug;
pub mod theme;
pub mod validate;
pub mod write;
pub mod yaml;

use std::path::{Path, PathBuf};

use diagnostics::Diagnostics;
use model::Audience;
use render::RenderedSite;
use validate::{Project, ValidateOptions};

/// What a build or check run is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub audience: Option<Audience>,
    /// Dates after this are errors; normally today.
    pub today: time::Date,
}

impl BuildOptions {
    pub fn new(content: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            content: content.into(),
            audience: None,
            today: time::OffsetDateTime::now_utc().date(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems with the content: every one found, with file and line.
    #[error("{0}")]
    Content(Diagnostics),
    #[error(transparent)]
    Write(#[from] write::WriteError),
}

impl From<Diagnostics> for BuildError {
    fn from(diagnostics: Diagnostics) -> Self {
        BuildError::Content(diagnostics)
    }
}

/// A built site in memory, and the warnings met on the way.
#[derive(Debug)]
pub struct Built {
    pub project: Project,
    pub evidence: analyse::Evidence,
    pub site: RenderedSite,
    pub warnings: Diagnostics,
}

/// Loads, validates and renders the content folder, writing nothing. Every problem of every
/// stage is collected, so one run reports them all.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, BuildError> {
    let loaded = load::load(&options.content)?;
    let (project, cases, mut diagnostics) = validate::validate(
        loaded,
        ValidateOptions {
            today: options.today,
            audience: options.audience,
        },
    );
    let evidence = analyse::analyse(&project, &cases);
    // The case records end here: rendering sees only the published evidence.
    drop(cases);
    let (site, render_diagnostics) = render::render(&project, &evidence);
    diagnostics.extend(render_diagnostics);
    if !diagnostics.has_errors() {
        diagnostics.extend(render::check_links(&site));
    }
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics));
    }
    Ok(Built {
        project,
        evidence,
        site,
        warnings: diagnostics,
    })
}

/// Builds the site and writes it to `output`, replacing an earlier build only on success.
pub fn build(options: &BuildOptions, output: &Path) -> Result<Built, BuildError> {
    write::check_output_location(output, &options.content)?;
    let built = build_in_memory(options)?;
    write::write_site(output, &built.site.files)?;
    Ok(built)
}

/// What the build's disclosure control hides, and why: for `auditpress check --audience`.
pub fn suppression_report(built: &Built) -> String {
    use std::fmt::Write as _;
    let project = &built.project;
    let rule = project.rule;
    if rule.suppress_up_to == 0 {
        return format!(
            "Nothing is suppressed for the {} audience.\n",
            project.audience
        );
    }
    let mut report = String::new();
    let mut hidden = 0;
    for (i, audit) in project.audits.iter().enumerate() {
        let Some(evidence) = built.evidence.audit(i) else {
            continue;
        };
        if evidence.suppressions.is_empty() {
            continue;
        }
        let _ = writeln!(report, "{} ({}):", audit.meta.title, audit.id);
        for note in &evidence.suppressions {
            hidden += 1;
            let _ = writeln!(
                report,
                "  {}: {} / {}: {}",
                note.table, note.row, note.column, note.reason
            );
        }
    }
    let heading = format!(
        "For the {} audience, {hidden} figures are suppressed: counts from 1 to {}, and figures from which they could be worked out.\n",
        project.audience, rule.suppress_up_to,
    );
    if hidden == 0 {
        format!(
            "Nothing needs suppressing for the {} audience: no count is from 1 to {}.\n",
            project.audience, rule.suppress_up_to
        )
    } else {
        heading + &report
    }
}
