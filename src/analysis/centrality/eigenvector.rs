//! Eigenvector centrality: principal eigenvector of the symmetrised binary adjacency matrix.

use super::{ordered_sum, NODE_CHUNK};
use crate::graph::Graph;
use rayon::prelude::*;

/// Stop when the normalised iterates differ by less than this (L2).
const TOL: f64 = 1e-13;
/// Iteration cap per component.
const MAX_ITER: usize = 100_000;
/// Entries below this are set to zero (as the reference does).
const ZERO: f64 = 1e-12;
/// Relative tolerance under which two components' spectral radii count as tied.
const TIE: f64 = 1e-9;

/// A connected component of the symmetrised graph with bounds on its spectral radius λ.
struct Component {
    /// Nodes, ascending.
    nodes: Vec<u32>,
    /// λ ≤ maximum degree.
    upper: f64,
    /// λ ≥ max(average degree, √maximum degree).
    lower: f64,
}

/// Connected components of `g.und()` with at least one tie, in order of their lowest node.
fn components(g: &Graph) -> Vec<Component> {
    let n = g.n();
    let und = g.und();
    let mut seen = vec![false; n];
    let mut comps = Vec::new();
    for s in 0..n {
        if seen[s] || und.degree(s) == 0 {
            continue;
        }
        seen[s] = true;
        let mut nodes = vec![s as u32];
        let mut head = 0;
        while head < nodes.len() {
            let v = nodes[head] as usize;
            head += 1;
            for &w in und.row(v) {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    nodes.push(w);
                }
            }
        }
        nodes.sort_unstable();
        let degrees = nodes.iter().map(|&v| und.degree(v as usize));
        let max_degree = degrees.clone().max().unwrap_or(0) as f64;
        let mean_degree = degrees.sum::<usize>() as f64 / nodes.len() as f64;
        comps.push(Component {
            nodes,
            upper: max_degree,
            lower: mean_degree.max(max_degree.sqrt()),
        });
    }
    comps
}

/// Power iteration with (A + I) restricted to one component, from the all-ones vector.
/// Returns (λ, x) with x the unit eigenvector on `nodes` (aligned with it).
///
/// A + I has the eigenvectors of A with eigenvalues shifted by 1, so the ±λ pair of a
/// bipartite component becomes λ+1 and |1−λ| < λ+1 and the iteration converges.
fn principal(g: &Graph, nodes: &[u32]) -> (f64, Vec<f64>) {
    let und = g.und();
    let k = nodes.len();
    // x lives on all n nodes (zero outside the component) so rows can be read directly.
    let mut x = vec![0.0; g.n()];
    let start = 1.0 / (k as f64).sqrt();
    for &v in nodes {
        x[v as usize] = start;
    }
    let mut y = vec![0.0; k];
    let mut norm = 0.0;
    for _ in 0..MAX_ITER {
        y.par_chunks_mut(NODE_CHUNK)
            .zip(nodes.par_chunks(NODE_CHUNK))
            .for_each(|(ys, vs)| {
                for (yv, &v) in ys.iter_mut().zip(vs) {
                    let mut s = x[v as usize];
                    for &w in und.row(v as usize) {
                        s += x[w as usize];
                    }
                    *yv = s;
                }
            });
        norm = ordered_sum(k, |i| y[i] * y[i]).sqrt();
        let diff = ordered_sum(k, |i| {
            let d = y[i] / norm - x[nodes[i] as usize];
            d * d
        })
        .sqrt();
        for (&v, &yv) in nodes.iter().zip(&y) {
            x[v as usize] = yv / norm;
        }
        if diff < TOL {
            break;
        }
    }
    // ‖(A + I) x‖ → λ + 1 for the unit eigenvector x.
    let lambda = norm - 1.0;
    let xs = nodes.iter().map(|&v| x[v as usize]).collect();
    (lambda, xs)
}

