//! What tab completion offers for a value: the words of the office's code sets (away reasons,
//! channels, categories, departments, classes), the period words, and the names of the reps in
//! the database the command line names. The shell asks the binary itself at each Tab
//! (clap_complete's dynamic completion), so the reps are those of today's file. The database is
//! only read, and a missing or unreadable one offers no names rather than an error: a Tab must
//! never create a file, print a message into the clerk's line, or fail.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::time::Duration;

use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};

use crate::db;
use crate::domain::codes::{self, Code};
use crate::domain::dates::PeriodWord;
use crate::domain::zone;

/// The variable the shell scripts set when they ask the binary to complete a line; a name of
/// salesdesk's own, so that no `COMPLETE` left in a crontab's environment turns a report into a
/// completion.
pub const VARIABLE: &str = "SALESDESK_COMPLETE";

/// The words of the code set `T`: its codes with their Chinese labels beside them, and the
/// labels and other words when the clerk has begun typing one.
pub fn codes<T: Code>() -> ArgValueCandidates {
    ArgValueCandidates::new(|| codes::typed_words::<T>().into_iter().map(typed).collect())
}

fn typed(word: codes::Typed) -> CompletionCandidate {
    let help = if word.is_code { word.zh } else { word.code };
    CompletionCandidate::new(word.word)
        .help(Some(help.into()))
        .hide(!word.is_code)
}

/// A list of the code set `T`'s words separated by commas (`--centres marketing,engineering`):
/// the word after the last comma is completed, the ones before it kept.
pub fn code_list<T: Code>() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let current = current.to_string_lossy();
        let (done, last) = match current.rfind(',') {
            Some(comma) => current.split_at(comma + 1),
            None => ("", current.as_ref()),
        };
        let mut found: Vec<CompletionCandidate> = codes::typed_words::<T>()
            .into_iter()
            .filter(|w| w.word.starts_with(last))
            .map(|w| typed(w).add_prefix(done))
            .collect();
        if found.iter().any(|c| !c.is_hide_set()) {
            found.retain(|c| !c.is_hide_set());
        }
        found
    })
}

/// The period words of a field (`today`, `yesterday`; `this`, `last`), with their Chinese
/// words when the clerk types in Chinese.
pub fn periods(words: &'static [PeriodWord]) -> ArgValueCandidates {
    ArgValueCandidates::new(move || {
        words
            .iter()
            .flat_map(|w| {
                let zh = w.zh.join("、");
                let english = CompletionCandidate::new(w.word).help(Some(zh.into()));
                let chinese = w.zh.iter().map(|z| {
                    CompletionCandidate::new(*z)
                        .help(Some(w.word.into()))
                        .hide(true)
                });
                std::iter::once(english).chain(chinese)
            })
            .collect()
    })
}

/// The time zones `calendar zone` takes, by their IANA names.
pub fn zones() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        zone::NAMES
            .iter()
            .map(|name| CompletionCandidate::new(*name))
            .collect()
    })
}

/// The encodings `import --encoding` names, as its refusal tells the clerk to type them.
const ENCODINGS: &[(&str, &str)] = &[("utf-8", "UTF-8"), ("gbk", "GBK/GB18030")];

pub fn encodings() -> ArgValueCandidates {
    ArgValueCandidates::new(|| {
        ENCODINGS
            .iter()
            .map(|(word, what)| CompletionCandidate::new(*word).help(Some((*what).into())))
            .collect()
    })
}

/// The reps on the books (not retired), for the fields that take a rep on duty.
pub fn reps() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| names(current, false, ""))
}

/// Every rep, retired ones included, for the fields that read history (`export --rep`).
pub fn every_rep() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| names(current, true, ""))
}

/// A commission share, `NAME=PCT`: the reps and the public pool, each with its `=`.
pub fn shares() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let mut found = names(current, false, "=");
        if "pool".starts_with(current.to_string_lossy().as_ref()) {
            found.push(CompletionCandidate::new("pool=").help(Some("公佣".into())));
        }
        found
    })
}

