//! The language a person reads: `--lang`, else `LANG`. It sits apart from the tables and the
//! catalogue so that the rules, the errors and the messages can name it without reaching into
//! how output is drawn; it depends on nothing in the crate.

/// The language of headers and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh` when `LANG` starts with zh, else `en`.
    pub fn from_env(lang_var: Option<&str>) -> Lang {
        match lang_var {
            Some(value) if value.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// Picks the English or the Chinese of a pair.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_follows_the_environment_and_picks_its_half() {
        assert_eq!(Lang::from_env(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_env(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_env(None), Lang::En);
        assert_eq!(Lang::Zh.pick("turn", "轮次"), "轮次");
        assert_eq!(Lang::En.pick("turn", "轮次"), "turn");
    }
}
