//! Partnerships: one row per unordered pair of groups (pairs.csv), with an integration score
//! that says whether the two organizations work at arms-length (a couple of liaisons), are
//! coordinated, or are integrated (many people, reciprocated ties, no single point of failure).
//!
//! # The integration score
//!
//! Four questions a consultant can put to a client, each answered by a number in [0, 1] from the
//! pair's cross ties (ties from one group to the other, either direction):
//!
//! | component | question | value |
//! |---|---|---|
//! | breadth | do several people on *both* sides hold cross ties? | min(spanners_a, spanners_b) / min(5, size_a, size_b), capped at 1 |
//! | spread | do the ties not hinge on two people? | 1 − top_two_share (share of cross ties touching neither of the two busiest people) |
//! | reciprocity | is the contact two-way? | share of cross ties whose reverse tie exists |
//! | robustness | does the pair stay connected if its top spanner leaves? | 1 − reach_lost_top_spanner |
//!
//! `integration_score` is their mean. Stages: `arms-length` below [`ARMS_LENGTH_BELOW`],
//! `integrated` from [`INTEGRATED_FROM`], `coordinated` in between, and `none` when the pair has
//! no cross tie at all (score 0). One reciprocated liaison pair scores about 0.25 (breadth
//! 1/5 at most, spread 0, reciprocity 1, robustness 0): arms-length. Many reciprocated ties
//! among many people score near 1: integrated.
//!
//! Complexity: O(n + m + G²) for the tie counts; the robustness component needs the reach lost
//! when one person leaves, computed by [`super::reach`].

use crate::graph::Graph;

/// Score below which a partnership is `arms-length`.
pub const ARMS_LENGTH_BELOW: f64 = 0.4;
/// Score from which a partnership is `integrated`.
pub const INTEGRATED_FROM: f64 = 0.7;
/// Number of spanners on each side that counts as full breadth.
pub const FULL_BREADTH: usize = 5;

/// One row of pairs.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct PairRow {
    /// First group (index), a < b.
    pub a: u32,
    /// Second group (index).
    pub b: u32,
    /// Ties from a to b.
    pub ties_ab: u64,
    /// Ties from b to a.
    pub ties_ba: u64,
    /// ties_ab / (size_a size_b).
    pub density_ab: f64,
    /// ties_ba / (size_a size_b).
    pub density_ba: f64,
    /// Share of the pair's cross ties whose reverse tie exists; None without ties.
    pub reciprocated_share: Option<f64>,
    /// People of a holding a cross tie with b (either direction).
    pub spanners_a: usize,
    /// People of b holding a cross tie with a.
    pub spanners_b: usize,
    /// Share of cross ties touching one of the two people with most cross ties; None without ties.
    pub top_two_share: Option<f64>,
    /// The person with most cross ties in this pair (lowest node index on ties).
    pub top_spanner: Option<u32>,
    /// (ties_ab − ties_ba) / (ties_ab + ties_ba); None without ties.
    pub net_flow: Option<f64>,
    /// Share of the pair's cross-group reachability (ordered pairs one in a, one in b, not the
    /// spanner) lost if the top spanner leaves; None when not computed or without such pairs.
    pub reach_lost_top_spanner: Option<f64>,
    /// Mean of breadth, spread, reciprocity and robustness.
    pub integration_score: f64,
    /// `none`, `arms-length`, `coordinated` or `integrated`.
    pub stage: &'static str,
}

/// The stage of a score (`none` when the pair has no cross ties).
pub fn stage(score: f64, has_ties: bool) -> &'static str {
    if !has_ties {
        "none"
    } else if score < ARMS_LENGTH_BELOW {
        "arms-length"
    } else if score < INTEGRATED_FROM {
        "coordinated"
    } else {
        "integrated"
    }
}

