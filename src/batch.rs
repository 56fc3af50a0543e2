//! `grapevine batch MANIFEST.toml`: many analyses in one run, in parallel, each into its own
//! folder, plus batch_summary.csv.
//!
//! ```text
//!  MANIFEST.toml ─parse (spans)─▶ [defaults] + [[run]] ─expand lists─▶ runs (names, lines)
//!      ─AnalyzeConfig::from_args each (all checked before any work)─▶ planned runs
//!      ─rayon par_iter─▶ app::analyze_run into OUT/NAME/ ─▶ batch_summary.csv, one stderr line
//!        per run; OUT written atomically as a whole
//! ```
//!
//! Every run is exactly an `analyze` run: the same work function ([`crate::app::analyze_run`])
//! with the same settings resolution ([`crate::config::AnalyzeConfig::from_args`]), so a run's
//! folder is byte-identical to what `grapevine analyze` writes with the same options. Runs go
//! in parallel across the rayon pool and each analysis is parallel inside; every kernel reduces
//! in a fixed order, so nesting does not change a byte.
//!
//! The manifest format is documented in `grapevine batch --help` and the README.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use crate::app::{self, Analyzed};
use crate::cli::{AnalyzeArgs, BatchArgs};
use crate::config::AnalyzeConfig;
use crate::error::{Error, Result};
use crate::output::OutputDir;
use crate::privacy::{KeySource, Secret};
use crate::progress::{Observer, Progress, Task};

/// Name of the batch summary table.
pub const SUMMARY: &str = "batch_summary.csv";

/// The columns of batch_summary.csv, in order.
pub const COLUMNS: [&str; 22] = [
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
    "notes",
];

/// A string, or a list of strings (`relation = "advice"`, `relations = ["advice", "trust"]`).
#[derive(Debug, Clone, PartialEq)]
struct OneOrMany(Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<OneOrMany, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element::<String>()? {
                    v.push(x);
                }
                if v.is_empty() {
                    return Err(de::Error::custom(
                        "the list is empty; give at least one value",
                    ));
                }
                Ok(OneOrMany(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// One `[[run]]` table, or `[defaults]`: every key optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunSpec {
    name: Option<String>,
    title: Option<String>,
    #[serde(alias = "datasets")]
    dataset: Option<OneOrMany>,
    edges: Option<String>,
    nodes: Option<String>,
    roster: Option<String>,
    scale: Option<String>,
    min_weight: Option<f64>,
    #[serde(alias = "relations")]
    relation: Option<OneOrMany>,
    #[serde(alias = "groups")]
    group: Option<OneOrMany>,
    flow: Option<String>,
    metrics: Option<Vec<String>>,
    seed: Option<u64>,
    permutations: Option<usize>,
    betweenness: Option<String>,
    paths: Option<String>,
    epsilon: Option<f64>,
    delta: Option<f64>,
    charts: Option<bool>,
    chart_size: Option<String>,
    chart_format: Option<String>,
    size_by: Option<String>,
    group_word: Option<String>,
    export: Option<Vec<String>>,
    strict: Option<bool>,
    source_col: Option<String>,
    target_col: Option<String>,
    weight_col: Option<String>,
    relation_col: Option<String>,
    anonymize: Option<bool>,
    min_group_size: Option<usize>,
    path_weights: Option<String>,
    recommend: Option<usize>,
    between: Option<OneOrMany>,
    objective: Option<String>,
    max_distance: Option<u32>,
    max_degree: Option<usize>,
}

/// The keys of a run table (for suggestions).
const KEYS: &[&str] = &[
    "name",
    "title",
    "dataset",
    "datasets",
    "edges",
    "nodes",
    "roster",
    "scale",
    "min_weight",
    "relation",
    "relations",
    "group",
    "groups",
    "flow",
    "metrics",
    "seed",
    "permutations",
    "betweenness",
    "paths",
    "epsilon",
    "delta",
    "charts",
    "chart_size",
    "chart_format",
    "size_by",
    "group_word",
    "export",
    "strict",
    "source_col",
    "target_col",
    "weight_col",
    "relation_col",
    "anonymize",
    "min_group_size",
    "path_weights",
    "recommend",
    "between",
    "objective",
    "max_distance",
    "max_degree",
    "defaults",
    "run",
];

/// Options of the batch command itself, which a manifest cannot set.
const BATCH_FLAGS: &[&str] = &[
    "verbose",
    "threads",
    "out",
    "force",
    "anonymize_key",
    "dry_run",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    defaults: Option<toml::Spanned<RunSpec>>,
    #[serde(default)]
    run: Vec<toml::Spanned<RunSpec>>,
}

/// One analysis of a batch, checked and ready to run.
#[derive(Debug, Clone)]
pub struct PlannedRun {
    /// Folder name inside the batch folder, unique.
    pub name: String,
    /// Line of its `[[run]]` table in the manifest.
    pub line: usize,
    /// The settings, as `analyze` would resolve them (`out` is `OUT/NAME`).
    pub config: AnalyzeConfig,
}

/// A manifest, expanded into runs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The manifest file.
    pub manifest: PathBuf,
    /// The batch output folder.
    pub out: PathBuf,
    /// The runs, in manifest order (lists expanded dataset-major, then relation, then group).
    pub runs: Vec<PlannedRun>,
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn manifest_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    let at = e.span().map(|s| line_col(text, s.start));
    let msg = e.message().trim();
    let msg = match msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split_once('`'))
    {
        Some((key, _)) if BATCH_FLAGS.contains(&key) => format!(
            "unknown key `{key}`: it is an option of the batch command, not of a run; pass \
             --{} to `grapevine batch`",
            key.replace('_', "-")
        ),
        Some((key, _)) => {
            let best = KEYS
                .iter()
                .map(|k| (strsim::jaro_winkler(k, key), *k))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((score, k)) if score > 0.8 => {
                    format!("unknown key `{key}`; did you mean `{k}`?")
                }
                _ => {
                    format!("unknown key `{key}`; the keys are listed in `grapevine batch --help`")
                }
            }
        }
        None => msg.replace('\n', "; "),
    };
    match at {
        Some((line, col)) => Error::Usage(format!("{}:{line}:{col}: {msg}", path.display())),
        None => Error::Usage(format!("{}: {msg}", path.display())),
    }
}

