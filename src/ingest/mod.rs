//! Ingest: from an edge list (and an optional roster) to a [`Dataset`].
//!
//! The edge list has a header row and the columns source, target, and optionally weight and
//! relation, under any of the usual names ([`SOURCE_NAMES`], ...). The roster (nodes file) has
//! an `id` column and attribute columns; one of them is the grouping attribute (`--group`).
//!
//! Rules (METRICS.md, "The graph that is analysed"): ties of the chosen relation(s) only;
//! people = roster rows in order, then ids first seen in those ties (source before target);
//! duplicate ties merge (weights add) and self-loops are dropped, both counted by
//! [`crate::graph::Graph::build`].

mod intern;
pub mod output_dir;
mod split;
pub mod text;

use std::path::Path;

use compact_str::CompactString;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::graph::{Graph, RawTie};

/// Header names accepted for the source column (case-insensitive; `_`, `-` and spaces ignored).
pub const SOURCE_NAMES: &[&str] = &[
    "source",
    "from",
    "ego",
    "sender",
    "respondent",
    "src",
    "tail",
    "i",
    "asker",
    "node1",
];
/// Header names accepted for the target column.
pub const TARGET_NAMES: &[&str] = &[
    "target",
    "to",
    "alter",
    "recipient",
    "receiver",
    "contact",
    "dst",
    "head",
    "j",
    "nominee",
    "node2",
];
/// Header names accepted for the weight column.
pub const WEIGHT_NAMES: &[&str] = &["weight", "strength", "frequency", "value", "count", "w"];
/// Header names accepted for the relation column.
pub const RELATION_NAMES: &[&str] = &["relation", "type", "tie_type", "question", "layer"];
/// Header names accepted for the roster's id column.
pub const ID_NAMES: &[&str] = &["id", "person_id", "node", "person", "employee_id", "key"];

/// Which relation(s) of the edge list to analyse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelationChoice {
    /// The only relation in the file (an error listing them when there are several).
    Only,
    /// One named relation.
    Named(String),
    /// All relations merged (weights add).
    All,
}

/// Column-name overrides and strictness for reading the inputs.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Source column name, when the header uses an unusual one.
    pub source_col: Option<String>,
    /// Target column name.
    pub target_col: Option<String>,
    /// Weight column name.
    pub weight_col: Option<String>,
    /// Relation column name.
    pub relation_col: Option<String>,
    /// Make ids in ties that are not in the roster an error instead of a warning.
    pub strict: bool,
    /// When set, a weight of 0 in the analysed relation(s) is an error; the text says why
    /// (e.g. "--path-weights distance (the weight is the tie's length)").
    pub positive_weights: Option<String>,
}

/// The ingested data: people with their group, and the ties of the chosen relation(s).
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Person ids: roster order, then ids first seen in ties.
    pub ids: Vec<String>,
    /// Group label of each person (`(none)` when the roster has no value).
    pub groups: Vec<String>,
    /// The ties of the analysed relation(s), before merging.
    pub ties: Vec<RawTie>,
    /// The analysed relation label (`advice`, or `all`).
    pub relation: String,
    /// The grouping attribute.
    pub group_attribute: String,
    /// Number of people in the roster (0 without one).
    pub roster_size: usize,
    /// Ids in ties that the roster does not list.
    pub unknown_ids: usize,
    /// Warnings for stderr.
    pub warnings: Vec<String>,
    /// Per person: did they answer the survey (None when the input was an edge list).
    pub responded: Option<Vec<bool>>,
    /// Wall seconds per step of reading, for `--timings`: the ties (with the roster read
    /// beside them; of that, merging the parts of the edge list), then numbering the people.
    /// Empty when the dataset was not read by [`Dataset::load`].
    pub timings: Vec<(&'static str, f64)>,
}

/// The group label of people with no value.
pub const NO_GROUP: &str = "(none)";

impl Dataset {
    /// Reads the edge list and optional roster, streaming both (a roster of up to
    /// [`ROSTER_HELD_BYTES`] is read whole): memory grows with the people and ties kept, not
    /// with the size of the files (limits: see [`text`]). A plain UTF-8 edge
    /// list is parsed on all threads, in parts ([`split`]); the result is the same.
    pub fn load(
        edges: &Path,
        nodes: Option<&Path>,
        group: &str,
        relation: &RelationChoice,
        opts: &IngestOptions,
    ) -> Result<Dataset> {
        // The roster is read on one thread while the edge list's parts take the others.
        let start = std::time::Instant::now();
        let (roster, parallel) = rayon::join(
            || match nodes {
                Some(p) => read_roster_file(p, group).map(Some),
                None => Ok(None),
            },
            || {
                // Regular files only: the one-pass reader must be able to read it again.
                let file = std::fs::File::open(edges).ok()?;
                if !file.metadata().ok()?.is_file() {
                    return None;
                }
                split::read_ties(edges, &file, split::Split::for_this_machine(), opts)
            },
        );
        let roster = roster?;
        let ties = match parallel {
            Some(ties) => ties,
            None => {
                let mut reader = text::RecordReader::new(edges, text::open(edges)?)?;
                read_ties(edges, &mut reader, opts)?
            }
        };
        let read = start.elapsed().as_secs_f64();
        let merge = ties.merge_seconds;
        let mut dataset = build_dataset(edges, ties, roster, group, relation, opts)?;
        dataset.timings = vec![
            ("roster and ties", read),
            ("of which merging the parts", merge),
            ("numbering", start.elapsed().as_secs_f64() - read),
        ];
        Ok(dataset)
    }

