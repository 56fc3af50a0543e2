//! flows.png: where knowledge flows between groups.
//!
//! One circle per group on a ring, area proportional to headcount. Each pair of groups with ties
//! gets one arrow pointing the way most knowledge flows; its width is the number of ties and its
//! colour how one-sided the exchange is (grey = balanced, vermillion = one way). The label gives
//! the ties each way ("52 / 47": along the arrow / back) and the partnership stage when known.

use std::f64::consts::PI;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    anchored, bold, font, frame, group_word, pct, plural, ramp, scale, shorten, text, text_size,
    GroupColours, INK, MUTED_INK,
};
use super::{err, ChartData, ChartOptions};

/// At most this many groups are drawn (those with the most ties to other groups).
pub(crate) const MAX_GROUPS: usize = 10;
/// At most this many links are drawn (the busiest).
pub(crate) const MAX_LINKS: usize = 15;

const BALANCED: RGBColor = RGBColor(0xA8, 0xA8, 0xA8);
const ONE_WAY: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

/// A link in knowledge-flow direction: from `src` to `dst` flows `fwd`, back flows `back`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub src: usize,
    pub dst: usize,
    pub fwd: u64,
    pub back: u64,
    pub stage: Option<String>,
}

impl Link {
    fn volume(&self) -> u64 {
        self.fwd + self.back
    }
    /// Share of the exchange that flows along the arrow, in [0.5, 1].
    fn share(&self) -> f64 {
        self.fwd as f64 / self.volume().max(1) as f64
    }
    /// Position on the colour scale: 0 at 50/50, 1 at 80/20 or more one-sided.
    fn tilt(&self) -> f64 {
        ((self.share() - 0.5) / 0.3).clamp(0.0, 1.0)
    }
}

/// Links in knowledge-flow direction, busiest first (then by group indices).
pub(crate) fn links(data: &ChartData) -> Vec<Link> {
    let mut out: Vec<Link> = data
        .pairs
        .iter()
        .filter(|p| p.ties_ab + p.ties_ba > 0 && p.a != p.b)
        .map(|p| {
            // Knowledge a→b: ties a→b when it flows along the ties, ties b→a when against.
            let (ab, ba) = if data.flow_against {
                (p.ties_ba, p.ties_ab)
            } else {
                (p.ties_ab, p.ties_ba)
            };
            let (a, b) = (p.a as usize, p.b as usize);
            let (src, dst, fwd, back) = if ab >= ba {
                (a, b, ab, ba)
            } else {
                (b, a, ba, ab)
            };
            Link {
                src,
                dst,
                fwd,
                back,
                stage: p.stage.clone(),
            }
        })
        .collect();
    out.sort_by(|x, y| {
        y.volume()
            .cmp(&x.volume())
            .then(x.src.min(x.dst).cmp(&y.src.min(y.dst)))
            .then(x.src.max(x.dst).cmp(&y.src.max(y.dst)))
    });
    out
}

/// The headline: the most one-sided of the substantial links, or "both ways" when none is.
pub(crate) fn headline(data: &ChartData, links: &[Link]) -> String {
    let names = &data.group_names;
    let Some(busiest) = links.first() else {
        return format!("No knowledge flows between {}", plural(group_word(data), 2));
    };
    let floor = (busiest.volume() as f64 * 0.2).max(5.0);
    let lopsided = links
        .iter()
        .filter(|l| l.volume() as f64 >= floor)
        .max_by(|x, y| {
            x.share()
                .total_cmp(&y.share())
                .then(y.volume().cmp(&x.volume()))
        });
    match lopsided {
        Some(l) if l.share() >= 0.6 => format!(
            "{} of the knowledge between {} and {} flows from {}",
            pct(l.share()),
            shorten(&names[l.src], 24),
            shorten(&names[l.dst], 24),
            shorten(&names[l.src], 24)
        ),
        _ => format!(
            "Knowledge flows both ways: busiest link {}–{}, {} ties, {}/{}",
            shorten(&names[busiest.src], 24),
            shorten(&names[busiest.dst], 24),
            busiest.volume(),
            busiest.fwd,
            busiest.back
        ),
    }
}

/// Polygon of a straight arrow from `a` to `b` with shaft width `w` and a head.
fn arrow(a: (f64, f64), b: (f64, f64), w: f64, head: f64, both: bool) -> Vec<(i32, i32)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let (px, py) = (-uy, ux);
    let hw = w / 2.0;
    let head = head.min(len / 2.5);
    let hh = (hw * 2.2).max(head * 0.6);
    let at = |t: f64, off: f64| {
        let x = a.0 + ux * t + px * off;
        let y = a.1 + uy * t + py * off;
        (x.round() as i32, y.round() as i32)
    };
    let start = if both { head } else { 0.0 };
    let mut pts = vec![
        at(start, hw),
        at(len - head, hw),
        at(len - head, hh),
        at(len, 0.0),
    ];
    pts.extend([at(len - head, -hh), at(len - head, -hw), at(start, -hw)]);
    if both {
        pts.extend([at(head, -hh), at(0.0, 0.0), at(head, hh)]);
    }
    pts
}

