//! The commands, as the binary runs them: each takes checked settings, drives the stages and
//! prints a short summary on stdout (warnings and progress go to stderr).

use std::io::Write;

use crate::analysis::Analysis;
use crate::config::AnalyzeConfig;
use crate::error::{Error, Result};
use crate::ingest::Dataset;
use crate::output::OutputDir;
use crate::report::{self, Provenance};

/// The files `analyze` writes besides charts, in the order they are written.
pub const TABLES: [&str; 5] = [
    "people.csv",
    "groups.csv",
    "boundary.csv",
    "boundary_matrix.csv",
    "summary.json",
];

/// Today's date (UTC), or the date of `SOURCE_DATE_EPOCH` when set, so that reruns can be
/// byte-identical across days.
pub fn analysis_date() -> String {
    let when = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now);
    when.format("%Y-%m-%d").to_string()
}

/// Runs `analyze`: ingest → graph → analysis → tables (and charts) in an atomically written
/// output folder.
pub fn analyze(cfg: &AnalyzeConfig) -> Result<()> {
    let mut inputs = vec![cfg.edges.as_path()];
    if let Some(n) = &cfg.nodes {
        inputs.push(n.as_path());
    }
    OutputDir::check(&cfg.out, cfg.force, &inputs)?;

    let dataset = Dataset::load(
        &cfg.edges,
        cfg.nodes.as_deref(),
        &cfg.group,
        &cfg.relation,
        &cfg.ingest,
    )?;
    for w in &dataset.warnings {
        eprintln!("grapevine: warning: {w}");
    }
    let prov = Provenance {
        dataset: cfg.title.clone(),
        relation: dataset.relation.clone(),
        group: dataset.group_attribute.clone(),
        analysed_on: analysis_date(),
    };
    let graph = dataset.into_graph();
    let analysis = Analysis::compute(&graph, &cfg.analysis);

    let out = OutputDir::begin(&cfg.out, cfg.force, &inputs)?;

    out.write("people.csv", &report::people_csv(&graph, &analysis))?;
    out.write("groups.csv", &report::groups_csv(&analysis))?;
    out.write("boundary.csv", &report::boundary_csv(&graph, &analysis))?;
    out.write(
        "boundary_matrix.csv",
        &report::boundary_matrix_csv(&graph, &analysis),
    )?;
    out.write("summary.json", &report::summary_json(&prov, &analysis))?;
    out.write("pairs.csv", &report::pairs_csv(&graph, &analysis))?;
    out.write("ties.csv", &report::ties_csv(&graph))?;
    let mut written: Vec<&str> = TABLES.to_vec();
    written.extend(["pairs.csv", "ties.csv"]);
    if let Some(bytes) = report::brokerage_csv(&graph, &analysis) {
        out.write("brokerage.csv", &bytes)?;
        written.push("brokerage.csv");
    }
    out.commit()?;

    let mut stdout = std::io::stdout().lock();
    let result = if cfg.json {
        let mut v = report::summary_value(&prov, &analysis);
        if let serde_json::Value::Object(m) = &mut v {
            m.insert(
                "output_dir".into(),
                serde_json::json!(cfg.out.display().to_string()),
            );
            m.insert("files".into(), serde_json::json!(written));
        }
        writeln!(stdout, "{v}")
    } else {
        writeln!(
            stdout,
            "{}",
            human_summary(&prov, &analysis, &cfg.out, &written)
        )
    };
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io(
            std::path::Path::new("<stdout>"),
            "cannot write",
            e,
        )),
        Ok(()) => Ok(()),
    }
}

fn human_summary(prov: &Provenance, a: &Analysis, out: &std::path::Path, files: &[&str]) -> String {
    let s = &a.summary;
    let mut text = format!(
        "{} ({}, grouped by {}): {} people, {} ties, {} groups, density {:.3}.\n",
        prov.dataset, prov.relation, prov.group, s.people, s.ties, s.groups, s.density
    );
    if let (Some(ei), Some(exp)) = (s.ei_index, s.ei_expected) {
        let verdict = if ei < exp - 0.05 {
            "ties stay inside groups more than group sizes alone would give"
        } else if ei > exp + 0.05 {
            "ties reach across groups more than group sizes alone would give"
        } else {
            "ties cross groups about as often as group sizes alone would give"
        };
        text += &format!("E–I index {ei:.2} (expected {exp:.2}): {verdict}.\n");
    }
    text += &format!("Results in {}/: {}", out.display(), files.join(", "));
    text
}

/// Runs `generate`: writes a synthetic network into `--out`.
pub fn generate(a: &crate::cli::GenerateArgs) -> Result<()> {
    let opts = crate::generate::GenerateOptions {
        people: a.people,
        orgs: a.orgs,
        avg_degree: a.avg_degree,
        seed: a.seed,
        ..Default::default()
    };
    let g = crate::generate::generate(&opts)?;
    g.write(&a.out)?;
    println!(
        "{} people in {} organizations, {} ties: {}/edges.csv, {}/nodes.csv",
        g.n(),
        a.orgs,
        g.ties.len(),
        a.out.display(),
        a.out.display()
    );
    Ok(())
}
