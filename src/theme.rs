//! The default theme, compiled into the binary so `auditpress` works from any folder.
//!
//! A project's own `templates/` folder overrides these files one by one (see the load stage).

macro_rules! theme_files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../themes/default/", $path)))),*]
    };
}

/// The theme's templates: (name as templates refer to it, text).
pub const TEMPLATES: &[(&str, &str)] = {
    const FILES: &[(&str, &str)] = theme_files![
        "templates/base.html",
        "templates/index.html",
        "templates/authorities.html",
        "templates/authority.html",
        "templates/audits.html",
        "templates/audit.html",
        "templates/page.html",
        "templates/lessons.html",
        "templates/section.html",
        "templates/tags.html",
        "templates/tag.html",
        "templates/404.html",
        "templates/search.html",
        "templates/partials/page-list.html",
        "templates/partials/audit-list.html",
        "templates/partials/page-meta.html",
        "templates/partials/page-links.html",
        "templates/partials/table.html",
        "templates/partials/data-table.html",
        "templates/partials/chart.html",
        "templates/partials/figure-notes.html",
    ];
    FILES
};

/// The theme's static files, copied into the site under the same path.
pub const ASSETS: &[(&str, &str)] = theme_files!["assets/style.css", "assets/search.js"];

/// A template's name as templates and overrides refer to it: its path under `templates/`.
pub fn template_name(path: &str) -> &str {
    path.strip_prefix("templates/").unwrap_or(path)
}
