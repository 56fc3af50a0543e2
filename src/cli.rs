//! The command line: clap types only, no logic. [`crate::config`] turns them into checked
//! settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Grapevine: who really asks whom for help, across organizational boundaries.
///
/// Reads an edge list of ties between people (a survey export such as "whom do you go to for
/// information?", or an interaction log) and a roster with each person's organization, and
/// writes tables, charts and a plain-language report (report.html): who is central, who brokers
/// between groups, who hoards, how dense ties are inside and across organizations, and which
/// introductions would make a partnership depend less on single people.
#[derive(Debug, Parser)]
#[command(name = "grapevine", version, propagate_version = true)]
#[command(after_help = "\
Run with no command to analyse the bundled Lazega law-firm advice network into
output/lazega_lawfirm/ (open report.html there). `grapevine COMMAND --help` explains each command.

Exit codes: 0 ok, 1 data or runtime error, 2 usage error, 130 interrupted (Ctrl-C, SIGTERM).")]
pub struct Cli {
    /// What to do (default: analyze the bundled dataset).
    #[command(subcommand)]
    pub command: Option<Command>,

    /// On an error, also print the detail below the one-line message: the raw field and the row
    /// as read, the underlying system errors.
    #[arg(long, short, global = true, display_order = 900)]
    pub verbose: bool,
}

/// Grapevine's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse a network: tables (people.csv, groups.csv, pairs.csv, boundary.csv,
    /// summary.json, ...), five charts and a report for a manager (report.html, report.md).
    #[command(after_help = "\
Examples:
  grapevine analyze
      the bundled Lazega law-firm advice network, into output/lazega_lawfirm/ (open report.html)
  grapevine analyze --dataset krackhardt_hightech
      another bundled dataset, with the settings in datasets/<name>/grapevine.toml
  grapevine analyze --edges ties.csv --nodes roster.csv --group org --out results/
  grapevine analyze --edges survey.csv --nodes roster.csv --relation advice --flow against
      \"whom do you go to for advice?\" ties point from asker to adviser: knowledge flows against them
  grapevine analyze --edges ties.csv --metrics betweenness,pagerank --no-charts --json
  grapevine analyze --edges ties.csv --nodes roster.csv --anonymize --out share/
      pseudonyms (P-3f9a2c) instead of ids everywhere, groups under 5 people merged; the key
      stays in share.key, beside the folder, so the next run gives the same pseudonyms
  grapevine analyze --edges travel.csv --path-weights distance
      weights are lengths (e.g. minutes): betweenness, closeness and harmonic on weighted paths
  grapevine analyze --edges ties.csv --nodes roster.csv --recommend 5
      also five recommended introductions: introductions.csv, dashed ties in network.png and a
      section of the report (see `grapevine recommend --help`)
  grapevine analyze --edges responses.xlsx --roster roster.csv --scale \"Never=0,Often=3\"
      a survey export, imported and analysed in one step (see `grapevine import --help`)

Input: an edge list with a header row: source,target[,weight][,relation] (also from/to, ego/alter,
sender/recipient, respondent/contact, ...; comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252).
A roster (--nodes) with an id column and attribute columns, one of which is the group (--group).")]
    Analyze(Box<AnalyzeArgs>),

    /// Write a seeded synthetic multi-organization network (edges.csv, nodes.csv) for demos and
    /// benchmarks: departments, heavy-tailed degrees, planted boundary spanners and hoarders.
    #[command(after_help = "\
Examples:
  grapevine generate --people 10000 --orgs 4 --avg-degree 10 --seed 42 --out gen10k
  grapevine analyze --edges gen10k/edges.csv --nodes gen10k/nodes.csv --no-charts

The same arguments always give byte-identical files. nodes.csv has id,org,dept,role
(role: member, manager, spanner, hoarder), so planted people can be checked against the analysis.")]
    Generate(GenerateArgs),

    /// Recommend the few introductions (new ties) that most strengthen the links between
    /// groups, and show what each would change.
    #[command(after_help = RECOMMEND_HELP)]
    Recommend(Box<RecommendArgs>),

    /// Redraw the charts of an existing output folder (no recomputation), e.g. at another size,
    /// and rewrite its report.
    #[command(after_help = "\
Examples:
  grapevine render output/lazega_lawfirm --chart-size 2400x1800
  grapevine render output/lazega_lawfirm --chart-format svg --size-by pagerank

