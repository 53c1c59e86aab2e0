//! Triangulating a graph and joining its cliques into a junction tree.

use std::collections::{BTreeMap, BTreeSet};

use super::model::Vertex;

/// The maximal cliques of a triangulation of the graph, found by eliminating, at each step,
/// the vertex whose neighbours need the fewest new edges to be joined (then the one whose
/// clique has the fewest cells). Every vertex is in at least one clique.
pub fn cliques(
    vertices: &[Vertex],
    edges: &BTreeSet<(Vertex, Vertex)>,
    atoms: impl Fn(Vertex) -> usize,
) -> Vec<Vec<Vertex>> {
    let mut adjacent: BTreeMap<Vertex, BTreeSet<Vertex>> =
        vertices.iter().map(|&v| (v, BTreeSet::new())).collect();
    for &(a, b) in edges {
        adjacent.entry(a).or_default().insert(b);
        adjacent.entry(b).or_default().insert(a);
    }
    let mut found: Vec<BTreeSet<Vertex>> = Vec::new();
    while !adjacent.is_empty() {
        let cost = |v: &Vertex, adjacent: &BTreeMap<Vertex, BTreeSet<Vertex>>| {
            let neighbours: Vec<&Vertex> = adjacent[v].iter().collect();
            let mut fill = 0usize;
            for i in 0..neighbours.len() {
                for j in i + 1..neighbours.len() {
                    if !adjacent[neighbours[i]].contains(neighbours[j]) {
                        fill += 1;
                    }
                }
            }
            let cells = neighbours
                .iter()
                .fold(atoms(*v), |size, &&w| size.saturating_mul(atoms(w)));
            (fill, cells)
        };
        let Some(&next) = adjacent.keys().min_by_key(|v| (cost(v, &adjacent), **v)) else {
            break;
        };
        let neighbours: Vec<Vertex> = adjacent[&next].iter().copied().collect();
        for i in 0..neighbours.len() {
            for j in i + 1..neighbours.len() {
                let (a, b) = (neighbours[i], neighbours[j]);
                adjacent.entry(a).or_default().insert(b);
                adjacent.entry(b).or_default().insert(a);
            }
        }
        let mut clique: BTreeSet<Vertex> = neighbours.iter().copied().collect();
        clique.insert(next);
        for w in &neighbours {
            if let Some(set) = adjacent.get_mut(w) {
                set.remove(&next);
            }
        }
        adjacent.remove(&next);
        found.push(clique);
    }
    let maximal: Vec<Vec<Vertex>> = found
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            !found
                .iter()
                .enumerate()
                .any(|(j, d)| j != *i && c.is_subset(d) && (c.len() < d.len() || j < *i))
        })
        .map(|(_, c)| c.iter().copied().collect())
        .collect();
    maximal
}

/// A junction forest: edges between cliques that share vertices, chosen to share as many as
/// possible (a maximum spanning forest), and one root per tree.
pub struct Tree {
    pub edges: Vec<(usize, usize)>,
    pub roots: Vec<usize>,
}

pub fn tree(cliques: &[Vec<Vertex>]) -> Tree {
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for i in 0..cliques.len() {
        for j in i + 1..cliques.len() {
            let shared = cliques[i].iter().filter(|v| cliques[j].contains(v)).count();
            if shared > 0 {
                candidates.push((shared, i, j));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut parent: Vec<usize> = (0..cliques.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut edges = Vec::new();
    for (_, i, j) in candidates {
        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
        if a != b {
            parent[a.max(b)] = a.min(b);
            edges.push((i, j));
        }
    }
    let roots: BTreeSet<usize> = (0..cliques.len()).map(|i| root(&mut parent, i)).collect();
    Tree {
        edges,
        roots: roots.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(i: u16) -> Vertex {
        Vertex::Dim(i)
    }

    #[test]
    fn a_cycle_of_four_gets_a_chord() {
        let vertices = [v(0), v(1), v(2), v(3)];
        let edges: BTreeSet<(Vertex, Vertex)> =
            [(v(0), v(1)), (v(1), v(2)), (v(2), v(3)), (v(0), v(3))].into();
        let found = cliques(&vertices, &edges, |_| 3);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|c| c.len() == 3));
        let t = tree(&found);
        assert_eq!(t.edges.len(), 1);
        assert_eq!(t.roots, vec![0]);
    }

    #[test]
    fn a_star_stays_pairs_and_lone_vertices_are_their_own_trees() {
        let vertices = [v(0), v(1), v(2), v(3), v(4)];
        let edges: BTreeSet<(Vertex, Vertex)> = [(v(0), v(1)), (v(0), v(2)), (v(0), v(3))].into();
        let found = cliques(&vertices, &edges, |_| 3);
        assert_eq!(found.len(), 4, "{found:?}");
        let t = tree(&found);
        assert_eq!(t.edges.len(), 2);
        assert_eq!(t.roots.len(), 2);
    }
}
