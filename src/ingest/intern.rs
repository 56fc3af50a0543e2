//! Id interning in batches, one bucket of the hash space at a time (radix-partitioned hashing).
//!
//! An edge list of a million people looks up about ten million ids. In one hash table of a
//! million ids (tens of MB, larger than the CPU's caches) nearly every lookup is a cache miss
//! and a TLB miss, and that was most of the reader's time. Here the ids are not looked up as
//! they are read: they are queued in a [`Batch`], each in the queue of its bucket (one of
//! [`BUCKETS`] ranges of the hash); [`Interner::resolve`] then resolves one bucket at a time,
//! reading its queue in order, against that bucket's own small table, which stays in cache
//! while its lookups run. This is the partitioned hash join of Boncz, Manegold & Kersten, "Database
//! architecture optimized for the new bottleneck: memory access" (VLDB 1999), applied to
//! interning.
//!
//! The number of buckets trades the two sides, as that paper's radix cluster does: each bucket
//! is one more stream that queueing writes to (its text and its entries, two pages in use per
//! bucket), and the streams must fit the TLB, while each bucket's table must fit the cache.
//! 256 buckets: 512 pages being written, and tables of about 4,000 ids at a million people
//! (about 130 kB each, within the 4 MiB L2 of this machine's cores). 1,024 buckets of three
//! streams each (each queue kept its lines then) gave tables a quarter the size, but the whole
//! ingest bench took about 10 % more CPU time on the 1 million edge list
//! (`perf stat -e task-clock cargo bench --bench ingest -- EDGES.csv`, alternating runs).
//!
//! Ids of at most 15 bytes (staff numbers, short names: most ids at scale) are queued, compared
//! and looked up as one 128-bit number ([`Short`]), the others by their text.
//!
//! Cost per batch of `m` lookups: `m` hashes and appends to queues, then `m` lookups in tables
//! of about `n / BUCKETS` ids each (`n` distinct ids so far). Memory: 28 bytes per queued
//! lookup of a short id (key, line, place, number), or its text plus 16 bytes (place, end of
//! text, line, number); [`Batch::is_full`] bounds a batch at [`BATCH`] lookups.
//!
//! Numbers are given in the order ids are first resolved (bucket by bucket within a batch), not
//! in order of first appearance in the file; each id's first line *is* the line of its first
//! appearance, since a bucket's lookups are resolved in queue order. Callers that need the
//! order of first appearance get it by scanning the resolved rows in order
//! ([`super::build_dataset`] does).

use std::hash::BuildHasher;

use compact_str::CompactString;
use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

/// Hash ranges (buckets), each with its own table.
const BUCKET_BITS: u32 = 8;
/// Number of buckets.
const BUCKETS: usize = 1 << BUCKET_BITS;
/// Lookups a batch holds before it must be resolved.
pub(crate) const BATCH: usize = 1 << 21;
/// The longest id held as a [`Short`] key.
const SHORT_BYTES: usize = 15;

/// An id of at most [`SHORT_BYTES`] bytes as one number: its bytes in little-endian order,
/// zero-padded, and its length in the top byte (so that ids differing only by trailing NUL
/// bytes stay apart). Most ids at scale are staff numbers or short names: they are queued,
/// compared and looked up as this number, with no text copied or compared byte by byte.
/// On the ingest bench's 100,000-person edge list (ids of 1 to 6 bytes), queueing and
/// looking up the ids took 2.56 G instructions as text, 1.58 G as keys, and the whole reader
/// 11 % fewer (callgrind).
///
/// Two `u64`s, not a `u128`: 8-byte alignment keeps a queued lookup ([`ShortEntry`]) and a
/// table entry at 24 bytes, not 32 each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Short([u64; 2]);

impl Short {
    /// The key of `id`, if it is short enough.
    #[inline]
    fn of(id: &str) -> Option<Short> {
        let b = id.as_bytes();
        if b.len() > SHORT_BYTES {
            return None;
        }
        let (lo, hi) = match b.split_at_checked(8) {
            Some((lo, hi)) => (u64::from_le_bytes(lo.try_into().expect("8 bytes")), hi),
            None => (padded(b), &b[b.len()..]),
        };
        Some(Short([lo, padded(hi) | (b.len() as u64) << 56]))
    }

    /// The id.
    fn text(self) -> CompactString {
        let [lo, hi] = self.0;
        let bytes = (u128::from(lo) | u128::from(hi) << 64).to_le_bytes();
        let len = usize::from(bytes[15]);
        CompactString::from_utf8(&bytes[..len]).expect("the bytes of a str")
    }
}

