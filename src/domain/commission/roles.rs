//! Who has a role in a deal (seed 003 §1.7, §5, §6.1.2, §6.2, §7.4), read from what the register
//! recorded before the deal was closed; [`super::shares`] then pays them.
//!
//! - The entries that count are the customer's own and, once a clerk linked two records of one
//!   person, the other record's too; of them only those that stand (neither corrected nor
//!   voided) and came no later than the deal.
//! - A midway designation (5.2) or a returning customer's designation (5.3) counts only when
//!   the rep the customer left is the rep who closed the deal: a deal another rep closed later
//!   is not the one the designation was about. The latest designation speaks.
//! - A leader's designation (6.1.2) counts when the rep a leader designated closed the deal.
//! - A referral (6.2) counts when the first visit came on it, on the agreed day, confirmed that
//!   day in time, and a rep who received the customer on it closed the deal.
//! - Spouses registered separately (7.4): the spouse's owner at the deal, unless they bought
//!   (a customer for good) or it is the closing rep.
//! - A customer who forgot their rep (1.7 g–j): as the link of the two records stands; a deal
//!   closed the day of the second registration, before the link, is the second rep's (h).

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::deal::CompanyDeal;
use crate::domain::ownership::{Linked, Ownership, Recognition};
use crate::domain::reception;
use crate::domain::register::{Contact, Reason};

/// A register entry as the commission rules read it: who received the customer, when, why,
/// whether it stands, and the roles the desk recorded on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleEntry {
    pub id: i64,
    pub rep_id: Option<i64>,
    pub at: NaiveDateTime,
    pub contact: Contact,
    pub reason: Reason,
    /// Neither superseded by a correction nor voided.
    pub stands: bool,
    /// The reception the customer left midway for this entry's rep (5.2, 5.3).
    pub designated_from: Option<i64>,
    /// The designated rep instigated it (5.2).
    pub instigated: bool,
    /// A company leader designated this entry's rep (6.1.2).
    pub leader_designated: bool,
    /// The employee referral the visitor came on (6.2).
    pub referral_id: Option<i64>,
}

/// An employee referral as 6.2 judges it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: i64,
    /// The employee who referred the customer.
    pub referrer: String,
    /// The day agreed for the visit.
    pub day: NaiveDate,
    /// When the referral was confirmed on arrival.
    pub confirmed: Option<NaiveDateTime>,
}

/// The other record of a linked person: its entries count from the link on.
#[derive(Debug, Clone, Copy)]
pub struct OtherRecord<'a> {
    pub linked_at: NaiveDateTime,
    /// Its entries, oldest first, standing or not.
    pub entries: &'a [RoleEntry],
}

/// What the rules read about a deal to find who has a role in it.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub closed_at: NaiveDateTime,
    /// The rep who closed the deal, if one did.
    pub closing_rep: Option<i64>,
    pub company: Option<CompanyDeal>,
    /// The customer's own entries, oldest first, standing or not.
    pub entries: &'a [RoleEntry],
    /// The other record, for a linked person.
    pub other: Option<OtherRecord<'a>>,
    /// The referrals the entries came on.
    pub referrals: &'a [Referral],
    /// Who the customer's spouse, registered separately, belonged to when the deal closed.
    pub spouse_owner: Option<Ownership>,
    /// The two records of a linked person as 1.7 reads them.
    pub linked: Option<Linked<'a>>,
}

/// A new customer's midway designation of another rep, agreed by the sales manager (5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Midway {
    pub first_rep: i64,
    pub designated_rep: i64,
    /// The designated rep instigated it: the first rep keeps it all.
    pub instigated: bool,
}

/// A customer who forgot their rep, as the link of their two records left it (1.7): the first
/// rep, whose registration was in force when the customer came again, and the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forgot {
    /// Recognised the day of the second registration, before any deal: the first rep's (g).
    SameDay { first_rep: i64 },
    /// Closed on the spot, before anyone recognised them: the second rep's (h).
    ClosedUnrecognised { second_rep: i64 },
    /// Not closed on the spot, and recognised within a month: halved, the second rep
    /// following up (i).
    Recognised { first_rep: i64, second_rep: i64 },
    /// Not recognised within the month: the second rep's (j).
    Later { second_rep: i64 },
}

