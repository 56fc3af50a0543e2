//! Reading a survey export or roster as a [`Table`], whether it is delimited text (any encoding
//! of [`crate::ingest::text`]) or a spreadsheet (XLSX, XLSM, XLSB, XLS, ODS via `calamine`).
//!
//! A spreadsheet becomes the same `Table` as a CSV file: the first non-blank row is the header,
//! each later non-blank row a record whose "line" is its row number in the sheet, and column
//! indices are the sheet's (column A = 1 in messages), so every error names the cell.

use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{Error, Result};
use crate::ingest::text::{self, Table};

/// Extensions read as spreadsheets.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// True when `path` is a spreadsheet: by extension, or by content (a ZIP or OLE2 container, as
/// an XLSX saved under a `.csv` name is).
pub fn is_spreadsheet(path: &Path, bytes: &[u8]) -> bool {
    let by_ext = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        SPREADSHEET_EXTENSIONS
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    });
    by_ext
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Reads `path` as a table: a spreadsheet's sheet `sheet` (default: the first), or a delimited
/// text file (`sheet` must then be `None`).
///
/// Errors: unreadable file, unknown sheet (the message lists the sheets), empty sheet or file,
/// ragged CSV rows (see [`text::parse_table`]).
/// Complexity: O(size of the file) time and space.
pub fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let bytes = std::fs::read(path).map_err(|e| {
        let action = if e.kind() == std::io::ErrorKind::NotFound {
            "file not found (check the path)"
        } else {
            "cannot read file"
        };
        Error::io(path, action, e)
    })?;
    if is_spreadsheet(path, &bytes) {
        return read_workbook(path, bytes, sheet);
    }
    if let Some(s) = sheet {
        return Err(Error::Usage(format!(
            "--sheet {s}: {} is a text file, not a spreadsheet; drop --sheet",
            path.display()
        )));
    }
    let text = text::decode(path, &bytes)?;
    text::parse_table(path, &text)
}

fn read_workbook(path: &Path, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Table> {
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            Error::file(
                path,
                format!("cannot read as a spreadsheet ({e}); save it as .xlsx or as CSV (UTF-8)"),
            )
        })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(s))
            .cloned()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--sheet {s}: {} has no such sheet; its sheets are: {}",
                    path.display(),
                    names.join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::file(path, "the workbook has no sheets"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| Error::file(path, format!("cannot read sheet \"{name}\": {e}")))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let mut header: Option<Vec<String>> = None;
    let mut records = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let line = u64::from(row0) + i as u64 + 1;
        // Pad so that column indices are the sheet's.
        let cells: Vec<String> = std::iter::repeat_n(String::new(), col0 as usize)
            .chain(row.iter().map(cell_text))
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match &header {
            None => header = Some(cells.iter().map(|c| c.trim().to_string()).collect()),
            Some(_) => records.push((line, csv::StringRecord::from(cells))),
        }
    }
    let Some(header) = header else {
        return Err(Error::file(
            path,
            format!("sheet \"{name}\" is empty; it needs a header row"),
        ));
    };
    Ok(Table {
        header,
        records,
        delimiter: b',',
    })
}

/// A cell as text: numbers without a trailing `.0` (an id typed as 101 stays "101"), booleans
/// as TRUE/FALSE, errors as Excel shows them (#N/A), dates as their serial number.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_by_extension_or_magic() {
        assert!(is_spreadsheet(Path::new("a.XLSX"), b""));
        assert!(is_spreadsheet(Path::new("a.csv"), b"PK\x03\x04rest"));
        assert!(!is_spreadsheet(Path::new("a.csv"), b"id,name\n"));
    }

    #[test]
    fn numbers_print_as_typed() {
        assert_eq!(cell_text(&Data::Float(101.0)), "101");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Int(3)), "3");
        assert_eq!(cell_text(&Data::Empty), "");
    }

    #[test]
    fn broken_workbook_is_a_file_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.xlsx");
        std::fs::write(&p, b"PK\x03\x04 not really a zip").unwrap();
        let e = read_sheet(&p, None).unwrap_err().to_string();
        assert!(e.contains("cannot read as a spreadsheet"), "{e}");
    }
}
