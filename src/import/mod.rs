//! Import: from a survey export as consultants receive it to the canonical edge list.
//!
//! ```text
//!  RESPONSES (CSV any encoding, or XLSX) ─sheet─▶ Table ─long / wide / matrix─▶ answers
//!  ROSTER ─roster─▶ Roster (id, name, e-mail, group; hash indices)
//!  answers × Roster ─match, scale, min-weight─▶ Imported { ties, unmatched, stats }
//!        ─▶ EDGES.csv (source,target,weight,relation) + EDGES.unmatched.csv + summary on stderr
//! ```
//!
//! Rules: every respondent must be in the roster (else an error listing them); every answer is
//! matched by id, e-mail or normalised name, and an answer that is ambiguous, unknown or names
//! the respondent goes to the unmatched report with the most similar roster entries, never
//! guessed; strengths are numbers or `--scale` labels; zero-weight answers and answers below
//! `--min-weight` are not ties; a person named twice by the same respondent for the same
//! question gives one tie with the larger weight. The roster defines the people: non-respondents
//! are kept, and [`response_rates`] gives the response rate per group.

pub mod long;
pub mod matrix;
pub mod roster;
pub mod scale;
pub mod sheet;
pub mod wide;

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::cli::{FormatArg, ImportArgs};
use crate::error::{Error, Result};
use crate::ingest::text::Table;
pub use roster::{Match, MatchKind, Person, Roster, RosterColumns};
pub use scale::{Scale, Strength};

/// Header names of the respondent column (wide and long layouts), in order of preference.
pub const RESPONDENT_NAMES: &[&str] = &[
    "respondent",
    "respondent id",
    "respondent email",
    "respondent name",
    "ego",
    "source",
    "from",
    "id",
    "person id",
    "employee id",
    "email",
    "email address",
    "e-mail",
    "e-mail address",
    "name",
    "full name",
    "your name",
];

/// The relation name used when the file names none and `--relation` is not given.
pub const DEFAULT_RELATION: &str = "tie";

/// The layout of a survey export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Detect: matrix, then wide, then long.
    Auto,
    /// One row per answer.
    Long,
    /// One row per respondent, numbered contact columns.
    Wide,
    /// Person × person grid.
    Matrix,
}

impl Format {
    /// The lower-case name (`long`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Format::Auto => "auto",
            Format::Long => "long",
            Format::Wide => "wide",
            Format::Matrix => "matrix",
        }
    }
}

/// Everything [`import`] needs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The survey export (CSV/TSV in any supported encoding, or a spreadsheet).
    pub responses: PathBuf,
    /// The roster.
    pub roster: PathBuf,
    /// Roster columns (detected from the header when `None`).
    pub roster_columns: RosterColumns,
    /// The layout.
    pub format: Format,
    /// For a file that names no relation (matrix, long without a relation column): its name
    /// (default [`DEFAULT_RELATION`]). For a file with named relations: keep only this one.
    pub relation: Option<String>,
    /// Labels → weights.
    pub scale: Option<Scale>,
    /// Drop ties whose weight is below this.
    pub min_weight: Option<f64>,
    /// Respondent column (wide and long).
    pub respondent_col: Option<String>,
    /// Contact column (long).
    pub contact_col: Option<String>,
    /// Strength column (long).
    pub strength_col: Option<String>,
    /// Relation column (long).
    pub relation_col: Option<String>,
    /// Sheet of a workbook (default: the first).
    pub sheet: Option<String>,
}

impl ImportOptions {
    /// Options with every choice left to detection.
    pub fn new(responses: impl Into<PathBuf>, roster: impl Into<PathBuf>) -> ImportOptions {
        ImportOptions {
            responses: responses.into(),
            roster: roster.into(),
            roster_columns: RosterColumns::default(),
            format: Format::Auto,
            relation: None,
            scale: None,
            min_weight: None,
            respondent_col: None,
            contact_col: None,
            strength_col: None,
            relation_col: None,
            sheet: None,
        }
    }
}

/// One tie of the canonical edge list.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedTie {
    /// Roster id of the respondent.
    pub source: String,
    /// Roster id of the person named.
    pub target: String,
    /// Strength.
    pub weight: f64,
    /// Relation (question).
    pub relation: String,
}

