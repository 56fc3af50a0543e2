//! `grapevine import`: the same survey answers as a wide export, a long export, two matrices,
//! UTF-16 and Windows-1252 copies and an XLSX copy must all give the same, hand-derived edge
//! list; what cannot be matched goes to the unmatched report; bad input gets a one-line error.
//!
//! The fixtures (tests/fixtures/survey/) are 12 people in 3 organizations (roster.csv) and the
//! answers of 10 of them (p04 Tom Becker and p12 Kenji Watanabe did not respond) to two
//! questions, advice and information, with up to 5 names each and a frequency label
//! (scale Never=0, Rarely=1, Sometimes=2, Often=3, Very often=4).

use crate::util::{assert_ok, stderr, Workdir};

const SCALE: &str = "Never=0,Rarely=1,Sometimes=2,Often=3,Very often=4";

/// The expected ties, derived by hand from the answers in responses_wide.csv:
/// - names are written as in the roster, without accents ("Chloe Dubois", "Bjorn Lindqvist"),
///   "Last, First" ("DUBOIS, CHLOE", "Watanabe, Kenji"), with German "ue" ("Anna Mueller"),
///   extra spaces, as e-mails ("Jose Garcia <jgarcia@bridge.org>") or as ids ("p06");
/// - "Never" answers (p01 → Tom Becker, p09 → Maria Silva, information) have weight 0: no tie;
/// - p07 named Siobhán twice for information (Very often, Sometimes): one tie, weight 4;
/// - p07 → Maria Silva (advice) has the numeric answer 3;
/// - sorted by relation, then source and target in roster order.
const EXPECTED: &str = "\
source,target,weight,relation
p01,p03,4,advice
p01,p04,2,advice
p02,p01,4,advice
p02,p03,3,advice
p02,p06,2,advice
p03,p01,3,advice
p03,p05,2,advice
p05,p01,1,advice
p05,p06,4,advice
p05,p07,3,advice
p05,p08,2,advice
p06,p05,3,advice
p07,p05,4,advice
p07,p06,3,advice
p07,p11,3,advice
p08,p07,3,advice
p09,p10,4,advice
p09,p11,3,advice
p09,p12,2,advice
p10,p03,1,advice
p10,p09,3,advice
p10,p11,2,advice
p11,p07,1,advice
p11,p09,2,advice
p11,p10,3,advice
p01,p03,3,information
p01,p07,1,information
p02,p01,3,information
p02,p03,1,information
p02,p10,2,information
p03,p12,4,information
p05,p06,3,information
p06,p07,2,information
p07,p01,1,information
p07,p05,4,information
p08,p04,4,information
p08,p10,3,information
p09,p10,3,information
p09,p12,3,information
p10,p09,4,information
p10,p12,2,information
p11,p01,3,information
p11,p10,2,information
p11,p12,3,information
";

/// The answers that cannot be placed: (respondent, relation, answer, reason, best candidate).
const UNMATCHED: &[(&str, &str, &str, &str, &str)] = &[
    // José García (p02, Acme) and Jose Garcia (p08, Bridge) have the same normalised name.
    (
        "p01",
        "advice",
        "Jose Garcia",
        "ambiguous: several people in the roster match",
        "p02",
    ),
    ("p03", "advice", "Chloé Dubois", "names the respondent", ""),
    ("p03", "information", "Jon Smith", "not in the roster", ""),
    ("p05", "information", "Maria", "not in the roster", "p11"),
    (
        "p06",
        "advice",
        "Jose Garcia",
        "ambiguous: several people in the roster match",
        "p02",
    ),
    (
        "p06",
        "advice",
        "Bjrn Lindqvist",
        "not in the roster",
        "p10",
    ),
    (
        "p06",
        "information",
        "Fatima El Idrissi",
        "not in the roster",
        "p09",
    ),
    ("p08", "advice", "Lucas Nowak", "not in the roster", "p06"),
    ("p10", "advice", "Priya Raman", "not in the roster", ""),
];

fn fixture(name: &str) -> Vec<u8> {
    let p = crate::util::repo().join("tests/fixtures/survey").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn survey_dir() -> Workdir {
    let wd = Workdir::new();
    wd.write("roster.csv", fixture("roster.csv"));
    wd
}

fn import(wd: &Workdir, responses: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import",
        responses,
        "--roster",
        "roster.csv",
        "--out",
        "out/ties.csv",
        "--scale",
        SCALE,
    ];
    args.extend_from_slice(extra);
    wd.run(&args)
}

