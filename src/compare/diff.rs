//! The difference between two waves of one partnership: pure functions from two read-back
//! output folders ([`Wave`]) to a [`Comparison`]. No files are read or written here.
//!
//! # Definitions
//!
//! - People are matched by id (or by pseudonym, for folders anonymized with one key). A person
//!   only in the first wave *left*, only in the second *joined*.
//! - A tie is the ordered pair (source id, target id) of ties.csv. The ties of a pair of groups
//!   {A, B} in a wave are its cross ties (either direction), each end in the group it has in
//!   that wave. For each pair, `kept` = ties in the pair in both waves, `lost` = before − kept,
//!   `gained` = after − kept. A tie between two people who changed groups can therefore be lost
//!   from one pair and gained by another; the network-wide counts ignore groups.
//! - Pair density: cross ties / (2 · size_a · size_b), the share of possible ties in either
//!   direction present (the mean of pairs.csv's `density_ab` and `density_ba`).
//! - Pair E–I: (cross − internal) / (cross + internal), where internal counts the ties inside
//!   either group (groups.csv `ties_internal`): +1 only cross ties, −1 only ties at home.
//! - Integration score and stage: pairs.csv's, as the wave's analysis computed them.
//! - A person's `change`: the larger of |Δ brokerage_total| / B and |Δ reach_loss| / R, where B
//!   and R are the largest brokerage_total and reach_loss any matched person has in either
//!   wave (a component counts only when both waves computed it and its B or R is above 0). It
//!   is in [0, 1]: 1 is the biggest move anyone could make in this comparison.
//!
//! Complexity: O((n + m) log(n + m) + G²) for n people, m ties and G groups of the two waves.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::narrative::folder::Outputs;

/// One wave, as read back from its output folder.
#[derive(Debug, Clone, Default)]
pub struct Wave {
    /// How the user named it (the path given on the command line).
    pub source: String,
    /// The folder's tables and summary.
    pub outputs: Outputs,
    /// ties.csv: (source id, target id), in file order.
    pub ties: Vec<(String, String)>,
}

/// A person and their group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Member {
    /// Id or pseudonym.
    pub id: String,
    /// Their group in the wave they are in.
    pub group: String,
}

/// A value in the first and the second wave (`None`: absent or undefined there).
pub type Both<T> = (Option<T>, Option<T>);

/// The change of one unordered pair of groups (names in sorted order).
#[derive(Debug, Clone, PartialEq)]
pub struct PairChange {
    /// First group (the smaller name).
    pub a: String,
    /// Second group.
    pub b: String,
    /// Members of `a` in each wave (`None`: the group is absent).
    pub size_a: Both<u64>,
    /// Members of `b` in each wave.
    pub size_b: Both<u64>,
    /// Cross ties (both directions) in each wave; `None` when the pair is absent.
    pub ties: Both<u64>,
    /// Ties in the pair in both waves.
    pub kept: u64,
    /// Ties in the pair in the second wave only.
    pub gained: u64,
    /// Ties in the pair in the first wave only.
    pub lost: u64,
    /// Cross ties / (2 · size_a · size_b).
    pub density: Both<f64>,
    /// (cross − internal) / (cross + internal).
    pub ei: Both<f64>,
    /// pairs.csv `integration_score`.
    pub score: Both<f64>,
    /// pairs.csv `stage`.
    pub stage: Both<String>,
}

/// Order of the stages, from no contact to integrated (unknown stages sort first).
pub fn stage_rank(stage: &str) -> i32 {
    match stage {
        "none" => 0,
        "arms-length" => 1,
        "coordinated" => 2,
        "integrated" => 3,
        _ => -1,
    }
}

impl PairChange {
    /// "A–B".
    pub fn name(&self) -> String {
        format!("{}–{}", self.a, self.b)
    }

    /// Present in both waves with a different stage.
    pub fn stage_changed(&self) -> bool {
        matches!(&self.stage, (Some(x), Some(y)) if x != y)
    }

    /// Stages moved up (> 0) or down (< 0); 0 when unchanged or not in both waves.
    pub fn stage_step(&self) -> i32 {
        match &self.stage {
            (Some(x), Some(y)) => stage_rank(y) - stage_rank(x),
            _ => 0,
        }
    }
}

