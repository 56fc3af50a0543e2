//! The recommended-introductions section, for folders written with `analyze --recommend K`:
//! each introduction with its reason and the chain of contacts that can make it, then every
//! partnership the introductions affect, before and after (integration score, stage, top reach
//! loss, reachable pairs), then the realism rules and how the effect was measured.
//!
//! Read from introductions.csv, introductions_effect.csv and recommendations.json (README
//! "Recommended introductions"); nothing is computed here but the wording, so each figure is
//! one of those files' cells.

use super::doc::{Block, Section, Text};
use super::folder::{IntroEffect, Introduction, Recommended};
use super::partners::tone;
use super::words::{and_list, capital, dec, in_brackets, int, n_of, pct};
use super::Ctx;

/// Introductions named in the key findings; above, the rest are counted.
pub const FINDING_NAMES: usize = 3;

/// "L01 (Boston) – L47 (Providence)".
fn pair_of(i: &Introduction) -> String {
    format!(
        "{}{} – {}{}",
        i.person_a,
        in_brackets(&i.group_a),
        i.person_b,
        in_brackets(&i.group_b)
    )
}

/// "arms-length" → "at arms-length"; other stages as they are.
fn stage_words(stage: &str) -> String {
    match stage {
        "arms-length" => "at arms-length".into(),
        "none" => "without any tie".into(),
        s => s.to_string(),
    }
}

/// Two scores, with as many decimals (2 or 3) as it takes to tell them apart.
fn scores(before: f64, after: f64) -> (String, String) {
    let places = if dec(before, 2) == dec(after, 2) {
        3
    } else {
        2
    };
    (dec(before, places), dec(after, places))
}

/// A share and who holds it: "21% (L37)", or "0%" when nobody does.
fn share_of(share: f64, person: &Option<String>) -> Text {
    let t = Text::new().strong(pct(share));
    match person {
        Some(p) if share > 0.0 => t.plain(format!(" ({p})")),
        _ => t,
    }
}

/// The sentence on one partnership before and after the introductions.
pub fn effect_line(ctx: &Ctx, e: &IntroEffect) -> Text {
    let mut t = Text::new().strong(e.name());
    t = t.plain(if e.introductions == 0 {
        " (no introduction between them; routes through the new ties change its figures): "
            .to_string()
    } else {
        format!(
            " ({}): ",
            n_of(e.introductions, "introduction", "introductions")
        )
    });
    // Integration score and stage.
    if e.score.0 == e.score.1 {
        t = t.plain(format!(
            "integration score unchanged at {}",
            dec(e.score.0, 2)
        ));
    } else {
        let (b, a) = scores(e.score.0, e.score.1);
        t = t.plain(format!("integration score {b} → ")).strong(a);
    }
    if e.stage.0 == e.stage.1 {
        t = t
            .plain(", still ")
            .badge(stage_words(&e.stage.1), tone(&e.stage.1));
    } else {
        t = t
            .plain(", from ")
            .badge(e.stage.0.as_str(), tone(&e.stage.0))
            .plain(" to ")
            .badge(e.stage.1.as_str(), tone(&e.stage.1));
    }
    t = t.plain(". ");
    // Top reach loss.
    let (b, a) = e.top_reach_loss;
    t = if b == 0.0 && a == 0.0 {
        t.plain("No one's leaving cuts any of its reach, before or after.")
    } else if a == b && e.top_person.0 == e.top_person.1 {
        t.plain("The largest share of its reach that hangs on one person stays at ")
            .then(share_of(b, &e.top_person.0))
            .plain(".")
    } else {
        let verb = if a < b { "falls" } else { "rises" };
        let mut t = t
            .plain(format!(
                "The largest share of its reach that hangs on one person {verb} from "
            ))
            .then(share_of(b, &e.top_person.0))
            .plain(" to ")
            .then(share_of(a, &e.top_person.1));
        if a == 0.0 {
            t = t.plain(": no one's leaving cuts any of its reach any more");
        }
        t.plain(".")
    };
    let (rb, ra) = e.reachable_pairs;
    if rb != ra {
        t = t.plain(format!(
            " Pairs of people in the two {} who can reach each other (counted each way): {} → {}.",
            ctx.words,
            int(rb),
            int(ra)
        ));
    }
    t
}

/// The line of one introduction: who, how far apart, who can introduce them, why.
fn introduction_line(i: &Introduction) -> Text {
    let mut t = Text::new()
        .plain("Introduce ")
        .strong(i.person_a.as_str())
        .plain(format!("{} to ", in_brackets(&i.group_a)))
        .strong(i.person_b.as_str())
        .plain(in_brackets(&i.group_b));
    t = t.plain(format!(", {} apart", n_of(i.distance, "step", "steps")));
    if !i.introduced_by.is_empty() {
        let who = and_list(&i.introduced_by);
        t = t.plain(if i.introduced_by.len() == 1 {
            format!("; {who} knows both and can introduce them")
        } else {
            format!("; the chain of contacts {who} links them")
        });
    }
    t.plain(format!(". Why: {}.", i.reason.trim_end_matches('.')))
}

