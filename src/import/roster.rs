//! The roster, and matching free-text answers ("Anna Müller", "MULLER, ANNA",
//! "anna.muller@acme.org", "P03") to the people it lists.
//!
//! A text is matched, in this order, by exact id, by e-mail (when it contains `@`), by id
//! ignoring case, by normalised name ([`normalize_name`]: accents stripped, case folded,
//! punctuation and extra spaces removed, "Last, First" turned round), and by the sorted tokens of
//! that name ("Müller Anna"). Each step is a hash lookup. A step that finds several people makes
//! the answer *ambiguous*; nothing is ever guessed. Only answers that no step finds are compared
//! with every roster entry (Jaro–Winkler similarity) to suggest candidates for the report.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::sheet;
use crate::error::{Error, Result};
use crate::ingest::text::Table;
use crate::ingest::{ID_NAMES, NO_GROUP};

/// Header names of the roster's name column (case-insensitive; `_`, `-` and spaces ignored).
pub const NAME_NAMES: &[&str] = &[
    "name",
    "full name",
    "fullname",
    "display name",
    "employee name",
    "person name",
    "participant",
    "label",
];
/// Header names of the roster's first-name column (used with a last-name column when there is
/// no full-name column).
pub const FIRST_NAME_NAMES: &[&str] = &["first name", "firstname", "given name", "forename"];
/// Header names of the roster's last-name column.
pub const LAST_NAME_NAMES: &[&str] = &["last name", "lastname", "surname", "family name"];
/// Header names of the roster's e-mail column.
pub const EMAIL_NAMES: &[&str] = &[
    "email",
    "e-mail",
    "mail",
    "email address",
    "e-mail address",
    "work email",
];
/// Header names tried for the group column when `--group` is not given.
pub const GROUP_NAMES: &[&str] = &[
    "org",
    "organization",
    "organisation",
    "group",
    "company",
    "department",
    "team",
    "unit",
];

/// Similarity below which a roster entry is not offered as a candidate.
pub const MIN_CANDIDATE_SIMILARITY: f64 = 0.75;
/// Number of candidates offered for an unmatched answer.
pub const MAX_CANDIDATES: usize = 3;

/// Roster column choices (each `None` = detect from the header).
#[derive(Debug, Clone, Default)]
pub struct RosterColumns {
    /// Id column.
    pub id: Option<String>,
    /// Full-name column.
    pub name: Option<String>,
    /// E-mail column.
    pub email: Option<String>,
    /// Group column (organization, department...).
    pub group: Option<String>,
}

/// One person of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Roster id (what the edge list uses).
    pub id: String,
    /// Display name, when the roster has one.
    pub name: Option<String>,
    /// E-mail, when the roster has one.
    pub email: Option<String>,
    /// Group label ([`NO_GROUP`] when empty or when the roster has no group column).
    pub group: String,
}

/// How an answer was matched to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// By roster id (exactly, or ignoring case).
    Id,
    /// By e-mail address.
    Email,
    /// By normalised name.
    Name,
}

/// The outcome of matching one text against the roster.
#[derive(Debug, Clone, PartialEq)]
pub enum Match {
    /// Exactly one person.
    Found(u32, MatchKind),
    /// Several people share this id, e-mail or name (their roster indices).
    Ambiguous(Vec<u32>),
    /// Nobody; the most similar people (roster index, similarity in \[0, 1\]), best first.
    NotFound(Vec<(u32, f64)>),
}

/// The people of a roster and the indices to match answers to them.
#[derive(Debug, Clone)]
pub struct Roster {
    /// The roster file.
    pub path: PathBuf,
    /// People in roster order.
    pub people: Vec<Person>,
    /// Header of the group column (`None` when the roster has none).
    pub group_attribute: Option<String>,
    by_id: FxHashMap<String, u32>,
    by_id_folded: FxHashMap<String, Vec<u32>>,
    by_email: FxHashMap<String, Vec<u32>>,
    by_name: FxHashMap<String, Vec<u32>>,
    by_tokens: FxHashMap<String, Vec<u32>>,
    /// Per person: the lower-cased texts the candidates are scored on.
    keys: Vec<Keys>,
}

/// A person's texts for candidate scoring.
#[derive(Debug, Clone)]
struct Keys {
    id: String,
    email: Option<String>,
    /// Normalised name (empty without a name).
    name: String,
    /// Its sorted-token form.
    tokens: String,
}

