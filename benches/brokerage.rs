//! Criterion benchmarks: Gould–Fernandez brokerage and Burt's structural holes on generated
//! organisation-like graphs (10k and 100k people).
//!
//! The generator is seeded and self-contained: people sit in departments of ~50 within
//! organisations of ~20 departments; each person names ~8 contacts, mostly in their own
//! department, some in their organisation, a few anywhere (with a preference for low indices,
//! which gives a few hubs).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use grapevine::analysis::brokerage::{gould_fernandez, gould_fernandez_naive};
use grapevine::analysis::structural_holes::structural_holes;
use grapevine::graph::{Graph, RawTie};

/// xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A seeded organisation-like network of `n` people, ~8 ties each, groups = organisations.
fn org_graph(n: usize, seed: u64) -> Graph {
    const DEPT: usize = 50;
    const ORG: usize = DEPT * 20;
    let mut rng = Rng(seed | 1);
    let mut ties = Vec::with_capacity(n * 8);
    for s in 0..n {
        let dept0 = s / DEPT * DEPT;
        let org0 = s / ORG * ORG;
        for _ in 0..8 {
            let r = rng.below(100);
            let t = if r < 70 {
                (dept0 + rng.below(DEPT)).min(n - 1)
            } else if r < 90 {
                (org0 + rng.below(ORG)).min(n - 1)
            } else {
                // Skewed towards low indices: a few hubs.
                let x = rng.below(n);
                x * rng.below(n) / n
            };
            ties.push(RawTie {
                source: s as u32,
                target: t as u32,
                weight: 1.0 + rng.below(5) as f64,
                relation: 0,
            });
        }
    }
    let ids = (0..n).map(|i| format!("p{i}")).collect();
    let groups: Vec<String> = (0..n).map(|i| format!("org{:03}", i / ORG)).collect();
    Graph::build(ids, &groups, ties)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("holes_brokerage");
    group.sample_size(10);
    for &n in &[10_000usize, 100_000] {
        let g = org_graph(n, 2026);
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
