//! `complaint new | list | show | progress | resolve | escalate | fail-rectification | revisit |
//! archive | evidence | agree | typical | reclassify | void | calls | call`: the customer
//! centre's complaint book. Facts are fixed when a complaint is received;
//! each step is an appended event; status and deadlines are worked out from them on every read
//! ([`View`]).

mod calls;

use anyhow::Result;
use chrono::NaiveDateTime;
use rusqlite::Connection;

use super::Context;
use super::facts::complaint_views::{self, COLUMNS, View};
use super::facts::in_batches;
use crate::cli::{
    AgreeArgs, ComplaintCommand, ComplaintNewArgs, ComplaintVoidArgs, ReclassifyArgs, RevisitArgs,
    StepArgs, TypicalArgs,
};
use crate::db::complaints::{NewComplaint, NewEvent};
use crate::db::customers::{self, CustomerRow};
use crate::db::{self, complaints};
use crate::domain::codes::Code;
use crate::domain::complaint::{
    self, Category, Channel, Class, Classification, Clock, Department, Flags, Status, Step,
};
use crate::domain::dates;
use crate::domain::field;
use crate::domain::money::Amount;
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::messages::columns::complaint::LIST_COLUMNS;
use crate::messages::{Composed, Message};
use crate::output::{Format, Records};

