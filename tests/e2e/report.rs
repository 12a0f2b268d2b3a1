//! `report` and `export`: golden files over the fixed dataset in `tests/fixtures/office.txt`,
//! compared byte for byte, plus the promises cron jobs rely on: an empty period is a header and
//! exit 0, `--output` writes whole files or nothing, phones stay masked unless asked.
//!
//! The golden files are regenerated only on purpose: `SALESDESK_BLESS=1 cargo test report`.

use crate::harness::{Desk, against_golden, golden_dir, t};

const OFFICE: &str = include_str!("../fixtures/office.txt");

/// Splits a fixture line's arguments; double quotes keep spaces inside one argument.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut in_word) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

/// A desk holding the fixed dataset.
pub fn office() -> Desk {
    let desk = Desk::new();
    for line in OFFICE
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (at, args) = line.split_once('|').expect("AT | ARGS");
        let args = words(args);
        desk.ok(
            at.trim(),
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    }
    desk
}

/// Every report and export the golden files hold, as (file name, arguments).
const GOLDEN: &[(&str, &[&str])] = &[
    (
        "daily.csv",
        &["report", "daily", "--date", "2026-11-23", "--format", "csv"],
    ),
    (
        "daily-zh.csv",
        &[
            "report",
            "daily",
            "--date",
            "2026-11-23",
            "--format",
            "csv",
            "--lang",
            "zh",
        ],
    ),
    (
        "daily-bom.csv",
        &["report", "daily", "--date", "2026-11-23", "--bom"],
    ),
    (
        "daily.json",
        &[
            "report",
            "daily",
            "--date",
            "2026-11-23",
            "--format",
            "json",
        ],
    ),
    (
        "daily-empty.csv",
        &["report", "daily", "--date", "2026-11-15", "--format", "csv"],
    ),
    (
        "weekly.csv",
        &[
            "report",
            "weekly",
            "--week",
            "2026-11-23",
            "--format",
            "csv",
        ],
    ),
    (
        "monthly.csv",
        &["report", "monthly", "--month", "2026-11", "--format", "csv"],
    ),
    (
        "monthly.json",
        &[
            "report", "monthly", "--month", "2026-11", "--format", "json",
        ],
    ),
    ("overdue.csv", &["report", "overdue", "--format", "csv"]),
    (
        "survey.csv",
        &["report", "survey", "--survey", "2026H2", "--format", "csv"],
    ),
    (
        "survey.json",
        &["report", "survey", "--survey", "2026H2", "--format", "json"],
    ),
    (
        "quarterly.csv",
        &[
            "report",
            "quarterly",
            "--quarter",
            "2026Q4",
            "--format",
            "csv",
        ],
    ),
    (
        "annual.json",
        &["report", "annual", "--year", "2026", "--format", "json"],
    ),
    (
        "repairs.csv",
        &["report", "repairs", "--month", "2026-11", "--format", "csv"],
    ),
    (
        "commission.csv",
        &[
            "report",
            "commission",
            "--month",
            "2026-11",
            "--format",
            "csv",
        ],
    ),
    ("overdue.json", &["report", "overdue", "--format", "json"]),
    (
        "export-visits.json",
        &["export", "visits", "--format", "json"],
    ),
    (
        "export-customers.csv",
        &["export", "customers", "--format", "csv"],
    ),
    (
        "export-visits.csv",
        &[
            "export",
            "visits",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
            "--format",
            "csv",
        ],
    ),
    (
        "export-complaints.csv",
        &["export", "complaints", "--format", "csv"],
    ),
];

/// The moment every golden report is taken at.
const AT: &str = "2026-11-24 08:30";

#[test]
fn every_report_and_export_matches_its_golden_file() {
    let desk = office();
    let mut differ = Vec::new();
    for (name, args) in GOLDEN {
        let output = desk.ok(AT, args);
        // What a program reads never follows the locale of the host it runs on.
        for locale in ["zh_CN.UTF-8", "C"] {
            let under = desk
                .command(AT, args)
                .env("LANG", locale)
                .env("LC_ALL", locale)
                .output()
                .expect("run salesdesk");
            assert!(under.status.success(), "{name} under LANG={locale}");
            assert_eq!(
                String::from_utf8_lossy(&under.stdout),
                output,
                "{name} under LANG={locale} differs from its output without LANG"
            );
        }
        differ.extend(against_golden(name, &output, "report"));
    }
    assert!(
        differ.is_empty(),
        "reports differ from their golden files:\n{}",
        differ.join("\n")
    );
}

