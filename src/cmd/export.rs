//! `export customers | visits | complaints`: the records themselves for scripts, CSV or JSON with
//! stable columns, phones masked unless `--full-phone`. Rows stream: each is written as it is
//! read, inside one read snapshot, so that memory stays flat at any size; what a row needs
//! from other tables (a customer's owner, a complaint's history) is read for a bounded batch
//! of rows at a time. A file (`--output`) appears whole or not at all, even when the export
//! fails midway. Only a table on the terminal is laid out from every row at once. A workbook
//! (`--output FILE.xlsx`) keeps its rows in a temporary file beside it as they come.

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use rusqlite::Connection;

use super::Context;
use super::facts::owners::{DETAIL_COLUMNS, claims_of_batch};
use super::facts::{complaint_views, in_batches};
use crate::cli::{ExportArgs, ExportKind};
use crate::db::calendar;
use crate::db::customers::{self, CustomerRow};
use crate::db::register::{self, RegisterLine};
use crate::db::{self, complaints, reps};
use crate::domain::dates;
use crate::error::invalid;
use crate::messages::Message;
use crate::messages::columns::export::{CUSTOMER_COLUMNS, CUSTOMER_TAIL_COLUMNS, VISIT_COLUMNS};
use crate::output::{Cell, Column};

/// The days `--from` and `--to` name (none and today by default).
fn days(args: &ExportArgs, today: NaiveDate) -> Result<(Option<NaiveDate>, NaiveDate)> {
    let from = args
        .from
        .as_deref()
        .map(|d| dates::parse_day(d, "--from", today))
        .transpose()?;
    let to = match args.to.as_deref() {
        Some(raw) => dates::parse_day(raw, "--to", today)?,
        None => today,
    };
    Ok((from, to))
}

fn in_order(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if from > to {
        return Err(invalid(Message::ExportFromAfterTo {
            from: from.to_string(),
            to: to.to_string(),
        }));
    }
    Ok(())
}

/// Rows whose owners or histories are read together: large enough that the lookups cost a few
/// statements per thousand rows, small enough that memory does not grow with the export.
const BATCH: usize = 500;

pub fn run(context: &Context, args: ExportArgs) -> Result<()> {
    if args.rep.is_some() && args.records != ExportKind::Visits {
        return Err(invalid(Message::ExportRepOnlyVisits {}));
    }
    // Two dates typed out are checked before the database is opened, like their spelling.
    if let (Some(from), Some(to)) = (&args.from, &args.to)
        && let (Ok(from), Ok(to)) = (
            dates::parse_date(from, "--from"),
            dates::parse_date(to, "--to"),
        )
    {
        in_order(from, to)?;
    }
    let (mut conn, (from, to)) = context.open_for(|today| days(&args, today))?;
    let from = from.unwrap_or(NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN));
    in_order(from, to)?;
    let (start, end) = (
        from.and_time(NaiveTime::MIN),
        (to + Duration::days(1)).and_time(NaiveTime::MIN),
    );
    let conn = db::snapshot(&mut conn)?;
    let rep_id = match args.rep.as_deref() {
        Some(name) => Some(any_rep(&conn, name, "--rep")?),
        None => None,
    };
    let period = Period {
        from,
        to,
        start,
        end,
        rep_id,
    };
    let columns: Vec<Column> = match args.records {
        ExportKind::Customers => [CUSTOMER_COLUMNS, DETAIL_COLUMNS, CUSTOMER_TAIL_COLUMNS].concat(),
        ExportKind::Visits => VISIT_COLUMNS.to_vec(),
        ExportKind::Complaints => complaint_views::COLUMNS.to_vec(),
    };
    let rows = |emit: &mut dyn FnMut(Vec<Cell>) -> Result<()>| match args.records {
        ExportKind::Customers => customer_rows(context, &conn, &period, emit),
        ExportKind::Visits => visit_rows(context, &conn, &period, emit),
        ExportKind::Complaints => complaint_rows(context, &conn, &period, emit),
    };
    context.stream_list(&columns, rows)
}

