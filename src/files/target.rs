//! Where a file may be written. Every file salesdesk writes (a report or an export at
//! `--output`, an import's `--rejects`, a backup, the manual pages) is checked here before its
//! temporary file is made, so that a slip of the keyboard can never cost the register:
//!
//! - never the database, nor its `-wal`, `-shm` or `-journal`, under any name: another spelling
//!   (`./`, `..`), a symbolic link or a hard link to it is the same file (same device and
//!   inode), and a name the file does not have yet is the same place (the same resolved path);
//! - never an existing SQLite file, which is somebody's data, but for a backup replacing an
//!   earlier backup with `--force`: a salesdesk database (its header's `application_id`, or, in a
//!   file from before salesdesk stamped one, salesdesk's own tables);
//! - never a folder, a device or a FIFO, nor a name of the temporaries salesdesk removes; an
//!   existing manual page or backup only with `--force`.
//!
//! A refusal is bad input (exit 2) and is made before anything is written or created.

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::leftovers;
use super::names::{self, folder_of, side_file};
use crate::db::kind;
use crate::db::schema::APPLICATION_ID;
use crate::error::invalid;

/// A file about to be written.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// As typed.
    pub path: &'a Path,
    /// The option or argument that named it, for messages: `--output`, `backup FILE`.
    pub option: &'a str,
    /// The database of this run, which no file may replace.
    pub database: &'a Path,
    pub replaces: Replaces,
    /// A file name to suggest instead, in the target's folder (`out.csv`).
    pub example: &'a str,
}

impl Target<'_> {
    /// The mode the file is created with (less the umask): private, but for a manual page,
    /// which holds no customer data and which everyone on the machine reads.
    pub fn mode(&self) -> u32 {
        match self.replaces {
            Replaces::Pages { .. } => 0o644,
            Replaces::Outputs | Replaces::Backups { .. } => names::PRIVATE,
        }
    }
}

/// What an existing file at the target may be, to be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaces {
    /// A report, an export or a rejects file, rewritten each time it runs: any plain file but an
    /// SQLite database.
    Outputs,
    /// A manual page: an existing file only with `--force`, never an SQLite database. A link in
    /// the page's place is replaced itself, never written through.
    Pages { force: bool },
    /// A backup: an existing file only with `--force`, and then an earlier backup (a salesdesk
    /// database) or a plain file, never another application's database.
    Backups { force: bool },
}

/// Refuses `target` (bad input, exit 2) if writing it could cost data; see the module's rules.
pub fn check(target: &Target) -> Result<()> {
    let Target {
        path,
        option,
        example,
        ..
    } = *target;
    let typed = path.as_os_str().to_string_lossy();
    if path.is_dir() || typed.ends_with('/') {
        return Err(invalid(format!(
            "{option}: {} is a folder; give a file name, such as {}",
            path.display(),
            path.join(example).display()
        )));
    }
    let Some(name) = path.file_name() else {
        return Err(invalid(format!(
            "{option}: {typed:?} is not a file name; give one such as {example}"
        )));
    };
    let folder = folder_of(path);
    // In the folder typed, or bare when none was.
    let instead = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(example),
        _ => PathBuf::from(example),
    };
    if !folder.is_dir() {
        return Err(invalid(format!(
            "{option}: the folder {} does not exist; create it first (mkdir -p {}) or choose \
             another folder",
            folder.display(),
            folder.display()
        )));
    }
    if leftovers::is_temporary_or_side(name) {
        return Err(invalid(format!(
            "{option}: {} is named like the temporary files salesdesk removes; choose another \
             name, such as {}",
            path.display(),
            instead.display()
        )));
    }
    if let Some(what) = part_of_the_database(target.database, path)? {
        return Err(invalid(format!(
            "{option}: {} is {what}; give another file name, such as {}",
            path.display(),
            instead.display()
        )));
    }
    existing(target, &instead)
}

