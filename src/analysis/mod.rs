//! Analysis: every metric of the metric contract, computed on a [`crate::graph::Graph`].
pub mod centrality;
