//! The HTML writer: a pure function from a [`Document`] to one self-contained HTML page. The
//! charts are embedded as base64 `data:` URIs and the style sheet is inline, so the file can be
//! mailed or opened offline; the page has no script, and its Content-Security-Policy forbids
//! every request except embedded images and the inline style.
//!
//! Every value is entity-escaped (`&`, `<`, `>`, `"`, `'`) with `html-escape`, in text and in
//! attributes alike, so ids and group names may hold any character.

use base64::Engine;
use html_escape::encode_quoted_attribute as esc;

use super::doc::{Block, Document, Figure, Span, Table, Text, Tone};

/// The style sheet: readable on screen and on paper, no web fonts.
const CSS: &str = "\
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#1f5f9e}
*{box-sizing:border-box}
body{margin:0;background:#eef1f4;color:var(--ink);font:16px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'DejaVu Sans',sans-serif}
main{max-width:1200px;margin:0 auto;background:#fff;padding:36px 48px 56px;min-height:100vh}
header{border-bottom:3px solid var(--accent);padding-bottom:14px;margin-bottom:22px}
h1{font-size:30px;line-height:1.2;margin:0 0 6px}
.subtitle{color:var(--muted);margin:0}
nav{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:10px 18px;margin:0 0 28px}
nav ol{margin:4px 0;padding-left:22px;columns:2;column-gap:36px}
nav a{color:var(--accent);text-decoration:none}
nav strong{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
section{margin:0 0 36px}
h2{font-size:23px;margin:0 0 12px;padding-top:8px;border-top:1px solid var(--line)}
section:first-of-type h2{border-top:0}
h3{font-size:18px;margin:22px 0 8px}
p{margin:0 0 12px}
ul{margin:0 0 14px;padding-left:22px}
li{margin:0 0 6px}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:0 0 18px}
.figure{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.figure b{display:block;font-size:26px;line-height:1.15;color:var(--accent)}
.figure span{color:var(--muted);font-size:14px}
.table{overflow-x:auto;margin:0 0 16px}
table{border-collapse:collapse;font-size:14px}
th,td{padding:6px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:13px;line-height:1.3;vertical-align:bottom}
th{background:var(--soft);font-weight:600;border-bottom:2px solid var(--line)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
figure{margin:8px 0 22px}
figure img{display:block;width:100%;height:auto;border:1px solid var(--line);border-radius:6px}
figcaption{color:var(--muted);font-size:14px;margin-top:6px}
.note{border-left:4px solid #b7c4d1;background:var(--soft);padding:8px 14px;margin:0 0 14px;color:#3d4650;font-size:15px}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:13px;font-weight:600;white-space:nowrap}
.good{background:#dcf2e3;color:#11612f}.fair{background:#fdf0cf;color:#7a5300}
.poor{background:#fbe0dd;color:#9b2318}.neutral{background:#e8ebef;color:#4b5563}
@media print{body{background:#fff}main{padding:0;max-width:none}nav{display:none}figure,table{break-inside:avoid}}
@media (max-width:700px){main{padding:20px}nav ol{columns:1}}
";

fn tone(t: Tone) -> &'static str {
    match t {
        Tone::Good => "good",
        Tone::Fair => "fair",
        Tone::Poor => "poor",
        Tone::Neutral => "neutral",
    }
}

fn text(t: &Text, out: &mut String) {
    for span in &t.0 {
        match span {
            Span::Plain(s) => out.push_str(&esc(s)),
            Span::Strong(s) => {
                out.push_str("<strong>");
                out.push_str(&esc(s));
                out.push_str("</strong>");
            }
            Span::Badge(s, t) => {
                out.push_str(&format!(
                    "<span class=\"badge {}\">{}</span>",
                    tone(*t),
                    esc(s)
                ));
            }
        }
    }
}

fn table(t: &Table, out: &mut String) {
    let class = |numeric: bool| if numeric { " class=\"n\"" } else { "" };
    out.push_str("<div class=\"table\"><table>\n<thead><tr>");
    for c in &t.columns {
        out.push_str(&format!("<th{}>{}</th>", class(c.numeric), esc(&c.title)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (c, cell) in t.columns.iter().zip(row) {
            out.push_str(&format!("<td{}>", class(c.numeric)));
            text(cell, out);
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

fn figure(f: &Figure, out: &mut String) {
    let data = base64::engine::general_purpose::STANDARD.encode(&f.bytes);
    out.push_str(&format!(
        "<figure><img src=\"data:{};base64,{data}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n",
        f.media_type,
        esc(&f.alt),
        esc(&f.caption)
    ));
}

/// Writes `doc` as one self-contained HTML page.
pub fn write(doc: &Document) -> Vec<u8> {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         img-src data:; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"Grapevine\">\n");
    out.push_str(&format!("<title>{}</title>\n", esc(&doc.title)));
    out.push_str(&format!(
        "<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
    ));
    out.push_str(&format!("<header><h1>{}</h1>", esc(&doc.title)));
    if !doc.subtitle.is_empty() {
        out.push_str(&format!("<p class=\"subtitle\">{}</p>", esc(&doc.subtitle)));
    }
    out.push_str("</header>\n");
    if doc.sections.len() > 1 {
        out.push_str("<nav><strong>Contents</strong><ol>");
        for s in &doc.sections {
            out.push_str(&format!(
                "<li><a href=\"#{}\">{}</a></li>",
                esc(&s.id),
                esc(&s.heading)
            ));
        }
        out.push_str("</ol></nav>\n");
    }
    for s in &doc.sections {
        out.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n",
            esc(&s.id),
            esc(&s.heading)
        ));
        for b in &s.blocks {
            match b {
                Block::Subheading(h) => out.push_str(&format!("<h3>{}</h3>\n", esc(h))),
                Block::Paragraph(t) => {
                    out.push_str("<p>");
                    text(t, &mut out);
                    out.push_str("</p>\n");
                }
                Block::Note(t) => {
                    out.push_str("<p class=\"note\">");
                    text(t, &mut out);
                    out.push_str("</p>\n");
                }
                Block::Bullets(items) => {
                    out.push_str("<ul>\n");
                    for i in items {
                        out.push_str("<li>");
                        text(i, &mut out);
                        out.push_str("</li>\n");
                    }
                    out.push_str("</ul>\n");
                }
                Block::KeyFigures(figs) => {
                    out.push_str("<div class=\"figures\">");
                    for f in figs {
                        out.push_str(&format!(
                            "<div class=\"figure\"><b>{}</b><span>{}</span></div>",
                            esc(&f.value),
                            esc(&f.label)
                        ));
                    }
                    out.push_str("</div>\n");
                }
                Block::Table(t) => table(t, &mut out),
                Block::Figure(f) => figure(f, &mut out),
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::super::doc::{KeyFigure, Section};
    use super::*;

    fn page(blocks: Vec<Block>) -> String {
        let mut s = Section::new("s", "Section <1>");
        s.blocks = blocks;
        let d = Document {
            title: "A & B \"quoted\"".into(),
            subtitle: "it's <here>".into(),
            sections: vec![s],
        };
        String::from_utf8(write(&d)).unwrap()
    }

    #[test]
    fn every_value_is_entity_escaped() {
        let html = page(vec![
            Block::Paragraph(
                Text::new()
                    .plain("<script>alert(1)</script>")
                    .strong("O'Neil & \"Co\""),
            ),
            Block::KeyFigures(vec![KeyFigure {
                value: "<5".into(),
                label: "a&b".into(),
            }]),
        ]);
        assert!(
            html.contains("<title>A &amp; B &quot;quoted&quot;</title>"),
            "{html}"
        );
        assert!(html.contains("<p class=\"subtitle\">it&#x27;s &lt;here&gt;</p>"));
        assert!(html.contains("<h2>Section &lt;1&gt;</h2>"));
        assert!(html.contains(
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;<strong>O&#x27;Neil &amp; &quot;Co&quot;</strong></p>"
        ));
        assert!(html.contains("<b>&lt;5</b><span>a&amp;b</span>"));
        assert!(!html.contains("<script"), "no script in the page");
    }

    #[test]
    fn tables_mark_numeric_cells() {
        let mut t = Table::new(&["Pair", "#Score"]);
        t.row(vec![
            Text::new().plain("Boston–Hartford"),
            Text::new().badge("0.77", Tone::Good),
        ]);
        let html = page(vec![Block::Table(t)]);
        assert!(html.contains(
            "<thead><tr><th>Pair</th><th class=\"n\">Score</th></tr></thead>\n<tbody>\n\
             <tr><td>Boston–Hartford</td><td class=\"n\"><span class=\"badge good\">0.77</span></td></tr>"
        ), "{html}");
    }

    #[test]
    fn figures_are_embedded_as_data_uris() {
        let html = page(vec![Block::Figure(Figure {
            file: "network.png".into(),
            media_type: "image/png",
            bytes: b"\x89PNG".to_vec(),
            alt: "who \"connects\"".into(),
            caption: "c".into(),
        })]);
        assert!(
            html.contains(
                "<img src=\"data:image/png;base64,iVBORw==\" alt=\"who &quot;connects&quot;\">"
            ),
            "{html}"
        );
        assert!(!html.contains("network.png"));
        // One section: no table of contents.
        assert!(!html.contains("<nav>"));
    }
}