/// The default batch folder: beside the manifest, named after it (`jobs.toml` → `jobs/`).
pub fn default_out(manifest: &Path) -> PathBuf {
    let stem = manifest
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "batch".into());
    let out = manifest.with_file_name(&stem);
    if out == manifest {
        manifest.with_file_name(format!("{stem}_out"))
    } else {
        out
    }
}

/// Reads and checks a manifest: every run expanded and resolved as `analyze` would, nothing run.
pub fn plan(manifest: &Path, out: &Path, force_anonymize: bool) -> Result<Plan> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| Error::io(manifest, "cannot read", e))?;
    let file: ManifestFile =
        toml::from_str(&text).map_err(|e| manifest_error(manifest, &text, &e))?;
    let at = |offset: usize| line_col(&text, offset).0;
    let here =
        |line: usize, msg: String| Error::Usage(format!("{}:{line}: {msg}", manifest.display()));
    let (defaults, defaults_line) = match &file.defaults {
        Some(d) => (d.get_ref().clone(), at(d.span().start)),
        None => (RunSpec::default(), 0),
    };
    if defaults.name.is_some() {
        return Err(here(
            defaults_line,
            "[defaults] cannot set `name`: give each [[run]] its own name".into(),
        ));
    }
    if file.run.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no runs; add a [[run]] table with dataset = \"NAME\" or edges = \"FILE\" \
             (see `grapevine batch --help`)",
            manifest.display()
        )));
    }
    let dir = match manifest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut runs: Vec<PlannedRun> = Vec::new();
    for (k, spanned) in file.run.iter().enumerate() {
        let line = at(spanned.span().start);
        let spec = merge(&defaults, spanned.get_ref());
        let which = |name: &str| format!("[[run]] {} (`{name}`)", k + 1);
        for (name, args, title) in expand(&spec, &dir, force_anonymize)
            .map_err(|m| here(line, format!("[[run]] {}: {m}", k + 1)))?
        {
            check_name(&name).map_err(|m| here(line, format!("{}: {m}", which(&name))))?;
            if let Some(first) = runs.iter().find(|r| r.name == name) {
                return Err(here(
                    line,
                    format!(
                        "{}: the run name is already used by the run on line {}; \
                         give one of them another name = \"...\"",
                        which(&name),
                        first.line
                    ),
                ));
            }
            let mut args = args;
            args.out = Some(out.join(&name));
            let mut config = AnalyzeConfig::from_args(args)
                .map_err(|e| here(line, format!("{}: {e}", which(&name))))?;
            if let Some(t) = title {
                config.input.title = t;
            }
            runs.push(PlannedRun { name, line, config });
        }
    }
    Ok(Plan {
        manifest: manifest.to_path_buf(),
        out: out.to_path_buf(),
        runs,
    })
}

