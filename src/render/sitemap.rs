//! `sitemap.xml`: every page of the site, for search engines and intranet crawlers.

use super::OutputFile;
use crate::layout;

/// A sitemap listing every HTML page but the 404 page, in path order, at addresses under
/// `base_url`. The sitemap protocol allows only absolute addresses, so a site that does not know
/// where it will live (one opened from a shared drive) has no sitemap.
pub fn sitemap(files: &[OutputFile], base_url: &str) -> String {
    let base = if base_url.ends_with('/') {
        base_url.to_string()
    } else {
        format!("{base_url}/")
    };
    let mut paths: Vec<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".html") && *p != layout::NOT_FOUND)
        .collect();
    paths.sort_unstable();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&format!("{base}{path}")));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: Vec::new(),
        }
    }

    #[test]
    fn lists_pages_but_not_the_404_page() {
        let files = [
            file("b/index.html"),
            file("index.html"),
            file("404.html"),
            file("assets/style.css"),
        ];
        assert_eq!(
            sitemap(&files, "https://intranet.example/audits"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://intranet.example/audits/b/index.html</loc></url>\n  <url><loc>https://intranet.example/audits/index.html</loc></url>\n</urlset>\n"
        );
    }
}