/// Up to 8 bytes as a little-endian number, zero-padded: two overlapping loads of 4 (or
/// three single bytes), not a loop.
#[inline]
fn padded(b: &[u8]) -> u64 {
    let n = b.len();
    let at = |i: usize| u64::from(b[i]);
    let four = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4")));
    match n {
        0 => 0,
        1..=3 => at(0) | at(n / 2) << (8 * (n / 2)) | at(n - 1) << (8 * (n - 1)),
        4..=7 => four(0) | four(n - 4) << (8 * (n - 4)),
        _ => u64::from_le_bytes(b[..8].try_into().expect("8 bytes")),
    }
}

/// How a table's key is hashed (once per lookup: the table is searched and, for a new id,
/// filled with the same hash).
trait Hashed: Eq {
    fn hashed(&self) -> u64;
}

impl Hashed for CompactString {
    /// Fx: a few cycles per 8 bytes.
    #[inline]
    fn hashed(&self) -> u64 {
        hash_of(self)
    }
}

impl Hashed for Short {
    /// foldhash: one folded multiply of the two halves (Fx would leave the bucket bits to
    /// the first bytes alone).
    #[inline]
    fn hashed(&self) -> u64 {
        let [lo, hi] = self.0;
        foldhash::fast::FixedState::with_seed(0).hash_one(u128::from(lo) | u128::from(hi) << 64)
    }
}

/// One bucket's ids of one kind and their numbers.
type Table<K> = HashTable<(K, u32)>;

/// One bucket's ids: the short ones by their key, the others by their text.
#[derive(Debug, Default)]
struct Bucket {
    short: Table<Short>,
    long: Table<CompactString>,
}

/// The hash of a text id (Fx: a few cycles per 8 bytes).
#[inline]
fn hash_of(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

/// The bucket of a hash: [`BUCKET_BITS`] bits from its middle. The tables themselves use
/// the low bits (the slot) and the top seven (hashbrown's tag), so those must stay varied
/// within a bucket.
#[inline]
fn bucket_of(hash: u64) -> usize {
    ((hash >> 32) as usize) & (BUCKETS - 1)
}

/// An id read, as it is queued and compared: by its [`Short`] key, or by its text.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Key<'s> {
    Short(Short),
    Long(&'s str),
}

impl<'s> Key<'s> {
    /// The key of `id`.
    #[inline]
    pub(crate) fn of(id: &'s str) -> Key<'s> {
        match Short::of(id) {
            Some(k) => Key::Short(k),
            None => Key::Long(id),
        }
    }
}

/// Ids queued for [`Interner::resolve`], each with the line it was read on. Each id is queued
/// straight into its bucket's queue, so that a bucket's ids lie together when it is resolved.
#[derive(Debug)]
pub(crate) struct Batch {
    /// Lookups queued.
    len: usize,
    /// Per bucket.
    queues: Vec<Queue>,
    /// Bytes of text in all queues.
    text_bytes: usize,
    /// Lookups at which the batch is full.
    limit: usize,
    /// The line of the first lookup queued: each lookup keeps its line as an offset from it
    /// ([`Batch::offset`]).
    first_line: u64,
    /// The lookups whose offset does not fit in `u32` (in order of place; in practice none).
    far: Vec<(u32, u64)>,
}

impl Default for Batch {
    /// A batch that is full at [`BATCH`] lookups.
    fn default() -> Batch {
        Batch::with_limit(BATCH)
    }
}

/// One bucket's queued ids, read in order when the bucket is resolved: the short ones as
/// [`ShortEntry`]s; the others' text back to back, and per id an [`Entry`].
#[derive(Debug, Default)]
struct Queue {
    shorts: Vec<ShortEntry>,
    text: String,
    entries: Vec<Entry>,
}

/// Where [`Batch::push`] queued an id: its place in the batch (the number of its lookup),
/// and, for a text id, its text in its bucket's queue, so that a reader can compare the next
/// id with it without a copy of its own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Queued {
    /// Place in the batch.
    pub(crate) place: u32,
    id: QueuedId,
}

/// The id of a [`Queued`] lookup: a short id's key, or where a text id's text lies.
#[derive(Debug, Clone, Copy)]
enum QueuedId {
    Short(Short),
    Text { bucket: u32, start: u32, end: u32 },
}

/// One queued lookup of a text id. The line travels with it, so that a new id's first line
/// is read from the queue being resolved, not from a per-batch list in queue order (a cache
/// miss per new id, a fifth of the resolving time at a million people).
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Place in the batch.
    place: u32,
    /// End of the id's text in the queue's text.
    end: u32,
    /// Line the id was read on ([`Batch::offset`]).
    line: u32,
}