/// Normalises a person's name for matching: "Last, First" → "First Last" (exactly one comma),
/// accents and other non-ASCII letters transliterated (`deunicode`: "Müller" → "Muller",
/// "Łukasz" → "Lukasz"), lower case, apostrophes dropped ("O'Brien" → "obrien"), every other
/// non-alphanumeric character a space, runs of spaces collapsed.
///
/// Arguments: `s`, the raw text. Returns: the key (empty when `s` has no letters or digits).
/// Complexity: O(len(s)) time and space.
pub fn normalize_name(s: &str) -> String {
    let s = s.trim();
    let swapped;
    let s = match s.split_once(',') {
        Some((last, first)) if !first.contains(',') && !first.trim().is_empty() => {
            swapped = format!("{} {}", first.trim(), last.trim());
            swapped.as_str()
        }
        _ => s,
    };
    let ascii = deunicode::deunicode(s);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '\'' | '`') {
            // O'Brien, D`Souza: the apostrophe joins
        } else {
            pending_space = true;
        }
    }
    out
}

/// The keys a roster name is indexed under: [`normalize_name`], and also the German
/// transliteration when the name has an umlaut ("Müller" → "muller" and "mueller"), since
/// respondents who drop accents write either.
pub fn name_keys(s: &str) -> Vec<String> {
    let mut keys = vec![normalize_name(s)];
    if s.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        let german: String = s
            .chars()
            .flat_map(|c| {
                let r: &[char] = match c {
                    'ä' => &['a', 'e'],
                    'ö' => &['o', 'e'],
                    'ü' => &['u', 'e'],
                    'Ä' => &['A', 'e'],
                    'Ö' => &['O', 'e'],
                    'Ü' => &['U', 'e'],
                    _ => return vec![c],
                };
                r.to_vec()
            })
            .collect();
        keys.push(normalize_name(&german));
    }
    keys
}

/// The tokens of a normalised name, sorted and joined by spaces: "muller anna" → "anna muller".
pub fn token_key(normalized: &str) -> String {
    let mut tokens: Vec<&str> = normalized.split(' ').filter(|t| !t.is_empty()).collect();
    tokens.sort_unstable();
    tokens.join(" ")
}

/// The e-mail address in `s`, lower-cased: the text between `<` and `>` when there are angle
/// brackets ("Anna <anna@x.org>"), else the first whitespace-separated word with an `@`, without
/// surrounding punctuation. `None` when there is no `@`.
pub fn extract_email(s: &str) -> Option<String> {
    if !s.contains('@') {
        return None;
    }
    if let (Some(a), Some(b)) = (s.find('<'), s.rfind('>')) {
        if a < b && s[a + 1..b].contains('@') {
            return Some(s[a + 1..b].trim().to_lowercase());
        }
    }
    let word = s.split_whitespace().find(|w| w.contains('@'))?;
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
    (!word.is_empty()).then(|| word.to_lowercase())
}

/// Column of `header` equal to one of `names` (normalised as [`crate::ingest::text::Table`]
/// does), skipping the columns in `exclude`.
pub(crate) fn find_col(header: &[String], names: &[&str], exclude: &[usize]) -> Option<usize> {
    let norm = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let header: Vec<String> = header.iter().map(|h| norm(h)).collect();
    names.iter().find_map(|name| {
        let name = norm(name);
        header
            .iter()
            .enumerate()
            .position(|(i, h)| *h == name && !exclude.contains(&i))
    })
}

/// The column named `name` by a flag (case-insensitive), or a usage error listing the columns.
pub(crate) fn named_col(path: &Path, header: &[String], name: &str, flag: &str) -> Result<usize> {
    header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            Error::Usage(format!(
                "{flag} {name}: {} has no such column; its columns are: {}",
                path.display(),
                crate::ingest::text::column_list(header)
            ))
        })
}

impl Roster {
    /// Reads a roster (CSV in any supported encoding, or a spreadsheet: first sheet) and builds
    /// the match indices.
    ///
    /// Errors: no id column, an empty or duplicate id, a flag naming a missing column.
    /// Complexity: O(R) time and space for R people.
    pub fn read(path: &Path, cols: &RosterColumns) -> Result<Roster> {
        Self::from_table(path, &sheet::read_sheet(path, None)?, cols)
    }

