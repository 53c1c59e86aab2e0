//! How long each stage of a build takes, for profiling (see BENCHMARKS.md):
//!
//!     cargo run --release --example stage_timings -- CONTENT_DIR

use std::path::PathBuf;
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
    let options = ValidateOptions {
        today: time::OffsetDateTime::now_utc().date(),
        audience: None,
    };
    let (project, cases, _) = auditpress::validate::validate(loaded, options);
    lap("validate");
    let evidence = auditpress::analyse::analyse(&project, &cases);
    lap("analyse");
    let (site, _) = auditpress::render::render(&project, &evidence);
    lap("render");
    let _ = auditpress::render::check_links(&site);
    lap("links");
    let bytes: usize = site.files.iter().map(|f| f.bytes.len()).sum();
    println!("{} files, {:.1} MB", site.files.len(), bytes as f64 / 1e6);
}
