//! What the office decides about its off-site replica, apart from how Litestream moves it: how
//! far behind the replica is (the alarm a cron line raises), whether a restored file may take
//! the database's place, how often Litestream sends, and what a project is called under the
//! group's address. Litestream's positions are transaction ids (TXIDs) with the time each was
//! written; the live file's is what Litestream has captured of it, and when it last changed.

use chrono::{DateTime, Utc};

use crate::error::Invalid;
use crate::messages::{Composed, Message};

/// A place in the history of one database: Litestream's transaction id and when it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub txid: u64,
    pub at: DateTime<Utc>,
}

/// What is known of the live database beside the replica.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Live {
    /// The last transaction Litestream captured from the live file on this machine (its local
    /// copy of the log), when it has run here.
    pub captured: Option<Position>,
    /// When the database or its log was last written.
    pub changed: Option<DateTime<Utc>>,
}

/// How far the replica is behind the live file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lag {
    /// Whether the live file holds something the replica does not.
    pub behind: bool,
    /// Seconds since the replica last received anything, when it is behind; else 0.
    pub seconds: i64,
}

/// Litestream stamps the replica's files to the second, and writes them a moment after the
/// change they carry; a change within this much of the replica's time is taken as sent.
const STAMP_GRAIN_SECONDS: i64 = 1;

/// The replica's lag at `now`. The replica is behind when Litestream has captured a later
/// transaction than the replica holds, or when the live file changed after Litestream last
/// captured it (Litestream is not running, or not keeping up). Behind, the lag is the age of
/// the replica's newest file: how long changes may have been waiting, which grows while nothing
/// is sent, even if nothing more is written. A replica that holds everything has no lag,
/// however quiet the office has been since.
pub fn lag(now: DateTime<Utc>, replica: Option<Position>, live: Live) -> Lag {
    let Some(replica) = replica else {
        return Lag {
            behind: true,
            seconds: i64::MAX,
        };
    };
    let unsent = live.captured.is_some_and(|c| c.txid > replica.txid);
    // Litestream's own copy is timed to the nanosecond on this machine, and written after the
    // change it captured; the replica's stamp only to the second.
    let uncaptured = match (live.changed, live.captured) {
        (Some(changed), Some(captured)) => changed > captured.at,
        (Some(changed), None) => (changed - replica.at).num_seconds() >= STAMP_GRAIN_SECONDS,
        (None, _) => false,
    };
    if unsent || uncaptured {
        Lag {
            behind: true,
            seconds: (now - replica.at).num_seconds().max(0),
        }
    } else {
        Lag {
            behind: false,
            seconds: 0,
        }
    }
}

/// What a restored file was found to be, read from the file itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Restored {
    /// `PRAGMA integrity_check`: `["ok"]` for a sound file.
    pub integrity: Vec<String>,
    /// Whether it carries salesdesk's `application_id` or holds its tables.
    pub salesdesk: bool,
    pub schema_version: i64,
    /// The names and SQL of the append-only triggers it holds.
    pub triggers: Vec<(String, String)>,
}

/// The schema this salesdesk knows, to hold a restored file against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    pub schema_version: i64,
    /// The append-only triggers of a new database of that version.
    pub triggers: Vec<(String, String)>,
    /// The triggers every version has had since the first (the register's).
    pub first: Vec<String>,
}

