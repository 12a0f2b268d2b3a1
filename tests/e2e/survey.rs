//! `survey ...` and `report survey`: a wave from its definition to its figures.

use serde_json::Value;

use crate::harness::{Desk, t};

/// A desk with `n` owners, phones 13800000000 + i.
fn owners(n: u32) -> Desk {
    let desk = Desk::office(&["王芳"]);
    for i in 0..n {
        let phone = format!("138{i:08}");
        desk.visit(
            "2026-11-23 09:00",
            &format!("业主{i}"),
            &phone,
            &["--designate", "王芳"],
        );
        desk.ok(
            &t("09:30"),
            &["customer", "set", &phone, "--class", "owner"],
        );
    }
    desk
}

fn phone(i: u32) -> String {
    format!("138{i:08}")
}

fn indicator<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == key)
        .unwrap()
}

#[test]
fn a_wave_with_weights_scores_and_compares_with_the_previous_one() {
    let desk = owners(10);
    desk.ok(
        "2026-06-01 10:00",
        &[
            "survey",
            "new",
            "2026H1",
            "--indicator",
            "quality=3",
            "--indicator",
            "service=1",
        ],
    );
    desk.ok(
        "2026-06-02 10:00",
        &[
            "survey",
            "record",
            "2026H1",
            "--phone",
            &phone(0),
            "quality=3",
            "service=3",
        ],
    );
    desk.ok(
        "2026-12-01 10:00",
        &[
            "survey",
            "new",
            "2026H2",
            "--indicator",
            "quality=3",
            "--indicator",
            "service=1",
        ],
    );
    let recorded = desk.json(
        "2026-12-02 10:00",
        &[
            "survey",
            "record",
            "2026H2",
            "--phone",
            &phone(1),
            "quality=5",
            "service=1",
        ],
    );
    // 0.75·5 + 0.25·1 = 4.
    assert_eq!(recorded["weighted_score"], 4.0);
    // A skipped indicator: only quality answered, so the score is 4 whatever service's weight.
    desk.ok(
        "2026-12-02 10:01",
        &[
            "survey",
            "record",
            "2026H2",
            "--phone",
            &phone(2),
            "quality=4",
        ],
    );
    let report = desk.json(
        "2026-12-03 10:00",
        &["report", "survey", "--survey", "2026H2"],
    );
    assert_eq!(report["survey"], "2026H2");
    assert_eq!(report["respondents"], 2);
    // Both weighted scores are 4 → index (4 − 1) / 4 · 100 = 75; the first wave's 3 → 50.
    assert_eq!(report["index"], 75.0);
    assert_eq!(report["index_delta"], 25.0);
    assert_eq!(indicator(&report, "quality")["mean"], 4.5);
    assert_eq!(indicator(&report, "quality")["count"], 2);
    assert_eq!(indicator(&report, "quality")["delta"], 1.5);
    assert_eq!(indicator(&report, "quality")["sd"], 0.71);
    assert_eq!(indicator(&report, "service")["count"], 1);
    assert_eq!(indicator(&report, "service")["sd"], Value::Null);
    // Answers 5, 1, 4: two in the top two boxes.
    assert_eq!(report["top_two_share"], 0.667);
    assert_eq!(
        (
            report["sample_rate"].as_f64(),
            report["meets_sample_rate"].as_bool()
        ),
        (Some(0.2), Some(true))
    );
    let first = desk.json(
        "2026-12-03 10:00",
        &["report", "survey", "--survey", "2026H1"],
    );
    assert_eq!(
        (first["index"].as_f64(), first["index_delta"].clone()),
        (Some(50.0), Value::Null)
    );
    assert_eq!(first["meets_sample_rate"], false, "1 of 10 owners");
}

