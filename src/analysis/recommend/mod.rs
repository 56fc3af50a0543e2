//! Recommended introductions: the few new ties that most strengthen the links between groups,
//! and what each would change (`grapevine recommend`, `analyze --recommend K`).
//!
//! An *introduction* is a reciprocal tie u ↔ v between two people of different groups. The
//! recommender picks K of them greedily, each the best for the chosen objective given the ones
//! already picked, and the effect of all K is then measured on the network with the new ties
//! (the partnership table recomputed, see `table` and `analysis::partnerships`).
//!
//! # Figures
//!
//! For a partnership p = {g, h} (two groups) in scope (every pair of groups, or the one given
//! with `--between`):
//! - R_p: ordered pairs (a, b) of people, one in g and one in h, with b reachable from a along
//!   the ties (both directions of the partnership count);
//! - for a person x: lost_p(x) = pairs of R_p, x at neither end, with no route avoiding x;
//!   base_p(x) = pairs of R_p with x at neither end; the person's **reach loss** in p is
//!   lost_p(x) / base_p(x) (0 when base_p(x) = 0), the `reach_lost_top_spanner` of pairs.csv for
//!   its top spanner;
//! - **top reach loss** T_p = max over people of their reach loss in p: the share of the
//!   partnership's reach that hangs on one person;
//! - a **single point of failure** of p is a person x with lost_p(x) > 0; each pair of R_p
//!   that needs x is one of x's **dependencies**.
//!
//! # Objectives (gains of adding u ↔ v to the current network G, compared lexicographically)
//!
//! `reach` (default): (1) `top_reach_loss_cut` = Σ_p [T_p(G) − T_p(G + uv)], the total drop in
//! the partnerships' top reach losses; (2) `reachable_pairs_added` = Σ_p [R_p(G + uv) − R_p(G)],
//! new reachable cross pairs.
//!
//! `redundancy`: (1) `spofs_resolved` = single points of failure (person x, partnership p) of
//! G for which every pair that needed x gets a route around x; (2) `dependencies_removed` =
//! dependencies of G (pair, person it needed) that get a route around the person; (3)
//! `reachable_pairs_added`. Only pairs already reachable count in (1) and (2): a new route is
//! not a dependency removed.
//!
//! Under both objectives an introduction that would raise any partnership's top reach loss is
//! not eligible (the new pairs it connects can hang on u or v alone), so no recommendation makes
//! a partnership more fragile and every gain component, `top_reach_loss_cut` included, is ≥ 0.
//! An eligible introduction has a positive gain (some component of its objective is > 0).
//! Ties are broken by fewer steps between the two people, then by node
//! order (input order of people), so the result is the same on any number of threads. The
//! selection stops early when no candidate has a positive gain.
//!
//! # Candidates
//!
//! See `candidates`: people in different groups (one in each of the `--between` groups),
//! at most `max_distance` (default 3) steps apart in the symmetrised network, not tied, each
//! with at most `max_degree` contacts (default: the 90th percentile of contact counts,
//! counting the introductions already picked).
//!
//! # Algorithm and complexity
//!
//! 1. Dependencies: one dominator tree per person gives `Q_x[a]`, the people x cuts off from a
//!    (`deps`); O(n · m) like `reach_loss`, plus O(TD) for the TD dependencies.
//! 2. Each round evaluates every candidate exactly against the current network (`eval`):
//!    a candidate whose two people are in one strongly connected component and can open no
//!    route around anyone changes nothing (O(1) test); the others are evaluated from the
//!    dependency classes and reachability bitsets (costs in `eval`). Gains are not
//!    submodular (two introductions can open a route neither opens alone), so every round
//!    re-evaluates all candidates instead of trusting stale gains; candidates are evaluated in
//!    parallel and reduced by a total order.
//! 3. After a pick, the dependencies are updated exactly (`deps::Deps::after_tie`) and the
//!    closure is recomputed (O(n + m + m_c · n / 64)).
//! 4. The effect is measured from scratch on the network with all K ties (`table`).
//!
//! Memory: 2 · c · n bits of reachability (c components), 4 · TD bytes of dependencies, n / 4
//! bytes per dependency class, 12 bytes per candidate. Refused above n · m = 10^10, 6 · 10^7
//! dependencies or 1 GiB of classes.
//!
//! References: dominators as in [`super::reach`] (Cooper, Harvey & Kennedy 2001); greedy
//! selection of ties to add as in A. Meyerson & B. Tagiku, "Minimizing average shortest path
//! distances via shortcut edge addition" (APPROX 2009) and M. Papagelis, "Refining social graph
//! connectivity via shortcut edge addition", ACM TKDD 10 (2015).

