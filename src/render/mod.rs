//! Render: the five charts a manager reads at a glance, as PNG or SVG.
//!
//! ```text
//!   ChartData (plain numbers, filled by the caller) ──render_all──▶ network, flows, boundary,
//!                                                                   brokers, hoarding (.png/.svg)
//! ```
//!
//! Render never sees a [`crate::graph::Graph`] or a CSV: the caller fills a [`ChartData`] from an
//! analysis or from an output folder, so `grapevine render DIR` can redraw without recomputing.
//! All text is drawn with DejaVu Sans, compiled into the binary (`assets/`), so no system font is
//! needed. PNG and SVG come from the same drawing code (plotters' `BitMapBackend` and
//! `SVGBackend`); the SVG names the font family `sans-serif` and lets the viewer supply it.
//!
//! | file | question it answers |
//! |---|---|
//! | `network` | who connects whom (ForceAtlas2 layout, see [`layout`]) |
//! | `flows` | where knowledge flows between groups |
//! | `boundary` | how closed each group is (group × group density) |
//! | `brokers` | who brokers, and in which Gould–Fernandez role |
//! | `hoarding` | who takes knowledge in without passing it on |
//!
//! A chart whose data is missing (no brokerage, fewer than two groups, no ties) is skipped, never
//! faked; [`render_all`] returns the paths it wrote.
//!
//! **Definitions used by several charts.**
//! - *Hoarder*: `hoarding_index ≥ 0.5` (they receive at least three times what they give) and
//!   `received ≥ max(2, median received among people with any tie)`, so that someone who asked
//!   one question and answered none is not called a hoarder. See [`hoarders`].
//! - *Single point of failure*: one of the (at most) [`MAX_SPOF`] people with the largest
//!   `reach_loss > 0`. See [`single_points_of_failure`].
//!
//! **Large networks.** The network chart keeps to a time budget: above
//! [`network::MAX_DRAWN_PEOPLE`] people it draws only the best-connected of each group (in
//! proportion to its size) plus everyone labelled, the number of layout iterations falls as the
//! drawing grows ([`layout::auto_iterations`]), at most [`network::MAX_DRAWN_TIES`] ties are
//! drawn (an even, deterministic sample), node outlines are dropped above 20,000 people, and only
//! the top brokers get labels; the subtitle says what is drawn. Measured times are in the README
//! (criterion bench `layout`; "Scale" for a million people).
//!
//! Output is deterministic: the same data and options give byte-identical files whatever the
//! number of rayon threads.

use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;
use thiserror::Error;

mod boundary;
mod brokers;
pub mod changes;
mod flows;
mod hoarding;
pub mod layout;
pub mod network;
pub(crate) mod style;

/// One unordered pair of groups, as the flows chart needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct PairInfo {
    /// First group (index into [`ChartData::group_names`]).
    pub a: u32,
    /// Second group.
    pub b: u32,
    /// Ties from a member of `a` to a member of `b` (tie direction, as in boundary.csv).
    pub ties_ab: u64,
    /// Ties from `b` to `a`.
    pub ties_ba: u64,
    /// `(ties_ab − ties_ba) / (ties_ab + ties_ba)`, tie direction; `None` when both are 0.
    pub net_flow: Option<f64>,
    /// Partnership stage (arms-length, coordinated, integrated) when known.
    pub stage: Option<String>,
}

