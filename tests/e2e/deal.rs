//! `deal`, `commission settle`, `referral`, `customer link`, `void`, `reassign --to` and
//! `report commission`: who owns a customer after a deal and who is paid for it, by seed 003
//! §1.7, §5, §6 and §7, through the binary.

use serde_json::{Value, json};

use crate::harness::{DAY, Desk, t};

fn phone(n: u32) -> String {
    format!("139{n:08}")
}

/// The shares of a deal as (party, role, share, rule).
fn shares(deal: &Value) -> Vec<(String, String, Value, String)> {
    deal["shares"]
        .as_array()
        .unwrap_or_else(|| panic!("no shares: {deal}"))
        .iter()
        .map(|s| {
            (
                s["party"].as_str().unwrap().to_string(),
                s["role"].as_str().unwrap().to_string(),
                s["share"].clone(),
                s["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Who received a visit, why, and whether it took a turn.
fn received(visit: &Value) -> (Option<&str>, Option<&str>, Option<bool>) {
    (
        visit["rep"].as_str(),
        visit["reason"].as_str(),
        visit["turn"].as_bool(),
    )
}

fn share(party: &str, role: &str, pct: i64, rule: &str) -> (String, String, Value, String) {
    (party.into(), role.into(), json!(pct), rule.into())
}

fn deal(desk: &Desk, at: &str, who: u32, unit: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "deal",
        Box::leak(phone(who).into_boxed_str()),
        "--unit",
        unit,
        "--price",
        "1000000",
    ];
    args.extend_from_slice(extra);
    desk.json(at, &args)
}

#[test]
fn a_buyer_belongs_to_the_closing_rep_for_good() {
    // Wrong before: registered by 甲 on 03-02 and an owner on 03-05, the customer who walked in
    // on 05-10 went to the rotation, and 丙 spent a turn on them.
    let desk = Desk::new();
    for rep in ["甲", "乙", "丙"] {
        desk.ok("2026-03-01 08:00", &["rep", "add", rep]);
    }
    desk.ok("2026-03-02 08:00", &["roster", "set", "甲", "乙", "丙"]);
    desk.visit("2026-03-02 10:00", "客", &phone(1), &[]);
    let sold = deal(&desk, "2026-03-05 15:00", 1, "5-2-1201", &[]);
    assert_eq!(sold["rep"], "甲");
    assert_eq!(shares(&sold), [share("甲", "rep", 100, "plain")]);
    desk.ok("2026-05-10 08:00", &["roster", "set", "丙", "甲", "乙"]);
    let back = desk.visit("2026-05-10 10:00", "客", &phone(1), &[]);
    assert_eq!(
        (back["rep"].as_str(), back["reason"].as_str()),
        (Some("甲"), Some("returning"))
    );
    assert_eq!(back["turn"], false);
    assert_eq!(back["valid_until"], Value::Null, "theirs for good");
    // With 甲 away, the last in the queue receives for 甲, and the customer stays 甲's.
    desk.ok("2026-05-10 10:30", &["roster", "away", "甲"]);
    let away = desk.visit("2026-05-10 11:00", "客", &phone(1), &[]);
    assert_eq!(
        (away["rep"].as_str(), away["reason"].as_str()),
        (Some("乙"), Some("voluntary"))
    );
    assert_eq!(away["owner"], "甲");
    // 更名 and 换房 change nothing (7.6).
    let id = sold["deal_id"].to_string();
    desk.ok(
        "2026-05-11 10:00",
        &["deal", "change", &id, "--unit", "5-2-1202"],
    );
    let renamed = desk.json(
        "2026-05-11 10:01",
        &["deal", "change", &id, "--name", "客与妻"],
    );
    assert_eq!(
        (renamed["unit"].as_str(), renamed["buyer"].as_str()),
        (Some("5-2-1202"), Some("客与妻"))
    );
    assert_eq!(shares(&renamed), [share("甲", "rep", 100, "plain")]);
    assert_eq!(
        desk.json("2026-06-20 10:00", &["customer", "show", &phone(1)])["owner"],
        "甲"
    );
}

#[test]
fn old_brings_new_with_the_owner_away_makes_the_new_customer_the_owners() {
    // Wrong before: 新客 went to the stand-in 丁 as owner; per 7.5 b the last rep in the queue
    // receives for 乙, and 新客 is 乙's.
    let desk = Desk::office(&["甲", "乙", "丙", "丁"]);
    desk.ok(&t("08:40"), &["roster", "set", "乙", "甲", "丙", "丁"]);
    desk.visit(&t("09:00"), "老客", &phone(1), &[]);
    desk.ok(&t("09:30"), &["roster", "away", "乙"]);
    let new = desk.visit(&t("10:00"), "新客", &phone(2), &["--brought-by", &phone(1)]);
    assert_eq!(received(&new), (Some("丁"), Some("voluntary"), Some(false)));
    assert_eq!(new["owner"], "乙");
    let shown = desk.json(&t("10:05"), &["customer", "show", &phone(2)]);
    assert_eq!(shown["owner"], "乙");
    // The stand-in did not spend a turn: the next new customer goes to the queue head.
    let next = desk.visit(&t("10:10"), "路人", &phone(3), &[]);
    assert_eq!(next["rep"], "甲");
    desk.ok(&t("10:20"), &["roster", "back", "乙"]);
    let again = desk.visit(&t("11:00"), "新客", &phone(2), &[]);
    assert_eq!(
        (again["rep"].as_str(), again["reason"].as_str()),
        (Some("乙"), Some("returning"))
    );
}

#[test]
fn a_referral_never_claims_a_customer_a_rep_registered_first() {
    // Wrong before: `visit 老客 --referrer 财务小王 --referral-day 2026-03-03` was stored with
    // referral_valid true for a customer 乙 registered on 03-02.
    let desk = Desk::new();
    for rep in ["甲", "乙"] {
        desk.ok("2026-03-01 08:00", &["rep", "add", rep]);
    }
    desk.ok("2026-03-02 08:00", &["roster", "set", "乙", "甲"]);
    desk.visit("2026-03-02 10:00", "老客", &phone(1), &[]);
    let stderr = desk.refused(
        "2026-03-02 18:00",
        &[
            "referral",
            "add",
            "老客",
            "--phone",
            &phone(1),
            "--referrer",
            "财务小王",
            "--day",
            "2026-03-03",
        ],
    );
    assert!(
        stderr.contains("registered by 乙") && stderr.contains("6.2.3"),
        "{stderr}"
    );
    desk.ok("2026-03-03 08:00", &["roster", "set", "乙", "甲"]);
    let stderr = desk.refused(
        "2026-03-03 10:00",
        &[
            "visit",
            "老客",
            "--phone",
            &phone(1),
            "--referrer",
            "财务小王",
        ],
    );
    assert!(stderr.contains("--referrer"), "{stderr}");
}

#[test]
fn a_referral_is_never_confirmed_for_a_customer_a_rep_registered_first() {
    // Wrong before: the customer came a day before the agreed day, 乙 received them by the
    // rotation, and `referral confirm` on the agreed day was taken (6.2.3).
    let desk = Desk::new();
    for rep in ["甲", "乙"] {
        desk.ok("2026-03-01 08:00", &["rep", "add", rep]);
    }
    desk.ok(
        "2026-03-01 09:00",
        &[
            "referral",
            "add",
            "新客",
            "--phone",
            &phone(1),
            "--referrer",
            "财务小王",
            "--day",
            "2026-03-03",
        ],
    );
    desk.ok("2026-03-02 08:00", &["roster", "set", "乙", "甲"]);
    desk.visit("2026-03-02 10:00", "新客", &phone(1), &[]);
    let confirm = ["referral", "confirm", &phone(1), "--by", "项目经理"];
    let stderr = desk.refused("2026-03-03 09:00", &confirm);
    assert!(
        stderr.contains("registered by 乙 at 2026-03-02 10:00") && stderr.contains("6.2.3"),
        "{stderr}"
    );
    let stderr = desk.refused_zh("2026-03-03 09:00", &confirm);
    assert!(stderr.contains("由 乙 登记"), "{stderr}");
}

#[test]
fn a_registered_visitor_never_becomes_a_company_client() {
    // Wrong before: `visit 老客 --company` set the flag on a customer registered long before.
    let desk = Desk::office(&["甲"]);
    desk.visit(
        "2026-11-02 10:00",
        "老客",
        &phone(1),
        &["--designate", "甲"],
    );
    let stderr = desk.refused(
        &t("10:00"),
        &["visit", "老客", "--phone", &phone(1), "--company"],
    );
    assert!(
        stderr.contains("registered by 甲 on 2026-11-02"),
        "{stderr}"
    );
    assert_eq!(
        desk.json(&t("10:01"), &["customer", "show", &phone(1)])["company"],
        false
    );
    // Nor can a deal call them one.
    let stderr = desk.refused(
        &t("11:00"),
        &[
            "deal",
            &phone(1),
            "--unit",
            "1-1-101",
            "--price",
            "900000",
            "--company",
            "introduced",
        ],
    );
    assert!(stderr.contains("not a company client"), "{stderr}");
}

#[test]
fn a_midway_designation_splits_seventy_thirty_unless_the_designated_rep_instigated_it() {
    let desk = Desk::office(&["甲", "乙", "丙"]);
    let first = desk.visit(&t("09:00"), "客", &phone(1), &[]);
    assert_eq!(first["rep"], "甲");
    let taken = desk.json(
        &t("09:20"),
        &[
            "reassign",
            &first["visit_id"].to_string(),
            "--to",
            "丙",
            "--approved-by",
            "销售经理",
        ],
    );
    assert_eq!(
        received(&taken),
        (Some("丙"), Some("designated"), Some(false))
    );
    assert_eq!(taken["owner"], "甲", "the first rep keeps the customer");
    let roster = desk.json(&t("09:21"), &["roster", "show"]);
    let turns: Vec<_> = roster
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["turns"].clone())
        .collect();
    assert_eq!(
        turns,
        [json!(0), json!(0), json!(1)],
        "甲 keeps the turn; 丙 spent none"
    );
    let sold = deal(&desk, &t("16:00"), 1, "1-1-101", &[]);
    assert_eq!(sold["rep"], "甲");
    assert_eq!(
        shares(&sold),
        [
            share("甲", "rep", 70, "midway-designation"),
            share("丙", "rep", 30, "midway-designation")
        ]
    );
    // The same, prompted by the designated rep: all of it to the first rep.
    let second = desk.visit(&t("10:00"), "客二", &phone(2), &[]);
    desk.ok(
        &t("10:10"),
        &[
            "reassign",
            &second["visit_id"].to_string(),
            "--to",
            "甲",
            "--approved-by",
            "销售经理",
            "--instigated",
        ],
    );
    let sold = deal(&desk, &t("16:10"), 2, "1-1-102", &[]);
    assert_eq!(
        shares(&sold),
        [share(
            sold["rep"].as_str().unwrap(),
            "rep",
            100,
            "midway-instigated"
        )]
    );
}

#[test]
fn a_returning_customer_who_asks_for_another_rep_stays_the_first_reps() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.visit("2026-11-20 10:00", "客", &phone(1), &["--designate", "甲"]);
    let back = desk.visit(&t("09:00"), "客", &phone(1), &[]);
    assert_eq!(back["reason"], "returning");
    let other = desk.json(
        &t("09:10"),
        &[
            "reassign",
            &back["visit_id"].to_string(),
            "--to",
            "乙",
            "--approved-by",
            "销售经理",
        ],
    );
    assert_eq!(
        (other["rep"].as_str(), other["reason"].as_str()),
        (Some("乙"), Some("voluntary"))
    );
    let sold = deal(&desk, &t("15:00"), 1, "2-1-101", &[]);
    assert_eq!(
        shares(&sold),
        [share("甲", "rep", 100, "returning-designation")]
    );
}

#[test]
fn a_returning_customer_who_designates_another_rep_at_the_desk_needs_the_sales_manager() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.visit("2026-11-20 10:00", "客", &phone(1), &["--designate", "甲"]);
    let stderr = desk.refused(
        &t("09:00"),
        &["visit", "客", "--phone", &phone(1), "--designate", "乙"],
    );
    assert!(
        stderr.contains("甲's customer") && stderr.contains("--approved-by"),
        "{stderr}"
    );
    let other = desk.visit(
        &t("09:05"),
        "客",
        &phone(1),
        &["--designate", "乙", "--approved-by", "销售经理"],
    );
    assert_eq!(
        received(&other),
        (Some("乙"), Some("voluntary"), Some(false))
    );
    assert_eq!(other["owner"], "甲", "the customer stays 甲's");
    let sold = deal(&desk, &t("15:00"), 1, "2-2-101", &[]);
    assert_eq!(sold["rep"], "甲");
    assert_eq!(shares(&sold), [share("甲", "rep", 100, "plain")]);
    // Nobody else needs the sales manager.
    let stderr = desk.refused(
        &t("09:10"),
        &[
            "visit",
            "新客",
            "--phone",
            &phone(2),
            "--designate",
            "乙",
            "--approved-by",
            "销售经理",
        ],
    );
    assert!(stderr.contains("leave out --approved-by"), "{stderr}");
}

#[test]
fn company_clients_pay_the_pool_as_the_company_brought_them() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.visit(&t("09:00"), "公司客", &phone(1), &["--company"]);
    let introduced = deal(&desk, &t("15:00"), 1, "3-1-101", &[]);
    assert_eq!(
        shares(&introduced),
        [
            share("甲", "rep", 70, "company-introduced"),
            share("公佣", "pool", 30, "company-introduced")
        ]
    );
    // A leader designated the rep: a voluntary reception, all to the pool (6.1.2).
    desk.visit(
        &t("09:10"),
        "领导客",
        &phone(2),
        &["--company", "--designate", "乙", "--leader", "李总"],
    );
    let led = deal(&desk, &t("15:10"), 2, "3-1-102", &[]);
    assert_eq!(
        shares(&led),
        [share("公佣", "pool", 100, "leader-designated")]
    );
    // Arranged by the company without a visit: the rep who follows up gets 30 %, or nobody.
    let arranged = desk.json(
        &t("15:20"),
        &[
            "deal",
            &phone(3),
            "--name",
            "安排客",
            "--unit",
            "3-1-103",
            "--price",
            "1000000",
            "--company",
            "arranged",
            "--rep",
            "乙",
        ],
    );
    assert_eq!(
        shares(&arranged),
        [
            share("乙", "rep", 30, "company-arranged"),
            share("公佣", "pool", 70, "company-arranged")
        ]
    );
    let staff = desk.json(
        &t("15:30"),
        &[
            "deal",
            &phone(4),
            "--name",
            "员工跟进客",
            "--unit",
            "3-1-104",
            "--price",
            "1000000",
            "--company",
            "arranged-staff",
        ],
    );
    assert_eq!(
        shares(&staff),
        [share("公佣", "pool", 100, "company-arranged-staff")]
    );
}

