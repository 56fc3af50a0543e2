//! Reading a delimited text file as consultants receive it: any of the encodings Excel writes
//! (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252), comma, semicolon or tab
//! delimiters, CRLF line ends, quoted fields.
//!
//! [`read_table`] turns a file into a [`Table`]: the header and the records as UTF-8 strings,
//! each record with its line number, so every later error can name file, line and column.

use std::path::Path;

use crate::error::{Error, Result};

/// Reads `path` and decodes it to UTF-8 text, without a BOM.
///
/// BOM first (UTF-8, UTF-16LE/BE); without a BOM, valid UTF-8 is taken as is, and anything else
/// is decoded with the encoding `chardetng` guesses (in practice Windows-1252 from Excel).
/// Files with NUL bytes and no UTF-16 BOM are refused as binary.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| {
        let action = if e.kind() == std::io::ErrorKind::NotFound {
            "file not found (check the path)"
        } else {
            "cannot read file"
        };
        Error::io(path, action, e)
    })?;
    match String::from_utf8(bytes) {
        // The common case, without a copy: UTF-8 without BOM and no NUL bytes.
        Ok(text) if !text.starts_with('\u{feff}') && !text.as_bytes().contains(&0) => Ok(text),
        Ok(text) => decode(path, text.as_bytes()),
        Err(e) => decode(path, e.as_bytes()),
    }
}

/// Decodes bytes read from `path` (used in messages); see [`read_text`].
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(Error::file(
                path,
                format!(
                    "the file starts with a {} byte-order mark but is not valid {}; re-save it as UTF-8 CSV",
                    encoding.name(),
                    encoding.name()
                ),
            ));
        }
        return Ok(text.into_owned());
    }
    if bytes.contains(&0) {
        return Err(Error::file(
            path,
            "this looks like a binary file, not CSV text; export the sheet as CSV (UTF-8) and try again",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
            let (text, _, _) = encoding.decode(bytes);
            Ok(text.into_owned())
        }
    }
}

/// Picks the delimiter of a header line: the most frequent of comma, semicolon and tab outside
/// quotes (comma when none occurs).
pub fn detect_delimiter(header_line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// A decoded delimited file: header and records with their line numbers.
#[derive(Debug, Clone)]
pub struct Table {
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// The records (cells untrimmed), each with the 1-based line number where it starts.
    pub records: Vec<(u64, csv::StringRecord)>,
    /// The delimiter found.
    pub delimiter: u8,
}

impl Table {
    /// Index of the first header cell equal (case-insensitively, ignoring spaces, `-` and `_`)
    /// to one of `names`.
    pub fn find_column(&self, names: &[&str]) -> Option<usize> {
        find_column(&self.header, names)
    }
}

fn find_column(header: &[String], names: &[&str]) -> Option<usize> {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let header: Vec<String> = header.iter().map(|h| norm(h)).collect();
    names
        .iter()
        .find_map(|name| header.iter().position(|h| *h == norm(name)))
}

/// Reads `path` as a delimited table with a header row.
///
/// Errors: an empty file, a file with a header only is fine (no records); a row whose number of
/// cells differs from the header's; a quote that never closes.
pub fn read_table(path: &Path) -> Result<Table> {
    let text = read_text(path)?;
    parse_table(path, &text)
}

/// Parses decoded `text` (read from `path`) as a delimited table; see [`read_table`].
pub fn parse_table(path: &Path, text: &str) -> Result<Table> {
    let mut reader = RecordReader::new(path, text)?;
    let mut records = Vec::new();
    let mut record = csv::ByteRecord::new();
    while let Some(line) = reader.next(&mut record)? {
        let rec = csv::StringRecord::from_byte_record(record.clone())
            .map_err(|_| Error::input(path, line, None, "the text is not valid UTF-8"))?;
        records.push((line, rec));
    }
    Ok(Table {
        header: reader.header,
        records,
        delimiter: reader.delimiter,
    })
}

/// Streams the records of decoded delimited text, one at a time, with their line numbers: for
/// files too large to hold as a [`Table`] (edge lists of millions of ties).
pub struct RecordReader<'a> {
    path: &'a Path,
    text: &'a str,
    reader: csv::Reader<&'a [u8]>,
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// The delimiter found.
    pub delimiter: u8,
    counted_to: usize,
    line: u64,
}

impl<'a> RecordReader<'a> {
    /// Reads the header of `text` (decoded from `path`).
    pub fn new(path: &'a Path, text: &'a str) -> Result<Self> {
        let first_line = text.lines().find(|l| !l.trim().is_empty());
        let Some(first_line) = first_line else {
            return Err(Error::file(
                path,
                "the file is empty; it needs a header row (for ties: source,target[,weight][,relation])",
            ));
        };
        let delimiter = detect_delimiter(first_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error(path, text, e))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok(RecordReader {
            path,
            text,
            reader,
            header,
            delimiter,
            counted_to: 0,
            line: 1,
        })
    }

