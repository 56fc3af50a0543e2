//! network.png: who connects whom.
//!
//! People are dots placed by ForceAtlas2 ([`super::layout`]), coloured by group and sized by the
//! chosen metric; ties between groups are drawn in the accent colour over faint ties inside
//! groups; the top brokers are labelled; hoarders are triangles and single points of failure are
//! diamonds. Recommended introductions, when there are any, are dashed dark lines between the
//! two people, who are labelled too. The title counts how few people carry half of all ties
//! between groups.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{auto_iterations, fit, force_layout, place_labels, Rect};
use super::style::{
    anchored, bold, font, frame, group_word, plural, scale, shorten, text, text_size, GroupColours,
    ACCENT, INK, MUTED_INK, OTHER,
};
use super::{err, hoarders, single_points_of_failure, ChartData, ChartOptions};

/// At most this many ties are drawn; above it an even sample is drawn (and the subtitle says so).
pub const MAX_DRAWN_TIES: usize = 60_000;

/// Above this many people the chart draws only this many (the best-connected of each group, in
/// proportion to its size, plus everyone labelled), so that the layout stays within seconds: a
/// million dots on one image are a smear, and ForceAtlas2 over them takes minutes.
pub const MAX_DRAWN_PEOPLE: usize = 20_000;

/// Above this many people, dots lose their outline (they would be all outline).
const OUTLINE_LIMIT: usize = 20_000;

/// Node shape by role.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Circle,
    Triangle,
    Diamond,
}

/// How few people carry half of all ties between groups: (k, cross ties).
///
/// Greedy: people in decreasing order of cross-group ties (then node order); a tie is carried
/// when either end is chosen.
fn carriers_of_half(data: &ChartData) -> (usize, usize) {
    let n = data.ids.len();
    let mut partners: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut cross = 0;
    for &(s, t) in &data.ties {
        if s != t && data.group_of[s as usize] != data.group_of[t as usize] {
            partners[s as usize].push(t);
            partners[t as usize].push(s);
            cross += 1;
        }
    }
    if cross == 0 {
        return (0, 0);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| partners[b].len().cmp(&partners[a].len()).then(a.cmp(&b)));
    let mut chosen = vec![false; n];
    let mut covered = 0;
    for (k, &v) in order.iter().enumerate() {
        covered += partners[v].iter().filter(|&&u| !chosen[u as usize]).count();
        chosen[v] = true;
        if 2 * covered >= cross {
            return (k + 1, cross);
        }
    }
    (n, cross)
}

/// Who gets a label: the top brokers (by brokerage total, else by the size metric), then the
/// single points of failure, then the people of recommended introductions.
fn labelled(data: &ChartData, top: usize, spof: &[usize]) -> (Vec<usize>, usize) {
    let n = data.ids.len();
    let score: Vec<f64> = match &data.brokerage {
        Some(b) => b.iter().map(|r| r.iter().sum::<u64>() as f64).collect(),
        None => data.size_by.1.clone(),
    };
    let mut order: Vec<usize> = (0..n).filter(|&i| score[i] > 0.0).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    order.truncate(top);
    let brokers = order.len();
    let introduced = data
        .introductions
        .iter()
        .flat_map(|&(a, b)| [a as usize, b as usize]);
    for v in spof.iter().copied().chain(introduced) {
        if !order.contains(&v) {
            order.push(v);
        }
    }
    (order, brokers)
}

