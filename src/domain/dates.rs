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
        Invalid::from(Message::NotASheetMoment {
            field: field.to_string(),
            raw: raw.to_string(),
        })
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

/// A word typed for a period instead of its date: the English word, which scripts use and tab
/// completion offers, and the Chinese words a clerk types for the same period.
#[derive(Debug, Clone, Copy)]
pub struct PeriodWord {
    pub word: &'static str,
    pub zh: &'static [&'static str],
}

const TODAY: &str = "today";
const YESTERDAY: &str = "yesterday";
const THIS: &str = "this";
const LAST: &str = "last";

/// The words of a day (`--date`, `--from`, `--to`).
pub const DAY_WORDS: &[PeriodWord] = &[
    PeriodWord {
        word: TODAY,
        zh: &["今天", "今日"],
    },
    PeriodWord {
        word: YESTERDAY,
        zh: &["昨天", "昨日"],
    },
];
/// The words of a week (`--week`); any day of the week is taken too.
pub const WEEK_WORDS: &[PeriodWord] = &[
    PeriodWord {
        word: THIS,
        zh: &["本周", "这周"],
    },
    PeriodWord {
        word: LAST,
        zh: &["上周"],
    },
];
/// The words of a month (`--month`).
pub const MONTH_WORDS: &[PeriodWord] = &[
    PeriodWord {
        word: THIS,
        zh: &["本月", "这个月"],
    },
    PeriodWord {
        word: LAST,
        zh: &["上月", "上个月"],
    },
];
/// The words of a quarter (`--quarter`).
pub const QUARTER_WORDS: &[PeriodWord] = &[
    PeriodWord {
        word: THIS,
        zh: &["本季度", "本季"],
    },
    PeriodWord {
        word: LAST,
        zh: &["上季度", "上季"],
    },
];
/// The words of a year (`--year`).
pub const YEAR_WORDS: &[PeriodWord] = &[
    PeriodWord {
        word: THIS,
        zh: &["今年", "本年"],
    },
    PeriodWord {
        word: LAST,
        zh: &["去年", "上年"],
    },
];

/// The English word of the period word `raw` is, in any case and with spaces around it.
fn period_word(raw: &str, words: &[PeriodWord]) -> Option<&'static str> {
    let typed = raw.trim().to_lowercase();
    words
        .iter()
        .find(|w| w.word == typed || w.zh.contains(&typed.as_str()))
        .map(|w| w.word)
}

/// A day typed for a report or a listing: `YYYY-MM-DD`, or the words `today` and `yesterday`
/// (今天, 昨天), judged against `today` (the `--at` day) so that a cron line says what it means
/// without working out a date.
pub fn parse_day(raw: &str, field: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    match period_word(raw, DAY_WORDS) {
        Some(TODAY) => Ok(today),
        Some(YESTERDAY) => today.pred_opt().ok_or_else(|| out_of_range(raw, field)),
        _ => NaiveDate::parse_from_str(raw.trim(), DATE_FORMAT).map_err(|_| {
            Invalid::from(Message::NotADay {
                field: field.to_string(),
                raw: raw.to_string(),
            })
        }),
    }
}

/// The Monday of the week (Monday to Sunday) typed as `this`, `last` (本周, 上周), or any day
/// of it as [`parse_day`] reads one.
pub fn parse_week(raw: &str, field: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let day = match period_word(raw, WEEK_WORDS) {
        Some(THIS) => today,
        Some(LAST) => today
            .checked_sub_signed(chrono::TimeDelta::days(7))
            .ok_or_else(|| out_of_range(raw, field))?,
        _ => parse_day(raw, field, today).map_err(|_| {
            Invalid::from(Message::NotAWeek {
                field: field.to_string(),
                raw: raw.to_string(),
            })
        })?,
    };
    monday_of(day).ok_or_else(|| out_of_range(raw, field))
}

/// The Monday of the week holding `day`.
pub fn monday_of(day: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    day.checked_sub_signed(chrono::TimeDelta::days(i64::from(
        day.weekday().num_days_from_monday(),
    )))
}