/// The survey waves (`2026H2`), newest first, for the commands that take an existing wave.
pub fn waves() -> ArgValueCompleter {
    ArgValueCompleter::new(|current: &OsStr| {
        let mut waves = from_database(|conn| {
            Ok(db::surveys::waves(conn)?
                .into_iter()
                .map(|wave| wave.name)
                .collect())
        });
        waves.reverse();
        starting(current, waves, "")
    })
}

fn names(current: &OsStr, retired_too: bool, suffix: &str) -> Vec<CompletionCandidate> {
    let reps = from_database(|conn| {
        Ok(db::reps::all(conn)?
            .into_iter()
            .filter(|r| retired_too || r.retired_at.is_none())
            .map(|r| r.name)
            .collect())
    });
    starting(current, reps, suffix)
}

/// The words that begin with what was typed, each with `suffix`.
fn starting(current: &OsStr, words: Vec<String>, suffix: &str) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    words
        .into_iter()
        .filter(|word| word.starts_with(typed.as_ref()))
        .map(|word| CompletionCandidate::new(format!("{word}{suffix}")))
        .collect()
}

/// What `read` finds in the database the line being completed names ([`database`]); nothing
/// when the file is missing, is not a salesdesk database or cannot be read.
fn from_database(
    read: impl Fn(&rusqlite::Connection) -> anyhow::Result<Vec<String>>,
) -> Vec<String> {
    let line: Vec<OsString> = std::env::args_os().collect();
    let path = database(&line, std::env::var_os("SALESDESK_DB"), home());
    read_database(&path, read)
}

