//! What listings say about a customer beyond their row: the rep they belong to now, and the
//! details the customer file and the export show in the same order.

use anyhow::Result;
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::db::register::{self, VisitRow};
use crate::domain::ownership::{self, Ownership};
use crate::domain::rotation::RepRef;
use crate::output::{Column, col};

/// A customer's owner: the rep and their registration.
pub type Owner = (RepRef, Ownership);

/// The customer's owner at `at`, if their registration is valid.
pub fn owner_of(conn: &Connection, customer_id: i64, at: NaiveDateTime) -> Result<Option<Owner>> {
    let history = register::entries_of(conn, customer_id)?;
    Ok(owner_in(&history, at))
}

/// The owner at `at` from a customer's entries already read.
pub fn owner_in(history: &[VisitRow], at: NaiveDateTime) -> Option<Owner> {
    let entries: Vec<_> = history.iter().filter_map(VisitRow::entry).collect();
    ownership::owner_at(&entries, at).map(|owner| {
        let name = history
            .iter()
            .find(|v| v.rep_id == Some(owner.rep_id))
            .and_then(|v| v.rep.clone())
            .unwrap_or_default();
        (
            RepRef {
                id: owner.rep_id,
                name,
            },
            owner,
        )
    })
}

/// The customer's details as `customer show` and `export customers` label them.
pub const DETAIL_COLUMNS: &[Column] = &[
    col("gender", "Gender", "性别"),
    col("age", "Age", "年龄"),
    col("education", "Education", "学历"),
    col("occupation", "Occupation", "职业"),
    col("income", "Income", "收入"),
    col("family", "Family", "家庭结构"),
    col("address", "Address", "地址"),
    col("email", "Email", "邮箱"),
    col("personality", "Personality", "性格"),
    col("interests", "Interests", "兴趣"),
    col("attitude", "Purchase attitude", "购买态度"),
    col("requirements", "Requirements", "需求"),
    col("purchase", "Purchase record", "购买记录"),
    col("tendency", "Purchase tendency", "购买倾向"),
];
