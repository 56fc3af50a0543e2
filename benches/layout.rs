//! Criterion bench of the network layout (ForceAtlas2, Barnes–Hut, parallel) at 1k and 10k
//! people on a generated organisation-like graph: groups of 50, average degree ≈ 10, 90 % of
//! ties inside a group. Run with `cargo bench --bench layout`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use grapevine::render::layout::{auto_iterations, force_layout};

/// Deterministic graph: n people in groups of 50, each with 5 outgoing ties.
fn org_graph(n: usize) -> Vec<(u32, u32)> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut ties = Vec::with_capacity(n * 5);
    for v in 0..n {
        let base = v / 50 * 50;
        for _ in 0..5 {
            let t = if next() % 10 < 9 {
                base + (next() as usize % 50).min(n - 1 - base)
            } else {
                next() as usize % n
            };
            if t != v {
                ties.push((v as u32, t as u32));
            }
        }
    }
    ties
}

fn bench_layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for n in [1_000usize, 10_000] {
        let ties = org_graph(n);
        let iterations = auto_iterations(n);
        group.bench_with_input(
            BenchmarkId::new(format!("fa2_{iterations}_iterations"), n),
            &n,
            |b, &n| b.iter(|| force_layout(n, &ties, 42, iterations, &[])),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_layout);
criterion_main!(benches);
