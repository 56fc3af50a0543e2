//! Reach loss: how much cross-group reachability disappears when one person leaves.
//!
//! For a person i, consider the ordered pairs (a, b) with a ≠ b, a, b ≠ i, group(a) ≠ group(b)
//! and b reachable from a in G. `reach_loss[i]` is the share of those pairs for which b is no
//! longer reachable from a once i is removed (0 when there are no such pairs).
//!
//! Removing i cuts b off from a exactly when i *strictly dominates* b in the flow graph rooted at
//! a: every path a ⇝ b passes through i. So one dominator tree per source a gives, for every i at
//! once, the number of cross-group targets cut off from a: the cross-group nodes in i's dominator
//! subtree, i excluded. The dominator trees are built with the iterative algorithm of
//! Cooper, Harvey and Kennedy (2001) on the subgraph reachable from a.
//!
//! Counts are integers (`u64`), so the per-source contributions add up exactly in any order and
//! the result does not depend on the number of threads.

use crate::graph::Graph;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

/// Sources handled by one parallel task (fixed, so the work split does not depend on threads).
pub(crate) const BLOCK: usize = 32;

/// Marks an undefined immediate dominator in [`DomScratch::doms`].
const UNDEF: u32 = u32::MAX;

/// Scratch space for one dominator-tree computation, reused across sources by one thread.
///
/// Nodes reached from the source are numbered in DFS postorder (`po`); the source gets the
/// highest number, and every node's immediate dominator has a higher number than the node.
/// [`super::recommend`] reads the trees too.
pub(crate) struct DomScratch {
    /// `stamp[v] == tag` when v was reached from the current source.
    pub(crate) stamp: Vec<u32>,
    pub(crate) tag: u32,
    /// Postorder number of a reached node.
    pub(crate) po: Vec<u32>,
    /// Reached nodes in postorder: `post[k]` has postorder number k.
    pub(crate) post: Vec<u32>,
    /// Immediate dominator, in postorder numbers (Cooper–Harvey–Kennedy's `doms` array).
    pub(crate) doms: Vec<u32>,
    /// Per postorder number: cross-group nodes in the dominator subtree.
    cnt: Vec<u32>,
    /// DFS stack: (node, next out-edge position).
    stack: Vec<(u32, u32)>,
    /// Reached predecessors of the node with postorder number b, as postorder numbers:
    /// `pred[pred_off[b]..pred_off[b + 1]]` (built once per source, read by every CHK sweep).
    pred_off: Vec<u32>,
    pred: Vec<u32>,
}

impl DomScratch {
    pub(crate) fn new(n: usize) -> Self {
        DomScratch {
            stamp: vec![0; n],
            tag: 0,
            po: vec![0; n],
            post: Vec::with_capacity(n),
            doms: Vec::with_capacity(n),
            cnt: Vec::with_capacity(n),
            stack: Vec::new(),
            pred_off: Vec::with_capacity(n + 1),
            pred: Vec::new(),
        }
    }

    /// Builds the dominator tree of the subgraph reachable from `a`: fills `post`, `po` and
    /// `doms` (Cooper, Harvey & Kennedy 2001, Fig. 3, on reverse postorder).
    pub(crate) fn dominators(&mut self, g: &Graph, a: usize) {
        self.tag = self.tag.wrapping_add(1);
        if self.tag == 0 {
            self.stamp.fill(0);
            self.tag = 1;
        }
        let tag = self.tag;
        let out = g.out();
        self.post.clear();
        self.stack.clear();
        self.stamp[a] = tag;
        self.stack.push((a as u32, 0));
        while let Some(top) = self.stack.last_mut() {
            let v = top.0 as usize;
            let row = out.row(v);
            let mut pushed = false;
            while (top.1 as usize) < row.len() {
                let w = row[top.1 as usize];
                top.1 += 1;
                if self.stamp[w as usize] != tag {
                    self.stamp[w as usize] = tag;
                    self.stack.push((w, 0));
                    pushed = true;
                    break;
                }
            }
            if !pushed {
                self.stack.pop();
                self.po[v] = self.post.len() as u32;
                self.post.push(v as u32);
            }
        }
        let r = self.post.len();
        let root = (r - 1) as u32;
        self.doms.clear();
        self.doms.resize(r, UNDEF);
        self.doms[r - 1] = root;
        let inc = g.inc();
        self.pred_off.clear();
        self.pred.clear();
        for &v in &self.post {
            self.pred_off.push(self.pred.len() as u32);
            for &p in inc.row(v as usize) {
                if self.stamp[p as usize] == tag {
                    self.pred.push(self.po[p as usize]);
                }
            }
        }
        self.pred_off.push(self.pred.len() as u32);
        let mut changed = true;
        while changed {
            changed = false;
            // Reverse postorder, root excluded.
            for b in (0..r - 1).rev() {
                let mut new_idom = UNDEF;
                let preds = &self.pred[self.pred_off[b] as usize..self.pred_off[b + 1] as usize];
                for &pp in preds {
                    if self.doms[pp as usize] == UNDEF {
                        continue;
                    }
                    new_idom = if new_idom == UNDEF {
                        pp
                    } else {
                        intersect(&self.doms, pp, new_idom)
                    };
                }
                if self.doms[b] != new_idom {
                    self.doms[b] = new_idom;
                    changed = true;
                }
            }
        }
    }

