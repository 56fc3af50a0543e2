//! Reading an output folder back (for `grapevine render`): people.csv, ties.csv, boundary.csv,
//! pairs.csv and summary.json give everything the charts draw, without recomputing anything;
//! introductions.csv, when present, the recommended introductions.

use std::path::Path;

use rustc_hash::FxHashMap;

use crate::analysis::findings::hoarder_flags;
use crate::error::{Error, Result};
use crate::render::{ChartData, PairInfo};

use super::text::{read_table, Table};

/// Reads `name` from the output folder `dir` (an error names the file when it is missing).
pub(crate) fn table(dir: &Path, name: &str) -> Result<Table> {
    let path = dir.join(name);
    if !path.exists() {
        return Err(Error::file(
            &path,
            "missing: pass a folder written by `grapevine analyze`",
        ));
    }
    read_table(&path)
}

/// Reads only the columns of `name` (in the output folder `dir`) whose header is in `cols`,
/// streaming the file, and only the rows `keep` accepts (given the line number and the projected
/// cells, in the file's column order). Files
/// Grapevine writes for a million people exceed the whole-table limits of
/// [`read_table`]; projected they stay small.
pub(crate) fn table_cols(
    dir: &Path,
    name: &str,
    cols: &[&str],
    keep: &mut dyn FnMut(u64, &[&str]) -> bool,
) -> Result<Table> {
    let path = dir.join(name);
    if !path.exists() {
        return Err(Error::file(
            &path,
            "missing: pass a folder written by `grapevine analyze`",
        ));
    }
    let mut reader = super::text::RecordReader::new(&path, super::text::open(&path)?)?;
    let picked: Vec<usize> = (0..reader.header.len())
        .filter(|&c| cols.contains(&reader.header[c].as_str()))
        .collect();
    let header = picked.iter().map(|&c| reader.header[c].clone()).collect();
    let mut records = Vec::new();
    let mut record = csv::ByteRecord::new();
    while let Some(line) = reader.next(&mut record)? {
        let mut cells: Vec<&str> = Vec::with_capacity(picked.len());
        for &c in &picked {
            let cell = record.get(c).unwrap_or_default();
            cells.push(
                std::str::from_utf8(cell)
                    .map_err(|_| Error::input(&path, line, Some(c + 1), super::text::NOT_UTF8))?,
            );
        }
        if keep(line, &cells) {
            records.push((line, csv::StringRecord::from(cells.as_slice())));
        }
    }
    Ok(Table {
        header,
        records,
        delimiter: reader.delimiter,
    })
}

/// The index of column `name` of `t` (read from `path`), or an error naming the file.
pub(crate) fn column(t: &Table, path: &Path, name: &str) -> Result<usize> {
    t.header.iter().position(|h| h == name).ok_or_else(|| {
        Error::input(
            path,
            1,
            None,
            format!("no `{name}` column; was this file written by `grapevine analyze`?"),
        )
    })
}

/// The number in row `row`, column `col` of `t`; `None` for an empty cell, an error naming
/// file, line and column for anything else that is not a number.
pub(crate) fn number(t: &Table, row: usize, col: usize, path: &Path) -> Result<Option<f64>> {
    let (line, rec) = &t.records[row];
    let cell = rec[col].trim();
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse::<f64>().map(Some).map_err(|_| {
        Error::input(
            path,
            *line,
            Some(col + 1),
            format!("\"{cell}\" is not a number"),
        )
    })
}

