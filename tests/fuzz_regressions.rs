//! Inputs the fuzzers (fuzz/, README "Fuzzing") found bugs with, run by `cargo test`.

use std::io::Write;

use crate::util::{stderr, Workdir};

/// The `xlsx` target's packing: the fuzz input's first byte is odd, the rest is a worksheet's
/// XML (and, after a 0xFF byte, the shared strings), packed into a minimal valid XLSX.
fn package(sheet: &[u8], strings: &[u8]) -> Vec<u8> {
    let parts: [(&str, &[u8]); 6] = [
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Responses" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        zip.start_file(name, stored).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// calamine 0.30 indexed the shared strings without a check: a cell naming string 0 of a
/// workbook whose shared-strings part has a different layout panicked (fixed by calamine 0.38,
/// which returns an error).
#[test]
fn xlsx_shared_string_index_out_of_range() {
    let input =
        std::fs::read(crate::util::repo().join("tests/fixtures/fuzz_xlsx_shared_string_index.bin"))
            .unwrap();
    let rest = &input[1..];
    let (sheet, strings) = match rest.iter().position(|&b| b == 0xFF) {
        Some(k) => (&rest[..k], &rest[k + 1..]),
        None => (
            rest,
            &b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"[..],
        ),
    };
    let w = Workdir::new();
    w.write("answers.xlsx", package(sheet, strings));
    w.write(
        "roster.csv",
        include_bytes!("fixtures/survey/roster.csv").as_slice(),
    );
    let o = w.run(&[
        "import",
        "answers.xlsx",
        "--roster",
        "roster.csv",
        "--out",
        "ties.csv",
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("grapevine: answers.xlsx: cannot read sheet \"Responses\""),
        "{err}"
    );
}

/// Every committed seed of every fuzz target (fuzz/seeds/TARGET/) and every input that once
/// found a bug, through the target's own body (src/fuzzing.rs): none may panic. This also keeps
/// the targets compiling with the library as it changes.
/// A fuzz target's body.
type Body = fn(&[u8]);

#[test]
fn fuzz_seeds_replay_without_panics() {
    let targets: [(&str, Body); 4] = [
        ("edge_list", grapevine::fuzzing::edge_list),
        ("roster", grapevine::fuzzing::roster),
        ("survey", grapevine::fuzzing::survey),
        ("xlsx", grapevine::fuzzing::xlsx),
    ];
    let seeds = crate::util::repo().join("fuzz/seeds");
    for (name, body) in targets {
        let mut files: Vec<_> = std::fs::read_dir(seeds.join(name))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(files.len() >= 3, "{name}: only {} seeds", files.len());
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            let run = std::panic::catch_unwind(|| body(&bytes));
            assert!(run.is_ok(), "{name}: {} panicked", f.display());
        }
    }
    let found =
        std::fs::read(crate::util::repo().join("tests/fixtures/fuzz_xlsx_shared_string_index.bin"))
            .unwrap();
    grapevine::fuzzing::xlsx(&found);
}