/// One queued lookup of a short id.
#[derive(Debug, Clone, Copy)]
struct ShortEntry {
    key: Short,
    /// Line the id was read on ([`Batch::offset`]).
    line: u32,
    /// Place in the batch.
    place: u32,
}

// The sizes the memory figures above count on.
const _: () = assert!(std::mem::size_of::<ShortEntry>() == 24);
const _: () = assert!(std::mem::size_of::<Entry>() == 12);
const _: () = assert!(std::mem::size_of::<(Short, u32)>() == 24);

impl Batch {
    /// A batch that is full at `limit` lookups (at least 1).
    pub(crate) fn with_limit(limit: usize) -> Batch {
        Batch {
            len: 0,
            queues: (0..BUCKETS).map(|_| Queue::default()).collect(),
            text_bytes: 0,
            limit: limit.max(1),
            first_line: 0,
            far: Vec::new(),
        }
    }

    /// `line`, of the lookup at `place`, as an offset from the batch's first line;
    /// `u32::MAX` when it does not fit (the line is then kept in `far`).
    #[inline]
    fn offset(&mut self, place: u32, line: u64) -> u32 {
        if place == 0 {
            self.first_line = line;
        }
        match line.checked_sub(self.first_line).map(u32::try_from) {
            Some(Ok(offset)) if offset < u32::MAX => offset,
            _ => {
                self.far.push((place, line));
                u32::MAX
            }
        }
    }

    /// The line of the lookup at `place`, queued with `offset` ([`Batch::offset`]).
    fn line(&self, place: u32, offset: u32) -> u64 {
        match offset {
            u32::MAX => {
                let i = self.far.partition_point(|(p, _)| *p < place);
                self.far[i].1
            }
            _ => self.first_line + u64::from(offset),
        }
    }

    /// Makes room for `lookups` short ids (up to the batch's limit), spread over the buckets,
    /// so that the queues are not grown by copies (the 256 queues are too small for the
    /// allocator to grow them by remapping: on the ingest bench's 100,000-person files those
    /// copies were 2 % of all instructions).
    pub(crate) fn reserve(&mut self, lookups: usize) {
        let per_bucket = lookups.min(self.limit) / BUCKETS;
        if per_bucket == 0 {
            return;
        }
        // A little over the mean: a bucket's count varies by about its square root.
        let room = per_bucket + 4 * per_bucket.isqrt() + 16;
        for queue in &mut self.queues {
            queue.shorts.reserve(room);
        }
    }

    /// Queues `id` (read on `line`); returns where.
    pub(crate) fn push(&mut self, id: &str, line: u64) -> Queued {
        self.push_key(Key::of(id), line)
    }

    /// Queues the id `key` (read on `line`); returns where.
    #[inline]
    pub(crate) fn push_key(&mut self, key: Key<'_>, line: u64) -> Queued {
        let place = self.len as u32;
        self.len += 1;
        let line = self.offset(place, line);
        match key {
            Key::Short(key) => {
                let queue = &mut self.queues[bucket_of(key.hashed())];
                queue.shorts.push(ShortEntry { key, line, place });
                Queued {
                    place,
                    id: QueuedId::Short(key),
                }
            }
            Key::Long(id) => {
                let bucket = bucket_of(hash_of(id));
                let queue = &mut self.queues[bucket];
                let start = queue.text.len() as u32;
                queue.text.push_str(id);
                queue.entries.push(Entry {
                    place,
                    end: queue.text.len() as u32,
                    line,
                });
                self.text_bytes += id.len();
                let (bucket, end) = (bucket as u32, queue.text.len() as u32);
                Queued {
                    place,
                    id: QueuedId::Text { bucket, start, end },
                }
            }
        }
    }

    /// Is `q`, an id queued since the batch was last resolved, the id `key`? (After that,
    /// a text id's place may hold another id's text, or none.)
    #[inline]
    pub(crate) fn holds(&self, q: Queued, key: &Key<'_>) -> bool {
        match (key, q.id) {
            (Key::Short(k), QueuedId::Short(s)) => *k == s,
            (Key::Long(id), QueuedId::Text { bucket, start, end }) => {
                let text = &self.queues[bucket as usize].text;
                text.get(start as usize..end as usize) == Some(*id)
            }
            _ => false,
        }
    }

    /// Lookups queued.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Must the batch be resolved before more ids are queued? At its limit, or at 1 GiB of
    /// text (so that offsets fit in `u32` whatever the ids' length).
    pub(crate) fn is_full(&self) -> bool {
        self.len >= self.limit || self.text_bytes >= 1 << 30
    }

    /// Empties the batch; the queues keep their capacity for the next one.
    fn clear(&mut self) {
        self.len = 0;
        self.text_bytes = 0;
        for queue in &mut self.queues {
            queue.shorts.clear();
            queue.text.clear();
            queue.entries.clear();
        }
        self.far.clear();
    }
}

