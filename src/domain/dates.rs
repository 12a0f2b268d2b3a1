//! Dates and times as the office types them: dates `YYYY-MM-DD`, times `YYYY-MM-DD HH:MM`, both
//! in local time. The clock itself is read once, in the command layer; everything here takes
//! "now" as an argument so that `--at` and the tests can fix it.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::error::Invalid;
use crate::messages::Message;

/// How times are shown and written into CSV and JSON.
pub const MINUTE_FORMAT: &str = "%Y-%m-%d %H:%M";
pub const DATE_FORMAT: &str = "%Y-%m-%d";

/// Parses a moment: `YYYY-MM-DD HH:MM` (seconds and a `T` separator are accepted too), or a bare
/// date, which means the start of that day.
pub fn parse_moment(raw: &str, field: &str) -> Result<NaiveDateTime, Invalid> {
    let text = raw.trim();
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(moment) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(moment);
        }
    }
    if let Ok(day) = NaiveDate::parse_from_str(text, DATE_FORMAT) {
        return Ok(day.and_time(NaiveTime::MIN));
    }
    Err(Invalid::from(Message::NotATime {
        field: field.to_string(),
        raw: raw.to_string(),
    }))
}

/// The day of the week as listings name it: `Mon` in English (what CSV and JSON carry), `周一`
/// in Chinese.
pub fn weekday(day: NaiveDate) -> (&'static str, &'static str) {
    match day.weekday() {
        Weekday::Mon => ("Mon", "周一"),
        Weekday::Tue => ("Tue", "周二"),
        Weekday::Wed => ("Wed", "周三"),
        Weekday::Thu => ("Thu", "周四"),
        Weekday::Fri => ("Fri", "周五"),
        Weekday::Sat => ("Sat", "周六"),
        Weekday::Sun => ("Sun", "周日"),
    }
}

/// Parses a date `YYYY-MM-DD`.
pub fn parse_date(raw: &str, field: &str) -> Result<NaiveDate, Invalid> {
    NaiveDate::parse_from_str(raw.trim(), DATE_FORMAT).map_err(|_| {
        Invalid::from(Message::NotADate {
            field: field.to_string(),
            raw: raw.to_string(),
        })
    })
}

/// Parses a moment as spreadsheets write it: `2026-03-05 09:05`, `2026/3/5 9:05`,
/// `2026.3.5 9:05:30`, `2026年3月5日 9:05`, a bare date (the start of the day), or an Excel date
/// serial such as `46086.375` (days since 1899-12-30, what a date cell holds when it lost its
/// format). Serials are read only between 20000 and 80000 (1954 to 2119), so that a number such
/// as `20260305` is never taken for a date.
pub fn parse_sheet_moment(raw: &str, field: &str) -> Result<NaiveDateTime, Invalid> {
    let bad = || {
        Invalid::from(format!(
            "{field}: {raw:?} is not a time; type YYYY-MM-DD HH:MM, for example 2026-03-05 09:05 \
             (2026/3/5 9:05 and Excel date cells are read too)"
        ))
    };
    let text = raw.trim();
    if let Ok(serial) = text.parse::<f64>() {
        return from_serial(serial).ok_or_else(bad);
    }
    sheet_moment(text).ok_or_else(bad)
}

