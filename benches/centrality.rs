//! Criterion benchmarks of the centrality kernels on networks from `grapevine generate`
//! (about 10 ties per person).
//!
//! `cargo bench --bench centrality`; the graphs are seeded, so runs are comparable. The 10k
//! group runs each betweenness variant ten times (minutes on a busy 2-core machine): filter with
//! `cargo bench --bench centrality -- centrality_1000/` for a quick run.

use criterion::{criterion_group, criterion_main, Criterion};
use grapevine::analysis::centrality::{
    betweenness, betweenness_approx, betweenness_reference, closeness_harmonic,
    closeness_harmonic_sampled, eigenvector, pagerank,
};
use grapevine::generate::{generate, GenerateOptions};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    for people in [1_000, 10_000] {
        let opts = GenerateOptions {
            people,
            ..Default::default()
        };
        let g = generate(&opts).expect("valid options").to_graph();
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
