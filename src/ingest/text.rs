//! Reading a delimited text file as consultants receive it: any of the encodings Excel writes
//! (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252), comma, semicolon or tab
//! delimiters, CRLF line ends, quoted fields.
//!
//! Files are streamed: [`open`] decodes the file as it is read and [`RecordReader`] hands out one
//! record at a time, each with its line number, so every later error can name file, line and
//! column, and an edge list of any size is read in memory proportional to what is kept from it,
//! not to the file. [`read_table`] collects every record into a [`Table`] (rosters, survey
//! exports and output tables, which are held whole anyway).
//!
//! Limits (each stops with a one-line error naming the file and line): a record (a line, or a
//! quoted field running over several lines) of at most [`MAX_RECORD_BYTES`], a header of at most
//! [`MAX_COLUMNS`] columns. A [`Table`] held whole is limited further by the reader that builds
//! it (see [`TableLimits`]).

use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Longest record (one row: a line, or a quoted field over several lines), in bytes: 16 MiB.
/// Longer ones are nearly always a quote that is never closed.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// Most columns a header may have: 100,000 (Excel's own limit is 16,384).
pub const MAX_COLUMNS: usize = 100_000;

/// The decoded (UTF-8) content of a file, as a stream.
pub type Decoded<'a> = Box<dyn Read + 'a>;

/// Opens `path` and decodes it to a UTF-8 stream without a BOM (see [`decode_stream`]).
pub fn open(path: &Path) -> Result<Decoded<'static>> {
    let file = std::fs::File::open(path).map_err(|e| open_error(path, e))?;
    decode_stream(path, file)
}

/// The error for a file that cannot be opened or read.
pub fn open_error(path: &Path, e: std::io::Error) -> Error {
    let action = if e.kind() == std::io::ErrorKind::NotFound {
        "file not found (check the path)"
    } else {
        "cannot read file"
    };
    Error::io(path, action, e)
}

/// Decodes the bytes of `data` (read from `path`, named in messages) to a UTF-8 stream without a
/// BOM, reading the data at most three times and holding at most 64 KiB of it at once.
///
/// BOM first (UTF-8, UTF-16LE/BE); without a BOM, data that is valid UTF-8 throughout is taken
/// as is, and anything else is decoded with the encoding `chardetng` guesses from the whole
/// file (in practice Windows-1252 from Excel). Data with NUL bytes and no UTF-16 BOM is refused
/// as binary. Text after a UTF-8 BOM is not checked here: a cell that is not valid UTF-8 is
/// reported with its line and column when it is read.
pub fn decode_stream<'a, R: Read + Seek + 'a>(path: &Path, mut data: R) -> Result<Decoded<'a>> {
    let io = |e| Error::io(path, "cannot read file", e);
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < head.len() {
        match data.read(&mut head[got..]).map_err(io)? {
            0 => break,
            k => got += k,
        }
    }
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(&head[..got]) {
        data.seek(SeekFrom::Start(bom_len as u64)).map_err(io)?;
        if encoding == encoding_rs::UTF_8 {
            return Ok(Box::new(data));
        }
        let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_sniffing(false)
            .build(data);
        return Ok(Box::new(decoder));
    }
    // No BOM: one pass checks for NUL bytes and for UTF-8 validity.
    data.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut buf = vec![0u8; 64 << 10];
    let mut carry = 0usize; // bytes of an incomplete UTF-8 sequence at the end of the last chunk
    let mut utf8 = true;
    loop {
        let k = data.read(&mut buf[carry..]).map_err(io)?;
        if k == 0 {
            if carry > 0 {
                utf8 = false;
            }
            break;
        }
        let chunk = &buf[..carry + k];
        if chunk[carry..].contains(&0) {
            return Err(Error::file(
                path,
                "this looks like a binary file, not CSV text; export the sheet as CSV (UTF-8) and try again",
            ));
        }
        carry = 0;
        if utf8 {
            match std::str::from_utf8(chunk) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() => {
                    let valid = e.valid_up_to();
                    carry = chunk.len() - valid;
                    buf.copy_within(valid..valid + carry, 0);
                }
                Err(_) => utf8 = false,
            }
        }
    }
    data.seek(SeekFrom::Start(0)).map_err(io)?;
    if utf8 {
        return Ok(Box::new(data));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    loop {
        let k = data.read(&mut buf).map_err(io)?;
        detector.feed(&buf[..k], k == 0);
        if k == 0 {
            break;
        }
    }
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    data.seek(SeekFrom::Start(0)).map_err(io)?;
    let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_sniffing(false)
        .build(data);
    Ok(Box::new(decoder))
}

/// Decodes the whole of `bytes` (read from `path`) to a string; see [`decode_stream`].
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    let mut text = String::new();
    decode_stream(path, std::io::Cursor::new(bytes))?
        .read_to_string(&mut text)
        .map_err(|_| {
            Error::file(
                path,
                "the text is not valid UTF-8 after its UTF-8 byte-order mark; re-save the file as UTF-8 CSV",
            )
        })?;
    Ok(text)
}

