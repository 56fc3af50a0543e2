//! The files `compare` writes, as pure `&Comparison → bytes` functions: changes_pairs.csv,
//! changes_people.csv and compare.json (schemas in the README, "Survey waves").

use serde_json::{json, Value};

use super::diff::{delta, Both, Comparison, PairChange, PersonChange};

/// Version of the compare.json layout.
pub const SCHEMA_VERSION: u32 = 1;

/// People listed in compare.json `top_movers`.
pub const TOP_MOVERS: usize = 10;

/// The columns of changes_pairs.csv, in order.
pub const PAIR_COLUMNS: [&str; 23] = [
    "group_a",
    "group_b",
    "size_a_before",
    "size_a_after",
    "size_b_before",
    "size_b_after",
    "ties_before",
    "ties_after",
    "ties_kept",
    "ties_gained",
    "ties_lost",
    "density_before",
    "density_after",
    "density_delta",
    "ei_before",
    "ei_after",
    "ei_delta",
    "integration_score_before",
    "integration_score_after",
    "integration_score_delta",
    "stage_before",
    "stage_after",
    "stage_changed",
];

/// The columns of changes_people.csv, in order.
pub const PEOPLE_COLUMNS: [&str; 13] = [
    "id",
    "group_before",
    "group_after",
    "brokerage_before",
    "brokerage_after",
    "brokerage_delta",
    "reach_loss_before",
    "reach_loss_after",
    "reach_loss_delta",
    "external_ties_before",
    "external_ties_after",
    "external_ties_delta",
    "change",
];

/// A float as every Grapevine table writes it (shortest round-trip form, no negative zero);
/// empty for `None`.
fn f(x: Option<f64>) -> String {
    match x {
        Some(x) if x.is_finite() => ryu::Buffer::new().format_finite(x + 0.0).to_string(),
        _ => String::new(),
    }
}

