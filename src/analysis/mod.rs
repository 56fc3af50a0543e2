//! Analysis: every metric of the metric contract (METRICS.md), computed on a
//! [`crate::graph::Graph`] and gathered in an [`Analysis`].
//!
//! Where each output column is computed:
//!
//! | output column(s) | module |
//! |---|---|
//! | in/out degree and strength | [`degree`] |
//! | betweenness, closeness, harmonic, pagerank, eigenvector | [`centrality`] |
//! | constraint, effective_size, efficiency, hierarchy | [`structural_holes`] |
//! | coordinator, consultant, representative, gatekeeper, liaison, brokerage_total; brokerage.csv | [`brokerage`] |
//! | external_ties, internal_ties, ei_index, hoarding_index; groups.csv, boundary.csv | [`boundary`] |
//! | reach_loss | [`reach`] |
//! | community; modularity_groups, modularity_communities | [`community`] |
//! | ei_p_value, ei_feasible_min/max | [`ei_test`] |
//! | density, reciprocity, transitivity, weak components | [`network`] |
//! | pairs.csv (partnerships, integration score) | [`pairs`] |
//! | key_people (summary.json) | [`findings`] |
//! | introductions.csv (recommended introductions and their effect) | [`recommend`] |
//!
//! Metric families beyond the always-computed core are chosen with [`Family`] (`--metrics`).

pub mod boundary;
pub mod brokerage;
pub mod centrality;
pub mod community;
pub mod degree;
pub mod ei_test;
pub mod findings;
pub mod network;
pub mod pairs;
pub mod reach;
pub mod recommend;
pub mod structural_holes;

use std::collections::BTreeSet;

use crate::graph::Graph;
pub use boundary::Flow;
use boundary::{Boundary, GroupRow, PersonBoundary};

/// A metric family that `--metrics` can select. Degrees and the boundary measures are always
/// computed (they cost one pass over the ties).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Brandes betweenness.
    Betweenness,
    /// Closeness (Wasserman–Faust).
    Closeness,
    /// Harmonic centrality.
    Harmonic,
    /// PageRank.
    Pagerank,
    /// Eigenvector centrality.
    Eigenvector,
    /// Burt's constraint, effective size, efficiency, hierarchy.
    StructuralHoles,
    /// Gould–Fernandez brokerage roles.
    Brokerage,
    /// Reach lost if a person leaves.
    ReachLoss,
    /// Modularity communities.
    Community,
    /// The E–I permutation test.
    EiTest,
}

impl Family {
    /// Every family with its `--metrics` name, in column order.
    pub const ALL: [(Family, &'static str); 10] = [
        (Family::Betweenness, "betweenness"),
        (Family::Closeness, "closeness"),
        (Family::Harmonic, "harmonic"),
        (Family::Pagerank, "pagerank"),
        (Family::Eigenvector, "eigenvector"),
        (Family::StructuralHoles, "structural_holes"),
        (Family::Brokerage, "brokerage"),
        (Family::ReachLoss, "reach_loss"),
        (Family::Community, "community"),
        (Family::EiTest, "ei_test"),
    ];

    /// Parses a `--metrics` name (aliases: `constraint` for structural_holes, `communities`,
    /// `permutation`).
    pub fn parse(name: &str) -> Option<Family> {
        let name = name.trim().to_ascii_lowercase().replace('-', "_");
        let alias = match name.as_str() {
            "constraint" | "burt" => "structural_holes",
            "communities" | "modularity" => "community",
            "permutation" | "ei_p_value" => "ei_test",
            "gould_fernandez" => "brokerage",
            other => other,
        };
        Family::ALL
            .iter()
            .find(|(_, n)| *n == alias)
            .map(|(f, _)| *f)
    }

    /// The `--metrics` names, comma-separated (for help and error messages).
    pub fn names() -> String {
        Family::ALL.map(|(_, n)| n).join(", ")
    }
}

/// When path measures (betweenness, closeness, harmonic, reach_loss, pair robustness) are
/// estimated by sampling instead of computed exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Estimate {
    /// Exact while n · m ≤ [`EXACT_WORK_LIMIT`], estimated above.
    #[default]
    Auto,
    /// Always exact (may take hours on millions of ties).
    Never,
    /// Always estimated.
    Always,
}

