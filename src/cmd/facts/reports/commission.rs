//! `report commission`: every deal of a month with each party's share of the commission and
//! the rule it follows (seed 003 §5–§7), the totals per rep, referrer and the public pool
//! (公佣), and the deals that wait for the project manager's settlement (7.7). A voided deal
//! (退房, 录错) pays no share; the report of the month it was voided in lists the void among the
//! month's changes, with the spouses linked after a deal, which change its shares (7.4).

use std::collections::BTreeMap;

use anyhow::Result;
use chrono::Months;
use rusqlite::Connection;

use super::{Report, head, month_of, number, section, start};
use crate::cmd::Context;
use crate::cmd::facts::deals::{self as views, ChangeLine, DealView, party_name, rep_names};
use crate::db::{self, deals};
use crate::domain::codes::Code;
use crate::domain::commission::{Split, WHOLE};
use crate::domain::dates;
use crate::messages::columns::facts::reports::commission::{
    AWAITING_COLUMNS, CHANGE_COLUMNS, SHARE_COLUMNS, TOTAL_COLUMNS,
};
use crate::output::{Cell, Records};

pub(super) fn build(
    context: &Context,
    mut conn: Connection,
    month: Option<&str>,
) -> Result<Report> {
    let first = month_of(month, context.today())?;
    let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
    let conn = db::snapshot(&mut conn)?;
    let live: Vec<_> = deals::between(&conn, start(first), start(next))?
        .into_iter()
        .filter(|deal| deal.void.is_none())
        .collect();
    let views = views::views(&conn, live)?;
    let changes = views::changes_between(&conn, start(first), start(next))?;
    let names = rep_names(&conn)?;
    let head = head(
        Cell::label("commission", "佣金"),
        &[("month", "Month", "月份", first.format("%Y-%m").to_string())],
        context,
    );
    let sections = [
        (section("shares", "佣金分配"), shares(&views, &names)),
        (section("totals", "合计"), totals(&views, &names)),
        (
            section("awaiting_settlement", "待项目经理裁定（7.7）"),
            awaiting(&views),
        ),
        (section("changes", "本月成交变更"), change_records(&changes)),
    ];
    Ok(Report::new(head, sections))
}

fn price(fen: i64) -> Cell {
    Cell::Money(fen)
}

/// One row per party of every settled deal.
fn shares(views: &[DealView], names: &std::collections::HashMap<i64, String>) -> Records {
    let mut records = Records::new(SHARE_COLUMNS);
    for view in views {
        let deal = &view.deal;
        for share in view.shares() {
            records.push(vec![
                deal.id.into(),
                dates::minute(deal.at).into(),
                deal.unit.clone().into(),
                deal.buyer.clone().into(),
                price(deal.price_fen),
                party_name(&share.party, names).into(),
                Cell::code(share.party.role()),
                views::share_cell(share.share),
                Cell::code(share.rule),
            ]);
        }
    }
    records
}

/// Per party: the deals they share in, the deals that makes, and the sales credited to them.
fn totals(views: &[DealView], names: &std::collections::HashMap<i64, String>) -> Records {
    // Reps first, then referrers, then the pool; each by name.
    let mut by_party: BTreeMap<(u8, String), (Cell, i64, u64, i128)> = BTreeMap::new();
    for view in views {
        for share in view.shares() {
            let role = share.party.role();
            let order = match role.code() {
                "rep" => 0,
                "referrer" => 1,
                _ => 2,
            };
            let totals = by_party
                .entry((order, party_name(&share.party, names)))
                .or_insert((Cell::code(role), 0, 0, 0));
            totals.1 += 1;
            totals.2 += u64::from(share.share);
            totals.3 += i128::from(view.deal.price_fen) * i128::from(share.share);
        }
    }
    let mut records = Records::new(TOTAL_COLUMNS);
    for ((_, party), (role, deals, share, sales)) in by_party {
        records.push(vec![
            party.into(),
            role,
            deals.into(),
            number(Some(share as f64 / f64::from(WHOLE)), 2),
            number(Some(sales as f64 / f64::from(WHOLE) / 100.0), 2),
        ]);
    }
    records
}

/// The deals no rule settles, or two rules claim, until the project manager settles them.
fn awaiting(views: &[DealView]) -> Records {
    let mut records = Records::new(AWAITING_COLUMNS);
    for view in views {
        let Split::Unsettled(rules) = &view.split else {
            continue;
        };
        let deal = &view.deal;
        records.push(vec![
            deal.id.into(),
            dates::minute(deal.at).into(),
            deal.unit.clone().into(),
            deal.buyer.clone().into(),
            price(deal.price_fen),
            Cell::codes(rules.iter().copied()),
        ]);
    }
    records
}

/// The month's changes of deals, whatever month they were closed in.
fn change_records(changes: &[(deals::DealRow, ChangeLine)]) -> Records {
    let mut records = Records::new(CHANGE_COLUMNS);
    for (deal, change) in changes {
        records.push(vec![
            deal.id.into(),
            dates::minute(deal.at).into(),
            deal.unit.clone().into(),
            deal.buyer.clone().into(),
            Cell::code(change.kind),
            dates::minute(change.at).into(),
            change.value.clone(),
            change.by.clone().into(),
        ]);
    }
    records
}
