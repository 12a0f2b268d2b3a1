//! `visit` and `reassign`: every rotation and ownership rule of SPEC §1–§2, through the binary.

use std::thread;

use crate::harness::{DAY, Desk, t};

fn phone(n: u32) -> String {
    format!("138{n:08}")
}

#[test]
fn new_visitors_go_round_robin_and_the_queue_lives_in_the_database() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    let reps: Vec<String> = (0..7)
        .map(|i| {
            desk.receives(&t(&format!("09:{i:02}")), "客", &phone(i), &[])
                .0
        })
        .collect();
    assert_eq!(
        reps,
        ["王芳", "张伟", "李娜", "王芳", "张伟", "李娜", "王芳"]
    );
    let roster = desk.json(&t("10:00"), &["roster", "show"]);
    let order: Vec<&str> = roster
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rep"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["张伟", "李娜", "王芳"]);
    let turns: Vec<i64> = roster
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["turns"].as_i64().unwrap())
        .collect();
    assert_eq!(turns, [2, 2, 3]);
}

#[test]
fn the_json_of_a_visit_has_the_fields_of_the_spec() {
    let desk = Desk::office(&["王芳"]);
    let visit = desk.visit(&t("09:05"), "陈先生", "138 1234 5678", &[]);
    for field in [
        "visit_id",
        "customer_id",
        "name",
        "phone",
        "rep",
        "reason",
        "at",
    ] {
        assert!(visit.get(field).is_some(), "missing {field}: {visit}");
    }
    assert_eq!(visit["phone"], "138****5678", "masked unless --full-phone");
    assert_eq!(visit["at"], format!("{DAY} 09:05"));
    assert_eq!(visit["reason"], "rotation");
    assert_eq!(visit["turn"], true);
    let full = desk.json(
        &t("09:06"),
        &["visit", "陈先生", "--phone", "13812345678", "--full-phone"],
    );
    assert_eq!(full["phone"], "13812345678");
}

#[test]
fn the_clerk_reads_one_line_naming_the_rep_and_the_reason() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(
        "2026-11-02 10:00",
        &["roster", "set", "王芳", "张伟", "--date", "2026-11-02"],
    );
    let first = desk.ok(
        "2026-11-02 10:05",
        &["visit", "陈先生", "--phone", "13812345678"],
    );
    assert_eq!(
        first.trim(),
        "王芳 — next in the rotation [new customer] [entry 1]"
    );
    let again = desk.ok(&t("09:00"), &["visit", "陈先生", "--phone", "13812345678"]);
    assert_eq!(
        again.trim(),
        "王芳 — returning customer, registered by 王芳 on 2026-11-02, valid until 2026-12-02 \
         [entry 2]"
    );
    let zh = desk.ok(
        &t("09:01"),
        &["visit", "陈先生", "--phone", "13812345678", "--lang", "zh"],
    );
    assert!(
        zh.starts_with("王芳 — 老客户，王芳 于 2026-11-02 登记"),
        "{zh}"
    );
}

#[test]
fn an_absent_rep_loses_the_turn() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    desk.ok(
        &t("09:00"),
        &["roster", "away", "王芳", "--reason", "absent"],
    );
    let text = desk.ok(&t("09:01"), &["visit", "客一", "--phone", &phone(1)]);
    assert!(
        text.starts_with("张伟 — next in the rotation; 王芳 not at the desk, loses the turn"),
        "{text}"
    );
    desk.ok(&t("09:02"), &["roster", "back", "王芳"]);
    // The lost turn is not made up: 李娜 comes next, then 王芳 in her new place.
    assert_eq!(desk.receives(&t("09:03"), "客二", &phone(2), &[]).0, "李娜");
    assert_eq!(desk.receives(&t("09:04"), "客三", &phone(3), &[]).0, "王芳");
    assert_eq!(desk.receives(&t("09:05"), "客四", &phone(4), &[]).0, "张伟");
    assert_eq!(
        desk.count("SELECT count(*) FROM roster_events WHERE kind = 'skipped'"),
        1
    );
}

#[test]
fn a_rep_on_a_managers_errand_keeps_a_priority_turn() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    desk.ok(
        &t("09:00"),
        &["roster", "away", "王芳", "--reason", "manager"],
    );
    assert_eq!(desk.receives(&t("09:01"), "客一", &phone(1), &[]).0, "张伟");
    assert_eq!(desk.receives(&t("09:02"), "客二", &phone(2), &[]).0, "李娜");
    desk.ok(&t("09:03"), &["roster", "back", "王芳"]);
    let roster = desk.json(&t("09:03"), &["roster", "show"]);
    let wang = roster
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rep"] == "王芳")
        .unwrap()
        .clone();
    assert_eq!(wang["status"], "priority");
    // Back: she takes the next new customer before the queue head (张伟).
    let visit = desk.visit(&t("09:04"), "客三", &phone(3), &[]);
    assert_eq!(
        (visit["rep"].as_str(), visit["priority"].as_bool()),
        (Some("王芳"), Some(true))
    );
    assert_eq!(desk.receives(&t("09:05"), "客四", &phone(4), &[]).0, "张伟");
}

