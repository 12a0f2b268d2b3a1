//! `visit` and `reassign`: the clerk registers a visitor or a call, and salesdesk says who
//! receives them and why; a customer who refuses their rep is handed to the next one.

use anyhow::{Result, anyhow};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::{Context, active_rep};
use crate::cli::{ReassignArgs, VisitArgs};
use crate::db;
use crate::db::queries::{self, CustomerRow, NewVisit, RosterEvent, VisitRow};
use crate::domain::customer::{self, Channel, Class};
use crate::domain::dates;
use crate::domain::ownership::{self, Ownership};
use crate::domain::phone::Phone;
use crate::domain::reception::{self, Arrival, Escort, Reason, Reception, Unassigned};
use crate::domain::rotation::{Queue, RepRef, Turn};
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
    owner: Option<(RepRef, Ownership)>,
    /// Who the customer belongs to once this entry is in the register.
    owner_after: Option<(RepRef, Ownership)>,
    escort: Option<CustomerRow>,
    at: NaiveDateTime,
    call: bool,
    channel: Channel,
    supersedes: Option<(i64, String, bool)>,
    /// The employee referral and the day it named.
    referral: Option<(String, NaiveDate)>,
}

/// The customer's owner at `at`, if their registration is valid.
pub(super) fn owner_of(
    conn: &Connection,
    customer_id: i64,
    at: NaiveDateTime,
) -> Result<Option<(RepRef, Ownership)>> {
    let history = queries::history(conn, customer_id)?;
    let entries: Vec<_> = history.iter().filter_map(VisitRow::entry).collect();
    Ok(ownership::owner_at(&entries, at).map(|owner| {
        let name = history
            .iter()
            .find(|v| v.rep_id == Some(owner.rep_id))
            .and_then(|v| v.rep.clone())
            .unwrap_or_default();
        (
            RepRef {
                id: owner.rep_id,
                name,
            },
            owner,
        )
    }))
}

fn unassigned(problem: Unassigned, day: chrono::NaiveDate) -> anyhow::Error {
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
    queries::save_queue(conn, day, queue)?;
    for passed in &turn.passed {
        queries::log_roster(
            conn,
            day,
            context.now,
            &RosterEvent {
                kind: if passed.kept_as_priority {
                    "passed"
                } else {
                    "skipped"
                },
                rep_id: Some(passed.rep.id),
                detail: Some(passed.away.code().to_string()),
                ..Default::default()
            },
        )?;
    }
    Ok(())
}

