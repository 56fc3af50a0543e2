//! The report of `grapevine compare`: two survey waves in plain language, every statement made
//! from the [`Comparison`] that changes_pairs.csv, changes_people.csv and compare.json hold.
//!
//! | section (id) | what it says |
//! |---|---|
//! | What changed (`compare`) | key figures, one sentence per theme (people, ties, E–I, each stage change, the top mover); changes chart |
//! | Partnerships, wave by wave (`compare-pairs`) | every pair of groups: ties kept, gained, lost, density and stage before → after |
//! | People (`compare-people`) | who moved most (brokerage, reach loss), who joined and who left |
//! | About this comparison (`about`) | the two waves, how people and ties are matched, the definitions |

use super::doc::{Block, Document, Figure, KeyFigure, Section, Table, Text};
use super::partners::tone;
use super::words::{and_list, capital, dec, int, n_of, pct, plural_of};
use crate::compare::diff::{Comparison, PairChange, PersonChange};
use crate::compare::files::WaveInfo;

/// People named in the lists of who joined and who left, at most.
pub const MAX_LISTED: usize = 20;
/// People in the table of the biggest moves.
pub const MOVERS_SHOWN: usize = 10;

/// What the report needs besides the comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The first wave.
    pub before: WaveInfo,
    /// The second wave.
    pub after: WaveInfo,
    /// Word for a group ("office"); empty for "group".
    pub group_word: String,
    /// Notes the reader must know (relation or groups changed).
    pub notes: Vec<String>,
}

struct Words {
    word: String,
    words: String,
}

impl Meta {
    fn words(&self) -> Words {
        let w = self.group_word.trim();
        let word = if w.is_empty() { "group" } else { w }.to_string();
        Words {
            words: plural_of(&word),
            word,
        }
    }
}

/// A density: three decimals, or two significant digits below 0.01 (large groups have tiny
/// densities that three decimals would show as 0.000); "–" when undefined.
pub fn density(x: Option<f64>) -> String {
    match x {
        None => "–".into(),
        Some(d) if d > 0.0 && d < 0.01 => {
            let places = (1.0 - d.log10().floor()) as usize;
            dec(d, places.min(12))
        }
        Some(d) => dec(d, 3),
    }
}

fn arrow(a: String, b: String) -> String {
    format!("{a} → {b}")
}

/// "12 ties gained, 2 lost".
fn gained_lost(gained: u64, lost: u64) -> String {
    format!("{} gained, {} lost", n_of(gained, "tie", "ties"), int(lost))
}

/// The sentence for a pair whose stage changed, e.g. "City–Bank moved from arms-length to
/// integrated: 12 ties gained, 2 lost; density 0.040 → 0.110."
pub fn stage_sentence(p: &PairChange) -> Text {
    let (from, to) = (
        p.stage.0.clone().unwrap_or_default(),
        p.stage.1.clone().unwrap_or_default(),
    );
    Text::new()
        .strong(p.name())
        .plain(if p.stage_step() > 0 {
            " moved up from "
        } else {
            " fell back from "
        })
        .badge(from.clone(), tone(&from))
        .plain(" to ")
        .badge(to.clone(), tone(&to))
        .plain(format!(
            ": {}; density {}.",
            gained_lost(p.gained, p.lost),
            arrow(density(p.density.0), density(p.density.1))
        ))
}

fn brokerage_change(p: &PersonChange) -> Option<String> {
    match p.brokerage {
        (Some(x), Some(y)) if x != y => Some(format!("brokerage {}", arrow(int(x), int(y)))),
        _ => None,
    }
}

fn reach_change(p: &PersonChange) -> Option<String> {
    match p.reach_loss {
        (Some(x), Some(y)) if x != y => Some(format!("reach loss {}", arrow(pct(x), pct(y)))),
        _ => None,
    }
}

/// "X (Bank) changed most: brokerage 12 → 3, reach loss 34% → 0%."
fn mover_sentence(p: &PersonChange) -> Text {
    let what: Vec<String> = [brokerage_change(p), reach_change(p)]
        .into_iter()
        .flatten()
        .collect();
    let group = if p.group.0 == p.group.1 {
        p.group.1.clone()
    } else {
        format!("{} → {}", p.group.0, p.group.1)
    };
    Text::new()
        .strong(p.id.clone())
        .plain(format!(" ({group}) changed most: {}.", what.join(", ")))
}

