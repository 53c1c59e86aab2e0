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
        "templates/comparisons.html",
        "templates/indicator.html",
        "templates/audit-kind.html",
        "templates/accessibility.html",
        "templates/briefings.html",
        "templates/briefing.html",
        "templates/pack.html",
        "templates/partials/briefing-body.html",
        "templates/partials/compared.html",
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

macro_rules! theme_bytes {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)).as_slice())),*]
    };
}

/// The theme's static files, copied into the site under the same path. The fonts are Liberation
/// Sans, which has Arial's metrics: pages and charts set in it measure exactly as the chart
/// code expects, on machines without Arial too, and the PDFs embed the same font.
pub const ASSETS: &[(&str, &[u8])] = theme_bytes![
    "assets/style.css",
    "assets/search.js",
    "assets/fonts/LiberationSans-Regular.ttf",
    "assets/fonts/LiberationSans-Bold.ttf",
    "assets/fonts/LiberationSans-Italic.ttf",
    "assets/fonts/LiberationSans-BoldItalic.ttf",
    "assets/fonts/OFL.txt",
];

/// A template's name as templates and overrides refer to it: its path under `templates/`.
pub fn template_name(path: &str) -> &str {
    path.strip_prefix("templates/").unwrap_or(path)
}
