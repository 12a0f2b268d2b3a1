//! `commission settle`: a deal no rule of seed 003 settles, or one two rules claim, is settled
//! by the project manager's written opinion, approved by the sales director (7.7). The
//! settlement is kept with both names and replaces the computed shares; a later one supersedes
//! it, and both stay in the file.

use anyhow::Result;

use super::Context;
use super::facts::deals::{self as views, party_name, print_deal, rep_names};
use crate::cli::CommissionCommand;
use crate::db::deals::{self, SettlementRow};
use crate::db::reps;
use crate::domain::codes::Code;
use crate::domain::commission::{self, Party, Rule, Split};
use crate::domain::field;
use crate::error::invalid;
use crate::messages::Message;

pub fn run(context: &Context, command: CommissionCommand) -> Result<()> {
    match command {
        CommissionCommand::Settle {
            deal_id,
            shares,
            by,
            approved_by,
        } => settle(context, &deal_id, &shares, &by, &approved_by),
    }
}

/// `NAME=PCT` as typed: the name before the last `=`.
fn split_share(raw: &str) -> Result<(&str, u32)> {
    let (name, pct) = raw.rsplit_once('=').ok_or_else(|| {
        invalid(Message::NotAShareSpec {
            raw: raw.to_string(),
        })
    })?;
    let share = commission::parse_percent(pct).ok_or_else(|| {
        invalid(Message::NotAPercentage {
            pct: pct.to_string(),
            raw: raw.to_string(),
        })
    })?;
    Ok((name.trim(), share))
}

/// The parties typed for a settlement: a rep by name, `pool` (公佣), or `referrer:NAME`
/// (`介绍人:NAME`).
fn parties(conn: &rusqlite::Connection, typed: &[(&str, u32)]) -> Result<Vec<(Party, u32)>> {
    let mut shares = Vec::new();
    for (name, share) in typed {
        let party = match *name {
            "pool" | "公佣" => Party::Pool,
            other => match ["referrer:", "介绍人:", "介绍人："]
                .iter()
                .find_map(|prefix| other.strip_prefix(prefix))
            {
                Some(referrer) => Party::Referrer(field::name(referrer, "--share")?),
                None => match reps::by_name(conn, other)? {
                    Some(rep) => Party::Rep(rep.id),
                    None => {
                        return Err(invalid(Message::NotAParty {
                            raw: other.to_string(),
                        }));
                    }
                },
            },
        };
        shares.push((party, *share));
    }
    Ok(shares)
}

fn settle(
    context: &Context,
    deal_id: &str,
    raw: &[String],
    by: &str,
    approved_by: &str,
) -> Result<()> {
    let id = field::record_number(deal_id, |raw| Message::NotADealNumber { raw })?;
    let by = field::name(by, "--by")?;
    let approved_by = field::name(approved_by, "--approved-by")?;
    let typed: Vec<(&str, u32)> = raw.iter().map(|r| split_share(r)).collect::<Result<_>>()?;
    let mut conn = context.writable()?;
    let view = context.write(&mut conn, |tx| {
        let shares = parties(tx, &typed)?;
        let names = rep_names(tx)?;
        commission::check_settlement(&shares, |party| party_name(party, &names), "--share")
            .map_err(invalid)?;
        let before = views::view(tx, id)?;
        crate::domain::deal::live(id, before.deal.void.is_some())?;
        if let (Split::Shares(shares), None) = (&before.split, &before.settlement) {
            let rule = shares.first().map_or(Rule::Plain, |s| s.rule);
            return Err(invalid(Message::RulesSettleAlready {
                id,
                rule: rule.code().to_string(),
                rule_zh: rule.zh().to_string(),
                clause: rule.clause().to_string(),
            }));
        }
        deals::settle(
            tx,
            &SettlementRow {
                deal_id: id,
                by: by.clone(),
                approved_by: approved_by.clone(),
                at: context.now(),
                shares,
            },
            context.clock(),
        )?;
        views::view(tx, id)
    })?;
    let names = rep_names(&conn)?;
    let parts: Vec<String> = view
        .shares()
        .iter()
        .map(|s| {
            format!(
                "{} {} %",
                party_name(&s.party, &names),
                commission::percent(s.share)
            )
        })
        .collect();
    let line = Message::DealSettled {
        id,
        by,
        approved_by,
        parts,
    }
    .text(context.out.lang);
    print_deal(context, &conn, &view, &line)
}
