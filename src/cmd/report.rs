//! `report daily | weekly | monthly | overdue | survey`: what the managers read every morning
//! and what cron jobs file away. Every report prints tables on a terminal, or one CSV (stable
//! snake_case columns, the section in the first) or one JSON object; `--output` writes the file
//! whole or not at all. An empty period is a valid report: the header alone, exit 0.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;

use super::Context;
use super::complaint::{self as complaints, code};
use super::survey;
use super::visit::owner_of;
use crate::cli::{FileArgs, ReportCommand};
use crate::db;
use crate::db::queries::{self, VisitRow};
use crate::domain::complaint::{Standing, Step};
use crate::domain::customer::Class;
use crate::domain::dates;
use crate::domain::reception::Reason;
use crate::domain::survey::{self as rules, REQUIRED_SAMPLE_RATE};
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

/// The output settings of a report written to `file`: `--bom` means CSV for Excel.
pub(super) fn output_for(context: &Context, file: &FileArgs) -> Output {
    let mut out = context.out;
    if file.bom {
        out.bom = true;
        if out.format == Format::Table {
            out.format = Format::Csv;
        }
    }
    out
}

fn number(value: Option<f64>, decimals: usize) -> Cell {
    value.map_or(Cell::Null, |v| Cell::Number(v, decimals))
}

