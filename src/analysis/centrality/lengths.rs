//! Tie lengths for weighted shortest paths (`--path-weights`), as exact integers.
//!
//! Weighted path measures compare path lengths for equality: a shortest path tied with another
//! shares its betweenness credit. Floating-point sums make that fragile (1/3 + 1/3 + 1/3 and
//! 1/1 may or may not compare equal, depending on the order of the additions), so every tie
//! length is turned into an integer number of a common `unit`, and path lengths are sums of
//! integers, compared exactly:
//!
//! 1. each weight w is read as a decimal a / 10^k with a a positive integer, for the smallest
//!    k ≤ 9 that fits every weight (to 1e-12 relative: 0.1 + 0.2 merged from two rows is 0.3);
//! 2. `distance`: the length of a tie is a, in units of 10^-k. Exact while the longest
//!    possible path, (n − 1) times the longest tie, stays within 2^62 units;
//! 3. `inverse-strength`: the length is 1/w = 10^k / a = (S / a) · (10^k / S), so the integer
//!    length is S / a in units of 10^k / S, with S a multiple of the least common multiple of
//!    the a. Survey scales (1–5, 1–7, 1–10) and small counts are all exact. When the least
//!    common multiple of every a would break the 2^62 path bound (counts such as 1…1,000
//!    messages), S covers as many a as fit, smallest first, and the lengths of the other
//!    strengths are rounded to the nearest unit (relative error below 10^-15 or so);
//! 4. weights that are not decimals of at most 9 places, or distances too long for the bound,
//!    are rounded to the nearest multiple of a power-of-two unit, as fine as the bound allows.
//!
//! Two paths tie when their integer lengths are equal. [`PathLengths::exact`] says whether
//! every length is exact; when it is not, paths whose real lengths are equal but contain
//! rounded ties may be counted as different (or, far more rarely, paths a few units apart as
//! tied). summary.json states the unit and whether lengths were exact (`path_lengths`).
//!
//! Either way the result is deterministic and identical for any thread count.

use crate::graph::Graph;

/// How tie weights enter path measures (betweenness, closeness, harmonic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum PathWeights {
    /// Hop counts: every tie has length 1 (the metric contract's default).
    #[default]
    #[serde(rename = "none")]
    Hops,
    /// The weight is the tie's length (a distance, a cost, a time).
    #[serde(rename = "distance")]
    Distance,
    /// The weight is a strength; the tie's length is 1 / weight.
    #[serde(rename = "inverse-strength")]
    InverseStrength,
}

impl PathWeights {
    /// The `--path-weights` name: `none`, `distance` or `inverse-strength`.
    pub fn name(self) -> &'static str {
        match self {
            PathWeights::Hops => "none",
            PathWeights::Distance => "distance",
            PathWeights::InverseStrength => "inverse-strength",
        }
    }
}

/// A tie whose weight cannot be a length.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "tie {source_id} → {target_id} has weight {weight}: --path-weights {} needs every tie weight \
     to be a positive, finite number ({}); fix or drop such ties ({count} in all), or count hops \
     with --path-weights none",
    .mode.name(),
    meaning(.mode)
)]
pub struct PathLengthError {
    /// Id of the tie's source.
    pub source_id: String,
    /// Id of the tie's target.
    pub target_id: String,
    /// The offending (merged) weight.
    pub weight: f64,
    /// Number of ties with such weights.
    pub count: usize,
    /// The mode asked for.
    pub mode: PathWeights,
}

fn meaning(mode: &PathWeights) -> &'static str {
    match mode {
        PathWeights::InverseStrength => "the length is 1 / weight",
        _ => "the weight is the length",
    }
}

/// Integer tie lengths aligned with the rows of [`Graph::out`] and [`Graph::inc`].
///
/// The real length of a tie is `out[i] as f64 * unit` (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct PathLengths {
    /// Mode these lengths were made for.
    pub mode: PathWeights,
    /// Integer lengths in the order of `g.out().targets()`.
    pub out: Vec<u64>,
    /// Integer lengths in the order of `g.inc().targets()`.
    pub inc: Vec<u64>,
    /// Real length of one integer unit.
    pub unit: f64,
    /// True when every integer length is the exact length (no rounding).
    pub exact: bool,
    /// Number of ties whose length was rounded to the nearest unit.
    pub rounded_ties: usize,
}

/// Longest path length, in units, the kernels allow: sums of two never overflow `u64`.
const MAX_PATH: u64 = 1 << 62;

/// Largest number of decimals tried when reading weights as decimals.
const MAX_DECIMALS: i32 = 9;

