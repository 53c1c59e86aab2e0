//! The standard Matching Needs and Services tables of an audit: the sample, the need groups,
//! need groups by age, legal status, placement and services, children whose only service was a
//! social worker, placements outside the authority, matching, needs and parents' difficulties,
//! summary statistics and costs. Each is protected for the audience before it is published.

use std::collections::BTreeMap;

use super::data::{CaseData, Category, Field, Values};
use super::disclosure::{self, Margins, Protection, Rule, Status};
use super::publish::{Column, ColumnKind, PublishedTable, Row, SuppressionNote, Value};
use super::stats;
use super::tables::{self, Classified, CountTable};
use crate::codes;
use crate::model::{FieldRole, NeedGroup};

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
}

/// An audit's published tables, and why each hidden figure is hidden.
#[derive(Debug, Clone, Default, PartialEq)]
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
    pub ordered: std::collections::BTreeSet<String>,
    /// The field playing each role, by the role's name (`services`, `need-group`, ...).
    pub roles: BTreeMap<&'static str, String>,
    pub suppressions: Vec<SuppressionNote>,
}

impl AuditEvidence {
    pub fn table(&self, id: &str) -> Option<&PublishedTable> {
        self.tables.iter().find(|t| t.id == id)
    }
}

/// A field's distribution, protected once so every table that uses it as a margin agrees.
struct Margin {
    classified: Classified,
    table: CountTable,
    protection: Protection,
}

impl Margin {
    fn status(&self, code: &str) -> Option<Status> {
        self.table
            .rows
            .iter()
            .position(|c| c.code == code)
            .map(|i| self.protection.cells[i][0])
    }
}

struct Analysis<'a> {
    input: &'a AuditInput<'a>,
    rule: Rule,
    margins: BTreeMap<String, Margin>,
    evidence: AuditEvidence,
}

const CHILDREN: &str = "Children";

/// The standard tables of one audit, protected by `rule`.
pub fn audit_evidence(input: &AuditInput<'_>, rule: Rule) -> AuditEvidence {
    let mut analysis = Analysis {
        input,
        rule,
        margins: BTreeMap::new(),
        evidence: AuditEvidence::default(),
    };
    analysis.evidence.roles = input
        .data
        .fields
        .iter()
        .filter_map(|f| f.role.map(|r| (r.name(), f.name.clone())))
        .collect();
    analysis.evidence.ordered = input
        .data
        .fields
        .iter()
        .filter(|f| f.ordered)
        .map(|f| f.name.clone())
        .collect();
    analysis.build_margins();
    analysis.need_groups();
    analysis.age_and_sex();
    analysis.by_need_group(
        FieldRole::Age,
        "need-group-by-age",
        "Need groups by age",
        "Children in each need group, by age",
    );
    analysis.by_need_group(
        FieldRole::LegalStatus,
        "need-group-by-legal-status",
        "Need groups by legal status",
        "Children in each need group, by legal status",
    );
    analysis.by_need_group(
        PLACEMENT_FAMILY,
        "need-group-by-placement",
        "Need groups by placement",
        "Looked-after children in each need group, by kind of placement",
    );
    analysis.services();
    analysis.only_a_social_worker();
    analysis.placements_outside();
    analysis.by_need_group(FieldRole::Matching, "matching-by-need-group", "Whether services matched need, by need group", "Children in each need group, by the auditors' judgement of whether the services received matched their needs");
    analysis.needs_profile();
    analysis.parents_difficulties();
    analysis.summary_statistics();
    analysis.costs();
    analysis.distributions();
    for (by, across) in input.crosses {
        analysis.requested_cross(by, across);
    }
    for field in input.histograms {
        analysis.histogram(field);
    }
    analysis.evidence
}

/// The name of the field derived from services received: whether a child's only service was a
/// social worker.
pub const ONLY_A_SOCIAL_WORKER: &str = "only_a_social_worker";

/// The case data with fields derived from others added, so they are counted, protected and
/// published like any recorded field: for now, whether a child's only service was a social
/// worker.
pub fn with_derived_fields(data: &CaseData) -> CaseData {
    let mut data = data.clone();
    let only = data
        .by_role(FieldRole::Services)
        .and_then(|field| match &field.values {
            Values::Multi { categories, values } => {
                let worker = categories
                    .iter()
                    .position(|c| c.code == codes::SOCIAL_WORKER)?;
                Some(
                    values
                        .iter()
                        .map(|v| (!v.is_empty()).then(|| v.as_slice() == [worker]))
                        .collect(),
                )
            }
            _ => None,
        });
    if let Some(values) = only {
        data.fields.push(Field {
            name: ONLY_A_SOCIAL_WORKER.to_string(),
            label: "Only a social worker as their service".to_string(),
            role: None,
            missing: None,
            ordered: true,
            values: Values::YesNo(values),
        });
    }
    data
}