pub(crate) mod candidates;
pub(crate) mod closure;
pub(crate) mod deps;
pub(crate) mod eval;
pub(crate) mod state;
pub(crate) mod table;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::graph::Graph;
use candidates::Candidate;
use eval::{Eval, Scratch};
use state::{Scope, State};

/// What the introductions should improve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Cut the partnerships' top reach loss, then add reachable pairs.
    #[default]
    Reach,
    /// Give every single point of failure a parallel route.
    Redundancy,
}

impl Objective {
    /// The name used on the command line and in the outputs.
    pub fn name(self) -> &'static str {
        match self {
            Objective::Reach => "reach",
            Objective::Redundancy => "redundancy",
        }
    }
}

/// Default `max_distance`: an existing contact of one can introduce them to a contact of
/// theirs.
pub const DEFAULT_MAX_DISTANCE: u32 = 3;

/// How many introductions to look for, and which.
#[derive(Debug, Clone, PartialEq)]
pub struct RecommendOptions {
    /// Number of introductions K.
    pub k: usize,
    /// What to improve.
    pub objective: Objective,
    /// Only this partnership (two group indices), or every pair of groups.
    pub between: Option<(u32, u32)>,
    /// Most steps between the two people in the symmetrised network (at least 2).
    pub max_distance: u32,
    /// Most contacts a person may have to be introduced (None: the 90th percentile).
    pub max_degree: Option<usize>,
}

impl Default for RecommendOptions {
    fn default() -> Self {
        RecommendOptions {
            k: 5,
            objective: Objective::Reach,
            between: None,
            max_distance: DEFAULT_MAX_DISTANCE,
            max_degree: None,
        }
    }
}

/// A partnership's top reach loss: the share and who carries it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TopLoss {
    /// Highest share of the partnership's reach lost if one person leaves (0 when none).
    pub share: f64,
    /// That person (lowest node index among equals); None when the share is 0.
    pub person: Option<u32>,
}

impl From<(f64, Option<u32>)> for TopLoss {
    fn from((share, person): (f64, Option<u32>)) -> Self {
        TopLoss { share, person }
    }
}

/// One recommended introduction, with its gain when it was picked (given the earlier ones).
#[derive(Debug, Clone, PartialEq)]
pub struct Introduction {
    /// 1 for the first pick.
    pub rank: usize,
    /// One person (the lower node index).
    pub a: u32,
    /// The other person.
    pub b: u32,
    /// Group of `a`.
    pub group_a: u32,
    /// Group of `b`.
    pub group_b: u32,
    /// Steps between them in the symmetrised network.
    pub distance: u32,
    /// A shortest chain of existing contacts from `a` to `b` (who can make the introduction).
    pub introducers: Vec<u32>,
    /// Σ over partnerships of the drop in their top reach loss.
    pub top_reach_loss_cut: f64,
    /// New reachable cross pairs in scope.
    pub reachable_pairs_added: u64,
    /// Single points of failure (person, partnership) given a route around them.
    pub spofs_resolved: u64,
    /// Dependencies (pair, person) given a route around the person.
    pub dependencies_removed: u64,
    /// The partnership of a's and b's groups: its top reach loss before this introduction (with
    /// the earlier ones) and after it; None when that partnership is outside the scope.
    pub pair: Option<(TopLoss, TopLoss)>,
    /// One line saying who can make the introduction and what it changes.
    pub reason: String,
}

