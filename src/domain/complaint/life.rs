//! A complaint's life cycle: the status it stands in, the steps it may take next, and the state
//! its history replays to (authority after escalations, failed rectifications, reopenings).
//! Steps beside the life cycle (evidence, an agreed reply time, a typical case) are recorded
//! without moving the status.
//!
//! A step is refused ([`check_step`]), in this order, when the complaint was voided, when it is
//! recorded before the complaint's last entry, when the life cycle does not allow it in the
//! complaint's status, when it is a second evidence or typical mark, when it agrees a reply time
//! for a general complaint, or when it escalates a complaint the president already decides. An
//! agreed reply time must lie ahead ([`check_reply_by`]); that is checked before the complaint is
//! looked up.
//!
//! # Reclassification
//! The class computed when the complaint was received ([`classify`](super::classify())) is the
//! clerk's first reading; the handler judges the complaint's nature again once the evidence is in
//! (5.1.10 正确判断：根据综合分析信息，正确判断该投诉性质、及轻重缓急). `reclassify` records that
//! judgement with its reason, while the complaint is being handled (received or in progress:
//! once resolved, its class has already chosen who decided it). From then on the latest
//! reclassification is the complaint's class everywhere ([`class_at`]), and its authority is
//! the new class's with the escalations made so far ([`replay`]). Reclassifying to the class it
//! already has is refused ([`check_reclassify`]).
//!
//! # Voiding
//! A complaint recorded by mistake (a duplicate, the wrong customer, not a complaint at all) is
//! voided (`void`, with its reason and who voided it), never deleted: the event stays in its
//! history and `complaint show` still shows it, with the status `voided`. A voided complaint is
//! out of every clock (each deadline not met stands `not_applicable`), every list and every
//! count, whatever moment they are judged at, as a voided register entry is: what it recorded
//! never was a complaint. It takes no further step, not even a second void. Any complaint not
//! yet voided may be voided, an archived one included: a mistake found late is still a mistake.

use chrono::NaiveDateTime;

use std::collections::BTreeMap;

use super::authority::{Authority, authority};
use super::classify::Class;
use crate::domain::codes::{Code, code_set};
use crate::domain::dates;
use crate::domain::money::Amount;
use crate::domain::steps::{self, LifeCycle, Refused};
use crate::error::Invalid;
use crate::messages::Message;

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Received,
    InProgress,
    Resolved,
    Revisited,
    Archived,
    /// Recorded by mistake and voided: out of every clock, list and count.
    Voided,
}

code_set!(Status, "a complaint status", [
    Received => "received", "已受理",
    InProgress => "in_progress", "处理中",
    Resolved => "resolved", "已解决",
    Revisited => "revisited", "已回访",
    Archived => "archived", "已归档",
    Voided => "voided", "已作废",
]);

impl Status {
    /// Still being handled: received or in progress.
    pub fn open(self) -> bool {
        matches!(self, Status::Received | Status::InProgress)
    }
}

/// One step of the life cycle, each recorded as an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Progress,
    Resolve,
    Escalate,
    FailRectification,
    Revisit,
    Archive,
    /// The evidence collected (全面取证): beside the life cycle, once.
    Evidence,
    /// A reply time agreed with the customer (协商约定制): beside the life cycle.
    Agree,
    /// Marked as a typical case with its lesson (典型案例): beside the life cycle, once.
    Typical,
    /// The class judged again, with the reason (5.1.10): beside the life cycle, while open.
    Reclassify,
    /// Voided as a mistake, with the reason: the last step a complaint takes.
    Void,
}

code_set!(Step, "a complaint step", [
    Progress => "progress", "进展反馈",
    Resolve => "resolve", "解决",
    Escalate => "escalate", "升级",
    FailRectification => "fail_rectification", "整改不合格",
    Revisit => "revisit", "回访",
    Archive => "archive", "归档",
    Evidence => "evidence", "取证",
    Agree => "agree", "约定回复",
    Typical => "typical", "典型案例",
    Reclassify => "reclassify", "重新分类",
    Void => "void", "作废",
]);

impl Step {
    /// The subcommand that takes the step.
    pub fn command(self) -> &'static str {
        match self {
            Step::FailRectification => "fail-rectification",
            other => other.code(),
        }
    }
}