/// Who has a role in a deal, as the register recorded it before the deal was closed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    /// The rep who closed the deal: the customer's owner, or the rep named for a company deal.
    pub closing_rep: Option<i64>,
    pub company: Option<CompanyDeal>,
    /// A company leader designated the rep (6.1.2).
    pub leader_designated: bool,
    pub midway: Option<Midway>,
    /// A returning customer designated another rep, a voluntary reception (5.3): that rep.
    pub returning_designation: Option<i64>,
    /// The employee whose referral held (6.2).
    pub referrer: Option<String>,
    /// The other rep of spouses registered separately before the deal (7.4).
    pub spouse_rep: Option<i64>,
    pub forgot: Option<Forgot>,
}

/// Who has a role in the deal.
pub fn of(facts: &Facts) -> Roles {
    let entries = counted(facts);
    let closing = facts.closing_rep;
    let (midway, returning_designation) = designations(&entries, closing);
    Roles {
        closing_rep: closing,
        company: facts.company,
        leader_designated: leader_designated(&entries, closing),
        midway,
        returning_designation,
        referrer: referrer(&entries, facts.referrals, closing),
        spouse_rep: spouse_rep(facts.spouse_owner.as_ref(), closing),
        forgot: facts
            .linked
            .as_ref()
            .and_then(|linked| forgot(linked, facts.closed_at, closing)),
    }
}

/// The entries that count for the deal, oldest first: the customer's own and, once linked by
/// the deal, the other record's; those that stand and came no later than the deal.
fn counted<'a>(facts: &Facts<'a>) -> Vec<&'a RoleEntry> {
    let mut all: Vec<&RoleEntry> = facts.entries.iter().collect();
    if let Some(other) = facts.other.filter(|o| o.linked_at <= facts.closed_at) {
        all.extend(other.entries);
        all.sort_by_key(|e| (e.at, e.id));
    }
    all.into_iter()
        .filter(|e| e.stands && e.at <= facts.closed_at)
        .collect()
}

/// A midway designation (5.2) or a returning customer's designation (5.3) before the deal,
/// when the rep the customer left is the rep who closed it.
fn designations(entries: &[&RoleEntry], closing: Option<i64>) -> (Option<Midway>, Option<i64>) {
    let Some(latest) = entries.iter().rev().find(|e| e.designated_from.is_some()) else {
        return (None, None);
    };
    let first_rep = entries
        .iter()
        .find(|e| Some(e.id) == latest.designated_from)
        .and_then(|e| e.rep_id);
    if first_rep.is_none() || first_rep != closing {
        return (None, None);
    }
    match (latest.reason, first_rep, latest.rep_id) {
        (Reason::Designated, Some(first_rep), Some(designated_rep)) => (
            Some(Midway {
                first_rep,
                designated_rep,
                instigated: latest.instigated,
            }),
            None,
        ),
        (Reason::Voluntary, _, Some(rep)) => (None, Some(rep)),
        _ => (None, None),
    }
}

/// Whether a leader designated the rep who closed the deal (6.1.2).
fn leader_designated(entries: &[&RoleEntry], closing: Option<i64>) -> bool {
    entries
        .iter()
        .any(|e| e.leader_designated && e.rep_id.is_some() && e.rep_id == closing)
}

/// The referrer whose referral held: the first visit came on it, on the agreed day, confirmed
/// that day in time (6.2), and a rep who received the customer on it closed the deal.
fn referrer(
    entries: &[&RoleEntry],
    referrals: &[Referral],
    closing: Option<i64>,
) -> Option<String> {
    let first = entries.iter().find(|e| e.contact == Contact::Visit)?;
    let id = first.referral_id?;
    // A refused rep's entry is superseded; the referral goes with the customer to the rep
    // who took over, whose entry carries it too.
    let received = entries
        .iter()
        .filter(|e| e.referral_id == Some(id) && e.rep_id.is_some())
        .any(|e| e.rep_id == closing);
    if !received {
        return None;
    }
    referrals
        .iter()
        .find(|r| r.id == id)
        .filter(|r| reception::referral_holds(r.day, first.at, r.confirmed))
        .map(|r| r.referrer.clone())
}

/// The other rep of spouses registered separately before the deal (7.4): the spouse's owner,
/// unless the spouse bought from them or they closed this deal too.
fn spouse_rep(theirs: Option<&Ownership>, closing: Option<i64>) -> Option<i64> {
    theirs
        .filter(|o| !o.for_good() && Some(o.rep_id) != closing)
        .map(|o| o.rep_id)
}

