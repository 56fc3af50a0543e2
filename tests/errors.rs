//! Every error case, in one table: its input, the exact one-line message and the exit code (1
//! data, 2 usage). Each case runs the real binary in a fresh folder and must print exactly one
//! line on stderr (warnings aside), never panic, and leave no output and no temporary folder.
//! README.md ("Errors") shows this table; `error_table_is_in_the_readme` keeps the two equal.
//! To print the table after changing a message: `GRAPEVINE_PRINT_ERRORS=1 cargo test
//! error_table -- --nocapture`.

use std::path::Path;

use crate::util::{stderr, Workdir};

/// A fixture file: fixed bytes, or made by a function (large or binary inputs).
enum Content {
    Text(&'static [u8]),
    Made(fn() -> Vec<u8>),
}

use Content::{Made, Text};

struct Case {
    name: &'static str,
    files: &'static [(&'static str, Content)],
    args: &'static [&'static str],
    code: i32,
    message: &'static str,
}

const ROSTER: Content = Text(b"id,org\na,X\nb,Y\n");
const TIES: Content = Text(b"source,target\na,b\n");
const SURVEY_ROSTER: Content = Text(include_bytes!("fixtures/survey/roster.csv"));
const WIDE: Content = Text(include_bytes!("fixtures/survey/responses_wide.csv"));

// An output folder with every table compare reads, but no rows.
const MARK: Content = Text(b"");
const PEOPLE_HEAD: Content = Text(b"id,group,in_degree,out_degree,external_ties\n");
const GROUPS_HEAD: Content = Text(
    b"group,size,ties_internal,ties_out,ties_in,density_internal,ei_index,spanners,top_spanner_share\n",
);
const PAIRS_HEAD: Content = Text(
    b"group_a,group_b,ties_ab,ties_ba,reciprocated_share,spanners_a,spanners_b,top_two_share,top_spanner,net_flow,reach_lost_top_spanner,integration_score,stage\n",
);
const TIES_HEAD: Content = Text(b"source,target,weight\n");

fn long_line() -> Vec<u8> {
    // A 17 MiB row, past the 16 MiB limit.
    let mut v = b"source,target\na,b\nc,".to_vec();
    v.extend(std::iter::repeat_n(b'x', 17 << 20));
    v.extend(b"\n");
    v
}

fn runaway_quote() -> Vec<u8> {
    // A quote that never closes, followed by 17 MiB of rows.
    let mut v = b"source,target\na,b\n\"c,d\n".to_vec();
    for _ in 0..(17 << 20) / 8 {
        v.extend(b"e,fghij\n");
    }
    v
}

fn wide_header() -> Vec<u8> {
    // 1,000,000 columns.
    let mut v = b"source,target".to_vec();
    for i in 0..999_998 {
        v.extend(format!(",c{i}").as_bytes());
    }
    v.extend(b"\n");
    v
}

fn xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Answers").unwrap();
    ws.write_string(0, 0, "respondent").unwrap();
    ws.write_string(0, 1, "contact").unwrap();
    ws.write_string(1, 0, "p01").unwrap();
    ws.write_string(1, 1, "p02").unwrap();
    wb.add_worksheet().set_name("Notes").unwrap();
    wb.save_to_buffer().unwrap()
}

fn empty_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("Answers").unwrap();
    wb.save_to_buffer().unwrap()
}

