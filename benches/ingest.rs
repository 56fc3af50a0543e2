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
//!    that is not timed, and the sum of the best load and the best `into_graph`;
//! 4. the same job done straightforwardly with the csv crate ([`straightforward`]): the
//!    reading and the graph a Rust programmer would write first, to show how much of the gap
//!    to the csv crate alone is the job itself.
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
    let mut size = (0, 0);
    let graph = (0..3)
        .map(|_| {
            let dataset = load();
            let start = Instant::now();
            let g = std::hint::black_box(dataset.into_graph());
            let s = start.elapsed().as_secs_f64();
            size = (g.n(), g.m());
            drop(g);
            s
        })
        .fold(f64::INFINITY, f64::min);
    let mut plain = (f64::INFINITY, f64::INFINITY);
    for _ in 0..3 {
        let (r, g, counted) = straightforward(&edges, nodes.as_deref());
        assert_eq!(
            counted, size,
            "the straightforward job gives the same people and ties"
        );
        plain = (plain.0.min(r), plain.1.min(g));
    }
    println!("edge file {mb:.1} MB: {}", edges.display());
    for (what, s) in [
        ("csv::ByteRecord only", csv_only),
        ("csv::ByteRecord, + roster", csv_both),
        ("Dataset::load", read),
        ("into_graph (alone)", graph),
        ("Dataset::load + into_graph", read + graph),
        ("straightforward: read", plain.0),
        ("straightforward: graph", plain.1),
        ("straightforward: both", plain.0 + plain.1),
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
    println!(
        "{:>28}: {:.2} × the straightforward read, {:.2} × its read + graph",
        "Grapevine",
        read / plain.0,
        (read + graph) / (plain.0 + plain.1)
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

/// The job of `Dataset::load` and `into_graph`, done the straightforward way with the csv
/// crate, std and rayon: the roster's ids (its `id` column) into an `FxHashMap` with their
/// group (the `org` column, one `String` each), then each tie's ids (the `source` and `target`
/// columns) looked up there (an id not in the roster is added) and its weight (the `weight`
/// column, 1 without one) parsed as `f64`; then the out-, in- and undirected rows
/// by `par_sort_unstable` of (source, target) pairs, self-loops dropped and repeated pairs
/// merged (weights added). It skips what Grapevine's reader also does (encoding detection,
/// header aliases, relations, line numbers kept for errors, error checks beyond a panic).
/// Returns the seconds of the read and of the graph, and the people and out-ties counted.
fn straightforward(edges: &Path, nodes: Option<&Path>) -> (f64, f64, (usize, usize)) {
    use rayon::prelude::*;
    let start = Instant::now();
    let mut index: rustc_hash::FxHashMap<Vec<u8>, u32> = Default::default();
    let mut groups: Vec<String> = Vec::new();
    let mut record = csv::ByteRecord::new();
    if let Some(nodes) = nodes {
        let mut reader = csv::Reader::from_path(nodes).expect("readable roster");
        let [id_col, org] =
            ["id", "org"].map(|c| column(&mut reader, c).expect("an id and an org column"));
        while reader.read_byte_record(&mut record).expect("valid csv") {
            let id = index.len() as u32;
            index.entry(record[id_col].to_vec()).or_insert(id);
            groups.push(String::from_utf8_lossy(&record[org]).into_owned());
        }
    }
    let mut intern = |id: &[u8]| match index.get(id) {
        Some(&k) => k,
        None => {
            let k = index.len() as u32;
            index.insert(id.to_vec(), k);
            k
        }
    };
    let mut ties: Vec<(u32, u32, f64)> = Vec::new();
    let mut reader = csv::Reader::from_path(edges).expect("readable edge list");
    let [source, target] =
        ["source", "target"].map(|c| column(&mut reader, c).expect("a source and a target column"));
    let weight_col = column(&mut reader, "weight");
    while reader.read_byte_record(&mut record).expect("valid csv") {
        let weight = weight_col.map_or(1.0, |c| {
            std::str::from_utf8(&record[c])
                .ok()
                .and_then(|w| w.parse::<f64>().ok())
                .expect("a number")
        });
        ties.push((intern(&record[source]), intern(&record[target]), weight));
    }
    let n = index.len();
    std::hint::black_box((&groups, &ties));
    let read = start.elapsed().as_secs_f64();
    let start = Instant::now();
    // The rows of `pairs` sorted by (from, to), repeated pairs merged: (offsets, to, weights).
    let csr = |mut pairs: Vec<(u32, u32, f64)>| {
        pairs.retain(|p| p.0 != p.1);
        pairs.par_sort_unstable_by_key(|p| (p.0, p.1));
        pairs.dedup_by(|b, a| {
            let same = (a.0, a.1) == (b.0, b.1);
            if same {
                a.2 += b.2;
            }
            same
        });
        let mut offsets = vec![0usize; n + 1];
        for p in &pairs {
            offsets[p.0 as usize + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let targets: Vec<u32> = pairs.iter().map(|p| p.1).collect();
        let weights: Vec<f64> = pairs.iter().map(|p| p.2).collect();
        (offsets, targets, weights)
    };
    let reversed: Vec<(u32, u32, f64)> = ties.iter().map(|&(s, t, w)| (t, s, w)).collect();
    let both: Vec<(u32, u32, f64)> = ties.iter().chain(&reversed).copied().collect();
    let graph = (csr(ties), csr(reversed), csr(both));
    std::hint::black_box(&graph);
    let m = graph.0 .1.len();
    drop(graph);
    (read, start.elapsed().as_secs_f64(), (n, m))
}

/// The place of the column named `name` (any case) in the header of `reader`.
fn column(reader: &mut csv::Reader<std::fs::File>, name: &str) -> Option<usize> {
    let header = reader.byte_headers().expect("a header");
    header
        .iter()
        .position(|h| h.eq_ignore_ascii_case(name.as_bytes()))
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
