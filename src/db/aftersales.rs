//! After-sales service (售后服务): the handover of a unit (handovers), the quality checks it
//! schedules (quality_checks) and their results (check_results); the repair register (repairs)
//! and every step a repair takes (repair_events); a handover voided (handover_voids) with its
//! checks. All append-only. Two small tables kept by triggers, checks_open and repairs_open, let
//! the due and overdue lists read only what is still to do; a void takes its checks out of
//! checks_open, and the checks of a voided handover are read nowhere else.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::ToSql;
use rusqlite::{Connection, Row, params};

use super::deals::VoidRow;
use super::sql::{self, Fields};
use crate::domain::aftersales::{RepairKind, RepairStatus, RepairStep, RevisitRole};
use crate::domain::dates;

/// A unit handed over to its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverRow {
    pub id: i64,
    pub unit: String,
    pub deal_id: Option<i64>,
    pub customer_id: i64,
    pub handed_over: NaiveDate,
}

const HANDOVER_SELECT: &str = "SELECT id, unit, deal_id, customer_id, handed_over FROM handovers";

impl HandoverRow {
    fn read(row: &Row) -> rusqlite::Result<HandoverRow> {
        let fields = Fields::of(row, "handovers", &[0]);
        Ok(HandoverRow {
            id: fields.get(0)?,
            unit: fields.get(1)?,
            deal_id: fields.get(2)?,
            customer_id: fields.get(3)?,
            handed_over: fields.day(4)?,
        })
    }
}

/// The handover of `unit` in force (not voided), if it was handed over.
pub fn handover_of(conn: &Connection, unit: &str) -> Result<Option<HandoverRow>> {
    sql::one(
        conn,
        &format!(
            "{HANDOVER_SELECT} WHERE unit = ?1
             AND id NOT IN (SELECT handover_id FROM handover_voids)"
        ),
        [unit],
        &format!("the handover of {unit}"),
        HandoverRow::read,
    )
}

/// The handovers in force of a deal's units.
pub fn handovers_of_deal(conn: &Connection, deal_id: i64) -> Result<Vec<HandoverRow>> {
    sql::list(
        conn,
        &format!(
            "{HANDOVER_SELECT} WHERE deal_id = ?1
             AND id NOT IN (SELECT handover_id FROM handover_voids) ORDER BY id"
        ),
        [deal_id],
        &format!("the handovers of deal {deal_id}"),
        HandoverRow::read,
    )
}

/// Voids a handover and, through checks_open's trigger, takes its checks off the due list.
pub fn void_handover(
    conn: &Connection,
    handover_id: i64,
    void: &VoidRow,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    let what = format!("void handover {handover_id}");
    let says: [&dyn ToSql; 3] = [&handover_id, &void.reason, &void.by];
    sql::append(conn, HANDOVER_VOID, &says, (void.at, recorded_at), &what).map(drop)
}

const HANDOVER_VOID: &str = "INSERT INTO handover_voids
    (handover_id, reason, voided_by, at, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)";

/// Records the handover of a unit and schedules its checks, `(months, due)` each; returns the
/// handover's number.
pub fn handover(
    conn: &Connection,
    handover: &HandoverRow,
    checks: &[(u32, NaiveDate)],
    recorded_at: NaiveDateTime,
) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO handovers (unit, deal_id, customer_id, handed_over, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            handover.unit,
            handover.deal_id,
            handover.customer_id,
            dates::date(handover.handed_over),
            dates::store(recorded_at)
        ],
        &format!("record the handover of {}", handover.unit),
    )?;
    let id = conn.last_insert_rowid();
    for (months, due) in checks {
        sql::run(
            conn,
            "INSERT INTO quality_checks (handover_id, months, due) VALUES (?1, ?2, ?3)",
            params![id, months, dates::date(*due)],
            &format!("schedule the {months}-month check of {}", handover.unit),
        )?;
    }
    Ok(id)
}

/// A quality check with its unit, owner and result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub id: i64,
    pub unit: String,
    pub name: String,
    pub phone: String,
    pub months: u32,
    pub due: NaiveDate,
    /// When it was done and by whom.
    pub done: Option<(NaiveDateTime, String)>,
}

