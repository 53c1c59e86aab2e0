//! The PDF writer: the Typst compiler as a library, with everything it reads held in memory.
//! Nothing is read from disk: the markup comes from the briefing writer, the fonts are Typst's
//! own and the theme's Liberation Sans, compiled into the binary.
//!
//! Output is tagged PDF to PDF/UA-1, so a chart without alternative text, a document without a
//! title or headings out of order fail the build. PDFs are deterministic: no timestamp, and a
//! document id derived from the markup.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use sha2::{Digest, Sha256};
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// Fonts and the standard library, loaded once per process and shared by every PDF: after the
/// first, a briefing costs only its own layout.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let theme_fonts = crate::theme::ASSETS
        .iter()
        .filter(|(path, _)| path.ends_with(".ttf"))
        .map(|(_, bytes)| *bytes);
    let fonts: Vec<Font> = typst_assets::fonts()
        .chain(theme_fonts)
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Shared {
        // `a11y-extras` gives `pdf.header-cell`, which marks a table's row labels as header
        // cells of their rows, as the site's tables mark them with `<th scope="row">`.
        library: LazyHash::new(
            Library::builder()
                .with_features([Feature::A11yExtras].into_iter().collect())
                .build(),
        ),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// One document to typeset: its markup is the only file.
struct Document {
    id: FileId,
    source: Source,
}

impl World for Document {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.id {
            Ok(self.source.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.id {
            Ok(Bytes::from_string(self.source.text().to_string()))
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// No date: a PDF must not change with the day it is built on.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Typesets `markup` into a tagged PDF/UA-1 document. Errors are Typst's messages with their
/// hints: the markup is generated, so each is a fault to report or a missing alternative text.
pub fn pdf(markup: &str) -> Result<Vec<u8>, Vec<String>> {
    // The PDF is a function of its markup alone: a process that builds again (`serve`) reuses
    // the PDFs of briefings that an edit did not change.
    let key: [u8; 32] = Sha256::digest(markup.as_bytes()).into();
    if let Some(done) = lock(&MADE).get(&key) {
        return Ok(done.as_ref().clone());
    }
    let made = typeset_in_pool(markup)?;
    let mut cache = lock(&MADE);
    if cache.len() >= MADE_LIMIT {
        cache.clear();
    }
    cache.insert(key, Arc::new(made.clone()));
    Ok(made)
}

/// PDFs made by this process, by the SHA-256 of their markup.
type Made = HashMap<[u8; 32], Arc<Vec<u8>>>;
static MADE: LazyLock<Mutex<Made>> = LazyLock::new(Default::default);

/// More PDFs than any one build of the example or a national collection makes.
const MADE_LIMIT: usize = 1024;

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

fn typeset_in_pool(markup: &str) -> Result<Vec<u8>, Vec<String>> {
    match &*TYPESETTERS {
        Ok(pool) => {
            let result = pool.install(|| typeset(markup));
            // Keep what the last few documents used (fonts' shaping, the shared settings);
            // forget the rest.
            comemo::evict(4);
            result
        }
        Err(error) => Err(vec![format!("cannot start the typesetter: {error}")]),
    }
}

/// Threads of their own for Typst. Its layout recurses deeply, more than a worker thread's
/// default stack allows for a long document; and it runs parallel work of its own, which must
/// not wait for the build's workers while they wait for it.
static TYPESETTERS: LazyLock<Result<rayon::ThreadPool, rayon::ThreadPoolBuildError>> =
    LazyLock::new(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("typst-{i}"))
            // Reserved, not used: a stack's pages are only taken as they are touched.
            .stack_size(128 << 20)
            .build()
    });

fn typeset(markup: &str) -> Result<Vec<u8>, Vec<String>> {
    let path = match VirtualPath::new("briefing.typ") {
        Ok(path) => path,
        Err(error) => return Err(vec![format!("{error:?}")]),
    };
    let id = RootedPath::new(VirtualRoot::Project, path).intern();
    let world = Document {
        id,
        source: Source::new(id, markup.to_string()),
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|e| messages(&e))?;
    let digest = Sha256::digest(markup.as_bytes());
    let ident: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    let standards =
        PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| vec![e.message().to_string()])?;
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        timestamp: None,
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|e| messages(&e))
}

fn messages(diagnostics: &[SourceDiagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let mut message = d.message.to_string();
            for hint in &d.hints {
                message.push_str("; ");
                message.push_str(&hint.v);
            }
            message
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#;

    fn markup(alt: &str) -> String {
        format!(
            "#set document(title: \"A briefing\")\n#set text(font: \"Liberation Sans\")\n= A briefing\n\n#figure(image(bytes({}), format: \"svg\"{alt}), caption: [A chart])\n",
            crate::render::typst_markup::string(SVG)
        )
    }

    #[test]
    fn the_same_markup_gives_the_same_bytes() {
        let first = pdf(&markup(", alt: \"A black square\"")).expect("the PDF is made");
        let second = pdf(&markup(", alt: \"A black square\"")).expect("the PDF is made");
        assert!(first.starts_with(b"%PDF-1.7"));
        assert_eq!(first, second);
    }

    #[test]
    fn a_chart_without_alternative_text_fails() {
        let errors = pdf(&markup("")).expect_err("PDF/UA-1 needs alternative text");
        assert_eq!(
            errors,
            ["PDF/UA-1 error: missing alt text; make sure your images and equations have alt text"]
        );
    }

    #[test]
    fn a_document_without_a_title_fails() {
        let errors = pdf("= Heading\n\nText.\n").expect_err("PDF/UA-1 needs a title");
        assert_eq!(
            errors,
            [
                "PDF/UA-1 error: missing document title; set the title with `set document(title: [...])`"
            ]
        );
    }
}