fn ei_sentence(c: &Comparison, w: &Words) -> Option<Text> {
    let (Some(x), Some(y)) = c.ei_index else {
        return None;
    };
    let verdict = if (y - x).abs() < 0.005 {
        "about as many ties cross them as before".to_string()
    } else if y > x {
        format!("a larger share of the ties now crosses {}", w.words)
    } else {
        format!("a smaller share of the ties now crosses {}", w.words)
    };
    let expected = match c.ei_expected {
        (Some(a), Some(b)) => format!(
            " (group sizes alone would give {})",
            arrow(dec(a, 2), dec(b, 2))
        ),
        _ => String::new(),
    };
    Some(Text::new().plain(format!(
        "E–I index across {} {}{expected}: {verdict}.",
        w.words,
        arrow(dec(x, 2), dec(y, 2))
    )))
}

fn people_sentence(c: &Comparison, w: &Words) -> Text {
    let moved = if c.moved > 0 {
        format!(" ({} moved to another {})", int(c.moved), w.word)
    } else {
        String::new()
    };
    Text::new().plain(format!(
        "{} in the first wave, {} in the second: {} joined, {} left, {} took part in both{moved}.",
        n_of(c.people.0, "person", "people"),
        int(c.people.1),
        int(c.joined.len() as u64),
        int(c.left.len() as u64),
        int(c.matched)
    ))
}

fn ties_sentence(c: &Comparison, w: &Words) -> Text {
    let (kept, gained, lost) = c.cross_ties();
    Text::new().plain(format!(
        "{} kept, {} gained, {} lost; network density {}. Between {}: {} kept, {} gained, {} \
         lost.",
        capital(&n_of(c.ties_kept, "tie", "ties")),
        int(c.ties_gained),
        int(c.ties_lost),
        arrow(density(c.density.0), density(c.density.1)),
        w.words,
        int(kept),
        int(gained),
        int(lost)
    ))
}

/// The short summary `compare` prints on stdout.
pub fn summary_lines(c: &Comparison, meta: &Meta) -> String {
    let w = meta.words();
    let mut lines = vec![
        people_sentence(c, &w).to_plain(),
        ties_sentence(c, &w).to_plain(),
    ];
    let changes = c.stage_changes();
    if changes.is_empty() {
        lines.push("No partnership changed stage.".into());
    }
    for p in changes {
        lines.push(stage_sentence(p).to_plain());
    }
    lines.join("\n")
}

fn key_figures(c: &Comparison, w: &Words) -> Block {
    let (_, gained, lost) = c.cross_ties();
    let both = c
        .pairs
        .iter()
        .filter(|p| p.stage.0.is_some() && p.stage.1.is_some())
        .count();
    Block::KeyFigures(vec![
        KeyFigure {
            value: arrow(int(c.people.0), int(c.people.1)),
            label: "people".into(),
        },
        KeyFigure {
            value: format!(
                "{} / {}",
                int(c.joined.len() as u64),
                int(c.left.len() as u64)
            ),
            label: "joined / left".into(),
        },
        KeyFigure {
            value: format!("+{} / −{}", int(gained), int(lost)),
            label: format!("ties between {}", w.words),
        },
        KeyFigure {
            value: format!(
                "{} of {}",
                int(c.stage_changes().len() as u64),
                int(both as u64)
            ),
            label: format!("{} pairs changed stage", w.word),
        },
    ])
}

fn overview(c: &Comparison, meta: &Meta, chart: Option<Vec<u8>>) -> Section {
    let w = meta.words();
    let mut s = Section::new("compare", "What changed between the waves");
    s.push(key_figures(c, &w));
    let mut items = vec![people_sentence(c, &w), ties_sentence(c, &w)];
    items.extend(ei_sentence(c, &w));
    let changes = c.stage_changes();
    if changes.is_empty() {
        items.push(Text::new().plain(format!("No pair of {} changed stage.", w.words)));
    }
    items.extend(changes.iter().map(|p| stage_sentence(p)));
    if let Some(top) = c.top_movers(1).first() {
        items.push(mover_sentence(top));
    }
    s.push(Block::Bullets(items));
    match chart {
        Some(bytes) => s.push(Block::Figure(Figure {
            file: "changes.png".into(),
            media_type: "image/png",
            bytes,
            alt: format!(
                "Ties kept, gained and lost per pair of {}, with density and stage before and \
                 after",
                w.words
            ),
            caption: format!(
                "Ties between two {}: lost left of the axis, kept (grey) and gained (blue) \
                 right; density and stage before → after beside each pair (changes.png)",
                w.words
            ),
        })),
        None => s.note("No chart: charts were turned off, or no pair of groups has a tie."),
    }
    for n in &meta.notes {
        s.note(Text::new().plain(format!("Note: {n}.")));
    }
    s
}

fn stage_cell(p: &PairChange) -> Text {
    let badge = |t: &mut Text, x: &Option<String>| {
        *t = std::mem::take(t).then(match x {
            Some(st) => Text::new().badge(st.clone(), tone(st)),
            None => Text::new().plain("–"),
        });
    };
    let mut t = Text::new();
    if p.stage.0 == p.stage.1 {
        badge(&mut t, &p.stage.1);
        return t;
    }
    badge(&mut t, &p.stage.0);
    t = t.plain(" → ");
    badge(&mut t, &p.stage.1);
    t
}