/// Whether a step beside the life cycle may be taken in `status`: evidence, an agreed reply
/// time and a reclassification while the complaint is being handled, a typical case at any time
/// (the lesson is often drawn once it is filed), a void at any time; none once voided.
pub fn beside_allowed(status: Status, step: Step) -> bool {
    match step {
        Step::Evidence | Step::Agree | Step::Reclassify => status.open(),
        Step::Typical | Step::Void => status != Status::Voided,
        _ => false,
    }
}

/// Whether a step is taken beside the life cycle (it moves no status, but a void).
fn beside(step: Step) -> bool {
    matches!(
        step,
        Step::Evidence | Step::Agree | Step::Typical | Step::Reclassify | Step::Void
    )
}

impl LifeCycle for Status {
    type Step = Step;

    /// The steps of the life cycle proper; those beside it are [`beside_allowed`].
    fn allowed(self) -> &'static [Step] {
        match self {
            Status::Received => &[Step::Progress, Step::Resolve, Step::Escalate],
            Status::InProgress => &[
                Step::Progress,
                Step::Resolve,
                Step::Escalate,
                Step::FailRectification,
            ],
            Status::Resolved => &[Step::Revisit, Step::Escalate],
            Status::Revisited => &[Step::Archive, Step::Escalate],
            Status::Archived | Status::Voided => &[],
        }
    }

    fn command(step: Step) -> &'static str {
        step.command()
    }

    fn refusal(id: i64, refused: Refused) -> Message {
        Message::StepNotAllowed {
            id,
            status: refused.status,
            status_zh: refused.status_zh,
            step: refused.step,
            next: refused.next,
        }
    }
}

/// A step the complaint's life cycle does not allow, with the ones it does.
pub type Illegal = steps::Illegal<Status>;

/// The status after `step`, or why the step is refused.
pub fn advance(status: Status, step: Step) -> Result<Status, Illegal> {
    if beside(step) {
        return match beside_allowed(status, step) {
            true if step == Step::Void => Ok(Status::Voided),
            true => Ok(status),
            false => Err(Illegal { status, step }),
        };
    }
    if !status.allowed().contains(&step) {
        return Err(Illegal { status, step });
    }
    Ok(match step {
        Step::Progress | Step::FailRectification => Status::InProgress,
        Step::Resolve => Status::Resolved,
        Step::Revisit => Status::Revisited,
        Step::Archive => Status::Archived,
        Step::Void => Status::Voided,
        Step::Escalate | Step::Evidence | Step::Agree | Step::Typical | Step::Reclassify => status,
    })
}

/// A contractor whose rectification failed this many times is replaced (两次整改不合格): another
/// contractor takes over, and its failures are counted from one again (4.2.3.7).
pub const FAILED_RECTIFICATIONS_TO_REPLACE: usize = 2;

/// A follow-up score at or below this is dissatisfaction: the complaint is reopened for
/// rectification instead of being archived (003 回访制度 三).
pub const DISSATISFIED_SCORE: i64 = 2;

/// A complaint as the step guards see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFacts {
    pub id: i64,
    /// Where its history, replayed, leaves it.
    pub status: Status,
    pub class: Class,
    /// Who decides it after its escalations.
    pub authority: Authority,
    pub received_at: NaiveDateTime,
    /// Every step recorded, with its moment, in the order recorded.
    pub events: Vec<(Step, NaiveDateTime)>,
}

/// An agreed reply time lies ahead of now.
pub fn check_reply_by(reply_by: Option<NaiveDateTime>, now: NaiveDateTime) -> Result<(), Invalid> {
    match reply_by {
        Some(at) if at <= now => Err(Invalid::from(Message::ReplyByPast {
            at: dates::minute(at),
            now: dates::minute(now),
        })),
        _ => Ok(()),
    }
}

