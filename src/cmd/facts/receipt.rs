//! What the desk says after a reception (`visit`, `reassign`): the one line the clerk reads
//! aloud — who receives the customer, why, and the entry number (登记号) to type next — or the
//! same facts as one CSV row or one JSON object.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};

use super::owners::Owner;
use crate::cmd::Context;
use crate::db::customers::CustomerRow;
use crate::domain::customer::Channel;
use crate::domain::dates;
use crate::domain::reception::{self, Reception};
use crate::domain::register::{Contact, Reason};
use crate::messages::Message;
use crate::messages::columns::facts::receipt::COLUMNS;
use crate::output::{Cell, Records};

/// A customer who left their rep midway for another, agreed by the sales manager (5.2, 5.3).
#[derive(Debug, Clone)]
pub struct Midway {
    pub first_rep: String,
    pub approved_by: String,
    pub instigated: bool,
}

/// The employee referral a visitor came on, as it stands.
#[derive(Debug, Clone)]
pub struct Referral {
    pub referrer: String,
    pub day: NaiveDate,
    pub confirmed: Option<NaiveDateTime>,
}

/// Everything the clerk is told about one reception.
pub struct Receipt {
    pub visit_id: i64,
    pub customer: CustomerRow,
    pub new_customer: bool,
    pub reception: Reception,
    /// The registration that made this a returning or voluntary reception.
    pub owner: Option<Owner>,
    /// Who the customer belongs to once this entry is in the register.
    pub owner_after: Option<Owner>,
    pub escort: Option<CustomerRow>,
    pub at: NaiveDateTime,
    pub contact: Contact,
    pub channel: Channel,
    /// For a refusal: the refused entry, its rep, and whether a priority turn is owed.
    pub supersedes: Option<(i64, String, bool)>,
    pub midway: Option<Midway>,
    /// The company leader who designated the rep (6.1.2).
    pub leader: Option<String>,
    pub referral: Option<Referral>,
}

impl Receipt {
    fn referral_valid(&self) -> Option<bool> {
        self.referral
            .as_ref()
            .map(|r| reception::referral_holds(r.day, self.at, r.confirmed))
    }
}

/// "registered by 王芳 on 2026-11-02, valid until 2026-12-02", or "bought from 王芳 on …".
fn registered(owner: &Owner) -> Message {
    let (rep, on) = (
        owner.0.name.clone(),
        dates::date(owner.1.registered_at.date()),
    );
    match owner.1.valid_until {
        Some(until) => Message::RegisteredBy {
            rep,
            on,
            until: dates::date(until),
        },
        None => Message::BoughtFrom { rep, on },
    }
}

/// A designated reception: by the customer, by a company leader, or midway.
fn designated_phrase(receipt: &Receipt, rep: String) -> Message {
    if let Some(leader) = &receipt.leader {
        return Message::DesignatedByLeader {
            rep,
            leader: leader.clone(),
        };
    }
    let Some(midway) = &receipt.midway else {
        return Message::DesignatedByCustomer { rep };
    };
    Message::TakesOver {
        rep,
        first: midway.first_rep.clone(),
        manager: midway.approved_by.clone(),
        instigated: midway.instigated,
    }
}

/// A voluntary reception: for an owner who is away, or at a returning customer's wish.
fn voluntary_phrase(receipt: &Receipt, rep: String) -> Message {
    if let Some(midway) = &receipt.midway {
        return Message::VoluntaryMidway {
            rep,
            manager: midway.approved_by.clone(),
            first: midway.first_rep.clone(),
        };
    }
    if let Some(for_rep) = &receipt.reception.for_rep {
        return Message::VoluntaryForRep {
            rep,
            name: for_rep.name.clone(),
            escort: receipt
                .escort
                .as_ref()
                .map(|e| e.name.clone())
                .unwrap_or_default(),
        };
    }
    let owner = receipt.owner.as_ref();
    Message::VoluntaryForOwner {
        rep,
        owner: owner.map(|o| o.0.name.clone()).unwrap_or_default(),
        origin: owner.map(registered).into_iter().collect(),
    }
}

