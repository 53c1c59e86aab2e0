//! Markdown with its directives: each directive is swapped for a placeholder of the same
//! length (so every error position in the page stays right), the Markdown is parsed into the
//! format-neutral document, and each directive is expanded into a format-neutral
//! [`Expansion`] (a chart, a table, a quoted figure, a callout) that each writer renders.

use tera::Context;

use super::comparisons;
use super::comparisons::ChartFigure;
use super::evidence;
use super::markdown::{
    self, LinkTargets, MarkdownSource, ParsedMarkdown, PendingAnchor, Place, RenderedMarkdown,
};
use super::templates::Templates;
use super::views::TableView;
use super::{OutputFile, downloads};
use crate::analyse::Evidence;
use crate::analyse::publish::PublishedTable;
use crate::diagnostics::Diagnostic;
use crate::layout;
use crate::validate::Project;
use crate::validate::directives::{ChartKind, DataRef, DirectiveKind, PlacedDirective};

/// What rendering a page collects besides its HTML.
#[derive(Default)]
pub(super) struct PageState {
    pub diagnostics: Vec<Diagnostic>,
    pub pending: Vec<PendingAnchor>,
    /// Downloads of the page's charts and tables.
    pub files: Vec<OutputFile>,
    /// What each figure quoted in the prose is, numbered in order.
    pub figure_notes: Vec<String>,
    charts: usize,
}

pub(super) struct Expander<'a> {
    pub project: &'a Project,
    pub evidence: &'a Evidence,
    pub templates: &'a Templates,
    pub targets: &'a LinkTargets,
    pub page_output: &'a str,
}

/// What a directive expands to, before any output format: the HTML writer (and, for briefings,
/// the Typst writer) each turn it into their own markup.
pub(super) enum Expansion {
    Nothing,
    /// A figure or comparison quoted in prose, with the number of its note.
    Quoted {
        text: String,
        /// What the figure is, shown on hover; comparison sentences say it themselves.
        title: Option<String>,
        number: usize,
        class: &'static str,
    },
    /// No figure to quote: not applicable or not available.
    NotAvailable,
    Chart(ChartFigure),
    Table(TableView),
    Callout {
        title: String,
        body: ParsedMarkdown,
        raw_html: crate::model::RawHtml,
        expansions: Vec<Expansion>,
    },
}

