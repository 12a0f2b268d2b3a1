//! `rep add | list | retire`: the sales reps on the books.

use std::collections::HashMap;

use anyhow::{Context as _, Result};
use rusqlite::Connection;

use super::{Context, active_rep};
use crate::cli::RepCommand;
use crate::db::register;
use crate::db::reps::{self, RepRow};
use crate::domain::field;
use crate::domain::phone::Phone;
use crate::error::invalid;
use crate::messages::Message;
use crate::messages::columns::rep::COLUMNS;
use crate::output::{Cell, Records};

pub fn run(context: &Context, command: RepCommand) -> Result<()> {
    match command {
        RepCommand::Add { name, phone } => add(context, &name, phone.as_deref()),
        RepCommand::List => list(context),
        RepCommand::Retire { name } => retire(context, &name),
    }
}

fn add(context: &Context, name: &str, phone: Option<&str>) -> Result<()> {
    let name = field::name(name, "rep add NAME")?;
    let phone = phone.map(|p| Phone::parse(p, "--phone")).transpose()?;
    let mut conn = context.writable()?;
    let rep = context.write(&mut conn, |tx| {
        if reps::by_name(tx, &name)?.is_some() {
            return Err(invalid(Message::RepExists { name: name.clone() }));
        }
        reps::add(tx, &name, phone.as_ref().map(Phone::as_str), context.now())?;
        found(tx, &name)
    })?;
    let line = Message::RepAdded { name }.text(context.out.lang);
    print_one(context, &conn, &rep, &line)
}

/// The rep just written, read back as listings show it.
fn found(conn: &Connection, name: &str) -> Result<RepRow> {
    reps::by_name(conn, name)?.with_context(|| format!("rep {name} vanished"))
}

fn row(context: &Context, rep: &RepRow, turns: &HashMap<i64, i64>) -> Vec<Cell> {
    vec![
        rep.id.into(),
        rep.name.clone().into(),
        rep.phone.as_deref().map(|p| context.phone(p)).into(),
        if rep.retired_at.is_some() {
            Cell::label("retired", "离职")
        } else {
            Cell::label("active", "在职")
        },
        turns.get(&rep.id).copied().unwrap_or(0).into(),
        rep.created_at.get(..10).unwrap_or_default().into(),
    ]
}

fn print_one(context: &Context, conn: &Connection, rep: &RepRow, line: &str) -> Result<()> {
    let turns = register::turns_between(conn, context.today(), context.today())?;
    let mut records = Records::new(COLUMNS);
    records.push(row(context, rep, &turns));
    context.emit(&context.out.render_one(&records, line)?)
}

fn list(context: &Context) -> Result<()> {
    let conn = context.open()?;
    let turns = register::turns_between(&conn, context.today(), context.today())?;
    let mut records = Records::new(COLUMNS);
    for rep in reps::all(&conn)? {
        records.push(row(context, &rep, &turns));
    }
    context.list(&records)
}

fn retire(context: &Context, name: &str) -> Result<()> {
    let mut conn = context.writable()?;
    let rep = context.write(&mut conn, |tx| {
        let rep = active_rep(tx, name, "rep retire NAME")?;
        reps::retire(tx, rep.id, context.now())?;
        reps::remove_from_rosters(tx, rep.id, context.today())?;
        found(tx, &rep.name)
    })?;
    let line = Message::RepRetiredNow {
        name: rep.name.clone(),
    }
    .text(context.out.lang);
    print_one(context, &conn, &rep, &line)
}