/// Reads every weight as a / 10^k for the smallest k ≤ [`MAX_DECIMALS`] that fits them all;
/// returns (k, a for each weight). `None` when no k fits.
fn as_decimals(weights: &[f64]) -> Option<(i32, Vec<u64>)> {
    'k: for k in 0..=MAX_DECIMALS {
        let scale = 10f64.powi(k);
        let mut out = Vec::with_capacity(weights.len());
        for &w in weights {
            let x = w * scale;
            let a = x.round();
            if !(1.0..=9.0e15).contains(&a) || (x - a).abs() > 1e-12 * a {
                continue 'k;
            }
            out.push(a as u64);
        }
        return Some((k, out));
    }
    None
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Inverse strengths 10^k / a (a ascending) as integers S / a in units of 10^k / S: S is a
/// multiple of the least common multiple of as many a (smallest first) as the path bound
/// allows, so those lengths are exact; the others are rounded to the nearest unit. Returns
/// (length, exact?) per a and the unit.
fn inverse_decimals(a: &[u64], k: i32, steps: u128) -> (Vec<u64>, Vec<bool>, f64) {
    // The longest tie is the weakest: S / a_min units, at most MAX_PATH / steps.
    let a_min = u128::from(a[0]);
    let budget = MAX_PATH as u128 / steps * a_min;
    let mut l: u128 = 1;
    for &x in a {
        let x = u128::from(x);
        if let Some(cand) = (l / gcd(l, x)).checked_mul(x) {
            if cand <= budget {
                l = cand;
            }
        }
    }
    // S = l when every length is exact; else the largest multiple of l that fits, for finer
    // units for the rounded lengths.
    let s = if a.iter().all(|&x| l.is_multiple_of(u128::from(x))) {
        l
    } else {
        budget / l * l
    };
    let ints = a
        .iter()
        .map(|&x| ((s + u128::from(x) / 2) / u128::from(x)).max(1) as u64)
        .collect();
    let exact = a.iter().map(|&x| s % u128::from(x) == 0).collect();
    (ints, exact, 10f64.powi(k) / s as f64)
}

/// Lengths (w, or 1/w) rounded to the nearest multiple of a power-of-two unit, as fine as the
/// path bound allows: (n−1) longest ties, each rounded up by at most half a unit, stay within
/// 2^61 + n units. Returns (length, exact?) per weight and the unit.
fn rounded(distinct: &[f64], mode: PathWeights, steps: u128) -> (Vec<u64>, Vec<bool>, f64) {
    let real = |w: f64| match mode {
        PathWeights::Distance => w,
        _ => 1.0 / w,
    };
    let longest = distinct.iter().map(|&w| real(w)).fold(0.0, f64::max);
    let unit = (longest * steps as f64 / (1u64 << 61) as f64)
        .log2()
        .ceil()
        .exp2();
    let ints: Vec<u64> = distinct
        .iter()
        .map(|&w| ((real(w) / unit).round() as u64).max(1))
        .collect();
    let exact = distinct
        .iter()
        .zip(&ints)
        .map(|(&w, _)| (real(w) / unit).fract() == 0.0)
        .collect();
    (ints, exact, unit)
}

