//! The office's time zone. Every time the office reads — when a visitor came, which day a
//! report covers, when a complaint's ticket is due — is a wall-clock time in the zone the
//! office works in, and the database keeps that zone (Asia/Shanghai unless the office set
//! another), so that a server whose clock runs on UTC, a cron box in another city or a clerk
//! whose shell has another `TZ` all see the same day and the same deadlines. The process's own
//! `TZ` is never consulted: the computer's clock is taken as an instant and turned into the
//! office's wall-clock time here.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

use crate::error::Invalid;
use crate::messages::Message;

/// An IANA time zone: its name as the database keeps it and its rules, the tz database's own
/// file for the zone as the `tzdb` crate carries it, so that no machine's copy (or lack of
/// one, as on Windows) matters. The file is read only when the clock is, so that a command
/// pays for the one zone it uses, not for the whole database at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    name: &'static str,
    rules: &'static [u8],
}

/// The zone of an office that never set one: the sales offices salesdesk serves keep Beijing
/// time.
pub const DEFAULT: Zone = Zone {
    name: "Asia/Shanghai",
    rules: tzdb::time_zone::asia::RAW_SHANGHAI,
};

/// Every zone name [`parse`] reads, as tab completion offers them.
pub const NAMES: &[&str] = tzdb::TZ_NAMES;

/// Reads an IANA zone name as the office types it (`Asia/Shanghai`, `asia/urumqi`, `UTC`).
pub fn parse(raw: &str, field: &str) -> Result<Zone, Invalid> {
    let text = raw.trim();
    NAMES
        .iter()
        .find(|name| name.eq_ignore_ascii_case(text))
        .and_then(|name| tzdb::raw_tz_by_name(name).map(|rules| Zone { name, rules }))
        .ok_or_else(|| {
            Invalid::from(Message::NotAZone {
                field: field.to_string(),
                raw: raw.to_string(),
            })
        })
}

/// The office's wall-clock time at `instant`.
pub fn wall_clock(instant: DateTime<Utc>, zone: Zone) -> NaiveDateTime {
    // Every instant of the tz database's range has a local time type, and past its end the
    // zone's last rule holds; the bundled files always read. Should one not, UTC is kept
    // rather than a guess.
    let offset = tz::TimeZone::from_tz_data(zone.rules)
        .ok()
        .and_then(|rules| {
            rules
                .find_local_time_type(instant.timestamp())
                .ok()
                .map(|local| local.ut_offset())
        })
        .unwrap_or(0);
    instant.naive_utc() + TimeDelta::seconds(i64::from(offset))
}

/// The instant at which the office's clock shows `wall`: the restore point of `restore --at`.
/// A wall time that a change of offset skipped or repeated (a daylight-saving zone) is taken at
/// the offset in force just before it.
pub fn instant_of(wall: NaiveDateTime, zone: Zone) -> DateTime<Utc> {
    let guess = wall.and_utc();
    let first = offset_at(guess, zone);
    let candidate = guess - TimeDelta::seconds(first);
    let second = offset_at(candidate, zone);
    guess - TimeDelta::seconds(second)
}

fn offset_at(instant: DateTime<Utc>, zone: Zone) -> i64 {
    (wall_clock(instant, zone) - instant.naive_utc()).num_seconds()
}

/// The zone's name as stored and shown (`Asia/Shanghai`).
pub fn name(zone: Zone) -> &'static str {
    zone.name
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone};

    #[test]
    fn every_zone_name_offered_is_read_as_that_zone() {
        assert!(NAMES.contains(&"Asia/Shanghai") && NAMES.contains(&"Asia/Urumqi"));
        for name in NAMES {
            assert_eq!(parse(name, "ZONE").map(|zone| zone.name), Ok(*name));
        }
    }

    #[test]
    fn an_instant_reads_as_the_office_s_wall_clock() {
        let instant = Utc.with_ymd_and_hms(2026, 11, 23, 6, 21, 0).unwrap();
        assert_eq!(
            wall_clock(instant, DEFAULT).to_string(),
            "2026-11-23 14:21:00"
        );
        let york = parse("America/New_York", "ZONE").unwrap();
        assert_eq!(wall_clock(instant, york).to_string(), "2026-11-23 01:21:00");
        // Late in the UTC evening it is already tomorrow in Beijing.
        let late = Utc.with_ymd_and_hms(2026, 11, 23, 17, 0, 0).unwrap();
        assert_eq!(wall_clock(late, DEFAULT).date().to_string(), "2026-11-24");
    }

    #[test]
    fn a_wall_time_is_the_instant_the_office_s_clock_shows_it() {
        let wall = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 59, 0)
            .unwrap();
        let instant = instant_of(wall, DEFAULT);
        assert_eq!(instant.to_rfc3339(), "2026-11-23T01:59:00+00:00");
        assert_eq!(wall_clock(instant, DEFAULT), wall);
        let york = parse("America/New_York", "ZONE").unwrap();
        assert_eq!(
            instant_of(wall, york).to_rfc3339(),
            "2026-11-23T14:59:00+00:00"
        );
        // Summer time in New York is four hours behind UTC, not five.
        let summer = wall.with_month(7).unwrap();
        assert_eq!(
            instant_of(summer, york).to_rfc3339(),
            "2026-07-23T13:59:00+00:00"
        );
    }

    #[test]
    fn zones_are_read_by_their_iana_names_in_any_case() {
        assert_eq!(parse(" Asia/Shanghai ", "ZONE").unwrap(), DEFAULT);
        assert_eq!(parse("asia/shanghai", "ZONE").unwrap(), DEFAULT);
        assert_eq!(name(parse("utc", "ZONE").unwrap()), "UTC");
        for bad in ["", "Beijing", "+08:00", "Asia/Beijing"] {
            let err = parse(bad, "ZONE").unwrap_err().to_string();
            assert!(err.starts_with("ZONE:"), "{bad:?}: {err}");
            assert!(err.contains("Asia/Shanghai"), "{bad:?}: {err}");
        }
    }
}