The charts are drawn from the folder's tables (summary.json, people.csv, ties.csv, boundary.csv,
pairs.csv), the recommended introductions from introductions.csv when it is there
(dashed in network.png), and report.html and report.md are rebuilt with the new charts. The
folder is replaced as a whole, so a failed redraw leaves it as it was.")]
    Render(RenderArgs),

    /// Turn a survey export (long, wide or matrix; CSV or XLSX) into an edge list.
    #[command(after_help = IMPORT_HELP)]
    Import(Box<ImportArgs>),

    /// Run many analyses from a manifest (datasets × relations × groupings, each with its own
    /// options, recommendations included) in parallel, each into its own folder with its report,
    /// plus batch_summary.csv.
    #[command(after_help = BATCH_HELP)]
    Batch(BatchArgs),

    /// Compare two survey waves of one partnership: who joined and left, ties gained, lost and
    /// kept per pair of groups, stage changes, the people whose brokerage or reach loss changed
    /// most; tables, a chart (changes.png) and a report.
    #[command(after_help = COMPARE_HELP)]
    Compare(Box<CompareArgs>),
}

const COMPARE_HELP: &str = "\
Examples:
  grapevine compare results/2025 results/2026 --out waves/
      two folders written by `grapevine analyze` (same --group); nothing is recomputed
  grapevine compare wave1.csv wave2.csv --nodes roster.csv --out waves/
      two edge lists, analysed here with the same options (into waves/before/, waves/after/)
  grapevine compare wave1/ wave2/ --group office --flow against
      two dataset folders (edges.csv, and nodes.csv when present)
  grapevine compare wave1.csv wave2.csv --before-nodes staff2025.csv --after-nodes staff2026.csv
  grapevine compare wave1.csv wave2.csv --nodes roster.csv --anonymize --out share/
      pseudonyms in every file, one key for both waves (share.key, beside the folder)

BEFORE and AFTER are each an output folder of `grapevine analyze`, an edge list, or a folder
with edges.csv. People are matched by id; in folders anonymized with the same --anonymize-key
they match by pseudonym. Both waves must be grouped by the same attribute.

Writes into --out: changes_pairs.csv (one row per pair of groups: ties kept, gained, lost;
density, E-I, integration score and stage before and after), changes_people.csv (everyone in
both waves, biggest change of brokerage or reach loss first), compare.json (counts, who joined
and left, stage changes, top movers), changes.png (ties kept, gained and lost per pair) and
report.html / report.md, in plain language.";