const CHECK_SELECT: &str = "SELECT q.id, h.unit, c.name, c.phone, q.months, q.due,
        r.done_at, r.done_by
    FROM quality_checks q
    JOIN handovers h ON h.id = q.handover_id
    JOIN customers c ON c.id = h.customer_id
    LEFT JOIN check_results r ON r.check_id = q.id
    WHERE h.id NOT IN (SELECT handover_id FROM handover_voids)";

impl CheckRow {
    fn read(row: &Row) -> rusqlite::Result<CheckRow> {
        let fields = Fields::of(row, "quality_checks", &[0]);
        Ok(CheckRow {
            id: fields.get(0)?,
            unit: fields.get(1)?,
            name: fields.get(2)?,
            phone: fields.get(3)?,
            months: fields.get(4)?,
            due: fields.day(5)?,
            done: match fields.get::<Option<String>>(7)? {
                Some(by) => Some((fields.moment(6)?, by)),
                None => None,
            },
        })
    }
}

/// The checks of a handover, in order.
pub fn checks_of(conn: &Connection, handover_id: i64) -> Result<Vec<CheckRow>> {
    sql::list(
        conn,
        &format!("{CHECK_SELECT} AND q.handover_id = ?1 ORDER BY q.months"),
        [handover_id],
        "the handover's checks",
        CheckRow::read,
    )
}

/// A check of a handover in force.
pub fn check(conn: &Connection, id: i64) -> Result<Option<CheckRow>> {
    sql::one(
        conn,
        &format!("{CHECK_SELECT} AND q.id = ?1"),
        [id],
        &format!("check {id}"),
        CheckRow::read,
    )
}

/// The checks not yet done that fall due by `until`, earliest first.
pub fn checks_due(conn: &Connection, until: NaiveDate) -> Result<Vec<CheckRow>> {
    sql::list(
        conn,
        "SELECT q.id, h.unit, c.name, c.phone, q.months, q.due, NULL, NULL
         FROM checks_open o
         JOIN quality_checks q ON q.id = o.check_id
         JOIN handovers h ON h.id = q.handover_id
         JOIN customers c ON c.id = h.customer_id
         WHERE o.due <= ?1
         ORDER BY o.due, o.check_id",
        [dates::date(until)],
        "the checks due",
        CheckRow::read,
    )
}

/// What `record_check` records.
#[derive(Debug, Clone)]
pub struct CheckResult<'a> {
    pub check_id: i64,
    pub done_at: NaiveDateTime,
    pub by: &'a str,
    pub score: Option<i64>,
    pub note: Option<&'a str>,
}

/// Records the result of a check.
pub fn record_check(
    conn: &Connection,
    result: &CheckResult,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO check_results (check_id, done_at, done_by, score, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            result.check_id,
            dates::store(result.done_at),
            result.by,
            result.score,
            result.note,
            dates::store(recorded_at)
        ],
        &format!("record the result of check {}", result.check_id),
    )?;
    Ok(())
}

/// A repair as registered, with its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairRow {
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    pub phone: String,
    pub unit: String,
    pub kind: RepairKind,
    pub text: String,
    pub received_at: NaiveDateTime,
    /// The appointment made when it was registered; later ones are events.
    pub appointment: Option<NaiveDateTime>,
}

const REPAIR_SELECT: &str = "SELECT r.id, r.customer_id, c.name, c.phone, r.unit, r.kind, r.text,
        r.received_at, r.appointment
    FROM repairs r JOIN customers c ON c.id = r.customer_id";

impl RepairRow {
    fn read(row: &Row) -> rusqlite::Result<RepairRow> {
        let fields = Fields::of(row, "repairs", &[0]);
        Ok(RepairRow {
            id: fields.get(0)?,
            customer_id: fields.get(1)?,
            name: fields.get(2)?,
            phone: fields.get(3)?,
            unit: fields.get(4)?,
            kind: fields.get(5)?,
            text: fields.get(6)?,
            received_at: fields.moment(7)?,
            appointment: match fields.get::<Option<String>>(8)? {
                Some(_) => Some(fields.moment(8)?),
                None => None,
            },
        })
    }
}

