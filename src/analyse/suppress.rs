//! Secondary suppression over an audit's whole register.
//!
//! Counts from 1 up to the audience's threshold are hidden (primary suppression). Then more
//! figures are hidden until every hidden small count is protected with a width: whatever else
//! is published, the reader can narrow it to no fewer than `threshold + 1` whole numbers, and
//! no hidden figure can be worked out exactly. The reader is assumed to know every published
//! figure of the audit and the lines that link them: a total is the sum of its parts, within a
//! table and across tables, because every table counts the same children.
//!
//! The lines are found from the figures' populations, not from the tables that show them, so
//! two tables that share a margin, or that split the same children in two ways, are linked.
//! Cheap rules come first (a line never hides just one figure; the hidden cells of a line with
//! a small count add up to more than the threshold; a small hidden total hides its zeros), then
//! each hidden figure's range is worked out by linear programming and any that is too narrow
//! gets one more partner, until none is.
//!
//! The build checks the result with an independent verifier (`crate::verify`) that shares no
//! code with this module.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use super::disclosure::Rule;
use super::register::{AtomSet, DimId, DimKind, FigureId, Population, Register, Status};

/// A total and the parts that add up to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Line {
    pub total: FigureId,
    pub parts: Vec<FigureId>,
}

impl Line {
    fn members(&self) -> impl Iterator<Item = FigureId> + '_ {
        std::iter::once(self.total).chain(self.parts.iter().copied())
    }
}

/// The atoms a population's children can take in `dim`: its own condition on `dim`, or those
/// the facts leave (only "recorded" ones, say, among children who are looked after).
fn allowed(register: &Register, population: &Population, dim: DimId) -> AtomSet {
    if let Some(atoms) = population.on(dim) {
        return atoms;
    }
    let d = register.dim(dim);
    if let Some(fact) = register.fact_of(dim) {
        let first = fact.dims[0];
        if let Some(atoms) = population.on(first) {
            let f = register.dim(first);
            if let Some(missing) = f.missing {
                if atoms == AtomSet::single(missing) {
                    return d.missing.map_or(AtomSet::EMPTY, AtomSet::single);
                }
                if atoms.is_subset(f.recorded()) {
                    return d.recorded();
                }
            }
        }
    }
    d.all()
}

/// Every line of the register: a figure equals the sum of the figures that split its children
/// by one dimension, where every part is registered.
pub fn lines(register: &Register) -> Vec<Line> {
    // (the population without one dimension's condition, that dimension) -> (its atoms, figure)
    let mut buckets: BTreeMap<(Population, DimId), Vec<(AtomSet, FigureId)>> = BTreeMap::new();
    for (id, figure) in register.figures.iter().enumerate() {
        for c in figure.population.conditions() {
            if matches!(register.dim(c.dim).kind, DimKind::Member { .. }) {
                continue;
            }
            buckets
                .entry((figure.population.with(c.dim, None), c.dim))
                .or_default()
                .push((c.atoms, id as FigureId));
        }
    }
    let mut found = BTreeSet::new();
    for ((rest, dim), entries) in &buckets {
        let singles: HashMap<u16, FigureId> = entries
            .iter()
            .filter(|(atoms, _)| atoms.len() == 1)
            .filter_map(|(atoms, id)| atoms.atoms().next().map(|a| (a, *id)))
            .collect();
        let mut totals: Vec<(AtomSet, FigureId)> = entries
            .iter()
            .filter(|(atoms, _)| atoms.len() > 1)
            .copied()
            .collect();
        if let Some(whole) = register.find(rest) {
            let population = &register.get(whole).population;
            totals.push((allowed(register, population, *dim), whole));
        }
        let by_atoms: HashMap<AtomSet, FigureId> = entries.iter().map(|&(a, f)| (a, f)).collect();
        for (atoms, total) in totals {
            let parts: Option<Vec<FigureId>> =
                atoms.atoms().map(|a| singles.get(&a).copied()).collect();
            if let Some(parts) = parts
                && parts.len() > 1
                && !parts.contains(&total)
            {
                found.insert(Line { total, parts });
            }
            // Two figures that split the total's children between them ("looked after" and
            // "not looked after" in a need group, say).
            for (&part, &f) in &by_atoms {
                let rest_atoms = atoms.minus(part);
                if part.is_subset(atoms)
                    && !rest_atoms.is_empty()
                    && part < rest_atoms
                    && let Some(&g) = by_atoms.get(&rest_atoms)
                    && f != total
                    && g != total
                {
                    found.insert(Line {
                        total,
                        parts: vec![f, g],
                    });
                }
            }
        }
    }
    found.into_iter().collect()
}

