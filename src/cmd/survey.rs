//! `survey new | sample | record | show | list`: the half-yearly satisfaction survey, from its
//! definition through the call list to the answers.

use std::collections::HashSet;

use anyhow::Result;

use super::Context;
use super::facts::waves::wave;
use crate::cli::SurveyCommand;
use crate::db::{customers, surveys};
use crate::domain::customer::Class;
use crate::domain::dates;
use crate::domain::field;
use crate::domain::phone::Phone;
use crate::domain::survey::{self, Indicator};
use crate::error::invalid;
use crate::messages::Message;
use crate::messages::columns::survey::{INDICATOR_COLUMNS, LIST_COLUMNS, SAMPLE_COLUMNS};
use crate::output::{Cell, Records, col};

pub fn run(context: &Context, command: SurveyCommand) -> Result<()> {
    match command {
        SurveyCommand::New {
            name,
            scale,
            indicators,
            standard,
        } => new(context, &name, &scale, &indicators, standard),
        SurveyCommand::Sample { name, rate, seed } => sample(context, &name, &rate, seed),
        SurveyCommand::Record {
            name,
            phone,
            answers,
            replace,
        } => record(context, &name, &phone, &answers, replace),
        SurveyCommand::Show { name } => show(context, &name),
        SurveyCommand::List => list(context),
    }
}

fn scale(raw: &str) -> Result<i64> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|s| (2..=10).contains(s))
        .ok_or_else(|| {
            invalid(Message::NotAScale {
                raw: raw.to_string(),
            })
        })
}

fn indicator_records(indicators: &[Indicator]) -> Records {
    let mut records = Records::new(INDICATOR_COLUMNS);
    for indicator in indicators {
        records.push(vec![
            indicator.key.clone().into(),
            indicator.label.clone().into(),
            Cell::Number(indicator.weight, 4),
        ]);
    }
    records
}

fn new(
    context: &Context,
    name: &str,
    scale_raw: &str,
    raw: &[String],
    standard: bool,
) -> Result<()> {
    let name = field::name(name, "NAME")?;
    let scale = scale(scale_raw)?;
    let indicators = if standard {
        survey::standard()
    } else {
        survey::define(raw)?
    };
    let mut conn = context.writable()?;
    context.write(&mut conn, |tx| {
        let existing = surveys::waves(tx)?.into_iter().find(|s| s.name == name);
        let id = match existing {
            Some(existing) if surveys::answered(tx, existing.id)? => {
                return Err(invalid(Message::SurveyAnswered { name: name.clone() }));
            }
            Some(existing) => existing.id,
            None => surveys::add(tx, &name, scale, context.now())?,
        };
        surveys::redefine(tx, id, scale, &indicators)
    })?;
    let defined = Message::SurveyDefined {
        name: name.clone(),
        scale,
        count: indicators.len() as i64,
    };
    context.note(&defined.text(context.out.lang));
    context.emit(&context.out.render_list(&indicator_records(&indicators))?)
}

fn sample(context: &Context, name: &str, rate_raw: &str, seed: Option<u64>) -> Result<()> {
    let rate = survey::rate(rate_raw)?;
    let conn = context.open()?;
    let (wave, previous) = wave(&conn, name)?;
    let owners = customers::all(&conn, Some(Class::Owner))?;
    let answered_before: HashSet<i64> = match &previous {
        Some(previous) => surveys::responses(&conn, previous.id)?
            .into_iter()
            .map(|r| r.customer_id)
            .collect(),
        None => HashSet::new(),
    };
    let eligible: Vec<i64> = owners
        .iter()
        .map(|o| o.id)
        .filter(|id| !answered_before.contains(id))
        .collect();
    let size = survey::sample_size(rate, owners.len());
    let drawn = survey::draw(
        &eligible,
        size,
        seed.unwrap_or_else(|| survey::seed_of(&wave.name)),
    );
    let mut records = Records::new(SAMPLE_COLUMNS);
    for (order, id) in drawn.iter().enumerate() {
        if let Some(owner) = owners.iter().find(|o| o.id == *id) {
            records.push(vec![
                (order as i64 + 1).into(),
                owner.id.into(),
                owner.name.clone().into(),
                context.phone(&owner.phone).into(),
            ]);
        }
    }
    let sampled = Message::SurveySampled {
        name: wave.name.clone(),
        drawn: drawn.len() as i64,
        owners: owners.len() as i64,
        rate: format!("{:.0}", rate * 100.0),
        left_out: (owners.len() - eligible.len()) as i64,
        previous: previous
            .as_ref()
            .map_or("-".to_string(), |p| p.name.clone()),
    };
    context.note(&sampled.text(context.out.lang));
    if survey::short_of_required(rate) {
        let short = Message::SurveyRateShort {
            name: wave.name.clone(),
            rate: format!("{}", (rate * 1000.0).round() / 10.0),
        };
        context.note(&short.text(context.out.lang));
    }
    context.list(&records)
}