/// Whether a restored file may take the database's place: sound page by page, salesdesk's own,
/// of a schema this salesdesk reads, and with the register's append-only triggers as they were
/// made, since without them an entry could be changed and nobody would know. A file of an older
/// version needs the triggers it has had since the first; this salesdesk upgrades it on the
/// first command that records something.
pub fn judge(restored: &Restored, known: &Known) -> Result<(), Box<Message>> {
    if restored.integrity != ["ok"] {
        let found: Vec<&str> = restored
            .integrity
            .iter()
            .take(5)
            .map(String::as_str)
            .collect();
        return Err(Box::new(Message::RestoreFailsIntegrity {
            found: Composed(found.join("; ")),
        }));
    }
    if !restored.salesdesk {
        return Err(Box::new(Message::RestoreNotSalesdesk {}));
    }
    if restored.schema_version > known.schema_version {
        return Err(Box::new(Message::RestoreNewerSchema {
            version: restored.schema_version,
            known: known.schema_version,
        }));
    }
    let missing: Vec<&str> = if restored.schema_version == known.schema_version {
        known
            .triggers
            .iter()
            .filter(|trigger| !restored.triggers.contains(trigger))
            .map(|(name, _)| name.as_str())
            .collect()
    } else {
        known
            .first
            .iter()
            .filter(|name| !restored.triggers.iter().any(|(n, _)| n == *name))
            .map(String::as_str)
            .collect()
    };
    if !missing.is_empty() {
        return Err(Box::new(Message::RestoreUnguarded {
            triggers: missing.iter().map(|name| name.to_string()).collect(),
        }));
    }
    Ok(())
}

/// The longest Litestream may wait between two sends: beyond an hour a replica is not off-site
/// protection of a working day.
const LONGEST_INTERVAL_SECONDS: u64 = 3600;

/// `--interval` as Litestream reads it (`1s`, `500ms`, `2m`), checked: a number and a unit,
/// between 100 ms and an hour.
pub fn interval(raw: &str) -> Result<String, Invalid> {
    let text = raw.trim();
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let (number, unit) = text.split_at(digits);
    let millis = match (number.parse::<u64>(), unit) {
        (Ok(n), "ms") => Some(n),
        (Ok(n), "s") => n.checked_mul(1000),
        (Ok(n), "m") => n.checked_mul(60_000),
        (Ok(n), "h") => n.checked_mul(3_600_000),
        _ => None,
    };
    match millis {
        Some(ms) if (100..=LONGEST_INTERVAL_SECONDS * 1000).contains(&ms) => Ok(text.to_string()),
        _ => Err(Invalid::from(Message::NotAnInterval {
            raw: raw.to_string(),
        })),
    }
}

