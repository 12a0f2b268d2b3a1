//! The moment a command works at. A typed `--at` is the office's wall-clock time and is taken
//! as it is. Without it, "now" is the computer's clock read as an instant and turned into the
//! office's time in the zone the database keeps ([`zone`]), never the process's `TZ`; and it
//! is read again once a write holds the database's lock, so that of two clerks registering at
//! the same moment the one who writes second also records the later time. A command reads the
//! clock only after it has opened the database: before that the office's zone is unknown.

use std::cell::Cell;

use crate::domain::zone::Zone;
use anyhow::Result;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use crate::domain::{dates, zone};
use crate::error::invalid;
use crate::messages::Message;

/// Where the clock comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The computer's clock.
    System,
    /// `SALESDESK_CLOCK`, which stands in for the computer's clock where a fixed one is
    /// needed (tests that record events in the future of the day they run, a replay of an old
    /// day): an office time (`2026-11-23 14:21`), or an instant with its offset
    /// (`2026-11-23T06:21:00Z`), which is read in the office's zone like the real clock.
    Wall(NaiveDateTime),
    Instant(DateTime<Utc>),
}

impl Source {
    /// `SALESDESK_CLOCK` when set and not blank, else the computer's clock.
    pub fn from_env() -> Result<Source> {
        match std::env::var("SALESDESK_CLOCK") {
            Ok(raw) if !raw.trim().is_empty() => {
                if let Ok(instant) = DateTime::parse_from_rfc3339(raw.trim()) {
                    return Ok(Source::Instant(instant.with_timezone(&Utc)));
                }
                Ok(Source::Wall(dates::parse_moment(&raw, "SALESDESK_CLOCK")?))
            }
            _ => Ok(Source::System),
        }
    }

    /// The office's wall-clock time now.
    fn read(&self, zone: Zone) -> NaiveDateTime {
        match self {
            Source::System => zone::wall_clock(Utc::now(), zone),
            Source::Instant(instant) => zone::wall_clock(*instant, zone),
            Source::Wall(moment) => *moment,
        }
    }
}

/// A recorded time more than this after the clock is a typo (a wrong year), not a back-filled
/// paper form.
const MOST_AHEAD: Duration = Duration::hours(24);

/// The command's moment: what was typed, and the clock as last read with the zone it was read
/// in.
#[derive(Debug, Clone)]
pub struct Time {
    typed: Option<NaiveDateTime>,
    source: Source,
    read: Cell<Option<(Zone, NaiveDateTime)>>,
}

impl Time {
    pub fn new(typed: Option<NaiveDateTime>, source: Source) -> Time {
        Time {
            typed,
            source,
            read: Cell::new(None),
        }
    }

    /// Reads the clock in the office's zone.
    pub fn read_in(&self, zone: Zone) {
        self.read.set(Some((zone, self.source.read(zone))));
    }

    /// Reads the clock again in the zone it was last read in: the write's moment, once it
    /// holds the lock.
    pub fn read_again(&self) {
        self.read_in(self.zone());
    }

    /// The office's zone the clock was read in, once the database is open.
    pub fn zone(&self) -> Zone {
        self.read.get().map_or(zone::DEFAULT, |(zone, _)| zone)
    }

    /// The clock as last read: when the database was opened, or when the write began.
    pub fn clock(&self) -> NaiveDateTime {
        let read = self.read.get();
        debug_assert!(
            read.is_some(),
            "the clock is asked for before the database gave the office's time zone"
        );
        read.map_or_else(|| self.source.read(zone::DEFAULT), |(_, clock)| clock)
    }

    /// "Now" for the rules: `--at`, else the clock.
    pub fn now(&self) -> NaiveDateTime {
        let now = self.clock();
        self.typed.unwrap_or(now)
    }

    /// `--at`, when it was typed.
    pub fn typed(&self) -> Option<NaiveDateTime> {
        self.typed
    }

    /// Refuses a typed time more than a day after the clock.
    pub fn check_typed(&self) -> Result<()> {
        match self.typed {
            Some(at) if at > self.clock() + MOST_AHEAD => Err(invalid(Message::AtAfterClock {
                at: dates::minute(at),
                clock: dates::minute(self.clock()),
            })),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moment(text: &str) -> NaiveDateTime {
        dates::parse_moment(text, "t").unwrap()
    }

    #[test]
    fn an_instant_is_read_in_the_office_s_zone_and_a_wall_time_as_it_is() {
        let instant = Source::Instant(
            DateTime::parse_from_rfc3339("2026-11-23T06:21:00Z")
                .unwrap()
                .with_timezone(&Utc),
        );
        assert_eq!(instant.read(zone::DEFAULT), moment("2026-11-23 14:21"));
        let utc = zone::parse("UTC", "ZONE").unwrap();
        assert_eq!(instant.read(utc), moment("2026-11-23 06:21"));
        let wall = Source::Wall(moment("2026-11-23 14:21"));
        assert_eq!(wall.read(utc), moment("2026-11-23 14:21"));
    }

    #[test]
    fn typed_time_wins_and_a_year_typo_is_refused() {
        let time = Time::new(
            Some(moment("2026-11-24 15:00")),
            Source::Wall(moment("2026-11-23 14:21")),
        );
        time.read_in(zone::DEFAULT);
        assert_eq!(time.now(), moment("2026-11-24 15:00"));
        assert_eq!(time.clock(), moment("2026-11-23 14:21"));
        assert!(time.check_typed().is_err());
        let time = Time::new(
            Some(moment("2026-11-24 14:00")),
            Source::Wall(moment("2026-11-23 14:21")),
        );
        time.read_in(zone::DEFAULT);
        assert!(time.check_typed().is_ok());
        let untyped = Time::new(None, Source::Wall(moment("2026-11-23 14:21")));
        untyped.read_in(zone::DEFAULT);
        assert_eq!(untyped.now(), moment("2026-11-23 14:21"));
        assert!(untyped.check_typed().is_ok());
    }
}
