//! The report: report.html and report.md, written in plain language for a manager, built from
//! an output folder's published files.
//!
//! ```text
//!  summary.json, pairs.csv, people.csv, groups.csv, ties.csv, charts
//!  (+ introductions.csv, introductions_effect.csv, recommendations.json with --recommend K)
//!      ─folder::Outputs::read─▶ Outputs ─build─▶ Document ─markdown::write─▶ report.md
//!                                                           └─html::write───▶ report.html
//! ```
//!
//! Every statement is made from the numbers in those files, never from text written for one
//! dataset: [`build`] reads the folder back (as `grapevine render` does for charts), so the
//! report says what the tables say. `analyze` writes it into its staging folder after the
//! tables and charts; `grapevine render` rewrites it after redrawing the charts.
//!
//! | section (id) | built by | from |
//! |---|---|---|
//! | Key findings (`findings`) | [`overview::findings`] | the headline of every section below |
//! | The network (`network`) | [`overview::network`] | summary.json; network chart |
//! | Partnerships (`partnerships`) | [`partners::section`] | pairs.csv, groups.csv sizes; flows chart |
//! | Brokers (`brokers`) | [`people::brokers`] | `top_brokers`, `boundary_spanners`, people.csv roles, ties.csv contacts; brokers chart |
//! | Hoarders (`hoarders`) | [`people::hoarders`] | `hoarders`, people.csv degrees (the rule's floor); hoarding chart |
//! | Single points of failure (`risk`) | [`people::risk`] | `single_points_of_failure`, people.csv reach_loss, pairs.csv reach_lost_top_spanner |
//! | Formal vs informal (`structure`) | [`structure::section`] | E–I, p-value, modularities, people.csv community, groups.csv; boundary chart |
//! | Recommended introductions (`introductions`, only with `--recommend K`) | [`introductions::section`] | introductions.csv, introductions_effect.csv, recommendations.json |
//! | About this report (`about`) | [`overview::about`] | provenance, `computed`, `estimated` |
//!
//! Other commands add their own sections with [`doc::Document::add_section`] (placed before
//! "About this report") and write the result with [`write_document`].
//!
//! The writers are pure (`&Document → Vec<u8>`), and nothing depends on the clock but the
//! date already in summary.json, so the same folder always gives byte-identical reports.
//! Cost: O(people + ties) to read the folder, O(groups²) for the pairs.

pub mod compare;
pub mod doc;
pub mod folder;
pub mod html;
pub mod introductions;
pub mod markdown;
pub mod overview;
pub mod partners;
pub mod people;
pub mod structure;
pub mod words;

use std::path::Path;

use crate::error::{Error, Result};
use doc::{Block, Document, Figure};
use folder::Outputs;
use words::{capital, int, plural_of};

/// The report files, in the order they are written.
pub const REPORT_FILES: [&str; 2] = ["report.html", "report.md"];

/// What every section needs: the folder's data and the words for a group.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The output folder's data.
    pub o: &'a Outputs,
    /// The word for one group ("office"; "group" when the folder names none).
    pub word: String,
    /// Its plural ("offices").
    pub words: String,
    /// The word capitalised, for table headers ("Office").
    pub word_title: String,
}

