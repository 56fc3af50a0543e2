//! Single-person dependencies: for every person x, the pairs (a, w) whose every route a ⇝ w
//! passes through x (x *strictly dominates* w in the flow graph rooted at a).
//!
//! `Q_x[a]` is the set of people x cuts off from source a (x ≠ a, x itself excluded). It is
//! the strict subtree of x in a's dominator tree, so one dominator tree per source (the same
//! Cooper–Harvey–Kennedy kernel as `reach_loss`) lists every dependency once. Their number,
//! TD = Σ_a Σ_w (depth_a(w) − 1), is small in networks where most people have several routes
//! to each other (337,309 for the 2,000-person generated network, carried by 116 people).
//!
//! Everything the recommender asks can be answered from `Q` and the reachability closure:
//! a reaches u avoiding x ⇔ a reaches u, u ≠ x and u ∉ Q_x[a]. Sources of one person whose rows
//! are identical form a *class* (typically one class holds almost every source: "x is the only
//! route to this small group"), so most questions cost one test per class.
//!
//! [`Deps::after_tie`] updates `Q` exactly for an added reciprocal tie u ↔ v (see the formulas
//! there) instead of recomputing every dominator tree; tests check it against
//! [`Deps::compute`] on the network with the tie.

use fixedbitset::FixedBitSet;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::closure::Closure;
use crate::analysis::reach::{DomScratch, BLOCK};
use crate::graph::Graph;

/// A set of people kept as a sorted list, with a bitset beside it when it is large.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NodeSet {
    /// Members, sorted.
    pub list: Vec<u32>,
    /// The same members as a bitset, when the list is longer than n / 32.
    pub bits: Option<FixedBitSet>,
}

impl NodeSet {
    fn new(list: Vec<u32>, n: usize) -> NodeSet {
        let bits = (list.len() > n / 32).then(|| {
            let mut b = FixedBitSet::with_capacity(n);
            for &v in &list {
                b.insert(v as usize);
            }
            b
        });
        NodeSet { list, bits }
    }

    /// Membership test.
    #[inline]
    pub fn contains(&self, v: u32) -> bool {
        match &self.bits {
            Some(b) => b.contains(v as usize),
            None => self.list.binary_search(&v).is_ok(),
        }
    }
}

/// Sources of one person with the same row.
///
/// A tie u ↔ v can give one of these sources a route around x to one of the row only if one
/// end is in `avoid` (reachable from a source without x) and the other in `pre` (reaches the
/// row without x): the route is a ⇝ u → v ⇝ w with both legs avoiding x.
#[derive(Debug, Clone)]
pub(crate) struct Class {
    /// The people cut off (the row), sorted.
    pub row: NodeSet,
    /// The sources with this row, sorted.
    pub sources: NodeSet,
    /// People some source reaches without passing x: ∪ Desc(a) \ row \ {x}.
    pub avoid: FixedBitSet,
    /// People who reach some member of the row without passing x (the row included).
    pub pre: FixedBitSet,
}

/// The dependencies on one person x.
#[derive(Debug, Clone)]
pub(crate) struct PersonDeps {
    /// The person.
    pub x: u32,
    /// (source, class index), sorted by source; sources with an empty row are absent.
    pub rows: Vec<(u32, u32)>,
    /// The distinct rows.
    pub classes: Vec<Class>,
}

impl PersonDeps {
    /// The class of source `a`, if x cuts anyone off from a.
    #[inline]
    pub fn class_of(&self, a: u32) -> Option<&Class> {
        self.rows
            .binary_search_by_key(&a, |r| r.0)
            .ok()
            .map(|i| &self.classes[self.rows[i].1 as usize])
    }

    /// True when every route from `a` to `w` passes x (w reachable from a).
    #[inline]
    pub fn cuts(&self, a: u32, w: u32) -> bool {
        self.class_of(a).is_some_and(|c| c.row.contains(w))
    }
}

