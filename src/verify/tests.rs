use super::*;
use crate::analyse::data::{CaseData, Category, Field, Values};
use crate::analyse::register::{AtomSet, Binning, Condition, Population};
use crate::model::FieldRole;

fn cats(n: usize) -> Vec<Category> {
    (0..n)
        .map(|i| Category {
            code: format!("c{i}"),
            label: format!("C{i}"),
        })
        .collect()
}

fn field(name: &str, n: usize, values: Vec<Option<usize>>) -> Field {
    Field {
        name: name.into(),
        label: name.into(),
        role: None,
        missing: None,
        ordered: false,
        values: Values::Category {
            categories: cats(n),
            values,
        },
    }
}

/// Children by rows and columns, `counts[r][c]` of each.
fn data(counts: &[Vec<u64>]) -> CaseData {
    let (mut rows, mut columns) = (Vec::new(), Vec::new());
    for (r, row) in counts.iter().enumerate() {
        for (c, &k) in row.iter().enumerate() {
            for _ in 0..k {
                rows.push(Some(r));
                columns.push(Some(c));
            }
        }
    }
    CaseData {
        children: rows.len(),
        fields: vec![
            field("rows", counts.len(), rows),
            field("columns", counts[0].len(), columns),
        ],
    }
}

fn cell(dim: u16, atom: usize) -> Condition {
    Condition {
        dim,
        atoms: AtomSet::single(atom as u16),
    }
}

/// Publishes the whole two-way table with its margins; returns the cells' ids.
fn publish(register: &mut Register) -> Vec<Vec<FigureId>> {
    let (r, c) = (register.dim(0).atoms.len(), register.dim(1).atoms.len());
    let mut ids = Vec::new();
    for i in 0..r {
        ids.push(
            (0..c)
                .map(|j| register.figure(&Population::of([cell(0, i), cell(1, j)]), true))
                .collect(),
        );
        register.figure(&Population::of([cell(0, i)]), true);
    }
    for j in 0..c {
        register.figure(&Population::of([cell(1, j)]), true);
    }
    register.everyone();
    ids
}

fn hide(register: &mut Register, ids: &[FigureId]) {
    for &id in ids {
        register.figures[id as usize].status = Status::Secondary;
    }
}

const FIVE: Rule = Rule {
    suppress_up_to: 5,
    min_for_summary: 10,
};

#[test]
fn a_lone_hidden_cell_is_worked_out_from_its_row() {
    let mut r = Register::new(&data(&[vec![3, 20], vec![30, 40]]), &Binning::default()).unwrap();
    let ids = publish(&mut r);
    hide(&mut r, &[ids[0][0]]);
    let report = verify(&r, FIVE, true);
    assert_eq!(report.ranges[&ids[0][0]], Range { low: 3, high: 3 });
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(
        report.problems[0].message,
        "a hidden small number can be narrowed to 3 to 3, fewer than 6 values"
    );
}