/// The objective in words.
fn objective_words(ctx: &Ctx, objective: &str) -> String {
    match objective {
        "redundancy" => format!(
            "to give each person who is today a single point of failure between two {} a \
             parallel route (objective redundancy)",
            ctx.words
        ),
        _ => "to cut the largest share of each partnership's reach that hangs on one person \
              (its top reach loss), then to connect people who cannot reach each other yet \
              (objective reach)"
            .to_string(),
    }
}

/// The section, when the folder has recommended introductions.
pub fn section(ctx: &Ctx) -> Option<Section> {
    let r = ctx.o.recommended.as_ref()?;
    let mut s = Section::new("introductions", "Recommended introductions");
    s.paragraph(format!(
        "An introduction is a new two-way tie between two people in different {ws}, so that the \
         links between {ws} hang less on single people. Each one was picked {}, given the ones \
         before it. Reach across a partnership counts the pairs of people, one in each {w}, \
         where one can reach the other through a chain of ties; the top reach loss is the \
         largest share of it that one person's leaving would cut.",
        objective_words(ctx, &r.objective),
        ws = ctx.words,
        w = ctx.word,
    ));
    let n = r.introductions.len() as u64;
    if n == 0 {
        s.paragraph(format!(
            "No introduction is recommended ({} asked for): {}.",
            int(r.requested),
            r.stopped
                .as_deref()
                .unwrap_or("none improves the objective")
        ));
    } else {
        let mut head = format!(
            "{} recommended ({} asked for){}",
            capital(&n_of(n, "introduction is", "introductions are")),
            int(r.requested),
            if n > 1 {
                ", in the order they were picked"
            } else {
                ""
            }
        );
        if let Some(why) = &r.stopped {
            head += &format!("; the search stopped there: {why}");
        }
        head += ".";
        if ctx.o.charts.contains_key("network") {
            head += " The network chart draws them as dashed lines.";
        }
        s.paragraph(head);
        s.push(Block::Bullets(
            r.introductions.iter().map(introduction_line).collect(),
        ));
    }
    if !r.effect.is_empty() {
        s.push(Block::Subheading(
            "What they change, partnership by partnership".into(),
        ));
        s.push(Block::Bullets(
            r.effect.iter().map(|e| effect_line(ctx, e)).collect(),
        ));
    }
    s.note(rules_note(ctx, r));
    s.note(
        "The effect was recomputed, not estimated: the partnership table was computed again, by \
         the same code, on the network with the introduced ties (pairs_after.csv), and each top \
         reach loss measured from scratch there (introductions_effect.csv).",
    );
    Some(s)
}

/// The realism rules the candidates met.
fn rules_note(ctx: &Ctx, r: &Recommended) -> String {
    let mut t = format!(
        "Candidates: people at most {} apart in the network (so that existing contacts can make \
         the introduction), in different {}, not already tied, and neither with more than {} \
         (--max-distance, --max-degree; by default 3 steps and the 90th percentile of contact \
         counts). Grapevine evaluated {}.",
        n_of(r.max_distance, "step", "steps"),
        ctx.words,
        n_of(r.degree_cap, "contact", "contacts"),
        n_of(
            r.candidates,
            "candidate introduction",
            "candidate introductions"
        )
    );
    if let Some((a, b)) = &r.between {
        t += &format!(" Only the {a}–{b} partnership was searched (--between).");
    }
    t
}

