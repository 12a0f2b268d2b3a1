//! A deal with its shares, as `deal` and `report commission` show it. The register entries,
//! referrals, spouse and linked record behind a deal are read here and handed to
//! [`roles::of`], who has a role in it, and [`commission::in_force`], who is paid; a settlement
//! by the project manager (7.7) takes the place of the computed shares.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::Connection;

use super::owners::Claims;
use crate::cmd::Context;
use crate::db::customers;
use crate::db::customers::{LinkRow, SpouseLinkRow};
use crate::db::deals::{self, DealRow, SettlementRow};
use crate::db::referrals;
use crate::db::register::{self, RoleEntry, VisitRow};
use crate::db::reps;
use crate::domain::codes::Code;
use crate::domain::commission::roles::{self, Facts, OtherRecord, Referral};
use crate::domain::commission::{self, Party, Roles, Share, Split};
use crate::domain::dates;
use crate::domain::deal::{self, Change};
use crate::domain::ownership::Linked;
use crate::domain::register::Entry;
use crate::messages::Message;
use crate::messages::columns::facts::deals::{DEAL_COLUMNS, SHARE_COLUMNS};
use crate::output::{self, Cell, Format, Lang, Output, Records};
use serde_json::Value;

/// A deal, the roles behind it, and who is paid.
#[derive(Debug, Clone)]
pub struct DealView {
    pub deal: DealRow,
    pub split: Split,
    /// The project manager's settlement in force, if any (7.7).
    pub settlement: Option<SettlementRow>,
}

impl DealView {
    /// The shares in force, none while the deal awaits a settlement.
    pub fn shares(&self) -> &[Share] {
        match &self.split {
            Split::Shares(shares) => shares,
            Split::Unsettled(_) => &[],
        }
    }
}

/// The reps' names by id, for showing parties.
pub fn rep_names(conn: &Connection) -> Result<HashMap<i64, String>> {
    Ok(reps::all(conn)?
        .into_iter()
        .map(|r| (r.id, r.name))
        .collect())
}

/// A party as listings name it.
pub fn party_name(party: &Party, names: &HashMap<i64, String>) -> String {
    match party {
        Party::Rep(id) => names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("rep {id}")),
        Party::Referrer(name) => name.clone(),
        Party::Pool => "公佣".to_string(),
    }
}

/// A register entry as the commission rules read it.
fn role_entry(entry: &RoleEntry) -> roles::RoleEntry {
    roles::RoleEntry {
        id: entry.id,
        rep_id: entry.rep_id,
        at: entry.at,
        contact: entry.contact,
        reason: entry.reason,
        stands: entry.stands,
        designated_from: entry.roles.designated_from,
        instigated: entry.roles.instigated,
        leader_designated: entry.roles.leader.is_some(),
        referral_id: entry.roles.referral_id,
    }
}

/// The referrals the entries came on, all of them: which one counts is the rule's to say.
fn referrals_of<'a>(
    conn: &Connection,
    entries: impl Iterator<Item = &'a roles::RoleEntry>,
) -> Result<Vec<Referral>> {
    let mut ids: Vec<i64> = entries.filter_map(|e| e.referral_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(row) = referrals::by_id(conn, id)? {
            found.push(Referral {
                id: row.id,
                referrer: row.referrer,
                day: row.day,
                confirmed: row.confirmed.map(|(_, at)| at),
            });
        }
    }
    Ok(found)
}

/// Who has a role in a deal, from what the register recorded: `entries` are the customer's
/// own, and `claims` the whole of a linked person's.
fn roles_of(
    conn: &Connection,
    deal: &DealRow,
    spouse: Option<i64>,
    entries: &[roles::RoleEntry],
    claims: Option<&Claims>,
) -> Result<Roles> {
    let other = claims.and_then(|c| c.other.as_ref());
    let other_entries: Vec<roles::RoleEntry> = other
        .map(|o| {
            o.entries
                .iter()
                .map(|v| role_entry(&RoleEntry::from(v)))
                .collect()
        })
        .unwrap_or_default();
    let referrals = referrals_of(conn, entries.iter().chain(&other_entries))?;
    let spouse_owner = match spouse {
        Some(spouse) => Claims::of(conn, spouse)?.ownership(deal.at),
        None => None,
    };
    let own: Vec<Entry> = claims
        .map(|c| c.entries.iter().filter_map(VisitRow::entry).collect())
        .unwrap_or_default();
    let theirs: Vec<Entry> = other
        .map(|o| o.entries.iter().filter_map(VisitRow::entry).collect())
        .unwrap_or_default();
    Ok(roles::of(&Facts {
        closed_at: deal.at,
        closing_rep: deal.rep_id,
        company: deal.company,
        entries,
        other: other.map(|o| OtherRecord {
            linked_at: o.link.at,
            entries: &other_entries,
        }),
        referrals: &referrals,
        spouse_owner,
        linked: other.map(|o| Linked {
            one: &own,
            other: &theirs,
            at: o.link.at,
        }),
    }))
}

