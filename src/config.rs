//! Checked settings, resolved from the command line and the bundled datasets' settings files.
//! No clap types past this point.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::analysis::centrality::PathWeights;
use crate::analysis::{AnalysisOptions, Family, Flow};
use crate::cli::{
    AnalyzeArgs, FlowArg, InputArgs, IntroArgs, ObjectiveArg, PathWeightsArg, PrivacyArgs,
    RecommendArgs,
};
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
    /// Direction of knowledge flow, for the relations without their own `flow` (and for
    /// `--relation all`).
    pub flow: Option<String>,
    /// Word for a group in charts ("office").
    pub group_word: Option<String>,
    /// Settings of single relations (`[relations.friendship]`), over the ones above.
    #[serde(default)]
    pub relations: std::collections::BTreeMap<String, RelationSettings>,
}

/// The settings of one relation of a bundled dataset (`[relations.NAME]`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationSettings {
    /// Direction of knowledge flow along this relation's ties.
    pub flow: Option<String>,
}

impl DatasetSettings {
    /// The `flow` setting for `relation`: its own table's, else the top-level one.
    pub fn flow_for(&self, relation: &RelationChoice) -> Option<&str> {
        let own = match relation {
            RelationChoice::Named(r) => self.relations.get(r).and_then(|t| t.flow.as_deref()),
            RelationChoice::Only | RelationChoice::All => None,
        };
        own.or(self.flow.as_deref())
    }

    /// Checks every `flow` value of the file at `origin`, the relations' tables included.
    pub fn check(&self, origin: &Path) -> Result<()> {
        let tables = self
            .relations
            .iter()
            .map(|(name, t)| (format!("[relations.{name}] "), &t.flow));
        for (table, flow) in std::iter::once((String::new(), &self.flow)).chain(tables) {
            if let Some(f) = flow
                .as_deref()
                .filter(|f| !matches!(*f, "along" | "against"))
            {
                return Err(Error::file(
                    origin,
                    format!("{table}flow = \"{f}\": use \"along\" or \"against\""),
                ));
            }
        }
        Ok(())
    }
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
    /// The network.
    pub input: InputConfig,
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
    /// Analysis options.
    pub analysis: AnalysisOptions,
    /// Pseudonyms and the group-size floor.
    pub privacy: crate::privacy::PrivacyOptions,
    /// `--recommend K`: introductions to recommend too.
    pub recommend: Option<IntroConfig>,
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

/// Where the network comes from, checked (shared by `analyze` and `recommend`).
#[derive(Debug, Clone)]
pub struct InputConfig {
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
    /// Direction of knowledge flow.
    pub flow: Flow,
    /// The bundled dataset's word for a group, if it has one.
    pub group_word: Option<String>,
    /// Reading options.
    pub ingest: IngestOptions,
}

impl InputConfig {
    /// Resolves the input options (bundled dataset settings included).
    pub fn from_args(a: InputArgs) -> Result<InputConfig> {
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
                    settings.check(&settings_file)?;
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
        let relation = match a.relation.or(settings.relation.clone()) {
            None => RelationChoice::Only,
            Some(r) if r.eq_ignore_ascii_case("all") => RelationChoice::All,
            Some(r) => RelationChoice::Named(r),
        };
        let flow = match (a.flow, settings.flow_for(&relation)) {
            (Some(FlowArg::Along), _) => Flow::Along,
            (Some(FlowArg::Against), _) => Flow::Against,
            (None, Some(s)) => parse_flow(s, &settings_origin)?,
            (None, None) => Flow::Along,
        };
        let group = a
            .group
            .or(settings.group.clone())
            .unwrap_or_else(|| "org".into());
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
        Ok(InputConfig {
            survey,
            title: settings.title.unwrap_or_else(|| dataset.clone()),
            edges,
            nodes,
            dataset,
            group,
            relation,
            flow,
            group_word: settings.group_word,
            ingest: IngestOptions {
                source_col: a.source_col,
                target_col: a.target_col,
                weight_col: a.weight_col,
                relation_col: a.relation_col,
                strict: a.strict,
                positive_weights: None,
            },
        })
    }
}

/// Which introductions to recommend, checked (the two groups are resolved once the network
/// is read).
#[derive(Debug, Clone, PartialEq)]
pub struct IntroConfig {
    /// Number of introductions.
    pub k: usize,
    /// What to improve.
    pub objective: crate::analysis::recommend::Objective,
    /// `--between`: the two group names.
    pub between: Option<(String, String)>,
    /// Most steps between the two people.
    pub max_distance: u32,
    /// Most contacts a person may have (None: the 90th percentile).
    pub max_degree: Option<usize>,
}

impl IntroConfig {
    /// Checks the recommendation options; `k_flag` names the option that gave K.
    pub fn from_args(k: usize, k_flag: &str, a: IntroArgs) -> Result<IntroConfig> {
        if k == 0 {
            return Err(Error::Usage(format!(
                "{k_flag} 0: ask for at least one introduction, e.g. {k_flag} 5"
            )));
        }
        let between = match a.between {
            None => None,
            Some(spec) => {
                let parts: Vec<&str> = spec.split(',').map(str::trim).collect();
                match parts.as_slice() {
                    [x, y] if !x.is_empty() && !y.is_empty() && x != y => {
                        Some((x.to_string(), y.to_string()))
                    }
                    _ => {
                        return Err(Error::Usage(format!(
                            "--between {spec}: give two different groups separated by a comma, \
                             e.g. --between Bank,City"
                        )))
                    }
                }
            }
        };
        let max_distance = a
            .max_distance
            .unwrap_or(crate::analysis::recommend::DEFAULT_MAX_DISTANCE);
        if max_distance < 2 {
            return Err(Error::Usage(format!(
                "--max-distance {max_distance}: people one step apart are already tied; give \
                 at least 2 (the default is 3)"
            )));
        }
        if a.max_degree == Some(0) {
            return Err(Error::Usage(
                "--max-degree 0: nobody could be introduced; give at least 1, or leave it out \
                 for the 90th percentile of contact counts"
                    .into(),
            ));
        }
        Ok(IntroConfig {
            k,
            objective: match a.objective {
                None | Some(ObjectiveArg::Reach) => crate::analysis::recommend::Objective::Reach,
                Some(ObjectiveArg::Redundancy) => crate::analysis::recommend::Objective::Redundancy,
            },
            between,
            max_distance,
            max_degree: a.max_degree,
        })
    }

