//! A quality check after handover as `handover` and `care` print it: the unit, the owner, the
//! month of the schedule, the due date and where it stands today.

use super::super::Context;
use crate::db::aftersales::CheckRow;
use crate::domain::aftersales::check_status;
use crate::domain::dates;
use crate::output::{Cell, Column, Records, col};

pub const CHECK_COLUMNS: &[Column] = &[
    col("check_id", "Check", "检查编号"),
    col("unit", "Unit", "房号"),
    col("name", "Owner", "业主"),
    col("phone", "Phone", "电话"),
    col("months", "Months", "交付后月数"),
    col("due", "Due", "应检日期"),
    col("status", "Status", "状态"),
];

/// The checks as records, judged against the command's today.
pub fn check_records(context: &Context, checks: &[CheckRow]) -> Records {
    let today = context.today();
    let mut records = Records::new(CHECK_COLUMNS);
    for check in checks {
        let done = check.done.as_ref().map(|(at, _)| at.date());
        records.push(vec![
            check.id.into(),
            check.unit.clone().into(),
            check.name.clone().into(),
            context.phone(&check.phone).into(),
            i64::from(check.months).into(),
            dates::date(check.due).into(),
            Cell::code(check_status(check.due, done, today)),
        ]);
    }
    records
}
