//! Shared look: the bundled font, colour palettes, the title/caption frame and text helpers.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontStyle;

use super::{err, ChartData, RenderError};

/// Font family name under which the bundled DejaVu Sans faces are registered.
pub(crate) const FAMILY: &str = "sans-serif";

static FONTS: OnceLock<Result<(), String>> = OnceLock::new();

/// Register DejaVu Sans (regular and bold) with plotters once per process.
pub(crate) fn register_fonts() -> Result<(), RenderError> {
    FONTS
        .get_or_init(|| {
            let regular: &'static [u8] = include_bytes!("../../assets/DejaVuSans.ttf");
            let bold: &'static [u8] = include_bytes!("../../assets/DejaVuSans-Bold.ttf");
            plotters::style::register_font(FAMILY, FontStyle::Normal, regular)
                .map_err(|_| "DejaVuSans.ttf".to_string())?;
            plotters::style::register_font(FAMILY, FontStyle::Bold, bold)
                .map_err(|_| "DejaVuSans-Bold.ttf".to_string())
        })
        .clone()
        .map_err(RenderError::Font)
}

/// Paul Tol's "muted" qualitative scheme: distinguishable under the common colour-vision
/// deficiencies (Tol 2021, "Colour schemes", SRON/EPS/TN/09-002).
pub(crate) const GROUP_PALETTE: [RGBColor; 9] = [
    RGBColor(0x33, 0x22, 0x88), // indigo
    RGBColor(0x88, 0xCC, 0xEE), // cyan
    RGBColor(0x44, 0xAA, 0x99), // teal
    RGBColor(0x11, 0x77, 0x33), // green
    RGBColor(0x99, 0x99, 0x33), // olive
    RGBColor(0xDD, 0xCC, 0x77), // sand
    RGBColor(0xCC, 0x66, 0x77), // rose
    RGBColor(0x88, 0x22, 0x55), // wine
    RGBColor(0xAA, 0x44, 0x99), // purple
];

/// Colour of the groups beyond the palette ("other").
pub(crate) const OTHER: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);
/// Dark text.
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text.
pub(crate) const MUTED_INK: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Highlight colour (cross-group ties, hoarders' zone): Okabe–Ito vermillion, absent from the
/// group palette.
pub(crate) const ACCENT: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

/// Group colours: the largest groups (by headcount, then index) get the palette, the rest grey.
pub(crate) struct GroupColours {
    /// Colour per group index.
    pub colour: Vec<RGBColor>,
    /// Groups that have their own colour, largest first.
    pub named: Vec<usize>,
    /// Headcount per group.
    pub size: Vec<usize>,
}

impl GroupColours {
    pub(crate) fn new(data: &ChartData) -> Self {
        let k = data.group_names.len();
        let mut size = vec![0usize; k];
        for &g in &data.group_of {
            size[g as usize] += 1;
        }
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| size[b].cmp(&size[a]).then(a.cmp(&b)));
        // With exactly one group more than the palette, "other" would hold a single group.
        let slots = if k <= GROUP_PALETTE.len() {
            k
        } else {
            GROUP_PALETTE.len() - 1
        };
        let mut colour = vec![OTHER; k];
        let named: Vec<usize> = order.into_iter().take(slots).collect();
        for (slot, &g) in named.iter().enumerate() {
            colour[g] = GROUP_PALETTE[slot];
        }
        GroupColours {
            colour,
            named,
            size,
        }
    }

    /// Number of groups drawn grey.
    pub(crate) fn others(&self) -> usize {
        self.colour.len() - self.named.len()
    }
}

/// Scale factor relative to the default 1600×1200 canvas.
pub(crate) fn scale(area_w: u32, area_h: u32) -> f64 {
    (area_w as f64 / 1600.0).min(area_h as f64 / 1200.0)
}

/// Font of `px` pixels (already scaled).
pub(crate) fn font<'a>(px: f64) -> TextStyle<'a> {
    TextStyle::from((FAMILY, px.max(6.0)).into_font()).color(&INK)
}

/// Bold font of `px` pixels.
pub(crate) fn bold<'a>(px: f64) -> TextStyle<'a> {
    TextStyle::from((FAMILY, px.max(6.0), FontStyle::Bold).into_font()).color(&INK)
}

/// Anchor a text style.
pub(crate) fn anchored(style: TextStyle<'_>, h: HPos, v: VPos) -> TextStyle<'_> {
    style.pos(Pos::new(h, v))
}

/// Size of `text` in `style`, in pixels.
pub(crate) fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> Result<(u32, u32), String> {
    area.estimate_text_size(text, style).map_err(err)
}

/// Draw `text` at pixel `(x, y)` with `style`.
pub(crate) fn text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &str,
    (x, y): (i32, i32),
    style: &TextStyle,
) -> Result<(), String> {
    // ab_glyph draws vertically centred text a little high: nudge it down by an eighth of the
    // font size so it sits in the middle of boxes and beside legend symbols.
    let y = if matches!(style.pos.v_pos, VPos::Center) {
        y + (style.font.get_size() * 0.12).round() as i32
    } else {
        y
    };
    area.draw(&Text::new(s.to_string(), (x, y), style.clone()))
        .map_err(err)
}