    /// [`Roster::read`] on the contents `data` of the file `path` (named in messages).
    pub fn parse(
        path: &Path,
        data: impl std::io::Read + std::io::Seek,
        cols: &RosterColumns,
    ) -> Result<Roster> {
        Self::from_table(path, &sheet::parse_sheet(path, data, None)?, cols)
    }

    fn from_table(path: &Path, table: &Table, cols: &RosterColumns) -> Result<Roster> {
        let header = &table.header;
        let opt = |given: &Option<String>, names: &[&str], flag: &str| -> Result<Option<usize>> {
            match given {
                Some(name) => named_col(path, header, name, flag).map(Some),
                None => Ok(find_col(header, names, &[])),
            }
        };
        let id_col = opt(&cols.id, ID_NAMES, "--id-col")?.ok_or_else(|| {
            Error::input(
                path,
                1,
                None,
                format!(
                    "no id column in the roster header ({}); name the column of person ids `id`, or pass --id-col COLUMN",
                    crate::ingest::text::column_list(header)
                ),
            )
        })?;
        let name_col = opt(&cols.name, NAME_NAMES, "--name-col")?;
        let (first_col, last_col) = match (&cols.name, name_col) {
            (None, None) => (
                find_col(header, FIRST_NAME_NAMES, &[]),
                find_col(header, LAST_NAME_NAMES, &[]),
            ),
            _ => (None, None),
        };
        let email_col = opt(&cols.email, EMAIL_NAMES, "--email-col")?;
        let group_col = opt(&cols.group, GROUP_NAMES, "--group")?;

        let mut people = Vec::with_capacity(table.records.len());
        let mut seen: FxHashMap<compact_str::CompactString, u32> = FxHashMap::default();
        for (line, rec) in &table.records {
            let cell = |c: Option<usize>| c.map(|c| rec.get(c).unwrap_or("").trim()).unwrap_or("");
            let id = cell(Some(id_col));
            let line_of = |row: u32| table.records[row as usize].0;
            crate::ingest::check_roster_id(path, *line, id_col, id, &mut seen, line_of)?;
            let name = match (first_col, last_col) {
                (Some(_), Some(_)) => format!("{} {}", cell(first_col), cell(last_col))
                    .trim()
                    .to_string(),
                _ => cell(name_col).to_string(),
            };
            let group = cell(group_col);
            people.push(Person {
                id: id.to_string(),
                name: (!name.is_empty()).then_some(name),
                email: Some(cell(email_col))
                    .filter(|e| !e.is_empty())
                    .map(String::from),
                group: if group.is_empty() { NO_GROUP } else { group }.to_string(),
            });
        }
        let group_attribute = group_col.map(|c| header[c].clone());
        Ok(Roster::from_people(path, people, group_attribute))
    }

    /// Builds the indices over `people` (read from `path`).
    pub fn from_people(
        path: &Path,
        people: Vec<Person>,
        group_attribute: Option<String>,
    ) -> Roster {
        let mut r = Roster {
            path: path.to_path_buf(),
            group_attribute,
            by_id: FxHashMap::default(),
            by_id_folded: FxHashMap::default(),
            by_email: FxHashMap::default(),
            by_name: FxHashMap::default(),
            by_tokens: FxHashMap::default(),
            keys: Vec::with_capacity(people.len()),
            people: Vec::new(),
        };
        for (i, p) in people.iter().enumerate() {
            let i = i as u32;
            r.by_id.insert(p.id.clone(), i);
            r.by_id_folded
                .entry(p.id.to_lowercase())
                .or_default()
                .push(i);
            if let Some(e) = p.email.as_deref().and_then(extract_email) {
                r.by_email.entry(e).or_default().push(i);
            }
            let keys = p.name.as_deref().map(name_keys).unwrap_or_default();
            for key in keys.iter().filter(|k| !k.is_empty()) {
                let add = |list: &mut Vec<u32>| {
                    if list.last() != Some(&i) {
                        list.push(i)
                    }
                };
                add(r.by_name.entry(key.clone()).or_default());
                add(r.by_tokens.entry(token_key(key)).or_default());
            }
            let name = keys.into_iter().next().unwrap_or_default();
            r.keys.push(Keys {
                id: p.id.to_lowercase(),
                email: p.email.as_deref().map(str::to_lowercase),
                tokens: token_key(&name),
                name,
            });
        }
        r.people = people;
        r
    }

    /// Number of people.
    pub fn len(&self) -> usize {
        self.people.len()
    }