fn u(x: Option<u64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn s(x: &Option<String>) -> String {
    x.clone().unwrap_or_default()
}

/// changes_pairs.csv: one row per pair of groups present in either wave, by group names.
pub fn changes_pairs_csv(c: &Comparison) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PAIR_COLUMNS).expect("writing to memory");
    for p in &c.pairs {
        w.write_record([
            p.a.clone(),
            p.b.clone(),
            u(p.size_a.0),
            u(p.size_a.1),
            u(p.size_b.0),
            u(p.size_b.1),
            u(p.ties.0),
            u(p.ties.1),
            p.kept.to_string(),
            p.gained.to_string(),
            p.lost.to_string(),
            f(p.density.0),
            f(p.density.1),
            f(delta(p.density)),
            f(p.ei.0),
            f(p.ei.1),
            f(delta(p.ei)),
            f(p.score.0),
            f(p.score.1),
            f(delta(p.score)),
            s(&p.stage.0),
            s(&p.stage.1),
            p.stage_changed().to_string(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("in memory")
}

/// changes_people.csv: one row per person in both waves, biggest change first.
pub fn changes_people_csv(c: &Comparison) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(PEOPLE_COLUMNS).expect("writing to memory");
    for p in &c.people_changes {
        let (e0, e1) = p.external_ties;
        w.write_record([
            p.id.clone(),
            p.group.0.clone(),
            p.group.1.clone(),
            u(p.brokerage.0),
            u(p.brokerage.1),
            p.brokerage_delta()
                .map(|d| d.to_string())
                .unwrap_or_default(),
            f(p.reach_loss.0),
            f(p.reach_loss.1),
            f(p.reach_loss_delta()),
            f(Some(e0)),
            f(Some(e1)),
            f(Some(e1 - e0)),
            f(Some(p.change)),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("in memory")
}

fn both_f(v: Both<f64>) -> Value {
    json!({ "before": v.0, "after": v.1, "delta": delta(v) })
}

fn pair_value(p: &PairChange) -> Value {
    json!({
        "group_a": p.a,
        "group_b": p.b,
        "stage_before": p.stage.0,
        "stage_after": p.stage.1,
        "integration_score_before": p.score.0,
        "integration_score_after": p.score.1,
        "ties_before": p.ties.0,
        "ties_after": p.ties.1,
        "ties_kept": p.kept,
        "ties_gained": p.gained,
        "ties_lost": p.lost,
        "density_before": p.density.0,
        "density_after": p.density.1,
    })
}

fn person_value(p: &PersonChange) -> Value {
    json!({
        "id": p.id,
        "group_before": p.group.0,
        "group_after": p.group.1,
        "brokerage_before": p.brokerage.0,
        "brokerage_after": p.brokerage.1,
        "brokerage_delta": p.brokerage_delta(),
        "reach_loss_before": p.reach_loss.0,
        "reach_loss_after": p.reach_loss.1,
        "reach_loss_delta": p.reach_loss_delta(),
        "change": p.change,
    })
}

/// What each wave was: the fields of compare.json `before` and `after`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaveInfo {
    /// The path given on the command line.
    pub source: String,
    /// Where its analysis is: the folder given, or `before/` / `after/` (inside the comparison's
    /// folder) for a wave analysed by `compare`.
    pub folder: String,
    /// summary.json `dataset`.
    pub dataset: String,
    /// summary.json `relation`.
    pub relation: String,
    /// summary.json `group_attribute`.
    pub group_attribute: String,
    /// summary.json `analysed_on`.
    pub analysed_on: String,
    /// summary.json `groups`.
    pub groups: u64,
    /// summary.json `privacy.anonymized`.
    pub anonymized: bool,
}

fn wave_value(w: &WaveInfo, people: u64, ties: u64) -> Value {
    json!({
        "source": w.source,
        "folder": w.folder,
        "dataset": w.dataset,
        "relation": w.relation,
        "group_attribute": w.group_attribute,
        "analysed_on": w.analysed_on,
        "anonymized": w.anonymized,
        "people": people,
        "ties": ties,
        "groups": w.groups,
    })
}

/// The compare.json value.
pub fn compare_value(c: &Comparison, before: &WaveInfo, after: &WaveInfo) -> Value {
    let (kept, gained, lost) = c.cross_ties();
    let ids = |v: &[super::diff::Member]| -> Vec<Value> {
        v.iter()
            .map(|m| json!({ "id": m.id, "group": m.group }))
            .collect()
    };
    json!({
        "schema_version": SCHEMA_VERSION,
        "grapevine_version": env!("CARGO_PKG_VERSION"),
        "before": wave_value(before, c.people.0, c.ties.0),
        "after": wave_value(after, c.people.1, c.ties.1),
        "people": {
            "before": c.people.0,
            "after": c.people.1,
            "matched": c.matched,
            "joined": c.joined.len(),
            "left": c.left.len(),
            "moved_group": c.moved,
            "joined_people": ids(&c.joined),
            "left_people": ids(&c.left),
        },
        "ties": {
            "before": c.ties.0,
            "after": c.ties.1,
            "kept": c.ties_kept,
            "gained": c.ties_gained,
            "lost": c.ties_lost,
            "cross_group_kept": kept,
            "cross_group_gained": gained,
            "cross_group_lost": lost,
        },
        "density": both_f(c.density),
        "ei_index": both_f(c.ei_index),
        "ei_expected": both_f(c.ei_expected),
        "groups_added": c.groups_added,
        "groups_removed": c.groups_removed,
        "pairs": c.pairs.len(),
        "stage_changes": c.stage_changes().into_iter().map(pair_value).collect::<Vec<_>>(),
        "top_movers": c.top_movers(TOP_MOVERS).into_iter().map(person_value).collect::<Vec<_>>(),
        "computed": {
            "brokerage": [c.brokerage_computed.0, c.brokerage_computed.1],
            "reach_loss": [c.reach_loss_computed.0, c.reach_loss_computed.1],
        },
    })
}

/// compare.json bytes: pretty-printed with a trailing newline.
pub fn compare_json(c: &Comparison, before: &WaveInfo, after: &WaveInfo) -> Vec<u8> {
    let mut out =
        serde_json::to_vec_pretty(&compare_value(c, before, after)).expect("JSON serialises");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::diff::{compare, tests::waves};

    #[test]
    fn pairs_table_has_one_row_per_pair_and_exact_values() {
        let (b, a) = waves();
        let text = String::from_utf8(changes_pairs_csv(&compare(&b, &a))).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], PAIR_COLUMNS.join(","));
        assert_eq!(lines.len(), 4);
        assert_eq!(
            lines[1],
            "Bank,City,2,2,2,1,1,3,1,2,0,0.125,0.75,0.625,-0.3333333333333333,0.5,\
             0.8333333333333333,0.3,0.8,0.5,arms-length,integrated,true"
        );
        assert_eq!(
            lines[3],
            "City,Telecom,2,1,,1,,1,0,1,0,,0.5,,,1.0,,,0.2,,,arms-length,false"
        );
    }

    #[test]
    fn people_table_and_json() {
        let (b, a) = waves();
        let c = compare(&b, &a);
        let text = String::from_utf8(changes_people_csv(&c)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], PEOPLE_COLUMNS.join(","));
        assert_eq!(lines[1], "b1,Bank,Bank,4,1,-3,0.5,0.0,-0.5,1.0,2.0,1.0,1.0");
        let v = compare_value(&c, &WaveInfo::default(), &WaveInfo::default());
        assert_eq!(v["people"]["joined"], 1);
        assert_eq!(v["people"]["left_people"][0]["id"], "c2");
        assert_eq!(v["ties"]["gained"], 3);
        assert_eq!(v["density"]["delta"], 0.25);
        assert_eq!(v["stage_changes"][0]["stage_after"], "integrated");
        assert_eq!(v["top_movers"][0]["id"], "b1");
        assert_eq!(v["top_movers"].as_array().unwrap().len(), 3);
    }
}
