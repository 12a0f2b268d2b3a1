//! The office's handover sheet (交房登记): the unit, its owner and the day the keys were
//! handed over.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Cells, Field, Kind, NAME, PHONE, Sheet, field, past_moment};
use crate::domain::deal;
use crate::domain::phone::Phone;

const HANDOVER_FIELDS: &[Field] = &[
    field(
        "unit",
        &["房号", "房间号", "单元房号", "房源"],
        true,
        "the unit handed over, for example 5-2-1201",
    ),
    PHONE,
    field("name", NAME, false, "the owner's name"),
    field(
        "handed_over",
        &["交房日期", "交付日期", "交房时间", "收楼日期", "日期"],
        true,
        "the day of the handover, for example 2026-08-23",
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct HandoverLine {
    pub unit: String,
    pub phone: Phone,
    pub name: Option<String>,
    pub handed_over: NaiveDate,
}

pub struct Handovers;

impl Sheet for Handovers {
    const KIND: Kind = Kind::Handovers;
    const FIELDS: &'static [Field] = HANDOVER_FIELDS;
    type Line = HandoverLine;

    /// A handover from the office's handover sheet (交房登记): the unit, its owner and the day.
    fn line(cells: &mut Cells, now: NaiveDateTime) -> Option<HandoverLine> {
        let unit = cells.required("unit", deal::unit);
        let phone = cells.required("phone", Phone::parse);
        let name = cells.optional("name", crate::domain::field::name);
        let handed_over = cells.required("handed_over", |raw, field| {
            past_moment(raw, field, now).map(|at| at.date())
        });
        Some(HandoverLine {
            unit: unit?,
            phone: phone?,
            name,
            handed_over: handed_over?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns, read};
    use super::*;

    const HEADERS: &[&str] = &["房号", "电话", "姓名", "交房日期"];

    #[test]
    fn a_handover_is_a_unit_an_owner_and_a_day() {
        let line =
            read::<Handovers>(HEADERS, &["5-2-1201", "13812345678", "张三", "2026-08-23"]).unwrap();
        assert_eq!(line.unit, "5-2-1201");
        assert_eq!(line.handed_over.to_string(), "2026-08-23");
        assert_eq!(line.name.as_deref(), Some("张三"));
    }

    #[test]
    fn every_bad_cell_of_a_handover_is_named() {
        let problems = read::<Handovers>(HEADERS, &["", "1", "", "2027-01-01"]).unwrap_err();
        assert_eq!(columns(&problems), ["房号", "电话", "交房日期"]);
    }
}
