//! `complaint ...`: classification, the life cycle and its deadlines, end to end.

use serde_json::Value;

use crate::harness::{DAY, Desk, t};

const HOLIDAYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/holidays.csv");

/// Records a complaint and returns its JSON.
fn complain(desk: &Desk, at: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "complaint",
        "new",
        "--phone",
        "13800000001",
        "--name",
        "陈先生",
        "--channel",
        "phone",
    ];
    args.extend_from_slice(extra);
    desk.json(at, &args)
}

fn deadline<'a>(complaint: &'a Value, step: &str) -> &'a Value {
    complaint["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["step"] == step)
        .unwrap()
}

#[test]
fn the_class_comes_with_its_reason_and_authority() {
    let desk = Desk::new();
    // (arguments, class, reason, proposal approved by, final decision by)
    let cases: &[(&[&str], &str, &str, &str, &str)] = &[
        (
            &["--category", "quality", "--amount", "12,000", "漏水"],
            "major",
            "major: amount 12,000 ≥ 10,000",
            "vice-president",
            "president",
        ),
        (
            &["--category", "other", "--amount", "9999.99", "赔偿"],
            "important",
            "important: amount 9,999.99 ≥ 500",
            "vice-president",
            "president",
        ),
        (
            &["--category", "other", "--amount", "499.99", "赔偿"],
            "general",
            "general: amount 499.99 < 500",
            "customer-director",
            "customer-director",
        ),
        (
            &["--category", "handover", "--media", "媒体曝光"],
            "major",
            "major: reported to the media",
            "vice-president",
            "president",
        ),
        (
            &["--category", "sales", "虚假宣传"],
            "important",
            "important: category sales (sales promises)",
            "vice-president",
            "president",
        ),
        (
            &["--category", "other", "漏水未修"],
            "general",
            "general: category other",
            "presidents-office",
            "presidents-office",
        ),
        // Wrong before: attitude words made these general (3.1: the highest class wins).
        (
            &[
                "--category",
                "sales",
                "--amount",
                "100",
                "置业顾问态度差，承诺的车位没兑现",
            ],
            "important",
            "important: category sales (sales promises)",
            "vice-president",
            "president",
        ),
        (
            &["--category", "quality", "维修人员态度差，墙面开裂"],
            "important",
            "important: category quality (construction or material defect)",
            "vice-president",
            "president",
        ),
        // A query under sales, marked so, is no sales promise (4.2.4.2).
        (
            &[
                "--category",
                "sales",
                "--consultation",
                "--amount",
                "100",
                "咨询按揭政策没人回复",
            ],
            "general",
            "general: a sales consultation or query, not a sales promise (4.2.4.2)",
            "customer-director",
            "customer-director",
        ),
        // Attitude alone, under a category not important of itself, is general (3.1.1.1).
        (
            &[
                "--category",
                "handover",
                "--amount",
                "100",
                "交房时工作人员态度差",
            ],
            "general",
            "general: staff attitude or service (the text says 态度), whatever the category \
             handover (3.1.1.1)",
            "customer-director",
            "customer-director",
        ),
        (
            &["--category", "service", "接待冷淡"],
            "general",
            "general: staff attitude or service (category service), whatever the category \
             service (3.1.1.1)",
            "presidents-office",
            "presidents-office",
        ),
        (
            &["--category", "other", "--cross-department", "多部门"],
            "important",
            "important: needs several centres (3.1.2.7)",
            "vice-president",
            // 3.9.4: decided by the cooperating centres' general managers (wrong before: the
            // president).
            "centre-managers",
        ),
    ];
    for (args, class, reason, proposal, decision) in cases {
        let complaint = complain(&desk, &t("10:00"), args);
        assert_eq!(complaint["class"], *class, "{args:?}");
        assert_eq!(complaint["class_reason"], *reason, "{args:?}");
        assert_eq!(complaint["proposal_authority"], *proposal, "{args:?}");
        assert_eq!(complaint["authority"], *decision, "{args:?}");
        assert_eq!(complaint["status"], "received");
        for step in ["ticket", "feedback"] {
            assert!(
                complaint[format!("{step}_due")].is_string(),
                "{step}: {complaint}"
            );
        }
        // Only a complaint the centre resolves itself has the 5-working-day clock (5.1.10).
        assert_eq!(
            complaint["resolve_due"].is_string(),
            *class == "general",
            "{args:?}: {complaint}"
        );
        assert!(
            complaint["ticket_done"].is_string(),
            "recording the complaint is the ticket"
        );
        assert!(complaint["revisit_due"].is_null() && complaint["resolve_done"].is_null());
    }
    let line = desk.ok(
        &t("10:00"),
        &[
            "complaint",
            "new",
            "--phone",
            "13800000001",
            "--channel",
            "web",
            "--category",
            "design",
            "--structural",
            "墙体裂缝",
        ],
    );
    assert!(
        line.starts_with(
            "complaint 13 — major: structural or safety defect — authority: president, \
             proposal approved by vice-president"
        ) && line
            .trim_end()
            .ends_with("resolve by as the final decision sets"),
        "{line}"
    );
    // The customer was found by phone, not created again.
    assert_eq!(desk.count("SELECT count(*) FROM customers"), 1);
}