/// Everything the charts draw: plain data, indexed by person (node order) or by group index.
#[derive(Debug, Clone, Default)]
pub struct ChartData {
    /// Dataset name for the caption, e.g. "Lazega law firm".
    pub dataset: String,
    /// Relation analysed, e.g. "advice".
    pub relation: String,
    /// Date of the analysis, e.g. "2026-11-29".
    pub analysed_on: String,
    /// Person ids, in node order.
    pub ids: Vec<String>,
    /// Group index of each person.
    pub group_of: Vec<u32>,
    /// Group names, by group index.
    pub group_names: Vec<String>,
    /// Word for a group in titles ("group", "office", "department"); empty means "group".
    pub group_word: String,
    /// Directed ties (source, target) as node indices.
    pub ties: Vec<(u32, u32)>,
    /// True when knowledge flows against the ties (`--flow against`): the flows chart then reads
    /// `ties_ba` as knowledge going from `a` to `b`.
    pub flow_against: bool,
    /// Metric used for node size: its name (for the legend) and one value per person.
    pub size_by: (String, Vec<f64>),
    /// Knowledge received per person (flow-aware degree).
    pub received: Vec<f64>,
    /// Knowledge given per person (flow-aware degree).
    pub given: Vec<f64>,
    /// Hoarding index per person; `None` for isolates.
    pub hoarding_index: Vec<Option<f64>>,
    /// Hoarder flag per person ([`crate::analysis::findings::hoarder_flags`]).
    pub hoarders: Vec<bool>,
    /// The floor on knowledge received that the hoarder rule applied.
    pub hoarder_floor: f64,
    /// Gould–Fernandez counts per person: coordinator, consultant, representative, gatekeeper,
    /// liaison. `None` when not computed (the brokers chart is then skipped).
    pub brokerage: Option<Vec<[u64; 5]>>,
    /// Reach loss per person; `None` when not computed.
    pub reach_loss: Option<Vec<f64>>,
    /// Group × group tie counts, from row group to column group.
    pub boundary_ties: Vec<Vec<u64>>,
    /// Group × group density (boundary.csv `density`); `None` where undefined.
    pub boundary_density: Vec<Vec<Option<f64>>>,
    /// One entry per unordered pair of groups.
    pub pairs: Vec<PairInfo>,
    /// Recommended introductions (person, person), drawn dashed in the network chart; empty
    /// when none were asked for.
    pub introductions: Vec<(u32, u32)>,
}

impl ChartData {
    /// The same data restricted to the people `keep` (node indices, increasing), renumbered
    /// in that order: ties and introductions with both ends kept, per-person columns picked;
    /// group-level fields (names, boundary, pairs) are unchanged.
    ///
    /// # Complexity
    /// O(n + m) time, O(|keep| + kept ties) space.
    pub(crate) fn induced(&self, keep: &[usize]) -> ChartData {
        let mut at = vec![u32::MAX; self.ids.len()];
        for (i, &v) in keep.iter().enumerate() {
            at[v] = i as u32;
        }
        let remap = |ties: &[(u32, u32)]| -> Vec<(u32, u32)> {
            ties.iter()
                .map(|&(a, b)| (at[a as usize], at[b as usize]))
                .filter(|&(a, b)| a != u32::MAX && b != u32::MAX)
                .collect()
        };
        fn pick<T: Clone>(keep: &[usize], x: &[T]) -> Vec<T> {
            keep.iter().map(|&v| x[v].clone()).collect()
        }
        ChartData {
            dataset: self.dataset.clone(),
            relation: self.relation.clone(),
            analysed_on: self.analysed_on.clone(),
            ids: pick(keep, &self.ids),
            group_of: pick(keep, &self.group_of),
            group_names: self.group_names.clone(),
            group_word: self.group_word.clone(),
            ties: remap(&self.ties),
            flow_against: self.flow_against,
            size_by: (self.size_by.0.clone(), pick(keep, &self.size_by.1)),
            received: pick(keep, &self.received),
            given: pick(keep, &self.given),
            hoarding_index: pick(keep, &self.hoarding_index),
            hoarders: pick(keep, &self.hoarders),
            hoarder_floor: self.hoarder_floor,
            brokerage: self.brokerage.as_ref().map(|b| pick(keep, b)),
            reach_loss: self.reach_loss.as_ref().map(|r| pick(keep, r)),
            boundary_ties: self.boundary_ties.clone(),
            boundary_density: self.boundary_density.clone(),
            pairs: self.pairs.clone(),
            introductions: remap(&self.introductions),
        }
    }
}

/// Output image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChartFormat {
    /// PNG raster (default).
    #[default]
    Png,
    /// SVG vector image, same drawing.
    Svg,
}

