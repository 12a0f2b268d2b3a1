//! Workbooks (`--output FILE.xlsx`): every report kind as a sheet per section with typed cells
//! and its native charts, read back with calamine the way a spreadsheet program reads them; an
//! export or a listing written as a workbook or as Excel-mode CSV imports back into a desk that
//! never saw it as the same records; and a command that records something never writes one.

use std::io::Read as _;
use std::path::Path;

use calamine::{Data, Reader as _, Xlsx};
use serde_json::Value;

use crate::harness::{Desk, t};
use crate::report::office;

/// The moment every report here is taken at, as the golden reports are.
const AT: &str = "2026-11-24 08:30";

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The rows of one sheet, as calamine reads them.
fn rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let range = open(path)
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("{sheet}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

/// The parts of the workbook's package whose names start with `prefix`.
fn parts(path: &Path, prefix: &str) -> Vec<String> {
    let file = std::fs::File::open(path).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    zip.file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

fn part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The row a sheet's table starts at: the first whose first cell is `key`.
fn header_at(rows: &[Vec<Data>], key: &str) -> usize {
    rows.iter()
        .position(|r| r.first().is_some_and(|c| *c == key))
        .unwrap_or_else(|| panic!("no header starting {key}: {rows:?}"))
}

#[test]
fn every_report_kind_writes_a_workbook_of_typed_sheets_with_its_charts() {
    let desk = office();
    let kinds: &[(&str, &[&str], usize)] = &[
        ("daily", &["report", "daily", "--date", "2026-11-23"], 0),
        ("weekly", &["report", "weekly", "--week", "2026-11-23"], 0),
        ("monthly", &["report", "monthly", "--month", "2026-11"], 6),
        (
            "quarterly",
            &["report", "quarterly", "--quarter", "2026Q4"],
            5,
        ),
        ("annual", &["report", "annual", "--year", "2026"], 5),
        ("overdue", &["report", "overdue"], 0),
        ("repairs", &["report", "repairs", "--month", "2026-11"], 0),
        ("survey", &["report", "survey", "--survey", "2026H2"], 2),
        (
            "commission",
            &["report", "commission", "--month", "2026-11"],
            0,
        ),
        ("fairness", &["report", "fairness", "--month", "2026-11"], 1),
    ];
    for (kind, args, charts) in kinds {
        let file = format!("{kind}.xlsx");
        let mut typed = args.to_vec();
        typed.extend(["--output", &file]);
        desk.ok(AT, &typed);
        let path = desk.path(&file);
        let report = desk.json(AT, args);
        let mut listed = args.to_vec();
        listed.push("--sections");
        let sections: Vec<String> = desk
            .json(AT, &listed)
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["section"].as_str().unwrap().to_string())
            .collect();
        let mut expected = vec!["report".to_string()];
        expected.extend(sections.iter().cloned());
        if *kind == "survey" {
            // The index of this wave and the one before, for its chart.
            expected.push("index".to_string());
        }
        assert_eq!(
            open(&path).sheet_names(),
            expected,
            "{kind}: a sheet per section"
        );
        for section in &sections {
            let sheet = rows(&path, section);
            // A survey's report is its wave, named by the wave.
            let named = match *kind {
                "survey" => "survey: 2026H2".to_string(),
                kind => format!("report: {kind}"),
            };
            assert!(
                sheet[0][0].to_string().contains(&named),
                "{kind}/{section}: the report's name above the table: {:?}",
                sheet[0]
            );
            if *kind != "survey" {
                assert!(
                    sheet[1][0]
                        .to_string()
                        .starts_with("as_of: 2026-11-24 08:30")
                );
            }
            let Some(first) = report[section.as_str()].as_array().and_then(|a| a.first()) else {
                continue;
            };
            // The header is the row after the title's blank line, with every column.
            let blank = sheet
                .iter()
                .position(|r| r.iter().all(|c| c.to_string().is_empty()))
                .unwrap();
            let header: Vec<String> = sheet[blank + 1]
                .iter()
                .map(|c| c.to_string())
                .filter(|c| !c.is_empty())
                .collect();
            for key in first.as_object().unwrap().keys() {
                assert!(
                    header.contains(key),
                    "{kind}/{section}: column {key} in {header:?}"
                );
            }
            let listed = report[section.as_str()].as_array().unwrap().len();
            assert!(
                sheet.len() >= blank + 2 + listed,
                "{kind}/{section}: every row"
            );
        }
        assert_eq!(
            parts(&path, "xl/charts/chart").len(),
            *charts,
            "{kind}: its charts"
        );
        // The header stays in view as the rows scroll.
        if let Some(section) = sections.first() {
            let index = expected.iter().position(|s| s == section).unwrap() + 1;
            let xml = part(&path, &format!("xl/worksheets/sheet{index}.xml"));
            assert!(xml.contains("state=\"frozen\""), "{kind}: a frozen header");
        }
    }

    // Cells keep their types: a day is a date, a count a number, money a number shown as money.
    let monthly = desk.path("monthly.xlsx");
    let visits = rows(&monthly, "visits_by_channel");
    let at = header_at(&visits, "day");
    assert!(
        matches!(visits[at + 1][0], Data::DateTime(_)),
        "{:?}",
        visits[at + 1]
    );
    assert!(
        matches!(visits[at + 1][2], Data::Float(_)),
        "{:?}",
        visits[at + 1]
    );
    let commission = desk.path("commission.xlsx");
    let styles = part(&commission, "xl/styles.xml");
    assert!(styles.contains("#,##0.00"), "money is formatted as money");
    let sheets = open(&commission).sheet_names();
    let money = sheets.iter().skip(1).any(|sheet| {
        let rows = rows(&commission, sheet);
        rows.iter().any(|r| {
            r.iter()
                .any(|c| matches!(c, Data::Float(f) if *f >= 10_000.0))
        })
    });
    assert!(money, "a deal's price is a number");
    let charts: Vec<String> = parts(&monthly, "xl/charts/chart")
        .iter()
        .map(|name| part(&monthly, name))
        .collect();
    assert!(
        charts.iter().any(|c| c.contains("visits_by_channel!$")),
        "a chart reads the sheet's own cells, so it follows an edit"
    );
    assert!(
        charts.iter().any(|c| c.contains("<c:lineChart>")),
        "visits over the days"
    );

    // In Chinese: the sheets and headers in Chinese, the codes their Chinese labels.
    desk.ok(
        AT,
        &[
            "report",
            "monthly",
            "--month",
            "2026-11",
            "--lang",
            "zh",
            "--output",
            "月报.xlsx",
        ],
    );
    let names = open(&desk.path("月报.xlsx")).sheet_names();
    assert!(
        names.contains(&"报表".to_string()) && names.contains(&"按投诉分类".to_string()),
        "{names:?}"
    );
}

#[test]
fn an_export_writes_phones_and_ids_as_text_and_moments_as_dates() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("10:00"), "陈先生", "057187654321", &[]);
    desk.ok(
        &t("18:00"),
        &[
            "export",
            "visits",
            "--full-phone",
            "--output",
            "visits.xlsx",
        ],
    );
    let path = desk.path("visits.xlsx");
    assert_eq!(open(&path).sheet_names(), ["visits"]);
    let sheet = rows(&path, "visits");
    assert!(
        sheet[0][0]
            .to_string()
            .starts_with("as_of: 2026-11-23 18:00"),
        "{:?}",
        sheet[0]
    );
    let at = header_at(&sheet, "visit_id");
    let header: Vec<String> = sheet[at].iter().map(|c| c.to_string()).collect();
    let cell = |key: &str| &sheet[at + 1][header.iter().position(|h| h == key).unwrap()];
    assert_eq!(
        cell("phone"),
        &Data::String("057187654321".into()),
        "the landline keeps its 0"
    );
    assert_eq!(cell("visit_id"), &Data::String("1".into()), "an id is text");
    assert!(matches!(cell("at"), Data::DateTime(_)), "{:?}", cell("at"));
    assert!(
        !std::fs::read_dir(desk.path(".")).unwrap().any(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.starts_with(".tmp") || name.contains(".xlsx.")
        }),
        "no temporary file is left beside the workbook"
    );
}