/// The key-findings line: the introductions and their largest effect.
pub fn finding(ctx: &Ctx) -> Option<Text> {
    let r = ctx.o.recommended.as_ref()?;
    if r.introductions.is_empty() {
        return Some(Text::from(
            "No introduction between people a few steps apart would make a partnership less \
             dependent on single people (see Recommended introductions).",
        ));
    }
    let mut names: Vec<String> = r
        .introductions
        .iter()
        .take(FINDING_NAMES)
        .map(pair_of)
        .collect();
    if r.introductions.len() > FINDING_NAMES {
        names.push(n_of(
            (r.introductions.len() - FINDING_NAMES) as u64,
            "more",
            "more",
        ));
    }
    let mut t = Text::new()
        .plain("Recommended introductions: ")
        .plain(and_list(&names))
        .plain(".");
    // The largest effect: a change of stage first, then the largest drop in top reach loss.
    let moved = r
        .effect
        .iter()
        .filter(|e| e.stage.0 != e.stage.1)
        .max_by(|x, y| (x.score.1 - x.score.0).total_cmp(&(y.score.1 - y.score.0)));
    let cut = r
        .effect
        .iter()
        .filter(|e| e.top_reach_loss.1 < e.top_reach_loss.0)
        .max_by(|x, y| {
            (x.top_reach_loss.0 - x.top_reach_loss.1)
                .total_cmp(&(y.top_reach_loss.0 - y.top_reach_loss.1))
        });
    if let Some(e) = moved {
        t = t.plain(format!(
            " {} moves from {} to {} (integration score {} → {}).",
            e.name(),
            e.stage.0,
            e.stage.1,
            scores(e.score.0, e.score.1).0,
            scores(e.score.0, e.score.1).1
        ));
    } else if let Some(e) = cut {
        t = t.plain(format!(
            " The largest share of {}'s reach that hangs on one person falls from {} to {}.",
            e.name(),
            pct(e.top_reach_loss.0),
            pct(e.top_reach_loss.1)
        ));
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::narrative::tests::{ctx_of, outputs};

    fn liaison() -> Recommended {
        Recommended {
            objective: "reach".into(),
            requested: 3,
            stopped: Some("no further introduction improves the reach objective".into()),
            between: Some(("Bank".into(), "City".into())),
            max_distance: 3,
            degree_cap: 2,
            candidates: 1,
            introductions: vec![Introduction {
                rank: 1,
                person_a: "BAN3".into(),
                group_a: "Bank".into(),
                person_b: "CIT2".into(),
                group_b: "City".into(),
                distance: 3,
                introduced_by: vec!["BAN4".into(), "CIT1".into()],
                reason: "would give Bank and City a second route besides BAN4".into(),
            }],
            effect: vec![IntroEffect {
                a: "Bank".into(),
                b: "City".into(),
                introductions: 1,
                score: (0.3125, 0.4583333333333333),
                stage: ("arms-length".into(), "coordinated".into()),
                top_reach_loss: (1.0, 2.0 / 3.0),
                top_person: (Some("BAN4".into()), Some("BAN3".into())),
                reachable_pairs: (32, 32),
            }],
        }
    }

    #[test]
    fn introductions_and_their_effect_in_sentences() {
        let mut o = outputs();
        o.summary.group_word = "organization".into();
        o.recommended = Some(liaison());
        let ctx = ctx_of(&o);
        let s = section(&ctx).unwrap();
        let plain: Vec<String> = s
            .blocks
            .iter()
            .flat_map(|b| match b {
                Block::Bullets(items) => items.iter().map(Text::to_plain).collect(),
                Block::Paragraph(t) | Block::Note(t) => vec![t.to_plain()],
                _ => vec![],
            })
            .collect();
        let has = |want: &str| {
            assert!(plain.iter().any(|l| l.contains(want)), "{want}\n{plain:#?}");
        };
        has(
            "1 introduction is recommended (3 asked for); the search stopped there: no \
             further introduction improves the reach objective.",
        );
        has(
            "Introduce BAN3 (Bank) to CIT2 (City), 3 steps apart; the chain of contacts \
             BAN4 and CIT1 links them. Why: would give Bank and City a second route besides \
             BAN4.",
        );
        has(
            "Bank–City (1 introduction): integration score 0.31 → 0.46, from arms-length to \
             coordinated. The largest share of its reach that hangs on one person falls \
             from 100% (BAN4) to 67% (BAN3).",
        );
        has("neither with more than 2 contacts");
        has("Only the Bank–City partnership was searched (--between).");
        has("recomputed, not estimated");
        assert_eq!(
            finding(&ctx).unwrap().to_plain(),
            "Recommended introductions: BAN3 (Bank) – CIT2 (City). Bank–City moves from \
             arms-length to coordinated (integration score 0.31 → 0.46)."
        );
        // Without introductions.csv the report has no such section.
        o.recommended = None;
        assert!(section(&ctx_of(&o)).is_none());
    }

    #[test]
    fn unchanged_and_cleared_partnerships() {
        let o = outputs();
        let ctx = ctx_of(&o);
        let e = IntroEffect {
            a: "Hartford".into(),
            b: "Providence".into(),
            introductions: 0,
            score: (0.5738636363636364, 0.5738636363636364),
            stage: ("coordinated".into(), "coordinated".into()),
            top_reach_loss: (0.1935483870967742, 0.0),
            top_person: (Some("L37".into()), None),
            reachable_pairs: (130, 130),
        };
        assert_eq!(
            effect_line(&ctx, &e).to_plain(),
            "Hartford–Providence (no introduction between them; routes through the new ties \
             change its figures): integration score unchanged at 0.57, still coordinated. The \
             largest share of its reach that hangs on one person falls from 19% (L37) to 0%: \
             no one's leaving cuts any of its reach any more."
        );
        // Scores equal to two decimals get a third; new reachable pairs are counted.
        let e = IntroEffect {
            score: (0.5741, 0.5749),
            top_reach_loss: (0.0, 0.0),
            top_person: (None, None),
            reachable_pairs: (120, 130),
            introductions: 2,
            ..e
        };
        assert_eq!(
            effect_line(&ctx, &e).to_plain(),
            "Hartford–Providence (2 introductions): integration score 0.574 → 0.575, still \
             coordinated. No one's leaving cuts any of its reach, before or after. Pairs of people in the two groups who can reach each other \
             (counted each way): 120 → 130."
        );
    }
}
