//! A file of customers (客户档案): name and phone, the class, and the details a customer
//! card keeps. A deal date makes the customer an owner.

use chrono::NaiveDateTime;

use super::{AGE, Cells, Field, GENDER, Kind, NAME, OCCUPATION, PHONE, Sheet, field, past_moment};
use crate::domain::codes::Code;
use crate::domain::customer::{self, Class, Gender};
use crate::domain::phone::Phone;
use crate::messages::{Composed, Message};

/// The twelve free-text details of a customer, in the order [`CustomerLine::details`] keeps.
const DETAIL_KEYS: [&str; 12] = [
    "education",
    "occupation",
    "income",
    "family",
    "address",
    "email",
    "personality",
    "interests",
    "attitude",
    "requirements",
    "purchase",
    "tendency",
];

const CUSTOMER_FIELDS: &[Field] = &[
    field("name", NAME, true, "the customer's name, for example 张三"),
    PHONE,
    field(
        "class",
        &["客户分类", "分类", "类别", "客户类别"],
        false,
        "owner, intent or potential (业主/意向客户/潜在客户)",
    ),
    GENDER,
    AGE,
    field(
        "education",
        &["学历", "教育程度", "文化程度"],
        false,
        "text",
    ),
    OCCUPATION,
    field(
        "income",
        &["收入", "收入水平", "家庭收入", "月收入"],
        false,
        "text",
    ),
    field("family", &["家庭结构", "家庭", "家庭成员"], false, "text"),
    field(
        "address",
        &["地址", "住址", "联系地址", "居住区域"],
        false,
        "text",
    ),
    field(
        "email",
        &["邮箱", "电子邮件", "电子邮箱", "e-mail"],
        false,
        "text",
    ),
    field("personality", &["性格", "个性"], false, "text"),
    field("interests", &["兴趣", "爱好", "兴趣爱好"], false, "text"),
    field("attitude", &["购买态度", "态度"], false, "text"),
    field("requirements", &["需求", "购房需求", "要求"], false, "text"),
    field(
        "purchase",
        &["购买记录", "购买情况", "已购房源"],
        false,
        "text",
    ),
    field("tendency", &["购买倾向", "意向房型", "倾向"], false, "text"),
    field(
        "bought_at",
        &["成交时间", "成交日期", "购买日期", "签约日期"],
        false,
        "the day of the deal, for example 2026-03-05",
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct CustomerLine {
    pub name: String,
    pub phone: Phone,
    pub class: Option<Class>,
    pub gender: Option<Gender>,
    pub age: Option<i64>,
    /// Education, occupation, income, family, address, email, personality, interests,
    /// attitude, requirements, purchase, tendency.
    pub details: [Option<String>; 12],
    /// When an owner bought; the deal is dated by it.
    pub bought_at: Option<NaiveDateTime>,
}

pub struct Customers;

impl Sheet for Customers {
    const KIND: Kind = Kind::Customers;
    const FIELDS: &'static [Field] = CUSTOMER_FIELDS;
    type Line = CustomerLine;

    /// A customer. A deal date makes the customer an owner (业主); a class that says otherwise
    /// next to a deal date is a contradiction the office must settle.
    fn line(cells: &mut Cells, now: NaiveDateTime) -> Option<CustomerLine> {
        let name = cells.required("name", crate::domain::field::name);
        let phone = cells.required("phone", Phone::parse);
        let mut class = cells.optional("class", Class::parse);
        let gender = cells.optional("gender", customer::gender);
        let age = cells.optional("age", crate::domain::field::age);
        let details = DETAIL_KEYS.map(|key| cells.text(key));
        let bought_at = cells.optional("bought_at", |raw, field| past_moment(raw, field, now));
        if bought_at.is_some() {
            match class {
                None | Some(Class::Owner) => class = Some(Class::Owner),
                Some(other) => {
                    let header = cells.header("class");
                    cells.refuse(
                        header.clone(),
                        Message::ClassWithDealDate {
                            field: Composed(header),
                            class: other.code().to_string(),
                        },
                    );
                }
            }
        }
        Some(CustomerLine {
            name: name?,
            phone: phone?,
            class,
            gender,
            age,
            details,
            bought_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{columns, read};
    use super::*;

    const HEADERS: &[&str] = &[
        "姓名",
        "电话",
        "客户分类",
        "性别",
        "年龄",
        "邮箱",
        "成交日期",
    ];

    #[test]
    fn a_customer_with_a_deal_date_is_an_owner() {
        let line = read::<Customers>(
            HEADERS,
            &[
                "张三",
                "13812345678",
                "",
                "男",
                "35",
                "zs@example.com",
                "2026-03-05",
            ],
        )
        .unwrap();
        assert_eq!(line.name, "张三");
        assert_eq!(line.class, Some(Class::Owner));
        assert_eq!(line.gender, Some(Gender::Male));
        assert_eq!(line.age, Some(35));
        assert_eq!(line.details[5].as_deref(), Some("zs@example.com"));
        assert!(line.bought_at.is_some());
        let line = read::<Customers>(&["姓名", "电话"], &["李四", "13912345678"]).unwrap();
        assert_eq!((line.class, line.bought_at), (None, None));
    }

    #[test]
    fn every_bad_cell_of_a_customer_is_named() {
        let problems =
            read::<Customers>(HEADERS, &["", "1", "nobody", "x", "二十", "", "2027-01-01"])
                .unwrap_err();
        assert_eq!(
            columns(&problems),
            ["姓名", "电话", "客户分类", "性别", "年龄", "成交日期"]
        );
    }

    #[test]
    fn a_deal_date_beside_another_class_is_refused() {
        let problems = read::<Customers>(
            HEADERS,
            &["张三", "13812345678", "intent", "", "", "", "2026-03-05"],
        )
        .unwrap_err();
        assert_eq!(columns(&problems), ["客户分类"]);
        assert!(
            problems[0].message.contains("the row has a deal date"),
            "{problems:?}"
        );
    }
}
