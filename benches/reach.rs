//! Benchmarks of reach loss, Louvain and the E–I permutation test on a synthetic network
//! (`cargo bench --bench reach`): 1,000 people in 20 groups, about 25,000 ties, mostly inside
//! groups, like the email-Eu-core network.

use criterion::{criterion_group, criterion_main, Criterion};
use grapevine::analysis::{community, ei_test, reach};
use grapevine::graph::Graph;
use std::hint::black_box;

/// A seeded xorshift network: `n` people in `k` groups, `m` ties, 3 in 4 inside the group.
fn synthetic(n: u32, k: u32, m: usize, mut x: u64) -> Graph {
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let per = n / k;
    let mut pairs = Vec::with_capacity(m);
    for _ in 0..m {
        let s = (next() % u64::from(n)) as u32;
        let t = if next() % 4 == 0 {
            (next() % u64::from(n)) as u32
        } else {
            (s / per) * per + (next() % u64::from(per)) as u32
        };
        pairs.push((s, t));
    }
    let ids = (0..n).map(|i| i.to_string()).collect();
    let groups: Vec<String> = (0..n).map(|i| format!("g{:02}", i / per)).collect();
    Graph::from_pairs_grouped(ids, &groups, &pairs)
}

fn bench(c: &mut Criterion) {
    let g = synthetic(1000, 20, 25_000, 0x2545_F491_4F6C_DD1D);
    let mut group = c.benchmark_group("n1000_m25k");
    group.sample_size(10);
    group.bench_function("reach_loss", |b| {
        b.iter(|| reach::reach_loss(black_box(&g)))
    });
    group.bench_function("reach_loss_sampled_100", |b| {
        b.iter(|| reach::reach_loss_sampled(black_box(&g), 100, 1))
    });
    group.bench_function("louvain", |b| {
        b.iter(|| community::louvain(black_box(&g), 7))
    });
    group.bench_function("ei_permutation_test_10k", |b| {
        b.iter(|| ei_test::ei_permutation_test(black_box(&g), 10_000, 7))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