const BATCH_HELP: &str = "\
The manifest (TOML): a [defaults] table and one [[run]] table per analysis. Every key is an
`analyze` option without the dashes, with _ for - (relation, group, flow, metrics, seed,
permutations, betweenness, paths, epsilon, delta, path_weights, charts = true|false, chart_size,
chart_format, size_by, group_word, export, strict, source_col, target_col, weight_col,
relation_col, scale, min_weight, anonymize = true|false, min_group_size; recommend = K with
between = [\"A\", \"B\"], objective, max_distance, max_degree), plus name, title, and the data:
dataset = \"NAME\" (bundled) or edges = \"FILE\" with nodes = \"FILE\" (or roster = \"FILE\" for a
survey export). --threads, --out, --force, --anonymize-key and --verbose are options of the
batch command, not keys. Paths are relative to the manifest's folder. A run takes each key from
its own table, else from [defaults]. A list in dataset(s), relation(s) or group(s) expands to
one run per combination, named NAME-VALUE-... .

  [defaults]
  metrics = [\"betweenness\", \"brokerage\", \"reach_loss\"]
  permutations = 1000

  [[run]]
  dataset = \"lazega_lawfirm\"
  relations = [\"advice\", \"friendship\"]   # two runs: lazega_lawfirm-advice, -friendship

  [[run]]
  name = \"client\"
  edges = \"data/ties.csv\"
  nodes = \"data/roster.csv\"
  groups = [\"org\", \"dept\"]
  anonymize = true
  recommend = 3                          # also introductions.csv and the report's section

Each run writes OUT/NAME/ exactly as `grapevine analyze` would (tables, charts, report.html,
and with recommend = K the introductions); OUT/batch_summary.csv has one
row per run: run, status (ok/failed), error, people, ties, groups, density, ei_index,
ei_expected, modularity_groups, top_broker, top_single_point_of_failure, output, dataset,
relation, group, flow, ei_p_value, anonymized, min_group_size, groups_merged, notes (the
warnings and notes `analyze` would print). stderr gets one line per run as it finishes (and a
progress bar when it is a terminal; with --verbose, a failed run's line is followed by the
error's detail). The manifest is checked whole before any run starts (unknown keys and bad
values are errors naming its line, exit 2); a run whose data fails does not stop the others, and
the exit code is 1 when any failed.

Anonymized runs share one key: --anonymize-key, else OUT.key beside the output folder.

Examples:
  grapevine batch examples/batch.toml
  grapevine batch jobs.toml --out results/ --threads 2
  grapevine batch jobs.toml --dry-run      # list the runs, check the manifest, write nothing";

/// Options of `grapevine batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The manifest: a `[defaults]` table and `[[run]]` tables (see below).
    #[arg(value_name = "MANIFEST.toml")]
    pub manifest: PathBuf,

    /// Output folder [default: beside the manifest, named after it: jobs.toml → jobs/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Replace an existing output folder that Grapevine did not write.
    #[arg(long)]
    pub force: bool,

    /// Worker threads, shared by all runs [default: all cores]. Results are identical for any
    /// value.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Anonymize every run, as if each had `anonymize = true`.
    #[arg(long)]
    pub anonymize: bool,

    /// Secret for the anonymized runs' pseudonyms [default: the key file OUT.key beside the
    /// output folder, created on the first run].
    #[arg(long, value_name = "KEY")]
    pub anonymize_key: Option<String>,

    /// Check the manifest and list the runs it expands to; run and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Options of `grapevine compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first wave: an output folder of `grapevine analyze`, an edge list, or a folder with
    /// edges.csv (and nodes.csv).
    #[arg(value_name = "BEFORE")]
    pub before: PathBuf,

    /// The second wave, in the same forms.
    #[arg(value_name = "AFTER")]
    pub after: PathBuf,

    /// Output folder [default: output/<before>-to-<after>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Replace an existing output folder that Grapevine did not write.
    #[arg(long)]
    pub force: bool,

    /// Roster of both waves, when they are edge lists.
    #[arg(long, help_heading = "Input", value_name = "FILE")]
    pub nodes: Option<PathBuf>,

    /// Roster of the first wave only.
    #[arg(
        long,
        help_heading = "Input",
        value_name = "FILE",
        conflicts_with = "nodes"
    )]
    pub before_nodes: Option<PathBuf>,

    /// Roster of the second wave only.
    #[arg(
        long,
        help_heading = "Input",
        value_name = "FILE",
        conflicts_with = "nodes"
    )]
    pub after_nodes: Option<PathBuf>,

    /// Roster column that holds each person's group, for waves given as inputs [default: org].
    #[arg(long, help_heading = "Input", value_name = "COLUMN")]
    pub group: Option<String>,

    /// Relation to analyse in waves given as inputs, or `all`.
    #[arg(long, help_heading = "Input", value_name = "NAME|all")]
    pub relation: Option<String>,

    /// Direction of knowledge flow in waves given as inputs [default: along].
    #[arg(long, help_heading = "Input", value_enum)]
    pub flow: Option<FlowArg>,

    /// Make ids in ties that are not in the roster an error.
    #[arg(long, help_heading = "Input")]
    pub strict: bool,

    /// Seed of the waves' analyses (communities, permutation test, layout).
    #[arg(long, default_value_t = 7)]
    pub seed: u64,

    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1600x1200")]
    pub chart_size: String,

    /// No charts (changes.png, and none in the waves analysed here); the report has no images.
    #[arg(long)]
    pub no_charts: bool,

    /// Word for a group in the chart and the report [default: the waves' own, else "group"].
    #[arg(long, value_name = "WORD")]
    pub group_word: Option<String>,

    /// Worker threads [default: all cores]. Results are identical for any value.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Print compare.json on stdout instead of the human summary.
    #[arg(long)]
    pub json: bool,

    /// Pseudonyms and the group-size floor, for waves given as inputs (one key for both).
    #[command(flatten)]
    pub privacy: PrivacyArgs,
}

/// Options of `grapevine render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// A folder written by `grapevine analyze`.
    #[arg(value_name = "OUTPUT_DIR")]
    pub dir: PathBuf,
    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1600x1200")]
    pub chart_size: String,
    /// Chart file format.
    #[arg(long, value_enum, default_value_t = ChartFormatArg::Png, value_name = "FORMAT")]
    pub chart_format: ChartFormatArg,
    /// people.csv column that sizes the people in network.png [default: betweenness, or
    /// in_degree when the folder has no betweenness].
    #[arg(long, value_name = "METRIC")]
    pub size_by: Option<String>,
    /// Seed of the layout.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
}

