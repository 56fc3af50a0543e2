//! The sections about people: brokers (summary.json `top_brokers` and `boundary_spanners`, with
//! their contacts per group from ties.csv), hoarders (`hoarders`, with the rule's floor
//! recomputed from people.csv exactly as the analysis applies it) and single points of failure
//! (`single_points_of_failure` and pairs.csv `reach_lost_top_spanner`).

use super::doc::{Block, Section, Table, Text};
use super::folder::{Broker, Critical, Pair};
use super::partners::{busiest, TABLE_PAIRS};
use super::words::{and_list, capital, count, dec, in_brackets, int, n_of, pct};
use super::Ctx;
use crate::analysis::findings::{hoarder_flags, HOARDER_MIN_INDEX};

/// Roles: name, and what it links, in [`crate::analysis::brokerage::ROLES`] order.
fn role_meaning(ctx: &Ctx, k: usize) -> String {
    let (w, ws) = (&ctx.word, &ctx.words);
    match k {
        0 => format!("all three people are in the same {w}"),
        1 => format!("the two people are in one {w}, the broker in another"),
        2 => format!("links a colleague of their own {w} to someone in another {w}"),
        3 => format!("links someone from another {w} to a colleague of their own {w}"),
        _ => format!("the two people are in two other {ws}: three {ws} in all"),
    }
}

/// What a role does for broker `b`, in a few words ("inside Boston").
fn role_short(ctx: &Ctx, k: usize, group: &str) -> String {
    match k {
        0 => format!("coordinator inside {group}"),
        1 => format!("consultant for colleagues of another {}", ctx.word),
        2 => format!("representative of {group} towards other {}", ctx.words),
        3 => format!("gatekeeper into {group}"),
        _ => format!("liaison between two other {}", ctx.words),
    }
}

const ROLE_TITLES: [&str; 5] = [
    "Coordinator",
    "Consultant",
    "Representative",
    "Gatekeeper",
    "Liaison",
];

/// "L26 (Boston) stands between 539 pairs of people with no direct tie: 60% as coordinator
/// inside Boston, 24% as representative ..." — roles of at least a tenth of the total.
pub fn broker_sentence(ctx: &Ctx, b: &Broker, with_contacts: bool) -> Text {
    if ctx.o.summary.groups < 2 {
        return Text::new().strong(b.id.as_str()).plain(format!(
            " stands between {} with no direct tie.",
            n_of(b.brokerage_total, "pair of people", "pairs of people")
        ));
    }
    let total = b.brokerage_total.max(1) as f64;
    let r = b.roles();
    let mut order: Vec<usize> = (0..5).filter(|&k| r[k] as f64 >= 0.1 * total).collect();
    order.sort_by_key(|&k| (std::cmp::Reverse(r[k]), k));
    let roles: Vec<String> = order
        .iter()
        .map(|&k| {
            format!(
                "{} as {}",
                pct(r[k] as f64 / total),
                role_short(ctx, k, &b.group)
            )
        })
        .collect();
    let mut t = Text::new().strong(b.id.as_str()).plain(format!(
        "{} stands between {} with no direct tie: {}.",
        in_brackets(&b.group),
        n_of(b.brokerage_total, "pair of people", "pairs of people"),
        and_list(&roles)
    ));
    if let Some(contacts) = ctx.o.broker_contacts.get(&b.id).filter(|_| with_contacts) {
        if contacts.is_empty() {
            t = t.plain(format!(" All their contacts are in {}.", b.group));
        } else {
            t = t.plain(format!(
                " Outside {} their contacts are in {}.",
                b.group,
                contacts_phrase(contacts, 4)
            ));
        }
    }
    t
}

/// The first `shown` items joined with commas, then "and N more".
fn first_few(items: &[String], shown: usize) -> String {
    let mut v: Vec<String> = items.iter().take(shown).cloned().collect();
    if items.len() > shown {
        v.push(format!("{} more", int((items.len() - shown) as u64)));
        and_list(&v)
    } else {
        v.join(", ")
    }
}

