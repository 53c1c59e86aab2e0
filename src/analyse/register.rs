//! The register of an audit's figures: every count that any output of the audit shows (table
//! cells and totals, shares, intervals, chart labels, figures quoted in prose, notes) is one
//! entry here, named by the set of children it counts. Disclosure control decides each entry's
//! status once, for the whole audit, and the verifier checks the register as a reader who has
//! every published figure would attack it.
//!
//! A set of children is a [`Population`]: a conjunction of conditions, one per dimension, each
//! naming the dimension's atoms the children must fall in. Two figures with the same population
//! are the same figure wherever they appear, so a need group's size has one status in every
//! table that shows it.

use std::collections::HashMap;

use super::data::{CaseData, Category, Values};
use crate::codes;
use crate::model::FieldRole;

/// A dimension of the audit's cross-classification, by index.
pub type DimId = u16;
/// A figure of the register, by index.
pub type FigureId = u32;

/// Dimensions have at most this many atoms (categories, with "not recorded").
pub const MAX_ATOMS: usize = 128;

/// A set of a dimension's atoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AtomSet(pub u128);

impl AtomSet {
    pub const EMPTY: AtomSet = AtomSet(0);

    pub fn single(atom: u16) -> AtomSet {
        AtomSet(1u128 << atom)
    }

    /// The first `n` atoms.
    pub fn first(n: usize) -> AtomSet {
        if n >= 128 {
            AtomSet(u128::MAX)
        } else {
            AtomSet((1u128 << n) - 1)
        }
    }

    pub fn contains(self, atom: u16) -> bool {
        self.0 >> atom & 1 == 1
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn minus(self, other: AtomSet) -> AtomSet {
        AtomSet(self.0 & !other.0)
    }

    pub fn intersect(self, other: AtomSet) -> AtomSet {
        AtomSet(self.0 & other.0)
    }

    pub fn is_subset(self, other: AtomSet) -> bool {
        self.0 & !other.0 == 0
    }

    pub fn atoms(self) -> impl Iterator<Item = u16> {
        (0..128u16).filter(move |&a| self.contains(a))
    }
}

/// Children whose atom in `dim` is one of `atoms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Condition {
    pub dim: DimId,
    pub atoms: AtomSet,
}

/// A set of children: those meeting every condition. No conditions is the whole sample.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Population(Vec<Condition>);

impl Population {
    pub const ALL: Population = Population(Vec::new());

    pub fn of(conditions: impl IntoIterator<Item = Condition>) -> Population {
        let mut list: Vec<Condition> = conditions.into_iter().collect();
        list.sort();
        Population(list)
    }

    pub fn conditions(&self) -> &[Condition] {
        &self.0
    }

    pub fn on(&self, dim: DimId) -> Option<AtomSet> {
        self.0.iter().find(|c| c.dim == dim).map(|c| c.atoms)
    }

    /// This population with `dim`'s condition replaced (or removed, for `None`).
    pub fn with(&self, dim: DimId, atoms: Option<AtomSet>) -> Population {
        let mut list: Vec<Condition> = self.0.iter().filter(|c| c.dim != dim).copied().collect();
        if let Some(atoms) = atoms {
            list.push(Condition { dim, atoms });
        }
        Population::of(list)
    }
}

/// How a dimension's atoms relate to the children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DimKind {
    /// Each child is in exactly one atom.
    Partition,
    /// Whether a child has one code of a multi-category field (atoms: no, yes); the codes of
    /// one field make a block, and a child may have any number of them.
    Member { block: u16 },
    /// Whether a child's only code of a block is `member` (atoms: yes, no, not recorded):
    /// "yes" is exactly that code, "not recorded" is no code at all, "no" is anything else.
    OnlyOne { block: u16, member: DimId },
}

/// Atom indexes of a member dimension.
pub const MEMBER_NO: u16 = 0;
pub const MEMBER_YES: u16 = 1;
/// Atom indexes of an only-one dimension.
pub const ONLY_YES: u16 = 0;
pub const ONLY_NO: u16 = 1;
pub const ONLY_NONE: u16 = 2;

