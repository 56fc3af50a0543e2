//! `--anonymize` and `--min-group-size`: no roster id, name or e-mail anywhere in an anonymized
//! output folder; stable pseudonyms; small groups merged as documented.

use std::path::{Path, PathBuf};

use crate::util::{assert_ok, repo, stderr, stdout, Workdir};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/privacy").join(name)
}

/// The roster's ids, names and e-mail addresses, and the one id that only appears in ties.
fn secrets() -> Vec<String> {
    let mut r = csv::Reader::from_path(fixture("roster.csv")).unwrap();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        out.extend([rec[0].to_string(), rec[1].to_string(), rec[2].to_string()]);
        // Surnames too: "Lima" must not appear either (all are 4+ letters).
        out.push(rec[1].split(' ').next_back().unwrap().to_string());
    }
    out.push("emp-visitor-quinn".into());
    out
}

/// Every (file, secret) pair where the secret's bytes occur in a file under `dir`.
fn leaks(dir: &Path, secrets: &[String]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut scanned = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            scanned += 1;
            for s in secrets {
                let needle = s.as_bytes();
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    found.push((p.display().to_string(), s.clone()));
                }
            }
        }
    }
    assert!(scanned > 5, "{}: nothing scanned", dir.display());
    found
}

fn analyze(w: &Workdir, out: &str, extra: &[&str]) -> std::process::Output {
    let (edges, nodes) = (fixture("ties.csv"), fixture("roster.csv"));
    let mut args = vec![
        "analyze",
        "--edges",
        edges.to_str().unwrap(),
        "--nodes",
        nodes.to_str().unwrap(),
        "--permutations",
        "200",
        "--out",
        out,
    ];
    args.extend(extra);
    let o = w.run(&args);
    assert_ok(&o);
    o
}

fn column(path: &Path, name: &str) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let c = r.headers().unwrap().iter().position(|h| h == name).unwrap();
    r.records().map(|rec| rec.unwrap()[c].to_string()).collect()
}

