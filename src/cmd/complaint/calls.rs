//! `complaint calls` and `complaint call`: Monday's follow-up calls (004 4.10.5, 4.11.7). The
//! list is drawn from the complaint book by [`follow_ups::call_list`]; a call made from it is
//! recorded once per complaint and list.

use anyhow::Result;
use chrono::{Duration, NaiveDate};

use super::parse_id;
use crate::cli::CallArgs;
use crate::cmd::Context;
use crate::cmd::facts::complaint_views;
use crate::db::complaint_calls::{self, CallRow};
use crate::domain::codes::Code;
use crate::domain::complaint::follow_ups;
use crate::domain::{dates, field};
use crate::error::invalid;
use crate::messages::Message;
use crate::messages::columns::complaint::calls::CALL_COLUMNS;
use crate::output::{Cell, Records};

/// The Monday of the week `--week` names; default last week, whose calls are made this week.
fn week_of(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate> {
    Ok(dates::parse_week(raw.unwrap_or("last"), "--week", today)?)
}

pub(super) fn list(context: &Context, week: Option<&str>) -> Result<()> {
    let conn = context.open()?;
    let monday = week_of(week, context.today())?;
    let list = complaint_views::call_list(&conn, monday, context.now())?;
    let calls = complaint_calls::of_week(&conn, monday, context.now())?;
    let mut records = Records::new(CALL_COLUMNS);
    for (view, why) in &list {
        let call = calls.iter().find(|c| c.complaint_id == view.row.id);
        let mut row = view.leading_cells(context);
        row.extend([
            Cell::code(*why),
            call.map(|c| dates::minute(c.at)).into(),
            call.map(|c| c.caller.clone()).into(),
        ]);
        records.push(row);
    }
    context.list(&records)
}

pub(super) fn record(context: &Context, args: CallArgs) -> Result<()> {
    let id = parse_id(&args.id)?;
    let caller = field::name(&args.by, "--by")?;
    let note = field::given(&args.note, "--note", field::text)?.flatten();
    let mut conn = context.writable()?;
    let monday = follow_ups::list_week_of_call(context.now());
    let why = context.write(&mut conn, |tx| {
        let list = complaint_views::call_list(tx, monday, context.now())?;
        let Some((_, why)) = list.iter().find(|(view, _)| view.row.id == id) else {
            return Err(invalid(Message::NotOnCallList {
                id,
                from: dates::date(monday),
                to: dates::date(monday + Duration::days(6)),
            }));
        };
        if let Some(done) = complaint_calls::of_week(tx, monday, context.now())?
            .into_iter()
            .find(|c| c.complaint_id == id)
        {
            return Err(invalid(Message::AlreadyCalled {
                id,
                at: dates::minute(done.at),
                by: done.caller,
            }));
        }
        let call = CallRow {
            complaint_id: id,
            week: monday,
            at: context.now(),
            caller: caller.clone(),
            note: note.clone(),
        };
        complaint_calls::add(tx, &call, context.now())?;
        Ok(*why)
    })?;
    let line = Message::ComplaintCalled {
        id,
        why: why.code().to_string(),
        why_zh: why.zh().to_string(),
        from: dates::date(monday),
    };
    context.emit(&format!("{}\n", line.text(context.out.lang)))
}