#[derive(Debug, Clone, PartialEq)]
pub struct Dim {
    /// The field it comes from (`services:camhs` for a member of a block).
    pub name: String,
    pub label: String,
    /// Each atom's code and label; a "not recorded" atom has the code "".
    pub atoms: Vec<Category>,
    pub kind: DimKind,
    /// The atom of children with no value, if any child has none.
    pub missing: Option<u16>,
}

impl Dim {
    pub fn all(&self) -> AtomSet {
        AtomSet::first(self.atoms.len())
    }

    /// The atoms of children with a value.
    pub fn recorded(&self) -> AtomSet {
        match self.missing {
            Some(m) => self.all().minus(AtomSet::single(m)),
            None => self.all(),
        }
    }

    pub fn atom(&self, code: &str) -> Option<u16> {
        self.atoms
            .iter()
            .position(|a| a.code == code)
            .map(|i| i as u16)
    }
}

/// The codes of one multi-category field.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub field: String,
    pub members: Vec<DimId>,
    /// The derived dimension "only this code", if the block has one.
    pub only: Option<DimId>,
}

/// Dimensions whose "not recorded" children are exactly the same children (legal status,
/// placement, where placed, distance and weeks looked after are all recorded for looked-after
/// children only). A reader can guess this, so it is part of what they know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub dims: Vec<DimId>,
}

/// Whether a figure is published, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Shown,
    /// A count from 1 up to the audience's threshold.
    Primary,
    /// Hidden so that a small count cannot be worked out, or narrowed, from other figures.
    Secondary,
    /// Never published: it links published figures (a row's total that no table shows).
    Unpublished,
}

impl Status {
    pub fn hidden(self) -> bool {
        self != Status::Shown
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub population: Population,
    /// The true count. It leaves the analyse stage only if the status allows.
    pub count: u64,
    pub published: bool,
    pub status: Status,
}

/// Where a figure appears, for messages: the table, row and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub table: String,
    pub row: String,
    pub column: String,
}

/// A line of figures whose amounts (not counts) add up: a cost column's rows to its total.
#[derive(Debug, Clone, PartialEq)]
pub struct AmountLine {
    pub table: String,
    pub column: String,
    /// Row labels and whether each amount is hidden; the last entry is the total.
    pub entries: Vec<(String, bool)>,
}

/// Every figure an audit publishes, with what the reader is assumed to know.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub children: u64,
    pub dims: Vec<Dim>,
    pub blocks: Vec<Block>,
    pub facts: Vec<Fact>,
    pub figures: Vec<Figure>,
    /// Where each figure appears (the first place is used in messages).
    pub places: Vec<Vec<Place>>,
    pub amount_lines: Vec<AmountLine>,
    index: HashMap<Population, FigureId>,
    /// Each dimension's atom for each child.
    atom_of_child: Vec<Vec<u16>>,
    /// Each field's dimension (a multi-category field's block is found by `block_of`).
    by_field: HashMap<String, DimId>,
    /// For each dimension in a fact, the fact's index.
    fact_of: HashMap<DimId, usize>,
}

/// How the register should classify whole-number fields: histograms' bins by field.
#[derive(Debug, Clone, Default)]
pub struct Binning {
    pub bins: HashMap<String, Vec<(i64, i64)>>,
}

/// An error building the register: a field with too many categories to publish.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the field `{field}` has {categories} categories; tables can show at most {max}")]
pub struct TooManyCategories {
    pub field: String,
    pub categories: usize,
    pub max: usize,
}

impl Register {
    /// The register of an audit's case data, with no figures yet: its dimensions (one per
    /// categorical field, a block per multi-category field, bins of whole-number fields) and
    /// the facts a reader can guess from them.
    pub fn new(data: &CaseData, binning: &Binning) -> Result<Register, TooManyCategories> {
        let mut register = Register {
            children: data.children as u64,
            ..Register::default()
        };
        for field in &data.fields {
            register.add_field(field, data.children, binning)?;
        }
        register.find_facts();
        Ok(register)
    }