#[test]
fn no_roster_id_name_or_email_in_an_anonymized_folder() {
    let w = Workdir::new();
    let secrets = secrets();
    let all = ["--export", "graphml,gexf", "--json"];
    // PNG charts, and SVG charts, whose labels are text: both must carry pseudonyms only.
    let o = analyze(&w, "png", &[&all[..], &["--anonymize"]].concat());
    let o_svg = analyze(
        &w,
        "svg",
        &[&all[..], &["--anonymize", "--chart-format", "svg"]].concat(),
    );
    for (dir, o) in [("png", &o), ("svg", &o_svg)] {
        assert_eq!(leaks(&w.join(dir), &secrets), vec![], "{dir}");
        for s in &secrets {
            assert!(!stdout(o).contains(s.as_str()), "{s} in --json stdout");
            assert!(!stderr(o).contains(s.as_str()), "{s} on stderr");
        }
    }
    for f in [
        "network.png",
        "brokers.png",
        "hoarding.png",
        "network.graphml",
        "network.gexf",
    ] {
        assert!(w.join("png").join(f).exists(), "{f}");
    }
    // The labels are there, as pseudonyms (the top broker is labelled in network.svg).
    let summary: serde_json::Value = serde_json::from_str(&stdout(&o_svg)).unwrap();
    let top = summary["key_people"]["top_brokers"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(top.starts_with("P-"), "{top}");
    let svg = std::fs::read_to_string(w.join("svg/network.svg")).unwrap();
    assert!(
        svg.contains(&top),
        "network.svg labels the top broker {top}"
    );
    assert_eq!(summary["privacy"]["anonymized"], true);
    assert_eq!(summary["privacy"]["min_group_size"], 5);
    // The tie-only id is named in the warning by its pseudonym.
    let people = column(&w.join("svg/people.csv"), "id");
    assert_eq!(people.len(), 15);
    assert!(people.iter().all(|p| p.len() >= 8 && p.starts_with("P-")));
    let visitor = &people[14];
    assert!(
        stderr(&o_svg).contains(&format!("(first: \"{visitor}\" on line 37)")),
        "{}",
        stderr(&o_svg)
    );

    // The key sits beside each folder, never inside it, and is never printed.
    for dir in ["png", "svg"] {
        let key = std::fs::read_to_string(w.join(&format!("{dir}.key"))).unwrap();
        let key = key.trim().to_string();
        assert_eq!(key.len(), 64);
        assert_eq!(leaks(&w.join(dir), std::slice::from_ref(&key)), vec![]);
        assert!(!stdout(&o).contains(&key) && !stderr(&o).contains(&key));
    }

    // Control: without --anonymize the same scan finds the ids (so it can fail), but never a
    // name or an e-mail: roster columns other than id and group never reach an output.
    analyze(
        &w,
        "plain",
        &[&all[..], &["--chart-format", "svg"]].concat(),
    );
    let found = leaks(&w.join("plain"), &secrets);
    assert!(found
        .iter()
        .any(|(f, s)| f.ends_with("network.svg") && s.starts_with("emp-")));
    assert!(found.iter().any(|(f, _)| f.ends_with("network.graphml")));
    assert!(
        found.iter().all(|(_, s)| s.starts_with("emp-")),
        "{found:?}"
    );
}

#[test]
fn pseudonyms_are_stable_with_a_key_and_differ_with_another() {
    let w = Workdir::new();
    analyze(&w, "a", &["--anonymize", "--no-charts"]);
    let key = std::fs::read_to_string(w.join("a.key")).unwrap();
    // A second run into the same folder reuses a.key: same pseudonyms, same bytes.
    let first = std::fs::read(w.join("a/people.csv")).unwrap();
    let o = analyze(&w, "a", &["--anonymize", "--no-charts"]);
    assert!(!stderr(&o).contains("new pseudonym key"));
    assert_eq!(std::fs::read(w.join("a/people.csv")).unwrap(), first);
    // The same key given on the command line, into another folder: the same pseudonyms.
    analyze(
        &w,
        "b",
        &["--anonymize", "--anonymize-key", key.trim(), "--no-charts"],
    );
    assert_eq!(std::fs::read(w.join("b/people.csv")).unwrap(), first);
    assert!(!w.join("b.key").exists());
    // Another key: every pseudonym differs.
    analyze(
        &w,
        "c",
        &[
            "--anonymize",
            "--anonymize-key",
            "another secret",
            "--no-charts",
        ],
    );
    let a = column(&w.join("a/people.csv"), "id");
    let c = column(&w.join("c/people.csv"), "id");
    assert_eq!(a.len(), c.len());
    assert!(a.iter().zip(&c).all(|(x, y)| x != y), "{a:?} {c:?}");
    // Pseudonyms are the same people: the rows agree apart from the id.
    let strip = |p: &str| -> Vec<String> {
        std::fs::read_to_string(w.join(p))
            .unwrap()
            .lines()
            .map(|l| l.split_once(',').map_or(l, |(_, rest)| rest).to_string())
            .collect()
    };
    assert_eq!(strip("a/people.csv"), strip("c/people.csv"));
    // ties.csv uses the same pseudonyms as people.csv.
    let ties = column(&w.join("a/ties.csv"), "source");
    assert!(ties.iter().all(|t| a.contains(t)));
}

#[test]
fn small_groups_merge_as_documented() {
    let w = Workdir::new();
    let sizes = |dir: &str| -> Vec<(String, String)> {
        let g = column(&w.join(dir).join("groups.csv"), "group");
        let s = column(&w.join(dir).join("groups.csv"), "size");
        g.into_iter().zip(s).collect()
    };
    let pair = |g: &str, s: &str| (g.to_string(), s.to_string());
    // The fixture: City 7, Bank 5, Telecom 2, and one id only in ties, in group (none).
    // Default with --anonymize, K = 5: Telecom (2) and (none) (1) are merged; 3 people are
    // still fewer than 5, so the smallest other group, Bank (5), joins them.
    let o = analyze(&w, "k5", &["--anonymize", "--no-charts"]);
    assert_eq!(
        sizes("k5"),
        [pair("(small groups)", "8"), pair("City", "7")]
    );
    let err = stderr(&o);
    assert!(
        err.contains(
            "note: --min-group-size 5: merged 2 group(s) smaller than 5 into \"(small groups)\": \
             (none) (1), Telecom (2); with the smallest other group(s) Bank (5) so that it has \
             at least 5 people (8 people)"
        ),
        "{err}"
    );
    // Every group-level table names only the merged groups.
    for (file, col) in [
        ("boundary.csv", "from_group"),
        ("pairs.csv", "group_a"),
        ("pairs.csv", "group_b"),
    ] {
        let v = column(&w.join("k5").join(file), col);
        assert!(
            v.iter().all(|g| g == "City" || g == "(small groups)"),
            "{file}: {v:?}"
        );
    }
    let people_groups = column(&w.join("k5/people.csv"), "group");
    assert_eq!(
        people_groups
            .iter()
            .filter(|g| *g == "(small groups)")
            .count(),
        8
    );

    // K = 2 without --anonymize: ids stay; (none) (1) is below 2, topped up with Telecom (2).
    let o = analyze(&w, "k2", &["--min-group-size", "2", "--no-charts"]);
    assert_eq!(
        sizes("k2"),
        [
            pair("(small groups)", "3"),
            pair("Bank", "5"),
            pair("City", "7")
        ]
    );
    assert!(stderr(&o).contains("(none) (1); with the smallest other group(s) Telecom (2)"));
    assert_eq!(column(&w.join("k2/people.csv"), "id")[0], "emp-ana-lima");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.join("k2/summary.json")).unwrap()).unwrap();
    assert_eq!(
        summary["privacy"],
        serde_json::json!({"anonymized": false, "min_group_size": 2, "groups_merged": 2})
    );

    // K = 3: Telecom (2) and (none) (1) together have 3: nothing else is needed.
    analyze(&w, "k3", &["--min-group-size", "3", "--no-charts"]);
    assert_eq!(
        sizes("k3"),
        [
            pair("(small groups)", "3"),
            pair("Bank", "5"),
            pair("City", "7")
        ]
    );

    // --min-group-size 0 turns the floor off, even with --anonymize; without either flag,
    // summary.json has no privacy block.
    analyze(
        &w,
        "off",
        &["--anonymize", "--min-group-size", "0", "--no-charts"],
    );
    assert_eq!(sizes("off").len(), 4);
    analyze(&w, "none", &["--no-charts"]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.join("none/summary.json")).unwrap()).unwrap();
    assert!(summary.get("privacy").is_none());

    // A floor above the network's size is a usage error.
    let (edges, nodes) = (fixture("ties.csv"), fixture("roster.csv"));
    let o = w.run(&[
        "analyze",
        "--edges",
        edges.to_str().unwrap(),
        "--nodes",
        nodes.to_str().unwrap(),
        "--min-group-size",
        "40",
        "--out",
        "big",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the network has only 15 people"),
        "{}",
        stderr(&o)
    );
    assert!(!w.join("big").exists());
}