fn start(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

fn head(
    report: &'static str,
    period: &[(&'static str, &'static str, &'static str, String)],
    context: &Context,
) -> Records {
    let mut columns = vec![col("report", "Report", "报表")];
    let mut row = vec![Cell::Code(report)];
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

/// Counts per rep of a set of register entries (superseded ones left out).
fn visits_by_rep(entries: &[&VisitRow], first_visits: &HashSet<i64>) -> Records {
    let mut by_rep: BTreeMap<String, [i64; 11]> = BTreeMap::new();
    for entry in entries.iter().filter(|v| v.superseded_by.is_none()) {
        let counts = by_rep
            .entry(entry.rep.clone().unwrap_or_default())
            .or_default();
        if entry.kind == "call" {
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
        let reason = match entry.reason {
            Reason::Rotation => 5,
            Reason::Returning => 6,
            Reason::Voluntary => 7,
            Reason::Designated => 8,
            Reason::Referral => 9,
            Reason::Reassigned => 10,
            Reason::Call => continue,
        };
        counts[reason] += 1;
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

fn daily(context: &Context, date: Option<&str>, file: &FileArgs) -> Result<()> {
    let day = match date {
        Some(raw) => dates::parse_date(raw, "--date")?,
        None => context.today() - Duration::days(1),
    };
    let (from, to) = (start(day), start(day + Duration::days(1)));
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let entries = queries::register_between(&conn, day, day)?;
    let first: HashSet<i64> = queries::first_visits_between(&conn, day, day)?
        .into_iter()
        .collect();
    let all: Vec<&VisitRow> = entries.iter().collect();
    let by_rep = visits_by_rep(&all, &first);

    let mut by_channel: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    for entry in entries.iter().filter(|v| v.superseded_by.is_none()) {
        let counts = by_channel.entry(entry.channel.as_str()).or_default();
        if entry.kind == "call" {
            counts.1 += 1
        } else {
            counts.0 += 1
        }
    }
    let mut channels = Records::new(CHANNEL_COLUMNS);
    for (channel, (visits, calls)) in by_channel {
        channels.push(vec![channel.into(), visits.into(), calls.into()]);
    }

    let mut unapproved = Records::new(UNAPPROVED_COLUMNS);
    for entry in entries.iter().filter(|v| !v.approved) {
        unapproved.push(vec![
            entry.id.into(),
            dates::minute(entry.at).into(),
            entry.customer_name.clone().into(),
            context.phone(&entry.phone).into(),
            entry.rep.clone().into(),
            Cell::Code(entry.reason.code()),
        ]);
    }

    // Registrations valid through one of the next 7 days: the owner's last visit was about a
    // month before. The window is widened by a day each side for short months, then checked.
    let (soonest, latest) = (day + Duration::days(1), day + Duration::days(7));
    let month_before = |d: NaiveDate| d.checked_sub_months(Months::new(1)).unwrap_or(d);
    let mut lapsing_rows = Vec::new();
    for customer_id in queries::customers_visiting_between(
        &conn,
        month_before(soonest) - Duration::days(1),
        month_before(latest) + Duration::days(1),
    )? {
        let Some((rep, ownership)) = owner_of(&conn, customer_id, to - Duration::seconds(1))?
        else {
            continue;
        };
        if ownership.valid_until < soonest || ownership.valid_until > latest {
            continue;
        }
        if let Some(customer) = queries::customer_by_id(&conn, customer_id)? {
            lapsing_rows.push((
                ownership.valid_until,
                customer,
                rep.name,
                ownership.last_visit,
            ));
        }
    }
    lapsing_rows.sort_by_key(|row| (row.0, row.1.id));
    let mut lapsing = Records::new(LAPSING_COLUMNS);
    for (valid_until, customer, rep, last_visit) in lapsing_rows {
        lapsing.push(vec![
            customer.id.into(),
            customer.name.into(),
            context.phone(&customer.phone).into(),
            rep.into(),
            dates::minute(last_visit).into(),
            dates::date(valid_until).into(),
        ]);
    }

    // Complaints: as they stood at the end of the day.
    let end = to - Duration::seconds(1);
    let received = complaints::views(
        &conn,
        queries::complaints_received(&conn, from, to, true)?,
        end,
    )?;
    let resolved = queries::steps_between(&conn, Step::Resolve, from, to)?.len() as i64;
    let overdue = complaints::views(&conn, queries::complaints_unarchived(&conn, to)?, end)?
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
    let mut ledger = Records::new(LEDGER_COLUMNS);
    for view in &received {
        ledger.push(vec![
            view.row.id.into(),
            dates::minute(view.row.received_at).into(),
            view.row.name.clone().into(),
            context.phone(&view.row.phone).into(),
            code(&view.row.channel),
            code(&view.row.category),
            code(&view.row.class),
            code(&view.row.department),
            Cell::Code(view.state.status.code()),
            view.row.text.clone().into(),
        ]);
    }

    let out = output_for(context, file);
    let text = out.render_sections(
        &head(
            "daily",
            &[("date", "Date", "日期", dates::date(day))],
            context,
        ),
        &[
            ("visits_by_rep", by_rep),
            ("visits_by_channel", channels),
            ("unapproved", unapproved),
            ("lapsing", lapsing),
            ("complaints", counts),
            ("ledger", ledger),
        ],
    )?;
    output::deliver(&text, file.output.as_deref())
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
    let mut by_rep: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    for entry in queries::register_between(&conn, monday, sunday)?
        .iter()
        .filter(|v| v.superseded_by.is_none())
    {
        let counts = by_rep
            .entry(entry.rep.clone().unwrap_or_default())
            .or_default();
        if entry.kind == "call" {
            counts[1] += 1
        } else {
            counts[0] += 1
        }
    }
    for (customer_id, at) in
        queries::deals_between(&conn, start(monday), start(sunday + Duration::days(1)))?
    {
        let rep = owner_of(&conn, customer_id, at)?
            .map(|(rep, _)| rep.name)
            .unwrap_or_default();
        by_rep.entry(rep).or_default()[2] += 1;
    }
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
        totals.push(vec![
            project.clone().into(),
            total[0].into(),
            total[1].into(),
            total[2].into(),
        ]);
    }
    let out = output_for(context, file);
    let text = out.render_sections(
        &head(
            "weekly",
            &[
                ("from", "From", "起", dates::date(monday)),
                ("to", "To", "止", dates::date(sunday)),
            ],
            context,
        ),
        &[("by_rep", records), ("totals", totals)],
    )?;
    output::deliver(&text, file.output.as_deref())
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
    // Judged as the month closed, so that the report of a month never changes afterwards.
    let end = to - Duration::seconds(1);
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let views = complaints::views(
        &conn,
        queries::complaints_received(&conn, from, to, false)?,
        end,
    )?;

    let breakdown = |column: Column, key: fn(&complaints::View) -> &str| -> Records {
        let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
        for view in &views {
            *counts.entry(key(view)).or_default() += 1;
        }
        let mut records = Records::new(&[column, COUNT]);
        for (value, count) in counts {
            records.push(vec![code(value), count.into()]);
        }
        records
    };
    let by_class = breakdown(col("class", "Class", "投诉分类"), |v| &v.row.class);
    let by_category = breakdown(col("category", "Category", "类别"), |v| &v.row.category);
    let by_department = breakdown(col("department", "Department", "责任部门"), |v| {
        &v.row.department
    });
    let by_channel = breakdown(col("channel", "Channel", "渠道"), |v| &v.row.channel);

    let mut deadlines = Records::new(DEADLINE_COLUMNS);
    if !views.is_empty() {
        for step in [
            "ticket", "feedback", "resolve", "revisit", "plan", "progress",
        ] {
            let mut counts = [0i64; 3];
            for deadline in views
                .iter()
                .flat_map(|v| &v.deadlines)
                .filter(|d| d.step == step)
            {
                match deadline.standing {
                    Standing::Met => counts[0] += 1,
                    Standing::Missed => counts[1] += 1,
                    Standing::Open => counts[2] += 1,
                    Standing::NotStarted => {}
                }
            }
            let judged = counts[0] + counts[1];
            deadlines.push(vec![
                Cell::Code(step),
                counts[0].into(),
                counts[1].into(),
                counts[2].into(),
                number((judged > 0).then(|| counts[0] as f64 / judged as f64), 3),
            ]);
        }
    }

    // Time to resolve: complaints resolved this month, whenever received.
    let hours: Vec<f64> = queries::resolutions_between(&conn, from, to)?
        .into_iter()
        .map(|(received, resolved)| (resolved - received).num_minutes() as f64 / 60.0)
        .collect();
    let mut resolution = Records::new(RESOLUTION_COLUMNS);
    if !hours.is_empty() {
        resolution.push(vec![
            (hours.len() as i64).into(),
            number(Some(hours.iter().sum::<f64>() / hours.len() as f64), 1),
        ]);
    }

    let scores: Vec<i64> = queries::steps_between(&conn, Step::Revisit, from, to)?
        .into_iter()
        .filter_map(|s| s.2)
        .collect();
    let handling = rules::complaint_handling(&scores);
    let latest = queries::surveys(&conn)?
        .into_iter()
        .rev()
        .find(|s| s.created_at < to);
    let mut satisfaction = Records::new(SATISFACTION_COLUMNS);
    if !scores.is_empty() || latest.is_some() {
        let survey_index = match &latest {
            Some(wave) => survey::figures(&conn, wave, None)?.index,
            None => None,
        };
        satisfaction.push(vec![
            (scores.len() as i64).into(),
            number(handling.map(|h| h.0), 2),
            number(handling.map(|h| h.1), 1),
            latest.map(|w| w.name).into(),
            number(survey_index, 1),
        ]);
    }

    let out = output_for(context, file);
    let text = out.render_sections(
        &head(
            "monthly",
            &[("month", "Month", "月份", first.format("%Y-%m").to_string())],
            context,
        ),
        &[
            ("by_class", by_class),
            ("by_category", by_category),
            ("by_department", by_department),
            ("by_channel", by_channel),
            ("deadlines", deadlines),
            ("resolution", resolution),
            ("satisfaction", satisfaction),
        ],
    )?;
    output::deliver(&text, file.output.as_deref())
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
    let mut views: Vec<complaints::View> = complaints::views(
        &conn,
        queries::complaints_unarchived(&conn, context.now)?,
        context.now,
    )?
    .into_iter()
    .filter(|v| !v.overdue().is_empty())
    .collect();
    views.sort_by_key(|v| (v.overdue_since(), v.row.id));
    let mut records = Records::new(OVERDUE_COLUMNS);
    for view in &views {
        let since = view.overdue_since();
        let steps: Vec<&str> = view.overdue().iter().map(|d| d.step).collect();
        let mut row = view.leading_cells(context);
        row.extend([
            steps.join(" ").into(),
            since.map(dates::minute).into(),
            since.map(|s| (context.now - s).num_hours()).into(),
        ]);
        records.push(row);
    }
    let out = output_for(context, file);
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

fn survey_report(context: &Context, name: &str, file: &FileArgs) -> Result<()> {
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let (wave, previous) = survey::wave(&conn, name)?;
    let figures = survey::figures(&conn, &wave, previous.as_ref())?;
    let owners: HashSet<i64> = queries::customers(&conn, Some(Class::Owner.code()))?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let owners_answered = queries::responses(&conn, wave.id)?
        .iter()
        .filter(|r| owners.contains(&r.customer_id))
        .count();
    let sample_rate = rules::sample_rate(owners_answered, owners.len());
    // Complaint handling: follow-up calls since the previous wave began (all of them before the
    // first wave), up to the moment of the report.
    let follow_ups =
        queries::follow_up_scores(&conn, previous.as_ref().map(|p| p.created_at), context.now)?;
    let handling = rules::complaint_handling(&follow_ups);
    let mut summary = Records::new(SURVEY_COLUMNS);
    summary.push(vec![
        wave.name.clone().into(),
        previous.as_ref().map(|p| p.name.clone()).into(),
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
    let out = output_for(context, file);
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