/// The change of one person present in both waves.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonChange {
    /// Id or pseudonym.
    pub id: String,
    /// Their group in each wave.
    pub group: (String, String),
    /// brokerage_total (sum of the five Gould–Fernandez roles); `None` when not computed.
    pub brokerage: Both<u64>,
    /// reach_loss; `None` when not computed.
    pub reach_loss: Both<f64>,
    /// Distinct contacts in other groups.
    pub external_ties: (f64, f64),
    /// Size of the change in [0, 1] (module docs).
    pub change: f64,
}

impl PersonChange {
    /// After − before, when both are known.
    pub fn brokerage_delta(&self) -> Option<i64> {
        match self.brokerage {
            (Some(x), Some(y)) => Some(y as i64 - x as i64),
            _ => None,
        }
    }

    /// After − before, when both are known.
    pub fn reach_loss_delta(&self) -> Option<f64> {
        delta(self.reach_loss)
    }
}

/// After − before, when both are known.
pub fn delta(v: Both<f64>) -> Option<f64> {
    match v {
        (Some(x), Some(y)) => Some(y - x),
        _ => None,
    }
}

/// Everything that changed between two waves.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparison {
    /// People in each wave.
    pub people: (u64, u64),
    /// Ties in each wave.
    pub ties: (u64, u64),
    /// People in both waves.
    pub matched: u64,
    /// People only in the second wave, by id.
    pub joined: Vec<Member>,
    /// People only in the first wave, by id.
    pub left: Vec<Member>,
    /// Matched people whose group differs between the waves.
    pub moved: u64,
    /// Ties in both waves (same source and target).
    pub ties_kept: u64,
    /// Ties only in the second wave.
    pub ties_gained: u64,
    /// Ties only in the first wave.
    pub ties_lost: u64,
    /// summary.json `density`.
    pub density: Both<f64>,
    /// summary.json `ei_index`.
    pub ei_index: Both<f64>,
    /// summary.json `ei_expected`.
    pub ei_expected: Both<f64>,
    /// Groups only in the second wave.
    pub groups_added: Vec<String>,
    /// Groups only in the first wave.
    pub groups_removed: Vec<String>,
    /// One entry per pair of groups present in either wave, by names.
    pub pairs: Vec<PairChange>,
    /// Every matched person, biggest change first (then id).
    pub people_changes: Vec<PersonChange>,
    /// Whether brokerage was computed in each wave.
    pub brokerage_computed: (bool, bool),
    /// Whether reach_loss was computed in each wave.
    pub reach_loss_computed: (bool, bool),
}

impl Comparison {
    /// The pairs whose stage changed, biggest move first (then by name).
    pub fn stage_changes(&self) -> Vec<&PairChange> {
        let mut v: Vec<&PairChange> = self.pairs.iter().filter(|p| p.stage_changed()).collect();
        v.sort_by(|x, y| {
            y.stage_step()
                .abs()
                .cmp(&x.stage_step().abs())
                .then_with(|| y.stage_step().cmp(&x.stage_step()))
                .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
        });
        v
    }

    /// The first `k` people whose change is above 0.
    pub fn top_movers(&self, k: usize) -> Vec<&PersonChange> {
        self.people_changes
            .iter()
            .filter(|p| p.change > 0.0)
            .take(k)
            .collect()
    }

    /// Cross-group ties kept, gained and lost, summed over the pairs.
    pub fn cross_ties(&self) -> (u64, u64, u64) {
        self.pairs.iter().fold((0, 0, 0), |(k, g, l), p| {
            (k + p.kept, g + p.gained, l + p.lost)
        })
    }
}

/// Per-wave figures of one group: size and internal ties.
fn groups_of(o: &Outputs) -> BTreeMap<&str, (u64, u64)> {
    o.groups
        .iter()
        .map(|g| (g.name.as_str(), (g.size, g.ties_internal)))
        .collect()
}

fn key<'a>(x: &'a str, y: &'a str) -> (&'a str, &'a str) {
    if x <= y {
        (x, y)
    } else {
        (y, x)
    }
}