/// "Hartford (5), Providence (2) and 3 more".
fn contacts_phrase(contacts: &[(String, u64)], shown: usize) -> String {
    let mut items: Vec<String> = contacts
        .iter()
        .take(shown)
        .map(|(g, n)| format!("{g} ({})", int(*n)))
        .collect();
    if contacts.len() > shown {
        items.push(format!("{} more", int((contacts.len() - shown) as u64)));
    }
    and_list(&items)
}

/// The brokers section.
pub fn brokers(ctx: &Ctx) -> Section {
    let o = ctx.o;
    let mut s = Section::new("brokers", "Brokers: who links people who are not linked");
    if !o.computed("brokerage") {
        s.note(
            "Brokerage was not computed (brokerage was left out of --metrics): run the analysis \
             with it to see who brokers.",
        );
        return s;
    }
    let single = o.summary.groups < 2;
    if single {
        s.paragraph(
            "A broker stands between two people who have no direct tie: a → broker → b. With \
             one group, every broker coordinates inside it.",
        );
    } else {
        s.paragraph(format!(
            "A broker stands between two people who have no direct tie: a → broker → b. Gould \
             and Fernandez name five roles after the {} of the three people:",
            ctx.words
        ));
        s.push(Block::Bullets(
            (0..5)
                .map(|k| {
                    Text::new()
                        .strong(ROLE_TITLES[k])
                        .plain(format!(": {}.", role_meaning(ctx, k)))
                })
                .collect(),
        ));
    }
    let brokers = &o.summary.key_people.top_brokers;
    if brokers.is_empty() {
        s.paragraph(
            "No one brokers: wherever a → b → c, there is also a direct tie a → c, or no such \
             chain exists.",
        );
        return s;
    }
    let active = o
        .people
        .iter()
        .filter(|p| p.roles.is_some_and(|r| r.iter().sum::<u64>() > 0))
        .count() as u64;
    let mut lead = format!(
        "{} broker at least once.",
        capital(&n_of(active, "person", "people"))
    );
    if active > brokers.len() as u64 {
        lead += &format!(" The {} who broker most:", int(brokers.len() as u64));
    }
    s.paragraph(lead);
    s.push(Block::Bullets(
        brokers
            .iter()
            .take(3)
            .map(|b| broker_sentence(ctx, b, true))
            .collect(),
    ));
    if single {
        let mut t = Table::new(&["Person", "#Brokerage"]);
        for b in brokers {
            t.row(vec![
                Text::new().strong(b.id.as_str()),
                Text::from(int(b.brokerage_total)),
            ]);
        }
        s.push(Block::Table(t));
        s.blocks.extend(brokers_chart(ctx));
        return s;
    }
    let roles: Vec<String> = ROLE_TITLES.iter().map(|r| format!("#{r}")).collect();
    let mut names = vec!["Person", ctx.word_title.as_str(), "#Brokerage"];
    names.extend(roles.iter().map(String::as_str));
    let with_contacts = !o.broker_contacts.is_empty();
    let other = format!("Contacts in other {}", ctx.words);
    if with_contacts {
        names.push(&other);
    }
    let mut t = Table::new(&names);
    for b in brokers {
        let mut row = vec![
            Text::new().strong(b.id.as_str()),
            Text::from(b.group.as_str()),
            Text::from(int(b.brokerage_total)),
        ];
        row.extend(b.roles().iter().map(|&c| Text::from(int(c))));
        if with_contacts {
            let c = o.broker_contacts.get(&b.id).cloned().unwrap_or_default();
            let shown: Vec<String> = c.iter().map(|(g, n)| format!("{g} {}", int(*n))).collect();
            row.push(Text::from(if c.is_empty() {
                "none".to_string()
            } else {
                first_few(&shown, 3)
            }));
        }
        t.row(row);
    }
    s.push(Block::Table(t));
    let total: u64 = brokers.iter().map(|b| b.brokerage_total).sum();
    let coordination: u64 = brokers.iter().map(|b| b.coordinator).sum();
    if total > 0 && o.summary.groups >= 2 {
        s.paragraph(format!(
            "Across these {}, {} of the brokerage is coordination inside one {} and {} links {} \
             (the other four roles).",
            n_of(brokers.len() as u64, "person", "people"),
            pct(coordination as f64 / total as f64),
            ctx.word,
            pct((total - coordination) as f64 / total as f64),
            ctx.words
        ));
    }
    if o.summary.flow == "against" {
        s.note(format!(
            "Roles follow the direction of the ties. Here knowledge flows against the ties, so a \
             representative passes knowledge into their own {w} and a gatekeeper passes it out.",
            w = ctx.word
        ));
    }
    spanners(ctx, &mut s);
    s.blocks.extend(brokers_chart(ctx));
    s
}