/// Views of the given deals: their roles, and their shares or the settlement in force.
pub fn views(conn: &Connection, deals: Vec<DealRow>) -> Result<Vec<DealView>> {
    let mut ids: Vec<i64> = deals.iter().map(|d| d.customer_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut entries: HashMap<i64, Vec<roles::RoleEntry>> = HashMap::new();
    for entry in register::role_entries_of_all(conn, &ids)? {
        entries
            .entry(entry.customer_id)
            .or_default()
            .push(role_entry(&entry));
    }
    let spouses: HashMap<i64, Option<i64>> =
        customers::spouses_of(conn, &ids)?.into_iter().collect();
    let deal_ids: Vec<i64> = deals.iter().map(|d| d.id).collect();
    let mut settled: HashMap<i64, SettlementRow> = deals::settlements_of(conn, &deal_ids)?
        .into_iter()
        .map(|s| (s.deal_id, s))
        .collect();
    let linked = customers::linked(conn)?;
    let mut views = Vec::with_capacity(deals.len());
    for deal in deals {
        let Some(&spouse) = spouses.get(&deal.customer_id) else {
            anyhow::bail!("the customer of deal {} is missing", deal.id);
        };
        // A linked person's whole claims decide 1.7 g–j; the few linked customers read them
        // one by one.
        let claims = match linked.contains(&deal.customer_id) {
            true => Some(Claims::of(conn, deal.customer_id)?),
            false => None,
        };
        let own = entries
            .get(&deal.customer_id)
            .map_or(&[][..], Vec::as_slice);
        let roles = roles_of(conn, &deal, spouse, own, claims.as_ref())?;
        let settlement = settled.remove(&deal.id);
        let split = commission::in_force(&roles, settlement.as_ref().map(|s| &s.shares[..]));
        views.push(DealView {
            deal,
            split,
            settlement,
        });
    }
    Ok(views)
}

/// A change of a deal as `deal show` and the commission report list it: a 换房 or 更名, a
/// spouse linked or unlinked after the deal, two records found to be one person after it
/// ([`deal::changed_by_link`]), or its void.
#[derive(Debug, Clone)]
pub struct ChangeLine {
    pub at: chrono::NaiveDateTime,
    pub kind: Change,
    pub value: Cell,
    pub by: Option<String>,
}

/// A message as a cell in both languages.
fn phrase(message: Message) -> Cell {
    Cell::Phrase {
        en: message.text(Lang::En),
        zh: message.text(Lang::Zh),
    }
}

/// A spouse link or unlink, as a change of a deal of `customer_id`.
fn spouse_line(conn: &Connection, customer_id: i64, link: &SpouseLinkRow) -> Result<ChangeLine> {
    let other = match link.customer_id == customer_id {
        true => link.spouse_id,
        false => link.customer_id,
    };
    let name = customers::by_id(conn, other)?
        .map(|c| c.name)
        .unwrap_or_default();
    let message = match link.linked {
        true => Message::DealChangeSpouseLinked { name, id: other },
        false => Message::DealChangeSpouseUnlinked { name, id: other },
    };
    Ok(ChangeLine {
        at: link.at,
        kind: Change::Spouse,
        value: phrase(message),
        by: link.by.clone(),
    })
}

/// Two records linked as one person, as a change of a deal of one of them.
fn record_line(conn: &Connection, link: &LinkRow) -> Result<ChangeLine> {
    let name = customers::by_id(conn, link.other_id)?
        .map(|c| c.name)
        .unwrap_or_default();
    Ok(ChangeLine {
        at: link.at,
        kind: Change::Link,
        value: phrase(Message::DealChangeRecordLinked {
            name,
            id: link.other_id,
        }),
        by: Some(link.by.clone()),
    })
}

/// The changes of a deal, in the order they happened.
pub fn changes_of(conn: &Connection, deal: &DealRow) -> Result<Vec<ChangeLine>> {
    let mut lines: Vec<ChangeLine> = deals::changes(conn, deal.id)?
        .into_iter()
        .map(|change| ChangeLine {
            at: change.at,
            kind: change.kind,
            value: change.value.into(),
            by: None,
        })
        .collect();
    for link in customers::spouse_links_of(conn, deal.customer_id)? {
        if deal::changed_by_link(deal.at, link.at) {
            lines.push(spouse_line(conn, deal.customer_id, &link)?);
        }
    }
    if let Some(link) = customers::link_of(conn, deal.customer_id)?
        && deal::changed_by_link(deal.at, link.at)
    {
        lines.push(record_line(conn, &link)?);
    }
    if let Some(void) = &deal.void {
        lines.push(ChangeLine {
            at: void.at,
            kind: Change::Void,
            value: void.reason.clone().into(),
            by: Some(void.by.clone()),
        });
    }
    // A stable sort: changes at the same minute keep the order they were recorded in.
    lines.sort_by_key(|line| line.at);
    Ok(lines)
}

/// The changes made in `[from, to)` that the commission report names: the deals voided, of
/// whatever month, and the links made after a live deal (spouses, one person's two records).
/// Each with its deal, by when it happened.
pub fn changes_between(
    conn: &Connection,
    from: chrono::NaiveDateTime,
    to: chrono::NaiveDateTime,
) -> Result<Vec<(DealRow, ChangeLine)>> {
    let mut found = Vec::new();
    for deal in deals::voided_between(conn, from, to)? {
        for line in changes_of(conn, &deal)? {
            if line.kind == Change::Void {
                found.push((deal.clone(), line));
            }
        }
    }
    let live_before = |customer_id: i64, at| -> Result<Vec<DealRow>> {
        Ok(deals::of_customer(conn, customer_id)?
            .into_iter()
            .filter(|d| d.void.is_none() && deal::changed_by_link(d.at, at))
            .collect())
    };
    for link in customers::spouse_links_between(conn, from, to)? {
        for side in [link.customer_id, link.spouse_id] {
            for deal in live_before(side, link.at)? {
                found.push((deal, spouse_line(conn, side, &link)?));
            }
        }
    }
    for (customer_id, link) in customers::links_between(conn, from, to)? {
        let other = LinkRow {
            other_id: customer_id,
            ..link.clone()
        };
        for (side, seen) in [(customer_id, &link), (link.other_id, &other)] {
            for deal in live_before(side, seen.at)? {
                found.push((deal, record_line(conn, seen)?));
            }
        }
    }
    found.sort_by_key(|(deal, line)| (line.at, deal.id));
    Ok(found)
}

/// One deal's view, or the error that says how to find the number.
pub fn view(conn: &Connection, id: i64) -> Result<DealView> {
    let deal =
        deals::by_id(conn, id)?.ok_or_else(|| crate::error::invalid(Message::NoDeal { id }))?;
    let mut views = views(conn, vec![deal])?;
    views
        .pop()
        .ok_or_else(|| anyhow::anyhow!("deal {id} vanished"))
}

/// A share in percent: a whole number when it is one.
pub fn share_cell(share: u32) -> Cell {
    if share.is_multiple_of(100) {
        Cell::Int(i64::from(share / 100))
    } else {
        Cell::Number(f64::from(share) / 100.0, 2)
    }
}

/// "王芳 70 % · 李娜 30 % (midway-designation)", or what the deal awaits.
pub fn split_text(view: &DealView, names: &HashMap<i64, String>, lang: Lang) -> String {
    match &view.split {
        Split::Shares(shares) => {
            let parts: Vec<String> = shares
                .iter()
                .map(|s| {
                    format!(
                        "{} {} %",
                        party_name(&s.party, names),
                        commission::percent(s.share)
                    )
                })
                .collect();
            let rule = match &view.settlement {
                Some(s) => Message::SettledBy {
                    by: s.by.clone(),
                    approved_by: s.approved_by.clone(),
                }
                .text(lang),
                None => shares
                    .first()
                    .map(|s| output::label(s.rule, lang).to_string())
                    .unwrap_or_default(),
            };
            format!("{} ({rule})", parts.join(" · "))
        }
        Split::Unsettled(rules) => Message::AwaitingSettlement {
            rules: rules.iter().map(|r| r.code().to_string()).collect(),
            rules_zh: rules.iter().map(|r| r.zh().to_string()).collect(),
        }
        .text(lang),
    }
}

pub fn deal_row(context: &Context, view: &DealView, names: &HashMap<i64, String>) -> Vec<Cell> {
    let deal = &view.deal;
    vec![
        deal.id.into(),
        dates::minute(deal.at).into(),
        deal.customer_id.into(),
        deal.buyer.clone().into(),
        context.phone(&deal.phone).into(),
        deal.unit.clone().into(),
        Cell::Money(deal.price_fen),
        deal.rep.clone().into(),
        deal.company.map_or(Cell::Null, Cell::code),
        Cell::Phrase {
            en: split_text(view, names, Lang::En),
            zh: split_text(view, names, Lang::Zh),
        },
        matches!(view.split, Split::Unsettled(_)).into(),
        deal.void.is_some().into(),
        deal.void.as_ref().map(|v| v.reason.clone()).into(),
        deal.void.as_ref().map(|v| v.by.clone()).into(),
        deal.void.as_ref().map(|v| dates::minute(v.at)).into(),
    ]
}

/// The shares of deals, one row per party.
pub fn share_records(views: &[DealView], names: &HashMap<i64, String>) -> Records {
    let mut records = Records::new(SHARE_COLUMNS);
    for view in views {
        for share in view.shares() {
            records.push(vec![
                view.deal.id.into(),
                view.deal.unit.clone().into(),
                party_name(&share.party, names).into(),
                Cell::code(share.party.role()),
                share_cell(share.share),
                Cell::code(share.rule),
            ]);
        }
    }
    records
}

/// The deal as one JSON object with its `shares` array.
pub fn deal_json(context: &Context, view: &DealView, names: &HashMap<i64, String>) -> Value {
    let mut object = Output::json_object(DEAL_COLUMNS, &deal_row(context, view, names));
    let shares = share_records(std::slice::from_ref(view), names);
    object["shares"] = shares
        .rows
        .iter()
        .map(|row| Output::json_object(&shares.columns, row))
        .collect();
    object
}

/// The deal as one record under the deal columns, for a card.
pub fn card(context: &Context, view: &DealView, names: &HashMap<i64, String>) -> Records {
    let mut card = Records::new(DEAL_COLUMNS);
    card.push(deal_row(context, view, names));
    card
}

/// Deals as a listing: a table or CSV, or a JSON array of deals each with its shares.
pub fn render_list(context: &Context, conn: &Connection, views: &[DealView]) -> Result<String> {
    let names = rep_names(conn)?;
    Ok(match context.out.format {
        Format::Json => {
            let array: Vec<Value> = views
                .iter()
                .map(|v| deal_json(context, v, &names))
                .collect();
            serde_json::to_string_pretty(&array)? + "\n"
        }
        _ => context
            .out
            .render_list(&list_records(context, &names, views))?,
    })
}

/// Deals as rows of a listing, one per deal.
fn list_records(context: &Context, names: &HashMap<i64, String>, views: &[DealView]) -> Records {
    let mut records = Records::new(DEAL_COLUMNS);
    for view in views {
        records.push(deal_row(context, view, names));
    }
    records
}

/// Prints deals as a listing ([`render_list`]), or writes them as a workbook to `--output`.
pub fn print_list(context: &Context, conn: &Connection, views: &[DealView]) -> Result<()> {
    if context.out.workbook {
        let names = rep_names(conn)?;
        return context.list(&list_records(context, &names, views));
    }
    context.emit(&render_list(context, conn, views)?)
}

/// Prints one deal: the line the clerk reads, its shares as CSV, or the deal as JSON.
pub fn print_deal(context: &Context, conn: &Connection, view: &DealView, line: &str) -> Result<()> {
    let names = rep_names(conn)?;
    let text = match context.out.format {
        Format::Table => format!("{line}\n"),
        Format::Csv => context
            .out
            .csv(&share_records(std::slice::from_ref(view), &names))?,
        Format::Json => serde_json::to_string_pretty(&deal_json(context, view, &names))? + "\n",
    };
    context.emit(&text)
}
