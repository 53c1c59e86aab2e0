//! Statistical disclosure control: which counts an audience may see.
//!
//! Primary suppression hides counts from 1 up to the audience's threshold (DfE shows counts of
//! 1 to 5 as `c`). Secondary suppression then hides more cells until no hidden count can be
//! worked out from the published totals of its row, its column or the table: every line (row
//! or column with its total) that hides anything hides at least two entries, and a check by
//! linear algebra confirms that no hidden entry is fixed by the published ones.
//!
//! Margins (a need group's size, say) appear in several tables; they are protected once, in the
//! one-way table of their field, and every table then treats them the same way, so no table
//! gives away what another hides.

use super::tables::CountTable;

/// An audience's rule: counts from 1 up to `suppress_up_to` are hidden; 0 hides nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub suppress_up_to: u64,
}

impl Rule {
    pub const NONE: Rule = Rule { suppress_up_to: 0 };

    pub fn is_small(self, count: u64) -> bool {
        count >= 1 && count <= self.suppress_up_to
    }
}

/// Whether an entry of a table is published, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Shown,
    /// A small count.
    Primary,
    /// Hidden so that a small count cannot be worked out from the totals.
    Secondary,
}

impl Status {
    pub fn hidden(self) -> bool {
        self != Status::Shown
    }
}

/// What a table may publish: a status for every cell and margin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    pub cells: Vec<Vec<Status>>,
    pub row_totals: Vec<Status>,
    pub column_totals: Vec<Status>,
    pub total: Status,
}

/// Protects a one-way table (one column of counts whose cells are its rows' totals), as the
/// distribution of a field is protected before it is used as a margin elsewhere.
pub fn protect_one_way(table: &CountTable, rule: Rule) -> Protection {
    let margins = Margins {
        rows: vec![None; table.rows.len()],
        columns: vec![Some(Status::Shown)],
        total: Some(Status::Shown),
    };
    protect(table, rule, &margins, true)
}

/// Statuses of a table's margins fixed by the one-way tables of their fields. `None` means the
/// margin is published only in this table, and is protected with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Margins {
    pub rows: Vec<Option<Status>>,
    pub columns: Vec<Option<Status>>,
    pub total: Option<Status>,
}

/// Protects the cells of `table` (and its margins not fixed elsewhere).
pub fn protect_with(table: &CountTable, rule: Rule, margins: &Margins) -> Protection {
    protect(table, rule, margins, false)
}

/// A table's entries in one list: cells row by row, then row totals, column totals, the total.
struct Entries {
    n_rows: usize,
    n_columns: usize,
}

impl Entries {
    fn cell(&self, i: usize, j: usize) -> usize {
        i * self.n_columns + j
    }
    fn row(&self, i: usize) -> usize {
        self.n_rows * self.n_columns + i
    }
    fn column(&self, j: usize) -> usize {
        self.n_rows * self.n_columns + self.n_rows + j
    }
    fn total(&self) -> usize {
        self.n_rows * self.n_columns + self.n_rows + self.n_columns
    }
    fn count(&self) -> usize {
        self.total() + 1
    }
}

/// An equation of a table: the entries with coefficient +1 sum to the one with -1.
type Line = Vec<(usize, i8)>;

