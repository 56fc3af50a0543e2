//! Recommended introductions through the real CLI: `grapevine recommend` and
//! `grapevine analyze --recommend K`.

use crate::util::{assert_ok, read_keyed, stderr, stdout, Workdir};

/// Bank (BAN1..BAN4) and City (CIT1..CIT4) in one chain of reciprocal ties,
/// BAN1 – BAN2 – BAN3 – BAN4 = CIT1 – CIT2 – CIT3 – CIT4: BAN4 and CIT1 are the one liaison pair.
fn liaison_pair(w: &Workdir) -> (String, String) {
    let chain = [
        "BAN1", "BAN2", "BAN3", "BAN4", "CIT1", "CIT2", "CIT3", "CIT4",
    ];
    let mut edges = String::from("source,target\n");
    for p in chain.windows(2) {
        edges += &format!("{},{}\n{},{}\n", p[0], p[1], p[1], p[0]);
    }
    let mut nodes = String::from("id,org\n");
    for id in chain {
        nodes += &format!(
            "{id},{}\n",
            if id.starts_with("BAN") {
                "Bank"
            } else {
                "City"
            }
        );
    }
    let e = w.write("edges.csv", edges);
    let n = w.write("nodes.csv", nodes);
    (
        e.to_str().unwrap().to_string(),
        n.to_str().unwrap().to_string(),
    )
}

