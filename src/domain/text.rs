//! Free text as the office types it and as a clerk's screen shows it. A name, a note, a
//! complaint, a reason or a unit is typed at the desk or read from a spreadsheet, and printed
//! later on somebody's terminal. A terminal acts on some characters instead of showing them: ESC
//! starts a sequence that can clear the screen or retitle the window, a carriage return goes
//! back to the start of the line and lets what follows overwrite it, and a bidirectional
//! override turns the text after it around, so that a name can hide what it really says. So:
//!
//! - **A text field refuses them** ([`super::field::plain`]): every C0 control (U+0000–U+001F), DEL, every
//!   C1 control (U+0080–U+009F), and the bidirectional overrides and isolates (U+202A–U+202E,
//!   U+2066–U+2069), naming the field. A field of several lines (a note, a complaint, a reason)
//!   keeps its line breaks as they came: LF, and CRLF, which a spreadsheet saved on Windows
//!   puts inside a cell. A carriage return on its own and a tab are refused there too: the
//!   first overwrites the line before it, the second is a spreadsheet's column break pasted by
//!   mistake (type spaces instead).
//! - **What a file already holds is shown escaped** ([`for_terminal`]): a database filled by an
//!   older salesdesk may hold such a character, and a table or a line for people shows it as
//!   `\u{1b}` instead of handing it to the terminal. JSON and CSV are for programs and carry the
//!   text unchanged.
//! - **A message quotes at most 80 characters of a bad value** ([`quoted`], [`clip`]): a cell of
//!   256 MB is named, not echoed.

use std::borrow::Cow;

/// How many characters of a bad value a message quotes.
pub const QUOTED_CHARACTERS: usize = 80;

/// Whether a field takes one line (a name, a unit, a survey's name) or several (a note, a
/// complaint, a reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Whether a terminal would act on `c` instead of showing it: a C0 or C1 control, DEL, or a
/// bidirectional override or isolate.
pub fn acts_on_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` as a terminal may be given it: every character it would act on written out as an
/// escape (`\u{1b}`, `\r`, `\t`), line breaks (LF, CRLF) kept when the text has several lines.
pub fn for_terminal(text: &str, lines: Lines) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut escaped: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        let breaks =
            lines == Lines::Many && (c == '\n' || (c == '\r' && chars.peek() == Some(&'\n')));
        if acts_on_terminal(c) && !breaks {
            let out = escaped.get_or_insert_with(|| {
                let mut out = String::with_capacity(text.len() + 16);
                out.push_str(&text[..at]);
                out
            });
            out.extend(c.escape_debug());
        } else if let Some(out) = &mut escaped {
            out.push(c);
        }
        at += c.len_utf8();
    }
    escaped.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// At most [`QUOTED_CHARACTERS`] characters of `value`, then `…` and how long it was when it is
/// longer: what a message says of a value it does not quote.
pub fn clip(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(QUOTED_CHARACTERS) {
        None => Cow::Borrowed(value),
        Some((end, _)) => Cow::Owned(format!(
            "{}… ({} characters)",
            &value[..end],
            value.chars().count()
        )),
    }
}

/// A bad value as a message quotes it: in quotes, with what a terminal acts on escaped, and at
/// most [`QUOTED_CHARACTERS`] characters of it (then `…` and its length). Every message that
/// echoes what was typed or read from a file quotes it with this.
pub fn quoted(value: &str) -> String {
    match value.char_indices().nth(QUOTED_CHARACTERS) {
        None => format!("{value:?}"),
        Some((end, _)) => format!(
            "{:?}… ({} characters)",
            &value[..end],
            value.chars().count()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_is_shown_escapes_instead_of_acting_on_them() {
        assert_eq!(
            for_terminal("a\u{1b}[2Jb\u{202E}c", Lines::One),
            "a\\u{1b}[2Jb\\u{202e}c"
        );
        assert_eq!(
            for_terminal("一\n二\r三\t四\r\n", Lines::Many),
            "一\n二\\r三\\t四\r\n"
        );
        assert_eq!(for_terminal("一\n二", Lines::One), "一\\n二");
        assert!(matches!(
            for_terminal("张三 13812345678", Lines::One),
            Cow::Borrowed(_)
        ));
        // Escaping twice changes nothing: an escape is plain ASCII.
        let once = for_terminal("\u{1b}]0;title\u{7}", Lines::One).into_owned();
        assert_eq!(for_terminal(&once, Lines::One), once);
    }

    #[test]
    fn a_message_quotes_at_most_eighty_characters() {
        assert_eq!(quoted("abc"), "\"abc\"");
        assert_eq!(quoted("\u{1b}[2J"), "\"\\u{1b}[2J\"");
        let long = "长".repeat(1_000_000);
        let shown = quoted(&long);
        assert_eq!(
            shown,
            format!("\"{}\"… (1000000 characters)", "长".repeat(80))
        );
        let exactly = "x".repeat(80);
        assert_eq!(quoted(&exactly), format!("\"{exactly}\""));
        assert_eq!(clip(&exactly), exactly);
        assert_eq!(
            clip(&"x".repeat(81)),
            format!("{}… (81 characters)", "x".repeat(80))
        );
    }
}