/// Largest n · m (people × ties) for which path measures are exact by default: about 10^10 edge
/// scans, a minute or two of betweenness on 2 cores.
pub const EXACT_WORK_LIMIT: f64 = 1e10;
/// Edge scans all estimates of one analysis may spend together (in units of one edge scan of
/// a plain breadth-first search): each estimated family gets a share ([`Budget`]) and sizes its
/// sample to fit, using its measured cost per sample. About a minute and a half on 2 cores at
/// 1 million people and 10 million ties.
pub const ESTIMATE_WORK_BUDGET: f64 = 3e9;

/// One estimated family's share of [`ESTIMATE_WORK_BUDGET`] and its cost per sample, in edge
/// scans per tie (measured on `grapevine generate` networks at 100,000 people: one sampled
/// betweenness pair ≈ one BFS; one closeness pivot ≈ 1/4 BFS in 64-source bit-parallel
/// traversals; one reach_loss source ≈ 6 BFS (depth-first search, predecessor lists and
/// dominator sweeps); one E–I permutation ≈ 1/5 BFS).
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Share of [`ESTIMATE_WORK_BUDGET`].
    pub share: f64,
    /// Edge scans per sample, per tie.
    pub cost_per_tie: f64,
}

impl Budget {
    /// Sampled betweenness (Riondato–Kornaropoulos pairs).
    pub const BETWEENNESS: Budget = Budget {
        share: 0.35,
        cost_per_tie: 1.0,
    };
    /// Closeness and harmonic pivots.
    pub const CLOSENESS: Budget = Budget {
        share: 0.15,
        cost_per_tie: 0.25,
    };
    /// Weighted closeness and harmonic pivots (one Dijkstra each).
    pub const CLOSENESS_WEIGHTED: Budget = Budget {
        share: 0.15,
        cost_per_tie: 1.0,
    };
    /// reach_loss sources.
    pub const REACH_LOSS: Budget = Budget {
        share: 0.35,
        cost_per_tie: 6.0,
    };
    /// E–I permutations.
    pub const EI_TEST: Budget = Budget {
        share: 0.15,
        cost_per_tie: 0.2,
    };

    /// Edge scans this family may spend.
    pub fn scans(self) -> f64 {
        self.share * ESTIMATE_WORK_BUDGET
    }

    /// Samples that fit this family's share on a network of `m` ties, between `min` and `max`.
    pub fn samples(self, m: f64, min: usize, max: usize) -> usize {
        ((self.scans() / (self.cost_per_tie * m).max(1.0)) as usize).clamp(min, max.max(min))
    }
}

/// What to compute, and how.
#[derive(Debug, Clone)]
pub struct AnalysisOptions {
    /// Families to compute.
    pub families: BTreeSet<Family>,
    /// Direction of knowledge flow along ties.
    pub flow: Flow,
    /// Seed for every randomised step (communities, permutation test, layouts).
    pub seed: u64,
    /// Permutations of the E–I test.
    pub permutations: usize,
    /// Betweenness: exact or Riondato–Kornaropoulos estimate.
    pub betweenness: Estimate,
    /// Closeness, harmonic, reach_loss and pair robustness: exact or sampled.
    pub estimates: Estimate,
    /// Betweenness estimate: additive error (None: the smallest that fits the work budget,
    /// at least 0.01).
    pub epsilon: Option<f64>,
    /// Betweenness estimate: probability that some person misses the error bound.
    pub delta: f64,
    /// How tie weights enter betweenness, closeness and harmonic (default: hop counts).
    pub path_weights: centrality::PathWeights,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            families: Family::ALL.iter().map(|(f, _)| *f).collect(),
            flow: Flow::Along,
            seed: 7,
            permutations: 10_000,
            betweenness: Estimate::Auto,
            estimates: Estimate::Auto,
            epsilon: None,
            delta: 0.1,
            path_weights: centrality::PathWeights::Hops,
        }
    }
}

impl Estimate {
    fn applies(self, g: &Graph) -> bool {
        match self {
            Estimate::Auto => g.n() as f64 * g.m() as f64 > EXACT_WORK_LIMIT,
            Estimate::Never => false,
            Estimate::Always => true,
        }
    }
}

