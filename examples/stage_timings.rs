//! How long each stage of a build takes, for profiling (see BENCHMARKS.md):
//!
//!     cargo run --release --example stage_timings -- CONTENT_DIR [AUDIENCE]

use std::path::PathBuf;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::Instant;

use auditpress::validate::ValidateOptions;

fn main() {
    let content = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "content".into()));
    let clock = Instant::now();
    let mut last = clock.elapsed();
    let mut lap = |stage: &str| {
        let now = clock.elapsed();
        println!("{stage:<10} {:>8.3} s", (now - last).as_secs_f64());
        last = now;
    };
    let Ok(loaded) = auditpress::load::load(&content) else {
        eprintln!("cannot load {}", content.display());
        return;
    };
    lap("load");
    let audience = match std::env::args().nth(2).as_deref() {
        Some("public") => Some(auditpress::model::Audience::Public),
        Some("members") => Some(auditpress::model::Audience::Members),
        Some("internal") => Some(auditpress::model::Audience::Internal),
        _ => None,
    };
    let options = ValidateOptions {
        today: time::OffsetDateTime::now_utc().date(),
        audience,
        reuse: None,
    };
    let (project, cases, _) = auditpress::validate::validate(loaded, options);
    lap("validate");
    let evidence = auditpress::analyse::analyse(&project, &cases);
    lap("analyse");
    let reports = auditpress::verify_all(&project, &evidence);
    lap("verify");
    let problems: usize = reports.iter().flatten().map(|r| r.problems.len()).sum();
    if problems > 0 {
        println!("{problems} disclosure problems");
    }
    let (site, _) = auditpress::render::render(&project, &evidence, None);
    lap("render");
    let _ = auditpress::render::check_links(&site);
    lap("links");
    let bytes: usize = site.files.iter().map(|f| f.bytes.len()).sum();
    println!("{} files, {:.1} MB", site.files.len(), bytes as f64 / 1e6);
}
