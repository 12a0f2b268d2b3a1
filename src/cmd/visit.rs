//! `visit` and `reassign`: the clerk registers a visitor or a call, and salesdesk says who
//! receives them and why; a customer who refuses their rep is handed to the next one. The
//! rules are [`reception`]'s; this module gathers what they need inside one write, records the
//! entry and the turn, and words the answer the clerk reads aloud.

use anyhow::{Result, anyhow};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::facts::owners::{Owner, owner_in, owner_of};
use super::{Context, active_rep};
use crate::cli::{ReassignArgs, VisitArgs};
use crate::db;
use crate::db::customers::{self, CustomerRow};
use crate::db::register::{self, NewVisit, VisitRow};
use crate::db::reps::{self, RosterEvent};
use crate::domain::codes::Code;
use crate::domain::customer::{self, Channel, Gender};
use crate::domain::dates;
use crate::domain::phone::Phone;
use crate::domain::reception::{self, Arrival, Escort, Reception, Unassigned};
use crate::domain::register::{Contact, Reason};
use crate::domain::rotation::{Queue, RepRef, RosterChange, Turn};
use crate::error::invalid;
use crate::output::{self, Cell, Column, Lang, Records, col};

const COLUMNS: &[Column] = &[
    col("visit_id", "Visit", "登记号"),
    col("customer_id", "Customer", "客户编号"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("rep", "Rep", "置业顾问"),
    col("reason", "Reason", "原因"),
    col("at", "At", "时间"),
    col("kind", "Kind", "类型"),
    col("channel", "Channel", "渠道"),
    col("new_customer", "New customer", "新客户"),
    col("turn", "Turn", "占轮次"),
    col("priority", "Priority turn", "优先轮次"),
    col("owner", "Owner", "归属顾问"),
    col("registered_on", "Registered on", "登记日期"),
    col("valid_until", "Valid until", "有效期至"),
    col("supersedes", "Supersedes", "更正登记号"),
    col("referrer", "Referrer", "推介人"),
    col("referral_valid", "Referral valid", "推介有效"),
];

/// What the clerk needs to read aloud and what JSON reports.
struct Outcome {
    visit_id: i64,
    customer: CustomerRow,
    new_customer: bool,
    reception: Reception,
    /// The registration that made this a returning or voluntary reception, with its rep's name.
    owner: Option<Owner>,
    /// Who the customer belongs to once this entry is in the register.
    owner_after: Option<Owner>,
    escort: Option<CustomerRow>,
    at: NaiveDateTime,
    contact: Contact,
    channel: Channel,
    /// For a reassignment: the refused entry, its rep, and whether a priority turn is owed.
    supersedes: Option<(i64, String, bool)>,
    /// The employee referral and the day it named.
    referral: Option<(String, NaiveDate)>,
}

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
    /// The employee referral and the day it named.
    referral: Option<(String, NaiveDate)>,
}

impl Visitor {
    /// Checks the fields in the order they are typed, so that the first mistake is the one
    /// named.
    fn parse(context: &Context, args: &VisitArgs) -> Result<Visitor> {
        let name = customer::name(&args.name, "NAME")?;
        let phone = Phone::parse(&args.phone, "--phone")?;
        let channel = match &args.channel {
            Some(raw) => Channel::parse(raw, "--channel")?,
            None if args.call => Channel::Phone,
            None => Channel::WalkIn,
        };
        let escort_phone = args
            .brought_by
            .as_deref()
            .map(|p| Phone::parse(p, "--brought-by"))
            .transpose()?;
        if escort_phone.as_ref() == Some(&phone) {
            return Err(invalid(
                "--brought-by: that is the visitor's own phone; give the phone of the old customer who came with them",
            ));
        }
        let text = |raw: &Option<String>, field: &str| -> Result<Option<String>> {
            Ok(raw
                .as_deref()
                .map(|t| customer::text(t, field))
                .transpose()?
                .flatten())
        };
        let gender = args
            .gender
            .as_deref()
            .map(|g| customer::gender(g, "--gender"))
            .transpose()?;
        let age = args
            .age
            .as_deref()
            .map(|a| customer::age(a, "--age"))
            .transpose()?;
        let occupation = text(&args.occupation, "--occupation")?;
        let note = text(&args.note, "--note")?;
        let referrer = args
            .referrer
            .as_deref()
            .map(|r| customer::name(r, "--referrer"))
            .transpose()?;
        // A referral names the day the customer was expected, today unless told.
        let referral = match (referrer, &args.referral_day) {
            (None, _) => None,
            (Some(referrer), None) => Some((referrer, context.today())),
            (Some(referrer), Some(raw)) => {
                Some((referrer, dates::parse_date(raw, "--referral-day")?))
            }
        };
        Ok(Visitor {
            name,
            phone,
            channel,
            escort_phone,
            gender,
            age,
            occupation,
            note,
            referral,
        })
    }
}

