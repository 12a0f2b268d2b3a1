//! The repair register (报修登记台帐): date, owner, address, phone, content and appointment,
//! as 维修、约修制度 三 lists them, with the kind of repair that sets how soon it is due.

use chrono::NaiveDateTime;

use super::{Cells, Field, Kind, NAME, PHONE, Sheet, field, past_moment};
use crate::domain::aftersales::RepairKind;
use crate::domain::dates;
use crate::domain::deal;
use crate::domain::phone::Phone;
use crate::error::Invalid;
use crate::messages::{Composed, Message};

const REPAIR_FIELDS: &[Field] = &[
    PHONE,
    field("name", NAME, false, "the owner's name"),
    field(
        "unit",
        &["房号", "地址", "房间号", "单元房号"],
        true,
        "the unit, for example 5-2-1201",
    ),
    field(
        "received_at",
        &["报修时间", "报修日期", "维修日期", "日期"],
        true,
        "when the repair was asked for, for example 2026-11-20 09:30",
    ),
    field(
        "kind",
        &["维修类别", "类别", "维修类型"],
        true,
        "safety, leak or general (安全设施/漏水/一般维修)",
    ),
    field(
        "text",
        &["维修内容", "内容", "报修内容"],
        true,
        "what is to be repaired",
    ),
    field(
        "appointment",
        &["约修日期", "约修时间", "预约时间"],
        false,
        "the appointment, for example 2026-11-20 14:00",
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct RepairLine {
    pub phone: Phone,
    pub name: Option<String>,
    pub unit: String,
    pub received_at: NaiveDateTime,
    pub kind: RepairKind,
    pub text: String,
    pub appointment: Option<NaiveDateTime>,
}

pub struct Repairs;

impl Sheet for Repairs {
    const KIND: Kind = Kind::Repairs;
    const FIELDS: &'static [Field] = REPAIR_FIELDS;
    type Line = RepairLine;

    /// A repair from the repair register (报修登记台帐): date, owner, address, phone, content and
    /// appointment, as 维修、约修制度 三 lists them.
    fn line(cells: &mut Cells, now: NaiveDateTime) -> Option<RepairLine> {
        let phone = cells.required("phone", Phone::parse);
        let name = cells.optional("name", crate::domain::field::name);
        let unit = cells.required("unit", deal::unit);
        let received_at = cells.required("received_at", |raw, field| past_moment(raw, field, now));
        let kind = cells.required("kind", RepairKind::parse);
        let text = cells.required("text", |raw, field| {
            crate::domain::field::text(raw, field)?.ok_or_else(|| {
                Invalid::from(Message::RepairCellEmpty {
                    field: Composed(field.to_string()),
                })
            })
        });
        let appointment = cells.optional("appointment", dates::parse_sheet_moment);
        Some(RepairLine {
            phone: phone?,
            name,
            unit: unit?,
            received_at: received_at?,
            kind: kind?,
            text: text?,
            appointment,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns, read};
    use super::*;

    const HEADERS: &[&str] = &[
        "电话",
        "姓名",
        "房号",
        "报修时间",
        "维修类别",
        "维修内容",
        "约修日期",
    ];

    #[test]
    fn a_repair_names_the_unit_kind_and_work() {
        let line = read::<Repairs>(
            HEADERS,
            &[
                "13812345678",
                "张三",
                "5-2-1201",
                "2026-11-20 09:30",
                "漏水",
                "卫生间漏水",
                "2026-11-21 14:00",
            ],
        )
        .unwrap();
        assert_eq!(line.kind, RepairKind::Leak);
        assert_eq!(line.text, "卫生间漏水");
        assert_eq!(
            line.appointment.map(dates::minute).as_deref(),
            Some("2026-11-21 14:00")
        );
    }

    #[test]
    fn every_bad_cell_of_a_repair_is_named() {
        let problems = read::<Repairs>(
            HEADERS,
            &["1", "", "", "2027-01-01", "nothing", "", "someday"],
        )
        .unwrap_err();
        assert_eq!(
            columns(&problems),
            [
                "电话",
                "房号",
                "报修时间",
                "维修类别",
                "维修内容",
                "约修日期"
            ]
        );
    }
}
