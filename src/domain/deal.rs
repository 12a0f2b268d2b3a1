//! What a deal (成交) records as typed: the unit (房号, such as `5-2-1201`, one number per flat
//! however it was typed), how the company brought a company client, and the changes after a
//! deal (换房, 更名), which never move the customer or the commission to another rep (7.6).
//!
//! # A deal voided (退房, 录错)
//! A deal the buyer withdrew from, or one entered by mistake, is voided with who and why; it
//! stays in the history, marked, and from then on holds no unit (the unit may be sold again),
//! pays no share and makes nobody an owner. A deal whose unit stands handed over is voided only
//! once the handover is ([`may_void`]). 7.6 says a change after a deal never moves the customer
//! to another rep (成交后发生更名、换房等销售变更的，不变更经办售楼员): a customer with another
//! deal in force stays that deal's rep's for good; with none left they are no longer an owner,
//! and their registration decides whose they are, as before they bought ([`after_void`]).
//!
//! # A link after a deal
//! Spouses found out after a deal (7.4: 之后发现为夫妻关系) still share it, and two records found
//! to be one person (1.7) may halve a deal closed before the link: a link made after a deal
//! changes that deal. It is one of the deal's changes, dated, with who made it
//! ([`changed_by_link`]); a spouse linked or unlinked after a deal must say who did it
//! ([`link_changes_deals`]).

use super::codes::code_enum;
use super::text::Lines;
use crate::error::Invalid;
use crate::messages::Message;

code_enum! {
    /// How the company brought a company client (公司客户, 6.1.3–6.1.5).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum CompanyDeal: "a kind of company deal", refused as NotACompanyDeal {
        /// Introduced or brought by the company; the rep followed it through.
        Introduced => "introduced", "公司介绍" | "介绍",
        /// Arranged by the company directly; the rep did the after-sale follow-up.
        Arranged => "arranged", "公司安排" | "安排",
        /// Arranged by the company directly; other staff did the follow-up.
        ArrangedStaff => "arranged-staff", "公司安排他人跟进",
    }
}

code_enum! {
    /// A change after a deal, as its history lists them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Change: "a change after a deal" {
        /// 换房: the buyer moved to another unit.
        Unit => "unit", "换房",
        /// 更名: the name on the contract changed.
        Name => "name", "更名",
        /// A spouse linked (or unlinked) after the deal (7.4): the shares may change.
        Spouse => "spouse", "夫妻关联",
        /// The deal voided (退房, 录错).
        Void => "void", "作废",
        /// Two records found to be one person after the deal (1.7): the shares may change.
        Link => "link", "同一客户关联",
    }
}

/// A unit as typed, normalised as phones are, so that one flat has one number: full-width
/// characters (the Chinese input methods' `５－２－１２０１`) become their ASCII twins, letters
/// upper case; dashes of every width and spaces separate the parts (building, entrance, room),
/// several in a row counting as one; and each part loses its leading zeros (`05-02-1201`), one
/// zero kept before a letter or alone. `5－2－1201`, `05-02-1201`, `5 - 2 - 1201` and
/// `5-2-1201` are all `5-2-1201`. A unit the project numbers otherwise (`5栋2单元1201`) keeps
/// its words. Trimmed, not empty, at most 30 characters, on one line. The same steps, written
/// in SQL, normalised the units stored before (schema.sql, the migration of voided deals).
pub fn unit(raw: &str, field: &str) -> Result<String, Invalid> {
    let typed = super::field::plain(raw.trim(), field, Lines::One)?;
    let unit = normalise_unit(typed);
    if unit.is_empty() {
        return Err(Invalid::from(Message::UnitEmpty {
            field: field.to_string(),
        }));
    }
    if unit.chars().count() > 30 {
        return Err(Invalid::from(Message::NotAUnit {
            field: field.to_string(),
            raw: raw.trim().to_string(),
        }));
    }
    Ok(unit)
}