fn brokers_chart(ctx: &Ctx) -> Option<Block> {
    ctx.figure(
        "brokers",
        "Top brokers and their roles",
        "The top brokers and how their brokerage splits into the five roles.",
    )
}

fn spanners(ctx: &Ctx, s: &mut Section) {
    let o = ctx.o;
    if o.summary.groups < 2 {
        return;
    }
    s.push(Block::Subheading("Boundary spanners".into()));
    let list = &o.summary.key_people.boundary_spanners;
    if list.is_empty() {
        s.paragraph(format!("No one has a contact in another {}.", ctx.word));
        return;
    }
    let top = &list[0];
    s.push(Block::Paragraph(
        Text::new()
            .plain(format!(
                "The people with most contacts in other {}. ",
                ctx.words
            ))
            .strong(top.id.as_str())
            .plain(format!(
                "{} has {} outside {} and {} inside.",
                in_brackets(&top.group),
                n_of(top.external_ties, "contact", "contacts"),
                top.group,
                int(top.internal_ties)
            )),
    ));
    let reached = format!("#{} reached", capital(&ctx.words));
    let mut t = Table::new(&[
        "Person",
        &ctx.word_title,
        "#Contacts outside",
        "#Contacts inside",
        &reached,
        "Busiest go-between of",
    ]);
    for p in list {
        t.row(vec![
            Text::new().strong(p.id.as_str()),
            Text::from(p.group.as_str()),
            Text::from(int(p.external_ties)),
            Text::from(int(p.internal_ties)),
            Text::from(int(p.groups_reached)),
            Text::from(first_few(&p.top_spanner_of, 3)),
        ]);
    }
    s.push(Block::Table(t));
}

/// The hoarders section.
pub fn hoarders(ctx: &Ctx) -> Section {
    let o = ctx.o;
    let mut s = Section::new(
        "hoarders",
        "Hoarders: who takes knowledge in and passes little on",
    );
    let (received, given) = o.received_given();
    let (flags, floor) = hoarder_flags(&received, &given);
    let flagged = flags.iter().filter(|&&f| f).count() as u64;
    s.paragraph(format!(
        "A hoarder receives knowledge from at least three times as many people as they pass it \
         on to (hoarding index {} or more, on a scale from −1, only gives, to +1, only receives), \
         and from at least {} people, as many as the quarter who receive most.",
        dec(HOARDER_MIN_INDEX, 1),
        count(floor)
    ));
    let list = &o.summary.key_people.hoarders;
    if flagged == 0 || list.is_empty() {
        s.paragraph("No one meets this rule.");
    } else {
        let mut lead = format!(
            "{} meet{} it",
            capital(&n_of(flagged, "person", "people")),
            if flagged == 1 { "s" } else { "" }
        );
        if flagged > list.len() as u64 {
            lead += &format!(
                "; the {} who take in most are listed",
                int(list.len() as u64)
            );
        }
        lead += ".";
        let mut by_group: Vec<(String, u64)> = Vec::new();
        for (p, _) in o.people.iter().zip(&flags).filter(|(_, &f)| f) {
            match by_group.iter_mut().find(|(g, _)| *g == p.group) {
                Some((_, n)) => *n += 1,
                None => by_group.push((p.group.clone(), 1)),
            }
        }
        by_group.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        if o.summary.groups >= 2 {
            if by_group.len() == 1 {
                lead += &format!(" All of them are in {}.", by_group[0].0);
            } else if by_group[0].1 * 2 > flagged {
                lead += &format!(" {} of them are in {}.", int(by_group[0].1), by_group[0].0);
            } else {
                let items: Vec<String> = by_group
                    .iter()
                    .map(|(g, n)| format!("{g} ({})", int(*n)))
                    .collect();
                lead += &format!(" By {}: {}.", ctx.word, first_few(&items, 5));
            }
        }
        s.paragraph(lead);
        let top = &list[0];
        s.push(Block::Paragraph(Text::new().strong(top.id.as_str()).plain(
            format!(
                "{} receives knowledge from {} and passes it on to {}.",
                in_brackets(&top.group),
                n_of(top.received as u64, "person", "people"),
                count(top.given)
            ),
        )));
        let mut t = Table::new(&[
            "Person",
            &ctx.word_title,
            "#Receives from",
            "#Passes on to",
            "#Hoarding index",
        ]);
        for h in list {
            t.row(vec![
                Text::new().strong(h.id.as_str()),
                Text::from(h.group.as_str()),
                Text::from(count(h.received)),
                Text::from(count(h.given)),
                Text::from(h.hoarding_index.map(|x| dec(x, 2)).unwrap_or_default()),
            ]);
        }
        s.push(Block::Table(t));
    }
    s.note(if o.summary.flow == "against" {
        "Knowledge flows against the ties here (a tie points to the person who gives), so a \
         person receives from the people they have a tie to."
    } else {
        "Knowledge flows along the ties here, so a person receives from the people who have a \
         tie to them."
    });
    if let Some(f) = ctx.figure(
        "hoarding",
        "Knowledge received against knowledge given",
        "Knowledge received against knowledge given per person; the hoarders' zone is shaded.",
    ) {
        s.push(f);
    }
    s
}

