//! The visitor register (客户来访登记表) as the rules read it: what kind of contact an entry
//! records, why a rep received the customer, and the entry itself as ownership and reception
//! see it. Both [`super::ownership`] and [`super::reception`] read entries; neither owns them.
//! The desk's corrections are decided here too: which entry may be reassigned ([`check_reassign`])
//! or voided ([`check_void`]), and which entries tell a new customer from a returning one
//! ([`Recorded::counts_for_newness`]). An entry keeps the name it was written with
//! ([`name_on_entry`]).

use chrono::NaiveDateTime;

use super::codes::code_set;
use super::dates;
use super::rotation::RepRef;
use crate::error::Invalid;
use crate::messages::Message;

/// The name a register entry shows: the one the clerk wrote that day, whatever the customer
/// card says since (7.2: 所录资料不得涂改或销毁). An entry the file holds no
/// written name for shows the card's.
pub fn name_on_entry(written: Option<String>, card: String) -> String {
    written.unwrap_or(card)
}

/// Why a rep received a customer; stored with every register entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    Rotation,
    Returning,
    Voluntary,
    Designated,
    /// A new customer an old one brought, received by the old customer's rep (老带新, 7.5).
    Brought,
    Reassigned,
    Call,
}

code_set!(Reason, "a reason for a reception", [
    Rotation => "rotation", "轮序接待",
    Returning => "returning", "老客户",
    Voluntary => "voluntary", "义务接待",
    Designated => "designated", "指定接待",
    Brought => "brought", "老带新",
    Reassigned => "reassigned", "转接",
    Call => "call", "来电",
]);

/// What an entry records: a visit (来访) or a call (来电).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Contact {
    Visit,
    Call,
}

code_set!(Contact, "a kind of contact", [
    Visit => "visit", "来访" | "到访" | "上门",
    Call => "call", "来电" | "电话",
]);

impl Contact {
    pub fn of(call: bool) -> Contact {
        if call { Contact::Call } else { Contact::Visit }
    }
}

/// One register entry of a customer, as ownership and reception need to see it. A call taken by
/// no rep has no entry here; one recorded for a rep has, with [`Reason::Call`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub visit_id: i64,
    /// The rep who received the customer.
    pub rep_id: i64,
    pub at: NaiveDateTime,
    pub reason: Reason,
    /// Superseded by a correction, or voided: it no longer counts.
    pub superseded: bool,
    /// Voided as a mistake: what it recorded never happened (a voided reassignment refused
    /// nobody), where a superseded entry was a real reception.
    pub voided: bool,
    pub rep_retired: bool,
    /// For a reassigned entry, the rep the customer refused.
    pub refused_rep_id: Option<i64>,
    /// For a voluntary reception made for another rep whose customer the visitor becomes (an
    /// old customer brings a new one while their rep is away, 7.5): that rep, and whether they
    /// have retired.
    pub for_rep: Option<(i64, bool)>,
}

impl Entry {
    /// The rep the entry counts for: the one it was made for, else the one who received.
    pub fn claimant(&self) -> i64 {
        self.for_rep.map_or(self.rep_id, |(rep, _)| rep)
    }

    /// Whether the rep the entry counts for has retired.
    pub fn claimant_retired(&self) -> bool {
        self.for_rep
            .map_or(self.rep_retired, |(_, retired)| retired)
    }
}

/// An entry as the desk's corrections read it: whether it stands, what replaced it, and the
/// designation that may have taken its customer away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub at: NaiveDateTime,
    pub contact: Contact,
    pub reason: Reason,
    /// The rep who received the customer, when the entry names one.
    pub rep: Option<RepRef>,
    /// Who voided the entry, and when.
    pub voided: Option<(String, NaiveDateTime)>,
    /// The entry this one reassigned.
    pub supersedes: Option<i64>,
    /// The reassignment that replaced this entry.
    pub superseded_by: Option<i64>,
    /// The reception the customer left midway for this entry's rep (5.2, 5.3).
    pub designated_from: Option<i64>,
    /// The employee's referral (推介) the customer came on, for a first visit that found one.
    pub referral_id: Option<i64>,
}

