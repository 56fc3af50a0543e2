//! Sampled betweenness (Riondato–Kornaropoulos), on hop counts or weighted paths, and the
//! vertex-diameter bounds it needs.

use super::lengths::PathLengths;
use super::weighted::{self, FAR};
use crate::graph::{Csr, Graph};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

/// Distance of a node the BFS has not reached.
const UNSEEN: u32 = u32::MAX;

/// The constant c of the Riondato–Kornaropoulos sample size (0.5, from Löffler and Phillips).
const RK_C: f64 = 0.5;

/// What [`betweenness_approx`] did, for reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ApproxInfo {
    /// Number r of sampled (source, target) pairs.
    pub samples: usize,
    /// Additive error bound asked for, on the normalised scale of
    /// [`super::betweenness`].
    pub epsilon: f64,
    /// Probability that some node misses the bound.
    pub delta: f64,
    /// Upper bound VD on the vertex diameter (nodes on a longest shortest path) used to size
    /// the sample.
    pub vertex_diameter_bound: usize,
}

/// A seeded RNG for sample `i`: independent of the thread that draws it.
pub(crate) fn sample_rng(seed: u64, i: u64) -> Pcg64Mcg {
    // splitmix64 finaliser of (seed, i), so neighbouring indices get unrelated streams.
    let mut z = seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    Pcg64Mcg::seed_from_u64(z ^ (z >> 31))
}