/// Most cells (rows × columns) of a [`Table`] held whole: 25 million (a survey of 100,000
/// respondents with 250 columns, a 5,000-person matrix).
pub const MAX_TABLE_CELLS: usize = 25_000_000;

/// Most text a [`Table`] held whole may have: 1 GiB.
pub const MAX_TABLE_BYTES: usize = 1 << 30;

/// Picks the delimiter of a header line: the most frequent of comma, semicolon and tab outside
/// quotes (comma when none occurs).
pub fn detect_delimiter(header_line: &str) -> u8 {
    detect_delimiter_bytes(header_line.as_bytes())
}

fn detect_delimiter_bytes(header_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &c in header_line {
        match c {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
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

/// Reads `path` as a delimited table with a header row, held whole.
///
/// Errors: an empty file (a header only is fine: no records); a row whose number of cells
/// differs from the header's; a quote that never closes; the limits of the module, and
/// [`MAX_TABLE_CELLS`] and [`MAX_TABLE_BYTES`].
pub fn read_table(path: &Path) -> Result<Table> {
    RecordReader::new(path, open(path)?)?.into_table()
}

/// Parses decoded `text` (read from `path`) as a delimited table; see [`read_table`].
pub fn parse_table(path: &Path, text: &str) -> Result<Table> {
    RecordReader::new(path, Box::new(text.as_bytes()))?.into_table()
}

/// The stream between the decoder and the CSV parser. It
/// - turns CRLF line ends into LF and drops blank lines, remembering where (so that the parser's
///   own line count, plus the blank lines dropped before a record, is the record's line);
/// - counts the bytes passed on since the current record started, and fails a read once a record
///   runs past [`MAX_RECORD_BYTES`] (allowing for what the buffers above read ahead).
struct Guard<'a> {
    inner: Decoded<'a>,
    raw: Box<[u8]>,
    at: usize,
    len: usize,
    /// The last byte passed on was a line end (or nothing was passed on yet).
    at_line_start: bool,
    /// A `\r` was read and not yet passed on (it may start a CRLF).
    pending_cr: bool,
    /// Bytes passed on so far.
    offset: u64,
    /// (offset, blank lines dropped before it in all): one entry per run of blank lines.
    dropped: std::collections::VecDeque<(u64, u64)>,
    since_mark: usize,
}

impl<'a> Guard<'a> {
    fn new(inner: Decoded<'a>) -> Self {
        Guard {
            inner,
            raw: vec![0; 64 << 10].into_boxed_slice(),
            at: 0,
            len: 0,
            at_line_start: true,
            pending_cr: false,
            offset: 0,
            dropped: Default::default(),
            since_mark: 0,
        }
    }

    /// Blank lines dropped before the byte at `offset`; forgets what lies before it.
    fn dropped_before(&mut self, offset: u64) -> u64 {
        while self.dropped.len() > 1 && self.dropped[1].0 <= offset {
            self.dropped.pop_front();
        }
        match self.dropped.front() {
            Some(&(at, n)) if at <= offset => n,
            _ => 0,
        }
    }

    fn drop_blank_line(&mut self) {
        let total = self.dropped.back().map_or(0, |&(_, n)| n) + 1;
        match self.dropped.back_mut() {
            Some(last) if last.0 == self.offset => last.1 = total,
            _ => self.dropped.push_back((self.offset, total)),
        }
    }
}

/// The payload of the I/O error [`Guard`] raises.
#[derive(Debug)]
struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record longer than {MAX_RECORD_BYTES} bytes")
    }
}

impl std::error::Error for TooLong {}

/// Read-ahead of the buffers between the guard and the CSV parser, in bytes.
const READ_AHEAD: usize = 128 << 10;

impl Read for Guard<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.since_mark > MAX_RECORD_BYTES + READ_AHEAD {
            return Err(std::io::Error::other(TooLong));
        }
        let mut k = 0;
        while k < out.len() {
            if self.at == self.len {
                if k > 0 {
                    break; // hand out what there is before blocking on more
                }
                self.len = self.inner.read(&mut self.raw)?;
                self.at = 0;
                if self.len == 0 {
                    if self.pending_cr {
                        self.pending_cr = false;
                        out[k] = b'\r';
                        k += 1;
                    }
                    break;
                }
            }
            if !self.pending_cr {
                // A run of bytes that are not line ends is passed on as is, in one copy.
                let avail = &self.raw[self.at..self.len];
                let run = memchr::memchr2(b'\r', b'\n', avail)
                    .unwrap_or(avail.len())
                    .min(out.len() - k);
                if run > 0 {
                    out[k..k + run].copy_from_slice(&avail[..run]);
                    k += run;
                    self.at += run;
                    self.offset += run as u64;
                    self.at_line_start = false;
                    continue;
                }
            }
            let b = self.raw[self.at];
            if self.pending_cr && b != b'\n' {
                // A lone CR (old Mac line end): the parser takes it as a line end.
                self.pending_cr = false;
                out[k] = b'\r';
                k += 1;
                self.offset += 1;
                self.at_line_start = false;
                continue;
            }
            self.at += 1;
            match b {
                b'\r' => self.pending_cr = true,
                b'\n' => {
                    self.pending_cr = false;
                    if self.at_line_start {
                        self.drop_blank_line();
                    } else {
                        out[k] = b'\n';
                        k += 1;
                        self.offset += 1;
                        self.at_line_start = true;
                    }
                }
                _ => {
                    out[k] = b;
                    k += 1;
                    self.offset += 1;
                    self.at_line_start = false;
                }
            }
        }
        self.since_mark += k;
        Ok(k)
    }
}

