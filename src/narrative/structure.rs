//! The section on how far the informal network follows the formal groups: the E–I index
//! against the one group sizes alone would give (with its permutation p-value), the modularity
//! of the groups against that of the communities found from the ties, the communities' make-up
//! (people.csv `community`), and the groups table (groups.csv).

use super::doc::{Block, Section, Table, Text};
use super::words::{and_list, capital, dec, int, n_of, pct};
use super::Ctx;

/// Communities listed in the table (the largest).
pub const TABLE_COMMUNITIES: usize = 10;
/// Groups listed in the groups table (all of them up to this many, in groups.csv order).
pub const TABLE_GROUPS: usize = 60;
/// A gap between the E–I index and its expected value smaller than this is "about as often".
pub const EI_CLOSE: f64 = 0.05;

/// Share of ties inside groups that an E–I index gives: (1 − E–I) / 2.
pub fn inside_share(ei: f64) -> f64 {
    (1.0 - ei) / 2.0
}

/// The sentence on where ties fall, or None when it is undefined (no ties, one group).
pub fn ei_sentence(ctx: &Ctx) -> Option<String> {
    let s = &ctx.o.summary;
    let (ei, exp) = (s.ei_index?, s.ei_expected?);
    if s.groups < 2 {
        return None;
    }
    let (inside, expected) = (pct(inside_share(ei)), pct(inside_share(exp)));
    let ties = ctx.ties_word_capital();
    Some(if ei < exp - EI_CLOSE {
        format!(
            "{ties} stay inside {ws}: {inside} link people of the same {w}, where {w} sizes alone \
             would give {expected}.",
            ws = ctx.words,
            w = ctx.word
        )
    } else if ei > exp + EI_CLOSE {
        format!(
            "{ties} reach across {ws} more than {w} sizes alone would give: {inside} link people \
             of the same {w}, where sizes alone would give {expected}.",
            ws = ctx.words,
            w = ctx.word
        )
    } else {
        format!(
            "{ties} cross {w} lines about as often as {w} sizes alone would give: {inside} link \
             people of the same {w}, against {expected} expected.",
            w = ctx.word
        )
    })
}

/// The sentence comparing the groups' modularity with the communities', or None.
pub fn modularity_sentence(ctx: &Ctx) -> Option<String> {
    let s = &ctx.o.summary;
    let (mg, mc) = (s.modularity_groups?, s.modularity_communities?);
    if s.groups < 2 || mc <= 0.0 {
        return None;
    }
    let ratio = mg / mc;
    let verdict = if ratio >= 0.8 {
        format!("the informal network largely follows the {}", ctx.words)
    } else if ratio >= 0.5 {
        format!(
            "the {} explain the network's clusters only in part: people also cluster across {} lines",
            ctx.words, ctx.word
        )
    } else {
        format!("the informal clusters mostly cut across the {}", ctx.words)
    };
    Some(format!(
        "{} (modularity {} for the {} against {} for the {} found from the ties alone).",
        capital(&verdict),
        dec(mg, 2),
        ctx.words,
        dec(mc, 2),
        n_of(s.communities.unwrap_or(0), "cluster", "clusters")
    ))
}

fn p_value_sentence(ctx: &Ctx) -> Option<String> {
    let s = &ctx.o.summary;
    let p = s.ei_p_value?;
    let n = s.ei_permutations.unwrap_or(0);
    if n == 0 {
        return None;
    }
    let shuffles = format!(
        "random reshufflings of the {} labels (sizes kept)",
        ctx.word
    );
    Some(if p * n as f64 <= 0.5 {
        format!(
            "In none of {} {shuffles} was the gap this large, so chance is very unlikely to \
             explain it (p < {}).",
            int(n),
            significant(1.0 / n as f64)
        )
    } else if p < 0.05 {
        format!(
            "Only {} of {} {shuffles} gave a gap this large, so it is unlikely to be chance (p = {}).",
            pct(p),
            int(n),
            dec(p, 3)
        )
    } else {
        format!(
            "{} of {} {shuffles} gave a gap at least this large, so it may be chance (p = {}).",
            capital(&pct(p)),
            int(n),
            dec(p, 2)
        )
    })
}

/// `x` > 0 to two significant digits: 0.0001, 0.00018.
fn significant(x: f64) -> String {
    let places = (-x.log10().floor()) as usize + 1;
    let s = format!("{:.*}", places.min(12), x);
    let s = s.trim_end_matches('0');
    s.trim_end_matches('.').to_string()
}

