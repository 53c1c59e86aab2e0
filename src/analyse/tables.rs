//! Counting children: one-way tables and cross-tabulations of any two fields, with their
//! margins. These hold true counts and never leave the analyse stage unprotected.

use super::data::{Category, Field, Values};

/// Counts of children, by the categories of one field (rows) and optionally another (columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    pub rows: Vec<Category>,
    pub columns: Vec<Category>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<u64>>,
    pub row_totals: Vec<u64>,
    pub column_totals: Vec<u64>,
    pub total: u64,
    /// Each row's cells add up to its total (false when a child can count in several columns,
    /// as with services received).
    pub rows_add_up: bool,
    /// Each column's cells add up to its total.
    pub columns_add_up: bool,
}

impl CountTable {
    /// A table from its cells, with margins summed; for partitions on both sides.
    pub fn from_counts(
        rows: Vec<Category>,
        columns: Vec<Category>,
        counts: Vec<Vec<u64>>,
    ) -> CountTable {
        let row_totals = counts.iter().map(|r| r.iter().sum()).collect::<Vec<u64>>();
        let column_totals = (0..columns.len())
            .map(|j| counts.iter().map(|r| r[j]).sum())
            .collect();
        let total = row_totals.iter().sum();
        CountTable {
            rows,
            columns,
            counts,
            row_totals,
            column_totals,
            total,
            rows_add_up: true,
            columns_add_up: true,
        }
    }

    /// Leaves out rows and columns with no children at all, keeping the order of the rest.
    pub fn without_empty(mut self) -> CountTable {
        let keep_rows: Vec<bool> = self.row_totals.iter().map(|&t| t > 0).collect();
        let keep_columns: Vec<bool> = self.column_totals.iter().map(|&t| t > 0).collect();
        let filter = |v: Vec<u64>, keep: &[bool]| {
            v.into_iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|(x, _)| x)
                .collect::<Vec<_>>()
        };
        self.rows = self
            .rows
            .into_iter()
            .zip(&keep_rows)
            .filter(|(_, k)| **k)
            .map(|(r, _)| r)
            .collect();
        self.columns = self
            .columns
            .into_iter()
            .zip(&keep_columns)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c)
            .collect();
        self.counts = self
            .counts
            .into_iter()
            .zip(&keep_rows)
            .filter(|(_, k)| **k)
            .map(|(row, _)| filter(row, &keep_columns))
            .collect();
        self.row_totals = filter(self.row_totals, &keep_rows);
        self.column_totals = filter(self.column_totals, &keep_columns);
        self
    }
}

/// The label used for children with no value in a field.
pub const NOT_RECORDED: &str = "Not recorded";

/// Each child's categories in a field, for counting: a category field gives one (or none),
/// a multi-category field gives any number. Integers are put in bands (ages in DfE's bands).
pub struct Classified {
    pub categories: Vec<Category>,
    /// For each child, the categories they fall in.
    pub of_child: Vec<Vec<usize>>,
    /// Whether each child falls in exactly one category (an extra "not recorded" category is
    /// added for empty values when needed).
    pub partition: bool,
}

/// DfE's age bands for children in need and looked-after children.
pub fn age_band(age: i64) -> usize {
    match age {
        i64::MIN..=0 => 0,
        1..=4 => 1,
        5..=9 => 2,
        10..=15 => 3,
        _ => 4,
    }
}

pub const AGE_BANDS: [&str; 5] = ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over"];

fn category(code: &str, label: &str) -> Category {
    Category {
        code: code.to_string(),
        label: label.to_string(),
    }
}

/// How a field's values group children, or `None` for fields that are not categorical
/// (numbers, dates).
pub fn classify(field: &Field, children: usize) -> Option<Classified> {
    let missing_label = field
        .missing
        .clone()
        .unwrap_or_else(|| NOT_RECORDED.to_string());
    let with_missing = |mut categories: Vec<Category>, picks: Vec<Option<usize>>| {
        let missing = categories.len();
        let any_missing = picks.iter().any(Option::is_none);
        if any_missing {
            categories.push(category("", &missing_label));
        }
        Classified {
            categories,
            of_child: picks
                .into_iter()
                .map(|p| vec![p.unwrap_or(missing)])
                .collect(),
            partition: true,
        }
    };
    match &field.values {
        Values::Category { categories, values } => {
            Some(with_missing(categories.clone(), values.clone()))
        }
        Values::YesNo(values) => Some(with_missing(
            vec![category("yes", "Yes"), category("no", "No")],
            values
                .iter()
                .map(|v| v.map(|yes| if yes { 0 } else { 1 }))
                .collect(),
        )),
        Values::Integer(values) if is_age(field) => Some(with_missing(
            AGE_BANDS.iter().map(|b| category(b, b)).collect(),
            values.iter().map(|v| v.map(age_band)).collect(),
        )),
        Values::Multi { categories, values } => Some(Classified {
            categories: categories.clone(),
            of_child: values.clone(),
            partition: false,
        }),
        _ => {
            let _ = children;
            None
        }
    }
}