/// Strongly connected components (iterative Tarjan). Returns `comp[v]`; components are
/// numbered in reverse topological order: a tie u → v between components has
/// `comp[u] > comp[v]`.
fn scc(out: &Csr, n: usize) -> (Vec<u32>, usize) {
    const UNDEF: u32 = u32::MAX;
    let mut index = vec![UNDEF; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut comp = vec![UNDEF; n];
    let mut calls: Vec<(u32, usize)> = Vec::new();
    let (mut counter, mut count) = (0u32, 0usize);
    for r in 0..n {
        if index[r] != UNDEF {
            continue;
        }
        index[r] = counter;
        low[r] = counter;
        counter += 1;
        stack.push(r as u32);
        on_stack[r] = true;
        calls.push((r as u32, 0));
        while let Some(&mut (v, ref mut i)) = calls.last_mut() {
            let v = v as usize;
            let row = out.row(v);
            if *i < row.len() {
                let w = row[*i] as usize;
                *i += 1;
                if index[w] == UNDEF {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    calls.push((w as u32, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                calls.pop();
                if let Some(&(p, _)) = calls.last() {
                    low[p as usize] = low[p as usize].min(low[v]);
                }
                if low[v] == index[v] {
                    loop {
                        let w = stack.pop().expect("Tarjan stack") as usize;
                        on_stack[w] = false;
                        comp[w] = count as u32;
                        if w == v {
                            break;
                        }
                    }
                    count += 1;
                }
            }
        }
    }
    (comp, count)
}

/// Eccentricity of `r` inside its component `c` over `csr` (BFS restricted to `comp == c`).
fn ecc_within(csr: &Csr, comp: &[u32], r: usize, dist: &mut [u32], queue: &mut Vec<u32>) -> u32 {
    let c = comp[r];
    queue.clear();
    queue.push(r as u32);
    dist[r] = 0;
    let mut head = 0;
    let mut ecc = 0;
    while head < queue.len() {
        let v = queue[head] as usize;
        head += 1;
        ecc = dist[v];
        for &w in csr.row(v) {
            let w = w as usize;
            if comp[w] == c && dist[w] == UNSEEN {
                dist[w] = dist[v] + 1;
                queue.push(w as u32);
            }
        }
    }
    for &v in queue.iter() {
        dist[v as usize] = UNSEEN;
    }
    ecc
}

/// An upper bound on the vertex diameter of a directed graph: the largest number of nodes on
/// a shortest path.
///
/// A shortest path visits the strongly connected components along a path of the
/// condensation, and its stretch inside a component C is a shortest path of C, so at most
/// min(|C|, ecc_in(r) + ecc_out(r) + 1) nodes for any r in C (go through r). The bound is the
/// heaviest path of the condensation with those node weights, capped at n.
///
/// # Arguments
/// * `g`: the network (directed, hop counts).
///
/// # Returns
/// VD ≥ the true vertex diameter; 0 for the empty graph.
///
/// # Complexity
/// O(n + m) time (Tarjan's SCC, two BFS per component restricted to it, a pass over the
/// condensation); O(n) space.
///
/// # Reference
/// R. Tarjan, "Depth-first search and linear graph algorithms", *SIAM J. Computing* 1(2),
/// 1972 (components); the per-component bound is the triangle inequality through r.
pub fn vertex_diameter_bound(g: &Graph) -> usize {
    vd_bound(g, true)
}

/// An upper bound on the vertex diameter of a directed graph for weighted shortest paths:
/// the heaviest path of the condensation with each strongly connected component weighted by
/// its size (a shortest path is simple, so it has at most |C| nodes in C; the hop-count
/// eccentricities of [`vertex_diameter_bound`] do not bound weighted paths).
///
/// # Arguments
/// * `g`: the network (directed).
///
/// # Returns
/// VD ≥ the number of nodes on any weighted shortest path; 0 for the empty graph.
///
/// # Complexity
/// O(n + m) time and O(n) space.
///
/// # Reference
/// R. Tarjan, "Depth-first search and linear graph algorithms", *SIAM J. Computing* 1(2), 1972.
pub fn vertex_diameter_bound_weighted(g: &Graph) -> usize {
    vd_bound(g, false)
}

/// [`vertex_diameter_bound`] (`hops`: components weighted by min(|C|, ecc_in + ecc_out + 1))
/// or [`vertex_diameter_bound_weighted`] (components weighted by |C|).
fn vd_bound(g: &Graph, hops: bool) -> usize {
    let n = g.n();
    if n == 0 {
        return 0;
    }
    let (comp, k) = scc(g.out(), n);
    let mut first = vec![u32::MAX; k];
    let mut size = vec![0usize; k];
    for v in 0..n {
        let c = comp[v] as usize;
        if first[c] == u32::MAX {
            first[c] = v as u32;
        }
        size[c] += 1;
    }
    let mut dist = vec![UNSEEN; n];
    let mut queue = Vec::new();
    let weight: Vec<usize> = (0..k)
        .map(|c| {
            if size[c] == 1 || !hops {
                return size[c];
            }
            let r = first[c] as usize;
            let e_out = ecc_within(g.out(), &comp, r, &mut dist, &mut queue);
            let e_in = ecc_within(g.inc(), &comp, r, &mut dist, &mut queue);
            size[c].min((e_out + e_in) as usize + 1)
        })
        .collect();
    // Heaviest path: components in increasing number (sinks first).
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); k];
    for v in 0..n {
        members[comp[v] as usize].push(v as u32);
    }
    let mut heaviest = vec![0usize; k];
    for c in 0..k {
        let mut best = 0;
        for &v in &members[c] {
            for &w in g.out().row(v as usize) {
                let cw = comp[w as usize] as usize;
                if cw != c {
                    best = best.max(heaviest[cw]);
                }
            }
        }
        heaviest[c] = weight[c] + best;
    }
    heaviest.into_iter().max().unwrap_or(0).min(n)
}

/// Per-thread scratch of one sample: BFS distances, path counts and order.
struct Scratch {
    dist: Vec<u32>,
    sigma: Vec<f64>,
    order: Vec<u32>,
}

/// Draws one (s, t) pair and one shortest s → t path uniformly among all of them; adds 1 to
/// `hits[v]` for every interior node v of that path.
fn one_sample(g: &Graph, rng: &mut Pcg64Mcg, sc: &mut Scratch, hits: &mut [u32]) {
    let n = g.n();
    let s = rng.random_range(0..n);
    let mut t = rng.random_range(0..n - 1);
    if t >= s {
        t += 1;
    }
    let Scratch { dist, sigma, order } = sc;
    order.clear();
    order.push(s as u32);
    dist[s] = 0;
    sigma[s] = 1.0;
    let mut head = 0;
    // BFS with path counts, stopped once the level before t's is expanded.
    while head < order.len() {
        let v = order[head] as usize;
        if dist[t] != UNSEEN && dist[v] >= dist[t] {
            break;
        }
        head += 1;
        let next = dist[v] + 1;
        let sv = sigma[v];
        for &w in g.out().row(v) {
            let w = w as usize;
            if dist[w] == UNSEEN {
                dist[w] = next;
                sigma[w] = sv;
                order.push(w as u32);
            } else if dist[w] == next {
                sigma[w] += sv;
            }
        }
    }
    if dist[t] != UNSEEN {
        // Walk back from t, choosing predecessor p of x with probability σ_sp / σ_sx.
        let mut x = t;
        while dist[x] > 1 {
            let dp = dist[x] - 1;
            let mut u = rng.random::<f64>() * sigma[x];
            let mut chosen = usize::MAX;
            for &p in g.inc().row(x) {
                let p = p as usize;
                if dist[p] == dp {
                    chosen = p;
                    if u < sigma[p] {
                        break;
                    }
                    u -= sigma[p];
                }
            }
            hits[chosen] += 1;
            x = chosen;
        }
    }
    for &v in order.iter() {
        dist[v as usize] = UNSEEN;
    }
}

/// Betweenness centrality estimated by sampling shortest paths, with an additive error
/// guarantee for every node at once.
///
/// Riondato–Kornaropoulos: draw r ordered pairs (s, t), s ≠ t, uniformly; for each, one
/// shortest s → t path uniformly among the σ_st (BFS from s counting paths, then a walk back
/// from t choosing each predecessor p of x with probability σ_sp/σ_sx); every interior node
/// of the path scores 1. With
/// r = ⌈(c/ε'²)(⌊log2(VD − 2)⌋ + 1 + ln(1/δ))⌉, c = 0.5, VD = [`vertex_diameter_bound`],
/// the score share b̃(v) = hits(v)/r is within ε' of b(v) = 1/(n(n−1)) Σ_{s≠t} σ_st(v)/σ_st
/// for all v at once with probability ≥ 1 − δ. The exact kernel's normalisation is
/// 1/((n−1)(n−2)), so c(v) = b(v)·n/(n−2): the estimate is b̃(v)·n/(n−2) and the kernel
/// samples with ε' = ε(n−2)/n, which keeps |estimate − c(v)| ≤ ε.
///
/// Works on directed graphs. Sample i draws from its own RNG seeded by (seed, i) and hits
/// are integer counts, so the result is bit-identical whatever the thread count.
///
/// # Arguments
/// * `g`: the network; ties are directed, weights are ignored (hop counts).
/// * `epsilon`: additive error ε on the normalised scale of [`super::betweenness`], in (0, 1).
/// * `delta`: failure probability δ, in (0, 1).
/// * `seed`: RNG seed.
///
/// # Returns
/// One estimate per node, on the scale of [`super::betweenness`], and an [`ApproxInfo`].
/// All zeros (0 samples) when n < 3 or VD ≤ 2 (no shortest path has an interior node).
///
/// # Complexity
/// O(r·m) time in the worst case (each sample is a BFS from s, stopped at t's level) plus
/// O(n + m) for VD, with r independent of n except through log VD; O(n) scratch per
/// thread and O(n) counts per rayon task.
///
/// # Panics
/// When `epsilon` or `delta` is not in (0, 1).
///
/// # Reference
/// M. Riondato and E. M. Kornaropoulos, "Fast approximation of betweenness centrality
/// through sampling", *Data Mining and Knowledge Discovery* 30(2), 2016, Algorithm 1.
/// Symbols: r = `samples`, VD = `vertex_diameter_bound`, σ_sv = `sigma`, c = `RK_C`.
pub fn betweenness_approx(
    g: &Graph,
    epsilon: f64,
    delta: f64,
    seed: u64,
) -> (Vec<f64>, ApproxInfo) {
    assert!(epsilon > 0.0 && epsilon < 1.0, "epsilon must be in (0, 1)");
    assert!(delta > 0.0 && delta < 1.0, "delta must be in (0, 1)");
    let n = g.n();
    let vd = vertex_diameter_bound(g);
    let mut info = ApproxInfo {
        samples: 0,
        epsilon,
        delta,
        vertex_diameter_bound: vd,
    };
    if n < 3 || vd <= 2 {
        return (vec![0.0; n], info);
    }
    let r = rk_sample_size(n, vd, epsilon, delta);
    info.samples = r;
    let hits = sample_hits(
        n,
        r,
        seed,
        || Scratch {
            dist: vec![UNSEEN; n],
            sigma: vec![0.0; n],
            order: Vec::with_capacity(n),
        },
        |rng, sc, h| one_sample(g, rng, sc, h),
    );
    (scale_hits(n, r, hits), info)
}

/// Riondato–Kornaropoulos sample size r = ⌈(c/ε'²)(⌊log2(VD − 2)⌋ + 1 + ln(1/δ))⌉ with
/// ε' = ε(n−2)/n (the estimate is rescaled to the 1/((n−1)(n−2)) normalisation).
fn rk_sample_size(n: usize, vd: usize, epsilon: f64, delta: f64) -> usize {
    let eps_rk = epsilon * (n - 2) as f64 / n as f64;
    let vc = ((vd - 2) as f64).log2().floor() + 1.0;
    (RK_C / (eps_rk * eps_rk) * (vc + (1.0 / delta).ln())).ceil() as usize
}

/// Runs samples 0..r, sample i with its own RNG seeded by (seed, i), each adding 1 to the
/// hits of the interior nodes of one path; returns the total hits per node. Hits are integers,
/// so the sum is exact in any grouping: bit-identical whatever the thread count.
fn sample_hits<S: Send>(
    n: usize,
    r: usize,
    seed: u64,
    scratch: impl Fn() -> S + Sync + Send,
    sample: impl Fn(&mut Pcg64Mcg, &mut S, &mut [u32]) + Sync + Send,
) -> Vec<u64> {
    (0..r as u64)
        .into_par_iter()
        .fold(
            || (scratch(), vec![0u32; n]),
            |(mut sc, mut h), i| {
                sample(&mut sample_rng(seed, i), &mut sc, &mut h);
                (sc, h)
            },
        )
        .map(|(_, h)| h.into_iter().map(u64::from).collect::<Vec<u64>>())
        .reduce(
            || vec![0u64; n],
            |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                a
            },
        )
}

/// hits(v) / r on the 1/((n−1)(n−2)) scale: hits · n / ((n−2) r).
fn scale_hits(n: usize, r: usize, hits: Vec<u64>) -> Vec<f64> {
    let scale = n as f64 / ((n - 2) as f64 * r as f64);
    hits.into_iter().map(|h| h as f64 * scale).collect()
}

/// Draws one (s, t) pair and one weighted shortest s → t path uniformly among all of them;
/// adds 1 to `hits[v]` for every interior node v of that path.
fn one_sample_weighted(
    g: &Graph,
    lengths: &PathLengths,
    rng: &mut Pcg64Mcg,
    sc: &mut weighted::Scratch,
    hits: &mut [u32],
) {
    let n = g.n();
    let s = rng.random_range(0..n);
    let mut t = rng.random_range(0..n - 1);
    if t >= s {
        t += 1;
    }
    weighted::dijkstra(g.out(), &lengths.out, s, Some(t), sc);
    if sc.dist[t] != FAR {
        // Walk back from t, choosing predecessor p of x (d(s,p) + ℓ(p,x) = d(s,x)) with
        // probability σ_sp / σ_sx. Such p are all settled: an unsettled node's tentative
        // distance is at least d(s,t) ≥ d(s,x).
        let mut x = t;
        loop {
            let dx = sc.dist[x];
            let mut u = rng.random::<f64>() * sc.sigma[x];
            let mut chosen = usize::MAX;
            for (&p, &l) in g.inc().row(x).iter().zip(lengths.inc_row(g, x)) {
                let p = p as usize;
                let dp = sc.dist[p];
                if dp != FAR && dp + l == dx {
                    chosen = p;
                    if u < sc.sigma[p] {
                        break;
                    }
                    u -= sc.sigma[p];
                }
            }
            if chosen == s {
                break;
            }
            hits[chosen] += 1;
            x = chosen;
        }
    }
    sc.reset();
}

/// Betweenness on weighted shortest paths ([`super::betweenness_weighted`]) estimated by
/// sampling shortest paths, with the same guarantee as [`betweenness_approx`]: every node
/// within ε of the exact value at once, with probability ≥ 1 − δ.
///
/// The same Riondato–Kornaropoulos algorithm with Dijkstra (stopped once t is settled) in
/// place of BFS; the walk back from t picks predecessors p with d(s,p) + ℓ(p,x) = d(s,x) in
/// proportion to σ_sp. The sample size uses [`vertex_diameter_bound_weighted`]. Sample i
/// draws from its own RNG seeded by (seed, i) and hits are integers, so the result is
/// bit-identical whatever the thread count.
///
/// # Arguments
/// * `g`: the network; ties are directed.
/// * `lengths`: tie lengths from [`PathLengths::new`] for `g`.
/// * `epsilon`: additive error ε on the normalised scale, in (0, 1).
/// * `delta`: failure probability δ, in (0, 1).
/// * `seed`: RNG seed.
///
/// # Returns
/// One estimate per node and an [`ApproxInfo`]; all zeros (0 samples) when n < 3 or VD ≤ 2.
///
/// # Complexity
/// O(r·m log n) time in the worst case, r as in [`betweenness_approx`]; O(n) scratch per
/// thread.
///
/// # Panics
/// When `epsilon` or `delta` is not in (0, 1).
///
/// # Reference
/// M. Riondato and E. M. Kornaropoulos, "Fast approximation of betweenness centrality
/// through sampling", *Data Mining and Knowledge Discovery* 30(2), 2016 (Algorithm 1, which
/// covers weighted graphs with Dijkstra).
pub fn betweenness_approx_weighted(
    g: &Graph,
    lengths: &PathLengths,
    epsilon: f64,
    delta: f64,
    seed: u64,
) -> (Vec<f64>, ApproxInfo) {
    assert!(epsilon > 0.0 && epsilon < 1.0, "epsilon must be in (0, 1)");
    assert!(delta > 0.0 && delta < 1.0, "delta must be in (0, 1)");
    let n = g.n();
    let vd = vertex_diameter_bound_weighted(g);
    let mut info = ApproxInfo {
        samples: 0,
        epsilon,
        delta,
        vertex_diameter_bound: vd,
    };
    if n < 3 || vd <= 2 {
        return (vec![0.0; n], info);
    }
    let r = rk_sample_size(n, vd, epsilon, delta);
    info.samples = r;
    let hits = sample_hits(
        n,
        r,
        seed,
        || weighted::Scratch::new(n),
        |rng, sc, h| one_sample_weighted(g, lengths, rng, sc, h),
    );
    (scale_hits(n, r, hits), info)
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{random_graph, with_threads};
    use super::*;

    #[test]
    fn vertex_diameter_of_path_and_cycle() {
        // Directed path 0→1→2→3: the longest shortest path has 4 nodes; four singleton
        // components of weight 1 in a chain: bound 4.
        let path = Graph::from_pairs(4, &[(0, 1), (1, 2), (2, 3)]);
        assert_eq!(vertex_diameter_bound(&path), 4);
        // Directed 5-cycle: true VD 5 (0→…→4); one component, ecc_out(0) = ecc_in(0) = 4,
        // bound min(5, 9) = 5.
        let cycle = Graph::from_pairs(5, &[(0, 1), (1, 2), (2, 3), (3, 4), (4, 0)]);
        assert_eq!(vertex_diameter_bound(&cycle), 5);
        // Reciprocated star (centre 0, leaves 1..4) then a tail 4→5→6 out of it (5, 6 are
        // singletons): star ecc_out(0) = ecc_in(0) = 1: weight min(5, 3) = 3; plus 2 = 5.
        let mut pairs = vec![(4, 5), (5, 6)];
        for l in 1..5 {
            pairs.push((0, l));
            pairs.push((l, 0));
        }
        let g = Graph::from_pairs(7, &pairs);
        assert_eq!(vertex_diameter_bound(&g), 5);
        assert_eq!(vertex_diameter_bound(&Graph::from_pairs(0, &[])), 0);
    }

    /// The true vertex diameter, by BFS from every node.
    fn true_vd(g: &Graph) -> usize {
        let n = g.n();
        let mut best = if n > 0 { 1 } else { 0 };
        for s in 0..n {
            let mut d = vec![UNSEEN; n];
            d[s] = 0;
            let mut q = std::collections::VecDeque::from([s]);
            while let Some(v) = q.pop_front() {
                best = best.max(d[v] as usize + 1);
                for &w in g.out().row(v) {
                    if d[w as usize] == UNSEEN {
                        d[w as usize] = d[v] + 1;
                        q.push_back(w as usize);
                    }
                }
            }
        }
        best
    }

    #[test]
    fn vertex_diameter_bound_is_an_upper_bound() {
        for seed in 0..6 {
            let g = random_graph(200, 300 + 100 * seed as usize, seed);
            let (b, t) = (vertex_diameter_bound(&g), true_vd(&g));
            assert!(b >= t && b <= g.n(), "seed {seed}: bound {b}, true {t}");
        }
    }

    #[test]
    fn path_sampling_on_a_path_is_exact() {
        // 0→1→2: only the pair (0,2) has an interior node. Every sample (s,t) is one of the 6
        // ordered pairs; hits on 1 come only from (0,2), so the estimate is a binomial share,
        // and nodes 0 and 2 can never be hit.
        let g = Graph::from_pairs(3, &[(0, 1), (1, 2)]);
        let (c, info) = betweenness_approx(&g, 0.1, 0.1, 1);
        assert!(info.samples > 0);
        assert_eq!((c[0], c[2]), (0.0, 0.0));
        assert!((c[1] - 0.5).abs() <= 0.1, "{}", c[1]);
    }

    #[test]
    fn within_epsilon_of_exact() {
        for (seed, eps) in [(1u64, 0.05), (2, 0.03), (3, 0.05)] {
            let g = random_graph(300, 700, seed);
            let exact = super::super::betweenness(&g);
            let (est, info) = betweenness_approx(&g, eps, 0.01, seed);
            assert!(info.samples > 100);
            for v in 0..g.n() {
                assert!(
                    (est[v] - exact[v]).abs() <= eps,
                    "seed {seed} node {v}: {} vs {}",
                    est[v],
                    exact[v]
                );
            }
        }
    }

    /// Ties that are never reciprocated: `dag` keeps only ties from a lower to a higher
    /// index (no cycle at all), otherwise a one-way random graph with long directed cycles.
    fn one_way_graph(n: usize, m: usize, seed: u64, dag: bool) -> Graph {
        let g = random_graph(n, m, seed);
        let mut pairs = Vec::new();
        for v in 0..n as u32 {
            for &w in g.out().row(v as usize) {
                let keep = if dag {
                    v < w
                } else {
                    !g.has_tie(w as usize, v) || v < w
                };
                if keep {
                    pairs.push((v, w));
                }
            }
        }
        Graph::from_pairs(n, &pairs)
    }

    #[test]
    fn within_epsilon_of_exact_on_one_way_and_acyclic_graphs() {
        // Directed graphs without a single reciprocated tie (NetworKit's KADABRA refuses
        // directed graphs): a DAG, where the condensation is n singletons, and one-way graphs
        // with directed cycles.
        for (seed, dag) in [(4u64, true), (5, false), (6, true), (7, false)] {
            let g = one_way_graph(300, 900, seed, dag);
            for v in 0..g.n() {
                for &w in g.out().row(v) {
                    assert!(!g.has_tie(w as usize, v as u32), "reciprocated");
                }
            }
            let exact = super::super::betweenness(&g);
            assert!(exact.iter().any(|&x| x > 0.0));
            let eps = 0.03;
            let (est, info) = betweenness_approx(&g, eps, 0.01, seed);
            assert!(info.samples > 100);
            assert!(info.vertex_diameter_bound >= 3);
            let worst = (0..g.n())
                .map(|v| (est[v] - exact[v]).abs())
                .fold(0.0, f64::max);
            assert!(worst <= eps, "seed {seed} dag {dag}: {worst}");
            // Sampled closeness/harmonic on the same graph: within the stated half-width.
            let (_, h) = super::super::closeness_harmonic(&g);
            let (_, he, si) = super::super::closeness_harmonic_sampled(&g, 1000, seed);
            for u in 0..g.n() {
                assert!(
                    (he[u] - h[u]).abs() <= si.harmonic_half_width,
                    "harmonic {u}"
                );
            }
        }
    }

    #[test]
    fn one_thread_equals_two_threads_bit_for_bit() {
        let g = random_graph(300, 900, 5);
        let a = with_threads(1, || betweenness_approx(&g, 0.05, 0.1, 9));
        let b = with_threads(2, || betweenness_approx(&g, 0.05, 0.1, 9));
        assert_eq!(a.1, b.1);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.0), bits(&b.0));
        assert!(a.0.iter().any(|&x| x > 0.0));
    }
}
