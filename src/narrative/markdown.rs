//! The Markdown writer: a pure function from a [`Document`] to CommonMark with pipe tables (as
//! GitHub and most editors render it). Charts are linked by their file name, relative to the
//! report, so report.md is read beside the PNGs of its folder.
//!
//! Every piece of text is escaped: CommonMark's special characters (`\ * _ [ ] < > | ` and the
//! like) get a backslash, so an id such as `*boss*` or `a|b` shows as written, never as markup
//! or a broken table; line breaks inside values become spaces.

use super::doc::{Block, Document, Span, Table, Text};

/// Characters that start or end CommonMark inline markup, HTML or entities, or split a table.
const SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '&', '~', '!', '{', '}',
];

/// Escapes `s` for use inside a Markdown paragraph, list item or table cell. An underscore
/// between two letters or digits (`dept_36`) cannot open or close emphasis in CommonMark and
/// is left as it is, so ids stay readable in the raw file.
pub fn escape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '_' if word(i.checked_sub(1)) && word(Some(i + 1)) => out.push('_'),
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Escapes what would start a block at the beginning of a line: a list marker (`-`, `+`,
/// `1.`, `1)`) or a setext underline (`=`).
fn escape_line_start(s: String) -> String {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let b = s.as_bytes();
    if matches!(b.first(), Some(b'-' | b'+' | b'=')) {
        format!("\\{s}")
    } else if digits > 0 && matches!(b.get(digits), Some(b'.' | b')')) {
        format!("{}\\{}", &s[..digits], &s[digits..])
    } else {
        s
    }
}

/// A text as inline Markdown (no block-start escaping: see [`block_text`]).
fn inline(t: &Text) -> String {
    let mut out = String::new();
    for span in &t.0 {
        match span {
            Span::Plain(s) => out += &escape(s),
            Span::Strong(s) | Span::Badge(s, _) if s.trim().is_empty() => out += &escape(s),
            Span::Strong(s) | Span::Badge(s, _) => {
                // Emphasis markers must touch the text: keep surrounding spaces outside them.
                let mark = if matches!(span, Span::Strong(_)) {
                    "**"
                } else {
                    "*"
                };
                let inner = s.trim();
                let lead = &s[..s.len() - s.trim_start().len()];
                let trail = &s[s.trim_end().len()..];
                out += &format!("{lead}{mark}{}{mark}{trail}", escape(inner));
            }
        }
    }
    out
}

/// A text that starts a block (paragraph, list item, quote).
fn text(t: &Text) -> String {
    escape_line_start(inline(t))
}

fn table(t: &Table, out: &mut String) {
    let cell = |x: String| if x.is_empty() { " ".to_string() } else { x };
    out.push('|');
    for c in &t.columns {
        out.push_str(&format!(" {} |", cell(escape(&c.title))));
    }
    out.push_str("\n|");
    for c in &t.columns {
        out.push_str(if c.numeric { " ---: |" } else { " --- |" });
    }
    out.push('\n');
    for row in &t.rows {
        out.push('|');
        for c in row {
            out.push_str(&format!(" {} |", cell(inline(c))));
        }
        out.push('\n');
    }
}

/// Writes `doc` as Markdown.
pub fn write(doc: &Document) -> Vec<u8> {
    let mut out = String::new();
    out += &format!("# {}\n\n", escape(&doc.title));
    if !doc.subtitle.is_empty() {
        out += &format!("{}\n\n", escape_line_start(escape(&doc.subtitle)));
    }
    for s in &doc.sections {
        out += &format!("## {}\n\n", escape(&s.heading));
        for b in &s.blocks {
            match b {
                Block::Subheading(h) => out += &format!("### {}\n\n", escape(h)),
                Block::Paragraph(t) => out += &format!("{}\n\n", text(t)),
                Block::Note(t) => out += &format!("> {}\n\n", text(t)),
                Block::Bullets(items) => {
                    for i in items {
                        out += &format!("- {}\n", text(i));
                    }
                    out.push('\n');
                }
                Block::KeyFigures(figs) => {
                    let items: Vec<String> = figs
                        .iter()
                        .map(|f| format!("**{}** {}", escape(&f.value), escape(&f.label)))
                        .collect();
                    out += &format!("{}\n\n", items.join(" · "));
                }
                Block::Table(t) => {
                    table(t, &mut out);
                    out.push('\n');
                }
                Block::Figure(f) => {
                    // The file name is ours (network.png, ...); angle brackets allow any name.
                    out += &format!(
                        "![{}](<{}>)\n\n*{}*\n\n",
                        escape(&f.alt),
                        f.file.replace(['<', '>', '\n'], ""),
                        escape(&f.caption)
                    );
                }
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::super::doc::{Figure, Section, Tone};
    use super::*;

    fn doc(blocks: Vec<Block>) -> String {
        let mut s = Section::new("s", "Section");
        s.blocks = blocks;
        let d = Document {
            title: "Title".into(),
            subtitle: "sub".into(),
            sections: vec![s],
        };
        String::from_utf8(write(&d)).unwrap()
    }

    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(
            escape("*boss* <b> a|b & c_d"),
            r"\*boss\* \<b\> a\|b \& c_d"
        );
        assert_eq!(escape("_x_ y_"), r"\_x\_ y\_");
        assert_eq!(escape("two\nlines"), "two lines");
        let md = doc(vec![Block::Paragraph(
            Text::new().plain("If ").strong("[x](y)").plain(" leaves"),
        )]);
        assert!(md.contains(r"If **\[x\](y)** leaves"), "{md}");
        // A value that would start a list stays a paragraph.
        let md = doc(vec![Block::Paragraph(Text::from("-1 and 2. x"))]);
        assert!(md.contains("\\-1 and 2. x"), "{md}");
        let md = doc(vec![Block::Bullets(vec![Text::from("12. twelve")])]);
        assert!(md.contains("- 12\\. twelve"), "{md}");
    }

    #[test]
    fn tables_align_numbers_and_escape_pipes() {
        let mut t = Table::new(&["Person", "#Reach lost"]);
        t.row(vec![Text::from("a|b"), Text::from("34%")]);
        t.row(vec![
            Text::new().badge("integrated", Tone::Good),
            Text::new(),
        ]);
        let md = doc(vec![Block::Table(t)]);
        assert!(
            md.contains(
                "| Person | Reach lost |\n| --- | ---: |\n| a\\|b | 34% |\n| *integrated* |   |\n"
            ),
            "{md}"
        );
    }

    #[test]
    fn strong_keeps_spaces_outside_the_markers() {
        let md = doc(vec![Block::Paragraph(
            Text::new().strong(" L26 ").plain("x"),
        )]);
        assert!(md.contains(" **L26** x"), "{md}");
    }

    #[test]
    fn figures_link_their_file() {
        let f = Figure {
            file: "network.png".into(),
            media_type: "image/png",
            bytes: vec![1, 2, 3],
            alt: "the network".into(),
            caption: "Who connects whom".into(),
        };
        let md = doc(vec![Block::Figure(f)]);
        assert!(
            md.contains("![the network](<network.png>)\n\n*Who connects whom*"),
            "{md}"
        );
        assert!(md.starts_with("# Title\n\nsub\n\n## Section\n\n"), "{md}");
        assert!(!md.ends_with("\n\n"));
    }
}
