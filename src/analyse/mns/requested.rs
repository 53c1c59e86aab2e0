//! Tables for the narrative: every category field's distribution, and the crosses and
//! histograms that charts, tables and figures in the pages ask for.

use super::spec::TableSpec;
use super::{Builder, Words, lowercase_first, share_columns, total_row};
use crate::analyse::data::Values;
use crate::analyse::publish::TableKind;
use crate::analyse::register::{Condition, ONLY_A_SOCIAL_WORKER, Population};
use crate::model::FieldRole;

impl Builder<'_> {
    /// A field's label, derived fields included.
    fn label_of(&self, field: &str) -> String {
        match self.data().field(field) {
            Some(f) => f.label.clone(),
            None => self
                .register
                .dim_of_field(field)
                .map_or_else(|| field.to_string(), |d| self.register.dim(d).label.clone()),
        }
    }

    /// Every category field's distribution, for charts and figures in the narrative.
    pub fn distributions(&mut self) {
        let mut fields: Vec<String> = self
            .data()
            .fields
            .iter()
            .filter(|f| match f.values {
                Values::Category { .. } | Values::YesNo(_) | Values::Multi { .. } => true,
                Values::Integer(_) => f.role == Some(FieldRole::Age),
                _ => false,
            })
            .map(|f| f.name.clone())
            .collect();
        if self.register.dim_of_field(ONLY_A_SOCIAL_WORKER).is_some() {
            fields.push(ONLY_A_SOCIAL_WORKER.to_string());
        }
        for field in fields {
            if let Some(spec) = self.distribution(&field, TableKind::Distribution(field.clone())) {
                self.distributions.insert(field, spec);
            }
        }
    }

    fn distribution(&mut self, field: &str, kind: TableKind) -> Option<TableSpec> {
        let items = self.items(field)?;
        let label = self.label_of(field);
        let everyone = self.register.everyone();
        let mut rows = Vec::new();
        for item in &items {
            rows.push(self.share_row(
                &label,
                (&item.label, Some(item.code.clone()), None),
                &Population::of([item.condition]),
                everyone,
                true,
            ));
        }
        rows.push(total_row("All children", everyone, true));
        let mut notes = Vec::new();
        if !self.partitions(field) {
            notes.push("A child can be counted in several rows, so the rows add up to more than all children.".to_string());
        }
        Some(TableSpec {
            kind,
            title: label.clone(),
            measure: format!("Children in the sample, by {}", lowercase_first(&label)),
            row_header: label,
            columns: share_columns(true),
            rows,
            population: everyone,
            notes,
            amount_columns: Vec::new(),
        })
    }

    /// A cross-tabulation of two fields that the narrative asks for.
    pub fn requested_cross(&mut self, by: &str, across: &str) {
        let (Some(rows), Some(columns)) = (self.items(by), self.items(across)) else {
            return;
        };
        let (by_label, across_label) = (self.label_of(by), self.label_of(across));
        let mut notes = Vec::new();
        if !self.partitions(across) {
            notes.push("A child can be counted in several columns, so a row's cells can add up to more than its total.".to_string());
        }
        if !self.partitions(by) {
            notes.push("A child can be counted in several rows, so a column's cells can add up to more than its total.".to_string());
        }
        let title = format!("{by_label} by {}", lowercase_first(&across_label));
        let measure = format!(
            "Children in the sample, by {} and {}",
            lowercase_first(&by_label),
            lowercase_first(&across_label)
        );
        let spec = self.cross(
            TableKind::Cross(by.to_string(), across.to_string()),
            &Population::ALL,
            &rows,
            &columns,
            Words {
                title: &title,
                measure: &measure,
                row_header: &by_label,
                notes,
            },
        );
        if let Some(spec) = spec {
            self.crosses
                .insert((by.to_string(), across.to_string()), spec);
        }
    }

    /// Children by the value of a whole-number field. Ages use DfE's bands (the same counts as
    /// every other table by age); other fields are grouped into even bins.
    pub fn histogram(&mut self, name: &str) {
        let Some(field) = self.data().field(name) else {
            return;
        };
        if field.role == Some(FieldRole::Age) {
            if let Some(spec) = self.distribution(name, TableKind::Histogram(name.to_string())) {
                self.histograms.insert(name.to_string(), spec);
            }
            return;
        }
        let label = field.label.clone();
        let Some(dim) = self.register.dim_of_field(name) else {
            return;
        };
        let recorded = self.register.dim(dim).recorded();
        let Some(items) = self.items(name) else {
            return;
        };
        let with_value = Population::of([Condition {
            dim,
            atoms: recorded,
        }]);
        let whole = self.count(&with_value, &label, "All children with a value", "Children");
        let mut rows = Vec::new();
        for item in items
            .iter()
            .filter(|i| i.condition.atoms.is_subset(recorded))
        {
            rows.push(self.share_row(
                &label,
                (&item.label, Some(item.code.clone()), None),
                &Population::of([item.condition]),
                whole,
                false,
            ));
        }
        rows.push(total_row("All children with a value", whole, false));
        self.histograms.insert(
            name.to_string(),
            TableSpec {
                kind: TableKind::Histogram(name.to_string()),
                title: label.clone(),
                measure: format!(
                    "Children with a value recorded, by {}",
                    lowercase_first(&label)
                ),
                row_header: label,
                columns: share_columns(false),
                rows,
                population: whole,
                notes: Vec::new(),
                amount_columns: Vec::new(),
            },
        );
    }
}