    /// True when the roster lists nobody.
    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }

    /// Matches one answer text (see the module docs for the order of the steps).
    ///
    /// Complexity: O(len(text)) expected for a hit; O(R · len) for a miss (the candidates).
    pub fn find(&self, text: &str) -> Match {
        match self.find_exact(text) {
            Match::NotFound(_) => Match::NotFound(self.candidates(text)),
            m => m,
        }
    }

    /// [`Roster::find`] without the candidates of a miss (`NotFound(vec![])`): hash lookups
    /// only, O(len(text)) expected time.
    pub fn find_exact(&self, text: &str) -> Match {
        let text = text.trim();
        if let Some(&i) = self.by_id.get(text) {
            return Match::Found(i, MatchKind::Id);
        }
        if let Some(e) = extract_email(text) {
            if let Some(m) = one_of(self.by_email.get(&e), MatchKind::Email) {
                return m;
            }
        }
        if let Some(m) = one_of(self.by_id_folded.get(&text.to_lowercase()), MatchKind::Id) {
            return m;
        }
        let norm = normalize_name(text);
        if norm.is_empty() {
            return Match::NotFound(Vec::new());
        }
        if let Some(m) = one_of(self.by_name.get(&norm), MatchKind::Name) {
            return m;
        }
        one_of(self.by_tokens.get(&token_key(&norm)), MatchKind::Name)
            .unwrap_or(Match::NotFound(Vec::new()))
    }

    /// The people most similar to an unmatched text: Jaro–Winkler similarity (Winkler 1990,
    /// "String comparator metrics and enhanced decision rules in the Fellegi–Sunter model of
    /// record linkage") of the normalised text with each person's normalised name, its
    /// sorted-token form, e-mail and id; the best of these per person. At most
    /// [`MAX_CANDIDATES`], each at least [`MIN_CANDIDATE_SIMILARITY`], best first (ties in roster
    /// order).
    ///
    /// Complexity: O(R · len) time for R people; O(R) space.
    pub fn candidates(&self, text: &str) -> Vec<(u32, f64)> {
        let text = text.trim();
        let norm = normalize_name(text);
        if norm.is_empty() {
            return Vec::new();
        }
        let tokens = token_key(&norm);
        let email = extract_email(text);
        let email = email.as_deref();
        let (norm, tokens) = (norm.as_str(), tokens.as_str());
        // Ids look like one word with a digit; comparing names with ids is wasted work.
        let id_like =
            !text.contains(char::is_whitespace) && text.contains(|c: char| c.is_ascii_digit());
        let lower = text.to_lowercase();
        // An e-mail's local part often is the name: "anna.muller@x" → "anna muller".
        let local = email
            .and_then(|e| e.split('@').next())
            .map(normalize_name)
            .unwrap_or_default();
        let mut scored: Vec<(u32, f64)> = Vec::new();
        for (i, k) in self.keys.iter().enumerate() {
            let mut s = 0f64;
            if id_like {
                s = strsim::jaro_winkler(&lower, &k.id);
            }
            if !k.name.is_empty() {
                s = s.max(strsim::jaro_winkler(norm, &k.name));
                if tokens != norm || k.tokens != k.name {
                    s = s.max(strsim::jaro_winkler(tokens, &k.tokens));
                }
                if !local.is_empty() {
                    s = s.max(strsim::jaro_winkler(&local, &k.name));
                }
            }
            if let (Some(e), Some(pe)) = (email, k.email.as_deref()) {
                s = s.max(strsim::jaro_winkler(e, pe));
            }
            if s >= MIN_CANDIDATE_SIMILARITY {
                scored.push((i as u32, s));
            }
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(MAX_CANDIDATES);
        scored
    }

    /// A short description of person `i` for messages: `p03 (Anna Müller)`, or the id alone.
    pub fn describe(&self, i: u32) -> String {
        let p = &self.people[i as usize];
        match (&p.name, &p.email) {
            (Some(n), _) => format!("{} ({n})", p.id),
            (None, Some(e)) => format!("{} ({e})", p.id),
            _ => p.id.clone(),
        }
    }
}