#[test]
fn an_after_hours_complaint_before_national_day_runs_on_working_time() {
    let desk = Desk::new();
    desk.ok(&t("08:00"), &["calendar", "load", HOLIDAYS]);
    let complaint = complain(
        &desk,
        "2026-09-30 19:00",
        &["--category", "handover", "钥匙少一把"],
    );
    assert_eq!(complaint["ticket_due"], "2026-10-08 09:30");
    // Three days land on 10-03, a holiday: the next working moment (wrong before: 10-03 19:00).
    assert_eq!(complaint["feedback_due"], "2026-10-08 09:00");
    // 10-08, 10-09, make-up Saturday 10-10, 10-12, 10-13 ... the 5th working day is 10-14.
    assert_eq!(complaint["resolve_due"], "2026-10-14 09:00");
    assert_eq!(complaint["revisit_due"], Value::Null);
    let shown = desk.json("2026-10-08 10:00", &["complaint", "show", "1"]);
    assert_eq!(deadline(&shown, "feedback")["standing"], "missed");
    assert_eq!(deadline(&shown, "resolve")["standing"], "open");
    desk.ok(
        "2026-10-09 17:00",
        &["complaint", "resolve", "1", "--by", "李客服"],
    );
    let resolved = desk.json("2026-10-09 17:01", &["complaint", "show", "1"]);
    assert_eq!(resolved["resolve_done"], "2026-10-09 17:00");
    assert_eq!(deadline(&resolved, "resolve")["standing"], "met");
    // One working day after Friday 17:00 is the make-up Saturday.
    assert_eq!(resolved["revisit_due"], "2026-10-10 17:00");
}

#[test]
fn each_illegal_step_is_refused_with_the_allowed_ones() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "property", "电梯故障"]);
    let refused = |at: &str, args: &[&str], expect: &str| {
        let stderr = desk.refused(at, args);
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
    };
    refused(
        &t("09:10"),
        &["complaint", "revisit", "1", "--score", "5"],
        "complaint 1 is received: `revisit` is not allowed now; allowed next: progress, resolve, escalate",
    );
    refused(
        &t("09:10"),
        &["complaint", "archive", "1"],
        "allowed next: progress, resolve, escalate",
    );
    refused(
        &t("09:10"),
        &["complaint", "fail-rectification", "1"],
        "`fail-rectification` is not allowed",
    );
    desk.ok(
        &t("09:20"),
        &["complaint", "progress", "1", "--note", "已派维修"],
    );
    refused(
        &t("09:30"),
        &["complaint", "archive", "1"],
        "complaint 1 is in_progress: `archive` is not allowed now; allowed next: progress, resolve, escalate, fail-rectification",
    );
    refused(
        &t("09:30"),
        &["complaint", "revisit", "1", "--score", "4"],
        "`revisit` is not allowed",
    );
    desk.ok(&t("11:00"), &["complaint", "resolve", "1"]);
    refused(
        &t("11:10"),
        &["complaint", "progress", "1"],
        "complaint 1 is resolved: `progress` is not allowed now; allowed next: revisit, escalate",
    );
    refused(
        &t("11:10"),
        &["complaint", "archive", "1"],
        "allowed next: revisit, escalate",
    );
    refused(
        &t("11:10"),
        &["complaint", "resolve", "1"],
        "`resolve` is not allowed",
    );
    desk.ok(&t("15:00"), &["complaint", "revisit", "1", "--score", "4"]);
    refused(
        &t("15:10"),
        &["complaint", "revisit", "1", "--score", "5"],
        "allowed next: archive, escalate",
    );
    desk.ok(&t("16:00"), &["complaint", "archive", "1"]);
    for step in [
        "progress",
        "resolve",
        "escalate",
        "fail-rectification",
        "archive",
    ] {
        refused(
            &t("16:10"),
            &["complaint", step, "1"],
            "complaint 1 is archived",
        );
    }
    refused(
        &t("16:10"),
        &["complaint", "revisit", "1", "--score", "5"],
        "allowed next: nothing, it is archived",
    );
    let shown = desk.json(&t("16:20"), &["complaint", "show", "1"]);
    assert_eq!(shown["status"], "archived");
    assert_eq!(shown["revisit_score"], 4);
    let steps: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["progress", "resolve", "revisit", "archive"]);
}

#[test]
fn the_second_failed_rectification_flags_the_contractor() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "quality", "外墙渗水"]);
    desk.ok(&t("09:10"), &["complaint", "progress", "1"]);
    let once = desk.json(
        &t("10:00"),
        &[
            "complaint",
            "fail-rectification",
            "1",
            "--note",
            "验收不合格",
        ],
    );
    assert_eq!(
        (
            once["failed_rectifications"].as_i64(),
            once["replace_contractor"].as_bool()
        ),
        (Some(1), Some(false))
    );
    let text = desk.ok(&t("11:00"), &["complaint", "fail-rectification", "1"]);
    assert!(text.contains("replace the contractor"), "{text}");
    assert_eq!(
        desk.json(&t("11:01"), &["complaint", "show", "1"])["replace_contractor"],
        true
    );
    // Wrong before: the third failure still said "second". It is the new contractor's first.
    let third = desk.ok(&t("14:00"), &["complaint", "fail-rectification", "1"]);
    assert!(
        third.contains("failure 1 of contractor 2") && !third.contains("replace"),
        "{third}"
    );
    let shown = desk.json(&t("14:01"), &["complaint", "show", "1"]);
    assert_eq!(
        (
            shown["failed_rectifications"].as_i64(),
            shown["replace_contractor"].as_bool()
        ),
        (Some(3), Some(false))
    );
    let fourth = desk.ok(&t("15:00"), &["complaint", "fail-rectification", "1"]);
    assert!(fourth.contains("contractor 2 failed twice"), "{fourth}");
}

