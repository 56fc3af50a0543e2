//! Grapevine: informal-network analysis for multi-organization partnerships.
//!
//! ```text
//!   edges.csv / nodes.csv ──ingest──▶ Dataset ──build──▶ Graph (CSR)
//!        ──analysis──▶ Analysis ──report──▶ people.csv, groups.csv, boundary.csv, summary.json
//!                               └─render──▶ network.png
//! ```
//!
//! Each stage takes one value in and hands one out, and never reaches back.

pub mod analysis;
pub mod graph;
pub mod render;