/// The people tied for the largest reach_loss (at least one; empty list → empty).
pub fn worst(list: &[Critical]) -> Vec<&Critical> {
    match list.first() {
        Some(top) => list
            .iter()
            .filter(|c| c.reach_loss == top.reach_loss)
            .collect(),
        None => Vec::new(),
    }
}

/// "If L37 (Providence) leaves" / "If L60 (Boston) or L65 (Boston) leaves".
pub fn who_leaves(people: &[&Critical]) -> Text {
    let mut t = Text::new().plain("If ");
    for (i, c) in people.iter().enumerate() {
        if i > 0 {
            t = t.plain(if i + 1 == people.len() { " or " } else { ", " });
        }
        t = t.strong(c.id.as_str()).plain(in_brackets(&c.group));
    }
    t.plain(" leaves")
}

/// The single points of failure section.
pub fn risk(ctx: &Ctx) -> Section {
    let o = ctx.o;
    let mut s = Section::new("risk", "Single points of failure");
    if !o.computed("reach_loss") {
        s.note(
            "Reach loss was not computed (reach_loss was left out of --metrics): run the \
             analysis with it to find single points of failure.",
        );
        return s;
    }
    if o.summary.groups < 2 {
        s.paragraph(format!(
            "Everyone is in one {}: there is no reach across {} to lose.",
            ctx.word, ctx.words
        ));
        return s;
    }
    s.paragraph(format!(
        "Reach across {ws} counts the pairs of people in different {ws} where one can reach the \
         other through a chain of ties. A single point of failure is a person whose leaving cuts \
         part of it.",
        ws = ctx.words
    ));
    let list = &o.summary.key_people.single_points_of_failure;
    let top = worst(list);
    if top.is_empty() {
        s.paragraph(format!(
            "No one's leaving cuts any reach across {}: there is always a way around each person.",
            ctx.words
        ));
    } else {
        let cutting = o
            .people
            .iter()
            .filter(|p| p.reach_loss.is_some_and(|r| r > 0.0))
            .count() as u64;
        let each = if top.len() > 1 {
            " (as much for each of them)"
        } else {
            ""
        };
        let mut t = who_leaves(&top)
            .plain(", ")
            .strong(pct(top[0].reach_loss))
            .plain(format!(
                " of the reach across {} is lost{each}: that share of the pairs of people in \
                 different {} who can reach each other now could not. ",
                ctx.words, ctx.words
            ));
        t = t.plain(format!(
            "In all, {} some reach by leaving",
            n_of(cutting, "person cuts", "people cut")
        ));
        if cutting > list.len() as u64 {
            t = t.plain(format!(
                "; the {} largest are listed",
                int(list.len() as u64)
            ));
        }
        s.push(Block::Paragraph(t.plain(".")));
        let mut table = Table::new(&["Person", &ctx.word_title, "#Reach lost if they leave"]);
        for c in list {
            table.row(vec![
                Text::new().strong(c.id.as_str()),
                Text::from(c.group.as_str()),
                Text::from(pct(c.reach_loss)),
            ]);
        }
        s.push(Block::Table(table));
    }
    if let Some(e) = o.summary.estimated.get("reach_loss") {
        let samples = e["samples"].as_u64().unwrap_or(0);
        let width = e["max_half_width"].as_f64().unwrap_or(1.0);
        let delta = e["delta"].as_f64().unwrap_or(0.05);
        s.note(format!(
            "These figures are estimates from {} sampled starting people: each is within ±{} \
             percentage points with probability {}.",
            int(samples),
            dec(width * 100.0, 1),
            pct(1.0 - delta)
        ));
    }
    pair_risk(ctx, &mut s);
    s
}

