//! Communities by modularity optimisation (Louvain), and the directed modularity of a partition.
//!
//! [`modularity`] is the *directed* weighted modularity that NetworkX computes on the DiGraph
//! (`nx.community.modularity(G, communities, weight="weight")`):
//!
//! Q = Σ_c [ L_c / m − (Σout_c · Σin_c) / m² ]
//!
//! with m the total tie weight, L_c the weight of ties inside community c and Σout_c, Σin_c the
//! out- and in-strengths of its members.
//!
//! [`louvain`] runs the Louvain method (Blondel et al. 2008) twice on the same engine and keeps
//! the partition with the higher directed Q:
//!
//! 1. the *directed* objective of Leicht & Newman (2008), i.e. the Q above, and
//! 2. the classical *undirected* objective on the symmetrised graph with mutual weights
//!    w̃_ij = w_ij + w_ji (`g.und()`). NetworkX's reference (`louvain_communities(
//!    G.to_undirected(), weight="weight")`) differs here: its `to_undirected` keeps only ONE of
//!    the two arc weights of a reciprocated pair, whereas we add them, so no strength is lost.
//!
//! Every run visits nodes in a seeded random order per level, moves strictly uphill, and breaks
//! ties by the first neighbouring community met in node order, so the result depends only on the
//! graph and the seed. Each run is sequential (milliseconds on graphs of thousands of people);
//! the runs go in parallel and the best is picked in a fixed order, so the result is the same
//! for any thread count.

use std::borrow::Cow;

use crate::analysis::reach::bounded;
use crate::graph::Graph;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

/// Directed modularity of a partition, weights as strengths (resolution 1).
///
/// Q = Σ_c [ L_c/m − (Σout_c · Σin_c)/m² ], where m = Σ w over all ties, L_c = Σ w over ties
/// with both ends in c, Σout_c / Σin_c = sum of out-/in-strengths of c's members. Equals
/// `nx.community.modularity(G, communities, weight="weight")` on the DiGraph.
///
/// # Arguments
/// * `g` – the network.
/// * `partition` – community id per node (any `u32` values; equal ids = same community).
///
/// # Returns
/// Q in [−1, 1]; 0.0 when the graph has no ties (NetworkX divides by zero there).
///
/// # Complexity
/// Time O(n + m + c) with c the largest id + 1; space O(c).
///
/// # References
/// E. A. Leicht, M. E. J. Newman, "Community structure in directed networks", Phys. Rev. Lett.
/// 100, 118703 (2008).
pub fn modularity(g: &Graph, partition: &[u32]) -> f64 {
    let n = g.n();
    assert_eq!(partition.len(), n, "one community per node");
    let c = partition.iter().map(|&x| x as usize + 1).max().unwrap_or(0);
    let mut inside = vec![0.0f64; c];
    let mut out_s = vec![0.0f64; c];
    let mut in_s = vec![0.0f64; c];
    let mut m = 0.0f64;
    for u in 0..n {
        let cu = partition[u] as usize;
        for (&v, &w) in g.out().row(u).iter().zip(g.out().row_weights(u)) {
            m += w;
            out_s[cu] += w;
            in_s[partition[v as usize] as usize] += w;
            if partition[v as usize] as usize == cu {
                inside[cu] += w;
            }
        }
    }
    if m == 0.0 {
        return 0.0;
    }
    let norm = 1.0 / (m * m);
    (0..c)
        .map(|k| inside[k] / m - out_s[k] * in_s[k] * norm)
        .sum()
}

/// One level of the Louvain hierarchy: a weighted directed graph stored as its symmetrised
/// neighbour lists (weight A_ij + A_ji, no self entries) plus the strengths the objective needs.
///
/// Level 0 borrows the graph's symmetrised adjacency rather than copying it (two runs at a time
/// would hold two copies, about 20 bytes per tie each).
struct Level<'g> {
    offsets: Cow<'g, [usize]>,
    targets: Cow<'g, [u32]>,
    /// A_ij + A_ji for the neighbour pair, to be multiplied by `factor`.
    weights: Cow<'g, [f64]>,
    /// What the stored weights are multiplied by (2 for the undirected objective, else 1). A
    /// power of two, so multiplying a sum of weights by it gives exactly the sum of the
    /// multiplied weights: the same gains, bit for bit, as storing the products.
    factor: f64,
    /// Out-strength k_i^out (self-loops included).
    kout: Vec<f64>,
    /// In-strength k_i^in (self-loops included).
    kin: Vec<f64>,
}