fn unassigned(problem: Unassigned, day: NaiveDate) -> anyhow::Error {
    match problem {
        Unassigned::NoRoster => anyhow!(
            "there is no roster for {day}, so nobody can take a turn: set one with `salesdesk \
             roster set REP...`, or name the rep with --designate REP"
        ),
        Unassigned::NobodyPresent => anyhow!(
            "everybody on the roster for {day} is away: type `salesdesk roster back REP` when one \
             returns, or name the rep with --designate REP"
        ),
    }
}

/// Stores the queue and logs who was passed over on the way to the turn.
fn record_turn(conn: &Connection, context: &Context, queue: &Queue, turn: &Turn) -> Result<()> {
    let day = context.today();
    reps::save_queue(conn, day, queue)?;
    for passed in &turn.passed {
        let change = if passed.kept_as_priority {
            RosterChange::Passed
        } else {
            RosterChange::Skipped
        };
        let event = RosterEvent {
            rep_id: Some(passed.rep.id),
            detail: Some(passed.away.code().to_string()),
            ..RosterEvent::of(change)
        };
        reps::log_change(conn, day, context.now, &event)?;
    }
    Ok(())
}

/// The customer with the visitor's phone, or a new one; and whether they are new to the desk.
fn find_or_register(
    conn: &Connection,
    visitor: &Visitor,
    args: &VisitArgs,
    at: NaiveDateTime,
) -> Result<(CustomerRow, bool)> {
    let Some(mut existing) = customers::by_phone(conn, visitor.phone.as_str())? else {
        let mut row = CustomerRow::new(visitor.name.clone(), visitor.phone.as_str().to_string());
        row.company = args.company;
        row.gender = visitor.gender;
        row.age = visitor.age;
        row.occupation = visitor.occupation.clone();
        row.id = customers::add(conn, &row, at)?;
        return Ok((row, true));
    };
    if args.company && !existing.company {
        existing.company = true;
        customers::update(conn, &existing)?;
    }
    if existing.name != visitor.name {
        eprintln!(
            "note: {} is registered as {}; the register keeps that name (change it with \
             `salesdesk customer set PHONE --name NAME`)",
            visitor.phone.masked(),
            existing.name
        );
    }
    let earlier = register::entries_of(conn, existing.id)?;
    let new = reception::is_new_customer(earlier.iter().map(|v| v.reason));
    Ok((existing, new))
}

/// The old customer who brought this one: who received them today, and who owns them.
fn escort_of(conn: &Connection, old: &CustomerRow, at: NaiveDateTime) -> Result<Escort> {
    let history = register::entries_of(conn, old.id)?;
    let entries: Vec<_> = history.iter().filter_map(VisitRow::entry).collect();
    let received_today_by = reception::received_today_by(&entries, at.date()).and_then(|rep_id| {
        let name = history
            .iter()
            .find(|v| v.rep_id == Some(rep_id))?
            .rep
            .clone()?;
        Some(RepRef { id: rep_id, name })
    });
    Ok(Escort {
        received_today_by,
        owner: owner_in(&history, at).map(|(rep, _)| rep),
    })
}