/// An Excel date serial in the 1900 date system.
fn from_serial(serial: f64) -> Option<NaiveDateTime> {
    if !(20_000.0..80_000.0).contains(&serial) {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    // Cells hold fractions of a day; rounding to the second undoes the float's last digit.
    let seconds = (serial * 86_400.0).round() as i64;
    epoch.checked_add_signed(chrono::TimeDelta::try_seconds(seconds)?)
}

fn sheet_moment(text: &str) -> Option<NaiveDateTime> {
    // The ideographic space is three bytes long: split on the character, not at a byte offset.
    let (day, time) = match text.split_once([' ', 'T', '\u{3000}']) {
        Some((day, time)) => (day, time.trim()),
        None => (text, ""),
    };
    let mut parts = day
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .map(|n| n.parse::<u32>().ok());
    let (year, month, date) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() || !(1000..=9999).contains(&year) {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(year as i32, month, date)?;
    if time.is_empty() {
        return Some(day.and_time(NaiveTime::MIN));
    }
    let mut parts = time.split([':', '：']).map(|n| n.parse::<u32>().ok());
    let (hour, minute) = (parts.next()??, parts.next()??);
    let second = match parts.next() {
        None => 0,
        Some(second) => second?,
    };
    if parts.next().is_some() {
        return None;
    }
    day.and_hms_opt(hour, minute, second)
}

/// Reads a time written by [`store`]; `None` for anything else.
pub fn from_stored(text: &str) -> Option<NaiveDateTime> {
    // Reports read hundreds of thousands of these; the fixed layout is read directly.
    let b = text.as_bytes();
    let layout = b.len() == 19
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b' '
        && b[13] == b':'
        && b[16] == b':';
    if !layout {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let day = NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)?;
    day.and_hms_opt(number(11..13)?, number(14..16)?, number(17..19)?)
}

/// How times are stored, `YYYY-MM-DD HH:MM:SS`: seconds keep entries of the same minute in
/// order, and the fixed layout sorts as text.
pub fn store(moment: NaiveDateTime) -> String {
    use chrono::Timelike;
    // Written for every stored row, so the digits are laid down by hand.
    let mut text = String::with_capacity(19);
    push_date(&mut text, moment.date());
    text.push(' ');
    push_digits(&mut text, moment.hour(), 2);
    text.push(':');
    push_digits(&mut text, moment.minute(), 2);
    text.push(':');
    push_digits(&mut text, moment.second(), 2);
    text
}

fn push_date(text: &mut String, day: NaiveDate) {
    use chrono::Datelike;
    // The parsers accept years 1 to 9999 only, so four digits always suffice.
    push_digits(text, day.year().clamp(0, 9999) as u32, 4);
    text.push('-');
    push_digits(text, day.month(), 2);
    text.push('-');
    push_digits(text, day.day(), 2);
}

fn push_digits(text: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        text.push(char::from(b'0' + (value / 10u32.pow(place) % 10) as u8));
    }
}

/// A moment as listings show it, `YYYY-MM-DD HH:MM` ([`MINUTE_FORMAT`]); laid down by hand
/// like [`store`], since a long listing formats thousands.
pub fn minute(moment: NaiveDateTime) -> String {
    use chrono::Timelike;
    let mut text = String::with_capacity(16);
    push_date(&mut text, moment.date());
    text.push(' ');
    push_digits(&mut text, moment.hour(), 2);
    text.push(':');
    push_digits(&mut text, moment.minute(), 2);
    text
}

pub fn date(day: NaiveDate) -> String {
    let mut text = String::with_capacity(10);
    push_date(&mut text, day);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_keep_chronos_english_and_have_their_chinese() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(weekday(monday), ("Mon", "周一"));
        for offset in 0..7 {
            let day = monday + chrono::Duration::days(offset);
            let (en, zh) = weekday(day);
            // CSV and JSON wrote chrono's name before the Chinese came: it must not change.
            assert_eq!(en, day.weekday().to_string());
            assert!(zh.starts_with('周') && zh.chars().count() == 2, "{zh}");
        }
        assert_eq!(weekday(monday + chrono::Duration::days(6)).1, "周日");
    }

    #[test]
    fn moments_in_the_forms_people_type() {
        let expected = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        assert_eq!(parse_moment("2026-11-23 09:30", "--at").unwrap(), expected);
        assert_eq!(parse_moment("2026-11-23T09:30", "--at").unwrap(), expected);
        assert_eq!(
            parse_moment(" 2026-11-23 09:30:00 ", "--at").unwrap(),
            expected
        );
        assert_eq!(
            parse_moment("2026-11-23", "--at").unwrap(),
            expected.date().and_hms_opt(0, 0, 0).unwrap()
        );
    }

    #[test]
    fn bad_moments_name_the_field_and_the_form() {
        for bad in [
            "",
            "23/11/2026",
            "2026-13-01 09:00",
            "2026-11-23 25:00",
            "yesterday",
        ] {
            let err = parse_moment(bad, "--at").unwrap_err();
            assert!(
                err.to_string().starts_with("--at:")
                    && err.to_string().contains("YYYY-MM-DD HH:MM"),
                "{err}"
            );
        }
        let err = parse_date("2026-02-30", "--date").unwrap_err();
        assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn spreadsheet_times() {
        let expected = NaiveDate::from_ymd_opt(2026, 3, 5)
            .unwrap()
            .and_hms_opt(9, 5, 0)
            .unwrap();
        for form in [
            "2026-03-05 09:05",
            "2026/3/5 9:05",
            "2026.3.5 9:05",
            " 2026-3-5 9:05:00 ",
            "2026-03-05T09:05",
            "2026年3月5日 9:05",
            "2026/3/5 9：05",
            "2026-03-05\u{3000}09:05",
            "46086.37847222222",
        ] {
            assert_eq!(
                parse_sheet_moment(form, "visited_at").unwrap(),
                expected,
                "{form}"
            );
        }
        assert_eq!(
            parse_sheet_moment("2026/3/5", "visited_at").unwrap(),
            expected.date().and_time(NaiveTime::MIN)
        );
        assert_eq!(
            parse_sheet_moment("46086", "visited_at").unwrap(),
            expected.date().and_time(NaiveTime::MIN)
        );
        for bad in [
            "",
            "20260305",
            "5/3/2026 9:05",
            "2026/2/30 9:05",
            "2026/3/5 25:00",
            "2026/3/5 9:05:00:00",
            "2026/3/5/1",
            "2026/3",
            "NaN",
            "1e9",
            "tomorrow",
            "0\u{3000}0",
        ] {
            let err = parse_sheet_moment(bad, "visited_at").unwrap_err();
            assert!(
                err.to_string().starts_with("visited_at: ")
                    && err.to_string().contains("YYYY-MM-DD HH:MM"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn stored_times_round_trip() {
        let moment = parse_moment("2026-11-23 09:30:15", "t").unwrap();
        assert_eq!(from_stored(&store(moment)), Some(moment));
        assert_eq!(minute(moment), "2026-11-23 09:30");
        // The hand-laid minute agrees with chrono's formatting of the same layout.
        for text in ["0001-01-01 00:00", "2026-02-28 23:59", "9999-12-31 07:05"] {
            let at = parse_moment(text, "t").unwrap();
            assert_eq!(minute(at), at.format(MINUTE_FORMAT).to_string());
        }
        assert_eq!(from_stored("not a time"), None);
        assert_eq!(from_stored("2026-02-30 09:00:00"), None);
        assert_eq!(from_stored("2026-11-23 24:00:00"), None);
        assert_eq!(from_stored("2026-11-23T09:00:00"), None);
        assert_eq!(from_stored("2026-1a-23 09:00:00"), None);
    }
}
