//! Findings: the people behind the headline numbers (summary.json `key_people`), each with the
//! numbers that put them there. Charts and the report read these, so every statement they make
//! comes from one place.
//!
//! | list | who | ranked by |
//! |---|---|---|
//! | `top_brokers` | people with Gould–Fernandez brokerage > 0 | brokerage_total |
//! | `boundary_spanners` | people with ties to another group | external_ties, then groups reached |
//! | `hoarders` | hoarding_index ≥ [`HOARDER_MIN_INDEX`] and knowledge received ≥ the [`HOARDER_MIN_RECEIVED_QUANTILE`] quantile of people with ties (and ≥ 3) | received − given |
//! | `single_points_of_failure` | reach_loss > 0 | reach_loss |
//!
//! Each list holds at most [`TOP`] people; ties in rank are broken by node order, so the lists
//! are deterministic.

use serde::Serialize;

use super::boundary::{received_given, Flow};
use super::pairs::PairRow;
use super::People;
use crate::graph::Graph;

/// People per list.
pub const TOP: usize = 10;
/// Lowest hoarding index of a hoarder: receives at least three times what they give.
pub const HOARDER_MIN_INDEX: f64 = 0.5;
/// A hoarder receives at least this quantile of what people with ties receive.
pub const HOARDER_MIN_RECEIVED_QUANTILE: f64 = 0.75;

/// One person in a findings list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyPerson {
    /// Node index (not serialised).
    #[serde(skip)]
    pub node: u32,
    /// Person id.
    pub id: String,
    /// Group label.
    pub group: String,
    /// The numbers that put them on the list.
    #[serde(flatten)]
    pub numbers: serde_json::Map<String, serde_json::Value>,
}

/// The findings lists.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Findings {
    /// Highest Gould–Fernandez brokerage (empty when brokerage was not computed).
    pub top_brokers: Vec<KeyPerson>,
    /// Most ties to other groups.
    pub boundary_spanners: Vec<KeyPerson>,
    /// Take knowledge in and pass little on.
    pub hoarders: Vec<KeyPerson>,
    /// Highest reach_loss (empty when reach_loss was not computed).
    pub single_points_of_failure: Vec<KeyPerson>,
}

fn person(g: &Graph, v: usize, numbers: serde_json::Value) -> KeyPerson {
    let serde_json::Value::Object(numbers) = numbers else {
        unreachable!("numbers are a JSON object")
    };
    KeyPerson {
        node: v as u32,
        id: g.ids()[v].clone(),
        group: g.group_names()[g.group(v) as usize].clone(),
        numbers,
    }
}