/// The pair of groups a tie s → t crosses in a wave (None: inside one group, or an end unknown).
fn pair_in<'a>(groups: &FxHashMap<&str, &'a str>, s: &str, t: &str) -> Option<(&'a str, &'a str)> {
    let (gs, gt) = (groups.get(s).copied()?, groups.get(t).copied()?);
    (gs != gt).then(|| key(gs, gt))
}

/// Compares two waves (see the module docs for every definition).
pub fn compare(before: &Wave, after: &Wave) -> Comparison {
    let (ob, oa) = (&before.outputs, &after.outputs);
    let group_b: FxHashMap<&str, &str> = ob
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.group.as_str()))
        .collect();
    let group_a: FxHashMap<&str, &str> = oa
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.group.as_str()))
        .collect();
    let member = |p: &crate::narrative::folder::Person| Member {
        id: p.id.clone(),
        group: p.group.clone(),
    };
    let mut left: Vec<Member> = ob
        .people
        .iter()
        .filter(|p| !group_a.contains_key(p.id.as_str()))
        .map(member)
        .collect();
    let mut joined: Vec<Member> = oa
        .people
        .iter()
        .filter(|p| !group_b.contains_key(p.id.as_str()))
        .map(member)
        .collect();
    left.sort();
    joined.sort();

    // Ties: network-wide and per pair of groups.
    let set_b: FxHashSet<(&str, &str)> = before
        .ties
        .iter()
        .map(|(s, t)| (s.as_str(), t.as_str()))
        .collect();
    let set_a: FxHashSet<(&str, &str)> = after
        .ties
        .iter()
        .map(|(s, t)| (s.as_str(), t.as_str()))
        .collect();
    let ties_kept = set_b.intersection(&set_a).count() as u64;
    // (before, after, kept) cross ties per pair.
    let mut per_pair: BTreeMap<(&str, &str), (u64, u64, u64)> = BTreeMap::new();
    for &(s, t) in &set_b {
        if let Some(p) = pair_in(&group_b, s, t) {
            let e = per_pair.entry(p).or_default();
            e.0 += 1;
            if set_a.contains(&(s, t)) && pair_in(&group_a, s, t) == Some(p) {
                e.2 += 1;
            }
        }
    }
    for &(s, t) in &set_a {
        if let Some(p) = pair_in(&group_a, s, t) {
            per_pair.entry(p).or_default().1 += 1;
        }
    }

    let (gb, ga) = (groups_of(ob), groups_of(oa));
    let names: BTreeSet<&str> = gb.keys().chain(ga.keys()).copied().collect();
    let names: Vec<&str> = names.into_iter().collect();
    let pair_row =
        |o: &Outputs, a: &str, b: &str| o.pairs.iter().find(|p| key(&p.a, &p.b) == (a, b)).cloned();
    let mut pairs = Vec::new();
    for (i, &a) in names.iter().enumerate() {
        for &b in &names[i + 1..] {
            let in_b = gb.contains_key(a) && gb.contains_key(b);
            let in_a = ga.contains_key(a) && ga.contains_key(b);
            if !in_b && !in_a {
                continue;
            }
            let (tb, ta, kept) = per_pair.get(&(a, b)).copied().unwrap_or_default();
            let side =
                |present: bool, groups: &BTreeMap<&str, (u64, u64)>, o: &Outputs, cross: u64| {
                    if !present {
                        return (None, None, None, None, None);
                    }
                    let (sa, ia) = groups[a];
                    let (sb, ib) = groups[b];
                    let cells = 2 * sa * sb;
                    let density = (cells > 0).then(|| cross as f64 / cells as f64);
                    let total = cross + ia + ib;
                    let ei = (total > 0).then(|| (cross as f64 - (ia + ib) as f64) / total as f64);
                    let row = pair_row(o, a, b);
                    (
                        Some(cross),
                        density,
                        ei,
                        row.as_ref().map(|r| r.integration_score),
                        row.map(|r| r.stage),
                    )
                };
            let (t0, d0, e0, s0, st0) = side(in_b, &gb, ob, tb);
            let (t1, d1, e1, s1, st1) = side(in_a, &ga, oa, ta);
            pairs.push(PairChange {
                a: a.to_string(),
                b: b.to_string(),
                size_a: (gb.get(a).map(|g| g.0), ga.get(a).map(|g| g.0)),
                size_b: (gb.get(b).map(|g| g.0), ga.get(b).map(|g| g.0)),
                ties: (t0, t1),
                kept,
                gained: ta - kept,
                lost: tb - kept,
                density: (d0, d1),
                ei: (e0, e1),
                score: (s0, s1),
                stage: (st0, st1),
            });
        }
    }

    let brokerage_computed = (ob.computed("brokerage"), oa.computed("brokerage"));
    let reach_loss_computed = (ob.computed("reach_loss"), oa.computed("reach_loss"));
    let people_changes = people_changes(ob, oa, brokerage_computed, reach_loss_computed);
    let moved = people_changes
        .iter()
        .filter(|p| p.group.0 != p.group.1)
        .count() as u64;
    let groups_added = ga
        .keys()
        .filter(|g| !gb.contains_key(*g))
        .map(|g| g.to_string())
        .collect();
    let groups_removed = gb
        .keys()
        .filter(|g| !ga.contains_key(*g))
        .map(|g| g.to_string())
        .collect();
    Comparison {
        people: (ob.people.len() as u64, oa.people.len() as u64),
        ties: (set_b.len() as u64, set_a.len() as u64),
        matched: people_changes.len() as u64,
        joined,
        left,
        moved,
        ties_kept,
        ties_gained: set_a.len() as u64 - ties_kept,
        ties_lost: set_b.len() as u64 - ties_kept,
        density: (ob.summary.density, oa.summary.density),
        ei_index: (ob.summary.ei_index, oa.summary.ei_index),
        ei_expected: (ob.summary.ei_expected, oa.summary.ei_expected),
        groups_added,
        groups_removed,
        pairs,
        people_changes,
        brokerage_computed,
        reach_loss_computed,
    }
}

