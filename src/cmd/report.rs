//! `report survey`: the figures management reviews. Each report prints a table, or CSV and JSON
//! with stable column names for the scripts that file it.

use anyhow::Result;
use serde_json::Value;

use super::Context;
use super::survey;
use crate::cli::ReportCommand;
use crate::db::queries;
use crate::domain::customer::Class;
use crate::domain::survey::{self as rules, REQUIRED_SAMPLE_RATE};
use crate::output::{self, Cell, Column, Format, Output, Records, col};

const SURVEY_COLUMNS: &[Column] = &[
    col("survey", "Survey", "调查"),
    col("previous_survey", "Previous", "上一期"),
    col("respondents", "Respondents", "受访人数"),
    col("index", "Satisfaction index", "满意度指数"),
    col("index_delta", "Change", "指数变化"),
    col("top_two_share", "Satisfied share", "满意比例"),
    col("owners", "Owners", "业主总数"),
    col("owners_answered", "Owners answered", "受访业主"),
    col("sample_rate", "Sample rate", "抽查率"),
    col("meets_sample_rate", "Meets 20 %", "达到20%"),
    col("complaint_handling_count", "Follow-up calls", "投诉回访数"),
    col(
        "complaint_handling_mean",
        "Follow-up mean (1–5)",
        "回访均分",
    ),
    col(
        "complaint_handling_index",
        "Complaint handling index",
        "投诉处理满意度",
    ),
];

const INDICATOR_COLUMNS: &[Column] = &[
    col("indicator", "Indicator", "指标"),
    col("label", "Label", "名称"),
    col("weight", "Weight", "权重"),
    col("count", "Answers", "回答数"),
    col("mean", "Mean", "均分"),
    col("sd", "SD", "标准差"),
    col("top_two_share", "Satisfied share", "满意比例"),
    col("delta", "Change", "变化"),
];

pub fn run(context: &Context, command: ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Survey { survey } => survey_report(context, &survey),
    }
}

fn number(value: Option<f64>, decimals: usize) -> Cell {
    value.map_or(Cell::Null, |v| Cell::Number(v, decimals))
}

fn survey_report(context: &Context, name: &str) -> Result<()> {
    let conn = context.open()?;
    let (wave, previous) = survey::wave(&conn, name)?;
    let figures = survey::figures(&conn, &wave, previous.as_ref())?;
    let owners: Vec<i64> = queries::customers(&conn, Some(Class::Owner.code()))?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let owners_answered = queries::responses(&conn, wave.id)?
        .iter()
        .filter(|r| owners.contains(&r.customer_id))
        .count();
    let sample_rate = rules::sample_rate(owners_answered, owners.len());
    // Complaint handling: follow-up calls since the previous wave began (all of them before the
    // first wave), up to the moment of the report.
    let follow_ups =
        queries::follow_up_scores(&conn, previous.as_ref().map(|p| p.created_at), context.now)?;
    let handling = rules::complaint_handling(&follow_ups);
    let mut summary = Records::new(SURVEY_COLUMNS);
    summary.push(vec![
        wave.name.clone().into(),
        previous.as_ref().map(|p| p.name.clone()).into(),
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
        ]);
    }
    let text = match context.out.format {
        Format::Table => format!(
            "{}{}",
            context.out.card(&summary),
            context.out.render_list(&indicators)?
        ),
        Format::Csv => {
            // One file for the spreadsheet: the indicators, then the index as a last row.
            let mut rows = indicators.clone();
            rows.push(vec![
                "satisfaction_index".into(),
                "满意度指数".into(),
                Cell::Null,
                (figures.respondents as i64).into(),
                number(figures.index, 1),
                Cell::Null,
                number(figures.top_two_share, 3),
                number(figures.index_delta, 1),
            ]);
            context.out.csv(&rows)?
        }
        Format::Json => {
            let mut object = Output::json_object(&summary.columns, &summary.rows[0]);
            object["indicators"] = indicators
                .rows
                .iter()
                .map(|row| Output::json_object(&indicators.columns, row))
                .collect::<Value>();
            serde_json::to_string_pretty(&object)? + "\n"
        }
    };
    output::print(&text)
}
