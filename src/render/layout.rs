//! Node layout (ForceAtlas2 through the `fa2` crate) and greedy label placement.
//!
//! The layout always runs fa2's *parallel* mode with Barnes–Hut repulsion: every node's force is
//! computed from the previous positions alone, so the result does not depend on how rayon splits
//! the nodes, and 1 thread gives the same bits as 8. (fa2's serial mode differs from its parallel
//! mode in the last bits, so only one of them may be used.) Starting positions come from a seeded
//! SplitMix64 stream.

use fa2::{FA2Data, FA2Settings};

/// A point or box corner in pixels.
pub type Point = (f64, f64);

/// Axis-aligned rectangle `x0 ≤ x1`, `y0 ≤ y1`, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl Rect {
    /// True when the two rectangles share interior area.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// True when `self` lies inside `outer`.
    pub fn inside(&self, outer: &Rect) -> bool {
        self.x0 >= outer.x0 && self.y0 >= outer.y0 && self.x1 <= outer.x1 && self.y1 <= outer.y1
    }
}

/// Number of ForceAtlas2 iterations for a network of `n` people: 500 up to 6,000 people, then
/// fewer so that one layout costs about 3 million node-iterations (300 at 10k, 30 at 100k;
/// roughly 1 s per 500k node-iterations on 2 quiet cores), never below 30.
///
/// # Arguments
/// * `n` – number of nodes.
///
/// # Returns
/// The iteration count.
///
/// # Complexity
/// O(1).
///
/// Budget rule of this crate; the layout is Jacomy et al. (2014), ForceAtlas2, PLoS ONE 9(6).
pub fn auto_iterations(n: usize) -> usize {
    (3_000_000 / n.max(1)).clamp(30, 500)
}

/// Above this many nodes the layout starts each group around its own centre.
pub const GROUP_START_LIMIT: usize = 10_000;

/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators"):
/// deterministic uniform numbers in [0, 1).
struct SplitMix(u64);

impl SplitMix {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// ForceAtlas2 layout of the symmetrised graph.
///
/// # Arguments
/// * `n` – number of nodes.
/// * `ties` – directed ties (source, target); direction and duplicates are ignored, a tie in
///   both directions counts as weight 2, self-loops are dropped.
/// * `seed` – seed of the random starting positions.
/// * `iterations` – ForceAtlas2 iterations (see [`auto_iterations`]).
/// * `groups` – group of each node, or empty. Above [`GROUP_START_LIMIT`] nodes, where only a
///   few dozen iterations fit in the time budget, each group starts around its own centre on a
///   ring, so the picture shows groups and their bridges even before the layout converges.
///
/// # Returns
/// One position per node in layout units (not pixels; see [`fit`]).
///
/// # Complexity
/// O(iterations · (n log n + m)) time with Barnes–Hut (θ = 0.5), O(n + m) space; parallel over
/// nodes with rayon, bit-identical for any thread count.
///
/// Jacomy, Venturini, Heymann & Bastian (2014), "ForceAtlas2, a continuous graph layout algorithm
/// for handy network visualization designed for the Gephi software", PLoS ONE 9(6): e98679.
/// Settings follow graphology's `inferSettings`: strong gravity g = 0.05, scaling k_r = 10,
/// slow-down 1 + ln n; repulsion by Barnes & Hut (1986), Nature 324.
pub fn force_layout(
    n: usize,
    ties: &[(u32, u32)],
    seed: u64,
    iterations: usize,
    groups: &[u32],
) -> Vec<Point> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.0, 0.0)];
    }
    let mut pairs: Vec<(u32, u32)> = ties
        .iter()
        .filter(|(s, t)| s != t)
        .map(|&(s, t)| (s.min(t), s.max(t)))
        .collect();
    pairs.sort_unstable();
    let mut data = FA2Data::<f32>::with_capacity(n, pairs.len());
    let mut rng = SplitMix(seed);
    let spread = (n as f64).sqrt() * 10.0;
    let k = groups.iter().map(|&g| g as usize + 1).max().unwrap_or(0);
    let by_group = n > GROUP_START_LIMIT && groups.len() == n && k > 1;
    // Group of node v (only read when starting by group).
    let group_at = |v: usize| groups.get(v).copied().unwrap_or(0);
    for v in 0..n {
        let (mut x, mut y) = (
            (rng.next_f64() * 2.0 - 1.0) * spread,
            (rng.next_f64() * 2.0 - 1.0) * spread,
        );
        if by_group {
            let angle = std::f64::consts::TAU * group_at(v) as f64 / k as f64;
            x = x * 0.25 + spread * angle.cos();
            y = y * 0.25 + spread * angle.sin();
        }
        data.add_node_with_position(x as f32, y as f32);
    }
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i + 1;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        let (a, b) = pairs[i];
        data.add_edge_with_weight(a as usize, b as usize, (j - i) as f32);
        i = j;
    }
    let settings = FA2Settings::<f32>::from_graph_order(n)
        .with_barnes_hut()
        .parallel(true);
    let mut layout = settings.build(data);
    for _ in 0..iterations {
        // The returned total movement is a rayon float sum (thread-dependent): ignore it.
        let _ = layout.epoch();
    }
    layout
        .data()
        .positions()
        .map(|(x, y)| {
            let (x, y) = (x as f64, y as f64);
            (
                if x.is_finite() { x } else { 0.0 },
                if y.is_finite() { y } else { 0.0 },
            )
        })
        .collect()
}