/// An inequality a reader knows between figures: the sum of the terms is at least 0.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub struct Inequality {
    pub terms: Vec<(FigureId, f64)>,
}

/// The inequalities that a multi-category field puts between figures: a count of children
/// with a code is at most the count of the children it is taken from; and where a field has
/// an "only this code" split, the code's count lies between the "only" children and those plus
/// the "other" ones, every other code is held by at most the "other" children, and each of
/// those holds at least one other code.
pub fn inequalities(register: &Register) -> Vec<Inequality> {
    let mut found = Vec::new();
    // (the population without its block condition) -> (dimension, atoms) -> figure
    let mut by_rest: BTreeMap<Population, BTreeMap<(DimId, AtomSet), FigureId>> = BTreeMap::new();
    for (id, figure) in register.figures.iter().enumerate() {
        for c in figure.population.conditions() {
            let kind = register.dim(c.dim).kind;
            if matches!(kind, DimKind::Member { .. } | DimKind::OnlyOne { .. }) {
                by_rest
                    .entry(figure.population.with(c.dim, None))
                    .or_default()
                    .insert((c.dim, c.atoms), id as FigureId);
            }
        }
    }
    for (rest, figures) in &by_rest {
        let whole = register.find(rest);
        for (&(dim, atoms), &f) in figures {
            if let (DimKind::Member { .. }, Some(whole)) = (register.dim(dim).kind, whole)
                && atoms == AtomSet::single(super::register::MEMBER_YES)
            {
                found.push(Inequality {
                    terms: vec![(whole, 1.0), (f, -1.0)],
                });
            }
        }
        for block in &register.blocks {
            let Some(only) = block.only else { continue };
            let DimKind::OnlyOne { member, .. } = register.dim(only).kind else {
                continue;
            };
            let get = |dim: DimId, atom: u16| figures.get(&(dim, AtomSet::single(atom))).copied();
            let (Some(yes), Some(other)) = (
                get(only, super::register::ONLY_YES),
                get(only, super::register::ONLY_NO),
            ) else {
                continue;
            };
            let code = |m: DimId| get(m, super::register::MEMBER_YES);
            if let Some(worker) = code(member) {
                found.push(Inequality {
                    terms: vec![(worker, 1.0), (yes, -1.0)],
                });
                found.push(Inequality {
                    terms: vec![(yes, 1.0), (other, 1.0), (worker, -1.0)],
                });
            }
            let others: Vec<Option<FigureId>> = block
                .members
                .iter()
                .filter(|&&m| m != member)
                .map(|&m| code(m))
                .collect();
            for c in others.iter().flatten() {
                found.push(Inequality {
                    terms: vec![(other, 1.0), (*c, -1.0)],
                });
            }
            if others.iter().all(Option::is_some) {
                let mut terms: Vec<(FigureId, f64)> =
                    others.iter().flatten().map(|&c| (c, 1.0)).collect();
                terms.push((other, -1.0));
                found.push(Inequality { terms });
            }
        }
    }
    found
}

/// Decides every figure's status for `rule`, for the whole audit.
pub fn protect(register: &mut Register, rule: Rule) {
    let t = rule.suppress_up_to;
    let whole = register.everyone();
    for (id, figure) in register.figures.iter_mut().enumerate() {
        figure.status = if !figure.published {
            Status::Unpublished
        } else if t > 0 && rule.is_small(figure.count) && id as FigureId != whole {
            Status::Primary
        } else {
            Status::Shown
        };
    }
    if t == 0 {
        return;
    }
    let lines = lines(register);
    let inequalities = inequalities(register);
    let mut state = State::new(register, &lines, &inequalities, t, whole);
    state.resolve_unpublished();
    // Each round hides at least one more figure, so this ends; the bound only guards the build.
    for _ in 0..register.figures.len() + 1 {
        state.apply_line_rules();
        let Some((figure, need)) = state.first_failure() else {
            break;
        };
        if !state.widen(figure, need) {
            // Nothing near it is left to hide; the verifier will name it and stop the build.
            break;
        }
    }
    state.blur_zeros();
    state.reveal_exact();
    for (figure, status) in register.figures.iter_mut().zip(state.status) {
        figure.status = status;
    }
}

