//! Gould–Fernandez brokerage roles, identical to R sna's `brokerage()`.
//!
//! A broker `i` (the paper's *j*) sits on a two-path `a → i → b` with `a ≠ b`, `a ≠ i ≠ b` and
//! **no** tie `a → b`. Each such two-path is one brokerage act, classified by the groups of the
//! three people (Gould & Fernandez 1989, Fig. 1):
//!
//! | index | role | sna column | groups |
//! |---|---|---|---|
//! | 0 | coordinator | `w_I` | a, i, b all in one group |
//! | 1 | consultant (itinerant) | `w_O` | a and b in one group, i in another |
//! | 2 | representative | `b_IO` | a in i's group, b outside it |
//! | 3 | gatekeeper | `b_OI` | a outside i's group, b in it |
//! | 4 | liaison | `b_O` | a, i, b in three different groups |
//!
//! The null model (sna's `exp.nli`, `sd.nli`, `z.nli`) is a Bernoulli random digraph with the
//! observed density `d = m / (n (n − 1))` and the group sizes fixed; the moments depend only on
//! the broker's group, so they are stored once per group.

use rayon::prelude::*;

use crate::graph::Graph;

/// Role names in the order of [`Brokerage::counts`] (the metric contract's column names).
pub const ROLES: [&str; 5] = [
    "coordinator",
    "consultant",
    "representative",
    "gatekeeper",
    "liaison",
];

/// Index of the coordinator role (`w_I`) in a counts row.
pub const COORDINATOR: usize = 0;
/// Index of the consultant role (`w_O`).
pub const CONSULTANT: usize = 1;
/// Index of the representative role (`b_IO`).
pub const REPRESENTATIVE: usize = 2;
/// Index of the gatekeeper role (`b_OI`).
pub const GATEKEEPER: usize = 3;
/// Index of the liaison role (`b_O`).
pub const LIAISON: usize = 4;
/// Index of the total (`t`) in the six-entry null-model rows.
pub const TOTAL: usize = 5;

/// Brokerage counts per person and the sna null model.
#[derive(Debug, Clone, PartialEq)]
pub struct Brokerage {
    /// Per node: counts of the roles in [`ROLES`] order (coordinator, consultant,
    /// representative, gatekeeper, liaison) = sna's `raw.nli[, 1:5]`.
    pub counts: Vec<[u64; 5]>,
    /// Density d = m / (n (n − 1)) of the null model (0 when n < 2).
    pub density: f64,
    /// Per group index (of the broker): expected counts of the five roles and the total
    /// (index [`TOTAL`]) under the null model = sna's `exp.grp`.
    pub group_expected: Vec<[f64; 6]>,
    /// Per group index: standard deviations, aligned with `group_expected` = sna's `sd.grp`.
    pub group_sd: Vec<[f64; 6]>,
    group_of: Vec<u32>,
}

impl Brokerage {
    /// Total brokerage of node `v` (sna's `t`): the sum of its five role counts.
    pub fn total(&self, v: usize) -> u64 {
        self.counts[v].iter().sum()
    }

    /// Expected counts of node `v` under the null model (sna's `exp.nli[v, ]`): the five roles,
    /// then the total.
    pub fn expected(&self, v: usize) -> [f64; 6] {
        self.group_expected[self.group_of[v] as usize]
    }

    /// Standard deviations of node `v`'s counts under the null model (sna's `sd.nli[v, ]`).
    pub fn sd(&self, v: usize) -> [f64; 6] {
        self.group_sd[self.group_of[v] as usize]
    }

    /// z-scores (observed − expected) / sd of node `v` (sna's `z.nli[v, ]`): the five roles,
    /// then the total. `None` where sd is 0 (sna gives NaN or ±Inf there), e.g. coordinator in
    /// a group of fewer than 3 people, or any role when the density is 0 or 1.
    pub fn z(&self, v: usize) -> [Option<f64>; 6] {
        let e = self.expected(v);
        let s = self.sd(v);
        let c = self.counts[v];
        let observed = [
            c[0] as f64,
            c[1] as f64,
            c[2] as f64,
            c[3] as f64,
            c[4] as f64,
            self.total(v) as f64,
        ];
        std::array::from_fn(|r| {
            let z = (observed[r] - e[r]) / s[r];
            (s[r] > 0.0 && z.is_finite()).then_some(z)
        })
    }
}