/// A run's keys over the defaults'. The data source (dataset or edges) is taken whole from
/// the run when it names one, so a run can switch from the defaults' dataset to its own files.
fn merge(d: &RunSpec, r: &RunSpec) -> RunSpec {
    let own_source = r.dataset.is_some() || r.edges.is_some();
    macro_rules! pick {
        ($($f:ident),*) => { RunSpec { $($f: r.$f.clone().or_else(|| d.$f.clone()),)* ..RunSpec::default() } };
    }
    let mut m = pick!(
        name,
        title,
        nodes,
        roster,
        scale,
        min_weight,
        relation,
        group,
        flow,
        metrics,
        seed,
        permutations,
        betweenness,
        paths,
        epsilon,
        delta,
        charts,
        chart_size,
        chart_format,
        size_by,
        group_word,
        export,
        strict,
        source_col,
        target_col,
        weight_col,
        relation_col,
        anonymize,
        min_group_size,
        path_weights,
        recommend,
        between,
        objective,
        max_distance,
        max_degree
    );
    let src = if own_source { r } else { d };
    m.dataset = src.dataset.clone();
    m.edges = src.edges.clone();
    m
}

fn parse_enum<T: clap::ValueEnum>(key: &str, value: &str) -> std::result::Result<T, String> {
    T::from_str(value, true).map_err(|_| {
        let choices: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| {
                v.to_possible_value()
                    .map(|p| format!("\"{}\"", p.get_name()))
            })
            .collect();
        format!("{key} = \"{value}\": use one of {}", choices.join(", "))
    })
}