/// Options of `grapevine generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of people.
    #[arg(long, value_name = "N")]
    pub people: usize,
    /// Number of organizations (sizes proportional to K, K−1, …, 1).
    #[arg(long, value_name = "K", default_value_t = 4)]
    pub orgs: usize,
    /// Mean number of colleagues each person names.
    #[arg(long, value_name = "D", default_value_t = 10.0)]
    pub avg_degree: f64,
    /// Seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Output folder (created if needed; written atomically, like analyze's).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace an existing folder that Grapevine did not write.
    #[arg(long)]
    pub force: bool,
}

/// Which way knowledge moves along a tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FlowArg {
    /// From source to target ("I share information with X", a sent e-mail).
    Along,
    /// From target to source ("I go to X for advice").
    Against,
}

/// Exact or estimated path measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EstimateArg {
    /// Exact up to a documented size, estimated above.
    Auto,
    /// Always exact.
    Exact,
    /// Always estimated.
    Approx,
}

impl From<ChartFormatArg> for crate::render::ChartFormat {
    fn from(a: ChartFormatArg) -> Self {
        match a {
            ChartFormatArg::Png => crate::render::ChartFormat::Png,
            ChartFormatArg::Svg => crate::render::ChartFormat::Svg,
        }
    }
}

/// How tie weights enter path measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PathWeightsArg {
    /// Count hops; weights ignored (the metric definitions' default).
    None,
    /// The weight is the tie's length (minutes, kilometres, cost).
    Distance,
    /// The weight is a strength (frequency, closeness); the length is 1 / weight.
    InverseStrength,
}

/// Network file formats for `--export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// GraphML (network.graphml).
    Graphml,
    /// GEXF 1.3 (network.gexf).
    Gexf,
}

/// Chart file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartFormatArg {
    /// PNG images.
    Png,
    /// SVG vector images (same drawing).
    Svg,
}

/// Where the network comes from: the input options shared by `analyze` and `recommend`.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Edge list (CSV/TSV). Without it, a bundled dataset is analysed.
    #[arg(long, help_heading = "Input", value_name = "FILE")]
    pub edges: Option<PathBuf>,

    /// Roster: one row per person, an `id` column and attributes (e.g. org, department).
    #[arg(long, help_heading = "Input", value_name = "FILE")]
    pub nodes: Option<PathBuf>,

    /// Roster for a survey export: with it, --edges is a survey export (long, wide or matrix;
    /// CSV or XLSX) that is imported first, as `grapevine import` does.
    #[arg(
        long,
        help_heading = "Input",
        value_name = "FILE",
        conflicts_with = "nodes"
    )]
    pub roster: Option<PathBuf>,

    /// Answer labels → weights for a survey export: "Never=0,Rarely=1,Often=3".
    #[arg(
        long,
        help_heading = "Input",
        value_name = "LABEL=W,...",
        requires = "roster"
    )]
    pub scale: Option<String>,

    /// Drop survey answers whose weight is below W.
    #[arg(long, help_heading = "Input", value_name = "W", requires = "roster")]
    pub min_weight: Option<f64>,

    /// Bundled dataset to analyse when no --edges is given (a folder name under datasets/).
    #[arg(long, help_heading = "Input", value_name = "NAME", conflicts_with_all = ["edges", "nodes"])]
    pub dataset: Option<String>,

    /// Roster column that holds each person's group (organization, office, department)
    /// [default: org].
    #[arg(long, help_heading = "Input", value_name = "COLUMN")]
    pub group: Option<String>,

    /// Relation to analyse when the edge list holds several, or `all` to merge them
    /// [default: the only relation in the file].
    #[arg(long, help_heading = "Input", value_name = "NAME|all")]
    pub relation: Option<String>,

    /// Direction of knowledge flow: `along` the ties (source shares with target) or `against`
    /// them (source asks target) [default: a bundled dataset's setting for the relation, else
    /// along]. Only hoarding, the flows chart and the report's reading of them depend on it.
    #[arg(long, help_heading = "Input", value_enum)]
    pub flow: Option<FlowArg>,

    /// Make ids in ties that are not in the roster an error (default: a warning).
    #[arg(long, help_heading = "Input")]
    pub strict: bool,

    /// Name of the source column, when the header uses an unusual one.
    #[arg(long, help_heading = "Input", value_name = "COLUMN")]
    pub source_col: Option<String>,

    /// Name of the target column.
    #[arg(long, help_heading = "Input", value_name = "COLUMN")]
    pub target_col: Option<String>,

    /// Name of the weight column (tie strength: frequency, closeness).
    #[arg(long, help_heading = "Input", value_name = "COLUMN")]
    pub weight_col: Option<String>,

    /// Name of the relation column.
    #[arg(long, help_heading = "Input", value_name = "COLUMN")]
    pub relation_col: Option<String>,
}