#[test]
fn a_confirmed_referral_pays_the_referrer_thirty_percent() {
    let desk = Desk::office(&["甲"]);
    desk.refer("2026-11-20 10:00", "介绍客", &phone(1), "财务小王", DAY);
    desk.visit(&t("09:00"), "介绍客", &phone(1), &[]);
    desk.ok(
        &t("09:05"),
        &["referral", "confirm", &phone(1), "--by", "项目经理"],
    );
    let sold = deal(&desk, &t("15:00"), 1, "4-1-101", &[]);
    assert_eq!(
        shares(&sold),
        [
            share("财务小王", "referrer", 30, "referral"),
            share("甲", "rep", 70, "referral")
        ]
    );
    // Unconfirmed, the referral does not hold: the rep's alone.
    desk.refer("2026-11-20 10:00", "未确认", &phone(2), "财务小王", DAY);
    desk.visit(&t("09:30"), "未确认", &phone(2), &[]);
    let plain = deal(&desk, &t("15:10"), 2, "4-1-102", &[]);
    assert_eq!(shares(&plain), [share("甲", "rep", 100, "plain")]);
}

#[test]
fn roles_recorded_with_one_rep_do_not_follow_the_customer_to_the_next() {
    // A confirmed referral, a midway designation and a leader's designation all came with 甲;
    // the registrations lapsed, 乙 registered the customers afresh and closed. The old roles
    // were about 甲's reception, not 乙's deal.
    let desk = Desk::office(&["甲", "乙", "丙"]);
    desk.refer("2026-11-20 10:00", "介绍客", &phone(1), "财务小王", DAY);
    let first = desk.visit(&t("09:00"), "介绍客", &phone(1), &[]);
    assert_eq!(first["rep"], "甲");
    desk.ok(
        &t("09:05"),
        &["referral", "confirm", &phone(1), "--by", "财务小王"],
    );
    desk.ok(
        &t("09:20"),
        &[
            "reassign",
            &first["visit_id"].to_string(),
            "--to",
            "丙",
            "--approved-by",
            "销售经理",
        ],
    );
    desk.visit(
        &t("09:30"),
        "领导客",
        &phone(2),
        &["--company", "--designate", "甲", "--leader", "李总"],
    );
    let later = "2027-02-01";
    desk.ok(&format!("{later} 08:00"), &["roster", "set", "乙"]);
    for n in [1, 2] {
        let again = desk.visit(&format!("{later} 09:0{n}"), "客", &phone(n), &[]);
        assert_eq!(
            (again["rep"].as_str(), again["reason"].as_str()),
            (Some("乙"), Some("rotation"))
        );
    }
    let referred = deal(&desk, &format!("{later} 15:00"), 1, "8-1-101", &[]);
    assert_eq!(shares(&referred), [share("乙", "rep", 100, "plain")]);
    let led = deal(&desk, &format!("{later} 15:10"), 2, "8-1-102", &[]);
    assert_eq!(
        shares(&led),
        [
            share("乙", "rep", 70, "company-introduced"),
            share("公佣", "pool", 30, "company-introduced")
        ]
    );
}

