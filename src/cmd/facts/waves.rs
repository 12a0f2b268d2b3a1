//! A survey wave as the survey commands and the reports read it: found by name with the wave
//! before it, and its figures against that wave's.

use anyhow::Result;
use rusqlite::Connection;

use crate::db::surveys::{self, SurveyRow};
use crate::domain::survey::{self, Figures};
use crate::error::invalid;
use crate::messages::Message;

/// The wave named `name`, and the one before it.
pub fn wave(conn: &Connection, name: &str) -> Result<(SurveyRow, Option<SurveyRow>)> {
    let all = surveys::waves(conn)?;
    let Some(position) = all.iter().position(|s| s.name == name.trim()) else {
        return Err(invalid(Message::NoSurvey {
            name: name.trim().to_string(),
            surveys: all.iter().map(|s| s.name.clone()).collect(),
        }));
    };
    let previous = position.checked_sub(1).map(|p| all[p].clone());
    Ok((all[position].clone(), previous))
}

/// A wave's figures, compared with the previous wave's.
pub fn figures(
    conn: &Connection,
    wave: &SurveyRow,
    previous: Option<&SurveyRow>,
) -> Result<Figures> {
    let before = match previous {
        Some(previous) => Some(figures(conn, previous, None)?),
        None => None,
    };
    let indicators = surveys::indicators(conn, wave.id)?;
    let answers: Vec<Vec<(String, i64)>> = surveys::responses(conn, wave.id)?
        .into_iter()
        .map(|r| r.answers)
        .collect();
    Ok(survey::figures(
        &indicators,
        wave.scale,
        &answers,
        before.as_ref(),
    ))
}
