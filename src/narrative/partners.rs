//! The partnerships section: every pair of groups by stage, and for the busiest pairs what
//! makes each arms-length, coordinated or integrated, read from the four components of the
//! integration score (README "pairs.csv: partnerships"): breadth, spread, reciprocity,
//! robustness. A component of at least [`STRENGTH_FROM`] counts as a strength, below it as a
//! weakness.

use super::doc::{Block, Section, Table, Text, Tone};
use super::folder::Pair;
use super::words::{and_list, capital, dec, int, n_of, pct};
use super::Ctx;
use crate::analysis::pairs::FULL_BREADTH;

/// A component at or above this value is described as a strength.
pub const STRENGTH_FROM: f64 = 0.5;
/// Pairs in the partnership table (the busiest by cross ties).
pub const TABLE_PAIRS: usize = 15;
/// Pairs described in a paragraph each (the busiest).
pub const DESCRIBED_PAIRS: usize = 6;
/// Pairs without ties listed by name; above, only counted.
pub const LISTED_EMPTY_PAIRS: usize = 10;

/// The four components of a pair's integration score, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Components {
    /// min(spanners_a, spanners_b) / min(5, size_a, size_b), capped at 1.
    pub breadth: f64,
    /// 1 − top_two_share.
    pub spread: f64,
    /// reciprocated_share.
    pub reciprocity: f64,
    /// 1 − reach_lost_top_spanner (0 when not computed).
    pub robustness: f64,
    /// min(5, size_a, size_b): spanners per side that count as full breadth.
    pub full_breadth: u64,
}

impl Components {
    /// The components of `p`, whose groups have `size_a` and `size_b` members.
    pub fn of(p: &Pair, size_a: u64, size_b: u64) -> Components {
        let full = (FULL_BREADTH as u64).min(size_a).min(size_b).max(1);
        Components {
            breadth: (p.spanners_a.min(p.spanners_b) as f64 / full as f64).min(1.0),
            spread: 1.0 - p.top_two_share.unwrap_or(1.0),
            reciprocity: p.reciprocated_share.unwrap_or(0.0),
            robustness: 1.0 - p.reach_lost_top_spanner.unwrap_or(1.0),
            full_breadth: full,
        }
    }

    /// Their mean: the integration score.
    pub fn score(&self) -> f64 {
        (self.breadth + self.spread + self.reciprocity + self.robustness) / 4.0
    }
}

/// The badge tone of a stage.
pub fn tone(stage: &str) -> Tone {
    match stage {
        "integrated" => Tone::Good,
        "coordinated" => Tone::Fair,
        "arms-length" => Tone::Poor,
        _ => Tone::Neutral,
    }
}

/// Pairs with cross ties, busiest first (ties in count keep pairs.csv order).
pub fn busiest(pairs: &[Pair]) -> Vec<&Pair> {
    let mut v: Vec<&Pair> = pairs.iter().filter(|p| p.ties() > 0).collect();
    v.sort_by_key(|p| std::cmp::Reverse(p.ties()));
    v
}

/// "Of the 3 pairs of offices, 1 is integrated (Boston–Hartford) and 2 are coordinated (...)."
/// None when there is no pair.
pub fn stage_summary(ctx: &Ctx) -> Option<String> {
    let pairs = &ctx.o.pairs;
    if pairs.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for (stage, one, many) in [
        ("integrated", "is integrated", "are integrated"),
        ("coordinated", "is coordinated", "are coordinated"),
        ("arms-length", "is at arms-length", "are at arms-length"),
        ("none", "has no tie at all", "have no tie at all"),
    ] {
        let names: Vec<String> = pairs
            .iter()
            .filter(|p| p.stage == stage)
            .map(Pair::name)
            .collect();
        if names.is_empty() {
            continue;
        }
        let n = names.len() as u64;
        let mut part = format!("{} {}", int(n), if n == 1 { one } else { many });
        if n <= 3 && stage != "none" {
            part += &format!(" ({})", and_list(&names));
        }
        parts.push(part);
    }
    Some(format!(
        "Of the {} of {}, {}.",
        n_of(pairs.len() as u64, "pair", "pairs"),
        ctx.words,
        and_list(&parts)
    ))
}

fn people(n: u64) -> String {
    n_of(n, "person", "people")
}

