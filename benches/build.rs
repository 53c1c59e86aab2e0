//! Criterion benchmarks of the build, in memory (no writing), on generated content.
//! Whole-program figures against Hugo come from `benches/compare.sh`; see BENCHMARKS.md.
//!
//!     cargo bench --bench build

#[path = "../examples/synthetic/mod.rs"]
mod synthetic;

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use auditpress::BuildOptions;
use auditpress::render::markdown::{LinkTargets, MarkdownSource, Place, render};

fn build(content: &Path) -> usize {
    match auditpress::build_in_memory(&BuildOptions::new(content)) {
        Ok(built) => built.site.page_count,
        Err(error) => panic!("benchmark content does not build: {error}"),
    }
}

fn whole_builds(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let national = temp.path().join("national");
    let plain = temp.path().join("plain");
    synthetic::projects::write_national(&national).expect("national content written");
    synthetic::projects::write_plain(&plain, 2000).expect("plain content written");

    let mut group = c.benchmark_group("build in memory");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let pages = build(&national);
    group.throughput(Throughput::Elements(pages as u64));
    group.bench_function("national scale (153 authorities, 459 audits)", |b| {
        b.iter(|| build(&national))
    });
    let pages = build(&plain);
    group.throughput(Throughput::Elements(pages as u64));
    group.bench_function("2,000 plain pages", |b| b.iter(|| build(&plain)));
    group.finish();
}

/// The national build with a briefing per authority, each with its PDF: against the same build
/// without them, the difference is what the briefings cost.
fn briefings(c: &mut Criterion) {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let national = temp.path().join("national");
    synthetic::projects::write_national(&national).expect("national content written");
    synthetic::projects::add_briefing_per_authority(&national).expect("briefing written");
    let mut group = c.benchmark_group("briefings");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    let pages = build(&national);
    group.throughput(Throughput::Elements(pages as u64));
    group.bench_function(
        "national scale with a briefing and PDF per authority",
        |b| b.iter(|| build(&national)),
    );
    group.finish();
}

fn markdown(c: &mut Criterion) {
    let text = "---\ntitle: A page\n---\n\nIntro with *emphasis*, a [link](https://example.org) and a footnote.[^1]\n\n## What we found\n\n- One finding about children and families in the borough.\n- Another about placements and the distance from home.\n\n| Group | Children |\n|---|---:|\n| A | 12 |\n| B | 30 |\n\n## Conclusions\n\nThe audit was worth doing.\n\n[^1]: A note.\n".repeat(3);
    let targets = LinkTargets::default();
    let source = MarkdownSource {
        file: Path::new("pages/x.md"),
        place: Place::Within {
            file_text: &text,
            start: 0,
        },
        page_output: "pages/x/index.html",
        raw_html: auditpress::model::RawHtml::Sanitize,
    };
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("render a 1.6 KB page", |b| {
        b.iter(|| render(&text, &source, &targets))
    });
    group.finish();
}

criterion_group!(benches, whole_builds, briefings, markdown);
criterion_main!(benches);
