//! `replicate`, `replica status` and `restore`: the office's off-site replica through Litestream
//! ([`crate::replica`]). `replicate` hands the process to Litestream for the database salesdesk
//! has opened and judged its own; `replica status` says how far behind the replica is, for a
//! cron line's alarm; `restore` brings the database back, checked, whole or not at all.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::Context;
use crate::cli::{ReplicaCommand, ReplicaStatusArgs, ReplicateArgs, RestoreArgs};
use crate::db::restored;
use crate::domain::replica::{self, Live, Position};
use crate::domain::zone::{self, Zone};
use crate::error::{failed, invalid};
use crate::files::{Replaces, Target};
use crate::messages::Message;
use crate::messages::columns::replica::{LIST_COLUMNS, RESTORE_COLUMNS, STATUS_COLUMNS};
use crate::output::{Cell, Records};
use crate::replica::{self as engine, Ltx, Place};

pub fn replicate(context: &Context, args: ReplicateArgs) -> Result<()> {
    let place = Place::parse(&args.to, args.place.endpoint.as_deref(), "--to")?;
    let interval = replica::interval(&args.interval)?;
    let litestream = engine::engine()?;
    // Refuses a missing file, another application's, a newer salesdesk's (SPEC §14) before
    // Litestream takes it.
    drop(context.open()?);
    if let Some(local) = local_replica(&place, &context.db) {
        return Err(failed(Message::ReplicaIsLocal {
            url: place.url.clone(),
            local,
        }));
    }
    let told = Message::Replicating {
        db: context.db.clone(),
        url: place.url.clone(),
        interval: interval.clone(),
        litestream: litestream.clone(),
    };
    context.note(&told.text(context.out.lang));
    engine::replicate(&litestream, &context.db, &place, &interval)
}

/// A `file://` replica in the database's own folder is no off-site copy, and Litestream keeps
/// its own files there.
fn local_replica(place: &Place, db: &Path) -> Option<PathBuf> {
    let engine::Kind::File(folder) = &place.kind else {
        return None;
    };
    let here = std::fs::canonicalize(crate::files::folder_of(db)).ok()?;
    let there = std::fs::canonicalize(folder).ok()?;
    (here == there).then_some(here)
}

pub fn run(context: &Context, command: ReplicaCommand) -> Result<()> {
    match command {
        ReplicaCommand::Status(args) => status(context, &args),
    }
}

fn txid(position: Option<Position>) -> Cell {
    position.map_or(Cell::Null, |p| engine::txid(p.txid).into())
}

fn time_in(at: Option<DateTime<Utc>>, zone: Zone) -> Cell {
    at.map_or(Cell::Null, |at| engine::office_time(at, zone).into())
}

fn status(context: &Context, args: &ReplicaStatusArgs) -> Result<()> {
    let place = Place::parse(&args.to, args.place.endpoint.as_deref(), "--to")?;
    let max_lag: i64 = args
        .max_lag
        .trim()
        .parse()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            invalid(Message::NotALag {
                raw: args.max_lag.clone(),
            })
        })?;
    let litestream = engine::engine()?;
    drop(context.open()?);
    let zone = context.zone();
    let files = engine::files(&litestream, &place)?;
    let latest = engine::latest(&files);
    let live = Live {
        captured: engine::captured(&context.db),
        changed: engine::changed(&context.db),
    };
    let lag = replica::lag(Utc::now(), latest, live);
    let late = latest.is_none() || lag.seconds > max_lag;
    let state = match (latest, lag.behind, late) {
        (None, _, _) => Cell::label("empty", "无副本"),
        (_, _, true) => Cell::label("late", "延迟超限"),
        (_, true, false) => Cell::label("sending", "同步中"),
        (_, false, false) => Cell::label("ok", "正常"),
    };
    let mut records = Records::new(STATUS_COLUMNS);
    records.push(vec![
        context.db.display().to_string().into(),
        place.url.clone().into(),
        state,
        txid(latest),
        time_in(latest.map(|p| p.at), zone),
        txid(live.captured),
        time_in(live.changed, zone),
        if latest.is_some() {
            lag.seconds.into()
        } else {
            Cell::Null
        },
        max_lag.into(),
    ]);
    let line = match latest {
        None => Message::NothingReplicatedYet {
            url: place.url.clone(),
        },
        Some(p) => Message::ReplicaStatus {
            url: place.url.clone(),
            at: engine::txid(p.txid),
            written: engine::office_time(p.at, zone),
            lag: lag.seconds,
            max_lag,
        },
    }
    .text(context.out.lang);
    context.emit(&context.out.render_one(&records, &line)?)?;
    match latest {
        None => Err(failed(Message::NoReplicaYet {
            url: place.url.clone(),
        })),
        Some(_) if late => Err(failed(Message::ReplicaLate {
            url: place.url.clone(),
            lag: lag.seconds,
            db: context.db.clone(),
            max_lag,
        })),
        Some(_) => Ok(()),
    }
}

pub fn restore(context: &Context, args: RestoreArgs) -> Result<()> {
    let place = Place::parse(&args.from, args.place.endpoint.as_deref(), "--from")?;
    let target = Target {
        path: &context.db,
        option: "--db",
        database: Path::new(""),
        replaces: Replaces::Backups { force: args.force },
        example: "restored.db",
    };
    if !args.list {
        crate::files::check(&target)?;
    }
    let litestream = engine::engine()?;
    let files = engine::files(&litestream, &place)?;
    if files.is_empty() {
        return Err(failed(Message::NothingToRestore {
            url: place.url.clone(),
        }));
    }
    let guess = restored::zone_if_ours(&context.db).unwrap_or(zone::DEFAULT);
    if args.list {
        return list(context, &files, guess);
    }
    let at = context.time.typed();
    let done =
        engine::restore::into_place(&litestream, &place, &target, &files, at, guess, Utc::now())?;
    let state_at = engine::office_time(done.position.at, done.zone);
    let position = engine::txid(done.position.txid);
    let mut records = Records::new(RESTORE_COLUMNS);
    records.push(vec![
        context.db.display().to_string().into(),
        place.url.clone().into(),
        position.clone().into(),
        state_at.clone().into(),
        done.visits.into(),
        Cell::Int(i64::try_from(done.bytes).unwrap_or(i64::MAX)),
        Cell::label("ok", "正常"),
    ]);
    let line = Message::RestoredFrom {
        db: context.db.clone(),
        url: place.url.clone(),
        state_at,
        position,
        visits: done.visits,
    }
    .text(context.out.lang);
    context.emit(&context.out.render_one(&records, &line)?)
}

/// `restore --list`: every file of the replica, oldest first; a restore can go back to the
/// moment any of them was written.
fn list(context: &Context, files: &[Ltx], zone: Zone) -> Result<()> {
    let mut sorted = files.to_vec();
    sorted.sort_by_key(|f| (f.at, f.level, f.max_txid));
    let mut records = Records::new(LIST_COLUMNS);
    for file in &sorted {
        records.push(vec![
            file.level.into(),
            engine::txid(file.min_txid).into(),
            engine::txid(file.max_txid).into(),
            Cell::Int(i64::try_from(file.size).unwrap_or(i64::MAX)),
            time_in(Some(file.at), zone),
        ]);
    }
    context.list(&records)
}
