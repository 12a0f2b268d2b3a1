//! `register`, `approve` and `void`: the day's visitor register (客户来访登记表) as the project
//! manager reviews it, the approval that makes its entries valid (由项目经理审核确认方为有效), and
//! the void of a mistaken entry, which is never deleted or edited (所录资料不得涂改或销毁).

use anyhow::Result;

use super::Context;
use crate::cli::{ApproveArgs, RegisterArgs, VoidArgs};
use crate::db::register;
use crate::db::register::VisitRow;
use crate::db::reps::{self, RosterEvent};
use crate::domain::rotation::RosterChange;
use crate::domain::{customer, dates};
use crate::error::invalid;
use crate::output::{Cell, Column, Records, col};

const COLUMNS: &[Column] = &[
    col("visit_id", "Entry", "登记号"),
    col("at", "At", "时间"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("kind", "Kind", "类型"),
    col("channel", "Channel", "渠道"),
    col("rep", "Rep", "置业顾问"),
    col("reason", "Reason", "原因"),
    col("turn", "Turn", "占轮次"),
    col("priority", "Priority turn", "优先轮次"),
    col("referrer", "Referrer", "推介人"),
    col("referral_valid", "Referral valid", "推介有效"),
    col("supersedes", "Supersedes", "更正登记号"),
    col("superseded_by", "Superseded by", "已被更正"),
    col("approved", "Approved", "已审核"),
    col("note", "Note", "备注"),
    col("voided", "Voided", "已作废"),
];

const APPROVAL_COLUMNS: &[Column] = &[
    col("date", "Date", "日期"),
    col("approved_by", "Approved by", "审核人"),
    col("entries", "Entries approved", "本次审核条数"),
];

pub fn run(context: &Context, args: RegisterArgs) -> Result<()> {
    let (conn, day) = context.open_for(|today| match args.date.as_deref() {
        Some(raw) => dates::parse_day(raw, "--date", today),
        None => Ok(today),
    })?;
    let mut records = Records::new(COLUMNS);
    for visit in register::entries_on(&conn, day)? {
        let referral_valid = visit.referral_valid();
        let voided = visit.void.is_some();
        records.push(vec![
            visit.id.into(),
            dates::minute(visit.at).into(),
            visit.customer_name.into(),
            context.phone(&visit.phone).into(),
            Cell::code(visit.contact),
            Cell::code(visit.channel),
            visit.rep.into(),
            Cell::code(visit.reason),
            visit.turn.into(),
            visit.priority.into(),
            visit.referrer.into(),
            referral_valid.into(),
            visit.supersedes.into(),
            visit.superseded_by.into(),
            visit.approved.into(),
            visit.note.into(),
            voided.into(),
        ]);
    }
    context.emit(&context.out.render_list(&records)?)
}

pub fn approve(context: &Context, args: ApproveArgs) -> Result<()> {
    let by = customer::name(&args.by, "--by")?;
    Context::check_day(args.date.as_deref())?;
    let mut conn = context.writable()?;
    let (day, approved) = context.write(&mut conn, |tx| {
        let day = context.day(args.date.as_deref())?;
        let (last_id, entries) = register::last_of_day(tx, day)?;
        if entries == 0 {
            return Err(invalid(format!(
                "--date: the register of {day} is empty; check the date"
            )));
        }
        let pending = register::unapproved_count(tx, day)?;
        if pending > 0 {
            register::approve(tx, day, &by, context.now(), last_id)?;
        }
        Ok((day, pending))
    })?;
    let lang = context.out.lang;
    let line = if approved == 0 {
        lang.pick(
            &format!("the register of {day} was already approved"),
            &format!("{day} 的登记已审核"),
        )
        .to_string()
    } else {
        lang.pick(
            &format!("approved {approved} entries of {day} by {by}"),
            &format!("{by} 已审核 {day} 的 {approved} 条登记"),
        )
        .to_string()
    };
    let mut records = Records::new(APPROVAL_COLUMNS);
    records.push(vec![dates::date(day).into(), by.into(), approved.into()]);
    context.emit(&context.out.render_one(&records, &line)?)
}

const VOID_COLUMNS: &[Column] = &[
    col("visit_id", "Entry", "登记号"),
    col("voided_by", "Voided by", "作废人"),
    col("reason", "Why", "原因"),
    col("turn_owed", "Turn owed back", "补回轮次"),
];

/// Voids a mistaken entry. It stays in the history and no longer counts; if it took one of
/// today's turns, the rep is owed the turn back as a priority turn, since the customer they
/// received is registered again correctly.
pub fn void(context: &Context, args: VoidArgs) -> Result<()> {
    let visit_id: i64 = args.visit_id.trim().parse().map_err(|_| {
        invalid(format!(
            "VISIT_ID: {:?} is not a register number; find it with `salesdesk register --date D`",
            args.visit_id
        ))
    })?;
    let why = customer::text(&args.reason, "--reason")?.ok_or_else(|| {
        invalid("--reason: empty; say what the mistake was, for example \"entered twice\"")
    })?;
    let by = customer::name(&args.by, "--by")?;
    let mut conn = context.writable()?;
    let owed = context.write(&mut conn, |tx| {
        let today = context.today();
        let entry = register::by_id(tx, visit_id)?.ok_or_else(|| {
            invalid(format!(
                "VISIT_ID: there is no register entry {visit_id}; find the number with \
                 `salesdesk register --date D`"
            ))
        })?;
        refuse_to_void(&entry)?;
        if let Some(designation) = register::entries_of(tx, entry.customer_id)?
            .into_iter()
            .find(|e| e.roles.designated_from == Some(visit_id) && e.void.is_none())
        {
            return Err(invalid(format!(
                "VISIT_ID: entry {} records that the customer of entry {visit_id} went to {}; \
                 void entry {} first if that was the mistake",
                designation.id,
                designation.rep.as_deref().unwrap_or("another rep"),
                designation.id
            )));
        }
        register::void(tx, visit_id, &why, &by, context.now(), context.clock())?;
        give_the_turn_back(tx, context, &entry, today)
    })?;
    let mut line = context
        .out
        .lang
        .pick(
            &format!(
                "entry {visit_id} voided by {by}: {why}; it no longer counts for ownership, turns \
                 or reports"
            ),
            &format!("登记号 {visit_id} 已由 {by} 作废：{why}；不再计入客户归属、轮次与报表"),
        )
        .to_string();
    if let Some(rep) = &owed {
        line += context.out.lang.pick(
            &format!("; {rep} is owed the turn back as a priority turn"),
            &format!("；{rep} 补回优先轮次"),
        );
    }
    let mut records = Records::new(VOID_COLUMNS);
    records.push(vec![
        visit_id.into(),
        by.into(),
        why.into(),
        owed.is_some().into(),
    ]);
    context.emit(&context.out.render_one(&records, &line)?)
}

/// Only an entry that counts can be voided, and a reassignment is undone by no void.
fn refuse_to_void(entry: &VisitRow) -> Result<()> {
    let id = entry.id;
    if let Some(void) = &entry.void {
        return Err(invalid(format!(
            "VISIT_ID: entry {id} was voided by {} at {} already",
            void.by,
            dates::minute(void.at)
        )));
    }
    if let Some(later) = entry.superseded_by {
        return Err(invalid(format!(
            "VISIT_ID: entry {id} was reassigned by entry {later} and no longer counts; there is \
             nothing to void"
        )));
    }
    if let Some(earlier) = entry.supersedes {
        return Err(invalid(format!(
            "VISIT_ID: entry {id} is the reassignment of entry {earlier}; a reassignment is a \
             record of what happened, not a mistake to void"
        )));
    }
    Ok(())
}

/// A voided entry of today that took a turn: the rep is owed it back. Returns their name.
fn give_the_turn_back(
    conn: &rusqlite::Connection,
    context: &Context,
    entry: &VisitRow,
    today: chrono::NaiveDate,
) -> Result<Option<String>> {
    let (true, Some(rep_id)) = (entry.turn && entry.at.date() == today, entry.rep_id) else {
        return Ok(None);
    };
    let Some(mut queue) = reps::queue(conn, today)? else {
        return Ok(None);
    };
    if !queue.void_turn(rep_id) {
        return Ok(None);
    }
    reps::save_queue(conn, today, &queue)?;
    let event = RosterEvent {
        rep_id: Some(rep_id),
        detail: Some(format!("entry {} voided", entry.id)),
        ..RosterEvent::of(RosterChange::Void)
    };
    reps::log_change(conn, today, context.now(), &event)?;
    Ok(entry.rep.clone())
}