/// Options of `grapevine analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Where the network comes from.
    #[command(flatten)]
    pub input: InputArgs,

    /// Output folder [default: output/<dataset>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Replace an existing output folder that Grapevine did not write.
    #[arg(long)]
    pub force: bool,

    /// Worker threads [default: all cores]. Results are identical for any value.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Metric families to compute, comma-separated [default: all]: betweenness, closeness,
    /// harmonic, pagerank, eigenvector, structural_holes, brokerage, reach_loss, community,
    /// ei_test. Degrees and group measures are always computed.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub metrics: Option<Vec<String>>,

    /// Seed for every randomised step (communities, permutation test, layout).
    #[arg(long, default_value_t = 7)]
    pub seed: u64,

    /// Permutations of the E–I test.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub permutations: usize,

    /// Betweenness: `exact` (Brandes), `approx` (Riondato–Kornaropoulos sampling, error at most
    /// --epsilon for every person with probability 1 − --delta), or `auto`: exact while
    /// people × ties ≤ 10^10, approx above (said on stderr and in summary.json `estimated`).
    #[arg(long, value_enum, default_value_t = EstimateArg::Auto, value_name = "MODE")]
    pub betweenness: EstimateArg,

    /// Additive error of approximate betweenness [default: the smallest that fits about 10^9
    /// edge scans, at least 0.01].
    #[arg(long, value_name = "E")]
    pub epsilon: Option<f64>,

    /// Probability that approximate betweenness misses --epsilon for some person.
    #[arg(long, value_name = "D", default_value_t = 0.1)]
    pub delta: f64,

    /// Closeness, harmonic and reach_loss: `exact`, `approx` (sampled sources, error bounds in
    /// summary.json), or `auto` (exact while people × ties ≤ 10^10).
    #[arg(long, value_enum, default_value_t = EstimateArg::Auto, value_name = "MODE")]
    pub paths: EstimateArg,

    /// How tie weights enter betweenness, closeness and harmonic: `none` counts hops (weights
    /// ignored, as the metric definitions say); `distance`: the weight is the tie's length
    /// (minutes, kilometres, cost); `inverse-strength`: the weight is a strength (frequency,
    /// closeness) and the length is 1 / weight, so strong ties are short. Both need positive
    /// weights. Path lengths are compared exactly, so equal-length paths share the credit.
    #[arg(long, value_enum, default_value_t = PathWeightsArg::None, value_name = "MODE")]
    pub path_weights: PathWeightsArg,

    /// Write tables and the report only, no charts (the report then has no images).
    #[arg(long)]
    pub no_charts: bool,

    /// Also write the network with every computed metric for Gephi, NetworkX or igraph:
    /// `graphml`, `gexf` or both (network.graphml, network.gexf).
    #[arg(long, value_name = "FORMATS", value_delimiter = ',')]
    pub export: Vec<ExportFormat>,

    /// Chart size in pixels, WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1600x1200")]
    pub chart_size: String,

    /// Chart file format.
    #[arg(long, value_enum, default_value_t = ChartFormatArg::Png, value_name = "FORMAT")]
    pub chart_format: ChartFormatArg,

    /// Metric that sizes the people in network.png: betweenness, pagerank, eigenvector,
    /// closeness, harmonic, in_degree, out_degree, brokerage_total, reach_loss
    /// [default: betweenness, or in_degree when betweenness is not computed].
    #[arg(long, value_name = "METRIC")]
    pub size_by: Option<String>,

    /// Word for a group in chart titles, the summary and the report (e.g. office, organization)
    /// [default: the bundled dataset's setting, else "group"].
    #[arg(long, value_name = "WORD")]
    pub group_word: Option<String>,

    /// Print how long each stage took (wall and CPU time of all threads) with the peak memory so
    /// far at its end (Linux), how long each metric family took (wall), and the peak memory, on
    /// stderr.
    #[arg(long)]
    pub timings: bool,

    /// Print the summary as JSON on stdout instead of the human summary (with --recommend, its
    /// `recommendations` too).
    #[arg(long)]
    pub json: bool,

    /// Pseudonyms and the group-size floor.
    #[command(flatten)]
    pub privacy: PrivacyArgs,

    /// Also recommend K introductions: introductions.csv, introductions_effect.csv,
    /// pairs_after.csv, recommendations.json, dashed ties in network.png and a "Recommended
    /// introductions" section in the report; see `grapevine recommend --help`.
    #[arg(long, value_name = "K", help_heading = "Recommendations")]
    pub recommend: Option<usize>,

    /// Which introductions.
    #[command(flatten)]
    pub intro: IntroArgs,
}