pub fn run(context: &Context, args: VisitArgs) -> Result<()> {
    let visitor = Visitor::parse(context, &args)?;
    let (at, day) = (context.now, context.today());
    let mut conn = context.open()?;
    let outcome = db::write(&mut conn, |tx| {
        let designated = args
            .designate
            .as_deref()
            .map(|r| active_rep(tx, r, "--designate"))
            .transpose()?;
        let escort = match &visitor.escort_phone {
            None => None,
            Some(phone) => Some(customers::by_phone(tx, phone.as_str())?.ok_or_else(|| {
                invalid(format!(
                    "--brought-by: no customer has the phone {}; register the old customer first \
                     with `salesdesk visit NAME --phone P`",
                    phone.masked()
                ))
            })?),
        };
        let (customer, new_customer) = find_or_register(tx, &visitor, &args, at)?;
        let owner = owner_of(tx, customer.id, at)?;
        let arrival = Arrival {
            call: args.call,
            designated: designated.as_ref().map(|r| r.as_ref()),
            owner: owner.clone(),
            escort: escort
                .as_ref()
                .map(|old| escort_of(tx, old, at))
                .transpose()?,
        };
        let mut queue = reps::queue(tx, day)?;
        let reception =
            reception::receive(&arrival, queue.as_mut()).map_err(|p| unassigned(p, day))?;
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
            referrer: visitor.referral.as_ref().map(|r| r.0.as_str()),
            referral_day: visitor.referral.as_ref().map(|r| r.1),
            note: visitor.note.as_deref(),
            supersedes: None,
        };
        let visit_id = register::add(tx, &entry, context.clock)?;
        Ok(Outcome {
            visit_id,
            owner_after: owner_of(tx, customer.id, at)?,
            customer,
            new_customer,
            reception,
            owner,
            escort,
            at,
            contact: entry.contact,
            channel: visitor.channel,
            referral: visitor.referral.clone(),
            supersedes: None,
        })
    })?;
    print_outcome(context, &outcome)
}

/// The refused entry, checked: a standing visit of today with a rep.
fn refused_entry(conn: &Connection, visit_id: i64, day: NaiveDate) -> Result<(VisitRow, RepRef)> {
    let refused = register::by_id(conn, visit_id)?.ok_or_else(|| {
        invalid(format!(
            "VISIT_ID: there is no register entry {visit_id}; find the number with `salesdesk \
             register --date D` or `salesdesk customer show PHONE`"
        ))
    })?;
    if refused.contact == Contact::Call {
        return Err(invalid(format!(
            "VISIT_ID: entry {visit_id} is a call; only a visit can be reassigned"
        )));
    }
    if let Some(later) = refused.superseded_by {
        return Err(invalid(format!(
            "VISIT_ID: entry {visit_id} was already reassigned by entry {later}; reassign {later} instead"
        )));
    }
    let (Some(id), Some(name)) = (refused.rep_id, refused.rep.clone()) else {
        return Err(invalid(format!(
            "VISIT_ID: entry {visit_id} has no rep to refuse"
        )));
    };
    if refused.at.date() != day {
        return Err(invalid(format!(
            "VISIT_ID: entry {visit_id} is from {}; a customer can only be reassigned during \
             the day's reception, so only entries of {day} (the --at day) qualify",
            refused.at.date()
        )));
    }
    Ok((refused, RepRef { id, name }))
}

