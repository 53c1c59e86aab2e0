//! Turning titles, tags and file names into stable URL pieces and HTML ids.

/// Lowercase letters and digits joined by single hyphens: "Lessons from Sutton (2001)" becomes
/// "lessons-from-sutton-2001". Letters outside ASCII are kept (ids and URLs allow them).
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "children's" reads better as "childrens" than "children-s".
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// True if `text` is already a slug: what folder names of authorities and audits must be.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
}

/// Hands out ids unique within one page: a second "Conclusions" heading gets `conclusions-1`.
#[derive(Debug, Default)]
pub struct UniqueIds {
    taken: std::collections::HashSet<String>,
}

impl UniqueIds {
    /// Starts with `reserved` already taken (ids the page template itself uses).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        UniqueIds {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        (1..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Lessons from Sutton (2001)"),
            "lessons-from-sutton-2001"
        );
        assert_eq!(
            slugify("  Children's needs — 2001 "),
            "childrens-needs-2001"
        );
        assert_eq!(slugify("Barking & Dagenham"), "barking-dagenham");
        assert_eq!(slugify("Café Über"), "café-über");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn slug_check() {
        assert!(is_slug("lac-2001"));
        assert!(!is_slug("LAC 2001"));
        assert!(!is_slug("-x"));
        assert!(!is_slug(""));
    }

    #[test]
    fn unique_ids() {
        let mut ids = UniqueIds::with_reserved(&["main-content"]);
        assert_eq!(ids.claim("conclusions"), "conclusions");
        assert_eq!(ids.claim("conclusions"), "conclusions-1");
        assert_eq!(ids.claim("main-content"), "main-content-1");
        assert_eq!(ids.claim(""), "section");
    }
}
