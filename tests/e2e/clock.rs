//! The office's clock: every "now" is read in the time zone the database keeps, never the
//! process's `TZ`; the clock is read once a write holds the lock, so clerks registering at the
//! same moment are never refused for the time; and a time typed with `--at` can neither run far
//! ahead of the clock nor hold the real-clock entries behind it.

use std::process::Output;

use chrono::{Duration, NaiveDateTime, Utc};
use serde_json::Value;

use crate::harness::{Desk, snapshot_of};

/// Runs a clerk's command under the process zone `tz` and the clock `clock`; it must succeed.
fn ok_under(desk: &Desk, tz: &str, clock: Option<&str>, args: &[&str]) -> String {
    let output = desk
        .clerk(clock, args)
        .env("TZ", tz)
        .output()
        .expect("run salesdesk");
    assert!(
        output.status.success(),
        "salesdesk {args:?} under TZ={tz} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn json_under(desk: &Desk, tz: &str, clock: Option<&str>, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let text = ok_under(desk, tz, clock, &all);
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
}

/// Beijing time is UTC+8 all year round.
const BEIJING: Duration = Duration::hours(8);

/// The office's wall clock (Beijing time) now, to the minute, as salesdesk prints it.
fn beijing_now() -> NaiveDateTime {
    let wall = Utc::now().naive_utc() + BEIJING;
    use chrono::Timelike;
    wall.with_second(0)
        .and_then(|w| w.with_nanosecond(0))
        .expect("a minute")
}

fn minute(text: &Value) -> NaiveDateTime {
    let text = text
        .as_str()
        .unwrap_or_else(|| panic!("not a time: {text}"));
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .unwrap_or_else(|err| panic!("{text:?}: {err}"))
}

fn complaint(desk: &Desk, tz: &str, clock: Option<&str>) -> Value {
    json_under(
        desk,
        tz,
        clock,
        &[
            "complaint",
            "new",
            "--phone",
            "13800000001",
            "--name",
            "陈先生",
            "--channel",
            "phone",
            "--category",
            "other",
            "门口路灯不亮",
        ],
    )
}

fn due(complaint: &Value, step: &str) -> Value {
    complaint["deadlines"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["step"] == step))
        .map(|d| d["due"].clone())
        .unwrap_or(Value::Null)
}

#[test]
fn a_server_on_utc_records_the_office_s_time_and_deadlines() {
    let desk = Desk::new();
    // 06:21 UTC is 14:21 in Beijing: the ticket is due within half an hour, not at 09:30 of
    // the next morning as a server that took its own clock for the office's would have it.
    let filed = complaint(&desk, "UTC", Some("2026-11-23T06:21:00Z"));
    assert_eq!(filed["received_at"], "2026-11-23 14:21", "{filed}");
    assert_eq!(due(&filed, "ticket"), "2026-11-23 14:51", "{filed}");
    assert_eq!(
        desk.count("SELECT count(*) FROM complaints WHERE received_at LIKE '2026-11-23 14:21%'"),
        1
    );
}

#[test]
fn the_computer_s_own_clock_is_read_in_the_office_s_zone() {
    for tz in ["UTC", "America/New_York", "Asia/Shanghai"] {
        let desk = Desk::new();
        let before = beijing_now();
        let filed = complaint(&desk, tz, None);
        let after = beijing_now();
        let received = minute(&filed["received_at"]);
        assert!(
            before <= received && received <= after,
            "TZ={tz}: received at {received}, but Beijing time was {before} to {after}"
        );
    }
}

#[test]
fn period_words_mean_the_office_s_days() {
    let desk = Desk::new();
    desk.clerk(Some("2026-11-23T01:00:00Z"), &["rep", "add", "王芳"])
        .output()
        .expect("run salesdesk");
    // 20:00 UTC on the 23rd is 04:00 on the 24th in Beijing: yesterday is the 23rd.
    let late = Some("2026-11-23T20:00:00Z");
    for (word, day) in [("yesterday", "2026-11-23"), ("today", "2026-11-24")] {
        let report = json_under(&desk, "UTC", late, &["report", "daily", "--date", word]);
        assert_eq!(report["date"], day, "--date {word}: {report}");
        assert_eq!(report["as_of"], "2026-11-24 04:00", "{report}");
    }
}

