//! The complaint book (客户意见台账): complaints as received (complaints), every step taken on
//! them (complaint_events), and the index of those not yet archived (complaints_open, kept by
//! triggers). A complaint's facts are fixed when it is received; both tables are append-only.
//! A voided complaint stays in both and leaves every list and count read here but the book of
//! record (one complaint by number, the export's stream); see
//! [`life`](crate::domain::complaint::life).

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use rusqlite::{Connection, Row, params};

use super::sql::{self, Fields};
use crate::domain::complaint::{Authority, Category, Channel, Class, Department, Flags, Step};
use crate::domain::dates;

/// A complaint as received, with its customer.
#[derive(Debug, Clone)]
pub struct ComplaintRow {
    pub id: i64,
    pub name: String,
    pub phone: String,
    pub received_at: NaiveDateTime,
    pub ticketed_at: NaiveDateTime,
    pub channel: Channel,
    pub category: Category,
    pub department: Department,
    pub amount_fen: Option<i64>,
    pub flags: Flags,
    pub class: Class,
    pub class_reason: String,
    pub authority: Authority,
    pub text: String,
    pub received_by: Option<String>,
    /// The centres cooperating on a complaint that needs several (3.9.4), as named.
    pub centres: Vec<Department>,
}

/// The complaint columns every query reads, with `$customer` for the customer's name and
/// phone and `$join` for the table they come from.
macro_rules! complaint_select {
    ($customer:literal, $join:literal) => {
        concat!(
            "SELECT k.id, k.customer_id, ",
            $customer,
            ", k.received_at, k.ticketed_at, k.channel, k.category, k.department, k.amount_fen,
             k.safety, k.group_complaint, k.government, k.media, k.consumer_association,
             k.structural, k.class, k.class_reason, k.authority, k.text, k.received_by,
             k.cross_department, k.consultation, k.centres
             FROM complaints k",
            $join
        )
    };
}

const COMPLAINT_SELECT: &str = complaint_select!(
    "c.name, c.phone",
    " JOIN customers c ON c.id = k.customer_id"
);

/// The same columns without the customer: an analysis by class or department does not need
/// them, and skipping the customer table saves a page read per complaint.
const COMPLAINT_SELECT_ALONE: &str = complaint_select!("'', ''", "");

/// Leaves out the voided complaints (`k` being the complaints): they count nowhere. One
/// uncorrelated subquery, read once through the step index, whatever the number of complaints.
const NOT_VOIDED: &str =
    "k.id NOT IN (SELECT complaint_id FROM complaint_events WHERE step = 'void')";

impl ComplaintRow {
    fn read(row: &Row) -> rusqlite::Result<ComplaintRow> {
        let fields = Fields::of(row, "complaints", &[0]);
        Ok(ComplaintRow {
            id: fields.get(0)?,
            name: fields.get(2)?,
            phone: fields.get(3)?,
            received_at: fields.moment(4)?,
            ticketed_at: fields.moment(5)?,
            channel: fields.get(6)?,
            category: fields.get(7)?,
            department: fields.get(8)?,
            amount_fen: fields.get(9)?,
            flags: Flags {
                safety: fields.get(10)?,
                group: fields.get(11)?,
                government: fields.get(12)?,
                media: fields.get(13)?,
                consumer_association: fields.get(14)?,
                structural: fields.get(15)?,
                cross_department: fields.get(21)?,
                consultation: fields.get(22)?,
            },
            class: fields.get(16)?,
            class_reason: fields.get(17)?,
            authority: fields.get(18)?,
            text: fields.get(19)?,
            received_by: fields.get(20)?,
            centres: fields.codes(23)?,
        })
    }
}

pub fn complaint(conn: &Connection, id: i64) -> Result<Option<ComplaintRow>> {
    sql::one(
        conn,
        &format!("{COMPLAINT_SELECT} WHERE k.id = ?1"),
        [id],
        &format!("complaint {id}"),
        ComplaintRow::read,
    )
}

/// Complaints received by `until` and not voided, newest first, each handed to `each` as it
/// is read: `complaint list` for a register of any size.
pub fn each_newest_first(
    conn: &Connection,
    until: NaiveDateTime,
    each: impl FnMut(ComplaintRow) -> Result<()>,
) -> Result<()> {
    sql::each(
        conn,
        &format!(
            "{COMPLAINT_SELECT} WHERE {NOT_VOIDED} AND k.received_at <= ?1
             ORDER BY k.received_at DESC, k.id DESC"
        ),
        params![dates::store(until)],
        "the complaints",
        ComplaintRow::read,
        each,
    )
}

