//! A seeded generator of synthetic multi-organization networks, for demos, benchmarks and scale
//! tests (`grapevine generate`).
//!
//! # Model
//!
//! A directed, degree-corrected block model with planted brokers and hoarders:
//!
//! - `orgs` organizations with sizes proportional to K, K−1, …, 1 (K = 4 gives 40/30/20/10 %).
//!   Each is cut into departments of about [`GenerateOptions::dept_size`] people (sizes drawn
//!   uniformly in [dept_size/2, 3·dept_size/2], at least 3).
//! - Every person draws an out-degree from a Poisson–lognormal distribution (σ = 1: a heavy tail;
//!   a few people name very many colleagues) with mean `avg_degree`. Each tie lands in the own
//!   department with probability 0.55, in another organization with probability
//!   `cross_frac · (1 − spanner_share)`, and elsewhere in the own organization otherwise.
//! - Members name their department's manager (its first member) with probability 0.6.
//! - Boundary spanners: for every ordered pair of organizations, `spanners_per_side` people
//!   carry `spanner_share` of that pair's cross-organization ties (half named by them, half
//!   naming them).
//! - Hoarders: per organization, about √size / 10 people who name 0–2 colleagues but are named
//!   by most of their department and by about 8 × avg_degree people of their organization.
//! - Weights: 1 + min(Poisson(λ), 4), λ higher inside departments (tie strength 1–5).
//!
//! Ties from each block of 1,024 sources are drawn from a random stream seeded by (seed, block),
//! so the output is byte-identical for the same arguments whatever the thread count.
//! Time O(n + m), memory O(n) plus one block of ties.

use std::io::Write;
use std::path::Path;

use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, LogNormal, Poisson};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

use crate::error::{Error, Result};

/// Parameters of the generator.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Number of people.
    pub people: usize,
    /// Number of organizations.
    pub orgs: usize,
    /// Mean number of people each person names.
    pub avg_degree: f64,
    /// Seed.
    pub seed: u64,
    /// Mean department size.
    pub dept_size: usize,
    /// Share of all ties that cross organizations.
    pub cross_frac: f64,
    /// Share of cross-organization ties carried by the planted spanners.
    pub spanner_share: f64,
    /// Spanners per side of each organization pair (default max(2, √n / 20)).
    pub spanners_per_side: Option<usize>,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            people: 1000,
            orgs: 4,
            avg_degree: 10.0,
            seed: 42,
            dept_size: 25,
            cross_frac: 0.03,
            spanner_share: 0.75,
            spanners_per_side: None,
        }
    }
}

const P_DEPT: f64 = 0.55;
const P_MANAGER: f64 = 0.6;
const HOARDER_IN_MULT: f64 = 8.0;
const BLOCK: usize = 1024;
/// Mean of (weight − 1) by tie kind: department, organization, cross, manager, spanner, hoarder.
const WEIGHT_LAMBDA: [f64; 6] = [1.5, 0.7, 0.5, 2.0, 1.0, 0.8];

/// A generated network: people with organization, department and role, and weighted ties.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Organization of each person (index).
    pub org: Vec<u32>,
    /// Department of each person (global index).
    pub dept: Vec<u32>,
    /// Department index within its organization, per department.
    pub dept_local: Vec<u32>,
    /// Role of each person: 0 member, 1 manager, 2 spanner, 3 hoarder.
    pub role: Vec<u8>,
    /// Public id of each person (a seeded permutation of 0..n).
    pub public_id: Vec<u32>,
    /// Ties (source, target, weight), sorted by source then target, no duplicates or loops.
    pub ties: Vec<(u32, u32, u8)>,
}

/// Role names for nodes.csv.
pub const ROLE_NAMES: [&str; 4] = ["member", "manager", "spanner", "hoarder"];

struct Layout {
    org_lo: Vec<usize>,
    org_size: Vec<usize>,
    dept_lo: Vec<usize>,
    dept_size: Vec<usize>,
    org: Vec<u32>,
    dept: Vec<u32>,
    dept_local: Vec<u32>,
}