#[test]
fn spouses_registered_by_two_reps_share_the_deal() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.visit(&t("09:00"), "刘女士", &phone(1), &[]);
    desk.visit(&t("10:00"), "刘先生", &phone(2), &[]);
    desk.ok(
        &t("10:30"),
        &["customer", "set", &phone(1), "--spouse", &phone(2)],
    );
    let sold = deal(&desk, &t("15:00"), 1, "5-1-101", &[]);
    assert_eq!(
        shares(&sold),
        [
            share("甲", "rep", 50, "spouses"),
            share("乙", "rep", 50, "spouses")
        ]
    );
}

#[test]
fn a_customer_who_forgot_their_rep_is_settled_by_when_they_were_recognised() {
    // 甲 registered the customer under one phone on 11-10; on 11-20 they came back under another
    // and 乙 registered them again.
    let desk = Desk::new();
    for rep in ["甲", "乙"] {
        desk.ok("2026-11-01 08:00", &["rep", "add", rep]);
    }
    let mut n = 0;
    let mut scenario = |link: Option<&str>, deal_at: &str, link_after_deal: bool| -> Value {
        n += 2;
        let (first, second) = (phone(n), phone(n + 1));
        desk.ok(
            "2026-11-10 08:00",
            &["roster", "set", "甲", "乙", "--date", "2026-11-10"],
        );
        desk.ok("2026-11-10 08:00", &["roster", "set", "甲", "乙"]);
        desk.visit(
            "2026-11-10 10:00",
            "忘记的客",
            &first,
            &["--designate", "甲"],
        );
        desk.ok("2026-11-20 08:00", &["roster", "set", "乙", "甲"]);
        desk.visit(
            "2026-11-20 10:00",
            "忘记的客",
            &second,
            &["--designate", "乙"],
        );
        let linking = |at: &str| {
            desk.ok(at, &["customer", "link", &second, &first, "--by", "前台"]);
        };
        if let (Some(at), false) = (link, link_after_deal) {
            linking(at);
        }
        let args = [
            "deal",
            second.as_str(),
            "--unit",
            &format!("6-1-{n}"),
            "--price",
            "1000000",
        ];
        let sold = desk.json(deal_at, &args);
        if let (Some(at), true) = (link, link_after_deal) {
            linking(at);
            return desk.json(at, &["deal", "show", &sold["deal_id"].to_string()]);
        }
        sold
    };
    let same_day = scenario(Some("2026-11-20 11:00"), "2026-11-21 10:00", false);
    assert_eq!(
        shares(&same_day),
        [share("甲", "rep", 100, "forgot-same-day")]
    );
    let within = scenario(Some("2026-11-25 11:00"), "2026-11-26 10:00", false);
    assert_eq!(
        shares(&within),
        [
            share("甲", "rep", 50, "forgot-recognised"),
            share("乙", "rep", 50, "forgot-recognised")
        ]
    );
    // Recognised within the month of the second registration, after a deal on another day:
    // still halved, as 1.7 i has it.
    let after_deal = scenario(Some("2026-11-27 11:00"), "2026-11-26 10:00", true);
    assert_eq!(
        shares(&after_deal),
        [
            share("甲", "rep", 50, "forgot-recognised"),
            share("乙", "rep", 50, "forgot-recognised")
        ]
    );
    // Closed on the spot, before anyone recognised them: 乙's (h).
    let on_the_spot = scenario(Some("2026-11-20 11:00"), "2026-11-20 10:30", true);
    assert_eq!(
        shares(&on_the_spot),
        [share("乙", "rep", 100, "forgot-not-recognised")]
    );
    // Not recognised within the month: 乙's (j).
    let later = scenario(Some("2026-12-25 11:00"), "2026-11-26 10:00", true);
    assert_eq!(shares(&later), [share("乙", "rep", 100, "forgot-later")]);
}