#[test]
fn a_dissatisfied_follow_up_reopens_the_complaint_instead_of_archiving_it() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "handover", "门锁坏"]);
    desk.ok(&t("10:00"), &["complaint", "resolve", "1"]);
    // Wrong before: a score of 2 could be archived.
    let text = desk.ok(&t("11:00"), &["complaint", "revisit", "1", "--score", "2"]);
    assert!(text.contains("dissatisfied"), "{text}");
    let shown = desk.json(&t("11:01"), &["complaint", "show", "1"]);
    assert_eq!(shown["status"], "in_progress");
    let stderr = desk.refused(&t("11:05"), &["complaint", "archive", "1"]);
    assert!(stderr.contains("in_progress"), "{stderr}");
    // Rectified again and followed up again, satisfied this time: now it can be archived.
    desk.ok(&t("15:00"), &["complaint", "resolve", "1"]);
    let again = desk.json(&t("15:01"), &["complaint", "show", "1"]);
    assert_eq!(
        again["revisit_due"], "2026-11-24 15:00",
        "a fresh follow-up clock"
    );
    desk.ok(&t("16:00"), &["complaint", "revisit", "1", "--score", "4"]);
    desk.ok(&t("16:10"), &["complaint", "archive", "1"]);
}

#[test]
fn escalation_climbs_to_the_president_and_no_further() {
    let desk = Desk::new();
    complain(
        &desk,
        &t("09:00"),
        &["--category", "other", "--amount", "100", "小额赔偿"],
    );
    let first = desk.json(
        &t("09:10"),
        &["complaint", "escalate", "1", "--by", "客户总监"],
    );
    assert_eq!(
        (first["authority"].as_str(), first["escalations"].as_i64()),
        (Some("presidents-office"), Some(1))
    );
    assert_eq!(
        first["plan_due"], "2026-11-24 09:10",
        "a plan within one working day"
    );
    desk.ok(&t("09:20"), &["complaint", "escalate", "1"]);
    let stderr = desk.refused(&t("09:30"), &["complaint", "escalate", "1"]);
    assert!(stderr.contains("already with the president"), "{stderr}");
}

#[test]
fn open_and_overdue_lists_as_of_the_moment() {
    let desk = Desk::new();
    complain(&desk, "2026-11-02 10:00", &["--category", "other", "甲"]);
    complain(&desk, "2026-11-10 10:00", &["--category", "other", "乙"]);
    complain(&desk, "2026-11-20 10:00", &["--category", "other", "丙"]);
    desk.ok("2026-11-10 11:00", &["complaint", "resolve", "2"]);
    let ids = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&desk.json(&t("09:00"), &["complaint", "list"])),
        [3, 2, 1],
        "newest first"
    );
    assert_eq!(
        ids(&desk.json(&t("09:00"), &["complaint", "list", "--open"])),
        [3, 1]
    );
    // Most overdue first: 1 (feedback due 11-05), then 2 (follow-up call due 11-11), then 3.
    let overdue = desk.json(&t("11:00"), &["complaint", "list", "--overdue"]);
    assert_eq!(ids(&overdue), [1, 2, 3]);
    assert_eq!(overdue[1]["overdue"], "evidence revisit");
    // As of an earlier moment, only the first was late.
    assert_eq!(
        ids(&desk.json("2026-11-06 09:00", &["complaint", "list", "--overdue"])),
        [1]
    );
    let empty = desk.ok(
        "2026-11-01 09:00",
        &["complaint", "list", "--overdue", "--format", "csv"],
    );
    assert_eq!(empty.lines().count(), 1, "{empty}");
}

#[test]
fn bad_complaint_input_is_refused_and_writes_nothing() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "other", "甲"]);
    let base = [
        "complaint",
        "new",
        "--phone",
        "13800000001",
        "--channel",
        "phone",
        "--category",
        "other",
    ];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "complaint",
                "new",
                "--phone",
                "13800000001",
                "--channel",
                "fax",
                "--category",
                "other",
                "x",
            ],
            "--channel",
        ),
        (
            vec![
                "complaint",
                "new",
                "--phone",
                "13800000001",
                "--channel",
                "phone",
                "--category",
                "food",
                "x",
            ],
            "--category",
        ),
        (with(&["--amount", "-5", "x"]), "--amount"),
        (with(&["--amount", "abc", "x"]), "--amount"),
        (with(&["--department", "hr", "x"]), "--department"),
        (with(&[" "]), "TEXT"),
        (with(&["--received", "2026-11-24 09:00", "x"]), "--received"),
        (
            vec![
                "complaint",
                "new",
                "--phone",
                "13900000000",
                "--channel",
                "phone",
                "--category",
                "other",
                "x",
            ],
            "--name",
        ),
        (vec!["complaint", "show", "99"], "ID"),
        (vec!["complaint", "progress", "abc"], "ID"),
        (vec!["complaint", "resolve", "99"], "ID"),
        (vec!["complaint", "revisit", "1", "--score", "6"], "--score"),
        (vec!["complaint", "revisit", "1", "--score", "0"], "--score"),
        (
            vec!["complaint", "revisit", "1", "--score", "good"],
            "--score",
        ),
    ];
    for (args, field) in cases {
        let stderr = desk.refused(&t("10:00"), &args);
        assert!(stderr.contains(field), "{args:?}: {stderr}");
    }
    // Steps are recorded in order: not before the complaint was received.
    let stderr = desk.refused(&t("08:00"), &["complaint", "progress", "1"]);
    assert!(stderr.contains("--at"), "{stderr}");
}

#[test]
fn early_warnings_and_chinese_labels() {
    let desk = Desk::new();
    let warning = desk.json(
        &t("09:00"),
        &[
            "complaint",
            "new",
            "--phone",
            "13800000001",
            "--name",
            "陈先生",
            "--channel",
            "验房",
            "--category",
            "工程质量",
            "墙面空鼓",
        ],
    );
    assert_eq!(
        (
            warning["channel"].as_str(),
            warning["early_warning"].as_bool()
        ),
        (Some("inspection"), Some(true))
    );
    assert_eq!(warning["department"], "engineering");
    let line = desk.ok(&t("09:05"), &["complaint", "progress", "1", "--lang", "zh"]);
    assert!(
        line.starts_with("投诉 1：已记录进展反馈，状态：处理中"),
        "{line}"
    );
    let csv = desk.ok(
        &t("09:06"),
        &["complaint", "list", "--format", "csv", "--lang", "zh"],
    );
    assert!(
        csv.starts_with("投诉编号,受理时间,客户姓名,电话,投诉分类"),
        "{csv}"
    );
    assert!(
        csv.contains("重要") && csv.contains("处理中") && csv.contains("138****0001"),
        "{csv}"
    );
}