fn layout(o: &GenerateOptions, rng: &mut Pcg64Mcg) -> Layout {
    let k = o.orgs;
    let total_share: usize = (1..=k).sum();
    let mut org_size: Vec<usize> = (0..k).map(|i| o.people * (k - i) / total_share).collect();
    let mut rem = o.people - org_size.iter().sum::<usize>();
    let mut i = 0;
    while rem > 0 {
        org_size[i % k] += 1;
        rem -= 1;
        i += 1;
    }
    let mut org_lo = Vec::with_capacity(k);
    let (mut dept_lo, mut dept_size, mut dept_local_of_dept) = (Vec::new(), Vec::new(), Vec::new());
    let mut start = 0;
    for &size in &org_size {
        org_lo.push(start);
        let mut left = size;
        let mut local = 0;
        while left > 0 {
            let lo = (o.dept_size / 2).max(3);
            let hi = (3 * o.dept_size / 2).max(lo + 1);
            let mut s = rng.random_range(lo..=hi);
            if left < s + 3 {
                s = left;
            }
            dept_lo.push(start + size - left);
            dept_size.push(s);
            dept_local_of_dept.push(local);
            local += 1;
            left -= s;
        }
        start += size;
    }
    let mut org = vec![0u32; o.people];
    let mut dept = vec![0u32; o.people];
    for (d, (&lo, &s)) in dept_lo.iter().zip(&dept_size).enumerate() {
        for v in lo..lo + s {
            dept[v] = d as u32;
        }
    }
    for (g, (&lo, &s)) in org_lo.iter().zip(&org_size).enumerate() {
        for v in lo..lo + s {
            org[v] = g as u32;
        }
    }
    Layout {
        org_lo,
        org_size,
        dept_lo,
        dept_size,
        org,
        dept,
        dept_local: dept_local_of_dept,
    }
}

