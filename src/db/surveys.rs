//! Satisfaction surveys (客户满意度调查): the waves (surveys), their indicators and weights
//! (survey_indicators, fixed once the first response is in), and the responses with their
//! scores (survey_responses, survey_scores). A replaced response stays in the history.

use anyhow::Result;
use chrono::NaiveDateTime;
use rusqlite::{Connection, params};

use super::sql::{self, Fields};
use crate::domain::dates;
use crate::domain::survey::Indicator;

#[derive(Debug, Clone)]
pub struct SurveyRow {
    pub id: i64,
    pub name: String,
    pub scale: i64,
    pub created_at: NaiveDateTime,
}

/// Every wave, oldest first: the order "previous wave" follows.
pub fn waves(conn: &Connection) -> Result<Vec<SurveyRow>> {
    sql::list(
        conn,
        "SELECT id, name, scale, created_at FROM surveys ORDER BY created_at, id",
        [],
        "the surveys",
        |row| {
            let fields = Fields::of(row, "surveys", &[0]);
            Ok(SurveyRow {
                id: fields.get(0)?,
                name: fields.get(1)?,
                scale: fields.get(2)?,
                created_at: fields.moment(3)?,
            })
        },
    )
}

/// Starts a wave; returns its id.
pub fn add(conn: &Connection, name: &str, scale: i64, at: NaiveDateTime) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO surveys (name, scale, created_at) VALUES (?1, ?2, ?3)",
        params![name, scale, dates::store(at)],
        &format!("create survey {name}"),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Replaces a wave's scale and indicators (refused by the schema once it has responses).
pub fn redefine(conn: &Connection, id: i64, scale: i64, indicators: &[Indicator]) -> Result<()> {
    sql::run(
        conn,
        "UPDATE surveys SET scale = ?2 WHERE id = ?1",
        params![id, scale],
        "change the survey's scale",
    )?;
    sql::run(
        conn,
        "DELETE FROM survey_indicators WHERE survey_id = ?1",
        [id],
        "replace the survey's indicators",
    )?;
    for (position, indicator) in indicators.iter().enumerate() {
        sql::run(
            conn,
            "INSERT INTO survey_indicators (survey_id, key, label, weight, position)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                indicator.key,
                indicator.label,
                indicator.weight,
                position as i64
            ],
            &format!("store the indicator {}", indicator.key),
        )?;
    }
    Ok(())
}

/// A wave's indicators, in the order they were defined.
pub fn indicators(conn: &Connection, survey_id: i64) -> Result<Vec<Indicator>> {
    sql::list(
        conn,
        "SELECT key, label, weight FROM survey_indicators WHERE survey_id = ?1 ORDER BY position",
        [survey_id],
        "the indicators",
        |row| {
            Ok(Indicator {
                key: row.get(0)?,
                label: row.get(1)?,
                weight: row.get(2)?,
            })
        },
    )
}

/// A current (not superseded) response and its answers.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub id: i64,
    pub customer_id: i64,
    pub answers: Vec<(String, i64)>,
}

/// The current responses of a wave, with their answers, in the order recorded.
pub fn responses(conn: &Connection, survey_id: i64) -> Result<Vec<ResponseRow>> {
    let scores: Vec<(i64, i64, String, i64)> = sql::list(
        conn,
        "SELECT r.id, r.customer_id, s.key, s.score
         FROM survey_responses r JOIN survey_scores s ON s.response_id = r.id
         WHERE r.survey_id = ?1
           AND NOT EXISTS (SELECT 1 FROM survey_responses n WHERE n.supersedes = r.id)
         ORDER BY r.id, s.key",
        [survey_id],
        "the responses",
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )?;
    let mut responses: Vec<ResponseRow> = Vec::new();
    for (id, customer_id, key, score) in scores {
        match responses.last_mut() {
            Some(last) if last.id == id => last.answers.push((key, score)),
            _ => responses.push(ResponseRow {
                id,
                customer_id,
                answers: vec![(key, score)],
            }),
        }
    }
    Ok(responses)
}

/// Whether any response, current or superseded, was recorded for the wave.
pub fn answered(conn: &Connection, survey_id: i64) -> Result<bool> {
    sql::value(
        conn,
        "SELECT EXISTS (SELECT 1 FROM survey_responses WHERE survey_id = ?1)",
        [survey_id],
        "the responses",
    )
}

/// The current response of a customer to a wave, if any.
pub fn current_response(
    conn: &Connection,
    survey_id: i64,
    customer_id: i64,
) -> Result<Option<i64>> {
    sql::one(
        conn,
        "SELECT r.id FROM survey_responses r
         WHERE r.survey_id = ?1 AND r.customer_id = ?2
           AND NOT EXISTS (SELECT 1 FROM survey_responses n WHERE n.supersedes = r.id)",
        params![survey_id, customer_id],
        "the customer's response",
        |row| row.get(0),
    )
}

/// Records one customer's answers to a wave, replacing their earlier response if `supersedes`
/// names it; returns the response's id.
pub fn record(
    conn: &Connection,
    survey_id: i64,
    customer_id: i64,
    at: NaiveDateTime,
    supersedes: Option<i64>,
    answers: &[(String, i64)],
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO survey_responses (survey_id, customer_id, at, supersedes, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            survey_id,
            customer_id,
            dates::store(at),
            supersedes,
            dates::store(recorded_at)
        ],
        "record the response",
    )?;
    let id = conn.last_insert_rowid();
    for (key, score) in answers {
        sql::run(
            conn,
            "INSERT INTO survey_scores (response_id, key, score) VALUES (?1, ?2, ?3)",
            params![id, key, score],
            &format!("store the score for {key}"),
        )?;
    }
    Ok(id)
}
