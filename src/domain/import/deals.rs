//! An office's sales sheet (成交登记表): the buyer, the day, the unit, the price and the closing
//! rep, whose name the sheet gives (its history is the office's record, as with the register).

use chrono::NaiveDateTime;

use super::{Cells, Field, Kind, PHONE, Sheet, field, past_moment};
use crate::domain::deal::{self, CompanyDeal};
use crate::domain::money::Amount;
use crate::domain::phone::Phone;
use crate::error::Invalid;
use crate::messages::{Composed, Message};

/// The buyer's name as a sales sheet heads it, or as `deal list` does (`buyer`, 购房人).
const BUYER: &[&str] = &["姓名", "客户姓名", "客户名称", "客户", "购房人", "buyer"];

const DEAL_FIELDS: &[Field] = &[
    PHONE,
    field("name", BUYER, false, "the buyer's name"),
    field(
        "bought_at",
        // `at` is the column `deal list` writes, so that a listing imports back.
        &["成交日期", "成交时间", "签约日期", "认购日期", "日期", "at"],
        true,
        "the day of the deal, for example 2026-03-05",
    ),
    field(
        "unit",
        &["房号", "房间号", "单元房号", "房源"],
        true,
        "the unit sold, for example 5-2-1201",
    ),
    field(
        "price",
        &["成交价", "成交金额", "总价", "成交总价", "房款"],
        true,
        "the price in CNY",
    ),
    field(
        "rep",
        &["置业顾问", "销售员", "成交顾问", "顾问"],
        false,
        "the name of the rep who closed the deal",
    ),
    field(
        "company",
        &["公司客户", "公司客户类型"],
        false,
        "introduced, arranged or arranged-staff",
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct DealLine {
    pub phone: Phone,
    pub name: Option<String>,
    pub bought_at: NaiveDateTime,
    pub unit: String,
    pub price: Amount,
    /// The rep's name as the sheet gives it; none only for a company deal other staff followed.
    pub rep: Option<String>,
    pub company: Option<CompanyDeal>,
}

pub struct Deals;

impl Sheet for Deals {
    const KIND: Kind = Kind::Deals;
    const FIELDS: &'static [Field] = DEAL_FIELDS;
    type Line = DealLine;

    /// A deal from an office's sales sheet: the closing rep is the one the sheet names (its
    /// history is the office's record, as with the register).
    fn line(cells: &mut Cells, now: NaiveDateTime) -> Option<DealLine> {
        let phone = cells.required("phone", Phone::parse);
        let name = cells.optional("name", crate::domain::field::name);
        let bought_at = cells.required("bought_at", |raw, field| past_moment(raw, field, now));
        let unit = cells.required("unit", deal::unit);
        let price = cells.required("price", |raw, field| {
            Amount::parse(raw, field).and_then(|amount| {
                if amount.0 > 0 {
                    Ok(amount)
                } else {
                    Err(Invalid::from(Message::PriceNothing {
                        field: Composed(field.to_string()),
                        raw: raw.to_string(),
                    }))
                }
            })
        });
        let company = cells.optional("company", CompanyDeal::parse);
        let rep = if company == Some(CompanyDeal::ArrangedStaff) {
            cells.optional("rep", crate::domain::field::name)
        } else {
            cells.required("rep", crate::domain::field::name)
        };
        Some(DealLine {
            phone: phone?,
            name,
            bought_at: bought_at?,
            unit: unit?,
            price: price?,
            rep,
            company,
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
        "成交日期",
        "房号",
        "成交价",
        "置业顾问",
        "公司客户",
    ];

    #[test]
    fn a_deal_names_its_unit_price_and_rep() {
        let line = read::<Deals>(
            HEADERS,
            &[
                "13812345678",
                "张三",
                "2026-03-05",
                "5-2-1201",
                "1,280,000",
                "王芳",
                "",
            ],
        )
        .unwrap();
        assert_eq!(line.unit, "5-2-1201");
        assert_eq!(line.price, Amount(128_000_000));
        assert_eq!(line.rep.as_deref(), Some("王芳"));
        assert_eq!(line.company, None);
        // Other staff followed a company deal through: no rep to name.
        let line = read::<Deals>(
            HEADERS,
            &[
                "13812345678",
                "",
                "2026-03-05",
                "5-2-1201",
                "1280000",
                "",
                "arranged-staff",
            ],
        )
        .unwrap();
        assert_eq!(
            (line.rep, line.company),
            (None, Some(CompanyDeal::ArrangedStaff))
        );
    }

    #[test]
    fn every_bad_cell_of_a_deal_is_named() {
        let problems =
            read::<Deals>(HEADERS, &["1", "", "2027-01-01", "", "0", "", "nope"]).unwrap_err();
        assert_eq!(
            columns(&problems),
            ["电话", "成交日期", "房号", "成交价", "公司客户", "置业顾问"]
        );
        assert!(problems[3].message.contains("is nothing"), "{problems:?}");
    }
}