/// Every single-person dependency of a network.
#[derive(Debug, Clone)]
pub(crate) struct Deps {
    /// People with at least one dependency, in node order (a superset is allowed: people with
    /// no rows are dropped when the structure is rebuilt).
    pub people: Vec<PersonDeps>,
    /// Index into `people` of each node, or `u32::MAX`.
    pub index: Vec<u32>,
    /// For each node v: (index into `people`, class) of the classes whose `avoid` or `pre`
    /// (whichever is smaller) contains v. A tie can only give a route around someone through
    /// a class listed for one of its ends.
    pub classes_of: Vec<Vec<(u32, u32)>>,
    /// Total number of dependencies (Σ over x and a of |Q_x[a]|).
    pub total: u64,
}

/// A row before grouping: (x, source a, Q_x[a] sorted).
pub(crate) type RawRow = (u32, u32, Vec<u32>);

/// One person's row for one source: (a, Q_x[a] sorted).
type SourceRow = (u32, Vec<u32>);

/// More dependencies than this are refused (about 4 bytes each).
pub(crate) const MAX_DEPENDENCIES: u64 = 60_000_000;

/// The classes' `avoid` and `pre` bitsets (n / 4 bytes per class) may take at most this much.
pub(crate) const MAX_CLASS_BYTES: u64 = 1 << 30;

/// The dominator tree of one source turned into rows.
struct TreeScratch {
    children_off: Vec<u32>,
    children: Vec<u32>,
    size: Vec<u32>,
    pos: Vec<u32>,
    order: Vec<u32>,
    stack: Vec<u32>,
}

impl TreeScratch {
    fn new() -> Self {
        TreeScratch {
            children_off: Vec::new(),
            children: Vec::new(),
            size: Vec::new(),
            pos: Vec::new(),
            order: Vec::new(),
            stack: Vec::new(),
        }
    }

    /// After `s.dominators(g, a)`: appends (x, a, strict subtree of x) for every x ≠ a with a
    /// non-empty strict subtree; returns the number of dependencies appended.
    fn emit(&mut self, s: &DomScratch, a: u32, out: &mut Vec<RawRow>) -> u64 {
        let r = s.post.len();
        let root = r - 1;
        // Children lists by postorder number (counting sort on the parent).
        self.children_off.clear();
        self.children_off.resize(r + 1, 0);
        for k in 0..root {
            self.children_off[s.doms[k] as usize + 1] += 1;
        }
        for k in 0..r {
            self.children_off[k + 1] += self.children_off[k];
        }
        self.children.clear();
        self.children.resize(root, 0);
        self.pos.clear();
        self.pos.extend_from_slice(&self.children_off[..r]);
        for k in 0..root {
            let d = s.doms[k] as usize;
            self.children[self.pos[d] as usize] = k as u32;
            self.pos[d] += 1;
        }
        // Subtree sizes: a node's immediate dominator has a higher postorder number.
        self.size.clear();
        self.size.resize(r, 1);
        for k in 0..root {
            let d = s.doms[k] as usize;
            self.size[d] += self.size[k];
        }
        // Preorder: each subtree is a contiguous range of `order`.
        self.order.clear();
        self.pos.clear();
        self.pos.resize(r, 0);
        self.stack.clear();
        self.stack.push(root as u32);
        while let Some(k) = self.stack.pop() {
            self.pos[k as usize] = self.order.len() as u32;
            self.order.push(k);
            let (lo, hi) = (
                self.children_off[k as usize] as usize,
                self.children_off[k as usize + 1] as usize,
            );
            self.stack.extend(self.children[lo..hi].iter().rev());
        }
        let mut count = 0u64;
        for k in 0..root {
            let size = self.size[k] as usize;
            if size < 2 {
                continue;
            }
            let p = self.pos[k] as usize;
            let mut row: Vec<u32> = self.order[p + 1..p + size]
                .iter()
                .map(|&q| s.post[q as usize])
                .collect();
            row.sort_unstable();
            count += row.len() as u64;
            out.push((s.post[k], a, row));
        }
        count
    }
}

/// Raised when a network has more dependencies than [`MAX_DEPENDENCIES`], or classes whose
/// sets would take more than [`MAX_CLASS_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooMany;