impl ChartFormat {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }
}

/// How to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// Image width in pixels (default 1600).
    pub width: u32,
    /// Image height in pixels (default 1200).
    pub height: u32,
    /// PNG or SVG.
    pub format: ChartFormat,
    /// People shown in the brokers chart and labelled in the network chart (default 15).
    pub top_brokers: usize,
    /// Seed of the layout's starting positions.
    pub seed: u64,
    /// Layout iterations; `None` picks them from the network size ([`layout::auto_iterations`]).
    pub layout_iterations: Option<usize>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            width: 1600,
            height: 1200,
            format: ChartFormat::Png,
            top_brokers: 15,
            seed: 42,
            layout_iterations: None,
        }
    }
}

/// What can go wrong while drawing.
#[derive(Debug, Error)]
pub enum RenderError {
    /// The bundled font could not be loaded (a corrupt build).
    #[error("the bundled font could not be loaded: {0}")]
    Font(String),
    /// The chart data is inconsistent (a bug in the caller).
    #[error("chart data is inconsistent: {0}")]
    InvalidData(String),
    /// The chart size is unusable.
    #[error("chart size {0}x{1} is too small: use at least 400x300")]
    TooSmall(u32, u32),
    /// Drawing or writing one chart failed.
    #[error("could not draw {path}: {message}")]
    Draw {
        /// The file being written.
        path: PathBuf,
        /// What plotters reported.
        message: String,
    },
    /// The output folder could not be created.
    #[error("could not create {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

/// Single points of failure marked in the network chart: at most this many.
pub const MAX_SPOF: usize = 10;

/// The five chart names, in drawing order (file names are a contract).
pub const CHART_NAMES: [&str; 5] = ["network", "flows", "boundary", "brokers", "hoarding"];

/// Draw every chart whose data is present into `dir`.
///
/// # Arguments
/// * `data` – the numbers to draw (see [`ChartData`]).
/// * `opts` – size, format, number of brokers, layout seed.
/// * `dir` – output folder, created if missing.
///
/// # Returns
/// The paths written, in the order of [`CHART_NAMES`]; charts without data are skipped.
///
/// # Complexity
/// Dominated by the network layout: O(I · n log n + I · m) time for I ForceAtlas2 iterations
/// (Barnes–Hut), O(n + m) space, plus O(W · H) for each raster image.
///
/// Layout: Jacomy, Venturini, Heymann & Bastian (2014), "ForceAtlas2, a continuous graph layout
/// algorithm for handy network visualization", PLoS ONE 9(6): e98679.
pub fn render_all(
    data: &ChartData,
    opts: &ChartOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>, RenderError> {
    validate(data)?;
    if opts.width < 400 || opts.height < 300 {
        return Err(RenderError::TooSmall(opts.width, opts.height));
    }
    style::register_fonts()?;
    std::fs::create_dir_all(dir).map_err(|source| RenderError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    for name in CHART_NAMES {
        if !chart_applies(name, data) {
            continue;
        }
        let path = dir.join(format!("{name}.{}", opts.format.extension()));
        let size = (opts.width, opts.height);
        let result = match opts.format {
            ChartFormat::Png => {
                let root = BitMapBackend::new(&path, size).into_drawing_area();
                draw_one(name, &root, data, opts).and_then(|()| root.present().map_err(err))
            }
            ChartFormat::Svg => {
                let root = SVGBackend::new(&path, size).into_drawing_area();
                draw_one(name, &root, data, opts).and_then(|()| root.present().map_err(err))
            }
        };
        result.map_err(|message| RenderError::Draw {
            path: path.clone(),
            message,
        })?;
        written.push(path);
    }
    Ok(written)
}

/// Whether chart `name` has the data it needs.
fn chart_applies(name: &str, data: &ChartData) -> bool {
    let n = data.ids.len();
    match name {
        "network" => n > 0,
        "flows" => {
            data.group_names.len() >= 2 && data.pairs.iter().any(|p| p.ties_ab + p.ties_ba > 0)
        }
        "boundary" => !data.group_names.is_empty() && !data.ties.is_empty(),
        "brokers" => data
            .brokerage
            .as_ref()
            .is_some_and(|b| b.iter().any(|r| r.iter().any(|&c| c > 0))),
        "hoarding" => (0..n).any(|i| data.received[i] + data.given[i] > 0.0),
        _ => false,
    }
}

fn draw_one<DB: DrawingBackend>(
    name: &str,
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
    opts: &ChartOptions,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    match name {
        "network" => network::draw(root, data, opts),
        "flows" => flows::draw(root, data, opts),
        "boundary" => boundary::draw(root, data, opts),
        "brokers" => brokers::draw(root, data, opts),
        "hoarding" => hoarding::draw(root, data, opts),
        _ => Ok(()),
    }
}

/// Turn any plotters error into its message.
pub(crate) fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

fn validate(data: &ChartData) -> Result<(), RenderError> {
    let n = data.ids.len();
    let k = data.group_names.len();
    let bad = |what: &str| Err(RenderError::InvalidData(what.to_string()));
    let per_person = [
        ("group_of", data.group_of.len()),
        ("size_by", data.size_by.1.len()),
        ("received", data.received.len()),
        ("given", data.given.len()),
        ("hoarding_index", data.hoarding_index.len()),
    ];
    for (name, len) in per_person {
        if len != n {
            return bad(&format!("{name} has {len} entries for {n} people"));
        }
    }
    if data.brokerage.as_ref().is_some_and(|b| b.len() != n) {
        return bad("brokerage length differs from the number of people");
    }
    if data.reach_loss.as_ref().is_some_and(|r| r.len() != n) {
        return bad("reach_loss length differs from the number of people");
    }
    if data.group_of.iter().any(|&g| g as usize >= k) {
        return bad("a group index is out of range");
    }
    if data
        .ties
        .iter()
        .chain(&data.introductions)
        .any(|&(s, t)| s as usize >= n || t as usize >= n)
    {
        return bad("a tie refers to a person out of range");
    }
    let ties_square =
        data.boundary_ties.len() == k && data.boundary_ties.iter().all(|r| r.len() == k);
    let density_square =
        data.boundary_density.len() == k && data.boundary_density.iter().all(|r| r.len() == k);
    if !ties_square || !density_square {
        return bad("boundary matrices must be groups × groups");
    }
    if data
        .pairs
        .iter()
        .any(|p| p.a as usize >= k || p.b as usize >= k)
    {
        return bad("a group pair refers to a group out of range");
    }
    Ok(())
}

/// Which people count as hoarders: the flags and the floor on knowledge received that the
/// caller computed with [`crate::analysis::findings::hoarder_flags`] (one rule for the tables,
/// the report and the charts).
pub fn hoarders(data: &ChartData) -> (Vec<bool>, f64) {
    (data.hoarders.clone(), data.hoarder_floor)
}

/// The single points of failure: up to [`MAX_SPOF`] people with the largest `reach_loss > 0`.
///
/// # Arguments
/// * `data` – uses `reach_loss` (empty result when it is `None`).
///
/// # Returns
/// Node indices, largest reach loss first (ties broken by node order).
///
/// # Complexity
/// O(n log n) time, O(n) space.
///
/// Reach loss is a cross-group version of the key-player removal idea of Borgatti (2006),
/// "Identifying sets of key players in a social network", Comput. Math. Organ. Theory 12.
pub fn single_points_of_failure(data: &ChartData) -> Vec<usize> {
    let Some(loss) = &data.reach_loss else {
        return Vec::new();
    };
    let mut idx: Vec<usize> = (0..loss.len()).filter(|&i| loss[i] > 0.0).collect();
    idx.sort_by(|&a, &b| loss[b].total_cmp(&loss[a]).then(a.cmp(&b)));
    idx.truncate(MAX_SPOF);
    idx
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two offices of four plus one of two: a clique in each office, a bridge person in B.
    #[allow(clippy::needless_range_loop)] // a, b index two matrices and name the pair
    pub(crate) fn sample() -> ChartData {
        let ids: Vec<String> = (0..10).map(|i| format!("P{i}")).collect();
        let group_of = vec![0, 0, 0, 0, 1, 1, 1, 1, 2, 2];
        let mut ties = Vec::new();
        for g in [0u32..4, 4..8] {
            for a in g.clone() {
                for b in g.clone() {
                    if a != b && (a + b) % 3 != 0 {
                        ties.push((a, b));
                    }
                }
            }
        }
        ties.extend([
            (0, 4),
            (4, 0),
            (5, 8),
            (8, 5),
            (9, 5),
            (1, 5),
            (2, 9),
            (9, 8),
        ]);
        ties.sort_unstable();
        ties.dedup();
        let n = ids.len();
        let mut indeg = vec![0.0; n];
        let mut outdeg = vec![0.0; n];
        for &(s, t) in &ties {
            outdeg[s as usize] += 1.0;
            indeg[t as usize] += 1.0;
        }
        let hoarding_index = (0..n)
            .map(|i| {
                let (r, g) = (indeg[i], outdeg[i]);
                (r + g > 0.0).then(|| (r - g) / (r + g))
            })
            .collect();
        let k = 3;
        let mut bt = vec![vec![0u64; k]; k];
        for &(s, t) in &ties {
            bt[group_of[s as usize] as usize][group_of[t as usize] as usize] += 1;
        }
        let sizes = [4.0, 4.0, 2.0];
        let bd = (0..k)
            .map(|a| {
                (0..k)
                    .map(|b| {
                        let pairs = if a == b {
                            sizes[a] * (sizes[a] - 1.0)
                        } else {
                            sizes[a] * sizes[b]
                        };
                        (pairs > 0.0).then(|| bt[a][b] as f64 / pairs)
                    })
                    .collect()
            })
            .collect();
        let mut pairs = Vec::new();
        for a in 0..k {
            for b in a + 1..k {
                let (x, y) = (bt[a][b], bt[b][a]);
                pairs.push(PairInfo {
                    a: a as u32,
                    b: b as u32,
                    ties_ab: x,
                    ties_ba: y,
                    net_flow: (x + y > 0).then(|| (x as f64 - y as f64) / (x + y) as f64),
                    stage: (a == 0).then(|| "coordinated".to_string()),
                });
            }
        }
        let brokerage = (0..n as u64)
            .map(|i| [i % 3, i % 2, (i * 7) % 5, i % 4, u64::from(i == 5) * 6])
            .collect();
        ChartData {
            dataset: "Test firm".into(),
            relation: "advice".into(),
            analysed_on: "2026-11-29".into(),
            ids,
            group_of,
            group_names: vec!["Alpha".into(), "Beta".into(), "Gamma".into()],
            group_word: "office".into(),
            ties,
            flow_against: false,
            size_by: ("in-degree".into(), indeg.clone()),
            hoarders: {
                let (flags, _) = crate::analysis::findings::hoarder_flags(&indeg, &outdeg);
                flags
            },
            hoarder_floor: crate::analysis::findings::hoarder_flags(&indeg, &outdeg).1,
            received: indeg,
            given: outdeg,
            hoarding_index,
            brokerage: Some(brokerage),
            reach_loss: Some((0..n).map(|i| if i == 5 { 0.4 } else { 0.0 }).collect()),
            boundary_ties: bt,
            boundary_density: bd,
            pairs,
            introductions: Vec::new(),
        }
    }

    /// Width and height from a PNG header (IHDR follows the 8-byte signature).
    pub(crate) fn png_size(bytes: &[u8]) -> (u32, u32) {
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        (w, h)
    }

    fn distinct_colours(path: &Path) -> usize {
        let img = image::open(path).unwrap().to_rgb8();
        let mut seen: Vec<[u8; 3]> = img.pixels().map(|p| p.0).collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len()
    }

    fn render_in(dir: &Path, data: &ChartData, opts: &ChartOptions) -> Vec<PathBuf> {
        render_all(data, opts, dir).unwrap()
    }

    #[test]
    fn every_chart_written_with_size_not_blank_and_repeatable() {
        let data = sample();
        let opts = ChartOptions {
            width: 800,
            height: 600,
            ..ChartOptions::default()
        };
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let first = render_in(a.path(), &data, &opts);
        let names: Vec<String> = first
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "network.png",
                "flows.png",
                "boundary.png",
                "brokers.png",
                "hoarding.png"
            ]
        );
        // Second run on two threads, first on the global pool: same bytes.
        let second = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| render_in(b.path(), &data, &opts));
        let third = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| render_in(a.path(), &data, &opts));
        for ((p, q), r) in first.iter().zip(&second).zip(&third) {
            let bytes = std::fs::read(p).unwrap();
            assert_eq!(png_size(&bytes), (800, 600), "{}", p.display());
            assert!(distinct_colours(p) > 20, "{} looks blank", p.display());
            assert!(
                bytes == std::fs::read(q).unwrap(),
                "{} differs on rerun",
                p.display()
            );
            assert!(
                bytes == std::fs::read(r).unwrap(),
                "{} differs on 1 thread",
                p.display()
            );
        }
    }

    #[test]
    fn svg_uses_the_same_names() {
        let data = sample();
        let opts = ChartOptions {
            format: ChartFormat::Svg,
            ..ChartOptions::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let paths = render_in(dir.path(), &data, &opts);
        assert_eq!(paths.len(), 5);
        for p in paths {
            assert_eq!(p.extension().unwrap(), "svg");
            let text = std::fs::read_to_string(&p).unwrap();
            assert!(text.starts_with("<svg") && text.contains("width=\"1600\""));
            assert!(
                text.contains("Test firm"),
                "caption missing in {}",
                p.display()
            );
        }
    }

    #[test]
    fn missing_data_skips_charts() {
        let mut data = sample();
        data.brokerage = None;
        data.reach_loss = None;
        let dir = tempfile::tempdir().unwrap();
        let paths = render_in(dir.path(), &data, &ChartOptions::default());
        let names: Vec<_> = paths
            .iter()
            .map(|p| p.file_stem().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["network", "flows", "boundary", "hoarding"]);
        assert!(!dir.path().join("brokers.png").exists());
    }

    #[test]
    fn inconsistent_data_is_an_error() {
        let mut data = sample();
        data.received.pop();
        let dir = tempfile::tempdir().unwrap();
        let e = render_all(&data, &ChartOptions::default(), dir.path()).unwrap_err();
        assert!(matches!(e, RenderError::InvalidData(_)), "{e}");
    }

    #[test]
    fn induced_keeps_and_renumbers() {
        let data = sample();
        // Keep P0, P4, P5, P8 (renumbered 0..4). Their ties: 0→4, 4→0 and 5↔8 (4 and 5 are
        // not tied: (4 + 5) % 3 = 0 in the sample's rule).
        let sub = data.induced(&[0, 4, 5, 8]);
        assert_eq!(sub.ids, ["P0", "P4", "P5", "P8"]);
        assert_eq!(sub.group_of, [0, 1, 1, 2]);
        assert_eq!(sub.ties, [(0, 1), (1, 0), (2, 3), (3, 2)]);
        assert_eq!(
            sub.size_by.1,
            [
                data.size_by.1[0],
                data.size_by.1[4],
                data.size_by.1[5],
                data.size_by.1[8]
            ]
        );
        assert_eq!(sub.pairs.len(), data.pairs.len());
    }

    #[test]
    fn spof_are_positive_and_sorted() {
        let mut data = sample();
        data.reach_loss = Some(vec![0.0, 0.2, 0.0, 0.5, 0.2, 0.0, 0.0, 0.0, 0.0, 0.1]);
        assert_eq!(single_points_of_failure(&data), [3, 1, 4, 9]);
    }
}
