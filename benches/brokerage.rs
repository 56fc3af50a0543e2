//! Criterion benchmarks: Gould–Fernandez brokerage and Burt's structural holes on networks from
//! `grapevine generate` (10k and 100k people, about 10 ties each): `cargo bench --bench brokerage`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use grapevine::analysis::brokerage::{gould_fernandez, gould_fernandez_naive};
use grapevine::analysis::structural_holes::structural_holes;
use grapevine::generate::{generate, GenerateOptions};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("holes_brokerage");
    group.sample_size(10);
    for &n in &[10_000usize, 100_000] {
        let opts = GenerateOptions {
            people: n,
            ..Default::default()
        };
        let g = generate(&opts).expect("valid options").to_graph();
        group.bench_with_input(BenchmarkId::new("gould_fernandez", n), &g, |b, g| {
            b.iter(|| gould_fernandez(g))
        });
        group.bench_with_input(BenchmarkId::new("gould_fernandez_naive", n), &g, |b, g| {
            b.iter(|| gould_fernandez_naive(g))
        });
        group.bench_with_input(BenchmarkId::new("structural_holes", n), &g, |b, g| {
            b.iter(|| structural_holes(g))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
