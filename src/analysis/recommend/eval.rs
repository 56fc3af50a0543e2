//! The exact evaluation of one candidate introduction u ↔ v against the [`State`].
//!
//! Evaluating the reciprocal tie u ↔ v uses only the closure and the dependencies of the
//! current network (see [`super::deps::Deps::after_tie`] for why the formulas are exact):
//! - new pairs: sources A₂ (reach v, not u) gain Desc(u) \ Desc(a); sources A₁ gain
//!   Desc(v) \ Desc(a); grouped by component;
//! - routes around x: only through a class of x (sources with one row) with one end of the tie
//!   in its `avoid` set and the other in its `pre` set; each class is indexed under the smaller
//!   of the two sets, so the classes to look at are those listed for u or v;
//! - new pairs: a new pair can hang on anyone who cuts a source off from u or v or u or v off
//!   from a target, so everyone with dependencies is looked at, except those whose share could
//!   not reach a lower bound of the new top even if every new pair hung on them; u and v
//!   themselves carry every new pair not involving them; nobody else changes;
//! - a partnership's new highest reach loss is the maximum over the changed people and the
//!   unchanged ones, scanned in decreasing order of their current share until no unchanged
//!   person can exceed the maximum found (an unchanged share can only fall, as base grows).
//!
//! The cost of one evaluation is O(1) for a candidate whose people share a strongly connected
//! component and are listed under no class (most candidates in a well-connected network);
//! otherwise about O(Σ sizes of the listed classes + n / 64 · components gaining reach + p · q)
//! for p people looked at and q partnerships gaining pairs.

use fixedbitset::FixedBitSet;

use super::deps::{Class, PersonDeps};
use super::state::{combine, share, Counts, State, Tally};

/// One partnership's highest reach loss before and after a candidate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PairEffect {
    /// Pair index in the scope.
    pub p: u32,
    /// Highest share and its carrier, now.
    pub before: (f64, Option<u32>),
    /// The same with the introduction.
    pub after: (f64, Option<u32>),
    /// New reachable pairs of this partnership.
    pub added: u64,
    /// Dependencies on the person carrying the top reach loss now (in this partnership) that
    /// get a route around them: > 0 when the introduction bypasses that person.
    pub bypassed: u64,
}

/// Everything an introduction changes, exactly.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Eval {
    /// Partnerships whose figures change, by pair index.
    pub pairs: Vec<PairEffect>,
    /// Σ over partnerships of (highest reach loss now − with the introduction).
    pub cut: f64,
    /// Some partnership's highest reach loss would rise.
    pub worse: bool,
    /// New reachable cross pairs in scope.
    pub added: u64,
    /// Single points of failure (person, partnership) whose every dependent pair gets a route
    /// around them.
    pub resolved: Vec<(u32, u32, u64)>,
    /// Dependencies (pair, person it needed) given a route around the person.
    pub removed: u64,
}

/// New pairs of one direction: sources reaching `via` (not `from`) gain Desc(from) \ Desc(a).
struct Dir {
    via: u32,
    from: u32,
    /// The sources (they reach `via`, not `from`).
    sources: FixedBitSet,
    /// The union of the components' gains.
    gained_any: FixedBitSet,
    /// Source components with the same gain, grouped.
    comps: Vec<DirComp>,
    /// (component, index into `comps`), sorted by component.
    comp_index: Vec<(u32, u32)>,
}

impl Dir {
    /// The group of source component `c`, if it gains anything.
    #[inline]
    fn group_of(&self, c: u32) -> Option<u32> {
        self.comp_index
            .binary_search_by_key(&c, |e| e.0)
            .ok()
            .map(|i| self.comp_index[i].1)
    }
}

/// Source components that gain the same targets.
struct DirComp {
    gained: FixedBitSet,
    gained_counts: Counts,
    /// Group counts of all their members.
    member_counts: Counts,
}