/// A partnership's figures on one network.
#[derive(Debug, Clone, PartialEq)]
pub struct PairReach {
    /// The two groups (indices, first < second).
    pub groups: (u32, u32),
    /// Reachable ordered pairs across the partnership (R_p).
    pub reachable_pairs: u64,
    /// Its top reach loss.
    pub top: TopLoss,
}

/// The result of [`recommend`].
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendations {
    /// The objective used.
    pub objective: Objective,
    /// K asked for.
    pub requested: usize,
    /// The one partnership in scope (`--between`), or None for every pair of groups.
    pub between: Option<(u32, u32)>,
    /// The introductions, in the order picked.
    pub introductions: Vec<Introduction>,
    /// Candidates considered (before the first pick).
    pub candidates: usize,
    /// The degree cap applied.
    pub degree_cap: usize,
    /// The distance limit applied.
    pub max_distance: u32,
    /// Why fewer than K were found, if so.
    pub stopped: Option<String>,
    /// Partnerships in scope on the network as it is.
    pub before: Vec<PairReach>,
    /// The same on the network with every introduction, computed from scratch.
    pub after: Vec<PairReach>,
    /// Single-person dependencies in the network as it is (Σ_x Σ_a |`Q_x[a]`|, all groups).
    pub dependencies: u64,
    /// Seconds per step (for `--timings`; never written to files).
    pub timings: Vec<(String, f64)>,
}

impl Recommendations {
    /// The introduced ties (a, b).
    pub fn ties(&self) -> Vec<(u32, u32)> {
        self.introductions.iter().map(|i| (i.a, i.b)).collect()
    }
}

/// One partnership's row of introductions_effect.csv: its figures on the network as it is and
/// on the network with every introduction (pairs.csv recomputed, top reach loss measured from
/// scratch).
#[derive(Debug, Clone, PartialEq)]
pub struct EffectRow {
    /// The two groups (first < second).
    pub groups: (u32, u32),
    /// Introductions between these two groups.
    pub introductions: usize,
    /// pairs.csv `integration_score`, before and after.
    pub integration_score: (f64, f64),
    /// pairs.csv `stage`.
    pub stage: (&'static str, &'static str),
    /// pairs.csv `reach_lost_top_spanner`.
    pub reach_lost_top_spanner: (Option<f64>, Option<f64>),
    /// pairs.csv `top_spanner`.
    pub top_spanner: (Option<u32>, Option<u32>),
    /// The partnership's top reach loss.
    pub top_reach_loss: (TopLoss, TopLoss),
    /// Reachable ordered pairs across the partnership.
    pub reachable_pairs: (u64, u64),
}