#[test]
fn recommend_bypasses_the_liaison_pair_and_the_after_state_is_recomputed() {
    let w = Workdir::new();
    let (edges, nodes) = liaison_pair(&w);
    let out = w.join("intro");
    let o = w.run(&[
        "recommend",
        "--edges",
        &edges,
        "--nodes",
        &nodes,
        "--k",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ok(&o);
    // Only BAN3 – CIT2 bypasses both BAN4 and CIT1 within 3 steps; nothing more helps.
    let intro = std::fs::read_to_string(out.join("introductions.csv")).unwrap();
    let lines: Vec<&str> = intro.lines().collect();
    assert_eq!(
        lines[0],
        "rank,person_a,group_a,person_b,group_b,distance,introduced_by,objective,\
         top_reach_loss_cut,reachable_pairs_added,spofs_resolved,dependencies_removed,\
         pair_top_reach_loss_before,pair_top_reach_loss_after,pair_top_person_before,\
         pair_top_person_after,reason"
    );
    assert_eq!(
        lines[1],
        "1,BAN3,Bank,CIT2,City,3,BAN4; CIT1,reach,0.33333333333333337,0,2,48,1.0,\
         0.6666666666666666,BAN4,BAN3,BAN4 (who works with BAN3) already works with CIT1 (who \
         works with CIT2); would give Bank and City a second route besides BAN4 (top reach loss \
         100% → 67%)"
    );
    assert_eq!(lines.len(), 2);
    assert!(
        stderr(&o).contains("1 of 3 introductions recommended: no further introduction improves"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("1. BAN3 (Bank) – CIT2 (City)"),
        "{}",
        stdout(&o)
    );

    // The effect: one reciprocated liaison pair (arms-length, 0.3125) becomes two
    // (breadth 2/4, spread 0, reciprocity 1, robustness 1 − 2/3: coordinated).
    let effect = read_keyed(
        &out.join("introductions_effect.csv"),
        &["group_a", "group_b"],
    );
    let row = &effect.rows[&vec!["Bank".to_string(), "City".to_string()]];
    let num = |c: &str| row[c].parse::<f64>().unwrap();
    assert_eq!(row["introductions"], "1");
    assert_eq!(num("integration_score_before"), 0.3125);
    assert!((num("integration_score_after") - (0.5 + 1.0 + 1.0 / 3.0) / 4.0).abs() < 1e-12);
    assert_eq!(
        (row["stage_before"].as_str(), row["stage_after"].as_str()),
        ("arms-length", "coordinated")
    );
    assert_eq!(num("reach_lost_top_spanner_before"), 1.0);
    assert!((num("reach_lost_top_spanner_after") - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        (
            row["top_spanner_before"].as_str(),
            row["top_spanner_after"].as_str()
        ),
        ("BAN4", "BAN3")
    );
    assert_eq!(num("top_reach_loss_before"), 1.0);
    assert_eq!(row["top_reach_loss_person_before"], "BAN4");
    assert_eq!(row["top_reach_loss_person_after"], "BAN3");
    assert_eq!(row["reachable_pairs_before"], "32");
    assert_eq!(row["reachable_pairs_after"], "32");

    // Recomputed, not estimated: analysing the network with the introduced tie gives exactly
    // pairs_after.csv, and the network as it is gives pairs.csv.
    let mut with_tie = std::fs::read_to_string(&edges).unwrap();
    with_tie += "BAN3,CIT2\nCIT2,BAN3\n";
    let edges2 = w.write("edges_with_introduction.csv", with_tie);
    for (input, file) in [
        (edges.as_str(), "pairs.csv"),
        (edges2.to_str().unwrap(), "pairs_after.csv"),
    ] {
        let dir = w.join(&format!("analysed_{file}"));
        assert_ok(&w.run(&[
            "analyze",
            "--edges",
            input,
            "--nodes",
            &nodes,
            "--no-charts",
            "--out",
            dir.to_str().unwrap(),
        ]));
        assert_eq!(
            std::fs::read(dir.join("pairs.csv")).unwrap(),
            std::fs::read(out.join(file)).unwrap(),
            "{file}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("recommendations.json")).unwrap()).unwrap();
    assert_eq!(json["recommended"], 1);
    assert_eq!(json["degree_cap"], 2);
    assert_eq!(json["introductions"][0]["introduced_by"][1], "CIT1");
    assert_eq!(json["effect"][0]["stage"]["after"], "coordinated");
}

#[test]
fn redundancy_objective_and_identical_results_on_any_thread_count() {
    let w = Workdir::new();
    let (edges, nodes) = liaison_pair(&w);
    let mut files = Vec::new();
    for threads in ["1", "2"] {
        let out = w.join(&format!("r{threads}"));
        let o = w.run(&[
            "recommend",
            "--edges",
            &edges,
            "--nodes",
            &nodes,
            "--objective",
            "redundancy",
            "--max-distance",
            "5",
            "--threads",
            threads,
            "--json",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_ok(&o);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stdout is JSON");
        assert_eq!(v["objective"], "redundancy");
        // BAN2 – CIT3 (5 steps) bypasses BAN3, BAN4, CIT1 and CIT2 at once.
        assert_eq!(v["introductions"][0]["person_a"], "BAN2");
        assert_eq!(v["introductions"][0]["person_b"], "CIT3");
        assert_eq!(v["introductions"][0]["spofs_resolved"], 4);
        files.push(out);
    }
    for f in [
        "introductions.csv",
        "introductions_effect.csv",
        "pairs_after.csv",
        "recommendations.json",
    ] {
        assert_eq!(
            std::fs::read(files[0].join(f)).unwrap(),
            std::fs::read(files[1].join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn analyze_recommend_draws_the_introductions_and_render_redraws_them() {
    let w = Workdir::new();
    let out = w.join("lazega");
    let o = w.run(&[
        "analyze",
        "--recommend",
        "3",
        "--chart-size",
        "800x600",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ok(&o);
    for f in [
        "introductions.csv",
        "introductions_effect.csv",
        "pairs_after.csv",
        "recommendations.json",
        "pairs.csv",
        "network.png",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    // L37 alone carries a fifth of Boston–Providence reach (pairs.csv's top spanner L15 carries
    // none); one introduction around L37 helps, then nothing more does.
    let intro = read_keyed(&out.join("introductions.csv"), &["rank"]);
    let first = &intro.rows[&vec!["1".to_string()]];
    assert_eq!(first["pair_top_person_before"], "L37");
    assert!(
        first["reason"].contains("a second route besides L37"),
        "{first:?}"
    );
    let text = stdout(&o);
    assert!(text.contains("recommended introduction"), "{text}");
    // The chart differs from one without introductions, and `render` redraws it exactly.
    let plain = w.join("plain");
    assert_ok(&w.run(&[
        "analyze",
        "--chart-size",
        "800x600",
        "--out",
        plain.to_str().unwrap(),
    ]));
    let drawn = std::fs::read(out.join("network.png")).unwrap();
    assert_ne!(drawn, std::fs::read(plain.join("network.png")).unwrap());
    assert_ok(&w.run(&["render", out.to_str().unwrap(), "--chart-size", "800x600"]));
    assert_eq!(drawn, std::fs::read(out.join("network.png")).unwrap());
}

#[test]
fn bad_recommendation_options_are_usage_errors() {
    let w = Workdir::new();
    let (edges, nodes) = liaison_pair(&w);
    for (args, says) in [
        (
            vec![
                "recommend",
                "--edges",
                &edges,
                "--nodes",
                &nodes,
                "--between",
                "Bank,Town",
            ],
            "--between: no group `Town` in the data; the groups are: Bank, City",
        ),
        (
            vec![
                "recommend",
                "--edges",
                &edges,
                "--nodes",
                &nodes,
                "--k",
                "0",
            ],
            "--k 0: ask for at least one introduction",
        ),
        (
            vec![
                "recommend",
                "--edges",
                &edges,
                "--nodes",
                &nodes,
                "--max-distance",
                "1",
            ],
            "--max-distance 1: people one step apart are already tied",
        ),
        (
            vec![
                "analyze",
                "--edges",
                &edges,
                "--nodes",
                &nodes,
                "--between",
                "Bank,City",
            ],
            "add --recommend K",
        ),
    ] {
        let o = w.run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(!w.join("output").exists(), "{args:?} left an output folder");
    }
}

#[test]
fn the_report_states_each_introduction_and_its_effect_with_the_numbers_of_the_csvs() {
    let w = Workdir::new();
    let (edges, nodes) = liaison_pair(&w);
    let out = w.join("res");
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        &edges,
        "--nodes",
        &nodes,
        "--recommend",
        "3",
        "--no-charts",
        "--group-word",
        "organization",
        "--out",
        out.to_str().unwrap(),
    ]));
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let intro = read_keyed(&out.join("introductions.csv"), &["rank"]);
    let first = &intro.rows[&vec!["1".to_string()]];
    let effect = read_keyed(
        &out.join("introductions_effect.csv"),
        &["group_a", "group_b"],
    );
    let row = &effect.rows[&vec!["Bank".to_string(), "City".to_string()]];
    let num = |c: &str| row[c].parse::<f64>().unwrap();
    // The report's numbers, formatted from the CSV cells: scores with two decimals, shares as
    // whole percentages (both above 10%).
    let score = |c: &str| format!("{:.2}", num(c));
    let share = |c: &str| format!("{:.0}%", num(c) * 100.0);
    assert_eq!(
        (
            score("integration_score_before"),
            score("integration_score_after")
        ),
        ("0.31".to_string(), "0.46".to_string())
    );
    assert_eq!(
        (
            share("top_reach_loss_before"),
            share("top_reach_loss_after")
        ),
        ("100%".to_string(), "67%".to_string())
    );

    let section = &md[md
        .find("## Recommended introductions")
        .expect("the section")..];
    let section = &section[..section
        .find("## About this report")
        .expect("placed before About")];
    for want in [
        format!(
            "Introduce **{}** ({}) to **{}** ({}), {} steps apart; the chain of contacts BAN4 \
             and CIT1 links them. Why: {}.",
            first["person_a"],
            first["group_a"],
            first["person_b"],
            first["group_b"],
            first["distance"],
            first["reason"]
        ),
        format!(
            "**Bank–City** ({} introduction): integration score {} → **{}**, from *{}* to *{}*. \
             The largest share of its reach that hangs on one person falls from **{}** ({}) to \
             **{}** ({}).",
            row["introductions"],
            score("integration_score_before"),
            score("integration_score_after"),
            row["stage_before"],
            row["stage_after"],
            share("top_reach_loss_before"),
            row["top_reach_loss_person_before"],
            share("top_reach_loss_after"),
            row["top_reach_loss_person_after"],
        ),
        "1 introduction is recommended (3 asked for); the search stopped there: no further \
         introduction improves the reach objective."
            .to_string(),
        // The realism rules, from recommendations.json: 3 steps, degree cap 2, and the note
        // that the effect was measured.
        "people at most 3 steps apart in the network".to_string(),
        "neither with more than 2 contacts".to_string(),
        "The effect was recomputed, not estimated".to_string(),
    ] {
        assert!(section.contains(&want), "missing: {want}\n{section}");
    }
    assert!(
        md.contains(
            "- Recommended introductions: BAN3 (Bank) – CIT2 (City). Bank–City moves from \
             arms-length to coordinated (integration score 0.31 → 0.46)."
        ),
        "{md}"
    );
    assert!(html.contains("<section id=\"introductions\">\n<h2>Recommended introductions</h2>"));
    assert!(html.contains("The effect was recomputed, not estimated"));

    // Without --recommend the report has no such section.
    let plain = w.join("plain");
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        &edges,
        "--nodes",
        &nodes,
        "--no-charts",
        "--out",
        plain.to_str().unwrap(),
    ]));
    let md = std::fs::read_to_string(plain.join("report.md")).unwrap();
    assert!(!md.contains("Recommended introductions"), "{md}");
}