#[test]
fn complaints_are_append_only() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "other", "甲"]);
    desk.ok(&t("09:10"), &["complaint", "progress", "1"]);
    let conn = desk.sql();
    for sql in [
        "UPDATE complaints SET class = 'general'",
        "DELETE FROM complaints",
        "UPDATE complaint_events SET note = 'x'",
        "DELETE FROM complaint_events",
    ] {
        let err = conn.execute(sql, []).expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn a_back_filled_complaint_keeps_its_own_history_in_the_list() {
    let desk = Desk::new();
    complain(
        &desk,
        "2026-11-16 10:00",
        &["--category", "other", "后登记的早投诉之外"],
    );
    for (at, step) in [
        ("2026-11-16 11:00", "resolve"),
        ("2026-11-16 12:00", "revisit"),
        ("2026-11-16 13:00", "archive"),
    ] {
        let mut args = vec!["complaint", step, "1"];
        if step == "revisit" {
            args.extend_from_slice(&["--score", "5"]);
        }
        desk.ok(at, &args);
    }
    // Recorded later but received earlier: newest first puts it after complaint 1.
    complain(
        &desk,
        "2026-11-17 09:00",
        &[
            "--category",
            "other",
            "--received",
            "2026-11-10 09:00",
            "纸质登记补录",
        ],
    );
    let list = desk.json(&t("12:00"), &["complaint", "list"]);
    let status: Vec<(i64, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_i64().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(status, [(1, "archived"), (2, "received")]);
    let overdue = desk.json(&t("12:00"), &["complaint", "list", "--overdue"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
    assert_eq!(overdue[0]["id"], 2);
    // The back-filled ticket was written a day after receipt: its ticket deadline was missed.
    let shown = desk.json(&t("12:00"), &["complaint", "show", "2"]);
    assert_eq!(deadline(&shown, "ticket")["standing"], "missed");
}

#[test]
fn every_illegal_step_from_every_status_is_refused() {
    let desk = Desk::new();
    // One complaint driven to each status; the steps that get it there, in order.
    let paths: [(&str, &[&str]); 5] = [
        ("received", &[]),
        ("in_progress", &["progress"]),
        ("resolved", &["progress", "resolve"]),
        ("revisited", &["progress", "resolve", "revisit"]),
        ("archived", &["progress", "resolve", "revisit", "archive"]),
    ];
    let allowed: [(&str, &[&str]); 5] = [
        ("received", &["progress", "resolve", "escalate"]),
        (
            "in_progress",
            &["progress", "resolve", "escalate", "fail-rectification"],
        ),
        ("resolved", &["revisit", "escalate"]),
        ("revisited", &["archive", "escalate"]),
        ("archived", &[]),
    ];
    let steps = [
        "progress",
        "resolve",
        "escalate",
        "fail-rectification",
        "revisit",
        "archive",
    ];
    let command = |step: &'static str, id: &str| -> Vec<String> {
        let mut args = vec!["complaint".to_string(), step.to_string(), id.to_string()];
        if step == "revisit" {
            args.extend(["--score".to_string(), "3".to_string()]);
        }
        args
    };
    for (index, ((status, path), (_, ok))) in paths.iter().zip(allowed.iter()).enumerate() {
        let id = (index + 1).to_string();
        complain(&desk, &t("09:00"), &["--category", "other", status]);
        for step in path.iter() {
            let args = command(step, &id);
            desk.ok(
                &t("09:30"),
                &args.iter().map(String::as_str).collect::<Vec<_>>(),
            );
        }
        assert_eq!(
            desk.json(&t("09:40"), &["complaint", "show", &id])["status"],
            *status
        );
        for step in steps.iter().filter(|s| !ok.contains(s)) {
            let args = command(step, &id);
            let stderr = desk.refused(
                &t("10:00"),
                &args.iter().map(String::as_str).collect::<Vec<_>>(),
            );
            let expected =
                format!("complaint {id} is {status}: `{step}` is not allowed now; allowed next: ");
            assert!(stderr.contains(&expected), "{status} {step}: {stderr}");
            let listed = if ok.is_empty() {
                "nothing, it is archived".to_string()
            } else {
                ok.join(", ")
            };
            assert!(
                stderr.trim_end().ends_with(&listed),
                "{status} {step}: {stderr}"
            );
        }
    }
}

#[test]
fn every_flag_and_every_early_warning_source_end_to_end() {
    let desk = Desk::new();
    for (flag, reason) in [
        ("--safety", "major: life or property safety emergency"),
        ("--group", "major: group complaint"),
        ("--government", "major: reported to the government"),
        ("--media", "major: reported to the media"),
        (
            "--consumer-association",
            "major: reported to the consumer association",
        ),
        ("--structural", "major: structural or safety defect"),
    ] {
        let complaint = complain(
            &desk,
            &t("09:00"),
            &["--category", "other", "--amount", "1", flag, "x"],
        );
        assert_eq!(complaint["class_reason"], reason, "{flag}");
        assert_eq!(
            complaint["authority"], "president",
            "a major complaint goes to the president"
        );
    }
    for (channel, code, warning) in [
        ("onsite", "onsite", false),
        ("Web", "web", false),
        ("论坛", "forum", false),
        ("letter", "letter", false),
        ("other", "other", false),
        ("inspection", "inspection", true),
        ("权证", "certificate", true),
        ("leader", "leader", true),
        ("回访", "revisit", true),
        ("internal", "internal", true),
    ] {
        let complaint = desk.json(
            &t("09:10"),
            &[
                "complaint",
                "new",
                "--phone",
                "13800000001",
                "--channel",
                channel,
                "--category",
                "other",
                "x",
            ],
        );
        assert_eq!(
            (
                complaint["channel"].as_str(),
                complaint["early_warning"].as_bool()
            ),
            (Some(code), Some(warning)),
            "{channel}"
        );
    }
}

#[test]
fn steps_keep_who_took_them_and_what_they_noted() {
    let desk = Desk::new();
    complain(
        &desk,
        &t("09:00"),
        &["--category", "other", "--by", "前台小王", "x"],
    );
    desk.ok(
        &t("09:30"),
        &[
            "complaint",
            "progress",
            "1",
            "--by",
            "客服小周",
            "--note",
            "已约上门",
        ],
    );
    let shown = desk.json(&t("09:31"), &["complaint", "show", "1"]);
    assert_eq!(shown["received_by"], "前台小王");
    let event = &shown["events"][0];
    assert_eq!(
        (
            event["by"].as_str(),
            event["note"].as_str(),
            event["at"].as_str()
        ),
        (Some("客服小周"), Some("已约上门"), Some("2026-11-23 09:30"))
    );
    let table = desk.ok(&t("09:32"), &["complaint", "show", "1"]);
    assert!(
        table.contains("客服小周") && table.contains("已约上门"),
        "{table}"
    );
}

#[test]
fn a_late_progress_call_stays_on_the_record_without_keeping_the_complaint_overdue() {
    let desk = Desk::new();
    complain(&desk, "2026-11-02 10:00", &["--category", "other", "x"]);
    desk.ok("2026-11-02 10:30", &["complaint", "evidence", "1"]);
    desk.ok("2026-11-02 11:00", &["complaint", "progress", "1"]);
    let running = desk.json("2026-11-05 10:00", &["complaint", "show", "1"]);
    assert_eq!(
        (
            running["progress_due"].as_str(),
            running["progress_done"].clone()
        ),
        (Some("2026-11-05 11:00"), Value::Null)
    );
    let late = desk.json("2026-11-05 12:00", &["complaint", "list", "--overdue"]);
    assert_eq!(late[0]["overdue"], "progress");
    desk.ok("2026-11-05 12:30", &["complaint", "progress", "1"]);
    // The call is made: nothing is overdue, the missed interval stays in the record.
    let after = desk.json("2026-11-05 13:00", &["complaint", "list", "--overdue"]);
    assert_eq!(after.as_array().unwrap().len(), 0, "{after}");
    let shown = desk.json("2026-11-05 13:00", &["complaint", "show", "1"]);
    let progress: Vec<&str> = shown["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["step"] == "progress")
        .map(|d| d["standing"].as_str().unwrap())
        .collect();
    assert_eq!(progress, ["missed", "open"]);
    assert_eq!(shown["progress_due"], "2026-11-10 12:30");
}

#[test]
fn a_second_escalation_does_not_clear_a_missed_plan() {
    let desk = Desk::new();
    complain(
        &desk,
        "2026-11-02 10:00",
        &["--category", "other", "--amount", "100", "x"],
    );
    desk.ok("2026-11-02 10:30", &["complaint", "escalate", "1"]);
    desk.ok("2026-11-04 11:00", &["complaint", "escalate", "1"]);
    let overdue = desk.json("2026-11-04 11:30", &["complaint", "list", "--overdue"]);
    assert!(
        overdue[0]["overdue"].as_str().unwrap().contains("plan"),
        "{overdue}"
    );
    // After resolving, an escalation reviews the outcome: no plan to draft, nothing overdue.
    let desk = Desk::new();
    complain(
        &desk,
        &t("09:00"),
        &["--category", "other", "--amount", "100", "x"],
    );
    desk.ok(&t("09:05"), &["complaint", "evidence", "1"]);
    desk.ok(&t("09:10"), &["complaint", "resolve", "1"]);
    desk.ok(&t("09:20"), &["complaint", "escalate", "1"]);
    desk.ok(&t("09:30"), &["complaint", "revisit", "1", "--score", "2"]);
    let overdue = desk.json("2026-11-26 09:00", &["complaint", "list", "--overdue"]);
    assert_eq!(overdue.as_array().unwrap().len(), 0, "{overdue}");
}

#[test]
fn a_negative_score_names_the_field() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "other", "x"]);
    desk.ok(&t("09:10"), &["complaint", "resolve", "1"]);
    let stderr = desk.refused(&t("09:20"), &["complaint", "revisit", "1", "--score", "-1"]);
    assert!(stderr.contains("--score"), "{stderr}");
}

#[test]
fn evidence_is_collected_by_the_end_of_the_first_working_day() {
    let desk = Desk::new();
    let complaint = complain(&desk, &t("15:00"), &["--category", "handover", "门锁坏"]);
    assert_eq!(complaint["evidence_due"], "2026-11-23 18:00");
    assert!(complaint["evidence_done"].is_null());
    let done = desk.json(
        &t("17:00"),
        &[
            "complaint",
            "evidence",
            "1",
            "--note",
            "合同、照片",
            "--by",
            "李客服",
        ],
    );
    assert_eq!(done["evidence_done"], "2026-11-23 17:00");
    assert_eq!(deadline(&done, "evidence")["standing"], "met");
    let stderr = desk.refused(&t("17:30"), &["complaint", "evidence", "1"]);
    assert!(stderr.contains("evidence recorded already"), "{stderr}");
}

#[test]
fn a_reply_time_agreed_for_an_important_complaint_replaces_the_feedback_clock() {
    let desk = Desk::new();
    complain(&desk, &t("10:00"), &["--category", "quality", "外墙渗水"]);
    let agreed = desk.json(
        &t("11:00"),
        &[
            "complaint",
            "agree",
            "1",
            "--reply-by",
            "2026-12-01 16:00",
            "--by",
            "客户总监",
        ],
    );
    assert_eq!(agreed["feedback_due"], "2026-12-01 16:00");
    let later = desk.json("2026-11-30 10:00", &["complaint", "show", "1"]);
    assert_eq!(deadline(&later, "feedback")["standing"], "open");
    // A reply time in the past, or one for a general complaint, is refused.
    let stderr = desk.refused(
        &t("12:00"),
        &["complaint", "agree", "1", "--reply-by", "2026-11-23 11:59"],
    );
    assert!(
        stderr.contains("--reply-by") && stderr.contains("future"),
        "{stderr}"
    );
    complain(&desk, &t("12:00"), &["--category", "other", "停车难"]);
    let stderr = desk.refused(
        &t("12:10"),
        &["complaint", "agree", "2", "--reply-by", "2026-12-01 16:00"],
    );
    assert!(stderr.contains("general"), "{stderr}");
}

#[test]
fn a_typical_case_carries_its_lesson_even_once_archived() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "handover", "交房延期"]);
    for (at, args) in [
        ("10:00", vec!["complaint", "resolve", "1"]),
        ("11:00", vec!["complaint", "revisit", "1", "--score", "4"]),
        ("11:10", vec!["complaint", "archive", "1"]),
    ] {
        desk.ok(&t(at), &args);
    }
    let stderr = desk.refused(&t("12:00"), &["complaint", "typical", "1", "--lesson", " "]);
    assert!(stderr.contains("--lesson"), "{stderr}");
    desk.ok(
        &t("12:00"),
        &["complaint", "typical", "1", "--lesson", "交房前逐户验收"],
    );
    let shown = desk.json(&t("12:01"), &["complaint", "show", "1"]);
    let steps: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps.last(), Some(&"typical"), "{shown}");
    assert_eq!(shown["status"], "archived");
}

