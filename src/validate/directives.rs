//! Checking the directives of a page against the project: the audits, fields, codes and chart
//! kinds they name must exist, so a typo is a build error with its file and line rather than a
//! blank chart.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use super::cases::ResolvedField;
use super::published::Published;
use super::{Audit, Authority};
use crate::analyse::across::{Comparison, Shape};
use crate::diagnostics::{Diagnostic, Position};
use crate::directives::{self, Arg, Directive};
use crate::model::FieldType;
use crate::yaml::closest;

/// A field of an audit, optionally crossed with another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldRef {
    pub audit: usize,
    pub by: String,
    pub across: Option<String>,
}

/// A published indicator, for one authority (or for all), in one period (or the latest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IndicatorRef {
    pub dataset: usize,
    pub indicator: usize,
    pub authority: Option<usize>,
    /// Index into the indicator's periods; `None` for the latest.
    pub period: Option<usize>,
}

/// What a chart, table or figure draws on: one of the sources a project has.
#[derive(Debug, Clone, PartialEq)]
pub enum DataRef {
    /// A field of one audit.
    Field(FieldRef),
    /// Audits side by side on a field.
    Comparison(Comparison),
    /// A published indicator.
    Indicator(IndicatorRef),
}

impl DataRef {
    /// Every audit the data draws on.
    pub fn audits(&self) -> Vec<usize> {
        match self {
            DataRef::Field(f) => vec![f.audit],
            DataRef::Comparison(c) => c.audits.clone(),
            DataRef::Indicator(_) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Horizontal bars, one per category, largest first.
    Bar,
    /// 100% stacked bars: each category of `by`, split by `across`.
    Stacked,
    /// One share across several audits, with its 95% interval.
    Dots,
    /// A small bar chart for each category of `by`, split by `across`.
    Multiples,
    /// Children by the value of a whole-number field.
    Histogram,
    /// For each category of `by`, a bar for each of several audits, with 95% intervals.
    Grouped,
    /// A published indicator over time: the authority against its comparators, region and
    /// England.
    Trend,
    /// Every authority's figure on a published indicator, ranked, with one picked out.
    Ranked,
}

impl ChartKind {
    pub const NAMES: [&'static str; 8] = [
        "bar",
        "stacked",
        "dots",
        "multiples",
        "histogram",
        "grouped",
        "trend",
        "ranked",
    ];

    fn from_name(name: &str) -> Option<ChartKind> {
        Some(match name {
            "bar" => ChartKind::Bar,
            "stacked" => ChartKind::Stacked,
            "dots" => ChartKind::Dots,
            "multiples" => ChartKind::Multiples,
            "histogram" => ChartKind::Histogram,
            "grouped" => ChartKind::Grouped,
            "trend" => ChartKind::Trend,
            "ranked" => ChartKind::Ranked,
            _ => return None,
        })
    }
}

/// What an indicator figure in prose shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorShow {
    Value,
    /// The comparators' median (or mean).
    Centre,
    /// England's value.
    England,
    /// The rank among all authorities.
    Rank,
    /// The quartile band, A to D.
    Band,
}

impl IndicatorShow {
    pub const NAMES: [&'static str; 5] = ["value", "centre", "england", "rank", "band"];

    fn from_name(name: &str) -> Option<IndicatorShow> {
        Some(match name {
            "value" => IndicatorShow::Value,
            "centre" | "median" => IndicatorShow::Centre,
            "england" => IndicatorShow::England,
            "rank" => IndicatorShow::Rank,
            "band" => IndicatorShow::Band,
            _ => return None,
        })
    }
}

/// What a figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    Count,
    Share,
    Both,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DirectiveKind {
    Chart {
        kind: ChartKind,
        title: String,
        data: DataRef,
    },
    Table(FieldRef),
    Figure {
        data: FieldRef,
        code: String,
        within: Option<String>,
        show: Show,
    },
    /// A published indicator's value for an authority, in prose.
    Indicator {
        data: IndicatorRef,
        show: IndicatorShow,
    },
    /// The sentence comparing an authority with its comparators on an indicator.
    Compare(IndicatorRef),
    Callout {
        title: String,
        body: String,
        /// The directives inside the body, placed within it.
        inner: Vec<PlacedDirective>,
    },
}

impl DirectiveKind {
    /// Every audit the directive quotes, callouts' inner directives included.
    pub fn audits(&self) -> Vec<usize> {
        match self {
            DirectiveKind::Chart { data, .. } => data.audits(),
            DirectiveKind::Table(f) | DirectiveKind::Figure { data: f, .. } => vec![f.audit],
            DirectiveKind::Indicator { .. } | DirectiveKind::Compare(_) => Vec::new(),
            DirectiveKind::Callout { inner, .. } => {
                inner.iter().flat_map(|d| d.kind.audits()).collect()
            }
        }
    }
}

/// A checked directive and where it sits in the page's Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedDirective {
    pub span: Range<usize>,
    pub alone: bool,
    pub kind: DirectiveKind,
}

/// Everything the checks need about the project's audits.
pub struct Catalogue<'a> {
    pub audits: &'a [Audit],
    pub authorities: &'a [Authority],
    pub published: &'a Published,
    /// Each audit's checked fields, where its schema was usable.
    pub fields: &'a [Option<Vec<ResolvedField>>],
    /// The authority that `authority="{authority}"` stands for: in a briefing written once
    /// for each authority, the one being written.
    pub each_authority: Option<usize>,
}