impl Recorded {
    /// Neither reassigned nor voided: the entry counts.
    pub fn stands(&self) -> bool {
        self.superseded_by.is_none() && self.voided.is_none()
    }

    /// Whether the entry tells a returning customer from a new one: a voided entry was a
    /// mistake and says nothing, but a reassigned one was a real reception.
    pub fn counts_for_newness(&self) -> bool {
        self.superseded_by.is_some() || self.voided.is_none()
    }
}

/// The standing designation that took the customer of entry `visit_id` to another rep, among
/// the customer's entries.
pub fn designation_from(visit_id: i64, entries: &[Recorded]) -> Option<&Recorded> {
    entries
        .iter()
        .find(|e| e.designated_from == Some(visit_id) && e.voided.is_none())
}

/// The entry a customer leaves during the day's reception (3.10 c, 5.2): a standing visit of
/// the day of `at`, made before `at`, with a rep, that no designation has left already.
/// Returns that rep. `entries` are the customer's entries.
pub fn check_reassign(
    entry: &Recorded,
    entries: &[Recorded],
    at: NaiveDateTime,
) -> Result<RepRef, Invalid> {
    let id = entry.id;
    if entry.contact == Contact::Call {
        return Err(Message::EntryIsCall { id }.into());
    }
    if let Some(later) = entry.superseded_by {
        return Err(Message::AlreadyReassigned { id, later }.into());
    }
    if entry.voided.is_some() {
        return Err(Message::EntryVoided { id }.into());
    }
    let Some(rep) = entry.rep.clone() else {
        return Err(Message::EntryNoRep { id }.into());
    };
    if entry.at.date() != at.date() {
        return Err(Message::EntryNotToday {
            id,
            on: dates::date(entry.at.date()),
            day: dates::date(at.date()),
        }
        .into());
    }
    if entry.at > at {
        return Err(Message::AtBeforeEntry {
            at: dates::minute(at),
            id,
            made: dates::minute(entry.at),
        }
        .into());
    }
    if let Some(designation) = designation_from(id, entries) {
        return Err(Message::EntryDesignatedAway {
            id,
            rep: designation.rep.as_ref().map(|r| r.name.clone()),
            later: designation.id,
        }
        .into());
    }
    Ok(rep)
}