/// The per-person columns of people.csv; optional families are `None` when not computed.
#[derive(Debug, Clone)]
pub struct People {
    /// Distinct in-neighbours.
    pub in_degree: Vec<u32>,
    /// Distinct out-neighbours.
    pub out_degree: Vec<u32>,
    /// Sum of incoming weights.
    pub in_strength: Vec<f64>,
    /// Sum of outgoing weights.
    pub out_strength: Vec<f64>,
    /// Boundary columns (external/internal ties, E–I, hoarding).
    pub boundary: PersonBoundary,
    /// Normalised betweenness.
    pub betweenness: Option<Vec<f64>>,
    /// Closeness (incoming distances, Wasserman–Faust).
    pub closeness: Option<Vec<f64>>,
    /// Harmonic centrality / (n − 1).
    pub harmonic: Option<Vec<f64>>,
    /// PageRank.
    pub pagerank: Option<Vec<f64>>,
    /// Eigenvector centrality.
    pub eigenvector: Option<Vec<f64>>,
    /// Burt's measures.
    pub structural_holes: Option<structural_holes::StructuralHoles>,
    /// Gould–Fernandez roles.
    pub brokerage: Option<brokerage::Brokerage>,
    /// Reach lost if the person leaves.
    pub reach_loss: Option<Vec<f64>>,
    /// Community of each person.
    pub community: Option<Vec<u32>>,
}

/// Whole-network figures (summary.json).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    /// n.
    pub people: usize,
    /// m.
    pub ties: usize,
    /// Number of groups.
    pub groups: usize,
    /// m / (n (n − 1)).
    pub density: f64,
    /// Share of ties whose reverse exists.
    pub reciprocity: Option<f64>,
    /// Global clustering of the symmetrised graph.
    pub transitivity: f64,
    /// Number of weakly connected components.
    pub weak_components: usize,
    /// Share of people in the largest weak component.
    pub largest_component_share: Option<f64>,
    /// (E − I)/(E + I) over ties.
    pub ei_index: Option<f64>,
    /// E–I expected from group sizes.
    pub ei_expected: Option<f64>,
    /// Self-loops dropped at ingest.
    pub self_loops_dropped: usize,
    /// Duplicate ties merged at ingest.
    pub duplicates_merged: usize,
    /// Permutation p-value of the E–I index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ei_p_value: Option<Option<f64>>,
    /// Permutations run for the p-value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ei_permutations: Option<usize>,
    /// Lowest E–I index feasible with this many ties and these group sizes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ei_feasible_min: Option<Option<f64>>,
    /// Highest E–I index feasible with this many ties and these group sizes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ei_feasible_max: Option<Option<f64>>,
    /// Directed modularity of the group partition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modularity_groups: Option<f64>,
    /// Directed modularity of the community partition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modularity_communities: Option<f64>,
    /// Number of communities found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub communities: Option<usize>,
    /// Measures that were estimated rather than computed exactly, with their error bounds.
    pub estimated: serde_json::Map<String, serde_json::Value>,
    /// With weighted paths: the integer length unit and whether lengths are exact (written
    /// beside `path_weights` in summary.json's provenance).
    #[serde(skip)]
    pub path_lengths: Option<serde_json::Value>,
}

/// Everything computed for one network.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Per-person columns.
    pub people: People,
    /// Group × group tables.
    pub boundary: Boundary,
    /// groups.csv rows.
    pub groups: Vec<GroupRow>,
    /// pairs.csv rows (partnerships).
    pub pairs: Vec<pairs::PairRow>,
    /// The people and numbers behind the headline findings.
    pub findings: findings::Findings,
    /// Whole-network figures.
    pub summary: Summary,
    /// The options used.
    pub options: AnalysisOptions,
    /// Seconds each metric family took (for `--timings`; never written to files, which must
    /// not change between runs).
    pub timings: Vec<(&'static str, f64)>,
}

/// Wall-clock seconds per step, collected while the analysis runs; `on_stage` hears the name of
/// each step as it starts (for a progress display).
struct Timings<'a> {
    steps: std::cell::RefCell<Vec<(&'static str, f64)>>,
    on_stage: &'a (dyn Fn(&'static str) + Sync),
}

impl Timings<'_> {
    fn time<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        (self.on_stage)(name);
        let start = std::time::Instant::now();
        let out = f();
        self.steps
            .borrow_mut()
            .push((name, start.elapsed().as_secs_f64()));
        out
    }
}