#[test]
fn a_deal_two_rules_claim_waits_for_the_project_managers_settlement() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.refer("2026-11-20 10:00", "公司介绍客", &phone(1), "财务小王", DAY);
    desk.visit(&t("09:00"), "公司介绍客", &phone(1), &["--company"]);
    desk.ok(
        &t("09:05"),
        &["referral", "confirm", &phone(1), "--by", "财务小王"],
    );
    let sold = deal(&desk, &t("15:00"), 1, "7-1-101", &[]);
    assert_eq!(sold["awaiting_settlement"], true);
    assert_eq!(shares(&sold), []);
    let id = sold["deal_id"].to_string();
    let report = desk.json(&t("18:00"), &["report", "commission", "--month", "2026-11"]);
    assert_eq!(report["awaiting_settlement"][0]["deal_id"], sold["deal_id"]);
    // Shares that do not add up to 100 are refused, and nothing is written.
    let stderr = desk.refused(
        &t("16:00"),
        &[
            "commission",
            "settle",
            &id,
            "--share",
            "甲=60",
            "--share",
            "pool=30",
            "--by",
            "项目经理",
            "--approved-by",
            "销售总监",
        ],
    );
    assert!(stderr.contains("add up to 90"), "{stderr}");
    desk.ok(
        &t("16:00"),
        &[
            "commission",
            "settle",
            &id,
            "--share",
            "甲=60",
            "--share",
            "referrer:财务小王=20",
            "--share",
            "pool=20",
            "--by",
            "项目经理",
            "--approved-by",
            "销售总监",
        ],
    );
    let settled = desk.json(&t("16:01"), &["deal", "show", &id]);
    assert_eq!(
        shares(&settled),
        [
            share("甲", "rep", 60, "settled"),
            share("财务小王", "referrer", 20, "settled"),
            share("公佣", "pool", 20, "settled"),
        ]
    );
    assert!(
        settled["split"]
            .as_str()
            .unwrap()
            .contains("settled by 项目经理, approved by 销售总监")
    );
}