    /// [`Dataset::load`] on contents already in memory: each file as (name used in messages,
    /// bytes). The result is the same as reading the files; for tests and fuzzing.
    pub fn parse(
        edges: (&Path, &[u8]),
        nodes: Option<(&Path, &[u8])>,
        group: &str,
        relation: &RelationChoice,
        opts: &IngestOptions,
    ) -> Result<Dataset> {
        let split = Some(split::Split::for_this_machine());
        Dataset::parse_with(edges, nodes, group, relation, opts, split)
    }

    /// [`Dataset::parse`], cutting the edge list as `split` says (None: one sequential pass).
    fn parse_with(
        edges: (&Path, &[u8]),
        nodes: Option<(&Path, &[u8])>,
        group: &str,
        relation: &RelationChoice,
        opts: &IngestOptions,
        split: Option<split::Split>,
    ) -> Result<Dataset> {
        fn stream<'a>(path: &Path, bytes: &'a [u8]) -> Result<text::RecordReader<'a>> {
            text::RecordReader::new(
                path,
                text::decode_stream(path, std::io::Cursor::new(bytes))?,
            )
        }
        let roster = match nodes {
            Some((p, bytes)) => Some(read_roster_bytes(p, bytes, group)?),
            None => None,
        };
        let parallel = split.and_then(|s| split::read_ties(edges.0, edges.1, s, opts));
        let ties = match parallel {
            Some(ties) => ties,
            None => read_ties(edges.0, &mut stream(edges.0, edges.1)?, opts)?,
        };
        build_dataset(edges.0, ties, roster, group, relation, opts)
    }

    /// Builds the analysed graph (consumes the dataset).
    pub fn into_graph(self) -> Graph {
        Graph::build(self.ids, &self.groups, self.ties)
    }
}

struct Roster {
    ids: Vec<String>,
    groups: Vec<String>,
    /// The ids, interned ([`intern`]).
    index: intern::Interner,
    /// Per number of `index`: its row (its place in `ids`).
    row_of: Vec<u32>,
}

/// Rosters up to this size are read whole ([`read_roster_bytes`]); larger ones are streamed.
const ROSTER_HELD_BYTES: u64 = 256 << 20;

/// Reads the roster `path`: a regular file of at most [`ROSTER_HELD_BYTES`] held whole in
/// memory ([`read_roster_bytes`]); any other is streamed by the [`text::RecordReader`], which
/// also gives the error for a file that cannot be opened.
fn read_roster_file(path: &Path, group: &str) -> Result<Roster> {
    let held = std::fs::metadata(path).ok();
    match held.filter(|m| m.is_file() && m.len() <= ROSTER_HELD_BYTES) {
        Some(_) => match std::fs::read(path) {
            Ok(bytes) => read_roster_bytes(path, &bytes, group),
            Err(e) => Err(text::open_error(path, e)),
        },
        None => read_roster(
            text::RecordReader::new(path, text::open(path)?)?,
            None,
            group,
        ),
    }
}

/// Reads the roster `path`, whose contents are `bytes`: parsed straight from them when they
/// are plain text ([`split::plain_body`]), else, and on any error there, streamed by the
/// [`text::RecordReader`], which gives the error with its line and column.
fn read_roster_bytes(path: &Path, bytes: &[u8], group: &str) -> Result<Roster> {
    let plain = split::plain_body(path, bytes)
        .and_then(|(header, rows)| read_roster(header, Some(rows), group).ok());
    match plain {
        Some(roster) => Ok(roster),
        None => {
            let text = text::decode_stream(path, std::io::Cursor::new(bytes))?;
            read_roster(text::RecordReader::new(path, text)?, None, group)
        }
    }
}