/// Scale and centre layout positions into a pixel box, keeping the aspect ratio.
///
/// With more than 50 nodes the box is fitted to the 1st–99th percentile of each axis (so a few
/// far-flung isolates do not shrink the whole picture into a corner) and the outliers are
/// clamped to the border.
///
/// # Arguments
/// * `pos` – layout positions.
/// * `target` – pixel box to fill.
///
/// # Returns
/// Pixel positions, all inside `target`.
///
/// # Complexity
/// O(n) time and space.
///
/// Plain affine map (no citation needed beyond the layout's).
pub fn fit(pos: &[Point], target: Rect) -> Vec<Point> {
    if pos.is_empty() {
        return Vec::new();
    }
    let extent = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n > 50 {
            let lo = v[n / 100];
            let hi = v[n - 1 - n / 100];
            let margin = (hi - lo) * 0.02;
            (lo - margin, hi + margin)
        } else {
            (v[0], v[n - 1])
        }
    };
    let (x0, x1) = extent(pos.iter().map(|p| p.0).collect());
    let (y0, y1) = extent(pos.iter().map(|p| p.1).collect());
    let (w, h) = (target.x1 - target.x0, target.y1 - target.y0);
    let span_x = (x1 - x0).max(1e-12);
    let span_y = (y1 - y0).max(1e-12);
    let k = (w / span_x).min(h / span_y);
    let cx = (target.x0 + target.x1) / 2.0;
    let cy = (target.y0 + target.y1) / 2.0;
    let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    pos.iter()
        .map(|&(x, y)| {
            (
                (cx + (x - mx) * k).clamp(target.x0, target.x1),
                (cy + (y - my) * k).clamp(target.y0, target.y1),
            )
        })
        .collect()
}