#[test]
fn a_designated_rep_receives_outside_the_rotation_with_no_make_up_turn() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    let designated = desk.visit(&t("09:00"), "指定客", &phone(1), &["--designate", "王芳"]);
    assert_eq!(
        (designated["rep"].as_str(), designated["reason"].as_str()),
        (Some("王芳"), Some("designated"))
    );
    assert_eq!(designated["turn"], false);
    // The queue did not move: 王芳 is still at the head.
    assert_eq!(desk.receives(&t("09:01"), "客二", &phone(2), &[]).0, "王芳");
    // Busy with a designated customer when her turn comes, she loses it and gets nothing back.
    desk.visit(&t("09:02"), "指定客二", &phone(3), &["--designate", "张伟"]);
    desk.ok(&t("09:02"), &["roster", "away", "张伟", "--reason", "busy"]);
    assert_eq!(desk.receives(&t("09:03"), "客四", &phone(4), &[]).0, "李娜");
    desk.ok(&t("09:10"), &["roster", "back", "张伟"]);
    let roster = desk.json(&t("09:10"), &["roster", "show"]);
    assert!(
        roster
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["priority_owed"] == 0),
        "{roster}"
    );
    assert_eq!(desk.receives(&t("09:11"), "客五", &phone(5), &[]).0, "王芳");
    assert_eq!(desk.receives(&t("09:12"), "客六", &phone(6), &[]).0, "张伟");
}

#[test]
fn a_returning_customer_goes_to_the_owner_within_one_month_of_the_last_visit() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(
        "2026-10-20 09:00",
        &["roster", "set", "张伟", "王芳", "--date", "2026-10-20"],
    );
    assert_eq!(
        desk.receives("2026-10-20 09:05", "陈先生", &phone(1), &[])
            .0,
        "张伟"
    );
    // Today 王芳 heads the queue, but the customer is 张伟's: valid through 2026-11-20 ... lapsed.
    assert_eq!(
        desk.receives(&t("09:00"), "陈先生", &phone(1), &[]),
        ("王芳".into(), "rotation".into())
    );
    // Now 王芳's; she is at the back of the queue, yet receives him again.
    assert_eq!(
        desk.receives(&t("09:30"), "陈先生", &phone(1), &[]),
        ("王芳".into(), "returning".into())
    );
    let customer = desk.json(&t("09:31"), &["customer", "show", &phone(1)]);
    assert_eq!(customer["owner"], "王芳");
    assert_eq!(customer["valid_until"], "2026-12-23");
}

#[test]
fn the_month_counts_from_the_owners_last_visit() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(
        "2026-10-01 09:00",
        &["roster", "set", "张伟", "--date", "2026-10-01"],
    );
    desk.ok(
        "2026-10-25 09:00",
        &["roster", "set", "张伟", "--date", "2026-10-25"],
    );
    desk.receives("2026-10-01 09:05", "陈先生", &phone(1), &[]);
    desk.receives("2026-10-25 09:05", "陈先生", &phone(1), &[]);
    // 2026-11-23 is within a month of 10-25 (not of 10-01).
    assert_eq!(
        desk.receives(&t("09:00"), "陈先生", &phone(1), &[]),
        ("张伟".into(), "returning".into())
    );
}

#[test]
fn the_owner_off_duty_means_a_voluntary_reception_by_the_last_in_queue() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    desk.ok("2026-11-01 08:00", &["rep", "add", "赵磊"]);
    desk.ok(
        "2026-11-10 09:00",
        &["roster", "set", "赵磊", "--date", "2026-11-10"],
    );
    desk.receives("2026-11-10 09:05", "陈先生", &phone(1), &[]);
    let before = desk.json(&t("09:00"), &["roster", "show"]);
    let text = desk.ok(&t("09:01"), &["visit", "陈先生", "--phone", &phone(1)]);
    assert!(
        text.starts_with("李娜 — voluntary reception for 赵磊, who is not on duty"),
        "{text}"
    );
    assert!(text.contains("not a turn"), "{text}");
    assert_eq!(
        desk.json(&t("09:02"), &["roster", "show"]),
        before,
        "no turn was used"
    );
    // The voluntary reception did not make 李娜 the owner.
    assert_eq!(
        desk.json(&t("09:03"), &["customer", "show", &phone(1)])["owner"],
        "赵磊"
    );
}

#[test]
fn old_brings_new_is_one_reception() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    assert_eq!(desk.receives(&t("09:00"), "老客", &phone(1), &[]).0, "王芳");
    let new = desk.visit(&t("09:01"), "新客", &phone(2), &["--brought-by", &phone(1)]);
    assert_eq!(
        (
            new["rep"].as_str(),
            new["reason"].as_str(),
            new["turn"].as_bool()
        ),
        (Some("王芳"), Some("brought"), Some(true)),
        "the old customer came along today; 王芳's reception of the friend counts as one (1.3)"
    );
    // The new customer belongs to the receiving rep.
    assert_eq!(
        desk.receives(&t("11:00"), "新客", &phone(2), &[]),
        ("王芳".into(), "returning".into())
    );
    // The rotation went on as if the pair were one customer.
    assert_eq!(desk.receives(&t("11:01"), "客三", &phone(3), &[]).0, "张伟");
    // A designation by the new customer still wins.
    let designated = desk.visit(
        &t("11:02"),
        "新客二",
        &phone(4),
        &["--brought-by", &phone(1), "--designate", "李娜"],
    );
    assert_eq!(designated["rep"], "李娜");
    let unknown = desk.refused(
        &t("11:03"),
        &[
            "visit",
            "新客三",
            "--phone",
            &phone(5),
            "--brought-by",
            &phone(99),
        ],
    );
    assert!(unknown.contains("--brought-by"), "{unknown}");
}