impl Analysis {
    /// Records which people answered the survey: groups.csv gets each group's response rate.
    pub fn set_response_rates(&mut self, g: &Graph, responded: &[bool]) {
        let mut counts = vec![(0usize, 0usize); g.group_count()];
        for v in 0..g.n() {
            let c = &mut counts[g.group(v) as usize];
            c.0 += 1;
            c.1 += usize::from(responded.get(v).copied().unwrap_or(false));
        }
        for (row, (size, answered)) in self.groups.iter_mut().zip(counts) {
            row.response_rate = (size > 0).then(|| answered as f64 / size as f64);
        }
    }
}

/// The partnership table (pairs.csv) of `g` as [`Analysis::compute`] computes it with these
/// options: the robustness component needs exact reach (reach_loss requested and the network
/// within the exact size), else it counts as 0. Also used to recompute the table on a network
/// with recommended introductions.
pub fn partnerships(g: &Graph, options: &AnalysisOptions) -> Vec<pairs::PairRow> {
    if options.families.contains(&Family::ReachLoss) && !options.estimates.applies(g) {
        // Robustness needs the reach each pair loses with its top spanner.
        let first = pairs::pairs(g, |_, _, _| None);
        let queries: Vec<(u32, u32, u32)> = first
            .iter()
            .filter_map(|r| r.top_spanner.map(|x| (r.a, r.b, x)))
            .collect();
        let lost = reach::pair_reach_loss(g, &queries);
        let by_pair: std::collections::HashMap<(u32, u32), Option<f64>> = queries
            .iter()
            .zip(lost)
            .map(|(&(a, b, _), l)| ((a, b), l))
            .collect();
        pairs::pairs(g, |a, b, _| by_pair.get(&(a, b)).copied().flatten())
    } else {
        pairs::pairs(g, |_, _, _| None)
    }
}

impl Analysis {
    /// Runs every requested family on `g`.
    ///
    /// # Errors
    /// With weighted paths (`options.path_weights`), a tie whose weight is not a positive,
    /// finite number.
    pub fn compute(
        g: &Graph,
        options: &AnalysisOptions,
    ) -> Result<Analysis, centrality::PathLengthError> {
        Self::compute_observed(g, options, &|_| {})
    }