/// Why an answer could not be placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// No roster entry has this id, e-mail or name.
    NotInRoster,
    /// Several roster entries do.
    Ambiguous,
    /// The respondent named themself.
    SelfNomination,
}

impl Reason {
    /// The text in the report.
    pub fn text(self) -> &'static str {
        match self {
            Reason::NotInRoster => "not in the roster",
            Reason::Ambiguous => "ambiguous: several people in the roster match",
            Reason::SelfNomination => "names the respondent",
        }
    }
}

/// A roster entry suggested for an unmatched answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Roster id.
    pub id: String,
    /// Name (or e-mail) for display.
    pub label: Option<String>,
    /// Jaro–Winkler similarity in \[0, 1\] (1 for the people of an ambiguous name).
    pub similarity: f64,
}

/// An answer that could not be placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    /// Line of the file (row of the sheet).
    pub line: u64,
    /// Header of the column.
    pub column: String,
    /// Roster id of the respondent.
    pub respondent: String,
    /// Relation.
    pub relation: String,
    /// The answer as written.
    pub answer: String,
    /// Why.
    pub reason: Reason,
    /// The most similar roster entries, best first.
    pub candidates: Vec<Candidate>,
}

/// Respondents and roster size of one group.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRate {
    /// Group label.
    pub group: String,
    /// People of the group in the roster.
    pub size: usize,
    /// Of them, how many responded.
    pub respondents: usize,
    /// respondents / size.
    pub rate: f64,
}

/// Counts for the summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportStats {
    /// The layout read (never `Auto`).
    pub format: Option<Format>,
    /// What was found where (columns), for the summary.
    pub layout: String,
    /// Relations written, sorted.
    pub relations: Vec<String>,
    /// People in the roster.
    pub roster_size: usize,
    /// Distinct respondents.
    pub respondents: usize,
    /// Non-empty answers read.
    pub answers: usize,
    /// Answers matched by id.
    pub by_id: usize,
    /// Answers matched by e-mail.
    pub by_email: usize,
    /// Answers matched by name.
    pub by_name: usize,
    /// Answers with weight 0 (not ties).
    pub zero_weight: usize,
    /// Answers below `--min-weight`.
    pub below_min_weight: usize,
    /// Answers whose strength cell was empty (weight 1).
    pub default_strength: usize,
    /// Repeated answers merged into one tie.
    pub duplicates: usize,
    /// Response rate per group, groups in byte order.
    pub response_rates: Vec<ResponseRate>,
    /// Other facts worth a line (duplicate respondent rows).
    pub notes: Vec<String>,
}

/// The result of [`import`].
#[derive(Debug, Clone)]
pub struct Imported {
    /// The roster's people, in roster order (the people of the network).
    pub people: Vec<Person>,
    /// Header of the roster's group column.
    pub group_attribute: Option<String>,
    /// Per person: did they respond.
    pub responded: Vec<bool>,
    /// The ties, sorted by relation, then source and target in roster order.
    pub ties: Vec<ImportedTie>,
    /// Answers that could not be placed, in file order.
    pub unmatched: Vec<Unmatched>,
    /// Counts.
    pub stats: ImportStats,
}

/// A respondent cell of the export.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Respondent<'t> {
    pub line: u64,
    pub column: usize,
    pub text: &'t str,
    /// False for a matrix row with no values (a person who did not respond).
    pub answered: bool,
}

/// A non-empty answer of the export, before matching.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Answer<'t> {
    /// Index of its respondent row.
    pub row: u32,
    /// Index into [`Extract::relations`] (0 when the file names none).
    pub relation: u32,
    pub line: u64,
    /// Column of the answer (a matrix: of the cell).
    pub column: usize,
    /// The person named.
    pub contact: &'t str,
    /// Strength cell (column, text).
    pub strength: Option<(usize, &'t str)>,
}

/// What a layout reader found.
#[derive(Debug)]
pub(crate) struct Extract<'t> {
    pub relations: Vec<String>,
    /// False when the file names no relation (matrix, long without a relation column).
    pub named_relations: bool,
    pub rows: Vec<Respondent<'t>>,
    pub answers: Vec<Answer<'t>>,
    /// Each respondent should appear on one row only (wide, matrix).
    pub one_row_per_respondent: bool,
    /// Self-answers are dropped without a report line (a matrix diagonal).
    pub silent_self: bool,
    pub layout: String,
}