/// Refuses what is already at the target and may not be replaced.
fn existing(target: &Target, instead: &Path) -> Result<()> {
    let Target {
        path,
        option,
        replaces,
        ..
    } = *target;
    let meta = match fs::symlink_metadata(path) {
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(()),
        other => other.with_context(|| format!("cannot look at {}", path.display()))?,
    };
    let link = meta.file_type().is_symlink();
    // Through a link: the file is put in the link's place, never written through it, but what
    // the link points at still says what the name was meant for.
    let pointed = fs::metadata(path).ok();
    if pointed.as_ref().is_some_and(|meta| !meta.is_file()) || (!link && !meta.is_file()) {
        return Err(invalid(format!(
            "{option}: {} is not a plain file; choose another name, such as {}",
            path.display(),
            instead.display()
        )));
    }
    let database = match pointed {
        Some(_) => sqlite_kind(path)?,
        None => None,
    };
    let refuse_database = |what: &str| {
        invalid(format!(
            "{option}: {} is {what}; salesdesk never writes a file over a database: choose \
             another name, such as {}",
            path.display(),
            instead.display()
        ))
    };
    let kind = match (&database, link) {
        (Some(SqliteKind::Salesdesk), _) => "a salesdesk database",
        (_, true) => "a link",
        _ => "a file",
    };
    match (replaces, &database) {
        (Replaces::Outputs | Replaces::Pages { .. }, Some(found)) => {
            Err(refuse_database(&found.describe()))
        }
        (Replaces::Backups { .. }, Some(found @ SqliteKind::Other(_))) => Err(invalid(format!(
            "{option}: {} is {}, not a salesdesk backup; a backup replaces only an earlier \
             backup: choose another name, such as {}",
            path.display(),
            found.describe(),
            instead.display()
        ))),
        (Replaces::Outputs, None) => Ok(()),
        (Replaces::Pages { force: false }, _) => Err(invalid(format!(
            "{option}: {} already exists ({kind}); add --force to replace it, or give an empty \
             folder",
            path.display()
        ))),
        (Replaces::Backups { force: false }, _) => Err(invalid(format!(
            "{option}: {} already exists ({kind}); add --force to replace it, or choose another \
             name, such as {}",
            path.display(),
            instead.display()
        ))),
        (Replaces::Pages { force: true } | Replaces::Backups { force: true }, _) => Ok(()),
    }
}

/// What an SQLite file is, as far as replacing it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum SqliteKind {
    /// A salesdesk database: stamped with salesdesk's `application_id`, or unstamped and holding
    /// salesdesk's tables (a file from before the stamp).
    Salesdesk,
    /// Any other SQLite file, with its `application_id`.
    Other(u32),
}

impl SqliteKind {
    fn describe(&self) -> String {
        match self {
            SqliteKind::Salesdesk => "a salesdesk database".to_string(),
            SqliteKind::Other(0) => "an SQLite database of another application".to_string(),
            SqliteKind::Other(id) => {
                format!("an SQLite database of another application (application_id {id:#010x})")
            }
        }
    }
}

/// What the existing file at `path` is, if it is an SQLite database.
fn sqlite_kind(path: &Path) -> Result<Option<SqliteKind>> {
    let id = kind::application_id(path)
        .with_context(|| format!("cannot read the first bytes of {}", path.display()))?;
    Ok(match id {
        None => None,
        Some(APPLICATION_ID) => Some(SqliteKind::Salesdesk),
        Some(0) if kind::holds_the_register(path) => Some(SqliteKind::Salesdesk),
        Some(id) => Some(SqliteKind::Other(id)),
    })
}

/// Whether `path` is the database or one of the files SQLite keeps beside it: the same file
/// when both exist, else the same place. Says which.
fn part_of_the_database(database: &Path, path: &Path) -> Result<Option<String>> {
    // A restore's target is the database to be: no other database is guarded.
    if database.as_os_str().is_empty() {
        return Ok(None);
    }
    let here = super::system::id_of(path).ok();
    let place = resolved(path);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = side_file(database, suffix);
        let same_file = match (&here, super::system::id_of(&file)) {
            (Some(a), Ok(b)) => *a == b,
            _ => false,
        };
        if same_file || resolved(&file) == place {
            return Ok(Some(if suffix.is_empty() {
                "the database itself".to_string()
            } else {
                format!("the database's {suffix} file, which SQLite needs")
            }));
        }
    }
    Ok(None)
}