#[test]
fn calls_are_recorded_but_never_decide_ownership() {
    let desk = Desk::office(&["王芳", "张伟"]);
    let call = desk.visit(
        &t("09:00"),
        "来电客",
        &phone(1),
        &["--call", "--designate", "张伟"],
    );
    assert_eq!(
        (call["reason"].as_str(), call["turn"].as_bool()),
        (Some("call"), Some(false))
    );
    assert_eq!(
        call["owner"],
        serde_json::Value::Null,
        "the call made nobody the owner"
    );
    // When the caller walks in, the rotation decides: 王芳 heads the queue.
    assert_eq!(
        desk.receives(&t("10:00"), "来电客", &phone(1), &[]),
        ("王芳".into(), "rotation".into())
    );
    let stored = desk.count("SELECT count(*) FROM visits WHERE kind = 'call' AND reason = 'call'");
    assert_eq!(stored, 1);
}

#[test]
fn first_registration_wins() {
    let desk = Desk::office(&["王芳", "张伟"]);
    assert_eq!(
        desk.receives(&t("09:00"), "陈先生", &phone(1), &[]).0,
        "王芳"
    );
    // Later the customer asks for 张伟 and the sales manager agrees: he receives, but the
    // customer stays 王芳's.
    let designated = desk.visit(
        &t("10:00"),
        "陈先生",
        &phone(1),
        &["--designate", "张伟", "--approved-by", "销售经理"],
    );
    assert_eq!(
        (designated["rep"].as_str(), designated["owner"].as_str()),
        (Some("张伟"), Some("王芳"))
    );
    assert_eq!(
        desk.receives(&t("11:00"), "陈先生", &phone(1), &[]),
        ("王芳".into(), "returning".into())
    );
}