/// Shorten `s` to at most `max_chars` characters with an ellipsis.
pub(crate) fn shorten(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max_chars.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The word for a group ("group" unless the data names it).
pub(crate) fn group_word(data: &ChartData) -> &str {
    if data.group_word.is_empty() {
        "group"
    } else {
        &data.group_word
    }
}

/// Plural of a simple English noun.
pub(crate) fn plural(word: &str, count: usize) -> String {
    if count == 1 {
        word.to_string()
    } else if word.ends_with('y') && !word.ends_with("ay") && !word.ends_with("ey") {
        format!("{}ies", &word[..word.len() - 1])
    } else if word.ends_with('s') || word.ends_with('x') || word.ends_with("ch") {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// Percentage rounded for a headline: "75%", "<1%".
pub(crate) fn pct(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 1.0 {
        "<1%".to_string()
    } else {
        format!("{:.0}%", p)
    }
}

/// Percentage with two significant digits below 1% ("0.31%", "0.0042%"), whole percent from
/// 1% up: for networks so sparse that every share is under 1%.
pub(crate) fn pct_fine(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 1.0 {
        let digits = (1.0 - p.log10().floor()) as usize;
        format!("{p:.digits$}%")
    } else {
        format!("{p:.0}%")
    }
}

/// Draw the frame every chart shares: a bold title stating the finding, a one-line subtitle on
/// how to read the chart, and a caption naming dataset, relation and date at the bottom.
///
/// Returns the drawing area left for the chart body.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ChartData,
    title: &str,
    subtitle: &str,
    caption_right: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    let caption = format!(
        "{} · {} · analysed {}",
        data.dataset, data.relation, data.analysed_on
    );
    frame_captioned(root, title, subtitle, &caption, caption_right)
}

/// [`frame`] with the bottom-left caption given whole (for charts of something other than one
/// analysis, e.g. two survey waves).
pub(crate) fn frame_captioned<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    caption: &str,
    caption_right: &str,
) -> Result<DrawingArea<DB, Shift>, String> {
    let (w, h) = root.dim_in_pixel();
    let s = scale(w, h);
    let pad = (28.0 * s) as i32;
    let title_px = 40.0 * s;
    let sub_px = 23.0 * s;
    let cap_px = 19.0 * s;
    let title_style = anchored(bold(title_px), HPos::Left, VPos::Top);
    // Shrink the title font until it fits on one line.
    let mut tstyle = title_style.clone();
    let mut px = title_px;
    while px > 14.0 && text_size(root, title, &tstyle)?.0 as i32 > w as i32 - 2 * pad {
        px -= 2.0;
        tstyle = anchored(bold(px), HPos::Left, VPos::Top);
    }
    text(root, title, (pad, pad), &tstyle)?;
    let sub_y = pad + (px * 1.25) as i32;
    let sub_style = anchored(font(sub_px).color(&MUTED_INK), HPos::Left, VPos::Top);
    text(root, subtitle, (pad, sub_y), &sub_style)?;
    let cap_style = anchored(font(cap_px).color(&MUTED_INK), HPos::Left, VPos::Bottom);
    text(root, caption, (pad, h as i32 - pad / 2), &cap_style)?;
    let cap_right = anchored(font(cap_px).color(&MUTED_INK), HPos::Right, VPos::Bottom);
    text(
        root,
        caption_right,
        (w as i32 - pad, h as i32 - pad / 2),
        &cap_right,
    )?;
    let top = sub_y + (sub_px * 1.6) as i32;
    let bottom = pad / 2 + (cap_px * 1.8) as i32;
    Ok(root.margin(top, bottom, pad, pad))
}

/// Linear interpolation between colour stops at `t` in [0, 1].
pub(crate) fn ramp(stops: &[RGBColor], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let last = stops.len() - 1;
    let x = t * last as f64;
    let i = (x.floor() as usize).min(last.saturating_sub(1));
    let f = x - i as f64;
    let (a, b) = (stops[i], stops[(i + 1).min(last)]);
    let mix = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Sequential light-to-dark blue (ColorBrewer "Blues"-like), readable in greyscale.
pub(crate) const BLUES: [RGBColor; 5] = [
    RGBColor(0xF7, 0xFB, 0xFF),
    RGBColor(0xC6, 0xDB, 0xEF),
    RGBColor(0x6B, 0xAE, 0xD6),
    RGBColor(0x21, 0x71, 0xB5),
    RGBColor(0x08, 0x30, 0x6B),
];

/// Perceived lightness of a colour in [0, 1] (for choosing black or white text on it).
pub(crate) fn lightness(c: RGBColor) -> f64 {
    (0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64) / 255.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_pct() {
        assert_eq!(plural("office", 2), "offices");
        assert_eq!(plural("company", 3), "companies");
        assert_eq!(plural("group", 1), "group");
        assert_eq!(pct(0.754), "75%");
        assert_eq!(pct(0.004), "<1%");
        assert_eq!(pct_fine(0.004), "0.40%");
        assert_eq!(pct_fine(0.000_012_34), "0.0012%");
        assert_eq!(pct_fine(0.0), "0%");
        assert_eq!(pct_fine(0.42), "42%");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }

    #[test]
    fn ramp_ends_and_middle() {
        let stops = [RGBColor(0, 0, 0), RGBColor(200, 100, 0)];
        assert_eq!(ramp(&stops, 0.0), RGBColor(0, 0, 0));
        assert_eq!(ramp(&stops, 1.0), RGBColor(200, 100, 0));
        assert_eq!(ramp(&stops, 0.5), RGBColor(100, 50, 0));
    }

    #[test]
    fn palette_for_many_groups_uses_other() {
        let mut data = crate::render::tests::sample();
        data.group_names = (0..12).map(|g| format!("g{g}")).collect();
        data.group_of = vec![3, 3, 3, 1, 1, 5, 0, 7, 9, 11];
        let gc = GroupColours::new(&data);
        assert_eq!(gc.named.len(), 8);
        assert_eq!(gc.named[..3], [3, 1, 0]);
        assert_eq!(gc.colour[3], GROUP_PALETTE[0]);
        assert_eq!(gc.others(), 4);
    }
}
