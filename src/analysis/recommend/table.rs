//! Per-partnership reach figures computed from scratch on a network: R_p (reachable ordered
//! pairs across the partnership) and its highest single-person reach loss with the person who
//! carries it. This is how the effect of the recommended introductions is *measured* on the
//! network with the new ties, independently of the incremental bookkeeping used to choose them.
//!
//! One dominator tree per source (as `reach_loss`); per source and per partnership of its
//! group, one pass counting the other group's members in every dominator subtree, as
//! `pair_reach_loss` does for one person, here for all of them.
//!
//! Complexity: O(n · m · d) for the trees plus O(n · r · q), r = people a source reaches,
//! q = partnerships per group (k − 1 for all pairs, 1 with `--between`); space
//! O(n · |scope|) counters, processed in batches of partnerships above 4 M counters.

use rayon::prelude::*;

use super::state::{share, Scope};
use crate::analysis::reach::{DomScratch, BLOCK};
use crate::graph::Graph;

/// Figures of the partnerships in scope.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PairFigures {
    /// R_p, per pair in scope.
    pub reach: Vec<u64>,
    /// Highest share of the pair's reach lost if one person leaves, and that person (lowest
    /// node index among equals; None when nobody's loss is positive).
    pub top: Vec<(f64, Option<u32>)>,
    /// lost_p(x) and base_p(x), indexed [x · pairs + p], kept when n · pairs ≤ 4 M (tests
    /// compare them with the incremental figures); empty otherwise.
    pub lost: Vec<u64>,
    /// See `lost`.
    pub base: Vec<u64>,
}

const BATCH_COUNTERS: usize = 1 << 22;

/// The figures of every partnership in `scope`, from scratch.
pub(crate) fn pair_figures(g: &Graph, scope: &Scope) -> PairFigures {
    let n = g.n();
    let np = scope.pairs.len();
    let mut reach = vec![0u64; np];
    let mut top = vec![(0.0, None); np];
    let detail = n * np <= BATCH_COUNTERS;
    let mut lost_all = vec![0u64; if detail { n * np } else { 0 }];
    let mut base_all = lost_all.clone();
    let per_batch = (BATCH_COUNTERS / n.max(1)).max(1);
    let all_pairs: Vec<u32> = (0..np as u32).collect();
    for batch in all_pairs.chunks(per_batch) {
        let b = batch.len();
        // Per group: (other group, position in the batch).
        let mut of_group: Vec<Vec<(u32, usize)>> = vec![Vec::new(); scope.groups()];
        for (i, &p) in batch.iter().enumerate() {
            let (g1, g2) = scope.pairs[p as usize];
            of_group[g1 as usize].push((g2, i));
            of_group[g2 as usize].push((g1, i));
        }
        let sources: Vec<u32> = (0..n as u32)
            .filter(|&a| !of_group[g.group(a as usize) as usize].is_empty())
            .collect();
        let zero = || (vec![0u64; b], vec![0u64; n * b], vec![0u64; n * b]);
        let (r, lost, inv) = sources
            .par_chunks(BLOCK)
            .fold(
                || (DomScratch::new(n), Vec::<u32>::new(), zero()),
                |(mut s, mut cnt, (mut r, mut lost, mut inv)), block| {
                    for &a in block {
                        let a = a as usize;
                        s.dominators(g, a);
                        let len = s.post.len();
                        for &(h, i) in &of_group[g.group(a) as usize] {
                            cnt.clear();
                            cnt.extend(s.post.iter().map(|&v| u32::from(g.group(v as usize) == h)));
                            let members: u64 = cnt.iter().map(|&c| u64::from(c)).sum();
                            for k in 0..len - 1 {
                                let d = s.doms[k] as usize;
                                cnt[d] += cnt[k];
                            }
                            r[i] += members;
                            inv[a * b + i] += members;
                            for k in 0..len - 1 {
                                let x = s.post[k] as usize;
                                let own = u64::from(g.group(x) == h);
                                lost[x * b + i] += u64::from(cnt[k]) - own;
                                inv[x * b + i] += own;
                            }
                        }
                    }
                    (s, cnt, (r, lost, inv))
                },
            )
            .map(|(_, _, t)| t)
            .reduce(zero, |(mut r1, mut l1, mut i1), (r2, l2, i2)| {
                for (x, y) in r1.iter_mut().zip(&r2) {
                    *x += y;
                }
                for (x, y) in l1.iter_mut().zip(&l2) {
                    *x += y;
                }
                for (x, y) in i1.iter_mut().zip(&i2) {
                    *x += y;
                }
                (r1, l1, i1)
            });
        for (i, &p) in batch.iter().enumerate() {
            let p = p as usize;
            reach[p] = r[i];
            let mut best: (f64, Option<u32>) = (0.0, None);
            for x in 0..n {
                let (l, base) = (lost[x * b + i], r[i] - inv[x * b + i]);
                let s = share(l, base);
                if s > best.0 {
                    best = (s, Some(x as u32));
                }
                if detail {
                    lost_all[x * np + p] = l;
                    base_all[x * np + p] = base;
                }
            }
            top[p] = best;
        }
    }
    PairFigures {
        reach,
        top,
        lost: lost_all,
        base: base_all,
    }
}