    /// [`Analysis::compute`], calling `on_stage` with the name of each metric family as it
    /// starts (`betweenness`, `reach_loss`, ...), so a caller can show progress. The callback
    /// never changes what is computed.
    ///
    /// # Errors
    /// As [`Analysis::compute`].
    pub fn compute_observed(
        g: &Graph,
        options: &AnalysisOptions,
        on_stage: &(dyn Fn(&'static str) + Sync),
    ) -> Result<Analysis, centrality::PathLengthError> {
        let lengths = match options.path_weights {
            centrality::PathWeights::Hops => None,
            mode => Some(centrality::PathLengths::new(g, mode)?),
        };
        let lengths = lengths.as_ref();
        let wants = |f: Family| options.families.contains(&f);
        let when = |f: Family, compute: &dyn Fn() -> Vec<f64>| wants(f).then(compute);
        let clock = Timings {
            steps: Default::default(),
            on_stage,
        };
        // Computed on every run, whatever --metrics says.
        let ((in_degree, out_degree, in_strength, out_strength), boundary) = clock
            .time("degrees_boundary", || {
                (degree::degrees(g), Boundary::compute(g))
            });
        let mut estimated = serde_json::Map::new();
        let m = g.m().max(1) as f64;
        let sampled = options.estimates.applies(g);
        let (closeness, harmonic) = clock.time("closeness_harmonic", || {
            if wants(Family::Closeness) || wants(Family::Harmonic) {
                let (c, h) = if sampled {
                    let budget = match lengths {
                        None => Budget::CLOSENESS,
                        Some(_) => Budget::CLOSENESS_WEIGHTED,
                    };
                    let k = budget.samples(m, 100, g.n());
                    let (c, h, info) = match lengths {
                        None => centrality::closeness_harmonic_sampled(g, k, options.seed),
                        Some(l) => {
                            centrality::closeness_harmonic_sampled_weighted(g, l, k, options.seed)
                        }
                    };
                    estimated.insert(
                        "closeness_harmonic".into(),
                        serde_json::json!({
                            "method": "pivot sampling (Eppstein–Wang)",
                            "samples": info.samples,
                            "delta": info.delta,
                            "harmonic_half_width": info.harmonic_half_width,
                            "reach_half_width": info.reach_half_width,
                        }),
                    );
                    (c, h)
                } else {
                    match lengths {
                        None => centrality::closeness_harmonic(g),
                        Some(l) => centrality::closeness_harmonic_weighted(g, l),
                    }
                };
                (
                    wants(Family::Closeness).then_some(c),
                    wants(Family::Harmonic).then_some(h),
                )
            } else {
                (None, None)
            }
        });
        let betweenness = clock.time("betweenness", || {
            wants(Family::Betweenness).then(|| {
                if options.betweenness.applies(g) {
                    let vd = match lengths {
                        None => centrality::vertex_diameter_bound(g),
                        Some(_) => centrality::vertex_diameter_bound_weighted(g),
                    };
                    let vd = vd.max(3) as f64;
                    let per_eps2 = 0.5
                        * ((vd - 2.0).max(1.0).log2().floor() + 1.0 + (1.0 / options.delta).ln());
                    let epsilon = options.epsilon.unwrap_or_else(|| {
                        (per_eps2 * m / Budget::BETWEENNESS.scans())
                            .sqrt()
                            .max(0.01)
                    });
                    let (b, info) = match lengths {
                        None => {
                            centrality::betweenness_approx(g, epsilon, options.delta, options.seed)
                        }
                        Some(l) => centrality::betweenness_approx_weighted(
                            g,
                            l,
                            epsilon,
                            options.delta,
                            options.seed,
                        ),
                    };
                    estimated.insert(
                        "betweenness".into(),
                        serde_json::json!({
                            "method": "Riondato–Kornaropoulos sampling",
                            "epsilon": info.epsilon,
                            "delta": info.delta,
                            "samples": info.samples,
                            "vertex_diameter_bound": info.vertex_diameter_bound,
                        }),
                    );
                    b
                } else {
                    match lengths {
                        None => centrality::betweenness(g),
                        Some(l) => centrality::betweenness_weighted(g, l),
                    }
                }
            })
        });
        let reach_loss = clock.time("reach_loss", || {
            wants(Family::ReachLoss).then(|| {
                if sampled {
                    let k = Budget::REACH_LOSS.samples(m, 50, g.n());
                    let r = reach::reach_loss_sampled(g, k, options.seed);
                    let worst = r.half_width.iter().copied().fold(0.0, f64::max);
                    estimated.insert(
                        "reach_loss".into(),
                        serde_json::json!({
                            "method": "sampled sources (Hoeffding bound)",
                            "samples": r.samples,
                            "delta": r.delta,
                            "max_half_width": worst,
                        }),
                    );
                    r.estimate
                } else {
                    reach::reach_loss(g)
                }
            })
        });
        let community = clock.time("community", || {
            wants(Family::Community).then(|| {
                let large = g.n() as f64 * g.m() as f64 > community::LARGE_WORK;
                if large {
                    estimated.insert(
                        "community".into(),
                        serde_json::json!({
                            "method": "Louvain, one visiting order per objective (not four), pruned local moving, at most 20 passes per level",
                            "bound": "none (Louvain is a heuristic at every size)",
                        }),
                    );
                }
                community::louvain_sized(g, options.seed, large)
            })
        });
        let people = People {
            in_degree,
            out_degree,
            in_strength,
            out_strength,
            boundary: boundary::person_boundary(g, options.flow),
            betweenness,
            closeness,
            harmonic,
            pagerank: clock.time("pagerank", || {
                when(Family::Pagerank, &|| centrality::pagerank(g))
            }),
            eigenvector: clock.time("eigenvector", || {
                when(Family::Eigenvector, &|| centrality::eigenvector(g))
            }),
            structural_holes: clock.time("structural_holes", || {
                wants(Family::StructuralHoles).then(|| structural_holes::structural_holes(g))
            }),
            brokerage: clock.time("brokerage", || {
                wants(Family::Brokerage).then(|| brokerage::gould_fernandez(g))
            }),
            reach_loss,
            community,
        };
        let groups = boundary.group_rows(g);
        let pairs = clock.time("pairs", || partnerships(g, options));
        let group_partition: Vec<u32> = g.groups().to_vec();
        let (sizes, reciprocity, transitivity, modularity_groups) = clock.time("network", || {
            (
                network::weak_components(g).1,
                network::reciprocity(g),
                network::transitivity(g),
                community::modularity(g, &group_partition),
            )
        });
        let stats = g.stats();
        let permutations = if sampled {
            options
                .permutations
                .min(Budget::EI_TEST.samples(m, 200, options.permutations))
        } else {
            options.permutations
        };
        if wants(Family::EiTest) && permutations < options.permutations {
            estimated.insert(
                "ei_p_value".into(),
                serde_json::json!({
                    "method": "fewer permutations to fit the work budget",
                    "permutations": permutations,
                    "standard_error_at_most": 0.5 / (permutations as f64).sqrt(),
                }),
            );
        }
        if wants(Family::ReachLoss) && sampled {
            estimated.insert(
                "pairs_reach_lost_top_spanner".into(),
                serde_json::json!({ "method": "not computed above the exact size; robustness counts as 0" }),
            );
        }
        let ei = clock.time("ei_test", || {
            wants(Family::EiTest)
                .then(|| ei_test::ei_permutation_test(g, permutations, options.seed))
        });
        let summary = Summary {
            people: g.n(),
            ties: g.m(),
            groups: g.group_count(),
            density: network::density(g),
            reciprocity,
            transitivity,
            weak_components: sizes.len(),
            largest_component_share: sizes.iter().max().map(|&s| s as f64 / g.n() as f64),
            ei_index: boundary.ei_index(),
            ei_expected: boundary.ei_expected(),
            self_loops_dropped: stats.self_loops_dropped,
            duplicates_merged: stats.duplicates_merged,
            ei_p_value: ei.as_ref().map(|t| t.p_value),
            ei_permutations: ei.as_ref().map(|t| t.permutations),
            ei_feasible_min: ei.as_ref().map(|t| t.min_feasible),
            ei_feasible_max: ei.as_ref().map(|t| t.max_feasible),
            modularity_groups: Some(modularity_groups),
            modularity_communities: people
                .community
                .as_ref()
                .map(|c| community::modularity(g, c)),
            communities: people
                .community
                .as_ref()
                .map(|c| c.iter().map(|&x| x as usize + 1).max().unwrap_or(0)),
            estimated,
            path_lengths: lengths.map(|l| {
                serde_json::json!({
                    "unit": l.unit,
                    "exact": l.exact,
                    "rounded_ties": l.rounded_ties,
                })
            }),
        };
        let findings = clock.time("findings", || {
            findings::Findings::compute(g, &people, &pairs, options.flow)
        });
        Ok(Analysis {
            people,
            boundary,
            groups,
            pairs,
            findings,
            summary,
            options: options.clone(),
            timings: clock.steps.into_inner(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::RawTie;
    use crate::report;
    use proptest::prelude::*;

    #[test]
    fn family_names_round_trip() {
        for (f, name) in Family::ALL {
            assert_eq!(Family::parse(name), Some(f));
        }
        assert_eq!(Family::parse("Constraint"), Some(Family::StructuralHoles));
        assert_eq!(Family::parse("nope"), None);
    }

    fn options() -> AnalysisOptions {
        AnalysisOptions {
            permutations: 200,
            ..Default::default()
        }
    }

    fn build(n: usize, groups: &[u8], ties: &[(u32, u32, u8)], order: &[usize]) -> Graph {
        // `order` relabels nodes: node k of the built graph is original node order[k].
        let mut pos = vec![0u32; n];
        for (k, &o) in order.iter().enumerate() {
            pos[o] = k as u32;
        }
        let ids = order.iter().map(|&o| format!("p{o}")).collect();
        let labels: Vec<String> = order.iter().map(|&o| format!("G{}", groups[o])).collect();
        let raw = ties
            .iter()
            .map(|&(s, t, w)| RawTie {
                source: pos[s as usize],
                target: pos[t as usize],
                weight: w as f64,
                relation: 0,
            })
            .collect();
        Graph::build(ids, &labels, raw)
    }

    fn rows(g: &Graph, a: &Analysis) -> std::collections::BTreeMap<String, Vec<String>> {
        let text = String::from_utf8(report::people_csv(g, a)).unwrap();
        text.lines()
            .skip(1)
            .map(|l| {
                let cells: Vec<String> = l.split(',').map(String::from).collect();
                (cells[0].clone(), cells)
            })
            .collect()
    }

    fn network() -> impl Strategy<Value = (usize, Vec<u8>, Vec<(u32, u32, u8)>)> {
        (2usize..30).prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec(0u8..3, n),
                proptest::collection::vec((0..n as u32, 0..n as u32, 1u8..4), 0..120),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        /// Outputs are byte-identical for 1 and 2 threads and for any order of the input rows.
        #[test]
        fn threads_and_row_order_change_nothing((n, groups, ties) in network(), seed in 0u64..1000) {
            let order: Vec<usize> = (0..n).collect();
            let g = build(n, &groups, &ties, &order);
            let run = |threads: usize, g: &Graph| {
                rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(|| {
                    let a = Analysis::compute(g, &options()).unwrap();
                    (report::people_csv(g, &a), report::pairs_csv(g, &a), report::groups_csv(&a))
                })
            };
            let one = run(1, &g);
            prop_assert!(one == run(2, &g));
            let mut shuffled = ties.clone();
            let k = shuffled.len();
            for i in (1..k).rev() {
                shuffled.swap(i, (seed as usize * 31 + i * 17) % (i + 1));
            }
            let g2 = build(n, &groups, &shuffled, &order);
            prop_assert!(one == run(2, &g2));
        }

        /// Relabelling people (a different input order) gives each person the same values.
        #[test]
        fn relabelling_invariance((n, groups, ties) in network(), rot in 1usize..29) {
            let order: Vec<usize> = (0..n).collect();
            let mut relabelled: Vec<usize> = order.clone();
            relabelled.rotate_left(rot % n);
            relabelled.reverse();
            let g = build(n, &groups, &ties, &order);
            let h = build(n, &groups, &ties, &relabelled);
            let mut opts = options();
            // Communities depend on the visiting order, and the p-value on the labels' order.
            // Eigenvector centrality is ambiguous when two components share the largest
            // spectral radius (the tie goes to the component with the lowest node index).
            opts.families.remove(&Family::Community);
            opts.families.remove(&Family::EiTest);
            opts.families.remove(&Family::Eigenvector);
            let (ra, rb) = (rows(&g, &Analysis::compute(&g, &opts).unwrap()), rows(&h, &Analysis::compute(&h, &opts).unwrap()));
            prop_assert_eq!(ra.len(), rb.len());
            for (id, a) in &ra {
                let b = &rb[id];
                for (x, y) in a.iter().zip(b) {
                    match (x.parse::<f64>(), y.parse::<f64>()) {
                        (Ok(x), Ok(y)) => prop_assert!((x - y).abs() <= 1e-9 * (1.0 + x.abs()), "{id}: {x} vs {y}"),
                        _ => prop_assert_eq!(x, y),
                    }
                }
            }
        }

        /// Bounded measures stay in their ranges; brokerage roles add up to the total.
        #[test]
        fn ranges_and_sums((n, groups, ties) in network()) {
            let order: Vec<usize> = (0..n).collect();
            let g = build(n, &groups, &ties, &order);
            let a = Analysis::compute(&g, &options()).unwrap();
            let in_unit = |x: f64| (-1.0..=1.0).contains(&x);
            for v in 0..n {
                if let Some(e) = a.people.boundary.ei_index[v] { prop_assert!(in_unit(e)); }
                if let Some(h) = a.people.boundary.hoarding_index[v] { prop_assert!(in_unit(h)); }
                let b = a.people.brokerage.as_ref().unwrap();
                prop_assert_eq!(b.counts[v].iter().sum::<u64>(), b.total(v));
                let r = a.people.reach_loss.as_ref().unwrap()[v];
                prop_assert!((0.0..=1.0).contains(&r));
            }
            for row in &a.groups {
                if let Some(d) = row.density_internal { prop_assert!((0.0..=1.0).contains(&d)); }
                if let Some(e) = row.ei_index { prop_assert!(in_unit(e)); }
            }
            for i in 0..g.group_count() {
                for j in 0..g.group_count() {
                    if let Some(d) = a.boundary.density(i, j) { prop_assert!((0.0..=1.0).contains(&d)); }
                }
            }
            for p in &a.pairs {
                prop_assert!((0.0..=1.0).contains(&p.integration_score));
            }
            if let Some(e) = a.summary.ei_index { prop_assert!(in_unit(e)); }
            if let (Some(Some(lo)), Some(Some(hi)), Some(e)) =
                (a.summary.ei_feasible_min, a.summary.ei_feasible_max, a.summary.ei_index)
            {
                prop_assert!(lo - 1e-12 <= e && e <= hi + 1e-12);
            }
            prop_assert!((0.0..=1.0).contains(&a.summary.density));
        }
    }

    /// Every table and the summary of an analysis, as written.
    fn all_outputs(g: &Graph, a: &Analysis) -> Vec<Vec<u8>> {
        let prov = report::Provenance {
            dataset: "p".into(),
            relation: "tie".into(),
            group: "org".into(),
            analysed_on: "2026-01-01".into(),
            group_word: String::new(),
        };
        vec![
            report::people_csv(g, a),
            report::groups_csv(a),
            report::boundary_csv(g, a),
            report::boundary_matrix_csv(g, a),
            report::pairs_csv(g, a),
            report::ties_csv(g),
            report::brokerage_csv(g, a).unwrap_or_default(),
            report::summary_json(&prov, a),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Sequential = parallel, bit for bit, for every output file, with the exact kernels and
        /// with every estimate forced on (sampled betweenness, closeness, harmonic, reach_loss).
        #[test]
        fn sequential_equals_parallel_for_every_output((n, groups, ties) in network(), approx in any::<bool>()) {
            let order: Vec<usize> = (0..n).collect();
            let g = build(n, &groups, &ties, &order);
            let mut opts = options();
            if approx {
                opts.betweenness = Estimate::Always;
                opts.estimates = Estimate::Always;
                opts.epsilon = Some(0.2);
            }
            let run = |threads: usize| {
                rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
                    .install(|| all_outputs(&g, &Analysis::compute(&g, &opts).unwrap()))
            };
            let one = run(1);
            prop_assert!(one == run(2));
            prop_assert!(one == run(3));
        }

        /// Shuffling the rows of the edge-list file (with a roster fixing the people's order)
        /// changes no output byte: read through the real reader, `Dataset::parse`.
        #[test]
        fn permuting_input_rows_changes_nothing((n, groups, ties) in network(), seed in any::<u64>()) {
            let roster: String = std::iter::once("id,org\n".to_string())
                .chain((0..n).map(|v| format!("p{v},G{}\n", groups[v])))
                .collect();
            let csv = |rows: &[(u32, u32, u8)]| -> String {
                std::iter::once("source,target,weight\n".to_string())
                    .chain(rows.iter().map(|(s, t, w)| format!("p{s},p{t},{w}\n")))
                    .collect()
            };
            let mut shuffled = ties.clone();
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            let outputs = |rows: &[(u32, u32, u8)]| {
                let text = csv(rows);
                let d = crate::ingest::Dataset::parse(
                    (std::path::Path::new("edges.csv"), text.as_bytes()),
                    Some((std::path::Path::new("nodes.csv"), roster.as_bytes())),
                    "org",
                    &crate::ingest::RelationChoice::Only,
                    &crate::ingest::IngestOptions::default(),
                ).unwrap();
                let g = d.into_graph();
                all_outputs(&g, &Analysis::compute(&g, &options()).unwrap())
            };
            prop_assert!(outputs(&ties) == outputs(&shuffled));
        }

        /// The other bounded measures: pair densities and shares in [0, 1], net flows and the
        /// expected E–I in [−1, 1], the p-value in [0, 1], and whole-network shares in [0, 1].
        #[test]
        fn pair_and_summary_ranges((n, groups, ties) in network()) {
            let order: Vec<usize> = (0..n).collect();
            let g = build(n, &groups, &ties, &order);
            let a = Analysis::compute(&g, &options()).unwrap();
            let unit = |x: f64| (0.0..=1.0).contains(&x);
            let signed = |x: f64| (-1.0..=1.0).contains(&x);
            for p in &a.pairs {
                prop_assert!(unit(p.density_ab) && unit(p.density_ba));
                for s in [p.reciprocated_share, p.top_two_share, p.reach_lost_top_spanner].into_iter().flatten() {
                    prop_assert!(unit(s), "{s}");
                }
                if let Some(f) = p.net_flow { prop_assert!(signed(f)); }
            }
            for i in 0..g.group_count() {
                for j in 0..g.group_count() {
                    if let Some(f) = a.boundary.net_flow(i, j) { prop_assert!(signed(f)); }
                }
            }
            let s = &a.summary;
            if let Some(e) = s.ei_expected { prop_assert!(signed(e)); }
            if let Some(Some(p)) = s.ei_p_value { prop_assert!(unit(p)); }
            if let Some(r) = s.reciprocity { prop_assert!(unit(r)); }
            if let Some(l) = s.largest_component_share { prop_assert!(unit(l)); }
            prop_assert!(unit(s.transitivity));
            if let Some(q) = s.modularity_groups { prop_assert!((-0.5 - 1e-12..=1.0).contains(&q)); }
        }
    }
}
