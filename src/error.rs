//! The one distinction the exit code makes: input the user can correct (exit 2) versus a command
//! that failed for another reason (exit 1). Rules and parsers return [`Invalid`] for the first;
//! everything else is a plain `anyhow` error.

use std::fmt;

/// Bad input: a field the user typed or a file they gave does not fit. The message names the
/// field, carries the bad value and says what to type instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Invalid {}

/// Shorthand for an `anyhow::Error` carrying [`Invalid`].
pub fn invalid(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Invalid(message.into()))
}

/// The exit code for an error: 2 when anything in its chain is [`Invalid`], else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|cause| cause.is::<Invalid>()) {
        2
    } else {
        1
    }
}
