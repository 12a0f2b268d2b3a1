//! After-sales service (售后服务): the quality checks that follow a unit's handover, and the
//! repairs owners ask for, with their revisits and rectification notices.
//!
//! # Quality checks (交付后质量检查)
//! The handover date (交付/交房) starts the check schedule: a check falls due 3, 11, 23 and 35
//! calendar months after it ([`check_schedule`]). A month has no day 31 or 30 to land on in
//! February, so a handover on the last days of a month is checked on the last day of the target
//! month: 2026-01-31 is checked 2026-04-30, 2027-11-30 on 2028-02-29. A check is `due` up to and
//! including its date, `overdue` the day after, and `done` once its result is recorded, late or
//! not; the record of when it was done keeps the lateness ([`check_status`]).
//!
//! # Repairs (维修、约修制度)
//! A repair is booked (登记) with its appointment (约修日期). An appointment the staff cannot keep
//! is rescheduled with the customer told (另约修理时间), as often as needed until the repair is
//! done. The revisit clock (维修回访) starts when the repair is done and runs for a number of
//! calendar days set by its kind ([`revisit_days`]):
//! - `safety` (安全设施): 2 days;
//! - `leak` (漏水): 3 days;
//! - `general` (一般维修): 7 days, the outer limit of 回访时间安排在维修后一星期之内.
//!
//! The seed counts these in plain days (两天内, 三天内), not working days, so the clock does not
//! stop on weekends or holidays. Its due moment is the completion time plus that many days; since
//! no due time may fall outside working time, a due moment that lands on a weekend, a holiday or
//! outside office hours moves forward to the next working moment ([`revisit_due`]). It never
//! moves earlier: the owner was promised "within two days", not less.
//!
//! A revisit that finds a problem calls for a written rectification notice (书面通知整改) to the
//! repair staff within 24 hours of the revisit ([`notice_due`]); a notice written after them is
//! still recorded, and counted as late ([`notice_late`], [`late_notices`]). That clock counts
//! clock hours and is not moved to working time: it is stated in hours, it is the company's own
//! staff being told, and moving it would let a problem found on a Friday wait until Monday, the
//! delay the rule exists to prevent. Once told, the staff repair again, and the repair is revisited again
//! with a fresh clock.
//!
//! # Who revisits, and how often
//! Each revisit is made by the office director (主任), an administrator (管理员) or the repair
//! lead (维修负责人). Of the month's completed repairs, the director must revisit at least 10 %,
//! the administrators 30 % and the repair lead 60 % ([`revisit_rates`]). Whether a share is met
//! is decided in whole numbers (count × 100 ≥ percent × completed), so 1 of 10 meets 10 % exactly
//! and 2 of 21 does not; the fractions are for display only.

use chrono::{Days, Duration, Months, NaiveDate, NaiveDateTime};

use super::calendar::Calendar;
use super::codes::{self, Code, code_set};
use super::steps::{self, LifeCycle, Refused};
use crate::error::Invalid;
use crate::messages::Message;

/// Whether a unit may be handed over on `day`: not after `today` (it is recorded once the keys
/// are handed over), and not before the deal that sold it (`sold`: the deal's number and day),
/// since the owner receives the keys of a unit they have bought.
pub fn handover_day(
    day: NaiveDate,
    today: NaiveDate,
    sold: Option<(i64, NaiveDate)>,
) -> Result<(), Invalid> {
    if day > today {
        return Err(Invalid::from(Message::HandoverAfterToday {
            day: day.to_string(),
            today: today.to_string(),
        }));
    }
    match sold {
        Some((deal, sold)) if before_its_deal(day, sold) => {
            Err(Invalid::from(Message::HandoverBeforeDeal {
                day: day.to_string(),
                deal,
                sold: sold.to_string(),
            }))
        }
        _ => Ok(()),
    }
}

/// Whether a handover on `day` comes before the deal that sold the unit on `sold`.
pub fn before_its_deal(day: NaiveDate, sold: NaiveDate) -> bool {
    day < sold
}

