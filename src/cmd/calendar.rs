//! `calendar holiday | workday | show | load | hours | zone | director`: the working calendar
//! that complaint deadlines run on, the time zone the office's clock is read in, and the
//! customer director who follows the major complaints. Holidays, make-up days, hours, zone and
//! director are the office's data, kept in the database.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use indicatif::ProgressBar;

use super::Context;
use crate::cli::CalendarCommand;
use crate::db::calendar;
use crate::domain::calendar::{self as calendar_rules, DayKind, Hours};
use crate::domain::codes::Code;
use crate::domain::{dates, field, zone};
use crate::error::{Invalid, invalid};
use crate::messages::Message;
use crate::messages::columns::calendar::COLUMNS;
use crate::output::{Cell, Records};
use crate::sheet;

/// The longest range one command marks: a year.
const MAX_RANGE_DAYS: i64 = 366;

pub fn run(context: &Context, command: CalendarCommand) -> Result<()> {
    match command {
        CalendarCommand::Holiday { days, name } => {
            mark(context, &days, DayKind::Holiday, name.as_deref())
        }
        CalendarCommand::Workday { day, name } => {
            mark(context, &day, DayKind::Workday, name.as_deref())
        }
        CalendarCommand::Show { year } => show(context, year),
        CalendarCommand::Load { file } => load(context, &file),
        CalendarCommand::Hours { hours } => set_hours(context, &hours),
        CalendarCommand::Zone { zone } => office_zone(context, zone.as_deref()),
        CalendarCommand::Director { name } => director(context, name.as_deref()),
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`, in order, at most a year long.
fn day_range(raw: &str, field: &str) -> Result<Vec<NaiveDate>, Invalid> {
    let (first, last) = match raw.split_once("..") {
        Some((first, last)) => (
            dates::parse_date(first, field)?,
            dates::parse_date(last, field)?,
        ),
        None => {
            let day = dates::parse_date(raw, field)?;
            (day, day)
        }
    };
    let length = (last - first).num_days() + 1;
    if !(1..=MAX_RANGE_DAYS).contains(&length) {
        return Err(Invalid::from(Message::NotADayRange {
            field: field.to_string(),
            raw: raw.to_string(),
        }));
    }
    Ok(first.iter_days().take(length as usize).collect())
}

fn mark(context: &Context, raw: &str, kind: DayKind, name: Option<&str>) -> Result<()> {
    let field = match kind {
        DayKind::Holiday => "DAYS",
        DayKind::Workday => "DAY",
    };
    let days = day_range(raw, field)?;
    if kind == DayKind::Workday && days.len() > 1 {
        return Err(invalid(Message::WorkdayRange {
            raw: raw.to_string(),
        }));
    }
    let name = name
        .map(|n| calendar_rules::day_name(n, "--name"))
        .transpose()?
        .flatten();
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        for day in &days {
            calendar::mark(tx, *day, kind, name.as_deref())?;
        }
        Ok(())
    })?;
    let count = days.len() as i64;
    let marked = match kind {
        DayKind::Holiday => Message::MarkedHolidays { count },
        DayKind::Workday => Message::MarkedWorkdays { count },
    };
    context.emit(&format!("{}\n", marked.text(context.out.lang)))
}

/// The first and last day of a year typed (out of range is refused), else none.
fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| {
        invalid(Message::CalendarYear {
            year: i64::from(year),
        })
    })?;
    Ok((
        first,
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(first),
    ))
}

fn show(context: &Context, year: Option<i32>) -> Result<()> {
    if let Some(year) = year {
        year_bounds(year)?;
    }
    let conn = context.open()?;
    let (first, last) = year_bounds(year.unwrap_or_else(|| context.today().year()))?;
    let mut records = Records::new(COLUMNS);
    for listed in calendar::days_between(&conn, first, last)? {
        let (weekday, weekday_zh) = dates::weekday(listed.day);
        records.push(vec![
            dates::date(listed.day).into(),
            Cell::label(weekday, weekday_zh),
            Cell::code(listed.kind),
            listed.name.into(),
        ]);
    }
    if context.out.format == crate::output::Format::Table {
        let hours = calendar::calendar(&conn)?.hours;
        let zone = calendar::zone(&conn)?;
        let told = Message::OfficeHoursAndZone {
            hours: hours.text(),
            zone: zone::name(zone).to_string(),
        };
        context.note(&told.text(context.out.lang));
    }
    context.list(&records)
}

/// A day listed in a calendar sheet: the day, what it is, its name.
type Listed = (NaiveDate, DayKind, Option<String>);

/// Loads a CSV of `date,kind,name`; every row is checked before any is written.
fn load(context: &Context, file: &Path) -> Result<()> {
    let days = read_sheet(file)?;
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        for (day, kind, name) in &days {
            calendar::mark(tx, *day, *kind, name.as_deref())?;
        }
        Ok(())
    })?;
    let holidays = days.iter().filter(|d| d.1 == DayKind::Holiday).count();
    let loaded = Message::CalendarLoaded {
        holidays: holidays as i64,
        workdays: (days.len() - holidays) as i64,
    };
    context.emit(&format!("{}\n", loaded.text(context.out.lang)))
}

/// Every day a calendar sheet lists, or one error naming every bad row. The sheet is read as
/// `import` reads one (CSV in UTF-8 or GBK, or .xlsx; bounded cells and lines); its first row
/// names the columns.
fn read_sheet(file: &Path) -> Result<Vec<Listed>> {
    let mut columns: Option<(usize, usize, Option<usize>)> = None;
    let mut days = Vec::new();
    let mut problems = Vec::new();
    let options = sheet::Options::default();
    sheet::read(file, &options, &ProgressBar::hidden(), |row, values| {
        let Some((date_col, kind_col, name_col)) = columns else {
            let column = |names: &[&str]| values.iter().position(|h| names.contains(&h.trim()));
            let (Some(date_col), Some(kind_col)) =
                (column(&["date", "日期"]), column(&["kind", "类型"]))
            else {
                return Err(invalid(Message::CalendarHeader {
                    file: file.to_path_buf(),
                    header: values.join(","),
                }));
            };
            columns = Some((date_col, kind_col, column(&["name", "名称"])));
            return Ok(());
        };
        let field = |col: usize| values.get(col).map_or("", |v| v.trim());
        let name = name_col.map_or(Ok(None), |c| calendar_rules::day_name(field(c), "name"));
        match (
            day_range(field(date_col), "date"),
            DayKind::parse(field(kind_col), "kind"),
            name,
        ) {
            (Ok(range), Ok(kind), Ok(name)) => {
                days.extend(range.into_iter().map(|d| (d, kind, name.clone())))
            }
            (Err(problem), _, _) | (_, Err(problem), _) | (_, _, Err(problem)) => {
                problems.push(Message::CalendarRow {
                    row: row as i64,
                    problem,
                })
            }
        }
        Ok(())
    })?;
    if columns.is_none() {
        return Err(invalid(Message::CalendarFileEmpty {
            file: file.to_path_buf(),
        }));
    }
    problems.extend(listed_twice(&days));
    if !problems.is_empty() {
        return Err(invalid(Message::CalendarNothingLoaded {
            file: file.to_path_buf(),
            problems,
        }));
    }
    Ok(days)
}

/// A day listed twice would leave whichever came last: say so instead of choosing.
fn listed_twice(days: &[Listed]) -> Vec<Message> {
    let mut seen: HashMap<NaiveDate, DayKind> = HashMap::new();
    let mut problems = Vec::new();
    for (day, kind, _) in days {
        if let Some(first) = seen.insert(*day, *kind) {
            problems.push(Message::CalendarListedTwice {
                day: day.to_string(),
                first: first.code().to_string(),
                then: kind.code().to_string(),
            });
        }
    }
    problems
}

fn set_hours(context: &Context, raw: &str) -> Result<()> {
    let hours = Hours::parse(raw, "HOURS")?;
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        calendar::set_setting(tx, "hours", &hours.text())
    })?;
    let told = Message::OfficeHours {
        hours: hours.text(),
    };
    context.emit(&format!("{}\n", told.text(context.out.lang)))
}

/// Shows the office's time zone, or sets it. Times already recorded keep the wall-clock times
/// they were written with: the zone says how the computer's clock is read from now on.
fn office_zone(context: &Context, raw: Option<&str>) -> Result<()> {
    let zone = match raw {
        None => calendar::zone(&context.open()?)?,
        Some(raw) => {
            let zone = zone::parse(raw, "ZONE")?;
            let mut conn = context.writable()?;
            context.write(&mut conn, |tx| calendar::set_zone(tx, zone))?;
            zone
        }
    };
    let told = Message::OfficeZone {
        zone: zone::name(zone).to_string(),
    };
    context.emit(&format!("{}\n", told.text(context.out.lang)))
}

/// Shows the customer director the office named, or names them.
fn director(context: &Context, raw: Option<&str>) -> Result<()> {
    let name = match raw {
        None => calendar::director(&context.open()?)?,
        Some(raw) => {
            let name = field::name(raw, "NAME")?;
            let mut conn = context.writable()?;
            context.write(&mut conn, |tx| calendar::set_director(tx, &name))?;
            Some(name)
        }
    };
    let told = match name {
        Some(name) => Message::CustomerDirector { name },
        None => Message::NoCustomerDirector {},
    };
    context.emit(&format!("{}\n", told.text(context.out.lang)))
}
