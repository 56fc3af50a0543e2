//! Analysis: every metric of the metric contract, computed on a [`crate::graph::Graph`].

pub mod community;
pub mod ei_test;
pub mod reach;