/// The roster whose header `table` has read; its rows are `plain`'s, or else `table`'s.
fn read_roster(
    mut table: text::RecordReader<'_>,
    plain: Option<text::PlainRows<'_>>,
    group: &str,
) -> Result<Roster> {
    let path = table.path().to_path_buf();
    let path = path.as_path();
    let header_line = table.header_line();
    let id_col = table.find_column(ID_NAMES).ok_or_else(|| {
        Error::input(
            path,
            header_line,
            None,
            format!(
                "no id column in the header ({}); name the column of person ids `id`",
                text::column_list(&table.header)
            ),
        )
    })?;
    let group_col = table
        .header
        .iter()
        .position(|h| h.eq_ignore_ascii_case(group))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: no column `{}` to group people by; the columns are: {}; choose one with --group",
                path.display(),
                text::shown(group),
                text::column_list(&table.header)
            ))
        })?;
    let (mut ids, mut groups, mut lines) = (Vec::new(), Vec::new(), Vec::<u64>::new());
    let (mut plain, mut streamed) = (plain, None);
    let rows: &mut dyn text::Rows = match &mut plain {
        Some(p) => {
            // The rows a held roster can have: no vector grows while it is read.
            let rows = p.rows_at_most();
            ids.reserve(rows);
            groups.reserve(rows);
            lines.reserve(rows);
            p
        }
        None => streamed.insert(text::Streamed::new(&mut table)),
    };
    // Ids are interned in batches as the edge list's are ([`intern`]); the checks for a repeated
    // id follow, row by row, so that the first problem in the file is the one reported.
    let (mut index, mut batch) = (intern::Interner::default(), intern::Batch::default());
    batch.reserve(ids.capacity()); // one lookup a row
    let (mut numbers, mut out) = (Vec::with_capacity(ids.capacity()), Vec::new());
    let mut read = || -> Result<()> {
        while let Some(line) = rows.next_row()? {
            let id = rows.cell(id_col)?;
            if id.is_empty() {
                return Err(empty_roster_id(path, line, id_col));
            }
            let g = rows.cell(group_col)?;
            // Queued only once the row has read without error: `numbers` and `ids` stay in step.
            batch.push(id, line);
            ids.push(id.to_string());
            groups.push(if g.is_empty() { NO_GROUP } else { g }.to_string());
            lines.push(line);
            if batch.is_full() {
                index.resolve(&mut batch, &mut out);
                numbers.extend_from_slice(&out);
            }
        }
        Ok(())
    };
    let read = read();
    index.resolve(&mut batch, &mut out);
    numbers.extend_from_slice(&out);
    // Per number: its row.
    let mut row_of = vec![u32::MAX; index.len()];
    for (row, &k) in numbers.iter().enumerate() {
        let first = &mut row_of[k as usize];
        if *first != u32::MAX {
            let first = lines[*first as usize];
            return Err(roster_id_twice(path, lines[row], id_col, &ids[row], first));
        }
        *first = row as u32;
    }
    read?;
    Ok(Roster {
        ids,
        groups,
        index,
        row_of,
    })
}

/// The error for an empty id on `line` of the roster `path` (id in column `col`, from 0).
fn empty_roster_id(path: &Path, line: u64, col: usize) -> Error {
    Error::input(
        path,
        line,
        Some(col + 1),
        "the id is empty; every roster row needs an id",
    )
}

/// The error for `id`, on `line` of the roster `path`, listed before on line `first`.
fn roster_id_twice(path: &Path, line: u64, col: usize, id: &str, first: u64) -> Error {
    Error::input(
        path,
        line,
        Some(col + 1),
        format!(
            "id \"{}\" is listed twice (first on line {first}); remove or rename one row",
            text::shown(id)
        ),
    )
}

/// Checks one roster id and adds it to `seen`: not empty, not seen before. `seen` maps each
/// id to its row (0 for the first row checked, and so on); `line_of` gives a row's line.
/// For the survey importer; the roster of `analyze` ([`read_roster`]) gives the same errors.
pub(crate) fn check_roster_id(
    path: &Path,
    line: u64,
    col: usize,
    id: &str,
    seen: &mut FxHashMap<CompactString, u32>,
    line_of: impl Fn(u32) -> u64,
) -> Result<()> {
    if id.is_empty() {
        return Err(empty_roster_id(path, line, col));
    }
    let row = seen.len() as u32;
    if let Some(first) = seen.insert(id.into(), row) {
        return Err(roster_id_twice(path, line, col, id, line_of(first)));
    }
    Ok(())
}

fn resolve(
    path: &Path,
    table: &text::RecordReader<'_>,
    given: &Option<String>,
    names: &[&str],
    flag: &str,
) -> Result<Option<usize>> {
    match given {
        Some(name) => table
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .map(Some)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{}: {flag} {name}: no such column; the columns are: {}",
                    path.display(),
                    crate::ingest::text::column_list(&table.header)
                ))
            }),
        None => Ok(table.find_column(names)),
    }
}