/// The partnerships in scope that the introductions affect (one crosses them, or any of their
/// figures changes), from the pairs.csv rows before and after (`analysis::partnerships` on the
/// network without and with the introduced ties).
pub fn effect(
    recs: &Recommendations,
    before: &[crate::analysis::pairs::PairRow],
    after: &[crate::analysis::pairs::PairRow],
) -> Vec<EffectRow> {
    let find = |rows: &[crate::analysis::pairs::PairRow], (a, b): (u32, u32)| {
        rows.iter().find(|r| (r.a, r.b) == (a, b)).cloned()
    };
    let mut out = Vec::new();
    for (rb, ra) in recs.before.iter().zip(&recs.after) {
        let (a, b) = rb.groups;
        let (Some(pb), Some(pa)) = (find(before, (a, b)), find(after, (a, b))) else {
            continue;
        };
        let introductions = recs
            .introductions
            .iter()
            .filter(|i| (i.group_a.min(i.group_b), i.group_a.max(i.group_b)) == (a, b))
            .count();
        let row = EffectRow {
            groups: (a, b),
            introductions,
            integration_score: (pb.integration_score, pa.integration_score),
            stage: (pb.stage, pa.stage),
            reach_lost_top_spanner: (pb.reach_lost_top_spanner, pa.reach_lost_top_spanner),
            top_spanner: (pb.top_spanner, pa.top_spanner),
            top_reach_loss: (rb.top, ra.top),
            reachable_pairs: (rb.reachable_pairs, ra.reachable_pairs),
        };
        let changed = row.integration_score.0 != row.integration_score.1
            || row.stage.0 != row.stage.1
            || row.reach_lost_top_spanner.0 != row.reach_lost_top_spanner.1
            || row.top_spanner.0 != row.top_spanner.1
            || row.top_reach_loss.0 != row.top_reach_loss.1
            || row.reachable_pairs.0 != row.reachable_pairs.1;
        if introductions > 0 || changed {
            out.push(row);
        }
    }
    out
}

