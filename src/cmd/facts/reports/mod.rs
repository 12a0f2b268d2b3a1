//! The reports, each built as a value: `report daily | weekly | monthly | quarterly | annual |
//! overdue | repairs | survey | commission | fairness`, what the managers read every morning and
//! what cron jobs file away. A report is its head (its name, its period, the moment it was
//! judged at) and its named sections, built by [`build`] from rows read inside one read
//! transaction over a connection its caller opened; it never prints. The `report` command
//! prints it alone ([`render`]); the group centre opens each project file to read only and
//! gathers the same value from every project. Each report has a file of its own below, each
//! section a function of its own; this file holds what they share, with the report's period as
//! `--output` names it and a period to come refused ([`period`], [`begun`]). An empty period is
//! a valid report: the head alone.

use anyhow::Result;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;

use crate::cli::ReportCommand;
use crate::cmd::{Context, spelled};
use crate::domain::{dates, filing};
use crate::error::Invalid;
use crate::files::Replaces;
use crate::messages::Message;
use crate::messages::columns::facts::reports::SECTION_COLUMNS;
use crate::output::{Cell, Chart, Column, Drawn, Output, Records, col};

mod commission;
mod daily;
mod fairness;
mod monthly;
mod overdue;
mod periodic;
mod repairs;
mod survey;
mod weekly;

/// A report as built: its own fields and its named sections, in the order they are shown.
#[derive(Debug, Clone)]
pub struct Report {
    /// One row: the report's name, its period and the moment it was judged at (some reports
    /// add their summary, so that a script reads it at the top of the JSON).
    pub head: Records,
    pub sections: Vec<(Column, Records)>,
}

impl Report {
    fn new(head: Records, sections: impl IntoIterator<Item = (Column, Records)>) -> Report {
        Report {
            head,
            sections: sections.into_iter().collect(),
        }
    }
}

/// Checks how the report's period is spelled before any file is opened ([`spelled`]): a
/// mistyped `--month` is wrong for every project the group centre reads.
pub fn check(command: &ReportCommand) -> Result<()> {
    spelled(|today| period(command, today))
}

/// Builds the report asked for over `conn`, opened by the caller with the clock read in the
/// office's zone: the period is worked out against the office's today, then every section is
/// read inside one read transaction.
pub fn build(context: &Context, conn: Connection, command: &ReportCommand) -> Result<Report> {
    begun(command, context.today())?;
    match command {
        ReportCommand::Daily { date } => daily::build(context, conn, date.as_deref()),
        ReportCommand::Weekly { week } => weekly::build(context, conn, week.as_deref()),
        ReportCommand::Monthly { month } => monthly::build(context, conn, month.as_deref()),
        ReportCommand::Quarterly { quarter } => {
            periodic::quarterly(context, conn, quarter.as_deref())
        }
        ReportCommand::Annual { year } => periodic::annual(context, conn, year.as_deref()),
        ReportCommand::Overdue => overdue::build(context, conn),
        ReportCommand::Repairs { month } => repairs::build(context, conn, month.as_deref()),
        ReportCommand::Survey { survey } => survey::build(context, conn, survey),
        ReportCommand::Commission { month } => commission::build(context, conn, month.as_deref()),
        ReportCommand::Fairness { month, week } => {
            fairness::build(context, conn, month.as_deref(), week.as_deref())
        }
    }
}

/// The report as it reads alone: tables on a terminal, or one CSV (stable snake_case columns,
/// the section in the first) or one JSON object. A survey wave reads as its card and its
/// indicators instead ([`survey::alone`]).
pub fn render(out: &Output, command: &ReportCommand, report: &Report) -> Result<String> {
    match command {
        ReportCommand::Survey { .. } => survey::alone(out, report),
        _ => out.render_sections(&report.head, &report.sections),
    }
}

/// The charts a report's workbook draws over its sections.
pub fn charts(command: &ReportCommand) -> &'static [Chart] {
    match command {
        ReportCommand::Monthly { .. }
        | ReportCommand::Quarterly { .. }
        | ReportCommand::Annual { .. } => monthly::CHARTS,
        ReportCommand::Survey { .. } => survey::CHARTS,
        ReportCommand::Fairness { .. } => fairness::CHARTS,
        _ => &[],
    }
}

