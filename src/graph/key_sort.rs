//! A stable counting sort by a small integer key, in parallel and cache-friendly: how the graph
//! groups ties by source (the out-rows) and by target (the in-rows).
//!
//! A plain counting sort places each item at a random place in the output: at millions of
//! items, one cache miss each. This one is a two-pass radix sort (most significant digit first,
//! as in Satish et al., "Fast sort on CPUs and GPUs", SIGMOD 2010, and Polychroniou & Ross,
//! "A comprehensive study of main-memory partitioning", SIGMOD 2014):
//!
//! 1. each chunk of the input (in parallel) counts its items per *bucket*, a range of 2^k keys
//!    sized so that a bucket's items fit in a core's L2 cache;
//! 2. each chunk copies its items to its own region of each bucket (at most 1,024 write
//!    streams, which the caches combine);
//! 3. each bucket (in parallel) counts its keys and places its items, chunk by chunk, in the
//!    output, which is now a cache-sized window.
//!
//! Items of equal key keep their input order (chunks in order, each in order), so the result
//! is the one sorted order whatever the chunks or the thread count. O(n + m) work and m items
//! of extra space (the buckets), for n keys and m items.

use rayon::prelude::*;

/// An input of items in a fixed order, cut into chunks that can be read in parallel.
pub(super) trait Chunks: Sync {
    /// What the sort moves (copied into the buckets).
    type Item: Copy + Default + Send + Sync;
    /// How many chunks there are.
    fn count(&self) -> usize;
    /// Calls `f` on each item of chunk `c`, in order.
    fn each(&self, c: usize, f: impl FnMut(Self::Item));
    /// A buffer the sort may take for its buckets (its contents are overwritten): memory
    /// already in use costs no page faults, a fresh allocation one per 4 KiB page.
    fn room(&mut self) -> Vec<Self::Item> {
        Vec::new()
    }
}

/// Items sorted by key: key v's values are `first[offsets[v]..offsets[v + 1]]` (and the same
/// range of `second`); `finished` holds what the finishing step returned per bucket, in key
/// order.
pub(super) struct Sorted<A, B, R> {
    pub(super) offsets: Vec<usize>,
    pub(super) first: Vec<A>,
    pub(super) second: Vec<B>,
    pub(super) finished: Vec<R>,
}

/// One bucket after its items are placed, for the finishing step: the k-th key of the bucket
/// has its values in `first` up to `ends[k] - base` (from where the key before ends, or 0).
pub(super) struct Placed<'a, A> {
    pub(super) base: usize,
    pub(super) ends: &'a [usize],
    pub(super) first: &'a mut [A],
}

/// About this many items per bucket (a bucket's output, 16 bytes an item, stays in L2).
const BUCKET_ITEMS: usize = 1 << 14;

/// At most this many buckets (write streams per chunk in step 2).
const MAX_BUCKETS: usize = 1 << 10;

/// log2 of the keys per bucket, for `n` keys and about `m` items: the widest buckets that
/// hold about [`BUCKET_ITEMS`] items on average, widened further if there would be more than
/// [`MAX_BUCKETS`].
pub(super) fn bucket_shift(n: usize, m: usize) -> u32 {
    let mut shift = 0u32;
    let fits = |s: u32| (m as u128) << s <= (BUCKET_ITEMS as u128) * (n as u128);
    while (1usize << (shift + 1)) <= n && fits(shift + 1) {
        shift += 1;
    }
    while n.div_ceil(1 << shift) > MAX_BUCKETS {
        shift += 1;
    }
    shift
}

