//! `customer show | find | list | set | link`: the customer file (客户档案). Customer details may
//! be corrected in place; the register of their visits never is. A customer is shown by phone,
//! number or masked phone, and found by name, number or the last four digits of the phone
//! ([`lookup`] reads what was typed).

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use serde_json::Value;

use super::Context;
use super::facts::in_batches;
use super::facts::owners::{Claims, DETAIL_COLUMNS, claims_of_all, claims_of_batch, owner_of};
use crate::cli::{CustomerCommand, CustomerSetArgs};
use crate::db::customers::{self, CustomerRow, LinkRow, SpouseLinkRow};
use crate::db::deals::{self, DealRow};
use crate::db::register::{self, VisitRow};
use crate::db::{self, reps};
use crate::domain::customer::{self, Class};
use crate::domain::dates;
use crate::domain::deal;
use crate::domain::field;
use crate::domain::lookup::{self, Key, Match};
use crate::domain::ownership;
use crate::domain::phone::Phone;
use crate::domain::register::Contact;
use crate::error::invalid;
use crate::messages::Message;
use crate::messages::columns::customer::{
    CUSTOMER_COLUMNS, FIND_COLUMNS, HISTORY_COLUMNS, SHOW_COLUMNS,
};
use crate::output::{self, Cell, Format, Lang, Records};

pub fn run(context: &Context, command: CustomerCommand) -> Result<()> {
    match command {
        CustomerCommand::Show { customer } => show(context, &customer),
        CustomerCommand::Find { text } => find_text(context, &text),
        CustomerCommand::List { class, rep } => list(context, class.as_deref(), rep.as_deref()),
        CustomerCommand::Set(args) => set(context, args),
        CustomerCommand::Link { phone, other, by } => link(context, &phone, &other, &by),
    }
}

fn find(conn: &rusqlite::Connection, phone: &Phone) -> Result<CustomerRow> {
    customers::by_phone(conn, phone.as_str())?.ok_or_else(|| {
        invalid(Message::UnknownCustomer {
            phone: phone.masked(),
        })
    })
}

/// The one customer `key` names; a masked phone that several customers share is refused with
/// their numbers, since guessing would show the wrong person's file.
fn one_customer(conn: &rusqlite::Connection, key: &Key) -> Result<CustomerRow> {
    let masked = match key {
        Key::Phone(phone) => return find(conn, phone),
        Key::Id(id) => {
            return customers::by_id(conn, *id)?
                .ok_or_else(|| invalid(Message::NoCustomerNumbered { id: *id }));
        }
        Key::Masked(masked) => masked,
    };
    let mut candidates = customers::masked_as(conn, &masked.head, &masked.tail)?;
    match candidates.len() {
        0 => Err(invalid(Message::NoCustomerMasked {
            shown: masked.shown(),
        })),
        1 => Ok(candidates.remove(0)),
        n => {
            let named: Vec<String> = candidates
                .iter()
                .map(|c| format!("{} {}", c.id, c.name))
                .collect();
            Err(invalid(Message::MaskedOfMany {
                shown: masked.shown(),
                count: n as i64,
                named,
                first: candidates[0].id,
            }))
        }
    }
}

fn summary_row(
    context: &Context,
    customer: &CustomerRow,
    history: &[VisitRow],
    owner: Option<(String, Option<chrono::NaiveDate>)>,
) -> Vec<Cell> {
    let visits: Vec<&VisitRow> = history
        .iter()
        .filter(|v| v.contact == Contact::Visit && v.stands())
        .collect();
    vec![
        customer.id.into(),
        customer.name.clone().into(),
        context.phone(&customer.phone).into(),
        Cell::code(customer.class),
        customer.company.into(),
        (visits.len() as i64).into(),
        visits.last().map(|v| dates::minute(v.at)).into(),
        owner.as_ref().map(|o| o.0.clone()).into(),
        owner.and_then(|o| o.1).map(dates::date).into(),
    ]
}

