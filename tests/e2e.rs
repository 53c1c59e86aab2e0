//! End-to-end checks with the clients auditors and readers use: the built example is opened
//! page by page in Debian's Chromium from file://, checked with axe-core (WCAG 2.0, 2.1, 2.2 A
//! and AA) at desktop and phone width, validated by the Nu HTML Checker, and printed to PDF,
//! which poppler-utils must find A4 and complete. A deliberately broken fixture proves that each
//! check can fail.
//!
//! Needs: `/usr/bin/chromium`, `pdfinfo` and `pdftotext` (poppler-utils), `java`, `node`, and the
//! npm packages of package.json (`npm ci`). `.ci/run` installs them all.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct BrowserReport {
    pages: Vec<PageReport>,
    prints: Vec<PrintReport>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageReport {
    page: String,
    console_errors: Vec<String>,
    failed_requests: Vec<String>,
    broken_links: Vec<String>,
    axe: Vec<AxeViolation>,
    reflow: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct AxeViolation {
    width: u32,
    id: String,
    impact: Option<String>,
    help: String,
    nodes: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct PrintReport {
    page: String,
    pdf: PathBuf,
    title: String,
    text: String,
}

fn require_tools() {
    let missing: Vec<&str> = [
        ("/usr/bin/chromium", Path::new("/usr/bin/chromium").exists()),
        (
            "node",
            Command::new("node").arg("--version").output().is_ok(),
        ),
        (
            "java",
            Command::new("java").arg("-version").output().is_ok(),
        ),
        (
            "pdfinfo (poppler-utils)",
            Command::new("pdfinfo").arg("-v").output().is_ok(),
        ),
        (
            "node_modules (npm ci)",
            common::repo().join("node_modules/playwright-core").is_dir(),
        ),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(name, _)| name)
    .collect();
    assert!(
        missing.is_empty(),
        "the end-to-end tests need {missing:?}: run .ci/run, or install chromium, poppler-utils and a Java runtime, then `npm ci`"
    );
}

fn browser_check(site: &Path, print: &[&str], pdf_dir: &Path) -> BrowserReport {
    let output = Command::new("node")
        .arg(common::repo().join("tests/e2e/browser-check.mjs"))
        .arg(site)
        .args(["--print", &print.join(","), "--pdf-dir"])
        .arg(pdf_dir)
        .current_dir(common::repo())
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "browser-check.mjs failed: {}",
        common::stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("browser-check.mjs prints its JSON report")
}

/// Error messages of the Nu HTML Checker for every HTML file under `site`.
fn nu_html_errors(site: &Path) -> Vec<String> {
    let jar = common::repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let output = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--skip-non-html"])
        .arg(site)
        .output()
        .expect("java runs the Nu HTML Checker");
    // The checker writes its report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|_| {
        panic!(
            "the Nu HTML Checker's report is JSON: {}",
            common::stderr(&output)
        )
    });
    report["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .map(|m| {
            format!(
                "{}:{}: {}",
                m["url"].as_str().unwrap_or(""),
                m["lastLine"],
                m["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn words(text: &str) -> BTreeMap<String, usize> {
    // pdftotext joins words hyphenated at a line end ("long-" + "term" gives "longterm"), so
    // hyphens join words on both sides of the comparison.
    let text = text.replace(['-', '\u{ad}', '\u{2010}', '\u{2011}'], "");
    let mut counts = BTreeMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
    {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// What is wrong with a printed page: not A4, too many sheets, or text that did not make it.
fn pdf_problems(print: &PrintReport, max_pages: usize) -> Vec<String> {
    let info = Command::new("pdfinfo")
        .arg(&print.pdf)
        .output()
        .expect("pdfinfo runs");
    let info = common::stdout(&info);
    let mut problems = Vec::new();
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or("");
    if !size.contains("(A4)") {
        problems.push(format!("{}: not A4 ({size})", print.page));
    }
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    if pages == 0 || pages > max_pages {
        problems.push(format!("{}: {pages} printed pages", print.page));
    }
    let text = Command::new("pdftotext")
        .arg(&print.pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let printed = words(&common::stdout(&text));
    let missing: Vec<String> = words(&print.text)
        .into_iter()
        .filter(|(word, count)| printed.get(word).copied().unwrap_or(0) < *count)
        .map(|(word, _)| word)
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "{}: text missing from the PDF: {missing:?}",
            print.page
        ));
    }
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if print.title.is_empty() || !flat(&common::stdout(&text)).contains(&flat(&print.title)) {
        problems.push(format!(
            "{}: the title {:?} is not in the PDF",
            print.page, print.title
        ));
    }
    problems
}

/// Builds the example for `audience` and checks every page in the browser, with axe and the Nu
/// HTML Checker, printing `key_pages` to PDF.
fn check_example(audience: auditpress::model::Audience, key_pages: &[&str]) {
    require_tools();
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    let mut options = auditpress::BuildOptions::new(common::repo().join("content"));
    options.audience = Some(audience);
    auditpress::build(&options, &site).expect("the example builds");

    let report = browser_check(&site, key_pages, &temp.path().join("pdf"));
    let html_pages = common::tree(&site)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .count();
    assert_eq!(report.pages.len(), html_pages, "every page was opened");

    let mut problems = Vec::new();
    for page in &report.pages {
        for e in &page.console_errors {
            problems.push(format!("{}: console error: {e}", page.page));
        }
        for r in &page.failed_requests {
            problems.push(format!("{}: failed request: {r}", page.page));
        }
        for l in &page.broken_links {
            problems.push(format!("{}: broken link: {l}", page.page));
        }
        for v in &page.axe {
            problems.push(format!(
                "{}: axe {} at {}px: {} {:?}",
                page.page, v.id, v.width, v.help, v.nodes
            ));
        }
        for r in &page.reflow {
            problems.push(format!("{}: does not reflow: {r}", page.page));
        }
    }
    assert_eq!(report.prints.len(), key_pages.len());
    for print in &report.prints {
        // An audit page holds a dozen tables with their charts.
        problems.extend(pdf_problems(print, 24));
    }
    problems.extend(nu_html_errors(&site));
    assert!(
        problems.is_empty(),
        "{audience} build, {} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_example_site_passes_in_real_clients() {
    check_example(
        auditpress::model::Audience::Internal,
        &[
            "index.html",
            "authorities/index.html",
            "authorities/barking-and-dagenham/index.html",
            "authorities/sutton/audits/looked-after-children-2001/index.html",
            "lessons/barking-and-dagenham/index.html",
            "lessons/north-east/index.html",
            "comparisons/index.html",
            "comparisons/indicators/referrals/re-referrals/index.html",
            "comparisons/audits/referrals/index.html",
            "authorities/sutton/index.html",
            "briefings/sutton/index.html",
            "briefings/seminar-pack/index.html",
        ],
    );
}

#[test]
fn the_public_build_with_its_hidden_figures_passes_too() {
    check_example(
        auditpress::model::Audience::Public,
        &[
            "authorities/gloucestershire/audits/children-with-disabilities-2001/index.html",
            "lessons/sutton/index.html",
        ],
    );
}

#[test]
fn a_broken_fixture_fails_every_check() {
    require_tools();
    let fixture = common::repo().join("tests/fixtures/broken-site");
    let temp = tempfile::tempdir().unwrap();
    let report = browser_check(&fixture, &["index.html"], temp.path());
    let page = report
        .pages
        .iter()
        .find(|p| p.page == "index.html")
        .expect("the fixture's page was opened");

    assert!(
        page.console_errors
            .iter()
            .any(|e| e.contains("not defined")),
        "{:?}",
        page.console_errors
    );
    assert!(
        page.failed_requests.iter().any(|r| r.contains("chart.png")),
        "{:?}",
        page.failed_requests
    );
    assert!(
        page.broken_links
            .iter()
            .any(|l| l.contains("missing.html: no such file")),
        "{:?}",
        page.broken_links
    );
    assert!(
        page.broken_links
            .iter()
            .any(|l| l.contains("no element with id \"nowhere\"")),
        "{:?}",
        page.broken_links
    );
    // 600px of content plus the body's default 8px margin.
    assert_eq!(page.reflow, ["608px wide in a 390px window"]);
    let axe: Vec<&str> = page.axe.iter().map(|v| v.id.as_str()).collect();
    for rule in ["image-alt", "color-contrast", "link-name"] {
        assert!(axe.contains(&rule), "axe did not report {rule}: {axe:?}");
    }

    let html = nu_html_errors(&fixture);
    assert!(
        html.iter().any(|e| e.contains("Duplicate ID")),
        "the Nu HTML Checker did not report the duplicate id: {html:?}"
    );
    assert!(
        html.iter()
            .any(|e| e.contains("not allowed as child of element")),
        "the Nu HTML Checker did not report the misplaced element: {html:?}"
    );

    let print = &report.prints[0];
    let problems = pdf_problems(print, 12);
    assert!(
        problems.iter().any(|p| p.contains("not A4")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("text missing from the PDF")),
        "{problems:?}"
    );
}

#[test]
fn search_works_from_a_shared_drive() {
    require_tools();
    let temp = tempfile::tempdir().unwrap();
    let site = temp.path().join("site");
    auditpress::build(
        &auditpress::BuildOptions::new(common::repo().join("content")),
        &site,
    )
    .expect("the example builds");
    let output = Command::new("node")
        .arg(common::repo().join("tests/e2e/search-check.mjs"))
        .arg(&site)
        .arg("domestic violence")
        .current_dir(common::repo())
        .output()
        .expect("node runs");
    assert!(output.status.success(), "{}", common::stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let status = report["status"].as_str().unwrap();
    assert!(
        status.ends_with(" pages match “domestic violence”."),
        "{status}"
    );
    assert_eq!(
        report["linked"], report["status"],
        "a search by address finds the same"
    );
    assert_eq!(report["errors"], serde_json::json!([]));
    let results = report["results"].as_array().unwrap();
    assert!(results.len() >= 5, "{results:?}");
    assert!(
        results
            .iter()
            .any(|r| r["title"] == "Lessons from Barking and Dagenham"),
        "{results:?}"
    );
    for result in results {
        let href = result["href"].as_str().unwrap();
        let path = href.strip_prefix("file://").unwrap();
        assert!(Path::new(path).is_file(), "a result leads nowhere: {href}");
    }
}

#[test]
fn a_served_page_shows_a_build_error_over_itself_until_it_is_fixed() {
    require_tools();
    let project = common::Project::new();
    let mut server = Command::new(env!("CARGO_BIN_EXE_auditpress"))
        .args(["serve", "--port", "0"])
        .current_dir(project.root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stdout = server.stdout.take().expect("its output");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let address = loop {
        let line = lines
            .next()
            .and_then(Result::ok)
            .expect("serve says where it is");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let file = project.content().join("pages/about.md");
    let output = Command::new("node")
        .arg(common::repo().join("tests/e2e/serve-check.mjs"))
        .arg(format!("http://{address}/pages/about/index.html"))
        .arg(&file)
        .arg("---\ntitle: [unclosed\n---\n\nBroken.\n")
        .current_dir(common::repo())
        .output()
        .expect("node runs");
    let _ = server.kill();
    let _ = server.wait();
    assert!(output.status.success(), "{}", common::stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["before"], 0, "no overlay on a good build");
    assert_eq!(report["role"], "alert");
    let shown = report["shown"].as_str().unwrap();
    assert!(
        shown.starts_with("The build failed: 1 problem\n\npages/about.md:2:8: title: invalid type: sequence, expected a string"),
        "{shown}"
    );
    assert_eq!(
        report["after"], 0,
        "the overlay clears once the file is fixed"
    );
    assert_eq!(report["errors"], serde_json::json!([]));
}
