//! Tie strength from survey answers: numbers as they are, labels ("Often", "once a week") through
//! the `--scale` mapping, case-insensitively.

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// A mapping from answer labels to weights, from `--scale "Never=0,Rarely=1,Often=3"`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scale {
    /// The labels as given, in order, with their weights.
    pub labels: Vec<(String, f64)>,
    index: FxHashMap<String, f64>,
}

/// The lookup key of a label: trimmed, lower case, inner runs of spaces collapsed.
fn key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What a strength cell holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strength {
    /// Nothing (the tie counts with weight 1).
    Empty,
    /// A weight (a number, or a label of the scale).
    Weight(f64),
    /// A label that is neither a number nor in the scale.
    Unknown,
    /// A number that is negative or not finite.
    Invalid,
}

impl Scale {
    /// Parses `Label=weight` pairs separated by commas (or semicolons). Labels are matched
    /// case-insensitively; a label may contain spaces ("Very often=4").
    ///
    /// Errors (usage, exit 2): a pair without `=`, an empty label, a weight that is not a finite
    /// number ≥ 0, a label given twice.
    pub fn parse(spec: &str) -> Result<Scale> {
        let sep = if spec.contains(';') && !spec.contains(',') {
            ';'
        } else {
            ','
        };
        let mut scale = Scale::default();
        for pair in spec.split(sep).filter(|p| !p.trim().is_empty()) {
            let Some((label, value)) = pair.rsplit_once('=') else {
                return Err(Error::Usage(format!(
                    "--scale: \"{}\" is not Label=number; write e.g. --scale \"Never=0,Rarely=1,Sometimes=2,Often=3\"",
                    pair.trim()
                )));
            };
            let label = label.trim();
            if label.is_empty() {
                return Err(Error::Usage(format!(
                    "--scale: \"{}\" has no label before `=`",
                    pair.trim()
                )));
            }
            let w: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite() && *w >= 0.0)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "--scale: the weight of \"{label}\" must be a number ≥ 0, not \"{}\"",
                        value.trim()
                    ))
                })?;
            if scale.index.insert(key(label), w).is_some() {
                return Err(Error::Usage(format!(
                    "--scale: the label \"{label}\" is given twice (labels ignore case)"
                )));
            }
            scale.labels.push((label.to_string(), w));
        }
        if scale.labels.is_empty() {
            return Err(Error::Usage(
                "--scale: no labels; write e.g. --scale \"Never=0,Rarely=1,Sometimes=2,Often=3\""
                    .into(),
            ));
        }
        Ok(scale)
    }

    /// Reads one strength cell: empty, a number (a decimal comma is accepted when the file's
    /// delimiter is not a comma), or a label of the scale (labels first, so that a scale may
    /// remap numeric codes).
    pub fn read(&self, cell: &str, delimiter: u8) -> Strength {
        let s = cell.trim();
        if s.is_empty() {
            return Strength::Empty;
        }
        if let Some(&w) = self.index.get(&key(s)) {
            return Strength::Weight(w);
        }
        let number = s.parse::<f64>().ok().or_else(|| {
            (delimiter != b',' && s.matches(',').count() == 1)
                .then(|| s.replace(',', ".").parse::<f64>().ok())
                .flatten()
        });
        match number {
            Some(w) if w.is_finite() && w >= 0.0 => Strength::Weight(w),
            Some(_) => Strength::Invalid,
            None => Strength::Unknown,
        }
    }

    /// The labels, for messages: `Never, Rarely, Often`.
    pub fn known(&self) -> String {
        self.labels
            .iter()
            .map(|(l, _)| l.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_numbers_and_case() {
        let s = Scale::parse("Never=0, Rarely=1,Sometimes=2,  Very   often=3.5").unwrap();
        assert_eq!(s.read("NEVER", b','), Strength::Weight(0.0));
        assert_eq!(s.read(" very often ", b','), Strength::Weight(3.5));
        assert_eq!(s.read("2", b','), Strength::Weight(2.0));
        assert_eq!(s.read("2,5", b';'), Strength::Weight(2.5));
        assert_eq!(s.read("2,5", b','), Strength::Unknown);
        assert_eq!(s.read("Often", b','), Strength::Unknown);
        assert_eq!(s.read("-1", b','), Strength::Invalid);
        assert_eq!(s.read("inf", b','), Strength::Invalid);
        assert_eq!(s.read("  ", b','), Strength::Empty);
        assert_eq!(s.known(), "Never, Rarely, Sometimes, Very   often");
        let semi = Scale::parse("Never=0;Often=3").unwrap();
        assert_eq!(semi.read("often", b','), Strength::Weight(3.0));
    }

    #[test]
    fn bad_scales_are_usage_errors() {
        for bad in [
            "Never",
            "=1",
            "Never=x",
            "Never=-1",
            "Never=0,never=1",
            " , ",
        ] {
            let e = Scale::parse(bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
            assert!(e.to_string().starts_with("--scale"), "{e}");
        }
    }
}