fn protect(table: &CountTable, rule: Rule, margins: &Margins, one_way: bool) -> Protection {
    let (n_rows, n_columns) = (table.rows.len(), table.columns.len());
    let at = Entries { n_rows, n_columns };
    let mut values = vec![0u64; at.count()];
    for i in 0..n_rows {
        for j in 0..n_columns {
            values[at.cell(i, j)] = table.counts[i][j];
        }
        values[at.row(i)] = table.row_totals[i];
    }
    for j in 0..n_columns {
        values[at.column(j)] = table.column_totals[j];
    }
    values[at.total()] = table.total;

    let initial = |count: u64| {
        if rule.is_small(count) {
            Status::Primary
        } else {
            Status::Shown
        }
    };
    let mut status: Vec<Status> = values.iter().map(|&v| initial(v)).collect();
    let mut fixed = vec![false; at.count()];
    let mut fix = |index: usize, given: Option<Status>, status: &mut Vec<Status>| {
        if let Some(given) = given {
            status[index] = given;
            fixed[index] = true;
        }
    };
    for (i, m) in margins.rows.iter().enumerate() {
        fix(at.row(i), *m, &mut status);
    }
    for (j, m) in margins.columns.iter().enumerate() {
        fix(at.column(j), *m, &mut status);
    }
    fix(at.total(), margins.total, &mut status);

    if rule.suppress_up_to == 0 {
        status.iter_mut().for_each(|s| *s = Status::Shown);
    } else {
        let lines = lines(table, &at, one_way);
        secondary(&lines, &values, &mut status, &fixed);
    }
    let cells: Vec<Vec<Status>> = (0..n_rows)
        .map(|i| (0..n_columns).map(|j| status[at.cell(i, j)]).collect())
        .collect();
    // A one-way table's row totals are its cells.
    let row_totals = (0..n_rows)
        .map(|i| {
            if one_way {
                cells[i][0]
            } else {
                status[at.row(i)]
            }
        })
        .collect();
    Protection {
        cells,
        row_totals,
        column_totals: (0..n_columns).map(|j| status[at.column(j)]).collect(),
        total: status[at.total()],
    }
}

/// The equations of a table: each row's cells sum to its total and each column's to its total
/// (where they add up), and the row totals, or the column totals, to the table's total (where
/// the rows, or the columns, divide the children between them).
fn lines(table: &CountTable, at: &Entries, one_way: bool) -> Vec<Line> {
    let (n_rows, n_columns) = (at.n_rows, at.n_columns);
    let mut lines = Vec::new();
    if table.columns_add_up {
        for j in 0..n_columns {
            let mut line: Line = (0..n_rows).map(|i| (at.cell(i, j), 1)).collect();
            line.push((at.column(j), -1));
            lines.push(line);
        }
    }
    if one_way {
        return lines;
    }
    if table.rows_add_up {
        for i in 0..n_rows {
            let mut line: Line = (0..n_columns).map(|j| (at.cell(i, j), 1)).collect();
            line.push((at.row(i), -1));
            lines.push(line);
        }
        let mut line: Line = (0..n_columns).map(|j| (at.column(j), 1)).collect();
        line.push((at.total(), -1));
        lines.push(line);
    }
    if table.columns_add_up {
        let mut line: Line = (0..n_rows).map(|i| (at.row(i), 1)).collect();
        line.push((at.total(), -1));
        lines.push(line);
    }
    lines
}

/// Secondary suppression: every line hiding one entry hides another, until no hidden entry is
/// fixed by the equations.
fn secondary(lines: &[Line], values: &[u64], status: &mut [Status], fixed: &[bool]) {
    let hidden_in =
        |line: &Line, status: &[Status]| line.iter().filter(|(e, _)| status[*e].hidden()).count();
    loop {
        let mut changed = false;
        for line in lines {
            if hidden_in(line, status) == 1 && hide_another(line, lines, values, status, fixed) {
                changed = true;
            }
        }
        if changed {
            continue;
        }
        // Two per line is not always enough (a hidden entry can still be pinned by a chain of
        // lines): hide one more beside any entry the equations still fix.
        let unknowns: Vec<usize> = (0..status.len()).filter(|&e| status[e].hidden()).collect();
        let pinned = determined(lines, &unknowns);
        let widened = pinned.iter().any(|entry| {
            lines
                .iter()
                .filter(|l| l.iter().any(|(e, _)| e == entry))
                .any(|line| hide_another(line, lines, values, status, fixed))
        });
        if !widened {
            break;
        }
    }
}

