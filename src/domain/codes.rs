//! Coded values: the closed sets of words the office records (a visit's reason, a complaint's
//! class, a rep's reason to be away). Each value has a stable English code, which is what the
//! database stores and what CSV and JSON carry whatever the language, and a Chinese label, which
//! tables and CSV show under `--lang zh`. The label belongs to the set as well as the code: the
//! channel `referral` (介绍) and the reason `referral` (老带新) are different words.

use std::fmt::Debug;

use crate::error::Invalid;
use crate::messages::Message;

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

    /// Other words the office types for a value, besides its code and its Chinese label.
    const OTHER_WORDS: &'static [(&'static str, Self)];

    /// The value whose stored code is `code`.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.code() == code)
    }

    /// The value a person typed: its code, its Chinese label or another word for it, in any
    /// case and with spaces around it.
    fn from_typed(raw: &str) -> Option<Self> {
        let word = raw.trim().to_lowercase();
        Self::ALL
            .iter()
            .copied()
            .find(|value| value.code() == word || value.zh() == word)
            .or_else(|| {
                Self::OTHER_WORDS
                    .iter()
                    .find(|(other, _)| *other == word)
                    .map(|(_, value)| *value)
            })
    }
}

/// Reads a value of `T` typed into `field` ([`Code::from_typed`]); a word that is none of the
/// set's is refused with the message `refusal` makes of the field and the word as typed.
pub fn parse<T: Code>(
    raw: &str,
    field: &str,
    refusal: impl FnOnce(String, String) -> Message,
) -> Result<T, Invalid> {
    T::from_typed(raw)
        .ok_or_else(|| Invalid::from(refusal(field.to_string(), raw.trim().to_string())))
}

/// The refusal of a word that is none of `T`'s, listing the set's codes; `set_zh` names the set
/// in Chinese as [`Code::SET`] does in English. For a set without a message of its own.
pub fn not_in_set<T: Code>(set_zh: &str) -> impl FnOnce(String, String) -> Message + '_ {
    move |field, raw| Message::NotInSet {
        field,
        raw: raw.to_lowercase(),
        set: T::SET.to_string(),
        set_zh: set_zh.to_string(),
        codes: T::ALL
            .iter()
            .map(|value| value.code().to_string())
            .collect(),
        codes_zh: T::ALL
            .iter()
            .map(|value| format!("{}（{}）", value.zh(), value.code()))
            .collect(),
    }
}

/// A word a clerk may type for a value of a set, as tab completion offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed {
    pub word: &'static str,
    /// The value's code, which the word stands for.
    pub code: &'static str,
    /// The value's Chinese label, shown beside the word.
    pub zh: &'static str,
    /// The code itself, offered first; the label and the other words are offered only when
    /// what was typed begins like them (a clerk who starts typing in Chinese).
    pub is_code: bool,
}

/// Every word [`Code::from_typed`] reads as a value of `T`: each value's code, then each
/// value's Chinese label and the other words for it.
pub fn typed_words<T: Code>() -> Vec<Typed> {
    let typed = |word, value: T, is_code| Typed {
        word,
        code: value.code(),
        zh: value.zh(),
        is_code,
    };
    let codes = T::ALL.iter().map(|v| typed(v.code(), *v, true));
    let labels = T::ALL.iter().map(|v| typed(v.zh(), *v, false));
    let others = T::OTHER_WORDS.iter().map(|(w, v)| typed(w, *v, false));
    codes.chain(labels).chain(others).collect()
}

/// Implements [`Code`] for an enum from one line per value: `Variant => "code", "中文"`, then
/// any other words offices type for it (`| "交房"`), in lower case.
macro_rules! code_set {
    ($name:ident, $what:literal, [$($variant:ident => $code:literal, $zh:literal $(| $other:literal)*),+ $(,)?]) => {
        impl $crate::domain::codes::Code for $name {
            const SET: &'static str = $what;
            const ALL: &'static [$name] = &[$($name::$variant),+];
            const OTHER_WORDS: &'static [(&'static str, $name)] =
                &[$($(($other, $name::$variant),)*)+];

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

/// Declares a coded enum and its [`Code`] in one place, so that a value is named once: its
/// variant, its code, its Chinese label and any other words, each line as in [`code_set!`]
/// with the variant's own documentation above it. `refused as NotAChannel` adds a `parse`
/// that reads a typed value and refuses any other word with that message.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $what:literal $(, refused as $refusal:ident)? {
            $($(#[$variant_meta:meta])* $variant:ident => $code:literal, $zh:literal $(| $other:literal)*),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$variant_meta])* $variant),+
        }

        $crate::domain::codes::code_set!($name, $what, [$($variant => $code, $zh $(| $other)*),+]);

        $(
            impl $name {
                /// The value typed into `field`: its code, its Chinese label or another word
                /// for it; any other word is refused.
                pub fn parse(raw: &str, field: &str) -> Result<$name, $crate::error::Invalid> {
                    $crate::domain::codes::parse(raw, field, |field, raw| {
                        $crate::messages::Message::$refusal { field, raw }
                    })
                }
            }
        )?
    };
}

