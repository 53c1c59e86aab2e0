//! The standard Matching Needs and Services tables of an audit, and those its narrative asks
//! for. Every count is registered once in the audit's [`Register`]; disclosure control then
//! decides, for the whole audit at once, what each audience may see, and only then are the
//! tables published.
//!
//! - [`standard`]: the sample, the need groups and need groups crossed with age, legal status,
//!   placement, services and matching; placements outside the authority.
//! - [`profiles`]: needs in five areas, parents' difficulties, medians and quartiles, costs.
//! - [`requested`]: every field's distribution, and the crosses and histograms the narrative
//!   asks for.

mod profiles;
mod requested;
pub mod spec;
mod standard;

use std::collections::{BTreeMap, BTreeSet};

use super::data::{CaseData, Values};
use super::disclosure::Rule;
use super::publish::{Column, ColumnKind, PublishedTable, TableKind, Value};
use super::register::{
    AtomSet, Binning, Condition, DimKind, FigureId, MEMBER_YES, Place, Population, Register,
    TooManyCategories,
};
use super::suppress;
use crate::model::{FieldRole, NeedGroup};
use spec::{Cell, RowSpec, TableSpec};

pub use super::register::ONLY_A_SOCIAL_WORKER;

/// What an audit's analysis starts from.
pub struct AuditInput<'a> {
    pub data: &'a CaseData,
    pub need_groups: &'a [NeedGroup],
    /// How many children a year the sample stands for.
    pub annual_children: Option<u32>,
    /// Cross-tabulations that charts, tables and figures in the narrative ask for: (by, across).
    pub crosses: &'a [(String, String)],
    /// Whole-number fields that histograms ask for.
    pub histograms: &'a [String],
    /// Categories shared with other audits of its kind, each a set of this audit's need groups.
    pub categories: &'a [SharedCategory],
}

/// A category of need shared across audits (from `taxonomy.yaml`), as one audit maps onto it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedCategory {
    pub code: String,
    pub label: String,
    /// This audit's need group codes in the category.
    pub need_groups: Vec<String>,
}

/// An audit's published tables, and the register of figures they show.
#[derive(Debug, Clone, Default)]
pub struct AuditEvidence {
    /// The standard tables of the audit page, in reading order.
    pub tables: Vec<PublishedTable>,
    /// Every category field's distribution (count, share and interval), by field name.
    pub distributions: BTreeMap<String, PublishedTable>,
    /// The cross-tabulations the narrative asks for, by (by, across).
    pub crosses: BTreeMap<(String, String), PublishedTable>,
    /// Children by the value of a whole-number field, by field name.
    pub histograms: BTreeMap<String, PublishedTable>,
    /// Fields whose categories have a natural order, kept in charts.
    pub ordered: BTreeSet<String>,
    /// The field playing each role, by the role's name (`services`, `need-group`, ...).
    pub roles: BTreeMap<&'static str, String>,
    /// Every figure the tables show, with its status.
    pub register: Register,
}

impl AuditEvidence {
    pub fn table(&self, kind: &TableKind) -> Option<&PublishedTable> {
        self.tables.iter().find(|t| &t.kind == kind)
    }
}

pub(crate) const CHILDREN: &str = "Children";

/// The standard tables of one audit, protected by `rule`.
pub fn audit_evidence(
    input: &AuditInput<'_>,
    rule: Rule,
) -> Result<AuditEvidence, TooManyCategories> {
    let register = Register::new(input.data, &binning(input))?;
    let mut builder = Builder {
        input,
        register,
        standard: Vec::new(),
        distributions: BTreeMap::new(),
        crosses: BTreeMap::new(),
        histograms: BTreeMap::new(),
    };
    builder.register.everyone();
    builder.need_groups();
    builder.shared_categories();
    builder.age_and_sex();
    builder.by_need_group(FieldRole::Age, TableKind::NeedGroupByAge);
    builder.by_need_group(FieldRole::LegalStatus, TableKind::NeedGroupByLegalStatus);
    builder.placements_by_need_group();
    builder.services();
    builder.only_a_social_worker();
    builder.placements_outside();
    builder.by_need_group(FieldRole::Matching, TableKind::MatchingByNeedGroup);
    builder.needs_profile();
    builder.yes_no();
    builder.summary_statistics();
    builder.costs();
    builder.distributions();
    for (by, across) in input.crosses {
        builder.requested_cross(by, across);
    }
    for field in input.histograms {
        builder.histogram(field);
    }

    let Builder {
        mut register,
        standard,
        distributions,
        crosses,
        histograms,
        ..
    } = builder;
    suppress::protect(&mut register, rule);
    let mut tables = Vec::new();
    for spec in &standard {
        let table = spec::publish(spec, &register, rule);
        register
            .amount_lines
            .extend(spec::amount_lines(spec, &table));
        tables.push(table);
    }
    let distributions = publish_all(distributions, &register, rule);
    let crosses = publish_all(crosses, &register, rule);
    let histograms = publish_all(histograms, &register, rule);
    register.forget_children();
    Ok(AuditEvidence {
        tables,
        distributions,
        crosses,
        histograms,
        ordered: input
            .data
            .fields
            .iter()
            .filter(|f| f.ordered)
            .map(|f| f.name.clone())
            .collect(),
        roles: input
            .data
            .fields
            .iter()
            .filter_map(|f| f.role.map(|r| (r.name(), f.name.clone())))
            .collect(),
        register,
    })
}