/// The placement field seen by kind of placement, as a pseudo-role for `by_need_group`.
const PLACEMENT_FAMILY: FieldRole = FieldRole::Placement;

impl Analysis<'_> {
    fn data(&self) -> &CaseData {
        self.input.data
    }

    fn n(&self) -> u64 {
        self.data().children as u64
    }

    /// Protects the distribution of every categorical field once.
    fn build_margins(&mut self) {
        let children = self.data().children;
        for field in &self.input.data.fields {
            let Some(classified) = self.classify(field) else {
                continue;
            };
            let table = tables::one_way(&classified, CHILDREN);
            let protection = if classified.partition {
                disclosure::protect_one_way(&table, self.rule)
            } else {
                // Children can be in several categories, so the column does not add up: each
                // count stands alone and only small ones are hidden.
                let mut lone = table.clone();
                lone.columns_add_up = false;
                disclosure::protect_one_way(&lone, self.rule)
            };
            let _ = children;
            self.margins.insert(
                field.name.clone(),
                Margin {
                    classified,
                    table,
                    protection,
                },
            );
        }
    }

    /// A field's categories; placements are grouped into kinds, as 20 DfE codes would make
    /// tables too wide to read.
    fn classify(&self, field: &Field) -> Option<Classified> {
        let classified = tables::classify(field, self.data().children)?;
        if field.role != Some(FieldRole::Placement) {
            return Some(classified);
        }
        let families: Vec<Category> = codes::PLACEMENT_FAMILIES
            .iter()
            .map(|f| Category {
                code: f.code.to_string(),
                label: f.label.to_string(),
            })
            .chain(std::iter::once(Category {
                code: String::new(),
                label: field
                    .missing
                    .clone()
                    .unwrap_or_else(|| tables::NOT_RECORDED.to_string()),
            }))
            .collect();
        let missing = families.len() - 1;
        let of_child = classified
            .of_child
            .iter()
            .map(|picks| {
                picks
                    .iter()
                    .map(|&p| {
                        let code = &classified.categories[p].code;
                        if code.is_empty() {
                            missing
                        } else {
                            codes::placement_family(code)
                        }
                    })
                    .collect()
            })
            .collect();
        Some(Classified {
            categories: families,
            of_child,
            partition: classified.partition,
        })
    }

    /// Children by two protected margins, with the margins' statuses fixed as they were
    /// protected: the whole sample, so the total is shown.
    fn cross_of(rows: &Margin, columns: &Margin) -> (CountTable, Margins) {
        let table = tables::cross(&rows.classified, &columns.classified).without_empty();
        let margins = Margins {
            rows: table.rows.iter().map(|c| rows.status(&c.code)).collect(),
            columns: table
                .columns
                .iter()
                .map(|c| columns.status(&c.code))
                .collect(),
            total: Some(Status::Shown),
        };
        (table, margins)
    }

    fn field_by_role(&self, role: FieldRole) -> Option<&Field> {
        self.data().by_role(role)
    }

    fn margin_of(&self, role: FieldRole) -> Option<&Margin> {
        self.field_by_role(role)
            .and_then(|f| self.margins.get(&f.name))
    }

    fn note(
        &mut self,
        table: &PublishedTable,
        rows: &[String],
        columns: &[String],
        protection: &Protection,
    ) {
        for (i, row) in protection.cells.iter().enumerate() {
            for (j, status) in row.iter().enumerate() {
                if status.hidden() {
                    self.evidence.suppressions.push(SuppressionNote {
                        table: table.title.clone(),
                        row: rows[i].clone(),
                        column: columns[j].clone(),
                        reason: SuppressionNote::reason_of(*status),
                    });
                }
            }
        }
    }

    fn need_groups(&mut self) {
        let Some(margin) = self.margin_of(FieldRole::NeedGroup) else {
            return;
        };
        let n = self.n();
        let descriptions: BTreeMap<&str, &str> = self
            .input
            .need_groups
            .iter()
            .map(|g| (g.code.as_str(), g.description.as_str()))
            .collect();
        let mut rows = Vec::new();
        for (i, category) in margin.table.rows.iter().enumerate() {
            let count = margin.table.counts[i][0];
            let status = margin.protection.cells[i][0];
            if count == 0 && category.code.is_empty() {
                continue;
            }
            rows.push(Row {
                label: category.label.clone(),
                code: Some(category.code.clone()),
                description: descriptions
                    .get(category.code.as_str())
                    .map(|d| d.to_string()),
                total: false,
                values: share_values(count, n, status, true),
            });
        }
        rows.push(total_row(n, true));
        let table = PublishedTable {
            id: "need-groups".into(),
            title: "Need groups".into(),
            measure: "Children in the sample, by the need group the panel assigned".into(),
            row_header: "Need group".into(),
            columns: share_columns(true),
            rows,
            population: n,
            notes: vec!["The 95% interval is the Wilson score interval: the range within which the share for all such children probably lies, given a sample of this size.".into()],
        };
        let labels: Vec<String> = margin.table.rows.iter().map(|c| c.label.clone()).collect();
        let protection = margin.protection.clone();
        self.note(&table, &labels, &[CHILDREN.to_string()], &protection);
        self.evidence.tables.push(table);
    }

    fn age_and_sex(&mut self) {
        let (Some(age), Some(sex)) = (
            self.margin_of(FieldRole::Age),
            self.margin_of(FieldRole::Sex),
        ) else {
            return;
        };
        let (table, margins) = Self::cross_of(age, sex);
        self.publish_cross(
            "age-and-sex",
            "The children in the sample, by age and sex",
            "Children in the sample, by age and sex",
            "Age",
            table,
            &margins,
            Vec::new(),
        );
    }

    /// Need group (rows) by the field with `role` (columns).
    fn by_need_group(&mut self, role: FieldRole, id: &str, title: &str, measure: &str) {
        let (Some(groups), Some(other)) =
            (self.margin_of(FieldRole::NeedGroup), self.margin_of(role))
        else {
            return;
        };
        if role != FieldRole::Placement {
            let (table, margins) = Self::cross_of(groups, other);
            self.publish_cross(
                id,
                title,
                measure,
                "Need group",
                table,
                &margins,
                Vec::new(),
            );
            return;
        }
        let mut table = tables::cross(&groups.classified, &other.classified).without_empty();
        let mut notes = Vec::new();
        // Only looked-after children have a placement: leave out the rest.
        if let Some(j) = table.columns.iter().position(|c| c.code.is_empty()) {
            let left_out = table.column_totals[j];
            for row in &mut table.counts {
                row.remove(j);
            }
            table.columns.remove(j);
            table.column_totals.remove(j);
            table.row_totals = table.counts.iter().map(|r| r.iter().sum()).collect();
            table.total -= left_out;
            notes.push(format!(
                "{} without a placement (not looked after) are left out.",
                children_phrase(left_out)
            ));
        }
        let table = table.without_empty();
        // Looked-after children per group, and in all, are published only here: they are
        // protected with the table.
        let margins = Margins {
            rows: vec![None; table.rows.len()],
            columns: table
                .columns
                .iter()
                .map(|c| other.status(&c.code))
                .collect(),
            total: None,
        };
        self.publish_cross(id, title, measure, "Need group", table, &margins, notes)
    }

    fn services(&mut self) {
        let (Some(groups), Some(services)) = (
            self.margin_of(FieldRole::NeedGroup),
            self.margin_of(FieldRole::Services),
        ) else {
            return;
        };
        let (table, margins) = Self::cross_of(groups, services);
        let notes = vec!["A child may receive several services, so a row's cells can add up to more than the children in the group.".to_string()];
        self.publish_cross(
            "need-group-by-services",
            "Services received, by need group",
            "Children in each need group receiving each service",
            "Need group",
            table,
            &margins,
            notes,
        );
    }

    fn only_a_social_worker(&mut self) {
        let (Some(groups), Some(field)) = (
            self.margin_of(FieldRole::NeedGroup),
            self.field_by_role(FieldRole::Services),
        ) else {
            return;
        };
        let Values::Multi { categories, values } = &field.values else {
            return;
        };
        let Some(social_worker) = categories
            .iter()
            .position(|c| c.code == codes::SOCIAL_WORKER)
        else {
            return;
        };
        let only = Classified {
            categories: vec![
                Category {
                    code: "only".into(),
                    label: "Only a social worker".into(),
                },
                Category {
                    code: "more".into(),
                    label: "More than a social worker".into(),
                },
            ],
            of_child: values
                .iter()
                .map(|v| {
                    vec![if v.as_slice() == [social_worker] {
                        0
                    } else {
                        1
                    }]
                })
                .collect(),
            partition: true,
        };
        let table = tables::cross(&groups.classified, &only).without_empty();
        // Whether a child had only a social worker is published only here: protect its totals
        // with the table.
        let column_table = tables::one_way(&only, CHILDREN);
        let column_protection = disclosure::protect_one_way(&column_table, self.rule);
        let margins = Margins {
            rows: table.rows.iter().map(|c| groups.status(&c.code)).collect(),
            columns: table
                .columns
                .iter()
                .map(|c| {
                    column_table
                        .rows
                        .iter()
                        .position(|r| r.code == c.code)
                        .map(|i| column_protection.cells[i][0])
                })
                .collect(),
            total: Some(Status::Shown),
        };
        self.publish_cross(
            "only-a-social-worker",
            "Children whose only service was a social worker",
            "Children in each need group whose only service was a social worker",
            "Need group",
            table,
            &margins,
            vec![
                "\"Only a social worker\" means no other service of any agency was recorded."
                    .into(),
            ],
        );
    }

    fn placements_outside(&mut self) {
        let (Some(location), Some(distance)) = (
            self.margin_of(FieldRole::PlacementLocation),
            self.margin_of(FieldRole::Distance),
        ) else {
            return;
        };
        let mut table = tables::cross(&location.classified, &distance.classified);
        // Children with no placement are in the "not recorded" row and column: drop them.
        let placed_rows: Vec<usize> = (0..table.rows.len())
            .filter(|&i| !table.rows[i].code.is_empty())
            .collect();
        let placed_columns: Vec<usize> = (0..table.columns.len())
            .filter(|&j| !table.columns[j].code.is_empty())
            .collect();
        let counts: Vec<Vec<u64>> = placed_rows
            .iter()
            .map(|&i| placed_columns.iter().map(|&j| table.counts[i][j]).collect())
            .collect();
        table = CountTable::from_counts(
            placed_rows.iter().map(|&i| table.rows[i].clone()).collect(),
            placed_columns
                .iter()
                .map(|&j| table.columns[j].clone())
                .collect(),
            counts,
        )
        .without_empty();
        if table.total == 0 {
            return;
        }
        let margins = Margins {
            rows: table
                .rows
                .iter()
                .map(|c| location.status(&c.code))
                .collect(),
            columns: vec![None; table.columns.len()],
            total: None,
        };
        let rows_total = table.total;
        self.publish_cross(
            "placements-outside",
            "Placements inside and outside the authority, by distance from home",
            "Looked-after children, by where they were placed and how far from home",
            "Placed",
            table,
            &margins,
            vec![format!("{} with a placement.", children_phrase(rows_total))],
        );
    }

    /// The five areas of need, rated none, some or significant: one row per area.
    fn needs_profile(&mut self) {
        let areas: Vec<&Field> = self
            .data()
            .fields
            .iter()
            .filter(|f| matches!(&f.values, Values::Category { categories, .. } if is_need_level(categories)))
            .collect();
        if areas.is_empty() {
            return;
        }
        let levels: Vec<Category> = codes::MNS_NEED_LEVEL
            .iter()
            .map(|c| Category {
                code: c.code.to_string(),
                label: c.label.to_string(),
            })
            .collect();
        let n = self.n();
        let mut rows = Vec::new();
        for area in &areas {
            let Some(margin) = self.margins.get(&area.name) else {
                continue;
            };
            let values: Vec<Value> = levels
                .iter()
                .map(
                    |level| match margin.table.rows.iter().position(|r| r.code == level.code) {
                        Some(i) => {
                            Value::count(margin.table.counts[i][0], margin.protection.cells[i][0])
                        }
                        None => Value::Count(0),
                    },
                )
                .collect();
            rows.push(Row {
                label: area.label.clone(),
                code: Some(area.name.clone()),
                description: None,
                total: false,
                values,
            });
        }
        let table = PublishedTable {
            id: "needs".into(),
            title: "Needs in five areas of the children's lives".into(),
            measure:
                "Children in the sample, by the level of need the auditors recorded in each area"
                    .into(),
            row_header: "Area of need".into(),
            columns: levels
                .iter()
                .map(|l| Column {
                    label: l.label.clone(),
                    kind: ColumnKind::Count,
                    code: Some(l.code.clone()),
                })
                .collect(),
            rows,
            population: n,
            notes: vec![format!(
                "Each row counts all {n} children; children whose need was not recorded are left out."
            )],
        };
        self.evidence.tables.push(table);
    }

    /// Yes/no fields, such as parents' difficulties: how many children had each.
    fn parents_difficulties(&mut self) {
        let n = self.n();
        let mut rows = Vec::new();
        for field in &self.input.data.fields {
            if !matches!(field.values, Values::YesNo(_)) {
                continue;
            }
            let Some(margin) = self.margins.get(&field.name) else {
                continue;
            };
            let Some(i) = margin.table.rows.iter().position(|r| r.code == "yes") else {
                continue;
            };
            let count = margin.table.counts[i][0];
            let status = margin.protection.cells[i][0];
            rows.push(Row {
                label: field.label.clone(),
                code: Some(field.name.clone()),
                description: None,
                total: false,
                values: share_values(count, n, status, false),
            });
        }
        if rows.is_empty() {
            return;
        }
        self.evidence.tables.push(PublishedTable {
            id: "yes-no".into(),
            title: "Parents' difficulties and other circumstances".into(),
            measure: "Children in the sample for whom each was recorded".into(),
            row_header: "Recorded".into(),
            columns: share_columns(false),
            rows,
            population: n,
            notes: Vec::new(),
        });
    }

    /// Medians and quartiles of the numeric fields.
    fn summary_statistics(&mut self) {
        let mut rows = Vec::new();
        for field in &self.input.data.fields {
            let values: Vec<f64> = match &field.values {
                Values::Integer(v) => v.iter().flatten().map(|&x| x as f64).collect(),
                Values::Number(v) => v.iter().flatten().copied().collect(),
                _ => continue,
            };
            let count = values.len() as u64;
            let money = field.role == Some(FieldRole::WeeklyCost);
            let shown = |x: f64| {
                if money {
                    Value::Money(x)
                } else {
                    Value::Number(x)
                }
            };
            let hidden = self.rule.is_small(count);
            let figures = match stats::quartiles(&values) {
                Some((q1, median, q3)) if !hidden => {
                    vec![Value::Count(count), shown(median), shown(q1), shown(q3)]
                }
                _ if hidden => vec![
                    Value::Suppressed,
                    Value::Suppressed,
                    Value::Suppressed,
                    Value::Suppressed,
                ],
                _ => vec![
                    Value::Count(0),
                    Value::Missing,
                    Value::Missing,
                    Value::Missing,
                ],
            };
            rows.push(Row {
                label: field.label.clone(),
                code: Some(field.name.clone()),
                description: None,
                total: false,
                values: figures,
            });
        }
        if rows.is_empty() {
            return;
        }
        self.evidence.tables.push(PublishedTable {
            id: "summary-statistics".into(),
            title: "Ages, time looked after and costs: medians and quartiles".into(),
            measure: "The middle value and the middle half of values, among children with a value recorded".into(),
            row_header: "Measure".into(),
            columns: vec![
                Column { label: "Children with a value".into(), kind: ColumnKind::Count, code: None },
                Column { label: "Median".into(), kind: ColumnKind::Number, code: None },
                Column { label: "Lower quartile".into(), kind: ColumnKind::Number, code: None },
                Column { label: "Upper quartile".into(), kind: ColumnKind::Number, code: None },
            ],
            rows,
            population: self.n(),
            notes: vec!["A quarter of the values are below the lower quartile and a quarter above the upper one.".into()],
        });
    }

    /// Weekly cost of today's services by need group, scaled to a year's children.
    fn costs(&mut self) {
        let (Some(groups), Some(cost)) = (
            self.margin_of(FieldRole::NeedGroup),
            self.field_by_role(FieldRole::WeeklyCost),
        ) else {
            return;
        };
        let costs: Vec<Option<f64>> = match &cost.values {
            Values::Number(v) => v.clone(),
            Values::Integer(v) => v.iter().map(|x| x.map(|x| x as f64)).collect(),
            _ => return,
        };
        let n = self.n();
        let annual = self.input.annual_children;
        let mut rows = Vec::new();
        let mut all_costs = Vec::new();
        for (i, category) in groups.table.rows.iter().enumerate() {
            let count = groups.table.counts[i][0];
            if count == 0 {
                continue;
            }
            let status = groups.protection.cells[i][0];
            let group_costs: Vec<f64> = groups
                .classified
                .of_child
                .iter()
                .zip(&costs)
                .filter(|(picks, _)| picks.contains(&i))
                .filter_map(|(_, c)| *c)
                .collect();
            all_costs.extend(group_costs.iter().copied());
            let values = if status.hidden() {
                vec![Value::Suppressed; if annual.is_some() { 4 } else { 3 }]
            } else {
                cost_values(
                    count,
                    &group_costs,
                    annual.map(|a| f64::from(a) * count as f64 / n as f64),
                )
            };
            rows.push(Row {
                label: category.label.clone(),
                code: Some(category.code.clone()),
                description: None,
                total: false,
                values,
            });
        }
        let total_values = cost_values(n, &all_costs, annual.map(f64::from));
        rows.push(Row {
            label: "All children".into(),
            code: None,
            description: None,
            total: true,
            values: total_values,
        });
        let mut columns = vec![
            Column {
                label: CHILDREN.into(),
                kind: ColumnKind::Count,
                code: None,
            },
            Column {
                label: "Weekly cost of services".into(),
                kind: ColumnKind::Money,
                code: None,
            },
            Column {
                label: "Average weekly cost per child".into(),
                kind: ColumnKind::Money,
                code: None,
            },
        ];
        let mut notes = vec![
            "Costs are of the services the children were receiving when audited, in pounds a week."
                .to_string(),
        ];
        if let Some(annual) = annual {
            columns.push(Column {
                label: "Estimated cost for a year's children".into(),
                kind: ColumnKind::Money,
                code: None,
            });
            notes.push(format!("The yearly estimate scales the sample to {annual} children a year, each group in its share of the sample, each receiving a year of services at the group's average weekly cost."));
        }
        self.evidence.tables.push(PublishedTable {
            id: "costs".into(),
            title: "The cost of today's services, by need group".into(),
            measure: "Weekly cost of the services children in each need group were receiving"
                .into(),
            row_header: "Need group".into(),
            columns,
            rows,
            population: n,
            notes,
        });
    }

    /// Every category field's distribution, for charts and figures in the narrative.
    fn distributions(&mut self) {
        let n = self.n();
        let mut distributions = BTreeMap::new();
        for field in &self.input.data.fields {
            let Some(margin) = self.margins.get(&field.name) else {
                continue;
            };
            let mut rows = Vec::new();
            for (i, category) in margin.table.rows.iter().enumerate() {
                let count = margin.table.counts[i][0];
                if count == 0 && category.code.is_empty() {
                    continue;
                }
                rows.push(Row {
                    label: category.label.clone(),
                    code: Some(category.code.clone()),
                    description: None,
                    total: false,
                    values: share_values(count, n, margin.protection.cells[i][0], true),
                });
            }
            rows.push(total_row(n, true));
            let mut notes = Vec::new();
            if !margin.classified.partition {
                notes.push("A child can be counted in several rows, so the rows add up to more than all children.".to_string());
            }
            distributions.insert(
                field.name.clone(),
                PublishedTable {
                    id: format!("{}-distribution", field.name.replace('_', "-")),
                    title: field.label.clone(),
                    measure: format!(
                        "Children in the sample, by {}",
                        lowercase_first(&field.label)
                    ),
                    row_header: field.label.clone(),
                    columns: share_columns(true),
                    rows,
                    population: n,
                    notes,
                },
            );
        }
        self.evidence.distributions = distributions;
    }

    /// A cross-tabulation of two fields that the narrative asks for.
    fn requested_cross(&mut self, by: &str, across: &str) {
        let (Some(rows), Some(columns)) = (self.margins.get(by), self.margins.get(across)) else {
            return;
        };
        let (table, margins) = Self::cross_of(rows, columns);
        let label = |name: &str| {
            self.data()
                .field(name)
                .map_or_else(|| name.to_string(), |f| f.label.clone())
        };
        let (by_label, across_label) = (label(by), label(across));
        let mut notes = Vec::new();
        if !table.rows_add_up {
            notes.push("A child can be counted in several columns, so a row's cells can add up to more than its total.".to_string());
        }
        let id = format!("{}-by-{}", by.replace('_', "-"), across.replace('_', "-"));
        let title = format!("{by_label} by {}", lowercase_first(&across_label));
        let measure = format!(
            "Children in the sample, by {} and {}",
            lowercase_first(&by_label),
            lowercase_first(&across_label)
        );
        if let Some(published) =
            self.cross_table(&id, &title, &measure, &by_label, table, &margins, notes)
        {
            self.evidence
                .crosses
                .insert((by.to_string(), across.to_string()), published);
        }
    }

    /// Children by the value of a whole-number field. Ages use DfE's bands (the same counts as
    /// every other table by age, so no table gives away what another hides); other fields are
    /// grouped into even bins.
    fn histogram(&mut self, name: &str) {
        let Some(field) = self.data().field(name) else {
            return;
        };
        if field.role == Some(FieldRole::Age) {
            if let Some(distribution) = self.evidence.distributions.get(name) {
                let mut table = distribution.clone();
                table.id = format!("{}-histogram", name.replace('_', "-"));
                self.evidence.histograms.insert(name.to_string(), table);
            }
            return;
        }
        let Values::Integer(values) = &field.values else {
            return;
        };
        let present: Vec<i64> = values.iter().flatten().copied().collect();
        let (Some(&low), Some(&high)) = (present.iter().min(), present.iter().max()) else {
            return;
        };
        let width = bin_width(low, high);
        let first = low.div_euclid(width) * width;
        let bins = ((high - first) / width + 1) as usize;
        let mut counts = vec![0u64; bins];
        for v in &present {
            counts[((v - first) / width) as usize] += 1;
        }
        let categories: Vec<Category> = (0..bins)
            .map(|b| {
                let from = first + b as i64 * width;
                let label = if width == 1 {
                    from.to_string()
                } else {
                    format!("{from} to {}", from + width - 1)
                };
                Category {
                    code: label.clone(),
                    label,
                }
            })
            .collect();
        let table = CountTable::from_counts(
            categories,
            vec![Category {
                code: String::new(),
                label: CHILDREN.into(),
            }],
            counts.iter().map(|&c| vec![c]).collect(),
        );
        let protection = disclosure::protect_one_way(&table, self.rule);
        let with_value = present.len() as u64;
        let mut rows: Vec<Row> = table
            .rows
            .iter()
            .enumerate()
            .map(|(i, c)| Row {
                label: c.label.clone(),
                code: Some(c.code.clone()),
                description: None,
                total: false,
                values: share_values(
                    table.counts[i][0],
                    with_value,
                    protection.cells[i][0],
                    false,
                ),
            })
            .collect();
        rows.push(Row {
            label: "All children with a value".into(),
            code: None,
            description: None,
            total: true,
            values: vec![Value::Count(with_value), Value::Share(1.0)],
        });
        let published = PublishedTable {
            id: format!("{}-histogram", name.replace('_', "-")),
            title: field.label.clone(),
            measure: format!(
                "Children with a value recorded, by {}",
                lowercase_first(&field.label)
            ),
            row_header: field.label.clone(),
            columns: share_columns(false),
            rows,
            population: with_value,
            notes: Vec::new(),
        };
        let labels: Vec<String> = table.rows.iter().map(|c| c.label.clone()).collect();
        self.note(&published, &labels, &[CHILDREN.to_string()], &protection);
        self.evidence.histograms.insert(name.to_string(), published);
    }

    /// Protects and publishes a cross-tabulation with a total column and a total row.
    #[allow(clippy::too_many_arguments)]
    fn publish_cross(
        &mut self,
        id: &str,
        title: &str,
        measure: &str,
        row_header: &str,
        table: CountTable,
        margins: &Margins,
        notes: Vec<String>,
    ) {
        if let Some(published) =
            self.cross_table(id, title, measure, row_header, table, margins, notes)
        {
            self.evidence.tables.push(published);
        }
    }

    /// Protects a cross-tabulation and publishes it with a total column and a total row,
    /// noting what it hides.
    #[allow(clippy::too_many_arguments)]
    fn cross_table(
        &mut self,
        id: &str,
        title: &str,
        measure: &str,
        row_header: &str,
        table: CountTable,
        margins: &Margins,
        notes: Vec<String>,
    ) -> Option<PublishedTable> {
        if table.rows.is_empty() || table.columns.is_empty() {
            return None;
        }
        let protection = disclosure::protect_with(&table, self.rule, margins);
        let mut rows: Vec<Row> = table
            .rows
            .iter()
            .enumerate()
            .map(|(i, category)| {
                let mut values: Vec<Value> = table.counts[i]
                    .iter()
                    .zip(&protection.cells[i])
                    .map(|(&c, &s)| Value::count(c, s))
                    .collect();
                values.push(Value::count(table.row_totals[i], protection.row_totals[i]));
                Row {
                    label: category.label.clone(),
                    code: Some(category.code.clone()),
                    description: None,
                    total: false,
                    values,
                }
            })
            .collect();
        let mut totals: Vec<Value> = table
            .column_totals
            .iter()
            .zip(&protection.column_totals)
            .map(|(&c, &s)| Value::count(c, s))
            .collect();
        totals.push(Value::count(table.total, protection.total));
        rows.push(Row {
            label: "Total".into(),
            code: None,
            description: None,
            total: true,
            values: totals,
        });
        let mut columns: Vec<Column> = table
            .columns
            .iter()
            .map(|c| Column {
                label: c.label.clone(),
                kind: ColumnKind::Count,
                code: Some(c.code.clone()),
            })
            .collect();
        columns.push(Column {
            label: "Total".into(),
            kind: ColumnKind::Count,
            code: None,
        });
        let published = PublishedTable {
            id: id.into(),
            title: title.into(),
            measure: measure.into(),
            row_header: row_header.into(),
            columns,
            rows,
            population: table.total,
            notes,
        };
        let row_labels: Vec<String> = table.rows.iter().map(|c| c.label.clone()).collect();
        let column_labels: Vec<String> = table.columns.iter().map(|c| c.label.clone()).collect();
        self.note(&published, &row_labels, &column_labels, &protection);
        Some(published)
    }
}

