//! The working-day calendar (工作日历): weekdays are working days, statutory holidays are not,
//! and make-up working days (调休) are, even on a Saturday or Sunday. Office hours bound the
//! working time within a day. The holidays are data the office keeps in the database; this module
//! only answers questions about a calendar it is given.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::codes::{self, code_set};
use super::field;
use super::text::Lines;
use crate::error::Invalid;
use crate::messages::Message;

/// What a listed day of the calendar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A statutory holiday (节假日), even on a weekday.
    Holiday,
    /// A make-up working day (调休上班), even on a weekend.
    Workday,
}

code_set!(DayKind, "a kind of day", [
    Holiday => "holiday", "节假日" | "假日" | "放假",
    Workday => "workday", "调休上班" | "调休" | "上班" | "补班",
]);

impl DayKind {
    /// Accepts the code or the words offices write in their holiday sheets.
    pub fn parse(raw: &str, field: &str) -> Result<DayKind, Invalid> {
        codes::parse(raw, field, |field, raw| Message::NotADayKind { field, raw })
    }
}

/// A listed day's name as typed or read from a calendar sheet (国庆节): trimmed, on one line and
/// with nothing a terminal acts on; empty is no name.
pub fn day_name(raw: &str, field: &str) -> Result<Option<String>, Invalid> {
    let name = field::plain(raw.trim(), field, Lines::One)?;
    Ok((!name.is_empty()).then(|| name.to_string()))
}

/// Office hours, default 09:00–18:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub open: NaiveTime,
    pub close: NaiveTime,
}

