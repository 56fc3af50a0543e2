//! `--path-weights`: weighted betweenness, closeness and harmonic against NetworkX reference
//! values (tests/fixtures/weighted/, made by make_weighted.py there), provenance in
//! summary.json, identical outputs across thread counts, and weights that cannot be lengths.

use crate::util::{assert_ok, read_keyed, repo, stderr, Workdir};

/// Runs analyze on a bundled dataset with `--path-weights MODE`; returns the output folder.
fn analyze(
    w: &Workdir,
    dataset: &str,
    relation: &str,
    mode: &str,
    threads: &str,
) -> std::path::PathBuf {
    let data = repo().join("datasets").join(dataset);
    let out = w.join(&format!("{dataset}-{mode}-{threads}"));
    let o = w.run(&[
        "analyze",
        "--edges",
        data.join("edges.csv").to_str().unwrap(),
        "--nodes",
        data.join("nodes.csv").to_str().unwrap(),
        "--relation",
        relation,
        "--metrics",
        "betweenness,closeness,harmonic",
        "--path-weights",
        mode,
        "--threads",
        threads,
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ok(&o);
    out
}

fn summary(out: &std::path::Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap()
}

/// Compares the three path columns with the reference to 1e-6 (absolute + relative); returns
/// how many values are positive, so a test cannot pass on all-zero columns.
fn check(dataset: &str, relation: &str, mode: &str) -> (usize, serde_json::Value) {
    let w = Workdir::new();
    let out = analyze(&w, dataset, relation, mode, "2");
    let reference = repo()
        .join("tests/fixtures/weighted")
        .join(format!("{dataset}__{relation}__{mode}.csv"));
    let want = read_keyed(&reference, &["id"]);
    let got = read_keyed(&out.join("people.csv"), &["id"]);
    assert_eq!(want.rows.len(), got.rows.len(), "people");
    let mut positive = 0;
    for (id, row) in &want.rows {
        for col in ["betweenness", "closeness", "harmonic"] {
            let r: f64 = row[col].parse().unwrap();
            let o: f64 = got.rows[id][col].parse().unwrap();
            assert!(
                (r - o).abs() <= 1e-6 + 1e-6 * r.abs(),
                "{dataset}/{relation} {mode} {id:?} {col}: ours {o}, NetworkX {r}"
            );
            positive += usize::from(r > 0.0);
        }
    }
    let s = summary(&out);
    assert_eq!(s["path_weights"], mode);
    (positive, s["path_lengths"].clone())
}

#[test]
fn zachary_interaction_as_distances_and_strengths() {
    // Interaction counts 1–7: both modes are exact (strengths: lengths in units of 1/420).
    for mode in ["distance", "inverse-strength"] {
        let (positive, lengths) = check("zachary_karate", "interaction", mode);
        assert!(positive > 40, "{mode}: {positive}");
        assert_eq!(lengths["exact"], true, "{mode}");
    }
    let (_, lengths) = check("zachary_karate", "interaction", "inverse-strength");
    assert_eq!(lengths["unit"].as_f64().unwrap(), 1.0 / 420.0);
}

#[test]
fn freeman_messages_as_distances_and_strengths() {
    let (positive, lengths) = check("freeman_eies", "messages", "distance");
    assert!(positive > 40, "{positive}");
    assert_eq!(lengths["exact"], true);
    // Message counts up to 559: the strengths' least common multiple is far beyond 2^62, so
    // the lengths of some strengths are rounded (and said so).
    let (positive, lengths) = check("freeman_eies", "messages", "inverse-strength");
    assert!(positive > 40, "{positive}");
    assert_eq!(lengths["exact"], false);
    assert!(lengths["rounded_ties"].as_u64().unwrap() > 0);
}

#[test]
fn enron_email_as_distances_and_strengths() {
    for mode in ["distance", "inverse-strength"] {
        let (positive, _) = check("enron_perry_wolfe", "email", mode);
        assert!(positive > 200, "{mode}: {positive}");
    }
}

#[test]
fn weighted_outputs_are_identical_for_any_thread_count() {
    let w = Workdir::new();
    for mode in ["distance", "inverse-strength"] {
        let outs: Vec<_> = ["1", "2", "5"]
            .iter()
            .map(|t| analyze(&w, "enron_perry_wolfe", "email", mode, t))
            .collect();
        for f in ["people.csv", "summary.json"] {
            let first = std::fs::read(outs[0].join(f)).unwrap();
            for other in &outs[1..] {
                assert_eq!(first, std::fs::read(other.join(f)).unwrap(), "{mode} {f}");
            }
        }
    }
}

#[test]
fn hop_counts_are_the_default_and_said_so() {
    let w = Workdir::new();
    w.write("edges.csv", "source,target,weight\na,b,5\nb,c,1\na,c,0.5\n");
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "analyze",
            "--edges",
            "edges.csv",
            "--no-charts",
            "--out",
            out,
        ];
        args.extend(extra);
        let o = w.run(&args);
        assert_ok(&o);
        (
            read_keyed(&w.join(out).join("people.csv"), &["id"]),
            summary(&w.join(out)),
        )
    };
    // Hops: a→c is direct, so b is on no shortest path. As distances a→b→c (5 + 1) is
    // longer than a→c (0.5): still none. As strengths a→b→c (1/5 + 1) beats a→c (1/0.5): b
    // is on the one shortest path of (a, c): betweenness 1/((3−1)(3−2)) = 0.5.
    let (p, s) = run("hops", &[]);
    assert_eq!(p.rows[&vec!["b".to_string()]]["betweenness"], "0.0");
    assert_eq!(s["path_weights"], "none");
    assert!(s.get("path_lengths").is_none());
    let (p, _) = run("dist", &["--path-weights", "distance"]);
    assert_eq!(p.rows[&vec!["b".to_string()]]["betweenness"], "0.0");
    let (p, s) = run("inv", &["--path-weights", "inverse-strength"]);
    assert_eq!(p.rows[&vec!["b".to_string()]]["betweenness"], "0.5");
    assert_eq!(s["path_weights"], "inverse-strength");
    assert_eq!(s["path_lengths"]["exact"], true);
    // Closeness of c as strengths: reached by b at 1 and by a at 1.2 (through b): r = 2,
    // tot = 2.2: (2/2.2)·(2/2) = 10/11.
    let c: f64 = p.rows[&vec!["c".to_string()]]["closeness"].parse().unwrap();
    assert!((c - 10.0 / 11.0).abs() < 1e-12, "{c}");
}