impl Deps {
    /// Every dependency of `g`, from one dominator tree per source.
    ///
    /// # Complexity
    /// Time O(n · m · d) for the trees (d = Cooper–Harvey–Kennedy sweeps, 2–3 in practice)
    /// plus O(TD + n log n) for the rows; space O(TD).
    pub fn compute(g: &Graph, cl: &Closure) -> Result<Deps, TooMany> {
        let n = g.n();
        let sources: Vec<u32> = (0..n as u32).collect();
        let total = std::sync::atomic::AtomicU64::new(0);
        let blocks: Vec<Option<Vec<RawRow>>> = sources
            .par_chunks(BLOCK)
            .map_init(
                || (DomScratch::new(n), TreeScratch::new()),
                |(s, t), block| {
                    let mut out = Vec::new();
                    for &a in block {
                        s.dominators(g, a as usize);
                        let c = t.emit(s, a, &mut out);
                        let sum = total.fetch_add(c, std::sync::atomic::Ordering::Relaxed) + c;
                        if sum > MAX_DEPENDENCIES {
                            return None;
                        }
                    }
                    Some(out)
                },
            )
            .collect();
        let mut rows = Vec::new();
        for b in blocks {
            rows.extend(b.ok_or(TooMany)?);
        }
        rows.sort_unstable_by_key(|r| (r.0, r.1));
        Deps::from_rows(g, cl, rows)
    }

    /// Groups rows (sorted by (x, a), no empty rows) into people and classes, and builds the
    /// `avoid` and `pre` sets and the indexes for the network `g` (closure `cl`) the rows
    /// describe.
    pub fn from_rows(g: &Graph, cl: &Closure, rows: Vec<RawRow>) -> Result<Deps, TooMany> {
        let n = g.n();
        let mut by_x: Vec<(u32, Vec<SourceRow>)> = Vec::new();
        for (x, a, row) in rows {
            debug_assert!(!row.is_empty());
            match by_x.last_mut() {
                Some((px, list)) if *px == x => list.push((a, row)),
                _ => by_x.push((x, vec![(a, row)])),
            }
        }
        let grouped: Vec<(u32, Grouped)> = by_x
            .into_par_iter()
            .map(|(x, list)| (x, group_rows(list)))
            .collect();
        let classes: u64 = grouped.iter().map(|(_, gr)| gr.1.len() as u64).sum();
        if classes * (n as u64).div_ceil(4) > MAX_CLASS_BYTES {
            return Err(TooMany);
        }
        let people: Vec<PersonDeps> = grouped
            .into_par_iter()
            .map(|(x, gr)| person(g, cl, x, gr))
            .collect();
        let mut index = vec![u32::MAX; n];
        let mut total = 0u64;
        let mut classes_of: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for (i, p) in people.iter().enumerate() {
            index[p.x as usize] = i as u32;
            for (c, class) in p.classes.iter().enumerate() {
                let by = if class.avoid.count_ones(..) <= class.pre.count_ones(..) {
                    &class.avoid
                } else {
                    &class.pre
                };
                for v in by.ones() {
                    classes_of[v].push((i as u32, c as u32));
                }
            }
            for &(_, c) in &p.rows {
                total += p.classes[c as usize].row.list.len() as u64;
            }
        }
        Ok(Deps {
            people,
            index,
            classes_of,
            total,
        })
    }

    /// The dependencies on x, if any.
    #[inline]
    pub fn of(&self, x: u32) -> Option<&PersonDeps> {
        let i = self.index[x as usize];
        (i != u32::MAX).then(|| &self.people[i as usize])
    }

    /// All rows, sorted by (x, a): the inverse of [`Deps::from_rows`].
    #[cfg(test)]
    pub fn rows(&self) -> Vec<RawRow> {
        let mut out = Vec::new();
        for p in &self.people {
            for &(a, c) in &p.rows {
                out.push((p.x, a, p.classes[c as usize].row.list.clone()));
            }
        }
        out
    }

