//! Pages and sections that compare authorities: published indicators (one page each, every
//! authority ranked), each authority's place among its comparators, the audits of each kind
//! side by side, and the index of them all. Every figure here is either a published statistic,
//! shown with its source and release date, or a protected audit figure.

pub mod charts;
pub mod downloads;

use serde::Serialize;

use super::OutputFile;
use super::evidence::chart_svg;
use super::views::{TableView, TextTable, period_label};
use crate::analyse::Evidence;
use crate::analyse::compare::{Banding, IndicatorPlacings, Placing};
use crate::analyse::kinds::KindComparison;
use crate::layout;
use crate::published::dataset::{Dataset, Indicator};
use crate::published::missing::{Figure, Symbol};
use crate::validate::Project;
use crate::validate::directives::{IndicatorRef, IndicatorShow};
use charts::{ChartWithTable, band_text};
use downloads::Attribution;

/// The project's published statistics and their placings, with the look-ups pages need.
pub struct Published<'a> {
    pub project: &'a Project,
    pub evidence: &'a Evidence,
}

impl<'a> Published<'a> {
    pub fn dataset(&self, d: usize) -> &'a Dataset {
        &self.project.published.datasets[d]
    }

    pub fn indicator(&self, d: usize, i: usize) -> &'a Indicator {
        &self.project.published.datasets[d].indicators[i]
    }

    pub fn placings(&self, d: usize, i: usize) -> Option<&'a IndicatorPlacings> {
        self.evidence.placings.indicator(d, i)
    }

    pub fn authority_name(&self, a: usize) -> &'a str {
        &self.project.authorities[a].meta.name
    }

    pub fn authority_region(&self, a: usize) -> String {
        self.project.authorities[a].meta.region.clone()
    }

    /// An authority with a folder of its own in the content, not only published figures.
    pub fn is_project_authority(&self, a: usize) -> bool {
        !self.project.authorities[a].published_only
    }

    pub fn group_title(&self, d: usize) -> Option<String> {
        let g = self.dataset(d).comparators?;
        Some(self.project.published.groups[g].title.clone())
    }

    /// The authority's comparators in the dataset's group, as project authorities.
    pub fn comparators_of(&self, d: usize, a: usize) -> Vec<usize> {
        let published = &self.project.published;
        let Some(g) = self.dataset(d).comparators else {
            return Vec::new();
        };
        let code = current_code(self.project, a);
        published.groups[g]
            .members
            .get(&code)
            .map(|members| {
                members
                    .iter()
                    .filter_map(|(c, _)| published.authority_by_code.get(c).copied())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn link(&self, d: usize, i: usize) -> IndicatorLink {
        let dataset = self.dataset(d);
        let indicator = self.indicator(d, i);
        IndicatorLink {
            id: indicator.id.clone(),
            label: indicator.label.clone(),
            dataset: dataset.meta.title.clone(),
            path: layout::indicator_path(&dataset.name, &indicator.name),
        }
    }

    fn attribution(&self, d: usize, symbols: &[Symbol]) -> Attribution {
        let dataset = self.dataset(d);
        Attribution {
            source: dataset.meta.source.clone(),
            released: dataset.meta.released.clone().or_else(|| {
                dataset
                    .meta
                    .retrieved
                    .as_ref()
                    .map(|r| format!("on a date the file does not give (copied on {r})"))
            }),
            comparators: dataset.comparators.map(|g| {
                let group = &self.project.published.groups[g];
                format!("{}: {}", group.title, group.description)
            }),
            key: key_of(symbols),
        }
    }

    fn source_view(&self, d: usize) -> SourceView {
        let dataset = self.dataset(d);
        SourceView {
            title: dataset.meta.title.clone(),
            description: dataset.meta.description.clone(),
            source: dataset.meta.source.clone(),
            released: dataset.meta.released.clone(),
            retrieved: dataset.meta.retrieved.clone(),
            url: dataset.meta.url.clone(),
        }
    }

    /// One authority on one indicator, for its page and for prose.
    pub fn placing_view(&self, d: usize, i: usize, a: usize) -> Option<PlacingView> {
        let placings = self.placings(d, i)?;
        let placing = placings.placings.get(&a)?;
        let indicator = self.indicator(d, i);
        let format = indicator.unit.format(indicator.decimals);
        let group = placing.group.as_ref();
        Some(PlacingView {
            indicator: self.link(d, i),
            period: placings.period.map_or_else(String::new, |p| p.to_string()),
            value: figure_text(placing.figure, &format),
            missing: matches!(placing.figure, Figure::Missing(_)),
            interval: placing
                .interval
                .map(|(low, high)| format!("{} to {}", format.show(low), format.show(high))),
            centre: group.and_then(|g| g.spread).map(|s| format.show(s.centre)),
            range: group
                .and_then(|g| g.spread)
                .map(|s| format!("{} to {}", format.show(s.min), format.show(s.max))),
            coverage: group.map(|g| {
                let missing: Vec<String> = g
                    .missing
                    .iter()
                    .map(|&(m, symbol)| format!("{} {}", self.authority_name(m), symbol.text()))
                    .collect();
                let mut text = format!("{} of {} have a figure", g.with_data, g.members);
                if !missing.is_empty() {
                    text.push_str(&format!(" (no figure: {})", missing.join(", ")));
                }
                text
            }),
            rank_in_group: placing
                .rank_in_group
                .map(|(r, n)| rank_text(r, n, indicator.polarity)),
            rank: placing
                .rank
                .map(|(r, n)| rank_text(r, n, indicator.polarity)),
            band: placing.band.map(|b| band_text(b.quartile, b.letter)),
            trend: placing
                .trend
                .map(|t| format!("{} since {}", t.direction.word(), t.since.short())),
            sentence: placing.sentence.clone(),
        })
    }

    /// The "Compared with its neighbours" section of an authority's page, with a chart of each
    /// indicator over time where `charts` (their downloads added to `files`).
    pub fn authority_section(
        &self,
        a: usize,
        charts: bool,
        files: &mut Vec<OutputFile>,
    ) -> Option<AuthorityComparisonView> {
        let project = self.project;
        let folder = layout::dir_of(&project.authorities[a].output_path).to_string();
        let mut datasets = Vec::new();
        for (d, dataset) in project.published.datasets.iter().enumerate() {
            let placings: Vec<PlacingView> = (0..dataset.indicators.len())
                .filter_map(|i| self.placing_view(d, i, a))
                .collect();
            if placings.is_empty() {
                continue;
            }
            let mut chart_views = Vec::new();
            if charts {
                for i in 0..dataset.indicators.len() {
                    let id = format!("trend-{}-{}", dataset.name, dataset.indicators[i].name);
                    if let Some(made) = charts::trend(self, d, i, a, id, None) {
                        chart_views.push(self.chart_view(made, d, &folder, files));
                    }
                }
            }
            let group = dataset.comparators.map(|g| {
                let group = &project.published.groups[g];
                let code = current_code(project, a);
                let members = group.members.get(&code).map_or_else(Vec::new, |m| {
                    m.iter()
                        .map(|(c, closeness)| {
                            let name = project
                                .published
                                .authority_by_code
                                .get(c)
                                .map_or_else(|| c.clone(), |&m| self.authority_name(m).to_string());
                            match closeness {
                                Some(word) => format!("{name} ({word})"),
                                None => name,
                            }
                        })
                        .collect()
                });
                GroupView {
                    title: group.title.clone(),
                    description: group.description.clone(),
                    members,
                }
            });
            datasets.push(DatasetPlacings {
                id: format!("compared-{}", dataset.name),
                source: self.source_view(d),
                group,
                placings,
                charts: chart_views,
            });
        }
        (!datasets.is_empty()).then_some(AuthorityComparisonView { datasets })
    }

    /// A chart of published figures, with its table and downloads.
    pub fn chart_view(
        &self,
        made: ChartWithTable,
        d: usize,
        folder: &str,
        files: &mut Vec<OutputFile>,
    ) -> ChartFigure {
        let attribution = self.attribution(d, &[]);
        let table = self.table_view(made.table, &attribution, folder, files);
        ChartFigure::new(made.chart, Some(source_line(&attribution)), false, table)
    }

    fn table_view(
        &self,
        table: TextTable,
        attribution: &Attribution,
        folder: &str,
        files: &mut Vec<OutputFile>,
    ) -> TableView {
        let prefix = if folder.is_empty() {
            "data".to_string()
        } else {
            format!("{folder}/data")
        };
        let csv = format!("{prefix}/{}.csv", table.id);
        let json = format!("{prefix}/{}.json", table.id);
        files.push(OutputFile {
            path: csv.clone(),
            bytes: downloads::csv(&table, attribution),
        });
        files.push(OutputFile {
            path: json.clone(),
            bytes: downloads::json(&table, attribution),
        });
        let mut view = TableView::text(table, csv, json);
        view.notes.extend(
            attribution
                .key
                .iter()
                .map(|(symbol, meaning)| format!("{symbol}: {meaning}.")),
        );
        view
    }

    /// The page of one indicator: every authority ranked, with England and the regions.
    pub fn indicator_page(
        &self,
        d: usize,
        i: usize,
        files: &mut Vec<OutputFile>,
    ) -> IndicatorPageView {
        let dataset = self.dataset(d);
        let indicator = self.indicator(d, i);
        let link = self.link(d, i);
        let folder = layout::dir_of(&link.path).to_string();
        let format = indicator.unit.format(indicator.decimals);
        let placings = self.placings(d, i);
        let mut symbols: Vec<Symbol> = Vec::new();
        let mut rows = Vec::new();
        if let Some(placings) = placings {
            for r in &placings.ranked {
                let placing = placings.placings.get(&r.authority);
                rows.push((
                    self.authority_name(r.authority).to_string(),
                    vec![
                        r.rank.to_string(),
                        format.show(r.value),
                        placing
                            .and_then(|p| p.band)
                            .map_or_else(String::new, |b| band_text(b.quartile, b.letter)),
                        placing
                            .and_then(|p| p.trend)
                            .map_or_else(String::new, |t| t.direction.word().to_string()),
                    ],
                ));
            }
            let mut missing = placings.missing.clone();
            missing.sort_by(|a, b| self.authority_name(a.0).cmp(self.authority_name(b.0)));
            for (a, symbol) in missing {
                symbols.push(symbol);
                rows.push((
                    self.authority_name(a).to_string(),
                    vec![
                        String::new(),
                        symbol.text().to_string(),
                        String::new(),
                        String::new(),
                    ],
                ));
            }
        }
        symbols.sort();
        symbols.dedup();
        let attribution = self.attribution(d, &symbols);
        let period = placings
            .and_then(|p| p.period)
            .map_or_else(String::new, |p| p.to_string());
        let table = TextTable {
            id: "all-authorities".into(),
            title: "Every authority".into(),
            measure: format!("{}, {period}, best first", indicator.label),
            row_header: "Authority".into(),
            columns: vec![
                "Rank".into(),
                "Value".into(),
                "Band".into(),
                "Since the period before".into(),
            ],
            rows,
            notes: vec!["Authorities with the same value share the better rank. Those without a figure are listed last, with the publisher's reason.".into()],
        };
        let table = self.table_view(table, &attribution, &folder, files);
        let mut comparators_rows = Vec::new();
        if let Some(placings) = placings {
            if let Some(e) = placings.england {
                comparators_rows.push(AreaValue {
                    name: "England".to_string(),
                    value: figure_text(e, &format),
                });
            }
            for (name, f) in &placings.regions {
                comparators_rows.push(AreaValue {
                    name: name.clone(),
                    value: figure_text(*f, &format),
                });
            }
        }
        let chart = charts::ranked(self, d, i, None, "ranked".into(), None)
            .map(|made| self.chart_view(made, d, &folder, files));
        let banding = placings.map(|p| match p.banding {
            Banding::Quartiles {
                lower,
                median,
                upper,
            } => format!(
                "The bands divide all authorities with a figure into quarters: the cut-offs are {} (lower quartile), {} (median) and {} (upper quartile).{}",
                format.show(lower),
                format.show(median),
                format.show(upper),
                match indicator.polarity {
                    crate::published::meta::Polarity::Neutral => " Neither direction is better, so the quarters are named by height, not by letter.",
                    _ => " Band A is the best quarter, whichever way the indicator points.",
                }
            ),
            Banding::TooSmall => "The figures are too close together to divide into quarters, so no bands are given.".into(),
            Banding::NoData => "No authority has a figure, so there are no bands.".into(),
        });
        IndicatorPageView {
            link,
            source: self.source_view(d),
            unit: indicator.unit.label().to_string(),
            polarity: indicator.polarity.label().to_string(),
            period,
            periods: indicator
                .periods
                .first()
                .zip(indicator.periods.last())
                .map(|(a, b)| format!("{} to {}", a.period.short(), b.period.short())),
            group: self.group_title(d),
            banding,
            comparators: comparators_rows,
            table,
            chart,
            dataset_name: dataset.name.clone(),
        }
    }

    /// The index of comparisons: every indicator, and the audits of each kind.
    pub fn index(&self) -> ComparisonsIndexView {
        let project = self.project;
        let datasets = project
            .published
            .datasets
            .iter()
            .enumerate()
            .map(|(d, dataset)| DatasetIndexView {
                source: self.source_view(d),
                group: self.group_title(d),
                indicators: (0..dataset.indicators.len())
                    .map(|i| {
                        let latest = self
                            .placings(d, i)
                            .and_then(|p| p.period)
                            .map_or_else(String::new, |p| p.to_string());
                        IndicatorItem {
                            link: self.link(d, i),
                            latest,
                        }
                    })
                    .collect(),
            })
            .collect();
        let kinds = self
            .evidence
            .kinds
            .iter()
            .map(|k| KindLink {
                title: k.kind.label().to_string(),
                path: layout::audit_kind_path(k.kind.name()),
                audits: k.audits.len(),
            })
            .collect();
        ComparisonsIndexView { datasets, kinds }
    }

    /// The audits of one kind side by side.
    pub fn kind_page(&self, k: &KindComparison, files: &mut Vec<OutputFile>) -> KindPageView {
        let project = self.project;
        let path = layout::audit_kind_path(k.kind.name());
        let folder = layout::dir_of(&path);
        let audit_views = |audits: &[usize]| -> Vec<KindAuditView> {
            audits
                .iter()
                .map(|&a| {
                    let audit = &project.audits[a];
                    KindAuditView {
                        title: audit.meta.title.clone(),
                        path: audit.output_path.clone(),
                        authority: self.authority_name(audit.lead).to_string(),
                        period: period_label(audit),
                        sample: audit.meta.sample.clone(),
                        illustrative: audit.meta.illustrative,
                    }
                })
                .collect()
        };
        let csv = format!("{folder}/data/{}.csv", k.table.id);
        let json = format!("{folder}/data/{}.json", k.table.id);
        let provenance = super::downloads::Provenance {
            audits: k
                .audits
                .iter()
                .map(|&a| super::downloads::source_audit(project, a))
                .collect(),
            audience: project.audience.name().to_string(),
            marking: project.marking.clone(),
            illustrative: k
                .audits
                .iter()
                .any(|&a| project.audits[a].meta.illustrative),
        };
        files.push(OutputFile {
            path: csv.clone(),
            bytes: super::downloads::csv(&k.table, &provenance),
        });
        files.push(OutputFile {
            path: json.clone(),
            bytes: super::downloads::json(&k.table, &provenance),
        });
        let mut table = TableView::new(&k.table, csv, json);
        let samples: Vec<String> = k
            .table
            .columns
            .iter()
            .step_by(2)
            .map(|c| c.label.trim_end_matches(": share").to_string())
            .collect();
        let chart = Chart {
            id: format!("chart-{}", k.table.id),
            title: format!("{}: shared categories of need", k.kind.label()),
            subtitle: format!("{}, with 95% intervals", k.table.measure),
            series: super::evidence::grouped(&k.table, samples),
        };
        table.chart = Some(super::views::ChartView {
            svg: chart_svg(&chart),
            title: chart.title,
            subtitle: chart.subtitle,
        });
        KindPageView {
            title: k.kind.label().to_string(),
            audits: audit_views(&k.audits),
            unmapped: audit_views(&k.unmapped),
            table,
            statements: k.statements.clone(),
        }
    }

    /// An indicator figure for prose, and the note saying what it is and where it comes from.
    pub fn figure(&self, r: &IndicatorRef, show: IndicatorShow) -> Option<(String, String)> {
        let a = r.authority?;
        let indicator = self.indicator(r.dataset, r.indicator);
        let format = indicator.unit.format(indicator.decimals);
        let placings = self.placings(r.dataset, r.indicator)?;
        let placing = placings.placings.get(&a)?;
        let k = r.period.unwrap_or(indicator.periods.len().checked_sub(1)?);
        let period = indicator.periods.get(k)?.period;
        let name = self.authority_name(a);
        let source = self.dataset(r.dataset).meta.source.clone();
        let (text, what) = match show {
            IndicatorShow::Value => {
                let figure = placing
                    .history
                    .iter()
                    .find(|(p, _)| p.key() == period.key())
                    .map_or(Figure::Missing(Symbol::Blank), |(_, f)| *f);
                (figure_text(figure, &format), format!("{name}'s figure"))
            }
            IndicatorShow::Centre => {
                let spread = placing.group_history.get(k).and_then(|(_, s)| *s)?;
                let group = placing.group.as_ref()?;
                (
                    format.show(spread.centre),
                    format!(
                        "the {} of {name}'s {}",
                        summary_word(group.summary),
                        group.title
                    ),
                )
            }
            IndicatorShow::England => (
                placing
                    .england_history
                    .get(k)
                    .and_then(|(_, v)| *v)
                    .map_or_else(|| Symbol::Blank.text().to_string(), |v| format.show(v)),
                "England's figure".to_string(),
            ),
            IndicatorShow::Rank => {
                let (rank, of) = placing.rank?;
                (
                    rank_text(rank, of, indicator.polarity),
                    format!("{name}'s rank among all authorities"),
                )
            }
            IndicatorShow::Band => {
                let band = placing.band?;
                (
                    band_text(band.quartile, band.letter),
                    format!("{name}'s quartile band among all authorities"),
                )
            }
        };
        let note = format!(
            "{}: {what}, {}, {period}. Published statistics: {source}.",
            text, indicator.label
        );
        Some((text, note))
    }

    /// The comparison sentence for prose, and its note.
    pub fn sentence(&self, r: &IndicatorRef) -> Option<(String, String)> {
        let a = r.authority?;
        let placing: &Placing = self.placings(r.dataset, r.indicator)?.placings.get(&a)?;
        let indicator = self.indicator(r.dataset, r.indicator);
        let note = format!(
            "{}. Written from the figures by the comparison rules. Published statistics: {}.",
            indicator.label,
            self.dataset(r.dataset).meta.source
        );
        Some((placing.sentence.clone(), note))
    }
}

use super::charts::Chart;

/// "3rd of 11, 1st being best", or "3rd highest of 11" where neither way is better.
fn rank_text(rank: usize, of: usize, polarity: crate::published::meta::Polarity) -> String {
    let ordinal = super::charts::ordinal(rank);
    match polarity {
        crate::published::meta::Polarity::Neutral => format!("{ordinal} highest of {of}"),
        _ => format!("{ordinal} of {of} (1st is best)"),
    }
}

fn summary_word(summary: crate::published::meta::Summary) -> &'static str {
    match summary {
        crate::published::meta::Summary::Median => "median",
        crate::published::meta::Summary::Mean => "average",
    }
}

/// The authority's code as published figures use it: its current ONS code.
fn current_code(project: &Project, a: usize) -> String {
    let code = &project.authorities[a].meta.ons_code;
    crate::published::areas::current(code).map_or_else(|| code.clone(), |k| k.ons.clone())
}

fn figure_text(figure: Figure, format: &crate::published::meta::NumberFormat) -> String {
    match figure {
        Figure::Number(x) => format.show(x),
        Figure::Missing(symbol) => symbol.text().to_string(),
    }
}

fn key_of(symbols: &[Symbol]) -> Vec<(String, String)> {
    symbols
        .iter()
        .map(|s| (s.text().to_string(), s.meaning().to_string()))
        .collect()
}

fn source_line(attribution: &Attribution) -> String {
    match &attribution.released {
        Some(released) => format!("{}, released {released}", attribution.source),
        None => attribution.source.clone(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLink {
    pub id: String,
    pub label: String,
    pub dataset: String,
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub description: Option<String>,
    pub source: String,
    pub released: Option<String>,
    pub retrieved: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlacingView {
    pub indicator: IndicatorLink,
    pub period: String,
    pub value: String,
    pub missing: bool,
    pub interval: Option<String>,
    pub centre: Option<String>,
    pub range: Option<String>,
    pub coverage: Option<String>,
    pub rank_in_group: Option<String>,
    pub rank: Option<String>,
    pub band: Option<String>,
    pub trend: Option<String>,
    pub sentence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub title: String,
    pub description: String,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartFigure {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    pub svg: String,
    /// What the chart shows, in words: the SVG's description and the PDF's alternative text.
    pub description: String,
    pub source: Option<String>,
    pub illustrative: bool,
    pub table: TableView,
}

impl ChartFigure {
    pub fn new(
        chart: crate::render::charts::Chart,
        source: Option<String>,
        illustrative: bool,
        table: TableView,
    ) -> ChartFigure {
        ChartFigure {
            svg: crate::render::charts::svg(&chart),
            description: crate::render::charts::description(&chart),
            id: chart.id,
            title: chart.title,
            subtitle: chart.subtitle,
            source,
            illustrative,
            table,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetPlacings {
    pub id: String,
    pub source: SourceView,
    pub group: Option<GroupView>,
    pub placings: Vec<PlacingView>,
    pub charts: Vec<ChartFigure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorityComparisonView {
    pub datasets: Vec<DatasetPlacings>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorPageView {
    pub link: IndicatorLink,
    pub dataset_name: String,
    pub source: SourceView,
    pub unit: String,
    pub polarity: String,
    pub period: String,
    pub periods: Option<String>,
    pub group: Option<String>,
    pub banding: Option<String>,
    /// England and the regions.
    pub comparators: Vec<AreaValue>,
    pub table: TableView,
    pub chart: Option<ChartFigure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DatasetIndexView {
    pub source: SourceView,
    pub group: Option<String>,
    pub indicators: Vec<IndicatorItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorItem {
    pub link: IndicatorLink,
    pub latest: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaValue {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindLink {
    pub title: String,
    pub path: String,
    pub audits: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ComparisonsIndexView {
    pub datasets: Vec<DatasetIndexView>,
    pub kinds: Vec<KindLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindAuditView {
    pub title: String,
    pub path: String,
    pub authority: String,
    pub period: String,
    pub sample: String,
    pub illustrative: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindPageView {
    pub title: String,
    pub audits: Vec<KindAuditView>,
    pub unmapped: Vec<KindAuditView>,
    pub table: TableView,
    pub statements: Vec<String>,
}
