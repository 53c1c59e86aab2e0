//! Pages rendered by an earlier build in the same process (`serve`), reused when nothing they
//! show has changed, so that an edit to one page re-renders that page and little else.
//!
//! A page is reused only when its key is unchanged. The key covers everything the build read
//! but the Markdown bodies, plus what the bodies give the whole site (every heading, for
//! links, and the tables the directives ask the analysis for), plus the bodies the page itself
//! shows. Anything else a page could depend on is in the shared part, so a reused page is the
//! page a full build would make.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::markdown::Heading;
use super::{Job, Rendered};
use crate::load::{Fingerprint, Fingerprinter, InputFingerprints};
use crate::validate::Project;

/// What one build rendered, kept for the next.
#[derive(Default)]
pub struct RenderCache {
    pages: Mutex<HashMap<Job, (Fingerprint, Arc<Rendered>)>>,
}

/// A cache, with the fingerprints of what this build read.
#[derive(Clone, Copy)]
pub struct Reuse<'a> {
    pub cache: &'a RenderCache,
    pub inputs: &'a InputFingerprints,
}

impl RenderCache {
    pub fn new() -> RenderCache {
        RenderCache::default()
    }

    /// What the last build rendered, leaving the cache empty.
    pub(super) fn take(&self) -> HashMap<Job, (Fingerprint, Arc<Rendered>)> {
        std::mem::take(&mut *self.pages.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Keeps what this build rendered (and only that, so the cache does not grow).
    pub(super) fn keep(&self, pages: HashMap<Job, (Fingerprint, Arc<Rendered>)>) {
        *self.pages.lock().unwrap_or_else(|p| p.into_inner()) = pages;
    }
}

/// The part of every page's key that does not depend on the page.
pub(super) fn site_key(
    inputs: &InputFingerprints,
    project: &Project,
    headings: &[&[Heading]],
) -> Fingerprint {
    let mut key = Fingerprinter::default();
    key.fingerprint(inputs.shared)
        .text(project.audience.name())
        // What the bodies ask of the analysis, which any page showing its results depends on.
        .text(&format!("{:?}", project.requests));
    for page in headings {
        key.number(page.len() as u64);
        for h in *page {
            key.number(u64::from(h.level)).text(&h.id).text(&h.text);
        }
    }
    key.finish()
}

/// A page's key: the site's, the page, and the bodies it shows.
pub(super) fn page_key(
    site: Fingerprint,
    inputs: &InputFingerprints,
    job: Job,
    bodies: &[&Path],
) -> Fingerprint {
    let mut key = Fingerprinter::default();
    key.fingerprint(site).text(&format!("{job:?}"));
    for path in bodies {
        match inputs.bodies.get(*path) {
            Some(body) => key.number(1).fingerprint(*body),
            None => key.number(0).path(path),
        };
    }
    key.finish()
}