    fn push_dim(&mut self, dim: Dim, atoms: Vec<u16>) -> Result<DimId, TooManyCategories> {
        if dim.atoms.len() > MAX_ATOMS {
            return Err(TooManyCategories {
                field: dim.name.clone(),
                categories: dim.atoms.len(),
                max: MAX_ATOMS,
            });
        }
        let id = self.dims.len() as DimId;
        self.dims.push(dim);
        self.atom_of_child.push(atoms);
        Ok(id)
    }

    fn add_field(
        &mut self,
        field: &super::data::Field,
        children: usize,
        binning: &Binning,
    ) -> Result<(), TooManyCategories> {
        let missing_label = field
            .missing
            .clone()
            .unwrap_or_else(|| super::tables::NOT_RECORDED.to_string());
        let partition = |categories: Vec<Category>, picks: Vec<Option<usize>>| {
            let mut atoms = categories;
            let missing = picks.iter().any(Option::is_none).then(|| {
                atoms.push(category("", &missing_label));
                (atoms.len() - 1) as u16
            });
            let of_child: Vec<u16> = picks
                .iter()
                .map(|p| p.map_or_else(|| missing.unwrap_or(0), |p| p as u16))
                .collect();
            (atoms, missing, of_child)
        };
        let (atoms, missing, of_child) = match &field.values {
            Values::Category { categories, values } if field.role == Some(FieldRole::Placement) => {
                let families: Vec<Category> = codes::PLACEMENT_FAMILIES
                    .iter()
                    .map(|f| category(f.code, f.label))
                    .collect();
                let picks = values
                    .iter()
                    .map(|v| v.map(|i| codes::placement_family(&categories[i].code)))
                    .collect();
                partition(families, picks)
            }
            Values::Category { categories, values } => {
                partition(categories.clone(), values.clone())
            }
            Values::YesNo(values) => partition(
                vec![category("yes", "Yes"), category("no", "No")],
                values
                    .iter()
                    .map(|v| v.map(|yes| usize::from(!yes)))
                    .collect(),
            ),
            Values::Integer(values) if field.role == Some(FieldRole::Age) => partition(
                super::tables::AGE_BANDS
                    .iter()
                    .map(|b| category(b, b))
                    .collect(),
                values
                    .iter()
                    .map(|v| v.map(super::tables::age_band))
                    .collect(),
            ),
            Values::Integer(values) => match binning.bins.get(&field.name) {
                Some(bins) => partition(
                    bins.iter()
                        .map(|&(from, to)| bin_category(from, to))
                        .collect(),
                    values
                        .iter()
                        .map(|v| v.and_then(|x| bins.iter().position(|&(a, b)| a <= x && x <= b)))
                        .collect(),
                ),
                None => partition(
                    vec![category("recorded", "Recorded")],
                    values.iter().map(|v| v.map(|_| 0)).collect(),
                ),
            },
            Values::Number(values) => partition(
                vec![category("recorded", "Recorded")],
                values.iter().map(|v| v.map(|_| 0)).collect(),
            ),
            Values::Multi { categories, values } => {
                return self.add_block(field, categories, values, children);
            }
            Values::Date(_) => return Ok(()),
        };
        let id = self.push_dim(
            Dim {
                name: field.name.clone(),
                label: field.label.clone(),
                atoms,
                kind: DimKind::Partition,
                missing,
            },
            of_child,
        )?;
        self.by_field.insert(field.name.clone(), id);
        Ok(())
    }

