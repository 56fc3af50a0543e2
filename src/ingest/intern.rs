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
//! Cost per batch of `m` lookups: `m` hashes and appends to queues, then `m` lookups in tables
//! of about `n / BUCKETS` ids each (`n` distinct ids so far). Memory: the queued ids' text plus
//! 20 bytes per queued lookup (place, end of text, line, number); [`Batch::is_full`] bounds a
//! batch at [`BATCH`] lookups.
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

/// One bucket's ids and their numbers. Its hash is [`hash_of`] the id, computed once per
/// lookup (the table is searched and, for a new id, filled with the same hash).
type Table = HashTable<(CompactString, u32)>;

/// The hash of an id (Fx: a few cycles per 8 bytes).
fn hash_of(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

/// The hash of a table entry, for the table's growth.
fn entry_hash(entry: &(CompactString, u32)) -> u64 {
    hash_of(&entry.0)
}

/// The bucket of an id: [`BUCKET_BITS`] bits from the middle of its hash. The tables
/// themselves use the low bits (the slot) and the top seven (hashbrown's tag), so those must
/// stay varied within a bucket.
fn bucket_of(id: &str) -> usize {
    ((hash_of(id) >> 32) as usize) & (BUCKETS - 1)
}

/// Ids queued for [`Interner::resolve`], each with the line it was read on. Each id is queued
/// straight into its bucket's queue, so that a bucket's ids lie together when it is resolved.
#[derive(Debug)]
pub(crate) struct Batch {
    /// Lookups queued.
    len: usize,
    /// Per bucket (empty until the first push).
    queues: Vec<Queue>,
    /// Bytes of text in all queues.
    text_bytes: usize,
    /// Lookups at which the batch is full.
    limit: usize,
}

impl Default for Batch {
    /// A batch that is full at [`BATCH`] lookups.
    fn default() -> Batch {
        Batch::with_limit(BATCH)
    }
}

/// One bucket's queued ids: their text back to back, and per id an [`Entry`] (read in order
/// when the bucket is resolved).
#[derive(Debug, Default)]
struct Queue {
    text: String,
    entries: Vec<Entry>,
}

/// Where [`Batch::push`] queued an id: its place in the batch (the number of its lookup), and
/// its text in its bucket's queue, so that a reader can compare the next id with it without a
/// copy of its own.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Queued {
    /// Place in the batch.
    pub(crate) place: u32,
    bucket: u32,
    start: u32,
    end: u32,
}

/// One queued lookup. The line travels with it, so that a new id's first line is read from
/// the queue being resolved, not from a per-batch list in queue order (a cache miss per new
/// id, a fifth of the resolving time at a million people).
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Place in the batch.
    place: u32,
    /// End of the id's text in the queue's text.
    end: u32,
    /// Line the id was read on.
    line: u64,
}

impl Batch {
    /// A batch that is full at `limit` lookups (at least 1).
    pub(crate) fn with_limit(limit: usize) -> Batch {
        Batch {
            len: 0,
            queues: Vec::new(),
            text_bytes: 0,
            limit: limit.max(1),
        }
    }

    /// Queues `id` (read on `line`); returns where.
    pub(crate) fn push(&mut self, id: &str, line: u64) -> Queued {
        if self.queues.is_empty() {
            self.queues = (0..BUCKETS).map(|_| Queue::default()).collect();
        }
        let place = self.len as u32;
        self.len += 1;
        let bucket = bucket_of(id);
        let queue = &mut self.queues[bucket];
        let start = queue.text.len() as u32;
        queue.text.push_str(id);
        queue.entries.push(Entry {
            place,
            end: queue.text.len() as u32,
            line,
        });
        self.text_bytes += id.len();
        Queued {
            place,
            bucket: bucket as u32,
            start,
            end: queue.text.len() as u32,
        }
    }

    /// The text of `q`, an id queued since the batch was last resolved (after that, it may
    /// be another id's text, or none).
    pub(crate) fn text(&self, q: Queued) -> &str {
        let queue = &self.queues[q.bucket as usize];
        queue
            .text
            .get(q.start as usize..q.end as usize)
            .unwrap_or("")
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
            queue.text.clear();
            queue.entries.clear();
        }
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
    tables: Vec<Table>,
}

