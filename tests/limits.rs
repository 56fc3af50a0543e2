//! The documented limits (README "Limits"): inputs just inside them work, in bounded time and
//! memory. The inputs past them are cases of the error table (tests/errors.rs): a 17 MiB row, a
//! quote that never closes, 1,000,000 columns.

use crate::util::{assert_ok, read_keyed, stdout, Workdir};

#[test]
fn a_ten_megabyte_row_is_read() {
    let w = Workdir::new();
    let mut edges = b"source,target,note\na,b,short\nb,c,".to_vec();
    edges.extend(std::iter::repeat_n(b'n', 10 << 20));
    edges.extend(b"\nc,a,\n");
    w.write("edges.csv", &edges);
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--out",
        "res",
        "--no-charts",
    ]));
    let people = read_keyed(&w.join("res/people.csv"), &["id"]);
    assert_eq!(people.rows.len(), 3);
    assert_eq!(people.rows[&vec!["b".to_string()]]["out_degree"], "1");
}

#[test]
fn deeply_quoted_fields_are_read() {
    // A cell of 2 MiB of doubled quotes (one million quote characters once unquoted), and ids
    // that are quotes, delimiters and line-break-free punctuation.
    let w = Workdir::new();
    let mut edges = b"source,target,note\n\"a\"\"1\",\"b,2\",\"".to_vec();
    edges.extend(std::iter::repeat_n(b'"', 2 << 20));
    edges.extend(b"\"\n\"b,2\",\"\"\"\"\"\"\"\",x\n");
    w.write("edges.csv", &edges);
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--out",
        "res",
        "--no-charts",
    ]));
    let people = read_keyed(&w.join("res/people.csv"), &["id"]);
    let mut ids: Vec<&String> = people.rows.keys().map(|k| &k[0]).collect();
    ids.sort();
    assert_eq!(ids, ["\"\"\"", "a\"1", "b,2"]);
}

#[test]
fn ten_kilobyte_ids_work_end_to_end() {
    let w = Workdir::new();
    let long = |c: char| std::iter::repeat_n(c, 10_000).collect::<String>();
    let (x, y) = (long('x'), long('y'));
    w.write(
        "edges.csv",
        format!("source,target\n{x},{y}\n{y},z\nz,{x}\n"),
    );
    w.write("nodes.csv", format!("id,org\n{x},A\n{y},B\nz,A\n"));
    let o = w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--nodes",
        "nodes.csv",
        "--out",
        "res",
        "--chart-size",
        "800x600",
    ]);
    assert_ok(&o);
    let people = read_keyed(&w.join("res/people.csv"), &["id"]);
    assert_eq!(people.rows[&vec![x.clone()]]["group"], "A");
    assert_eq!(people.rows[&vec![y.clone()]]["in_degree"], "1");
    assert!(stdout(&o).contains("3 people, 3 ties"), "{}", stdout(&o));

    // The survey importer: 10 kB names to match, and a 10 kB answer that matches nobody (its
    // candidates are still computed).
    let name = long('n');
    w.write(
        "roster.csv",
        format!("id,name,org\np1,{name},A\np2,Bo Li,B\np3,Al Fu,A\n"),
    );
    w.write(
        "answers.csv",
        format!(
            "respondent,contact\np1,Bo Li\np2,{name}\np3,{}\n",
            long('q')
        ),
    );
    let o = w.run(&[
        "import",
        "answers.csv",
        "--roster",
        "roster.csv",
        "--out",
        "ties.csv",
    ]);
    assert_ok(&o);
    assert_eq!(
        std::fs::read_to_string(w.join("ties.csv")).unwrap(),
        "source,target,weight,relation\np1,p2,1,tie\np2,p1,1,tie\n"
    );
}

#[test]
fn fifty_thousand_columns_are_read() {
    let w = Workdir::new();
    let mut header = String::from("source,target");
    let mut row1 = String::from("a,b");
    let mut row2 = String::from("b,c");
    for i in 0..49_998 {
        header += &format!(",c{i}");
        row1 += ",1";
        row2 += ",";
    }
    w.write("edges.csv", format!("{header}\n{row1}\n{row2}\n"));
    assert_ok(&w.run(&[
        "analyze",
        "--edges",
        "edges.csv",
        "--out",
        "res",
        "--no-charts",
    ]));
    assert_eq!(read_keyed(&w.join("res/people.csv"), &["id"]).rows.len(), 3);
}

/// A sheet with cells in A1, A2 and XFD1048576 (Excel's last cell): read as a rectangle it
/// would be 17 billion cells (calamine's `worksheet_range` allocates them all). Read cell by
/// cell, only its three non-blank rows are held (3 × 16,384 cells), so it is read at once and
/// gets the usual answer about its layout.
#[test]
fn a_sparse_sheet_spanning_the_whole_grid_is_read_in_little_memory() {
    let w = Workdir::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "respondent").unwrap();
    ws.write_string(0, 1, "contact").unwrap();
    ws.write_string(1, 0, "p01").unwrap();
    ws.write_string(1, 1, "p02").unwrap();
    ws.write_string(1_048_575, 16_383, "far away").unwrap();
    w.write("answers.xlsx", wb.save_to_buffer().unwrap());
    w.write("roster.csv", "id,org\np01,A\np02,B\n");
    let o = w.run(&[
        "import",
        "answers.xlsx",
        "--roster",
        "roster.csv",
        "--out",
        "ties.csv",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", crate::util::stderr(&o));
    assert_eq!(
        crate::util::stderr(&o),
        "grapevine: answers.xlsx:1048576: the respondent is empty; every response needs its \
         respondent (column 1)\n"
    );
}
