//! The customer file (客户档案, table customers): who a customer is, found by their normalised
//! phone number. Unlike the register, a customer's details may be corrected in place. A deal is
//! dated by `bought_at`, the moment the customer first became an owner.

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use rusqlite::types::ToSql;
use rusqlite::{Connection, Row, params, params_from_iter};

use super::sql::{self, Fields};
use crate::domain::customer::{Class, Gender};
use crate::domain::dates;

#[derive(Debug, Clone)]
pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub class: Class,
    pub company: bool,
    pub gender: Option<Gender>,
    pub age: Option<i64>,
    pub education: Option<String>,
    pub occupation: Option<String>,
    pub income: Option<String>,
    pub family: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    pub personality: Option<String>,
    pub interests: Option<String>,
    pub attitude: Option<String>,
    pub requirements: Option<String>,
    pub purchase: Option<String>,
    pub tendency: Option<String>,
    pub spouse_id: Option<i64>,
    pub created_at: String,
}

impl CustomerRow {
    /// A customer not yet registered: a potential customer (潜在客户) with nothing known but
    /// their name and phone.
    pub fn new(name: String, phone: String) -> CustomerRow {
        CustomerRow {
            id: 0,
            name,
            phone,
            class: Class::Potential,
            company: false,
            gender: None,
            age: None,
            education: None,
            occupation: None,
            income: None,
            family: None,
            address: None,
            email: None,
            personality: None,
            interests: None,
            attitude: None,
            requirements: None,
            purchase: None,
            tendency: None,
            spouse_id: None,
            created_at: String::new(),
        }
    }

    /// The free-text details, in the order listings show them: education, occupation, income,
    /// family, address, email, personality, interests, attitude, requirements, purchase,
    /// tendency.
    pub fn details(&self) -> [&Option<String>; 12] {
        [
            &self.education,
            &self.occupation,
            &self.income,
            &self.family,
            &self.address,
            &self.email,
            &self.personality,
            &self.interests,
            &self.attitude,
            &self.requirements,
            &self.purchase,
            &self.tendency,
        ]
    }

    fn read(row: &Row) -> rusqlite::Result<CustomerRow> {
        let fields = Fields::of(row, "customers", &[0]);
        Ok(CustomerRow {
            id: fields.get(0)?,
            name: fields.get(1)?,
            phone: fields.get(2)?,
            class: fields.get(3)?,
            company: fields.get(4)?,
            gender: fields.get(5)?,
            age: fields.get(6)?,
            education: fields.get(7)?,
            occupation: fields.get(8)?,
            income: fields.get(9)?,
            family: fields.get(10)?,
            address: fields.get(11)?,
            email: fields.get(12)?,
            personality: fields.get(13)?,
            interests: fields.get(14)?,
            attitude: fields.get(15)?,
            requirements: fields.get(16)?,
            purchase: fields.get(17)?,
            tendency: fields.get(18)?,
            spouse_id: fields.get(19)?,
            created_at: fields.get(20)?,
        })
    }
}

const CUSTOMER_SELECT: &str = "SELECT id, name, phone, class, company, gender, age, education, \
    occupation, income, family, address, email, personality, interests, attitude, requirements, \
    purchase, tendency, spouse_id, created_at FROM customers";

