//! `customer show | find | list | set`.

use crate::harness::{Desk, t};

#[test]
fn set_changes_class_and_details_and_show_lists_them() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(
        &t("09:00"),
        "陈先生",
        "13812345678",
        &["--gender", "男", "--age", "40"],
    );
    let shown = desk.json(
        &t("10:00"),
        &[
            "customer",
            "set",
            "13812345678",
            "--class",
            "业主",
            "--occupation",
            "工程师",
        ],
    );
    assert_eq!(shown["class"], "owner");
    assert_eq!(shown["occupation"], "工程师");
    assert_eq!(shown["gender"], "male");
    assert_eq!(shown["age"], 40);
    assert_eq!(shown["company"], false);
    assert_eq!(shown["deals"], "no deal recorded", "an owner set by hand");
    assert_eq!(shown["phone"], "138****5678");
    let owners = desk.json(&t("10:01"), &["customer", "list", "--class", "owner"]);
    assert_eq!(owners.as_array().unwrap().len(), 1);
    let potential = desk.json(&t("10:01"), &["customer", "list", "--class", "potential"]);
    assert_eq!(potential.as_array().unwrap().len(), 0);
}

#[test]
fn list_masks_phones_unless_asked() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "陈先生", "13812345678", &[]);
    let csv = desk.ok(&t("10:00"), &["customer", "list", "--format", "csv"]);
    assert!(
        csv.contains("138****5678") && !csv.contains("13812345678"),
        "{csv}"
    );
    let full = desk.ok(
        &t("10:00"),
        &["customer", "list", "--format", "csv", "--full-phone"],
    );
    assert!(full.contains("13812345678"), "{full}");
    let zh = desk.ok(
        &t("10:00"),
        &["customer", "list", "--format", "csv", "--lang", "zh"],
    );
    assert!(zh.starts_with("客户编号,客户姓名,电话"), "{zh}");
}

#[test]
fn show_and_set_refuse_bad_input() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "陈先生", "13812345678", &[]);
    assert!(
        desk.refused(&t("10:00"), &["customer", "show", "13900000000"])
            .contains("no customer")
    );
    assert!(
        desk.refused(&t("10:00"), &["customer", "show", "139x"])
            .contains("CUSTOMER")
    );
    assert!(
        desk.refused(
            &t("10:00"),
            &["customer", "set", "13812345678", "--class", "vip"]
        )
        .contains("--class")
    );
    assert!(
        desk.refused(&t("10:00"), &["customer", "list", "--class", "vip"])
            .contains("--class")
    );
}

#[test]
fn the_registered_name_is_kept_when_a_visitor_gives_another() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "陈先生", "13812345678", &[]);
    let output = desk
        .command(&t("10:00"), &["visit", "陈生", "--phone", "13812345678"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("registered as 陈先生"));
    assert_eq!(
        desk.json(&t("10:01"), &["customer", "show", "13812345678"])["name"],
        "陈先生"
    );
}

#[test]
fn a_company_client_is_one_the_company_sent_before_any_visit() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "甲公司", "13800000001", &["--company"]);
    // A caller has not been registered by a rep: the company may still send them.
    desk.visit(&t("09:01"), "丙", "13800000003", &["--call"]);
    desk.visit(&t("09:02"), "丙", "13800000003", &["--company"]);
    for phone in ["13800000001", "13800000003"] {
        assert_eq!(
            desk.json(&t("10:01"), &["customer", "show", phone])["company"],
            true
        );
    }
    // A customer a rep registered never becomes one (6.1.1), at the desk or in the file.
    desk.visit(&t("09:05"), "乙", "13800000002", &[]);
    let stderr = desk.refused(
        &t("10:00"),
        &["visit", "乙", "--phone", "13800000002", "--company"],
    );
    assert!(
        stderr.contains("registered by 王芳 on 2026-11-23") && stderr.contains("6.1.1"),
        "{stderr}"
    );
    desk.refused(
        &t("10:00"),
        &["customer", "set", "13800000002", "--company", "true"],
    );
}