/// The structure section.
pub fn section(ctx: &Ctx) -> Section {
    let o = ctx.o;
    let s_ = &o.summary;
    let mut s = Section::new(
        "structure",
        format!("Does the informal network follow the {}?", ctx.words),
    );
    if s_.groups < 2 {
        s.paragraph(format!(
            "Everyone is in one {}, so there are no {} lines for the ties to follow or cross.",
            ctx.word, ctx.word
        ));
    } else if let Some(ei) = ei_sentence(ctx) {
        let mut t = ei;
        if let (Some(a), Some(b)) = (s_.ei_index, s_.ei_expected) {
            t += &format!(
                " (E–I index {} against {} expected; −1 means every tie stays inside, +1 every \
                 tie crosses.)",
                dec(a, 2),
                dec(b, 2)
            );
        }
        s.paragraph(t);
        if let Some(p) = p_value_sentence(ctx) {
            s.paragraph(p);
        } else if !o.computed("ei_test") {
            s.note("The E–I permutation test was not run (ei_test was left out of --metrics).");
        }
        if let (Some(lo), Some(hi)) = (s_.ei_feasible_min, s_.ei_feasible_max) {
            if lo > -1.0 + 1e-9 || hi < 1.0 - 1e-9 {
                s.note(format!(
                    "With this many ties and these {} sizes the E–I index can only range from {} \
                     to {}.",
                    ctx.word,
                    dec(lo, 2),
                    dec(hi, 2)
                ));
            }
        }
    } else {
        s.paragraph("There are no ties, so there is nothing to compare.");
    }
    match (s_.modularity_groups, s_.modularity_communities) {
        (_, Some(_)) if s_.groups >= 2 => {
            s.paragraph(format!(
                "Modularity measures how cleanly a split into groups cuts the network into \
                 tight clusters (0: no better than chance; higher: ties stay inside the \
                 clusters). {}",
                modularity_sentence(ctx).unwrap_or_else(|| {
                    "The ties alone form no clusters, so there is nothing to compare.".into()
                })
            ));
        }
        (_, Some(mc)) => s.paragraph(format!(
            "The ties alone form {} (modularity {}).",
            n_of(s_.communities.unwrap_or(0), "cluster", "clusters"),
            dec(mc, 2)
        )),
        (Some(mg), None) if s_.groups >= 2 => {
            s.paragraph(format!(
                "The {} split the network with modularity {} (0: no better than chance).",
                ctx.words,
                dec(mg, 2)
            ));
            s.note("Communities were not computed (community was left out of --metrics), so there is no informal split to compare with.");
        }
        _ => {}
    }
    communities(ctx, &mut s);
    groups_table(ctx, &mut s);
    if let Some(f) = ctx.figure(
        "boundary",
        &format!("Tie density within and between {}", ctx.words),
        &format!(
            "Density of ties within and between {}: darker cells, denser ties.",
            ctx.words
        ),
    ) {
        s.push(f);
    }
    s
}

fn communities(ctx: &Ctx, s: &mut Section) {
    let o = ctx.o;
    let mut by: Vec<(u64, Vec<&str>)> = Vec::new();
    for p in &o.people {
        if let Some(c) = p.community {
            match by.iter_mut().find(|(id, _)| *id == c) {
                Some((_, v)) => v.push(&p.group),
                None => by.push((c, vec![&p.group])),
            }
        }
    }
    if by.is_empty() {
        return;
    }
    by.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(x.0.cmp(&y.0)));
    s.push(Block::Subheading("The clusters found from the ties".into()));
    let mut lead = String::from(
        "Each cluster is a set of people with more ties among themselves than to others \
         (the community column of people.csv). ",
    );
    if by.len() > TABLE_COMMUNITIES {
        lead += &format!(
            "The {TABLE_COMMUNITIES} largest of {} clusters:",
            int(by.len() as u64)
        );
    }
    s.paragraph(lead.trim_end().to_string());
    let largest = format!("Largest {}", ctx.word);
    let share = format!("#Share from that {}", ctx.word);
    let others = format!("Other {}", ctx.words);
    let mut t = Table::new(&["Cluster", "#People", &largest, &share, &others]);
    for (id, groups) in by.iter().take(TABLE_COMMUNITIES) {
        let mut counts: Vec<(&str, u64)> = Vec::new();
        for g in groups {
            match counts.iter_mut().find(|(x, _)| x == g) {
                Some((_, n)) => *n += 1,
                None => counts.push((g, 1)),
            }
        }
        counts.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        let mut rest: Vec<String> = counts
            .iter()
            .skip(1)
            .take(3)
            .map(|(g, n)| format!("{g} ({})", int(*n)))
            .collect();
        if counts.len() > 4 {
            rest.push(format!("{} more", int(counts.len() as u64 - 4)));
        }
        let rest = and_list(&rest);
        t.row(vec![
            Text::from(int(*id)),
            Text::from(int(groups.len() as u64)),
            Text::from(counts[0].0),
            Text::from(pct(counts[0].1 as f64 / groups.len() as f64)),
            Text::from(rest),
        ]);
    }
    s.push(Block::Table(t));
}

