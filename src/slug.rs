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
    /// For each base, the next number to try, so many equal headings take linear time.
    next: std::collections::HashMap<String, usize>,
}

impl UniqueIds {
    /// Starts with `reserved` already taken (ids the page template itself uses).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        UniqueIds {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            next: std::collections::HashMap::new(),
        }
    }

    pub fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Names Windows keeps for devices: a file or folder called one of these, with or without an
/// extension, cannot be opened from a Windows share.
pub const RESERVED_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
    "com8", "com9", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why a file or folder name cannot go onto a Windows share or SharePoint, if it cannot.
pub fn unsafe_name(name: &str) -> Option<String> {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    if RESERVED_NAMES.contains(&stem.as_str()) {
        return Some(format!("`{stem}` is a name Windows keeps for a device"));
    }
    if name.len() > crate::limits::OUTPUT_NAME_BYTES {
        return Some(format!(
            "it is {} bytes long, more than the {} a name may have",
            name.len(),
            crate::limits::OUTPUT_NAME_BYTES
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c.is_control() || "<>:\"|?*\\#%".contains(c))
    {
        return Some(format!(
            "it holds `{}`, which Windows or SharePoint do not allow in names",
            c.escape_default()
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some("it ends with a dot or a space, which Windows drops".to_string());
    }
    None
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
    fn names_unsafe_on_a_windows_share() {
        assert_eq!(
            unsafe_name("con").as_deref(),
            Some("`con` is a name Windows keeps for a device")
        );
        assert!(unsafe_name("NUL.html").is_some());
        assert!(unsafe_name("console").is_none());
        assert!(unsafe_name(&"a".repeat(101)).is_some());
        assert!(unsafe_name("a:b").is_some());
        assert!(unsafe_name("index.html").is_none());
    }

    #[test]
    fn many_equal_headings_take_linear_time() {
        let mut ids = UniqueIds::default();
        let started = std::time::Instant::now();
        for _ in 0..20_000 {
            ids.claim("same");
        }
        assert_eq!(ids.claim("same"), "same-20000");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
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
