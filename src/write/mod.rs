//! Write stage: the only code that touches the output folder.
//!
//! The site is written into a fresh folder beside the target and swapped in only once every
//! file is written, so a failed build leaves the previous site as it was. A folder is only ever
//! replaced if an earlier build marked it as auditpress output.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::layout::MARKER;
use crate::render::OutputFile;

const MARKER_TEXT: &str = "This folder is written by auditpress and replaced in full by each build.\nEdit the content folder and build again instead of editing these files.\n";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} exists and is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error(
        "{} already holds files that auditpress did not write, so it will not replace them\n  help: choose another output folder with --output, or empty this one first",
        .0.display()
    )]
    NotOurs(PathBuf),
    #[error(
        "the output folder {} is inside the content folder {}\n  help: write the site outside the content folder, or it would be read back as content",
        .output.display(),
        .content.display()
    )]
    InsideContent { output: PathBuf, content: PathBuf },
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses an output folder that would be read back as content on the next build.
pub fn check_output_location(output: &Path, content: &Path) -> Result<(), WriteError> {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .map(|p| normalise(&p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (output_abs, content_abs) = (absolute(output), absolute(content));
    if output_abs.starts_with(&content_abs) {
        return Err(WriteError::InsideContent {
            output: output.to_path_buf(),
            content: content.to_path_buf(),
        });
    }
    Ok(())
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Writes `files` as the folder `output`, replacing an earlier build there.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    check_replaceable(output)?;
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".auditpress-staging-")
        .tempdir_in(&parent)
        .map_err(io_error(&parent))?;
    // Folders first, each once, then the files in parallel: on network and overlay file
    // systems the time goes in waiting on each call, not in the bytes.
    let folders: BTreeSet<&Path> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent())
        .collect();
    for folder in folders {
        let dir = staging.path().join(folder);
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
    }
    files.par_iter().try_for_each(|file| {
        let path = staging.path().join(&file.path);
        fs::write(&path, &file.bytes).map_err(io_error(&path))
    })?;
    let marker = staging.path().join(MARKER);
    fs::write(&marker, MARKER_TEXT).map_err(io_error(&marker))?;

    // From here the new site is complete: swap it in.
    let staged = staging.keep();
    if output.exists() {
        let retired = tempfile::Builder::new()
            .prefix(".auditpress-previous-")
            .tempdir_in(&parent)
            .map_err(io_error(&parent))?
            .keep();
        // `retired` is an empty folder we own; rename needs the name to be free.
        fs::remove_dir(&retired).map_err(io_error(&retired))?;
        fs::rename(output, &retired).map_err(|e| {
            let _ = fs::remove_dir_all(&staged);
            io_error(output)(e)
        })?;
        if let Err(e) = fs::rename(&staged, output) {
            // Put the previous site back rather than leave nothing.
            let _ = fs::rename(&retired, output);
            let _ = fs::remove_dir_all(&staged);
            return Err(io_error(output)(e));
        }
        remove_tree(&retired);
    } else {
        fs::rename(&staged, output).map_err(|e| {
            let _ = fs::remove_dir_all(&staged);
            io_error(output)(e)
        })?;
    }
    Ok(())
}

/// Removes a retired site, its subfolders in parallel. Best effort: a leftover hidden folder
/// beside the site is harmless, and the new site is already in place.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.par_iter().for_each(|path| {
            let _ = if path.is_dir() {
                fs::remove_dir_all(path)
            } else {
                fs::remove_file(path)
            };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// An output folder may be replaced if it does not exist, is empty, or carries our marker.
fn check_replaceable(output: &Path) -> Result<(), WriteError> {
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(WriteError::NotAFolder(output.to_path_buf()));
    }
    if output.join(MARKER).is_file() {
        return Ok(());
    }
    let mut entries = fs::read_dir(output).map_err(io_error(output))?;
    if entries.next().is_none() {
        Ok(())
    } else {
        Err(WriteError::NotOurs(output.to_path_buf()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Vec<OutputFile> {
        vec![
            OutputFile {
                path: "index.html".into(),
                bytes: text.as_bytes().to_vec(),
            },
            OutputFile {
                path: "a/b/index.html".into(),
                bytes: b"deep".to_vec(),
            },
        ]
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &files("one")).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        fs::write(out.join("stale.html"), "old").unwrap();
        write_site(&out, &files("two")).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("stale.html").exists());
        assert_eq!(
            fs::read_to_string(out.join("a/b/index.html")).unwrap(),
            "deep"
        );
        // Nothing is left beside the site.
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"]);
    }

    #[test]
    fn refuses_a_folder_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("documents");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("budget.xlsx"), "precious").unwrap();
        let error = write_site(&out, &files("x")).unwrap_err();
        assert!(matches!(error, WriteError::NotOurs(_)));
        assert_eq!(
            fs::read_to_string(out.join("budget.xlsx")).unwrap(),
            "precious"
        );
    }

    #[test]
    fn an_empty_folder_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path(), &files("x")).unwrap();
        assert!(dir.path().join(MARKER).exists());
    }

    #[test]
    fn output_inside_content_is_refused() {
        assert!(check_output_location(Path::new("content/site"), Path::new("content")).is_err());
        assert!(check_output_location(Path::new("site"), Path::new("content")).is_ok());
        assert!(check_output_location(Path::new("content/../site"), Path::new("content")).is_ok());
    }
}
