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
    #[error(
        "the content folder {} is inside the output folder {}, which each build replaces in full\n  help: move the content folder out of the output folder, or write the site somewhere else with --output",
        .content.display(),
        .output.display()
    )]
    ContentInside { output: PathBuf, content: PathBuf },
    #[error(
        "the output folder {} is a link to {}, which auditpress did not write, so it will not replace it\n  help: give the folder itself with --output, or point the link at an earlier auditpress site",
        .output.display(),
        .target.display()
    )]
    Link { output: PathBuf, target: PathBuf },
    #[error(
        "another build is writing to {} (process {}), so this one stops rather than clash with it\n  help: wait for it to finish, then build again; if no build is running, delete {}",
        .output.display(),
        .pid,
        .lock.display()
    )]
    Busy {
        output: PathBuf,
        pid: String,
        lock: PathBuf,
    },
    #[error("cannot write {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

pub mod publish;

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `path` made absolute, with every link in the part of it that exists resolved: two paths to
/// the same place compare equal however they are written.
fn real(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path)
        .map(|p| normalise(&p))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return absolute,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// Where the site will really be written, after checking that writing there can lose nothing:
/// not inside the content folder (it would be read back as content), not around it (each build
/// replaces the output in full), and not through a link to a folder auditpress did not write.
/// A link to an earlier auditpress site is followed, and the site written where it points.
pub fn check_output_location(output: &Path, content: &Path) -> Result<PathBuf, WriteError> {
    let (target, written) = match fs::symlink_metadata(output) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            let target = real(output);
            if target.is_dir() && replaceable(&target).unwrap_or(false) {
                (target.clone(), target)
            } else {
                return Err(WriteError::Link {
                    output: output.to_path_buf(),
                    target,
                });
            }
        }
        // Messages name the folder as the user gave it.
        _ => (real(output), output.to_path_buf()),
    };
    let content_real = real(content);
    if target.starts_with(&content_real) {
        return Err(WriteError::InsideContent {
            output: output.to_path_buf(),
            content: content.to_path_buf(),
        });
    }
    if content_real.starts_with(&target) {
        return Err(WriteError::ContentInside {
            output: output.to_path_buf(),
            content: content.to_path_buf(),
        });
    }
    Ok(written)
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

/// The file that tells other builds this output folder is being written.
struct Lock {
    path: PathBuf,
}

impl Lock {
    fn take(parent: &Path, name: &str, output: &Path) -> Result<Lock, WriteError> {
        let path = parent.join(format!(".{name}.auditpress-lock"));
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    use std::io::Write;
                    file.write_all(std::process::id().to_string().as_bytes())
                        .map_err(io_error(&path))?;
                    return Ok(Lock { path });
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    let pid = fs::read_to_string(&path).unwrap_or_default();
                    if holder_is_running(pid.trim(), &path) {
                        return Err(WriteError::Busy {
                            output: output.to_path_buf(),
                            pid: pid.trim().to_string(),
                            lock: path,
                        });
                    }
                    // Left by a build that was stopped: take it over.
                    fs::remove_file(&path).map_err(io_error(&path))?;
                }
                Err(error) => return Err(io_error(&path)(error)),
            }
        }
        Err(io_error(&path)(io::Error::other(
            "the lock file keeps coming back",
        )))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether the build that wrote a lock file is still running: by its process, where the
/// system shows processes as files, otherwise by the lock's age (no build takes an hour).
fn holder_is_running(pid: &str, lock: &Path) -> bool {
    if pid.is_empty() || !pid.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.is_dir() {
        return proc.join(pid).exists();
    }
    fs::metadata(lock)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() < 3600)
}

/// Puts things right after a build that was stopped half way: a previous site set aside but
/// never replaced goes back in place, and left-over staging folders go.
fn recover(parent: &Path, name: &str, output: &Path) -> Result<(), WriteError> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let staging = format!(".auditpress-staging-{name}-");
    let previous = format!(".auditpress-previous-{name}-");
    let mut leftovers: Vec<(bool, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let is_previous = file_name.starts_with(&previous);
            (is_previous || file_name.starts_with(&staging)).then(|| (is_previous, e.path()))
        })
        .collect();
    leftovers.sort();
    for (is_previous, path) in leftovers {
        if is_previous && !output.exists() && path.join(MARKER).is_file() {
            fs::rename(&path, output).map_err(io_error(output))?;
        } else if path.join(MARKER).is_file() || is_empty_dir(&path) {
            remove_tree(&path);
        }
    }
    Ok(())
}

