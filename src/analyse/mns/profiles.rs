//! Needs in five areas, parents' difficulties, medians and quartiles, and the cost of today's
//! services.

use super::spec::{Cell, RowSpec, TableSpec};
use super::{Builder, CHILDREN, share_columns};
use crate::analyse::data::{Category, Values};
use crate::analyse::publish::{Column, ColumnKind, TableKind, Value};
use crate::analyse::register::{Condition, Population};
use crate::analyse::stats;
use crate::codes;
use crate::model::FieldRole;

fn is_need_level(categories: &[Category]) -> bool {
    categories.len() == codes::MNS_NEED_LEVEL.len()
        && categories
            .iter()
            .zip(codes::MNS_NEED_LEVEL)
            .all(|(a, b)| a.code == b.code)
}

impl Builder<'_> {
    /// The five areas of need, rated none, some or significant: one row per area.
    pub fn needs_profile(&mut self) {
        let areas: Vec<(String, String)> = self
            .data()
            .fields
            .iter()
            .filter(|f| matches!(&f.values, Values::Category { categories, .. } if is_need_level(categories)))
            .map(|f| (f.name.clone(), f.label.clone()))
            .collect();
        if areas.is_empty() {
            return;
        }
        let title = "Needs in five areas of the children's lives";
        let everyone = self.register.everyone();
        let mut rows = Vec::new();
        for (name, label) in &areas {
            let mut cells = Vec::new();
            for level in codes::MNS_NEED_LEVEL {
                let Some(condition) = self.register.condition(name, level.code) else {
                    cells.push(Cell::Fixed(Value::Missing));
                    continue;
                };
                let id = self.count(&Population::of([condition]), title, label, level.label);
                cells.push(Cell::Count(id));
            }
            rows.push(RowSpec {
                label: label.clone(),
                code: Some(name.clone()),
                description: None,
                total: false,
                cells,
            });
        }
        self.standard.push(TableSpec {
            kind: TableKind::Needs,
            title: title.into(),
            measure:
                "Children in the sample, by the level of need the auditors recorded in each area"
                    .into(),
            row_header: "Area of need".into(),
            columns: codes::MNS_NEED_LEVEL
                .iter()
                .map(|l| Column {
                    label: l.label.to_string(),
                    kind: ColumnKind::Count,
                    code: Some(l.code.to_string()),
                })
                .collect(),
            rows,
            population: everyone,
            notes: vec![
                "Each row counts every child in the sample; children whose need was not recorded are left out.".to_string(),
            ],
            amount_columns: Vec::new(),
        });
    }

    /// Yes/no fields, such as parents' difficulties: how many children had each.
    pub fn yes_no(&mut self) {
        let fields: Vec<(String, String)> = self
            .data()
            .fields
            .iter()
            .filter(|f| matches!(f.values, Values::YesNo(_)))
            .map(|f| (f.name.clone(), f.label.clone()))
            .collect();
        let title = "Parents' difficulties and other circumstances";
        let everyone = self.register.everyone();
        let mut rows = Vec::new();
        for (name, label) in &fields {
            let Some(yes) = self.register.condition(name, "yes") else {
                continue;
            };
            rows.push(self.share_row(
                title,
                (label, Some(name.clone()), None),
                &Population::of([yes]),
                everyone,
                false,
            ));
        }
        if rows.is_empty() {
            return;
        }
        self.standard.push(TableSpec {
            kind: TableKind::YesNo,
            title: title.into(),
            measure: "Children in the sample for whom each was recorded".into(),
            row_header: "Recorded".into(),
            columns: share_columns(false),
            rows,
            population: everyone,
            notes: Vec::new(),
            amount_columns: Vec::new(),
        });
    }

    /// The children with a value in a field: everyone, or those whose value is recorded.
    fn with_value(&self, field: &str) -> Population {
        match self.register.dim_of_field(field) {
            Some(dim) => {
                let d = self.register.dim(dim);
                Population::of([Condition {
                    dim,
                    atoms: d.recorded(),
                }])
            }
            None => Population::ALL,
        }
    }

    /// Medians and quartiles of the numeric fields.
    pub fn summary_statistics(&mut self) {
        let title = "Ages, time looked after and costs: medians and quartiles";
        let fields: Vec<(String, String, bool, Vec<f64>)> = self
            .data()
            .fields
            .iter()
            .filter_map(|f| {
                let values: Vec<f64> = match &f.values {
                    Values::Integer(v) => v.iter().flatten().map(|&x| x as f64).collect(),
                    Values::Number(v) => v.iter().flatten().copied().collect(),
                    _ => return None,
                };
                let money = f.role == Some(FieldRole::WeeklyCost);
                Some((f.name.clone(), f.label.clone(), money, values))
            })
            .collect();
        let mut rows = Vec::new();
        for (name, label, money, values) in fields {
            let population = self.with_value(&name);
            let with = self.count(&population, title, &label, "Children with a value");
            let quartiles = stats::quartiles(&values);
            let summary = |value: Option<f64>| Cell::Summary {
                value,
                money,
                with,
                values: values.len() as u64,
            };
            rows.push(RowSpec {
                label: label.clone(),
                code: Some(name.clone()),
                description: None,
                total: false,
                cells: vec![
                    Cell::Count(with),
                    summary(quartiles.map(|q| q.1)),
                    summary(quartiles.map(|q| q.0)),
                    summary(quartiles.map(|q| q.2)),
                ],
            });
        }
        if rows.is_empty() {
            return;
        }
        let everyone = self.register.everyone();
        let column = |label: &str, kind| Column {
            label: label.into(),
            kind,
            code: None,
        };
        self.standard.push(TableSpec {
            kind: TableKind::SummaryStatistics,
            title: title.into(),
            measure: "The middle value and the middle half of values, among children with a value recorded".into(),
            row_header: "Measure".into(),
            columns: vec![
                column("Children with a value", ColumnKind::Count),
                column("Median", ColumnKind::Number),
                column("Lower quartile", ColumnKind::Number),
                column("Upper quartile", ColumnKind::Number),
            ],
            rows,
            population: everyone,
            notes: vec!["A quarter of the values are below the lower quartile and a quarter above the upper one.".into()],
            amount_columns: Vec::new(),
        });
    }

    /// Weekly cost of today's services by need group, scaled to a year's children.
    pub fn costs(&mut self) {
        let (Some(groups), Some(cost)) = (
            self.field_name(FieldRole::NeedGroup),
            self.data().by_role(FieldRole::WeeklyCost),
        ) else {
            return;
        };
        let costs: Vec<Option<f64>> = match &cost.values {
            Values::Number(v) => v.clone(),
            Values::Integer(v) => v.iter().map(|x| x.map(|x| x as f64)).collect(),
            _ => return,
        };
        let Some(group_values) = self.data().field(&groups).and_then(|f| match &f.values {
            Values::Category { values, .. } => Some(values.clone()),
            _ => None,
        }) else {
            return;
        };
        let Some(items) = self.items(&groups) else {
            return;
        };
        let title = "The cost of today's services, by need group";
        let n = self.data().children as f64;
        let annual = self.input.annual_children;
        let everyone = self.register.everyone();
        let mut rows = Vec::new();
        for (g, item) in items.iter().enumerate() {
            let population = Population::of([item.condition]);
            if self.register.count(&population) == 0 {
                continue;
            }
            let group_costs: Vec<f64> = group_values
                .iter()
                .zip(&costs)
                .filter(|(group, _)| **group == Some(g))
                .filter_map(|(_, c)| *c)
                .collect();
            let with = self.count(&population, title, &item.label, CHILDREN);
            let children = self.register.get(with).count as f64;
            rows.push(cost_row(
                &item.label,
                Some(item.code.clone()),
                with,
                &group_costs,
                annual.map(|a| f64::from(a) * children / n),
                false,
            ));
        }
        let all_costs: Vec<f64> = costs.iter().flatten().copied().collect();
        rows.push(cost_row(
            "All children",
            None,
            everyone,
            &all_costs,
            annual.map(f64::from),
            true,
        ));
        let column = |label: &str, kind| Column {
            label: label.into(),
            kind,
            code: None,
        };
        let mut columns = vec![
            column(CHILDREN, ColumnKind::Count),
            column("Weekly cost of services", ColumnKind::Money),
            column("Average weekly cost per child", ColumnKind::Money),
        ];
        let mut notes = vec![
            "Costs are of the services the children were receiving when audited, in pounds a week."
                .to_string(),
        ];
        let mut amount_columns = vec![1];
        if let Some(annual) = annual {
            columns.push(column(
                "Estimated cost for a year's children",
                ColumnKind::Money,
            ));
            amount_columns.push(3);
            notes.push(format!("The yearly estimate scales the sample to {annual} children a year, each group in its share of the sample, each receiving a year of services at the group's average weekly cost."));
        }
        // The average is the amount over the count: hidden with the amount.
        amount_columns.insert(1, 2);
        self.standard.push(TableSpec {
            kind: TableKind::Costs,
            title: title.into(),
            measure: "Weekly cost of the services children in each need group were receiving"
                .into(),
            row_header: "Need group".into(),
            columns,
            rows,
            population: everyone,
            notes,
            amount_columns,
        });
    }
}

/// A row of the costs table: children, weekly cost, average weekly cost, and (given the number
/// of children a year it stands for) a year's cost at that average.
fn cost_row(
    label: &str,
    code: Option<String>,
    with: crate::analyse::register::FigureId,
    costs: &[f64],
    children_a_year: Option<f64>,
    total: bool,
) -> RowSpec {
    let average = stats::mean(costs);
    let values = costs.len() as u64;
    let summary = |value: Option<f64>| Cell::Summary {
        value,
        money: true,
        with,
        values,
    };
    let mut cells = vec![
        Cell::Count(with),
        summary(Some(costs.iter().sum())),
        summary(average),
    ];
    if let Some(children) = children_a_year {
        // An estimate: whole pounds, so float noise never shows as pence.
        cells.push(summary(average.map(|a| (a * 52.0 * children).round())));
    }
    RowSpec {
        label: label.to_string(),
        code,
        description: None,
        total,
        cells,
    }
}