pub fn reassign(context: &Context, args: ReassignArgs) -> Result<()> {
    let visit_id: i64 = args.visit_id.trim().parse().map_err(|_| {
        invalid(format!(
            "VISIT_ID: {:?} is not a register number; type the number shown by `salesdesk register` \
             or `salesdesk customer show PHONE`",
            args.visit_id
        ))
    })?;
    let why = customer::text(&args.reason, "--reason")?.ok_or_else(|| {
        invalid(
            "--reason: empty; say what happened, for example \"customer asked for another rep\"",
        )
    })?;
    let (at, day) = (context.now, context.today());
    let mut conn = context.open()?;
    let outcome = db::write(&mut conn, |tx| {
        let (refused, refused_rep) = refused_entry(tx, visit_id, day)?;
        let mut queue = reps::queue(tx, day)?.ok_or_else(|| {
            anyhow!("there is no roster for {day}: set one with `salesdesk roster set REP...`")
        })?;
        let (turn, owed) =
            reception::reassign(&mut queue, &refused_rep, refused.turn).map_err(|_| {
                anyhow!(
                    "nobody but {} is at the desk to take the customer: type `salesdesk \
                     roster back REP` when another rep returns",
                    refused_rep.name
                )
            })?;
        reps::save_queue(tx, day, &queue)?;
        let event = RosterEvent {
            rep_id: Some(refused_rep.id),
            other_rep_id: Some(turn.rep.id),
            detail: Some(format!("entry {visit_id}: {why}")),
            ..RosterEvent::of(RosterChange::Void)
        };
        reps::log_change(tx, day, at, &event)?;
        let customer = customers::by_phone(tx, &refused.phone)?
            .ok_or_else(|| anyhow!("the customer of entry {visit_id} is missing"))?;
        let entry = NewVisit {
            customer_id: refused.customer_id,
            rep_id: Some(turn.rep.id),
            at,
            contact: Contact::Visit,
            channel: refused.channel,
            reason: Reason::Reassigned,
            turn: true,
            priority: turn.priority,
            brought_by: refused.brought_by,
            referrer: refused.referrer.as_deref(),
            referral_day: refused.referral_day,
            note: Some(&why),
            supersedes: Some(visit_id),
        };
        let new_id = register::add(tx, &entry, context.clock)?;
        Ok(Outcome {
            visit_id: new_id,
            customer,
            new_customer: false,
            reception: Reception {
                rep: Some(turn.rep.clone()),
                reason: Reason::Reassigned,
                turn: Some(turn),
            },
            owner: None,
            owner_after: owner_of(tx, refused.customer_id, at)?,
            escort: None,
            at,
            contact: Contact::Visit,
            channel: refused.channel,
            referral: None,
            supersedes: Some((visit_id, refused_rep.name, owed)),
        })
    })?;
    print_outcome(context, &outcome)
}

/// "registered by 王芳 on 2026-11-02, valid until 2026-12-02".
fn registered(owner: &Owner, lang: Lang) -> String {
    let (on, until) = (
        dates::date(owner.1.registered_at.date()),
        dates::date(owner.1.valid_until),
    );
    match lang {
        Lang::En => format!(
            "registered by {} on {on}, valid until {until}",
            owner.0.name
        ),
        Lang::Zh => format!("{} 于 {on} 登记，有效期至 {until}", owner.0.name),
    }
}

/// Who receives the customer and why, the first part of what the clerk reads aloud.
fn reception_phrase(outcome: &Outcome, context: &Context) -> String {
    let lang = context.out.lang;
    let rep = outcome
        .reception
        .rep
        .as_ref()
        .map(|r| r.name.as_str())
        .unwrap_or("");
    match outcome.reception.reason {
        Reason::Call => match (&outcome.reception.rep, lang) {
            (Some(_), Lang::En) => format!("call recorded for {rep}; calls never decide ownership"),
            (Some(_), Lang::Zh) => format!("来电已登记，转 {rep}；来电不作为客户归属依据"),
            (None, Lang::En) => "call recorded; calls never decide ownership".to_string(),
            (None, Lang::Zh) => "来电已登记；来电不作为客户归属依据".to_string(),
        },
        Reason::Rotation => format!("{rep} — {}", lang.pick("next in the rotation", "轮序接待")),
        Reason::Designated => format!(
            "{rep} — {}",
            lang.pick(
                "designated by the customer, outside the rotation",
                "客户指定接待，不计轮次"
            )
        ),
        Reason::Returning => match &outcome.owner {
            Some(owner) => format!(
                "{rep} — {}{}",
                lang.pick("returning customer, ", "老客户，"),
                registered(owner, lang)
            ),
            None => format!("{rep} — {}", lang.pick("returning customer", "老客户")),
        },
        Reason::Voluntary => {
            let owner = outcome.owner.as_ref();
            let owner_name = owner.map(|o| o.0.name.as_str()).unwrap_or("");
            let origin = owner.map(|o| registered(o, lang)).unwrap_or_default();
            match lang {
                Lang::En => format!(
                    "{rep} — voluntary reception for {owner_name}, who is not on duty ({origin}); not a turn"
                ),
                Lang::Zh => format!("{rep} — 义务接待（{owner_name} 不在岗，{origin}）；不计轮次"),
            }
        }
        Reason::Referral => {
            let escort = outcome
                .escort
                .as_ref()
                .map(|e| format!("{} {}", e.name, context.phone(&e.phone)))
                .unwrap_or_default();
            match lang {
                Lang::En => format!("{rep} — brought by {escort}: one reception with them"),
                Lang::Zh => format!("{rep} — 老带新（{escort} 带来），视为接待一次"),
            }
        }
        Reason::Reassigned => {
            let (old_id, old_rep, owed) = outcome.supersedes.clone().unwrap_or_default();
            match (lang, owed) {
                (Lang::En, true) => format!(
                    "{rep} — reassigned from {old_rep} (entry {old_id}); {old_rep}'s turn is void and owed back as a priority turn"
                ),
                (Lang::En, false) => format!("{rep} — reassigned from {old_rep} (entry {old_id})"),
                (Lang::Zh, true) => format!(
                    "{rep} — 转接自 {old_rep}（登记号 {old_id}）；{old_rep} 本轮轮空，享有优先轮次"
                ),
                (Lang::Zh, false) => format!("{rep} — 转接自 {old_rep}（登记号 {old_id}）"),
            }
        }
    }
}

