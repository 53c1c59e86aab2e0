use std::path::{Path, PathBuf};

// The disclosure control solves thousands of small linear programmes, each allocating many
// short-lived vectors: mimalloc makes those allocations about a third cheaper than glibc's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use clap::{Parser, Subcommand};

/// Prints a line to stdout; a closed pipe (`auditpress check | head`) is not an error.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints a line to stderr, likewise never failing.
macro_rules! esay {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

use auditpress::diagnostics::Diagnostics;
use auditpress::init::scaffold::{self, Kind};
use auditpress::model::Audience;
use auditpress::{BuildError, BuildOptions};

/// Turn children's services audit data and the narrative that interprets it into a linked
/// static site for the intranet.
#[derive(Parser)]
#[command(name = "auditpress", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Say only what went wrong: no progress, no summary
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Say what each stage of the build did and how long it took
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from the content folder
    Build {
        /// The content folder: site.yaml, authorities/, narrative pages
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where to write the site (replaced in full, and only if the build succeeds)
        #[arg(long, default_value = "site")]
        output: PathBuf,
        /// Who the site is for; overrides site.yaml
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
    },
    /// Load and check everything, as a build would, but write nothing
    Check {
        /// The content folder: site.yaml, authorities/, narrative pages
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where the site would be written (checked as a build would check it)
        #[arg(long, default_value = "site")]
        output: PathBuf,
        /// Who the site is for; overrides site.yaml
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
    },
    /// Build the site and write it as one zip, with a manifest of every file
    Publish {
        /// The content folder: site.yaml, authorities/, narrative pages
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Who the site is for; overrides site.yaml
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
        /// The zip to write (replaced only once it is complete)
        #[arg(long, default_value = "site.zip")]
        to: PathBuf,
    },
    /// Serve the site on this computer, rebuilding it and reloading the browser as you edit
    Serve {
        /// The content folder: site.yaml, authorities/, narrative pages
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The port on 127.0.0.1 (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Who the site is for; overrides site.yaml
        #[arg(long, value_enum)]
        audience: Option<AudienceArg>,
    },
    /// Write a new file to fill in: an authority, audit, page, lessons page, briefing or indicator
    New {
        #[arg(value_enum)]
        kind: KindArg,
        /// Its name: an authority as England's official list names it, anything else in words
        name: String,
        /// The content folder to add it to
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The authority an audit or a lessons page belongs to (its folder name)
        #[arg(long)]
        authority: Option<String>,
    },
    /// Create a small working project to start from
    Init {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    Authority,
    Audit,
    Page,
    Lessons,
    Briefing,
    Indicator,
}

impl From<KindArg> for Kind {
    fn from(arg: KindArg) -> Kind {
        match arg {
            KindArg::Authority => Kind::Authority,
            KindArg::Audit => Kind::Audit,
            KindArg::Page => Kind::Page,
            KindArg::Lessons => Kind::Lessons,
            KindArg::Briefing => Kind::Briefing,
            KindArg::Indicator => Kind::Indicator,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum AudienceArg {
    Internal,
    Members,
    Public,
}

impl From<AudienceArg> for Audience {
    fn from(arg: AudienceArg) -> Audience {
        match arg {
            AudienceArg::Internal => Audience::Internal,
            AudienceArg::Members => Audience::Members,
            AudienceArg::Public => Audience::Public,
        }
    }
}

/// How much the command says as it works.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Voice {
    Quiet,
    Normal,
    Verbose,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let voice = if cli.quiet {
        Voice::Quiet
    } else if cli.verbose {
        Voice::Verbose
    } else {
        Voice::Normal
    };
    match cli.command {
        Command::Build {
            content,
            output,
            audience,
        } => build(options(content, audience, voice), &output, voice),
        Command::Check {
            content,
            output,
            audience,
        } => check(options(content, audience, voice), &output),
        Command::Publish {
            content,
            audience,
            to,
        } => publish(options(content, audience, voice), &to, voice),
        Command::Serve {
            content,
            port,
            audience,
        } => serve(options(content, audience, Voice::Quiet), port, voice),
        Command::New {
            kind,
            name,
            content,
            authority,
        } => {
            let details = scaffold::Details {
                authority,
                today: None,
            };
            match scaffold::new(&content, kind.into(), &name, &details) {
                Ok(files) => {
                    for file in files {
                        say!("Wrote {}", content.join(file).display());
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    esay!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => match auditpress::init::init(&dir) {
            Ok(()) => {
                say!("Created a project in {}.", dir.display());
                say!(
                    "Build it with:  cd {} && auditpress build\nthen open site/index.html in a browser.",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                esay!("error: {error}");
                ExitCode::FAILURE
            }
        },
    }
}

fn options(content: PathBuf, audience: Option<AudienceArg>, voice: Voice) -> BuildOptions {
    let mut options = BuildOptions::new(content);
    options.audience = audience.map(Audience::from);
    if voice != Voice::Quiet {
        options.observer = Some(progress(voice));
    }
    options
}

/// Reports the build's stages: a progress bar on a terminal once a build has taken a second,
/// and with `--verbose` a line for each stage.
fn progress(voice: Voice) -> Arc<auditpress::StageObserver> {
    let started = Instant::now();
    let bar = ProgressBar::with_draw_target(
        Some(auditpress::Stage::ALL.len() as u64),
        ProgressDrawTarget::hidden(),
    );
    bar.set_style(
        ProgressStyle::with_template("{spinner} building: {msg} [{bar:24}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let shown = std::sync::atomic::AtomicBool::new(false);
    Arc::new(move |stage, took, said| {
        use std::sync::atomic::Ordering;
        if voice == Voice::Verbose {
            bar.suspend(|| esay!("{:>9}  {:>7.3} s  {said}", stage.name(), took.as_secs_f64()));
        }
        bar.inc(1);
        let next = auditpress::Stage::ALL
            .iter()
            .skip_while(|s| **s != stage)
            .nth(1);
        match next {
            Some(next) => bar.set_message(next.name()),
            None => bar.finish_and_clear(),
        }
        if next.is_some()
            && started.elapsed() > Duration::from_secs(1)
            && std::io::stderr().is_terminal()
            && !shown.swap(true, Ordering::Relaxed)
        {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        if next.is_none() || stage == auditpress::Stage::Render {
            // A build may end at render (check, serve): clear the bar there too.
            bar.finish_and_clear();
        }
    })
}

/// "225 pages, 31 charts, 96 downloads and 14 PDFs", and "no warnings"
fn summary(built: &auditpress::Built) -> (String, String) {
    let s = built.summary();
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let warnings = match s.warnings {
        0 => "no warnings".to_string(),
        n => count(n, "warning", "warnings"),
    };
    let made = format!(
        "{}, {}, {} and {}",
        count(s.pages, "page", "pages"),
        count(s.charts, "chart", "charts"),
        count(s.downloads, "download", "downloads"),
        count(s.pdfs, "PDF", "PDFs"),
    );
    (made, warnings)
}

fn build(options: BuildOptions, output: &Path, voice: Voice) -> ExitCode {
    let started = Instant::now();
    match auditpress::build(&options, output) {
        Ok(built) => {
            print_diagnostics(&built.warnings, &options.content);
            if voice != Voice::Quiet {
                let (made, warnings) = summary(&built);
                say!(
                    "Built {made} for the {} audience into {} in {:.2} s, with {warnings}.",
                    built.project.audience,
                    output.display(),
                    started.elapsed().as_secs_f64()
                );
                say!("Open {} in a browser.", output.join("index.html").display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            report_failure(&error, &options.content);
            esay!(
                "Nothing was written: {} is as it was before this build.",
                output.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn publish(options: BuildOptions, to: &Path, voice: Voice) -> ExitCode {
    let started = Instant::now();
    match auditpress::publish(&options, to) {
        Ok((built, manifest)) => {
            print_diagnostics(&built.warnings, &options.content);
            if voice != Voice::Quiet {
                let (made, warnings) = summary(&built);
                say!(
                    "Published {made} for the {} audience as {} ({} files, listed with their SHA-256 in {}) in {:.2} s, with {warnings}.",
                    manifest.audience,
                    to.display(),
                    manifest.files.len(),
                    auditpress::write::publish::MANIFEST,
                    started.elapsed().as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            report_failure(&error, &options.content);
            esay!("Nothing was written: {} is as it was before.", to.display());
            ExitCode::FAILURE
        }
    }
}

fn serve(options: BuildOptions, port: u16, voice: Voice) -> ExitCode {
    let log = move |line: &str| {
        if voice != Voice::Quiet {
            say!("{line}");
        }
    };
    match auditpress::serve::serve(&options, port, &log) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            esay!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn check(options: BuildOptions, output: &Path) -> ExitCode {
    match auditpress::check(&options, output) {
        Ok(built) => {
            print_diagnostics(&built.warnings, &options.content);
            let (made, warnings) = summary(&built);
            say!(
                "{} is fine: {made} would be built for the {} audience, with {warnings}.",
                options.content.display(),
                built.project.audience
            );
            say!("{}", auditpress::suppression_report(&built).trim_end());
            ExitCode::SUCCESS
        }
        Err(error) => {
            report_failure(&error, &options.content);
            ExitCode::FAILURE
        }
    }
}

fn report_failure(error: &BuildError, content: &Path) {
    match error {
        BuildError::Content(diagnostics) => {
            print_diagnostics(diagnostics, content);
            let count = diagnostics.error_count();
            esay!(
                "error: {count} {} in {}",
                if count == 1 { "problem" } else { "problems" },
                content.display()
            );
        }
        BuildError::Write(error) => esay!("error: {error}"),
    }
}

/// Every problem, with the line it is about when its file can be shown: the snippet is drawn
/// in colour on a terminal, unless `NO_COLOR` is set.
fn print_diagnostics(diagnostics: &Diagnostics, content: &Path) {
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let style = if colour {
        auditpress::diagnostics::Style::Colour
    } else {
        auditpress::diagnostics::Style::Plain
    };
    for diagnostic in diagnostics.clone().into_sorted() {
        let shown = content.join(&diagnostic.file);
        let snippet = diagnostic.line.and_then(|_| {
            let text = source_text(content, &diagnostic.file)?;
            diagnostic.snippet(&text, &shown.display().to_string(), style)
        });
        match snippet {
            Some(snippet) => esay!("{snippet}"),
            None => esay!("{}", diagnostic.display_under(content)),
        }
    }
}

/// The text of the file a problem is about: in the content folder, or one of the theme's own
/// templates.
fn source_text(content: &Path, file: &Path) -> Option<String> {
    let name = file.to_string_lossy().replace('\\', "/");
    if let Some(theme_file) = name.strip_prefix("[built-in theme]/") {
        return auditpress::theme::TEMPLATES
            .iter()
            .find(|(path, _)| *path == theme_file)
            .map(|(_, text)| text.to_string());
    }
    let path = content.join(file);
    // Only text files are shown: an Excel workbook's problems keep their sheet and cell.
    if !path.is_file() || path.extension().is_some_and(|e| e == "xlsx" || e == "xls") {
        return None;
    }
    std::fs::read(&path)
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}
