//! boundary.png: group × group density heatmap.
//!
//! Rows send ties, columns receive them. Each cell holds the density (percentage of possible ties
//! that exist) and is shaded on a square-root scale so that thin cross-group traffic still shows
//! next to dense diagonal blocks. Groups are ordered by a greedy seriation so related groups sit
//! side by side and blocks show.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::FontTransform;

use super::style::{
    anchored, bold, font, frame, group_word, lightness, pct, pct_fine, plural, ramp, scale,
    shorten, text, GroupColours, BLUES, INK, MUTED_INK,
};
use super::{err, ChartData, ChartOptions};

/// Greedy seriation: start with the group with the most internal ties, then repeatedly append
/// the unplaced group with the strongest two-way density to the last placed one (ties: most
/// internal ties, then index). Isolated groups end up last.
///
/// Nearest-neighbour chaining, a classic seriation heuristic (Liiv 2010, "Seriation and matrix
/// reordering methods: an historical overview", Statistical Analysis and Data Mining 3(2)).
pub(crate) fn seriate(data: &ChartData) -> Vec<usize> {
    let k = data.group_names.len();
    let d = |a: usize, b: usize| data.boundary_density[a][b].unwrap_or(0.0);
    let inner = |g: usize| data.boundary_ties[g][g];
    let mut left: Vec<usize> = (0..k).collect();
    left.sort_by(|&a, &b| inner(b).cmp(&inner(a)).then(a.cmp(&b)));
    let mut order = Vec::with_capacity(k);
    if left.is_empty() {
        return order;
    }
    order.push(left.remove(0));
    while !left.is_empty() {
        let last = *order.last().unwrap_or(&0);
        let mut best = 0;
        for (i, &g) in left.iter().enumerate() {
            let (sg, sb) = (
                d(last, g) + d(g, last),
                d(last, left[best]) + d(left[best], last),
            );
            if sg > sb {
                best = i;
            }
        }
        // No link at all to the last group: restart from the next biggest block.
        let pick = if d(last, left[best]) + d(left[best], last) > 0.0 {
            best
        } else {
            0
        };
        order.push(left.remove(pick));
    }
    order
}

/// Headline: share of ties inside groups, and the most inward-looking group.
pub(crate) fn headline(data: &ChartData) -> String {
    let k = data.group_names.len();
    let gw = group_word(data);
    let total: u64 = data.boundary_ties.iter().flatten().sum();
    let inside: u64 = (0..k).map(|g| data.boundary_ties[g][g]).sum();
    if total == 0 {
        return format!("No ties between or inside {}", plural(gw, 2));
    }
    // Share of each group's ties (sent or received) that stay inside it; groups with ≥ 10 ties.
    let mut best: Option<(f64, usize)> = None;
    for g in 0..k {
        let own = data.boundary_ties[g][g];
        let out: u64 = (0..k)
            .filter(|&h| h != g)
            .map(|h| data.boundary_ties[g][h])
            .sum();
        let inc: u64 = (0..k)
            .filter(|&h| h != g)
            .map(|h| data.boundary_ties[h][g])
            .sum();
        let all = own + out + inc;
        if all >= 10 {
            let share = own as f64 / all as f64;
            if best.is_none_or(|(b, _)| share > b) {
                best = Some((share, g));
            }
        }
    }
    let overall = pct(inside as f64 / total as f64);
    match best {
        Some((share, g)) if k > 1 => format!(
            "{overall} of ties stay inside their own {gw}; {} keeps {} of its ties inside",
            shorten(&data.group_names[g], 28),
            pct(share)
        ),
        _ => format!("{overall} of ties stay inside their own {gw}"),
    }
}

