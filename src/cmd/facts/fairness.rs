//! What the fairness audit reads of a period: each day's roster log for the hours on duty, and
//! the register's entries for the turns, the designated and voluntary receptions, the
//! reassignments and the voids, gathered per rep and handed to [`crate::domain::fairness`].

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::db::{calendar, register, reps};
use crate::domain::fairness::{self, Counts, Flag};
use crate::domain::register::Reason;

/// One rep's period at the desk, as the audit shows it.
#[derive(Debug, Clone, Default)]
pub struct RepFairness {
    pub rep: String,
    pub minutes_on_duty: i64,
    pub rotation_turns: i64,
    pub new_customers: i64,
    pub new_by_rotation: i64,
    pub designated: i64,
    pub voluntary: i64,
    pub reassigned_from: i64,
    pub reassigned_to: i64,
    pub voided: i64,
    pub expected_turns: Option<f64>,
    pub flags: Vec<Flag>,
}

/// The team's figures the flags were judged against.
#[derive(Debug, Clone, Default)]
pub struct Team {
    pub minutes_on_duty: i64,
    pub rotation_turns: i64,
    pub median_designated: f64,
    pub median_voluntary: f64,
    pub median_voided: f64,
}

/// Every rep on duty in `[first, last]` or with a reception in it, by name, judged up to `now`
/// (a day after `now` has not happened; the day of `now` runs to `now`).
pub fn audit(
    conn: &Connection,
    first: NaiveDate,
    last: NaiveDate,
    now: NaiveDateTime,
) -> Result<(Vec<RepFairness>, Team)> {
    let hours = calendar::calendar(conn)?.hours;
    let mut by_id: HashMap<i64, RepFairness> = HashMap::new();
    let mut names: HashMap<i64, String> = HashMap::new();
    let mut day = first;
    while day <= last && day <= now.date() {
        let log = reps::day_log(conn, day)?;
        for (rep, _) in &log.reps {
            names.insert(rep.id, rep.name.clone());
        }
        for (rep, minutes) in fairness::duty_minutes(&log, hours.open, hours.close, now) {
            by_id.entry(rep).or_default().minutes_on_duty += minutes;
        }
        day += Duration::days(1);
    }
    // Judged as the period closed: a void after it leaves the entry as it stood then, so that
    // a period's audit does not change afterwards.
    let end = (last + Duration::days(1)).and_time(chrono::NaiveTime::MIN);
    for entry in register::receptions_between(conn, first, last)? {
        let voided = entry.voided_at.is_some_and(|at| at < end);
        if voided && let Some(id) = entry.rep_id {
            by_id.entry(id).or_default().voided += 1;
        }
        if voided || entry.superseded {
            continue;
        }
        if entry.reason == Reason::Reassigned
            && let Some((Some(from), _)) = entry.left
        {
            by_id.entry(from).or_default().reassigned_from += 1;
        }
        let Some(id) = entry.rep_id else {
            continue;
        };
        let rep = by_id.entry(id).or_default();
        if entry.turn {
            rep.rotation_turns += 1;
        }
        if fairness::new_customer(entry.reason, entry.left.map(|(_, reason)| reason)) {
            rep.new_customers += 1;
        }
        match entry.reason {
            Reason::Rotation => rep.new_by_rotation += 1,
            Reason::Designated => rep.designated += 1,
            Reason::Voluntary => rep.voluntary += 1,
            Reason::Reassigned => rep.reassigned_to += 1,
            _ => {}
        }
    }
    let mut sorted: BTreeMap<(String, i64), RepFairness> = BTreeMap::new();
    for (id, mut rep) in by_id {
        rep.rep = names.get(&id).cloned().unwrap_or_default();
        sorted.insert((rep.rep.clone(), id), rep);
    }
    let mut team: Vec<RepFairness> = sorted.into_values().collect();
    let minutes: Vec<i64> = team.iter().map(|r| r.minutes_on_duty).collect();
    let rotation_turns: i64 = team.iter().map(|r| r.rotation_turns).sum();
    let counts: Vec<Counts> = team
        .iter()
        .map(|r| Counts {
            designated: r.designated,
            voluntary: r.voluntary,
            voided: r.voided,
            new_customers: r.new_customers,
        })
        .collect();
    let median =
        |of: fn(&Counts) -> i64| fairness::median(&counts.iter().map(of).collect::<Vec<_>>());
    let summary = Team {
        minutes_on_duty: minutes.iter().sum(),
        rotation_turns,
        median_designated: median(|c| c.designated),
        median_voluntary: median(|c| c.voluntary),
        median_voided: median(|c| c.voided),
    };
    let expected = fairness::expected_turns(&minutes, rotation_turns);
    let flags = fairness::flags(&counts);
    for ((rep, expected), flags) in team.iter_mut().zip(expected).zip(flags) {
        rep.expected_turns = expected;
        rep.flags = flags;
    }
    Ok((team, summary))
}