    fn add_block(
        &mut self,
        field: &super::data::Field,
        categories: &[Category],
        values: &[Vec<usize>],
        children: usize,
    ) -> Result<(), TooManyCategories> {
        if categories.len() > MAX_ATOMS {
            return Err(TooManyCategories {
                field: field.name.clone(),
                categories: categories.len(),
                max: MAX_ATOMS,
            });
        }
        let block = self.blocks.len() as u16;
        let mut members = Vec::new();
        for (k, code) in categories.iter().enumerate() {
            let of_child: Vec<u16> = (0..children)
                .map(|i| {
                    if values.get(i).is_some_and(|v| v.contains(&k)) {
                        MEMBER_YES
                    } else {
                        MEMBER_NO
                    }
                })
                .collect();
            let id = self.push_dim(
                Dim {
                    name: format!("{}:{}", field.name, code.code),
                    label: code.label.clone(),
                    atoms: vec![category("no", "No"), category("yes", "Yes")],
                    kind: DimKind::Member { block },
                    missing: None,
                },
                of_child,
            )?;
            members.push(id);
        }
        let only = match (
            field.role,
            categories
                .iter()
                .position(|c| c.code == codes::SOCIAL_WORKER),
        ) {
            (Some(FieldRole::Services), Some(worker)) => {
                let of_child: Vec<u16> = (0..children)
                    .map(|i| match values.get(i).map(Vec::as_slice) {
                        None | Some([]) => ONLY_NONE,
                        Some([only]) if *only == worker => ONLY_YES,
                        Some(_) => ONLY_NO,
                    })
                    .collect();
                let any_none = of_child.contains(&ONLY_NONE);
                let mut atoms = vec![category("yes", "Yes"), category("no", "No")];
                if any_none {
                    atoms.push(category("", super::tables::NOT_RECORDED));
                }
                let id = self.push_dim(
                    Dim {
                        name: ONLY_A_SOCIAL_WORKER.to_string(),
                        label: "Only a social worker as their service".to_string(),
                        atoms,
                        kind: DimKind::OnlyOne {
                            block,
                            member: members[worker],
                        },
                        missing: any_none.then_some(ONLY_NONE),
                    },
                    of_child,
                )?;
                self.by_field.insert(ONLY_A_SOCIAL_WORKER.to_string(), id);
                Some(id)
            }
            _ => None,
        };
        self.blocks.push(Block {
            field: field.name.clone(),
            members,
            only,
        });
        Ok(())
    }

    /// Partition dimensions whose "not recorded" children are the same children, when there
    /// are some and not all.
    fn find_facts(&mut self) {
        let mut groups: Vec<(Vec<bool>, Vec<DimId>)> = Vec::new();
        for (id, dim) in self.dims.iter().enumerate() {
            let (DimKind::Partition, Some(missing)) = (dim.kind, dim.missing) else {
                continue;
            };
            let set: Vec<bool> = self.atom_of_child[id]
                .iter()
                .map(|&a| a == missing)
                .collect();
            let count = set.iter().filter(|&&m| m).count();
            if count == 0 || count == set.len() {
                continue;
            }
            match groups.iter_mut().find(|(s, _)| *s == set) {
                Some((_, dims)) => dims.push(id as DimId),
                None => groups.push((set, vec![id as DimId])),
            }
        }
        for (_, dims) in groups {
            if dims.len() > 1 {
                for &d in &dims {
                    self.fact_of.insert(d, self.facts.len());
                }
                self.facts.push(Fact { dims });
            }
        }
    }

    pub fn dim_of_field(&self, name: &str) -> Option<DimId> {
        self.by_field.get(name).copied()
    }

