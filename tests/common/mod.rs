//! Helpers shared by the integration tests: a valid starter project to break on purpose, and
//! the built binary.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh copy of the starter project (`auditpress init`) in a temporary folder.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::tempdir().expect("a temporary folder");
        auditpress::init::init(dir.path()).expect("the starter project is written");
        Project { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    /// Writes `text` to `path` under the content folder, creating folders as needed.
    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> &Project {
        let target = self.content().join(path);
        fs::create_dir_all(target.parent().expect("a parent folder")).expect("folder created");
        fs::write(target, text).expect("file written");
        self
    }

    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.content().join(path)).expect("file read")
    }

    /// Replaces `from` with `to` in the content file at `path`; the text must be there.
    pub fn edit(&self, path: &str, from: &str, to: &str) -> &Project {
        let text = self.read(path);
        assert!(text.contains(from), "{path} does not contain {from:?}");
        self.write(path, text.replacen(from, to, 1))
    }

    pub fn remove(&self, path: &str) -> &Project {
        fs::remove_file(self.content().join(path)).expect("file removed");
        self
    }

    /// Runs `auditpress ARGS` in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_auditpress"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("auditpress runs")
    }

    /// The problems `check` reports, one string per problem, as `build` would print them.
    pub fn problems(&self) -> Vec<String> {
        match auditpress::build_in_memory(&auditpress::BuildOptions::new(self.content())) {
            Ok(_) => Vec::new(),
            Err(auditpress::BuildError::Content(diagnostics)) => diagnostics
                .into_sorted()
                .iter()
                .map(|d| d.to_string())
                .collect(),
            Err(other) => vec![other.to_string()],
        }
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, as (path relative to `dir` with `/` separators, bytes), sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).expect("under dir");
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (name, fs::read(e.path()).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

/// The repository's own folder (where `content/` and `site/` are).
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
