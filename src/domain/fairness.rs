//! Fair competition at the desk (公平竞争, seed 003 §3 and §5–§6): how long each rep stood on the
//! roster, the rotation turns the team's hours would give each of them, and the reps whose
//! designated receptions, voluntary receptions or voided entries stand out from the team's.
//!
//! The rules, as this module applies them:
//! - A rep is on duty from the moment the roster sets them (or they join it with `roster back`)
//!   until the day's end or until they retire, inside the office's hours. Time away without
//!   reason (`absent`) or busy with a customer outside the rotation (`busy`) is not duty: the
//!   seed takes the turn from such a rep with nothing owed (3.4 取消本轮接客资格, 5.1 不另行安排补班).
//!   Time on a manager's errand (`manager`) is duty: the turns passed meanwhile are owed back
//!   (3.4 安排当前位置优先轮值), so the rep's share of the team's turns stands.
//! - A rep's new customers are those received in the rotation, designated, brought by an old
//!   customer, or taken over from a rep who had received one ([`new_customer`]).
//! - The turns a rep is expected to take are the team's rotation turns shared in proportion to
//!   hours on duty.
//! - A rep's designated receptions, voluntary receptions or voided entries are flagged when they
//!   are more than twice the team's median, or more than 30 % of the rep's new customers; one
//!   alone is never a pattern, so a count below two is not flagged.

use std::collections::HashMap;

use chrono::{NaiveDateTime, NaiveTime};

use super::codes::{Code, code_set};
use super::register::Reason;
use super::rotation::{Away, DayLog, RosterChange};

/// A share of new customers above this (30 %) stands out.
pub const SHARE_LIMIT: f64 = 0.30;

/// Fewer than this many is never flagged: one designation is a customer's wish, not a pattern.
pub const LEAST_FLAGGED: i64 = 2;

/// Minutes on duty per rep on one day, from the day's roster log: between `open` and `close`
/// and never after `until` (the moment the report is read at, on a day still going).
pub fn duty_minutes(
    log: &DayLog,
    open: NaiveTime,
    close: NaiveTime,
    until: NaiveDateTime,
) -> HashMap<i64, i64> {
    let first = log.day.and_time(open);
    let last = log.day.and_time(close).min(until);
    let clamp = |at: NaiveDateTime| at.clamp(first, last.max(first));
    let mut steps: Vec<(NaiveDateTime, u8, Step)> = Vec::new();
    for (at, event) in &log.events {
        steps.push((log.when(*at), 0, Step::Event(event)));
    }
    for (rep, retired) in &log.reps {
        if let Some(at) = retired.filter(|at| at.date() <= log.day) {
            steps.push((log.when(at), 1, Step::Retired(rep.id)));
        }
    }
    // Stable: lines of one moment keep the order they were written in.
    steps.sort_by_key(|(at, kind, _)| (*at, *kind));
    // The reps on the roster, with why they are away if they are.
    let mut on: Vec<(i64, Option<Away>)> = Vec::new();
    let mut minutes: HashMap<i64, i64> = HashMap::new();
    let mut since = first;
    let mut count = |on: &[(i64, Option<Away>)], from: NaiveDateTime, to: NaiveDateTime| {
        let took = (to - from).num_minutes();
        if took <= 0 {
            return;
        }
        for (rep, away) in on {
            if on_duty(*away) {
                *minutes.entry(*rep).or_insert(0) += took;
            }
        }
    };
    for (at, _, step) in steps {
        let at = clamp(at);
        count(&on, since, at);
        since = at;
        match step {
            Step::Event(event) => match (event.change, event.rep_id) {
                (RosterChange::Set, _) => {
                    let order = event.detail.as_deref().unwrap_or("");
                    on = log.named(order).into_iter().map(|r| (r.id, None)).collect();
                }
                (RosterChange::Away, Some(rep)) => {
                    let away = event.detail.as_deref().and_then(Away::from_code);
                    if let (Some(slot), Some(away)) = (on.iter_mut().find(|s| s.0 == rep), away) {
                        slot.1 = Some(away);
                    }
                }
                (RosterChange::Back, Some(rep)) => match on.iter_mut().find(|s| s.0 == rep) {
                    Some(slot) => slot.1 = None,
                    None => on.push((rep, None)),
                },
                _ => {}
            },
            Step::Retired(rep) => on.retain(|s| s.0 != rep),
        }
    }
    count(&on, since, last.max(first));
    minutes
}

enum Step<'a> {
    Event(&'a super::rotation::RosterEvent),
    Retired(i64),
}

/// Whether time spent so counts as duty: at the desk, or on a manager's errand.
fn on_duty(away: Option<Away>) -> bool {
    matches!(away, None | Some(Away::Manager))
}

/// Whether a reception is of a new customer: received in the rotation, designated before the
/// reception began (5.1), or brought by an old customer (7.5); or taken over from another rep
/// who had received a new customer (3.10c: 此客户按新客处理; 5.2). A returning customer, and a
/// voluntary reception of another rep's customer (4.2), is not.
pub fn new_customer(reason: Reason, left: Option<Reason>) -> bool {
    let new = |reason| {
        matches!(
            reason,
            Reason::Rotation | Reason::Designated | Reason::Brought
        )
    };
    match reason {
        Reason::Reassigned => left.is_some_and(new),
        reason => new(reason),
    }
}

