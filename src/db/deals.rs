//! Deals (成交, table deals), the unit and name changes after them (deal_changes: 换房, 更名),
//! their voids (deal_voids: 退房, 录错), and the project manager's settlements of deals no rule
//! settles (settlements, settlement_shares, 7.7). All append-only: a deal's current unit and
//! buyer are its latest changes, a voided deal stays in the history marked, and a later
//! settlement supersedes an earlier one. Ownership, the units held and the counts read the
//! deals not voided (live).

use anyhow::{Context as _, Result};
use chrono::NaiveDateTime;
use rusqlite::types::ToSql;
use rusqlite::{Connection, Row, params};

use super::sql::{self, Fields};
use crate::domain::commission::{Party, Role};
use crate::domain::dates;
use crate::domain::deal::{Change, CompanyDeal};
use crate::domain::ownership::Bought;

/// A deal as it stands, with its customer and rep.
#[derive(Debug, Clone)]
pub struct DealRow {
    pub id: i64,
    pub customer_id: i64,
    pub phone: String,
    /// The unit now: the latest 换房, else the unit sold.
    pub unit: String,
    /// The buyer's name now: the latest 更名, else the name at the deal.
    pub buyer: String,
    pub price_fen: i64,
    pub at: NaiveDateTime,
    pub rep_id: Option<i64>,
    pub rep: Option<String>,
    pub company: Option<CompanyDeal>,
    /// The unit sold, before any 换房.
    pub unit_sold: String,
    /// The void, if the deal was voided.
    pub void: Option<VoidRow>,
}

/// Who voided a deal or a handover, why and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoidRow {
    pub reason: String,
    pub by: String,
    pub at: NaiveDateTime,
}

/// The deal columns; every query binds `:unit_change` and `:name_change` to the kinds of change
/// (see [`deals_where`]).
const DEAL_SELECT: &str = "SELECT d.id, d.customer_id, c.phone,
        coalesce((SELECT g.value FROM deal_changes g
                  WHERE g.deal_id = d.id AND g.kind = :unit_change ORDER BY g.id DESC LIMIT 1), d.unit),
        coalesce((SELECT g.value FROM deal_changes g
                  WHERE g.deal_id = d.id AND g.kind = :name_change ORDER BY g.id DESC LIMIT 1), d.buyer),
        d.price_fen, d.at, d.rep_id, p.name, d.company, d.unit,
        v.reason, v.voided_by, v.at
    FROM deals d
    JOIN customers c ON c.id = d.customer_id
    LEFT JOIN reps p ON p.id = d.rep_id
    LEFT JOIN deal_voids v ON v.deal_id = d.id";

impl DealRow {
    fn read(row: &Row) -> rusqlite::Result<DealRow> {
        let fields = Fields::of(row, "deals", &[0]);
        Ok(DealRow {
            id: fields.get(0)?,
            customer_id: fields.get(1)?,
            phone: fields.get(2)?,
            unit: fields.get(3)?,
            buyer: fields.get(4)?,
            price_fen: fields.get(5)?,
            at: fields.moment(6)?,
            rep_id: fields.get(7)?,
            rep: fields.get(8)?,
            company: fields.get(9)?,
            unit_sold: fields.get(10)?,
            void: match fields.get::<Option<String>>(11)? {
                Some(reason) => Some(VoidRow {
                    reason,
                    by: fields.get(12)?,
                    at: fields.moment(13)?,
                }),
                None => None,
            },
        })
    }
}

/// The deals matching `filter`, a WHERE clause written as a literal by each caller below, with
/// its named parameters.
fn deals_where(
    conn: &Connection,
    filter: &'static str,
    named: &[(&str, &dyn ToSql)],
) -> Result<Vec<DealRow>> {
    let kinds: [(&str, &dyn ToSql); 2] = [
        (":unit_change", &Change::Unit),
        (":name_change", &Change::Name),
    ];
    let all: Vec<(&str, &dyn ToSql)> = kinds.into_iter().chain(named.iter().copied()).collect();
    sql::list(
        conn,
        &format!("{DEAL_SELECT} WHERE {filter} ORDER BY d.at, d.id"),
        all.as_slice(),
        "the deals",
        DealRow::read,
    )
}

pub fn by_id(conn: &Connection, id: i64) -> Result<Option<DealRow>> {
    Ok(deals_where(conn, "d.id = :id", &[(":id", &id)])?.pop())
}

/// The deals of one customer, oldest first.
pub fn of_customer(conn: &Connection, customer_id: i64) -> Result<Vec<DealRow>> {
    deals_where(
        conn,
        "d.customer_id = :customer",
        &[(":customer", &customer_id)],
    )
}