#[test]
fn golden_files_never_show_a_full_phone_number() {
    for (name, _) in GOLDEN {
        let text = std::fs::read_to_string(golden_dir().join(name)).unwrap();
        for phone in [
            "13812345678",
            "13912345678",
            "13712345678",
            "13600000001",
            "01087654321",
        ] {
            assert!(!text.contains(phone), "{name} shows {phone}");
        }
    }
    let desk = office();
    let full = desk.ok(
        AT,
        &["export", "customers", "--format", "csv", "--full-phone"],
    );
    assert!(
        full.contains("13812345678"),
        "--full-phone shows the number: {full}"
    );
}

#[test]
fn an_empty_period_is_a_header_and_exit_0() {
    let desk = Desk::empty();
    // A report's file still says which report of which period it is.
    for (args, report_row) in [
        (
            &["report", "daily", "--format", "csv"][..],
            "report,daily,2026-11-22,2026-11-23 08:30",
        ),
        (
            &["report", "weekly", "--format", "csv"],
            "report,weekly,2026-11-16,2026-11-22,2026-11-23 08:30",
        ),
        (
            &["report", "monthly", "--format", "csv"],
            "report,monthly,2026-10,2026-11-23 08:30",
        ),
        (
            &["report", "overdue", "--format", "csv"],
            "report,overdue,2026-11-23 08:30",
        ),
    ] {
        let output = desk.ok(&t("08:30"), args);
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}: {output}");
        assert!(
            lines[1].starts_with(report_row),
            "{args:?}: {} should start {report_row}",
            lines[1]
        );
    }
    for args in [
        &["export", "visits", "--format", "csv"][..],
        &["export", "customers", "--format", "csv"],
        &["export", "complaints", "--format", "csv"],
    ] {
        let output = desk.ok(&t("08:30"), args);
        assert_eq!(output.lines().count(), 1, "{args:?}: {output}");
        assert!(!output.trim().is_empty(), "{args:?}");
    }
    let json = desk.json(&t("08:30"), &["report", "daily"]);
    assert_eq!(json["visits_by_rep"], serde_json::json!([]));
}

#[test]
fn defaults_are_yesterday_last_week_and_last_month() {
    let desk = office();
    let daily = desk.json("2026-11-24 08:30", &["report", "daily"]);
    assert_eq!(daily["date"], "2026-11-23");
    let weekly = desk.json("2026-12-01 08:30", &["report", "weekly"]);
    assert_eq!(
        (weekly["from"].as_str(), weekly["to"].as_str()),
        (Some("2026-11-23"), Some("2026-11-29"))
    );
    let monthly = desk.json("2026-12-02 08:30", &["report", "monthly"]);
    assert_eq!(monthly["month"], "2026-11");
}

#[test]
fn output_is_written_whole_or_not_at_all() {
    let desk = office();
    let target = desk.dir.path().join("daily.csv");
    let printed = desk.ok(
        AT,
        &["report", "daily", "--date", "2026-11-23", "--format", "csv"],
    );
    let quiet = desk.ok(
        AT,
        &[
            "report",
            "daily",
            "--date",
            "2026-11-23",
            "--format",
            "csv",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(quiet, "", "nothing on the terminal");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), printed);
    // It holds customer data: readable by its owner only, like the database.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    // A refused write leaves the old file as it was and no temporary file behind.
    let missing = desk.dir.path().join("no-such-folder").join("daily.csv");
    let output = desk
        .command(
            AT,
            &["report", "daily", "--output", missing.to_str().unwrap()],
        )
        .output()
        .unwrap();
    // A folder that is not there is a typo: refused before the report is made.
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--output: the folder") && stderr.contains("does not exist"),
        "{stderr}"
    );
    let folder = desk.dir.path().to_str().unwrap().to_string();
    let output = desk
        .command(AT, &["report", "daily", "--output", &folder])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let mut names: Vec<String> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("desk.db"))
        .collect();
    names.sort();
    assert_eq!(names, ["daily.csv"]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), printed);
}

