//! Ingest speed against the csv crate alone: `cargo bench --bench ingest -- EDGES.csv [NODES.csv]`
//! (without arguments it writes a network with `grapevine generate` at 100,000 people to a
//! temporary folder first).
//!
//! Five timings, each the best of three runs, in MB/s of the edge file, then their ratios:
//! 1. `csv::ByteRecord` only: the csv crate reading every record of the edge list, nothing
//!    else (the ceiling), on one thread; then the same for the edge list and the roster, the
//!    input `Dataset::load` reads;
//! 2. `Dataset::load`: Grapevine's reader (encoding check, header aliases, id interning,
//!    weights, line numbers for errors), on all threads for a plain UTF-8 file (the roster
//!    beside the edge list's parts);
//! 3. `into_graph` (the three CSR adjacency structures) on its own, each time after a load
//!    that is not timed, and the sum of the best load and the best `into_graph`.
//!
//! Then, on Linux, what one more load and one more `into_graph` cost the process (from
//! `/proc/self/stat`): CPU seconds in user code and in the kernel, and minor page faults (each
//! the kernel handing the process a fresh 4 KiB page), for the csv crate alone and for each.

use grapevine::generate::{generate, GenerateOptions};
use grapevine::ingest::{Dataset, IngestOptions, RelationChoice};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Best of three runs of `f`, in seconds.
fn best<T>(mut f: impl FnMut() -> T) -> f64 {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let (edges, nodes): (PathBuf, Option<PathBuf>) = match args.as_slice() {
        [e] => (e.into(), None),
        [e, n, ..] => (e.into(), Some(n.into())),
        [] => {
            let dir = std::env::temp_dir().join("grapevine-ingest-bench");
            let net = generate(&GenerateOptions {
                people: 100_000,
                ..GenerateOptions::default()
            })
            .expect("valid options");
            net.write(&dir).expect("writable temp folder");
            (dir.join("edges.csv"), Some(dir.join("nodes.csv")))
        }
    };
    let mb = std::fs::metadata(&edges).expect("edge file").len() as f64 / 1e6;
    // Cells read by the csv crate alone from `path`.
    let csv_cells = |path: &Path| {
        let mut reader = csv::ReaderBuilder::new()
            .from_path(path)
            .expect("readable csv file");
        let mut record = csv::ByteRecord::new();
        let mut cells = 0usize;
        while reader.read_byte_record(&mut record).expect("valid csv") {
            cells += record.len();
        }
        cells
    };
    let csv_only = best(|| csv_cells(&edges));
    // The same input as `Dataset::load`: the edge list, then the roster.
    let csv_both = best(|| csv_cells(&edges) + nodes.as_deref().map_or(0, csv_cells));
    let load = || {
        Dataset::load(
            &edges,
            nodes.as_deref().map(Path::new),
            "org",
            &RelationChoice::Only,
            &IngestOptions::default(),
        )
        .expect("valid dataset")
    };
    let read = best(load);
    let steps = load().timings;
    // `into_graph` alone, best of three, each on a fresh load (not timed).
    let graph = (0..3)
        .map(|_| {
            let dataset = load();
            let start = Instant::now();
            let g = std::hint::black_box(dataset.into_graph());
            let s = start.elapsed().as_secs_f64();
            drop(g);
            s
        })
        .fold(f64::INFINITY, f64::min);
    println!("edge file {mb:.1} MB: {}", edges.display());
    for (what, s) in [
        ("csv::ByteRecord only", csv_only),
        ("csv::ByteRecord, + roster", csv_both),
        ("Dataset::load", read),
        ("into_graph (alone)", graph),
        ("Dataset::load + into_graph", read + graph),
    ] {
        println!("{what:>28}: {s:7.3} s  {:7.1} MB/s", mb / s);
    }
    println!(
        "{:>28}: {:.2} × the csv crate alone on the edge list, {:.2} × on both files",
        "Dataset::load",
        read / csv_only,
        read / csv_both
    );
    println!(
        "{:>28}: {:.2} × the csv crate alone on both files",
        "Dataset::load + into_graph",
        (read + graph) / csv_both
    );
    let steps: Vec<String> = steps.iter().map(|(n, s)| format!("{n} {s:.3} s")).collect();
    println!("{:>28}: {}", "one more load, by step", steps.join(", "));
    if let Some(start) = Usage::now() {
        std::hint::black_box(csv_cells(&edges) + nodes.as_deref().map_or(0, csv_cells));
        let read = Usage::now().expect("read before");
        let dataset = load();
        let loaded = Usage::now().expect("read before");
        let g = std::hint::black_box(dataset.into_graph());
        let built = Usage::now().expect("read before");
        drop(g);
        for (what, u) in [
            ("csv::ByteRecord, + roster", read.since(start)),
            ("Dataset::load", loaded.since(read)),
            ("into_graph", built.since(loaded)),
        ] {
            println!(
                "{what:>28}: {:6.2} s user, {:5.2} s kernel, {:8} page faults ({:.0} MB)",
                u.user,
                u.kernel,
                u.faults,
                u.faults as f64 * 4096.0 / 1e6
            );
        }
    }
}

/// The process's CPU time and minor page faults so far, from `/proc/self/stat` (Linux; None
/// elsewhere). Times are in clock ticks of 1/100 s (the kernel's `USER_HZ`).
#[derive(Debug, Clone, Copy)]
struct Usage {
    user: f64,
    kernel: f64,
    faults: u64,
}

impl Usage {
    fn now() -> Option<Usage> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // The fields after the command name (which may hold spaces) in parentheses: state is
        // field 3, minor faults field 10, user and system time fields 14 and 15.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let num = |field: usize| fields.get(field - 3)?.parse::<u64>().ok();
        Some(Usage {
            faults: num(10)?,
            user: num(14)? as f64 / 100.0,
            kernel: num(15)? as f64 / 100.0,
        })
    }

    fn since(self, before: Usage) -> Usage {
        Usage {
            user: self.user - before.user,
            kernel: self.kernel - before.kernel,
            faults: self.faults - before.faults,
        }
    }
}