/// The sentence the clerk reads aloud: who receives the customer and why, then the turn, the
/// reps passed over, a lapsed referral and whether the customer is new.
fn sentence(outcome: &Outcome, context: &Context) -> String {
    let lang = context.out.lang;
    let mut line = reception_phrase(outcome, context);
    if let Some(turn) = &outcome.reception.turn {
        if turn.priority && outcome.reception.reason != Reason::Reassigned {
            line += lang.pick(" (priority turn)", "（优先轮次）");
        }
        for passed in &turn.passed {
            let (en, zh) = if passed.kept_as_priority {
                (
                    "on a manager's errand, keeps a priority turn",
                    "领导安排外出，保留优先轮次",
                )
            } else {
                ("not at the desk, loses the turn", "不在岗，取消本轮")
            };
            line += &format!("; {} {}", passed.rep.name, lang.pick(en, zh));
        }
    }
    if let Some((referrer, expected)) = &outcome.referral
        && !reception::referral_valid(*expected, outcome.at.date())
    {
        line += &match lang {
            Lang::En => format!("; {referrer}'s referral was for {expected} and has lapsed"),
            Lang::Zh => format!("；{referrer} 的推介约定 {expected} 来访，已失效"),
        };
    }
    if outcome.new_customer && outcome.contact == Contact::Visit {
        line += lang.pick(" [new customer]", "【新客户】");
    }
    line
}

fn print_outcome(context: &Context, outcome: &Outcome) -> Result<()> {
    let customer = &outcome.customer;
    let reception = &outcome.reception;
    let owner = outcome.owner_after.as_ref();
    let mut records = Records::new(COLUMNS);
    records.push(vec![
        outcome.visit_id.into(),
        customer.id.into(),
        customer.name.clone().into(),
        context.phone(&customer.phone).into(),
        reception.rep.as_ref().map(|r| r.name.clone()).into(),
        Cell::code(reception.reason),
        dates::minute(outcome.at).into(),
        Cell::code(outcome.contact),
        Cell::code(outcome.channel),
        outcome.new_customer.into(),
        reception.turn.is_some().into(),
        reception.turn.as_ref().is_some_and(|t| t.priority).into(),
        owner.map(|o| o.0.name.clone()).into(),
        owner.map(|o| dates::date(o.1.registered_at.date())).into(),
        owner.map(|o| dates::date(o.1.valid_until)).into(),
        outcome.supersedes.as_ref().map(|s| s.0).into(),
        outcome.referral.as_ref().map(|r| r.0.clone()).into(),
        outcome
            .referral
            .as_ref()
            .map(|r| reception::referral_valid(r.1, outcome.at.date()))
            .into(),
    ]);
    output::print(
        &context
            .out
            .render_one(&records, &sentence(outcome, context))?,
    )
}
