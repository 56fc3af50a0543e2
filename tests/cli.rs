//! The command line as users and scripts meet it: the default run, JSON, determinism.

use crate::util::{assert_ok, repo, stderr, stdout, Workdir};

#[test]
fn default_run_analyses_the_bundled_dataset() {
    let w = Workdir::new();
    let o = w.run(&[]);
    assert_ok(&o);
    let out = w.join("output/lazega_lawfirm");
    for f in [
        "people.csv",
        "groups.csv",
        "boundary.csv",
        "boundary_matrix.csv",
        "summary.json",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let text = stdout(&o);
    assert!(text.contains("71 people, 892 ties, 3 groups"), "{text}");
    assert!(text.contains("output/lazega_lawfirm"), "{text}");
    // The bundled settings declare that advice flows against the ties: L01 is asked by 22 and
    // asks 3, so L01 gives knowledge to 22 people and receives from 3: (3 − 22)/25.
    let people = std::fs::read_to_string(out.join("people.csv")).unwrap();
    let l01 = people.lines().find(|l| l.starts_with("L01,")).unwrap();
    assert!(l01.ends_with(",-0.76") || l01.contains(",-0.76,"), "{l01}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["flow"], "against");
    // Key people agree with the reference columns (tests/fixtures/reference/lazega_lawfirm__advice):
    // the top brokerage_total is L26 (539), the top reach_loss L37 (0.0326).
    let kp = &summary["key_people"];
    assert_eq!(kp["top_brokers"][0]["id"], "L26");
    assert_eq!(kp["top_brokers"][0]["brokerage_total"], 539);
    assert_eq!(kp["single_points_of_failure"][0]["id"], "L37");
    assert_eq!(summary["seed"], 7);
    assert_eq!(summary["ei_permutations"], 10_000);
    // Partnerships: one row per pair of offices, each with a stage.
    let pairs = std::fs::read_to_string(out.join("pairs.csv")).unwrap();
    let rows: Vec<&str> = pairs.lines().skip(1).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].starts_with("Boston,Hartford,72,79,"), "{}", rows[0]);
    for r in &rows {
        let stage = r.rsplit(',').next().unwrap();
        assert!(
            ["arms-length", "coordinated", "integrated"].contains(&stage),
            "{r}"
        );
    }
    assert_eq!(summary["relation"], "advice");
    assert_eq!(summary["people"], 71);
    // The report names the same key people with the same numbers.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("**L26** (Boston) stands between 539 pairs"),
        "{md}"
    );
    assert!(md.contains("If **L37** (Providence) leaves, 3.3% of the reach across offices is lost"));
    assert!(out.join("report.html").exists());
}

#[test]
fn timings_give_wall_and_cpu_time_per_stage_and_peak_memory() {
    let w = Workdir::new();
    let o = w.run(&["analyze", "--no-charts", "--timings", "--out", "t"]);
    assert_ok(&o);
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| {
            l.starts_with(
                "grapevine: timings (wall; CPU time of all threads; peak memory so far): ",
            )
        })
        .unwrap_or_else(|| panic!("no timings line in: {err}"));
    for stage in ["read", "graph", "analysis", "tables", "charts", "report"] {
        assert!(
            line.contains(&format!(", {stage} ")) || line.contains(&format!(": {stage} ")),
            "{stage} missing: {line}"
        );
    }
    assert_eq!(line.matches(" s (CPU ").count(), 6, "{line}");
    // The read stage, step by step.
    let read = err
        .lines()
        .find_map(|l| l.strip_prefix("grapevine: read: "))
        .unwrap_or_else(|| panic!("no read line in: {err}"));
    assert!(read.starts_with("roster and ties "), "{read}");
    assert!(
        read.contains(", of which merging the parts ")
            && read.contains(", numbering ")
            && read.ends_with(" s"),
        "{read}"
    );
    // On Linux each stage gives the peak so far: never falling, and the last is the run's peak.
    if cfg!(target_os = "linux") {
        let peaks: Vec<u64> = line
            .split(", peak so far ")
            .skip(1)
            .map(|p| p.split(' ').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(peaks.len(), 6, "{line}");
        let whole: u64 = err
            .lines()
            .find_map(|l| l.strip_prefix("grapevine: peak memory "))
            .and_then(|p| p.strip_suffix(" MiB"))
            .unwrap_or_else(|| panic!("no peak line in: {err}"))
            .parse()
            .unwrap();
        assert!(peaks[0] > 0, "{peaks:?}");
        assert!(peaks.windows(2).all(|w| w[0] <= w[1]), "{peaks:?}");
        assert!(peaks[5] <= whole, "{peaks:?} vs {whole}");
    }
    assert!(
        err.contains("grapevine: analysis: degrees_boundary ")
            && err.contains(", closeness_harmonic ")
            && err.contains(", network ")
            && err.contains(", findings "),
        "{err}"
    );
    assert!(err.contains("grapevine: peak memory "), "{err}");
}