    /// After [`DomScratch::dominators`] from `a`: `cnt[k]` = cross-group (relative to `a`)
    /// nodes in the dominator subtree of `post[k]`, itself included.
    fn subtree_counts(&mut self, g: &Graph, a: usize) {
        let ga = g.group(a);
        let r = self.post.len();
        self.cnt.clear();
        self.cnt.extend(
            self.post
                .iter()
                .map(|&v| u32::from(g.group(v as usize) != ga)),
        );
        // A node's immediate dominator has a higher postorder number: children come first.
        for k in 0..r - 1 {
            let d = self.doms[k] as usize;
            self.cnt[d] += self.cnt[k];
        }
    }
}

/// Cooper–Harvey–Kennedy `intersect`: walks both fingers up the (partial) dominator tree,
/// comparing postorder numbers, until they meet.
#[inline]
fn intersect(doms: &[u32], mut f1: u32, mut f2: u32) -> u32 {
    while f1 != f2 {
        while f1 < f2 {
            f1 = doms[f1 as usize];
        }
        while f2 < f1 {
            f2 = doms[f2 as usize];
        }
    }
    f1
}

/// Integer tallies of one set of sources.
struct Tally {
    /// lost[i]: cross-group pairs (a, b), a, b ≠ i, cut off by removing i.
    lost: Vec<u64>,
    /// from[i]: cross-group nodes reachable from i.
    from: Vec<u64>,
    /// to[i]: cross-group sources that reach i.
    to: Vec<u64>,
}

impl Tally {
    fn new(n: usize) -> Self {
        Tally {
            lost: vec![0; n],
            from: vec![0; n],
            to: vec![0; n],
        }
    }

    fn add(mut self, other: Tally) -> Tally {
        for (x, y) in self.lost.iter_mut().zip(&other.lost) {
            *x += y;
        }
        for (x, y) in self.from.iter_mut().zip(&other.from) {
            *x += y;
        }
        for (x, y) in self.to.iter_mut().zip(&other.to) {
            *x += y;
        }
        self
    }

    /// Adds source `a`'s contribution (after dominators and subtree counts).
    fn record(&mut self, g: &Graph, s: &DomScratch, a: usize) {
        let ga = g.group(a);
        let r = s.post.len();
        self.from[a] += u64::from(s.cnt[r - 1]);
        for k in 0..r - 1 {
            let v = s.post[k] as usize;
            let own = u32::from(g.group(v) != ga);
            self.to[v] += u64::from(own);
            self.lost[v] += u64::from(s.cnt[k] - own);
        }
    }
}

/// Runs `sources` through dominator trees in parallel (blocks of [`BLOCK`]) and sums the tallies.
fn tally_sources(g: &Graph, sources: &[u32]) -> Tally {
    let n = g.n();
    sources
        .par_chunks(BLOCK)
        .fold(
            || (DomScratch::new(n), Tally::new(n)),
            |(mut s, mut t), block| {
                for &a in block {
                    let a = a as usize;
                    s.dominators(g, a);
                    s.subtree_counts(g, a);
                    t.record(g, &s, a);
                }
                (s, t)
            },
        )
        .map(|(_, t)| t)
        .reduce(|| Tally::new(n), Tally::add)
}