    pub fn block_of_field(&self, name: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.field == name)
    }

    pub fn dim(&self, id: DimId) -> &Dim {
        &self.dims[id as usize]
    }

    /// The fact a dimension is in, if any.
    pub fn fact_of(&self, dim: DimId) -> Option<&Fact> {
        self.fact_of.get(&dim).map(|&i| &self.facts[i])
    }

    /// The population written so that equal sets of children, given the facts, are written
    /// the same: a condition that only says "recorded" (or "not recorded") on a dimension of a
    /// fact is said on the fact's first dimension instead, and any condition that implies one
    /// of those says it there too. Conditions that hold for every child are dropped.
    pub fn canonical(&self, population: &Population) -> Population {
        let mut conditions: Vec<Condition> = population
            .conditions()
            .iter()
            .filter(|c| c.atoms != self.dim(c.dim).all())
            .copied()
            .collect();
        for (f, fact) in self.facts.iter().enumerate() {
            let mut recorded: Option<bool> = None;
            for c in conditions
                .iter()
                .filter(|c| self.fact_of.get(&c.dim) == Some(&f))
            {
                let dim = self.dim(c.dim);
                let Some(missing) = dim.missing else { continue };
                let says = if c.atoms == AtomSet::single(missing) {
                    Some(false)
                } else if c.atoms.is_subset(dim.recorded()) {
                    Some(true)
                } else {
                    None
                };
                if let Some(says) = says {
                    recorded = Some(says);
                }
            }
            let Some(recorded) = recorded else { continue };
            let whole = |dim: &Dim| {
                if recorded {
                    dim.recorded()
                } else {
                    dim.missing.map_or(AtomSet::EMPTY, AtomSet::single)
                }
            };
            let first = fact.dims[0];
            conditions.retain(|c| {
                !(c.dim != first
                    && self.fact_of.get(&c.dim) == Some(&f)
                    && c.atoms == whole(self.dim(c.dim)))
            });
            if !conditions.iter().any(|c| c.dim == first) {
                conditions.push(Condition {
                    dim: first,
                    atoms: whole(self.dim(first)),
                });
            }
        }
        Population::of(conditions)
    }

    /// How many children the population holds.
    pub fn count(&self, population: &Population) -> u64 {
        let conditions = population.conditions();
        (0..self.children as usize)
            .filter(|&child| {
                conditions
                    .iter()
                    .all(|c| c.atoms.contains(self.atom_of_child[c.dim as usize][child]))
            })
            .count() as u64
    }

    /// The figure for `population`, registered if new. `published` marks it as shown somewhere
    /// (a figure first registered to link others, and later shown, becomes published).
    pub fn figure(&mut self, population: &Population, published: bool) -> FigureId {
        let canonical = self.canonical(population);
        if let Some(&id) = self.index.get(&canonical) {
            if published {
                let figure = &mut self.figures[id as usize];
                figure.published = true;
                if figure.status == Status::Unpublished {
                    figure.status = Status::Shown;
                }
            }
            return id;
        }
        let count = self.count(&canonical);
        let id = self.figures.len() as FigureId;
        self.figures.push(Figure {
            population: canonical.clone(),
            count,
            published,
            status: if published {
                Status::Shown
            } else {
                Status::Unpublished
            },
        });
        self.places.push(Vec::new());
        self.index.insert(canonical, id);
        id
    }

    /// A published figure, noting where it appears.
    pub fn published(&mut self, population: &Population, place: Place) -> FigureId {
        let id = self.figure(population, true);
        let places = &mut self.places[id as usize];
        if !places.contains(&place) {
            places.push(place);
        }
        id
    }

    /// The figure already registered for `population`, if any.
    pub fn find(&self, population: &Population) -> Option<FigureId> {
        self.index.get(&self.canonical(population)).copied()
    }

    pub fn get(&self, id: FigureId) -> &Figure {
        &self.figures[id as usize]
    }

    pub fn status(&self, id: FigureId) -> Status {
        self.figures[id as usize].status
    }

    /// The whole sample's figure.
    pub fn everyone(&mut self) -> FigureId {
        self.figure(&Population::ALL, true)
    }

    /// A condition on one atom of a field's dimension, by the atom's code.
    pub fn condition(&self, field: &str, code: &str) -> Option<Condition> {
        let dim = self.dim_of_field(field)?;
        let atom = self.dim(dim).atom(code)?;
        Some(Condition {
            dim,
            atoms: AtomSet::single(atom),
        })
    }

    /// Drops the children's atoms once every figure is counted: the register then describes
    /// published figures only, and holds nothing about any one child.
    pub fn forget_children(&mut self) {
        self.atom_of_child = Vec::new();
        self.index = HashMap::new();
    }

    /// The places of a figure, in the order they were noted.
    pub fn places_of(&self, id: FigureId) -> &[Place] {
        &self.places[id as usize]
    }
}

