//! The state of the network during the greedy selection: closure, dependencies and the
//! per-partnership figures; [`super::eval`] evaluates a candidate against it.
//!
//! Notation (module docs of [`super`] define the figures): for a partnership p = {g, h} in
//! scope, `reach[p]` = R_p, the ordered pairs one in g, one in h, the second reachable from
//! the first; for a person x, lost_p(x) = those pairs (x at neither end) that need x, and
//! base_p(x) = R_p − inv_p(x), where inv_p(x) counts the reachable p-pairs with x at one end.

use fixedbitset::FixedBitSet;

use super::closure::Closure;
use super::deps::{Deps, TooMany};
use crate::graph::Graph;

/// The partnerships in scope: unordered pairs of groups.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    k: usize,
    pair_of: Vec<u32>,
    /// The pairs (g, h), g < h, in index order.
    pub pairs: Vec<(u32, u32)>,
}

impl Scope {
    /// Every pair of the `k` groups.
    pub fn all(k: usize) -> Scope {
        let mut s = Scope {
            k,
            pair_of: vec![u32::MAX; k * k],
            pairs: Vec::new(),
        };
        for g in 0..k as u32 {
            for h in g + 1..k as u32 {
                s.add(g, h);
            }
        }
        s
    }

    /// The one pair {a, b} (a ≠ b) of `k` groups.
    pub fn between(k: usize, a: u32, b: u32) -> Scope {
        let mut s = Scope {
            k,
            pair_of: vec![u32::MAX; k * k],
            pairs: Vec::new(),
        };
        s.add(a.min(b), a.max(b));
        s
    }

    fn add(&mut self, g: u32, h: u32) {
        let p = self.pairs.len() as u32;
        self.pairs.push((g, h));
        self.pair_of[g as usize * self.k + h as usize] = p;
        self.pair_of[h as usize * self.k + g as usize] = p;
    }

    /// The pair index of groups g and h, if the pair is in scope.
    #[inline]
    pub fn pair(&self, g: u32, h: u32) -> Option<u32> {
        let p = self.pair_of[g as usize * self.k + h as usize];
        (p != u32::MAX).then_some(p)
    }

    /// Number of groups.
    pub fn groups(&self) -> usize {
        self.k
    }
}

/// The share of reach a person carries: lost / base (0 without base), as pair_reach_loss.
#[inline]
pub(crate) fn share(lost: u64, base: u64) -> f64 {
    if base == 0 {
        0.0
    } else {
        lost as f64 / base as f64
    }
}

/// Group counts, sparse: (group, count), sorted by group.
pub(crate) type Counts = Vec<(u32, u64)>;

/// Dense scratch counts with a touched list, drained into sparse counts.
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    counts: Vec<u64>,
    touched: Vec<u32>,
}

impl Tally {
    pub fn new(size: usize) -> Tally {
        Tally {
            counts: vec![0; size],
            touched: Vec::new(),
        }
    }

    #[inline]
    pub fn add(&mut self, i: u32, c: u64) {
        if c == 0 {
            return;
        }
        if self.counts[i as usize] == 0 {
            self.touched.push(i);
        }
        self.counts[i as usize] += c;
    }

    /// The non-zero counts, sorted by index; resets the tally.
    pub fn drain(&mut self) -> Counts {
        self.touched.sort_unstable();
        let out = self
            .touched
            .iter()
            .map(|&i| (i, std::mem::take(&mut self.counts[i as usize])))
            .collect();
        self.touched.clear();
        out
    }
}

/// Adds `src × dst` group counts into a pair tally (pairs in scope only).
pub(crate) fn combine(scope: &Scope, src: &Counts, dst: &Counts, out: &mut Tally) {
    for &(g, cs) in src {
        for &(h, cd) in dst {
            if let Some(p) = scope.pair(g, h) {
                out.add(p, cs * cd);
            }
        }
    }
}

/// Per-partnership figures of the current network.
#[derive(Debug, Clone)]
pub(crate) struct Stats {
    /// R_p per pair in scope.
    pub reach: Vec<u64>,
    /// Per entry of `deps.people`: lost_p(x) > 0, sparse by pair.
    pub lost: Vec<Vec<(u32, u64)>>,
    /// Per pair: (x, lost, base) with lost > 0, by decreasing share, then node order.
    pub ranked: Vec<Vec<(u32, u64, u64)>>,
    /// Per pair: the highest share and who carries it (None when no one carries any).
    pub worst: Vec<(f64, Option<u32>)>,
}

/// The network during selection.
pub(crate) struct State<'s> {
    /// The network, with the introductions chosen so far.
    pub g: Graph,
    /// Its reachability.
    pub cl: Closure,
    /// Its single-person dependencies.
    pub deps: Deps,
    /// Partnerships in scope.
    pub scope: &'s Scope,
    /// Per component × group: members of the group it reaches / that reach it.
    desc_counts: Vec<u32>,
    anc_counts: Vec<u32>,
    /// Per-partnership figures.
    pub stats: Stats,
}