/// A morning at the desk, each command a minute after the last, as instants of the clock.
fn morning(desk: &Desk, tz: &str) -> Vec<String> {
    let steps: &[&[&str]] = &[
        &["rep", "add", "王芳"],
        &["rep", "add", "张伟"],
        &["roster", "set", "王芳", "张伟"],
        &["visit", "黄女士", "--phone", "13600000001"],
        &["visit", "李先生", "--phone", "13500000001", "--call"],
        &["visit", "陈先生", "--phone", "13800000001"],
        &["visit", "黄女士", "--phone", "13600000001"],
        &[
            "complaint",
            "new",
            "--phone",
            "13800000001",
            "--channel",
            "phone",
            "--category",
            "quality",
            "外墙渗水",
        ],
        &["complaint", "list", "--overdue"],
        &["register"],
        &["roster", "show"],
        &["register", "--date", "yesterday"],
        &["report", "daily", "--date", "today", "--format", "csv"],
        &["export", "visits", "--format", "csv"],
        &["complaint", "show", "1", "--format", "json"],
    ];
    let start = "2026-11-23T00:30:00Z"
        .parse::<chrono::DateTime<Utc>>()
        .expect("an instant");
    steps
        .iter()
        .enumerate()
        .map(|(i, args)| {
            let clock = (start + Duration::minutes(i as i64 * 7)).to_rfc3339();
            ok_under(desk, tz, Some(&clock), args)
        })
        .collect()
}

#[test]
fn a_day_at_the_desk_reads_the_same_under_every_process_zone() {
    let office = Desk::new();
    let expected = morning(&office, "Asia/Shanghai");
    // The first visit came at 08:51 Beijing time (00:51 UTC), and the register shows it.
    assert!(
        expected[3].starts_with("王芳 — next in the rotation"),
        "the first visit's receipt: {}",
        expected[3]
    );
    assert!(
        expected[9].contains("08:51") && expected[9].contains("黄女士"),
        "{}",
        expected[9]
    );
    for tz in ["UTC", "America/New_York"] {
        let desk = Desk::new();
        let seen = morning(&desk, tz);
        for (i, (seen, expected)) in seen.iter().zip(&expected).enumerate() {
            assert_eq!(seen, expected, "step {i} under TZ={tz}");
        }
        assert_eq!(snapshot_of(&desk.db), snapshot_of(&office.db), "TZ={tz}");
    }
}

#[test]
fn the_office_sets_its_zone_and_the_clock_follows() {
    let desk = Desk::new();
    ok_under(&desk, "UTC", None, &["rep", "add", "王芳"]);
    assert_eq!(
        ok_under(
            &desk,
            "UTC",
            Some("2026-11-23T06:21:00Z"),
            &["calendar", "zone"]
        ),
        "time zone: Asia/Shanghai\n",
        "a new office keeps Beijing time"
    );
    let set = ok_under(
        &desk,
        "UTC",
        Some("2026-11-23T06:21:00Z"),
        &["calendar", "zone", "asia/urumqi"],
    );
    assert_eq!(set, "time zone: Asia/Urumqi\n");
    let filed = complaint(&desk, "Asia/Shanghai", Some("2026-11-23T06:21:00Z"));
    assert_eq!(filed["received_at"], "2026-11-23 12:21", "{filed}");
    let shown = desk
        .clerk(Some("2026-11-23T06:21:00Z"), &["calendar", "show"])
        .output()
        .expect("run salesdesk");
    assert!(
        String::from_utf8_lossy(&shown.stderr).contains("time zone: Asia/Urumqi"),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );
    let before = desk.snapshot();
    let refused = desk
        .clerk(
            Some("2026-11-23T06:21:00Z"),
            &["calendar", "zone", "Beijing"],
        )
        .output()
        .expect("run salesdesk");
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.starts_with("error: ZONE: \"Beijing\" is not a time zone")
            && message.contains("Asia/Shanghai"),
        "{message}"
    );
    assert_eq!(desk.snapshot(), before);
}

/// Runs a clerk's command at the fixed wall clock `clock`; returns the output.
fn at_clock(desk: &Desk, clock: &str, args: &[&str]) -> Output {
    desk.clerk(Some(clock), args)
        .output()
        .expect("run salesdesk")
}