struct NewPairs {
    dirs: [Dir; 2],
    /// ΔR_p, sparse.
    delta: Counts,
}

/// Scratch space for evaluations (one per thread).
pub(crate) struct Scratch {
    groups: Tally,
    pairs: Tally,
    pairs2: Tally,
}

impl Scratch {
    pub fn new(st: &State) -> Scratch {
        Scratch {
            groups: Tally::new(st.scope.groups()),
            pairs: Tally::new(st.scope.pairs.len()),
            pairs2: Tally::new(st.scope.pairs.len()),
        }
    }
}

#[inline]
fn get(c: &Counts, i: u32) -> u64 {
    c.binary_search_by_key(&i, |e| e.0).map_or(0, |j| c[j].1)
}

impl State<'_> {
    /// True when u ↔ v cannot change anything in scope (checked before a full evaluation).
    #[inline]
    pub fn is_inert(&self, u: u32, v: u32) -> bool {
        self.cl.comp[u as usize] == self.cl.comp[v as usize]
            && self.deps.classes_of[u as usize].is_empty()
            && self.deps.classes_of[v as usize].is_empty()
    }

    fn new_pairs(&self, u: u32, v: u32, s: &mut Scratch) -> Option<NewPairs> {
        if self.cl.comp[u as usize] == self.cl.comp[v as usize] {
            return None;
        }
        let dir = |via: u32, from: u32, s: &mut Scratch| -> Dir {
            let mut sources = self.cl.anc_of(via).clone();
            sources.difference_with(self.cl.anc_of(from));
            let mut comps: Vec<u32> = sources.ones().map(|a| self.cl.comp[a]).collect();
            comps.sort_unstable();
            comps.dedup();
            let mut groups: Vec<DirComp> = Vec::new();
            let mut by_gain: rustc_hash::FxHashMap<Vec<usize>, u32> = Default::default();
            let mut comp_index: Vec<(u32, u32)> = Vec::new();
            for c in comps {
                let mut gained = self.cl.desc_of(from).clone();
                gained.difference_with(&self.cl.desc[c as usize]);
                if gained.is_clear() {
                    continue;
                }
                let key: Vec<usize> = gained.as_slice().to_vec();
                let next = groups.len() as u32;
                let k = *by_gain.entry(key).or_insert_with(|| {
                    let gained_counts =
                        self.counts_of(gained.ones().map(|w| w as u32), &mut s.groups);
                    groups.push(DirComp {
                        gained,
                        gained_counts,
                        member_counts: Vec::new(),
                    });
                    next
                });
                for &m in &self.cl.members[c as usize] {
                    s.groups.add(self.g.group(m as usize), 1);
                }
                let mc = s.groups.drain();
                let g = &mut groups[k as usize];
                for (grp, n) in mc {
                    match g.member_counts.binary_search_by_key(&grp, |e| e.0) {
                        Ok(i) => g.member_counts[i].1 += n,
                        Err(i) => g.member_counts.insert(i, (grp, n)),
                    }
                }
                comp_index.push((c, k));
            }
            let comps = groups;
            let mut gained_any = FixedBitSet::with_capacity(self.g.n());
            for c in &comps {
                gained_any.union_with(&c.gained);
            }
            Dir {
                via,
                from,
                sources,
                gained_any,
                comps,
                comp_index,
            }
        };
        let dirs = [dir(v, u, s), dir(u, v, s)];
        for d in &dirs {
            for c in &d.comps {
                combine(self.scope, &c.member_counts, &c.gained_counts, &mut s.pairs);
            }
        }
        let delta = s.pairs.drain();
        (!delta.is_empty()).then_some(NewPairs { dirs, delta })
    }

    /// Δinv_p(x): new p-pairs with x at one end.
    fn delta_inv(&self, x: u32, np: &NewPairs, s: &mut Scratch) -> Counts {
        let gx = self.g.group(x as usize);
        let cx = self.cl.comp[x as usize];
        for d in &np.dirs {
            // x as a source: its component's gains.
            if let Some(k) = d.group_of(cx) {
                for &(h, n) in &d.comps[k as usize].gained_counts {
                    if let Some(p) = self.scope.pair(gx, h) {
                        s.pairs2.add(p, n);
                    }
                }
            }
            // x as a target: the components that gain x.
            if d.gained_any.contains(x as usize) {
                for c in &d.comps {
                    if c.gained.contains(x as usize) {
                        for &(g, n) in &c.member_counts {
                            if let Some(p) = self.scope.pair(g, gx) {
                                s.pairs2.add(p, n);
                            }
                        }
                    }
                }
            }
        }
        s.pairs2.drain()
    }

    /// Dependencies on x (x ∉ {u, v}) that u ↔ v gives a route around, per pair; `classes`
    /// are the classes of x indexed for u or v (the others cannot gain a route).
    fn recovered(
        &self,
        px: &PersonDeps,
        classes: &[(u32, u32)],
        u: u32,
        v: u32,
        s: &mut Scratch,
    ) -> Counts {
        for (first, second) in [(u, v), (v, u)] {
            let q2: Option<&Class> = px.class_of(second);
            for &(_, c) in classes {
                let class = &px.classes[c as usize];
                // A source reaches `first` without x, and `second` reaches the row without x.
                if !class.avoid.contains(first as usize) || !class.pre.contains(second as usize) {
                    continue;
                }
                for &w in &class.row.list {
                    if self.cl.reaches(second, w) && !q2.is_some_and(|c| c.row.contains(w)) {
                        s.groups.add(self.g.group(w as usize), 1);
                    }
                }
                let dst = s.groups.drain();
                if dst.is_empty() {
                    continue;
                }
                let anc = self.cl.anc_of(first);
                for &a in &class.sources.list {
                    if anc.contains(a as usize) {
                        s.groups.add(self.g.group(a as usize), 1);
                    }
                }
                let src = s.groups.drain();
                combine(self.scope, &src, &dst, &mut s.pairs);
            }
        }
        s.pairs.drain()
    }

    /// New pairs that depend on x (x ∉ {u, v}), per pair.
    ///
    /// A source a of a direction's component gains the targets `gained`; the new pair (a, w)
    /// hangs on x when x cuts a off from `via` (then every w but x counts) or x cuts w off
    /// from `from`. So every member counts `gained ∩ Q_x[from]`, and the members that x cuts
    /// off from `via` (found through the classes whose row holds `via`) count the rest too.
    fn increased(&self, px: &PersonDeps, np: &NewPairs, s: &mut Scratch) -> Counts {
        let x = px.x;
        let gx = self.g.group(x as usize);
        let cx = self.cl.comp[x as usize];
        for d in &np.dirs {
            // Targets x cuts off from `from` that some source gains.
            let hits: Vec<u32> = px.class_of(d.from).map_or(Vec::new(), |q| {
                q.row
                    .list
                    .iter()
                    .copied()
                    .filter(|&w| d.gained_any.contains(w as usize))
                    .collect()
            });
            // Sources x cuts off from `via`, with their component.
            let mut cut_via: Vec<(u32, u32)> = Vec::new();
            for class in &px.classes {
                if class.row.contains(d.via) {
                    for &a in &class.sources.list {
                        if d.sources.contains(a as usize) {
                            if let Some(k) = d.group_of(self.cl.comp[a as usize]) {
                                cut_via.push((k, self.g.group(a as usize)));
                            }
                        }
                    }
                }
            }
            if hits.is_empty() && cut_via.is_empty() {
                continue;
            }
            cut_via.sort_unstable();
            let x_group = d.group_of(cx);
            for (ci, c) in d.comps.iter().enumerate() {
                let ci = ci as u32;
                for &w in &hits {
                    if c.gained.contains(w as usize) {
                        s.groups.add(self.g.group(w as usize), 1);
                    }
                }
                let cut_from = s.groups.drain();
                if !cut_from.is_empty() {
                    // Every member but x.
                    let members: Counts = c
                        .member_counts
                        .iter()
                        .map(|&(g, n)| (g, n - u64::from(x_group == Some(ci) && g == gx)))
                        .collect();
                    combine(self.scope, &members, &cut_from, &mut s.pairs);
                }
                let lo = cut_via.partition_point(|e| e.0 < ci);
                let hi = cut_via.partition_point(|e| e.0 <= ci);
                if lo == hi {
                    continue;
                }
                // The members x cuts off from `via` also count gained \ Q_x[from] \ {x}.
                let x_gained = u64::from(c.gained.contains(x as usize));
                let rest: Counts = c
                    .gained_counts
                    .iter()
                    .map(|&(g, n)| {
                        let n = if g == gx { n - x_gained } else { n };
                        (g, n - get(&cut_from, g))
                    })
                    .filter(|e| e.1 > 0)
                    .collect();
                for &(_, g) in &cut_via[lo..hi] {
                    s.groups.add(g, 1);
                }
                let src = s.groups.drain();
                combine(self.scope, &src, &rest, &mut s.pairs);
            }
        }
        s.pairs.drain()
    }

    /// Everything u ↔ v would change (see the module docs). With `full` false the evaluation
    /// stops as soon as it is clear that some partnership's top reach loss would rise, and
    /// returns only `worse: true` (such an introduction is never recommended).
    pub fn evaluate(&self, u: u32, v: u32, s: &mut Scratch, full: bool) -> Eval {
        let np = self.new_pairs(u, v, s);
        let empty: Counts = Vec::new();
        let delta = np.as_ref().map_or(&empty, |n| &n.delta);
        let ends: Vec<(u32, Counts)> = [u, v]
            .iter()
            .map(|&e| {
                (
                    e,
                    np.as_ref().map_or(Vec::new(), |n| self.delta_inv(e, n, s)),
                )
            })
            .collect();
        if !full {
            // Every new pair not involving u hangs on u (and likewise v): if that alone lifts
            // a partnership's top reach loss, stop.
            for (e, dinv) in &ends {
                for &(p, dr) in delta {
                    let extra = dr - get(dinv, p);
                    let lost = self.lost(*e, p) + extra;
                    let base = self.stats.reach[p as usize] - self.inv(*e, p) + extra;
                    if share(lost, base) > self.stats.worst[p as usize].0 {
                        return Eval {
                            worse: true,
                            ..Eval::default()
                        };
                    }
                }
            }
        }
        // Classes that can give a route around their person, and the people to look at: those
        // classes' people, and everyone with dependencies when new pairs appear (a new pair
        // can hang on anyone who cuts a source off from u or v, or u or v off from a target).
        let mut entries: Vec<(u32, u32)> = self.deps.classes_of[u as usize]
            .iter()
            .chain(&self.deps.classes_of[v as usize])
            .copied()
            .collect();
        entries.sort_unstable();
        entries.dedup();
        let mut relevant: Vec<u32> = match np {
            Some(_) => (0..self.deps.people.len() as u32).collect(),
            None => entries.iter().map(|e| e.0).collect(),
        };
        relevant.dedup();
        relevant.retain(|&i| {
            let x = self.deps.people[i as usize].x;
            x != u && x != v
        });
        // A lower bound of each new-pair partnership's new top reach loss: u and v carry every
        // new pair not involving them, and the current top person, if no class of theirs can
        // gain a route, keeps their dependencies over a base grown by at most the new pairs.
        let has_entries = |i: u32| {
            let lo = entries.partition_point(|e| e.0 < i);
            lo < entries.len() && entries[lo].0 == i
        };
        let lower: Vec<f64> = delta
            .iter()
            .map(|&(p, dr)| {
                let mut lb: f64 = 0.0;
                for (e, dinv) in &ends {
                    let extra = dr - get(dinv, p);
                    let lost = self.lost(*e, p) + extra;
                    lb = lb.max(share(
                        lost,
                        self.stats.reach[p as usize] - self.inv(*e, p) + extra,
                    ));
                }
                if let Some(top) = self.stats.worst[p as usize].1 {
                    let i = self.deps.index[top as usize];
                    if top != u && top != v && i != u32::MAX && !has_entries(i) {
                        let base = self.stats.reach[p as usize] - self.inv(top, p) + dr;
                        lb = lb.max(share(self.lost(top, p), base));
                    }
                }
                lb
            })
            .collect();
        // The bound for someone who carries nothing in p and is in neither of its groups is
        // ΔR / (R + ΔR): when that reaches the lower bound somewhere, nobody is skipped.
        let anyone = delta
            .iter()
            .zip(&lower)
            .any(|(&(p, dr), &lb)| share(dr, self.stats.reach[p as usize] + dr) >= lb);
        let mut of_group: Vec<Vec<usize>> = Vec::new();
        if !anyone && !delta.is_empty() {
            of_group = vec![Vec::new(); self.scope.groups()];
            for (k, &(p, _)) in delta.iter().enumerate() {
                let (g, h) = self.scope.pairs[p as usize];
                of_group[g as usize].push(k);
                of_group[h as usize].push(k);
            }
        }
        let empty_lost: Vec<(u32, u64)> = Vec::new();
        let lost_list = |x: u32| {
            let i = self.deps.index[x as usize];
            if i == u32::MAX {
                &empty_lost
            } else {
                &self.stats.lost[i as usize]
            }
        };
        // Per relevant person: (x, recovered, increased, Δinv).
        let mut changes: Vec<(u32, Counts, Counts, Counts)> = Vec::new();
        for &i in &relevant {
            let px = &self.deps.people[i as usize];
            let lo = entries.partition_point(|e| e.0 < i);
            let hi = entries.partition_point(|e| e.0 <= i);
            if lo == hi {
                // Only new pairs can change x's figures, and only in the partnerships that
                // gain pairs, where x's share is at most (lost + ΔR) / (base + ΔR): skip x when
                // that stays below the lower bound everywhere (x cannot carry the top).
                let check = |k: usize| {
                    let (p, dr) = delta[k];
                    let lost = self.lost(px.x, p);
                    let base = self.stats.reach[p as usize] - self.inv(px.x, p);
                    share(lost + dr, base + dr) < lower[k]
                };
                let below = !anyone
                    && of_group[self.g.group(px.x as usize) as usize]
                        .iter()
                        .all(|&k| check(k))
                    && lost_list(px.x)
                        .iter()
                        .all(|&(p, _)| delta.binary_search_by_key(&p, |e| e.0).map_or(true, check));
                if below {
                    continue;
                }
            }
            let rec = self.recovered(px, &entries[lo..hi], u, v, s);
            let (inc, dinv) = match &np {
                Some(np) => (self.increased(px, np, s), self.delta_inv(px.x, np, s)),
                None => (Vec::new(), Vec::new()),
            };
            if !rec.is_empty() || !inc.is_empty() {
                changes.push((px.x, rec, inc, dinv));
            }
        }
        // Touched pairs.
        let mut touched: Vec<u32> = delta.iter().map(|e| e.0).collect();
        for (_, rec, inc, _) in &changes {
            touched.extend(rec.iter().chain(inc).map(|e| e.0));
        }
        touched.sort_unstable();
        touched.dedup();
        let mut eval = Eval::default();
        // The best (share, person) per touched pair: first over the changed people, each on
        // the pairs where its figures change (`seen`), and u and v on every touched pair.
        let consider = |x: u32, sh: f64, best: &mut (f64, Option<u32>)| {
            if sh > 0.0 && (sh > best.0 || (sh == best.0 && best.1.is_some_and(|b| x < b))) {
                *best = (sh, Some(x));
            }
        };
        let mut best: Vec<(f64, Option<u32>)> = vec![(0.0, None); touched.len()];
        let slot = |p: u32| touched.binary_search(&p).ok();
        let mut keys: Vec<u32> = Vec::new();
        let mut seen: Vec<(u32, u32)> = Vec::new();
        for (x, rec, inc, dinv) in &changes {
            keys.clear();
            keys.extend(rec.iter().chain(inc).map(|e| e.0));
            let ll = lost_list(*x);
            if ll.len() < delta.len() {
                for &(p, _) in ll {
                    if delta.binary_search_by_key(&p, |e| e.0).is_ok() {
                        keys.push(p);
                    }
                }
            } else {
                for &(p, _) in delta {
                    if ll.binary_search_by_key(&p, |e| e.0).is_ok() {
                        keys.push(p);
                    }
                }
            }
            keys.sort_unstable();
            keys.dedup();
            for &p in &keys {
                seen.push((p, *x));
                let Some(k) = slot(p) else { continue };
                let lost = self.lost(*x, p) - get(rec, p) + get(inc, p);
                let base =
                    self.stats.reach[p as usize] - self.inv(*x, p) + get(delta, p) - get(dinv, p);
                consider(*x, share(lost, base), &mut best[k]);
            }
        }
        seen.sort_unstable();
        for (e, dinv) in &ends {
            keys.clear();
            keys.extend(delta.iter().map(|e| e.0));
            for &(p, _) in lost_list(*e) {
                if slot(p).is_some() {
                    keys.push(p);
                }
            }
            keys.sort_unstable();
            keys.dedup();
            for &p in &keys {
                let Some(k) = slot(p) else { continue };
                let extra = get(delta, p) - get(dinv, p);
                let lost = self.lost(*e, p) + extra;
                let base = self.stats.reach[p as usize] - self.inv(*e, p) + extra;
                consider(*e, share(lost, base), &mut best[k]);
            }
        }
        // Δinv of the unchanged people met in the scans, computed once each.
        let mut dinv_cache: Vec<(u32, Counts)> = Vec::new();
        for (k, &p) in touched.iter().enumerate() {
            let dr = get(delta, p);
            let mut best = best[k];
            // Then the unchanged people, by decreasing share, while one could still win.
            for &(x, lost, base) in &self.stats.ranked[p as usize] {
                if x == u || x == v || seen.binary_search(&(p, x)).is_ok() {
                    continue;
                }
                let old = share(lost, base);
                if old < best.0 || (old == best.0 && best.1.is_some_and(|b| x > b)) {
                    break;
                }
                let base = match &np {
                    Some(np) if dr > 0 => {
                        let i = match dinv_cache.iter().position(|e| e.0 == x) {
                            Some(i) => i,
                            None => {
                                dinv_cache.push((x, self.delta_inv(x, np, s)));
                                dinv_cache.len() - 1
                            }
                        };
                        base + dr - get(&dinv_cache[i].1, p)
                    }
                    _ => base,
                };
                consider(x, share(lost, base), &mut best);
            }
            let before = self.stats.worst[p as usize];
            let bypassed = before.1.map_or(0, |top| {
                changes
                    .binary_search_by_key(&top, |c| c.0)
                    .map_or(0, |i| get(&changes[i].1, p))
            });
            eval.cut += before.0 - best.0;
            eval.worse |= best.0 > before.0;
            eval.added += dr;
            eval.pairs.push(PairEffect {
                p,
                before,
                after: best,
                added: dr,
                bypassed,
            });
        }
        for (x, rec, _, _) in &changes {
            for &(p, r) in rec {
                let l = self.lost(*x, p);
                if r == l {
                    eval.resolved.push((*x, p, l));
                }
                eval.removed += r;
            }
        }
        eval
    }
}
