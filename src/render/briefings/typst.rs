//! Briefings as Typst markup: the cover, the running header and footer with the marking and
//! "Page X of Y", and each directive's expansion. Every piece of text goes through the escaping
//! of [`typst_markup`], so nothing in the content can become Typst code.

use std::fmt::Write;

use super::{Briefing, Cover};
use crate::render::directives::Expansion;
use crate::render::typst_markup::{self, escaped, string};
use crate::render::views::TableView;

/// The whole document: settings, cover, contents, then each briefing's `parts`.
pub(in crate::render) fn document(cover: &Cover, language: &str, parts: &[String]) -> String {
    let (lang, region) = language.split_once('-').unwrap_or((language, ""));
    let marking = escaped(&cover.marking);
    let mut out = String::with_capacity(4096 + parts.iter().map(String::len).sum::<usize>());
    let _ = write!(
        out,
        r##"#set document(title: {title}, author: {author}, keywords: ({marking_string},))
#set text(font: "Liberation Sans", size: 11pt, lang: {lang}{region}, fill: rgb("#0b0c0c"))
#set par(leading: 0.65em, spacing: 1.1em)
#set page(
  paper: "a4",
  margin: (x: 20mm, top: 24mm, bottom: 24mm),
  header: align(center, text(size: 9pt, weight: "bold", tracking: 0.05em)[{marking}]),
  footer: context grid(
    columns: (1fr, auto, 1fr),
    [],
    text(size: 9pt, weight: "bold", tracking: 0.05em)[{marking}],
    align(right, text(size: 8pt)[Page #counter(page).display() of #counter(page).final().first()]),
  ),
)
#show heading: set text(fill: rgb("#0b0c0c"))
#show heading.where(level: 1): set text(size: 22pt)
#show heading.where(level: 2): set text(size: 15pt)
#show heading.where(level: 3): set text(size: 12.5pt)
#show heading: set block(above: 1.4em, below: 0.8em, sticky: true)
#show link: underline
#set table(stroke: (x, y) => (bottom: 0.5pt + luma(170)), inset: (x: 4pt, y: 3pt))
#show table.cell.where(y: 0): set text(weight: "bold")
#show figure: set block(breakable: false)
#set footnote(numbering: "[1]")

"##,
        title = string(&cover.title),
        author = string(&cover.author_role),
        marking_string = string(&cover.marking),
        lang = string(&lang.to_ascii_lowercase()),
        region = if region.is_empty() {
            String::new()
        } else {
            format!(", region: {}", string(&region.to_ascii_lowercase()))
        },
    );
    cover_page(&mut out, cover);
    for part in parts {
        out.push_str(part);
    }
    out
}

fn cover_page(out: &mut String, cover: &Cover) {
    let _ = write!(
        out,
        "#block(width: 100%, inset: (y: 6pt), stroke: (bottom: 2pt + rgb(\"#1d3a5f\")))[#text(size: 12pt, weight: \"bold\", fill: rgb(\"#1d3a5f\"))[{kind}]]\n\n#heading(level: 1, outlined: false)[{title}]\n\n",
        kind = escaped(&cover.kind),
        title = escaped(&cover.title),
    );
    out.push_str("#grid(columns: (auto, 1fr), row-gutter: 8pt, column-gutter: 12pt,\n");
    for (label, value) in &cover.facts {
        let _ = writeln!(out, "  [*{}*], [{}],", escaped(label), escaped(value));
    }
    out.push_str(")\n\n");
    let _ = writeln!(
        out,
        "#outline(title: [Contents], depth: {})\n\n#pagebreak()\n",
        cover.contents_depth
    );
}

/// One briefing's part: its title (in a pack), key messages first, recommendations,
/// implications, the narrative, and the evidence it draws on.
pub(in crate::render) fn briefing(briefing: &Briefing, in_pack: bool, notes: &[String]) -> String {
    let mut out = String::new();
    // Sections are one level below the briefing's title: the cover's in a briefing, its own
    // (under the pack's) in a pack, as on the HTML page.
    let level = if in_pack { 2 } else { 1 };
    let heading = |out: &mut String, depth: usize, text: &str| {
        let _ = write!(out, "{} {}\n\n", "=".repeat(depth), escaped(text));
    };
    if in_pack {
        heading(&mut out, 2, &briefing.title);
        let _ = write!(
            out,
            "#text(size: 10pt)[{}]\n\n",
            escaped(&briefing.byline())
        );
    }
    heading(&mut out, level + 1, "Key messages");
    out.push_str("#block(width: 100%, inset: 10pt, fill: rgb(\"#eef2f7\"), stroke: (left: 4pt + rgb(\"#1d3a5f\")))[");
    list(&mut out, &briefing.key_messages, false);
    out.push_str("]\n\n");
    if !briefing.recommendations.is_empty() {
        heading(&mut out, level + 1, "Recommendations");
        list(&mut out, &briefing.recommendations, true);
    }
    if let Some(implications) = &briefing.implications {
        heading(&mut out, level + 1, "Financial and resource implications");
        let _ = write!(out, "{}\n\n", escaped(implications));
    }
    let expansions = &briefing.expansions;
    let body = typst_markup::document(&briefing.body, &|n| {
        expansions
            .get(n)
            .map(|e| expansion(e, notes))
            .unwrap_or_default()
    });
    out.push_str(&body);
    if !briefing.evidence.is_empty() {
        heading(&mut out, level + 1, "The evidence behind this briefing");
        list(&mut out, &briefing.evidence, false);
    }
    if in_pack {
        out.push_str("#pagebreak(weak: true)\n\n");
    }
    out
}

fn list(out: &mut String, items: &[String], numbered: bool) {
    out.push_str(if numbered { "#enum(" } else { "#list(" });
    for item in items {
        let _ = write!(out, "[{}], ", escaped(item));
    }
    out.push_str(")\n\n");
}

/// A directive's expansion as Typst. Figures quoted in prose carry their note as a footnote.
pub(in crate::render) fn expansion(of: &Expansion, notes: &[String]) -> String {
    match of {
        Expansion::Nothing => String::new(),
        Expansion::Quoted {
            text,
            title,
            number,
            ..
        } => {
            let note = title
                .as_deref()
                .or_else(|| notes.get(number.wrapping_sub(1)).map(String::as_str))
                .unwrap_or("");
            format!("{}#footnote[{}]", escaped(text), escaped(note))
        }
        Expansion::NotAvailable => escaped("[z]"),
        Expansion::Chart(chart) => {
            let mut out = String::new();
            let _ = write!(
                out,
                "#figure(\n  image(bytes({svg}), format: \"svg\", width: 62%, alt: {alt}),\n  caption: figure.caption(position: top)[#strong[{title}] \\ #text(size: 9.5pt)[{subtitle}]],\n  supplement: none,\n  numbering: none,\n)\n",
                svg = string(&chart.svg),
                alt = string(&chart.description),
                title = escaped(&chart.title),
                subtitle = escaped(&chart.subtitle),
            );
            let mut source = String::new();
            if let Some(s) = &chart.source {
                source.push_str(&format!("Source: {s}."));
            }
            if chart.illustrative {
                source.push_str(" Illustrative data, not real children.");
            }
            if !source.is_empty() {
                let _ = write!(out, "#text(size: 9pt)[{}]\n\n", escaped(source.trim()));
            }
            let _ = write!(
                out,
                "#text(size: 9.5pt, weight: \"bold\")[{}]\n\n",
                escaped(&format!("The figures of the chart “{}”", chart.title))
            );
            out.push_str(&table(&chart.table));
            out
        }
        Expansion::Table(view) => {
            let mut out = String::new();
            let _ = write!(out, "#text(weight: \"bold\")[{}]\n\n", escaped(&view.title));
            out.push_str(&table(view));
            out
        }
        Expansion::Callout {
            title,
            body,
            expansions,
            ..
        } => {
            let inner = typst_markup::document(&body.document, &|n| {
                expansions
                    .get(n)
                    .map(|e| expansion(e, notes))
                    .unwrap_or_default()
            });
            format!(
                "#block(width: 100%, inset: 10pt, fill: rgb(\"#eef2f7\"), stroke: (left: 4pt + rgb(\"#1d3a5f\")), breakable: false)[#strong[{}]\n\n{}]\n",
                escaped(title),
                inner.trim_end()
            )
        }
    }
}

/// A table of figures: a header row repeated on every page, a header cell for each row's label,
/// and the keys to the symbols it uses.
pub(in crate::render) fn table(view: &TableView) -> String {
    let mut out = String::new();
    let columns = view.columns.len() + 1;
    let _ = write!(
        out,
        "#text(size: 9pt)[#table(columns: {columns}, align: (left, {}),\n  table.header(pdf.header-cell(scope: \"both\")[{}], ",
        vec!["right"; columns - 1].join(", "),
        escaped(&view.row_header)
    );
    for column in &view.columns {
        let _ = write!(out, "[{}], ", escaped(&column.label));
    }
    out.push_str("),\n");
    for row in &view.rows {
        let weight = if row.total { "bold" } else { "regular" };
        let _ = write!(
            out,
            "  pdf.header-cell(scope: \"row\")[#text(weight: \"{weight}\")[{}]], ",
            escaped(&row.label)
        );
        for cell in &row.cells {
            let text = if cell.suppressed {
                "[c]"
            } else if cell.low {
                "[low]"
            } else {
                cell.text.as_str()
            };
            let _ = write!(out, "[{}], ", escaped(text));
        }
        out.push('\n');
    }
    out.push_str(")]\n\n");
    let mut keys: Vec<&str> = view.notes.iter().map(String::as_str).collect();
    if view.any_suppressed {
        keys.push("[c] confidential: hidden so that no child can be identified, either because the number is small or because a small number could be worked out, or narrowed down, from it.");
    }
    if view.any_low {
        keys.push("[low] too few children: a summary of fewer children than the minimum for this audience is not published.");
    }
    if view.any_missing {
        keys.push("[z] not applicable.");
    }
    for key in keys {
        let _ = write!(out, "#text(size: 8.5pt)[{}]\n\n", escaped(key));
    }
    out
}