fn is_empty_dir(path: &Path) -> bool {
    fs::read_dir(path).is_ok_and(|mut e| e.next().is_none())
}

/// Writes `files` as the folder `output`, replacing an earlier build there. Either the old
/// site or the new one is in place at every moment, even if the build is stopped.
pub fn write_site(output: &Path, files: &[OutputFile]) -> Result<(), WriteError> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = output
        .file_name()
        .map_or_else(|| "site".to_string(), |n| n.to_string_lossy().into_owned());
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let _lock = Lock::take(&parent, &name, output)?;
    recover(&parent, &name, output)?;
    check_replaceable(output)?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".auditpress-staging-{name}-"))
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
    if !output.exists() {
        return fs::rename(&staged, output).map_err(|e| {
            let _ = fs::remove_dir_all(&staged);
            io_error(output)(e)
        });
    }
    if exchange(&staged, output).is_ok() {
        // `staged` now holds the previous site.
        remove_tree(&staged);
        return Ok(());
    }
    // Where the system cannot swap two folders in one step: set the old site aside, put the
    // new one in place, and let the next build restore the old one if this is stopped between.
    let retired = tempfile::Builder::new()
        .prefix(&format!(".auditpress-previous-{name}-"))
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
    Ok(())
}

/// Swaps two folders in one step, so there is never a moment with neither.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Removes a retired site, its subfolders in parallel. Best effort: a leftover hidden folder
/// beside the site is harmless (the next build removes it), and the new site is in place.
/// Links inside it are removed, never followed.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.par_iter().for_each(|path| {
            let is_dir = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_dir());
            let _ = if is_dir {
                fs::remove_dir_all(path)
            } else {
                fs::remove_file(path)
            };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// Whether a folder may be replaced: empty, or carrying our marker.
fn replaceable(dir: &Path) -> io::Result<bool> {
    if dir.join(MARKER).is_file() {
        return Ok(true);
    }
    Ok(fs::read_dir(dir)?.next().is_none())
}

/// An output folder may be replaced if it does not exist, is empty, or carries our marker.
fn check_replaceable(output: &Path) -> Result<(), WriteError> {
    let Ok(metadata) = fs::symlink_metadata(output) else {
        return Ok(());
    };
    if metadata.file_type().is_symlink() || !metadata.is_dir() {
        return Err(WriteError::NotAFolder(output.to_path_buf()));
    }
    if replaceable(output).map_err(io_error(output))? {
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
    fn output_inside_content_or_around_it_is_refused() {
        assert!(check_output_location(Path::new("content/site"), Path::new("content")).is_err());
        assert!(check_output_location(Path::new("site"), Path::new("content")).is_ok());
        assert!(check_output_location(Path::new("content/../site"), Path::new("content")).is_ok());
        assert!(matches!(
            check_output_location(Path::new("site"), Path::new("site/content")),
            Err(WriteError::ContentInside { .. })
        ));
        assert!(matches!(
            check_output_location(Path::new("."), Path::new("content")),
            Err(WriteError::ContentInside { .. })
        ));
    }

    #[test]
    fn a_site_set_aside_by_a_stopped_build_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &files("one")).unwrap();
        // A build stopped between its two renames: the old site set aside, nothing in place.
        fs::rename(&out, dir.path().join(".auditpress-previous-site-abc")).unwrap();
        fs::create_dir(dir.path().join(".auditpress-staging-site-def")).unwrap();
        write_site(&out, &files("two")).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"]);
    }

    #[test]
    fn a_second_build_into_the_same_folder_waits_its_turn() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let lock = dir.path().join(".site.auditpress-lock");
        // A running process (this one) holds the lock.
        fs::write(&lock, std::process::id().to_string()).unwrap();
        let error = write_site(&out, &files("x")).unwrap_err();
        assert!(matches!(error, WriteError::Busy { .. }), "{error}");
        // A lock left by a process that is gone is taken over.
        fs::write(&lock, "4000000000").unwrap();
        write_site(&out, &files("x")).unwrap();
        assert!(!lock.exists());
    }
}