/// Greedy label placement: labels in priority order, each at the first of 16 candidate spots
/// around its anchor (right, left, above, below, the diagonals; then twice as far) that stays
/// inside `bounds` and overlaps no label placed before it and no `obstacle`.
///
/// # Arguments
/// * `anchors` – (x, y, r): the point being labelled and its radius in pixels.
/// * `sizes` – (width, height) of each label box in pixels.
/// * `bounds` – boxes must stay inside this rectangle.
/// * `obstacles` – boxes labels must avoid (e.g. a legend).
///
/// # Returns
/// One box per label, `None` where no candidate fitted (the label is dropped).
///
/// # Complexity
/// O(L² · 16) time for L labels, O(L) space.
///
/// The candidate-position model of Christensen, Marks & Shieber (1995), "An empirical study of
/// algorithms for point-feature label placement", ACM Trans. Graphics 14(3), solved greedily.
pub fn place_labels(
    anchors: &[(f64, f64, f64)],
    sizes: &[(f64, f64)],
    bounds: Rect,
    obstacles: &[Rect],
) -> Vec<Option<Rect>> {
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = Vec::with_capacity(anchors.len());
    for (&(x, y, r), &(w, h)) in anchors.iter().zip(sizes) {
        let mut chosen = None;
        'search: for ring in [1.0, 2.5] {
            let gap = r + 3.0 + (ring - 1.0) * (h + r);
            let candidates = [
                (x + gap, y - h / 2.0),
                (x - gap - w, y - h / 2.0),
                (x - w / 2.0, y - gap - h),
                (x - w / 2.0, y + gap),
                (x + gap * 0.7, y - gap * 0.7 - h),
                (x - gap * 0.7 - w, y - gap * 0.7 - h),
                (x + gap * 0.7, y + gap * 0.7),
                (x - gap * 0.7 - w, y + gap * 0.7),
            ];
            for (cx, cy) in candidates {
                let b = Rect {
                    x0: cx,
                    y0: cy,
                    x1: cx + w,
                    y1: cy + h,
                };
                if b.inside(&bounds)
                    && !placed.iter().any(|p| p.overlaps(&b))
                    && !obstacles.iter().any(|o| o.overlaps(&b))
                {
                    chosen = Some(b);
                    break 'search;
                }
            }
        }
        if let Some(b) = chosen {
            placed.push(b);
        }
        out.push(chosen);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_cliques() -> (usize, Vec<(u32, u32)>) {
        let mut ties = Vec::new();
        for base in [0u32, 8] {
            for a in base..base + 8 {
                for b in base..base + 8 {
                    if a != b {
                        ties.push((a, b));
                    }
                }
            }
        }
        (16, ties)
    }

    fn dist(p: Point, q: Point) -> f64 {
        ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt()
    }

    #[test]
    fn disconnected_cliques_end_up_apart() {
        let (n, ties) = two_cliques();
        let pos = force_layout(n, &ties, 7, 300, &[]);
        let (mut intra, mut ni, mut inter, mut nx) = (0.0, 0, 0.0, 0);
        for a in 0..n {
            for b in a + 1..n {
                let d = dist(pos[a], pos[b]);
                if (a < 8) == (b < 8) {
                    intra += d;
                    ni += 1;
                } else {
                    inter += d;
                    nx += 1;
                }
            }
        }
        let (intra, inter) = (intra / ni as f64, inter / nx as f64);
        assert!(intra * 2.0 < inter, "intra {intra} inter {inter}");
    }

    #[test]
    fn layout_is_thread_independent_and_seeded() {
        // A ring of 300 with chords: big enough for Barnes–Hut to split the work.
        let n = 300u32;
        let ties: Vec<(u32, u32)> = (0..n)
            .flat_map(|i| [(i, (i + 1) % n), (i, (i * 7 + 3) % n)])
            .collect();
        let run = |k: usize, seed: u64| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(k)
                .build()
                .unwrap()
                .install(|| force_layout(n as usize, &ties, seed, 60, &[]))
        };
        let one = run(1, 3);
        let two = run(2, 3);
        let bits = |v: &[Point]| -> Vec<(u64, u64)> {
            v.iter().map(|p| (p.0.to_bits(), p.1.to_bits())).collect()
        };
        assert_eq!(bits(&one), bits(&two));
        assert_ne!(bits(&one), bits(&run(1, 4)), "the seed should matter");
    }

    #[test]
    fn fitted_nodes_stay_on_canvas() {
        let (n, ties) = two_cliques();
        let pos = force_layout(n, &ties, 1, 100, &[]);
        let target = Rect {
            x0: 50.0,
            y0: 40.0,
            x1: 750.0,
            y1: 560.0,
        };
        let px = fit(&pos, target);
        assert_eq!(px.len(), n);
        for &(x, y) in &px {
            assert!((50.0..=750.0).contains(&x) && (40.0..=560.0).contains(&y));
        }
        // Aspect ratio kept and box filled along at least one axis.
        let xs = px.iter().map(|p| p.0).fold(f64::MIN, f64::max)
            - px.iter().map(|p| p.0).fold(f64::MAX, f64::min);
        let ys = px.iter().map(|p| p.1).fold(f64::MIN, f64::max)
            - px.iter().map(|p| p.1).fold(f64::MAX, f64::min);
        assert!((xs - 700.0).abs() < 1e-6 || (ys - 520.0).abs() < 1e-6);
    }

    #[test]
    fn iteration_budget() {
        // 3,000,000 / n, clamped to [30, 500].
        assert_eq!(auto_iterations(20), 500);
        assert_eq!(auto_iterations(6_000), 500);
        assert_eq!(auto_iterations(10_000), 300);
        assert_eq!(auto_iterations(100_000), 30);
        assert_eq!(auto_iterations(5_000_000), 30);
    }

    #[test]
    fn tiny_graphs() {
        assert!(force_layout(0, &[], 1, 10, &[]).is_empty());
        assert_eq!(force_layout(1, &[], 1, 10, &[]), vec![(0.0, 0.0)]);
        let p = force_layout(2, &[(0, 1), (1, 0), (0, 0)], 1, 50, &[]);
        assert!(dist(p[0], p[1]) > 0.0);
        let one = fit(
            &[(3.0, 3.0)],
            Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 10.0,
                y1: 20.0,
            },
        );
        assert_eq!(one, vec![(5.0, 10.0)]);
    }

    #[test]
    fn labels_never_overlap_and_stay_inside() {
        // 40 labels crowded on a 5×8 grid 12 px apart: many must move or be dropped.
        let anchors: Vec<(f64, f64, f64)> = (0..40)
            .map(|i| {
                (
                    100.0 + (i % 5) as f64 * 12.0,
                    100.0 + (i / 5) as f64 * 12.0,
                    3.0,
                )
            })
            .collect();
        let sizes = vec![(40.0, 14.0); 40];
        let bounds = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 300.0,
            y1: 300.0,
        };
        let legend = Rect {
            x0: 200.0,
            y0: 0.0,
            x1: 300.0,
            y1: 100.0,
        };
        let boxes = place_labels(&anchors, &sizes, bounds, &[legend]);
        let placed: Vec<Rect> = boxes.iter().flatten().copied().collect();
        assert!(placed.len() >= 8, "only {} placed", placed.len());
        for (i, a) in placed.iter().enumerate() {
            assert!(a.inside(&bounds) && !a.overlaps(&legend));
            for b in &placed[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
        // The first label always gets its preferred spot, to the right of its anchor.
        assert_eq!(
            boxes[0],
            Some(Rect {
                x0: 106.0,
                y0: 93.0,
                x1: 146.0,
                y1: 107.0
            })
        );
    }
}
