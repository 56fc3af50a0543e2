//! Checked settings, resolved from the command line and the bundled datasets' settings files.
//! No clap types past this point.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::analysis::centrality::PathWeights;
use crate::analysis::{AnalysisOptions, Family, Flow};
use crate::cli::{AnalyzeArgs, FlowArg, PathWeightsArg};
use crate::error::{Error, Result};
use crate::ingest::{IngestOptions, RelationChoice};

/// The folder of bundled datasets: `$GRAPEVINE_DATASETS`, else `datasets/` in the source tree.
pub fn datasets_dir() -> PathBuf {
    std::env::var_os("GRAPEVINE_DATASETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets"))
}

/// Per-dataset settings (`datasets/<name>/grapevine.toml`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetSettings {
    /// Human title for captions and the report.
    pub title: Option<String>,
    /// Relation to analyse.
    pub relation: Option<String>,
    /// Grouping attribute.
    pub group: Option<String>,
    /// Direction of knowledge flow.
    pub flow: Option<String>,
    /// Word for a group in charts ("office").
    pub group_word: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
struct DefaultFile {
    default: String,
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "cannot read", e))?;
    toml::from_str(&text).map_err(|e| Error::file(path, format!("invalid settings: {e}")))
}

/// Everything `analyze` needs, checked.
#[derive(Debug, Clone)]
pub struct AnalyzeConfig {
    /// Edge list.
    pub edges: PathBuf,
    /// Roster.
    pub nodes: Option<PathBuf>,
    /// Survey import (`--roster`): the edges file is a survey export.
    pub survey: Option<crate::import::ImportOptions>,
    /// Short dataset name (output folder name).
    pub dataset: String,
    /// Human title.
    pub title: String,
    /// Grouping attribute.
    pub group: String,
    /// Relation choice.
    pub relation: RelationChoice,
    /// Output folder.
    pub out: PathBuf,
    /// Replace a foreign output folder.
    pub force: bool,
    /// Thread count (None: all cores).
    pub threads: Option<usize>,
    /// Draw charts.
    pub charts: bool,
    /// Network files to export.
    pub export: Vec<crate::cli::ExportFormat>,
    /// Chart options.
    pub chart: crate::render::ChartOptions,
    /// Metric that sizes people in network.png (None: the default).
    pub size_by: Option<String>,
    /// Word for a group in chart titles.
    pub group_word: String,
    /// JSON on stdout.
    pub json: bool,
    /// Stage timings on stderr.
    pub timings: bool,
    /// Reading options.
    pub ingest: IngestOptions,
    /// Analysis options.
    pub analysis: AnalysisOptions,
    /// Pseudonyms and the group-size floor.
    pub privacy: crate::privacy::PrivacyOptions,
}

fn parse_flow(s: &str, origin: &Path) -> Result<Flow> {
    match s {
        "along" => Ok(Flow::Along),
        "against" => Ok(Flow::Against),
        other => Err(Error::file(
            origin,
            format!("flow = \"{other}\": use \"along\" or \"against\""),
        )),
    }
}

