//! `deal PHONE --unit U --price P`, `deal list | show | change | void`: the deals (成交) that
//! settle commission. A deal makes the customer an owner (业主) who belongs to the closing rep
//! for good; 换房 and 更名 afterwards change the unit or the name, never the rep or the shares
//! (7.6). A unit is sold once, however it is typed, until its deal is voided (退房, 录错).

use anyhow::Result;
use chrono::{Months, NaiveDate, NaiveTime};
use rusqlite::Connection;

use super::facts::deals::{self as views, print_deal, rep_names, share_records, split_text};
use super::facts::owners::owner_of;
use super::{Context, active_rep};
use crate::cli::{DealArgs, DealCommand, DealNewArgs};
use crate::db;
use crate::db::aftersales;
use crate::db::customers::{self, CustomerRow};
use crate::db::deals::{self, ChangeRow, NewDeal, VoidRow};
use crate::domain::codes::Code;
use crate::domain::customer::{self as person, Class};
use crate::domain::dates;
use crate::domain::deal::{self as rules, AfterVoid, Change, CompanyDeal};
use crate::domain::field;
use crate::domain::money::Amount;
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::messages::columns::deal::CHANGE_COLUMNS;
use crate::messages::{Composed, Message};
use crate::output::{Cell, Format, Records};

pub fn run(context: &Context, args: DealArgs) -> Result<()> {
    match args.command {
        Some(DealCommand::List { month }) => list(context, month.as_deref()),
        Some(DealCommand::Show { id }) => show(context, &id),
        Some(DealCommand::Change { id, unit, name }) => change(context, &id, unit, name),
        Some(DealCommand::Void { id, reason, by }) => void(context, &id, &reason, &by),
        None => record(context, args.new),
    }
}

/// A deal as typed, checked before the database is opened.
struct Typed {
    phone: Phone,
    unit: String,
    price: Amount,
    company: Option<CompanyDeal>,
    rep: Option<String>,
    name: Option<String>,
}

fn parse(args: &DealNewArgs) -> Result<Typed> {
    let phone = Phone::parse(args.phone.as_deref().unwrap_or_default(), "PHONE")?;
    let unit = rules::unit(args.unit.as_deref().unwrap_or_default(), "--unit")?;
    let raw_price = args.price.as_deref().unwrap_or_default();
    let price = Amount::parse(raw_price, "--price")?;
    if price.0 == 0 {
        return Err(invalid(Message::PriceNothing {
            field: Composed("--price".to_string()),
            raw: raw_price.to_string(),
        }));
    }
    Ok(Typed {
        phone,
        unit,
        price,
        company: field::given(&args.company, "--company", CompanyDeal::parse)?,
        rep: field::given(&args.rep, "--rep", field::name)?,
        name: field::given(&args.name, "--name", field::name)?,
    })
}

/// The buyer: the customer with the phone, or a company client the company arranged without a
/// visit, registered now with the name given.
fn buyer(conn: &Connection, context: &Context, typed: &Typed) -> Result<CustomerRow> {
    let found = customers::by_phone(conn, typed.phone.as_str())?;
    match (found, &typed.name, typed.company) {
        (Some(customer), None, _) => Ok(customer),
        (Some(customer), Some(_), _) => Err(invalid(Message::BuyerNamedAlready {
            phone: typed.phone.masked(),
            name: customer.name,
        })),
        (None, Some(name), Some(CompanyDeal::Arranged | CompanyDeal::ArrangedStaff)) => {
            let mut row = CustomerRow::new(name.clone(), typed.phone.as_str().to_string());
            row.company = true;
            row.id = customers::add(conn, &row, context.now())?;
            Ok(row)
        }
        (None, _, _) => Err(invalid(Message::NoBuyer {
            phone: typed.phone.masked(),
        })),
    }
}