/// Rebuilds the chart data of an output folder; `size_by` picks the people.csv column that
/// sizes people (betweenness when present, else in_degree).
pub fn chart_data(dir: &Path, size_by: Option<&str>) -> Result<ChartData> {
    let summary_path = dir.join("summary.json");
    if !summary_path.exists() {
        return Err(if dir.join("recommendations.json").exists() {
            Error::file(
                dir,
                "was written by `grapevine recommend`, which draws no charts; for charts and a \
                 report run `grapevine analyze` with the same input options and --recommend K",
            )
        } else {
            Error::file(
                &summary_path,
                "missing: pass a folder written by `grapevine analyze`",
            )
        });
    }
    let summary: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&summary_path).map_err(|e| Error::io(&summary_path, "cannot read", e))?,
    )
    .map_err(|e| Error::file(&summary_path, format!("not valid JSON: {e}")))?;
    let text = |k: &str| summary[k].as_str().unwrap_or_default().to_string();

    let people_path = dir.join("people.csv");
    let wanted = size_by.unwrap_or("betweenness");
    // Only the columns the charts use: a million people's people.csv exceeds the whole-table
    // limits of `read_table`.
    let mut cols = vec![
        "id",
        "group",
        "in_degree",
        "out_degree",
        "hoarding_index",
        "reach_loss",
        wanted,
    ];
    cols.extend(crate::analysis::brokerage::ROLES);
    let people = table_cols(dir, "people.csv", &cols, &mut |_, _| true)?;
    let id_col = column(&people, &people_path, "id")?;
    let group_col = column(&people, &people_path, "group")?;
    let ids: Vec<String> = people
        .records
        .iter()
        .map(|(_, r)| r[id_col].to_string())
        .collect();
    let labels: Vec<String> = people
        .records
        .iter()
        .map(|(_, r)| r[group_col].to_string())
        .collect();
    let mut group_names = labels.clone();
    group_names.sort();
    group_names.dedup();
    let group_of: Vec<u32> = labels
        .iter()
        .map(|l| group_names.binary_search(l).expect("present") as u32)
        .collect();
    let n = ids.len();
    let values = |name: &str| -> Result<Option<Vec<f64>>> {
        let Some(c) = people.header.iter().position(|h| h == name) else {
            return Ok(None);
        };
        (0..n)
            .map(|r| Ok(number(&people, r, c, &people_path)?.unwrap_or(0.0)))
            .collect::<Result<Vec<f64>>>()
            .map(Some)
    };
    let in_degree = values("in_degree")?.unwrap_or_else(|| vec![0.0; n]);
    let out_degree = values("out_degree")?.unwrap_or_else(|| vec![0.0; n]);
    let flow_against = text("flow") == "against";
    let (received, given) = if flow_against {
        (out_degree.clone(), in_degree.clone())
    } else {
        (in_degree.clone(), out_degree.clone())
    };
    let hoarding_index = match people.header.iter().position(|h| h == "hoarding_index") {
        Some(c) => (0..n)
            .map(|r| number(&people, r, c, &people_path))
            .collect::<Result<Vec<_>>>()?,
        None => vec![None; n],
    };
    let (hoarders, hoarder_floor) = hoarder_flags(&received, &given);
    let brokerage = match people.header.iter().position(|h| h == "coordinator") {
        None => None,
        Some(_) => {
            let roles: Vec<Vec<f64>> = crate::analysis::brokerage::ROLES
                .iter()
                .map(|r| values(r).map(|v| v.unwrap_or_else(|| vec![0.0; n])))
                .collect::<Result<_>>()?;
            Some(
                (0..n)
                    .map(|v| std::array::from_fn(|k| roles[k][v] as u64))
                    .collect(),
            )
        }
    };
    let size_by = match values(wanted)? {
        Some(v) => (wanted.to_string(), v),
        None => ("in_degree".to_string(), in_degree.clone()),
    };

    let ties_path = dir.join("ties.csv");
    let index: FxHashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    // Ties stream straight into index pairs: no table of ten million records in memory.
    let mut ties = Vec::new();
    let mut unknown: Option<(u64, usize, String)> = None;
    let header = table_cols(
        dir,
        "ties.csv",
        &["source", "target"],
        &mut |line, cells| {
            // A file without both columns gives one cell: the header check below reports it.
            if unknown.is_none() && cells.len() == 2 {
                match (index.get(cells[0]), index.get(cells[1])) {
                    (Some(&a), Some(&b)) => ties.push((a, b)),
                    (a, _) => {
                        let k = usize::from(a.is_some());
                        unknown = Some((line, k, cells[k].to_string()));
                    }
                }
            }
            false
        },
    )?;
    let (src, tgt) = (
        column(&header, &ties_path, "source")?,
        column(&header, &ties_path, "target")?,
    );
    if src > tgt {
        // The cells came in the file's column order, target first.
        ties.iter_mut().for_each(|t| *t = (t.1, t.0));
    }
    if let Some((line, k, id)) = unknown {
        let name = &header.header[k];
        let file_header =
            super::text::RecordReader::new(&ties_path, super::text::open(&ties_path)?)?.header;
        let col = file_header.iter().position(|h| h == name).map(|c| c + 1);
        return Err(Error::input(
            &ties_path,
            line,
            col,
            format!("\"{id}\" is not in people.csv"),
        ));
    }

    let k = group_names.len();
    let boundary_path = dir.join("boundary.csv");
    let boundary = table(dir, "boundary.csv")?;
    let mut boundary_ties = vec![vec![0u64; k]; k];
    let mut boundary_density = vec![vec![None; k]; k];
    let g = |name: &str| group_names.binary_search(&name.to_string()).ok();
    let [from, to, ties_col, density] =
        ["from_group", "to_group", "ties", "density"].map(|c| column(&boundary, &boundary_path, c));
    let (from, to, ties_col, density) = (from?, to?, ties_col?, density?);
    for r in 0..boundary.records.len() {
        let rec = &boundary.records[r].1;
        if let (Some(a), Some(b)) = (g(&rec[from]), g(&rec[to])) {
            boundary_ties[a][b] =
                number(&boundary, r, ties_col, &boundary_path)?.unwrap_or(0.0) as u64;
            boundary_density[a][b] = number(&boundary, r, density, &boundary_path)?;
        }
    }
    let pairs_path = dir.join("pairs.csv");
    let pairs_t = table(dir, "pairs.csv")?;
    let stage_col = column(&pairs_t, &pairs_path, "stage")?;
    let net_col = column(&pairs_t, &pairs_path, "net_flow")?;
    let [ga, gb, ab, ba] =
        ["group_a", "group_b", "ties_ab", "ties_ba"].map(|c| column(&pairs_t, &pairs_path, c));
    let (ga, gb, ab, ba) = (ga?, gb?, ab?, ba?);
    let mut pairs = Vec::new();
    for r in 0..pairs_t.records.len() {
        let rec = &pairs_t.records[r].1;
        if let (Some(a), Some(b)) = (g(&rec[ga]), g(&rec[gb])) {
            pairs.push(PairInfo {
                a: a as u32,
                b: b as u32,
                ties_ab: number(&pairs_t, r, ab, &pairs_path)?.unwrap_or(0.0) as u64,
                ties_ba: number(&pairs_t, r, ba, &pairs_path)?.unwrap_or(0.0) as u64,
                net_flow: number(&pairs_t, r, net_col, &pairs_path)?,
                stage: Some(rec[stage_col].to_string()).filter(|s| !s.is_empty()),
            });
        }
    }
    let mut introductions = Vec::new();
    let intro_path = dir.join("introductions.csv");
    if intro_path.exists() {
        let t = read_table(&intro_path)?;
        let (ca, cb) = (
            column(&t, &intro_path, "person_a")?,
            column(&t, &intro_path, "person_b")?,
        );
        for (line, rec) in &t.records {
            let end = |k: usize| {
                index.get(&rec[k]).copied().ok_or_else(|| {
                    Error::input(
                        &intro_path,
                        *line,
                        Some(k + 1),
                        format!("\"{}\" is not in people.csv", &rec[k]),
                    )
                })
            };
            introductions.push((end(ca)?, end(cb)?));
        }
    }
    Ok(ChartData {
        dataset: text("dataset"),
        relation: text("relation"),
        analysed_on: text("analysed_on"),
        ids,
        group_of,
        group_names,
        group_word: text("group_word"),
        ties,
        flow_against,
        size_by,
        received,
        given,
        hoarding_index,
        hoarders,
        hoarder_floor,
        brokerage,
        reach_loss: values("reach_loss")?,
        boundary_ties,
        boundary_density,
        pairs,
        introductions,
    })
}
