//! Hostile spreadsheets (made by [`crate::hostile_files`], none kept in the repository): each is
//! refused as bad input (exit 2, nothing written), naming the limit and the row or cell, and
//! quoting at most the start of a bad value; and a GBK file is read in one encoding or not at
//! all. How much memory each costs is the benchmark's to measure (`cargo run --release --example
//! bench -- hostile`), not a test's.

use crate::harness::{Desk, t};
use crate::hostile_files::{
    Data, SHEET_HEAD, SHEET_TAIL, register_header, row, sparse, workbook, workbook_with,
};

const NOW: &str = "2026-11-23 10:00";

/// An office with the reps a register names.
fn office() -> Desk {
    let desk = Desk::office(&["王芳", "李娜"]);
    desk.ok(&t("09:00"), &["visit", "周一", "--phone", "13600000001"]);
    desk
}

fn write(desk: &Desk, name: &str, bytes: &[u8]) -> String {
    let path = desk.path(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// A workbook of a header and these rows of XML.
fn register(rows: &str) -> Vec<u8> {
    workbook(
        Data::text(&format!(
            "{SHEET_HEAD}{}{rows}{SHEET_TAIL}",
            register_header()
        )),
        None,
    )
}

/// A refused import: exit 2, the database as it was; standard error, which never echoes a
/// value whole.
fn refused(desk: &Desk, args: &[&str]) -> String {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let stderr = desk.refused(NOW, &all);
    assert!(stderr.len() < 1_500, "{} bytes: {stderr}", stderr.len());
    stderr
}

#[test]
fn a_workbook_made_here_imports_like_one_from_excel() {
    let desk = office();
    let file = write(
        &desk,
        "register.xlsx",
        &register(&row(
            2,
            &["张三", "13812345678", "2026-11-20 09:00", "王芳"],
        )),
    );
    let summary = desk.json(NOW, &["import", "visits", &file]);
    assert_eq!(summary["imported"], 1, "{summary}");
    // The repeating deflate inflates to what it stands for.
    let data = Data::repeated("<a>", "<b>x</b>", 10_000, "</a>");
    let bytes = crate::hostile_files::zip(&[("x.xml", data)]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_index(0).unwrap(), &mut text).unwrap();
    assert_eq!(text, format!("<a>{}</a>", "<b>x</b>".repeat(10_000)));
}

#[test]
fn a_cell_beyond_xfd1048576_is_refused_naming_it() {
    let desk = office();
    // Under 3 KB: one cell far to the right of Excel's last column asked for 97 GB.
    let bytes = register(r#"<row r="2"><c r="ZZZZZZZ2" t="inlineStr"><is><t>x</t></is></c></row>"#);
    assert!(bytes.len() < 3_000, "{} bytes", bytes.len());
    let file = write(&desk, "far.xlsx", &bytes);
    let stderr = refused(&desk, &["visits", &file]);
    assert!(
        stderr.contains("names the cell \"ZZZZZZZ2\", beyond XFD1048576"),
        "{stderr}"
    );
    for (cells, says) in [
        (
            r#"<row r="1048577"><c t="inlineStr"><is><t>x</t></is></c></row>"#,
            "\"1048577\"",
        ),
        (r#"<row r="2"><c r="XFE2"><v>1</v></c></row>"#, "\"XFE2\""),
    ] {
        let file = write(&desk, "far.xlsx", &register(cells));
        let stderr = refused(&desk, &["visits", &file]);
        assert!(stderr.contains(says), "{stderr}");
    }
    // Cells without a reference run on to the right: past XFD they are refused too.
    let wide = format!(
        "<row r=\"2\">{}</row>",
        "<c t=\"inlineStr\"><is><t>x</t></is></c>".repeat(16_385)
    );
    let file = write(&desk, "wide.xlsx", &register(&wide));
    let stderr = refused(&desk, &["visits", &file]);
    assert!(
        stderr.contains("has a cell at XFE2, beyond XFD1048576"),
        "{stderr}"
    );
}

#[test]
fn a_workbook_that_unpacks_past_256_mb_is_refused() {
    let desk = office();
    // A worksheet of 260 MB of rows, each with a long note, in 3 MB.
    let note = "看房".repeat(1_000);
    let pattern = format!(
        "<row><c t=\"inlineStr\"><is><t>张三</t></is></c><c><v>13812345678</v></c><c \
         t=\"inlineStr\"><is><t>{note}</t></is></c></row>"
    );
    let rows = Data::Repeated {
        head: format!("{SHEET_HEAD}{}", register_header()).into_bytes(),
        times: (260 << 20) / pattern.len() as u64,
        pattern: pattern.into_bytes(),
        tail: SHEET_TAIL.as_bytes().to_vec(),
    };
    let bomb = workbook(rows, None);
    assert!(bomb.len() < 4 << 20, "{} bytes", bomb.len());
    let file = write(&desk, "bomb.xlsx", &bomb);
    let stderr = refused(&desk, &["visits", &file]);
    assert!(stderr.contains("unpacks to more than 256 MB"), "{stderr}");
    // Every part counts, a picture that calamine never reads included.
    let sheet = format!("{SHEET_HEAD}{}{SHEET_TAIL}", register_header());
    let picture = Data::repeated("\u{89}PNG", "\0\0\0\0\0\0\0\0", 260 << 17, "");
    let bomb = workbook_with(
        Data::text(&sheet),
        None,
        vec![("xl/media/image1.png", picture)],
    );
    let file = write(&desk, "bomb.xlsx", &bomb);
    let stderr = refused(&desk, &["visits", &file]);
    assert!(stderr.contains("unpacks to more than 256 MB"), "{stderr}");
}

#[test]
fn the_parts_held_in_memory_are_bounded() {
    let desk = office();
    // Shared strings of 33 MB of short strings, which calamine would hold whole.
    let strings = Data::repeated(
        r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
        "<si><t>a</t></si>",
        (33 << 20) / 17,
        "</sst>",
    );
    let sheet = format!("{SHEET_HEAD}{}{SHEET_TAIL}", register_header());
    let file = write(
        &desk,
        "strings.xlsx",
        &workbook(Data::text(&sheet), Some(strings)),
    );
    let stderr = refused(&desk, &["visits", &file]);
    assert!(
        stderr.contains("workbook parts unpack to more than 32 MB (at xl/sharedStrings.xml)"),
        "{stderr}"
    );
    // Styles are counted: each costs calamine far more than its tag.
    let styles = Data::repeated(
        r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>"#,
        r#"<xf fontId="0"/>"#,
        131_073,
        "</cellXfs></styleSheet>",
    );
    let file = write(
        &desk,
        "styles.xlsx",
        &workbook_with(Data::text(&sheet), None, vec![("xl/styles.xml", styles)]),
    );
    let stderr = refused(&desk, &["visits", &file]);
    assert!(
        stderr.contains("xl/styles.xml declares more than 131072 cell formats (xf)"),
        "{stderr}"
    );
    // A count of shared strings is room calamine reserves: four billion is refused.
    let declared = Data::text(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4000000000"><si><t>a</t></si></sst>"#,
    );
    let file = write(
        &desk,
        "count.xlsx",
        &workbook(Data::text(&sheet), Some(declared)),
    );
    let stderr = refused(&desk, &["visits", &file]);
    assert!(
        stderr.contains("declares 4000000000 shared strings but holds 1"),
        "{stderr}"
    );
}

#[test]
fn a_cell_over_a_megabyte_is_refused_naming_it() {
    let desk = office();
    // 2 MB of text in B2 of a workbook, and in a CSV cell.
    let sheet = Data::Repeated {
        head: format!(
            "{SHEET_HEAD}{}<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>张三</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>",
            register_header()
        )
        .into_bytes(),
        pattern: b"1".to_vec(),
        times: 2 << 20,
        tail: format!("</t></is></c></row>{SHEET_TAIL}").into_bytes(),
    };
    let file = write(&desk, "cell.xlsx", &workbook(sheet, None));
    let stderr = refused(&desk, &["visits", &file]);
    assert!(
        stderr.contains("cell B2: the cell holds 2097152 bytes, more than 1 MB"),
        "{stderr}"
    );
    // Past the XML the reader would gather into one value, it is refused before it is read.
    let sheet = Data::Repeated {
        head: format!(
            "{SHEET_HEAD}{}<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>",
            register_header()
        )
        .into_bytes(),
        pattern: b"1".to_vec(),
        times: 256 << 20,
        tail: format!("</t></is></c></row>{SHEET_TAIL}").into_bytes(),
    };
    let file = write(&desk, "cell.xlsx", &workbook(sheet, None));
    let stderr = refused(&desk, &["visits", &file]);
    assert!(
        stderr.contains("longer than 8 MB at cell B2; a cell holds at most 1 MB"),
        "{stderr}"
    );
    let csv = format!(
        "姓名,电话,来访时间,置业顾问\n张三,{},2026-11-20 09:00,王芳\n",
        "1".repeat(2 << 20)
    );
    let file = write(&desk, "cell.csv", csv.as_bytes());
    let stderr = refused(&desk, &["visits", &file]);
    assert!(
        stderr.contains("row 2, column 2: the cell holds 2097152 bytes, more than 1 MB")
            && stderr.contains(&format!("\"{}\"… (2097152 characters)", "1".repeat(80))),
        "{stderr}"
    );
}

#[test]
fn a_line_of_two_gigabytes_is_refused_after_four_megabytes_for_every_kind() {
    let desk = office();
    // A sparse file: a first line of 2 GiB that is never written to the disk.
    let path = desk.path("long.csv");
    sparse(&path, "姓名,".as_bytes(), 2 << 30, b"\n").unwrap();
    let file = path.display().to_string();
    for kind in [
        "reps",
        "customers",
        "visits",
        "complaints",
        "responses",
        "deals",
        "handovers",
        "repairs",
    ] {
        let stderr = refused(&desk, &[kind, &file]);
        assert!(
            stderr.contains("row 1: the line is longer than 4 MB"),
            "{kind}: {stderr}"
        );
    }
    let stderr = desk.refused(NOW, &["calendar", "load", &file]);
    assert!(stderr.contains("the line is longer than 4 MB"), "{stderr}");
}

#[test]
fn a_gbk_file_with_a_utf8_line_is_refused_naming_the_line() {
    let desk = office();
    let gbk = |text: &str| encoding_rs::GBK.encode(text).0.into_owned();
    let mut bytes = gbk("姓名,电话,来访时间,置业顾问\n张三,13812345678,2026-11-20 09:00,王芳\n");
    bytes.extend_from_slice("李六,13912345678,2026-11-20 10:00,李娜\n".as_bytes());
    bytes.extend(gbk("王五,13712345678,2026-11-20 11:00,王芳\n"));
    let file = write(&desk, "mixed.csv", &bytes);
    let rejects = desk.path("rejects.csv").display().to_string();
    for extra in [
        &[][..],
        &["--encoding", "gbk"],
        &["--skip-invalid", "--rejects", &rejects],
    ] {
        let mut args = vec!["visits", file.as_str()];
        args.extend_from_slice(extra);
        let stderr = refused(&desk, &args);
        assert!(
            stderr.contains(
                "row 3: the line is UTF-8 text (\"李六,13912345678,2026-11-20 10:00,李娜\")"
            ) && stderr.contains("鏉庡叚"),
            "{extra:?}: {stderr}"
        );
    }
    assert!(!desk.path("rejects.csv").exists());
    // The same file saved in one encoding imports every name as typed.
    let mut fixed = gbk("姓名,电话,来访时间,置业顾问\n张三,13812345678,2026-11-20 09:00,王芳\n");
    fixed.extend(gbk("李六,13912345678,2026-11-20 10:00,李娜\n"));
    let file = write(&desk, "fixed.csv", &fixed);
    let summary = desk.json(NOW, &["import", "visits", &file]);
    assert_eq!(summary["imported"], 2, "{summary}");
    let name: String = desk
        .sql()
        .query_row(
            "SELECT name FROM customers WHERE phone = '13912345678'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(name, "李六");
}

#[test]
fn a_message_quotes_at_most_eighty_characters_of_a_value() {
    let desk = office();
    let long = "1".repeat(100_000);
    let stderr = desk.refused(NOW, &["visit", "张三", "--phone", &long]);
    assert!(stderr.len() < 600, "{} bytes: {stderr}", stderr.len());
    assert!(
        stderr.contains(&format!("\"{}\"… (100000 characters)", "1".repeat(80))),
        "{stderr}"
    );
    let stderr = desk.refused(
        NOW,
        &["visit", &"张".repeat(30_000), "--phone", "13812345678"],
    );
    assert!(stderr.len() < 800, "{} bytes", stderr.len());
    // A bad cell of half a megabyte, a long header and a long sheet name are named, not echoed.
    let csv = format!(
        "姓名,电话,来访时间,置业顾问,{}\n张三,{},2026-11-20 09:00,王芳,\n",
        "备".repeat(50_000),
        "x".repeat(500_000)
    );
    let file = write(&desk, "bad.csv", csv.as_bytes());
    let stderr = refused(&desk, &["visits", &file]);
    assert!(stderr.contains("row 2: 电话: \"xxxx"), "{stderr}");
    let file = write(&desk, "register.xlsx", &register(""));
    let stderr = refused(&desk, &["visits", &file, "--sheet", &"表".repeat(10_000)]);
    assert!(stderr.contains("has no worksheet"), "{stderr}");
}

#[test]
fn a_file_of_many_bad_rows_lists_the_first_hundred_and_counts_the_rest() {
    let desk = office();
    let mut csv = String::from("姓名,电话,来访时间,置业顾问\n");
    for n in 0..150 {
        csv.push_str(&format!("客户{n},123,2026-11-20 09:00,王芳\n"));
    }
    let file = write(&desk, "bad.csv", csv.as_bytes());
    let stderr = desk.refused(NOW, &["import", "visits", &file]);
    assert_eq!(
        stderr.matches("is not a phone number").count(),
        100,
        "{stderr}"
    );
    assert!(
        stderr.contains("… and 50 more problems (add --skip-invalid --rejects FILE")
            && stderr.contains("150 problems in 150 rows"),
        "{stderr}"
    );
}
