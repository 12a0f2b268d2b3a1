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
