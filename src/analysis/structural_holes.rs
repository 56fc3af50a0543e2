//! Burt's structural holes: constraint, effective size, efficiency and hierarchy, with
//! NetworkX's conventions (`nx.constraint(G, weight="weight")`,
//! `nx.effective_size(G, weight="weight")` on a directed graph).
//!
//! Everything runs on the symmetrised graph `g.und()`: the mutual weight of i and j is
//! w̃_ij = w_ij + w_ji, N(i) are the distinct in- or out-neighbours of i, and
//!
//! - p_ij = w̃_ij / Σ_k w̃_ik (proportional tie strength),
//! - m_qj = w̃_qj / max_k w̃_qk (marginal strength of q's tie to j, scaled by q's strongest tie),
//! - ℓ_ij = (p_ij + Σ_q p_iq p_qj)² (local constraint; q ≠ i, j automatically, no self-ties),
//! - constraint C_i = Σ_{j ∈ N(i)} ℓ_ij,
//! - effective size E_i = Σ_{j ∈ N(i)} (1 − Σ_q p_iq m_qj),
//! - efficiency E_i / |N(i)|,
//! - hierarchy H_i = Σ_j r_ij ln r_ij / (N ln N), r_ij = ℓ_ij / (C_i / N), N = |N(i)|, over the
//!   terms with r_ij > 0.
//!
//! **Effective size follows NetworkX's all-nodes code path**, which the reference uses:
//! `nx.effective_size(G, weight=...)` without `nodes` (NetworkX ≥ 3.3, sparse matrices) divides
//! the mutual-weight matrix by a 1-D array of row maxima, which NumPy broadcasts over *columns*,
//! so the redundancy of j is Σ_q p_iq w̃_jq / max_k w̃_qk. NetworkX's docstring (and its
//! per-node path, `nodes=[i]`) scale by j's maximum instead, Σ_q p_iq w̃_jq / max_k w̃_jk. The two
//! agree when all mutual weights are equal and differ otherwise (e.g. 13/9 against 11/9 in the
//! `networkx_effective_size_quirk` test).

use rayon::prelude::*;

use crate::graph::Graph;

/// Structural-hole measures per node; `None` where undefined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StructuralHoles {
    /// Burt's constraint C_i; `None` for isolates.
    pub constraint: Vec<Option<f64>>,
    /// Burt's effective size E_i (NetworkX's weighted formula); `None` for isolates.
    pub effective_size: Vec<Option<f64>>,
    /// Efficiency E_i / |N(i)|; `None` for isolates.
    pub efficiency: Vec<Option<f64>>,
    /// Burt's hierarchy; `None` when i has fewer than 2 neighbours.
    pub hierarchy: Vec<Option<f64>>,
}

/// One node's four measures.
type Row = (Option<f64>, Option<f64>, Option<f64>, Option<f64>);

/// Per-thread scratch: p_iq of the current ego as a dense array (zero outside N(i)), and the
/// local constraints ℓ_ij aligned with N(i).
struct Scratch {
    p: Vec<f64>,
    local: Vec<f64>,
}

/// Burt's constraint, effective size, efficiency and hierarchy of every node.
///
/// Per ego `i` (parallel over egos; outputs are disjoint and each ego's sums run in a fixed
/// order, so results are bit-identical at any thread count): p_iq is scattered into a dense
/// scratch array over N(i); then for each neighbour j, the sums Σ_q p_iq p_qj and Σ_q p_iq m_qj
/// run over the common neighbours q ∈ N(i) ∩ N(j) in ascending q, found by scanning N(j) against
/// the scratch array or, when N(j) is much longer than N(i), by binary search of each q ∈ N(i)
/// in N(j). Reciprocal row sums 1 / Σ_k w̃_jk and maxima 1 / max_k w̃_jk are precomputed once.
///
/// # Arguments
/// * `g` – the network; only `g.und()` (mutual weights, assumed positive) is read.
///
/// # Returns
/// A [`StructuralHoles`] with one entry per node in each column.
///
/// # Complexity
/// Time O(Σ_i Σ_{j ∈ N(i)} min(deg(j), deg(i) log deg(j))) ≤ O(Σ_j deg(j)²); space O(n) per
/// thread plus the output.
///
/// # Reference
/// R. S. Burt (1992), *Structural Holes: The Social Structure of Competition*, Harvard
/// University Press (constraint ch. 2, effective size and efficiency, hierarchy); weighted
/// effective size as in NetworkX (`networkx.algorithms.structuralholes`). Symbols: p_ij → `p`,
/// m_qj → `w_jq * inv_max[q]`, ℓ_ij → `local`, C_i → `constraint`.
pub fn structural_holes(g: &Graph) -> StructuralHoles {
    let n = g.n();
    let und = g.und();
    // 1 / Σ_k w̃_jk and 1 / max_k w̃_jk per node (sequential per row: deterministic). Multiplying
    // by reciprocals in the inner loop is ~20% faster than dividing; the results move by ulps.
    let (inv_sum, inv_max): (Vec<f64>, Vec<f64>) = (0..n)
        .into_par_iter()
        .map(|j| {
            let w = und.row_weights(j);
            let sum: f64 = w.iter().sum();
            let max = w.iter().copied().fold(0.0, f64::max);
            (1.0 / sum, 1.0 / max)
        })
        .unzip();
    let rows: Vec<Row> = (0..n)
        .into_par_iter()
        .with_min_len(64)
        .map_init(
            || Scratch {
                p: vec![0.0; n],
                local: Vec::new(),
            },
            |s, i| ego(g, &inv_sum, &inv_max, s, i),
        )
        .collect();
    let mut out = StructuralHoles {
        constraint: Vec::with_capacity(n),
        effective_size: Vec::with_capacity(n),
        efficiency: Vec::with_capacity(n),
        hierarchy: Vec::with_capacity(n),
    };
    for (c, e, f, h) in rows {
        out.constraint.push(c);
        out.effective_size.push(e);
        out.efficiency.push(f);
        out.hierarchy.push(h);
    }
    out
}