/// Folder-name safe: letters, digits, `.`, `_` and `-`; anything else becomes `_`.
fn slug(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn check_name(name: &str) -> std::result::Result<(), String> {
    if name.is_empty() || name.starts_with('.') || name == SUMMARY {
        return Err(format!(
            "`{name}` cannot be a run name; use letters, digits, _ and - (not starting with .)"
        ));
    }
    if name.contains(['/', '\\']) {
        return Err("a run name is a folder name: no / or \\".into());
    }
    Ok(())
}

/// The runs one table expands to: (name, analyze arguments, title).
fn expand(
    spec: &RunSpec,
    dir: &Path,
    force_anonymize: bool,
) -> std::result::Result<Vec<(String, AnalyzeArgs, Option<String>)>, String> {
    let resolve = |p: &str| {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            dir.join(p)
        }
    };
    let datasets: Vec<Option<String>> = match (&spec.dataset, &spec.edges) {
        (Some(_), Some(_)) => {
            return Err("give either dataset (bundled) or edges (a file), not both".into())
        }
        (None, None) => {
            return Err("no data: give dataset = \"NAME\" (bundled) or edges = \"FILE\"".into())
        }
        (Some(d), None) => {
            if spec.nodes.is_some() || spec.roster.is_some() {
                return Err(
                    "a bundled dataset has its own roster: drop nodes / roster, or use edges"
                        .into(),
                );
            }
            d.0.iter().cloned().map(Some).collect()
        }
        (None, Some(_)) => vec![None],
    };
    if spec.nodes.is_some() && spec.roster.is_some() {
        return Err(
            "give nodes (a roster for an edge list) or roster (for a survey export), not both"
                .into(),
        );
    }
    if spec.roster.is_none() && (spec.scale.is_some() || spec.min_weight.is_some()) {
        return Err("scale and min_weight apply to a survey export: add roster = \"FILE\"".into());
    }
    let relations: Vec<Option<String>> = match &spec.relation {
        Some(r) => r.0.iter().cloned().map(Some).collect(),
        None => vec![None],
    };
    let groups: Vec<Option<String>> = match &spec.group {
        Some(g) => g.0.iter().cloned().map(Some).collect(),
        None => vec![None],
    };
    let mut out = Vec::new();
    for d in &datasets {
        for r in &relations {
            for g in &groups {
                let mut parts: Vec<String> = Vec::new();
                match (&spec.name, d) {
                    (Some(n), _) => {
                        parts.push(n.clone());
                        if datasets.len() > 1 {
                            parts.extend(d.clone());
                        }
                    }
                    (None, Some(d)) => parts.push(d.clone()),
                    (None, None) => parts.push(crate::ingest::dataset_name(&resolve(
                        spec.edges.as_deref().expect("edges or dataset"),
                    ))),
                }
                if relations.len() > 1 {
                    parts.extend(r.clone());
                }
                if groups.len() > 1 {
                    parts.extend(g.clone());
                }
                let name = parts.iter().map(|p| slug(p)).collect::<Vec<_>>().join("-");
                let mut a = base_args(spec, &resolve, force_anonymize)?;
                a.input.dataset = d.clone();
                a.input.relation = r.clone();
                a.input.group = g.clone();
                out.push((name, a, spec.title.clone()));
            }
        }
    }
    Ok(out)
}

/// The `analyze` arguments a run table sets, before its lists are expanded.
fn base_args(
    spec: &RunSpec,
    resolve: &dyn Fn(&str) -> PathBuf,
    force_anonymize: bool,
) -> std::result::Result<AnalyzeArgs, String> {
    let mut base = AnalyzeArgs::defaults();
    base.input.edges = spec.edges.as_deref().map(resolve);
    base.input.nodes = spec.nodes.as_deref().map(resolve);
    base.input.roster = spec.roster.as_deref().map(resolve);
    base.input.scale = spec.scale.clone();
    base.input.min_weight = spec.min_weight;
    if let Some(f) = &spec.flow {
        base.input.flow = Some(parse_enum("flow", f)?);
    }
    base.metrics = spec.metrics.clone();
    if let Some(s) = spec.seed {
        base.seed = s;
    }
    if let Some(p) = spec.permutations {
        base.permutations = p;
    }
    if let Some(b) = &spec.betweenness {
        base.betweenness = parse_enum("betweenness", b)?;
    }
    if let Some(p) = &spec.paths {
        base.paths = parse_enum("paths", p)?;
    }
    base.epsilon = spec.epsilon;
    if let Some(d) = spec.delta {
        base.delta = d;
    }
    base.no_charts = !spec.charts.unwrap_or(true);
    if let Some(s) = &spec.chart_size {
        base.chart_size = s.clone();
    }
    if let Some(f) = &spec.chart_format {
        base.chart_format = parse_enum("chart_format", f)?;
    }
    base.size_by = spec.size_by.clone();
    base.group_word = spec.group_word.clone();
    if let Some(list) = &spec.export {
        base.export = list
            .iter()
            .map(|f| parse_enum("export", f))
            .collect::<std::result::Result<_, _>>()?;
    }
    base.input.strict = spec.strict.unwrap_or(false);
    base.input.source_col = spec.source_col.clone();
    base.input.target_col = spec.target_col.clone();
    base.input.weight_col = spec.weight_col.clone();
    base.input.relation_col = spec.relation_col.clone();
    base.privacy.anonymize = force_anonymize || spec.anonymize.unwrap_or(false);
    base.privacy.min_group_size = spec.min_group_size;
    if let Some(p) = &spec.path_weights {
        base.path_weights = parse_enum("path_weights", p)?;
    }
    base.recommend = spec.recommend;
    if spec.recommend.is_none()
        && (spec.between.is_some()
            || spec.objective.is_some()
            || spec.max_distance.is_some()
            || spec.max_degree.is_some())
    {
        return Err(
            "between, objective, max_distance and max_degree choose introductions: add \
             recommend = K"
                .into(),
        );
    }
    // `between = ["Bank", "City"]`, or `between = "Bank,City"` as on the command line.
    base.intro.between = spec.between.as_ref().map(|b| b.0.join(","));
    if let Some(o) = &spec.objective {
        base.intro.objective = Some(parse_enum("objective", o)?);
    }
    base.intro.max_distance = spec.max_distance;
    base.intro.max_degree = spec.max_degree;

    Ok(base)
}

