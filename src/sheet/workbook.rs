//! .xlsx workbooks, read through calamine's streaming cell reader once [`super::unpacked`] has
//! measured what the file unpacks to. That reader (`worksheet_cells_reader`) hands out one cell
//! at a time and never allocates the sheet's dense range, so the only thing the size of a sheet
//! can still grow is the row being gathered here: a cell is placed at its column only when the
//! column is within Excel's (a cell without a reference takes the column after the last one,
//! and a row of millions of them would otherwise grow the row without end), and a cell's text
//! is measured before it is copied.

use std::path::Path;

use anyhow::Result;
use calamine::{DataRef, Reader as _, Xlsx};
use indicatif::ProgressBar;

use super::{CELL_BYTES, COLUMNS, Options, ROWS, Source, cell_name, megabytes, unpacked};
use crate::domain::text::{clip, quoted};
use crate::error::invalid;

pub(super) fn read(
    path: &Path,
    options: &Options,
    bar: &ProgressBar,
    mut each: impl FnMut(u64, &[String]) -> Result<()>,
) -> Result<Source> {
    let file = path.display();
    unpacked::check(path)?;
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).map_err(|err: calamine::XlsxError| {
        invalid(format!(
            "FILE: {file} is not a workbook salesdesk can read ({}); save it from Excel as .xlsx \
             or CSV",
            clip(&err.to_string())
        ))
    })?;
    let names = workbook.sheet_names();
    let sheet = match &options.sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.trim() == wanted.trim())
            .cloned()
            .ok_or_else(|| {
                let shown: Vec<String> = names.iter().map(|n| clip(n).into_owned()).collect();
                invalid(format!(
                    "--sheet: {file} has no worksheet {}; its worksheets are {}",
                    quoted(wanted),
                    shown.join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| invalid(format!("FILE: {file} has no worksheet")))?,
    };
    let shown_sheet = clip(&sheet).into_owned();
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(|err| {
        invalid(format!(
            "FILE: cannot read worksheet {shown_sheet} of {file} ({})",
            clip(&err.to_string())
        ))
    })?;
    bar.set_length(u64::from(cells.dimensions().end.0.min(ROWS)) + 1);
    let broken = |err: calamine::XlsxError| {
        invalid(format!(
            "FILE: worksheet {shown_sheet} of {file} is damaged ({}); open it in Excel and save \
             it again",
            clip(&err.to_string())
        ))
    };
    let mut values: Vec<String> = Vec::new();
    let mut current: Option<u32> = None;
    while let Some(cell) = cells.next_cell().map_err(broken)? {
        let (row, column) = cell.get_position();
        if row >= ROWS || column >= COLUMNS {
            return Err(invalid(format!(
                "FILE: worksheet {shown_sheet} of {file} has a cell at {}, beyond XFD1048576, \
                 the last cell of an Excel sheet; open the workbook in Excel and save it again",
                cell_name(row, column)
            )));
        }
        if current != Some(row) {
            if let Some(done) = current.take()
                && values.iter().any(|v| !v.trim().is_empty())
            {
                each(u64::from(done) + 1, &values)?;
            }
            values.clear();
            current = Some(row);
            bar.set_position(u64::from(row));
        }
        let text = cell_text(cell.get_value()).map_err(|length| {
            invalid(format!(
                "FILE: worksheet {shown_sheet} of {file}, cell {}: the cell holds {length} bytes, \
                 more than {}, the most one cell may hold; shorten it, or check that this is the \
                 workbook meant for import",
                cell_name(row, column),
                megabytes(CELL_BYTES as u64)
            ))
        })?;
        let column = column as usize;
        if values.len() <= column {
            values.resize(column + 1, String::new());
        }
        values[column] = text;
    }
    if let Some(done) = current
        && values.iter().any(|v| !v.trim().is_empty())
    {
        each(u64::from(done) + 1, &values)?;
    }
    Ok(Source::Workbook(sheet))
}

/// A cell as the text a CSV export of it would hold. Dates become `YYYY-MM-DD HH:MM:SS`;
/// whole numbers lose Excel's `.0`, so that a phone typed as a number reads as digits. Text
/// over [`CELL_BYTES`] is refused with its length before it is copied.
fn cell_text(value: &DataRef) -> Result<String, usize> {
    let text = |text: &str| {
        if text.len() > CELL_BYTES {
            Err(text.len())
        } else {
            Ok(crate::output::excel_unquote(text).to_string())
        }
    };
    Ok(match value {
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => {
            if number.fract() == 0.0 && number.abs() < 1e15 {
                format!("{}", *number as i64)
            } else {
                number.to_string()
            }
        }
        DataRef::String(value) => text(value)?,
        DataRef::SharedString(value) => text(value)?,
        DataRef::Bool(flag) => if *flag { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(moment) => {
            let (year, month, day, hour, minute, second, _) = moment.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
        }
        DataRef::DateTimeIso(value) | DataRef::DurationIso(value) => text(value)?,
        DataRef::Error(err) => format!("#{err:?}"),
        DataRef::Empty => String::new(),
    })
}