#[test]
fn the_commission_report_lists_every_share_and_the_totals() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.visit(&t("09:00"), "客一", &phone(1), &[]);
    desk.visit(&t("09:10"), "客二", &phone(2), &[]);
    deal(&desk, &t("15:00"), 1, "8-1-101", &[]);
    deal(&desk, &t("15:10"), 2, "8-1-102", &[]);
    let report = desk.json(&t("18:00"), &["report", "commission", "--month", "2026-11"]);
    assert_eq!(report["report"], "commission");
    let rows = report["shares"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        for field in ["deal_id", "unit", "party", "role", "share", "rule"] {
            assert!(!row[field].is_null(), "{field} in {row}");
        }
    }
    let totals: Vec<(Value, Value)> = report["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["party"].clone(), t["share_total"].clone()))
        .collect();
    assert_eq!(
        totals,
        [(json!("乙"), json!(1.0)), (json!("甲"), json!(1.0))]
    );
    let csv = desk.ok(
        &t("18:00"),
        &[
            "report",
            "commission",
            "--month",
            "2026-11",
            "--format",
            "csv",
        ],
    );
    assert!(csv.starts_with("section,"), "{csv}");
    // The weekly report counts the deals.
    let weekly = desk.json(&t("18:00"), &["report", "weekly", "--week", DAY]);
    assert_eq!(weekly["totals"][0]["deals"], 2);
}

