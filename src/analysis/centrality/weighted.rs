//! Weighted shortest paths (`--path-weights distance|inverse-strength`): betweenness (Brandes
//! with Dijkstra), closeness and harmonic centrality on integer tie lengths
//! ([`PathLengths`]), so that equal-length paths are recognised exactly.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::betweenness::{add_in_block_order, WAVE_BYTES};
use super::lengths::PathLengths;
use super::SOURCE_BLOCK;
use crate::graph::{Csr, Graph};
use rayon::prelude::*;

/// Distance of a node Dijkstra has not reached.
pub(super) const FAR: u64 = u64::MAX;

/// Per-thread Dijkstra scratch, reused across sources: `dist[v]` = d(s, v) in length units
/// (`FAR` outside the current search), `sigma[v]` = σ_sv (then the coefficient
/// (1 + δ_s•(v)) / σ_sv in the dependency sweep), `order` = the nodes in the order they are
/// settled (Brandes' stack S), `heap` = the priority queue of (tentative distance, node).
pub(super) struct Scratch {
    pub(super) dist: Vec<u64>,
    pub(super) sigma: Vec<f64>,
    pub(super) order: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

impl Scratch {
    pub(super) fn new(n: usize) -> Self {
        Scratch {
            dist: vec![FAR; n],
            sigma: vec![0.0; n],
            order: Vec::with_capacity(n),
            heap: BinaryHeap::new(),
        }
    }