/// The input files of a run (never inside an output folder).
fn inputs(c: &AnalyzeConfig) -> Vec<&Path> {
    let mut v = vec![c.input.edges.as_path()];
    v.extend(c.input.nodes.as_deref());
    v.extend(c.input.survey.as_ref().map(|s| s.roster.as_path()));
    v
}

/// One run's stderr: its spinner, and the notes kept for batch_summary.csv.
struct RunObserver {
    task: Task,
    notes: Mutex<Vec<String>>,
}

impl Observer for RunObserver {
    fn stage(&self, name: &str) {
        self.task.stage(name);
    }
    fn note(&self, text: String) {
        self.notes.lock().expect("notes lock").push(text);
    }
}

/// How one run ended.
struct Outcome {
    result: std::result::Result<Analyzed, Error>,
    notes: Vec<String>,
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Runs `grapevine batch`. With `verbose` (`--verbose`), a failed run's line is followed by
/// the error's detail, as `analyze --verbose` prints it.
pub fn run(a: &BatchArgs, verbose: bool) -> Result<()> {
    if a.threads == Some(0) {
        return Err(Error::Usage(
            "--threads 0: give at least 1 (or leave it out to use all cores)".into(),
        ));
    }
    if a.anonymize_key
        .as_deref()
        .is_some_and(|k| k.trim().is_empty())
    {
        return Err(Error::Usage(
            "--anonymize-key: the key is empty; give a secret, or leave the flag out to use \
             the key file beside the output folder"
                .into(),
        ));
    }
    let out = a.out.clone().unwrap_or_else(|| default_out(&a.manifest));
    let plan = plan(&a.manifest, &out, a.anonymize)?;
    if a.dry_run {
        let mut text = format!(
            "{} runs from {} (into {}/):",
            plan.runs.len(),
            plan.manifest.display(),
            out.display()
        );
        for r in &plan.runs {
            let c = &r.config;
            text += &format!(
                "\n  {} (line {}): {}, relation {}, grouped by {}{}",
                r.name,
                r.line,
                c.input.edges.display(),
                relation_label(&c.input.relation),
                c.input.group,
                if c.privacy.anonymize.is_some() {
                    ", anonymized"
                } else {
                    ""
                }
            );
        }
        println!("{text}");
        return Ok(());
    }
    let mut all_inputs: Vec<&Path> = vec![plan.manifest.as_path()];
    for r in &plan.runs {
        all_inputs.extend(inputs(&r.config));
    }
    OutputDir::check(&out, a.force, &all_inputs)?;
    let secret = if plan
        .runs
        .iter()
        .any(|r| r.config.privacy.anonymize.is_some())
    {
        Some(match &a.anonymize_key {
            Some(k) => Secret::new(k.clone()),
            None => {
                let path = crate::privacy::key_path_for(&out);
                let (secret, created) = crate::privacy::read_or_create_secret(&path)?;
                if created {
                    eprintln!(
                        "grapevine: note: new pseudonym key in {}: keep it private and keep it, \
                         so later runs give the same pseudonyms (it is not in the output folder)",
                        path.display()
                    );
                }
                secret
            }
        })
    } else {
        None
    };
    let dir = OutputDir::begin(&out, a.force, &all_inputs)?;
    let mut runs = plan.runs;
    for r in &mut runs {
        r.config.out = dir.staging().join(&r.name);
        r.config.force = false;
        r.config.json = false;
        r.config.timings = false;
        if r.config.privacy.anonymize.is_some() {
            let s = secret.clone().expect("a key when a run is anonymized");
            r.config.privacy.anonymize = Some(KeySource::Given(s));
        }
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        // Work stealing may run a whole analysis on a thread that waits inside another one.
        .stack_size(64 << 20)
        .build()
        .map_err(|e| Error::Usage(format!("--threads: cannot start the worker pool: {e}")))?;
    let progress = Progress::for_stderr();
    let counter = progress.counter(runs.len() as u64, "runs");
    let finished = AtomicUsize::new(0);
    let total = runs.len();
    let outcomes: Vec<Outcome> = pool.install(|| {
        runs.par_iter()
            .map(|r| {
                let start = std::time::Instant::now();
                let obs = RunObserver {
                    task: progress.task(&r.name),
                    notes: Mutex::new(Vec::new()),
                };
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    app::analyze_run(&r.config, &obs)
                }))
                .unwrap_or_else(|p| {
                    Err(Error::Usage(format!(
                        "internal error (please report it): {}",
                        panic_message(p.as_ref())
                    )))
                });
                let RunObserver { task, notes } = obs;
                drop(task);
                let notes = notes.into_inner().expect("notes lock");
                let k = finished.fetch_add(1, Ordering::SeqCst) + 1;
                counter.inc(1);
                let mut line = run_line(k, total, &r.name, &result, notes.len(), start.elapsed());
                if let (true, Err(e)) = (verbose, &result) {
                    for d in e.details() {
                        line += &format!("\ngrapevine:   {d}");
                    }
                }
                progress.line(&line);
                Outcome { result, notes }
            })
            .collect()
    });
    counter.finish_and_clear();
    drop(progress);

    let summary = summary_csv(&runs, &outcomes);
    dir.write(SUMMARY, &summary)?;
    dir.commit()?;
    let failed: Vec<&str> = runs
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| o.result.is_err())
        .map(|(r, _)| r.name.as_str())
        .collect();
    println!(
        "{} runs: {} ok, {} failed. Results in {}/: {SUMMARY} and one folder per run",
        total,
        total - failed.len(),
        failed.len(),
        out.display()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::RunsFailed {
            failed: failed.len(),
            total,
            names: failed.join(", "),
            summary: out.join(SUMMARY),
        })
    }
}