/// Reach loss of every person: the share of cross-group reachability lost if they leave.
///
/// Among ordered pairs (a, b) with a ≠ b, a, b ≠ i, group(a) ≠ group(b) and b reachable from a
/// in G, `reach_loss[i]` is the fraction for which b is not reachable from a in G − i; 0.0 when
/// there are no such pairs. Hop reachability: weights are ignored.
///
/// For each source a, the dominator tree of the subgraph reachable from a is built with the
/// iterative Cooper–Harvey–Kennedy algorithm (reverse-postorder sweep; `doms` = their `doms`
/// array, indexed by postorder number; `intersect` = their two-finger walk). Removing i cuts b
/// off from a iff i strictly dominates b, so the cross-group nodes in i's dominator subtree
/// (i excluded) are the pairs (a, ·) that i's removal loses. The base for i is
/// `total − from[i] − to[i]`: all reachable cross-group pairs minus those starting or ending at i.
///
/// # Arguments
/// * `g` – the network.
///
/// # Returns
/// A value in [0, 1] per node.
///
/// # Complexity
/// Time O(n · m · d) in the worst case, where d is the number of sweeps CHK needs (2–3 in
/// practice, so about O(n · m)); space O(n) per thread plus O(n) for the tallies.
///
/// # References
/// K. D. Cooper, T. J. Harvey, K. Kennedy, "A Simple, Fast Dominance Algorithm",
/// Software Practice & Experience 4 (2001).
pub fn reach_loss(g: &Graph) -> Vec<f64> {
    let n = g.n();
    let sources: Vec<u32> = (0..n as u32).collect();
    let t = tally_sources(g, &sources);
    let total: u64 = t.from.iter().sum();
    (0..n)
        .map(|i| {
            let base = total - t.from[i] - t.to[i];
            if base == 0 {
                0.0
            } else {
                t.lost[i] as f64 / base as f64
            }
        })
        .collect()
}

/// Reach loss estimated from a random sample of sources, with a Hoeffding error bound.
#[derive(Debug, Clone, PartialEq)]
pub struct SampledReachLoss {
    /// Estimated reach loss per node (ratio of the sampled lost and base pair counts).
    pub estimate: Vec<f64>,
    /// Half-width per node: with probability ≥ 1 − `delta`, |estimate − reach_loss| ≤ this
    /// (capped at 1); nodes without any sampled base pair get 1.0.
    pub half_width: Vec<f64>,
    /// Number of sampled sources.
    pub samples: usize,
    /// Failure probability of the bound, per node.
    pub delta: f64,
}

/// Reach loss estimated from `samples` sources drawn uniformly with replacement (seeded).
///
/// Per node i and sampled source a, l_i(a) = cross-group targets cut off from a by removing i
/// and b_i(a) = cross-group targets reachable from a other than i (0 when a = i); both lie in
/// [0, n]. The exact value is Σ_a l_i(a) / Σ_a b_i(a) over all sources; the estimate replaces
/// both sums by the sample means. By Hoeffding's inequality (each bound at δ/2), with
/// probability ≥ 1 − δ both means are within e = n·√(ln(4/δ)/(2s)) of the truth, and then
/// |l̂/b̂ − l/b| ≤ e·(1 + l/b)/b̂ ≤ 2e/b̂, which is the reported half-width (δ = 0.05).
///
/// # Arguments
/// * `g` – the network.
/// * `samples` – number of sampled sources s (with replacement); 0 gives estimates 0 and
///   half-width 1.
/// * `seed` – seed of the source sample (PCG-64 MCG); same seed, same result at any thread count.
///
/// # Returns
/// A [`SampledReachLoss`] with estimates and error bounds.
///
/// # Complexity
/// Time about O(s · m), space O(n) per thread.
///
/// # References
/// Cooper, Harvey & Kennedy (2001), as [`reach_loss`]; W. Hoeffding, "Probability
/// inequalities for sums of bounded random variables", JASA 58 (1963).
pub fn reach_loss_sampled(g: &Graph, samples: usize, seed: u64) -> SampledReachLoss {
    let n = g.n();
    let delta = 0.05;
    if n == 0 || samples == 0 {
        return SampledReachLoss {
            estimate: vec![0.0; n],
            half_width: vec![1.0; n],
            samples,
            delta,
        };
    }
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let sources: Vec<u32> = (0..samples).map(|_| bounded(&mut rng, n as u32)).collect();
    let t = tally_sources(g, &sources);
    // Sampled base for i: Σ over sampled a of (cross reachable from a) − [a = i]·from(a) − to(i).
    let total: u64 = t.from.iter().sum();
    let s = samples as f64;
    let e = n as f64 * ((4.0 / delta).ln() / (2.0 * s)).sqrt();
    let mut estimate = Vec::with_capacity(n);
    let mut half_width = Vec::with_capacity(n);
    for i in 0..n {
        let base = total - t.from[i] - t.to[i];
        if base == 0 {
            estimate.push(0.0);
            half_width.push(1.0);
        } else {
            estimate.push(t.lost[i] as f64 / base as f64);
            let mean_base = base as f64 / s;
            half_width.push((2.0 * e / mean_base).min(1.0));
        }
    }
    SampledReachLoss {
        estimate,
        half_width,
        samples,
        delta,
    }
}

