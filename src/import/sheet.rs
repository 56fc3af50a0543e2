//! Reading a survey export or roster as a [`Table`], whether it is delimited text (any encoding
//! of [`crate::ingest::text`]) or a spreadsheet (XLSX, XLSM, XLSB, XLS, ODS via `calamine`).
//!
//! A spreadsheet becomes the same `Table` as a CSV file: the first non-blank row is the header,
//! each later non-blank row a record whose "line" is its row number in the sheet, and column
//! indices are the sheet's (column A = 1 in messages), so every error names the cell.
//!
//! Limits: the table is held whole, so it may have at most [`text::MAX_TABLE_CELLS`] cells
//! (non-blank rows × columns up to the last one used) and [`text::MAX_TABLE_BYTES`] of text, and
//! at most [`text::MAX_COLUMNS`] columns. XLSX and XLSB sheets are read cell by cell, so a sheet
//! past a limit stops with an error before it is held; a workbook whose parts unpack to more than
//! [`MAX_UNPACKED_BYTES`] is refused before it is opened. XLS and ODS sheets are read whole by
//! `calamine` before these checks. A failure inside calamine's readers (a damaged binary
//! workbook whose indices point outside it) is caught and reported as a damaged file.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{Error, Result};
use crate::ingest::text::{self, Table, MAX_COLUMNS, MAX_TABLE_BYTES, MAX_TABLE_CELLS};

/// Extensions read as spreadsheets.
pub const SPREADSHEET_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Most bytes the parts of a workbook (a ZIP container) may unpack to, as its directory
/// declares them: 2 GiB.
pub const MAX_UNPACKED_BYTES: u64 = 2 << 30;

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
/// ragged CSV rows (see [`text::RecordReader`]), the limits of the module.
/// Complexity: O(size of the file) time and space.
pub fn read_sheet(path: &Path, sheet: Option<&str>) -> Result<Table> {
    let file = std::fs::File::open(path).map_err(|e| text::open_error(path, e))?;
    parse_sheet(path, file, sheet)
}

/// [`read_sheet`] on the contents `data` of the file `path` (named in messages, and whose
/// extension counts as in [`is_spreadsheet`]).
pub fn parse_sheet<R: Read + Seek>(path: &Path, mut data: R, sheet: Option<&str>) -> Result<Table> {
    let io = |e| Error::io(path, "cannot read file", e);
    let mut magic = Vec::with_capacity(8);
    (&mut data).take(8).read_to_end(&mut magic).map_err(io)?;
    data.seek(SeekFrom::Start(0)).map_err(io)?;
    if is_spreadsheet(path, &magic) {
        return read_workbook(path, data, sheet);
    }
    if let Some(s) = sheet {
        return Err(Error::Usage(format!(
            "--sheet {}: {} is a text file, not a spreadsheet; drop --sheet",
            text::shown(s),
            path.display()
        )));
    }
    text::RecordReader::new(path, text::decode_stream(path, data)?)?.into_table()
}

fn not_a_workbook(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::file(
        path,
        format!(
            "cannot read as a spreadsheet ({}); save it as .xlsx or as CSV (UTF-8)",
            text::shown(&e.to_string())
        ),
    )
}

/// Refuses a ZIP container whose parts unpack to more than [`MAX_UNPACKED_BYTES`].
fn check_unpacked_size<R: Read + Seek>(path: &Path, data: &mut R) -> Result<()> {
    let mut zip = match zip::ZipArchive::new(&mut *data) {
        Ok(z) => z,
        Err(_) => return Ok(()), // not a ZIP (XLS), or broken: calamine says which
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        if let Ok(f) = zip.by_index_raw(i) {
            total = total.saturating_add(f.size());
        }
    }
    drop(zip);
    data.seek(SeekFrom::Start(0))
        .map_err(|e| Error::io(path, "cannot read file", e))?;
    if total > MAX_UNPACKED_BYTES {
        return Err(Error::file(
            path,
            format!(
                "the workbook unpacks to {} MiB, more than the {} MiB Grapevine reads; save the sheet as CSV (UTF-8)",
                total >> 20,
                MAX_UNPACKED_BYTES >> 20
            ),
        ));
    }
    Ok(())
}

/// Cells of a sheet as they are read: (0-based row, 0-based column, text), non-empty only.
struct Cells<'p> {
    path: &'p Path,
    sheet: String,
    cells: Vec<(u32, u32, String)>,
    bytes: usize,
}

