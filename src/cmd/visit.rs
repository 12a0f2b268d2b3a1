//! `visit`: the clerk registers a visitor or a call, and salesdesk says who receives them and
//! why. The rules are [`reception`]'s; this module gathers what they need inside one write,
//! checks what the desk may not record (a company client a rep registered before, a turn taken
//! out of order, a referral nobody registered), records the entry and the turn, and hands the
//! receipt to [`facts::receipt`](super::facts::receipt).

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::facts::owners::{Claims, Owner, owner_of};
use super::facts::receipt::{self, Receipt, Referral};
use super::{Context, active_rep};
use crate::cli::VisitArgs;
use crate::db::announcements;
use crate::db::customers::{self, CustomerRow};
use crate::db::referrals::{self, ReferralRow};
use crate::db::register::{self, DeskRoles, NewVisit, VisitRow};
use crate::db::reps;
use crate::domain::customer::{self, Channel, Gender};
use crate::domain::dates;
use crate::domain::field;
use crate::domain::ownership;
use crate::domain::phone::Phone;
use crate::domain::reception::{self, Arrival, Escort, Reception, Unassigned};
use crate::domain::register::{Contact, Entry, Recorded};
use crate::domain::rotation::{Queue, Turn};
use crate::error::{failed, invalid};
use crate::messages::Message;

/// A visitor as typed, checked before the database is opened.
struct Visitor {
    name: String,
    phone: Phone,
    channel: Channel,
    escort_phone: Option<Phone>,
    gender: Option<Gender>,
    age: Option<i64>,
    occupation: Option<String>,
    note: Option<String>,
    referrer: Option<String>,
    leader: Option<String>,
    approved_by: Option<String>,
}

impl Visitor {
    /// Checks the fields in the order they are typed, so that the first mistake is the one
    /// named.
    fn parse(args: &VisitArgs) -> Result<Visitor> {
        let name = field::name(&args.name, "NAME")?;
        let phone = Phone::parse(&args.phone, "--phone")?;
        let channel = match &args.channel {
            Some(raw) => Channel::parse(raw, "--channel")?,
            None => reception::usual_channel(args.call),
        };
        let escort_phone = field::given(&args.brought_by, "--brought-by", Phone::parse)?;
        reception::check_arrival(
            &phone,
            escort_phone.as_ref(),
            args.call,
            args.referrer.is_some(),
        )?;
        let text = |raw: &Option<String>, field: &str| -> Result<Option<String>> {
            Ok(raw
                .as_deref()
                .map(|t| field::text(t, field))
                .transpose()?
                .flatten())
        };
        let person = |raw: &Option<String>, field: &str| -> Result<Option<String>> {
            Ok(raw.as_deref().map(|r| field::name(r, field)).transpose()?)
        };
        Ok(Visitor {
            gender: field::given(&args.gender, "--gender", customer::gender)?,
            age: field::given(&args.age, "--age", field::age)?,
            occupation: text(&args.occupation, "--occupation")?,
            note: text(&args.note, "--note")?,
            referrer: person(&args.referrer, "--referrer")?,
            leader: person(&args.leader, "--leader")?,
            approved_by: person(&args.approved_by, "--approved-by")?,
            name,
            phone,
            channel,
            escort_phone,
        })
    }
}

fn unassigned(problem: Unassigned, day: NaiveDate) -> anyhow::Error {
    match problem {
        Unassigned::NoRoster => failed(Message::NoRosterForVisit {
            day: dates::date(day),
        }),
        Unassigned::NobodyPresent => failed(Message::NobodyPresent {
            day: dates::date(day),
        }),
    }
}

/// Stores the queue and logs who was passed over on the way to the turn.
fn record_turn(conn: &Connection, context: &Context, queue: &Queue, turn: &Turn) -> Result<()> {
    super::check_turn_time(conn, context)?;
    reps::store(conn, context.today(), context.now(), queue, &turn.events())
}

/// Refuses to make a registered customer a company client ([`customer::registered_before_company`]).
fn check_company(existing: &CustomerRow, entries: &[Recorded], phone: &Phone) -> Result<()> {
    let Some(first) = customer::registered_before_company(entries) else {
        return Ok(());
    };
    Err(invalid(Message::CompanyAtDesk {
        name: existing.name.clone(),
        phone: phone.masked(),
        rep: first.rep,
        on: dates::date(first.on),
    }))
}