/// Registers a repair (报修); `row.id`, `name` and `phone` are ignored. Returns its number.
pub fn repair(conn: &Connection, row: &RepairRow, recorded_at: NaiveDateTime) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO repairs (customer_id, unit, kind, text, received_at, appointment,
                              recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            row.customer_id,
            row.unit,
            row.kind,
            row.text,
            dates::store(row.received_at),
            row.appointment.map(dates::store),
            dates::store(recorded_at)
        ],
        &format!("register the repair of {}", row.unit),
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn repair_by_id(conn: &Connection, id: i64) -> Result<Option<RepairRow>> {
    sql::one(
        conn,
        &format!("{REPAIR_SELECT} WHERE r.id = ?1"),
        [id],
        &format!("repair {id}"),
        RepairRow::read,
    )
}

/// Every repair, newest first.
pub fn repairs(conn: &Connection) -> Result<Vec<RepairRow>> {
    sql::list(
        conn,
        &format!("{REPAIR_SELECT} ORDER BY r.received_at DESC, r.id DESC"),
        [],
        "the repairs",
        RepairRow::read,
    )
}

/// The repairs not closed by a revisit, newest first.
pub fn open_repairs(conn: &Connection) -> Result<Vec<RepairRow>> {
    sql::list(
        conn,
        // CROSS JOIN keeps the few open repairs as the outer loop: left to itself, the planner
        // walks every repair ever registered by date to skip the sort.
        "SELECT r.id, r.customer_id, c.name, c.phone, r.unit, r.kind, r.text, r.received_at,
                r.appointment
         FROM repairs_open o
         CROSS JOIN repairs r ON r.id = o.repair_id
         JOIN customers c ON c.id = r.customer_id
         ORDER BY r.received_at DESC, r.id DESC",
        [],
        "the open repairs",
        RepairRow::read,
    )
}

/// A repair still running, as the open-repairs table keeps it: its stage, when that stage's
/// clock started, the appointment now and the latest completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRepair {
    pub row: RepairRow,
    pub stage: RepairStatus,
    pub since: Option<NaiveDateTime>,
    pub appointment: Option<NaiveDateTime>,
    pub done_at: Option<NaiveDateTime>,
}

/// The repairs whose revisit clock started by `done_by` or whose notice clock started by
/// `problem_by`: the only ones that can be overdue at a moment when a revisit is due at least
/// the shortest revisit time after completion and a notice 24 hours after the revisit. They are
/// read with their open state, so that judging them needs none of their steps.
pub fn clocks_started(
    conn: &Connection,
    done_by: NaiveDateTime,
    problem_by: NaiveDateTime,
) -> Result<Vec<OpenRepair>> {
    let moment = |fields: &Fields, index: usize| -> rusqlite::Result<Option<NaiveDateTime>> {
        match fields.get::<Option<String>>(index)? {
            Some(_) => Ok(Some(fields.moment(index)?)),
            None => Ok(None),
        }
    };
    sql::list(
        conn,
        "SELECT r.id, r.customer_id, c.name, c.phone, r.unit, r.kind, r.text, r.received_at,
                r.appointment, o.stage, o.since, o.appointment, o.done_at
         FROM repairs_open o
         JOIN repairs r ON r.id = o.repair_id
         JOIN customers c ON c.id = r.customer_id
         WHERE (o.stage = :done AND o.since <= :done_by)
            OR (o.stage = :problem AND o.since <= :problem_by)
         ORDER BY o.since, r.id",
        rusqlite::named_params! {
            ":done": RepairStatus::Done,
            ":done_by": dates::store(done_by),
            ":problem": RepairStatus::Problem,
            ":problem_by": dates::store(problem_by),
        },
        "the repairs waiting for a revisit or a notice",
        |row| {
            let fields = Fields::of(row, "repairs_open", &[0]);
            Ok(OpenRepair {
                row: RepairRow::read(row)?,
                stage: fields.get(9)?,
                since: moment(&fields, 10)?,
                appointment: moment(&fields, 11)?,
                done_at: moment(&fields, 12)?,
            })
        },
    )
}