/// Only a mistaken entry that counts can be voided (所录资料不得涂改或销毁: it is marked, never
/// deleted): not one voided already, not one a reassignment replaced, not a reassignment
/// (a record of what happened), and not one whose customer a designation took away, until
/// that designation is voided first.
pub fn check_void(entry: &Recorded, entries: &[Recorded]) -> Result<(), Invalid> {
    let id = entry.id;
    if let Some((by, at)) = &entry.voided {
        return Err(Message::VoidedAlready {
            id,
            by: by.clone(),
            at: dates::minute(*at),
        }
        .into());
    }
    if let Some(later) = entry.superseded_by {
        return Err(Message::VoidReassigned { id, later }.into());
    }
    if let Some(earlier) = entry.supersedes {
        return Err(Message::VoidReassignment { id, earlier }.into());
    }
    if let Some(designation) = designation_from(id, entries) {
        return Err(Message::VoidDesignatedAway {
            id,
            rep: designation.rep.as_ref().map(|r| r.name.clone()),
            later: designation.id,
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_shows_the_name_it_was_written_with() {
        let shown = name_on_entry(Some("张三".to_string()), "张山".to_string());
        assert_eq!(
            shown, "张三",
            "a renamed customer's old entries keep the written name"
        );
        assert_eq!(name_on_entry(None, "张山".to_string()), "张山");
    }
    use crate::domain::codes::Code;

    #[test]
    fn reason_codes_round_trip() {
        for reason in Reason::ALL {
            assert_eq!(Reason::from_code(reason.code()), Some(*reason));
        }
        assert_eq!(Reason::from_code("turn"), None);
        assert_eq!(Contact::from_code("call"), Some(Contact::Call));
    }

    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .expect("a valid moment")
    }

    fn visit(id: i64, rep: &str) -> Recorded {
        Recorded {
            id,
            at: at(10, 0),
            contact: Contact::Visit,
            reason: Reason::Rotation,
            rep: Some(RepRef {
                id: 1,
                name: rep.to_string(),
            }),
            voided: None,
            supersedes: None,
            superseded_by: None,
            designated_from: None,
            referral_id: None,
        }
    }

    fn refusal(result: Result<impl std::fmt::Debug, Invalid>) -> String {
        result.expect_err("refused").english().to_string()
    }

    #[test]
    fn a_standing_visit_of_today_can_be_reassigned_to_its_rep() {
        let entry = visit(7, "王芳");
        let rep = check_reassign(&entry, std::slice::from_ref(&entry), at(10, 30));
        assert_eq!(rep.map(|r| r.name), Ok("王芳".to_string()));
    }

    #[test]
    fn reassignment_is_refused_for_each_entry_that_cannot_be_left() {
        let call = Recorded {
            contact: Contact::Call,
            ..visit(7, "王芳")
        };
        assert!(refusal(check_reassign(&call, &[], at(11, 0))).contains("is a call"));
        let replaced = Recorded {
            superseded_by: Some(9),
            ..visit(7, "王芳")
        };
        assert!(refusal(check_reassign(&replaced, &[], at(11, 0))).contains("by entry 9"));
        let voided = Recorded {
            voided: Some(("李经理".to_string(), at(10, 5))),
            ..visit(7, "王芳")
        };
        assert!(refusal(check_reassign(&voided, &[], at(11, 0))).contains("was voided"));
        let nobody = Recorded {
            rep: None,
            ..visit(7, "王芳")
        };
        assert!(refusal(check_reassign(&nobody, &[], at(11, 0))).contains("no rep"));
        let tomorrow = at(10, 0) + chrono::Duration::days(1);
        assert!(refusal(check_reassign(&visit(7, "王芳"), &[], tomorrow)).contains("is from"));
        assert!(
            refusal(check_reassign(&visit(7, "王芳"), &[], at(9, 0))).contains("is before entry 7")
        );
    }

    #[test]
    fn an_entry_a_designation_left_is_neither_reassigned_nor_voided() {
        let left = visit(7, "王芳");
        let designation = Recorded {
            id: 8,
            designated_from: Some(7),
            ..visit(8, "李娜")
        };
        let entries = [left.clone(), designation.clone()];
        let says = refusal(check_reassign(&left, &entries, at(11, 0)));
        assert!(says.contains("went to 李娜 by entry 8"), "{says}");
        let says = refusal(check_void(&left, &entries));
        assert!(says.contains("went to 李娜"), "{says}");
        // Once the designation itself is voided, the entry is free again.
        let undone = Recorded {
            voided: Some(("李经理".to_string(), at(10, 20))),
            ..designation
        };
        let entries = [left.clone(), undone];
        assert!(check_reassign(&left, &entries, at(11, 0)).is_ok());
        assert!(check_void(&left, &entries).is_ok());
    }

    #[test]
    fn void_is_refused_for_an_entry_that_no_longer_counts_or_is_a_reassignment() {
        let voided = Recorded {
            voided: Some(("李经理".to_string(), at(10, 5))),
            ..visit(7, "王芳")
        };
        assert!(refusal(check_void(&voided, &[])).contains("voided by 李经理 at 2026-05-04 10:05"));
        let replaced = Recorded {
            superseded_by: Some(9),
            ..visit(7, "王芳")
        };
        assert!(refusal(check_void(&replaced, &[])).contains("reassigned by entry 9"));
        let reassignment = Recorded {
            supersedes: Some(6),
            ..visit(7, "王芳")
        };
        assert!(refusal(check_void(&reassignment, &[])).contains("reassignment of entry 6"));
        assert!(check_void(&visit(7, "王芳"), &[]).is_ok());
    }

    #[test]
    fn a_voided_entry_says_nothing_of_newness_but_a_reassigned_one_does() {
        assert!(visit(7, "王芳").counts_for_newness());
        let replaced = Recorded {
            superseded_by: Some(9),
            ..visit(7, "王芳")
        };
        assert!(replaced.counts_for_newness());
        let voided = Recorded {
            voided: Some(("李经理".to_string(), at(10, 5))),
            ..visit(7, "王芳")
        };
        assert!(!voided.counts_for_newness());
    }
}
