//! Benchmarks of reach loss, Louvain and the E–I permutation test on a network from
//! `grapevine generate` (1,000 people in 4 organizations, about 10 ties each):
//! `cargo bench --bench reach`.

use criterion::{criterion_group, criterion_main, Criterion};
use grapevine::analysis::{community, ei_test, reach};
use grapevine::generate::{generate, GenerateOptions};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let g = generate(&GenerateOptions::default())
        .expect("valid options")
        .to_graph();
    let mut group = c.benchmark_group("generated_1000");
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