#[test]
fn reassignment_voids_the_turn_and_owes_a_priority_turn() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    let refused = desk.visit(&t("09:00"), "陈先生", &phone(1), &[]);
    assert_eq!(refused["rep"], "王芳");
    let id = refused["visit_id"].to_string();
    let text = desk.ok(&t("09:10"), &["reassign", &id, "--reason", "客户要求换人"]);
    assert!(text.starts_with("张伟 — reassigned from 王芳"), "{text}");
    assert!(text.contains("void"), "{text}");
    let roster = desk.json(&t("09:11"), &["roster", "show"]);
    let row = |name: &str| {
        roster
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rep"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(row("王芳")["turns"], 0, "the refused turn is void");
    assert_eq!(row("王芳")["status"], "priority");
    assert_eq!(row("张伟")["turns"], 1);
    // The customer is now 张伟's; the old entry stays in the history, superseded.
    let customer = desk.json(&t("09:12"), &["customer", "show", &phone(1)]);
    assert_eq!(customer["owner"], "张伟");
    let history = customer["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["superseded_by"], history[1]["visit_id"]);
    assert_eq!(history[1]["reason"], "reassigned");
    // 王芳 takes the next new customer before the head.
    assert_eq!(desk.receives(&t("09:20"), "客二", &phone(2), &[]).0, "王芳");
    assert_eq!(desk.receives(&t("09:21"), "客三", &phone(3), &[]).0, "李娜");
    // An entry is reassigned once; after that, reassign the newer one.
    let again = desk.refused(&t("09:30"), &["reassign", &id, "--reason", "again"]);
    assert!(again.contains("already reassigned"), "{again}");
}

#[test]
fn a_second_refusal_never_goes_back_to_a_refused_rep() {
    // Wrong before: the second `reassign` handed the customer back to 王芳, the first rep they
    // refused, and spent her priority turn on them (3.10c: 原售楼员不再享有任何权益).
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    let first = desk.visit(&t("09:00"), "陈先生", &phone(1), &[]);
    assert_eq!(first["rep"], "王芳");
    let id = first["visit_id"].to_string();
    let second = desk.json(&t("09:10"), &["reassign", &id, "--reason", "态度"]);
    assert_eq!(second["rep"], "张伟");
    let id = second["visit_id"].to_string();
    let third = desk.json(&t("09:20"), &["reassign", &id, "--reason", "还是不满意"]);
    assert_eq!(third["rep"], "李娜", "neither refused rep");
    let customer = desk.json(&t("09:21"), &["customer", "show", &phone(1)]);
    assert_eq!(customer["owner"], "李娜");
    // 王芳 kept her priority turn for another customer.
    assert_eq!(desk.receives(&t("09:30"), "客二", &phone(2), &[]).0, "王芳");
    // With every other rep refused, nobody else can take the customer.
    let desk = Desk::office(&["王芳", "张伟"]);
    let first = desk.visit(&t("09:00"), "陈先生", &phone(1), &[]);
    let id = first["visit_id"].to_string();
    let second = desk.json(&t("09:10"), &["reassign", &id, "--reason", "态度"]);
    let id = second["visit_id"].to_string();
    desk.fails_with(1, &t("09:20"), &["reassign", &id, "--reason", "还是不满意"]);
}

#[test]
fn a_refused_owner_never_gets_the_customer_back() {
    // Wrong before: 王芳's customer refused her and then 张伟; the rotation's next turn went
    // to 王芳, and the customer was hers again.
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    desk.visit(
        "2026-11-20 10:00",
        "陈先生",
        &phone(1),
        &["--designate", "王芳"],
    );
    let back = desk.visit(&t("09:00"), "陈先生", &phone(1), &[]);
    assert_eq!(
        (back["rep"].as_str(), back["reason"].as_str()),
        (Some("王芳"), Some("returning"))
    );
    let id = back["visit_id"].to_string();
    let second = desk.json(&t("09:10"), &["reassign", &id, "--reason", "态度"]);
    let taker = second["rep"].as_str().unwrap().to_string();
    assert_ne!(taker, "王芳");
    let id = second["visit_id"].to_string();
    let third = desk.json(&t("09:20"), &["reassign", &id, "--reason", "还是不满意"]);
    assert!(
        third["rep"] != "王芳" && third["rep"] != taker.as_str(),
        "{third}"
    );
    let customer = desk.json(&t("09:21"), &["customer", "show", &phone(1)]);
    assert_eq!(customer["owner"], third["rep"]);
    // Back a week later: the customer is the last rep's, never 王芳's.
    desk.ok(
        "2026-11-30 08:00",
        &["roster", "set", "王芳", "张伟", "李娜"],
    );
    let later = desk.visit("2026-11-30 09:00", "陈先生", &phone(1), &[]);
    assert_ne!(later["rep"], "王芳", "{later}");
}

#[test]
fn retired_reps_never_receive() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    assert_eq!(
        desk.receives(&t("09:00"), "陈先生", &phone(1), &[]).0,
        "王芳"
    );
    desk.ok(&t("09:10"), &["rep", "retire", "王芳"]);
    let reps: Vec<String> = (2..6)
        .map(|i| {
            desk.receives(&t(&format!("09:2{i}")), "客", &phone(i), &[])
                .0
        })
        .collect();
    assert_eq!(reps, ["张伟", "李娜", "张伟", "李娜"]);
    // Her customer is free again: the rotation decides.
    assert_eq!(
        desk.receives(&t("09:30"), "陈先生", &phone(1), &[]),
        ("张伟".into(), "rotation".into())
    );
    let refused = desk.refused(
        &t("09:40"),
        &["visit", "客", "--phone", &phone(9), "--designate", "王芳"],
    );
    assert!(
        refused.contains("--designate: 王芳 is retired"),
        "{refused}"
    );
    let roster = desk.refused(
        &t("09:41"),
        &["roster", "set", "王芳", "张伟", "--date", "2026-11-24"],
    );
    assert!(roster.contains("\"王芳\" is retired"), "{roster}");
    // Not even a visit back-filled into a day when she was still on the roster.
    desk.ok(
        "2026-11-22 08:00",
        &["roster", "set", "张伟", "--date", "2026-11-22"],
    );
    let added = desk.sql().execute(
        "INSERT INTO roster (day, rep_id, seq) SELECT '2026-11-22', id, -1 FROM reps WHERE name = '王芳'",
        [],
    );
    assert_eq!(added.unwrap(), 1);
    assert_eq!(
        desk.receives("2026-11-22 17:00", "补录", &phone(8), &[]).0,
        "张伟"
    );
}

#[test]
fn every_assignment_stores_its_reason_code() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(
        "2026-11-10 09:00",
        &["roster", "set", "张伟", "--date", "2026-11-10"],
    );
    desk.visit("2026-11-10 09:05", "戊", &phone(5), &[]);
    desk.visit(&t("09:00"), "甲", &phone(1), &[]);
    desk.visit(&t("09:01"), "乙", &phone(2), &["--designate", "张伟"]);
    desk.visit(&t("09:02"), "丙", &phone(3), &["--brought-by", &phone(1)]);
    desk.visit(&t("09:03"), "甲", &phone(1), &[]);
    desk.visit(&t("09:04"), "丁", &phone(4), &["--call"]);
    desk.ok(&t("09:05"), &["roster", "away", "张伟"]);
    desk.visit(&t("09:06"), "戊", &phone(5), &[]);
    desk.ok(&t("09:07"), &["roster", "back", "张伟"]);
    let refused = desk.visit(&t("09:08"), "己", &phone(6), &[]);
    desk.ok(
        &t("09:09"),
        &[
            "reassign",
            &refused["visit_id"].to_string(),
            "--reason",
            "换人",
        ],
    );
    let csv = desk.ok(&t("18:00"), &["register", "--format", "csv"]);
    let reasons: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(7).unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "rotation",
            "designated",
            "brought",
            "returning",
            "call",
            "voluntary",
            "rotation",
            "reassigned"
        ]
    );
}

