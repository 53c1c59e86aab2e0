//! `auditpress publish`: the built site as one zip file to hand to an intranet team or copy to a
//! shared drive, with a manifest that lists every file with its size and SHA-256, the digest of
//! the content it was built from and the audience it is for. Anyone can check a copy against the
//! manifest, and tell which content and audience it came from.

use std::io::Write as _;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{WriteError, io_error};
use crate::render::OutputFile;

/// The manifest's name at the top of the zip.
pub const MANIFEST: &str = "auditpress-manifest.json";

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// The program and version that built the site.
    pub generator: String,
    pub audience: String,
    pub marking: String,
    /// SHA-256 over every file of the content folder, by path: the same content gives the same
    /// digest.
    pub inputs_digest: String,
    pub files: Vec<ManifestEntry>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ManifestEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl Manifest {
    pub fn new(
        files: &[OutputFile],
        audience: &str,
        marking: &str,
        inputs_digest: &str,
    ) -> Manifest {
        Manifest {
            generator: format!("auditpress {}", env!("CARGO_PKG_VERSION")),
            audience: audience.to_string(),
            marking: marking.to_string(),
            inputs_digest: inputs_digest.to_string(),
            files: files
                .iter()
                .map(|f| ManifestEntry {
                    path: f.path.clone(),
                    size: f.bytes.len() as u64,
                    sha256: sha256_hex(&f.bytes),
                })
                .collect(),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes the site's files and the manifest as a zip at `to`, replacing it only once the zip is
/// complete. Entries are in path order with a fixed date, so the same site gives the same bytes.
pub fn write_zip(to: &Path, files: &[OutputFile], manifest: &Manifest) -> Result<(), WriteError> {
    let folder = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder).map_err(io_error(folder))?;
    let temp = tempfile::NamedTempFile::new_in(folder).map_err(io_error(folder))?;
    {
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(temp.as_file()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let manifest_json = serde_json::to_vec_pretty(manifest).map_err(|e| WriteError::Io {
            path: to.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        let entries = std::iter::once((MANIFEST, manifest_json.as_slice()))
            .chain(files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())));
        for (name, bytes) in entries {
            zip.start_file(name, options)
                .map_err(|e| zip_error(to, e))?;
            zip.write_all(bytes).map_err(io_error(to))?;
        }
        let mut inner = zip.finish().map_err(|e| zip_error(to, e))?;
        inner.flush().map_err(io_error(to))?;
    }
    temp.as_file().sync_all().map_err(io_error(to))?;
    temp.persist(to).map_err(|e| WriteError::Io {
        path: to.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

fn zip_error(path: &Path, error: zip::result::ZipError) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_lists_each_file_with_its_size_and_hash() {
        let files = [OutputFile {
            path: "index.html".into(),
            bytes: b"abc".to_vec(),
        }];
        let manifest = Manifest::new(&files, "public", "OFFICIAL", "d1");
        assert_eq!(
            manifest.files,
            [ManifestEntry {
                path: "index.html".into(),
                size: 3,
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            }]
        );
    }
}
