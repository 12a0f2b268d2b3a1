//! What a clerk types into a field, read once for every command: a person's name, free text
//! (a note, a reason, a complaint), an age, a record number. Each parser trims, checks the
//! length and refuses what a terminal would act on ([`super::text`] says which characters, and
//! why), naming the field and what to type instead. A command never reads a field by hand.

use super::text::{Lines, acts_on_terminal};
use crate::error::Invalid;
use crate::messages::Message;

/// A person's name as typed (a customer, a rep, whoever records a step; a survey's name too):
/// trimmed, not empty, at most 50 characters, on one line and with nothing a terminal acts on
/// ([`plain`]).
pub fn name(raw: &str, field: &str) -> Result<String, Invalid> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(Invalid::from(Message::NameEmpty {
            field: field.to_string(),
        }));
    }
    if trimmed.chars().count() > 50 {
        return Err(Invalid::from(Message::NameTooLong {
            field: field.to_string(),
            name: trimmed.to_string(),
        }));
    }
    Ok(plain(trimmed, field, Lines::One)?.to_string())
}

/// Free text for a note, a reason, a complaint or a demographic field: trimmed; empty means
/// "not given". It may run over several lines, and holds nothing else a terminal acts on
/// ([`plain`]).
pub fn text(raw: &str, field: &str) -> Result<Option<String>, Invalid> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > 500 {
        return Err(Invalid::from(Message::TextTooLong {
            field: field.to_string(),
        }));
    }
    let plain = plain(trimmed, field, Lines::Many)?;
    Ok((!plain.is_empty()).then(|| plain.to_string()))
}

/// Age in years, 1 to 120.
pub fn age(raw: &str, field: &str) -> Result<i64, Invalid> {
    match raw.trim().parse::<i64>() {
        Ok(age) if (1..=120).contains(&age) => Ok(age),
        _ => Err(Invalid::from(Message::NotAnAge {
            field: field.to_string(),
            raw: raw.to_string(),
        })),
    }
}

/// An optional field: nothing when it was not given, else what `read` makes of it (`read`
/// being one of the parsers above, or a coded set's `parse`), refused as `read` refuses it.
pub fn given<T>(
    raw: &Option<String>,
    field: &str,
    read: impl FnOnce(&str, &str) -> Result<T, Invalid>,
) -> Result<Option<T>, Invalid> {
    raw.as_deref().map(|raw| read(raw, field)).transpose()
}

/// A record number as typed (a register entry, a complaint, a deal, a repair): digits, with
/// spaces around them allowed. A number that is not one is refused with the message `refusal`
/// builds from what was typed, since each record says where to find its numbers.
pub fn record_number(raw: &str, refusal: impl FnOnce(String) -> Message) -> Result<i64, Invalid> {
    raw.trim()
        .parse()
        .map_err(|_| Invalid::from(refusal(raw.to_string())))
}

/// `raw` when a field may hold it: refused, naming `field`, when it holds a character a
/// terminal acts on (see the module's header); a field of several lines may hold line breaks.
pub fn plain<'a>(raw: &'a str, field: &str, lines: Lines) -> Result<&'a str, Invalid> {
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if !acts_on_terminal(c) {
            continue;
        }
        match (c, lines) {
            ('\n', Lines::Many) => continue,
            ('\r', Lines::Many) if chars.peek() == Some(&'\n') => continue,
            ('\n' | '\r', Lines::One) => {
                return Err(Invalid::from(Message::TextOneLine {
                    field: field.to_string(),
                    raw: raw.to_string(),
                }));
            }
            _ => {
                let (what, what_zh) = describe(c);
                return Err(Invalid::from(Message::TextControl {
                    field: field.to_string(),
                    raw: raw.to_string(),
                    what: what.to_string(),
                    what_zh: what_zh.to_string(),
                    code: format!("U+{:04X}", u32::from(c)),
                }));
            }
        }
    }
    Ok(raw)
}

