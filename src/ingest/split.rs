//! Reading a large edge list on all threads: the file is read in blocks, each block is cut at
//! line ends into one part per thread, the parts are parsed at the same time, and their ties are
//! appended in file order ([`super::Chunk::append_all`]), so the dataset is the one a single
//! sequential pass gives, whatever the number of threads (the tests below check this on random
//! files cut at every size).
//!
//! A cut at a line end is safe because a file that reads without error has no line break inside
//! a cell (the reader refuses one: [`super::text::RecordReader::next`]). Only plain UTF-8 text
//! is cut (with or without a BOM, no NUL byte, no lone carriage return, a header without an open
//! quote); anything else, and any error at all in any part, sends the caller to the sequential
//! reader, which decodes other encodings and gives every error with its line and column. So the
//! parallel path never has to reproduce an error message, only the ties of a good file.
//!
//! Cost: the block read on `t` threads ([`read_block`]); one pass over the bytes on `t`
//! threads to check them, count line ends (for line numbers) and see whether a part can be
//! parsed straight from the block (no carriage return, no blank line:
//! [`super::text::PlainRows`]; other parts go through the [`super::text::RecordReader`]'s
//! stream); then the parse on `t` threads, each part interning its ids in batches
//! ([`super::intern`]); then the parts' ids merged bucket by bucket and their rows renumbered,
//! on all threads ([`super::intern::Interner::absorb`]). Memory: one block
//! ([`Split::block_bytes`]) of the file at a time, besides the ties, and one batch of queued
//! ids per part.

use std::path::Path;

use rayon::prelude::*;

use super::text::{self, PlainRows, RecordReader};
use super::{read_chunk, Chunk, Columns, IngestOptions};
use crate::graph::RawTie;

/// How an edge list is cut for parallel parsing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split {
    /// Bytes read at a time (a block ends at the last line end within it).
    pub block_bytes: usize,
    /// Smallest part worth a thread of its own.
    pub min_part: usize,
    /// Parts per block at most (the thread count).
    pub parts: usize,
    /// Id lookups queued before they are resolved ([`super::intern::BATCH`]).
    pub batch: usize,
}

impl Split {
    /// Blocks of 32 MiB, parts of at least 4 MiB, one part per thread of the rayon pool.
    ///
    /// Small blocks, because each block after the first is read into the memory of the one
    /// before and its parts' rows go into the rows of the parts before: the memory the kernel
    /// must hand out fresh (a page fault per 4 KiB) is then about two blocks, not the whole
    /// file. On the 1 million network's 206 MB edge list, one 256 MiB block before, a load
    /// (with its roster) took 137,000 page faults, in 32 MiB blocks 68,000–87,000
    /// (`cargo bench --bench ingest`), and the read stage of a whole run peaked at 874 MiB
    /// before, 614–623 MiB after (`grapevine analyze --timings`). Smaller blocks add a merge
    /// per block ([`super::Chunk::append_all`]); it stays small because a later block's ids
    /// are looked up in the ids already numbered
    /// ([`super::intern::Interner::resolve_after`]), so a merge takes in only the new ones.
    /// 16 MiB blocks were no faster in alternating runs (the constant changed for the trial).
    pub(crate) fn for_this_machine() -> Split {
        Split {
            block_bytes: 32 << 20,
            min_part: 4 << 20,
            parts: rayon::current_num_threads(),
            batch: super::intern::BATCH,
        }
    }
}

/// Where the edge list's bytes come from: read at any offset, by several threads at once (a
/// file with positional reads, or bytes already in memory), so that a block is read on all
/// threads ([`read_block`]), the kernel's work of handing out its fresh pages with it (one
/// thread's `read_to_end` did all of it before the parse could start).
pub(crate) trait Source: Sync {
    /// Reads into `buf` from `offset`; returns the bytes read, 0 at the end.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize>;
}

impl Source for std::fs::File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        #[cfg(unix)]
        return std::os::unix::fs::FileExt::read_at(self, buf, offset);
        #[cfg(windows)]
        return std::os::windows::fs::FileExt::seek_read(self, buf, offset);
    }
}

impl Source for [u8] {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
        let rest = usize::try_from(offset).map_or(&[][..], |at| self.get(at..).unwrap_or(&[]));
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        Ok(n)
    }
}