fn show(context: &Context, raw: &str) -> Result<()> {
    let key = lookup::key(raw, "CUSTOMER")?;
    let conn = context.open()?;
    let customer = one_customer(&conn, &key)?;
    let claims = Claims::of(&conn, customer.id)?;
    let own = claims.owner(&conn, context.now())?;
    let history = &claims.entries;
    let spouse = match customer.spouse_id {
        Some(id) => customers::by_id(&conn, id)?,
        None => None,
    };
    let joint = match &spouse {
        Some(spouse) => {
            let theirs = owner_of(&conn, spouse.id, context.now())?;
            let either_bought = customer.class == Class::Owner || spouse.class == Class::Owner;
            let shared = ownership::joint_with(
                own.as_ref().map(|o| &o.1),
                theirs.as_ref().map(|o| &o.1),
                either_bought,
            );
            shared.and(theirs.map(|o| o.0.name))
        }
        None => None,
    };
    let owner = own.map(|(rep, o)| (rep.name, o.valid_until));
    let mut summary = Records::new(&[CUSTOMER_COLUMNS, DETAIL_COLUMNS, SHOW_COLUMNS].concat());
    let mut row = summary_row(context, &customer, history, owner);
    row.push(customer.gender.map_or(Cell::Null, Cell::code));
    row.push(customer.age.into());
    for field in customer.details() {
        row.push(field.clone().into());
    }
    row.push(customer.created_at.get(..10).map(str::to_string).into());
    row.push(
        spouse
            .map(|s| format!("{} {}", s.name, context.phone(&s.phone)))
            .into(),
    );
    row.push(joint.into());
    let bought = deals::of_customer(&conn, customer.id)?;
    row.push(deals_cell(&bought, &customer));
    row.push(linked_text(context, &conn, &claims)?.into());
    summary.push(row);
    let mut entries = Records::new(HISTORY_COLUMNS);
    for visit in history {
        entries.push(vec![
            visit.id.into(),
            dates::minute(visit.at).into(),
            Cell::code(visit.contact),
            Cell::code(visit.channel),
            visit.rep.clone().into(),
            Cell::code(visit.reason),
            visit.superseded_by.into(),
            visit.void.is_some().into(),
            visit.approved.into(),
            visit.note.clone().into(),
        ]);
    }
    let text = match context.out.format {
        Format::Table => format!(
            "{}{}",
            context.out.card(&summary),
            context.out.render_list(&entries)?
        ),
        Format::Csv => context.out.csv(&summary)?,
        Format::Json => {
            let mut object = output::Output::json_object(&summary.columns, &summary.rows[0]);
            let history: Vec<Value> = entries
                .rows
                .iter()
                .map(|row| output::Output::json_object(&entries.columns, row))
                .collect();
            object["history"] = Value::Array(history);
            serde_json::to_string_pretty(&object)? + "\n"
        }
    };
    context.emit(&text)
}

/// `customer find TEXT`: every customer the text may mean, each once, under the first reason
/// it was found for (the number, the phone, the masked phone, the last four digits, the name).
fn find_text(context: &Context, raw: &str) -> Result<()> {
    let search = lookup::search(raw, "TEXT")?;
    let conn = context.open()?;
    let mut found: Vec<(Match, CustomerRow)> = Vec::new();
    if let Some(id) = search.id {
        found.extend(customers::by_id(&conn, id)?.map(|c| (Match::Id, c)));
    }
    if let Some(phone) = &search.phone {
        found.extend(customers::by_phone(&conn, phone.as_str())?.map(|c| (Match::Phone, c)));
    }
    if let Some(masked) = &search.masked {
        let rows = customers::masked_as(&conn, &masked.head, &masked.tail)?;
        found.extend(rows.into_iter().map(|c| (Match::MaskedPhone, c)));
    }
    if let Some(last_four) = &search.last_four {
        let rows = customers::phone_ending(&conn, last_four)?;
        found.extend(rows.into_iter().map(|c| (Match::LastFour, c)));
    }
    if let Some(name) = &search.name {
        let rows = customers::named_like(&conn, name)?;
        found.extend(rows.into_iter().map(|c| (Match::Name, c)));
    }
    let mut seen = HashSet::new();
    found.retain(|(_, c)| seen.insert(c.id));
    let ids: Vec<i64> = found.iter().map(|(_, c)| c.id).collect();
    let mut claims = claims_of_all(&conn, &ids)?;
    let names = rep_names(&conn)?;
    let mut records = Records::new(FIND_COLUMNS);
    for (matched, customer) in &found {
        let owner = claims
            .remove(&customer.id)
            .and_then(|c| c.ownership(context.now()))
            .and_then(|o| names.get(&o.rep_id).cloned());
        records.push(vec![
            customer.id.into(),
            customer.name.clone().into(),
            context.phone(&customer.phone).into(),
            Cell::code(customer.class),
            owner.into(),
            Cell::label(matched.code(), matched.zh()),
        ]);
    }
    context.list(&records)
}