fn record(context: &Context, name: &str, phone: &str, raw: &[String], replace: bool) -> Result<()> {
    let phone = Phone::parse(phone, "--phone")?;
    let mut conn = context.writable()?;
    let (wave, score, answered) = context.write(&mut conn, |tx| {
        let (wave, _) = wave(tx, name)?;
        let indicators = surveys::indicators(tx, wave.id)?;
        let answers = survey::answers(raw, &indicators, wave.scale)?;
        let customer = customers::by_phone(tx, phone.as_str())?.ok_or_else(|| {
            invalid(Message::UnknownPhone {
                field: "--phone".to_string(),
                phone: phone.masked(),
            })
        })?;
        let earlier = surveys::current_response(tx, wave.id, customer.id)?;
        if earlier.is_some() && !replace {
            return Err(invalid(Message::AlreadyAnswered {
                phone: phone.masked(),
                survey: wave.name.clone(),
            }));
        }
        surveys::record(
            tx,
            wave.id,
            customer.id,
            context.now(),
            earlier,
            &answers,
            context.clock(),
        )?;
        let score = survey::weighted_score(&indicators, &answers);
        Ok((wave, score, answers.len()))
    })?;
    let line = Message::SurveyAnswersRecorded {
        name: wave.name.clone(),
        answered: answered as i64,
        phone: phone.shown(context.out.full_phone),
        score: score.map_or("-".to_string(), |s| format!("{s:.2}")),
    }
    .text(context.out.lang);
    let mut records = Records::new(&[
        col("survey", "Survey", "调查"),
        col("phone", "Phone", "电话"),
        col("answers", "Answers", "回答数"),
        col("weighted_score", "Weighted score", "加权得分"),
    ]);
    records.push(vec![
        wave.name.clone().into(),
        phone.shown(context.out.full_phone).into(),
        (answered as i64).into(),
        score.map_or(Cell::Null, |s| Cell::Number(s, 2)),
    ]);
    context.emit(&context.out.render_one(&records, &line)?)
}

fn show(context: &Context, name: &str) -> Result<()> {
    let conn = context.open()?;
    let (wave, _) = wave(&conn, name)?;
    let indicators = surveys::indicators(&conn, wave.id)?;
    let respondents = surveys::responses(&conn, wave.id)?.len();
    let shown = Message::SurveyShown {
        name: wave.name.clone(),
        scale: wave.scale,
        respondents: respondents as i64,
        created: dates::minute(wave.created_at),
    };
    context.note(&shown.text(context.out.lang));
    context.emit(&context.out.render_list(&indicator_records(&indicators))?)
}

fn list(context: &Context) -> Result<()> {
    let conn = context.open()?;
    let mut records = Records::new(LIST_COLUMNS);
    for wave in surveys::waves(&conn)? {
        records.push(vec![
            wave.name.clone().into(),
            wave.scale.into(),
            (surveys::indicators(&conn, wave.id)?.len() as i64).into(),
            (surveys::responses(&conn, wave.id)?.len() as i64).into(),
            dates::minute(wave.created_at).into(),
        ]);
    }
    context.list(&records)
}