struct State<'a> {
    counts: Vec<u64>,
    published: Vec<bool>,
    status: Vec<Status>,
    lines: &'a [Line],
    inequalities: &'a [Inequality],
    /// The lines each figure is in.
    lines_of: Vec<Vec<usize>>,
    /// The inequalities each figure is in.
    inequalities_of: Vec<Vec<usize>>,
    /// How many lines each figure is the total of: hiding a total hides a margin others use.
    total_of: Vec<usize>,
    threshold: u64,
    whole: FigureId,
    /// Figures found wide enough. Hiding more only ever widens a range, so they stay so.
    passed: Vec<bool>,
    /// Zeros hidden because their line's small total is: they must not be worked out, or the
    /// reader would know which category the few children are in.
    blurring: Vec<bool>,
    /// Unpublished figures the reader can work out anyway (the empty cells of a category no
    /// child is in): constants, not unknowns, so they do not join unrelated figures.
    known: Vec<bool>,
}

impl<'a> State<'a> {
    fn new(
        register: &Register,
        lines: &'a [Line],
        inequalities: &'a [Inequality],
        threshold: u64,
        whole: FigureId,
    ) -> State<'a> {
        let n = register.figures.len();
        let mut lines_of = vec![Vec::new(); n];
        let mut inequalities_of = vec![Vec::new(); n];
        let mut total_of = vec![0; n];
        for (i, line) in lines.iter().enumerate() {
            for f in line.members() {
                lines_of[f as usize].push(i);
            }
            total_of[line.total as usize] += 1;
        }
        for (i, inequality) in inequalities.iter().enumerate() {
            for &(f, _) in &inequality.terms {
                inequalities_of[f as usize].push(i);
            }
        }
        State {
            counts: register.figures.iter().map(|f| f.count).collect(),
            published: register.figures.iter().map(|f| f.published).collect(),
            status: register.figures.iter().map(|f| f.status).collect(),
            lines,
            inequalities,
            lines_of,
            inequalities_of,
            total_of,
            threshold,
            whole,
            passed: vec![false; n],
            known: vec![false; n],
            blurring: vec![false; n],
        }
    }

    /// Whether the reader does not know the figure's value.
    fn hidden(&self, f: FigureId) -> bool {
        self.status[f as usize].hidden() && !self.known[f as usize]
    }

    /// Marks the unpublished figures that published ones pin down: the unknown parts of a line
    /// whose known total is used up by its known parts (all 0), and the only unknown of a line.
    fn resolve_unpublished(&mut self) {
        loop {
            let mut changed = false;
            for line in self.lines {
                let unknown: Vec<FigureId> = line.members().filter(|&f| self.hidden(f)).collect();
                let known_parts: u64 = line
                    .parts
                    .iter()
                    .filter(|&&p| !self.hidden(p))
                    .map(|&p| self.counts[p as usize])
                    .sum();
                let used_up =
                    !self.hidden(line.total) && self.counts[line.total as usize] == known_parts;
                let pinned: Vec<FigureId> = if used_up || unknown.len() == 1 {
                    unknown
                } else {
                    Vec::new()
                };
                for f in pinned {
                    if self.status[f as usize] == Status::Unpublished && !self.small(f) {
                        self.known[f as usize] = true;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn small(&self, f: FigureId) -> bool {
        (1..=self.threshold).contains(&self.counts[f as usize])
    }

    /// A figure that must be protected: a hidden published one, or an unpublished small one.
    fn guarded(&self, f: FigureId) -> bool {
        match self.status[f as usize] {
            Status::Shown => false,
            Status::Unpublished => self.small(f),
            Status::Primary | Status::Secondary => true,
        }
    }

    fn hide(&mut self, f: FigureId) {
        self.status[f as usize] = Status::Secondary;
    }

    /// The cheap rules, until none applies.
    fn apply_line_rules(&mut self) {
        loop {
            let mut changed = false;
            for i in 0..self.lines.len() {
                let line = &self.lines[i];
                let hidden: Vec<FigureId> = line.members().filter(|&f| self.hidden(f)).collect();
                if hidden.len() == 1 && self.guarded(hidden[0]) && self.small(hidden[0]) {
                    changed |= self.hide_another(line.members().collect(), 1);
                    continue;
                }
                // The hidden cells of a line with a small count add up to more than the
                // threshold, so the small count can move that far.
                if !self.hidden(line.total)
                    && line.parts.iter().any(|&p| self.small(p) && self.guarded(p))
                {
                    let sum: u64 = line
                        .parts
                        .iter()
                        .filter(|&&p| self.hidden(p))
                        .map(|&p| self.counts[p as usize])
                        .sum();
                    if sum <= self.threshold {
                        // Only parts with children add room; failing those, the total.
                        let with_children: Vec<FigureId> = line
                            .parts
                            .iter()
                            .copied()
                            .filter(|&p| self.counts[p as usize] > 0)
                            .collect();
                        let need = self.threshold + 1 - sum;
                        changed |= self.hide_another(with_children, need)
                            || self.hide_another(vec![line.total], need);
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// Hides one more shown figure of `candidates`; see [`State::pick`]. False if there is
    /// none to hide.
    fn hide_another(&mut self, candidates: Vec<FigureId>, need: u64) -> bool {
        let ranked: Vec<(FigureId, usize)> = candidates.into_iter().map(|f| (f, 0)).collect();
        match self.pick(&ranked, need) {
            Some(f) => {
                self.hide(f);
                true
            }
            None => false,
        }
    }

    /// The best shown figure of `candidates` (each with how far it is from the figure being
    /// protected) to hide, preferring, in order: one with children (a hidden zero must itself
    /// be protected, and protects nothing downwards); an inner cell over a total other tables
    /// use (hiding a margin spreads through every table that shows it); a nearer one; one with
    /// at least `need` children; one that also completes a line; the smallest.
    fn pick(&self, candidates: &[(FigureId, usize)], need: u64) -> Option<FigureId> {
        candidates
            .iter()
            .filter(|&&(f, _)| self.status[f as usize] == Status::Shown && f != self.whole)
            .map(|&(f, distance)| {
                let count = self.counts[f as usize];
                let helps_another = self.lines_of[f as usize].iter().any(|&other| {
                    self.lines[other]
                        .members()
                        .filter(|&g| self.hidden(g))
                        .count()
                        == 1
                });
                (
                    count == 0,
                    self.total_of[f as usize],
                    distance,
                    count < need,
                    !helps_another,
                    count,
                    f,
                )
            })
            .min()
            .map(|(.., f)| f)
    }

    /// How wide a hidden figure's range must be: the threshold for a small count, 1 for a
    /// blurring zero, nothing for the rest (they are shown at the end if exact).
    fn required(&self, f: FigureId) -> u64 {
        if !self.guarded(f) {
            0
        } else if self.small(f) {
            self.threshold
        } else if self.blurring[f as usize] {
            1
        } else {
            0
        }
    }

    /// A small hidden total hides its zeros: a shown zero beside it tells which category its
    /// few children are in. Each such zero must not be workable-out; where a partner one step
    /// away (not a margin) can make it so, that partner is hidden too, and a zero that still
    /// can be worked out is shown, as hiding it would protect nothing. This runs once the small
    /// counts are protected: hiding more only widens their ranges.
    fn blur_zeros(&mut self) {
        for i in 0..self.lines.len() {
            let line = &self.lines[i];
            if self.hidden(line.total) && self.small(line.total) {
                for &p in &line.parts {
                    if self.counts[p as usize] == 0
                        && self.status[p as usize] == Status::Shown
                        && self.published[p as usize]
                    {
                        self.hide(p);
                        self.blurring[p as usize] = true;
                    }
                }
            }
        }
        let blurring = self.blurring.iter().filter(|b| **b).count();
        for _ in 0..2 * blurring + 1 {
            let Some((f, _)) = self.first_failure() else {
                break;
            };
            if !self.blurring[f as usize] || !self.widen_nearby(f) {
                self.blurring[f as usize] = false;
                if !self.small(f) {
                    self.status[f as usize] = Status::Shown;
                }
            }
        }
    }

    /// Hides a shown inner cell with children next to `f`, if there is one.
    fn widen_nearby(&mut self, f: FigureId) -> bool {
        let candidates: Vec<(FigureId, usize)> = self
            .neighbours(f)
            .into_iter()
            .filter(|&g| self.total_of[g as usize] == 0 && self.counts[g as usize] > 0)
            .map(|g| (g, 0))
            .collect();
        match self.pick(&candidates, 1) {
            Some(g) => {
                self.hide(g);
                true
            }
            None => false,
        }
    }

    /// The first hidden figure whose range is too narrow, with how much wider it must be.
    /// Two linear programmes per part (pushing its figures all up, then all down) show most
    /// wide enough at once; the rest are solved one by one.
    fn first_failure(&mut self) -> Option<(FigureId, u64)> {
        for component in self.components() {
            let unchecked: Vec<FigureId> = component
                .iter()
                .copied()
                .filter(|&f| self.required(f) > 0 && !self.passed[f as usize])
                .collect();
            if unchecked.is_empty() {
                continue;
            }
            let lp = self.component_lp(&component);
            let seen = lp.witnesses(&unchecked, &self.counts);
            for f in unchecked {
                let required = self.required(f);
                let (low, high) = seen[&f];
                let (low, high) = if high - low >= required as f64 - 1e-6 {
                    (low, high)
                } else {
                    lp.range(f, &self.counts)
                };
                let width = (high.floor() - low.ceil()).max(0.0) as u64;
                if width < required {
                    return Some((f, required - width));
                }
                self.passed[f as usize] = true;
            }
        }
        None
    }

    /// Shows every hidden figure that is not a small count and that the reader can work out
    /// exactly anyway: hiding it protects nothing, and `[c]` would promise what it cannot.
    /// Showing a figure the published ones already imply changes no other figure's range.
    fn reveal_exact(&mut self) {
        let mut exact = Vec::new();
        for component in self.components() {
            let candidates: Vec<FigureId> = component
                .iter()
                .copied()
                .filter(|&f| self.status[f as usize] == Status::Secondary && self.required(f) == 0)
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let lp = self.component_lp(&component);
            let seen = lp.witnesses(&candidates, &self.counts);
            for f in candidates {
                let (low, high) = seen[&f];
                let (low, high) = if high - low >= 1.0 - 1e-6 {
                    (low, high)
                } else {
                    lp.range(f, &self.counts)
                };
                if high.floor() - low.ceil() < 1.0 {
                    exact.push(f);
                }
            }
        }
        for f in exact {
            self.status[f as usize] = Status::Shown;
        }
    }

    /// The linear programme of a component: its hidden figures as variables, and the lines and
    /// inequalities that touch them, with shown figures as constants.
    fn component_lp(&self, component: &[FigureId]) -> ComponentLp {
        let index: HashMap<FigureId, usize> =
            component.iter().enumerate().map(|(i, &g)| (g, i)).collect();
        let mut constraints: Vec<LpConstraint> = Vec::new();
        let mut seen_lines = BTreeSet::new();
        let mut seen_inequalities = BTreeSet::new();
        let add = |signed: Vec<(FigureId, f64)>, op, constraints: &mut Vec<_>| {
            let mut terms = Vec::new();
            let mut rhs = 0.0;
            for (g, k) in signed {
                match index.get(&g) {
                    Some(&i) => terms.push((i, k)),
                    None => rhs -= k * self.counts[g as usize] as f64,
                }
            }
            constraints.push((terms, op, rhs));
        };
        for &g in component {
            for &l in &self.lines_of[g as usize] {
                if seen_lines.insert(l) {
                    let line = &self.lines[l];
                    let signed = std::iter::once((line.total, -1.0))
                        .chain(line.parts.iter().map(|&p| (p, 1.0)))
                        .collect();
                    add(signed, ComparisonOp::Eq, &mut constraints);
                }
            }
            for &i in &self.inequalities_of[g as usize] {
                if seen_inequalities.insert(i) {
                    add(
                        self.inequalities[i].terms.clone(),
                        ComparisonOp::Ge,
                        &mut constraints,
                    );
                }
            }
        }
        ComponentLp {
            index,
            constraints,
            bound: self.counts[self.whole as usize] as f64,
        }
    }

    /// Every figure a figure is linked to, by lines and inequalities.
    fn neighbours(&self, f: FigureId) -> Vec<FigureId> {
        let mut found: Vec<FigureId> = self.lines_of[f as usize]
            .iter()
            .flat_map(|&l| self.lines[l].members())
            .chain(
                self.inequalities_of[f as usize]
                    .iter()
                    .flat_map(|&i| self.inequalities[i].terms.iter().map(|&(g, _)| g)),
            )
            .filter(|&g| g != f)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The hidden figures, grouped by the lines and inequalities that link them.
    fn components(&self) -> Vec<Vec<FigureId>> {
        let n = self.status.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let groups_of_links = self
            .lines
            .iter()
            .map(|l| l.members().collect::<Vec<_>>())
            .chain(
                self.inequalities
                    .iter()
                    .map(|i| i.terms.iter().map(|&(f, _)| f).collect()),
            );
        for members in groups_of_links {
            let hidden: Vec<usize> = members
                .into_iter()
                .filter(|&f| self.hidden(f))
                .map(|f| f as usize)
                .collect();
            for pair in hidden.windows(2) {
                let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<FigureId>> = BTreeMap::new();
        for f in 0..n {
            if self.hidden(f as FigureId) {
                let r = root(&mut parent, f);
                groups.entry(r).or_default().push(f as FigureId);
            }
        }
        groups
            .into_values()
            .filter(|g| g.iter().any(|&f| self.guarded(f)))
            .collect()
    }

    /// Hides one more figure near `f` so its range can widen by `need`: among the figures
    /// linked to it, and those linked to them through hidden figures, a few steps out; an
    /// inner cell a step further away before a margin next to it.
    fn widen(&mut self, f: FigureId, need: u64) -> bool {
        // Breadth first through hidden figures, a few steps out.
        let mut candidates: Vec<(FigureId, usize)> = Vec::new();
        let mut seen: BTreeSet<FigureId> = BTreeSet::from([f]);
        let mut frontier = vec![f];
        for distance in 0..4 {
            let mut next = Vec::new();
            for g in frontier {
                for h in self.neighbours(g) {
                    if seen.insert(h) {
                        candidates.push((h, distance));
                        if self.hidden(h) {
                            next.push(h);
                        }
                    }
                }
            }
            frontier = next;
        }
        match self.pick(&candidates, need) {
            Some(g) => {
                self.hide(g);
                true
            }
            None => false,
        }
    }
}

/// Terms over a component's variables, a comparison and a right-hand side.
type LpConstraint = (Vec<(usize, f64)>, ComparisonOp, f64);

/// A component's linear programme, solved for different objectives.
struct ComponentLp {
    index: HashMap<FigureId, usize>,
    /// (terms over the component's variables, comparison, right-hand side)
    constraints: Vec<LpConstraint>,
    bound: f64,
}

impl ComponentLp {
    /// The optimum of `objective` and the values of every variable there.
    fn solve(
        &self,
        objective: &[(usize, f64)],
        direction: OptimizationDirection,
    ) -> Option<(f64, Vec<f64>)> {
        let mut problem = Problem::new(direction);
        let mut coefficients = vec![0.0; self.index.len()];
        for &(i, k) in objective {
            coefficients[i] += k;
        }
        let vars: Vec<_> = coefficients
            .iter()
            .map(|&k| problem.add_var(k, (0.0, self.bound)))
            .collect();
        for (terms, op, rhs) in &self.constraints {
            let expr: Vec<_> = terms.iter().map(|&(i, c)| (vars[i], c)).collect();
            problem.add_constraint(expr.as_slice(), *op, *rhs);
        }
        let solution = problem.solve().ok()?.into_solution().ok()?;
        Some((
            solution.objective(),
            vars.iter().map(|&v| solution.var_value(v)).collect(),
        ))
    }

    /// The smallest and largest value of one figure.
    fn range(&self, f: FigureId, counts: &[u64]) -> (f64, f64) {
        let value = counts[f as usize] as f64;
        let objective = [(self.index[&f], 1.0)];
        let low = self
            .solve(&objective, OptimizationDirection::Minimize)
            .map_or(value, |(x, _)| x);
        let high = self
            .solve(&objective, OptimizationDirection::Maximize)
            .map_or(value, |(x, _)| x);
        (low, high)
    }

    /// The values each of `figures` is seen to take in the true table and at the two extremes
    /// of their sum: a range each figure's true range contains.
    fn witnesses(&self, figures: &[FigureId], counts: &[u64]) -> HashMap<FigureId, (f64, f64)> {
        let objective: Vec<(usize, f64)> = figures.iter().map(|f| (self.index[f], 1.0)).collect();
        let mut seen: HashMap<FigureId, (f64, f64)> = figures
            .iter()
            .map(|&f| (f, (counts[f as usize] as f64, counts[f as usize] as f64)))
            .collect();
        for direction in [
            OptimizationDirection::Maximize,
            OptimizationDirection::Minimize,
        ] {
            if let Some((_, values)) = self.solve(&objective, direction) {
                for (&f, range) in seen.iter_mut() {
                    let x = values[self.index[&f]];
                    range.0 = range.0.min(x);
                    range.1 = range.1.max(x);
                }
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::data::{CaseData, Category, Field, Values};
    use crate::analyse::register::{Binning, Condition};
    use crate::model::FieldRole;

    fn cats(n: usize) -> Vec<Category> {
        (0..n)
            .map(|i| Category {
                code: format!("c{i}"),
                label: format!("C{i}"),
            })
            .collect()
    }

    /// Children with these (row, column) pairs, `counts[r][c]` of each.
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
        let field = |name: &str, n: usize, values| Field {
            name: name.into(),
            label: name.into(),
            role: if name == "rows" {
                Some(FieldRole::NeedGroup)
            } else {
                None
            },
            missing: None,
            ordered: false,
            values: Values::Category {
                categories: cats(n),
                values,
            },
        };
        CaseData {
            children: rows.len(),
            fields: vec![
                field("rows", counts.len(), rows),
                field("columns", counts[0].len(), columns),
            ],
        }
    }

    /// Registers the full two-way table with its margins.
    fn table(register: &mut Register) -> Vec<Vec<FigureId>> {
        let (r, c) = (register.dim(0).atoms.len(), register.dim(1).atoms.len());
        let cell = |dim: DimId, atom: usize| Condition {
            dim,
            atoms: AtomSet::single(atom as u16),
        };
        let mut ids = Vec::new();
        for i in 0..r {
            let mut row = Vec::new();
            for j in 0..c {
                row.push(register.figure(&Population::of([cell(0, i), cell(1, j)]), true));
            }
            row.push(register.figure(&Population::of([cell(0, i)]), true));
            ids.push(row);
        }
        let mut totals: Vec<FigureId> = (0..c)
            .map(|j| register.figure(&Population::of([cell(1, j)]), true))
            .collect();
        totals.push(register.everyone());
        ids.push(totals);
        ids
    }

    const FIVE: Rule = Rule {
        suppress_up_to: 5,
        min_for_summary: 10,
    };

    #[test]
    fn lines_of_a_two_way_table() {
        let mut r = Register::new(&data(&[vec![3, 7], vec![10, 20]]), &Binning::default()).unwrap();
        let ids = table(&mut r);
        let found = lines(&r);
        // Two rows, two columns, and the two margins adding up to the whole.
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(found.contains(&Line {
            total: ids[0][2],
            parts: vec![ids[0][0], ids[0][1]]
        }));
    }

    #[test]
    fn a_small_cell_is_protected_with_a_width() {
        let mut r = Register::new(
            &data(&[vec![1, 12, 30], vec![9, 25, 18], vec![40, 22, 8]]),
            &Binning::default(),
        )
        .unwrap();
        let ids = table(&mut r);
        protect(&mut r, FIVE);
        assert_eq!(r.status(ids[0][0]), Status::Primary);
        // The row's other hidden cells hold more than 5 children between them.
        let hidden_in_row: u64 = (1..3)
            .filter(|&j| r.status(ids[0][j]).hidden())
            .map(|j| r.get(ids[0][j]).count)
            .sum();
        assert!(hidden_in_row >= 5, "{hidden_in_row}");
        let hidden = r.figures.iter().filter(|f| f.status.hidden()).count();
        assert!(hidden >= 4, "{hidden}");
        assert_eq!(r.status(r.find(&Population::ALL).unwrap()), Status::Shown);
    }

    #[test]
    fn a_group_of_one_hides_its_zeros() {
        let mut r = Register::new(
            &data(&[vec![0, 1, 0], vec![9, 25, 18], vec![40, 22, 8]]),
            &Binning::default(),
        )
        .unwrap();
        let ids = table(&mut r);
        protect(&mut r, FIVE);
        for (j, &cell) in ids[0].iter().enumerate() {
            assert!(r.status(cell).hidden(), "cell {j} of the group of one");
        }
    }

    #[test]
    fn nothing_hidden_for_staff() {
        let mut r = Register::new(&data(&[vec![1, 2], vec![3, 4]]), &Binning::default()).unwrap();
        table(&mut r);
        protect(&mut r, Rule::NONE);
        assert!(r.figures.iter().all(|f| f.status == Status::Shown));
    }
}