/// Every rep's name by id, retired ones included: a deal keeps its customer with its rep.
fn rep_names(conn: &rusqlite::Connection) -> Result<HashMap<i64, String>> {
    Ok(reps::all(conn)?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect())
}

/// The rep `--rep` names, retired or not (their deals still hold customers).
fn known_rep(conn: &rusqlite::Connection, name: &str) -> Result<reps::RepRow> {
    let name = name.trim();
    if let Some(rep) = reps::by_name(conn, name)? {
        return Ok(rep);
    }
    let names: Vec<String> = reps::all(conn)?.into_iter().map(|r| r.name).collect();
    Err(invalid(Message::NoRepByName {
        field: "--rep".to_string(),
        name: name.to_string(),
        reps: names,
    }))
}

fn list(context: &Context, class: Option<&str>, rep: Option<&str>) -> Result<()> {
    let class = class.map(|c| Class::parse(c, "--class")).transpose()?;
    let mut conn = context.open()?;
    let rep = rep.map(|name| known_rep(&conn, name)).transpose()?;
    let conn = db::snapshot(&mut conn)?;
    // Read a batch of customers at a time with their entries and deals, as the export does:
    // the whole register held at once would grow with the years.
    let linked = customers::linked(&conn)?;
    let names = rep_names(&conn)?;
    context.stream_list(CUSTOMER_COLUMNS, |emit| {
        in_batches(
            LIST_BATCH,
            |each| customers::each_of_class(&conn, class, each),
            |batch: Vec<CustomerRow>| {
                let ids: Vec<i64> = batch.iter().map(|c| c.id).collect();
                let mut claims = claims_of_batch(&conn, &ids, &linked)?;
                for customer in batch {
                    let claims = claims.remove(&customer.id).unwrap_or(Claims {
                        entries: Vec::new(),
                        deals: Vec::new(),
                        other: None,
                    });
                    let ownership = claims.ownership(context.now());
                    if let Some(rep) = &rep
                        && ownership.as_ref().map(|o| o.rep_id) != Some(rep.id)
                    {
                        continue;
                    }
                    let owner = ownership.map(|o| {
                        (
                            names.get(&o.rep_id).cloned().unwrap_or_default(),
                            o.valid_until,
                        )
                    });
                    emit(summary_row(context, &customer, &claims.entries, owner))?;
                }
                Ok(())
            },
        )
    })
}

/// Customers read together with their entries and deals by `customer list`.
const LIST_BATCH: usize = 500;

/// The customer's deals, or, for an owner set by hand, that no deal was recorded.
fn deals_cell(bought: &[DealRow], customer: &CustomerRow) -> Cell {
    match (
        deals_text(bought, customer, Lang::En),
        deals_text(bought, customer, Lang::Zh),
    ) {
        (Some(en), Some(zh)) => Cell::Phrase { en, zh },
        _ => Cell::Null,
    }
}