/// A customer's live deals as ownership needs them: who closed each and when. Lighter than
/// the whole deal, for the desk, which asks at every visit.
pub fn bought(conn: &Connection, customer_id: i64) -> Result<Vec<Bought>> {
    sql::list(
        conn,
        "SELECT d.id, d.rep_id, d.at, p.retired_at IS NOT NULL
         FROM deals d LEFT JOIN reps p ON p.id = d.rep_id
         WHERE d.customer_id = ?1 AND d.id NOT IN (SELECT deal_id FROM deal_voids)
         ORDER BY d.at, d.id",
        [customer_id],
        "the customer's deals",
        |row| {
            let fields = Fields::of(row, "deals", &[0]);
            Ok(Bought {
                rep_id: fields.get(1)?,
                at: fields.moment(2)?,
                rep_retired: fields.get::<Option<bool>>(3)?.unwrap_or(false),
            })
        },
    )
}

/// The live deals of the given customers as ownership needs them: (customer id, who closed it and
/// when).
pub fn bought_by_all(conn: &Connection, customer_ids: &[i64]) -> Result<Vec<(i64, Bought)>> {
    let ids = serde_json::to_string(customer_ids).context("cannot list the customer ids")?;
    sql::list(
        conn,
        "SELECT d.id, d.customer_id, d.rep_id, d.at, p.retired_at IS NOT NULL
         FROM deals d LEFT JOIN reps p ON p.id = d.rep_id
         WHERE d.customer_id IN (SELECT value FROM json_each(?1))
           AND d.id NOT IN (SELECT deal_id FROM deal_voids)
         ORDER BY d.at, d.id",
        [ids],
        "the customers' deals",
        |row| {
            let fields = Fields::of(row, "deals", &[0]);
            Ok((
                fields.get(1)?,
                Bought {
                    rep_id: fields.get(2)?,
                    at: fields.moment(3)?,
                    rep_retired: fields.get::<Option<bool>>(4)?.unwrap_or(false),
                },
            ))
        },
    )
}

/// How many live deals each rep closed in `[from, to)`, by the rep's name (none for a deal no rep
/// closed).
pub fn count_by_rep_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<(Option<String>, i64)>> {
    sql::list(
        conn,
        "SELECT p.name, count(*) FROM deals d LEFT JOIN reps p ON p.id = d.rep_id
         WHERE d.at >= ?1 AND d.at < ?2 AND d.id NOT IN (SELECT deal_id FROM deal_voids)
         GROUP BY p.name",
        params![dates::store(from), dates::store(to)],
        "the deals by rep",
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
}

/// The deals closed in `[from, to)`, oldest first.
pub fn between(conn: &Connection, from: NaiveDateTime, to: NaiveDateTime) -> Result<Vec<DealRow>> {
    deals_where(
        conn,
        "d.at >= :from AND d.at < :to",
        &[(":from", &dates::store(from)), (":to", &dates::store(to))],
    )
}

/// The live deal that holds `unit` now, if any: a unit is sold once until its deal is voided.
/// Found among the deals that were sold it or moved to it, then by the unit each holds now.
pub fn holding(conn: &Connection, unit: &str) -> Result<Option<DealRow>> {
    Ok(deals_where(
        conn,
        "(d.unit = :unit OR d.id IN (SELECT deal_id FROM deal_changes
                                     WHERE kind = :unit_change AND value = :unit))",
        &[(":unit", &unit)],
    )?
    .into_iter()
    .find(|deal| deal.unit == unit && deal.void.is_none()))
}

/// The deals voided in `[from, to)`, whenever they were closed, by when they were voided.
pub fn voided_between(
    conn: &Connection,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<DealRow>> {
    let mut voided = deals_where(
        conn,
        "d.id IN (SELECT deal_id FROM deal_voids WHERE at >= :from AND at < :to)",
        &[(":from", &dates::store(from)), (":to", &dates::store(to))],
    )?;
    voided.sort_by_key(|deal| (deal.void.as_ref().map(|v| v.at), deal.id));
    Ok(voided)
}

/// Voids a deal (退房, 录错): it stays, marked.
pub fn void(
    conn: &Connection,
    deal_id: i64,
    void: &VoidRow,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    let what = format!("void deal {deal_id}");
    let says: [&dyn ToSql; 3] = [&deal_id, &void.reason, &void.by];
    sql::append(conn, VOID, &says, (void.at, recorded_at), &what).map(drop)
}

const VOID: &str = "INSERT INTO deal_voids (deal_id, reason, voided_by, at, recorded_at)
    VALUES (?1, ?2, ?3, ?4, ?5)";

/// What `deal` records.
#[derive(Debug, Clone)]
pub struct NewDeal<'a> {
    pub customer_id: i64,
    pub unit: &'a str,
    pub buyer: &'a str,
    pub price_fen: i64,
    pub at: NaiveDateTime,
    pub rep_id: Option<i64>,
    pub company: Option<CompanyDeal>,
}