#[test]
fn a_voided_entry_stays_in_the_history_and_no_longer_counts() {
    let desk = Desk::office(&["甲", "乙"]);
    let real = desk.visit(&t("09:00"), "客", &phone(1), &[]);
    let wrong = desk.visit(&t("09:01"), "错客", &phone(2), &[]);
    assert_eq!(wrong["rep"], "乙", "the mistaken entry took 乙's turn");
    let id = wrong["visit_id"].to_string();
    let voided = desk.json(
        &t("09:02"),
        &["void", &id, "--reason", "录错人", "--by", "前台"],
    );
    assert_eq!(voided["turn_owed"], true);
    // 乙 has the turn back: the next new customer is 乙's, before the queue head.
    assert_eq!(desk.visit(&t("09:10"), "新客", &phone(3), &[])["rep"], "乙");
    let register = desk.json(&t("18:00"), &["register"]);
    let voids: Vec<_> = register
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["voided"].clone())
        .collect();
    assert_eq!(voids, [json!(false), json!(true), json!(false)]);
    let shown = desk.json(&t("18:00"), &["customer", "show", &phone(2)]);
    assert_eq!(shown["owner"], Value::Null);
    // Wrong before: the customer file showed the voided entry like any other (7.2).
    assert_eq!(shown["history"][0]["voided"], true, "{shown}");
    let table = desk.ok(&t("18:00"), &["customer", "show", &phone(2)]);
    assert!(table.contains("Voided"), "{table}");
    let daily = desk.json("2026-11-24 08:00", &["report", "daily"]);
    let visits: i64 = daily["visits_by_rep"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["visits"].as_i64().unwrap())
        .sum();
    assert_eq!(visits, 2);
    // A voided entry is not voided twice; a real one stays.
    let stderr = desk.refused(
        &t("18:05"),
        &["void", &id, "--reason", "again", "--by", "前台"],
    );
    assert!(stderr.contains("voided by 前台"), "{stderr}");
    assert_eq!(real["rep"], "甲");
}

#[test]
fn bad_input_exits_2_and_changes_nothing() {
    let desk = Desk::office(&["甲"]);
    desk.visit(&t("09:00"), "客", &phone(1), &[]);
    deal(&desk, &t("15:00"), 1, "9-1-101", &[]);
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["deal".into(), "show".into(), "99".into()],
            "no deal 99",
        ),
        (
            vec![
                "commission".into(),
                "settle".into(),
                "1".into(),
                "--share".into(),
                "甲=150".into(),
                "--by".into(),
                "项目经理".into(),
                "--approved-by".into(),
                "销售总监".into(),
            ],
            "not a percentage",
        ),
        (
            vec![
                "commission".into(),
                "settle".into(),
                "1".into(),
                "--share".into(),
                "某人=100".into(),
                "--by".into(),
                "项目经理".into(),
                "--approved-by".into(),
                "销售总监".into(),
            ],
            "not a rep",
        ),
        (
            vec![
                "commission".into(),
                "settle".into(),
                "1".into(),
                "--share".into(),
                "甲=100".into(),
                "--by".into(),
                "项目经理".into(),
                "--approved-by".into(),
                "销售总监".into(),
            ],
            "the rules settle deal 1 already (plain",
        ),
        (
            vec![
                "deal".into(),
                "change".into(),
                "1".into(),
                "--unit".into(),
                "9-1-101".into(),
            ],
            "deal 1 holds 9-1-101 already",
        ),
        (
            vec![
                "deal".into(),
                "change".into(),
                "1".into(),
                "--name".into(),
                "客".into(),
            ],
            "in the name of 客 already",
        ),
        (
            vec![
                "customer".into(),
                "link".into(),
                phone(1),
                phone(1),
                "--by".into(),
                "前台".into(),
            ],
            "same phone",
        ),
        (
            vec![
                "deal".into(),
                phone(1),
                "--unit".into(),
                "9-1-101".into(),
                "--price".into(),
                "1".into(),
            ],
            "was sold in deal 1",
        ),
        (
            vec![
                "deal".into(),
                phone(7),
                "--unit".into(),
                "9-1-102".into(),
                "--price".into(),
                "1".into(),
            ],
            "no customer has the phone",
        ),
        (
            vec![
                "deal".into(),
                phone(1),
                "--unit".into(),
                "9-1-103".into(),
                "--price".into(),
                "0".into(),
            ],
            "--price",
        ),
        (
            vec![
                "void".into(),
                "99".into(),
                "--reason".into(),
                "x".into(),
                "--by".into(),
                "前台".into(),
            ],
            "no register entry 99",
        ),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let stderr = desk.refused(&t("16:00"), &args);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn time_that_cannot_be_right_is_refused() {
    let desk = Desk::office(&["甲", "乙"]);
    // A year typed wrong: more than a day after the computer's clock.
    let output = desk
        .command("2027-11-23 09:00", &["visit", "客", "--phone", &phone(1)])
        .env("SALESDESK_CLOCK", "2026-11-23 08:00")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is the year right?"));
    // A turn earlier than the day's latest turn: back-filling goes through import.
    desk.visit(&t("10:00"), "客", &phone(1), &[]);
    let stderr = desk.refused(&t("09:30"), &["visit", "早客", "--phone", &phone(2)]);
    assert!(stderr.contains("import"), "{stderr}");
    // A refusal hands out a turn too, so it keeps the same order.
    let left = desk.visit(&t("10:10"), "客二", &phone(3), &[]);
    let id = left["visit_id"].to_string();
    let stderr = desk.refused(&t("10:05"), &["reassign", &id, "--reason", "嫌弃"]);
    assert!(stderr.contains("before entry"), "{stderr}");
    // A mistaken turn, once voided, no longer holds back an earlier one.
    desk.ok(
        &t("10:20"),
        &["void", &id, "--reason", "录错人", "--by", "前台"],
    );
    let early = desk.visit(&t("10:05"), "早客", &phone(2), &[]);
    assert_eq!(early["rep"], "乙", "the voided turn was owed back to 乙");
}