#[test]
fn spouses_registered_by_two_reps_are_joint_customers_until_a_deal() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "刘女士", "13800000001", &[]);
    desk.visit(&t("10:00"), "刘先生", "13800000002", &[]);
    let wife = desk.json(
        &t("10:30"),
        &["customer", "set", "13800000001", "--spouse", "13800000002"],
    );
    assert_eq!(wife["spouse"], "刘先生 138****0002");
    assert_eq!(
        (wife["owner"].as_str(), wife["joint_with"].as_str()),
        (Some("王芳"), Some("张伟"))
    );
    let husband = desk.json(&t("10:31"), &["customer", "show", "13800000002"]);
    assert_eq!(
        (husband["owner"].as_str(), husband["joint_with"].as_str()),
        (Some("张伟"), Some("王芳"))
    );
    // After the deal each keeps their own rep.
    desk.ok(
        &t("11:00"),
        &["customer", "set", "13800000002", "--class", "owner"],
    );
    assert_eq!(
        desk.json(&t("11:01"), &["customer", "show", "13800000001"])["joint_with"],
        serde_json::Value::Null
    );
    // Unlinking clears both sides.
    desk.ok(
        &t("11:02"),
        &["customer", "set", "13800000001", "--spouse", "none"],
    );
    assert_eq!(
        desk.json(&t("11:03"), &["customer", "show", "13800000002"])["spouse"],
        serde_json::Value::Null
    );
}

#[test]
fn a_spouse_link_checks_its_input() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "甲", "13800000001", &[]);
    desk.visit(&t("09:01"), "乙", "13800000002", &[]);
    desk.visit(&t("09:02"), "丙", "13800000003", &[]);
    assert!(
        desk.refused(
            &t("10:00"),
            &["customer", "set", "13800000001", "--spouse", "13900000000"]
        )
        .contains("--spouse")
    );
    assert!(
        desk.refused(
            &t("10:00"),
            &["customer", "set", "13800000001", "--spouse", "13800000001"]
        )
        .contains("own phone")
    );
    desk.ok(
        &t("10:01"),
        &["customer", "set", "13800000001", "--spouse", "13800000002"],
    );
    let stderr = desk.refused(
        &t("10:02"),
        &["customer", "set", "13800000003", "--spouse", "13800000002"],
    );
    assert!(stderr.contains("linked to 甲"), "{stderr}");
}

/// Four customers: 陈先生 and 陈女士 share a masked phone (138****5678), 王先生's phone ends in
/// 0002, and 李女士 has a landline. Customer numbers 1 to 4 in that order.
fn four_customers() -> Desk {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "陈先生", "13812345678", &[]);
    desk.visit(&t("09:10"), "陈女士", "13899995678", &[]);
    desk.visit(&t("09:20"), "王先生", "13600000002", &[]);
    desk.visit(&t("09:30"), "李女士", "010-87650002", &["--call"]);
    desk
}

