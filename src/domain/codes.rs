//! Coded values: the closed sets of words the office records (a visit's reason, a complaint's
//! class, a rep's reason to be away). Each value has a stable English code, which is what the
//! database stores and what CSV and JSON carry whatever the language, and a Chinese label, which
//! tables and CSV show under `--lang zh`. The label belongs to the set as well as the code: the
//! channel `referral` (介绍) and the reason `referral` (老带新) are different words.

use std::fmt::Debug;

/// A closed set of coded values.
pub trait Code: Copy + Eq + Debug + 'static {
    /// What a value of the set is, for messages: "a visit reason".
    const SET: &'static str;
    /// Every value, in the order listings show them.
    const ALL: &'static [Self];

    /// The stable code: stored, and written in CSV and JSON.
    fn code(self) -> &'static str;

    /// The Chinese label.
    fn zh(self) -> &'static str;

    /// The value whose stored code is `code`.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.code() == code)
    }
}

/// Implements [`Code`] for an enum from one line per value: `Variant => "code", "中文"`.
macro_rules! code_set {
    ($name:ident, $what:literal, [$($variant:ident => $code:literal, $zh:literal),+ $(,)?]) => {
        impl $crate::domain::codes::Code for $name {
            const SET: &'static str = $what;
            const ALL: &'static [$name] = &[$($name::$variant),+];

            fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            fn zh(self) -> &'static str {
                match self {
                    $($name::$variant => $zh),+
                }
            }
        }
    };
}

pub(crate) use code_set;

/// Every set's codes with their Chinese labels, so that one test can hold them all to the
/// same standard.
pub fn every_set() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    use super::aftersales::{CheckStatus, RepairKind, RepairStatus, RepairStep, RevisitRole};
    use super::calendar::DayKind;
    use super::commission::{Role, Rule};
    use super::complaint::{self, Authority, Category, Clock, Department, Standing, Step};
    use super::customer::{self, Gender};
    use super::deal::{Change, CompanyDeal};
    use super::register::{Contact, Reason};
    use super::rotation::{self, Away, RosterChange};

    fn set<T: Code>() -> (&'static str, Vec<(&'static str, &'static str)>) {
        (T::SET, T::ALL.iter().map(|v| (v.code(), v.zh())).collect())
    }
    vec![
        set::<Reason>(),
        set::<Contact>(),
        set::<customer::Class>(),
        set::<customer::Channel>(),
        set::<Gender>(),
        set::<Away>(),
        set::<rotation::Status>(),
        set::<RosterChange>(),
        set::<complaint::Class>(),
        set::<complaint::Channel>(),
        set::<Category>(),
        set::<Department>(),
        set::<Authority>(),
        set::<complaint::Status>(),
        set::<Step>(),
        set::<Clock>(),
        set::<Standing>(),
        set::<DayKind>(),
        set::<Role>(),
        set::<Rule>(),
        set::<CompanyDeal>(),
        set::<Change>(),
        set::<CheckStatus>(),
        set::<RepairKind>(),
        set::<RevisitRole>(),
        set::<RepairStatus>(),
        set::<RepairStep>(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_has_a_stable_code_and_its_own_chinese_label() {
        for (set, values) in every_set() {
            assert!(!values.is_empty(), "{set}: no values");
            let mut codes = HashSet::new();
            let mut labels = HashSet::new();
            for (code, zh) in values {
                assert!(
                    !code.is_empty()
                        && code
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-'),
                    "{set}: {code:?} is not a stable lower-case code"
                );
                assert!(
                    !zh.trim().is_empty() && !zh.is_ascii(),
                    "{set}: {code} has no Chinese label ({zh:?})"
                );
                assert!(codes.insert(code), "{set}: the code {code} is used twice");
                assert!(
                    labels.insert(zh),
                    "{set}: {code} shares the label {zh} with another code of the set"
                );
            }
        }
    }

    #[test]
    fn every_set_of_the_domain_is_held_to_the_standard() {
        // A set defined with `code_set!` or `codes!` but left out of `every_set` would escape
        // the test above: count the definitions in the domain's sources.
        let mut paths = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain")];
        let mut defined = 0;
        while let Some(path) = paths.pop() {
            // A module split into a folder (domain/import/) keeps its sets in its files.
            if path.is_dir() {
                for entry in std::fs::read_dir(path).unwrap() {
                    paths.push(entry.unwrap().path());
                }
                continue;
            }
            let source = std::fs::read_to_string(path).unwrap();
            defined += source
                .lines()
                .filter(|line| line.starts_with("code_set!(") || line.starts_with("codes!("))
                .count();
        }
        assert_eq!(every_set().len(), defined, "every_set() lists every set");
    }
}