/// Whether the visitor is known to the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    /// Registered by this very visit: nothing else of theirs is in the file.
    Registered,
    /// On file, but nothing but calls: new to the desk.
    Called,
    Returning,
}

/// The customer with the visitor's phone, or a new one registered now.
fn find_or_register(
    context: &Context,
    conn: &Connection,
    visitor: &Visitor,
    args: &VisitArgs,
    at: NaiveDateTime,
) -> Result<(CustomerRow, Known)> {
    let Some(mut existing) = customers::by_phone(conn, visitor.phone.as_str())? else {
        let mut row = CustomerRow::new(visitor.name.clone(), visitor.phone.as_str().to_string());
        row.company = args.company;
        row.gender = visitor.gender;
        row.age = visitor.age;
        row.occupation = visitor.occupation.clone();
        row.id = customers::add(conn, &row, at)?;
        return Ok((row, Known::Registered));
    };
    let earlier: Vec<Recorded> = register::entries_of(conn, existing.id)?
        .iter()
        .map(VisitRow::recorded)
        .collect();
    if args.company && !existing.company {
        check_company(&existing, &earlier, &visitor.phone)?;
        existing.company = true;
        customers::update(conn, &existing)?;
    }
    if existing.name != visitor.name {
        let note = Message::NoteRegisteredAs {
            phone: visitor.phone.masked(),
            name: existing.name.clone(),
        };
        context.note(&note.text(context.out.lang));
    }
    let new = reception::is_new_customer(
        earlier
            .iter()
            .filter(|v| v.counts_for_newness())
            .map(|v| v.reason),
    );
    Ok((existing, if new { Known::Called } else { Known::Returning }))
}

/// The owner of a customer registered by this very visit: the entry just written is all
/// there is, so it is judged alone, without reading the file again.
fn first_owner(entry: &NewVisit, visit_id: i64, reception: &Reception) -> Option<Owner> {
    let rep = reception
        .for_rep
        .clone()
        .or_else(|| reception.rep.clone())?;
    let first = Entry {
        visit_id,
        rep_id: entry.rep_id?,
        at: entry.at,
        reason: entry.reason,
        superseded: false,
        voided: false,
        rep_retired: false,
        refused_rep_id: None,
        for_rep: reception.for_rep.as_ref().map(|r| (r.id, false)),
    };
    ownership::owner_at(&[first], entry.at).map(|o| (rep, o))
}

/// The old customer who introduced this one: whether they came along or their rep declared
/// the visit, and who owns them.
fn escort_of(
    conn: &Connection,
    old: &CustomerRow,
    together: bool,
    at: NaiveDateTime,
) -> Result<Escort> {
    let claims = Claims::of(conn, old.id)?;
    let entries: Vec<_> = claims.entries.iter().filter_map(VisitRow::entry).collect();
    let owner = claims.owner(conn, at)?.map(|(rep, _)| rep);
    let present = together || reception::came_on(&entries, at.date());
    // A declaration matters only for an old customer who stayed at home (7.5a).
    let announced = !present
        && reception::announced(
            &announcements::of_customer(conn, old.id)?,
            owner.as_ref(),
            at,
        );
    Ok(Escort {
        present,
        announced,
        owner,
    })
}

/// The referral a new visitor came on: the latest registered for their phone before now. A
/// referrer typed at the desk must be that referral's; a customer already registered by a rep
/// came on none (6.2.3).
fn referral_of(
    conn: &Connection,
    visitor: &Visitor,
    new_customer: bool,
    at: NaiveDateTime,
) -> Result<Option<ReferralRow>> {
    let phone = visitor.phone.as_str();
    let found = if new_customer {
        referrals::of_phone(conn, phone)?
            .into_iter()
            .rfind(|r| r.registered_at <= at)
    } else {
        None
    };
    let Some(typed) = &visitor.referrer else {
        return Ok(found);
    };
    match &found {
        Some(referral) if referral.referrer == *typed => Ok(found),
        Some(referral) => Err(invalid(Message::ReferrerMismatch {
            phone: visitor.phone.masked(),
            referrer: referral.referrer.clone(),
            typed: typed.clone(),
        })),
        None if !new_customer => Err(invalid(Message::ReferrerOnRegistered {
            phone: visitor.phone.masked(),
        })),
        None => Err(invalid(Message::NoReferral {
            phone: visitor.phone.masked(),
        })),
    }
}