/// Who receives the customer and why, the first part of what the clerk reads aloud.
fn reception_phrase(receipt: &Receipt, context: &Context) -> Message {
    let named = receipt.reception.rep.as_ref().map(|r| r.name.clone());
    let rep = named.clone().unwrap_or_default();
    match receipt.reception.reason {
        Reason::Call => Message::CallRecorded { rep: named },
        Reason::Rotation => Message::NextInRotation { rep },
        Reason::Designated => designated_phrase(receipt, rep),
        Reason::Returning => Message::ReturningCustomer {
            rep,
            origin: receipt.owner.as_ref().map(registered).into_iter().collect(),
        },
        Reason::Voluntary => voluntary_phrase(receipt, rep),
        Reason::Brought => Message::BroughtBy {
            rep,
            escort: receipt
                .escort
                .as_ref()
                .map(|e| format!("{} {}", e.name, context.phone(&e.phone)))
                .unwrap_or_default(),
        },
        Reason::Reassigned => {
            let (old_id, old_rep, owed) = receipt.supersedes.clone().unwrap_or_default();
            Message::ReassignedFrom {
                rep,
                old_rep,
                old_id,
                owed,
            }
        }
    }
}

/// Where the visitor's referral stands, if they came on one.
fn referral_phrase(receipt: &Receipt, context: &Context) -> Option<Message> {
    let referral = receipt.referral.as_ref()?;
    let (referrer, day) = (referral.referrer.clone(), referral.day);
    let confirmed = referral.confirmed.is_some_and(|at| at.date() == day);
    Some(if day != receipt.at.date() {
        Message::ReferralLapsed {
            referrer,
            day: day.to_string(),
        }
    } else if confirmed {
        Message::ReferredAndConfirmed { referrer }
    } else {
        Message::ReferralToConfirm {
            referrer,
            grace: reception::REFERRAL_GRACE_MINUTES,
            phone: context.phone(&receipt.customer.phone),
        }
    })
}

/// The sentence the clerk reads aloud: who receives the customer and why, then the turn, the
/// reps passed over, the referral, whether the customer is new, and the entry number.
fn sentence(receipt: &Receipt, context: &Context) -> String {
    let mut parts = vec![reception_phrase(receipt, context)];
    if let Some(turn) = &receipt.reception.turn {
        if turn.priority && receipt.reception.reason != Reason::Reassigned {
            parts.push(Message::PriorityTurnMark {});
        }
        for passed in &turn.passed {
            let rep = passed.rep.name.clone();
            parts.push(if passed.kept_as_priority {
                Message::PassedKeepsPriority { rep }
            } else {
                Message::PassedLosesTurn { rep }
            });
        }
    }
    parts.extend(referral_phrase(receipt, context));
    if receipt.new_customer && receipt.contact == Contact::Visit {
        parts.push(Message::NewCustomerMark {});
    }
    parts.push(Message::EntryMark {
        id: receipt.visit_id,
    });
    parts
        .iter()
        .map(|part| part.text(context.out.lang))
        .collect()
}

/// Prints the receipt: the sentence, one CSV row or one JSON object.
pub fn print(context: &Context, receipt: &Receipt) -> Result<()> {
    let customer = &receipt.customer;
    let reception = &receipt.reception;
    let owner = receipt.owner_after.as_ref();
    let mut records = Records::new(COLUMNS);
    records.push(vec![
        receipt.visit_id.into(),
        customer.id.into(),
        customer.name.clone().into(),
        context.phone(&customer.phone).into(),
        reception.rep.as_ref().map(|r| r.name.clone()).into(),
        Cell::code(reception.reason),
        dates::minute(receipt.at).into(),
        Cell::code(receipt.contact),
        Cell::code(receipt.channel),
        receipt.new_customer.into(),
        reception.turn.is_some().into(),
        reception.turn.as_ref().is_some_and(|t| t.priority).into(),
        owner.map(|o| o.0.name.clone()).into(),
        owner.map(|o| dates::date(o.1.registered_at.date())).into(),
        owner.and_then(|o| o.1.valid_until).map(dates::date).into(),
        receipt.supersedes.as_ref().map(|s| s.0).into(),
        receipt.referral.as_ref().map(|r| r.referrer.clone()).into(),
        receipt.referral_valid().into(),
    ]);
    context.emit(
        &context
            .out
            .render_one(&records, &sentence(receipt, context))?,
    )
}