#[test]
fn typical_cases_reach_the_monthly_quarterly_and_annual_reports() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "handover", "交房延期"]);
    complain(&desk, &t("09:30"), &["--category", "other", "停车难"]);
    desk.ok(
        &t("12:00"),
        &["complaint", "typical", "1", "--lesson", "交房前逐户验收"],
    );
    let lessons = |report: &Value| -> Vec<String> {
        report["typical_cases"]
            .as_array()
            .unwrap_or_else(|| panic!("no typical_cases: {report}"))
            .iter()
            .map(|c| format!("{} {}", c["complaint_id"], c["lesson"].as_str().unwrap()))
            .collect()
    };
    let at = "2027-01-05 09:00";
    for args in [
        vec!["report", "monthly", "--month", "2026-11"],
        vec!["report", "quarterly", "--quarter", "2026Q4"],
        vec!["report", "quarterly"],
        vec!["report", "annual", "--year", "2026"],
        vec!["report", "annual"],
    ] {
        let report = desk.json(at, &args);
        assert_eq!(lessons(&report), ["1 交房前逐户验收"], "{args:?}");
        let classes: i64 = report["by_class"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["complaints"].as_i64().unwrap())
            .sum();
        assert_eq!(classes, 2, "{args:?}");
    }
    let earlier = desk.json(at, &["report", "quarterly", "--quarter", "2026Q3"]);
    assert!(lessons(&earlier).is_empty());
    assert_eq!(
        desk.json(at, &["report", "quarterly", "--quarter", "last"])["quarter"],
        "2026Q4"
    );
    for (args, field) in [
        (
            vec!["report", "quarterly", "--quarter", "2026Q5"],
            "--quarter",
        ),
        (vec!["report", "annual", "--year", "next"], "--year"),
    ] {
        let stderr = desk.refused(at, &args);
        assert!(stderr.contains(field), "{stderr}");
    }
}