impl PathLengths {
    /// Integer lengths of every tie of `g` for `mode` (see the module documentation).
    ///
    /// # Arguments
    /// * `g`: the network; its tie weights are read.
    /// * `mode`: [`PathWeights::Distance`] or [`PathWeights::InverseStrength`];
    ///   [`PathWeights::Hops`] gives length 1 everywhere.
    ///
    /// # Returns
    /// The lengths, or an error naming a tie whose weight is zero, negative or not finite.
    ///
    /// # Complexity
    /// O(m log m) time (distinct weights are sorted), O(m) space.
    pub fn new(g: &Graph, mode: PathWeights) -> Result<PathLengths, PathLengthError> {
        let n = g.n();
        let m = g.m();
        if mode == PathWeights::Hops {
            return Ok(PathLengths {
                mode,
                out: vec![1; m],
                inc: vec![1; m],
                unit: 1.0,
                exact: true,
                rounded_ties: 0,
            });
        }
        let out_w: Vec<f64> = (0..n)
            .flat_map(|v| g.out().row_weights(v).iter().copied())
            .collect();
        let bad = |w: f64| !(w.is_finite() && w > 0.0);
        let count = out_w.iter().filter(|&&w| bad(w)).count();
        if count > 0 {
            let (v, i) = (0..n)
                .find_map(|v| {
                    g.out()
                        .row_weights(v)
                        .iter()
                        .position(|&w| bad(w))
                        .map(|i| (v, i))
                })
                .expect("a bad weight exists");
            return Err(PathLengthError {
                source_id: g.ids()[v].clone(),
                target_id: g.ids()[g.out().row(v)[i] as usize].clone(),
                weight: g.out().row_weights(v)[i],
                count,
                mode,
            });
        }
        let mut distinct = out_w.clone();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        if distinct.is_empty() {
            return Ok(PathLengths {
                mode,
                out: Vec::new(),
                inc: Vec::new(),
                unit: 1.0,
                exact: true,
                rounded_ties: 0,
            });
        }
        let steps = n.saturating_sub(1).max(1) as u128;
        // Per distinct weight: its integer length and whether that length is exact.
        let (ints, exact_of, unit): (Vec<u64>, Vec<bool>, f64) = match as_decimals(&distinct) {
            Some((k, a)) if mode == PathWeights::Distance => {
                let longest = *a.iter().max().unwrap_or(&1) as u128;
                if longest * steps <= MAX_PATH as u128 {
                    let all = vec![true; a.len()];
                    (a, all, 10f64.powi(-k))
                } else {
                    rounded(&distinct, mode, steps)
                }
            }
            Some((k, a)) => inverse_decimals(&a, k, steps),
            None => rounded(&distinct, mode, steps),
        };
        let lookup = |w: f64| {
            distinct
                .binary_search_by(|x| x.total_cmp(&w))
                .expect("every weight is among the distinct ones")
        };
        let out_i: Vec<usize> = out_w.iter().map(|&w| lookup(w)).collect();
        let rounded_ties = out_i.iter().filter(|&&i| !exact_of[i]).count();
        let out = out_i.iter().map(|&i| ints[i]).collect();
        let inc = (0..n)
            .flat_map(|v| g.inc().row_weights(v).iter().copied())
            .map(|w| ints[lookup(w)])
            .collect();
        Ok(PathLengths {
            mode,
            out,
            inc,
            unit,
            exact: rounded_ties == 0,
            rounded_ties,
        })
    }

