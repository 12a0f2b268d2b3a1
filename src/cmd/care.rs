//! `care due | done`: the quality checks after handover (交付后质量检查). The due list shows what
//! falls due within some days of today, overdue checks first among them; `done` records a
//! check's result once.

use anyhow::Result;
use chrono::Days;

use super::Context;
use super::facts::checks::check_records;
use crate::cli::CareCommand;
use crate::db::aftersales::{self, CheckResult};
use crate::domain::aftersales::{CheckStatus, check_status, falls_within};
use crate::domain::dates;
use crate::domain::field;
use crate::domain::survey;
use crate::error::invalid;
use crate::messages::Message;
use crate::output::Format;

/// The scale of the owner's score on a check, as on a revisit.
const CHECK_SCALE: i64 = crate::domain::aftersales::REVISIT_SCALE;

pub fn run(context: &Context, command: CareCommand) -> Result<()> {
    match command {
        CareCommand::Due { within, overdue } => due(context, &within, overdue),
        CareCommand::Done {
            check_id,
            by,
            score,
            note,
        } => done(context, &check_id, &by, score.as_deref(), note.as_deref()),
    }
}

fn due(context: &Context, within: &str, overdue_only: bool) -> Result<()> {
    let days: u32 = within.trim().parse().map_err(|_| {
        invalid(Message::NotADayCount {
            raw: within.to_string(),
        })
    })?;
    let conn = context.open()?;
    let today = context.today();
    // Overdue checks fall due by yesterday; otherwise by the end of the window.
    let until = if overdue_only {
        today.pred_opt().unwrap_or(today)
    } else {
        today
            .checked_add_days(Days::new(u64::from(days)))
            .unwrap_or(chrono::NaiveDate::MAX)
    };
    let mut checks = aftersales::checks_due(&conn, until)?;
    checks.retain(|check| {
        let status = check_status(check.due, None, today);
        if overdue_only {
            status == CheckStatus::Overdue
        } else {
            falls_within(check.due, today, days)
        }
    });
    context.emit(&context.out.render_list(&check_records(context, &checks))?)
}

fn done(
    context: &Context,
    raw_id: &str,
    by: &str,
    score: Option<&str>,
    note: Option<&str>,
) -> Result<()> {
    let id = field::record_number(raw_id, |raw| Message::NotACheckNumber { raw })?;
    let by = field::name(by, "--by")?;
    let score = score
        .map(|s| survey::score(s, CHECK_SCALE, "--score"))
        .transpose()?;
    let note = note
        .map(|n| field::text(n, "--note"))
        .transpose()?
        .flatten();
    let mut conn = context.writable()?;
    let check = context.write(&mut conn, |tx| {
        let check = aftersales::check(tx, id)?.ok_or_else(|| invalid(Message::NoCheck { id }))?;
        if let Some((at, who)) = &check.done {
            return Err(invalid(Message::CheckDoneAlready {
                id,
                unit: check.unit.clone(),
                who: who.clone(),
                at: dates::minute(*at),
            }));
        }
        aftersales::record_check(
            tx,
            &CheckResult {
                check_id: id,
                done_at: context.now(),
                by: &by,
                score,
                note: note.as_deref(),
            },
            context.clock(),
        )?;
        aftersales::check(tx, id)?.ok_or_else(|| anyhow::anyhow!("check {id} vanished"))
    })?;
    let records = check_records(context, std::slice::from_ref(&check));
    let line = Message::CheckDone {
        id,
        months: i64::from(check.months),
        unit: check.unit.clone(),
        by,
    }
    .text(context.out.lang);
    let text = match context.out.format {
        Format::Table => format!("{line}\n"),
        _ => context.out.render_one(&records, &line)?,
    };
    context.emit(&text)
}