/// The old customer who came with the visitor, found by the phone typed.
fn escort_by_phone(conn: &Connection, visitor: &Visitor) -> Result<Option<CustomerRow>> {
    let Some(phone) = &visitor.escort_phone else {
        return Ok(None);
    };
    let escort = customers::by_phone(conn, phone.as_str())?.ok_or_else(|| {
        invalid(Message::NoEscort {
            phone: phone.masked(),
        })
    })?;
    Ok(Some(escort))
}

pub fn run(context: &Context, args: VisitArgs) -> Result<()> {
    let visitor = Visitor::parse(&args)?;
    let mut conn = context.writable()?;
    let receipt = context.write(&mut conn, |tx| {
        let at = context.now();
        let designated = args
            .designate
            .as_deref()
            .map(|r| active_rep(tx, r, "--designate"))
            .transpose()?;
        let escort = escort_by_phone(tx, &visitor)?;
        let (customer, known) = find_or_register(context, tx, &visitor, &args, at)?;
        let new_customer = known != Known::Returning;
        let referral = referral_of(tx, &visitor, new_customer && !args.call, at)?;
        let (owner, refused) = match known {
            Known::Registered => (None, Vec::new()),
            _ => {
                let claims = Claims::of(tx, customer.id)?;
                (claims.owner(tx, at)?, claims.refused(at))
            }
        };
        let arrival = Arrival {
            call: args.call,
            designated: designated.as_ref().map(|r| r.as_ref()),
            owner: owner.clone(),
            escort: escort
                .as_ref()
                .map(|old| escort_of(tx, old, args.together, at))
                .transpose()?,
            refused,
        };
        let mut queue = reps::queue(tx, context.today())?;
        let reception = reception::receive(&arrival, queue.as_mut())
            .map_err(|p| unassigned(p, context.today()))?;
        reception::check_approval(
            &visitor.name,
            designated.is_some(),
            visitor.approved_by.is_some(),
            &reception,
            owner.as_ref().map(|(rep, _)| rep),
        )?;
        if let (Some(turn), Some(queue)) = (&reception.turn, &queue) {
            record_turn(tx, context, queue, turn)?;
        }
        let entry = NewVisit {
            customer_id: customer.id,
            rep_id: reception.rep.as_ref().map(|r| r.id),
            at,
            contact: Contact::of(args.call),
            channel: visitor.channel,
            reason: reception.reason,
            turn: reception.turn.is_some(),
            priority: reception.turn.as_ref().is_some_and(|t| t.priority),
            brought_by: escort.as_ref().map(|e| e.id),
            referrer: referral.as_ref().map(|r| r.referrer.as_str()),
            referral_day: referral.as_ref().map(|r| r.day),
            note: visitor.note.as_deref(),
            supersedes: None,
            name: None,
        };
        let roles = DeskRoles {
            for_rep_id: reception.for_rep.as_ref().map(|r| r.id),
            leader: visitor.leader.clone(),
            referral_id: referral.as_ref().map(|r| r.id),
            approved_by: visitor.approved_by.clone(),
            ..DeskRoles::default()
        };
        let visit_id = register::add(tx, &entry, &roles, context.clock())?;
        let desk_designation = match (&owner, &visitor.approved_by) {
            (Some((first, _)), Some(manager)) => Some(receipt::Midway {
                first_rep: first.name.clone(),
                approved_by: manager.clone(),
                instigated: false,
            }),
            _ => None,
        };
        let owner_after = match known {
            Known::Registered => first_owner(&entry, visit_id, &reception),
            _ => owner_of(tx, customer.id, at)?,
        };
        Ok(Receipt {
            visit_id,
            owner_after,
            customer,
            new_customer,
            reception,
            owner,
            escort,
            at,
            contact: entry.contact,
            channel: visitor.channel,
            supersedes: None,
            midway: desk_designation,
            leader: visitor.leader.clone(),
            referral: referral.map(|r| Referral {
                referrer: r.referrer,
                day: r.day,
                confirmed: r.confirmed.map(|(_, at)| at),
            }),
        })
    })?;
    receipt::print(context, &receipt)
}