/// Distinct ids, numbered from 0, each with the line where it first appears. The ids are
/// kept once, as the keys of the buckets' tables; [`Interner::names`] lists them by number
/// when a caller needs them.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    /// Ids numbered.
    len: u32,
    /// Per number: the line of its first appearance.
    pub(crate) first_line: Vec<u64>,
    /// Per bucket: id → number (empty until the first batch).
    buckets: Vec<Bucket>,
}

/// Looks the id (hashed `hash`, found by `is`) up in `table`; a new one (`new` gives its key
/// and the line it was read on) gets the number `*len` (then counted).
#[inline]
fn intern<K: Hashed>(
    table: &mut Table<K>,
    hash: u64,
    is: impl Fn(&K) -> bool,
    new: impl FnOnce() -> (K, u64),
    (len, first_line): (&mut u32, &mut Vec<u64>),
) -> u32 {
    match table.find(hash, |(k, _)| is(k)) {
        Some(&(_, n)) => n,
        None => {
            let (key, line) = new();
            let n = *len;
            *len += 1;
            first_line.push(line);
            table.insert_unique(hash, (key, n), |(k, _)| k.hashed());
            n
        }
    }
}

/// Per entry of `table`: its number and its number in `theirs`, or `u32::MAX`.
fn numbers_in_table<K: Hashed>(table: &Table<K>, theirs: &Table<K>) -> Vec<(u32, u32)> {
    table
        .iter()
        .map(|(key, k)| {
            let found = theirs.find(key.hashed(), |(n, _)| n == key);
            (*k, found.map_or(u32::MAX, |(_, n)| *n))
        })
        .collect()
}

/// Takes the ids of `part` (one bucket of one later part, whose first lines are `lines`) into
/// `table`: per id, its number in the part and its code (a number below `base`, or `base`
/// plus its place among the bucket's new ids, whose first lines go to `new`).
fn absorb_table<K: Hashed>(
    table: &mut Table<K>,
    part: Table<K>,
    lines: &[u64],
    base: u32,
    new: &mut Vec<u64>,
    codes: &mut Vec<(u32, u32)>,
) {
    for (key, k) in part {
        let hash = key.hashed();
        let code = match table.find(hash, |(n, _)| *n == key) {
            Some(&(_, n)) => n,
            None => {
                let code = base + new.len() as u32;
                new.push(lines[k as usize]);
                table.insert_unique(hash, (key, code), |(n, _)| n.hashed());
                code
            }
        };
        codes.push((k, code));
    }
}

impl Interner {
    /// Distinct ids interned.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// Per number: the id.
    pub(crate) fn names(&self) -> Vec<CompactString> {
        let mut names = vec![CompactString::default(); self.len()];
        for bucket in &self.buckets {
            for (key, k) in bucket.short.iter() {
                names[*k as usize] = key.text();
            }
            for (name, k) in bucket.long.iter() {
                names[*k as usize] = name.clone();
            }
        }
        names
    }

    /// Per number: the number of the same id in `other`, or `u32::MAX` where `other` does
    /// not hold it. On all threads, bucket by bucket: the two interners put an id in the same
    /// bucket, so each lookup is in a table of about `n / BUCKETS` ids (that stays in cache),
    /// not in one of all `n`.
    pub(crate) fn numbers_in(&self, other: &Interner) -> Vec<u32> {
        let none = Bucket::default();
        let by_bucket: Vec<Vec<(u32, u32)>> = self
            .buckets
            .par_iter()
            .enumerate()
            .map(|(b, bucket)| {
                let theirs = other.buckets.get(b).unwrap_or(&none);
                let mut found = numbers_in_table(&bucket.short, &theirs.short);
                found.extend(numbers_in_table(&bucket.long, &theirs.long));
                found
            })
            .collect();
        let mut out = vec![u32::MAX; self.len()];
        for (k, n) in by_bucket.into_iter().flatten() {
            out[k as usize] = n;
        }
        out
    }

    /// Resolves every id queued in `batch`, interning those not seen before, and empties the
    /// batch; `out[j]` is then the number of the `j`th queued id.
    pub(crate) fn resolve(&mut self, batch: &mut Batch, out: &mut Vec<u32>) {
        self.resolve_after(None, batch, out);
    }

