//! auditpress turns children's services audit data, and the narrative that interprets it, into a
//! linked static site, printable briefings and comparisons of authorities.
//!
//! The build is a pipeline whose stages each have their own module, with data flowing one way:
//!
//! ```text
//! load -> validate -> analyse -> verify -> render -> write
//! ```
//!
//! [`load`] reads files, [`validate`] checks references and builds the [`validate::Project`],
//! [`analyse`] counts and protects the figures, [`verify`] attacks what would be published,
//! [`render`] makes every output file in memory and [`write`] alone touches the output folder.

pub mod analyse;
pub mod codes;
pub mod diagnostics;
pub mod directives;
pub mod document;
pub mod init;
pub mod layout;
pub mod limits;
pub mod load;
pub mod model;
pub mod published;
pub mod render;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod validate;
pub mod verify;
pub mod write;
pub mod yaml;

use std::path::{Path, PathBuf};

use diagnostics::Diagnostics;
use model::Audience;
use render::RenderedSite;
use validate::{Project, ValidateOptions};

/// What a build or check run is asked to do.
#[derive(Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub audience: Option<Audience>,
    /// Dates after this are errors; normally today.
    pub today: time::Date,
    /// Told as each stage ends: for progress bars and `--verbose`.
    pub observer: Option<std::sync::Arc<StageObserver>>,
}

impl std::fmt::Debug for BuildOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildOptions")
            .field("content", &self.content)
            .field("audience", &self.audience)
            .field("today", &self.today)
            .finish_non_exhaustive()
    }
}

/// The stages of a build, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Load,
    Validate,
    Analyse,
    Verify,
    Render,
    Write,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Load,
        Stage::Validate,
        Stage::Analyse,
        Stage::Verify,
        Stage::Render,
        Stage::Write,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Load => "load",
            Stage::Validate => "validate",
            Stage::Analyse => "analyse",
            Stage::Verify => "verify",
            Stage::Render => "render",
            Stage::Write => "write",
        }
    }
}

/// Called with each stage as it ends: how long it took and what it did, in words.
pub type StageObserver = dyn Fn(Stage, std::time::Duration, &str) + Send + Sync;

/// Times a stage and tells the observer what it did.
fn stage<T>(
    options: &BuildOptions,
    stage: Stage,
    run: impl FnOnce() -> T,
    said: impl FnOnce(&T) -> String,
) -> T {
    let started = std::time::Instant::now();
    let result = run();
    if let Some(observer) = &options.observer {
        observer(stage, started.elapsed(), &said(&result));
    }
    result
}