pub fn by_phone(conn: &Connection, phone: &str) -> Result<Option<CustomerRow>> {
    sql::one(
        conn,
        &format!("{CUSTOMER_SELECT} WHERE phone = ?1"),
        [phone],
        "the customer",
        CustomerRow::read,
    )
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<CustomerRow>> {
    sql::one(
        conn,
        &format!("{CUSTOMER_SELECT} WHERE id = ?1"),
        [id],
        "the customer",
        CustomerRow::read,
    )
}

/// The customers by the last four digits of their phone: `substr(phone, -4)` as the index
/// `customers_phone_tail` has it, so that SQLite answers from the index.
fn phone_ending_query() -> String {
    format!("{CUSTOMER_SELECT} WHERE substr(phone, -4) = ?1 ORDER BY id")
}

/// The customers whose phone ends in these four digits (what a caller reads out), by number.
pub fn phone_ending(conn: &Connection, last_four: &str) -> Result<Vec<CustomerRow>> {
    sql::list(
        conn,
        &phone_ending_query(),
        [last_four],
        "the customers by the end of their phone",
        CustomerRow::read,
    )
}

/// The customers a masked phone (`138****5678`) may stand for: the same first three and last
/// four digits, and something hidden between them.
pub fn masked_as(conn: &Connection, head: &str, tail: &str) -> Result<Vec<CustomerRow>> {
    sql::list(
        conn,
        &format!(
            "{CUSTOMER_SELECT} WHERE length(phone) > 7 AND substr(phone, 1, 3) = ?1
             AND substr(phone, -4) = ?2 ORDER BY id"
        ),
        [head, tail],
        "the customers by their masked phone",
        CustomerRow::read,
    )
}

/// The customers whose name holds `part`, by number. `instr`, not LIKE: a `%` or `_` typed in
/// a name is a character like any other.
pub fn named_like(conn: &Connection, part: &str) -> Result<Vec<CustomerRow>> {
    sql::list(
        conn,
        &format!("{CUSTOMER_SELECT} WHERE instr(name, ?1) > 0 ORDER BY id"),
        [part],
        "the customers by name",
        CustomerRow::read,
    )
}

/// The spouse recorded for each of the given customers, by customer id: what the commission
/// rules read of a customer file (7.4).
pub fn spouses_of(conn: &Connection, ids: &[i64]) -> Result<Vec<(i64, Option<i64>)>> {
    let ids = serde_json::to_string(ids).context("cannot list the customer ids")?;
    sql::list(
        conn,
        "SELECT id, spouse_id FROM customers WHERE id IN (SELECT value FROM json_each(?1))",
        [ids],
        "the customers' spouses",
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
}

/// The id of the customer with this phone, if any: an import's check, without the details.
pub fn id_by_phone(conn: &Connection, phone: &str) -> Result<Option<i64>> {
    sql::one(
        conn,
        "SELECT id FROM customers WHERE phone = ?1",
        [phone],
        "the customer",
        |row| row.get(0),
    )
}

/// Whether the office has any owner (业主), whom the half-yearly survey asks.
/// The class is written out, not bound, so that the partial index `customers_owners` (migration
/// 16) serves it: SQLite takes a partial index only for a WHERE it can see.
const HAS_OWNERS: &str = "SELECT EXISTS (SELECT 1 FROM customers WHERE class = 'owner')";

pub fn has_owners(conn: &Connection) -> Result<bool> {
    sql::value(conn, HAS_OWNERS, [], "whether the office has owners")
}

/// Every customer, or those of one class, in the order they were registered.
pub fn all(conn: &Connection, class: Option<Class>) -> Result<Vec<CustomerRow>> {
    sql::list(
        conn,
        &format!("{CUSTOMER_SELECT} WHERE ?1 IS NULL OR class = ?1 ORDER BY id"),
        [class],
        "the customers",
        CustomerRow::read,
    )
}

/// Every customer (of one class if given), oldest first, each handed to `each` as it is read:
/// [`all`] for a listing that streams.
pub fn each_of_class(
    conn: &Connection,
    class: Option<Class>,
    each: impl FnMut(CustomerRow) -> Result<()>,
) -> Result<()> {
    sql::each(
        conn,
        &format!("{CUSTOMER_SELECT} WHERE ?1 IS NULL OR class = ?1 ORDER BY id"),
        [class],
        "the customers",
        CustomerRow::read,
        each,
    )
}

/// Customers registered (created) in `[from, to)`, oldest first, each handed to `each` as it
/// is read.
pub fn each_registered_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    each: impl FnMut(CustomerRow) -> Result<()>,
) -> Result<()> {
    sql::each(
        conn,
        &format!("{CUSTOMER_SELECT} WHERE created_at >= ?1 AND created_at < ?2 ORDER BY id"),
        params![dates::store(from), dates::store(to)],
        "the customers",
        CustomerRow::read,
        each,
    )
}

/// What [`add`] and [`update`] write, in the order both statements number them (?1 to ?18).
fn written(row: &CustomerRow) -> [&dyn ToSql; 18] {
    [
        &row.name,
        &row.class,
        &row.company,
        &row.gender,
        &row.age,
        &row.education,
        &row.occupation,
        &row.income,
        &row.family,
        &row.address,
        &row.email,
        &row.personality,
        &row.interests,
        &row.attitude,
        &row.requirements,
        &row.purchase,
        &row.tendency,
        &row.spouse_id,
    ]
}

/// Registers a customer as of `at`; `row.id` and `row.created_at` are ignored.
pub fn add(conn: &Connection, row: &CustomerRow, at: NaiveDateTime) -> Result<i64> {
    let created_at = dates::store(at);
    let tail: [&dyn ToSql; 2] = [&row.phone, &created_at];
    sql::run(
        conn,
        "INSERT INTO customers (name, class, company, gender, age, education, occupation, income,
             family, address, email, personality, interests, attitude, requirements, purchase,
             tendency, spouse_id, phone, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20)",
        params_from_iter(written(row).into_iter().chain(tail)),
        &format!("register customer {}", row.name),
    )?;
    Ok(conn.last_insert_rowid())
}