/// Every person in both waves with their before/after figures, biggest change first.
fn people_changes(
    ob: &Outputs,
    oa: &Outputs,
    brokerage: (bool, bool),
    reach: (bool, bool),
) -> Vec<PersonChange> {
    let after: FxHashMap<&str, &crate::narrative::folder::Person> =
        oa.people.iter().map(|p| (p.id.as_str(), p)).collect();
    let total = |p: &crate::narrative::folder::Person, computed: bool| {
        p.roles.filter(|_| computed).map(|r| r.iter().sum::<u64>())
    };
    let reach_of =
        |p: &crate::narrative::folder::Person, computed: bool| p.reach_loss.filter(|_| computed);
    let mut rows: Vec<PersonChange> = ob
        .people
        .iter()
        .filter_map(|p| {
            let q = after.get(p.id.as_str())?;
            Some(PersonChange {
                id: p.id.clone(),
                group: (p.group.clone(), q.group.clone()),
                brokerage: (total(p, brokerage.0), total(q, brokerage.1)),
                reach_loss: (reach_of(p, reach.0), reach_of(q, reach.1)),
                external_ties: (p.external_ties, q.external_ties),
                change: 0.0,
            })
        })
        .collect();
    let b_max = rows
        .iter()
        .filter_map(|r| match r.brokerage {
            (Some(x), Some(y)) => Some(x.max(y)),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let r_max = rows
        .iter()
        .filter_map(|r| match r.reach_loss {
            (Some(x), Some(y)) => Some(x.max(y)),
            _ => None,
        })
        .fold(0.0f64, f64::max);
    for r in &mut rows {
        let b = match (r.brokerage_delta(), b_max) {
            (Some(d), m) if m > 0 => d.unsigned_abs() as f64 / m as f64,
            _ => 0.0,
        };
        let l = match r.reach_loss_delta() {
            Some(d) if r_max > 0.0 => d.abs() / r_max,
            _ => 0.0,
        };
        r.change = b.max(l);
    }
    rows.sort_by(|x, y| {
        y.change
            .total_cmp(&x.change)
            .then_with(|| {
                let bx = x.brokerage_delta().map_or(0, i64::unsigned_abs);
                let by = y.brokerage_delta().map_or(0, i64::unsigned_abs);
                by.cmp(&bx)
            })
            .then_with(|| {
                let rx = x.reach_loss_delta().map_or(0.0, f64::abs);
                let ry = y.reach_loss_delta().map_or(0.0, f64::abs);
                ry.total_cmp(&rx)
            })
            .then_with(|| x.id.cmp(&y.id))
    });
    rows
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::narrative::folder::{Group, Pair, Person};

    fn person(id: &str, group: &str, brokerage: u64, reach: f64, ext: f64) -> Person {
        Person {
            id: id.into(),
            group: group.into(),
            roles: Some([brokerage, 0, 0, 0, 0]),
            reach_loss: Some(reach),
            external_ties: ext,
            ..Default::default()
        }
    }

    fn group(name: &str, size: u64, internal: u64) -> Group {
        Group {
            name: name.into(),
            size,
            ties_internal: internal,
            ..Default::default()
        }
    }

    fn pair(a: &str, b: &str, score: f64, stage: &str) -> Pair {
        Pair {
            a: a.into(),
            b: b.into(),
            integration_score: score,
            stage: stage.into(),
            ..Default::default()
        }
    }

    fn ties(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(s, t)| (s.to_string(), t.to_string()))
            .collect()
    }

    /// Two waves: Bank {b1, b2}, City {c1, c2}; c2 leaves, Telecom's t1 joins.
    pub(crate) fn waves() -> (Wave, Wave) {
        let mut before = Wave::default();
        let o = &mut before.outputs;
        o.summary.computed = vec!["brokerage".into(), "reach_loss".into()];
        o.summary.density = Some(0.25);
        o.people = vec![
            person("b1", "Bank", 4, 0.5, 1.0),
            person("b2", "Bank", 0, 0.0, 0.0),
            person("c1", "City", 2, 0.25, 1.0),
            person("c2", "City", 0, 0.0, 0.0),
        ];
        o.groups = vec![group("Bank", 2, 1), group("City", 2, 1)];
        o.pairs = vec![pair("Bank", "City", 0.3, "arms-length")];
        // b1→c1 cross; b1→b2 and c1→c2 internal.
        before.ties = ties(&[("b1", "c1"), ("b1", "b2"), ("c1", "c2")]);

        let mut after = Wave::default();
        let o = &mut after.outputs;
        o.summary.computed = vec!["brokerage".into(), "reach_loss".into()];
        o.summary.density = Some(0.5);
        o.people = vec![
            person("b1", "Bank", 1, 0.0, 2.0),
            person("b2", "Bank", 2, 0.0, 1.0),
            person("c1", "City", 2, 0.5, 2.0),
            person("t1", "Telecom", 0, 0.0, 1.0),
        ];
        o.groups = vec![
            group("Bank", 2, 1),
            group("City", 1, 0),
            group("Telecom", 1, 0),
        ];
        o.pairs = vec![
            pair("Bank", "City", 0.8, "integrated"),
            pair("Bank", "Telecom", 0.0, "none"),
            pair("City", "Telecom", 0.2, "arms-length"),
        ];
        // Kept: b1→c1, b1→b2. Gained: c1→b1, b2→c1, t1→c1. Lost: c1→c2.
        after.ties = ties(&[
            ("b1", "c1"),
            ("b1", "b2"),
            ("c1", "b1"),
            ("b2", "c1"),
            ("t1", "c1"),
        ]);
        (before, after)
    }

    #[test]
    fn people_are_matched_by_id() {
        let (b, a) = waves();
        let c = compare(&b, &a);
        assert_eq!(c.people, (4, 4));
        assert_eq!(c.matched, 3);
        assert_eq!(
            c.left,
            [Member {
                id: "c2".into(),
                group: "City".into()
            }]
        );
        assert_eq!(c.joined.len(), 1);
        assert_eq!(c.joined[0].id, "t1");
        assert_eq!(c.moved, 0);
        assert_eq!(c.groups_added, ["Telecom"]);
        assert!(c.groups_removed.is_empty());
    }

    #[test]
    fn ties_kept_gained_lost_overall_and_per_pair() {
        let (b, a) = waves();
        let c = compare(&b, &a);
        assert_eq!((c.ties_kept, c.ties_gained, c.ties_lost), (2, 3, 1));
        assert_eq!(c.ties, (3, 5));
        let names: Vec<String> = c.pairs.iter().map(PairChange::name).collect();
        assert_eq!(names, ["Bank–City", "Bank–Telecom", "City–Telecom"]);
        let bc = &c.pairs[0];
        assert_eq!(bc.ties, (Some(1), Some(3)));
        assert_eq!((bc.kept, bc.gained, bc.lost), (1, 2, 0));
        // Before: 1 / (2·2·2) = 0.125; after: 3 / (2·2·1) = 0.75.
        assert_eq!(bc.density, (Some(0.125), Some(0.75)));
        // Before: (1 − 2) / 3; after: (3 − 1) / 4.
        assert_eq!(bc.ei, (Some(-1.0 / 3.0), Some(0.5)));
        assert_eq!(
            bc.stage,
            (Some("arms-length".into()), Some("integrated".into()))
        );
        assert!(bc.stage_changed());
        assert_eq!(bc.stage_step(), 2);
        let ct = &c.pairs[2];
        assert_eq!(ct.ties, (None, Some(1)));
        assert_eq!((ct.kept, ct.gained, ct.lost), (0, 1, 0));
        assert_eq!(ct.size_a, (Some(2), Some(1)));
        assert_eq!(ct.size_b, (None, Some(1)));
        assert!(!ct.stage_changed(), "new pairs have no stage change");
        assert_eq!(c.stage_changes().len(), 1);
        assert_eq!(c.cross_ties(), (1, 3, 0));
    }

    #[test]
    fn a_person_who_moves_group_moves_their_ties() {
        let (b, mut a) = waves();
        // c1 now works for Bank: b1→c1 is no longer a Bank–City tie.
        a.outputs.people[2].group = "Bank".into();
        let c = compare(&b, &a);
        assert_eq!(c.moved, 1);
        assert_eq!((c.ties_kept, c.ties_gained, c.ties_lost), (2, 3, 1));
        let bc = &c.pairs[0];
        assert_eq!(bc.ties, (Some(1), Some(0)));
        assert_eq!((bc.kept, bc.gained, bc.lost), (0, 0, 1));
        let bt = &c.pairs[1];
        assert_eq!(bt.ties, (None, Some(1)), "t1→c1 is Bank–Telecom now");
    }

    #[test]
    fn movers_are_sorted_by_the_size_of_their_change() {
        let (b, a) = waves();
        let c = compare(&b, &a);
        // B = 4 (b1 before), R = 0.5. b1: |1−4|/4 = 0.75, |0−0.5|/0.5 = 1 → 1.
        // b2: 2/4 = 0.5. c1: 0, 0.25/0.5 = 0.5; ties on change broken by |Δ brokerage| → b2.
        let order: Vec<(&str, f64)> = c
            .people_changes
            .iter()
            .map(|p| (p.id.as_str(), p.change))
            .collect();
        assert_eq!(order, [("b1", 1.0), ("b2", 0.5), ("c1", 0.5)]);
        let b1 = &c.people_changes[0];
        assert_eq!(b1.brokerage, (Some(4), Some(1)));
        assert_eq!(b1.brokerage_delta(), Some(-3));
        assert_eq!(b1.reach_loss_delta(), Some(-0.5));
        assert_eq!(c.top_movers(2).len(), 2);
    }

    #[test]
    fn families_not_computed_do_not_count() {
        let (b, mut a) = waves();
        a.outputs.summary.computed = vec!["reach_loss".into()];
        let c = compare(&b, &a);
        assert_eq!(c.brokerage_computed, (true, false));
        assert!(c.people_changes.iter().all(|p| p.brokerage.1.is_none()));
        // Only reach_loss moves now: b1 by 0.5 (1), c1 by 0.25 (0.5), b2 not at all.
        let order: Vec<&str> = c.people_changes.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(order, ["b1", "c1", "b2"]);
        assert_eq!(c.people_changes[2].change, 0.0);
        assert_eq!(c.top_movers(10).len(), 2);
    }

    #[test]
    fn identical_waves_change_nothing() {
        let (b, _) = waves();
        let c = compare(&b, &b);
        assert_eq!((c.ties_kept, c.ties_gained, c.ties_lost), (3, 0, 0));
        assert!(c.joined.is_empty() && c.left.is_empty());
        assert!(c.stage_changes().is_empty());
        assert!(c.people_changes.iter().all(|p| p.change == 0.0));
        assert!(c.top_movers(5).is_empty());
    }
}
