//! Tests of the recommender: constructed partnerships whose best introduction is known, and
//! every evaluation checked against a brute-force recomputation on the network with the tie.

use super::candidates::{candidates, default_degree_cap};
use super::deps::tests::random_graph;
use super::eval::{Eval, PairEffect, Scratch};
use super::state::{share, Scope, State};
use super::table::pair_figures;
use super::*;
use proptest::prelude::*;

/// Reachability from every source, with one person removed (or none).
fn reach_sets(g: &Graph, removed: Option<usize>) -> Vec<Vec<bool>> {
    let n = g.n();
    (0..n)
        .map(|a| {
            let mut seen = vec![false; n];
            if Some(a) == removed {
                return seen;
            }
            seen[a] = true;
            let mut stack = vec![a];
            while let Some(v) = stack.pop() {
                for &w in g.out().row(v) {
                    let w = w as usize;
                    if !seen[w] && Some(w) != removed {
                        seen[w] = true;
                        stack.push(w);
                    }
                }
            }
            seen
        })
        .collect()
}

/// Brute-force figures: R_p, lost_p(x), base_p(x), T_p.
struct Figures {
    reach: Vec<u64>,
    lost: Vec<Vec<u64>>,
    base: Vec<Vec<u64>>,
    worst: Vec<(f64, Option<u32>)>,
}

fn figures(g: &Graph, scope: &Scope) -> Figures {
    let n = g.n();
    let np = scope.pairs.len();
    let full = reach_sets(g, None);
    let pair = |a: usize, b: usize| scope.pair(g.group(a), g.group(b));
    let mut reach = vec![0u64; np];
    for a in 0..n {
        for b in 0..n {
            if a != b && full[a][b] {
                if let Some(p) = pair(a, b) {
                    reach[p as usize] += 1;
                }
            }
        }
    }
    let mut lost = vec![vec![0u64; np]; n];
    let mut base = vec![vec![0u64; np]; n];
    for x in 0..n {
        let without = reach_sets(g, Some(x));
        for a in 0..n {
            for b in 0..n {
                if a == b || a == x || b == x || !full[a][b] {
                    continue;
                }
                if let Some(p) = pair(a, b) {
                    base[x][p as usize] += 1;
                    if !without[a][b] {
                        lost[x][p as usize] += 1;
                    }
                }
            }
        }
    }
    let worst = (0..np)
        .map(|p| {
            let mut best = (0.0, None);
            for x in 0..n {
                let s = share(lost[x][p], base[x][p]);
                if s > best.0 {
                    best = (s, Some(x as u32));
                }
            }
            best
        })
        .collect();
    Figures {
        reach,
        lost,
        base,
        worst,
    }
}

/// Brute-force evaluation of u ↔ v: recompute everything on the network with the tie.
fn brute_eval(g: &Graph, scope: &Scope, u: u32, v: u32) -> Eval {
    let n = g.n();
    let before = figures(g, scope);
    let h = g.with_reciprocal_ties(&[(u, v)]);
    let after = figures(&h, scope);
    let full = reach_sets(g, None);
    let mut e = Eval::default();
    let np = scope.pairs.len();
    // rec[x][p]: dependencies of G on x, in p, that get a route around x.
    let mut rec = vec![vec![0u64; np]; n];
    for x in 0..n {
        if before.lost[x].iter().all(|&l| l == 0) {
            continue;
        }
        let without = reach_sets(g, Some(x));
        let without_after = reach_sets(&h, Some(x));
        for (p, r) in rec[x].iter_mut().enumerate() {
            for a in 0..n {
                for b in 0..n {
                    if a == b || a == x || b == x || !full[a][b] || without[a][b] {
                        continue;
                    }
                    if scope.pair(g.group(a), g.group(b)) == Some(p as u32) && without_after[a][b] {
                        *r += 1;
                    }
                }
            }
            let l = before.lost[x][p];
            if l > 0 && *r == l {
                e.resolved.push((x as u32, p as u32, l));
            }
            e.removed += *r;
        }
    }
    for p in 0..np {
        let added = after.reach[p] - before.reach[p];
        let (b, a) = (before.worst[p], after.worst[p]);
        e.cut += b.0 - a.0;
        e.worse |= a.0 > b.0;
        e.added += added;
        if added > 0 || a != b {
            e.pairs.push(PairEffect {
                p: p as u32,
                before: b,
                after: a,
                added,
                bypassed: b.1.map_or(0, |x| rec[x as usize][p]),
            });
        }
    }
    e
}

