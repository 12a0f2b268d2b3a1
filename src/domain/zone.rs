//! The office's time zone. Every time the office reads — when a visitor came, which day a
//! report covers, when a complaint's ticket is due — is a wall-clock time in the zone the
//! office works in, and the database keeps that zone (Asia/Shanghai unless the office set
//! another), so that a server whose clock runs on UTC, a cron box in another city or a clerk
//! whose shell has another `TZ` all see the same day and the same deadlines. The process's own
//! `TZ` is never consulted: the computer's clock is taken as an instant and turned into the
//! office's wall-clock time here.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::error::Invalid;
use crate::messages::Message;

/// The zone of an office that never set one: the sales offices salesdesk serves keep Beijing
/// time.
pub const DEFAULT: Tz = chrono_tz::Asia::Shanghai;

/// Reads an IANA zone name as the office types it (`Asia/Shanghai`, `asia/urumqi`, `UTC`).
pub fn parse(raw: &str, field: &str) -> Result<Tz, Invalid> {
    let text = raw.trim();
    text.parse::<Tz>()
        .or_else(|_| Tz::from_str_insensitive(text))
        .map_err(|_| {
            Invalid::from(Message::NotAZone {
                field: field.to_string(),
                raw: raw.to_string(),
            })
        })
}

/// The office's wall-clock time at `instant`.
pub fn wall_clock(instant: DateTime<Utc>, zone: Tz) -> NaiveDateTime {
    instant.with_timezone(&zone).naive_local()
}

/// The zone's name as stored and shown (`Asia/Shanghai`).
pub fn name(zone: Tz) -> &'static str {
    zone.name()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

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
