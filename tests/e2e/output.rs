//! What programs and spreadsheets read: `--output` takes its format from the file's name and
//! never writes a table, and Excel mode (`--bom`) writes a file Excel cannot run that `import`
//! reads back to the same records.

use crate::harness::{Desk, t};

#[test]
fn output_takes_its_format_from_the_extension_and_never_writes_a_table() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("10:00"), "陈先生", "13812345678", &[]);
    desk.ok(&t("18:00"), &["register", "--output", "register.csv"]);
    let csv = std::fs::read_to_string(desk.path("register.csv")).unwrap();
    assert!(csv.starts_with("visit_id,"), "{csv}");
    desk.ok(
        &t("18:00"),
        &["customer", "list", "--output", "customers.json"],
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(desk.path("customers.json")).unwrap())
            .unwrap();
    assert_eq!(json[0]["name"], "陈先生", "{json}");
    desk.ok(
        &t("18:00"),
        &[
            "complaint",
            "list",
            "--output",
            "complaints.txt",
            "--format",
            "csv",
        ],
    );
    assert!(
        std::fs::read_to_string(desk.path("complaints.txt"))
            .unwrap()
            .starts_with("id,")
    );

    let before = desk.files();
    let message = desk.refused(&t("18:00"), &["export", "visits", "--output", "v.txt"]);
    assert!(
        message.contains("--output") && message.contains(".csv"),
        "{message}"
    );
    let message = desk.refused(
        &t("18:00"),
        &["report", "daily", "--output", "d.csv", "--format", "table"],
    );
    assert!(message.contains("--format csv"), "{message}");
    let message = desk.refused(
        &t("18:00"),
        &["export", "visits", "--output", "v.json", "--bom"],
    );
    assert!(message.contains("--bom"), "{message}");
    assert_eq!(desk.files(), before, "a refused --output leaves no file");
}

#[test]
fn an_excel_file_defuses_formulas_and_imports_back_unchanged() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("10:00"), "=1+2", "13812345678", &[]);
    desk.visit(&t("10:30"), "@SUM(1,2)", "057187654321", &[]);
    desk.visit(&t("11:00"), "+李", "13912345678", &[]);
    desk.ok(
        &t("18:00"),
        &[
            "export",
            "customers",
            "--bom",
            "--full-phone",
            "--output",
            "excel.csv",
        ],
    );
    let bytes = std::fs::read(desk.path("excel.csv")).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark");
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    assert!(text.contains(",'=1+2,"), "{text}");
    assert!(text.contains(",\"'@SUM(1,2)\","), "{text}");
    assert!(text.contains(",'+李,"), "{text}");
    assert!(
        text.contains("\"=\"\"057187654321\"\"\""),
        "the landline keeps its 0: {text}"
    );

    // The same records, read back by a desk that never saw them.
    let other = Desk::office(&["王芳"]);
    std::fs::copy(desk.path("excel.csv"), other.path("excel.csv")).unwrap();
    other.ok(&t("18:00"), &["import", "customers", "excel.csv"]);
    let names = |desk: &Desk| {
        let mut rows: Vec<(String, String)> = desk
            .json(&t("18:30"), &["export", "customers", "--full-phone"])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    c["phone"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(names(&other), names(&desk));
    assert_eq!(names(&desk).len(), 3);
}

#[test]
fn an_excel_file_keeps_text_that_looks_like_a_number_as_text_and_numbers_as_numbers() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("10:00"), "陈先生", "13812345678", &[]);
    desk.ok(
        &t("10:10"),
        &[
            "customer",
            "set",
            "13812345678",
            "--address",
            "00123",
            "--requirements",
            "1.50",
            "--age",
            "45",
        ],
    );
    desk.ok(
        &t("18:00"),
        &[
            "export",
            "customers",
            "--bom",
            "--full-phone",
            "--output",
            "excel.csv",
        ],
    );
    let text = std::fs::read_to_string(desk.path("excel.csv")).unwrap();
    assert!(
        text.contains("\"=\"\"00123\"\"\""),
        "leading zeros kept: {text}"
    );
    assert!(
        text.contains("\"=\"\"1.50\"\"\""),
        "the written decimals kept: {text}"
    );
    assert!(text.contains(",45,"), "a number stays a number: {text}");
    let other = Desk::office(&["王芳"]);
    std::fs::copy(desk.path("excel.csv"), other.path("excel.csv")).unwrap();
    other.ok(&t("18:00"), &["import", "customers", "excel.csv"]);
    let card = other.json(&t("18:30"), &["customer", "show", "13812345678"]);
    assert_eq!(
        (&card["address"], &card["requirements"], &card["age"]),
        (&"00123".into(), &"1.50".into(), &45.into()),
        "{card}"
    );
}

