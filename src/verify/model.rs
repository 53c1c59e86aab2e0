//! The reader's model of an audit: the children's cross-classification by every dimension the
//! published figures use, as counts the reader does not know.
//!
//! The full cross-classification is far too large to write down, so the model keeps only the
//! joint counts of cliques of dimensions that figures use together, chosen so that they form a
//! junction tree (a triangulation of the graph of dimensions that appear in one figure). For
//! such a tree, clique tables that agree on their shared dimensions always come from some
//! table of children, so the model allows exactly the tables of children the reader cannot
//! rule out, no more and no fewer, while staying small.
//!
//! What the reader is assumed to know besides the figures:
//! - every count is a whole number of at least 0, and every table counts the same children;
//! - dimensions whose "not recorded" children are the same children (a fact of the register)
//!   are tied through a shared "recorded" dimension;
//! - a multi-category field (services) lets a child have any number of its codes, and its
//!   derived "only this code" dimension is exactly what its name says. Such a field is kept
//!   as per-cell totals with the inequalities that are exactly the tables of children possible.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::analyse::register::{
    AtomSet, DimId, DimKind, MEMBER_NO, MEMBER_YES, ONLY_NO, ONLY_NONE, ONLY_YES, Population,
    Register,
};

/// A vertex of the model's graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Vertex {
    Dim(DimId),
    /// A multi-category field, with its members and derived dimension.
    Block(u16),
    /// "Recorded or not", shared by the dimensions of a fact (atoms: recorded, not recorded).
    Recorded(usize),
}

const RECORDED: u16 = 0;
const NOT_RECORDED: u16 = 1;

/// A figure's population in the model's terms.
#[derive(Debug, Clone, Default)]
struct Scoped {
    /// Conditions on enumerated vertices.
    plain: BTreeMap<Vertex, AtomSet>,
    /// Conditions on a block's dimensions.
    block: Option<(u16, Vec<(DimId, AtomSet)>)>,
}

impl Scoped {
    fn vertices(&self) -> BTreeSet<Vertex> {
        let mut v: BTreeSet<Vertex> = self.plain.keys().copied().collect();
        if let Some((b, _)) = &self.block {
            v.insert(Vertex::Block(*b));
        }
        v
    }
}

/// A linear expression over the model's variables.
pub type Expr = Vec<(usize, f64)>;

/// A constraint: `expr` compared with `rhs`.
#[derive(Debug, Clone)]
pub struct Constraint {
    pub expr: Expr,
    pub op: Op,
    pub rhs: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    /// expr >= rhs
    Ge,
}

/// The model: variables (all whole numbers from 0 to the sample size), constraints, and each
/// figure as an expression.
#[derive(Debug, Clone)]
pub struct Model {
    pub variables: usize,
    pub constraints: Vec<Constraint>,
    /// By figure id; `None` for the whole sample.
    pub figures: Vec<Option<Expr>>,
    pub bound: f64,
}

/// Why the model could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmodelled {
    pub figure: u32,
    pub why: String,
}

/// One clique of the junction tree, with its cells.
struct Clique {
    vertices: Vec<Vertex>,
    /// The enumerated vertices' atoms of each cell (in `vertices` order, blocks left out).
    cells: Vec<Vec<u16>>,
    /// Each cell's count, as an expression.
    counts: Vec<Expr>,
    /// For a clique holding a block: per cell, the variable of each member's "yes" count, and
    /// the only-one variables (yes, no, none) if the block has them.
    block: Option<BlockVars>,
}

struct BlockVars {
    members: Vec<(DimId, Vec<usize>)>,
    only: Option<OnlyVars>,
}

/// An only-one dimension's variables in each cell: (yes, no, none).
struct OnlyVars {
    dim: DimId,
    /// The member dimension it names.
    member: DimId,
    slots: [Vec<usize>; 3],
}

impl Model {
    pub fn build(register: &Register) -> Result<Model, Unmodelled> {
        Builder::new(register).build()
    }
}

struct Builder<'r> {
    register: &'r Register,
    /// Dimension -> its fact, if any.
    fact_of: HashMap<DimId, usize>,
    /// Dimension -> its block, if any.
    block_of: HashMap<DimId, u16>,
}