type Source<'a> = std::io::Chain<std::io::Cursor<Vec<u8>>, std::io::BufReader<Guard<'a>>>;

/// Streams the records of decoded delimited text, one at a time, with their line numbers: for
/// files too large to hold as a [`Table`] (edge lists of millions of ties). Memory: one record.
pub struct RecordReader<'a> {
    path: PathBuf,
    reader: csv::Reader<Source<'a>>,
    /// Header cells, trimmed.
    pub header: Vec<String>,
    /// The delimiter found.
    pub delimiter: u8,
    /// Lines before the header made of spaces only (for a [`RecordReader::continuation`]: the
    /// lines before its part, less the one header line the parser sees first).
    skipped: u64,
    /// Added to the parser's byte count to give the guard's: the bytes of the skipped lines
    /// (for a continuation: minus the header line put in front of its part).
    guard_base: i64,
    header_line: u64,
    /// The header line as the parser saw it (line end included).
    header_raw: Vec<u8>,
}

/// What a reader of a later part of the same file needs from its header: see
/// [`RecordReader::continuation`].
#[derive(Debug, Clone)]
pub(crate) struct HeaderInfo {
    raw: Vec<u8>,
    header: Vec<String>,
    delimiter: u8,
}

impl HeaderInfo {
    /// Cells in the header.
    pub(crate) fn columns(&self) -> usize {
        self.header.len()
    }
}

impl<'a> RecordReader<'a> {
    /// Reads the header of the decoded stream `text` (of `path`, named in messages): the first
    /// line that is not blank.
    pub fn new(path: &Path, text: Decoded<'a>) -> Result<Self> {
        let mut input = std::io::BufReader::with_capacity(64 << 10, Guard::new(text));
        let mut skipped = 0u64;
        let mut header_offset = 0u64;
        let mut first = Vec::new();
        loop {
            first.clear();
            let limit = (MAX_RECORD_BYTES + 1) as u64;
            let k = (&mut input)
                .take(limit)
                .read_until(b'\n', &mut first)
                .map_err(|e| Error::io(path, "cannot read file", e))?;
            if k == 0 {
                return Err(Error::file(
                    path,
                    "the file is empty; it needs a header row (for ties: source,target[,weight][,relation])",
                ));
            }
            let line = 1 + skipped + input.get_mut().dropped_before(header_offset);
            if first.len() > MAX_RECORD_BYTES {
                return Err(too_long(path, line));
            }
            if !first.trim_ascii().is_empty() {
                break;
            }
            skipped += 1;
            header_offset += first.len() as u64;
            input.get_mut().since_mark = 0;
        }
        let header_line = 1 + skipped + input.get_mut().dropped_before(header_offset);
        let delimiter = detect_delimiter_bytes(&first);
        let header_raw = first.clone();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(std::io::Cursor::new(first).chain(input));
        let header: Vec<String> = match reader.byte_headers() {
            Ok(h) => h
                .iter()
                .enumerate()
                .map(|(c, h)| {
                    std::str::from_utf8(h)
                        .map(|s| s.trim().to_string())
                        .map_err(|_| Error::input(path, header_line, Some(c + 1), NOT_UTF8))
                })
                .collect::<Result<_>>()?,
            Err(e) => {
                let mut r = RecordReader {
                    path: path.to_path_buf(),
                    reader,
                    header: Vec::new(),
                    delimiter,
                    skipped,
                    guard_base: header_offset as i64,
                    header_line,
                    header_raw,
                };
                let empty = csv::ByteRecord::new();
                return Err(r.csv_error(e, &empty));
            }
        };
        if header.len() > MAX_COLUMNS {
            return Err(Error::input(
                path,
                header_line,
                None,
                format!(
                    "the header has {} columns; Grapevine reads at most {MAX_COLUMNS}; remove the unused columns",
                    header.len()
                ),
            ));
        }
        Ok(RecordReader {
            path: path.to_path_buf(),
            reader,
            header,
            delimiter,
            skipped,
            guard_base: header_offset as i64,
            header_line,
            header_raw,
        })
    }

    /// What [`RecordReader::continuation`] needs to read later parts of this file.
    pub(crate) fn header_info(&self) -> HeaderInfo {
        HeaderInfo {
            raw: self.header_raw.clone(),
            header: self.header.clone(),
            delimiter: self.delimiter,
        }
    }

