//! `register` and `approve`: the day's visitor register (客户来访登记表) as the project manager
//! reviews it, and the approval that makes its entries valid (由项目经理审核确认方为有效).

use anyhow::Result;

use super::Context;
use crate::cli::{ApproveArgs, RegisterArgs};
use crate::db::{self, register};
use crate::domain::codes::Code;
use crate::domain::{customer, dates, reception};
use crate::error::invalid;
use crate::output::{self, Cell, Column, Records, col};

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
];

const APPROVAL_COLUMNS: &[Column] = &[
    col("date", "Date", "日期"),
    col("approved_by", "Approved by", "审核人"),
    col("entries", "Entries approved", "本次审核条数"),
];

pub fn run(context: &Context, args: RegisterArgs) -> Result<()> {
    let day = context.day(args.date.as_deref())?;
    let conn = context.open()?;
    let mut records = Records::new(COLUMNS);
    for visit in register::entries_on(&conn, day)? {
        records.push(vec![
            visit.id.into(),
            dates::minute(visit.at).into(),
            visit.customer_name.into(),
            context.phone(&visit.phone).into(),
            Cell::code(visit.contact),
            visit.channel.code().into(),
            visit.rep.into(),
            Cell::code(visit.reason),
            visit.turn.into(),
            visit.priority.into(),
            visit.referrer.into(),
            visit
                .referral_day
                .map(|day| reception::referral_valid(day, visit.at.date()))
                .into(),
            visit.supersedes.into(),
            visit.superseded_by.into(),
            visit.approved.into(),
            visit.note.into(),
        ]);
    }
    output::print(&context.out.render_list(&records)?)
}

pub fn approve(context: &Context, args: ApproveArgs) -> Result<()> {
    let by = customer::name(&args.by, "--by")?;
    let day = context.day(args.date.as_deref())?;
    let mut conn = context.open()?;
    let approved = db::write(&mut conn, |tx| {
        let (last_id, entries) = register::last_of_day(tx, day)?;
        if entries == 0 {
            return Err(invalid(format!(
                "--date: the register of {day} is empty; check the date"
            )));
        }
        let pending = register::unapproved_count(tx, day)?;
        if pending > 0 {
            register::approve(tx, day, &by, context.now, last_id)?;
        }
        Ok(pending)
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
    output::print(&context.out.render_one(&records, &line)?)
}