impl Cells<'_> {
    fn push(&mut self, row: u32, col: u32, text: String) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if col as usize >= MAX_COLUMNS {
            return Err(Error::input(
                self.path,
                u64::from(row) + 1,
                Some(col as usize + 1),
                format!(
                    "sheet \"{}\" has a cell in column {}; Grapevine reads at most {MAX_COLUMNS} columns",
                    text::shown(&self.sheet),
                    col as usize + 1
                ),
            ));
        }
        self.bytes += text.len();
        if self.cells.len() >= MAX_TABLE_CELLS || self.bytes > MAX_TABLE_BYTES {
            return Err(self.too_big(u64::from(row) + 1));
        }
        self.cells.push((row, col, text));
        Ok(())
    }

    fn too_big(&self, line: u64) -> Error {
        Error::input(
            self.path,
            line,
            None,
            format!(
                "sheet \"{}\" holds more than {} million cells or {} MiB of text, more than Grapevine \
                 holds in memory for this input; remove unused columns and rows, or split it",
                text::shown(&self.sheet),
                MAX_TABLE_CELLS / 1_000_000,
                MAX_TABLE_BYTES >> 20
            ),
        )
    }

    /// The table: the first non-blank row is the header, every row padded to the widest.
    fn into_table(mut self) -> Result<Table> {
        self.cells.sort_unstable_by_key(|&(r, c, _)| (r, c));
        let width = self.cells.iter().map(|&(_, c, _)| c as usize + 1).max();
        let Some(width) = width else {
            return Err(Error::file(
                self.path,
                format!(
                    "sheet \"{}\" is empty; it needs a header row",
                    text::shown(&self.sheet)
                ),
            ));
        };
        let mut rows = self.cells.chunk_by(|a, b| a.0 == b.0).count();
        rows = rows.max(1);
        if rows.saturating_mul(width) > MAX_TABLE_CELLS {
            let last = self.cells.last().map_or(1, |&(r, _, _)| u64::from(r) + 1);
            return Err(self.too_big(last));
        }
        let mut header: Option<Vec<String>> = None;
        let mut records = Vec::with_capacity(rows.saturating_sub(1));
        let mut cells = std::mem::take(&mut self.cells).into_iter().peekable();
        while let Some(&(row, _, _)) = cells.peek() {
            let mut line = vec![String::new(); width];
            while let Some((_, c, t)) = cells.next_if(|&(r, _, _)| r == row) {
                line[c as usize] = t;
            }
            if line.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            match &header {
                None => header = Some(line.iter().map(|c| c.trim().to_string()).collect()),
                Some(_) => records.push((u64::from(row) + 1, csv::StringRecord::from(line))),
            }
        }
        let Some(header) = header else {
            return Err(Error::file(
                self.path,
                format!(
                    "sheet \"{}\" is empty; it needs a header row",
                    text::shown(&self.sheet)
                ),
            ));
        };
        Ok(Table {
            header,
            records,
            delimiter: b',',
        })
    }
}

fn read_workbook<R: Read + Seek>(path: &Path, data: R, sheet: Option<&str>) -> Result<Table> {
    // calamine tries the formats in turn on copies of the reader: hold the (packed) file.
    let mut bytes = Vec::new();
    data.take(MAX_TABLE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "cannot read file", e))?;
    if bytes.len() > MAX_TABLE_BYTES {
        return Err(Error::file(
            path,
            format!(
                "the workbook is larger than {} MiB, more than Grapevine reads; save the sheet as CSV (UTF-8)",
                MAX_TABLE_BYTES >> 20
            ),
        ));
    }
    let mut data = std::io::Cursor::new(bytes.as_slice());
    check_unpacked_size(path, &mut data)?;
    // calamine's readers of the binary formats trust indices inside the file (a damaged XLSB
    // can make them index out of bounds): a panic in there is a damaged file, not a crash.
    guarded(|| read_cells(path, data, sheet)).unwrap_or_else(|what| {
        Err(Error::file(
            path,
            format!(
                "the workbook is damaged: its reader failed ({}); open it in Excel and save it \
                 as .xlsx, or as CSV (UTF-8)",
                text::shown(&what)
            ),
        ))
    })
}

/// Runs `f`, turning a panic inside it into `Err(message)` without printing it: the process's
/// panic hook is wrapped once so that it stays silent on the threads inside `guarded`.
fn guarded<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    use std::cell::Cell;
    use std::panic::{self, AssertUnwindSafe};
    thread_local!(static QUIET: Cell<bool> = const { Cell::new(false) });
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown failure".into())
    })
}

/// The cells of the chosen sheet of a workbook held in memory.
fn read_cells(path: &Path, data: std::io::Cursor<&[u8]>, sheet: Option<&str>) -> Result<Table> {
    let mut book =
        calamine::open_workbook_auto_from_rs(data).map_err(|e| not_a_workbook(path, e))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(s))
            .cloned()
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--sheet {}: {} has no such sheet; its sheets are: {}",
                    text::shown(s),
                    path.display(),
                    text::column_list(&names)
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::file(path, "the workbook has no sheets"))?,
    };
    let mut cells = Cells {
        path,
        sheet: name.clone(),
        cells: Vec::new(),
        bytes: 0,
    };
    let cannot = |e: &dyn std::fmt::Display| {
        Error::file(
            path,
            format!(
                "cannot read sheet \"{}\": {}",
                text::shown(&name),
                text::shown(&e.to_string())
            ),
        )
    };
    match &mut book {
        calamine::Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                let (r, c) = cell.get_position();
                cells.push(r, c, cell_text(&Data::from(cell.get_value().clone())))?;
            }
        }
        calamine::Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(|e| cannot(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| cannot(&e))? {
                let (r, c) = cell.get_position();
                cells.push(r, c, cell_text(&Data::from(cell.get_value().clone())))?;
            }
        }
        _ => {
            let range = book.worksheet_range(&name).map_err(|e| cannot(&e))?;
            for (r, c, d) in range.used_cells() {
                let (r0, c0) = range.start().unwrap_or((0, 0));
                cells.push(r0 + r as u32, c0 + c as u32, cell_text(d))?;
            }
        }
    }
    cells.into_table()
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
    fn a_panicking_reader_becomes_an_error() {
        let r: std::result::Result<(), String> = guarded(|| panic!("index out of bounds: 7"));
        assert_eq!(r, Err("index out of bounds: 7".to_string()));
        let n = 3;
        let r = guarded(|| -> u32 { panic!("bad index {n}") });
        assert_eq!(r, Err("bad index 3".to_string()));
        assert_eq!(guarded(|| 5), Ok(5));
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
