//! Privacy: stable pseudonyms for person ids (`--anonymize`) and a floor on the size of every
//! group that a group-level figure describes (`--min-group-size`).
//!
//! Both act on the ingested [`Dataset`], before the graph is built, so every output sees only
//! pseudonyms and merged groups: the tables, summary.json, the charts' labels, the exported
//! networks and `--json`. Roster columns other than the id and the group (names, e-mail
//! addresses, titles) are never read into the dataset, so they cannot reach an output at all.
//!
//! **Pseudonyms.** A person's pseudonym is `P-` and the first six hex digits of the BLAKE3 keyed
//! hash of their id (the key is derived from the secret with BLAKE3's `derive_key`). The same id
//! and secret always give the same pseudonym, so pseudonyms are stable across runs and output
//! folders; without the secret they cannot be computed from a guessed id. When two ids of one
//! network share their first six digits, both get two more digits, and so on until they differ
//! (deterministic: it depends only on the secret and the ids). The secret is `--anonymize-key`,
//! or else a random 256-bit secret kept in a key file beside the output folder (`<out>.key`),
//! created on the first run and read on later ones. It is never printed or written into an
//! output folder.
//!
//! **Small groups.** With `--min-group-size K`, the groups with fewer than K people are merged
//! into one group named [`SMALL_GROUPS`]. If that group still has fewer than K people, the
//! smallest remaining group is added to it, again and again until it has K. Merging rather than
//! blanking rows keeps every table, chart and whole-network figure consistent, and it cannot be
//! undone by subtraction: a blanked row of a small group could be recomputed from the network
//! totals minus the other groups' rows.
//!
//! Complexity: O(n) hashes and one sort of the n pseudonyms (O(n log n)).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::ingest::Dataset;

/// Name of the group that small groups are merged into.
pub const SMALL_GROUPS: &str = "(small groups)";
/// Hex digits of a pseudonym when it collides with no other.
pub const PSEUDONYM_DIGITS: usize = 6;
/// `--min-group-size` when `--anonymize` is on and no size is given.
pub const DEFAULT_MIN_GROUP_SIZE: usize = 5;
/// BLAKE3 key-derivation context: fixed, so that a secret gives the same pseudonyms in every
/// version that keeps this value.
const KEY_CONTEXT: &str = "grapevine 2026-12-01 person pseudonyms v1";

/// A secret string whose `Debug` does not show it, so that it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// Where the pseudonym secret comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// Given on the command line (`--anonymize-key`).
    Given(Secret),
    /// A key file, created with a random secret when it does not exist.
    File(PathBuf),
}

/// What privacy protection a run applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrivacyOptions {
    /// Replace ids by pseudonyms, with the secret from here.
    pub anonymize: Option<KeySource>,
    /// Merge groups smaller than this (None or below 2: no floor).
    pub min_group_size: Option<usize>,
}

impl PrivacyOptions {
    /// True when the run changes ids or groups.
    pub fn is_active(&self) -> bool {
        self.anonymize.is_some() || self.min_group_size.is_some_and(|k| k > 1)
    }
}

/// The key file of an output folder: `<out>.key`, beside the folder (not inside it, so that
/// sharing the folder never shares the key).
pub fn key_path_for(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            out.canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "output".into());
    out.with_file_name(format!("{name}.key"))
}

/// The key that pseudonyms are hashed with.
#[derive(Clone)]
pub struct PseudonymKey([u8; 32]);

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PseudonymKey(..)")
    }
}

impl PseudonymKey {
    /// Derives the hashing key from a secret string.
    pub fn from_secret(secret: &Secret) -> PseudonymKey {
        PseudonymKey(blake3::derive_key(KEY_CONTEXT, secret.0.as_bytes()))
    }

