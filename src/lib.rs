//! Grapevine: informal-network analysis for multi-organization partnerships.
//!
//! ```text
//!  edges.csv, nodes.csv ─ingest─▶ Dataset ─build─▶ Graph (CSR) ─analysis─▶ Analysis
//!        ─report─▶ people.csv, groups.csv, boundary.csv, boundary_matrix.csv, summary.json
//!        ─render─▶ network.png, flows.png, boundary.png, brokers.png, hoarding.png
//!        ─narrative─▶ report.html, report.md (read back from the output folder)
//!   Graph ─analysis::recommend─▶ introductions.csv, introductions_effect.csv, pairs_after.csv
//!   two output folders ─compare─▶ changes_pairs.csv, changes_people.csv, compare.json,
//!        changes.png, report.html, report.md
//! ```
//!
//! Each stage takes one value in and hands one out, and never reaches back: [`ingest`] reads
//! files into a [`ingest::Dataset`]; [`graph::Graph`] is the compact CSR every kernel in
//! [`analysis`] reads; [`report`] turns an [`analysis::Analysis`] into bytes; [`output`] writes
//! them atomically; [`narrative`] reads the written folder back and turns it into the report.
//! [`app`] drives the stages for each command of [`cli`]; [`batch`] runs many of `analyze`'s
//! runs from a manifest, in parallel; [`compare`] sets two survey waves side by side.
//! [`privacy`] replaces ids by pseudonyms and merges small
//! groups in the dataset, before the graph is built, so no later stage sees them; [`progress`]
//! is the stderr display (bars only on a terminal), fed by callbacks.
#![deny(missing_docs)]

pub mod analysis;
pub mod app;
pub mod batch;
pub mod cli;
pub mod compare;
pub mod config;
pub mod error;
pub mod export;
pub mod fuzzing;
pub mod generate;
pub mod graph;
pub mod import;
pub mod ingest;
pub mod narrative;
pub mod output;
pub mod privacy;
pub mod progress;
pub mod render;
pub mod report;

pub use error::{Error, Result};

/// Runs the parsed command line. The binary maps the error to an exit code.
pub fn run(cli: cli::Cli) -> Result<()> {
    let verbose = cli.verbose;
    let args = match cli.command {
        Some(cli::Command::Analyze(a)) => *a,
        None => cli::AnalyzeArgs::defaults(),
        Some(cli::Command::Generate(g)) => return app::generate(&g),
        Some(cli::Command::Render(r)) => return app::render(&r),
        Some(cli::Command::Import(a)) => return import::run(&a),
        Some(cli::Command::Batch(b)) => return batch::run(&b, verbose),
        Some(cli::Command::Compare(c)) => {
            let cfg = compare::CompareConfig::from_args(*c)?;
            return pool(cfg.threads())?.install(|| compare::run(&cfg));
        }
        Some(cli::Command::Recommend(a)) => {
            let cfg = config::RecommendConfig::from_args(*a)?;
            return pool(cfg.threads)?.install(|| app::recommend(&cfg));
        }
    };
    let cfg = config::AnalyzeConfig::from_args(args)?;
    pool(cfg.threads)?.install(|| app::analyze(&cfg))
}

/// The worker pool for `--threads` (None: all cores).
fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("--threads: cannot start the worker pool: {e}")))
}