#[test]
fn a_designation_is_made_once_and_its_reception_is_not_voided_under_it() {
    let desk = Desk::office(&["甲", "乙", "丙"]);
    let first = desk.visit(&t("09:00"), "客", &phone(1), &[]);
    let id = first["visit_id"].to_string();
    let to = |rep: &str| {
        vec![
            "reassign".to_string(),
            id.clone(),
            "--to".into(),
            rep.into(),
            "--approved-by".into(),
            "销售经理".into(),
        ]
    };
    let designated = desk.json(
        &t("09:20"),
        &to("丙").iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let again = desk.refused(
        &t("09:30"),
        &to("乙").iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(
        again.contains(&format!("by entry {}", designated["visit_id"])),
        "{again}"
    );
    let stderr = desk.refused(
        &t("09:40"),
        &["void", &id, "--reason", "录错", "--by", "前台"],
    );
    assert!(
        stderr.contains(&format!("void entry {} first", designated["visit_id"])),
        "{stderr}"
    );
    // Before the reception began, nobody could leave it.
    let second = desk.visit(&t("10:00"), "客二", &phone(2), &[]);
    let stderr = desk.refused(
        &t("09:50"),
        &[
            "reassign",
            &second["visit_id"].to_string(),
            "--to",
            "丙",
            "--approved-by",
            "销售经理",
        ],
    );
    assert!(stderr.contains("before entry"), "{stderr}");
}

#[test]
fn imported_deals_are_idempotent_by_phone_and_unit() {
    let desk = Desk::office(&["甲"]);
    let file = desk.path("成交.csv");
    std::fs::write(
        &file,
        format!(
            "手机,姓名,成交日期,房号,成交价,置业顾问\n{},老业主,2026-10-08,10-1-101,1200000,甲\n",
            phone(1)
        ),
    )
    .unwrap();
    desk.ok(&t("09:00"), &["import", "deals", file.to_str().unwrap()]);
    let again = desk.json(&t("09:05"), &["import", "deals", file.to_str().unwrap()]);
    assert_eq!(
        (
            again["imported"].as_i64(),
            again["already_present"].as_i64()
        ),
        (Some(0), Some(1))
    );
    let list = desk.json(&t("09:10"), &["deal", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["rep"], "甲");
    let shown = desk.json(&t("09:10"), &["customer", "show", &phone(1)]);
    assert_eq!(
        (shown["class"].as_str(), shown["owner"].as_str()),
        (Some("owner"), Some("甲"))
    );
}

#[test]
fn a_unit_typed_another_way_is_the_same_unit_and_is_not_sold_twice() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.visit(&t("09:00"), "客一", &phone(1), &[]);
    desk.visit(&t("09:05"), "客二", &phone(2), &[]);
    let sold = deal(&desk, &t("10:00"), 1, "05-02-1201", &[]);
    assert_eq!(sold["unit"], "5-2-1201", "stored as the office reads it");
    for typed in [
        "5-2-1201",
        "5－2－1201",
        "05-02-1201",
        "５－２－１２０１",
        "5 - 2 - 1201",
    ] {
        let refused = desk.refused(
            &t("10:30"),
            &["deal", &phone(2), "--unit", typed, "--price", "1000000"],
        );
        assert!(
            refused.contains("5-2-1201 was sold in deal 1 to 客一"),
            "{typed}: {refused}"
        );
    }
    // 换房 to the same flat typed otherwise is refused too.
    let other = deal(&desk, &t("10:40"), 2, "6-1-101", &[]);
    let id = other["deal_id"].to_string();
    let moved = desk.refused(
        &t("10:50"),
        &["deal", "change", &id, "--unit", "5－02－1201"],
    );
    assert!(moved.contains("is held by deal 1"), "{moved}");
}

#[test]
fn a_voided_deal_frees_its_unit_pays_nothing_and_stays_marked() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.visit(&t("09:00"), "客一", &phone(1), &[]);
    desk.visit(&t("09:05"), "客二", &phone(2), &[]);
    let first = deal(&desk, &t("09:30"), 1, "5-2-1201", &[]);
    let second = deal(&desk, &t("09:35"), 1, "5-2-1202", &[]);
    assert_eq!(first["rep"], "甲");
    let refused = desk.refused(
        &t("10:00"),
        &["deal", "void", "1", "--reason", " ", "--by", "经理"],
    );
    assert!(refused.contains("--reason"), "{refused}");
    // 退房 of the first: the second deal stands, the customer stays 甲's owner (7.6).
    let out = desk
        .command(
            &t("10:00"),
            &["deal", "void", "1", "--reason", "退房", "--by", "项目经理"],
        )
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("deal 1 voided by 项目经理 (退房)")
            && said.contains("客一 stays an owner through deal 2 (7.6)"),
        "{said}"
    );
    let again = desk.refused(
        &t("10:01"),
        &["deal", "void", "1", "--reason", "x", "--by", "经理"],
    );
    assert!(again.contains("deal 1 is voided already"), "{again}");
    let shown = desk.json(&t("10:02"), &["customer", "show", &phone(1)]);
    assert_eq!(
        (shown["class"].as_str(), shown["owner"].as_str()),
        (Some("owner"), Some("甲"))
    );
    // The unit is free again; another buyer takes it.
    let resold = deal(&desk, &t("10:05"), 2, "5-2-1201", &[]);
    assert_eq!(resold["unit"], "5-2-1201");
    // The voided deal stays in deal show, marked, with its void among the changes.
    let card = desk.json(&t("10:06"), &["deal", "show", "1"]);
    assert_eq!(
        (
            card["voided"].as_bool(),
            card["void_reason"].as_str(),
            card["voided_by"].as_str()
        ),
        (Some(true), Some("退房"), Some("项目经理"))
    );
    let table = desk.ok(&t("10:06"), &["deal", "show", "1"]);
    assert!(
        table.contains("void") && table.contains("项目经理"),
        "{table}"
    );
    let changed = desk.refused(&t("10:06"), &["deal", "change", "1", "--name", "别人"]);
    assert!(changed.contains("deal 1 is voided"), "{changed}");
    let customer = desk.json(&t("10:06"), &["customer", "show", &phone(1)]);
    assert!(
        customer["deals"]
            .as_str()
            .is_some_and(|d| d.contains("5-2-1201 (deal 1, voided)")),
        "{customer}"
    );
    // Its shares leave the commission report; the report of the month of the void says so.
    let report = desk.json(&t("10:07"), &["report", "commission", "--month", "2026-11"]);
    let deals: Vec<i64> = report["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["deal_id"].as_i64().unwrap())
        .collect();
    assert_eq!(deals, [second["deal_id"].as_i64().unwrap(), 3]);
    let changes = &report["changes"];
    assert_eq!(changes[0]["deal_id"], 1, "{report}");
    assert_eq!(changes[0]["change"], "void");
    assert_eq!(changes[0]["by"], "项目经理");
    // Void the last deal: no deal remains, the customer is no longer an owner.
    let out = desk
        .command(
            &t("10:10"),
            &["deal", "void", "2", "--reason", "录错", "--by", "项目经理"],
        )
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("客一 has no other deal and is no longer an owner"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let shown = desk.json(&t("10:11"), &["customer", "show", &phone(1)]);
    assert_eq!(shown["class"], "intent");
}

#[test]
fn a_spouse_linked_after_the_deal_is_a_change_of_it_and_named_in_that_months_report() {
    let desk = Desk::office(&["甲", "乙"]);
    desk.visit(&t("09:00"), "刘女士", &phone(1), &[]);
    desk.visit(&t("10:00"), "刘先生", &phone(2), &[]);
    let sold = deal(&desk, &t("15:00"), 1, "5-1-101", &[]);
    assert_eq!(shares(&sold), [share("甲", "rep", 100, "plain")]);
    // Found out a week later to be spouses: the link changes the deal, so it says who made it.
    let link = ["customer", "set", &phone(1), "--spouse", &phone(2)];
    let refused = desk.refused("2026-11-30 10:00", &link);
    assert!(
        refused.contains("changes deal 1") && refused.contains("--by NAME"),
        "{refused}"
    );
    let mut with_by = link.to_vec();
    with_by.extend(["--by", "项目经理"]);
    desk.ok("2026-11-30 10:00", &with_by);
    let shown = desk.json("2026-11-30 10:05", &["deal", "show", "1"]);
    assert_eq!(
        shares(&shown),
        [
            share("甲", "rep", 50, "spouses"),
            share("乙", "rep", 50, "spouses")
        ]
    );
    let table = desk.ok("2026-11-30 10:05", &["deal", "show", "1"]);
    assert!(
        table.contains("2026-11-30 10:00")
            && table.contains("spouse 刘先生 (customer 2) linked")
            && table.contains("项目经理"),
        "{table}"
    );
    // The commission report of the month of the link names it; December's has none.
    let report = desk.json(
        "2026-12-01 09:00",
        &["report", "commission", "--month", "2026-11"],
    );
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{report}");
    assert_eq!(
        (
            changes[0]["deal_id"].as_i64(),
            changes[0]["change"].as_str(),
            changes[0]["changed_at"].as_str(),
            changes[0]["by"].as_str()
        ),
        (
            Some(1),
            Some("spouse"),
            Some("2026-11-30 10:00"),
            Some("项目经理")
        )
    );
    let december = desk.json(
        "2026-12-01 09:00",
        &["report", "commission", "--month", "2026-12"],
    );
    assert_eq!(december["changes"], json!([]));
    // A link before any deal needs no --by, and is no change of a deal.
    desk.ok("2026-12-01 08:30", &["roster", "set", "甲", "乙"]);
    desk.visit("2026-12-01 09:30", "王女士", &phone(3), &[]);
    desk.visit("2026-12-01 09:40", "王先生", &phone(4), &[]);
    desk.ok(
        "2026-12-01 10:00",
        &["customer", "set", &phone(3), "--spouse", &phone(4)],
    );
}