/// Per-thread scratch for [`gould_fernandez`].
struct Scratch {
    /// `mark[b] == stamp` when b is an out-neighbour of the current broker.
    mark: Vec<u32>,
    /// Out-neighbours of the current broker per group.
    hist: Vec<u32>,
    stamp: u32,
}

/// Gould–Fernandez brokerage counts of every person, with sna's null model.
///
/// For each broker `i` (parallel over brokers; outputs are disjoint, so results do not depend
/// on the thread count) the out-neighbours of `i` are marked and tallied by group once. Then for
/// each in-neighbour `a` the two-paths `a → i → b` to *every* out-neighbour are classified at
/// once from the group tallies, and those that are not brokerage are subtracted: `b = a`
/// (a mutual tie) and `b` with a tie `a → b` (the intersection of `out(a)` with `out(i)`, found by
/// scanning `out(a)` against the marks, or by binary search in `out(a)` when `out(i)` is the
/// shorter list). The counts equal sna's C routine `brokerage_R` exactly.
///
/// # Arguments
/// * `g` – the network; ties are directed and unweighted here, groups are `g.group(v)`.
///
/// # Returns
/// A [`Brokerage`]: `counts[v]` in [`ROLES`] order, plus the null-model moments per group
/// (see [`Brokerage::expected`], [`Brokerage::sd`], [`Brokerage::z`]).
///
/// # Complexity
/// Time O(Σ_i Σ_{a ∈ in(i)} min(deg⁺(a), deg⁺(i) log deg⁺(a)) + n + G) where G is the number of
/// groups (at most Σ_a deg⁺(a)² and well below sna's Σ_i deg⁻(i) deg⁺(i) adjacency tests);
/// space O(n + G) per thread plus the output.
///
/// # Reference
/// R. V. Gould and R. M. Fernandez (1989), "Structures of mediation: a formal approach to
/// brokerage in transaction networks", *Sociological Methodology* 19, 89–126. Symbols: broker j
/// → `i`, source i → `a`, target k → `b`; the null-model moments are those of sna's
/// `brokerage()` (C. T. Butts, sna package), with n → `g.n()` and n_k → group sizes.
pub fn gould_fernandez(g: &Graph) -> Brokerage {
    let n = g.n();
    let groups = g.groups();
    let counts: Vec<[u64; 5]> = (0..n)
        .into_par_iter()
        .with_min_len(256)
        .map_init(
            || Scratch {
                mark: vec![u32::MAX; n],
                hist: vec![0; g.group_count()],
                stamp: 0,
            },
            |s, i| broker_counts(g, groups, s, i),
        )
        .collect();

    let mut sizes = vec![0u64; g.group_count()];
    for &k in groups {
        sizes[k as usize] += 1;
    }
    let density = if n >= 2 {
        g.m() as f64 / (n as f64 * (n as f64 - 1.0))
    } else {
        0.0
    };
    let (group_expected, group_sd) = null_moments(&sizes, density);
    Brokerage {
        counts,
        density,
        group_expected,
        group_sd,
        group_of: groups.to_vec(),
    }
}

