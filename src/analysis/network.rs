//! Whole-network measures: density, reciprocity, transitivity and weak components
//! (METRICS.md, summary.json).

use rayon::prelude::*;

use crate::graph::Graph;

/// Density m / (n (n − 1)) (Wasserman & Faust 1994, §4.2); 0 when n < 2, as `nx.density`.
pub fn density(g: &Graph) -> f64 {
    let n = g.n() as f64;
    if g.n() < 2 {
        0.0
    } else {
        g.m() as f64 / (n * (n - 1.0))
    }
}

/// Share of ties whose reverse tie exists, as `nx.reciprocity`; None without ties.
///
/// Complexity: O(m log d) with binary searches in sorted rows.
pub fn reciprocity(g: &Graph) -> Option<f64> {
    if g.m() == 0 {
        return None;
    }
    let mutual: usize = (0..g.n())
        .into_par_iter()
        .map(|u| {
            g.out()
                .row(u)
                .iter()
                .filter(|&&v| g.has_tie(v as usize, u as u32))
                .count()
        })
        .sum();
    Some(mutual as f64 / g.m() as f64)
}

/// Global clustering coefficient of the symmetrised graph, 3 × triangles / connected triples,
/// as `nx.transitivity(G.to_undirected())`; 0 when there are no triples.
///
/// Counts each triangle once through its ordered vertices u < v < w by merging sorted rows:
/// O(Σ_(u,v) (deg u + deg v)) time, integer counts (exact in any order).
pub fn transitivity(g: &Graph) -> f64 {
    let und = g.und();
    let (triangles, triples): (u64, u64) = (0..g.n())
        .into_par_iter()
        .map(|u| {
            let ru = und.row(u);
            let d = ru.len() as u64;
            let triples = d * d.saturating_sub(1) / 2;
            let mut tri = 0u64;
            for &v in ru.iter().filter(|&&v| v as usize > u) {
                let rv = und.row(v as usize);
                // common neighbours w > v
                let (mut i, mut j) = (0, 0);
                while i < ru.len() && j < rv.len() {
                    match ru[i].cmp(&rv[j]) {
                        std::cmp::Ordering::Less => i += 1,
                        std::cmp::Ordering::Greater => j += 1,
                        std::cmp::Ordering::Equal => {
                            if ru[i] > v {
                                tri += 1;
                            }
                            i += 1;
                            j += 1;
                        }
                    }
                }
            }
            (tri, triples)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    if triples == 0 {
        0.0
    } else {
        3.0 * triangles as f64 / triples as f64
    }
}

/// Weakly connected components: a component label per node (0.. in order of first node) and the
/// component sizes. Union–find over the ties, O(m α(n)).
pub fn weak_components(g: &Graph) -> (Vec<u32>, Vec<usize>) {
    let n = g.n();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn find(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for u in 0..n {
        for &v in g.out().row(u) {
            let (a, b) = (find(&mut parent, u as u32), find(&mut parent, v));
            if a != b {
                parent[a.max(b) as usize] = a.min(b);
            }
        }
    }
    let mut label = vec![u32::MAX; n];
    let mut root_label = vec![u32::MAX; n];
    let mut sizes = Vec::new();
    for v in 0..n {
        let r = find(&mut parent, v as u32) as usize;
        if root_label[r] == u32::MAX {
            root_label[r] = sizes.len() as u32;
            sizes.push(0);
        }
        label[v] = root_label[r];
        sizes[root_label[r] as usize] += 1;
    }
    (label, sizes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_network() {
        // 0→1, 1→0, 1→2, 2→0 (triangle 0-1-2 when symmetrised), 3 isolated.
        let g = Graph::from_pairs(4, &[(0, 1), (1, 0), (1, 2), (2, 0)]);
        assert_eq!(density(&g), 4.0 / 12.0);
        assert_eq!(reciprocity(&g), Some(0.5));
        assert_eq!(transitivity(&g), 1.0);
        let (label, sizes) = weak_components(&g);
        assert_eq!(label, vec![0, 0, 0, 1]);
        assert_eq!(sizes, vec![3, 1]);
    }

    #[test]
    fn path_has_no_triangles() {
        let g = Graph::from_pairs(3, &[(0, 1), (1, 2)]);
        assert_eq!(transitivity(&g), 0.0);
        assert_eq!(reciprocity(&g), Some(0.0));
        let empty = Graph::from_pairs(2, &[]);
        assert_eq!(reciprocity(&empty), None);
    }
}