/// A customer who forgot their rep, as the link of their records stands (1.7). A deal closed on
/// the day of the second registration, before anyone recognised the customer, is the second
/// rep's (h); otherwise recognition within a month halves it (i), even if it came after the
/// deal, as the seed has it.
fn forgot(linked: &Linked, closed_at: NaiveDateTime, closing: Option<i64>) -> Option<Forgot> {
    let second_registered = linked.second_registration()?;
    let closed_unrecognised = closed_at.date() == second_registered.date() && closed_at < linked.at;
    match linked.recognition() {
        Recognition::NoClaim => None,
        Recognition::SameDay { .. }
        | Recognition::WithinMonth { .. }
        | Recognition::Later { .. }
            if closed_unrecognised =>
        {
            let second_rep = match linked.recognition() {
                Recognition::WithinMonth { second_rep, .. }
                | Recognition::Later { second_rep, .. } => second_rep,
                _ => closing?,
            };
            Some(Forgot::ClosedUnrecognised { second_rep })
        }
        Recognition::SameDay { first_rep } => Some(Forgot::SameDay { first_rep }),
        Recognition::WithinMonth {
            first_rep,
            second_rep,
        } => Some(Forgot::Recognised {
            first_rep,
            second_rep,
        }),
        Recognition::Later { second_rep, .. } => Some(Forgot::Later { second_rep }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::register::Entry;

    const FIRST: i64 = 1;
    const SECOND: i64 = 2;
    const THIRD: i64 = 3;

    fn at(day: u32, hm: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("2026-11-{day:02} {hm}"), "%Y-%m-%d %H:%M").unwrap()
    }

    /// A standing visit received by `rep`.
    fn visit(id: i64, rep: i64, when: NaiveDateTime, reason: Reason) -> RoleEntry {
        RoleEntry {
            id,
            rep_id: Some(rep),
            at: when,
            contact: Contact::Visit,
            reason,
            stands: true,
            designated_from: None,
            instigated: false,
            leader_designated: false,
            referral_id: None,
        }
    }

    /// The customer left reception `from` for `rep`.
    fn designation(id: i64, rep: i64, when: NaiveDateTime, from: i64) -> RoleEntry {
        RoleEntry {
            designated_from: Some(from),
            ..visit(id, rep, when, Reason::Designated)
        }
    }

    fn facts(entries: &[RoleEntry], closing: i64, closed_at: NaiveDateTime) -> Facts<'_> {
        Facts {
            closed_at,
            closing_rep: Some(closing),
            company: None,
            entries,
            other: None,
            referrals: &[],
            spouse_owner: None,
            linked: None,
        }
    }

    fn midway(first_rep: i64, designated_rep: i64, instigated: bool) -> Option<Midway> {
        Some(Midway {
            first_rep,
            designated_rep,
            instigated,
        })
    }

    #[test]
    fn a_midway_designation_applies_to_the_deal_the_first_rep_closed() {
        let entries = [
            visit(10, FIRST, at(2, "10:00"), Reason::Rotation),
            designation(11, SECOND, at(2, "10:30"), 10),
        ];
        let roles = of(&facts(&entries, FIRST, at(9, "15:00")));
        assert_eq!(roles.midway, midway(FIRST, SECOND, false));
        assert_eq!(roles.returning_designation, None);
        assert_eq!(roles.closing_rep, Some(FIRST));

        let instigated = [
            entries[0].clone(),
            RoleEntry {
                instigated: true,
                ..entries[1].clone()
            },
        ];
        let roles = of(&facts(&instigated, FIRST, at(9, "15:00")));
        assert_eq!(roles.midway, midway(FIRST, SECOND, true), "instigated");
    }

    #[test]
    fn a_midway_designation_does_not_apply_after_the_deal_voided_or_to_another_reps_deal() {
        let entries = [
            visit(10, FIRST, at(2, "10:00"), Reason::Rotation),
            designation(11, SECOND, at(9, "16:00"), 10),
        ];
        let roles = of(&facts(&entries, FIRST, at(9, "15:00")));
        assert_eq!(roles.midway, None, "designated after the closing");

        let voided = [
            entries[0].clone(),
            RoleEntry {
                at: at(2, "10:30"),
                stands: false,
                ..entries[1].clone()
            },
        ];
        assert_eq!(
            of(&facts(&voided, FIRST, at(9, "15:00"))).midway,
            None,
            "voided"
        );

        let standing = [
            entries[0].clone(),
            RoleEntry {
                at: at(2, "10:30"),
                ..entries[1].clone()
            },
        ];
        let by_another = of(&facts(&standing, THIRD, at(9, "15:00")));
        assert_eq!(by_another.midway, None, "a third rep closed it");
        let by_designated = of(&facts(&standing, SECOND, at(9, "15:00")));
        assert_eq!(by_designated.midway, None, "the designated rep closed it");

        let voided_first = [
            RoleEntry {
                stands: false,
                ..standing[0].clone()
            },
            standing[1].clone(),
        ];
        assert_eq!(
            of(&facts(&voided_first, FIRST, at(9, "15:00"))).midway,
            None,
            "the reception left was voided"
        );
    }

    #[test]
    fn the_latest_designation_speaks() {
        let entries = [
            visit(10, FIRST, at(2, "10:00"), Reason::Rotation),
            designation(11, SECOND, at(2, "10:30"), 10),
            designation(12, THIRD, at(3, "10:30"), 10),
        ];
        let roles = of(&facts(&entries, FIRST, at(9, "15:00")));
        assert_eq!(roles.midway, midway(FIRST, THIRD, false));
    }

    #[test]
    fn a_returning_customers_designation_is_a_voluntary_reception() {
        let entries = [
            visit(10, FIRST, at(2, "10:00"), Reason::Rotation),
            RoleEntry {
                designated_from: Some(10),
                ..visit(11, SECOND, at(20, "10:00"), Reason::Voluntary)
            },
        ];
        let roles = of(&facts(&entries, FIRST, at(21, "15:00")));
        assert_eq!(roles.returning_designation, Some(SECOND));
        assert_eq!(roles.midway, None);
        let other = of(&facts(&entries, SECOND, at(21, "15:00")));
        assert_eq!(
            other.returning_designation, None,
            "the designated rep closed it"
        );
    }

    #[test]
    fn a_leader_designated_the_rep_who_closed_the_deal() {
        let entries = [RoleEntry {
            leader_designated: true,
            ..visit(10, FIRST, at(2, "10:00"), Reason::Designated)
        }];
        assert!(of(&facts(&entries, FIRST, at(9, "15:00"))).leader_designated);
        assert!(!of(&facts(&entries, SECOND, at(9, "15:00"))).leader_designated);
    }

    fn referral(confirmed: Option<NaiveDateTime>) -> Referral {
        Referral {
            id: 7,
            referrer: "财务小王".into(),
            day: at(2, "00:00").date(),
            confirmed,
        }
    }

    #[test]
    fn a_referrer_whose_referral_held_and_whose_customer_the_rep_received() {
        let entries = [RoleEntry {
            referral_id: Some(7),
            ..visit(10, FIRST, at(2, "10:00"), Reason::Brought)
        }];
        let held = [referral(Some(at(2, "10:05")))];
        let with = |referrals, closing| Facts {
            referrals,
            ..facts(&entries, closing, at(9, "15:00"))
        };
        assert_eq!(
            of(&with(&held, FIRST)).referrer.as_deref(),
            Some("财务小王")
        );
        assert_eq!(
            of(&with(&held, SECOND)).referrer,
            None,
            "another rep closed it"
        );
        let unconfirmed = [referral(None)];
        assert_eq!(
            of(&with(&unconfirmed, FIRST)).referrer,
            None,
            "never confirmed"
        );
        let late = [referral(Some(at(2, "18:00")))];
        assert_eq!(of(&with(&late, FIRST)).referrer, None, "confirmed too late");
        assert_eq!(of(&with(&[], FIRST)).referrer, None, "no such referral");
    }

    #[test]
    fn a_referral_goes_with_the_customer_to_the_rep_who_took_over() {
        let entries = [
            RoleEntry {
                referral_id: Some(7),
                stands: false,
                ..visit(10, FIRST, at(2, "10:00"), Reason::Brought)
            },
            RoleEntry {
                referral_id: Some(7),
                ..visit(11, SECOND, at(2, "10:00"), Reason::Reassigned)
            },
        ];
        let held = [referral(Some(at(2, "10:05")))];
        let roles = of(&Facts {
            referrals: &held,
            ..facts(&entries, SECOND, at(9, "15:00"))
        });
        assert_eq!(roles.referrer.as_deref(), Some("财务小王"));
        let later = [
            visit(9, FIRST, at(1, "10:00"), Reason::Rotation),
            entries[1].clone(),
        ];
        let roles = of(&Facts {
            referrals: &held,
            ..facts(&later, SECOND, at(9, "15:00"))
        });
        assert_eq!(roles.referrer, None, "the first visit did not come on it");
    }

    #[test]
    fn a_spouses_rep_counts_unless_the_spouse_bought_or_it_is_the_closing_rep() {
        let owner = |rep_id, valid_until| Ownership {
            rep_id,
            registered_at: at(1, "10:00"),
            last_visit: at(1, "10:00"),
            valid_until,
        };
        let entries = [visit(10, FIRST, at(2, "10:00"), Reason::Rotation)];
        let with = |spouse_owner| Facts {
            spouse_owner,
            ..facts(&entries, FIRST, at(9, "15:00"))
        };
        let lapses = Some(at(28, "00:00").date());
        assert_eq!(
            of(&with(Some(owner(SECOND, lapses)))).spouse_rep,
            Some(SECOND)
        );
        assert_eq!(of(&with(Some(owner(FIRST, lapses)))).spouse_rep, None);
        assert_eq!(
            of(&with(Some(owner(SECOND, None)))).spouse_rep,
            None,
            "bought"
        );
        assert_eq!(of(&with(None)).spouse_rep, None);
    }

    #[test]
    fn a_linked_records_entries_count_from_the_link() {
        let own = [visit(10, FIRST, at(2, "10:00"), Reason::Rotation)];
        let theirs = [designation(20, SECOND, at(3, "10:00"), 10)];
        let linked_on = |day| Facts {
            other: Some(OtherRecord {
                linked_at: at(day, "09:00"),
                entries: &theirs,
            }),
            ..facts(&own, FIRST, at(9, "15:00"))
        };
        assert_eq!(of(&linked_on(5)).midway, midway(FIRST, SECOND, false));
        assert_eq!(of(&linked_on(10)).midway, None, "linked after the deal");
    }

    fn entry(visit_id: i64, rep_id: i64, when: NaiveDateTime) -> Entry {
        Entry {
            visit_id,
            rep_id,
            at: when,
            reason: Reason::Rotation,
            superseded: false,
            voided: false,
            rep_retired: false,
            refused_rep_id: None,
            for_rep: None,
        }
    }

    #[test]
    fn a_customer_who_forgot_their_rep_as_the_link_stands() {
        let first = [entry(10, FIRST, at(2, "10:00"))];
        let second = [entry(20, SECOND, at(10, "10:00"))];
        let forgot_of = |linked_at, closing, closed_at| {
            let linked = Linked {
                one: &first,
                other: &second,
                at: linked_at,
            };
            of(&Facts {
                linked: Some(linked),
                ..facts(&[], closing, closed_at)
            })
            .forgot
        };
        assert_eq!(
            forgot_of(at(10, "11:00"), FIRST, at(12, "15:00")),
            Some(Forgot::SameDay { first_rep: FIRST }),
            "recognised the same day (g)"
        );
        assert_eq!(
            forgot_of(at(20, "11:00"), SECOND, at(25, "15:00")),
            Some(Forgot::Recognised {
                first_rep: FIRST,
                second_rep: SECOND
            }),
            "recognised within the month (i)"
        );
        assert_eq!(
            forgot_of(at(20, "11:00"), SECOND, at(10, "15:00")),
            Some(Forgot::ClosedUnrecognised { second_rep: SECOND }),
            "closed on the spot before anyone recognised them (h)"
        );
        assert_eq!(
            forgot_of(at(10, "16:00"), SECOND, at(10, "15:00")),
            Some(Forgot::ClosedUnrecognised { second_rep: SECOND }),
            "closed on the spot, recognised later that day (h)"
        );
        let later = NaiveDateTime::parse_from_str("2026-12-20 11:00", "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            forgot_of(later, SECOND, later),
            Some(Forgot::Later { second_rep: SECOND }),
            "not recognised within the month (j)"
        );
        let months_on =
            NaiveDateTime::parse_from_str("2027-01-10 10:00", "%Y-%m-%d %H:%M").unwrap();
        let lapsed = [entry(20, SECOND, months_on)];
        let linked = Linked {
            one: &first,
            other: &lapsed,
            at: months_on + chrono::Duration::hours(1),
        };
        let roles = of(&Facts {
            linked: Some(linked),
            ..facts(&[], SECOND, months_on + chrono::Duration::hours(2))
        });
        assert_eq!(roles.forgot, None, "the first registration had lapsed");
    }
}
