//! Both roster readers on any bytes: `analyze --nodes` (with a small edge list) and the survey
//! importer's roster (id, name and e-mail matching), then matching a few texts against it.
#![no_main]

use std::path::Path;

use grapevine::import::{Roster, RosterColumns};
use grapevine::ingest::{Dataset, IngestOptions, RelationChoice};
use libfuzzer_sys::fuzz_target;

const EDGES: &[u8] = b"source,target\na,b\nb,c\nc,a\n";

fuzz_target!(|data: &[u8]| {
    if let Ok(d) = Dataset::parse(
        (Path::new("edges.csv"), EDGES),
        Some((Path::new("nodes.csv"), data)),
        "org",
        &RelationChoice::Only,
        &IngestOptions::default(),
    ) {
        let _ = d.into_graph();
    }
    if let Ok(r) = Roster::parse(
        Path::new("roster.csv"),
        std::io::Cursor::new(data),
        &RosterColumns::default(),
    ) {
        for text in ["a", "Anna Müller", "MULLER, ANNA", "x@y.org", "p01", ""] {
            let _ = r.find(text);
        }
    }
});
