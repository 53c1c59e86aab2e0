//! The analyst's loop: scaffolds that build at once, `--quiet` and `--verbose`, publishing a zip
//! whose manifest checks out, and `serve`, which rebuilds on every edit and says so to the
//! browser.

mod common;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Project;

fn run(project: &Project, args: &[&str]) -> std::process::Output {
    project.run(args)
}

#[test]
fn each_scaffold_builds_at_once() {
    let p = Project::new();
    for args in [
        vec!["new", "authority", "Sutton"],
        vec!["new", "audit", "Referrals 2025", "--authority", "sutton"],
        vec!["new", "page", "About the team"],
        vec![
            "new",
            "lessons",
            "Lessons from Sutton",
            "--authority",
            "sutton",
        ],
        vec!["new", "briefing", "Referrals for the committee"],
        vec!["new", "indicator", "Assessments on time"],
    ] {
        let output = run(&p, &args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            common::stderr(&output)
        );
    }
    assert_eq!(
        p.read("authorities/sutton/authority.yaml"),
        "name: \"Sutton\"\nons_code: E09000029\ndfe_code: 319\nregion: \"London\"\ntype: london-borough\nsummary: |\n  A sentence or two about the authority and its audit work.\n"
    );
    let header = p.read("authorities/sutton/audits/referrals-2025/cases.csv");
    assert!(header.starts_with("case_id,age,sex,"), "{header}");
    assert_eq!(header.lines().count(), 1);
    assert_eq!(p.problems(), Vec::<String>::new());
    let build = run(&p, &["build"]);
    assert!(build.status.success(), "{}", common::stderr(&build));
    for page in [
        "authorities/sutton/index.html",
        "authorities/sutton/audits/referrals-2025/index.html",
        "pages/about-the-team/index.html",
        "lessons/lessons-from-sutton/index.html",
        "briefings/referrals-for-the-committee/index.html",
    ] {
        assert!(p.site().join(page).is_file(), "{page} was not built");
    }
    let audit = std::fs::read_to_string(
        p.site()
            .join("authorities/sutton/audits/referrals-2025/index.html"),
    )
    .expect("the audit page is readable");
    assert!(
        audit.contains("No case records have been entered for this audit yet."),
        "the new audit's page does not say it has no records"
    );
    assert!(
        !audit.contains("Tables in this audit"),
        "the new audit's page shows tables of no children"
    );
}

#[test]
fn scaffolds_refuse_what_they_cannot_make_well() {
    let p = Project::new();
    let cases = [
        (
            vec!["new", "authority", "Suttton"],
            "error: `Suttton` is not an English local authority\n  help: did you mean `Sutton`? Name the authority as the official list does\n",
        ),
        (
            vec!["new", "audit", "Referrals"],
            "error: an audit needs an authority\n  help: give the authority's folder name with --authority, such as --authority sutton\n",
        ),
        (
            vec!["new", "lessons", "Lessons", "--authority", "nowhere"],
            "error: there is no authority `nowhere` in the content folder\n  help: create it first with `auditpress new authority NAME`\n",
        ),
        (
            vec!["new", "page", "Our team"],
            "error: pages/our-team.md already exists\n  help: choose another name, or edit the file that is there\n",
        ),
    ];
    assert!(run(&p, &["new", "page", "Our team"]).status.success());
    for (args, expected) in cases {
        let output = run(&p, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(common::stderr(&output), expected, "{args:?}");
    }
}

#[test]
fn quiet_says_nothing_and_verbose_names_every_stage() {
    let p = Project::new();
    let quiet = run(&p, &["build", "--quiet"]);
    assert!(quiet.status.success());
    assert_eq!(common::stdout(&quiet), "");
    assert_eq!(common::stderr(&quiet), "");
    let verbose = run(&p, &["build", "--verbose"]);
    let said = common::stderr(&verbose);
    let stages: Vec<&str> = said
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        stages,
        ["load", "validate", "analyse", "verify", "render", "write"],
        "{said}"
    );
    assert!(said.contains("write"), "{said}");
}

#[test]
fn a_built_site_never_holds_the_reload_script() {
    let p = Project::new();
    assert!(run(&p, &["build"]).status.success());
    for (name, bytes) in common::tree(&p.site()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__auditpress"),
            "{name} holds the reload script"
        );
    }
}