/// Privacy options shared by `analyze` and `recommend`: they act on the data before the
/// network is built, so every output sees only pseudonyms and merged groups.
#[derive(Debug, Args)]
pub struct PrivacyArgs {
    /// Replace every person id in every output, chart and exported network by a stable
    /// pseudonym such as P-3f9a2c (a keyed BLAKE3 hash of the id; two more digits where two
    /// would collide). The key is --anonymize-key, or else a random key kept in OUT.key beside
    /// the output folder: created on the first run, reused after, never printed and never inside
    /// the folder. Also sets --min-group-size 5 unless it is given.
    #[arg(long, help_heading = "Privacy")]
    pub anonymize: bool,

    /// Secret for --anonymize: the same secret gives the same pseudonyms in every run and folder.
    #[arg(
        long,
        value_name = "KEY",
        requires = "anonymize",
        help_heading = "Privacy"
    )]
    pub anonymize_key: Option<String>,

    /// Merge the groups with fewer than K people into one group "(small groups)" before the
    /// analysis (topped up with the next-smallest groups until it has K), so that no group-level
    /// figure describes fewer than K people; stderr says what was merged [default: 5 with
    /// --anonymize, else off; 0 turns it off].
    #[arg(long, value_name = "K", help_heading = "Privacy")]
    pub min_group_size: Option<usize>,
}

/// Which introductions to look for: options shared by `recommend` and `analyze --recommend`.
#[derive(Debug, Args)]
pub struct IntroArgs {
    /// Only the partnership of these two groups: "GROUP_A,GROUP_B" [default: every pair of
    /// groups].
    #[arg(long, help_heading = "Recommendations", value_name = "GROUP_A,GROUP_B")]
    pub between: Option<String>,

    /// What to improve: `reach` (cut the share of each partnership's reach that hangs on one
    /// person, then connect people who cannot reach each other) or `redundancy` (give every
    /// single point of failure between two groups a parallel route) [default: reach].
    #[arg(
        long,
        help_heading = "Recommendations",
        value_enum,
        value_name = "OBJECTIVE"
    )]
    pub objective: Option<ObjectiveArg>,

    /// Only introduce people at most N steps apart in the network, so that a chain of existing
    /// contacts can make the introduction (at least 2) [default: 3].
    #[arg(long, help_heading = "Recommendations", value_name = "N")]
    pub max_distance: Option<u32>,

    /// Only introduce people with at most N contacts (distinct people they are tied to,
    /// counting introductions already recommended) [default: the 90th percentile of contact
    /// counts].
    #[arg(long, help_heading = "Recommendations", value_name = "N")]
    pub max_degree: Option<usize>,
}

/// What recommended introductions improve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ObjectiveArg {
    /// Cut the partnerships' top reach loss, then add reachable pairs.
    Reach,
    /// Give single points of failure a parallel route.
    Redundancy,
}

/// Options of `grapevine recommend`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Where the network comes from.
    #[command(flatten)]
    pub input: InputArgs,

    /// Number of introductions to recommend.
    #[arg(
        long,
        value_name = "K",
        default_value_t = 5,
        help_heading = "Recommendations"
    )]
    pub k: usize,

    /// Which introductions.
    #[command(flatten)]
    pub intro: IntroArgs,

    /// Pseudonyms and the group-size floor, as for `analyze`.
    #[command(flatten)]
    pub privacy: PrivacyArgs,

    /// Output folder [default: output/<dataset>-introductions].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Replace an existing output folder that Grapevine did not write.
    #[arg(long)]
    pub force: bool,

    /// Worker threads [default: all cores]. Results are identical for any value.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Word for a group in the reasons (e.g. office) [default: the bundled dataset's setting,
    /// else "group"].
    #[arg(long, value_name = "WORD")]
    pub group_word: Option<String>,

    /// Print how long each step took on stderr.
    #[arg(long)]
    pub timings: bool,

    /// Print the recommendations as JSON on stdout instead of the human summary.
    #[arg(long)]
    pub json: bool,
}

