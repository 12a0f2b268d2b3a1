//! `import`: spreadsheets as Excel saves them (BOM, CRLF, GBK, title rows, Chinese headers,
//! quoted cells, .xlsx with date cells), checked row by row, all or nothing, idempotent, and
//! replayed through the ownership rules in time order.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::harness::{Desk, integrity, schema_of, t};

const NOW: &str = "2026-11-23 10:00";

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
        .display()
        .to_string()
}

/// Writes `text` into the desk's folder; returns its path.
fn sheet(desk: &Desk, name: &str, text: &str) -> String {
    let path = desk.dir.path().join(name);
    std::fs::write(&path, text).expect("write the sheet");
    path.display().to_string()
}

fn import(desk: &Desk, args: &[&str]) -> Value {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    desk.json(NOW, &all)
}

fn counts(summary: &Value) -> (i64, i64, i64, i64) {
    (
        summary["read"].as_i64().unwrap(),
        summary["imported"].as_i64().unwrap(),
        summary["already_present"].as_i64().unwrap(),
        summary["rejected"].as_i64().unwrap(),
    )
}

/// The register of a customer as (time, rep, reason, kind, channel), oldest first.
fn entries(desk: &Desk, phone: &str) -> Vec<(String, String, String, String, String)> {
    let conn = desk.sql();
    let mut statement = conn
        .prepare(
            "SELECT v.at, coalesce(r.name, ''), v.reason, v.kind, v.channel FROM visits v
             JOIN customers c ON c.id = v.customer_id LEFT JOIN reps r ON r.id = v.rep_id
             WHERE c.phone = ?1 ORDER BY v.at, v.id",
        )
        .unwrap();
    statement
        .query_map([phone], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn owner(desk: &Desk, phone: &str, at: &str) -> String {
    let shown = desk.json(at, &["customer", "show", phone]);
    shown["owner"].as_str().unwrap_or("").to_string()
}

fn office_with_reps() -> Desk {
    let desk = Desk::new();
    let summary = import(&desk, &["reps", &fixture("reps.csv")]);
    assert_eq!(counts(&summary), (3, 3, 0, 0));
    desk
}

#[test]
fn an_excel_register_with_bom_crlf_title_row_and_quoted_cells() {
    let desk = office_with_reps();
    let summary = import(&desk, &["visits", &fixture("register.csv")]);
    assert_eq!(counts(&summary), (4, 4, 0, 0), "{summary}");
    assert_eq!(summary["source"], "CSV, UTF-8");
    assert_eq!(
        entries(&desk, "13812345678"),
        [
            (
                "2026-03-05 09:05:00".into(),
                "王芳".into(),
                "rotation".into(),
                "visit".into(),
                "walk-in".into()
            ),
            // 王芳's registration holds until 04-05: first registration wins.
            (
                "2026-03-10 14:00:00".into(),
                "李娜".into(),
                "voluntary".into(),
                "visit".into(),
                "walk-in".into()
            ),
        ]
    );
    assert_eq!(entries(&desk, "13912345678")[0].4, "web");
    let call = &entries(&desk, "13712345678")[0];
    assert_eq!((call.1.as_str(), call.2.as_str()), ("", "call"));
    let notes: Vec<String> = desk
        .sql()
        .prepare("SELECT note FROM visits WHERE note IS NOT NULL ORDER BY at")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(notes, ["看了A户型, 说\"再想想\"", "两行\r\n备注"]);
    assert_eq!(owner(&desk, "13812345678", "2026-03-20 10:00"), "王芳");
    // Imported entries take no rotation turn.
    assert_eq!(desk.count("SELECT count(*) FROM visits WHERE turn = 1"), 0);
}

#[test]
fn importing_the_same_file_again_adds_nothing() {
    let desk = office_with_reps();
    import(&desk, &["visits", &fixture("register.csv")]);
    let before = desk.snapshot();
    let again = import(&desk, &["visits", &fixture("register.csv")]);
    assert_eq!(counts(&again), (4, 0, 4, 0));
    assert_eq!(desk.snapshot(), before);
    assert_eq!(
        counts(&import(&desk, &["reps", &fixture("reps.csv")])),
        (3, 0, 3, 0)
    );
}

#[test]
fn gbk_files_are_detected_and_the_encoding_can_be_forced() {
    let desk = office_with_reps();
    let summary = import(&desk, &["visits", &fixture("visits-gbk.csv")]);
    assert_eq!(counts(&summary), (2, 2, 0, 0));
    assert_eq!(summary["source"], "CSV, GBK/GB18030");
    let name: String = desk
        .sql()
        .query_row(
            "SELECT name FROM customers WHERE phone = '13600000001'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(name, "赵六");
    assert_eq!(entries(&desk, "13600000001")[0].4, "event");

    let fresh = office_with_reps();
    let err = fresh.refused(
        NOW,
        &[
            "import",
            "visits",
            &fixture("visits-gbk.csv"),
            "--encoding",
            "utf-8",
        ],
    );
    assert!(
        err.contains("row 1") && err.contains("--encoding gbk"),
        "{err}"
    );
    let err = fresh.refused(
        NOW,
        &[
            "import",
            "visits",
            &fixture("visits-gbk.csv"),
            "--encoding",
            "big5",
        ],
    );
    assert!(
        err.contains("--encoding") && err.contains("utf-8 or gbk"),
        "{err}"
    );
}

#[test]
fn every_bad_row_is_listed_and_nothing_is_imported() {
    let desk = office_with_reps();
    let file = sheet(
        &desk,
        "bad.csv",
        "姓名,电话,来访时间,置业顾问,渠道\n\
         张三,13812345678,2026/3/5 9:05,王芳,上门\n\
         李四,12345,2026/3/5 9:30,李娜,\n\
         ,13912345678,2026/13/5 9:30,赵六,fax\n\
         王五,13712345678,2026/3/6 10:00,王芳,\n",
    );
    let err = desk.refused(NOW, &["import", "visits", &file]);
    for expected in [
        "bad.csv: row 3: 电话: \"12345\" is not a phone number",
        "bad.csv: row 4: 姓名: empty; type the customer's name",
        "bad.csv: row 4: 来访时间: \"2026/13/5 9:30\" is not a time",
        "bad.csv: row 4: 置业顾问: there is no rep named \"赵六\"",
        "bad.csv: row 4: 渠道: \"fax\" is not a channel; type walk-in",
        "5 problems in 2 rows of",
        "nothing was imported",
        "--skip-invalid --rejects FILE",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from {err}");
    }
    assert_eq!(desk.count("SELECT count(*) FROM visits"), 0);
    assert_eq!(desk.count("SELECT count(*) FROM customers"), 0);
}

#[test]
fn skip_invalid_imports_the_good_rows_and_writes_the_bad_ones_with_a_reason() {
    let desk = office_with_reps();
    let file = sheet(
        &desk,
        "mixed.csv",
        "姓名,电话,来访时间,置业顾问,渠道\r\n\
         张三,13812345678,2026/3/5 9:05,王芳,上门\r\n\
         李四,12345,2026/3/5 9:30,李娜,\"a, \"\"b\"\"\"\r\n\
         王五,13712345678,2026/3/6 10:00,王芳,\r\n",
    );
    let rejects = desk.dir.path().join("rejects.csv");
    let summary = import(
        &desk,
        &[
            "visits",
            &file,
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(counts(&summary), (3, 2, 0, 1));
    assert_eq!(summary["rejects"], rejects.display().to_string());
    assert_eq!(desk.count("SELECT count(*) FROM visits"), 2);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&rejects).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "rejected rows are customer data");
    let written = std::fs::read(&rejects).unwrap();
    assert!(written.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&written[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["姓名", "电话", "来访时间", "置业顾问", "渠道", "reason"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    // The bad row as it was, then why.
    let cells: Vec<&str> = rows[0].iter().take(5).collect();
    assert_eq!(
        cells,
        ["李四", "12345", "2026/3/5 9:30", "李娜", "a, \"b\""]
    );
    assert!(
        rows[0][5].contains("row 3") && rows[0][5].contains("电话"),
        "{:?}",
        &rows[0]
    );
    assert!(rows[0][5].contains("渠道"), "{:?}", &rows[0]);

    // --skip-invalid and --rejects go together; rejects never overwrite the input.
    desk.refused(NOW, &["import", "visits", &file, "--skip-invalid"]);
    desk.refused(NOW, &["import", "visits", &file, "--rejects", "r.csv"]);
    let err = desk.refused(
        NOW,
        &[
            "import",
            "visits",
            &file,
            "--skip-invalid",
            "--rejects",
            &file,
        ],
    );
    assert!(err.contains("is the file being imported"), "{err}");
}

#[test]
fn a_dry_run_checks_and_counts_but_writes_nothing() {
    let desk = office_with_reps();
    let before = desk.snapshot();
    let summary = import(&desk, &["visits", &fixture("register.csv"), "--dry-run"]);
    assert_eq!(counts(&summary), (4, 4, 0, 0));
    assert_eq!(summary["dry_run"], true);
    assert_eq!(desk.snapshot(), before);
    let rejects = desk.dir.path().join("rejects.csv");
    let file = sheet(&desk, "one-bad.csv", "姓名,电话\n王芳,123\n");
    let err = desk.refused(NOW, &["import", "reps", &file, "--dry-run"]);
    assert!(err.contains("row 2: 电话"), "{err}");
    let summary = import(
        &desk,
        &[
            "reps",
            &file,
            "--dry-run",
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ],
    );
    assert_eq!(counts(&summary), (1, 0, 0, 1));
    assert!(!rejects.exists(), "a dry run writes no rejects file");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn the_header_is_checked_before_any_row() {
    let desk = office_with_reps();
    let file = sheet(
        &desk,
        "noreps.csv",
        "姓名,电话,来访日期备注\n张三,13812345678,x\n",
    );
    let err = desk.refused(NOW, &["import", "visits", &file]);
    assert!(
        err.contains("no column for visited_at") && err.contains("rep (rep / 置业顾问"),
        "{err}"
    );
    let twice = sheet(
        &desk,
        "twice.csv",
        "姓名,电话,手机\n张三,13812345678,13812345678\n",
    );
    let err = desk.refused(NOW, &["import", "reps", &twice]);
    assert!(err.contains("both mean phone"), "{err}");
    let empty = sheet(&desk, "empty.csv", "");
    let err = desk.refused(NOW, &["import", "reps", &empty]);
    assert!(err.contains("no header row"), "{err}");
    let err = desk.refused(NOW, &["import", "reps", "missing.csv"]);
    assert!(err.contains("does not exist"), "{err}");

    // Unknown columns are named and ignored.
    let extra = sheet(&desk, "extra.csv", "姓名,工号,籍贯\n陈静,A09,湖南\n");
    let output = desk
        .command(NOW, &["import", "reps", &extra])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("columns 工号, 籍贯 are not read"),
        "{stderr}"
    );
}

#[test]
fn a_script_sees_one_summary_line_and_no_progress_bar() {
    let desk = office_with_reps();
    let output = desk
        .command(NOW, &["import", "visits", &fixture("register.csv")])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("import visits: 4 rows read from ")
            && stdout.contains("4 imported, 0 already present, 0 rejected"),
        "{stdout}"
    );
}

/// First registration wins across the file and the database, whatever order the file is in.
#[test]
fn imported_visits_obey_ownership_in_time_order() {
    let sheet_rows = [
        "张三,13812345678,2026/3/12 10:00,张伟",
        "张三,13812345678,2026/3/5 10:00,李娜",
        "张三,13812345678,2026/4/20 10:00,张伟",
    ];
    let mut results = Vec::new();
    for order in [[0, 1, 2], [1, 0, 2], [2, 0, 1]] {
        let desk = office_with_reps();
        desk.ok(&t("08:00"), &["roster", "set", "王芳", "李娜", "张伟"]);
        // The desk registered the customer with 王芳 on 03-10.
        desk.ok(
            "2026-03-10 08:00",
            &["roster", "set", "王芳", "李娜", "张伟"],
        );
        let live = desk.visit("2026-03-10 09:00", "张三", "13812345678", &[]);
        assert_eq!(live["rep"], "王芳");
        let mut text = String::from("姓名,电话,来访时间,置业顾问\n");
        for index in order {
            text += sheet_rows[index];
            text += "\n";
        }
        let file = sheet(&desk, "back-filled.csv", &text);
        assert_eq!(counts(&import(&desk, &["visits", &file])), (3, 3, 0, 0));
        // 李娜's paper entry of 03-05 came first: she owns the customer, 王芳 after her.
        assert_eq!(owner(&desk, "13812345678", "2026-03-11 10:00"), "李娜");
        let reasons: Vec<(String, String)> = entries(&desk, "13812345678")
            .into_iter()
            .map(|e| (e.1, e.2))
            .collect();
        assert_eq!(
            reasons,
            [
                ("李娜".to_string(), "rotation".to_string()),
                ("王芳".into(), "rotation".into()),
                // 张伟 received her while 李娜's registration held.
                ("张伟".into(), "voluntary".into()),
                // 李娜's lapsed on 04-05 and 王芳's on 04-10: 张伟 registers anew.
                ("张伟".into(), "rotation".into()),
            ]
        );
        assert_eq!(owner(&desk, "13812345678", "2026-04-21 10:00"), "张伟");
        // Everything but the clock time each entry was written at.
        let register: Vec<String> = desk
            .sql()
            .prepare(
                "SELECT id, customer_id, rep_id, at, kind, reason, turn FROM visits ORDER BY id",
            )
            .unwrap()
            .query_map([], |row| {
                Ok(format!(
                    "{}|{}|{:?}|{}|{}|{}|{}",
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, bool>(6)?
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        results.push(register);
    }
    // The database's visit ids follow the replay, not the file: any order gives one result.
    assert!(results.windows(2).all(|w| w[0] == w[1]));
}

/// A customer met first in an imported register is registered as of their earliest line, with
/// its name and details, wherever that line stands in the file; a line repeated at the same
/// moment is the same visit, and the first of them in the file gives the details.
#[test]
fn new_customers_take_the_details_of_their_earliest_line() {
    let desk = office_with_reps();
    let file = sheet(
        &desk,
        "order.csv",
        "姓名,电话,来访时间,置业顾问,性别,职业\n\
         李先生,13900000001,2026-03-05 10:00,王芳,男,教师\n\
         李四,13900000001,2026-03-01 09:00,王芳,男,医生\n\
         李老四,13900000001,2026-03-01 09:00,李娜,,\n",
    );
    let summary = import(&desk, &["visits", &file]);
    assert_eq!(counts(&summary), (3, 2, 1, 0));
    let customer: (String, String, String) = desk
        .sql()
        .query_row(
            "SELECT name, occupation, created_at FROM customers WHERE phone = '13900000001'",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        customer,
        ("李四".into(), "医生".into(), "2026-03-01 09:00:00".into())
    );
    let reps: Vec<String> = entries(&desk, "13900000001")
        .into_iter()
        .map(|entry| entry.1)
        .collect();
    assert_eq!(reps, ["王芳", "王芳"]);
}

#[test]
fn imports_leave_todays_rotation_alone() {
    let desk = office_with_reps();
    desk.ok(&t("08:30"), &["roster", "set", "王芳", "李娜"]);
    let file = sheet(
        &desk,
        "today.csv",
        "姓名,电话,来访时间,置业顾问\n张三,13812345678,2026-11-23 09:00,王芳\n",
    );
    let before = desk.ok(&t("09:30"), &["roster", "show"]);
    import(&desk, &["visits", &file]);
    assert_eq!(desk.ok(&t("09:30"), &["roster", "show"]), before);
    let (rep, reason) = desk.receives(&t("09:40"), "李四", "13912345678", &[]);
    assert_eq!((rep.as_str(), reason.as_str()), ("王芳", "rotation"));
}

#[test]
fn customers_with_classes_details_and_deals() {
    let desk = Desk::new();
    let file = sheet(
        &desk,
        "customers.csv",
        "客户姓名,联系电话,客户分类,性别,年龄,职业,住址,成交日期\n\
         张三,13812345678,意向客户,男,35,教师,翠湖路1号,\n\
         李四,13912345678,,女,,,,2026/10/8\n",
    );
    assert_eq!(counts(&import(&desk, &["customers", &file])), (2, 2, 0, 0));
    let shown = desk.json(NOW, &["customer", "show", "13812345678"]);
    assert_eq!(shown["class"], "intent");
    assert_eq!(shown["occupation"], "教师");
    assert_eq!(shown["address"], "翠湖路1号");
    let bought: String = desk
        .sql()
        .query_row(
            "SELECT class || ' ' || bought_at FROM customers WHERE phone = '13912345678'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(bought, "owner 2026-10-08 00:00:00");
    assert_eq!(counts(&import(&desk, &["customers", &file])), (2, 0, 2, 0));
    let contradiction = sheet(
        &desk,
        "contradiction.csv",
        "姓名,电话,客户分类,成交日期\n王五,13712345678,潜在客户,2026/10/8\n",
    );
    let err = desk.refused(NOW, &["import", "customers", &contradiction]);
    assert!(
        err.contains("row 2: 客户分类") && err.contains("deal date"),
        "{err}"
    );
}

#[test]
fn complaints_are_classified_and_known_by_phone_time_and_text() {
    let desk = Desk::new();
    let file = sheet(
        &desk,
        "complaints.csv",
        "电话,姓名,投诉时间,渠道,类别,投诉内容,金额,媒体\n\
         13812345678,张三,2026/11/20 10:00,电话,质量,墙面开裂,12000,\n\
         13912345678,李四,2026/11/20 11:00,现场,物业,电梯噪音,,是\n\
         13712345678,王五,2026/11/21 09:00,网络,销售,承诺未兑现,300,否\n",
    );
    assert_eq!(counts(&import(&desk, &["complaints", &file])), (3, 3, 0, 0));
    let list = desk.json(NOW, &["complaint", "list"]);
    let mut classes: Vec<(&str, &str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["category"].as_str().unwrap(),
                c["class"].as_str().unwrap(),
                c["received_at"].as_str().unwrap(),
            )
        })
        .collect();
    classes.sort();
    // 12,000 is major; media attention is major; 300 in sales is important.
    assert_eq!(
        classes,
        [
            ("property", "major", "2026-11-20 11:00"),
            ("quality", "major", "2026-11-20 10:00"),
            ("sales", "important", "2026-11-21 09:00"),
        ]
    );
    // The sheet is the service centre's own log: each was ticketed when it came in.
    assert_eq!(
        desk.count("SELECT count(*) FROM complaints WHERE ticketed_at = received_at"),
        3
    );
    assert_eq!(counts(&import(&desk, &["complaints", &file])), (3, 0, 3, 0));
    let unknown = sheet(
        &desk,
        "noname.csv",
        "电话,投诉时间,渠道,类别,投诉内容\n13600000000,2026/11/20 10:00,电话,质量,漏水\n",
    );
    let err = desk.refused(NOW, &["import", "complaints", &unknown]);
    assert!(
        err.contains("row 2: name: no customer has the phone"),
        "{err}"
    );
}

#[test]
fn survey_answers_by_indicator_columns() {
    let desk = Desk::empty();
    desk.ok(NOW, &["customer", "list"]);
    import(
        &desk,
        &[
            "customers",
            &sheet(
                &desk,
                "owners.csv",
                "姓名,电话,客户分类\n张三,13812345678,业主\n李四,13912345678,业主\n",
            ),
        ],
    );
    desk.ok(
        NOW,
        &[
            "survey",
            "new",
            "2026Q4",
            "--scale",
            "5",
            "--indicator",
            "quality=0.6",
            "--indicator",
            "service=0.4",
        ],
    );
    let file = sheet(
        &desk,
        "answers.csv",
        "调查,电话,quality,service\n2026Q4,13812345678,5,4\n2026Q4,13912345678,3,\n",
    );
    assert_eq!(counts(&import(&desk, &["responses", &file])), (2, 2, 0, 0));
    let report = desk.json(NOW, &["report", "survey", "--survey", "2026Q4"]);
    assert_eq!(report["respondents"], 2);
    assert_eq!(counts(&import(&desk, &["responses", &file])), (2, 0, 2, 0));
    let bad = sheet(
        &desk,
        "bad-answers.csv",
        "调查,电话,quality,price\n2026Q4,13812345678,6,\n2025Q4,13912345678,3,\n2026Q4,13912345678,,4\n",
    );
    let err = desk.refused(NOW, &["import", "responses", &bad]);
    for expected in [
        "row 2: quality: \"6\" is outside the scale",
        "row 3: 调查: there is no survey \"2025Q4\"",
        "row 4: answers: none given; give a score",
        "column price is not read by `import responses` and is ignored",
    ] {
        assert!(err.contains(expected), "{expected:?} missing from {err}");
    }
}

#[test]
fn xlsx_workbooks_with_date_cells_and_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let desk = office_with_reps();
    let path = desk.dir.path().join("register.xlsx");
    let mut workbook = Workbook::new();
    let cover = workbook.add_worksheet();
    cover.set_name("说明").unwrap();
    cover.write(0, 0, "本表为来访登记").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("登记表").unwrap();
    let date_format = Format::new().set_num_format("yyyy/m/d h:mm");
    for (column, header) in ["客户姓名", "电话", "来访时间", "置业顾问"]
        .iter()
        .enumerate()
    {
        sheet.write(0, column as u16, *header).unwrap();
    }
    sheet.write(1, 0, "张三").unwrap();
    // Phones typed as numbers, a date cell, and a date that lost its format (a serial).
    sheet.write(1, 1, 13812345678.0).unwrap();
    let visited = ExcelDateTime::parse_from_str("2026-03-05 09:05:00").unwrap();
    sheet
        .write_datetime_with_format(1, 2, &visited, &date_format)
        .unwrap();
    sheet.write(1, 3, "王芳").unwrap();
    sheet.write(2, 0, "李四").unwrap();
    sheet.write(2, 1, "139-1234-5678").unwrap();
    sheet.write(2, 2, 46086.5).unwrap();
    sheet.write(2, 3, "李娜").unwrap();
    workbook.save(&path).unwrap();
    let file = path.display().to_string();

    let err = desk.refused(NOW, &["import", "visits", &file]);
    assert!(
        err.contains("no header row"),
        "the first sheet is the cover: {err}"
    );
    let summary = import(&desk, &["visits", &file, "--sheet", "登记表"]);
    assert_eq!(counts(&summary), (2, 2, 0, 0), "{summary}");
    assert_eq!(summary["source"], "worksheet 登记表");
    assert_eq!(entries(&desk, "13812345678")[0].0, "2026-03-05 09:05:00");
    assert_eq!(entries(&desk, "13912345678")[0].0, "2026-03-05 12:00:00");
    let err = desk.refused(NOW, &["import", "visits", &file, "--sheet", "Sheet9"]);
    assert!(err.contains("its worksheets are 说明, 登记表"), "{err}");
}

/// A file of `rows` register lines with 20 reps, for the tests that need a long import.
fn long_register(desk: &Desk, rows: usize) -> PathBuf {
    let mut reps = String::from("姓名\n");
    for rep in 0..20 {
        reps += &format!("顾问{rep:02}\n");
    }
    let file = sheet(desk, "reps20.csv", &reps);
    desk.ok(NOW, &["import", "reps", &file]);
    let mut text = String::from("姓名,电话,来访时间,置业顾问\n");
    for row in 0..rows {
        let customer = row % (rows / 3).max(1);
        let day = 1 + (row / 2_000) % 28;
        let minute = row % 600;
        text += &format!(
            "客户{customer},139{customer:08},2026-0{}-{day:02} {:02}:{:02},顾问{:02}\n",
            1 + (row / 56_000) % 9,
            8 + minute / 60,
            minute % 60,
            customer % 20
        );
    }
    let path = desk.dir.path().join("long.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// A large import builds the day index once at the end instead of entry by entry; the file
/// comes out with the schema it had, every index matching its table and the append-only guard
/// in force. A small import, or a large one with nothing new, never touches the schema.
#[test]
fn a_large_import_rebuilds_the_day_index_and_keeps_the_schema() {
    let desk = Desk::new();
    let file = long_register(&desk, 12_000);
    let schema = schema_of(&desk.sql());
    let root =
        |desk: &Desk| desk.count("SELECT rootpage FROM sqlite_schema WHERE name = 'visits_day'");
    let first_root = root(&desk);
    let summary = import(&desk, &["visits", file.to_str().unwrap()]);
    assert_eq!(counts(&summary), (12_000, 12_000, 0, 0));
    assert_eq!(schema_of(&desk.sql()), schema);
    assert_ne!(root(&desk), first_root, "the day index was not rebuilt");
    assert_eq!(integrity(&desk.db), "ok");
    assert_eq!(
        desk.count("SELECT count(*) FROM visits INDEXED BY visits_day WHERE day = '2026-01-03'"),
        desk.count("SELECT count(*) FROM visits NOT INDEXED WHERE day = '2026-01-03'"),
    );
    assert!(desk.count("SELECT count(*) FROM visits WHERE day = '2026-01-03'") > 0);
    let replaced = desk.sql().execute(
        "INSERT OR REPLACE INTO visits (id, customer_id, rep_id, at, day, kind, channel, reason,
             recorded_at)
         SELECT id, customer_id, rep_id, at, day, kind, channel, reason, recorded_at
         FROM visits WHERE id = 1",
        [],
    );
    assert!(
        replaced.unwrap_err().to_string().contains("append-only"),
        "the replace guard is gone"
    );

    let rebuilt_root = root(&desk);
    let again = import(&desk, &["visits", file.to_str().unwrap()]);
    assert_eq!(counts(&again), (12_000, 0, 12_000, 0));
    assert_eq!(
        root(&desk),
        rebuilt_root,
        "a repeated import rebuilt the index"
    );
    let small = sheet(
        &desk,
        "small.csv",
        "姓名,电话,来访时间,置业顾问\n新客户,13700000000,2026-10-01 10:00,顾问01\n",
    );
    let summary = import(&desk, &["visits", &small]);
    assert_eq!(counts(&summary), (1, 1, 0, 0));
    assert_eq!(
        root(&desk),
        rebuilt_root,
        "a small import rebuilt the index"
    );
    assert_eq!(schema_of(&desk.sql()), schema);
}

/// A killed import leaves the database exactly as it was: one transaction. Killed after its
/// commit (while closing the file), it leaves the whole import; never a part of it.
#[test]
fn a_killed_import_leaves_the_database_as_before() {
    let template = Desk::new();
    let file = long_register(&template, 60_000);
    template.visit(
        &t("09:00"),
        "老客户",
        "13800000000",
        &["--designate", "顾问01"],
    );
    let before = template.snapshot();
    let count = |desk: &Desk| {
        (
            desk.count("SELECT count(*) FROM visits"),
            desk.count("SELECT count(*) FROM customers"),
        )
    };
    // What the whole import leaves.
    let whole = Desk::new();
    std::fs::copy(&template.db, &whole.db).unwrap();
    whole.ok(NOW, &["import", "visits", file.to_str().unwrap()]);
    let complete = count(&whole);
    assert!(complete.0 > 50_000);

    // Kill later and later until the import has finished by itself: whatever the machine's
    // speed, the first kills land while it reads, stages or writes.
    let mut untouched = 0;
    let mut delay = Duration::from_millis(40);
    loop {
        let desk = Desk::new();
        std::fs::copy(&template.db, &desk.db).unwrap();
        let mut child = desk
            .process(NOW, &["import", "visits", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let running = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        child.wait().unwrap();
        let check: String = desk
            .sql()
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok", "killed after {delay:?}");
        let now = count(&desk);
        if now != complete {
            assert!(
                desk.snapshot() == before,
                "killed after {delay:?}: {now:?} rows, neither before nor complete"
            );
            untouched += 1;
        }
        if !running {
            break;
        }
        delay = delay.mul_f64(1.6);
    }
    assert!(
        untouched >= 2,
        "only {untouched} imports were killed before their commit"
    );
}

#[test]
fn wait_for_a_long_import_elsewhere() {
    // A clerk's visit during an import waits for it instead of failing, and a wait of more
    // than two seconds says what it waits for. The import grows until it holds the database
    // long enough for the note, whatever the machine's speed.
    let mut rows = 150_000;
    loop {
        let desk = Desk::new();
        let file = long_register(&desk, rows);
        desk.ok(&t("08:30"), &["roster", "set", "顾问01", "顾问02"]);
        let mut child = desk
            .process(NOW, &["import", "visits", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let started = std::time::Instant::now();
        let visit = desk
            .command(
                &t("10:05"),
                &[
                    "visit",
                    "新客户",
                    "--phone",
                    "13500000000",
                    "--format",
                    "json",
                ],
            )
            .output()
            .unwrap();
        let waited = started.elapsed();
        let stderr = String::from_utf8_lossy(&visit.stderr);
        assert!(visit.status.success(), "{stderr}");
        let receipt: serde_json::Value = serde_json::from_slice(&visit.stdout).unwrap();
        assert_eq!(receipt["rep"], "顾问01");
        assert!(child.wait().unwrap().success());
        assert!(
            !desk.path("desk.db.importing").exists(),
            "the marker went with the import"
        );
        if waited > Duration::from_millis(2_500) {
            assert!(
                stderr.starts_with("waiting: an import is running (")
                    && stderr.contains("long.csv")
                    && stderr.contains("holds the database"),
                "waited {waited:?}: {stderr}"
            );
            return;
        }
        assert!(
            stderr.is_empty(),
            "a short wait says nothing (waited {waited:?}): {stderr}"
        );
        assert!(
            rows < 1_000_000,
            "{rows} lines still imported in {waited:?}"
        );
        rows *= 2;
    }
}

#[test]
fn an_imported_entry_keeps_the_name_written_on_its_line() {
    let desk = Desk::office(&["王芳"]);
    let file = sheet(
        &desk,
        "register.csv",
        "姓名,电话,来访时间,置业顾问,渠道\n\
         张三,13812345678,2026-11-02 10:00,王芳,上门\n\
         张山,13812345678,2026-11-09 10:00,王芳,上门\n",
    );
    import(&desk, &["visits", &file]);
    let card = desk.json(NOW, &["customer", "show", "13812345678"]);
    assert_eq!(card["name"], "张三", "{card}");
    let export = desk.json(NOW, &["export", "visits"]);
    let names: Vec<&str> = export
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["张三", "张山"], "{export}");
}