/// Writes every field of an existing customer but their phone, by which they are known.
pub fn update(conn: &Connection, row: &CustomerRow) -> Result<()> {
    let id: [&dyn ToSql; 1] = [&row.id];
    sql::run(
        conn,
        "UPDATE customers SET name = ?1, class = ?2, company = ?3, gender = ?4, age = ?5,
             education = ?6, occupation = ?7, income = ?8, family = ?9, address = ?10,
             email = ?11, personality = ?12, interests = ?13, attitude = ?14,
             requirements = ?15, purchase = ?16, tendency = ?17, spouse_id = ?18
         WHERE id = ?19",
        params_from_iter(written(row).into_iter().chain(id)),
        "update the customer",
    )?;
    Ok(())
}

/// A customer first met in an imported register, as their earliest line says they are.
#[derive(Debug, Clone)]
pub struct Newcomer {
    pub phone: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub age: Option<i64>,
    pub occupation: Option<String>,
}

/// The next free customer id. An import numbers the customers it registers itself, so that
/// their register entries can name them before both are written, a batch at a time.
pub fn next_id(conn: &Connection) -> Result<i64> {
    sql::value(
        conn,
        "SELECT coalesce(max(id), 0) + 1 FROM customers",
        [],
        "the customer numbers",
    )
}

const NEWCOMER_INSERT: &str =
    "INSERT INTO customers (id, name, phone, class, gender, age, occupation, created_at) VALUES ";
const NEWCOMER_VALUES: &str = "(?, ?, ?, ?, ?, ?, ?, ?)";

/// Registers potential customers met in an imported register, each with the id it was given
/// and as of its earliest line, [`sql::BATCH`] to a statement.
pub fn add_numbered(conn: &Connection, newcomers: &[(i64, Newcomer, NaiveDateTime)]) -> Result<()> {
    sql::insert_in_batches(
        conn,
        NEWCOMER_INSERT,
        NEWCOMER_VALUES,
        newcomers,
        "the new customers",
        |statement, at, (id, newcomer, since)| {
            statement.raw_bind_parameter(at + 1, id)?;
            statement.raw_bind_parameter(at + 2, &newcomer.name)?;
            statement.raw_bind_parameter(at + 3, &newcomer.phone)?;
            statement.raw_bind_parameter(at + 4, Class::Potential)?;
            statement.raw_bind_parameter(at + 5, newcomer.gender)?;
            statement.raw_bind_parameter(at + 6, newcomer.age)?;
            statement.raw_bind_parameter(at + 7, &newcomer.occupation)?;
            statement.raw_bind_parameter(at + 8, dates::store(*since))
        },
    )
}

/// Two records of one person: the other record, who linked them and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub other_id: i64,
    pub by: String,
    pub at: NaiveDateTime,
}

/// Records that two customer records are one person (1.7).
pub fn link(
    conn: &Connection,
    customer_id: i64,
    link: &LinkRow,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    let what = format!("link customers {customer_id} and {}", link.other_id);
    let says: [&dyn ToSql; 3] = [&customer_id, &link.other_id, &link.by];
    sql::append(conn, LINK, &says, (link.at, recorded_at), &what).map(drop)
}

const LINK: &str = "INSERT INTO customer_links (customer_id, other_id, linked_by, at, recorded_at)
    VALUES (?1, ?2, ?3, ?4, ?5)";

/// The record a customer is linked to, if any, whichever side of the link they are on.
pub fn link_of(conn: &Connection, customer_id: i64) -> Result<Option<LinkRow>> {
    sql::one(
        conn,
        "SELECT id, CASE WHEN customer_id = ?1 THEN other_id ELSE customer_id END, linked_by, at
         FROM customer_links WHERE customer_id = ?1 OR other_id = ?1",
        [customer_id],
        "the customer's link",
        |row| {
            let (other_id, by, at) = sql::dated(row, "customer_links")?;
            Ok(LinkRow { other_id, by, at })
        },
    )
}

/// A spouse linked or unlinked (夫妻客, 7.4): who, to whom, by whom and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpouseLinkRow {
    pub customer_id: i64,
    pub spouse_id: i64,
    /// False for an unlink.
    pub linked: bool,
    pub by: Option<String>,
    pub at: NaiveDateTime,
}

/// Records a spouse link or unlink in the history of spouse links.
pub fn record_spouse_link(
    conn: &Connection,
    link: &SpouseLinkRow,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO spouse_links (customer_id, spouse_id, linked, linked_by, at, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            link.customer_id,
            link.spouse_id,
            link.linked,
            link.by,
            dates::store(link.at),
            dates::store(recorded_at)
        ],
        &format!(
            "record the spouse link of customers {} and {}",
            link.customer_id, link.spouse_id
        ),
    )?;
    Ok(())
}

