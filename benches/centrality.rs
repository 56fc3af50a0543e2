//! Criterion benchmarks of the centrality kernels on networks from `grapevine generate`
//! (about 9 ties per person, weights 1–5).
//!
//! `cargo bench --bench centrality -- 1k` (or `10k`, `100k`); the graphs are seeded, so runs
//! are comparable. The 10k group runs each exact kernel ten times (minutes on a busy 2-core
//! machine).
//!
//! `-- 100k` (100,000 people, 902,124 ties) measures only the kernels that are not one
//! traversal per person (estimates, PageRank, eigenvector), ten samples each: criterion needs
//! at least ten runs, and exact betweenness at that size takes minutes per run. Time exact
//! betweenness there with the command in the README ("Performance").

use criterion::{criterion_group, criterion_main, Criterion};
use grapevine::analysis::centrality::{
    betweenness, betweenness_approx, betweenness_approx_weighted, betweenness_reference,
    betweenness_weighted, closeness_harmonic, closeness_harmonic_sampled,
    closeness_harmonic_weighted, eigenvector, pagerank, PathLengths, PathWeights,
};
use grapevine::generate::{generate, GenerateOptions};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    for (people, label) in [(1_000, "1k"), (10_000, "10k"), (100_000, "100k")] {
        let opts = GenerateOptions {
            people,
            ..Default::default()
        };
        let g = generate(&opts).expect("valid options").to_graph();
        let strengths = PathLengths::new(&g, PathWeights::InverseStrength).expect("weights > 0");
        let mut group = c.benchmark_group(format!("centrality_{label}"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(match people {
            1_000 => 3,
            10_000 => 20,
            _ => 5,
        }));
        if people <= 10_000 {
            group.bench_function("betweenness", |b| b.iter(|| betweenness(black_box(&g))));
            group.bench_function("betweenness_reference", |b| {
                b.iter(|| betweenness_reference(black_box(&g)))
            });
            group.bench_function("betweenness_weighted_inverse_strength", |b| {
                b.iter(|| betweenness_weighted(black_box(&g), &strengths))
            });
            group.bench_function("closeness_harmonic", |b| {
                b.iter(|| closeness_harmonic(black_box(&g)))
            });
            group.bench_function("closeness_harmonic_weighted_inverse_strength", |b| {
                b.iter(|| closeness_harmonic_weighted(black_box(&g), &strengths))
            });
        }
        // ε 0.05 at 100k: about 2,000 sampled paths (ε 0.02: 9,000, ~15 s a run here).
        let eps = if people <= 10_000 { 0.02 } else { 0.05 };
        group.bench_function(format!("betweenness_approx_eps{eps}"), |b| {
            b.iter(|| betweenness_approx(black_box(&g), eps, 0.1, 1))
        });
        if people <= 10_000 {
            group.bench_function("betweenness_approx_weighted_eps0.05", |b| {
                b.iter(|| betweenness_approx_weighted(black_box(&g), &strengths, 0.05, 0.1, 1))
            });
        }
        group.bench_function("closeness_harmonic_sampled_256", |b| {
            b.iter(|| closeness_harmonic_sampled(black_box(&g), 256, 1))
        });
        group.bench_function("pagerank", |b| b.iter(|| pagerank(black_box(&g))));
        group.bench_function("eigenvector", |b| b.iter(|| eigenvector(black_box(&g))));
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