/// The steps of a complaint's history as `complaint show` gives them: (step, by, note, class).
fn history(shown: &Value) -> Vec<(String, String, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                text(&e["step"]),
                text(&e["by"]),
                text(&e["note"]),
                text(&e["class"]),
            )
        })
        .collect()
}

#[test]
fn a_reclassification_is_the_class_everywhere_with_its_reason() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "other", "墙面裂缝"]);
    desk.ok(&t("09:30"), &["complaint", "evidence", "1"]);
    let general = desk.json(&t("09:40"), &["complaint", "show", "1"]);
    assert_eq!(
        (&general["class"], &general["authority"]),
        (&"general".into(), &"presidents-office".into())
    );
    assert!(general["resolve_due"].is_string());
    // A general complaint agrees no reply time; judged major, it may.
    let args = ["complaint", "agree", "1", "--reply-by", "2026-11-30 16:00"];
    desk.refused(&t("09:45"), &args);
    let line = desk.ok(
        &t("10:00"),
        &[
            "complaint",
            "reclassify",
            "1",
            "--class",
            "重大",
            "--reason",
            "取证后确认为结构安全问题",
            "--by",
            "客户总监",
        ],
    );
    assert!(
        line.starts_with("complaint 1: reclassified major, final decision by president"),
        "{line}"
    );
    let shown = desk.json(&t("10:05"), &["complaint", "show", "1"]);
    assert_eq!(shown["class"], "major");
    assert_eq!(
        shown["class_reason"],
        "reclassified major by 客户总监: 取证后确认为结构安全问题"
    );
    assert_eq!(
        (&shown["proposal_authority"], &shown["authority"]),
        (&"vice-president".into(), &"president".into())
    );
    assert!(
        shown["resolve_due"].is_null(),
        "a major complaint follows the final decision: {shown}"
    );
    assert_eq!(
        history(&shown).last().unwrap(),
        &(
            "reclassify".to_string(),
            "客户总监".to_string(),
            "取证后确认为结构安全问题".to_string(),
            "major".to_string()
        )
    );
    let table = desk.ok(&t("10:05"), &["complaint", "show", "1"]);
    assert!(
        table.contains("reclassify") && table.contains("reclassified major"),
        "{table}"
    );
    desk.ok(&t("10:10"), &args);
    // The list, the daily ledger and the monthly analysis read the new class.
    assert_eq!(
        desk.json(&t("10:15"), &["complaint", "list"])[0]["class"],
        "major"
    );
    let daily = desk.json("2026-11-24 09:00", &["report", "daily"]);
    assert_eq!(daily["ledger"][0]["class"], "major", "{daily}");
    let monthly = desk.json("2026-12-02 09:00", &["report", "monthly"]);
    assert_eq!(monthly["by_class"][0]["class"], "major", "{monthly}");
    // Refused, nothing written: an unknown class (with the codes), the class it has already, no
    // reason; and once resolved, its class has chosen who decided it (5.1.10).
    let reclassify = |class: &str, reason: &str| -> Vec<String> {
        [
            "complaint",
            "reclassify",
            "1",
            "--class",
            class,
            "--reason",
            reason,
            "--by",
            "王",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect()
    };
    let run = |args: Vec<String>, at: &str| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        desk.refused(at, &args)
    };
    let stderr = run(reclassify("urgent", "x"), &t("10:20"));
    assert!(
        stderr.contains("--class")
            && stderr.contains("urgent")
            && stderr.contains("general, important, major"),
        "{stderr}"
    );
    let stderr = run(reclassify("major", "x"), &t("10:20"));
    assert!(stderr.contains("is major already"), "{stderr}");
    let stderr = run(reclassify("general", " "), &t("10:20"));
    assert!(stderr.contains("--reason"), "{stderr}");
    desk.ok(&t("11:00"), &["complaint", "resolve", "1"]);
    let stderr = run(reclassify("general", "x"), &t("11:10"));
    assert!(
        stderr.contains("is resolved: `reclassify` is not allowed now"),
        "{stderr}"
    );
}

