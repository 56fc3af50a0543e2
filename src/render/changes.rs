//! changes.png: what changed between two survey waves, per pair of groups.
//!
//! One row per pair of groups (the busiest changes first): the ties lost since the first wave
//! extend left of the axis in vermillion; the ties kept (grey) and gained (blue) extend right.
//! Beside each row: the pair's density before → after and its stage before → after, in colour
//! when the stage moved (blue up, vermillion down). The title states the biggest stage change.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    anchored, bold, font, frame_captioned, plural, scale, shorten, text, ACCENT, MUTED_INK,
};
use super::{err, ChartOptions, RenderError};

/// At most this many pairs are drawn.
pub const MAX_PAIRS: usize = 12;

const KEPT: RGBColor = RGBColor(0xB8, 0xB8, 0xB8);
/// Okabe–Ito blue.
const GAINED: RGBColor = RGBColor(0x00, 0x72, 0xB2);

/// One pair of groups, as the chart draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct PairBars {
    /// "A–B".
    pub name: String,
    /// Ties in the pair in both waves.
    pub kept: u64,
    /// Ties in the second wave only.
    pub gained: u64,
    /// Ties in the first wave only.
    pub lost: u64,
    /// Density before and after (`None`: the pair is absent or undefined in that wave).
    pub density: (Option<f64>, Option<f64>),
    /// Stage before and after.
    pub stage: (Option<String>, Option<String>),
}

impl PairBars {
    fn moved(&self) -> u64 {
        self.gained + self.lost
    }

    /// Stage steps up (> 0) or down (< 0), 0 when unchanged or unknown.
    fn step(&self) -> i32 {
        match &self.stage {
            (Some(x), Some(y)) => {
                crate::compare::diff::stage_rank(y) - crate::compare::diff::stage_rank(x)
            }
            _ => 0,
        }
    }
}

/// Everything changes.png draws.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangesData {
    /// Bottom-left caption: the two waves and the relation.
    pub caption: String,
    /// Word for a group ("office"); empty for "group".
    pub group_word: String,
    /// Every pair of groups present in either wave.
    pub pairs: Vec<PairBars>,
}

impl ChangesData {
    /// Whether there is anything to draw: a pair with a tie in either wave.
    pub fn applies(&self) -> bool {
        self.pairs.iter().any(|p| p.kept + p.moved() > 0)
    }

    fn word(&self) -> &str {
        if self.group_word.is_empty() {
            "group"
        } else {
            &self.group_word
        }
    }

    /// The pairs drawn: most ties gained + lost first, then most kept, then by name.
    pub fn rows(&self) -> Vec<&PairBars> {
        let mut v: Vec<&PairBars> = self
            .pairs
            .iter()
            .filter(|p| p.kept + p.moved() > 0)
            .collect();
        v.sort_by(|x, y| {
            y.moved()
                .cmp(&x.moved())
                .then(y.kept.cmp(&x.kept))
                .then_with(|| x.name.cmp(&y.name))
        });
        v.truncate(MAX_PAIRS);
        v
    }

    /// The title: the biggest stage change, else the cross-group ties gained and lost.
    pub fn headline(&self) -> String {
        let mut changed: Vec<&PairBars> = self.pairs.iter().filter(|p| p.step() != 0).collect();
        changed.sort_by(|x, y| {
            y.step()
                .abs()
                .cmp(&x.step().abs())
                .then(y.step().cmp(&x.step()))
                .then_with(|| x.name.cmp(&y.name))
        });
        let words = plural(self.word(), 2);
        match changed.first() {
            Some(p) => {
                let (Some(from), Some(to)) = &p.stage else {
                    unreachable!("a stage step needs both stages")
                };
                let more = match changed.len() - 1 {
                    0 => String::new(),
                    1 => "; 1 other pair changed stage".to_string(),
                    n => format!("; {n} other pairs changed stage"),
                };
                let verb = if p.step() > 0 {
                    "moved up from"
                } else {
                    "fell back from"
                };
                format!(
                    "{} {verb} {from} to {to}: {} gained, {} lost{more}",
                    p.name,
                    ties(p.gained),
                    p.lost
                )
            }
            None => {
                let gained: u64 = self.pairs.iter().map(|p| p.gained).sum();
                let lost: u64 = self.pairs.iter().map(|p| p.lost).sum();
                format!(
                    "Between {words}: {} gained, {lost} lost; no pair changed stage",
                    ties(gained)
                )
            }
        }
    }
}

/// "1 tie", "12 ties".
fn ties(n: u64) -> String {
    format!("{n} {}", if n == 1 { "tie" } else { "ties" })
}