/// Written as an authority in a briefing with `for_each`, it stands for each authority in turn.
pub const EACH_AUTHORITY: &str = "{authority}";

/// Where the Markdown is, for error positions.
pub struct Place<'a> {
    pub file: &'a Path,
    pub file_text: &'a str,
    pub start: usize,
}

impl Place<'_> {
    fn error(&self, at: usize, message: String, help: String) -> Diagnostic {
        let p = Position::of_offset(self.file_text, self.start + at);
        Diagnostic::error(self.file, message)
            .at(p.line, Some(p.column))
            .with_help(help)
    }
}

/// Finds and checks the directives of `markdown`.
pub fn check(
    markdown: &str,
    place: &Place<'_>,
    catalogue: &Catalogue<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PlacedDirective> {
    let (found, errors) = directives::find(markdown);
    for e in errors {
        diagnostics.push(place.error(e.at, e.message, e.help));
    }
    found
        .iter()
        .filter_map(|d| {
            let mut checker = Checker {
                d,
                place,
                catalogue,
                problems: Vec::new(),
            };
            let kind = checker.kind();
            diagnostics.append(&mut checker.problems);
            kind.map(|kind| PlacedDirective {
                span: d.span.clone(),
                alone: d.alone,
                kind,
            })
        })
        .collect()
}

struct Checker<'a> {
    d: &'a Directive,
    place: &'a Place<'a>,
    catalogue: &'a Catalogue<'a>,
    problems: Vec<Diagnostic>,
}

const NAMES: [&str; 6] = [
    "chart",
    "table",
    "figure",
    "indicator",
    "compare",
    "callout",
];