fn groups_table(ctx: &Ctx, s: &mut Section) {
    let o = ctx.o;
    if o.groups.is_empty() {
        return;
    }
    s.push(Block::Subheading(format!("The {}", ctx.words)));
    let survey = o.groups.iter().any(|g| g.response_rate.is_some());
    let mut cols = vec![
        ctx.word_title.as_str(),
        "#People",
        "#Ties inside",
        "#Ties out",
        "#Ties in",
        "#Density inside",
        "#E–I",
        "#People with outside ties",
        "#Top spanner's share",
    ];
    if survey {
        cols.push("#Response rate");
    }
    let mut t = Table::new(&cols);
    for g in o.groups.iter().take(TABLE_GROUPS) {
        let mut row = vec![
            Text::new().strong(g.name.as_str()),
            Text::from(int(g.size)),
            Text::from(int(g.ties_internal)),
            Text::from(int(g.ties_out)),
            Text::from(int(g.ties_in)),
            Text::from(g.density_internal.map(pct).unwrap_or_default()),
            Text::from(g.ei_index.map(|x| dec(x, 2)).unwrap_or_default()),
            Text::from(int(g.spanners)),
            Text::from(g.top_spanner_share.map(pct).unwrap_or_default()),
        ];
        if survey {
            row.push(Text::from(g.response_rate.map(pct).unwrap_or_default()));
        }
        t.row(row);
    }
    s.push(Block::Table(t));
    let mut note = format!(
        "Density inside: share of possible ties among members that exist. E–I: −1 when every \
         tie stays inside the {w}, +1 when every tie crosses. Top spanner's share: the largest \
         share of the {w}'s cross ties that one member holds.",
        w = ctx.word
    );
    if o.groups.len() > TABLE_GROUPS {
        note += &format!(
            " The table shows the first {TABLE_GROUPS} of {} {}; groups.csv has them all.",
            int(o.groups.len() as u64),
            ctx.words
        );
    }
    s.note(note);
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ctx_of, outputs};
    use super::*;

    #[test]
    fn ei_and_modularity_in_words() {
        let mut o = outputs();
        o.summary.groups = 3;
        o.summary.group_word = "office".into();
        o.summary.relation = "advice".into();
        o.summary.ei_index = Some(-0.5695067264573991);
        o.summary.ei_expected = Some(-0.05030181086519115);
        o.summary.ei_p_value = Some(0.0);
        o.summary.ei_permutations = Some(10_000);
        o.summary.modularity_groups = Some(0.19520174344949634);
        o.summary.modularity_communities = Some(0.3047504976975206);
        o.summary.communities = Some(3);
        let ctx = ctx_of(&o);
        assert_eq!(
            ei_sentence(&ctx).unwrap(),
            "Advice ties stay inside offices: 78% link people of the same office, where office \
             sizes alone would give 53%."
        );
        assert_eq!(
            p_value_sentence(&ctx).unwrap(),
            "In none of 10,000 random reshufflings of the office labels (sizes kept) was the gap \
             this large, so chance is very unlikely to explain it (p < 0.0001)."
        );
        assert_eq!(
            modularity_sentence(&ctx).unwrap(),
            "The offices explain the network's clusters only in part: people also cluster across \
             office lines (modularity 0.20 for the offices against 0.30 for the 3 clusters found \
             from the ties alone)."
        );
        assert_eq!(significant(1.0 / 5542.0), "0.00018");
        assert_eq!(significant(0.001), "0.001");
        o.summary.ei_p_value = Some(0.31);
        assert!(p_value_sentence(&ctx_of(&o))
            .unwrap()
            .contains("may be chance (p = 0.31)"));
    }

    #[test]
    fn one_group_has_nothing_to_follow() {
        let mut o = outputs();
        o.summary.groups = 1;
        o.summary.ei_index = Some(-1.0);
        o.summary.ei_expected = Some(-1.0);
        assert!(ei_sentence(&ctx_of(&o)).is_none());
        let s = section(&ctx_of(&o));
        assert!(matches!(&s.blocks[0], Block::Paragraph(t)
            if t.to_plain().starts_with("Everyone is in one group")));
    }
}
