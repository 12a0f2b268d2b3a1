//! `export customers | visits | complaints`: the records themselves for scripts, CSV or JSON with
//! stable columns, phones masked unless `--full-phone`, written whole or not at all.

use anyhow::Result;
use chrono::{Duration, NaiveDate, NaiveTime};

use super::Context;
use super::complaint::{self as complaints};
use super::customer::DETAIL_COLUMNS;
use super::report::output_for;
use super::visit::owner_of;
use crate::cli::{ExportArgs, ExportKind};
use crate::db::{self, queries};
use crate::domain::dates;
use crate::domain::reception;
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
];

pub fn run(context: &Context, args: ExportArgs) -> Result<()> {
    let from = args
        .from
        .as_deref()
        .map(|d| dates::parse_date(d, "--from"))
        .transpose()?;
    let to = match args.to.as_deref() {
        Some(raw) => dates::parse_date(raw, "--to")?,
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
        ExportKind::Customers => {
            let mut records =
                Records::new(&[CUSTOMER_COLUMNS, DETAIL_COLUMNS, CUSTOMER_TAIL_COLUMNS].concat());
            for customer in queries::customers_created(&conn, start, end)? {
                let owner = owner_of(&conn, customer.id, context.now)?;
                let mut row: Vec<Cell> = vec![
                    customer.id.into(),
                    customer.name.clone().into(),
                    context.phone(&customer.phone).into(),
                    complaints::code_of_class(&customer.class),
                    customer.company.into(),
                    customer.gender.clone().into(),
                    customer.age.into(),
                ];
                for field in customer.details() {
                    row.push(field.clone().into());
                }
                row.push(customer.spouse_id.into());
                row.push(owner.as_ref().map(|o| o.0.name.clone()).into());
                row.push(owner.as_ref().map(|o| dates::date(o.1.valid_until)).into());
                row.push(customer.created_at.get(..16).map(str::to_string).into());
                records.push(row);
            }
            records
        }
        ExportKind::Visits => {
            let mut records = Records::new(VISIT_COLUMNS);
            for visit in queries::register_between(&conn, from, to)? {
                let referral_valid = visit
                    .referral_day
                    .as_deref()
                    .and_then(|d| dates::parse_date(d, "referral_day").ok())
                    .map(|d| reception::referral_valid(d, visit.at.date()));
                records.push(vec![
                    visit.id.into(),
                    dates::minute(visit.at).into(),
                    visit.customer_id.into(),
                    visit.customer_name.clone().into(),
                    context.phone(&visit.phone).into(),
                    Cell::Code(if visit.kind == "call" {
                        "call"
                    } else {
                        "visit"
                    }),
                    visit.channel.clone().into(),
                    visit.rep.clone().into(),
                    Cell::Code(visit.reason.code()),
                    visit.turn.into(),
                    visit.priority.into(),
                    visit.brought_by.into(),
                    visit.referrer.clone().into(),
                    referral_valid.into(),
                    visit.supersedes.into(),
                    visit.superseded_by.into(),
                    visit.approved.into(),
                    visit.note.clone().into(),
                ]);
            }
            records
        }
        ExportKind::Complaints => {
            let mut records = Records::new(complaints::COLUMNS);
            for view in complaints::views(
                &conn,
                queries::complaints_received(&conn, start, end, true)?,
                context.now,
            )? {
                records.push(view.record(context));
            }
            records
        }
    };
    let out = output_for(context, &args.file);
    output::deliver(&out.render_list(&records)?, args.file.output.as_deref())
}