    /// A reader for a later part of the same file: `text` starts at the beginning of line
    /// `first_line` (≥ 2) of `path`, after the header described by `info`. It reads exactly as
    /// the reader of the whole file would from there (same records, cell checks, blank-line
    /// rules and line numbers), as long as no quoted field runs across the start of the part;
    /// the parser is handed the header line first, so rows are checked against its length.
    pub(crate) fn continuation<'b>(
        path: &Path,
        info: &HeaderInfo,
        text: Decoded<'b>,
        first_line: u64,
    ) -> RecordReader<'b> {
        debug_assert!(first_line >= 2, "a part starts after the header line");
        let input = std::io::BufReader::with_capacity(64 << 10, Guard::new(text));
        let reader = csv::ReaderBuilder::new()
            .delimiter(info.delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(std::io::Cursor::new(info.raw.clone()).chain(input));
        RecordReader {
            path: path.to_path_buf(),
            reader,
            header: info.header.clone(),
            delimiter: info.delimiter,
            skipped: first_line.saturating_sub(2),
            guard_base: -(info.raw.len() as i64),
            header_line: first_line.saturating_sub(1),
            header_raw: info.raw.clone(),
        }
    }

    /// The file, as named in messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Index of the first header cell matching one of `names` (see [`Table::find_column`]).
    pub fn find_column(&self, names: &[&str]) -> Option<usize> {
        find_column(&self.header, names)
    }

    /// The line of the header (1 unless blank lines come first).
    pub fn header_line(&self) -> u64 {
        self.header_line
    }

    fn mark(&mut self) {
        self.guard().since_mark = 0;
    }

    fn guard(&mut self) -> &mut Guard<'a> {
        self.reader.get_mut().get_mut().1.get_mut()
    }

    /// The line where `record` (just read, or being read) starts.
    fn line_of(&mut self, record: &csv::ByteRecord) -> u64 {
        let (byte, line) = record.position().map_or((0, 1), |p| (p.byte(), p.line()));
        let at = (byte as i64 + self.guard_base).max(0) as u64;
        line + self.skipped + self.guard().dropped_before(at)
    }

    /// Reads the next non-blank record into `record`; returns its 1-based line number, or None
    /// at the end. Errors: a row whose number of cells differs from the header's, a quote that
    /// never closes, a record longer than [`MAX_RECORD_BYTES`].
    pub fn next(&mut self, record: &mut csv::ByteRecord) -> Result<Option<u64>> {
        loop {
            self.mark();
            match self.reader.read_byte_record(record) {
                Ok(false) => return Ok(None),
                Ok(true) => {
                    if record.iter().all(|c| c.trim_ascii().is_empty()) {
                        continue; // blank line (e.g. trailing ;;; from Excel)
                    }
                    let line = self.line_of(record);
                    if record.as_slice().len() > MAX_RECORD_BYTES {
                        return Err(too_long(&self.path, line));
                    }
                    if let Some(col) = record.iter().position(|c| c.contains(&b'\n')) {
                        return Err(Error::input(
                            &self.path,
                            line,
                            Some(col + 1),
                            "a quoted field runs over a line break: a quote is probably not closed; \
                             check this row's quotes",
                        )
                        .with_detail(row_as_read(record)));
                    }
                    return Ok(Some(line));
                }
                Err(e) => return Err(self.csv_error(e, record)),
            }
        }
    }

    /// Collects the remaining records into a [`Table`], within [`MAX_TABLE_CELLS`] and
    /// [`MAX_TABLE_BYTES`].
    pub fn into_table(mut self) -> Result<Table> {
        let mut records = Vec::new();
        let mut record = csv::ByteRecord::new();
        let (mut cells, mut bytes) = (0usize, 0usize);
        while let Some(line) = self.next(&mut record)? {
            cells += record.len();
            bytes += record.as_slice().len();
            if cells > MAX_TABLE_CELLS || bytes > MAX_TABLE_BYTES {
                return Err(Error::input(
                    &self.path,
                    line,
                    None,
                    format!(
                        "the file holds more than {} million cells or {} MiB of text, more than Grapevine \
                         holds in memory for this input; remove unused columns and rows, or split it",
                        MAX_TABLE_CELLS / 1_000_000,
                        MAX_TABLE_BYTES >> 20
                    ),
                ));
            }
            let rec = csv::StringRecord::from_byte_record(record.clone()).map_err(|e| {
                let col = e.utf8_error().field() + 1;
                Error::input(&self.path, line, Some(col), NOT_UTF8)
            })?;
            records.push((line, rec));
        }
        Ok(Table {
            header: self.header,
            records,
            delimiter: self.delimiter,
        })
    }

    fn csv_error(&mut self, e: csv::Error, record: &csv::ByteRecord) -> Error {
        let path = self.path.clone();
        match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                let line = self.line_of(record);
                let e = if record.iter().any(|c| c.contains(&b'\n')) {
                    Error::input(
                        &path,
                        line,
                        None,
                        "a quote opened on this line is never closed; close it, or remove the stray quote",
                    )
                } else {
                    Error::input(
                        &path,
                        line,
                        None,
                        format!(
                            "this row has {len} cells but the header has {expected_len}; \
                             quote cells that contain the delimiter, or fix the row"
                        ),
                    )
                };
                e.with_detail(format!(
                    "{}\ndelimiter: {:?}",
                    row_as_read(record),
                    self.delimiter as char
                ))
            }
            csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|inner| inner.is::<TooLong>()) => {
                let start = self.line_of(record);
                too_long(&path, start)
            }
            csv::ErrorKind::Io(_) => Error::file(&path, format!("cannot read: {e}")),
            _ => Error::file(
                &path,
                "cannot parse as CSV; save it as CSV (UTF-8) and try again",
            )
            .with_detail(format!("CSV parser: {e}")),
        }
    }
}

