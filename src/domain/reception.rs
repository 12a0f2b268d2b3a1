//! Who receives a visitor and why: the decision the clerk reads aloud. One pure function,
//! [`receive`], applies the rules in this order:
//!
//! 1. A call (来电) is recorded for the designated rep, else the owner, else nobody; it never
//!    takes a turn and never decides ownership.
//! 2. A customer who designates a rep (指定接待) is received by that rep, outside the rotation;
//!    a returning customer who designates a rep other than their own, as a voluntary reception
//!    that leaves them their rep's (5.3).
//! 3. A returning customer (老客户) with a valid registration goes to the owning rep when that
//!    rep is on duty; otherwise the present rep last in the queue receives them as a voluntary
//!    reception (义务接待), which is not a turn.
//! 4. A new customer brought by an old one (老带新) is one reception with them: received by the
//!    rep who received the old customer today (unless the roster says that rep has left the
//!    desk), else the old customer's owner if on duty. With the owner away, the present rep last
//!    in the queue receives them as a voluntary reception made for the owner, whose customer
//!    the new one becomes (7.5 b); only when the old customer has no rep at all does the pair
//!    take a rotation turn.
//! 5. Everyone else takes the next rotation turn.
//!
//! The designation of 2. against a returning customer's own rep needs the sales manager's
//! approval (5.3: 原则上不予支持, 经销售经理同意); an approval typed where none is needed is
//! refused as a typo ([`check_approval`]).

use chrono::{NaiveDate, NaiveDateTime};

use super::codes::code_set;
use super::customer::Channel;
use super::dates;
use super::ownership::Ownership;
use super::phone::Phone;
use super::register::{Contact, Entry, Reason, Recorded};
use super::rotation::{NobodyPresent, Queue, RepRef, RosterChange, RosterEvent, Turn};
use crate::error::Invalid;
use crate::messages::Message;

/// The old customer who introduced a new one (老带新, 7.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escort {
    /// The old customer came with the new one (7.5b): registered at the desk today, or the
    /// clerk said so.
    pub present: bool,
    /// Their rep declared the visit beforehand, for today (7.5a, [`announced`]); asked only
    /// of an old customer who did not come along.
    pub announced: bool,
    /// The old customer's owner, if their registration is valid.
    pub owner: Option<RepRef>,
}

/// A rep's declaration that their old customer will bring a new one at an agreed time (7.5a:
/// 甲售楼员事先声明自已的客户会来，而且约好时间).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub rep_id: i64,
    /// When the rep declared it.
    pub at: NaiveDateTime,
    /// The time agreed for the visit.
    pub expected_at: NaiveDateTime,
}

/// A declaration is the old customer's rep's to make — the rep whose registration of them holds
/// — and is made before the visit, for a time not yet past.
pub fn check_announcement(
    customer: &str,
    rep: &RepRef,
    owner: Option<&RepRef>,
    announcement: &Announcement,
) -> Result<(), Invalid> {
    if owner.is_none_or(|owner| owner.id != rep.id) {
        return Err(Message::AnnounceNotOwner {
            name: customer.to_string(),
            rep: rep.name.clone(),
            owner: owner.map(|o| o.name.clone()),
        }
        .into());
    }
    if announcement.expected_at < announcement.at {
        return Err(Message::AnnouncePast {
            expected: dates::minute(announcement.expected_at),
            now: dates::minute(announcement.at),
        }
        .into());
    }
    Ok(())
}

/// Whether the old customer's rep `owner` declared, before `at`, a visit for the day of `at`
/// (7.5a): then the new customer is theirs though the old customer did not come along. A
/// declaration by a rep who no longer owns the old customer holds nothing.
pub fn announced(
    announcements: &[Announcement],
    owner: Option<&RepRef>,
    at: NaiveDateTime,
) -> bool {
    owner.is_some_and(|owner| {
        announcements
            .iter()
            .any(|a| a.rep_id == owner.id && a.at <= at && a.expected_at.date() == at.date())
    })
}

/// Whether a customer came to the desk on `day`, from their entries: a visit of that day that
/// was not voided as a mistake (a reassigned one was a real reception). An old customer who
/// came that day came with the new one they brought (7.5b).
pub fn came_on(entries: &[Entry], day: NaiveDate) -> bool {
    entries
        .iter()
        .any(|e| e.at.date() == day && e.reason != Reason::Call && !e.voided)
}

/// Everything the rules need to know about one arrival.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub call: bool,
    /// A rep the customer asked for (already checked to exist and not be retired).
    pub designated: Option<RepRef>,
    /// The customer's owner and their registration, if valid now (the rep is not retired).
    pub owner: Option<(RepRef, Ownership)>,
    pub escort: Option<Escort>,
    /// The reps the customer refused: the rotation never hands them the customer again (3.10c).
    pub refused: Vec<i64>,
}

/// The decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reception {
    pub rep: Option<RepRef>,
    pub reason: Reason,
    /// The rotation turn this reception used, if it used one.
    pub turn: Option<Turn>,
    /// For a voluntary reception made for a rep whose customer the visitor becomes: that rep.
    pub for_rep: Option<RepRef>,
}

/// Why no rep could be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unassigned {
    /// The rules need today's queue and none is set.
    NoRoster,
    /// Everybody on the roster is away.
    NobodyPresent,
}