/// Computes every pair's row. `reach_lost(a, b, person)` gives the share of a–b reachability
/// lost if `person` leaves (None when there is none to lose); pass `|_, _, _| None` to skip it
/// (robustness then counts as 0 when the pair has ties, so scores are conservative).
pub fn pairs(g: &Graph, reach_lost: impl Fn(u32, u32, u32) -> Option<f64>) -> Vec<PairRow> {
    let k = g.group_count();
    let mut sizes = vec![0usize; k];
    for &gr in g.groups() {
        sizes[gr as usize] += 1;
    }
    // Cross ties grouped by unordered group pair: (pair index, source, target).
    let pair_index = |a: usize, b: usize| {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        a * k + b
    };
    let mut by_pair: Vec<Vec<(u32, u32)>> = vec![Vec::new(); k * k];
    for s in 0..g.n() {
        let gs = g.group(s) as usize;
        for &t in g.out().row(s) {
            let gt = g.group(t as usize) as usize;
            if gs != gt {
                by_pair[pair_index(gs, gt)].push((s as u32, t));
            }
        }
    }
    let mut rows = Vec::new();
    let mut touch: Vec<u64> = vec![0; g.n()];
    for a in 0..k {
        for b in a + 1..k {
            let ties = &by_pair[pair_index(a, b)];
            let ties_ab = ties
                .iter()
                .filter(|&&(s, _)| g.group(s as usize) as usize == a)
                .count() as u64;
            let ties_ba = ties.len() as u64 - ties_ab;
            let cells = (sizes[a] * sizes[b]) as f64;
            let total = ties.len() as f64;
            let reciprocated = ties
                .iter()
                .filter(|&&(s, t)| g.has_tie(t as usize, s))
                .count() as f64;
            let mut people: Vec<u32> = Vec::new();
            for &(s, t) in ties {
                for p in [s, t] {
                    if touch[p as usize] == 0 {
                        people.push(p);
                    }
                    touch[p as usize] += 1;
                }
            }
            people.sort_unstable();
            let spanners_a = people
                .iter()
                .filter(|&&p| g.group(p as usize) as usize == a)
                .count();
            let spanners_b = people.len() - spanners_a;
            // Two busiest people (most cross ties; ties broken by node order).
            let mut ranked = people.clone();
            ranked.sort_by(|&x, &y| touch[y as usize].cmp(&touch[x as usize]).then(x.cmp(&y)));
            let top: Vec<u32> = ranked.iter().take(2).copied().collect();
            let touching_top = ties
                .iter()
                .filter(|&&(s, t)| top.contains(&s) || top.contains(&t))
                .count() as f64;
            for &p in &people {
                touch[p as usize] = 0;
            }
            let has = !ties.is_empty();
            let top_spanner = top.first().copied();
            let reach_lost = top_spanner.and_then(|p| reach_lost(a as u32, b as u32, p));
            let top_two_share = has.then(|| touching_top / total);
            let reciprocated_share = has.then(|| reciprocated / total);
            let score = if has {
                let full = FULL_BREADTH.min(sizes[a]).min(sizes[b]).max(1) as f64;
                let breadth = (spanners_a.min(spanners_b) as f64 / full).min(1.0);
                let spread = 1.0 - top_two_share.unwrap_or(1.0);
                let reciprocity = reciprocated_share.unwrap_or(0.0);
                let robustness = 1.0 - reach_lost.unwrap_or(1.0);
                (breadth + spread + reciprocity + robustness) / 4.0
            } else {
                0.0
            };
            rows.push(PairRow {
                a: a as u32,
                b: b as u32,
                ties_ab,
                ties_ba,
                density_ab: ties_ab as f64 / cells,
                density_ba: ties_ba as f64 / cells,
                reciprocated_share,
                spanners_a,
                spanners_b,
                top_two_share,
                top_spanner,
                net_flow: super::boundary::balance(ties_ab as f64, ties_ba as f64),
                reach_lost_top_spanner: reach_lost,
                integration_score: score,
                stage: stage(score, has),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grouped(sizes: &[usize], pairs_: &[(u32, u32)]) -> Graph {
        let mut ids = Vec::new();
        let mut groups = Vec::new();
        for (k, &s) in sizes.iter().enumerate() {
            for i in 0..s {
                ids.push(format!("{}{i}", (b'A' + k as u8) as char));
                groups.push(((b'A' + k as u8) as char).to_string());
            }
        }
        Graph::from_pairs_grouped(ids, &groups, pairs_)
    }

    #[test]
    fn nothing_at_all() {
        let g = grouped(&[3, 3], &[(0, 1), (3, 4)]);
        let rows = pairs(&g, |_, _, _| None);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].stage, "none");
        assert_eq!(rows[0].integration_score, 0.0);
        assert_eq!(rows[0].net_flow, None);
    }

    #[test]
    fn one_liaison_pair_is_arms_length() {
        // A = 0..5, B = 6..11; a reciprocated liaison pair 0 ↔ 6, everything else internal.
        let mut t = vec![(0, 6), (6, 0)];
        for i in 0..5 {
            t.push((i, i + 1));
            t.push((i + 6, i + 7));
        }
        let g = grouped(&[6, 6], &t);
        // Losing the liaison cuts all A–B reach.
        let rows = pairs(&g, |_, _, _| Some(1.0));
        let r = &rows[0];
        assert_eq!((r.ties_ab, r.ties_ba), (1, 1));
        assert_eq!((r.spanners_a, r.spanners_b), (1, 1));
        assert_eq!(r.reciprocated_share, Some(1.0));
        assert_eq!(r.top_two_share, Some(1.0));
        assert_eq!(r.top_spanner, Some(0));
        // breadth 1/5, spread 0, reciprocity 1, robustness 0
        assert!((r.integration_score - (0.2 + 0.0 + 1.0 + 0.0) / 4.0).abs() < 1e-12);
        assert_eq!(r.stage, "arms-length");
        assert_eq!(r.density_ab, 1.0 / 36.0);
    }

    #[test]
    fn many_reciprocated_ties_are_integrated() {
        // Every A member ↔ every B member (6 × 6, both ways).
        let mut t = Vec::new();
        for i in 0..6 {
            for j in 6..12 {
                t.push((i, j));
                t.push((j, i));
            }
        }
        let g = grouped(&[6, 6], &t);
        let rows = pairs(&g, |_, _, _| Some(0.0));
        let r = &rows[0];
        assert_eq!((r.spanners_a, r.spanners_b), (6, 6));
        // top two: 0 and 1 (A), each touching 12 of 72 ties, none shared: 24/72
        assert_eq!(r.top_two_share, Some(24.0 / 72.0));
        assert!((r.integration_score - (1.0 + 48.0 / 72.0 + 1.0 + 1.0) / 4.0).abs() < 1e-12);
        assert_eq!(r.stage, "integrated");
        assert_eq!(r.net_flow, Some(0.0));
    }
}
