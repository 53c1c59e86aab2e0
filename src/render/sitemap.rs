//! `sitemap.xml`: every page of the site, for search engines and intranet crawlers.

use super::OutputFile;
use crate::layout;

/// A sitemap listing every HTML page but the 404 page, in path order. Addresses are absolute
/// when the site's `base_url` is known, as the sitemap protocol asks; otherwise they are
/// relative to the sitemap (what an intranet crawler started at the site's folder can follow).
pub fn sitemap(files: &[OutputFile], base_url: Option<&str>) -> String {
    let base = base_url.map(|b| {
        if b.ends_with('/') {
            b.to_string()
        } else {
            format!("{b}/")
        }
    });
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
        let location = match &base {
            Some(base) => format!("{base}{path}"),
            None => path.to_string(),
        };
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_xml(&location));
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
            sitemap(&files, Some("https://intranet.example/audits")),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://intranet.example/audits/b/index.html</loc></url>\n  <url><loc>https://intranet.example/audits/index.html</loc></url>\n</urlset>\n"
        );
        assert!(sitemap(&files, None).contains("<loc>b/index.html</loc>"));
    }
}