/// The fast evaluation, with the touched pairs whose figures do not change dropped (the brute
/// force lists only pairs that change).
fn fast_eval(st: &State, u: u32, v: u32) -> Eval {
    let mut s = Scratch::new(st);
    let quick = st.evaluate(u, v, &mut s, false);
    let mut e = st.evaluate(u, v, &mut s, true);
    if quick.worse && quick.pairs.is_empty() {
        assert!(
            e.worse,
            "stopped early on {u}–{v} but the full evaluation is not worse"
        );
    } else {
        assert_eq!(quick, e, "quick and full evaluations of {u}–{v} differ");
    }
    e.pairs.retain(|p| p.added > 0 || p.before != p.after);
    e.resolved.sort_unstable();
    e
}

fn check_state(st: &State, scope: &Scope) -> Result<(), TestCaseError> {
    let f = figures(&st.g, scope);
    prop_assert_eq!(&st.stats.reach, &f.reach);
    prop_assert_eq!(&st.stats.worst, &f.worst);
    let t = pair_figures(&st.g, scope);
    prop_assert_eq!(&t.reach, &f.reach);
    prop_assert_eq!(&t.top, &f.worst);
    let np = scope.pairs.len();
    for x in 0..st.g.n() {
        for p in 0..np {
            prop_assert_eq!(st.lost(x as u32, p as u32), f.lost[x][p]);
            prop_assert_eq!(t.lost[x * np + p], f.lost[x][p]);
            prop_assert_eq!(t.base[x * np + p], f.base[x][p]);
        }
    }
    Ok(())
}

fn graph(groups: &[&str], pairs: &[(u32, u32)]) -> Graph {
    let ids = groups
        .iter()
        .enumerate()
        .map(|(i, g)| format!("{g}{i}"))
        .collect();
    let groups: Vec<String> = groups.iter().map(|s| s.to_string()).collect();
    Graph::from_pairs_grouped(ids, &groups, pairs)
}

fn both_ways(pairs: &[(u32, u32)]) -> Vec<(u32, u32)> {
    pairs.iter().flat_map(|&(a, b)| [(a, b), (b, a)]).collect()
}

/// A0 – A1 – A2 – A3 = B4 – B5 – B6 – B7, every tie reciprocal: A3 and B4 are the one
/// liaison pair, and each of them carries all of the partnership's reach.
fn liaison_pair() -> Graph {
    let ties = both_ways(&[(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)]);
    graph(&["A", "A", "A", "A", "B", "B", "B", "B"], &ties)
}