/// Uniform integer in 0..n (n ≥ 1) by Lemire's multiply-and-reject method (no modulo bias).
pub(crate) fn bounded<R: Rng>(rng: &mut R, n: u32) -> u32 {
    let n64 = u64::from(n);
    loop {
        let x = u64::from(rng.next_u32());
        let m = x * n64;
        let low = m as u32;
        if low >= n || low >= n.wrapping_neg() % n {
            return (m >> 32) as u32;
        }
    }
}

/// Cross-group reachability lost if one person leaves, broken down by (source group, target
/// group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachLossByPair {
    /// The person removed.
    pub person: usize,
    /// Number of groups k; matrices are k × k, row = source group, column = target group.
    pub groups: usize,
    /// `lost[ga * k + gb]`: pairs (a, b) from group ga to group gb cut off by the removal.
    pub lost: Vec<u64>,
    /// `base[ga * k + gb]`: pairs (a, b), a, b ≠ person, a ≠ b, from ga to gb (ga ≠ gb) with b
    /// reachable from a in G.
    pub base: Vec<u64>,
}

impl ReachLossByPair {
    /// Share of reachability from group `from` to group `to` lost; `None` when there was none
    /// (or `from == to`).
    pub fn share(&self, from: usize, to: usize) -> Option<f64> {
        let k = from * self.groups + to;
        (self.base[k] > 0).then(|| self.lost[k] as f64 / self.base[k] as f64)
    }
}

/// Reach loss of one person, per ordered pair of groups ("reach lost from A to B if X leaves").
///
/// Summing `lost` and `base` over all cells gives the numerator and denominator of
/// [`reach_loss`]`[person]`.
///
/// # Arguments
/// * `g` – the network.
/// * `person` – node index of the person removed (must be < n).
///
/// # Returns
/// A [`ReachLossByPair`] with k × k integer counts.
///
/// # Complexity
/// Time about O(n · m) (one dominator tree per source), space O(n + k²) per thread.
///
/// # References
/// Cooper, Harvey & Kennedy (2001), as [`reach_loss`].
pub fn reach_loss_by_pair(g: &Graph, person: usize) -> ReachLossByPair {
    let n = g.n();
    assert!(person < n, "person index out of range");
    let k = g.group_count();
    let sources: Vec<u32> = (0..n as u32).filter(|&a| a as usize != person).collect();
    let zero = || (vec![0u64; k * k], vec![0u64; k * k]);
    let (lost, base) = sources
        .par_chunks(BLOCK)
        .fold(
            || (DomScratch::new(n), Vec::<bool>::new(), zero()),
            |(mut s, mut under, (mut lost, mut base)), block| {
                for &a in block {
                    let a = a as usize;
                    let ga = g.group(a) as usize;
                    s.dominators(g, a);
                    let r = s.post.len();
                    let tag = s.tag;
                    let reached_x = s.stamp[person] == tag;
                    let px = if reached_x { s.po[person] } else { UNDEF };
                    under.clear();
                    under.resize(r, false);
                    // Decreasing postorder = dominators before the nodes they dominate.
                    for kk in (0..r - 1).rev() {
                        let d = s.doms[kk];
                        under[kk] = reached_x && (d == px || under[d as usize]);
                        let v = s.post[kk] as usize;
                        let gb = g.group(v) as usize;
                        if v == person || gb == ga {
                            continue;
                        }
                        base[ga * k + gb] += 1;
                        if under[kk] {
                            lost[ga * k + gb] += 1;
                        }
                    }
                }
                (s, under, (lost, base))
            },
        )
        .map(|(_, _, t)| t)
        .reduce(zero, |(mut l1, mut b1), (l2, b2)| {
            for (x, y) in l1.iter_mut().zip(&l2) {
                *x += y;
            }
            for (x, y) in b1.iter_mut().zip(&b2) {
                *x += y;
            }
            (l1, b1)
        });
    ReachLossByPair {
        person,
        groups: k,
        lost,
        base,
    }
}