/// What was asked for: the days, as days and as moments (`[start, end)`), and the rep.
struct Period {
    from: NaiveDate,
    to: NaiveDate,
    start: NaiveDateTime,
    end: NaiveDateTime,
    rep_id: Option<i64>,
}

/// Any rep on the books, retired ones included (their entries are history), found by the name
/// typed for `field`.
fn any_rep(conn: &Connection, name: &str, field: &str) -> Result<i64> {
    let name = name.trim();
    if let Some(rep) = reps::by_name(conn, name)? {
        return Ok(rep.id);
    }
    let names: Vec<String> = reps::all(conn)?.into_iter().map(|r| r.name).collect();
    Err(invalid(Message::ExportNoRep {
        field: field.to_string(),
        name: name.to_string(),
        reps: names,
    }))
}

/// Customers registered in the period, with their owner now, [`BATCH`] at a time.
fn customer_rows(
    context: &Context,
    conn: &Connection,
    period: &Period,
    emit: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    // Linked records are few; they are read once for the whole export.
    let linked = customers::linked(conn)?;
    in_batches(
        BATCH,
        |each| customers::each_registered_between(conn, period.start, period.end, each),
        |batch: Vec<CustomerRow>| {
            let ids: Vec<i64> = batch.iter().map(|c| c.id).collect();
            let claims = claims_of_batch(conn, &ids, &linked)?;
            for customer in batch {
                let owner = match claims.get(&customer.id) {
                    Some(claims) => claims.owner(conn, context.now())?,
                    None => None,
                };
                emit(customer_row(context, customer, owner))?;
            }
            Ok(())
        },
    )
}

/// A customer under the export's columns.
fn customer_row(
    context: &Context,
    customer: CustomerRow,
    owner: Option<super::facts::owners::Owner>,
) -> Vec<Cell> {
    let mut row: Vec<Cell> = vec![
        customer.id.into(),
        customer.name.clone().into(),
        context.phone(&customer.phone).into(),
        Cell::code(customer.class),
        customer.company.into(),
        customer.gender.map(Cell::code).into(),
        customer.age.into(),
    ];
    for field in customer.details() {
        row.push(field.clone().into());
    }
    row.push(customer.spouse_id.into());
    row.push(owner.as_ref().map(|o| o.0.name.clone()).into());
    row.push(
        owner
            .as_ref()
            .and_then(|o| o.1.valid_until)
            .map(dates::date)
            .into(),
    );
    row.push(customer.created_at.get(..16).map(str::to_string).into());
    row
}

/// Register entries between two days, superseded and voided ones included, as they are read.
fn visit_rows(
    context: &Context,
    conn: &Connection,
    period: &Period,
    emit: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    register::each_line_between(conn, period.from, period.to, period.rep_id, |line| {
        emit(visit_row(context, line))
    })
}

/// An entry under [`VISIT_COLUMNS`].
fn visit_row(context: &Context, line: RegisterLine) -> Vec<Cell> {
    let entry = line.written;
    vec![
        entry.id.into(),
        dates::minute(entry.at).into(),
        entry.customer_id.into(),
        entry.customer_name.into(),
        context.phone(&entry.phone).into(),
        Cell::code(entry.contact),
        Cell::code(entry.channel),
        entry.rep.into(),
        Cell::code(entry.reason),
        entry.turn.into(),
        entry.priority.into(),
        entry.brought_by.into(),
        entry.referrer.into(),
        line.referral_valid.into(),
        entry.supersedes.into(),
        entry.superseded_by.into(),
        entry.approved.into(),
        entry.note.into(),
        line.voided.into(),
    ]
}

/// Complaints received in the period with status and deadlines as of --at, judged [`BATCH`] at
/// a time.
fn complaint_rows(
    context: &Context,
    conn: &Connection,
    period: &Period,
    emit: &mut dyn FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    let calendar = calendar::calendar(conn)?;
    in_batches(
        BATCH,
        |each| complaints::each_received_between(conn, period.start, period.end, each),
        |rows| {
            for view in complaint_views::judged_on(&calendar, conn, rows, context.now())? {
                emit(view.record(context))?;
            }
            Ok(())
        },
    )
}