#[test]
fn bad_report_input_is_refused() {
    let desk = Desk::new();
    for (args, field) in [
        (
            &["report", "daily", "--date", "the day before"][..],
            "--date",
        ),
        (&["report", "weekly", "--week", "2026-13-01"], "--week"),
        (&["report", "monthly", "--month", "2026-13"], "--month"),
        (&["report", "monthly", "--month", "11/2026"], "--month"),
        (
            &[
                "export",
                "visits",
                "--from",
                "2026-11-30",
                "--to",
                "2026-11-01",
            ],
            "--from",
        ),
        (&["export", "visits", "--to", "tomorrow"], "--to"),
    ] {
        let stderr = desk.refused(&t("08:30"), args);
        assert!(stderr.contains(field), "{args:?}: {stderr}");
    }
}

#[test]
fn a_past_day_counts_complaints_overdue_then_even_if_archived_since() {
    let desk = Desk::new();
    desk.ok(
        "2026-11-02 10:00",
        &[
            "complaint",
            "new",
            "--phone",
            "13800000001",
            "--name",
            "甲",
            "--channel",
            "phone",
            "--category",
            "other",
            "x",
        ],
    );
    desk.ok("2026-11-20 10:00", &["complaint", "resolve", "1"]);
    desk.ok(
        "2026-11-20 11:00",
        &["complaint", "revisit", "1", "--score", "3"],
    );
    desk.ok("2026-11-24 08:00", &["complaint", "archive", "1"]);
    let back_then = desk.json(
        "2026-11-24 08:30",
        &["report", "daily", "--date", "2026-11-19"],
    );
    assert_eq!(back_then["complaints"][0]["overdue"], 1, "{back_then}");
    let today = desk.json("2026-11-24 08:30", &["report", "overdue"]);
    assert_eq!(
        today["overdue"].as_array().unwrap().len(),
        0,
        "archived since"
    );
    assert_eq!(today["as_of"], "2026-11-24 08:30", "{today}");
}

#[test]
fn the_daily_count_at_17_30_is_the_overdue_list_at_17_30() {
    let desk = Desk::new();
    let complain = |at: &str, text: &str| {
        desk.ok(
            at,
            &[
                "complaint",
                "new",
                "--phone",
                "13800000001",
                "--name",
                "甲",
                "--channel",
                "phone",
                "--category",
                "other",
                text,
            ],
        )
    };
    // Yesterday's, whose evidence was due at yesterday's close: overdue now.
    complain("2026-11-30 10:00", "昨天的");
    // Today's at 17:15, whose evidence is due at 18:00: not yet late at 17:30.
    complain("2026-12-01 17:15", "今天的");
    let at = "2026-12-01 17:30";
    let daily = desk.json(at, &["report", "daily", "--date", "2026-12-01"]);
    let overdue = desk.json(at, &["report", "overdue"]);
    let listed = desk.json(at, &["complaint", "list", "--overdue"]);
    let count = daily["complaints"][0]["overdue"].as_i64().unwrap();
    assert_eq!(count, 1, "{daily}");
    assert_eq!(overdue["overdue"].as_array().unwrap().len() as i64, count);
    assert_eq!(listed.as_array().unwrap().len() as i64, count);
    // Once the day is over, the report of it counts what was late by its end.
    let next = desk.json(
        "2026-12-02 08:30",
        &["report", "daily", "--date", "2026-12-01"],
    );
    assert_eq!(next["complaints"][0]["overdue"], 2, "{next}");
}

/// Records a complaint received at `received`, typed at `at`.
fn complaint_at(desk: &Desk, at: &str, received: &str, text: &str) {
    desk.ok(
        at,
        &[
            "complaint",
            "new",
            "--phone",
            "13800000001",
            "--name",
            "甲",
            "--channel",
            "phone",
            "--category",
            "other",
            "--received",
            received,
            text,
        ],
    );
}