impl<'g> Level<'g> {
    fn n(&self) -> usize {
        self.kout.len()
    }

    /// Level 0 for the directed objective (A = ties) or the undirected one (A = mutual weights,
    /// symmetric). Returns the level and m = Σ_ij A_ij.
    fn first(g: &'g Graph, directed: bool) -> (Level<'g>, f64) {
        let n = g.n();
        let und = g.und();
        let factor = if directed { 1.0 } else { 2.0 };
        let (kout, kin): (Vec<f64>, Vec<f64>) = if directed {
            (
                (0..n)
                    .map(|v| g.out().row_weights(v).iter().sum())
                    .collect(),
                (0..n)
                    .map(|v| g.inc().row_weights(v).iter().sum())
                    .collect(),
            )
        } else {
            let k: Vec<f64> = (0..n).map(|v| und.row_weights(v).iter().sum()).collect();
            (k.clone(), k)
        };
        let m: f64 = kout.iter().sum();
        (
            Level {
                offsets: Cow::Borrowed(und.offsets()),
                targets: Cow::Borrowed(und.targets()),
                weights: Cow::Borrowed(und.weights()),
                factor,
                kout,
                kin,
            },
            m,
        )
    }

    fn row(&self, v: usize) -> (&[u32], &[f64]) {
        let r = self.offsets[v]..self.offsets[v + 1];
        (&self.targets[r.clone()], &self.weights[r])
    }

    /// Louvain phase 1 (local moving). `comm` gets a community per node (ids < n).
    /// Returns true when some node moved.
    ///
    /// With `prune` (large networks), a pass after the first visits only nodes with a
    /// neighbour that moved in the pass before (Ozaki, Tezuka & Inaba 2016: a node whose
    /// neighbourhood is unchanged cannot gain by moving), and at most [`MAX_PASSES`] passes run.
    fn local_moving(&self, m: f64, rng: &mut Pcg64Mcg, comm: &mut [u32], prune: bool) -> bool {
        let n = self.n();
        let inv_m = 1.0 / m;
        let inv_m2 = inv_m * inv_m;
        for (v, c) in comm.iter_mut().enumerate() {
            *c = v as u32;
        }
        let mut tot_out = self.kout.clone();
        let mut tot_in = self.kin.clone();
        // Seeded visiting order (Fisher–Yates).
        let mut order: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            let j = bounded(rng, i as u32 + 1) as usize;
            order.swap(i, j);
        }
        let mut neigh_w = vec![0.0f64; n];
        let mut seen = vec![false; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut any_move = false;
        // With `prune`: nodes to visit in this pass (all in the first).
        let mut dirty = vec![true; if prune { n } else { 0 }];
        let mut passes = 0usize;
        loop {
            let mut moved = false;
            passes += 1;
            for &v in &order {
                let v = v as usize;
                if prune {
                    if !dirty[v] {
                        continue;
                    }
                    dirty[v] = false;
                }
                let own = comm[v] as usize;
                let (nbrs, ws) = self.row(v);
                touched.clear();
                for (&u, &w) in nbrs.iter().zip(ws) {
                    let c = comm[u as usize] as usize;
                    if !seen[c] {
                        seen[c] = true;
                        touched.push(c as u32);
                    }
                    neigh_w[c] += w;
                }
                tot_out[own] -= self.kout[v];
                tot_in[own] -= self.kin[v];
                let (ko, ki) = (self.kout[v], self.kin[v]);
                // ΔQ of inserting the (isolated) node v into community c.
                let factor = self.factor;
                let gain = |c: usize, w: f64| {
                    w * factor * inv_m - (ko * tot_in[c] + ki * tot_out[c]) * inv_m2
                };
                let mut best = own;
                let mut best_gain = gain(own, neigh_w[own]);
                for &c in &touched {
                    let c = c as usize;
                    let gc = gain(c, neigh_w[c]);
                    if gc > best_gain + 1e-12 * best_gain.abs().max(inv_m2) {
                        best_gain = gc;
                        best = c;
                    }
                }
                tot_out[best] += ko;
                tot_in[best] += ki;
                for &c in &touched {
                    neigh_w[c as usize] = 0.0;
                    seen[c as usize] = false;
                }
                if best != own {
                    comm[v] = best as u32;
                    moved = true;
                    any_move = true;
                    if prune {
                        for &u in nbrs {
                            dirty[u as usize] = true;
                        }
                    }
                }
            }
            if !moved || prune && passes >= MAX_PASSES {
                break;
            }
        }
        any_move
    }

