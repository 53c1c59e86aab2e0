//! The smallest and largest value a reader can give each hidden figure: linear programs over
//! the model, split into independent parts, with whole-number solving where the linear
//! programme's answer is fractional.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use super::model::{Constraint, Expr, Model, Op};

const EPSILON: f64 = 1e-6;

/// The model with every variable the published figures pin down replaced by its value.
pub struct Reduced {
    fixed: HashMap<usize, f64>,
    /// Constraints that still hold free variables.
    constraints: Vec<Constraint>,
    /// Free variable -> its part (the variables linked to it by constraints).
    part_of: HashMap<usize, usize>,
    /// Part -> the indexes of its constraints.
    part_constraints: BTreeMap<usize, Vec<usize>>,
    bound: f64,
    /// False if the published figures contradict each other (the model is then wrong).
    pub consistent: bool,
}

impl Reduced {
    pub fn new(model: &Model) -> Reduced {
        let mut fixed: HashMap<usize, f64> = HashMap::new();
        let mut consistent = true;
        let mut pending: Vec<Constraint> = model.constraints.clone();
        loop {
            let mut changed = false;
            let mut next = Vec::with_capacity(pending.len());
            for c in pending {
                let (free, rhs) = substitute(&c.expr, c.rhs, &fixed);
                if free.is_empty() {
                    let holds = match c.op {
                        Op::Eq => rhs.abs() < 1e-6,
                        Op::Ge => rhs <= 1e-6,
                    };
                    consistent &= holds;
                    continue;
                }
                if c.op == Op::Eq {
                    if free.len() == 1 {
                        fixed.insert(free[0].0, rhs / free[0].1);
                        changed = true;
                        continue;
                    }
                    let all_positive = free.iter().all(|&(_, k)| k > 0.0);
                    let all_negative = free.iter().all(|&(_, k)| k < 0.0);
                    if rhs.abs() < 1e-9 && (all_positive || all_negative) {
                        for &(v, _) in &free {
                            fixed.insert(v, 0.0);
                        }
                        changed = true;
                        continue;
                    }
                }
                next.push(Constraint {
                    expr: free,
                    op: c.op,
                    rhs,
                });
            }
            pending = next;
            if !changed {
                break;
            }
        }
        // Parts: free variables joined by a constraint.
        let mut parent: HashMap<usize, usize> = HashMap::new();
        fn root(parent: &mut HashMap<usize, usize>, x: usize) -> usize {
            let mut r = x;
            while let Some(&p) = parent.get(&r) {
                if p == r {
                    break;
                }
                r = p;
            }
            parent.insert(x, r);
            r
        }
        for c in &pending {
            let vars: Vec<usize> = c.expr.iter().map(|&(v, _)| v).collect();
            for &v in &vars {
                parent.entry(v).or_insert(v);
            }
            for pair in vars.windows(2) {
                let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
                if a != b {
                    parent.insert(a.max(b), a.min(b));
                }
            }
        }
        let vars: Vec<usize> = parent.keys().copied().collect();
        let part_of: HashMap<usize, usize> = vars
            .into_iter()
            .map(|v| (v, root(&mut parent, v)))
            .collect();
        let mut part_constraints: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, c) in pending.iter().enumerate() {
            if let Some(&(v, _)) = c.expr.first() {
                part_constraints.entry(part_of[&v]).or_default().push(i);
            }
        }
        Reduced {
            fixed,
            constraints: pending,
            part_of,
            part_constraints,
            bound: model.bound,
            consistent,
        }
    }

    /// The smallest and largest whole-number values of `expr`.
    pub fn range(&self, expr: &Expr) -> Option<(f64, f64)> {
        let (free, constant) = substitute(expr, 0.0, &self.fixed);

        // `substitute` moves the fixed part to the right-hand side: the figure is -constant
        // plus the free part.
        let base = -constant;
        if free.is_empty() {
            return Some((base, base));
        }
        let parts: BTreeSet<usize> = free
            .iter()
            .filter_map(|(v, _)| self.part_of.get(v).copied())
            .collect();
        let constraints: Vec<&Constraint> = parts
            .iter()
            .flat_map(|p| self.part_constraints.get(p).into_iter().flatten())
            .map(|&i| &self.constraints[i])
            .collect();
        let mut vars: BTreeSet<usize> = free.iter().map(|&(v, _)| v).collect();
        for c in &constraints {
            vars.extend(c.expr.iter().map(|&(v, _)| v));
        }
        let vars: Vec<usize> = vars.into_iter().collect();
        let low = self.extreme(&free, &vars, &constraints, OptimizationDirection::Minimize)?;
        let high = self.extreme(&free, &vars, &constraints, OptimizationDirection::Maximize)?;
        Some((base + low, base + high))
    }

    /// For a set of figures, values each is seen to take at whole-number extremes of their
    /// sum (pushed all up, then all down), with the true values: ranges inside their true
    /// ranges, found with two linear programmes per part instead of two per figure.
    pub fn witnesses(&self, figures: &[(u32, &Expr, f64)]) -> HashMap<u32, (f64, f64)> {
        let mut seen: HashMap<u32, (f64, f64)> =
            figures.iter().map(|&(f, _, v)| (f, (v, v))).collect();
        // Figures by the parts they touch.
        let mut groups: BTreeMap<BTreeSet<usize>, Vec<(u32, Expr, f64)>> = BTreeMap::new();
        for &(f, expr, _) in figures {
            let (free, constant) = substitute(expr, 0.0, &self.fixed);
            let parts: BTreeSet<usize> = free
                .iter()
                .filter_map(|(v, _)| self.part_of.get(v).copied())
                .collect();
            if !parts.is_empty() {
                groups.entry(parts).or_default().push((f, free, -constant));
            }
        }
        for (parts, members) in groups {
            let constraints: Vec<&Constraint> = parts
                .iter()
                .flat_map(|p| self.part_constraints.get(p).into_iter().flatten())
                .map(|&i| &self.constraints[i])
                .collect();
            let mut vars: BTreeSet<usize> = BTreeSet::new();
            for c in &constraints {
                vars.extend(c.expr.iter().map(|&(v, _)| v));
            }
            for (_, free, _) in &members {
                vars.extend(free.iter().map(|&(v, _)| v));
            }
            let vars: Vec<usize> = vars.into_iter().collect();
            let objective: Expr = members
                .iter()
                .flat_map(|(_, free, _)| free.iter().copied())
                .collect();
            for direction in [
                OptimizationDirection::Maximize,
                OptimizationDirection::Minimize,
            ] {
                let Some(values) = self.vertex(&objective, &vars, &constraints, direction) else {
                    continue;
                };
                for (f, free, base) in &members {
                    let x = base + free.iter().map(|(v, k)| k * values[v]).sum::<f64>();
                    if let Some(range) = seen.get_mut(f) {
                        range.0 = range.0.min(x.round());
                        range.1 = range.1.max(x.round());
                    }
                }
            }
        }
        seen
    }

    /// A whole-number optimal vertex of the linear programme, if the optimum found is one.
    fn vertex(
        &self,
        objective: &Expr,
        vars: &[usize],
        constraints: &[&Constraint],
        direction: OptimizationDirection,
    ) -> Option<HashMap<usize, f64>> {
        let mut problem = Problem::new(direction);
        let mut coefficients: HashMap<usize, f64> = HashMap::new();
        for &(v, k) in objective {
            *coefficients.entry(v).or_insert(0.0) += k;
        }
        let index: HashMap<usize, usize> = vars.iter().enumerate().map(|(i, &v)| (v, i)).collect();
        let handles: Vec<_> = vars
            .iter()
            .map(|v| {
                problem.add_var(
                    coefficients.get(v).copied().unwrap_or(0.0),
                    (0.0, self.bound),
                )
            })
            .collect();
        for c in constraints {
            let expr: Vec<_> = c
                .expr
                .iter()
                .map(|&(v, k)| (handles[index[&v]], k))
                .collect();
            let op = match c.op {
                Op::Eq => ComparisonOp::Eq,
                Op::Ge => ComparisonOp::Ge,
            };
            problem.add_constraint(expr.as_slice(), op, c.rhs);
        }
        let solution = problem.solve().ok()?.into_solution().ok()?;
        let values: HashMap<usize, f64> = vars
            .iter()
            .zip(&handles)
            .map(|(&v, &h)| (v, solution.var_value(h)))
            .collect();
        values
            .values()
            .all(|x| (x - x.round()).abs() < EPSILON)
            .then_some(values)
    }

    fn extreme(
        &self,
        objective: &Expr,
        vars: &[usize],
        constraints: &[&Constraint],
        direction: OptimizationDirection,
    ) -> Option<f64> {
        let solve = |integer: bool| -> Option<(f64, bool)> {
            let mut problem = Problem::new(direction);
            let coefficients: HashMap<usize, f64> =
                objective
                    .iter()
                    .copied()
                    .fold(HashMap::new(), |mut m, (v, k)| {
                        *m.entry(v).or_insert(0.0) += k;
                        m
                    });
            let index: HashMap<usize, usize> =
                vars.iter().enumerate().map(|(i, &v)| (v, i)).collect();
            let handles: Vec<_> = vars
                .iter()
                .map(|v| {
                    let k = coefficients.get(v).copied().unwrap_or(0.0);
                    if integer {
                        problem.add_integer_var(k, (0, self.bound as i32))
                    } else {
                        problem.add_var(k, (0.0, self.bound))
                    }
                })
                .collect();
            for c in constraints {
                let expr: Vec<_> = c
                    .expr
                    .iter()
                    .map(|&(v, k)| (handles[index[&v]], k))
                    .collect();
                let op = match c.op {
                    Op::Eq => ComparisonOp::Eq,
                    Op::Ge => ComparisonOp::Ge,
                };
                problem.add_constraint(expr.as_slice(), op, c.rhs);
            }
            let solution = problem.solve().ok()?.into_solution().ok()?;
            let whole = handles.iter().all(|&h| {
                let x = solution.var_value(h);
                (x - x.round()).abs() < EPSILON
            });
            Some((solution.objective(), whole))
        };
        let (value, whole) = solve(false)?;
        let value = if whole { value } else { solve(true)?.0 };
        Some(match direction {
            OptimizationDirection::Minimize => (value - EPSILON).ceil(),
            OptimizationDirection::Maximize => (value + EPSILON).floor(),
        })
    }
}

/// The expression's free part, and `rhs` less its fixed part.
fn substitute(expr: &Expr, rhs: f64, fixed: &HashMap<usize, f64>) -> (Expr, f64) {
    let mut free: BTreeMap<usize, f64> = BTreeMap::new();
    let mut rhs = rhs;
    for &(v, k) in expr {
        match fixed.get(&v) {
            Some(&x) => rhs -= k * x,
            None => *free.entry(v).or_insert(0.0) += k,
        }
    }
    (
        free.into_iter().filter(|(_, k)| k.abs() > 1e-12).collect(),
        rhs,
    )
}
