//! A complaint's deadlines (第一时间原则): when each clock starts, what stops it, and where it
//! stands at a given moment. See the module documentation of [`super`] for each clock. The
//! clocks that depend on the class (the 5-working-day resolution, the agreed reply time) follow
//! the complaint's class at that moment, its latest reclassification's if any
//! ([`class_at`]); a voided complaint runs no clock at all, whenever it was voided: each
//! deadline it had not met stands `not_applicable`.

use chrono::{Duration, NaiveDateTime};

use super::classify::Class;
use super::life::{Event, Step, class_at, voided_by};
use crate::domain::calendar::Calendar;
use crate::domain::codes::code_enum;

/// The ticket (建受理单) is due this many working minutes after receipt.
pub const TICKET_WORKING_MINUTES: i64 = 30;

/// The first feedback to the customer (信息反馈客户) is due this many calendar days after
/// receipt, moved to the next working moment when it lands outside working time.
pub const FEEDBACK_DAYS: i64 = 3;

/// A general complaint, which the centre resolves itself, is due resolved this many working days
/// after receipt (5.1.10); an important or major one follows the final decision instead.
pub const RESOLVE_WORKING_DAYS: u32 = 5;

/// The follow-up call (客户回访) is due this many working days after the latest resolution.
pub const REVISIT_WORKING_DAYS: u32 = 1;

/// The handling plan (拟定方案) is due this many working days after an escalation of an
/// unresolved complaint.
pub const PLAN_WORKING_DAYS: u32 = 1;

/// While a complaint is open, the customer hears of its progress at least every this many
/// working days.
pub const PROGRESS_WORKING_DAYS: u32 = 3;

code_enum! {
    /// Where a deadline stands at the moment asked about.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Standing: "a deadline standing" {
        Met => "met", "按时",
        Missed => "missed", "超时",
        Open => "open", "未到期",
        /// Its clock has not started (a follow-up call before the complaint is resolved).
        NotStarted => "not_started", "未开始",
        /// The procedure sets no such clock for this complaint (the 5-working-day resolution of an
        /// important or major one).
        NotApplicable => "not_applicable", "不适用",
    }
}

code_enum! {
    /// The clocks of a complaint (第一时间原则), one per step the procedure times; see the module
    /// documentation for when each starts and what stops it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Clock: "a complaint deadline" {
        Ticket => "ticket", "受理单",
        Evidence => "evidence", "取证",
        Feedback => "feedback", "首次反馈",
        Resolve => "resolve", "解决",
        Revisit => "revisit", "回访",
        Plan => "plan", "拟定方案",
        Progress => "progress", "进展反馈",
    }
}

/// One deadline of one complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub clock: Clock,
    pub due: Option<NaiveDateTime>,
    pub done: Option<NaiveDateTime>,
    pub standing: Standing,
}