/// A relation name as written in the edge list: lower case, runs of other characters than
/// letters and digits turned into one `_`, none at the ends ("Advice " → `advice`,
/// "Who do you ask?" → `who_do_you_ask`).
pub fn relation_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut sep = false;
    for c in s.trim().chars() {
        if c.is_alphanumeric() {
            if sep && !out.is_empty() {
                out.push('_');
            }
            sep = false;
            out.extend(c.to_lowercase());
        } else {
            sep = true;
        }
    }
    out
}

/// The response rate per group: for each group label (in byte order, as group indices are
/// assigned), the people of the roster in it, how many responded, and the ratio.
///
/// Arguments: `groups[i]` the group of person i; `responded[i]` whether they responded (same
/// length). Returns one entry per distinct group.
/// Complexity: O(n log g) time, O(g) space for n people in g groups.
pub fn response_rates(groups: &[String], responded: &[bool]) -> Vec<ResponseRate> {
    let mut by_group: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (g, &r) in groups.iter().zip(responded) {
        let e = by_group.entry(g.as_str()).or_default();
        e.0 += 1;
        e.1 += usize::from(r);
    }
    by_group
        .into_iter()
        .map(|(g, (size, respondents))| ResponseRate {
            group: g.to_string(),
            size,
            respondents,
            rate: respondents as f64 / size as f64,
        })
        .collect()
}

fn detect(path: &Path, table: &Table, roster: &Roster) -> Result<Format> {
    if matrix::looks_matrix(table, roster) {
        Ok(Format::Matrix)
    } else if wide::looks_wide(table) {
        Ok(Format::Wide)
    } else if long::looks_long(table) {
        Ok(Format::Long)
    } else {
        Err(Error::Usage(format!(
            "{}: cannot tell the layout from the header ({}): not a matrix (people as column labels), \
             not wide (numbered columns such as advice_1, advice_2), not long (respondent and contact \
             columns); pass --format long|wide|matrix and the column flags",
            path.display(),
            crate::ingest::text::column_list(&table.header)
        )))
    }
}

/// Imports a survey export: reads the roster and the responses, detects the layout, matches
/// every respondent and answer to the roster, reads strengths, and builds the tie list.
///
/// Arguments: `opts`, the files and choices. Returns the ties, the unmatched answers and counts.
/// Errors: unreadable or empty files, no layout found, respondents not in the roster, a strength
/// that is neither a number nor a `--scale` label (naming file, line, column and the known
/// labels), a `--relation` the file does not have.
/// Complexity: O(cells + R) time and space for hits (hash lookups, each distinct text matched
/// once); O(R) more per distinct unmatched text (the candidates), for a roster of R people.
pub fn import(opts: &ImportOptions) -> Result<Imported> {
    let roster = Roster::read(&opts.roster, &opts.roster_columns)?;
    let table = sheet::read_sheet(&opts.responses, opts.sheet.as_deref())?;
    import_tables(opts, roster, table)
}

/// [`import`] on contents already in memory: the responses' and the roster's bytes (the paths
/// of `opts` name them in messages, and their extensions count as in
/// [`sheet::is_spreadsheet`]). The result is the same as reading the files; for tests and
/// fuzzing.
pub fn import_bytes(opts: &ImportOptions, responses: &[u8], roster: &[u8]) -> Result<Imported> {
    let roster = Roster::parse(
        &opts.roster,
        std::io::Cursor::new(roster),
        &opts.roster_columns,
    )?;
    let table = sheet::parse_sheet(
        &opts.responses,
        std::io::Cursor::new(responses),
        opts.sheet.as_deref(),
    )?;
    import_tables(opts, roster, table)
}

fn import_tables(opts: &ImportOptions, roster: Roster, table: Table) -> Result<Imported> {
    if roster.is_empty() {
        return Err(Error::file(
            &opts.roster,
            "the roster lists nobody; it needs one row per person",
        ));
    }
    let path = opts.responses.as_path();
    if table.records.is_empty() {
        return Err(Error::file(
            path,
            "no responses: the file has a header row only",
        ));
    }
    let format = match opts.format {
        Format::Auto => detect(path, &table, &roster)?,
        f => f,
    };
    let mut ex = match format {
        Format::Long => long::extract(path, &table, opts)?,
        Format::Wide => wide::extract(path, &table, opts)?,
        Format::Matrix | Format::Auto => matrix::extract(path, &table)?,
    };
    let keep = choose_relation(path, &mut ex, opts.relation.as_deref())?;
    resolve(path, &table, &roster, ex, keep, format, opts)
}