/// The rep who closed the deal: the customer's owner; else the rep named with --rep; none for
/// a company deal other staff follow up.
fn closing_rep(
    conn: &Connection,
    context: &Context,
    customer: &CustomerRow,
    typed: &Typed,
) -> Result<Option<i64>> {
    let named = typed
        .rep
        .as_deref()
        .map(|r| active_rep(conn, r, "--rep"))
        .transpose()?;
    match (owner_of(conn, customer.id, context.now())?, named) {
        (Some((owner, _)), Some(named)) if named.id != owner.id => {
            Err(invalid(Message::DealIsOwners {
                customer: customer.name.clone(),
                owner: owner.name,
            }))
        }
        (Some((owner, _)), _) => Ok(Some(owner.id)),
        (None, Some(named)) => Ok(Some(named.id)),
        (None, None) if typed.company == Some(CompanyDeal::ArrangedStaff) => Ok(None),
        (None, None) => Err(invalid(Message::NoRegistrationInForce {
            customer: customer.name.clone(),
            day: context.today().to_string(),
        })),
    }
}

/// How the company brought the buyer ([`person::company_deal`]).
fn company_of(customer: &CustomerRow, typed: &Typed) -> Result<Option<CompanyDeal>> {
    person::company_deal(customer.company, typed.company).map_err(|_| {
        invalid(Message::NotACompanyClient {
            customer: customer.name.clone(),
        })
    })
}

fn record(context: &Context, args: DealNewArgs) -> Result<()> {
    let typed = parse(&args)?;
    let mut conn = context.writable()?;
    let view = context.write(&mut conn, |tx| {
        if let Some(held) = deals::holding(tx, &typed.unit)? {
            return Err(invalid(Message::UnitSold {
                unit: typed.unit.clone(),
                deal: held.id,
                buyer: held.buyer,
            }));
        }
        let mut customer = buyer(tx, context, &typed)?;
        let company = company_of(&customer, &typed)?;
        let rep = closing_rep(tx, context, &customer, &typed)?;
        let id = deals::add(
            tx,
            &NewDeal {
                customer_id: customer.id,
                unit: &typed.unit,
                buyer: &customer.name,
                price_fen: typed.price.0,
                at: context.now(),
                rep_id: rep,
                company,
            },
            context.clock(),
        )?;
        if customer.class != Class::Owner {
            customer.class = Class::Owner;
            customers::update(tx, &customer)?;
        }
        customers::mark_bought(tx, customer.id, context.now())?;
        views::view(tx, id)
    })?;
    let names = rep_names(&conn)?;
    let deal = &view.deal;
    let lang = context.out.lang;
    let line = Message::DealRecorded {
        id: deal.id,
        buyer: deal.buyer.clone(),
        unit: deal.unit.clone(),
        price: Amount(deal.price_fen).text(),
        rep: deal.rep.clone(),
        split: Composed(split_text(&view, &names, lang)),
    }
    .text(lang);
    print_deal(context, &conn, &view, &line)
}

fn parse_id(raw: &str) -> Result<i64> {
    Ok(field::record_number(raw, |raw| Message::NotADealNumber {
        raw,
    })?)
}

/// The first moment of the month typed (YYYY-MM, this or last) and of the month after.
pub fn month_bounds(
    raw: &str,
    field: &str,
    today: NaiveDate,
) -> Result<(chrono::NaiveDateTime, chrono::NaiveDateTime)> {
    let first = dates::parse_month(raw, field, today)?;
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    Ok((
        first.and_time(NaiveTime::MIN),
        next.and_time(NaiveTime::MIN),
    ))
}

fn list(context: &Context, month: Option<&str>) -> Result<()> {
    let (mut conn, (from, to)) = context.open_for(|today| match month {
        Some(raw) => month_bounds(raw, "--month", today),
        None => Ok((
            NaiveDate::MIN.and_time(NaiveTime::MIN),
            NaiveDate::MAX.and_time(NaiveTime::MIN),
        )),
    })?;
    let conn = db::snapshot(&mut conn)?;
    let views = views::views(&conn, deals::between(&conn, from, to)?)?;
    views::print_list(context, &conn, &views)
}

fn show(context: &Context, id: &str) -> Result<()> {
    let id = parse_id(id)?;
    let conn = context.open()?;
    let view = views::view(&conn, id)?;
    if context.out.format != Format::Table {
        return print_deal(context, &conn, &view, "");
    }
    let names = rep_names(&conn)?;
    let card = views::card(context, &view, &names);
    let mut changes = Records::new(CHANGE_COLUMNS);
    for change in views::changes_of(&conn, &view.deal)? {
        changes.push(vec![
            dates::minute(change.at).into(),
            Cell::code(change.kind),
            change.value,
            change.by.into(),
        ]);
    }
    context.emit(&format!(
        "{}{}{}",
        context.out.card(&card),
        context
            .out
            .render_list(&share_records(std::slice::from_ref(&view), &names))?,
        context.out.render_list(&changes)?
    ))
}