fn pairs_section(c: &Comparison, meta: &Meta) -> Section {
    let w = meta.words();
    let mut s = Section::new("compare-pairs", "Partnerships, wave by wave");
    if c.pairs.is_empty() {
        s.paragraph(format!(
            "Neither wave has two {}, so there is no partnership to compare.",
            w.words
        ));
        return s;
    }
    s.paragraph(format!(
        "Each pair of {} with its ties across (either direction) in the first wave, how many of \
         them are still there, how many are new and how many are gone; density is the share of \
         possible ties across the pair that exist. The stages come from each wave's integration \
         score (pairs.csv).",
        w.words
    ));
    let mut t = Table::new(&[
        "Pair",
        "#Ties before",
        "#Kept",
        "#Gained",
        "#Lost",
        "#Ties after",
        "#Density",
        "Stage",
    ]);
    let opt = |x: Option<u64>| x.map_or("–".into(), int);
    let mut rows: Vec<&PairChange> = c.pairs.iter().collect();
    rows.sort_by(|x, y| {
        (y.gained + y.lost)
            .cmp(&(x.gained + x.lost))
            .then_with(|| (&x.a, &x.b).cmp(&(&y.a, &y.b)))
    });
    for p in rows {
        t.row(vec![
            Text::new().strong(p.name()),
            opt(p.ties.0).into(),
            int(p.kept).into(),
            signed('+', p.gained).into(),
            signed('−', p.lost).into(),
            opt(p.ties.1).into(),
            arrow(density(p.density.0), density(p.density.1)).into(),
            stage_cell(p),
        ]);
    }
    s.push(Block::Table(t));
    s.note(Text::new().plain(
        "Pairs are ordered by ties gained plus lost. \"–\": the pair does not exist in that wave \
         (one of its groups is absent). Every number is in changes_pairs.csv.",
    ));
    s
}

/// "+8", "−2", and "0" without a sign.
fn signed(sign: char, n: u64) -> String {
    if n == 0 {
        "0".into()
    } else {
        format!("{sign}{}", int(n))
    }
}

fn names(list: &[crate::compare::diff::Member]) -> String {
    let mut shown: Vec<String> = list
        .iter()
        .take(MAX_LISTED)
        .map(|m| format!("{} ({})", m.id, m.group))
        .collect();
    if list.len() > MAX_LISTED {
        shown.push(format!("{} more", int((list.len() - MAX_LISTED) as u64)));
    }
    and_list(&shown)
}

fn people_section(c: &Comparison, meta: &Meta) -> Section {
    let w = meta.words();
    let mut s = Section::new("compare-people", "People whose role changed most");
    let brokerage = c.brokerage_computed.0 && c.brokerage_computed.1;
    let reach = c.reach_loss_computed.0 && c.reach_loss_computed.1;
    let movers = c.top_movers(MOVERS_SHOWN);
    if !brokerage && !reach {
        s.paragraph(
            "Neither brokerage nor reach loss was computed in both waves (see --metrics), so \
             no one's role can be compared.",
        );
    } else if movers.is_empty() {
        s.paragraph(format!(
            "Nobody who took part in both waves changed their brokerage or reach loss{}.",
            if c.matched == 0 {
                " (nobody took part in both)"
            } else {
                ""
            }
        ));
    } else {
        s.paragraph(format!(
            "Among the {} people in both waves, the ones whose brokerage (times they are the \
             middle link between two people who are not tied) or reach loss (share of the \
             reach across {} lost if they leave) moved most, relative to the largest value \
             anyone has.",
            int(c.matched),
            w.words
        ));
        let mut t = Table::new(&["Person", &capital(&w.word), "Brokerage", "Reach loss"]);
        for p in movers {
            let group = if p.group.0 == p.group.1 {
                p.group.1.clone()
            } else {
                arrow(p.group.0.clone(), p.group.1.clone())
            };
            let b = match p.brokerage {
                (Some(x), Some(y)) => arrow(int(x), int(y)),
                _ => "–".into(),
            };
            let r = match p.reach_loss {
                (Some(x), Some(y)) => arrow(pct(x), pct(y)),
                _ => "–".into(),
            };
            t.row(vec![
                Text::new().strong(p.id.clone()),
                group.into(),
                b.into(),
                r.into(),
            ]);
        }
        s.push(Block::Table(t));
        if !brokerage || !reach {
            s.note(format!(
                "{} was not computed in both waves, so it does not count here.",
                if brokerage { "Reach loss" } else { "Brokerage" }
            ));
        }
    }
    let mut items = Vec::new();
    if !c.joined.is_empty() {
        items.push(Text::new().strong("Joined: ").plain(names(&c.joined)));
    }
    if !c.left.is_empty() {
        items.push(Text::new().strong("Left: ").plain(names(&c.left)));
    }
    if items.is_empty() {
        s.paragraph("The same people took part in both waves.");
    } else {
        s.push(Block::Bullets(items));
    }
    s.note(Text::new().plain(
        "Everyone in both waves is in changes_people.csv, biggest change first; who joined and \
         left is in compare.json.",
    ));
    s
}

