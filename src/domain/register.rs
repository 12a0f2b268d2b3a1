//! The visitor register (客户来访登记表) as the rules read it: what kind of contact an entry
//! records, why a rep received the customer, and the entry itself as ownership and reception
//! see it. Both [`super::ownership`] and [`super::reception`] read entries; neither owns them.

use chrono::NaiveDateTime;

use super::codes::code_set;

/// Why a rep received a customer; stored with every register entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    Rotation,
    Returning,
    Voluntary,
    Designated,
    Referral,
    Reassigned,
    Call,
}

code_set!(Reason, "a reason for a reception", [
    Rotation => "rotation", "轮序接待",
    Returning => "returning", "老客户",
    Voluntary => "voluntary", "义务接待",
    Designated => "designated", "指定接待",
    Referral => "referral", "老带新",
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
    Visit => "visit", "来访",
    Call => "call", "来电",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Code;

    #[test]
    fn reason_codes_round_trip() {
        for reason in Reason::ALL {
            assert_eq!(Reason::from_code(reason.code()), Some(*reason));
        }
        assert_eq!(Reason::from_code("turn"), None);
        assert_eq!(Contact::from_code("call"), Some(Contact::Call));
    }
}