/// What `import` reads of each kind, as the desk's own listings show it.
fn records(desk: &Desk) -> Vec<String> {
    let mut seen = Vec::new();
    let pick = |value: &Value, keys: &[&str]| -> String {
        keys.iter()
            .map(|k| format!("{k}={}", value[*k]))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let at = "2026-11-24 18:30";
    for c in desk
        .json(at, &["export", "customers", "--full-phone"])
        .as_array()
        .unwrap()
    {
        seen.push(format!(
            "customer {}",
            pick(
                c,
                &[
                    "name",
                    "phone",
                    "class",
                    "gender",
                    "age",
                    "address",
                    "occupation",
                    "requirements",
                    "interests",
                    "owner"
                ]
            )
        ));
    }
    for v in desk
        .json(at, &["export", "visits", "--full-phone"])
        .as_array()
        .unwrap()
    {
        seen.push(format!(
            "visit {}",
            pick(v, &["name", "phone", "at", "rep", "channel", "kind"])
        ));
    }
    for c in desk
        .json(at, &["export", "complaints", "--full-phone"])
        .as_array()
        .unwrap()
    {
        seen.push(format!(
            "complaint {}",
            pick(
                c,
                &[
                    "phone",
                    "received_at",
                    "channel",
                    "category",
                    "text",
                    "amount",
                    "class",
                    "department"
                ]
            )
        ));
    }
    for d in desk
        .json(at, &["deal", "list", "--full-phone"])
        .as_array()
        .unwrap()
    {
        seen.push(format!(
            "deal {}",
            pick(d, &["buyer", "phone", "at", "unit", "price", "rep"])
        ));
    }
    seen.sort();
    seen
}

#[test]
fn an_export_imports_back_as_the_same_records_from_a_workbook_and_from_excel_mode_csv() {
    let reps = ["王芳", "张伟"];
    let desk = Desk::office(&reps);
    let day = "2026-11-23";
    let at = |time: &str| format!("{day} {time}");
    desk.visit(&at("10:00"), "陈先生", "13812345678", &["--channel", "web"]);
    desk.visit(&at("10:30"), "李女士", "057187654321", &[]);
    desk.ok(
        &at("10:40"),
        &[
            "customer",
            "set",
            "13812345678",
            "--address",
            "0301",
            "--age",
            "45",
            "--interests",
            "=1+2",
            "--requirements",
            "00123",
        ],
    );
    desk.ok(
        &at("11:00"),
        &[
            "complaint",
            "new",
            "--phone",
            "13812345678",
            "--name",
            "陈先生",
            "--channel",
            "phone",
            "--category",
            "quality",
            "--amount",
            "3000",
            "墙面开裂",
        ],
    );
    desk.ok(
        &at("16:00"),
        &[
            "deal",
            "13812345678",
            "--unit",
            "5-2-0301",
            "--price",
            "1280000.50",
        ],
    );
    let original = records(&desk);
    assert!(
        original.iter().any(|r| r.starts_with("deal")),
        "{original:?}"
    );

    for (ext, excel) in [("xlsx", &[][..]), ("csv", &["--bom"][..])] {
        let files = [
            ("customers", vec!["export", "customers"]),
            ("visits", vec!["export", "visits"]),
            ("complaints", vec!["export", "complaints"]),
            ("deals", vec!["deal", "list"]),
        ];
        let other = Desk::office(&reps);
        for (kind, args) in &files {
            let name = format!("{kind}.{ext}");
            let mut typed = args.clone();
            typed.extend(["--full-phone", "--output", &name]);
            typed.extend(excel);
            desk.ok("2026-11-24 18:00", &typed);
            std::fs::copy(desk.path(&name), other.path(&name)).unwrap();
            other.ok("2026-11-24 18:10", &["import", kind, &name]);
        }
        assert_eq!(records(&other), original, "through {ext}");
    }
}

#[test]
fn a_command_that_records_something_never_writes_a_workbook() {
    let desk = Desk::office(&["王芳"]);
    let before = desk.files();
    let message = desk.refused(
        &t("10:00"),
        &[
            "visit",
            "陈先生",
            "--phone",
            "13812345678",
            "--output",
            "v.xlsx",
        ],
    );
    assert!(
        message.contains(".xlsx") && message.contains(".csv"),
        "{message}"
    );
    let message = desk.refused(
        &t("18:00"),
        &["report", "daily", "--output", "d.xlsx", "--bom"],
    );
    assert!(message.contains("--bom"), "{message}");
    let message = desk.refused(
        &t("18:00"),
        &["report", "daily", "--output", "d.xlsx", "--format", "json"],
    );
    assert!(message.contains("--format"), "{message}");
    assert_eq!(desk.files(), before, "nothing written, no file left");
}

#[test]
fn the_group_centre_writes_one_workbook_for_the_group_and_one_per_project() {
    let desk = Desk::new();
    crate::group::project(&desk, "翠湖苑", 3);
    crate::group::project(&desk, "金桂园", 1);
    let run = |args: &[&str]| {
        let mut all = vec!["report", "--offices", "."];
        all.extend_from_slice(args);
        let done = crate::group::group(&desk, &all).output().unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    };
    run(&[
        "daily",
        "--date",
        "today",
        "--output",
        "group-{period}.xlsx",
    ]);
    let path = desk.path("group-2026-11-23.xlsx");
    let sheet = rows(&path, "visits_by_channel");
    let at = header_at(&sheet, "project");
    let projects: Vec<String> = sheet[at + 1..].iter().map(|r| r[0].to_string()).collect();
    assert!(
        projects.contains(&"翠湖苑".to_string()) && projects.contains(&"金桂园".to_string()),
        "{projects:?}"
    );
    assert!(
        !parts(&path, "xl/charts/chart").is_empty(),
        "each project's visits side by side"
    );
    run(&[
        "monthly",
        "--month",
        "this",
        "--output",
        "{project}-{period}.xlsx",
    ]);
    for name in ["翠湖苑", "金桂园"] {
        let names = open(&desk.path(&format!("{name}-2026-11.xlsx"))).sheet_names();
        assert!(names.contains(&"fairness".to_string()), "{names:?}");
    }
}