#[test]
fn a_registration_is_valid_through_the_same_day_next_month() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(
        "2026-11-02 09:00",
        &["roster", "set", "张伟", "--date", "2026-11-02"],
    );
    desk.visit("2026-11-02 09:05", "陈先生", &phone(1), &[]);
    desk.visit(
        "2026-11-02 09:06",
        "刘女士",
        &phone(2),
        &["--designate", "张伟"],
    );
    for day in ["2026-12-02", "2026-12-03"] {
        desk.ok(
            &format!("{day} 08:00"),
            &["roster", "set", "王芳", "张伟", "--date", day],
        );
    }
    // The last valid day: still 张伟's, though 王芳 heads the queue.
    assert_eq!(
        desk.receives("2026-12-02 17:00", "陈先生", &phone(1), &[]),
        ("张伟".into(), "returning".into())
    );
    // Last seen on 11-02, 刘女士's registration lapsed at the end of 12-02.
    assert_eq!(
        desk.receives("2026-12-03 09:00", "刘女士", &phone(2), &[]),
        ("王芳".into(), "rotation".into())
    );
}

#[test]
fn old_brings_new_follows_the_old_customers_rep() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    desk.ok(
        "2026-11-10 09:00",
        &["roster", "set", "李娜", "--date", "2026-11-10"],
    );
    desk.visit("2026-11-10 09:05", "老客", &phone(1), &[]);
    // The old customer came along without a visit of their own (7.5b): the friend goes to the
    // owner, who is on duty, and it is the owner's reception: 李娜 goes to the back.
    let first = desk.visit(
        &t("09:00"),
        "朋友一",
        &phone(2),
        &["--brought-by", &phone(1), "--together"],
    );
    assert_eq!(
        (
            first["rep"].as_str(),
            first["reason"].as_str(),
            first["turn"].as_bool()
        ),
        (Some("李娜"), Some("brought"), Some(true))
    );
    // The owner left the desk: the last present rep in the queue receives, with no turn.
    desk.ok(&t("09:10"), &["roster", "away", "李娜"]);
    let friend = desk.visit(
        &t("09:11"),
        "朋友二",
        &phone(3),
        &["--brought-by", &phone(1), "--together"],
    );
    assert_eq!(
        (friend["rep"].as_str(), friend["turn"].as_bool()),
        (Some("张伟"), Some(false))
    );
    desk.ok(&t("09:12"), &["roster", "back", "李娜"]);
    // The old customer did not come (7.5c): a new customer like any other, by the rotation.
    let sent = desk.visit(
        &t("09:13"),
        "朋友三",
        &phone(4),
        &["--brought-by", &phone(1)],
    );
    assert_eq!(
        (sent["rep"].as_str(), sent["reason"].as_str()),
        (Some("王芳"), Some("rotation"))
    );
    // An old customer nobody holds any more came along (5.4): the rotation decides too.
    desk.ok(
        "2026-09-01 09:00",
        &["roster", "set", "张伟", "--date", "2026-09-01"],
    );
    desk.visit("2026-09-01 09:05", "旧客", &phone(5), &[]);
    let pair = desk.visit(
        &t("09:20"),
        "朋友四",
        &phone(6),
        &["--brought-by", &phone(5), "--together"],
    );
    assert_eq!(
        (
            pair["rep"].as_str(),
            pair["reason"].as_str(),
            pair["turn"].as_bool()
        ),
        (Some("张伟"), Some("rotation"), Some(true))
    );
}

#[test]
fn a_visit_the_rep_declared_beforehand_is_theirs_though_the_old_customer_stays_home() {
    // 7.5a: the old customer phoned 李娜, who declared the visit and the time agreed.
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    desk.ok(
        "2026-11-10 09:00",
        &["roster", "set", "李娜", "--date", "2026-11-10"],
    );
    desk.visit("2026-11-10 09:05", "老客", &phone(1), &[]);
    let stderr = desk.refused(
        "2026-11-22 18:00",
        &[
            "announce",
            &phone(1),
            "--rep",
            "王芳",
            "--expected",
            "2026-11-23 15:00",
        ],
    );
    assert!(
        stderr.contains("李娜's customer") && stderr.contains("7.5a"),
        "{stderr}"
    );
    let stderr = desk.refused(
        "2026-11-23 16:00",
        &[
            "announce",
            &phone(1),
            "--rep",
            "李娜",
            "--expected",
            "2026-11-23 15:00",
        ],
    );
    assert!(
        stderr.contains("--expected") && stderr.contains("has passed"),
        "{stderr}"
    );
    let declared = desk.json(
        "2026-11-22 18:00",
        &[
            "announce",
            &phone(1),
            "--rep",
            "李娜",
            "--expected",
            "2026-11-23 15:00",
        ],
    );
    assert_eq!(declared["rep"], "李娜");
    let friend = desk.visit(&t("15:05"), "朋友", &phone(2), &["--brought-by", &phone(1)]);
    assert_eq!(
        (
            friend["rep"].as_str(),
            friend["reason"].as_str(),
            friend["turn"].as_bool()
        ),
        (Some("李娜"), Some("brought"), Some(true))
    );
    // Another friend the old customer sends on a day nobody declared: the rotation decides.
    desk.ok(
        "2026-11-24 08:00",
        &["roster", "set", "王芳", "张伟", "李娜"],
    );
    let other = desk.visit(
        "2026-11-24 10:00",
        "朋友二",
        &phone(3),
        &["--brought-by", &phone(1)],
    );
    assert_eq!(
        (other["rep"].as_str(), other["reason"].as_str()),
        (Some("王芳"), Some("rotation"))
    );
}

