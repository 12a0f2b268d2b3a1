//! The one distinction the exit code makes: input the user can correct (exit 2) versus a command
//! that failed for another reason (exit 1). Rules and parsers return [`Invalid`] for the first;
//! everything else is a plain `anyhow` error, or [`Failed`] when the clerk should read it in
//! her language. A message of the catalogue ([`Message`]) carries both its English and its
//! Chinese to the top, where [`describe`] picks the one the command line asked for; a message
//! not in the catalogue is English whatever the language.

use std::fmt;

use crate::lang::Lang;
use crate::messages::Message;

/// Bad input, in both languages when the catalogue says it. It is defined beside the catalogue,
/// which nests one refusal inside another (a row of a file); this module gives it its exit code.
pub use crate::messages::Invalid;

/// A command that cannot go on for a reason the clerk can act on (no roster today), in both
/// languages; it exits 1 like any failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    en: String,
    zh: String,
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Failed {}

/// Shorthand for an `anyhow::Error` carrying [`Invalid`]: a [`Message`], or English text.
pub fn invalid(message: impl Into<Invalid>) -> anyhow::Error {
    anyhow::Error::new(message.into())
}

/// Shorthand for an `anyhow::Error` carrying [`Failed`].
pub fn failed(message: Message) -> anyhow::Error {
    anyhow::Error::new(Failed {
        en: message.text(Lang::En),
        zh: message.text(Lang::Zh),
    })
}

/// The exit code for an error: 2 when anything in its chain is [`Invalid`], else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|cause| cause.is::<Invalid>()) {
        2
    } else {
        1
    }
}

/// The error as `{err:#}` prints it (each cause after the last, joined by `: `), with every
/// message of the catalogue in `lang`.
pub fn describe(err: &anyhow::Error, lang: Lang) -> String {
    let causes: Vec<String> = err
        .chain()
        .map(|cause| {
            if let Some(invalid) = cause.downcast_ref::<Invalid>() {
                invalid.text(lang).to_string()
            } else if let Some(failed) = cause.downcast_ref::<Failed>() {
                match lang {
                    Lang::En => failed.en.clone(),
                    Lang::Zh => failed.zh.clone(),
                }
            } else {
                cause.to_string()
            }
        })
        .collect();
    causes.join(": ")
}

#[cfg(test)]
mod tests {
    use anyhow::Context as _;

    use super::*;

    fn refused() -> anyhow::Error {
        invalid(Message::NotADate {
            field: "--date".into(),
            raw: "tomorrow".into(),
        })
    }

    #[test]
    fn a_catalogue_message_is_printed_in_the_language_asked_for() {
        let err = refused();
        assert_eq!(
            describe(&err, Lang::En),
            "--date: \"tomorrow\" is not a date; type YYYY-MM-DD, for example 2026-11-23"
        );
        assert!(describe(&err, Lang::Zh).starts_with("--date：\"tomorrow\" 不是日期"));
        assert_eq!(exit_code(&err), 2);
        // Display, which tests and logs read, stays English.
        assert_eq!(format!("{err:#}"), describe(&err, Lang::En));
    }

    #[test]
    fn the_context_around_a_message_is_kept_in_order() {
        let err = Err::<(), _>(refused())
            .context("row 3")
            .expect_err("an error");
        assert!(describe(&err, Lang::Zh).starts_with("row 3: --date："));
        assert_eq!(describe(&err, Lang::En), format!("{err:#}"));
        assert_eq!(exit_code(&err), 2);
    }

    #[test]
    fn english_only_messages_and_failures_keep_their_exit_codes() {
        let err = invalid(format!("--x: {:?} is wrong", "y"));
        assert_eq!(describe(&err, Lang::Zh), "--x: \"y\" is wrong");
        assert_eq!(exit_code(&err), 2);
        let err = failed(Message::EverybodyAway {});
        assert_eq!(exit_code(&err), 1);
        assert!(describe(&err, Lang::Zh).starts_with("今天排班的置业顾问都不在岗"));
        assert!(describe(&err, Lang::En).starts_with("everybody on today's roster is away"));
    }
}