/// Whether `name` may be a project under the group's address, and so a file name in the
/// fetch folder: one plain path segment, no hidden or special name.
pub fn project_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0'])
        && name.chars().all(|c| !c.is_control())
        && name.chars().count() <= 100
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0).unwrap()
    }

    fn position(txid: u64, seconds: i64) -> Position {
        Position {
            txid,
            at: at(seconds),
        }
    }

    #[test]
    fn a_replica_that_holds_everything_has_no_lag_however_quiet_the_office() {
        let live = Live {
            captured: Some(position(7, 10)),
            changed: Some(at(9)),
        };
        let lag = lag(at(86_400), Some(position(7, 10)), live);
        assert_eq!(
            lag,
            Lag {
                behind: false,
                seconds: 0
            }
        );
    }

    #[test]
    fn a_change_not_sent_makes_the_replica_as_old_as_its_newest_file() {
        // Litestream captured 8 but the replica has 7.
        let live = Live {
            captured: Some(position(8, 20)),
            changed: Some(at(19)),
        };
        assert_eq!(lag(at(100), Some(position(7, 10)), live).seconds, 90);
        // Litestream stopped: the file changed after its last capture.
        let stopped = Live {
            captured: Some(position(7, 10)),
            changed: Some(at(40)),
        };
        let lag_now = lag(at(100), Some(position(7, 10)), stopped);
        assert!(lag_now.behind);
        assert_eq!(lag_now.seconds, 90);
        // The lag keeps growing while nothing is sent, though nothing more is written.
        assert_eq!(lag(at(700), Some(position(7, 10)), stopped).seconds, 690);
    }

    #[test]
    fn the_stamp_s_grain_is_not_taken_for_lag() {
        // Stamped at second 10, written in the same second.
        let live = Live {
            captured: None,
            changed: Some(Utc.timestamp_opt(1_800_000_010, 900_000_000).unwrap()),
        };
        assert!(!lag(at(30), Some(position(3, 10)), live).behind);
        let later = Live {
            captured: None,
            changed: Some(at(12)),
        };
        assert!(lag(at(30), Some(position(3, 10)), later).behind);
    }

    #[test]
    fn a_change_after_litestream_s_last_capture_is_behind_to_the_nanosecond() {
        let captured = position(7, 10);
        let just_after = Live {
            captured: Some(captured),
            changed: Some(captured.at + chrono::TimeDelta::milliseconds(300)),
        };
        assert!(lag(at(15), Some(captured), just_after).behind);
        let before = Live {
            captured: Some(captured),
            changed: Some(captured.at - chrono::TimeDelta::milliseconds(300)),
        };
        assert!(!lag(at(15), Some(captured), before).behind);
    }

    #[test]
    fn no_replica_is_behind_without_end() {
        let lag = lag(at(0), None, Live::default());
        assert!(lag.behind);
        assert_eq!(lag.seconds, i64::MAX);
    }

    fn known() -> Known {
        Known {
            schema_version: 9,
            triggers: vec![
                (
                    "visits_append_only_update".into(),
                    "CREATE TRIGGER a".into(),
                ),
                (
                    "visits_append_only_delete".into(),
                    "CREATE TRIGGER b".into(),
                ),
                (
                    "complaints_append_only_update".into(),
                    "CREATE TRIGGER c".into(),
                ),
            ],
            first: vec![
                "visits_append_only_update".into(),
                "visits_append_only_delete".into(),
            ],
        }
    }

    fn sound() -> Restored {
        Restored {
            integrity: vec!["ok".into()],
            salesdesk: true,
            schema_version: 9,
            triggers: known().triggers,
        }
    }

    #[test]
    fn a_sound_restore_of_salesdesk_s_schema_is_taken() {
        assert_eq!(judge(&sound(), &known()), Ok(()));
        // An older file needs only the register's first triggers.
        let older = Restored {
            schema_version: 3,
            triggers: known().triggers[..2].to_vec(),
            ..sound()
        };
        assert_eq!(judge(&older, &known()), Ok(()));
    }

    /// Why `restored` is refused, in English.
    fn refusal(restored: &Restored) -> String {
        judge(restored, &known())
            .expect_err("refused")
            .text(crate::lang::Lang::En)
    }

    #[test]
    fn a_restore_is_refused_for_what_it_lacks() {
        let damaged = Restored {
            integrity: vec!["row 3 missing from index".into()],
            ..sound()
        };
        assert!(refusal(&damaged).contains("integrity"));
        let foreign = Restored {
            salesdesk: false,
            ..sound()
        };
        assert!(refusal(&foreign).contains("not a salesdesk"));
        let newer = Restored {
            schema_version: 10,
            ..sound()
        };
        assert!(refusal(&newer).contains("newer"));
        // A trigger dropped, or rewritten to let updates through.
        let mut unguarded = sound();
        unguarded.triggers[2].1 = "CREATE TRIGGER c WHEN 0".into();
        let err = refusal(&unguarded);
        assert!(err.contains("complaints_append_only_update"), "{err}");
        let older = Restored {
            schema_version: 3,
            triggers: known().triggers[1..].to_vec(),
            ..sound()
        };
        assert!(refusal(&older).contains("visits_append_only_update"));
    }

    #[test]
    fn the_interval_is_a_number_and_a_unit_within_reason() {
        for good in ["1s", "500ms", " 2m ", "1h", "100ms"] {
            assert_eq!(interval(good).unwrap(), good.trim(), "{good}");
        }
        for bad in ["", "1", "s", "1 s", "0s", "99ms", "2h", "1.5s", "-1s", "1d"] {
            let err = interval(bad).unwrap_err().to_string();
            assert!(err.starts_with("--interval:"), "{bad:?}: {err}");
            assert!(err.contains("--interval 1s"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn a_project_is_one_plain_name() {
        for good in ["翠湖苑", "golden-park 2", "金桂园"] {
            assert!(project_name(good), "{good}");
        }
        for bad in ["", ".hidden", "a/b", "..", "a\\b", "c:", "a\u{7}"] {
            assert!(!project_name(bad), "{bad:?}");
        }
    }
}
