//! report.html and report.md as `analyze` and `render` write them: self-contained, naming the
//! key people of summary.json, byte-identical on reruns, and written without charts too.

use base64::Engine;

use crate::util::{assert_ok, stdout, Workdir};

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn summary(dir: &std::path::Path) -> serde_json::Value {
    serde_json::from_str(&read(&dir.join("summary.json"))).unwrap()
}

/// The values of every `name="..."` attribute in `html`.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let pat = format!(" {name}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            &rest[..rest.find('"').expect("closing quote")]
        })
        .collect()
}

fn analyze_krackhardt(w: &Workdir, out: &str, extra: &[&str]) {
    let mut args = vec![
        "analyze",
        "--dataset",
        "krackhardt_hightech",
        "--out",
        out,
        "--chart-size",
        "800x600",
    ];
    args.extend(extra);
    assert_ok(&w.run(&args));
}

#[test]
fn the_report_is_self_contained_names_the_key_people_and_reruns_identically() {
    let w = Workdir::new();
    analyze_krackhardt(&w, "res", &[]);
    let dir = w.join("res");
    let html = read(&dir.join("report.html"));
    let md = read(&dir.join("report.md"));

    // Self-contained: no address outside the page, every image embedded.
    for attr in ["src", "href"] {
        for v in attributes(&html, attr) {
            assert!(
                v.starts_with("data:") || v.starts_with('#'),
                "{attr}=\"{}\" leaves the page",
                &v[..v.len().min(60)]
            );
        }
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script"), "no JavaScript");
    let imgs = attributes(&html, "src");
    let charts = ["network", "flows", "boundary", "brokers", "hoarding"];
    assert_eq!(imgs.len(), charts.len(), "one image per chart");
    for chart in charts {
        // Each image is the chart file of the folder, byte for byte.
        let png = std::fs::read(dir.join(format!("{chart}.png"))).unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
        let uri = format!("data:image/png;base64,{b64}");
        assert_eq!(imgs.iter().filter(|s| **s == uri).count(), 1, "{chart}");
        assert!(
            md.contains(&format!("](<{chart}.png>)")),
            "report.md links {chart}.png"
        );
    }

    // The top broker and the top single point of failure of summary.json, with their numbers.
    let s = summary(&dir);
    let kp = &s["key_people"];
    let broker = kp["top_brokers"][0]["id"].as_str().unwrap();
    let total = kp["top_brokers"][0]["brokerage_total"].as_u64().unwrap();
    let spof = kp["single_points_of_failure"][0]["id"].as_str().unwrap();
    let loss = kp["single_points_of_failure"][0]["reach_loss"]
        .as_f64()
        .unwrap();
    // The reference columns (tests/fixtures/reference/krackhardt_hightech__advice, from sna and
    // NetworkX) agree: M18 brokers 121 open two-paths; M21's leaving cuts 8/147 of the reach
    // across departments (5.4%).
    assert_eq!((broker, total, spof), ("M18", 121, "M21"));
    assert!((loss - 8.0 / 147.0).abs() < 1e-12, "{loss}");
    for text in [&html, &md] {
        assert!(
            text.contains(&format!(
                "<strong>{broker}</strong> (dept_3) stands between {total} pairs"
            )) || text.contains(&format!(
                "**{broker}** (dept_3) stands between {total} pairs"
            )),
            "top broker sentence missing"
        );
        assert!(
            text.contains("If <strong>M21</strong> (dept_1) leaves, 5.4% of the reach across departments is lost")
                || text.contains("If **M21** (dept_1) leaves, 5.4% of the reach across departments is lost"),
            "single point of failure sentence missing"
        );
    }
    // Every partnership of pairs.csv appears with its stage.
    let pairs = read(&dir.join("pairs.csv"));
    for row in pairs.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        let name = format!("{}–{}", cells[0], cells[1]);
        assert!(md.contains(&name), "{name} missing from report.md");
    }

    // A rerun writes byte-identical reports.
    analyze_krackhardt(&w, "res", &[]);
    assert_eq!(read(&dir.join("report.html")), html);
    assert_eq!(read(&dir.join("report.md")), md);
}

