//! `grapevine compare`: two survey waves of one partnership, side by side.
//!
//! ```text
//!  BEFORE, AFTER (output folders, or inputs analysed here into OUT/before/, OUT/after/)
//!      ─read back─▶ Wave, Wave ─diff::compare─▶ Comparison ─files─▶ changes_pairs.csv,
//!                                                                  changes_people.csv, compare.json
//!                                                        ─render::changes─▶ changes.png
//!                                                        ─narrative::compare─▶ report.html, .md
//! ```
//!
//! A wave given as an input (an edge list, or a folder with edges.csv) is analysed by `analyze`'s
//! own code with the same options for both waves, into a sub-folder of the comparison, and then
//! read back like a folder given as such: both paths compare the published tables, so a
//! comparison of two folders and of the two inputs behind them are the same. Privacy options act
//! on the inputs before their analysis, with one key for both waves, so pseudonyms match across
//! them.
//!
//! The whole output folder, the waves' sub-folders included, is written atomically.

pub mod diff;
pub mod files;

use std::path::{Path, PathBuf};

use crate::cli::{AnalyzeArgs, CompareArgs};
use crate::config::AnalyzeConfig;
use crate::error::{Error, Result};
use crate::ingest::output_dir::{column, table};
use crate::narrative::folder::Outputs;
use crate::output::{OutputDir, MARKER};
use crate::progress::{Observer, Progress};
use diff::{Comparison, Wave};
use files::WaveInfo;

/// The files `compare` writes besides the waves' folders, charts and report, in order.
pub const TABLES: [&str; 3] = ["changes_pairs.csv", "changes_people.csv", "compare.json"];

/// One wave as given on the command line.
#[derive(Debug, Clone)]
enum WaveInput {
    /// An output folder of `grapevine analyze`.
    Folder(PathBuf),
    /// An input to analyse, with its settings resolved.
    Analyze(Box<AnalyzeConfig>),
}

/// The two waves' word on the command line.
const LABELS: [&str; 2] = ["before", "after"];

/// `compare`'s settings, checked.
#[derive(Debug, Clone)]
pub struct CompareConfig {
    waves: [WaveInput; 2],
    sources: [PathBuf; 2],
    /// Output folder.
    pub out: PathBuf,
    force: bool,
    threads: Option<usize>,
    charts: bool,
    chart: crate::render::ChartOptions,
    group_word: Option<String>,
    json: bool,
}

fn name_of(p: &Path) -> String {
    let p = if p.is_dir() || p.file_stem().is_none() {
        p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
    } else {
        p.to_path_buf()
    };
    let stem = if p.is_dir() {
        p.file_name()
    } else {
        p.file_stem()
    };
    stem.map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "wave".into())
}