/// Counts of broker `i`. See [`gould_fernandez`].
fn broker_counts(g: &Graph, groups: &[u32], s: &mut Scratch, i: usize) -> [u64; 5] {
    let outs = g.out().row(i);
    let ins = g.inc().row(i);
    let mut c = [0u64; 5];
    if outs.is_empty() || ins.is_empty() {
        return c;
    }
    // A fresh stamp per broker; the node index itself is unique, so no wrap-around issue.
    s.stamp = i as u32;
    let gi = groups[i];
    let mut same_i = 0u64; // out-neighbours in i's group
    for &b in outs {
        s.mark[b as usize] = s.stamp;
        let gb = groups[b as usize];
        s.hist[gb as usize] += 1;
        same_i += u64::from(gb == gi);
    }
    let deg_out = outs.len() as u64;
    for &a in ins {
        let a = a as usize;
        let ga = groups[a];
        // Out-neighbours b of i that do NOT give a brokerage act for this a: b = a, or a → b.
        // Tally them as (in i's group, in a's group).
        let (mut drop_all, mut drop_i, mut drop_a) = (0u64, 0u64, 0u64);
        let mut drop = |b: usize| {
            let gb = groups[b];
            drop_all += 1;
            drop_i += u64::from(gb == gi);
            drop_a += u64::from(gb == ga);
        };
        if s.mark[a] == s.stamp {
            drop(a);
        }
        let out_a = g.out().row(a);
        // Scan the shorter side: out(a) against the marks, or out(i) by binary search in out(a).
        if out_a.len() <= outs.len() * 4 {
            for &b in out_a {
                if s.mark[b as usize] == s.stamp {
                    drop(b as usize);
                }
            }
        } else {
            for &b in outs {
                if out_a.binary_search(&b).is_ok() {
                    drop(b as usize);
                }
            }
        }
        let total = deg_out - drop_all;
        let in_i = same_i - drop_i;
        if ga == gi {
            c[COORDINATOR] += in_i;
            c[REPRESENTATIVE] += total - in_i;
        } else {
            let in_a = u64::from(s.hist[ga as usize]) - drop_a;
            c[GATEKEEPER] += in_i;
            c[CONSULTANT] += in_a;
            c[LIAISON] += total - in_i - in_a;
        }
    }
    for &b in outs {
        s.hist[groups[b as usize] as usize] = 0;
    }
    c
}

/// sna's per-group expected counts and standard deviations (`exp.grp`, `sd.grp`) for group
/// sizes `sizes` and density `d`.
///
/// The integer parts of sna's formulas (products and sums of group sizes) are evaluated exactly
/// in `i128` and only then scaled by k = d²(1 − d) (expectation) and k³' = d³(1 − d)³
/// (covariance term): E = k·e, V = E(1 − k) + k³'·v.
fn null_moments(sizes: &[u64], d: f64) -> (Vec<[f64; 6]>, Vec<[f64; 6]>) {
    let big_n: i128 = sizes.iter().map(|&x| x as i128).sum();
    let s1 = big_n;
    let s2: i128 = sizes.iter().map(|&x| (x as i128).pow(2)).sum();
    let s3: i128 = sizes.iter().map(|&x| (x as i128).pow(3)).sum();
    let k = d * d * (1.0 - d);
    let k3 = (d * d * d) * ((1.0 - d) * (1.0 - d) * (1.0 - d));
    let mut exp = Vec::with_capacity(sizes.len());
    let mut sd = Vec::with_capacity(sizes.len());
    for &ni in sizes {
        let ni = ni as i128;
        let nn = big_n;
        // Sums over the other groups j ≠ i.
        let o1 = s1 - ni;
        let o2 = s2 - ni * ni;
        let o3 = s3 - ni * ni * ni;
        let a = nn - ni; // people outside i's group
                         // [expectation integer e, variance integer v] per role.
        let e_v: [(i128, i128); 6] = [
            // w_I: (n_i−1)(n_i−2); 2(n_i−1)(n_i−2)(n_i−3)
            ((ni - 1) * (ni - 2), 2 * (ni - 1) * (ni - 2) * (ni - 3)),
            // w_O: Σ_j n_j(n_j−1); 2 Σ_j n_j(n_j−1)(n_j−2)
            (o2 - o1, 2 * (o3 - 3 * o2 + 2 * o1)),
            // b_IO: (N−n_i)(n_i−1); 2((n_i−1)C(N−n_i,2) + (N−n_i)C(n_i−1,2))
            (
                a * (ni - 1),
                (ni - 1) * a * (a - 1) + a * (ni - 1) * (ni - 2),
            ),
            // b_OI: same as b_IO
            (
                a * (ni - 1),
                (ni - 1) * a * (a - 1) + a * (ni - 1) * (ni - 2),
            ),
            // b_O: (Σ_j n_j)² − Σ_j n_j²; 4 Σ_j n_j C(A−n_j, 2), A = N − n_i
            (
                o1 * o1 - o2,
                2 * (a * a * o1 - 2 * a * o2 + o3 - a * o1 + o2),
            ),
            // t: (N−1)(N−2); 2(N−1)(N−2)(N−3)
            ((nn - 1) * (nn - 2), 2 * (nn - 1) * (nn - 2) * (nn - 3)),
        ];
        let mut er = [0.0; 6];
        let mut sr = [0.0; 6];
        for (r, &(e, v)) in e_v.iter().enumerate() {
            er[r] = k * e as f64;
            let var = er[r] * (1.0 - k) + v as f64 * k3;
            sr[r] = var.max(0.0).sqrt();
        }
        exp.push(er);
        sd.push(sr);
    }
    (exp, sd)
}

