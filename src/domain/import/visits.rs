//! The visitor register (客户来访登记表): who came or called, when, and the rep who received
//! them. A visit needs its rep; a call may name the rep who took it.

use chrono::NaiveDateTime;

use super::{
    AGE, Cells, Field, GENDER, Kind, NAME, NOTE, OCCUPATION, PHONE, Sheet, field, past_moment,
};
use crate::domain::codes;
use crate::domain::customer::{self, Channel, Gender};
use crate::domain::phone::Phone;
use crate::domain::register::Contact;
use crate::error::Invalid;
use crate::messages::Message;

const VISIT_FIELDS: &[Field] = &[
    field("name", NAME, true, "the customer's name, for example 张三"),
    PHONE,
    field(
        "visited_at",
        &[
            "来访时间",
            "到访时间",
            "来电时间",
            "登记时间",
            "时间",
            "日期",
            "at",
        ],
        true,
        "the time of the visit, for example 2026-03-05 09:05",
    ),
    field(
        "rep",
        &[
            "置业顾问",
            "销售员",
            "接待顾问",
            "接待人",
            "顾问",
            "销售代表",
        ],
        true,
        "the name of the rep who received the customer",
    ),
    field(
        "channel",
        &["渠道", "来源", "来访渠道", "认知途径"],
        false,
        "walk-in, phone, referral, web or event",
    ),
    field(
        "kind",
        &["类型", "来访/来电", "来访方式", "方式"],
        false,
        "visit or call (来访/来电)",
    ),
    GENDER,
    AGE,
    OCCUPATION,
    NOTE,
];

/// A register entry's kind: 来访 (a visit) or 来电 (a call).
pub fn call(raw: &str, field: &str) -> Result<bool, Invalid> {
    let contact: Contact = codes::parse(raw, field, |field, raw| Message::NotAContact {
        field,
        raw: raw.to_lowercase(),
    })?;
    Ok(contact == Contact::Call)
}

#[derive(Debug, Clone, PartialEq)]
pub struct VisitLine {
    pub name: String,
    pub phone: Phone,
    pub at: NaiveDateTime,
    /// The rep's name as the sheet gives it; `None` only for a call.
    pub rep: Option<String>,
    pub call: bool,
    pub channel: Channel,
    pub gender: Option<Gender>,
    pub age: Option<i64>,
    pub occupation: Option<String>,
    pub note: Option<String>,
}

pub struct Visits;

impl Sheet for Visits {
    const KIND: Kind = Kind::Visits;
    const FIELDS: &'static [Field] = VISIT_FIELDS;
    type Line = VisitLine;

    fn line(cells: &mut Cells, now: NaiveDateTime) -> Option<VisitLine> {
        let name = cells.required("name", crate::domain::field::name);
        let phone = cells.required("phone", Phone::parse);
        let at = cells.required("visited_at", |raw, field| past_moment(raw, field, now));
        let call = cells.optional("kind", call).unwrap_or(false);
        // A call is recorded for the rep who took it, if the sheet says; a visit needs its rep.
        let rep = if call {
            cells.optional("rep", crate::domain::field::name)
        } else {
            cells.required("rep", crate::domain::field::name)
        };
        let rep_missing = !call && rep.is_none();
        let channel = cells
            .optional("channel", Channel::parse)
            .unwrap_or(if call {
                Channel::Phone
            } else {
                Channel::WalkIn
            });
        let gender = cells.optional("gender", customer::gender);
        let age = cells.optional("age", crate::domain::field::age);
        let occupation = cells.text("occupation");
        let note = cells.text("note");
        if rep_missing {
            return None;
        }
        Some(VisitLine {
            name: name?,
            phone: phone?,
            at: at?,
            rep,
            call,
            channel,
            gender,
            age,
            occupation,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout;
    use super::super::testing::{now, strings};
    use super::*;
    use crate::domain::dates;

    #[test]
    fn a_row_reports_every_bad_cell() {
        let found = layout(
            Kind::Visits,
            &strings(&["姓名", "电话", "来访时间", "置业顾问", "渠道", "年龄"]),
        )
        .unwrap();
        let values = strings(&["", "12345", "2026/13/1 9:00", "王芳", "fax", "二十"]);
        let mut cells = Cells::new(&found, &values);
        let line = Visits::line(&mut cells, now());
        let problems = cells.finish(line).unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(columns, ["姓名", "电话", "来访时间", "渠道", "年龄"]);
        assert!(
            problems[0]
                .message
                .contains("empty; type the customer's name")
        );
        assert!(
            problems[1]
                .message
                .contains("\"12345\" is not a phone number")
        );
        assert!(problems[2].message.contains("YYYY-MM-DD HH:MM"));
    }

    #[test]
    fn visits_normalise_and_default() {
        let found = layout(
            Kind::Visits,
            &strings(&["姓名", "电话", "来访时间", "置业顾问", "类型"]),
        )
        .unwrap();
        let values = strings(&[" 张三 ", "+86 138-1234-5678", "2026/3/5 9:05", "王芳", ""]);
        let mut cells = Cells::new(&found, &values);
        let line = Visits::line(&mut cells, now());
        let line = cells.finish(line).unwrap();
        assert_eq!(line.name, "张三");
        assert_eq!(line.phone.as_str(), "13812345678");
        assert_eq!(dates::minute(line.at), "2026-03-05 09:05");
        assert_eq!(line.channel, Channel::WalkIn);
        assert!(!line.call);

        let values = strings(&["张三", "13812345678", "2026/3/5 9:05", "", "来电"]);
        let mut cells = Cells::new(&found, &values);
        let line = Visits::line(&mut cells, now());
        let line = cells.finish(line).unwrap();
        assert!(line.call && line.rep.is_none());
        assert_eq!(line.channel, Channel::Phone);

        let values = strings(&["张三", "13812345678", "2026/3/5 9:05", "", "来访"]);
        let mut cells = Cells::new(&found, &values);
        let line = Visits::line(&mut cells, now());
        let problems = cells.finish(line).unwrap_err();
        assert!(
            problems[0].message.starts_with("置业顾问: empty"),
            "{problems:?}"
        );

        let values = strings(&["张三", "13812345678", "2027/3/5 9:05", "王芳", ""]);
        let mut cells = Cells::new(&found, &values);
        let line = Visits::line(&mut cells, now());
        let problems = cells.finish(line).unwrap_err();
        assert!(
            problems[0].message.contains("later than now"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_register_line_is_a_visit_or_a_call() {
        assert!(call("来电", "类型").unwrap());
        assert!(!call("visit", "类型").unwrap());
        assert!(call("fax", "类型").is_err());
    }
}