    /// Forgets the last search, touching only the nodes it reached: the settled ones in
    /// `order`, and (after an early stop) the others, which all have an entry in the heap.
    pub(super) fn reset(&mut self) {
        for &v in &self.order {
            self.dist[v as usize] = FAR;
        }
        for Reverse((_, v)) in self.heap.drain() {
            self.dist[v as usize] = FAR;
        }
        self.order.clear();
    }
}

/// Dijkstra from `s` over `csr` with lengths `len` (aligned with `csr`'s targets), counting
/// shortest paths: fills `dist`, `sigma` and the settle `order`. Stops after settling `stop`
/// when given (its σ is then complete: every predecessor is settled before it).
///
/// Ties between equal tentative distances are settled in node order (the heap orders by
/// (distance, node)), so the search is deterministic. Every length is ≥ 1, so a node's
/// predecessors are settled before it.
pub(super) fn dijkstra(csr: &Csr, len: &[u64], s: usize, stop: Option<usize>, sc: &mut Scratch) {
    let Scratch {
        dist,
        sigma,
        order,
        heap,
    } = sc;
    let off = csr.offsets();
    dist[s] = 0;
    sigma[s] = 1.0;
    heap.push(Reverse((0, s as u32)));
    while let Some(Reverse((d, v))) = heap.pop() {
        let v = v as usize;
        if d != dist[v] {
            continue; // a stale entry: v was reached by a shorter path since
        }
        order.push(v as u32);
        if stop == Some(v) {
            break;
        }
        let sv = sigma[v];
        for (&w, &l) in csr.row(v).iter().zip(&len[off[v]..off[v + 1]]) {
            let w = w as usize;
            let nd = d + l;
            if nd < dist[w] {
                dist[w] = nd;
                sigma[w] = sv;
                heap.push(Reverse((nd, w as u32)));
            } else if nd == dist[w] {
                sigma[w] += sv;
            }
        }
    }
}

/// Adds the dependencies δ_s•(v) of source `s` to `acc[v]` for every v ≠ s (Dijkstra, then the
/// sweep in reverse settle order pulling from successors w, the out-neighbours with
/// d(s, v) + ℓ(v, w) = d(s, w)).
fn single_source(g: &Graph, lengths: &PathLengths, s: usize, sc: &mut Scratch, acc: &mut [f64]) {
    let out = g.out();
    dijkstra(out, &lengths.out, s, None, sc);
    let off = out.offsets();
    let Scratch {
        dist, sigma, order, ..
    } = sc;
    for &v in order[1..].iter().rev() {
        let v = v as usize;
        let dv = dist[v];
        let mut sum = 0.0;
        for (&w, &l) in out.row(v).iter().zip(&lengths.out[off[v]..off[v + 1]]) {
            if dv + l == dist[w as usize] {
                sum += sigma[w as usize];
            }
        }
        let sv = sigma[v];
        let delta = sv * sum;
        acc[v] += delta;
        sigma[v] = (1.0 + delta) / sv;
    }
    sc.reset();
}

/// Betweenness centrality on weighted shortest paths: the share of shortest directed paths
/// between other pairs that pass through each node, a path's length being the sum of its tie
/// lengths.
///
/// c_B(v) = 1/((n−1)(n−2)) · Σ_{s ≠ v ≠ t} σ_st(v) / σ_st, with σ_st the number of shortest
/// (least total length) paths from s to t. Two paths tie when their integer lengths are equal
/// (exact unless `lengths.exact` is false: see [`PathLengths`]). Equals NetworkX
/// `betweenness_centrality(G, weight=..., normalized=True)` on a `DiGraph` whose weight
/// attribute holds the lengths.
///
/// Sources run in parallel in fixed blocks of 32 with per-thread scratch; block partials are
/// added in block order, so the result is bit-identical whatever the thread count.
///
/// # Arguments
/// * `g`: the network; ties are directed.
/// * `lengths`: tie lengths from [`PathLengths::new`] for `g`.
///
/// # Returns
/// One value per node in [0, 1]; all zeros when n < 3.
///
/// # Complexity
/// O(n·m log n) time (one Dijkstra with a binary heap and one sweep per source); O(n + m)
/// scratch per thread and O(n) per block partial in flight (bounded to about 64 MiB).
///
/// # Reference
/// U. Brandes, "A faster algorithm for betweenness centrality", *Journal of Mathematical
/// Sociology* 25(2), 2001, §4 (weighted graphs: Dijkstra instead of BFS). Symbols: σ_sv =
/// `sigma`, d(s,v) = `dist`, S = `order`, δ_s•(v) = `delta`.
pub fn betweenness_weighted(g: &Graph, lengths: &PathLengths) -> Vec<f64> {
    let n = g.n();
    let mut bc = vec![0.0; n];
    if n < 3 {
        return bc;
    }
    let blocks = n.div_ceil(SOURCE_BLOCK);
    let wave = (WAVE_BYTES / (8 * n)).clamp(1, 256);
    for first in (0..blocks).step_by(wave) {
        let last = (first + wave).min(blocks);
        let partials: Vec<Vec<f64>> = (first..last)
            .into_par_iter()
            .map_init(
                || Scratch::new(n),
                |sc, b| {
                    let mut acc = vec![0.0; n];
                    for s in b * SOURCE_BLOCK..((b + 1) * SOURCE_BLOCK).min(n) {
                        if g.out().degree(s) > 0 {
                            single_source(g, lengths, s, sc, &mut acc);
                        }
                    }
                    acc
                },
            )
            .collect();
        add_in_block_order(&mut bc, &partials);
    }
    let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
    for x in &mut bc {
        *x *= scale;
    }
    bc
}

/// Closeness and harmonic centrality on weighted shortest paths, from incoming distances.
///
/// With d(v, u) the least total length of a path v → u, r(u) the number of nodes v ≠ u with
/// such a path and tot(u) = Σ d(v, u) over them:
/// * closeness(u) = (r / tot) · (r / (n−1)) when tot > 0 and n > 1, else 0 (Wasserman–Faust
///   scaling; NetworkX `closeness_centrality(G, distance=...)` on a `DiGraph`);
/// * harmonic(u) = Σ_{v≠u} 1/d(v, u) / (n−1), 0 when n ≤ 1 (NetworkX
///   `harmonic_centrality(G, distance=...)[u] / (n−1)`). With lengths below 1 it can exceed 1.
///
/// tot is summed exactly in integer units, then scaled by `lengths.unit`. Each node's values
/// are computed by one task, so the result is bit-identical whatever the thread count.
///
/// # Arguments
/// * `g`: the network; ties are directed.
/// * `lengths`: tie lengths from [`PathLengths::new`] for `g`.
///
/// # Returns
/// `(closeness, harmonic)`, one value per node each.
///
/// # Complexity
/// O(n·m log n) time (one Dijkstra over in-ties per node); O(n + m) scratch per thread.
///
/// # Reference
/// S. Wasserman and K. Faust, *Social Network Analysis*, 1994, §5.3; M. Marchiori and
/// V. Latora, "Harmony in the small-world", *Physica A* 285, 2000; E. W. Dijkstra, "A note on
/// two problems in connexion with graphs", *Numerische Mathematik* 1, 1959.
pub fn closeness_harmonic_weighted(g: &Graph, lengths: &PathLengths) -> (Vec<f64>, Vec<f64>) {
    let n = g.n();
    let unit = lengths.unit;
    let per_node: Vec<(f64, f64)> = (0..n)
        .into_par_iter()
        .map_init(
            || Scratch::new(n),
            |sc, u| {
                if n <= 1 {
                    return (0.0, 0.0);
                }
                dijkstra(g.inc(), &lengths.inc, u, None, sc);
                let mut tot: u128 = 0;
                let mut inv = 0.0;
                for &v in &sc.order[1..] {
                    let d = sc.dist[v as usize];
                    tot += u128::from(d);
                    inv += 1.0 / d as f64;
                }
                let r = (sc.order.len() - 1) as f64;
                sc.reset();
                let n1 = (n - 1) as f64;
                let closeness = if tot > 0 {
                    (r / (tot as f64 * unit)) * (r / n1)
                } else {
                    0.0
                };
                (closeness, inv / unit / n1)
            },
        )
        .collect();
    per_node.into_iter().unzip()
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{assert_close, random_graph, weighted_graph, with_threads};
    use super::super::{betweenness, closeness_harmonic, PathWeights};
    use super::*;

    fn lengths(g: &Graph, mode: PathWeights) -> PathLengths {
        PathLengths::new(g, mode).unwrap()
    }

    #[test]
    fn the_shorter_side_of_a_diamond_takes_all_the_credit() {
        // 0→1→3 has length 1 + 1 = 2, 0→2→3 has 1 + 2 = 3: only node 1 is on the shortest
        // path of (0, 3), the only pair with an interior node. n = 4: c(1) = 1/(3·2).
        // (In hop counts both paths have 2 hops and split it: 1/12 each.)
        let g = weighted_graph(4, &[(0, 1, 1.0), (1, 3, 1.0), (0, 2, 1.0), (2, 3, 2.0)]);
        let c = betweenness_weighted(&g, &lengths(&g, PathWeights::Distance));
        assert_close(&c, &[0.0, 1.0 / 6.0, 0.0, 0.0], 1e-15);
        // As strengths, 2 is the stronger (shorter) tie: 0→2→3 has length 1 + 1/2 < 2.
        let c = betweenness_weighted(&g, &lengths(&g, PathWeights::InverseStrength));
        assert_close(&c, &[0.0, 0.0, 1.0 / 6.0, 0.0], 1e-15);
    }

    #[test]
    fn equal_lengths_tie_exactly() {
        // A chain 0→1→…→6 of six strength-6 ties (length 6 · 1/6 = 1) and the direct tie
        // 0→6 of strength 1 (length 1): two shortest paths for (0, 6). In floating point
        // 1/6 added six times is 0.9999999999999999, which would make the chain shorter.
        let mut ties: Vec<(u32, u32, f64)> = (0..6).map(|i| (i, i + 1, 6.0)).collect();
        ties.push((0, 6, 1.0));
        let g = weighted_graph(7, &ties);
        let l = lengths(&g, PathWeights::InverseStrength);
        assert!(l.exact);
        let c = betweenness_weighted(&g, &l);
        // Interior node i (1..=5) lies on the chain's paths from every s < i to every t > i:
        // i·(6 − i) pairs, all with one shortest path except (0, 6), which has two.
        // Raw: i(6 − i) − 1/2; scale 1/(6·5).
        let want: Vec<f64> = (0..7)
            .map(|i| match i {
                0 | 6 => 0.0,
                i => (i * (6 - i)) as f64 - 0.5,
            })
            .map(|x| x / 30.0)
            .collect();
        assert_close(&c, &want, 1e-15);
    }

    #[test]
    fn closeness_and_harmonic_on_a_weighted_path() {
        // 0→1 (length 2), 1→2 (length 3), n = 3.
        // Node 1: reached by 0 at 2: r = 1, tot = 2: (1/2)·(1/2) = 1/4; harmonic (1/2)/2.
        // Node 2: reached by 1 at 3 and 0 at 5: r = 2, tot = 8: (2/8)·(2/2) = 1/4;
        //         harmonic (1/3 + 1/5)/2 = 4/15.
        let g = weighted_graph(3, &[(0, 1, 2.0), (1, 2, 3.0)]);
        let (c, h) = closeness_harmonic_weighted(&g, &lengths(&g, PathWeights::Distance));
        assert_close(&c, &[0.0, 0.25, 0.25], 1e-15);
        assert_close(&h, &[0.0, 0.25, 4.0 / 15.0], 1e-15);
        // Strengths 2 and 4 (lengths 1/2 and 1/4): node 2 at 1/4 and 3/4: r = 2, tot = 1:
        // closeness 2·1 = 2; harmonic (4 + 4/3)/2 = 8/3. Node 1: r = 1, tot = 1/2:
        // (1/(1/2))·(1/2) = 1; harmonic 2/2 = 1.
        let g = weighted_graph(3, &[(0, 1, 2.0), (1, 2, 4.0)]);
        let (c, h) = closeness_harmonic_weighted(&g, &lengths(&g, PathWeights::InverseStrength));
        assert_close(&c, &[0.0, 1.0, 2.0], 1e-15);
        assert_close(&h, &[0.0, 1.0, 8.0 / 3.0], 1e-15);
    }

    #[test]
    fn equal_weights_give_the_hop_count_values() {
        // Every length equal (distance 2, or strength 2): weighted shortest paths are the
        // hop-count ones, and closeness and harmonic scale by the length.
        let g = random_graph(200, 600, 4);
        let mut ties = Vec::new();
        for v in 0..g.n() {
            for &w in g.out().row(v) {
                ties.push((v as u32, w, 2.0));
            }
        }
        let h2 = weighted_graph(g.n(), &ties);
        let (bc, (c, h)) = (betweenness(&g), closeness_harmonic(&g));
        let l = lengths(&h2, PathWeights::Distance);
        assert_close(&betweenness_weighted(&h2, &l), &bc, 1e-14);
        let (cw, hw) = closeness_harmonic_weighted(&h2, &l);
        let halve = |v: &[f64]| v.iter().map(|x| x / 2.0).collect::<Vec<_>>();
        assert_close(&cw, &halve(&c), 1e-14);
        assert_close(&hw, &halve(&h), 1e-14);
        // Every strength 2 (`g` itself has weight 2 on repeated pairs): lengths 1/2 each.
        let l = lengths(&h2, PathWeights::InverseStrength);
        assert_close(&betweenness_weighted(&h2, &l), &bc, 1e-14);
        assert!(bc.iter().any(|&x| x > 0.0));
    }

    #[test]
    fn one_thread_equals_two_threads_bit_for_bit() {
        let g = super::super::testutil::random_weighted_graph(300, 900, 6, 5);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        for mode in [PathWeights::Distance, PathWeights::InverseStrength] {
            let l = lengths(&g, mode);
            let a = with_threads(1, || betweenness_weighted(&g, &l));
            let b = with_threads(2, || betweenness_weighted(&g, &l));
            assert_eq!(bits(&a), bits(&b));
            assert!(a.iter().any(|&x| x > 0.0));
            let a = with_threads(1, || closeness_harmonic_weighted(&g, &l));
            let b = with_threads(2, || closeness_harmonic_weighted(&g, &l));
            assert_eq!((bits(&a.0), bits(&a.1)), (bits(&b.0), bits(&b.1)));
        }
    }

    #[test]
    fn weighted_vertex_diameter_bound_is_an_upper_bound() {
        // The most nodes on any weighted shortest path (the longest in hops among tied
        // ones), by Dijkstra from every node.
        use super::super::vertex_diameter_bound_weighted;
        for seed in 0..4 {
            let g = super::super::testutil::random_weighted_graph(200, 500, seed, 9);
            let l = lengths(&g, PathWeights::Distance);
            let mut sc = Scratch::new(g.n());
            let mut most = vec![0usize; g.n()];
            let mut vd = 1;
            for s in 0..g.n() {
                dijkstra(g.out(), &l.out, s, None, &mut sc);
                most[s] = 1;
                for &v in &sc.order[1..] {
                    let v = v as usize;
                    most[v] = g
                        .inc()
                        .row(v)
                        .iter()
                        .zip(l.inc_row(&g, v))
                        .filter(|(&p, &len)| {
                            let dp = sc.dist[p as usize];
                            dp != FAR && dp + len == sc.dist[v]
                        })
                        .map(|(&p, _)| most[p as usize] + 1)
                        .max()
                        .unwrap();
                    vd = vd.max(most[v]);
                }
                sc.reset();
            }
            let bound = vertex_diameter_bound_weighted(&g);
            assert!(
                bound >= vd && bound <= g.n(),
                "seed {seed}: bound {bound}, true {vd}"
            );
        }
        // Why the hop-count bound does not do: a reciprocated star (centre 0, ties of
        // length 10) with the chain 1→2→3→4 (length 1 each). In hops every shortest path has
        // at most 3 nodes (through the centre), and the hop bound is min(5, 1 + 1 + 1) = 3;
        // the weighted shortest path 1→2→3→4 has 4 nodes. The weighted bound is |C| = 5.
        let mut ties = vec![(1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)];
        for leaf in 1..5 {
            ties.extend([(0, leaf, 10.0), (leaf, 0, 10.0)]);
        }
        let g = weighted_graph(5, &ties);
        assert_eq!(super::super::vertex_diameter_bound(&g), 3);
        assert_eq!(vertex_diameter_bound_weighted(&g), 5);
    }

    #[test]
    fn tiny_graphs() {
        let g = weighted_graph(2, &[(0, 1, 1.0)]);
        let l = lengths(&g, PathWeights::Distance);
        assert_eq!(betweenness_weighted(&g, &l), [0.0, 0.0]);
        let g = weighted_graph(1, &[]);
        let l = lengths(&g, PathWeights::Distance);
        assert_eq!(closeness_harmonic_weighted(&g, &l), (vec![0.0], vec![0.0]));
    }

    #[test]
    fn approx_within_epsilon_of_exact_on_directed_weighted_graphs() {
        use super::super::betweenness_approx_weighted;
        for (seed, eps) in [(1u64, 0.05), (2, 0.03)] {
            let g = super::super::testutil::random_weighted_graph(300, 700, seed, 4);
            for mode in [PathWeights::Distance, PathWeights::InverseStrength] {
                let l = lengths(&g, mode);
                let exact = betweenness_weighted(&g, &l);
                let (est, info) = betweenness_approx_weighted(&g, &l, eps, 0.01, seed);
                assert!(info.samples > 100);
                let worst = (0..g.n())
                    .map(|v| (est[v] - exact[v]).abs())
                    .fold(0.0, f64::max);
                assert!(worst <= eps, "seed {seed} {mode:?}: error {worst} > {eps}");
                assert!(est.iter().any(|&x| x > 0.0));
            }
        }
    }

    #[test]
    fn sampled_closeness_harmonic_within_the_stated_bound() {
        use super::super::closeness_harmonic_sampled_weighted;
        let g = super::super::testutil::random_weighted_graph(300, 800, 3, 4);
        for mode in [PathWeights::Distance, PathWeights::InverseStrength] {
            let l = lengths(&g, mode);
            let (c, h) = closeness_harmonic_weighted(&g, &l);
            let (ce, he, info) = closeness_harmonic_sampled_weighted(&g, &l, 1500, 3);
            // n/(n−1) · (1/ℓ_min) · √(ln(2n/δ)/(2k)): ℓ_min = 1 (distance, weight 1) or
            // 1/4 (strength 4).
            let range = if mode == PathWeights::Distance {
                1.0
            } else {
                4.0
            };
            let want = 300.0 / 299.0 * range * ((600.0f64 / 0.01).ln() / 3000.0).sqrt();
            assert!((info.harmonic_half_width - want).abs() < 1e-12);
            for u in 0..g.n() {
                assert!((he[u] - h[u]).abs() <= info.harmonic_half_width, "h {u}");
                if c[u] == 0.0 {
                    assert_eq!(ce[u], 0.0, "nobody reaches {u}");
                }
            }
            let a = with_threads(1, || closeness_harmonic_sampled_weighted(&g, &l, 100, 4));
            let b = with_threads(2, || closeness_harmonic_sampled_weighted(&g, &l, 100, 4));
            assert_eq!(a, b);
        }
    }
}