/// Generates a network. Errors when there are fewer than 4 people per organization.
pub fn generate(o: &GenerateOptions) -> Result<Generated> {
    if o.orgs == 0 || o.people < 4 * o.orgs {
        return Err(Error::Usage(format!(
            "--people {} --orgs {}: give at least 4 people per organization",
            o.people, o.orgs
        )));
    }
    if !(o.avg_degree > 0.0 && o.avg_degree.is_finite()) {
        return Err(Error::Usage("--avg-degree: give a positive number".into()));
    }
    let n = o.people;
    let mut rng = Pcg64Mcg::seed_from_u64(o.seed);
    let l = layout(o, &mut rng);
    let k = o.orgs;

    // Roles: managers (first of each department), spanners, hoarders.
    let mut role = vec![0u8; n];
    for &lo in &l.dept_lo {
        role[lo] = 1;
    }
    let sps = o
        .spanners_per_side
        .unwrap_or_else(|| ((n as f64).sqrt() / 20.0).round().max(2.0) as usize);
    let pick = |rng: &mut Pcg64Mcg, role: &mut [u8], org: usize, count: usize, as_role: u8| {
        let mut chosen = Vec::new();
        let mut tries = 0;
        while chosen.len() < count && tries < 100 * count {
            tries += 1;
            let v = l.org_lo[org] + rng.random_range(0..l.org_size[org]);
            if role[v] == 0 {
                role[v] = as_role;
                chosen.push(v as u32);
            }
        }
        chosen.sort_unstable();
        chosen
    };
    // spanners[own][other]: people of `own` who carry ties with `other`.
    let mut spanners = vec![vec![Vec::new(); k]; k];
    for a in 0..k {
        for b in 0..k {
            if a != b {
                spanners[a][b] = pick(&mut rng, &mut role, a, sps, 2);
            }
        }
    }
    let hoarders: Vec<Vec<u32>> = (0..k)
        .map(|g| {
            let h = ((l.org_size[g] as f64).sqrt() / 10.0).round().max(1.0) as usize;
            pick(&mut rng, &mut role, g, h, 3)
        })
        .collect();

    // Expected counts that fix the per-person probabilities.
    let cross_total = if k > 1 {
        o.cross_frac * o.avg_degree * n as f64
    } else {
        0.0
    };
    let spanner_count = (k * (k - 1) * sps).max(1);
    let per_spanner = o.spanner_share * cross_total / spanner_count as f64;
    let p_cross_regular = if k > 1 {
        (1.0 - o.spanner_share) * o.cross_frac
    } else {
        0.0
    };
    let hoarder_in = HOARDER_IN_MULT * o.avg_degree;
    // Mean of the regular out-degree, net of the planted ties each person adds.
    let planted_per_person = P_MANAGER
        + per_spanner / 2.0 * spanner_count as f64 / n as f64
        + hoarder_in * k as f64 / n as f64;
    let dm = (o.avg_degree - planted_per_person).max(0.5);
    let sigma = 1.0f64;
    let lognormal = LogNormal::new(dm.ln() - sigma * sigma / 2.0, sigma).expect("valid lognormal");
    let weight_dists: Vec<Poisson<f64>> = WEIGHT_LAMBDA
        .iter()
        .map(|&lam| Poisson::new(lam).expect("valid poisson"))
        .collect();

    let blocks: Vec<Vec<(u32, u32, u8)>> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut rng = Pcg64Mcg::seed_from_u64(
                o.seed ^ (b as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            );
            let mut out: Vec<(u32, u32, u8)> = Vec::new();
            let mut mine: Vec<(u32, u8)> = Vec::new();
            for s in b * BLOCK..((b + 1) * BLOCK).min(n) {
                mine.clear();
                let g = l.org[s] as usize;
                let d = l.dept[s] as usize;
                let (dlo, dsz) = (l.dept_lo[d], l.dept_size[d]);
                let (olo, osz) = (l.org_lo[g], l.org_size[g]);
                let uniform_other = |rng: &mut Pcg64Mcg, lo: usize, size: usize| -> u32 {
                    let r = rng.random_range(0..size - 1);
                    let t = lo + r;
                    (if t >= s { t + 1 } else { t }) as u32
                };
                let degree = if role[s] == 3 {
                    rng.random_range(0..3)
                } else {
                    let lam: f64 = lognormal.sample(&mut rng);
                    let p = Poisson::new(lam.max(1e-9)).expect("valid poisson");
                    (p.sample(&mut rng) as usize).min(osz - 1).min(5000)
                };
                for _ in 0..degree {
                    let u: f64 = rng.random();
                    if u < P_DEPT && dsz >= 2 {
                        mine.push((uniform_other(&mut rng, dlo, dsz), 0));
                    } else if u < P_DEPT + p_cross_regular {
                        let mut h = rng.random_range(0..k - 1);
                        if h >= g {
                            h += 1;
                        }
                        let t = l.org_lo[h] + rng.random_range(0..l.org_size[h]);
                        mine.push((t as u32, 2));
                    } else {
                        mine.push((uniform_other(&mut rng, olo, osz), 1));
                    }
                }
                if s != dlo && rng.random::<f64>() < P_MANAGER {
                    mine.push((dlo as u32, 3));
                }
                if role[s] == 2 {
                    // A spanner names people of the orgs it spans.
                    for (h, list) in spanners[g].iter().enumerate() {
                        if list.binary_search(&(s as u32)).is_ok() {
                            let c = Poisson::new(per_spanner / 2.0 + 1e-9)
                                .expect("valid poisson")
                                .sample(&mut rng) as usize;
                            for _ in 0..c.min(l.org_size[h]) {
                                let t = l.org_lo[h] + rng.random_range(0..l.org_size[h]);
                                mine.push((t as u32, 4));
                            }
                        }
                    }
                }
                // People name the spanners of other orgs that span towards their org.
                for (h, row) in spanners.iter().enumerate() {
                    if h == g {
                        continue;
                    }
                    let p = per_spanner / 2.0 / osz as f64;
                    for &sp in &row[g] {
                        if rng.random::<f64>() < p {
                            mine.push((sp, 4));
                        }
                    }
                }
                // Hoarders of the own org are named by their department and by many others.
                for &h in &hoarders[g] {
                    let p = if l.dept[h as usize] as usize == d {
                        0.8
                    } else {
                        hoarder_in / osz as f64
                    };
                    if h as usize != s && rng.random::<f64>() < p {
                        mine.push((h, 5));
                    }
                }
                mine.sort_unstable_by_key(|&(t, _)| t);
                mine.dedup_by_key(|&mut (t, _)| t);
                for &(t, kind) in mine.iter() {
                    if t as usize != s {
                        let w = 1 + (weight_dists[kind as usize].sample(&mut rng) as u8).min(4);
                        out.push((s as u32, t, w));
                    }
                }
            }
            out
        })
        .collect();
    let ties: Vec<(u32, u32, u8)> = blocks.into_iter().flatten().collect();

    let mut public_id: Vec<u32> = (0..n as u32).collect();
    for i in (1..n).rev() {
        let j = rng.random_range(0..=i);
        public_id.swap(i, j);
    }
    Ok(Generated {
        org: l.org,
        dept: l.dept,
        dept_local: l.dept_local,
        role,
        public_id,
        ties,
    })
}

impl Generated {
    /// Number of people.
    pub fn n(&self) -> usize {
        self.org.len()
    }

