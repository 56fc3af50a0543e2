//! The bodies of the cargo-fuzz targets in `fuzz/` (README, "Fuzzing"). They live in the
//! library so that `cargo test` compiles them and replays every committed seed through them
//! (tests/fuzz_regressions.rs); each `fuzz/fuzz_targets/NAME.rs` only calls `NAME` here. Each
//! function takes any bytes and must return without panicking: the readers answer bad input
//! with an error, never a crash.

use std::io::Write;
use std::path::Path;

use crate::analysis::{Analysis, AnalysisOptions};
use crate::import::{self, Format, ImportOptions, Roster, RosterColumns, Scale};
use crate::ingest::{Dataset, IngestOptions, RelationChoice};
use crate::report;

/// The fixed roster of the `survey` and `xlsx` targets: the survey fixture's 12 people.
const ROSTER: &[u8] = include_bytes!("../tests/fixtures/survey/roster.csv");

/// The small edge list the `roster` target reads its roster against.
const EDGES: &[u8] = b"source,target\na,b\nb,c\nc,a\n";

/// The edge-list reader on any bytes, then the graph, the analysis and every table of what it
/// read. The first byte picks the options (relation choice, --strict); the rest is the file.
pub fn edge_list(data: &[u8]) {
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
    let Ok(dataset) = Dataset::parse(
        (Path::new("edges.csv"), file),
        None,
        "org",
        &relation,
        &opts,
    ) else {
        return;
    };
    let g = dataset.into_graph();
    if g.n() > 64 {
        return; // keep each run fast; the readers are what is fuzzed
    }
    // Default options use unweighted paths, which never fail; an error would be a bug.
    let a = Analysis::compute(
        &g,
        &AnalysisOptions {
            permutations: 20,
            ..Default::default()
        },
    )
    .expect("unweighted analysis cannot fail");
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
}

/// Both roster readers on any bytes: `analyze --nodes` (with a small edge list) and the survey
/// importer's roster (id, name and e-mail matching), then matching a few texts against it.
pub fn roster(data: &[u8]) {
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
}

/// The survey importer on any CSV bytes with the fixed roster. The first byte picks the layout
/// (auto, long, wide, matrix), a scale and --min-weight.
pub fn survey(data: &[u8]) {
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
    let _ = import::summary(&imported, &opts, Path::new("ties.csv"));
    if let Ok(d) = Dataset::from_imported(
        imported,
        &RelationChoice::All,
        "org",
        Path::new("responses.csv"),
    ) {
        let _ = d.into_graph();
    }
}

/// The survey importer on spreadsheets, with the fixed roster. An even first byte: the rest is
/// the whole file (a ZIP container). An odd one: the rest is the XML of a worksheet and, after
/// the first 0xFF byte, of the shared strings, packed into a valid XLSX so that the fuzzer
/// reaches the sheet parser instead of stopping at the ZIP checksums.
pub fn xlsx(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let file = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let (sheet, strings) = match rest.iter().position(|&b| b == 0xFF) {
            Some(k) => (&rest[..k], &rest[k + 1..]),
            None => (
                rest,
                &b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"[..],
            ),
        };
        package(sheet, strings)
    };
    let opts = ImportOptions::new("responses.xlsx", "roster.csv");
    if let Ok(imported) = import::import_bytes(&opts, &file, ROSTER) {
        let _ = import::edges_csv(&imported);
        let _ = import::unmatched_csv(&imported);
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A minimal XLSX holding `sheet` as its one worksheet and `strings` as its shared strings.
fn package(sheet: &[u8], strings: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, stored).expect("zip in memory");
        zip.write_all(bytes).expect("zip in memory");
    }
    zip.finish().expect("zip in memory").into_inner()
}
