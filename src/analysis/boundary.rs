//! Boundary measures: ties inside and across groups, per person, per group and per ordered pair of
//! groups (METRICS.md: people.csv `external_ties` … `hoarding_index`, groups.csv, boundary.csv),
//! and the whole-network E–I index (Krackhardt & Stern 1988).
//!
//! All of it is one pass over the ties: O(n + m + G²) time for G groups, O(G²) extra space.

use ndarray::Array2;

use crate::graph::Graph;

/// Which way knowledge moves along a tie (METRICS.md, "Direction of knowledge flow").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flow {
    /// Knowledge moves from source to target ("I share information with X").
    #[default]
    Along,
    /// Knowledge moves from target to source ("I go to X for advice").
    Against,
}

/// Per-person boundary columns.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonBoundary {
    /// Distinct neighbours (in ∪ out) in another group.
    pub external_ties: Vec<u32>,
    /// Distinct neighbours in the same group.
    pub internal_ties: Vec<u32>,
    /// (external − internal) / (external + internal); None for isolates.
    pub ei_index: Vec<Option<f64>>,
    /// (received − given) / (received + given) with received/given the flow-aware degrees;
    /// None for isolates.
    pub hoarding_index: Vec<Option<f64>>,
}

/// (a − b) / (a + b), None when both are 0.
pub fn balance(a: f64, b: f64) -> Option<f64> {
    (a + b != 0.0).then(|| (a - b) / (a + b))
}

/// Knowledge received and given by each person: (in_degree, out_degree) when knowledge flows
/// along ties, swapped when it flows against them.
pub fn received_given(g: &Graph, flow: Flow) -> (Vec<f64>, Vec<f64>) {
    let ins: Vec<f64> = (0..g.n()).map(|v| g.inc().degree(v) as f64).collect();
    let outs: Vec<f64> = (0..g.n()).map(|v| g.out().degree(v) as f64).collect();
    match flow {
        Flow::Along => (ins, outs),
        Flow::Against => (outs, ins),
    }
}

/// Per-person boundary columns. O(n + m).
pub fn person_boundary(g: &Graph, flow: Flow) -> PersonBoundary {
    let n = g.n();
    let mut external_ties = vec![0u32; n];
    let mut internal_ties = vec![0u32; n];
    for v in 0..n {
        let gv = g.group(v);
        for &u in g.und().row(v) {
            if g.group(u as usize) == gv {
                internal_ties[v] += 1;
            } else {
                external_ties[v] += 1;
            }
        }
    }
    let ei_index = (0..n)
        .map(|v| balance(external_ties[v] as f64, internal_ties[v] as f64))
        .collect();
    let (received, given) = received_given(g, flow);
    let hoarding_index = (0..n).map(|v| balance(received[v], given[v])).collect();
    PersonBoundary {
        external_ties,
        internal_ties,
        ei_index,
        hoarding_index,
    }
}

/// One row of groups.csv.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GroupRow {
    /// Group label.
    pub group: String,
    /// Number of people.
    pub size: usize,
    /// Ties with both ends in the group.
    pub ties_internal: u64,
    /// Ties from the group to other groups.
    pub ties_out: u64,
    /// Ties from other groups into the group.
    pub ties_in: u64,
    /// ties_internal / (size (size − 1)); None when size < 2.
    pub density_internal: Option<f64>,
    /// (ties_out + ties_in − ties_internal) / (ties_out + ties_in + ties_internal).
    pub ei_index: Option<f64>,
    /// Members with at least one tie to another group.
    pub spanners: usize,
    /// Largest share of the group's cross-group ties that touch one member.
    pub top_spanner_share: Option<f64>,
    /// Share of members who answered the survey (only for survey imports).
    pub response_rate: Option<f64>,
}

/// The group × group tables: tie counts and weights from row group to column group.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    /// Group sizes, indexed by group.
    pub sizes: Vec<usize>,
    /// ties[[a, b]]: number of ties from group a to group b.
    pub ties: Array2<u64>,
    /// weight[[a, b]]: sum of their weights.
    pub weight: Array2<f64>,
    /// Per-person count of cross-group ties (either direction) touching them.
    pub cross_touch: Vec<u64>,
}

impl Boundary {
    /// Tabulates the ties by group pair. O(n + m + G²).
    pub fn compute(g: &Graph) -> Boundary {
        let k = g.group_count();
        let mut sizes = vec![0usize; k];
        for &gr in g.groups() {
            sizes[gr as usize] += 1;
        }
        let mut ties = Array2::<u64>::zeros((k, k));
        let mut weight = Array2::<f64>::zeros((k, k));
        let mut cross_touch = vec![0u64; g.n()];
        for s in 0..g.n() {
            let gs = g.group(s) as usize;
            for (&t, &w) in g.out().row(s).iter().zip(g.out().row_weights(s)) {
                let gt = g.group(t as usize) as usize;
                ties[[gs, gt]] += 1;
                weight[[gs, gt]] += w;
                if gs != gt {
                    cross_touch[s] += 1;
                    cross_touch[t as usize] += 1;
                }
            }
        }
        Boundary {
            sizes,
            ties,
            weight,
            cross_touch,
        }
    }

    /// Density of ties from group a to group b: ties / (n_a n_b) across groups, ties / (n (n − 1))
    /// within one (None when n < 2).
    pub fn density(&self, a: usize, b: usize) -> Option<f64> {
        let t = self.ties[[a, b]] as f64;
        if a == b {
            let n = self.sizes[a];
            (n >= 2).then(|| t / (n as f64 * (n as f64 - 1.0)))
        } else {
            Some(t / (self.sizes[a] as f64 * self.sizes[b] as f64))
        }
    }