/// What a refused character is, in English and in Chinese.
fn describe(c: char) -> (&'static str, &'static str) {
    match c {
        '\u{1b}' => ("an escape character", "转义字符"),
        '\r' => ("a carriage return on its own", "单独的回车符"),
        '\t' => ("a tab (type spaces instead)", "制表符（请改用空格）"),
        '\u{202A}'..='\u{202E}' => ("a text-direction override", "文字方向控制符"),
        '\u{2066}'..='\u{2069}' => ("a text-direction isolate", "文字方向隔离符"),
        _ => ("a control character", "控制字符"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_refused_naming_the_field() {
        for (raw, says) in [
            ("看房\u{1b}[2J", "an escape character (U+001B)"),
            ("\u{1b}]0;title\u{7}", "an escape character (U+001B)"),
            ("王\u{7}芳", "a control character (U+0007)"),
            ("张\u{85}三", "a control character (U+0085)"),
            ("\u{7f}", "a control character (U+007F)"),
            ("abc\u{202E}fed", "a text-direction override (U+202E)"),
            ("\u{202A}x", "a text-direction override (U+202A)"),
            ("x\u{2066}y", "a text-direction isolate (U+2066)"),
            ("x\u{2069}", "a text-direction isolate (U+2069)"),
            ("a\tb", "a tab"),
            ("a\rb", "a carriage return on its own"),
            ("a\r", "a carriage return on its own"),
        ] {
            let err = plain(raw, "--note", Lines::Many).unwrap_err();
            assert!(
                err.to_string().starts_with("--note: ") && err.to_string().contains(says),
                "{raw:?}: {err}"
            );
            // The message never hands the character itself to the terminal.
            assert!(!err.to_string().chars().any(acts_on_terminal), "{err}");
            assert!(plain(raw, "NAME", Lines::One).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn several_lines_keep_their_breaks_and_one_line_refuses_them() {
        assert_eq!(
            plain("一楼\n二楼", "--note", Lines::Many).unwrap(),
            "一楼\n二楼"
        );
        assert_eq!(
            plain("一楼\r\n二楼\r\n", "--note", Lines::Many).unwrap(),
            "一楼\r\n二楼\r\n"
        );
        for raw in ["张\n三", "张\r\n三"] {
            let err = plain(raw, "NAME", Lines::One).unwrap_err();
            assert!(err.to_string().contains("type it on one line"), "{err}");
        }
        // What a terminal only shows passes: Chinese, full-width forms, emoji, quotes.
        let fine = "李四（业主）说：“漏水！” 😀 'x' % _";
        assert_eq!(plain(fine, "TEXT", Lines::One).unwrap(), fine);
    }

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(name("  张三 ", "NAME").unwrap(), "张三");
        assert!(
            name("   ", "NAME")
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(name(&"长".repeat(51), "NAME").is_err());
        assert!(name("张\n三", "NAME").is_err());
        assert!(name("abc\u{202E}fed", "NAME").is_err());
        assert!(name("王\u{1b}[2J芳", "NAME").is_err());
        assert_eq!(
            name("'); DROP TABLE visits; --", "NAME").unwrap(),
            "'); DROP TABLE visits; --"
        );
    }

    #[test]
    fn ages_run_from_one_to_a_hundred_and_twenty() {
        assert_eq!(age(" 35 ", "--age").unwrap(), 35);
        for raw in ["0", "121", "-3", "thirty", ""] {
            assert!(age(raw, "--age").is_err(), "{raw:?}");
        }
    }

    #[test]
    fn a_record_number_is_digits_or_the_record_says_where_to_find_it() {
        let number = |raw: &str| record_number(raw, |raw| Message::NotARegisterNumber { raw });
        assert_eq!(number(" 17 "), Ok(17));
        let err = number("17a").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("VISIT_ID: \"17a\" is not a register number")
        );
        assert!(number("").is_err());
    }

    #[test]
    fn ages_and_free_text_as_typed() {
        assert_eq!(age("35", "--age").unwrap(), 35);
        assert!(age("0", "--age").is_err());
        assert!(age("三十", "--age").is_err());
        assert_eq!(text("  ", "--note").unwrap(), None);
        assert_eq!(text(" hi ", "--note").unwrap().as_deref(), Some("hi"));
        assert_eq!(
            text("一楼\r\n二楼", "--note").unwrap().as_deref(),
            Some("一楼\r\n二楼")
        );
        assert!(text("看房\u{1b}[2J", "--note").is_err());
        assert!(text("\u{1b}]0;title\u{7}", "--occupation").is_err());
    }

    #[test]
    fn a_field_not_given_is_nothing_and_one_given_is_read_as_its_parser_reads_it() {
        assert_eq!(given(&None, "--age", age), Ok(None));
        assert_eq!(given(&Some(" 35 ".to_string()), "--age", age), Ok(Some(35)));
        let err = given(&Some("三十".to_string()), "--age", age).unwrap_err();
        assert_eq!(err, age("三十", "--age").unwrap_err());
    }
}
