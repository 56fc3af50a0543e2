//! Centrality kernels: betweenness, closeness, harmonic, PageRank and eigenvector centrality.
//!
//! Every kernel is a pure function of a [`Graph`](crate::graph::Graph) returning one value per node (node index order),
//! exact, parallel with rayon and bit-identical whatever the number of threads:
//!
//! - work whose output is one value per node (closeness, harmonic, PageRank and eigenvector
//!   updates) is split by node; each value is computed by one task in a fixed order;
//! - work whose output is a sum over sources (betweenness) is split into fixed blocks of
//!   `SOURCE_BLOCK` sources; each block's partial vector is computed in parallel and the
//!   partials are added sequentially in block order;
//! - scalar reductions (norms, dangling mass) go through `ordered_sum`, which adds fixed-size
//!   chunk sums in chunk order.
//!
//! Path measures count hops and ignore weights (metric contract, `/METRICS.md`), unless the
//! user asks for weighted paths (`--path-weights`): then [`weighted`] runs Dijkstra on integer
//! tie lengths from [`PathLengths`], so that equal-length paths are recognised exactly.

mod approx;
mod betweenness;
mod closeness;
mod eigenvector;
mod lengths;
mod pagerank;
#[cfg(test)]
mod proptests;
mod reference;
mod weighted;

pub use approx::{
    betweenness_approx, betweenness_approx_weighted, vertex_diameter_bound,
    vertex_diameter_bound_weighted, ApproxInfo,
};
pub use betweenness::betweenness;
pub use closeness::{
    closeness, closeness_harmonic, closeness_harmonic_sampled, closeness_harmonic_sampled_weighted,
    harmonic, SampledInfo,
};
pub use eigenvector::eigenvector;
pub use lengths::{PathLengthError, PathLengths, PathWeights};
pub use pagerank::pagerank;
pub use reference::betweenness_reference;
pub use weighted::{betweenness_weighted, closeness_harmonic_weighted};

#[cfg(test)]
use crate::graph::Graph;
use rayon::prelude::*;

/// Number of BFS sources per work block. Block boundaries never depend on the thread count,
/// which is what makes the floating-point sums reproducible.
pub(crate) const SOURCE_BLOCK: usize = 32;

/// Chunk length of [`ordered_sum`] and of per-node parallel loops.
pub(crate) const NODE_CHUNK: usize = 4096;

/// Sum of `f(i)` for `i in 0..len`, reproducible whatever the thread count: chunks of
/// [`NODE_CHUNK`] indices are summed in parallel (each left to right), then the chunk sums are
/// added left to right.
pub(crate) fn ordered_sum(len: usize, f: impl Fn(usize) -> f64 + Sync) -> f64 {
    let chunks = len.div_ceil(NODE_CHUNK);
    let partial: Vec<f64> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let end = ((c + 1) * NODE_CHUNK).min(len);
            (c * NODE_CHUNK..end).map(&f).sum::<f64>()
        })
        .collect();
    partial.iter().sum()
}

/// Test helpers shared by the kernel test modules.
#[cfg(test)]
pub(crate) mod testutil {
    use super::Graph;

    /// Runs `f` in a local rayon pool of `k` threads.
    pub fn with_threads<T: Send>(k: usize, f: impl FnOnce() -> T + Send) -> T {
        rayon::ThreadPoolBuilder::new()
            .num_threads(k)
            .build()
            .unwrap()
            .install(f)
    }

    /// A seeded random-ish directed graph (xorshift), with some reciprocity and a few isolates.
    pub fn random_graph(n: usize, m: usize, seed: u64) -> Graph {
        let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        let live = n - n / 20; // the last 5 % stay isolated
        let mut pairs = Vec::with_capacity(m);
        for _ in 0..m {
            let a = (next() % live as u64) as u32;
            // Mostly local ties (group structure), some long ones.
            let b = if next() % 4 == 0 {
                (next() % live as u64) as u32
            } else {
                ((a as u64 + 1 + next() % 12) % live as u64) as u32
            };
            pairs.push((a, b));
            if next() % 3 == 0 {
                pairs.push((b, a));
            }
        }
        Graph::from_pairs(n, &pairs)
    }

    /// A graph from (source, target, weight) triples, nodes named "0", "1", ... in one group.
    pub fn weighted_graph(n: usize, ties: &[(u32, u32, f64)]) -> Graph {
        let ids = (0..n).map(|i| i.to_string()).collect();
        let groups = vec!["g".to_string(); n];
        let raw = ties
            .iter()
            .map(|&(source, target, weight)| crate::graph::RawTie {
                source,
                target,
                weight,
                relation: 0,
            })
            .collect();
        Graph::build(ids, &groups, raw)
    }

    /// [`random_graph`] with integer weights 1..=`max_w`, a hash of each tie's ends.
    pub fn random_weighted_graph(n: usize, m: usize, seed: u64, max_w: u64) -> Graph {
        let g = random_graph(n, m, seed);
        let mut ties = Vec::with_capacity(g.m());
        for v in 0..n {
            for &w in g.out().row(v) {
                let h = (v as u64 * 0x9E37_79B9 + w as u64 * 0x85EB_CA6B) ^ seed;
                let h = h.wrapping_mul(0xC2B2_AE35) >> 16;
                ties.push((v as u32, w, (1 + h % max_w) as f64));
            }
        }
        weighted_graph(n, &ties)
    }

    /// Asserts two slices agree to `tol`, element by element.
    pub fn assert_close(got: &[f64], want: &[f64], tol: f64) {
        assert_eq!(got.len(), want.len(), "length");
        for (i, (g, w)) in got.iter().zip(want).enumerate() {
            assert!((g - w).abs() <= tol, "node {i}: got {g}, want {w}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_sum_is_exact_on_integers() {
        let s = ordered_sum(10_000, |i| i as f64);
        assert_eq!(s, (9_999 * 10_000 / 2) as f64);
        assert_eq!(ordered_sum(0, |_| 1.0), 0.0);
    }
}