impl Checker<'_> {
    fn fail<T>(&mut self, at: usize, message: String, help: String) -> Option<T> {
        self.problems.push(self.place.error(at, message, help));
        None
    }

    fn kind(&mut self) -> Option<DirectiveKind> {
        let allowed: &[&str] = match self.d.name.as_str() {
            "chart" => &[
                "audit",
                "audits",
                "by",
                "across",
                "code",
                "codes",
                "kind",
                "title",
                "indicator",
                "authority",
            ],
            "indicator" => &["name", "authority", "period", "show"],
            "compare" => &["name", "authority"],
            "table" => &["audit", "by", "across"],
            "figure" => &["audit", "by", "code", "across", "in", "show"],
            "callout" => &["title"],
            other => {
                let help = match closest(other, &NAMES) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("the directives are: {}", NAMES.join(", ")),
                };
                return self.fail(
                    self.d.span.start,
                    format!("there is no directive `{other}`"),
                    help,
                );
            }
        };
        for (key, (_, range)) in &self.d.args {
            if !allowed.contains(&key.as_str()) {
                let help = match closest(key, allowed) {
                    Some(best) => format!(
                        "did you mean `{best}`? `{}` takes: {}",
                        self.d.name,
                        allowed.join(", ")
                    ),
                    None => format!("`{}` takes: {}", self.d.name, allowed.join(", ")),
                };
                self.problems.push(self.place.error(
                    range.start,
                    format!("`{}` has no argument `{key}`", self.d.name),
                    help,
                ));
            }
        }
        if self.d.name != "callout" && self.d.body.is_some() {
            return self.fail(
                self.d.span.start,
                format!("`{}` does not take a body", self.d.name),
                format!("write it as {{{{ {}(...) }}}}", self.d.name),
            );
        }
        if !self.problems.is_empty() {
            return None;
        }
        match self.d.name.as_str() {
            "chart" => self.chart(),
            "table" => Some(DirectiveKind::Table(self.data_ref(true)?)),
            "figure" => self.figure(),
            "indicator" => {
                let data = self.indicator_ref("name", true)?;
                let show = match self.text("show") {
                    None => IndicatorShow::Value,
                    Some((name, at)) => match IndicatorShow::from_name(&name) {
                        Some(show) => show,
                        None => {
                            return self.fail(
                                at,
                                format!("`show` cannot be `{name}`"),
                                format!("use {}", IndicatorShow::NAMES.join(", ")),
                            );
                        }
                    },
                };
                Some(DirectiveKind::Indicator { data, show })
            }
            "compare" => Some(DirectiveKind::Compare(self.indicator_ref("name", false)?)),
            _ => self.callout(),
        }
    }

    fn text(&mut self, key: &str) -> Option<(String, usize)> {
        match self.d.args.get(key) {
            Some((Arg::Text(t), range)) => Some((t.clone(), range.start)),
            Some((other, range)) => {
                let described = other.describe();
                self.fail(
                    range.start,
                    format!("`{key}` must be quoted text, not {described}"),
                    format!("write {key}=\"...\""),
                )
            }
            None => None,
        }
    }

    fn required(&mut self, key: &str, example: &str) -> Option<(String, usize)> {
        if self.d.args.contains_key(key) {
            return self.text(key);
        }
        self.fail(
            self.d.span.start,
            format!("`{}` needs `{key}`", self.d.name),
            format!("add {key}=\"{example}\""),
        )
    }

    fn audit(&mut self, id: &str, at: usize) -> Option<usize> {
        match self.catalogue.audits.iter().position(|a| a.id == id) {
            Some(i) => Some(i),
            None => {
                let ids: Vec<&str> = self
                    .catalogue
                    .audits
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect();
                let help = match closest(id, &ids) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "audits are named `authority/audit`, after their folders".to_string(),
                };
                self.fail(at, format!("there is no audit `{id}`"), help)
            }
        }
    }

    /// The field `name` of audit `audit`, which must hold categories unless `numeric`.
    fn field(
        &mut self,
        audit: usize,
        name: &str,
        at: usize,
        numeric: bool,
    ) -> Option<&ResolvedField> {
        let Some(fields) = self.catalogue.fields.get(audit).and_then(Option::as_ref) else {
            // The audit's schema has its own error already.
            return None;
        };
        let audit_id = &self.catalogue.audits[audit].id;
        let Some(field) = fields.iter().find(|f| f.spec.name == name) else {
            let names: Vec<&str> = fields
                .iter()
                .filter(|f| !matches!(f.spec.kind, FieldType::Id | FieldType::FreeText))
                .map(|f| f.spec.name.as_str())
                .collect();
            let help = match closest(name, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("its fields are: {}", names.join(", ")),
            };
            let message = format!("the audit `{audit_id}` has no field `{name}`");
            self.problems.push(self.place.error(at, message, help));
            return None;
        };
        let ok = match field.spec.kind {
            FieldType::Id | FieldType::FreeText => false,
            FieldType::Integer | FieldType::Number | FieldType::Date => {
                numeric && field.spec.kind == FieldType::Integer
            }
            _ => !numeric,
        };
        if !ok {
            let (message, help) = if numeric {
                (
                    format!("`{name}` is not a whole-number field"),
                    "a histogram needs a field of type integer, such as age".to_string(),
                )
            } else if matches!(field.spec.kind, FieldType::Id | FieldType::FreeText) {
                (
                    format!("`{name}` is never published"),
                    "case ids and free text stay private; choose a category field".to_string(),
                )
            } else {
                (
                    format!(
                        "`{name}` is a {} field, not a category",
                        field.spec.kind.name()
                    ),
                    "charts, tables and figures count children by a category, yes-no or band field"
                        .to_string(),
                )
            };
            self.problems.push(self.place.error(at, message, help));
            return None;
        }
        fields.iter().find(|f| f.spec.name == name)
    }

    fn code(&mut self, audit: usize, field: &str, code: &str, at: usize) -> Option<String> {
        // A field that does not exist has its own error already.
        let fields = self.catalogue.fields.get(audit)?.as_ref()?;
        fields.iter().find(|f| f.spec.name == field)?;
        let codes = self.codes_of(audit, field);
        if codes.iter().any(|c| c == code) {
            return Some(code.to_string());
        }
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let help = match closest(code, &refs) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the codes of `{field}` are: {}", refs.join(", ")),
        };
        self.fail(at, format!("`{field}` has no code `{code}`"), help)
    }

    /// The audits a chart across audits names: a list, or "all".
    fn audits(&mut self) -> Option<Vec<usize>> {
        match self.d.args.get("audits") {
            Some((Arg::List(ids), range)) => {
                let at = range.start;
                ids.clone().iter().map(|id| self.audit(id, at)).collect()
            }
            Some((Arg::Text(all), _)) if all == "all" => {
                Some((0..self.catalogue.audits.len()).collect())
            }
            Some((_, range)) => self.fail(
                range.start,
                "`audits` must be a list of audits, or \"all\"".into(),
                "write audits=[\"authority/audit\", ...]".into(),
            ),
            None => self.fail(
                self.d.span.start,
                "a chart across audits needs `audits`".into(),
                "add audits=[\"authority/audit\", ...] or audits=\"all\"".into(),
            ),
        }
    }

    /// The codes of a field, as figures and charts name them.
    fn codes_of(&self, audit: usize, field: &str) -> Vec<String> {
        let Some(spec) = self
            .catalogue
            .fields
            .get(audit)
            .and_then(Option::as_ref)
            .and_then(|f| f.iter().find(|f| f.spec.name == field))
        else {
            return Vec::new();
        };
        match (spec.spec.kind, spec.spec.role) {
            (FieldType::YesNo, _) => vec!["yes".into(), "no".into()],
            (_, Some(crate::model::FieldRole::Placement)) => crate::codes::PLACEMENT_FAMILIES
                .iter()
                .map(|c| c.code.to_string())
                .collect(),
            _ => spec.categories.iter().map(|c| c.code.clone()).collect(),
        }
    }

    /// The indicator named by `key` (`dataset/indicator`), for the authority named by
    /// `authority` (a folder name, ONS code or DfE number), in the period named by `period`.
    fn indicator_ref(&mut self, key: &str, with_period: bool) -> Option<IndicatorRef> {
        let published = self.catalogue.published;
        let (id, id_at) = self.required(key, "children-looked-after/looked-after")?;
        let Some((dataset, indicator)) = published.indicator(&id) else {
            let ids = published.indicator_ids();
            let help = match closest(&id, &ids) {
                Some(best) => format!("did you mean `{best}`?"),
                None if ids.is_empty() => {
                    "the project has no published indicators: add a dataset to indicators/"
                        .to_string()
                }
                None => format!(
                    "indicators are named `dataset/indicator`: {}",
                    ids.join(", ")
                ),
            };
            return self.fail(id_at, format!("there is no indicator `{id}`"), help);
        };
        let (name, at) = self.required("authority", "sutton")?;
        let authority = self.authority(&name, at)?;
        let series = &published.datasets[dataset].indicators[indicator];
        let period = match self.text("period") {
            Some((text, at)) if with_period && text != "latest" => {
                let wanted = crate::published::period::Period::parse(&text, None);
                match wanted.and_then(|w| {
                    series
                        .periods
                        .iter()
                        .position(|p| p.period.key() == w.key())
                }) {
                    Some(p) => Some(p),
                    None => {
                        let known: Vec<String> = series
                            .periods
                            .iter()
                            .map(|p| p.period.to_string())
                            .collect();
                        return self.fail(
                            at,
                            format!("`{id}` has no period `{text}`"),
                            format!("its periods are: {}, or latest", known.join(", ")),
                        );
                    }
                }
            }
            _ => None,
        };
        Some(IndicatorRef {
            dataset,
            indicator,
            authority: Some(authority),
            period,
        })
    }

    /// An authority by its folder name, ONS code or DfE number.
    fn authority(&mut self, name: &str, at: usize) -> Option<usize> {
        if name == EACH_AUTHORITY {
            return match self.catalogue.each_authority {
                Some(each) => Some(each),
                None => self.fail(
                    at,
                    format!("`{EACH_AUTHORITY}` stands for an authority only in a briefing written for each one"),
                    "give the briefing `for_each: authority` in its front matter, or name the authority, such as `sutton`".to_string(),
                ),
            };
        }
        let authorities = self.catalogue.authorities;
        let found = authorities.iter().position(|a| {
            a.slug == name
                || a.meta.ons_code.eq_ignore_ascii_case(name)
                || a.meta.dfe_code.is_some_and(|n| n.to_string() == name)
        });
        if found.is_some() {
            return found;
        }
        let slugs: Vec<&str> = authorities.iter().map(|a| a.slug.as_str()).collect();
        let help = match closest(name, &slugs) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "name an authority by its folder, ONS code or DfE number".to_string(),
        };
        self.fail(at, format!("there is no authority `{name}`"), help)
    }

    fn data_ref(&mut self, allow_across: bool) -> Option<FieldRef> {
        let (id, id_at) = self.required("audit", "authority/audit")?;
        let audit = self.audit(&id, id_at)?;
        let (by, by_at) = self.required("by", "need_group")?;
        self.field(audit, &by, by_at, false)?;
        let across = match self.text("across") {
            Some((across, at)) if allow_across => {
                self.field(audit, &across, at, false)?;
                Some(across)
            }
            Some((_, at)) => {
                return self.fail(at, "this takes no `across`".into(), "remove it".into());
            }
            None => None,
        };
        Some(FieldRef { audit, by, across })
    }

    fn chart(&mut self) -> Option<DirectiveKind> {
        let (kind_name, kind_at) = self.required("kind", "bar")?;
        let Some(kind) = ChartKind::from_name(&kind_name) else {
            let help = match closest(&kind_name, &ChartKind::NAMES) {
                Some(best) => format!(
                    "did you mean `{best}`? The kinds are: {}",
                    ChartKind::NAMES.join(", ")
                ),
                None => format!("the kinds are: {}", ChartKind::NAMES.join(", ")),
            };
            return self.fail(
                kind_at,
                format!("there is no chart kind `{kind_name}`"),
                help,
            );
        };
        let (title, _) = self.required("title", "What the chart shows, as a finding")?;
        let data = match kind {
            ChartKind::Dots => {
                let (by, by_at) = self.required("by", "parent_domestic_violence")?;
                let (code, code_at) = self.required("code", "yes")?;
                let audits = self.audits()?;
                let mut usable = Vec::new();
                for audit in audits {
                    if self.field(audit, &by, by_at, false).is_some()
                        && self.code(audit, &by, &code, code_at).is_some()
                    {
                        usable.push(audit);
                    }
                }
                if !self.problems.is_empty() {
                    return None;
                }
                DataRef::Comparison(Comparison {
                    audits: usable,
                    by,
                    codes: vec![code],
                    shape: Shape::OneCategory,
                })
            }
            ChartKind::Grouped => {
                let (by, by_at) = self.required("by", "matching")?;
                let audits = self.audits()?;
                let codes = match self.d.args.get("codes") {
                    Some((Arg::List(codes), range)) => Some((codes.clone(), range.start)),
                    Some((_, range)) => {
                        return self.fail(
                            range.start,
                            "`codes` must be a list".into(),
                            "write codes=[\"a\", \"b\"]".into(),
                        );
                    }
                    None => None,
                };
                let mut all_codes: Vec<String> = Vec::new();
                for &audit in &audits {
                    self.field(audit, &by, by_at, false)?;
                    match &codes {
                        Some((codes, at)) => {
                            for code in codes {
                                self.code(audit, &by, code, *at)?;
                            }
                        }
                        None => {
                            for code in self.codes_of(audit, &by) {
                                if !all_codes.contains(&code) {
                                    all_codes.push(code);
                                }
                            }
                        }
                    }
                }
                let codes = codes.map_or(all_codes, |(c, _)| c);
                DataRef::Comparison(Comparison {
                    audits,
                    by,
                    codes,
                    shape: Shape::Categories,
                })
            }
            ChartKind::Histogram => {
                let (id, id_at) = self.required("audit", "authority/audit")?;
                let audit = self.audit(&id, id_at)?;
                let (by, by_at) = self.required("by", "age")?;
                self.field(audit, &by, by_at, true)?;
                DataRef::Field(FieldRef {
                    audit,
                    by,
                    across: None,
                })
            }
            ChartKind::Stacked | ChartKind::Multiples => {
                let data = self.data_ref(true)?;
                if data.across.is_none() {
                    return self.fail(
                        self.d.span.start,
                        format!("a {kind_name} chart needs `across`"),
                        "add across=\"matching\", the field that splits each bar".into(),
                    );
                }
                DataRef::Field(data)
            }
            ChartKind::Bar => DataRef::Field(self.data_ref(false)?),
            ChartKind::Trend | ChartKind::Ranked => {
                DataRef::Indicator(self.indicator_ref("indicator", false)?)
            }
        };
        if !self.d.alone {
            return self.fail(
                self.d.span.start,
                "a chart must be a paragraph of its own".into(),
                "put a blank line before and after it".into(),
            );
        }
        Some(DirectiveKind::Chart { kind, title, data })
    }

    fn figure(&mut self) -> Option<DirectiveKind> {
        let data = self.data_ref(true)?;
        let (code, code_at) = self.required("code", "A")?;
        let code = self.code(data.audit, &data.by, &code, code_at)?;
        let within = match (&data.across, self.text("in")) {
            (Some(across), Some((within, at))) => {
                Some(self.code(data.audit, &across.clone(), &within, at)?)
            }
            (Some(_), None) => {
                return self.fail(
                    self.d.span.start,
                    "a figure with `across` needs `in`".into(),
                    "add in=\"...\": the code of the across field to count".into(),
                );
            }
            (None, Some((_, at))) => {
                return self.fail(
                    at,
                    "`in` goes with `across`".into(),
                    "add across=\"field\", or remove `in`".into(),
                );
            }
            (None, None) => None,
        };
        let show = match self.text("show") {
            None => Show::Both,
            Some((s, _)) if s == "count" => Show::Count,
            Some((s, _)) if s == "share" => Show::Share,
            Some((s, _)) if s == "both" => Show::Both,
            Some((s, at)) => {
                return self.fail(
                    at,
                    format!("`show` cannot be `{s}`"),
                    "use count, share or both".into(),
                );
            }
        };
        Some(DirectiveKind::Figure {
            data,
            code,
            within,
            show,
        })
    }

    fn callout(&mut self) -> Option<DirectiveKind> {
        let title = self
            .text("title")
            .map_or_else(|| "Key message".to_string(), |(t, _)| t);
        let Some((body, body_at)) = self.d.body.clone() else {
            return self.fail(
                self.d.span.start,
                "a callout needs its text".into(),
                "write {% callout(title=\"...\") %}, the text, then {% end %}".into(),
            );
        };
        if !self.d.alone {
            return self.fail(
                self.d.span.start,
                "a callout must be a paragraph of its own".into(),
                "put a blank line before and after it".into(),
            );
        }
        let place = Place {
            file: self.place.file,
            file_text: self.place.file_text,
            start: self.place.start + body_at,
        };
        let inner = check(&body, &place, self.catalogue, &mut self.problems);
        if inner.iter().any(|d| {
            matches!(
                d.kind,
                DirectiveKind::Callout { .. }
                    | DirectiveKind::Chart { .. }
                    | DirectiveKind::Table(_)
            )
        }) {
            return self.fail(
                self.d.span.start,
                "a callout holds text and figures only".into(),
                "put charts and tables outside the callout".into(),
            );
        }
        Some(DirectiveKind::Callout { title, body, inner })
    }
}

