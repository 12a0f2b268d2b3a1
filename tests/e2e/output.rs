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