#[test]
fn old_brings_new_skips_a_rep_who_left_the_desk() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    assert_eq!(desk.receives(&t("09:00"), "老客", &phone(1), &[]).0, "王芳");
    desk.ok(
        &t("09:30"),
        &["roster", "away", "王芳", "--reason", "absent"],
    );
    // 王芳 received and owns the old customer but left the desk: the last present rep receives.
    assert_eq!(
        desk.receives(&t("09:31"), "朋友", &phone(2), &["--brought-by", &phone(1)])
            .0,
        "李娜"
    );
    desk.ok(&t("09:40"), &["roster", "back", "王芳"]);
    desk.ok(&t("09:41"), &["roster", "away", "王芳", "--reason", "busy"]);
    // Busy with a customer is not there either (3.9: 不得以任何理由中断正在接待的客户): the
    // last present rep receives for her, and the friend is hers.
    let friend = desk.visit(
        &t("09:42"),
        "朋友二",
        &phone(3),
        &["--brought-by", &phone(1)],
    );
    assert_eq!(
        (friend["rep"].as_str(), friend["reason"].as_str()),
        (Some("李娜"), Some("voluntary"))
    );
    assert_eq!(
        desk.json(&t("09:43"), &["customer", "show", &phone(3)])["owner"],
        "王芳"
    );
}

#[test]
fn a_caller_who_walks_in_is_a_new_customer() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "来电客", &phone(1), &["--call"]);
    assert_eq!(
        desk.visit(&t("10:00"), "来电客", &phone(1), &[])["new_customer"],
        true
    );
    assert_eq!(
        desk.visit(&t("11:00"), "来电客", &phone(1), &[])["new_customer"],
        false
    );
}

#[test]
fn full_width_phone_numbers_from_a_chinese_keyboard_are_accepted() {
    let desk = Desk::office(&["王芳"]);
    let visit = desk.visit(
        &t("09:00"),
        "陈先生",
        "１３８－１２３４－５６７８",
        &["--full-phone"],
    );
    assert_eq!(visit["phone"], "13812345678");
    assert_eq!(
        desk.visit(&t("09:10"), "陈先生", "13812345678", &[])["customer_id"],
        visit["customer_id"]
    );
}

#[test]
fn a_customer_who_refused_the_owner_stays_with_the_new_rep() {
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    desk.ok(
        "2026-11-22 09:00",
        &["roster", "set", "王芳", "--date", "2026-11-22"],
    );
    desk.visit("2026-11-22 09:05", "陈先生", &phone(1), &[]);
    let returning = desk.visit(&t("09:00"), "陈先生", &phone(1), &[]);
    assert_eq!(
        (returning["rep"].as_str(), returning["reason"].as_str()),
        (Some("王芳"), Some("returning"))
    );
    let id = returning["visit_id"].to_string();
    let taken = desk.json(&t("09:10"), &["reassign", &id, "--reason", "换人"]);
    assert_eq!(
        (taken["rep"].as_str(), taken["owner"].as_str()),
        (Some("张伟"), Some("张伟"))
    );
    // A returning reception used no turn, so the refused owner is owed none.
    let roster = desk.json(&t("09:11"), &["roster", "show"]);
    assert!(
        roster
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["priority_owed"] == 0),
        "{roster}"
    );
    assert_eq!(
        desk.receives(&t("10:00"), "陈先生", &phone(1), &[]),
        ("张伟".into(), "returning".into())
    );
}

#[test]
fn reassign_is_for_todays_receptions_with_someone_else_at_the_desk() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.ok(
        "2026-11-22 09:00",
        &["roster", "set", "王芳", "--date", "2026-11-22"],
    );
    let yesterday = desk.visit("2026-11-22 09:05", "陈先生", &phone(1), &[]);
    let stderr = desk.refused(
        &t("09:00"),
        &[
            "reassign",
            &yesterday["visit_id"].to_string(),
            "--reason",
            "x",
        ],
    );
    assert!(stderr.contains("is from 2026-11-22"), "{stderr}");
    let today = desk.visit(&t("09:05"), "刘女士", &phone(2), &[]);
    desk.ok(&t("09:06"), &["roster", "away", "张伟"]);
    let stderr = desk.fails_with(
        1,
        &t("09:07"),
        &["reassign", &today["visit_id"].to_string(), "--reason", "x"],
    );
    assert!(stderr.contains("nobody but 王芳"), "{stderr}");
    let call = desk.visit(
        &t("09:08"),
        "来电",
        &phone(3),
        &["--call", "--designate", "王芳"],
    );
    let stderr = desk.refused(
        &t("09:09"),
        &["reassign", &call["visit_id"].to_string(), "--reason", "x"],
    );
    assert!(stderr.contains("is a call"), "{stderr}");
}

