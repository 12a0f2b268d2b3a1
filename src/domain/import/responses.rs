//! A file of survey answers (满意度调查回访记录): the survey, the customer's phone, when they
//! answered, and one column per indicator, named by its key or label. The indicators come from
//! the survey, not from this file: [`Layout::claim`](super::Layout::claim) takes their columns.

use chrono::NaiveDateTime;

use super::{Cells, Field, Kind, PHONE, Sheet, field, header_key, past_moment, shown_header};
use crate::domain::phone::Phone;
use crate::domain::survey::{self, Indicator};
use crate::messages::{Composed, Message};

/// Columns of a responses file besides its indicators, which come from the survey itself.
const RESPONSE_FIELDS: &[Field] = &[
    field(
        "survey",
        &["调查", "调查名称", "批次", "问卷"],
        true,
        "the survey's name as given to `salesdesk survey new`",
    ),
    PHONE,
    field(
        "answered_at",
        &["回访时间", "调查时间", "填写时间", "时间", "日期"],
        false,
        "when the customer answered, for example 2026-03-05 09:05",
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseLine {
    pub survey: String,
    pub phone: Phone,
    pub answered_at: Option<NaiveDateTime>,
}

/// A response's answers, from the columns [`Layout::claim`](super::Layout::claim) took: each names an indicator of
/// some survey by key or label. A blank cell is an indicator the customer skipped; a score in a
/// column the row's survey does not ask about is a problem, and so is a row with no answer.
pub fn answers(
    cells: &mut Cells,
    survey: &str,
    indicators: &[Indicator],
    scale: i64,
) -> Vec<(String, i64)> {
    let mut answers = Vec::new();
    for &index in &cells.layout.indicators {
        let header = shown_header(&cells.layout.headers[index]);
        let raw = cells.at(index);
        if raw.is_empty() {
            continue;
        }
        let key = header_key(&header);
        match indicators
            .iter()
            .find(|i| header_key(&i.key) == key || header_key(&i.label) == key)
        {
            Some(indicator) => match survey::score(raw, scale, &header) {
                Ok(score) => answers.push((indicator.key.clone(), score)),
                Err(invalid) => cells.complain(header, invalid.english().to_string()),
            },
            None => {
                let keys: Vec<&str> = indicators.iter().map(|i| i.key.as_str()).collect();
                cells.refuse(
                    header.clone(),
                    Message::NoSuchIndicator {
                        field: Composed(header.clone()),
                        survey: Composed(survey.to_string()),
                        header,
                        keys: Composed(keys.join(", ")),
                    },
                );
            }
        }
    }
    if answers.is_empty() && cells.problems.is_empty() {
        cells.refuse(
            "answers".into(),
            Message::AnswersNoneGiven {
                survey: Composed(survey.to_string()),
            },
        );
    }
    answers
}

pub struct Responses;

impl Sheet for Responses {
    const KIND: Kind = Kind::Responses;
    const FIELDS: &'static [Field] = RESPONSE_FIELDS;
    type Line = ResponseLine;

    /// The fixed columns of a response; the answers are read against the survey's indicators by
    /// [`answers`].
    fn line(cells: &mut Cells, now: NaiveDateTime) -> Option<ResponseLine> {
        let survey = cells.required("survey", crate::domain::field::name);
        let phone = cells.required("phone", Phone::parse);
        let answered_at = cells.optional("answered_at", |raw, field| past_moment(raw, field, now));
        Some(ResponseLine {
            survey: survey?,
            phone: phone?,
            answered_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout;
    use super::super::testing::{columns, read, strings};
    use super::*;

    fn indicators() -> Vec<Indicator> {
        ["quality", "service"]
            .iter()
            .map(|key| Indicator {
                key: key.to_string(),
                label: format!("{key} label"),
                weight: 0.5,
            })
            .collect()
    }

    #[test]
    fn a_response_names_its_survey_and_customer() {
        let headers = &["调查", "电话", "回访时间"];
        let line =
            read::<Responses>(headers, &["wave1", "13812345678", "2026-03-05 09:00"]).unwrap();
        assert_eq!(line.survey, "wave1");
        assert!(line.answered_at.is_some());
        let problems = read::<Responses>(headers, &["", "1", "2027-01-01"]).unwrap_err();
        assert_eq!(columns(&problems), ["调查", "电话", "回访时间"]);
    }

    #[test]
    fn answers_are_read_from_the_claimed_columns() {
        let indicators = indicators();
        let all: Vec<&Indicator> = indicators.iter().collect();
        let mut found = layout(
            Kind::Responses,
            &strings(&["调查", "电话", "quality", "Service Label", "brand", "工号"]),
        )
        .unwrap();
        found.claim(&all);
        assert_eq!(found.indicators, [2, 3]);
        assert_eq!(found.unknown, [4, 5]);

        let values = strings(&["wave1", "13812345678", "4", ""]);
        let mut cells = Cells::new(&found, &values);
        let given = answers(&mut cells, "wave1", &indicators, 5);
        assert!(cells.problems.is_empty(), "{:?}", cells.problems);
        assert_eq!(given, [("quality".to_string(), 4)]);

        let values = strings(&["wave1", "13812345678", "9", ""]);
        let mut cells = Cells::new(&found, &values);
        let given = answers(&mut cells, "wave1", &indicators, 5);
        assert!(given.is_empty());
        assert_eq!(columns(&cells.problems), ["quality"]);

        let values = strings(&["wave1", "13812345678", "", ""]);
        let mut cells = Cells::new(&found, &values);
        answers(&mut cells, "wave1", &indicators, 5);
        assert_eq!(columns(&cells.problems), ["answers"]);

        let values = strings(&["wave1", "13812345678", "", "3"]);
        let mut cells = Cells::new(&found, &values);
        let only_quality = &indicators[..1];
        answers(&mut cells, "wave1", only_quality, 5);
        assert_eq!(columns(&cells.problems), ["Service Label"]);
        assert!(
            cells.problems[0]
                .message
                .contains("survey wave1 has no indicator"),
            "{:?}",
            cells.problems
        );
    }
}
