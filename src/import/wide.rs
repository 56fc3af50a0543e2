//! The wide layout: one row per respondent; the names a respondent gave to one question sit in
//! numbered columns sharing a prefix (`advice_1` … `advice_10` → relation `advice`), each
//! optionally followed by a strength column (`advice_1_frequency`, `Advice 1 (how often)`), or
//! with the strengths in a parallel numbered question (`advice_frequency_1`).

use std::collections::BTreeMap;
use std::path::Path;

use super::roster::{find_col, named_col};
use super::{relation_name, Answer, Extract, ImportOptions, Respondent, RESPONDENT_NAMES};
use crate::error::{Error, Result};
use crate::ingest::text::Table;

/// A header cell of the form PREFIX NUMBER [SUFFIX]: `advice_3` → ("advice", 3, None),
/// `Advice 3 (how often)` → ("advice", 3, Some("how often")).
pub fn parse_numbered(header: &str) -> Option<(String, u32, Option<String>)> {
    let h = header.trim();
    let bytes = h.as_bytes();
    let end = bytes.iter().rposition(u8::is_ascii_digit)? + 1;
    let start = bytes[..end]
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let number: u32 = h[start..end].parse().ok()?;
    let prefix = relation_name(&h[..start]);
    if prefix.is_empty() || !prefix.bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let suffix = h[end..]
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    Some((prefix, number, (!suffix.is_empty()).then_some(suffix)))
}

/// True for a suffix or prefix word that names a tie strength (frequency, how often, ...).
pub fn is_strength_word(s: &str) -> bool {
    let letters: String = s
        .chars()
        .filter(char::is_ascii_alphabetic)
        .flat_map(|c| c.to_lowercase())
        .collect();
    [
        "freq", "strength", "weight", "often", "close", "rating", "score", "intens", "level",
        "import", "howmuch",
    ]
    .iter()
    .any(|w| letters.contains(w))
}

/// The questions of a wide header: relation → (number → (contact column, strength column)).
type Questions = BTreeMap<String, BTreeMap<u32, (Option<usize>, Option<usize>)>>;

fn questions(header: &[String]) -> Questions {
    let mut q: Questions = BTreeMap::new();
    let mut suffixed = Vec::new();
    for (c, h) in header.iter().enumerate() {
        if let Some((prefix, n, suffix)) = parse_numbered(h) {
            match suffix {
                None => q.entry(prefix).or_default().entry(n).or_default().0 = Some(c),
                Some(s) if is_strength_word(&s) => suffixed.push((prefix, n, c)),
                Some(_) => {}
            }
        }
    }
    // `advice_frequency_3` holds the strength of `advice_3`.
    let names: Vec<String> = q.keys().cloned().collect();
    for name in names {
        let Some(base) = strength_base(&name, &q) else {
            continue;
        };
        let cols = q.remove(&name).unwrap_or_default();
        let target = q.entry(base).or_default();
        for (n, (c, _)) in cols {
            if let (Some(c), Some(slot)) = (c, target.get_mut(&n)) {
                slot.1 = Some(c);
            }
        }
    }
    for (prefix, n, c) in suffixed {
        if let Some(slot) = q.get_mut(&prefix).and_then(|m| m.get_mut(&n)) {
            slot.1 = Some(c);
        }
    }
    q
}

/// For `advice_frequency`: `advice`, when that is another question and the rest is a strength
/// word.
fn strength_base(name: &str, q: &Questions) -> Option<String> {
    let (base, word) = name.rsplit_once('_')?;
    (is_strength_word(word) && q.contains_key(base)).then(|| base.to_string())
}

/// Auto-detection: at least one question with two or more numbered contact columns.
pub fn looks_wide(table: &Table) -> bool {
    questions(&table.header)
        .values()
        .any(|cols| cols.values().filter(|(c, _)| c.is_some()).count() >= 2)
}