/// Names the relation of a file without names, or picks the `--relation` of a file with
/// several. Returns the relation kept (`None` = all).
fn choose_relation(path: &Path, ex: &mut Extract, wanted: Option<&str>) -> Result<Option<u32>> {
    if !ex.named_relations {
        let name = wanted.map_or(DEFAULT_RELATION.to_string(), relation_name);
        if name.is_empty() {
            return Err(Error::Usage(
                "--relation: the name needs letters or digits".into(),
            ));
        }
        ex.relations = vec![name];
        return Ok(None);
    }
    let Some(w) = wanted else { return Ok(None) };
    let key = relation_name(w);
    match ex.relations.iter().position(|r| *r == key) {
        Some(k) => Ok(Some(k as u32)),
        None => Err(Error::Usage(format!(
            "--relation {w}: {} has no such question; its relations are: {}",
            path.display(),
            ex.relations.join(", ")
        ))),
    }
}

/// Matches texts against the roster, each distinct text once.
struct Matcher<'r, 't> {
    roster: &'r Roster,
    cache: FxHashMap<&'t str, Match>,
}

impl<'r, 't> Matcher<'r, 't> {
    /// Matches every distinct text of `ex` up front: hash lookups in file order, then the
    /// candidates of the misses in parallel (each miss is independent, and results are
    /// collected in order, so the outcome does not depend on the thread count).
    fn prepare(roster: &'r Roster, ex: &Extract<'t>) -> Self {
        use rayon::prelude::*;
        let mut cache: FxHashMap<&'t str, Match> = FxHashMap::default();
        let mut misses: Vec<&'t str> = Vec::new();
        let texts = ex
            .rows
            .iter()
            .map(|r| r.text)
            .chain(ex.answers.iter().map(|a| a.contact));
        for text in texts {
            if cache.contains_key(text) {
                continue;
            }
            let m = roster.find_exact(text);
            if matches!(m, Match::NotFound(_)) {
                misses.push(text);
            }
            cache.insert(text, m);
        }
        let found: Vec<Vec<(u32, f64)>> = misses.par_iter().map(|t| roster.candidates(t)).collect();
        for (t, c) in misses.into_iter().zip(found) {
            cache.insert(t, Match::NotFound(c));
        }
        Matcher { roster, cache }
    }

    fn find(&mut self, text: &'t str) -> &Match {
        let roster = self.roster;
        self.cache.entry(text).or_insert_with(|| roster.find(text))
    }
}

fn candidates(roster: &Roster, m: &Match) -> Vec<Candidate> {
    let to = |i: u32, similarity: f64| {
        let p = &roster.people[i as usize];
        Candidate {
            id: p.id.clone(),
            label: p.name.clone().or_else(|| p.email.clone()),
            similarity,
        }
    };
    match m {
        Match::Found(i, _) => vec![to(*i, 1.0)],
        Match::Ambiguous(list) => list.iter().map(|&i| to(i, 1.0)).collect(),
        Match::NotFound(list) => list.iter().map(|&(i, s)| to(i, s)).collect(),
    }
}

