//! `report daily`: the day at the desk and at the customer centre, for the 09:00 meeting — visits
//! and calls by rep and channel, turns by reason, unapproved entries, registrations about to
//! lapse, the complaints of the day and their ledger (客户意见台账), the repairs received, and the
//! quality checks and repair revisits falling due that day.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::{Report, head, section, start};
use crate::cmd::Context;
use crate::cmd::facts::complaint_views::{self, View};
use crate::cmd::facts::owners::claims_of_all;
use crate::cmd::facts::repairs;
use crate::db::register::{self, VisitRow};
use crate::db::{self, aftersales, complaints, customers};
use crate::domain::codes::Code;
use crate::domain::complaint::{self, deadlines};
use crate::domain::customer::Channel;
use crate::domain::dates;
use crate::domain::ownership::Lapsing;
use crate::domain::register::{Contact, Reason};
use crate::error::Invalid;
use crate::messages::columns::facts::reports::daily::{
    CHANNEL_COLUMNS, COMPLAINT_COUNT_COLUMNS, DUE_COLUMNS, LAPSING_COLUMNS, LEDGER_COLUMNS,
    REPAIR_COLUMNS, UNAPPROVED_COLUMNS, VISIT_COLUMNS,
};
use crate::output::{Cell, Records};

/// The receptions counted in the by-rep section, in its column order after the turns.
const COUNTED_REASONS: [Reason; 6] = [
    Reason::Rotation,
    Reason::Returning,
    Reason::Voluntary,
    Reason::Designated,
    Reason::Brought,
    Reason::Reassigned,
];

/// The day typed with `--date` (a date, today or yesterday); default yesterday.
pub(super) fn day_of(date: Option<&str>, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    match date {
        Some(raw) => dates::parse_day(raw, "--date", today),
        None => Ok(today - Duration::days(1)),
    }
}

pub(super) fn build(context: &Context, mut conn: Connection, date: Option<&str>) -> Result<Report> {
    let day = day_of(date, context.today())?;
    let conn = db::snapshot(&mut conn)?;
    let entries = register::between(&conn, day, day)?;
    let first: HashSet<i64> = register::first_visits_between(&conn, day, day)?
        .into_iter()
        .collect();
    // Complaints as they stood at the end of the day.
    let (received, counts) = complaints_of_day(&conn, day, context.now())?;
    let sections = [
        (
            section("visits_by_rep", "按置业顾问：来访与轮次"),
            visits_by_rep(&entries, &first),
        ),
        (
            section("visits_by_channel", "按渠道：来访与来电"),
            visits_by_channel(&entries),
        ),
        (
            section("unapproved", "未审核登记"),
            unapproved(context, &entries),
        ),
        (
            section("lapsing", "7天内失效的登记"),
            lapsing(context, &conn, day)?,
        ),
        (section("complaints", "投诉"), counts),
        (
            section("ledger", "客户意见台账"),
            ledger(context, &received),
        ),
        (
            section("repairs", "当日报修"),
            repairs_of_day(context, &conn, day)?,
        ),
        (
            section("falling_due", "当日到期的质量检查与维修回访"),
            falling_due(context, &conn, day)?,
        ),
    ];
    let head = head(
        Cell::label("daily", "日报"),
        &[("date", "Date", "日期", dates::date(day))],
        context,
    );
    Ok(Report::new(head, sections))
}

/// The repairs received on the day (报修登记).
fn repairs_of_day(context: &Context, conn: &Connection, day: NaiveDate) -> Result<Records> {
    let next = day + Duration::days(1);
    let mut records = Records::new(REPAIR_COLUMNS);
    for repair in aftersales::received_in(conn, start(day), start(next))? {
        records.push(vec![
            repair.id.into(),
            dates::minute(repair.received_at).into(),
            repair.unit.clone().into(),
            repair.name.clone().into(),
            context.phone(&repair.phone).into(),
            Cell::code(repair.kind),
            repair.appointment.map(dates::minute).into(),
            repair.text.clone().into(),
        ]);
    }
    Ok(records)
}

/// The quality checks and repair revisits that fall due on the day and are not done yet.
fn falling_due(context: &Context, conn: &Connection, day: NaiveDate) -> Result<Records> {
    let mut records = Records::new(DUE_COLUMNS);
    for check in aftersales::checks_due(conn, day)?
        .into_iter()
        .filter(|c| c.due == day)
    {
        records.push(vec![
            Cell::label("check", "质量检查"),
            check.id.into(),
            check.unit.clone().into(),
            check.name.clone().into(),
            context.phone(&check.phone).into(),
            dates::date(check.due).into(),
        ]);
    }
    let open = aftersales::open_repairs(conn)?;
    for view in repairs::views(conn, open)? {
        let Some(due) = view.revisit_due.filter(|at| at.date() == day) else {
            continue;
        };
        records.push(vec![
            Cell::label("revisit", "维修回访"),
            view.row.id.into(),
            view.row.unit.clone().into(),
            view.row.name.clone().into(),
            context.phone(&view.row.phone).into(),
            dates::minute(due).into(),
        ]);
    }
    Ok(records)
}