fn found(desk: &Desk, text: &str) -> Vec<(i64, String, String)> {
    desk.json(&t("10:00"), &["customer", "find", text])
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["customer_id"].as_i64().unwrap(),
                row["name"].as_str().unwrap().to_string(),
                row["matched_by"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn find_by_name_last_four_digits_number_or_phone() {
    let desk = four_customers();
    let row = |id: i64, name: &str, by: &str| (id, name.to_string(), by.to_string());
    assert_eq!(
        found(&desk, "陈"),
        [row(1, "陈先生", "name"), row(2, "陈女士", "name")]
    );
    assert_eq!(
        found(&desk, "女士"),
        [row(2, "陈女士", "name"), row(4, "李女士", "name")]
    );
    // Four digits are the end of a phone (a mobile's or a landline's) ...
    assert_eq!(
        found(&desk, "5678"),
        [row(1, "陈先生", "last_four"), row(2, "陈女士", "last_four")]
    );
    // ... and a customer number: both kinds are listed when both match, the number first.
    assert_eq!(
        found(&desk, "0002"),
        [
            row(2, "陈女士", "id"),
            row(3, "王先生", "last_four"),
            row(4, "李女士", "last_four")
        ]
    );
    assert_eq!(
        found(&desk, "0003"),
        [row(3, "王先生", "id")],
        "no phone ends in 0003"
    );
    assert_eq!(found(&desk, "2"), [row(2, "陈女士", "id")]);
    assert_eq!(found(&desk, "136-0000-0002"), [row(3, "王先生", "phone")]);
    assert_eq!(
        found(&desk, "138****5678"),
        [
            row(1, "陈先生", "masked_phone"),
            row(2, "陈女士", "masked_phone")
        ]
    );
    assert!(
        found(&desk, "赵").is_empty(),
        "no match is an empty listing"
    );
    assert!(found(&desk, "9999").is_empty());

    // The listing: masked phone, class and owner, the reason as a stable code.
    let csv = desk.ok(&t("10:00"), &["customer", "find", "王", "--format", "csv"]);
    assert_eq!(
        csv,
        "customer_id,name,phone,class,owner,matched_by\n3,王先生,136****0002,potential,王芳,name\n"
    );
    let refused = desk.refused(&t("10:00"), &["customer", "find", " "]);
    assert!(refused.contains("TEXT: the text is empty"), "{refused}");
}

#[test]
fn show_takes_a_number_a_phone_or_a_masked_phone_that_names_one_customer() {
    let desk = four_customers();
    let name = |key: &str| {
        desk.json(&t("10:00"), &["customer", "show", key])["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(name("1"), "陈先生");
    assert_eq!(name("3"), "王先生");
    assert_eq!(name("13899995678"), "陈女士");
    // The masked phone a listing printed, typed back.
    assert_eq!(name("136****0002"), "王先生");
    assert_eq!(name("010****0002"), "李女士");
    let shared = desk.refused(&t("10:00"), &["customer", "show", "138****5678"]);
    assert!(
        shared.contains("138****5678 is the masked phone of 2 customers (1 陈先生, 2 陈女士)")
            && shared.contains("salesdesk customer show 1"),
        "{shared}"
    );
    for (key, says) in [
        ("99", "no customer has the number 99"),
        (
            "139****0000",
            "no customer has a phone shown as 139****0000",
        ),
        ("陈先生", "customer find NAME"),
    ] {
        let refused = desk.refused(&t("10:00"), &["customer", "show", key]);
        assert!(refused.contains(says), "{key}: {refused}");
    }
}

#[test]
fn list_by_rep_shows_the_customers_the_rep_holds_now() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "陈先生", "13812345678", &[]); // 王芳, rotation
    desk.visit(&t("09:10"), "王先生", "13600000002", &[]); // 张伟, rotation
    desk.visit(
        &t("09:20"),
        "李女士",
        "13600000003",
        &["--designate", "王芳"],
    );
    desk.visit(&t("09:30"), "来电", "13600000004", &["--call"]); // a call holds nobody
    let names = |rep: &str, at: &str| -> Vec<String> {
        desk.json(at, &["customer", "list", "--rep", rep])
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("王芳", &t("10:00")), ["陈先生", "李女士"]);
    assert_eq!(names("张伟", &t("10:00")), ["王先生"]);
    // A registration lapses after a month; a deal holds the customer for good.
    desk.ok(
        &t("11:00"),
        &[
            "deal",
            "13600000002",
            "--unit",
            "5-2-1201",
            "--price",
            "1280000",
        ],
    );
    assert_eq!(names("王芳", "2027-01-10 10:00"), Vec::<String>::new());
    assert_eq!(names("张伟", "2027-01-10 10:00"), ["王先生"]);
    let refused = desk.refused(&t("10:00"), &["customer", "list", "--rep", "赵六"]);
    assert!(
        refused.contains("--rep: there is no rep named \"赵六\"; reps: 王芳 张伟"),
        "{refused}"
    );
}

#[test]
fn a_note_about_a_visit_that_is_refused_is_never_printed() {
    let desk = Desk::office(&["王芳", "张伟"]);
    desk.visit(&t("09:00"), "陈先生", "13812345678", &[]);
    // The visitor gives another name and asks for another rep without the manager's approval:
    // the visit is refused, so nothing about it may be said as if it were registered.
    let output = desk
        .command(
            &t("10:00"),
            &[
                "visit",
                "陈生",
                "--phone",
                "13812345678",
                "--designate",
                "张伟",
            ],
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("--approved-by"), "{said}");
    assert!(!said.contains("registered as"), "{said}");
}

#[test]
fn a_rename_changes_the_customer_not_the_register_written_before_it() {
    let desk = Desk::office(&["王芳"]);
    desk.visit(&t("09:00"), "张三", "13812345678", &[]);
    desk.ok(
        &t("10:00"),
        &["customer", "set", "13812345678", "--name", "张山"],
    );
    desk.visit(&t("11:00"), "张山", "13812345678", &[]);
    let card = desk.json(&t("11:30"), &["customer", "show", "13812345678"]);
    assert_eq!(card["name"], "张山", "{card}");
    let register = desk.json(&t("11:30"), &["register", "--date", crate::harness::DAY]);
    let names: Vec<&str> = register
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["张三", "张山"], "{register}");
    let export = desk.ok(&t("11:30"), &["export", "visits", "--format", "csv"]);
    assert!(
        export.contains(",张三,") && export.contains(",张山,"),
        "{export}"
    );
}