/// "p03 (Anna Müller) 0.93; p07 (Ana Möller) 0.85".
pub fn format_candidates(c: &[Candidate]) -> String {
    c.iter()
        .map(|c| match &c.label {
            Some(l) => format!("{} ({l}) {:.2}", c.id, c.similarity),
            None => format!("{} {:.2}", c.id, c.similarity),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn resolve_respondents<'t>(
    path: &Path,
    roster: &Roster,
    matcher: &mut Matcher<'_, 't>,
    ex: &Extract<'t>,
) -> Result<Vec<u32>> {
    let mut person = Vec::with_capacity(ex.rows.len());
    let mut bad: Vec<(String, u64, String)> = Vec::new();
    for r in &ex.rows {
        if r.text.is_empty() {
            if !r.answered {
                person.push(u32::MAX);
                continue;
            }
            return Err(Error::input(
                path,
                r.line,
                Some(r.column + 1),
                "the respondent is empty; every response needs its respondent",
            ));
        }
        match matcher.find(r.text) {
            Match::Found(i, _) => person.push(*i),
            _ if !r.answered => person.push(u32::MAX),
            m => {
                if !bad.iter().any(|(t, _, _)| t == r.text) {
                    let hint = match m {
                        Match::Ambiguous(_) => {
                            format!("ambiguous: {}", format_candidates(&candidates(roster, m)))
                        }
                        Match::NotFound(c) if c.is_empty() => String::new(),
                        _ => format!("closest: {}", format_candidates(&candidates(roster, m))),
                    };
                    bad.push((r.text.to_string(), r.line, hint));
                }
                person.push(u32::MAX);
            }
        }
    }
    if bad.is_empty() {
        return Ok(person);
    }
    let shown: Vec<String> = bad
        .iter()
        .take(10)
        .map(|(t, line, hint)| {
            if hint.is_empty() {
                format!("\"{t}\" (line {line})")
            } else {
                format!("\"{t}\" (line {line}; {hint})")
            }
        })
        .collect();
    let more = if bad.len() > 10 {
        format!(" and {} more", bad.len() - 10)
    } else {
        String::new()
    };
    Err(Error::file(
        path,
        format!(
            "{} respondent(s) not in the roster {}: {}{more}; add them to the roster, or correct the respondent column",
            bad.len(),
            roster.path.display(),
            shown.join(", "),
        ),
    ))
}

fn strength_error(
    path: &Path,
    table: &Table,
    ex: &Extract,
    from: usize,
    scale: Option<&Scale>,
) -> Error {
    let a = &ex.answers[from];
    let (col, text) = a.strength.unwrap_or((a.column, ""));
    let text = text.trim();
    let reader = scale.cloned().unwrap_or_default();
    if reader.read(text, table.delimiter) == Strength::Invalid {
        return Error::input(
            path,
            a.line,
            Some(col + 1),
            format!("strength \"{text}\" must be a finite number ≥ 0"),
        );
    }
    // Other unknown labels, so that one run shows them all.
    let mut others: Vec<&str> = Vec::new();
    let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
    for b in &ex.answers[from + 1..] {
        if let Some((_, t)) = b.strength {
            let t = t.trim();
            if !same(t, text)
                && !others.iter().any(|o| same(o, t))
                && reader.read(t, table.delimiter) == Strength::Unknown
            {
                others.push(t);
            }
        }
    }
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(
            "; also unknown: {}",
            others
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let message = match scale {
        Some(s) => format!(
            "strength \"{text}\" is not a number and not a --scale label (known labels: {}){also}; add it to --scale",
            s.known()
        ),
        None => format!(
            "strength \"{text}\" is not a number{also}; map answer labels to weights with --scale \"Never=0,Rarely=1,...\""
        ),
    };
    Error::input(path, a.line, Some(col + 1), message)
}

fn resolve<'t>(
    path: &Path,
    table: &'t Table,
    roster: &Roster,
    ex: Extract<'t>,
    keep: Option<u32>,
    format: Format,
    opts: &ImportOptions,
) -> Result<Imported> {
    let mut matcher = Matcher::prepare(roster, &ex);
    let person_of_row = resolve_respondents(path, roster, &mut matcher, &ex)?;
    let mut stats = ImportStats {
        format: Some(format),
        layout: ex.layout.clone(),
        roster_size: roster.len(),
        ..ImportStats::default()
    };

    let mut responded = vec![false; roster.len()];
    let mut first_row: FxHashMap<u32, u64> = FxHashMap::default();
    for (r, &p) in ex.rows.iter().zip(&person_of_row) {
        if p == u32::MAX || !r.answered {
            continue;
        }
        responded[p as usize] = true;
        if let Some(first) = first_row.insert(p, r.line) {
            if ex.one_row_per_respondent && stats.notes.len() < 10 {
                stats.notes.push(format!(
                    "{} answered on line {first} and again on line {}: both rows are kept (repeated ties merge)",
                    roster.people[p as usize].id, r.line
                ));
            }
        }
    }
    stats.respondents = responded.iter().filter(|&&r| r).count();

    let scale = opts.scale.as_ref();
    let no_scale = Scale::default();
    let reader = scale.unwrap_or(&no_scale);
    let min = opts.min_weight;
    let mut best: FxHashMap<(u32, u32, u32), f64> = FxHashMap::default();
    let mut unmatched = Vec::new();
    for (k, a) in ex.answers.iter().enumerate() {
        if keep.is_some_and(|r| r != a.relation) {
            continue;
        }
        stats.answers += 1;
        let weight = match a.strength.map(|(_, t)| reader.read(t, table.delimiter)) {
            None => 1.0,
            Some(Strength::Empty) => {
                stats.default_strength += 1;
                1.0
            }
            Some(Strength::Weight(w)) => w,
            Some(Strength::Unknown | Strength::Invalid) => {
                return Err(strength_error(path, table, &ex, k, scale))
            }
        };
        if weight == 0.0 {
            stats.zero_weight += 1;
            continue;
        }
        if min.is_some_and(|m| weight < m) {
            stats.below_min_weight += 1;
            continue;
        }
        let source = person_of_row[a.row as usize];
        let m = matcher.find(a.contact);
        let reason = match m {
            Match::Found(t, _) if *t == source => {
                if ex.silent_self {
                    stats.answers -= 1;
                    continue;
                }
                Reason::SelfNomination
            }
            Match::Found(t, kind) => {
                match kind {
                    MatchKind::Id => stats.by_id += 1,
                    MatchKind::Email => stats.by_email += 1,
                    MatchKind::Name => stats.by_name += 1,
                }
                let slot = best.entry((a.relation, source, *t)).or_insert(weight);
                *slot = slot.max(weight);
                continue;
            }
            Match::Ambiguous(_) => Reason::Ambiguous,
            Match::NotFound(_) => Reason::NotInRoster,
        };
        let cands = match (reason, m) {
            (Reason::SelfNomination, _) => Vec::new(),
            (_, m) => candidates(roster, m),
        };
        unmatched.push(Unmatched {
            line: a.line,
            column: table.header.get(a.column).cloned().unwrap_or_default(),
            respondent: roster.people[source as usize].id.clone(),
            relation: ex.relations[a.relation as usize].clone(),
            answer: a.contact.to_string(),
            reason,
            candidates: cands,
        });
    }
    // Duplicates: answers that found an existing (relation, source, target).
    stats.duplicates = stats.by_id + stats.by_email + stats.by_name - best.len();

    let mut order: Vec<((u32, u32, u32), f64)> = best.into_iter().collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (
            &ex.relations[a.0 .0 as usize],
            &ex.relations[b.0 .0 as usize],
        );
        ra.cmp(rb)
            .then(a.0 .1.cmp(&b.0 .1))
            .then(a.0 .2.cmp(&b.0 .2))
    });
    let ties: Vec<ImportedTie> = order
        .into_iter()
        .map(|((r, s, t), w)| ImportedTie {
            source: roster.people[s as usize].id.clone(),
            target: roster.people[t as usize].id.clone(),
            weight: w,
            relation: ex.relations[r as usize].clone(),
        })
        .collect();
    stats.relations = match keep {
        Some(r) => vec![ex.relations[r as usize].clone()],
        None => {
            let mut r = ex.relations.clone();
            r.sort();
            r
        }
    };
    let groups: Vec<String> = roster.people.iter().map(|p| p.group.clone()).collect();
    stats.response_rates = response_rates(&groups, &responded);
    Ok(Imported {
        people: roster.people.clone(),
        group_attribute: roster.group_attribute.clone(),
        responded,
        ties,
        unmatched,
        stats,
    })
}

