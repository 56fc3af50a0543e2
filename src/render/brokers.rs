//! brokers.png: the top N people by brokerage, as stacked bars of the five Gould–Fernandez roles.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    anchored, bold, font, frame, group_word, pct, pct_fine, scale, shorten, text, GroupColours,
    MUTED_INK,
};
use super::{err, ChartData, ChartOptions};

/// Role names and one-line meanings, in `ChartData::brokerage` order.
pub(crate) const ROLES: [(&str, &str); 5] = [
    ("coordinator", "links two people of their own group"),
    ("consultant", "links two people of another group"),
    ("representative", "passes from own group to another"),
    ("gatekeeper", "lets another group into their own"),
    ("liaison", "links two other groups"),
];

/// Okabe–Ito colours (colour-blind safe), one per role.
const ROLE_COLOURS: [RGBColor; 5] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
];

/// The top `n` people by brokerage total (ties by node order), with their totals.
pub(crate) fn top(brokerage: &[[u64; 5]], n: usize) -> Vec<(usize, u64)> {
    let mut rows: Vec<(usize, u64)> = brokerage
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.iter().sum::<u64>()))
        .filter(|&(_, t)| t > 0)
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rows.truncate(n);
    rows
}

/// Headline: the share of all brokerage that the top three handle.
pub(crate) fn headline(data: &ChartData, brokerage: &[[u64; 5]]) -> String {
    let total: u64 = brokerage.iter().flatten().sum();
    let best = top(brokerage, 3);
    let Some(&(first, first_total)) = best.first() else {
        return "Nobody brokers: no two-step paths between unlinked people".to_string();
    };
    let top_sum: u64 = best.iter().map(|r| r.1).sum();
    let n = data.ids.len();
    if best.len() < 3 || n <= 3 {
        return format!(
            "{} brokers the most: {} of all brokerage",
            shorten(&data.ids[first], 24),
            pct(first_total as f64 / total as f64)
        );
    }
    let top_share = top_sum as f64 / total as f64;
    if top_share < 0.1 {
        // Large networks: no small set dominates, and "<1%" twice would say nothing.
        return format!(
            "Brokerage is spread out: the top 3 of {n} people handle {} of it, {} the most",
            pct_fine(top_share),
            shorten(&data.ids[first], 24),
        );
    }
    format!(
        "3 of {n} people handle {} of all brokerage; {} alone {}",
        pct(top_share),
        shorten(&data.ids[first], 24),
        pct(first_total as f64 / total as f64)
    )
}