pub(crate) use code_enum;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every set's codes with their Chinese labels, so that one test can hold them all to the
    /// same standard.
    fn every_set() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
        use crate::domain::aftersales::{
            CheckStatus, RepairKind, RepairStatus, RepairStep, RevisitRole,
        };
        use crate::domain::calendar::DayKind;
        use crate::domain::commission::{Role, Rule};
        use crate::domain::complaint::{
            self, Authority, Category, Clock, Department, Standing, Step,
        };
        use crate::domain::customer::{self, Gender};
        use crate::domain::deal::{Change, CompanyDeal};
        use crate::domain::fairness;
        use crate::domain::reception::ReferralStanding;
        use crate::domain::register::{Contact, Reason};
        use crate::domain::rotation::{self, Away, RosterChange};

        fn set<T: Code>() -> (&'static str, Vec<(&'static str, &'static str)>) {
            // Another word is matched against what was typed in lower case, and must not be
            // some other value's code or label, which would win over it.
            for (word, value) in T::OTHER_WORDS {
                assert_eq!(
                    *word,
                    word.to_lowercase(),
                    "{}: {word} is not lower case",
                    T::SET
                );
                assert_eq!(
                    T::from_typed(word),
                    Some(*value),
                    "{}: {word} is taken",
                    T::SET
                );
            }
            // Every word typed for a value, its code and label in any case included, reads
            // back as that value, and no word is claimed by two values.
            let mut claimed: std::collections::HashMap<String, T> = Default::default();
            let words = T::ALL
                .iter()
                .flat_map(|v| [(v.code(), *v), (v.zh(), *v)])
                .chain(T::OTHER_WORDS.iter().copied());
            for (word, value) in words {
                if let Some(other) = claimed.insert(word.to_lowercase(), value) {
                    assert_eq!(other, value, "{}: {word} is ambiguous", T::SET);
                }
                for typed in [word.to_string(), word.to_uppercase(), format!(" {word}\t")] {
                    assert_eq!(
                        T::from_typed(&typed),
                        Some(value),
                        "{}: {typed:?} is not read as {}",
                        T::SET,
                        value.code()
                    );
                }
            }
            (T::SET, T::ALL.iter().map(|v| (v.code(), v.zh())).collect())
        }
        vec![
            set::<Reason>(),
            set::<fairness::Measure>(),
            set::<fairness::Rule>(),
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
            set::<complaint::follow_ups::Why>(),
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
            set::<ReferralStanding>(),
        ]
    }

    #[test]
    fn every_word_offered_for_a_set_reads_back_as_its_value() {
        use crate::domain::rotation::Away;
        let words = typed_words::<Away>();
        let codes: Vec<&str> = words.iter().filter(|w| w.is_code).map(|w| w.word).collect();
        assert_eq!(codes, ["absent", "manager", "busy"]);
        assert!(
            words
                .iter()
                .any(|w| w.word == "领导安排" && w.code == "manager")
        );
        for word in words {
            assert_eq!(Away::from_typed(word.word).map(Code::code), Some(word.code));
            assert_eq!(Away::from_code(word.code).map(Code::zh), Some(word.zh));
        }
    }

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
    fn every_value_is_read_back_from_its_code_its_chinese_label_and_its_other_words() {
        // `every_set` holds each set's words to it as it walks them.
        assert!(every_set().iter().all(|(_, values)| !values.is_empty()));
    }

    #[test]
    fn every_set_of_the_domain_is_held_to_the_standard() {
        // A set defined with `code_set!` or `code_enum!` but left out of `every_set` would escape
        // the test above: count the definitions in the domain's sources.
        fn count(folder: &std::path::Path) -> usize {
            let mut defined = 0;
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    defined += count(&path);
                    continue;
                }
                let source = std::fs::read_to_string(path).unwrap();
                defined += source
                    .lines()
                    .filter(|line| {
                        line.starts_with("code_set!(")
                            || line.starts_with("code_enum! {")
                            || line.starts_with("codes!(")
                    })
                    .count();
            }
            defined
        }
        let defined = count(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/domain"));
        assert_eq!(every_set().len(), defined, "every_set() lists every set");
    }

    #[test]
    fn a_code_word_is_read_from_its_code_its_label_or_another_word_in_any_case() {
        use crate::domain::aftersales::RepairKind;
        use crate::domain::register::Contact;
        assert_eq!(Contact::from_typed(" CALL "), Some(Contact::Call));
        assert_eq!(Contact::from_typed("来电"), Some(Contact::Call));
        assert_eq!(Contact::from_typed("到访"), Some(Contact::Visit));
        assert_eq!(Contact::from_typed("fax"), None);
        let refused = parse::<Contact>(" Fax ", "KIND", |field, raw| Message::NotAContact {
            field,
            raw,
        })
        .unwrap_err();
        assert!(
            refused.english().starts_with("KIND: \"Fax\" is neither"),
            "{refused}"
        );
        let listed = parse::<RepairKind>("Roof", "--kind", not_in_set::<RepairKind>("维修类别"))
            .unwrap_err();
        assert!(
            listed.english().contains("\"roof\" is not a repair kind"),
            "{listed}"
        );
        assert!(
            listed.english().contains("safety, leak, general"),
            "{listed}"
        );
        assert!(
            listed.text(crate::lang::Lang::Zh).contains("维修类别"),
            "{listed}"
        );
    }
}
