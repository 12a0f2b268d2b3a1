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
