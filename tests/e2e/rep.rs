//! `rep add | list | retire`.

use crate::harness::{Desk, t};

#[test]
fn add_list_and_retire() {
    let desk = Desk::new();
    desk.ok(
        &t("08:00"),
        &["rep", "add", "王芳", "--phone", "139-0000-1111"],
    );
    desk.ok(&t("08:00"), &["rep", "add", "张伟"]);
    let reps = desk.json(&t("08:01"), &["rep", "list"]);
    assert_eq!(reps[0]["name"], "王芳");
    assert_eq!(reps[0]["phone"], "139****1111");
    assert_eq!(reps[0]["status"], "active");
    desk.ok(&t("08:02"), &["rep", "retire", "张伟"]);
    let reps = desk.json(&t("08:03"), &["rep", "list", "--full-phone"]);
    assert_eq!(reps[0]["phone"], "13900001111");
    assert_eq!(reps[1]["status"], "retired");
}

#[test]
fn bad_rep_input_is_refused() {
    let desk = Desk::new();
    desk.ok(&t("08:00"), &["rep", "add", "王芳"]);
    assert!(
        desk.refused(&t("08:01"), &["rep", "add", "王芳"])
            .contains("already a rep")
    );
    assert!(
        desk.refused(&t("08:01"), &["rep", "add", ""])
            .contains("NAME")
    );
    assert!(
        desk.refused(&t("08:01"), &["rep", "add", "李娜", "--phone", "123"])
            .contains("--phone")
    );
    assert!(
        desk.refused(&t("08:01"), &["rep", "retire", "无名"])
            .contains("no rep named")
    );
}

#[test]
fn a_name_built_to_break_sql_is_only_a_name() {
    let desk = Desk::new();
    let name = "'); DROP TABLE visits; --";
    desk.ok(&t("08:00"), &["rep", "add", name]);
    desk.ok(&t("08:01"), &["roster", "set", name]);
    assert_eq!(desk.receives(&t("09:00"), "%_", "13800000001", &[]).0, name);
    assert_eq!(desk.count("SELECT count(*) FROM visits"), 1);
}

#[test]
fn commands_that_record_one_thing_print_one_json_object() {
    let desk = Desk::office(&["王芳"]);
    let added = desk.json(&t("08:40"), &["rep", "add", "张伟"]);
    assert_eq!(
        (added["name"].as_str(), added["status"].as_str()),
        (Some("张伟"), Some("active"))
    );
    let retired = desk.json(&t("08:41"), &["rep", "retire", "张伟"]);
    assert_eq!(retired["status"], "retired");
    desk.visit(&t("09:00"), "甲", "13800000001", &[]);
    let approved = desk.json(&t("18:00"), &["approve", "--by", "项目经理"]);
    assert_eq!(approved["entries"], 1);
    assert_eq!(approved["date"], "2026-11-23");
}
