//! Realistic candidates: pairs of people who could be introduced.
//!
//! A candidate (u, v) is two people in different groups whose partnership is in scope, at most
//! `max_distance` steps apart in the symmetrised network (so a chain of existing contacts can
//! make the introduction), not tied in either direction, and neither of them overloaded: their
//! number of distinct contacts is at most the degree cap (by default the 90th percentile of
//! the contact counts of people with any contact, nearest rank).
//!
//! Complexity: one breadth-first search of depth `max_distance` per person, O(n · b) where b is
//! the number of people within that distance; the list holds one entry per candidate.

use rayon::prelude::*;

use super::state::Scope;
use crate::graph::Graph;

/// One candidate introduction, u < v (node order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// First person.
    pub u: u32,
    /// Second person.
    pub v: u32,
    /// Steps between them in the symmetrised network.
    pub distance: u32,
}

/// The default degree cap: the 90th percentile (nearest rank) of the number of distinct
/// contacts among people with at least one; 0 when nobody has a contact.
pub(crate) fn default_degree_cap(g: &Graph) -> usize {
    let mut d: Vec<usize> = (0..g.n())
        .map(|v| g.und().degree(v))
        .filter(|&d| d > 0)
        .collect();
    if d.is_empty() {
        return 0;
    }
    d.sort_unstable();
    let rank = ((0.9 * d.len() as f64).ceil() as usize).clamp(1, d.len());
    d[rank - 1]
}

/// Every candidate of `g`, sorted by (u, v).
pub(crate) fn candidates(
    g: &Graph,
    scope: &Scope,
    max_distance: u32,
    degree_cap: usize,
) -> Vec<Candidate> {
    let n = g.n();
    let und = g.und();
    let ok = |v: usize| und.degree(v) > 0 && und.degree(v) <= degree_cap;
    let people: Vec<u32> = (0..n as u32).collect();
    people
        .par_chunks(64)
        .map_init(
            || (vec![u32::MAX; n], Vec::<u32>::new(), Vec::<u32>::new()),
            |(seen, frontier, next), block| {
                let mut out = Vec::new();
                for &u in block {
                    if !ok(u as usize) {
                        continue;
                    }
                    let gu = g.group(u as usize);
                    let start = out.len();
                    seen[u as usize] = u;
                    frontier.clear();
                    frontier.push(u);
                    for d in 1..=max_distance {
                        next.clear();
                        for &x in frontier.iter() {
                            for &y in und.row(x as usize) {
                                if seen[y as usize] == u {
                                    continue;
                                }
                                seen[y as usize] = u;
                                next.push(y);
                                if d >= 2
                                    && y > u
                                    && ok(y as usize)
                                    && scope.pair(gu, g.group(y as usize)).is_some()
                                {
                                    out.push(Candidate {
                                        u,
                                        v: y,
                                        distance: d,
                                    });
                                }
                            }
                        }
                        std::mem::swap(frontier, next);
                        if frontier.is_empty() {
                            break;
                        }
                    }
                    out[start..].sort_unstable_by_key(|c| c.v);
                }
                out
            },
        )
        .collect::<Vec<Vec<Candidate>>>()
        .concat()
}

/// A shortest chain of contacts from u to v (the people between them), preferring at each step
/// the lowest node index: who could make the introduction.
pub(crate) fn introducers(g: &Graph, u: u32, v: u32) -> Vec<u32> {
    let n = g.n();
    let und = g.und();
    let mut parent = vec![u32::MAX; n];
    parent[u as usize] = u;
    let mut queue = std::collections::VecDeque::from([u]);
    while let Some(x) = queue.pop_front() {
        if x == v {
            break;
        }
        for &y in und.row(x as usize) {
            if parent[y as usize] == u32::MAX {
                parent[y as usize] = x;
                queue.push_back(y);
            }
        }
    }
    let mut path = Vec::new();
    if parent[v as usize] == u32::MAX {
        return path;
    }
    let mut x = parent[v as usize];
    while x != u {
        path.push(x);
        x = parent[x as usize];
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(groups: &[&str], pairs: &[(u32, u32)]) -> Graph {
        let ids = (0..groups.len()).map(|i| format!("p{i}")).collect();
        let groups: Vec<String> = groups.iter().map(|s| s.to_string()).collect();
        Graph::from_pairs_grouped(ids, &groups, pairs)
    }

    #[test]
    fn distance_groups_ties_and_cap() {
        // A path 0 – 1 – 2 – 3 – 4 (directions mixed), groups A A B B A.
        let g = graph(
            &["A", "A", "B", "B", "A"],
            &[(0, 1), (2, 1), (2, 3), (4, 3)],
        );
        let s = Scope::all(g.group_count());
        let c = candidates(&g, &s, 3, 10);
        // Different groups, 2..=3 steps apart, not tied: (0,2) d2, (0,3) d3, (1,3) d2,
        // (2,4) d2. (1,2) and (3,4) are tied; (0,4) and (1,4) are the same group.
        let got: Vec<(u32, u32, u32)> = c.iter().map(|c| (c.u, c.v, c.distance)).collect();
        assert_eq!(got, [(0, 2, 2), (0, 3, 3), (1, 3, 2), (2, 4, 2)]);
        assert_eq!(candidates(&g, &s, 2, 10).len(), 3);
        // Degrees 1 2 2 2 1: a cap of 1 leaves only people 0 and 4 (same group).
        assert!(candidates(&g, &s, 3, 1).is_empty());
        // Nearest-rank 90th percentile of [1, 1, 2, 2, 2] is 2.
        assert_eq!(default_degree_cap(&g), 2);
        assert_eq!(introducers(&g, 0, 3), [1, 2]);
        assert_eq!(introducers(&g, 0, 2), [1]);
    }
}