fn relation_label(r: &crate::ingest::RelationChoice) -> String {
    match r {
        crate::ingest::RelationChoice::Only => "(the only one)".into(),
        crate::ingest::RelationChoice::Named(n) => n.clone(),
        crate::ingest::RelationChoice::All => "all".into(),
    }
}

/// The one stderr line of a finished run.
fn run_line(
    k: usize,
    total: usize,
    name: &str,
    result: &std::result::Result<Analyzed, Error>,
    notes: usize,
    took: std::time::Duration,
) -> String {
    let secs = took.as_secs_f64();
    match result {
        Ok(d) => {
            let s = &d.summary;
            let ei = match (s.ei_index, s.ei_expected) {
                (Some(e), Some(x)) => format!(", E–I {e:.2} (expected {x:.2})"),
                _ => String::new(),
            };
            let notes = match notes {
                0 => String::new(),
                n => format!(", {n} note(s) in {SUMMARY}"),
            };
            format!(
                "grapevine: batch [{k}/{total}] {name}: ok, {} people, {} ties, {} groups{ei}{notes} ({secs:.1} s)",
                s.people, s.ties, s.groups
            )
        }
        Err(e) => format!("grapevine: batch [{k}/{total}] {name}: failed: {e} ({secs:.1} s)"),
    }
}

fn num(x: Option<f64>) -> String {
    match x {
        Some(x) if x.is_finite() => ryu::Buffer::new().format_finite(x + 0.0).to_string(),
        _ => String::new(),
    }
}