    /// Writes nodes.csv (id,org,dept,role) and edges.csv (source,target,weight,relation) into
    /// `dir` (created if needed). Ids are the public ids.
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "cannot create folder", e))?;
        let nodes = dir.join("nodes.csv");
        let mut order: Vec<u32> = vec![0; self.n()];
        for (v, &p) in self.public_id.iter().enumerate() {
            order[p as usize] = v as u32;
        }
        let mut w = std::io::BufWriter::new(
            std::fs::File::create(&nodes).map_err(|e| Error::io(&nodes, "cannot create", e))?,
        );
        let io = |e| Error::io(&nodes, "cannot write", e);
        writeln!(w, "id,org,dept,role").map_err(io)?;
        for (p, &v) in order.iter().enumerate() {
            let v = v as usize;
            let d = self.dept[v] as usize;
            writeln!(
                w,
                "{p},O{},O{}-D{:04},{}",
                self.org[v], self.org[v], self.dept_local[d], ROLE_NAMES[self.role[v] as usize]
            )
            .map_err(io)?;
        }
        w.flush().map_err(io)?;
        let edges = dir.join("edges.csv");
        let mut w = std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(&edges).map_err(|e| Error::io(&edges, "cannot create", e))?,
        );
        let io = |e| Error::io(&edges, "cannot write", e);
        writeln!(w, "source,target,weight,relation").map_err(io)?;
        let mut buf = itoa::Buffer::new();
        for &(s, t, wt) in &self.ties {
            w.write_all(buf.format(self.public_id[s as usize]).as_bytes())
                .map_err(io)?;
            w.write_all(b",").map_err(io)?;
            w.write_all(buf.format(self.public_id[t as usize]).as_bytes())
                .map_err(io)?;
            w.write_all(b",").map_err(io)?;
            w.write_all(buf.format(wt).as_bytes()).map_err(io)?;
            w.write_all(b",info\n").map_err(io)?;
        }
        w.flush().map_err(io)
    }

    /// The network as a [`crate::graph::Graph`] (ids = public ids, groups = organizations),
    /// without going through files: for benchmarks and tests.
    pub fn to_graph(&self) -> crate::graph::Graph {
        let ids = self.public_id.iter().map(|p| p.to_string()).collect();
        let groups: Vec<String> = self.org.iter().map(|o| format!("O{o}")).collect();
        let ties = self
            .ties
            .iter()
            .map(|&(s, t, w)| crate::graph::RawTie {
                source: s,
                target: t,
                weight: w as f64,
                relation: 0,
            })
            .collect();
        crate::graph::Graph::build(ids, &groups, ties)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_network_any_thread_count() {
        let o = GenerateOptions {
            people: 3000,
            ..Default::default()
        };
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| generate(&o).unwrap());
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| generate(&o).unwrap());
        assert_eq!(one, two);
        let other = generate(&GenerateOptions {
            seed: 1,
            ..o.clone()
        })
        .unwrap();
        assert_ne!(one.ties, other.ties);
    }

    #[test]
    fn shape_of_the_network() {
        let g = generate(&GenerateOptions {
            people: 4000,
            ..Default::default()
        })
        .unwrap();
        let n = g.n() as f64;
        let m = g.ties.len() as f64;
        // mean out-degree near the target (within 15 %)
        assert!((m / n - 10.0).abs() < 1.5, "avg degree {}", m / n);
        // no loops, no duplicates, sorted
        assert!(g
            .ties
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        assert!(g
            .ties
            .iter()
            .all(|&(s, t, w)| s != t && (1..=5).contains(&w)));
        // org sizes 40/30/20/10 %
        let mut sizes = [0usize; 4];
        for &o in &g.org {
            sizes[o as usize] += 1;
        }
        assert_eq!(sizes, [1600, 1200, 800, 400]);
        // a few percent of ties cross organizations, most of them touching a spanner
        let cross: Vec<_> = g
            .ties
            .iter()
            .filter(|&&(s, t, _)| g.org[s as usize] != g.org[t as usize])
            .collect();
        let share = cross.len() as f64 / m;
        assert!((0.015..0.06).contains(&share), "cross share {share}");
        let spanned = cross
            .iter()
            .filter(|&&&(s, t, _)| g.role[s as usize] == 2 || g.role[t as usize] == 2)
            .count() as f64;
        assert!(spanned / cross.len() as f64 > 0.6);
        // hoarders: named by many, name few
        let mut indeg = vec![0usize; g.n()];
        let mut outdeg = vec![0usize; g.n()];
        for &(s, t, _) in &g.ties {
            outdeg[s as usize] += 1;
            indeg[t as usize] += 1;
        }
        for v in (0..g.n()).filter(|&v| g.role[v] == 3) {
            assert!(
                outdeg[v] <= 3 && indeg[v] >= 30,
                "hoarder {v}: in {} out {}",
                indeg[v],
                outdeg[v]
            );
        }
    }
}
