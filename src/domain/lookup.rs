//! How the clerk names a customer at the desk. `customer show` takes one customer: a phone
//! number (typed any way [`Phone::parse`] reads), the customer number (客户编号) that listings
//! show, or a masked phone copied from a listing (`138****5678`), which names a customer only
//! while no other has the same first three and last four digits. `customer find` searches: a
//! text of digits is a customer number, and four digits are also the last four of a phone (what
//! a caller reads out); a whole phone or a masked one finds its owners; anything else is part
//! of a name. What was typed is only read here: the database answers the question.

use crate::domain::phone::Phone;
use crate::error::Invalid;
use crate::messages::Message;

/// One customer, as `customer show` is told which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Phone(Phone),
    Id(i64),
    Masked(Masked),
}

/// A masked phone as listings show it: the first three digits and the last four.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    pub head: String,
    pub tail: String,
}

impl Masked {
    /// `138****5678`: three digits, one or more `*`, four digits.
    pub fn parse(raw: &str) -> Option<Masked> {
        let text: String = raw.trim().chars().map(fold_width).collect();
        let head = text.get(..3)?;
        let rest = text.get(3..)?;
        let stars = rest.len() - rest.trim_start_matches('*').len();
        let tail = &rest[stars..];
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        (stars > 0 && digits(head, 3) && digits(tail, 4)).then(|| Masked {
            head: head.to_string(),
            tail: tail.to_string(),
        })
    }

    pub fn shown(&self) -> String {
        format!("{}****{}", self.head, self.tail)
    }
}

/// Full-width digits and asterisks (what a Chinese input method types) as ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
        '\u{FF0A}' => '*',
        other => other,
    }
}

/// Reads what was typed to name one customer; `field` names the argument for the message.
pub fn key(raw: &str, field: &str) -> Result<Key, Invalid> {
    if let Ok(phone) = Phone::parse(raw, field) {
        return Ok(Key::Phone(phone));
    }
    if let Some(masked) = Masked::parse(raw) {
        return Ok(Key::Masked(masked));
    }
    match customer_number(raw) {
        Some(id) => Ok(Key::Id(id)),
        None => Err(Invalid::from(Message::NotACustomerKey {
            field: field.to_string(),
            raw: raw.to_string(),
        })),
    }
}

/// A customer number: digits only, at least 1.
fn customer_number(raw: &str) -> Option<i64> {
    let text: String = raw.trim().chars().map(fold_width).collect();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|id| *id > 0)
}

/// What `customer find TEXT` looks for; several kinds at once when the text could be either.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub id: Option<i64>,
    /// The last four digits of a phone.
    pub last_four: Option<String>,
    pub phone: Option<Phone>,
    pub masked: Option<Masked>,
    /// Part of a name.
    pub name: Option<String>,
}

/// Reads the text of `customer find`; `field` names the argument for the message.
pub fn search(raw: &str, field: &str) -> Result<Search, Invalid> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(Invalid::from(Message::EmptySearch {
            field: field.to_string(),
        }));
    }
    let mut search = Search {
        phone: Phone::parse(text, field).ok(),
        masked: Masked::parse(text),
        ..Search::default()
    };
    if search.phone.is_none() && search.masked.is_none() {
        let digits: String = text.chars().map(fold_width).collect();
        if digits.bytes().all(|b| b.is_ascii_digit()) {
            search.id = customer_number(&digits);
            if digits.len() == 4 {
                search.last_four = Some(digits);
            }
        } else {
            search.name = Some(text.to_string());
        }
    }
    Ok(search)
}

/// Why a customer is in the list `customer find` prints: a stable code for CSV and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    Id,
    Phone,
    MaskedPhone,
    LastFour,
    Name,
}

impl Match {
    pub fn code(self) -> &'static str {
        match self {
            Match::Id => "id",
            Match::Phone => "phone",
            Match::MaskedPhone => "masked_phone",
            Match::LastFour => "last_four",
            Match::Name => "name",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Match::Id => "客户编号",
            Match::Phone => "电话",
            Match::MaskedPhone => "隐号电话",
            Match::LastFour => "电话后四位",
            Match::Name => "姓名",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(head: &str, tail: &str) -> Masked {
        Masked {
            head: head.into(),
            tail: tail.into(),
        }
    }

    #[test]
    fn a_customer_is_named_by_phone_then_masked_phone_then_number() {
        assert_eq!(
            key("138-1234-5678", "CUSTOMER"),
            Ok(Key::Phone(Phone::from_stored("13812345678".into())))
        );
        assert_eq!(
            key("138****5678", "CUSTOMER"),
            Ok(Key::Masked(masked("138", "5678")))
        );
        assert_eq!(
            key("１３８＊＊＊＊５６７８", "CUSTOMER"),
            Ok(Key::Masked(masked("138", "5678")))
        );
        assert_eq!(
            key("010****5678", "CUSTOMER"),
            Ok(Key::Masked(masked("010", "5678")))
        );
        assert_eq!(key(" 1 ", "CUSTOMER"), Ok(Key::Id(1)));
        assert_eq!(key("139", "CUSTOMER"), Ok(Key::Id(139)));
        assert_eq!(masked("138", "5678").shown(), "138****5678");
        for bad in [
            "",
            "0",
            "陈先生",
            "138****567",
            "13****5678",
            "138-5678",
            "1.5",
            "-3",
        ] {
            let err = key(bad, "CUSTOMER").unwrap_err();
            assert!(
                err.to_string().starts_with("CUSTOMER: ")
                    && err.to_string().contains("customer find"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn four_digits_are_a_number_and_the_end_of_a_phone_other_text_a_name() {
        assert_eq!(
            search("5678", "TEXT"),
            Ok(Search {
                id: Some(5678),
                last_four: Some("5678".into()),
                ..Search::default()
            })
        );
        assert_eq!(
            search("0678", "TEXT").unwrap().last_four.as_deref(),
            Some("0678")
        );
        assert_eq!(
            search("12", "TEXT"),
            Ok(Search {
                id: Some(12),
                ..Search::default()
            })
        );
        assert_eq!(
            search("13812345678", "TEXT"),
            Ok(Search {
                phone: Some(Phone::from_stored("13812345678".into())),
                ..Search::default()
            })
        );
        assert_eq!(
            search("138****5678", "TEXT").unwrap().masked,
            Some(masked("138", "5678"))
        );
        assert_eq!(
            search(" 陈 ", "TEXT"),
            Ok(Search {
                name: Some("陈".into()),
                ..Search::default()
            })
        );
        assert_eq!(search("王5", "TEXT").unwrap().name.as_deref(), Some("王5"));
        let err = search("  ", "TEXT").unwrap_err();
        assert!(err.to_string().starts_with("TEXT: "), "{err}");
    }
}