/// Appends up to `want` bytes of `data` from `offset` to `block`, read in `pieces` pieces of
/// at least `min_piece` bytes on all threads; returns the bytes appended (fewer than `want`
/// at the end of the input), or None on a read error (the sequential reader then reports it).
///
/// The block is written into `spare`, the memory of an earlier block, when that is large
/// enough (its contents do not matter: every byte kept is written here). Otherwise it is
/// written into zeroed memory the allocator has not touched (a fresh allocation,
/// `vec![0; n]`), so the kernel's work of handing out pages is done by the threads that read
/// into them. Reusing the memory matters at scale: the 2 million network's 1,170 MB edge list
/// is 35 blocks ([`Split::for_this_machine`]), of which only the first needs fresh pages.
/// Bytes after a short piece are dropped: a piece ends short only at the end of the input (a
/// file growing while it is read is read up to there).
fn read_block(
    data: &(impl Source + ?Sized),
    block: &mut Vec<u8>,
    spare: &mut Vec<u8>,
    want: usize,
    offset: u64,
    (pieces, min_piece): (usize, usize),
) -> Option<usize> {
    let (kept, need) = (block.len(), block.len() + want);
    let mut fresh = std::mem::take(spare);
    if fresh.capacity() < need {
        fresh = vec![0u8; need];
    } else if fresh.len() >= need {
        fresh.truncate(need);
    } else {
        fresh.resize(need, 0);
    }
    fresh[..kept].copy_from_slice(block);
    let piece = want.div_ceil(pieces.max(1)).max(min_piece).max(1);
    let got: Vec<Option<(usize, bool)>> = fresh[kept..]
        .par_chunks_mut(piece)
        .enumerate()
        .map(|(k, buf)| {
            let mut at = 0;
            while at < buf.len() {
                match data.read_at(&mut buf[at..], offset + (k * piece + at) as u64) {
                    Ok(0) => return Some((at, false)),
                    Ok(n) => at += n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return None,
                }
            }
            Some((at, true))
        })
        .collect();
    let mut read = 0;
    for g in got {
        let (n, full) = g?;
        read += n;
        if !full {
            break;
        }
    }
    fresh.truncate(kept + read);
    *block = fresh;
    Some(read)
}

/// Can this block be cut at any line end and read as is? Plain UTF-8, no NUL byte, every
/// carriage return followed by a line feed. Returns the block as text if so (checked once,
/// here: [`PlainRows`] takes it as it is).
fn plain(block: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(block).ok()?;
    (memchr::memchr(0, block).is_none()
        && memchr::memchr_iter(b'\r', block).all(|i| block.get(i + 1) == Some(&b'\n')))
    .then_some(text)
}

/// Can this text (whole lines) go to [`PlainRows`]? No carriage return and no blank line (no
/// line end at its start, no two line ends in a row).
fn as_is(text: &[u8]) -> bool {
    memchr::memchr(b'\r', text).is_none()
        && text.first() != Some(&b'\n')
        && memchr::memmem::find(text, b"\n\n").is_none()
}

/// The reader of the header and the rows of a whole file in memory that can be parsed
/// straight from its bytes ([`PlainRows`]): plain UTF-8 ([`plain`]; a UTF-8 byte-order mark
/// allowed), no carriage return, no blank line, no open quote in the header. None otherwise.
pub(crate) fn plain_body<'a>(
    path: &'a Path,
    bytes: &'a [u8],
) -> Option<(RecordReader<'a>, PlainRows<'a>)> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = plain(bytes)?;
    if !as_is(bytes) {
        return None;
    }
    let end = header_end(bytes)??;
    let header = RecordReader::new(path, Box::new(&bytes[..end])).ok()?;
    let line = 1 + memchr::memchr_iter(b'\n', &bytes[..end]).count() as u64;
    let rows = PlainRows::new(
        path,
        text.get(end..)?,
        line,
        header.delimiter,
        header.header.len(),
    );
    Some((header, rows))
}

/// The end of the header line (just past its line end): the first line that is not blank, as
/// [`RecordReader::new`] reads it. None when the header holds an odd number of quotes (a quoted
/// header cell might run over a line end).
/// `Some(None)` when the block holds blank lines only.
fn header_end(block: &[u8]) -> Option<Option<usize>> {
    let mut at = 0;
    while at < block.len() {
        let end = memchr::memchr(b'\n', &block[at..]).map_or(block.len(), |i| at + i + 1);
        let line = &block[at..end];
        if !line.trim_ascii().is_empty() {
            let quotes = memchr::memchr_iter(b'"', line).count();
            return quotes.is_multiple_of(2).then_some(Some(end));
        }
        at = end;
    }
    Some(None)
}

