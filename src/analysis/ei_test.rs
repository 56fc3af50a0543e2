//! Krackhardt–Stern E–I index with a permutation test (as UCINET's E-I permutation).
//!
//! E = ties between groups, I = ties within groups, EI = (E − I)/(E + I) = (2E − m)/m. Under
//! the null, group labels are shuffled among people with the group sizes fixed; the expected
//! value is `ei_expected` = (P_E − P_I)/(P_E + P_I) with P_I = Σ_g n_g(n_g − 1) ordered
//! within-group pairs and P_E = n(n − 1) − P_I.
//!
//! Each permutation k draws its own generator from (seed, k), and the count of extreme
//! permutations is an integer, so the p-value is identical for any thread count.

use crate::analysis::reach::bounded;
use crate::graph::Graph;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

/// Permutations handled by one parallel task.
const BLOCK: usize = 64;

/// Tolerance of the "at least as extreme" comparison (as the reference oracle).
const TOL: f64 = 1e-12;

/// Result of [`ei_permutation_test`].
#[derive(Debug, Clone, PartialEq)]
pub struct EiTest {
    /// Observed E–I index (E − I)/(E + I); `None` without ties.
    pub observed: Option<f64>,
    /// Expected E–I index under random placement, (P_E − P_I)/(P_E + P_I); `None` when n < 2.
    pub expected: Option<f64>,
    /// Two-sided p-value: share of permutations with |EI − expected| ≥ |observed − expected|
    /// (minus 1e-12); `None` when `observed` or `expected` is undefined or no permutations ran.
    pub p_value: Option<f64>,
    /// Number of permutations at least as extreme as the observed value.
    pub extreme: u64,
    /// Number of permutations run.
    pub permutations: usize,
    /// Ties between groups E and within groups I.
    pub external: u64,
    /// Ties within groups I.
    pub internal: u64,
    /// Smallest E–I index achievable with m ties given the group sizes:
    /// E_min = max(0, m − P_I); `None` without ties.
    pub min_feasible: Option<f64>,
    /// Largest E–I index achievable: E_max = min(m, P_E); `None` without ties.
    pub max_feasible: Option<f64>,
}

/// SplitMix64 finaliser: decorrelates (seed, k) into one 64-bit seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Ties whose ends carry different labels.
#[inline]
fn external_ties(g: &Graph, label: &[u32]) -> u64 {
    let out = g.out();
    let offsets = out.offsets();
    let targets = out.targets();
    let mut e = 0u64;
    for (s, &ls) in label.iter().enumerate() {
        let row = &targets[offsets[s]..offsets[s + 1]];
        e += row.iter().filter(|&&t| label[t as usize] != ls).count() as u64;
    }
    e
}