/// The name of the dimension derived from services received: whether a child's only service
/// was a social worker.
pub const ONLY_A_SOCIAL_WORKER: &str = "only_a_social_worker";

fn category(code: &str, label: &str) -> Category {
    Category {
        code: code.to_string(),
        label: label.to_string(),
    }
}

fn bin_category(from: i64, to: i64) -> Category {
    let label = if from == to {
        from.to_string()
    } else {
        format!("{from} to {to}")
    };
    category(&label, &label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::data::Field;

    fn field(name: &str, role: Option<FieldRole>, values: Values) -> Field {
        Field {
            name: name.into(),
            label: name.into(),
            role,
            missing: None,
            ordered: false,
            values,
        }
    }

    fn cats(codes: &[&str]) -> Vec<Category> {
        codes.iter().map(|c| category(c, c)).collect()
    }

    /// Six children: need groups a a a b b b; legal status C2 - V2 C2 - -; placement U4 - K2 U4 - -.
    fn sample() -> CaseData {
        CaseData {
            children: 6,
            fields: vec![
                field(
                    "need_group",
                    Some(FieldRole::NeedGroup),
                    Values::Category {
                        categories: cats(&["a", "b"]),
                        values: vec![Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)],
                    },
                ),
                field(
                    "legal_status",
                    Some(FieldRole::LegalStatus),
                    Values::Category {
                        categories: cats(&["C2", "V2"]),
                        values: vec![Some(0), None, Some(1), Some(0), None, None],
                    },
                ),
                field(
                    "placement",
                    Some(FieldRole::Placement),
                    Values::Category {
                        categories: cats(&["U4", "K2"]),
                        values: vec![Some(0), None, Some(1), Some(0), None, None],
                    },
                ),
                field(
                    "services",
                    Some(FieldRole::Services),
                    Values::Multi {
                        categories: cats(&["social-worker", "camhs"]),
                        values: vec![vec![0], vec![0, 1], vec![], vec![1], vec![0], vec![0]],
                    },
                ),
            ],
        }
    }

    #[test]
    fn dimensions_facts_and_counts() {
        let r = Register::new(&sample(), &Binning::default()).unwrap();
        let names: Vec<&str> = r.dims.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "need_group",
                "legal_status",
                "placement",
                "services:social-worker",
                "services:camhs",
                "only_a_social_worker"
            ]
        );
        // Legal status and placement are missing for the same three children.
        assert_eq!(r.facts, vec![Fact { dims: vec![1, 2] }]);
        let lac = r.canonical(&Population::of([Condition {
            dim: 2,
            atoms: r.dim(2).recorded(),
        }]));
        assert_eq!(
            lac,
            Population::of([Condition {
                dim: 1,
                atoms: r.dim(1).recorded()
            }])
        );
        assert_eq!(r.count(&lac), 3);
        let only = r.condition(ONLY_A_SOCIAL_WORKER, "yes").unwrap();
        assert_eq!(r.count(&Population::of([only])), 3);
        let none = r.condition(ONLY_A_SOCIAL_WORKER, "").unwrap();
        assert_eq!(r.count(&Population::of([none])), 1);
    }

    #[test]
    fn one_population_is_one_figure() {
        let mut r = Register::new(&sample(), &Binning::default()).unwrap();
        let group_a = r.condition("need_group", "a").unwrap();
        let placed = Condition {
            dim: 2,
            atoms: r.dim(2).recorded(),
        };
        let lac = Condition {
            dim: 1,
            atoms: r.dim(1).recorded(),
        };
        let x = r.figure(&Population::of([group_a, placed]), false);
        let y = r.figure(&Population::of([lac, group_a]), true);
        assert_eq!(x, y);
        assert_eq!(r.get(x).count, 2);
        assert_eq!(r.status(x), Status::Shown);
        // A foster placement implies being looked after: the canonical form says so.
        let foster = r.condition("placement", "foster-other").unwrap();
        let canonical = r.canonical(&Population::of([foster]));
        assert_eq!(canonical, Population::of([lac, foster]));
    }
}