    /// [`Interner::resolve`], with the ids of `known` (an interner of the text before this
    /// one's) looked up there first: an id `known` holds gets its number there, and any
    /// other its number here plus `known.len()`. Then the interner of a later part of a file
    /// holds only the ids new in that part, and merging it ([`Interner::absorb`]) costs one
    /// lookup per new id, not one per distinct id of the part. The lookup in `known` is in
    /// the same bucket's table, as cache-friendly as the one here.
    pub(crate) fn resolve_after(
        &mut self,
        known: Option<&Interner>,
        batch: &mut Batch,
        out: &mut Vec<u32>,
    ) {
        let m = batch.len();
        out.clear();
        out.resize(m, 0);
        if m == 0 {
            return;
        }
        if self.buckets.is_empty() {
            self.buckets = (0..BUCKETS).map(|_| Bucket::default()).collect();
        }
        let base = known.map_or(0, |k| k.len);
        let lines = &*batch;
        for (b, (bucket, queue)) in self.buckets.iter_mut().zip(&batch.queues).enumerate() {
            let theirs = known.and_then(|k| k.buckets.get(b));
            for e in &queue.shorts {
                let (key, hash) = (e.key, e.key.hashed());
                let found = theirs.and_then(|t| t.short.find(hash, |(k, _)| *k == key));
                out[e.place as usize] = match found {
                    Some(&(_, n)) => n,
                    None => {
                        let count = (&mut self.len, &mut self.first_line);
                        let new = || (key, lines.line(e.place, e.line));
                        base + intern(&mut bucket.short, hash, |k| *k == key, new, count)
                    }
                };
            }
            let mut start = 0;
            for e in &queue.entries {
                let id = &queue.text[start..e.end as usize];
                start = e.end as usize;
                let hash = hash_of(id);
                let found = theirs.and_then(|t| t.long.find(hash, |(n, _)| n == id));
                out[e.place as usize] = match found {
                    Some(&(_, n)) => n,
                    None => {
                        let count = (&mut self.len, &mut self.first_line);
                        let new = || (CompactString::from(id), lines.line(e.place, e.line));
                        base + intern(&mut bucket.long, hash, |n| n == id, new, count)
                    }
                };
            }
        }
        batch.clear();
    }

    /// Takes in the ids of `parts`, interners of the parts of the file that follow this one's,
    /// in file order: ids already here keep their numbers, new ones are numbered after them
    /// (bucket by bucket), each with the line where the first part holding it first has it.
    /// Returns, per part, the new number of each of its numbers.
    ///
    /// The buckets are merged on all threads, each against its own table (the tables of a
    /// bucket never hold ids of another). Cost: one lookup per distinct id of each part, and
    /// one pass over each bucket's table to give its new ids their final numbers once the
    /// buckets' counts are known.
    pub(crate) fn absorb(&mut self, parts: Vec<Interner>) -> Vec<Vec<u32>> {
        if self.buckets.is_empty() {
            self.buckets = (0..BUCKETS).map(|_| Bucket::default()).collect();
        }
        let base = self.len;
        // Each part's buckets, bucket by bucket (parts in order).
        let mut by_bucket: Vec<Vec<Bucket>> = (0..BUCKETS)
            .map(|_| Vec::with_capacity(parts.len()))
            .collect();
        let (mut sizes, mut first_lines) = (Vec::new(), Vec::new());
        for part in parts {
            sizes.push(part.len());
            first_lines.push(part.first_line);
            let mut buckets = part.buckets;
            buckets.resize_with(BUCKETS, Bucket::default); // none until a part's first batch
            for (b, bucket) in buckets.into_iter().enumerate() {
                by_bucket[b].push(bucket);
            }
        }
        // Per bucket: the first lines of the ids new here, and per part each of its numbers
        // in this bucket with a code: a number of `self` below `base`, else `base` plus the
        // place among the bucket's new ids.
        type Merged = (Vec<u64>, Vec<Vec<(u32, u32)>>);
        let merged: Vec<Merged> = self
            .buckets
            .par_iter_mut()
            .zip(by_bucket)
            .map(|(bucket, part_buckets)| {
                let mut new: Vec<u64> = Vec::new();
                let codes = part_buckets
                    .into_iter()
                    .zip(&first_lines)
                    .map(|(part, lines)| {
                        let mut codes = Vec::with_capacity(part.short.len() + part.long.len());
                        let (short, long) = (&mut bucket.short, &mut bucket.long);
                        absorb_table(short, part.short, lines, base, &mut new, &mut codes);
                        absorb_table(long, part.long, lines, base, &mut new, &mut codes);
                        codes
                    })
                    .collect();
                (new, codes)
            })
            .collect();
        // Bucket b's new ids are numbered from base + offsets[b].
        let mut offsets = Vec::with_capacity(BUCKETS);
        let mut count = 0u32;
        for (new, _) in &merged {
            offsets.push(count);
            count += new.len() as u32;
        }
        self.buckets
            .par_iter_mut()
            .zip(&offsets)
            .for_each(|(bucket, &off)| {
                let shorts = bucket.short.iter_mut().map(|(_, k)| k);
                for k in shorts.chain(bucket.long.iter_mut().map(|(_, k)| k)) {
                    if *k >= base {
                        *k += off;
                    }
                }
            });
        let maps = sizes
            .par_iter()
            .enumerate()
            .map(|(p, &size)| {
                let mut map = vec![0u32; size];
                for ((_, codes), &off) in merged.iter().zip(&offsets) {
                    for &(k, code) in &codes[p] {
                        map[k as usize] = if code < base { code } else { code + off };
                    }
                }
                map
            })
            .collect();
        self.len += count;
        self.first_line.reserve(count as usize);
        for (new, _) in merged {
            self.first_line.extend(new);
        }
        maps
    }