#[test]
fn without_charts_or_metric_families_the_report_says_what_is_missing() {
    let w = Workdir::new();
    analyze_krackhardt(&w, "lean", &["--no-charts", "--metrics", "betweenness"]);
    let dir = w.join("lean");
    let html = read(&dir.join("report.html"));
    let md = read(&dir.join("report.md"));
    assert!(!html.contains("<img"), "no charts, no images");
    assert!(!md.contains("!["));
    for text in [&html, &md] {
        assert!(text.contains("This folder holds no charts"));
        assert!(text.contains("Brokerage was not computed"));
        assert!(text.contains("Reach loss was not computed"));
        assert!(text.contains("so it counts as 0 and every score is conservative"));
    }
    // `render` draws the charts and refreshes the report with them.
    let o = w.run(&["render", "lean", "--chart-size", "640x480"]);
    assert_ok(&o);
    assert!(stdout(&o).contains("report.html"), "{}", stdout(&o));
    let html = read(&dir.join("report.html"));
    let png = std::fs::read(dir.join("network.png")).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
    assert!(html.contains(&b64), "the redrawn chart is embedded");
    assert!(!html.contains("This folder holds no charts"));
}

#[test]
fn ids_and_group_names_with_markup_are_escaped() {
    let w = Workdir::new();
    // Two groups whose names and ids hold HTML and Markdown syntax and non-ASCII letters.
    w.write(
        "nodes.csv",
        "id,org\n<b>boss</b>,R&D <lab>\n\"O'Brien\",R&D <lab>\nZoë|1,\"Sales \"\"EU\"\"\"\n*star*,\"Sales \"\"EU\"\"\"\n",
    );
    w.write(
        "ties.csv",
        "source,target\n<b>boss</b>,\"O'Brien\"\n\"O'Brien\",<b>boss</b>\n<b>boss</b>,Zoë|1\nZoë|1,*star*\n*star*,Zoë|1\nZoë|1,<b>boss</b>\n\"O'Brien\",*star*\n",
    );
    let o = w.run(&[
        "analyze",
        "--edges",
        "ties.csv",
        "--nodes",
        "nodes.csv",
        "--out",
        "esc",
        "--no-charts",
    ]);
    assert_ok(&o);
    let html = read(&w.join("esc/report.html"));
    assert!(!html.contains("<b>boss"), "raw markup from the data");
    assert!(!html.contains("<lab>"));
    assert!(html.contains("&lt;b&gt;boss&lt;/b&gt;"));
    assert!(html.contains("R&amp;D &lt;lab&gt;–Sales &quot;EU&quot;"));
    assert!(html.contains("Zoë|1"));
    assert!(html.contains("<strong>O&#x27;Brien</strong>"));
    assert!(html.contains("<strong>*star*</strong>"));
    let md = read(&w.join("esc/report.md"));
    assert!(md.contains(r"\<b\>boss\</b\>"), "{md}");
    assert!(md.contains(r"R\&D \<lab\>–Sales"), "{md}");
    // In a table cell the pipe is escaped so the row keeps its columns.
    assert!(md.contains(r"Zoë\|1"), "{md}");
    assert!(md.contains(r"\*star\*"), "{md}");
}

#[test]
fn estimated_measures_are_flagged() {
    let w = Workdir::new();
    analyze_krackhardt(
        &w,
        "approx",
        &[
            "--no-charts",
            "--betweenness",
            "approx",
            "--paths",
            "approx",
        ],
    );
    let md = read(&w.join("approx/report.md"));
    let s = summary(&w.join("approx"));
    let samples = s["estimated"]["reach_loss"]["samples"].as_u64().unwrap();
    assert!(md.contains("some measures estimated"), "{md}");
    assert!(md.contains("Estimated by sampling instead of computed exactly"));
    assert!(md.contains(&format!(
        "These figures are estimates from {samples} sampled starting people"
    )));
    // The reach a pair loses is not computed when sampled: robustness counts as 0.
    assert!(md.contains("robustness counts as 0, so every score is conservative"));
}