impl Default for Hours {
    fn default() -> Hours {
        Hours {
            open: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            close: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl Hours {
    /// Parses `HH:MM-HH:MM`; the office must open before it closes.
    pub fn parse(raw: &str, field: &str) -> Result<Hours, Invalid> {
        let bad = || {
            Invalid::from(Message::NotOfficeHours {
                field: field.to_string(),
                raw: raw.to_string(),
            })
        };
        let (open, close) = raw.trim().split_once('-').ok_or_else(bad)?;
        let open = NaiveTime::parse_from_str(open.trim(), "%H:%M").map_err(|_| bad())?;
        let close = NaiveTime::parse_from_str(close.trim(), "%H:%M").map_err(|_| bad())?;
        if open >= close {
            return Err(bad());
        }
        Ok(Hours { open, close })
    }

    pub fn text(&self) -> String {
        format!(
            "{}-{}",
            self.open.format("%H:%M"),
            self.close.format("%H:%M")
        )
    }
}

/// A calendar: holidays, make-up working days and office hours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    pub holidays: BTreeSet<NaiveDate>,
    pub workdays: BTreeSet<NaiveDate>,
    pub hours: Hours,
}

impl Calendar {
    /// Lists a day as a holiday or a make-up working day.
    pub fn mark(&mut self, day: NaiveDate, kind: DayKind) {
        match kind {
            DayKind::Holiday => self.holidays.insert(day),
            DayKind::Workday => self.workdays.insert(day),
        };
    }

    /// Monday to Friday, minus holidays, plus make-up working days.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains(&day) {
            return false;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The first working day after `day`.
    pub fn next_working_day(&self, day: NaiveDate) -> NaiveDate {
        // A calendar cannot close every day: no country has a year-long holiday, and the loop
        // stops at the end of the calendar type all the same.
        let mut next = day;
        loop {
            match next.succ_opt() {
                Some(following) => next = following,
                None => return next,
            }
            if self.is_working_day(next) {
                return next;
            }
        }
    }

    /// The `n`th working day after `day`.
    pub fn add_working_days(&self, day: NaiveDate, n: u32) -> NaiveDate {
        (0..n).fold(day, |current, _| self.next_working_day(current))
    }

    /// `at` itself when it falls in office hours of a working day, else the next opening.
    pub fn next_working_moment(&self, at: NaiveDateTime) -> NaiveDateTime {
        let day = at.date();
        if self.is_working_day(day) {
            if at.time() < self.hours.open {
                return day.and_time(self.hours.open);
            }
            if at.time() < self.hours.close {
                return at;
            }
        }
        self.next_working_day(day).and_time(self.hours.open)
    }

    /// `minutes` of working time after `at`, counted only inside office hours.
    pub fn add_working_minutes(&self, at: NaiveDateTime, minutes: i64) -> NaiveDateTime {
        let mut moment = self.next_working_moment(at);
        let mut left = Duration::minutes(minutes);
        loop {
            let until_close = moment.date().and_time(self.hours.close) - moment;
            if left <= until_close {
                return moment + left;
            }
            left -= until_close;
            moment = self
                .next_working_day(moment.date())
                .and_time(self.hours.open);
        }
    }

    /// `n` working days after `at`: the same time of day on the `n`th working day after the
    /// working moment `at` falls in (or the next one).
    pub fn add_working_days_at(&self, at: NaiveDateTime, n: u32) -> NaiveDateTime {
        let start = self.next_working_moment(at);
        self.add_working_days(start.date(), n)
            .and_time(start.time())
    }

    /// Close of business on the working day `at` falls in (or the next one).
    pub fn end_of_working_day(&self, at: NaiveDateTime) -> NaiveDateTime {
        self.next_working_moment(at)
            .date()
            .and_time(self.hours.close)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    /// National Day 2026: 10-01..10-07 off, Saturday 10-10 and Sunday 09-20 worked.
    fn national_day() -> Calendar {
        let mut calendar = Calendar::default();
        let mut day = d("2026-10-01");
        while day <= d("2026-10-07") {
            calendar.holidays.insert(day);
            day = day.succ_opt().unwrap();
        }
        calendar.workdays.insert(d("2026-09-20"));
        calendar.workdays.insert(d("2026-10-10"));
        calendar
    }

    #[test]
    fn a_day_is_named_on_one_line() {
        assert_eq!(
            day_name(" 国庆节 ", "--name").unwrap().as_deref(),
            Some("国庆节")
        );
        assert_eq!(day_name("  ", "--name").unwrap(), None);
        assert!(day_name("国庆\n节", "--name").is_err());
        assert!(day_name("\u{1b}]0;title\u{7}", "name").is_err());
    }

    #[test]
    fn weekends_holidays_and_make_up_days() {
        let calendar = national_day();
        assert!(calendar.is_working_day(d("2026-09-30")), "a Wednesday");
        assert!(
            !calendar.is_working_day(d("2026-10-01")),
            "a holiday on a Thursday"
        );
        assert!(
            !calendar.is_working_day(d("2026-10-03")),
            "a Saturday inside the holiday"
        );
        assert!(
            calendar.is_working_day(d("2026-10-10")),
            "a make-up Saturday"
        );
        assert!(calendar.is_working_day(d("2026-09-20")), "a make-up Sunday");
        assert!(
            !calendar.is_working_day(d("2026-10-11")),
            "an ordinary Sunday"
        );
    }

    #[test]
    fn adding_working_days_crosses_the_week_long_holiday_and_counts_the_make_up_saturday() {
        let calendar = national_day();
        assert_eq!(calendar.next_working_day(d("2026-09-30")), d("2026-10-08"));
        // 10-08 (Thu) is the 1st, 10-09 (Fri) 2nd, 10-10 (make-up Sat) 3rd, 10-12 (Mon) 4th.
        assert_eq!(
            calendar.add_working_days(d("2026-09-30"), 4),
            d("2026-10-12")
        );
        assert_eq!(
            calendar.add_working_days(d("2026-09-30"), 0),
            d("2026-09-30")
        );
    }

    #[test]
    fn receipt_after_hours_starts_at_the_next_working_moment() {
        let calendar = national_day();
        assert_eq!(
            calendar.next_working_moment(t("2026-09-30 19:00")),
            t("2026-10-08 09:00")
        );
        assert_eq!(
            calendar.next_working_moment(t("2026-09-29 08:15")),
            t("2026-09-29 09:00")
        );
        assert_eq!(
            calendar.next_working_moment(t("2026-09-29 17:59")),
            t("2026-09-29 17:59")
        );
        assert_eq!(
            calendar.next_working_moment(t("2026-09-29 18:00")),
            t("2026-09-30 09:00")
        );
        assert_eq!(
            calendar.next_working_moment(t("2026-10-09 20:00")),
            t("2026-10-10 09:00")
        );
        // Five working days from an after-hours receipt on the eve of the holiday.
        assert_eq!(
            calendar.add_working_days_at(t("2026-09-30 19:00"), 5),
            t("2026-10-14 09:00")
        );
    }

    #[test]
    fn working_minutes_stop_at_closing_time() {
        let calendar = national_day();
        assert_eq!(
            calendar.add_working_minutes(t("2026-09-29 10:00"), 30),
            t("2026-09-29 10:30")
        );
        assert_eq!(
            calendar.add_working_minutes(t("2026-09-30 17:50"), 30),
            t("2026-10-08 09:20")
        );
        assert_eq!(
            calendar.add_working_minutes(t("2026-09-30 22:00"), 30),
            t("2026-10-08 09:30")
        );
        assert_eq!(
            calendar.end_of_working_day(t("2026-09-30 19:00")),
            t("2026-10-08 18:00")
        );
    }

    #[test]
    fn office_hours_are_configurable() {
        let hours = Hours::parse("08:30-17:30", "--hours").unwrap();
        let calendar = Calendar {
            hours,
            ..Calendar::default()
        };
        assert_eq!(
            calendar.next_working_moment(t("2026-09-29 08:00")),
            t("2026-09-29 08:30")
        );
        assert_eq!(hours.text(), "08:30-17:30");
        for bad in ["9-18", "18:00-09:00", "09:00", "09:00-09:00"] {
            assert!(Hours::parse(bad, "--hours").is_err(), "{bad}");
        }
    }
}