/// The phrase for each component, and whether it is a strength.
fn component_phrases(p: &Pair, c: &Components, reach_computed: bool) -> Vec<(bool, Text)> {
    let strong = |x: f64| x >= STRENGTH_FROM;
    let mut out = Vec::new();
    // Breadth: when weak, name the thinner side first ("only 1 person in B ...").
    let t = if strong(c.breadth) {
        Text::new().plain(format!(
            "{} in {} and {} in {} hold cross ties (breadth {})",
            people(p.spanners_a),
            p.a,
            int(p.spanners_b),
            p.b,
            dec(c.breadth, 2)
        ))
    } else {
        let (thin, n_thin, other, n_other) = if p.spanners_b < p.spanners_a {
            (&p.b, p.spanners_b, &p.a, p.spanners_a)
        } else {
            (&p.a, p.spanners_a, &p.b, p.spanners_b)
        };
        Text::new().plain(format!(
            "only {} in {thin} and {} in {other} hold cross ties (breadth {}; full breadth \
             needs {} on each side)",
            people(n_thin),
            int(n_other),
            dec(c.breadth, 2),
            int(c.full_breadth)
        ))
    };
    out.push((strong(c.breadth), t));
    // Spread.
    let touched = pct(p.top_two_share.unwrap_or(1.0));
    let lead = if strong(c.spread) {
        "contact does not hinge on two people: the two busiest go-betweens touch "
    } else {
        "contact hinges on two people: the two busiest go-betweens touch "
    };
    out.push((
        strong(c.spread),
        Text::new().plain(format!(
            "{lead}{touched} of the cross ties (spread {})",
            dec(c.spread, 2)
        )),
    ));
    // Reciprocity.
    let returned = if c.reciprocity <= 0.0 {
        "no cross tie is returned".to_string()
    } else if strong(c.reciprocity) {
        format!("{} of cross ties are returned", pct(c.reciprocity))
    } else {
        format!("only {} of cross ties are returned", pct(c.reciprocity))
    };
    out.push((
        strong(c.reciprocity),
        Text::new().plain(format!(
            "{returned} (reciprocity {})",
            dec(c.reciprocity, 2)
        )),
    ));
    // Robustness.
    let t = match (&p.top_spanner, p.reach_lost_top_spanner) {
        (Some(top), Some(lost)) if lost <= 0.0 => Text::new()
            .plain("if ")
            .strong(top.as_str())
            .plain(format!(
                ", who holds most cross ties, leaves, everyone who could reach the other side still can (robustness {})",
                dec(c.robustness, 2)
            )),
        (Some(top), Some(lost)) => Text::new()
            .plain("if ")
            .strong(top.as_str())
            .plain(format!(
                ", who holds most cross ties, leaves, {} of the reach between {} and {} is lost (robustness {})",
                pct(lost),
                p.a,
                p.b,
                dec(c.robustness, 2)
            )),
        _ if !reach_computed => {
            Text::from("robustness was not computed (reach_loss left out), so it counts as 0")
        }
        _ => Text::from(
            "robustness was not computed (path measures were estimated), so it counts as 0",
        ),
    };
    out.push((strong(c.robustness), t));
    out
}

fn join(items: Vec<Text>) -> Text {
    let mut t = Text::new();
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            t = t.plain("; ");
        }
        t = t.then(x);
    }
    t
}

/// Which way knowledge flows across the pair, when the ties lean one way (60/40 or more).
fn flow_phrase(ctx: &Ctx, p: &Pair) -> String {
    let Some(nf) = p.net_flow else {
        return String::new();
    };
    if nf.abs() < 0.2 {
        return "; knowledge flows both ways about equally".into();
    }
    // More ties a → b: knowledge goes a → b along the ties, b → a against them.
    let along = ctx.o.summary.flow != "against";
    let (from, to) = if (nf > 0.0) == along {
        (&p.a, &p.b)
    } else {
        (&p.b, &p.a)
    };
    let share = (1.0 + nf.abs()) / 2.0;
    format!(
        "; knowledge flows mostly from {from} to {to} ({} of the ties carry it that way)",
        pct(share)
    )
}

