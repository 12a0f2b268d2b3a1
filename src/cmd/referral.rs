//! `referral add | confirm | list`: an employee's referral (推介, 6.2) is registered with the
//! project manager before the customer's first visit, naming the day agreed (介绍客户登记表);
//! on arrival the referrer or the project manager confirms it. It holds only if the customer
//! comes that day, it was confirmed, and no rep registered the customer first.

use anyhow::Result;

use super::Context;
use crate::cli::ReferralCommand;
use crate::db::referrals::{self, ReferralRow};
use crate::db::{customers, register};
use crate::domain::dates;
use crate::domain::field;
use crate::domain::phone::Phone;
use crate::domain::reception;
use crate::domain::register::{Contact, Recorded};
use crate::error::invalid;
use crate::messages::Message;
use crate::messages::columns::referral::COLUMNS;
use crate::output::{Cell, Records};

pub fn run(context: &Context, command: ReferralCommand) -> Result<()> {
    match command {
        ReferralCommand::Add {
            name,
            phone,
            referrer,
            day,
        } => add(context, &name, &phone, &referrer, &day),
        ReferralCommand::Confirm { phone, by } => confirm(context, &phone, &by),
        ReferralCommand::List { all } => list(context, all),
    }
}

/// Where a referral stands on `today` ([`reception::referral_standing`]).
fn standing(referral: &ReferralRow, today: chrono::NaiveDate) -> Cell {
    Cell::code(reception::referral_standing(
        referral.day,
        referral.confirmed.is_some(),
        today,
    ))
}

fn row(context: &Context, referral: &ReferralRow) -> Vec<Cell> {
    vec![
        referral.id.into(),
        referral.name.clone().into(),
        context.phone(&referral.phone).into(),
        referral.referrer.clone().into(),
        dates::date(referral.day).into(),
        dates::minute(referral.registered_at).into(),
        referral.confirmed.as_ref().map(|c| c.0.clone()).into(),
        standing(referral, context.today()),
    ]
}

fn print_one(context: &Context, referral: &ReferralRow, line: &str) -> Result<()> {
    let mut records = Records::new(COLUMNS);
    records.push(row(context, referral));
    context.emit(&context.out.render_one(&records, line)?)
}

fn add(context: &Context, name: &str, phone: &str, referrer: &str, day: &str) -> Result<()> {
    let name = field::name(name, "NAME")?;
    let phone = Phone::parse(phone, "--phone")?;
    let referrer = field::name(referrer, "--referrer")?;
    let day = dates::parse_date(day, "--day")?;
    let mut conn = context.writable()?;
    let referral = context.write(&mut conn, |tx| {
        if day < context.today() {
            return Err(invalid(Message::ReferralDayPast {
                day: day.to_string(),
            }));
        }
        reception::check_referral_add(&phone, &recorded(tx, &phone)?)?;
        if let Some(open) = referrals::of_phone(tx, phone.as_str())?
            .into_iter()
            .find(|r| r.day >= context.today())
        {
            return Err(invalid(Message::ReferralOpen {
                phone: phone.masked(),
                referrer: open.referrer,
                day: open.day.to_string(),
            }));
        }
        let id = referrals::add(
            tx,
            &name,
            phone.as_str(),
            &referrer,
            day,
            context.now(),
            context.clock(),
        )?;
        referrals::by_id(tx, id)?.ok_or_else(|| anyhow::anyhow!("referral {id} vanished"))
    })?;
    let line = Message::ReferralAdded {
        id: referral.id,
        name: referral.name.clone(),
        referrer,
        day: day.to_string(),
        grace: reception::REFERRAL_GRACE_MINUTES,
    }
    .text(context.out.lang);
    print_one(context, &referral, &line)
}

fn confirm(context: &Context, phone: &str, by: &str) -> Result<()> {
    let phone = Phone::parse(phone, "PHONE")?;
    let by = field::name(by, "--by")?;
    let mut conn = context.writable()?;
    let referral = context.write(&mut conn, |tx| {
        let today = context.today();
        let referral = referrals::of_phone(tx, phone.as_str())?
            .into_iter()
            .rfind(|r| r.day == today)
            .ok_or_else(|| {
                invalid(Message::ReferralNotToday {
                    phone: phone.masked(),
                    today: today.to_string(),
                })
            })?;
        if let Some((who, at)) = &referral.confirmed {
            return Err(invalid(Message::ReferralConfirmedAlready {
                phone: phone.masked(),
                who: who.clone(),
                at: dates::minute(*at),
            }));
        }
        let entries = recorded(tx, &phone)?;
        reception::check_referral_confirm(&phone, (referral.id, referral.day), &entries)?;
        if let Some(arrived) = arrival_on(&entries, today)
            && reception::referral_confirmed_late(arrived, context.now())
        {
            return Err(invalid(Message::ReferralConfirmedLate {
                phone: phone.masked(),
                arrived: dates::minute(arrived),
                grace: reception::REFERRAL_GRACE_MINUTES,
            }));
        }
        referrals::confirm(tx, referral.id, &by, context.now(), context.clock())?;
        referrals::by_id(tx, referral.id)?
            .ok_or_else(|| anyhow::anyhow!("referral {} vanished", referral.id))
    })?;
    let line = Message::ReferralConfirmed {
        id: referral.id,
        name: referral.name.clone(),
        by,
        referrer: referral.referrer.clone(),
    }
    .text(context.out.lang);
    print_one(context, &referral, &line)
}

/// The register's entries of the customer with the phone, none for a phone nobody has.
fn recorded(conn: &rusqlite::Connection, phone: &Phone) -> Result<Vec<Recorded>> {
    Ok(match customers::by_phone(conn, phone.as_str())? {
        Some(customer) => register::entries_of(conn, customer.id)?
            .iter()
            .map(|v| v.recorded())
            .collect(),
        None => Vec::new(),
    })
}

/// When the customer first came to the desk on `day`, if they have, from their entries: a
/// voided visit was a mistake, a reassigned one a real arrival.
fn arrival_on(entries: &[Recorded], day: chrono::NaiveDate) -> Option<chrono::NaiveDateTime> {
    entries
        .iter()
        .filter(|e| e.voided.is_none() && e.contact == Contact::Visit && e.at.date() == day)
        .map(|e| e.at)
        .min()
}

fn list(context: &Context, all: bool) -> Result<()> {
    let conn = context.open()?;
    let from = if all {
        chrono::NaiveDate::MIN
    } else {
        context.today()
    };
    let mut records = Records::new(COLUMNS);
    for referral in referrals::from(&conn, from)? {
        records.push(row(context, &referral));
    }
    context.list(&records)
}