    /// The numbers of `ids` (each with its line), in order: queued in `batch` (empty at the
    /// start) and resolved whenever it is full, then at the end, as [`super::read_chunk`] does.
    #[cfg(test)]
    pub(crate) fn intern_all<'s>(
        &mut self,
        ids: impl IntoIterator<Item = (&'s str, u64)>,
        mut batch: Batch,
    ) -> Vec<u32> {
        let (mut all, mut out) = (Vec::new(), Vec::new());
        for (id, line) in ids {
            batch.push(id, line);
            if batch.is_full() {
                self.resolve(&mut batch, &mut out);
                all.extend_from_slice(&out);
            }
        }
        self.resolve(&mut batch, &mut out);
        all.extend_from_slice(&out);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    /// Resolves `ids` (line = place + 1) in batches of at most `cap`, as the reader does.
    fn intern_all(ids: &[&str], cap: usize) -> (Interner, Vec<u32>) {
        let mut interner = Interner::default();
        let lines = ids.iter().enumerate().map(|(i, id)| (*id, i as u64 + 1));
        let numbers = interner.intern_all(lines, Batch::with_limit(cap));
        (interner, numbers)
    }

    /// `lookups` ids out of `distinct`, scattered (every bucket used), each `prefix` + a number.
    fn scattered(lookups: u64, distinct: u64, prefix: &str) -> Vec<String> {
        (0..lookups)
            .map(|i| format!("{prefix}{}", i.wrapping_mul(2_654_435_761) % distinct))
            .collect()
    }

    /// Asserts that `numbers[i]` is the number of `ids[i]` in `interner`, with the line
    /// (place + 1) of its first appearance in `ids`, and that it holds no other id.
    fn assert_numbered(interner: &Interner, ids: &[&str], numbers: &[u32]) {
        let mut first: FxHashMap<&str, u64> = FxHashMap::default();
        for (i, id) in ids.iter().enumerate() {
            first.entry(id).or_insert(i as u64 + 1);
        }
        assert_eq!(interner.len(), first.len());
        assert_eq!(numbers.len(), ids.len());
        let names = interner.names();
        for (i, id) in ids.iter().enumerate() {
            let k = numbers[i] as usize;
            assert_eq!(names[k], *id, "lookup {i}");
            assert_eq!(interner.first_line[k], first[id], "{id}");
        }
    }

    #[test]
    fn equal_ids_get_equal_numbers_and_their_first_line() {
        let ids = ["b", "a", "b", "", "c", "a", "é", "b", "é"];
        for cap in 1..=ids.len() + 1 {
            let (interner, numbers) = intern_all(&ids, cap);
            assert_eq!(interner.len(), 5, "batches of {cap}");
            let names = interner.names();
            for (i, id) in ids.iter().enumerate() {
                let k = numbers[i] as usize;
                assert_eq!(names[k], *id, "batches of {cap}");
                let first = ids.iter().position(|x| x == id).expect("present") as u64 + 1;
                assert_eq!(interner.first_line[k], first, "{id} in batches of {cap}");
            }
        }
    }

    #[test]
    fn many_ids_against_a_plain_map() {
        // 20,000 lookups of 3,000 ids (every bucket used), in batches of several sizes.
        let ids = scattered(20_000, 3_000, "person-");
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        for cap in [7, 4096, 1 << 20] {
            let (interner, numbers) = intern_all(&refs, cap);
            assert_numbered(&interner, &refs, &numbers);
        }
    }

    #[test]
    fn absorbed_parts_number_as_one_interner() {
        // 30,000 lookups of 5,000 ids, cut into parts (one empty): the first part keeps its
        // numbers, and every id keeps the line of its first appearance in the whole list.
        let ids = scattered(30_000, 5_000, "p");
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let cuts = [0, 4_000, 4_000, 11_000, 30_000];
        let mut parts: Vec<(Interner, Vec<u32>)> = cuts
            .windows(2)
            .map(|w| {
                let mut interner = Interner::default();
                let lines = (w[0]..w[1]).map(|i| (refs[i], i as u64 + 1));
                let numbers = interner.intern_all(lines, Batch::with_limit(999));
                (interner, numbers)
            })
            .collect();
        let (mut first, first_numbers) = parts.remove(0);
        let before = first.names();
        let (later, later_numbers): (Vec<Interner>, Vec<Vec<u32>>) = parts.into_iter().unzip();
        let maps = first.absorb(later);
        assert_eq!(maps.len(), 3);
        assert_eq!(
            first.names()[..before.len()],
            before[..],
            "the first part's numbers stay"
        );
        let mut numbers = first_numbers;
        for (map, local) in maps.iter().zip(&later_numbers) {
            numbers.extend(local.iter().map(|&k| map[k as usize]));
        }
        assert_numbered(&first, &refs, &numbers);
        // Absorbing ids seen before finds each one: no new numbers, each id its own.
        let (again, again_numbers) = intern_all(&refs[..100], 7);
        let map = first.absorb(vec![again]).remove(0);
        let renumbered: Vec<u32> = again_numbers.iter().map(|&k| map[k as usize]).collect();
        assert_eq!(renumbered, numbers[..100]);
        assert_numbered(&first, &refs, &numbers);
    }

    #[test]
    fn ids_known_before_keep_their_numbers_and_only_new_ones_are_held() {
        // The ids of 6,000 lookups known, then 9,000 more lookups (every third id made longer
        // than 15 bytes), some of them new (p3000 to p3999, and forms the first 6,000 lack):
        // known ids get their known numbers, new ones their own number plus the known count,
        // and absorbing what is held numbers the whole as one interner would.
        let mut ids = scattered(6_000, 3_000, "p");
        ids.extend(scattered(9_000, 4_000, "p"));
        ids.iter_mut()
            .skip(1)
            .step_by(3)
            .for_each(|id| id.push_str("-a-long-suffix"));
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let (mut known, mut numbers) = intern_all(&refs[..6_000], 500);
        let base = known.len() as u32;
        let mut held = Interner::default();
        let (mut batch, mut out) = (Batch::with_limit(700), Vec::new());
        let mut local = Vec::new();
        for (i, id) in refs.iter().enumerate().skip(6_000) {
            batch.push(id, i as u64 + 1);
            if batch.is_full() || i + 1 == refs.len() {
                held.resolve_after(Some(&known), &mut batch, &mut out);
                local.extend_from_slice(&out);
            }
        }
        let names = known.names();
        let new = local.iter().filter(|&&k| k >= base).count();
        assert!(new > 0 && new < local.len(), "both kinds of lookup: {new}");
        for (i, &k) in local.iter().enumerate() {
            if k < base {
                assert_eq!(names[k as usize], refs[6_000 + i], "known at lookup {i}");
            }
        }
        assert!(
            held.names().iter().all(|id| !names.contains(id)),
            "held: new ids only"
        );
        let map = known.absorb(vec![held]).remove(0);
        numbers.extend(local.iter().map(|&k| {
            if k < base {
                k
            } else {
                map[(k - base) as usize]
            }
        }));
        assert_numbered(&known, &refs, &numbers);
    }

    #[test]
    fn numbers_in_another_interner_are_found_bucket_by_bucket() {
        // 2,000 ids here, half of them (and 1,000 others) there.
        let here = scattered(6_000, 2_000, "p");
        let there: Vec<String> = (1_000..3_000).map(|i| format!("p{i}")).collect();
        let (a, _) = intern_all(&here.iter().map(String::as_str).collect::<Vec<_>>(), 999);
        let (b, _) = intern_all(&there.iter().map(String::as_str).collect::<Vec<_>>(), 999);
        let (names_a, names_b) = (a.names(), b.names());
        let found = a.numbers_in(&b);
        assert_eq!(found.len(), 2_000);
        for (k, name) in names_a.iter().enumerate() {
            let i: usize = name[1..].parse().expect("a number");
            if i < 1_000 {
                assert_eq!(found[k], u32::MAX, "{name}");
            } else {
                assert_eq!(names_b[found[k] as usize], *name);
            }
        }
        assert_eq!(Interner::default().numbers_in(&b), Vec::<u32>::new());
        assert_eq!(a.numbers_in(&Interner::default()), vec![u32::MAX; 2_000]);
    }

    #[test]
    fn short_keys_are_distinct_and_give_back_their_id() {
        // Every length from 0 to 15 bytes, NUL bytes, multi-byte characters, and ids that
        // differ in one byte only, at each place: no two share a key, and each key gives its id.
        let mut ids: Vec<String> = (0..=SHORT_BYTES).map(|n| "x".repeat(n)).collect();
        ids.extend(
            [
                "a\0",
                "\0a",
                "\0",
                "\0\0",
                "é",
                "éé",
                "日本語の",
                "a\0\0\0\0\0\0\0b",
            ]
            .map(String::from),
        );
        for n in 1..=SHORT_BYTES {
            for at in 0..n {
                let mut id = vec![b'y'; n];
                id[at] = b'z';
                ids.push(String::from_utf8(id).expect("ASCII"));
            }
        }
        let mut seen = FxHashMap::default();
        for id in &ids {
            let key = Short::of(id).unwrap_or_else(|| panic!("{id:?} is short"));
            assert_eq!(key.text(), *id);
            if let Some(other) = seen.insert(key.0, id) {
                panic!("{id:?} and {other:?} share a key");
            }
        }
        assert_eq!(Short::of(&"x".repeat(SHORT_BYTES + 1)), None);
    }

    #[test]
    fn short_and_long_ids_mix() {
        // Ids on both sides of the short limit (14 to 17 bytes), queued in batches of several
        // sizes, some parts absorbed into others: as a plain map numbers them.
        let ids: Vec<String> = (0..4_000u64)
            .map(|i| {
                let k = i.wrapping_mul(2_654_435_761) % 1_500;
                format!("{}{k:04}", "p".repeat(10 + (k % 4) as usize))
            })
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        assert!(refs.iter().any(|id| id.len() <= SHORT_BYTES));
        assert!(refs.iter().any(|id| id.len() > SHORT_BYTES));
        for cap in [3, 1 << 20] {
            let (interner, numbers) = intern_all(&refs, cap);
            assert_numbered(&interner, &refs, &numbers);
        }
        let (mut first, mut numbers) = intern_all(&refs[..1_000], 50);
        let mut later = Interner::default();
        let lines = (1_000..refs.len()).map(|i| (refs[i], i as u64 + 1));
        let local = later.intern_all(lines, Batch::with_limit(70));
        let map = first.absorb(vec![later]).remove(0);
        numbers.extend(local.iter().map(|&k| map[k as usize]));
        assert_numbered(&first, &refs, &numbers);
        let (half, _) = intern_all(&refs[..2_000], 9);
        let names = first.names();
        for (k, found) in half.numbers_in(&first).into_iter().enumerate() {
            assert_eq!(names[found as usize], half.names()[k]);
        }
    }

    #[test]
    fn lines_far_apart_keep_their_first_line() {
        // Offsets from the batch's first line beyond u32 are kept aside, by place.
        let far = 1u64 << 33;
        let ids = [
            ("a", 7),
            ("b", far),
            ("a", far + 1),
            ("c", far + 2),
            ("b", 1 << 40),
        ];
        for (id, start) in [("", 0), ("long id, more than fifteen bytes", 3)] {
            let mut interner = Interner::default();
            let lines = ids.iter().map(|&(x, line)| (x, line + start));
            let renamed: Vec<(String, u64)> =
                lines.map(|(x, line)| (format!("{x}{id}"), line)).collect();
            let numbers = interner.intern_all(
                renamed.iter().map(|(x, line)| (x.as_str(), *line)),
                Batch::with_limit(100),
            );
            let names = interner.names();
            let first = |x: &str| {
                interner.first_line
                    [numbers[renamed.iter().position(|(n, _)| n == x).expect("queued")] as usize]
            };
            assert_eq!(first(&format!("a{id}")), 7 + start);
            assert_eq!(first(&format!("b{id}")), far + start);
            assert_eq!(first(&format!("c{id}")), far + 2 + start);
            assert_eq!(names.len(), 3);
        }
    }

    #[test]
    fn a_queued_id_is_held_by_its_key_only() {
        let mut batch = Batch::default();
        let long = "an id longer than fifteen bytes";
        let (s, l) = (batch.push("ab", 1), batch.push(long, 2));
        assert!(batch.holds(s, &Key::of("ab")));
        assert!(!batch.holds(s, &Key::of("ac")));
        assert!(!batch.holds(s, &Key::of(long)));
        assert!(batch.holds(l, &Key::of(long)));
        assert!(!batch.holds(l, &Key::of("an id longer than fifteen bytez")));
        assert!(!batch.holds(l, &Key::of("ab")));
        assert_eq!((s.place, l.place), (0, 1));
    }

    #[test]
    fn an_empty_batch_resolves_to_nothing() {
        let mut interner = Interner::default();
        let mut out = vec![9];
        interner.resolve(&mut Batch::default(), &mut out);
        assert!(out.is_empty());
        assert_eq!(interner.len(), 0);
    }
}
