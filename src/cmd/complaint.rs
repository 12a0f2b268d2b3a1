//! `complaint new | list | show | progress | resolve | escalate | fail-rectification | revisit |
//! archive`: the customer centre's complaint book. Facts are fixed when a complaint is received;
//! each step is an appended event; status and deadlines are worked out from them on every read.

use std::collections::HashMap;

use anyhow::Result;
use chrono::NaiveDateTime;
use serde_json::Value;

use super::Context;
use crate::cli::{ComplaintCommand, ComplaintNewArgs, RevisitArgs, StepArgs};
use crate::db;
use crate::db::queries::{self, ComplaintRow, CustomerRow, EventRow, NewComplaint, NewEvent};
use crate::domain::calendar::Calendar;
use crate::domain::complaint::{
    self, Amount, Authority, Category, Channel, Class, Deadline, Department, Event, Flags, State,
    Step,
};
use crate::domain::customer::{self as person, Class as CustomerClass};
use crate::domain::dates;
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::output::{self, Cell, Column, Format, Lang, Output, Records, col};

pub(super) const COLUMNS: &[Column] = &[
    col("id", "Complaint", "投诉编号"),
    col("received_at", "Received", "受理时间"),
    col("name", "Customer", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("channel", "Channel", "渠道"),
    col("early_warning", "Early warning", "投诉预警"),
    col("category", "Category", "类别"),
    col("department", "Department", "责任部门"),
    col("amount", "Amount", "金额"),
    col("flags", "Flags", "重大情形"),
    col("class", "Class", "投诉分类"),
    col("class_reason", "Why", "分类依据"),
    col("authority", "Authority", "审批权限"),
    col("status", "Status", "状态"),
    col("escalations", "Escalations", "升级次数"),
    col(
        "failed_rectifications",
        "Failed rectifications",
        "整改不合格次数",
    ),
    col("replace_contractor", "Replace contractor", "更换施工单位"),
    col("revisit_score", "Follow-up score", "回访评分"),
    col("ticket_due", "Ticket due", "受理单时限"),
    col("ticket_done", "Ticket done", "受理单完成"),
    col("feedback_due", "Feedback due", "首次反馈时限"),
    col("feedback_done", "Feedback done", "首次反馈完成"),
    col("resolve_due", "Resolve due", "解决时限"),
    col("resolve_done", "Resolved", "解决完成"),
    col("revisit_due", "Follow-up due", "回访时限"),
    col("revisit_done", "Followed up", "回访完成"),
    col("overdue", "Overdue", "已超时"),
    col("received_by", "Received by", "受理人"),
    col("text", "Complaint", "投诉内容"),
];

const LIST_COLUMNS: &[Column] = &[
    col("id", "Complaint", "投诉编号"),
    col("received_at", "Received", "受理时间"),
    col("name", "Customer", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("class", "Class", "投诉分类"),
    col("category", "Category", "类别"),
    col("department", "Department", "责任部门"),
    col("status", "Status", "状态"),
    col("authority", "Authority", "审批权限"),
    col("next_due", "Next due", "下一时限"),
    col("overdue", "Overdue", "已超时"),
    col("overdue_since", "Overdue since", "超时起始"),
];

const DEADLINE_COLUMNS: &[Column] = &[
    col("step", "Deadline", "时限"),
    col("due", "Due", "到期"),
    col("done", "Done", "完成"),
    col("standing", "Standing", "状态"),
];

const EVENT_COLUMNS: &[Column] = &[
    col("at", "At", "时间"),
    col("step", "Step", "步骤"),
    col("by", "By", "经办人"),
    col("score", "Score", "评分"),
    col("note", "Note", "备注"),
];

pub fn run(context: &Context, command: ComplaintCommand) -> Result<()> {
    match command {
        ComplaintCommand::New(args) => new(context, *args),
        ComplaintCommand::List { open, overdue } => list(context, open, overdue),
        ComplaintCommand::Show { id } => show(context, &id),
        ComplaintCommand::Progress(args) => step(context, args, Step::Progress, None),
        ComplaintCommand::Resolve(args) => step(context, args, Step::Resolve, None),
        ComplaintCommand::Escalate(args) => step(context, args, Step::Escalate, None),
        ComplaintCommand::FailRectification(args) => {
            step(context, args, Step::FailRectification, None)
        }
        ComplaintCommand::Archive(args) => step(context, args, Step::Archive, None),
        ComplaintCommand::Revisit(RevisitArgs {
            id,
            score,
            note,
            by,
        }) => {
            let score = match score.trim().parse::<i64>() {
                Ok(score) if (1..=5).contains(&score) => score,
                _ => {
                    return Err(invalid(format!(
                        "--score: {score:?} is not a score; type 1 (very dissatisfied) to 5 (very satisfied)"
                    )));
                }
            };
            step(
                context,
                StepArgs { id, note, by },
                Step::Revisit,
                Some(score),
            )
        }
    }
}

/// A complaint with everything derived from its history at one moment.
pub(super) struct View {
    pub row: ComplaintRow,
    pub events: Vec<EventRow>,
    pub state: State,
    pub deadlines: Vec<Deadline>,
}

impl View {
    /// The cells every complaint list starts with: who complained, when, what the complaint is
    /// and where it stands.
    pub(super) fn leading_cells(&self, context: &Context) -> Vec<Cell> {
        vec![
            self.row.id.into(),
            dates::minute(self.row.received_at).into(),
            self.row.name.clone().into(),
            context.phone(&self.row.phone).into(),
            code(&self.row.class),
            code(&self.row.category),
            code(&self.row.department),
            Cell::Code(self.state.status.code()),
            Cell::Code(self.state.authority.code()),
        ]
    }

    pub(super) fn new(
        calendar: &Calendar,
        row: ComplaintRow,
        events: Vec<EventRow>,
        now: NaiveDateTime,
    ) -> View {
        let initial = Authority::from_code(&row.authority).unwrap_or(Authority::President);
        let past: Vec<Event> = events
            .iter()
            .filter(|e| e.at <= now)
            .map(|e| Event {
                at: e.at,
                step: e.step,
            })
            .collect();
        let state = complaint::replay(initial, &past);
        let deadlines =
            complaint::deadlines(calendar, row.received_at, row.ticketed_at, &past, now);
        View {
            row,
            events,
            state,
            deadlines,
        }
    }

    /// The latest deadline of a step (the running progress interval, the latest plan).
    fn deadline(&self, step: &str) -> Option<&Deadline> {
        self.deadlines.iter().rev().find(|d| d.step == step)
    }

    /// Deadlines past due with their step not taken; none once archived.
    pub(super) fn overdue(&self) -> Vec<&Deadline> {
        if self.state.status == complaint::Status::Archived {
            return Vec::new();
        }
        self.deadlines.iter().filter(|d| d.overdue()).collect()
    }

    pub(super) fn overdue_since(&self) -> Option<NaiveDateTime> {
        self.overdue().iter().filter_map(|d| d.due).min()
    }

    fn score(&self) -> Option<i64> {
        self.events.iter().rev().find_map(|e| e.score)
    }

    pub(super) fn record(&self, context: &Context) -> Vec<Cell> {
        let row = &self.row;
        let minute = |at: Option<NaiveDateTime>| at.map(dates::minute);
        let due = |step: &str| minute(self.deadline(step).and_then(|d| d.due));
        let done = |step: &str| minute(self.deadline(step).and_then(|d| d.done));
        let overdue: Vec<&str> = self.overdue().iter().map(|d| d.step).collect();
        vec![
            row.id.into(),
            dates::minute(row.received_at).into(),
            row.name.clone().into(),
            context.phone(&row.phone).into(),
            code(&row.channel),
            Channel::parse(&row.channel, "channel")
                .map(Channel::early_warning)
                .unwrap_or(false)
                .into(),
            code(&row.category),
            code(&row.department),
            row.amount_fen.map(|fen| Amount(fen).text()).into(),
            row.flags.codes().join(" ").into(),
            code(&row.class),
            row.class_reason.clone().into(),
            Cell::Code(self.state.authority.code()),
            Cell::Code(self.state.status.code()),
            (self.state.escalations as i64).into(),
            (self.state.failed_rectifications as i64).into(),
            self.state.replace_contractor.into(),
            self.score().into(),
            due("ticket").into(),
            done("ticket").into(),
            due("feedback").into(),
            done("feedback").into(),
            due("resolve").into(),
            done("resolve").into(),
            due("revisit").into(),
            done("revisit").into(),
            overdue.join(" ").into(),
            row.received_by.clone().into(),
            row.text.clone().into(),
        ]
    }

    fn deadline_records(&self) -> Records {
        let mut records = Records::new(DEADLINE_COLUMNS);
        for deadline in &self.deadlines {
            records.push(vec![
                Cell::Code(deadline.step),
                deadline.due.map(dates::minute).into(),
                deadline.done.map(dates::minute).into(),
                Cell::Code(deadline.standing.code()),
            ]);
        }
        records
    }

    fn event_records(&self) -> Records {
        let mut records = Records::new(EVENT_COLUMNS);
        for event in &self.events {
            records.push(vec![
                dates::minute(event.at).into(),
                Cell::Code(event.step.code()),
                event.actor.clone().into(),
                event.score.into(),
                event.note.clone().into(),
            ]);
        }
        records
    }

    /// The whole complaint as one JSON object, with its deadlines and history nested.
    fn json(&self, context: &Context) -> Value {
        let mut object = Output::json_object(COLUMNS, &self.record(context));
        for deadline in &self.deadlines {
            if matches!(deadline.step, "plan" | "progress") {
                object[format!("{}_due", deadline.step)] = deadline.due.map(dates::minute).into();
                object[format!("{}_done", deadline.step)] = deadline.done.map(dates::minute).into();
            }
        }
        let nested = |records: Records| -> Value {
            records
                .rows
                .iter()
                .map(|row| Output::json_object(&records.columns, row))
                .collect()
        };
        object["deadlines"] = nested(self.deadline_records());
        object["events"] = nested(self.event_records());
        object
    }
}

/// A customer class as stored, shown through the label table.
pub(super) fn code_of_class(stored: &str) -> Cell {
    match crate::domain::customer::Class::parse(stored, "class") {
        Ok(class) => Cell::Code(class.code()),
        Err(_) => Cell::Text(stored.to_string()),
    }
}

/// A stored code shown through the label table.
pub(super) fn code(stored: &str) -> Cell {
    // Stored codes come from the closed sets in domain::complaint; leak-free lookups keep the
    // `Code` cell's static lifetime.
    let known = Category::ALL
        .iter()
        .map(|c| c.code())
        .chain(Department::ALL.iter().map(|d| d.code()))
        .chain(Channel::ALL.iter().map(|c| c.code()))
        .chain([Class::General, Class::Important, Class::Major].map(Class::code))
        .find(|c| *c == stored);
    match known {
        Some(code) => Cell::Code(code),
        None => Cell::Text(stored.to_string()),
    }
}

/// Views of the given complaints with their histories, judged at `now`.
pub(super) fn views(
    conn: &rusqlite::Connection,
    rows: Vec<ComplaintRow>,
    now: NaiveDateTime,
) -> Result<Vec<View>> {
    let calendar = queries::calendar(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut events: HashMap<i64, Vec<EventRow>> = HashMap::new();
    for event in queries::events_of(conn, &ids)? {
        events.entry(event.complaint_id).or_default().push(event);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let own = events.remove(&row.id).unwrap_or_default();
            View::new(&calendar, row, own, now)
        })
        .collect())
}

fn parse_id(raw: &str) -> Result<i64> {
    raw.trim().parse().map_err(|_| {
        invalid(format!(
            "ID: {raw:?} is not a complaint number; find it with `salesdesk complaint list`"
        ))
    })
}

fn load(conn: &rusqlite::Connection, context: &Context, id: i64) -> Result<View> {
    let row = queries::complaint(conn, id)?.ok_or_else(|| {
        invalid(format!(
            "ID: there is no complaint {id}; find the number with `salesdesk complaint list`"
        ))
    })?;
    let events = queries::complaint_events(conn, id)?;
    Ok(View::new(
        &queries::calendar(conn)?,
        row,
        events,
        context.now,
    ))
}

fn new(context: &Context, args: ComplaintNewArgs) -> Result<()> {
    let phone = Phone::parse(&args.phone, "--phone")?;
    let name = args
        .name
        .as_deref()
        .map(|n| person::name(n, "--name"))
        .transpose()?;
    let channel = Channel::parse(&args.channel, "--channel")?;
    let category = Category::parse(&args.category, "--category")?;
    let department = match &args.department {
        Some(raw) => Department::parse(raw, "--department")?,
        None => category.department(),
    };
    let amount = args
        .amount
        .as_deref()
        .map(|a| Amount::parse(a, "--amount"))
        .transpose()?;
    let text = person::text(&args.text, "TEXT")?.ok_or_else(|| {
        invalid("TEXT: the complaint is empty; type what the customer complains about")
    })?;
    let by = args
        .by
        .as_deref()
        .map(|b| person::name(b, "--by"))
        .transpose()?;
    let received = match &args.received {
        Some(raw) => dates::parse_moment(raw, "--received")?,
        None => context.now,
    };
    if received > context.now {
        return Err(invalid(format!(
            "--received: {} is after the moment of recording ({}); a complaint is recorded after it is received",
            dates::minute(received),
            dates::minute(context.now)
        )));
    }
    let flags = Flags {
        safety: args.safety,
        group: args.group,
        government: args.government,
        media: args.media,
        consumer_association: args.consumer_association,
        structural: args.structural,
    };
    let classification = complaint::classify(category, flags, amount);
    let authority = complaint::authority(classification.class, amount);
    let mut conn = context.open()?;
    let id = db::write(&mut conn, |tx| {
        let customer_id = match queries::customer_by_phone(tx, phone.as_str())? {
            Some(customer) => {
                if let Some(other) = name.as_ref().filter(|n| **n != customer.name) {
                    eprintln!(
                        "note: {} is registered as {}, not {other}; the complaint is filed under {} \
                         (change the name with `salesdesk customer set PHONE --name NAME`)",
                        phone.masked(),
                        customer.name,
                        customer.name
                    );
                }
                customer.id
            }
            None => {
                let name = name.clone().ok_or_else(|| {
                    invalid(format!(
                        "--name: no customer has the phone {}; give the customer's name with --name",
                        phone.masked()
                    ))
                })?;
                let row = CustomerRow {
                    name,
                    phone: phone.as_str().to_string(),
                    class: CustomerClass::Potential.code().to_string(),
                    ..Default::default()
                };
                queries::insert_customer(tx, &row, context.now)?
            }
        };
        queries::insert_complaint(
            tx,
            &NewComplaint {
                customer_id,
                received_at: received,
                ticketed_at: context.now,
                channel: channel.code(),
                category: category.code(),
                department: department.code(),
                amount_fen: amount.map(|a| a.0),
                flags,
                class: classification.class.code(),
                class_reason: &classification.reason,
                authority: authority.code(),
                text: &text,
                received_by: by.as_deref(),
            },
            context.clock,
        )
    })?;
    let view = load(&conn, context, id)?;
    let lang = context.out.lang;
    let due = |step: &str| {
        view.deadline(step)
            .and_then(|d| d.due)
            .map(dates::minute)
            .unwrap_or_default()
    };
    let line = match lang {
        Lang::En => format!(
            "complaint {id} — {} — authority: {}; ticket due {}, first feedback due {}, resolve by {}",
            classification.reason,
            authority.code(),
            due("ticket"),
            due("feedback"),
            due("resolve")
        ),
        Lang::Zh => format!(
            "投诉 {id} — {}（{}）— 审批：{}；受理单 {}，首次反馈 {}，解决时限 {}",
            output::code_label(classification.class.code(), lang),
            classification.reason,
            output::code_label(authority.code(), lang),
            due("ticket"),
            due("feedback"),
            due("resolve")
        ),
    };
    print_view(context, &view, &line)
}

/// The one-line table form, a one-row CSV, or the whole complaint as JSON.
fn print_view(context: &Context, view: &View, line: &str) -> Result<()> {
    let text = match context.out.format {
        Format::Table => format!("{line}\n"),
        Format::Csv => {
            let mut records = Records::new(COLUMNS);
            records.push(view.record(context));
            context.out.csv(&records)?
        }
        Format::Json => serde_json::to_string_pretty(&view.json(context))? + "\n",
    };
    output::print(&text)
}

fn show(context: &Context, id: &str) -> Result<()> {
    let id = parse_id(id)?;
    let conn = context.open()?;
    let view = load(&conn, context, id)?;
    match context.out.format {
        Format::Table => {
            let mut records = Records::new(COLUMNS);
            records.push(view.record(context));
            output::print(&format!(
                "{}{}{}",
                context.out.card(&records),
                context.out.render_list(&view.deadline_records())?,
                context.out.render_list(&view.event_records())?
            ))
        }
        _ => print_view(context, &view, ""),
    }
}

fn list(context: &Context, open_only: bool, overdue_only: bool) -> Result<()> {
    let conn = context.open()?;
    let received: Vec<ComplaintRow> = queries::complaints(&conn)?
        .into_iter()
        .filter(|r| r.received_at <= context.now)
        .collect();
    let mut views = views(&conn, received, context.now)?;
    views.retain(|v| {
        (!open_only || v.state.status.open()) && (!overdue_only || !v.overdue().is_empty())
    });
    if overdue_only {
        views.sort_by_key(|v| (v.overdue_since(), v.row.id));
    } else {
        views.sort_by_key(|v| std::cmp::Reverse((v.row.received_at, v.row.id)));
    }
    let mut records = Records::new(LIST_COLUMNS);
    for view in &views {
        let next_due = view
            .deadlines
            .iter()
            .filter(|d| d.done.is_none())
            .filter_map(|d| d.due)
            .min();
        let overdue: Vec<&str> = view.overdue().iter().map(|d| d.step).collect();
        let mut row = view.leading_cells(context);
        row.extend([
            (if view.state.status == complaint::Status::Archived {
                None
            } else {
                next_due
            })
            .map(dates::minute)
            .into(),
            overdue.join(" ").into(),
            view.overdue_since().map(dates::minute).into(),
        ]);
        records.push(row);
    }
    output::print(&context.out.render_list(&records)?)
}

fn step(context: &Context, args: StepArgs, step: Step, score: Option<i64>) -> Result<()> {
    let id = parse_id(&args.id)?;
    let note = args
        .note
        .as_deref()
        .map(|n| person::text(n, "--note"))
        .transpose()?
        .flatten();
    let by = args
        .by
        .as_deref()
        .map(|b| person::name(b, "--by"))
        .transpose()?;
    let mut conn = context.open()?;
    db::write(&mut conn, |tx| {
        let view = load(tx, context, id)?;
        let last = view.events.last().map_or(view.row.received_at, |e| e.at);
        if context.now < last {
            return Err(invalid(format!(
                "--at: {} is before complaint {id}'s last entry ({}); steps are recorded in order",
                dates::minute(context.now),
                dates::minute(last)
            )));
        }
        complaint::advance(view.state.status, step)
            .map_err(|illegal| invalid(illegal.message(id)))?;
        if step == Step::Escalate && view.state.authority.next().is_none() {
            return Err(invalid(format!(
                "complaint {id} is already with the president; there is no one above to escalate to"
            )));
        }
        queries::insert_complaint_event(
            tx,
            &NewEvent {
                complaint_id: id,
                at: context.now,
                step,
                actor: by.as_deref(),
                note: note.as_deref(),
                score,
            },
            context.clock,
        )
    })?;
    let view = load(&conn, context, id)?;
    print_view(context, &view, &step_line(context, &view, step))
}

/// What the clerk reads after a step: the new status and what is due next.
fn step_line(context: &Context, view: &View, step: Step) -> String {
    let lang = context.out.lang;
    let id = view.row.id;
    let status = output::code_label(view.state.status.code(), lang);
    let mut line = match lang {
        Lang::En => format!("complaint {id}: {} recorded, now {status}", step.command()),
        Lang::Zh => format!(
            "投诉 {id}：已记录{}，状态：{status}",
            output::code_label(step.code(), lang)
        ),
    };
    if step == Step::Escalate {
        line += &format!(
            "; {} {}",
            lang.pick("authority:", "审批："),
            output::code_label(view.state.authority.code(), lang)
        );
    }
    if view.state.replace_contractor && step == Step::FailRectification {
        line += lang.pick(
            "; second failed rectification: replace the contractor",
            "；两次整改不合格：更换施工单位",
        );
    }
    let next = view
        .deadlines
        .iter()
        .filter(|d| d.done.is_none() && d.due.is_some())
        .min_by_key(|d| d.due);
    if let (Some(next), false) = (next, view.state.status == complaint::Status::Archived) {
        line += &format!(
            "; {} {} {}",
            lang.pick("next due:", "下一时限："),
            output::code_label(next.step, lang),
            next.due.map(dates::minute).unwrap_or_default()
        );
    }
    line
}
