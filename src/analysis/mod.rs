//! Analysis: every metric of the metric contract (METRICS.md), computed on a
//! [`crate::graph::Graph`] and gathered in an [`Analysis`].
//!
//! | output column(s) | module |
//! |---|---|
//! | in/out degree and strength | [`degree`] |
//! | external_ties, internal_ties, ei_index, hoarding_index, groups.csv, boundary.csv | [`boundary`] |
//! | density, reciprocity, transitivity, weak components | [`network`] |
//!
//! Metric families beyond the always-computed core are chosen with [`Family`] (`--metrics`).

pub mod boundary;
pub mod brokerage;
pub mod centrality;
pub mod community;
pub mod degree;
pub mod ei_test;
pub mod network;
pub mod pairs;
pub mod reach;
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
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            families: Family::ALL.iter().map(|(f, _)| *f).collect(),
            flow: Flow::Along,
            seed: 7,
            permutations: 10_000,
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
    /// Whole-network figures.
    pub summary: Summary,
    /// The options used.
    pub options: AnalysisOptions,
}

impl Analysis {
    /// Runs every requested family on `g`.
    pub fn compute(g: &Graph, options: &AnalysisOptions) -> Analysis {
        let (in_degree, out_degree, in_strength, out_strength) = degree::degrees(g);
        let boundary = Boundary::compute(g);
        let people = People {
            in_degree,
            out_degree,
            in_strength,
            out_strength,
            boundary: boundary::person_boundary(g, options.flow),
        };
        let groups = boundary.group_rows(g);
        let (_, sizes) = network::weak_components(g);
        let stats = g.stats();
        let summary = Summary {
            people: g.n(),
            ties: g.m(),
            groups: g.group_count(),
            density: network::density(g),
            reciprocity: network::reciprocity(g),
            transitivity: network::transitivity(g),
            weak_components: sizes.len(),
            largest_component_share: sizes.iter().max().map(|&s| s as f64 / g.n() as f64),
            ei_index: boundary.ei_index(),
            ei_expected: boundary.ei_expected(),
            self_loops_dropped: stats.self_loops_dropped,
            duplicates_merged: stats.duplicates_merged,
        };
        Analysis {
            people,
            boundary,
            groups,
            summary,
            options: options.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn family_names_round_trip() {
        for (f, name) in Family::ALL {
            assert_eq!(Family::parse(name), Some(f));
        }
        assert_eq!(Family::parse("Constraint"), Some(Family::StructuralHoles));
        assert_eq!(Family::parse("nope"), None);
    }
}