/// The row being read, with its cells as text: the whole row is checked as UTF-8 at once
/// (for most rows a scan that finds only ASCII), and each cell on its own only when that
/// fails, so that the error still names the first bad cell that is used. No allocation per
/// row: the two records are reused.
#[derive(Debug, Default)]
pub(crate) struct Row {
    /// The row when it is all valid UTF-8.
    text: Option<csv::StringRecord>,
    /// The row when it is not; else a spare record, which the next row is read into.
    bytes: csv::ByteRecord,
    /// The row's line.
    line: u64,
}

impl Row {
    /// Reads the next non-blank record of `table` ([`RecordReader::next`]); returns its line,
    /// or None at the end.
    pub(crate) fn read(&mut self, table: &mut RecordReader<'_>) -> Result<Option<u64>> {
        let Some(line) = table.next(&mut self.bytes)? else {
            return Ok(None);
        };
        self.line = line;
        // The record of the row before becomes the spare (a new one only after a row that
        // was not UTF-8).
        let spare = self.text.take().map(csv::StringRecord::into_byte_record);
        let read = std::mem::replace(&mut self.bytes, spare.unwrap_or_default());
        match csv::StringRecord::from_byte_record(read) {
            Ok(text) => self.text = Some(text),
            Err(e) => self.bytes = e.into_byte_record(),
        }
        Ok(Some(line))
    }

    /// Cell `col`, trimmed ([`trim_cell`]); an error naming `path`, the line and the column
    /// when it is not valid UTF-8.
    pub(crate) fn cell(&self, path: &Path, col: usize) -> Result<&str> {
        match &self.text {
            Some(text) => Ok(trim_cell(&text[col])),
            None => std::str::from_utf8(&self.bytes[col])
                .map(trim_cell)
                .map_err(|_| Error::input(path, self.line, Some(col + 1), NOT_UTF8)),
        }
    }

    /// The row as read, for messages.
    pub(crate) fn record(&self) -> &csv::ByteRecord {
        match &self.text {
            Some(text) => text.as_byte_record(),
            None => &self.bytes,
        }
    }
}

/// Rows for the readers of the edge list ([`super::read_chunk`]) and of the roster: each
/// non-blank row's line, then its cells as text.
pub(crate) trait Rows {
    /// Reads the next non-blank row; returns its line, or None at the end.
    fn next_row(&mut self) -> Result<Option<u64>>;
    /// Cell `col` of the row read, trimmed ([`trim_cell`]).
    fn cell(&self, col: usize) -> Result<&str>;
    /// The row as read, for messages.
    fn as_read(&self) -> String;
}

/// The rows of a [`RecordReader`], read into a [`Row`].
pub(crate) struct Streamed<'r, 'a> {
    table: &'r mut RecordReader<'a>,
    row: Row,
}

impl<'r, 'a> Streamed<'r, 'a> {
    pub(crate) fn new(table: &'r mut RecordReader<'a>) -> Self {
        Streamed {
            table,
            row: Row::default(),
        }
    }
}

impl Rows for Streamed<'_, '_> {
    fn next_row(&mut self) -> Result<Option<u64>> {
        self.row.read(self.table)
    }

    fn cell(&self, col: usize) -> Result<&str> {
        self.row.cell(&self.table.path, col)
    }

    fn as_read(&self) -> String {
        row_as_read(self.row.record())
    }
}

/// The rows of a part of a file already in memory that holds whole lines of plain text (no
/// carriage return, no blank line: the caller checks), parsed by
/// `csv_core` straight from the bytes: no stream, no buffer between them, and each row's line
/// is the one after the row before. For the parts of a large edge list ([`super::split`])
/// and for a roster held whole.
///
/// It reads only what it can read exactly as the [`RecordReader`] of the whole file would
/// (same records, blank-row rule and line numbers). A row it cannot (a cell over a line end, a
/// row of another length than the header, a record over [`MAX_RECORD_BYTES`], a part that
/// starts with a byte-order mark; text that is not UTF-8 never gets here) is an error whose message
/// is not meant for users: the caller reads the file again with the [`RecordReader`], which
/// gives the error with its line and column.
pub(crate) struct PlainRows<'a> {
    path: &'a Path,
    /// The text (checked as UTF-8 by the caller, once): the cells of a row without quotes are
    /// sliced from it, with no copy and no UTF-8 check per cell.
    text: &'a str,
    input: &'a [u8],
    /// Whether the row read has its cells in `input` as they are (no quotes: read by
    /// [`PlainRows::unquoted`]), and then where it starts there.
    row_start: usize,
    direct: bool,
    /// Bytes of `input` parsed.
    at: usize,
    delimiter: u8,
    /// The parser of rows with quotes.
    core: csv_core::Reader,
    /// The row's cells, back to back, and where each ends.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// Cells in the header (every row must have as many).
    columns: usize,
    /// The line of the next row.
    line: u64,
}