#[test]
fn batch_runs_can_be_anonymized_from_the_command_line() {
    let w = Workdir::new();
    let (edges, nodes) = (fixture("ties.csv"), fixture("roster.csv"));
    w.write(
        "jobs.toml",
        format!(
            "[defaults]\npermutations = 200\nchart_format = \"svg\"\nexport = [\"graphml\"]\n\n\
             [[run]]\nname = \"partnership\"\nedges = \"{}\"\nnodes = \"{}\"\n",
            edges.display(),
            nodes.display()
        ),
    );
    let o = w.run(&["batch", "jobs.toml", "--anonymize", "--anonymize-key", "k1"]);
    assert_ok(&o);
    assert_eq!(leaks(&w.join("jobs"), &secrets()), vec![]);
    assert!(!w.join("jobs.key").exists(), "the key was given");
    // The same pseudonyms as analyze with that key.
    analyze(
        &w,
        "alone",
        &["--anonymize", "--anonymize-key", "k1", "--no-charts"],
    );
    assert_eq!(
        std::fs::read(w.join("jobs/partnership/people.csv")).unwrap(),
        std::fs::read(w.join("alone/people.csv")).unwrap()
    );
}

fn recommend(w: &Workdir, out: &str, extra: &[&str]) -> std::process::Output {
    let (edges, nodes) = (fixture("ties.csv"), fixture("roster.csv"));
    let mut args = vec![
        "recommend",
        "--edges",
        edges.to_str().unwrap(),
        "--nodes",
        nodes.to_str().unwrap(),
        "--out",
        out,
    ];
    args.extend(extra);
    let o = w.run(&args);
    assert_ok(&o);
    o
}

