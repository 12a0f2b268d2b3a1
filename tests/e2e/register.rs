//! `register` and `approve`: the day's register and the project manager's approval.

use crate::harness::{Desk, t};

#[test]
fn approval_covers_the_entries_so_far_and_later_ones_wait_for_the_next() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "甲", "13800000001", &[]);
    desk.visit(&t("09:10"), "乙", "13800000002", &[]);
    let text = desk.ok(&t("18:00"), &["approve", "--by", "项目经理"]);
    assert_eq!(text.trim(), "approved 2 entries of 2026-11-23 by 项目经理");
    desk.visit(&t("18:10"), "丙", "13800000003", &[]);
    let register = desk.json(&t("18:20"), &["register"]);
    let approved: Vec<bool> = register
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["approved"].as_bool().unwrap())
        .collect();
    assert_eq!(approved, [true, true, false]);
    let again = desk.ok(&t("18:30"), &["approve", "--by", "项目经理"]);
    assert_eq!(again.trim(), "approved 1 entries of 2026-11-23 by 项目经理");
    assert_eq!(
        desk.ok(&t("18:31"), &["approve", "--by", "项目经理"])
            .trim(),
        "the register of 2026-11-23 was already approved"
    );
}

#[test]
fn approve_refuses_an_empty_day_and_a_missing_name() {
    let desk = Desk::office(&["王芳"]);
    assert!(
        desk.refused(&t("18:00"), &["approve", "--by", "项目经理"])
            .contains("empty")
    );
    desk.visit(&t("09:00"), "甲", "13800000001", &[]);
    assert!(
        desk.refused(&t("18:00"), &["approve", "--by", ""])
            .contains("--by")
    );
}

#[test]
fn the_register_is_append_only_even_outside_salesdesk() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "甲", "13800000001", &[]);
    desk.ok(&t("18:00"), &["approve", "--by", "项目经理"]);
    let before = desk.snapshot();
    let conn = desk.sql();
    for sql in [
        "UPDATE visits SET rep_id = NULL",
        "DELETE FROM visits",
        "INSERT OR REPLACE INTO visits (id, customer_id, rep_id, at, day, kind, channel, reason,
             recorded_at)
         SELECT id, customer_id, rep_id, at, day, kind, channel, 'designated', recorded_at
         FROM visits",
        "UPDATE roster_events SET approved_by = 'x'",
        "DELETE FROM roster_events",
        "INSERT OR REPLACE INTO roster_events (id, day, at, kind)
         SELECT id, day, at, 'swap' FROM roster_events",
        "UPDATE approvals SET approved_by = 'x'",
        "DELETE FROM approvals",
        "INSERT OR REPLACE INTO approvals (id, day, approved_by, at, last_visit_id)
         SELECT id, day, 'x', at, last_visit_id FROM approvals",
    ] {
        let err = conn.execute(sql, []).expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    drop(conn);
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn an_empty_day_is_a_header_and_exit_0() {
    let desk = Desk::office(&["王芳"]);
    let csv = desk.ok(
        &t("09:00"),
        &["register", "--format", "csv", "--date", "2026-11-01"],
    );
    assert_eq!(csv.lines().count(), 1);
    assert!(
        csv.starts_with("visit_id,at,name,phone,kind,channel,rep,reason"),
        "{csv}"
    );
}