impl<'r> Builder<'r> {
    fn new(register: &'r Register) -> Builder<'r> {
        let mut fact_of = HashMap::new();
        for (f, fact) in register.facts.iter().enumerate() {
            for &d in &fact.dims {
                fact_of.insert(d, f);
            }
        }
        let mut block_of = HashMap::new();
        for (id, dim) in register.dims.iter().enumerate() {
            match dim.kind {
                DimKind::Member { block } | DimKind::OnlyOne { block, .. } => {
                    block_of.insert(id as DimId, block);
                }
                DimKind::Partition => {}
            }
        }
        Builder {
            register,
            fact_of,
            block_of,
        }
    }

    fn atoms(&self, v: Vertex) -> usize {
        match v {
            Vertex::Dim(d) => self.register.dim(d).atoms.len(),
            Vertex::Recorded(_) => 2,
            Vertex::Block(_) => 1,
        }
    }

    /// A population in the model's terms: "recorded" or "not recorded" on a dimension of a
    /// fact becomes a condition on the fact's shared dimension.
    fn scope(&self, figure: u32, population: &Population) -> Result<Scoped, Unmodelled> {
        let mut scoped = Scoped::default();
        for c in population.conditions() {
            let dim = self.register.dim(c.dim);
            if c.atoms == dim.all() {
                continue;
            }
            if let Some(&b) = self.block_of.get(&c.dim) {
                let entry = scoped.block.get_or_insert((b, Vec::new()));
                if entry.0 != b {
                    return Err(Unmodelled {
                        figure,
                        why: "it counts children by two multi-category fields at once".into(),
                    });
                }
                entry.1.push((c.dim, c.atoms));
                continue;
            }
            if let (Some(&f), Some(missing)) = (self.fact_of.get(&c.dim), dim.missing) {
                let latent = if c.atoms == AtomSet::single(missing) {
                    Some(NOT_RECORDED)
                } else if c.atoms == dim.recorded() {
                    Some(RECORDED)
                } else {
                    None
                };
                if let Some(l) = latent {
                    let at = scoped
                        .plain
                        .entry(Vertex::Recorded(f))
                        .or_insert(AtomSet::first(2));
                    *at = at.intersect(AtomSet::single(l));
                    continue;
                }
            }
            let at = scoped.plain.entry(Vertex::Dim(c.dim)).or_insert(dim.all());
            *at = at.intersect(c.atoms);
        }
        // A "recorded" condition implied by a condition on one of the fact's dimensions says
        // nothing more: drop it, so the figure needs no clique joining the two.
        let implied: Vec<Vertex> = scoped
            .plain
            .iter()
            .filter_map(|(&v, &atoms)| match v {
                Vertex::Recorded(f) => {
                    let implied_by_a_dim = scoped.plain.iter().any(|(&w, &dim_atoms)| match w {
                        Vertex::Dim(d) if self.fact_of.get(&d) == Some(&f) => {
                            let dim = self.register.dim(d);
                            let status =
                                if dim.missing.is_some_and(|m| dim_atoms == AtomSet::single(m)) {
                                    Some(NOT_RECORDED)
                                } else if dim_atoms.is_subset(dim.recorded()) {
                                    Some(RECORDED)
                                } else {
                                    None
                                };
                            status.is_some_and(|s| atoms == AtomSet::single(s))
                        }
                        _ => false,
                    });
                    implied_by_a_dim.then_some(v)
                }
                _ => None,
            })
            .collect();
        for v in implied {
            scoped.plain.remove(&v);
        }
        if let Some((_, conditions)) = &scoped.block {
            let members = conditions
                .iter()
                .filter(|(d, _)| matches!(self.register.dim(*d).kind, DimKind::Member { .. }))
                .count();
            if conditions.len() > 1 || members > 1 {
                return Err(Unmodelled {
                    figure,
                    why: "it counts children by several codes of a multi-category field at once"
                        .into(),
                });
            }
        }
        Ok(scoped)
    }

    fn build(&self) -> Result<Model, Unmodelled> {
        let register = self.register;
        let scoped: Vec<Scoped> = register
            .figures
            .iter()
            .enumerate()
            .map(|(i, f)| self.scope(i as u32, &f.population))
            .collect::<Result<_, _>>()?;
        let relevant: Vec<bool> = register
            .figures
            .iter()
            .map(|f| f.published || f.status.hidden())
            .collect();

        // The graph: dimensions used together in a figure are joined, as is each dimension of
        // a fact with the fact's shared dimension.
        let mut vertices: BTreeSet<Vertex> = BTreeSet::new();
        let mut edges: BTreeSet<(Vertex, Vertex)> = BTreeSet::new();
        let join = |a: Vertex, b: Vertex, edges: &mut BTreeSet<(Vertex, Vertex)>| {
            if a != b {
                edges.insert((a.min(b), a.max(b)));
            }
        };
        for (s, _) in scoped.iter().zip(&relevant).filter(|(_, r)| **r) {
            let vs: Vec<Vertex> = s.vertices().into_iter().collect();
            vertices.extend(vs.iter().copied());
            for i in 0..vs.len() {
                for j in i + 1..vs.len() {
                    join(vs[i], vs[j], &mut edges);
                }
            }
        }
        for (f, fact) in register.facts.iter().enumerate() {
            let used: Vec<Vertex> = fact
                .dims
                .iter()
                .map(|&d| Vertex::Dim(d))
                .filter(|v| vertices.contains(v))
                .collect();
            if used.is_empty() && !vertices.contains(&Vertex::Recorded(f)) {
                continue;
            }
            vertices.insert(Vertex::Recorded(f));
            for v in used {
                join(v, Vertex::Recorded(f), &mut edges);
            }
        }
        // A block is kept as totals per cell of its clique, so it must sit in exactly one
        // clique: join all its neighbours.
        for &v in &vertices {
            if let Vertex::Block(_) = v {
                let neighbours: Vec<Vertex> = edges
                    .iter()
                    .filter_map(|&(a, b)| {
                        if a == v {
                            Some(b)
                        } else if b == v {
                            Some(a)
                        } else {
                            None
                        }
                    })
                    .collect();
                for i in 0..neighbours.len() {
                    for j in i + 1..neighbours.len() {
                        join(neighbours[i], neighbours[j], &mut edges);
                    }
                }
            }
        }
        let vertices: Vec<Vertex> = vertices.into_iter().collect();
        let cliques = super::junction::cliques(&vertices, &edges, |v| self.atoms(v));
        let tree = super::junction::tree(&cliques);

        let mut variables = 0usize;
        let mut built: Vec<Clique> = cliques
            .iter()
            .map(|vs| self.clique(vs, &mut variables))
            .collect();
        let mut constraints = Vec::new();
        for clique in &built {
            block_constraints(clique, &mut constraints);
        }
        let n = register.children as f64;
        // Neighbouring cliques agree on what they share.
        for &(a, b) in &tree.edges {
            let shared: Vec<Vertex> = cliques[a]
                .iter()
                .filter(|v| cliques[b].contains(v) && !matches!(v, Vertex::Block(_)))
                .copied()
                .collect();
            let project = |c: &Clique| {
                let positions: Vec<usize> = shared
                    .iter()
                    .map(|v| {
                        c.vertices
                            .iter()
                            .filter(|w| !matches!(w, Vertex::Block(_)))
                            .position(|w| w == v)
                            .unwrap_or(0)
                    })
                    .collect();
                let mut sums: BTreeMap<Vec<u16>, Expr> = BTreeMap::new();
                for (cell, count) in c.cells.iter().zip(&c.counts) {
                    let key: Vec<u16> = positions.iter().map(|&p| cell[p]).collect();
                    sums.entry(key).or_default().extend(count.iter().copied());
                }
                sums
            };
            let (left, right) = (project(&built[a]), project(&built[b]));
            let keys: BTreeSet<&Vec<u16>> = left.keys().chain(right.keys()).collect();
            for key in keys {
                let mut expr: Expr = left.get(key).cloned().unwrap_or_default();
                expr.extend(right.get(key).into_iter().flatten().map(|&(v, c)| (v, -c)));
                constraints.push(Constraint {
                    expr,
                    op: Op::Eq,
                    rhs: 0.0,
                });
            }
        }
        // Every tree of the forest counts every child.
        for root in &tree.roots {
            constraints.push(Constraint {
                expr: built[*root].counts.iter().flatten().copied().collect(),
                op: Op::Eq,
                rhs: n,
            });
        }
        // Each figure, in the smallest clique holding its dimensions.
        let mut figures = Vec::with_capacity(scoped.len());
        for (i, s) in scoped.iter().enumerate() {
            if !relevant[i] {
                figures.push(None);
                continue;
            }
            let needed = s.vertices();
            if needed.is_empty() {
                figures.push(None);
                continue;
            }
            let home = (0..built.len())
                .filter(|&c| needed.iter().all(|v| cliques[c].contains(v)))
                .min_by_key(|&c| (built[c].cells.len(), c));
            let Some(home) = home else {
                return Err(Unmodelled {
                    figure: i as u32,
                    why: "no clique holds all its dimensions".into(),
                });
            };
            figures.push(Some(self.expression(&mut built[home], s)));
        }
        for (i, f) in register.figures.iter().enumerate() {
            if f.status.hidden() {
                continue;
            }
            if let Some(expr) = &figures[i] {
                constraints.push(Constraint {
                    expr: expr.clone(),
                    op: Op::Eq,
                    rhs: f.count as f64,
                });
            }
        }
        Ok(Model {
            variables,
            constraints,
            figures,
            bound: n,
        })
    }

    /// A clique's cells (every combination of its vertices' atoms that the facts allow) and a
    /// variable for each cell's count, or a block's per-cell variables.
    fn clique(&self, vertices: &[Vertex], variables: &mut usize) -> Clique {
        let plain: Vec<Vertex> = vertices
            .iter()
            .filter(|v| !matches!(v, Vertex::Block(_)))
            .copied()
            .collect();
        let mut cells: Vec<Vec<u16>> = vec![Vec::new()];
        for &v in &plain {
            let n = self.atoms(v) as u16;
            cells = cells
                .into_iter()
                .flat_map(|cell| {
                    (0..n).map(move |a| {
                        let mut next = cell.clone();
                        next.push(a);
                        next
                    })
                })
                .collect();
        }
        cells.retain(|cell| self.consistent(&plain, cell));
        let block = vertices.iter().find_map(|v| match v {
            Vertex::Block(b) => Some(*b),
            _ => None,
        });
        let mut fresh = || {
            let v = *variables;
            *variables += 1;
            v
        };
        match block {
            None => {
                let counts = cells.iter().map(|_| vec![(fresh(), 1.0)]).collect();
                Clique {
                    vertices: vertices.to_vec(),
                    cells,
                    counts,
                    block: None,
                }
            }
            Some(b) => {
                let spec = &self.register.blocks[b as usize];
                let only = spec.only.map(|dim| {
                    let mut slots: [Vec<usize>; 3] = Default::default();
                    for _ in &cells {
                        for slot in slots.iter_mut() {
                            slot.push(fresh());
                        }
                    }
                    let member = match self.register.dim(dim).kind {
                        DimKind::OnlyOne { member, .. } => member,
                        _ => dim,
                    };
                    OnlyVars { dim, member, slots }
                });
                let totals: Vec<usize> = if only.is_none() {
                    cells.iter().map(|_| fresh()).collect()
                } else {
                    Vec::new()
                };
                let members = spec
                    .members
                    .iter()
                    .map(|&m| (m, cells.iter().map(|_| fresh()).collect()))
                    .collect();
                let counts = (0..cells.len())
                    .map(|i| match &only {
                        Some(o) => o.slots.iter().map(|s| (s[i], 1.0)).collect(),
                        None => vec![(totals[i], 1.0)],
                    })
                    .collect();
                Clique {
                    vertices: vertices.to_vec(),
                    cells,
                    counts,
                    block: Some(BlockVars { members, only }),
                }
            }
        }
    }

    /// Whether a combination of atoms can hold children: dimensions of a fact are recorded, or
    /// not, together with the fact's shared dimension.
    fn consistent(&self, vertices: &[Vertex], cell: &[u16]) -> bool {
        let mut status: HashMap<usize, bool> = HashMap::new();
        for (v, &a) in vertices.iter().zip(cell) {
            let (fact, recorded) = match *v {
                Vertex::Recorded(f) => (f, a == RECORDED),
                Vertex::Dim(d) => match (self.fact_of.get(&d), self.register.dim(d).missing) {
                    (Some(&f), Some(missing)) => (f, a != missing),
                    _ => continue,
                },
                Vertex::Block(_) => continue,
            };
            if *status.entry(fact).or_insert(recorded) != recorded {
                return false;
            }
        }
        true
    }

    /// A figure as the sum of its clique's cells that meet its conditions.
    fn expression(&self, clique: &mut Clique, s: &Scoped) -> Expr {
        let plain: Vec<Vertex> = clique
            .vertices
            .iter()
            .filter(|v| !matches!(v, Vertex::Block(_)))
            .copied()
            .collect();
        let mut expr = Expr::new();
        for (i, cell) in clique.cells.iter().enumerate() {
            let meets = plain
                .iter()
                .zip(cell)
                .all(|(v, &a)| s.plain.get(v).is_none_or(|atoms| atoms.contains(a)));
            if !meets {
                continue;
            }
            let Some((_, conditions)) = &s.block else {
                expr.extend(clique.counts[i].iter().copied());
                continue;
            };
            let Some(block) = &clique.block else {
                continue;
            };
            let (dim, atoms) = conditions[0];
            if let Some(only) = &block.only
                && only.dim == dim
            {
                for (atom, slot) in [(ONLY_YES, 0), (ONLY_NO, 1), (ONLY_NONE, 2)] {
                    if atoms.contains(atom) {
                        expr.push((only.slots[slot][i], 1.0));
                    }
                }
                continue;
            }
            if let Some((_, yes)) = block.members.iter().find(|(m, _)| *m == dim) {
                let (has_yes, has_no) = (atoms.contains(MEMBER_YES), atoms.contains(MEMBER_NO));
                match (has_yes, has_no) {
                    (true, true) => expr.extend(clique.counts[i].iter().copied()),
                    (true, false) => expr.push((yes[i], 1.0)),
                    (false, true) => {
                        expr.extend(clique.counts[i].iter().copied());
                        expr.push((yes[i], -1.0));
                    }
                    (false, false) => {}
                }
            }
        }
        expr
    }
}

/// What a multi-category field allows in each cell. With an "only this code" dimension, a
/// child is "only" (exactly that code), "none" (no code) or "other" (any other non-empty set):
/// so the code's count lies between the "only" children and those plus the "other" ones; each
/// other code is held by at most the "other" children; and every "other" child holds at least
/// one other code. These are exactly the per-code counts some set of children can have.
fn block_constraints(clique: &Clique, constraints: &mut Vec<Constraint>) {
    let Some(block) = &clique.block else {
        return;
    };
    let at_least = |expr: Expr| Constraint {
        expr,
        op: Op::Ge,
        rhs: 0.0,
    };
    for i in 0..clique.cells.len() {
        match &block.only {
            Some(only) => {
                let (yes, other) = (only.slots[0][i], only.slots[1][i]);
                let mut others: Expr = Vec::new();
                for (dim, vars) in &block.members {
                    let code = vars[i];
                    if *dim == only.member {
                        constraints.push(at_least(vec![(code, 1.0), (yes, -1.0)]));
                        constraints.push(at_least(vec![(yes, 1.0), (other, 1.0), (code, -1.0)]));
                    } else {
                        constraints.push(at_least(vec![(other, 1.0), (code, -1.0)]));
                        others.push((code, 1.0));
                    }
                }
                others.push((other, -1.0));
                constraints.push(at_least(others));
            }
            None => {
                for (_, vars) in &block.members {
                    let mut expr = clique.counts[i].clone();
                    expr.push((vars[i], -1.0));
                    constraints.push(at_least(expr));
                }
            }
        }
    }
}