    /// Louvain phase 2: one node per community (`comm` renumbered 0.. in node order first).
    fn aggregate(&self, comm: &[u32], k: usize) -> Level<'static> {
        let mut kout = vec![0.0; k];
        let mut kin = vec![0.0; k];
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); k];
        for (v, &c) in comm.iter().enumerate() {
            let c = c as usize;
            kout[c] += self.kout[v];
            kin[c] += self.kin[v];
            members[c].push(v as u32);
        }
        let mut offsets = vec![0usize; k + 1];
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut acc = vec![0.0f64; k];
        let mut seen = vec![false; k];
        let mut touched: Vec<u32> = Vec::new();
        for (c, mem) in members.iter().enumerate() {
            touched.clear();
            for &v in mem {
                let (nbrs, ws) = self.row(v as usize);
                for (&u, &w) in nbrs.iter().zip(ws) {
                    let d = comm[u as usize] as usize;
                    if d == c {
                        continue;
                    }
                    if !seen[d] {
                        seen[d] = true;
                        touched.push(d as u32);
                    }
                    acc[d] += w;
                }
            }
            touched.sort_unstable();
            for &d in &touched {
                targets.push(d);
                weights.push(acc[d as usize]);
                acc[d as usize] = 0.0;
                seen[d as usize] = false;
            }
            offsets[c + 1] = targets.len();
        }
        Level {
            offsets: Cow::Owned(offsets),
            targets: Cow::Owned(targets),
            weights: Cow::Owned(weights),
            factor: self.factor,
            kout,
            kin,
        }
    }
}

/// Renumbers ids to 0.. by first appearance; returns the count.
fn renumber(comm: &mut [u32]) -> usize {
    let mut map = vec![u32::MAX; comm.len()];
    let mut next = 0u32;
    for c in comm.iter_mut() {
        let slot = &mut map[*c as usize];
        if *slot == u32::MAX {
            *slot = next;
            next += 1;
        }
        *c = *slot;
    }
    next as usize
}

/// Multi-level Louvain with one objective; partition of the original nodes, renumbered.
fn louvain_run(g: &Graph, seed: u64, directed: bool, prune: bool) -> Vec<u32> {
    let n = g.n();
    let mut node_comm: Vec<u32> = (0..n as u32).collect();
    if n == 0 {
        return node_comm;
    }
    let (mut level, m) = Level::first(g, directed);
    if m <= 0.0 {
        return node_comm;
    }
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    loop {
        let mut comm = vec![0u32; level.n()];
        let moved = level.local_moving(m, &mut rng, &mut comm, prune);
        if !moved {
            break;
        }
        let k = renumber(&mut comm);
        for c in node_comm.iter_mut() {
            *c = comm[*c as usize];
        }
        if k == level.n() {
            break;
        }
        level = level.aggregate(&comm, k);
    }
    renumber(&mut node_comm);
    node_comm
}

