//! The README's crontabs, run as cron runs them: every line of each ```cron block through
//! `/bin/sh -c` in a bare environment (`env -i`) that holds only the crontab's own variables.
//! A crontab that forgets `PATH` (cron's default has no room for the binary) or the database
//! fails here as it would at 08:30 in the office. The clerk's guide (前台使用说明) is run the
//! same way, every line of its ```sh blocks in order, so that no command in it is one the clerk
//! would see refused.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, Utc};

use crate::harness::Desk;

/// One ```cron block of the README: its variable lines and its command lines.
#[derive(Debug)]
struct Crontab {
    vars: Vec<(String, String)>,
    commands: Vec<String>,
}

fn crontabs(readme: &str) -> Vec<Crontab> {
    let mut found = Vec::new();
    let mut current: Option<Crontab> = None;
    for line in readme.lines() {
        let trimmed = line.trim();
        match &mut current {
            None if trimmed == "```cron" => {
                current = Some(Crontab {
                    vars: Vec::new(),
                    commands: Vec::new(),
                })
            }
            None => {}
            Some(_) if trimmed == "```" => found.extend(current.take()),
            Some(_) if trimmed.is_empty() || trimmed.starts_with('#') => {}
            Some(crontab) => match variable(trimmed) {
                Some((name, value)) => crontab.vars.push((name, value)),
                None => crontab.commands.push(command_of(trimmed)),
            },
        }
    }
    assert!(current.is_none(), "a ```cron block is not closed");
    found
}

/// `NAME=value`, a crontab's environment line.
fn variable(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once('=')?;
    let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_name.then(|| (name.to_string(), value.trim().to_string()))
}

/// The command of a job line: what follows the five time fields, with cron's `\%` made `%`
/// again (an unescaped `%` would end the command in a real crontab).
fn command_of(line: &str) -> String {
    let mut rest = line;
    for _ in 0..5 {
        let end = rest
            .find(char::is_whitespace)
            .unwrap_or_else(|| panic!("a cron line needs five time fields: {line}"));
        rest = rest[end..].trim_start();
    }
    let bare = rest.replace("\\%", "");
    assert!(
        !bare.contains('%'),
        "an unescaped % ends the command under cron: {line}"
    );
    rest.replace("\\%", "%")
}

