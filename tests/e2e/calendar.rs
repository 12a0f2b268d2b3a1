//! `calendar holiday | workday | show | load | hours`.

use crate::harness::{Desk, t};

const HOLIDAYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/holidays.csv");
const BAD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/holidays-bad.csv"
);

#[test]
fn the_bundled_year_of_holidays_loads_and_shows() {
    let desk = Desk::new();
    let text = desk.ok(&t("09:00"), &["calendar", "load", HOLIDAYS]);
    assert_eq!(text.trim(), "loaded 33 holidays and 6 make-up working days");
    let days = desk.json(&t("09:00"), &["calendar", "show", "--year", "2026"]);
    let days = days.as_array().unwrap();
    assert_eq!(days.len(), 39);
    let national = days.iter().find(|d| d["date"] == "2026-10-10").unwrap();
    assert_eq!(
        (national["kind"].as_str(), national["weekday"].as_str()),
        (Some("workday"), Some("Sat"))
    );
    // Loading again changes nothing.
    desk.ok(&t("09:01"), &["calendar", "load", HOLIDAYS]);
    assert_eq!(desk.count("SELECT count(*) FROM calendar_days"), 39);
}

#[test]
fn a_file_with_bad_rows_loads_nothing_and_names_every_bad_row() {
    let desk = Desk::new();
    let stderr = desk.refused(&t("09:00"), &["calendar", "load", BAD]);
    assert!(
        stderr.contains("row 4") && stderr.contains("2026-13-01"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 5") && stderr.contains("weekend"),
        "{stderr}"
    );
    assert!(!stderr.contains("row 2"), "{stderr}");
}

#[test]
fn holidays_and_make_up_days_by_hand() {
    let desk = Desk::new();
    assert_eq!(
        desk.ok(
            &t("09:00"),
            &[
                "calendar",
                "holiday",
                "2026-10-01..2026-10-07",
                "--name",
                "国庆节"
            ]
        )
        .trim(),
        "marked 7 day(s) as holiday"
    );
    desk.ok(&t("09:00"), &["calendar", "workday", "2026-10-10"]);
    // A day marked again takes the new kind.
    desk.ok(&t("09:00"), &["calendar", "workday", "2026-10-07"]);
    let days = desk.json(&t("09:00"), &["calendar", "show", "--year", "2026"]);
    let kinds: Vec<&str> = days
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "holiday", "holiday", "holiday", "holiday", "holiday", "holiday", "workday", "workday"
        ]
    );
    for (args, field) in [
        (
            vec!["calendar", "holiday", "2026-10-07..2026-10-01"],
            "DAYS",
        ),
        (vec!["calendar", "holiday", "2026-02-30"], "DAYS"),
        (vec!["calendar", "workday", "2026-10-10..2026-10-11"], "DAY"),
        (vec!["calendar", "hours", "18:00-09:00"], "HOURS"),
        (vec!["calendar", "show", "--year", "999999"], "--year"),
    ] {
        let stderr = desk.refused(&t("09:00"), &args);
        assert!(stderr.contains(field), "{args:?}: {stderr}");
    }
}

#[test]
fn office_hours_move_the_working_clocks() {
    let desk = Desk::new();
    desk.ok(&t("08:00"), &["calendar", "hours", "08:30-17:30"]);
    // Received at 08:00 on a Monday: the 30-minute ticket clock starts at 08:30.
    let complaint = desk.json(
        "2026-11-23 08:00",
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
            "门禁卡坏了",
        ],
    );
    assert_eq!(complaint["ticket_due"], "2026-11-23 09:00");
}

#[test]
fn a_day_listed_twice_or_a_missing_file_loads_nothing() {
    let desk = Desk::new();
    let twice = desk.dir.path().join("twice.csv");
    std::fs::write(
        &twice,
        "date,kind,name\n2026-10-01..2026-10-07,holiday,国庆节\n2026-10-05,workday,调休\n",
    )
    .unwrap();
    let stderr = desk.refused(&t("09:00"), &["calendar", "load", twice.to_str().unwrap()]);
    assert!(stderr.contains("2026-10-05 is listed twice"), "{stderr}");
    let stderr = desk.refused(&t("09:00"), &["calendar", "load", "/no/such/file.csv"]);
    assert!(
        stderr.contains("FILE") && stderr.contains("does not exist"),
        "{stderr}"
    );
}

#[test]
fn calendar_show_defaults_to_the_current_year() {
    let desk = Desk::new();
    desk.ok(&t("09:00"), &["calendar", "load", HOLIDAYS]);
    let this_year = desk.json("2026-03-01 09:00", &["calendar", "show"]);
    assert_eq!(this_year.as_array().unwrap().len(), 39);
    let next_year = desk.json("2027-03-01 09:00", &["calendar", "show"]);
    assert_eq!(next_year.as_array().unwrap().len(), 0);
}
