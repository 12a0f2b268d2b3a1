//! `demo`: a fresh demo database and a morning at the desk.

use assert_cmd::Command;

#[test]
fn demo_builds_a_fresh_database_and_plays_the_morning() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_salesdesk"))
            .current_dir(dir.path())
            .env_remove("SALESDESK_DB")
            .env_remove("LANG")
            .arg("demo")
            .args(extra)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let first = run(&[]);
    assert!(dir.path().join("demo.db").exists());
    // The group centre: two more projects and their daily report with the group's totals.
    for project in ["翠湖苑.db", "金桂园.db"] {
        assert!(dir.path().join("demo.group").join(project).exists());
    }
    assert!(
        first.contains("group report --offices")
            && first.contains("│ group   ┆         ┆ 4      ┆ 1     │"),
        "the demo never shows the group's totals:\n{first}"
    );
    // Every reason shows up in the morning.
    for reason in [
        "rotation",
        "returning",
        "voluntary",
        "designated",
        "brought",
        "reassigned",
        "call",
    ] {
        assert!(
            first.contains(reason),
            "the demo never shows {reason}:\n{first}"
        );
    }
    // The customer centre: every class, a replaced contractor, the overdue list.
    for shown in [
        "major: group complaint",
        "important: amount 3,000 ≥ 500",
        "general: category other",
        "replace the contractor",
        "evidence feedback",
        "┆ progress          ┆",
        // The highest class wins, a consultation is general, a class judged again (3.1).
        "important: category sales (sales promises)",
        "not a sales promise (4.2.4.2)",
        "complaint 4: reclassified major",
    ] {
        assert!(
            first.contains(shown),
            "the demo never shows {shown}:\n{first}"
        );
    }
    // After the sale: a handover, a check falling due, a leak revisited on day 3, the report.
    for shown in [
        "3-1-301 handed over on 2026-08-23",
        "revisit due by 2026-11-23 15:00",
        "repair 1: revisit recorded, now revisited",
        "Repair lead rate",
    ] {
        assert!(
            first.contains(shown),
            "the demo never shows {shown}:\n{first}"
        );
    }
    // Two survey waves and the change between them.
    for shown in ["Satisfaction index", "Previous", "2026H1", "Meets 20 %"] {
        assert!(
            first.contains(shown),
            "the demo never shows {shown}:\n{first}"
        );
    }
    // The day ends in deals, one for each way of sharing the commission.
    for rule in [
        "(plain)",
        "(midway-designation)",
        "(referral)",
        "(spouses)",
        "(company-introduced)",
        "Sales credited",
    ] {
        assert!(
            first.contains(rule),
            "the demo never shows {rule}:\n{first}"
        );
    }
    // Nothing but the database and the group's two project files is left behind.
    let mut group: Vec<String> = std::fs::read_dir(dir.path().join("demo.group"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    group.sort();
    assert_eq!(group, ["翠湖苑.db", "金桂园.db"]);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("demo.db") && n != "demo.group")
        .collect();
    names.sort();
    assert!(names.is_empty(), "left behind: {names:?}");
    // Run again with --force: the database is made afresh, so the morning plays out the same.
    assert_eq!(run(&["--force"]), first);
}

#[test]
fn demo_refuses_an_existing_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("翠湖苑.db");
    let desk = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_salesdesk"))
            .current_dir(dir.path())
            .env_remove("SALESDESK_DB")
            .env_remove("LANG")
            .args(["--db", real.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    assert!(desk(&["rep", "add", "王芳"]).status.success());
    let before = std::fs::read(&real).unwrap();
    let output = desk(&["demo", "--file", real.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--file")
            && stderr.contains("翠湖苑.db already exists")
            && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&real).unwrap(), before, "the office's file");
    let reps = desk(&["rep", "list", "--format", "csv"]);
    assert!(String::from_utf8_lossy(&reps.stdout).contains("王芳"));
    // A folder is no file to build a demo in.
    let output = desk(&["demo", "--file", dir.path().to_str().unwrap(), "--force"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is a folder"));
}

#[test]
fn demo_leaves_a_group_folder_holding_other_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("demo.group");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("锦绣城.db"), b"an office's file").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_salesdesk"))
        .current_dir(dir.path())
        .env_remove("SALESDESK_DB")
        .env_remove("LANG")
        .arg("demo")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("锦绣城.db"), "{stderr}");
    assert!(!dir.path().join("demo.db").exists(), "nothing was written");
    assert_eq!(
        std::fs::read(folder.join("锦绣城.db")).unwrap(),
        b"an office's file"
    );
}
