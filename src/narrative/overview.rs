//! The opening and closing sections: the key findings (headline numbers and one sentence per
//! theme, each drawn from the same figures as the section that details it), the network in
//! numbers, and the notes on where the numbers come from (computed and estimated measures,
//! ingest counts, charts).

use super::doc::{Block, KeyFigure, Section, Text};
use super::partners::stage_summary;
use super::people::{broker_sentence, who_leaves, worst};
use super::structure::{ei_sentence, inside_share, modularity_sentence};
use super::words::{capital, dec, int, n_of, pct};
use super::Ctx;
use crate::analysis::findings::hoarder_flags;

/// The key findings section.
pub fn findings(ctx: &Ctx) -> Section {
    let o = ctx.o;
    let s_ = &o.summary;
    let mut s = Section::new("findings", "Key findings");
    let mut figs = vec![
        KeyFigure {
            value: int(s_.people),
            label: "people".into(),
        },
        KeyFigure {
            value: int(s_.ties),
            label: ctx.ties_word(),
        },
        KeyFigure {
            value: int(s_.groups),
            label: if s_.groups == 1 {
                ctx.word.clone()
            } else {
                ctx.words.clone()
            },
        },
    ];
    if let (Some(ei), true) = (s_.ei_index, s_.groups >= 2) {
        figs.push(KeyFigure {
            value: pct(inside_share(ei)),
            label: format!("of ties stay inside one {}", ctx.word),
        });
    }
    if !o.pairs.is_empty() {
        let integrated = o.pairs.iter().filter(|p| p.stage == "integrated").count() as u64;
        figs.push(KeyFigure {
            value: format!("{} of {}", int(integrated), int(o.pairs.len() as u64)),
            label: format!("{} pairs integrated", ctx.word),
        });
    }
    if let Some(top) = s_.key_people.single_points_of_failure.first() {
        if s_.groups >= 2 {
            figs.push(KeyFigure {
                value: pct(top.reach_loss),
                label: format!("of reach across {} lost if one person leaves", ctx.words),
            });
        }
    }
    s.push(Block::KeyFigures(figs));

    let mut items: Vec<Text> = Vec::new();
    if s_.groups < 2 {
        let name = o.groups.first().map(|g| g.name.as_str()).unwrap_or("");
        items.push(Text::from(if name == "(none)" {
            format!(
                "The data gives no {} for anyone, so everyone is in one group and nothing here \
                 describes partnerships between groups.",
                s_.group_attribute
            )
        } else {
            format!(
                "Everyone is in one {} ({name}), so nothing here describes partnerships between {}.",
                ctx.word, ctx.words
            )
        }));
    }
    if let Some(t) = ei_sentence(ctx) {
        items.push(Text::from(t));
    }
    if let Some(t) = stage_summary(ctx) {
        items.push(Text::from(t));
    }
    if let Some(b) = s_.key_people.top_brokers.first() {
        items.push(
            Text::new()
                .plain("Top broker: ")
                .then(broker_sentence(ctx, b, false)),
        );
    }
    if o.computed("reach_loss") && s_.groups >= 2 {
        let top = worst(&s_.key_people.single_points_of_failure);
        items.push(if top.is_empty() {
            Text::from(format!(
                "No single person's leaving cuts any reach across {}.",
                ctx.words
            ))
        } else {
            let each = if top.len() > 1 {
                " (as much for each of them)"
            } else {
                ""
            };
            who_leaves(&top).plain(format!(
                ", {} of the reach across {} is lost{each}, more than for anyone else.",
                pct(top[0].reach_loss),
                ctx.words
            ))
        });
    }
    let (received, given) = o.received_given();
    let (flags, _) = hoarder_flags(&received, &given);
    let hoarders: Vec<&str> = o
        .people
        .iter()
        .zip(&flags)
        .filter(|(_, &f)| f)
        .map(|(p, _)| p.group.as_str())
        .collect();
    if !o.people.is_empty() {
        items.push(Text::from(if hoarders.is_empty() {
            "No one hoards knowledge by this report's rule.".to_string()
        } else {
            let n = hoarders.len() as u64;
            let mut t = format!(
                "{} take{} in much more knowledge than they pass on",
                capital(&n_of(n, "person", "people")),
                if n == 1 { "s" } else { "" },
            );
            let mut groups: Vec<&str> = hoarders.clone();
            groups.sort_unstable();
            groups.dedup();
            if s_.groups >= 2 && n > 1 {
                let most = groups
                    .iter()
                    .map(|g| (hoarders.iter().filter(|h| *h == g).count() as u64, *g))
                    .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(x.1)))
                    .expect("some hoarder");
                if most.0 == n {
                    t += &format!("; all of them are in {}", most.1);
                } else if most.0 * 2 > n {
                    t += &format!("; {} of them are in {}", int(most.0), most.1);
                }
            }
            t + "."
        }));
    }
    if let Some(t) = modularity_sentence(ctx) {
        items.push(Text::from(t));
    }
    if let Some(t) = super::introductions::finding(ctx) {
        items.push(t);
    }
    s.push(Block::Bullets(items));
    s
}

