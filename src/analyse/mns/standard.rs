//! The sample and its need groups, need groups crossed with the other things an audit records,
//! and placements outside the authority.

use std::collections::BTreeMap;

use super::spec::TableSpec;
use super::{Builder, Item, Words, share_columns, total_row};
use crate::analyse::publish::TableKind;
use crate::analyse::register::{
    AtomSet, Condition, ONLY_A_SOCIAL_WORKER, ONLY_NO, ONLY_NONE, ONLY_YES, Population,
};
use crate::model::FieldRole;

const INTERVAL_NOTE: &str = "The 95% interval is the Wilson score interval: the range within which the share for all such children probably lies, given a sample of this size.";

impl Builder<'_> {
    fn push(&mut self, spec: Option<TableSpec>) {
        if let Some(spec) = spec {
            self.standard.push(spec);
        }
    }

    pub fn need_groups(&mut self) {
        let Some(field) = self.field_name(FieldRole::NeedGroup) else {
            return;
        };
        let Some(items) = self.items(&field) else {
            return;
        };
        let descriptions: BTreeMap<String, String> = self
            .input
            .need_groups
            .iter()
            .map(|g| (g.code.clone(), g.description.clone()))
            .collect();
        let title = "Need groups";
        let everyone = self.register.everyone();
        let mut rows = Vec::new();
        for item in &items {
            let population = Population::of([item.condition]);
            if item.code.is_empty() && self.register.count(&population) == 0 {
                continue;
            }
            rows.push(self.share_row(
                title,
                (
                    &item.label,
                    Some(item.code.clone()),
                    descriptions.get(&item.code).cloned(),
                ),
                &population,
                everyone,
                true,
            ));
        }
        rows.push(total_row("All children", everyone, true));
        self.standard.push(TableSpec {
            kind: TableKind::NeedGroups,
            title: title.into(),
            measure: "Children in the sample, by the need group the panel assigned".into(),
            row_header: "Need group".into(),
            columns: share_columns(true),
            rows,
            population: everyone,
            notes: vec![INTERVAL_NOTE.into()],
            amount_columns: Vec::new(),
        });
    }

    /// Children in each category this audit shares with others of its kind: the union of its
    /// need groups in the category. Registered before disclosure control, like every count, so
    /// a category can never be a need group's total less what the audit page hides.
    pub fn shared_categories(&mut self) {
        if self.input.categories.is_empty() {
            return;
        }
        let Some(field) = self.field_name(FieldRole::NeedGroup) else {
            return;
        };
        let Some(dim) = self.register.dim_of_field(&field) else {
            return;
        };
        let title = "Shared categories of need";
        let everyone = self.register.everyone();
        let mut rows = Vec::new();
        for category in self.input.categories {
            let d = self.register.dim(dim);
            let atoms = category
                .need_groups
                .iter()
                .filter_map(|code| d.atom(code))
                .fold(AtomSet::EMPTY, |set, atom| {
                    AtomSet(set.0 | AtomSet::single(atom).0)
                });
            if atoms.is_empty() {
                continue;
            }
            let population = Population::of([Condition { dim, atoms }]);
            rows.push(self.share_row(
                title,
                (&category.label, Some(category.code.clone()), None),
                &population,
                everyone,
                true,
            ));
        }
        rows.push(total_row("All children", everyone, true));
        self.standard.push(TableSpec {
            kind: TableKind::SharedCategories,
            title: title.into(),
            measure: "Children in the sample, by the category of need their need group falls in"
                .into(),
            row_header: "Category of need".into(),
            columns: share_columns(true),
            rows,
            population: everyone,
            notes: vec![INTERVAL_NOTE.into()],
            amount_columns: Vec::new(),
        });
    }

    pub fn age_and_sex(&mut self) {
        let (Some(age), Some(sex)) = (
            self.field_name(FieldRole::Age),
            self.field_name(FieldRole::Sex),
        ) else {
            return;
        };
        let (Some(rows), Some(columns)) = (self.items(&age), self.items(&sex)) else {
            return;
        };
        let spec = self.cross(
            TableKind::AgeAndSex,
            &Population::ALL,
            &rows,
            &columns,
            Words {
                title: "The children in the sample, by age and sex",
                measure: "Children in the sample, by age and sex",
                row_header: "Age",
                notes: Vec::new(),
            },
        );
        self.push(spec);
    }

    /// Need groups (rows) by the field with `role` (columns).
    pub fn by_need_group(&mut self, role: FieldRole, kind: TableKind) {
        let (Some(groups), Some(other)) =
            (self.field_name(FieldRole::NeedGroup), self.field_name(role))
        else {
            return;
        };
        let (Some(rows), Some(columns)) = (self.items(&groups), self.items(&other)) else {
            return;
        };
        let (title, measure) = match kind {
            TableKind::NeedGroupByAge => {
                ("Need groups by age", "Children in each need group, by age")
            }
            TableKind::NeedGroupByLegalStatus => (
                "Need groups by legal status",
                "Children in each need group, by legal status",
            ),
            _ => (
                "Whether services matched need, by need group",
                "Children in each need group, by the auditors' judgement of whether the services received matched their needs",
            ),
        };
        let spec = self.cross(
            kind,
            &Population::ALL,
            &rows,
            &columns,
            Words {
                title,
                measure,
                row_header: "Need group",
                notes: Vec::new(),
            },
        );
        self.push(spec);
    }

    /// Need groups by kind of placement, among the children with a placement recorded.
    pub fn placements_by_need_group(&mut self) {
        let (Some(groups), Some(placement)) = (
            self.field_name(FieldRole::NeedGroup),
            self.field_name(FieldRole::Placement),
        ) else {
            return;
        };
        let Some(dim) = self.register.dim_of_field(&placement) else {
            return;
        };
        let d = self.register.dim(dim);
        let (recorded, has_missing) = (d.recorded(), d.missing.is_some());
        let (Some(rows), Some(columns)) = (self.items(&groups), self.items(&placement)) else {
            return;
        };
        let columns: Vec<Item> = columns
            .into_iter()
            .filter(|c| recorded.contains(c.condition.atoms.atoms().next().unwrap_or(0)))
            .collect();
        let base = if has_missing {
            Population::of([Condition {
                dim,
                atoms: recorded,
            }])
        } else {
            Population::ALL
        };
        let notes = if has_missing {
            vec!["Only children with a placement recorded are counted.".to_string()]
        } else {
            Vec::new()
        };
        let spec = self.cross(
            TableKind::NeedGroupByPlacement,
            &base,
            &rows,
            &columns,
            Words {
                title: "Need groups by placement",
                measure: "Children with a placement in each need group, by kind of placement",
                row_header: "Need group",
                notes,
            },
        );
        self.push(spec);
    }

    pub fn services(&mut self) {
        let (Some(groups), Some(services)) = (
            self.field_name(FieldRole::NeedGroup),
            self.field_name(FieldRole::Services),
        ) else {
            return;
        };
        let (Some(rows), Some(columns)) = (self.items(&groups), self.items(&services)) else {
            return;
        };
        let spec = self.cross(
            TableKind::NeedGroupByServices,
            &Population::ALL,
            &rows,
            &columns,
            Words {
                title: "Services received, by need group",
                measure: "Children in each need group receiving each service",
                row_header: "Need group",
                notes: vec!["A child may receive several services, so a row's cells can add up to more than the children in the group.".to_string()],
            },
        );
        self.push(spec);
    }

    pub fn only_a_social_worker(&mut self) {
        let Some(groups) = self.field_name(FieldRole::NeedGroup) else {
            return;
        };
        let Some(dim) = self.register.dim_of_field(ONLY_A_SOCIAL_WORKER) else {
            return;
        };
        let Some(rows) = self.items(&groups) else {
            return;
        };
        let column = |atom: u16, label: &str, code: &str| Item {
            label: label.to_string(),
            code: code.to_string(),
            condition: Condition {
                dim,
                atoms: AtomSet::single(atom),
            },
        };
        let mut columns = vec![
            column(ONLY_YES, "Only a social worker", "yes"),
            column(ONLY_NO, "More than a social worker", "no"),
        ];
        if self.register.dim(dim).missing.is_some() {
            columns.push(column(ONLY_NONE, "No service recorded", ""));
        }
        let spec = self.cross(
            TableKind::OnlyASocialWorker,
            &Population::ALL,
            &rows,
            &columns,
            Words {
                title: "Children whose only service was a social worker",
                measure: "Children in each need group whose only service was a social worker",
                row_header: "Need group",
                notes: vec![
                    "\"Only a social worker\" means no other service of any agency was recorded."
                        .into(),
                ],
            },
        );
        self.push(spec);
    }

    /// Where children were placed and how far from home, among those with both recorded.
    pub fn placements_outside(&mut self) {
        let (Some(location), Some(distance)) = (
            self.field_name(FieldRole::PlacementLocation),
            self.field_name(FieldRole::Distance),
        ) else {
            return;
        };
        let (Some(l), Some(d)) = (
            self.register.dim_of_field(&location),
            self.register.dim_of_field(&distance),
        ) else {
            return;
        };
        let (l_recorded, d_recorded) = (
            self.register.dim(l).recorded(),
            self.register.dim(d).recorded(),
        );
        let recorded_only = |items: Vec<Item>, recorded: AtomSet| -> Vec<Item> {
            items
                .into_iter()
                .filter(|i| i.condition.atoms.is_subset(recorded))
                .collect()
        };
        let (Some(rows), Some(columns)) = (self.items(&location), self.items(&distance)) else {
            return;
        };
        let rows = recorded_only(rows, l_recorded);
        let columns = recorded_only(columns, d_recorded);
        let base = Population::of([
            Condition {
                dim: l,
                atoms: l_recorded,
            },
            Condition {
                dim: d,
                atoms: d_recorded,
            },
        ]);
        let spec = self.cross(
            TableKind::PlacementsOutside,
            &base,
            &rows,
            &columns,
            Words {
                title: "Placements inside and outside the authority, by distance from home",
                measure: "Children with a placement, by where they were placed and how far from home",
                row_header: "Placed",
                notes: vec!["Only children with both where they were placed and the distance recorded are counted.".to_string()],
            },
        );
        self.push(spec);
    }
}
