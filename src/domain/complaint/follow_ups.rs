//! The follow-up calls the procedure asks for beyond each complaint's own revisit.
//!
//! **Monday's calls** (4.10.5, 4.11.7: 每周一完成对关联项目上周已投诉的100%电话跟踪回访;对处理中
//! 投诉进程及满意度的20%电话跟踪回访). The list for a Monday–Sunday week is made on the Monday
//! after it: every complaint received in the week or closed in it (resolved or archived: 上周已
//! 投诉的, 100 %), and of the complaints still being handled at the week's end (处理中投诉) a draw
//! of 20 %, rounded up. A complaint is on the list once, for the first of those reasons. The draw
//! is seeded by the week, so the list printed on Monday morning is the list printed again at
//! noon, and the one the weekly report counts against. A call belongs to the list of the week
//! before the one it is made in, and one call per complaint and list is enough (no repeats).
//!
//! **The director's follow-ups** (4.7.6: 客户总监负责对重大投诉的100%跟踪). Every major complaint
//! is followed by the customer director: its follow-up call after each resolution (the
//! `revisit`) is made by the person the office names as its customer director. A major
//! complaint resolved in the month whose latest follow-up call was made by someone else, or not
//! made yet, is listed for the director in the monthly report.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::classify::Class;
use crate::domain::codes::code_enum;
use crate::domain::dates;
use crate::domain::survey;

/// The share of the complaints still being handled that Monday's calls reach (处理中投诉 20 %).
pub const OPEN_SHARE: f64 = 0.2;

code_enum! {
    /// Why a complaint is on Monday's call list.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    pub enum Why: "a reason to call" {
        /// Received in the week.
        Received => "received", "上周受理",
        /// Resolved or archived in the week.
        Closed => "closed", "上周办结",
        /// Still being handled at the week's end, and drawn.
        Drawn => "drawn", "处理中抽查",
    }
}

/// A complaint as the call list sees it at the end of the week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub received_at: NaiveDateTime,
    /// The moments it was resolved or archived.
    pub closed: Vec<NaiveDateTime>,
    /// Still being handled at the week's end (received or in progress).
    pub open_at_end: bool,
}

/// The Monday–Sunday week starting `monday`, as the half-open span `[from, to)`.
pub fn week_span(monday: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let from = monday.and_time(chrono::NaiveTime::MIN);
    (from, from + Duration::days(7))
}

/// The list of the week starting `monday`, by complaint number: see the module documentation.
pub fn call_list(candidates: &[Candidate], monday: NaiveDate) -> Vec<(i64, Why)> {
    let (from, to) = week_span(monday);
    let within = |at: &NaiveDateTime| (from..to).contains(at);
    let mut list = Vec::new();
    let mut pool = Vec::new();
    for candidate in candidates {
        if within(&candidate.received_at) {
            list.push((candidate.id, Why::Received));
        } else if candidate.closed.iter().any(within) {
            list.push((candidate.id, Why::Closed));
        } else if candidate.open_at_end && candidate.received_at < to {
            pool.push(candidate.id);
        }
    }
    pool.sort_unstable();
    let size = survey::sample_size(OPEN_SHARE, pool.len());
    let seed = survey::seed_of(&format!("calls {monday}"));
    list.extend(
        survey::draw(&pool, size, seed)
            .into_iter()
            .map(|id| (id, Why::Drawn)),
    );
    list.sort_unstable();
    list
}

/// The Monday of the week whose list a call made at `at` answers: the week before.
pub fn list_week_of_call(at: NaiveDateTime) -> NaiveDate {
    let day = at.date();
    dates::monday_of(day).unwrap_or(day) - Duration::days(7)
}

/// Whether the director's follow-up of a complaint is missing: a major complaint resolved at
/// `resolved`, whose follow-up calls after that resolution were made by `revisits` (when, by
/// whom), is the director's to call; `director` is the holder the office named, if any.
pub fn director_missed(
    class: Class,
    resolved: NaiveDateTime,
    revisits: &[(NaiveDateTime, Option<&str>)],
    director: Option<&str>,
) -> bool {
    if class != Class::Major {
        return false;
    }
    let latest = revisits
        .iter()
        .filter(|(at, _)| *at >= resolved)
        .max_by_key(|(at, _)| *at);
    match (latest, director) {
        (Some((_, Some(by))), Some(director)) => by.trim() != director.trim(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn open(id: i64, received: &str) -> Candidate {
        Candidate {
            id,
            received_at: t(received),
            closed: vec![],
            open_at_end: true,
        }
    }

    #[test]
    fn every_complaint_of_the_week_and_a_fifth_of_those_open() {
        let mut candidates = vec![
            // Received in the week, still open: called for that, not drawn.
            open(1, "2026-11-24 10:00"),
            // Received before, resolved in the week.
            Candidate {
                closed: vec![t("2026-11-27 15:00")],
                open_at_end: false,
                ..open(2, "2026-11-02 10:00")
            },
            // Resolved the week before: not this week's.
            Candidate {
                closed: vec![t("2026-11-20 15:00")],
                open_at_end: false,
                ..open(3, "2026-11-02 10:00")
            },
            // Received after the week: not yet.
            open(4, "2026-11-30 09:00"),
        ];
        // Eleven older complaints still being handled: ceil(20 % of 11) = 3 are drawn.
        candidates.extend((10..21).map(|id| open(id, "2026-11-10 10:00")));
        let list = call_list(&candidates, monday());
        assert!(list.contains(&(1, Why::Received)));
        assert!(list.contains(&(2, Why::Closed)));
        assert!(!list.iter().any(|(id, _)| *id == 3 || *id == 4));
        let drawn: Vec<i64> = list
            .iter()
            .filter(|(_, why)| *why == Why::Drawn)
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(drawn.len(), 3, "{list:?}");
        assert!(drawn.iter().all(|id| (10..21).contains(id)));
        // No repeats, and the same week draws the same list.
        let mut ids: Vec<i64> = list.iter().map(|(id, _)| *id).collect();
        ids.dedup();
        assert_eq!(ids.len(), list.len());
        assert_eq!(call_list(&candidates, monday()), list);
        let other = call_list(&candidates, monday() + Duration::days(7));
        assert!(
            other
                .iter()
                .all(|(_, why)| *why == Why::Drawn || *why == Why::Received)
        );
    }

    #[test]
    fn a_call_answers_the_list_of_the_week_before() {
        assert_eq!(list_week_of_call(t("2026-11-30 09:30")), monday());
        assert_eq!(list_week_of_call(t("2026-12-06 20:00")), monday());
        assert_eq!(
            list_week_of_call(t("2026-12-07 08:00")),
            monday() + Duration::days(7)
        );
    }

    #[test]
    fn a_major_complaint_is_followed_by_the_director() {
        let resolved = t("2026-11-10 10:00");
        let by = |who| [(t("2026-11-11 10:00"), Some(who))];
        let director = Some("刘总监");
        assert!(!director_missed(
            Class::Major,
            resolved,
            &by("刘总监"),
            director
        ));
        assert!(director_missed(
            Class::Major,
            resolved,
            &by("客服专员"),
            director
        ));
        assert!(director_missed(Class::Major, resolved, &[], director));
        // A call before the latest resolution does not follow that resolution.
        let before = [(t("2026-11-09 10:00"), Some("刘总监"))];
        assert!(director_missed(Class::Major, resolved, &before, director));
        // With no director named, nobody's call can count as theirs.
        assert!(director_missed(Class::Major, resolved, &by("刘总监"), None));
        // Important and general complaints are not the director's to call.
        assert!(!director_missed(Class::Important, resolved, &[], director));
    }
}