#[test]
fn each_bundled_relation_takes_its_own_flow() {
    // datasets/lazega_lawfirm/grapevine.toml: advice flows against the ties (the default run,
    // above), friendship along them ([relations.friendship]).
    let w = Workdir::new();
    assert_ok(&w.run(&[
        "analyze",
        "--relation",
        "friendship",
        "--no-charts",
        "--metrics",
        "brokerage",
        "--out",
        "f",
    ]));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.join("f/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["relation"], "friendship");
    assert_eq!(summary["flow"], "along");
    // Along the ties, knowledge received is the in-degree: hoarding_index = (in − out)/(in + out)
    // for everyone with a tie.
    let people = crate::util::read_keyed(&w.join("f/people.csv"), &["id"]);
    let mut checked = 0;
    for row in people.rows.values() {
        let (i, o): (f64, f64) = (
            row["in_degree"].parse().unwrap(),
            row["out_degree"].parse().unwrap(),
        );
        if i + o > 0.0 {
            let h: f64 = row["hoarding_index"].parse().unwrap();
            assert!((h - (i - o) / (i + o)).abs() < 1e-12, "{row:?}");
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked}");
    // The flag still overrides the settings.
    assert_ok(&w.run(&[
        "analyze",
        "--relation",
        "friendship",
        "--flow",
        "against",
        "--no-charts",
        "--metrics",
        "brokerage",
        "--out",
        "g",
    ]));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.join("g/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["flow"], "against");
}

#[test]
fn json_output_and_identical_reruns_across_thread_counts() {
    let w = Workdir::new();
    let data = repo().join("datasets/krackhardt_hightech");
    let edges = data.join("edges.csv");
    let nodes = data.join("nodes.csv");
    let mut outputs = Vec::new();
    for threads in ["1", "2", "7"] {
        let out = w.join(&format!("out{threads}"));
        let o = w.run(&[
            "analyze",
            "--edges",
            edges.to_str().unwrap(),
            "--nodes",
            nodes.to_str().unwrap(),
            "--relation",
            "advice",
            "--threads",
            threads,
            "--json",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_ok(&o);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stdout is JSON");
        assert_eq!(v["people"], 21);
        assert_eq!(v["schema_version"], 1);
        outputs.push(out);
    }
    for f in [
        "people.csv",
        "groups.csv",
        "boundary.csv",
        "boundary_matrix.csv",
        "summary.json",
    ] {
        let first = std::fs::read(outputs[0].join(f)).unwrap();
        for other in &outputs[1..] {
            assert_eq!(first, std::fs::read(other.join(f)).unwrap(), "{f} differs");
        }
    }
}

#[test]
fn several_relations_need_a_choice() {
    let w = Workdir::new();
    let edges = repo().join("datasets/lazega_lawfirm/edges.csv");
    let o = w.run(&["analyze", "--edges", edges.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("advice") && e.contains("--relation all"), "{e}");
    assert!(!w.join("output").exists());
    let o = w.run(&[
        "analyze",
        "--edges",
        edges.to_str().unwrap(),
        "--relation",
        "all",
        "--no-charts",
    ]);
    assert_ok(&o);
    assert!(
        stdout(&o).contains("(all, grouped by org)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn metrics_selects_families() {
    let w = Workdir::new();
    let o = w.run(&["analyze", "--metrics", "speed"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown metric family `speed`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn roster_only_people_and_unknown_ids() {
    let w = Workdir::new();
    w.write("nodes.csv", "id,org\na,X\nb,Y\nlonely,X\n");
    w.write(
        "edges.csv",
        "from;to;weight\na;b;2\nb;a;1\na;a;1\na;b;1\nb;stranger;1\n",
    );
    let o = w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--nodes",
        "nodes.csv",
        "--out",
        "res",
        "--no-charts",
    ]);
    assert_ok(&o);
    assert!(
        stderr(&o).contains("1 id(s) in ties are not in the roster"),
        "{}",
        stderr(&o)
    );
    let people = std::fs::read_to_string(w.join("res/people.csv")).unwrap();
    let ids: Vec<&str> = people
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, vec!["a", "b", "lonely", "stranger"]);
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.join("res/summary.json")).unwrap())
            .unwrap();
    assert_eq!(s["people"], 4);
    assert_eq!(s["ties"], 3);
    assert_eq!(s["self_loops_dropped"], 1);
    assert_eq!(s["duplicates_merged"], 1);
    // a → b merged: weight 2 + 1
    assert!(
        people
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("a,X,1,1,1.0,3.0,"),
        "{people}"
    );
    let o = w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--nodes",
        "nodes.csv",
        "--out",
        "res2",
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("\"stranger\" is not in the roster"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_graphml_and_gexf_round_trip() {
    let w = Workdir::new();
    let data = repo().join("datasets/krackhardt_hightech");
    let o = w.run(&[
        "analyze",
        "--edges",
        data.join("edges.csv").to_str().unwrap(),
        "--nodes",
        data.join("nodes.csv").to_str().unwrap(),
        "--relation",
        "advice",
        "--no-charts",
        "--export",
        "graphml,gexf",
        "--out",
        "res",
    ]);
    assert_ok(&o);
    let people = crate::util::read_keyed(&w.join("res/people.csv"), &["id"]);
    for (file, read) in [
        (
            "network.graphml",
            grapevine::export::graphml::read_graphml as fn(&[u8]) -> _,
        ),
        ("network.gexf", grapevine::export::gexf::read_gexf),
    ] {
        let net = read(&std::fs::read(w.join("res").join(file)).unwrap()).unwrap();
        assert_eq!(net.ids.len(), 21, "{file}");
        assert_eq!(net.ties.len(), 190, "{file}");
        let (_, betweenness) = net
            .columns
            .iter()
            .find(|(n, _)| n == "betweenness")
            .unwrap();
        for (i, id) in net.ids.iter().enumerate() {
            let want: f64 = people.rows[&vec![id.clone()]]["betweenness"]
                .parse()
                .unwrap();
            assert_eq!(betweenness[i], Some(want), "{file} {id}");
        }
        assert_eq!(net.groups[1], "dept_4", "{file}");
    }
}

#[test]
fn estimates_stay_within_their_stated_bounds() {
    let w = Workdir::new();
    let data = repo().join("datasets/lazega_lawfirm");
    let mut outs = Vec::new();
    for (out, mode) in [("exact", "exact"), ("approx", "approx")] {
        let o = w.run(&[
            "analyze",
            "--edges",
            data.join("edges.csv").to_str().unwrap(),
            "--nodes",
            data.join("nodes.csv").to_str().unwrap(),
            "--relation",
            "advice",
            "--metrics",
            "betweenness,harmonic,reach_loss",
            "--betweenness",
            mode,
            "--paths",
            mode,
            "--epsilon",
            "0.02",
            "--no-charts",
            "--out",
            out,
        ]);
        assert_ok(&o);
        outs.push(w.join(out));
    }
    assert!(stderr(&w.run(&["analyze", "--epsilon", "2"])).contains("--epsilon 2"));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outs[1].join("summary.json")).unwrap())
            .unwrap();
    let est = &s["estimated"];
    assert_eq!(est["betweenness"]["epsilon"], 0.02);
    let hw = est["closeness_harmonic"]["harmonic_half_width"]
        .as_f64()
        .unwrap();
    let rl_hw = est["reach_loss"]["max_half_width"].as_f64().unwrap();
    let exact = crate::util::read_keyed(&outs[0].join("people.csv"), &["id"]);
    let approx = crate::util::read_keyed(&outs[1].join("people.csv"), &["id"]);
    for (id, row) in &exact.rows {
        let a = &approx.rows[id];
        let diff = |c: &str| (row[c].parse::<f64>().unwrap() - a[c].parse::<f64>().unwrap()).abs();
        assert!(diff("betweenness") <= 0.02, "{id:?} betweenness");
        assert!(diff("harmonic") <= hw, "{id:?} harmonic");
        assert!(diff("reach_loss") <= rl_hw, "{id:?} reach_loss");
    }
    let exact_summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outs[0].join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(exact_summary["estimated"], serde_json::json!({}));
}

#[test]
fn render_redraws_the_charts_of_an_output_folder() {
    let w = Workdir::new();
    let data = repo().join("datasets/krackhardt_hightech");
    let (edges, nodes) = (data.join("edges.csv"), data.join("nodes.csv"));
    let args = [
        "analyze",
        "--edges",
        edges.to_str().unwrap(),
        "--nodes",
        nodes.to_str().unwrap(),
        "--relation",
        "advice",
        "--out",
        "res",
        "--chart-size",
        "800x600",
    ];
    assert_ok(&w.run(&args));
    let charts = [
        "network.png",
        "flows.png",
        "boundary.png",
        "brokers.png",
        "hoarding.png",
    ];
    let first: Vec<Vec<u8>> = charts
        .iter()
        .map(|c| std::fs::read(w.join("res").join(c)).unwrap())
        .collect();
    for bytes in &first {
        // PNG header: width and height after the IHDR tag.
        assert_eq!(&bytes[16..24], &[0, 0, 3, 32, 0, 0, 2, 88]);
    }
    // A rerun draws byte-identical charts.
    assert_ok(&w.run(&args));
    for (c, bytes) in charts.iter().zip(&first) {
        assert_eq!(&std::fs::read(w.join("res").join(c)).unwrap(), bytes, "{c}");
    }
    // `render` redraws the same pictures from the tables alone.
    let o = w.run(&["render", "res", "--chart-size", "800x600"]);
    assert_ok(&o);
    for (c, bytes) in charts.iter().zip(&first) {
        assert_eq!(
            &std::fs::read(w.join("res").join(c)).unwrap(),
            bytes,
            "{c} after render"
        );
    }
    let o = w.run(&["render", "res", "--chart-size", "1000x700"]);
    assert_ok(&o);
    let png = std::fs::read(w.join("res/network.png")).unwrap();
    assert_eq!(&png[16..24], &[0, 0, 3, 232, 0, 0, 2, 188]);
    let o = w.run(&["render", "."]);
    assert_eq!(o.status.code(), Some(2));
}