/// Draw the flows chart on `root`.
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
    _opts: &ChartOptions,
) -> Result<(), String> {
    let (w, h) = root.dim_in_pixel();
    let s = scale(w, h);
    let gw = group_word(data);
    let k = data.group_names.len();
    let colours = GroupColours::new(data);
    let all = links(data);

    // Which groups: the MAX_GROUPS with most ties to other groups.
    let mut volume = vec![0u64; k];
    for l in &all {
        volume[l.src] += l.volume();
        volume[l.dst] += l.volume();
    }
    let mut shown: Vec<usize> = (0..k).collect();
    shown.sort_by(|&a, &b| volume[b].cmp(&volume[a]).then(a.cmp(&b)));
    shown.truncate(MAX_GROUPS);
    let drawn: Vec<&Link> = all
        .iter()
        .filter(|l| shown.contains(&l.src) && shown.contains(&l.dst))
        .take(MAX_LINKS)
        .collect();

    let visible: Vec<Link> = drawn.iter().map(|&l| l.clone()).collect();
    let title = headline(data, &visible);
    let subtitle = format!(
        "Circles are {}, sized by headcount. Arrows point the way most knowledge flows: width = ties, colour = how one-sided.",
        plural(gw, 2)
    );
    let caption_right = if shown.len() < k || drawn.len() < all.len() {
        format!(
            "showing {} of {k} {} and the {} busiest of {} links",
            shown.len(),
            plural(gw, 2),
            drawn.len(),
            all.len()
        )
    } else {
        format!("{k} {} · {} links", plural(gw, 2), all.len())
    };
    let body = frame(root, data, &title, &subtitle, &caption_right)?;
    let (bw, _) = body.dim_in_pixel();
    let legend_w = (330.0 * s) as u32;
    let (ring_area, legend) = body.split_horizontally(bw.saturating_sub(legend_w));
    let (rw, rh) = ring_area.dim_in_pixel();
    let centre = (rw as f64 / 2.0, rh as f64 / 2.0);
    let m = shown.len();
    let half = rw.min(rh) as f64 / 2.0;
    let label_room = 60.0 * s;
    // Ring radius R and largest circle r_max with R + r_max + label room = half the area and
    // r_max at most 0.75 of the arc between neighbours (π R / m).
    let slot_k = if m > 1 { 0.75 * PI / m as f64 } else { 1.0 };
    let r_cap = 0.16 * rw.min(rh) as f64;
    let ring_if_capped = half - label_room - r_cap;
    let (ring, r_max) = if slot_k * ring_if_capped >= r_cap {
        (ring_if_capped, r_cap)
    } else {
        let ring = (half - label_room) / (1.0 + slot_k);
        (ring, ring * slot_k)
    };
    let size_max = shown
        .iter()
        .map(|&g| colours.size[g])
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let radius = |g: usize| (r_max * (colours.size[g] as f64 / size_max).sqrt()).max(r_max * 0.25);
    let mut at = vec![(0.0, 0.0); k];
    for (i, &g) in shown.iter().enumerate() {
        let angle = -PI / 2.0 + 2.0 * PI * i as f64 / m.max(1) as f64;
        at[g] = if m == 1 {
            centre
        } else {
            (centre.0 + ring * angle.cos(), centre.1 + ring * angle.sin())
        };
    }

    // Centre the drawing vertically (a triangle or pentagon is top-heavy on its ring).
    if m > 1 {
        let top = shown
            .iter()
            .map(|&g| at[g].1 - radius(g))
            .fold(f64::MAX, f64::min);
        let bottom = shown
            .iter()
            .map(|&g| at[g].1 + radius(g))
            .fold(f64::MIN, f64::max);
        let shift = centre.1 - (top + bottom) / 2.0;
        for &g in &shown {
            at[g].1 += shift;
        }
    }

    // Arrows: busiest first so that thin ones stay on top.
    let vmax = drawn.first().map_or(1, |l| l.volume()).max(1) as f64;
    let w_max = 28.0 * s;
    let w_min = 2.0 * s;
    let mut label_spots = Vec::new();
    for l in &drawn {
        let (a, b) = (at[l.src], at[l.dst]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let (ux, uy) = (dx / len, dy / len);
        let gap = 6.0 * s;
        let from = (
            a.0 + ux * (radius(l.src) + gap),
            a.1 + uy * (radius(l.src) + gap),
        );
        let to = (
            b.0 - ux * (radius(l.dst) + gap),
            b.1 - uy * (radius(l.dst) + gap),
        );
        let width = w_min + (w_max - w_min) * (l.volume() as f64 / vmax).sqrt();
        let colour = ramp(&[BALANCED, ONE_WAY], l.tilt());
        let pts = arrow(
            from,
            to,
            width,
            (width * 1.6).max(16.0 * s),
            l.fwd == l.back,
        );
        ring_area
            .draw(&Polygon::new(pts.clone(), colour.mix(0.85).filled()))
            .map_err(err)?;
        let mut outline = pts;
        outline.push(outline[0]);
        ring_area
            .draw(&PathElement::new(outline, WHITE.stroke_width(1)))
            .map_err(err)?;
        label_spots.push((from, to, l));
    }

    // Groups.
    let name_style = bold(20.0 * s);
    let count_style = font(17.0 * s).color(&MUTED_INK);
    for &g in &shown {
        let (x, y) = at[g];
        let r = radius(g);
        let c = (x.round() as i32, y.round() as i32);
        ring_area
            .draw(&Circle::new(c, r, colours.colour[g].filled()))
            .map_err(err)?;
        ring_area
            .draw(&Circle::new(
                c,
                r,
                INK.stroke_width((1.5 * s).max(1.0) as u32),
            ))
            .map_err(err)?;
        // Name outside the ring, on the ray from the centre.
        let (dx, dy) = (x - centre.0, y - centre.1);
        let d = (dx * dx + dy * dy).sqrt();
        let (ux, uy) = if d > 1e-9 {
            (dx / d, dy / d)
        } else {
            (0.0, 1.0)
        };
        let hpos = if ux > 0.3 {
            HPos::Left
        } else if ux < -0.3 {
            HPos::Right
        } else {
            HPos::Center
        };
        let lx = x + ux * (r + 10.0 * s);
        let ly = y + uy * (r + 10.0 * s);
        let (vpos_name, vpos_count, dy_name, dy_count) = if uy < -0.3 {
            (VPos::Bottom, VPos::Bottom, -(20.0 * s), 0.0)
        } else if uy > 0.3 {
            (VPos::Top, VPos::Top, 0.0, 22.0 * s)
        } else {
            (VPos::Bottom, VPos::Top, 0.0, 2.0 * s)
        };
        text(
            &ring_area,
            &shorten(&data.group_names[g], 22),
            (lx.round() as i32, (ly + dy_name).round() as i32),
            &anchored(name_style.clone(), hpos, vpos_name),
        )?;
        text(
            &ring_area,
            &format!(
                "{} {}",
                colours.size[g],
                if colours.size[g] == 1 {
                    "person"
                } else {
                    "people"
                }
            ),
            (lx.round() as i32, (ly + dy_count).round() as i32),
            &anchored(count_style.clone(), hpos, vpos_count),
        )?;
    }

    // Tie-count labels on the arrows (drawn last, on white boxes).
    let lstyle = font(19.0 * s);
    let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
    let circles: Vec<(f64, f64, f64)> = shown
        .iter()
        .map(|&g| (at[g].0, at[g].1, radius(g)))
        .collect();
    for (from, to, l) in label_spots {
        let mut t = format!("{} / {}", l.fwd, l.back);
        if let Some(stage) = &l.stage {
            t.push_str(&format!(" · {stage}"));
        }
        let (tw, th) = text_size(&ring_area, &t, &lstyle)?;
        let p = (3.0 * s) as i32;
        let boxed = |f: f64| {
            let x = (from.0 + (to.0 - from.0) * f).round() as i32;
            let y = (from.1 + (to.1 - from.1) * f).round() as i32;
            (
                x,
                y,
                (
                    x - tw as i32 / 2 - p,
                    y - th as i32 / 2 - p,
                    x + tw as i32 / 2 + p,
                    y + th as i32 / 2 + p,
                ),
            )
        };
        let free_of_labels = |b: (i32, i32, i32, i32)| {
            !placed
                .iter()
                .any(|q| b.0 < q.2 && q.0 < b.2 && b.1 < q.3 && q.1 < b.3)
        };
        let clear = |b: (i32, i32, i32, i32)| {
            let free_of_labels = free_of_labels(b);
            // Nor over a group's circle: the nearest point of the box is outside every circle.
            let free_of_groups = circles.iter().all(|&(cx, cy, r)| {
                let nx = cx.clamp(b.0 as f64, b.2 as f64);
                let ny = cy.clamp(b.1 as f64, b.3 as f64);
                (nx - cx).powi(2) + (ny - cy).powi(2) > r * r
            });
            free_of_labels && free_of_groups
        };
        // Try the middle of the arrow first, then further along either way, off the groups'
        // circles; then anywhere along it off other labels; a label that fits nowhere is
        // skipped (the busier links, drawn first, keep theirs).
        let spots = [0.5, 0.38, 0.62, 0.27, 0.73];
        let Some((x, y, b)) = spots
            .into_iter()
            .map(boxed)
            .find(|&(_, _, b)| clear(b))
            .or_else(|| {
                spots
                    .into_iter()
                    .map(boxed)
                    .find(|&(_, _, b)| free_of_labels(b))
            })
        else {
            continue;
        };
        placed.push(b);
        ring_area
            .draw(&Rectangle::new(
                [(b.0, b.1), (b.2, b.3)],
                WHITE.mix(0.9).filled(),
            ))
            .map_err(err)?;
        text(
            &ring_area,
            &t,
            (x, y),
            &anchored(lstyle.clone(), HPos::Center, VPos::Center),
        )?;
    }

    // Legend: colour ramp and width.
    let lx = (10.0 * s) as i32;
    let row = (30.0 * s) as i32;
    let head = anchored(bold(21.0 * s), HPos::Left, VPos::Center);
    let item = anchored(font(17.0 * s), HPos::Left, VPos::Center);
    let mut y = row / 2;
    text(&legend, "Arrow colour", (lx, y), &head)?;
    y += row;
    let bar_w = (legend_w as f64 * 0.8) as i32;
    let steps = 40;
    for i in 0..steps {
        let x0 = lx + bar_w * i / steps;
        let x1 = lx + bar_w * (i + 1) / steps;
        let c = ramp(&[BALANCED, ONE_WAY], i as f64 / (steps - 1) as f64);
        legend
            .draw(&Rectangle::new(
                [(x0, y - row / 3), (x1, y + row / 3)],
                c.filled(),
            ))
            .map_err(err)?;
    }
    y += row;
    text(&legend, "50/50", (lx, y), &item)?;
    text(
        &legend,
        "80/20 or more",
        (lx + bar_w, y),
        &anchored(font(17.0 * s), HPos::Right, VPos::Center),
    )?;
    y += row + row / 2;
    text(&legend, "Arrow width = ties", (lx, y), &head)?;
    y += row + (w_max * 0.6) as i32;
    for frac in [1.0, 0.25] {
        let v = (vmax * frac).round().max(1.0);
        let wpx = w_min + (w_max - w_min) * (v / vmax).sqrt();
        let pts = arrow(
            (lx as f64, y as f64),
            (lx as f64 + 90.0 * s, y as f64),
            wpx,
            (wpx * 1.6).max(16.0 * s),
            false,
        );
        legend
            .draw(&Polygon::new(pts, BALANCED.filled()))
            .map_err(err)?;
        text(
            &legend,
            &format!("{v:.0} ties"),
            (lx + (110.0 * s) as i32, y),
            &item,
        )?;
        y += (wpx.max(20.0 * s) as i32) + row / 2;
    }
    y += row / 2;
    text(&legend, "Label", (lx, y), &head)?;
    y += row;
    text(&legend, "ties along the arrow / back", (lx, y), &item)?;
    y += row;
    if data.flow_against {
        text(&legend, "knowledge flows against the", (lx, y), &item)?;
        y += (row as f64 * 0.8) as i32;
        text(&legend, "ties (advice: adviser → asker)", (lx, y), &item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::PairInfo;

    fn pair(a: u32, b: u32, ab: u64, ba: u64) -> PairInfo {
        PairInfo {
            a,
            b,
            ties_ab: ab,
            ties_ba: ba,
            net_flow: None,
            stage: None,
        }
    }

    #[test]
    fn links_follow_the_flow_direction() {
        let mut data = crate::render::tests::sample();
        data.pairs = vec![pair(0, 1, 30, 10), pair(0, 2, 2, 3), pair(1, 2, 0, 0)];
        let l = links(&data);
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].src, l[0].dst, l[0].fwd, l[0].back), (0, 1, 30, 10));
        assert_eq!((l[1].src, l[1].dst, l[1].fwd, l[1].back), (2, 0, 3, 2));
        // 30 of 40 = 75% flows Alpha → Beta.
        assert_eq!(
            headline(&data, &l),
            "75% of the knowledge between Alpha and Beta flows from Alpha"
        );
        data.flow_against = true;
        let l = links(&data);
        assert_eq!((l[0].src, l[0].dst, l[0].fwd, l[0].back), (1, 0, 30, 10));
    }

    #[test]
    fn balanced_headline() {
        let mut data = crate::render::tests::sample();
        data.pairs = vec![pair(0, 1, 52, 48), pair(1, 2, 1, 9)];
        // 1/9 is one-sided but below the floor of max(20% of 100, 5) = 20 ties.
        let l = links(&data);
        assert_eq!(
            headline(&data, &l),
            "Knowledge flows both ways: busiest link Alpha–Beta, 100 ties, 52/48"
        );
    }
}