/// A row of the costs table: children, weekly cost, average weekly cost, and (given the number
/// of children a year it stands for) a year's cost at that average.
fn cost_values(count: u64, costs: &[f64], children_a_year: Option<f64>) -> Vec<Value> {
    let average = stats::mean(costs);
    let mut values = vec![
        Value::Count(count),
        Value::Money(costs.iter().sum()),
        average.map_or(Value::Missing, Value::Money),
    ];
    if let Some(children) = children_a_year {
        // An estimate: whole pounds, so float noise never shows as pence.
        values.push(average.map_or(Value::Missing, |a| {
            Value::Money((a * 52.0 * children).round())
        }));
    }
    values
}

/// A round bin width giving at most about a dozen bins.
fn bin_width(low: i64, high: i64) -> i64 {
    let span = (high - low).max(1);
    [1, 2, 5, 10, 13, 26, 52, 104, 260, 520]
        .into_iter()
        .find(|w| span / w < 12)
        .unwrap_or(1000)
}

fn lowercase_first(text: &str) -> String {
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

fn is_need_level(categories: &[Category]) -> bool {
    categories.len() == codes::MNS_NEED_LEVEL.len()
        && categories
            .iter()
            .zip(codes::MNS_NEED_LEVEL)
            .all(|(a, b)| a.code == b.code)
}

fn children_phrase(n: u64) -> String {
    if n == 1 {
        "1 child".to_string()
    } else {
        format!("{n} children")
    }
}

fn share_columns(with_interval: bool) -> Vec<Column> {
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

/// A count, its share of `n` and (optionally) the share's interval; all hidden together.
fn share_values(count: u64, n: u64, status: Status, with_interval: bool) -> Vec<Value> {
    if status.hidden() {
        return vec![Value::Suppressed; if with_interval { 3 } else { 2 }];
    }
    let share = if n == 0 {
        Value::Missing
    } else {
        Value::Share(count as f64 / n as f64)
    };
    let mut values = vec![Value::Count(count), share];
    if with_interval {
        values.push(match stats::wilson(count, n, stats::Z95) {
            Some((low, high)) => Value::Interval(low, high),
            None => Value::Missing,
        });
    }
    values
}

fn total_row(n: u64, with_interval: bool) -> Row {
    let mut values = vec![Value::Count(n), Value::Share(1.0)];
    if with_interval {
        values.push(Value::Missing);
    }
    Row {
        label: "All children".into(),
        code: None,
        description: None,
        total: true,
        values,
    }
}