/// The network section: size, density, reciprocity, clustering, components.
pub fn network(ctx: &Ctx) -> Section {
    let s_ = &ctx.o.summary;
    let mut s = Section::new("network", "The network");
    let mut t = format!(
        "{} and {}",
        n_of(s_.people, "person", "people"),
        n_of(s_.ties, &ctx.tie_word(), &ctx.ties_word())
    );
    if s_.people > 0 {
        t += &format!(
            ": each person has {} outgoing ties on average",
            dec(s_.ties as f64 / s_.people as f64, 1)
        );
    }
    if let Some(d) = s_.density {
        t += &format!(
            ", and {} of all possible ties exist (density {})",
            pct(d),
            dec(d, 3)
        );
    }
    t += ".";
    let mut items = vec![Text::from(t)];
    if let Some(r) = s_.reciprocity {
        items.push(Text::from(format!(
            "{} of ties are returned: the other person has a tie back.",
            capital(&pct(r))
        )));
    }
    if let Some(c) = s_.transitivity {
        if s_.ties > 0 {
            items.push(Text::from(format!(
                "Clustering: when two people share a contact, they are in contact themselves {} \
                 of the time (transitivity {}).",
                pct(c),
                dec(c, 2)
            )));
        }
    }
    if s_.weak_components == 1 {
        items.push(Text::from(
            "Everyone is connected: anyone can reach anyone through a chain of ties (in either \
             direction).",
        ));
    } else if s_.weak_components > 1 {
        let mut t = format!(
            "The network falls into {} separate parts",
            int(s_.weak_components)
        );
        if let Some(l) = s_.largest_component_share {
            t += &format!("; the largest holds {} of the people", pct(l));
        }
        items.push(Text::from(t + "."));
    }
    s.push(Block::Bullets(items));
    if let Some(f) = ctx.figure(
        "network",
        "The network of people",
        &format!(
            "Who connects whom: each dot is a person, coloured by {}; the chart's legend \
             explains sizes and marks.",
            ctx.word
        ),
    ) {
        s.push(f);
    }
    s
}

fn estimate_line(name: &str, v: &serde_json::Value) -> String {
    let method = v["method"].as_str().unwrap_or("estimated");
    let details: Vec<String> = v
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| k.as_str() != "method")
                .map(|(k, x)| {
                    let shown = match x.as_f64() {
                        Some(f) if x.is_u64() => int(f as u64),
                        Some(f) => dec(f, 4).trim_end_matches('0').to_string(),
                        None => x.to_string(),
                    };
                    format!("{} {shown}", k.replace('_', " "))
                })
                .collect()
        })
        .unwrap_or_default();
    if details.is_empty() {
        format!("{}: {method}.", name.replace('_', " "))
    } else {
        format!(
            "{}: {method} ({}).",
            name.replace('_', " "),
            details.join(", ")
        )
    }
}

/// The closing notes: data, options, computed and estimated measures, charts, sources.
pub fn about(ctx: &Ctx) -> Section {
    let o = ctx.o;
    let s_ = &o.summary;
    let mut s = Section::new("about", "About this report");
    let flow = if s_.flow == "against" {
        "against the ties (a tie points to the person who gives)"
    } else {
        "along the ties"
    };
    let mut items = vec![
        Text::from(format!(
            "Data: {}, {} ties, {} grouped by {} (\u{201c}{}\u{201d}); knowledge flows {flow}.",
            s_.dataset,
            ctx.relation(),
            n_of(s_.people, "person", "people"),
            s_.group_attribute,
            ctx.word
        )),
        Text::from(format!(
            "Analysed on {} with Grapevine {}{}.",
            s_.analysed_on,
            s_.grapevine_version,
            s_.seed.map(|x| format!(", seed {x}")).unwrap_or_default()
        )),
    ];
    let missing: Vec<&str> = crate::analysis::Family::ALL
        .iter()
        .map(|(_, n)| *n)
        .filter(|n| !o.computed(n))
        .collect();
    if !missing.is_empty() {
        items.push(Text::from(format!(
            "Not computed (--metrics): {}. The sections that need them say so.",
            missing.join(", ")
        )));
    }
    if s_.estimated.is_empty() {
        items.push(Text::from(
            "Nothing was estimated: every measure here is exact.",
        ));
    } else {
        items.push(Text::from(
            "Estimated by sampling instead of computed exactly (for a large network, or when asked \
             with --betweenness / --paths approx):",
        ));
        for (k, v) in &s_.estimated {
            items.push(Text::from(estimate_line(k, v)));
        }
    }
    if s_.self_loops_dropped + s_.duplicates_merged > 0 {
        items.push(Text::from(format!(
            "When reading the ties, {} were dropped and {} merged.",
            n_of(
                s_.self_loops_dropped,
                "tie of a person to themselves",
                "ties of people to themselves"
            ),
            n_of(s_.duplicates_merged, "duplicate tie", "duplicate ties")
        )));
    }
    if o.charts.is_empty() {
        items.push(Text::from(
            "This folder holds no charts (the analysis ran with --no-charts); grapevine render \
             draws them.",
        ));
    } else {
        let files: Vec<&str> = crate::render::CHART_NAMES
            .iter()
            .filter_map(|n| o.charts.get(*n).map(|c| c.file.as_str()))
            .collect();
        items.push(Text::from(format!("Charts: {}.", files.join(", "))));
    }
    items.push(Text::from(if o.recommended.is_some() {
        "Every figure in this report is read from summary.json, pairs.csv, people.csv and \
         groups.csv in this folder (ties.csv for brokers' contacts; introductions.csv, \
         introductions_effect.csv and recommendations.json for the introductions); the README \
         defines each measure."
    } else {
        "Every figure in this report is read from summary.json, pairs.csv, people.csv and \
         groups.csv in this folder (and ties.csv for brokers' contacts); the README defines each \
         measure."
    }));
    s.push(Block::Bullets(items));
    s
}