    /// Resolves `source`: the given secret, or the key file's (created with a random secret
    /// when missing). Returns the key and, when a key file was created, its path.
    pub fn resolve(source: &KeySource) -> Result<(PseudonymKey, Option<PathBuf>)> {
        match source {
            KeySource::Given(s) => Ok((PseudonymKey::from_secret(s), None)),
            KeySource::File(path) => {
                let (secret, created) = read_or_create_secret(path)?;
                Ok((
                    PseudonymKey::from_secret(&secret),
                    created.then(|| path.clone()),
                ))
            }
        }
    }

    fn digest_hex(&self, id: &str) -> blake3::Hash {
        blake3::keyed_hash(&self.0, id.as_bytes())
    }
}

/// Reads the secret of a key file, or creates the file with a random secret (64 hex digits,
/// readable by its owner only). Returns the secret and whether the file was created.
pub fn read_or_create_secret(path: &Path) -> Result<(Secret, bool)> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let secret = text.trim();
            if secret.is_empty() || secret.contains('\n') {
                return Err(Error::file(
                    path,
                    "not a pseudonym key file (expected one line holding the secret); \
                     restore it from a copy, or delete it to start new pseudonyms",
                ));
            }
            Ok((Secret::new(secret), false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            rand::TryRng::try_fill_bytes(&mut rand::rngs::SysRng, &mut bytes).map_err(|e| {
                Error::io(
                    path,
                    "cannot draw a random key",
                    std::io::Error::other(e.to_string()),
                )
            })?;
            let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io(parent, "cannot create folder", e))?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(path) {
                Ok(mut f) => {
                    f.write_all(format!("{secret}\n").as_bytes())
                        .and_then(|()| f.sync_all())
                        .map_err(|e| Error::io(path, "cannot write", e))?;
                    Ok((Secret::new(secret), true))
                }
                // Another run created it meanwhile: use that one.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    read_or_create_secret(path)
                }
                Err(e) => Err(Error::io(path, "cannot create", e)),
            }
        }
        Err(e) => Err(Error::io(path, "cannot read", e)),
    }
}

/// The pseudonym of every id (ids must be distinct), in the same order. See the module
/// documentation for the collision rule.
pub fn pseudonyms(key: &PseudonymKey, ids: &[String]) -> Vec<String> {
    let hex: Vec<blake3::Hash> = ids.iter().map(|id| key.digest_hex(id)).collect();
    let hex: Vec<String> = hex.iter().map(|h| h.to_hex().to_string()).collect();
    let mut digits = vec![PSEUDONYM_DIGITS; ids.len()];
    // Groups of ids whose pseudonyms collide at the current length, lengthened by two digits
    // until every group has one member. Different lengths never collide ("P-" + hex digits).
    let mut pending: Vec<(Vec<usize>, usize)> = vec![((0..ids.len()).collect(), PSEUDONYM_DIGITS)];
    while let Some((members, len)) = pending.pop() {
        let mut by_prefix: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in &members {
            by_prefix.entry(&hex[i][..len]).or_default().push(i);
        }
        for (_, group) in by_prefix {
            if group.len() == 1 {
                digits[group[0]] = len;
            } else {
                assert!(
                    len < hex[group[0]].len(),
                    "distinct ids with equal BLAKE3 hashes"
                );
                pending.push((group, len + 2));
            }
        }
    }
    hex.iter()
        .zip(digits)
        .map(|(h, d)| format!("P-{}", &h[..d]))
        .collect()
}

/// How small groups were merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The floor K.
    pub min_group_size: usize,
    /// Groups below K that were merged, with their sizes, by name.
    pub small: Vec<(String, usize)>,
    /// Groups of K or more added because the small ones together had fewer than K.
    pub absorbed: Vec<(String, usize)>,
    /// People in the merged group.
    pub size: usize,
}