impl<'a> Ctx<'a> {
    /// The context of `o`.
    pub fn new(o: &'a Outputs) -> Ctx<'a> {
        let w = o.summary.group_word.trim();
        let word = if w.is_empty() { "group" } else { w }.to_string();
        Ctx {
            o,
            words: plural_of(&word),
            word_title: capital(&word),
            word,
        }
    }

    /// The relation, as the text names it ("advice"; "all relations merged" for `all`).
    pub fn relation(&self) -> String {
        match self.o.summary.relation.as_str() {
            "all" => "all relations merged".to_string(),
            r => r.to_string(),
        }
    }

    /// "advice tie" (or "tie" when the relation is unnamed or merged).
    pub fn tie_word(&self) -> String {
        match self.o.summary.relation.as_str() {
            "" | "all" => "tie".into(),
            r => format!("{r} tie"),
        }
    }

    /// "advice ties".
    pub fn ties_word(&self) -> String {
        self.tie_word() + "s"
    }

    /// "Advice ties".
    pub fn ties_word_capital(&self) -> String {
        capital(&self.ties_word())
    }

    /// The chart `name` as a figure, when the folder has it.
    pub fn figure(&self, name: &str, alt: &str, caption: &str) -> Option<Block> {
        let c = self.o.charts.get(name)?;
        Some(Block::Figure(Figure {
            file: c.file.clone(),
            media_type: c.media_type,
            bytes: c.bytes.clone(),
            alt: alt.to_string(),
            caption: format!("{caption} ({})", c.file),
        }))
    }
}

/// The report of already-read outputs.
pub fn document(o: &Outputs) -> Document {
    let ctx = Ctx::new(o);
    let s = &o.summary;
    let grouping = if s.groups < 2 {
        "one group".to_string()
    } else {
        format!("{} {}", int(s.groups), ctx.words)
    };
    let mut subtitle = format!(
        "Informal-network report · {} · {grouping} · analysed on {}",
        if s.relation == "all" {
            "all relations merged".to_string()
        } else {
            ctx.ties_word()
        },
        s.analysed_on
    );
    if !s.estimated.is_empty() {
        subtitle += " · some measures estimated (see the end)";
    }
    let mut doc = Document {
        title: if s.dataset.is_empty() {
            "Network report".to_string()
        } else {
            s.dataset.clone()
        },
        subtitle,
        sections: vec![
            overview::findings(&ctx),
            overview::network(&ctx),
            partners::section(&ctx),
            people::brokers(&ctx),
            people::hoarders(&ctx),
            people::risk(&ctx),
            structure::section(&ctx),
            overview::about(&ctx),
        ],
    };
    if let Some(intro) = introductions::section(&ctx) {
        doc.add_section(intro);
    }
    doc
}

/// Reads the output folder `dir` and builds its report; `chart_ext` (`png` or `svg`) is the
/// chart format to embed when both are present.
pub fn build(dir: &Path, chart_ext: &str) -> Result<Document> {
    Ok(document(&Outputs::read(dir, chart_ext)?))
}

/// Writes `doc` into `dir` as report.html and report.md, each through a temporary file renamed
/// into place, so a reader never sees half a report.
pub fn write_document(dir: &Path, doc: &Document) -> Result<()> {
    for (name, bytes) in [
        (REPORT_FILES[0], html::write(doc)),
        (REPORT_FILES[1], markdown::write(doc)),
    ] {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, &bytes).map_err(|e| Error::io(&path, "cannot write", e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, "cannot write", e))?;
    }
    Ok(())
}

/// Builds the report of the output folder `dir` and writes it there.
pub fn write(dir: &Path, chart_ext: &str) -> Result<()> {
    write_document(dir, &build(dir, chart_ext)?)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Empty outputs with every family computed and knowledge flowing along the ties.
    pub fn outputs() -> Outputs {
        let mut o = Outputs::default();
        o.summary.flow = "along".into();
        o.summary.computed = crate::analysis::Family::ALL
            .iter()
            .map(|(_, n)| n.to_string())
            .collect();
        o
    }

    pub fn ctx_of(o: &Outputs) -> Ctx<'_> {
        Ctx::new(o)
    }

    #[test]
    fn group_words_and_relations() {
        let mut o = outputs();
        assert_eq!(ctx_of(&o).words, "groups");
        o.summary.group_word = "company".into();
        o.summary.relation = "advice".into();
        let c = ctx_of(&o);
        assert_eq!(
            (c.words.as_str(), c.word_title.as_str()),
            ("companies", "Company")
        );
        assert_eq!(c.ties_word_capital(), "Advice ties");
        o.summary.relation = "all".into();
        assert_eq!(ctx_of(&o).ties_word(), "ties");
        assert_eq!(ctx_of(&o).relation(), "all relations merged");
    }

    #[test]
    fn an_empty_folder_still_reads_as_sentences() {
        // No people, no groups, nothing computed: every section still says something true.
        let mut o = outputs();
        o.summary.computed.clear();
        let d = document(&o);
        assert_eq!(d.sections.len(), 8);
        let md = String::from_utf8(markdown::write(&d)).unwrap();
        assert!(md.contains("Brokerage was not computed"), "{md}");
        assert!(md.contains("no charts"), "{md}");
    }
}