/// Whether `step` may be recorded at `now`, or the first reason it may not, in the order of the
/// module documentation.
pub fn check_step(facts: &StepFacts, step: Step, now: NaiveDateTime) -> Result<(), Invalid> {
    let id = facts.id;
    if let Some((_, at)) = facts.events.iter().find(|(taken, _)| *taken == Step::Void) {
        return Err(Invalid::from(Message::ComplaintVoided {
            id,
            at: dates::minute(*at),
        }));
    }
    let last = facts.events.last().map_or(facts.received_at, |(_, at)| *at);
    if now < last {
        return Err(Invalid::from(Message::StepsInOrder {
            at: dates::minute(now),
            id,
            last: dates::minute(last),
        }));
    }
    advance(facts.status, step).map_err(|illegal| Invalid::from(illegal.refusal(id)))?;
    if matches!(step, Step::Evidence | Step::Typical)
        && let Some((_, earlier)) = facts.events.iter().find(|(taken, _)| *taken == step)
    {
        return Err(Invalid::from(Message::StepRecorded {
            id,
            step: step.command().to_string(),
            step_zh: step.zh().to_string(),
            at: dates::minute(*earlier),
        }));
    }
    if step == Step::Agree && !facts.class.may_agree() {
        return Err(Invalid::from(Message::AgreeGeneral { id }));
    }
    if step == Step::Escalate && facts.authority.next().is_none() {
        return Err(Invalid::from(Message::AtThePresident { id }));
    }
    Ok(())
}

/// Whether the complaint may be reclassified `class` at `now`: the guards of every step
/// ([`check_step`]), then a class it does not have already.
pub fn check_reclassify(
    facts: &StepFacts,
    class: Class,
    now: NaiveDateTime,
) -> Result<(), Invalid> {
    check_step(facts, Step::Reclassify, now)?;
    if class == facts.class {
        return Err(Invalid::from(Message::ClassUnchanged {
            id: facts.id,
            class: class.code().to_string(),
            class_zh: class.zh().to_string(),
        }));
    }
    Ok(())
}

/// An event of a complaint's history, as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub at: NaiveDateTime,
    pub step: Step,
    /// The customer's score, for a follow-up call (1–5).
    pub score: Option<i64>,
    /// The reply time agreed with the customer, for an agreement.
    pub reply_by: Option<NaiveDateTime>,
    /// The class judged, for a reclassification.
    pub class: Option<Class>,
}

impl Event {
    /// An event with nothing but its step and moment.
    pub fn at(at: NaiveDateTime, step: Step) -> Event {
        Event {
            at,
            step,
            score: None,
            reply_by: None,
            class: None,
        }
    }
}

/// The complaint's class after `events`: the latest reclassification's, else the class it was
/// received with.
pub fn class_at(received: Class, events: &[Event]) -> Class {
    events
        .iter()
        .rev()
        .find(|e| e.step == Step::Reclassify)
        .and_then(|e| e.class)
        .unwrap_or(received)
}

/// Whether the complaint was voided by `events`.
pub fn voided_by(events: &[Event]) -> bool {
    events.iter().any(|e| e.step == Step::Void)
}

/// What a complaint was received with that its authority follows: the class and the authority
/// given then, and the facts a new class's authority is worked out from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Basis {
    pub class: Class,
    pub authority: Authority,
    pub amount: Option<Amount>,
    pub cross_department: bool,
}

/// Counts of complaints, not of steps: of the resolutions recorded in a period, as (complaint,
/// moment), each complaint once, at its latest resolution in the period. A complaint reopened by
/// a dissatisfied follow-up and resolved again in the same period is one resolved complaint;
/// its time to resolve runs to the resolution that stood.
pub fn resolved_once<K: Ord + Copy>(
    resolutions: impl IntoIterator<Item = (K, NaiveDateTime)>,
) -> BTreeMap<K, NaiveDateTime> {
    let mut latest: BTreeMap<K, NaiveDateTime> = BTreeMap::new();
    for (complaint, at) in resolutions {
        let entry = latest.entry(complaint).or_insert(at);
        *entry = (*entry).max(at);
    }
    latest
}

/// Everything derived from a complaint's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    /// The class it was received with, or its latest reclassification's.
    pub class: Class,
    pub authority: Authority,
    pub escalations: usize,
    /// Every failed rectification, whichever contractor made it.
    pub failed_rectifications: usize,
    /// The contractor on the rectification now: 1 the first, 2 the one who replaced it…
    pub contractor: usize,
    /// The failures of the contractor on it now.
    pub contractor_failures: usize,
    /// The contractor on it has failed twice and must be replaced.
    pub replace_contractor: bool,
    /// Follow-up calls that found the customer dissatisfied and reopened the complaint.
    pub reopened: usize,
}