/// The turns each rep is expected to take: the team's turns shared in proportion to minutes on
/// duty. `None` for everyone when nobody was on duty.
pub fn expected_turns(minutes: &[i64], team_turns: i64) -> Vec<Option<f64>> {
    let total: i64 = minutes.iter().sum();
    minutes
        .iter()
        .map(|m| (total > 0).then(|| team_turns as f64 * *m as f64 / total as f64))
        .collect()
}

/// The median of the team's counts (the mean of the middle two for an even team); 0 for none.
pub fn median(counts: &[i64]) -> f64 {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2] as f64,
        n => (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0,
    }
}

/// What may stand out in a rep's month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Designated,
    Voluntary,
    Voided,
}

code_set!(Measure, "a measure of fair competition", [
    Designated => "designated", "指定接待",
    Voluntary => "voluntary", "义务接待",
    Voided => "voided", "作废登记",
]);

/// A flag's rule, named in its code: the measure and the rule it broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    DesignatedOverTwiceMedian,
    DesignatedOverShare,
    VoluntaryOverTwiceMedian,
    VoluntaryOverShare,
    VoidedOverTwiceMedian,
    VoidedOverShare,
}

code_set!(Rule, "a fairness flag", [
    DesignatedOverTwiceMedian => "designated_over_twice_median", "指定接待超过团队中位数两倍",
    DesignatedOverShare => "designated_over_share_of_new", "指定接待超过新客户30%",
    VoluntaryOverTwiceMedian => "voluntary_over_twice_median", "义务接待超过团队中位数两倍",
    VoluntaryOverShare => "voluntary_over_share_of_new", "义务接待超过新客户30%",
    VoidedOverTwiceMedian => "voided_over_twice_median", "作废登记超过团队中位数两倍",
    VoidedOverShare => "voided_over_share_of_new", "作废登记超过新客户30%",
]);

impl Rule {
    fn of(measure: Measure, share: bool) -> Rule {
        match (measure, share) {
            (Measure::Designated, false) => Rule::DesignatedOverTwiceMedian,
            (Measure::Designated, true) => Rule::DesignatedOverShare,
            (Measure::Voluntary, false) => Rule::VoluntaryOverTwiceMedian,
            (Measure::Voluntary, true) => Rule::VoluntaryOverShare,
            (Measure::Voided, false) => Rule::VoidedOverTwiceMedian,
            (Measure::Voided, true) => Rule::VoidedOverShare,
        }
    }
}

/// One flag on a rep: the rule, the measure and the figures that broke it.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub rule: Rule,
    pub measure: Measure,
    pub count: i64,
    /// The team's median of the measure (for the median rule).
    pub median: f64,
    /// The rep's new customers (for the share rule).
    pub new_customers: i64,
}

/// A rep's figures as the flags read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub designated: i64,
    pub voluntary: i64,
    pub voided: i64,
    pub new_customers: i64,
}

impl Counts {
    fn of(&self, measure: Measure) -> i64 {
        match measure {
            Measure::Designated => self.designated,
            Measure::Voluntary => self.voluntary,
            Measure::Voided => self.voided,
        }
    }
}

