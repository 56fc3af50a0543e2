//! Reading an output folder back for the report: summary.json, pairs.csv, people.csv,
//! groups.csv, the contacts of the top brokers from ties.csv, the recommended introductions
//! (introductions.csv, introductions_effect.csv, recommendations.json) when the folder has them,
//! and the chart files. The report is built from these published files only, so every
//! statement it makes can be checked against them.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ingest::output_dir::{column, number, table, table_cols};
use crate::ingest::text::Table;

/// A person in summary.json `top_brokers`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Broker {
    /// Person id.
    pub id: String,
    /// Their group.
    pub group: String,
    /// Sum of the five roles.
    pub brokerage_total: u64,
    /// Both ends and the broker in one group.
    pub coordinator: u64,
    /// Both ends in one group, the broker in another.
    pub consultant: u64,
    /// From the broker's group out to another.
    pub representative: u64,
    /// From another group into the broker's.
    pub gatekeeper: u64,
    /// Three different groups.
    pub liaison: u64,
}

impl Broker {
    /// The five role counts, in [`crate::analysis::brokerage::ROLES`] order.
    pub fn roles(&self) -> [u64; 5] {
        [
            self.coordinator,
            self.consultant,
            self.representative,
            self.gatekeeper,
            self.liaison,
        ]
    }
}

/// A person in summary.json `boundary_spanners`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Spanner {
    /// Person id.
    pub id: String,
    /// Their group.
    pub group: String,
    /// Distinct contacts in other groups.
    pub external_ties: u64,
    /// Distinct contacts in their own group.
    pub internal_ties: u64,
    /// Other groups reached.
    pub groups_reached: u64,
    /// Partnerships ("A–B") in which they hold most cross ties.
    pub top_spanner_of: Vec<String>,
}

/// A person in summary.json `hoarders`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Hoarder {
    /// Person id.
    pub id: String,
    /// Their group.
    pub group: String,
    /// People they receive knowledge from.
    pub received: f64,
    /// People they pass knowledge to.
    pub given: f64,
    /// (received − given) / (received + given).
    pub hoarding_index: Option<f64>,
}

/// A person in summary.json `single_points_of_failure`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Critical {
    /// Person id.
    pub id: String,
    /// Their group.
    pub group: String,
    /// Share of cross-group reachability lost if they leave.
    pub reach_loss: f64,
}

/// summary.json `key_people`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct KeyPeople {
    /// Highest brokerage.
    pub top_brokers: Vec<Broker>,
    /// Most contacts in other groups.
    pub boundary_spanners: Vec<Spanner>,
    /// Take knowledge in, pass little on.
    pub hoarders: Vec<Hoarder>,
    /// Highest reach_loss.
    pub single_points_of_failure: Vec<Critical>,
}

/// summary.json, as far as the report reads it (README "summary.json"). Keys absent from the
/// file (families left out with `--metrics`) are `None`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct Summary {
    /// Dataset name.
    pub dataset: String,
    /// Analysed relation.
    pub relation: String,
    /// Grouping attribute (roster column).
    pub group_attribute: String,
    /// Word for a group ("office"); empty for "group".
    pub group_word: String,
    /// `along` or `against`.
    pub flow: String,
    /// Date of the analysis.
    pub analysed_on: String,
    /// Version that wrote the folder.
    pub grapevine_version: String,
    /// n.
    pub people: u64,
    /// m.
    pub ties: u64,
    /// Number of groups.
    pub groups: u64,
    /// m / (n (n − 1)).
    pub density: Option<f64>,
    /// Share of ties returned.
    pub reciprocity: Option<f64>,
    /// Clustering of the symmetrised network.
    pub transitivity: Option<f64>,
    /// Weakly connected components.
    pub weak_components: u64,
    /// Share of people in the largest component.
    pub largest_component_share: Option<f64>,
    /// E–I index over ties.
    pub ei_index: Option<f64>,
    /// E–I index group sizes alone would give.
    pub ei_expected: Option<f64>,
    /// Permutation p-value.
    pub ei_p_value: Option<f64>,
    /// Permutations behind the p-value.
    pub ei_permutations: Option<u64>,
    /// Lowest feasible E–I.
    pub ei_feasible_min: Option<f64>,
    /// Highest feasible E–I.
    pub ei_feasible_max: Option<f64>,
    /// Modularity of the groups.
    pub modularity_groups: Option<f64>,
    /// Modularity of the communities.
    pub modularity_communities: Option<f64>,
    /// Number of communities.
    pub communities: Option<u64>,
    /// Self-loops dropped at ingest.
    pub self_loops_dropped: u64,
    /// Duplicates merged at ingest.
    pub duplicates_merged: u64,
    /// Estimated measures with their methods and bounds.
    pub estimated: serde_json::Map<String, serde_json::Value>,
    /// Metric families computed.
    pub computed: Vec<String>,
    /// Seed of the randomised steps.
    pub seed: Option<u64>,
    /// The people behind the headline numbers.
    pub key_people: KeyPeople,
}