impl CompareConfig {
    /// Resolves `compare`'s arguments; nothing is read but the folders' markers.
    pub fn from_args(a: CompareArgs) -> Result<CompareConfig> {
        if a.threads == Some(0) {
            return Err(Error::Usage(
                "--threads 0: give at least 1 (or leave it out to use all cores)".into(),
            ));
        }
        let out = a.out.clone().unwrap_or_else(|| {
            PathBuf::from("output").join(format!("{}-to-{}", name_of(&a.before), name_of(&a.after)))
        });
        let (width, height) = crate::config::parse_size(&a.chart_size)?;
        let privacy = crate::config::privacy_options(
            crate::cli::PrivacyArgs {
                anonymize: a.privacy.anonymize,
                anonymize_key: a.privacy.anonymize_key.clone(),
                min_group_size: a.privacy.min_group_size,
            },
            &out,
        )?;
        let rosters = [
            a.before_nodes.clone().or(a.nodes.clone()),
            a.after_nodes.clone().or(a.nodes.clone()),
        ];
        let mut waves = Vec::new();
        for (k, path) in [&a.before, &a.after].into_iter().enumerate() {
            let label = LABELS[k].to_uppercase();
            let roster_flag = if a.nodes.is_some() {
                "--nodes".to_string()
            } else {
                format!("--{}-nodes", LABELS[k])
            };
            let (edges, nodes) = if path.is_dir() {
                if path.join(MARKER).exists() {
                    if rosters[k].is_some() {
                        return Err(Error::Usage(format!(
                            "{roster_flag}: {label} {} is an output folder, already analysed \
                             with its roster; rosters go with edge lists",
                            path.display()
                        )));
                    }
                    waves.push(WaveInput::Folder(path.clone()));
                    continue;
                }
                let edges = path.join("edges.csv");
                if !edges.is_file() {
                    return Err(Error::Usage(format!(
                        "{label} {}: not a folder written by `grapevine analyze` (no {MARKER} \
                         file) and no edges.csv in it; pass an output folder, an edge list or a \
                         folder with edges.csv",
                        path.display()
                    )));
                }
                let nodes = path.join("nodes.csv");
                (
                    edges,
                    rosters[k]
                        .clone()
                        .or_else(|| nodes.is_file().then_some(nodes)),
                )
            } else if path.is_file() {
                (path.clone(), rosters[k].clone())
            } else {
                return Err(Error::file(
                    path,
                    format!(
                        "{label}: no such file or folder (check the path); pass an output \
                         folder, an edge list or a folder with edges.csv"
                    ),
                ));
            };
            let mut args = AnalyzeArgs::defaults();
            args.input.edges = Some(edges);
            args.input.nodes = nodes;
            args.input.group = a.group.clone();
            args.input.relation = a.relation.clone();
            args.input.flow = a.flow;
            args.input.strict = a.strict;
            args.seed = a.seed;
            args.chart_size = a.chart_size.clone();
            args.no_charts = a.no_charts;
            args.group_word = a.group_word.clone();
            args.threads = a.threads;
            args.out = Some(out.join(LABELS[k]));
            let mut cfg = AnalyzeConfig::from_args(args)?;
            cfg.input.title = name_of(path);
            cfg.privacy = privacy.clone();
            waves.push(WaveInput::Analyze(Box::new(cfg)));
        }
        if privacy.is_active() && waves.iter().all(|w| matches!(w, WaveInput::Folder(_))) {
            return Err(Error::Usage(
                "--anonymize and --min-group-size act on waves given as inputs, but BEFORE and \
                 AFTER are output folders; analyse the waves with them, or pass the inputs"
                    .into(),
            ));
        }
        let [before, after]: [WaveInput; 2] = waves.try_into().expect("two waves");
        Ok(CompareConfig {
            waves: [before, after],
            sources: [a.before, a.after],
            out,
            force: a.force,
            threads: a.threads,
            charts: !a.no_charts,
            chart: crate::render::ChartOptions {
                width,
                height,
                seed: a.seed,
                ..Default::default()
            },
            group_word: a.group_word,
            json: a.json,
        })
    }

    /// Worker threads (None: all cores).
    pub fn threads(&self) -> Option<usize> {
        self.threads
    }

    /// The input files the output folder must not hold.
    fn inputs(&self) -> Vec<PathBuf> {
        let mut v = Vec::new();
        for w in &self.waves {
            match w {
                WaveInput::Folder(dir) => v.push(dir.join(MARKER)),
                WaveInput::Analyze(cfg) => {
                    v.push(cfg.input.edges.clone());
                    v.extend(cfg.input.nodes.clone());
                }
            }
        }
        v
    }
}

/// stderr of `compare`: each wave's notes prefixed with its name.
struct Console<'a> {
    progress: &'a Progress,
    task: crate::progress::Task,
    label: &'static str,
}

impl Observer for Console<'_> {
    fn stage(&self, name: &str) {
        self.task.stage(&format!("{}: {name}", self.label));
    }
    fn note(&self, text: String) {
        self.progress
            .line(&format!("grapevine: {}: {text}", self.label));
    }
}

