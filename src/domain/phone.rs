//! Phone numbers, the key a customer is found by. A number is normalised before it is stored or
//! compared (spaces, dashes, dots, brackets and a +86 / 0086 prefix go), then checked: a mainland
//! mobile is 11 digits `1[3-9]xxxxxxxxx`; a landline is an area code starting with 0 followed by
//! the local number, 10 to 12 digits in all. Listings show numbers masked unless asked not to.

use crate::error::Invalid;
use crate::messages::Message;

/// A normalised, valid phone number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Normalises and checks `raw`; `field` names the option or column for the error message.
    pub fn parse(raw: &str, field: &str) -> Result<Phone, Invalid> {
        // Chinese input methods type full-width digits and signs (１３８－…); fold them first.
        let mut digits: String = raw
            .trim()
            .chars()
            .map(|c| match c {
                '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
                '\u{FF0B}' => '+',
                other => other,
            })
            .filter(|c| {
                !matches!(
                    c,
                    ' ' | '-'
                        | '.'
                        | '('
                        | ')'
                        | '\u{3000}'
                        | '\u{2014}'
                        | '\u{FF0D}'
                        | '\u{FF08}'
                        | '\u{FF09}'
                )
            })
            .collect();
        if let Some(rest) = digits.strip_prefix("+86") {
            digits = rest.to_string();
        } else if let Some(rest) = digits.strip_prefix("0086") {
            digits = rest.to_string();
        } else if digits.len() == 13 && digits.starts_with("861") {
            digits = digits[2..].to_string();
        }
        let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
        let mobile = all_digits
            && digits.len() == 11
            && digits.starts_with('1')
            && matches!(digits.as_bytes()[1], b'3'..=b'9');
        // Area codes are 0 then a non-zero digit (010, 021, 0755, ...).
        let landline = all_digits
            && digits.starts_with('0')
            && digits
                .as_bytes()
                .get(1)
                .is_some_and(|b| (b'1'..=b'9').contains(b))
            && (10..=12).contains(&digits.len());
        if mobile || landline {
            Ok(Phone(digits))
        } else {
            Err(Invalid::from(Message::NotAPhone {
                field: field.to_string(),
                raw: raw.to_string(),
            }))
        }
    }

    /// Wraps a number already stored in the database (normalised when it was written).
    pub fn from_stored(stored: String) -> Phone {
        Phone(stored)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as listings show it: the first three and the last four digits, the rest as
    /// `****` (138****5678), so that a customer can be recognised but not called from a printout.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }

    /// Masked unless `full` is set.
    pub fn shown(&self, full: bool) -> String {
        if full { self.0.clone() } else { self.masked() }
    }
}

/// Masks any stored number; see [`Phone::masked`].
pub fn mask(number: &str) -> String {
    // Stored numbers are ASCII digits; the char walk below serves anything else a file holds.
    if number.is_ascii() {
        let length = number.len();
        if length <= 7 {
            return "*".repeat(length);
        }
        let mut masked = String::with_capacity(11);
        masked.push_str(&number[..3]);
        masked.push_str("****");
        masked.push_str(&number[length - 4..]);
        return masked;
    }
    let chars: Vec<char> = number.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        Phone::parse(raw, "--phone").unwrap().as_str().to_string()
    }

    #[test]
    fn normalises_spaces_dashes_and_country_code() {
        assert_eq!(ok("138 1234 5678"), "13812345678");
        assert_eq!(ok("138-1234-5678"), "13812345678");
        assert_eq!(ok("+86 138 1234 5678"), "13812345678");
        assert_eq!(ok("0086-13812345678"), "13812345678");
        assert_eq!(ok("8613812345678"), "13812345678");
        assert_eq!(ok(" 13812345678 "), "13812345678");
        assert_eq!(
            ok("１３８１２３４５６７８"),
            "13812345678",
            "full-width digits"
        );
        assert_eq!(ok("＋８６ １３８－１２３４－５６７８"), "13812345678");
        assert_eq!(ok("（０１０）１２３４５６７８"), "01012345678");
    }

    #[test]
    fn accepts_landlines_with_area_code() {
        assert_eq!(ok("010-12345678"), "01012345678");
        assert_eq!(ok("(0755) 8765 4321"), "075587654321");
        assert_eq!(ok("0571-8765432"), "05718765432");
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        for bad in [
            "",
            "12812345678",
            "1381234567",
            "138123456789",
            "abc",
            "13812345a78",
            "12345678",
            "+1 555 123 4567",
            "0000000000",
            "00012345678",
        ] {
            let err = Phone::parse(bad, "--phone").unwrap_err();
            assert!(err.to_string().starts_with("--phone:"), "{err}");
            assert!(
                err.to_string().contains("13812345678"),
                "says what to type: {err}"
            );
        }
    }

    #[test]
    fn masks_all_but_the_first_three_and_last_four_digits() {
        assert_eq!(
            Phone::parse("13812345678", "p").unwrap().masked(),
            "138****5678"
        );
        assert_eq!(mask("01012345678"), "010****5678");
        assert_eq!(mask("12345"), "*****");
        // A number a file brought in with other characters is masked by characters too.
        assert_eq!(mask("１３８1234５６７８"), "１３８****５６７８");
        assert_eq!(mask("电话１２"), "****");
        let phone = Phone::parse("13812345678", "p").unwrap();
        assert_eq!(phone.shown(true), "13812345678");
        assert_eq!(phone.shown(false), "138****5678");
    }
}
