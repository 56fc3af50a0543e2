//! Criterion bench of the network layout (ForceAtlas2, Barnes–Hut, parallel) at 1k, 10k and
//! 100k people on networks from `grapevine generate` (about 10 ties each), with the groups and the iteration
//! count the chart itself uses at that size (`auto_iterations`: 500 at 1k, 300 at 10k, 30 at
//! 100k). Run with `cargo bench --bench layout` (or `-- 100000` for the 100k case).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use grapevine::generate::{generate, GenerateOptions};
use grapevine::render::layout::{auto_iterations, force_layout};

fn bench_layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for n in [1_000usize, 10_000, 100_000] {
        let opts = GenerateOptions {
            people: n,
            ..Default::default()
        };
        let net = generate(&opts).expect("valid options");
        let ties: Vec<(u32, u32)> = net.ties.iter().map(|&(s, t, _)| (s, t)).collect();
        let iterations = auto_iterations(n);
        group.bench_with_input(
            BenchmarkId::new(format!("fa2_{iterations}_iterations"), n),
            &n,
            |b, &n| b.iter(|| force_layout(n, &ties, 42, iterations, &net.org)),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
