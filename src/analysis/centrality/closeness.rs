//! Closeness and harmonic centrality from incoming hop distances.

use crate::graph::{Csr, Graph};
use rand::RngExt;
use rayon::prelude::*;

/// Distance of a node the BFS has not reached.
const UNSEEN: u32 = u32::MAX;

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

/// Confidence level 1 − δ of the half-widths in [`SampledInfo`]: δ = 0.01.
pub const SAMPLED_DELTA: f64 = 0.01;

/// What [`closeness_harmonic_sampled`] did, and how far its estimates may be off.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampledInfo {
    /// Number k of pivot sources drawn (with replacement).
    pub samples: usize,
    /// Probability δ that some node misses a half-width (`SAMPLED_DELTA`).
    pub delta: f64,
    /// With probability ≥ 1 − δ, every harmonic estimate is within this of the exact value.
    pub harmonic_half_width: f64,
    /// With probability ≥ 1 − δ, every estimate of r(u)/(n−1) (the share of nodes reaching u,
    /// the second factor of closeness) is within this of the exact share. Closeness itself
    /// is a ratio of two estimates and gets no separate bound.
    pub reach_half_width: f64,
}

/// Per-block sums over pivots: Σ 1/d(v_i, u), number of pivots reaching u, Σ d(v_i, u) (in
/// length units; integers, so exact as f64 below 2^53).
struct PivotSums {
    h: Vec<f64>,
    hits: Vec<u32>,
    tot: Vec<f64>,
}

/// Closeness and harmonic centrality estimated from k random pivot sources, with a stated
/// error for harmonic.
///
/// Eppstein–Wang: pivots v_1..v_k are drawn uniformly (with replacement, pivot i from an RNG
/// seeded by (seed, i)); one BFS from each over outgoing ties gives d(v_i, u) for every u,
/// which are the incoming distances the exact [`closeness_harmonic`] sums. For each u:
/// * harmonic(u) ≈ n/(k(n−1)) · Σ_i 1/d(v_i, u) (terms with v_i = u or no path are 0): each
///   term lies in [0, 1] and has mean harmonic(u)·(n−1)/n, so by Hoeffding's inequality
///   and a union bound over the n nodes, all estimates are within
///   `harmonic_half_width` = n/(n−1) · √(ln(2n/δ)/(2k)) at once with probability ≥ 1 − δ;
/// * r(u) ≈ n/k · #{i : v_i ≠ u reaches u}, tot(u) ≈ n/k · Σ_i d(v_i, u), and closeness(u) =
///   (r/tot)·(r/(n−1)) from those (Wasserman–Faust scaling); the share r/(n−1) has the
///   same Hoeffding half-width, `reach_half_width`.
///
/// Pivots are processed in fixed blocks whose partial sums are added in block order, so the
/// result is bit-identical whatever the thread count.
///
/// # Arguments
/// * `g`: the network; ties are directed, weights are ignored (hop counts).
/// * `samples`: the number k ≥ 1 of pivots.
/// * `seed`: RNG seed.
///
/// # Returns
/// `(closeness, harmonic, info)`: one estimate per node each (on the scale of
/// [`closeness_harmonic`]) and a [`SampledInfo`] with the half-widths. All zeros when n ≤ 1.
///
/// # Complexity
/// O(k·(n + m)) time; O(n) scratch per thread and O(n) per block partial in flight.
///
/// # Panics
/// When `samples` is 0.
///
/// # Reference
/// D. Eppstein and J. Wang, "Fast approximation of centrality", *Journal of Graph Algorithms
/// and Applications* 8(1), 2004 (pivot sampling; symbols k = `samples`, pivots v_i);
/// W. Hoeffding, "Probability inequalities for sums of bounded random variables", *JASA*
/// 58(301), 1963.
pub fn closeness_harmonic_sampled(
    g: &Graph,
    samples: usize,
    seed: u64,
) -> (Vec<f64>, Vec<f64>, SampledInfo) {
    let n = g.n();
    sampled(
        g,
        samples,
        seed,
        1.0,
        1.0,
        || (vec![UNSEEN; n], Vec::with_capacity(n)),
        |v, (dist, queue): &mut (Vec<u32>, Vec<u32>), ps| pivot_bfs(g.out(), v, dist, queue, ps),
    )
}