#[test]
fn bad_input_names_the_field_exits_2_and_writes_nothing() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "陈先生", &phone(1), &[]);
    let cases: &[(&[&str], &str)] = &[
        (&["visit", "客", "--phone", "12345"], "--phone"),
        (&["visit", "客", "--phone", "1381234567x"], "--phone"),
        (&["visit", "  ", "--phone", "13900000000"], "NAME"),
        (
            &[
                "visit",
                "客",
                "--phone",
                "13900000000",
                "--designate",
                "无名",
            ],
            "--designate",
        ),
        (
            &["visit", "客", "--phone", "13900000000", "--channel", "fax"],
            "--channel",
        ),
        (
            &["visit", "客", "--phone", "13900000000", "--age", "old"],
            "--age",
        ),
        (&["reassign", "999", "--reason", "x"], "VISIT_ID"),
        (&["reassign", "abc", "--reason", "x"], "VISIT_ID"),
        (&["reassign", "1", "--reason", " "], "--reason"),
    ];
    for (args, field) in cases {
        let stderr = desk.refused(&t("09:30"), args);
        assert!(
            stderr.contains(field),
            "{args:?} should name {field}: {stderr}"
        );
    }
    let stderr = desk.refused("2026-11-23 9h30", &["roster", "show"]);
    assert!(stderr.contains("--at"), "{stderr}");
    // The designate error lists who can be named.
    let stderr = desk.refused(
        &t("09:31"),
        &[
            "visit",
            "客",
            "--phone",
            "13900000000",
            "--designate",
            "无名",
        ],
    );
    assert!(stderr.contains("reps: 王芳"), "{stderr}");
}

#[test]
fn without_a_roster_the_clerk_is_told_what_to_type_and_nothing_is_written() {
    let desk = Desk::new();
    desk.ok(&t("08:00"), &["rep", "add", "王芳"]);
    let stderr = desk.fails_with(1, &t("09:00"), &["visit", "客", "--phone", &phone(1)]);
    assert!(stderr.contains("roster set"), "{stderr}");
    desk.ok(&t("09:00"), &["roster", "set", "王芳"]);
    desk.ok(&t("09:01"), &["roster", "away", "王芳"]);
    let stderr = desk.fails_with(1, &t("09:02"), &["visit", "客", "--phone", &phone(1)]);
    assert!(stderr.contains("roster back"), "{stderr}");
    // A designated visitor needs no queue.
    assert_eq!(
        desk.receives(&t("09:03"), "客", &phone(1), &["--designate", "王芳"])
            .0,
        "王芳"
    );
}

