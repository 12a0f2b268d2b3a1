//! Writes a file of survey answers. The survey must exist and the customer must be registered;
//! a customer who already answered the survey is left alone.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::Connection;

use super::{Checked, Fate, Row, Taken, Writer};
use crate::db::{customers, surveys};
use crate::domain::import::{self, Layout, ResponseLine};
use crate::domain::survey::Indicator;
use crate::messages::{Composed, Message};

#[derive(Default)]
pub(super) struct Responses {
    /// Each survey by name: its id, its scale and its indicators.
    surveys: HashMap<String, (i64, i64, Vec<Indicator>)>,
}

impl Writer for Responses {
    type Sheet = import::Responses;
    type Found = (i64, i64, Vec<(String, i64)>);

    fn load(&mut self, tx: &Connection) -> Result<()> {
        for survey in surveys::waves(tx)? {
            let indicators = surveys::indicators(tx, survey.id)?;
            self.surveys
                .insert(survey.name.clone(), (survey.id, survey.scale, indicators));
        }
        Ok(())
    }

    /// The answer columns are those that name an indicator of any survey.
    fn claim(&self, layout: &mut Layout) {
        let all: Vec<&Indicator> = self.surveys.values().flat_map(|(_, _, i)| i).collect();
        layout.claim(&all);
    }

    /// The survey's id, the customer's and the answers, read against the survey's indicators.
    fn check_line(&self, row: &mut Row, line: &ResponseLine) -> Checked<Self> {
        let Some((survey_id, scale, indicators)) = self.surveys.get(&line.survey) else {
            let column = row.cells.header("survey");
            let mut names: Vec<&str> = self.surveys.keys().map(String::as_str).collect();
            names.sort_unstable();
            row.cells.refuse(
                column.clone(),
                Message::NoSurveyNamed {
                    field: Composed(column),
                    survey: line.survey.clone(),
                    surveys: Composed(names.join(" ")),
                },
            );
            return Ok(None);
        };
        let answers = import::answers(&mut row.cells, &line.survey, indicators, *scale);
        let customer_id = customers::id_by_phone(row.tx, line.phone.as_str())?;
        let Some(customer_id) = customer_id else {
            let column = row.cells.header("phone");
            row.cells.refuse(
                column.clone(),
                Message::NoCustomerWithPhone {
                    field: Composed(column),
                    phone: line.phone.masked(),
                },
            );
            return Ok(None);
        };
        Ok(Some((*survey_id, customer_id, answers)))
    }

    fn take(
        &mut self,
        row: &mut Row,
        line: ResponseLine,
        (survey_id, customer_id, answers): Self::Found,
    ) -> Taken {
        if surveys::current_response(row.tx, survey_id, customer_id)?.is_some() {
            return Ok(Some(Fate::Present));
        }
        if row.writing {
            surveys::record(
                row.tx,
                survey_id,
                customer_id,
                line.answered_at.unwrap_or(row.now),
                None,
                &answers,
                row.context.clock(),
            )?;
        }
        Ok(Some(Fate::Imported))
    }
}