    /// The dependencies of `g` + the reciprocal tie u ↔ v, computed from those of `g` (`self`)
    /// and the closure `cl` of `g`; `after` is the network with the tie.
    ///
    /// With A₂ = sources that reach v but not u (they gain Desc(u) \ Desc(a)) and A₁ = sources
    /// that reach u but not v (they gain Desc(v) \ Desc(a)), and R₋ₓ(s) = people s reaches
    /// without x:
    /// - for x ∉ {u, v}, an old dependency (a, w) ∈ Q_x survives unless u ∈ R₋ₓ(a) and
    ///   w ∈ R₋ₓ(v), or v ∈ R₋ₓ(a) and w ∈ R₋ₓ(u) (a route a ⇝ u → v ⇝ w or a ⇝ v → u ⇝ w
    ///   around x; a simple route uses the new tie once); a new pair (a, w), a ∈ A₂, depends
    ///   on x iff v ∈ Q_x[a] or w ∈ Q_x[u] (every route is a ⇝ v → u ⇝ w), and symmetrically
    ///   for A₁;
    /// - for x ∈ {u, v}, G + tie − x = G − x: every old dependency stays, and every new pair
    ///   not involving x depends on x.
    ///
    /// Nobody outside the old people ∪ {u, v} gains a dependency.
    /// `after_cl` is the closure of `after`.
    pub fn after_tie(
        &self,
        cl: &Closure,
        u: u32,
        v: u32,
        after: &Graph,
        after_cl: &Closure,
    ) -> Result<Deps, TooMany> {
        let mut a1 = cl.anc_of(u).clone();
        a1.difference_with(cl.anc_of(v));
        let mut a2 = cl.anc_of(v).clone();
        a2.difference_with(cl.anc_of(u));
        // New targets per source, for A₂ (gaining Desc(u) \ Desc(a)) and A₁ (gaining from v):
        // one set per component of the sources, shared by its members.
        let gained = |sources: &FixedBitSet, from: u32| -> (Vec<Vec<u32>>, Vec<(u32, u32)>) {
            let mut by_comp: FxHashMap<u32, u32> = FxHashMap::default();
            let mut sets: Vec<Vec<u32>> = Vec::new();
            let mut out = Vec::new();
            for a in sources.ones() {
                let c = cl.comp[a];
                let k = *by_comp.entry(c).or_insert_with(|| {
                    let mut b = cl.desc_of(from).clone();
                    b.difference_with(&cl.desc[c as usize]);
                    sets.push(b.ones().map(|w| w as u32).collect());
                    sets.len() as u32 - 1
                });
                out.push((a as u32, k));
            }
            (sets, out)
        };
        let (sets2, new2) = gained(&a2, u); // reach v, gain from u
        let (sets1, new1) = gained(&a1, v); // reach u, gain from v
        let mut xs: Vec<u32> = self.people.iter().map(|p| p.x).collect();
        for e in [u, v] {
            if self.of(e).is_none() {
                xs.push(e);
            }
        }
        xs.sort_unstable();
        let rows: Vec<Vec<RawRow>> = xs
            .par_iter()
            .map(|&x| {
                let px = self.of(x);
                let old = |a: u32| -> &[u32] {
                    px.and_then(|p| p.class_of(a))
                        .map_or(&[][..], |c| c.row.list.as_slice())
                };
                let mut rows: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
                if x == u || x == v {
                    if let Some(p) = px {
                        for &(a, c) in &p.rows {
                            rows.insert(a, p.classes[c as usize].row.list.clone());
                        }
                    }
                    for (list, sets) in [(&new2, &sets2), (&new1, &sets1)] {
                        for &(a, k) in list.iter() {
                            if a != x {
                                let r = rows.entry(a).or_default();
                                r.extend(sets[k as usize].iter().copied().filter(|&w| w != x));
                            }
                        }
                    }
                } else {
                    // R₋ₓ(s) ∋ w  ⇔  s reaches w, w ≠ x, w ∉ Q_x[s].
                    let avoids = |s: u32, w: u32| {
                        w != x && cl.reaches(s, w) && !px.is_some_and(|p| p.cuts(s, w))
                    };
                    if let Some(p) = px {
                        for &(a, c) in &p.rows {
                            let row = &p.classes[c as usize].row.list;
                            let via_u = avoids(a, u);
                            let via_v = avoids(a, v);
                            let kept: Vec<u32> = row
                                .iter()
                                .copied()
                                .filter(|&w| !((via_u && avoids(v, w)) || (via_v && avoids(u, w))))
                                .collect();
                            rows.insert(a, kept);
                        }
                    }
                    for (list, sets, via, from) in [(&new2, &sets2, v, u), (&new1, &sets1, u, v)] {
                        let q_from = old(from);
                        for &(a, k) in list.iter() {
                            if a == x {
                                continue;
                            }
                            let set = &sets[k as usize];
                            let r = rows.entry(a).or_default();
                            if old(a).binary_search(&via).is_ok() {
                                r.extend(set.iter().copied().filter(|&w| w != x));
                            } else {
                                // w ∈ set ∩ Q_x[from]: both sorted.
                                let mut i = 0;
                                for &w in q_from {
                                    while i < set.len() && set[i] < w {
                                        i += 1;
                                    }
                                    if i < set.len() && set[i] == w {
                                        r.push(w);
                                    }
                                }
                            }
                        }
                    }
                }
                let mut out: Vec<RawRow> = rows
                    .into_iter()
                    .filter_map(|(a, mut r)| {
                        r.sort_unstable();
                        r.dedup();
                        (!r.is_empty()).then_some((x, a, r))
                    })
                    .collect();
                out.sort_unstable_by_key(|r| r.1);
                out
            })
            .collect();
        Deps::from_rows(after, after_cl, rows.into_iter().flatten().collect())
    }
}

