//! The README's crontabs, run as cron runs them: every line of each ```cron block through
//! `/bin/sh -c` in a bare environment (`env -i`) that holds only the crontab's own variables.
//! A crontab that forgets `PATH` (cron's default has no room for the binary) or the database
//! fails here as it would at 08:30 in the office.

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