fn publish_all<K: Ord>(
    specs: BTreeMap<K, TableSpec>,
    register: &Register,
    rule: Rule,
) -> BTreeMap<K, PublishedTable> {
    specs
        .into_iter()
        .map(|(k, spec)| (k, spec::publish(&spec, register, rule)))
        .collect()
}

/// Bins of the whole-number fields that histograms ask for (ages use DfE's bands instead).
fn binning(input: &AuditInput<'_>) -> Binning {
    let mut binning = Binning::default();
    for name in input.histograms {
        let Some(field) = input.data.field(name) else {
            continue;
        };
        let Values::Integer(values) = &field.values else {
            continue;
        };
        if field.role == Some(FieldRole::Age) {
            continue;
        }
        let present: Vec<i64> = values.iter().flatten().copied().collect();
        let (Some(&low), Some(&high)) = (present.iter().min(), present.iter().max()) else {
            continue;
        };
        let width = bin_width(low, high);
        let first = low.div_euclid(width) * width;
        let bins = ((high - first) / width + 1) as usize;
        binning.bins.insert(
            name.clone(),
            (0..bins)
                .map(|b| {
                    let from = first + b as i64 * width;
                    (from, from + width - 1)
                })
                .collect(),
        );
    }
    binning
}

/// A round bin width giving at most about a dozen bins.
fn bin_width(low: i64, high: i64) -> i64 {
    let span = (high - low).max(1);
    [1, 2, 5, 10, 13, 26, 52, 104, 260, 520]
        .into_iter()
        .find(|w| span / w < 12)
        .unwrap_or(1000)
}

/// One row or column of a table: a category and the children it selects.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub label: String,
    pub code: String,
    pub condition: Condition,
}

pub(super) struct Builder<'a> {
    pub input: &'a AuditInput<'a>,
    pub register: Register,
    pub standard: Vec<TableSpec>,
    pub distributions: BTreeMap<String, TableSpec>,
    pub crosses: BTreeMap<(String, String), TableSpec>,
    pub histograms: BTreeMap<String, TableSpec>,
}

/// What a cross table is about, in words.
pub(super) struct Words<'t> {
    pub title: &'t str,
    pub measure: &'t str,
    pub row_header: &'t str,
    pub notes: Vec<String>,
}