fn pair_risk(ctx: &Ctx, s: &mut Section) {
    let o = ctx.o;
    let busy = busiest(&o.pairs);
    if busy.is_empty() {
        return;
    }
    s.push(Block::Subheading(
        "Partnerships and their busiest go-betweens".into(),
    ));
    if busy.iter().all(|p| p.reach_lost_top_spanner.is_none()) {
        s.note(
            "The reach a partnership loses with its busiest go-between was not computed (path \
             measures were estimated).",
        );
        return;
    }
    let worst = busy
        .iter()
        .filter(|p| p.reach_lost_top_spanner.is_some_and(|r| r > 0.0))
        .max_by(|x, y| {
            x.reach_lost_top_spanner
                .partial_cmp(&y.reach_lost_top_spanner)
                .unwrap_or(std::cmp::Ordering::Equal)
                // max_by keeps the last maximum: prefer the busier (earlier) pair on ties.
                .then(std::cmp::Ordering::Greater)
        });
    match worst {
        Some(p) => s.push(Block::Paragraph(
            Text::new()
                .plain(format!(
                    "The partnership that leans most on one person is {}: if ",
                    p.name()
                ))
                .strong(p.top_spanner.clone().unwrap_or_default())
                .plain(format!(
                    " leaves, {} of the reach between {} and {} is lost.",
                    pct(p.reach_lost_top_spanner.unwrap_or(0.0)),
                    p.a,
                    p.b
                )),
        )),
        None => s.paragraph(format!(
            "No partnership depends on its busiest go-between: if any of them leaves, people in \
             the two {} can still reach each other as before.",
            ctx.words
        )),
    }
    let mut t = Table::new(&[
        "Partnership",
        "#Cross ties",
        "Busiest go-between",
        "#Reach lost between the two if they leave",
    ]);
    // Most reach lost first; equal losses keep the busiest first.
    let mut ranked = busy.clone();
    ranked.sort_by(|x, y| {
        let key = |p: &&Pair| p.reach_lost_top_spanner.unwrap_or(-1.0);
        key(y)
            .partial_cmp(&key(x))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    if ranked.len() > TABLE_PAIRS {
        s.paragraph(format!(
            "The {TABLE_PAIRS} of {} partnerships with cross ties that would lose most \
             (pairs.csv has them all):",
            int(ranked.len() as u64)
        ));
    }
    for p in ranked.iter().take(TABLE_PAIRS) {
        t.row(vec![
            Text::from(p.name()),
            Text::from(int(p.ties())),
            Text::new().strong(p.top_spanner.clone().unwrap_or_default()),
            Text::from(
                p.reach_lost_top_spanner
                    .map(pct)
                    .unwrap_or_else(|| "not computed".into()),
            ),
        ]);
    }
    s.push(Block::Table(t));
}

#[cfg(test)]
mod tests {
    use super::super::folder::{Group, Person};
    use super::super::tests::{ctx_of, outputs};
    use super::*;

    fn paragraphs(s: &Section) -> Vec<String> {
        s.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(t) => Some(t.to_plain()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_person_whose_leaving_cuts_half_is_named_with_that_share() {
        let mut o = outputs();
        o.summary.groups = 2;
        o.summary.key_people.single_points_of_failure = vec![Critical {
            id: "X".into(),
            group: "City".into(),
            reach_loss: 0.5,
        }];
        o.people = vec![Person {
            id: "X".into(),
            group: "City".into(),
            reach_loss: Some(0.5),
            ..Default::default()
        }];
        o.pairs = vec![Pair {
            a: "Bank".into(),
            b: "City".into(),
            ties_ab: 2,
            ties_ba: 1,
            top_spanner: Some("X".into()),
            reach_lost_top_spanner: Some(0.34),
            stage: "arms-length".into(),
            ..Default::default()
        }];
        let p = paragraphs(&risk(&ctx_of(&o)));
        assert_eq!(
            p[1],
            "If X (City) leaves, 50% of the reach across groups is lost: that share of the pairs \
             of people in different groups who can reach each other now could not. In all, 1 \
             person cuts some reach by leaving."
        );
        assert_eq!(
            p[2],
            "The partnership that leans most on one person is Bank–City: if X leaves, 34% of the \
             reach between Bank and City is lost."
        );
    }

    #[test]
    fn ties_for_the_largest_loss_are_named_together() {
        let c = |id: &str, r: f64| Critical {
            id: id.into(),
            group: "B".into(),
            reach_loss: r,
        };
        let list = vec![c("L60", 0.0104), c("L65", 0.0104), c("L1", 0.001)];
        let t = who_leaves(&worst(&list)).to_plain();
        assert_eq!(t, "If L60 (B) or L65 (B) leaves");
    }

    #[test]
    fn no_hoarders_and_no_reach_loss_are_said_plainly() {
        let mut o = outputs();
        o.summary.groups = 2;
        o.groups = vec![Group::default(), Group::default()];
        o.people = (0..4)
            .map(|i| Person {
                id: format!("p{i}"),
                group: "A".into(),
                in_degree: 1.0,
                out_degree: 1.0,
                reach_loss: Some(0.0),
                ..Default::default()
            })
            .collect();
        let h = paragraphs(&hoarders(&ctx_of(&o)));
        assert!(h[0].contains("and from at least 3 people"), "{}", h[0]);
        assert_eq!(h[1], "No one meets this rule.");
        let r = paragraphs(&risk(&ctx_of(&o)));
        assert_eq!(
            r[1],
            "No one's leaving cuts any reach across groups: there is always a way around each person."
        );
        // Without the family, the section says so instead.
        o.summary
            .computed
            .retain(|c| c != "reach_loss" && c != "brokerage");
        assert!(paragraphs(&risk(&ctx_of(&o))).is_empty());
        assert!(
            matches!(&risk(&ctx_of(&o)).blocks[0], Block::Note(t) if t.to_plain().contains("--metrics"))
        );
        assert!(matches!(&brokers(&ctx_of(&o)).blocks[0], Block::Note(_)));
    }

    #[test]
    fn a_broker_is_described_by_roles_and_groups() {
        let mut o = outputs();
        o.summary.groups = 3;
        let b = Broker {
            id: "L26".into(),
            group: "Boston".into(),
            brokerage_total: 539,
            coordinator: 324,
            consultant: 2,
            representative: 128,
            gatekeeper: 81,
            liaison: 4,
        };
        o.broker_contacts.insert(
            "L26".into(),
            vec![("Hartford".into(), 2), ("Providence".into(), 1)],
        );
        let ctx = ctx_of(&o);
        assert_eq!(
            broker_sentence(&ctx, &b, true).to_plain(),
            "L26 (Boston) stands between 539 pairs of people with no direct tie: 60% as \
             coordinator inside Boston, 24% as representative of Boston towards other groups and \
             15% as gatekeeper into Boston. Outside Boston their contacts are in Hartford (2) and \
             Providence (1)."
        );
    }
}