/// A step of a repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairEventRow {
    pub repair_id: i64,
    pub at: NaiveDateTime,
    pub step: RepairStep,
    pub actor: Option<String>,
    pub role: Option<RevisitRole>,
    pub score: Option<i64>,
    pub note: Option<String>,
    /// The new appointment of a reschedule.
    pub appointment: Option<NaiveDateTime>,
}

impl RepairEventRow {
    fn read(row: &Row) -> rusqlite::Result<RepairEventRow> {
        let fields = Fields::of(row, "repair_events", &[0]);
        Ok(RepairEventRow {
            repair_id: fields.get(1)?,
            at: fields.moment(2)?,
            step: fields.get(3)?,
            actor: fields.get(4)?,
            role: fields.get(5)?,
            score: fields.get(6)?,
            note: fields.get(7)?,
            appointment: match fields.get::<Option<String>>(8)? {
                Some(_) => Some(fields.moment(8)?),
                None => None,
            },
        })
    }
}

/// Appends a step to a repair.
pub fn add_repair_event(
    conn: &Connection,
    event: &RepairEventRow,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    sql::run(
        conn,
        "INSERT INTO repair_events (repair_id, at, step, actor, role, score, note, appointment,
                                    recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            event.repair_id,
            dates::store(event.at),
            event.step,
            event.actor,
            event.role,
            event.score,
            event.note,
            event.appointment.map(dates::store),
            dates::store(recorded_at)
        ],
        &format!("record the step of repair {}", event.repair_id),
    )?;
    Ok(())
}

/// The steps of the given repairs, each repair's in order.
pub fn events_of(conn: &Connection, repair_ids: &[i64]) -> Result<Vec<RepairEventRow>> {
    let ids = serde_json::to_string(repair_ids)
        .map_err(|err| anyhow::anyhow!("cannot list the repair ids: {err}"))?;
    sql::list(
        conn,
        "SELECT id, repair_id, at, step, actor, role, score, note, appointment
         FROM repair_events
         WHERE repair_id IN (SELECT value FROM json_each(?1))
         ORDER BY repair_id, id",
        [ids],
        "the repairs' steps",
        RepairEventRow::read,
    )
}

/// How many repairs were received in `[from, to)`.
pub fn received_between(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<i64> {
    sql::value(
        conn,
        "SELECT count(*) FROM repairs WHERE received_at >= ?1 AND received_at < ?2",
        params![dates::store(from), dates::store(to)],
        "the repairs received",
    )
}

/// The steps taken in `[from, to)`, in order.
pub fn steps_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<RepairEventRow>> {
    sql::list(
        conn,
        "SELECT id, repair_id, at, step, actor, role, score, note, appointment
         FROM repair_events
         WHERE step IN ('reschedule', 'done', 'revisit', 'revisit_problem', 'notice')
           AND at >= ?1 AND at < ?2
         ORDER BY at, id",
        params![dates::store(from), dates::store(to)],
        "the repair steps of the period",
        RepairEventRow::read,
    )
}

/// The repairs received in `[from, to)`, in the order they came.
pub fn received_in(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<RepairRow>> {
    sql::list(
        conn,
        &format!(
            "{REPAIR_SELECT} WHERE r.received_at >= ?1 AND r.received_at < ?2
             ORDER BY r.received_at, r.id"
        ),
        params![dates::store(from), dates::store(to)],
        "the repairs received",
        RepairRow::read,
    )
}

/// Whether the customer's repair of `unit` asked for at `received_at` with this text is
/// registered: an imported repair register is known by them.
pub fn repair_exists(
    conn: &Connection,
    customer_id: i64,
    unit: &str,
    received_at: NaiveDateTime,
    text: &str,
) -> Result<bool> {
    sql::value(
        conn,
        "SELECT EXISTS (SELECT 1 FROM repairs WHERE customer_id = ?1 AND unit = ?2
                           AND received_at = ?3 AND text = ?4)",
        params![customer_id, unit, dates::store(received_at), text],
        "the repair register",
    )
}