/// Hides one more shown entry of `line` that is not fixed by another table: preferably one
/// whose other line also needs a second hidden entry (so one hides for two), then the smallest
/// non-zero count, and a zero only if nothing else is left. False if there is none to hide.
fn hide_another(
    line: &Line,
    lines: &[Line],
    values: &[u64],
    status: &mut [Status],
    fixed: &[bool],
) -> bool {
    let lone_hidden = |other: &Line, status: &[Status]| {
        other != line && other.iter().filter(|(e, _)| status[*e].hidden()).count() == 1
    };
    let candidate = line
        .iter()
        .map(|&(e, _)| e)
        .filter(|&e| status[e] == Status::Shown && !fixed[e])
        .map(|e| {
            let helps_another = lines
                .iter()
                .any(|other| other.iter().any(|(x, _)| *x == e) && lone_hidden(other, status));
            (!helps_another, values[e] == 0, values[e], e)
        })
        .min();
    match candidate {
        Some((.., e)) => {
            status[e] = Status::Secondary;
            true
        }
        None => false,
    }
}

/// The hidden entries whose value the equations fix, whatever the other hidden values are: an
/// entry is fixed when its unit vector lies in the row space of the equations' coefficients on
/// the hidden entries (found by Gaussian elimination to reduced row echelon form).
fn determined(lines: &[Line], unknowns: &[usize]) -> Vec<usize> {
    if unknowns.is_empty() {
        return Vec::new();
    }
    let mut matrix: Vec<Vec<f64>> = lines
        .iter()
        .map(|line| {
            unknowns
                .iter()
                .map(|u| {
                    line.iter()
                        .find(|(e, _)| e == u)
                        .map_or(0.0, |(_, c)| f64::from(*c))
                })
                .collect::<Vec<f64>>()
        })
        .filter(|row| row.iter().any(|&x| x != 0.0))
        .collect();
    let pivots = reduce(&mut matrix, unknowns.len());
    let pivot_columns: Vec<usize> = pivots.iter().map(|&(_, c)| c).collect();
    pivots
        .iter()
        .filter(|&&(row, column)| {
            (0..unknowns.len())
                .all(|c| c == column || pivot_columns.contains(&c) || matrix[row][c].abs() < 1e-9)
        })
        .map(|&(_, column)| unknowns[column])
        .collect()
}