impl Merge {
    /// The stderr note that says what was merged.
    pub fn note(&self) -> String {
        let list = |v: &[(String, usize)]| {
            v.iter()
                .map(|(g, s)| format!("{g} ({s})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut text = format!(
            "--min-group-size {}: merged {} group(s) smaller than {} into \"{SMALL_GROUPS}\": {}",
            self.min_group_size,
            self.small.len(),
            self.min_group_size,
            list(&self.small)
        );
        if !self.absorbed.is_empty() {
            text += &format!(
                "; with the smallest other group(s) {} so that it has at least {} people",
                list(&self.absorbed),
                self.min_group_size
            );
        }
        text + &format!(" ({} people)", self.size)
    }
}

/// Merges the groups with fewer than `k` members (see the module documentation). `groups` holds
/// one label per person. Returns what was merged, or `None` when every group has `k` people.
/// An error when the whole network has fewer than `k` people.
pub fn merge_small_groups(groups: &mut [String], k: usize) -> Result<Option<Merge>> {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for g in groups.iter() {
        *sizes.entry(g.as_str()).or_default() += 1;
    }
    if groups.len() < k {
        return Err(Error::Usage(format!(
            "--min-group-size {k}: the network has only {} people, so every figure would \
             describe fewer than {k}; give a smaller --min-group-size",
            groups.len()
        )));
    }
    let small: Vec<(String, usize)> = sizes
        .iter()
        .filter(|(g, s)| **s < k || **g == SMALL_GROUPS)
        .map(|(g, s)| (g.to_string(), *s))
        .collect();
    if small.iter().all(|(g, _)| g == SMALL_GROUPS) {
        return Ok(None);
    }
    let mut size: usize = small.iter().map(|(_, s)| s).sum();
    let mut rest: Vec<(String, usize)> = sizes
        .iter()
        .filter(|(g, s)| **s >= k && **g != SMALL_GROUPS)
        .map(|(g, s)| (g.to_string(), *s))
        .collect();
    // Smallest first, ties by name.
    rest.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut absorbed = Vec::new();
    let mut rest = rest.into_iter();
    while size < k {
        let (g, s) = rest
            .next()
            .expect("the whole network has at least k people");
        size += s;
        absorbed.push((g, s));
    }
    let merged: std::collections::BTreeSet<&str> = small
        .iter()
        .chain(&absorbed)
        .map(|(g, _)| g.as_str())
        .collect();
    let merged: std::collections::BTreeSet<String> = merged.into_iter().map(String::from).collect();
    for g in groups.iter_mut() {
        if merged.contains(g.as_str()) {
            *g = SMALL_GROUPS.to_string();
        }
    }
    Ok(Some(Merge {
        min_group_size: k,
        small: small
            .into_iter()
            .filter(|(g, _)| g != SMALL_GROUPS)
            .collect(),
        absorbed,
        size,
    }))
}

/// What [`apply`] did, for stderr and summary.json.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Ids were replaced by pseudonyms.
    pub anonymized: bool,
    /// The group-size floor (None: none).
    pub min_group_size: Option<usize>,
    /// The merge, when one happened.
    pub merge: Option<Merge>,
    /// The key file created by this run, if any.
    pub key_file_created: Option<PathBuf>,
}

impl Applied {
    /// The summary.json `privacy` object.
    pub fn summary(&self) -> serde_json::Value {
        serde_json::json!({
            "anonymized": self.anonymized,
            "min_group_size": self.min_group_size,
            "groups_merged": self.merge.as_ref().map_or(0, |m| m.small.len() + m.absorbed.len()),
        })
    }

    /// Notes for stderr: what was merged, and where a new key was kept.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(m) = &self.merge {
            notes.push(m.note());
        }
        if let Some(path) = &self.key_file_created {
            notes.push(format!(
                "new pseudonym key in {}: keep it private and keep it, so later runs give the \
                 same pseudonyms (it is not in the output folder)",
                path.display()
            ));
        }
        notes
    }
}

