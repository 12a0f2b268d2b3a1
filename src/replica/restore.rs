//! A replica brought back as a database file, whole or not at all. Litestream restores into a
//! file beside a private temporary that salesdesk holds locked ([`AtomicFile`]), so that no
//! other salesdesk sweeps it away and a killed restore leaves nothing the next sweep does not
//! remove; the file is checked ([`judge`]); the database it replaces has its log folded in
//! ([`restored::retire`]); and only then is it renamed into place. Anything that fails leaves
//! the target as it was.

use std::path::Path;

use anyhow::{Context as _, Result, anyhow};
use chrono::{DateTime, NaiveDateTime, Utc};

use super::{Ltx, Place};
use crate::db::restored;
use crate::domain::dates;
use crate::domain::replica::{self, Position};
use crate::domain::zone::{self, Zone};
use crate::error::invalid;
use crate::files::{self, AtomicFile, Target};

/// What a restore brought back.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The replica's position restored: its last transaction at or before the moment asked for.
    pub position: Position,
    /// The office's zone, as the restored file keeps it.
    pub zone: Zone,
    pub visits: i64,
    pub bytes: u64,
}

/// The moment `at` (office time in `zone`) as an instant, refused when the replica does not
/// reach back that far or when it is still to come.
pub fn point(
    files: &[Ltx],
    at: NaiveDateTime,
    zone: Zone,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let instant = zone::instant_of(at, zone);
    let earliest = files
        .iter()
        .filter(|f| f.min_txid == 1)
        .map(|f| f.at)
        .min()
        .or_else(|| files.iter().map(|f| f.at).min());
    // Litestream stamps its files to the millisecond and lists them to the second: the
    // earliest state is certainly there one second after its listed stamp.
    let earliest = earliest.map(|at| at + chrono::TimeDelta::seconds(1));
    if let Some(earliest) = earliest
        && instant < earliest
    {
        return Err(invalid(format!(
            "--at: {} is before the replica's earliest state ({}); type a later moment, and see \
             `salesdesk restore --from URL --list` for the moments it can go back to",
            dates::minute(at),
            super::office_time(earliest, zone)
        )));
    }
    if instant > now {
        return Err(invalid(format!(
            "--at: {} is still to come; type a past moment, or leave --at out for the latest \
             state",
            dates::minute(at)
        )));
    }
    Ok(instant)
}

/// The replica's position at `instant` (its last transaction written by then), or its latest.
pub fn position_at(files: &[Ltx], instant: Option<DateTime<Utc>>) -> Option<Position> {
    let upto: Vec<Ltx> = files
        .iter()
        // A file listed at the second of the moment was written after it, to the millisecond.
        .filter(|f| instant.is_none_or(|at| f.at < at))
        .cloned()
        .collect();
    super::latest(&upto)
}

/// Restores `place` into `target`: the latest state, or the state at `at` in the office's
/// zone. `guess` is the zone to read `at` in before the restored file says which zone it keeps
/// (the replaced database's, else the default); when the file keeps another, the restore is
/// made again at the moment read in that zone.
pub fn into_place(
    engine: &Path,
    place: &Place,
    target: &Target,
    files: &[Ltx],
    at: Option<NaiveDateTime>,
    guess: Zone,
    now: DateTime<Utc>,
) -> Result<Restored> {
    let file = AtomicFile::create(target)?;
    let out = files::restore_file_of(file.temporary());
    let nothing = || format!("nothing was written to {}", target.path.display());
    let mut zone = guess;
    let mut instant = at.map(|at| point(files, at, zone, now)).transpose()?;
    for _ in 0..2 {
        clear(&out)?;
        super::restore_file(engine, place, &out, instant).with_context(nothing)?;
        let kept = restored::zone(&out).with_context(nothing)?;
        match at {
            Some(at) if kept != zone => {
                zone = kept;
                instant = Some(point(files, at, zone, now)?);
            }
            _ => {
                zone = kept;
                break;
            }
        }
    }
    let facts = restored::check(&out).with_context(nothing)?;
    replica::judge(&facts, &restored::known()?).map_err(|why| {
        anyhow!(
            "the state restored from {} was refused: {}; {}",
            place.url,
            why.text(crate::lang::Lang::En),
            nothing()
        )
    })?;
    let visits = restored::visits(&out)?;
    let bytes = std::fs::metadata(&out)
        .with_context(|| format!("cannot read the size of {}", out.display()))?
        .len();
    // SQLite's files of the check go; the restored file is one self-contained database.
    for suffix in files::SQLITE_SIDE_FILES {
        let _ = std::fs::remove_file(files::side_file(&out, suffix));
    }
    restored::retire(target.path).with_context(nothing)?;
    file.commit_from(&out).with_context(nothing)?;
    let position =
        position_at(files, instant).ok_or_else(|| anyhow!("{} holds nothing", place.url))?;
    Ok(Restored {
        position,
        zone,
        visits,
        bytes,
    })
}

/// Removes what an earlier attempt left at `out`: Litestream restores only into a new file.
fn clear(out: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", ".tmp"] {
        match std::fs::remove_file(files::side_file(out, suffix)) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err).with_context(|| format!("cannot remove {}", out.display()));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ltx(min: u64, max: u64, seconds: i64) -> Ltx {
        Ltx {
            level: 0,
            min_txid: min,
            max_txid: max,
            size: 1,
            at: DateTime::<Utc>::from_timestamp(1_800_000_000 + seconds, 0).unwrap(),
        }
    }

    #[test]
    fn a_moment_restores_the_last_transaction_written_by_then() {
        let files = [ltx(1, 1, 0), ltx(2, 2, 60), ltx(3, 3, 120)];
        let at = DateTime::<Utc>::from_timestamp(1_800_000_090, 0).unwrap();
        assert_eq!(position_at(&files, Some(at)).unwrap().txid, 2);
        assert_eq!(position_at(&files, None).unwrap().txid, 3);
    }

    #[test]
    fn a_moment_the_replica_cannot_reach_is_refused_as_input() {
        let files = [ltx(1, 1, 0), ltx(2, 2, 60)];
        let first = zone::wall_clock(files[0].at, zone::DEFAULT);
        let now = files[1].at + chrono::TimeDelta::hours(1);
        let before = first - chrono::TimeDelta::minutes(5);
        let err = point(&files, before, zone::DEFAULT, now).unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2);
        assert!(err.to_string().contains("earliest"), "{err}");
        let later = first + chrono::TimeDelta::hours(3);
        let err = point(&files, later, zone::DEFAULT, now).unwrap_err();
        assert!(err.to_string().contains("still to come"), "{err}");
        // Stamped to the second, the first state is there a second later.
        assert!(point(&files, first, zone::DEFAULT, now).is_err());
        let just_after = first + chrono::TimeDelta::seconds(1);
        assert!(point(&files, just_after, zone::DEFAULT, now).is_ok());
    }
}
