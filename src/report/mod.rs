//! Report writers: pure functions from an [`Analysis`] to the bytes of each output file
//! (people.csv, groups.csv, boundary.csv, boundary_matrix.csv, summary.json). The output folder
//! itself is written by [`crate::output`].
//!
//! Numbers are written in their shortest round-trip form (`ryu`); undefined values are empty
//! cells in CSV and `null` in JSON, never zero.

use serde_json::{json, Map, Value};

use crate::analysis::pairs::PairRow;
use crate::analysis::recommend::{EffectRow, Recommendations, TopLoss};
use crate::analysis::Analysis;
use crate::graph::Graph;

/// Version of the output schemas; bumped when a column or key changes meaning or is removed.
pub const SCHEMA_VERSION: u32 = 1;

/// What the report says about where the data came from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Provenance {
    /// Dataset name.
    pub dataset: String,
    /// Analysed relation (`all` when merged).
    pub relation: String,
    /// Grouping attribute.
    pub group: String,
    /// Date of analysis (YYYY-MM-DD).
    pub analysed_on: String,
    /// Word for a group in charts and text ("office"); empty for "group".
    pub group_word: String,
}

/// One column of people.csv: a name and a view of its values.
enum Column<'a> {
    Str(&'a [String]),
    U32(&'a [u32]),
    F64(&'a [f64]),
    OptF64(&'a [Option<f64>]),
    /// One role of the Gould–Fernandez counts (index 5: the total).
    Role(&'a crate::analysis::brokerage::Brokerage, usize),
}

fn push_f64(out: &mut Vec<u8>, x: f64) {
    if x.is_finite() {
        let mut b = ryu::Buffer::new();
        // + 0.0 turns −0.0 into 0.0: an empty sum is zero, not "negative zero".
        out.extend_from_slice(b.format_finite(x + 0.0).as_bytes());
    }
}

fn people_columns<'a>(
    g: &'a Graph,
    a: &'a Analysis,
    groups: &'a [String],
) -> Vec<(&'static str, Column<'a>)> {
    let p = &a.people;
    let mut cols = vec![
        ("id", Column::Str(g.ids())),
        ("group", Column::Str(groups)),
        ("in_degree", Column::U32(&p.in_degree)),
        ("out_degree", Column::U32(&p.out_degree)),
        ("in_strength", Column::F64(&p.in_strength)),
        ("out_strength", Column::F64(&p.out_strength)),
    ];
    for (name, values) in [
        ("betweenness", &p.betweenness),
        ("closeness", &p.closeness),
        ("harmonic", &p.harmonic),
        ("pagerank", &p.pagerank),
        ("eigenvector", &p.eigenvector),
    ] {
        if let Some(v) = values {
            cols.push((name, Column::F64(v)));
        }
    }
    if let Some(h) = &p.structural_holes {
        cols.push(("constraint", Column::OptF64(&h.constraint)));
        cols.push(("effective_size", Column::OptF64(&h.effective_size)));
        cols.push(("efficiency", Column::OptF64(&h.efficiency)));
        cols.push(("hierarchy", Column::OptF64(&h.hierarchy)));
    }
    if let Some(b) = &p.brokerage {
        for (k, name) in crate::analysis::brokerage::ROLES.iter().enumerate() {
            cols.push((name, Column::Role(b, k)));
        }
        cols.push(("brokerage_total", Column::Role(b, 5)));
    }
    cols.push(("external_ties", Column::U32(&p.boundary.external_ties)));
    cols.push(("internal_ties", Column::U32(&p.boundary.internal_ties)));
    cols.push(("ei_index", Column::OptF64(&p.boundary.ei_index)));
    cols.push(("hoarding_index", Column::OptF64(&p.boundary.hoarding_index)));
    if let Some(r) = &p.reach_loss {
        cols.push(("reach_loss", Column::F64(r)));
    }
    if let Some(c) = &p.community {
        cols.push(("community", Column::U32(c)));
    }
    cols
}

/// people.csv: one row per person, in node order (roster order, then ids first seen in ties).
pub fn people_csv(g: &Graph, a: &Analysis) -> Vec<u8> {
    in_memory(|w| write_people_csv(w, g, a))
}

/// The bytes a table writer gives, in memory (for tests and small tables).
fn in_memory(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out).expect("writing to memory");
    out
}

/// Streams people.csv to `out` (see [`people_csv`]): one row in memory at a time.
pub fn write_people_csv<W: std::io::Write>(out: W, g: &Graph, a: &Analysis) -> std::io::Result<()> {
    let groups: Vec<String> = g
        .groups()
        .iter()
        .map(|&k| g.group_names()[k as usize].clone())
        .collect();
    let cols = people_columns(g, a, &groups);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(cols.iter().map(|(name, _)| *name))?;
    let mut cell = Vec::with_capacity(32);
    for v in 0..g.n() {
        for (_, col) in &cols {
            cell.clear();
            match col {
                Column::Str(s) => cell.extend_from_slice(s[v].as_bytes()),
                Column::U32(x) => {
                    cell.extend_from_slice(itoa::Buffer::new().format(x[v]).as_bytes())
                }
                Column::F64(x) => push_f64(&mut cell, x[v]),
                Column::OptF64(x) => {
                    if let Some(x) = x[v] {
                        push_f64(&mut cell, x)
                    }
                }
                Column::Role(b, 5) => {
                    cell.extend_from_slice(itoa::Buffer::new().format(b.total(v)).as_bytes())
                }
                Column::Role(b, k) => {
                    cell.extend_from_slice(itoa::Buffer::new().format(b.counts[v][*k]).as_bytes())
                }
            }
            w.write_field(&cell)?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}

fn opt(x: Option<f64>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(x) = x {
        push_f64(&mut out, x);
    }
    out
}

/// groups.csv: one row per group, in sorted group order.
pub fn groups_csv(a: &Analysis) -> Vec<u8> {
    let survey = a.groups.iter().any(|r| r.response_rate.is_some());
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "group",
        "size",
        "ties_internal",
        "ties_out",
        "ties_in",
        "density_internal",
        "ei_index",
        "spanners",
        "top_spanner_share",
    ];
    if survey {
        header.push("response_rate");
    }
    w.write_record(&header).expect("writing to memory");
    for r in &a.groups {
        let mut row: Vec<Vec<u8>> = vec![
            r.group.as_bytes().to_vec(),
            r.size.to_string().into_bytes(),
            r.ties_internal.to_string().into_bytes(),
            r.ties_out.to_string().into_bytes(),
            r.ties_in.to_string().into_bytes(),
            opt(r.density_internal),
            opt(r.ei_index),
            r.spanners.to_string().into_bytes(),
            opt(r.top_spanner_share),
        ];
        if survey {
            row.push(opt(r.response_rate));
        }
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// boundary.csv: one row per ordered pair of groups (from, to), including from = to.
pub fn boundary_csv(g: &Graph, a: &Analysis) -> Vec<u8> {
    let b = &a.boundary;
    let names = g.group_names();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "from_group",
        "to_group",
        "ties",
        "weight",
        "density",
        "net_flow",
    ])
    .expect("writing to memory");
    for (i, from) in names.iter().enumerate() {
        for (j, to) in names.iter().enumerate() {
            w.write_record([
                from.as_bytes(),
                to.as_bytes(),
                b.ties[[i, j]].to_string().as_bytes(),
                &opt(Some(b.weight[[i, j]])),
                &opt(b.density(i, j)),
                &opt(b.net_flow(i, j)),
            ])
            .expect("writing to memory");
        }
    }
    w.into_inner().expect("writing to memory")
}

/// brokerage.csv: per person and Gould–Fernandez role (and the total), the count, the count
/// expected under sna's null model (random ties at the observed density, groups fixed) and the
/// z-score (empty where the expected spread is 0). None when brokerage was not computed.
pub fn brokerage_csv(g: &Graph, a: &Analysis) -> Option<Vec<u8>> {
    a.people.brokerage.as_ref()?;
    Some(in_memory(|w| write_brokerage_csv(w, g, a)))
}

/// Streams brokerage.csv to `out` (see [`brokerage_csv`]); writes nothing when brokerage was
/// not computed.
pub fn write_brokerage_csv<W: std::io::Write>(
    out: W,
    g: &Graph,
    a: &Analysis,
) -> std::io::Result<()> {
    let Some(b) = a.people.brokerage.as_ref() else {
        return Ok(());
    };
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["id", "group", "role", "count", "expected", "z"])?;
    let names = crate::analysis::brokerage::ROLES
        .iter()
        .copied()
        .chain(["brokerage_total"]);
    let (mut expected_cell, mut z_cell) = (Vec::with_capacity(32), Vec::with_capacity(32));
    let mut count_cell = itoa::Buffer::new();
    for v in 0..g.n() {
        let expected = b.expected(v);
        let z = b.z(v);
        for (k, role) in names.clone().enumerate() {
            let count = if k == 5 { b.total(v) } else { b.counts[v][k] };
            expected_cell.clear();
            push_f64(&mut expected_cell, expected[k]);
            z_cell.clear();
            if let Some(z) = z[k] {
                push_f64(&mut z_cell, z);
            }
            w.write_record([
                g.ids()[v].as_bytes(),
                g.group_names()[g.group(v) as usize].as_bytes(),
                role.as_bytes(),
                count_cell.format(count).as_bytes(),
                &expected_cell,
                &z_cell,
            ])?;
        }
    }
    w.flush()
}

/// pairs.csv: one row per unordered pair of groups (see [`crate::analysis::pairs`]).
pub fn pairs_csv(g: &Graph, a: &Analysis) -> Vec<u8> {
    pairs_rows_csv(g, &a.pairs)
}

/// pairs.csv bytes for any partnership rows (pairs_after.csv uses it too).
pub fn pairs_rows_csv(g: &Graph, rows: &[PairRow]) -> Vec<u8> {
    let names = g.group_names();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "group_a",
        "group_b",
        "ties_ab",
        "ties_ba",
        "density_ab",
        "density_ba",
        "reciprocated_share",
        "spanners_a",
        "spanners_b",
        "top_two_share",
        "top_spanner",
        "net_flow",
        "reach_lost_top_spanner",
        "integration_score",
        "stage",
    ])
    .expect("writing to memory");
    for r in rows {
        w.write_record([
            names[r.a as usize].as_bytes(),
            names[r.b as usize].as_bytes(),
            r.ties_ab.to_string().as_bytes(),
            r.ties_ba.to_string().as_bytes(),
            &opt(Some(r.density_ab)),
            &opt(Some(r.density_ba)),
            &opt(r.reciprocated_share),
            r.spanners_a.to_string().as_bytes(),
            r.spanners_b.to_string().as_bytes(),
            &opt(r.top_two_share),
            r.top_spanner
                .map(|v| g.ids()[v as usize].as_str())
                .unwrap_or("")
                .as_bytes(),
            &opt(r.net_flow),
            &opt(r.reach_lost_top_spanner),
            &opt(Some(r.integration_score)),
            r.stage.as_bytes(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// introductions.csv: one row per recommended introduction, in the order picked. The gain
/// columns are the introduction's effect given the earlier ones; `pair_*` are the top reach loss
/// of the introduction's own partnership just before and just after it (empty when that
/// partnership is outside `--between`).
pub fn introductions_csv(g: &Graph, r: &Recommendations) -> Vec<u8> {
    let ids = g.ids();
    let names = g.group_names();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(INTRODUCTION_COLUMNS)
        .expect("writing to memory");
    let person = |p: Option<u32>| {
        p.map_or("", |v| ids[v as usize].as_str())
            .as_bytes()
            .to_vec()
    };
    for i in &r.introductions {
        let via: Vec<&str> = i
            .introducers
            .iter()
            .map(|&v| ids[v as usize].as_str())
            .collect();
        let (before, after) = match i.pair {
            Some((b, a)) => (Some(b), Some(a)),
            None => (None, None),
        };
        w.write_record([
            i.rank.to_string().into_bytes(),
            ids[i.a as usize].as_bytes().to_vec(),
            names[i.group_a as usize].as_bytes().to_vec(),
            ids[i.b as usize].as_bytes().to_vec(),
            names[i.group_b as usize].as_bytes().to_vec(),
            i.distance.to_string().into_bytes(),
            via.join("; ").into_bytes(),
            r.objective.name().as_bytes().to_vec(),
            opt(Some(i.top_reach_loss_cut)),
            i.reachable_pairs_added.to_string().into_bytes(),
            i.spofs_resolved.to_string().into_bytes(),
            i.dependencies_removed.to_string().into_bytes(),
            opt(before.map(|t: TopLoss| t.share)),
            opt(after.map(|t: TopLoss| t.share)),
            person(before.and_then(|t| t.person)),
            person(after.and_then(|t| t.person)),
            i.reason.as_bytes().to_vec(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The columns of introductions.csv.
pub const INTRODUCTION_COLUMNS: [&str; 17] = [
    "rank",
    "person_a",
    "group_a",
    "person_b",
    "group_b",
    "distance",
    "introduced_by",
    "objective",
    "top_reach_loss_cut",
    "reachable_pairs_added",
    "spofs_resolved",
    "dependencies_removed",
    "pair_top_reach_loss_before",
    "pair_top_reach_loss_after",
    "pair_top_person_before",
    "pair_top_person_after",
    "reason",
];

/// introductions_effect.csv: one row per partnership the introductions affect, before and
/// after (pairs.csv recomputed on the network with the new ties; top reach loss measured from
/// scratch there).
pub fn introductions_effect_csv(g: &Graph, rows: &[EffectRow]) -> Vec<u8> {
    let ids = g.ids();
    let names = g.group_names();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "group_a",
        "group_b",
        "introductions",
        "integration_score_before",
        "integration_score_after",
        "stage_before",
        "stage_after",
        "reach_lost_top_spanner_before",
        "reach_lost_top_spanner_after",
        "top_spanner_before",
        "top_spanner_after",
        "top_reach_loss_before",
        "top_reach_loss_after",
        "top_reach_loss_person_before",
        "top_reach_loss_person_after",
        "reachable_pairs_before",
        "reachable_pairs_after",
    ])
    .expect("writing to memory");
    let person = |p: Option<u32>| {
        p.map_or("", |v| ids[v as usize].as_str())
            .as_bytes()
            .to_vec()
    };
    for r in rows {
        w.write_record([
            names[r.groups.0 as usize].as_bytes().to_vec(),
            names[r.groups.1 as usize].as_bytes().to_vec(),
            r.introductions.to_string().into_bytes(),
            opt(Some(r.integration_score.0)),
            opt(Some(r.integration_score.1)),
            r.stage.0.as_bytes().to_vec(),
            r.stage.1.as_bytes().to_vec(),
            opt(r.reach_lost_top_spanner.0),
            opt(r.reach_lost_top_spanner.1),
            person(r.top_spanner.0),
            person(r.top_spanner.1),
            opt(Some(r.top_reach_loss.0.share)),
            opt(Some(r.top_reach_loss.1.share)),
            person(r.top_reach_loss.0.person),
            person(r.top_reach_loss.1.person),
            r.reachable_pairs.0.to_string().into_bytes(),
            r.reachable_pairs.1.to_string().into_bytes(),
        ])
        .expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The recommendations as a JSON value: provenance, the options applied, the introductions and
/// their effect (the same numbers as the CSV files).
pub fn recommendations_value(
    prov: &Provenance,
    g: &Graph,
    r: &Recommendations,
    effect: &[EffectRow],
) -> Value {
    let id = |v: u32| g.ids()[v as usize].clone();
    let group = |k: u32| g.group_names()[k as usize].clone();
    let top = |t: TopLoss| json!({ "share": t.share, "person": t.person.map(id) });
    json!({
        "schema_version": SCHEMA_VERSION,
        "grapevine_version": env!("CARGO_PKG_VERSION"),
        "dataset": prov.dataset,
        "relation": prov.relation,
        "group_attribute": prov.group,
        "analysed_on": prov.analysed_on,
        "objective": r.objective.name(),
        "requested": r.requested,
        "recommended": r.introductions.len(),
        "stopped": r.stopped,
        "between": r.between.map(|(a, b)| vec![group(a), group(b)]),
        "max_distance": r.max_distance,
        "degree_cap": r.degree_cap,
        "candidates": r.candidates,
        "dependencies": r.dependencies,
        "introductions": r.introductions.iter().map(|i| json!({
            "rank": i.rank,
            "person_a": id(i.a),
            "group_a": group(i.group_a),
            "person_b": id(i.b),
            "group_b": group(i.group_b),
            "distance": i.distance,
            "introduced_by": i.introducers.iter().map(|&v| id(v)).collect::<Vec<_>>(),
            "top_reach_loss_cut": i.top_reach_loss_cut,
            "reachable_pairs_added": i.reachable_pairs_added,
            "spofs_resolved": i.spofs_resolved,
            "dependencies_removed": i.dependencies_removed,
            "pair_top_reach_loss": i.pair.map(|(b, a)| json!({ "before": top(b), "after": top(a) })),
            "reason": i.reason,
        })).collect::<Vec<_>>(),
        "effect": effect.iter().map(|e| json!({
            "group_a": group(e.groups.0),
            "group_b": group(e.groups.1),
            "introductions": e.introductions,
            "integration_score": { "before": e.integration_score.0, "after": e.integration_score.1 },
            "stage": { "before": e.stage.0, "after": e.stage.1 },
            "reach_lost_top_spanner": { "before": e.reach_lost_top_spanner.0, "after": e.reach_lost_top_spanner.1 },
            "top_reach_loss": { "before": top(e.top_reach_loss.0), "after": top(e.top_reach_loss.1) },
            "reachable_pairs": { "before": e.reachable_pairs.0, "after": e.reachable_pairs.1 },
        })).collect::<Vec<_>>(),
    })
}

/// recommendations.json bytes (pretty-printed, trailing newline).
pub fn recommendations_json(
    prov: &Provenance,
    g: &Graph,
    r: &Recommendations,
    effect: &[EffectRow],
) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&recommendations_value(prov, g, r, effect))
        .expect("JSON serialises");
    out.push(b'\n');
    out
}

/// ties.csv: the analysed network after merging (source, target, weight), in node order, so
/// charts can be redrawn from an output folder alone.
pub fn ties_csv(g: &Graph) -> Vec<u8> {
    in_memory(|w| write_ties_csv(w, g))
}

/// Streams ties.csv to `out` (see [`ties_csv`]): one row in memory at a time.
pub fn write_ties_csv<W: std::io::Write>(mut out: W, g: &Graph) -> std::io::Result<()> {
    out.write_all(b"source,target,weight\n")?;
    let mut w = csv::Writer::from_writer(out);
    let mut weight = Vec::with_capacity(32);
    for s in 0..g.n() {
        for (&t, &wt) in g.out().row(s).iter().zip(g.out().row_weights(s)) {
            weight.clear();
            push_f64(&mut weight, wt);
            w.write_record([
                g.ids()[s].as_bytes(),
                g.ids()[t as usize].as_bytes(),
                &weight,
            ])?;
        }
    }
    w.flush()
}

/// boundary_matrix.csv: groups × groups tie counts (row = from, column = to).
pub fn boundary_matrix_csv(g: &Graph, a: &Analysis) -> Vec<u8> {
    let names = g.group_names();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["from \\ to".to_string()];
    header.extend(names.iter().cloned());
    w.write_record(&header).expect("writing to memory");
    for (i, from) in names.iter().enumerate() {
        let mut row = vec![from.clone()];
        row.extend((0..names.len()).map(|j| a.boundary.ties[[i, j]].to_string()));
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

/// The summary as a JSON value: provenance, options, then the metric keys of METRICS.md.
pub fn summary_value(prov: &Provenance, a: &Analysis) -> Value {
    let mut m = Map::new();
    m.insert("schema_version".into(), json!(SCHEMA_VERSION));
    m.insert("grapevine_version".into(), json!(env!("CARGO_PKG_VERSION")));
    m.insert("dataset".into(), json!(prov.dataset));
    m.insert("relation".into(), json!(prov.relation));
    m.insert("group_attribute".into(), json!(prov.group));
    m.insert("group_word".into(), json!(prov.group_word));
    m.insert("flow".into(), json!(a.options.flow));
    m.insert("path_weights".into(), json!(a.options.path_weights));
    if let Some(l) = &a.summary.path_lengths {
        m.insert("path_lengths".into(), l.clone());
    }
    m.insert("analysed_on".into(), json!(prov.analysed_on));
    if let Value::Object(s) = serde_json::to_value(&a.summary).expect("summary serialises") {
        m.extend(s);
    }
    m.insert(
        "computed".into(),
        json!(crate::analysis::Family::ALL
            .iter()
            .filter(|(f, _)| a.options.families.contains(f))
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()),
    );
    m.insert("seed".into(), json!(a.options.seed));
    m.insert(
        "key_people".into(),
        serde_json::to_value(&a.findings).expect("findings serialise"),
    );
    Value::Object(m)
}

/// summary.json bytes (pretty-printed, trailing newline).
pub fn summary_json(prov: &Provenance, a: &Analysis) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&summary_value(prov, a)).expect("JSON serialises");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalysisOptions;

    fn small() -> (Graph, Analysis) {
        let ids = ["a", "b", "c"].map(String::from).to_vec();
        let groups = ["A", "A", "B"].map(String::from);
        let g = Graph::from_pairs_grouped(ids, &groups, &[(0, 1), (1, 0), (0, 2)]);
        let core_only = AnalysisOptions {
            families: Default::default(),
            ..Default::default()
        };
        let a = Analysis::compute(&g, &core_only).unwrap();
        (g, a)
    }

    #[test]
    fn people_rows_and_empty_cells() {
        let (g, a) = small();
        let text = String::from_utf8(people_csv(&g, &a)).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            "id,group,in_degree,out_degree,in_strength,out_strength,external_ties,internal_ties,ei_index,hoarding_index"
        );
        assert_eq!(
            lines.next().unwrap(),
            "a,A,1,2,1.0,2.0,1,1,0.0,-0.3333333333333333"
        );
        assert_eq!(lines.nth(1).unwrap(), "c,B,1,0,1.0,0.0,1,0,1.0,1.0");
    }

    #[test]
    fn boundary_rows() {
        let (g, a) = small();
        let text = String::from_utf8(boundary_csv(&g, &a)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "A,A,2,2.0,1.0,");
        assert_eq!(lines[2], "A,B,1,1.0,0.5,1.0");
        assert_eq!(lines[4], "B,B,0,0.0,,");
        let m = String::from_utf8(boundary_matrix_csv(&g, &a)).unwrap();
        assert_eq!(m, "from \\ to,A,B\nA,2,1\nB,0,0\n");
    }
}