/// The months after handover at which the quality checks fall due (交付3/11/23/35个月质量检查).
pub const CHECK_MONTHS: [u32; 4] = [3, 11, 23, 35];

/// Each check's month and due date, in order. A handover so close to the end of the calendar
/// type that a check cannot be dated has no such check.
pub fn check_schedule(handover: NaiveDate) -> Vec<(u32, NaiveDate)> {
    CHECK_MONTHS
        .iter()
        .filter_map(|&months| {
            // chrono clamps to the last day of the target month, as the header describes.
            handover
                .checked_add_months(Months::new(months))
                .map(|due| (months, due))
        })
        .collect()
}

/// Where a quality check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStatus {
    Due,
    Overdue,
    Done,
}

code_set!(CheckStatus, "a check status", [
    Due => "due", "待检查" | "待检",
    Overdue => "overdue", "逾期" | "超期",
    Done => "done", "已完成" | "完成" | "已检查",
]);

impl CheckStatus {
    pub fn parse(raw: &str, field: &str) -> Result<CheckStatus, Invalid> {
        codes::parse(raw, field, codes::not_in_set::<CheckStatus>("检查状态"))
    }
}

/// A check recorded is done whenever it was done; otherwise it is overdue from the day after its
/// due date.
pub fn check_status(due: NaiveDate, done: Option<NaiveDate>, today: NaiveDate) -> CheckStatus {
    match done {
        Some(_) => CheckStatus::Done,
        None if today > due => CheckStatus::Overdue,
        None => CheckStatus::Due,
    }
}

/// Whether a check due on `due` belongs on the list of what falls due within `within_days` of
/// `today` (`care due --within DAYS`): everything due by then, overdue checks included, since
/// they are the most urgent of all.
pub fn falls_within(due: NaiveDate, today: NaiveDate, within_days: u32) -> bool {
    match today.checked_add_days(Days::new(u64::from(within_days))) {
        Some(limit) => due <= limit,
        // Past the end of the calendar type, every date falls within.
        None => true,
    }
}

/// 维修类别, which sets how soon the repair is revisited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairKind {
    Safety,
    Leak,
    General,
}

code_set!(RepairKind, "a repair kind", [
    Safety => "safety", "安全设施" | "安全",
    Leak => "leak", "漏水" | "渗漏",
    General => "general", "一般维修" | "其它" | "其他" | "一般",
]);

impl RepairKind {
    pub fn parse(raw: &str, field: &str) -> Result<RepairKind, Invalid> {
        codes::parse(raw, field, codes::not_in_set::<RepairKind>("维修类别"))
    }
}

/// Calendar days from completion to the revisit (维修回访制度 二).
pub fn revisit_days(kind: RepairKind) -> i64 {
    match kind {
        RepairKind::Safety => 2,
        RepairKind::Leak => 3,
        RepairKind::General => 7,
    }
}

/// When the revisit of a repair done at `done_at` is due: that many calendar days later, moved
/// forward to the next working moment if it lands outside working time.
pub fn revisit_due(calendar: &Calendar, kind: RepairKind, done_at: NaiveDateTime) -> NaiveDateTime {
    calendar.next_working_moment(done_at + Duration::days(revisit_days(kind)))
}

/// Who made a revisit (回访人).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisitRole {
    Director,
    Admin,
    Lead,
}

code_set!(RevisitRole, "a revisit role", [
    Director => "director", "主任" | "管理处主任",
    Admin => "admin", "管理员" | "administrator",
    Lead => "lead", "维修负责人" | "负责人",
]);

impl RevisitRole {
    pub fn parse(raw: &str, field: &str) -> Result<RevisitRole, Invalid> {
        codes::parse(raw, field, codes::not_in_set::<RevisitRole>("回访人身份"))
    }