/// LibreOffice, run headless, reads an Excel-mode file the way a spreadsheet does. Where it is
/// not installed the test says so and is skipped, unless `SALESDESK_REQUIRE_SOFFICE` is set (CI
/// installs it and sets it).
#[test]
fn a_spreadsheet_program_reads_excel_mode_as_it_was_written() {
    use calamine::{Data, Reader as _, Xlsx};
    let found = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("SALESDESK_REQUIRE_SOFFICE").is_none(),
            "soffice is required here but missing"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("10:00"), "陈先生", "13812345678", &[]);
    desk.visit(&t("10:05"), "@SUM(1,2)", "057187654321", &[]);
    desk.ok(
        &t("10:10"),
        &[
            "customer",
            "set",
            "13812345678",
            "--address",
            "00123",
            "--requirements",
            "1.50",
            "--age",
            "45",
        ],
    );
    desk.ok(
        &t("18:00"),
        &[
            "export",
            "customers",
            "--bom",
            "--full-phone",
            "--output",
            "excel.csv",
        ],
    );
    let output = std::process::Command::new("soffice")
        .env("HOME", desk.path("."))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(desk.path("converted"))
        .arg(desk.path("excel.csv"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut book: Xlsx<_> = calamine::open_workbook(desk.path("converted/excel.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let text = |cell: &Data| match cell {
        Data::String(text) => text.clone(),
        other => format!("{other:?}"),
    };
    let column = |key: &str| rows[0].iter().position(|c| text(c) == key).unwrap();
    let row = |phone: &str| {
        rows.iter()
            .find(|r| text(&r[column("phone")]) == phone)
            .unwrap_or_else(|| panic!("no row with {phone}: {rows:?}"))
    };
    let chen = row("13812345678");
    assert_eq!(chen[column("address")], Data::String("00123".into()));
    assert_eq!(chen[column("requirements")], Data::String("1.50".into()));
    assert_eq!(chen[column("age")], Data::Float(45.0));
    let landline = row("057187654321");
    // Text, never run as a formula (LibreOffice shows the apostrophe Excel hides).
    let name = &landline[column("name")];
    assert!(
        matches!(name, Data::String(text) if text.ends_with("@SUM(1,2)")),
        "{name:?}"
    );
}

#[test]
fn into_a_pipe_a_listing_prints_csv_and_a_table_only_when_asked() {
    let desk = Desk::office(&["王芳"]);
    let visit = desk.piped(&t("10:00"), &["visit", "陈先生", "--phone", "13812345678"]);
    assert!(visit.status.success());
    let line = String::from_utf8(visit.stdout).unwrap();
    assert!(
        line.contains("王芳") && !line.starts_with("visit_id,"),
        "what the clerk is told stays a sentence: {line}"
    );
    for (args, header) in [
        (&["register"][..], "visit_id,"),
        (&["customer", "list"][..], "customer_id,"),
        (&["export", "visits"][..], "visit_id,"),
        (&["report", "daily"][..], "section,"),
    ] {
        let piped = desk.piped(&t("18:00"), args);
        assert!(piped.status.success(), "{args:?}");
        let text = String::from_utf8(piped.stdout).unwrap();
        assert!(
            text.starts_with(header),
            "{args:?} into a pipe is CSV: {text}"
        );
    }
    let mut forced = vec!["register", "--format", "table"];
    let table = desk.piped(&t("18:00"), &forced);
    assert!(String::from_utf8(table.stdout).unwrap().contains('│'));
    forced.truncate(1);
    assert!(
        desk.ok(&t("18:00"), &forced).contains('│'),
        "the tests' own table"
    );
}