/// One paragraph on pair `p`: its stage, its ties, and what makes it what it is.
pub fn describe(ctx: &Ctx, p: &Pair) -> Text {
    let c = Components::of(p, ctx.o.size_of(&p.a), ctx.o.size_of(&p.b));
    let mut t = Text::new()
        .strong(p.name())
        .plain(": ")
        .badge(p.stage.as_str(), tone(&p.stage))
        .plain(format!(" (score {}). ", dec(p.integration_score, 2)));
    if p.ties() == 0 {
        return t.plain(format!(
            "No tie links a person in {} with a person in {}.",
            p.a, p.b
        ));
    }
    t = t.plain(format!(
        "{} cross between them: {} from {} to {} and {} back{}. ",
        n_of(p.ties(), "tie", "ties"),
        int(p.ties_ab),
        p.a,
        p.b,
        int(p.ties_ba),
        flow_phrase(ctx, p)
    ));
    let (good, bad): (Vec<_>, Vec<_>) = component_phrases(p, &c, ctx.o.computed("reach_loss"))
        .into_iter()
        .partition(|(s, _)| *s);
    let good: Vec<Text> = good.into_iter().map(|(_, x)| x).collect();
    let bad: Vec<Text> = bad.into_iter().map(|(_, x)| x).collect();
    let weak_word = if bad.len() == 1 {
        "Weak point"
    } else {
        "Weak points"
    };
    let (first, second) = match p.stage.as_str() {
        "integrated" => (("What makes it integrated", good), (weak_word, bad)),
        "arms-length" => (
            ("What keeps it at arms-length", bad),
            ("In its favour", good),
        ),
        _ => (("In its favour", good), ("Holding it back", bad)),
    };
    let mut sentences = Vec::new();
    for (lead, items) in [first, second] {
        if !items.is_empty() {
            sentences.push(
                Text::new()
                    .plain(format!("{lead}: "))
                    .then(join(items))
                    .plain("."),
            );
        }
    }
    for (i, s) in sentences.into_iter().enumerate() {
        if i > 0 {
            t = t.plain(" ");
        }
        t = t.then(s);
    }
    t
}

/// The pairs described in a paragraph: the [`DESCRIBED_PAIRS`] busiest, then the busiest pair
/// of each stage they do not include, so every stage present is explained.
pub fn described<'a>(busy: &[&'a Pair]) -> Vec<&'a Pair> {
    let mut v: Vec<&Pair> = busy.iter().take(DESCRIBED_PAIRS).copied().collect();
    for stage in ["integrated", "coordinated", "arms-length"] {
        if !v.iter().any(|p| p.stage == stage) {
            if let Some(p) = busy.iter().find(|p| p.stage == stage) {
                v.push(p);
            }
        }
    }
    v
}