fn about(c: &Comparison, meta: &Meta) -> Section {
    let w = meta.words();
    let mut s = Section::new("about", "About this comparison");
    let wave = |label: &str, i: &WaveInfo| {
        Text::new().strong(format!("{label}: ")).plain(format!(
            "{} ({}; {} relation, grouped by {}, analysed on {}{})",
            i.source,
            i.folder,
            if i.relation.is_empty() {
                "unnamed"
            } else {
                &i.relation
            },
            i.group_attribute,
            i.analysed_on,
            if i.anonymized { ", anonymized" } else { "" }
        ))
    };
    s.push(Block::Bullets(vec![
        wave("First wave", &meta.before),
        wave("Second wave", &meta.after),
    ]));
    let matched_by = if meta.before.anonymized {
        "pseudonym (the waves were anonymized with one key, so one person has one pseudonym in \
         both)"
    } else {
        "id"
    };
    s.paragraph(format!(
        "People are matched by {matched_by}. A tie is a source and a target; it is kept when \
         both waves have it. A pair's ties are those between its two {words}, each person in \
         the {word} they have in that wave. Density is ties across the pair divided by twice \
         the product of the two sizes. The pair's E–I index (changes_pairs.csv) sets its ties \
         across against the ties inside either {word}.",
        words = w.words,
        word = w.word
    ));
    s.paragraph(format!(
        "A person's change is the larger of their brokerage change divided by the largest \
         brokerage anyone has in either wave, and their reach-loss change divided by the \
         largest reach loss; {} people are compared.",
        int(c.matched)
    ));
    s
}

/// The report of a comparison; `chart` holds changes.png's bytes when it was drawn.
pub fn document(c: &Comparison, meta: &Meta, chart: Option<Vec<u8>>) -> Document {
    let title = if meta.before.dataset == meta.after.dataset {
        format!("{}: two survey waves", meta.after.dataset)
    } else {
        format!("{} → {}", meta.before.dataset, meta.after.dataset)
    };
    let relation = match meta.after.relation.as_str() {
        "" => "ties".to_string(),
        "all" => "all relations merged".to_string(),
        r => format!("{r} ties"),
    };
    let mut doc = Document {
        title,
        subtitle: format!(
            "Survey waves compared · {relation} · analysed on {} and {}",
            meta.before.analysed_on, meta.after.analysed_on
        ),
        sections: vec![about(c, meta)],
    };
    for sec in [
        overview(c, meta, chart),
        pairs_section(c, meta),
        people_section(c, meta),
    ] {
        doc.add_section(sec);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::diff::{compare, tests::waves};

    #[test]
    fn densities_keep_two_significant_digits() {
        assert_eq!(density(Some(0.2)), "0.200");
        assert_eq!(density(Some(0.0)), "0.000");
        assert_eq!(density(Some(0.0033)), "0.0033");
        assert_eq!(density(Some(0.000234)), "0.00023");
        assert_eq!(density(None), "–");
    }

    #[test]
    fn every_sentence_comes_from_the_numbers() {
        let (b, a) = waves();
        let c = compare(&b, &a);
        let meta = Meta {
            group_word: "organization".into(),
            ..Default::default()
        };
        let d = document(&c, &meta, None);
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["compare", "compare-pairs", "compare-people", "about"]);
        let md = String::from_utf8(super::super::markdown::write(&d)).unwrap();
        for want in [
            "4 people in the first wave, 4 in the second: 1 joined, 1 left, 3 took part in both.",
            "2 ties kept, 3 gained, 1 lost; network density 0.250 → 0.500. Between \
             organizations: 1 kept, 3 gained, 0 lost.",
            "moved up from",
            "density 0.125 → 0.750",
            "(Bank) changed most: brokerage 4 → 1, reach loss 50% → 0%.",
            "c2 (City)",
            "t1 (Telecom)",
        ] {
            assert!(md.contains(want), "{want}\n{md}");
        }
        assert_eq!(
            stage_sentence(c.stage_changes()[0]).to_plain(),
            "Bank–City moved up from arms-length to integrated: 2 ties gained, 0 lost; density \
             0.125 → 0.750."
        );
    }
}
