//! `report daily | weekly | monthly | overdue | survey`: what the managers read every morning
//! and what cron jobs file away. Every report prints tables on a terminal, or one CSV (stable
//! snake_case columns, the section in the first) or one JSON object; `--output` writes the file
//! whole or not at all. An empty period is a valid report: the header alone, exit 0. Each
//! section is built by a function of its own from rows read inside one read transaction.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;
use serde_json::Value;

use super::Context;
use super::facts::complaint_views::{self, View};
use super::facts::owners::owner_of;
use super::facts::waves;
use crate::cli::{FileArgs, ReportCommand};
use crate::db::register::{self, VisitRow};
use crate::db::surveys::{self, SurveyRow};
use crate::db::{self, complaints, customers};
use crate::domain::codes::Code;
use crate::domain::complaint::{Clock, Standing, Step};
use crate::domain::customer::Class;
use crate::domain::dates;
use crate::domain::ownership::Lapsing;
use crate::domain::register::{Contact, Reason};
use crate::domain::survey::{self as rules, Figures, REQUIRED_SAMPLE_RATE};
use crate::error::invalid;
use crate::output::{self, Cell, Column, Format, Output, Records, col};

pub fn run(context: &Context, command: ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Daily { date, file } => daily(context, date.as_deref(), &file),
        ReportCommand::Weekly { week, file } => weekly(context, week.as_deref(), &file),
        ReportCommand::Monthly { month, file } => monthly(context, month.as_deref(), &file),
        ReportCommand::Overdue { file } => overdue(context, &file),
        ReportCommand::Survey { survey, file } => survey_report(context, &survey, &file),
    }
}

fn number(value: Option<f64>, decimals: usize) -> Cell {
    value.map_or(Cell::Null, |v| Cell::Number(v, decimals))
}