    /// Index of the first header cell matching one of `names` (see [`Table::find_column`]).
    pub fn find_column(&self, names: &[&str]) -> Option<usize> {
        find_column(&self.header, names)
    }

    /// Reads the next non-blank record into `record`; returns its 1-based line number, or None
    /// at the end. Errors: a row whose number of cells differs from the header's, a quote that
    /// never closes.
    pub fn next(&mut self, record: &mut csv::ByteRecord) -> Result<Option<u64>> {
        loop {
            match self.reader.read_byte_record(record) {
                Ok(false) => return Ok(None),
                Ok(true) => {
                    // The csv crate's own line counter is off with CRLF and blank lines, so lines
                    // are counted from byte offsets, incrementally (one pass over the text).
                    let byte = record_start(self.text, record.position()).min(self.text.len());
                    if byte >= self.counted_to {
                        self.line += self.text.as_bytes()[self.counted_to..byte]
                            .iter()
                            .filter(|&&b| b == b'\n')
                            .count() as u64;
                        self.counted_to = byte;
                    }
                    if record.iter().all(|c| c.trim_ascii().is_empty()) {
                        continue; // blank line (e.g. trailing ;;; from Excel)
                    }
                    if let Some(col) = record.iter().position(|c| c.contains(&b'\n')) {
                        return Err(Error::input(
                            self.path,
                            self.line,
                            Some(col + 1),
                            "a quoted field runs over a line break: a quote is probably not closed; \
                             check this row's quotes",
                        ));
                    }
                    return Ok(Some(self.line));
                }
                Err(e) => return Err(csv_error(self.path, self.text, e)),
            }
        }
    }
}

/// Byte offset where a record starts. The csv crate reports the offset right after the previous
/// record's last cell, before its line terminator and any blank lines, so skip those.
fn record_start(text: &str, pos: Option<&csv::Position>) -> usize {
    let from = pos.map_or(0, |p| (p.byte() as usize).min(text.len()));
    from + text.as_bytes()[from..]
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .count()
}

fn odd_quotes_on_line(text: &str, start: usize) -> bool {
    let line = text[start..].lines().next().unwrap_or_default();
    line.matches('"').count() % 2 == 1
}

fn csv_error(path: &Path, text: &str, e: csv::Error) -> Error {
    let line_of = |pos: &Option<csv::Position>| {
        let byte = record_start(text, pos.as_ref());
        text.as_bytes()[..byte]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1
    };
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } if odd_quotes_on_line(text, record_start(text, pos.as_ref())) => Error::input(
            path,
            line_of(pos),
            None,
            "a quote opened on this line is never closed; close it, or remove the stray quote",
        ),
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => Error::input(
            path,
            line_of(pos),
            None,
            format!(
                "this row has {len} cells but the header has {expected_len}; \
                 quote cells that contain the delimiter, or fix the row"
            ),
        ),
        csv::ErrorKind::Utf8 { pos, .. } => Error::input(
            path,
            line_of(pos),
            None,
            "the text is not valid UTF-8; re-save the file as UTF-8 CSV",
        ),
        _ => Error::file(path, format!("cannot parse as CSV: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t.csv")
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a,b,c"), b',');
        assert_eq!(detect_delimiter("a;b;c"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\"x;y\",b,c"), b',');
        assert_eq!(detect_delimiter("single"), b',');
    }

    #[test]
    fn decodes_boms_and_cp1252() {
        assert_eq!(decode(p(), b"\xEF\xBB\xBFid\n").unwrap(), "id\n");
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("id,é\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(p(), &utf16le).unwrap(), "id,é\n");
        // "Müller" in Windows-1252
        assert_eq!(
            decode(p(), b"id\nM\xFCller\n").unwrap(),
            "id\nM\u{fc}ller\n"
        );
        assert!(decode(p(), b"\x00\x01\x02binary").is_err());
    }

    #[test]
    fn table_with_crlf_quotes_and_blank_lines() {
        let t = parse_table(p(), "Source;Target\r\n\"a;1\";b\r\n\r\nc;d\r\n").unwrap();
        assert_eq!(t.delimiter, b';');
        assert_eq!(t.header, vec!["Source", "Target"]);
        assert_eq!(t.records.len(), 2);
        assert_eq!(&t.records[0].1[0], "a;1");
        assert_eq!(t.records[1].0, 4);
        assert_eq!(t.find_column(&["source"]), Some(0));
    }

    #[test]
    fn ragged_and_unterminated() {
        let e = parse_table(p(), "a,b\n1,2\n3\n").unwrap_err().to_string();
        assert!(
            e.starts_with("t.csv:3: this row has 1 cells but the header has 2"),
            "{e}"
        );
        let e = parse_table(p(), "a,b\n1,\"2\n3,4\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.csv:2:"), "{e}");
        let e = parse_table(p(), "").unwrap_err().to_string();
        assert!(e.contains("empty"), "{e}");
    }
}