impl<'a> PlainRows<'a> {
    /// The rows of `input` (of `path`, named in messages), whose first line is `first_line`, in
    /// a file whose header has `columns` cells separated by `delimiter`.
    pub(crate) fn new(
        path: &'a Path,
        text: &'a str,
        first_line: u64,
        delimiter: u8,
        columns: usize,
    ) -> Self {
        PlainRows {
            path,
            text,
            input: text.as_bytes(),
            row_start: 0,
            direct: false,
            at: 0,
            delimiter,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            fields: vec![0; 256],
            ends: vec![0; columns.max(1) + 1],
            columns,
            line: first_line,
        }
    }

    /// The most rows the input can hold: its lines.
    pub(crate) fn rows_at_most(&self) -> usize {
        memchr::memchr_iter(b'\n', self.input).count() + 1
    }

    /// The error that sends the caller back to the [`RecordReader`].
    fn unread(&self, line: u64) -> Error {
        Error::input(
            self.path,
            line,
            None,
            "this row needs the full reader; read the file again with RecordReader",
        )
    }

    /// Reads one line without quotes in place: where its cells end (in `ends`, counted as
    /// [`csv_core`] counts them, without the delimiters), and returns the number of cells. None
    /// when the next line holds a quote (or is too long, or has more cells than `ends` holds
    /// yet) and must go to the parser, or at the end of the input.
    ///
    /// A line without quotes is its cells separated by the delimiter, as the parser reads it:
    /// the parts given here have no carriage return and no blank line ([`PlainRows`]), and the
    /// parser is then at the start of a record, as after any record it reads. One look at each
    /// byte, with no copy: on the ingest bench's 100,000-person edge list, `next_row` took
    /// 2.50 G instructions instead of the parser's 4.38 G (callgrind). `memchr` was slower
    /// here, per line or over the whole part: a match every few bytes pays its set-up each time.
    #[inline]
    fn unquoted(&mut self) -> Option<usize> {
        let rest = &self.input[self.at..];
        let window = &rest[..rest.len().min(MAX_RECORD_BYTES + 1)];
        let (mut len, mut cells) = (window.len(), 0);
        for (i, &b) in window.iter().enumerate() {
            if b == self.delimiter {
                if cells + 2 > self.ends.len() {
                    return None;
                }
                self.ends[cells] = i - cells;
                cells += 1;
            } else if b == b'\n' {
                len = i;
                break;
            } else if b == b'"' {
                return None;
            }
        }
        if len == 0 || len > MAX_RECORD_BYTES {
            return None;
        }
        self.ends[cells] = len - cells;
        self.row_start = self.at;
        self.direct = true;
        self.at += (len + 1).min(rest.len());
        Some(cells + 1)
    }

    /// Reads one record into `fields` and `ends` (or, without quotes, in place:
    /// [`PlainRows::unquoted`]); returns the number of cells, or None at the end of the input.
    fn record(&mut self) -> Result<Option<usize>> {
        use csv_core::ReadRecordResult as R;
        if let Some(cells) = self.unquoted() {
            return Ok(Some(cells));
        }
        let (mut out, mut cells, start) = (0, 0, self.at);
        loop {
            let input = &self.input[self.at..];
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.fields[out..], &mut self.ends[cells..]);
            self.at += nin;
            out += nout;
            cells += nend;
            match res {
                R::Record if self.at - start <= MAX_RECORD_BYTES => {
                    // The parser reads the rows with quotes ([`PlainRows::unquoted`] reads the
                    // others): their cells are its copies (`row_start` is not used).
                    self.direct = false;
                    return Ok(Some(cells));
                }
                R::Record => return Err(self.unread(self.line)),
                R::End => return Ok(None),
                // At the end of the input, the next call (with no input) ends the last record.
                R::InputEmpty if !input.is_empty() => {}
                R::InputEmpty => return Ok(None),
                R::OutputFull if self.fields.len() <= MAX_RECORD_BYTES => {
                    self.fields.resize(self.fields.len() * 2, 0)
                }
                R::OutputEndsFull if self.ends.len() <= MAX_COLUMNS => {
                    self.ends.resize(self.ends.len() * 2, 0)
                }
                R::OutputFull | R::OutputEndsFull => return Err(self.unread(self.line)),
            }
        }
    }

    /// Cell `col` of the row read, untrimmed: in `input` for a row read in place (after `col`
    /// delimiters), in `fields` otherwise.
    #[inline]
    fn raw(&self, col: usize) -> &[u8] {
        let (start, end) = self.span(col);
        match self.direct {
            true => &self.input[start..end],
            false => &self.fields[start..end],
        }
    }

    /// Where cell `col` of the row read starts and ends: in `input` for a row read in place,
    /// in `fields` otherwise.
    #[inline(always)]
    fn span(&self, col: usize) -> (usize, usize) {
        let start = if col == 0 { 0 } else { self.ends[col - 1] };
        match self.direct {
            true => {
                let at = self.row_start + col;
                (at + start, at + self.ends[col])
            }
            false => (start, self.ends[col]),
        }
    }
}