/// One row of pairs.csv.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pair {
    /// First group.
    pub a: String,
    /// Second group.
    pub b: String,
    /// Ties from a to b.
    pub ties_ab: u64,
    /// Ties from b to a.
    pub ties_ba: u64,
    /// Share of cross ties returned.
    pub reciprocated_share: Option<f64>,
    /// People of a holding a cross tie.
    pub spanners_a: u64,
    /// People of b holding a cross tie.
    pub spanners_b: u64,
    /// Share of cross ties touching the two busiest people.
    pub top_two_share: Option<f64>,
    /// The person holding most cross ties.
    pub top_spanner: Option<String>,
    /// (ties_ab − ties_ba) / (ties_ab + ties_ba).
    pub net_flow: Option<f64>,
    /// Share of the pair's reach lost if the top spanner leaves.
    pub reach_lost_top_spanner: Option<f64>,
    /// Mean of breadth, spread, reciprocity, robustness.
    pub integration_score: f64,
    /// Stage.
    pub stage: String,
}

impl Pair {
    /// Cross ties, both directions.
    pub fn ties(&self) -> u64 {
        self.ties_ab + self.ties_ba
    }

    /// "A–B".
    pub fn name(&self) -> String {
        format!("{}–{}", self.a, self.b)
    }
}

/// One row of people.csv, as far as the report reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    /// Id.
    pub id: String,
    /// Group.
    pub group: String,
    /// Distinct people naming them.
    pub in_degree: f64,
    /// Distinct people they name.
    pub out_degree: f64,
    /// Gould–Fernandez role counts (None without brokerage).
    pub roles: Option<[u64; 5]>,
    /// Distinct contacts in other groups.
    pub external_ties: f64,
    /// Hoarding index.
    pub hoarding_index: Option<f64>,
    /// Reach lost if they leave (None when not computed).
    pub reach_loss: Option<f64>,
    /// Community id (None when not computed).
    pub community: Option<u64>,
}

/// One row of groups.csv.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    /// Name.
    pub name: String,
    /// Members.
    pub size: u64,
    /// Ties inside.
    pub ties_internal: u64,
    /// Ties to other groups.
    pub ties_out: u64,
    /// Ties from other groups.
    pub ties_in: u64,
    /// Internal density.
    pub density_internal: Option<f64>,
    /// Group E–I.
    pub ei_index: Option<f64>,
    /// Members with a cross tie.
    pub spanners: u64,
    /// Largest share of cross ties on one member.
    pub top_spanner_share: Option<f64>,
    /// Survey response rate, when the folder has it.
    pub response_rate: Option<f64>,
}

/// A chart file of the folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File name, e.g. `network.png`.
    pub file: String,
    /// Media type.
    pub media_type: &'static str,
    /// Bytes.
    pub bytes: Vec<u8>,
}

/// One row of introductions.csv, as far as the report reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Introduction {
    /// Order of the pick (1 first).
    pub rank: u64,
    /// The first person.
    pub person_a: String,
    /// Their group.
    pub group_a: String,
    /// The second person.
    pub person_b: String,
    /// Their group.
    pub group_b: String,
    /// Steps between them in the network.
    pub distance: u64,
    /// A shortest chain of contacts between them (who can make the introduction).
    pub introduced_by: Vec<String>,
    /// The one-line reason.
    pub reason: String,
}