impl From<NobodyPresent> for Unassigned {
    fn from(_: NobodyPresent) -> Unassigned {
        Unassigned::NobodyPresent
    }
}

fn plain(rep: RepRef, reason: Reason) -> Reception {
    Reception {
        rep: Some(rep),
        reason,
        turn: None,
        for_rep: None,
    }
}

fn taking(turn: Turn, reason: Reason) -> Reception {
    Reception {
        rep: Some(turn.rep.clone()),
        reason,
        turn: Some(turn),
        for_rep: None,
    }
}

/// Decides who receives the arrival; takes a turn from `queue` when the rules say so. On error
/// the queue is unchanged.
pub fn receive(arrival: &Arrival, queue: Option<&mut Queue>) -> Result<Reception, Unassigned> {
    if arrival.call {
        let rep = arrival
            .designated
            .clone()
            .or_else(|| arrival.owner.clone().map(|(r, _)| r));
        return Ok(Reception {
            rep,
            reason: Reason::Call,
            turn: None,
            for_rep: None,
        });
    }
    if let Some(rep) = &arrival.designated {
        // A returning customer who asks for another rep is received by them as a voluntary
        // reception, with the sales manager's agreement; the customer stays their rep's (5.3).
        if let Some((owner, _)) = &arrival.owner
            && owner.id != rep.id
        {
            return Ok(plain(rep.clone(), Reason::Voluntary));
        }
        return Ok(plain(rep.clone(), Reason::Designated));
    }
    if let Some((owner, _)) = &arrival.owner {
        let queue = queue.ok_or(Unassigned::NoRoster)?;
        if queue.on_duty(owner.id) {
            return Ok(plain(owner.clone(), Reason::Returning));
        }
        let last = queue.last_present().ok_or(Unassigned::NobodyPresent)?;
        return Ok(plain(last.rep.clone(), Reason::Voluntary));
    }
    // 老带新 (7.5): the old customer came along (b) or their rep declared the visit beforehand
    // (a), and the old customer is still registered to that rep (5.4): the rep receives, and
    // it counts as their reception (1.3); away or busy with another customer (3.9), the last in
    // the queue receives for them. Otherwise the new customer is new like any other (c): the
    // rotation decides.
    if let Some(owner) = arrival
        .escort
        .as_ref()
        .filter(|escort| escort.present || escort.announced)
        .and_then(|escort| escort.owner.as_ref())
    {
        let queue = queue.ok_or(Unassigned::NoRoster)?;
        if let Some(turn) = queue.take_turn_of(owner.id) {
            return Ok(taking(turn, Reason::Brought));
        }
        let last = queue.last_present().ok_or(Unassigned::NobodyPresent)?;
        return Ok(Reception {
            for_rep: Some(owner.clone()),
            ..plain(last.rep.clone(), Reason::Voluntary)
        });
    }
    let queue = queue.ok_or(Unassigned::NoRoster)?;
    Ok(taking(queue.take_turn(&arrival.refused)?, Reason::Rotation))
}

/// An employee's referral (推介) holds only if the customer arrives on the day the referral
/// named (未能在约定日来访,则介绍登记失效).
pub fn referral_valid(expected: NaiveDate, visit_day: NaiveDate) -> bool {
    expected == visit_day
}

/// How long after the customer's arrival the referrer or the project manager may still confirm
/// a referral (6.2.3–4). The seed wants the confirmation on arrival, the referrer at the
/// customer's side at the desk or a call to the project manager ahead of time; half an hour
/// covers the walk from the door and a call made while the customer is being greeted, and no
/// more: a referral confirmed once the rep has received the customer as new is void.
pub const REFERRAL_GRACE_MINUTES: i64 = 30;

/// An employee's referral registered before the first visit (推介, 6.2) holds only if the
/// customer arrives on the day it named and the referrer or the project manager confirmed it
/// that day, before the customer arrived or within [`REFERRAL_GRACE_MINUTES`] of it (6.2.2–4).
/// A referral is never registered for a customer a rep registered first (6.2.3).
pub fn referral_holds(
    day: NaiveDate,
    visit_at: NaiveDateTime,
    confirmed: Option<NaiveDateTime>,
) -> bool {
    visit_at.date() == day
        && confirmed.is_some_and(|at| at.date() == day && !referral_confirmed_late(visit_at, at))
}

/// Where an employee's referral stands on a day, as the referral list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralStanding {
    /// The referrer or the project manager confirmed it.
    Confirmed,
    /// Its day has not passed yet.
    Waiting,
    /// Its day passed unconfirmed: it no longer holds (6.2.2).
    Lapsed,
}

code_set!(ReferralStanding, "a referral's standing", [
    Confirmed => "confirmed", "已确认",
    Waiting => "waiting", "待到访",
    Lapsed => "lapsed", "已失效",
]);

/// Where a referral for `day`, confirmed or not, stands on `today`.
pub fn referral_standing(day: NaiveDate, confirmed: bool, today: NaiveDate) -> ReferralStanding {
    match (confirmed, day < today) {
        (true, _) => ReferralStanding::Confirmed,
        (false, true) => ReferralStanding::Lapsed,
        (false, false) => ReferralStanding::Waiting,
    }
}

