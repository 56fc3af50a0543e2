//! Property tests of the path kernels on random small graphs, hop counts and weighted paths:
//! agreement with an independent all-pairs definition, the betweenness sum identity,
//! relabelling invariance, and bit-identical results for any thread count.

use super::testutil::{weighted_graph, with_threads};
use super::{
    betweenness, betweenness_weighted, closeness_harmonic, closeness_harmonic_weighted,
    PathLengths, PathWeights,
};
use crate::graph::Graph;
use proptest::prelude::*;

/// Least common multiple of the test weights 1..=6: with it, 1/w = (60/w)/60 exactly.
const L: u64 = 60;

/// All-pairs shortest paths by an independent method (Floyd–Warshall on integer lengths
/// computed here, not by [`PathLengths`]; paths counted in order of distance).
struct AllPairs {
    n: usize,
    /// d[s][t] in units (u64::MAX: no path).
    d: Vec<Vec<u64>>,
    /// σ_st.
    sigma: Vec<Vec<f64>>,
    /// Σ over the shortest s → t paths of their number of ties.
    hops: Vec<Vec<f64>>,
    /// Real length of one unit.
    unit: f64,
}

impl AllPairs {
    fn new(n: usize, ties: &[(u32, u32, u64)], mode: PathWeights) -> AllPairs {
        const INF: u64 = u64::MAX;
        // Merge duplicates as the graph does (weights add), drop self-loops.
        let mut w = vec![vec![0u64; n]; n];
        for &(a, b, x) in ties {
            if a != b {
                w[a as usize][b as usize] += x;
            }
        }
        let (len, unit): (Box<dyn Fn(u64) -> u64>, f64) = match mode {
            PathWeights::Hops => (Box::new(|_| 1), 1.0),
            PathWeights::Distance => (Box::new(|x| x), 1.0),
            // Merged strengths can reach 6 · (number of duplicates); tests keep them ≤ 6.
            PathWeights::InverseStrength => (Box::new(|x| L / x), 1.0 / L as f64),
        };
        let mut d = vec![vec![INF; n]; n];
        for s in 0..n {
            d[s][s] = 0;
            for t in 0..n {
                if w[s][t] > 0 {
                    d[s][t] = len(w[s][t]);
                }
            }
        }
        for k in 0..n {
            for i in 0..n {
                for j in 0..n {
                    if d[i][k] != INF && d[k][j] != INF && d[i][k] + d[k][j] < d[i][j] {
                        d[i][j] = d[i][k] + d[k][j];
                    }
                }
            }
        }
        let mut sigma = vec![vec![0.0; n]; n];
        let mut hops = vec![vec![0.0; n]; n];
        for s in 0..n {
            let mut by_dist: Vec<usize> = (0..n).filter(|&v| d[s][v] != INF).collect();
            by_dist.sort_by_key(|&v| d[s][v]);
            sigma[s][s] = 1.0;
            for &v in &by_dist[1..] {
                for p in 0..n {
                    if w[p][v] > 0 && d[s][p] != INF && d[s][p] + len(w[p][v]) == d[s][v] {
                        sigma[s][v] += sigma[s][p];
                        hops[s][v] += hops[s][p] + sigma[s][p];
                    }
                }
            }
        }
        AllPairs {
            n,
            d,
            sigma,
            hops,
            unit,
        }
    }

    fn path(&self, s: usize, t: usize) -> bool {
        self.d[s][t] != u64::MAX
    }

    /// Unnormalised betweenness: Σ_{s≠v≠t} σ_sv σ_vt / σ_st over v on shortest s → t paths.
    fn betweenness_raw(&self) -> Vec<f64> {
        let n = self.n;
        let mut c = vec![0.0; n];
        for v in 0..n {
            for s in 0..n {
                for t in 0..n {
                    if s == v || t == v || s == t || !self.path(s, t) {
                        continue;
                    }
                    if self.path(s, v)
                        && self.path(v, t)
                        && self.d[s][v] + self.d[v][t] == self.d[s][t]
                    {
                        c[v] += self.sigma[s][v] * self.sigma[v][t] / self.sigma[s][t];
                    }
                }
            }
        }
        c
    }

    /// Closeness (incoming, Wasserman–Faust) and harmonic / (n − 1).
    fn closeness_harmonic(&self) -> (Vec<f64>, Vec<f64>) {
        let n = self.n;
        let n1 = n.saturating_sub(1).max(1) as f64;
        let mut c = vec![0.0; n];
        let mut h = vec![0.0; n];
        for u in 0..n {
            let (mut r, mut tot) = (0.0, 0.0);
            for v in (0..n).filter(|&v| v != u && self.path(v, u)) {
                let d = self.d[v][u] as f64 * self.unit;
                r += 1.0;
                tot += d;
                h[u] += 1.0 / d / n1;
            }
            if tot > 0.0 {
                c[u] = r / tot * (r / n1);
            }
        }
        (c, h)
    }

    /// Σ over ordered pairs (s, t), s ≠ t, t reachable from s, of the number of interior
    /// nodes averaged over the shortest s → t paths (ties − 1).
    fn interior_total(&self) -> f64 {
        let mut total = 0.0;
        for s in 0..self.n {
            for t in 0..self.n {
                if s != t && self.path(s, t) {
                    total += self.hops[s][t] / self.sigma[s][t] - 1.0;
                }
            }
        }
        total
    }
}

fn graph(n: usize, ties: &[(u32, u32, u64)]) -> Graph {
    let t: Vec<(u32, u32, f64)> = ties.iter().map(|&(a, b, w)| (a, b, w as f64)).collect();
    weighted_graph(n, &t)
}