/// Formats a weight as the shortest text that reads back to the same number (`3`, `2.5`).
fn weight_text(w: f64) -> String {
    format!("{w}")
}

/// The canonical edge list: `source,target,weight,relation`, one tie per line.
pub fn edges_csv(imported: &Imported) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |r: csv::Result<()>| r.expect("writing CSV to memory cannot fail");
    io(w.write_record(EDGES_HEADER.split(',')));
    for t in &imported.ties {
        io(w.write_record([
            t.source.as_str(),
            t.target.as_str(),
            &weight_text(t.weight),
            &t.relation,
        ]));
    }
    w.into_inner().expect("in-memory CSV")
}

/// The unmatched report: `line,column,respondent,relation,answer,reason,candidates`.
pub fn unmatched_csv(imported: &Imported) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |r: csv::Result<()>| r.expect("writing CSV to memory cannot fail");
    io(w.write_record(UNMATCHED_HEADER.split(',')));
    for u in &imported.unmatched {
        io(w.write_record([
            u.line.to_string().as_str(),
            &u.column,
            &u.respondent,
            &u.relation,
            &u.answer,
            u.reason.text(),
            &format_candidates(&u.candidates),
        ]));
    }
    w.into_inner().expect("in-memory CSV")
}

/// Where the unmatched report of `edges` goes: `EDGES.unmatched.csv` beside it
/// (`out/ties.csv` → `out/ties.unmatched.csv`).
pub fn unmatched_path(edges: &Path) -> PathBuf {
    let stem = edges
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "edges".into());
    edges.with_file_name(format!("{stem}.unmatched.csv"))
}