/// Sorts the items of `input` by `key(item)` (< `n`), keeping equal keys in input order, in
/// buckets of 2^`shift` keys ([`bucket_shift`] chooses it), and maps each to the pair
/// `value(item)`, whose parts go to two arrays. Consumes the input (dropped once the items
/// are in buckets). Then calls `finish` on each bucket, while it is in cache (for work on each
/// key's values, such as sorting them).
pub(super) fn sort_by_key<C, A, B, R>(
    n: usize,
    shift: u32,
    mut input: C,
    key: impl Fn(&C::Item) -> u32 + Sync,
    value: impl Fn(&C::Item) -> (A, B) + Sync,
    finish: impl Fn(Placed<'_, A>) -> R + Sync,
) -> Sorted<A, B, R>
where
    C: Chunks,
    A: Copy + Default + Send + Sync,
    B: Copy + Default + Send + Sync,
    R: Send,
{
    let chunks = input.count();
    // Step 1: each chunk's items per bucket.
    let buckets = n.div_ceil(1 << shift).max(1);
    let bucket_of = |item: &C::Item| (key(item) >> shift) as usize;
    let counts: Vec<Vec<usize>> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let mut k = vec![0usize; buckets];
            input.each(c, |item| k[bucket_of(&item)] += 1);
            k
        })
        .collect();
    let total = counts.iter().flatten().sum();
    // Step 2: the buckets, one after another, each its chunks' regions in chunk order.
    // Every place is written below, so a long enough reused buffer needs no clearing.
    let mut held = input.room();
    if held.len() >= total {
        held.truncate(total);
    } else {
        held = vec![C::Item::default(); total];
    }
    let mut regions: Vec<Vec<&mut [C::Item]>> =
        (0..chunks).map(|_| Vec::with_capacity(buckets)).collect();
    let mut bucket_len = vec![0usize; buckets];
    {
        let mut rest: &mut [C::Item] = &mut held;
        for b in 0..buckets {
            for c in 0..chunks {
                let (region, tail) = std::mem::take(&mut rest).split_at_mut(counts[c][b]);
                regions[c].push(region);
                bucket_len[b] += counts[c][b];
                rest = tail;
            }
        }
    }
    drop(counts);
    regions
        .into_par_iter()
        .enumerate()
        .for_each(|(c, mut regions)| {
            let mut fill = vec![0usize; buckets];
            input.each(c, |item| {
                let b = bucket_of(&item);
                regions[b][fill[b]] = item;
                fill[b] += 1;
            });
        });
    drop(input);
    // Step 3: each bucket counts its keys and places its items in its window of the output.
    let mut offsets = vec![0usize; n + 1];
    let mut first = vec![A::default(); total];
    let mut second = vec![B::default(); total];
    let width = 1usize << shift;
    let mut jobs = Vec::with_capacity(buckets);
    {
        let mut items: &[C::Item] = &held;
        let (mut a, mut b, mut ends): (&mut [A], &mut [B], &mut [usize]) =
            (&mut first, &mut second, &mut offsets[1..]);
        let mut base = 0usize;
        for (k, &len) in bucket_len.iter().enumerate() {
            let (i, it) = items.split_at(len);
            let (pa, at) = std::mem::take(&mut a).split_at_mut(len);
            let (pb, bt) = std::mem::take(&mut b).split_at_mut(len);
            let keys = width.min(ends.len());
            let (e, et) = std::mem::take(&mut ends).split_at_mut(keys);
            jobs.push((i, k << shift, base, e, pa, pb));
            (items, a, b, ends) = (it, at, bt, et);
            base += len;
        }
    }
    let finished = jobs
        .into_par_iter()
        .map(|(items, lo, base, ends, first, second)| {
            let mut start = vec![0usize; ends.len()];
            for item in items {
                start[key(item) as usize - lo] += 1;
            }
            let mut sum = 0usize;
            for (s, e) in start.iter_mut().zip(ends.iter_mut()) {
                let count = *s;
                *s = sum;
                sum += count;
                *e = base + sum;
            }
            for item in items {
                let k = &mut start[key(item) as usize - lo];
                (first[*k], second[*k]) = value(item);
                *k += 1;
            }
            finish(Placed { base, ends, first })
        })
        .collect();
    drop(held);
    Sorted {
        offsets,
        first,
        second,
        finished,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::centrality::testutil::with_threads;

    /// Items (key, input place) cut into chunks of `size`, keeping those whose place is not a
    /// multiple of 7 (an input that leaves some items out, as the graph's self-loops are); and
    /// a buffer to lend the sort.
    struct Pieces(Vec<(u32, u32)>, usize, Vec<(u32, u32)>);
    impl Chunks for Pieces {
        type Item = (u32, u32);
        fn count(&self) -> usize {
            self.0.len().div_ceil(self.1)
        }
        fn each(&self, c: usize, mut f: impl FnMut(Self::Item)) {
            let end = ((c + 1) * self.1).min(self.0.len());
            for &item in self.0[c * self.1..end].iter().filter(|i| i.1 % 7 != 0) {
                f(item);
            }
        }
        fn room(&mut self) -> Vec<Self::Item> {
            std::mem::take(&mut self.2)
        }
    }

    #[test]
    fn equals_a_stable_sort_for_any_buckets_chunks_and_threads() {
        let n = 300usize;
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        // Skewed keys (many small ones, as heavy-tailed degrees give), with gaps.
        let items: Vec<(u32, u32)> = (0..5000u32)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let k = (x % n as u64) as u32;
                (if i % 3 == 0 { k / 10 } else { k }, i)
            })
            .collect();
        let mut expected: Vec<(u32, u32)> =
            items.iter().copied().filter(|i| i.1 % 7 != 0).collect();
        expected.sort_by_key(|i| i.0);
        let mut offsets = vec![0usize; n + 1];
        for &(k, _) in &expected {
            offsets[k as usize + 1] += 1;
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        for shift in [0, 1, 3, 6, 9] {
            // Lent buffers: none, too short, and longer than needed (stale contents).
            for (size, lent) in [(1, 0), (64, 100), (999, 9000), (5000, 0)] {
                for threads in [1, 3] {
                    let room = vec![(u32::MAX, u32::MAX); lent];
                    let sorted = with_threads(threads, || {
                        sort_by_key(
                            n,
                            shift,
                            Pieces(items.clone(), size, room.clone()),
                            |i| i.0,
                            |i| (i.1, i.0),
                            |p| p.ends.len(),
                        )
                    });
                    let at = format!("shift {shift}, chunks of {size}, {threads} threads");
                    assert_eq!(sorted.offsets, offsets, "{at}");
                    let got: Vec<(u32, u32)> =
                        sorted.second.into_iter().zip(sorted.first).collect();
                    assert_eq!(got, expected, "{at}");
                    // One finishing call per bucket of 2^shift keys, each told its keys.
                    let widths: Vec<usize> = (0..n.div_ceil(1 << shift))
                        .map(|b| (1usize << shift).min(n - (b << shift)))
                        .collect();
                    assert_eq!(sorted.finished, widths, "{at}");
                }
            }
        }
    }

    #[test]
    fn finishing_sees_each_keys_values_in_place() {
        // Keys 0..4, two buckets of two; `finish` reverses each key's values in place.
        let items: Vec<(u32, u32)> = [(1, 1), (0, 2), (3, 3), (1, 4), (3, 5), (1, 6)].to_vec();
        let sorted = sort_by_key(
            4,
            1,
            Pieces(items, 2, vec![]),
            |i| i.0,
            |i| (i.1, ()),
            |p: Placed<'_, u32>| {
                let mut from = 0;
                for &end in p.ends {
                    p.first[from..end - p.base].reverse();
                    from = end - p.base;
                }
                p.base
            },
        );
        assert_eq!(sorted.offsets, vec![0, 1, 4, 4, 6]);
        assert_eq!(sorted.first, vec![2, 6, 4, 1, 5, 3]);
        assert_eq!(sorted.finished, vec![0, 4]);
    }

    #[test]
    fn empty_inputs_and_no_keys() {
        let sorted = sort_by_key(
            0,
            bucket_shift(0, 0),
            Pieces(vec![], 4, vec![]),
            |i| i.0,
            |i| (i.1, ()),
            |_| (),
        );
        assert_eq!(sorted.offsets, vec![0]);
        assert!(sorted.first.is_empty());
        let sorted = sort_by_key(
            5,
            bucket_shift(5, 1),
            Pieces(vec![(3, 7)], 4, vec![(1, 1)]),
            |i| i.0,
            |i| (i.1, ()),
            |_| (),
        );
        assert_eq!(sorted.offsets, vec![0; 6]);
    }

    #[test]
    fn buckets_hold_about_the_wanted_items_and_are_never_too_many() {
        // 1M keys, 10M items: 10 items a key, so 2^10 keys (10,240 items) a bucket; 2^11
        // would pass 16,384.
        assert_eq!(bucket_shift(1 << 20, 10 << 20), 10);
        // Few items a key: buckets as wide as the keys allow.
        assert_eq!(bucket_shift(1000, 10), 9);
        // Dense: one key a bucket unless that makes too many buckets.
        assert_eq!(bucket_shift(100, 1 << 30), 0);
        assert_eq!(bucket_shift(1 << 20, 1 << 40), 10);
        assert_eq!(bucket_shift(0, 0), 0);
    }
}