/// Where `path` is: the file itself, links followed, when it exists; else its folder resolved,
/// with its name; else as typed, made absolute.
fn resolved(path: &Path) -> PathBuf {
    if let Ok(file) = fs::canonicalize(path) {
        return file;
    }
    if let (Ok(folder), Some(name)) = (fs::canonicalize(folder_of(path)), path.file_name()) {
        return folder.join(name);
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::exit_code;

    fn target<'a>(path: &'a Path, database: &'a Path, replaces: Replaces) -> Target<'a> {
        Target {
            path,
            option: "--output",
            database,
            replaces,
            example: "out.csv",
        }
    }

    fn refusal(path: &Path, database: &Path, replaces: Replaces) -> String {
        let err = check(&target(path, database, replaces)).expect_err("refused");
        assert_eq!(exit_code(&err), 2, "{err:#}");
        format!("{err:#}")
    }

    fn sqlite(path: &Path, application_id: u32, tables: &[&str]) {
        crate::db::schema::sqlite_file_for_tests(path, application_id, tables);
    }

    #[test]
    fn the_database_is_refused_under_any_name_and_before_it_exists() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        // Not there yet: the same place is enough.
        let message = refusal(&db, &db, Replaces::Outputs);
        assert!(message.contains("is the database itself"), "{message}");
        let wal = side_file(&db, "-wal");
        assert!(refusal(&wal, &db, Replaces::Outputs).contains("-wal file"));
        fs::create_dir(dir.path().join("sub")).unwrap();
        let spelled = dir.path().join("sub/../desk.db-journal");
        assert!(refusal(&spelled, &db, Replaces::Outputs).contains("-journal file"));

        sqlite(&db, APPLICATION_ID, &["visits"]);
        fs::hard_link(&db, dir.path().join("hard.csv")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&db, dir.path().join("soft.csv")).unwrap();
        #[cfg(windows)]
        fs::hard_link(&db, dir.path().join("soft.csv")).unwrap();
        for name in ["hard.csv", "soft.csv", "./desk.db"] {
            let message = refusal(&dir.path().join(name), &db, Replaces::Pages { force: true });
            assert!(
                message.contains("is the database itself"),
                "{name}: {message}"
            );
        }
        // The database named through a link is the same file too.
        #[cfg(unix)]
        {
            let via = dir.path().join("via.db");
            std::os::unix::fs::symlink(&db, &via).unwrap();
            assert!(refusal(&db, &via, Replaces::Outputs).contains("database itself"));
        }
        check(&target(&dir.path().join("new.csv"), &db, Replaces::Outputs)).unwrap();
    }

    #[test]
    fn an_sqlite_file_is_named_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        let other = dir.path().join("other.db");
        sqlite(&other, 0, &["t"]);
        let stamped = dir.path().join("stamped.db");
        sqlite(&stamped, 0x1234_5678, &["t"]);
        let old = dir.path().join("old.db");
        sqlite(&old, 0, &["visits", "reps"]);
        let backup = dir.path().join("backup.db");
        sqlite(&backup, APPLICATION_ID, &["visits"]);
        let text = dir.path().join("notes.txt");
        fs::write(&text, "plain").unwrap();

        let message = refusal(&other, &db, Replaces::Outputs);
        assert!(
            message.contains("other.db is an SQLite database of another application;"),
            "{message}"
        );
        let message = refusal(&stamped, &db, Replaces::Backups { force: true });
        assert!(
            message.contains("(application_id 0x12345678), not a salesdesk backup"),
            "{message}"
        );
        assert!(
            refusal(&other, &db, Replaces::Backups { force: true }).contains("not a salesdesk")
        );
        assert!(refusal(&backup, &db, Replaces::Outputs).contains("is a salesdesk database"));
        assert!(refusal(&old, &db, Replaces::Pages { force: true }).contains("salesdesk database"));
        // An earlier backup, stamped or from before the stamp, and a plain file, with --force.
        for file in [&backup, &old, &text] {
            check(&target(file, &db, Replaces::Backups { force: true })).unwrap();
            let message = refusal(file, &db, Replaces::Backups { force: false });
            assert!(message.contains("already exists"), "{message}");
        }
        check(&target(&text, &db, Replaces::Outputs)).unwrap();
        // Nothing was opened for writing: the files are as they were, with no side file.
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["backup.db", "notes.txt", "old.db", "other.db", "stamped.db"]
        );
    }

    #[test]
    fn the_header_gives_the_application_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        sqlite(&path, APPLICATION_ID, &["t"]);
        assert_eq!(kind::application_id(&path).unwrap(), Some(APPLICATION_ID));
        fs::write(&path, b"SQLite format 3\0short").unwrap();
        assert_eq!(kind::application_id(&path).unwrap(), Some(0));
        fs::write(&path, b"visit_id,at\n").unwrap();
        assert_eq!(kind::application_id(&path).unwrap(), None);
    }

    #[test]
    fn folders_devices_and_temporaries_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        assert!(refusal(dir.path(), &db, Replaces::Outputs).contains("is a folder"));
        #[cfg(unix)]
        assert!(
            refusal(Path::new("/dev/null"), &db, Replaces::Outputs).contains("not a plain file")
        );
        let missing = dir.path().join("missing/x.csv");
        assert!(refusal(&missing, &db, Replaces::Outputs).contains("does not exist"));
        let temporary = dir.path().join(".x.csv.salesdesk-12.tmp");
        assert!(refusal(&temporary, &db, Replaces::Outputs).contains("temporary files"));
    }
}