/// Eigenvector centrality of every node: the principal eigenvector of the symmetrised binary
/// adjacency matrix A (a_ij = 1 when i → j or j → i; weights ignored) of the whole graph,
/// scaled to L2 norm 1 and non-negative.
///
/// On a disconnected graph the principal eigenvector lives on the component with the largest
/// spectral radius λ and is zero elsewhere. Components are bounded (average degree ≤ λ ≤
/// maximum degree, √maximum degree ≤ λ) so only candidates are iterated. Ties: when two
/// components have spectral radii equal to relative 1e-9 the principal eigenvalue is not
/// simple and the eigenvector is ambiguous (the reference warns); this function then keeps the
/// component with the lowest node index. A graph without ties returns all zeros.
///
/// Power iteration on A + I (same eigenvectors, eigenvalues + 1, so bipartite components
/// converge), from the all-ones vector, until successive unit iterates differ by < 1e-13 (L2);
/// entries below 1e-12 are set to 0. Matrix–vector products are per node in a fixed order and
/// norms use fixed-chunk sums, so the result is bit-identical whatever the thread count.
///
/// # Arguments
/// * `g`: the network; direction and weights are ignored (`g.und()` rows).
///
/// # Returns
/// One value per node in [0, 1], L2 norm 1 (all zeros when there are no ties).
///
/// # Complexity
/// O((n + m) · k) time for k iterations (k ≈ log(1e-13) / log((λ₂+1)/(λ₁+1)), λ₂ the second
/// largest eigenvalue in magnitude after the shift); O(n) space.
///
/// # Reference
/// P. Bonacich, "Factoring and weighting approaches to status scores and clique
/// identification", *Journal of Mathematical Sociology* 2(1), 1972; power iteration as in
/// G. H. Golub and C. F. Van Loan, *Matrix Computations*, §7.3. Symbols: A = `g.und()`,
/// λ = `lambda`, x = `x`.
pub fn eigenvector(g: &Graph) -> Vec<f64> {
    let n = g.n();
    let mut result = vec![0.0; n];
    let comps = components(g);
    let best_lower = comps.iter().map(|c| c.lower).fold(0.0, f64::max);
    // Candidates by decreasing upper bound, ties by lowest node (component order).
    let mut candidates: Vec<&Component> = comps
        .iter()
        .filter(|c| c.upper >= best_lower * (1.0 - TIE))
        .collect();
    candidates.sort_by(|a, b| {
        b.upper
            .total_cmp(&a.upper)
            .then(a.nodes[0].cmp(&b.nodes[0]))
    });
    let mut best: Option<(f64, &Component, Vec<f64>)> = None;
    for c in candidates {
        if let Some((lambda, _, _)) = &best {
            if c.upper < lambda * (1.0 - TIE) {
                break;
            }
        }
        let (lambda, x) = principal(g, &c.nodes);
        let better = match &best {
            None => true,
            Some((bl, bc, _)) => {
                let tol = TIE * bl.max(1.0);
                lambda > bl + tol || ((lambda - bl).abs() <= tol && c.nodes[0] < bc.nodes[0])
            }
        };
        if better {
            best = Some((lambda, c, x));
        }
    }
    if let Some((_, c, x)) = best {
        for (&v, &xv) in c.nodes.iter().zip(&x) {
            result[v as usize] = if xv.abs() < ZERO { 0.0 } else { xv.abs() };
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{assert_close, random_graph, with_threads};
    use super::*;

    #[test]
    fn bipartite_path() {
        // 0→1→2 symmetrised is the path P3 with eigenvalues ±√2, 0 (plain power iteration
        // oscillates). Principal vector (1, √2, 1)/2.
        let g = Graph::from_pairs(3, &[(0, 1), (1, 2)]);
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert_close(&eigenvector(&g), &[0.5, h, 0.5], 1e-10);
    }

    #[test]
    fn largest_spectral_radius_component_wins() {
        // Star K1,5 (centre 0, leaves 1..5; λ = √5 ≈ 2.236, bipartite), triangle 6,7,8
        // (λ = 2), isolate 9. The star wins: λc = 5l and λl = c give c = √5·l, and
        // c² + 5l² = 1 gives l = 1/√10, c = 1/√2. Everything else is 0.
        let mut pairs: Vec<(u32, u32)> = (1..6).map(|l| (0, l)).collect();
        pairs.extend([(6, 7), (7, 8), (8, 6), (7, 6)]);
        let g = Graph::from_pairs(10, &pairs);
        let l = 1.0 / 10f64.sqrt();
        let c = std::f64::consts::FRAC_1_SQRT_2;
        let want = [c, l, l, l, l, l, 0.0, 0.0, 0.0, 0.0];
        assert_close(&eigenvector(&g), &want, 1e-10);
    }

    #[test]
    fn triangle_beats_single_tie() {
        // Tie 0–1 (λ = 1) and triangle 2,3,4 (λ = 2): 1/√3 on the triangle.
        let g = Graph::from_pairs(5, &[(0, 1), (2, 3), (3, 4), (4, 2)]);
        let t = 1.0 / 3f64.sqrt();
        assert_close(&eigenvector(&g), &[0.0, 0.0, t, t, t], 1e-12);
    }

    #[test]
    fn tie_between_components_keeps_lowest_node() {
        // Two disjoint single ties (λ = 1 each): the component of node 0 is kept.
        let g = Graph::from_pairs(4, &[(2, 3), (1, 0)]);
        let h = std::f64::consts::FRAC_1_SQRT_2;
        assert_close(&eigenvector(&g), &[h, h, 0.0, 0.0], 1e-12);
    }

    #[test]
    fn no_ties_is_zero() {
        assert_eq!(eigenvector(&Graph::from_pairs(3, &[])), [0.0; 3]);
        assert!(eigenvector(&Graph::from_pairs(0, &[])).is_empty());
    }

    #[test]
    fn one_thread_equals_two_threads_bit_for_bit() {
        let g = random_graph(9000, 30_000, 5);
        let a = with_threads(1, || eigenvector(&g));
        let b = with_threads(2, || eigenvector(&g));
        assert_eq!(
            a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        let norm: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-9);
    }
}
