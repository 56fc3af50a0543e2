//! The long layout: one row per answer, with the respondent, the person named, and optionally
//! the question (relation) and the strength.

use std::path::Path;

use rustc_hash::FxHashMap;

use super::roster::{find_col, named_col};
use super::{relation_name, Answer, Extract, ImportOptions, Respondent, RESPONDENT_NAMES};
use crate::error::{Error, Result};
use crate::ingest::text::Table;
use crate::ingest::RELATION_NAMES;

/// Header names of the contact column (the person named).
pub const CONTACT_NAMES: &[&str] = &[
    "contact",
    "contact name",
    "named",
    "nominee",
    "colleague",
    "alter",
    "target",
    "to",
    "recipient",
    "receiver",
    "answer",
    "node2",
];
/// Header names of the strength column.
pub const STRENGTH_NAMES: &[&str] = &[
    "strength",
    "weight",
    "frequency",
    "freq",
    "how often",
    "value",
    "rating",
    "score",
    "closeness",
    "intensity",
    "w",
];

fn column(
    path: &Path,
    table: &Table,
    given: &Option<String>,
    names: &[&str],
    flag: &str,
    exclude: &[usize],
) -> Result<Option<usize>> {
    match given {
        Some(name) => named_col(path, &table.header, name, flag).map(Some),
        None => Ok(find_col(&table.header, names, exclude)),
    }
}

/// Auto-detection: a respondent column and a contact column.
pub fn looks_long(table: &Table) -> bool {
    let r = find_col(&table.header, RESPONDENT_NAMES, &[]);
    r.is_some() && find_col(&table.header, CONTACT_NAMES, &[r.unwrap_or(0)]).is_some()
}

/// Reads the answers of a long export.
///
/// Complexity: O(rows) time and space.
pub(crate) fn extract<'t>(
    path: &Path,
    table: &'t Table,
    opts: &ImportOptions,
) -> Result<Extract<'t>> {
    let missing = |what: &str, first: &str, flag: &str| {
        Error::input(
            path,
            1,
            None,
            format!(
                "no {what} column in the header ({}) for the long layout; name it `{first}`, or \
                 pass {flag} COLUMN (or --format wide / matrix)",
                crate::ingest::text::column_list(&table.header)
            ),
        )
    };
    let resp = column(
        path,
        table,
        &opts.respondent_col,
        RESPONDENT_NAMES,
        "--respondent-col",
        &[],
    )?
    .ok_or_else(|| missing("respondent", "respondent", "--respondent-col"))?;
    let contact = column(
        path,
        table,
        &opts.contact_col,
        CONTACT_NAMES,
        "--contact-col",
        &[resp],
    )?
    .ok_or_else(|| missing("contact", "contact", "--contact-col"))?;
    if contact == resp {
        return Err(Error::Usage(format!(
            "{}: the respondent and contact columns are the same column `{}`; pass --respondent-col and --contact-col",
            path.display(),
            table.header[resp]
        )));
    }
    let taken = [resp, contact];
    let rel = column(
        path,
        table,
        &opts.relation_col,
        RELATION_NAMES,
        "--relation-col",
        &taken,
    )?;
    let strength = column(
        path,
        table,
        &opts.strength_col,
        STRENGTH_NAMES,
        "--strength-col",
        &taken,
    )?;

    let mut layout = format!(
        "respondent column `{}`, contact column `{}`",
        table.header[resp], table.header[contact]
    );
    if let Some(r) = rel {
        layout += &format!(", relation column `{}`", table.header[r]);
    }
    if let Some(s) = strength {
        layout += &format!(", strength column `{}`", table.header[s]);
    }

    let mut relations: Vec<String> = Vec::new();
    let mut rel_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut rows = Vec::with_capacity(table.records.len());
    let mut answers = Vec::with_capacity(table.records.len());
    for (line, rec) in &table.records {
        let row = rows.len() as u32;
        rows.push(Respondent {
            line: *line,
            column: resp,
            text: rec.get(resp).unwrap_or("").trim(),
            answered: true,
        });
        let named = rec.get(contact).unwrap_or("").trim();
        if named.is_empty() {
            continue; // a respondent who named nobody
        }
        let relation = match rel {
            None => 0,
            Some(c) => {
                let name = relation_name(rec.get(c).unwrap_or(""));
                if name.is_empty() {
                    return Err(Error::input(
                        path,
                        *line,
                        Some(c + 1),
                        format!(
                            "the {} is empty; every answer needs its question, or drop the column",
                            table.header[c]
                        ),
                    ));
                }
                match rel_index.get(&name) {
                    Some(&k) => k,
                    None => {
                        let k = relations.len() as u32;
                        rel_index.insert(name.clone(), k);
                        relations.push(name);
                        k
                    }
                }
            }
        };
        answers.push(Answer {
            row,
            relation,
            line: *line,
            column: contact,
            contact: named,
            strength: strength.map(|s| (s, rec.get(s).unwrap_or(""))),
        });
    }
    Ok(Extract {
        relations,
        named_relations: rel.is_some(),
        rows,
        answers,
        one_row_per_respondent: false,
        silent_self: false,
        layout,
    })
}