    /// The index of the role in [`RevisitRole::ALL`] and in the counts [`revisit_rates`] takes.
    pub fn index(self) -> usize {
        match self {
            RevisitRole::Director => 0,
            RevisitRole::Admin => 1,
            RevisitRole::Lead => 2,
        }
    }
}

/// The least share of the month's completed repairs a role must revisit, as numerator and
/// denominator, so that the boundary is decided without rounding.
pub fn required_rate(role: RevisitRole) -> (u32, u32) {
    match role {
        RevisitRole::Director => (10, 100),
        RevisitRole::Admin => (30, 100),
        RevisitRole::Lead => (60, 100),
    }
}

/// One role's revisits in a month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleRate {
    pub role: RevisitRole,
    pub revisited: u32,
    /// The share of completed repairs revisited, 0 to 1; for display, never for the verdict.
    pub rate: f64,
    pub meets: bool,
}

/// The month's revisit rates, one per role in the order of [`RevisitRole::ALL`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rates {
    pub completed: u32,
    pub roles: [RoleRate; 3],
}

impl Rates {
    /// Every role reached its minimum.
    pub fn all_met(&self) -> bool {
        self.roles.iter().all(|role| role.meets)
    }
}

/// The revisit rates of a month with `completed` repairs done, of which each role revisited the
/// counts given (director, admin, lead). The counts are of that month's completed repairs, so
/// none exceeds `completed`.
///
/// A month with no completed repairs has rates of 0 and meets every minimum: the minimum is a
/// share of the repairs done, a share of none is none, and a quiet month should not show the
/// staff as failing to revisit repairs that never happened. The integer test gives the same
/// answer on its own (0 × 100 ≥ percent × 0).
pub fn revisit_rates(completed: u32, revisited_by_role: [u32; 3]) -> Rates {
    let judge = |role: RevisitRole| {
        let revisited = revisited_by_role[role.index()];
        let (numerator, denominator) = required_rate(role);
        let rate = if completed == 0 {
            0.0
        } else {
            f64::from(revisited) / f64::from(completed)
        };
        RoleRate {
            role,
            revisited,
            rate,
            meets: u64::from(revisited) * u64::from(denominator)
                >= u64::from(numerator) * u64::from(completed),
        }
    };
    Rates {
        completed,
        roles: [
            judge(RevisitRole::Director),
            judge(RevisitRole::Admin),
            judge(RevisitRole::Lead),
        ],
    }
}

/// Hours from a revisit that found a problem to the written notice (24小时内书面通知整改).
pub const NOTICE_HOURS: i64 = 24;

/// When the rectification notice after a revisit at `revisit_at` is due: 24 clock hours later,
/// not moved to working time (see the module header).
pub fn notice_due(revisit_at: NaiveDateTime) -> NaiveDateTime {
    revisit_at + Duration::hours(NOTICE_HOURS)
}

/// Whether a notice written at `notice_at` after the revisit at `revisit_at` that found the
/// problem came late: after the 24 hours. It is still recorded (the staff must still be told),
/// as late.
pub fn notice_late(revisit_at: NaiveDateTime, notice_at: NaiveDateTime) -> bool {
    notice_at > notice_due(revisit_at)
}

/// Of a repair's steps in order, the notices that came late, each judged against the revisit
/// that found the problem before it.
pub fn late_notices(steps: &[(RepairStep, NaiveDateTime)]) -> Vec<NaiveDateTime> {
    let mut problem_at = None;
    let mut late = Vec::new();
    for &(step, at) in steps {
        match step {
            RepairStep::RevisitProblem => problem_at = Some(at),
            RepairStep::Notice => {
                if problem_at.is_some_and(|found| notice_late(found, at)) {
                    late.push(at);
                }
                problem_at = None;
            }
            _ => {}
        }
    }
    late
}

/// The score an owner gives on a revisit, 1 to 5, read as the satisfaction survey reads scores.
pub fn revisit_score(raw: &str, field: &str) -> Result<i64, Invalid> {
    super::survey::score(raw, REVISIT_SCALE, field)
}

