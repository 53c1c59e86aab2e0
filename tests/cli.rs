//! The command line: help for every command, exit codes, and a new project that builds at once.

mod common;

use std::process::Command;

fn auditpress(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_auditpress"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for (command, expected) in [
        ("build", "Build the site from the content folder"),
        (
            "check",
            "Load and check everything, as a build would, but write nothing",
        ),
        ("init", "Create a small working project to start from"),
        (
            "publish",
            "Build the site and write it as one zip, with a manifest of every file",
        ),
        (
            "serve",
            "Serve the site on this computer, rebuilding it and reloading the browser as you edit",
        ),
        (
            "new",
            "Write a new file to fill in: an authority, audit, page, lessons page, briefing or indicator",
        ),
    ] {
        let output = auditpress(&[command, "--help"], dir.path());
        assert!(output.status.success());
        let text = common::stdout(&output);
        assert!(text.starts_with(expected), "{command} --help: {text}");
    }
    let top = common::stdout(&auditpress(&["--help"], dir.path()));
    for command in ["build", "check", "init", "publish", "serve", "new"] {
        assert!(top.contains(command), "{top}");
    }
}

#[test]
fn init_then_build_works_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let init = auditpress(&["init", "audits"], dir.path());
    assert!(init.status.success(), "{}", common::stderr(&init));
    let project = dir.path().join("audits");
    let build = auditpress(&["build"], &project);
    assert!(build.status.success(), "{}", common::stderr(&build));
    let out = common::stdout(&build);
    assert!(
        out.starts_with(
            "Built 14 pages, 9 charts, 26 downloads and 0 PDFs for the internal audience into site in "
        ) && out.contains(" s, with no warnings.\nOpen site/index.html in a browser.\n"),
        "{out}"
    );
    assert!(project.join("site/index.html").is_file());
    assert!(
        project
            .join("site/lessons/example-borough/index.html")
            .is_file()
    );

    let check = auditpress(&["check"], &project);
    assert!(check.status.success());
    assert_eq!(
        common::stdout(&check),
        "content is fine: 14 pages, 9 charts, 26 downloads and 0 PDFs would be built for the internal audience, with no warnings.\nNothing is suppressed for the internal audience.\n"
    );
}

#[test]
fn init_refuses_a_folder_with_files_in_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let output = auditpress(&["init", "."], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        common::stderr(&output),
        "error: . already exists and is not empty; choose a new folder name\n"
    );
}

#[test]
fn unknown_arguments_fail() {
    let dir = tempfile::tempdir().unwrap();
    let output = auditpress(&["build", "--audiense", "public"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        common::stderr(&output).contains("--audience"),
        "{}",
        common::stderr(&output)
    );
}

#[test]
fn a_site_that_knows_its_address_gets_a_sitemap_and_a_404_page_that_works_at_any_address() {
    let p = common::Project::new();
    let build = p.run(&["build"]);
    assert!(build.status.success(), "{}", common::stderr(&build));
    assert!(!p.site().join("sitemap.xml").exists());
    let not_found = std::fs::read_to_string(p.site().join("404.html")).unwrap();
    assert!(not_found.contains("<link rel=\"stylesheet\" href=\"assets/style.css\">"));

    p.edit(
        "site.yaml",
        "title:",
        "base_url: https://intranet.example/audits\ntitle:",
    );
    let build = p.run(&["build"]);
    assert!(build.status.success(), "{}", common::stderr(&build));
    let sitemap = std::fs::read_to_string(p.site().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<url><loc>https://intranet.example/audits/lessons/example-borough/index.html</loc></url>"),
        "{sitemap}"
    );
    assert_eq!(sitemap.matches("<url>").count(), 13, "{sitemap}");
    let not_found = std::fs::read_to_string(p.site().join("404.html")).unwrap();
    assert!(not_found.contains("<link rel=\"stylesheet\" href=\"/audits/assets/style.css\">"));
    assert!(
        not_found.contains("<a href=\"/audits/authorities/index.html\">list of authorities</a>")
    );
    // Every other page stays relative, so the site still works opened from disk.
    let home = std::fs::read_to_string(p.site().join("index.html")).unwrap();
    assert!(home.contains("<link rel=\"stylesheet\" href=\"assets/style.css\">"));
}

#[test]
fn problems_show_their_line_with_the_offending_part_underlined() {
    let p = common::Project::new();
    p.edit(
        "site.yaml",
        "audience: internal",
        "audience: internal\nprotective_marking: official",
    );
    p.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.title }}</h1>\n{{ page.author.name }}\n{% endblock content %}\n",
    );
    let cases = "authorities/example-borough/audits/referrals-2024/cases.csv";
    let text = p.read(cases);
    p.write(
        cases,
        text.replacen("EB-REF-0002,6,", "EB-REF-0002,six,", 1),
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_auditpress"))
        .arg("build")
        .env("NO_COLOR", "1")
        .current_dir(p.root())
        .output()
        .expect("auditpress runs");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(common::stderr(&output));
}
