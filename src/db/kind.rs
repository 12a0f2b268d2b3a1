//! What a file given as the database holds, judged before salesdesk writes a byte to it. A
//! salesdesk database says so in its header (`PRAGMA application_id`, [`APPLICATION_ID`]);
//! one written before the header said so is recognised by its schema (its register and its
//! reps) and stamped on its next write. Anything else — another application's SQLite file, a
//! CSV that was once written over a database, an empty SQLite file a reader was pointed at —
//! is named and left exactly as it was: a reader never creates, migrates or switches the
//! journal mode of a file that is not already a salesdesk database.
//!
//! The header is read from the file itself first, so that another application's database
//! is refused before SQLite opens it. Its `application_id` can be stale while the first page
//! sits in the write-ahead log (a new database, before its first checkpoint); a header that
//! says nothing is then asked again through SQLite, which reads the log.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context as _, Result};
use rusqlite::Connection;

use super::schema::APPLICATION_ID;

/// The first bytes of every SQLite database file.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The size of an SQLite database header; `application_id` is the big-endian u32 at 68.
const HEADER: usize = 100;
const APPLICATION_ID_AT: usize = 68;

/// What a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holds {
    /// Nothing: a file of zero bytes.
    Nothing,
    /// An SQLite database without a single table, nobody's yet.
    Blank,
    /// A salesdesk database; `stamped` when its header already says so.
    Salesdesk { stamped: bool },
    /// Anything else, described for the message ("an SQLite database of another application").
    Other(String),
}

/// What the file's own header says, or `None` when only SQLite can tell (an SQLite header
/// whose `application_id` is not set).
pub fn by_header(path: &Path) -> Result<Option<Holds>> {
    let header = header_of(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(judge_header(&header))
}

/// The first [`HEADER`] bytes of the file, or all of a shorter one.
fn header_of(path: &Path) -> io::Result<Vec<u8>> {
    let mut header = Vec::with_capacity(HEADER);
    File::open(path)?
        .take(HEADER as u64)
        .read_to_end(&mut header)?;
    Ok(header)
}

fn judge_header(header: &[u8]) -> Option<Holds> {
    if header.is_empty() {
        return Some(Holds::Nothing);
    }
    if header.len() < HEADER || !header.starts_with(MAGIC) {
        return Some(Holds::Other(describe_bytes(header)));
    }
    match id_in(header).unwrap_or(0) {
        0 => None,
        APPLICATION_ID => Some(Holds::Salesdesk { stamped: true }),
        other => Some(Holds::Other(another_application(other))),
    }
}

/// What SQLite says the open database is: its `application_id` and its tables.
pub fn by_schema(conn: &Connection) -> rusqlite::Result<Holds> {
    let id: i64 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    // The pragma is a signed 32-bit integer; the header's bytes are what matter.
    let id = id as i32 as u32;
    if id == APPLICATION_ID {
        return Ok(Holds::Salesdesk { stamped: true });
    }
    if id != 0 {
        return Ok(Holds::Other(another_application(id)));
    }
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 7) <> 'sqlite_'
         ORDER BY name",
    )?;
    let tables = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(judge_tables(&tables))
}

fn judge_tables(tables: &[String]) -> Holds {
    let has = |name: &str| tables.iter().any(|t| t == name);
    if tables.is_empty() {
        Holds::Blank
    } else if has("visits") && has("reps") {
        Holds::Salesdesk { stamped: false }
    } else {
        let shown: Vec<&str> = tables.iter().take(5).map(String::as_str).collect();
        let more = if tables.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        Holds::Other(format!(
            "an SQLite database of another application (its tables: {}{more})",
            shown.join(", ")
        ))
    }
}

fn another_application(id: u32) -> String {
    format!("an SQLite database of another application (application_id {id:#010x})")
}

/// A few words on bytes that are not an SQLite database: text shows how it begins (a CSV, a
/// report written over the file), anything else is counted.
fn describe_bytes(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let printable = !text.contains('\u{fffd}')
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    if printable {
        let start: String = text
            .chars()
            .take(32)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        format!("not an SQLite database but text beginning {start:?}")
    } else {
        "not an SQLite database (its first bytes are not SQLite's)".to_string()
    }
}

/// The `application_id` in the header of the file at `path` (the big-endian u32 at byte 68, 0
/// when none was set, or when the header is cut short); none when the file is not an SQLite
/// database.
pub fn application_id(path: &Path) -> io::Result<Option<u32>> {
    let header = header_of(path)?;
    if !header.starts_with(MAGIC) {
        return Ok(None);
    }
    Ok(Some(id_in(&header).unwrap_or(0)))
}

/// The `application_id` of a whole header.
fn id_in(header: &[u8]) -> Option<u32> {
    let bytes = header.get(APPLICATION_ID_AT..APPLICATION_ID_AT + 4)?;
    Some(u32::from_be_bytes(bytes.try_into().ok()?))
}