impl BuildOptions {
    pub fn new(content: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            content: content.into(),
            audience: None,
            today: time::OffsetDateTime::now_utc().date(),
            observer: None,
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
    /// The verifier's findings by audit, for audiences whose figures are protected.
    pub verification: Vec<Option<verify::Report>>,
    pub site: RenderedSite,
    pub warnings: Diagnostics,
}

/// What a process keeps from one build of a content folder for the next (`serve`), so that a
/// rebuild redoes only what the change affects. A rebuild with it equals a fresh build.
#[derive(Default)]
pub struct BuildCache {
    datasets: validate::DatasetCache,
    /// The last analysis, with the fingerprint of what it was made from.
    evidence: std::sync::Mutex<Option<(load::Fingerprint, analyse::Evidence)>>,
    pages: render::RenderCache,
}

impl BuildCache {
    pub fn new() -> BuildCache {
        BuildCache::default()
    }
}

/// Loads, validates and renders the content folder, writing nothing. Every problem of every
/// stage is collected, so one run reports them all.
pub fn build_in_memory(options: &BuildOptions) -> Result<Built, BuildError> {
    build_in_memory_with(options, None)
}

/// [`build_in_memory`], reusing what `cache` kept from an earlier build where nothing it
/// depends on has changed, and keeping this build's results in it for the next.
pub fn rebuild_in_memory(options: &BuildOptions, cache: &BuildCache) -> Result<Built, BuildError> {
    build_in_memory_with(options, Some(cache))
}

fn build_in_memory_with(
    options: &BuildOptions,
    cache: Option<&BuildCache>,
) -> Result<Built, BuildError> {
    let loaded = stage(
        options,
        Stage::Load,
        || load::load(&options.content),
        |loaded| match loaded {
            Ok(l) => format!(
                "read {} authorities, {} audits, {} pages, {} briefing files, {} datasets",
                l.authorities.len(),
                l.audits.len(),
                l.pages.len(),
                l.briefings.len(),
                l.datasets.len()
            ),
            Err(_) => "no content folder".to_string(),
        },
    )?;
    let inputs = cache.map(|_| {
        loaded
            .fingerprints()
            .with_setting(&format!("{} {:?}", options.today, options.audience))
    });
    let (project, cases, mut diagnostics) = stage(
        options,
        Stage::Validate,
        || {
            validate::validate(
                loaded,
                ValidateOptions {
                    today: options.today,
                    audience: options.audience,
                    reuse: cache.map(|c| &c.datasets),
                },
            )
        },
        |(project, _, diagnostics)| {
            format!(
                "checked references and case data for the {} audience: {} problems so far, {} briefings to write",
                project.audience,
                diagnostics.len(),
                project.briefings.len()
            )
        },
    );
    let evidence = stage(
        options,
        Stage::Analyse,
        || match (cache, &inputs) {
            (Some(cache), Some(inputs)) => reuse_analysis(cache, inputs, &project, &cases),
            _ => analyse::analyse(&project, &cases),
        },
        |evidence| {
            let tables: usize = evidence
                .audits
                .iter()
                .flatten()
                .map(|a| a.tables.len())
                .sum();
            format!("counted and protected {tables} tables")
        },
    );
    // The case records end here: rendering sees only the published evidence.
    drop(cases);
    let verification = stage(
        options,
        Stage::Verify,
        || verify_all(&project, &evidence),
        |reports| {
            let attacked = reports.iter().flatten().count();
            format!("attacked the published figures of {attacked} audits")
        },
    );
    diagnostics.extend(verification_problems(&project, &evidence, &verification));
    let (site, render_diagnostics) = stage(
        options,
        Stage::Render,
        || {
            let reuse = cache
                .zip(inputs.as_ref())
                .map(|(cache, inputs)| render::Reuse {
                    cache: &cache.pages,
                    inputs,
                });
            render::render(&project, &evidence, reuse)
        },
        |(site, _)| format!("made {} files in memory", site.files.len()),
    );
    diagnostics.extend(render_diagnostics);
    diagnostics.extend(render::paths::check(&site));
    if !diagnostics.has_errors() {
        diagnostics.extend(render::check_links(&site));
    }
    if diagnostics.has_errors() {
        return Err(BuildError::Content(diagnostics));
    }
    Ok(Built {
        project,
        evidence,
        verification,
        site,
        warnings: diagnostics,
    })
}

/// The analysis of the last build when it was made from the same case data, statistics and
/// requests (everything but the narrative bodies); otherwise a new one, kept for the next.
fn reuse_analysis(
    cache: &BuildCache,
    inputs: &load::InputFingerprints,
    project: &Project,
    cases: &analyse::data::CaseBook,
) -> analyse::Evidence {
    let mut key = load::Fingerprinter::default();
    key.fingerprint(inputs.shared)
        .text(project.audience.name())
        .text(&format!("{:?}", project.requests));
    let key = key.finish();
    let mut kept = cache.evidence.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((was, evidence)) = kept.as_ref()
        && *was == key
    {
        return evidence.clone();
    }
    let evidence = analyse::analyse(project, cases);
    *kept = Some((key, evidence.clone()));
    evidence
}

/// Runs the verifier on every audit, for an audience whose small numbers are protected.
pub fn verify_all(project: &Project, evidence: &analyse::Evidence) -> Vec<Option<verify::Report>> {
    use rayon::prelude::*;
    if project.rule.suppress_up_to == 0 {
        return vec![None; evidence.audits.len()];
    }
    evidence
        .audits
        .par_iter()
        .map(|audit| {
            audit
                .as_ref()
                .map(|a| verify::verify(&a.register, project.rule, false))
        })
        .collect()
}

/// The verifier's findings as build errors, naming the audit, table, row and column.
fn verification_problems(
    project: &Project,
    evidence: &analyse::Evidence,
    verification: &[Option<verify::Report>],
) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for (i, report) in verification.iter().enumerate() {
        let (Some(report), Some(audit)) = (report, evidence.audit(i)) else {
            continue;
        };
        let source = &project.audits[i].source.path;
        for problem in &report.problems {
            let place = problem
                .figure
                .and_then(|f| audit.register.places_of(f).first())
                .map_or_else(String::new, |p| {
                    format!("{} / {} / {}: ", p.table, p.row, p.column)
                });
            diagnostics.push(
                diagnostics::Diagnostic::error(
                    source,
                    format!("disclosure check failed: {place}{}", problem.message),
                )
                .with_help(format!(
                    "the build stops so that nothing unsafe is published; this is a fault in auditpress, not in the content: report it with the output of `auditpress check --audience {}`",
                    project.audience
                )),
            );
        }
    }
    diagnostics
}

