//! Criterion benchmarks of the centrality kernels on generated organisational networks.
//!
//! `cargo bench --bench centrality`; the graphs are seeded, so runs are comparable. The 10k
//! group runs each betweenness variant ten times (minutes on a busy 2-core machine): filter with
//! `cargo bench --bench centrality -- centrality_1000/` for a quick run.

use criterion::{criterion_group, criterion_main, Criterion};
use grapevine::analysis::centrality::{
    betweenness, betweenness_approx, betweenness_reference, closeness_harmonic,
    closeness_harmonic_sampled, eigenvector, pagerank,
};
use grapevine::graph::{Graph, RawTie};
use std::hint::black_box;
use std::time::Duration;

/// A seeded directed organisational network: `people` people in departments of 25, about
/// `ties_per_person` outgoing ties each, 85 % inside the department, the rest anywhere, a
/// third of them reciprocated, weights 1–5 (xorshift64*, no external RNG).
fn orgnet(people: usize, ties_per_person: usize, seed: u64) -> Graph {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    const DEPT: usize = 25;
    let ids = (0..people).map(|i| i.to_string()).collect();
    let groups: Vec<String> = (0..people).map(|i| format!("d{}", i / DEPT)).collect();
    let mut ties = Vec::with_capacity(people * ties_per_person * 4 / 3);
    for s in 0..people {
        let dept = s / DEPT * DEPT;
        let span = DEPT.min(people - dept) as u64;
        for _ in 0..ties_per_person {
            let t = if next() % 100 < 85 {
                dept + (next() % span) as usize
            } else {
                (next() % people as u64) as usize
            };
            let weight = (1 + next() % 5) as f64;
            let tie = |source: usize, target: usize| RawTie {
                source: source as u32,
                target: target as u32,
                weight,
                relation: 0,
            };
            ties.push(tie(s, t));
            if next() % 3 == 0 {
                ties.push(tie(t, s));
            }
        }
    }
    Graph::build(ids, &groups, ties)
}

fn bench(c: &mut Criterion) {
    for people in [1_000, 10_000] {
        let g = orgnet(people, 10, 42);
        let mut group = c.benchmark_group(format!("centrality_{people}"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(if people > 1_000 { 20 } else { 3 }));
        group.bench_function("betweenness", |b| b.iter(|| betweenness(black_box(&g))));
        group.bench_function("betweenness_reference", |b| {
            b.iter(|| betweenness_reference(black_box(&g)))
        });
        group.bench_function("betweenness_approx_eps0.02", |b| {
            b.iter(|| betweenness_approx(black_box(&g), 0.02, 0.1, 1))
        });
        group.bench_function("closeness_harmonic_sampled_256", |b| {
            b.iter(|| closeness_harmonic_sampled(black_box(&g), 256, 1))
        });
        group.bench_function("closeness_harmonic", |b| {
            b.iter(|| closeness_harmonic(black_box(&g)))
        });
        group.bench_function("pagerank", |b| b.iter(|| pagerank(black_box(&g))));
        group.bench_function("eigenvector", |b| b.iter(|| eigenvector(black_box(&g))));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