/// Runs `command` as cron would, with only `vars` in its environment, in `home`.
fn as_cron(command: &str, vars: &[(String, String)], home: &Path) -> std::process::Output {
    Command::new("/usr/bin/env")
        .arg("-i")
        .args(vars.iter().map(|(name, value)| format!("{name}={value}")))
        .args(["/bin/sh", "-c", command])
        .current_dir(home)
        .output()
        .expect("run /bin/sh")
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("read the folder")
        .map(|entry| entry.expect("folder entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn the_readme_crontabs_run_under_crons_bare_environment() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("read README.md");
    let crontabs = crontabs(&readme);
    assert!(crontabs.len() >= 2, "the reports' and the backup's crontab");

    // A database with a visit yesterday, the day the daily report covers when cron runs it.
    let desk = Desk::new();
    let db = desk.path("翠湖苑.db");
    // Yesterday in the office (Beijing time, UTC+8 all year), as the crontab's `--date
    // yesterday` reads it, whatever the day is where the tests run.
    let yesterday = (Utc::now() + Duration::hours(8)).date_naive() - Duration::days(1);
    let at = |time: &str| format!("{yesterday} {time}");
    let day = yesterday.to_string();
    for (time, args) in [
        ("08:00", vec!["rep", "add", "王芳"]),
        ("08:30", vec!["roster", "set", "王芳", "--date", &day]),
        ("10:00", vec!["visit", "黄女士", "--phone", "13600000001"]),
    ] {
        desk.command_on(&db, &at(time), &args).assert().success();
    }
    // The README's /srv folders do not exist here: each is replaced by a folder of the test's
    // own, and the README's /usr/local/bin (where the office copied the binary) by the folder
    // the test build put it in.
    let bin = Path::new(env!("CARGO_BIN_EXE_salesdesk"))
        .parent()
        .expect("the binary's folder")
        .to_str()
        .expect("a UTF-8 path")
        .to_string();
    let home = desk.path("home");
    let reports = desk.path("reports");
    let backups = desk.path("backup");
    // The group centre's machine: the offices' files in one folder, its reports in another.
    let projects = desk.path("projects");
    let group = desk.path("group");
    for folder in [&home, &reports, &backups, &projects, &group] {
        std::fs::create_dir(folder).unwrap();
    }
    std::fs::copy(&db, projects.join("翠湖苑.db")).unwrap();
    let folders = [
        ("/srv/reports", &reports),
        ("/srv/backup", &backups),
        ("/srv/salesdesk/翠湖苑.db", &db),
        ("/srv/projects", &projects),
        ("/srv/group", &group),
    ];
    let local = |text: &str| {
        let mut text = text.replace("/usr/local/bin", &bin);
        for (srv, here) in &folders {
            text = text.replace(srv, here.to_str().expect("a UTF-8 path"));
        }
        assert!(
            !text.contains("/srv/"),
            "a /srv path the test does not know: {text}"
        );
        text
    };

    let mut ran = 0;
    for crontab in &crontabs {
        let names: Vec<&str> = crontab.vars.iter().map(|(n, _)| n.as_str()).collect();
        // The group centre reads the files it is given, never a database of its own.
        let group_only = crontab
            .commands
            .iter()
            .all(|c| c.starts_with("salesdesk group "));
        assert!(
            names.contains(&"PATH") && (group_only || names.contains(&"SALESDESK_DB")),
            "every crontab sets PATH, and SALESDESK_DB for an office's database: {crontab:?}"
        );
        let vars: Vec<(String, String)> = crontab
            .vars
            .iter()
            .map(|(name, value)| (name.clone(), local(value)))
            .collect();
        for line in &crontab.commands {
            let command = local(line);
            let folder = if command.contains(reports.to_str().unwrap()) {
                &reports
            } else if command.contains(group.to_str().unwrap()) {
                &group
            } else {
                &backups
            };
            let before = files_in(folder);
            let output = as_cron(&command, &vars, &home);
            assert!(
                output.status.success(),
                "`{line}` exited {:?} under cron: {}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            );
            // A helper the line calls (`date`) missing from PATH only complains on stderr.
            assert!(
                output.stderr.is_empty(),
                "`{line}`: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let after = files_in(folder);
            let new: Vec<&PathBuf> = after.iter().filter(|f| !before.contains(f)).collect();
            assert_eq!(new.len(), 1, "`{line}` wrote {new:?}");
            let written = std::fs::read(new[0]).unwrap();
            assert!(!written.is_empty(), "`{line}` wrote an empty file");
            if line.contains("report daily") {
                // Named after the day reported, not the day cron ran it.
                let name = new[0].file_name().unwrap().to_string_lossy();
                assert!(name.contains(&day), "`{line}` wrote {name}");
                let text = String::from_utf8_lossy(&written);
                assert!(
                    text.contains(&day) && text.contains("王芳"),
                    "the daily report covers yesterday's visit: {text}"
                );
            }
            ran += 1;
        }
    }
    assert!(ran >= 5, "four reports and a backup, {ran} ran");
    assert!(
        files_in(&home).is_empty(),
        "nothing is written in cron's home"
    );

    // Without the crontab's SALESDESK_DB the report would read salesdesk.db in cron's home
    // folder: it is refused rather than created empty.
    let crontab = &crontabs[0];
    let without_db: Vec<(String, String)> = crontab
        .vars
        .iter()
        .filter(|(name, _)| name != "SALESDESK_DB")
        .map(|(name, value)| (name.clone(), local(value)))
        .collect();
    let output = as_cron(&local(&crontab.commands[0]), &without_db, &home);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no database at salesdesk.db"));
    assert!(files_in(&home).is_empty());
}

/// The command lines of the ```sh blocks under the README heading `heading`, up to the next
/// `## ` heading, in order; comment lines and blank lines left out.
fn sh_lines(readme: &str, heading: &str) -> Vec<String> {
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README has no {heading}"));
    let section = &readme[start + heading.len() + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut lines = Vec::new();
    let mut inside = false;
    for line in section.lines() {
        match line.trim() {
            "```sh" => inside = true,
            "```" => inside = false,
            text if inside && !text.is_empty() && !text.starts_with('#') => {
                lines.push(text.to_string())
            }
            _ => {}
        }
    }
    assert!(!inside, "a ```sh block of {heading} is not closed");
    lines
}

/// The clerk's guide, line by line as the clerk types it: the `export` lines set the shell's
/// variables, every other line runs through `/bin/sh` on a database that holds what the guide
/// says the office already has (the reps, and 刘女士 who bought from 王芳 on 11-02), each a
/// few minutes after the one before on 2026-11-23. Every line must succeed and say nothing
/// on stderr; the evening's daily report must be in the folder.
#[test]
fn the_clerks_guide_runs_line_by_line() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("read README.md");
    let lines = sh_lines(&readme, "## 前台使用说明");
    assert!(lines.len() >= 20, "{lines:?}");

    let desk = Desk::new();
    let home = desk.path("home");
    std::fs::create_dir_all(home.join("office")).unwrap();
    let db = home.join("office").join("翠湖苑.db");
    for (at, args) in [
        (
            "2026-11-02 08:00",
            vec!["rep", "add", "王芳", "--phone", "13900000001"],
        ),
        ("2026-11-02 08:00", vec!["rep", "add", "张伟"]),
        ("2026-11-02 08:00", vec!["rep", "add", "李娜"]),
        (
            "2026-11-02 08:30",
            vec!["roster", "set", "王芳", "张伟", "李娜"],
        ),
        (
            "2026-11-02 10:00",
            vec!["visit", "刘女士", "--phone", "13912345678"],
        ),
        (
            "2026-11-02 15:00",
            vec![
                "deal",
                "13912345678",
                "--unit",
                "5-2-1201",
                "--price",
                "1280000",
            ],
        ),
    ] {
        desk.command_on(&db, at, &args).assert().success();
    }

    let bin = Path::new(env!("CARGO_BIN_EXE_salesdesk"))
        .parent()
        .expect("the binary's folder")
        .to_string_lossy()
        .into_owned();
    let mut vars: Vec<(String, String)> = vec![
        ("PATH".into(), format!("{bin}:/usr/bin:/bin")),
        ("HOME".into(), home.to_string_lossy().into_owned()),
    ];
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(8, 30, 0)
        .unwrap();
    let mut ran = 0;
    for line in &lines {
        if let Some(assignment) = line.strip_prefix("export ") {
            let (name, value) = variable(assignment).expect("export NAME=value");
            // The shell expands the `~/` of an assignment.
            let value = match value.strip_prefix("~/") {
                Some(rest) => home.join(rest).to_string_lossy().into_owned(),
                None => value,
            };
            vars.retain(|(n, _)| *n != name);
            vars.push((name, value));
            continue;
        }
        assert!(
            line.starts_with("salesdesk "),
            "not a salesdesk command: {line}"
        );
        let clock = start + Duration::minutes(5 * ran);
        let mut with_clock = vars.clone();
        with_clock.push((
            "SALESDESK_CLOCK".into(),
            clock.format("%Y-%m-%d %H:%M").to_string(),
        ));
        let output = as_cron(line, &with_clock, &home);
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "`{line}` exited {:?}: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        ran += 1;
    }
    let names: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    assert!(
        names.contains(&("SALESDESK_DB", db.to_str().unwrap())),
        "the guide's database is the one set up here: {names:?}"
    );
    assert!(names.contains(&("LANG", "zh_CN.UTF-8")), "{names:?}");
    // The mistaken entry is voided, the complaint recorded, the register approved.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM complaints"), 1);
    assert_eq!(
        count("SELECT COUNT(*) FROM visit_voids WHERE visit_id = 7"),
        1
    );
    assert_eq!(count("SELECT COUNT(*) FROM approvals"), 1);
    assert_eq!(count("SELECT COUNT(*) FROM reps WHERE name = '陈静'"), 1);
    let report = home.join("日报-2026-11-23.csv");
    let text = std::fs::read_to_string(&report).expect("the daily report");
    assert!(text.contains("黄女士") || text.contains("张伟"), "{text}");
}