fn change(context: &Context, id: &str, unit: Option<String>, name: Option<String>) -> Result<()> {
    let id = parse_id(id)?;
    let (kind, value) = match (unit, name) {
        (Some(unit), None) => (Change::Unit, rules::unit(&unit, "--unit")?),
        (None, Some(name)) => (Change::Name, field::name(&name, "--name")?),
        _ => {
            return Err(invalid(Message::DealChangeWhat {}));
        }
    };
    let mut conn = context.writable()?;
    let view = context.write(&mut conn, |tx| {
        let before = views::view(tx, id)?;
        rules::live(id, before.deal.void.is_some())?;
        if kind == Change::Unit
            && let Some(held) = deals::holding(tx, &value)?
        {
            return Err(invalid(if held.id == id {
                Message::UnitHeldAlready {
                    id,
                    unit: value.clone(),
                }
            } else {
                Message::UnitHeldBy {
                    unit: value.clone(),
                    deal: held.id,
                }
            }));
        }
        if kind == Change::Name && before.deal.buyer == value {
            return Err(invalid(Message::NameAlready {
                id,
                name: value.clone(),
            }));
        }
        let change = ChangeRow {
            kind,
            value: value.clone(),
            at: context.now(),
        };
        deals::change(tx, before.deal.id, &change, context.clock())?;
        views::view(tx, id)
    })?;
    let line = Message::DealChanged {
        id,
        change: kind.code().to_string(),
        change_zh: kind.zh().to_string(),
        value,
    }
    .text(context.out.lang);
    print_deal(context, &conn, &view, &line)
}

/// Voids a deal (退房, 录错): kept and marked, its unit free again, its shares out of the
/// commission report; the customer stays an owner only through another deal in force (7.6).
fn void(context: &Context, id: &str, reason: &str, by: &str) -> Result<()> {
    let id = parse_id(id)?;
    let why =
        field::text(reason, "--reason")?.ok_or_else(|| invalid(Message::DealVoidReasonEmpty {}))?;
    let by = field::name(by, "--by")?;
    let mut conn = context.writable()?;
    let (view, after) = context.write(&mut conn, |tx| {
        let deal = views::view(tx, id)?.deal;
        let handed = match aftersales::handovers_of_deal(tx, id)?.into_iter().next() {
            Some(handover) => Some(handover),
            None => aftersales::handover_of(tx, &deal.unit)?
                .filter(|h| h.customer_id == deal.customer_id),
        };
        rules::may_void(
            id,
            deal.void.is_some(),
            handed.as_ref().map(|h| (h.id, h.unit.as_str())),
        )?;
        let void = VoidRow {
            reason: why.clone(),
            by: by.clone(),
            at: context.now(),
        };
        deals::void(tx, id, &void, context.clock())?;
        let others: Vec<i64> = deals::of_customer(tx, deal.customer_id)?
            .into_iter()
            .filter(|d| d.void.is_none())
            .map(|d| d.id)
            .collect();
        let after = rules::after_void(&others);
        if after == AfterVoid::NoLongerOwner
            && let Some(mut customer) = customers::by_id(tx, deal.customer_id)?
            && customer.class == Class::Owner
        {
            customer.class = Class::Intent;
            customers::update(tx, &customer)?;
        }
        Ok((views::view(tx, id)?, after))
    })?;
    let lang = context.out.lang;
    let buyer = view.deal.buyer.clone();
    let owner_line = match after {
        AfterVoid::StillOwner { deal } => Message::DealVoidStillOwner { buyer, deal },
        AfterVoid::NoLongerOwner => Message::DealVoidNoLongerOwner { buyer },
    }
    .text(lang);
    let line = Message::DealVoided {
        id,
        unit: view.deal.unit.clone(),
        buyer: view.deal.buyer.clone(),
        by,
        why,
        owner_line: Composed(owner_line),
    }
    .text(lang);
    print_deal(context, &conn, &view, &line)
}