#[test]
fn a_published_zip_matches_its_manifest_and_the_site() {
    let p = Project::new();
    let zip_path = p.root().join("out/intranet.zip");
    let output = run(
        &p,
        &[
            "publish",
            "--audience",
            "members",
            "--to",
            "out/intranet.zip",
        ],
    );
    assert!(output.status.success(), "{}", common::stderr(&output));
    let bytes = std::fs::read(&zip_path).expect("the zip is written");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut entries = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry");
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("readable");
        let name = entry.name().expect("a UTF-8 name").to_string();
        entries.insert(name, data);
    }
    let manifest: serde_json::Value = serde_json::from_slice(
        entries
            .remove("auditpress-manifest.json")
            .as_deref()
            .expect("the manifest is in the zip"),
    )
    .expect("the manifest is JSON");
    assert_eq!(manifest["audience"], "members");
    assert_eq!(manifest["marking"], "OFFICIAL-SENSITIVE");
    let digest = manifest["inputs_digest"].as_str().unwrap();
    assert_eq!(digest.len(), 64);
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len(), entries.len(), "every file is listed, once");
    for file in listed {
        let path = file["path"].as_str().unwrap();
        let data = entries
            .get(path)
            .unwrap_or_else(|| panic!("{path} is listed but not in the zip"));
        assert_eq!(file["size"].as_u64().unwrap(), data.len() as u64, "{path}");
        assert_eq!(file["sha256"].as_str().unwrap(), sha256(data), "{path}");
    }
    // The same as a build for that audience, file for file.
    assert!(
        run(&p, &["build", "--audience", "members"])
            .status
            .success()
    );
    let built: std::collections::BTreeMap<String, Vec<u8>> = common::tree(&p.site())
        .into_iter()
        .filter(|(name, _)| name != ".auditpress-output")
        .collect();
    assert_eq!(built, entries);
    // The same content gives the same digest; a change, another.
    assert!(run(&p, &["publish", "--to", "again.zip"]).status.success());
    let again = manifest_of(&p.root().join("again.zip"));
    assert_eq!(again["inputs_digest"], digest);
    p.edit("pages/about.md", "title:", "title: Changed,");
    assert!(
        run(&p, &["publish", "--to", "changed.zip"])
            .status
            .success()
    );
    assert_ne!(
        manifest_of(&p.root().join("changed.zip"))["inputs_digest"],
        digest
    );
}

fn manifest_of(path: &Path) -> serde_json::Value {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entry = archive.by_name("auditpress-manifest.json").unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn sha256(data: &[u8]) -> String {
    auditpress::write::publish::sha256_hex(data)
}

/// `auditpress serve` on a free port, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(project: &Project) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_auditpress"))
        .args(["serve", "--port", "0"])
        .current_dir(project.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().expect("its output");
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines
            .next()
            .and_then(Result::ok)
            .expect("serve says where it is serving");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .split('/')
                .next()
                .and_then(|p| p.parse().ok())
                .expect("a port");
        }
    };
    // Keep reading its output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// A plain HTTP GET: (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server answers");
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    use std::io::Write;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("a response");
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Waits for the build after `since`, as a served page does: the reload message.
fn next_build(port: u16, since: u64) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (status, body) = get(port, &format!("/__auditpress/wait?since={since}"));
        assert_eq!(status, 200, "{body}");
        let state: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        if state["generation"].as_u64().unwrap() > since {
            return state;
        }
        assert!(Instant::now() < deadline, "no rebuild came");
    }
}