/// Applies `opts` to a dataset: merges small groups, then replaces every id by its pseudonym
/// (in the ids and in the quoted ids of the warnings).
pub fn apply(d: &mut Dataset, opts: &PrivacyOptions) -> Result<Applied> {
    let mut applied = Applied::default();
    let floor = match (opts.min_group_size, &opts.anonymize) {
        (Some(k), _) => Some(k),
        (None, Some(_)) => Some(DEFAULT_MIN_GROUP_SIZE),
        (None, None) => None,
    }
    .filter(|&k| k > 1);
    if let Some(k) = floor {
        applied.min_group_size = Some(k);
        applied.merge = merge_small_groups(&mut d.groups, k)?;
    }
    if let Some(source) = &opts.anonymize {
        let (key, created) = PseudonymKey::resolve(source)?;
        applied.key_file_created = created;
        let names = pseudonyms(&key, &d.ids);
        for w in &mut d.warnings {
            *w = scrub_quoted_ids(w, &d.ids, &names);
        }
        d.ids = names;
        applied.anonymized = true;
    }
    Ok(applied)
}

/// Replaces every `"id"` (quoted, as messages quote ids) of `ids` in `text` by its pseudonym.
fn scrub_quoted_ids(text: &str, ids: &[String], names: &[String]) -> String {
    let index: rustc_hash::FxHashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('"');
    out.push_str(parts.next().unwrap_or_default());
    for (k, part) in parts.enumerate() {
        out.push('"');
        // Odd parts (k even) are inside quotes.
        match index.get(part) {
            Some(&i) if k % 2 == 0 => out.push_str(&names[i]),
            _ => out.push_str(part),
        }
    }
    out
}