/// The SQLite file at `path` opened to be read as it stands on disk: read-only and immutable,
/// so that SQLite takes no lock on it and creates no side file beside it (a file that may be
/// somebody else's, or lie in a folder nobody may write). What a `-wal` beside it holds is not
/// seen.
pub fn open_as_it_stands(path: &Path) -> rusqlite::Result<Connection> {
    use rusqlite::OpenFlags;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Connection::open_with_flags(
        format!("file:{}?immutable=1", uri_path(&absolute)),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
}

/// Whether the SQLite file at `path` holds salesdesk's tables (`visits` and `reps`): how a
/// salesdesk database from before the `application_id` stamp is told from another
/// application's, read as it stands ([`open_as_it_stands`]); a file that cannot be read that
/// way does not count as salesdesk's.
pub fn holds_the_register(path: &Path) -> bool {
    open_as_it_stands(path)
        .and_then(|conn| by_schema(&conn))
        .is_ok_and(|holds| matches!(holds, Holds::Salesdesk { .. }))
}

/// `path` as the path of a `file:` URI: every byte but the unreserved ones and `/`
/// percent-encoded, so that a `?`, `#` or `%` in a folder's name is not read as the URI's. On
/// Windows the separators become `/` and a drive letter keeps its colon after a leading `/`
/// (`/C:/Users/...`), which is how SQLite reads a Windows path from a URI.
fn uri_path(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::new();
    let windows = cfg!(windows);
    if windows && bytes.get(1) == Some(&b':') {
        out.push('/');
    }
    for (at, &byte) in bytes.iter().enumerate() {
        let byte = if windows && byte == b'\\' { b'/' } else { byte };
        let drive_colon = windows && at == 1 && byte == b':';
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) || drive_colon {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Whether SQLite failed to make or map the shared-memory index (`-shm`) of a WAL database.
pub fn is_shared_memory_error(err: &anyhow::Error) -> bool {
    // SQLITE_IOERR_SHMOPEN, _SHMSIZE and _SHMMAP: extended codes 18, 19 and 21 of SQLITE_IOERR.
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .any(|err| match err {
            rusqlite::Error::SqliteFailure(failure, _) => {
                matches!(failure.extended_code, 4618 | 4874 | 5386)
            }
            _ => false,
        })
}

/// Whether SQLite could not open or write a file it needs (the database's `-wal` or `-shm`).
pub fn is_cannot_open(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
    )
}

/// Whether this process may create files in `folder`: tried by creating one (a mode that
/// forbids it, a read-only mount, a full directory), which is then removed.
pub fn folder_takes_files(folder: &Path) -> bool {
    let probe = folder.join(format!(".salesdesk-probe-{}", std::process::id()));
    match File::options().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(err) => err.kind() == io::ErrorKind::AlreadyExists,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_with(id: u32) -> Vec<u8> {
        let mut header = vec![0u8; HEADER];
        header[..16].copy_from_slice(MAGIC);
        header[APPLICATION_ID_AT..APPLICATION_ID_AT + 4].copy_from_slice(&id.to_be_bytes());
        header
    }

    #[test]
    fn the_header_tells_salesdesk_from_others_and_leaves_the_rest_to_sqlite() {
        assert_eq!(judge_header(b""), Some(Holds::Nothing));
        assert_eq!(
            judge_header(&header_with(APPLICATION_ID)),
            Some(Holds::Salesdesk { stamped: true })
        );
        assert_eq!(judge_header(&header_with(0)), None);
        let Some(Holds::Other(what)) = judge_header(&header_with(0x4750_4b47)) else {
            panic!("another application's id");
        };
        assert!(what.contains("0x47504b47"), "{what}");
        let Some(Holds::Other(what)) = judge_header(b"section,report,date,as_of\r\nreport,") else {
            panic!("a CSV");
        };
        assert!(
            what.contains("text beginning \"section,report,date,as_of"),
            "{what}"
        );
        let Some(Holds::Other(what)) = judge_header(&[0x37, 0x7f, 0x06, 0x82, 0, 0]) else {
            panic!("a WAL file");
        };
        assert!(what.starts_with("not an SQLite database"), "{what}");
        // A header cut short is not a database.
        assert!(matches!(
            judge_header(&header_with(APPLICATION_ID)[..50]),
            Some(Holds::Other(_))
        ));
    }

    #[test]
    fn the_schema_recognises_an_older_salesdesk_file() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(judge_tables(&[]), Holds::Blank);
        assert_eq!(
            judge_tables(&names(&["customers", "reps", "visits"])),
            Holds::Salesdesk { stamped: false }
        );
        let Holds::Other(what) = judge_tables(&names(&["t"])) else {
            panic!("another application's tables");
        };
        assert!(what.ends_with("(its tables: t)"), "{what}");
        let many = names(&["a", "b", "c", "d", "e", "f"]);
        let Holds::Other(what) = judge_tables(&many) else {
            panic!("many tables");
        };
        assert!(what.ends_with("a, b, c, d, e, …)"), "{what}");
    }

    #[test]
    fn the_register_is_found_without_writing_beside_the_file() {
        let dir = tempfile::tempdir().unwrap();
        // Windows allows no `?` in a name.
        let folder = dir.path().join(if cfg!(windows) {
            "a #%folder"
        } else {
            "a ?#%folder"
        });
        std::fs::create_dir(&folder).unwrap();
        let path = folder.join("翠湖苑.db");
        drop(super::super::open(&path).unwrap());
        assert!(holds_the_register(&path));
        // Open in WAL mode, as a clerk's command keeps it: still found, nothing created.
        let live = super::super::open(&path).unwrap();
        assert!(holds_the_register(&path));
        drop(live);
        let other = folder.join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE visits (x)")
            .unwrap();
        assert!(!holds_the_register(&other));
        std::fs::write(folder.join("text.db"), "not a database").unwrap();
        assert!(!holds_the_register(&folder.join("text.db")));
        assert!(!holds_the_register(&folder.join("missing.db")));
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["other.db", "text.db", "翠湖苑.db"]);
    }
}
