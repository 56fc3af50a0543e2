//! The matrix layout (UCINET / spreadsheet style): a person × person grid whose header row and
//! first column are people (ids, or anything the roster matches); the cell in row i, column j is
//! the strength of i's answer about j. Empty cells and zeros are no tie; the diagonal is
//! ignored. A row whose cells are all empty is a person who did not respond.

use std::path::Path;

use super::roster::{Match, Roster};
use super::{Answer, Extract, Respondent};
use crate::error::{Error, Result};
use crate::ingest::text::Table;

/// Auto-detection: at least two column labels after the first, and at least 80 % of them match
/// the roster.
pub fn looks_matrix(table: &Table, roster: &Roster) -> bool {
    let labels: Vec<&str> = table.header[1..]
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    let found = labels
        .iter()
        .filter(|l| matches!(roster.find_exact(l), Match::Found(..)))
        .count();
    labels.len() >= 2 && found * 5 >= labels.len() * 4
}

fn is_zero(cell: &str) -> bool {
    cell.parse::<f64>().is_ok_and(|w| w == 0.0)
}

/// Reads the answers of a matrix.
///
/// Complexity: O(cells) time; O(non-empty cells) space.
pub(crate) fn extract<'t>(path: &Path, table: &'t Table) -> Result<Extract<'t>> {
    if table.header.len() < 2 {
        return Err(Error::input(
            path,
            1,
            None,
            "a matrix needs person labels in the header row after the first cell",
        ));
    }
    let mut rows = Vec::with_capacity(table.records.len());
    let mut answers = Vec::new();
    for (line, rec) in &table.records {
        let row = rows.len() as u32;
        let mut answered = false;
        for (c, cell) in rec.iter().enumerate().skip(1) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            answered = true;
            let label = table.header.get(c).map_or("", |h| h.trim());
            if label.is_empty() {
                return Err(Error::input(
                    path,
                    *line,
                    Some(c + 1),
                    format!(
                        "the value \"{cell}\" is in a column without a person label; label the column or clear it"
                    ),
                ));
            }
            if is_zero(cell) {
                continue;
            }
            answers.push(Answer {
                row,
                relation: 0,
                line: *line,
                column: c,
                contact: label,
                strength: Some((c, cell)),
            });
        }
        rows.push(Respondent {
            line: *line,
            column: 0,
            text: rec.get(0).unwrap_or("").trim(),
            answered,
        });
    }
    Ok(Extract {
        relations: Vec::new(),
        named_relations: false,
        rows,
        answers,
        one_row_per_respondent: true,
        silent_self: true,
        layout: format!(
            "{} rows × {} columns",
            table.records.len(),
            table.header.len() - 1
        ),
    })
}