/// The flags of every rep of the team, in the team's order: each measure against twice the
/// team's median, then against 30 % of the rep's new customers.
pub fn flags(team: &[Counts]) -> Vec<Vec<Flag>> {
    let medians: Vec<(Measure, f64)> = Measure::ALL
        .iter()
        .map(|m| {
            let counts: Vec<i64> = team.iter().map(|c| c.of(*m)).collect();
            (*m, median(&counts))
        })
        .collect();
    team.iter()
        .map(|rep| {
            let mut flags = Vec::new();
            for (measure, median) in &medians {
                let count = rep.of(*measure);
                if count < LEAST_FLAGGED {
                    continue;
                }
                let flag = |share| Flag {
                    rule: Rule::of(*measure, share),
                    measure: *measure,
                    count,
                    median: *median,
                    new_customers: rep.new_customers,
                };
                if count as f64 > 2.0 * median {
                    flags.push(flag(false));
                }
                if count as f64 > SHARE_LIMIT * rep.new_customers as f64 {
                    flags.push(flag(true));
                }
            }
            flags
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::rotation::{RepRef, RosterEvent};

    fn at(hm: &str) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 2)
            .unwrap()
            .and_time(NaiveTime::parse_from_str(hm, "%H:%M").unwrap())
    }

    fn log(events: Vec<(&str, RosterEvent)>) -> DayLog {
        DayLog {
            day: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            events: events.into_iter().map(|(t, e)| (at(t), e)).collect(),
            turns: Vec::new(),
            reps: ["张伟", "王芳", "李娜"]
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    (
                        RepRef {
                            id: i as i64 + 1,
                            name: n.to_string(),
                        },
                        None,
                    )
                })
                .collect(),
        }
    }

    fn set(order: &str) -> RosterEvent {
        RosterEvent {
            detail: Some(order.to_string()),
            ..RosterEvent::of(RosterChange::Set)
        }
    }

    fn change(change: RosterChange, rep: i64, detail: Option<&str>) -> RosterEvent {
        RosterEvent {
            rep_id: Some(rep),
            detail: detail.map(str::to_string),
            ..RosterEvent::of(change)
        }
    }

    fn hours() -> (NaiveTime, NaiveTime) {
        (
            NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        )
    }

    #[test]
    fn duty_runs_from_the_roster_to_the_close_inside_office_hours() {
        let (open, close) = hours();
        let day = log(vec![("08:30", set("张伟 王芳"))]);
        let minutes = duty_minutes(&day, open, close, at("23:00"));
        assert_eq!(minutes[&1], 9 * 60);
        assert_eq!(minutes[&2], 9 * 60);
        assert!(!minutes.contains_key(&3));
        // A day still going counts to the moment it is read at.
        assert_eq!(duty_minutes(&day, open, close, at("12:00"))[&1], 3 * 60);
    }

    #[test]
    fn absent_and_busy_time_is_not_duty_but_a_managers_errand_is() {
        let (open, close) = hours();
        let day = log(vec![
            ("09:00", set("张伟 王芳 李娜")),
            ("10:00", change(RosterChange::Away, 1, Some("absent"))),
            ("11:00", change(RosterChange::Back, 1, None)),
            ("12:00", change(RosterChange::Away, 2, Some("busy"))),
            ("12:30", change(RosterChange::Back, 2, None)),
            ("13:00", change(RosterChange::Away, 3, Some("manager"))),
        ]);
        let minutes = duty_minutes(&day, open, close, at("23:00"));
        assert_eq!(minutes[&1], 8 * 60);
        assert_eq!(minutes[&2], 8 * 60 + 30);
        assert_eq!(minutes[&3], 9 * 60);
    }

    #[test]
    fn a_late_arrival_counts_from_joining_and_a_retired_rep_until_retiring() {
        let (open, close) = hours();
        let mut day = log(vec![
            ("09:00", set("张伟 王芳")),
            (
                "14:00",
                change(RosterChange::Back, 3, Some("joined the roster")),
            ),
        ]);
        day.reps[1].1 = Some(at("15:00"));
        let minutes = duty_minutes(&day, open, close, at("23:00"));
        assert_eq!(minutes[&1], 9 * 60);
        assert_eq!(minutes[&2], 6 * 60);
        assert_eq!(minutes[&3], 4 * 60);
    }

    #[test]
    fn a_new_customer_is_received_in_the_rotation_designated_brought_or_taken_over() {
        for reason in [Reason::Rotation, Reason::Designated, Reason::Brought] {
            assert!(new_customer(reason, None));
            assert!(new_customer(Reason::Reassigned, Some(reason)));
        }
        for reason in [Reason::Returning, Reason::Voluntary, Reason::Call] {
            assert!(!new_customer(reason, None));
            assert!(!new_customer(Reason::Reassigned, Some(reason)));
        }
    }

    #[test]
    fn expected_turns_share_the_teams_turns_by_hours() {
        let expected = expected_turns(&[540, 270, 270], 12);
        assert_eq!(expected, vec![Some(6.0), Some(3.0), Some(3.0)]);
        assert_eq!(expected_turns(&[0, 0], 4), vec![None, None]);
    }

    #[test]
    fn the_median_of_an_even_team_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[3, 1, 2]), 2.0);
        assert_eq!(median(&[4, 1, 2, 0]), 1.5);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn a_rep_with_most_designations_is_flagged_with_the_rules_broken() {
        let rep = |designated, new_customers| Counts {
            designated,
            new_customers,
            ..Counts::default()
        };
        let team = [rep(5, 8), rep(1, 8), rep(0, 8), rep(1, 8)];
        let flags = flags(&team);
        let rules: Vec<Rule> = flags[0].iter().map(|f| f.rule).collect();
        assert_eq!(
            rules,
            vec![Rule::DesignatedOverTwiceMedian, Rule::DesignatedOverShare]
        );
        assert_eq!(flags[0][0].median, 1.0);
        assert!(flags[1..].iter().all(Vec::is_empty));
    }

    #[test]
    fn one_alone_is_never_flagged_and_a_share_within_30_percent_is_not() {
        let team = [
            Counts {
                voided: 1,
                new_customers: 1,
                ..Counts::default()
            },
            Counts {
                voluntary: 3,
                new_customers: 10,
                ..Counts::default()
            },
            Counts {
                voluntary: 2,
                new_customers: 10,
                ..Counts::default()
            },
        ];
        let flags = flags(&team);
        assert!(flags[0].is_empty());
        // 3 of 10 is 30 %, not over; 3 is not more than twice the median 2.
        assert!(flags[1].is_empty());
        assert!(flags[2].is_empty());
    }
}