impl Rows for PlainRows<'_> {
    fn next_row(&mut self) -> Result<Option<u64>> {
        if self.at == 0 && self.input.starts_with(b"\xef\xbb\xbf") {
            return Err(self.unread(self.line)); // the parser would drop it
        }
        loop {
            let Some(cells) = self.record()? else {
                return Ok(None);
            };
            let line = self.line;
            self.line += 1;
            if cells != self.columns
                || (!self.direct
                    && memchr::memchr(b'\n', &self.fields[..self.ends[cells - 1]]).is_some())
            {
                return Err(self.unread(line));
            }
            // A row read in place that starts with a visible character is not blank: most
            // rows are told so by their first byte.
            let first = self.input.get(self.row_start).copied().unwrap_or(0);
            let visible = self.direct && first > b' ' && first != self.delimiter;
            if !visible && (0..cells).all(|c| self.raw(c).trim_ascii().is_empty()) {
                continue; // blank row (e.g. trailing ;;; from Excel)
            }
            return Ok(Some(line));
        }
    }

    /// Always inlined into the reader's loop (four calls a row): on the ingest bench's
    /// 100,000-person edge list, the reader took 7 % fewer instructions (callgrind).
    #[inline(always)]
    fn cell(&self, col: usize) -> Result<&str> {
        let cell = if self.direct {
            let (start, end) = self.span(col);
            self.text.get(start..end)
        } else {
            std::str::from_utf8(self.raw(col)).ok()
        };
        cell.map(trim_cell)
            .ok_or_else(|| self.unread(self.line - 1))
    }

    fn as_read(&self) -> String {
        let mut record = csv::ByteRecord::new();
        (0..self.columns).for_each(|c| record.push_field(self.raw(c)));
        row_as_read(&record)
    }
}

/// `cell` without leading and trailing white space ([`str::trim`]), which a cell that starts
/// and ends with a visible ASCII character cannot have (every non-ASCII character ends with a
/// byte ≥ 0x80, every ASCII white space is ≤ 0x20): most cells are returned as they are
/// without a look at their characters.
#[inline]
pub(crate) fn trim_cell(cell: &str) -> &str {
    let visible = |b: &u8| (0x21..0x7f).contains(b);
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (Some(a), Some(z)) if visible(a) && visible(z) => cell,
        _ => cell.trim(),
    }
}

/// The message for a cell that is not valid UTF-8.
pub const NOT_UTF8: &str = "the text is not valid UTF-8; re-save the file as UTF-8 CSV";

/// Longest text quoted in a message, in characters; `--verbose` shows the whole text.
pub const SHOWN_CHARS: usize = 60;