pub fn run(context: &Context, command: ComplaintCommand) -> Result<()> {
    match command {
        ComplaintCommand::New(args) => new(context, *args),
        ComplaintCommand::List { open, overdue } => list(context, open, overdue),
        ComplaintCommand::Show { id } => show(context, &id),
        ComplaintCommand::Calls { week } => calls::list(context, week.as_deref()),
        ComplaintCommand::Call(args) => calls::record(context, args),
        ComplaintCommand::Progress(args) => step(context, args, Step::Progress, None),
        ComplaintCommand::Resolve(args) => step(context, args, Step::Resolve, None),
        ComplaintCommand::Escalate(args) => step(context, args, Step::Escalate, None),
        ComplaintCommand::FailRectification(args) => {
            step(context, args, Step::FailRectification, None)
        }
        ComplaintCommand::Archive(args) => step(context, args, Step::Archive, None),
        ComplaintCommand::Evidence(args) => step(context, args, Step::Evidence, None),
        ComplaintCommand::Agree(AgreeArgs {
            id,
            reply_by,
            note,
            by,
        }) => {
            let reply_by = dates::parse_moment(&reply_by, "--reply-by")?;
            agree(context, StepArgs { id, note, by }, reply_by)
        }
        ComplaintCommand::Typical(TypicalArgs { id, lesson, by }) => {
            let lesson = field::text(&lesson, "--lesson")?
                .ok_or_else(|| invalid(Message::LessonEmpty {}))?;
            step(
                context,
                StepArgs {
                    id,
                    note: Some(lesson),
                    by,
                },
                Step::Typical,
                None,
            )
        }
        ComplaintCommand::Reclassify(args) => reclassify(context, args),
        ComplaintCommand::Void(args) => void(context, args),
        ComplaintCommand::Revisit(RevisitArgs {
            id,
            score,
            note,
            by,
        }) => {
            let score = match score.trim().parse::<i64>() {
                Ok(score) if (1..=5).contains(&score) => score,
                _ => {
                    return Err(invalid(Message::NotAScore { raw: score }));
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

fn parse_id(raw: &str) -> Result<i64> {
    Ok(field::record_number(raw, |raw| {
        Message::NotAComplaintNumber { raw }
    })?)
}

/// A complaint as typed, checked and classified before the database is opened.
struct Received {
    phone: Phone,
    name: Option<String>,
    /// `--received`, when the complaint came in before it was typed.
    received: Option<NaiveDateTime>,
    channel: Channel,
    category: Category,
    department: Department,
    amount: Option<Amount>,
    flags: Flags,
    /// The cooperating centres, when it needs several (3.9.4).
    centres: Vec<Department>,
    classification: Classification,
    text: String,
    by: Option<String>,
}

impl Received {
    fn parse(args: ComplaintNewArgs) -> Result<Received> {
        let phone = Phone::parse(&args.phone, "--phone")?;
        let name = field::given(&args.name, "--name", field::name)?;
        let channel = Channel::parse(&args.channel, "--channel")?;
        let category = Category::parse(&args.category, "--category")?;
        let department = match &args.department {
            Some(raw) => Department::parse(raw, "--department")?,
            None => category.department(),
        };
        let amount = field::given(&args.amount, "--amount", Amount::parse)?;
        let text =
            field::text(&args.text, "TEXT")?.ok_or_else(|| invalid(Message::ComplaintEmpty {}))?;
        let by = field::given(&args.by, "--by", field::name)?;
        let received = field::given(&args.received, "--received", dates::parse_moment)?;
        let centres =
            field::given(&args.centres, "--centres", complaint::parse_centres)?.unwrap_or_default();
        let flags = Flags {
            safety: args.safety,
            group: args.group,
            government: args.government,
            media: args.media,
            consumer_association: args.consumer_association,
            structural: args.structural,
            // Naming the centres that cooperate says it needs several.
            cross_department: args.cross_department || !centres.is_empty(),
            consultation: args.consultation,
        };
        Ok(Received {
            classification: complaint::classify(category, flags, amount, &text),
            phone,
            name,
            received,
            channel,
            category,
            department,
            amount,
            flags,
            centres,
            text,
            by,
        })
    }

    /// When the complaint came in: `--received`, which cannot be later than now, else now.
    fn at(&self, context: &Context) -> Result<NaiveDateTime> {
        let now = context.now();
        match self.received {
            Some(at) if at > now => Err(invalid(Message::ReceivedAfter {
                at: dates::minute(at),
                now: dates::minute(now),
            })),
            Some(at) => Ok(at),
            None => Ok(now),
        }
    }

    /// The customer the complaint is filed under: found by phone, or registered with the name
    /// given.
    fn customer(&self, conn: &Connection, context: &Context) -> Result<i64> {
        if let Some(customer) = customers::by_phone(conn, self.phone.as_str())? {
            if let Some(other) = self.name.as_ref().filter(|n| **n != customer.name) {
                let note = Message::NoteFiledUnder {
                    phone: self.phone.masked(),
                    name: customer.name.clone(),
                    other: other.clone(),
                };
                context.note(&note.text(context.out.lang));
            }
            return Ok(customer.id);
        }
        let name = self.name.clone().ok_or_else(|| {
            invalid(Message::NameNeeded {
                phone: self.phone.masked(),
            })
        })?;
        let row = CustomerRow::new(name, self.phone.as_str().to_string());
        customers::add(conn, &row, context.now())
    }
}

fn new(context: &Context, args: ComplaintNewArgs) -> Result<()> {
    let received = Received::parse(args)?;
    let class = received.classification.class;
    let cross = received.flags.cross_department;
    let authority = complaint::authority(class, received.amount, cross);
    let mut conn = context.writable()?;
    let id = context.write(&mut conn, |tx| {
        let received_at = received.at(context)?;
        let customer_id = received.customer(tx, context)?;
        complaints::add(
            tx,
            &NewComplaint {
                customer_id,
                received_at,
                ticketed_at: context.now(),
                channel: received.channel,
                category: received.category,
                department: received.department,
                amount_fen: received.amount.map(|a| a.0),
                flags: received.flags,
                class,
                class_reason: &received.classification.reason,
                authority,
                text: &received.text,
                received_by: received.by.as_deref(),
                centres: &received.centres,
            },
            context.clock(),
        )
    })?;
    let view = complaint_views::one(&conn, id, context.now())?;
    let due = |clock| view.due(clock).map(dates::minute).unwrap_or_default();
    let authorities = complaint::authorities(class, received.amount, cross);
    let line = Message::ComplaintRecorded {
        id,
        reason: Composed(received.classification.reason.clone()),
        reason_zh: Composed(received.classification.reason_zh.clone()),
        decision: authorities.decision.code().to_string(),
        decision_zh: authorities.decision.zh().to_string(),
        proposal: authorities.proposal.code().to_string(),
        proposal_zh: authorities.proposal.zh().to_string(),
        ticket: due(Clock::Ticket),
        feedback: due(Clock::Feedback),
        resolve: view.due(Clock::Resolve).map(dates::minute),
    }
    .text(context.out.lang);
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
    context.emit(&text)
}

fn show(context: &Context, id: &str) -> Result<()> {
    let id = parse_id(id)?;
    let conn = context.open()?;
    let view = complaint_views::one(&conn, id, context.now())?;
    match context.out.format {
        Format::Table => {
            let mut records = Records::new(COLUMNS);
            records.push(view.record(context));
            context.emit(&format!(
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
    let mut conn = context.open()?;
    let conn = db::snapshot(&mut conn)?;
    let row = |view: &complaint_views::View| {
        let mut row = view.leading_cells(context);
        row.extend([
            view.next_due()
                .and_then(|d| d.due)
                .map(dates::minute)
                .into(),
            view.overdue_cell(),
            view.overdue_since().map(dates::minute).into(),
        ]);
        row
    };
    if overdue_only {
        let views = complaint_views::overdue_at(&conn, context.now())?;
        return context.stream_list(LIST_COLUMNS, |emit| {
            views.iter().try_for_each(|view| emit(row(view)))
        });
    }
    // Newest first, a batch at a time with its history, so that a list of any length runs in
    // the memory of one batch.
    let calendar = db::calendar::calendar(&conn)?;
    context.stream_list(LIST_COLUMNS, |emit| {
        in_batches(
            LIST_BATCH,
            |each| complaints::each_newest_first(&conn, context.now(), each),
            |rows| {
                for view in complaint_views::judged_on(&calendar, &conn, rows, context.now())? {
                    if !open_only || view.state.status.open() {
                        emit(row(&view))?;
                    }
                }
                Ok(())
            },
        )
    })
}

/// Complaints judged together, with their histories, by `complaint list`.
const LIST_BATCH: usize = 500;

fn step(context: &Context, args: StepArgs, step: Step, score: Option<i64>) -> Result<()> {
    take(context, args, step, score, None)
}

/// A reply time agreed with the customer (协商约定制, 3.7.3.5).
fn agree(context: &Context, args: StepArgs, reply_by: NaiveDateTime) -> Result<()> {
    take(context, args, Step::Agree, None, Some(reply_by))
}

/// The class judged again, with its reason (5.1.10); the guards are
/// [`complaint::check_reclassify`].
fn reclassify(context: &Context, args: ReclassifyArgs) -> Result<()> {
    let id = parse_id(&args.id)?;
    let class = complaint::parse_class(&args.class, "--class")?;
    let reason = field::text(&args.reason, "--reason")?
        .ok_or_else(|| invalid(Message::ReclassifyReasonEmpty {}))?;
    let by = field::name(&args.by, "--by")?;
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        let view = complaint_views::one(tx, id, context.now())?;
        complaint::check_reclassify(&view.step_facts(), class, context.now())?;
        record(tx, context, id, Step::Reclassify, &by, &reason, Some(class))
    })?;
    let view = complaint_views::one(&conn, id, context.now())?;
    let line = Message::ComplaintReclassified {
        id,
        class: view.state.class.code().to_string(),
        class_zh: view.state.class.zh().to_string(),
        decision: view.state.authority.code().to_string(),
        decision_zh: view.state.authority.zh().to_string(),
    }
    .text(context.out.lang);
    print_view(context, &view, &line)
}

/// A complaint recorded by mistake, voided: kept, and out of every clock, list and count.
fn void(context: &Context, args: ComplaintVoidArgs) -> Result<()> {
    let id = parse_id(&args.id)?;
    let reason = field::text(&args.reason, "--reason")?
        .ok_or_else(|| invalid(Message::VoidReasonEmpty {}))?;
    let by = field::name(&args.by, "--by")?;
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        let view = complaint_views::one(tx, id, context.now())?;
        complaint::check_step(&view.step_facts(), Step::Void, context.now())?;
        record(tx, context, id, Step::Void, &by, &reason, None)
    })?;
    let view = complaint_views::one(&conn, id, context.now())?;
    let line = Message::ComplaintVoidRecorded { id, by }.text(context.out.lang);
    print_view(context, &view, &line)
}

/// Appends a reclassification or a void: who took it and why.
fn record(
    tx: &rusqlite::Transaction,
    context: &Context,
    id: i64,
    step: Step,
    by: &str,
    reason: &str,
    class: Option<Class>,
) -> Result<i64> {
    complaints::add_event(
        tx,
        &NewEvent {
            complaint_id: id,
            at: context.now(),
            step,
            actor: Some(by),
            note: Some(reason),
            score: None,
            reply_by: None,
            class,
        },
        context.clock(),
    )
}

fn take(
    context: &Context,
    args: StepArgs,
    step: Step,
    score: Option<i64>,
    reply_by: Option<NaiveDateTime>,
) -> Result<()> {
    let id = parse_id(&args.id)?;
    let note = field::given(&args.note, "--note", field::text)?.flatten();
    let by = field::given(&args.by, "--by", field::name)?;
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        // A reply time in the past is refused before the complaint is looked up.
        complaint::check_reply_by(reply_by, context.now())?;
        let view = complaint_views::one(tx, id, context.now())?;
        complaint::check_step(&view.step_facts(), step, context.now())?;
        complaints::add_event(
            tx,
            &NewEvent {
                complaint_id: id,
                at: context.now(),
                step,
                actor: by.as_deref(),
                note: note.as_deref(),
                score,
                reply_by,
                class: None,
            },
            context.clock(),
        )
    })?;
    let view = complaint_views::one(&conn, id, context.now())?;
    print_view(context, &view, &step_line(context, &view, step))
}

/// What the clerk reads after a step: the new status and what is due next.
fn step_line(context: &Context, view: &View, step: Step) -> String {
    let lang = context.out.lang;
    let id = view.row.id;
    let mut line = Message::ComplaintStepRecorded {
        id,
        step: step.command().to_string(),
        step_zh: step.zh().to_string(),
        status: view.state.status.code().to_string(),
        status_zh: view.state.status.zh().to_string(),
    }
    .text(lang);
    if step == Step::Escalate {
        let authority = view.state.authority;
        line += &Message::EscalatedTo {
            authority: authority.code().to_string(),
            authority_zh: authority.zh().to_string(),
        }
        .text(lang);
    }
    if step == Step::FailRectification {
        let (contractor, failures) = (
            view.state.contractor as i64,
            view.state.contractor_failures as i64,
        );
        line += &match view.state.replace_contractor {
            true => Message::ContractorReplaced { contractor },
            false => Message::ContractorFailed {
                contractor,
                failures,
            },
        }
        .text(lang);
    }
    if step == Step::Revisit && view.state.status == Status::InProgress {
        line += &Message::RevisitDissatisfied {}.text(lang);
    }
    if let Some(next) = view.next_due() {
        line += &Message::NextDue {
            clock: next.clock.code().to_string(),
            clock_zh: next.clock.zh().to_string(),
            due: next.due.map(dates::minute).unwrap_or_default(),
        }
        .text(lang);
    }
    line
}