/// The four measures of ego `i`. See [`structural_holes`].
fn ego(g: &Graph, inv_sum: &[f64], inv_max: &[f64], s: &mut Scratch, i: usize) -> Row {
    let und = g.und();
    let nbrs = und.row(i);
    let wi = und.row_weights(i);
    let deg = nbrs.len();
    if deg == 0 || !inv_sum[i].is_finite() {
        return (None, None, None, None);
    }
    for (&q, &w) in nbrs.iter().zip(wi) {
        s.p[q as usize] = w * inv_sum[i];
    }
    s.local.clear();
    let mut effective = 0.0;
    for (&j, &w_ij) in nbrs.iter().zip(wi) {
        let j = j as usize;
        let nj = und.row(j);
        let wj = und.row_weights(j);
        // indirect = Σ_q p_iq p_qj, redundancy = Σ_q p_iq m_qj (NetworkX's scaling by q's
        // maximum, see the module docs), both over q ∈ N(i) ∩ N(j), ascending q.
        // p_qj = w̃_qj / Σ_k w̃_qk and w̃_qj = w̃_jq (symmetric).
        let (mut indirect, mut redundancy) = (0.0, 0.0);
        let mut add = |q: usize, w_jq: f64| {
            let p_iq = s.p[q];
            indirect += p_iq * (w_jq * inv_sum[q]);
            redundancy += p_iq * (w_jq * inv_max[q]);
        };
        if nj.len() <= deg * 8 {
            for (&q, &w_jq) in nj.iter().zip(wj) {
                if s.p[q as usize] != 0.0 {
                    add(q as usize, w_jq);
                }
            }
        } else {
            for &q in nbrs {
                if let Ok(k) = nj.binary_search(&q) {
                    add(q as usize, wj[k]);
                }
            }
        }
        let p_ij = w_ij * inv_sum[i];
        let l = p_ij + indirect;
        s.local.push(l * l);
        effective += 1.0 - redundancy;
    }
    for &q in nbrs {
        s.p[q as usize] = 0.0;
    }
    let constraint: f64 = s.local.iter().sum();
    let efficiency = effective / deg as f64;
    let hierarchy = (deg >= 2).then(|| {
        let nf = deg as f64;
        let mean = constraint / nf;
        let mut h = 0.0;
        for &l in &s.local {
            let r = l / mean;
            if r > 0.0 {
                h += r * r.ln();
            }
        }
        h / (nf * nf.ln())
    });
    (
        Some(constraint),
        Some(effective),
        Some(efficiency),
        hierarchy,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::RawTie;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn star() {
        // Undirected star, centre 0 and leaves 1, 2, 3 (one tie each way, w̃ = 2).
        // Centre: p_0j = 1/3, leaves share no neighbours → ℓ_0j = 1/9, C = 1/3;
        //   redundancy 0 → effective size 3, efficiency 1; r_j = (1/9)/(1/9) = 1 → hierarchy 0.
        // Leaf 1: one neighbour, p_10 = 1, indirect = Σ_q p_1q p_q0 = 0 (q = 0 only, p_00 = 0)
        //   → C = 1, effective size 1 − 0 = 1, efficiency 1, hierarchy None (N = 1).
        let pairs = [(0, 1), (1, 0), (0, 2), (2, 0), (0, 3), (3, 0)];
        let s = structural_holes(&Graph::from_pairs(5, &pairs));
        assert!(close(s.constraint[0], 1.0 / 3.0));
        assert!(close(s.effective_size[0], 3.0));
        assert!(close(s.efficiency[0], 1.0));
        assert!(close(s.hierarchy[0], 0.0));
        assert!(close(s.constraint[1], 1.0));
        assert!(close(s.effective_size[1], 1.0));
        assert_eq!(s.hierarchy[1], None);
        // Node 4 is an isolate: everything undefined.
        assert_eq!(
            (
                s.constraint[4],
                s.effective_size[4],
                s.efficiency[4],
                s.hierarchy[4]
            ),
            (None, None, None, None)
        );
    }

    #[test]
    fn triangle() {
        // Directed triangle 0→1→2→0 (one tie per pair, w̃ = 1 on each pair).
        // Node 0: p_01 = p_02 = 1/2; indirect to 1 = p_02 p_21 = 1/2·1/2 = 1/4
        //   → ℓ_01 = (3/4)² = 9/16, C = 9/8.
        // Effective size: m_12 = 1 (max of node 1's weights is 1), redundancy of 1 = p_02 m_12
        //   = 1/2 → E = 2·(1 − 1/2) = 1, efficiency 1/2. Equal ℓ → r = 1 → hierarchy 0.
        let s = structural_holes(&Graph::from_pairs(3, &[(0, 1), (1, 2), (2, 0)]));
        for v in 0..3 {
            assert!(close(s.constraint[v], 9.0 / 8.0));
            assert!(close(s.effective_size[v], 1.0));
            assert!(close(s.efficiency[v], 0.5));
            assert!(close(s.hierarchy[v], 0.0));
        }
    }

    #[test]
    fn weighted_path() {
        // Path 0 — 1 — 2 with ties 0→1 (w 3), 1→0 (w 1), 1→2 (w 2): w̃_01 = 4, w̃_12 = 2.
        // Node 1: Σ w̃ = 6, p_10 = 2/3, p_12 = 1/3; no common neighbours →
        //   ℓ_10 = 4/9, ℓ_12 = 1/9, C = 5/9; E = 2, efficiency 1.
        //   hierarchy: mean ℓ = 5/18, r_0 = (4/9)/(5/18) = 8/5, r_2 = (1/9)/(5/18) = 2/5,
        //   H = (8/5 ln 8/5 + 2/5 ln 2/5) / (2 ln 2).
        // Node 0: p_01 = 1, indirect = 0 → C = 1, E = 1.
        let tie = |s, t, w| RawTie {
            source: s,
            target: t,
            weight: w,
            relation: 0,
        };
        let g = Graph::build(
            vec!["a".into(), "b".into(), "c".into()],
            &["g".to_string(), "g".to_string(), "g".to_string()],
            vec![tie(0, 1, 3.0), tie(1, 0, 1.0), tie(1, 2, 2.0)],
        );
        let s = structural_holes(&g);
        assert!(close(s.constraint[1], 5.0 / 9.0));
        assert!(close(s.effective_size[1], 2.0));
        assert!(close(s.efficiency[1], 1.0));
        let h = (1.6 * 1.6f64.ln() + 0.4 * 0.4f64.ln()) / (2.0 * 2.0f64.ln());
        assert!(close(s.hierarchy[1], h));
        assert!(close(s.constraint[0], 1.0));
        assert!(close(s.effective_size[0], 1.0));
    }

    #[test]
    fn weighted_redundancy() {
        // Undirected (mutual) weights: 0–1 w̃ 2, 0–2 w̃ 2, 1–2 w̃ 4, 2–3 w̃ 2 (ties both ways, 1 each
        // except 1↔2 with weight 2 each way).
        // Node 0: Σ = 4, p_01 = p_02 = 1/2. Row sums: node 1: 2 + 4 = 6, node 2: 2 + 4 + 2 = 8.
        //   ℓ_01 = (p_01 + p_02 p_21)² = (1/2 + 1/2 · 4/8)² = (3/4)² = 9/16
        //   ℓ_02 = (p_02 + p_01 p_12)² = (1/2 + 1/2 · 4/6)² = (5/6)² = 25/36
        //   C = 9/16 + 25/36 = 181/144.
        //   Effective size: max of node 1 = 4, m_12 = 1; max of node 2 = 4, m_21 = 1.
        //   E = (1 − p_02 m_12) + (1 − p_01 m_21) = 1/2 + 1/2 = 1.
        let tie = |s, t, w| RawTie {
            source: s,
            target: t,
            weight: w,
            relation: 0,
        };
        let mut ties = Vec::new();
        for &(a, b, w) in &[(0, 1, 1.0), (0, 2, 1.0), (1, 2, 2.0), (2, 3, 1.0)] {
            ties.push(tie(a, b, w));
            ties.push(tie(b, a, w));
        }
        let ids = (0..4).map(|i| i.to_string()).collect();
        let g = Graph::build(ids, &vec!["g".to_string(); 4], ties);
        let s = structural_holes(&g);
        assert!(close(s.constraint[0], 181.0 / 144.0));
        assert!(close(s.effective_size[0], 1.0));
        assert!(close(s.efficiency[0], 0.5));
    }

    #[test]
    fn networkx_effective_size_quirk() {
        // Ties 0→1 (2), 0→2 (4), 1→2 (2), 2→3 (6), one direction each: w̃ = the weights.
        // Ego 0: Σ = 6, p_01 = 1/3, p_02 = 2/3. Row maxima: node 1: max(2, 2) = 2,
        //   node 2: max(4, 2, 6) = 6.
        // NetworkX (all nodes): redundancy of j = Σ_q p_0q w̃_jq / max(q):
        //   j = 1: q = 2: 2/3 · 2/6 = 2/9 → 1 − 2/9 = 7/9;
        //   j = 2: q = 1: 1/3 · 2/2 = 1/3 → 2/3;   E = 13/9 (nx gives 1.4444444444444446).
        // (Scaling by j's maximum would give 1/3 + 8/9 = 11/9.)
        // Constraint: row sums 6, 4 (node 1), 12 (node 2).
        //   ℓ_01 = (1/3 + p_02 p_21)² = (1/3 + 2/3 · 2/12)² = (4/9)² = 16/81;
        //   ℓ_02 = (2/3 + p_01 p_12)² = (2/3 + 1/3 · 2/4)² = (5/6)² = 25/36;  C = 16/81 + 25/36.
        let tie = |s, t, w| RawTie {
            source: s,
            target: t,
            weight: w,
            relation: 0,
        };
        let ties = vec![
            tie(0, 1, 2.0),
            tie(0, 2, 4.0),
            tie(1, 2, 2.0),
            tie(2, 3, 6.0),
        ];
        let ids = (0..4).map(|i| i.to_string()).collect();
        let g = Graph::build(ids, &vec!["g".to_string(); 4], ties);
        let s = structural_holes(&g);
        assert!(close(s.effective_size[0], 13.0 / 9.0));
        assert!(close(s.efficiency[0], 13.0 / 18.0));
        assert!(close(s.constraint[0], 16.0 / 81.0 + 25.0 / 36.0));
    }

    #[test]
    fn one_thread_equals_two() {
        let g = crate::analysis::brokerage::tests::random_graph(400, 3000, 3, 11);
        let run = |k| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(k)
                .build()
                .unwrap()
                .install(|| structural_holes(&g))
        };
        let (a, b) = (run(1), run(2));
        let bits = |v: &[Option<f64>]| v.iter().map(|x| x.map(f64::to_bits)).collect::<Vec<_>>();
        assert_eq!(bits(&a.constraint), bits(&b.constraint));
        assert_eq!(bits(&a.effective_size), bits(&b.effective_size));
        assert_eq!(bits(&a.efficiency), bits(&b.efficiency));
        assert_eq!(bits(&a.hierarchy), bits(&b.hierarchy));
        assert!(a.constraint.iter().filter(|c| c.is_some()).count() > 300);
    }

    #[test]
    fn scan_and_binary_search_agree() {
        // A hub (node 0) tied to everyone, plus a sparse ring: egos with few neighbours look up
        // the hub's long row by binary search, the hub's neighbours scan; compare with a dense
        // O(n³) evaluation of the formulas.
        let n = 60usize;
        let mut pairs = Vec::new();
        for v in 1..n as u32 {
            pairs.push((0, v));
            pairs.push((v, (v % (n as u32 - 1)) + 1));
        }
        let g = Graph::from_pairs(n, &pairs);
        let s = structural_holes(&g);
        let mut w = vec![vec![0.0; n]; n];
        for &(a, b) in &pairs {
            w[a as usize][b as usize] += 1.0;
            w[b as usize][a as usize] += 1.0;
        }
        let sum: Vec<f64> = w.iter().map(|r| r.iter().sum()).collect();
        let max: Vec<f64> = w
            .iter()
            .map(|r| r.iter().copied().fold(0.0, f64::max))
            .collect();
        let p = |i: usize, j: usize| w[i][j] / sum[i];
        for i in 0..n {
            let (mut c, mut e) = (0.0, 0.0);
            for j in (0..n).filter(|&j| w[i][j] > 0.0) {
                let ind: f64 = (0..n).map(|q| p(i, q) * p(q, j)).sum();
                c += (p(i, j) + ind).powi(2);
                let red: f64 = (0..n)
                    .filter(|&q| max[q] > 0.0)
                    .map(|q| p(i, q) * w[j][q] / max[q])
                    .sum();
                e += 1.0 - red;
            }
            assert!(close(s.constraint[i], c), "constraint {i}");
            assert!(close(s.effective_size[i], e), "effective size {i}");
        }
    }
}