#[test]
fn a_rectangle_of_hidden_cells_gives_a_range() {
    // Hiding the 3, its row partner 20, its column partner 30 and the corner 40: the 3 can be
    // anything from 0 (all moved to the corner) to 23.
    let mut r = Register::new(&data(&[vec![3, 20], vec![30, 40]]), &Binning::default()).unwrap();
    let ids = publish(&mut r);
    hide(&mut r, &[ids[0][0], ids[0][1], ids[1][0], ids[1][1]]);
    let report = verify(&r, FIVE, true);
    assert_eq!(report.ranges[&ids[0][0]], Range { low: 0, high: 23 });
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_zero_partner_protects_nothing_downwards() {
    // The 1 is hidden with a 0 beside it and the 6 and 0 below them. The hidden zeros' column
    // holds nothing else unpublished, so both are 0, and the 1 is the row total less the 9.
    let mut r = Register::new(
        &data(&[vec![1, 0, 9], vec![6, 0, 30], vec![5, 7, 8]]),
        &Binning::default(),
    )
    .unwrap();
    let ids = publish(&mut r);
    hide(&mut r, &[ids[0][0], ids[0][1], ids[1][0], ids[1][1]]);
    let report = verify(&r, FIVE, true);
    assert_eq!(report.ranges[&ids[0][0]], Range { low: 1, high: 1 });
    assert_eq!(report.ranges[&ids[0][1]], Range { low: 0, high: 0 });
    assert_eq!(report.problems.len(), 4, "{:?}", report.problems);
}

#[test]
fn shared_missing_values_link_two_fields() {
    // Legal status and placement are both missing for the same children: a reader who knows
    // how many in a group are not looked after knows how many have a placement.
    let groups = field(
        "group",
        2,
        vec![
            Some(0),
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
        ],
    );
    let mut legal = field(
        "legal",
        2,
        vec![Some(0), None, None, Some(1), Some(0), None, None, None],
    );
    legal.role = Some(FieldRole::LegalStatus);
    let placement = field(
        "placement",
        2,
        vec![Some(1), None, None, Some(0), Some(0), None, None, None],
    );
    let data = CaseData {
        children: 8,
        fields: vec![groups, legal, placement],
    };
    let mut r = Register::new(&data, &Binning::default()).unwrap();
    assert_eq!(r.facts.len(), 1);
    let group_a = cell(0, 0);
    let not_looked_after = cell(1, 2);
    let placed = Condition {
        dim: 2,
        atoms: r.dim(2).recorded(),
    };
    let shown = r.figure(&Population::of([group_a, not_looked_after]), true);
    let hidden = r.figure(&Population::of([group_a, placed]), true);
    r.figure(&Population::of([group_a]), true);
    r.everyone();
    hide(&mut r, &[hidden]);
    let report = verify(&r, FIVE, true);
    // 3 children in group a, 2 not looked after: 1 with a placement, exactly.
    assert_eq!(r.get(shown).count, 2);
    assert_eq!(report.ranges[&hidden], Range { low: 1, high: 1 });
}

#[test]
fn services_counts_follow_the_only_a_social_worker_split() {
    // Two need groups; services social-worker and camhs. In group a, three children had only
    // a social worker and one had both; the "more" count is 1, so CAMHS in group a is at most
    // 1 and at least 1 (every "more" child has another service): exactly 1.
    let groups = Field {
        role: Some(FieldRole::NeedGroup),
        ..field(
            "group",
            2,
            vec![Some(0), Some(0), Some(0), Some(0), Some(1), Some(1)],
        )
    };
    let services = Field {
        name: "services".into(),
        label: "services".into(),
        role: Some(FieldRole::Services),
        missing: None,
        ordered: false,
        values: Values::Multi {
            categories: vec![
                Category {
                    code: "social-worker".into(),
                    label: "Social worker".into(),
                },
                Category {
                    code: "camhs".into(),
                    label: "CAMHS".into(),
                },
            ],
            values: vec![vec![0], vec![0], vec![0], vec![0, 1], vec![1], vec![0]],
        },
    };
    let data = CaseData {
        children: 6,
        fields: vec![groups, services],
    };
    let mut r = Register::new(&data, &Binning::default()).unwrap();
    let group_a = cell(0, 0);
    let only = r.condition("only_a_social_worker", "yes").unwrap();
    let more = r.condition("only_a_social_worker", "no").unwrap();
    let camhs = Condition {
        dim: r
            .block_of_field("services")
            .map(|b| b.members[1])
            .unwrap_or(2),
        atoms: AtomSet::single(crate::analyse::register::MEMBER_YES),
    };
    r.figure(&Population::of([group_a]), true);
    r.figure(&Population::of([group_a, only]), true);
    r.figure(&Population::of([group_a, more]), true);
    let hidden = r.figure(&Population::of([group_a, camhs]), true);
    r.everyone();
    hide(&mut r, &[hidden]);
    let report = verify(&r, FIVE, true);
    assert_eq!(report.ranges[&hidden], Range { low: 1, high: 1 });
}

#[test]
fn a_hidden_amount_alone_in_its_column_is_found() {
    let mut r = Register::default();
    r.amount_lines.push(crate::analyse::register::AmountLine {
        table: "Costs".into(),
        column: "Weekly cost".into(),
        entries: vec![
            ("A".into(), true),
            ("B".into(), false),
            ("All".into(), false),
        ],
    });
    let report = verify(&r, FIVE, true);
    assert_eq!(
        report.problems[0].message,
        "Costs: A / Weekly cost: the hidden amount is the total less the others"
    );
}

mod random_audits {
    use super::*;
    use crate::analyse::mns::{AuditInput, SharedCategory, audit_evidence};
    use crate::model::NeedGroup;
    use proptest::prelude::*;

    /// One child: need group, age, sex, looked after (with legal status and placement), the
    /// services received (social worker and CAMHS, as bits) and whether services matched.
    type Child = (usize, i64, usize, Option<(usize, usize)>, u8, usize);

    fn child(groups: usize) -> impl Strategy<Value = Child> {
        (
            0..groups,
            0i64..18,
            0usize..2,
            proptest::option::weighted(0.3, (0usize..3, 0usize..3)),
            0u8..4,
            0usize..3,
        )
    }

    fn categories(prefix: &str, n: usize) -> Vec<Category> {
        (0..n)
            .map(|i| Category {
                code: format!("{prefix}{i}"),
                label: format!("{prefix} {i}"),
            })
            .collect()
    }

    fn audit(children: &[Child], groups: usize) -> CaseData {
        let category = |name: &str, role, cats: Vec<Category>, values| Field {
            name: name.into(),
            label: name.into(),
            role,
            missing: None,
            ordered: false,
            values: Values::Category {
                categories: cats,
                values,
            },
        };
        let placements = vec![
            Category {
                code: "U4".into(),
                label: "Foster".into(),
            },
            Category {
                code: "K2".into(),
                label: "Home".into(),
            },
            Category {
                code: "P1".into(),
                label: "Parents".into(),
            },
        ];
        CaseData {
            children: children.len(),
            fields: vec![
                category(
                    "need_group",
                    Some(FieldRole::NeedGroup),
                    categories("g", groups),
                    children.iter().map(|c| Some(c.0)).collect(),
                ),
                Field {
                    name: "age".into(),
                    label: "Age".into(),
                    role: Some(FieldRole::Age),
                    missing: None,
                    ordered: true,
                    values: Values::Integer(children.iter().map(|c| Some(c.1)).collect()),
                },
                category(
                    "sex",
                    Some(FieldRole::Sex),
                    categories("s", 2),
                    children.iter().map(|c| Some(c.2)).collect(),
                ),
                category(
                    "legal_status",
                    Some(FieldRole::LegalStatus),
                    categories("C", 3),
                    children.iter().map(|c| c.3.map(|l| l.0)).collect(),
                ),
                category(
                    "placement",
                    Some(FieldRole::Placement),
                    placements,
                    children.iter().map(|c| c.3.map(|l| l.1)).collect(),
                ),
                Field {
                    name: "services".into(),
                    label: "Services".into(),
                    role: Some(FieldRole::Services),
                    missing: None,
                    ordered: false,
                    values: Values::Multi {
                        categories: vec![
                            Category {
                                code: "social-worker".into(),
                                label: "Social worker".into(),
                            },
                            Category {
                                code: "camhs".into(),
                                label: "CAMHS".into(),
                            },
                        ],
                        values: children
                            .iter()
                            .map(|c| (0..2).filter(|b| c.4 >> b & 1 == 1).collect())
                            .collect(),
                    },
                },
                category(
                    "matching",
                    Some(FieldRole::Matching),
                    categories("m", 3),
                    children.iter().map(|c| Some(c.5)).collect(),
                ),
            ],
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn every_hidden_count_keeps_its_width(
            groups in 2usize..6,
            children in proptest::collection::vec(child(6), 15..90),
        ) {
            let children: Vec<Child> = children
                .into_iter()
                .map(|mut c| {
                    c.0 %= groups;
                    c
                })
                .collect();
            let data = audit(&children, groups);
            let need_groups: Vec<NeedGroup> = (0..groups)
                .map(|g| NeedGroup {
                    code: format!("g{g}"),
                    name: format!("Group {g}"),
                    description: String::new(),
                })
                .collect();
            let crosses = [("sex".to_string(), "matching".to_string())];
            // Need groups paired into shared categories: unions the reader could difference.
            let categories: Vec<SharedCategory> = need_groups
                .chunks(2)
                .enumerate()
                .map(|(k, pair)| SharedCategory {
                    code: format!("c{k}"),
                    label: format!("Category {k}"),
                    need_groups: pair.iter().map(|g| g.code.clone()).collect(),
                })
                .collect();
            let input = AuditInput {
                data: &data,
                need_groups: &need_groups,
                annual_children: None,
                crosses: &crosses,
                histograms: &[],
                categories: &categories,
            };
            let evidence = audit_evidence(&input, FIVE).unwrap();
            let register = &evidence.register;
            let report = verify(register, FIVE, true);
            prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
            for (&f, range) in &report.ranges {
                let figure = register.get(f);
                if !figure.published {
                    continue;
                }
                if (1..=5).contains(&figure.count) {
                    prop_assert!(range.width() >= 5, "{} in {:?}", figure.count, range);
                } else {
                    prop_assert!(range.width() >= 1, "{} in {:?}", figure.count, range);
                }
            }
            // No small count is published.
            for (id, figure) in register.figures.iter().enumerate() {
                if figure.published && (1..=5).contains(&figure.count) {
                    prop_assert!(figure.status.hidden(), "figure {id} shows {}", figure.count);
                }
            }
        }
    }
}