/// The entry that shows a rep registered the customer before an employee's referral could
/// claim them (6.2.3: 如未经此程序而由现场销售人员已登记在先了，再主张为自己介绍的客户的一律
/// 不予支持): the customer's first standing visit — unless, for `referral` (its id and agreed
/// day), that visit was made on the referral on its day. A referral being registered
/// (`referral` none) is claimed first by any standing visit. Calls register nobody.
pub fn registered_first(
    entries: &[Recorded],
    referral: Option<(i64, NaiveDate)>,
) -> Option<&Recorded> {
    let first = entries
        .iter()
        .find(|e| e.stands() && e.contact == Contact::Visit)?;
    match referral {
        Some((id, day)) if first.referral_id == Some(id) && first.at.date() == day => None,
        _ => Some(first),
    }
}

/// A referral is registered before the customer's first visit (6.2.1), never for a customer a
/// rep registered first (6.2.3). `entries` are the customer's, in the register's order.
pub fn check_referral_add(phone: &Phone, entries: &[Recorded]) -> Result<(), Invalid> {
    match registered_first(entries, None) {
        Some(first) => Err(Message::ReferralAfterVisit {
            phone: phone.masked(),
            on: dates::date(first.at.date()),
            rep: first.rep.as_ref().map(|r| r.name.clone()),
        }
        .into()),
        None => Ok(()),
    }
}

/// A referral is confirmed only while no rep has registered its customer first (6.2.3): a
/// customer who came before the agreed day, or was received without the referral, is the rep's.
pub fn check_referral_confirm(
    phone: &Phone,
    referral: (i64, NaiveDate),
    entries: &[Recorded],
) -> Result<(), Invalid> {
    match registered_first(entries, Some(referral)) {
        Some(first) => Err(Message::ReferralConfirmAfterRep {
            phone: phone.masked(),
            on: dates::minute(first.at),
            rep: first.rep.as_ref().map(|r| r.name.clone()),
        }
        .into()),
        None => Ok(()),
    }
}

/// Whether a confirmation at `at` comes too late for a customer who arrived at `visit_at`.
pub fn referral_confirmed_late(visit_at: NaiveDateTime, at: NaiveDateTime) -> bool {
    at > visit_at + chrono::Duration::minutes(REFERRAL_GRACE_MINUTES)
}

/// How far ahead of the clock a clerk may type the time of a turn-taking visit: the clock on
/// the wall and the computer's may differ by a few minutes, but a visitor who takes a turn is
/// standing at the desk now.
pub const TYPED_TURN_AHEAD_MINUTES: i64 = 10;

/// A turn typed for `at` when the clock says `clock` is a typo (a wrong hour) when it lies more
/// than [`TYPED_TURN_AHEAD_MINUTES`] ahead: taken, it would hold every turn of the real clock
/// behind it until that hour came.
pub fn typed_turn_too_early(at: NaiveDateTime, clock: NaiveDateTime) -> bool {
    at > clock + chrono::Duration::minutes(TYPED_TURN_AHEAD_MINUTES)
}

/// A turn taken at `at` keeps the order customers arrived in when no entry of the day took a
/// turn later (`latest`): an earlier one would hand out a turn the queue has already moved past.
pub fn in_turn_order(latest: NaiveDateTime, at: NaiveDateTime) -> bool {
    latest <= at
}

/// A visitor is a new customer when nothing but calls stands in the register for them: a
/// caller who walks in for the first time is new to the desk.
pub fn is_new_customer(earlier: impl IntoIterator<Item = Reason>) -> bool {
    earlier.into_iter().all(|reason| reason == Reason::Call)
}

/// What [`reassign`] decided: the new turn, whether the refused rep is owed a priority turn,
/// and the roster log's line for the refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassignment {
    pub turn: Turn,
    pub owed: bool,
    pub event: RosterEvent,
}

/// A customer refused their rep midway (客户拒绝): the next rep in the rotation, other than the
/// refused one and any the customer refused `before`, takes them and the turn counts for them
/// (3.10c: a second refusal never goes back to the first). The refused rep's turn is void and
/// owed back as a priority turn when that reception had used a turn (a designated or returning
/// reception used none, so nothing is owed). The roster log records the refusal of entry
/// `visit_id` for `why` either way.
pub fn reassign(
    queue: &mut Queue,
    visit_id: i64,
    refused: &RepRef,
    before: &[i64],
    refused_used_a_turn: bool,
    why: &str,
) -> Result<Reassignment, NobodyPresent> {
    let mut excluding = before.to_vec();
    excluding.push(refused.id);
    let turn = queue.take_turn(&excluding)?;
    let owed = refused_used_a_turn && queue.void_turn(refused.id);
    let event = RosterEvent {
        rep_id: Some(refused.id),
        other_rep_id: Some(turn.rep.id),
        detail: Some(format!("entry {visit_id}: {why}")),
        ..RosterEvent::of(RosterChange::Void)
    };
    Ok(Reassignment { turn, owed, event })
}

/// The 5.3 approval of a designation, checked against the reception [`receive`] decided. A
/// designated rep who receives another rep's returning customer (a voluntary reception) needs
/// the sales manager (`approved`); any other reception must not name one.
pub fn check_approval(
    customer: &str,
    designated: bool,
    approved: bool,
    reception: &Reception,
    owner: Option<&RepRef>,
) -> Result<(), Invalid> {
    let against_owner = designated && reception.reason == Reason::Voluntary;
    match (against_owner, approved, owner) {
        (true, false, Some(owner)) => Err(Invalid::from(Message::DesignateOwned {
            name: customer.to_string(),
            owner: owner.name.clone(),
            rep: reception.rep.as_ref().map(|r| r.name.clone()),
        })),
        (false, true, _) => Err(Invalid::from(Message::ApprovalNotNeeded {})),
        _ => Ok(()),
    }
}

