//! The commands, as the binary runs them: each takes checked settings, drives the stages and
//! prints a short summary on stdout (warnings and progress go to stderr).

use std::io::Write;

use crate::analysis::pairs::PairRow;
use crate::analysis::recommend::{EffectRow, RecommendOptions, Recommendations};
use crate::analysis::{boundary, findings, Analysis, Flow};
use crate::config::{AnalyzeConfig, InputConfig, IntroConfig, RecommendConfig};
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::ingest::Dataset;
use crate::output::OutputDir;
use crate::progress::{Observer, Progress};
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

/// What one analysis wrote: the figures a summary line or a batch row needs, and the files.
#[derive(Debug, Clone)]
pub struct Analyzed {
    /// Where the results are.
    pub out: std::path::PathBuf,
    /// The files written, in order.
    pub files: Vec<String>,
    /// Where the data came from.
    pub provenance: Provenance,
    /// Whole-network figures.
    pub summary: crate::analysis::Summary,
    /// The summary.json value (what `--json` prints).
    pub summary_json: serde_json::Value,
    /// Id (or pseudonym) of the top broker, when brokerage was computed and someone brokers.
    pub top_broker: Option<String>,
    /// Id (or pseudonym) of the top single point of failure, when reach_loss was computed.
    pub top_single_point_of_failure: Option<String>,
    /// What the privacy options did.
    pub privacy: crate::privacy::Applied,
    /// Per stage (read, graph, analysis, tables, charts, report): wall and CPU time, peak memory.
    pub stages: Vec<Stage>,
    /// Seconds per step of reading ([`Dataset::timings`]).
    pub read_timings: Vec<(&'static str, f64)>,
    /// Seconds per metric family.
    pub analysis_timings: Vec<(&'static str, f64)>,
    /// With `--recommend K`: the introductions, for stdout.
    pub recommendations: Option<RecommendationsOut>,
}

/// The recommended introductions of an analysis, as `analyze` prints them.
#[derive(Debug, Clone)]
pub struct RecommendationsOut {
    /// The `recommendations` value of `--json`.
    pub json: serde_json::Value,
    /// A few lines for the terminal.
    pub text: String,
    /// "step 1.23 s, ..." for `--timings`.
    pub timings: String,
}

/// Runs `analyze`: the analysis into its output folder, then the summary on stdout.
/// Warnings and progress go to stderr (a spinner only when stderr is a terminal).
pub fn analyze(cfg: &AnalyzeConfig) -> Result<()> {
    let progress = Progress::for_stderr();
    let console = Console {
        progress: &progress,
        task: progress.task(&cfg.input.dataset),
    };
    let done = analyze_run(cfg, &console)?;
    drop(console);
    if cfg.timings {
        let fmt = |v: &[(&str, f64)]| {
            v.iter()
                .map(|(n, s)| format!("{n} {s:.2} s"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let stages = done
            .stages
            .iter()
            .map(Stage::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        eprintln!(
            "grapevine: timings (wall; CPU time of all threads; peak memory so far): {stages}"
        );
        if !done.read_timings.is_empty() {
            eprintln!("grapevine: read: {}", fmt(&done.read_timings));
        }
        eprintln!("grapevine: analysis: {}", fmt(&done.analysis_timings));
        if let Some(r) = &done.recommendations {
            eprintln!("grapevine: recommend: {}", r.timings);
        }
        // The peak so far never falls (see `StageClock`).
        let last = done.stages.last().and_then(|s| s.peak_kib);
        if let Some(kib) = peak_kib().map(|now| last.map_or(now, |l| l.max(now))) {
            eprintln!("grapevine: peak memory {}", mib(kib));
        }
    }
    let mut stdout = std::io::stdout().lock();
    let result = if cfg.json {
        let mut v = done.summary_json.clone();
        if let serde_json::Value::Object(m) = &mut v {
            m.insert(
                "output_dir".into(),
                serde_json::json!(cfg.out.display().to_string()),
            );
            m.insert("files".into(), serde_json::json!(done.files));
            if let Some(r) = &done.recommendations {
                m.insert("recommendations".into(), r.json.clone());
            }
        }
        writeln!(stdout, "{v}")
    } else {
        let mut text = human_summary(&done.provenance, &done.summary, &cfg.out, &done.files);
        if let Some(r) = &done.recommendations {
            text = format!("{}\n{text}", r.text);
        }
        writeln!(stdout, "{text}")
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

/// The work of `analyze`, without printing: ingest → privacy → graph → analysis → tables (and
/// charts) in an atomically written output folder. Stages and warnings go to `obs`. `batch`
/// runs many of these in parallel.
pub fn analyze_run(cfg: &AnalyzeConfig, obs: &dyn Observer) -> Result<Analyzed> {
    let mut inputs = vec![cfg.input.edges.as_path()];
    if let Some(n) = &cfg.input.nodes {
        inputs.push(n.as_path());
    }
    OutputDir::check(&cfg.out, cfg.force, &inputs)?;
    let mut stages: Vec<Stage> = Vec::new();
    let mut clock = StageClock::start();
    let mut lap = |name: &'static str, stages: &mut Vec<Stage>| stages.push(clock.lap(name));

    if let Some(r) = &cfg.input.survey {
        inputs.push(r.roster.as_path());
    }
    obs.stage("reading");
    let mut dataset = read(&cfg.input)?;
    let read_timings = std::mem::take(&mut dataset.timings);
    let privacy = crate::privacy::apply(&mut dataset, &cfg.privacy)?;
    note_warnings(&dataset, obs);
    for n in privacy.notes() {
        obs.note(format!("note: {n}"));
    }
    let prov = provenance(&cfg.input, &dataset, &cfg.group_word);
    lap("read", &mut stages);
    obs.stage("building the graph");
    let responded = dataset.responded.clone();
    let graph = dataset.into_graph();
    lap("graph", &mut stages);
    let mut analysis = Analysis::compute_observed(&graph, &cfg.analysis, &|s| obs.stage(s))
        .map_err(|e| Error::file(&cfg.input.edges, e.to_string()))?;
    lap("analysis", &mut stages);
    if let Some(responded) = responded {
        analysis.set_response_rates(&graph, &responded);
    }
    for (name, how) in &analysis.summary.estimated {
        obs.note(format!("note: {name} estimated ({how}); pass --betweenness exact / --paths exact for exact values"));
    }
    obs.stage("writing tables");
    let mut summary_value = report::summary_value(&prov, &analysis);
    if cfg.privacy.is_active() {
        if let serde_json::Value::Object(m) = &mut summary_value {
            m.insert("privacy".into(), privacy.summary());
        }
    }
    let recommended = match &cfg.recommend {
        Some(intro) => {
            obs.stage("recommending introductions");
            Some(introductions(
                &graph,
                intro,
                &analysis.pairs,
                &cfg.analysis,
                &cfg.group_word,
                obs,
            )?)
        }
        None => None,
    };
    if recommended.is_some() {
        lap("recommend", &mut stages);
    }

    let out = OutputDir::begin(&cfg.out, cfg.force, &inputs)?;

    // The three large tables (one row per person, per person and role, per tie) stream to
    // their files at the same time; the others are a few rows each.
    let (people, (brokerage, ties)) = rayon::join(
        || {
            out.stream("people.csv", |w| {
                report::write_people_csv(w, &graph, &analysis)
            })
        },
        || {
            rayon::join(
                || {
                    analysis.people.brokerage.as_ref().map(|_| {
                        out.stream("brokerage.csv", |w| {
                            report::write_brokerage_csv(w, &graph, &analysis)
                        })
                    })
                },
                || out.stream("ties.csv", |w| report::write_ties_csv(w, &graph)),
            )
        },
    );
    people?;
    brokerage.transpose()?;
    ties?;
    out.write("groups.csv", &report::groups_csv(&analysis))?;
    out.write("boundary.csv", &report::boundary_csv(&graph, &analysis))?;
    out.write(
        "boundary_matrix.csv",
        &report::boundary_matrix_csv(&graph, &analysis),
    )?;
    out.write("summary.json", &summary_bytes(&summary_value))?;
    out.write("pairs.csv", &report::pairs_csv(&graph, &analysis))?;
    let mut written: Vec<&str> = TABLES.to_vec();
    written.extend(["pairs.csv", "ties.csv"]);
    if analysis.people.brokerage.is_some() {
        written.push("brokerage.csv");
    }
    for format in &cfg.export {
        let (name, bytes) = export_network(&graph, &analysis, *format);
        out.write(name, &bytes)?;
        written.push(name);
    }
    if let Some(r) = &recommended {
        for (name, bytes) in r.files(&graph, &prov) {
            out.write(name, &bytes)?;
            written.push(name);
        }
    }
    lap("tables", &mut stages);
    let mut charts: Vec<String> = Vec::new();
    if cfg.charts {
        obs.stage("drawing charts");
        let mut data = chart_data(&graph, &analysis, &prov, cfg);
        if let Some(r) = &recommended {
            data.introductions = r.recs.ties();
        }
        if let Some(wanted) = cfg.size_by.as_deref().filter(|w| *w != data.size_by.0) {
            obs.note(format!(
                "warning: --size-by {wanted}: not computed (see --metrics); sizing by in_degree"
            ));
        }
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
    // What the caller gets back; then the graph and the analysis are dropped, so the report
    // (which reads the tables back) does not hold its memory on top of theirs.
    let top = |list: &[findings::KeyPerson]| list.first().map(|p| p.id.clone());
    let recommendations = recommended.as_ref().map(|r| RecommendationsOut {
        json: report::recommendations_value(&prov, &graph, &r.recs, &r.effect),
        text: recommendations_summary(&graph, &r.recs),
        timings: fmt_owned(&r.recs.timings),
    });
    let top_broker = top(&analysis.findings.top_brokers);
    let top_single_point_of_failure = top(&analysis.findings.single_points_of_failure);
    let summary = analysis.summary.clone();
    let analysis_timings = analysis.timings.clone();
    drop(recommended);
    drop(analysis);
    drop(graph);
    // The report reads the tables and charts back from the staging folder, so it says exactly
    // what the published files say.
    crate::narrative::write(out.staging(), cfg.chart.format.extension())?;
    written.extend(crate::narrative::REPORT_FILES);
    lap("report", &mut stages);
    out.commit()?;
    Ok(Analyzed {
        out: cfg.out.clone(),
        files: written.iter().map(|s| s.to_string()).collect(),
        top_broker,
        top_single_point_of_failure,
        summary,
        summary_json: summary_value,
        provenance: prov,
        privacy,
        stages,
        read_timings,
        analysis_timings,
        recommendations,
    })
}

/// summary.json bytes: pretty-printed, with a trailing newline (as [`report::summary_json`]).
fn summary_bytes(v: &serde_json::Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).expect("JSON serialises");
    out.push(b'\n');
    out
}

/// `analyze`'s stderr: stage names on a spinner (terminal only), notes as lines.
struct Console<'a> {
    progress: &'a Progress,
    task: crate::progress::Task,
}

impl Observer for Console<'_> {
    fn stage(&self, name: &str) {
        self.task.stage(name);
    }
    fn note(&self, text: String) {
        self.progress.line(&format!("grapevine: {text}"));
    }
}

/// Reads the network of `input` (importing a survey export first when asked). The reading
/// warnings stay in `Dataset::warnings` (privacy may still rewrite the ids they quote).
fn read(input: &InputConfig) -> Result<Dataset> {
    let dataset = match &input.survey {
        Some(opts) => {
            let imported = crate::import::import(opts)?;
            Dataset::from_imported(imported, &input.relation, &input.group, &input.edges)?
        }
        None => Dataset::load(
            &input.edges,
            input.nodes.as_deref(),
            &input.group,
            &input.relation,
            &input.ingest,
        )?,
    };
    Ok(dataset)
}

/// Passes the reading warnings on to `obs`.
fn note_warnings(dataset: &Dataset, obs: &dyn Observer) {
    for w in &dataset.warnings {
        obs.note(format!("warning: {w}"));
    }
}

/// Where the analysed data came from, for captions, summary.json and the report.
fn provenance(input: &InputConfig, dataset: &Dataset, group_word: &str) -> Provenance {
    Provenance {
        dataset: input.title.clone(),
        relation: dataset.relation.clone(),
        group: dataset.group_attribute.clone(),
        analysed_on: analysis_date(),
        group_word: group_word.to_string(),
    }
}

/// Recommendations with their measured effect.
struct Recommended {
    recs: Recommendations,
    after_pairs: Vec<PairRow>,
    effect: Vec<EffectRow>,
}

impl Recommended {
    /// The files that hold the recommendations (name, bytes), in the order written.
    fn files(&self, g: &Graph, prov: &Provenance) -> Vec<(&'static str, Vec<u8>)> {
        vec![
            (
                "introductions.csv",
                report::introductions_csv(g, &self.recs),
            ),
            (
                "introductions_effect.csv",
                report::introductions_effect_csv(g, &self.effect),
            ),
            (
                "pairs_after.csv",
                report::pairs_rows_csv(g, &self.after_pairs),
            ),
            (
                "recommendations.json",
                report::recommendations_json(prov, g, &self.recs, &self.effect),
            ),
        ]
    }
}

/// Recommends introductions for `g` and measures their effect: pairs.csv recomputed by the
/// analysis on the network with the new ties (`before` is the table of `g`).
fn introductions(
    g: &Graph,
    intro: &IntroConfig,
    before: &[PairRow],
    analysis: &crate::analysis::AnalysisOptions,
    group_word: &str,
    obs: &dyn Observer,
) -> Result<Recommended> {
    let group_index = |name: &str| {
        g.group_names()
            .iter()
            .position(|n| n == name)
            .map(|i| i as u32)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--between: no group `{name}` in the data; the groups are: {}",
                    g.group_names().join(", ")
                ))
            })
    };
    let between = match &intro.between {
        Some((a, b)) => Some((group_index(a)?, group_index(b)?)),
        None => None,
    };
    let opts = RecommendOptions {
        k: intro.k,
        objective: intro.objective,
        between,
        max_distance: intro.max_distance,
        max_degree: intro.max_degree,
    };
    let recs = crate::analysis::recommend::recommend(g, &opts, group_word)?;
    if let Some(why) = &recs.stopped {
        obs.note(format!(
            "note: {} of {} introductions recommended: {why}",
            recs.introductions.len(),
            recs.requested
        ));
    }
    let after_graph = g.with_reciprocal_ties(&recs.ties());
    let after_pairs = crate::analysis::partnerships(&after_graph, analysis);
    let effect = crate::analysis::recommend::effect(&recs, before, &after_pairs);
    Ok(Recommended {
        recs,
        after_pairs,
        effect,
    })
}

/// The recommendations in a few lines for the terminal.
fn recommendations_summary(g: &Graph, r: &Recommendations) -> String {
    let id = |v: u32| g.ids()[v as usize].as_str();
    let group = |k: u32| g.group_names()[k as usize].as_str();
    let mut text = format!(
        "{} recommended introduction{} ({} objective, {} candidates within {} steps, at most {} \
         contacts each){}",
        r.introductions.len(),
        if r.introductions.len() == 1 { "" } else { "s" },
        r.objective.name(),
        r.candidates,
        r.max_distance,
        r.degree_cap,
        match (&r.stopped, r.introductions.is_empty()) {
            (Some(why), true) => format!(": {why}."),
            _ => ":".to_string(),
        }
    );
    for i in &r.introductions {
        text += &format!(
            "\n  {}. {} ({}) – {} ({}): {}",
            i.rank,
            id(i.a),
            group(i.group_a),
            id(i.b),
            group(i.group_b),
            i.reason
        );
    }
    text
}

/// Runs `recommend`: reads the network, recommends introductions and writes them with their
/// measured effect (introductions.csv, introductions_effect.csv, pairs.csv, pairs_after.csv,
/// recommendations.json) into an atomically written output folder.
pub fn recommend(cfg: &RecommendConfig) -> Result<()> {
    let mut inputs = vec![cfg.input.edges.as_path()];
    if let Some(n) = &cfg.input.nodes {
        inputs.push(n.as_path());
    }
    if let Some(r) = &cfg.input.survey {
        inputs.push(r.roster.as_path());
    }
    OutputDir::check(&cfg.out, cfg.force, &inputs)?;
    let start = std::time::Instant::now();
    let progress = Progress::for_stderr();
    let console = Console {
        progress: &progress,
        task: progress.task(&cfg.input.dataset),
    };
    console.stage("reading");
    let mut dataset = read(&cfg.input)?;
    // As in `analyze`: pseudonyms and merged groups before the graph exists, so no output,
    // reason or warning sees a roster id or a small group.
    let privacy = crate::privacy::apply(&mut dataset, &cfg.privacy)?;
    note_warnings(&dataset, &console);
    for n in privacy.notes() {
        console.note(format!("note: {n}"));
    }
    let prov = provenance(&cfg.input, &dataset, &cfg.group_word);
    let graph = dataset.into_graph();
    let read_time = start.elapsed().as_secs_f64();
    let options = crate::analysis::AnalysisOptions {
        flow: cfg.input.flow,
        ..Default::default()
    };
    let clock = std::time::Instant::now();
    let before = crate::analysis::partnerships(&graph, &options);
    let pairs_time = clock.elapsed().as_secs_f64();
    console.stage("recommending introductions");
    let r = introductions(
        &graph,
        &cfg.intro,
        &before,
        &options,
        &cfg.group_word,
        &console,
    )?;
    drop(console);
    let out = OutputDir::begin(&cfg.out, cfg.force, &inputs)?;
    let mut written = Vec::new();
    let privacy_value = cfg.privacy.is_active().then(|| privacy.summary());
    for (name, bytes) in r.files(&graph, &prov) {
        // recommendations.json says what privacy protection was applied, as summary.json does
        // for `analyze`.
        let bytes = match (&privacy_value, name) {
            (Some(p), "recommendations.json") => {
                let mut v = report::recommendations_value(&prov, &graph, &r.recs, &r.effect);
                if let serde_json::Value::Object(m) = &mut v {
                    m.insert("privacy".into(), p.clone());
                }
                summary_bytes(&v)
            }
            _ => bytes,
        };
        out.write(name, &bytes)?;
        written.push(name);
    }
    out.write("pairs.csv", &report::pairs_rows_csv(&graph, &before))?;
    written.push("pairs.csv");
    out.commit()?;
    if cfg.timings {
        eprintln!(
            "grapevine: timings: read and graph {read_time:.2} s, pairs.csv {pairs_time:.2} s, \
             {}, total {:.2} s",
            fmt_owned(&r.recs.timings),
            start.elapsed().as_secs_f64()
        );
        if let Some(peak) = peak_memory() {
            eprintln!("grapevine: peak memory {peak}");
        }
    }
    let json = cfg.json.then(|| {
        let mut v = report::recommendations_value(&prov, &graph, &r.recs, &r.effect);
        if let (serde_json::Value::Object(m), Some(p)) = (&mut v, &privacy_value) {
            m.insert("privacy".into(), p.clone());
        }
        v
    });
    print_outcome(
        json,
        &recommendations_summary(&graph, &r.recs),
        &cfg.out,
        &written,
    )
}

/// What a command prints on stdout when it is done: with `--json`, `json` with the output
/// folder and the files written added; else `text` and the list of files. A closed pipe
/// (`| head`) is not an error.
pub(crate) fn print_outcome<S: AsRef<str> + serde::Serialize>(
    json: Option<serde_json::Value>,
    text: &str,
    out: &std::path::Path,
    written: &[S],
) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let result = match json {
        Some(mut v) => {
            if let serde_json::Value::Object(m) = &mut v {
                m.insert(
                    "output_dir".into(),
                    serde_json::json!(out.display().to_string()),
                );
                m.insert("files".into(), serde_json::json!(written));
            }
            writeln!(stdout, "{v}")
        }
        None => writeln!(
            stdout,
            "{text}\nResults in {}/: {}",
            out.display(),
            written
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<&str>>()
                .join(", ")
        ),
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

/// "name 1.23 s, ..." for owned step names.
fn fmt_owned(v: &[(String, f64)]) -> String {
    v.iter()
        .map(|(n, s)| format!("{n} {s:.2} s"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn human_summary(
    prov: &Provenance,
    s: &crate::analysis::Summary,
    out: &std::path::Path,
    files: &[String],
) -> String {
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
        None => (
            "in_degree".to_string(),
            pick("in_degree").unwrap_or_default(),
        ),
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
        introductions: Vec::new(),
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
    let mut names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
        .collect();
    // The report embeds the charts: rebuild it from the new folder's files.
    crate::narrative::write(out.staging(), opts.format.extension())?;
    names.extend(crate::narrative::REPORT_FILES.map(String::from));
    out.commit()?;
    println!("Redrew {} in {}/", names.join(", "), a.dir.display());
    Ok(())
}

/// Peak resident memory of this process (Linux `VmHWM`), when the system tells it.
fn peak_memory() -> Option<String> {
    peak_kib().map(mib)
}

/// Peak resident memory of this process in KiB since it started (Linux `VmHWM`).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// One stage of a run as `--timings` prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// read, graph, analysis, recommend, tables, charts or report.
    pub name: &'static str,
    /// Wall-clock seconds.
    pub wall: f64,
    /// CPU seconds of all the process's threads, when the system tells them.
    pub cpu: Option<f64>,
    /// The process's peak resident memory (KiB) from its start to the end of this stage, where
    /// the system tells it (Linux). A stage that raised it holds the run's peak so far; it is
    /// never reset, so `/usr/bin/time -v` still sees the whole run's peak.
    pub peak_kib: Option<u64>,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {:.2} s", self.name, self.wall)?;
        let mut extra = Vec::new();
        if let Some(c) = self.cpu {
            extra.push(format!("CPU {c:.2} s"));
        }
        if let Some(kib) = self.peak_kib {
            extra.push(format!("peak so far {}", mib(kib)));
        }
        if !extra.is_empty() {
            write!(f, " ({})", extra.join(", "))?;
        }
        Ok(())
    }
}

/// Times the stages of a run one after the other: wall and CPU time, and the peak memory so far.
struct StageClock {
    wall: std::time::Instant,
    cpu: Option<cpu_time::ProcessTime>,
    /// The largest peak read so far: Linux's count can dip by a few pages between two reads
    /// (its per-thread counters are summed lazily), and a peak so far never falls.
    peak_kib: Option<u64>,
}

impl StageClock {
    fn start() -> StageClock {
        StageClock {
            wall: std::time::Instant::now(),
            cpu: cpu_time::ProcessTime::try_now().ok(),
            peak_kib: None,
        }
    }

    /// Ends the stage `name` and starts the next.
    fn lap(&mut self, name: &'static str) -> Stage {
        let cpu_now = cpu_time::ProcessTime::try_now().ok();
        let stage = Stage {
            name,
            wall: self.wall.elapsed().as_secs_f64(),
            cpu: self
                .cpu
                .zip(cpu_now)
                .map(|(a, b)| b.duration_since(a).as_secs_f64()),
            peak_kib: peak_kib().map(|now| self.peak_kib.map_or(now, |p| p.max(now))),
        };
        self.peak_kib = stage.peak_kib;
        self.wall = std::time::Instant::now();
        self.cpu = cpu_now;
        stage
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_prints_wall_then_what_is_known() {
        let mut s = Stage {
            name: "read",
            wall: 1.234,
            cpu: Some(2.0),
            peak_kib: Some(3 * 1024 + 100),
        };
        assert_eq!(s.to_string(), "read 1.23 s (CPU 2.00 s, peak so far 3 MiB)");
        s.peak_kib = None;
        assert_eq!(s.to_string(), "read 1.23 s (CPU 2.00 s)");
        s.cpu = None;
        assert_eq!(s.to_string(), "read 1.23 s");
    }

    #[test]
    fn the_peak_so_far_counts_what_a_stage_touched_on_linux() {
        let Some(before) = peak_kib() else {
            return; // not Linux: no peak to check
        };
        // Other tests share this process, so only lower bounds hold.
        let mut clock = StageClock::start();
        let big: Vec<u8> = vec![1; 64 << 20];
        std::hint::black_box(&big);
        let peak = clock.lap("allocating").peak_kib.expect("a peak on Linux");
        assert!(
            peak >= 64 * 1024 && peak >= before,
            "{before} then {peak} KiB"
        );
        drop(big);
        let next = clock.lap("after").peak_kib.expect("a peak on Linux");
        assert!(
            next >= peak,
            "the peak so far never falls: {peak} then {next} KiB"
        );
    }
}