/// Replays the history from receipt. Events were checked when they were recorded; a history that
/// breaks the rules (edited by hand) stops where it broke. A reclassification gives the
/// complaint the new class's authority, raised by the escalations made so far.
pub fn replay(basis: &Basis, events: &[Event]) -> State {
    let mut state = State {
        status: Status::Received,
        class: basis.class,
        authority: basis.authority,
        escalations: 0,
        failed_rectifications: 0,
        contractor: 1,
        contractor_failures: 0,
        replace_contractor: false,
        reopened: 0,
    };
    for event in events {
        let Ok(status) = advance(state.status, event.step) else {
            break;
        };
        state.status = status;
        match event.step {
            Step::Escalate => {
                state.escalations += 1;
                state.authority = state.authority.next().unwrap_or(state.authority);
            }
            Step::FailRectification => {
                // The contractor that failed twice was replaced before this attempt.
                if state.contractor_failures >= FAILED_RECTIFICATIONS_TO_REPLACE {
                    state.contractor += 1;
                    state.contractor_failures = 0;
                }
                state.failed_rectifications += 1;
                state.contractor_failures += 1;
            }
            Step::Revisit if event.score.is_some_and(|s| s <= DISSATISFIED_SCORE) => {
                state.status = Status::InProgress;
                state.reopened += 1;
            }
            Step::Reclassify => {
                let Some(class) = event.class else { break };
                state.class = class;
                state.authority = (0..state.escalations).fold(
                    authority(class, basis.amount, basis.cross_department),
                    |at, _| at.next().unwrap_or(at),
                );
            }
            _ => {}
        }
    }
    state.replace_contractor = state.contractor_failures >= FAILED_RECTIFICATIONS_TO_REPLACE;
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    /// A general complaint decided by the customer director when received.
    fn basis() -> Basis {
        Basis {
            class: Class::General,
            authority: Authority::CustomerDirector,
            amount: None,
            cross_department: false,
        }
    }

    fn reclassified(at: &str, class: Class) -> Event {
        Event {
            class: Some(class),
            ..Event::at(t(at), Step::Reclassify)
        }
    }

    #[test]
    fn the_latest_reclassification_is_the_class_and_gives_its_authority() {
        let events = [
            Event::at(t("2026-11-02 10:30"), Step::Progress),
            reclassified("2026-11-02 11:00", Class::Important),
        ];
        assert_eq!(class_at(Class::General, &events[..1]), Class::General);
        assert_eq!(class_at(Class::General, &events), Class::Important);
        let state = replay(&basis(), &events);
        assert_eq!(
            (state.class, state.authority, state.status),
            (Class::Important, Authority::President, Status::InProgress)
        );
        // Escalated once before, then reclassified general: the general authority, one up.
        let amount = Some(Amount(100 * 100));
        let small = Basis {
            amount,
            authority: Authority::CustomerDirector,
            ..basis()
        };
        let events = [
            Event::at(t("2026-11-02 10:30"), Step::Escalate),
            reclassified("2026-11-02 11:00", Class::Important),
            reclassified("2026-11-02 12:00", Class::General),
        ];
        let state = replay(&small, &events);
        assert_eq!(
            (state.class, state.authority, state.escalations),
            (Class::General, Authority::PresidentsOffice, 1)
        );
        // A cross-department complaint reclassified stays with the cooperating centres.
        let cross = Basis {
            class: Class::Important,
            authority: Authority::CentreManagers,
            amount: None,
            cross_department: true,
        };
        let state = replay(&cross, &[reclassified("2026-11-02 11:00", Class::General)]);
        assert_eq!(state.authority, Authority::CentreManagers);
    }

    #[test]
    fn a_complaint_is_reclassified_only_while_open_and_to_another_class() {
        let now = t("2026-11-02 12:00");
        let open = facts(
            Status::InProgress,
            Class::General,
            Authority::CustomerDirector,
            &[(Step::Progress, "2026-11-02 11:00")],
        );
        assert_eq!(check_reclassify(&open, Class::Major, now), Ok(()));
        assert_eq!(
            check_reclassify(&open, Class::General, now),
            refused(Message::ClassUnchanged {
                id: 7,
                class: "general".to_string(),
                class_zh: "一般".to_string(),
            })
        );
        // 5.1.10: the nature is judged while the complaint is handled; once resolved, its class
        // has chosen who decided it.
        for status in [Status::Resolved, Status::Revisited, Status::Archived] {
            let closed = facts(status, Class::General, Authority::CustomerDirector, &[]);
            assert_eq!(
                check_reclassify(&closed, Class::Important, now),
                refused(
                    Illegal {
                        status,
                        step: Step::Reclassify
                    }
                    .refusal(7)
                ),
                "{status:?}"
            );
        }
    }

    #[test]
    fn a_voided_complaint_takes_no_step_and_is_not_voided_twice() {
        let now = t("2026-11-03 09:00");
        for status in [Status::Received, Status::Resolved, Status::Archived] {
            let any = facts(status, Class::General, Authority::CustomerDirector, &[]);
            assert_eq!(check_step(&any, Step::Void, now), Ok(()), "{status:?}");
            assert_eq!(advance(status, Step::Void), Ok(Status::Voided));
        }
        let voided = facts(
            Status::Voided,
            Class::General,
            Authority::CustomerDirector,
            &[(Step::Void, "2026-11-02 11:00")],
        );
        for &step in Step::ALL {
            assert_eq!(
                check_step(&voided, step, now),
                refused(Message::ComplaintVoided {
                    id: 7,
                    at: "2026-11-02 11:00".to_string(),
                }),
                "{step:?}"
            );
            assert!(advance(Status::Voided, step).is_err(), "{step:?}");
        }
        let events = [
            Event::at(t("2026-11-02 10:30"), Step::Progress),
            Event::at(t("2026-11-02 11:00"), Step::Void),
            Event::at(t("2026-11-02 12:00"), Step::Resolve),
        ];
        assert!(voided_by(&events));
        let state = replay(&basis(), &events);
        assert_eq!(state.status, Status::Voided, "nothing moves it on");
        assert!(!state.status.open());
    }

    #[test]
    fn a_complaint_resolved_twice_is_one_resolved_complaint() {
        // Wrong before: a complaint resolved, reopened by a score of 2 and resolved again in
        // the month counted as two resolved complaints.
        let resolved = resolved_once([
            (7, t("2026-11-03 10:00")),
            (8, t("2026-11-04 10:00")),
            (7, t("2026-11-10 16:00")),
        ]);
        assert_eq!(resolved.len(), 2);
        assert_eq!(
            resolved[&7],
            t("2026-11-10 16:00"),
            "the resolution that stood"
        );
    }

    #[test]
    fn the_life_cycle_allows_only_its_steps() {
        use Status::*;
        use Step::*;
        let legal = [
            (Received, Progress, InProgress),
            (Received, Resolve, Resolved),
            (Received, Escalate, Received),
            (InProgress, Progress, InProgress),
            (InProgress, FailRectification, InProgress),
            (InProgress, Resolve, Resolved),
            (Resolved, Revisit, Revisited),
            (Resolved, Escalate, Resolved),
            (Revisited, Archive, Archived),
        ];
        for (from, step, to) in legal {
            assert_eq!(advance(from, step), Ok(to), "{from:?} {step:?}");
        }
        for (from, step) in [
            (Received, Revisit),
            (Received, FailRectification),
            (InProgress, Archive),
            (Resolved, Progress),
            (Resolved, Archive),
            (Revisited, Resolve),
        ] {
            assert_eq!(
                advance(from, step),
                Err(Illegal { status: from, step }),
                "{from:?} {step:?}"
            );
        }
        for &step in Step::ALL.iter().filter(|s| !matches!(s, Typical | Void)) {
            assert!(advance(Archived, step).is_err(), "{step:?} after archive");
        }
        // Beside the life cycle: evidence and an agreed reply while open, a typical case any
        // time, none of them moving the status.
        assert_eq!(advance(InProgress, Evidence), Ok(InProgress));
        assert_eq!(advance(Received, Agree), Ok(Received));
        assert!(advance(Resolved, Agree).is_err());
        assert_eq!(advance(Archived, Typical), Ok(Archived));
        let message = Illegal {
            status: Received,
            step: Revisit,
        }
        .refusal(7);
        assert_eq!(
            message.text(crate::output::Lang::En),
            "complaint 7 is received: `revisit` is not allowed now; allowed next: progress, resolve, escalate"
        );
    }

    #[test]
    fn the_second_failed_rectification_replaces_the_contractor() {
        let at = t("2026-11-02 10:00");
        let event = |step| Event {
            at,
            step,
            score: None,
            reply_by: None,
            class: None,
        };
        let once = replay(
            &basis(),
            &[event(Step::Progress), event(Step::FailRectification)],
        );
        assert_eq!(
            (once.failed_rectifications, once.replace_contractor),
            (1, false)
        );
        let twice = replay(
            &basis(),
            &[
                event(Step::Progress),
                event(Step::FailRectification),
                event(Step::FailRectification),
                event(Step::Escalate),
            ],
        );
        assert_eq!(
            (twice.failed_rectifications, twice.replace_contractor),
            (2, true)
        );
        assert_eq!(
            (twice.escalations, twice.authority),
            (1, Authority::PresidentsOffice)
        );
        // Wrong before: the third failure still said "second". It is the new contractor's
        // first, and that contractor is replaced only after its own second.
        let mut events = vec![event(Step::Progress)];
        events.extend([event(Step::FailRectification); 3]);
        let third = replay(&basis(), &events);
        assert_eq!(
            (
                third.failed_rectifications,
                third.contractor,
                third.contractor_failures,
                third.replace_contractor
            ),
            (3, 2, 1, false)
        );
        events.push(event(Step::FailRectification));
        let fourth = replay(&basis(), &events);
        assert_eq!(
            (
                fourth.contractor,
                fourth.contractor_failures,
                fourth.replace_contractor
            ),
            (2, 2, true)
        );
    }

    #[test]
    fn a_dissatisfied_follow_up_reopens_the_complaint() {
        let at = t("2026-11-02 10:00");
        let event = |step, score| Event {
            at,
            step,
            score,
            reply_by: None,
            class: None,
        };
        for (score, status) in [
            (1, Status::InProgress),
            (2, Status::InProgress),
            (3, Status::Revisited),
            (5, Status::Revisited),
        ] {
            let state = replay(
                &basis(),
                &[
                    event(Step::Resolve, None),
                    event(Step::Revisit, Some(score)),
                ],
            );
            assert_eq!(state.status, status, "score {score}");
            assert_eq!(state.reopened, usize::from(score <= 2));
            // Only a satisfied customer's complaint may be archived.
            assert_eq!(
                advance(state.status, Step::Archive).is_ok(),
                score > 2,
                "score {score}"
            );
        }
    }
    /// Complaint 7, received 2026-11-02 10:00, with its steps so far.
    fn facts(
        status: Status,
        class: Class,
        authority: Authority,
        events: &[(Step, &str)],
    ) -> StepFacts {
        StepFacts {
            id: 7,
            status,
            class,
            authority,
            received_at: t("2026-11-02 10:00"),
            events: events.iter().map(|(step, at)| (*step, t(at))).collect(),
        }
    }

    fn refused(message: Message) -> Result<(), Invalid> {
        Err(Invalid::from(message))
    }

    #[test]
    fn a_step_the_complaint_may_take_passes() {
        let open = facts(
            Status::InProgress,
            Class::General,
            Authority::CustomerDirector,
            &[(Step::Progress, "2026-11-02 11:00")],
        );
        let now = t("2026-11-02 11:00");
        for step in [
            Step::Progress,
            Step::Resolve,
            Step::Escalate,
            Step::FailRectification,
            Step::Evidence,
            Step::Typical,
        ] {
            assert_eq!(check_step(&open, step, now), Ok(()), "{step:?}");
        }
        let received = facts(Status::Received, Class::Major, Authority::President, &[]);
        assert_eq!(
            check_step(&received, Step::Agree, t("2026-11-02 10:00")),
            Ok(())
        );
    }

    #[test]
    fn steps_are_recorded_in_order() {
        let open = facts(
            Status::InProgress,
            Class::General,
            Authority::CustomerDirector,
            &[(Step::Progress, "2026-11-02 11:00")],
        );
        let early = check_step(&open, Step::Resolve, t("2026-11-02 10:59"));
        assert_eq!(
            early.as_ref().map_err(|e| e.text(crate::output::Lang::En)),
            Err(
                "--at: 2026-11-02 10:59 is before complaint 7's last entry (2026-11-02 11:00); \
                 steps are recorded in order"
            )
        );
        // With no step yet, the receipt is the last entry.
        let received = facts(
            Status::Received,
            Class::General,
            Authority::CustomerDirector,
            &[],
        );
        assert_eq!(
            check_step(&received, Step::Progress, t("2026-11-02 09:00")),
            refused(Message::StepsInOrder {
                at: "2026-11-02 09:00".to_string(),
                id: 7,
                last: "2026-11-02 10:00".to_string(),
            })
        );
    }

    #[test]
    fn a_step_the_life_cycle_does_not_allow_is_refused() {
        let received = facts(
            Status::Received,
            Class::General,
            Authority::CustomerDirector,
            &[],
        );
        assert_eq!(
            check_step(&received, Step::Revisit, t("2026-11-02 12:00")),
            refused(
                Illegal {
                    status: Status::Received,
                    step: Step::Revisit
                }
                .refusal(7)
            )
        );
    }

    #[test]
    fn evidence_and_a_typical_case_are_recorded_once() {
        let now = t("2026-11-03 09:00");
        for (step, zh) in [(Step::Evidence, "取证"), (Step::Typical, "典型案例")] {
            let done = facts(
                Status::InProgress,
                Class::General,
                Authority::CustomerDirector,
                &[
                    (Step::Progress, "2026-11-02 10:30"),
                    (step, "2026-11-02 11:00"),
                ],
            );
            assert_eq!(
                check_step(&done, step, now),
                refused(Message::StepRecorded {
                    id: 7,
                    step: step.command().to_string(),
                    step_zh: zh.to_string(),
                    at: "2026-11-02 11:00".to_string(),
                }),
                "{step:?}"
            );
        }
    }

    #[test]
    fn only_an_important_or_major_complaint_agrees_a_reply_time() {
        assert!(!Class::General.may_agree());
        assert!(Class::Important.may_agree() && Class::Major.may_agree());
        let now = t("2026-11-02 12:00");
        let general = facts(
            Status::Received,
            Class::General,
            Authority::CustomerDirector,
            &[],
        );
        assert_eq!(
            check_step(&general, Step::Agree, now),
            refused(Message::AgreeGeneral { id: 7 })
        );
        let important = facts(
            Status::Received,
            Class::Important,
            Authority::President,
            &[],
        );
        assert_eq!(check_step(&important, Step::Agree, now), Ok(()));
    }

    #[test]
    fn no_escalation_above_the_president() {
        let now = t("2026-11-02 12:00");
        let top = facts(Status::Received, Class::Major, Authority::President, &[]);
        assert_eq!(
            check_step(&top, Step::Escalate, now),
            refused(Message::AtThePresident { id: 7 })
        );
        let below = facts(
            Status::Received,
            Class::General,
            Authority::PresidentsOffice,
            &[],
        );
        assert_eq!(check_step(&below, Step::Escalate, now), Ok(()));
    }

    #[test]
    fn the_first_reason_wins() {
        // Out of order before anything else, then the life cycle, then the marks beside it.
        let archived = facts(
            Status::Archived,
            Class::General,
            Authority::President,
            &[(Step::Typical, "2026-11-02 11:00")],
        );
        let early = check_step(&archived, Step::Escalate, t("2026-11-02 10:30"));
        assert!(early.unwrap_err().english().starts_with("--at: "));
        let now = t("2026-11-02 12:00");
        for step in [Step::Agree, Step::Escalate] {
            assert_eq!(
                check_step(&archived, step, now),
                refused(
                    Illegal {
                        status: Status::Archived,
                        step
                    }
                    .refusal(7)
                ),
                "{step:?}"
            );
        }
        assert!(
            check_step(&archived, Step::Typical, now)
                .unwrap_err()
                .english()
                .contains("has its typical recorded already")
        );
    }

    #[test]
    fn an_agreed_reply_time_lies_ahead() {
        let now = t("2026-11-02 12:00");
        assert_eq!(check_reply_by(None, now), Ok(()));
        assert_eq!(check_reply_by(Some(t("2026-11-02 12:01")), now), Ok(()));
        for past in ["2026-11-02 12:00", "2026-11-01 09:00"] {
            assert_eq!(
                check_reply_by(Some(t(past)), now),
                refused(Message::ReplyByPast {
                    at: past.to_string(),
                    now: "2026-11-02 12:00".to_string(),
                })
            );
        }
    }
}