impl Expander<'_> {
    /// Renders `text` with its `directives` expanded.
    pub fn markdown(
        &self,
        state: &mut PageState,
        text: &str,
        source: MarkdownSource<'_>,
        directives: &[PlacedDirective],
    ) -> RenderedMarkdown {
        let (parsed, expansions) = self.parse(state, text, &source, directives);
        self.to_html(state, &parsed, source.raw_html, &expansions)
    }

    /// Parses `text` into the format-neutral document and expands each of its directives
    /// once, in order (figure notes are numbered as they appear).
    pub(super) fn parse(
        &self,
        state: &mut PageState,
        text: &str,
        source: &MarkdownSource<'_>,
        directives: &[PlacedDirective],
    ) -> (ParsedMarkdown, Vec<Expansion>) {
        let tokenised = tokenise(text, directives);
        let (parsed, problems) = markdown::parse(&tokenised, source, self.targets);
        state.diagnostics.extend(problems);
        state.pending.extend(parsed.pending_anchors.iter().cloned());
        let expansions = directives
            .iter()
            .map(|d| self.expand(state, d, source))
            .collect();
        (parsed, expansions)
    }

    pub(super) fn to_html(
        &self,
        state: &mut PageState,
        parsed: &ParsedMarkdown,
        raw_html: crate::model::RawHtml,
        expansions: &[Expansion],
    ) -> RenderedMarkdown {
        let html: Vec<String> = expansions.iter().map(|e| self.html(state, e)).collect();
        markdown::to_html(parsed, raw_html, &|n| {
            html.get(n).cloned().unwrap_or_default()
        })
    }

    /// An expansion as HTML, through the theme's partial templates.
    fn html(&self, state: &mut PageState, expansion: &Expansion) -> String {
        let root = layout::root_prefix(self.page_output);
        match expansion {
            Expansion::Nothing => String::new(),
            Expansion::Quoted {
                text,
                title,
                number,
                class,
            } => {
                let title = title
                    .as_ref()
                    .map(|t| format!(" title=\"{}\"", escape(t)))
                    .unwrap_or_default();
                format!(
                    "<span class=\"{class}\"{title}>{}<a class=\"figure__ref\" href=\"#figure-note-{number}\"><span class=\"visually-hidden\">note </span>[{number}]</a></span>",
                    escape(text)
                )
            }
            Expansion::NotAvailable => "<span class=\"figure\">[z]</span>".to_string(),
            Expansion::Chart(chart) => {
                let mut context = Context::new();
                context.insert("root", &root);
                context.insert("chart", chart);
                self.template(state, "partials/chart.html", &context)
            }
            Expansion::Table(table) => {
                let mut context = Context::new();
                context.insert("root", &root);
                context.insert("table", table);
                context.insert("heading_level", &3);
                self.template(state, "partials/table.html", &context)
            }
            Expansion::Callout {
                title,
                body,
                raw_html,
                expansions,
            } => {
                let rendered = self.to_html(state, body, *raw_html, expansions);
                format!(
                    "<div class=\"callout\">\n<p class=\"callout__title\">{}</p>\n{}</div>\n",
                    escape(title),
                    rendered.html
                )
            }
        }
    }

    fn expand(
        &self,
        state: &mut PageState,
        directive: &PlacedDirective,
        source: &MarkdownSource<'_>,
    ) -> Expansion {
        match &directive.kind {
            DirectiveKind::Figure {
                data,
                code,
                within,
                show,
            } => {
                let quoted = evidence::figure(
                    self.project,
                    self.evidence,
                    data,
                    code,
                    within.as_deref(),
                    *show,
                );
                quoted_figure(state, quoted, "figure")
            }
            DirectiveKind::Indicator { data, show } => {
                let published = self.published();
                quoted_figure(
                    state,
                    published.figure(data, *show),
                    "figure figure--published",
                )
            }
            DirectiveKind::Compare(data) => {
                let published = self.published();
                match published.sentence(data) {
                    Some((sentence, note)) => {
                        state.figure_notes.push(note);
                        Expansion::Quoted {
                            text: sentence,
                            title: None,
                            number: state.figure_notes.len(),
                            class: "comparison-sentence",
                        }
                    }
                    None => Expansion::NotAvailable,
                }
            }
            DirectiveKind::Chart {
                kind,
                title,
                data: DataRef::Indicator(r),
            } => {
                state.charts += 1;
                let id = format!("chart-{}", state.charts);
                let published = self.published();
                let (d, i) = (r.dataset, r.indicator);
                let made = match (kind, r.authority) {
                    (ChartKind::Trend, Some(a)) => {
                        comparisons::charts::trend(&published, d, i, a, id, Some(title))
                    }
                    _ => {
                        comparisons::charts::ranked(&published, d, i, r.authority, id, Some(title))
                    }
                };
                let Some(made) = made else {
                    return Expansion::Nothing;
                };
                let folder = layout::dir_of(self.page_output);
                Expansion::Chart(published.chart_view(made, d, folder, &mut state.files))
            }
            DirectiveKind::Chart { kind, title, data } => {
                state.charts += 1;
                let id = format!("chart-{}", state.charts);
                let Some((chart, table, source)) = evidence::directive_chart(
                    self.project,
                    self.evidence,
                    *kind,
                    title,
                    data,
                    id.clone(),
                ) else {
                    return Expansion::Nothing;
                };
                let view = self.table_view(state, &table, &data.audits(), &id);
                let illustrative = data
                    .audits()
                    .iter()
                    .any(|&a| self.project.audits[a].meta.illustrative);
                Expansion::Chart(ChartFigure::new(chart, Some(source), illustrative, view))
            }
            DirectiveKind::Table(data) => {
                let Some(table) = evidence::table_for(self.evidence, data) else {
                    return Expansion::Nothing;
                };
                state.charts += 1;
                let id = format!("table-{}", state.charts);
                let mut view = self.table_view(state, table, &[data.audit], &id);
                view.id = id;
                Expansion::Table(view)
            }
            DirectiveKind::Callout { title, body, inner } => {
                let body_source = MarkdownSource {
                    file: source.file,
                    place: match source.place {
                        Place::Within { file_text, start } => Place::Within {
                            file_text,
                            start: start + body_offset(file_text, start, body),
                        },
                        Place::At(p) => Place::At(p),
                    },
                    page_output: source.page_output,
                    raw_html: source.raw_html,
                };
                let (parsed, expansions) = self.parse(state, body, &body_source, inner);
                Expansion::Callout {
                    title: title.clone(),
                    body: parsed,
                    raw_html: source.raw_html,
                    expansions,
                }
            }
        }
    }

    fn published(&self) -> comparisons::Published<'_> {
        comparisons::Published {
            project: self.project,
            evidence: self.evidence,
        }
    }

    /// The table view of a chart's or directive table's figures, with its downloads.
    fn table_view(
        &self,
        state: &mut PageState,
        table: &PublishedTable,
        audits: &[usize],
        id: &str,
    ) -> TableView {
        let folder = layout::dir_of(self.page_output);
        let csv = format!("{folder}/data/{id}.csv");
        let json = format!("{folder}/data/{id}.json");
        let provenance = downloads::Provenance {
            audits: audits
                .iter()
                .map(|&a| downloads::source_audit(self.project, a))
                .collect(),
            audience: self.project.audience.name().to_string(),
            marking: self.project.marking.clone(),
            illustrative: audits
                .iter()
                .any(|&a| self.project.audits[a].meta.illustrative),
        };
        let csv = csv.trim_start_matches('/').to_string();
        let json = json.trim_start_matches('/').to_string();
        state.files.push(OutputFile {
            path: csv.clone(),
            bytes: downloads::csv(table, &provenance),
        });
        state.files.push(OutputFile {
            path: json.clone(),
            bytes: downloads::json(table, &provenance),
        });
        TableView::new(table, csv, json)
    }

    fn template(&self, state: &mut PageState, name: &str, context: &Context) -> String {
        match self.templates.render(name, context) {
            Ok(html) => html,
            Err(error) => {
                state.diagnostics.push(error);
                String::new()
            }
        }
    }
}