/// The sections a report's workbook shows: its own, and for a survey wave the index of it and
/// of the wave before, for its chart.
pub fn workbook_sections(command: &ReportCommand, report: &Report) -> Vec<(Column, Records)> {
    match command {
        ReportCommand::Survey { .. } => survey::workbook_sections(report),
        _ => report.sections.clone(),
    }
}

/// The charts of the group centre's workbook: the report's own, over every project's rows, and
/// each project's visits and satisfaction side by side.
pub fn group_charts(command: &ReportCommand) -> Vec<Chart> {
    const GROUP: &[Chart] = &[
        Chart {
            section: "visits_by_channel",
            title: "Each project's visits by channel",
            title_zh: "各项目按渠道来访",
            kind: Drawn::Columns,
            category: "project",
            values: &["visits"],
            series_by: Some("channel"),
        },
        Chart {
            section: "satisfaction",
            title: "Each project's satisfaction",
            title_zh: "各项目满意度",
            kind: Drawn::Columns,
            category: "project",
            values: &["survey_index", "complaint_handling_index"],
            series_by: None,
        },
    ];
    [charts(command), GROUP].concat()
}

/// The sections of a report, by the name `--section` takes and their heading.
pub fn section_list(report: &Report) -> Records {
    let mut records = Records::new(SECTION_COLUMNS);
    for (section, rows) in &report.sections {
        records.push(vec![
            section.key.into(),
            Cell::Phrase {
                en: section.key.to_string(),
                zh: section.zh.to_string(),
            },
            (rows.rows.len() as i64).into(),
        ]);
    }
    records
}

/// One section of a report alone, tidy: the report's own fields (its name, period and as_of)
/// on every row, then the section's own columns. An unknown name is refused with the names
/// there are.
pub fn one_section(report: &Report, name: &str) -> Result<Records, Invalid> {
    let wanted = name.trim();
    let Some((_, rows)) = report.sections.iter().find(|(s, _)| s.key == wanted) else {
        return Err(Invalid::from(Message::NoSuchSection {
            name: name.to_string(),
            sections: report
                .sections
                .iter()
                .map(|(s, _)| s.key.to_string())
                .collect(),
        }));
    };
    let mut columns = report.head.columns.clone();
    columns.extend(rows.columns.iter().copied());
    let mut tidy = Records::new(&columns);
    let head = report.head.rows.first().cloned().unwrap_or_default();
    for row in &rows.rows {
        let mut line = head.clone();
        line.extend(row.iter().cloned());
        tidy.push(line);
    }
    Ok(tidy)
}

fn number(value: Option<f64>, decimals: usize) -> Cell {
    value.map_or(Cell::Null, |v| Cell::Number(v, decimals))
}

fn start(day: NaiveDate) -> NaiveDateTime {
    day.and_time(NaiveTime::MIN)
}

/// A section of a report: its key (the JSON field, the CSV `section` value) and its heading.
const fn section(key: &'static str, zh: &'static str) -> Column {
    col(key, key, zh)
}