/// The straightforward count, as sna does it: for every two-path `a → i → b`, a binary search
/// for the tie `a → b`. O(Σ_i deg⁻(i) deg⁺(i) log n). Kept for tests and the benchmark.
#[doc(hidden)]
pub fn gould_fernandez_naive(g: &Graph) -> Vec<[u64; 5]> {
    (0..g.n())
        .into_par_iter()
        .map(|i| {
            let mut c = [0u64; 5];
            let gi = g.group(i);
            for &a in g.inc().row(i) {
                let ga = g.group(a as usize);
                for &b in g.out().row(i) {
                    if a == b || g.has_tie(a as usize, b) {
                        continue;
                    }
                    let gb = g.group(b as usize);
                    let role = if ga == gi {
                        if gb == gi {
                            COORDINATOR
                        } else {
                            REPRESENTATIVE
                        }
                    } else if gb == gi {
                        GATEKEEPER
                    } else if ga == gb {
                        CONSULTANT
                    } else {
                        LIAISON
                    };
                    c[role] += 1;
                }
            }
            c
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn grouped(groups: &[&str], pairs: &[(u32, u32)]) -> Graph {
        let ids = (0..groups.len()).map(|i| format!("p{i}")).collect();
        let groups: Vec<String> = groups.iter().map(|s| s.to_string()).collect();
        Graph::from_pairs_grouped(ids, &groups, pairs)
    }

    /// A deterministic pseudo-random digraph (xorshift) with `k` groups.
    pub(crate) fn random_graph(n: usize, m: usize, k: usize, seed: u64) -> Graph {
        let mut x = seed | 1;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let pairs: Vec<(u32, u32)> = (0..m)
            .map(|_| ((next() % n as u64) as u32, (next() % n as u64) as u32))
            .collect();
        let ids = (0..n).map(|i| i.to_string()).collect();
        let groups: Vec<String> = (0..n).map(|_| format!("g{}", next() % k as u64)).collect();
        Graph::from_pairs_grouped(ids, &groups, &pairs)
    }

    #[test]
    fn path_with_groups() {
        // 0 → 1 → 2 → 3, groups [x, x, y, z]. Two-paths with no shortcut:
        //   0→1→2 (broker 1, x→x→y): a in broker's group, b outside → representative.
        //   1→2→3 (broker 2, x→y→z): three groups → liaison.
        let g = grouped(&["x", "x", "y", "z"], &[(0, 1), (1, 2), (2, 3)]);
        let b = gould_fernandez(&g);
        assert_eq!(
            b.counts,
            vec![[0; 5], [0, 0, 1, 0, 0], [0, 0, 0, 0, 1], [0; 5]]
        );
        assert_eq!(b.total(1), 1);
        assert_eq!(b.total(0), 0);
    }

    #[test]
    fn every_role_once() {
        // Broker 0 in group A. In-neighbours 1 (A), 2 (B); out-neighbours 3 (A), 4 (B), 5 (C).
        // Two-paths a→0→b (6 of them, no a→b ties):
        //   1→0→3 A,A,A coordinator; 1→0→4 A,A,B representative; 1→0→5 representative;
        //   2→0→3 B,A,A gatekeeper; 2→0→4 B,A,B consultant; 2→0→5 B,A,C liaison.
        // Add the tie 2→5: the liaison path closes, liaison = 0.
        let groups = ["A", "A", "B", "A", "B", "C"];
        let pairs = [(1, 0), (2, 0), (0, 3), (0, 4), (0, 5)];
        let b = gould_fernandez(&grouped(&groups, &pairs));
        assert_eq!(b.counts[0], [1, 1, 2, 1, 1]);
        assert_eq!(b.total(0), 6);
        let mut closed = pairs.to_vec();
        closed.push((2, 5));
        let b = gould_fernandez(&grouped(&groups, &closed));
        assert_eq!(b.counts[0], [1, 1, 2, 1, 0]);
    }

    #[test]
    fn mutual_ties_and_star() {
        // Undirected star (mutual ties) centre 0, leaves 1, 2, 3, all one group: each ordered
        // pair of distinct leaves (a, b) gives a→0→b with no a→b: 3·2 = 6 coordinator acts.
        // a→0→a is excluded (a = b). Leaves broker nothing (their only in- and out-neighbour is 0).
        let pairs = [(0, 1), (1, 0), (0, 2), (2, 0), (0, 3), (3, 0)];
        let b = gould_fernandez(&Graph::from_pairs(4, &pairs));
        assert_eq!(b.counts[0], [6, 0, 0, 0, 0]);
        assert_eq!(b.counts[1], [0; 5]);
        // Triangle 0→1→2 plus 0→2: the only two-path 0→1→2 is closed.
        let b = gould_fernandez(&Graph::from_pairs(3, &[(0, 1), (1, 2), (0, 2)]));
        assert!(b.counts.iter().all(|c| *c == [0; 5]));
    }

    #[test]
    fn null_model_by_hand() {
        // Two groups of sizes 2 (x) and 1 (y), N = 3, one tie 0 → 1: m = 1, d = 1/6.
        // k = d²(1−d) = (1/36)(5/6) = 5/216; k3 = d³(1−d)³ = 125/46656².
        // Group x (n_i = 2): w_I e = (1)(0) = 0; w_O e = Σ_{j≠i} n_j(n_j−1) = 1·0 = 0;
        //   b_IO e = (N−n_i)(n_i−1) = 1·1 = 1, v = 2((n_i−1)C(1,2) + 1·C(1,2)) = 0
        //   → E = 5/216, V = E(1−k) = (5/216)(211/216);
        //   b_O e = 1² − 1 = 0; t e = (2)(1) = 2, v = 2·2·1·0 = 0 → E = 10/216,
        //   V = (10/216)(211/216).
        // Group y (n_i = 1): w_O e = 2·1 = 2, v = 2·2·1·0 = 0; b_IO e = 2·0 = 0;
        //   b_O e = 2² − 4 = 0; t as above.
        let g = grouped(&["x", "x", "y"], &[(0, 1)]);
        let b = gould_fernandez(&g);
        assert!((b.density - 1.0 / 6.0).abs() < 1e-15);
        let close = |x: f64, y: f64| (x - y).abs() < 1e-14;
        let ex = b.expected(0);
        assert!(close(ex[0], 0.0) && close(ex[1], 0.0) && close(ex[4], 0.0));
        assert!(close(ex[2], 5.0 / 216.0) && close(ex[3], 5.0 / 216.0));
        assert!(close(ex[5], 10.0 / 216.0));
        let sx = b.sd(0);
        assert!(close(sx[2], (5.0 / 216.0 * 211.0 / 216.0f64).sqrt()));
        assert!(close(sx[5], (10.0 / 216.0 * 211.0 / 216.0f64).sqrt()));
        let ey = b.expected(2);
        assert!(close(ey[1], 10.0 / 216.0) && close(ey[2], 0.0));
        // z of node 0 (no brokerage): total (0 − 10/216)/sd; coordinator undefined (sd 0).
        let z = b.z(0);
        assert_eq!(z[0], None);
        let zt = z[5].unwrap();
        assert!(close(
            zt,
            -(10.0 / 216.0) / (10.0 / 216.0 * 211.0 / 216.0f64).sqrt()
        ));
    }

    #[test]
    fn null_model_variance_terms() {
        // Three groups of sizes 3, 2, 1 (N = 6), checked against sna's formulas written out
        // with the binomials: for the broker group of size 3 (others 2 and 1),
        //   w_I: e = 2·1 = 2, v = 2·2·1·0 = 0;
        //   w_O: e = 2·1 + 1·0 = 2, v = 2(2·1·0 + 0) = 0;
        //   b_IO: e = 3·2 = 6, v = 2(2·C(3,2) + 3·C(2,2)) = 2(6 + 3) = 18;
        //   b_O: e = 3² − (4 + 1) = 4, v = 4(2·C(6−2−3,2) + 1·C(6−1−3,2)) = 4(0 + 1) = 4;
        //   t: e = 5·4 = 20, v = 2·5·4·3 = 120.
        let sizes = [3u64, 2, 1];
        let d = 0.3;
        let k = d * d * (1.0 - d);
        let k3 = d * d * d * (1.0 - d) * (1.0 - d) * (1.0 - d);
        let (e, s) = null_moments(&sizes, d);
        let want = [
            (2.0, 0.0),
            (2.0, 0.0),
            (6.0, 18.0),
            (6.0, 18.0),
            (4.0, 4.0),
            (20.0, 120.0),
        ];
        for (r, &(ei, vi)) in want.iter().enumerate() {
            let ex = k * ei;
            assert!((e[0][r] - ex).abs() < 1e-14, "role {r}");
            let sd = (ex * (1.0 - k) + vi * k3).sqrt();
            assert!((s[0][r] - sd).abs() < 1e-14, "role {r}");
        }
    }

    #[test]
    fn matches_naive_on_random_graph() {
        let g = random_graph(300, 3000, 4, 42);
        let fast = gould_fernandez(&g);
        assert_eq!(fast.counts, gould_fernandez_naive(&g));
        assert!(fast.counts.iter().any(|c| c.iter().all(|&x| x > 0)));
    }

    #[test]
    fn one_thread_equals_two() {
        let g = random_graph(400, 4000, 5, 7);
        let run = |k| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(k)
                .build()
                .unwrap()
                .install(|| gould_fernandez(&g))
        };
        let (a, b) = (run(1), run(2));
        assert_eq!(a, b);
        for v in 0..g.n() {
            let (za, zb) = (a.z(v), b.z(v));
            for r in 0..6 {
                assert_eq!(za[r].map(f64::to_bits), zb[r].map(f64::to_bits));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn roles_sum_to_total_and_invariant_under_relabelling(
            n in 2usize..24,
            raw in proptest::collection::vec((0u32..24, 0u32..24), 0..120),
            grp in proptest::collection::vec(0u8..3, 24),
            perm_seed in any::<u64>(),
        ) {
            let pairs: Vec<(u32, u32)> = raw
                .iter()
                .map(|&(s, t)| (s % n as u32, t % n as u32))
                .collect();
            let groups: Vec<String> = (0..n).map(|v| format!("g{}", grp[v])).collect();
            let ids: Vec<String> = (0..n).map(|v| v.to_string()).collect();
            let g = Graph::from_pairs_grouped(ids.clone(), &groups, &pairs);
            let b = gould_fernandez(&g);
            prop_assert_eq!(&b.counts, &gould_fernandez_naive(&g));
            // Total = Σ roles = number of open two-paths through v (counted directly).
            for v in 0..n {
                let mut open = 0u64;
                for &a in g.inc().row(v) {
                    for &c in g.out().row(v) {
                        if a != c && !g.has_tie(a as usize, c) {
                            open += 1;
                        }
                    }
                }
                prop_assert_eq!(b.total(v), open);
            }
            // Relabel: node v becomes perm[v] (Fisher–Yates from the seed).
            let mut perm: Vec<u32> = (0..n as u32).collect();
            let mut x = perm_seed | 1;
            for i in (1..n).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                perm.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let pairs2: Vec<(u32, u32)> = pairs
                .iter()
                .map(|&(s, t)| (perm[s as usize], perm[t as usize]))
                .collect();
            let mut groups2 = vec![String::new(); n];
            for (v, &pv) in perm.iter().enumerate() {
                groups2[pv as usize] = groups[v].clone();
            }
            let b2 = gould_fernandez(&Graph::from_pairs_grouped(ids, &groups2, &pairs2));
            for (v, &pv) in perm.iter().enumerate() {
                prop_assert_eq!(b.counts[v], b2.counts[pv as usize]);
                prop_assert_eq!(b.expected(v), b2.expected(pv as usize));
            }
        }
    }
}