#[test]
fn eight_clerks_at_once_never_hand_out_a_turn_twice() {
    let desk = Desk::office(&["王芳", "张伟", "李娜", "赵磊"]);
    let workers: Vec<_> = (0..8u32)
        .map(|worker| {
            let db = desk.db.clone();
            thread::spawn(move || {
                for i in 0..25u32 {
                    let phone = format!("139{worker:02}{i:06}");
                    let output = std::process::Command::new(env!("CARGO_BIN_EXE_salesdesk"))
                        .env_remove("SALESDESK_DB")
                        .arg("--db")
                        .arg(&db)
                        .args([
                            "--at",
                            "2026-11-23 10:00",
                            "visit",
                            "访客",
                            "--phone",
                            &phone,
                        ])
                        .output()
                        .expect("run salesdesk");
                    assert!(
                        output.status.success(),
                        "{}",
                        String::from_utf8_lossy(&output.stderr)
                    );
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("a clerk process failed");
    }
    assert_eq!(desk.count("SELECT count(*) FROM visits"), 200);
    assert_eq!(
        desk.count("SELECT count(*) FROM visits WHERE reason = 'rotation' AND turn = 1"),
        200
    );
    // In the order they were stored, turns went strictly round the queue: none was given twice.
    let conn = desk.sql();
    let reps: Vec<i64> = conn
        .prepare("SELECT rep_id FROM visits ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (index, rep) in reps.iter().enumerate() {
        assert_eq!(
            *rep,
            (index % 4) as i64 + 1,
            "turn {index} went to rep {rep}"
        );
    }
    let roster = desk.json(&t("11:00"), &["roster", "show"]);
    let turns: Vec<i64> = roster
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["turns"].as_i64().unwrap())
        .collect();
    let (min, max) = (turns.iter().min().unwrap(), turns.iter().max().unwrap());
    assert!(max - min <= 1, "{turns:?}");
}

/// Whether each of the day's register entries came on a referral that held.
fn referral_validity(desk: &Desk) -> Vec<serde_json::Value> {
    let register = desk.json(&t("18:00"), &["register"]);
    register
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["referral_valid"].clone())
        .collect()
}

#[test]
fn an_employee_referral_holds_only_on_its_day_once_confirmed() {
    let desk = Desk::office(&["王芳"]);
    for (n, day) in [(1, DAY), (2, "2026-11-22"), (3, DAY)] {
        desk.refer("2026-11-20 10:00", "客", &phone(n), "财务小李", day);
    }
    // Came on the day and confirmed on arrival: the referral holds.
    let on_time = desk.visit(&t("09:00"), "甲", &phone(1), &["--referrer", "财务小李"]);
    assert_eq!(on_time["referrer"], "财务小李");
    assert_eq!(on_time["referral_valid"], false, "not confirmed yet");
    desk.ok(
        &t("09:05"),
        &["referral", "confirm", &phone(1), "--by", "财务小李"],
    );
    // A day late: lapsed, and nothing left to confirm today.
    let late = desk.ok(&t("09:10"), &["visit", "乙", "--phone", &phone(2)]);
    assert!(
        late.contains("财务小李's referral was for 2026-11-22 and has lapsed"),
        "{late}"
    );
    desk.refused(
        &t("09:12"),
        &["referral", "confirm", &phone(2), "--by", "财务小李"],
    );
    // Came on the day but never confirmed.
    desk.visit(&t("09:20"), "丙", &phone(3), &[]);
    assert_eq!(
        referral_validity(&desk),
        [
            serde_json::json!(true),
            serde_json::json!(false),
            serde_json::json!(false)
        ]
    );
    // A referrer typed at the desk must be the one registered.
    let stderr = desk.refused(
        &t("09:30"),
        &["visit", "丁", "--phone", &phone(4), "--referrer", "小李"],
    );
    assert!(stderr.contains("referral add"), "{stderr}");
    // A call carries no referral: the referral is given when the customer comes.
    let stderr = desk.refused(
        &t("09:35"),
        &[
            "visit",
            "丁",
            "--phone",
            &phone(4),
            "--call",
            "--referrer",
            "财务小李",
        ],
    );
    assert!(
        stderr.contains("--referrer") && stderr.contains("a call carries none"),
        "{stderr}"
    );
    // A referral names a day to come, not one gone by.
    let stderr = desk.refused(
        &t("09:40"),
        &[
            "referral",
            "add",
            "戊",
            "--phone",
            &phone(5),
            "--referrer",
            "财务小李",
            "--day",
            "2026-11-22",
        ],
    );
    assert!(
        stderr.contains("--day") && stderr.contains("past"),
        "{stderr}"
    );
}

#[test]
fn a_referral_is_confirmed_on_arrival_or_ahead_never_once_the_customer_was_received_as_new() {
    let desk = Desk::office(&["王芳"]);
    for n in 1..=3 {
        desk.refer("2026-11-20 10:00", "客", &phone(n), "财务小李", DAY);
    }
    // One referral at a time: the first still stands for its day.
    let stderr = desk.refused(
        "2026-11-21 09:00",
        &[
            "referral",
            "add",
            "客",
            "--phone",
            &phone(1),
            "--referrer",
            "销售小张",
            "--day",
            DAY,
        ],
    );
    assert!(stderr.contains("already referred by 财务小李"), "{stderr}");
    // Called ahead in the morning: holds.
    desk.ok(
        &t("08:30"),
        &["referral", "confirm", &phone(1), "--by", "项目经理"],
    );
    desk.visit(&t("10:00"), "甲", &phone(1), &["--referrer", "财务小李"]);
    // Confirmed at the last minute of the grace: holds.
    desk.visit(&t("10:00"), "乙", &phone(2), &["--referrer", "财务小李"]);
    desk.ok(
        &t("10:30"),
        &["referral", "confirm", &phone(2), "--by", "财务小李"],
    );
    // A minute later the rep had received the customer as new: void, and refused.
    desk.visit(&t("10:00"), "丙", &phone(3), &["--referrer", "财务小李"]);
    let stderr = desk.refused(
        &t("10:31"),
        &["referral", "confirm", &phone(3), "--by", "财务小李"],
    );
    assert!(
        stderr.contains("arrived at 2026-11-23 10:00") && stderr.contains("30 minutes"),
        "{stderr}"
    );
    assert_eq!(
        referral_validity(&desk),
        [
            serde_json::json!(true),
            serde_json::json!(true),
            serde_json::json!(false)
        ]
    );
}

#[test]
fn the_referral_channel_and_an_old_brings_new_reception_keep_their_own_chinese_words() {
    let desk = Desk::office(&["王芳", "李娜"]);
    desk.ok(&t("09:00"), &["visit", "老客", "--phone", &phone(1)]);
    let csv = desk.ok(
        &t("09:05"),
        &[
            "--lang",
            "zh",
            "--format",
            "csv",
            "visit",
            "新客",
            "--phone",
            &phone(2),
            "--channel",
            "referral",
            "--brought-by",
            &phone(1),
        ],
    );
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cell = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(cell("渠道"), "介绍", "the channel: {csv}");
    assert_eq!(cell("原因"), "老带新", "the reason: {csv}");
}