/// `text` with the inside of every double-quoted span withheld (`"…"`): for messages about an
/// anonymized run that quote values from its input (ids, names) before pseudonyms exist.
pub fn withhold_quoted(text: &str) -> String {
    text.split('"')
        .enumerate()
        .map(|(k, part)| if k % 2 == 1 { "…" } else { part })
        .collect::<Vec<_>>()
        .join("\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> PseudonymKey {
        PseudonymKey::from_secret(&Secret::new(s))
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pseudonyms_are_keyed_stable_and_short() {
        let ids = strings(&["ana.lima", "bo", "E042"]);
        let a = pseudonyms(&key("k1"), &ids);
        assert_eq!(a, pseudonyms(&key("k1"), &ids));
        let b = pseudonyms(&key("k2"), &ids);
        for (x, y) in a.iter().zip(&b) {
            assert_ne!(x, y);
            assert_eq!(x.len(), 2 + PSEUDONYM_DIGITS);
            assert!(x.starts_with("P-"));
        }
        // The pseudonym is the keyed BLAKE3 hash of the id, under the derived key.
        let k = blake3::derive_key(KEY_CONTEXT, b"k1");
        let h = blake3::keyed_hash(&k, b"bo").to_hex().to_string();
        assert_eq!(a[1], format!("P-{}", &h[..6]));
        // A person's pseudonym does not depend on who else is in the network (no collision).
        assert_eq!(pseudonyms(&key("k1"), &ids[1..2])[0], a[1]);
    }

    #[test]
    fn collisions_lengthen_only_the_colliding_pseudonyms() {
        // Find two ids whose keyed hashes share the first six hex digits (about 4,000 ids
        // needed on average; 200,000 makes a miss practically impossible).
        let k = key("collide");
        let mut seen: rustc_hash::FxHashMap<String, String> = Default::default();
        let mut pair = None;
        for i in 0..200_000 {
            let id = format!("id{i}");
            let h = k.digest_hex(&id).to_hex()[..6].to_string();
            if let Some(other) = seen.insert(h, id.clone()) {
                pair = Some((other, id));
                break;
            }
        }
        let (x, y) = pair.expect("a 24-bit collision among 200,000 ids");
        let ids = vec![x.clone(), "loner".to_string(), y.clone()];
        let p = pseudonyms(&k, &ids);
        assert_eq!(p[0][..8], p[2][..8], "same six digits");
        assert_ne!(p[0], p[2]);
        assert!(p[0].len() >= 10 && p[0].len() == p[2].len(), "{p:?}");
        assert_eq!(p[1].len(), 8);
        assert_eq!(
            p[0],
            format!("P-{}", &k.digest_hex(&x).to_hex()[..p[0].len() - 2])
        );
    }

    #[test]
    fn small_groups_merge_and_grow_to_the_floor() {
        let mut g = strings(&["A", "A", "B", "C", "C", "C", "D", "D", "D", "D", "D", "D"]);
        // A (2) and B (1) are below 3: merged into one group of 3.
        let m = merge_small_groups(&mut g, 3).unwrap().unwrap();
        assert_eq!(m.small, vec![("A".into(), 2), ("B".into(), 1)]);
        assert!(m.absorbed.is_empty());
        assert_eq!(m.size, 3);
        assert_eq!(&g[..3], &strings(&[SMALL_GROUPS; 3])[..]);
        assert_eq!(g[3], "C");

        // With D of 8 people and a floor of 4: A, B and C (3) are below 4, merged they have 6.
        // With a floor of 7 those 6 are still too few, so D (8) is absorbed too.
        let mut base = strings(&["A", "A", "B", "C", "C", "C"]);
        base.extend(strings(&["D"; 8]));
        let mut g = base.clone();
        let m = merge_small_groups(&mut g, 4).unwrap().unwrap();
        assert_eq!(m.size, 6);
        assert_eq!(m.small.len(), 3);
        assert!(m.absorbed.is_empty());
        assert_eq!(g[6], "D");
        let mut g = base.clone();
        let m = merge_small_groups(&mut g, 7).unwrap().unwrap();
        assert_eq!(m.absorbed, vec![("D".into(), 8)]);
        assert_eq!(m.size, 14);
        assert!(g.iter().all(|x| x == SMALL_GROUPS));
        assert!(m.note().contains("D (8)"), "{}", m.note());

        // A lone small group is topped up with the smallest other group (ties by name).
        let mut g = strings(&["A", "B", "B", "B", "C", "C", "C"]);
        let m = merge_small_groups(&mut g, 3).unwrap().unwrap();
        assert_eq!(m.absorbed, vec![("B".into(), 3)]);
        assert_eq!(g[6], "C");

        // Nothing to do, and too few people.
        let mut g = strings(&["A", "A", "B", "B"]);
        assert_eq!(merge_small_groups(&mut g, 2).unwrap(), None);
        assert_eq!(merge_small_groups(&mut g, 5).unwrap_err().exit_code(), 2);
    }

    #[test]
    fn key_files_are_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = key_path_for(&dir.path().join("results"));
        assert_eq!(path, dir.path().join("results.key"));
        let (s1, created) = read_or_create_secret(&path).unwrap();
        assert!(created);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.trim().len(), 64);
        let (s2, created) = read_or_create_secret(&path).unwrap();
        assert!(!created);
        assert_eq!(s1, s2);
        assert_eq!(format!("{s1:?}"), "Secret(..)");
        std::fs::write(&path, "\n").unwrap();
        assert!(read_or_create_secret(&path).is_err());
    }

    #[test]
    fn quoted_ids_in_messages() {
        let ids = strings(&["ana", "bo"]);
        let names = strings(&["P-1", "P-2"]);
        assert_eq!(
            scrub_quoted_ids(
                "ties.csv: 2 ids (first: \"bo\" on line 3) \"x\"",
                &ids,
                &names
            ),
            "ties.csv: 2 ids (first: \"P-2\" on line 3) \"x\""
        );
        assert_eq!(
            withhold_quoted("r.csv:4: id \"ana\" is listed twice"),
            "r.csv:4: id \"…\" is listed twice"
        );
    }
}