#[test]
fn recommend_anonymizes_and_merges_small_groups_like_analyze() {
    let w = Workdir::new();
    let secrets = secrets();
    let o = recommend(&w, "r", &["--anonymize", "--json"]);
    assert_eq!(leaks(&w.join("r"), &secrets), vec![]);
    for s in &secrets {
        assert!(!stdout(&o).contains(s.as_str()), "{s} in --json stdout");
        assert!(!stderr(&o).contains(s.as_str()), "{s} on stderr");
    }
    // The key beside the folder, as for analyze; the merge said on stderr.
    let err = stderr(&o);
    assert!(
        err.contains("new pseudonym key in") && err.contains("r.key"),
        "{err}"
    );
    assert!(err.contains("merged 2 group(s) smaller than 5"), "{err}");
    let key = std::fs::read_to_string(w.join("r.key")).unwrap();
    let key = key.trim();
    assert_eq!(leaks(&w.join("r"), &[key.to_string()]), vec![]);
    // Introductions name pseudonyms (there are some, so the scan above had ids to find), and
    // groups are City and the merged group only.
    let people: Vec<String> = ["person_a", "person_b"]
        .iter()
        .flat_map(|c| column(&w.join("r/introductions.csv"), c))
        .collect();
    assert!(!people.is_empty());
    assert!(people.iter().all(|p| p.starts_with("P-")), "{people:?}");
    for c in ["group_a", "group_b"] {
        let g = column(&w.join("r/introductions.csv"), c);
        assert!(
            g.iter().all(|g| g == "City" || g == "(small groups)"),
            "{g:?}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.join("r/recommendations.json")).unwrap()).unwrap();
    assert_eq!(
        json["privacy"],
        serde_json::json!({"anonymized": true, "min_group_size": 5, "groups_merged": 3})
    );
    let printed: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(printed["privacy"], json["privacy"]);

    // The same pseudonyms and introductions as `analyze --recommend` with that key.
    analyze(
        &w,
        "a",
        &[
            "--anonymize",
            "--anonymize-key",
            key,
            "--recommend",
            "5",
            "--no-charts",
        ],
    );
    for f in [
        "introductions.csv",
        "introductions_effect.csv",
        "pairs_after.csv",
    ] {
        assert_eq!(
            std::fs::read(w.join("r").join(f)).unwrap(),
            std::fs::read(w.join("a").join(f)).unwrap(),
            "{f}"
        );
    }
    assert_eq!(leaks(&w.join("a"), &secrets), vec![]);

    // Control: without --anonymize the ids are there (so the scan can fail), groups unmerged,
    // and recommendations.json has no privacy block.
    let o = recommend(&w, "plain", &[]);
    assert!(leaks(&w.join("plain"), &secrets)
        .iter()
        .any(|(f, s)| f.ends_with("introductions.csv") && s.starts_with("emp-")));
    assert!(!stderr(&o).contains("merged"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.join("plain/recommendations.json")).unwrap())
            .unwrap();
    assert!(json.get("privacy").is_none());
    // --min-group-size alone merges without pseudonyms.
    recommend(&w, "k3", &["--min-group-size", "3"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.join("k3/recommendations.json")).unwrap()).unwrap();
    assert_eq!(
        json["privacy"],
        serde_json::json!({"anonymized": false, "min_group_size": 3, "groups_merged": 2})
    );
}