/// Communities by Louvain modularity optimisation, seeded and deterministic.
///
/// Runs the multi-level Louvain method eight times: four seeded visiting orders (seeds derived
/// from `seed`) × two objectives, (1) the directed modularity of Leicht & Newman and (2) the
/// undirected modularity of the symmetrised graph with mutual weights w_ij + w_ji, and returns
/// the partition with the highest directed [`modularity`] (the first in run order on ties).
/// Louvain's result depends on the visiting order; on the reference datasets the best of these
/// eight runs matched or beat NetworkX's single Louvain run, while one run fell up to 0.008
/// below it. The runs go in parallel but each is sequential, so the result is the same for any
/// thread count. Phase 1 (local moving) visits nodes in a seeded random order and moves node i to the
/// neighbouring community C with the largest gain
/// ΔQ = w(i,C)/m − (k_i^out·Σin_C + k_i^in·Σout_C)/m² (`w(i,C)` = `neigh_w[c]`, Σout_C =
/// `tot_out[c]`, Σin_C = `tot_in[c]`, k^out/k^in = `kout`/`kin`), repeated until no node moves;
/// phase 2 merges each community into one node; levels repeat until nothing moves.
///
/// # Arguments
/// * `g` – the network (weights as strengths).
/// * `seed` – seed of the node visiting order (PCG-64 MCG).
///
/// # Returns
/// A community id per node, 0.. by first appearance in node order. Isolates are their own
/// communities.
///
/// # Complexity
/// Time about O(L · m) per run for L levels and passes (near-linear in practice), eight runs;
/// space O(n + m) per run.
///
/// # References
/// V. D. Blondel, J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of communities in
/// large networks", J. Stat. Mech. P10008 (2008); E. A. Leicht, M. E. J. Newman, "Community
/// structure in directed networks", Phys. Rev. Lett. 100, 118703 (2008).
pub fn louvain(g: &Graph, seed: u64) -> Vec<u32> {
    louvain_sized(g, seed, false)
}

/// [`louvain`], or with `large` the large-network variant: one visiting order (two runs, one
/// per objective) instead of four, and pruned local moving (only nodes next to a move are
/// revisited, at most [`MAX_PASSES`] passes per level).
///
/// # Arguments
/// * `g` – the network.
/// * `seed` – seed of the visiting order.
/// * `large` – use the large-network variant ([`LARGE_WORK`] decides it in the analysis).
///
/// # Returns
/// As [`louvain`].
///
/// # References
/// As [`louvain`]; N. Ozaki, H. Tezuka, M. Inaba, "A simple acceleration method for the
/// Louvain algorithm", Int. J. Computer and Electrical Engineering 8(3), 2016 (pruning).
pub fn louvain_sized(g: &Graph, seed: u64, large: bool) -> Vec<u32> {
    let trials = if large { 1 } else { TRIALS };
    // Runs in a fixed order: (trial 0, directed), (trial 0, undirected), (trial 1, directed)...
    let runs: Vec<(u64, bool)> = (0..trials).flat_map(|t| [(t, true), (t, false)]).collect();
    let results: Vec<(f64, Vec<u32>)> = runs
        .par_iter()
        .map(|&(t, directed)| {
            let p = louvain_run(g, mix(seed.wrapping_add(t)), directed, large);
            (modularity(g, &p), p)
        })
        .collect();
    // The first run with the highest Q (strict >, fixed order): independent of thread count.
    let mut best = 0;
    for (k, r) in results.iter().enumerate() {
        if r.0 > results[best].0 {
            best = k;
        }
    }
    results
        .into_iter()
        .nth(best)
        .map(|r| r.1)
        .unwrap_or_default()
}

/// Number of seeded visiting orders tried per objective by [`louvain`].
const TRIALS: u64 = 4;

/// Local-moving passes per level at most, in the large-network variant of [`louvain_sized`].
pub const MAX_PASSES: usize = 20;

/// People × ties above which the analysis uses the large-network variant of
/// [`louvain_sized`] (the size above which path measures are estimated).
pub const LARGE_WORK: f64 = super::EXACT_WORK_LIMIT;