#[test]
fn serve_rebuilds_on_every_edit_and_tells_the_page() {
    let p = Project::new();
    let server = serve(&p);
    let port = server.port;

    let (status, page) = get(port, "/pages/about/index.html");
    assert_eq!(status, 200);
    assert!(page.contains(
        "<script src=\"/__auditpress/live.js\" data-generation=\"1\"></script>\n</body>"
    ));
    let (status, script) = get(port, "/__auditpress/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("location.reload()"));
    assert_eq!(get(port, "/").0, 200);
    assert_eq!(get(port, "/no/such/page.html").0, 404);

    // A page edited: the new text is served, and a waiting page hears of it.
    p.edit(
        "pages/about.md",
        "---\n\n",
        "---\n\nA sentence added while serving.\n\n",
    );
    let state = next_build(port, 1);
    assert_eq!(state["problems"], serde_json::json!([]));
    let generation = state["generation"].as_u64().unwrap();
    assert!(
        get(port, "/pages/about/index.html")
            .1
            .contains("A sentence added while serving.")
    );

    // A case file edited: the audit's figures change.
    let cases = "authorities/example-borough/audits/referrals-2024/cases.csv";
    let before = get(
        port,
        "/authorities/example-borough/audits/referrals-2024/index.html",
    )
    .1;
    let text = p.read(cases);
    p.write(cases, text.replacen(",B,matched,", ",A,matched,", 1));
    let state = next_build(port, generation);
    let generation = state["generation"].as_u64().unwrap();
    let after = get(
        port,
        "/authorities/example-borough/audits/referrals-2024/index.html",
    )
    .1;
    assert_ne!(
        strip_script(&before),
        strip_script(&after),
        "the audit page did not change"
    );

    // A mistake: the page stays, and the problem is given with its file and line.
    p.edit("pages/about.md", "title:", "title: [unclosed");
    let state = next_build(port, generation);
    let problems = state["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .as_str()
            .unwrap()
            .starts_with("pages/about.md:2:"),
        "{problems:?}"
    );
    assert_eq!(get(port, "/pages/about/index.html").0, 200);
    let generation = state["generation"].as_u64().unwrap();
    p.edit("pages/about.md", "title: [unclosed", "title:");
    let state = next_build(port, generation);
    assert_eq!(state["problems"], serde_json::json!([]));

    // What is served is what a full build writes, but for the script.
    drop(server);
    assert!(run(&p, &["build"]).status.success());
    let server = serve(&p);
    for (name, bytes) in common::tree(&p.site()) {
        if name == ".auditpress-output" || !name.ends_with(".html") && !name.ends_with(".csv") {
            continue;
        }
        let (status, body) = get(server.port, &format!("/{name}"));
        assert_eq!(status, 200, "{name}");
        assert_eq!(
            strip_script(&body),
            String::from_utf8_lossy(&bytes),
            "{name}"
        );
    }
}

fn strip_script(html: &str) -> String {
    match html.find("<script src=\"/__auditpress/live.js\"") {
        Some(at) => {
            let end = html[at..]
                .find("</script>\n")
                .map_or(html.len(), |e| at + e + 10);
            format!("{}{}", &html[..at], &html[end..])
        }
        None => html.to_string(),
    }
}

/// Copies the example's content folder, so that a test can edit it.
fn example_copy() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("a temporary folder");
    for (path, bytes) in common::tree(&common::repo().join("content")) {
        let target = temp.path().join("content").join(path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("folder made");
        std::fs::write(target, bytes).expect("file written");
    }
    temp
}

/// Replaces the first `from` in a content file, which must hold it.
fn edit(content: &Path, path: &str, from: &str, to: &str) {
    let file = content.join(path);
    let text = std::fs::read_to_string(&file).expect("readable");
    assert!(text.contains(from), "{path} does not hold {from:?}");
    std::fs::write(file, text.replacen(from, to, 1)).expect("written");
}

#[test]
fn a_rebuild_reusing_earlier_work_equals_a_fresh_build_after_every_kind_of_edit() {
    let temp = example_copy();
    let content = temp.path().join("content");
    let cache = auditpress::BuildCache::new();
    let check = |options: &auditpress::BuildOptions, after: &str, shows: Option<(&str, &str)>| {
        let reused = auditpress::rebuild_in_memory(options, &cache)
            .unwrap_or_else(|e| panic!("after {after}, the rebuild failed: {e}"))
            .site
            .files;
        let fresh = auditpress::build_in_memory(options)
            .unwrap_or_else(|e| panic!("after {after}, the fresh build failed: {e}"))
            .site
            .files;
        let paths = |files: &[auditpress::render::OutputFile]| -> Vec<String> {
            files.iter().map(|f| f.path.clone()).collect()
        };
        assert_eq!(
            paths(&reused),
            paths(&fresh),
            "after {after}: the files differ"
        );
        for (r, f) in reused.iter().zip(&fresh) {
            assert!(
                r.bytes == f.bytes,
                "after {after}: {} differs from a fresh build",
                r.path
            );
        }
        if let Some((page, text)) = shows {
            let file = reused
                .iter()
                .find(|f| f.path == page)
                .expect("the page is built");
            assert!(
                String::from_utf8_lossy(&file.bytes).contains(text),
                "after {after}: {page} does not show {text:?}"
            );
        }
    };
    let mut options = auditpress::BuildOptions::new(&content);
    check(&options, "the first build", None);
    check(&options, "no change", None);

    edit(
        &content,
        "pages/about.md",
        "## The method",
        "A paragraph written since.\n\n## The method",
    );
    check(
        &options,
        "a page's text",
        Some(("pages/about/index.html", "A paragraph written since.")),
    );
    edit(
        &content,
        "pages/about.md",
        "## The method",
        "## How the method works",
    );
    check(
        &options,
        "a page's heading",
        Some(("pages/about/index.html", "id=\"how-the-method-works\"")),
    );
    edit(
        &content,
        "lessons/sutton.md",
        "title: Lessons from Sutton",
        "title: What Sutton learnt",
    );
    check(
        &options,
        "a page's title",
        Some(("lessons/index.html", "What Sutton learnt")),
    );
    edit(
        &content,
        "index.md",
        "Councils audit",
        "Every council audits",
    );
    check(
        &options,
        "the home page's text",
        Some(("index.html", "Every council audits")),
    );
    edit(
        &content,
        "authorities/sutton/audits/looked-after-children-2001/cases.csv",
        ",D,partly,458,",
        ",B,partly,458,",
    );
    check(&options, "a case file", None);
    edit(
        &content,
        "briefings/sutton.md",
        "\n## ",
        "\nA sentence written since.\n\n## ",
    );
    check(&options, "a briefing's text", None);
    edit(
        &content,
        "indicators/b1_children_in_need_2013_to_2025.csv",
        "Children in Need,756120,",
        "Children in Need,756130,",
    );
    check(&options, "a published statistics file", None);
    edit(
        &content,
        "site.yaml",
        "title: Matching Needs",
        "title: Needs and Services",
    );
    check(
        &options,
        "site.yaml",
        Some(("index.html", "Needs and Services")),
    );

    options.audience = Some(auditpress::model::Audience::Members);
    check(&options, "a change of audience", None);
    edit(
        &content,
        "pages/about.md",
        "A paragraph written since.",
        "A paragraph rewritten.",
    );
    check(
        &options,
        "a page's text for Members",
        Some(("pages/about/index.html", "A paragraph rewritten.")),
    );
}