/// How an entry of an imported register counts. The sheet says who received the customer and
/// no turn is taken; the register's rules say what the entry means:
/// - a call stays a call;
/// - a visit received by the owning rep is a returning customer;
/// - a visit received by another rep while someone's registration is valid was made on the
///   owner's behalf (voluntary): first registration wins, so the sheet cannot give the customer
///   away;
/// - with no valid registration, the rep registers the customer as at a rotation turn.
pub fn imported(call: bool, rep_id: Option<i64>, owner: Option<&Ownership>) -> Reason {
    match (call, owner) {
        (true, _) => Reason::Call,
        (false, None) => Reason::Rotation,
        (false, Some(owner)) if Some(owner.rep_id) == rep_id => Reason::Returning,
        (false, Some(_)) => Reason::Voluntary,
    }
}

/// The customer asked midway for another rep and the sales manager agreed: what the entry of
/// the rep who takes over records. A new customer's designated rep takes over outside the
/// rotation and the first rep keeps the turn ([`Reason::Designated`], 5.2); a returning
/// customer's receives them voluntarily and the customer stays the first rep's
/// ([`Reason::Voluntary`], 5.3), so `instigated` (the designated rep prompted the change, which
/// costs them their part of a deal under 5.2) cannot apply. `left` is the entry left, `id` its
/// number.
pub fn designate_midway(
    left: Reason,
    id: i64,
    first: &RepRef,
    designated: &RepRef,
    instigated: bool,
) -> Result<Reason, Invalid> {
    if designated.id == first.id {
        return Err(Message::ToSameRep {
            name: first.name.clone(),
            id,
        }
        .into());
    }
    let returning = matches!(left, Reason::Returning | Reason::Voluntary);
    if returning && instigated {
        return Err(Message::InstigatedReturning {}.into());
    }
    Ok(if returning {
        Reason::Voluntary
    } else {
        Reason::Designated
    })
}

/// What the desk may not record together at an arrival: a visitor brought by an old customer
/// whose phone is their own (老带新 needs two people), or a referrer named on a call (a referral
/// holds only when the customer comes to the desk on its day, 6.2.3).
pub fn check_arrival(
    phone: &Phone,
    brought_by: Option<&Phone>,
    call: bool,
    referrer_named: bool,
) -> Result<(), Invalid> {
    if brought_by == Some(phone) {
        return Err(Message::BroughtByOwnPhone {}.into());
    }
    if call && referrer_named {
        return Err(Message::ReferrerOnCall {}.into());
    }
    Ok(())
}

