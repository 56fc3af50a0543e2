//! Ctrl-C (SIGINT) and SIGTERM in the middle of a run: the previous outputs stay as they were
//! (never a mix of old and new files), the exit code is 130, and no temporary folder is left.
//! Each case runs the real binary on a generated network big enough to take a few seconds.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{assert_ok, stderr, Workdir};

/// Every file of a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("grapevine-tmp"))
        .collect()
}

#[test]
fn interrupted_runs_keep_the_old_outputs_and_leave_no_temporary_folder() {
    let w = Workdir::new();
    w.write("small.csv", "source,target\na,b\nb,c\n");
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        "small.csv",
        "--out",
        "res",
        "--no-charts",
    ]));
    let before = snapshot(&w.join("res"));
    assert!(before.contains_key("people.csv") && before.contains_key(".grapevine"));
    assert_ok(&w.run(&[
        "generate", "--people", "1500", "--seed", "1", "--out", "gen",
    ]));

    // (signal, when): while the analysis runs (before any output exists), and while the new
    // folder is being written (as soon as its temporary folder appears).
    for (signal, while_writing) in [("INT", false), ("INT", true), ("TERM", true)] {
        let case = format!("SIG{signal}, while writing: {while_writing}");
        let child = Command::new(env!("CARGO_BIN_EXE_grapevine"))
            .args([
                "analyze",
                "--edges",
                "gen/edges.csv",
                "--nodes",
                "gen/nodes.csv",
                "--out",
                "res",
            ])
            .current_dir(w.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        if while_writing {
            while temporaries(w.path()).is_empty() {
                assert!(
                    start.elapsed() < Duration::from_secs(120),
                    "{case}: no temporary folder"
                );
                std::thread::sleep(Duration::from_millis(2));
            }
        } else {
            std::thread::sleep(Duration::from_millis(300));
            assert!(temporaries(w.path()).is_empty(), "{case}: writing already");
        }
        let kill = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(130), "{case}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("grapevine: interrupted;"),
            "{case}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{case}");
        assert_eq!(snapshot(&w.join("res")), before, "{case}: outputs changed");
        assert!(
            temporaries(w.path()).is_empty(),
            "{case}: {:?}",
            temporaries(w.path())
        );
    }

    // Uninterrupted, the same run replaces the old outputs whole.
    let o = w.run(&[
        "analyze",
        "--edges",
        "gen/edges.csv",
        "--nodes",
        "gen/nodes.csv",
        "--out",
        "res",
        "--no-charts",
    ]);
    assert_ok(&o);
    let after = snapshot(&w.join("res"));
    assert_eq!(
        String::from_utf8_lossy(&after["people.csv"])
            .lines()
            .count(),
        1501
    );
    assert!(temporaries(w.path()).is_empty());
}