impl Interner {
    /// Distinct ids interned.
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// Per number: the id.
    pub(crate) fn names(&self) -> Vec<CompactString> {
        let mut names = vec![CompactString::default(); self.len()];
        for (name, k) in self.tables.iter().flatten() {
            names[*k as usize] = name.clone();
        }
        names
    }

    /// Per number: the number of the same id in `other`, or `u32::MAX` where `other` does
    /// not hold it. On all threads, bucket by bucket: the two interners put an id in the same
    /// bucket, so each lookup is in a table of about `n / BUCKETS` ids (that stays in cache),
    /// not in one of all `n`.
    pub(crate) fn numbers_in(&self, other: &Interner) -> Vec<u32> {
        let none = Table::default();
        let by_bucket: Vec<Vec<(u32, u32)>> = self
            .tables
            .par_iter()
            .enumerate()
            .map(|(b, table)| {
                let theirs = other.tables.get(b).unwrap_or(&none);
                table
                    .iter()
                    .map(|(name, k)| {
                        let hash = hash_of(name);
                        let found = theirs.find(hash, |(n, _)| n == name);
                        (*k, found.map_or(u32::MAX, |(_, n)| *n))
                    })
                    .collect()
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
        let m = batch.len();
        out.clear();
        out.resize(m, 0);
        if m == 0 {
            return;
        }
        if self.tables.is_empty() {
            self.tables = (0..BUCKETS).map(|_| Table::default()).collect();
        }
        for (table, queue) in self.tables.iter_mut().zip(&batch.queues) {
            let mut start = 0;
            for e in &queue.entries {
                let id = &queue.text[start..e.end as usize];
                start = e.end as usize;
                let hash = hash_of(id);
                out[e.place as usize] = match table.find(hash, |(name, _)| name == id) {
                    Some(&(_, k)) => k,
                    None => {
                        let k = self.len;
                        self.len += 1;
                        self.first_line.push(e.line);
                        table.insert_unique(hash, (CompactString::from(id), k), entry_hash);
                        k
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
        if self.tables.is_empty() {
            self.tables = (0..BUCKETS).map(|_| Table::default()).collect();
        }
        let base = self.len;
        // Each part's tables, bucket by bucket (parts in order).
        let mut by_bucket: Vec<Vec<Table>> = (0..BUCKETS)
            .map(|_| Vec::with_capacity(parts.len()))
            .collect();
        let (mut sizes, mut first_lines) = (Vec::new(), Vec::new());
        for part in parts {
            sizes.push(part.len());
            first_lines.push(part.first_line);
            let mut tables = part.tables;
            tables.resize_with(BUCKETS, Table::default); // none until a part's first batch
            for (b, table) in tables.into_iter().enumerate() {
                by_bucket[b].push(table);
            }
        }
        // Per bucket: the first lines of the ids new here, and per part each of its numbers
        // in this bucket with a code: a number of `self` below `base`, else `base` plus the
        // place among the bucket's new ids.
        type Merged = (Vec<u64>, Vec<Vec<(u32, u32)>>);
        let merged: Vec<Merged> = self
            .tables
            .par_iter_mut()
            .zip(by_bucket)
            .map(|(table, part_tables)| {
                let mut new: Vec<u64> = Vec::new();
                let codes = part_tables
                    .into_iter()
                    .zip(&first_lines)
                    .map(|(part, lines)| {
                        part.into_iter()
                            .map(|(name, k)| {
                                let hash = hash_of(&name);
                                let code = match table.find(hash, |(n, _)| *n == name) {
                                    Some(&(_, n)) => n,
                                    None => {
                                        let code = base + new.len() as u32;
                                        new.push(lines[k as usize]);
                                        table.insert_unique(hash, (name, code), entry_hash);
                                        code
                                    }
                                };
                                (k, code)
                            })
                            .collect()
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
        self.tables
            .par_iter_mut()
            .zip(&offsets)
            .for_each(|(table, &off)| {
                for (_, k) in table.iter_mut().filter(|(_, k)| *k >= base) {
                    *k += off;
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
    fn an_empty_batch_resolves_to_nothing() {
        let mut interner = Interner::default();
        let mut out = vec![9];
        interner.resolve(&mut Batch::default(), &mut out);
        assert!(out.is_empty());
        assert_eq!(interner.len(), 0);
    }
}
