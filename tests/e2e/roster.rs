//! `roster set | show | next | swap | away | back`: the day's queue.

use crate::harness::{Desk, t};

fn column(roster: &serde_json::Value, field: &str) -> Vec<String> {
    roster
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[field].to_string().trim_matches('"').to_string())
        .collect()
}

#[test]
fn show_lists_position_rep_status_turns_and_lunch_duty() {
    let desk = Desk::office(&["王芳", "张伟", "李娜", "赵磊"]);
    let roster = desk.json(&t("09:00"), &["roster", "show"]);
    assert_eq!(column(&roster, "position"), ["1", "2", "3", "4"]);
    assert_eq!(column(&roster, "rep"), ["王芳", "张伟", "李娜", "赵磊"]);
    assert_eq!(column(&roster, "status"), ["on_duty"; 4]);
    assert_eq!(column(&roster, "turns"), ["0"; 4]);
    // Lunch duty: the first two in the queue.
    assert_eq!(
        column(&roster, "lunch_duty"),
        ["true", "true", "false", "false"]
    );
    desk.visit(&t("11:50"), "客", "13800000001", &[]);
    desk.ok(&t("11:55"), &["roster", "away", "张伟"]);
    let roster = desk.json(&t("12:00"), &["roster", "show"]);
    assert_eq!(column(&roster, "rep"), ["张伟", "李娜", "赵磊", "王芳"]);
    assert_eq!(
        column(&roster, "status"),
        ["away", "on_duty", "on_duty", "on_duty"]
    );
    assert_eq!(
        column(&roster, "lunch_duty"),
        ["false", "true", "true", "false"]
    );
    let table = desk.ok(&t("12:00"), &["roster", "show", "--lang", "zh"]);
    assert!(
        table.contains("午餐值班") && table.contains("离开"),
        "{table}"
    );
}

#[test]
fn next_names_the_next_rep_and_writes_nothing() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(&t("09:00"), &["roster", "away", "王芳"]);
    let before = desk.snapshot();
    let next = desk.json(&t("09:01"), &["roster", "next"]);
    assert_eq!(next["rep"], "张伟");
    assert!(next["passed"].as_str().unwrap().contains("王芳"), "{next}");
    let text = desk.ok(&t("09:01"), &["roster", "next"]);
    assert!(text.starts_with("next new customer: 张伟"), "{text}");
    assert_eq!(desk.snapshot(), before);
    assert_eq!(
        desk.receives(&t("09:02"), "客", "13800000001", &[]).0,
        "张伟"
    );
}

#[test]
fn a_swap_records_the_supervisor_who_approved_it() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    let roster = desk.json(
        &t("09:00"),
        &["roster", "swap", "王芳", "李娜", "--approved-by", "刘主管"],
    );
    assert_eq!(column(&roster, "rep"), ["李娜", "张伟", "王芳"]);
    let approver: String = desk
        .sql()
        .query_row(
            "SELECT approved_by FROM roster_events WHERE kind = 'swap'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(approver, "刘主管");
    assert_eq!(
        desk.receives(&t("09:01"), "客", "13800000001", &[]).0,
        "李娜"
    );
    let stderr = desk.refused(
        &t("09:02"),
        &["roster", "swap", "王芳", "王芳", "--approved-by", "刘主管"],
    );
    assert!(stderr.contains("twice"), "{stderr}");
    let stderr = desk.refused(
        &t("09:02"),
        &["roster", "swap", "王芳", "张伟", "--approved-by", " "],
    );
    assert!(stderr.contains("--approved-by"), "{stderr}");
    desk.command(&t("09:02"), &["roster", "swap", "王芳", "张伟"])
        .assert()
        .code(2);
}

#[test]
fn a_late_rep_joins_at_the_back() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(&t("09:00"), &["rep", "add", "李娜"]);
    desk.visit(&t("09:05"), "客", "13800000001", &[]);
    let roster = desk.json(&t("10:00"), &["roster", "back", "李娜"]);
    assert_eq!(column(&roster, "rep"), ["张伟", "王芳", "李娜"]);
}

