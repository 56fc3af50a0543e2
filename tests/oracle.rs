//! Every delivered column against the reference values of the metric oracle (NetworkX, R sna),
//! committed under tests/fixtures/reference/, on the bundled real datasets.

use crate::util::{assert_ok, compare_dir, read_keyed, repo, Workdir};

/// Reference keys that are not values to equal: the reference Louvain modularity is a bar to
/// reach (checked below), the permutation p-value agrees within sampling error (checked below),
/// and community ids are arbitrary.
const NOT_CHECKED: &[&str] = &[
    "modularity_communities_reference_louvain",
    "ei_p_value",
    "community",
];

fn check(dataset: &str, relation: &str) {
    let w = Workdir::new();
    let data = repo().join("datasets").join(dataset);
    let out = w.join("out");
    let o = w.run(&[
        "analyze",
        "--edges",
        data.join("edges.csv").to_str().unwrap(),
        "--nodes",
        data.join("nodes.csv").to_str().unwrap(),
        "--relation",
        relation,
        "--flow",
        "along",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ok(&o);
    let reference = repo()
        .join("tests/fixtures/reference")
        .join(format!("{dataset}__{relation}"));
    let (failures, checked) = compare_dir(&out, &reference, NOT_CHECKED);
    assert!(checked >= 40, "only {checked} columns compared");
    assert!(
        failures.is_empty(),
        "{dataset}/{relation}:\n{}",
        failures.join("\n")
    );
    check_bars(&out, &reference);
}

/// The values that are bars or sampling estimates rather than values to equal: our communities'
/// modularity reaches NetworkX's seeded Louvain (minus 0.01), and our permutation p-value agrees
/// with the oracle's within 0.03 (both use 10,000 permutations).
fn check_bars(ours: &std::path::Path, reference: &std::path::Path) {
    let read = |dir: &std::path::Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap()
    };
    let (o, r) = (read(ours), read(reference));
    let louvain = r["modularity_communities_reference_louvain"]
        .as_f64()
        .unwrap();
    let ours_q = o["modularity_communities"].as_f64().unwrap();
    assert!(
        ours_q >= louvain - 0.01,
        "modularity_communities {ours_q} below NetworkX Louvain {louvain} - 0.01"
    );
    let (p, rp) = (o["ei_p_value"].as_f64(), r["ei_p_value"].as_f64());
    match (p, rp) {
        (Some(p), Some(rp)) => assert!((p - rp).abs() <= 0.03, "ei_p_value {p} vs oracle {rp}"),
        (p, rp) => assert_eq!(p, rp, "ei_p_value defined on one side only"),
    }
}

#[test]
fn krackhardt_advice() {
    check("krackhardt_hightech", "advice");
}

#[test]
fn krackhardt_friendship() {
    check("krackhardt_hightech", "friendship");
}

#[test]
fn lazega_advice() {
    check("lazega_lawfirm", "advice");
}

#[test]
fn lazega_cowork() {
    check("lazega_lawfirm", "cowork");
}

#[test]
fn lazega_friendship() {
    check("lazega_lawfirm", "friendship");
}

#[test]
fn zachary_interaction() {
    check("zachary_karate", "interaction");
}

#[test]
fn enron_email() {
    check("enron_perry_wolfe", "email");
}

#[test]
fn freeman_messages() {
    check("freeman_eies", "messages");
}

#[test]
fn ckm_advice() {
    check("ckm_physicians", "advice");
}

#[test]
fn email_eu_core() {
    check("email_eu_core", "email");
}

/// brokerage.csv (count, expected count and z-score per person and role) against R sna's
/// `brokerage()` (`raw.nli`, `exp.nli`, `z.nli`), committed under tests/fixtures/brokerage/ by
/// its make_reference.py.
fn check_brokerage(dataset: &str, relation: &str) {
    let w = Workdir::new();
    let data = repo().join("datasets").join(dataset);
    let out = w.join("out");
    let o = w.run(&[
        "analyze",
        "--edges",
        data.join("edges.csv").to_str().unwrap(),
        "--nodes",
        data.join("nodes.csv").to_str().unwrap(),
        "--relation",
        relation,
        "--metrics",
        "brokerage",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ok(&o);
    let key = ["id", "role"];
    let reference = read_keyed(
        &repo()
            .join("tests/fixtures/brokerage")
            .join(format!("{dataset}__{relation}.csv")),
        &key,
    );
    let ours = read_keyed(&out.join("brokerage.csv"), &key);
    assert_eq!(ours.header, reference.header);
    assert_eq!(ours.rows.len(), reference.rows.len());
    for (k, r) in &reference.rows {
        let o = &ours.rows[k];
        assert_eq!(o["group"], r["group"], "{k:?}");
        assert_eq!(o["count"], r["count"], "{k:?}");
        for col in ["expected", "z"] {
            let (a, b) = (&o[col], &r[col]);
            let agree = match (a.parse::<f64>(), b.parse::<f64>()) {
                (Ok(a), Ok(b)) => (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
                _ => a == b,
            };
            assert!(agree, "{dataset} {k:?} {col}: ours {a:?}, sna {b:?}");
        }
    }
}

#[test]
fn brokerage_csv_matches_sna() {
    check_brokerage("krackhardt_hightech", "advice");
    check_brokerage("lazega_lawfirm", "advice");
    check_brokerage("ckm_physicians", "advice");
}
