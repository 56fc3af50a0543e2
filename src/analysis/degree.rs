//! Degrees and strengths (METRICS.md: `in_degree`, `out_degree`, `in_strength`,
//! `out_strength`): distinct neighbours and summed tie weights, read off the CSR rows in O(n + m).

use crate::graph::Graph;

/// (in_degree, out_degree, in_strength, out_strength) per node.
///
/// Strengths are summed in row order, so they are the same whatever the thread count.
pub fn degrees(g: &Graph) -> (Vec<u32>, Vec<u32>, Vec<f64>, Vec<f64>) {
    let n = g.n();
    let in_degree = (0..n).map(|v| g.inc().degree(v) as u32).collect();
    let out_degree = (0..n).map(|v| g.out().degree(v) as u32).collect();
    let in_strength = (0..n)
        .map(|v| g.inc().row_weights(v).iter().fold(0.0, |a, w| a + w))
        .collect();
    let out_strength = (0..n)
        .map(|v| g.out().row_weights(v).iter().fold(0.0, |a, w| a + w))
        .collect();
    (in_degree, out_degree, in_strength, out_strength)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::RawTie;

    #[test]
    fn degrees_and_strengths() {
        let t = |s, t, w| RawTie {
            source: s,
            target: t,
            weight: w,
            relation: 0,
        };
        let ids = ["a", "b", "c"].map(String::from).to_vec();
        let groups = vec!["g".to_string(); 3];
        let g = Graph::build(
            ids,
            &groups,
            vec![t(0, 1, 2.0), t(0, 1, 1.0), t(0, 2, 0.5), t(2, 1, 4.0)],
        );
        let (i, o, is, os) = degrees(&g);
        assert_eq!(i, vec![0, 2, 1]);
        assert_eq!(o, vec![2, 0, 1]);
        assert_eq!(is, vec![0.0, 7.0, 0.5]);
        assert_eq!(os, vec![3.5, 0.0, 4.0]);
    }
}
