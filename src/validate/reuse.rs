//! Published datasets read by an earlier build in the same process (`serve`), reused while
//! their files are unchanged: reading a national statistics file is the longest part of
//! checking a project, and the files rarely change while the narrative is written.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::load::published::LoadedDataset;
use crate::load::{Fingerprint, Fingerprinter};
use crate::published::dataset::Dataset;

type Read = (Option<Dataset>, Vec<Diagnostic>);

/// What reading each dataset gave, by the fingerprint of its files.
#[derive(Debug, Default)]
pub struct DatasetCache {
    read: Mutex<HashMap<Fingerprint, Read>>,
}

impl DatasetCache {
    pub fn new() -> DatasetCache {
        DatasetCache::default()
    }

    /// Starts a build: what the last build read, for this one to take from.
    pub(super) fn start(&self) -> HashMap<Fingerprint, Read> {
        std::mem::take(&mut *self.read.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Ends a build, keeping what it read (and only that, so the cache does not grow).
    pub(super) fn finish(&self, read: HashMap<Fingerprint, Read>) {
        *self.read.lock().unwrap_or_else(|p| p.into_inner()) = read;
    }
}

/// Everything `read` is a function of: the dataset's name, its YAML and its data file.
pub(super) fn key(loaded: &LoadedDataset) -> Fingerprint {
    let mut key = Fingerprinter::default();
    key.text(&loaded.name)
        .path(&loaded.source.path)
        .text(&loaded.source.text)
        .path(&loaded.data.0)
        .text(&loaded.data.1);
    key.finish()
}