    /// Direction imbalance (ties a→b − ties b→a) / (ties a→b + ties b→a); None when both are 0
    /// or a = b.
    pub fn net_flow(&self, a: usize, b: usize) -> Option<f64> {
        if a == b {
            return None;
        }
        balance(self.ties[[a, b]] as f64, self.ties[[b, a]] as f64)
    }

    /// The groups.csv rows, in group order.
    pub fn group_rows(&self, g: &Graph) -> Vec<GroupRow> {
        let k = self.sizes.len();
        let mut spanners = vec![0usize; k];
        let mut top = vec![0u64; k];
        for v in 0..g.n() {
            let gv = g.group(v) as usize;
            if self.cross_touch[v] > 0 {
                spanners[gv] += 1;
            }
            top[gv] = top[gv].max(self.cross_touch[v]);
        }
        (0..k)
            .map(|a| {
                let internal = self.ties[[a, a]];
                let out: u64 = (0..k).filter(|&b| b != a).map(|b| self.ties[[a, b]]).sum();
                let inn: u64 = (0..k).filter(|&b| b != a).map(|b| self.ties[[b, a]]).sum();
                let ext = out + inn;
                GroupRow {
                    group: g.group_names()[a].clone(),
                    size: self.sizes[a],
                    ties_internal: internal,
                    ties_out: out,
                    ties_in: inn,
                    density_internal: self.density(a, a),
                    ei_index: balance(ext as f64, internal as f64),
                    spanners: spanners[a],
                    top_spanner_share: (ext > 0).then(|| top[a] as f64 / ext as f64),
                    response_rate: None,
                }
            })
            .collect()
    }

    /// Whole-network E–I index (E − I)/(E + I) over ties; None without ties.
    pub fn ei_index(&self) -> Option<f64> {
        let (e, i) = self.external_internal();
        balance(e as f64, i as f64)
    }

    /// (ties between groups, ties within groups).
    pub fn external_internal(&self) -> (u64, u64) {
        let mut e = 0;
        let mut i = 0;
        for ((a, b), &t) in self.ties.indexed_iter() {
            if a == b {
                i += t;
            } else {
                e += t;
            }
        }
        (e, i)
    }

    /// E–I index expected from group sizes alone: (P_E − P_I)/(P_E + P_I) with
    /// P_I = Σ_g n_g (n_g − 1) and P_E = n(n − 1) − P_I; None when n < 2.
    pub fn ei_expected(&self) -> Option<f64> {
        let n: f64 = self.sizes.iter().sum::<usize>() as f64;
        let pi: f64 = self
            .sizes
            .iter()
            .map(|&s| s as f64 * (s as f64 - 1.0))
            .sum();
        let pe = n * (n - 1.0) - pi;
        balance(pe, pi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Groups A = {a, b}, B = {c}; ties a→b, b→a, a→c, c→b.
    fn small() -> Graph {
        let ids = ["a", "b", "c"].map(String::from).to_vec();
        let groups = ["A", "A", "B"].map(String::from);
        Graph::from_pairs_grouped(ids, &groups, &[(0, 1), (1, 0), (0, 2), (2, 1)])
    }

    #[test]
    fn people() {
        let g = small();
        let p = person_boundary(&g, Flow::Along);
        // a: neighbours b (internal), c (external) → EI 0
        assert_eq!(p.external_ties, vec![1, 1, 2]);
        assert_eq!(p.internal_ties, vec![1, 1, 0]);
        assert_eq!(p.ei_index, vec![Some(0.0), Some(0.0), Some(1.0)]);
        // along: received = in. a: in 1 out 2 → −1/3; b: in 2 out 1 → 1/3; c: in 1 out 1 → 0
        assert_eq!(
            p.hoarding_index,
            vec![Some(-1.0 / 3.0), Some(1.0 / 3.0), Some(0.0)]
        );
        let q = person_boundary(&g, Flow::Against);
        assert_eq!(q.hoarding_index[0], Some(1.0 / 3.0));
    }

    #[test]
    fn groups_and_pairs() {
        let g = small();
        let b = Boundary::compute(&g);
        assert_eq!(b.ties[[0, 0]], 2);
        assert_eq!(b.ties[[0, 1]], 1);
        assert_eq!(b.ties[[1, 0]], 1);
        assert_eq!(b.density(0, 0), Some(1.0));
        assert_eq!(b.density(1, 1), None);
        assert_eq!(b.density(0, 1), Some(0.5));
        assert_eq!(b.net_flow(0, 1), Some(0.0));
        assert_eq!(b.ei_index(), Some(0.0));
        // P_I = 2, P_E = 6 − 2 = 4 → (4 − 2)/6
        assert_eq!(b.ei_expected(), Some(2.0 / 6.0));
        let rows = b.group_rows(&g);
        assert_eq!(rows[0].ties_out, 1);
        assert_eq!(rows[0].ties_in, 1);
        assert_eq!(rows[0].ei_index, Some(0.0));
        // A's cross ties: a→c (touches a), c→b (touches b): 2 spanners, top share 1/2
        assert_eq!(rows[0].spanners, 2);
        assert_eq!(rows[0].top_spanner_share, Some(0.5));
        assert_eq!(rows[1].top_spanner_share, Some(1.0));
        assert_eq!(rows[1].density_internal, None);
    }
}