/// Betweenness and (closeness, harmonic) of `g` by the kernels for `mode`.
fn kernels(g: &Graph, mode: PathWeights) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    match mode {
        PathWeights::Hops => {
            let (c, h) = closeness_harmonic(g);
            (betweenness(g), c, h)
        }
        _ => {
            let l = PathLengths::new(g, mode).unwrap();
            let (c, h) = closeness_harmonic_weighted(g, &l);
            (betweenness_weighted(g, &l), c, h)
        }
    }
}

const MODES: [PathWeights; 3] = [
    PathWeights::Hops,
    PathWeights::Distance,
    PathWeights::InverseStrength,
];

/// n nodes and ties with weights in 1..=6, without duplicate (source, target) pairs (merged
/// strengths would leave 1..=6, and 60 / w would no longer be exact).
fn network(max_n: usize, max_m: usize) -> impl Strategy<Value = (usize, Vec<(u32, u32, u64)>)> {
    (1usize..max_n).prop_flat_map(move |n| {
        (
            Just(n),
            prop::collection::vec((0..n as u32, 0..n as u32, 1u64..=6), 0..max_m).prop_map(
                |mut ties| {
                    let mut seen = std::collections::HashSet::new();
                    ties.retain(|&(a, b, _)| seen.insert((a, b)));
                    ties
                },
            ),
        )
    })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every kernel equals the all-pairs definition, in every mode.
    #[test]
    fn kernels_match_the_all_pairs_definition((n, ties) in network(20, 70)) {
        let g = graph(n, &ties);
        for mode in MODES {
            let ap = AllPairs::new(n, &ties, mode);
            let (b, c, h) = kernels(&g, mode);
            let raw = ap.betweenness_raw();
            let scale = if n >= 3 { 1.0 / ((n - 1) * (n - 2)) as f64 } else { 0.0 };
            let (wc, wh) = ap.closeness_harmonic();
            for v in 0..n {
                prop_assert!(close(b[v], raw[v] * scale), "{:?} betweenness {}: {} vs {}", mode, v, b[v], raw[v] * scale);
                prop_assert!(close(c[v], wc[v]), "{:?} closeness {}: {} vs {}", mode, v, c[v], wc[v]);
                prop_assert!(close(h[v], wh[v]), "{:?} harmonic {}: {} vs {}", mode, v, h[v], wh[v]);
            }
        }
    }

    /// Σ_v unnormalised betweenness = Σ over reachable ordered pairs (s, t) of the number of
    /// interior nodes averaged over the shortest s → t paths; for hop counts that is
    /// Σ (d(s, t) − 1), counted here by plain BFS.
    #[test]
    fn betweenness_sums_to_the_pair_dependency_total((n, ties) in network(40, 160)) {
        prop_assume!(n >= 3);
        let g = graph(n, &ties);
        let unscale = ((n - 1) * (n - 2)) as f64;
        // Hop counts by BFS from every node.
        let mut hop_total = 0u64;
        for s in 0..n {
            let mut d = vec![u64::MAX; n];
            d[s] = 0;
            let mut q = std::collections::VecDeque::from([s]);
            while let Some(v) = q.pop_front() {
                if d[v] > 0 {
                    hop_total += d[v] - 1;
                }
                for &w in g.out().row(v) {
                    if d[w as usize] == u64::MAX {
                        d[w as usize] = d[v] + 1;
                        q.push_back(w as usize);
                    }
                }
            }
        }
        let sum = |b: Vec<f64>| b.iter().sum::<f64>() * unscale;
        let hops = sum(betweenness(&g));
        prop_assert!(close(hops, hop_total as f64), "hops: {} vs {}", hops, hop_total);
        for mode in [PathWeights::Distance, PathWeights::InverseStrength] {
            let want = AllPairs::new(n, &ties, mode).interior_total();
            let got = sum(kernels(&g, mode).0);
            prop_assert!((got - want).abs() <= 1e-9 * (1.0 + want), "{:?}: {} vs {}", mode, got, want);
        }
    }

    /// Renumbering the people gives each person the same values (to rounding: sums run in
    /// another order).
    #[test]
    fn relabelling_changes_no_value((n, ties) in network(60, 240), shift in 1usize..59) {
        let g = graph(n, &ties);
        // New label of old node v: reversed, then rotated.
        let new = |v: u32| ((n - 1 - v as usize + shift) % n) as u32;
        let moved: Vec<(u32, u32, u64)> = ties.iter().map(|&(a, b, w)| (new(a), new(b), w)).collect();
        let h = graph(n, &moved);
        for mode in MODES {
            let (x, y) = (kernels(&g, mode), kernels(&h, mode));
            for v in 0..n {
                let u = new(v as u32) as usize;
                prop_assert!(close(x.0[v], y.0[u]), "{:?} betweenness {}", mode, v);
                prop_assert!(close(x.1[v], y.1[u]), "{:?} closeness {}", mode, v);
                prop_assert!(close(x.2[v], y.2[u]), "{:?} harmonic {}", mode, v);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// 1, 2 and 3 threads give the same bits, on graphs of several source blocks.
    #[test]
    fn any_thread_count_gives_the_same_bits((n, ties) in network(160, 600)) {
        let g = graph(n, &ties);
        let bits = |r: (Vec<f64>, Vec<f64>, Vec<f64>)| {
            [r.0, r.1, r.2].map(|v| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>())
        };
        for mode in MODES {
            let one = bits(with_threads(1, || kernels(&g, mode)));
            prop_assert!(one == bits(with_threads(2, || kernels(&g, mode))), "{:?}: 2 threads", mode);
            prop_assert!(one == bits(with_threads(3, || kernels(&g, mode))), "{:?}: 3 threads", mode);
        }
    }
}