/// One row of introductions_effect.csv: a partnership before and after the introductions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntroEffect {
    /// First group.
    pub a: String,
    /// Second group.
    pub b: String,
    /// Introductions between the two groups.
    pub introductions: u64,
    /// pairs.csv `integration_score`, before and after.
    pub score: (f64, f64),
    /// pairs.csv `stage`, before and after.
    pub stage: (String, String),
    /// The partnership's top reach loss, before and after.
    pub top_reach_loss: (f64, f64),
    /// Who has it, before and after (None: nobody's leaving cuts any reach).
    pub top_person: (Option<String>, Option<String>),
    /// Reachable ordered pairs across the partnership, before and after.
    pub reachable_pairs: (u64, u64),
}

impl IntroEffect {
    /// "A–B".
    pub fn name(&self) -> String {
        format!("{}–{}", self.a, self.b)
    }
}

/// recommendations.json, as far as the report reads it.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
struct RecommendationsFile {
    objective: String,
    requested: u64,
    stopped: Option<String>,
    between: Option<Vec<String>>,
    max_distance: u64,
    degree_cap: u64,
    candidates: u64,
}

/// The recommended introductions of a folder written with `--recommend K`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recommended {
    /// `reach` or `redundancy`.
    pub objective: String,
    /// Introductions asked for (K).
    pub requested: u64,
    /// Why fewer than K were recommended, if so.
    pub stopped: Option<String>,
    /// `--between`: the two groups, when the search was limited to them.
    pub between: Option<(String, String)>,
    /// Most steps between two people introduced.
    pub max_distance: u64,
    /// Most contacts a person introduced may have.
    pub degree_cap: u64,
    /// Candidate introductions evaluated.
    pub candidates: u64,
    /// introductions.csv rows, in the order picked.
    pub introductions: Vec<Introduction>,
    /// introductions_effect.csv rows, in file order.
    pub effect: Vec<IntroEffect>,
}

/// Everything the report reads from one output folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outputs {
    /// summary.json.
    pub summary: Summary,
    /// pairs.csv rows, in file order.
    pub pairs: Vec<Pair>,
    /// people.csv rows, in file order.
    pub people: Vec<Person>,
    /// groups.csv rows, in file order.
    pub groups: Vec<Group>,
    /// For each top broker: distinct contacts per other group (from ties.csv), most first;
    /// empty when ties.csv is absent.
    pub broker_contacts: BTreeMap<String, Vec<(String, u64)>>,
    /// Chart files by chart name (`network`, `flows`, ...).
    pub charts: BTreeMap<String, Chart>,
    /// The recommended introductions, when the folder has introductions.csv.
    pub recommended: Option<Recommended>,
}

fn media_type(ext: &str) -> &'static str {
    match ext {
        "svg" => "image/svg+xml",
        _ => "image/png",
    }
}

fn read_summary(dir: &Path) -> Result<Summary> {
    let path = dir.join("summary.json");
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "cannot read", e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::file(
            &path,
            format!("not a summary written by `grapevine analyze`: {e}"),
        )
    })
}

/// Typed access to the cells of one table.
struct Cells<'a> {
    t: &'a Table,
    path: std::path::PathBuf,
}

impl Cells<'_> {
    fn col(&self, name: &str) -> Result<usize> {
        column(self.t, &self.path, name)
    }
    fn opt_col(&self, name: &str) -> Option<usize> {
        self.t.header.iter().position(|h| h == name)
    }
    fn text(&self, row: usize, col: usize) -> String {
        self.t.records[row].1[col].to_string()
    }
    fn num(&self, row: usize, col: usize) -> Result<Option<f64>> {
        number(self.t, row, col, &self.path)
    }
    fn count(&self, row: usize, col: usize) -> Result<u64> {
        Ok(self.num(row, col)?.unwrap_or(0.0).max(0.0) as u64)
    }
    fn opt(&self, row: usize, col: Option<usize>) -> Result<Option<f64>> {
        col.map_or(Ok(None), |c| self.num(row, c))
    }
}