/// Reads the output folder `dir` back as a wave (`source`: how the user named it).
pub fn read_wave(dir: &Path, source: &str) -> Result<(Wave, WaveInfo)> {
    for name in [
        "summary.json",
        "people.csv",
        "groups.csv",
        "pairs.csv",
        "ties.csv",
    ] {
        let path = dir.join(name);
        if !path.is_file() {
            return Err(Error::file(
                &path,
                "missing: pass a folder written by `grapevine analyze`",
            ));
        }
    }
    let outputs = Outputs::read(dir, "png")?;
    let ties_path = dir.join("ties.csv");
    let t = table(dir, "ties.csv")?;
    let (s, d) = (
        column(&t, &ties_path, "source")?,
        column(&t, &ties_path, "target")?,
    );
    let ties = t
        .records
        .iter()
        .map(|(_, r)| (r[s].to_string(), r[d].to_string()))
        .collect();
    let summary_path = dir.join("summary.json");
    let raw: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&summary_path).map_err(|e| Error::io(&summary_path, "cannot read", e))?,
    )
    .map_err(|e| Error::file(&summary_path, format!("not valid JSON: {e}")))?;
    let s = &outputs.summary;
    let info = WaveInfo {
        source: source.to_string(),
        folder: dir.display().to_string(),
        dataset: s.dataset.clone(),
        relation: s.relation.clone(),
        group_attribute: s.group_attribute.clone(),
        analysed_on: s.analysed_on.clone(),
        groups: s.groups,
        anonymized: raw["privacy"]["anonymized"].as_bool().unwrap_or(false),
    };
    Ok((
        Wave {
            source: source.to_string(),
            outputs,
            ties,
        },
        info,
    ))
}

/// Refuses two waves that cannot be compared person by person and group by group.
fn check_compatible(b: &WaveInfo, a: &WaveInfo) -> Result<()> {
    if b.group_attribute != a.group_attribute {
        return Err(Error::Usage(format!(
            "BEFORE {} is grouped by `{}` but AFTER {} by `{}`; compare waves grouped by the \
             same attribute (analyse both with the same --group)",
            b.source, b.group_attribute, a.source, a.group_attribute
        )));
    }
    if b.anonymized != a.anonymized {
        let (anon, plain) = if b.anonymized {
            (("BEFORE", &b.source), ("AFTER", &a.source))
        } else {
            (("AFTER", &a.source), ("BEFORE", &b.source))
        };
        return Err(Error::Usage(format!(
            "{} {} has pseudonyms but {} {} has ids, so no one would match; analyse both with \
             --anonymize and the same --anonymize-key",
            anon.0, anon.1, plain.0, plain.1
        )));
    }
    Ok(())
}

/// Notes about the two waves that the reader must know (relation changed, groups changed).
pub fn notes(c: &Comparison, b: &WaveInfo, a: &WaveInfo) -> Vec<String> {
    let mut v = Vec::new();
    if b.relation != a.relation {
        v.push(format!(
            "the waves analyse different relations (`{}` before, `{}` after)",
            b.relation, a.relation
        ));
    }
    if !c.groups_added.is_empty() {
        v.push(format!(
            "groups only in the second wave: {}",
            c.groups_added.join(", ")
        ));
    }
    if !c.groups_removed.is_empty() {
        v.push(format!(
            "groups only in the first wave: {}",
            c.groups_removed.join(", ")
        ));
    }
    v
}