fn parse_weight(cell: &str, delimiter: u8) -> Option<f64> {
    let s = text::trim_cell(cell);
    if s.is_empty() {
        return Some(1.0);
    }
    // Most weights are small whole numbers, read here without the float parser; exact, as
    // 15 digits stay below 2^53.
    if s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64);
    }
    let parsed = s.parse::<f64>().ok().or_else(|| {
        // Excel in many European locales writes decimal commas with `;` delimiters.
        (delimiter != b',' && s.matches(',').count() == 1)
            .then(|| s.replace(',', ".").parse::<f64>().ok())
            .flatten()
    })?;
    Some(parsed)
}

/// The columns of the edge list, found from its header.
#[derive(Debug, Clone)]
struct Columns {
    header: Vec<String>,
    delimiter: u8,
    source: usize,
    target: usize,
    weight: Option<usize>,
    relation: Option<usize>,
}

impl Columns {
    fn find(path: &Path, table: &text::RecordReader<'_>, opts: &IngestOptions) -> Result<Columns> {
        let missing = |what: &str, names: &[&str], flag: &str, header: &[String]| {
            Error::input(
                path,
                1,
                None,
                format!(
                    "no {what} column in the header ({}); name it `{}` (or {}), or pass {flag} COLUMN",
                    crate::ingest::text::column_list(header),
                    names[0],
                    names[1..4].join(", "),
                ),
            )
        };
        let source = resolve(path, table, &opts.source_col, SOURCE_NAMES, "--source-col")?
            .ok_or_else(|| missing("source", SOURCE_NAMES, "--source-col", &table.header))?;
        let target = resolve(path, table, &opts.target_col, TARGET_NAMES, "--target-col")?
            .ok_or_else(|| missing("target", TARGET_NAMES, "--target-col", &table.header))?;
        if source == target {
            return Err(Error::Usage(format!(
                "{}: source and target are the same column `{}`; pass --source-col and --target-col",
                path.display(),
                table.header[source]
            )));
        }
        let weight = resolve(path, table, &opts.weight_col, WEIGHT_NAMES, "--weight-col")?;
        let relation = resolve(
            path,
            table,
            &opts.relation_col,
            RELATION_NAMES,
            "--relation-col",
        )?;
        Ok(Columns {
            header: table.header.clone(),
            delimiter: table.delimiter,
            source,
            target,
            weight,
            relation,
        })
    }
}

/// The ties of an edge list, or of one part of it ([`split`]), with ids and relations
/// interned. `rows` hold numbers of `ids` and indices into `relations`.
#[derive(Debug, Default)]
struct Chunk {
    rows: Vec<RawTie>,
    ids: intern::Interner,
    /// Ids numbered before this chunk's own: those of the interner its ids were looked up in
    /// first ([`intern::Interner::resolve_after`]), 0 if none. A row's id below this is that
    /// interner's number, any other this chunk's own number plus this.
    known: u32,
    relations: Vec<String>,
    relation_index: FxHashMap<String, u32>,
    /// Per relation: the first row with weight 0 (line, column, cell), when weights must be > 0.
    first_zero: Vec<Option<(u64, usize, String)>>,
    /// Wall seconds spent appending the chunks of later parts ([`Chunk::append_all`]).
    merge_seconds: f64,
}

impl Chunk {
    fn relation(&mut self, rel: &str) -> u32 {
        if let Some(&k) = self.relation_index.get(rel) {
            return k;
        }
        let k = self.relations.len() as u32;
        self.relations.push(rel.to_string());
        self.relation_index.insert(rel.to_string(), k);
        self.first_zero.push(None);
        k
    }

    /// Appends the chunks of the parts of the file that follow this one, in file order: the
    /// result is the chunk the whole would have given (each id with its first line, relations
    /// in order of first appearance, the first zero weight of each relation). The ids are
    /// merged bucket by bucket and the rows renumbered on all threads ([`intern::Interner::absorb`]).
    /// Returns the later chunks' row vectors, emptied, for the next block's parts to fill, so
    /// that only the first block's parts write rows into fresh pages. Chunks whose ids were
    /// looked up in `self`'s first ([`Chunk::known`]) hold only the ids new to `self`.
    fn append_all(&mut self, later: Vec<Chunk>) -> Vec<Vec<RawTie>> {
        let clock = std::time::Instant::now();
        let mut interners = Vec::with_capacity(later.len());
        let mut rest = Vec::with_capacity(later.len());
        for chunk in later {
            interners.push(chunk.ids);
            rest.push((chunk.rows, chunk.relations, chunk.first_zero, chunk.known));
        }
        let base = self.ids.len();
        let maps = self.ids.absorb(interners);
        let mut jobs = Vec::with_capacity(rest.len());
        for ((rows, relations, first_zero, known), ids) in rest.into_iter().zip(maps) {
            let rels: Vec<u32> = relations.iter().map(|r| self.relation(r)).collect();
            for (k, zero) in first_zero.into_iter().enumerate() {
                let slot = &mut self.first_zero[rels[k] as usize];
                if slot.is_none() {
                    *slot = zero;
                }
            }
            jobs.push((rows, ids, rels, known));
        }
        // Each part's rows renumbered on all threads, written straight into the appended
        // rows' spare capacity (no zero-filled copy first).
        let added: usize = jobs.iter().map(|(rows, ..)| rows.len()).sum();
        self.rows.reserve_exact(added);
        let mut emptied = Vec::with_capacity(jobs.len());
        for (mut rows, ids, rels, known) in jobs {
            debug_assert!(
                known == 0 || known as usize == base,
                "looked up in these ids"
            );
            let id = |k: u32| {
                if k < known {
                    k
                } else {
                    ids[(k - known) as usize]
                }
            };
            self.rows.par_extend(rows.par_iter().map(|t| RawTie {
                source: id(t.source),
                target: id(t.target),
                weight: t.weight,
                relation: rels[t.relation as usize],
            }));
            rows.clear();
            emptied.push(rows);
        }
        self.merge_seconds += clock.elapsed().as_secs_f64();
        emptied
    }
}