/// Reduces `matrix` to reduced row echelon form in place; returns (row, column) of each pivot.
fn reduce(matrix: &mut [Vec<f64>], columns: usize) -> Vec<(usize, usize)> {
    let mut pivots = Vec::new();
    let mut row = 0;
    for column in 0..columns {
        let Some(best) = (row..matrix.len())
            .max_by(|&a, &b| matrix[a][column].abs().total_cmp(&matrix[b][column].abs()))
        else {
            break;
        };
        if matrix[best][column].abs() < 1e-9 {
            continue;
        }
        matrix.swap(row, best);
        let pivot = matrix[row][column];
        for value in matrix[row].iter_mut() {
            *value /= pivot;
        }
        let pivot_row = matrix[row].clone();
        for (other, values) in matrix.iter_mut().enumerate() {
            let factor = values[column];
            if other != row && factor.abs() > 1e-12 {
                for (value, pivot_value) in values.iter_mut().zip(&pivot_row) {
                    *value -= factor * pivot_value;
                }
            }
        }
        pivots.push((row, column));
        row += 1;
        if row == matrix.len() {
            break;
        }
    }
    pivots
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::data::Category;
    use proptest::prelude::*;

    fn cats(n: usize) -> Vec<Category> {
        (0..n)
            .map(|i| Category {
                code: i.to_string(),
                label: i.to_string(),
            })
            .collect()
    }

    fn table(counts: Vec<Vec<u64>>) -> CountTable {
        let (r, c) = (counts.len(), counts[0].len());
        CountTable::from_counts(cats(r), cats(c), counts)
    }

    const FIVE: Rule = Rule { suppress_up_to: 5 };

    #[test]
    fn one_small_group_takes_the_next_smallest_with_it() {
        let t = table(vec![vec![40], vec![3], vec![12], vec![60]]);
        let p = protect_one_way(&t, FIVE);
        let statuses: Vec<Status> = p.cells.iter().map(|r| r[0]).collect();
        assert_eq!(
            statuses,
            [
                Status::Shown,
                Status::Primary,
                Status::Secondary,
                Status::Shown
            ]
        );
    }

    #[test]
    fn nothing_hidden_for_staff() {
        let t = table(vec![vec![1, 2], vec![3, 4]]);
        let p = protect_with(
            &t,
            Rule::NONE,
            &Margins {
                rows: vec![Some(Status::Shown); 2],
                columns: vec![Some(Status::Shown); 2],
                total: Some(Status::Shown),
            },
        );
        assert!(p.cells.iter().flatten().all(|s| *s == Status::Shown));
    }

    #[test]
    fn a_lone_small_cell_in_a_cross_table_forms_a_rectangle() {
        let t = table(vec![vec![20, 2, 30], vec![15, 25, 18], vec![40, 22, 9]]);
        let shown = Some(Status::Shown);
        let p = protect_with(
            &t,
            FIVE,
            &Margins {
                rows: vec![shown; 3],
                columns: vec![shown; 3],
                total: Some(Status::Shown),
            },
        );
        let hidden: Vec<(usize, usize)> = (0..3)
            .flat_map(|i| (0..3).map(move |j| (i, j)))
            .filter(|&(i, j)| p.cells[i][j].hidden())
            .collect();
        // The 2, the smallest other cell of its row and of its column, and the corner closing
        // the rectangle so each line hides two.
        assert_eq!(hidden, [(0, 0), (0, 1), (2, 0), (2, 1)]);
        assert_eq!(p.cells[0][1], Status::Primary);
    }

    #[test]
    fn hidden_margins_count_as_hidden_members_of_their_lines() {
        // Row 1's total is hidden elsewhere (a small need group), so its small cell needs only
        // a partner in its column.
        let t = table(vec![vec![30, 12], vec![3, 1], vec![25, 14]]);
        let shown = Some(Status::Shown);
        let p = protect_with(
            &t,
            FIVE,
            &Margins {
                rows: vec![shown, Some(Status::Primary), shown],
                columns: vec![shown, shown],
                total: Some(Status::Shown),
            },
        );
        assert_eq!(p.cells[1], [Status::Primary, Status::Primary]);
        assert!(
            p.cells[0]
                .iter()
                .chain(&p.cells[2])
                .filter(|s| s.hidden())
                .count()
                >= 2
        );
    }

    /// Exact rank of an integer matrix (fraction-free elimination), independent of the
    /// floating-point check the protection itself uses.
    fn exact_rank(mut m: Vec<Vec<i128>>) -> usize {
        let columns = m.first().map_or(0, Vec::len);
        let mut rank = 0;
        for c in 0..columns {
            let Some(p) = (rank..m.len()).find(|&r| m[r][c] != 0) else {
                continue;
            };
            m.swap(rank, p);
            for r in 0..m.len() {
                if r != rank && m[r][c] != 0 {
                    let (a, b) = (m[rank][c], m[r][c]);
                    let pivot = m[rank].clone();
                    for (x, p) in m[r].iter_mut().zip(&pivot) {
                        *x = *x * a - p * b;
                    }
                    let g = m[r].iter().fold(0i128, |g, &x| num_gcd(g, x.abs()));
                    if g > 1 {
                        m[r].iter_mut().for_each(|x| *x /= g);
                    }
                }
            }
            rank += 1;
        }
        rank
    }

    fn num_gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a } else { num_gcd(b, a % b) }
    }

    /// The hidden entries of a protected cross table (cells, row and column totals, total)
    /// that its equations pin to one value.
    fn pinned_entries(table: &CountTable, p: &Protection) -> Vec<String> {
        let (r, c) = (table.rows.len(), table.columns.len());
        let at = Entries {
            n_rows: r,
            n_columns: c,
        };
        let mut hidden = Vec::new();
        for i in 0..r {
            for j in 0..c {
                if p.cells[i][j].hidden() {
                    hidden.push(at.cell(i, j));
                }
            }
            if p.row_totals[i].hidden() {
                hidden.push(at.row(i));
            }
        }
        for j in 0..c {
            if p.column_totals[j].hidden() {
                hidden.push(at.column(j));
            }
        }
        if p.total.hidden() {
            hidden.push(at.total());
        }
        let lines = lines(table, &at, false);
        let matrix: Vec<Vec<i128>> = lines
            .iter()
            .map(|line| {
                hidden
                    .iter()
                    .map(|h| {
                        line.iter()
                            .find(|(e, _)| e == h)
                            .map_or(0, |(_, k)| i128::from(*k))
                    })
                    .collect()
            })
            .collect();
        let base = exact_rank(matrix.clone());
        (0..hidden.len())
            .filter(|&u| {
                let mut with = matrix.clone();
                let mut unit = vec![0i128; hidden.len()];
                unit[u] = 1;
                with.push(unit);
                exact_rank(with) == base
            })
            .map(|u| format!("entry {}", hidden[u]))
            .collect()
    }

    fn small_table() -> impl Strategy<Value = Vec<Vec<u64>>> {
        (2usize..5, 2usize..5).prop_flat_map(|(r, c)| {
            proptest::collection::vec(
                proptest::collection::vec(prop_oneof![0u64..6, 0u64..40], c),
                r,
            )
        })
    }

    proptest! {
        #[test]
        fn no_small_count_is_shown_and_no_hidden_entry_is_pinned(counts in small_table()) {
            let table = table(counts);
            // Row sizes are protected once in their own one-way table, as the analysis does.
            let rows_table = CountTable::from_counts(table.rows.clone(), cats(1), table.row_totals.iter().map(|&t| vec![t]).collect());
            let rows = protect_one_way(&rows_table, FIVE);
            let margins = Margins {
                rows: rows.cells.iter().map(|r| Some(r[0])).collect(),
                columns: vec![None; table.columns.len()],
                total: Some(Status::Shown),
            };
            let p = protect_with(&table, FIVE, &margins);
            for (i, row) in table.counts.iter().enumerate() {
                for (j, &count) in row.iter().enumerate() {
                    prop_assert!(!FIVE.is_small(count) || p.cells[i][j].hidden(), "cell {i},{j} = {count} shown");
                }
            }
            for (j, &count) in table.column_totals.iter().enumerate() {
                prop_assert!(!FIVE.is_small(count) || p.column_totals[j].hidden());
            }
            let pinned = pinned_entries(&table, &p);
            prop_assert!(pinned.is_empty(), "pinned: {pinned:?} in {:?} with {p:?}", table.counts);
        }

        #[test]
        fn one_way_tables_never_hide_exactly_one_count(counts in proptest::collection::vec(0u64..30, 1..9)) {
            let t = table(counts.iter().map(|&c| vec![c]).collect());
            let p = protect_one_way(&t, FIVE);
            let hidden = p.cells.iter().filter(|r| r[0].hidden()).count();
            prop_assert!(hidden != 1 || t.rows.len() == 1);
            for (i, &c) in counts.iter().enumerate() {
                prop_assert!(!FIVE.is_small(c) || p.cells[i][0].hidden());
            }
        }

        #[test]
        fn staff_see_everything(counts in small_table()) {
            let t = table(counts);
            let margins = Margins { rows: vec![None; t.rows.len()], columns: vec![None; t.columns.len()], total: None };
            let p = protect_with(&t, Rule::NONE, &margins);
            prop_assert!(p.cells.iter().flatten().chain(&p.row_totals).chain(&p.column_totals).all(|s| *s == Status::Shown));
            prop_assert_eq!(p.total, Status::Shown);
        }
    }
}