/// Sorts `candidates` by `key` descending, ties by node order, and keeps [`TOP`].
fn top_by<K: PartialOrd>(mut candidates: Vec<usize>, key: impl Fn(usize) -> K) -> Vec<usize> {
    candidates.sort_by(|&a, &b| {
        key(b)
            .partial_cmp(&key(a))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    candidates.truncate(TOP);
    candidates
}

/// The value at quantile `q` of `values` (nearest rank; 0 when empty).
fn quantile(mut values: Vec<f64>, q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

/// The hoarder rule on knowledge received and given per person (see the module table): one
/// flag per person, and the floor on `received` that was applied. Charts use the same rule.
pub fn hoarder_flags(received: &[f64], given: &[f64]) -> (Vec<bool>, f64) {
    let n = received.len();
    let active: Vec<f64> = (0..n)
        .filter(|&v| received[v] + given[v] > 0.0)
        .map(|v| received[v])
        .collect();
    let floor = quantile(active, HOARDER_MIN_RECEIVED_QUANTILE).max(3.0);
    let flags = (0..n)
        .map(|v| {
            let total = received[v] + given[v];
            total > 0.0
                && received[v] >= floor
                && (received[v] - given[v]) / total >= HOARDER_MIN_INDEX
        })
        .collect();
    (flags, floor)
}

/// Hoarders: see the module table. Returned in node order.
pub fn hoarders(g: &Graph, flow: Flow) -> Vec<usize> {
    let (received, given) = received_given(g, flow);
    let (flags, _) = hoarder_flags(&received, &given);
    (0..g.n()).filter(|&v| flags[v]).collect()
}

impl Findings {
    /// Builds the lists from the per-person columns.
    pub fn compute(g: &Graph, p: &People, pairs: &[PairRow], flow: Flow) -> Findings {
        let n = g.n();
        let mut f = Findings::default();
        if let Some(b) = &p.brokerage {
            let ranked = top_by((0..n).filter(|&v| b.total(v) > 0).collect(), |v| b.total(v));
            f.top_brokers = ranked
                .into_iter()
                .map(|v| {
                    let c = b.counts[v];
                    person(
                        g,
                        v,
                        serde_json::json!({
                            "brokerage_total": b.total(v),
                            "coordinator": c[0], "consultant": c[1], "representative": c[2],
                            "gatekeeper": c[3], "liaison": c[4],
                        }),
                    )
                })
                .collect();
        }
        // Groups each person reaches across the boundary.
        let groups_reached: Vec<usize> = (0..n)
            .map(|v| {
                let mut gs: Vec<u32> = g
                    .und()
                    .row(v)
                    .iter()
                    .map(|&u| g.group(u as usize))
                    .filter(|&h| h != g.group(v))
                    .collect();
                gs.sort_unstable();
                gs.dedup();
                gs.len()
            })
            .collect();
        let ext = &p.boundary.external_ties;
        let ranked = top_by((0..n).filter(|&v| ext[v] > 0).collect(), |v| {
            (ext[v], groups_reached[v])
        });
        f.boundary_spanners = ranked
            .into_iter()
            .map(|v| {
                // Pairs in which this person is the top spanner.
                let carries: Vec<String> = pairs
                    .iter()
                    .filter(|r| r.top_spanner == Some(v as u32))
                    .map(|r| {
                        format!(
                            "{}–{}",
                            g.group_names()[r.a as usize],
                            g.group_names()[r.b as usize]
                        )
                    })
                    .collect();
                person(
                    g,
                    v,
                    serde_json::json!({
                        "external_ties": ext[v],
                        "internal_ties": p.boundary.internal_ties[v],
                        "groups_reached": groups_reached[v],
                        "top_spanner_of": carries,
                    }),
                )
            })
            .collect();
        let (received, given) = received_given(g, flow);
        let ranked = top_by(hoarders(g, flow), |v| received[v] - given[v]);
        f.hoarders = ranked
            .into_iter()
            .map(|v| {
                person(
                    g,
                    v,
                    serde_json::json!({
                        "received": received[v], "given": given[v],
                        "hoarding_index": p.boundary.hoarding_index[v],
                    }),
                )
            })
            .collect();
        if let Some(rl) = &p.reach_loss {
            let ranked = top_by((0..n).filter(|&v| rl[v] > 0.0).collect(), |v| rl[v]);
            f.single_points_of_failure = ranked
                .into_iter()
                .map(|v| person(g, v, serde_json::json!({ "reach_loss": rl[v] })))
                .collect();
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_nearest_rank() {
        assert_eq!(quantile(vec![4.0, 1.0, 3.0, 2.0], 0.75), 3.0);
        assert_eq!(quantile(vec![], 0.5), 0.0);
        assert_eq!(quantile(vec![7.0], 0.75), 7.0);
    }

    #[test]
    fn a_star_centre_that_never_answers_is_a_hoarder() {
        // Five people send to 0 (knowledge flows along ties): 0 receives 5, gives 0.
        // 1 → 2 too, so 2 receives 1: below the floor of 3.
        let g = Graph::from_pairs(6, &[(1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (1, 2)]);
        assert_eq!(hoarders(&g, Flow::Along), vec![0]);
        // Against the ties, 0 gives to five people and receives nothing.
        assert!(hoarders(&g, Flow::Against).is_empty());
    }
}
