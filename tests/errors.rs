//! Bad input: each case gives a one-line error naming file, line and column where there is one,
//! exits with 1 (data) or 2 (usage), and leaves no output folder behind.

use crate::util::{stderr, Workdir};

struct Case {
    name: &'static str,
    edges: &'static [u8],
    nodes: Option<&'static str>,
    extra: &'static [&'static str],
    code: i32,
    message: &'static str,
}

const ROSTER: &str = "id,org\na,X\nb,Y\n";

const CASES: &[Case] = &[
    Case {
        name: "empty file",
        edges: b"",
        nodes: None,
        extra: &[],
        code: 1,
        message: "edges.csv: the file is empty; it needs a header row",
    },
    Case {
        name: "missing target column",
        edges: b"source,weight\na,1\n",
        nodes: None,
        extra: &[],
        code: 1,
        message: "edges.csv:1: no target column in the header (source, weight)",
    },
    Case {
        name: "non-numeric weight",
        edges: b"source,target,weight\na,b,1\nb,a,high\n",
        nodes: None,
        extra: &[],
        code: 1,
        message: "edges.csv:3: weight \"high\" is not a number; use numbers (e.g. 1, 2.5), or map answer labels to numbers first (column 3)",
    },
    Case {
        name: "NaN weight",
        edges: b"source,target,weight\na,b,NaN\n",
        nodes: None,
        extra: &[],
        code: 1,
        message: "edges.csv:2: weight \"NaN\" must be a finite number",
    },
    Case {
        name: "zero weight as a length",
        edges: b"source,target,weight\na,b,1\nb,c,0\n",
        nodes: None,
        extra: &["--path-weights", "distance"],
        code: 1,
        message: "edges.csv:3: weight \"0\" must be positive with --path-weights distance (the weight is the tie's length); fix or drop the tie, or count hops with --path-weights none (column 3)",
    },
    Case {
        name: "zero strength",
        edges: b"source,target,weight\na,b,0\n",
        nodes: None,
        extra: &["--path-weights", "inverse-strength"],
        code: 1,
        message: "edges.csv:2: weight \"0\" must be positive with --path-weights inverse-strength (the tie's length is 1 / weight)",
    },
    Case {
        name: "ragged row",
        edges: b"source,target,weight\na,b,1\nb,a\n",
        nodes: None,
        extra: &[],
        code: 1,
        message: "edges.csv:3: this row has 2 cells but the header has 3",
    },
    Case {
        name: "unterminated quote",
        edges: b"source,target\na,b\n\"b,a\nc,d\n",
        nodes: None,
        extra: &[],
        code: 1,
        message: "edges.csv:3: a quote opened on this line is never closed",
    },
    Case {
        name: "binary garbage",
        edges: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        nodes: None,
        extra: &[],
        code: 1,
        message: "edges.csv: this looks like a binary file, not CSV text",
    },
    Case {
        name: "duplicate roster ids",
        edges: b"source,target\na,b\n",
        nodes: Some("id,org\na,X\nb,Y\na,Z\n"),
        extra: &[],
        code: 1,
        message: "nodes.csv:4: id \"a\" is listed twice (first on line 2); remove or rename one row (column 1)",
    },
    Case {
        name: "unknown relation",
        edges: b"source,target,relation\na,b,advice\n",
        nodes: Some(ROSTER),
        extra: &["--relation", "friendship"],
        code: 2,
        message: "edges.csv: no ties of relation `friendship`; the relations are: advice",
    },
    Case {
        name: "unknown group column",
        edges: b"source,target\na,b\n",
        nodes: Some(ROSTER),
        extra: &["--group", "office"],
        code: 2,
        message: "nodes.csv: no column `office` to group people by; the columns are: id, org",
    },
    Case {
        name: "empty id",
        edges: b"source,target\na,b\n ,b\n",
        nodes: None,
        extra: &[],
        code: 1,
        message: "edges.csv:3: source is empty",
    },
];

#[test]
fn each_bad_input_gets_a_one_line_error_and_no_output() {
    for case in CASES {
        let w = Workdir::new();
        w.write("edges.csv", case.edges);
        let mut args = vec!["analyze", "--edges", "edges.csv", "--out", "res"];
        if let Some(nodes) = case.nodes {
            w.write("nodes.csv", nodes);
            args.extend(["--nodes", "nodes.csv"]);
        }
        args.extend(case.extra);
        let o = w.run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(case.code), "{}: {err}", case.name);
        let line = err.lines().last().unwrap_or_default();
        assert!(
            line.starts_with(&format!("grapevine: {}", case.message)),
            "{}: got {line:?}",
            case.name
        );
        assert_eq!(
            err.lines().filter(|l| !l.contains("warning")).count(),
            1,
            "{}: {err}",
            case.name
        );
        assert!(!err.contains("panicked"), "{}: {err}", case.name);
        assert!(!w.join("res").exists(), "{}: output left behind", case.name);
        let leftovers: Vec<_> = std::fs::read_dir(w.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("grapevine-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{}: {leftovers:?}", case.name);
    }
}

#[test]
fn missing_file() {
    let w = Workdir::new();
    let o = w.run(&["analyze", "--edges", "nope.csv", "--out", "res"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("grapevine: nope.csv: file not found (check the path):"),
        "{}",
        stderr(&o)
    );
    assert!(!w.join("res").exists());
}

#[test]
fn usage_errors_exit_2() {
    let w = Workdir::new();
    let o = w.run(&["analyze", "--flow", "sideways"]);
    assert_eq!(o.status.code(), Some(2));
    let o = w.run(&["analyze", "--threads", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn foreign_output_folder_is_not_overwritten() {
    let w = Workdir::new();
    w.write("edges.csv", "source,target\na,b\n");
    std::fs::create_dir(w.join("mine")).unwrap();
    w.write("mine/thesis.docx", "precious");
    let o = w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--out",
        "mine",
        "--no-charts",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(w.join("mine/thesis.docx")).unwrap(),
        "precious"
    );
    // The input's own folder is refused even with --force.
    let o = w.run(&["analyze", "--edges", "edges.csv", "--out", ".", "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(w.join("edges.csv").exists());
}
