//! `report survey`: a satisfaction survey wave's index, indicator means, sample rate among
//! owners and trend against the previous wave.

use std::collections::HashSet;

use anyhow::Result;
use rusqlite::Connection;
use serde_json::Value;

use super::{Report, number, section};
use crate::cmd::Context;
use crate::cmd::facts::waves;
use crate::db::surveys::{self, SurveyRow};
use crate::db::{self, complaints, customers};
use crate::domain::customer::Class;
use crate::domain::survey::{self as rules, Figures, REQUIRED_SAMPLE_RATE};
use crate::messages::columns::facts::reports::survey::{INDICATOR_COLUMNS, SURVEY_COLUMNS};
use crate::output::{Cell, Chart, Column, Drawn, Format, Output, Records, col};

/// A wave's figures with its sample rate among owners and the complaint follow-up calls since
/// the previous wave began (all of them before the first wave), up to the moment of the report.
fn survey_summary(
    context: &Context,
    conn: &Connection,
    wave: &SurveyRow,
    previous: Option<&SurveyRow>,
    figures: &Figures,
) -> Result<Records> {
    let owners: HashSet<i64> = customers::all(conn, Some(Class::Owner))?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let owners_answered = surveys::responses(conn, wave.id)?
        .iter()
        .filter(|r| owners.contains(&r.customer_id))
        .count();
    let sample_rate = rules::sample_rate(owners_answered, owners.len());
    let since = previous.map(|p| p.created_at);
    let follow_ups = complaints::follow_up_scores(conn, since, context.now())?;
    let handling = rules::complaint_handling(&follow_ups);
    let mut summary = Records::new(SURVEY_COLUMNS);
    summary.push(vec![
        wave.name.clone().into(),
        previous.map(|p| p.name.clone()).into(),
        (figures.respondents as i64).into(),
        number(figures.index, 1),
        number(figures.index_delta, 1),
        number(figures.top_two_share, 3),
        (owners.len() as i64).into(),
        (owners_answered as i64).into(),
        number(sample_rate, 3),
        sample_rate
            .is_some_and(|r| r >= REQUIRED_SAMPLE_RATE)
            .into(),
        (follow_ups.len() as i64).into(),
        number(handling.map(|h| h.0), 2),
        number(handling.map(|h| h.1), 1),
    ]);
    Ok(summary)
}

/// The wave's charts: each indicator's mean score beside the previous wave's, and the index of
/// the two waves.
pub(super) const CHARTS: &[Chart] = &[
    Chart {
        section: "indicators",
        title: "Indicators against the previous wave",
        title_zh: "各指标与上一次调查对比",
        kind: Drawn::Columns,
        category: "indicator",
        values: &["mean", "previous_mean"],
        series_by: None,
    },
    Chart {
        section: "index",
        title: "Satisfaction index",
        title_zh: "满意度指数",
        kind: Drawn::Columns,
        category: "survey",
        values: &["index"],
        series_by: None,
    },
];

/// The workbook's sections of a wave: its indicators, and the index of the previous wave and of
/// this one, which the second chart draws (a 0–100 index beside 1–5 means would flatten them).
pub(super) fn workbook_sections(report: &Report) -> Vec<(Column, Records)> {
    let field = |key: &str| report.head.field(key);
    let mut index = Records::new(&[
        col("survey", "Survey", "调查"),
        col("index", "Satisfaction index", "满意度指数"),
    ]);
    let previous = previous_index(&report.head);
    if previous != Cell::Null {
        index.push(vec![field("previous_survey"), previous]);
    }
    index.push(vec![field("survey"), field("index")]);
    let mut sections = report.sections.clone();
    sections.push((section("index", "满意度指数"), index));
    sections
}

/// The previous wave's index, from this wave's index and its change; empty without a wave before.
fn previous_index(summary: &Records) -> Cell {
    match (summary.field("index"), summary.field("index_delta")) {
        (Cell::Number(index, d), Cell::Number(delta, _)) => Cell::Number(index - delta, d),
        _ => Cell::Null,
    }
}

pub(super) fn build(context: &Context, mut conn: Connection, name: &str) -> Result<Report> {
    let conn = db::snapshot(&mut conn)?;
    let (wave, previous) = waves::wave(&conn, name)?;
    let figures = waves::figures(&conn, &wave, previous.as_ref())?;
    let summary = survey_summary(context, &conn, &wave, previous.as_ref(), &figures)?;
    let mut indicators = Records::new(INDICATOR_COLUMNS);
    for indicator in &figures.indicators {
        indicators.push(vec![
            indicator.key.clone().into(),
            indicator.label.clone().into(),
            Cell::Number(indicator.weight, 4),
            (indicator.count as i64).into(),
            number(indicator.mean, 2),
            number(indicator.sd, 2),
            number(indicator.top_two_share, 3),
            number(indicator.delta, 2),
            number(indicator.mean.zip(indicator.delta).map(|(m, d)| m - d), 2),
        ]);
    }
    Ok(Report::new(
        summary,
        [(section("indicators", "指标"), indicators)],
    ))
}

/// `report survey` alone: the wave's card and its indicators on a terminal; one CSV for the
/// spreadsheet, the indicators then the index as a last row, each row naming its wave so that a
/// file filed away says which survey it is; or the wave's object with its indicators.
pub(super) fn alone(out: &Output, report: &Report) -> Result<String> {
    let summary = &report.head;
    let empty = Records::new(INDICATOR_COLUMNS);
    let indicators = report
        .sections
        .first()
        .map_or(&empty, |(_, records)| records);
    let field = |key: &str| summary.field(key);
    Ok(match out.format {
        Format::Table => format!("{}{}", out.card(summary), out.render_list(indicators)?),
        Format::Csv => {
            let mut rows = indicators.clone();
            rows.push(vec![
                "satisfaction_index".into(),
                "满意度指数".into(),
                Cell::Null,
                field("respondents"),
                field("index"),
                Cell::Null,
                field("top_two_share"),
                field("index_delta"),
                previous_index(summary),
            ]);
            let mut columns = vec![col("survey", "Survey", "调查")];
            columns.extend_from_slice(INDICATOR_COLUMNS);
            let mut named = Records::new(&columns);
            let wave = field("survey");
            for row in rows.rows {
                let mut cells = vec![wave.clone()];
                cells.extend(row);
                named.push(cells);
            }
            out.csv(&named)?
        }
        Format::Json => {
            let row = summary.rows.first().map(Vec::as_slice).unwrap_or(&[]);
            let mut object = Output::json_object(&summary.columns, row);
            object["indicators"] = indicators
                .rows
                .iter()
                .map(|row| Output::json_object(&indicators.columns, row))
                .collect::<Value>();
            serde_json::to_string_pretty(&object)? + "\n"
        }
    })
}
