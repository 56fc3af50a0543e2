//! The edge-list reader on any bytes, then the graph, the analysis and every table of what it
//! read. The first byte picks the options (relation choice, --strict); the rest is the file.
#![no_main]

use std::path::Path;

use grapevine::analysis::{Analysis, AnalysisOptions};
use grapevine::ingest::{Dataset, IngestOptions, RelationChoice};
use grapevine::report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, file)) = data.split_first() else {
        return;
    };
    let relation = match mode % 3 {
        0 => RelationChoice::Only,
        1 => RelationChoice::All,
        _ => RelationChoice::Named("advice".into()),
    };
    let opts = IngestOptions {
        strict: mode & 4 != 0,
        ..Default::default()
    };
    let Ok(dataset) = Dataset::parse((Path::new("edges.csv"), file), None, "org", &relation, &opts)
    else {
        return;
    };
    let g = dataset.into_graph();
    if g.n() > 64 {
        return; // keep each run fast; the readers are what is fuzzed
    }
    let a = Analysis::compute(
        &g,
        &AnalysisOptions {
            permutations: 20,
            ..Default::default()
        },
    );
    let prov = report::Provenance {
        dataset: "fuzz".into(),
        relation: "tie".into(),
        group: "org".into(),
        analysed_on: "2026-01-01".into(),
        group_word: String::new(),
    };
    let _ = report::people_csv(&g, &a);
    let _ = report::groups_csv(&a);
    let _ = report::boundary_csv(&g, &a);
    let _ = report::boundary_matrix_csv(&g, &a);
    let _ = report::pairs_csv(&g, &a);
    let _ = report::ties_csv(&g);
    let _ = report::brokerage_csv(&g, &a);
    let _ = report::summary_json(&prov, &a);
});
