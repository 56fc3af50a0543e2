//! The survey importer on any CSV bytes with a fixed roster (the test fixture's 12 people). The
//! first byte picks the layout (auto, long, wide, matrix), a scale and --min-weight.
#![no_main]

use grapevine::import::{self, Format, ImportOptions, Scale};
use grapevine::ingest::{Dataset, RelationChoice};
use libfuzzer_sys::fuzz_target;

const ROSTER: &[u8] = include_bytes!("../../tests/fixtures/survey/roster.csv");

fuzz_target!(|data: &[u8]| {
    let Some((&mode, file)) = data.split_first() else {
        return;
    };
    let mut opts = ImportOptions::new("responses.csv", "roster.csv");
    opts.format = match mode % 4 {
        0 => Format::Auto,
        1 => Format::Long,
        2 => Format::Wide,
        _ => Format::Matrix,
    };
    if mode & 4 != 0 {
        opts.scale = Scale::parse("Never=0,Rarely=1,Sometimes=2,Often=3,Very often=4").ok();
    }
    if mode & 8 != 0 {
        opts.min_weight = Some(1.0);
    }
    let Ok(imported) = import::import_bytes(&opts, file, ROSTER) else {
        return;
    };
    let _ = import::edges_csv(&imported);
    let _ = import::unmatched_csv(&imported);
    let _ = import::summary(&imported, &opts, std::path::Path::new("ties.csv"));
    if let Ok(d) = Dataset::from_imported(
        imported,
        &RelationChoice::All,
        "org",
        std::path::Path::new("responses.csv"),
    ) {
        let _ = d.into_graph();
    }
});