/// The first day of the month typed as `YYYY-MM`, `this` or `last` (本月, 上月).
pub fn parse_month(raw: &str, field: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    use chrono::{Datelike, Months};
    let this = today.with_day(1).ok_or_else(|| out_of_range(raw, field))?;
    match period_word(raw, MONTH_WORDS) {
        Some(THIS) => Ok(this),
        Some(LAST) => this
            .checked_sub_months(Months::new(1))
            .ok_or_else(|| out_of_range(raw, field)),
        _ => NaiveDate::parse_from_str(&format!("{}-01", raw.trim()), DATE_FORMAT).map_err(|_| {
            Invalid::from(Message::NotAMonth {
                field: field.to_string(),
                raw: raw.to_string(),
            })
        }),
    }
}

/// The first day of the quarter typed as `YYYYQn` (`2026Q3`), `this` or `last` (本季度,
/// 上季度).
pub fn parse_quarter(raw: &str, field: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    use chrono::{Datelike, Months};
    let this = NaiveDate::from_ymd_opt(today.year(), today.month0() / 3 * 3 + 1, 1)
        .ok_or_else(|| out_of_range(raw, field))?;
    match period_word(raw, QUARTER_WORDS) {
        Some(THIS) => return Ok(this),
        Some(LAST) => {
            return this
                .checked_sub_months(Months::new(3))
                .ok_or_else(|| out_of_range(raw, field));
        }
        _ => {}
    }
    let text = raw.trim().to_uppercase();
    let bad = || {
        Invalid::from(Message::NotAQuarter {
            field: field.to_string(),
            raw: raw.to_string(),
        })
    };
    let (year, quarter) = text.split_once('Q').ok_or_else(bad)?;
    let year: i32 = year.parse().map_err(|_| bad())?;
    let quarter: u32 = quarter.parse().map_err(|_| bad())?;
    if !(1..=4).contains(&quarter) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1).ok_or_else(bad)
}

/// The first day of the year typed as `YYYY`, `this` or `last` (今年, 去年).
pub fn parse_year(raw: &str, field: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    use chrono::Datelike;
    let year = match period_word(raw, YEAR_WORDS) {
        Some(THIS) => today.year(),
        Some(LAST) => today.year() - 1,
        _ => raw.trim().parse().map_err(|_| {
            Invalid::from(Message::NotAYear {
                field: field.to_string(),
                raw: raw.to_string(),
            })
        })?,
    };
    NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| {
        Invalid::from(Message::YearOutOfRange {
            field: field.to_string(),
            year: i64::from(year),
        })
    })
}