impl AnalyzeConfig {
    /// Resolves `analyze`'s arguments.
    pub fn from_args(a: AnalyzeArgs) -> Result<AnalyzeConfig> {
        let mut settings = DatasetSettings::default();
        let (edges, nodes, dataset) = match a.edges {
            Some(edges) => {
                let name = crate::ingest::dataset_name(&edges);
                (edges, a.nodes, name)
            }
            None => {
                let dir = datasets_dir();
                let name = match a.dataset {
                    Some(name) => name,
                    None => read_toml::<DefaultFile>(&dir.join("default.toml"))?.default,
                };
                let folder = dir.join(&name);
                if !folder.join("edges.csv").exists() {
                    return Err(Error::Usage(format!(
                        "no bundled dataset `{name}` in {}; pass --edges FILE, or one of: {}",
                        dir.display(),
                        bundled_names(&dir).join(", ")
                    )));
                }
                let settings_file = folder.join("grapevine.toml");
                if settings_file.exists() {
                    settings = read_toml(&settings_file)?;
                }
                let nodes = folder.join("nodes.csv");
                (
                    folder.join("edges.csv"),
                    nodes.exists().then_some(nodes),
                    name,
                )
            }
        };
        let settings_origin = datasets_dir().join(&dataset).join("grapevine.toml");
        let flow = match (a.flow, &settings.flow) {
            (Some(FlowArg::Along), _) => Flow::Along,
            (Some(FlowArg::Against), _) => Flow::Against,
            (None, Some(s)) => parse_flow(s, &settings_origin)?,
            (None, None) => Flow::Along,
        };
        let relation = match a.relation.or(settings.relation.clone()) {
            None => RelationChoice::Only,
            Some(r) if r.eq_ignore_ascii_case("all") => RelationChoice::All,
            Some(r) => RelationChoice::Named(r),
        };
        let group = a
            .group
            .or(settings.group.clone())
            .unwrap_or_else(|| "org".into());
        let families = match a.metrics {
            None => Family::ALL.iter().map(|(f, _)| *f).collect(),
            Some(list) => {
                let mut set = BTreeSet::new();
                for name in list.iter().filter(|s| !s.trim().is_empty()) {
                    if name.trim().eq_ignore_ascii_case("all") {
                        set.extend(Family::ALL.iter().map(|(f, _)| *f));
                        continue;
                    }
                    let f = Family::parse(name).ok_or_else(|| {
                        Error::Usage(format!(
                            "--metrics: unknown metric family `{name}`; choose from: {}, or all",
                            Family::names()
                        ))
                    })?;
                    set.insert(f);
                }
                set
            }
        };
        if let Some(e) = a.epsilon {
            if !(e > 0.0 && e < 1.0) {
                return Err(Error::Usage(format!(
                    "--epsilon {e}: give an error between 0 and 1, e.g. 0.01"
                )));
            }
        }
        if !(a.delta > 0.0 && a.delta < 1.0) {
            return Err(Error::Usage(format!(
                "--delta {}: give a probability between 0 and 1, e.g. 0.1",
                a.delta
            )));
        }
        if a.threads == Some(0) {
            return Err(Error::Usage(
                "--threads 0: give at least 1 (or leave it out to use all cores)".into(),
            ));
        }
        let path_weights = match a.path_weights {
            PathWeightsArg::None => PathWeights::Hops,
            PathWeightsArg::Distance => PathWeights::Distance,
            PathWeightsArg::InverseStrength => PathWeights::InverseStrength,
        };
        let out = a
            .out
            .unwrap_or_else(|| PathBuf::from("output").join(&dataset));
        let (width, height) = parse_size(&a.chart_size)?;
        if let Some(m) = &a.size_by {
            if !SIZE_BY.contains(&m.as_str()) {
                return Err(Error::Usage(format!(
                    "--size-by {m}: choose one of {}",
                    SIZE_BY.join(", ")
                )));
            }
        }
        let chart = crate::render::ChartOptions {
            width,
            height,
            format: a.chart_format.into(),
            seed: a.seed,
            ..Default::default()
        };
        let survey = match &a.roster {
            None => None,
            Some(roster) => {
                let mut o = crate::import::ImportOptions::new(edges.clone(), roster.clone());
                o.scale = a
                    .scale
                    .as_deref()
                    .map(crate::import::Scale::parse)
                    .transpose()?;
                o.min_weight = a.min_weight;
                o.roster_columns.group = Some(group.clone());
                Some(o)
            }
        };
        let privacy =
            crate::privacy::PrivacyOptions {
                anonymize: match (a.anonymize, a.anonymize_key) {
                    (false, _) => None,
                    (true, Some(k)) if k.trim().is_empty() => return Err(Error::Usage(
                        "--anonymize-key: the key is empty; give a secret, or leave the flag out \
                         to use a key file beside the output folder"
                            .into(),
                    )),
                    (true, Some(k)) => Some(crate::privacy::KeySource::Given(
                        crate::privacy::Secret::new(k),
                    )),
                    (true, None) => Some(crate::privacy::KeySource::File(
                        crate::privacy::key_path_for(&out),
                    )),
                },
                min_group_size: a.min_group_size,
            };
        Ok(AnalyzeConfig {
            privacy,
            survey,
            title: settings.title.unwrap_or_else(|| dataset.clone()),
            edges,
            nodes,
            dataset,
            group,
            relation,
            out,
            force: a.force,
            threads: a.threads,
            charts: !a.no_charts,
            export: a.export,
            chart,
            size_by: a.size_by,
            group_word: a
                .group_word
                .or(settings.group_word.clone())
                .unwrap_or_default(),
            json: a.json,
            timings: a.timings,
            ingest: IngestOptions {
                source_col: a.source_col,
                target_col: a.target_col,
                weight_col: a.weight_col,
                relation_col: a.relation_col,
                strict: a.strict,
                positive_weights: match path_weights {
                    PathWeights::Hops => None,
                    PathWeights::Distance => {
                        Some("--path-weights distance (the weight is the tie's length)".into())
                    }
                    PathWeights::InverseStrength => Some(
                        "--path-weights inverse-strength (the tie's length is 1 / weight)".into(),
                    ),
                },
            },
            analysis: AnalysisOptions {
                families,
                flow,
                seed: a.seed,
                permutations: a.permutations,
                betweenness: estimate(a.betweenness),
                estimates: estimate(a.paths),
                epsilon: a.epsilon,
                delta: a.delta,
                path_weights,
            },
        })
    }
}

