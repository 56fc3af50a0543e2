//! Test harness: a temporary working folder, a runner for the real `grapevine` binary, and a
//! column-by-column comparison of an output folder with reference values.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder that tests write fixtures into and run the binary in.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a fixture file.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(name);
        std::fs::write(&p, contents).expect("write fixture");
        p
    }

    /// Runs `grapevine ARGS` in this folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_grapevine"))
            .args(args)
            .current_dir(self.path())
            .env("SOURCE_DATE_EPOCH", "1764374400")
            .output()
            .expect("run grapevine")
    }
}

/// The repository root (bundled datasets live in `datasets/`).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a zero exit code, showing stderr when it is not.
pub fn assert_ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
}

/// A CSV file as a header and rows keyed by the given key columns.
pub struct Keyed {
    pub header: Vec<String>,
    pub rows: HashMap<Vec<String>, HashMap<String, String>>,
}

pub fn read_keyed(path: &Path, key: &[&str]) -> Keyed {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let mut rows = HashMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let map: HashMap<String, String> = header
            .iter()
            .cloned()
            .zip(rec.iter().map(String::from))
            .collect();
        let k = key.iter().map(|c| map[*c].clone()).collect();
        rows.insert(k, map);
    }
    Keyed { header, rows }
}

fn close(ours: &str, reference: &str, tol: f64) -> bool {
    match (ours.is_empty(), reference.is_empty()) {
        (true, true) => return true,
        (true, false) | (false, true) => return false,
        _ => {}
    }
    match (ours.parse::<f64>(), reference.parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() <= tol + tol * b.abs(),
        _ => ours == reference,
    }
}

/// Compares every column of the reference folder `reference` with ours, as the oracle's
/// compare.py does (rows matched by key; 1e-6, PageRank and eigenvector 1e-5). Columns in
/// `not_checked` are skipped. Returns one message per failing column, and the number checked.
pub fn compare_dir(ours: &Path, reference: &Path, not_checked: &[&str]) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, key) in [
        ("people.csv", vec!["id"]),
        ("groups.csv", vec!["group"]),
        ("boundary.csv", vec!["from_group", "to_group"]),
    ] {
        let r = read_keyed(&reference.join(name), &key);
        let o = read_keyed(&ours.join(name), &key);
        let mut rk: Vec<_> = r.rows.keys().collect();
        let mut ok: Vec<_> = o.rows.keys().collect();
        rk.sort();
        ok.sort();
        if rk != ok {
            failures.push(format!("{name}: row keys differ"));
            continue;
        }
        for col in &r.header {
            if key.contains(&col.as_str()) || not_checked.contains(&col.as_str()) {
                continue;
            }
            if r.rows.values().all(|row| row[col].is_empty()) {
                continue;
            }
            checked += 1;
            if !o.header.contains(col) {
                failures.push(format!("{name}:{col}: column missing"));
                continue;
            }
            let tol = if col == "pagerank" || col == "eigenvector" {
                1e-5
            } else {
                1e-6
            };
            let bad: Vec<_> = r
                .rows
                .iter()
                .filter(|(k, row)| !close(&o.rows[*k][col], &row[col], tol))
                .collect();
            if let Some((k, row)) = bad.first() {
                failures.push(format!(
                    "{name}:{col}: {} of {} differ, e.g. {k:?}: ours {:?}, reference {:?}",
                    bad.len(),
                    r.rows.len(),
                    o.rows[*k][col],
                    row[col]
                ));
            }
        }
    }
    let rs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reference.join("summary.json")).unwrap()).unwrap();
    let os: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ours.join("summary.json")).unwrap()).unwrap();
    for (k, v) in rs.as_object().unwrap() {
        if not_checked.contains(&k.as_str()) || v.is_null() {
            continue;
        }
        checked += 1;
        match os.get(k) {
            None => failures.push(format!("summary.json:{k}: missing")),
            Some(ov) => {
                let a = ov.as_f64();
                let b = v.as_f64().unwrap();
                if !a.is_some_and(|a| (a - b).abs() <= 1e-6 + 1e-6 * b.abs()) {
                    failures.push(format!("summary.json:{k}: ours {ov}, reference {v}"));
                }
            }
        }
    }
    (failures, checked)
}
