//! hoarding.png: knowledge received vs given, one dot per person.
//!
//! The hoarders' zone (receives from at least the threshold number of people and passes on less
//! than a third of that, i.e. hoarding index ≥ 0.5) is shaded and its members are labelled.
//! Both axes switch to a log(1 + x) scale when the values span more than the eye can compare
//! on a linear axis.

use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{place_labels, Rect};
use super::style::{
    anchored, font, frame, scale, shorten, text, text_size, GroupColours, ACCENT, INK, MUTED_INK,
};
use super::{err, hoarders, ChartData, ChartOptions};

/// At most this many hoarders get a label (the ones receiving most).
const MAX_LABELS: usize = 30;

/// An axis on log(1 + x) or linear scale, ticked at round numbers.
#[derive(Clone)]
struct Axis {
    log: bool,
    max: f64,
}

impl Axis {
    fn f(&self, v: f64) -> f64 {
        if self.log {
            v.max(0.0).ln_1p()
        } else {
            v
        }
    }
    fn ticks(&self) -> Vec<f64> {
        let mut out = Vec::new();
        if self.log {
            let mut base = 1.0;
            out.push(0.0);
            while base <= self.max * 1.0001 {
                for m in [1.0, 2.0, 5.0] {
                    if base * m <= self.max * 1.0001 {
                        out.push(base * m);
                    }
                }
                base *= 10.0;
            }
        } else {
            let raw = (self.max / 8.0).max(1.0);
            let mag = 10f64.powf(raw.log10().floor());
            let step = [1.0, 2.0, 5.0, 10.0]
                .iter()
                .map(|m| m * mag)
                .find(|&st| st >= raw)
                .unwrap_or(mag * 10.0);
            let mut v = 0.0;
            while v <= self.max * 1.0001 {
                out.push(v);
                v += step;
            }
        }
        out
    }
}

impl Ranged for Axis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;
    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let top = self.f(self.max).max(1e-9);
        let t = self.f(*v) / top;
        limit.0 + ((limit.1 - limit.0) as f64 * t).round() as i32
    }
    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks()
    }
    fn range(&self) -> std::ops::Range<f64> {
        0.0..self.max
    }
    fn axis_pixel_range(&self, limit: (i32, i32)) -> std::ops::Range<i32> {
        limit.0..limit.1
    }
}

impl ValueFormatter<f64> for Axis {
    fn format(v: &f64) -> String {
        format!("{v:.0}")
    }
}

/// Whether values spanning `0..=max` with this median need a log axis: when the largest is
/// more than 50 and over 8 times the median of the positive values.
fn needs_log(values: &[f64]) -> bool {
    let mut pos: Vec<f64> = values.iter().copied().filter(|&v| v > 0.0).collect();
    if pos.is_empty() {
        return false;
    }
    pos.sort_by(f64::total_cmp);
    let median = pos[pos.len() / 2];
    let max = pos[pos.len() - 1];
    max > 50.0 && max > 8.0 * median
}

/// Headline: how many people hoard.
pub(crate) fn headline(count: usize, n_active: usize) -> String {
    match count {
        0 => "Nobody hoards: everyone who takes in knowledge also passes it on".to_string(),
        1 => "1 person takes in knowledge but rarely passes it on".to_string(),
        k => format!("{k} of {n_active} people take in knowledge but rarely pass it on"),
    }
}

