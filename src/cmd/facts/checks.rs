//! A quality check after handover as `handover` and `care` print it: the unit, the owner, the
//! month of the schedule, the due date and where it stands today.

use super::super::Context;
use crate::db::aftersales::CheckRow;
use crate::domain::aftersales::check_status;
use crate::domain::dates;
pub use crate::messages::columns::facts::checks::CHECK_COLUMNS;
use crate::output::{Cell, Records};

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