#[test]
fn set_refuses_unknown_retired_and_repeated_reps_and_a_day_already_under_way() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(&t("08:40"), &["rep", "add", "李娜"]);
    desk.ok(&t("08:41"), &["rep", "retire", "李娜"]);
    let stderr = desk.refused(
        &t("08:45"),
        &["roster", "set", "王芳", "无名", "李娜", "王芳"],
    );
    assert!(stderr.contains("\"无名\" is not a rep"), "{stderr}");
    assert!(stderr.contains("\"李娜\" is retired"), "{stderr}");
    assert!(stderr.contains("\"王芳\" is named twice"), "{stderr}");
    // Before the first turn the roster may be set again; after it, only swap / away / back.
    desk.ok(&t("08:50"), &["roster", "set", "张伟", "王芳"]);
    desk.visit(&t("09:00"), "客", "13800000001", &[]);
    let stderr = desk.refused(&t("09:10"), &["roster", "set", "王芳", "张伟"]);
    assert!(stderr.contains("roster swap"), "{stderr}");
    let stderr = desk.refused(
        &t("09:10"),
        &["roster", "set", "王芳", "--date", "2026-13-01"],
    );
    assert!(stderr.contains("--date"), "{stderr}");
}

#[test]
fn away_and_back_check_their_input() {
    let desk = Desk::office(&["王芳"]);
    desk.ok(&t("08:40"), &["rep", "add", "李娜"]);
    let stderr = desk.refused(
        &t("09:00"),
        &["roster", "away", "王芳", "--reason", "lunch"],
    );
    assert!(stderr.contains("absent, manager or busy"), "{stderr}");
    let stderr = desk.refused(&t("09:00"), &["roster", "away", "李娜"]);
    assert!(stderr.contains("not on today's roster"), "{stderr}");
    let stderr = desk.refused(&t("09:00"), &["roster", "back", "无名"]);
    assert!(stderr.contains("no rep named"), "{stderr}");
    let stderr = desk.fails_with(1, "2026-11-24 09:00", &["roster", "away", "王芳"]);
    assert!(stderr.contains("no roster for 2026-11-24"), "{stderr}");
}

#[test]
fn a_day_without_a_roster_shows_an_empty_listing() {
    let desk = Desk::office(&["王芳"]);
    let csv = desk.ok("2026-11-24 09:00", &["roster", "show", "--format", "csv"]);
    assert_eq!(
        csv,
        "position,rep,status,turns,priority_owed,away_reason,lunch_duty\n"
    );
}

#[test]
fn show_at_a_past_moment_shows_the_queue_and_lunch_duty_of_that_moment() {
    // 3.14: lunch duty falls to the first two of the rotation as it stands at lunch time, not
    // as it ends the day.
    let desk = Desk::office(&["王芳", "张伟", "李娜", "赵磊"]);
    desk.visit(&t("10:00"), "甲", "13800000001", &[]);
    desk.visit(&t("11:00"), "乙", "13800000002", &[]);
    desk.ok(
        &t("12:30"),
        &["roster", "away", "李娜", "--reason", "manager"],
    );
    desk.visit(&t("13:00"), "丙", "13800000003", &[]);
    desk.visit(&t("14:00"), "丁", "13800000004", &[]);

    let noon = desk.json(&t("12:00"), &["roster", "show"]);
    assert_eq!(column(&noon, "rep"), ["李娜", "赵磊", "王芳", "张伟"]);
    assert_eq!(column(&noon, "status"), ["on_duty"; 4]);
    assert_eq!(column(&noon, "turns"), ["0", "0", "1", "1"]);
    assert_eq!(
        column(&noon, "lunch_duty"),
        ["true", "true", "false", "false"]
    );

    // 李娜 was passed over on her errand at 13:00 and is owed the turn.
    let after_lunch = desk.json(&t("13:30"), &["roster", "show"]);
    assert_eq!(
        column(&after_lunch, "rep"),
        ["王芳", "张伟", "李娜", "赵磊"]
    );
    assert_eq!(
        column(&after_lunch, "status"),
        ["on_duty", "on_duty", "away", "on_duty"]
    );
    assert_eq!(column(&after_lunch, "priority_owed"), ["0", "0", "1", "0"]);

    let evening = desk.json(&t("18:00"), &["roster", "show"]);
    assert_eq!(column(&evening, "rep"), ["张伟", "李娜", "赵磊", "王芳"]);
    assert_eq!(column(&evening, "turns"), ["1", "0", "1", "2"]);
    assert_eq!(
        column(&evening, "lunch_duty"),
        ["true", "false", "true", "false"]
    );
    // Before the roster was set there was no queue to show.
    let csv = desk.ok(&t("08:10"), &["roster", "show", "--format", "csv"]);
    assert_eq!(
        csv,
        "position,rep,status,turns,priority_owed,away_reason,lunch_duty\n"
    );
}
