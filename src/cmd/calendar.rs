//! `calendar holiday | workday | show | load | hours | zone`: the working calendar that complaint
//! deadlines run on, and the time zone the office's clock is read in. Holidays, make-up days,
//! hours and zone are the office's data, kept in the database.

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
use crate::domain::text::quoted;
use crate::domain::{dates, zone};
use crate::error::invalid;
use crate::output::{Cell, Column, Records, col};
use crate::sheet;

const COLUMNS: &[Column] = &[
    col("date", "Date", "日期"),
    col("weekday", "Weekday", "星期"),
    col("kind", "Kind", "类型"),
    col("name", "Name", "名称"),
];

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
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD`, in order, at most a year long.
fn day_range(raw: &str, field: &str) -> Result<Vec<NaiveDate>, crate::error::Invalid> {
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
        return Err(crate::error::Invalid::from(format!(
            "{field}: {} is not a range of up to a year; type FIRST..LAST, for example \
             2026-10-01..2026-10-07",
            quoted(raw)
        )));
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
        return Err(invalid(format!(
            "DAY: {} is a range; mark make-up days one at a time",
            quoted(raw)
        )));
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
    let lang = context.out.lang;
    let what = match kind {
        DayKind::Holiday => lang.pick("holiday", "节假日"),
        DayKind::Workday => lang.pick("make-up working day", "调休上班日"),
    };
    context.emit(&format!(
        "{}\n",
        match lang {
            crate::output::Lang::En => format!("marked {} day(s) as {what}", days.len()),
            crate::output::Lang::Zh => format!("已将 {} 天标记为{what}", days.len()),
        }
    ))
}

/// The first and last day of a year typed (out of range is refused), else none.
fn year_bounds(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| {
        invalid(format!(
            "--year: {year} is out of range; type a year such as 2026"
        ))
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
        eprintln!(
            "{} {}; {} {}",
            context.out.lang.pick("office hours:", "办公时间："),
            hours.text(),
            context.out.lang.pick("time zone:", "时区："),
            zone::name(zone)
        );
    }
    context.emit(&context.out.render_list(&records)?)
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
    context.emit(&format!(
        "{}\n",
        match context.out.lang {
            crate::output::Lang::En => format!(
                "loaded {holidays} holidays and {} make-up working days",
                days.len() - holidays
            ),
            crate::output::Lang::Zh => format!(
                "已载入 {holidays} 天节假日、{} 天调休上班日",
                days.len() - holidays
            ),
        }
    ))
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
                return Err(invalid(format!(
                    "{}: the header must name the columns date and kind (and optionally name); \
                     it reads {}",
                    file.display(),
                    quoted(&values.join(","))
                )));
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
            (Err(err), _, _) | (_, Err(err), _) | (_, _, Err(err)) => {
                problems.push(format!("row {row}: {err}"))
            }
        }
        Ok(())
    })?;
    if columns.is_none() {
        return Err(invalid(format!(
            "{}: the file is empty; its first row names the columns date, kind and name",
            file.display()
        )));
    }
    problems.extend(listed_twice(&days));
    if !problems.is_empty() {
        return Err(invalid(format!(
            "{}: nothing loaded; {}",
            file.display(),
            problems.join("; ")
        )));
    }
    Ok(days)
}

/// A day listed twice would leave whichever came last: say so instead of choosing.
fn listed_twice(days: &[Listed]) -> Vec<String> {
    let mut seen: HashMap<NaiveDate, DayKind> = HashMap::new();
    let mut problems = Vec::new();
    for (day, kind, _) in days {
        if let Some(first) = seen.insert(*day, *kind) {
            problems.push(format!(
                "{day} is listed twice (as {} and {})",
                first.code(),
                kind.code()
            ));
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
    context.emit(&format!(
        "{} {}\n",
        context.out.lang.pick("office hours:", "办公时间："),
        hours.text()
    ))
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
    context.emit(&format!(
        "{} {}\n",
        context.out.lang.pick("time zone:", "时区："),
        zone::name(zone)
    ))
}