fn percent(rate: f64) -> String {
    format!("{:.0}%", rate * 100.0)
}

/// The human summary for stderr (several lines, no trailing newline).
pub fn summary(imported: &Imported, opts: &ImportOptions, out: &Path) -> String {
    let s = &imported.stats;
    let format = s.format.unwrap_or(Format::Auto).name();
    let mut text = format!(
        "imported {} ({format}: {}) with roster {} ({} people)\n",
        opts.responses.display(),
        s.layout,
        opts.roster.display(),
        s.roster_size
    );
    let rate = if s.roster_size > 0 {
        s.respondents as f64 / s.roster_size as f64
    } else {
        0.0
    };
    let groups: Vec<String> = s
        .response_rates
        .iter()
        .map(|g| {
            format!(
                "{} {}/{} ({})",
                g.group,
                g.respondents,
                g.size,
                percent(g.rate)
            )
        })
        .collect();
    text += &format!(
        "  respondents: {} of {} ({}); by {}: {}\n",
        s.respondents,
        s.roster_size,
        percent(rate),
        imported.group_attribute.as_deref().unwrap_or("group"),
        groups.join(", ")
    );
    let count = |r: Reason| imported.unmatched.iter().filter(|u| u.reason == r).count();
    let matched = s.by_id + s.by_email + s.by_name;
    text += &format!(
        "  answers: {} read; {matched} matched ({} by id, {} by e-mail, {} by name); {} unmatched \
         ({} not in the roster, {} ambiguous, {} naming the respondent) listed in {}\n",
        s.answers,
        s.by_id,
        s.by_email,
        s.by_name,
        imported.unmatched.len(),
        count(Reason::NotInRoster),
        count(Reason::Ambiguous),
        count(Reason::SelfNomination),
        unmatched_path(out).display()
    );
    let mut per: Vec<String> = Vec::new();
    for r in &s.relations {
        let n = imported.ties.iter().filter(|t| &t.relation == r).count();
        per.push(format!("{r} {n}"));
    }
    text += &format!(
        "  ties: {} written to {} ({})",
        imported.ties.len(),
        out.display(),
        per.join(", ")
    );
    let mut dropped = Vec::new();
    if s.zero_weight > 0 {
        dropped.push(format!(
            "{} answers of weight 0 are not ties",
            s.zero_weight
        ));
    }
    if s.below_min_weight > 0 {
        dropped.push(format!(
            "{} below --min-weight {}",
            s.below_min_weight,
            opts.min_weight.map_or(String::new(), weight_text)
        ));
    }
    if s.duplicates > 0 {
        dropped.push(format!(
            "{} repeated answers merged (larger weight kept)",
            s.duplicates
        ));
    }
    if s.default_strength > 0 {
        dropped.push(format!(
            "{} answers without a strength count with weight 1",
            s.default_strength
        ));
    }
    if !dropped.is_empty() {
        text += &format!("; {}", dropped.join("; "));
    }
    for n in &s.notes {
        text += &format!("\n  note: {n}");
    }
    text
}

/// First line of the edge list `import` writes.
const EDGES_HEADER: &str = "source,target,weight,relation";
/// First line of the unmatched report `import` writes.
const UNMATCHED_HEADER: &str = "line,column,respondent,relation,answer,reason,candidates";

