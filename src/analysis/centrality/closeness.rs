//! Closeness and harmonic centrality from incoming hop distances.

use crate::graph::{Csr, Graph};
use rand::RngExt;
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
        MultiBfs::WIDTH,
        || MultiBfs::new(n),
        |pivots, bfs: &mut MultiBfs, ps| {
            bfs.run(g.out(), pivots, |x, d, mask| {
                let c = mask.count_ones();
                ps.h[x] += f64::from(c) / f64::from(d);
                ps.hits[x] += c;
                ps.tot[x] += f64::from(c) * f64::from(d);
            })
        },
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
        super::SOURCE_BLOCK,
        || super::weighted::Scratch::new(n),
        |pivots, sc, ps| {
            for &v in pivots {
                super::weighted::dijkstra(g.out(), &lengths.out, v as usize, None, sc);
                for &x in &sc.order[1..] {
                    let (x, d) = (x as usize, sc.dist[x as usize]);
                    ps.h[x] += 1.0 / d as f64;
                    ps.hits[x] += 1;
                    ps.tot[x] += d as f64;
                }
                sc.reset();
            }
        },
    )
}

/// The pivot-sampling estimate shared by the hop-count and weighted versions: pivots go in
/// fixed blocks of `block`; `pivots(vs, ..)` adds, for every pivot v of the block and every
/// u ≠ v that v reaches, 1/d, 1 and d (d in units of `unit`) to u's sums; `range` bounds each
/// real harmonic term 1/d(v_i, u) (1 for hop counts).
#[allow(clippy::too_many_arguments)]
fn sampled<S: Send>(
    g: &Graph,
    samples: usize,
    seed: u64,
    unit: f64,
    range: f64,
    block: usize,
    scratch: impl Fn() -> S + Sync + Send,
    pivots: impl Fn(&[u32], &mut S, &mut PivotSums) + Sync + Send,
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
                let vs: Vec<u32> = (b * block..((b + 1) * block).min(k))
                    .map(|i| super::approx::sample_rng(seed, i as u64).random_range(0..n) as u32)
                    .collect();
                pivots(&vs, sc, &mut ps);
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

/// Bit-parallel breadth-first search from up to 64 sources at once: source i owns bit i of a
/// `u64` mask per node, and one sweep over a level's frontier advances every source together,
/// so a node's ties are scanned once per distinct distance at which sources reach it, not once
/// per source.
pub(crate) struct MultiBfs {
    /// Sources that have reached each node.
    seen: Vec<u64>,
    /// Sources whose BFS has the node in the current frontier.
    frontier: Vec<u64>,
    /// Sources newly reaching each node at the next level.
    next: Vec<u64>,
    /// Nodes with a non-empty frontier mask.
    active: Vec<u32>,
    /// Nodes with a non-empty `next` mask.
    touched: Vec<u32>,
    /// Every node reached, to clear `seen` afterwards.
    reached: Vec<u32>,
}

impl MultiBfs {
    /// Sources per traversal (bits in a mask).
    pub(crate) const WIDTH: usize = 64;

    /// Scratch for graphs of `n` nodes.
    pub(crate) fn new(n: usize) -> Self {
        MultiBfs {
            seen: vec![0; n],
            frontier: vec![0; n],
            next: vec![0; n],
            active: Vec::new(),
            touched: Vec::new(),
            reached: Vec::new(),
        }
    }

    /// BFS over `csr` from `sources[i]` (bit i; a source may repeat) at once. Calls
    /// `visit(w, d, mask)` once for each node w and distance d ≥ 1 at which some sources first
    /// reach w, `mask` holding exactly those sources' bits: bit i is in the mask of (w, d)
    /// iff the hop distance from `sources[i]` to w is d. Nodes are visited level by level;
    /// the order inside a level depends only on the graph and the sources.
    ///
    /// # Complexity
    /// O(Σ_v L(v)·deg(v)) time, L(v) the number of distinct distances of v from the sources
    /// (at most min(64, eccentricity)); O(n) scratch.
    ///
    /// # Panics
    /// When more than 64 sources are given.
    pub(crate) fn run(
        &mut self,
        csr: &Csr,
        sources: &[u32],
        mut visit: impl FnMut(usize, u32, u64),
    ) {
        assert!(sources.len() <= Self::WIDTH, "MultiBfs: at most 64 sources");
        self.active.clear();
        self.reached.clear();
        for (i, &s) in sources.iter().enumerate() {
            let s = s as usize;
            if self.frontier[s] == 0 {
                self.active.push(s as u32);
                self.reached.push(s as u32);
            }
            self.frontier[s] |= 1 << i;
            self.seen[s] |= 1 << i;
        }
        let mut d = 0u32;
        while !self.active.is_empty() {
            d += 1;
            self.touched.clear();
            for &v in &self.active {
                let f = self.frontier[v as usize];
                for &w in csr.row(v as usize) {
                    let wi = w as usize;
                    let nb = f & !self.seen[wi];
                    if nb != 0 {
                        if self.next[wi] == 0 {
                            self.touched.push(w);
                        }
                        self.next[wi] |= nb;
                    }
                }
            }
            for &v in &self.active {
                self.frontier[v as usize] = 0;
            }
            for &w in &self.touched {
                let wi = w as usize;
                let nb = self.next[wi];
                self.next[wi] = 0;
                if self.seen[wi] == 0 {
                    self.reached.push(w);
                }
                self.seen[wi] |= nb;
                self.frontier[wi] = nb;
                visit(wi, d, nb);
            }
            std::mem::swap(&mut self.active, &mut self.touched);
        }
        for &v in &self.reached {
            self.seen[v as usize] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{assert_close, random_graph, with_threads};
    use super::*;

    /// Distance of a node the BFS has not reached.
    const UNSEEN: u32 = u32::MAX;

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

    /// Hop distances from `s` over `csr` by a plain BFS (UNSEEN when unreached).
    fn bfs(csr: &Csr, s: usize) -> Vec<u32> {
        let mut dist = vec![UNSEEN; csr.offsets().len() - 1];
        let mut queue = std::collections::VecDeque::from([s]);
        dist[s] = 0;
        while let Some(v) = queue.pop_front() {
            for &w in csr.row(v) {
                if dist[w as usize] == UNSEEN {
                    dist[w as usize] = dist[v] + 1;
                    queue.push_back(w as usize);
                }
            }
        }
        dist
    }

    /// Per source bit, the distances [`MultiBfs::run`] reports (UNSEEN when never reported;
    /// 0 for the source itself); also checks each (node, distance) is reported once.
    fn multi(csr: &Csr, n: usize, sources: &[u32]) -> Vec<Vec<u32>> {
        let mut bfs = MultiBfs::new(n);
        let mut dist = vec![vec![UNSEEN; n]; sources.len()];
        for (i, &s) in sources.iter().enumerate() {
            dist[i][s as usize] = 0;
        }
        let mut calls = std::collections::BTreeSet::new();
        bfs.run(csr, sources, |w, d, mask| {
            assert!(mask != 0 && d >= 1);
            assert!(calls.insert((w, d)), "({w}, {d}) reported twice");
            for (i, row) in dist.iter_mut().enumerate() {
                if mask >> i & 1 == 1 {
                    assert_eq!(row[w], UNSEEN, "bit {i} reached {w} twice");
                    row[w] = d;
                }
            }
        });
        // The scratch is clean again: a second run gives the same answer.
        let mut again = vec![vec![UNSEEN; n]; sources.len()];
        for (i, &s) in sources.iter().enumerate() {
            again[i][s as usize] = 0;
        }
        bfs.run(csr, sources, |w, d, mask| {
            for (i, row) in again.iter_mut().enumerate() {
                if mask >> i & 1 == 1 {
                    row[w] = d;
                }
            }
        });
        assert_eq!(dist, again);
        dist
    }

    #[test]
    fn multi_source_bfs_on_hand_built_graphs() {
        // 0→1→2→3, 0→2, 4 isolated. From 0: 1 at 1, 2 at 1, 3 at 2. From 1: 2 at 1, 3 at 2.
        // From 3: nothing.
        let g = Graph::from_pairs(5, &[(0, 1), (1, 2), (2, 3), (0, 2)]);
        let d = multi(g.out(), 5, &[0, 1, 3]);
        assert_eq!(d[0], vec![0, 1, 1, 2, UNSEEN]);
        assert_eq!(d[1], vec![UNSEEN, 0, 1, 2, UNSEEN]);
        assert_eq!(d[2], vec![UNSEEN, UNSEEN, UNSEEN, 0, UNSEEN]);
        // Over incoming ties from 3: 2 at 1, 1 and 0 at 2 (0→2 directly).
        let d = multi(g.inc(), 5, &[3]);
        assert_eq!(d[0], vec![2, 2, 1, 0, UNSEEN]);
        // A cycle 0→1→2→3→0 with the same source twice and every node once.
        let g = Graph::from_pairs(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        let d = multi(g.out(), 4, &[2, 0, 1, 2, 3]);
        assert_eq!(d[0], vec![2, 3, 0, 1]);
        assert_eq!(d[1], vec![0, 1, 2, 3]);
        assert_eq!(d[2], vec![3, 0, 1, 2]);
        assert_eq!(d[3], d[0]);
        assert_eq!(d[4], vec![1, 2, 3, 0]);
    }

    #[test]
    fn multi_source_bfs_equals_one_bfs_per_source() {
        for (seed, n, m, k) in [
            (3u64, 200usize, 500usize, 64usize),
            (5, 300, 900, 37),
            (8, 50, 60, 1),
        ] {
            let g = random_graph(n, m, seed);
            let sources: Vec<u32> = (0..k)
                .map(|i| ((i * 7919 + seed as usize) % n) as u32)
                .collect();
            for csr in [g.out(), g.inc()] {
                let d = multi(csr, n, &sources);
                for (i, &s) in sources.iter().enumerate() {
                    assert_eq!(d[i], bfs(csr, s as usize), "seed {seed}, source {s}");
                }
            }
        }
    }

    #[test]
    fn sampled_sums_equal_one_bfs_per_pivot() {
        // The estimate from the bit-parallel traversal equals the one from a plain BFS per
        // pivot: reach counts and distance totals exactly, harmonic to rounding.
        let (n, k, seed) = (300usize, 150usize, 9u64);
        let g = random_graph(n, 900, seed);
        let (c, h, _) = closeness_harmonic_sampled(&g, k, seed);
        let (mut hs, mut hits, mut tot) = (vec![0.0f64; n], vec![0u64; n], vec![0u64; n]);
        for i in 0..k {
            let v = super::super::approx::sample_rng(seed, i as u64).random_range(0..n);
            for (u, &d) in bfs(g.out(), v).iter().enumerate() {
                if d != UNSEEN && d > 0 {
                    hs[u] += 1.0 / f64::from(d);
                    hits[u] += 1;
                    tot[u] += u64::from(d);
                }
            }
        }
        let (kf, n1, nf) = (k as f64, (n - 1) as f64, n as f64);
        for u in 0..n {
            assert!((h[u] - hs[u] * nf / (kf * n1)).abs() < 1e-12, "h {u}");
            let want = if tot[u] == 0 {
                0.0
            } else {
                (hits[u] as f64 / tot[u] as f64) * (hits[u] as f64 * nf / (kf * n1))
            };
            assert!((c[u] - want).abs() < 1e-12, "c {u}");
        }
        assert!(h.iter().any(|&x| x > 0.0));
    }
}
