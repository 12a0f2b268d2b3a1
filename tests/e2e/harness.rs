//! A desk of its own for each test: a temporary folder, its own database, a fixed clock (`--at`)
//! and English labels (no `LANG`; [`zh`] and [`Desk::under`] run a command in Chinese), plus a
//! snapshot of every table to prove a refused command wrote nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;
use tempfile::TempDir;

/// The day the tests' office is open.
pub const DAY: &str = "2026-11-23";

/// The computer's clock as the tests' commands see it: later than every `--at` they type, so
/// that none is refused as a typo'd year whatever day the tests run on.
pub const CLOCK: &str = "2099-01-01 00:00";

/// The `TZ` every test command runs under, unless a test sets another.
pub const FAR_ZONE: &str = "America/New_York";

/// `HH:MM` on the test day.
pub fn t(time: &str) -> String {
    format!("{DAY} {time}")
}

pub struct Desk {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Desk {
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("desk.db");
        Desk { dir, db }
    }

    /// A desk whose database exists but holds nothing yet, for commands that only read (they
    /// refuse a missing file rather than create it, and an empty file too: a zero-byte file is
    /// not a salesdesk database). The office's time zone, recorded, is all it holds.
    pub fn empty() -> Desk {
        let desk = Desk::new();
        desk.ok(&t("08:00"), &["calendar", "zone", "Asia/Shanghai"]);
        desk
    }

    /// A desk with these reps on the books and on today's roster, in this order.
    pub fn office(reps: &[&str]) -> Desk {
        let desk = Desk::new();
        for rep in reps {
            desk.ok(&t("08:00"), &["rep", "add", rep]);
        }
        let mut args = vec!["roster", "set"];
        args.extend_from_slice(reps);
        desk.ok(&t("08:30"), &args);
        desk
    }

    /// The binary with this desk's database, the clock at `at`, and English labels.
    pub fn command(&self, at: &str, args: &[&str]) -> Command {
        self.command_on(&self.db, at, args)
    }

    /// The binary on another database file (a copy, a fixture), run in this desk's folder.
    pub fn command_on(&self, db: &Path, at: &str, args: &[&str]) -> Command {
        Command::from_std(self.process_on(db, at, args))
    }

    /// The same command as a plain process, for tests that spawn it and kill it.
    pub fn process_on(&self, db: &Path, at: &str, args: &[&str]) -> std::process::Command {
        let mut command = self.clerk_on(db, Some(CLOCK), args);
        command.args(["--at", at]);
        command
    }

    /// The same command as a plain process, for tests that start it and stop it themselves.
    pub fn process(&self, at: &str, args: &[&str]) -> std::process::Command {
        self.process_on(&self.db, at, args)
    }

    /// A command as the clerk types it, without `--at`: the moment is the clock's, `clock`
    /// standing in for it (`SALESDESK_CLOCK`: an office time, or an instant such as
    /// `2026-11-23T06:21:00Z`), or the computer's own clock when none is given.
    pub fn clerk(&self, clock: Option<&str>, args: &[&str]) -> std::process::Command {
        self.clerk_on(&self.db, clock, args)
    }

    /// [`Desk::clerk`] on another database file. A listing into the tests' pipe would print
    /// CSV; the tests read what the clerk reads on the terminal, a table, unless they ask for
    /// a format or a file ([`Desk::piped`] reads what a pipe gets).
    pub fn clerk_on(&self, db: &Path, clock: Option<&str>, args: &[&str]) -> std::process::Command {
        let mut command = self.piped_on(db, clock, args);
        let chosen = args
            .iter()
            .any(|a| a.starts_with("--format") || a.starts_with("--output") || *a == "--bom");
        if !chosen {
            command.args(["--format", "table"]);
        }
        command
    }

    /// What a pipe or a redirect gets from a command at `at`: no format asked for.
    pub fn piped(&self, at: &str, args: &[&str]) -> std::process::Output {
        let mut command = self.piped_on(&self.db, Some(CLOCK), args);
        command.args(["--at", at]);
        command.output().expect("run salesdesk")
    }

    fn piped_on(&self, db: &Path, clock: Option<&str>, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_salesdesk"));
        command
            .env_remove("SALESDESK_DB")
            .env_remove("LANG")
            .env_remove("SALESDESK_CLOCK")
            .env_remove("SALESDESK_FS_TYPE_FOR_TESTS")
            // The process's own zone is never the office's: the tests' machine seems to be
            // across the world from the office, so that a time read from it would show.
            .env("TZ", FAR_ZONE)
            .current_dir(self.dir.path())
            .arg("--db")
            .arg(db)
            .args(args);
        if let Some(clock) = clock {
            command.env("SALESDESK_CLOCK", clock);
        }
        command
    }

