//! Money as the office writes it: whole yuan with at most two decimals, parsed from what people
//! type (`¥12,000.00`, `12000元`) and printed with thousands grouped. Amounts are kept in fen so
//! that sums are exact.

use crate::error::Invalid;
use crate::messages::Message;

/// An amount in fen (分), never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub i64);

impl Amount {
    /// Parses `12000`, `12,000`, `12000.5`, `¥12,000.00`, `12000元`.
    pub fn parse(raw: &str, field: &str) -> Result<Amount, Invalid> {
        let bad = |negative: bool| {
            let (field, raw) = (field.to_string(), raw.to_string());
            Invalid::from(match negative {
                true => Message::AmountNegative { field, raw },
                false => Message::NotAnAmount { field, raw },
            })
        };
        let text: String = raw
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .collect();
        if text.starts_with('-') {
            return Err(bad(true));
        }
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || fraction.len() > 2
            || whole.len() > 12
        {
            return Err(bad(false));
        }
        let whole: i64 = whole.parse().map_err(|_| bad(false))?;
        let fen: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad(false))?;
        Ok(Amount(whole * 100 + fen))
    }

    /// `12,000` or `499.99`.
    pub fn text(self) -> String {
        let yuan = self.0 / 100;
        let fen = self.0 % 100;
        let digits = yuan.to_string();
        let mut grouped = String::new();
        for (index, c) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if fen == 0 {
            grouped
        } else {
            format!("{grouped}.{fen:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_and_print_as_people_write_them() {
        assert_eq!(Amount::parse("12000", "a").unwrap(), Amount(1_200_000));
        assert_eq!(Amount::parse("¥12,000.5", "a").unwrap(), Amount(1_200_050));
        assert_eq!(Amount::parse("499.99元", "a").unwrap(), Amount(49_999));
        assert_eq!(Amount(123_456_789).text(), "1,234,567.89");
        assert_eq!(Amount(0).text(), "0");
        for bad in ["-5", "abc", "", "1.234", "12..0", "1e5", "0x10", "1 000"] {
            let err = Amount::parse(bad, "--amount").unwrap_err();
            assert!(err.to_string().starts_with("--amount:"), "{bad}: {err}");
        }
        assert!(
            Amount::parse("-5", "--amount")
                .unwrap_err()
                .to_string()
                .contains("negative")
        );
    }
}