fn start(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

/// A section of a report: its key (the JSON field, the CSV `section` value) and its heading.
const fn section(key: &'static str, zh: &'static str) -> Column {
    col(key, key, zh)
}

/// The report's own fields: its name, its period and the moment it was judged at.
fn head(
    report: Cell,
    period: &[(&'static str, &'static str, &'static str, String)],
    context: &Context,
) -> Records {
    let mut columns = vec![col("report", "Report", "报表")];
    let mut row = vec![report];
    for (key, en, zh, value) in period {
        columns.push(col(key, en, zh));
        row.push(value.clone().into());
    }
    columns.push(col("as_of", "As of", "截至"));
    row.push(dates::minute(context.now).into());
    let mut records = Records::new(&columns);
    records.push(row);
    records
}

/// Renders a report's sections and writes them where `file` says.
fn deliver(
    context: &Context,
    file: &FileArgs,
    head: &Records,
    sections: &[(Column, Records)],
) -> Result<()> {
    let text = context.out_for(file).render_sections(head, sections)?;
    output::deliver(&text, file.output.as_deref())
}

// ---------------------------------------------------------------- daily

const VISIT_COLUMNS: &[Column] = &[
    col("rep", "Rep", "置业顾问"),
    col("visits", "Visits", "来访"),
    col("calls", "Calls", "来电"),
    col("new_customers", "New customers", "新客户"),
    col("returning_customers", "Returning customers", "老客户"),
    col("turns", "Turns", "轮次"),
    col("rotation", "Rotation", "轮序接待"),
    col("returning", "Returning", "老客户接待"),
    col("voluntary", "Voluntary", "义务接待"),
    col("designated", "Designated", "指定接待"),
    col("referral", "Referral", "老带新"),
    col("reassigned", "Reassigned", "转接"),
];

const CHANNEL_COLUMNS: &[Column] = &[
    col("channel", "Channel", "渠道"),
    col("visits", "Visits", "来访"),
    col("calls", "Calls", "来电"),
];

const UNAPPROVED_COLUMNS: &[Column] = &[
    col("visit_id", "Entry", "登记号"),
    col("at", "At", "时间"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("rep", "Rep", "置业顾问"),
    col("reason", "Reason", "原因"),
];

const LAPSING_COLUMNS: &[Column] = &[
    col("customer_id", "Customer", "客户编号"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("rep", "Rep", "置业顾问"),
    col("last_visit", "Last visit", "最近来访"),
    col("valid_until", "Valid until", "有效期至"),
];

const COMPLAINT_COUNT_COLUMNS: &[Column] = &[
    col("received", "Received", "受理"),
    col("resolved", "Resolved", "解决"),
    col("overdue", "Overdue", "超时"),
];

const LEDGER_COLUMNS: &[Column] = &[
    col("complaint_id", "Complaint", "投诉编号"),
    col("received_at", "Received", "受理时间"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("channel", "Channel", "渠道"),
    col("category", "Category", "类别"),
    col("class", "Class", "投诉分类"),
    col("department", "Department", "责任部门"),
    col("status", "Status", "状态"),
    col("text", "Complaint", "投诉内容"),
];

/// The receptions counted in the by-rep section, in its column order after the turns.
const COUNTED_REASONS: [Reason; 6] = [
    Reason::Rotation,
    Reason::Returning,
    Reason::Voluntary,
    Reason::Designated,
    Reason::Referral,
    Reason::Reassigned,
];

fn daily(context: &Context, date: Option<&str>, file: &FileArgs) -> Result<()> {
    let day = match date {
        Some(raw) => dates::parse_date(raw, "--date")?,
        None => context.today() - Duration::days(1),
    };
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let entries = register::between(&conn, day, day)?;
    let first: HashSet<i64> = register::first_visits_between(&conn, day, day)?
        .into_iter()
        .collect();
    // Complaints as they stood at the end of the day.
    let (received, counts) = complaints_of_day(&conn, day)?;
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
    ];
    let head = head(
        Cell::label("daily", "日报"),
        &[("date", "Date", "日期", dates::date(day))],
        context,
    );
    deliver(context, file, &head, &sections)
}

/// Counts per rep of the day's entries that stand (superseded ones left out).
fn visits_by_rep(entries: &[VisitRow], first_visits: &HashSet<i64>) -> Records {
    let mut by_rep: BTreeMap<String, [i64; 11]> = BTreeMap::new();
    for entry in entries.iter().filter(|v| v.superseded_by.is_none()) {
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
    let mut by_channel: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for entry in entries.iter().filter(|v| v.superseded_by.is_none()) {
        let counts = by_channel.entry(entry.channel.code()).or_default();
        match entry.contact {
            Contact::Call => counts.1 += 1,
            Contact::Visit => counts.0 += 1,
        }
    }
    let mut records = Records::new(CHANNEL_COLUMNS);
    for (channel, (visits, calls)) in by_channel {
        records.push(vec![channel.into(), visits.into(), calls.into()]);
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
    let mut rows = Vec::new();
    for customer_id in register::customers_visiting_between(conn, from, to)? {
        let Some((rep, ownership)) = owner_of(conn, customer_id, end_of_day)? else {
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
            dates::date(ownership.valid_until).into(),
        ]);
    }
    Ok(records)
}

/// The complaints received on `day` as they stood at its end, and the day's counts: received,
/// resolved, and overdue at the end of the day (no row for a day with none of the three).
fn complaints_of_day(conn: &Connection, day: NaiveDate) -> Result<(Vec<View>, Records)> {
    let (from, to) = (start(day), start(day + Duration::days(1)));
    let end = to - Duration::seconds(1);
    let received = complaint_views::judged(
        conn,
        complaints::received_between(conn, from, to, true)?,
        end,
    )?;
    let resolved = complaints::steps_between(conn, Step::Resolve, from, to)?.len() as i64;
    let overdue = complaint_views::judged(conn, complaints::unarchived_at(conn, to)?, end)?
        .iter()
        .filter(|v| !v.overdue().is_empty())
        .count() as i64;
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
            Cell::code(view.row.class),
            Cell::code(view.row.department),
            Cell::code(view.state.status),
            view.row.text.clone().into(),
        ]);
    }
    records
}

// ---------------------------------------------------------------- weekly

const WEEK_COLUMNS: &[Column] = &[
    col("project", "Project", "项目"),
    col("rep", "Rep", "置业顾问"),
    col("visits", "Visits", "来访"),
    col("calls", "Calls", "来电"),
    col("deals", "Deals", "成交"),
];

fn weekly(context: &Context, week: Option<&str>, file: &FileArgs) -> Result<()> {
    let any_day = match week {
        Some(raw) => dates::parse_date(raw, "--week")?,
        None => context.today() - Duration::days(7),
    };
    let monday = any_day - Duration::days(i64::from(any_day.weekday().num_days_from_monday()));
    let sunday = monday + Duration::days(6);
    // One database is one project (楼盘); it is named after the file, as offices name them.
    let project = context
        .db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let by_rep = week_by_rep(&conn, monday, sunday)?;
    let mut records = Records::new(WEEK_COLUMNS);
    let mut total = [0i64; 3];
    for (rep, counts) in &by_rep {
        let mut row: Vec<Cell> = vec![
            project.clone().into(),
            if rep.is_empty() {
                Cell::Null
            } else {
                rep.clone().into()
            },
        ];
        row.extend(counts.iter().map(|c| Cell::Int(*c)));
        records.push(row);
        for (sum, count) in total.iter_mut().zip(counts) {
            *sum += count;
        }
    }
    let mut totals = Records::new(&[
        WEEK_COLUMNS[0],
        WEEK_COLUMNS[2],
        WEEK_COLUMNS[3],
        WEEK_COLUMNS[4],
    ]);
    if !by_rep.is_empty() {
        let mut row = vec![project.into()];
        row.extend(total.iter().map(|c| Cell::Int(*c)));
        totals.push(row);
    }
    let head = head(
        Cell::label("weekly", "周报"),
        &[
            ("from", "From", "起", dates::date(monday)),
            ("to", "To", "止", dates::date(sunday)),
        ],
        context,
    );
    let sections = [
        (section("by_rep", "按置业顾问"), records),
        (section("totals", "合计"), totals),
    ];
    deliver(context, file, &head, &sections)
}

/// Visits, calls and deals of the week per rep; a deal counts for the customer's owner when it
/// was made.
fn week_by_rep(
    conn: &Connection,
    monday: NaiveDate,
    sunday: NaiveDate,
) -> Result<BTreeMap<String, [i64; 3]>> {
    let mut by_rep: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    for entry in register::between(conn, monday, sunday)?
        .iter()
        .filter(|v| v.superseded_by.is_none())
    {
        let counts = by_rep
            .entry(entry.rep.clone().unwrap_or_default())
            .or_default();
        match entry.contact {
            Contact::Call => counts[1] += 1,
            Contact::Visit => counts[0] += 1,
        }
    }
    let (from, to) = (start(monday), start(sunday + Duration::days(1)));
    for (customer_id, at) in customers::deals_between(conn, from, to)? {
        let rep = owner_of(conn, customer_id, at)?
            .map(|(rep, _)| rep.name)
            .unwrap_or_default();
        by_rep.entry(rep).or_default()[2] += 1;
    }
    Ok(by_rep)
}

// ---------------------------------------------------------------- monthly

const COUNT: Column = col("complaints", "Complaints", "投诉数");

const DEADLINE_COLUMNS: &[Column] = &[
    col("step", "Deadline", "时限"),
    col("met", "Met", "按时"),
    col("missed", "Missed", "超时"),
    col("open", "Open", "未到期"),
    col("compliance", "Compliance", "达标率"),
];

const RESOLUTION_COLUMNS: &[Column] = &[
    col("resolved", "Resolved", "解决数"),
    col(
        "mean_hours_to_resolve",
        "Mean hours to resolve",
        "平均解决时长(小时)",
    ),
];

const SATISFACTION_COLUMNS: &[Column] = &[
    col("follow_up_calls", "Follow-up calls", "回访数"),
    col("follow_up_mean", "Follow-up mean (1–5)", "回访均分"),
    col(
        "complaint_handling_index",
        "Complaint handling index",
        "投诉处理满意度",
    ),
    col("survey", "Latest survey", "最近调查"),
    col("survey_index", "Survey index", "满意度指数"),
];

fn month_of(raw: Option<&str>, context: &Context) -> Result<NaiveDate> {
    match raw {
        Some(raw) => {
            NaiveDate::parse_from_str(&format!("{}-01", raw.trim()), "%Y-%m-%d").map_err(|_| {
                invalid(format!(
                    "--month: {raw:?} is not a month; type YYYY-MM, for example 2026-11"
                ))
            })
        }
        None => {
            let today = context.today();
            let first = today.with_day(1).unwrap_or(today);
            Ok(first.checked_sub_months(Months::new(1)).unwrap_or(first))
        }
    }
}

fn monthly(context: &Context, month: Option<&str>, file: &FileArgs) -> Result<()> {
    let first = month_of(month, context)?;
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    let (from, to) = (start(first), start(next));
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    // Judged as the month closed, so that the report of a month never changes afterwards.
    let received = complaints::received_between(&conn, from, to, false)?;
    let views = complaint_views::judged(&conn, received, to - Duration::seconds(1))?;
    let sections = [
        (
            section("by_class", "按投诉分类"),
            breakdown(&views, col("class", "Class", "投诉分类"), |v| {
                v.row.class
            }),
        ),
        (
            section("by_category", "按类别"),
            breakdown(&views, col("category", "Category", "类别"), |v| {
                v.row.category
            }),
        ),
        (
            section("by_department", "按责任部门"),
            breakdown(
                &views,
                col("department", "Department", "责任部门"),
                |v| v.row.department,
            ),
        ),
        (
            section("by_channel", "按渠道"),
            breakdown(&views, col("channel", "Channel", "渠道"), |v| {
                v.row.channel
            }),
        ),
        (section("deadlines", "时限达标"), deadlines(&views)),
        (
            section("resolution", "解决时长"),
            resolution(&conn, from, to)?,
        ),
        (
            section("satisfaction", "满意度"),
            satisfaction(&conn, from, to)?,
        ),
    ];
    let head = head(
        Cell::label("monthly", "月报"),
        &[("month", "Month", "月份", first.format("%Y-%m").to_string())],
        context,
    );
    deliver(context, file, &head, &sections)
}

/// How many of the month's complaints have each value of one coded field, in code order.
fn breakdown<T: Code>(views: &[View], column: Column, key: fn(&View) -> T) -> Records {
    let mut counts: BTreeMap<&'static str, (T, i64)> = BTreeMap::new();
    for view in views {
        let value = key(view);
        counts.entry(value.code()).or_insert((value, 0)).1 += 1;
    }
    let mut records = Records::new(&[column, COUNT]);
    for (value, count) in counts.into_values() {
        records.push(vec![Cell::code(value), count.into()]);
    }
    records
}

/// Deadline compliance per clock: met, missed, still open, and the share met of those judged.
fn deadlines(views: &[View]) -> Records {
    let mut records = Records::new(DEADLINE_COLUMNS);
    if views.is_empty() {
        return records;
    }
    for &clock in Clock::ALL {
        let mut counts = [0i64; 3];
        for deadline in views
            .iter()
            .flat_map(|v| &v.deadlines)
            .filter(|d| d.clock == clock)
        {
            match deadline.standing {
                Standing::Met => counts[0] += 1,
                Standing::Missed => counts[1] += 1,
                Standing::Open => counts[2] += 1,
                Standing::NotStarted => {}
            }
        }
        let judged = counts[0] + counts[1];
        records.push(vec![
            Cell::code(clock),
            counts[0].into(),
            counts[1].into(),
            counts[2].into(),
            number((judged > 0).then(|| counts[0] as f64 / judged as f64), 3),
        ]);
    }
    records
}

/// Time to resolve: complaints resolved this month, whenever received.
fn resolution(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Records> {
    let hours: Vec<f64> = complaints::resolutions_between(conn, from, to)?
        .into_iter()
        .map(|(received, resolved)| (resolved - received).num_minutes() as f64 / 60.0)
        .collect();
    let mut records = Records::new(RESOLUTION_COLUMNS);
    if !hours.is_empty() {
        records.push(vec![
            (hours.len() as i64).into(),
            number(Some(hours.iter().sum::<f64>() / hours.len() as f64), 1),
        ]);
    }
    Ok(records)
}

/// The month's follow-up calls and the latest survey wave started before the month ended.
fn satisfaction(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Records> {
    let scores: Vec<i64> = complaints::steps_between(conn, Step::Revisit, from, to)?
        .into_iter()
        .filter_map(|s| s.2)
        .collect();
    let handling = rules::complaint_handling(&scores);
    let latest = surveys::waves(conn)?
        .into_iter()
        .rev()
        .find(|s| s.created_at < to);
    let mut records = Records::new(SATISFACTION_COLUMNS);
    if !scores.is_empty() || latest.is_some() {
        let survey_index = match &latest {
            Some(wave) => waves::figures(conn, wave, None)?.index,
            None => None,
        };
        records.push(vec![
            (scores.len() as i64).into(),
            number(handling.map(|h| h.0), 2),
            number(handling.map(|h| h.1), 1),
            latest.map(|w| w.name).into(),
            number(survey_index, 1),
        ]);
    }
    Ok(records)
}

// ---------------------------------------------------------------- overdue

const OVERDUE_COLUMNS: &[Column] = &[
    col("complaint_id", "Complaint", "投诉编号"),
    col("received_at", "Received", "受理时间"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("class", "Class", "投诉分类"),
    col("category", "Category", "类别"),
    col("department", "Department", "责任部门"),
    col("status", "Status", "状态"),
    col("authority", "Authority", "审批权限"),
    col("overdue", "Overdue", "已超时"),
    col("overdue_since", "Overdue since", "超时起始"),
    col("hours_overdue", "Hours overdue", "超时小时"),
];

fn overdue(context: &Context, file: &FileArgs) -> Result<()> {
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let open = complaints::unarchived_at(&conn, context.now)?;
    let mut views: Vec<View> = complaint_views::judged(&conn, open, context.now)?
        .into_iter()
        .filter(|v| !v.overdue().is_empty())
        .collect();
    views.sort_by_key(|v| (v.overdue_since(), v.row.id));
    let mut records = Records::new(OVERDUE_COLUMNS);
    for view in &views {
        let since = view.overdue_since();
        let mut row = view.leading_cells(context);
        row.extend([
            view.overdue_codes().into(),
            since.map(dates::minute).into(),
            since.map(|s| (context.now - s).num_hours()).into(),
        ]);
        records.push(row);
    }
    let out = context.out_for(file);
    output::deliver(&out.render_list(&records)?, file.output.as_deref())
}

// ---------------------------------------------------------------- survey

const SURVEY_COLUMNS: &[Column] = &[
    col("survey", "Survey", "调查"),
    col("previous_survey", "Previous", "上一期"),
    col("respondents", "Respondents", "受访人数"),
    col("index", "Satisfaction index", "满意度指数"),
    col("index_delta", "Change", "指数变化"),
    col("top_two_share", "Satisfied share", "满意比例"),
    col("owners", "Owners", "业主总数"),
    col("owners_answered", "Owners answered", "受访业主"),
    col("sample_rate", "Sample rate", "抽查率"),
    col("meets_sample_rate", "Meets 20 %", "达到20%"),
    col("complaint_handling_count", "Follow-up calls", "投诉回访数"),
    col(
        "complaint_handling_mean",
        "Follow-up mean (1–5)",
        "回访均分",
    ),
    col(
        "complaint_handling_index",
        "Complaint handling index",
        "投诉处理满意度",
    ),
];

const INDICATOR_COLUMNS: &[Column] = &[
    col("indicator", "Indicator", "指标"),
    col("label", "Label", "名称"),
    col("weight", "Weight", "权重"),
    col("count", "Answers", "回答数"),
    col("mean", "Mean", "均分"),
    col("sd", "SD", "标准差"),
    col("top_two_share", "Satisfied share", "满意比例"),
    col("delta", "Change", "变化"),
];

/// A wave's figures with its sample rate among owners and the complaint follow-up calls since
/// the previous wave began (all of them before the first wave), up to the moment of the report.
fn survey_summary(
    context: &Context,
    conn: &Connection,
    wave: &SurveyRow,
    previous: Option<&SurveyRow>,
    figures: &Figures,
) -> Result<Records> {
    let owners: HashSet<i64> = customers::all(conn, Some(Class::Owner))?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let owners_answered = surveys::responses(conn, wave.id)?
        .iter()
        .filter(|r| owners.contains(&r.customer_id))
        .count();
    let sample_rate = rules::sample_rate(owners_answered, owners.len());
    let since = previous.map(|p| p.created_at);
    let follow_ups = complaints::follow_up_scores(conn, since, context.now)?;
    let handling = rules::complaint_handling(&follow_ups);
    let mut summary = Records::new(SURVEY_COLUMNS);
    summary.push(vec![
        wave.name.clone().into(),
        previous.map(|p| p.name.clone()).into(),
        (figures.respondents as i64).into(),
        number(figures.index, 1),
        number(figures.index_delta, 1),
        number(figures.top_two_share, 3),
        (owners.len() as i64).into(),
        (owners_answered as i64).into(),
        number(sample_rate, 3),
        sample_rate
            .is_some_and(|r| r >= REQUIRED_SAMPLE_RATE)
            .into(),
        (follow_ups.len() as i64).into(),
        number(handling.map(|h| h.0), 2),
        number(handling.map(|h| h.1), 1),
    ]);
    Ok(summary)
}

fn survey_report(context: &Context, name: &str, file: &FileArgs) -> Result<()> {
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let (wave, previous) = waves::wave(&conn, name)?;
    let figures = waves::figures(&conn, &wave, previous.as_ref())?;
    let summary = survey_summary(context, &conn, &wave, previous.as_ref(), &figures)?;
    let mut indicators = Records::new(INDICATOR_COLUMNS);
    for indicator in &figures.indicators {
        indicators.push(vec![
            indicator.key.clone().into(),
            indicator.label.clone().into(),
            Cell::Number(indicator.weight, 4),
            (indicator.count as i64).into(),
            number(indicator.mean, 2),
            number(indicator.sd, 2),
            number(indicator.top_two_share, 3),
            number(indicator.delta, 2),
        ]);
    }
    let out = context.out_for(file);
    let text = match out.format {
        Format::Table => format!("{}{}", out.card(&summary), out.render_list(&indicators)?),
        Format::Csv => {
            // One file for the spreadsheet: the indicators, then the index as a last row.
            let mut rows = indicators.clone();
            rows.push(vec![
                "satisfaction_index".into(),
                "满意度指数".into(),
                Cell::Null,
                (figures.respondents as i64).into(),
                number(figures.index, 1),
                Cell::Null,
                number(figures.top_two_share, 3),
                number(figures.index_delta, 1),
            ]);
            out.csv(&rows)?
        }
        Format::Json => {
            let mut object = Output::json_object(&summary.columns, &summary.rows[0]);
            object["indicators"] = indicators
                .rows
                .iter()
                .map(|row| Output::json_object(&indicators.columns, row))
                .collect::<Value>();
            serde_json::to_string_pretty(&object)? + "\n"
        }
    };
    output::deliver(&text, file.output.as_deref())
}