/// Everything a build does but writing: the content, and whether `output` is a safe place to
/// write to.
pub fn check(options: &BuildOptions, output: &Path) -> Result<Built, BuildError> {
    write::check_output_location(output, &options.content)?;
    build_in_memory(options)
}

/// Builds the site and writes it to `output`, replacing an earlier build only on success.
pub fn build(options: &BuildOptions, output: &Path) -> Result<Built, BuildError> {
    let output = write::check_output_location(output, &options.content)?;
    let built = build_in_memory(options)?;
    stage(
        options,
        Stage::Write,
        || write::write_site(&output, &built.site.files),
        |_| format!("wrote {} files and swapped them in", built.site.files.len()),
    )?;
    Ok(built)
}

/// Builds the site in memory and writes it as a zip at `to`, with a manifest of every file.
pub fn publish(
    options: &BuildOptions,
    to: &Path,
) -> Result<(Built, write::publish::Manifest), BuildError> {
    let built = build_in_memory(options)?;
    let digest = load::inputs_digest(&options.content)?;
    let manifest = write::publish::Manifest::new(
        &built.site.files,
        built.project.audience.name(),
        &built.project.marking,
        &digest,
    );
    stage(
        options,
        Stage::Write,
        || write::publish::write_zip(to, &built.site.files, &manifest),
        |_| {
            format!(
                "wrote {} files and the manifest into {}",
                built.site.files.len(),
                to.display()
            )
        },
    )?;
    Ok((built, manifest))
}

/// What a build made, for its summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    pub pages: usize,
    pub charts: usize,
    pub downloads: usize,
    pub pdfs: usize,
    pub warnings: usize,
}

impl Built {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            pages: self.site.page_count,
            warnings: self.warnings.len(),
            ..Summary::default()
        };
        let chart =
            aho_corasick::AhoCorasick::new(["<svg class=\"chart__svg\""]).expect("a fixed pattern");
        for file in &self.site.files {
            match file.path.rsplit_once('.').map(|(_, e)| e) {
                Some("html") => summary.charts += chart.find_iter(&file.bytes).count(),
                Some("csv") | Some("json") | Some("xlsx") => summary.downloads += 1,
                Some("pdf") => summary.pdfs += 1,
                _ => {}
            }
        }
        summary
    }
}

/// What the build's disclosure control hides, why, and what a reader could still tell about
/// each hidden figure: for `auditpress check --audience`.
pub fn suppression_report(built: &Built) -> String {
    use analyse::register::Status;
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
        // The full range of every hidden figure, not only enough of it to pass the build.
        let exact = verify::verify(&evidence.register, rule, true);
        let ranges = Some(&exact);
        let mut lines = Vec::new();
        for (f, figure) in evidence.register.figures.iter().enumerate() {
            let reason = match figure.status {
                Status::Primary => "a small number",
                Status::Secondary => {
                    "hidden so that a small number cannot be worked out or narrowed"
                }
                Status::Shown | Status::Unpublished => continue,
            };
            let range = ranges
                .and_then(|r| r.ranges.get(&(f as u32)))
                .map_or_else(String::new, |r| {
                    format!(", could be anything from {} to {}", r.low, r.high)
                });
            for place in evidence.register.places_of(f as u32) {
                lines.push(format!(
                    "  {}: {} / {}: {reason}{range}",
                    place.table, place.row, place.column
                ));
            }
        }
        if lines.is_empty() {
            continue;
        }
        hidden += lines.len();
        let _ = writeln!(report, "{} ({}):", audit.meta.title, audit.id);
        for line in lines {
            let _ = writeln!(report, "{line}");
        }
    }
    if hidden == 0 {
        return format!(
            "Nothing needs suppressing for the {} audience: no count is from 1 to {}.\n",
            project.audience, rule.suppress_up_to
        );
    }
    format!(
        "For the {} audience, {hidden} figures are suppressed: counts from 1 to {}, and figures from which they could be worked out or narrowed to fewer than {} values.\n",
        project.audience,
        rule.suppress_up_to,
        rule.suppress_up_to + 1,
    ) + &report
}
