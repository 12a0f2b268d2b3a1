//! `handover`, `care due | done` and `repair`: the after-sales service (售后服务) of SPEC §10
//! through the binary — the check schedule from the handover, the due list, and a repair taken
//! through its revisit and rectification notice with the clocks the rules set.

use serde_json::Value;

use crate::harness::Desk;

const OWNER: &str = "13912345678";

/// A desk where 王 bought 5-2-1201 in deal 1.
fn sold() -> Desk {
    let desk = Desk::new();
    desk.ok("2026-01-05 08:00", &["rep", "add", "甲"]);
    desk.ok("2026-01-05 08:01", &["roster", "set", "甲"]);
    desk.visit("2026-01-05 09:00", "王", OWNER, &[]);
    desk.json(
        "2026-01-05 10:00",
        &["deal", OWNER, "--unit", "5-2-1201", "--price", "1000000"],
    );
    desk
}

fn dues(checks: &Value) -> Vec<(i64, String, String)> {
    checks
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {checks}"))
        .iter()
        .map(|c| {
            (
                c["months"].as_i64().unwrap(),
                c["due"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn due(months: i64, day: &str, status: &str) -> (i64, String, String) {
    (months, day.to_string(), status.to_string())
}

#[test]
fn a_handover_schedules_four_checks_with_the_month_end_rule() {
    let desk = sold();
    let checks = desk.json(
        "2026-02-02 09:00",
        &["handover", "1", "--date", "2026-01-31"],
    );
    assert_eq!(
        dues(&checks),
        [
            due(3, "2026-04-30", "due"),
            due(11, "2026-12-31", "due"),
            due(23, "2027-12-31", "due"),
            due(35, "2028-12-31", "due"),
        ]
    );
    assert_eq!(checks[0]["unit"], "5-2-1201");
    assert_eq!(checks[0]["phone"], "139****5678", "phones are masked");

    // The same unit again, by deal or by unit and phone: refused, naming the first handover.
    let again = desk.refused(
        "2026-02-03 09:00",
        &["handover", "1", "--date", "2026-02-01"],
    );
    assert!(again.contains("handed over on 2026-01-31"), "{again}");
    desk.refused(
        "2026-02-03 09:00",
        &[
            "handover",
            "5-2-1201",
            "--date",
            "2026-02-01",
            "--phone",
            OWNER,
        ],
    );
    // A unit with an unknown owner, a deal that does not exist, a date to come.
    let stranger = desk.refused(
        "2026-02-03 09:00",
        &[
            "handover",
            "7-1-101",
            "--date",
            "2026-02-01",
            "--phone",
            "13800000000",
        ],
    );
    assert!(stranger.contains("--phone"), "{stranger}");
    desk.refused(
        "2026-02-03 09:00",
        &["handover", "7-1-101", "--date", "2026-02-01"],
    );
    desk.refused(
        "2026-02-03 09:00",
        &["handover", "9", "--date", "2026-02-01"],
    );
    desk.refused(
        "2026-02-03 09:00",
        &["handover", "1", "--date", "2026-03-01"],
    );
    desk.refused(
        "2026-02-03 09:00",
        &["handover", "1", "--date", "31/01/2026"],
    );
}

#[test]
fn a_unit_without_a_deal_is_handed_over_to_a_known_customer() {
    let desk = sold();
    let checks = desk.json(
        "2026-03-01 09:00",
        &[
            "handover",
            "8-1-302",
            "--date",
            "2026-03-01",
            "--phone",
            OWNER,
        ],
    );
    assert_eq!(checks[0]["due"], "2026-06-01");
    assert_eq!(checks[0]["name"], "王");
}

#[test]
fn the_due_list_shows_a_check_in_range_then_overdue_until_it_is_done() {
    let desk = sold();
    desk.json(
        "2026-02-02 09:00",
        &["handover", "1", "--date", "2026-01-31"],
    );
    // Out of range a month ahead of its date, in range within 30 days, listed once.
    let early = desk.json("2026-03-20 09:00", &["care", "due"]);
    assert_eq!(dues(&early), []);
    let near = desk.json("2026-04-01 09:00", &["care", "due"]);
    assert_eq!(dues(&near), [due(3, "2026-04-30", "due")]);
    let wide = desk.json("2026-04-01 09:00", &["care", "due", "--within", "300"]);
    assert_eq!(
        dues(&wide),
        [due(3, "2026-04-30", "due"), due(11, "2026-12-31", "due")]
    );
    // Not overdue on its day, overdue the day after, and still on the plain due list.
    let on_the_day = desk.json("2026-04-30 17:00", &["care", "due", "--overdue"]);
    assert_eq!(dues(&on_the_day), []);
    let after = desk.json("2026-05-01 09:00", &["care", "due", "--overdue"]);
    assert_eq!(dues(&after), [due(3, "2026-04-30", "overdue")]);
    let check_id = after[0]["check_id"].as_i64().unwrap().to_string();
    assert_eq!(
        dues(&desk.json("2026-05-01 09:00", &["care", "due"])),
        [due(3, "2026-04-30", "overdue")]
    );

    // Bad results are refused and change nothing.
    desk.refused(
        "2026-05-02 09:00",
        &["care", "done", &check_id, "--by", "李", "--score", "6"],
    );
    desk.refused(
        "2026-05-02 09:00",
        &["care", "done", &check_id, "--by", "李", "--score", "0"],
    );
    desk.refused("2026-05-02 09:00", &["care", "done", "99", "--by", "李"]);
    desk.refused(
        "2026-05-02 09:00",
        &["care", "done", &check_id, "--by", " "],
    );
    desk.refused("2026-05-02 09:00", &["care", "due", "--within", "soon"]);

    let done = desk.json(
        "2026-05-02 09:00",
        &[
            "care",
            "done",
            &check_id,
            "--by",
            "李",
            "--score",
            "4",
            "--note",
            "墙面无裂缝",
        ],
    );
    assert_eq!(done["status"], "done");
    assert_eq!(
        dues(&desk.json("2026-05-02 09:00", &["care", "due", "--overdue"])),
        []
    );
    let twice = desk.refused(
        "2026-05-03 09:00",
        &["care", "done", &check_id, "--by", "李"],
    );
    assert!(twice.contains("done once"), "{twice}");
}

fn new_repair(desk: &Desk, at: &str, kind: &str) -> Value {
    desk.json(
        at,
        &[
            "repair",
            "new",
            "卫生间漏水",
            "--phone",
            OWNER,
            "--unit",
            "5-2-1201",
            "--kind",
            kind,
            "--appointment",
            "2026-11-26 14:00",
            "--name",
            "王",
        ],
    )
}

#[test]
fn a_leak_is_revisited_within_three_days_moved_past_the_weekend() {
    let desk = Desk::new();
    let booked = new_repair(&desk, "2026-11-25 10:00", "leak");
    assert_eq!(booked["status"], "booked");
    assert_eq!(booked["kind"], "leak");
    assert_eq!(booked["appointment"], "2026-11-26 14:00");
    assert_eq!(booked["revisit_due"], Value::Null);
    let id = booked["id"].as_i64().unwrap().to_string();

    // The appointment cannot be kept: another one, with the customer told.
    let moved = desk.json(
        "2026-11-26 13:00",
        &[
            "repair",
            "reschedule",
            &id,
            "--to",
            "2026-11-26 16:00",
            "--note",
            "已电话告知",
        ],
    );
    assert_eq!(moved["appointment"], "2026-11-26 16:00");

    // Done on Thursday 16:00: three days later is Sunday, moved to Monday's opening.
    let done = desk.json("2026-11-26 16:00", &["repair", "done", &id, "--by", "师傅"]);
    assert_eq!(done["status"], "done");
    assert_eq!(done["done_at"], "2026-11-26 16:00");
    assert_eq!(done["revisit_due"], "2026-11-30 09:00");
    let listed = |at: &str| -> Vec<i64> {
        desk.json(at, &["repair", "list", "--overdue"])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(listed("2026-11-30 08:59"), Vec::<i64>::new());
    assert_eq!(listed("2026-11-30 09:01"), vec![1]);

    // A revisit that finds a problem: the notice is due 24 clock hours later.
    let problem = desk.json(
        "2026-11-30 10:00",
        &[
            "repair",
            "revisit",
            &id,
            "--by",
            "张主任",
            "--role",
            "director",
            "--score",
            "2",
            "--problem",
            "仍有渗水",
        ],
    );
    assert_eq!(problem["status"], "problem");
    assert_eq!(problem["notice_due"], "2026-12-01 10:00");
    assert_eq!(problem["revisit_due"], Value::Null);
    assert_eq!(listed("2026-12-01 09:59"), Vec::<i64>::new());
    assert_eq!(listed("2026-12-01 10:01"), vec![1]);

    let notice = desk.json(
        "2026-12-01 09:00",
        &["repair", "notice", &id, "--by", "张主任"],
    );
    assert_eq!(notice["status"], "rectifying");
    assert_eq!(listed("2026-12-05 09:00"), Vec::<i64>::new());

    // Repaired again and revisited without a problem: closed, no longer open.
    desk.json("2026-12-02 10:00", &["repair", "done", &id]);
    let closed = desk.json(
        "2026-12-03 10:00",
        &[
            "repair", "revisit", &id, "--by", "李", "--role", "lead", "--score", "5",
        ],
    );
    assert_eq!(closed["status"], "revisited");
    assert_eq!(
        desk.json("2026-12-03 10:00", &["repair", "list", "--open"]),
        Value::Array(vec![])
    );
    let shown = desk.json("2026-12-03 10:00", &["repair", "show", &id]);
    let steps: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "reschedule",
            "done",
            "revisit_problem",
            "notice",
            "done",
            "revisit"
        ]
    );
    let refused = desk.refused("2026-12-04 10:00", &["repair", "done", &id]);
    assert!(refused.contains("revisited and closed"), "{refused}");
}

#[test]
fn a_friday_repair_before_a_holiday_monday_is_revisited_on_tuesday() {
    let desk = Desk::new();
    desk.ok("2026-11-20 08:00", &["calendar", "holiday", "2026-11-30"]);
    let id = new_repair(&desk, "2026-11-25 10:00", "leak")["id"]
        .as_i64()
        .unwrap()
        .to_string();
    // Friday 15:00 plus three days is Monday 15:00, a holiday: Tuesday's opening.
    let done = desk.json("2026-11-27 15:00", &["repair", "done", &id]);
    assert_eq!(done["revisit_due"], "2026-12-01 09:00");
    // A safety repair is revisited within two days, a general one within seven.
    let safety = new_repair(&desk, "2026-11-25 10:00", "safety")["id"]
        .as_i64()
        .unwrap();
    let general = new_repair(&desk, "2026-11-25 10:00", "general")["id"]
        .as_i64()
        .unwrap();
    let due = |id: i64| {
        desk.json("2026-11-25 11:00", &["repair", "done", &id.to_string()])["revisit_due"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(due(safety), "2026-11-27 11:00");
    assert_eq!(due(general), "2026-12-02 11:00");
}

#[test]
fn steps_out_of_order_and_bad_input_are_refused_and_change_nothing() {
    let desk = Desk::new();
    let id = new_repair(&desk, "2026-11-25 10:00", "general")["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let at = "2026-11-25 11:00";
    let early = desk.refused(
        at,
        &["repair", "revisit", &id, "--by", "张", "--role", "lead"],
    );
    assert!(early.contains("allowed next: reschedule, done"), "{early}");
    let notice = desk.refused(at, &["repair", "notice", &id, "--by", "张"]);
    assert!(notice.contains("is booked"), "{notice}");
    desk.json(at, &["repair", "done", &id]);
    let notice = desk.refused(at, &["repair", "notice", &id, "--by", "张"]);
    assert!(notice.contains("revisit --problem"), "{notice}");
    desk.refused(
        at,
        &["repair", "reschedule", &id, "--to", "2026-11-26 10:00"],
    );

    let role = desk.refused(
        at,
        &["repair", "revisit", &id, "--by", "张", "--role", "boss"],
    );
    assert!(
        role.contains("--role") && role.contains("director, admin, lead"),
        "{role}"
    );
    for score in ["0", "6", "-1", "good"] {
        desk.refused(
            at,
            &[
                "repair", "revisit", &id, "--by", "张", "--role", "admin", "--score", score,
            ],
        );
    }
    desk.refused(
        at,
        &[
            "repair",
            "revisit",
            &id,
            "--by",
            "张",
            "--role",
            "admin",
            "--problem",
            " ",
        ],
    );
    desk.refused(at, &["repair", "done", "42"]);
    let before = desk.refused(
        "2026-11-25 10:59",
        &["repair", "revisit", &id, "--by", "张", "--role", "lead"],
    );
    assert!(before.contains("--at"), "{before}");
    desk.refused(at, &["repair", "show", "x"]);

    let new = |args: &[&str]| {
        let mut all = vec!["repair", "new", "门锁坏了", "--unit", "5-2-1201"];
        all.extend_from_slice(args);
        desk.refused(at, &all)
    };
    let kind = new(&["--phone", OWNER, "--kind", "roof"]);
    assert!(
        kind.contains("--kind") && kind.contains("safety, leak, general"),
        "{kind}"
    );
    new(&["--phone", "13800000000", "--kind", "general"]);
    new(&["--phone", "12", "--kind", "general"]);
    new(&[
        "--phone",
        OWNER,
        "--kind",
        "general",
        "--appointment",
        "tomorrow",
    ]);
    new(&[
        "--phone",
        OWNER,
        "--kind",
        "general",
        "--appointment",
        "2026-11-24 10:00",
    ]);
    new(&["--phone", OWNER, "--kind", "general", "--name", "李"]);
}

#[test]
fn the_history_of_after_sales_is_append_only() {
    let desk = sold();
    desk.json(
        "2026-02-02 09:00",
        &["handover", "1", "--date", "2026-01-31"],
    );
    new_repair(&desk, "2026-11-25 10:00", "leak");
    desk.json("2026-11-26 16:00", &["repair", "done", "1"]);
    let conn = desk.sql();
    for sql in [
        "UPDATE handovers SET handed_over = '2026-01-01'",
        "DELETE FROM quality_checks",
        "UPDATE repairs SET kind = 'general'",
        "DELETE FROM repair_events",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn the_repairs_report_counts_the_month_and_its_revisit_rates() {
    let desk = sold();
    // Ten repairs done in November; the director revisits one, administrators three and the
    // repair lead five: the lead's 50 % is short of 60 %.
    let roles = [
        "director", "admin", "admin", "admin", "lead", "lead", "lead", "lead", "lead",
    ];
    for n in 0..10 {
        let at = |hm: &str| format!("2026-11-{:02} {hm}", 2 + n);
        let new = desk.json(
            &at("09:00"),
            &[
                "repair",
                "new",
                "门铰链松动",
                "--phone",
                OWNER,
                "--unit",
                "5-2-1201",
                "--kind",
                "general",
            ],
        );
        let id = new["id"].to_string();
        desk.ok(&at("10:00"), &["repair", "done", &id, "--by", "师傅"]);
        if let Some(role) = roles.get(n) {
            let mut args = vec![
                "repair",
                "revisit",
                &id,
                "--by",
                "回访人",
                "--role",
                role,
                "--score",
                "4",
            ];
            if n == 0 {
                args.extend(["--problem", "铰链仍松"]);
            }
            desk.ok(&at("15:00"), &args);
        }
        if n == 0 {
            desk.ok(&at("16:00"), &["repair", "notice", &id, "--by", "主任"]);
        }
    }
    let report = desk.json(
        "2026-12-01 09:00",
        &["report", "repairs", "--month", "2026-11"],
    );
    let figures: Vec<Value> = [
        "received",
        "done",
        "revisited",
        "problems",
        "notices",
        "director_rate",
        "admin_rate",
        "lead_rate",
        "meets_rates",
    ]
    .iter()
    .map(|key| report[*key].clone())
    .collect();
    assert_eq!(
        figures,
        [
            serde_json::json!(10),
            serde_json::json!(10),
            serde_json::json!(9),
            serde_json::json!(1),
            serde_json::json!(1),
            serde_json::json!(0.1),
            serde_json::json!(0.3),
            serde_json::json!(0.5),
            serde_json::json!(false),
        ],
        "{report}"
    );
    let meets: Vec<bool> = report["revisit_rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["meets"].as_bool().unwrap())
        .collect();
    assert_eq!(meets, [true, true, false]);
    // The tenth repair is still waiting for its revisit, due seven days after it was done.
    assert_eq!(report["overdue"], 1, "{report}");
    let csv = desk.ok(
        "2026-12-01 09:00",
        &["report", "repairs", "--month", "2026-11", "--format", "csv"],
    );
    assert!(csv.starts_with("section,"), "{csv}");
}

#[test]
fn the_daily_report_shows_the_days_repairs_and_what_falls_due() {
    let desk = sold();
    desk.json(
        "2026-02-02 09:00",
        &["handover", "1", "--date", "2026-01-31"],
    );
    let leak = desk.json(
        "2026-04-27 09:00",
        &[
            "repair",
            "new",
            "厨房漏水",
            "--phone",
            OWNER,
            "--unit",
            "5-2-1201",
            "--kind",
            "leak",
        ],
    );
    desk.ok(
        "2026-04-27 11:00",
        &["repair", "done", &leak["id"].to_string(), "--by", "师傅"],
    );
    let received = desk.json(
        "2026-04-28 08:00",
        &["report", "daily", "--date", "2026-04-27"],
    );
    let repairs = received["repairs"].as_array().unwrap();
    assert_eq!(
        (repairs.len(), repairs[0]["kind"].as_str()),
        (1, Some("leak")),
        "{received}"
    );
    // Three days after 04-27 11:00 is 04-30, the day the 3-month check falls due too.
    let due = desk.json(
        "2026-05-01 08:00",
        &["report", "daily", "--date", "2026-04-30"],
    );
    let what: Vec<(&str, &str)> = due["falling_due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["what"].as_str().unwrap(), d["due"].as_str().unwrap()))
        .collect();
    assert_eq!(
        what,
        [("check", "2026-04-30"), ("revisit", "2026-04-30 11:00")],
        "{due}"
    );
}

#[test]
fn handovers_and_repairs_import_from_spreadsheets_once() {
    let desk = sold();
    let handovers = desk.path("交房.csv");
    std::fs::write(
        &handovers,
        format!(
            "房号,手机,姓名,交房日期\n5-2-1201,{OWNER},王,2026-01-31\n7-1-101,13700000001,李业主,2026-03-15\n"
        ),
    )
    .unwrap();
    let first = desk.json(
        "2026-11-23 09:00",
        &["import", "handovers", handovers.to_str().unwrap()],
    );
    assert_eq!(first["imported"], 2, "{first}");
    let again = desk.json(
        "2026-11-23 09:05",
        &["import", "handovers", handovers.to_str().unwrap()],
    );
    assert_eq!(
        (
            again["imported"].as_i64(),
            again["already_present"].as_i64()
        ),
        (Some(0), Some(2))
    );
    // Eight checks scheduled, the month-end rule kept.
    let checks = desk.json("2026-11-23 09:10", &["care", "due", "--within", "4000"]);
    assert_eq!(checks.as_array().unwrap().len(), 8, "{checks}");
    assert!(
        checks
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["due"] == "2026-04-30" && c["unit"] == "5-2-1201"),
        "{checks}"
    );
    // The same unit handed over on another day is a contradiction.
    let clash = desk.path("交房2.csv");
    std::fs::write(
        &clash,
        format!("房号,手机,交房日期\n5-2-1201,{OWNER},2026-02-01\n"),
    )
    .unwrap();
    let stderr = desk.refused(
        "2026-11-23 09:20",
        &["import", "handovers", clash.to_str().unwrap()],
    );
    assert!(stderr.contains("handed over on 2026-01-31"), "{stderr}");

    let repairs = desk.path("报修.csv");
    std::fs::write(
        &repairs,
        format!(
            "报修时间,姓名,房号,手机,维修内容,维修类别,约修日期\n\
             2026-11-20 09:30,王,5-2-1201,{OWNER},卫生间漏水,漏水,2026-11-20 14:00\n\
             2026-11-21 10:00,李业主,7-1-101,13700000001,门锁松动,一般维修,\n"
        ),
    )
    .unwrap();
    let imported = desk.json(
        "2026-11-23 09:30",
        &["import", "repairs", repairs.to_str().unwrap()],
    );
    assert_eq!(imported["imported"], 2, "{imported}");
    let again = desk.json(
        "2026-11-23 09:35",
        &["import", "repairs", repairs.to_str().unwrap()],
    );
    assert_eq!(again["already_present"], 2, "{again}");
    let shown = desk.json("2026-11-23 09:40", &["repair", "show", "1"]);
    assert_eq!(
        (shown["kind"].as_str(), shown["appointment"].as_str()),
        (Some("leak"), Some("2026-11-20 14:00"))
    );
    // An unknown kind names the column and what to type; nothing is written.
    let bad = desk.path("报修坏.csv");
    std::fs::write(
        &bad,
        format!(
            "报修时间,房号,手机,维修内容,维修类别\n2026-11-22 09:00,5-2-1201,{OWNER},灯坏,电工\n"
        ),
    )
    .unwrap();
    let stderr = desk.refused(
        "2026-11-23 09:50",
        &["import", "repairs", bad.to_str().unwrap()],
    );
    assert!(
        stderr.contains("维修类别") && stderr.contains("safety, leak, general"),
        "{stderr}"
    );
}

#[test]
fn a_notice_after_the_24_hours_is_recorded_as_late_and_counted_in_the_report() {
    let desk = Desk::new();
    let id = new_repair(&desk, "2026-11-25 10:00", "general")["id"]
        .as_i64()
        .unwrap()
        .to_string();
    desk.json("2026-11-26 16:00", &["repair", "done", &id, "--by", "师傅"]);
    let problem = [
        "repair",
        "revisit",
        &id,
        "--by",
        "张主任",
        "--role",
        "director",
        "--score",
        "2",
        "--problem",
        "仍有渗水",
    ];
    desk.json("2026-11-27 10:00", &problem);
    // Written a day and a half after the revisit: recorded, as late.
    let late = desk
        .command(
            "2026-11-28 22:00",
            &["repair", "notice", &id, "--by", "张主任"],
        )
        .output()
        .unwrap();
    assert!(late.status.success());
    let said = String::from_utf8_lossy(&late.stderr);
    assert!(
        said.contains("repair 1: the notice is recorded as late: it was due by 2026-11-28 10:00"),
        "{said}"
    );
    // The second round's notice comes in time.
    desk.json("2026-11-29 10:00", &["repair", "done", &id]);
    desk.json("2026-11-30 09:00", &problem);
    let in_time = desk
        .command(
            "2026-11-30 11:00",
            &["repair", "notice", &id, "--by", "张主任"],
        )
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&in_time.stderr).contains("late"));
    let shown = desk.json("2026-12-01 10:00", &["repair", "show", &id]);
    let notices: Vec<bool> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["step"] == "notice")
        .map(|e| e["late"].as_bool().unwrap())
        .collect();
    assert_eq!(notices, [true, false]);
    let report = desk.json(
        "2026-12-01 10:00",
        &["report", "repairs", "--month", "2026-11"],
    );
    assert_eq!(report["notices"], 2, "{report}");
    assert_eq!(report["late_notices"], 1, "{report}");
}

#[test]
fn a_handover_is_voided_with_its_checks_and_never_dated_before_its_deal() {
    let desk = sold();
    // Deal 1 closed on 2026-01-05: a handover dated before it is refused.
    let early = desk.refused(
        "2026-03-01 09:00",
        &["handover", "1", "--date", "2026-01-04"],
    );
    assert!(
        early.contains("before deal 1 sold the unit (2026-01-05)"),
        "{early}"
    );
    // So is an imported one.
    let sheet = desk.path("交房.csv");
    std::fs::write(
        &sheet,
        format!("房号,手机,交房日期\n05-02-1201,{OWNER},2026-01-02\n"),
    )
    .unwrap();
    let imported = desk.refused(
        "2026-03-01 09:00",
        &["import", "handovers", sheet.to_str().unwrap()],
    );
    assert!(
        imported.contains("before deal 1 sold the unit (2026-01-05)"),
        "{imported}"
    );
    desk.ok(
        "2026-03-01 09:00",
        &["handover", "1", "--date", "2026-02-27"],
    );
    assert_eq!(
        dues(&desk.json("2026-03-01 09:05", &["care", "due", "--within", "400"])).len(),
        2
    );
    // The deal cannot be voided while its unit stands handed over.
    let held = desk.refused(
        "2026-03-01 09:10",
        &["deal", "void", "1", "--reason", "退房", "--by", "经理"],
    );
    assert!(held.contains("handover void 5-2-1201"), "{held}");
    let none = desk.refused(
        "2026-03-01 09:10",
        &[
            "handover", "void", "5-2-1202", "--reason", "录错", "--by", "客服",
        ],
    );
    assert!(none.contains("5-2-1202 has no handover in force"), "{none}");
    let voided = desk.ok(
        "2026-03-01 09:10",
        &[
            "handover",
            "void",
            "05－02－1201",
            "--reason",
            "日期录错",
            "--by",
            "客服",
        ],
    );
    assert!(
        voided.contains("handover 1 of 5-2-1201 voided by 客服 (日期录错) with its 4 checks"),
        "{voided}"
    );
    // Its checks went with it; the unit is handed over again on the right day.
    assert_eq!(
        dues(&desk.json("2026-03-01 09:15", &["care", "due", "--within", "400"])).len(),
        0
    );
    desk.ok(
        "2026-03-01 09:20",
        &["handover", "1", "--date", "2026-02-28"],
    );
    let checks = dues(&desk.json("2026-03-01 09:25", &["care", "due", "--within", "400"]));
    assert_eq!(checks[0], due(3, "2026-05-28", "due"));
    assert_eq!(
        desk.count("SELECT count(*) FROM handovers"),
        2,
        "the voided one is kept"
    );
}