fn read_pairs(dir: &Path) -> Result<Vec<Pair>> {
    let t = table(dir, "pairs.csv")?;
    let c = Cells {
        t: &t,
        path: dir.join("pairs.csv"),
    };
    let cols: Vec<usize> = [
        "group_a",
        "group_b",
        "ties_ab",
        "ties_ba",
        "reciprocated_share",
        "spanners_a",
        "spanners_b",
        "top_two_share",
        "top_spanner",
        "net_flow",
        "reach_lost_top_spanner",
        "integration_score",
        "stage",
    ]
    .iter()
    .map(|n| c.col(n))
    .collect::<Result<_>>()?;
    (0..t.records.len())
        .map(|r| {
            Ok(Pair {
                a: c.text(r, cols[0]),
                b: c.text(r, cols[1]),
                ties_ab: c.count(r, cols[2])?,
                ties_ba: c.count(r, cols[3])?,
                reciprocated_share: c.num(r, cols[4])?,
                spanners_a: c.count(r, cols[5])?,
                spanners_b: c.count(r, cols[6])?,
                top_two_share: c.num(r, cols[7])?,
                top_spanner: Some(c.text(r, cols[8])).filter(|s| !s.is_empty()),
                net_flow: c.num(r, cols[9])?,
                reach_lost_top_spanner: c.num(r, cols[10])?,
                integration_score: c.num(r, cols[11])?.unwrap_or(0.0),
                stage: c.text(r, cols[12]),
            })
        })
        .collect()
}

fn read_people(dir: &Path) -> Result<Vec<Person>> {
    // Only the columns read here: all of people.csv at a million people is too big to hold.
    let mut cols = vec![
        "id",
        "group",
        "in_degree",
        "out_degree",
        "external_ties",
        "hoarding_index",
        "reach_loss",
        "community",
    ];
    cols.extend(crate::analysis::brokerage::ROLES);
    let t = table_cols(dir, "people.csv", &cols, &mut |_, _| true)?;
    let c = Cells {
        t: &t,
        path: dir.join("people.csv"),
    };
    let (id, group) = (c.col("id")?, c.col("group")?);
    let (ind, outd) = (c.col("in_degree")?, c.col("out_degree")?);
    let ext = c.col("external_ties")?;
    let hoard = c.opt_col("hoarding_index");
    let reach = c.opt_col("reach_loss");
    let community = c.opt_col("community");
    let roles: Option<Vec<usize>> = crate::analysis::brokerage::ROLES
        .iter()
        .map(|r| c.opt_col(r))
        .collect();
    (0..t.records.len())
        .map(|r| {
            let roles = match &roles {
                Some(cols) => {
                    let mut v = [0u64; 5];
                    for (k, &col) in cols.iter().enumerate() {
                        v[k] = c.count(r, col)?;
                    }
                    Some(v)
                }
                None => None,
            };
            Ok(Person {
                id: c.text(r, id),
                group: c.text(r, group),
                in_degree: c.num(r, ind)?.unwrap_or(0.0),
                out_degree: c.num(r, outd)?.unwrap_or(0.0),
                roles,
                external_ties: c.num(r, ext)?.unwrap_or(0.0),
                hoarding_index: c.opt(r, hoard)?,
                reach_loss: match reach {
                    Some(col) => Some(c.num(r, col)?.unwrap_or(0.0)),
                    None => None,
                },
                community: c.opt(r, community)?.map(|x| x as u64),
            })
        })
        .collect()
}

