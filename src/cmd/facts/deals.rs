//! A deal with its shares, as `deal` and `report commission` show it. The shares come from the
//! roles the register recorded before the deal, read here and judged by
//! [`commission::shares`]; a settlement by the project manager (7.7) takes their place.

use std::collections::HashMap;

use anyhow::Result;
use rusqlite::Connection;

use super::owners::Claims;
use crate::cmd::Context;
use crate::db::customers;
use crate::db::deals::{self, DealRow, SettlementRow};
use crate::db::referrals;
use crate::db::register::{self, RoleEntry, VisitRow};
use crate::db::reps;
use crate::domain::commission::{self, Forgot, Midway, Party, Roles, Rule, Share, Split};
use crate::domain::dates;
use crate::domain::ownership::{Linked, Recognition};
use crate::domain::reception;
use crate::domain::register::{Contact, Reason};
use crate::output::{self, Cell, Column, Format, Lang, Output, Records, col};
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

const DEAL_COLUMNS: &[Column] = &[
    col("deal_id", "Deal", "成交编号"),
    col("at", "Closed", "成交时间"),
    col("customer_id", "Customer", "客户编号"),
    col("buyer", "Buyer", "购房人"),
    col("phone", "Phone", "电话"),
    col("unit", "Unit", "房号"),
    col("price", "Price", "成交价"),
    col("rep", "Rep", "置业顾问"),
    col("company", "Company client", "公司客户"),
    col("split", "Shares", "佣金分配"),
    col("awaiting_settlement", "Awaiting settlement", "待裁定"),
];

const SHARE_COLUMNS: &[Column] = &[
    col("deal_id", "Deal", "成交编号"),
    col("unit", "Unit", "房号"),
    col("party", "Party", "分配对象"),
    col("role", "Role", "角色"),
    col("share", "Share %", "比例%"),
    col("rule", "Rule", "依据"),
];

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

/// The entries that stand and came before the deal, oldest first.
fn before<'a>(entries: &'a [RoleEntry], deal: &DealRow) -> Vec<&'a RoleEntry> {
    entries
        .iter()
        .filter(|e| e.stands && e.at <= deal.at)
        .collect()
}

/// A midway designation (5.2) or a returning customer's designation (5.3) before the deal,
/// when the rep the customer left is the rep who closed it: a deal another rep closed later is
/// not the one the designation was about.
fn designations(entries: &[&RoleEntry], closing: Option<i64>) -> (Option<Midway>, Option<i64>) {
    let Some(latest) = entries
        .iter()
        .rev()
        .find(|e| e.roles.designated_from.is_some())
    else {
        return (None, None);
    };
    let first_rep = entries
        .iter()
        .find(|e| Some(e.id) == latest.roles.designated_from)
        .and_then(|e| e.rep_id);
    if first_rep.is_none() || first_rep != closing {
        return (None, None);
    }
    match (latest.reason, first_rep, latest.rep_id) {
        (Reason::Designated, Some(first_rep), Some(designated_rep)) => (
            Some(Midway {
                first_rep,
                designated_rep,
                instigated: latest.roles.instigated,
            }),
            None,
        ),
        (Reason::Voluntary, _, Some(rep)) => (None, Some(rep)),
        _ => (None, None),
    }
}

/// Whether a leader designated the rep who closed the deal (6.1.2).
fn leader_designated(entries: &[&RoleEntry], closing: Option<i64>) -> bool {
    entries
        .iter()
        .any(|e| e.roles.leader.is_some() && e.rep_id.is_some() && e.rep_id == closing)
}

/// The referrer whose referral held: registered before the first visit, which came on the
/// agreed day, confirmed that day in time (6.2), and the rep who received that visit closed
/// the deal.
fn referrer(
    conn: &Connection,
    entries: &[&RoleEntry],
    closing: Option<i64>,
) -> Result<Option<String>> {
    let Some(first) = entries.iter().find(|e| e.contact == Contact::Visit) else {
        return Ok(None);
    };
    let Some(id) = first.roles.referral_id else {
        return Ok(None);
    };
    // A refused rep's entry is superseded; the referral goes with the customer to the rep
    // who took over, whose entry carries it too.
    let received = entries
        .iter()
        .filter(|e| e.roles.referral_id == Some(id) && e.rep_id.is_some())
        .any(|e| e.rep_id == closing);
    if !received {
        return Ok(None);
    }
    Ok(referrals::by_id(conn, id)?
        .filter(|r| reception::referral_holds(r.day, first.at, r.confirmed.as_ref().map(|c| c.1)))
        .map(|r| r.referrer))
}

/// The other rep of spouses registered separately before the deal (7.4).
fn spouse_rep(conn: &Connection, spouse: Option<i64>, deal: &DealRow) -> Result<Option<i64>> {
    let Some(spouse) = spouse else {
        return Ok(None);
    };
    let theirs = Claims::of(conn, spouse)?.ownership(deal.at);
    Ok(theirs
        .filter(|o| !o.for_good() && Some(o.rep_id) != deal.rep_id)
        .map(|o| o.rep_id))
}