/// Whom the chart draws when the network has more than `limit` people (`None`: everyone).
///
/// Each group gets `max(1, ⌊limit · size / n⌋)` places, filled by its people with the most ties
/// (in + out, self-ties ignored; ties broken by node order); everyone [`labelled`] is added.
///
/// # Returns
/// Node indices, increasing.
///
/// # Complexity
/// O(n log n + m) time, O(n) space.
fn shown_people(data: &ChartData, top: usize, limit: usize) -> Option<Vec<usize>> {
    let n = data.ids.len();
    if n <= limit {
        return None;
    }
    let mut degree = vec![0u32; n];
    for &(a, b) in &data.ties {
        if a != b {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
    }
    let mut keep = vec![false; n];
    let (forced, _) = labelled(data, top, &single_points_of_failure(data));
    for v in forced {
        keep[v] = true;
    }
    let k = data.group_names.len().max(1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
    for v in 0..n {
        members[(data.group_of[v] as usize).min(k - 1)].push(v);
    }
    for mut list in members {
        let quota = (limit * list.len() / n).max(1);
        list.sort_by(|&a, &b| degree[b].cmp(&degree[a]).then(a.cmp(&b)));
        for v in list.into_iter().take(quota) {
            keep[v] = true;
        }
    }
    Some((0..n).filter(|&v| keep[v]).collect())
}

/// Even deterministic sample of at most `quota` items.
fn sample<T: Copy>(items: &[T], quota: usize) -> Vec<T> {
    if items.len() <= quota {
        return items.to_vec();
    }
    let stride = items.len().div_ceil(quota);
    items.iter().step_by(stride).copied().collect()
}

fn wrap(s: &str, max_chars: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max_chars {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn shape_points(shape: Shape, (x, y): (f64, f64), r: f64) -> Vec<(i32, i32)> {
    let p = |dx: f64, dy: f64| ((x + dx).round() as i32, (y + dy).round() as i32);
    match shape {
        Shape::Triangle => {
            let r = r * 1.3;
            vec![p(-r, -r * 0.6), p(r, -r * 0.6), p(0.0, r)]
        }
        Shape::Diamond => {
            let r = r * 1.35;
            vec![p(0.0, -r), p(r, 0.0), p(0.0, r), p(-r, 0.0)]
        }
        Shape::Circle => Vec::new(),
    }
}

fn draw_node<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    shape: Shape,
    at: (f64, f64),
    r: f64,
    fill: RGBColor,
    outline: Option<(RGBColor, u32)>,
) -> Result<(), String> {
    let centre = (at.0.round() as i32, at.1.round() as i32);
    match shape {
        Shape::Circle => {
            area.draw(&Circle::new(centre, r.max(1.0), fill.filled()))
                .map_err(err)?;
            if let Some((c, w)) = outline {
                area.draw(&Circle::new(centre, r.max(1.0), c.stroke_width(w)))
                    .map_err(err)?;
            }
        }
        _ => {
            let pts = shape_points(shape, at, r.max(2.0));
            area.draw(&Polygon::new(pts.clone(), fill.filled()))
                .map_err(err)?;
            if let Some((c, w)) = outline {
                let mut ring = pts;
                ring.push(ring[0]);
                area.draw(&PathElement::new(ring, c.stroke_width(w)))
                    .map_err(err)?;
            }
        }
    }
    Ok(())
}

/// Draw the network chart on `root` (already filled white).
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
    opts: &ChartOptions,
) -> Result<(), String> {
    // Group sizes, the title's count and the caption describe the whole network; the rest is
    // drawn from the people shown.
    let full = data;
    let n = full.ids.len();
    let (w, h) = root.dim_in_pixel();
    let s = scale(w, h);
    let colours = GroupColours::new(full);
    let gw = group_word(full);
    let k_groups = full.group_names.len();
    let (k_half, cross) = carriers_of_half(full);
    let shown = shown_people(full, opts.top_brokers, MAX_DRAWN_PEOPLE);
    let view;
    let data = match &shown {
        Some(keep) => {
            view = full.induced(keep);
            &view
        }
        None => full,
    };
    let n_drawn = data.ids.len();

    // Symmetrised distinct pairs, split into inside / between groups.
    let mut pairs: Vec<(u32, u32)> = data
        .ties
        .iter()
        .filter(|(a, b)| a != b)
        .map(|&(a, b)| (a.min(b), a.max(b)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let (cross_pairs, inner_pairs): (Vec<_>, Vec<_>) = pairs
        .iter()
        .partition(|&&(a, b)| data.group_of[a as usize] != data.group_of[b as usize]);
    let quota_cross = MAX_DRAWN_TIES
        .min(cross_pairs.len())
        .max(MAX_DRAWN_TIES / 2);
    let drawn_cross = sample(&cross_pairs, quota_cross);
    let drawn_inner = sample(
        &inner_pairs,
        MAX_DRAWN_TIES.saturating_sub(drawn_cross.len()),
    );
    let sampled = drawn_cross.len() + drawn_inner.len() < pairs.len();

    // Title: the finding.
    let title = if k_groups < 2 {
        format!("Who connects whom: {n} people, {} ties", full.ties.len())
    } else if cross == 0 {
        format!(
            "The {k_groups} {} do not talk to each other: no ties between them",
            plural(gw, k_groups)
        )
    } else {
        format!(
            "{k_half} of {n} {} carry half of all ties between {}",
            if n == 1 { "person" } else { "people" },
            plural(gw, 2)
        )
    };
    let mut subtitle = format!(
        "Each dot is a person, coloured by {gw} and sized by {}; orange lines are ties between {}, grey lines ties inside one.",
        data.size_by.0,
        plural(gw, 2)
    );
    if sampled {
        subtitle = format!(
            "Each dot is a person, coloured by {gw}, sized by {}; {} of {} ties drawn (even sample), orange = between {}.",
            data.size_by.0,
            drawn_cross.len() + drawn_inner.len(),
            pairs.len(),
            plural(gw, 2)
        );
    }
    if shown.is_some() {
        subtitle = format!(
            "Drawn: the {n_drawn} best-connected of {n} people (each {gw} in proportion) and {} ties among them; sized by {}.",
            drawn_cross.len() + drawn_inner.len(),
            data.size_by.0,
        );
    }
    let iterations = opts
        .layout_iterations
        .unwrap_or_else(|| auto_iterations(n_drawn));
    let caption_right = format!(
        "{n} people · {} ties · ForceAtlas2, {iterations} iterations, seed {}",
        full.ties.len(),
        opts.seed
    );
    let body = frame(root, data, &title, &subtitle, &caption_right)?;
    let (bw, _) = body.dim_in_pixel();
    let legend_w = ((360.0 * s) as u32).min(bw / 3);
    let (graph, legend) = body.split_horizontally(bw - legend_w);
    let (gw_px, gh_px) = graph.dim_in_pixel();

    // Node sizes: area proportional to the metric, bounded by the typical spacing.
    let spacing = ((gw_px as f64 * gh_px as f64) / n_drawn.max(1) as f64).sqrt();
    let r_min = (0.07 * spacing).clamp(1.0, 7.0 * s);
    let r_max = (0.33 * spacing).clamp(3.0, 30.0 * s).max(r_min);
    let values: Vec<f64> = data
        .size_by
        .1
        .iter()
        .map(|&v| if v.is_finite() && v > 0.0 { v } else { 0.0 })
        .collect();
    let vmax = values.iter().copied().fold(0.0, f64::max);
    let radius = |v: f64| {
        if vmax > 0.0 {
            r_min + (r_max - r_min) * (v / vmax).sqrt()
        } else {
            r_min
        }
    };
    let radii: Vec<f64> = values.iter().map(|&v| radius(v)).collect();

    let raw = force_layout(n_drawn, &data.ties, opts.seed, iterations, &data.group_of);
    let pad = r_max * 1.4 + 4.0;
    let target = Rect {
        x0: pad,
        y0: pad,
        x1: gw_px as f64 - pad,
        y1: gh_px as f64 - pad,
    };
    let pos = fit(&raw, target);
    let pt = |v: u32| {
        let p = pos[v as usize];
        (p.0.round() as i32, p.1.round() as i32)
    };

    // Ties: faint inside, accent between; opacity falls with the number drawn.
    let alpha_inner = (12.0 / (drawn_inner.len().max(1) as f64).sqrt()).clamp(0.03, 0.35);
    let alpha_cross = (14.0 / (drawn_cross.len().max(1) as f64).sqrt()).clamp(0.04, 0.55);
    let tie_w = if n_drawn <= 200 {
        (1.5 * s).max(1.0) as u32
    } else {
        1
    };
    let grey = RGBColor(0x80, 0x80, 0x80);
    for &(a, b) in &drawn_inner {
        graph
            .draw(&PathElement::new(
                vec![pt(a), pt(b)],
                grey.mix(alpha_inner).stroke_width(tie_w),
            ))
            .map_err(err)?;
    }
    for &(a, b) in &drawn_cross {
        graph
            .draw(&PathElement::new(
                vec![pt(a), pt(b)],
                ACCENT.mix(alpha_cross).stroke_width(tie_w),
            ))
            .map_err(err)?;
    }

    // Recommended introductions: dashed, over the ties and under the people.
    let dash_w = (3.0 * s).max(2.0) as u32;
    for &(a, b) in &data.introductions {
        graph
            .draw(&DashedPathElement::new(
                vec![pt(a), pt(b)],
                (10.0 * s).max(4.0) as i32,
                (7.0 * s).max(3.0) as i32,
                INK.stroke_width(dash_w),
            ))
            .map_err(err)?;
    }

    // Nodes, small first so that hubs stay visible; marked roles last.
    let (is_hoarder, hoard_threshold) = hoarders(data);
    let spof = single_points_of_failure(data);
    let mut shape = vec![Shape::Circle; n_drawn];
    for v in 0..n_drawn {
        if is_hoarder[v] {
            shape[v] = Shape::Triangle;
        }
    }
    for &v in &spof {
        shape[v] = Shape::Diamond;
    }
    let mut order: Vec<usize> = (0..n_drawn).collect();
    order.sort_by(|&a, &b| {
        (shape[a] != Shape::Circle)
            .cmp(&(shape[b] != Shape::Circle))
            .then(radii[a].total_cmp(&radii[b]))
            .then(a.cmp(&b))
    });
    let outline = n_drawn <= OUTLINE_LIMIT;
    let mark_w = (2.0 * s).max(1.0).round() as u32;
    for &v in &order {
        let fill = colours.colour[data.group_of[v] as usize];
        let line = match shape[v] {
            Shape::Circle if outline => Some((WHITE, 1)),
            Shape::Circle => None,
            _ => Some((INK, mark_w)),
        };
        draw_node(&graph, shape[v], pos[v], radii[v], fill, line)?;
    }

    // Labels for the top brokers and the single points of failure, greedily placed.
    let (who, top_labelled) = labelled(data, opts.top_brokers, &spof);
    let label_px = 18.0 * s;
    let lstyle = font(label_px);
    let padx = 4.0 * s;
    let mut anchors = Vec::new();
    let mut sizes = Vec::new();
    let mut texts = Vec::new();
    for &v in &who {
        let t = shorten(&data.ids[v], 20);
        let (tw, th) = text_size(&graph, &t, &lstyle)?;
        anchors.push((pos[v].0, pos[v].1, radii[v] * 1.35));
        sizes.push((tw as f64 + 2.0 * padx, th as f64 + 2.0 * padx));
        texts.push(t);
    }
    let bounds = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: gw_px as f64,
        y1: gh_px as f64,
    };
    let boxes = place_labels(&anchors, &sizes, bounds, &[]);
    let label_text = anchored(lstyle, HPos::Center, VPos::Center);
    for ((b, t), &v) in boxes.iter().zip(&texts).zip(&who) {
        let Some(b) = b else { continue };
        let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
        // Leader line from the node to the nearest point of its box.
        let (nx, ny) = (pos[v].0.clamp(b.x0, b.x1), pos[v].1.clamp(b.y0, b.y1));
        graph
            .draw(&PathElement::new(
                vec![pt(v as u32), (nx.round() as i32, ny.round() as i32)],
                INK.mix(0.7).stroke_width(1),
            ))
            .map_err(err)?;
        let corners = [
            (b.x0.round() as i32, b.y0.round() as i32),
            (b.x1.round() as i32, b.y1.round() as i32),
        ];
        graph
            .draw(&Rectangle::new(corners, WHITE.mix(0.88).filled()))
            .map_err(err)?;
        let edge = colours.colour[data.group_of[v] as usize];
        graph
            .draw(&Rectangle::new(corners, edge.stroke_width(mark_w)))
            .map_err(err)?;
        text(
            &graph,
            t,
            (cx.round() as i32, cy.round() as i32),
            &label_text,
        )?;
    }

    // Legend.
    let lx = (14.0 * s) as i32;
    let row = (30.0 * s) as i32;
    let head = anchored(bold(21.0 * s), HPos::Left, VPos::Center);
    let item = anchored(font(18.0 * s), HPos::Left, VPos::Center);
    let small = anchored(font(16.0 * s).color(&MUTED_INK), HPos::Left, VPos::Center);
    let mut y = row / 2;
    let sym_x = lx + (12.0 * s) as i32;
    let txt_x = lx + (32.0 * s) as i32;
    let chars = ((legend_w as f64 - 40.0 * s) / (9.5 * s)).max(10.0) as usize;
    let gw_cap = {
        let mut c = plural(gw, 2);
        if let Some(f) = c.get_mut(0..1) {
            f.make_ascii_uppercase();
        }
        c
    };
    text(&legend, &gw_cap, (lx, y), &head)?;
    y += row;
    for &g in &colours.named {
        legend
            .draw(&Circle::new(
                (sym_x, y),
                (8.0 * s) as i32,
                colours.colour[g].filled(),
            ))
            .map_err(err)?;
        let label = format!(
            "{} ({})",
            shorten(&data.group_names[g], chars.saturating_sub(6)),
            colours.size[g]
        );
        text(&legend, &label, (txt_x, y), &item)?;
        y += row;
    }
    if colours.others() > 0 {
        let people: usize = (0..k_groups)
            .filter(|g| !colours.named.contains(g))
            .map(|g| colours.size[g])
            .sum();
        legend
            .draw(&Circle::new((sym_x, y), (8.0 * s) as i32, OTHER.filled()))
            .map_err(err)?;
        let label = format!("{} other {} ({people})", colours.others(), plural(gw, 2));
        text(&legend, &label, (txt_x, y), &item)?;
        y += row;
    }
    y += row / 2;
    text(&legend, "Ties", (lx, y), &head)?;
    y += row;
    let seg = |c: RGBColor, y: i32| {
        PathElement::new(
            vec![(lx, y), (lx + (24.0 * s) as i32, y)],
            c.stroke_width((3.0 * s).max(1.0) as u32),
        )
    };
    legend.draw(&seg(ACCENT, y)).map_err(err)?;
    text(
        &legend,
        &format!("between {}", plural(gw, 2)),
        (txt_x, y),
        &item,
    )?;
    y += row;
    legend
        .draw(&seg(RGBColor(0xAA, 0xAA, 0xAA), y))
        .map_err(err)?;
    text(&legend, &format!("inside one {gw}"), (txt_x, y), &item)?;
    y += row;
    text(&legend, "either direction", (txt_x, y), &small)?;
    y += row;
    if !data.introductions.is_empty() {
        legend
            .draw(&DashedPathElement::new(
                vec![(lx, y), (lx + (24.0 * s) as i32, y)],
                (7.0 * s).max(3.0) as i32,
                (4.0 * s).max(2.0) as i32,
                INK.stroke_width(dash_w),
            ))
            .map_err(err)?;
        let k = data.introductions.len();
        let label = format!(
            "{k} recommended introduction{}",
            if k == 1 { "" } else { "s" }
        );
        text(&legend, &label, (txt_x, y), &item)?;
        y += row;
    }
    y += row / 2;
    text(
        &legend,
        &format!("Size: {}", shorten(&data.size_by.0, chars)),
        (lx, y),
        &head,
    )?;
    y += row;
    if vmax > 0.0 {
        for frac in [1.0, 0.25] {
            let r = radius(vmax * frac);
            let cy = y + (r as i32).max(row / 3);
            legend
                .draw(&Circle::new(
                    (sym_x + (r_max as i32 - r as i32) / 2, cy),
                    r,
                    MUTED_INK.mix(0.5).filled(),
                ))
                .map_err(err)?;
            let v = vmax * frac;
            let label = if v >= 100.0 || v.fract() == 0.0 {
                format!("{v:.0}")
            } else if v >= 1.0 {
                format!("{v:.1}")
            } else {
                format!("{v:.3}")
            };
            text(&legend, &label, (txt_x + (r_max as i32) / 2, cy), &item)?;
            y = cy + (r as i32).max(row / 3) + row / 3;
        }
    } else {
        text(&legend, "all equal", (txt_x, y), &item)?;
        y += row;
    }
    y += row / 2;
    let hoarder_count = is_hoarder.iter().filter(|&&b| b).count();
    let any_marks = hoarder_count > 0 || !spof.is_empty() || !who.is_empty();
    if any_marks {
        text(&legend, "Marks", (lx, y), &head)?;
        y += row;
    }
    let explain = |legend: &DrawingArea<DB, Shift>,
                   shape: Option<Shape>,
                   lines: Vec<String>,
                   y: &mut i32|
     -> Result<(), String> {
        match shape {
            Some(sh) => draw_node(
                legend,
                sh,
                (sym_x as f64, *y as f64),
                8.0 * s,
                OTHER,
                Some((INK, mark_w)),
            )?,
            None => {
                let b = [
                    (lx, *y - (10.0 * s) as i32),
                    (lx + (26.0 * s) as i32, *y + (10.0 * s) as i32),
                ];
                legend
                    .draw(&Rectangle::new(b, WHITE.filled()))
                    .map_err(err)?;
                legend
                    .draw(&Rectangle::new(b, INK.stroke_width(mark_w)))
                    .map_err(err)?;
            }
        }
        for (i, l) in lines.iter().enumerate() {
            let st = if i == 0 { &item } else { &small };
            text(legend, l, (txt_x, *y), st)?;
            *y += (row as f64 * 0.8) as i32;
        }
        *y += row / 3;
        Ok(())
    };
    if hoarder_count > 0 {
        let shown_word = if shown.is_some() { " shown" } else { "" };
        let mut lines = vec![format!("hoarder ({hoarder_count}{shown_word})")];
        lines.extend(wrap(
            &format!("takes in ≥3× what they pass on, and from ≥{hoard_threshold:.0} people"),
            chars,
        ));
        explain(&legend, Some(Shape::Triangle), lines, &mut y)?;
    }
    if !spof.is_empty() {
        let mut lines = vec![format!("single point of failure ({})", spof.len())];
        lines.extend(wrap(
            &format!(
                "if they leave, some {} lose their path to each other",
                plural(gw, 2)
            ),
            chars,
        ));
        explain(&legend, Some(Shape::Diamond), lines, &mut y)?;
    }
    if top_labelled > 0 {
        let basis = if data.brokerage.is_some() {
            "brokerage"
        } else {
            data.size_by.0.as_str()
        };
        let also = if data.introductions.is_empty() {
            ""
        } else {
            ", and the people to introduce"
        };
        let lines = wrap(
            &format!("labelled: top {top_labelled} by {basis}{also}"),
            chars,
        );
        explain(&legend, None, lines, &mut y)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_of_cross_ties() {
        // Groups 0: {0,1,2}, 1: {3,4}. Cross ties: 0→3, 0→4, 3→0, 1→3 (4 ties).
        // Person 0 touches 3 of them, 3 touches 3; greedy picks 0 first: 3 ≥ 2 → k = 1.
        let mut data = crate::render::tests::sample();
        data.ids.truncate(5);
        data.group_of = vec![0, 0, 0, 1, 1];
        data.group_names.truncate(2);
        data.ties = vec![(0, 3), (0, 4), (3, 0), (1, 3), (0, 1), (3, 4)];
        assert_eq!(carriers_of_half(&data), (1, 4));
        data.ties = vec![(0, 3), (1, 4), (2, 3), (1, 3)];
        // Counts: 3 touches 3 ties, 1 touches 2; pick 3 → covers 3 of 4 → k = 1.
        assert_eq!(carriers_of_half(&data), (1, 4));
        data.ties = vec![(0, 3), (1, 4)];
        // 0 and 3 both touch 1; pick 0 (index order) → 1 of 2 = half → k = 1.
        assert_eq!(carriers_of_half(&data), (1, 2));
        data.ties = vec![(0, 1)];
        assert_eq!(carriers_of_half(&data), (0, 0));
    }

    #[test]
    fn large_networks_show_the_best_connected_of_each_group() {
        // Ties in + out per person in the sample: group 0 (P0–P3): 6, 5, 5, 4; group 1
        // (P4–P7): 6, 6, 6, 4; group 2 (P8, P9): 3, 3. With room for 5 of 10 people the
        // groups get 2, 2 and 1 places.
        let mut data = crate::render::tests::sample();
        data.reach_loss = None;
        data.introductions.clear();
        assert_eq!(shown_people(&data, 0, 10), None);
        assert_eq!(shown_people(&data, 0, 5), Some(vec![0, 1, 4, 5, 8]));
        // The two people of a recommended introduction are always shown.
        data.introductions = vec![(3, 7)];
        assert_eq!(shown_people(&data, 0, 5), Some(vec![0, 1, 3, 4, 5, 7, 8]));
    }

    #[test]
    fn even_sample() {
        let v: Vec<u32> = (0..10).collect();
        assert_eq!(sample(&v, 20), v);
        assert_eq!(sample(&v, 4), [0, 3, 6, 9]);
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
    }
}
