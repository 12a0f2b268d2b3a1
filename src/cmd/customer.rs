//! `customer show | list | set`: the customer file (客户档案). Customer details may be corrected
//! in place; the register of their visits never is.

use std::collections::HashMap;

use anyhow::Result;
use serde_json::Value;

use super::Context;
use super::visit::owner_of;
use crate::cli::{CustomerCommand, CustomerSetArgs};
use crate::db;
use crate::db::queries::{self, CustomerRow, VisitRow};
use crate::domain::customer::{self, Class};
use crate::domain::dates;
use crate::domain::ownership;
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::output::{self, Cell, Column, Format, Records, col};

const CUSTOMER_COLUMNS: &[Column] = &[
    col("customer_id", "Customer", "客户编号"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("class", "Class", "客户分类"),
    col("company", "Company", "公司客户"),
    col("visits", "Visits", "来访次数"),
    col("last_visit", "Last visit", "最近来访"),
    col("owner", "Owner", "归属顾问"),
    col("valid_until", "Valid until", "有效期至"),
];

const DETAIL_COLUMNS: &[Column] = &[
    col("gender", "Gender", "性别"),
    col("age", "Age", "年龄"),
    col("education", "Education", "学历"),
    col("occupation", "Occupation", "职业"),
    col("income", "Income", "收入"),
    col("family", "Family", "家庭结构"),
    col("address", "Address", "地址"),
    col("email", "Email", "邮箱"),
    col("personality", "Personality", "性格"),
    col("interests", "Interests", "兴趣"),
    col("attitude", "Purchase attitude", "购买态度"),
    col("requirements", "Requirements", "需求"),
    col("purchase", "Purchase record", "购买记录"),
    col("tendency", "Purchase tendency", "购买倾向"),
    col("registered_on", "Registered on", "登记日期"),
];

const HISTORY_COLUMNS: &[Column] = &[
    col("visit_id", "Entry", "登记号"),
    col("at", "At", "时间"),
    col("kind", "Kind", "类型"),
    col("channel", "Channel", "渠道"),
    col("rep", "Rep", "置业顾问"),
    col("reason", "Reason", "原因"),
    col("superseded_by", "Superseded by", "已被更正"),
    col("approved", "Approved", "已审核"),
    col("note", "Note", "备注"),
];

pub fn run(context: &Context, command: CustomerCommand) -> Result<()> {
    match command {
        CustomerCommand::Show { phone } => show(context, &phone),
        CustomerCommand::List { class } => list(context, class.as_deref()),
        CustomerCommand::Set(args) => set(context, args),
    }
}

fn find(conn: &rusqlite::Connection, phone: &Phone) -> Result<CustomerRow> {
    queries::customer_by_phone(conn, phone.as_str())?.ok_or_else(|| {
        invalid(format!(
            "PHONE: no customer has the phone {}; check the number, or register them with \
             `salesdesk visit NAME --phone P`",
            phone.masked()
        ))
    })
}

fn summary_row(
    context: &Context,
    customer: &CustomerRow,
    history: &[&VisitRow],
    owner: Option<(String, chrono::NaiveDate)>,
) -> Vec<Cell> {
    let visits: Vec<&&VisitRow> = history
        .iter()
        .filter(|v| v.kind == "visit" && v.superseded_by.is_none())
        .collect();
    vec![
        customer.id.into(),
        customer.name.clone().into(),
        context.phone(&customer.phone).into(),
        Cell::Code(
            Class::parse(&customer.class, "class")
                .map(Class::code)
                .unwrap_or("potential"),
        ),
        customer.company.into(),
        (visits.len() as i64).into(),
        visits.last().map(|v| dates::minute(v.at)).into(),
        owner.as_ref().map(|o| o.0.clone()).into(),
        owner.map(|o| dates::date(o.1)).into(),
    ]
}

fn show(context: &Context, phone: &str) -> Result<()> {
    let phone = Phone::parse(phone, "PHONE")?;
    let conn = context.open()?;
    let customer = find(&conn, &phone)?;
    let history = queries::history(&conn, customer.id)?;
    let owner =
        owner_of(&conn, customer.id, context.now)?.map(|(rep, o)| (rep.name, o.valid_until));
    let mut summary = Records::new(&[CUSTOMER_COLUMNS, DETAIL_COLUMNS].concat());
    let mut row = summary_row(
        context,
        &customer,
        &history.iter().collect::<Vec<_>>(),
        owner,
    );
    row.push(
        customer
            .gender
            .as_deref()
            .map(|g| Cell::Code(if g == "female" { "female" } else { "male" }))
            .unwrap_or(Cell::Null),
    );
    row.push(customer.age.into());
    for field in [
        &customer.education,
        &customer.occupation,
        &customer.income,
        &customer.family,
        &customer.address,
        &customer.email,
        &customer.personality,
        &customer.interests,
        &customer.attitude,
        &customer.requirements,
        &customer.purchase,
        &customer.tendency,
    ] {
        row.push(field.clone().into());
    }
    row.push(customer.created_at.get(..10).map(str::to_string).into());
    summary.push(row);
    let mut entries = Records::new(HISTORY_COLUMNS);
    for visit in &history {
        entries.push(vec![
            visit.id.into(),
            dates::minute(visit.at).into(),
            Cell::Code(if visit.kind == "call" {
                "call"
            } else {
                "visit"
            }),
            visit.channel.clone().into(),
            visit.rep.clone().into(),
            Cell::Code(visit.reason.code()),
            visit.superseded_by.into(),
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
    output::print(&text)
}

fn list(context: &Context, class: Option<&str>) -> Result<()> {
    let class = class.map(|c| Class::parse(c, "--class")).transpose()?;
    let conn = context.open()?;
    let customers = queries::customers(&conn, class.map(Class::code))?;
    let registrations = queries::all_registrations(&conn)?;
    let mut by_customer: HashMap<i64, Vec<&VisitRow>> = HashMap::new();
    for visit in &registrations {
        by_customer
            .entry(visit.customer_id)
            .or_default()
            .push(visit);
    }
    let names: HashMap<i64, String> = queries::reps(&conn)?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect();
    let mut records = Records::new(CUSTOMER_COLUMNS);
    for customer in &customers {
        let history = by_customer.remove(&customer.id).unwrap_or_default();
        let entries: Vec<_> = history.iter().filter_map(|v| v.entry()).collect();
        let owner = ownership::owner_at(&entries, context.now).map(|o| {
            (
                names.get(&o.rep_id).cloned().unwrap_or_default(),
                o.valid_until,
            )
        });
        records.push(summary_row(context, customer, &history, owner));
    }
    output::print(&context.out.render_list(&records)?)
}

/// Applies one optional text field.
fn apply(target: &mut Option<String>, raw: &Option<String>, field: &str) -> Result<()> {
    if let Some(raw) = raw {
        *target = customer::text(raw, field)?;
    }
    Ok(())
}

fn set(context: &Context, args: Box<CustomerSetArgs>) -> Result<()> {
    let phone = Phone::parse(&args.phone, "PHONE")?;
    let class = args
        .class
        .as_deref()
        .map(|c| Class::parse(c, "--class"))
        .transpose()?;
    let name = args
        .name
        .as_deref()
        .map(|n| customer::name(n, "--name"))
        .transpose()?;
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
    let mut conn = context.open()?;
    db::write(&mut conn, |tx| {
        let mut row = find(tx, &phone)?;
        if let Some(class) = class {
            row.class = class.code().to_string();
        }
        if let Some(name) = &name {
            row.name = name.clone();
        }
        if let Some(company) = args.company {
            row.company = company;
        }
        if gender.is_some() {
            row.gender = gender.clone();
        }
        if age.is_some() {
            row.age = age;
        }
        apply(&mut row.education, &args.education, "--education")?;
        apply(&mut row.occupation, &args.occupation, "--occupation")?;
        apply(&mut row.income, &args.income, "--income")?;
        apply(&mut row.family, &args.family, "--family")?;
        apply(&mut row.address, &args.address, "--address")?;
        apply(&mut row.email, &args.email, "--email")?;
        apply(&mut row.personality, &args.personality, "--personality")?;
        apply(&mut row.interests, &args.interests, "--interests")?;
        apply(&mut row.attitude, &args.attitude, "--attitude")?;
        apply(&mut row.requirements, &args.requirements, "--requirements")?;
        apply(&mut row.purchase, &args.purchase, "--purchase")?;
        apply(&mut row.tendency, &args.tendency, "--tendency")?;
        queries::update_customer(tx, &row)
    })?;
    show(context, &args.phone)
}