impl AnalyzeArgs {
    /// `analyze` with every option at its default (what `grapevine` with no command runs).
    pub fn defaults() -> AnalyzeArgs {
        match Cli::try_parse_from(["grapevine", "analyze"]) {
            Ok(Cli {
                command: Some(Command::Analyze(a)),
                ..
            }) => *a,
            _ => unreachable!("`grapevine analyze` parses"),
        }
    }
}

const RECOMMEND_HELP: &str = "\
Examples:
  grapevine recommend
      five introductions for the bundled Lazega law firm, into output/lazega_lawfirm-introductions/
  grapevine recommend --edges ties.csv --nodes roster.csv --between Bank,City --k 3
  grapevine recommend --edges ties.csv --nodes roster.csv --objective redundancy --max-distance 2
  grapevine recommend --edges ties.csv --nodes roster.csv --anonymize --out share/
      pseudonyms instead of ids in every file and reason, groups under 5 people merged, as for
      `analyze --anonymize` (the same --anonymize-key gives the same pseudonyms)
  grapevine analyze --edges ties.csv --nodes roster.csv --recommend 5
      the whole analysis, the introductions drawn dashed in network.png

An introduction is a new reciprocal tie between two people of different groups who are at most
--max-distance steps apart (an existing contact can introduce them) and not overloaded
(--max-degree). Each is picked greedily, the gains recomputed after every pick:
  reach       first the drop in the partnerships' top reach loss (the share of a partnership's
              reach that hangs on one person), then new pairs of people who can reach each other
  redundancy  first the single points of failure given a parallel route, then the pairs that no
              longer depend on one person, then new reachable pairs
No introduction may raise a partnership's top reach loss. The effect of all of them is measured
on the network with the new ties: introductions_effect.csv gives each affected partnership's
integration score, stage and top reach loss before and after; pairs_after.csv is pairs.csv
recomputed.

Writes introductions.csv, introductions_effect.csv, pairs.csv, pairs_after.csv and
recommendations.json into --out. For charts and a report with a \"Recommended introductions\"
section, run `grapevine analyze --recommend K` (same options).";

const IMPORT_HELP: &str = "\
Examples:
  grapevine import responses.xlsx --roster roster.csv --out ties.csv
  grapevine import survey.csv --roster staff.csv --out ties.csv \\
      --scale \"Never=0,Rarely=1,Sometimes=2,Often=3,Very often=4\" --min-weight 1
  grapevine import advice_matrix.csv --roster roster.csv --format matrix --relation advice \\
      --out advice.csv

Layouts: long (one row per answer: respondent, contact[, relation][, strength]); wide (one row per
respondent, numbered contact columns advice_1..advice_10 give relation `advice`, optional strength
columns advice_1_frequency); matrix (people × people grid, header and first column are ids).
Names are matched to the roster by id, e-mail or name (case, accents, spacing and \"Last, First\"
ignored). Answers that are unknown, ambiguous or name the respondent are never guessed: they are
listed with the closest roster entries in EDGES.unmatched.csv, beside the edge list.

To import and analyse in one step, give the export to analyze: grapevine analyze --edges
responses.xlsx --roster roster.csv [--scale ...] [--min-weight W].";

/// Layout of a survey export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FormatArg {
    /// Detect from the header.
    #[default]
    Auto,
    /// One row per answer.
    Long,
    /// One row per respondent, numbered contact columns.
    Wide,
    /// People × people grid.
    Matrix,
}

