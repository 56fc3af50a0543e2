//! Closeness and harmonic centrality from incoming hop distances.

use crate::graph::{Csr, Graph};
use rayon::prelude::*;

/// Per-thread BFS scratch: `seen[v] == stamp` marks v as reached in the current BFS (the stamp
/// is the source index + 1, so the array never needs clearing); `queue` holds the BFS order.
struct Scratch {
    seen: Vec<u32>,
    queue: Vec<u32>,
}

/// Distance sums of the nodes that reach `u`: BFS from `u` over `inc` (in-neighbours), level by
/// level. Returns (r, tot, h): r = number of nodes v ≠ u with a path v → u, tot = Σ d(v,u)
/// over them, h = Σ 1/d(v,u) (added per level: count / distance).
fn incoming_distances(inc: &Csr, u: usize, sc: &mut Scratch) -> (u64, u64, f64) {
    let stamp = u as u32 + 1;
    let Scratch { seen, queue } = sc;
    queue.clear();
    queue.push(u as u32);
    seen[u] = stamp;
    let (mut r, mut tot, mut h) = (0u64, 0u64, 0.0f64);
    let mut lo = 0;
    let mut d = 0u64;
    while lo < queue.len() {
        let hi = queue.len();
        d += 1;
        for i in lo..hi {
            for &w in inc.row(queue[i] as usize) {
                if seen[w as usize] != stamp {
                    seen[w as usize] = stamp;
                    queue.push(w);
                }
            }
        }
        let count = (queue.len() - hi) as u64;
        r += count;
        tot += count * d;
        h += count as f64 / d as f64;
        lo = hi;
    }
    (r, tot, h)
}

/// Closeness and harmonic centrality of every node, from one incoming BFS per node.
///
/// With r(u) = number of nodes that reach u (excluding u), tot(u) = sum of their hop
/// distances d(v,u):
/// * closeness(u) = (r / tot) · (r / (n−1)) when tot > 0 and n > 1, else 0 (Wasserman–Faust
///   scaling; NetworkX `closeness_centrality(G)` on a `DiGraph`, which uses incoming distances);
/// * harmonic(u) = Σ_{v≠u} 1/d(v,u) / (n−1), with 1/∞ = 0, and 0 when n ≤ 1 (NetworkX
///   `harmonic_centrality(G)[u] / (n−1)`).
///
/// Each node's values are computed by one task, so the result is bit-identical whatever the
/// thread count.
///
/// # Arguments
/// * `g`: the network; ties are directed, weights are ignored (hop counts).
///
/// # Returns
/// `(closeness, harmonic)`, one value per node each, both in [0, 1].
///
/// # Complexity
/// O(n·m) time (one BFS per node); O(n) scratch per thread.
///
/// # Reference
/// S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge University Press, 1994,
/// §5.3 (closeness, with the r/(n−1) factor for graphs that are not strongly connected);
/// M. Marchiori and V. Latora, "Harmony in the small-world", *Physica A* 285, 2000 (harmonic).
/// Symbols: r = `r`, Σ d(v,u) = `tot`.
pub fn closeness_harmonic(g: &Graph) -> (Vec<f64>, Vec<f64>) {
    let n = g.n();
    let inc = g.inc();
    let per_node: Vec<(f64, f64)> = (0..n)
        .into_par_iter()
        .map_init(
            || Scratch {
                seen: vec![0; n],
                queue: Vec::with_capacity(n),
            },
            |sc, u| {
                if n <= 1 {
                    return (0.0, 0.0);
                }
                let (r, tot, h) = incoming_distances(inc, u, sc);
                let n1 = (n - 1) as f64;
                let closeness = if tot > 0 {
                    (r as f64 / tot as f64) * (r as f64 / n1)
                } else {
                    0.0
                };
                (closeness, h / n1)
            },
        )
        .collect();
    per_node.into_iter().unzip()
}

/// Closeness centrality of every node (incoming distances, Wasserman–Faust scaling).
///
/// See [`closeness_harmonic`] for the definition; this returns its first vector.
///
/// # Arguments
/// * `g`: the network; hop counts, weights ignored.
///
/// # Returns
/// One value per node in [0, 1].
///
/// # Complexity
/// O(n·m) time, O(n) scratch per thread.
///
/// # Reference
/// S. Wasserman and K. Faust, *Social Network Analysis*, 1994, §5.3.
pub fn closeness(g: &Graph) -> Vec<f64> {
    closeness_harmonic(g).0
}

/// Harmonic centrality of every node (incoming distances), divided by n−1.
///
/// See [`closeness_harmonic`] for the definition; this returns its second vector.
///
/// # Arguments
/// * `g`: the network; hop counts, weights ignored.
///
/// # Returns
/// One value per node in [0, 1].
///
/// # Complexity
/// O(n·m) time, O(n) scratch per thread.
///
/// # Reference
/// M. Marchiori and V. Latora, "Harmony in the small-world", *Physica A* 285, 2000.
pub fn harmonic(g: &Graph) -> Vec<f64> {
    closeness_harmonic(g).1
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{assert_close, random_graph, with_threads};
    use super::*;

    #[test]
    fn directed_path_uses_incoming_distances() {
        // 0→1→2, n = 3.
        // Node 0: nobody reaches it: closeness 0, harmonic 0.
        // Node 1: reached by 0 at distance 1: r = 1, tot = 1: (1/1)·(1/2) = 0.5; harmonic 1/2.
        // Node 2: reached by 1 (d 1) and 0 (d 2): r = 2, tot = 3: (2/3)·(2/2) = 2/3;
        //         harmonic (1 + 1/2)/2 = 0.75.
        let g = Graph::from_pairs(3, &[(0, 1), (1, 2)]);
        let (c, h) = closeness_harmonic(&g);
        assert_close(&c, &[0.0, 0.5, 2.0 / 3.0], 1e-15);
        assert_close(&h, &[0.0, 0.5, 0.75], 1e-15);
        assert_eq!(closeness(&g), c);
        assert_eq!(harmonic(&g), h);
    }

    #[test]
    fn cycle_with_isolate() {
        // 0→1→2→0 plus isolate 3, n = 4. Each cycle node is reached by the other two at
        // distances 1 and 2: r = 2, tot = 3: closeness (2/3)·(2/3) = 4/9; harmonic
        // (1 + 1/2)/3 = 0.5. The isolate: 0 and 0.
        let g = Graph::from_pairs(4, &[(0, 1), (1, 2), (2, 0)]);
        let (c, h) = closeness_harmonic(&g);
        assert_close(&c, &[4.0 / 9.0, 4.0 / 9.0, 4.0 / 9.0, 0.0], 1e-15);
        assert_close(&h, &[0.5, 0.5, 0.5, 0.0], 1e-15);
    }

    #[test]
    fn tiny_graphs() {
        let (c, h) = closeness_harmonic(&Graph::from_pairs(1, &[]));
        assert_eq!((c, h), (vec![0.0], vec![0.0]));
        let (c, h) = closeness_harmonic(&Graph::from_pairs(0, &[]));
        assert!(c.is_empty() && h.is_empty());
    }

    #[test]
    fn one_thread_equals_two_threads_bit_for_bit() {
        let g = random_graph(300, 900, 11);
        let a = with_threads(1, || closeness_harmonic(&g));
        let b = with_threads(2, || closeness_harmonic(&g));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.0), bits(&b.0));
        assert_eq!(bits(&a.1), bits(&b.1));
        assert!(a.0.iter().any(|&x| x > 0.0));
    }
}