fn estimate(a: crate::cli::EstimateArg) -> crate::analysis::Estimate {
    match a {
        crate::cli::EstimateArg::Auto => crate::analysis::Estimate::Auto,
        crate::cli::EstimateArg::Exact => crate::analysis::Estimate::Never,
        crate::cli::EstimateArg::Approx => crate::analysis::Estimate::Always,
    }
}

/// Metrics `--size-by` accepts.
pub const SIZE_BY: [&str; 9] = [
    "betweenness",
    "pagerank",
    "eigenvector",
    "closeness",
    "harmonic",
    "in_degree",
    "out_degree",
    "brokerage_total",
    "reach_loss",
];

/// Parses `--chart-size WxH`.
pub fn parse_size(s: &str) -> Result<(u32, u32)> {
    let bad = || {
        Error::Usage(format!(
            "--chart-size {s}: give WIDTHxHEIGHT in pixels, e.g. 1600x1200 (at least 400x300)"
        ))
    };
    let (w, h) = s.split_once(['x', 'X']).ok_or_else(bad)?;
    let (w, h): (u32, u32) = (
        w.trim().parse().map_err(|_| bad())?,
        h.trim().parse().map_err(|_| bad())?,
    );
    if w < 400 || h < 300 || w > 20_000 || h > 20_000 {
        return Err(bad());
    }
    Ok((w, h))
}

fn bundled_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("edges.csv").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_run_uses_bundled_settings() {
        let c = AnalyzeConfig::from_args(AnalyzeArgs::defaults()).unwrap();
        assert_eq!(c.dataset, "lazega_lawfirm");
        assert_eq!(c.analysis.flow, Flow::Against);
        assert_eq!(c.relation, RelationChoice::Named("advice".into()));
        assert_eq!(c.out, PathBuf::from("output/lazega_lawfirm"));
        assert_eq!(c.analysis.families.len(), Family::ALL.len());
        assert_eq!(c.analysis.seed, 7);
        assert_eq!(c.analysis.permutations, 10_000);
    }

    #[test]
    fn flags_override_and_validate() {
        let args = AnalyzeArgs {
            flow: Some(FlowArg::Along),
            metrics: Some(vec!["betweenness".into(), "constraint".into()]),
            ..AnalyzeArgs::defaults()
        };
        let c = AnalyzeConfig::from_args(args).unwrap();
        assert_eq!(c.analysis.flow, Flow::Along);
        assert_eq!(
            c.analysis.families.iter().copied().collect::<Vec<_>>(),
            vec![Family::Betweenness, Family::StructuralHoles]
        );
        let bad = AnalyzeArgs {
            metrics: Some(vec!["speed".into()]),
            ..AnalyzeArgs::defaults()
        };
        let e = AnalyzeConfig::from_args(bad).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("betweenness"), "{e}");
    }
}