/// Runs `compare`.
pub fn run(cfg: &CompareConfig) -> Result<()> {
    let inputs = cfg.inputs();
    let input_refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    OutputDir::check(&cfg.out, cfg.force, &input_refs)?;
    let progress = Progress::for_stderr();
    // Folders given as such are read (and checked) before any analysis starts.
    let mut read: [Option<(Wave, WaveInfo)>; 2] = [None, None];
    for k in 0..2 {
        if let WaveInput::Folder(dir) = &cfg.waves[k] {
            read[k] = Some(read_wave(dir, &cfg.sources[k].display().to_string())?);
        }
    }
    if let [Some((_, b)), Some((_, a))] = &read {
        check_compatible(b, a)?;
    }
    let out = OutputDir::begin(&cfg.out, cfg.force, &input_refs)?;
    let mut written: Vec<String> = Vec::new();
    for k in 0..2 {
        if let WaveInput::Analyze(wave_cfg) = &cfg.waves[k] {
            let mut c = (**wave_cfg).clone();
            c.out = out.staging().join(LABELS[k]);
            let console = Console {
                progress: &progress,
                task: progress.task(LABELS[k]),
                label: LABELS[k],
            };
            crate::app::analyze_run(&c, &console)?;
            let (wave, mut info) = read_wave(&c.out, &cfg.sources[k].display().to_string())?;
            // Relative to the comparison, so that the folder can move and reruns match.
            info.folder = format!("{}/", LABELS[k]);
            read[k] = Some((wave, info));
            written.push(format!("{}/", LABELS[k]));
        }
    }
    let [Some((before, bi)), Some((after, ai))] = read else {
        unreachable!("both waves are read");
    };
    check_compatible(&bi, &ai)?;
    let c = diff::compare(&before, &after);
    let notes = notes(&c, &bi, &ai);
    for n in &notes {
        progress.line(&format!("grapevine: note: {n}"));
    }
    let mut value = files::compare_value(&c, &bi, &ai);
    if let serde_json::Value::Object(m) = &mut value {
        m.insert("notes".into(), serde_json::json!(notes));
    }
    let mut json_bytes = serde_json::to_vec_pretty(&value).expect("JSON serialises");
    json_bytes.push(b'\n');
    out.write("changes_pairs.csv", &files::changes_pairs_csv(&c))?;
    out.write("changes_people.csv", &files::changes_people_csv(&c))?;
    out.write("compare.json", &json_bytes)?;
    written.extend(TABLES.map(String::from));
    let word = cfg
        .group_word
        .clone()
        .or_else(|| Some(after.outputs.summary.group_word.clone()).filter(|w| !w.is_empty()))
        .or_else(|| Some(before.outputs.summary.group_word.clone()).filter(|w| !w.is_empty()))
        .unwrap_or_default();
    let meta = crate::narrative::compare::Meta {
        before: bi.clone(),
        after: ai.clone(),
        group_word: word.clone(),
        notes: notes.clone(),
    };
    let mut chart = None;
    if cfg.charts {
        let data = chart_data(&c, &meta);
        if data.applies() {
            let path = out.staging().join("changes.png");
            crate::render::changes::render(&data, &cfg.chart, &path).map_err(|e| {
                Error::Render {
                    path: cfg.out.join("changes.png"),
                    message: e.to_string(),
                }
            })?;
            let bytes =
                std::fs::read(&path).map_err(|e| Error::io(&path, "cannot read back", e))?;
            chart = Some(bytes);
            written.push("changes.png".into());
        }
    }
    let doc = crate::narrative::compare::document(&c, &meta, chart);
    crate::narrative::write_document(out.staging(), &doc)?;
    written.extend(crate::narrative::REPORT_FILES.map(String::from));
    out.commit()?;

    crate::app::print_outcome(
        cfg.json.then_some(value),
        &crate::narrative::compare::summary_lines(&c, &meta),
        &cfg.out,
        &written,
    )
}

/// What changes.png draws, from the comparison.
pub fn chart_data(
    c: &Comparison,
    meta: &crate::narrative::compare::Meta,
) -> crate::render::changes::ChangesData {
    use crate::render::changes::{ChangesData, PairBars};
    ChangesData {
        caption: format!(
            "{} ({}) → {} ({}){}",
            meta.before.dataset,
            meta.before.analysed_on,
            meta.after.dataset,
            meta.after.analysed_on,
            match meta.after.relation.as_str() {
                "" => String::new(),
                r => format!(" · {r}"),
            }
        ),
        group_word: meta.group_word.clone(),
        pairs: c
            .pairs
            .iter()
            .map(|p| PairBars {
                name: p.name(),
                kept: p.kept,
                gained: p.gained,
                lost: p.lost,
                density: p.density,
                stage: p.stage.clone(),
            })
            .collect(),
    }
}