#[test]
fn a_cross_department_complaint_names_its_centres_whose_general_managers_decide() {
    let desk = Desk::new();
    let complaint = complain(
        &desk,
        &t("09:00"),
        &[
            "--category",
            "other",
            "--centres",
            "marketing,生产中心",
            "车位与合同不符",
        ],
    );
    assert_eq!(complaint["class"], "important");
    assert_eq!(
        complaint["class_reason"],
        "important: needs several centres (3.1.2.7)"
    );
    assert_eq!(complaint["centres"], "marketing engineering");
    assert_eq!(
        (&complaint["proposal_authority"], &complaint["authority"]),
        (&"vice-president".into(), &"centre-managers".into())
    );
    assert_eq!(
        desk.count("SELECT count(*) FROM complaints WHERE centres = 'marketing engineering' AND cross_department = 1"),
        1
    );
    let shown = desk.ok(&t("09:10"), &["complaint", "show", "1", "--lang", "zh"]);
    assert!(
        shown.contains("协作中心总经理") && shown.contains("营销中心、生产中心"),
        "{shown}"
    );
    // Escalated, it goes to the vice presidents in charge of those centres.
    let escalated = desk.json(&t("09:20"), &["complaint", "escalate", "1"]);
    assert_eq!(escalated["authority"], "vice-president");
    // An unknown centre, or none, is refused.
    for (centres, word) in [("marketing,hr", "hr"), (" , ", "--centres")] {
        let stderr = desk.refused(
            &t("09:30"),
            &[
                "complaint",
                "new",
                "--phone",
                "13800000001",
                "--channel",
                "phone",
                "--category",
                "other",
                "--centres",
                centres,
                "多部门",
            ],
        );
        assert!(
            stderr.contains(word) && stderr.contains("--centres"),
            "{stderr}"
        );
    }
}

#[test]
fn a_voided_complaint_stays_in_its_history_and_leaves_every_clock_list_and_count() {
    let desk = Desk::new();
    complain(&desk, &t("09:00"), &["--category", "other", "停车难"]);
    complain(
        &desk,
        &t("09:30"),
        &["--category", "other", "停车难（重复登记）"],
    );
    let line = desk.ok(
        &t("10:00"),
        &[
            "complaint",
            "void",
            "2",
            "--reason",
            "重复登记",
            "--by",
            "客服小周",
        ],
    );
    assert!(
        line.starts_with("complaint 2: voided by 客服小周"),
        "{line}"
    );
    let ids = |list: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    // A week on, both would be overdue; only the one that stands is.
    let later = "2026-11-30 17:30";
    assert_eq!(ids(&desk.json(later, &["complaint", "list"])), [1]);
    assert_eq!(
        ids(&desk.json(later, &["complaint", "list", "--open"])),
        [1]
    );
    assert_eq!(
        ids(&desk.json(later, &["complaint", "list", "--overdue"])),
        [1]
    );
    let overdue = desk.json(later, &["report", "overdue"]);
    assert_eq!(overdue["overdue"].as_array().unwrap().len(), 1, "{overdue}");
    let daily = desk.json(later, &["report", "daily", "--date", DAY]);
    assert_eq!(daily["complaints"][0]["received"], 1, "{daily}");
    assert_eq!(daily["ledger"].as_array().unwrap().len(), 1, "{daily}");
    let monthly = desk.json("2026-12-02 09:00", &["report", "monthly"]);
    assert_eq!(monthly["by_class"][0]["complaints"], 1, "{monthly}");
    // Even as of a moment before the void, it was never a complaint.
    assert_eq!(ids(&desk.json(&t("09:45"), &["complaint", "list"])), [1]);
    // Shown, it is marked voided, with the void in its history and no clock running.
    let shown = desk.json(later, &["complaint", "show", "2"]);
    assert_eq!(shown["status"], "voided");
    assert_eq!(shown["overdue"], "");
    assert_eq!(
        history(&shown),
        [(
            "void".to_string(),
            "客服小周".to_string(),
            "重复登记".to_string(),
            String::new()
        )]
    );
    for deadline in shown["deadlines"].as_array().unwrap() {
        assert!(
            deadline["standing"] == "met" || deadline["standing"] == "not_applicable",
            "{deadline}"
        );
    }
    let zh = desk.ok(later, &["complaint", "show", "2", "--lang", "zh"]);
    assert!(zh.contains("已作废") && zh.contains("作废"), "{zh}");
    // The book of record keeps it: the export lists it, voided.
    let export = desk.json(later, &["export", "complaints"]);
    assert_eq!(export.as_array().unwrap().len(), 2);
    // Not voided twice, and moved on no further.
    for args in [
        vec!["complaint", "void", "2", "--reason", "again", "--by", "王"],
        vec!["complaint", "progress", "2"],
        vec!["complaint", "typical", "2", "--lesson", "x"],
    ] {
        let stderr = desk.refused(later, &args);
        assert!(
            stderr.contains("complaint 2 was voided at 2026-11-23 10:00"),
            "{args:?}: {stderr}"
        );
    }
    let stderr = desk.refused(
        later,
        &["complaint", "void", "1", "--reason", " ", "--by", "王"],
    );
    assert!(stderr.contains("--reason"), "{stderr}");
}