fn edges(wd: &Workdir) -> String {
    std::fs::read_to_string(wd.join("out/ties.csv")).unwrap()
}

/// The unmatched report as (respondent, relation, answer, reason, first candidate id), sorted.
fn unmatched(wd: &Workdir) -> Vec<(String, String, String, String, String)> {
    let mut r = csv::Reader::from_path(wd.join("out/ties.unmatched.csv")).unwrap();
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        vec![
            "line",
            "column",
            "respondent",
            "relation",
            "answer",
            "reason",
            "candidates"
        ]
    );
    let mut rows: Vec<_> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            let first = rec[6].split(' ').next().unwrap_or("").to_string();
            (
                rec[2].to_string(),
                rec[3].to_string(),
                rec[4].to_string(),
                rec[5].to_string(),
                first,
            )
        })
        .collect();
    rows.sort();
    rows
}

fn expected_unmatched() -> Vec<(String, String, String, String, String)> {
    let mut v: Vec<_> = UNMATCHED
        .iter()
        .map(|t| {
            (
                t.0.to_string(),
                t.1.to_string(),
                t.2.to_string(),
                t.3.to_string(),
                t.4.to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn assert_same_as_wide(wd: &Workdir, out: &std::process::Output) {
    assert_ok(out);
    assert_eq!(edges(wd), EXPECTED);
    assert_eq!(unmatched(wd), expected_unmatched());
}

#[test]
fn wide_csv() {
    let wd = survey_dir();
    wd.write("responses.csv", fixture("responses_wide.csv"));
    let out = import(&wd, "responses.csv", &[]);
    assert_same_as_wide(&wd, &out);
    let err = stderr(&out);
    assert!(
        err.contains("(wide: respondent column `Email Address`"),
        "{err}"
    );
    // 10 of 12 responded: Acme 3 of 4 (Tom did not), Bridge 4 of 4, Civic 3 of 4 (Kenji not).
    assert!(
        err.contains("respondents: 10 of 12 (83%); by org: Acme 3/4 (75%), Bridge 4/4 (100%), Civic 3/4 (75%)"),
        "{err}"
    );
    // 56 names given; 2 "Never" (weight 0); 9 unmatched; 45 matched: by id "p06", "p12";
    // by e-mail tom.becker@, anna.mueller@, <jgarcia@bridge.org>, lukas.nowak@, maria.silva@;
    // the other 38 by name. 45 matched answers give 44 ties (p07's repeated answer).
    assert!(
        err.contains(
            "answers: 56 read; 45 matched (2 by id, 5 by e-mail, 38 by name); 9 unmatched \
             (6 not in the roster, 2 ambiguous, 1 naming the respondent)"
        ),
        "{err}"
    );
    assert!(
        err.contains("ties: 44 written to out/ties.csv (advice 25, information 19)"),
        "{err}"
    );
    assert!(
        err.contains("2 answers of weight 0 are not ties; 1 repeated answers merged"),
        "{err}"
    );

    // "Maria" alone: both Marias are candidates, never a guess. Jaro–Winkler by hand:
    // "maria" vs "maria silva": 5 matches, no transpositions, J = (1 + 5/11 + 1)/3 = 0.81818,
    // prefix 4: JW = 0.81818 + 0.4 * 0.18182 = 0.89091; vs "maria santos": J = (1 + 5/12 + 1)/3
    // = 0.80556, JW = 0.80556 + 0.4 * 0.19444 = 0.88333. The next best, "garcia jose" (sorted
    // tokens of José García), shares 4 letters in order: J = (4/5 + 4/11 + 1)/3 = 0.72121, no
    // common prefix: below the 0.75 threshold, so not offered.
    let report = std::fs::read_to_string(wd.join("out/ties.unmatched.csv")).unwrap();
    assert!(
        report.contains(
            "5,information_2,p05,information,Maria,not in the roster,p11 (Maria Silva) 0.89; p07 (Maria Santos) 0.88\n"
        ),
        "{report}"
    );
    assert!(
        report.contains("2,advice_1,p01,advice,Jose Garcia,ambiguous: several people in the roster match,p02 (José García) 1.00; p08 (Jose Garcia) 1.00\n"),
        "{report}"
    );
}

#[test]
fn long_csv_semicolons() {
    let wd = survey_dir();
    wd.write("long.csv", fixture("responses_long.csv"));
    let out = import(&wd, "long.csv", &[]);
    assert_same_as_wide(&wd, &out);
    assert!(stderr(&out).contains("(long: respondent column `respondent`, contact column `contact`, relation column `question`, strength column `frequency`)"), "{}", stderr(&out));
}

#[test]
fn utf16_tab_separated_copy() {
    // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated.
    let wd = survey_dir();
    let text = String::from_utf8(fixture("responses_wide.csv")).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut tsv = String::new();
    for rec in r.records() {
        tsv += &rec.unwrap().iter().collect::<Vec<_>>().join("\t");
        tsv += "\r\n";
    }
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(tsv.encode_utf16().flat_map(u16::to_le_bytes));
    wd.write("responses.txt", bytes);
    let out = import(&wd, "responses.txt", &[]);
    assert_same_as_wide(&wd, &out);
}

#[test]
fn windows_1252_copy() {
    let wd = survey_dir();
    let text = String::from_utf8(fixture("responses_wide.csv")).unwrap();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the copy must not be UTF-8"
    );
    wd.write("responses.csv", &bytes);
    // The roster too, as Excel would save it.
    let roster = String::from_utf8(fixture("roster.csv")).unwrap();
    wd.write("roster.csv", encoding_rs::WINDOWS_1252.encode(&roster).0);
    let out = import(&wd, "responses.csv", &[]);
    assert_same_as_wide(&wd, &out);
}

/// An XLSX copy of a CSV text written with rust_xlsxwriter: numbers become number cells, the
/// table starts at column B, row `first_row` (0-based), below an optional title; a second sheet
/// follows.
fn xlsx_from_csv(text: &str, first_row: u32, title: Option<&str>) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    if let Some(t) = title {
        sheet.write_string(0, 1, t).unwrap();
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for (row, rec) in (first_row..).zip(r.records()) {
        for (c, cell) in rec.unwrap().iter().enumerate() {
            let col = c as u16 + 1;
            match cell.parse::<f64>() {
                Ok(x) => sheet.write_number(row, col, x).map(|_| ()).unwrap(),
                Err(_) if cell.is_empty() => {}
                Err(_) => sheet.write_string(row, col, cell).map(|_| ()).unwrap(),
            }
        }
    }
    book.add_worksheet().write_string(0, 0, "other").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_copy() {
    let wd = survey_dir();
    let text = String::from_utf8(fixture("responses_wide.csv")).unwrap();
    // A title row above the table is taken as the header: one cell, no layout found.
    wd.write(
        "titled.xlsx",
        xlsx_from_csv(&text, 2, Some("Partnership survey, November 2026")),
    );
    let out = import(&wd, "titled.xlsx", &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot tell the layout"),
        "{}",
        stderr(&out)
    );

    wd.write("responses.xlsx", xlsx_from_csv(&text, 2, None));
    let out = import(&wd, "responses.xlsx", &[]);
    assert_same_as_wide(&wd, &out);
    // Lines are sheet rows: the header is on row 3, p01 on row 4.
    let report = std::fs::read_to_string(wd.join("out/ties.unmatched.csv")).unwrap();
    assert!(
        report.contains("\n4,advice_1,p01,advice,Jose Garcia,"),
        "{report}"
    );
    let out = import(&wd, "responses.xlsx", &["--sheet", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "--sheet nope: responses.xlsx has no such sheet; its sheets are: Sheet1, Sheet2"
        ),
        "{}",
        stderr(&out)
    );
    // --sheet names the sheet to read (case-insensitively).
    let out = import(&wd, "responses.xlsx", &["--sheet", "sheet1"]);
    assert_same_as_wide(&wd, &out);
}

#[test]
fn matrices_one_per_relation() {
    let wd = survey_dir();
    wd.write("advice.csv", fixture("advice_matrix.csv"));
    wd.write("information.csv", fixture("information_matrix.csv"));
    let out = import(&wd, "advice.csv", &["--relation", "advice"]);
    assert_ok(&out);
    let err = stderr(&out);
    assert!(err.contains("(matrix: 12 rows × 12 columns)"), "{err}");
    assert!(err.contains("respondents: 10 of 12 (83%)"), "{err}");
    let advice = edges(&wd);
    assert!(unmatched(&wd).is_empty());
    let out = import(&wd, "information.csv", &["--relation", "Information"]);
    assert_ok(&out);
    let information = edges(&wd);
    let combined = advice
        + information
            .strip_prefix("source,target,weight,relation\n")
            .unwrap();
    assert_eq!(combined, EXPECTED);
    // Without --relation, a matrix's ties are called `tie`.
    let out = import(&wd, "information.csv", &["--format", "matrix"]);
    assert_ok(&out);
    assert!(edges(&wd).lines().skip(1).all(|l| l.ends_with(",tie")));
}

#[test]
fn min_weight_and_relation_choice() {
    let wd = survey_dir();
    wd.write("responses.csv", fixture("responses_wide.csv"));
    let out = import(&wd, "responses.csv", &["--min-weight", "2"]);
    assert_ok(&out);
    let mut expected = String::from("source,target,weight,relation\n");
    for line in EXPECTED.lines().skip(1) {
        let w: f64 = line.split(',').nth(2).unwrap().parse().unwrap();
        if w >= 2.0 {
            expected += line;
            expected += "\n";
        }
    }
    assert_eq!(edges(&wd), expected);
    // Fatima El Idrissi was a "Rarely" (1) answer: below the threshold, not reported.
    let u = unmatched(&wd);
    assert_eq!(u.len(), UNMATCHED.len() - 1);
    assert!(!u.iter().any(|r| r.2 == "Fatima El Idrissi"));
    // 7 "Rarely" answers among the 56: the 6 weight-1 ties of EXPECTED and Fatima El Idrissi.
    assert!(
        stderr(&out).contains("7 below --min-weight 2"),
        "{}",
        stderr(&out)
    );

    let out = import(&wd, "responses.csv", &["--relation", "Advice"]);
    assert_ok(&out);
    let advice: String = EXPECTED
        .lines()
        .filter(|l| !l.ends_with(",information"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(edges(&wd), advice);
    let out = import(&wd, "responses.csv", &["--relation", "friendship"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "grapevine: --relation friendship: responses.csv has no such question; its relations are: advice, information\n"
    );
}

/// Runs a bad import and checks the exit code and the one-line message.
fn bad(wd: &Workdir, args: &[&str], code: i32, message: &str) {
    let out = wd.run(args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: one line expected: {err}");
    assert!(
        err.starts_with(&format!("grapevine: {message}")),
        "{args:?}:\n{err}\nexpected: {message}"
    );
    assert!(
        !wd.join("out/ties.csv").exists(),
        "{args:?}: no output on error"
    );
}

#[test]
fn bad_input() {
    let wd = survey_dir();
    wd.write("responses.csv", fixture("responses_wide.csv"));
    wd.write("empty.csv", "");
    wd.write("header_only.csv", "respondent,contact\n");
    wd.write("odd.csv", "when,what\n2026-11-10,lunch\n");
    let base = ["import", "--roster", "roster.csv", "--out", "out/ties.csv"];
    let with = |first: &str, extra: &[&'static str]| -> Vec<String> {
        let mut v: Vec<String> = vec![base[0].into(), first.into()];
        v.extend(base[1..].iter().map(|s| s.to_string()));
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let run = |args: Vec<String>, code, msg: &str| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        bad(&wd, &a, code, msg)
    };
    run(
        with("empty.csv", &[]),
        1,
        "empty.csv: the file is empty; it needs a header row",
    );
    run(
        with("header_only.csv", &[]),
        1,
        "header_only.csv: no responses: the file has a header row only",
    );
    run(
        with("odd.csv", &[]),
        2,
        "odd.csv: cannot tell the layout from the header (when, what)",
    );
    run(
        with("responses.csv", &["--scale", SCALE, "--format", "long"]),
        1,
        "responses.csv:1: no contact column in the header",
    );
    // Labels without --scale, then a scale that misses one label.
    run(
        with("responses.csv", &[]),
        1,
        "responses.csv:2: strength \"Often\" is not a number; also unknown: Very often, Sometimes, Rarely, Never; \
         map answer labels to weights with --scale \"Never=0,Rarely=1,...\" (column 5)",
    );
    run(
        with(
            "responses.csv",
            &["--scale", "Never=0,Rarely=1,Sometimes=2,Often=3"],
        ),
        1,
        "responses.csv:2: strength \"Very often\" is not a number and not a --scale label \
         (known labels: Never, Rarely, Sometimes, Often); add it to --scale (column 7)",
    );
    run(
        with("responses.csv", &["--scale", "Never=0,Often"]),
        2,
        "--scale: \"Often\" is not Label=number",
    );
    // A respondent who is not in the roster: drop Maria Silva (p11) from it.
    let roster = String::from_utf8(fixture("roster.csv")).unwrap();
    let without: String = roster
        .lines()
        .filter(|l| !l.starts_with("p11,"))
        .map(|l| format!("{l}\n"))
        .collect();
    wd.write("roster_without_p11.csv", without);
    let out = wd.run(&[
        "import",
        "responses.csv",
        "--roster",
        "roster_without_p11.csv",
        "--out",
        "out/ties.csv",
        "--scale",
        SCALE,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(
            "grapevine: responses.csv: 1 respondent(s) not in the roster roster_without_p11.csv: \
             \"maria.silva@civic.org\" (line 11"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("add them to the roster, or correct the respondent column\n"),
        "{err}"
    );
    // An unknown --format value is a usage error from the command line parser.
    let out = wd.run(&[
        "import",
        "responses.csv",
        "--roster",
        "roster.csv",
        "--out",
        "x.csv",
        "--format",
        "pivot",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'pivot' for '--format <FORMAT>'"),
        "{}",
        stderr(&out)
    );
    // Never write over an input.
    run(
        vec![
            "import".into(),
            "responses.csv".into(),
            "--roster".into(),
            "roster.csv".into(),
            "--out".into(),
            "roster.csv".into(),
        ],
        2,
        "--out roster.csv: would overwrite the input roster.csv",
    );
}

/// `analyze --roster` imports the export, then analyses it: the same network as importing first,
/// and groups.csv carries each group's response rate.
#[test]
fn analyze_imports_a_survey_export_directly() {
    let wd = survey_dir();
    wd.write("responses.csv", fixture("responses_wide.csv"));
    assert!(import(&wd, "responses.csv", &[]).status.success());
    let two_steps = wd.run(&[
        "analyze",
        "--edges",
        "out/ties.csv",
        "--nodes",
        "roster.csv",
        "--relation",
        "advice",
        "--no-charts",
        "--out",
        "a",
    ]);
    crate::util::assert_ok(&two_steps);
    let direct = wd.run(&[
        "analyze",
        "--edges",
        "responses.csv",
        "--roster",
        "roster.csv",
        "--scale",
        SCALE,
        "--relation",
        "advice",
        "--no-charts",
        "--out",
        "b",
    ]);
    crate::util::assert_ok(&direct);
    assert!(
        stderr(&direct).contains("answer(s) could not be matched"),
        "{}",
        stderr(&direct)
    );
    let a = std::fs::read_to_string(wd.join("a/people.csv")).unwrap();
    let b = std::fs::read_to_string(wd.join("b/people.csv")).unwrap();
    assert_eq!(a, b);
    // 10 of 12 responded: Acme 3 of 4, Bridge 4 of 4, Civic 3 of 4.
    let groups = std::fs::read_to_string(wd.join("b/groups.csv")).unwrap();
    let lines: Vec<&str> = groups.lines().collect();
    assert!(
        lines[0].ends_with(",top_spanner_share,response_rate"),
        "{groups}"
    );
    assert!(
        lines[1].starts_with("Acme,4,") && lines[1].ends_with(",0.75"),
        "{groups}"
    );
    assert!(
        lines[2].starts_with("Bridge,4,") && lines[2].ends_with(",1.0"),
        "{groups}"
    );
    assert!(
        lines[3].starts_with("Civic,4,") && lines[3].ends_with(",0.75"),
        "{groups}"
    );
}

#[test]
fn rerun_replaces_its_own_files_and_force_replaces_others() {
    let wd = survey_dir();
    wd.write("responses.csv", fixture("responses_wide.csv"));
    // A second run over the first run's files replaces them without --force.
    assert_ok(&import(&wd, "responses.csv", &[]));
    let out = import(&wd, "responses.csv", &[]);
    assert_same_as_wide(&wd, &out);
    // Someone's own file at --out is kept, unless --force.
    wd.write("out/ties.csv", "my notes\n");
    let refused = import(&wd, "responses.csv", &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(
        std::fs::read_to_string(wd.join("out/ties.csv")).unwrap(),
        "my notes\n"
    );
    let out = import(&wd, "responses.csv", &["--force"]);
    assert_same_as_wide(&wd, &out);
}