/// The partnerships section.
pub fn section(ctx: &Ctx) -> Section {
    let o = ctx.o;
    let mut s = Section::new(
        "partnerships",
        format!("Partnerships between {}", ctx.words),
    );
    if o.pairs.is_empty() {
        s.paragraph(format!(
            "Everyone is in one {}, so there are no partnerships between {} to describe.",
            ctx.word, ctx.words
        ));
        return s;
    }
    s.paragraph(format!(
        "Each pair of {words} gets an integration score from 0 to 1, the mean of four questions: \
         breadth (do several people on both sides hold cross ties?), spread (does contact not \
         hinge on two people?), reciprocity (is it two-way?) and robustness (does the pair stay \
         connected if the person holding most cross ties leaves?). Below 0.40 a pair works at \
         arms-length, from 0.70 it is integrated, and coordinated in between. Below, a \
         component of {} or more counts as a strength.",
        dec(STRENGTH_FROM, 1),
        words = ctx.words
    ));
    if let Some(summary) = stage_summary(ctx) {
        s.paragraph(summary);
    }
    let busy = busiest(&o.pairs);
    if busy.is_empty() {
        s.paragraph(format!(
            "No tie crosses between {}: each {} works on its own.",
            ctx.words, ctx.word
        ));
        return s;
    }
    let mut t = Table::new(&[
        "Partnership",
        "Stage",
        "#Score",
        "#Cross ties (each way)",
        "#People holding them",
        "#Returned",
        "#Share on the two busiest",
    ]);
    for p in busy.iter().take(TABLE_PAIRS) {
        t.row(vec![
            Text::from(p.name()),
            Text::new().badge(p.stage.as_str(), tone(&p.stage)),
            Text::from(dec(p.integration_score, 2)),
            Text::from(format!("{} / {}", int(p.ties_ab), int(p.ties_ba))),
            Text::from(format!("{} / {}", int(p.spanners_a), int(p.spanners_b))),
            Text::from(p.reciprocated_share.map(pct).unwrap_or_default()),
            Text::from(p.top_two_share.map(pct).unwrap_or_default()),
        ]);
    }
    s.push(Block::Table(t));
    let mut legend = format!(
        "Cross ties and the people holding them read first {w} / second {w}. Each \
         partnership's busiest go-between, and the reach lost if they leave, are under \
         Single points of failure. ",
        w = ctx.word
    );
    if busy.len() > TABLE_PAIRS {
        legend += &format!(
            "The table shows the {} busiest of the {} pairs with cross ties; pairs.csv has every pair.",
            TABLE_PAIRS,
            int(busy.len() as u64)
        );
    }
    s.note(legend.trim_end().to_string());
    if !o.computed("reach_loss") {
        s.note(
            "Robustness was not computed (reach_loss was left out of --metrics), so it counts \
             as 0 and every score is conservative.",
        );
    } else if o
        .summary
        .estimated
        .contains_key("pairs_reach_lost_top_spanner")
    {
        s.note(
            "Path measures were estimated, so the reach a pair loses with its busiest go-between \
             was not computed: robustness counts as 0, so every score is conservative.",
        );
    }
    let described = described(&busy);
    s.push(Block::Subheading(format!(
        "What makes each partnership what it is{}",
        if busy.len() > described.len() {
            format!(
                " (the {} busiest, and the busiest of each other stage)",
                DESCRIBED_PAIRS.min(busy.len())
            )
        } else {
            String::new()
        }
    )));
    for p in described {
        s.push(Block::Paragraph(describe(ctx, p)));
    }
    let empty: Vec<String> = o
        .pairs
        .iter()
        .filter(|p| p.ties() == 0)
        .map(Pair::name)
        .collect();
    if !empty.is_empty() {
        let n = empty.len() as u64;
        if empty.len() <= LISTED_EMPTY_PAIRS {
            s.paragraph(format!("No tie at all between {}.", and_list(&empty)));
        } else {
            s.paragraph(format!(
                "{} of {} have no tie at all.",
                capital(&n_of(n, "pair", "pairs")),
                ctx.words
            ));
        }
    }
    if let Some(f) = ctx.figure(
        "flows",
        &format!("Knowledge flows between {}", ctx.words),
        &format!(
            "Where knowledge flows between {}: circles sized by headcount, arrows by ties, \
             labelled with each partnership's stage.",
            ctx.words
        ),
    ) {
        s.push(f);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ctx_of, outputs};
    use super::*;
    use crate::narrative::folder::Group;

    fn liaison_pair() -> Pair {
        // Six people on each side; one reciprocated liaison pair A0 ↔ B0 whose leaving cuts all
        // reach (pairs.rs `one_liaison_pair_is_arms_length`).
        Pair {
            a: "City".into(),
            b: "Bank".into(),
            ties_ab: 1,
            ties_ba: 1,
            reciprocated_share: Some(1.0),
            spanners_a: 1,
            spanners_b: 1,
            top_two_share: Some(1.0),
            top_spanner: Some("A0".into()),
            net_flow: Some(0.0),
            reach_lost_top_spanner: Some(1.0),
            integration_score: 0.3,
            stage: "arms-length".into(),
        }
    }

    fn groups6() -> Vec<Group> {
        ["Bank", "City"]
            .iter()
            .map(|n| Group {
                name: n.to_string(),
                size: 6,
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn one_liaison_pair_is_arms_length_with_the_reasons() {
        let mut o = outputs();
        o.groups = groups6();
        o.pairs = vec![liaison_pair()];
        let ctx = ctx_of(&o);
        let c = Components::of(&o.pairs[0], 6, 6);
        assert_eq!(c.breadth, 0.2);
        assert!((c.score() - 0.3).abs() < 1e-12);
        let text = describe(&ctx, &o.pairs[0]).to_plain();
        assert_eq!(
            text,
            "City–Bank: arms-length (score 0.30). 2 ties cross between them: 1 from City to Bank \
             and 1 back; knowledge flows both ways about equally. What keeps it at arms-length: \
             only 1 person in City and 1 in Bank hold cross ties (breadth 0.20; full breadth \
             needs 5 on each side); contact hinges on two people: the two busiest go-betweens \
             touch 100% of the cross ties (spread 0.00); if A0, who holds most cross ties, \
             leaves, 100% of the reach between City and Bank is lost (robustness 0.00). \
             In its favour: 100% of cross ties are returned (reciprocity 1.00)."
        );
        let summary = stage_summary(&ctx).unwrap();
        assert_eq!(
            summary,
            "Of the 1 pair of groups, 1 is at arms-length (City–Bank)."
        );
    }

    #[test]
    fn an_integrated_pair_names_its_strengths_and_its_weak_point() {
        // Lazega's Boston–Hartford row of pairs.csv.
        let p = Pair {
            a: "Boston".into(),
            b: "Hartford".into(),
            ties_ab: 72,
            ties_ba: 79,
            reciprocated_share: Some(0.304635761589404),
            spanners_a: 40,
            spanners_b: 17,
            top_two_share: Some(0.23841059602649006),
            top_spanner: Some("L28".into()),
            net_flow: Some(-0.046357615894039736),
            reach_lost_top_spanner: Some(0.0),
            integration_score: 0.7665562913907285,
            stage: "integrated".into(),
        };
        let mut o = outputs();
        o.groups = vec![
            Group {
                name: "Boston".into(),
                size: 48,
                ..Default::default()
            },
            Group {
                name: "Hartford".into(),
                size: 19,
                ..Default::default()
            },
        ];
        let c = Components::of(&p, 48, 19);
        assert!((c.score() - p.integration_score).abs() < 1e-12);
        o.pairs = vec![p];
        let ctx = ctx_of(&o);
        let text = describe(&ctx, &o.pairs[0]).to_plain();
        assert!(text.starts_with("Boston–Hartford: integrated (score 0.77). 151 ties cross"));
        assert!(
            text.contains(
                "What makes it integrated: 40 people in Boston and 17 in Hartford hold cross ties \
             (breadth 1.00); contact does not hinge on two people: the two busiest go-betweens \
             touch 24% of the cross ties (spread 0.76); if L28, who holds most cross ties, \
             leaves, everyone who could reach the other side still can (robustness 1.00). \
             Weak point: only 30% of cross ties are returned (reciprocity 0.30)."
            ),
            "{text}"
        );
    }

    #[test]
    fn every_stage_present_is_described() {
        let pair = |ties: u64, stage: &str| Pair {
            ties_ab: ties,
            stage: stage.into(),
            ..Default::default()
        };
        let mut pairs: Vec<Pair> = (0..8).map(|i| pair(100 - i, "integrated")).collect();
        pairs.push(pair(5, "arms-length"));
        pairs.push(pair(3, "arms-length"));
        let busy = busiest(&pairs);
        let d = described(&busy);
        assert_eq!(d.len(), DESCRIBED_PAIRS + 1);
        assert_eq!(
            (d[DESCRIBED_PAIRS].ties(), d[DESCRIBED_PAIRS].stage.as_str()),
            (5, "arms-length")
        );
    }

    #[test]
    fn one_sided_flow_follows_the_declared_direction() {
        let mut p = liaison_pair();
        p.ties_ab = 8;
        p.ties_ba = 2;
        p.net_flow = Some(0.6);
        let mut o = outputs();
        o.groups = groups6();
        let ctx = ctx_of(&o);
        assert_eq!(
            flow_phrase(&ctx, &p),
            "; knowledge flows mostly from City to Bank (80% of the ties carry it that way)"
        );
        o.summary.flow = "against".into();
        let ctx = ctx_of(&o);
        assert!(flow_phrase(&ctx, &p).contains("from Bank to City"));
    }

    #[test]
    fn no_cross_ties_and_one_group() {
        let mut o = outputs();
        o.groups = groups6();
        let mut p = liaison_pair();
        (p.ties_ab, p.ties_ba, p.spanners_a, p.spanners_b) = (0, 0, 0, 0);
        (p.reciprocated_share, p.top_two_share, p.top_spanner) = (None, None, None);
        (p.net_flow, p.reach_lost_top_spanner) = (None, None);
        (p.integration_score, p.stage) = (0.0, "none".into());
        o.pairs = vec![p];
        let s = section(&ctx_of(&o));
        let text: Vec<String> = s
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(t) => Some(t.to_plain()),
                _ => None,
            })
            .collect();
        assert_eq!(text[1], "Of the 1 pair of groups, 1 has no tie at all.");
        assert_eq!(
            text[2],
            "No tie crosses between groups: each group works on its own."
        );
        o.pairs.clear();
        let s = section(&ctx_of(&o));
        assert_eq!(s.blocks.len(), 1);
    }
}