/// How a contact reached the office when the clerk does not say: a call by phone, a visitor by
/// walking in.
pub fn usual_channel(call: bool) -> Channel {
    if call {
        Channel::Phone
    } else {
        Channel::WalkIn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turn_typed_far_ahead_of_the_clock_is_a_typo() {
        let at = |hm: &str| {
            NaiveDateTime::parse_from_str(&format!("2026-11-23 {hm}"), "%Y-%m-%d %H:%M").unwrap()
        };
        assert!(!typed_turn_too_early(at("06:17"), at("06:17")));
        assert!(
            !typed_turn_too_early(at("06:27"), at("06:17")),
            "ten minutes"
        );
        assert!(typed_turn_too_early(at("06:28"), at("06:17")));
        assert!(typed_turn_too_early(at("18:24"), at("06:17")));
        assert!(
            !typed_turn_too_early(at("05:00"), at("06:17")),
            "back-filled"
        );
    }

    #[test]
    fn turns_follow_the_order_customers_arrived_in() {
        let at = |hm: &str| {
            NaiveDateTime::parse_from_str(&format!("2026-11-23 {hm}"), "%Y-%m-%d %H:%M").unwrap()
        };
        assert!(in_turn_order(at("10:00"), at("10:00")), "the same minute");
        assert!(in_turn_order(at("10:00"), at("10:05")));
        assert!(
            !in_turn_order(at("10:05"), at("10:00")),
            "behind a later turn"
        );
    }

    #[test]
    fn imported_entries_follow_the_registration_in_force() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 5)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let owner = Ownership {
            rep_id: 7,
            registered_at: at,
            last_visit: at,
            valid_until: Some(at.date()),
        };
        assert_eq!(imported(true, Some(7), Some(&owner)), Reason::Call);
        assert_eq!(imported(true, None, None), Reason::Call);
        assert_eq!(imported(false, Some(8), None), Reason::Rotation);
        assert_eq!(imported(false, Some(7), Some(&owner)), Reason::Returning);
        assert_eq!(imported(false, Some(8), Some(&owner)), Reason::Voluntary);
    }
    use crate::domain::rotation::Away;

    fn rep(id: i64) -> RepRef {
        RepRef {
            id,
            name: format!("r{id}"),
        }
    }

    fn ownership(rep_id: i64) -> Ownership {
        let at = NaiveDate::from_ymd_opt(2026, 11, 2)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        Ownership {
            rep_id,
            registered_at: at,
            last_visit: at,
            valid_until: Some(at.date()),
        }
    }

    fn arrival() -> Arrival {
        Arrival {
            call: false,
            designated: None,
            owner: None,
            escort: None,
            refused: Vec::new(),
        }
    }

    fn queue() -> Queue {
        Queue::new(vec![rep(1), rep(2), rep(3)])
    }

    fn decide(arrival: &Arrival, queue: &mut Queue) -> (i64, Reason, bool) {
        let reception = receive(arrival, Some(queue)).unwrap();
        (
            reception.rep.unwrap().id,
            reception.reason,
            reception.turn.is_some(),
        )
    }

    #[test]
    fn a_new_visitor_takes_the_rotation_turn() {
        let mut q = queue();
        assert_eq!(decide(&arrival(), &mut q), (1, Reason::Rotation, true));
        assert_eq!(decide(&arrival(), &mut q), (2, Reason::Rotation, true));
    }

    #[test]
    fn designated_rep_receives_outside_the_rotation() {
        let mut q = queue();
        let a = Arrival {
            designated: Some(rep(3)),
            ..arrival()
        };
        assert_eq!(decide(&a, &mut q), (3, Reason::Designated, false));
        assert_eq!(q, queue(), "the queue did not move");
        // Designation works without a roster. A returning customer who designates a rep other
        // than their own is that rep's voluntary reception, and stays their own rep's (5.3).
        let a = Arrival {
            designated: Some(rep(3)),
            owner: Some((rep(1), ownership(1))),
            ..arrival()
        };
        let received = receive(&a, None).unwrap();
        assert_eq!(
            (received.rep, received.reason, received.for_rep),
            (Some(rep(3)), Reason::Voluntary, None)
        );
        let own = Arrival {
            designated: Some(rep(1)),
            ..a
        };
        assert_eq!(receive(&own, None).unwrap().reason, Reason::Designated);
    }

    #[test]
    fn returning_customer_goes_to_the_owner_on_duty() {
        let mut q = queue();
        let a = Arrival {
            owner: Some((rep(2), ownership(2))),
            ..arrival()
        };
        assert_eq!(decide(&a, &mut q), (2, Reason::Returning, false));
        assert_eq!(q, queue());
    }

    #[test]
    fn owner_not_on_duty_means_voluntary_reception_by_the_last_in_queue() {
        let mut q = queue();
        q.set_away(2, Away::Absent);
        let before = q.clone();
        let a = Arrival {
            owner: Some((rep(2), ownership(2))),
            ..arrival()
        };
        assert_eq!(decide(&a, &mut q), (3, Reason::Voluntary, false));
        assert_eq!(q, before, "a voluntary reception is not a turn");
        let off_roster = Arrival {
            owner: Some((rep(9), ownership(9))),
            ..arrival()
        };
        assert_eq!(decide(&off_roster, &mut q), (3, Reason::Voluntary, false));
        q.set_away(3, Away::Absent);
        assert_eq!(decide(&off_roster, &mut q), (1, Reason::Voluntary, false));
    }

    fn brought(present: bool, owner: Option<i64>) -> Arrival {
        Arrival {
            escort: Some(Escort {
                present,
                announced: false,
                owner: owner.map(rep),
            }),
            ..arrival()
        }
    }

    fn order(queue: &Queue) -> Vec<i64> {
        queue.slots.iter().map(|s| s.rep.id).collect()
    }

    #[test]
    fn old_brings_new_is_one_reception_of_the_old_customers_rep() {
        // 1.3 and 7.5b: the old customer came with the new one; their rep 2 receives, and
        // it counts as 2's reception: 2 goes to the back as a rotation turn would send them.
        let mut q = queue();
        assert_eq!(
            decide(&brought(true, Some(2)), &mut q),
            (2, Reason::Brought, true)
        );
        assert_eq!(order(&q), [1, 3, 2]);
        assert_eq!(decide(&arrival(), &mut q), (1, Reason::Rotation, true));
    }

    #[test]
    fn an_old_customers_rep_away_or_busy_is_stood_in_for_without_a_turn() {
        // 7.5b: 如果甲不在乙售楼员有义务接待，之后可接待下一个客户 — and busy with another
        // customer is not there (3.9): the last in the queue receives for the owner.
        for away in [Away::Absent, Away::Manager, Away::Busy] {
            let mut q = queue();
            q.set_away(3, away);
            let reception = receive(&brought(true, Some(3)), Some(&mut q)).unwrap();
            assert_eq!(
                (reception.rep, reception.reason, reception.turn),
                (Some(rep(2)), Reason::Voluntary, None),
                "{away:?}"
            );
            assert_eq!(
                reception.for_rep,
                Some(rep(3)),
                "the customer is the owner's"
            );
            assert_eq!(order(&q), [1, 2, 3], "the stand-in keeps their place");
        }
    }

    #[test]
    fn an_old_customer_who_did_not_come_or_has_lapsed_brings_a_new_customer() {
        // 7.5c: the old customer did not come — the rotation decides and the customer is the
        // receiving rep's; 5.4: the old customer's registration lapsed — likewise.
        for arrival in [brought(false, Some(3)), brought(true, None)] {
            let mut q = queue();
            assert_eq!(decide(&arrival, &mut q), (1, Reason::Rotation, true));
        }
    }

    #[test]
    fn a_new_customers_own_owner_comes_before_the_escort() {
        let mut q = queue();
        let a = Arrival {
            owner: Some((rep(1), ownership(1))),
            escort: Some(Escort {
                present: true,
                announced: false,
                owner: Some(rep(2)),
            }),
            ..arrival()
        };
        assert_eq!(decide(&a, &mut q), (1, Reason::Returning, false));
    }

    #[test]
    fn calls_take_no_turn() {
        let mut q = queue();
        let call = Arrival {
            call: true,
            ..arrival()
        };
        let reception = receive(&call, Some(&mut q)).unwrap();
        assert_eq!(
            (reception.rep, reception.reason, reception.turn),
            (None, Reason::Call, None)
        );
        let owned = Arrival {
            call: true,
            owner: Some((rep(2), ownership(2))),
            ..arrival()
        };
        assert_eq!(receive(&owned, None).unwrap().rep, Some(rep(2)));
        assert_eq!(q, queue());
    }

    #[test]
    fn no_roster_or_nobody_present() {
        assert_eq!(receive(&arrival(), None), Err(Unassigned::NoRoster));
        let mut q = queue();
        for id in 1..=3 {
            q.set_away(id, Away::Absent);
        }
        assert_eq!(
            receive(&arrival(), Some(&mut q)),
            Err(Unassigned::NobodyPresent)
        );
        let owned = Arrival {
            owner: Some((rep(2), ownership(2))),
            ..arrival()
        };
        assert_eq!(
            receive(&owned, Some(&mut q)),
            Err(Unassigned::NobodyPresent)
        );
    }

    #[test]
    fn reassignment_voids_the_turn_and_owes_a_priority_turn() {
        let mut q = queue();
        let first = receive(&arrival(), Some(&mut q)).unwrap();
        assert_eq!(first.rep, Some(rep(1)));
        let done = reassign(&mut q, 7, &rep(1), &[], true, "refused").unwrap();
        assert_eq!((done.turn.rep.id, done.owed), (2, true));
        assert_eq!(
            (
                done.event.change,
                done.event.rep_id,
                done.event.other_rep_id
            ),
            (RosterChange::Void, Some(1), Some(2))
        );
        assert_eq!(done.event.detail.as_deref(), Some("entry 7: refused"));
        // Rep 1 takes the next new customer before the head (3).
        let next = receive(&arrival(), Some(&mut q)).unwrap();
        assert_eq!(
            next.turn.unwrap(),
            Turn {
                rep: rep(1),
                priority: true,
                passed: vec![]
            }
        );
    }

    #[test]
    fn reassigning_a_reception_that_used_no_turn_owes_nothing() {
        let mut q = queue();
        let done = reassign(&mut q, 7, &rep(3), &[], false, "refused").unwrap();
        assert_eq!((done.turn.rep.id, done.owed), (1, false));
        assert_eq!(
            done.event.rep_id,
            Some(3),
            "the refusal is logged all the same"
        );
        assert_eq!(q.slot(3).unwrap().priority, 0);
    }

    #[test]
    fn a_second_refusal_never_goes_back_to_the_first_refused_rep() {
        // 3.10c: rep 1 received the customer, who refused them; rep 2 took over by the rotation
        // and was refused in turn. Rep 1 is next by their priority turn, and passed over.
        let mut q = queue();
        receive(&arrival(), Some(&mut q)).unwrap();
        let first = reassign(&mut q, 7, &rep(1), &[], true, "refused").unwrap();
        assert_eq!(first.turn.rep.id, 2);
        let second = reassign(&mut q, 8, &rep(2), &[1], true, "refused again").unwrap();
        assert_eq!(second.turn.rep.id, 3, "neither refused rep");
        assert_eq!(
            q.slot(1).unwrap().priority,
            1,
            "rep 1 keeps the priority turn for another customer"
        );
        // With only refused reps present, nobody else can take the customer.
        let mut pair = Queue::new(vec![rep(1), rep(2)]);
        assert_eq!(
            reassign(&mut pair, 8, &rep(2), &[1], true, "refused again"),
            Err(NobodyPresent)
        );
    }

    #[test]
    fn the_rotation_never_hands_a_customer_to_a_rep_they_refused() {
        let mut q = queue();
        let refuser = Arrival {
            refused: vec![1],
            ..arrival()
        };
        assert_eq!(decide(&refuser, &mut q).0, 2);
        assert_eq!(decide(&arrival(), &mut q).0, 1, "rep 1 kept their place");
    }

    #[test]
    fn a_referral_holds_only_on_its_day() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        assert!(referral_valid(day(23), day(23)));
        assert!(!referral_valid(day(22), day(23)), "arrived a day late");
        assert!(!referral_valid(day(24), day(23)), "arrived early");
    }

    #[test]
    fn a_registered_referral_holds_when_the_customer_comes_that_day_and_it_is_confirmed() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let at = |d: u32, hm: &str| {
            NaiveDateTime::parse_from_str(&format!("2026-11-{d:02} {hm}"), "%Y-%m-%d %H:%M")
                .unwrap()
        };
        let arrived = at(23, "10:00");
        assert!(referral_holds(day(23), arrived, Some(at(23, "10:05"))));
        assert!(
            referral_holds(day(23), arrived, Some(at(23, "08:30"))),
            "called ahead that morning"
        );
        assert!(
            referral_holds(day(23), arrived, Some(at(23, "10:30"))),
            "the last minute of the grace"
        );
        assert!(
            !referral_holds(day(23), arrived, Some(at(23, "10:31"))),
            "confirmed once the customer had been received as new"
        );
        assert!(!referral_holds(day(23), arrived, None), "not confirmed");
        assert!(
            !referral_holds(day(23), at(24, "10:00"), Some(at(24, "10:00"))),
            "came a day late"
        );
        assert!(
            !referral_holds(day(23), at(23, "23:50"), Some(at(24, "00:05"))),
            "confirmed after the day"
        );
        assert!(
            !referral_holds(day(23), arrived, Some(at(22, "18:00"))),
            "confirmed the day before"
        );
    }

    #[test]
    fn only_calls_before_means_a_new_customer() {
        assert!(is_new_customer([]));
        assert!(is_new_customer([Reason::Call, Reason::Call]));
        assert!(!is_new_customer([Reason::Call, Reason::Voluntary]));
    }

    #[test]
    fn a_declared_visit_is_the_reps_though_the_old_customer_stays_at_home() {
        // 7.5a: 甲 declared the visit; the old customer phoned and does not come along.
        let mut q = queue();
        let declared = Arrival {
            escort: Some(Escort {
                present: false,
                announced: true,
                owner: Some(rep(3)),
            }),
            ..arrival()
        };
        assert_eq!(decide(&declared, &mut q), (3, Reason::Brought, true));
        q.set_away(3, Away::Absent);
        assert_eq!(
            decide(&declared, &mut q),
            (2, Reason::Voluntary, false),
            "the last in the queue receives for 甲 (当时客户来甲不在，排班在最后的售楼员有义务接待)"
        );
    }

    #[test]
    fn a_declaration_holds_on_its_day_made_before_the_visit_by_the_owner() {
        let at = |d: u32, hm: &str| {
            NaiveDateTime::parse_from_str(&format!("2026-11-{d:02} {hm}"), "%Y-%m-%d %H:%M")
                .unwrap()
        };
        let made = Announcement {
            rep_id: 3,
            at: at(22, "18:00"),
            expected_at: at(23, "15:00"),
        };
        let owner = rep(3);
        assert!(announced(
            std::slice::from_ref(&made),
            Some(&owner),
            at(23, "10:00")
        ));
        assert!(
            !announced(std::slice::from_ref(&made), Some(&owner), at(24, "10:00")),
            "another day"
        );
        assert!(
            !announced(std::slice::from_ref(&made), Some(&rep(2)), at(23, "10:00")),
            "not the owner's"
        );
        assert!(
            !announced(std::slice::from_ref(&made), None, at(23, "10:00")),
            "lapsed (5.4)"
        );
        let late = Announcement {
            at: at(23, "11:00"),
            ..made.clone()
        };
        assert!(
            !announced(&[late], Some(&owner), at(23, "10:30")),
            "declared after the visit"
        );

        assert_eq!(
            check_announcement("老客", &owner, Some(&owner), &made),
            Ok(())
        );
        let says = check_announcement("老客", &rep(2), Some(&owner), &made)
            .expect_err("not 2's customer")
            .english()
            .to_string();
        assert!(says.contains("老客") && says.contains("r3"), "{says}");
        assert!(
            check_announcement("老客", &owner, None, &made).is_err(),
            "nobody's customer"
        );
        let past = Announcement {
            expected_at: at(22, "17:00"),
            ..made
        };
        assert!(check_announcement("老客", &owner, Some(&owner), &past).is_err());
    }

    #[test]
    fn an_old_customer_came_along_when_a_visit_of_theirs_stands_that_day() {
        let at = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2026, 11, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let entry = |id: i64, at, reason| Entry {
            visit_id: id,
            rep_id: 7,
            at,
            reason,
            superseded: false,
            voided: false,
            rep_retired: false,
            refused_rep_id: None,
            for_rep: None,
        };
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let yesterday = entry(1, at(22, 10), Reason::Rotation);
        let call = entry(2, at(23, 9), Reason::Call);
        let mut mistake = entry(3, at(23, 10), Reason::Returning);
        mistake.superseded = true;
        mistake.voided = true;
        assert!(!came_on(&[yesterday, call, mistake.clone()], day));
        // A reception on the owner's behalf, or one the customer refused, was a real visit.
        let mut refused = entry(4, at(23, 11), Reason::Voluntary);
        refused.superseded = true;
        assert!(came_on(&[mistake, refused], day));
    }

    #[test]
    fn designating_against_the_owner_needs_the_sales_manager_and_nothing_else_does() {
        let owner = rep(1);
        let voluntary = Reception {
            rep: Some(rep(2)),
            reason: Reason::Voluntary,
            turn: None,
            for_rep: None,
        };
        let refused = check_approval("王", true, false, &voluntary, Some(&owner))
            .expect_err("5.3 needs the approval");
        assert!(
            refused.to_string().contains("王 is r1's customer"),
            "{refused}"
        );
        assert_eq!(
            check_approval("王", true, true, &voluntary, Some(&owner)),
            Ok(())
        );
        let designated = Reception {
            reason: Reason::Designated,
            ..voluntary.clone()
        };
        assert_eq!(check_approval("王", true, false, &designated, None), Ok(()));
        let typo = check_approval("王", true, true, &designated, None).expect_err("not needed");
        assert!(typo.to_string().starts_with("--approved-by:"), "{typo}");
        let rotation = Reception {
            reason: Reason::Rotation,
            ..voluntary
        };
        assert!(check_approval("王", false, true, &rotation, None).is_err());
        assert_eq!(check_approval("王", false, false, &rotation, None), Ok(()));
    }

    #[test]
    fn a_midway_designation_is_designated_for_a_new_customer_and_voluntary_for_a_returning_one() {
        let first = RepRef {
            id: 1,
            name: "王芳".to_string(),
        };
        let other = RepRef {
            id: 2,
            name: "李娜".to_string(),
        };
        assert_eq!(
            designate_midway(Reason::Rotation, 7, &first, &other, true),
            Ok(Reason::Designated)
        );
        assert_eq!(
            designate_midway(Reason::Returning, 7, &first, &other, false),
            Ok(Reason::Voluntary)
        );
        assert_eq!(
            designate_midway(Reason::Voluntary, 7, &first, &other, false),
            Ok(Reason::Voluntary)
        );
        let instigated = designate_midway(Reason::Returning, 7, &first, &other, true);
        assert!(
            instigated
                .unwrap_err()
                .english()
                .starts_with("--instigated:")
        );
        let same = designate_midway(Reason::Rotation, 7, &first, &first, false);
        assert!(
            same.unwrap_err()
                .english()
                .contains("received entry 7 already")
        );
    }

    /// A visit of 2026-11-`d` at `hm` received by 王芳, made on `referral` if any.
    fn recorded(d: u32, hm: &str, referral: Option<i64>) -> Recorded {
        Recorded {
            id: i64::from(d),
            at: NaiveDateTime::parse_from_str(&format!("2026-11-{d:02} {hm}"), "%Y-%m-%d %H:%M")
                .expect("a moment"),
            contact: Contact::Visit,
            reason: Reason::Rotation,
            rep: Some(RepRef {
                id: 1,
                name: "王芳".to_string(),
            }),
            voided: None,
            supersedes: None,
            superseded_by: None,
            designated_from: None,
            referral_id: referral,
        }
    }

    #[test]
    fn a_referral_is_registered_only_before_the_first_standing_visit() {
        let phone = Phone::parse("13812345678", "--phone").expect("a phone");
        assert_eq!(check_referral_add(&phone, &[]), Ok(()));
        let call = Recorded {
            contact: Contact::Call,
            ..recorded(20, "10:00", None)
        };
        let voided = Recorded {
            voided: Some(("李经理".to_string(), recorded(20, "10:05", None).at)),
            ..recorded(20, "10:00", None)
        };
        assert_eq!(
            check_referral_add(&phone, &[call.clone(), voided]),
            Ok(()),
            "a call and a voided visit register nobody"
        );
        let says = check_referral_add(&phone, &[call, recorded(21, "10:00", None)])
            .expect_err("a rep registered the customer")
            .english()
            .to_string();
        assert!(
            says.contains("2026-11-21") && says.contains("王芳"),
            "{says}"
        );
    }

    #[test]
    fn a_referral_is_confirmed_only_while_no_rep_registered_its_customer_first() {
        let phone = Phone::parse("13812345678", "--phone").expect("a phone");
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day");
        let referral = (5, day);
        assert_eq!(
            check_referral_confirm(&phone, referral, &[]),
            Ok(()),
            "confirmed ahead of the visit"
        );
        assert_eq!(
            check_referral_confirm(&phone, referral, &[recorded(23, "10:00", Some(5))]),
            Ok(()),
            "the customer came on the referral on its day"
        );
        for (first, why) in [
            (recorded(22, "10:00", Some(5)), "came the day before"),
            (recorded(23, "10:00", None), "received without the referral"),
            (recorded(23, "10:00", Some(4)), "on another referral"),
        ] {
            let says =
                check_referral_confirm(&phone, referral, &[first, recorded(23, "11:00", Some(5))])
                    .expect_err(why)
                    .english()
                    .to_string();
            assert!(says.contains("registered by 王芳"), "{why}: {says}");
        }
    }

    #[test]
    fn a_referral_is_confirmed_waiting_or_lapsed() {
        let day = NaiveDate::from_ymd_opt(2026, 5, 4).expect("a day");
        let next = day.succ_opt().expect("a day");
        assert_eq!(
            referral_standing(day, true, next),
            ReferralStanding::Confirmed
        );
        assert_eq!(
            referral_standing(day, false, day),
            ReferralStanding::Waiting
        );
        assert_eq!(
            referral_standing(next, false, day),
            ReferralStanding::Waiting
        );
        assert_eq!(
            referral_standing(day, false, next),
            ReferralStanding::Lapsed
        );
    }

    #[test]
    fn an_arrival_refuses_its_own_phone_as_escort_and_a_referrer_on_a_call() {
        let phone = Phone::parse("13812345678", "--phone").expect("a phone");
        let other = Phone::parse("13987654321", "--brought-by").expect("a phone");
        assert!(check_arrival(&phone, Some(&other), false, true).is_ok());
        assert!(check_arrival(&phone, None, true, false).is_ok());
        let own = check_arrival(&phone, Some(&phone), false, false).unwrap_err();
        assert!(own.english().starts_with("--brought-by:"), "{own}");
        let call = check_arrival(&phone, None, true, true).unwrap_err();
        assert!(call.english().starts_with("--referrer:"), "{call}");
        assert_eq!(usual_channel(true), Channel::Phone);
        assert_eq!(usual_channel(false), Channel::WalkIn);
    }
}