/// Closeness and harmonic centrality on weighted shortest paths
/// ([`super::closeness_harmonic_weighted`]) estimated from k random pivot sources, with a
/// stated error for harmonic.
///
/// As [`closeness_harmonic_sampled`], with one Dijkstra from each pivot over outgoing ties.
/// Each harmonic term 1/d(v_i, u) now lies in [0, 1/ℓ_min], ℓ_min the shortest tie length, so
/// Hoeffding's half-width is multiplied by 1/ℓ_min: `harmonic_half_width` =
/// n/(n−1) · (1/ℓ_min) · √(ln(2n/δ)/(2k)); `reach_half_width` is unchanged.
///
/// # Arguments
/// * `g`: the network; ties are directed.
/// * `lengths`: tie lengths from [`super::PathLengths::new`] for `g`.
/// * `samples`: the number k ≥ 1 of pivots.
/// * `seed`: RNG seed.
///
/// # Returns
/// `(closeness, harmonic, info)` on the scale of [`super::closeness_harmonic_weighted`].
///
/// # Complexity
/// O(k·m log n) time; O(n + m) scratch per thread and O(n) per block partial in flight.
///
/// # Panics
/// When `samples` is 0.
///
/// # Reference
/// D. Eppstein and J. Wang, "Fast approximation of centrality", *Journal of Graph Algorithms
/// and Applications* 8(1), 2004 (pivot sampling, weighted graphs included).
pub fn closeness_harmonic_sampled_weighted(
    g: &Graph,
    lengths: &super::PathLengths,
    samples: usize,
    seed: u64,
) -> (Vec<f64>, Vec<f64>, SampledInfo) {
    let n = g.n();
    let shortest = lengths.shortest();
    let range = if shortest > 0.0 { 1.0 / shortest } else { 1.0 };
    sampled(
        g,
        samples,
        seed,
        lengths.unit,
        range,
        || super::weighted::Scratch::new(n),
        |v, sc, ps| {
            super::weighted::dijkstra(g.out(), &lengths.out, v, None, sc);
            for &x in &sc.order[1..] {
                let (x, d) = (x as usize, sc.dist[x as usize]);
                ps.h[x] += 1.0 / d as f64;
                ps.hits[x] += 1;
                ps.tot[x] += d as f64;
            }
            sc.reset();
        },
    )
}

/// The pivot-sampling estimate shared by the hop-count and weighted versions: `pivot(v, ..)`
/// adds, for every u ≠ v that pivot v reaches, 1/d, 1 and d (d in units of `unit`) to u's
/// sums; `range` bounds each real harmonic term 1/d(v_i, u) (1 for hop counts).
fn sampled<S: Send>(
    g: &Graph,
    samples: usize,
    seed: u64,
    unit: f64,
    range: f64,
    scratch: impl Fn() -> S + Sync + Send,
    pivot: impl Fn(usize, &mut S, &mut PivotSums) + Sync + Send,
) -> (Vec<f64>, Vec<f64>, SampledInfo) {
    assert!(
        samples > 0,
        "closeness_harmonic_sampled: samples must be at least 1"
    );
    let n = g.n();
    let k = samples;
    let hw = if n > 1 {
        let t = ((2.0 * n as f64 / SAMPLED_DELTA).ln() / (2.0 * k as f64)).sqrt();
        n as f64 / (n - 1) as f64 * t
    } else {
        0.0
    };
    let info = SampledInfo {
        samples: k,
        delta: SAMPLED_DELTA,
        harmonic_half_width: hw * range,
        reach_half_width: hw,
    };
    if n <= 1 {
        return (vec![0.0; n], vec![0.0; n], info);
    }
    let block = super::SOURCE_BLOCK;
    let blocks = k.div_ceil(block);
    let wave = (64usize << 20) / (20 * n);
    let wave = wave.clamp(1, 256);
    let mut h = vec![0.0f64; n];
    let mut hits = vec![0u64; n];
    let mut tot = vec![0.0f64; n];
    for first in (0..blocks).step_by(wave) {
        let last = (first + wave).min(blocks);
        let partials: Vec<PivotSums> = (first..last)
            .into_par_iter()
            .map_init(&scratch, |sc, b| {
                let mut ps = PivotSums {
                    h: vec![0.0; n],
                    hits: vec![0; n],
                    tot: vec![0.0; n],
                };
                for i in b * block..((b + 1) * block).min(k) {
                    let v = super::approx::sample_rng(seed, i as u64).random_range(0..n);
                    pivot(v, sc, &mut ps);
                }
                ps
            })
            .collect();
        h.par_chunks_mut(super::NODE_CHUNK)
            .zip(hits.par_chunks_mut(super::NODE_CHUNK))
            .zip(tot.par_chunks_mut(super::NODE_CHUNK))
            .enumerate()
            .for_each(|(c, ((hc, rc), tc))| {
                let base = c * super::NODE_CHUNK;
                for p in &partials {
                    for j in 0..hc.len() {
                        hc[j] += p.h[base + j];
                        rc[j] += u64::from(p.hits[base + j]);
                        tc[j] += p.tot[base + j];
                    }
                }
            });
    }
    let (kf, n1) = (k as f64, (n - 1) as f64);
    let harmonic = h.iter().map(|&x| x / unit * n as f64 / (kf * n1)).collect();
    let closeness = (0..n)
        .map(|u| {
            if tot[u] == 0.0 {
                0.0
            } else {
                (hits[u] as f64 / (tot[u] * unit)) * (hits[u] as f64 * n as f64 / (kf * n1))
            }
        })
        .collect();
    (closeness, harmonic, info)
}