pub fn run(context: &Context, args: VisitArgs) -> Result<()> {
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
    let occupation = args
        .occupation
        .as_deref()
        .map(|o| customer::text(o, "--occupation"))
        .transpose()?
        .flatten();
    let note = args
        .note
        .as_deref()
        .map(|n| customer::text(n, "--note"))
        .transpose()?
        .flatten();
    let referrer = args
        .referrer
        .as_deref()
        .map(|r| customer::name(r, "--referrer"))
        .transpose()?;
    let at = context.now;
    let day = at.date();
    let referral_day = match (&referrer, &args.referral_day) {
        (None, _) => None,
        (Some(_), None) => Some(day),
        (Some(_), Some(raw)) => Some(dates::parse_date(raw, "--referral-day")?),
    };

    let mut conn = context.open()?;
    let outcome = db::write(&mut conn, |tx| {
        let designated = args
            .designate
            .as_deref()
            .map(|r| active_rep(tx, r, "--designate"))
            .transpose()?;
        let escort = match &escort_phone {
            None => None,
            Some(escort_phone) => Some(queries::customer_by_phone(tx, escort_phone.as_str())?.ok_or_else(|| {
                invalid(format!(
                    "--brought-by: no customer has the phone {}; register the old customer first \
                     with `salesdesk visit NAME --phone P`",
                    escort_phone.masked()
                ))
            })?),
        };
        let (customer, new_customer) = match queries::customer_by_phone(tx, phone.as_str())? {
            Some(mut existing) => {
                if args.company && !existing.company {
                    existing.company = true;
                    queries::update_customer(tx, &existing)?;
                }
                if existing.name != name {
                    eprintln!(
                        "note: {} is registered as {}; the register keeps that name (change it with \
                         `salesdesk customer set PHONE --name NAME`)",
                        phone.masked(),
                        existing.name
                    );
                }
                let earlier = queries::history(tx, existing.id)?;
                let new = reception::is_new_customer(earlier.iter().map(|v| v.reason));
                (existing, new)
            }
            None => {
                let mut row = CustomerRow {
                    name: name.clone(),
                    phone: phone.as_str().to_string(),
                    class: Class::Potential.code().to_string(),
                    company: args.company,
                    gender: gender.clone(),
                    age,
                    occupation: occupation.clone(),
                    ..Default::default()
                };
                row.id = queries::insert_customer(tx, &row, at)?;
                (row, true)
            }
        };
        let owner = owner_of(tx, customer.id, at)?;
        let escort_facts = match &escort {
            None => None,
            Some(old) => {
                let received_today_by = queries::history(tx, old.id)?
                    .into_iter()
                    .rev()
                    .find(|v| {
                        v.at.date() == day
                            && v.kind == "visit"
                            && v.superseded_by.is_none()
                            && !v.rep_retired
                    })
                    .and_then(|v| {
                        Some(RepRef {
                            id: v.rep_id?,
                            name: v.rep?,
                        })
                    });
                let owner = owner_of(tx, old.id, at)?.map(|(rep, _)| rep);
                Some(Escort {
                    received_today_by,
                    owner,
                })
            }
        };
        let arrival = Arrival {
            call: args.call,
            designated: designated.as_ref().map(|r| r.as_ref()),
            owner: owner.clone(),
            escort: escort_facts,
        };
        let mut queue = queries::queue(tx, day)?;
        let reception =
            reception::receive(&arrival, queue.as_mut()).map_err(|p| unassigned(p, day))?;
        if let (Some(turn), Some(queue)) = (&reception.turn, &queue) {
            record_turn(tx, context, queue, turn)?;
        }
        let visit_id = queries::insert_visit(
            tx,
            &NewVisit {
                customer_id: customer.id,
                rep_id: reception.rep.as_ref().map(|r| r.id),
                at,
                call: args.call,
                channel: channel.code(),
                reason: reception.reason,
                turn: reception.turn.is_some(),
                priority: reception.turn.as_ref().is_some_and(|t| t.priority),
                brought_by: escort.as_ref().map(|e| e.id),
                referrer: referrer.as_deref(),
                referral_day: referral_day.map(dates::date),
                note: note.as_deref(),
                supersedes: None,
            },
            context.clock,
        )?;
        let owner_after = owner_of(tx, customer.id, at)?;
        Ok(Outcome {
            visit_id,
            customer,
            new_customer,
            reception,
            owner,
            owner_after,
            escort,
            at,
            call: args.call,
            channel,
            referral: referrer.clone().zip(referral_day),
            supersedes: None,
        })
    })?;
    print_outcome(context, &outcome)
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
    let mut conn = context.open()?;
    let outcome = db::write(&mut conn, |tx| {
        let refused = queries::visit(tx, visit_id)?.ok_or_else(|| {
            invalid(format!(
                "VISIT_ID: there is no register entry {visit_id}; find the number with `salesdesk \
                 register --date D` or `salesdesk customer show PHONE`"
            ))
        })?;
        if refused.kind == "call" {
            return Err(invalid(format!(
                "VISIT_ID: entry {visit_id} is a call; only a visit can be reassigned"
            )));
        }
        if let Some(later) = refused.superseded_by {
            return Err(invalid(format!(
                "VISIT_ID: entry {visit_id} was already reassigned by entry {later}; reassign {later} instead"
            )));
        }
        let (Some(rep_id), Some(rep_name)) = (refused.rep_id, refused.rep.clone()) else {
            return Err(invalid(format!(
                "VISIT_ID: entry {visit_id} has no rep to refuse"
            )));
        };
        let day = context.today();
        if refused.at.date() != day {
            return Err(invalid(format!(
                "VISIT_ID: entry {visit_id} is from {}; a customer can only be reassigned during \
                 the day's reception, so only entries of {day} (the --at day) qualify",
                refused.at.date()
            )));
        }
        let mut queue = queries::queue(tx, day)?.ok_or_else(|| {
            anyhow!("there is no roster for {day}: set one with `salesdesk roster set REP...`")
        })?;
        let refused_rep = RepRef {
            id: rep_id,
            name: rep_name.clone(),
        };
        let (turn, owed) =
            reception::reassign(&mut queue, &refused_rep, refused.turn).map_err(|_| {
                anyhow!(
                    "nobody but {rep_name} is at the desk to take the customer: type `salesdesk \
                     roster back REP` when another rep returns"
                )
            })?;
        queries::save_queue(tx, day, &queue)?;
        queries::log_roster(
            tx,
            day,
            context.now,
            &RosterEvent {
                kind: "void",
                rep_id: Some(rep_id),
                other_rep_id: Some(turn.rep.id),
                detail: Some(format!("entry {visit_id}: {why}")),
                ..Default::default()
            },
        )?;
        let customer = queries::customer_by_phone(tx, &refused.phone)?
            .ok_or_else(|| anyhow!("the customer of entry {visit_id} is missing"))?;
        let at = context.now;
        let new_id = queries::insert_visit(
            tx,
            &NewVisit {
                customer_id: refused.customer_id,
                rep_id: Some(turn.rep.id),
                at,
                call: false,
                channel: &refused.channel,
                reason: Reason::Reassigned,
                turn: true,
                priority: turn.priority,
                brought_by: refused.brought_by,
                referrer: refused.referrer.as_deref(),
                referral_day: refused.referral_day.clone(),
                note: Some(&why),
                supersedes: Some(visit_id),
            },
            context.clock,
        )?;
        let owner_after = owner_of(tx, refused.customer_id, at)?;
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
            owner_after,
            escort: None,
            at,
            call: false,
            channel: Channel::parse(&refused.channel, "channel").unwrap_or(Channel::WalkIn),
            referral: None,
            supersedes: Some((visit_id, rep_name, owed)),
        })
    })?;
    print_outcome(context, &outcome)
}