    /// A path in this desk's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The names in this desk's folder, sorted: to prove a refused command left no file behind.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("read the desk's folder")
            .map(|entry| {
                entry
                    .expect("folder entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn ok(&self, at: &str, args: &[&str]) -> String {
        let output = self.command(at, args).output().expect("run salesdesk");
        assert!(
            output.status.success(),
            "salesdesk {args:?} failed with {:?}: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// Runs a command on another database file that must succeed; returns its standard output.
    pub fn ok_on(&self, db: &Path, at: &str, args: &[&str]) -> String {
        let output = self
            .command_on(db, at, args)
            .output()
            .expect("run salesdesk");
        assert!(
            output.status.success(),
            "salesdesk --db {} {args:?} failed with {:?}: {}",
            db.display(),
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }

    /// Runs a command with `--format json` that must succeed; returns the parsed JSON.
    pub fn json(&self, at: &str, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend_from_slice(&["--format", "json"]);
        let text = self.ok(at, &all);
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
    }

    /// Registers a visitor; returns the JSON the visit command prints.
    pub fn visit(&self, at: &str, name: &str, phone: &str, extra: &[&str]) -> Value {
        let mut args = vec!["visit", name, "--phone", phone];
        args.extend_from_slice(extra);
        self.json(at, &args)
    }

    /// Registers an employee's referral of a customer expected on `day`.
    pub fn refer(&self, at: &str, name: &str, phone: &str, referrer: &str, day: &str) -> String {
        self.ok(
            at,
            &[
                "referral",
                "add",
                name,
                "--phone",
                phone,
                "--referrer",
                referrer,
                "--day",
                day,
            ],
        )
    }

    /// The rep who received a visitor.
    pub fn receives(&self, at: &str, name: &str, phone: &str, extra: &[&str]) -> (String, String) {
        let visit = self.visit(at, name, phone, extra);
        (
            visit["rep"].as_str().unwrap_or("").to_string(),
            visit["reason"].as_str().unwrap_or("").to_string(),
        )
    }

    /// Runs a command that must exit with `code` and leave the database as it was; returns
    /// standard error.
    pub fn fails_with(&self, code: i32, at: &str, args: &[&str]) -> String {
        let before = self.snapshot();
        let output = self.command(at, args).output().expect("run salesdesk");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(
            output.status.code(),
            Some(code),
            "salesdesk {args:?}: {stderr}"
        );
        assert!(
            stderr.starts_with("error: "),
            "errors start with `error:`: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(
            self.snapshot(),
            before,
            "salesdesk {args:?} changed the database"
        );
        stderr
    }

    /// Bad input: exit 2, nothing written.
    pub fn refused(&self, at: &str, args: &[&str]) -> String {
        self.fails_with(2, at, args)
    }

    /// Bad input typed by a clerk who reads Chinese (`--lang zh`): exit 2, nothing written;
    /// returns standard error.
    pub fn refused_zh(&self, at: &str, args: &[&str]) -> String {
        self.fails_with(2, at, &zh(args))
    }

    /// The command under the locale `lang` (the value of `LANG`, no `--lang`), as a cron job on
    /// a host set up in Chinese runs it.
    pub fn under(&self, lang: &str, at: &str, args: &[&str]) -> std::process::Output {
        let mut command = self.process_on(&self.db, at, args);
        command.env("LANG", lang);
        command.output().expect("run salesdesk")
    }

    /// Every row of every table, in a stable order.
    pub fn snapshot(&self) -> String {
        snapshot_of(&self.db)
    }

    /// A direct connection, for checks the commands do not print.
    pub fn sql(&self) -> Connection {
        Connection::open(&self.db).expect("open the test database")
    }

    pub fn count(&self, sql: &str) -> i64 {
        self.sql().query_row(sql, [], |row| row.get(0)).expect(sql)
    }
}

/// The same arguments for a clerk who reads Chinese: `--lang zh` added.
pub fn zh<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--lang", "zh"]);
    all
}

/// Every index, trigger, table and view as the file defines it, in a stable order.
pub fn schema_of(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || coalesce(sql, '')
         FROM sqlite_schema ORDER BY type, name",
    )
    .unwrap()
    .query_map([], |row| row.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Every row of every table of the database at `path`, in a stable order, after its schema.
pub fn snapshot_of(path: &Path) -> String {
    if !path.exists() {
        return String::from("no database");
    }
    let conn = Connection::open(path).expect("open the database");
    // The schema too: an import sets an index and a trigger aside and must put them back.
    schema_of(&conn).join("\n") + "\n" + &rows_of(&conn, |_| true)
}

/// Every row of the tables `keep` takes, table by table in name order, each table's rows
/// sorted.
pub fn rows_of(conn: &Connection, keep: impl Fn(&str) -> bool) -> String {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut dump = String::new();
    for table in tables.into_iter().filter(|table| keep(table)) {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let width = statement.column_count();
        let mut rows: Vec<String> = statement
            .query_map([], |row| {
                let cells: Vec<String> = (0..width)
                    .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        dump += &format!("{table}\n{}\n", rows.join("\n"));
    }
    dump
}

/// `PRAGMA integrity_check` of the file at `path`: "ok" when every page is sound.
pub fn integrity(path: &Path) -> String {
    let conn = Connection::open(path).expect("open the database");
    let lines: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    lines.join("\n")
}

/// How many rows point at a row that does not exist (`PRAGMA foreign_key_check`), e.g. a visit
/// without its customer.
pub fn dangling(path: &Path) -> usize {
    let conn = Connection::open(path).expect("open the database");
    let mut statement = conn.prepare("PRAGMA foreign_key_check").unwrap();
    let rows = statement.query_map([], |_| Ok(())).unwrap();
    rows.count()
}

/// The folder of the golden files.
pub fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden")
}

/// Compares `output` with the golden file `name`, or writes it there under `SALESDESK_BLESS`
/// (regenerated only on purpose, with `SALESDESK_BLESS=1 cargo test {group}`); the difference,
/// if any, for the caller to report with the others.
pub fn against_golden(name: &str, output: &str, group: &str) -> Option<String> {
    let path = golden_dir().join(name);
    if std::env::var_os("SALESDESK_BLESS").is_some() {
        std::fs::write(&path, output).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run SALESDESK_BLESS=1 cargo test {group}",
            path.display()
        )
    });
    (output != expected).then(|| format!("{name}:\n--- expected\n{expected}\n--- got\n{output}"))
}