/// Counts per rep of the day's entries that stand (superseded ones left out).
fn visits_by_rep(entries: &[VisitRow], first_visits: &HashSet<i64>) -> Records {
    let mut by_rep: BTreeMap<String, [i64; 11]> = BTreeMap::new();
    for entry in entries.iter().filter(|v| v.stands()) {
        let counts = by_rep
            .entry(entry.rep.clone().unwrap_or_default())
            .or_default();
        if entry.contact == Contact::Call {
            counts[1] += 1;
            continue;
        }
        counts[0] += 1;
        if first_visits.contains(&entry.id) {
            counts[2] += 1;
        } else {
            counts[3] += 1;
        }
        if entry.turn {
            counts[4] += 1;
        }
        if let Some(at) = COUNTED_REASONS.iter().position(|r| *r == entry.reason) {
            counts[5 + at] += 1;
        }
    }
    let mut records = Records::new(VISIT_COLUMNS);
    for (rep, counts) in by_rep {
        let mut row = vec![if rep.is_empty() {
            Cell::Null
        } else {
            rep.into()
        }];
        row.extend(counts.iter().map(|c| Cell::Int(*c)));
        records.push(row);
    }
    records
}

fn visits_by_channel(entries: &[VisitRow]) -> Records {
    // Ordered by code, as the section always listed them, whatever the language.
    let mut by_channel: BTreeMap<&str, (Channel, i64, i64)> = BTreeMap::new();
    for entry in entries.iter().filter(|v| v.stands()) {
        let counts = by_channel
            .entry(entry.channel.code())
            .or_insert((entry.channel, 0, 0));
        match entry.contact {
            Contact::Call => counts.2 += 1,
            Contact::Visit => counts.1 += 1,
        }
    }
    let mut records = Records::new(CHANNEL_COLUMNS);
    for (channel, visits, calls) in by_channel.into_values() {
        records.push(vec![Cell::code(channel), visits.into(), calls.into()]);
    }
    records
}

fn unapproved(context: &Context, entries: &[VisitRow]) -> Records {
    let mut records = Records::new(UNAPPROVED_COLUMNS);
    for entry in entries.iter().filter(|v| !v.approved) {
        records.push(vec![
            entry.id.into(),
            dates::minute(entry.at).into(),
            entry.customer_name.clone().into(),
            context.phone(&entry.phone).into(),
            entry.rep.clone().into(),
            Cell::code(entry.reason),
        ]);
    }
    records
}

/// Registrations that lapse in the week after `day`, soonest first.
fn lapsing(context: &Context, conn: &Connection, day: NaiveDate) -> Result<Records> {
    let window = Lapsing::after(day);
    let (from, to) = window.last_visits();
    let end_of_day = start(day + Duration::days(1)) - Duration::seconds(1);
    let seen = register::customers_visiting_between(conn, from, to)?;
    let claims = claims_of_all(conn, &seen)?;
    let mut rows = Vec::new();
    for customer_id in seen {
        let Some(claims) = claims.get(&customer_id) else {
            continue;
        };
        let Some((rep, ownership)) = claims.owner(conn, end_of_day)? else {
            continue;
        };
        if !window.holds(&ownership) {
            continue;
        }
        if let Some(customer) = customers::by_id(conn, customer_id)? {
            rows.push((ownership, customer, rep.name));
        }
    }
    rows.sort_by_key(|(ownership, customer, _)| (ownership.valid_until, customer.id));
    let mut records = Records::new(LAPSING_COLUMNS);
    for (ownership, customer, rep) in rows {
        records.push(vec![
            customer.id.into(),
            customer.name.into(),
            context.phone(&customer.phone).into(),
            rep.into(),
            dates::minute(ownership.last_visit).into(),
            ownership.valid_until.map(dates::date).into(),
        ]);
    }
    Ok(records)
}

/// The complaints received on `day` as they stood at its end (or at `now`, while the day is
/// still going: [`deadlines::verdict_moment`]), and the day's counts: received, resolved
/// (complaints, not resolutions: one resolved twice counts once), and overdue then, the same
/// complaints `report overdue` lists at that moment (no row for a day with none of the three).
/// Voided complaints count nowhere.
fn complaints_of_day(
    conn: &Connection,
    day: NaiveDate,
    now: NaiveDateTime,
) -> Result<(Vec<View>, Records)> {
    let from = start(day);
    let end = deadlines::verdict_moment(start(day + Duration::days(1)) - Duration::seconds(1), now);
    let to = end + Duration::seconds(1);
    let received = complaint_views::judged(
        conn,
        complaints::received_between(conn, from, to, true)?,
        end,
    )?;
    let resolved = complaint::resolved_once(
        complaints::resolutions_between(conn, from, to)?
            .into_iter()
            .map(|r| (r.complaint_id, r.at)),
    )
    .len() as i64;
    let overdue = complaint_views::overdue_at(conn, end)?.len() as i64;
    let mut counts = Records::new(COMPLAINT_COUNT_COLUMNS);
    if !received.is_empty() || resolved > 0 || overdue > 0 {
        counts.push(vec![
            (received.len() as i64).into(),
            resolved.into(),
            overdue.into(),
        ]);
    }
    Ok((received, counts))
}

/// The complaint ledger of the day (客户意见台账).
fn ledger(context: &Context, received: &[View]) -> Records {
    let mut records = Records::new(LEDGER_COLUMNS);
    for view in received {
        records.push(vec![
            view.row.id.into(),
            dates::minute(view.row.received_at).into(),
            view.row.name.clone().into(),
            context.phone(&view.row.phone).into(),
            Cell::code(view.row.channel),
            Cell::code(view.row.category),
            Cell::code(view.state.class),
            Cell::code(view.row.department),
            Cell::code(view.state.status),
            view.row.text.clone().into(),
        ]);
    }
    records
}
