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
}

/// One entry of a table, for the equations that bind them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    Cell(usize, usize),
    Row(usize),
    Column(usize),
}

/// Protects a one-way table (one column of counts whose cells are its rows' totals), as the
/// distribution of a field is protected before it is used as a margin elsewhere.
pub fn protect_one_way(table: &CountTable, rule: Rule) -> Protection {
    let rows = table.rows.len();
    let margins = Margins {
        rows: vec![None; rows],
        columns: vec![Some(Status::Shown)],
    };
    protect_with(table, rule, &margins)
}

/// Fixed statuses of a table's margins, from the one-way tables of its fields. `None` means the
/// margin is not published anywhere else and is treated as hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Margins {
    pub rows: Vec<Option<Status>>,
    pub columns: Vec<Option<Status>>,
}

/// Protects the cells of `table` given the statuses of its margins.
pub fn protect_with(table: &CountTable, rule: Rule, margins: &Margins) -> Protection {
    let n_columns = table.columns.len();
    let mut cells: Vec<Vec<Status>> = table
        .counts
        .iter()
        .map(|row| {
            row.iter()
                .map(|&c| {
                    if rule.is_small(c) {
                        Status::Primary
                    } else {
                        Status::Shown
                    }
                })
                .collect()
        })
        .collect();
    let row_totals: Vec<Status> = margins
        .rows
        .iter()
        .map(|m| m.unwrap_or(Status::Secondary))
        .collect();
    let column_totals: Vec<Status> = margins
        .columns
        .iter()
        .map(|m| m.unwrap_or(Status::Secondary))
        .collect();
    if rule.suppress_up_to == 0 {
        return Protection {
            cells,
            row_totals,
            column_totals,
        };
    }
    // A one-way table's cells are its row totals: its rows are not separate equations.
    let one_way = n_columns == 1 && margins.rows.iter().all(Option::is_none);
    let lines = lines(table, one_way);
    loop {
        let mut changed = false;
        for line in &lines {
            let hidden = line
                .iter()
                .filter(|e| status_of(**e, &cells, &row_totals, &column_totals).hidden())
                .count();
            if hidden == 1
                && hide_another(line, &lines, table, &mut cells, &row_totals, &column_totals)
            {
                changed = true;
            }
        }
        if changed {
            continue;
        }
        // Two per line is not always enough (a hidden cell can still be pinned by a chain of
        // lines); hide one more beside any entry the equations still fix.
        let unknowns = unknowns(&cells, &row_totals, &column_totals);
        let fixed = determined(&lines, &unknowns);
        let mut widened = false;
        for entry in fixed {
            if let Some(line) = lines.iter().find(|l| l.contains(&entry))
                && hide_another(line, &lines, table, &mut cells, &row_totals, &column_totals)
            {
                widened = true;
                break;
            }
        }
        if !widened {
            break;
        }
    }
    Protection {
        cells,
        row_totals,
        column_totals,
    }
}

fn status_of(entry: Entry, cells: &[Vec<Status>], rows: &[Status], columns: &[Status]) -> Status {
    match entry {
        Entry::Cell(i, j) => cells[i][j],
        Entry::Row(i) => rows[i],
        Entry::Column(j) => columns[j],
    }
}

/// The equations of a table: each row's cells sum to its total, each column's to its total
/// (where they add up).
fn lines(table: &CountTable, one_way: bool) -> Vec<Vec<Entry>> {
    let (n_rows, n_columns) = (table.rows.len(), table.columns.len());
    let mut lines = Vec::new();
    if table.rows_add_up && !one_way {
        for i in 0..n_rows {
            let mut line: Vec<Entry> = (0..n_columns).map(|j| Entry::Cell(i, j)).collect();
            line.push(Entry::Row(i));
            lines.push(line);
        }
    }
    if table.columns_add_up {
        for j in 0..n_columns {
            let mut line: Vec<Entry> = (0..n_rows).map(|i| Entry::Cell(i, j)).collect();
            line.push(Entry::Column(j));
            lines.push(line);
        }
    }
    lines
}

/// Hides one more shown cell of `line`: preferably one whose other line also needs a second
/// hidden entry (so one cell protects two lines), then the smallest non-zero count, and a zero
/// only if nothing else is left. Returns false if the line has no shown cell left to hide.
fn hide_another(
    line: &[Entry],
    lines: &[Vec<Entry>],
    table: &CountTable,
    cells: &mut [Vec<Status>],
    rows: &[Status],
    columns: &[Status],
) -> bool {
    let lone_hidden = |other: &Vec<Entry>| {
        other.as_slice() != line
            && other
                .iter()
                .filter(|e| status_of(**e, cells, rows, columns).hidden())
                .count()
                == 1
    };
    let candidate = line
        .iter()
        .filter_map(|e| match *e {
            Entry::Cell(i, j) if cells[i][j] == Status::Shown => {
                let helps_another = lines
                    .iter()
                    .any(|other| other.contains(e) && lone_hidden(other));
                Some((
                    !helps_another,
                    table.counts[i][j] == 0,
                    table.counts[i][j],
                    i,
                    j,
                ))
            }
            _ => None,
        })
        .min()
        .map(|(_, _, count, i, j)| (count, i, j));
    match candidate {
        Some((_, i, j)) => {
            cells[i][j] = Status::Secondary;
            true
        }
        None => false,
    }
}

fn unknowns(cells: &[Vec<Status>], rows: &[Status], columns: &[Status]) -> Vec<Entry> {
    let mut unknowns: Vec<Entry> = cells
        .iter()
        .enumerate()
        .flat_map(|(i, row)| {
            row.iter()
                .enumerate()
                .filter(|(_, s)| s.hidden())
                .map(move |(j, _)| Entry::Cell(i, j))
        })
        .collect();
    unknowns.extend(
        (0..rows.len())
            .filter(|&i| rows[i].hidden())
            .map(Entry::Row),
    );
    unknowns.extend(
        (0..columns.len())
            .filter(|&j| columns[j].hidden())
            .map(Entry::Column),
    );
    unknowns
}

/// The hidden entries whose value the equations fix, whatever the other hidden values are: an
/// entry is fixed when its unit vector lies in the row space of the equations' coefficients on
/// the hidden entries (found by Gaussian elimination to reduced row echelon form).
fn determined(lines: &[Vec<Entry>], unknowns: &[Entry]) -> Vec<Entry> {
    if unknowns.is_empty() {
        return Vec::new();
    }
    let mut matrix: Vec<Vec<f64>> = lines
        .iter()
        .map(|line| {
            unknowns
                .iter()
                .map(|u| match (line.contains(u), u) {
                    (false, _) => 0.0,
                    // Totals are on the other side of the equation from their cells.
                    (true, Entry::Row(_) | Entry::Column(_)) => -1.0,
                    (true, Entry::Cell(..)) => 1.0,
                })
                .collect()
        })
        .filter(|row: &Vec<f64>| row.iter().any(|&x| x != 0.0))
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
            },
        );
        let hidden: Vec<(usize, usize)> = (0..3)
            .flat_map(|i| (0..3).map(move |j| (i, j)))
            .filter(|&(i, j)| p.cells[i][j].hidden())
            .collect();
        // The 2, the smallest other cell of its row and of its column, and the corner closing
        // the rectangle so each line hides two.
        assert_eq!(hidden, [(0, 0), (0, 1), (1, 0), (1, 1)]);
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
}