fn one_of(hits: Option<&Vec<u32>>, kind: MatchKind) -> Option<Match> {
    match hits.map(Vec::as_slice) {
        None | Some([]) => None,
        Some([i]) => Some(Match::Found(*i, kind)),
        Some(many) => Some(Match::Ambiguous(many.to_vec())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str, email: &str, group: &str) -> Person {
        Person {
            id: id.into(),
            name: Some(name.into()).filter(|n: &String| !n.is_empty()),
            email: Some(email.into()).filter(|e: &String| !e.is_empty()),
            group: group.into(),
        }
    }

    fn roster() -> Roster {
        Roster::from_people(
            Path::new("roster.csv"),
            vec![
                person("p01", "Anna Müller", "anna.mueller@acme.org", "Acme"),
                person("p02", "José García", "jose.garcia@acme.org", "Acme"),
                person("p03", "Jose Garcia", "jgarcia@civic.org", "Civic"),
                person("p04", "Siobhán O'Brien", "", "Beta"),
                person("P05", "Łukasz Nowak-Kowalski", "lukasz@beta.org", "Beta"),
            ],
            Some("org".into()),
        )
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize_name("  Anna   MÜLLER "), "anna muller");
        assert_eq!(normalize_name("Müller, Anna"), "anna muller");
        assert_eq!(normalize_name("O'Brien, Siobhán"), "siobhan obrien");
        assert_eq!(
            normalize_name("Łukasz Nowak-Kowalski"),
            "lukasz nowak kowalski"
        );
        assert_eq!(normalize_name("Dr. J. Smith"), "dr j smith");
        // two commas: not "Last, First"
        assert_eq!(normalize_name("Smith, John, Jr."), "smith john jr");
        assert_eq!(normalize_name(" - "), "");
        assert_eq!(token_key("muller anna"), "anna muller");
        assert_eq!(
            extract_email("Anna <Anna.Mueller@ACME.org>").as_deref(),
            Some("anna.mueller@acme.org")
        );
        assert_eq!(extract_email("(x@y.org),").as_deref(), Some("x@y.org"));
        assert_eq!(extract_email("Anna"), None);
    }

    #[test]
    fn matches_by_id_email_and_name() {
        let r = roster();
        assert_eq!(r.find("p01"), Match::Found(0, MatchKind::Id));
        assert_eq!(r.find("p05"), Match::Found(4, MatchKind::Id)); // case-insensitive id
        assert_eq!(
            r.find("ANNA.MUELLER@acme.org"),
            Match::Found(0, MatchKind::Email)
        );
        assert_eq!(r.find("anna mueller"), Match::Found(0, MatchKind::Name));
        assert_eq!(r.find("Mueller, Anna"), Match::Found(0, MatchKind::Name));
        assert_eq!(r.find("MULLER, ANNA"), Match::Found(0, MatchKind::Name));
        assert_eq!(r.find("Anna Muller"), Match::Found(0, MatchKind::Name));
        assert_eq!(r.find("Muller Anna"), Match::Found(0, MatchKind::Name));
        assert_eq!(r.find("siobhan o'brien"), Match::Found(3, MatchKind::Name));
        assert_eq!(
            r.find("Lukasz Nowak Kowalski"),
            Match::Found(4, MatchKind::Name)
        );
        // E-mail wins over the ambiguous name.
        assert_eq!(
            r.find("jgarcia@civic.org"),
            Match::Found(2, MatchKind::Email)
        );
    }

    #[test]
    fn ambiguous_and_unknown_are_not_guessed() {
        let r = roster();
        assert_eq!(r.find("Jose Garcia"), Match::Ambiguous(vec![1, 2]));
        assert_eq!(r.find("garcia, josé"), Match::Ambiguous(vec![1, 2]));
        // A typo: not matched, but Anna is the best candidate.
        let Match::NotFound(c) = r.find("Ana Müler") else {
            panic!("a typo must not match")
        };
        assert_eq!(c[0].0, 0);
        assert!(c[0].1 > 0.9 && c[0].1 < 1.0, "{c:?}");
        // Nobody like this.
        assert_eq!(r.find("Zygmunt Xavier"), Match::NotFound(vec![]));
        assert_eq!(r.find("   "), Match::NotFound(vec![]));
    }

    #[test]
    fn jaro_winkler_value_by_hand() {
        // "martha" vs "marhta": m = 6 matches, t = 1 transposition (th/ht), so
        // Jaro = (6/6 + 6/6 + 5/6) / 3 = 0.944444; common prefix l = 3 ("mar"), p = 0.1:
        // JW = 0.944444 + 3 * 0.1 * (1 - 0.944444) = 0.961111.
        assert!((strsim::jaro_winkler("martha", "marhta") - 0.961_111).abs() < 1e-6);
    }
}