/// The revisit score's scale.
pub const REVISIT_SCALE: i64 = 5;

/// Where a repair is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairStatus {
    /// Registered, waiting for the repair at its appointment.
    Booked,
    /// Repaired; the revisit clock runs.
    Done,
    /// Revisited without a problem: closed.
    Revisited,
    /// A revisit found a problem; the written notice is due within 24 hours.
    Problem,
    /// The staff have been told in writing and are to repair again.
    Rectifying,
}

code_set!(RepairStatus, "a repair status", [
    Booked => "booked", "待维修" | "登记" | "已登记",
    Done => "done", "已维修" | "维修完成",
    Revisited => "revisited", "已回访",
    Problem => "problem", "待通知整改",
    Rectifying => "rectifying", "整改中",
]);

impl RepairStatus {
    pub fn parse(raw: &str, field: &str) -> Result<RepairStatus, Invalid> {
        codes::parse(raw, field, codes::not_in_set::<RepairStatus>("维修状态"))
    }
}

/// A step of a repair's life cycle; each taken is an event on the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairStep {
    /// Another appointment, the customer told (另约修理时间).
    Reschedule,
    /// The repair is done; starts the revisit clock.
    Done,
    /// A revisit that found the repair in order.
    Revisit,
    /// A revisit that found a problem; starts the notice clock.
    RevisitProblem,
    /// The written rectification notice to the repair staff.
    Notice,
}

code_set!(RepairStep, "a repair step", [
    Reschedule => "reschedule", "另约",
    Done => "done", "维修完成",
    Revisit => "revisit", "回访",
    RevisitProblem => "revisit_problem", "回访发现问题",
    Notice => "notice", "书面通知整改",
]);

impl LifeCycle for RepairStatus {
    type Step = RepairStep;

    /// An appointment can move only while the repair is still to be made; a revisit needs a
    /// repair to look at; a notice needs a problem found.
    fn allowed(self) -> &'static [RepairStep] {
        match self {
            RepairStatus::Booked | RepairStatus::Rectifying => {
                &[RepairStep::Reschedule, RepairStep::Done]
            }
            RepairStatus::Done => &[RepairStep::Revisit, RepairStep::RevisitProblem],
            RepairStatus::Problem => &[RepairStep::Notice],
            RepairStatus::Revisited => &[],
        }
    }

    fn command(step: RepairStep) -> &'static str {
        match step {
            RepairStep::RevisitProblem => "revisit --problem",
            other => other.code(),
        }
    }

    fn refusal(id: i64, refused: Refused) -> Message {
        Message::RepairStepNotAllowed {
            id,
            status: refused.status,
            status_zh: refused.status_zh,
            step: refused.step,
            next: refused.next,
        }
    }
}

/// A step the repair's life cycle does not allow, with the ones it does.
pub type Illegal = steps::Illegal<RepairStatus>;

impl Illegal {
    /// The refusal in English, for a stored history the life cycle refuses (a damaged file).
    pub fn message(&self, id: i64) -> String {
        self.refusal(id).text(crate::output::Lang::En)
    }
}