/// One person's rows grouped: (source, class) and, per class, (row, sources).
type Grouped = (Vec<(u32, u32)>, Vec<(Vec<u32>, Vec<u32>)>);

/// Groups one person's rows into classes of identical rows.
fn group_rows(list: Vec<SourceRow>) -> Grouped {
    let mut class_of: FxHashMap<Vec<u32>, u32> = FxHashMap::default();
    let mut class_rows: Vec<Vec<u32>> = Vec::new();
    let mut class_sources: Vec<Vec<u32>> = Vec::new();
    let mut rows = Vec::with_capacity(list.len());
    for (a, row) in list {
        let next = class_rows.len() as u32;
        let c = *class_of.entry(row.clone()).or_insert_with(|| {
            class_rows.push(row);
            class_sources.push(Vec::new());
            next
        });
        class_sources[c as usize].push(a);
        rows.push((a, c));
    }
    (rows, class_rows.into_iter().zip(class_sources).collect())
}

/// Builds one person's classes with their `avoid` and `pre` sets.
fn person(g: &Graph, cl: &Closure, x: u32, (rows, grouped): Grouped) -> PersonDeps {
    let n = g.n();
    let mut stack: Vec<u32> = Vec::new();
    let classes = grouped
        .into_iter()
        .map(|(row, sources)| {
            // avoid = ∪ Desc(a) over the sources' components, minus the row and x.
            let mut comps: Vec<u32> = sources.iter().map(|&a| cl.comp[a as usize]).collect();
            comps.sort_unstable();
            comps.dedup();
            let mut avoid = FixedBitSet::with_capacity(n);
            for c in comps {
                avoid.union_with(&cl.desc[c as usize]);
            }
            for &w in &row {
                avoid.remove(w as usize);
            }
            avoid.remove(x as usize);
            // pre: reverse search from the row in g − x.
            let mut pre = FixedBitSet::with_capacity(n);
            stack.clear();
            for &w in &row {
                pre.insert(w as usize);
                stack.push(w);
            }
            while let Some(w) = stack.pop() {
                for &p in g.inc().row(w as usize) {
                    if p != x && !pre.contains(p as usize) {
                        pre.insert(p as usize);
                        stack.push(p);
                    }
                }
            }
            Class {
                row: NodeSet::new(row, n),
                sources: NodeSet::new(sources, n),
                avoid,
                pre,
            }
        })
        .collect();
    PersonDeps { x, rows, classes }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Brute force: (x, a, w) with w reachable from a in g but not in g − x.
    pub(crate) fn brute_rows(g: &Graph) -> Vec<RawRow> {
        let n = g.n();
        let reach = |a: usize, removed: Option<usize>| -> Vec<bool> {
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
        };
        let mut out = Vec::new();
        for x in 0..n {
            for a in 0..n {
                if a == x {
                    continue;
                }
                let full = reach(a, None);
                let without = reach(a, Some(x));
                let row: Vec<u32> = (0..n)
                    .filter(|&w| w != x && full[w] && !without[w])
                    .map(|w| w as u32)
                    .collect();
                if !row.is_empty() {
                    out.push((x as u32, a as u32, row));
                }
            }
        }
        out
    }

    pub(crate) fn random_graph(n: usize, edges: &[(u32, u32)], labels: &[u8]) -> Graph {
        let pairs: Vec<(u32, u32)> = edges
            .iter()
            .map(|&(s, t)| (s % n as u32, t % n as u32))
            .collect();
        let groups: Vec<String> = (0..n).map(|v| format!("g{}", labels[v])).collect();
        let ids = (0..n).map(|i| format!("p{i}")).collect();
        Graph::from_pairs_grouped(ids, &groups, &pairs)
    }

    #[test]
    fn liaison_rows() {
        // A = {0, 1}, B = {2, 3}; 0 ⇄ 1, 2 ⇄ 3, liaison 1 ⇄ 2.
        let g = Graph::from_pairs(4, &[(0, 1), (1, 0), (2, 3), (3, 2), (1, 2), (2, 1)]);
        let d = Deps::compute(&g, &Closure::new(&g)).unwrap();
        assert_eq!(
            d.rows(),
            vec![
                (1, 0, vec![2, 3]),
                (1, 2, vec![0]),
                (1, 3, vec![0]),
                (2, 0, vec![3]),
                (2, 1, vec![3]),
                (2, 3, vec![0, 1]),
            ]
        );
        let p1 = d.of(1).unwrap();
        // Sources 2 and 3 share the row {0}.
        assert_eq!(p1.classes.len(), 2);
        assert!(p1.cuts(0, 3) && !p1.cuts(0, 1) && !p1.cuts(3, 2));
        // Source 0's row {2, 3}: reached without 1 by 2 and 3; 0 reaches only itself without 1.
        let c0 = p1.class_of(0).unwrap();
        assert_eq!(c0.pre.ones().collect::<Vec<_>>(), [2, 3]);
        assert_eq!(c0.avoid.ones().collect::<Vec<_>>(), [0]);
        // Sources 2 and 3 (row {0}): they reach 2 and 3 without 1; only 0 reaches 0.
        let c2 = p1.class_of(2).unwrap();
        assert_eq!(c2.avoid.ones().collect::<Vec<_>>(), [2, 3]);
        assert_eq!(c2.pre.ones().collect::<Vec<_>>(), [0]);
        assert_eq!(d.total, 8);
        assert!(d.of(0).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn rows_match_brute_force(
            n in 1usize..10,
            edges in proptest::collection::vec((0u32..10, 0u32..10), 0..30),
            labels in proptest::collection::vec(0u8..3, 10),
        ) {
            let g = random_graph(n, &edges, &labels);
            prop_assert_eq!(Deps::compute(&g, &Closure::new(&g)).unwrap().rows(), brute_rows(&g));
        }

        #[test]
        fn update_matches_recomputation(
            n in 2usize..10,
            edges in proptest::collection::vec((0u32..10, 0u32..10), 0..30),
            labels in proptest::collection::vec(0u8..3, 10),
            tie in (0u32..10, 0u32..10),
        ) {
            let g = random_graph(n, &edges, &labels);
            let (u, v) = (tie.0 % n as u32, tie.1 % n as u32);
            prop_assume!(u != v);
            let cl = Closure::new(&g);
            let d = Deps::compute(&g, &cl).unwrap();
            let after = g.with_reciprocal_ties(&[(u, v)]);
            let after_cl = Closure::new(&after);
            let updated = d.after_tie(&cl, u, v, &after, &after_cl).unwrap();
            prop_assert_eq!(updated.rows(), brute_rows(&after));
            let fresh = Deps::compute(&after, &after_cl).unwrap();
            prop_assert_eq!(updated.total, fresh.total);
            prop_assert_eq!(&updated.classes_of, &fresh.classes_of);
            for p in &fresh.people {
                let q = updated.of(p.x).unwrap();
                for (a, b) in q.classes.iter().zip(&p.classes) {
                    prop_assert_eq!(&a.avoid, &b.avoid);
                    prop_assert_eq!(&a.pre, &b.pre);
                }
            }
        }
    }
}
