//! What every room shares: reading many rows or one with the same messages on every failure,
//! coded values and stored times at the border, and multi-row INSERTs. A coded column reads
//! into its domain enum; a code the enum does not know is an error that names the table, the
//! row and the value, never a silent default.

use anyhow::{Context as _, Result};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Params, Row, Statement};

use crate::domain::aftersales::{RepairKind, RepairStatus, RepairStep, RevisitRole};
use crate::domain::calendar::DayKind;
use crate::domain::codes::Code;
use crate::domain::commission::Role;
use crate::domain::complaint::{self, Authority, Category, Department, Step};
use crate::domain::customer::{self, Gender};
use crate::domain::dates;
use crate::domain::deal::{Change, CompanyDeal};
use crate::domain::register::{Contact, Reason};
use crate::domain::rotation::{Away, RosterChange};
use crate::domain::text::quoted;

/// Every row `sql` finds, each read by `read`; `what` names the rows in messages ("the
/// register"). The statement is cached: the same query runs again without being compiled.
pub fn list<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    what: &str,
    read: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut statement = conn
        .prepare_cached(sql)
        .with_context(|| format!("cannot prepare the query of {what}"))?;
    let rows = statement
        .query_map(params, read)
        .with_context(|| format!("cannot read {what}"))?;
    rows.collect::<rusqlite::Result<_>>()
        .with_context(|| format!("cannot read {what}"))
}

/// Every row `sql` finds, each read by `read` and handed to `each` before the next is read:
/// nothing is collected, so an export of any size runs in the memory of one row.
pub fn each<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    what: &str,
    mut read: impl FnMut(&Row) -> rusqlite::Result<T>,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let mut statement = conn
        .prepare_cached(sql)
        .with_context(|| format!("cannot prepare the query of {what}"))?;
    let mut rows = statement
        .query(params)
        .with_context(|| format!("cannot read {what}"))?;
    while let Some(row) = rows.next().with_context(|| format!("cannot read {what}"))? {
        each(read(row).with_context(|| format!("cannot read {what}"))?)?;
    }
    Ok(())
}

/// The row `sql` finds, if any.
pub fn one<T>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    what: &str,
    read: impl FnOnce(&Row) -> rusqlite::Result<T>,
) -> Result<Option<T>> {
    conn.prepare_cached(sql)
        .and_then(|mut statement| statement.query_row(params, read).optional())
        .with_context(|| format!("cannot read {what}"))
}

/// The single value a query always returns: a count, an EXISTS, a max.
pub fn value<T: FromSql>(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    what: &str,
) -> Result<T> {
    conn.prepare_cached(sql)
        .and_then(|mut statement| statement.query_row(params, |row| row.get(0)))
        .with_context(|| format!("cannot read {what}"))
}

/// Runs a cached statement that writes; `what` says what it does in messages.
pub fn run(conn: &Connection, sql: &str, params: impl Params, what: &str) -> Result<usize> {
    conn.prepare_cached(sql)
        .and_then(|mut statement| statement.execute(params))
        .with_context(|| format!("cannot {what}"))
}

/// Appends a line to one of the dated books, which only grow (a void, a link, a change): what
/// the line `says`, the record it is about first, then when that happened and when the desk
/// recorded it, in the order `insert` names its columns. Returns the line's number.
pub fn append(
    conn: &Connection,
    insert: &'static str,
    says: &[&dyn ToSql],
    (at, recorded_at): (NaiveDateTime, NaiveDateTime),
    what: &str,
) -> Result<i64> {
    let (at, recorded_at) = (dates::store(at), dates::store(recorded_at));
    let mut values = says.to_vec();
    values.extend([&at as &dyn ToSql, &recorded_at]);
    run(conn, insert, values.as_slice(), what)?;
    Ok(conn.last_insert_rowid())
}

/// A line of a dated book read back (its number, what it says in two columns, and when), as
/// [`append`] wrote it: `SELECT id, first, second, at`.
pub fn dated<A: FromSql, B: FromSql>(
    row: &Row,
    table: &'static str,
) -> rusqlite::Result<(A, B, NaiveDateTime)> {
    let fields = Fields::of(row, table, &[0]);
    Ok((fields.get(1)?, fields.get(2)?, fields.moment(3)?))
}