/// Complaints received in `[from, to)` and not voided, oldest first; without `with_customer`
/// the customer's name and phone are left empty.
pub fn received_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    with_customer: bool,
) -> Result<Vec<ComplaintRow>> {
    let select = if with_customer {
        COMPLAINT_SELECT
    } else {
        COMPLAINT_SELECT_ALONE
    };
    sql::list(
        conn,
        &format!(
            "{select} WHERE k.received_at >= ?1 AND k.received_at < ?2 AND {NOT_VOIDED}
             ORDER BY k.received_at, k.id"
        ),
        params![dates::store(from), dates::store(to)],
        "the complaints",
        ComplaintRow::read,
    )
}

/// Complaints received in `[from, to)` with their customers, oldest first, each handed to
/// `each` as it is read: the book of record, the voided ones included (marked by their status).
pub fn each_received_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
    each: impl FnMut(ComplaintRow) -> Result<()>,
) -> Result<()> {
    sql::each(
        conn,
        &format!(
            "{COMPLAINT_SELECT} WHERE k.received_at >= ?1 AND k.received_at < ?2
             ORDER BY k.received_at, k.id"
        ),
        params![dates::store(from), dates::store(to)],
        "the complaints",
        ComplaintRow::read,
        each,
    )
}

/// Complaints received before `to` and not archived before it: the ones that can be overdue.
/// Those open now come from `complaints_open` (which a void leaves); those archived since `to`
/// from the step index, the voided left out.
pub fn unarchived_at(conn: &Connection, to: NaiveDateTime) -> Result<Vec<ComplaintRow>> {
    sql::list(
        conn,
        &format!(
            "{COMPLAINT_SELECT} WHERE k.received_at < ?1
               AND k.id IN (SELECT complaint_id FROM complaints_open
                            UNION
                            SELECT complaint_id FROM complaint_events
                            WHERE step = ?2 AND at >= ?1)
               AND {NOT_VOIDED}
             ORDER BY k.received_at, k.id"
        ),
        params![dates::store(to), Step::Archive],
        "the open complaints",
        ComplaintRow::read,
    )
}

/// Whether a customer already has this complaint: same moment received, same text.
pub fn exists(
    conn: &Connection,
    customer_id: i64,
    received_at: NaiveDateTime,
    text: &str,
) -> Result<bool> {
    sql::value(
        conn,
        "SELECT EXISTS (SELECT 1 FROM complaints
                        WHERE customer_id = ?1 AND received_at = ?2 AND text = ?3)",
        params![customer_id, dates::store(received_at), text],
        "the complaint book",
    )
}

/// What `complaint new` records.
#[derive(Debug, Clone)]
pub struct NewComplaint<'a> {
    pub customer_id: i64,
    pub received_at: NaiveDateTime,
    pub ticketed_at: NaiveDateTime,
    pub channel: Channel,
    pub category: Category,
    pub department: Department,
    pub amount_fen: Option<i64>,
    pub flags: Flags,
    pub class: Class,
    pub class_reason: &'a str,
    pub authority: Authority,
    pub text: &'a str,
    pub received_by: Option<&'a str>,
    pub centres: &'a [Department],
}

/// Records a complaint; returns its number.
pub fn add(conn: &Connection, new: &NewComplaint, recorded_at: NaiveDateTime) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO complaints (customer_id, received_at, ticketed_at, channel, category,
             department, amount_fen, safety, group_complaint, government, media,
             consumer_association, structural, class, class_reason, authority, text, received_by,
             recorded_at, cross_department, consultation, centres)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21, ?22)",
        params![
            new.customer_id,
            dates::store(new.received_at),
            dates::store(new.ticketed_at),
            new.channel,
            new.category,
            new.department,
            new.amount_fen,
            new.flags.safety,
            new.flags.group,
            new.flags.government,
            new.flags.media,
            new.flags.consumer_association,
            new.flags.structural,
            new.class,
            new.class_reason,
            new.authority,
            new.text,
            new.received_by,
            dates::store(recorded_at),
            new.flags.cross_department,
            new.flags.consultation,
            sql::codes_text(new.centres)
        ],
        "record the complaint",
    )?;
    Ok(conn.last_insert_rowid())
}

/// One step of a complaint's life cycle.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub complaint_id: i64,
    pub at: NaiveDateTime,
    pub step: Step,
    pub actor: Option<String>,
    pub note: Option<String>,
    pub score: Option<i64>,
    /// The reply time agreed with the customer, for an agreement.
    pub reply_by: Option<NaiveDateTime>,
    /// The class judged, for a reclassification.
    pub class: Option<Class>,
}

