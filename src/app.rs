//! The commands, as the binary runs them: each takes checked settings, drives the stages and
//! prints a short summary on stdout (warnings and progress go to stderr).

use std::io::Write;

use crate::analysis::{boundary, findings, Analysis, Flow};
use crate::config::AnalyzeConfig;
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::ingest::Dataset;
use crate::output::OutputDir;
use crate::render::{ChartData, PairInfo};
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
    let mut stages: Vec<(&str, f64)> = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str, stages: &mut Vec<(&str, f64)>| {
        stages.push((name, clock.elapsed().as_secs_f64()));
        clock = std::time::Instant::now();
    };

    if let Some(r) = &cfg.survey {
        inputs.push(r.roster.as_path());
    }
    let dataset = match &cfg.survey {
        Some(opts) => {
            let imported = crate::import::import(opts)?;
            Dataset::from_imported(imported, &cfg.relation, &cfg.group, &cfg.edges)?
        }
        None => Dataset::load(
            &cfg.edges,
            cfg.nodes.as_deref(),
            &cfg.group,
            &cfg.relation,
            &cfg.ingest,
        )?,
    };
    for w in &dataset.warnings {
        eprintln!("grapevine: warning: {w}");
    }
    let prov = Provenance {
        dataset: cfg.title.clone(),
        relation: dataset.relation.clone(),
        group: dataset.group_attribute.clone(),
        analysed_on: analysis_date(),
        group_word: cfg.group_word.clone(),
    };
    lap("read", &mut stages);
    let responded = dataset.responded.clone();
    let graph = dataset.into_graph();
    lap("graph", &mut stages);
    let mut analysis = Analysis::compute(&graph, &cfg.analysis);
    lap("analysis", &mut stages);
    if let Some(responded) = responded {
        analysis.set_response_rates(&graph, &responded);
    }
    for (name, how) in &analysis.summary.estimated {
        eprintln!("grapevine: note: {name} estimated ({how}); pass --betweenness exact / --paths exact for exact values");
    }

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
    for format in &cfg.export {
        let (name, bytes) = export_network(&graph, &analysis, *format);
        out.write(name, &bytes)?;
        written.push(name);
    }
    lap("tables", &mut stages);
    let mut charts: Vec<String> = Vec::new();
    if cfg.charts {
        let data = chart_data(&graph, &analysis, &prov, cfg);
        let paths = crate::render::render_all(&data, &cfg.chart, out.staging()).map_err(|e| {
            Error::Render {
                path: cfg.out.clone(),
                message: e.to_string(),
            }
        })?;
        charts = paths
            .iter()
            .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
            .collect();
    }
    written.extend(charts.iter().map(String::as_str));
    lap("charts", &mut stages);
    out.commit()?;
    if cfg.timings {
        let fmt = |v: &[(&str, f64)]| {
            v.iter()
                .map(|(n, s)| format!("{n} {s:.2} s"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        eprintln!("grapevine: timings: {}", fmt(&stages));
        eprintln!("grapevine: analysis: {}", fmt(&analysis.timings));
        if let Some(peak) = peak_memory() {
            eprintln!("grapevine: peak memory {peak}");
        }
    }

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
    OutputDir::check(&a.out, a.force, &[])?;
    let g = crate::generate::generate(&opts)?;
    let out = OutputDir::begin(&a.out, a.force, &[])?;
    g.write(out.staging())?;
    out.commit()?;
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

/// The metric that sizes people in network.png, with its name.
fn size_metric(g: &Graph, a: &Analysis, wanted: Option<&str>) -> (String, Vec<f64>) {
    let p = &a.people;
    let pick = |name: &str| -> Option<Vec<f64>> {
        match name {
            "betweenness" => p.betweenness.clone(),
            "pagerank" => p.pagerank.clone(),
            "eigenvector" => p.eigenvector.clone(),
            "closeness" => p.closeness.clone(),
            "harmonic" => p.harmonic.clone(),
            "reach_loss" => p.reach_loss.clone(),
            "brokerage_total" => p
                .brokerage
                .as_ref()
                .map(|b| (0..g.n()).map(|v| b.total(v) as f64).collect()),
            "out_degree" => Some(p.out_degree.iter().map(|&d| d as f64).collect()),
            _ => Some(p.in_degree.iter().map(|&d| d as f64).collect()),
        }
    };
    let name = wanted.unwrap_or("betweenness");
    match pick(name) {
        Some(v) => (name.to_string(), v),
        None => {
            eprintln!(
                "grapevine: warning: --size-by {name}: not computed (see --metrics); sizing by in_degree"
            );
            (
                "in_degree".to_string(),
                pick("in_degree").unwrap_or_default(),
            )
        }
    }
}

/// Everything the charts draw, as plain data.
pub fn chart_data(g: &Graph, a: &Analysis, prov: &Provenance, cfg: &AnalyzeConfig) -> ChartData {
    let k = g.group_count();
    let (received, given) = boundary::received_given(g, a.options.flow);
    let (hoarders, hoarder_floor) = findings::hoarder_flags(&received, &given);
    let mut ties = Vec::with_capacity(g.m());
    for s in 0..g.n() {
        ties.extend(g.out().row(s).iter().map(|&t| (s as u32, t)));
    }
    ChartData {
        dataset: prov.dataset.clone(),
        relation: prov.relation.clone(),
        analysed_on: prov.analysed_on.clone(),
        ids: g.ids().to_vec(),
        group_of: g.groups().to_vec(),
        group_names: g.group_names().to_vec(),
        group_word: prov.group_word.clone(),
        ties,
        flow_against: a.options.flow == Flow::Against,
        size_by: size_metric(g, a, cfg.size_by.as_deref()),
        received,
        given,
        hoarding_index: a.people.boundary.hoarding_index.clone(),
        hoarders,
        hoarder_floor,
        brokerage: a.people.brokerage.as_ref().map(|b| b.counts.clone()),
        reach_loss: a.people.reach_loss.clone(),
        boundary_ties: (0..k)
            .map(|i| (0..k).map(|j| a.boundary.ties[[i, j]]).collect())
            .collect(),
        boundary_density: (0..k)
            .map(|i| (0..k).map(|j| a.boundary.density(i, j)).collect())
            .collect(),
        pairs: a
            .pairs
            .iter()
            .map(|r| PairInfo {
                a: r.a,
                b: r.b,
                ties_ab: r.ties_ab,
                ties_ba: r.ties_ba,
                net_flow: r.net_flow,
                stage: Some(r.stage.to_string()),
            })
            .collect(),
    }
}

/// The analysed network with every computed per-person metric, as GraphML or GEXF.
fn export_network(
    g: &Graph,
    a: &Analysis,
    format: crate::cli::ExportFormat,
) -> (&'static str, Vec<u8>) {
    let groups: Vec<String> = g
        .groups()
        .iter()
        .map(|&k| g.group_names()[k as usize].clone())
        .collect();
    let csv = String::from_utf8(report::people_csv(g, a)).expect("people.csv is UTF-8");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    // Every numeric column of people.csv, under its people.csv name.
    let columns: Vec<(&str, Vec<Option<f64>>)> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.as_str() != "id" && h.as_str() != "group")
        .map(|(c, h)| {
            (
                h.as_str(),
                rows.iter().map(|r| r[c].parse::<f64>().ok()).collect(),
            )
        })
        .collect();
    let mut ties = Vec::with_capacity(g.m());
    for s in 0..g.n() {
        for (&t, &w) in g.out().row(s).iter().zip(g.out().row_weights(s)) {
            ties.push((s as u32, t, w));
        }
    }
    match format {
        crate::cli::ExportFormat::Graphml => (
            "network.graphml",
            crate::export::graphml::graphml(g.ids(), &groups, &columns, &ties),
        ),
        crate::cli::ExportFormat::Gexf => (
            "network.gexf",
            crate::export::gexf::gexf(g.ids(), &groups, &columns, &ties),
        ),
    }
}

/// Runs `render`: redraws the charts of an output folder from its tables.
pub fn render(a: &crate::cli::RenderArgs) -> Result<()> {
    if !a.dir.join(crate::output::MARKER).exists() {
        return Err(Error::Usage(format!(
            "{}: not a folder written by `grapevine analyze` (no {} file)",
            a.dir.display(),
            crate::output::MARKER
        )));
    }
    let (width, height) = crate::config::parse_size(&a.chart_size)?;
    let opts = crate::render::ChartOptions {
        width,
        height,
        format: a.chart_format.into(),
        seed: a.seed,
        ..Default::default()
    };
    let data = crate::ingest::output_dir::chart_data(&a.dir, a.size_by.as_deref())?;
    // A new copy of the folder with the new charts replaces it whole, as `analyze` writes it.
    let out = OutputDir::begin(&a.dir, false, &[])?;
    let entries =
        std::fs::read_dir(&a.dir).map_err(|e| Error::io(&a.dir, "cannot list folder", e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&a.dir, "cannot list folder", e))?;
        let name = entry.file_name();
        let from = entry.path();
        if name == crate::output::MARKER || !from.is_file() {
            continue;
        }
        std::fs::copy(&from, out.staging().join(&name))
            .map_err(|e| Error::io(&from, "cannot copy into the new folder", e))?;
    }
    let paths =
        crate::render::render_all(&data, &opts, out.staging()).map_err(|e| Error::Render {
            path: a.dir.clone(),
            message: e.to_string(),
        })?;
    out.commit()?;
    let names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
        .collect();
    println!("Redrew {} in {}/", names.join(", "), a.dir.display());
    Ok(())
}

/// Peak resident memory of this process (Linux `VmHWM`), when the system tells it.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(format!("{:.0} MiB", kb / 1024.0))
}