#[test]
fn a_time_typed_far_ahead_is_refused_and_never_blocks_the_desk() {
    let desk = Desk::new();
    let clock = "2026-11-23 06:17";
    for args in [
        &["rep", "add", "王芳"][..],
        &["rep", "add", "张伟"],
        &["roster", "set", "王芳", "张伟"],
    ] {
        assert!(at_clock(&desk, clock, args).status.success());
    }
    // 18:24 typed at 06:17: a wrong hour. Taken, it would refuse every real-clock turn until
    // 18:24 ("06:17 is before 18:24, when entry 1 took a turn").
    let before = desk.snapshot();
    let typo = at_clock(
        &desk,
        clock,
        &[
            "visit",
            "黄女士",
            "--phone",
            "13600000001",
            "--at",
            "2026-11-23 18:24",
        ],
    );
    assert_eq!(typo.status.code(), Some(2));
    let message = String::from_utf8_lossy(&typo.stderr);
    assert!(
        message.contains("more than 10 minutes after the computer's clock (2026-11-23 06:17)")
            && message.contains("is the time right?"),
        "{message}"
    );
    assert_eq!(desk.snapshot(), before, "the refused visit wrote nothing");
    // A few minutes ahead is the wall clock against the computer's: accepted.
    let ahead = at_clock(
        &desk,
        clock,
        &[
            "visit",
            "黄女士",
            "--phone",
            "13600000001",
            "--at",
            "2026-11-23 06:25",
            "--format",
            "json",
        ],
    );
    assert!(
        ahead.status.success(),
        "{}",
        String::from_utf8_lossy(&ahead.stderr)
    );
    // The clock's own entries that follow are never refused for their time.
    for (name, phone) in [("陈先生", "13800000001"), ("李先生", "13500000001")] {
        let visit = at_clock(
            &desk,
            clock,
            &["visit", name, "--phone", phone, "--format", "json"],
        );
        assert!(
            visit.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&visit.stderr)
        );
        let visit: Value = serde_json::from_slice(&visit.stdout).expect("JSON");
        assert_eq!(visit["at"], "2026-11-23 06:17", "{visit}");
    }
    let reassigned = at_clock(&desk, clock, &["reassign", "3", "--reason", "不满意"]);
    assert!(
        reassigned.status.success(),
        "{}",
        String::from_utf8_lossy(&reassigned.stderr)
    );
    // A time typed to back-fill must still keep the order of turns already handed out.
    let behind = at_clock(
        &desk,
        clock,
        &[
            "visit",
            "周女士",
            "--phone",
            "13700000001",
            "--at",
            "2026-11-23 06:20",
        ],
    );
    assert_eq!(behind.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&behind.stderr).contains("turns are handed out in the order"),
        "{}",
        String::from_utf8_lossy(&behind.stderr)
    );
}

#[test]
fn clerks_registering_at_once_are_never_refused_for_the_time() {
    const CLERKS: usize = 8;
    const VISITS: usize = 40;
    // The roster is the office's today: not across midnight in Beijing from the visits.
    let wall = Utc::now().naive_utc() + BEIJING;
    let midnight = (wall.date() + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    if midnight - wall < Duration::seconds(90) {
        std::thread::sleep(
            (midnight - wall + Duration::seconds(2))
                .to_std()
                .expect("a wait"),
        );
    }
    let desk = Desk::new();
    let reps = ["甲", "乙", "丙", "丁"];
    for rep in reps {
        assert!(
            desk.clerk(None, &["rep", "add", rep])
                .output()
                .expect("run")
                .status
                .success()
        );
    }
    let mut set = vec!["roster", "set"];
    set.extend(reps);
    assert!(
        desk.clerk(None, &set)
            .output()
            .expect("run")
            .status
            .success()
    );
    let refused: Vec<String> = std::thread::scope(|scope| {
        let clerks: Vec<_> = (0..CLERKS)
            .map(|clerk| {
                let desk = &desk;
                scope.spawn(move || {
                    let mut refused = Vec::new();
                    for visit in 0..VISITS {
                        let phone = format!("139{:04}{:04}", clerk, visit);
                        let output = desk
                            .clerk(None, &["visit", "客", "--phone", &phone])
                            .output()
                            .expect("run salesdesk");
                        if !output.status.success() {
                            refused.push(String::from_utf8_lossy(&output.stderr).into_owned());
                        }
                    }
                    refused
                })
            })
            .collect();
        clerks
            .into_iter()
            .flat_map(|clerk| clerk.join().expect("a clerk"))
            .collect()
    });
    assert!(
        refused.is_empty(),
        "{} refused: {:?}",
        refused.len(),
        refused
    );
    assert_eq!(
        desk.count("SELECT count(*) FROM visits WHERE reason = 'rotation'"),
        (CLERKS * VISITS) as i64
    );
    let turns: Vec<i64> = {
        let conn = desk.sql();
        let mut statement = conn
            .prepare("SELECT count(*) FROM visits WHERE turn = 1 GROUP BY rep_id")
            .expect("prepare");
        statement
            .query_map([], |row| row.get(0))
            .expect("query")
            .map(|n| n.expect("a count"))
            .collect()
    };
    let (least, most) = (turns.iter().min(), turns.iter().max());
    assert!(
        turns.len() == reps.len() && most.zip(least).is_some_and(|(m, l)| m - l <= 1),
        "turns per rep: {turns:?}"
    );
}
