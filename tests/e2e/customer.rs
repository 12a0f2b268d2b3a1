//! `customer show | list | set`.

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
        desk.refused(&t("10:00"), &["customer", "show", "139"])
            .contains("PHONE")
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
