//! A file of complaints (投诉登记台帐): who complained, when it came in and was ticketed, the
//! channel, category and department, the amount at stake, the flags that raise its class, and
//! what the customer says.

use chrono::NaiveDateTime;

use super::{Cells, Field, Kind, NAME, PHONE, Sheet, field, flag, past_moment};
use crate::domain::complaint::{self, Category, Department, Flags};
use crate::domain::dates;
use crate::domain::money::Amount;
use crate::domain::phone::Phone;
use crate::messages::{Composed, Message};

const COMPLAINT_FIELDS: &[Field] = &[
    PHONE,
    field("name", NAME, false, "the customer's name"),
    field(
        "received_at",
        &["投诉时间", "受理时间", "接收时间", "时间", "日期"],
        true,
        "when the complaint came in, for example 2026-03-05 09:05",
    ),
    field(
        "ticketed_at",
        &["立案时间", "登记时间"],
        false,
        "when it was ticketed, for example 2026-03-05 09:20",
    ),
    field(
        "channel",
        &["渠道", "投诉渠道", "来源", "投诉方式"],
        true,
        "onsite, phone, web, forum, letter, other, inspection, certificate, leader, revisit or internal",
    ),
    field(
        "category",
        &["类别", "投诉类别", "分类", "投诉类型"],
        true,
        "sales, signing, handover, certificate, property, quality, design or other",
    ),
    field(
        "text",
        &["内容", "投诉内容", "问题描述", "投诉事项", "事由"],
        true,
        "what the customer complains about",
    ),
    field(
        "amount",
        &["金额", "涉及金额", "索赔金额"],
        false,
        "an amount in CNY",
    ),
    field(
        "department",
        &["部门", "责任部门", "处理部门"],
        false,
        "a department",
    ),
    field("media", &["媒体", "媒体曝光"], false, "yes or no (是/否)"),
    field(
        "government",
        &["政府", "政府部门"],
        false,
        "yes or no (是/否)",
    ),
    field(
        "consumer_association",
        &["消协", "消费者协会"],
        false,
        "yes or no (是/否)",
    ),
    field("safety", &["安全", "安全隐患"], false, "yes or no (是/否)"),
    field(
        "group",
        &["群诉", "集体投诉", "群体投诉"],
        false,
        "yes or no (是/否)",
    ),
    field(
        "structural",
        &["结构", "结构问题"],
        false,
        "yes or no (是/否)",
    ),
    field(
        "cross_department",
        &["多部门", "跨部门", "多中心配合"],
        false,
        "yes or no (是/否)",
    ),
    field(
        "by",
        &["受理人", "接待人", "记录人", "received_by"],
        false,
        "a name",
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintLine {
    pub phone: Phone,
    pub name: Option<String>,
    pub received_at: NaiveDateTime,
    pub ticketed_at: NaiveDateTime,
    pub channel: complaint::Channel,
    pub category: Category,
    pub department: Department,
    pub amount: Option<Amount>,
    pub flags: Flags,
    pub text: String,
    pub by: Option<String>,
}

pub struct Complaints;

impl Sheet for Complaints {
    const KIND: Kind = Kind::Complaints;
    const FIELDS: &'static [Field] = COMPLAINT_FIELDS;
    type Line = ComplaintLine;

    fn line(cells: &mut Cells, now: NaiveDateTime) -> Option<ComplaintLine> {
        let phone = cells.required("phone", Phone::parse);
        let name = cells.optional("name", crate::domain::field::name);
        let received_at = cells.required("received_at", |raw, field| past_moment(raw, field, now));
        let ticketed_at = cells.optional("ticketed_at", |raw, field| past_moment(raw, field, now));
        let channel = cells.required("channel", complaint::Channel::parse);
        let category = cells.required("category", Category::parse);
        let department = cells.optional("department", Department::parse);
        let amount = cells.optional("amount", Amount::parse);
        let mut flag_of = |key: &str| cells.optional(key, flag).unwrap_or(false);
        let flags = Flags {
            safety: flag_of("safety"),
            group: flag_of("group"),
            government: flag_of("government"),
            media: flag_of("media"),
            consumer_association: flag_of("consumer_association"),
            structural: flag_of("structural"),
            cross_department: flag_of("cross_department"),
            consultation: false,
        };
        let text = cells.required("text", |raw, field| {
            crate::domain::field::text(raw, field).map(Option::unwrap_or_default)
        });
        let by = cells.optional("by", crate::domain::field::name);
        let received_at = received_at?;
        let ticketed_at = ticketed_at.unwrap_or(received_at);
        if ticketed_at < received_at {
            let header = cells.header("ticketed_at");
            cells.refuse(
                header.clone(),
                Message::TicketedBeforeReceived {
                    field: Composed(header),
                    ticketed: dates::minute(ticketed_at),
                    received: dates::minute(received_at),
                },
            );
        }
        let category = category?;
        Some(ComplaintLine {
            phone: phone?,
            name,
            received_at,
            ticketed_at,
            channel: channel?,
            category,
            department: department.unwrap_or_else(|| category.department()),
            amount,
            flags,
            text: text?,
            by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout;
    use super::super::testing::{columns, now, read, strings};
    use super::*;

    #[test]
    fn complaints_take_flags_and_default_the_department() {
        let found = layout(
            Kind::Complaints,
            &strings(&[
                "电话",
                "投诉时间",
                "渠道",
                "类别",
                "投诉内容",
                "金额",
                "媒体",
                "立案时间",
            ]),
        )
        .unwrap();
        let values = strings(&[
            "13812345678",
            "2026-03-05 09:00",
            "电话",
            "质量",
            "墙面开裂",
            "12,000",
            "是",
            "",
        ]);
        let mut cells = Cells::new(&found, &values);
        let line = Complaints::line(&mut cells, now());
        let line = cells.finish(line).unwrap();
        assert!(line.flags.media && !line.flags.safety);
        assert_eq!(line.department, Department::Engineering);
        assert_eq!(line.amount, Some(Amount(1_200_000)));
        assert_eq!(line.ticketed_at, line.received_at);

        let values = strings(&[
            "13812345678",
            "2026-03-05 09:00",
            "电话",
            "质量",
            "墙面开裂",
            "",
            "也许",
            "2026-03-05 08:00",
        ]);
        let mut cells = Cells::new(&found, &values);
        let line = Complaints::line(&mut cells, now());
        let problems = cells.finish(line).unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(columns, ["媒体", "立案时间"], "{problems:?}");
    }

    #[test]
    fn every_bad_cell_of_a_complaint_is_named() {
        let problems = read::<Complaints>(
            &[
                "电话",
                "投诉时间",
                "渠道",
                "类别",
                "投诉内容",
                "金额",
                "部门",
            ],
            &["", "", "fax", "none", "", "abc", "hr"],
        )
        .unwrap_err();
        assert_eq!(
            columns(&problems),
            [
                "电话",
                "投诉时间",
                "渠道",
                "类别",
                "部门",
                "金额",
                "投诉内容"
            ]
        );
    }
}
