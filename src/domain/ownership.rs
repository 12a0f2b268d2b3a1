//! Who a customer belongs to (客户归属), worked out from the register and the deals.
//!
//! - After a deal the customer belongs to the rep who closed it, for good: the month no longer
//!   applies, and a later 更名 or 换房 changes nothing (7.6).
//! - A rep's registration of a customer is valid for one month from that rep's last registered
//!   visit with the customer: through the same day of the next month (a visit on 2026-11-02
//!   keeps it valid through 2026-12-02; on 2026-01-31 through 2026-02-28).
//! - First registration wins: among the reps whose registration is valid at a moment, the
//!   customer belongs to the one whose unbroken run of valid registration started first.
//! - Calls never decide ownership; nor do superseded entries (a reassigned reception), voided
//!   ones, voluntary receptions (made on the owner's behalf) or entries of retired reps (who
//!   receive no one). A voluntary reception made for a rep whose customer the visitor becomes
//!   (the new customer an old one brings while their rep is away, 7.5) registers the visitor
//!   for that rep.
//! - A customer who refused a rep (a reassigned entry) is no longer that rep's, for good (3.10c:
//!   此客户按新客处理，原售楼员不再享有任何权益): the refused rep's run ends there, earlier visits
//!   included, no later entry of theirs registers the customer, and the rep who took over starts
//!   one. A second refusal does not undo the first.
//! - A registration lapses (失效) the day after its last valid day; the daily report lists those
//!   that lapse within the coming week, so that the rep can call the customer back in time
//!   ([`Lapsing`]).
//! - Two records of one person who forgot their rep (客户忘记原售楼员, 1.7 g–j) are one
//!   customer once a clerk links them; whose they are depends on when the first rep was
//!   recognised ([`Recognition`]).

use chrono::{Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};

use super::register::{Entry, Reason};

/// A valid registration, or a deal: the customer belongs to `rep_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ownership {
    pub rep_id: i64,
    /// The first entry of the unbroken run that makes the rep the owner; for a deal, the deal.
    pub registered_at: NaiveDateTime,
    /// The rep's last registered visit; validity runs from it.
    pub last_visit: NaiveDateTime,
    /// The last day the registration is valid; `None` once the customer bought from the rep,
    /// whose customer they are for good.
    pub valid_until: Option<NaiveDate>,
}

impl Ownership {
    /// Whether the customer bought from the rep.
    pub fn for_good(&self) -> bool {
        self.valid_until.is_none()
    }
}

/// A deal as ownership sees it: the rep who closed it and when. A deal gives the customer to no
/// rep when other staff follow it up (6.1.5) or its rep has retired; the register decides then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bought {
    pub rep_id: Option<i64>,
    pub at: NaiveDateTime,
    pub rep_retired: bool,
}