/// Records a deal; returns its number.
pub fn add(conn: &Connection, deal: &NewDeal, recorded_at: NaiveDateTime) -> Result<i64> {
    sql::run(
        conn,
        "INSERT INTO deals (customer_id, unit, buyer, price_fen, at, rep_id, company, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            deal.customer_id,
            deal.unit,
            deal.buyer,
            deal.price_fen,
            dates::store(deal.at),
            deal.rep_id,
            deal.company,
            dates::store(recorded_at)
        ],
        &format!("record the deal of unit {}", deal.unit),
    )?;
    Ok(conn.last_insert_rowid())
}

/// A change after a deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub kind: Change,
    pub value: String,
    pub at: NaiveDateTime,
}

/// Appends a change to a deal.
pub fn change(
    conn: &Connection,
    deal_id: i64,
    change: &ChangeRow,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    let what = format!("record the change of deal {deal_id}");
    let says: [&dyn ToSql; 3] = [&deal_id, &change.kind, &change.value];
    sql::append(conn, CHANGE, &says, (change.at, recorded_at), &what).map(drop)
}

const CHANGE: &str = "INSERT INTO deal_changes (deal_id, kind, value, at, recorded_at)
    VALUES (?1, ?2, ?3, ?4, ?5)";

/// The changes of a deal, in order.
pub fn changes(conn: &Connection, deal_id: i64) -> Result<Vec<ChangeRow>> {
    sql::list(
        conn,
        "SELECT id, kind, value, at FROM deal_changes WHERE deal_id = ?1 ORDER BY id",
        [deal_id],
        "the deal's changes",
        |row| {
            let (kind, value, at) = sql::dated(row, "deal_changes")?;
            Ok(ChangeRow { kind, value, at })
        },
    )
}

/// The project manager's settlement of a deal (7.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettlementRow {
    pub deal_id: i64,
    pub by: String,
    pub approved_by: String,
    pub at: NaiveDateTime,
    /// In hundredths of a percent, summing to 10,000.
    pub shares: Vec<(Party, u32)>,
}

/// Records a settlement of a deal; it supersedes any earlier one.
pub fn settle(
    conn: &Connection,
    settlement: &SettlementRow,
    recorded_at: NaiveDateTime,
) -> Result<()> {
    let deal = settlement.deal_id;
    sql::run(
        conn,
        "INSERT INTO settlements (deal_id, settled_by, approved_by, at, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            deal,
            settlement.by,
            settlement.approved_by,
            dates::store(settlement.at),
            dates::store(recorded_at)
        ],
        &format!("record the settlement of deal {deal}"),
    )?;
    let id = conn.last_insert_rowid();
    for (position, (party, share)) in settlement.shares.iter().enumerate() {
        let (rep_id, name) = match party {
            Party::Rep(rep) => (Some(*rep), None),
            Party::Referrer(name) => (None, Some(name.as_str())),
            Party::Pool => (None, None),
        };
        sql::run(
            conn,
            "INSERT INTO settlement_shares (settlement_id, position, party, rep_id, name, share_bp)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, position as i64, party.role(), rep_id, name, share],
            &format!("record the shares of deal {deal}"),
        )?;
    }
    Ok(())
}

/// The settlements in force of the given deals: the latest of each.
pub fn settlements_of(conn: &Connection, deal_ids: &[i64]) -> Result<Vec<SettlementRow>> {
    let ids = serde_json::to_string(deal_ids).context("cannot list the deal ids")?;
    let rows: Vec<(i64, i64, String, String, NaiveDateTime, Party, u32)> = sql::list(
        conn,
        "SELECT s.id, s.deal_id, s.settled_by, s.approved_by, s.at, h.party, h.rep_id, h.name,
                h.share_bp
         FROM settlements s JOIN settlement_shares h ON h.settlement_id = s.id
         WHERE s.deal_id IN (SELECT value FROM json_each(?1))
           AND s.id = (SELECT max(l.id) FROM settlements l WHERE l.deal_id = s.deal_id)
         ORDER BY s.deal_id, h.position",
        [ids],
        "the settlements",
        |row| {
            let fields = Fields::of(row, "settlements", &[0]);
            let party = match fields.get::<Role>(5)? {
                Role::Rep => Party::Rep(fields.get(6)?),
                Role::Referrer => Party::Referrer(fields.get(7)?),
                Role::Pool => Party::Pool,
            };
            Ok((
                fields.get(0)?,
                fields.get(1)?,
                fields.get(2)?,
                fields.get(3)?,
                fields.moment(4)?,
                party,
                fields.get(8)?,
            ))
        },
    )?;
    let mut settlements: Vec<(i64, SettlementRow)> = Vec::new();
    for (id, deal_id, by, approved_by, at, party, share) in rows {
        match settlements.last_mut() {
            Some((last, settlement)) if *last == id => settlement.shares.push((party, share)),
            _ => settlements.push((
                id,
                SettlementRow {
                    deal_id,
                    by,
                    approved_by,
                    at,
                    shares: vec![(party, share)],
                },
            )),
        }
    }
    Ok(settlements.into_iter().map(|(_, s)| s).collect())
}