/// batch_summary.csv: one row per run, in manifest order (see [`COLUMNS`]).
fn summary_csv(runs: &[PlannedRun], outcomes: &[Outcome]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).expect("writing to memory");
    for (r, o) in runs.iter().zip(outcomes) {
        let c = &r.config;
        let anonymized = c.privacy.anonymize.is_some();
        let flow = match c.analysis.flow {
            crate::analysis::Flow::Along => "along",
            crate::analysis::Flow::Against => "against",
        };
        let notes = o.notes.join(" | ");
        let row: Vec<String> = match &o.result {
            Ok(d) => {
                let s = &d.summary;
                vec![
                    r.name.clone(),
                    "ok".into(),
                    String::new(),
                    s.people.to_string(),
                    s.ties.to_string(),
                    s.groups.to_string(),
                    num(Some(s.density)),
                    num(s.ei_index),
                    num(s.ei_expected),
                    num(s.modularity_groups),
                    d.top_broker.clone().unwrap_or_default(),
                    d.top_single_point_of_failure.clone().unwrap_or_default(),
                    r.name.clone(),
                    c.input.dataset.clone(),
                    d.provenance.relation.clone(),
                    d.provenance.group.clone(),
                    flow.into(),
                    num(s.ei_p_value.flatten()),
                    anonymized.to_string(),
                    d.privacy
                        .min_group_size
                        .map(|k| k.to_string())
                        .unwrap_or_default(),
                    d.privacy
                        .merge
                        .as_ref()
                        .map_or(0, |m| m.small.len() + m.absorbed.len())
                        .to_string(),
                    notes,
                ]
            }
            Err(e) => {
                let message = e.to_string();
                let message = if anonymized {
                    // The message may quote a roster value before pseudonyms exist.
                    crate::privacy::withhold_quoted(&message)
                } else {
                    message
                };
                let mut row = vec![r.name.clone(), "failed".into(), message];
                row.extend(std::iter::repeat_n(String::new(), 10));
                row.extend([
                    c.input.dataset.clone(),
                    match &c.input.relation {
                        crate::ingest::RelationChoice::Only => String::new(),
                        other => relation_label(other),
                    },
                    c.input.group.clone(),
                    flow.into(),
                    String::new(),
                    anonymized.to_string(),
                    String::new(),
                    String::new(),
                    notes,
                ]);
                row
            }
        };
        debug_assert_eq!(row.len(), COLUMNS.len());
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn lists_expand_to_named_runs_with_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let m = write(
            dir.path(),
            "jobs.toml",
            r#"
[defaults]
permutations = 100
charts = false
flow = "against"

[[run]]
dataset = "krackhardt_hightech"
relations = ["advice", "friendship"]

[[run]]
name = "mine"
edges = "data/ties.csv"
nodes = "data/roster.csv"
groups = ["org", "dept"]
flow = "along"
seed = 3
"#,
        );
        let out = default_out(&m);
        assert_eq!(out, dir.path().join("jobs"));
        let p = plan(&m, &out, false).unwrap();
        let names: Vec<&str> = p.runs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "krackhardt_hightech-advice",
                "krackhardt_hightech-friendship",
                "mine-org",
                "mine-dept"
            ]
        );
        let lines: Vec<usize> = p.runs.iter().map(|r| r.line).collect();
        assert_eq!(lines, [7, 7, 11, 11]);
        let k = &p.runs[1].config;
        assert_eq!(
            k.input.relation,
            crate::ingest::RelationChoice::Named("friendship".into())
        );
        assert_eq!(k.analysis.permutations, 100);
        assert_eq!(k.analysis.flow, crate::analysis::Flow::Against);
        assert!(!k.charts);
        assert_eq!(k.out, out.join("krackhardt_hightech-friendship"));
        let mine = &p.runs[3].config;
        assert_eq!(mine.input.edges, dir.path().join("data/ties.csv"));
        assert_eq!(mine.input.nodes, Some(dir.path().join("data/roster.csv")));
        assert_eq!(mine.input.group, "dept");
        assert_eq!(mine.analysis.flow, crate::analysis::Flow::Along);
        assert_eq!(mine.analysis.seed, 3);
    }

    #[test]
    fn path_weights_and_recommendation_keys() {
        use crate::analysis::centrality::PathWeights;
        use crate::analysis::recommend::Objective;
        let dir = tempfile::tempdir().unwrap();
        let m = write(
            dir.path(),
            "jobs.toml",
            r#"
[defaults]
path_weights = "inverse-strength"
max_distance = 4
recommend = 2

[[run]]
dataset = "lazega_lawfirm"
between = ["Boston", "Providence"]
objective = "redundancy"

[[run]]
name = "plain"
dataset = "zachary_karate"
between = "mr_hi,officer"
max_degree = 10
path_weights = "none"
recommend = 5
"#,
        );
        let p = plan(&m, &dir.path().join("o"), false).unwrap();
        let lz = &p.runs[0].config;
        assert_eq!(lz.analysis.path_weights, PathWeights::InverseStrength);
        let intro = lz
            .recommend
            .as_ref()
            .expect("recommend = 2 from the defaults");
        assert_eq!(intro.k, 2);
        assert_eq!(intro.objective, Objective::Redundancy);
        assert_eq!(
            intro.between,
            Some(("Boston".to_string(), "Providence".to_string()))
        );
        assert_eq!((intro.max_distance, intro.max_degree), (4, None));
        let karate = &p.runs[1].config;
        assert_eq!(karate.analysis.path_weights, PathWeights::Hops);
        let intro = karate.recommend.as_ref().unwrap();
        assert_eq!(intro.k, 5);
        assert_eq!(intro.objective, Objective::Reach);
        assert_eq!(
            intro.between,
            Some(("mr_hi".to_string(), "officer".to_string()))
        );
        assert_eq!((intro.max_distance, intro.max_degree), (4, Some(10)));
    }

    #[test]
    fn manifest_errors_name_the_line_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let bad = |text: &str| {
            let m = write(dir.path(), "m.toml", text);
            let e = plan(&m, &dir.path().join("o"), false).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            e.to_string()
        };
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\nrelatoin = \"advice\"\n");
        assert!(
            e.contains("m.toml:3:1: unknown key `relatoin`; did you mean `relation`?"),
            "{e}"
        );
        let e = bad("[default]\nseed = 1\n");
        assert!(e.contains("m.toml:1:") && e.contains("`defaults`"), "{e}");
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\nseed = \"x\"\n");
        assert!(e.contains("m.toml:3:"), "{e}");
        let e = bad("[[run]]\nedges = \"a.csv\"\n\n[[run]]\nedges = \"b/a.csv\"\n");
        assert!(
            e.contains("m.toml:4: [[run]] 2 (`a`)") && e.contains("line 1"),
            "{e}"
        );
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\nflow = \"sideways\"\n");
        assert!(e.contains("\"along\", \"against\""), "{e}");
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\nmetrics = [\"speed\"]\n");
        assert!(
            e.contains("m.toml:1: [[run]] 1 (`lazega_lawfirm`): --metrics"),
            "{e}"
        );
        let e = bad("[[run]]\nseed = 1\n");
        assert!(e.contains("no data"), "{e}");
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\nmax_degree = 3\n");
        assert!(
            e.contains(
                "m.toml:1: [[run]] 1: between, objective, max_distance and max_degree \
                 choose introductions: add recommend = K"
            ),
            "{e}"
        );
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\nrecommend = 0\n");
        assert!(
            e.contains("--recommend 0: ask for at least one introduction"),
            "{e}"
        );
        let e =
            bad("[[run]]\ndataset = \"lazega_lawfirm\"\nrecommend = 1\nobjective = \"speed\"\n");
        assert!(
            e.contains("objective = \"speed\": use one of \"reach\", \"redundancy\""),
            "{e}"
        );
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\npath_weights = \"length\"\n");
        assert!(
            e.contains("\"none\", \"distance\", \"inverse-strength\""),
            "{e}"
        );
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\nrecomend = 3\n");
        assert!(e.contains("did you mean `recommend`?"), "{e}");
        let e = bad("[[run]]\ndataset = \"lazega_lawfirm\"\nverbose = true\n");
        assert!(
            e.contains(
                "m.toml:3:1: unknown key `verbose`: it is an option of the batch command, not \
                 of a run; pass --verbose to `grapevine batch`"
            ),
            "{e}"
        );
        let e = bad("");
        assert!(e.contains("no runs"), "{e}");
    }
}