/// The last day a registration is valid, given the rep's last registered visit.
pub fn valid_until(last_visit: NaiveDateTime) -> NaiveDate {
    let day = last_visit.date();
    // One month on from any real date always exists; chrono clamps the 31st to the month's end.
    day.checked_add_months(Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

/// The registrations that lapse in the week after a day: their last valid day is one of the
/// next seven days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lapsing {
    pub soonest: NaiveDate,
    pub latest: NaiveDate,
}

impl Lapsing {
    /// How many days ahead the daily report looks.
    pub const DAYS: i64 = 7;

    /// The registrations lapsing in the week after `day`.
    pub fn after(day: NaiveDate) -> Lapsing {
        Lapsing {
            soonest: day + Duration::days(1),
            latest: day + Duration::days(Lapsing::DAYS),
        }
    }

    /// The days a rep's last visit must fall on for their registration to lapse in the window:
    /// about a month before it. A month on from the 29th to the 31st is clamped to a short
    /// month's end (a visit on 01-31 is valid through 02-28), so the edges are found by walking
    /// from a day surely outside, rather than by taking a month off. Only customers seen on
    /// these days need to be looked at.
    pub fn last_visits(&self) -> (NaiveDate, NaiveDate) {
        let until = |day: NaiveDate| valid_until(day.and_time(NaiveTime::MIN));
        // A month is 28 to 31 days, and the last valid day never moves back as the visit moves
        // on, so the days whose month ends in the window are one run.
        let mut first = self.soonest - Duration::days(32);
        while until(first) < self.soonest {
            first += Duration::days(1);
        }
        let mut last = self.latest - Duration::days(31);
        while until(last + Duration::days(1)) <= self.latest {
            last += Duration::days(1);
        }
        (first, last)
    }

    /// Whether this registration lapses in the window.
    pub fn holds(&self, ownership: &Ownership) -> bool {
        ownership
            .valid_until
            .is_some_and(|until| (self.soonest..=self.latest).contains(&until))
    }
}

/// 夫妻客: spouses registered separately by two reps before a deal are joint customers of both
/// (佣金各半). Given a customer's and their spouse's valid registrations, and whether either of
/// them has bought, the other rep the customer is shared with, if any. Once either is an owner
/// (业主) the deal is done and each keeps their own rep.
pub fn joint_with(
    own: Option<&Ownership>,
    spouse: Option<&Ownership>,
    either_bought: bool,
) -> Option<i64> {
    match (own, spouse) {
        _ if either_bought => None,
        (Some(own), Some(spouse)) if own.rep_id != spouse.rep_id => Some(spouse.rep_id),
        _ => None,
    }
}

/// Whether an entry registers the customer for the rep it counts for ([`Entry::claimant`]).
pub fn registers(entry: &Entry) -> bool {
    let counts = match entry.reason {
        Reason::Call => false,
        Reason::Voluntary => entry.for_rep.is_some(),
        _ => true,
    };
    counts && !entry.superseded && !entry.claimant_retired()
}

/// The owner of a customer at `at`: the rep of their first deal by then, for good; else the
/// registration in force.
pub fn owner_of(entries: &[Entry], deals: &[Bought], at: NaiveDateTime) -> Option<Ownership> {
    let first = deals
        .iter()
        .filter(|d| d.at <= at && !d.rep_retired)
        .filter_map(|d| Some((d.at, d.rep_id?)))
        .min();
    match first {
        Some((bought, rep_id)) => Some(Ownership {
            rep_id,
            registered_at: bought,
            last_visit: bought,
            valid_until: None,
        }),
        None => owner_at(entries, at),
    }
}

/// The reps a customer refused, each with the moment of the reassignment that recorded it. The
/// refusal stands once a second refusal has replaced that reassignment (it was a real reception
/// the customer left); only a voided one, a mistake, refused nobody.
pub fn refusals(entries: &[Entry]) -> Vec<(i64, NaiveDateTime)> {
    entries
        .iter()
        .filter(|e| !e.voided)
        .filter_map(|e| Some((e.refused_rep_id?, e.at)))
        .collect()
}

/// The reps the customer had refused by `at`: the rotation never hands the customer to them
/// again, and they own nothing of the customer (3.10c).
pub fn refused_by(entries: &[Entry], at: NaiveDateTime) -> Vec<i64> {
    let mut reps: Vec<i64> = refusals(entries)
        .into_iter()
        .filter(|(_, when)| *when <= at)
        .map(|(rep, _)| rep)
        .collect();
    reps.sort_unstable();
    reps.dedup();
    reps
}

/// The registration in force at `at`, from a customer's entries in any order.
pub fn owner_at(entries: &[Entry], at: NaiveDateTime) -> Option<Ownership> {
    let mut counted: Vec<&Entry> = entries
        .iter()
        .filter(|e| registers(e) && e.at <= at)
        .collect();
    counted.sort_by_key(|e| (e.at, e.visit_id));
    let refusals = refusals(entries);
    let refused = |rep: i64, by: NaiveDateTime| {
        refusals
            .iter()
            .any(|(refused, when)| *refused == rep && *when <= by)
    };
    // Each rep's current unbroken run: (start, last visit, id of the first entry).
    let mut runs: Vec<(i64, NaiveDateTime, NaiveDateTime, i64)> = Vec::new();
    for entry in counted {
        runs.retain(|run| !refused(run.0, entry.at));
        let rep = entry.claimant();
        if refused(rep, entry.at) {
            continue;
        }
        match runs.iter_mut().find(|run| run.0 == rep) {
            Some(run) if entry.at.date() <= valid_until(run.2) => run.2 = entry.at,
            Some(run) => *run = (rep, entry.at, entry.at, entry.visit_id),
            None => runs.push((rep, entry.at, entry.at, entry.visit_id)),
        }
    }
    runs.into_iter()
        .filter(|run| at.date() <= valid_until(run.2) && !refused(run.0, at))
        .min_by_key(|run| (run.1, run.3))
        .map(|(rep_id, registered_at, last_visit, _)| Ownership {
            rep_id,
            registered_at,
            last_visit,
            valid_until: Some(valid_until(last_visit)),
        })
}

/// How a customer who forgot their rep and registered again with another (客户忘记原售楼员,
/// 1.7 g–j) stands once a clerk links the two records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognition {
    /// The first registration had lapsed when the second rep registered them, or it is the same
    /// rep: one customer with one history, by the usual rules.
    NoClaim,
    /// Recognised on the day of the second registration: the first rep receives them (g).
    SameDay { first_rep: i64 },
    /// Recognised within a month of it: the second rep follows up and a deal is halved (i).
    WithinMonth { first_rep: i64, second_rep: i64 },
    /// Recognised later: the customer and a deal are the second rep's (j).
    Later { first_rep: i64, second_rep: i64 },
}