/// The steps matching `filter`, a WHERE clause written as a literal by each caller below.
fn events_where(
    conn: &Connection,
    filter: &'static str,
    params: impl rusqlite::Params,
) -> Result<Vec<EventRow>> {
    sql::list(
        conn,
        &format!(
            "SELECT id, complaint_id, at, step, actor, note, score, reply_by, class
             FROM complaint_events WHERE {filter} ORDER BY complaint_id, at, id"
        ),
        params,
        "the complaint history",
        |row| {
            let fields = Fields::of(row, "complaint_events", &[0]);
            Ok(EventRow {
                complaint_id: fields.get(1)?,
                at: fields.moment(2)?,
                step: fields.get(3)?,
                actor: fields.get(4)?,
                note: fields.get(5)?,
                score: fields.get(6)?,
                reply_by: match fields.get::<Option<String>>(7)? {
                    Some(_) => Some(fields.moment(7)?),
                    None => None,
                },
                class: fields.get(8)?,
            })
        },
    )
}

/// The steps of one complaint, in order.
pub fn events(conn: &Connection, complaint_id: i64) -> Result<Vec<EventRow>> {
    events_where(conn, "complaint_id = ?1", [complaint_id])
}

/// The steps of the given complaints, in order.
pub fn events_of(conn: &Connection, complaint_ids: &[i64]) -> Result<Vec<EventRow>> {
    // One statement for the lot: the ids travel as one JSON array parameter.
    let ids = serde_json::to_string(complaint_ids).context("cannot list the complaint ids")?;
    events_where(
        conn,
        "complaint_id IN (SELECT value FROM json_each(?1))",
        [ids],
    )
}

/// What a step records.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub complaint_id: i64,
    pub at: NaiveDateTime,
    pub step: Step,
    pub actor: Option<&'a str>,
    pub note: Option<&'a str>,
    pub score: Option<i64>,
    pub reply_by: Option<NaiveDateTime>,
    pub class: Option<Class>,
}

/// Appends a step to a complaint's history.
pub fn add_event(conn: &Connection, event: &NewEvent, recorded_at: NaiveDateTime) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO complaint_events (complaint_id, at, step, actor, note, score, recorded_at,
             reply_by, class)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            event.complaint_id,
            dates::store(event.at),
            event.step,
            event.actor,
            event.note,
            event.score,
            dates::store(recorded_at),
            event.reply_by.map(dates::store),
            event.class
        ],
        &format!(
            "record the step {} of complaint {}",
            event.step.command(),
            event.complaint_id
        ),
    )?;
    Ok(conn.last_insert_rowid())
}

/// A resolution recorded on a complaint.
#[derive(Debug, Clone, Copy)]
pub struct Resolution {
    pub complaint_id: i64,
    pub received_at: NaiveDateTime,
    pub at: NaiveDateTime,
}

/// Every resolution recorded in `[from, to)` on a complaint not voided, a complaint resolved
/// again after a reopening once per resolution.
pub fn resolutions_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Resolution>> {
    sql::list(
        conn,
        &format!(
            "SELECT e.id, k.received_at, e.at, k.id
             FROM complaint_events e JOIN complaints k ON k.id = e.complaint_id
             WHERE e.step = ?3 AND e.at >= ?1 AND e.at < ?2 AND {NOT_VOIDED}
             ORDER BY e.at, e.id"
        ),
        params![dates::store(from), dates::store(to), Step::Resolve],
        "the resolutions",
        |row| {
            let complaint = Fields::of(row, "complaints", &[3]);
            let event = Fields::of(row, "complaint_events", &[0]);
            Ok(Resolution {
                complaint_id: complaint.get(3)?,
                received_at: complaint.moment(1)?,
                at: event.moment(2)?,
            })
        },
    )
}

/// Steps of one kind taken in `[from, to)` on complaints not voided: (complaint id, moment,
/// score).
pub fn steps_between(
    conn: &Connection,
    step: Step,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(i64, NaiveDateTime, Option<i64>)>> {
    sql::list(
        conn,
        "SELECT id, complaint_id, at, score FROM complaint_events
         WHERE step = ?1 AND at >= ?2 AND at < ?3
           AND complaint_id NOT IN (SELECT complaint_id FROM complaint_events WHERE step = 'void')
         ORDER BY at, id",
        params![step, dates::store(from), dates::store(to)],
        "the steps",
        |row| {
            let fields = Fields::of(row, "complaint_events", &[0]);
            Ok((fields.get(1)?, fields.moment(2)?, fields.get(3)?))
        },
    )
}

/// Follow-up call scores (`complaint revisit --score`) recorded in `[from, to)` on complaints
/// not voided; from the start of the book when `from` is `None`.
pub fn follow_up_scores(
    conn: &Connection,
    from: Option<NaiveDateTime>,
    to: NaiveDateTime,
) -> Result<Vec<i64>> {
    sql::list(
        conn,
        "SELECT score FROM complaint_events
         WHERE step = ?3 AND score IS NOT NULL AND (?1 IS NULL OR at >= ?1) AND at < ?2
           AND complaint_id NOT IN (SELECT complaint_id FROM complaint_events WHERE step = 'void')",
        params![from.map(dates::store), dates::store(to), Step::Revisit],
        "the follow-up scores",
        |row| row.get(0),
    )
}