/// `s` for a one-line message: at most [`SHOWN_CHARS`] characters (with "…" when cut), line
/// breaks and other control characters as spaces.
pub fn shown(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The columns of a header for a message: the first 20, each [`shown`], then how many more.
pub fn column_list(header: &[String]) -> String {
    let mut list: Vec<String> = header.iter().take(20).map(|h| shown(h)).collect();
    if header.len() > 20 {
        list.push(format!("… ({} columns in all)", header.len()));
    }
    list.join(", ")
}
/// A record as read, for `--verbose`: its cells quoted and separated by ` | `, at most 2,000
/// characters.
pub fn row_as_read(record: &csv::ByteRecord) -> String {
    let mut out = format!("row as read ({} cells): ", record.len());
    for (i, cell) in record.iter().enumerate() {
        if i > 0 {
            out.push_str(" | ");
        }
        out.push_str(&format!("{:?}", String::from_utf8_lossy(cell)));
        if out.chars().count() > 2000 {
            out = out.chars().take(2000).collect();
            out.push('…');
            break;
        }
    }
    out
}

fn too_long(path: &Path, line: u64) -> Error {
    Error::input(
        path,
        line,
        None,
        format!(
            "the row starting here is longer than {} MiB, more than Grapevine reads in one row; \
             a quote is probably not closed (check this row's quotes), or the file is not CSV",
            MAX_RECORD_BYTES >> 20
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("t.csv")
    }

    /// Every row of `text` after its header line, with its line and cells, read by `rows`.
    fn rows_of(text: &[u8], plain: bool) -> Result<Vec<(u64, Vec<String>)>> {
        let mut reader = RecordReader::new(p(), Box::new(text))?;
        let n = reader.header.len();
        let body = memchr::memchr(b'\n', text).map_or(text.len(), |i| i + 1);
        let (delimiter, mut all) = (reader.delimiter, Vec::new());
        let mut collect = |rows: &mut dyn Rows| -> Result<()> {
            while let Some(line) = rows.next_row()? {
                let cells = (0..n).map(|c| rows.cell(c).map(str::to_string));
                all.push((line, cells.collect::<Result<_>>()?));
            }
            Ok(())
        };
        if plain {
            // The callers hand PlainRows only text checked as UTF-8; other text they read with
            // the RecordReader, as they do after any error of PlainRows.
            let body = std::str::from_utf8(&text[body..])
                .map_err(|_| Error::input(p(), 2, None, NOT_UTF8))?;
            collect(&mut PlainRows::new(p(), body, 2, delimiter, n))?;
        } else {
            collect(&mut Streamed::new(&mut reader))?;
        }
        Ok(all)
    }

    #[test]
    fn trim_cell_is_str_trim() {
        for cell in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\r",
            "ab",
            "a b",
            "é",
            " é",
            "é ",
            "\u{a0}x\u{a0}",
            "x\u{3000}",
            "\u{2003}",
            "-1",
            "~",
            "\u{7f}a",
            "a\u{85}",
            "\u{1680}y",
        ] {
            assert_eq!(trim_cell(cell), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn row_checks_each_cell_only_when_the_row_is_not_utf8() {
        let text: &[u8] = b"a,b,c\n x ,\xc3\xa9 ,z\nok,\xff,w\n";
        let mut reader = RecordReader::new(p(), Box::new(text)).expect("a header");
        let mut row = Row::default();
        assert_eq!(row.read(&mut reader).expect("a row"), Some(2));
        assert_eq!(row.cell(p(), 0).expect("utf-8"), "x");
        assert_eq!(row.cell(p(), 1).expect("utf-8"), "é");
        assert_eq!(row.record().len(), 3);
        // Line 3's second cell is not UTF-8: the others still read, that one names its column.
        assert_eq!(row.read(&mut reader).expect("a row"), Some(3));
        assert_eq!(row.cell(p(), 0).expect("utf-8"), "ok");
        assert_eq!(row.cell(p(), 2).expect("utf-8"), "w");
        let e = row.cell(p(), 1).expect_err("not utf-8").to_string();
        assert_eq!(e, format!("t.csv:3: {NOT_UTF8} (column 2)"));
        assert_eq!(&row.record()[1], b"\xff");
        assert_eq!(row.read(&mut reader).expect("the end"), None);
    }

    #[test]
    fn plain_rows_read_as_the_record_reader() {
        // Quotes (with a delimiter, a doubled quote, and a line end inside), blank rows,
        // spaces, no line end at the end; rows with quotes (cells copied by the parser) and
        // without (cells sliced from the text), among them a multi-byte character.
        let mut text = String::from("source,target,weight\n");
        for i in 0..5_000 {
            let (q, id) = if i % 2 == 0 { ("\"", "p") } else { ("", " ü") };
            text.push_str(&format!("{id}{},{q}q {}{q},{}\n", i % 97, i % 89, i % 5));
        }
        text.push_str(",,\n\"a,\"\"b\",  c ,\"\"\n , ,\nend,é,7");
        let plain = rows_of(text.as_bytes(), true).expect("plain rows");
        assert_eq!(plain.len(), 5_002);
        assert_eq!(
            plain[4_999],
            (5_001, vec!["ü52".into(), "q 15".into(), "4".into()])
        );
        assert_eq!(
            plain[5_000],
            (5_003, vec!["a,\"b".into(), "c".into(), "".into()])
        );
        assert_eq!(
            plain[5_001],
            (5_005, vec!["end".into(), "é".into(), "7".into()])
        );
        assert_eq!(
            plain,
            rows_of(text.as_bytes(), false).expect("streamed rows")
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        /// Any text the splitter hands to PlainRows (no carriage return, no blank line), rows
        /// with and without quotes: the rows and cells of the RecordReader, or an error that
        /// sends the caller back to it. Without quotes, PlainRows reads every row the
        /// RecordReader reads.
        #[test]
        fn plain_rows_read_any_text_as_the_record_reader(
            body in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("a"), proptest::strategy::Just("é"),
                    proptest::strategy::Just(","), proptest::strategy::Just(";"),
                    proptest::strategy::Just("\""), proptest::strategy::Just(" "),
                    proptest::strategy::Just("\n"), proptest::strategy::Just("x,y"),
                ],
                0..80,
            ),
            header in proptest::prop_oneof![
                proptest::strategy::Just("s,t\n"),
                proptest::strategy::Just("s;t;w\n"),
            ],
        ) {
            let mut body = body.concat();
            while body.contains("\n\n") {
                body = body.replace("\n\n", "\n");
            }
            let body = body.trim_start_matches('\n');
            let text = format!("{header}{body}");
            let (plain, streamed) = (rows_of(text.as_bytes(), true), rows_of(text.as_bytes(), false));
            if let Ok(rows) = &plain {
                proptest::prop_assert_eq!(Some(rows), streamed.as_ref().ok());
            }
            if !body.contains('"') {
                proptest::prop_assert_eq!(plain.is_ok(), streamed.is_ok());
            }
        }
    }

    #[test]
    fn plain_rows_refuse_what_they_cannot_number() {
        // A cell over a line end, a short row, a byte-order mark at the start, a cell that is
        // not UTF-8 (refused before PlainRows): each an error, and the caller reads the file
        // with the RecordReader.
        for text in [
            &b"a,b\nx,\"y\nz\"\n"[..],
            b"a,b\nx,y\nz\n",
            b"a,b\n\xef\xbb\xbfx,y\n",
            b"a,b\nx,\xff\n",
        ] {
            assert!(
                rows_of(text, true).is_err(),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
        // The byte-order mark after the first line is a cell's text, as the RecordReader has it.
        let text = b"a,b\nx,y\n\xef\xbb\xbfx,y\n";
        assert_eq!(rows_of(text, true).ok(), rows_of(text, false).ok());
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