fn read_groups(dir: &Path) -> Result<Vec<Group>> {
    let t = table(dir, "groups.csv")?;
    let c = Cells {
        t: &t,
        path: dir.join("groups.csv"),
    };
    let cols: Vec<usize> = [
        "group",
        "size",
        "ties_internal",
        "ties_out",
        "ties_in",
        "density_internal",
        "ei_index",
        "spanners",
        "top_spanner_share",
    ]
    .iter()
    .map(|n| c.col(n))
    .collect::<Result<_>>()?;
    let rate = c.opt_col("response_rate");
    (0..t.records.len())
        .map(|r| {
            Ok(Group {
                name: c.text(r, cols[0]),
                size: c.count(r, cols[1])?,
                ties_internal: c.count(r, cols[2])?,
                ties_out: c.count(r, cols[3])?,
                ties_in: c.count(r, cols[4])?,
                density_internal: c.num(r, cols[5])?,
                ei_index: c.num(r, cols[6])?,
                spanners: c.count(r, cols[7])?,
                top_spanner_share: c.num(r, cols[8])?,
                response_rate: c.opt(r, rate)?,
            })
        })
        .collect()
}

fn read_recommended(dir: &Path) -> Result<Option<Recommended>> {
    if !dir.join("introductions.csv").exists() {
        return Ok(None);
    }
    let path = dir.join("recommendations.json");
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "cannot read", e))?;
    let file: RecommendationsFile = serde_json::from_slice(&bytes).map_err(|e| {
        Error::file(
            &path,
            format!("not recommendations written by `grapevine analyze --recommend`: {e}"),
        )
    })?;

    let t = table(dir, "introductions.csv")?;
    let c = Cells {
        t: &t,
        path: dir.join("introductions.csv"),
    };
    let cols: Vec<usize> = [
        "rank",
        "person_a",
        "group_a",
        "person_b",
        "group_b",
        "distance",
        "introduced_by",
        "reason",
    ]
    .iter()
    .map(|n| c.col(n))
    .collect::<Result<_>>()?;
    let introductions = (0..t.records.len())
        .map(|r| {
            Ok(Introduction {
                rank: c.count(r, cols[0])?,
                person_a: c.text(r, cols[1]),
                group_a: c.text(r, cols[2]),
                person_b: c.text(r, cols[3]),
                group_b: c.text(r, cols[4]),
                distance: c.count(r, cols[5])?,
                introduced_by: c
                    .text(r, cols[6])
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
                reason: c.text(r, cols[7]),
            })
        })
        .collect::<Result<Vec<_>>>()?;

    let t = table(dir, "introductions_effect.csv")?;
    let c = Cells {
        t: &t,
        path: dir.join("introductions_effect.csv"),
    };
    let cols: Vec<usize> = [
        "group_a",
        "group_b",
        "introductions",
        "integration_score_before",
        "integration_score_after",
        "stage_before",
        "stage_after",
        "top_reach_loss_before",
        "top_reach_loss_after",
        "top_reach_loss_person_before",
        "top_reach_loss_person_after",
        "reachable_pairs_before",
        "reachable_pairs_after",
    ]
    .iter()
    .map(|n| c.col(n))
    .collect::<Result<_>>()?;
    let person = |r: usize, col: usize| Some(c.text(r, col)).filter(|s| !s.is_empty());
    let effect = (0..t.records.len())
        .map(|r| {
            Ok(IntroEffect {
                a: c.text(r, cols[0]),
                b: c.text(r, cols[1]),
                introductions: c.count(r, cols[2])?,
                score: (
                    c.num(r, cols[3])?.unwrap_or(0.0),
                    c.num(r, cols[4])?.unwrap_or(0.0),
                ),
                stage: (c.text(r, cols[5]), c.text(r, cols[6])),
                top_reach_loss: (
                    c.num(r, cols[7])?.unwrap_or(0.0),
                    c.num(r, cols[8])?.unwrap_or(0.0),
                ),
                top_person: (person(r, cols[9]), person(r, cols[10])),
                reachable_pairs: (c.count(r, cols[11])?, c.count(r, cols[12])?),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Some(Recommended {
        objective: file.objective,
        requested: file.requested,
        stopped: file.stopped,
        between: file.between.and_then(|v| match v.as_slice() {
            [a, b] => Some((a.clone(), b.clone())),
            _ => None,
        }),
        max_distance: file.max_distance,
        degree_cap: file.degree_cap,
        candidates: file.candidates,
        introductions,
        effect,
    }))
}

/// Distinct contacts (either direction) in other groups of each person in `ids`, counted per
/// group from ties.csv; most contacts first, ties of count by group name.
fn contacts_by_group(
    dir: &Path,
    ids: &[&str],
    people: &[Person],
) -> Result<BTreeMap<String, Vec<(String, u64)>>> {
    let mut out = BTreeMap::new();
    if ids.is_empty() || !dir.join("ties.csv").exists() {
        return Ok(out);
    }
    // Only the ties of the people listed (ties.csv has every tie: millions at scale).
    let wanted: rustc_hash::FxHashSet<&str> = ids.iter().copied().collect();
    let t = table_cols(dir, "ties.csv", &["source", "target"], &mut |_, cells| {
        cells.iter().any(|c| wanted.contains(c))
    })?;
    let group: FxHashMap<&str, &str> = people
        .iter()
        .map(|p| (p.id.as_str(), p.group.as_str()))
        .collect();
    let mut contacts: FxHashMap<&str, Vec<&str>> = ids.iter().map(|&id| (id, Vec::new())).collect();
    for (_, rec) in &t.records {
        let (s, d) = (&rec[0], &rec[1]);
        if let Some(v) = contacts.get_mut(s) {
            v.push(d);
        }
        if let Some(v) = contacts.get_mut(d) {
            v.push(s);
        }
    }
    for (id, mut list) in contacts {
        list.sort_unstable();
        list.dedup();
        let own = group.get(id).copied().unwrap_or_default();
        let mut per: BTreeMap<&str, u64> = BTreeMap::new();
        for other in list {
            let g = group.get(other).copied().unwrap_or_default();
            if g != own {
                *per.entry(g).or_default() += 1;
            }
        }
        let mut v: Vec<(String, u64)> = per.into_iter().map(|(g, n)| (g.to_string(), n)).collect();
        v.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        out.insert(id.to_string(), v);
    }
    Ok(out)
}

impl Outputs {
    /// Reads the output folder `dir`; `chart_ext` is the chart format to prefer when both a
    /// PNG and an SVG of one chart are present.
    pub fn read(dir: &Path, chart_ext: &str) -> Result<Outputs> {
        let summary = read_summary(dir)?;
        let pairs = read_pairs(dir)?;
        let people = read_people(dir)?;
        let groups = read_groups(dir)?;
        let ids: Vec<&str> = summary
            .key_people
            .top_brokers
            .iter()
            .map(|b| b.id.as_str())
            .collect();
        let broker_contacts = contacts_by_group(dir, &ids, &people)?;
        let recommended = read_recommended(dir)?;
        let mut charts = BTreeMap::new();
        for name in crate::render::CHART_NAMES {
            let exts = if chart_ext == "svg" {
                ["svg", "png"]
            } else {
                ["png", "svg"]
            };
            for ext in exts {
                let file = format!("{name}.{ext}");
                let path = dir.join(&file);
                if path.is_file() {
                    let bytes =
                        std::fs::read(&path).map_err(|e| Error::io(&path, "cannot read", e))?;
                    charts.insert(
                        name.to_string(),
                        Chart {
                            file,
                            media_type: media_type(ext),
                            bytes,
                        },
                    );
                    break;
                }
            }
        }
        Ok(Outputs {
            summary,
            pairs,
            people,
            groups,
            broker_contacts,
            charts,
            recommended,
        })
    }

    /// Whether the metric family `name` (summary.json `computed`) was computed.
    pub fn computed(&self, name: &str) -> bool {
        self.summary.computed.iter().any(|c| c == name)
    }

    /// The size of group `name` (0 when unknown).
    pub fn size_of(&self, name: &str) -> u64 {
        self.groups
            .iter()
            .find(|g| g.name == name)
            .map_or(0, |g| g.size)
    }

    /// Knowledge received and given per person, as the hoarder rule reads them: in- and
    /// out-degree, swapped when knowledge flows against the ties.
    pub fn received_given(&self) -> (Vec<f64>, Vec<f64>) {
        let against = self.summary.flow == "against";
        self.people
            .iter()
            .map(|p| {
                if against {
                    (p.out_degree, p.in_degree)
                } else {
                    (p.in_degree, p.out_degree)
                }
            })
            .unzip()
    }
}