/// Cuts `block[start..]` into at most `n` parts at line ends, about equal in size; returns the
/// part boundaries (the first is 0, the last `block.len()`).
fn cut(block: &[u8], start: usize, n: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let len = block.len() - start;
    for p in 1..n {
        // The first line end at or after the byte before the target: a target at a line
        // start is cut there.
        let at = (start + len * p / n)
            .saturating_sub(1)
            .max(start.saturating_sub(1));
        if let Some(i) = memchr::memchr(b'\n', &block[at..]) {
            let c = at + i + 1;
            if c < block.len() && c > *cuts.last().expect("not empty") {
                cuts.push(c);
            }
        }
    }
    cuts.push(block.len());
    cuts
}

/// Reads the ties of the edge list `data` (named `path` in messages) in parallel parts. None
/// when the text is not plain UTF-8 cut-able at line ends, or any part fails: the caller then
/// reads the file sequentially, which gives the same ties or the error.
pub(crate) fn read_ties(
    path: &Path,
    data: &(impl Source + ?Sized),
    split: Split,
    opts: &IngestOptions,
) -> Option<Chunk> {
    let block_bytes = split.block_bytes.max(1);
    let mut pending: Vec<u8> = Vec::new();
    let mut eof = false;
    let mut offset = 0u64; // bytes read so far
    let mut spare: Vec<u8> = Vec::new(); // the last block parsed, its memory reused
    let mut spare_rows: Vec<Vec<RawTie>> = Vec::new(); // the last block's parts' rows, emptied
    let mut lines_before = 0u64; // line ends before the current block
    let mut head: Option<(text::HeaderInfo, Columns)> = None;
    let mut total: Option<Chunk> = None;
    let mut bom_checked = false;
    loop {
        let mut block = std::mem::take(&mut pending);
        if !eof {
            let want = if block.len() < block_bytes {
                block_bytes - block.len()
            } else {
                block_bytes
            };
            let pieces = (split.parts, split.min_part);
            let got = read_block(data, &mut block, &mut spare, want, offset, pieces)?;
            offset += got as u64;
            eof = got < want;
        }
        if !bom_checked {
            match encoding_rs::Encoding::for_bom(&block) {
                Some((enc, len)) if enc == encoding_rs::UTF_8 => {
                    block.drain(..len);
                }
                Some(_) => return None,
                None if block.len() < 3 && !eof => {
                    pending = block;
                    continue;
                }
                None => {}
            }
            bom_checked = true;
        }
        if block.is_empty() && eof {
            break;
        }
        if !eof {
            match memchr::memrchr(b'\n', &block) {
                Some(i) => pending = block.split_off(i + 1),
                None if block.len() > block_bytes + text::MAX_RECORD_BYTES => return None,
                None => {
                    pending = block;
                    continue; // one line longer than a block: read on
                }
            }
        }
        let start = match &head {
            None => {
                let Some(end) = header_end(&block)? else {
                    if eof {
                        return None; // blank lines only: the sequential reader says so
                    }
                    block.append(&mut pending);
                    pending = block;
                    continue;
                };
                let reader = RecordReader::new(path, Box::new(&block[..end])).ok()?;
                let cols = Columns::find(path, &reader, opts).ok()?;
                head = Some((reader.header_info(), cols));
                end
            }
            Some(_) => 0,
        };
        let first_block = total.is_none();
        let n = split
            .parts
            .min((block.len() - start) / split.min_part.max(1))
            .max(1);
        let cuts = cut(&block, start, n);
        // One pass per part, on its own thread: is it plain text, how many line ends does it
        // hold (for the number of the next part's first line), and can it go to the parser as
        // is (no CR, no blank line)? A cut at a line end splits no UTF-8 sequence and no CRLF,
        // so the parts are plain exactly when the block is.
        // Per part: its line ends, and its text when it can go to the parser as is.
        let scans: Vec<Option<(u64, Option<&str>)>> = cuts
            .par_windows(2)
            .map(|w| {
                let part = &block[w[0]..w[1]];
                plain(part).map(|text| {
                    let ends = memchr::memchr_iter(b'\n', part).count() as u64;
                    (ends, as_is(part).then_some(text))
                })
            })
            .collect();
        let mut parts = Vec::with_capacity(scans.len());
        for (w, scan) in cuts.windows(2).zip(scans) {
            let (ends, as_is) = scan?;
            parts.push((w[0], w[1], lines_before + 1, as_is, ends as usize));
            lines_before += ends;
        }
        let (info, cols) = head.as_ref().expect("read with the first block");
        // Each part's rows go into the memory of an earlier block's part, where there is one.
        let rooms: Vec<Vec<RawTie>> = (0..parts.len())
            .map(|_| spare_rows.pop().unwrap_or_default())
            .collect();
        // The ids of the blocks before are looked up where they are numbered already, so
        // that merging a part costs one lookup per id new in it (few after the first blocks).
        let known = total.as_ref().map(|t| &t.ids);
        let chunks: Vec<Option<Chunk>> = parts
            .par_iter()
            .zip(rooms)
            .map(|(&(lo, hi, line, as_is, lines), room)| {
                let first = first_block && lo == 0;
                let sizes = (split.batch, lines);
                if let Some(text) = as_is {
                    // Parsed straight from the block; the first part from after the header.
                    let (text, line) = if first {
                        let header_lines = memchr::memchr_iter(b'\n', &block[..start]).count();
                        (text.get(start..)?, line + header_lines as u64)
                    } else {
                        (text, line)
                    };
                    let mut rows = PlainRows::new(path, text, line, cols.delimiter, info.columns());
                    return read_chunk(path, &mut rows, cols, opts, sizes, room, known).ok();
                }
                let part: text::Decoded<'_> = Box::new(&block[lo..hi]);
                let mut reader = if first {
                    RecordReader::new(path, part).ok()?
                } else {
                    RecordReader::continuation(path, info, part, line)
                };
                let mut rows = text::Streamed::new(&mut reader);
                read_chunk(path, &mut rows, cols, opts, sizes, room, known).ok()
            })
            .collect();
        let mut chunks = chunks
            .into_iter()
            .collect::<Option<Vec<Chunk>>>()?
            .into_iter();
        if total.is_none() {
            total = chunks.next();
        }
        if let Some(t) = &mut total {
            spare_rows = t.append_all(chunks.collect());
        }
        spare = block;
        if eof && pending.is_empty() {
            break;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Dataset, RelationChoice};
    use proptest::prelude::*;

    /// The dataset (or the error) of `edges` read sequentially, and read in parts under `split`.
    fn both(edges: &[u8], split: Split, opts: &IngestOptions) -> (String, String) {
        both_with_roster(edges, None, split, opts)
    }

    fn both_with_roster(
        edges: &[u8],
        nodes: Option<&[u8]>,
        split: Split,
        opts: &IngestOptions,
    ) -> (String, String) {
        let path = Path::new("e.csv");
        let nodes = nodes.map(|n| (Path::new("n.csv"), n));
        let show = |r: crate::error::Result<Dataset>| match r {
            Ok(d) => format!("{:?} {:?} {:?} {:?}", d.ids, d.groups, d.ties, d.warnings),
            Err(e) => format!("error: {e}"),
        };
        let sequential = show(Dataset::parse_with(
            (path, edges),
            nodes,
            "org",
            &RelationChoice::All,
            opts,
            None,
        ));
        let parallel = show(Dataset::parse_with(
            (path, edges),
            nodes,
            "org",
            &RelationChoice::All,
            opts,
            Some(split),
        ));
        (sequential, parallel)
    }

    /// Blocks of `block_bytes`, three parts, id batches of one to four lookups.
    fn tiny(block_bytes: usize) -> Split {
        Split {
            block_bytes,
            min_part: 1,
            parts: 3,
            batch: 1 + block_bytes % 4,
        }
    }

    #[test]
    fn parts_give_the_ties_ids_and_lines_of_one_pass() {
        // Blank lines, CRLF, a BOM, quotes, spaces, weights, two relations, a repeated id.
        let text = "\u{feff}\n source ;target;weight;relation\r\n\r\na;b;1,5;x\r\nb;\"c\";2;y\n\n c ;a;;x\nd;a;3;y\n";
        let opts = IngestOptions::default();
        for block in 1..text.len() + 2 {
            let (s, p) = both(text.as_bytes(), tiny(block), &opts);
            assert!(s.contains("\"a\", \"b\", \"c\", \"d\""), "{s}");
            assert_eq!(s, p, "block of {block} bytes");
            let parts = read_ties(Path::new("e.csv"), text.as_bytes(), tiny(block), &opts);
            assert_eq!(parts.map(|c| c.rows.len()), Some(4), "read in parts");
        }
    }

    #[test]
    fn an_error_in_any_part_is_the_sequential_error() {
        let text = "source,target,weight\na,b,1\nb,c,2\nc,d,x\nd,e,1\n";
        for block in 1..text.len() + 2 {
            let (s, p) = both(text.as_bytes(), tiny(block), &IngestOptions::default());
            assert!(s.starts_with("error: e.csv:4: weight \"x\""), "{s}");
            assert_eq!(s, p, "block of {block} bytes");
        }
    }

    #[test]
    fn lines_before_the_header_count_in_the_first_part() {
        // A line of spaces before the header, no blank line: parsed straight from the block,
        // and the first unknown id's line (in the warning) is the line of the whole file.
        let edges = b"  \nsource,target\nx,a\na,b\n";
        let roster = b"id,org\na,o\nb,o\n";
        let opts = IngestOptions::default();
        let (s, p) = both_with_roster(edges, Some(roster), tiny(1 << 20), &opts);
        assert!(s.contains("(first: \\\"x\\\" on line 3)"), "{s}");
        assert_eq!(s, p);
    }

    #[test]
    fn what_cannot_be_cut_is_left_to_the_sequential_reader() {
        let opts = IngestOptions::default();
        let read = |t: &[u8]| read_ties(Path::new("e.csv"), t, tiny(4), &opts).is_some();
        assert!(read(b"source,target\na,b\nb,c\n"));
        assert!(!read(b"source,target\r\na,b\rb,c\n"), "a lone CR");
        assert!(!read(b"source,target\na,b\0\n"), "a NUL byte");
        assert!(!read(b"source,target\na,\xe9\n"), "Windows-1252");
        assert!(
            !read(b"\"source,target\na,b\n"),
            "an open quote in the header"
        );
        assert!(
            !read(b"source,target\na,\"b\nc\"\n"),
            "a line break in a cell"
        );
        assert!(!read(b"\xff\xfes\0"), "UTF-16");
    }

    /// A source that gives at most `most` bytes a read, fails any read from `fail_at` on, and
    /// reads as ended at `ends_at` (later offsets still give bytes, as a file growing while it
    /// is read would).
    struct Trickle<'a> {
        bytes: &'a [u8],
        most: usize,
        fail_at: u64,
        ends_at: u64,
    }

    impl Source for Trickle<'_> {
        fn read_at(&self, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
            if offset >= self.fail_at {
                return Err(std::io::Error::other("unreadable"));
            }
            let to_end = match self.ends_at.checked_sub(offset) {
                Some(left) => usize::try_from(left).unwrap_or(usize::MAX),
                None => usize::MAX, // past the end met: the bytes added later
            };
            let n = buf.len().min(self.most).min(to_end);
            self.bytes.read_at(&mut buf[..n], offset)
        }
    }

    #[test]
    fn blocks_are_read_in_pieces_however_short_the_reads() {
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for (most, pieces, min_piece) in [(1, 3, 1), (7, 4, 10), (1000, 1, 1), (3, 16, 1)] {
            let src = Trickle {
                bytes: &data,
                most,
                fail_at: u64::MAX,
                ends_at: u64::MAX,
            };
            // Kept bytes first, then what was read from `offset` on, in order: into fresh
            // memory, or into a spare block's (longer, or shorter but with room), whose stale
            // bytes must not show.
            let mut short = vec![9u8; 600];
            short.truncate(10);
            for spare in [Vec::new(), vec![7u8; 1000], short] {
                let mut spare = spare;
                let mut block = b"kept".to_vec();
                let got = read_block(&src, &mut block, &mut spare, 300, 100, (pieces, min_piece));
                assert_eq!(got, Some(300));
                assert_eq!(&block[..4], b"kept");
                assert_eq!(&block[4..], &data[100..400]);
            }
            // Near the end: fewer bytes than wanted, and nothing after the end.
            let mut block = Vec::new();
            assert_eq!(
                read_block(
                    &src,
                    &mut block,
                    &mut vec![5; 400],
                    300,
                    900,
                    (pieces, min_piece)
                ),
                Some(100)
            );
            assert_eq!(block, &data[900..]);
        }
        // A read error anywhere: None (the caller reads the file sequentially, which reports it).
        let src = Trickle {
            bytes: &data,
            most: 5,
            fail_at: 250,
            ends_at: u64::MAX,
        };
        let mut spare = Vec::new();
        assert_eq!(
            read_block(&src, &mut Vec::new(), &mut spare, 300, 0, (3, 1)),
            None
        );
        assert_eq!(
            read_block(&src, &mut Vec::new(), &mut spare, 200, 0, (3, 1)),
            Some(200)
        );
        // An end met inside the first of three pieces: the block ends there, though the later
        // pieces found bytes.
        let src = Trickle {
            bytes: &data,
            most: 1000,
            fail_at: u64::MAX,
            ends_at: 40,
        };
        let mut block = Vec::new();
        assert_eq!(
            read_block(&src, &mut block, &mut Vec::new(), 300, 0, (3, 1)),
            Some(40)
        );
        assert_eq!(block, &data[..40]);
    }

    #[test]
    fn cuts_fall_after_line_ends_past_the_start() {
        let block = b"h\naa\nbb\ncc\n";
        assert_eq!(cut(block, 2, 3), vec![0, 5, 8, 11]);
        assert_eq!(cut(block, 2, 1), vec![0, 11]);
        assert_eq!(cut(b"h\nabcdef\n", 2, 4), vec![0, 9]);
        assert_eq!(header_end(b"\n  \nh,i\na,b\n"), Some(Some(8)));
        assert_eq!(header_end(b"h,\"i\na,b\n"), None);
        assert_eq!(header_end(b"\n \n"), Some(None));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Any text, cut anywhere: the same dataset or the same error as one sequential pass.
        #[test]
        fn any_file_cut_anywhere_reads_as_one_pass(
            body in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just("b"), Just("c"), Just("é"), Just("1"), Just("0"), Just("2.5"),
                    Just(","), Just(";"), Just("\n"), Just("\r\n"), Just("\r"), Just(" "),
                    Just("\""), Just("x"), Just("y"),
                ],
                0..60,
            ),
            header in prop_oneof![
                Just("source,target\n"),
                Just("source,target,weight,relation\n"),
                Just("\nsource;target;weight\r\n"),
                Just("\u{feff}from,to,relation\n"),
            ],
            block in 1usize..40,
            zero_is_error in any::<bool>(),
        ) {
            let text = format!("{header}{}", body.concat());
            let opts = IngestOptions {
                positive_weights: zero_is_error.then(|| "a test".to_string()),
                ..IngestOptions::default()
            };
            let (s, p) = both(text.as_bytes(), tiny(block), &opts);
            prop_assert_eq!(s, p);
        }

        /// Good files (ids, weights, blank lines, CRLF) are read in parts, to the same dataset,
        /// warnings (the first id not in the roster, with its line) and errors (the first
        /// weight of 0 when weights must be positive, with its line).
        #[test]
        fn good_files_are_read_in_parts(
            rows in proptest::collection::vec(
                (0u8..6, 0u8..6, prop_oneof![Just(""), Just("1"), Just("2,5"), Just(" 3 "), Just("0")],
                 prop_oneof![Just("\n"), Just("\r\n"), Just("\n\n"), Just("\r\n\r\n")]),
                0..30,
            ),
            block in 1usize..64,
            parts in 1usize..5,
            zero_is_error in any::<bool>(),
        ) {
            let mut text = String::from("source;target;weight\n");
            for (s, t, w, end) in rows {
                text.push_str(&format!("p{s}; p{t};{w}{end}"));
            }
            let split = Split { block_bytes: block, min_part: 1, parts, batch: 1 + block % 5 };
            let opts = IngestOptions {
                positive_weights: zero_is_error.then(|| "a test".to_string()),
                ..IngestOptions::default()
            };
            let roster = b"id,org\np1,x\np3,y\n";
            let (s, p) = both_with_roster(text.as_bytes(), Some(roster), split, &opts);
            prop_assert_eq!(s, p);
            let chunk = read_ties(Path::new("e.csv"), text.as_bytes(), split, &opts);
            prop_assert!(chunk.is_some(), "not read in parts: {:?}", text);
        }
    }
}