    /// Lengths of the out-ties of `v`, aligned with `g.out().row(v)`.
    #[inline]
    pub fn out_row<'a>(&'a self, g: &Graph, v: usize) -> &'a [u64] {
        let off = g.out().offsets();
        &self.out[off[v]..off[v + 1]]
    }

    /// Lengths of the in-ties of `v`, aligned with `g.inc().row(v)`.
    #[inline]
    pub fn inc_row<'a>(&'a self, g: &Graph, v: usize) -> &'a [u64] {
        let off = g.inc().offsets();
        &self.inc[off[v]..off[v + 1]]
    }

    /// The shortest tie, in real length (0 for a graph without ties).
    pub fn shortest(&self) -> f64 {
        self.out.iter().min().map_or(0.0, |&l| l as f64 * self.unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::RawTie;

    fn weighted(n: usize, ties: &[(u32, u32, f64)]) -> Graph {
        let ids = (0..n).map(|i| format!("p{i}")).collect();
        let groups = vec!["g".to_string(); n];
        let raw = ties
            .iter()
            .map(|&(s, t, w)| RawTie {
                source: s,
                target: t,
                weight: w,
                relation: 0,
            })
            .collect();
        Graph::build(ids, &groups, raw)
    }

    #[test]
    fn integer_distances_are_their_own_lengths() {
        let g = weighted(3, &[(0, 1, 3.0), (1, 2, 1.0), (0, 2, 4.0), (2, 0, 2.0)]);
        let l = PathLengths::new(&g, PathWeights::Distance).unwrap();
        // out rows: 0 → [1, 2], 1 → [2], 2 → [0].
        assert_eq!(l.out, [3, 4, 1, 2]);
        // inc rows: 0 ← [2], 1 ← [0], 2 ← [0, 1].
        assert_eq!(l.inc, [2, 3, 4, 1]);
        assert_eq!((l.unit, l.exact), (1.0, true));
        assert_eq!(l.out_row(&g, 0), [3, 4]);
        assert_eq!(l.inc_row(&g, 2), [4, 1]);
    }

    #[test]
    fn decimal_distances_use_tenths() {
        // 0.1 + 0.2 (two merged rows) is 0.30000000000000004 in floating point: still 3 tenths.
        let g = weighted(3, &[(0, 1, 0.1), (0, 1, 0.2), (1, 2, 1.5)]);
        let l = PathLengths::new(&g, PathWeights::Distance).unwrap();
        assert_eq!(l.out, [3, 15]);
        assert!((l.unit - 0.1).abs() < 1e-18 && l.exact);
    }

    #[test]
    fn inverse_strengths_share_the_least_common_multiple() {
        // Strengths 1, 2, 3, 4: L = 12, lengths 12, 6, 4, 3 units of 1/12. So the path of
        // three strength-3 ties (4 + 4 + 4) ties exactly with one strength-1 tie (12).
        let g = weighted(5, &[(0, 1, 1.0), (1, 2, 2.0), (2, 3, 3.0), (3, 4, 4.0)]);
        let l = PathLengths::new(&g, PathWeights::InverseStrength).unwrap();
        assert_eq!(l.out, [12, 6, 4, 3]);
        assert!((l.unit - 1.0 / 12.0).abs() < 1e-18 && l.exact);
        // Strength 2.5 = 25/10: a = 10 and 25, L = 50: lengths 5 and 2 units of 10/50.
        let g = weighted(3, &[(0, 1, 1.0), (1, 2, 2.5)]);
        let l = PathLengths::new(&g, PathWeights::InverseStrength).unwrap();
        assert_eq!(l.out, [5, 2]);
        assert!((l.unit - 0.2).abs() < 1e-17 && l.exact);
    }

    #[test]
    fn hops_are_one() {
        let g = weighted(3, &[(0, 1, 7.0), (1, 2, 0.0)]);
        let l = PathLengths::new(&g, PathWeights::Hops).unwrap();
        assert_eq!(
            (l.out, l.inc, l.unit, l.exact),
            (vec![1, 1], vec![1, 1], 1.0, true)
        );
    }

    #[test]
    fn weights_without_short_decimals_are_rounded() {
        // 1/3 has no short decimal form: lengths are multiples of a power-of-two unit. With
        // (n − 1) = 2 ties of the longest length 1000 within 2^61 units, the unit is 2^-50,
        // too coarse for the 53 bits of 1/3 (a multiple of 2^-54): its length is rounded.
        let third = 1.0 / 3.0;
        let g = weighted(3, &[(0, 1, third), (1, 2, 1000.0)]);
        let l = PathLengths::new(&g, PathWeights::Distance).unwrap();
        assert_eq!(l.unit, (-50f64).exp2());
        assert_eq!(l.out[1], 1000 << 50);
        assert!((l.out[0] as f64 * l.unit - third).abs() <= l.unit / 2.0);
        assert_eq!((l.exact, l.rounded_ties), (false, 1));
        // With 1 as the longest tie the unit is 2^-60, and 1/3 is an exact multiple of it.
        let g = weighted(3, &[(0, 1, third), (1, 2, 1.0)]);
        let l = PathLengths::new(&g, PathWeights::Distance).unwrap();
        assert_eq!(l.unit, (-60f64).exp2());
        assert_eq!(l.out[0] as f64 * l.unit, third);
        assert!(l.exact);
    }

    #[test]
    fn huge_least_common_multiples_fall_back_to_rounding() {
        // The strengths 1..=60 have a least common multiple above 2^62: rounded lengths.
        let ties: Vec<(u32, u32, f64)> = (1..=60).map(|i| (0, i, i as f64)).collect();
        let g = weighted(61, &ties);
        let l = PathLengths::new(&g, PathWeights::InverseStrength).unwrap();
        assert!(!l.exact);
        // The bound allows S up to 2^62 / 60 ≈ 7.7e16: the least common multiple of 1..=40
        // (5.3e15) fits, then 49 (one more factor 7, 3.7e16); 41, 43, 47, 53 and 59 would
        // each multiply it by a prime above the bound, so those five lengths are rounded.
        let times = |a: usize| l.out[a - 1] as u128 * a as u128;
        assert_eq!(times(1), times(49), "exact lengths share S");
        assert_eq!(l.rounded_ties, 5);
        for (i, &x) in l.out.iter().enumerate() {
            let want = 1.0 / (i + 1) as f64;
            assert!(
                (x as f64 * l.unit - want).abs() <= l.unit + 1e-15 * want,
                "strength {}",
                i + 1
            );
        }
    }

    #[test]
    fn zero_weights_are_refused_with_the_tie_named() {
        let g = weighted(3, &[(0, 1, 1.0), (1, 2, 0.0), (2, 0, 0.0)]);
        let e = PathLengths::new(&g, PathWeights::InverseStrength).unwrap_err();
        assert_eq!((e.source_id.as_str(), e.target_id.as_str()), ("p1", "p2"));
        assert_eq!(e.count, 2);
        let text = e.to_string();
        assert!(text.starts_with("tie p1 → p2 has weight 0: --path-weights inverse-strength"));
        assert!(
            text.contains("1 / weight") && text.contains("--path-weights none"),
            "{text}"
        );
        assert!(PathLengths::new(&g, PathWeights::Distance).is_err());
    }
}
