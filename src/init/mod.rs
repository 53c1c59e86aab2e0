//! `auditpress init DIR`: a small working project a new user can edit and build at once.

pub mod scaffold;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

macro_rules! starter_files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("starter/", $path)))),*]
    };
}

/// The starter project: (path inside the new folder, text).
const STARTER: &[(&str, &str)] = starter_files![
    "README.md",
    "content/site.yaml",
    "content/index.md",
    "content/schemas/mns.yaml",
    "content/authorities/example-borough/authority.yaml",
    "content/authorities/example-borough/audits/referrals-2024/audit.yaml",
    "content/authorities/example-borough/audits/referrals-2024/cases.csv",
    "content/lessons/example-borough.md",
    "content/pages/about.md",
];

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already exists and is not empty; choose a new folder name", .0.display())]
    NotEmpty(PathBuf),
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Creates the starter project in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<(), InitError> {
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(io_error(dir))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    for (path, text) in STARTER {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        fs::write(&target, text).map_err(io_error(&target))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x"), "").unwrap();
        assert!(matches!(init(dir.path()), Err(InitError::NotEmpty(_))));
    }
}