fn out_of_range(raw: &str, field: &str) -> Invalid {
    Invalid::from(Message::OutsideCalendar {
        field: field.to_string(),
        raw: raw.to_string(),
    })
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

    fn day(text: &str) -> NaiveDate {
        parse_date(text, "t").unwrap()
    }

    #[test]
    fn period_words_are_judged_against_the_at_day() {
        // A Monday, in the middle of the fourth quarter.
        let today = day("2026-11-23");
        assert_eq!(parse_day("today", "--date", today), Ok(today));
        assert_eq!(
            parse_day(" Yesterday ", "--date", today),
            Ok(day("2026-11-22"))
        );
        assert_eq!(
            parse_day("2026-01-05", "--date", today),
            Ok(day("2026-01-05"))
        );
        assert_eq!(parse_week("this", "--week", today), Ok(today));
        assert_eq!(parse_week("last", "--week", today), Ok(day("2026-11-16")));
        assert_eq!(
            parse_week("2026-11-29", "--week", today),
            Ok(today),
            "a Sunday"
        );
        assert_eq!(
            parse_week("yesterday", "--week", today),
            Ok(day("2026-11-16"))
        );
        assert_eq!(parse_month("this", "--month", today), Ok(day("2026-11-01")));
        assert_eq!(parse_month("LAST", "--month", today), Ok(day("2026-10-01")));
        assert_eq!(
            parse_month("2026-02", "--month", today),
            Ok(day("2026-02-01"))
        );
        assert_eq!(
            parse_quarter("this", "--quarter", today),
            Ok(day("2026-10-01"))
        );
        assert_eq!(
            parse_quarter("last", "--quarter", today),
            Ok(day("2026-07-01"))
        );
        assert_eq!(
            parse_quarter("2026q1", "--quarter", today),
            Ok(day("2026-01-01"))
        );
        assert_eq!(parse_year("this", "--year", today), Ok(day("2026-01-01")));
        assert_eq!(parse_year("last", "--year", today), Ok(day("2025-01-01")));
        assert_eq!(parse_year("2024", "--year", today), Ok(day("2024-01-01")));
        // Across a year's turn: yesterday, last week, last month and last quarter are in 2025.
        let new_year = day("2026-01-01");
        assert_eq!(
            parse_day("yesterday", "--date", new_year),
            Ok(day("2025-12-31"))
        );
        assert_eq!(
            parse_week("last", "--week", new_year),
            Ok(day("2025-12-22"))
        );
        assert_eq!(
            parse_month("last", "--month", new_year),
            Ok(day("2025-12-01"))
        );
        assert_eq!(
            parse_quarter("last", "--quarter", new_year),
            Ok(day("2025-10-01"))
        );
    }

    #[test]
    fn the_chinese_period_words_mean_what_the_english_ones_do() {
        let today = day("2026-11-23");
        type Parser = fn(&str, &str, NaiveDate) -> Result<NaiveDate, Invalid>;
        let cases: [(Parser, &str, &[&str]); 10] = [
            (parse_day, "today", &["今天", "今日"]),
            (parse_day, "yesterday", &["昨天", " 昨日 "]),
            (parse_week, "this", &["本周", "这周", "今天"]),
            (parse_week, "last", &["上周"]),
            (parse_month, "this", &["本月", "这个月"]),
            (parse_month, "last", &["上月", "上个月"]),
            (parse_quarter, "this", &["本季度", "本季"]),
            (parse_quarter, "last", &["上季度", "上季"]),
            (parse_year, "this", &["今年", "本年"]),
            (parse_year, "last", &["去年", "上年"]),
        ];
        for (parse, english, chinese) in cases {
            let meant = parse(english, "--when", today).unwrap();
            for word in chinese {
                assert_eq!(parse(word, "--when", today), Ok(meant), "{word}");
            }
        }
        // A month's word is not a week's.
        assert!(parse_week("上月", "--week", today).is_err());
        assert!(parse_month("上周", "--month", today).is_err());
    }

    #[test]
    fn every_period_word_offered_is_read_as_the_period_it_names() {
        let today = day("2026-11-23");
        type Parser = fn(&str, &str, NaiveDate) -> Result<NaiveDate, Invalid>;
        let sets: [(Parser, &[PeriodWord]); 5] = [
            (parse_day, DAY_WORDS),
            (parse_week, WEEK_WORDS),
            (parse_month, MONTH_WORDS),
            (parse_quarter, QUARTER_WORDS),
            (parse_year, YEAR_WORDS),
        ];
        for (parse, words) in sets {
            let mut meant = Vec::new();
            for word in words {
                let period = parse(word.word, "--when", today).unwrap();
                for zh in word.zh {
                    assert_eq!(parse(zh, "--when", today), Ok(period), "{zh}");
                }
                assert_eq!(
                    parse(&format!(" {} ", word.word.to_uppercase()), "--when", today),
                    Ok(period)
                );
                meant.push(period);
            }
            meant.dedup();
            assert_eq!(
                meant.len(),
                words.len(),
                "two words of a set mean one period"
            );
        }
    }

    #[test]
    fn a_word_out_of_place_names_the_field_and_the_words() {
        let today = day("2026-11-23");
        for (result, field, words) in [
            (
                parse_day("this", "--date", today),
                "--date",
                "today or yesterday",
            ),
            (
                parse_day("2026-11", "--date", today),
                "--date",
                "YYYY-MM-DD",
            ),
            (parse_week("next", "--week", today), "--week", "this, last"),
            (
                parse_month("today", "--month", today),
                "--month",
                "this or last",
            ),
            (
                parse_month("2026-13", "--month", today),
                "--month",
                "YYYY-MM",
            ),
            (
                parse_quarter("2026Q5", "--quarter", today),
                "--quarter",
                "this or last",
            ),
            (
                parse_year("yesterday", "--year", today),
                "--year",
                "this or last",
            ),
        ] {
            let err = result.unwrap_err();
            assert!(
                err.to_string().starts_with(&format!("{field}: "))
                    && err.to_string().contains(words),
                "{err}"
            );
        }
        // The first day of the calendar has no yesterday, and no week that starts before it.
        assert!(parse_day("yesterday", "--date", NaiveDate::MIN).is_err());
        assert!(parse_week("this", "--week", NaiveDate::MIN).is_err());
    }
}