/// E–I index permutation test with group sizes fixed.
///
/// Permutation k shuffles the group labels with Fisher–Yates driven by a PCG-64 MCG generator
/// seeded from (seed, k) (SplitMix64 mixing), counts E over the m ties, and calls the
/// permutation extreme when |EI_k − ei_expected| ≥ |observed − ei_expected| − 1e-12 (as the
/// reference oracle). Also reports the feasible E–I range for m ties: E runs from
/// max(0, m − P_I) to min(m, P_E).
///
/// # Arguments
/// * `g` – the network.
/// * `permutations` – number of label permutations.
/// * `seed` – base seed; results depend only on (graph, permutations, seed).
///
/// # Returns
/// An [`EiTest`].
///
/// # Complexity
/// Time O(permutations · (n + m)); space O(n) per thread.
///
/// # References
/// D. Krackhardt, R. N. Stern, "Informal networks and organizational crises: an experimental
/// simulation", Social Psychology Quarterly 51 (1988); R. A. Fisher, F. Yates, "Statistical
/// tables" (1938) for the shuffle; D. Lemire, "Fast random integer generation in an interval",
/// ACM TOMACS 29 (2019) for the bounded draws.
pub fn ei_permutation_test(g: &Graph, permutations: usize, seed: u64) -> EiTest {
    let n = g.n();
    let m = g.m() as u64;
    let labels: &[u32] = g.groups();
    let mut sizes = vec![0u64; g.group_count()];
    for &l in labels {
        sizes[l as usize] += 1;
    }
    let nn = n as u64;
    let p_i: u64 = sizes.iter().map(|&s| s * s.saturating_sub(1)).sum();
    let p_e = (nn * nn.saturating_sub(1)) - p_i;
    let expected = (p_e + p_i > 0).then(|| (p_e as f64 - p_i as f64) / (p_e + p_i) as f64);
    let external = external_ties(g, labels);
    let internal = m - external;
    let ei = |e: u64| (e as f64 - (m - e) as f64) / m as f64;
    let observed = (m > 0).then(|| ei(external));
    let min_feasible = (m > 0).then(|| ei(m.saturating_sub(p_i)));
    let max_feasible = (m > 0).then(|| ei(m.min(p_e)));

    let (extreme, p_value) = match (observed, expected) {
        (Some(obs), Some(exp)) if permutations > 0 => {
            let threshold = (obs - exp).abs() - TOL;
            let blocks: Vec<usize> = (0..permutations).step_by(BLOCK).collect();
            let extreme: u64 = blocks
                .par_iter()
                .map_init(
                    || labels.to_vec(),
                    |perm, &start| {
                        let end = (start + BLOCK).min(permutations);
                        let mut count = 0u64;
                        for k in start..end {
                            let mut rng = Pcg64Mcg::seed_from_u64(mix(seed ^ mix(k as u64)));
                            perm.copy_from_slice(labels);
                            for i in (1..n).rev() {
                                let j = bounded(&mut rng, i as u32 + 1) as usize;
                                perm.swap(i, j);
                            }
                            let e = external_ties(g, perm);
                            if (ei(e) - exp).abs() >= threshold {
                                count += 1;
                            }
                        }
                        count
                    },
                )
                .sum();
            (extreme, Some(extreme as f64 / permutations as f64))
        }
        _ => (0, None),
    };
    EiTest {
        observed,
        expected,
        p_value,
        extreme,
        permutations,
        external,
        internal,
        min_feasible,
        max_feasible,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grouped(groups: &[&str], pairs: &[(u32, u32)]) -> Graph {
        let ids = (0..groups.len()).map(|i| i.to_string()).collect();
        let groups: Vec<String> = groups.iter().map(|s| s.to_string()).collect();
        Graph::from_pairs_grouped(ids, &groups, pairs)
    }

    #[test]
    fn hand_computed_values() {
        // Groups A = {0,1}, B = {2,3}; ties 0→1, 1→0 (internal), 0→2 (external).
        // E = 1, I = 2, m = 3: EI = (1 − 2)/3 = −1/3.
        // P_I = 2·1 + 2·1 = 4, P_E = 12 − 4 = 8: expected = (8 − 4)/12 = 1/3.
        // Feasible: E_min = max(0, 3 − 4) = 0 -> −1; E_max = min(3, 8) = 3 -> +1.
        let g = grouped(&["A", "A", "B", "B"], &[(0, 1), (1, 0), (0, 2)]);
        let t = ei_permutation_test(&g, 500, 7);
        assert_eq!(t.external, 1);
        assert_eq!(t.internal, 2);
        assert!((t.observed.unwrap() + 1.0 / 3.0).abs() < 1e-15);
        assert!((t.expected.unwrap() - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(t.min_feasible, Some(-1.0));
        assert_eq!(t.max_feasible, Some(1.0));
        // Exact null: labels AABB permuted uniformly (6 distinct labelings, each equally
        // likely). Ties 0↔1 and 0→2. EI values: E = number of ties crossing.
        // {0,1} same group (2 of 6 labelings): 0→2 crosses -> E = 1 -> EI = −1/3 (extreme,
        // |−1/3 − 1/3| = 2/3 ≥ 2/3). Otherwise 0,1 differ (4 of 6): E = 2 + [0,2 differ];
        // 0,2 same in 2 of those 4 -> E = 2 -> EI = 1/3; else E = 3 -> EI = 1 (|1 − 1/3| = 2/3,
        // extreme). So P(extreme) = 2/6 + 2/6 = 2/3.
        let p = t.p_value.unwrap();
        assert!((p - 2.0 / 3.0).abs() < 0.07, "p = {p}");
    }

    #[test]
    fn tight_feasible_range() {
        // Complete digraph on 3 nodes, groups {0,1},{2}: m = 6, P_I = 2, P_E = 4.
        // E is forced: E_min = max(0, 6 − 2) = 4 = E_max = min(6, 4). EI = (4 − 2)/6 = 1/3.
        let pairs = [(0, 1), (1, 0), (0, 2), (2, 0), (1, 2), (2, 1)];
        let g = grouped(&["A", "A", "B"], &pairs);
        let t = ei_permutation_test(&g, 100, 1);
        assert_eq!(t.min_feasible, t.max_feasible);
        assert!((t.observed.unwrap() - 1.0 / 3.0).abs() < 1e-15);
        // Every permutation gives the same E, so every one is "as extreme": p = 1.
        assert_eq!(t.p_value, Some(1.0));
    }

    #[test]
    fn undefined_cases() {
        let g = grouped(&["A", "B"], &[]);
        let t = ei_permutation_test(&g, 10, 1);
        assert_eq!(t.observed, None);
        assert_eq!(t.p_value, None);
        assert_eq!(t.expected, Some(1.0));
        let g = grouped(&["A", "B"], &[(0, 1)]);
        assert_eq!(ei_permutation_test(&g, 0, 1).p_value, None);
    }

    #[test]
    fn one_thread_equals_two() {
        let mut x: u64 = 4242;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let pairs: Vec<(u32, u32)> = (0..1200)
            .map(|_| ((next() % 300) as u32, (next() % 300) as u32))
            .collect();
        let groups: Vec<String> = (0..300).map(|v| format!("g{}", v % 5)).collect();
        let ids = (0..300).map(|i: u32| i.to_string()).collect();
        let g = Graph::from_pairs_grouped(ids, &groups, &pairs);
        let run = |k| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(k)
                .build()
                .unwrap()
                .install(|| ei_permutation_test(&g, 300, 5))
        };
        let a = run(1);
        assert_eq!(a, run(2));
        // Random ties: the observed E–I is near the expected one, p is not tiny.
        assert!(a.p_value.unwrap() > 0.01);
    }
}
