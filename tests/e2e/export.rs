//! `export`: the records streamed as they are read, byte for byte what the golden files hold in
//! every format (CSV, Excel mode, JSON, Chinese headers), one rep's entries with `--rep`, a file
//! that appears whole or not at all even when the export fails midway, and a reader that stops
//! early (`| head`) that is no error.
//!
//! The golden files are regenerated only on purpose: `SALESDESK_BLESS=1 cargo test export`.

use std::io::Read;
use std::process::Stdio;

use crate::harness::{Desk, against_golden, t};
use crate::report::office;

/// The exports the golden files of this group hold, as (file name, arguments); the plain CSV
/// ones live with the reports' (tests/e2e/report.rs).
const GOLDEN: &[(&str, &[&str])] = &[
    (
        "export-visits.json",
        &["export", "visits", "--format", "json"],
    ),
    (
        "export-customers.json",
        &["export", "customers", "--format", "json"],
    ),
    (
        "export-complaints.json",
        &["export", "complaints", "--format", "json"],
    ),
    ("export-visits-bom.csv", &["export", "visits", "--bom"]),
    (
        "export-customers-bom.csv",
        &["export", "customers", "--bom"],
    ),
    (
        "export-complaints-bom.csv",
        &["export", "complaints", "--bom"],
    ),
    (
        "export-visits-zh.csv",
        &["export", "visits", "--format", "csv", "--lang", "zh"],
    ),
    (
        "export-visits-wang.csv",
        &["export", "visits", "--rep", "王芳", "--format", "csv"],
    ),
];

/// The moment every golden export is taken at.
const AT: &str = "2026-11-24 08:30";

#[test]
fn every_export_matches_its_golden_file() {
    let desk = office();
    let mut differ = Vec::new();
    for (name, args) in GOLDEN {
        let output = desk.ok(AT, args);
        differ.extend(against_golden(name, &output, "export"));
    }
    assert!(
        differ.is_empty(),
        "exports differ from their golden files:\n{}",
        differ.join("\n")
    );
}

#[test]
fn a_file_export_is_what_the_terminal_shows() {
    let desk = office();
    for (name, args) in GOLDEN {
        let target = desk.path(&format!("out-{name}"));
        let mut with_file = args.to_vec();
        with_file.extend_from_slice(&["--output", target.to_str().unwrap()]);
        assert_eq!(
            desk.ok(AT, &with_file),
            "",
            "{name}: nothing on the terminal"
        );
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            desk.ok(AT, args),
            "{name}"
        );
    }
}

#[test]
fn rep_keeps_one_reps_entries_and_names_the_reps_when_unknown() {
    let desk = office();
    let all = desk.json(AT, &["export", "visits"]);
    let wang = desk.json(AT, &["export", "visits", "--rep", "王芳"]);
    let expected: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["rep"] == "王芳")
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        wang.as_array().unwrap().iter().collect::<Vec<_>>(),
        expected
    );
    // The name is trimmed as the desk trims it.
    let spaced = desk.json(AT, &["export", "visits", "--rep", " 王芳 "]);
    assert_eq!(spaced, wang);

    let err = desk.refused(AT, &["export", "visits", "--rep", "王大"]);
    assert!(
        err.contains("--rep") && err.contains("王大") && err.contains("王芳 张伟 李娜"),
        "{err}"
    );

    // A retired rep's entries are history, and history can be exported.
    desk.ok(AT, &["rep", "retire", "王芳"]);
    assert_eq!(desk.json(AT, &["export", "visits", "--rep", "王芳"]), wang);
}

/// A register of `n` imported visits over one day, for exports larger than any buffer.
fn large_register(n: usize) -> Desk {
    let desk = Desk::new();
    desk.ok(&t("08:00"), &["rep", "add", "王芳"]);
    let mut csv = String::from("name,phone,visited_at,rep\n");
    for i in 0..n {
        csv += &format!(
            "客户{i},139{i:08},{} {:02}:{:02},王芳\n",
            crate::harness::DAY,
            9 + i / 60 % 9,
            i % 60
        );
    }
    let file = desk.path("register.csv");
    std::fs::write(&file, csv).unwrap();
    desk.ok(&t("20:00"), &["import", "visits", file.to_str().unwrap()]);
    desk
}

#[test]
fn an_export_that_fails_midway_leaves_no_file() {
    let desk = large_register(2_000);
    let target = desk.path("visits.json");
    let args = [
        "export",
        "visits",
        "--format",
        "json",
        "--output",
        target.to_str().unwrap(),
    ];
    desk.ok(AT, &args);
    let whole = std::fs::read_to_string(&target).unwrap();
    assert!(whole.len() > 256 * 1024, "larger than any buffer");

    // An entry whose time is damaged in the file sorts last: every other entry has been
    // written to the temporary file by the time it is read.
    desk.sql()
        .execute(
            "INSERT INTO visits (customer_id, rep_id, at, day, kind, channel, reason,
                                 recorded_at)
             VALUES (1, 1, '2026-11-23 late', '2026-11-23', 'visit', 'walk-in', 'rotation',
                     '2026-11-23 20:00:00')",
            [],
        )
        .unwrap();
    let before = desk.files();
    let output = desk.command(AT, &args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("late"),
        "the damaged value is named: {stderr}"
    );
    assert_eq!(desk.files(), before, "no temporary file left behind");
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        whole,
        "the old file stays as it was"
    );

    // A new file is not created at all.
    let fresh = desk.path("fresh.csv");
    let output = desk
        .command(
            AT,
            &["export", "visits", "--output", fresh.to_str().unwrap()],
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!fresh.exists());
    assert_eq!(desk.files(), before);
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    let desk = large_register(2_000);
    let mut child = desk
        .process(AT, &["export", "visits", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"[");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_voided_and_a_corrected_entry_say_so() {
    let desk = office();
    desk.ok(
        "2026-11-23 18:00",
        &["void", "10", "--reason", "重复录入", "--by", "前台"],
    );
    let visits = desk.json(
        AT,
        &[
            "export",
            "visits",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
        ],
    );
    let entry = |id: i64| {
        visits
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["visit_id"] == id)
            .unwrap_or_else(|| panic!("entry {id} in {visits}"))
            .clone()
    };
    assert_eq!(entry(10)["voided"], true);
    assert_eq!(entry(11)["voided"], false);
    // Entry 11 was reassigned at 10:50: the correction supersedes it.
    let correction = entry(11)["superseded_by"].as_i64().expect("superseded");
    assert_eq!(entry(correction)["supersedes"], 11);
    assert_eq!(entry(correction)["reason"], "reassigned");
}