fn deals_text(bought: &[DealRow], customer: &CustomerRow, lang: Lang) -> Option<String> {
    if bought.is_empty() {
        return (customer.class == Class::Owner).then(|| Message::NoDealRecorded {}.text(lang));
    }
    let units: Vec<String> = bought
        .iter()
        .map(|d| {
            let (unit, id) = (d.unit.clone(), d.id);
            match d.void {
                Some(_) => Message::UnitOfVoidedDeal { unit, id },
                None => Message::UnitOfDeal { unit, id },
            }
            .text(lang)
        })
        .collect();
    Some(units.join(", "))
}

/// The other record of the same person, if a clerk linked them.
fn linked_text(
    context: &Context,
    conn: &rusqlite::Connection,
    claims: &Claims,
) -> Result<Option<String>> {
    let Some(other) = &claims.other else {
        return Ok(None);
    };
    Ok(customers::by_id(conn, other.link.other_id)?.map(|c| {
        format!(
            "{} {} ({} {})",
            c.name,
            context.phone(&c.phone),
            other.link.by,
            dates::minute(other.link.at)
        )
    }))
}

/// Links `row` and the customer with phone `spouse` both ways (or unlinks `row` and its spouse
/// when `spouse` is `None`), and records each link and unlink with who made it: one made after
/// a deal of either spouse changes that deal (7.4), and must say who made it. `row` itself is
/// written by the caller.
fn link_spouse(
    conn: &rusqlite::Connection,
    context: &Context,
    row: &mut CustomerRow,
    spouse: Option<&Phone>,
    by: Option<&str>,
) -> Result<()> {
    let mut changes: Vec<(i64, bool)> = Vec::new();
    if let Some(old) = row.spouse_id.take()
        && let Some(mut former) = customers::by_id(conn, old)?
    {
        former.spouse_id = None;
        customers::update(conn, &former)?;
        changes.push((former.id, false));
    }
    if let Some(spouse) = spouse {
        let mut other = customers::by_phone(conn, spouse.as_str())?.ok_or_else(|| {
            invalid(Message::SpouseUnknown {
                phone: spouse.masked(),
            })
        })?;
        if other.id == row.id {
            return Err(invalid(Message::SpouseOwnPhone {}));
        }
        if let Some(theirs) = other.spouse_id.filter(|id| *id != row.id) {
            let name = customers::by_id(conn, theirs)?
                .map(|c| c.name)
                .unwrap_or_default();
            return Err(invalid(Message::SpouseLinked {
                name: other.name,
                other: name,
                phone: spouse.as_str().to_string(),
            }));
        }
        other.spouse_id = Some(row.id);
        customers::update(conn, &other)?;
        row.spouse_id = Some(other.id);
        // Linking the spouse already linked changes nothing.
        match changes.iter().position(|(id, _)| *id == other.id) {
            Some(same) => {
                changes.remove(same);
            }
            None => changes.push((other.id, true)),
        }
    }
    for (other, linked) in changes {
        let mut changed = Vec::new();
        for side in [row.id, other] {
            changed.extend(
                deals::of_customer(conn, side)?
                    .into_iter()
                    .filter(|d| d.void.is_none() && deal::changed_by_link(d.at, context.now()))
                    .map(|d| d.id),
            );
        }
        deal::link_changes_deals(&changed, by)?;
        customers::record_spouse_link(
            conn,
            &SpouseLinkRow {
                customer_id: row.id,
                spouse_id: other,
                linked,
                by: by.map(str::to_string),
                at: context.now(),
            },
            context.clock(),
        )?;
    }
    Ok(())
}

/// Applies one optional text field.
fn apply(target: &mut Option<String>, raw: &Option<String>, field: &str) -> Result<()> {
    if let Some(raw) = raw {
        *target = field::text(raw, field)?;
    }
    Ok(())
}