/// A customer who forgot their rep, as the link of their records stands (1.7). A deal closed on
/// the day of the second registration, before anyone recognised the customer, is the second
/// rep's (h); otherwise recognition within a month halves it (i), even if it came after the
/// deal, as the seed has it.
fn forgot(claims: &Claims, deal: &DealRow) -> Option<Forgot> {
    let other = claims.other.as_ref()?;
    let own: Vec<_> = claims.entries.iter().filter_map(VisitRow::entry).collect();
    let theirs: Vec<_> = other.entries.iter().filter_map(VisitRow::entry).collect();
    let linked = Linked {
        one: &own,
        other: &theirs,
        at: other.link.at,
    };
    let second_registered = linked.second_registration()?;
    let closed_unrecognised = deal.at.date() == second_registered.date() && deal.at < other.link.at;
    match linked.recognition() {
        Recognition::NoClaim => None,
        Recognition::SameDay { .. }
        | Recognition::WithinMonth { .. }
        | Recognition::Later { .. }
            if closed_unrecognised =>
        {
            let second_rep = match linked.recognition() {
                Recognition::WithinMonth { second_rep, .. }
                | Recognition::Later { second_rep, .. } => second_rep,
                _ => deal.rep_id?,
            };
            Some(Forgot::ClosedUnrecognised { second_rep })
        }
        Recognition::SameDay { first_rep } => Some(Forgot::SameDay { first_rep }),
        Recognition::WithinMonth {
            first_rep,
            second_rep,
        } => Some(Forgot::Recognised {
            first_rep,
            second_rep,
        }),
        Recognition::Later { second_rep, .. } => Some(Forgot::Later { second_rep }),
    }
}

/// What the register recorded about a deal before it was closed: `entries` are the customer's
/// own, and `claims` the whole of a linked person's, whose other record counts from the link.
fn roles_of(
    conn: &Connection,
    deal: &DealRow,
    spouse: Option<i64>,
    entries: &[RoleEntry],
    claims: Option<&Claims>,
) -> Result<Roles> {
    let merged: Vec<RoleEntry>;
    let mut all = entries;
    if let Some(other) = claims
        .and_then(|c| c.other.as_ref())
        .filter(|o| o.link.at <= deal.at)
    {
        let mut both = entries.to_vec();
        both.extend(other.entries.iter().map(RoleEntry::from));
        both.sort_by_key(|e| (e.at, e.id));
        merged = both;
        all = &merged;
    }
    let entries = before(all, deal);
    let closing = deal.rep_id;
    let (midway, returning_designation) = designations(&entries, closing);
    Ok(Roles {
        closing_rep: closing,
        company: deal.company,
        leader_designated: leader_designated(&entries, closing),
        midway,
        returning_designation,
        referrer: referrer(conn, &entries, closing)?,
        spouse_rep: spouse_rep(conn, spouse, deal)?,
        forgot: claims.and_then(|c| forgot(c, deal)),
    })
}

/// Views of the given deals: their roles, and their shares or the settlement in force.
pub fn views(conn: &Connection, deals: Vec<DealRow>) -> Result<Vec<DealView>> {
    let mut ids: Vec<i64> = deals.iter().map(|d| d.customer_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut entries: HashMap<i64, Vec<RoleEntry>> = HashMap::new();
    for entry in register::role_entries_of_all(conn, &ids)? {
        entries.entry(entry.customer_id).or_default().push(entry);
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
        let split = match &settlement {
            Some(settlement) => Split::Shares(
                settlement
                    .shares
                    .iter()
                    .map(|(party, share)| Share {
                        party: party.clone(),
                        share: *share,
                        rule: Rule::Settled,
                    })
                    .collect(),
            ),
            None => commission::shares(&roles),
        };
        views.push(DealView {
            deal,
            split,
            settlement,
        });
    }
    Ok(views)
}

/// One deal's view, or the error that says how to find the number.
pub fn view(conn: &Connection, id: i64) -> Result<DealView> {
    let deal = deals::by_id(conn, id)?.ok_or_else(|| {
        crate::error::invalid(format!(
            "DEAL_ID: there is no deal {id}; find the number with `salesdesk deal list`"
        ))
    })?;
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
                Some(s) => match lang {
                    Lang::En => format!("settled by {}, approved by {}", s.by, s.approved_by),
                    Lang::Zh => format!("{} 裁定，{} 审批", s.by, s.approved_by),
                },
                None => shares
                    .first()
                    .map(|s| output::label(s.rule, lang).to_string())
                    .unwrap_or_default(),
            };
            format!("{} ({rule})", parts.join(" · "))
        }
        Split::Unsettled(rules) => {
            let rules: Vec<&str> = rules.iter().map(|r| output::label(*r, lang)).collect();
            match lang {
                Lang::En => format!(
                    "awaiting the project manager's settlement (7.7){}",
                    if rules.is_empty() {
                        String::new()
                    } else {
                        format!(": {} claim it", rules.join(", "))
                    }
                ),
                Lang::Zh => format!("待项目经理裁定（7.7）{}", rules.join("、")),
            }
        }
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
        _ => {
            let mut records = Records::new(DEAL_COLUMNS);
            for view in views {
                records.push(deal_row(context, view, &names));
            }
            context.out.render_list(&records)?
        }
    })
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