#[test]
fn single_liaison_pair_best_introduction() {
    let g = liaison_pair();
    // R = 2 · 4 · 4 = 32. A3 cuts A0..A2 from B4..B7 both ways: 24 of the 24 pairs not
    // involving A3 (share 1). A2 cuts 16 of 24 (2/3), A1 8 of 24.
    let s = Scope::all(2);
    let cl = super::closure::Closure::new(&g);
    let st = State::new(
        g.clone(),
        cl.clone(),
        deps::Deps::compute(&g, &cl).unwrap(),
        &s,
    );
    assert_eq!(st.stats.reach, [32]);
    assert_eq!(st.stats.worst, [(1.0, Some(3))]);
    assert_eq!(st.lost(2, 0), 16);
    assert_eq!(st.lost(1, 0), 8);
    // Candidates within 3 steps: (A1,B4) (A2,B4) (A2,B5) (A3,B5) (A3,B6).
    let c: Vec<(u32, u32)> = candidates(&g, &s, 3, default_degree_cap(&g))
        .iter()
        .map(|c| (c.u, c.v))
        .collect();
    assert_eq!(c, [(1, 4), (2, 4), (2, 5), (3, 5), (3, 6)]);
    // Only A2 ↔ B5 bypasses both A3 and B4; then A2 and B5 carry 16 of 24 pairs (2/3).
    let r = recommend(
        &g,
        &RecommendOptions {
            k: 3,
            ..Default::default()
        },
        "",
    )
    .unwrap();
    assert_eq!(r.introductions.len(), 1, "{:?}", r.introductions);
    let i = &r.introductions[0];
    assert_eq!((i.a, i.b, i.distance), (2, 5, 3));
    assert_eq!(i.introducers, [3, 4]);
    assert_eq!(i.top_reach_loss_cut, 1.0 - 2.0 / 3.0);
    assert_eq!(i.reachable_pairs_added, 0);
    assert_eq!(i.spofs_resolved, 2);
    assert_eq!(i.dependencies_removed, 48);
    let (before, after) = i.pair.unwrap();
    assert_eq!((before.share, before.person), (1.0, Some(3)));
    assert_eq!((after.share, after.person), (2.0 / 3.0, Some(2)));
    assert_eq!(
        i.reason,
        "A3 (who works with A2) already works with B4 (who works with B5); would give A and B a \
         second route besides A3 (top reach loss 100% → 67%)"
    );
    // No other introduction within 3 steps lowers the top reach loss further.
    assert_eq!(
        r.stopped.as_deref(),
        Some("no further introduction improves the reach objective")
    );
    assert_eq!(r.after[0].top, TopLoss::from((2.0 / 3.0, Some(2))));
    assert_eq!(r.after[0].reachable_pairs, 32);
    // Allowing 5 steps, A1 ↔ B6 bypasses A2..B5 at once: only A1 and B6 remain, carrying 8
    // of 24 pairs each (1/3); nothing within 5 steps bypasses them.
    let r = recommend(
        &g,
        &RecommendOptions {
            k: 2,
            max_distance: 5,
            ..Default::default()
        },
        "",
    )
    .unwrap();
    assert_eq!(r.ties(), [(1, 6)]);
    assert_eq!(r.introductions[0].top_reach_loss_cut, 1.0 - 1.0 / 3.0);
    assert_eq!(r.after[0].top, TopLoss::from((1.0 / 3.0, Some(1))));
    // Redundancy: A2 ↔ B5 also resolves two single points of failure (A3, B4), 48 pairs.
    let r = recommend(
        &g,
        &RecommendOptions {
            k: 1,
            objective: Objective::Redundancy,
            ..Default::default()
        },
        "office",
    )
    .unwrap();
    let i = &r.introductions[0];
    assert_eq!(
        (i.a, i.b, i.spofs_resolved, i.dependencies_removed),
        (2, 5, 2, 48)
    );
    assert!(
        i.reason.ends_with(
            "gives a parallel route around A3, on whom 24 A–B pairs depended (and 1 more single \
             point of failure)"
        ),
        "{}",
        i.reason
    );
}

/// Two reciprocal cliques A0..A3 and B4..B7 joined by the one bridge A3 – B4.
fn two_clusters() -> Graph {
    let mut ties = Vec::new();
    for c in [0u32..4, 4..8] {
        for a in c.clone() {
            for b in c.clone() {
                if a != b {
                    ties.push((a, b));
                }
            }
        }
    }
    ties.extend([(3, 4), (4, 3)]);
    graph(&["A", "A", "A", "A", "B", "B", "B", "B"], &ties)
}

#[test]
fn two_clusters_joined_by_one_bridge() {
    let g = two_clusters();
    for objective in [Objective::Reach, Objective::Redundancy] {
        let r = recommend(
            &g,
            &RecommendOptions {
                k: 2,
                objective,
                ..Default::default()
            },
            "",
        )
        .unwrap();
        // Any A0..A2 – B5..B7 tie bypasses both ends of the bridge (top reach loss 1 → 0);
        // the nine tie, and node order picks A0 – B5. Nothing is left to improve.
        assert_eq!(r.ties(), [(0, 5)], "{objective:?}");
        let i = &r.introductions[0];
        assert_eq!(i.top_reach_loss_cut, 1.0);
        assert_eq!((i.spofs_resolved, i.dependencies_removed), (2, 48));
        assert_eq!(i.introducers, [3, 4]);
        assert_eq!(r.before[0].top, TopLoss::from((1.0, Some(3))));
        assert_eq!(r.after[0].top, TopLoss::from((0.0, None)));
        assert_eq!(r.candidates, 15);
    }
}

#[test]
fn one_way_bridge_gains_reach() {
    // A0 ⇄ A1, B2 ⇄ B3 and one tie A1 → B2: B cannot reach A, and A1 and B2 each carry all
    // of A's reach into B (top reach loss 1). A0 ↔ B3 opens B → A (4 new pairs) and a second
    // route A0 → B3 → B2; the new pairs hang on A0 (B2 → B3 → A0 → A1) and on B3: 2 of 4 each.
    // A0 ↔ B2 and A1 ↔ B3 add the same 4 pairs but leave a share of 1.
    let g = graph(
        &["A", "A", "B", "B"],
        &[(0, 1), (1, 0), (2, 3), (3, 2), (1, 2)],
    );
    let r = recommend(&g, &RecommendOptions::default(), "").unwrap();
    let i = &r.introductions[0];
    assert_eq!((i.a, i.b, i.distance), (0, 3, 3));
    assert_eq!(i.reachable_pairs_added, 4);
    assert_eq!(i.top_reach_loss_cut, 0.5);
    assert_eq!(r.before[0].reachable_pairs, 4);
    assert_eq!(r.after[0].reachable_pairs, 8);
    assert!(
        i.reason.ends_with(
            "would give A and B a second route besides A1 (top reach loss 100% → 50%); lets 4 \
             more pairs of people in different groups reach each other"
        ),
        "{}",
        i.reason
    );
}

