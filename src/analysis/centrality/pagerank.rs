//! PageRank with weights as strengths (power iteration, pull formulation).

use super::{ordered_sum, NODE_CHUNK};
use crate::graph::Graph;
use rayon::prelude::*;

/// Damping factor α.
const ALPHA: f64 = 0.85;
/// Convergence: stop when Σ_v |x_v − x'_v| < n · TOL (NetworkX's criterion, tighter tolerance
/// than the reference's 1e-12 so the result sits closer to the fixed point).
const TOL: f64 = 1e-13;
/// Iteration cap (the map is an L1 contraction of rate α, so ~200 iterations suffice).
const MAX_ITER: usize = 10_000;

/// PageRank of every node: the stationary distribution of a random walk that follows an
/// outgoing tie with probability α = 0.85 (chosen in proportion to tie weight) and jumps to a
/// uniformly random person otherwise; people without outgoing ties (dangling) jump uniformly.
///
/// Iterates x'_v = α (Σ_{u→v} x_u w_uv / S_u + D / n) + (1 − α) / n, with S_u the out-strength
/// of u and D = Σ_{u dangling} x_u, from x = 1/n, until Σ_v |x'_v − x_v| < n·1e-13 (at most
/// 10,000 iterations). Equals NetworkX `pagerank(G, alpha=0.85, weight="weight")` (uniform
/// personalization and dangling distribution) to its tolerance.
///
/// Each x'_v is a sum over the in-neighbour row of v in a fixed order, and D and the error go
/// through a fixed-chunk sum, so the result is bit-identical whatever the thread count.
///
/// # Arguments
/// * `g`: the network; weights are strengths (a person with out-strength 0 is dangling).
///
/// # Returns
/// One value per node, summing to 1 (empty for an empty graph).
///
/// # Complexity
/// O((n + m) · k) time for k iterations (k ≈ log(n·1e-13) / log α ≈ 150–250); O(n) space.
///
/// # Reference
/// S. Brin and L. Page, "The anatomy of a large-scale hypertextual Web search engine",
/// *Computer Networks and ISDN Systems* 30, 1998. Symbols: d (damping) = α = `ALPHA`,
/// PR = `x`, C(u) (out-links) generalised to out-strength S_u = 1 / `inv_strength[u]`.
pub fn pagerank(g: &Graph) -> Vec<f64> {
    let n = g.n();
    if n == 0 {
        return Vec::new();
    }
    let out = g.out();
    let inc = g.inc();
    let inv_strength: Vec<f64> = (0..n)
        .map(|u| {
            let s: f64 = out.row_weights(u).iter().sum();
            if s != 0.0 {
                1.0 / s
            } else {
                0.0
            }
        })
        .collect();
    let dangling: Vec<usize> = (0..n).filter(|&u| inv_strength[u] == 0.0).collect();
    let nf = n as f64;
    let teleport = (1.0 - ALPHA) / nf;
    let mut x = vec![1.0 / nf; n];
    let mut share = vec![0.0; n]; // share[u] = x_u / S_u
    let mut next = vec![0.0; n];
    for _ in 0..MAX_ITER {
        share
            .par_chunks_mut(NODE_CHUNK)
            .zip(x.par_chunks(NODE_CHUNK))
            .zip(inv_strength.par_chunks(NODE_CHUNK))
            .for_each(|((s, x), inv)| {
                for ((s, &x), &inv) in s.iter_mut().zip(x).zip(inv) {
                    *s = x * inv;
                }
            });
        let dangling_mass = ordered_sum(dangling.len(), |i| x[dangling[i]]) / nf;
        next.par_chunks_mut(NODE_CHUNK)
            .enumerate()
            .for_each(|(c, chunk)| {
                for (i, slot) in chunk.iter_mut().enumerate() {
                    let v = c * NODE_CHUNK + i;
                    let mut pulled = 0.0;
                    for (&u, &w) in inc.row(v).iter().zip(inc.row_weights(v)) {
                        pulled += share[u as usize] * w;
                    }
                    *slot = ALPHA * (pulled + dangling_mass) + teleport;
                }
            });
        let err = ordered_sum(n, |v| (next[v] - x[v]).abs());
        std::mem::swap(&mut x, &mut next);
        if err < nf * TOL {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{assert_close, random_graph, with_threads};
    use super::*;
    use crate::graph::RawTie;

    #[test]
    fn two_nodes_one_dangling() {
        // 0→1, node 1 dangling, α = 0.85. x0 = α·x1/2 + (1−α)/2 and x0 + x1 = 1 give
        // x0 (1 + α/2) = 1/2: x0 = 1/(2 + α) = 1/2.85, x1 = 1.85/2.85.
        let g = Graph::from_pairs(2, &[(0, 1)]);
        assert_close(&pagerank(&g), &[1.0 / 2.85, 1.85 / 2.85], 1e-12);
    }

    #[test]
    fn weights_are_strengths() {
        // 0→1 (w 3), 0→2 (w 1), 1→0, 2→0; no dangling node.
        // x0 = α(x1 + x2) + (1−α)/3 = α(1 − x0) + 0.05: x0 = 0.9/1.85;
        // x1 = α·(3/4)·x0 + 0.05, x2 = α·(1/4)·x0 + 0.05.
        let tie = |source, target, weight| RawTie {
            source,
            target,
            weight,
            relation: 0,
        };
        let ids = vec!["a".into(), "b".into(), "c".into()];
        let groups = vec!["g".to_string(); 3];
        let g = Graph::build(
            ids,
            &groups,
            vec![
                tie(0, 1, 3.0),
                tie(0, 2, 1.0),
                tie(1, 0, 1.0),
                tie(2, 0, 1.0),
            ],
        );
        let x0 = 0.9 / 1.85;
        let want = [x0, 0.85 * 0.75 * x0 + 0.05, 0.85 * 0.25 * x0 + 0.05];
        assert_close(&pagerank(&g), &want, 1e-12);
    }

    #[test]
    fn no_ties_is_uniform_and_empty_is_empty() {
        assert_close(&pagerank(&Graph::from_pairs(4, &[])), &[0.25; 4], 1e-15);
        assert!(pagerank(&Graph::from_pairs(0, &[])).is_empty());
    }

    #[test]
    fn one_thread_equals_two_threads_bit_for_bit() {
        let g = random_graph(9000, 30_000, 3); // more than two chunks
        let a = with_threads(1, || pagerank(&g));
        let b = with_threads(2, || pagerank(&g));
        assert_eq!(
            a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        assert!((a.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}