/// Options of `grapevine import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The survey export: CSV/TSV (UTF-8, UTF-16, Windows-1252) or a spreadsheet (XLSX, ODS).
    #[arg(value_name = "RESPONSES")]
    pub responses: PathBuf,

    /// Roster: an id column, optional name and e-mail columns, and a group column.
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,

    /// Edge list to write (source,target,weight,relation); the unmatched answers go to
    /// EDGES.unmatched.csv beside it. Files that Grapevine wrote are replaced; any other
    /// existing file needs --force.
    #[arg(long, value_name = "EDGES.csv")]
    pub out: PathBuf,

    /// Replace existing --out files that are not edge lists or reports Grapevine wrote.
    #[arg(long)]
    pub force: bool,

    /// Layout of the export.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,

    /// Name of the relation for a file that names none (matrix, long without a relation
    /// column) [default: tie]; for a file with several questions, import only this one.
    #[arg(long, value_name = "NAME")]
    pub relation: Option<String>,

    /// Weights of answer labels, case-insensitive: "Never=0,Rarely=1,Often=3". Numeric answers
    /// are used as they are.
    #[arg(long, value_name = "LABEL=W,...")]
    pub scale: Option<String>,

    /// Drop ties whose weight is below W (answers of weight 0 are never ties).
    #[arg(long, value_name = "W")]
    pub min_weight: Option<f64>,

    /// Column of the respondent (wide and long layouts).
    #[arg(long, value_name = "COLUMN")]
    pub respondent_col: Option<String>,

    /// Column of the person named (long layout).
    #[arg(long, value_name = "COLUMN")]
    pub contact_col: Option<String>,

    /// Column of the tie strength (long layout).
    #[arg(long, value_name = "COLUMN")]
    pub strength_col: Option<String>,

    /// Column of the question / relation (long layout).
    #[arg(long, value_name = "COLUMN")]
    pub relation_col: Option<String>,

    /// Sheet of a workbook [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// Roster column of person ids [default: id].
    #[arg(long, value_name = "COLUMN")]
    pub id_col: Option<String>,

    /// Roster column of full names [default: name, full name, ...].
    #[arg(long, value_name = "COLUMN")]
    pub name_col: Option<String>,

    /// Roster column of e-mail addresses [default: email, e-mail, ...].
    #[arg(long, value_name = "COLUMN")]
    pub email_col: Option<String>,

    /// Roster column of groups, for response rates [default: org, organization, group, ...].
    #[arg(long, value_name = "COLUMN")]
    pub group: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The help text of `grapevine NAME --help`, as printed.
    fn help_of(name: &str) -> String {
        let mut cmd = Cli::command();
        cmd.build();
        let sub = cmd.find_subcommand_mut(name).expect("subcommand");
        sub.render_long_help().to_string()
    }

    #[test]
    fn examples_fit_the_help_width() {
        // Written lines longer than clap's wrapping width would be broken mid-line.
        let cmd = Cli::command();
        let texts = std::iter::once(&cmd)
            .chain(cmd.get_subcommands())
            .filter_map(|c| {
                c.get_after_help()
                    .map(|h| (c.get_name().to_string(), h.to_string()))
            });
        for (name, text) in texts {
            for line in text.lines() {
                assert!(line.chars().count() <= 100, "{name}: {line}");
            }
        }
    }

    #[test]
    fn help_points_to_the_report_recommendations_and_batch() {
        let analyze = help_of("analyze");
        for want in [
            "report.html",
            "--recommend 5",
            "pairs.csv",
            "Privacy:",
            "Recommendations:",
        ] {
            assert!(analyze.contains(want), "analyze --help lacks {want}");
        }
        let recommend = help_of("recommend");
        for want in [
            "introductions.csv",
            "analyze --recommend K",
            "--anonymize",
            "Privacy:",
        ] {
            assert!(recommend.contains(want), "recommend --help lacks {want}");
        }
        let batch = help_of("batch");
        for want in [
            "recommend = K",
            "path_weights",
            "--verbose",
            "batch_summary.csv",
        ] {
            assert!(batch.contains(want), "batch --help lacks {want}");
        }
        assert!(help_of("render").contains("report.html"));
        assert!(help_of("import").contains("grapevine analyze --edges"));
    }

    #[test]
    fn compare_help_names_its_inputs_files_and_privacy() {
        let compare = help_of("compare");
        for want in [
            "grapevine compare results/2025 results/2026",
            "--nodes roster.csv",
            "changes_pairs.csv",
            "changes_people.csv",
            "compare.json",
            "changes.png",
            "report.html",
            "--anonymize-key",
            "Privacy:",
            "Input:",
        ] {
            assert!(compare.contains(want), "compare --help lacks {want}");
        }
    }

    #[test]
    fn no_command_means_default_analysis() {
        let cli = Cli::try_parse_from(["grapevine"]).unwrap();
        assert!(cli.command.is_none());
        let cli =
            Cli::try_parse_from(["grapevine", "analyze", "--metrics", "betweenness,pagerank"])
                .unwrap();
        let Some(Command::Analyze(a)) = cli.command else {
            panic!("analyze expected")
        };
        assert_eq!(a.metrics.unwrap(), vec!["betweenness", "pagerank"]);
    }
}