/// Two records of one person and the moment a clerk linked them, with their entries; which
/// record is the original is found from the dates.
#[derive(Debug, Clone)]
pub struct Linked<'a> {
    pub one: &'a [Entry],
    pub other: &'a [Entry],
    pub at: NaiveDateTime,
}

impl Linked<'_> {
    /// The original record's entries and the second's: the original is registered first.
    fn ordered(&self) -> (&[Entry], &[Entry]) {
        let first = |entries: &[Entry]| {
            entries
                .iter()
                .filter(|e| registers(e))
                .map(|e| (e.at, e.visit_id))
                .min()
        };
        match (first(self.one), first(self.other)) {
            (Some(one), Some(other)) if other < one => (self.other, self.one),
            (None, Some(_)) => (self.other, self.one),
            _ => (self.one, self.other),
        }
    }

    /// When the second rep registered the customer, if a rep did.
    pub fn second_registration(&self) -> Option<NaiveDateTime> {
        let (_, second) = self.ordered();
        second.iter().filter(|e| registers(e)).map(|e| e.at).min()
    }

    /// Where the link leaves the two reps (1.7 g–j).
    pub fn recognition(&self) -> Recognition {
        let (original, second) = self.ordered();
        let Some(start) = second
            .iter()
            .filter(|e| registers(e))
            .min_by_key(|e| (e.at, e.visit_id))
        else {
            return Recognition::NoClaim;
        };
        let first_rep = match owner_at(original, start.at) {
            Some(first) if first.rep_id != start.claimant() => first.rep_id,
            _ => return Recognition::NoClaim,
        };
        let second_rep = start.claimant();
        if self.at.date() == start.at.date() {
            Recognition::SameDay { first_rep }
        } else if self.at.date() <= valid_until(start.at) {
            Recognition::WithinMonth {
                first_rep,
                second_rep,
            }
        } else {
            Recognition::Later {
                first_rep,
                second_rep,
            }
        }
    }

    /// The entries that decide the person's owner once linked. Recognised the same day, the
    /// second rep's receptions before the link were made on the first rep's behalf; recognised
    /// later, the first rep's claim ended with the second registration.
    pub fn entries(&self) -> Vec<Entry> {
        let (original, second) = self.ordered();
        let after_link = |entries: &[Entry]| {
            entries
                .iter()
                .filter(|e| e.at >= self.at)
                .cloned()
                .collect::<Vec<_>>()
        };
        let mut all = match self.recognition() {
            Recognition::NoClaim => [original, second].concat(),
            Recognition::SameDay { .. } => [original.to_vec(), after_link(second)].concat(),
            Recognition::WithinMonth { .. } | Recognition::Later { .. } => {
                [second.to_vec(), after_link(original)].concat()
            }
        };
        all.sort_by_key(|e| (e.at, e.visit_id));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn entry(id: i64, rep: i64, at: &str, reason: Reason) -> Entry {
        Entry {
            visit_id: id,
            rep_id: rep,
            at: t(at),
            reason,
            superseded: false,
            voided: false,
            rep_retired: false,
            refused_rep_id: None,
            for_rep: None,
        }
    }

    fn owner(entries: &[Entry], at: &str) -> Option<i64> {
        owner_at(entries, t(at)).map(|o| o.rep_id)
    }

    #[test]
    fn valid_for_one_month_from_the_last_visit() {
        assert_eq!(
            valid_until(t("2026-11-02 10:00")),
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        );
        assert_eq!(
            valid_until(t("2026-01-31 10:00")),
            NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
        let entries = [entry(1, 7, "2026-11-02 10:00", Reason::Rotation)];
        assert_eq!(
            owner(&entries, "2026-12-02 23:59"),
            Some(7),
            "last valid day"
        );
        assert_eq!(owner(&entries, "2026-12-03 00:00"), None, "lapsed");
        assert_eq!(
            owner(&entries, "2026-11-02 09:59"),
            None,
            "not registered yet"
        );
    }

    #[test]
    fn each_visit_by_the_owner_renews_the_month() {
        let entries = [
            entry(1, 7, "2026-10-01 10:00", Reason::Rotation),
            entry(2, 7, "2026-10-25 10:00", Reason::Returning),
        ];
        let ownership = owner_at(&entries, t("2026-11-20 10:00")).unwrap();
        assert_eq!(ownership.rep_id, 7);
        assert_eq!(ownership.registered_at, t("2026-10-01 10:00"));
        assert_eq!(ownership.last_visit, t("2026-10-25 10:00"));
        assert_eq!(ownership.valid_until, NaiveDate::from_ymd_opt(2026, 11, 25));
    }

    #[test]
    fn first_registration_wins_while_valid() {
        let entries = [
            entry(1, 7, "2026-11-01 10:00", Reason::Rotation),
            entry(2, 8, "2026-11-05 10:00", Reason::Designated),
            entry(3, 8, "2026-11-20 10:00", Reason::Designated),
        ];
        assert_eq!(owner(&entries, "2026-11-21 10:00"), Some(7));
        // Rep 7's month runs out on 2026-12-01; rep 8's registration is still valid.
        assert_eq!(owner(&entries, "2026-12-02 10:00"), Some(8));
        assert_eq!(owner(&entries, "2026-12-21 10:00"), None);
    }

    #[test]
    fn a_lapsed_registration_starts_afresh() {
        let entries = [
            entry(1, 7, "2026-08-01 10:00", Reason::Rotation),
            entry(2, 8, "2026-10-01 10:00", Reason::Rotation),
            entry(3, 7, "2026-10-10 10:00", Reason::Designated),
        ];
        // Rep 7's August run lapsed; the new run from 10-10 started after rep 8's.
        assert_eq!(owner(&entries, "2026-10-20 10:00"), Some(8));
    }

    #[test]
    fn calls_never_decide_ownership() {
        let entries = [
            entry(1, 7, "2026-11-01 10:00", Reason::Call),
            entry(2, 8, "2026-11-03 10:00", Reason::Rotation),
        ];
        assert_eq!(owner(&entries, "2026-11-04 10:00"), Some(8));
        assert_eq!(owner(&entries[..1], "2026-11-02 10:00"), None);
    }

    #[test]
    fn superseded_voluntary_and_retired_entries_do_not_register() {
        let mut refused = entry(1, 7, "2026-11-01 10:00", Reason::Rotation);
        refused.superseded = true;
        let taken_over = entry(2, 8, "2026-11-01 10:05", Reason::Reassigned);
        assert_eq!(owner(&[refused, taken_over], "2026-11-02 10:00"), Some(8));

        let entries = [
            entry(1, 7, "2026-09-01 10:00", Reason::Rotation),
            entry(2, 8, "2026-09-20 10:00", Reason::Voluntary),
        ];
        assert_eq!(owner(&entries, "2026-09-25 10:00"), Some(7));
        assert_eq!(
            owner(&entries, "2026-10-05 10:00"),
            None,
            "voluntary kept no one's claim"
        );

        let mut retired = entry(1, 7, "2026-11-01 10:00", Reason::Rotation);
        retired.rep_retired = true;
        assert_eq!(owner(&[retired], "2026-11-02 10:00"), None);
    }

    #[test]
    fn a_second_refusal_never_returns_the_customer_to_the_refused_owner() {
        // 7 owned the customer; the customer refused 7 (8 took over), then refused 8 (9 took
        // over). The second reassignment replaces the first, whose refusal still stands.
        let owned = entry(1, 7, "2026-11-02 10:00", Reason::Rotation);
        let mut left = entry(2, 7, "2026-11-23 09:00", Reason::Returning);
        left.superseded = true;
        let mut first = entry(3, 8, "2026-11-23 09:20", Reason::Rotation);
        first.refused_rep_id = Some(7);
        first.superseded = true;
        let mut second = entry(4, 9, "2026-11-23 09:40", Reason::Rotation);
        second.refused_rep_id = Some(8);
        let entries = [owned, left, first, second];
        assert_eq!(owner(&entries, "2026-11-23 10:00"), Some(9));
        assert_eq!(refused_by(&entries, t("2026-11-23 10:00")), [7, 8]);
        assert_eq!(refused_by(&entries, t("2026-11-23 09:30")), [7]);
        // A later visit received by the refused owner registers nothing: the customer is 9's.
        let later = entry(5, 7, "2026-11-28 10:00", Reason::Rotation);
        let mut all = entries.to_vec();
        all.push(later);
        assert_eq!(owner(&all, "2026-11-28 11:00"), Some(9));
        // Once 9's registration lapses, 7 still owns nothing of them.
        assert_eq!(owner(&all, "2027-01-05 10:00"), None);
    }

    #[test]
    fn a_voided_reassignment_refused_nobody() {
        let owned = entry(1, 7, "2026-11-23 09:00", Reason::Rotation);
        let mut mistake = entry(2, 8, "2026-11-23 09:20", Reason::Rotation);
        mistake.refused_rep_id = Some(7);
        mistake.superseded = true;
        mistake.voided = true;
        let entries = [owned, mistake];
        assert!(refused_by(&entries, t("2026-11-23 10:00")).is_empty());
        assert_eq!(owner(&entries, "2026-11-23 10:00"), Some(7));
    }

    #[test]
    fn a_refused_rep_loses_the_customer_earlier_visits_included() {
        let mut refused = entry(2, 7, "2026-11-23 09:00", Reason::Returning);
        refused.superseded = true;
        let mut taken_over = entry(3, 8, "2026-11-23 09:10", Reason::Reassigned);
        taken_over.refused_rep_id = Some(7);
        let entries = [
            entry(1, 7, "2026-11-22 09:05", Reason::Rotation),
            refused,
            taken_over,
        ];
        assert_eq!(owner(&entries, "2026-11-23 10:00"), Some(8));
        assert_eq!(
            owner(&entries, "2026-11-23 09:05"),
            Some(7),
            "before the refusal"
        );
    }

    #[test]
    fn spouses_registered_by_two_reps_are_joint_customers() {
        let wife = owner_at(
            &[entry(1, 7, "2026-11-01 10:00", Reason::Rotation)],
            t("2026-11-05 10:00"),
        );
        let husband = owner_at(
            &[entry(2, 8, "2026-11-03 10:00", Reason::Rotation)],
            t("2026-11-05 10:00"),
        );
        assert_eq!(joint_with(wife.as_ref(), husband.as_ref(), false), Some(8));
        assert_eq!(joint_with(husband.as_ref(), wife.as_ref(), false), Some(7));
        assert_eq!(
            joint_with(wife.as_ref(), wife.as_ref(), false),
            None,
            "same rep: nothing to share"
        );
        assert_eq!(
            joint_with(wife.as_ref(), None, false),
            None,
            "spouse not registered"
        );
        assert_eq!(joint_with(None, husband.as_ref(), false), None);
        assert_eq!(
            joint_with(wife.as_ref(), husband.as_ref(), true),
            None,
            "once either has bought, each keeps their own rep"
        );
    }

    #[test]
    fn lapsing_means_the_last_valid_day_is_within_the_next_week() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let window = Lapsing::after(day);
        let owned_until = |until: NaiveDate| Ownership {
            rep_id: 7,
            registered_at: t("2026-10-01 10:00"),
            last_visit: t("2026-10-26 10:00"),
            valid_until: Some(until),
        };
        assert!(
            !window.holds(&owned_until(day)),
            "lapses tomorrow is the first"
        );
        assert!(window.holds(&owned_until(day + Duration::days(1))));
        assert!(window.holds(&owned_until(day + Duration::days(7))));
        assert!(!window.holds(&owned_until(day + Duration::days(8))));
    }

    #[test]
    fn the_last_visits_of_lapsing_registrations_fall_in_the_searched_days() {
        // Every day of two years (a leap February among them) against every last visit that
        // could bear on it: a registration lapsing in the window comes from a last visit on one
        // of the days searched, and every day searched has one.
        let first = NaiveDate::from_ymd_opt(2027, 12, 1).unwrap();
        for day in first.iter_days().take(2 * 366) {
            let window = Lapsing::after(day);
            let (from, to) = window.last_visits();
            let earliest = day - Duration::days(40);
            for last in earliest.iter_days().take(45) {
                let visit = last.and_hms_opt(10, 0, 0).unwrap();
                let ownership = Ownership {
                    rep_id: 7,
                    registered_at: visit,
                    last_visit: visit,
                    valid_until: Some(valid_until(visit)),
                };
                assert_eq!(
                    window.holds(&ownership),
                    (from..=to).contains(&last),
                    "{day}: a last visit on {last} and the days searched {from}..{to}"
                );
            }
        }
    }

    #[test]
    fn entries_after_the_moment_are_ignored_and_order_does_not_matter() {
        let entries = [
            entry(2, 8, "2026-11-05 10:00", Reason::Rotation),
            entry(1, 7, "2026-11-01 10:00", Reason::Rotation),
        ];
        assert_eq!(owner(&entries, "2026-11-06 10:00"), Some(7));
        assert_eq!(owner(&entries[..1], "2026-11-04 10:00"), None);
    }

    #[test]
    fn a_buyer_belongs_to_the_closing_rep_for_good() {
        let entries = [entry(1, 7, "2026-03-02 10:00", Reason::Rotation)];
        let deal = Bought {
            rep_id: Some(7),
            at: t("2026-03-05 15:00"),
            rep_retired: false,
        };
        let later = owner_of(&entries, &[deal], t("2026-05-10 10:00")).unwrap();
        assert_eq!((later.rep_id, later.for_good()), (7, true));
        assert_eq!(
            owner_of(&entries, &[], t("2026-05-10 10:00")),
            None,
            "without the deal the month ran out"
        );
        // Another rep's later registration changes nothing after the deal.
        let after = [
            entries[0].clone(),
            entry(2, 8, "2026-05-10 10:00", Reason::Rotation),
        ];
        assert_eq!(
            owner_of(&after, &[deal], t("2026-05-11 10:00")).map(|o| o.rep_id),
            Some(7)
        );
        // Before the deal, the registration in force.
        let before = owner_of(&entries, &[deal], t("2026-03-04 10:00")).unwrap();
        assert_eq!((before.rep_id, before.for_good()), (7, false));
        // A company deal followed up by other staff, or one whose rep retired, gives the customer
        // to no rep: the register decides.
        let staff = Bought {
            rep_id: None,
            at: t("2026-03-05 15:00"),
            rep_retired: false,
        };
        let left = Bought {
            rep_retired: true,
            ..deal
        };
        for deal in [staff, left] {
            let owner = owner_of(&entries, &[deal], t("2026-03-06 10:00")).unwrap();
            assert_eq!((owner.rep_id, owner.for_good()), (7, false), "{deal:?}");
        }
    }

    #[test]
    fn a_voluntary_reception_made_for_a_rep_registers_the_visitor_for_them() {
        let mut for_owner = entry(1, 9, "2026-11-23 10:00", Reason::Voluntary);
        for_owner.for_rep = Some((7, false));
        assert_eq!(owner(&[for_owner.clone()], "2026-11-24 10:00"), Some(7));
        let plain = entry(1, 9, "2026-11-23 10:00", Reason::Voluntary);
        assert_eq!(owner(&[plain], "2026-11-24 10:00"), None);
        for_owner.for_rep = Some((7, true));
        assert_eq!(
            owner(&[for_owner], "2026-11-24 10:00"),
            None,
            "the rep it was made for retired"
        );
    }

    #[test]
    fn a_customer_who_forgot_their_rep_follows_the_dates_of_recognition() {
        // 7 registered the customer on 03-01 under one phone; 8 registered them again on 03-10
        // under another.
        let original = [entry(1, 7, "2026-03-01 10:00", Reason::Rotation)];
        let second = [entry(2, 8, "2026-03-10 10:00", Reason::Rotation)];
        let linked = |at: &str| Linked {
            one: &second,
            other: &original,
            at: t(at),
        };
        let same_day = linked("2026-03-10 11:00");
        assert_eq!(
            same_day.recognition(),
            Recognition::SameDay { first_rep: 7 }
        );
        assert_eq!(owner(&same_day.entries(), "2026-03-11 10:00"), Some(7));
        let within = linked("2026-03-20 11:00");
        assert_eq!(
            within.recognition(),
            Recognition::WithinMonth {
                first_rep: 7,
                second_rep: 8
            }
        );
        assert_eq!(owner(&within.entries(), "2026-03-21 10:00"), Some(8));
        assert_eq!(
            linked("2026-04-11 11:00").recognition(),
            Recognition::Later {
                first_rep: 7,
                second_rep: 8
            },
            "a month after 03-10 ends on 04-10"
        );
        // The first registration had lapsed by the second visit: nothing to recognise.
        let lapsed = [entry(1, 7, "2026-01-01 10:00", Reason::Rotation)];
        let fresh = Linked {
            one: &lapsed,
            other: &second,
            at: t("2026-03-10 11:00"),
        };
        assert_eq!(fresh.recognition(), Recognition::NoClaim);
        assert_eq!(owner(&fresh.entries(), "2026-03-11 10:00"), Some(8));
    }
}