impl Deadline {
    fn judged(
        clock: Clock,
        due: NaiveDateTime,
        done: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Deadline {
        let standing = match done {
            Some(done) if done <= due => Standing::Met,
            Some(_) => Standing::Missed,
            None if now > due => Standing::Missed,
            None => Standing::Open,
        };
        Deadline {
            clock,
            due: Some(due),
            done,
            standing,
        }
    }

    /// Past due with the step still not taken: what the overdue list shows.
    pub fn overdue(&self) -> bool {
        self.standing == Standing::Missed && self.done.is_none()
    }
}

/// The deadlines of a complaint received at `received` with the class `class` and ticketed at
/// `ticketed`, judged at `now`. Only events up to `now` count, but a void, which counts
/// whenever it was recorded. See the module documentation for each clock.
pub fn deadlines(
    calendar: &Calendar,
    received: NaiveDateTime,
    ticketed: NaiveDateTime,
    class: Class,
    events: &[Event],
    now: NaiveDateTime,
) -> Vec<Deadline> {
    let events: Vec<Event> = events
        .iter()
        .copied()
        .filter(|e| e.at <= now || e.step == Step::Void)
        .collect();
    let mut list = clocks(calendar, received, ticketed, class, &events, now);
    if voided_by(&events) {
        // A mistaken complaint was never due anything.
        for deadline in &mut list {
            if deadline.standing != Standing::Met {
                deadline.standing = Standing::NotApplicable;
            }
        }
    }
    list
}

/// The clocks of [`deadlines`], over the events that count.
fn clocks(
    calendar: &Calendar,
    received: NaiveDateTime,
    ticketed: NaiveDateTime,
    class: Class,
    events: &[Event],
    now: NaiveDateTime,
) -> Vec<Deadline> {
    let class = class_at(class, events);
    let first = |step: Step, after: NaiveDateTime| {
        events
            .iter()
            .find(|e| e.step == step && e.at >= after)
            .map(|e| e.at)
    };
    let resolved = first(Step::Resolve, received);
    // A reply time agreed with the customer replaces the standard first-feedback clock; the
    // latest agreement stands.
    let agreed = events
        .iter()
        .rev()
        .find(|e| e.step == Step::Agree)
        .and_then(|e| e.reply_by)
        .filter(|_| class.may_agree());
    let feedback_done = events
        .iter()
        .find(|e| matches!(e.step, Step::Progress | Step::Resolve))
        .map(|e| e.at);
    let ticket_due = calendar.add_working_minutes(received, TICKET_WORKING_MINUTES);
    // An unresolved complaint escalated because the centre cannot settle it alone follows the
    // leaders' plan from then on (5.1.11), not the centre's own five days (5.1.10).
    let escalated = events
        .iter()
        .any(|e| e.step == Step::Escalate && resolved.is_none_or(|at| e.at < at));
    let mut list = vec![
        Deadline::judged(Clock::Ticket, ticket_due, Some(ticketed), now),
        Deadline::judged(
            Clock::Evidence,
            evidence_due(calendar, ticket_due),
            first(Step::Evidence, received),
            now,
        ),
        Deadline::judged(
            Clock::Feedback,
            agreed.unwrap_or_else(|| {
                calendar.next_working_moment(received + Duration::days(FEEDBACK_DAYS))
            }),
            feedback_done,
            now,
        ),
        match class {
            Class::General if !escalated => Deadline::judged(
                Clock::Resolve,
                calendar.add_working_days_at(received, RESOLVE_WORKING_DAYS),
                resolved,
                now,
            ),
            Class::General | Class::Important | Class::Major => Deadline {
                clock: Clock::Resolve,
                due: None,
                done: resolved,
                standing: Standing::NotApplicable,
            },
        },
    ];
    // A follow-up that reopened the complaint is followed by a new resolution and its own call.
    let last_resolved = events
        .iter()
        .rev()
        .find(|e| e.step == Step::Resolve)
        .map(|e| e.at);
    list.push(match last_resolved {
        Some(at) => Deadline::judged(
            Clock::Revisit,
            calendar.add_working_days_at(at, REVISIT_WORKING_DAYS),
            first(Step::Revisit, at),
            now,
        ),
        None => Deadline {
            clock: Clock::Revisit,
            due: None,
            done: None,
            standing: Standing::NotStarted,
        },
    });
    for escalated in events
        .iter()
        .filter(|e| e.step == Step::Escalate)
        .map(|e| e.at)
    {
        // Once resolved, an escalation reviews the outcome; there is no handling plan to draft.
        if resolved.is_some_and(|at| at <= escalated) {
            continue;
        }
        let plan = events
            .iter()
            .find(|e| matches!(e.step, Step::Progress | Step::Resolve) && e.at >= escalated)
            .map(|e| e.at);
        list.push(Deadline::judged(
            Clock::Plan,
            calendar.add_working_days_at(escalated, PLAN_WORKING_DAYS),
            plan,
            now,
        ));
    }
    list.extend(progress(calendar, events, feedback_done, resolved, now));
    list
}

/// Evidence is gathered within the first working day (5.1.7) of a complaint the centre has on
/// file: the working day its ticket falls due in. A complaint received after hours, or so near
/// the close that its ticket is due the next morning, has the whole of that next day, never a
/// close that comes before its own ticket.
pub fn evidence_due(calendar: &Calendar, ticket_due: NaiveDateTime) -> NaiveDateTime {
    calendar.end_of_working_day(ticket_due)
}

/// The moment a report of one day judges its complaints: the day's end once it is over, and
/// the moment asked about while the day is still going, so that a daily report run at 17:30
/// counts as overdue what the 17:30 overdue list shows, not what will be late by midnight.
pub fn verdict_moment(day_end: NaiveDateTime, now: NaiveDateTime) -> NaiveDateTime {
    day_end.min(now)
}

/// The every-3-working-days progress clock, one deadline per interval between contacts with
/// the customer; see the module documentation.
fn progress(
    calendar: &Calendar,
    events: &[Event],
    first_feedback: Option<NaiveDateTime>,
    resolved: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Vec<Deadline> {
    let Some(first) = first_feedback.filter(|at| Some(*at) != resolved) else {
        return vec![Deadline {
            clock: Clock::Progress,
            due: None,
            done: None,
            standing: Standing::NotStarted,
        }];
    };
    let mut contacts: Vec<NaiveDateTime> = vec![first];
    contacts.extend(
        events
            .iter()
            .filter(|e| {
                e.step == Step::Progress && e.at > first && resolved.is_none_or(|r| e.at < r)
            })
            .map(|e| e.at),
    );
    // The interval after the last contact ends with the resolution, or is still running.
    let ends: Vec<Option<NaiveDateTime>> = contacts
        .iter()
        .skip(1)
        .map(|at| Some(*at))
        .chain([resolved])
        .collect();
    contacts
        .iter()
        .zip(ends)
        .map(|(start, end)| {
            Deadline::judged(
                Clock::Progress,
                calendar.add_working_days_at(*start, PROGRESS_WORKING_DAYS),
                end,
                now,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Code;
    use chrono::NaiveDate;

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    /// National Day 2026 with its make-up Saturday.
    fn calendar() -> Calendar {
        let mut calendar = Calendar::default();
        for day in 1..=7 {
            calendar
                .holidays
                .insert(NaiveDate::from_ymd_opt(2026, 10, day).unwrap());
        }
        calendar
            .workdays
            .insert(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap());
        calendar
    }

    /// The last deadline of a step (the running interval, the latest plan).
    fn find<'a>(list: &'a [Deadline], clock: &str) -> &'a Deadline {
        list.iter().rev().find(|d| d.clock.code() == clock).unwrap()
    }

    #[test]
    fn clocks_of_a_complaint_received_after_hours_before_the_holiday() {
        let received = t("2026-09-30 19:00");
        let list = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &[],
            t("2026-10-08 09:10"),
        );
        assert_eq!(find(&list, "ticket").due, Some(t("2026-10-08 09:30")));
        assert_eq!(find(&list, "ticket").standing, Standing::Met);
        assert_eq!(
            find(&list, "feedback").due,
            Some(t("2026-10-08 09:00")),
            "3 days land in the holiday: the next working moment"
        );
        assert_eq!(find(&list, "feedback").standing, Standing::Missed);
        assert_eq!(
            find(&list, "resolve").due,
            Some(t("2026-10-14 09:00")),
            "make-up Saturday counts"
        );
        assert_eq!(find(&list, "resolve").standing, Standing::Open);
        assert_eq!(find(&list, "revisit").standing, Standing::NotStarted);
        assert_eq!(find(&list, "progress").standing, Standing::NotStarted);
        assert!(
            list.iter().all(|d| d.clock != Clock::Plan),
            "no escalation, no plan clock"
        );
    }

    #[test]
    fn no_due_time_falls_outside_working_time() {
        // Wrong before: received 2026-04-03 16:00, the first feedback fell due on 04-06, 清明.
        let mut qingming = Calendar::default();
        for day in ["2026-04-04", "2026-04-05", "2026-04-06"] {
            qingming.mark(
                NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
                crate::domain::calendar::DayKind::Holiday,
            );
        }
        let received = t("2026-04-03 16:00");
        let list = deadlines(&qingming, received, received, Class::General, &[], received);
        assert_eq!(find(&list, "feedback").due, Some(t("2026-04-07 09:00")));
        // After hours on a working day: the next morning.
        let late = t("2026-04-08 17:30");
        let list = deadlines(&qingming, late, late, Class::General, &[], late);
        assert_eq!(
            find(&list, "feedback").due,
            Some(t("2026-04-13 09:00")),
            "a Saturday"
        );
        for deadline in &list {
            if let Some(due) = deadline.due {
                let hours = qingming.hours;
                assert!(
                    qingming.is_working_day(due.date())
                        && (hours.open..=hours.close).contains(&due.time()),
                    "{deadline:?}"
                );
            }
        }
    }

    #[test]
    fn only_a_general_complaint_has_the_five_working_day_resolution_clock() {
        // Wrong before: a structural (major) complaint was due in 5 working days like any other.
        let received = t("2026-11-02 10:00");
        for class in [Class::Important, Class::Major] {
            let list = deadlines(
                &calendar(),
                received,
                received,
                class,
                &[],
                t("2026-12-30 10:00"),
            );
            let resolve = find(&list, "resolve");
            assert_eq!(
                (resolve.due, resolve.standing),
                (None, Standing::NotApplicable),
                "{class:?}"
            );
            assert!(!resolve.overdue());
        }
        let general = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &[],
            received,
        );
        assert_eq!(find(&general, "resolve").due, Some(t("2026-11-09 10:00")));
    }

    #[test]
    fn evidence_is_due_by_the_end_of_the_first_working_day() {
        let event = |at: &str, step| Event {
            at: t(at),
            step,
            score: None,
            reply_by: None,
            class: None,
        };
        // Received on a Friday afternoon: that day's close. After hours: the next working day's.
        let friday = t("2026-11-20 15:00");
        let list = deadlines(&calendar(), friday, friday, Class::General, &[], friday);
        assert_eq!(find(&list, "evidence").due, Some(t("2026-11-20 18:00")));
        let evening = t("2026-11-20 19:00");
        let done = [event("2026-11-23 17:00", Step::Evidence)];
        let list = deadlines(
            &calendar(),
            evening,
            evening,
            Class::General,
            &done,
            t("2026-11-24 09:00"),
        );
        let evidence = find(&list, "evidence");
        assert_eq!(
            (evidence.due, evidence.standing),
            (Some(t("2026-11-23 18:00")), Standing::Met)
        );
    }

    #[test]
    fn evidence_is_never_due_before_the_ticket() {
        // Received at 17:50 on a Friday: the ticket's 30 working minutes run into Monday
        // morning, and the evidence has the whole of Monday, not Friday's close ten minutes on.
        let late = t("2026-11-20 17:50");
        let list = deadlines(&calendar(), late, late, Class::General, &[], late);
        let ticket = find(&list, "ticket").due.unwrap();
        let evidence = find(&list, "evidence").due.unwrap();
        assert_eq!(ticket, t("2026-11-23 09:20"));
        assert_eq!(evidence, t("2026-11-23 18:00"));
        // Received after hours: from the next working day's start, to its close.
        let night = t("2026-11-20 21:00");
        let list = deadlines(&calendar(), night, night, Class::General, &[], night);
        assert_eq!(find(&list, "ticket").due, Some(t("2026-11-23 09:30")));
        assert_eq!(find(&list, "evidence").due, Some(t("2026-11-23 18:00")));
    }

    #[test]
    fn an_escalated_general_complaint_has_no_five_day_clock() {
        let received = t("2026-11-02 10:00");
        let escalate = [Event::at(t("2026-11-03 10:00"), Step::Escalate)];
        let late = t("2026-11-20 10:00");
        let plain = deadlines(&calendar(), received, received, Class::General, &[], late);
        assert_eq!(find(&plain, "resolve").standing, Standing::Missed);
        let list = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &escalate,
            late,
        );
        let resolve = find(&list, "resolve");
        assert_eq!(
            (resolve.due, resolve.standing),
            (None, Standing::NotApplicable)
        );
        assert!(!resolve.overdue());
        // Before the escalation it was running.
        let before = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &escalate,
            t("2026-11-02 12:00"),
        );
        assert_eq!(find(&before, "resolve").standing, Standing::Open);
    }

    #[test]
    fn a_day_still_going_is_judged_at_the_moment_asked() {
        let end = t("2026-11-20 23:59");
        assert_eq!(
            verdict_moment(end, t("2026-11-20 17:30")),
            t("2026-11-20 17:30")
        );
        assert_eq!(verdict_moment(end, t("2026-11-21 08:30")), end);
    }

    #[test]
    fn an_agreed_reply_time_replaces_the_first_feedback_clock() {
        let received = t("2026-11-02 10:00");
        let agreed = [Event {
            at: t("2026-11-02 11:00"),
            step: Step::Agree,
            score: None,
            reply_by: Some(t("2026-11-10 16:00")),
            class: None,
        }];
        let now = t("2026-11-09 10:00");
        let major = deadlines(&calendar(), received, received, Class::Major, &agreed, now);
        let feedback = find(&major, "feedback");
        assert_eq!(
            (feedback.due, feedback.standing),
            (Some(t("2026-11-10 16:00")), Standing::Open),
            "not missed on day 3 any more"
        );
        // A general complaint keeps the standard clock.
        let general = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &agreed,
            now,
        );
        assert_eq!(find(&general, "feedback").due, Some(t("2026-11-05 10:00")));
    }

    #[test]
    fn a_late_ticket_is_missed() {
        let received = t("2026-09-29 10:00");
        let list = deadlines(
            &calendar(),
            received,
            t("2026-09-29 10:31"),
            Class::General,
            &[],
            t("2026-09-29 11:00"),
        );
        assert_eq!(find(&list, "ticket").standing, Standing::Missed);
    }

    #[test]
    fn steps_stop_their_clocks() {
        let received = t("2026-09-28 10:00");
        let events = [
            Event {
                at: t("2026-09-29 10:00"),
                step: Step::Progress,
                score: None,
                reply_by: None,
                class: None,
            },
            Event {
                at: t("2026-09-30 11:00"),
                step: Step::Escalate,
                score: None,
                reply_by: None,
                class: None,
            },
            Event {
                at: t("2026-10-08 10:00"),
                step: Step::Progress,
                score: None,
                reply_by: None,
                class: None,
            },
            Event {
                at: t("2026-10-09 10:00"),
                step: Step::Resolve,
                score: None,
                reply_by: None,
                class: None,
            },
            Event {
                at: t("2026-10-10 16:00"),
                step: Step::Revisit,
                score: None,
                reply_by: None,
                class: None,
            },
        ];
        let list = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-10-12 10:00"),
        );
        assert_eq!(find(&list, "feedback").done, Some(t("2026-09-29 10:00")));
        assert_eq!(find(&list, "feedback").standing, Standing::Met);
        // Escalated on 09-30 before it was resolved: the leaders' plan replaced the centre's
        // five working days (5.1.11).
        assert_eq!(find(&list, "resolve").due, None);
        assert_eq!(find(&list, "resolve").done, Some(t("2026-10-09 10:00")));
        assert_eq!(find(&list, "revisit").due, Some(t("2026-10-10 10:00")));
        assert_eq!(
            find(&list, "revisit").standing,
            Standing::Missed,
            "done 16:00, due 10:00"
        );
        // The plan after the escalation was due 10-08 11:00; the progress at 10:00 met it.
        assert_eq!(find(&list, "plan").due, Some(t("2026-10-08 11:00")));
        assert_eq!(find(&list, "plan").standing, Standing::Met);
        // Progress contacts 09-29 and 10-08: 3 working days from 09-29 is 10-09, so on time.
        assert_eq!(find(&list, "progress").standing, Standing::Met);
    }

    #[test]
    fn progress_feedback_every_three_working_days_while_open() {
        let received = t("2026-11-02 10:00");
        let events = [Event {
            at: t("2026-11-02 11:00"),
            step: Step::Progress,
            score: None,
            reply_by: None,
            class: None,
        }];
        let open = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-11-05 10:00"),
        );
        assert_eq!(find(&open, "progress").due, Some(t("2026-11-05 11:00")));
        assert_eq!(find(&open, "progress").standing, Standing::Open);
        let late = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-11-05 11:01"),
        );
        assert!(find(&late, "progress").overdue());
        let gap = [
            events[0],
            Event {
                at: t("2026-11-09 10:00"),
                step: Step::Progress,
                score: None,
                reply_by: None,
                class: None,
            },
        ];
        let kept_up = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &gap,
            t("2026-11-09 12:00"),
        );
        let intervals: Vec<(Standing, Option<NaiveDateTime>)> = kept_up
            .iter()
            .filter(|d| d.clock == Clock::Progress)
            .map(|d| (d.standing, d.due))
            .collect();
        assert_eq!(
            intervals,
            [
                (Standing::Missed, Some(t("2026-11-05 11:00"))),
                (Standing::Open, Some(t("2026-11-12 10:00")))
            ],
            "a 4-working-day gap is on the record; the call made starts a new interval"
        );
        assert!(
            kept_up
                .iter()
                .filter(|d| d.clock == Clock::Progress)
                .all(|d| !d.overdue()),
            "no progress call is overdue right after one was made"
        );
    }

    #[test]
    fn each_escalation_of_an_open_complaint_has_its_plan() {
        let received = t("2026-11-02 10:00");
        let events = [
            Event {
                at: t("2026-11-02 10:30"),
                step: Step::Escalate,
                score: None,
                reply_by: None,
                class: None,
            },
            Event {
                at: t("2026-11-04 11:00"),
                step: Step::Escalate,
                score: None,
                reply_by: None,
                class: None,
            },
            Event {
                at: t("2026-11-04 12:00"),
                step: Step::Resolve,
                score: None,
                reply_by: None,
                class: None,
            },
            Event {
                at: t("2026-11-04 13:00"),
                step: Step::Escalate,
                score: None,
                reply_by: None,
                class: None,
            },
        ];
        let list = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-11-05 12:00"),
        );
        let plans: Vec<Standing> = list
            .iter()
            .filter(|d| d.clock == Clock::Plan)
            .map(|d| d.standing)
            .collect();
        // The first plan was missed (due 11-03 10:30), a second escalation does not erase it; the
        // resolve met the second; the escalation after resolving starts none.
        assert_eq!(plans, [Standing::Missed, Standing::Met]);
        // This history records no evidence, whose clock is the only one left running late.
        assert!(
            list.iter()
                .filter(|d| d.clock != Clock::Evidence)
                .all(|d| !d.overdue())
        );
    }

    #[test]
    fn a_reclassification_moves_the_clocks_that_follow_the_class() {
        let received = t("2026-11-02 10:00");
        let reclassified = |class| Event {
            class: Some(class),
            ..Event::at(t("2026-11-02 11:00"), Step::Reclassify)
        };
        let now = t("2026-11-20 10:00");
        // A general complaint judged important: no 5-working-day resolution any more.
        let up = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &[reclassified(Class::Important)],
            now,
        );
        let resolve = find(&up, "resolve");
        assert_eq!(
            (resolve.due, resolve.standing),
            (None, Standing::NotApplicable)
        );
        // An important one judged general: the centre resolves it in 5 working days.
        let down = deadlines(
            &calendar(),
            received,
            received,
            Class::Important,
            &[reclassified(Class::General)],
            now,
        );
        let resolve = find(&down, "resolve");
        assert_eq!(
            (resolve.due, resolve.standing),
            (Some(t("2026-11-09 10:00")), Standing::Missed)
        );
        // Before the reclassification, the class it was received with.
        let before = deadlines(
            &calendar(),
            received,
            received,
            Class::Important,
            &[reclassified(Class::General)],
            t("2026-11-02 10:30"),
        );
        assert_eq!(find(&before, "resolve").standing, Standing::NotApplicable);
    }

    #[test]
    fn a_voided_complaint_runs_no_clock() {
        let received = t("2026-11-02 10:00");
        let events = [Event::at(t("2026-11-05 10:00"), Step::Void)];
        // Judged long after, and even before the void was recorded: nothing is overdue.
        for now in [t("2026-11-04 10:00"), t("2026-12-30 10:00")] {
            let list = deadlines(
                &calendar(),
                received,
                received,
                Class::General,
                &events,
                now,
            );
            assert!(list.iter().all(|d| !d.overdue()), "{now}: {list:?}");
            assert_eq!(find(&list, "ticket").standing, Standing::Met);
            assert_eq!(find(&list, "resolve").standing, Standing::NotApplicable);
        }
    }

    #[test]
    fn events_after_the_moment_asked_about_do_not_count() {
        let received = t("2026-11-02 10:00");
        let events = [Event {
            at: t("2026-11-03 10:00"),
            step: Step::Resolve,
            score: None,
            reply_by: None,
            class: None,
        }];
        let before = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-11-02 12:00"),
        );
        assert_eq!(find(&before, "resolve").standing, Standing::Open);
        assert_eq!(find(&before, "resolve").done, None);
    }
}