/// Refuses to replace `path` when it exists and is not a file `import` wrote (its first line
/// is not `header`): a folder, or someone's own file given as `--out` by mistake.
fn refuse_foreign_file(path: &Path, header: &str) -> Result<()> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    let what = if meta.is_dir() {
        "is a folder".to_string()
    } else {
        let mut first = Vec::with_capacity(header.len() + 8);
        let read = std::fs::File::open(path)
            .and_then(|f| f.take(header.len() as u64 + 8).read_to_end(&mut first));
        let first = String::from_utf8_lossy(&first);
        let line = first.lines().next().unwrap_or("").trim_end_matches('\r');
        if read.is_ok() && line == header {
            return Ok(());
        }
        "exists and is not a file Grapevine wrote".to_string()
    };
    Err(Error::Usage(format!(
        "--out: {} {what}; choose another file name, or pass --force to replace it",
        path.display()
    )))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Turns the command-line arguments into [`ImportOptions`] (checking `--scale` and
/// `--min-weight`).
pub fn options_from_args(args: &ImportArgs) -> Result<ImportOptions> {
    let scale = args.scale.as_deref().map(Scale::parse).transpose()?;
    if let Some(w) = args.min_weight {
        if !w.is_finite() {
            return Err(Error::Usage(format!(
                "--min-weight {w}: must be a finite number"
            )));
        }
    }
    Ok(ImportOptions {
        responses: args.responses.clone(),
        roster: args.roster.clone(),
        roster_columns: RosterColumns {
            id: args.id_col.clone(),
            name: args.name_col.clone(),
            email: args.email_col.clone(),
            group: args.group.clone(),
        },
        format: match args.format {
            FormatArg::Auto => Format::Auto,
            FormatArg::Long => Format::Long,
            FormatArg::Wide => Format::Wide,
            FormatArg::Matrix => Format::Matrix,
        },
        relation: args.relation.clone(),
        scale,
        min_weight: args.min_weight,
        respondent_col: args.respondent_col.clone(),
        contact_col: args.contact_col.clone(),
        strength_col: args.strength_col.clone(),
        relation_col: args.relation_col.clone(),
        sheet: args.sheet.clone(),
    })
}

/// Runs `grapevine import`: imports, writes EDGES.csv and EDGES.unmatched.csv (atomically,
/// never over an input), and prints the summary on stderr.
pub fn run(args: &ImportArgs) -> Result<()> {
    let opts = options_from_args(args)?;
    let report = unmatched_path(&args.out);
    for out in [&args.out, &report] {
        for input in [&opts.responses, &opts.roster] {
            if same_file(out, input) {
                return Err(Error::Usage(format!(
                    "--out {}: would overwrite the input {}; choose another file name",
                    args.out.display(),
                    input.display()
                )));
            }
        }
    }
    if !args.force {
        refuse_foreign_file(&args.out, EDGES_HEADER)?;
        refuse_foreign_file(&report, UNMATCHED_HEADER)?;
    }
    let imported = import(&opts)?;
    crate::output::write_files(&[
        (&args.out, &edges_csv(&imported)),
        (&report, &unmatched_csv(&imported)),
    ])?;
    eprintln!("grapevine: {}", summary(&imported, &opts, &args.out));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_names() {
        assert_eq!(relation_name(" Advice "), "advice");
        assert_eq!(relation_name("Who do you ask?"), "who_do_you_ask");
        assert_eq!(relation_name("info-sharing"), "info_sharing");
        assert_eq!(relation_name("--"), "");
    }

    #[test]
    fn response_rates_by_group_in_byte_order() {
        let groups: Vec<String> = ["b", "a", "b", "b", "a"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let r = response_rates(&groups, &[true, false, true, false, true]);
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].group.as_str(), r[0].size, r[0].respondents),
            ("a", 2, 1)
        );
        assert_eq!(r[0].rate, 0.5);
        assert_eq!(
            (r[1].group.as_str(), r[1].size, r[1].respondents),
            ("b", 3, 2)
        );
        assert!((r[1].rate - 2.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn unmatched_path_beside_edges() {
        assert_eq!(
            unmatched_path(Path::new("out/ties.csv")),
            Path::new("out/ties.unmatched.csv")
        );
        assert_eq!(
            unmatched_path(Path::new("ties")),
            Path::new("ties.unmatched.csv")
        );
    }

    #[test]
    fn candidates_text() {
        let c = vec![
            Candidate {
                id: "p03".into(),
                label: Some("Anna Müller".into()),
                similarity: 0.934,
            },
            Candidate {
                id: "p07".into(),
                label: None,
                similarity: 0.8,
            },
        ];
        assert_eq!(format_candidates(&c), "p03 (Anna Müller) 0.93; p07 0.80");
    }
}