/// The steps of [`unit`] without its checks.
fn normalise_unit(typed: &str) -> String {
    let folded: String = typed
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .map(|c| match c {
            ' ' | '\t' | '\u{3000}' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '\u{2014}'
            | '\u{2015}' | '\u{2212}' => '-',
            other => other.to_ascii_uppercase(),
        })
        .collect();
    folded
        .split('-')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let rest = part.trim_start_matches('0');
            match (
                rest.len() == part.len(),
                rest.starts_with(|c: char| c.is_ascii_digit()),
            ) {
                (true, _) | (false, true) => rest.to_string(),
                (false, false) => format!("0{rest}"),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether deal `id` may be voided: once only, and not while its unit stands handed over
/// (`handover`: the handover in force and its unit), whose checks would run for nobody.
pub fn may_void(id: i64, voided: bool, handover: Option<(i64, &str)>) -> Result<(), Invalid> {
    if voided {
        return Err(Invalid::from(Message::DealVoidedAlready { id }));
    }
    if let Some((handover, unit)) = handover {
        return Err(Invalid::from(Message::DealHandedOver {
            id,
            handover,
            unit: unit.to_string(),
        }));
    }
    Ok(())
}

/// A voided deal is history: it is neither changed (换房, 更名) nor settled.
pub fn live(id: i64, voided: bool) -> Result<(), Invalid> {
    match voided {
        true => Err(Invalid::from(Message::DealIsVoided { id })),
        false => Ok(()),
    }
}

/// What voiding a deal leaves its customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterVoid {
    /// Another deal in force: still an owner, of that deal's rep for good (7.6).
    StillOwner { deal: i64 },
    /// No deal left: no longer an owner (an intent customer), whose registration decides
    /// whose they are.
    NoLongerOwner,
}

/// What voiding a deal leaves the customer, from their other deals in force, oldest first.
pub fn after_void(other_live: &[i64]) -> AfterVoid {
    match other_live.first() {
        Some(&deal) => AfterVoid::StillOwner { deal },
        None => AfterVoid::NoLongerOwner,
    }
}

/// Whether a link made at `linked_at` changes a deal closed at `closed_at`: it came after it.
pub fn changed_by_link(closed_at: chrono::NaiveDateTime, linked_at: chrono::NaiveDateTime) -> bool {
    linked_at > closed_at
}

/// A spouse link that changes deals (`deals`: the numbers of the deals it changes) says who made
/// it (`by`), since the shares of a deal already closed move.
pub fn link_changes_deals(deals: &[i64], by: Option<&str>) -> Result<(), Invalid> {
    match (deals, by) {
        ([], _) | (_, Some(_)) => Ok(()),
        (deals, None) => Err(Invalid::from(Message::SpouseLinkNeedsBy {
            deals: deals.iter().map(|d| d.to_string()).collect(),
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deal_is_voided_once_and_not_while_handed_over() {
        assert!(may_void(3, false, None).is_ok());
        assert!(live(3, false).is_ok());
        assert!(
            live(3, true)
                .unwrap_err()
                .to_string()
                .contains("neither changed nor settled")
        );
        assert!(
            may_void(3, true, None)
                .unwrap_err()
                .to_string()
                .contains("deal 3 is voided already")
        );
        let handed = may_void(3, false, Some((7, "5-2-1201"))).unwrap_err();
        assert!(
            handed
                .to_string()
                .contains("salesdesk handover void 5-2-1201"),
            "{handed}"
        );
    }

    #[test]
    fn the_customer_stays_an_owner_only_while_another_deal_stands() {
        assert_eq!(after_void(&[5, 9]), AfterVoid::StillOwner { deal: 5 });
        assert_eq!(after_void(&[]), AfterVoid::NoLongerOwner);
    }

    #[test]
    fn a_link_after_a_deal_changes_it_and_says_who_made_it() {
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert!(changed_by_link(
            at("2026-11-01 10:00"),
            at("2026-11-20 10:00")
        ));
        assert!(!changed_by_link(
            at("2026-11-01 10:00"),
            at("2026-11-01 10:00")
        ));
        assert!(!changed_by_link(
            at("2026-11-01 10:00"),
            at("2026-10-20 10:00")
        ));
        assert!(link_changes_deals(&[], None).is_ok());
        assert!(link_changes_deals(&[3], Some("前台")).is_ok());
        let err = link_changes_deals(&[3, 5], None).unwrap_err().to_string();
        assert!(err.contains("deal 3, 5") && err.contains("--by"), "{err}");
    }

    #[test]
    fn units_and_company_deals_as_typed() {
        assert_eq!(unit(" 5-2-1201 ", "--unit").unwrap(), "5-2-1201");
        for same in [
            "5－2－1201",
            "05-02-1201",
            "５－２－１２０１",
            "5 - 2 - 1201",
            "5—2—1201",
            "005-2--1201",
            "5\u{3000}2\u{3000}1201",
        ] {
            assert_eq!(unit(same, "--unit").unwrap(), "5-2-1201", "{same}");
        }
        assert_eq!(unit("a-0501", "--unit").unwrap(), "A-501");
        assert_eq!(unit("00-0A-00", "--unit").unwrap(), "0-0A-0");
        assert_eq!(unit("5栋2单元1201", "--unit").unwrap(), "5栋2单元1201");
        assert!(unit("－ －", "--unit").is_err(), "nothing but dashes");
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