/// A figure quoted in prose, with a numbered note saying what it is.
fn quoted_figure(
    state: &mut PageState,
    quoted: Option<(String, String)>,
    class: &'static str,
) -> Expansion {
    match quoted {
        Some((text, note)) => {
            state.figure_notes.push(note.clone());
            Expansion::Quoted {
                text,
                title: Some(note),
                number: state.figure_notes.len(),
                class,
            }
        }
        None => Expansion::NotAvailable,
    }
}

/// Where a callout's body starts in the file: its text's offset from `start`.
fn body_offset(file_text: &str, start: usize, body: &str) -> usize {
    file_text
        .get(start..)
        .and_then(|rest| rest.find(body))
        .unwrap_or(0)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The Markdown with each directive replaced by a placeholder of the same byte length.
pub(super) fn tokenise(text: &str, directives: &[PlacedDirective]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, d) in directives.iter().enumerate() {
        out.push_str(&text[last..d.span.start]);
        out.push_str(&markdown::tree::placeholder(i, d.span.end - d.span.start));
        last = d.span.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Inline};
    use crate::validate::directives::{FieldRef, Show};

    fn figure(span: std::ops::Range<usize>, alone: bool) -> PlacedDirective {
        PlacedDirective {
            span,
            alone,
            kind: DirectiveKind::Figure {
                data: FieldRef {
                    audit: 0,
                    by: "x".into(),
                    across: None,
                },
                code: "a".into(),
                within: None,
                show: Show::Both,
            },
        }
    }

    fn parse(text: &str) -> crate::document::Document {
        markdown::tree::build(pulldown_cmark::Parser::new(text))
    }

    #[test]
    fn placeholders_keep_the_length_and_come_back_as_directives() {
        let text = "There were {{ figure(x) }} girls.";
        let tokenised = tokenise(text, &[figure(11..26, false)]);
        assert_eq!(tokenised.len(), text.len());
        assert_eq!(
            parse(&tokenised).blocks,
            vec![Block::Paragraph(vec![
                Inline::Text("There were ".into()),
                Inline::Directive(0),
                Inline::Text(" girls.".into()),
            ])]
        );
    }

    #[test]
    fn a_block_directive_replaces_its_paragraph() {
        let text = "{{ chart(x) }}\n\nNext";
        let tokenised = tokenise(text, &[figure(0..14, true)]);
        let html = super::super::html::write(&parse(&tokenised).blocks, &|n| {
            format!("<figure>F{n}</figure>")
        });
        assert_eq!(html, "<figure>F0</figure>\n<p>Next</p>\n");
    }
}
