//! What a deal (成交) records as typed: the unit (房号, such as `5-2-1201`), how the company
//! brought a company client, and the changes after a deal (换房, 更名), which never move the
//! customer or the commission to another rep (7.6).

use super::codes::{self, code_set};
use super::text::Lines;
use crate::error::Invalid;
use crate::messages::Message;

/// How the company brought a company client (公司客户, 6.1.3–6.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyDeal {
    /// Introduced or brought by the company; the rep followed it through.
    Introduced,
    /// Arranged by the company directly; the rep did the after-sale follow-up.
    Arranged,
    /// Arranged by the company directly; other staff did the follow-up.
    ArrangedStaff,
}

code_set!(CompanyDeal, "a kind of company deal", [
    Introduced => "introduced", "公司介绍" | "介绍",
    Arranged => "arranged", "公司安排" | "安排",
    ArrangedStaff => "arranged-staff", "公司安排他人跟进",
]);

impl CompanyDeal {
    pub fn parse(raw: &str, field: &str) -> Result<CompanyDeal, Invalid> {
        codes::parse(raw, field, |field, raw| Message::NotACompanyDeal {
            field,
            raw,
        })
    }
}

/// A change after a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// 换房: the buyer moved to another unit.
    Unit,
    /// 更名: the name on the contract changed.
    Name,
}

code_set!(Change, "a change after a deal", [
    Unit => "unit", "换房",
    Name => "name", "更名",
]);

/// A unit as typed: building-entrance-room such as `5-2-1201`, or however the project numbers
/// them; trimmed, not empty, at most 30 characters, on one line.
pub fn unit(raw: &str, field: &str) -> Result<String, Invalid> {
    let unit = raw.trim();
    if unit.is_empty() {
        return Err(Invalid::from(Message::UnitEmpty {
            field: field.to_string(),
        }));
    }
    if unit.chars().count() > 30 {
        return Err(Invalid::from(Message::NotAUnit {
            field: field.to_string(),
            raw: unit.to_string(),
        }));
    }
    Ok(super::field::plain(unit, field, Lines::One)?.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_company_deals_as_typed() {
        assert_eq!(unit(" 5-2-1201 ", "--unit").unwrap(), "5-2-1201");
        assert!(unit("  ", "--unit").is_err());
        assert!(unit("5-2\n1201", "--unit").is_err());
        assert_eq!(
            CompanyDeal::parse("公司安排", "--company").unwrap(),
            CompanyDeal::Arranged
        );
        assert!(
            CompanyDeal::parse("vip", "--company")
                .unwrap_err()
                .to_string()
                .contains("arranged-staff")
        );
    }
}