#[test]
fn evidence_is_due_the_day_the_ticket_is_due_never_before() {
    let desk = Desk::new();
    // Friday 17:50: the ticket's 30 working minutes end on Monday morning.
    let late = complain(&desk, "2026-11-20 17:50", &["--category", "other", "甲"]);
    assert_eq!(deadline(&late, "ticket")["due"], "2026-11-23 09:20");
    assert_eq!(deadline(&late, "evidence")["due"], "2026-11-23 18:00");
    let at_close = desk.json("2026-11-20 18:30", &["complaint", "list", "--overdue"]);
    assert_eq!(at_close.as_array().unwrap().len(), 0, "{at_close}");
}

#[test]
fn an_escalated_general_complaint_leaves_the_five_day_clock() {
    let desk = Desk::new();
    complain(&desk, "2026-11-02 10:00", &["--category", "other", "甲"]);
    desk.ok("2026-11-02 10:30", &["complaint", "evidence", "1"]);
    desk.ok("2026-11-02 11:00", &["complaint", "escalate", "1"]);
    desk.ok("2026-11-03 10:00", &["complaint", "progress", "1"]);
    let later = desk.json("2026-11-04 09:00", &["complaint", "show", "1"]);
    let resolve = deadline(&later, "resolve");
    assert_eq!(
        (&resolve["due"], &resolve["standing"]),
        (&Value::Null, &Value::from("not_applicable")),
        "{later}"
    );
    let week_on = desk.json("2026-11-10 09:00", &["complaint", "list", "--overdue"]);
    let listed = week_on.as_array().unwrap();
    assert!(
        listed
            .iter()
            .all(|c| !c["overdue"].as_str().unwrap().contains("resolve")),
        "{week_on}"
    );
}

#[test]
fn monday_calls_reach_the_week_and_a_fifth_of_the_open_once_each() {
    let desk = Desk::new();
    let complaint = |at: &str, n: u32| {
        desk.ok(
            at,
            &[
                "complaint",
                "new",
                "--phone",
                &format!("1380000{n:04}"),
                "--name",
                &format!("客{n}"),
                "--channel",
                "phone",
                "--category",
                "other",
                &format!("投诉{n}"),
            ],
        );
    };
    complaint("2026-11-17 10:00", 1);
    complaint("2026-11-02 10:00", 2);
    desk.ok("2026-11-18 10:00", &["complaint", "resolve", "2"]);
    for n in 3..=8 {
        complaint(&format!("2026-11-0{n} 10:00"), n);
    }
    let list = desk.json("2026-11-23 09:00", &["complaint", "calls"]);
    let rows = list.as_array().unwrap();
    let why = |id: i64| {
        rows.iter()
            .find(|r| r["id"] == id)
            .map(|r| r["why"].as_str().unwrap().to_string())
    };
    assert_eq!(why(1).as_deref(), Some("received"), "{list}");
    assert_eq!(why(2).as_deref(), Some("closed"), "{list}");
    let drawn: Vec<i64> = rows
        .iter()
        .filter(|r| r["why"] == "drawn")
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(drawn.len(), 2, "ceil(20 % of 6): {list}");
    assert_eq!(
        desk.json("2026-11-23 15:00", &["complaint", "calls"]),
        list,
        "the same list all Monday"
    );
    desk.ok(
        "2026-11-23 09:10",
        &["complaint", "call", "2", "--by", "客服专员"],
    );
    let again = desk.refused(
        "2026-11-23 09:20",
        &["complaint", "call", "2", "--by", "客服专员"],
    );
    assert!(again.contains("already called"), "{again}");
    let off_list = (3..=8).find(|id| !drawn.contains(id)).unwrap().to_string();
    let refused = desk.refused(
        "2026-11-23 09:20",
        &["complaint", "call", &off_list, "--by", "x"],
    );
    assert!(
        refused.contains("not on this Monday's call list"),
        "{refused}"
    );
    let called = desk.json("2026-11-23 09:30", &["complaint", "calls"]);
    assert_eq!(called[1]["called_by"], "客服专员", "{called}");
    // The weekly report of the calling week counts them.
    let weekly = desk.json("2026-11-30 08:30", &["report", "weekly", "--week", "last"]);
    let calls = &weekly["complaint_calls"][0];
    assert_eq!(
        (&calls["list_week"], &calls["listed"], &calls["called"]),
        (&"2026-11-16".into(), &4.into(), &1.into()),
        "{weekly}"
    );
}