/// Reach lost between two groups if one person leaves, for many (group pair, person) queries at
/// once: for query (a, b, x), among ordered pairs (u, v) with one of u, v in group a and the other
/// in group b, u, v ≠ x, and v reachable from u, the share with v no longer reachable from u once
/// x leaves; None when there are no such pairs. The partnership table asks this for each pair's
/// top spanner.
///
/// One dominator tree per source in a queried group, as in [`reach_loss`]; per source and per
/// other group B of a query, one pass over the tree counts B's members in each dominator subtree.
///
/// # Complexity
/// Time O(n · m) for the dominator trees plus O(r · q) per source, where r is the number of
/// nodes it reaches and q the number of distinct other groups queried for its group; space
/// O(n) per thread. Integer tallies: identical for any thread count.
pub fn pair_reach_loss(g: &Graph, queries: &[(u32, u32, u32)]) -> Vec<Option<f64>> {
    let n = g.n();
    let k = g.group_count();
    // For each group: the queries (index, other group, person) it takes part in.
    let mut by_group: Vec<Vec<(usize, u32, u32)>> = vec![Vec::new(); k];
    for (qi, &(a, b, x)) in queries.iter().enumerate() {
        by_group[a as usize].push((qi, b, x));
        by_group[b as usize].push((qi, a, x));
    }
    for list in &mut by_group {
        list.sort_unstable_by_key(|&(qi, other, _)| (other, qi));
    }
    let sources: Vec<u32> = (0..n as u32)
        .filter(|&u| !by_group[g.group(u as usize) as usize].is_empty())
        .collect();
    let zero = || vec![(0u64, 0u64); queries.len()];
    let tallies = sources
        .par_chunks(BLOCK)
        .fold(
            || (DomScratch::new(n), zero(), Vec::<u32>::new()),
            |(mut s, mut t, mut cnt), block| {
                for &u in block {
                    let u = u as usize;
                    let mine = &by_group[g.group(u) as usize];
                    s.dominators(g, u);
                    let r = s.post.len();
                    let mut last_other = u32::MAX;
                    let mut members = 0u64;
                    for &(qi, other, x) in mine {
                        if x as usize == u {
                            continue;
                        }
                        if other != last_other {
                            cnt.clear();
                            cnt.extend(
                                s.post
                                    .iter()
                                    .map(|&v| u32::from(g.group(v as usize) == other)),
                            );
                            members = cnt.iter().map(|&c| u64::from(c)).sum();
                            for j in 0..r - 1 {
                                let d = s.doms[j] as usize;
                                cnt[d] += cnt[j];
                            }
                            last_other = other;
                        }
                        let reached_x = s.stamp[x as usize] == s.tag;
                        let x_in_other = u64::from(g.group(x as usize) == other);
                        if reached_x {
                            let kx = s.po[x as usize] as usize;
                            t[qi].0 += u64::from(cnt[kx]) - x_in_other;
                            t[qi].1 += members - x_in_other;
                        } else {
                            t[qi].1 += members;
                        }
                    }
                }
                (s, t, cnt)
            },
        )
        .map(|(_, t, _)| t)
        .reduce(zero, |mut a, b| {
            for (x, y) in a.iter_mut().zip(b) {
                x.0 += y.0;
                x.1 += y.1;
            }
            a
        });
    tallies
        .into_iter()
        .map(|(lost, base)| (base > 0).then(|| lost as f64 / base as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grouped(groups: &[&str], pairs: &[(u32, u32)]) -> Graph {
        let ids = (0..groups.len()).map(|i| i.to_string()).collect();
        let groups: Vec<String> = groups.iter().map(|s| s.to_string()).collect();
        Graph::from_pairs_grouped(ids, &groups, pairs)
    }

    /// Brute force: remove i, BFS from every source, count cross-group pairs.
    fn brute(g: &Graph) -> Vec<f64> {
        let n = g.n();
        let count = |removed: Option<usize>| -> u64 {
            let mut c = 0;
            for a in 0..n {
                if Some(a) == removed {
                    continue;
                }
                let mut seen = vec![false; n];
                seen[a] = true;
                if let Some(r) = removed {
                    seen[r] = true;
                }
                let mut q = vec![a];
                while let Some(v) = q.pop() {
                    for &w in g.out().row(v) {
                        if !seen[w as usize] {
                            seen[w as usize] = true;
                            q.push(w as usize);
                            if g.group(w as usize) != g.group(a) {
                                c += 1;
                            }
                        }
                    }
                }
            }
            c
        };
        let total = count(None);
        (0..n)
            .map(|i| {
                // base = pairs of G not involving i.
                let mut touching = 0u64;
                for a in 0..n {
                    let mut seen = vec![false; n];
                    seen[a] = true;
                    let mut q = vec![a];
                    while let Some(v) = q.pop() {
                        for &w in g.out().row(v) {
                            if !seen[w as usize] {
                                seen[w as usize] = true;
                                q.push(w as usize);
                                let w = w as usize;
                                if g.group(w) != g.group(a) && (a == i || w == i) {
                                    touching += 1;
                                }
                            }
                        }
                    }
                }
                let base = total - touching;
                if base == 0 {
                    0.0
                } else {
                    (base - count(Some(i))) as f64 / base as f64
                }
            })
            .collect()
    }

    #[test]
    fn path_across_groups() {
        // a(0, X) → i(1, Y) → b(2, Z). Cross pairs in G: (0,1), (0,2), (1,2).
        // For i = 1: base = {(0,2)}, lost after removal -> loss 1.0.
        // For 0: base = {(1,2)}, still there -> 0. For 2: base = {(0,1)} -> 0.
        let g = grouped(&["X", "Y", "Z"], &[(0, 1), (1, 2)]);
        assert_eq!(reach_loss(&g), vec![0.0, 1.0, 0.0]);
    }

    #[test]
    fn diamond_and_tail() {
        // 0(A) → 1(B), 0 → 2(B), 1 → 3(B), 2 → 3, 3 → 4(B).
        // Cross pairs (source in A): (0,1),(0,2),(0,3),(0,4); group B never reaches A.
        // Node 3: base = {(0,1),(0,2)} and neither is lost -> 0.
        // Node 1: base = {(0,2),(0,3),(0,4)}: 3 still reachable via 2 -> 0.
        // Node 4: base = {(0,1),(0,2),(0,3)} -> 0. Node 0: base empty -> 0.
        // Add 5(A) with 3 → 5: now for node 3, base = {(0,1),(0,2),(1,5),(2,5)} plus
        // (0,4),(4? no: 4 reaches nothing). Pairs: from 0: 1,2,3,4 (B) — 5 is A, not cross;
        // from 1: 5; from 2: 5; from 3: 5; from 4: none.
        // Removing 3: lost (0,4), (1,5), (2,5); base for 3 = {(0,1),(0,2),(0,4),(1,5),(2,5)}
        // -> 3/5.
        let g = grouped(
            &["A", "B", "B", "B", "B", "A"],
            &[(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (3, 5)],
        );
        let r = reach_loss(&g);
        assert_eq!(r[3], 3.0 / 5.0);
        assert_eq!(r[1], 0.0);
        assert_eq!(r[0], 0.0);
        assert_eq!(r, brute(&g));
    }

    #[test]
    fn no_pairs_gives_zero() {
        let g = grouped(&["A", "A", "A"], &[(0, 1), (1, 2)]);
        assert_eq!(reach_loss(&g), vec![0.0; 3]);
        let empty = grouped(&[], &[]);
        assert!(reach_loss(&empty).is_empty());
    }

    fn pseudo_random_graph(n: u32, m: usize, k: u32, mut x: u64) -> Graph {
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let pairs: Vec<(u32, u32)> = (0..m)
            .map(|_| ((next() % n as u64) as u32, (next() % n as u64) as u32))
            .collect();
        let groups: Vec<String> = (0..n).map(|_| format!("g{}", next() % k as u64)).collect();
        let ids = (0..n).map(|i| i.to_string()).collect();
        Graph::from_pairs_grouped(ids, &groups, &pairs)
    }

    #[test]
    fn one_thread_equals_two() {
        let g = pseudo_random_graph(300, 700, 4, 0x9E37_79B9_7F4A_7C15);
        let run = |k| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(k)
                .build()
                .unwrap()
                .install(|| (reach_loss(&g), reach_loss_by_pair(&g, 5)))
        };
        let (a1, p1) = run(1);
        let (a2, p2) = run(2);
        assert_eq!(a1.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), {
            a2.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        });
        assert_eq!(p1, p2);
        assert!(a1.iter().any(|&x| x > 0.0));
    }

    #[test]
    fn by_pair_sums_to_total() {
        let g = pseudo_random_graph(60, 120, 3, 12345);
        let r = reach_loss(&g);
        for (i, &ri) in r.iter().enumerate() {
            let p = reach_loss_by_pair(&g, i);
            let lost: u64 = p.lost.iter().sum();
            let base: u64 = p.base.iter().sum();
            let v = if base == 0 {
                0.0
            } else {
                lost as f64 / base as f64
            };
            assert_eq!(v, ri, "node {i}");
        }
    }

    #[test]
    fn by_pair_path() {
        // 0(X) → 1(Y) → 2(Z): removing 1 loses X→Z entirely.
        let g = grouped(&["X", "Y", "Z"], &[(0, 1), (1, 2)]);
        let p = reach_loss_by_pair(&g, 1);
        assert_eq!(p.share(0, 2), Some(1.0));
        assert_eq!(p.share(0, 1), None);
        assert_eq!(p.lost.iter().sum::<u64>(), 1);
    }

    #[test]
    fn sampled_with_all_sources_is_close() {
        let g = pseudo_random_graph(80, 200, 3, 777);
        let exact = reach_loss(&g);
        let s = reach_loss_sampled(&g, 4000, 1);
        for (i, &x) in exact.iter().enumerate() {
            assert!((s.estimate[i] - x).abs() <= s.half_width[i] + 1e-12);
        }
        assert_eq!(s, reach_loss_sampled(&g, 4000, 1));
    }

    proptest! {
        #[test]
        fn matches_brute_force(
            n in 1u32..12,
            edges in proptest::collection::vec((0u32..12, 0u32..12), 0..40),
            labels in proptest::collection::vec(0u8..3, 12),
        ) {
            let pairs: Vec<(u32, u32)> =
                edges.into_iter().map(|(s, t)| (s % n, t % n)).collect();
            let groups: Vec<String> =
                (0..n as usize).map(|v| format!("g{}", labels[v])).collect();
            let ids = (0..n).map(|i| i.to_string()).collect();
            let g = Graph::from_pairs_grouped(ids, &groups, &pairs);
            prop_assert_eq!(reach_loss(&g), brute(&g));
        }
    }

    #[test]
    fn pair_reach_loss_matches_the_per_person_breakdown() {
        let g = pseudo_random_graph(80, 220, 3, 4242);
        let queries: Vec<(u32, u32, u32)> = vec![(0, 1, 5), (0, 2, 5), (1, 2, 17), (0, 1, 40)];
        let got = pair_reach_loss(&g, &queries);
        for (q, &(a, b, x)) in queries.iter().enumerate() {
            let by = reach_loss_by_pair(&g, x as usize);
            let (a, b) = (a as usize, b as usize);
            let lost = by.lost[a * by.groups + b] + by.lost[b * by.groups + a];
            let base = by.base[a * by.groups + b] + by.base[b * by.groups + a];
            let want = (base > 0).then(|| lost as f64 / base as f64);
            assert_eq!(got[q], want, "query {q}");
        }
    }
}