fn spouse_link(row: &rusqlite::Row) -> rusqlite::Result<SpouseLinkRow> {
    let fields = Fields::of(row, "spouse_links", &[0]);
    Ok(SpouseLinkRow {
        customer_id: fields.get(1)?,
        spouse_id: fields.get(2)?,
        linked: fields.get(3)?,
        by: fields.get(4)?,
        at: fields.moment(5)?,
    })
}

/// The spouse links and unlinks a customer was on either side of, in order.
pub fn spouse_links_of(conn: &Connection, customer_id: i64) -> Result<Vec<SpouseLinkRow>> {
    sql::list(
        conn,
        "SELECT id, customer_id, spouse_id, linked, linked_by, at FROM spouse_links
         WHERE customer_id = ?1 OR spouse_id = ?1 ORDER BY at, id",
        [customer_id],
        "the customer's spouse links",
        spouse_link,
    )
}

/// The spouse links and unlinks made in `[from, to)`, in order.
pub fn spouse_links_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<SpouseLinkRow>> {
    sql::list(
        conn,
        "SELECT id, customer_id, spouse_id, linked, linked_by, at FROM spouse_links
         WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
        params![dates::store(from), dates::store(to)],
        "the spouse links of the period",
        spouse_link,
    )
}

/// The links of two records of one person made in `[from, to)`: (customer, other, who, when).
pub fn links_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(i64, LinkRow)>> {
    sql::list(
        conn,
        "SELECT id, customer_id, other_id, linked_by, at FROM customer_links
         WHERE at >= ?1 AND at < ?2 ORDER BY at, id",
        params![dates::store(from), dates::store(to)],
        "the customer links of the period",
        |row| {
            let fields = Fields::of(row, "customer_links", &[0]);
            Ok((
                fields.get(1)?,
                LinkRow {
                    other_id: fields.get(2)?,
                    by: fields.get(3)?,
                    at: fields.moment(4)?,
                },
            ))
        },
    )
}

/// Every customer on either side of a link.
pub fn linked(conn: &Connection) -> Result<std::collections::HashSet<i64>> {
    let pairs: Vec<(i64, i64)> = sql::list(
        conn,
        "SELECT customer_id, other_id FROM customer_links",
        [],
        "the customer links",
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(pairs.into_iter().flat_map(|(a, b)| [a, b]).collect())
}

/// Records the moment a customer became an owner, the first time only.
pub fn mark_bought(conn: &Connection, customer_id: i64, at: NaiveDateTime) -> Result<()> {
    sql::run(
        conn,
        "UPDATE customers SET bought_at = ?2 WHERE id = ?1 AND bought_at IS NULL",
        params![customer_id, dates::store(at)],
        "record the deal",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db;

    #[test]
    fn the_last_four_digits_are_found_through_their_index() {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open(&dir.path().join("desk.db")).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", phone_ending_query()))
            .unwrap()
            .query_map(["5678"], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("customers_phone_tail")),
            "{plan:?}"
        );
    }

    #[test]
    fn whether_there_are_owners_is_answered_from_the_owners_index() {
        use crate::domain::codes::Code;
        assert!(HAS_OWNERS.contains(&format!("'{}'", Class::Owner.code())));
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open(&dir.path().join("desk.db")).unwrap();
        let plan: Vec<String> = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {HAS_OWNERS}"))
            .unwrap()
            .query_map([], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(
            plan.iter().any(|step| step.contains("customers_owners")),
            "{plan:?}"
        );
        assert!(!has_owners(&conn).unwrap());
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut owner = CustomerRow::new("张伟".into(), "13812345678".into());
        owner.class = Class::Owner;
        add(&conn, &owner, at).unwrap();
        assert!(has_owners(&conn).unwrap());
    }

    #[test]
    fn an_unknown_class_is_an_error_naming_the_customer() {
        let dir = tempfile::tempdir().unwrap();
        let conn = db::open(&dir.path().join("desk.db")).unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let id = add(
            &conn,
            &CustomerRow::new("张伟".into(), "13812345678".into()),
            at,
        )
        .unwrap();
        assert_eq!(by_id(&conn, id).unwrap().unwrap().class, Class::Potential);
        conn.execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE customers SET class = 'vip';",
        )
        .unwrap();
        let err = format!("{:#}", by_phone(&conn, "13812345678").unwrap_err());
        assert!(
            err.contains(&format!("customers row id={id}, column class"))
                && err.contains("\"vip\""),
            "{err}"
        );
    }
}
