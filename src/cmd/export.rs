//! `export customers | visits | complaints`: the records themselves for scripts, CSV or JSON with
//! stable columns, phones masked unless `--full-phone`, written whole or not at all.

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use rusqlite::Connection;

use super::Context;
use super::facts::complaint_views;
use super::facts::owners::{DETAIL_COLUMNS, claims_of_all};
use crate::cli::{ExportArgs, ExportKind};
use crate::db::{self, complaints, customers, register};
use crate::domain::codes::Code;
use crate::domain::dates;
use crate::error::invalid;
use crate::output::{self, Cell, Column, Records, col};

const CUSTOMER_COLUMNS: &[Column] = &[
    col("customer_id", "Customer", "客户编号"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("class", "Class", "客户分类"),
    col("company", "Company", "公司客户"),
];

/// The columns an export of customers gives after their details.
const CUSTOMER_TAIL_COLUMNS: &[Column] = &[
    col("spouse_id", "Spouse", "配偶编号"),
    col("owner", "Owner", "归属顾问"),
    col("valid_until", "Valid until", "有效期至"),
    col("created_at", "Registered", "登记时间"),
];

const VISIT_COLUMNS: &[Column] = &[
    col("visit_id", "Entry", "登记号"),
    col("at", "At", "时间"),
    col("customer_id", "Customer", "客户编号"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("kind", "Kind", "类型"),
    col("channel", "Channel", "渠道"),
    col("rep", "Rep", "置业顾问"),
    col("reason", "Reason", "原因"),
    col("turn", "Turn", "占轮次"),
    col("priority", "Priority turn", "优先轮次"),
    col("brought_by_id", "Brought by", "带客老客户编号"),
    col("referrer", "Referrer", "推介人"),
    col("referral_valid", "Referral valid", "推介有效"),
    col("supersedes", "Supersedes", "更正登记号"),
    col("superseded_by", "Superseded by", "已被更正"),
    col("approved", "Approved", "已审核"),
    col("note", "Note", "备注"),
    col("voided", "Voided", "已作废"),
];

pub fn run(context: &Context, args: ExportArgs) -> Result<()> {
    let from = args
        .from
        .as_deref()
        .map(|d| dates::parse_day(d, "--from", context.today()))
        .transpose()?;
    let to = match args.to.as_deref() {
        Some(raw) => dates::parse_day(raw, "--to", context.today())?,
        None => context.today(),
    };
    let from = from.unwrap_or(NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN));
    if from > to {
        return Err(invalid(format!(
            "--from: {from} is after --to {to}; give the earlier day first"
        )));
    }
    let (start, end) = (
        from.and_time(NaiveTime::MIN),
        (to + Duration::days(1)).and_time(NaiveTime::MIN),
    );
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let records = match args.records {
        ExportKind::Customers => customer_records(context, &conn, start, end)?,
        ExportKind::Visits => visit_records(context, &conn, from, to)?,
        ExportKind::Complaints => {
            let mut records = Records::new(complaint_views::COLUMNS);
            let received = complaints::received_between(&conn, start, end, true)?;
            for view in complaint_views::judged(&conn, received, context.now)? {
                records.push(view.record(context));
            }
            records
        }
    };
    let out = context.out_for(&context.file);
    output::deliver(&out.render_list(&records)?, context.file.output.as_deref())
}

/// Customers registered in `[start, end)`, with their owner now.
fn customer_records(
    context: &Context,
    conn: &Connection,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> Result<Records> {
    let mut records =
        Records::new(&[CUSTOMER_COLUMNS, DETAIL_COLUMNS, CUSTOMER_TAIL_COLUMNS].concat());
    let registered = customers::registered_between(conn, start, end)?;
    let ids: Vec<i64> = registered.iter().map(|c| c.id).collect();
    let claims = claims_of_all(conn, &ids)?;
    for customer in registered {
        let owner = match claims.get(&customer.id) {
            Some(claims) => claims.owner(conn, context.now)?,
            None => None,
        };
        let mut row: Vec<Cell> = vec![
            customer.id.into(),
            customer.name.clone().into(),
            context.phone(&customer.phone).into(),
            Cell::code(customer.class),
            customer.company.into(),
            customer.gender.map(|g| g.code()).into(),
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
        records.push(row);
    }
    Ok(records)
}

/// Register entries between two days, superseded ones included.
fn visit_records(
    context: &Context,
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Records> {
    let mut records = Records::new(VISIT_COLUMNS);
    for visit in register::between(conn, from, to)? {
        let referral_valid = visit.referral_valid();
        records.push(vec![
            visit.id.into(),
            dates::minute(visit.at).into(),
            visit.customer_id.into(),
            visit.customer_name.clone().into(),
            context.phone(&visit.phone).into(),
            Cell::code(visit.contact),
            visit.channel.code().into(),
            visit.rep.clone().into(),
            Cell::code(visit.reason),
            visit.turn.into(),
            visit.priority.into(),
            visit.brought_by.into(),
            visit.referrer.clone().into(),
            referral_valid.into(),
            visit.supersedes.into(),
            visit.superseded_by.into(),
            visit.approved.into(),
            visit.note.clone().into(),
            visit.void.is_some().into(),
        ]);
    }
    Ok(records)
}
