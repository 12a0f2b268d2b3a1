//! `report overdue`: the open complaints past a deadline as of `--at`, most overdue first, for
//! the 17:30 check: one `overdue` section after the report's head.

use anyhow::Result;
use rusqlite::Connection;

use super::{Report, head, section};
use crate::cmd::Context;
use crate::cmd::facts::complaint_views;
use crate::db;
use crate::domain::dates;
use crate::messages::columns::facts::reports::overdue::OVERDUE_COLUMNS;
use crate::output::{Cell, Records};

pub(super) fn build(context: &Context, mut conn: Connection) -> Result<Report> {
    let conn = db::snapshot(&mut conn)?;
    let views = complaint_views::overdue_at(&conn, context.now())?;
    let mut records = Records::new(OVERDUE_COLUMNS);
    for view in &views {
        let since = view.overdue_since();
        let mut row = view.leading_cells(context);
        row.extend([
            view.overdue_cell(),
            since.map(dates::minute).into(),
            since.map(|s| (context.now() - s).num_hours()).into(),
        ]);
        records.push(row);
    }
    // The head (the report's name and the moment it was judged at) goes with the file, so that
    // the 17:30 check filed away by cron says when it was taken.
    let head = head(Cell::label("overdue", "超时投诉"), &[], context);
    Ok(Report::new(
        head,
        [(section("overdue", "超时投诉"), records)],
    ))
}