#[test]
fn the_standard_survey_and_its_chinese_labels() {
    let desk = owners(1);
    let indicators = desk.json(&t("10:00"), &["survey", "new", "2026H2", "--standard"]);
    let keys: Vec<&str> = indicators
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["indicator"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 10);
    assert!(
        keys.contains(&"complaint_handling") && keys.contains(&"value") && keys.contains(&"brand")
    );
    let labels = desk.ok(&t("10:01"), &["survey", "show", "2026H2"]);
    assert!(
        labels.contains("产品性价比") && labels.contains("公司品牌与形象"),
        "{labels}"
    );
    // Answers may name an indicator by its Chinese label.
    desk.ok(
        &t("10:02"),
        &[
            "survey",
            "record",
            "2026H2",
            "--phone",
            &phone(0),
            "产品性价比=4",
        ],
    );
    let report = desk.json(&t("10:03"), &["report", "survey", "--survey", "2026H2"]);
    assert_eq!(indicator(&report, "value")["mean"], 4.0);
}

#[test]
fn the_call_list_leaves_out_last_waves_respondents_and_repeats_with_its_seed() {
    let desk = owners(10);
    desk.ok(
        "2026-06-01 10:00",
        &["survey", "new", "2026H1", "--standard"],
    );
    for i in 0..5 {
        desk.ok(
            "2026-06-02 10:00",
            &[
                "survey",
                "record",
                "2026H1",
                "--phone",
                &phone(i),
                "value=4",
            ],
        );
    }
    desk.ok(
        "2026-12-01 10:00",
        &["survey", "new", "2026H2", "--standard"],
    );
    let list = desk.json(
        "2026-12-02 10:00",
        &["survey", "sample", "2026H2", "--seed", "7", "--full-phone"],
    );
    let called: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["phone"].as_str().unwrap())
        .collect();
    assert_eq!(called.len(), 2, "ceil(0.2 × 10)");
    for number in &called {
        let index: u32 = number[3..].parse().unwrap();
        assert!(index >= 5, "{number} answered 2026H1");
    }
    assert_eq!(
        desk.json(
            "2026-12-02 10:00",
            &["survey", "sample", "2026H2", "--seed", "7"]
        )
        .as_array()
        .unwrap()
        .len(),
        2
    );
    let again = desk.json(
        "2026-12-02 11:00",
        &["survey", "sample", "2026H2", "--seed", "7", "--full-phone"],
    );
    assert_eq!(again, list, "the same seed draws the same list");
    let masked = desk.ok(
        "2026-12-02 11:00",
        &["survey", "sample", "2026H2", "--format", "csv"],
    );
    assert!(
        masked.contains("****") && !masked.contains(called[0]),
        "{masked}"
    );
    // A rate of 0.35 of 10 owners: ceil(3.5) = 4, but only 5 are eligible.
    assert_eq!(
        desk.json(
            "2026-12-02 11:00",
            &["survey", "sample", "2026H2", "--rate", "0.35"]
        )
        .as_array()
        .unwrap()
        .len(),
        4
    );
    assert_eq!(
        desk.json(
            "2026-12-02 11:00",
            &["survey", "sample", "2026H2", "--rate", "1"]
        )
        .as_array()
        .unwrap()
        .len(),
        5
    );
}

#[test]
fn one_response_per_customer_unless_replaced_and_the_first_stays_in_the_history() {
    let desk = owners(1);
    desk.ok(
        &t("10:00"),
        &["survey", "new", "2026H2", "--indicator", "value=1"],
    );
    desk.ok(
        &t("10:01"),
        &[
            "survey",
            "record",
            "2026H2",
            "--phone",
            &phone(0),
            "value=2",
        ],
    );
    let stderr = desk.refused(
        &t("10:02"),
        &[
            "survey",
            "record",
            "2026H2",
            "--phone",
            &phone(0),
            "value=5",
        ],
    );
    assert!(stderr.contains("--replace"), "{stderr}");
    desk.ok(
        &t("10:03"),
        &[
            "survey",
            "record",
            "2026H2",
            "--phone",
            &phone(0),
            "value=5",
            "--replace",
        ],
    );
    let report = desk.json(&t("10:04"), &["report", "survey", "--survey", "2026H2"]);
    assert_eq!(
        (report["respondents"].as_i64(), report["index"].as_f64()),
        (Some(1), Some(100.0))
    );
    assert_eq!(desk.count("SELECT count(*) FROM survey_responses"), 2);
    assert_eq!(
        desk.count("SELECT count(*) FROM survey_responses WHERE supersedes IS NOT NULL"),
        1
    );
}