/// Reads the answers of a wide export.
///
/// Complexity: O(cells) time and space.
pub(crate) fn extract<'t>(
    path: &Path,
    table: &'t Table,
    opts: &ImportOptions,
) -> Result<Extract<'t>> {
    let q = questions(&table.header);
    if q.is_empty() {
        return Err(Error::input(
            path,
            1,
            None,
            "no numbered contact columns in the header (such as advice_1, advice_2, ...) for the \
             wide layout; rename them, or pass --format long or --format matrix",
        ));
    }
    let used: Vec<usize> = q
        .values()
        .flat_map(|m| m.values())
        .flat_map(|(a, b)| [*a, *b])
        .flatten()
        .collect();
    let resp_col = match &opts.respondent_col {
        Some(name) => named_col(path, &table.header, name, "--respondent-col")?,
        None => find_col(&table.header, RESPONDENT_NAMES, &used).ok_or_else(|| {
            Error::input(
                path,
                1,
                None,
                format!(
                    "no respondent column in the header ({}); name it `respondent` (or email, \
                     name, id), or pass --respondent-col COLUMN",
                    crate::ingest::text::column_list(&table.header)
                ),
            )
        })?,
    };
    let relations: Vec<String> = q.keys().cloned().collect();
    let mut slots: Vec<(u32, usize, Option<usize>)> = Vec::new();
    for (r, cols) in q.values().enumerate() {
        for (c, s) in cols.values() {
            if let Some(c) = c {
                slots.push((r as u32, *c, *s));
            }
        }
    }
    let mut layout = format!("respondent column `{}`", table.header[resp_col]);
    for (name, cols) in &q {
        let contacts: Vec<&(Option<usize>, Option<usize>)> =
            cols.values().filter(|(c, _)| c.is_some()).collect();
        let strengths = contacts.iter().filter(|(_, s)| s.is_some()).count();
        layout += &format!("; {name}: {} contact columns", contacts.len());
        if strengths > 0 {
            layout += &format!(" with {strengths} strength columns");
        }
    }

    let mut rows = Vec::with_capacity(table.records.len());
    let mut answers = Vec::new();
    for (line, rec) in &table.records {
        let row = rows.len() as u32;
        rows.push(Respondent {
            line: *line,
            column: resp_col,
            text: rec.get(resp_col).unwrap_or("").trim(),
            answered: true,
        });
        for &(relation, c, s) in &slots {
            let contact = rec.get(c).unwrap_or("").trim();
            if contact.is_empty() {
                continue;
            }
            answers.push(Answer {
                row,
                relation,
                line: *line,
                column: c,
                contact,
                strength: s.map(|s| (s, rec.get(s).unwrap_or(""))),
            });
        }
    }
    Ok(Extract {
        relations,
        named_relations: true,
        rows,
        answers,
        one_row_per_respondent: true,
        silent_self: false,
        layout,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headers() {
        assert_eq!(parse_numbered("advice_3"), Some(("advice".into(), 3, None)));
        assert_eq!(
            parse_numbered("Advice 10"),
            Some(("advice".into(), 10, None))
        );
        assert_eq!(parse_numbered("advice1"), Some(("advice".into(), 1, None)));
        assert_eq!(
            parse_numbered("Advice 2 (how often)"),
            Some(("advice".into(), 2, Some("how often".into())))
        );
        assert_eq!(
            parse_numbered("advice_1_frequency"),
            Some(("advice".into(), 1, Some("frequency".into())))
        );
        assert_eq!(parse_numbered("Q3_1"), Some(("q3".into(), 1, None)));
        assert_eq!(parse_numbered("2024"), None);
        assert_eq!(parse_numbered("name"), None);
    }

    #[test]
    fn questions_pair_contacts_and_strengths() {
        let header: Vec<String> = [
            "email",
            "advice_1",
            "advice_1_frequency",
            "advice_2",
            "advice_2_frequency",
            "info_1",
            "info_2",
            "info_frequency_1",
            "info_frequency_2",
            "advice_1_department",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let q = questions(&header);
        assert_eq!(q.keys().collect::<Vec<_>>(), vec!["advice", "info"]);
        assert_eq!(q["advice"][&1], (Some(1), Some(2)));
        assert_eq!(q["advice"][&2], (Some(3), Some(4)));
        assert_eq!(q["info"][&1], (Some(5), Some(7)));
        assert_eq!(q["info"][&2], (Some(6), Some(8)));
    }
}
