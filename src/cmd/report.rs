//! `report daily | weekly | monthly | quarterly | annual | overdue | repairs | survey |
//! commission`: one report of this office, printed. The period's spelling is checked before the
//! file is opened; the report is built as a value ([`reports::build`]) and printed here, on the
//! terminal or whole to `--output`.

use anyhow::Result;

use super::Context;
use super::facts::reports;
use crate::cli::ReportCommand;

pub fn run(context: &Context, command: ReportCommand) -> Result<()> {
    reports::check(&command)?;
    let conn = context.open()?;
    let report = reports::build(context, conn, &command)?;
    context.emit(&reports::render(&context.out, &command, &report)?)
}