fn is_age(field: &Field) -> bool {
    field.role == Some(crate::model::FieldRole::Age)
}

/// Children by one field: a table with one column.
pub fn one_way(field: &Classified, column: &str) -> CountTable {
    let mut counts = vec![vec![0u64]; field.categories.len()];
    for picks in &field.of_child {
        for &p in picks {
            counts[p][0] += 1;
        }
    }
    let mut table =
        CountTable::from_counts(field.categories.clone(), vec![category("", column)], counts);
    if !field.partition {
        table.total = field.of_child.len() as u64;
        table.columns_add_up = false;
        table.column_totals = vec![table.total];
    }
    table
}

/// Children by two fields. Rows must partition the children (a need group, say); columns may
/// not (services received), in which case rows do not add up to their totals.
pub fn cross(rows: &Classified, columns: &Classified) -> CountTable {
    let mut counts = vec![vec![0u64; columns.categories.len()]; rows.categories.len()];
    let mut row_totals = vec![0u64; rows.categories.len()];
    for (row_picks, column_picks) in rows.of_child.iter().zip(&columns.of_child) {
        for &r in row_picks {
            row_totals[r] += 1;
            for &c in column_picks {
                counts[r][c] += 1;
            }
        }
    }
    let column_totals: Vec<u64> = (0..columns.categories.len())
        .map(|j| counts.iter().map(|r| r[j]).sum())
        .collect();
    CountTable {
        rows: rows.categories.clone(),
        columns: columns.categories.clone(),
        total: rows.of_child.len() as u64,
        counts,
        row_totals,
        column_totals,
        rows_add_up: columns.partition,
        columns_add_up: rows.partition,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldRole;

    fn field(values: Values, role: Option<FieldRole>) -> Field {
        Field {
            name: "f".into(),
            label: "F".into(),
            role,
            missing: None,
            ordered: false,
            values,
        }
    }

    fn cats(codes: &[&str]) -> Vec<Category> {
        codes
            .iter()
            .map(|c| category(c, &c.to_uppercase()))
            .collect()
    }

    #[test]
    fn ages_fall_in_dfe_bands() {
        let ages = field(
            Values::Integer(vec![Some(0), Some(4), Some(5), Some(15), Some(16), None]),
            Some(FieldRole::Age),
        );
        let classified = classify(&ages, 6).unwrap();
        let table = one_way(&classified, "Children");
        assert_eq!(
            table.counts,
            vec![vec![1], vec![1], vec![1], vec![1], vec![1], vec![1]]
        );
        assert_eq!(table.rows.last().unwrap().label, "Not recorded");
        assert_eq!(table.total, 6);
    }

    #[test]
    fn cross_tabulation_with_hand_counted_cells() {
        // Need groups A A B B B, legal status C2 - V2 C2 -.
        let groups = field(
            Values::Category {
                categories: cats(&["a", "b"]),
                values: vec![Some(0), Some(0), Some(1), Some(1), Some(1)],
            },
            None,
        );
        let mut legal = field(
            Values::Category {
                categories: cats(&["c2", "v2"]),
                values: vec![Some(0), None, Some(1), Some(0), None],
            },
            None,
        );
        legal.missing = Some("Not looked after".into());
        let table = cross(
            &classify(&groups, 5).unwrap(),
            &classify(&legal, 5).unwrap(),
        );
        assert_eq!(
            table
                .columns
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>(),
            ["C2", "V2", "Not looked after"]
        );
        assert_eq!(table.counts, vec![vec![1, 0, 1], vec![1, 1, 1]]);
        assert_eq!(table.row_totals, vec![2, 3]);
        assert_eq!(table.column_totals, vec![2, 1, 2]);
        assert_eq!(table.total, 5);
        assert!(table.rows_add_up && table.columns_add_up);
    }

    #[test]
    fn services_count_each_child_once_per_service() {
        let groups = field(
            Values::Category {
                categories: cats(&["a", "b"]),
                values: vec![Some(0), Some(0), Some(1)],
            },
            None,
        );
        let services = field(
            Values::Multi {
                categories: cats(&["sw", "camhs"]),
                values: vec![vec![0], vec![0, 1], vec![0, 1]],
            },
            None,
        );
        let table = cross(
            &classify(&groups, 3).unwrap(),
            &classify(&services, 3).unwrap(),
        );
        assert_eq!(table.counts, vec![vec![2, 1], vec![1, 1]]);
        assert_eq!(table.row_totals, vec![2, 1]);
        assert_eq!(table.column_totals, vec![3, 2]);
        assert!(!table.rows_add_up);
        assert!(table.columns_add_up);
    }

    #[test]
    fn empty_rows_and_columns_go() {
        let t = CountTable::from_counts(
            cats(&["a", "b", "c"]),
            cats(&["x", "y"]),
            vec![vec![1, 0], vec![0, 0], vec![2, 0]],
        )
        .without_empty();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.columns.len(), 1);
        assert_eq!(t.counts, vec![vec![1], vec![2]]);
        assert_eq!(t.total, 3);
    }
}