/// Reads the ties of `table` (the whole edge list, or a part of it) into a [`Chunk`]: one
/// streaming pass, nothing kept per row but its four numbers, no allocation per row. Ids are
/// queued and resolved in batches of `batch_size` lookups ([`intern`]); the rows of a batch
/// hold places in the queue until it is resolved. `rows_at_most` sizes the queues; the rows are
/// written into `room` (emptied here), memory lent by an earlier part, cut to `rows_at_most`
/// rows when it holds more (so that a short last block does not keep a long block's pages).
fn read_chunk(
    path: &Path,
    rows: &mut impl text::Rows,
    cols: &Columns,
    opts: &IngestOptions,
    (batch_size, rows_at_most): (usize, usize),
    mut room: Vec<RawTie>,
    known: Option<&intern::Interner>,
) -> Result<Chunk> {
    room.clear();
    room.shrink_to(rows_at_most);
    let mut chunk = Chunk {
        rows: room,
        known: known.map_or(0, |k| k.len() as u32),
        ..Chunk::default()
    };
    // Per end (source, target): the last id queued (compared by its key, or with its text in
    // the batch's queue, not a copy); the last relation and its index.
    let mut last: [Option<intern::Queued>; 2] = [None; 2];
    let mut batch = intern::Batch::with_limit(batch_size);
    batch.reserve(rows_at_most.saturating_mul(2)); // a source and a target a row at most
    let mut out = Vec::new();
    // The first row whose ids are queued in `batch`.
    let mut batch_rows = 0;
    let mut resolve = |chunk: &mut Chunk, batch: &mut intern::Batch, batch_rows: &mut usize| {
        chunk.ids.resolve_after(known, batch, &mut out);
        for t in &mut chunk.rows[*batch_rows..] {
            t.source = out[t.source as usize];
            t.target = out[t.target as usize];
        }
        *batch_rows = chunk.rows.len();
    };
    let mut last_relation: Option<(String, u32)> = None;
    while let Some(line) = rows.next_row()? {
        let rel = match cols.relation {
            None => "",
            Some(c) => rows.cell(c)?,
        };
        let relation_k = match &last_relation {
            Some((r, k)) if r == rel => *k,
            _ => {
                let k = chunk.relation(rel);
                last_relation = Some((rel.to_string(), k));
                k
            }
        };
        let mut ends = [0u32; 2];
        for (slot, col) in [cols.source, cols.target].into_iter().enumerate() {
            let id = rows.cell(col)?;
            if id.is_empty() {
                return Err(Error::input(
                    path,
                    line,
                    Some(col + 1),
                    format!(
                        "{} is empty; every tie needs both a source and a target",
                        text::shown(&cols.header[col])
                    ),
                )
                .with_detail(rows.as_read()));
            }
            // Edge lists usually come grouped by respondent: the source repeats row after row,
            // and is then not queued again.
            let key = intern::Key::of(id);
            let queued = match last[slot] {
                Some(q) if batch.holds(q, &key) => q,
                _ => batch.push_key(key, line),
            };
            last[slot] = Some(queued);
            ends[slot] = queued.place;
        }
        let weight = match cols.weight {
            None => 1.0,
            Some(c) => {
                let raw = rows.cell(c)?;
                match parse_weight(raw, cols.delimiter) {
                    Some(w) if w.is_finite() && w >= 0.0 => w,
                    Some(_) => {
                        return Err(Error::input(
                            path,
                            line,
                            Some(c + 1),
                            format!(
                                "weight \"{}\" must be a finite number ≥ 0 (weights are tie strengths)", text::shown(raw)
                            ),
                        )
                        .with_detail(rows.as_read()))
                    }
                    None => {
                        return Err(Error::input(
                            path,
                            line,
                            Some(c + 1),
                            format!(
                                "weight \"{}\" is not a number; use numbers (e.g. 1, 2.5), or map answer labels to numbers first", text::shown(raw)
                            ),
                        )
                        .with_detail(rows.as_read()))
                    }
                }
            }
        };
        if weight == 0.0 && opts.positive_weights.is_some() {
            let slot = &mut chunk.first_zero[relation_k as usize];
            if slot.is_none() {
                let c = cols
                    .weight
                    .expect("a weight of 0 comes from the weight column");
                *slot = Some((line, c + 1, rows.cell(c)?.to_string()));
            }
        }
        chunk.rows.push(RawTie {
            source: ends[0],
            target: ends[1],
            weight,
            relation: relation_k,
        });
        if batch.is_full() {
            resolve(&mut chunk, &mut batch, &mut batch_rows);
            last = [None; 2];
        }
    }
    resolve(&mut chunk, &mut batch, &mut batch_rows);
    Ok(chunk)
}