    /// True when any recommendation option was given.
    fn any(a: &IntroArgs) -> bool {
        a.between.is_some()
            || a.objective.is_some()
            || a.max_distance.is_some()
            || a.max_degree.is_some()
    }
}

/// Everything `recommend` needs, checked.
#[derive(Debug, Clone)]
pub struct RecommendConfig {
    /// The network.
    pub input: InputConfig,
    /// Which introductions.
    pub intro: IntroConfig,
    /// Output folder.
    pub out: PathBuf,
    /// Replace a foreign output folder.
    pub force: bool,
    /// Thread count (None: all cores).
    pub threads: Option<usize>,
    /// Word for a group in the reasons.
    pub group_word: String,
    /// Step timings on stderr.
    pub timings: bool,
    /// JSON on stdout.
    pub json: bool,
    /// Pseudonyms and the group-size floor.
    pub privacy: crate::privacy::PrivacyOptions,
}

impl RecommendConfig {
    /// Resolves `recommend`'s arguments.
    pub fn from_args(a: RecommendArgs) -> Result<RecommendConfig> {
        let input = InputConfig::from_args(a.input)?;
        let intro = IntroConfig::from_args(a.k, "--k", a.intro)?;
        check_threads(a.threads)?;
        let out = a.out.unwrap_or_else(|| {
            PathBuf::from("output").join(format!("{}-introductions", input.dataset))
        });
        let privacy = privacy_options(a.privacy, &out)?;
        Ok(RecommendConfig {
            privacy,
            group_word: a
                .group_word
                .or(input.group_word.clone())
                .unwrap_or_default(),
            input,
            intro,
            out,
            force: a.force,
            threads: a.threads,
            timings: a.timings,
            json: a.json,
        })
    }
}

/// The privacy options of `analyze` and `recommend`; the key file sits beside `out`.
pub(crate) fn privacy_options(
    a: PrivacyArgs,
    out: &Path,
) -> Result<crate::privacy::PrivacyOptions> {
    use crate::privacy::{key_path_for, KeySource, Secret};
    Ok(crate::privacy::PrivacyOptions {
        anonymize: match (a.anonymize, a.anonymize_key) {
            (false, _) => None,
            (true, Some(k)) if k.trim().is_empty() => {
                return Err(Error::Usage(
                    "--anonymize-key: the key is empty; give a secret, or leave the flag out to \
                     use a key file beside the output folder"
                        .into(),
                ))
            }
            (true, Some(k)) => Some(KeySource::Given(Secret::new(k))),
            (true, None) => Some(KeySource::File(key_path_for(out))),
        },
        min_group_size: a.min_group_size,
    })
}

fn check_threads(threads: Option<usize>) -> Result<()> {
    if threads == Some(0) {
        return Err(Error::Usage(
            "--threads 0: give at least 1 (or leave it out to use all cores)".into(),
        ));
    }
    Ok(())
}

impl AnalyzeConfig {
    /// Resolves `analyze`'s arguments.
    pub fn from_args(a: AnalyzeArgs) -> Result<AnalyzeConfig> {
        let input = InputConfig::from_args(a.input)?;
        let recommend = match a.recommend {
            Some(k) => Some(IntroConfig::from_args(k, "--recommend", a.intro)?),
            None if IntroConfig::any(&a.intro) => {
                return Err(Error::Usage(
                    "--between, --objective, --max-distance and --max-degree choose \
                     introductions: add --recommend K"
                        .into(),
                ))
            }
            None => None,
        };
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
        check_threads(a.threads)?;
        let path_weights = match a.path_weights {
            PathWeightsArg::None => PathWeights::Hops,
            PathWeightsArg::Distance => PathWeights::Distance,
            PathWeightsArg::InverseStrength => PathWeights::InverseStrength,
        };
        let mut input = input;
        input.ingest.positive_weights = match path_weights {
            PathWeights::Hops => None,
            PathWeights::Distance => {
                Some("--path-weights distance (the weight is the tie's length)".into())
            }
            PathWeights::InverseStrength => {
                Some("--path-weights inverse-strength (the tie's length is 1 / weight)".into())
            }
        };
        let out = a
            .out
            .unwrap_or_else(|| PathBuf::from("output").join(&input.dataset));
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
        let privacy = privacy_options(a.privacy, &out)?;
        Ok(AnalyzeConfig {
            privacy,
            group_word: a
                .group_word
                .or(input.group_word.clone())
                .unwrap_or_default(),
            analysis: AnalysisOptions {
                families,
                flow: input.flow,
                seed: a.seed,
                permutations: a.permutations,
                betweenness: estimate(a.betweenness),
                estimates: estimate(a.paths),
                epsilon: a.epsilon,
                delta: a.delta,
                path_weights,
            },
            input,
            recommend,
            out,
            force: a.force,
            threads: a.threads,
            charts: !a.no_charts,
            export: a.export,
            chart,
            size_by: a.size_by,
            json: a.json,
            timings: a.timings,
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
        assert_eq!(c.input.dataset, "lazega_lawfirm");
        assert_eq!(c.analysis.flow, Flow::Against);
        assert_eq!(c.input.relation, RelationChoice::Named("advice".into()));
        assert_eq!(c.out, PathBuf::from("output/lazega_lawfirm"));
        assert_eq!(c.analysis.families.len(), Family::ALL.len());
        assert_eq!(c.analysis.seed, 7);
        assert_eq!(c.analysis.permutations, 10_000);
    }

    #[test]
    fn flags_override_and_validate() {
        let mut args = AnalyzeArgs {
            metrics: Some(vec!["betweenness".into(), "constraint".into()]),
            ..AnalyzeArgs::defaults()
        };
        args.input.flow = Some(FlowArg::Along);
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

    fn analyze_args(extra: &[&str]) -> Result<AnalyzeConfig> {
        use clap::Parser;
        let mut argv = vec!["grapevine", "analyze"];
        argv.extend(extra);
        match crate::cli::Cli::try_parse_from(argv).unwrap().command {
            Some(crate::cli::Command::Analyze(a)) => AnalyzeConfig::from_args(*a),
            _ => unreachable!("analyze parses"),
        }
    }

    #[test]
    fn each_relation_of_a_bundled_dataset_takes_its_own_flow() {
        let flow = |extra: &[&str]| analyze_args(extra).unwrap().analysis.flow;
        // The default run keeps advice flowing against the ties; friendship and cowork are
        // not questions about advice.
        assert_eq!(flow(&[]), Flow::Against);
        assert_eq!(flow(&["--relation", "advice"]), Flow::Against);
        assert_eq!(flow(&["--relation", "friendship"]), Flow::Along);
        assert_eq!(flow(&["--relation", "cowork"]), Flow::Along);
        // All relations merged take the top-level setting; the flag overrides every setting.
        assert_eq!(flow(&["--relation", "all"]), Flow::Against);
        assert_eq!(
            flow(&["--relation", "friendship", "--flow", "against"]),
            Flow::Against
        );
        assert_eq!(
            flow(&[
                "--dataset",
                "krackhardt_hightech",
                "--relation",
                "friendship"
            ]),
            Flow::Along
        );
        assert_eq!(
            flow(&["--dataset", "ckm_physicians", "--relation", "discussion"]),
            Flow::Along
        );
    }

    /// The relations of a bundled dataset's edges.csv.
    fn relations_of(dataset: &Path) -> BTreeSet<String> {
        let mut r = csv::Reader::from_path(dataset.join("edges.csv")).unwrap();
        let col = r.headers().unwrap().iter().position(|h| h == "relation");
        r.records()
            .map(|rec| col.map_or(String::new(), |c| rec.unwrap()[c].to_string()))
            .collect()
    }

    #[test]
    fn bundled_settings_decide_the_flow_of_every_relation() {
        // From each dataset's SOURCE.md: the questions whose ties point from the asker to the
        // source of advice flow against the ties; everything else (friends, coworkers,
        // discussion, acquaintance, messages and e-mail sent, undirected ties) along.
        let expected: &[(&str, &[(&str, Flow)])] = &[
            (
                "ckm_physicians",
                &[
                    ("advice", Flow::Against),
                    ("discussion", Flow::Along),
                    ("friendship", Flow::Along),
                ],
            ),
            ("email_eu_core", &[("email", Flow::Along)]),
            ("enron_perry_wolfe", &[("email", Flow::Along)]),
            (
                "freeman_eies",
                &[
                    ("acquaintance_t1", Flow::Along),
                    ("acquaintance_t2", Flow::Along),
                    ("messages", Flow::Along),
                ],
            ),
            (
                "krackhardt_hightech",
                &[
                    ("advice", Flow::Against),
                    ("friendship", Flow::Along),
                    ("reports_to", Flow::Along),
                ],
            ),
            (
                "lazega_lawfirm",
                &[
                    ("advice", Flow::Against),
                    ("cowork", Flow::Along),
                    ("friendship", Flow::Along),
                ],
            ),
            (
                "padgett_florentine",
                &[("business", Flow::Along), ("marriage", Flow::Along)],
            ),
            ("zachary_karate", &[("interaction", Flow::Along)]),
        ];
        let dir = datasets_dir();
        assert_eq!(
            bundled_names(&dir),
            expected
                .iter()
                .map(|(d, _)| d.to_string())
                .collect::<Vec<_>>()
        );
        for (dataset, flows) in expected {
            let folder = dir.join(dataset);
            let settings: DatasetSettings = read_toml(&folder.join("grapevine.toml")).unwrap();
            settings.check(&folder.join("grapevine.toml")).unwrap();
            let relations = relations_of(&folder);
            assert_eq!(
                relations,
                flows.iter().map(|(r, _)| r.to_string()).collect(),
                "{dataset}"
            );
            // Every table names a relation of the data; with several relations, each has one.
            for name in settings.relations.keys() {
                assert!(relations.contains(name), "{dataset}: [relations.{name}]");
            }
            if relations.len() > 1 {
                assert_eq!(settings.relations.len(), relations.len(), "{dataset}");
            }
            for (relation, want) in *flows {
                let got = analyze_args(&["--dataset", dataset, "--relation", relation])
                    .unwrap()
                    .analysis
                    .flow;
                assert_eq!(got, *want, "{dataset} {relation}");
            }
        }
    }

    #[test]
    fn a_bad_flow_in_a_relation_table_names_the_table() {
        let s: DatasetSettings =
            toml::from_str("flow = \"along\"\n[relations.advice]\nflow = \"up\"\n").unwrap();
        let e = s.check(Path::new("d/grapevine.toml")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "d/grapevine.toml: [relations.advice] flow = \"up\": use \"along\" or \"against\""
        );
        assert!(
            toml::from_str::<DatasetSettings>("[relations.advice]\nflo = \"along\"\n").is_err()
        );
    }

    fn recommend_args(extra: &[&str]) -> Result<RecommendConfig> {
        use clap::Parser;
        let mut argv = vec!["grapevine", "recommend"];
        argv.extend(extra);
        match crate::cli::Cli::try_parse_from(argv).unwrap().command {
            Some(crate::cli::Command::Recommend(a)) => RecommendConfig::from_args(*a),
            _ => unreachable!("recommend parses"),
        }
    }

    #[test]
    fn recommendation_options() {
        use crate::analysis::recommend::Objective;
        let c = recommend_args(&[]).unwrap();
        assert_eq!(c.out, PathBuf::from("output/lazega_lawfirm-introductions"));
        assert_eq!(c.group_word, "office");
        assert_eq!(
            c.intro,
            IntroConfig {
                k: 5,
                objective: Objective::Reach,
                between: None,
                max_distance: 3,
                max_degree: None,
            }
        );
        let c = recommend_args(&[
            "--k",
            "2",
            "--between",
            "Boston, Providence",
            "--objective",
            "redundancy",
            "--max-distance",
            "4",
            "--max-degree",
            "30",
        ])
        .unwrap();
        assert_eq!(c.intro.k, 2);
        assert_eq!(
            c.intro.between,
            Some(("Boston".to_string(), "Providence".to_string()))
        );
        assert_eq!(c.intro.objective, Objective::Redundancy);
        assert_eq!((c.intro.max_distance, c.intro.max_degree), (4, Some(30)));
        for (bad, says) in [
            (&["--k", "0"][..], "--k 0"),
            (&["--between", "Boston"][..], "two different groups"),
            (&["--between", "Boston,Boston"][..], "two different groups"),
            (&["--max-distance", "1"][..], "at least 2"),
            (&["--max-degree", "0"][..], "at least 1"),
        ] {
            let e = recommend_args(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains(says), "{bad:?}: {e}");
        }
        // analyze: the options need --recommend.
        let mut a = AnalyzeArgs::defaults();
        a.intro.max_distance = Some(2);
        let e = AnalyzeConfig::from_args(a).unwrap_err();
        assert!(e.to_string().contains("--recommend K"), "{e}");
        let mut a = AnalyzeArgs::defaults();
        a.recommend = Some(3);
        let c = AnalyzeConfig::from_args(a).unwrap();
        assert_eq!(c.recommend.unwrap().k, 3);
    }
}