/// The report's own fields: its name, its period and the moment it was judged at.
fn head(
    report: Cell,
    period: &[(&'static str, &'static str, &'static str, String)],
    context: &Context,
) -> Records {
    let mut columns = vec![col("report", "Report", "报表")];
    let mut row = vec![report];
    for (key, en, zh, value) in period {
        columns.push(col(key, en, zh));
        row.push(value.clone().into());
    }
    columns.push(col("as_of", "As of", "截至"));
    row.push(dates::minute(context.now()).into());
    let mut records = Records::new(&columns);
    records.push(row);
    records
}

/// The first day of the month typed as YYYY-MM, this or last; default last month.
fn month_of(raw: Option<&str>, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    dates::parse_month(raw.unwrap_or("last"), "--month", today)
}

/// A report's period as `--output` names it and as the refusal of a period to come reads it:
/// its first day, its name (`2026-11-23`, the week's Monday, `2026-11`, `2026Q4`, `2026`, a
/// survey's wave), and the option and value it was typed as.
pub struct Period {
    pub first: NaiveDate,
    pub name: String,
    field: &'static str,
    raw: String,
}

/// The period of the report asked for, judged against `today`: `None` for `report overdue`,
/// whose period is the moment it is read at (named by that day), and for a survey wave (named
/// by the wave).
pub fn period(command: &ReportCommand, today: NaiveDate) -> Result<Period, Invalid> {
    let typed = |raw: &Option<String>, default: &str| raw.clone().unwrap_or(default.to_string());
    let monthly = |month: &Option<String>| -> Result<Period, Invalid> {
        let first = month_of(month.as_deref(), today)?;
        Ok(Period {
            first,
            name: first.format("%Y-%m").to_string(),
            field: "--month",
            raw: typed(month, "last"),
        })
    };
    Ok(match command {
        ReportCommand::Daily { date } => {
            let day = daily::day_of(date.as_deref(), today)?;
            Period {
                first: day,
                name: dates::date(day),
                field: "--date",
                raw: typed(date, "yesterday"),
            }
        }
        ReportCommand::Weekly { week }
        | ReportCommand::Fairness {
            week: week @ Some(_),
            ..
        } => {
            let monday = weekly::week_of(week.as_deref(), today)?;
            Period {
                first: monday,
                name: dates::date(monday),
                field: "--week",
                raw: typed(week, "last"),
            }
        }
        ReportCommand::Monthly { month }
        | ReportCommand::Repairs { month }
        | ReportCommand::Commission { month }
        | ReportCommand::Fairness { month, .. } => monthly(month)?,
        ReportCommand::Quarterly { quarter } => {
            let first = periodic::quarter_of(quarter.as_deref(), today)?;
            Period {
                first,
                name: format!("{}Q{}", first.year(), first.month0() / 3 + 1),
                field: "--quarter",
                raw: typed(quarter, "last"),
            }
        }
        ReportCommand::Annual { year } => {
            let first = periodic::year_of(year.as_deref(), today)?;
            Period {
                first,
                name: first.year().to_string(),
                field: "--year",
                raw: typed(year, "last"),
            }
        }
        ReportCommand::Overdue => Period {
            first: today,
            name: dates::date(today),
            field: "--at",
            raw: dates::date(today),
        },
        ReportCommand::Survey { survey } => Period {
            first: today,
            name: survey.clone(),
            field: "--survey",
            raw: survey.clone(),
        },
    })
}

/// Refuses a period that has not begun ([`filing::begun`]): `--month 2031-01` typed in 2026 is
/// a wrong year, and its empty report filed away would be taken for the real one.
pub fn begun(command: &ReportCommand, today: NaiveDate) -> Result<()> {
    let period = period(command, today)?;
    filing::begun(period.first, today, period.field, &period.raw)?;
    Ok(())
}

/// Checks the `{word}`s of `--output` against those the command fills (`known`), before any
/// file is opened.
pub fn check_output(context: &Context, known: &[&str]) -> Result<()> {
    if let Some(path) = &context.output {
        filing::words(&path.to_string_lossy(), known, "--output")?;
    }
    Ok(())
}

/// The context with `--output`'s `{word}`s filled from `values`, checked as the file it names
/// ([`crate::files::check`]): placeholders in the folder part name a folder that must exist.
pub fn filled(context: &Context, values: &[(&str, &str)]) -> Result<Context> {
    let Some(path) = &context.output else {
        return Ok(context.clone());
    };
    let template = path.to_string_lossy();
    if !template.contains('{') {
        return Ok(context.clone());
    }
    let filled = Context {
        output: Some(filing::fill(&template, values).into()),
        ..context.clone()
    };
    if let Some(path) = &filled.output {
        crate::files::check(&filled.target(path, "--output", Replaces::Outputs))?;
    }
    Ok(filled)
}

/// Whether `--output` holds a `{word}` to fill: then it is checked once filled.
pub fn fills(context: &Context) -> bool {
    context
        .output
        .as_ref()
        .is_some_and(|path| path.to_string_lossy().contains('{'))
}
