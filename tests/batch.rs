//! `grapevine batch`: the committed example manifest, byte-identity with `analyze`, failures,
//! manifest errors.

use std::collections::BTreeMap;
use std::path::Path;

use crate::util::{assert_ok, repo, stderr, stdout, Workdir};

/// Every file under `dir` (relative path → bytes).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn example_manifest_runs_and_each_run_matches_analyze_byte_for_byte() {
    let w = Workdir::new();
    let manifest = repo().join("examples/batch.toml");
    let out = w.join("b");
    let o = w.run(&[
        "batch",
        manifest.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--threads",
        "2",
    ]);
    assert_ok(&o);
    assert!(
        stdout(&o).starts_with("8 runs: 8 ok, 0 failed."),
        "{}",
        stdout(&o)
    );
    // stderr: one plain line per run (no bar, no colour: stderr is not a terminal), plus the
    // note that a pseudonym key was created beside the folder.
    let err = stderr(&o);
    assert!(!err.contains('\x1b'), "escape codes on stderr: {err:?}");
    let lines: Vec<&str> = err.lines().collect();
    let run_lines: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("grapevine: batch ["))
        .collect();
    assert_eq!(run_lines.len(), 8, "{err}");
    assert_eq!(lines.len(), 9, "{err}");
    assert!(lines[0].contains("new pseudonym key in") && lines[0].contains("b.key"));
    let key = std::fs::read_to_string(w.join("b.key")).unwrap();
    let key = key.trim();
    assert_eq!(key.len(), 64);
    assert!(!err.contains(key) && !stdout(&o).contains(key));
    let l = run_lines
        .iter()
        .find(|l| l.contains(" lazega_lawfirm-advice: "))
        .unwrap();
    assert!(
        l.contains(": ok, 71 people, 892 ties, 3 groups, E–I -0.57"),
        "{l}"
    );

    let (header, rows) = csv_rows(&out.join("batch_summary.csv"));
    assert_eq!(
        header,
        [
            "run",
            "status",
            "error",
            "people",
            "ties",
            "groups",
            "density",
            "ei_index",
            "ei_expected",
            "modularity_groups",
            "top_broker",
            "top_single_point_of_failure",
            "output",
            "dataset",
            "relation",
            "group",
            "flow",
            "ei_p_value",
            "anonymized",
            "min_group_size",
            "groups_merged",
            "notes"
        ]
    );
    let names: Vec<&str> = rows.iter().map(|r| r["run"].as_str()).collect();
    assert_eq!(
        names,
        [
            "lazega_lawfirm-advice",
            "lazega_lawfirm-friendship",
            "lazega_lawfirm-cowork",
            "krackhardt_hightech-advice",
            "krackhardt_hightech-friendship",
            "karate",
            "krackhardt-anonymized",
            "karate-introductions"
        ]
    );
    let advice = &rows[0];
    // The same figures as the default run (tests/cli.rs) and the reference columns: L26 has the
    // highest brokerage_total, L37 the highest reach_loss.
    for (k, v) in [
        ("status", "ok"),
        ("people", "71"),
        ("ties", "892"),
        ("groups", "3"),
        ("top_broker", "L26"),
        ("top_single_point_of_failure", "L37"),
        ("output", "lazega_lawfirm-advice"),
        ("relation", "advice"),
        ("flow", "against"),
        ("anonymized", "false"),
    ] {
        assert_eq!(advice[k], v, "{k}");
    }
    let summary: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("lazega_lawfirm-advice/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        advice["density"].parse::<f64>().unwrap(),
        summary["density"].as_f64().unwrap()
    );
    assert_eq!(
        advice["ei_index"].parse::<f64>().unwrap(),
        summary["ei_index"].as_f64().unwrap()
    );
    assert_eq!(rows[3]["people"], "21");
    assert_eq!(rows[4]["ties"], "102");
    assert_eq!(rows[5]["ei_p_value"], "", "karate runs no E–I test");
    let anon = &rows[6];
    assert_eq!(anon["anonymized"], "true");
    assert_eq!(anon["min_group_size"], "4");
    // Krackhardt departments: dept_3 (3 managers) and the CEO's own (1) are below 4.
    assert_eq!(anon["groups_merged"], "2");
    assert_eq!(anon["groups"], "4");
    assert!(
        anon["top_broker"].starts_with("P-"),
        "{}",
        anon["top_broker"]
    );
    assert!(anon["notes"].contains("dept_3 (3)"), "{}", anon["notes"]);
    // recommend = 3: two introductions help (both around K01, Mr. Hi), then none does; the
    // note goes into the row, the files into the run's folder.
    let intro = &rows[7];
    assert!(
        intro["notes"].contains("2 of 3 introductions recommended"),
        "{}",
        intro["notes"]
    );
    let introductions =
        std::fs::read_to_string(out.join("karate-introductions/introductions.csv")).unwrap();
    assert_eq!(introductions.lines().count(), 3, "{introductions}");
    let weighted: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("karate-introductions/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(weighted["path_weights"], "inverse-strength");
    let people = std::fs::read_to_string(out.join("krackhardt-anonymized/people.csv")).unwrap();
    assert_eq!(
        people
            .lines()
            .skip(1)
            .filter(|l| l.starts_with("P-"))
            .count(),
        21
    );

    // Every run's folder is byte-identical to `analyze` with the same options, run alone on
    // one thread (the batch ran them in parallel on two).
    let common = [
        "--permutations",
        "2000",
        "--chart-size",
        "1200x900",
        "--threads",
        "1",
    ];
    let alone: Vec<(&str, Vec<&str>)> = vec![
        (
            "lazega_lawfirm-advice",
            vec!["--dataset", "lazega_lawfirm", "--relation", "advice"],
        ),
        (
            "lazega_lawfirm-friendship",
            vec!["--dataset", "lazega_lawfirm", "--relation", "friendship"],
        ),
        (
            "lazega_lawfirm-cowork",
            vec!["--dataset", "lazega_lawfirm", "--relation", "cowork"],
        ),
        (
            "krackhardt_hightech-advice",
            vec!["--dataset", "krackhardt_hightech", "--relation", "advice"],
        ),
        (
            "krackhardt_hightech-friendship",
            vec![
                "--dataset",
                "krackhardt_hightech",
                "--relation",
                "friendship",
            ],
        ),
        (
            "karate",
            vec![
                "--dataset",
                "zachary_karate",
                "--no-charts",
                "--metrics",
                "betweenness,brokerage,reach_loss,community",
            ],
        ),
        (
            "krackhardt-anonymized",
            vec![
                "--dataset",
                "krackhardt_hightech",
                "--relation",
                "advice",
                "--anonymize",
                "--anonymize-key",
                key,
                "--min-group-size",
                "4",
            ],
        ),
        (
            "karate-introductions",
            vec![
                "--dataset",
                "zachary_karate",
                "--path-weights",
                "inverse-strength",
                "--recommend",
                "3",
            ],
        ),
    ];
    for (name, args) in alone {
        let single = w.join(&format!("alone/{name}"));
        let mut all = vec!["analyze"];
        all.extend(args);
        all.extend(common);
        all.extend(["--out", single.to_str().unwrap()]);
        assert_ok(&w.run(&all));
        let (a, b) = (files(&out.join(name)), files(&single));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{name}: files"
        );
        for (file, bytes) in &a {
            assert!(bytes == &b[file], "{name}/{file} differs from analyze's");
        }
        if name.starts_with("lazega") {
            assert!(a.contains_key("network.png"), "{name}: charts drawn");
        }
    }

    // A rerun replaces the folder (it is Grapevine's) and keeps the key, so pseudonyms stay.
    let before = std::fs::read(out.join("krackhardt-anonymized/people.csv")).unwrap();
    let o = w.run(&[
        "batch",
        manifest.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_ok(&o);
    assert!(!stderr(&o).contains("new pseudonym key"));
    assert_eq!(
        std::fs::read(out.join("krackhardt-anonymized/people.csv")).unwrap(),
        before
    );
}

#[test]
fn a_failed_run_does_not_stop_the_others() {
    let w = Workdir::new();
    std::fs::create_dir_all(w.join("proj/data")).unwrap();
    w.write(
        "proj/data/ties.csv",
        "source,target\na,b\nb,c\nc,a\na,d\nd,e\ne,d\n",
    );
    w.write(
        "proj/data/roster.csv",
        "id,org,dept\na,X,x1\nb,X,x2\nc,X,x1\nd,Y,y1\ne,Y,y1\n",
    );
    w.write(
        "proj/data/broken.csv",
        "source,target,weight\na,b,1\nb,c,high\n",
    );
    w.write(
        "proj/jobs.toml",
        r#"
[defaults]
charts = false
permutations = 200

[[run]]
name = "good"
edges = "data/ties.csv"
nodes = "data/roster.csv"
groups = ["org", "dept"]

[[run]]
name = "missing"
edges = "data/nowhere.csv"

[[run]]
name = "noroster"
edges = "data/ties.csv"

[[run]]
name = "broken"
edges = "data/broken.csv"
"#,
    );
    // Run from the work folder: paths in the manifest resolve against its own folder, and the
    // results go beside it (proj/jobs/).
    let o = w.run(&["batch", "proj/jobs.toml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 6, "{err}");
    for (run, status) in [
        ("good-org", "ok"),
        ("good-dept", "ok"),
        ("missing", "failed"),
        ("noroster", "ok"),
        ("broken", "failed"),
    ] {
        assert_eq!(
            lines
                .iter()
                .filter(|l| l.contains(&format!("] {run}: {status}")))
                .count(),
            1,
            "{run}: {err}"
        );
    }
    assert!(
        lines[5].starts_with("grapevine: 2 of 5 runs failed (missing, broken)"),
        "{}",
        lines[5]
    );
    assert!(stdout(&o).starts_with("5 runs: 3 ok, 2 failed."));
    let out = w.join("proj/jobs");
    let (_, rows) = csv_rows(&out.join("batch_summary.csv"));
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["group"], "org");
    assert_eq!(rows[0]["groups"], "2");
    assert_eq!(rows[1]["group"], "dept");
    assert_eq!(rows[1]["groups"], "3");
    assert_eq!(rows[0]["people"], "5");
    assert_eq!(rows[0]["ties"], "6");
    // E–I over ties with org groups: a→d is the one external tie of six: (1 − 5)/6.
    assert_eq!(rows[0]["ei_index"].parse::<f64>().unwrap(), -4.0 / 6.0);
    assert_eq!(rows[2]["status"], "failed");
    assert!(
        rows[2]["error"].contains("nowhere.csv"),
        "{}",
        rows[2]["error"]
    );
    assert_eq!(rows[2]["output"], "");
    assert!(
        rows[4]["error"].contains("broken.csv:3") && rows[4]["error"].contains("high"),
        "{}",
        rows[4]["error"]
    );
    // The run without a roster gets a warning, kept in the table (stderr stays one line per
    // run) and counted in its line.
    assert!(
        rows[3]["notes"].starts_with("warning: no roster (--nodes)"),
        "{}",
        rows[3]["notes"]
    );
    assert!(
        err.contains("] noroster: ok, 5 people, 6 ties, 1 groups"),
        "{err}"
    );
    assert!(err.contains("1 note(s) in batch_summary.csv"), "{err}");
    assert_eq!(rows[0]["notes"], "");
    assert!(out.join("good-org/people.csv").exists());
    assert!(out.join("good-dept/people.csv").exists());
    assert!(!out.join("missing").exists());
    assert!(!out.join("broken").exists());
    // Nothing left over beside the results.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".grapevine",
            "batch_summary.csv",
            "good-dept",
            "good-org",
            "noroster"
        ]
    );
    let mut beside: Vec<String> = std::fs::read_dir(w.join("proj"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["data", "jobs", "jobs.toml"]);

    // --verbose: a failed run's line is followed by the error's detail, as analyze -v prints
    // it; the other lines are as before.
    let o = w.run(&["batch", "proj/jobs.toml", "--verbose"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    let broken = lines
        .iter()
        .position(|l| l.contains("] broken: failed: "))
        .expect("the broken run's line");
    assert_eq!(
        lines[broken + 1],
        "grapevine:   row as read (3 cells): \"b\" | \"c\" | \"high\"",
        "{err}"
    );
    let missing = lines
        .iter()
        .position(|l| l.contains("] missing: failed: "))
        .expect("the missing run's line");
    assert_eq!(
        lines[missing + 1],
        "grapevine:   system error: NotFound, code 2",
        "{err}"
    );
    // Five run lines, two details, the closing error.
    assert_eq!(lines.len(), 8, "{err}");
}

#[test]
fn manifest_errors_stop_before_any_work() {
    let w = Workdir::new();
    w.write(
        "m.toml",
        "[defaults]\ncharts = false\n\n[[run]]\ndataset = \"krackhardt_hightech\"\nrelatoin = \"advice\"\n",
    );
    let o = w.run(&["batch", "m.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "grapevine: m.toml:6:1: unknown key `relatoin`; did you mean `relation`?"
    );
    assert!(!w.join("m").exists());

    w.write(
        "m.toml",
        "[[run]]\ndataset = \"krackhardt_hightech\"\n\n[[run]]\ndataset = \"no_such_data\"\n",
    );
    let o = w.run(&["batch", "m.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("m.toml:4: [[run]] 2 (`no_such_data`): no bundled dataset `no_such_data`"),
        "{e}"
    );
    assert!(!w.join("m").exists());

    // --dry-run lists the expanded runs and writes nothing.
    w.write(
        "m.toml",
        "[[run]]\ndataset = \"krackhardt_hightech\"\nrelations = [\"advice\", \"friendship\"]\ngroups = [\"org\", \"dept_code\"]\n",
    );
    let o = w.run(&["batch", "m.toml", "--dry-run"]);
    assert_ok(&o);
    let text = stdout(&o);
    assert!(text.starts_with("4 runs from m.toml"), "{text}");
    for name in [
        "krackhardt_hightech-advice-org",
        "krackhardt_hightech-advice-dept_code",
        "krackhardt_hightech-friendship-org",
        "krackhardt_hightech-friendship-dept_code",
    ] {
        assert!(
            text.contains(&format!("\n  {name} (line 1)")),
            "{name}: {text}"
        );
    }
    assert!(!w.join("m").exists());
}