fn set(context: &Context, args: Box<CustomerSetArgs>) -> Result<()> {
    let phone = Phone::parse(&args.phone, "PHONE")?;
    let class = field::given(&args.class, "--class", Class::parse)?;
    let name = field::given(&args.name, "--name", field::name)?;
    let gender = field::given(&args.gender, "--gender", customer::gender)?;
    let age = field::given(&args.age, "--age", field::age)?;
    // `None`: leave as is; `Some(None)`: unlink; `Some(Some(phone))`: link.
    let spouse = match args.spouse.as_deref().map(str::trim) {
        None => None,
        Some("none") | Some("无") => Some(None),
        Some(raw) => Some(Some(Phone::parse(raw, "--spouse")?)),
    };
    let by = field::given(&args.by, "--by", field::name)?;
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        let mut row = find(tx, &phone)?;
        if let Some(class) = class {
            row.class = class;
        }
        if let Some(name) = &name {
            row.name = name.clone();
        }
        if let Some(company) = args.company {
            if company && !row.company {
                refuse_company(tx, &row)?;
            }
            row.company = company;
        }
        if gender.is_some() {
            row.gender = gender;
        }
        if age.is_some() {
            row.age = age;
        }
        apply(&mut row.education, &args.details.education, "--education")?;
        apply(
            &mut row.occupation,
            &args.details.occupation,
            "--occupation",
        )?;
        apply(&mut row.income, &args.details.income, "--income")?;
        apply(&mut row.family, &args.details.family, "--family")?;
        apply(&mut row.address, &args.details.address, "--address")?;
        apply(&mut row.email, &args.details.email, "--email")?;
        apply(
            &mut row.personality,
            &args.details.personality,
            "--personality",
        )?;
        apply(&mut row.interests, &args.details.interests, "--interests")?;
        apply(&mut row.attitude, &args.details.attitude, "--attitude")?;
        apply(
            &mut row.requirements,
            &args.details.requirements,
            "--requirements",
        )?;
        apply(&mut row.purchase, &args.details.purchase, "--purchase")?;
        apply(&mut row.tendency, &args.details.tendency, "--tendency")?;
        if let Some(link) = &spouse {
            link_spouse(tx, context, &mut row, link.as_ref(), by.as_deref())?;
        }
        customers::update(tx, &row)?;
        if class == Some(Class::Owner) {
            customers::mark_bought(tx, row.id, context.now())?;
        }
        Ok(())
    })?;
    show(context, &args.phone)
}

/// Refuses to make a registered customer a company client ([`customer::registered_before_company`]).
fn refuse_company(conn: &rusqlite::Connection, row: &CustomerRow) -> Result<()> {
    let entries: Vec<_> = register::entries_of(conn, row.id)?
        .iter()
        .map(VisitRow::recorded)
        .collect();
    let Some(first) = customer::registered_before_company(&entries) else {
        return Ok(());
    };
    Err(invalid(Message::CompanyInFile {
        name: row.name.clone(),
        rep: first.rep,
        on: dates::date(first.on),
    }))
}

/// Two records are one person who forgot their rep: a clerk links them, and from then on the
/// dates decide whose the customer is (1.7 g–j).
fn link(context: &Context, phone: &str, other: &str, by: &str) -> Result<()> {
    let phone = Phone::parse(phone, "PHONE")?;
    let other = Phone::parse(other, "OTHER")?;
    let by = field::name(by, "--by")?;
    if phone == other {
        return Err(invalid(Message::SamePhone {}));
    }
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        let one = find(tx, &phone)?;
        let two = customers::by_phone(tx, other.as_str())?.ok_or_else(|| {
            invalid(Message::UnknownPhone {
                field: "OTHER".to_string(),
                phone: other.masked(),
            })
        })?;
        for (record, field) in [(&one, "PHONE"), (&two, "OTHER")] {
            if let Some(link) = customers::link_of(tx, record.id)? {
                let linked = customers::by_id(tx, link.other_id)?
                    .map(|c| c.name)
                    .unwrap_or_default();
                return Err(invalid(Message::AlreadyLinked {
                    field: field.to_string(),
                    name: record.name.clone(),
                    linked,
                    by: link.by,
                    on: dates::date(link.at.date()),
                }));
            }
        }
        let link = LinkRow {
            other_id: two.id,
            by: by.clone(),
            at: context.now(),
        };
        customers::link(tx, one.id, &link, context.clock())
    })?;
    show(context, phone.as_str())
}