/// As the report writes densities ([`crate::narrative::compare::density`]).
fn density(x: Option<f64>) -> String {
    crate::narrative::compare::density(x)
}

/// Draws changes.png (or .svg, by `opts.format`) at `path`.
pub fn render(data: &ChangesData, opts: &ChartOptions, path: &Path) -> Result<(), RenderError> {
    if opts.width < 400 || opts.height < 300 {
        return Err(RenderError::TooSmall(opts.width, opts.height));
    }
    super::style::register_fonts()?;
    let size = (opts.width, opts.height);
    let result = match opts.format {
        super::ChartFormat::Png => {
            let root = BitMapBackend::new(path, size).into_drawing_area();
            draw(&root, data).and_then(|()| root.present().map_err(err))
        }
        super::ChartFormat::Svg => {
            let root = SVGBackend::new(path, size).into_drawing_area();
            draw(&root, data).and_then(|()| root.present().map_err(err))
        }
    };
    result.map_err(|message| RenderError::Draw {
        path: path.to_path_buf(),
        message,
    })
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChangesData,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let (w, h) = root.dim_in_pixel();
    let s = scale(w, h);
    let rows = data.rows();
    let total = data.pairs.iter().filter(|p| p.kept + p.moved() > 0).count();
    let words = plural(data.word(), 2);
    let shown = if rows.len() < total {
        format!(" The {} of {total} pairs with most change.", rows.len())
    } else {
        String::new()
    };
    let subtitle = format!(
        "Ties between two {words} (either direction), first wave vs second: lost left of the axis, \
         kept and gained right.{shown}"
    );
    let body = frame_captioned(
        root,
        &data.headline(),
        &subtitle,
        &data.caption,
        "stages: integration score (pairs.csv)",
    )?;
    let (bw, _) = body.dim_in_pixel();

    // Legend across the top.
    let legend_h = (60.0 * s) as u32;
    let (legend, plot) = body.split_vertically(legend_h);
    let items = [
        (KEPT, "kept (in both waves)"),
        (GAINED, "gained (new in the second wave)"),
        (ACCENT, "lost (gone by the second wave)"),
    ];
    let col_w = bw as i32 / 3;
    for (i, (c, label)) in items.iter().enumerate() {
        let x = i as i32 * col_w + (10.0 * s) as i32;
        let y = (18.0 * s) as i32;
        let sq = (18.0 * s) as i32;
        legend
            .draw(&Rectangle::new([(x, y), (x + sq, y + sq)], c.filled()))
            .map_err(err)?;
        text(
            &legend,
            label,
            (x + sq + (8.0 * s) as i32, y + sq / 2),
            &anchored(font(18.0 * s), HPos::Left, VPos::Center),
        )?;
    }

    let n = rows.len().max(1);
    let left = rows.iter().map(|p| p.lost).max().unwrap_or(0) as f64;
    let right = rows
        .iter()
        .map(|p| p.kept + p.gained)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    // Room for the "−n" and "n kept, +n" labels at the ends of the bars.
    let span = left + right;
    let (xmin, xmax) = (-(left + span * 0.1).max(right * 0.15), right + span * 0.28);
    let name_px = (20.0 * s).min(700.0 * s / n as f64).max(9.0);
    let longest = rows
        .iter()
        .map(|p| shorten(&p.name, 30).chars().count())
        .max()
        .unwrap_or(4);
    let label_w = (longest as f64 * name_px * 0.6 + 30.0 * s) as u32;
    let notes_w = (430.0 * s) as u32;
    let mut chart = ChartBuilder::on(&plot)
        .margin_right(notes_w)
        .margin_top((10.0 * s) as u32)
        .x_label_area_size((70.0 * s) as u32)
        .y_label_area_size(label_w)
        .build_cartesian_2d(xmin..xmax, -0.5f64..(n as f64 - 0.5))
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(10)
        .x_desc(format!(
            "ties between the two {words}: ← lost | kept and gained →"
        ))
        .axis_desc_style((super::style::FAMILY, 19.0 * s))
        .label_style((super::style::FAMILY, 17.0 * s))
        .x_label_formatter(&|v| format!("{:.0}", v.abs()))
        .light_line_style(RGBColor(0xF0, 0xF0, 0xF0))
        .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
            BLACK.stroke_width((2.0 * s).max(1.0) as u32),
        )))
        .map_err(err)?;
    let bar = 0.3;
    let (notes_x, _) = chart.backend_coord(&(xmax, 0.0));
    let notes_x = notes_x + (24.0 * s) as i32;
    for (rank, p) in rows.iter().enumerate() {
        let y = (n - 1 - rank) as f64;
        let kept = p.kept as f64;
        let end = kept + p.gained as f64;
        for (from, to, c) in [
            (-(p.lost as f64), 0.0, ACCENT),
            (0.0, kept, KEPT),
            (kept, end, GAINED),
        ] {
            if to > from {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(from, y - bar), (to, y + bar)],
                        c.filled(),
                    )))
                    .map_err(err)?;
            }
        }
        let label = anchored(font(name_px * 0.9), HPos::Left, VPos::Center);
        let (ex, ey) = chart.backend_coord(&(end, y));
        text(
            root,
            &format!("{} kept, +{}", p.kept, p.gained),
            (ex + (6.0 * s) as i32, ey),
            &label,
        )?;
        if p.lost > 0 {
            let (lx, ly) = chart.backend_coord(&(-(p.lost as f64), y));
            text(
                root,
                &format!("−{}", p.lost),
                (lx - (6.0 * s) as i32, ly),
                &anchored(
                    font(name_px * 0.9).color(&ACCENT),
                    HPos::Right,
                    VPos::Center,
                ),
            )?;
        }
        let (_, ny) = chart.backend_coord(&(xmin, y));
        let (axis_x, _) = chart.backend_coord(&(xmin, y));
        text(
            root,
            &shorten(&p.name, 30),
            (axis_x - (10.0 * s) as i32, ny),
            &anchored(bold(name_px), HPos::Right, VPos::Center),
        )?;
        // Beside the row: density and stage, before → after.
        let line = (name_px * 0.62) as i32;
        text(
            root,
            &format!(
                "density {} → {}",
                density(p.density.0),
                density(p.density.1)
            ),
            (notes_x, ny - line),
            &anchored(
                font(name_px * 0.85).color(&MUTED_INK),
                HPos::Left,
                VPos::Center,
            ),
        )?;
        let stage = |x: &Option<String>| x.clone().unwrap_or_else(|| "–".into());
        let (words, style) = match p.step() {
            0 => (
                match &p.stage {
                    (Some(a), Some(b)) if a == b => format!("{a}, unchanged"),
                    (a, b) => format!("{} → {}", stage(a), stage(b)),
                },
                font(name_px * 0.85).color(&MUTED_INK),
            ),
            step => (
                format!("{} → {}", stage(&p.stage.0), stage(&p.stage.1)),
                bold(name_px * 0.85).color(if step > 0 { &GAINED } else { &ACCENT }),
            ),
        };
        text(
            root,
            &words,
            (notes_x, ny + line),
            &anchored(style, HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(name: &str, kept: u64, gained: u64, lost: u64, stage: (&str, &str)) -> PairBars {
        PairBars {
            name: name.into(),
            kept,
            gained,
            lost,
            density: (Some(0.04), Some(0.11)),
            stage: (Some(stage.0.into()), Some(stage.1.into())),
        }
    }

    fn sample() -> ChangesData {
        ChangesData {
            caption: "wave1 (2025-11-01) → wave2 (2026-11-01) · advice".into(),
            group_word: "organization".into(),
            pairs: vec![
                bars("Bank–City", 2, 12, 2, ("arms-length", "integrated")),
                bars("Bank–Telecom", 10, 1, 3, ("coordinated", "coordinated")),
                bars("City–Telecom", 0, 0, 0, ("none", "none")),
                bars("City–IT", 5, 0, 4, ("coordinated", "arms-length")),
            ],
        }
    }

    #[test]
    fn rows_and_headline() {
        let d = sample();
        let names: Vec<&str> = d.rows().iter().map(|p| p.name.as_str()).collect();
        // Bank–Telecom and City–IT both moved 4 ties: the one with more kept comes first.
        assert_eq!(names, ["Bank–City", "Bank–Telecom", "City–IT"]);
        assert_eq!(
            d.headline(),
            "Bank–City moved up from arms-length to integrated: 12 ties gained, 2 lost; 1 other \
             pair changed stage"
        );
        let mut quiet = sample();
        quiet.pairs.retain(|p| p.name == "Bank–Telecom");
        assert_eq!(
            quiet.headline(),
            "Between organizations: 1 tie gained, 3 lost; no pair changed stage"
        );
        assert!(!ChangesData::default().applies());
    }

    #[test]
    fn png_has_the_size_and_is_repeatable() {
        let dir = tempfile::tempdir().unwrap();
        let opts = ChartOptions {
            width: 800,
            height: 600,
            ..Default::default()
        };
        let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
        render(&sample(), &opts, &a).unwrap();
        render(&sample(), &opts, &b).unwrap();
        let bytes = std::fs::read(&a).unwrap();
        assert_eq!(crate::render::tests::png_size(&bytes), (800, 600));
        assert_eq!(bytes, std::fs::read(&b).unwrap());
    }
}
