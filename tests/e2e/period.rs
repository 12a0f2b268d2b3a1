//! Period words (`today`, `yesterday`, `this`, `last`) wherever a report or a listing takes a
//! day, a week, a month, a quarter or a year: each gives exactly what the explicit form gives.

use crate::harness::{DAY, Desk, t};

/// The next morning, a Tuesday: "yesterday" is the test day, Monday 2026-11-23.
const NEXT_MORNING: &str = "2026-11-24 09:00";

fn desk_with_a_day_of_work() -> Desk {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "黄女士", "13600000001", &[]);
    desk.visit(&t("10:00"), "刘先生", "13600000002", &["--call"]);
    desk.ok(
        &t("11:00"),
        &[
            "deal",
            "13600000001",
            "--unit",
            "5-2-1201",
            "--price",
            "1280000",
        ],
    );
    desk
}

#[test]
fn each_word_gives_what_the_explicit_form_gives() {
    let desk = desk_with_a_day_of_work();
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["report", "daily", "--date", "yesterday"],
            &["report", "daily", "--date", DAY],
        ),
        (
            &["report", "daily", "--date", "TODAY"],
            &["report", "daily", "--date", "2026-11-24"],
        ),
        (
            &["report", "weekly", "--week", "this"],
            &["report", "weekly", "--week", "2026-11-26"],
        ),
        (
            &["report", "weekly", "--week", "last"],
            &["report", "weekly", "--week", "2026-11-17"],
        ),
        (
            &["report", "monthly", "--month", "this"],
            &["report", "monthly", "--month", "2026-11"],
        ),
        (
            &["report", "monthly", "--month", "last"],
            &["report", "monthly", "--month", "2026-10"],
        ),
        (
            &["report", "repairs", "--month", "this"],
            &["report", "repairs", "--month", "2026-11"],
        ),
        (
            &["report", "commission", "--month", "this"],
            &["report", "commission", "--month", "2026-11"],
        ),
        (
            &["report", "quarterly", "--quarter", "this"],
            &["report", "quarterly", "--quarter", "2026Q4"],
        ),
        (
            &["report", "annual", "--year", "last"],
            &["report", "annual", "--year", "2025"],
        ),
        (
            &["deal", "list", "--month", "this"],
            &["deal", "list", "--month", "2026-11"],
        ),
        (
            &["register", "--date", "yesterday"],
            &["register", "--date", DAY],
        ),
        (
            &["roster", "show", "--date", "yesterday"],
            &["roster", "show", "--date", DAY],
        ),
        (
            &["export", "visits", "--from", "yesterday", "--to", "today"],
            &["export", "visits", "--from", DAY, "--to", "2026-11-24"],
        ),
    ];
    for (words, explicit) in cases {
        let run = |args: &[&str]| {
            let mut all = args.to_vec();
            all.extend_from_slice(&["--format", "csv"]);
            desk.ok(NEXT_MORNING, &all)
        };
        assert_eq!(run(words), run(explicit), "{words:?}");
    }
    // Not empty by accident: yesterday's register holds the day's visit and call, and this
    // month's deals the deal.
    let register = desk.json(NEXT_MORNING, &["register", "--date", "yesterday"]);
    assert_eq!(register.as_array().map(Vec::len), Some(2), "{register}");
    let deals = desk.json(NEXT_MORNING, &["deal", "list", "--month", "this"]);
    assert_eq!(deals.as_array().map(Vec::len), Some(1), "{deals}");
    let daily = desk.ok(
        NEXT_MORNING,
        &["report", "daily", "--date", "yesterday", "--format", "csv"],
    );
    assert!(daily.contains("report,daily,2026-11-23,"), "{daily}");
}

#[test]
fn a_word_that_does_not_fit_the_field_is_refused_with_the_words_that_do() {
    let desk = desk_with_a_day_of_work();
    for (args, says) in [
        (
            &["report", "daily", "--date", "last"][..],
            "--date: \"last\" is not a date; type YYYY-MM-DD (for example 2026-11-23), today or \
             yesterday",
        ),
        (&["register", "--date", "tomorrow"], "today or yesterday"),
        (
            &["report", "weekly", "--week", "next"],
            "--week: \"next\" is not a week",
        ),
        (&["report", "monthly", "--month", "today"], "this or last"),
        (
            &["deal", "list", "--month", "2026-13"],
            "--month: \"2026-13\"",
        ),
        (
            &["report", "quarterly", "--quarter", "next"],
            "this or last",
        ),
        (&["report", "annual", "--year", "yesterday"], "this or last"),
    ] {
        let stderr = desk.refused(NEXT_MORNING, args);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
