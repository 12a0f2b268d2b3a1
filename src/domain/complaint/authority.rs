//! Who has authority over a complaint (审批权限, 3.9): who approves its handling proposal, who
//! takes its final decision, and where an escalation goes next. A complaint that needs several
//! centres (协作投诉, 3.9.4) is decided by the general managers of the centres that cooperate
//! on it, unless it is major or costs 10,000 CNY or more, which stays the president's.

use super::classify::{Class, IMPORTANT_AMOUNT, MAJOR_AMOUNT};
use crate::domain::codes::code_set;
use crate::domain::money::Amount;

/// Who approves a complaint's handling (审批权限, 3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Authority {
    /// 客户总监: a general complaint's compensation under 500 CNY.
    CustomerDirector,
    /// 分管客户中心的副总裁, who heads the president's office (总裁办主任, 4.6): general
    /// complaints. The stored code keeps the office's name.
    PresidentsOffice,
    /// 各分管副总裁: the proposal for an important or major complaint.
    VicePresident,
    /// 总裁: the final decision on an important or major complaint, and any decision costing
    /// 10,000 CNY or more.
    President,
    /// 各协作中心总经理: the final decision on a complaint that needs several centres (3.9.4:
    /// 协作投诉处理，核决最高权限为各协作中心总经理). The centres are named with the complaint.
    CentreManagers,
}

code_set!(Authority, "an approval authority", [
    CustomerDirector => "customer-director", "客户总监",
    PresidentsOffice => "presidents-office", "分管客户中心副总裁",
    VicePresident => "vice-president", "分管副总裁",
    President => "president", "总裁",
    CentreManagers => "centre-managers", "协作中心总经理",
]);

impl Authority {
    /// The next authority up, for an escalation; `None` above the president. A general
    /// complaint goes from the customer director to the vice president in charge of the
    /// customer centre, and from there to the president; the cooperating centres' general
    /// managers hand it to the vice presidents in charge of them (4.4.1), and they to the
    /// president.
    pub fn next(self) -> Option<Authority> {
        match self {
            Authority::CustomerDirector => Some(Authority::PresidentsOffice),
            Authority::CentreManagers => Some(Authority::VicePresident),
            Authority::PresidentsOffice | Authority::VicePresident => Some(Authority::President),
            Authority::President => None,
        }
    }
}

/// Who approves the handling proposal (审批会签建议方案) and who takes the final decision
/// (核决终极处理方案).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authorities {
    pub proposal: Authority,
    pub decision: Authority,
}

/// By class, then by amount (3.9, 4.3–4.7): an important or major complaint's proposal is
/// approved by the vice president in charge and decided by the president; a general one is
/// decided by the vice president in charge of the customer centre, or by the customer director
/// when the compensation is under 500 CNY. A complaint that needs several centres
/// (`cross_department`) is decided by the cooperating centres' general managers (3.9.4), its
/// proposal approved as its class says; a major one stays the president's. Any decision of
/// 10,000 CNY or more is the president's.
pub fn authorities(class: Class, amount: Option<Amount>, cross_department: bool) -> Authorities {
    let (proposal, decision) = match class {
        Class::Major | Class::Important => (Authority::VicePresident, Authority::President),
        Class::General => match amount {
            Some(amount) if amount < IMPORTANT_AMOUNT => {
                (Authority::CustomerDirector, Authority::CustomerDirector)
            }
            _ => (Authority::PresidentsOffice, Authority::PresidentsOffice),
        },
    };
    let decision = match class {
        Class::General | Class::Important if cross_department => Authority::CentreManagers,
        _ => decision,
    };
    let decision = match amount {
        Some(amount) if amount >= MAJOR_AMOUNT => Authority::President,
        _ => decision,
    };
    Authorities { proposal, decision }
}

/// Who takes the final decision on a complaint when it is received: the authority its
/// escalations start from.
pub fn authority(class: Class, amount: Option<Amount>, cross_department: bool) -> Authority {
    authorities(class, amount, cross_department).decision
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::Code;

    fn amount(text: &str) -> Option<Amount> {
        Some(Amount::parse(text, "--amount").unwrap())
    }

    #[test]
    fn proposal_and_final_decision_by_class_then_amount() {
        let both = |class, text: Option<&str>| {
            let a = authorities(class, text.and_then(amount), false);
            (a.proposal, a.decision)
        };
        use Authority::*;
        // 3.9.3: a general complaint is the vice president in charge of the customer centre's;
        // the customer director's when the compensation is under 500.
        assert_eq!(
            both(Class::General, Some("499.99")),
            (CustomerDirector, CustomerDirector)
        );
        assert_eq!(
            both(Class::General, None),
            (PresidentsOffice, PresidentsOffice)
        );
        // 3.9.1–2: important and major: the proposal by the vice president in charge, the
        // final decision by the president, whatever the amount.
        for class in [Class::Important, Class::Major] {
            for text in [None, Some("1"), Some("100"), Some("500"), Some("9999.99")] {
                assert_eq!(
                    both(class, text),
                    (VicePresident, President),
                    "{class:?} {text:?}"
                );
            }
        }
        // 4.3.2: 10,000 or more is the president's.
        assert_eq!(
            both(Class::Major, Some("10000")),
            (VicePresident, President)
        );
        assert_eq!(
            authority(Class::General, amount("100"), false),
            CustomerDirector
        );
        assert_eq!(CustomerDirector.next(), Some(PresidentsOffice));
        assert_eq!(PresidentsOffice.next(), Some(President));
        assert_eq!(VicePresident.next(), Some(President));
        assert_eq!(President.next(), None);
    }

    #[test]
    fn the_cooperating_centres_general_managers_decide_a_cross_department_complaint() {
        use Authority::*;
        let both = |class, text: Option<&str>| {
            let a = authorities(class, text.and_then(amount), true);
            (a.proposal, a.decision)
        };
        // 3.9.4: 协作投诉处理，核决最高权限为各协作中心总经理 (wrong before: the president).
        assert_eq!(
            both(Class::Important, None),
            (VicePresident, CentreManagers)
        );
        assert_eq!(
            both(Class::Important, Some("3000")),
            (VicePresident, CentreManagers)
        );
        // Reclassified general, it is still decided by the centres it needs.
        assert_eq!(
            both(Class::General, Some("100")),
            (CustomerDirector, CentreManagers)
        );
        // A major one, or 10,000 CNY and more, stays the president's (3.9.1, 4.3.2).
        assert_eq!(both(Class::Major, None), (VicePresident, President));
        assert_eq!(
            both(Class::Important, Some("10000")),
            (VicePresident, President)
        );
        assert_eq!(authority(Class::Important, None, true), CentreManagers);
        // Escalated, it goes to the vice presidents in charge, then the president.
        assert_eq!(CentreManagers.next(), Some(VicePresident));
        assert_eq!(CentreManagers.code(), "centre-managers");
        assert_eq!(CentreManagers.zh(), "协作中心总经理");
    }
}