#[test]
fn indicators_are_fixed_once_answered() {
    let desk = owners(1);
    desk.ok(
        &t("10:00"),
        &["survey", "new", "2026H2", "--indicator", "value=1"],
    );
    // Before any answer the wave may be defined again.
    desk.ok(
        &t("10:01"),
        &[
            "survey",
            "new",
            "2026H2",
            "--indicator",
            "value=1",
            "--indicator",
            "brand=1",
        ],
    );
    desk.ok(
        &t("10:02"),
        &[
            "survey",
            "record",
            "2026H2",
            "--phone",
            &phone(0),
            "brand=4",
        ],
    );
    let stderr = desk.refused(&t("10:03"), &["survey", "new", "2026H2", "--standard"]);
    assert!(stderr.contains("fixed"), "{stderr}");
    let err = desk
        .sql()
        .execute("DELETE FROM survey_indicators", [])
        .unwrap_err()
        .to_string();
    assert!(err.contains("fixed"), "{err}");
}

#[test]
fn bad_survey_input_is_refused_and_writes_nothing() {
    let desk = owners(1);
    desk.ok(
        &t("10:00"),
        &[
            "survey",
            "new",
            "2026H2",
            "--indicator",
            "value=1",
            "--indicator",
            "brand=1",
        ],
    );
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "survey",
                "new",
                "W",
                "--indicator",
                "a=0",
                "--indicator",
                "b=0",
            ],
            "every weight is zero",
        ),
        (&["survey", "new", "W"], "--standard"),
        (&["survey", "new", "W", "--indicator", "a=x"], "--indicator"),
        (
            &["survey", "new", "W", "--scale", "1", "--standard"],
            "--scale",
        ),
        (
            &[
                "survey",
                "record",
                "2026H2",
                "--phone",
                "13800000000",
                "value=6",
            ],
            "outside the scale",
        ),
        (
            &[
                "survey",
                "record",
                "2026H2",
                "--phone",
                "13800000000",
                "price=3",
            ],
            "not an indicator",
        ),
        (
            &[
                "survey",
                "record",
                "2026H2",
                "--phone",
                "13800000000",
                "value",
            ],
            "KEY=VALUE",
        ),
        (
            &[
                "survey",
                "record",
                "2026H2",
                "--phone",
                "13800000000",
                "value=4=4",
            ],
            "outside the scale",
        ),
        (
            &[
                "survey",
                "record",
                "2026H2",
                "--phone",
                "13999999999",
                "value=4",
            ],
            "no customer",
        ),
        (
            &[
                "survey",
                "record",
                "2099H1",
                "--phone",
                "13800000000",
                "value=4",
            ],
            "no survey",
        ),
        (&["report", "survey", "--survey", "2099H1"], "no survey"),
        (&["survey", "sample", "2026H2", "--rate", "1.5"], "--rate"),
    ];
    for (args, expected) in cases {
        let stderr = desk.refused(&t("10:10"), args);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn complaint_follow_up_scores_feed_the_complaint_handling_figure() {
    let desk = owners(1);
    for (i, score) in ["5", "3"].iter().enumerate() {
        let id = (i + 1).to_string();
        desk.json(
            &t("09:00"),
            &[
                "complaint",
                "new",
                "--phone",
                &phone(0),
                "--channel",
                "phone",
                "--category",
                "other",
                "x",
            ],
        );
        desk.ok(&t("10:00"), &["complaint", "resolve", &id]);
        desk.ok(
            &t("11:00"),
            &["complaint", "revisit", &id, "--score", score],
        );
    }
    desk.ok(&t("12:00"), &["survey", "new", "2026H2", "--standard"]);
    let report = desk.json(&t("12:00"), &["report", "survey", "--survey", "2026H2"]);
    assert_eq!(report["complaint_handling_count"], 2);
    assert_eq!(report["complaint_handling_mean"], 4.0);
    assert_eq!(report["complaint_handling_index"], 75.0);
}

#[test]
fn the_survey_report_as_csv_ends_with_the_index() {
    let desk = owners(1);
    desk.ok(
        &t("10:00"),
        &["survey", "new", "2026H2", "--indicator", "value=1"],
    );
    desk.ok(
        &t("10:01"),
        &[
            "survey",
            "record",
            "2026H2",
            "--phone",
            &phone(0),
            "value=4",
        ],
    );
    let csv = desk.ok(
        &t("10:02"),
        &["report", "survey", "--survey", "2026H2", "--format", "csv"],
    );
    assert_eq!(
        csv,
        "survey,indicator,label,weight,count,mean,sd,top_two_share,delta,previous_mean\n\
         2026H2,value,value,1.0000,1,4.00,,1.000,,\n\
         2026H2,satisfaction_index,满意度指数,,1,75.0,,1.000,,\n"
    );
}

#[test]
fn a_call_list_below_twenty_percent_warns_in_both_languages() {
    let desk = owners(10);
    desk.ok(
        "2026-12-01 10:00",
        &["survey", "new", "2026H2", "--standard"],
    );
    let low = desk
        .command(
            "2026-12-02 10:00",
            &["survey", "sample", "2026H2", "--rate", "0.1"],
        )
        .output()
        .unwrap();
    assert!(low.status.success());
    let warning = String::from_utf8_lossy(&low.stderr);
    assert!(
        warning.contains("warning: survey 2026H2: a call list at 10 % falls short of the 20 %")
            && warning.contains("--rate 0.2"),
        "{warning}"
    );
    let zh = desk.under(
        "zh_CN.UTF-8",
        "2026-12-02 10:00",
        &["survey", "sample", "2026H2", "--rate", "0.1"],
    );
    assert!(
        String::from_utf8_lossy(&zh.stderr).contains("抽查率 10% 低于半年度满意度调查要求的 20%"),
        "{}",
        String::from_utf8_lossy(&zh.stderr)
    );
    for enough in ["0.2", "0.5"] {
        let out = desk
            .command(
                "2026-12-02 10:00",
                &["survey", "sample", "2026H2", "--rate", enough],
            )
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("warning"),
            "{enough}"
        );
    }
}

#[test]
fn the_monthly_report_flags_a_half_year_without_a_survey_wave() {
    let desk = owners(2);
    desk.ok(
        "2026-06-01 10:00",
        &["survey", "new", "2026H1", "--standard"],
    );
    let halves = |month: &str| -> Vec<String> {
        desk.json("2027-01-05 09:00", &["report", "monthly", "--month", month])["survey_half_years"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| format!("{} {} {}", h["half_year"], h["waves"], h["no_wave"]))
            .collect()
    };
    // November: the second half-year is still running.
    assert_eq!(
        halves("2026-11"),
        ["\"2026H1\" 1 false", "\"2026H2\" 0 false"]
    );
    // December closes the half-year without a wave; January's report still says so.
    assert_eq!(
        halves("2026-12"),
        ["\"2026H1\" 1 false", "\"2026H2\" 0 true"]
    );
    assert_eq!(
        halves("2027-01"),
        ["\"2026H2\" 0 true", "\"2027H1\" 0 false"]
    );
    desk.ok(
        "2026-12-01 10:00",
        &["survey", "new", "2026H2", "--standard"],
    );
    assert_eq!(
        halves("2026-12"),
        ["\"2026H1\" 1 false", "\"2026H2\" 1 false"]
    );
}
