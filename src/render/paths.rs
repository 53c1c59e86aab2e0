//! Checks that every file of the built site can be copied to a Windows share or SharePoint:
//! names Windows keeps for devices, characters they refuse, and names and paths too long.
//! `check` runs this too, so a site that checks fine also writes fine.

use std::path::PathBuf;

use super::RenderedSite;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::limits;
use crate::slug::unsafe_name;

pub fn check(site: &RenderedSite) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    for file in &site.files {
        let problem = file
            .path
            .split('/')
            .find_map(|name| {
                unsafe_name(name).map(|why| format!("`{}`: {why}", limits::quote(name)))
            })
            .or_else(|| {
                (file.path.len() > limits::OUTPUT_PATH_BYTES).then(|| {
                    format!(
                        "the path is {} bytes long, more than the {} a site's paths may have",
                        file.path.len(),
                        limits::OUTPUT_PATH_BYTES
                    )
                })
            });
        let Some(problem) = problem else { continue };
        diagnostics.push(
            Diagnostic::error(
                source_of(site, &file.path),
                format!(
                    "the built site would hold `{}`, which cannot be copied to a Windows share or SharePoint: {problem}",
                    limits::quote(&file.path)
                ),
            )
            .with_help("rename the file or folder it comes from (or shorten the tag or title that names it)"),
        );
    }
    diagnostics
}

/// The content file a built file comes from: its page, the page whose folder holds it, or the
/// static file itself.
fn source_of(site: &RenderedSite, path: &str) -> PathBuf {
    if let Some(source) = site.sources.get(path) {
        return source.clone();
    }
    let mut folder = path;
    while let Some((parent, _)) = folder.rsplit_once('/') {
        if let Some(source) = site.sources.get(&format!("{parent}/index.html")) {
            return source.clone();
        }
        folder = parent;
    }
    PathBuf::from(path)
}