/// Draw the hoarding chart on `root`.
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
    _opts: &ChartOptions,
) -> Result<(), String> {
    let (w, h) = root.dim_in_pixel();
    let s = scale(w, h);
    let n = data.ids.len();
    let colours = GroupColours::new(data);
    let (is_hoarder, threshold) = hoarders(data);
    let active: Vec<usize> = (0..n)
        .filter(|&i| data.received[i] + data.given[i] > 0.0)
        .collect();
    let count = is_hoarder.iter().filter(|&&b| b).count();
    let title = headline(count, active.len());
    let all: Vec<f64> = data.received.iter().chain(&data.given).copied().collect();
    let log = needs_log(&all);
    let subtitle = format!(
        "Each dot is a person. Shaded: receives from {threshold:.0}+ people but passes on to fewer than a third as many (hoarding index ≥ 0.5){}.",
        if log { "; log scales" } else { "" }
    );
    let caption_right = format!("{} people with ties", active.len());
    let body = frame(root, data, &title, &subtitle, &caption_right)?;

    let rmax = data.received.iter().copied().fold(1.0, f64::max) * 1.08;
    let gmax = data.given.iter().copied().fold(1.0, f64::max) * 1.08;
    let (xmax, ymax) = (rmax.max(threshold * 1.2), gmax);
    let xa = Axis { log, max: xmax };
    let ya = Axis { log, max: ymax };
    let mut chart = ChartBuilder::on(&body)
        .margin_right((40.0 * s) as u32)
        .margin_top((10.0 * s) as u32)
        .x_label_area_size((70.0 * s) as u32)
        .y_label_area_size((90.0 * s) as u32)
        .build_cartesian_2d(xa.clone(), ya.clone())
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("knowledge received: from how many people")
        .y_desc("knowledge given: to how many people")
        .axis_desc_style((super::style::FAMILY, 20.0 * s))
        .label_style((super::style::FAMILY, 17.0 * s))
        .light_line_style(RGBColor(0xF2, 0xF2, 0xF2))
        .bold_line_style(RGBColor(0xE2, 0xE2, 0xE2))
        .draw()
        .map_err(err)?;

    // Hoarders' zone: received ≥ threshold and given ≤ received / 3.
    let steps = 80;
    let mut zone: Vec<(f64, f64)> = vec![(threshold, 0.0)];
    for i in 0..=steps {
        // Even steps on the (possibly log) axis so the curved edge stays smooth.
        let (a, b) = (xa.f(threshold), xa.f(xmax));
        let t = a + (b - a) * i as f64 / steps as f64;
        let x = if log { t.exp_m1() } else { t };
        zone.push((x, (x / 3.0).min(ymax)));
    }
    zone.push((xmax, 0.0));
    chart
        .draw_series(std::iter::once(Polygon::new(
            zone,
            ACCENT.mix(0.12).filled(),
        )))
        .map_err(err)?;
    // Reference line: gives as much as receives.
    let diag: Vec<(f64, f64)> = (0..=steps)
        .map(|i| {
            let t = xa.f(xmax.min(ymax)) * i as f64 / steps as f64;
            let x = if log { t.exp_m1() } else { t };
            (x, x)
        })
        .collect();
    chart
        .draw_series(std::iter::once(PathElement::new(
            diag,
            MUTED_INK.mix(0.6).stroke_width(1),
        )))
        .map_err(err)?;
    let (dx, dy) = chart.backend_coord(&(xmax.min(ymax) * 0.92, xmax.min(ymax) * 0.92));
    text(
        root,
        "gives as much as receives",
        (dx - (8.0 * s) as i32, dy),
        &anchored(font(16.0 * s).color(&MUTED_INK), HPos::Right, VPos::Bottom),
    )?;
    let (zx, zy) = chart.backend_coord(&(xmax, 0.0));
    text(
        root,
        "hoarders",
        (zx - (10.0 * s) as i32, zy - (10.0 * s) as i32),
        &anchored(font(22.0 * s).color(&ACCENT), HPos::Right, VPos::Bottom),
    )?;

    // Group colours, in a row at the top right of the plot.
    {
        let item = anchored(font(16.0 * s), HPos::Left, VPos::Center);
        let mut entries: Vec<(String, RGBColor)> = colours
            .named
            .iter()
            .map(|&g| (shorten(&data.group_names[g], 16), colours.colour[g]))
            .collect();
        if colours.others() > 0 {
            entries.push((format!("{} others", colours.others()), super::style::OTHER));
        }
        let (right, top) = chart.backend_coord(&(xmax, ymax));
        let mut widths = Vec::new();
        for (t, _) in &entries {
            widths.push(text_size(root, t, &item)?.0 as i32 + (30.0 * s) as i32);
        }
        let total: i32 = widths.iter().sum();
        let mut x = right - total - (10.0 * s) as i32;
        let y = top + (16.0 * s) as i32;
        root.draw(&Rectangle::new(
            [
                (x - (8.0 * s) as i32, y - (14.0 * s) as i32),
                (right - (4.0 * s) as i32, y + (14.0 * s) as i32),
            ],
            WHITE.mix(0.85).filled(),
        ))
        .map_err(err)?;
        for ((t, c), wpx) in entries.iter().zip(&widths) {
            root.draw(&Circle::new(
                (x + (7.0 * s) as i32, y),
                (6.0 * s) as i32,
                c.filled(),
            ))
            .map_err(err)?;
            text(root, t, (x + (18.0 * s) as i32, y), &item)?;
            x += wpx;
        }
    }

    // Dots: non-hoarders first, small and translucent; hoarders on top with an outline.
    let r = if n > 2000 { 3.0 * s } else { 6.0 * s };
    chart
        .draw_series(active.iter().filter(|&&i| !is_hoarder[i]).map(|&i| {
            let c = colours.colour[data.group_of[i] as usize];
            Circle::new((data.received[i], data.given[i]), r, c.mix(0.65).filled())
        }))
        .map_err(err)?;
    let mut hoard: Vec<usize> = active.iter().copied().filter(|&i| is_hoarder[i]).collect();
    hoard.sort_by(|&a, &b| {
        data.received[b]
            .total_cmp(&data.received[a])
            .then(a.cmp(&b))
    });
    for &i in &hoard {
        let c = colours.colour[data.group_of[i] as usize];
        let p = (data.received[i], data.given[i]);
        chart
            .draw_series(std::iter::once(Circle::new(p, r * 1.3, c.filled())))
            .map_err(err)?;
        chart
            .draw_series(std::iter::once(Circle::new(
                p,
                r * 1.3,
                INK.stroke_width((1.5 * s).max(1.0) as u32),
            )))
            .map_err(err)?;
    }

    // Labels for the hoarders, placed without overlaps inside the plot.
    let lstyle = font(16.0 * s);
    let (px0, py0) = chart.backend_coord(&(0.0, ymax));
    let (px1, py1) = chart.backend_coord(&(xmax, 0.0));
    let bounds = Rect {
        x0: px0 as f64,
        y0: py0 as f64,
        x1: px1 as f64,
        y1: py1 as f64,
    };
    let mut anchors = Vec::new();
    let mut sizes = Vec::new();
    let mut texts = Vec::new();
    for &i in hoard.iter().take(MAX_LABELS) {
        let t = shorten(&data.ids[i], 16);
        let (tw, th) = text_size(root, &t, &lstyle)?;
        let (x, y) = chart.backend_coord(&(data.received[i], data.given[i]));
        anchors.push((x as f64, y as f64, r * 1.3));
        sizes.push((tw as f64 + 6.0 * s, th as f64 + 6.0 * s));
        texts.push((t, (x, y)));
    }
    let boxes = place_labels(&anchors, &sizes, bounds, &[]);
    for (b, (t, (x, y))) in boxes.iter().zip(&texts) {
        let Some(b) = b else { continue };
        let near = (
            (*x as f64).clamp(b.x0, b.x1).round() as i32,
            (*y as f64).clamp(b.y0, b.y1).round() as i32,
        );
        root.draw(&PathElement::new(
            vec![(*x, *y), near],
            INK.mix(0.6).stroke_width(1),
        ))
        .map_err(err)?;
        let corners = [
            (b.x0.round() as i32, b.y0.round() as i32),
            (b.x1.round() as i32, b.y1.round() as i32),
        ];
        root.draw(&Rectangle::new(corners, WHITE.mix(0.85).filled()))
            .map_err(err)?;
        text(
            root,
            t,
            (
                ((b.x0 + b.x1) / 2.0).round() as i32,
                ((b.y0 + b.y1) / 2.0).round() as i32,
            ),
            &anchored(lstyle.clone(), HPos::Center, VPos::Center),
        )?;
    }
    if hoard.len() > MAX_LABELS {
        // Top left: the group legend holds the top right, and people who give much while
        // receiving little are rare.
        let (x, y) = chart.backend_coord(&(0.0, ymax));
        text(
            root,
            &format!("labels: the {MAX_LABELS} hoarders who receive most"),
            (x + (10.0 * s) as i32, y + (10.0 * s) as i32),
            &anchored(font(16.0 * s).color(&MUTED_INK), HPos::Left, VPos::Top),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_only_when_spread_is_wide() {
        assert!(!needs_log(&[1.0, 2.0, 3.0, 40.0]));
        // max 200 > 50 and > 8 × median 5.
        assert!(needs_log(&[0.0, 4.0, 5.0, 6.0, 200.0]));
        assert!(!needs_log(&[0.0, 0.0]));
    }

    #[test]
    fn ticks_are_round() {
        let lin = Axis {
            log: false,
            max: 33.0,
        };
        assert_eq!(lin.ticks(), [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0]);
        let log = Axis {
            log: true,
            max: 250.0,
        };
        assert_eq!(
            log.ticks(),
            [0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0]
        );
        assert_eq!(log.map(&0.0, (0, 100)), 0);
        assert_eq!(log.map(&250.0, (0, 100)), 100);
    }

    #[test]
    fn headlines() {
        assert_eq!(
            headline(3, 70),
            "3 of 70 people take in knowledge but rarely pass it on"
        );
        assert!(headline(0, 70).starts_with("Nobody hoards"));
    }
}