#[test]
fn the_reports_count_complaints_not_their_steps() {
    let desk = Desk::new();
    // Resolved, reopened by a dissatisfied follow-up, resolved again the same day.
    complaint_at(&desk, &t("09:00"), &t("09:00"), "门锁坏");
    desk.ok(&t("10:00"), &["complaint", "resolve", "1"]);
    desk.ok(&t("11:00"), &["complaint", "revisit", "1", "--score", "2"]);
    desk.ok(&t("15:00"), &["complaint", "resolve", "1"]);
    // Wrong before: two resolutions counted as two resolved complaints.
    let daily = desk.json("2026-11-24 09:00", &["report", "daily"]);
    assert_eq!(daily["complaints"][0]["resolved"], 1, "{daily}");
    let monthly = desk.json("2026-12-02 09:00", &["report", "monthly"]);
    let resolution = &monthly["resolution"][0];
    assert_eq!(resolution["resolved"], 1, "{monthly}");
    assert_eq!(
        resolution["mean_hours_to_resolve"], 6.0,
        "to the resolution that stood: {monthly}"
    );
    // Received on the last day of the third quarter, marked a typical case in the fourth: it
    // belongs to the quarter it was received in (wrong before: the quarter it was marked in).
    complaint_at(&desk, "2026-10-09 09:00", "2026-09-30 10:00", "交房延期");
    desk.ok(
        "2026-10-12 10:00",
        &["complaint", "typical", "2", "--lesson", "交房前逐户验收"],
    );
    let cases = |args: &[&str]| -> Vec<i64> {
        let report = desk.json("2027-01-05 09:00", args);
        report["typical_cases"]
            .as_array()
            .unwrap_or_else(|| panic!("no typical_cases: {report}"))
            .iter()
            .map(|c| c["complaint_id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(cases(&["report", "quarterly", "--quarter", "2026Q3"]), [2]);
    assert!(cases(&["report", "quarterly", "--quarter", "2026Q4"]).is_empty());
    assert_eq!(cases(&["report", "monthly", "--month", "2026-09"]), [2]);
    assert!(cases(&["report", "monthly", "--month", "2026-10"]).is_empty());
    assert_eq!(cases(&["report", "annual", "--year", "2026"]), [2]);
}

#[test]
fn the_monthly_report_lists_major_complaints_the_director_did_not_follow() {
    let desk = Desk::new();
    let major = |at: &str, phone: &str, text: &str| {
        desk.ok(
            at,
            &[
                "complaint",
                "new",
                "--phone",
                phone,
                "--name",
                "甲",
                "--channel",
                "phone",
                "--category",
                "other",
                "--amount",
                "20000",
                text,
            ],
        );
    };
    major("2026-11-02 09:00", "13800000001", "大额赔偿");
    major("2026-11-03 09:00", "13800000002", "另一宗");
    desk.ok("2026-11-10 10:00", &["complaint", "resolve", "1"]);
    desk.ok("2026-11-10 11:00", &["complaint", "resolve", "2"]);
    let revisit = |at: &str, id: &str, by: &str| {
        desk.ok(
            at,
            &["complaint", "revisit", id, "--score", "4", "--by", by],
        );
    };
    revisit("2026-11-11 10:00", "1", "客服专员");
    revisit("2026-11-11 11:00", "2", "刘总监");
    let listed = |at: &str| -> Vec<i64> {
        desk.json(at, &["report", "monthly", "--month", "2026-11"])["director_follow_ups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["complaint_id"].as_i64().unwrap())
            .collect()
    };
    // No director named: nobody's call is the director's.
    assert_eq!(listed("2026-12-01 09:00"), [1, 2]);
    let named = desk.ok("2026-12-01 09:00", &["calendar", "director", "刘总监"]);
    assert!(named.contains("刘总监"), "{named}");
    assert_eq!(listed("2026-12-01 09:05"), [1]);
    let report = desk.json(
        "2026-12-01 09:05",
        &["report", "monthly", "--month", "2026-11"],
    );
    assert_eq!(
        report["director_follow_ups"][0]["revisit_by"], "客服专员",
        "{report}"
    );
    let stderr = desk.refused("2026-12-01 09:10", &["calendar", "director", " "]);
    assert!(stderr.contains("NAME"), "{stderr}");
}

/// A day built to be unfair: 张伟 receives most of the designations, 王芳 leaves the desk for
/// the afternoon, 李娜 and 赵强 take the rotation.
fn unfair_day() -> Desk {
    let desk = Desk::office(&["张伟", "王芳", "李娜", "赵强"]);
    let mut phone = 13600000100_i64;
    let mut visit = |at: &str, extra: &[&str]| {
        phone += 1;
        desk.visit(&t(at), &format!("客户{phone}"), &phone.to_string(), extra);
    };
    visit("09:10", &[]);
    visit("09:20", &[]);
    for at in ["09:30", "10:30", "11:30", "15:30"] {
        visit(at, &["--designate", "张伟"]);
    }
    visit("12:05", &["--designate", "李娜"]);
    desk.ok(
        &t("13:00"),
        &["roster", "away", "王芳", "--reason", "absent"],
    );
    for at in ["13:10", "13:20", "13:30", "14:00", "14:10", "14:20"] {
        visit(at, &[]);
    }
    // A mistaken entry, voided, and a customer who refused their rep.
    let mistaken = desk.visit(&t("14:30"), "重复", "13600000900", &[]);
    let id = mistaken["visit_id"].to_string();
    desk.ok(
        &t("14:31"),
        &["void", &id, "--reason", "重复录入", "--by", "前台"],
    );
    let refused = desk.visit(&t("14:40"), "换人", "13600000901", &[]);
    let id = refused["visit_id"].to_string();
    desk.ok(&t("14:45"), &["reassign", &id, "--reason", "客户要求更换"]);
    desk
}

#[test]
fn the_fairness_audit_flags_the_rep_receiving_most_designations() {
    let desk = unfair_day();
    let audit = desk.json(
        "2026-11-24 08:30",
        &["report", "fairness", "--week", "2026-11-23"],
    );
    assert_eq!(audit["report"], "fairness");
    assert_eq!(audit["from"], "2026-11-23");
    let reps = audit["reps"].as_array().expect("a reps array");
    let rep = |name: &str| {
        reps.iter()
            .find(|r| r["rep"] == name)
            .unwrap_or_else(|| panic!("{name} in {reps:?}"))
    };
    // On the roster from 08:30, counted inside office hours 09:00–18:00; 王芳 left at 13:00.
    assert_eq!(rep("张伟")["hours_on_duty"], 9.0);
    assert_eq!(rep("王芳")["hours_on_duty"], 4.0);
    assert_eq!(rep("张伟")["designated"], 4);
    let turns: i64 = reps
        .iter()
        .map(|r| r["rotation_turns"].as_i64().unwrap())
        .sum();
    // Eight turns, the voided entry's given back; the refused rep's turn went to the next.
    assert_eq!(turns, 9);
    let voided: i64 = reps.iter().map(|r| r["voided"].as_i64().unwrap()).sum();
    assert_eq!(voided, 1);
    let from: i64 = reps
        .iter()
        .map(|r| r["reassigned_from"].as_i64().unwrap())
        .sum();
    let to: i64 = reps
        .iter()
        .map(|r| r["reassigned_to"].as_i64().unwrap())
        .sum();
    assert_eq!((from, to), (1, 1));
    // 9 turns over 9 + 4 + 9 + 9 = 31 hours: 王芳's share is 9 × 4 ÷ 31.
    let expected = rep("王芳")["expected_turns"].as_f64().unwrap();
    assert!((expected - 1.2).abs() < 0.05, "{expected}");
    for field in [
        "new_by_rotation",
        "voluntary",
        "reassigned_from",
        "reassigned_to",
        "voided",
        "turns_over_expected",
        "new_customers",
    ] {
        assert!(rep("张伟").get(field).is_some(), "{field}");
    }
    let flags = rep("张伟")["flags"].as_str().unwrap();
    assert!(flags.contains("designated_over_twice_median"), "{flags}");
    let why = rep("张伟")["flag_reasons"].as_str().unwrap();
    assert!(why.contains("more than twice the team's median"), "{why}");
    for other in ["王芳", "李娜", "赵强"] {
        assert_eq!(rep(other)["flags"], "", "{other}");
    }
    // The monthly report shows the same rows as its `fairness` section.
    let monthly = desk.json(
        "2026-12-02 08:30",
        &["report", "monthly", "--month", "2026-11"],
    );
    let section = monthly["fairness"].as_array().expect("a fairness section");
    assert_eq!(section.len(), 4);
    // By month, in Chinese period words, and in the table.
    let month = desk.json(
        "2026-12-02 08:30",
        &["report", "fairness", "--month", "上月"],
    );
    assert_eq!(month["month"], "2026-11");
    assert_eq!(month["reps"], audit["reps"]);
    let table = desk.ok("2026-12-02 08:30", &["report", "fairness", "--lang", "zh"]);
    assert!(table.contains("指定接待超过团队中位数两倍"), "{table}");
}

#[test]
fn a_report_refuses_a_period_that_has_not_begun() {
    let desk = office();
    for (args, field, raw) in [
        (
            &["report", "monthly", "--month", "2031-01"][..],
            "--month",
            "2031-01",
        ),
        (
            &["report", "daily", "--date", "2026-12-25"],
            "--date",
            "2026-12-25",
        ),
        (
            &["report", "weekly", "--week", "2027-11-23"],
            "--week",
            "2027-11-23",
        ),
        (
            &["report", "quarterly", "--quarter", "2027Q1"],
            "--quarter",
            "2027Q1",
        ),
        (&["report", "annual", "--year", "2027"], "--year", "2027"),
        (
            &["report", "repairs", "--month", "2027-01"],
            "--month",
            "2027-01",
        ),
        (
            &["report", "fairness", "--week", "2026-12-07"],
            "--week",
            "2026-12-07",
        ),
    ] {
        let stderr = desk.refused("2026-12-04 09:00", args);
        if raw.is_empty() {
            continue;
        }
        assert!(stderr.contains(field), "{args:?}: {stderr}");
        assert!(stderr.contains(raw), "{args:?}: {stderr}");
        assert!(stderr.contains("is the year right?"), "{args:?}: {stderr}");
    }
    let stderr = desk.refused_zh(
        "2026-12-04 09:00",
        &["report", "monthly", "--month", "2031-01"],
    );
    assert!(stderr.contains("年份对吗"), "{stderr}");
    // This month has begun: an office may look at it before it closes.
    desk.ok(
        "2026-12-04 09:00",
        &["report", "monthly", "--month", "this"],
    );
    desk.ok("2026-12-04 09:00", &["report", "daily", "--date", "today"]);
}

#[test]
fn output_names_the_period_reported_not_the_day_it_ran() {
    let desk = office();
    for (args, name) in [
        (&["report", "daily"][..], "daily-2026-11-23.csv"),
        (
            &["report", "weekly", "--week", "last"],
            "weekly-2026-11-16.csv",
        ),
        (&["report", "monthly"], "monthly-2026-10.csv"),
        (
            &["report", "quarterly", "--quarter", "this"],
            "quarterly-2026Q4.csv",
        ),
        (&["report", "annual", "--year", "this"], "annual-2026.csv"),
        (
            &["report", "fairness", "--week", "2026-11-23"],
            "fairness-2026-11-23.csv",
        ),
        (
            &["report", "fairness", "--month", "this"],
            "fairness-2026-11.csv",
        ),
    ] {
        let kind = args[1];
        let mut all = args.to_vec();
        let template = format!("{kind}-{{period}}.csv");
        all.extend_from_slice(&["--output", &template]);
        desk.ok("2026-11-24 08:30", &all);
        let written = std::fs::read_to_string(desk.path(name))
            .unwrap_or_else(|err| panic!("{args:?}: {name}: {err}: {:?}", desk.files()));
        assert!(written.starts_with("section,"), "{name}");
    }
    // {date} is the day the report ran.
    desk.ok(
        "2026-11-24 08:30",
        &[
            "report",
            "daily",
            "--output",
            "daily-{period}-on-{date}.json",
        ],
    );
    assert!(desk.path("daily-2026-11-23-on-2026-11-24.json").exists());
    // An unknown word is refused, and nothing is written.
    let before = desk.files();
    let stderr = desk.refused(
        "2026-11-24 08:30",
        &["report", "daily", "--output", "daily-{day}.csv"],
    );
    assert!(
        stderr.contains("{day}") && stderr.contains("{period}"),
        "{stderr}"
    );
    let stderr = desk.refused(
        "2026-11-24 08:30",
        &["report", "daily", "--output", "daily-{project}.csv"],
    );
    assert!(stderr.contains("{project}"), "{stderr}");
    assert_eq!(desk.files(), before);
}

#[test]
fn one_section_alone_is_a_tidy_table_with_the_period_on_every_row() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "甲", "13800000001", &[]);
    desk.visit(&t("09:10"), "乙", "13800000002", &[]);
    let at = "2026-11-24 08:30";
    let listed = desk.json(at, &["report", "daily", "--sections"]);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["section"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"visits_by_rep") && names.contains(&"ledger"),
        "{listed}"
    );
    let csv = desk.ok(
        at,
        &[
            "report",
            "daily",
            "--section",
            "visits_by_rep",
            "--format",
            "csv",
        ],
    );
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("report,date,as_of,rep,visits,"), "{csv}");
    assert!(
        !header.contains("channel"),
        "the section's own columns only: {header}"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows.iter()
            .all(|r| r.starts_with("daily,2026-11-23,2026-11-24 08:30,")),
        "{csv}"
    );
    let stderr = desk.refused(at, &["report", "daily", "--section", "visits"]);
    assert!(
        stderr.contains("--section") && stderr.contains("visits_by_rep"),
        "{stderr}"
    );
}