/// Draw the heatmap on `root`.
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
    _opts: &ChartOptions,
) -> Result<(), String> {
    let (w, h) = root.dim_in_pixel();
    let s = scale(w, h);
    let k = data.group_names.len();
    let gw = group_word(data);
    let colours = GroupColours::new(data);
    let order = seriate(data);
    let title = headline(data);
    let subtitle = format!(
        "Share of possible ties that exist, from the row {gw} to the column {gw}. Darker = denser; outlined = inside one {gw}; blank = no ties."
    );
    let caption_right = format!(
        "{k} {} · ordered so that linked {} sit together",
        plural(gw, 2),
        plural(gw, 2)
    );
    let body = frame(root, data, &title, &subtitle, &caption_right)?;
    let (bw, bh) = body.dim_in_pixel();

    let bar_w = (150.0 * s) as i32;
    let longest = data
        .group_names
        .iter()
        .map(|n| n.chars().count().min(20))
        .max()
        .unwrap_or(1);
    // Cell size first with a guess for the label band, then the label font from the cell.
    let guess_label = (longest as f64 * 11.0 * s + 30.0 * s) as i32;
    let avail_w = bw as i32 - guess_label - bar_w - (30.0 * s) as i32;
    let avail_h = bh as i32 - guess_label - (40.0 * s) as i32;
    let cell = (avail_w.min(avail_h) / k.max(1) as i32).clamp(6, (260.0 * s) as i32);
    let label_px = (cell as f64 * 0.6).clamp(9.0, (20.0 * s).max(9.0));
    let label_band = (longest as f64 * label_px * 0.6 + 16.0 * s) as i32;
    let axis_px = 19.0 * s;
    let side = cell * k as i32;
    let needed = label_band + (30.0 * s) as i32 + side + (200.0 * s) as i32;
    let x0 = label_band + (30.0 * s) as i32 + ((bw as i32 - needed) / 2).max(0);
    let y0 = label_band + (30.0 * s) as i32;

    let dmax = data
        .boundary_density
        .iter()
        .flatten()
        .flatten()
        .copied()
        .fold(0.0, f64::max);
    let shade = |d: f64| ramp(&BLUES, if dmax > 0.0 { (d / dmax).sqrt() } else { 0.0 });
    let value_px = (cell as f64 * 0.36).min(22.0 * s);
    let show_values = value_px >= 9.0;
    for (row, &a) in order.iter().enumerate() {
        for (col, &b) in order.iter().enumerate() {
            let cx0 = x0 + col as i32 * cell;
            let cy0 = y0 + row as i32 * cell;
            let rect = [(cx0, cy0), (cx0 + cell, cy0 + cell)];
            let ties = data.boundary_ties[a][b];
            match data.boundary_density[a][b] {
                Some(d) if ties > 0 => {
                    let c = shade(d);
                    body.draw(&Rectangle::new(rect, c.filled())).map_err(err)?;
                    if show_values {
                        let ink = if lightness(c) < 0.55 { WHITE } else { INK };
                        let v = d * 100.0;
                        let unit = if cell as f64 >= 60.0 * s { "%" } else { "" };
                        // Where every density is under 1% (large, sparse networks), "<1"
                        // everywhere would say nothing: two significant digits instead.
                        let t = if dmax < 0.01 {
                            let f = pct_fine(d);
                            if unit.is_empty() {
                                f.trim_end_matches('%').to_string()
                            } else {
                                f
                            }
                        } else if v < 1.0 {
                            format!("<1{unit}")
                        } else {
                            format!("{v:.0}{unit}")
                        };
                        text(
                            &body,
                            &t,
                            (cx0 + cell / 2, cy0 + cell / 2),
                            &anchored(font(value_px).color(&ink), HPos::Center, VPos::Center),
                        )?;
                    }
                }
                None => {
                    body.draw(&Rectangle::new(rect, RGBColor(0xEE, 0xEE, 0xEE).filled()))
                        .map_err(err)?;
                }
                _ => {}
            }
            body.draw(&Rectangle::new(
                rect,
                RGBColor(0xDD, 0xDD, 0xDD).stroke_width(1),
            ))
            .map_err(err)?;
        }
    }
    // Diagonal outlines: "inside one group".
    for i in 0..k as i32 {
        let p = x0 + i * cell;
        let q = y0 + i * cell;
        body.draw(&Rectangle::new(
            [(p, q), (p + cell, q + cell)],
            INK.stroke_width((1.5 * s).max(1.0) as u32),
        ))
        .map_err(err)?;
    }
    // Group names: rows on the left, columns on top (rotated), each with its colour mark.
    let name_style = font(label_px);
    let mark = (label_px * 0.45).max(3.0) as i32;
    for (i, &g) in order.iter().enumerate() {
        let mid = i as i32 * cell + cell / 2;
        let name = shorten(&data.group_names[g], 20);
        text(
            &body,
            &name,
            (x0 - 2 * mark - (8.0 * s) as i32, y0 + mid),
            &anchored(name_style.clone(), HPos::Right, VPos::Center),
        )?;
        body.draw(&Rectangle::new(
            [
                (x0 - 2 * mark - (3.0 * s) as i32, y0 + mid - mark),
                (x0 - (3.0 * s) as i32, y0 + mid + mark),
            ],
            colours.colour[g].filled(),
        ))
        .map_err(err)?;
        text(
            &body,
            &name,
            (x0 + mid, y0 - 2 * mark - (8.0 * s) as i32),
            &anchored(name_style.clone(), HPos::Left, VPos::Center)
                .transform(FontTransform::Rotate270),
        )?;
        body.draw(&Rectangle::new(
            [
                (x0 + mid - mark, y0 - 2 * mark - (3.0 * s) as i32),
                (x0 + mid + mark, y0 - (3.0 * s) as i32),
            ],
            colours.colour[g].filled(),
        ))
        .map_err(err)?;
    }
    // Axis titles.
    text(
        &body,
        &format!("to {gw} →"),
        (x0, (6.0 * s) as i32),
        &anchored(bold(axis_px), HPos::Left, VPos::Top),
    )?;
    text(
        &body,
        &format!("from {gw} →"),
        (x0 - label_band - (24.0 * s) as i32, y0),
        &anchored(bold(axis_px), HPos::Left, VPos::Top).transform(FontTransform::Rotate90),
    )?;

    // Colour scale.
    let bx = x0 + side + (40.0 * s) as i32;
    let bar_h = side
        .clamp((200.0 * s) as i32, (600.0 * s) as i32)
        .min(side.max(120));
    let bar_x1 = bx + (28.0 * s) as i32;
    text(
        &body,
        "density",
        (bx, y0 - (12.0 * s) as i32),
        &anchored(bold(axis_px), HPos::Left, VPos::Bottom),
    )?;
    let steps = 60;
    for i in 0..steps {
        let t0 = y0 + bar_h * i / steps;
        let t1 = y0 + bar_h * (i + 1) / steps;
        // Top = densest.
        let t = 1.0 - (i as f64 + 0.5) / steps as f64;
        body.draw(&Rectangle::new(
            [(bx, t0), (bar_x1, t1)],
            ramp(&BLUES, t).filled(),
        ))
        .map_err(err)?;
    }
    body.draw(&Rectangle::new(
        [(bx, y0), (bar_x1, y0 + bar_h)],
        MUTED_INK.stroke_width(1),
    ))
    .map_err(err)?;
    if dmax > 0.0 {
        for frac in [1.0, 0.5, 0.1, 0.01, 0.0] {
            let v = dmax * frac;
            let ty = y0 + ((1.0 - frac.sqrt()) * bar_h as f64).round() as i32;
            body.draw(&PathElement::new(
                vec![(bar_x1, ty), (bar_x1 + (6.0 * s) as i32, ty)],
                INK.stroke_width(1),
            ))
            .map_err(err)?;
            let label = if v == 0.0 {
                "0%".to_string()
            } else if v * 100.0 < 1.0 {
                pct_fine(v)
            } else {
                format!("{:.0}%", v * 100.0)
            };
            text(
                &body,
                &label,
                (bar_x1 + (10.0 * s) as i32, ty),
                &anchored(font(17.0 * s), HPos::Left, VPos::Center),
            )?;
        }
    }
    text(
        &body,
        "of possible ties",
        (bx, y0 + bar_h + (20.0 * s) as i32),
        &anchored(font(16.0 * s).color(&MUTED_INK), HPos::Left, VPos::Top),
    )?;
    text(
        &body,
        "(square-root scale)",
        (bx, y0 + bar_h + (42.0 * s) as i32),
        &anchored(font(16.0 * s).color(&MUTED_INK), HPos::Left, VPos::Top),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seriation_keeps_linked_groups_together() {
        // Four groups: 0 and 2 strongly linked, 1 and 3 linked; 3 has the most internal ties.
        let mut data = crate::render::tests::sample();
        data.group_names = vec!["A".into(), "B".into(), "C".into(), "D".into()];
        data.boundary_ties = vec![
            vec![5, 0, 9, 0],
            vec![0, 4, 0, 3],
            vec![8, 0, 6, 1],
            vec![0, 2, 0, 7],
        ];
        data.boundary_density = data
            .boundary_ties
            .iter()
            .map(|r| r.iter().map(|&x| Some(x as f64 / 10.0)).collect())
            .collect();
        // Start at D (7 internal), then B (0.3+0.2), then nothing links to B but D:
        // restart at the biggest block left, C (6), then A (0.9+0.8).
        assert_eq!(seriate(&data), [3, 1, 2, 0]);
        // Ties: 45 total, 22 inside = 49%. Shares: A 5/(5+9+8) = 23%, B 4/9 (<10 ties:
        // skipped), C 6/(6+9+9) = 25%, D 7/(7+2+4) = 54%.
        assert_eq!(
            headline(&data),
            "49% of ties stay inside their own office; D keeps 54% of its ties inside"
        );
    }
}
