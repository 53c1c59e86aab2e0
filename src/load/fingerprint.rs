//! What a build read, condensed into fingerprints, so that a later build in the same process
//! (`serve`) can tell which of its results still hold.
//!
//! The narrative bodies of pages and briefings are fingerprinted one by one; everything else
//! that was read (YAML, front matter, case data, published statistics, templates, static
//! files) goes into one shared fingerprint. A rendered page can be reused when the shared
//! fingerprint and the bodies it shows are unchanged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{Loaded, LoadedDocument, SourceFile};

/// SHA-256 of some inputs. Collisions are not a practical concern, so equal fingerprints are
/// taken to mean equal inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint([u8; 32]);

/// Builds a [`Fingerprint`]. Every piece is written with its length, so that two sequences of
/// pieces give the same fingerprint only when the pieces are the same.
#[derive(Default)]
pub struct Fingerprinter(Sha256);

impl Fingerprinter {
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    pub fn path(&mut self, path: &Path) -> &mut Self {
        self.text(&path.to_string_lossy())
    }

    pub fn number(&mut self, n: u64) -> &mut Self {
        self.0.update(n.to_le_bytes());
        self
    }

    pub fn fingerprint(&mut self, f: Fingerprint) -> &mut Self {
        self.0.update(f.0);
        self
    }

    fn file(&mut self, file: &SourceFile) -> &mut Self {
        self.path(&file.path).text(&file.text)
    }

    /// A page's or briefing's path and front matter, not its body.
    fn front<F>(&mut self, document: &LoadedDocument<F>) -> &mut Self {
        self.path(&document.source.path)
            .text(&document.source.text[..document.body_start])
    }

    pub fn finish(self) -> Fingerprint {
        Fingerprint(self.0.finalize().into())
    }
}

/// The fingerprints of one load of a content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFingerprints {
    /// Everything read but the Markdown bodies.
    pub shared: Fingerprint,
    /// Each page's and briefing's Markdown body, by its path in the content folder.
    pub bodies: BTreeMap<PathBuf, Fingerprint>,
}

impl InputFingerprints {
    /// The same, with a build setting that is not in the content folder (such as the date a
    /// build takes as today) added to the shared fingerprint.
    pub fn with_setting(mut self, setting: &str) -> InputFingerprints {
        let mut shared = Fingerprinter::default();
        shared.fingerprint(self.shared).text(setting);
        self.shared = shared.finish();
        self
    }
}

impl Loaded {
    pub fn fingerprints(&self) -> InputFingerprints {
        // Taken apart field by field, so that a field added to `Loaded` does not compile until
        // it is fingerprinted here: a field left out would let a stale page be reused.
        let Loaded {
            site: _, // parsed from `site_source`
            site_source,
            authorities,
            audits,
            schemas,
            pages,
            briefings,
            templates,
            assets,
            datasets,
            comparators,
            taxonomy,
            comparison_rules,
            diagnostics,
            failed,
        } = self;
        let mut shared = Fingerprinter::default();
        shared.file(site_source);
        for a in authorities {
            shared.text(&a.slug).file(&a.source);
        }
        for a in audits {
            shared
                .text(&a.authority)
                .text(&a.slug)
                .file(&a.source)
                .path(&a.cases_path);
            match &a.cases {
                None => shared.number(0),
                Some(table) => {
                    shared.number(1).text(table.sheet.as_deref().unwrap_or(""));
                    shared.number(table.header.len() as u64);
                    table.header.iter().for_each(|h| {
                        shared.text(h);
                    });
                    shared.number(table.rows.len() as u64);
                    for row in &table.rows {
                        shared
                            .number(row.number as u64)
                            .number(row.cells.len() as u64);
                        row.cells.iter().for_each(|c| {
                            shared.text(c);
                        });
                    }
                    &mut shared
                }
            };
        }
        for s in schemas {
            shared.text(&s.name).file(&s.source);
        }
        let mut bodies = BTreeMap::new();
        shared.number(pages.len() as u64);
        for page in pages {
            shared.front(page);
            bodies.insert(page.source.path.clone(), body_fingerprint(page));
        }
        shared.number(briefings.len() as u64);
        for briefing in briefings {
            shared.front(briefing);
            bodies.insert(briefing.source.path.clone(), body_fingerprint(briefing));
        }
        shared.number(templates.len() as u64);
        for t in templates {
            shared.text(&t.name).path(&t.origin).text(&t.text);
        }
        shared.number(assets.len() as u64);
        for a in assets {
            shared.text(&a.output_path).bytes(&a.bytes);
        }
        shared.number(datasets.len() as u64);
        for d in datasets {
            shared
                .text(&d.name)
                .file(&d.source)
                .path(&d.data.0)
                .text(&d.data.1);
            match &d.comparators {
                Some((path, text)) => shared.number(1).path(path).text(text),
                None => shared.number(0),
            };
        }
        shared.number(comparators.len() as u64);
        for c in comparators {
            shared.text(&c.name).file(&c.source);
        }
        match taxonomy {
            Some(t) => shared.number(1).file(&t.source),
            None => shared.number(0),
        };
        match comparison_rules {
            Some(r) => shared.number(1).file(r),
            None => shared.number(0),
        };
        // What failed to load is named by path; the problems themselves are reported, and a
        // build with problems is not served.
        shared.number(diagnostics.len() as u64);
        for path in failed {
            shared.path(path);
        }
        InputFingerprints {
            shared: shared.finish(),
            bodies,
        }
    }
}

fn body_fingerprint<F>(document: &LoadedDocument<F>) -> Fingerprint {
    let mut f = Fingerprinter::default();
    f.text(document.body());
    f.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_kept_apart() {
        let mut a = Fingerprinter::default();
        a.text("ab").text("c");
        let mut b = Fingerprinter::default();
        b.text("a").text("bc");
        assert_ne!(a.finish(), b.finish());
    }
}
