//! What is typed about a customer and a contact: the customer class (客户分类), the channel a
//! contact came through, and the checks on names and the optional demographic fields; and who
//! may be a company client (公司客户, 6.1.1).

use chrono::NaiveDate;

use super::codes::{self, code_enum};
use super::deal::CompanyDeal;
use super::register::{Contact, Recorded};
use crate::error::Invalid;
use crate::messages::Message;

code_enum! {
    /// 客户分类: owner (业主), intent (意向客户), potential (潜在客户).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Class: "a customer class", refused as NotACustomerClass {
        Owner => "owner", "业主",
        Intent => "intent", "意向客户" | "意向",
        Potential => "potential", "潜在客户" | "潜在",
    }
}

code_enum! {
    /// How a contact reached the office.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Channel: "a channel", refused as NotAChannel {
        WalkIn => "walk-in", "上门" | "walkin" | "到访" | "来访",
        Phone => "phone", "电话" | "来电",
        Referral => "referral", "介绍" | "推介",
        Web => "web", "网络" | "网上",
        Event => "event", "活动",
    }
}

code_enum! {
    /// 性别.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Gender: "a gender" {
        Male => "male", "男" | "m" | "男性",
        Female => "female", "女" | "f" | "女性",
    }
}

/// Gender as typed: 男/女 or male/female (m/f).
pub fn gender(raw: &str, field: &str) -> Result<Gender, Invalid> {
    codes::parse(raw, field, |field, raw| Message::NotAGender { field, raw })
}

/// The registration that keeps a customer from being a company client: the rep who registered
/// them, and the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub rep: Option<String>,
    pub on: NaiveDate,
}

/// The company-client rule (公司客户, 6.1.1): a client is the company's only when the company
/// sent them before any visit, so a customer a rep has registered (a standing visit; a call
/// registers nobody) never becomes one. `entries` are the customer's register entries in the
/// order they came; the registration that rules the company out, if there is one.
pub fn registered_before_company(entries: &[Recorded]) -> Option<Registration> {
    entries
        .iter()
        .find(|entry| entry.stands() && entry.contact == Contact::Visit)
        .map(|first| Registration {
            rep: first.rep.as_ref().map(|rep| rep.name.clone()),
            on: first.at.date(),
        })
}

/// A company deal typed for a customer who is not a company client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotACompanyClient;

/// How the company brought a buyer (6.1.1, 6.1.3–6.1.5): a company client's deal is of the kind
/// typed, introduced unless said; any other buyer's is no company deal, and typing one is
/// refused.
pub fn company_deal(
    company_client: bool,
    typed: Option<CompanyDeal>,
) -> Result<Option<CompanyDeal>, NotACompanyClient> {
    match (company_client, typed) {
        (true, kind) => Ok(Some(kind.unwrap_or(CompanyDeal::Introduced))),
        (false, None) => Ok(None),
        (false, Some(_)) => Err(NotACompanyClient),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::register::Reason;
    use crate::domain::rotation::RepRef;
    use chrono::NaiveTime;

    fn contacted(stands: bool, contact: Contact, rep: &str, day: u32) -> Recorded {
        Recorded {
            id: i64::from(day),
            at: NaiveDate::from_ymd_opt(2026, 11, day)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            contact,
            reason: Reason::Rotation,
            rep: Some(RepRef {
                id: 1,
                name: rep.to_string(),
            }),
            voided: (!stands)
                .then(|| ("前台".to_string(), NaiveDate::MIN.and_time(NaiveTime::MIN))),
            supersedes: None,
            superseded_by: None,
            designated_from: None,
            referral_id: None,
        }
    }

    #[test]
    fn a_customer_a_rep_registered_never_becomes_a_company_client() {
        // Calls register nobody, nor does a voided visit: the first standing visit does.
        let entries = [
            contacted(true, Contact::Call, "王芳", 2),
            contacted(false, Contact::Visit, "李娜", 3),
            contacted(true, Contact::Visit, "张伟", 5),
            contacted(true, Contact::Visit, "王芳", 9),
        ];
        assert_eq!(
            registered_before_company(&entries),
            Some(Registration {
                rep: Some("张伟".into()),
                on: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()
            })
        );
        assert_eq!(registered_before_company(&entries[..2]), None);
        assert_eq!(registered_before_company(&[]), None);
    }

    #[test]
    fn only_a_company_client_has_a_company_deal() {
        assert_eq!(company_deal(true, None), Ok(Some(CompanyDeal::Introduced)));
        assert_eq!(
            company_deal(true, Some(CompanyDeal::Arranged)),
            Ok(Some(CompanyDeal::Arranged))
        );
        assert_eq!(company_deal(false, None), Ok(None));
        assert_eq!(
            company_deal(false, Some(CompanyDeal::ArrangedStaff)),
            Err(NotACompanyClient)
        );
    }

    #[test]
    fn classes_in_english_and_chinese() {
        assert_eq!(Class::parse("owner", "--class").unwrap(), Class::Owner);
        assert_eq!(Class::parse("意向客户", "--class").unwrap(), Class::Intent);
        assert_eq!(Class::parse(" 潜在 ", "--class").unwrap(), Class::Potential);
        let err = Class::parse("vip", "--class").unwrap_err();
        assert!(
            err.to_string().contains("owner, intent or potential"),
            "{err}"
        );
    }

    #[test]
    fn channels() {
        assert_eq!(
            Channel::parse("walk-in", "--channel").unwrap(),
            Channel::WalkIn
        );
        assert_eq!(Channel::parse("来电", "--channel").unwrap(), Channel::Phone);
        assert!(
            Channel::parse("fax", "--channel")
                .unwrap_err()
                .to_string()
                .contains("walk-in, phone")
        );
    }

    #[test]
    fn genders() {
        assert_eq!(gender("女", "--gender").unwrap(), Gender::Female);
        assert!(gender("x", "--gender").is_err());
    }
}