impl Builder<'_> {
    pub fn data(&self) -> &CaseData {
        self.input.data
    }

    pub fn field_name(&self, role: FieldRole) -> Option<String> {
        self.data().by_role(role).map(|f| f.name.clone())
    }

    /// The rows of a field: one per category of its dimension, or per code of its block.
    pub fn items(&self, field: &str) -> Option<Vec<Item>> {
        if let Some(dim) = self.register.dim_of_field(field) {
            let d = self.register.dim(dim);
            return Some(
                d.atoms
                    .iter()
                    .enumerate()
                    .map(|(a, atom)| Item {
                        label: atom.label.clone(),
                        code: atom.code.clone(),
                        condition: Condition {
                            dim,
                            atoms: AtomSet::single(a as u16),
                        },
                    })
                    .collect(),
            );
        }
        let block = self.register.block_of_field(field)?;
        Some(
            block
                .members
                .iter()
                .map(|&m| {
                    let d = self.register.dim(m);
                    Item {
                        label: d.label.clone(),
                        code: d
                            .name
                            .split_once(':')
                            .map_or_else(String::new, |(_, c)| c.to_string()),
                        condition: Condition {
                            dim: m,
                            atoms: AtomSet::single(MEMBER_YES),
                        },
                    }
                })
                .collect(),
        )
    }

    /// Whether a field's rows split its children (false for a multi-category field).
    pub fn partitions(&self, field: &str) -> bool {
        self.register
            .dim_of_field(field)
            .is_some_and(|d| !matches!(self.register.dim(d).kind, DimKind::Member { .. }))
    }

    fn place(table: &str, row: &str, column: &str) -> Place {
        Place {
            table: table.to_string(),
            row: row.to_string(),
            column: column.to_string(),
        }
    }

    /// A published count of `population`, noting where it is shown.
    pub fn count(
        &mut self,
        population: &Population,
        table: &str,
        row: &str,
        column: &str,
    ) -> FigureId {
        self.register
            .published(population, Self::place(table, row, column))
    }

    /// Children in `base` by `rows` (each category of `rows`) and `columns`, with a total
    /// column and a total row. Rows and columns with no children are left out of the table,
    /// but their (empty) cells stay in the register, so the reader's sums are modelled as the
    /// reader can do them.
    pub fn cross(
        &mut self,
        kind: TableKind,
        base: &Population,
        rows: &[Item],
        columns: &[Item],
        words: Words<'_>,
    ) -> Option<TableSpec> {
        let with = |p: &Population, c: &Condition| {
            Population::of(p.conditions().iter().copied().chain([*c]))
        };
        let row_pops: Vec<Population> = rows.iter().map(|r| with(base, &r.condition)).collect();
        let column_pops: Vec<Population> =
            columns.iter().map(|c| with(base, &c.condition)).collect();
        let kept_rows: Vec<bool> = row_pops
            .iter()
            .map(|p| self.register.count(p) > 0)
            .collect();
        let kept_columns: Vec<bool> = column_pops
            .iter()
            .map(|p| self.register.count(p) > 0)
            .collect();
        if !kept_rows.contains(&true) || !kept_columns.contains(&true) {
            return None;
        }
        let title = words.title;
        let mut spec_rows = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let mut cells = Vec::new();
            for (j, column) in columns.iter().enumerate() {
                let population = with(&row_pops[i], &column.condition);
                let published = kept_rows[i] && kept_columns[j];
                let id = if published {
                    self.count(&population, title, &row.label, &column.label)
                } else {
                    self.register.figure(&population, false)
                };
                if kept_columns[j] {
                    cells.push(Cell::Count(id));
                }
            }
            if !kept_rows[i] {
                self.register.figure(&row_pops[i], false);
                continue;
            }
            cells.push(Cell::Count(self.count(
                &row_pops[i],
                title,
                &row.label,
                "Total",
            )));
            spec_rows.push(RowSpec {
                label: row.label.clone(),
                code: Some(row.code.clone()),
                description: None,
                total: false,
                cells,
            });
        }
        let mut totals = Vec::new();
        for (j, column) in columns.iter().enumerate() {
            if kept_columns[j] {
                totals.push(Cell::Count(self.count(
                    &column_pops[j],
                    title,
                    "Total",
                    &column.label,
                )));
            } else {
                self.register.figure(&column_pops[j], false);
            }
        }
        let whole = self.count(base, title, "Total", "Total");
        totals.push(Cell::Count(whole));
        spec_rows.push(RowSpec {
            label: "Total".into(),
            code: None,
            description: None,
            total: true,
            cells: totals,
        });
        let mut spec_columns: Vec<Column> = columns
            .iter()
            .zip(&kept_columns)
            .filter(|(_, k)| **k)
            .map(|(c, _)| Column {
                label: c.label.clone(),
                kind: ColumnKind::Count,
                code: Some(c.code.clone()),
            })
            .collect();
        spec_columns.push(Column {
            label: "Total".into(),
            kind: ColumnKind::Count,
            code: None,
        });
        Some(TableSpec {
            kind,
            title: title.to_string(),
            measure: words.measure.to_string(),
            row_header: words.row_header.to_string(),
            columns: spec_columns,
            rows: spec_rows,
            population: whole,
            notes: words.notes,
            amount_columns: Vec::new(),
        })
    }

    /// A row of a one-way table: the count of `population`, its share of `of` and (optionally)
    /// the share's interval.
    pub fn share_row(
        &mut self,
        table: &str,
        item: (&str, Option<String>, Option<String>),
        population: &Population,
        of: FigureId,
        with_interval: bool,
    ) -> RowSpec {
        let (label, code, description) = item;
        let count = self.count(population, table, label, CHILDREN);
        let mut cells = vec![Cell::Count(count), Cell::Share { count, of }];
        if with_interval {
            cells.push(Cell::Interval { count, of });
        }
        RowSpec {
            label: label.to_string(),
            code,
            description,
            total: false,
            cells,
        }
    }
}

pub(super) fn share_columns(with_interval: bool) -> Vec<Column> {
    let mut columns = vec![
        Column {
            label: CHILDREN.into(),
            kind: ColumnKind::Count,
            code: None,
        },
        Column {
            label: "Share".into(),
            kind: ColumnKind::Share,
            code: None,
        },
    ];
    if with_interval {
        columns.push(Column {
            label: "95% interval".into(),
            kind: ColumnKind::Interval,
            code: None,
        });
    }
    columns
}

/// The total row of a one-way table: everyone it is about, 100%.
pub(super) fn total_row(label: &str, whole: FigureId, with_interval: bool) -> RowSpec {
    let mut cells = vec![
        Cell::Count(whole),
        Cell::Share {
            count: whole,
            of: whole,
        },
    ];
    if with_interval {
        cells.push(Cell::Fixed(Value::Missing));
    }
    RowSpec {
        label: label.to_string(),
        code: None,
        description: None,
        total: true,
        cells,
    }
}

pub(super) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.clone().next()) {
        // Keep acronyms and names as they are ("CAMHS", "DfE").
        (Some(first), Some(second)) if second.is_uppercase() => {
            format!("{first}{}", chars.as_str())
        }
        (Some(first), _) => first.to_lowercase().chain(chars).collect(),
        (None, _) => String::new(),
    }
}
