//! `grapevine compare` on two constructed survey waves whose changes are known
//! (tests/fixtures/waves/README.md has the hand computation): exact counts, densities, stage
//! changes and the top mover; folders and inputs give the same comparison; reruns are
//! byte-identical; pseudonyms match across anonymized waves; bad waves are one-line errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{assert_ok, read_keyed, repo, stderr, stdout, Workdir};

fn wave(name: &str) -> String {
    repo()
        .join("tests/fixtures/waves")
        .join(name)
        .display()
        .to_string()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every file under `dir` (relative path → bytes).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    out
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

fn compare_fixture(w: &Workdir, out: &str, extra: &[&str]) -> std::process::Output {
    let (b, a) = (wave("before"), wave("after"));
    let mut args = vec!["compare", b.as_str(), a.as_str(), "--out", out];
    args.extend(extra);
    let o = w.run(&args);
    assert_ok(&o);
    o
}

#[test]
fn the_constructed_second_wave_shows_its_known_changes() {
    let w = Workdir::new();
    let o = compare_fixture(&w, "cmp", &["--group-word", "organization"]);
    let dir = w.join("cmp");
    let text = stdout(&o);
    assert!(
        text.starts_with(
            "15 people in the first wave, 15 in the second: 1 joined, 1 left, 14 took part in \
             both.\n32 ties kept, 11 gained, 4 lost; network density 0.171 → 0.205. Between \
             organizations: 4 kept, 9 gained, 2 lost.\n"
        ),
        "{text}"
    );

    // Pairs: hand-computed in tests/fixtures/waves/README.md.
    let pairs = read_keyed(&dir.join("changes_pairs.csv"), &["group_a", "group_b"]);
    let row = |a: &str, b: &str| &pairs.rows[&vec![a.to_string(), b.to_string()]];
    assert_eq!(pairs.rows.len(), 3);
    let want = [
        (
            ("Bank", "City"),
            [
                ("ties_before", "2"),
                ("ties_after", "10"),
                ("ties_kept", "2"),
                ("ties_gained", "8"),
                ("ties_lost", "0"),
                ("size_b_before", "6"),
                ("size_b_after", "5"),
                ("density_before", "0.03333333333333333"),
                ("density_after", "0.2"),
                ("integration_score_before", "0.3"),
                ("integration_score_after", "0.9"),
                ("stage_before", "arms-length"),
                ("stage_after", "integrated"),
                ("stage_changed", "true"),
            ],
        ),
        (
            ("Bank", "Telecom"),
            [
                ("ties_before", "4"),
                ("ties_after", "2"),
                ("ties_kept", "2"),
                ("ties_gained", "0"),
                ("ties_lost", "2"),
                ("size_b_before", "4"),
                ("size_b_after", "5"),
                ("density_before", "0.1"),
                ("density_after", "0.04"),
                ("integration_score_before", "0.6875"),
                ("integration_score_after", "0.425"),
                ("stage_before", "coordinated"),
                ("stage_after", "coordinated"),
                ("stage_changed", "false"),
            ],
        ),
        (
            ("City", "Telecom"),
            [
                ("ties_before", "0"),
                ("ties_after", "1"),
                ("ties_kept", "0"),
                ("ties_gained", "1"),
                ("ties_lost", "0"),
                ("size_b_before", "4"),
                ("size_b_after", "5"),
                ("density_before", "0.0"),
                ("density_after", "0.02"),
                ("integration_score_before", "0.0"),
                ("integration_score_after", "0.3"),
                ("stage_before", "none"),
                ("stage_after", "arms-length"),
                ("stage_changed", "true"),
            ],
        ),
    ];
    for ((a, b), cells) in want {
        for (col, value) in cells {
            assert_eq!(row(a, b)[col], value, "{a}–{b} {col}");
        }
    }
    // Bank–City E–I: (2 − 22) / 24 before, (10 − 20) / 30 after.
    let ei: f64 = row("Bank", "City")["ei_before"].parse().unwrap();
    assert!((ei - (-20.0 / 24.0)).abs() < 1e-12);
    let ei: f64 = row("Bank", "City")["ei_after"].parse().unwrap();
    assert!((ei - (-1.0 / 3.0)).abs() < 1e-12);

    // compare.json: people, ties, stage changes, top mover.
    let v = json(&dir.join("compare.json"));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["people"]["matched"], 14);
    assert_eq!(v["people"]["joined_people"][0]["id"], "T5");
    assert_eq!(v["people"]["left_people"][0]["id"], "C6");
    assert_eq!(v["people"]["left_people"][0]["group"], "City");
    let t = &v["ties"];
    assert_eq!(
        [
            &t["before"],
            &t["after"],
            &t["kept"],
            &t["gained"],
            &t["lost"]
        ],
        [36, 43, 32, 11, 4]
    );
    assert_eq!(
        [
            &t["cross_group_kept"],
            &t["cross_group_gained"],
            &t["cross_group_lost"]
        ],
        [4, 9, 2]
    );
    // Overall density 36/210 → 43/210.
    assert_eq!(v["density"]["before"], 36.0 / 210.0);
    assert_eq!(v["density"]["after"], 43.0 / 210.0);
    let changes: Vec<String> = v["stage_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}–{}",
                p["group_a"].as_str().unwrap(),
                p["group_b"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(changes, ["Bank–City", "City–Telecom"]);
    // B1 was City's only way to the rest: 96 of 128 cross pairs (0.75); none after.
    let top = &v["top_movers"][0];
    assert_eq!(top["id"], "B1");
    assert_eq!(top["reach_loss_before"], 0.75);
    assert_eq!(top["reach_loss_after"], 0.0);
    assert_eq!(top["change"], 1.0);

    // changes_people.csv: everyone in both waves; B2 became Telecom's only way out (45/130).
    let people = read_keyed(&dir.join("changes_people.csv"), &["id"]);
    assert_eq!(people.rows.len(), 14);
    let b2 = &people.rows[&vec!["B2".to_string()]];
    assert_eq!(b2["reach_loss_after"], (45.0f64 / 130.0).to_string());
    let first = std::fs::read_to_string(dir.join("changes_people.csv")).unwrap();
    assert!(first.lines().nth(1).unwrap().starts_with("B1,Bank,Bank,"));

    // The chart and the report.
    let png = std::fs::read(dir.join("changes.png")).unwrap();
    assert_eq!(png_size(&png), (1600, 1200));
    let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
    for want in [
        "**Bank–City** moved up from *arms-length* to *integrated*: 8 ties gained, 0 lost; \
         density 0.033 → 0.200.",
        "**City–Telecom** moved up from *none* to *arms-length*: 1 tie gained, 0 lost",
        "**B1** (Bank) changed most: ",
        "reach loss 75% → 0%",
        "**Joined:** T5 (Telecom)",
        "**Left:** C6 (City)",
        "](<changes.png>)",
    ] {
        assert!(md.contains(want), "report.md lacks {want}\n{md}");
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("data:image/png;base64,"));
    // The waves' own analyses, as `analyze` writes them.
    for sub in ["before", "after"] {
        assert!(dir.join(sub).join(".grapevine").exists());
        assert!(dir.join(sub).join("report.html").exists());
    }
}

#[test]
fn folders_and_inputs_give_the_same_comparison() {
    let w = Workdir::new();
    compare_fixture(&w, "from_inputs", &[]);
    for name in ["before", "after"] {
        let edges = format!("{}/edges.csv", wave(name));
        let nodes = format!("{}/nodes.csv", wave(name));
        assert_ok(&w.run(&[
            "analyze",
            "--edges",
            &edges,
            "--nodes",
            &nodes,
            "--out",
            name,
            "--no-charts",
        ]));
    }
    let o = w.run(&["compare", "before", "after", "--out", "from_folders"]);
    assert_ok(&o);
    for file in ["changes_pairs.csv", "changes_people.csv"] {
        assert_eq!(
            std::fs::read(w.join("from_inputs").join(file)).unwrap(),
            std::fs::read(w.join("from_folders").join(file)).unwrap(),
            "{file}"
        );
    }
    assert!(
        !w.join("from_folders/before").exists(),
        "folders are not copied"
    );
}

#[test]
fn reruns_are_byte_identical_on_any_thread_count() {
    let w = Workdir::new();
    compare_fixture(&w, "one", &["--threads", "1"]);
    compare_fixture(&w, "two", &["--threads", "2"]);
    let (a, b) = (tree(&w.join("one")), tree(&w.join("two")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a.len() > 20, "both waves' folders are inside");
    for (k, v) in &a {
        assert!(v == &b[k], "{} differs", k.display());
    }
    // Again into the same folder: replaced whole, same bytes.
    compare_fixture(&w, "one", &["--threads", "2"]);
    assert_eq!(tree(&w.join("one")), a);
}

#[test]
fn anonymized_waves_match_by_pseudonym() {
    let w = Workdir::new();
    let key = [
        "--anonymize",
        "--anonymize-key",
        "s3cret",
        "--min-group-size",
        "0",
    ];
    compare_fixture(&w, "share", &key);
    let dir = w.join("share");
    let v = json(&dir.join("compare.json"));
    assert_eq!(v["people"]["matched"], 14);
    assert_eq!(v["before"]["anonymized"], true);
    let top = v["top_movers"][0]["id"].as_str().unwrap().to_string();
    assert!(top.starts_with("P-"), "{top}");
    // No roster id in any table, JSON or the Markdown report.
    let ids: Vec<String> = (1..=6)
        .flat_map(|i| ["B", "C", "T"].map(|g| format!("{g}{i}")))
        .collect();
    for file in [
        "changes_pairs.csv",
        "changes_people.csv",
        "compare.json",
        "report.md",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        for id in &ids {
            for pat in [
                format!("{id},"),
                format!("\"{id}\""),
                format!("**{id}**"),
                format!("{id} ("),
            ] {
                assert!(!text.contains(&pat), "{file} shows {id}");
            }
        }
    }
    assert!(!w.join("share.key").exists(), "the key was given");

    // --anonymize alone merges groups under 5 people in each wave: Telecom (4) only in the
    // first, so the two waves' groups differ, and the comparison says so.
    let o = compare_fixture(&w, "merged", &key[..3]);
    let v = json(&w.join("merged/compare.json"));
    assert_eq!(
        v["notes"],
        serde_json::json!([
            "groups only in the second wave: Bank, Telecom",
            "groups only in the first wave: (small groups)"
        ])
    );
    assert!(stderr(&o).contains("grapevine: note: groups only in the second wave: Bank, Telecom"));

    // Folders anonymized by `analyze` with the same key match the same way, with the same
    // pseudonyms.
    for name in ["before", "after"] {
        let edges = format!("{}/edges.csv", wave(name));
        let nodes = format!("{}/nodes.csv", wave(name));
        let mut args = vec![
            "analyze", "--edges", &edges, "--nodes", &nodes, "--out", name,
        ];
        args.extend(["--no-charts"]);
        args.extend(key);
        assert_ok(&w.run(&args));
    }
    assert_ok(&w.run(&["compare", "before", "after", "--out", "again"]));
    let again = json(&w.join("again/compare.json"));
    assert_eq!(again["top_movers"][0]["id"].as_str().unwrap(), top);
    assert_eq!(
        std::fs::read(w.join("again/changes_people.csv")).unwrap(),
        std::fs::read(dir.join("changes_people.csv")).unwrap()
    );

    // An anonymized folder against one with ids: nobody would match.
    let edges = format!("{}/edges.csv", wave("after"));
    let nodes = format!("{}/nodes.csv", wave("after"));
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        &edges,
        "--nodes",
        &nodes,
        "--out",
        "plain",
        "--no-charts",
    ]));
    let o = w.run(&["compare", "before", "plain", "--out", "mixed"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "grapevine: BEFORE before has pseudonyms but AFTER plain has ids, so no one would \
         match; analyse both with --anonymize and the same --anonymize-key\n"
    );
    assert!(!w.join("mixed").exists());
}

#[test]
fn waves_grouped_differently_are_refused() {
    let w = Workdir::new();
    w.write(
        "roster.csv",
        "id,org,site\na,X,North\nb,Y,South\nc,X,South\n",
    );
    w.write("w1.csv", "source,target\na,b\nb,c\n");
    w.write("w2.csv", "source,target\na,b\nc,a\n");
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        "w1.csv",
        "--nodes",
        "roster.csv",
        "--out",
        "one",
        "--no-charts",
    ]));
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        "w2.csv",
        "--nodes",
        "roster.csv",
        "--group",
        "site",
        "--out",
        "two",
        "--no-charts",
    ]));
    let o = w.run(&["compare", "one", "two", "--out", "cmp"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "grapevine: BEFORE one is grouped by `org` but AFTER two by `site`; compare waves \
         grouped by the same attribute (analyse both with the same --group)\n"
    );
    assert!(!w.join("cmp").exists());

    // Two edge lists with one roster, analysed here with the same --group: fine.
    let o = w.run(&[
        "compare",
        "w1.csv",
        "w2.csv",
        "--nodes",
        "roster.csv",
        "--group",
        "site",
    ]);
    assert_ok(&o);
    let v = json(&w.join("output/w1-to-w2/compare.json"));
    assert_eq!(v["before"]["group_attribute"], "site");
    assert_eq!(v["ties"]["kept"], 1);
}