/// Every field pair and field the directives of the project need from the analysis.
#[derive(Debug, Clone, Default)]
pub struct Requests {
    /// Cross tables, by audit: (by, across).
    pub crosses: BTreeMap<usize, Vec<(String, String)>>,
    /// Histograms, by audit: field names.
    pub histograms: BTreeMap<usize, Vec<String>>,
    /// Comparisons of audits.
    pub comparisons: Vec<Comparison>,
}

impl Requests {
    pub fn add(&mut self, directive: &PlacedDirective) {
        match &directive.kind {
            DirectiveKind::Chart {
                kind: ChartKind::Histogram,
                data: DataRef::Field(d),
                ..
            } => {
                push_unique(self.histograms.entry(d.audit).or_default(), d.by.clone());
            }
            DirectiveKind::Chart {
                data: DataRef::Field(d),
                ..
            }
            | DirectiveKind::Table(d)
            | DirectiveKind::Figure { data: d, .. } => {
                if let Some(across) = &d.across {
                    push_unique(
                        self.crosses.entry(d.audit).or_default(),
                        (d.by.clone(), across.clone()),
                    );
                }
            }
            DirectiveKind::Callout { inner, .. } => inner.iter().for_each(|d| self.add(d)),
            DirectiveKind::Chart {
                data: DataRef::Comparison(comparison),
                ..
            } => push_unique(&mut self.comparisons, comparison.clone()),
            DirectiveKind::Chart {
                data: DataRef::Indicator(_),
                ..
            }
            | DirectiveKind::Indicator { .. }
            | DirectiveKind::Compare(_) => {}
        }
    }
}

fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}