/// A row of `table` being read. A value that does not read names the table, the row by its key
/// columns and the column, so that a damaged file says where it is damaged.
pub struct Fields<'r, 's> {
    row: &'r Row<'s>,
    table: &'static str,
    key: &'static [usize],
}

impl<'r, 's> Fields<'r, 's> {
    /// `key` lists the columns that identify the row (its id, or the parts of its key).
    pub fn of(row: &'r Row<'s>, table: &'static str, key: &'static [usize]) -> Fields<'r, 's> {
        Fields { row, table, key }
    }

    pub fn get<T: FromSql>(&self, index: usize) -> rusqlite::Result<T> {
        self.row.get(index).map_err(|err| self.locate(index, err))
    }

    /// A time as stored (`YYYY-MM-DD HH:MM:SS`).
    pub fn moment(&self, index: usize) -> rusqlite::Result<NaiveDateTime> {
        self.get::<Stored>(index).map(|stored| stored.0)
    }

    pub fn moment_or_none(&self, index: usize) -> rusqlite::Result<Option<NaiveDateTime>> {
        self.get::<Option<Stored>>(index)
            .map(|stored| stored.map(|stored| stored.0))
    }

    /// A day as stored (`YYYY-MM-DD`).
    pub fn day(&self, index: usize) -> rusqlite::Result<NaiveDate> {
        self.get::<StoredDay>(index).map(|stored| stored.0)
    }

    pub fn day_or_none(&self, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
        self.get::<Option<StoredDay>>(index)
            .map(|stored| stored.map(|stored| stored.0))
    }

    /// Several codes of one set in one column, separated by spaces (none when NULL); a word the
    /// set does not know stops the read like any other coded column.
    pub fn codes<T: Code>(&self, index: usize) -> rusqlite::Result<Vec<T>> {
        self.get::<Option<StoredCodes<T>>>(index)
            .map(|stored| stored.map(|stored| stored.0).unwrap_or_default())
    }

    fn locate(&self, index: usize, err: rusqlite::Error) -> rusqlite::Error {
        let (kind, cause) = match err {
            rusqlite::Error::FromSqlConversionFailure(_, kind, cause) => (kind, cause.to_string()),
            rusqlite::Error::InvalidColumnType(_, _, kind) => (kind, err.to_string()),
            other => return other,
        };
        let statement: &Statement = self.row.as_ref();
        let name = |i: usize| statement.column_name(i).unwrap_or("?").to_string();
        let key: Vec<String> = self
            .key
            .iter()
            .map(|&i| format!("{}={}", name(i), shown(self.row.get_ref(i).ok())))
            .collect();
        rusqlite::Error::FromSqlConversionFailure(
            index,
            kind,
            format!(
                "{} row {}, column {}: {cause}",
                self.table,
                key.join(" "),
                name(index)
            )
            .into(),
        )
    }
}

fn shown(value: Option<ValueRef>) -> String {
    match value {
        Some(ValueRef::Integer(number)) => number.to_string(),
        Some(ValueRef::Real(number)) => number.to_string(),
        Some(ValueRef::Text(text)) => String::from_utf8_lossy(text).into_owned(),
        Some(ValueRef::Blob(_)) => "(blob)".to_string(),
        Some(ValueRef::Null) | None => "NULL".to_string(),
    }
}

/// A time as the database stores it.
struct Stored(NaiveDateTime);

impl FromSql for Stored {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        dates::from_stored(text).map(Stored).ok_or_else(|| {
            FromSqlError::Other(format!("{} is not a stored time", quoted(text)).into())
        })
    }
}

/// A day as the database stores it.
struct StoredDay(NaiveDate);

impl FromSql for StoredDay {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        NaiveDate::parse_from_str(text, dates::DATE_FORMAT)
            .map(StoredDay)
            .map_err(|_| {
                FromSqlError::Other(format!("{} is not a stored day", quoted(text)).into())
            })
    }
}

fn stored_code<T: Code>(value: ValueRef<'_>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    T::from_code(text).ok_or_else(|| {
        FromSqlError::Other(format!("{} is not {} salesdesk knows", quoted(text), T::SET).into())
    })
}

/// Several codes in one column, as [`Fields::codes`] reads them.
struct StoredCodes<T>(Vec<T>);

impl<T: Code> FromSql for StoredCodes<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        text.split_whitespace()
            .map(|code| {
                T::from_code(code).ok_or_else(|| {
                    FromSqlError::Other(
                        format!("{} is not {} salesdesk knows", quoted(code), T::SET).into(),
                    )
                })
            })
            .collect::<FromSqlResult<Vec<T>>>()
            .map(StoredCodes)
    }
}

