//! `report daily | weekly | monthly | quarterly | annual | overdue | repairs | survey |
//! commission | fairness`: one report of this office, printed. The period's spelling is checked
//! before the file is opened; the report is built as a value ([`reports::build`]) and printed
//! here, on the terminal or whole to `--output`, whose `{period}` and `{date}` are filled from
//! the report's own period and the day it ran. `--sections` lists a report's sections and
//! `--section NAME` prints one of them alone, a tidy table with the period on every row.
//! `--output FILE.xlsx` writes the report as a workbook: a sheet per section, with the charts
//! the report asks for ([`reports::charts`]).

use anyhow::Result;

use super::Context;
use super::facts::reports;
use crate::cli::ReportArgs;
use crate::domain::dates;
use crate::output::Book;

pub fn run(context: &Context, args: ReportArgs) -> Result<()> {
    let command = args.kind;
    reports::check(&command)?;
    reports::check_output(context, &["period", "date"])?;
    let conn = context.open()?;
    let report = reports::build(context, conn, &command)?;
    // Named after the period reported, not the day the job ran.
    let period = reports::period(&command, context.today())?.name;
    let date = dates::date(context.today());
    let context = reports::filled(context, &[("period", &period), ("date", &date)])?;
    if args.sections {
        return context.list(&reports::section_list(&report));
    }
    if let Some(name) = &args.section {
        let tidy = reports::one_section(&report, name)?;
        return context.list(&tidy);
    }
    if let Some(target) = context.workbook_target() {
        let mut book = Book::new(&context.out);
        let sections = reports::workbook_sections(&command, &report);
        book.report(&report.head, &sections, reports::charts(&command))?;
        return book.save(&target);
    }
    context.emit(&reports::render(&context.out, &command, &report)?)
}