/// BFS from pivot `v` over outgoing ties; adds 1/d, 1 and d to the sums of every u ≠ v it
/// reaches.
fn pivot_bfs(out: &Csr, v: usize, dist: &mut [u32], queue: &mut Vec<u32>, ps: &mut PivotSums) {
    queue.clear();
    queue.push(v as u32);
    dist[v] = 0;
    let mut head = 0;
    while head < queue.len() {
        let x = queue[head] as usize;
        head += 1;
        let d = dist[x];
        if d > 0 {
            ps.h[x] += 1.0 / d as f64;
            ps.hits[x] += 1;
            ps.tot[x] += f64::from(d);
        }
        for &w in out.row(x) {
            if dist[w as usize] == UNSEEN {
                dist[w as usize] = d + 1;
                queue.push(w);
            }
        }
    }
    for &x in queue.iter() {
        dist[x as usize] = UNSEEN;
    }
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

    #[test]
    fn sampled_within_stated_bound() {
        for (seed, k) in [(1u64, 400usize), (2, 1500)] {
            let g = random_graph(300, 800, seed);
            let (c, h) = closeness_harmonic(&g);
            let (ce, he, info) = closeness_harmonic_sampled(&g, k, seed);
            assert_eq!(info.samples, k);
            // n/(n−1) · √(ln(2n/δ)/(2k)) with n = 300, δ = 0.01.
            let want = 300.0 / 299.0 * ((600.0f64 / 0.01).ln() / (2.0 * k as f64)).sqrt();
            assert!((info.harmonic_half_width - want).abs() < 1e-15);
            for u in 0..g.n() {
                assert!((he[u] - h[u]).abs() <= info.harmonic_half_width, "h {u}");
                assert!(ce[u] >= 0.0 && ce[u].is_finite(), "c {u}");
                if c[u] == 0.0 {
                    assert_eq!(ce[u], 0.0, "nobody reaches {u}");
                }
            }
            // The estimates track the exact values far more closely on average.
            let mean_err = (0..g.n()).map(|u| (he[u] - h[u]).abs()).sum::<f64>() / 300.0;
            assert!(mean_err < info.harmonic_half_width / 3.0, "{mean_err}");
        }
    }

    #[test]
    fn sampled_on_a_complete_graph() {
        // Complete digraph on 5 nodes: d = 1 everywhere, so each pivot v adds 1 to every
        // u ≠ v: harmonic(u) estimate = 5/(k·4) · #{i: v_i ≠ u}, closeness = (1/1)·same share.
        // Over all nodes the pivot hits sum to 4k, so the estimates sum to 5.
        let mut pairs = Vec::new();
        for a in 0..5 {
            for b in 0..5 {
                if a != b {
                    pairs.push((a, b));
                }
            }
        }
        let g = Graph::from_pairs(5, &pairs);
        let (c, h, _) = closeness_harmonic_sampled(&g, 40, 3);
        assert_close(&c, &h, 1e-15);
        assert!((h.iter().sum::<f64>() - 5.0).abs() < 1e-12);
    }

    #[test]
    fn sampled_one_thread_equals_two_threads_bit_for_bit() {
        let g = random_graph(300, 900, 13);
        let a = with_threads(1, || closeness_harmonic_sampled(&g, 100, 4));
        let b = with_threads(2, || closeness_harmonic_sampled(&g, 100, 4));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.0), bits(&b.0));
        assert_eq!(bits(&a.1), bits(&b.1));
        assert_eq!(a.2, b.2);
    }
}