#[test]
fn nobody_within_reach() {
    // Two groups without any tie between them: no candidate.
    let g = graph(&["A", "A", "B", "B"], &[(0, 1), (2, 3)]);
    let r = recommend(&g, &RecommendOptions::default(), "").unwrap();
    assert!(r.introductions.is_empty());
    assert_eq!(r.candidates, 0);
    assert!(r.stopped.unwrap().starts_with("no candidates"));
}

fn small_network() -> impl Strategy<Value = (usize, Vec<(u32, u32)>, Vec<u8>)> {
    (
        3usize..11,
        proptest::collection::vec((0u32..11, 0u32..11), 0..32),
        proptest::collection::vec(0u8..3, 11),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every candidate's evaluation equals a recomputation on the network with the tie, on
    /// the network as it is and after two introductions (the incremental state).
    #[test]
    fn evaluation_matches_recomputation((n, edges, labels) in small_network(), between in 0u8..2) {
        let g = random_graph(n, &edges, &labels);
        let k = g.group_count();
        prop_assume!(k >= 2);
        let scope = if between == 1 { Scope::between(k, 0, 1) } else { Scope::all(k) };
        let cl = super::closure::Closure::new(&g);
        let mut st = State::new(g.clone(), cl.clone(), deps::Deps::compute(&g, &cl).unwrap(), &scope);
        check_state(&st, &scope)?;
        let all: Vec<(u32, u32)> = (0..n as u32)
            .flat_map(|u| (u + 1..n as u32).map(move |v| (u, v)))
            .filter(|&(u, v)| !g.und().contains(u as usize, v))
            .collect();
        for round in 0..3 {
            for &(u, v) in &all {
                if st.g.und().contains(u as usize, v) {
                    continue;
                }
                let fast = fast_eval(&st, u, v);
                let brute = brute_eval(&st.g, &scope, u, v);
                prop_assert_eq!(&fast, &brute, "round {} tie {}–{}", round, u, v);
                if st.is_inert(u, v) {
                    prop_assert_eq!(fast, Eval::default());
                }
            }
            let Some(&(u, v)) = all.iter().find(|&&(u, v)| !st.g.und().contains(u as usize, v)) else {
                break;
            };
            st = st.with_tie(u, v).unwrap();
            check_state(&st, &scope)?;
        }
    }

    /// The greedy picks are, round after round, the best candidate by a brute-force
    /// evaluation; recommended ties never exist already; gains are non-negative and positive;
    /// the after-state is recomputed; with the reach objective no partnership gets worse; the
    /// result does not depend on the number of threads.
    #[test]
    fn greedy_invariants((n, edges, labels) in small_network(), redundancy in any::<bool>(), dist in 2u32..5) {
        let g = random_graph(n, &edges, &labels);
        let k = g.group_count();
        prop_assume!(k >= 2);
        let objective = if redundancy { Objective::Redundancy } else { Objective::Reach };
        let opts = RecommendOptions { k: 3, objective, max_distance: dist, ..Default::default() };
        let run = |threads| {
            let mut r = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
                .install(|| recommend(&g, &opts, "").unwrap());
            r.timings.clear();
            r
        };
        let r = run(1);
        prop_assert_eq!(&r, &run(3));
        let scope = Scope::all(k);
        let cap = default_degree_cap(&g);
        let cands = candidates(&g, &scope, dist, cap);
        let mut current = g.clone();
        let mut degree: Vec<usize> = (0..n).map(|v| g.und().degree(v)).collect();
        for i in &r.introductions {
            prop_assert!(!g.und().contains(i.a as usize, i.b), "tie {}–{} exists", i.a, i.b);
            prop_assert!(!current.und().contains(i.a as usize, i.b), "tie {}–{} picked twice", i.a, i.b);
            prop_assert!(i.top_reach_loss_cut >= 0.0);
            prop_assert!(i.top_reach_loss_cut > 0.0 || i.reachable_pairs_added > 0
                || i.spofs_resolved > 0 || i.dependencies_removed > 0);
            // The brute-force best of this round.
            let best = cands
                .iter()
                .filter(|c| degree[c.u as usize] <= cap && degree[c.v as usize] <= cap
                    && !current.und().contains(c.u as usize, c.v))
                .map(|c| (brute_eval(&current, &scope, c.u, c.v), *c))
                .filter(|(e, _)| eligible(objective, e))
                .max_by(|a, b| order(objective, a, b))
                .unwrap();
            prop_assert_eq!((best.1.u, best.1.v), (i.a, i.b));
            prop_assert_eq!(best.0.cut, i.top_reach_loss_cut);
            prop_assert_eq!(best.0.added, i.reachable_pairs_added);
            prop_assert_eq!(best.0.resolved.len() as u64, i.spofs_resolved);
            prop_assert_eq!(best.0.removed, i.dependencies_removed);
            current = current.with_reciprocal_ties(&[(i.a, i.b)]);
            degree[i.a as usize] += 1;
            degree[i.b as usize] += 1;
        }
        for (p, after) in r.after.iter().enumerate() {
            prop_assert!(after.top.share <= r.before[p].top.share);
        }
        if r.introductions.len() < opts.k {
            // Stopped: no eligible candidate is left.
            prop_assert!(r.stopped.is_some());
            let left = cands.iter().any(|c| degree[c.u as usize] <= cap && degree[c.v as usize] <= cap
                && !current.und().contains(c.u as usize, c.v)
                && eligible(objective, &brute_eval(&current, &scope, c.u, c.v)));
            prop_assert!(!left);
        }
        let f = figures(&current, &scope);
        for (p, after) in r.after.iter().enumerate() {
            prop_assert_eq!(after.reachable_pairs, f.reach[p]);
            prop_assert_eq!(after.top, TopLoss::from(f.worst[p]));
            prop_assert!(after.reachable_pairs >= r.before[p].reachable_pairs);
        }
    }
}

/// On a generated multi-organization network (components, hubs, planted spanners), every
/// sampled candidate's evaluation agrees with the figures measured from scratch on the network
/// with the tie, before and after two picks.
#[test]
fn generated_network_evaluations_match_measurement() {
    let g = crate::generate::generate(&crate::generate::GenerateOptions {
        people: 160,
        orgs: 3,
        avg_degree: 4.0,
        seed: 5,
        ..Default::default()
    })
    .unwrap()
    .to_graph();
    let scope = Scope::all(g.group_count());
    let cands = candidates(&g, &scope, 3, usize::MAX);
    assert!(cands.len() > 1000, "{}", cands.len());
    let cl = super::closure::Closure::new(&g);
    let mut st = State::new(
        g.clone(),
        cl.clone(),
        deps::Deps::compute(&g, &cl).unwrap(),
        &scope,
    );
    let mut s = Scratch::new(&st);
    let mut checked = (0, 0);
    for _round in 0..3 {
        let before = pair_figures(&st.g, &scope);
        assert_eq!(before.reach, st.stats.reach);
        assert_eq!(before.top, st.stats.worst);
        let mut best: Option<(Eval, super::candidates::Candidate)> = None;
        for c in cands.iter().step_by(23) {
            if st.g.und().contains(c.u as usize, c.v) {
                continue;
            }
            let e = st.evaluate(c.u, c.v, &mut s, true);
            let after = pair_figures(&st.g.with_reciprocal_ties(&[(c.u, c.v)]), &scope);
            for p in 0..scope.pairs.len() {
                let fe = e.pairs.iter().find(|x| x.p == p as u32);
                let (top, added) = fe.map_or((before.top[p], 0), |x| (x.after, x.added));
                assert_eq!(top, after.top[p], "{}–{} pair {p}", c.u, c.v);
                assert_eq!(added, after.reach[p] - before.reach[p]);
            }
            checked.0 += 1;
            checked.1 += usize::from(!e.pairs.is_empty());
            if eligible(Objective::Reach, &e)
                && best
                    .as_ref()
                    .is_none_or(|b| order(Objective::Reach, &(e.clone(), *c), b).is_gt())
            {
                best = Some((e, *c));
            }
        }
        let Some((_, c)) = best else { break };
        st = st.with_tie(c.u, c.v).unwrap();
    }
    // Enough candidates changed something for the comparison to mean something.
    assert!(checked.1 > 20, "{checked:?}");
}