/// Reads the ties of the edge list `path` streamed from `table`, in one sequential pass.
fn read_ties(
    path: &Path,
    table: &mut text::RecordReader<'_>,
    opts: &IngestOptions,
) -> Result<Chunk> {
    let cols = Columns::find(path, table, opts)?;
    read_chunk(
        path,
        &mut text::Streamed::new(table),
        &cols,
        opts,
        (intern::BATCH, 0),
        Vec::new(),
        None,
    )
}

/// From the ties read to the dataset: the relation(s) chosen, people numbered (roster first),
/// warnings.
fn build_dataset(
    path: &Path,
    ties: Chunk,
    roster: Option<Roster>,
    group: &str,
    relation: &RelationChoice,
    opts: &IngestOptions,
) -> Result<Dataset> {
    let Chunk {
        rows,
        ids: interned,
        known,
        relations,
        relation_index: _,
        merge_seconds: _,
        first_zero,
    } = ties;
    debug_assert_eq!(known, 0, "a whole file's ids are its own");

    let list = |rels: &[String]| {
        rels.iter()
            .map(|r| {
                if r.is_empty() {
                    "(unnamed)"
                } else {
                    r.as_str()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (wanted, relation_label): (Option<u32>, String) = match relation {
        RelationChoice::All => (None, "all".to_string()),
        RelationChoice::Named(name) => match relations.iter().position(|r| r == name) {
            Some(k) => (Some(k as u32), name.clone()),
            None => {
                return Err(Error::Usage(format!(
                    "{}: no ties of relation `{name}`; the relations are: {}; pass one of them or --relation all",
                    path.display(),
                    list(&relations)
                )))
            }
        },
        RelationChoice::Only => match relations.len() {
            0 | 1 => (None, relations.first().cloned().unwrap_or_default()),
            _ => {
                return Err(Error::Usage(format!(
                    "{}: the file holds {} relations ({}); choose one with --relation NAME, or merge them with --relation all",
                    path.display(),
                    relations.len(),
                    list(&relations)
                )))
            }
        },
    };

    if let Some(reason) = &opts.positive_weights {
        let zero = first_zero
            .iter()
            .enumerate()
            .filter(|(k, _)| wanted.is_none_or(|w| w as usize == *k))
            .filter_map(|(_, z)| z.as_ref())
            .min_by_key(|z| z.0);
        if let Some((line, col, raw)) = zero {
            return Err(Error::input(
                path,
                *line,
                Some(*col),
                format!(
                    "weight \"{raw}\" must be positive with {reason}; fix or drop the tie, or count hops with --path-weights none"
                ),
            ));
        }
    }

    // People: the roster in order, then ids first seen in ties of the analysed relation(s).
    const UNSET: u32 = u32::MAX;
    let (mut ids, mut groups, mut node_of) = match roster {
        Some(r) => {
            let mut node_of = interned.numbers_in(&r.index);
            drop(r.index);
            for k in node_of.iter_mut().filter(|k| **k != UNSET) {
                *k = r.row_of[*k as usize];
            }
            (r.ids, r.groups, node_of)
        }
        None => (Vec::new(), Vec::new(), vec![UNSET; interned.len()]),
    };
    let roster_size = ids.len();
    // The ties of the analysed relation(s), renumbered in place: no second copy of the list.
    let mut ties = rows;
    ties.retain(|t| wanted.is_none_or(|k| k == t.relation));
    let mut unknown = 0usize;
    let mut first_unknown: Option<(String, u64)> = None;
    if !node_of.contains(&UNSET) {
        // Everyone is in the roster (the usual case): no one to number in order of first
        // appearance, so the ties are renumbered on all threads.
        ties.par_iter_mut().for_each(|tie| {
            tie.source = node_of[tie.source as usize];
            tie.target = node_of[tie.target as usize];
        });
    } else {
        let names = interned.names();
        let first_line = &interned.first_line;
        for tie in ties.iter_mut() {
            for end in [&mut tie.source, &mut tie.target] {
                let name = *end as usize;
                if node_of[name] == UNSET {
                    node_of[name] = ids.len() as u32;
                    ids.push(names[name].to_string());
                    groups.push(NO_GROUP.to_string());
                    if roster_size > 0 {
                        unknown += 1;
                        first_unknown
                            .get_or_insert_with(|| (names[name].to_string(), first_line[name]));
                    }
                }
                *end = node_of[name];
            }
        }
    }
    ties.shrink_to_fit();

    let mut warnings = Vec::new();
    if let Some((id, line)) = first_unknown {
        if opts.strict {
            return Err(Error::input(
                path,
                line,
                None,
                format!(
                    "id \"{}\" is not in the roster ({unknown} such ids); add them to the roster, or drop --strict", text::shown(&id)
                ),
            ));
        }
        warnings.push(format!(
            "{}: {unknown} id(s) in ties are not in the roster (first: \"{}\" on line {line}); \
             they are analysed in group {NO_GROUP}",
            path.display(),
            text::shown(&id)
        ));
    }
    if roster_size == 0 {
        warnings.push(format!(
            "no roster (--nodes): every person is in group {NO_GROUP}, so group measures are trivial"
        ));
    }
    if ties.is_empty() {
        warnings.push(format!("{}: no ties to analyse", path.display()));
    }
    Ok(Dataset {
        ids,
        groups,
        ties,
        relation: relation_label,
        group_attribute: group.to_string(),
        roster_size,
        unknown_ids: unknown,
        warnings,
        responded: None,
        timings: Vec::new(),
    })
}

impl Dataset {
    /// The dataset of an imported survey export (`analyze --roster`): the roster's people in
    /// order, their groups, and the ties of the chosen relation(s).
    pub fn from_imported(
        im: crate::import::Imported,
        relation: &RelationChoice,
        group_attribute: &str,
        source: &Path,
    ) -> Result<Dataset> {
        let index: FxHashMap<&str, u32> = im
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i as u32))
            .collect();
        let mut relations: Vec<&str> = Vec::new();
        for t in &im.ties {
            if !relations.contains(&t.relation.as_str()) {
                relations.push(&t.relation);
            }
        }
        let (wanted, label): (Option<&str>, String) = match relation {
            RelationChoice::All => (None, "all".into()),
            RelationChoice::Named(name) => {
                if !relations.contains(&name.as_str()) {
                    return Err(Error::Usage(format!(
                        "{}: no answers for relation `{name}`; the relations are: {}; pass one of them or --relation all",
                        source.display(),
                        relations.join(", ")
                    )));
                }
                (Some(name.as_str()), name.clone())
            }
            RelationChoice::Only if relations.len() > 1 => {
                return Err(Error::Usage(format!(
                    "{}: the export holds {} relations ({}); choose one with --relation NAME, or merge them with --relation all",
                    source.display(),
                    relations.len(),
                    relations.join(", ")
                )))
            }
            RelationChoice::Only => (None, relations.first().copied().unwrap_or("").to_string()),
        };
        let ties = im
            .ties
            .iter()
            .filter(|t| wanted.is_none_or(|w| w == t.relation))
            .map(|t| RawTie {
                source: index[t.source.as_str()],
                target: index[t.target.as_str()],
                weight: t.weight,
                relation: relations.iter().position(|r| *r == t.relation).unwrap_or(0) as u32,
            })
            .collect::<Vec<_>>();
        let mut warnings = Vec::new();
        if !im.unmatched.is_empty() {
            warnings.push(format!(
                "{}: {} answer(s) could not be matched to the roster and were left out; \
                 `grapevine import` lists them with the closest roster entries",
                source.display(),
                im.unmatched.len()
            ));
        }
        Ok(Dataset {
            ids: im.people.iter().map(|p| p.id.clone()).collect(),
            groups: im.people.iter().map(|p| p.group.clone()).collect(),
            roster_size: im.people.len(),
            ties,
            relation: label,
            group_attribute: group_attribute.to_string(),
            unknown_ids: 0,
            warnings,
            responded: Some(im.responded),
            timings: Vec::new(),
        })
    }
}

/// A short name for a dataset read from `edges`: its folder's name when the file is called
/// `edges.*` (as in `datasets/<name>/edges.csv`), else the file stem.
pub fn dataset_name(edges: &Path) -> String {
    let stem = edges
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into());
    if stem.eq_ignore_ascii_case("edges") {
        if let Some(parent) = edges
            .canonicalize()
            .ok()
            .as_deref()
            .and_then(Path::parent)
            .and_then(Path::file_name)
        {
            return parent.to_string_lossy().into_owned();
        }
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str, relation: RelationChoice) -> Result<Dataset> {
        Dataset::parse(
            (Path::new("e.csv"), text.as_bytes()),
            None,
            "org",
            &relation,
            &IngestOptions::default(),
        )
    }

    #[test]
    fn aliases_weights_and_order() {
        let d = load("From;To;Strength\nb;a;2,5\na;c;\n", RelationChoice::Only).unwrap();
        assert_eq!(d.ids, vec!["b", "a", "c"]);
        assert_eq!(d.ties.len(), 2);
        assert_eq!(d.ties[0].weight, 2.5);
        assert_eq!(d.ties[1].weight, 1.0);
    }

    #[test]
    fn relations_choice() {
        let text = "source,target,relation\na,b,advice\nb,c,friendship\n";
        let e = load(text, RelationChoice::Only).unwrap_err().to_string();
        assert!(
            e.contains("advice, friendship") && e.contains("--relation all"),
            "{e}"
        );
        let d = load(text, RelationChoice::Named("friendship".into())).unwrap();
        assert_eq!(d.ids, vec!["b", "c"]);
        let d = load(text, RelationChoice::All).unwrap();
        assert_eq!(d.ties.len(), 2);
        assert!(load(text, RelationChoice::Named("x".into())).is_err());
    }

    #[test]
    fn plain_rosters_read_as_streamed_ones() {
        let text = "id,org,role\na,O1,x\n\"b, jr\",\"O 2\",y\n c ,,z\n,,\né,O1,w".as_bytes();
        let path = Path::new("n.csv");
        let (header, rows) = split::plain_body(path, text).expect("plain text");
        let fast = read_roster(header, Some(rows), "org").expect("a good roster");
        let stream = text::decode_stream(path, std::io::Cursor::new(text)).expect("UTF-8");
        let header = text::RecordReader::new(path, stream).expect("a header");
        let slow = read_roster(header, None, "org").expect("a good roster");
        assert_eq!(fast.ids, ["a", "b, jr", "c", "é"]);
        assert_eq!(fast.groups, ["O1", "O 2", NO_GROUP, "O1"]);
        assert_eq!((&fast.ids, &fast.groups), (&slow.ids, &slow.groups));
        for r in [&fast, &slow] {
            let names = r.index.names();
            assert_eq!(names.len(), 4);
            for (k, &row) in r.row_of.iter().enumerate() {
                assert_eq!(names[k], r.ids[row as usize]);
            }
        }
        // A roster the fast path refuses (a duplicate) gives the streamed reader's error.
        let twice = b"id,org\na,x\nb,y\na,z\n";
        let err = read_roster_bytes(path, twice, "org")
            .err()
            .expect("an error");
        assert!(
            err.to_string().contains("listed twice (first on line 2)"),
            "{err}"
        );
    }

    #[test]
    fn a_roster_reports_its_first_problem() {
        // Ids are checked for repeats after they are read; the first problem in the file is
        // still the one reported, whichever comes first.
        let path = Path::new("n.csv");
        for (text, wanted) in [
            (
                &b"id,org\na,x\nb,y\nb,z\n,w\n"[..],
                "n.csv:4: id \"b\" is listed twice (first on line 3)",
            ),
            (b"id,org\na,x\n,w\nb,y\nb,z\n", "n.csv:3: the id is empty"),
            (
                b"id,org\na,x\nc,y\nd,y\nc,z\na,v\n",
                "n.csv:5: id \"c\" is listed twice (first on line 3)",
            ),
        ] {
            let err = read_roster_bytes(path, text, "org")
                .err()
                .expect("an error");
            assert!(err.to_string().starts_with(wanted), "{err}");
        }
    }

    #[test]
    fn whole_weights_read_as_the_float_parser_reads_them() {
        for cell in [
            "0",
            "1",
            "007",
            "42",
            "999999999999999",
            "9007199254740993",
            " 3 ",
        ] {
            let expected: f64 = cell.trim().parse().expect("a number");
            assert_eq!(parse_weight(cell, b','), Some(expected), "{cell:?}");
        }
        assert_eq!(parse_weight("", b','), Some(1.0));
        assert_eq!(parse_weight("+2", b','), Some(2.0));
        assert_eq!(parse_weight("2,5", b';'), Some(2.5));
        assert_eq!(parse_weight("2,5", b','), None);
        assert_eq!(parse_weight("1x", b','), None);
    }

    #[test]
    fn bad_weights_name_line_and_column() {
        let e = load(
            "source,target,weight\na,b,1\na,c,high\n",
            RelationChoice::Only,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("e.csv:3: weight \"high\" is not a number"),
            "{e}"
        );
        assert!(e.ends_with("(column 3)"), "{e}");
        let e = load("source,target,weight\na,b,NaN\n", RelationChoice::Only)
            .unwrap_err()
            .to_string();
        assert!(e.contains("finite"), "{e}");
        let e = load("source,target\na,\n", RelationChoice::Only)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("e.csv:2: target is empty"), "{e}");
        let e = load("x,y\na,b\n", RelationChoice::Only)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no source column"), "{e}");
    }
}