impl<'s> State<'s> {
    /// Builds the state of `g` from its closure and dependencies.
    pub fn new(g: Graph, cl: Closure, deps: Deps, scope: &'s Scope) -> State<'s> {
        let k = scope.groups();
        let c = cl.members.len();
        let count = |sets: &[FixedBitSet]| -> Vec<u32> {
            let mut out = vec![0u32; c * k];
            for (i, set) in sets.iter().enumerate() {
                for v in set.ones() {
                    out[i * k + g.group(v) as usize] += 1;
                }
            }
            out
        };
        let desc_counts = count(&cl.desc);
        let anc_counts = count(&cl.anc);
        let mut st = State {
            g,
            cl,
            deps,
            scope,
            desc_counts,
            anc_counts,
            stats: Stats {
                reach: Vec::new(),
                lost: Vec::new(),
                ranked: Vec::new(),
                worst: Vec::new(),
            },
        };
        st.stats = st.compute_stats();
        st
    }

    /// Group counts of a set of nodes.
    pub(crate) fn counts_of(&self, nodes: impl Iterator<Item = u32>, tally: &mut Tally) -> Counts {
        for v in nodes {
            tally.add(self.g.group(v as usize), 1);
        }
        tally.drain()
    }

    /// inv_p(x): reachable p-pairs with x at one end.
    #[inline]
    pub fn inv(&self, x: u32, p: u32) -> u64 {
        let (g, h) = self.scope.pairs[p as usize];
        let gx = self.g.group(x as usize);
        let other = if gx == g {
            h
        } else if gx == h {
            g
        } else {
            return 0;
        };
        let k = self.scope.groups();
        let c = self.cl.comp[x as usize] as usize;
        u64::from(self.desc_counts[c * k + other as usize])
            + u64::from(self.anc_counts[c * k + other as usize])
    }

    /// lost_p(x) in the current network.
    #[inline]
    pub fn lost(&self, x: u32, p: u32) -> u64 {
        let i = self.deps.index[x as usize];
        if i == u32::MAX {
            return 0;
        }
        let l = &self.stats.lost[i as usize];
        l.binary_search_by_key(&p, |e| e.0).map_or(0, |j| l[j].1)
    }

    /// The figures of [`Stats`], from the closure and the dependencies.
    fn compute_stats(&self) -> Stats {
        let k = self.scope.groups();
        let np = self.scope.pairs.len();
        let mut tally = Tally::new(k);
        let mut reach = vec![0u64; np];
        for (c, members) in self.cl.members.iter().enumerate() {
            let m = self.counts_of(members.iter().copied(), &mut tally);
            for &(g, cg) in &m {
                for h in 0..k as u32 {
                    if let Some(p) = self.scope.pair(g, h) {
                        reach[p as usize] += cg * u64::from(self.desc_counts[c * k + h as usize]);
                    }
                }
            }
        }
        let mut pt = Tally::new(np);
        let mut lost = Vec::with_capacity(self.deps.people.len());
        for person in &self.deps.people {
            for class in &person.classes {
                let src = self.counts_of(class.sources.list.iter().copied(), &mut tally);
                let dst = self.counts_of(class.row.list.iter().copied(), &mut tally);
                combine(self.scope, &src, &dst, &mut pt);
            }
            lost.push(pt.drain());
        }
        let mut ranked: Vec<Vec<(u32, u64, u64)>> = vec![Vec::new(); np];
        for (person, l) in self.deps.people.iter().zip(&lost) {
            for &(p, lp) in l {
                let base = reach[p as usize] - self.inv(person.x, p);
                ranked[p as usize].push((person.x, lp, base));
            }
        }
        for r in &mut ranked {
            r.sort_by(|a, b| {
                share(b.1, b.2)
                    .total_cmp(&share(a.1, a.2))
                    .then(a.0.cmp(&b.0))
            });
        }
        let worst = ranked
            .iter()
            .map(|r| {
                r.first()
                    .map(|&(x, l, b)| (share(l, b), Some(x)))
                    .filter(|w| w.0 > 0.0)
                    .unwrap_or((0.0, None))
            })
            .collect();
        Stats {
            reach,
            lost,
            ranked,
            worst,
        }
    }

    /// The state after adding u ↔ v (dependencies updated exactly, the rest recomputed).
    pub fn with_tie(&self, u: u32, v: u32) -> Result<State<'s>, TooMany> {
        let after = self.g.with_reciprocal_ties(&[(u, v)]);
        let after_cl = Closure::new(&after);
        let deps = self.deps.after_tie(&self.cl, u, v, &after, &after_cl)?;
        Ok(State::new(after, after_cl, deps, self.scope))
    }
}
