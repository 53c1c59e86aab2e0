//! Loading published statistics: each `indicators/<name>.yaml` with the data file and the
//! comparator file it names, `comparators/<name>.yaml`, `taxonomy.yaml` and the rules that
//! write comparison sentences.

use std::path::{Path, PathBuf};

use super::SourceFile;
use super::text;
use crate::diagnostics::Diagnostic;
use crate::limits;
use crate::published::meta::{ComparatorFile, DatasetMeta, TaxonomyFile};
use crate::yaml;

/// A dataset's YAML with the texts of the files it names.
#[derive(Debug, Clone)]
pub struct LoadedDataset {
    pub name: String,
    pub meta: DatasetMeta,
    pub source: SourceFile,
    /// The data file, relative to the content folder, and its text.
    pub data: (PathBuf, String),
    /// The comparator file beside it, if `comparators:` names a file.
    pub comparators: Option<(PathBuf, String)>,
}

#[derive(Debug, Clone)]
pub struct LoadedComparators {
    pub name: String,
    pub meta: ComparatorFile,
    pub source: SourceFile,
}

#[derive(Debug, Clone)]
pub struct LoadedTaxonomy {
    pub meta: TaxonomyFile,
    pub source: SourceFile,
}

/// Whether `comparators:` names a file beside the YAML (rather than a built-in group or one
/// in `comparators/`).
pub fn names_a_file(value: &str) -> bool {
    [".csv", ".json"]
        .iter()
        .any(|e| value.to_ascii_lowercase().ends_with(e))
}

pub fn dataset(
    root: &Path,
    relative: &Path,
    name: &str,
    text: String,
) -> Result<LoadedDataset, Diagnostic> {
    let meta: DatasetMeta = yaml::parse(&text, relative, 1)?;
    let folder = relative.parent().unwrap_or(Path::new(""));
    let beside = |file: &str, key: &str| -> Result<(PathBuf, String), Diagnostic> {
        let escapes = Path::new(file).is_absolute()
            || Path::new(file)
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
        if escapes {
            return Err(Diagnostic::error(
                relative,
                format!(
                    "the file `{}` is outside the indicators folder",
                    limits::quote(file)
                ),
            )
            .at_position(yaml::locate_value(&text, key, file, 1))
            .with_help("keep the data files beside the YAML that describes them"));
        }
        let path = folder.join(file);
        if !root.join(&path).is_file() {
            return Err(Diagnostic::error(
                relative,
                format!("the file `{}` does not exist", limits::quote(file)),
            )
            .at_position(yaml::locate_value(&text, key, file, 1))
            .with_help("put the data file beside this YAML, or correct its name"));
        }
        let data = text::read_text(root, &path, limits::CASE_FILE_BYTES)?;
        Ok((path, data))
    };
    let data = beside(&meta.file, "file")?;
    let comparators = match &meta.comparators {
        Some(value) if names_a_file(value) => Some(beside(value, "comparators")?),
        _ => None,
    };
    Ok(LoadedDataset {
        name: name.to_string(),
        meta,
        source: SourceFile {
            path: relative.to_path_buf(),
            text,
        },
        data,
        comparators,
    })
}

pub fn comparators(
    relative: &Path,
    name: &str,
    text: String,
) -> Result<LoadedComparators, Diagnostic> {
    Ok(LoadedComparators {
        name: name.to_string(),
        meta: yaml::parse(&text, relative, 1)?,
        source: SourceFile {
            path: relative.to_path_buf(),
            text,
        },
    })
}

pub fn taxonomy(relative: &Path, text: String) -> Result<LoadedTaxonomy, Diagnostic> {
    Ok(LoadedTaxonomy {
        meta: yaml::parse(&text, relative, 1)?,
        source: SourceFile {
            path: relative.to_path_buf(),
            text,
        },
    })
}