/// Percentage: no decimals from 10%, one from 1%, two below.
fn pct(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 {
        "0%".into()
    } else if p < 1.0 {
        format!("{p:.2}%")
    } else if p < 10.0 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// Compares two evaluated candidates: Greater when `a` is the better pick.
fn order(objective: Objective, a: &(Eval, Candidate), b: &(Eval, Candidate)) -> std::cmp::Ordering {
    let gain = match objective {
        Objective::Reach => a.0.cut.total_cmp(&b.0.cut).then(a.0.added.cmp(&b.0.added)),
        Objective::Redundancy => (a.0.resolved.len(), a.0.removed, a.0.added).cmp(&(
            b.0.resolved.len(),
            b.0.removed,
            b.0.added,
        )),
    };
    gain.then(b.1.distance.cmp(&a.1.distance))
        .then((b.1.u, b.1.v).cmp(&(a.1.u, a.1.v)))
}

/// An introduction is eligible when it raises no partnership's top reach loss and its gain is
/// positive.
fn eligible(objective: Objective, e: &Eval) -> bool {
    !e.worse
        && match objective {
            Objective::Reach => e.cut > 0.0 || e.added > 0,
            Objective::Redundancy => !e.resolved.is_empty() || e.removed > 0 || e.added > 0,
        }
}

/// Recommends up to `opts.k` introductions for `g` (see the module documentation).
///
/// # Arguments
/// * `g` – the network.
/// * `opts` – K, objective, scope and the realism limits.
/// * `group_word` – the word for a group in the reasons ("office"; empty for "group").
///
/// # Returns
/// The introductions with their gains and reasons, and the partnerships' figures before and
/// after (recomputed on the network with the new ties).
///
/// # Errors
/// [`Error::Usage`] when the network is above the exact size (n · m > 10^10) or has more
/// single-person dependencies than can be kept in memory.
///
/// # Complexity
/// See the module documentation.
pub fn recommend(g: &Graph, opts: &RecommendOptions, group_word: &str) -> Result<Recommendations> {
    let n = g.n();
    if n as f64 * g.m() as f64 > crate::analysis::EXACT_WORK_LIMIT {
        return Err(Error::Usage(format!(
            "recommendations are computed exactly, which is limited to people × ties ≤ 10^10; \
             this network has {n} people and {} ties",
            g.m()
        )));
    }
    let k = g.group_count();
    let scope = match opts.between {
        Some((a, b)) => Scope::between(k, a, b),
        None => Scope::all(k),
    };
    let mut timings: Vec<(String, f64)> = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: String, timings: &mut Vec<(String, f64)>| {
        timings.push((name, clock.elapsed().as_secs_f64()));
        clock = std::time::Instant::now();
    };
    let cap = opts
        .max_degree
        .unwrap_or_else(|| candidates::default_degree_cap(g));
    let cands = candidates::candidates(g, &scope, opts.max_distance.max(2), cap);
    lap(format!("candidates ({})", cands.len()), &mut timings);
    let cl = closure::Closure::new(g);
    let too_many = |_| {
        Error::Usage(format!(
            "this network has too many single-person dependencies (routes that hang on one \
             person) to recommend introductions exactly: more than {} of them, or more than {} \
             MiB for their classes",
            deps::MAX_DEPENDENCIES,
            deps::MAX_CLASS_BYTES >> 20
        ))
    };
    let deps = deps::Deps::compute(g, &cl).map_err(too_many)?;
    let dependencies = deps.total;
    let mut st = State::new(g.clone(), cl, deps, &scope);
    lap(
        format!(
            "dependencies ({dependencies} on {} people)",
            st.deps.people.len()
        ),
        &mut timings,
    );
    let figures = |st: &State| -> Vec<PairReach> {
        scope
            .pairs
            .iter()
            .enumerate()
            .map(|(p, &groups)| PairReach {
                groups,
                reachable_pairs: st.stats.reach[p],
                top: st.stats.worst[p].into(),
            })
            .collect()
    };
    let before = figures(&st);
    let mut degree: Vec<usize> = (0..n).map(|v| g.und().degree(v)).collect();
    let mut picked: Vec<(u32, u32)> = Vec::new();
    let mut introductions = Vec::new();
    let mut stopped = None;
    for rank in 1..=opts.k {
        let best = cands
            .par_iter()
            .filter(|c| {
                degree[c.u as usize] <= cap
                    && degree[c.v as usize] <= cap
                    && !picked.contains(&(c.u, c.v))
            })
            .map_init(
                || Scratch::new(&st),
                |s, c| {
                    if st.is_inert(c.u, c.v) {
                        return None;
                    }
                    let e = st.evaluate(c.u, c.v, s, false);
                    eligible(opts.objective, &e).then_some((e, *c))
                },
            )
            .flatten()
            .reduce_with(|a, b| {
                if order(opts.objective, &a, &b).is_ge() {
                    a
                } else {
                    b
                }
            });
        let Some((eval, c)) = best else {
            stopped = Some(if cands.is_empty() {
                "no candidates: nobody in different groups is within reach of an introduction \
                 under the distance and degree limits"
                    .to_string()
            } else {
                format!(
                    "no further introduction improves the {} objective",
                    opts.objective.name()
                )
            });
            break;
        };
        let own = scope.pair(g.group(c.u as usize), g.group(c.v as usize));
        let pair = own.map(|p| {
            let e = eval.pairs.iter().find(|e| e.p == p);
            let before = st.stats.worst[p as usize];
            (
                TopLoss::from(before),
                TopLoss::from(e.map_or(before, |e| e.after)),
            )
        });
        let introducers = candidates::introducers(g, c.u, c.v);
        let reason = reason(
            g,
            &scope,
            &eval,
            &introducers,
            c,
            opts.objective,
            group_word,
        );
        introductions.push(Introduction {
            rank,
            a: c.u,
            b: c.v,
            group_a: g.group(c.u as usize),
            group_b: g.group(c.v as usize),
            distance: c.distance,
            introducers,
            top_reach_loss_cut: eval.cut,
            reachable_pairs_added: eval.added,
            spofs_resolved: eval.resolved.len() as u64,
            dependencies_removed: eval.removed,
            pair,
            reason,
        });
        picked.push((c.u, c.v));
        degree[c.u as usize] += 1;
        degree[c.v as usize] += 1;
        lap(format!("pick {rank}"), &mut timings);
        st = st.with_tie(c.u, c.v).map_err(too_many)?;
        lap(format!("update {rank}"), &mut timings);
    }
    let after_graph = g.with_reciprocal_ties(&picked);
    let measured = table::pair_figures(&after_graph, &scope);
    let after = scope
        .pairs
        .iter()
        .enumerate()
        .map(|(p, &groups)| PairReach {
            groups,
            reachable_pairs: measured.reach[p],
            top: measured.top[p].into(),
        })
        .collect();
    lap("effect".into(), &mut timings);
    Ok(Recommendations {
        objective: opts.objective,
        requested: opts.k,
        between: opts.between.map(|(a, b)| (a.min(b), a.max(b))),
        introductions,
        candidates: cands.len(),
        degree_cap: cap,
        max_distance: opts.max_distance.max(2),
        stopped,
        before,
        after,
        dependencies,
        timings,
    })
}

/// The one-line reason: who can make the introduction, and what it changes.
fn reason(
    g: &Graph,
    scope: &Scope,
    e: &Eval,
    introducers: &[u32],
    c: Candidate,
    objective: Objective,
    group_word: &str,
) -> String {
    let id = |v: u32| g.ids()[v as usize].as_str();
    let group = |k: u32| g.group_names()[k as usize].as_str();
    let word = if group_word.is_empty() {
        "group"
    } else {
        group_word
    };
    let groups = crate::render::style::plural(word, 2);
    let how = match introducers {
        [x] => format!("both already work with {}", id(*x)),
        [x, y] => format!(
            "{} (who works with {}) already works with {} (who works with {})",
            id(*x),
            id(c.u),
            id(*y),
            id(c.v)
        ),
        more => format!(
            "linked through {}",
            more.iter().map(|&v| id(v)).collect::<Vec<_>>().join(", ")
        ),
    };
    let pair_name = |p: u32| {
        let (a, b) = scope.pairs[p as usize];
        (group(a), group(b))
    };
    let mut effects: Vec<String> = Vec::new();
    let added = |n: u64| {
        format!(
            "lets {n} more {} of people in different {groups} reach each other",
            if n == 1 { "pair" } else { "pairs" }
        )
    };
    match objective {
        Objective::Reach => {
            // The partnership whose top reach loss falls most by bypassing its carrier (a
            // share that only falls because new pairs dilute it is not a second route).
            let best = e
                .pairs
                .iter()
                .filter(|p| p.after.0 < p.before.0 && p.bypassed > 0)
                .max_by(|x, y| {
                    (x.before.0 - x.after.0)
                        .total_cmp(&(y.before.0 - y.after.0))
                        .then(y.p.cmp(&x.p))
                });
            if let Some(p) = best {
                let (a, b) = pair_name(p.p);
                let who = p.before.1.map_or("anyone", id);
                effects.push(format!(
                    "would give {a} and {b} a second route besides {who} (top reach loss {} → {})",
                    pct(p.before.0),
                    pct(p.after.0)
                ));
            }
            if e.added > 0 {
                effects.push(added(e.added));
            }
        }
        Objective::Redundancy => {
            let mut resolved = e.resolved.clone();
            resolved.sort_by(|x, y| y.2.cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
            if let Some(&(x, p, lost)) = resolved.first() {
                let (a, b) = pair_name(p);
                let mut s = format!(
                    "gives a parallel route around {}, on whom {lost} {a}–{b} {} depended",
                    id(x),
                    if lost == 1 { "pair" } else { "pairs" }
                );
                if resolved.len() > 1 {
                    s += &format!(
                        " (and {} more single {} of failure)",
                        resolved.len() - 1,
                        if resolved.len() == 2 {
                            "point"
                        } else {
                            "points"
                        }
                    );
                }
                effects.push(s);
            } else if e.removed > 0 {
                effects.push(format!(
                    "gives {} {} a route around the one person {} depended on",
                    e.removed,
                    if e.removed == 1 { "pair" } else { "pairs" },
                    if e.removed == 1 { "it" } else { "they" }
                ));
            }
            if e.added > 0 {
                effects.push(added(e.added));
            }
        }
    }
    format!("{how}; {}", effects.join("; "))
}

#[cfg(test)]
mod tests;