fn read_database(
    path: &std::path::Path,
    read: impl Fn(&rusqlite::Connection) -> anyhow::Result<Vec<String>>,
) -> Vec<String> {
    match db::open_to_read(path, Duration::from_millis(500)) {
        Ok((conn, _)) => read(&conn).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// The database the line being completed names, as the command would open it: `--db FILE` (or
/// `--db=FILE`) typed on the line, else `$SALESDESK_DB`, else salesdesk.db. The process is
/// called as `salesdesk -- salesdesk WORD...`: the words after the first `--` are the line. The
/// shell has not expanded a `~/` the clerk typed yet; it is read as the home folder.
fn database(process: &[OsString], env: Option<OsString>, home: Option<PathBuf>) -> PathBuf {
    let line = match process.iter().position(|a| a == "--") {
        Some(escape) => &process[escape + 1..],
        None => &[][..],
    };
    let mut named: Option<String> = None;
    let mut words = line.iter().map(|w| w.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--db" {
            named = words.next().map(|w| w.into_owned()).or(named);
        } else if let Some(value) = word.strip_prefix("--db=") {
            named = Some(value.to_string());
        }
    }
    let named = named.map(|n| n.trim_matches(['"', '\'']).to_string());
    match (named, env) {
        (Some(typed), _) if !typed.is_empty() => match (typed.strip_prefix("~/"), home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(typed),
        },
        (_, Some(env)) if !env.is_empty() => PathBuf::from(env),
        _ => PathBuf::from("salesdesk.db"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_database_is_the_one_the_line_names_else_the_environments() {
        let home = Some(PathBuf::from("/home/qian"));
        let env = Some(OsString::from("/srv/翠湖苑.db"));
        let process = |rest: &[&str]| {
            let mut words = vec!["salesdesk", "--", "salesdesk"];
            words.extend(rest);
            line(&words)
        };
        let cases: [(&[&str], &str); 5] = [
            (&["--db", "a.db", "roster", "away", ""], "a.db"),
            (&["--db=b.db", "roster", "back", "王"], "b.db"),
            (
                &["roster", "away", "--db", "~/office/c.db", ""],
                "/home/qian/office/c.db",
            ),
            (&["roster", "away", ""], "/srv/翠湖苑.db"),
            (&["--db", "\"d.db\"", "rep", "retire", ""], "d.db"),
        ];
        for (rest, path) in cases {
            let found = database(&process(rest), env.clone(), home.clone());
            assert_eq!(found, PathBuf::from(path), "{rest:?}");
        }
        assert_eq!(
            database(&process(&["rep", "retire", ""]), None, home.clone()),
            PathBuf::from("salesdesk.db")
        );
        // Not called by a shell: nothing on the line.
        assert_eq!(
            database(&line(&["salesdesk", "--db", "x.db"]), None, home),
            PathBuf::from("salesdesk.db")
        );
    }

    #[test]
    fn a_missing_database_offers_no_names_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.db");
        let names = read_database(&path, |conn| {
            Ok(db::reps::all(conn)?.into_iter().map(|r| r.name).collect())
        });
        assert!(names.is_empty());
        assert!(!path.exists());
    }

    /// Every option of the command line with the words it is written with in its help.
    fn every_arg(command: &clap::Command, path: &str, found: &mut Vec<(String, clap::Arg)>) {
        for arg in command.get_arguments() {
            found.push((format!("{path} {}", arg.get_id()), arg.clone()));
        }
        for sub in command.get_subcommands() {
            every_arg(sub, &format!("{path} {}", sub.get_name()), found);
        }
    }

    #[test]
    fn every_option_that_takes_a_rep_a_code_or_a_period_offers_its_words() {
        use crate::domain::{aftersales, complaint, customer, deal, rotation};
        fn codes_of<T: Code>() -> Vec<&'static str> {
            T::ALL.iter().map(|v| v.code()).collect()
        }
        let sets = [
            codes_of::<rotation::Away>(),
            codes_of::<customer::Channel>(),
            codes_of::<customer::Class>(),
            codes_of::<customer::Gender>(),
            codes_of::<complaint::Channel>(),
            codes_of::<complaint::Class>(),
            codes_of::<complaint::Category>(),
            codes_of::<complaint::Department>(),
            codes_of::<aftersales::RepairKind>(),
            codes_of::<aftersales::RevisitRole>(),
            codes_of::<deal::CompanyDeal>(),
        ];
        let mut args = Vec::new();
        every_arg(&crate::cli::command(), "salesdesk", &mut args);
        let mut offering = 0;
        for (path, arg) in args {
            if !arg.get_action().takes_values() {
                continue;
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let words: Vec<&str> = help
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .collect();
            // A help that lists a set's codes (three of them, or all of a smaller set).
            let names_a_set = sets.iter().any(|codes| {
                codes.iter().filter(|c| words.contains(c)).count() >= codes.len().min(3)
            });
            let takes_a_rep = arg.get_value_names().is_some_and(|v| v[0] == "REP");
            let takes_a_period =
                help.contains("today or yesterday") || help.contains("this or last");
            let offers = arg.get::<ArgValueCandidates>().is_some()
                || arg.get::<ArgValueCompleter>().is_some();
            if names_a_set || takes_a_rep || takes_a_period {
                assert!(offers, "{path} offers nothing to complete: {help}");
                offering += 1;
            }
        }
        assert!(offering > 30, "{offering}");
    }

    #[test]
    fn every_encoding_offered_is_one_import_reads() {
        for (word, what) in ENCODINGS {
            let read = crate::sheet::Encoding::parse(word).unwrap();
            assert_eq!(read.name(), *what);
        }
    }

    #[test]
    fn a_list_of_centres_completes_its_last_word() {
        use crate::domain::complaint::Department;
        let completer = code_list::<Department>();
        let offered: Vec<String> = completer
            .complete(OsStr::new("marketing,eng"))
            .iter()
            .map(|c| c.get_value().to_string_lossy().into_owned())
            .collect();
        assert_eq!(offered, ["marketing,engineering"]);
        let all = completer.complete(OsStr::new(""));
        assert!(all.len() > 5 && all.iter().all(|c| !c.is_hide_set()));
    }
}