/// Draw the brokers chart on `root`.
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
    opts: &ChartOptions,
) -> Result<(), String> {
    let Some(brokerage) = &data.brokerage else {
        return Ok(());
    };
    let (w, h) = root.dim_in_pixel();
    let s = scale(w, h);
    let gw = group_word(data);
    let colours = GroupColours::new(data);
    let rows = top(brokerage, opts.top_brokers.max(1));
    let title = headline(data, brokerage);
    let subtitle = format!(
        "Brokerage = times a person is the middle link between two people who are not tied directly. Top {} people; the mark shows their {gw}.",
        rows.len()
    );
    let body = frame(
        root,
        data,
        &title,
        &subtitle,
        "roles: Gould & Fernandez (1989)",
    )?;
    let (bw, _) = body.dim_in_pixel();

    // Role legend across the top: two columns of three/two items.
    let legend_h = (100.0 * s) as u32;
    let (legend, plot) = body.split_vertically(legend_h);
    let col_w = bw as i32 / 3;
    for (i, ((name, meaning), c)) in ROLES.iter().zip(ROLE_COLOURS).enumerate() {
        let x = (i as i32 % 3) * col_w + (10.0 * s) as i32;
        let y = (i as i32 / 3) * (44.0 * s) as i32 + (14.0 * s) as i32;
        let sq = (16.0 * s) as i32;
        legend
            .draw(&Rectangle::new([(x, y), (x + sq, y + sq)], c.filled()))
            .map_err(err)?;
        text(
            &legend,
            name,
            (x + sq + (8.0 * s) as i32, y + sq / 2),
            &anchored(bold(18.0 * s), HPos::Left, VPos::Center),
        )?;
        text(
            &legend,
            &meaning.replace("group", gw),
            (x + sq + (8.0 * s) as i32, y + sq + (12.0 * s) as i32),
            &anchored(font(15.0 * s).color(&MUTED_INK), HPos::Left, VPos::Center),
        )?;
    }

    let n = rows.len();
    let xmax = rows.first().map_or(1, |r| r.1).max(1) as f64 * 1.12;
    let name_px = (18.0 * s).min(600.0 * s / n.max(1) as f64).max(9.0);
    let longest = rows
        .iter()
        .map(|&(v, _)| {
            format!(
                "{} ({})",
                shorten(&data.ids[v], 18),
                shorten(&data.group_names[data.group_of[v] as usize], 14)
            )
            .chars()
            .count()
        })
        .max()
        .unwrap_or(4);
    let label_w = (longest as f64 * name_px * 0.62 + 40.0 * s) as u32;
    let mut chart = ChartBuilder::on(&plot)
        .margin_right((30.0 * s) as u32)
        .margin_top((10.0 * s) as u32)
        .x_label_area_size((70.0 * s) as u32)
        .y_label_area_size(label_w)
        .build_cartesian_2d(0f64..xmax, -0.5f64..(n as f64 - 0.5))
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(8)
        .x_desc("brokerage paths (a → person → b, with no direct tie a → b)")
        .axis_desc_style((super::style::FAMILY, 19.0 * s))
        .label_style((super::style::FAMILY, 17.0 * s))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .light_line_style(RGBColor(0xEE, 0xEE, 0xEE))
        .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
        .draw()
        .map_err(err)?;
    let bar = 0.36;
    for (rank, &(v, total)) in rows.iter().enumerate() {
        let y = (n - 1 - rank) as f64;
        let mut x = 0.0;
        for (r, c) in ROLE_COLOURS.iter().enumerate() {
            let len = brokerage[v][r] as f64;
            if len > 0.0 {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x, y - bar), (x + len, y + bar)],
                        c.filled(),
                    )))
                    .map_err(err)?;
            }
            x += len;
        }
        // Total at the end of the bar; name and group mark on the left.
        let (px, py) = chart.backend_coord(&(x, y));
        text(
            root,
            &format!("{total}"),
            (px + (6.0 * s) as i32, py),
            &anchored(font(name_px), HPos::Left, VPos::Center),
        )?;
        let (lx, ly) = chart.backend_coord(&(0.0, y));
        let g = data.group_of[v] as usize;
        let mark = (name_px * 0.5) as i32;
        root.draw(&Rectangle::new(
            [
                (lx - 2 * mark - (6.0 * s) as i32, ly - mark),
                (lx - (6.0 * s) as i32, ly + mark),
            ],
            colours.colour[g].filled(),
        ))
        .map_err(err)?;
        text(
            root,
            &format!(
                "{} ({})",
                shorten(&data.ids[v], 18),
                shorten(&data.group_names[g], 14)
            ),
            (lx - 2 * mark - (12.0 * s) as i32, ly),
            &anchored(font(name_px), HPos::Right, VPos::Center),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_and_headline() {
        let data = crate::render::tests::sample();
        let b = vec![
            [1, 0, 0, 0, 0],
            [0, 0, 0, 0, 0],
            [5, 5, 0, 0, 0],
            [2, 2, 2, 2, 2],
            [0, 0, 0, 0, 1],
            [0; 5],
            [0; 5],
            [0; 5],
            [0; 5],
            [9, 0, 0, 0, 0],
        ];
        assert_eq!(top(&b, 3), [(2, 10), (3, 10), (9, 9)]);
        // Total 1 + 10 + 10 + 1 + 9 = 31; top three 29 = 94%; P2 alone 10/31 = 32%.
        assert_eq!(
            headline(&data, &b),
            "3 of 10 people handle 94% of all brokerage; P2 alone 32%"
        );
        // 100 people brokering 1 path each, P7 two: top three 4 of 101 = 3.96%, "4%".
        let mut wide = crate::render::tests::sample();
        wide.ids = (0..100).map(|i| format!("P{i}")).collect();
        let mut b = vec![[1, 0, 0, 0, 0]; 100];
        b[7] = [1, 1, 0, 0, 0];
        assert_eq!(
            headline(&wide, &b),
            "Brokerage is spread out: the top 3 of 100 people handle 4% of it, P7 the most"
        );
    }
}