/// Codes written into one column, separated by spaces; NULL for none.
pub fn codes_text<T: Code>(values: &[T]) -> Option<String> {
    (!values.is_empty()).then(|| {
        values
            .iter()
            .map(|value| value.code())
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// Coded values travel as their codes, both ways.
macro_rules! stored_as_codes {
    ($($name:ty),+ $(,)?) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                stored_code(value)
            }
        }
    )+};
}

stored_as_codes!(
    Reason,
    Contact,
    customer::Class,
    customer::Channel,
    Gender,
    Away,
    RosterChange,
    complaint::Class,
    complaint::Channel,
    Category,
    Department,
    Authority,
    Step,
    DayKind,
    CompanyDeal,
    Change,
    Role,
    RepairKind,
    RepairStatus,
    RepairStep,
    RevisitRole,
);

/// How many rows one multi-row INSERT writes (register entries, staged lines, new customers):
/// a statement journals each page it touches once, so a batch pays that once for many rows.
pub const BATCH: usize = 1000;

/// Writes `rows` with one multi-row INSERT per [`BATCH`] of them: `head` is the statement up to
/// VALUES, `values` the placeholders of one row. `bind` binds a row's values, the first at
/// parameter `at + 1`; binding them one by one costs less than boxing every value.
pub fn insert_in_batches<T>(
    conn: &Connection,
    head: &str,
    values: &str,
    rows: &[T],
    what: &str,
    bind: impl Fn(&mut Statement, usize, &T) -> rusqlite::Result<()>,
) -> Result<()> {
    let width = values.matches('?').count();
    for batch in rows.chunks(BATCH) {
        let sql = head.to_string() + &vec![values; batch.len()].join(", ");
        let mut statement = conn
            .prepare_cached(&sql)
            .with_context(|| format!("cannot prepare {what}"))?;
        for (index, row) in batch.iter().enumerate() {
            bind(&mut statement, index * width, row)
                .with_context(|| format!("cannot bind {what}"))?;
        }
        statement
            .raw_execute()
            .with_context(|| format!("cannot write {what}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_code_names_the_table_the_row_and_the_value() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, reason TEXT, at TEXT);
             INSERT INTO t VALUES (7, 'turn', '2026-11-23 09:00:00'),
                                  (8, 'rotation', 'yesterday');",
        )
        .unwrap();
        let read = |row: &Row| {
            let fields = Fields::of(row, "t", &[0]);
            Ok((fields.get::<Reason>(1)?, fields.moment(2)?))
        };
        let err = list(
            &conn,
            "SELECT id, reason, at FROM t WHERE id = 7",
            [],
            "t",
            read,
        )
        .unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.contains("t row id=7, column reason")
                && message.contains("\"turn\" is not a reason for a reception"),
            "{message}"
        );
        let err = list(
            &conn,
            "SELECT id, reason, at FROM t WHERE id = 8",
            [],
            "t",
            read,
        )
        .unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.contains("t row id=8, column at") && message.contains("\"yesterday\""),
            "{message}"
        );
    }

    #[test]
    fn codes_are_stored_as_their_codes() {
        let conn = Connection::open_in_memory().unwrap();
        let stored: String = conn
            .query_row("SELECT ?1", [Department::CostControl], |row| row.get(0))
            .unwrap();
        assert_eq!(stored, "cost-control");
        let read: Step = conn
            .query_row("SELECT 'fail_rectification'", [], |row| row.get(0))
            .unwrap();
        assert_eq!(read, Step::FailRectification);
    }

    #[test]
    fn batches_write_every_row() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE n (value INTEGER)")
            .unwrap();
        let rows: Vec<i64> = (0..(BATCH as i64) * 2 + 3).collect();
        insert_in_batches(
            &conn,
            "INSERT INTO n (value) VALUES ",
            "(?)",
            &rows,
            "numbers",
            |statement, at, value| statement.raw_bind_parameter(at + 1, value),
        )
        .unwrap();
        let (count, sum): (i64, i64) = conn
            .query_row("SELECT count(*), sum(value) FROM n", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        assert_eq!((count, sum), (rows.len() as i64, rows.iter().sum::<i64>()));
    }
}