/// The status after `step`, or why the step is refused.
pub fn advance(status: RepairStatus, step: RepairStep) -> Result<RepairStatus, Illegal> {
    if !status.allowed().contains(&step) {
        return Err(Illegal { status, step });
    }
    Ok(match step {
        RepairStep::Reschedule => status,
        RepairStep::Done => RepairStatus::Done,
        RepairStep::Revisit => RepairStatus::Revisited,
        RepairStep::RevisitProblem => RepairStatus::Problem,
        RepairStep::Notice => RepairStatus::Rectifying,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    /// National Day 2026: 10-01..10-07 off, Saturday 10-10 worked.
    fn national_day() -> Calendar {
        let mut calendar = Calendar::default();
        let mut day = d("2026-10-01");
        while day <= d("2026-10-07") {
            calendar.mark(day, crate::domain::calendar::DayKind::Holiday);
            day = day.succ_opt().unwrap();
        }
        calendar.mark(d("2026-10-10"), crate::domain::calendar::DayKind::Workday);
        calendar
    }

    fn schedule(handover: &str) -> Vec<(u32, NaiveDate)> {
        check_schedule(d(handover))
    }

    #[test]
    fn checks_fall_due_at_3_11_23_and_35_months() {
        assert_eq!(
            schedule("2026-05-15"),
            [
                (3, d("2026-08-15")),
                (11, d("2027-04-15")),
                (23, d("2028-04-15")),
                (35, d("2029-04-15")),
            ]
        );
    }

    #[test]
    fn a_handover_at_month_end_is_checked_at_the_end_of_the_short_month() {
        assert_eq!(
            schedule("2026-01-31"),
            [
                (3, d("2026-04-30")),
                (11, d("2026-12-31")),
                (23, d("2027-12-31")),
                (35, d("2028-12-31")),
            ]
        );
        assert_eq!(
            schedule("2027-11-30"),
            [
                (3, d("2028-02-29")),
                (11, d("2028-10-30")),
                (23, d("2029-10-30")),
                (35, d("2030-10-30")),
            ],
            "leap year"
        );
        assert_eq!(schedule("2025-11-29")[0], (3, d("2026-02-28")));
        assert_eq!(schedule("2027-11-29")[0], (3, d("2028-02-29")));
    }

    #[test]
    fn a_check_is_due_on_its_date_and_overdue_the_day_after() {
        let due = d("2026-04-30");
        assert_eq!(check_status(due, None, d("2026-04-29")), CheckStatus::Due);
        assert_eq!(check_status(due, None, due), CheckStatus::Due);
        assert_eq!(
            check_status(due, None, d("2026-05-01")),
            CheckStatus::Overdue
        );
        assert_eq!(
            check_status(due, Some(d("2026-05-10")), d("2026-06-01")),
            CheckStatus::Done,
            "done late is done"
        );
        assert_eq!(
            check_status(due, Some(d("2026-04-20")), d("2026-04-21")),
            CheckStatus::Done
        );
    }

    #[test]
    fn the_due_list_takes_everything_due_by_the_end_of_the_window() {
        let today = d("2026-04-20");
        assert!(falls_within(d("2026-04-30"), today, 10));
        assert!(!falls_within(d("2026-05-01"), today, 10));
        assert!(falls_within(today, today, 0));
        assert!(!falls_within(d("2026-04-21"), today, 0));
        assert!(falls_within(d("2026-01-01"), today, 0), "overdue");
        assert!(falls_within(d("2026-04-30"), NaiveDate::MAX, 1));
    }

    #[test]
    fn check_statuses_parse_in_either_language() {
        assert_eq!(
            CheckStatus::parse("逾期", "--status").unwrap(),
            CheckStatus::Overdue
        );
        assert_eq!(
            CheckStatus::parse(" DONE ", "--status").unwrap(),
            CheckStatus::Done
        );
        let err = CheckStatus::parse("late", "--status").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--status: \"late\" is not a check status; type one of due, overdue, done"
        );
    }

    #[test]
    fn each_kind_has_its_revisit_days() {
        assert_eq!(
            RepairKind::ALL
                .iter()
                .map(|k| revisit_days(*k))
                .collect::<Vec<_>>(),
            [2, 3, 7]
        );
    }

    #[test]
    fn a_revisit_due_in_working_time_stays_where_it_is() {
        let calendar = national_day();
        // Monday 11-02 10:00 + 7 days is Monday 11-09 10:00.
        assert_eq!(
            revisit_due(&calendar, RepairKind::General, t("2026-11-02 10:00")),
            t("2026-11-09 10:00")
        );
        // Monday + 2 is Wednesday; + 3 is Thursday.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Safety, t("2026-11-02 17:59")),
            t("2026-11-04 17:59")
        );
        assert_eq!(
            revisit_due(&calendar, RepairKind::Leak, t("2026-11-02 09:00")),
            t("2026-11-05 09:00")
        );
    }

    #[test]
    fn a_revisit_due_on_a_weekend_moves_to_monday_morning() {
        let calendar = national_day();
        // Thursday 09-24 + 2 days is Saturday 09-26.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Safety, t("2026-09-24 10:00")),
            t("2026-09-28 09:00")
        );
        // Wednesday 11-04 + 3 days is Saturday 11-07.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Leak, t("2026-11-04 14:00")),
            t("2026-11-09 09:00")
        );
        // Sunday 11-01 (a repair on a weekend) + 7 days is Sunday 11-08.
        assert_eq!(
            revisit_due(&calendar, RepairKind::General, t("2026-11-01 11:00")),
            t("2026-11-09 09:00")
        );
    }

    #[test]
    fn a_revisit_due_in_the_holiday_moves_past_it() {
        let calendar = national_day();
        // Tuesday 09-29 + 2 is 10-01, the first day of the holiday.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Safety, t("2026-09-29 15:00")),
            t("2026-10-08 09:00")
        );
        // Monday 09-28 + 3 is 10-01.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Leak, t("2026-09-28 15:00")),
            t("2026-10-08 09:00")
        );
        // Tuesday 09-29 + 7 is 10-06, still the holiday.
        assert_eq!(
            revisit_due(&calendar, RepairKind::General, t("2026-09-29 11:00")),
            t("2026-10-08 09:00")
        );
        // Saturday 10-03 + 7 is the make-up Saturday 10-10: a working day, kept.
        assert_eq!(
            revisit_due(&calendar, RepairKind::General, t("2026-10-03 10:00")),
            t("2026-10-10 10:00")
        );
        // The holiday does not stop the clock: 09-30 + 7 is 10-07, moved to 10-08, not later.
        assert_eq!(
            revisit_due(&calendar, RepairKind::General, t("2026-09-30 10:00")),
            t("2026-10-08 09:00")
        );
    }

    #[test]
    fn a_repair_done_after_hours_is_revisited_at_the_next_opening() {
        let calendar = national_day();
        // Monday 19:30 + 2 days is Wednesday 19:30, after closing: Thursday morning.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Safety, t("2026-11-02 19:30")),
            t("2026-11-05 09:00")
        );
        // Tuesday 07:30 + 2 days is Thursday 07:30, before opening: that morning.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Safety, t("2026-11-03 07:30")),
            t("2026-11-05 09:00")
        );
        // Closing time itself is outside office hours.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Leak, t("2026-11-02 18:00")),
            t("2026-11-06 09:00")
        );
        // Friday 20:00 + 3 days is Monday 20:00: Tuesday morning.
        assert_eq!(
            revisit_due(&calendar, RepairKind::Leak, t("2026-11-06 20:00")),
            t("2026-11-10 09:00")
        );
    }

    #[test]
    fn repair_kinds_and_roles_parse_in_either_language() {
        assert_eq!(
            RepairKind::parse("漏水", "--kind").unwrap(),
            RepairKind::Leak
        );
        assert_eq!(
            RepairKind::parse("安全设施", "--kind").unwrap(),
            RepairKind::Safety
        );
        assert_eq!(
            RepairKind::parse("其它", "--kind").unwrap(),
            RepairKind::General
        );
        assert_eq!(
            RevisitRole::parse("维修负责人", "--by").unwrap(),
            RevisitRole::Lead
        );
        assert_eq!(
            RevisitRole::parse("Director", "--by").unwrap(),
            RevisitRole::Director
        );
        let err = RepairKind::parse("electrical", "--kind").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--kind: \"electrical\" is not a repair kind; type one of safety, leak, general"
        );
        let err = RevisitRole::parse("经理", "--by").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--by: \"经理\" is not a revisit role; type one of director, admin, lead"
        );
        assert!(RepairStatus::parse("已登记", "--status").is_ok());
        assert!(RepairStatus::parse("closed", "--status").is_err());
    }

    #[test]
    fn roles_index_their_counts() {
        for (index, role) in RevisitRole::ALL.iter().enumerate() {
            assert_eq!(role.index(), index);
        }
    }

    fn meets(completed: u32, counts: [u32; 3]) -> [bool; 3] {
        revisit_rates(completed, counts).roles.map(|r| r.meets)
    }

    #[test]
    fn the_director_must_revisit_a_tenth() {
        assert!(meets(10, [1, 0, 0])[0], "1 of 10 is exactly 10 %");
        assert!(!meets(21, [2, 0, 0])[0], "2 of 21 is under 10 %");
        assert!(meets(21, [3, 0, 0])[0]);
        assert!(meets(70, [7, 0, 0])[0]);
        assert!(!meets(10, [0, 0, 0])[0]);
        assert!(meets(1, [1, 0, 0])[0]);
    }

    #[test]
    fn administrators_must_revisit_three_tenths() {
        assert!(meets(10, [0, 3, 0])[1], "3 of 10 is exactly 30 %");
        assert!(!meets(10, [0, 2, 0])[1]);
        assert!(!meets(11, [0, 3, 0])[1], "3 of 11 is under 30 %");
        assert!(meets(11, [0, 4, 0])[1]);
        // 0.1 + 0.2 is not 0.3 in floating point; whole numbers decide.
        assert!(meets(30, [0, 9, 0])[1]);
    }

    #[test]
    fn the_repair_lead_must_revisit_six_tenths() {
        assert!(meets(10, [0, 0, 6])[2], "6 of 10 is exactly 60 %");
        assert!(!meets(10, [0, 0, 5])[2]);
        assert!(!meets(7, [0, 0, 4])[2], "4 of 7 is under 60 %");
        assert!(meets(5, [0, 0, 3])[2]);
    }

    #[test]
    fn rates_are_fractions_for_display() {
        let rates = revisit_rates(20, [2, 6, 12]);
        assert_eq!(rates.completed, 20);
        let shown: Vec<(RevisitRole, u32, f64)> = rates
            .roles
            .iter()
            .map(|r| (r.role, r.revisited, r.rate))
            .collect();
        assert_eq!(
            shown,
            [
                (RevisitRole::Director, 2, 0.1),
                (RevisitRole::Admin, 6, 0.3),
                (RevisitRole::Lead, 12, 0.6),
            ]
        );
        assert!(rates.all_met());
        assert!(!revisit_rates(20, [2, 6, 11]).all_met());
    }

    #[test]
    fn a_month_without_completed_repairs_owes_no_revisits() {
        let rates = revisit_rates(0, [0, 0, 0]);
        assert!(rates.all_met());
        assert!(rates.roles.iter().all(|r| r.rate == 0.0));
    }

    #[test]
    fn a_handover_is_dated_between_its_deal_and_today() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let today = day("2026-11-23");
        let sold = Some((4, day("2026-11-10")));
        assert!(
            handover_day(day("2026-11-10"), today, sold).is_ok(),
            "the deal's own day"
        );
        assert!(handover_day(day("2026-11-23"), today, None).is_ok());
        let early = handover_day(day("2026-11-09"), today, sold).unwrap_err();
        assert!(early.to_string().contains("before deal 4"), "{early}");
        let late = handover_day(day("2026-11-24"), today, sold).unwrap_err();
        assert!(late.to_string().contains("after today"), "{late}");
    }

    #[test]
    fn a_notice_after_the_24_hours_is_late() {
        let found = t("2026-11-02 10:00");
        assert!(
            !notice_late(found, t("2026-11-03 10:00")),
            "on the hour is in time"
        );
        assert!(notice_late(found, t("2026-11-03 10:01")));
        let steps = [
            (RepairStep::Done, t("2026-11-01 09:00")),
            (RepairStep::RevisitProblem, found),
            (RepairStep::Notice, t("2026-11-04 09:00")),
            (RepairStep::Done, t("2026-11-05 09:00")),
            (RepairStep::RevisitProblem, t("2026-11-06 09:00")),
            (RepairStep::Notice, t("2026-11-06 15:00")),
        ];
        assert_eq!(late_notices(&steps), [t("2026-11-04 09:00")]);
        assert!(late_notices(&steps[..3]).len() == 1 && late_notices(&steps[..2]).is_empty());
    }

    #[test]
    fn the_notice_is_due_24_clock_hours_after_the_revisit() {
        assert_eq!(notice_due(t("2026-11-02 10:00")), t("2026-11-03 10:00"));
        // A Friday revisit: due Saturday, not moved to Monday.
        assert_eq!(notice_due(t("2026-11-06 16:30")), t("2026-11-07 16:30"));
        assert_eq!(notice_due(t("2026-09-30 15:00")), t("2026-10-01 15:00"));
    }

    #[test]
    fn revisit_scores_run_from_1_to_5() {
        assert_eq!(revisit_score(" 5 ", "--score"), Ok(5));
        assert_eq!(revisit_score("1", "--score"), Ok(1));
        for bad in ["0", "6", "4.5", "good", ""] {
            let err = revisit_score(bad, "--score").unwrap_err();
            assert!(
                err.to_string().starts_with("--score:") && err.to_string().contains("from 1 to 5"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn the_life_cycle_allows_only_its_steps() {
        use RepairStatus::*;
        use RepairStep::*;
        let legal = [
            (Booked, Reschedule, Booked),
            (Booked, RepairStep::Done, RepairStatus::Done),
            (RepairStatus::Done, Revisit, Revisited),
            (RepairStatus::Done, RevisitProblem, Problem),
            (Problem, Notice, Rectifying),
            (Rectifying, Reschedule, Rectifying),
            (Rectifying, RepairStep::Done, RepairStatus::Done),
        ];
        for (from, step, to) in legal {
            assert_eq!(advance(from, step), Ok(to), "{from:?} {step:?}");
        }
        // Every other pair is refused.
        for &from in RepairStatus::ALL {
            for &step in RepairStep::ALL {
                if legal.iter().any(|(f, s, _)| (*f, *s) == (from, step)) {
                    continue;
                }
                assert_eq!(
                    advance(from, step),
                    Err(Illegal { status: from, step }),
                    "{from:?} {step:?}"
                );
            }
        }
    }

    #[test]
    fn a_full_repair_with_a_problem_found_and_fixed() {
        use RepairStep::*;
        let steps = [
            Reschedule,
            Done,
            RevisitProblem,
            Notice,
            Reschedule,
            Done,
            Revisit,
        ];
        let end = steps
            .iter()
            .try_fold(RepairStatus::Booked, |status, step| advance(status, *step));
        assert_eq!(end, Ok(RepairStatus::Revisited));
    }

    #[test]
    fn a_refused_step_says_what_is_allowed_next() {
        let message = |status, step| Illegal { status, step }.message(12);
        assert_eq!(
            message(RepairStatus::Booked, RepairStep::Revisit),
            "repair 12 is booked: `revisit` is not allowed now; allowed next: reschedule, done"
        );
        assert_eq!(
            message(RepairStatus::Done, RepairStep::Reschedule),
            "repair 12 is done: `reschedule` is not allowed now; allowed next: revisit, revisit --problem"
        );
        assert_eq!(
            message(RepairStatus::Done, RepairStep::Notice),
            "repair 12 is done: `notice` is not allowed now; allowed next: revisit, revisit --problem"
        );
        assert_eq!(
            message(RepairStatus::Revisited, RepairStep::RevisitProblem),
            "repair 12 is revisited: `revisit --problem` is not allowed now; allowed next: nothing, it is revisited and closed"
        );
    }
}