#[test]
fn zero_weights_outside_the_analysed_relation_are_fine() {
    let w = Workdir::new();
    w.write(
        "edges.csv",
        "source,target,weight,relation\na,b,1,advice\nb,c,0,friendship\nb,c,2,advice\n",
    );
    let o = w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--relation",
        "advice",
        "--path-weights",
        "distance",
        "--no-charts",
        "--out",
        "res",
    ]);
    assert_ok(&o);
    let o = w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--relation",
        "all",
        "--path-weights",
        "distance",
        "--no-charts",
        "--out",
        "res2",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("edges.csv:3: weight \"0\" must be positive"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn weighted_estimates_stay_within_their_stated_bounds() {
    // Enron e-mail counts as strengths, estimated, against NetworkX's exact values.
    let w = Workdir::new();
    let data = repo().join("datasets/enron_perry_wolfe");
    let o = w.run(&[
        "analyze",
        "--edges",
        data.join("edges.csv").to_str().unwrap(),
        "--nodes",
        data.join("nodes.csv").to_str().unwrap(),
        "--metrics",
        "betweenness,harmonic",
        "--path-weights",
        "inverse-strength",
        "--betweenness",
        "approx",
        "--epsilon",
        "0.02",
        "--paths",
        "approx",
        "--no-charts",
        "--out",
        "est",
    ]);
    assert_ok(&o);
    assert!(
        stderr(&o).contains("betweenness estimated"),
        "{}",
        stderr(&o)
    );
    let s = summary(&w.join("est"));
    assert_eq!(s["estimated"]["betweenness"]["epsilon"], 0.02);
    let hw = s["estimated"]["closeness_harmonic"]["harmonic_half_width"]
        .as_f64()
        .unwrap();
    let reference =
        repo().join("tests/fixtures/weighted/enron_perry_wolfe__email__inverse-strength.csv");
    let want = read_keyed(&reference, &["id"]);
    let got = read_keyed(&w.join("est/people.csv"), &["id"]);
    for (id, row) in &want.rows {
        let diff = |c: &str| {
            (row[c].parse::<f64>().unwrap() - got.rows[id][c].parse::<f64>().unwrap()).abs()
        };
        assert!(
            diff("betweenness") <= 0.02,
            "{id:?} betweenness {}",
            diff("betweenness")
        );
        assert!(diff("harmonic") <= hw, "{id:?} harmonic");
    }
}
