use std::path::{Path, PathBuf};

// The disclosure control solves thousands of small linear programmes, each allocating many
// short-lived vectors: mimalloc makes those allocations about a third cheaper than glibc's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;
use std::time::Instant;

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
use auditpress::model::Audience;
use auditpress::{BuildError, BuildOptions};

/// Turn children's services audit data and the narrative that interprets it into a linked
/// static site for the intranet.
#[derive(Parser)]
#[command(name = "auditpress", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    /// Create a small working project to start from
    Init {
        /// The folder to create (it must not exist, or be empty)
        dir: PathBuf,
    },
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            output,
            audience,
        } => build(content, &output, audience),
        Command::Check {
            content,
            output,
            audience,
        } => check(content, &output, audience),
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

fn options(content: PathBuf, audience: Option<AudienceArg>) -> BuildOptions {
    let mut options = BuildOptions::new(content);
    options.audience = audience.map(Audience::from);
    options
}

fn build(content: PathBuf, output: &Path, audience: Option<AudienceArg>) -> ExitCode {
    let started = Instant::now();
    let options = options(content, audience);
    match auditpress::build(&options, output) {
        Ok(built) => {
            print_diagnostics(&built.warnings, &options.content);
            say!(
                "Built {} pages for the {} audience into {} in {:.2} s.",
                built.site.page_count,
                built.project.audience,
                output.display(),
                started.elapsed().as_secs_f64()
            );
            say!("Open {} in a browser.", output.join("index.html").display());
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

fn check(content: PathBuf, output: &Path, audience: Option<AudienceArg>) -> ExitCode {
    let options = options(content, audience);
    match auditpress::check(&options, output) {
        Ok(built) => {
            print_diagnostics(&built.warnings, &options.content);
            say!(
                "{} is fine: {} pages would be built for the {} audience.",
                options.content.display(),
                built.site.page_count,
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

fn print_diagnostics(diagnostics: &Diagnostics, content: &Path) {
    for diagnostic in diagnostics.clone().into_sorted() {
        esay!("{}", diagnostic.display_under(content));
    }
}
