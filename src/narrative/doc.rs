//! The document model: what a report says, independent of how it is written. A
//! [`Document`] is a title and a list of [`Section`]s; each section is a heading and a list of
//! [`Block`]s (paragraphs, bullet lists, tables, figures, notes, key figures). The writers in
//! [`super::markdown`] and [`super::html`] turn it into bytes.

/// How a badge is coloured: good news, mixed, bad news, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Integrated, robust.
    Good,
    /// Coordinated, partial.
    Fair,
    /// Arms-length, fragile.
    Poor,
    /// No judgement (no ties).
    Neutral,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    /// Plain text.
    Plain(String),
    /// Emphasised text (names and the figures that matter).
    Strong(String),
    /// A short coloured label, e.g. a partnership stage.
    Badge(String, Tone),
}

/// A line of text made of spans. Build it with [`Text::plain`], [`Text::strong`] and
/// [`Text::badge`], or from a `&str`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(pub Vec<Span>);

impl Text {
    /// An empty text.
    pub fn new() -> Text {
        Text::default()
    }

    /// Appends plain text.
    pub fn plain(mut self, s: impl Into<String>) -> Text {
        self.0.push(Span::Plain(s.into()));
        self
    }

    /// Appends emphasised text.
    pub fn strong(mut self, s: impl Into<String>) -> Text {
        self.0.push(Span::Strong(s.into()));
        self
    }

    /// Appends a badge.
    pub fn badge(mut self, s: impl Into<String>, tone: Tone) -> Text {
        self.0.push(Span::Badge(s.into(), tone));
        self
    }

    /// Appends every span of `other`.
    pub fn then(mut self, other: Text) -> Text {
        self.0.extend(other.0);
        self
    }

    /// The text without styles (for tests and alt texts).
    pub fn to_plain(&self) -> String {
        self.0
            .iter()
            .map(|s| match s {
                Span::Plain(t) | Span::Strong(t) | Span::Badge(t, _) => t.as_str(),
            })
            .collect()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::new().plain(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::new().plain(s)
    }
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Column title.
    pub title: String,
    /// Numbers are right-aligned.
    pub numeric: bool,
}

/// A table: column titles and rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows; each has one cell per column.
    pub rows: Vec<Vec<Text>>,
}

impl Table {
    /// A table with the given columns; a title starting with `#` is numeric (the `#` is
    /// dropped), e.g. `["Person", "#Reach lost"]`.
    pub fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns
                .iter()
                .map(|c| match c.strip_prefix('#') {
                    Some(t) => Column {
                        title: t.to_string(),
                        numeric: true,
                    },
                    None => Column {
                        title: c.to_string(),
                        numeric: false,
                    },
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row (one cell per column).
    pub fn row(&mut self, cells: Vec<Text>) {
        debug_assert_eq!(cells.len(), self.columns.len(), "one cell per column");
        self.rows.push(cells);
    }
}

/// A chart: its file in the output folder and its bytes (the HTML report embeds them).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// File name relative to the report (the Markdown report links it).
    pub file: String,
    /// Media type, e.g. `image/png`.
    pub media_type: &'static str,
    /// The image bytes.
    pub bytes: Vec<u8>,
    /// What the chart shows, for readers who cannot see it.
    pub alt: String,
    /// Caption under the chart.
    pub caption: String,
}

/// A headline number with its label ("71" / "people").
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFigure {
    /// The number, formatted.
    pub value: String,
    /// What it counts.
    pub label: String,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A sub-heading inside a section.
    Subheading(String),
    /// A paragraph.
    Paragraph(Text),
    /// A bullet list.
    Bullets(Vec<Text>),
    /// A table.
    Table(Table),
    /// A chart.
    Figure(Figure),
    /// A side remark: what was not computed, what is estimated.
    Note(Text),
    /// A row of headline numbers.
    KeyFigures(Vec<KeyFigure>),
}

/// A section: an anchor id, a heading and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Anchor (ASCII letters, digits and `-`).
    pub id: String,
    /// Heading.
    pub heading: String,
    /// Content.
    pub blocks: Vec<Block>,
}

impl Section {
    /// An empty section.
    pub fn new(id: &str, heading: impl Into<String>) -> Section {
        debug_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        Section {
            id: id.to_string(),
            heading: heading.into(),
            blocks: Vec::new(),
        }
    }

    /// Appends a paragraph.
    pub fn paragraph(&mut self, t: impl Into<Text>) {
        self.blocks.push(Block::Paragraph(t.into()));
    }

    /// Appends a note.
    pub fn note(&mut self, t: impl Into<Text>) {
        self.blocks.push(Block::Note(t.into()));
    }

    /// Appends any block.
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }
}

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Title (the dataset).
    pub title: String,
    /// One line under the title: relation, grouping, date.
    pub subtitle: String,
    /// The sections, in reading order.
    pub sections: Vec<Section>,
}

impl Document {
    /// Adds a section before the closing "About this report" section (id `about`), or at the
    /// end when there is none. Commands that add to a report (e.g. a comparison of two survey
    /// waves) use this, so the method notes stay last.
    pub fn add_section(&mut self, s: Section) {
        match self.sections.iter().position(|x| x.id == "about") {
            Some(i) => self.sections.insert(i, s),
            None => self.sections.push(s),
        }
    }

    /// The section with anchor `id`.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_added_before_the_notes() {
        let mut d = Document {
            title: "t".into(),
            subtitle: String::new(),
            sections: vec![Section::new("a", "A"), Section::new("about", "About")],
        };
        d.add_section(Section::new("compare", "Compare"));
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a", "compare", "about"]);
    }

    #[test]
    fn numeric_columns_and_plain_text() {
        let t = Table::new(&["Person", "#Reach lost"]);
        assert!(!t.columns[0].numeric);
        assert!(t.columns[1].numeric);
        assert_eq!(t.columns[1].title, "Reach lost");
        let x = Text::new().plain("If ").strong("L37").plain(" leaves");
        assert_eq!(x.to_plain(), "If L37 leaves");
    }
}