/// The sentence the clerk reads aloud: who receives the customer and why.
fn sentence(outcome: &Outcome, context: &Context) -> String {
    let lang = context.out.lang;
    let rep = outcome
        .reception
        .rep
        .as_ref()
        .map(|r| r.name.as_str())
        .unwrap_or("");
    let registered = |owner: &(RepRef, Ownership)| match lang {
        Lang::En => format!(
            "registered by {} on {}, valid until {}",
            owner.0.name,
            dates::date(owner.1.registered_at.date()),
            dates::date(owner.1.valid_until)
        ),
        Lang::Zh => format!(
            "{} 于 {} 登记，有效期至 {}",
            owner.0.name,
            dates::date(owner.1.registered_at.date()),
            dates::date(owner.1.valid_until)
        ),
    };
    let mut line = match outcome.reception.reason {
        Reason::Call => match (&outcome.reception.rep, lang) {
            (Some(_), Lang::En) => format!("call recorded for {rep}; calls never decide ownership"),
            (Some(_), Lang::Zh) => format!("来电已登记，转 {rep}；来电不作为客户归属依据"),
            (None, Lang::En) => "call recorded; calls never decide ownership".to_string(),
            (None, Lang::Zh) => "来电已登记；来电不作为客户归属依据".to_string(),
        },
        Reason::Rotation => format!("{rep} — {}", lang.pick("next in the rotation", "轮序接待")),
        Reason::Designated => {
            format!(
                "{rep} — {}",
                lang.pick(
                    "designated by the customer, outside the rotation",
                    "客户指定接待，不计轮次"
                )
            )
        }
        Reason::Returning => match &outcome.owner {
            Some(owner) => format!(
                "{rep} — {}{}",
                lang.pick("returning customer, ", "老客户，"),
                registered(owner)
            ),
            None => format!("{rep} — {}", lang.pick("returning customer", "老客户")),
        },
        Reason::Voluntary => {
            let owner = outcome.owner.as_ref();
            let owner_name = owner.map(|o| o.0.name.as_str()).unwrap_or("");
            let origin = owner.map(registered).unwrap_or_default();
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
    };
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
    if outcome.new_customer && !outcome.call {
        line += lang.pick(" [new customer]", "【新客户】");
    }
    line
}

fn print_outcome(context: &Context, outcome: &Outcome) -> Result<()> {
    let customer = &outcome.customer;
    let mut records = Records::new(COLUMNS);
    records.push(vec![
        outcome.visit_id.into(),
        customer.id.into(),
        customer.name.clone().into(),
        context.phone(&customer.phone).into(),
        outcome
            .reception
            .rep
            .as_ref()
            .map(|r| r.name.clone())
            .into(),
        Cell::Code(outcome.reception.reason.code()),
        dates::minute(outcome.at).into(),
        Cell::Code(if outcome.call { "call" } else { "visit" }),
        Cell::Code(outcome.channel.code()),
        outcome.new_customer.into(),
        outcome.reception.turn.is_some().into(),
        outcome
            .reception
            .turn
            .as_ref()
            .is_some_and(|t| t.priority)
            .into(),
        outcome
            .owner_after
            .as_ref()
            .map(|o| o.0.name.clone())
            .into(),
        outcome
            .owner_after
            .as_ref()
            .map(|o| dates::date(o.1.registered_at.date()))
            .into(),
        outcome
            .owner_after
            .as_ref()
            .map(|o| dates::date(o.1.valid_until))
            .into(),
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
