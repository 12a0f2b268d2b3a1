//! The language the clerk reads, across the desk commands: under `--lang zh` (or a Chinese
//! `LANG`) refusals, tables and the line after a command are Chinese; without it they stay
//! English; and CSV and JSON never change with the locale.

use crate::harness::{Desk, t, zh};

/// Whether `text` holds a Chinese character.
fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// A desk with a customer (a web visit received by 王芳) who bought, 张伟 away on a manager's
/// errand, a complaint reported to the media, a survey, a holiday, and an owner set by hand.
fn busy_desk() -> Desk {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "黄女士", "13600000001", &["--channel", "web"]);
    desk.ok(
        &t("09:05"),
        &["roster", "away", "张伟", "--reason", "manager"],
    );
    desk.ok(
        &t("09:10"),
        &[
            "complaint",
            "new",
            "--phone",
            "13600000001",
            "--channel",
            "phone",
            "--category",
            "sales",
            "--media",
            "销售承诺的车位没有兑现",
        ],
    );
    desk.ok(&t("09:15"), &["survey", "new", "2026H2", "--standard"]);
    desk.ok(
        &t("09:20"),
        &["calendar", "holiday", "2026-10-01", "--name", "国庆"],
    );
    // An owner set by hand, with no deal recorded, and a deal.
    desk.visit(&t("09:25"), "刘先生", "13600000003", &[]);
    desk.ok(
        &t("09:30"),
        &["customer", "set", "13600000003", "--class", "owner"],
    );
    desk.ok(
        &t("09:35"),
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

/// One bad command line per desk command, with what its refusal says in each language.
const REFUSALS: &[(&[&str], &str, &str)] = &[
    (
        &["roster", "show", "--date", "明天"],
        "--date：\"明天\" 不是日期",
        "--date: \"明天\" is not a date",
    ),
    (
        &["customer", "show", "138****9999"],
        "CUSTOMER：没有电话显示为 138****9999 的客户",
        "CUSTOMER: no customer has a phone shown as 138****9999",
    ),
    (
        &["customer", "list", "--rep", "赵磊"],
        "--rep：没有名为 \"赵磊\" 的置业顾问",
        "--rep: there is no rep named \"赵磊\"",
    ),
    (
        &[
            "visit",
            "朋友",
            "--phone",
            "13600000002",
            "--brought-by",
            "13600000002",
        ],
        "这是来访客户自己的电话",
        "that is the visitor's own phone",
    ),
    (
        &["visit", "朋友", "--phone", "12345"],
        "--phone：\"12345\" 不是电话号码",
        "--phone: \"12345\" is not a phone number",
    ),
    (
        &[
            "visit",
            "朋友",
            "--phone",
            "13600000002",
            "--designate",
            "赵磊",
        ],
        "--designate：没有名为 \"赵磊\" 的置业顾问；现有：王芳 张伟",
        "--designate: there is no rep named \"赵磊\"; reps: 王芳 张伟",
    ),
    (
        &["roster", "swap", "王芳", "王芳", "--approved-by", "刘主管"],
        "roster swap：王芳 出现了两次",
        "roster swap: 王芳 is named twice",
    ),
    (
        &["roster", "set", "王芳", "赵磊", "--date", "2026-11-24"],
        "\"赵磊\" 不是置业顾问",
        "\"赵磊\" is not a rep",
    ),
    (
        &["reassign", "99", "--reason", "客户要求更换"],
        "VISIT_ID：没有登记号为 99 的登记",
        "VISIT_ID: there is no register entry 99",
    ),
    (
        &["reassign", "一", "--reason", "客户要求更换"],
        "VISIT_ID：\"一\" 不是登记号",
        "VISIT_ID: \"一\" is not a register number",
    ),
    (
        &["customer", "show", "13999999999"],
        "PHONE：没有电话为 139****9999 的客户",
        "PHONE: no customer has the phone 139****9999",
    ),
    (
        &["customer", "set", "13600000001", "--class", "vip"],
        "--class：\"vip\" 不是客户分类",
        "--class: \"vip\" is not a customer class",
    ),
    (
        &[
            "complaint",
            "new",
            "--phone",
            "13600000001",
            "--channel",
            "fax",
            "--category",
            "sales",
            "漏水",
        ],
        "--channel：\"fax\" 不是投诉渠道；请输入其中之一：现场（onsite）",
        "--channel: \"fax\" is not a complaint channel; type one of onsite",
    ),
    (
        &["complaint", "archive", "1"],
        "投诉 1 状态为已受理：现在不能执行 `archive`",
        "complaint 1 is received: `archive` is not allowed now",
    ),
    (
        &[
            "survey",
            "record",
            "2025H1",
            "--phone",
            "13600000001",
            "value=4",
        ],
        "SURVEY：没有名为 \"2025H1\" 的调查；现有调查：2026H2",
        "SURVEY: there is no survey \"2025H1\"; surveys: 2026H2",
    ),
    (
        &["survey", "sample", "2026H2", "--rate", "2"],
        "--rate：\"2\" 不是比例",
        "--rate: \"2\" is not a share",
    ),
];

#[test]
fn a_refused_desk_command_says_why_in_chinese_under_lang_zh_and_changes_nothing() {
    let desk = busy_desk();
    for (args, chinese, _) in REFUSALS {
        let stderr = desk.refused_zh(&t("10:00"), args);
        assert!(
            stderr.starts_with("error: ") && stderr.contains(chinese),
            "salesdesk {args:?} --lang zh: {stderr}"
        );
    }
}

#[test]
fn the_same_refusal_stays_english_without_lang_zh() {
    let desk = busy_desk();
    for (args, chinese, english) in REFUSALS {
        let stderr = desk.refused(&t("10:00"), args);
        assert!(
            stderr.contains(english) && !stderr.contains(chinese),
            "salesdesk {args:?}: {stderr}"
        );
    }
}

#[test]
fn a_chinese_locale_chooses_chinese_messages_as_it_chooses_chinese_tables() {
    let desk = busy_desk();
    let output = desk.under(
        "zh_CN.UTF-8",
        &t("10:00"),
        &["visit", "朋友", "--phone", "12345"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: --phone：\"12345\" 不是电话号码"),
        "{stderr}"
    );
    // --lang on the command line wins over the locale.
    let output = desk.under(
        "zh_CN.UTF-8",
        &t("10:00"),
        &["visit", "朋友", "--phone", "12345", "--lang", "en"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not a phone number"), "{stderr}");
}

#[test]
fn a_failure_that_is_not_bad_input_is_chinese_too_and_keeps_exit_1() {
    let desk = Desk::office(&["王芳"]);
    let next_day = "2026-11-24 09:00";
    let stderr = desk.fails_with(1, next_day, &zh(&["roster", "next"]));
    assert!(
        stderr.contains(
            "2026-11-24 尚未排班：用 `salesdesk roster set 置业顾问... --date 2026-11-24` 排班"
        ),
        "{stderr}"
    );
    let stderr = desk.fails_with(1, next_day, &["roster", "next"]);
    assert!(
        stderr.contains("there is no roster for 2026-11-24"),
        "{stderr}"
    );
    let stderr = desk.fails_with(1, next_day, &zh(&["visit", "客", "--phone", "13600000009"]));
    assert!(stderr.contains("尚未排班，没有人能轮序接待"), "{stderr}");
}

#[test]
fn tables_under_lang_zh_show_chinese_channels_reasons_class_reasons_and_weekdays() {
    let desk = busy_desk();
    let at = t("10:00");
    let register = desk.ok(&at, &zh(&["register"]));
    assert!(
        register.contains("网络") && register.contains("轮序接待") && !register.contains("web"),
        "{register}"
    );
    let customer = desk.ok(&at, &zh(&["customer", "show", "13600000001"]));
    assert!(
        customer.contains("网络") && customer.contains("业主") && !customer.contains("web"),
        "{customer}"
    );
    let roster = desk.ok(&at, &zh(&["roster", "show"]));
    assert!(
        roster.contains("领导安排") && !roster.contains("manager"),
        "{roster}"
    );
    let complaint = desk.ok("2026-11-30 10:00", &zh(&["complaint", "show", "1"]));
    for chinese in ["重大：已向媒体反映", "媒体", "取证、首次反馈", "已受理"] {
        assert!(complaint.contains(chinese), "{chinese}: {complaint}");
    }
    for english in ["major", "media", "feedback", "received"] {
        assert!(!complaint.contains(english), "{english}: {complaint}");
    }
    let list = desk.ok("2026-11-30 10:00", &zh(&["complaint", "list"]));
    assert!(list.contains("取证、首次反馈"), "{list}");
    let calendar = desk.ok(&at, &zh(&["calendar", "show", "--year", "2026"]));
    assert!(
        calendar.contains("周四") && !calendar.contains("Thu"),
        "{calendar}"
    );
    // The line after recording something.
    let line = desk.ok(
        &t("10:05"),
        &zh(&[
            "complaint",
            "new",
            "--phone",
            "13600000001",
            "--channel",
            "phone",
            "--category",
            "service",
            "前台态度差",
        ]),
    );
    assert!(
        line.starts_with("投诉 2 — 一般：员工态度或服务问题（类别为服务）")
            && !line.contains("general"),
        "{line}"
    );
    // In English the same tables keep the codes.
    let complaint = desk.ok("2026-11-30 10:00", &["complaint", "show", "1"]);
    assert!(
        complaint.contains("major: reported to the media")
            && complaint.contains("evidence feedback"),
        "{complaint}"
    );
    let calendar = desk.ok(&at, &["calendar", "show", "--year", "2026"]);
    assert!(
        calendar.contains("Thu") && !has_chinese(&calendar.replace("国庆", "")),
        "{calendar}"
    );
}

#[test]
fn csv_and_json_are_the_same_under_a_chinese_and_a_plain_locale() {
    let desk = busy_desk();
    let commands: &[&[&str]] = &[
        &["register"],
        &["customer", "show", "13600000001"],
        &["customer", "show", "13600000003"],
        &["customer", "list"],
        &["roster", "show"],
        &["roster", "next"],
        &["deal", "list"],
        &["complaint", "show", "1"],
        &["complaint", "list"],
        &["survey", "show", "2026H2"],
        &["calendar", "show", "--year", "2026"],
    ];
    for command in commands {
        for format in ["csv", "json"] {
            let mut args = command.to_vec();
            args.extend_from_slice(&["--format", format]);
            let run = |lang| {
                let output = desk.under(lang, &t("23:00"), &args);
                assert!(output.status.success(), "{args:?} under {lang}");
                String::from_utf8(output.stdout).expect("UTF-8")
            };
            let (chinese, plain) = (run("zh_CN.UTF-8"), run("C"));
            assert_eq!(chinese, plain, "salesdesk {args:?} changes with LANG");
            for label in ["网络", "已向媒体反映", "无成交记录", "领导安排", "成交"]
            {
                assert!(!chinese.contains(label), "{args:?}: {label} in {chinese}");
            }
        }
    }
}

#[test]
fn a_code_is_typed_in_its_chinese_word_and_chinese_reports_show_every_code_in_chinese() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "黄女士", "13600000001", &["--channel", "网络"]);
    desk.ok(&t("09:05"), &["roster", "away", "王芳", "--reason", "缺勤"]);
    let roster = desk.json(
        &t("09:06"),
        &["roster", "away", "张伟", "--reason", "经理差遣"],
    );
    let away: Vec<(&str, &str)> = roster
        .as_array()
        .expect("the queue")
        .iter()
        .map(|rep| {
            (
                rep["rep"].as_str().unwrap_or_default(),
                rep["away_reason"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(away, [("张伟", "manager"), ("王芳", "absent")], "{roster}");
    desk.ok(&t("09:07"), &["roster", "back", "张伟"]);
    desk.ok(
        &t("09:08"),
        &["roster", "away", "张伟", "--reason", " 接待中 "],
    );
    let complaint = desk.json(
        &t("09:10"),
        &[
            "complaint",
            "new",
            "--phone",
            "13600000001",
            "--channel",
            "现场",
            "--category",
            "工程质量",
            "--department",
            "工程",
            "卫生间渗水",
        ],
    );
    assert_eq!(
        (
            &complaint["channel"],
            &complaint["category"],
            &complaint["department"]
        ),
        (&"onsite".into(), &"quality".into(), &"engineering".into()),
        "{complaint}"
    );
    // The Chinese period words name the same days as the English ones.
    let at = "2026-11-24 08:00";
    for (report, field, english, chinese) in [
        ("daily", "--date", "yesterday", "昨天"),
        ("daily", "--date", "today", "今天"),
        ("weekly", "--week", "last", "上周"),
        ("weekly", "--week", "this", "本周"),
        ("monthly", "--month", "last", "上月"),
        ("monthly", "--month", "this", "本月"),
        ("quarterly", "--quarter", "this", "本季度"),
        ("annual", "--year", "this", "今年"),
    ] {
        let report = |word| desk.ok(at, &["report", report, field, word, "--format", "json"]);
        assert_eq!(report(chinese), report(english), "{field} {chinese}");
    }
    // The daily report's channels are Chinese in a Chinese table, codes in English and CSV.
    let daily = desk.ok(at, &zh(&["report", "daily", "--date", "昨天"]));
    let channels = daily.split("按渠道").nth(1).expect("the channel section");
    assert!(
        channels.contains("网络") && !channels.contains("web"),
        "{daily}"
    );
    let english = desk.ok(at, &["report", "daily", "--date", "yesterday"]);
    assert!(english.contains("│ web "), "{english}");
    let csv = desk.ok(
        at,
        &["report", "daily", "--date", "昨天", "--format", "csv"],
    );
    assert!(csv.contains(",web,") && !csv.contains("网络"), "{csv}");
}