const CASES: &[Case] = &[
    // analyze: the edge list
    Case {
        name: "missing edge list",
        files: &[],
        args: &["analyze", "--edges", "nope.csv"],
        code: 1,
        message: "nope.csv: file not found (check the path): No such file or directory (os error 2)",
    },
    Case {
        name: "empty edge list",
        files: &[("edges.csv", Text(b""))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv: the file is empty; it needs a header row (for ties: source,target[,weight][,relation])",
    },
    Case {
        name: "blank lines only",
        files: &[("edges.csv", Text(b"\r\n  \n\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv: the file is empty; it needs a header row (for ties: source,target[,weight][,relation])",
    },
    Case {
        name: "no source column",
        files: &[("edges.csv", Text(b"x,y\na,b\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:1: no source column in the header (x, y); name it `source` (or from, ego, sender), or pass --source-col COLUMN",
    },
    Case {
        name: "no target column",
        files: &[("edges.csv", Text(b"source,weight\na,1\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:1: no target column in the header (source, weight); name it `target` (or to, alter, recipient), or pass --target-col COLUMN",
    },
    Case {
        name: "--source-col names no column",
        files: &[("edges.csv", TIES)],
        args: &["analyze", "--edges", "edges.csv", "--source-col", "sender"],
        code: 2,
        message: "edges.csv: --source-col sender: no such column; the columns are: source, target",
    },
    Case {
        name: "source and target the same column",
        files: &[("edges.csv", Text(b"a,b\nx,y\n"))],
        args: &["analyze", "--edges", "edges.csv", "--source-col", "a", "--target-col", "a"],
        code: 2,
        message: "edges.csv: source and target are the same column `a`; pass --source-col and --target-col",
    },
    Case {
        name: "weight not a number",
        files: &[("edges.csv", Text(b"source,target,weight\na,b,1\nb,a,high\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:3: weight \"high\" is not a number; use numbers (e.g. 1, 2.5), or map answer labels to numbers first (column 3)",
    },
    Case {
        name: "weight not finite",
        files: &[("edges.csv", Text(b"source,target,weight\na,b,NaN\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:2: weight \"NaN\" must be a finite number ≥ 0 (weights are tie strengths) (column 3)",
    },
    Case {
        name: "zero weight as a length",
        files: &[("edges.csv", Text(b"source,target,weight\na,b,1\nb,c,0\n"))],
        args: &["analyze", "--edges", "edges.csv", "--path-weights", "distance"],
        code: 1,
        message: "edges.csv:3: weight \"0\" must be positive with --path-weights distance (the weight is the tie's length); fix or drop the tie, or count hops with --path-weights none (column 3)",
    },
    Case {
        name: "zero strength",
        files: &[("edges.csv", Text(b"source,target,weight\na,b,0\n"))],
        args: &["analyze", "--edges", "edges.csv", "--path-weights", "inverse-strength"],
        code: 1,
        message: "edges.csv:2: weight \"0\" must be positive with --path-weights inverse-strength (the tie's length is 1 / weight); fix or drop the tie, or count hops with --path-weights none (column 3)",
    },
    Case {
        name: "negative weight",
        files: &[("edges.csv", Text(b"source;target;weight\r\na;b;-2,5\r\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:2: weight \"-2,5\" must be a finite number ≥ 0 (weights are tie strengths) (column 3)",
    },
    Case {
        name: "empty id",
        files: &[("edges.csv", Text(b"source,target\na,b\n\n ,b\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:4: source is empty; every tie needs both a source and a target (column 1)",
    },
    Case {
        name: "row with too few cells",
        files: &[("edges.csv", Text(b"source,target,weight\r\na,b,1\r\n\r\nb,a\r\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:4: this row has 2 cells but the header has 3; quote cells that contain the delimiter, or fix the row",
    },
    Case {
        name: "quote never closed",
        files: &[("edges.csv", Text(b"source,target\na,b\n\"b,a\nc,d\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:3: a quote opened on this line is never closed; close it, or remove the stray quote",
    },
    Case {
        name: "quoted field over a line break",
        files: &[("edges.csv", Text(b"source,target\na,\"b\nc\"\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:2: a quoted field runs over a line break: a quote is probably not closed; check this row's quotes (column 2)",
    },
    Case {
        name: "binary file",
        files: &[("edges.csv", Text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv: this looks like a binary file, not CSV text; export the sheet as CSV (UTF-8) and try again",
    },
    Case {
        name: "not UTF-8 after a UTF-8 byte-order mark",
        files: &[("edges.csv", Text(b"\xef\xbb\xbfsource,target\na,b\nc,\xff\xfe\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:3: the text is not valid UTF-8; re-save the file as UTF-8 CSV (column 2)",
    },
    Case {
        name: "row longer than 16 MiB",
        files: &[("edges.csv", Made(long_line))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:3: the row starting here is longer than 16 MiB, more than Grapevine reads in one row; a quote is probably not closed (check this row's quotes), or the file is not CSV",
    },
    Case {
        name: "quote never closed, 17 MiB of rows after it",
        files: &[("edges.csv", Made(runaway_quote))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:3: the row starting here is longer than 16 MiB, more than Grapevine reads in one row; a quote is probably not closed (check this row's quotes), or the file is not CSV",
    },
    Case {
        name: "1,000,000 columns",
        files: &[("edges.csv", Made(wide_header))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 1,
        message: "edges.csv:1: the header has 1000000 columns; Grapevine reads at most 100000; remove the unused columns",
    },
    Case {
        name: "several relations, none chosen",
        files: &[("edges.csv", Text(b"source,target,relation\na,b,advice\nb,a,friendship\n"))],
        args: &["analyze", "--edges", "edges.csv"],
        code: 2,
        message: "edges.csv: the file holds 2 relations (advice, friendship); choose one with --relation NAME, or merge them with --relation all",
    },
    Case {
        name: "unknown relation",
        files: &[("edges.csv", Text(b"source,target,relation\na,b,advice\n"))],
        args: &["analyze", "--edges", "edges.csv", "--relation", "friendship"],
        code: 2,
        message: "edges.csv: no ties of relation `friendship`; the relations are: advice; pass one of them or --relation all",
    },
    // analyze: the roster
    Case {
        name: "roster without id column",
        files: &[("edges.csv", TIES), ("nodes.csv", Text(b"name,org\na,X\n"))],
        args: &["analyze", "--edges", "edges.csv", "--nodes", "nodes.csv"],
        code: 1,
        message: "nodes.csv:1: no id column in the header (name, org); name the column of person ids `id`",
    },
    Case {
        name: "no group column",
        files: &[("edges.csv", TIES), ("nodes.csv", ROSTER)],
        args: &["analyze", "--edges", "edges.csv", "--nodes", "nodes.csv", "--group", "office"],
        code: 2,
        message: "nodes.csv: no column `office` to group people by; the columns are: id, org; choose one with --group",
    },
    Case {
        name: "empty roster id",
        files: &[("edges.csv", TIES), ("nodes.csv", Text(b"id,org\na,X\n,Y\n"))],
        args: &["analyze", "--edges", "edges.csv", "--nodes", "nodes.csv"],
        code: 1,
        message: "nodes.csv:3: the id is empty; every roster row needs an id (column 1)",
    },
    Case {
        name: "roster id listed twice",
        files: &[("edges.csv", TIES), ("nodes.csv", Text(b"id,org\na,X\nb,Y\na,Z\n"))],
        args: &["analyze", "--edges", "edges.csv", "--nodes", "nodes.csv"],
        code: 1,
        message: "nodes.csv:4: id \"a\" is listed twice (first on line 2); remove or rename one row (column 1)",
    },
    Case {
        name: "id not in the roster, --strict",
        files: &[("edges.csv", Text(b"source,target\na,b\nb,zed\n")), ("nodes.csv", ROSTER)],
        args: &["analyze", "--edges", "edges.csv", "--nodes", "nodes.csv", "--strict"],
        code: 1,
        message: "edges.csv:3: id \"zed\" is not in the roster (1 such ids); add them to the roster, or drop --strict",
    },
    // analyze: options and the output folder
    Case {
        name: "unknown metric family",
        files: &[("edges.csv", TIES)],
        args: &["analyze", "--edges", "edges.csv", "--metrics", "betweenness,fame"],
        code: 2,
        message: "--metrics: unknown metric family `fame`; choose from: betweenness, closeness, harmonic, pagerank, eigenvector, structural_holes, brokerage, reach_loss, community, ei_test, or all",
    },
    Case {
        name: "bad chart size",
        files: &[("edges.csv", TIES)],
        args: &["analyze", "--edges", "edges.csv", "--chart-size", "big"],
        code: 2,
        message: "--chart-size big: give WIDTHxHEIGHT in pixels, e.g. 1600x1200 (at least 400x300)",
    },
    Case {
        name: "output folder not written by Grapevine",
        files: &[("edges.csv", TIES), ("mine/thesis.docx", Text(b"precious"))],
        args: &["analyze", "--edges", "edges.csv", "--out", "mine"],
        code: 2,
        message: "--out mine: the folder exists and was not written by Grapevine; choose another folder or pass --force to replace it",
    },
    Case {
        name: "output folder holds an input",
        files: &[("data/edges.csv", TIES)],
        args: &["analyze", "--edges", "data/edges.csv", "--out", "data", "--force"],
        code: 2,
        message: "--out data: holds the input data/edges.csv; write the results to another folder",
    },
    Case {
        name: "output is a file",
        files: &[("edges.csv", TIES), ("res", Text(b"x"))],
        args: &["analyze", "--edges", "edges.csv", "--out", "res"],
        code: 2,
        message: "--out res: is a file, not a folder; choose a folder name",
    },
    // import
    Case {
        name: "import: empty export",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", Text(b""))],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 1,
        message: "answers.csv: the file is empty; it needs a header row (for ties: source,target[,weight][,relation])",
    },
    Case {
        name: "import: header only",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", Text(b"respondent,contact\n"))],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 1,
        message: "answers.csv: no responses: the file has a header row only",
    },
    Case {
        name: "import: layout not recognised",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", Text(b"when,what\n2026-11-10,lunch\n"))],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 2,
        message: "answers.csv: cannot tell the layout from the header (when, what): not a matrix (people as column labels), not wide (numbered columns such as advice_1, advice_2), not long (respondent and contact columns); pass --format long|wide|matrix and the column flags",
    },
    Case {
        name: "import: long layout without contact column",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE)],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv", "--format", "long"],
        code: 1,
        message: "answers.csv:1: no contact column in the header (Timestamp, Email Address, Your name, advice_1, advice_1_frequency, advice_2, advice_2_frequency, advice_3, advice_3_frequency, advice_4, advice_4_frequency, advice_5, advice_5_frequency, information_1, information_1_frequency, information_2, information_2_frequency, information_3, information_3_frequency, information_4, … (23 columns in all)) for the long layout; name it `contact`, or pass --contact-col COLUMN (or --format wide / matrix)",
    },
    Case {
        name: "import: strength label without --scale",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE)],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 1,
        message: "answers.csv:2: strength \"Often\" is not a number; also unknown: Very often, Sometimes, Rarely, Never; map answer labels to weights with --scale \"Never=0,Rarely=1,...\" (column 5)",
    },
    Case {
        name: "import: label missing from --scale",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE)],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv", "--scale", "Never=0,Rarely=1,Sometimes=2,Often=3"],
        code: 1,
        message: "answers.csv:2: strength \"Very often\" is not a number and not a --scale label (known labels: Never, Rarely, Sometimes, Often); add it to --scale (column 7)",
    },
    Case {
        name: "import: --scale not Label=number",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE)],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv", "--scale", "Never=0,Often"],
        code: 2,
        message: "--scale: \"Often\" is not Label=number; write e.g. --scale \"Never=0,Rarely=1,Sometimes=2,Often=3\"",
    },
    Case {
        name: "import: respondent not in the roster",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", Text(b"respondent,contact\np01,p02\nzoe@x.org,p01\n"))],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 1,
        message: "answers.csv: 1 respondent(s) not in the roster roster.csv: \"zoe@x.org\" (line 3); add them to the roster, or correct the respondent column",
    },
    Case {
        name: "import: empty respondent",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", Text(b"respondent,contact\np01,p02\n,p01\n"))],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 1,
        message: "answers.csv:3: the respondent is empty; every response needs its respondent (column 1)",
    },
    Case {
        name: "import: no such question",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE)],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv", "--relation", "friendship"],
        code: 2,
        message: "--relation friendship: answers.csv has no such question; its relations are: advice, information",
    },
    Case {
        name: "import: roster lists nobody",
        files: &[("roster.csv", Text(b"id,name\n")), ("answers.csv", WIDE)],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 1,
        message: "roster.csv: the roster lists nobody; it needs one row per person",
    },
    Case {
        name: "import: --out is an input",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE)],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "answers.csv"],
        code: 2,
        message: "--out answers.csv: would overwrite the input answers.csv; choose another file name",
    },
    Case {
        name: "import: the unmatched report would overwrite an input",
        files: &[("roster.csv", SURVEY_ROSTER), ("ties.unmatched.csv", WIDE)],
        args: &["import", "ties.unmatched.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 2,
        message: "--out ties.csv: would overwrite the input ties.unmatched.csv; choose another file name",
    },
    Case {
        name: "import: --out is someone else's file",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE), ("ties.csv", Text(b"my notes\n"))],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 2,
        message: "--out: ties.csv exists and is not a file Grapevine wrote; choose another file name, or pass --force to replace it",
    },
    Case {
        name: "import: the unmatched report is someone else's file",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE), ("ties.unmatched.csv", Text(b"line,column\n"))],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 2,
        message: "--out: ties.unmatched.csv exists and is not a file Grapevine wrote; choose another file name, or pass --force to replace it",
    },
    Case {
        name: "import: --sheet on a text file",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.csv", WIDE)],
        args: &["import", "answers.csv", "--roster", "roster.csv", "--out", "ties.csv", "--sheet", "Answers"],
        code: 2,
        message: "--sheet Answers: answers.csv is a text file, not a spreadsheet; drop --sheet",
    },
    Case {
        name: "import: no such sheet",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.xlsx", Made(xlsx))],
        args: &["import", "answers.xlsx", "--roster", "roster.csv", "--out", "ties.csv", "--sheet", "Survey"],
        code: 2,
        message: "--sheet Survey: answers.xlsx has no such sheet; its sheets are: Answers, Notes",
    },
    Case {
        name: "import: empty sheet",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.xlsx", Made(empty_xlsx))],
        args: &["import", "answers.xlsx", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 1,
        message: "answers.xlsx: sheet \"Answers\" is empty; it needs a header row",
    },
    Case {
        name: "import: broken workbook",
        files: &[("roster.csv", SURVEY_ROSTER), ("answers.xlsx", Text(b"PK\x03\x04 not really a zip"))],
        args: &["import", "answers.xlsx", "--roster", "roster.csv", "--out", "ties.csv"],
        code: 1,
        message: "answers.xlsx: cannot read as a spreadsheet (Cannot detect file format); save it as .xlsx or as CSV (UTF-8)",
    },
    // render and generate
    Case {
        name: "render: not an output folder",
        files: &[("mine/notes.txt", Text(b"x"))],
        args: &["render", "mine"],
        code: 2,
        message: "mine: not a folder written by `grapevine analyze` (no .grapevine file)",
    },
    Case {
        name: "render: a table is missing",
        files: &[("res/.grapevine", Text(b"")), ("res/summary.json", Text(b"{}"))],
        args: &["render", "res"],
        code: 1,
        message: "res/people.csv: missing: pass a folder written by `grapevine analyze`",
    },
    Case {
        name: "render: a recommend folder",
        files: &[("res/.grapevine", Text(b"")), ("res/recommendations.json", Text(b"{}")), ("res/introductions.csv", Text(b"rank\n"))],
        args: &["render", "res"],
        code: 1,
        message: "res: was written by `grapevine recommend`, which draws no charts; for charts and a report run `grapevine analyze` with the same input options and --recommend K",
    },
    Case {
        name: "render: a column is missing",
        files: &[
            ("res/.grapevine", Text(b"")),
            ("res/summary.json", Text(b"{}")),
            ("res/people.csv", Text(b"id,group,in_degree,out_degree\na,X,0,1\nb,X,1,0\n")),
            ("res/ties.csv", Text(b"source,target,weight\na,b,1\n")),
            ("res/boundary.csv", Text(b"from_group,to_group\nX,X\n")),
        ],
        args: &["render", "res"],
        code: 1,
        message: "res/boundary.csv:1: no `ties` column; was this file written by `grapevine analyze`?",
    },
    Case {
        name: "render: ties.csv without a target column",
        files: &[
            ("res/.grapevine", Text(b"")),
            ("res/summary.json", Text(b"{}")),
            ("res/people.csv", Text(b"id,group,in_degree,out_degree\na,X,0,1\nb,X,1,0\n")),
            ("res/ties.csv", Text(b"source,weight\na,1\n")),
        ],
        args: &["render", "res"],
        code: 1,
        message: "res/ties.csv:1: no `target` column; was this file written by `grapevine analyze`?",
    },
    Case {
        name: "render: a tie to someone not in people.csv",
        files: &[
            ("res/.grapevine", Text(b"")),
            ("res/summary.json", Text(b"{}")),
            ("res/people.csv", Text(b"id,group,in_degree,out_degree\na,X,0,1\nb,X,1,0\n")),
            ("res/ties.csv", Text(b"weight,target,source\n1,b,a\n1,c,a\n")),
        ],
        args: &["render", "res"],
        code: 1,
        message: "res/ties.csv:3: \"c\" is not in people.csv (column 2)",
    },
    // compare
    Case {
        name: "compare: not a wave",
        files: &[("mine/notes.txt", Text(b"x")), ("ties.csv", TIES)],
        args: &["compare", "mine", "ties.csv"],
        code: 2,
        message: "BEFORE mine: not a folder written by `grapevine analyze` (no .grapevine file) and no edges.csv in it; pass an output folder, an edge list or a folder with edges.csv",
    },
    Case {
        name: "compare: no such wave",
        files: &[("ties.csv", TIES)],
        args: &["compare", "ties.csv", "wave2.csv"],
        code: 1,
        message: "wave2.csv: AFTER: no such file or folder (check the path); pass an output folder, an edge list or a folder with edges.csv",
    },
    Case {
        name: "compare: a table is missing",
        files: &[("res/.grapevine", MARK), ("res/summary.json", Text(b"{}"))],
        args: &["compare", "res", "res", "--out", "cmp"],
        code: 1,
        message: "res/people.csv: missing: pass a folder written by `grapevine analyze`",
    },
    Case {
        name: "compare: waves grouped differently",
        files: &[
            ("a/.grapevine", MARK),
            ("a/summary.json", Text(b"{\"group_attribute\": \"org\"}")),
            ("a/people.csv", PEOPLE_HEAD),
            ("a/groups.csv", GROUPS_HEAD),
            ("a/pairs.csv", PAIRS_HEAD),
            ("a/ties.csv", TIES_HEAD),
            ("b/.grapevine", MARK),
            ("b/summary.json", Text(b"{\"group_attribute\": \"dept\"}")),
            ("b/people.csv", PEOPLE_HEAD),
            ("b/groups.csv", GROUPS_HEAD),
            ("b/pairs.csv", PAIRS_HEAD),
            ("b/ties.csv", TIES_HEAD),
        ],
        args: &["compare", "a", "b", "--out", "cmp"],
        code: 2,
        message: "BEFORE a is grouped by `org` but AFTER b by `dept`; compare waves grouped by the same attribute (analyse both with the same --group)",
    },
    Case {
        name: "compare: a roster for an output folder",
        files: &[("res/.grapevine", MARK), ("ties.csv", TIES), ("roster.csv", ROSTER)],
        args: &["compare", "res", "ties.csv", "--before-nodes", "roster.csv"],
        code: 2,
        message: "--before-nodes: BEFORE res is an output folder, already analysed with its roster; rosters go with edge lists",
    },
    Case {
        name: "compare: folder not written by Grapevine",
        files: &[("mine/thesis.docx", Text(b"precious")), ("ties.csv", TIES)],
        args: &["compare", "ties.csv", "ties.csv", "--out", "mine"],
        code: 2,
        message: "--out mine: the folder exists and was not written by Grapevine; choose another folder or pass --force to replace it",
    },
    Case {
        name: "generate: too few people",
        files: &[],
        args: &["generate", "--people", "6", "--orgs", "4", "--out", "gen"],
        code: 2,
        message: "--people 6 --orgs 4: give at least 4 people per organization",
    },
    Case {
        name: "generate: folder not written by Grapevine",
        files: &[("mine/thesis.docx", Text(b"precious"))],
        args: &["generate", "--people", "40", "--out", "mine"],
        code: 2,
        message: "--out mine: the folder exists and was not written by Grapevine; choose another folder or pass --force to replace it",
    },
];

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                found.insert(e.path(), std::fs::read(e.path()).unwrap());
            }
        }
    }
    found
}

/// Runs one case; returns its exit code and stderr, and whether the folder is as it was
/// before the run (no file added, changed or removed).
fn run(case: &Case) -> (Workdir, i32, String, bool) {
    let w = Workdir::new();
    for (name, content) in case.files {
        if let Some(parent) = Path::new(name).parent() {
            std::fs::create_dir_all(w.join(&parent.to_string_lossy())).unwrap();
        }
        match content {
            Text(bytes) => w.write(name, bytes),
            Made(f) => w.write(name, f()),
        };
    }
    let mut args: Vec<&str> = case.args.to_vec();
    if args[0] == "analyze" && !args.contains(&"--out") {
        args.extend(["--out", "res"]);
    }
    let before = files(w.path());
    let o = w.run(&args);
    let same = files(w.path()) == before;
    (w, o.status.code().unwrap_or(-1), stderr(&o), same)
}

fn leftovers(w: &Workdir) -> Vec<String> {
    let mut found = Vec::new();
    let mut dirs = vec![w.path().to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.contains("grapevine-tmp") {
                found.push(name);
            }
            if e.path().is_dir() {
                dirs.push(e.path());
            }
        }
    }
    found
}

/// The README row of a case.
fn row(case: &Case) -> String {
    format!(
        "| {} | `` grapevine: {} `` | {} |",
        case.name,
        case.message.replace('|', "\\|"),
        case.code
    )
}

#[test]
fn error_table() {
    let print = std::env::var_os("GRAPEVINE_PRINT_ERRORS").is_some();
    let mut failures = Vec::new();
    for case in CASES {
        let (w, code, err, unchanged) = run(case);
        let lines: Vec<&str> = err.lines().filter(|l| !l.contains("warning:")).collect();
        if print {
            println!("{}\t{code}\t{}", case.name, lines.join(" // "));
            continue;
        }
        let want = format!("grapevine: {}", case.message);
        if code != case.code || lines != [want.as_str()] {
            failures.push(format!(
                "{}: exit {code} (want {}), stderr {lines:?}, want {want:?}",
                case.name, case.code
            ));
        }
        if err.contains("panicked") {
            failures.push(format!("{}: panicked", case.name));
        }
        if !unchanged {
            failures.push(format!("{}: files added, changed or removed", case.name));
        }
        if !leftovers(&w).is_empty() {
            failures.push(format!("{}: {:?} left behind", case.name, leftovers(&w)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_table_is_in_the_readme() {
    let readme = std::fs::read_to_string(crate::util::repo().join("README.md")).unwrap();
    let missing: Vec<String> = CASES
        .iter()
        .map(row)
        .filter(|r| !readme.contains(r.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md lacks these rows of the error table:\n{}",
        missing.join("\n")
    );
}

#[test]
fn verbose_adds_the_detail() {
    let w = Workdir::new();
    w.write("edges.csv", "source,target,weight\na,b,1\nb,a,high\n");
    let plain = w.run(&["analyze", "--edges", "edges.csv", "--out", "res"]);
    let o = w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--out",
        "res",
        "--verbose",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], stderr(&plain).trim_end());
    assert_eq!(
        lines[1..],
        ["grapevine:   row as read (3 cells): \"b\" | \"a\" | \"high\""]
    );
    // The underlying system error of an I/O failure.
    let o = w.run(&["analyze", "--edges", "nope.csv", "-v"]);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(
        err.lines()
            .nth(1)
            .unwrap()
            .starts_with("grapevine:   system error: NotFound, code 2"),
        "{err}"
    );
}