/// SplitMix64 finaliser: turns (seed + trial) into a well-mixed generator seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(pairs: &[(u32, u32)]) -> Vec<(u32, u32)> {
        pairs.iter().flat_map(|&(a, b)| [(a, b), (b, a)]).collect()
    }

    #[test]
    fn modularity_two_pairs() {
        // 0↔1, 2↔3: m = 4; each community: L = 2, Σout = Σin = 2.
        // Q = 2·(2/4 − 2·2/16) = 0.5.
        let g = Graph::from_pairs(4, &sym(&[(0, 1), (2, 3)]));
        assert!((modularity(&g, &[0, 0, 1, 1]) - 0.5).abs() < 1e-15);
        // One community: L = m, Σout = Σin = m -> Q = 1 − 1 = 0.
        assert!(modularity(&g, &[0, 0, 0, 0]).abs() < 1e-15);
    }

    #[test]
    fn modularity_directed_path() {
        // 0→1→2, partition {0,1},{2}: m = 2; c0: L = 1, Σout = 2 (0 and 1 each send 1),
        // Σin = 1 (node 1); c1: L = 0, Σout = 0, Σin = 1.
        // Q = (1/2 − 2·1/4) + (0 − 0) = 0.
        let g = Graph::from_pairs(3, &[(0, 1), (1, 2)]);
        assert!(modularity(&g, &[0, 0, 1]).abs() < 1e-15);
        // Partition {0},{1,2}: c0: L=0, out=1, in=0; c1: L=1, out=1, in=2 -> Q = 1/2 − 2/4 = 0.
        // Partition {0},{1},{2}: L=0; out·in: c0 1·0, c1 1·1, c2 0·1 -> Q = −1/4.
        assert!((modularity(&g, &[0, 1, 2]) + 0.25).abs() < 1e-15);
        let empty = Graph::from_pairs(3, &[]);
        assert_eq!(modularity(&empty, &[0, 1, 2]), 0.0);
    }

    #[test]
    fn two_cliques_with_bridge() {
        // Two reciprocated triangles {0,1,2}, {3,4,5} joined by 2↔3. Louvain finds the halves.
        // m = 14; each half: L = 6, Σout = Σin = 7 -> Q = 2·(6/14 − 49/196) = 5/14.
        let g = Graph::from_pairs(
            6,
            &sym(&[(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5), (2, 3)]),
        );
        let p = louvain(&g, 7);
        assert_eq!(p, vec![0, 0, 0, 1, 1, 1]);
        assert!((modularity(&g, &p) - 5.0 / 14.0).abs() < 1e-12);
    }

    #[test]
    fn isolates_and_empty() {
        let g = Graph::from_pairs(3, &[]);
        assert_eq!(louvain(&g, 1), vec![0, 1, 2]);
        let g = Graph::from_pairs(0, &[]);
        assert!(louvain(&g, 1).is_empty());
    }

    /// 4 blocks of 25, dense inside, a few ties between.
    fn planted_blocks() -> Graph {
        let mut x: u64 = 0x1234_5678;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut pairs = Vec::new();
        for b in 0..4u32 {
            for i in 0..25u32 {
                for j in 0..25u32 {
                    if i != j && next() % 3 == 0 {
                        pairs.push((b * 25 + i, b * 25 + j));
                    }
                }
            }
        }
        for _ in 0..20 {
            pairs.push(((next() % 100) as u32, (next() % 100) as u32));
        }
        Graph::from_pairs(100, &pairs)
    }

    #[test]
    fn planted_partition_recovered() {
        // Every block is one community.
        let g = planted_blocks();
        let p = louvain(&g, 3);
        for (v, &c) in p.iter().enumerate() {
            assert_eq!(c, (v / 25) as u32, "node {v}");
        }
    }

    #[test]
    fn large_variant_recovers_planted_blocks() {
        // The pruned, single-order variant still finds the four blocks.
        let g = planted_blocks();
        let p = louvain_sized(&g, 3, true);
        for (v, &c) in p.iter().enumerate() {
            assert_eq!(c, (v / 25) as u32, "node {v}");
        }
        assert_eq!(louvain_sized(&g, 3, false), louvain(&g, 3));
    }

    #[test]
    fn same_seed_same_result_any_threads() {
        let mut x: u64 = 99;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let pairs: Vec<(u32, u32)> = (0..1500)
            .map(|_| ((next() % 300) as u32, (next() % 300) as u32))
            .collect();
        let g = Graph::from_pairs(300, &pairs);
        let run = |k| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(k)
                .build()
                .unwrap()
                .install(|| louvain(&g, 11))
        };
        let p1 = run(1);
        assert_eq!(p1, run(2));
        assert!(modularity(&g, &p1) > 0.2);
    }
}
