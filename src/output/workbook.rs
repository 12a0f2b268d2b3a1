//! Excel workbooks (`--output FILE.xlsx`): one sheet per table, what the table is (a report's
//! name, period and `as_of`) in a line each above it, the header frozen and the columns fitted.
//! A cell keeps its type: counts and measures are numbers, money is a number formatted
//! `#,##0.00`, a moment or a day is an Excel date-time, and phones, ids, units and every other
//! text are text, so Excel drops no leading zero and runs no formula. Headers and codes are
//! the ones CSV carries (the documented snake_case names, or Chinese under `--lang zh`), so
//! that `import` reads a workbook back as it reads the CSV: the lines above a table hold one
//! cell each, which `import` passes over on its way to the header. Charts are native Excel
//! charts over the table's own cells, so they follow an edit. A workbook is written whole or
//! not at all ([`files::write_atomic_with`]); an export's sheets keep their rows in temporary
//! files beside the target as they come (rust_xlsxwriter's constant-memory mode), so a
//! workbook of a million entries needs no more memory than one of ten.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result, bail};
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Chart as XChart, ChartType, Format as XFormat, Workbook, Worksheet};

use super::{Cell, Column, Output, Records};
use crate::files;

/// The last row of an Excel sheet (0-based); an export longer than a sheet goes on in another.
const LAST_ROW: u32 = 1_048_575;

/// The most characters an Excel cell holds.
const CELL_CHARS: usize = 32_767;

/// Widths are fitted to the text up to this many characters; longer text wraps in Excel.
const WIDEST: usize = 60;

/// A chart a report asks for over one of its sections.
#[derive(Debug, Clone, Copy)]
pub struct Chart {
    /// The section (its key) whose rows the chart draws.
    pub section: &'static str,
    pub title: &'static str,
    pub title_zh: &'static str,
    pub kind: Drawn,
    /// The column whose values run along the axis.
    pub category: &'static str,
    /// One series per column named here, or, with `series_by`, the one column summed.
    pub values: &'static [&'static str],
    /// A long table (day, channel, visits) drawn with one series per value of this column.
    pub series_by: Option<&'static str>,
}

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawn {
    Columns,
    Bars,
    Lines,
}

/// Series beyond this many (a pivot over many reps) are left out of a chart; the table keeps
/// them all.
const MOST_SERIES: usize = 24;

/// Where a table was written: its sheet, its header row and its rows.
struct Placed {
    sheet: String,
    header_row: u32,
    rows: u32,
}

/// The formats cells are written with.
struct Formats {
    title: XFormat,
    header: XFormat,
    money: XFormat,
    moment: XFormat,
    day: XFormat,
    decimals: Vec<XFormat>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            title: XFormat::new().set_bold(),
            header: XFormat::new().set_bold().set_background_color("#DDEBF7"),
            money: XFormat::new().set_num_format("#,##0.00"),
            moment: XFormat::new().set_num_format("yyyy-mm-dd hh:mm"),
            day: XFormat::new().set_num_format("yyyy-mm-dd"),
            decimals: (0..=6)
                .map(|d| {
                    XFormat::new().set_num_format(match d {
                        0 => "0".to_string(),
                        d => format!("0.{}", "0".repeat(d)),
                    })
                })
                .collect(),
        }
    }
}

/// A workbook being built.
pub struct Book {
    workbook: Workbook,
    out: Output,
    formats: Formats,
    /// The sheets so far, in order.
    names: Vec<String>,
    /// How many charts each sheet has so far, so that the next goes below them.
    charts: HashMap<String, u32>,
}

fn failed(err: rust_xlsxwriter::XlsxError) -> anyhow::Error {
    anyhow::anyhow!("cannot build the workbook: {err}")
}

impl Book {
    pub fn new(out: &Output) -> Book {
        Book {
            workbook: Workbook::new(),
            out: *out,
            formats: Formats::new(),
            names: Vec::new(),
            charts: HashMap::new(),
        }
    }

    fn header<'c>(&self, column: &'c Column) -> &'c str {
        self.out.header(column, false)
    }

    /// A sheet name Excel takes: no `[]:*?/\`, at most 31 characters, none twice.
    fn sheet_name(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| match c {
                '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
                c if c.is_control() => '_',
                c => c,
            })
            .collect();
        let clean = clean.trim_matches('\'').trim();
        let clean = if clean.is_empty() { "sheet" } else { clean };
        let mut name: String = clean.chars().take(31).collect();
        let mut n = 2;
        while self
            .names
            .iter()
            .any(|taken| taken.to_lowercase() == name.to_lowercase())
        {
            let suffix = format!(" ({n})");
            name = clean.chars().take(31 - suffix.len()).collect::<String>() + &suffix;
            n += 1;
        }
        self.names.push(name.clone());
        name
    }

    /// Writes `records` on a new sheet named `name`, under the lines of `title`.
    fn table(&mut self, name: &str, title: &[String], records: &Records) -> Result<Placed> {
        let sheet_name = self.sheet_name(name);
        let out = self.out;
        let Book {
            workbook, formats, ..
        } = self;
        let sheet = workbook.add_worksheet();
        sheet.set_name(&sheet_name).map_err(failed)?;
        let mut table = SheetTable::start(sheet, formats, &out, title, &records.columns)?;
        for row in &records.rows {
            table.row(sheet, formats, &out, row)?;
        }
        table.fit(sheet)?;
        Ok(Placed {
            sheet: sheet_name,
            header_row: table.header_row,
            rows: table.next_row - table.header_row - 1,
        })
    }

    /// The sheets of a report: its own fields as a table of their own first, then one sheet
    /// per section with the report's name, period and `as_of` above it, and the charts asked
    /// for beside their sections' tables.
    pub fn report(
        &mut self,
        head: &Records,
        sections: &[(Column, Records)],
        charts: &[Chart],
    ) -> Result<()> {
        let title = self.title(head);
        let lang = self.out.csv_lang;
        let mut fields = Records::new(&[
            super::col("field", "Field", "项目"),
            super::col("value", "Value", "内容"),
        ]);
        if let Some(row) = head.rows.first() {
            for (column, cell) in head.columns.iter().zip(row) {
                fields.push(vec![
                    Cell::Text(self.header(column).to_string()),
                    cell.clone(),
                ]);
            }
        }
        self.table(lang.pick("report", "报表"), &[], &fields)?;
        for (section, records) in sections {
            let placed = self.table(lang.pick(section.key, section.zh), &title, records)?;
            for chart in charts.iter().filter(|c| c.section == section.key) {
                self.chart(&placed, records, chart)?;
            }
        }
        Ok(())
    }

    /// A listing on one sheet named `name`, under the moment it was read at.
    pub fn list(&mut self, name: &str, as_of: &str, records: &Records) -> Result<()> {
        let title = [self.as_of(as_of)];
        self.table(name, &title, records).map(|_| ())
    }

    /// The line that says when what is below was read.
    fn as_of(&self, minute: &str) -> String {
        format!("{}: {minute}", self.out.csv_lang.pick("as_of", "截至"))
    }

    /// The lines above a report's tables: its name and period, then the moment it was judged
    /// at, each in one cell.
    fn title(&self, head: &Records) -> Vec<String> {
        let Some(row) = head.rows.first() else {
            return Vec::new();
        };
        let mut period = Vec::new();
        let mut as_of = Vec::new();
        for (column, cell) in head.columns.iter().zip(row) {
            let value = self.out.plain(cell);
            if value.is_empty() {
                continue;
            }
            let line = format!("{}: {value}", self.header(column));
            match column.key {
                "as_of" => as_of.push(line),
                _ => period.push(line),
            }
        }
        [period.join("  "), as_of.join("  ")]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Draws `chart` over the table at `placed`, to the right of it. A long table is first
    /// turned into one column per series beside the table, which the chart reads.
    fn chart(&mut self, placed: &Placed, records: &Records, chart: &Chart) -> Result<()> {
        if placed.rows == 0 {
            return Ok(());
        }
        let at = |key: &str| records.columns.iter().position(|c| c.key == key);
        let Some(category) = at(chart.category) else {
            return Ok(());
        };
        let lang = self.out.csv_lang;
        let mut drawn = XChart::new(match chart.kind {
            Drawn::Columns => ChartType::Column,
            Drawn::Bars => ChartType::Bar,
            Drawn::Lines => ChartType::Line,
        });
        drawn
            .title()
            .set_name(lang.pick(chart.title, chart.title_zh));
        let first = placed.header_row + 1;
        let width = records.columns.len() as u16;
        let sheet_name = placed.sheet.clone();
        let category_header = self.header(&records.columns[category]).to_string();
        match chart.series_by {
            None => {
                let last = first + placed.rows - 1;
                for value in chart.values {
                    let Some(column) = at(value) else { continue };
                    drawn
                        .add_series()
                        .set_name((sheet_name.as_str(), placed.header_row, column as u16))
                        .set_categories((
                            sheet_name.as_str(),
                            first,
                            category as u16,
                            last,
                            category as u16,
                        ))
                        .set_values((
                            sheet_name.as_str(),
                            first,
                            column as u16,
                            last,
                            column as u16,
                        ));
                }
            }
            Some(by) => {
                let (Some(series), Some(value)) =
                    (at(by), chart.values.first().and_then(|v| at(v)))
                else {
                    return Ok(());
                };
                let pivot = Pivot::of(&self.out, records, category, series, value);
                let left = width + 1;
                let top = placed.header_row;
                let sheet = self
                    .workbook
                    .worksheet_from_name(&sheet_name)
                    .map_err(failed)?;
                sheet
                    .write_string_with_format(top, left, &category_header, &self.formats.header)
                    .map_err(failed)?;
                for (i, name) in pivot.series.iter().enumerate() {
                    sheet
                        .write_string_with_format(
                            top,
                            left + 1 + i as u16,
                            name,
                            &self.formats.header,
                        )
                        .map_err(failed)?;
                }
                for (r, (name, sums)) in pivot.rows.iter().enumerate() {
                    let row = top + 1 + r as u32;
                    sheet.write_string(row, left, name).map_err(failed)?;
                    for (i, sum) in sums.iter().enumerate() {
                        sheet
                            .write_number(row, left + 1 + i as u16, *sum)
                            .map_err(failed)?;
                    }
                }
                let last = top + pivot.rows.len() as u32;
                for i in 0..pivot.series.len() {
                    let column = left + 1 + i as u16;
                    drawn
                        .add_series()
                        .set_name((sheet_name.as_str(), top, column))
                        .set_categories((sheet_name.as_str(), top + 1, left, last, left))
                        .set_values((sheet_name.as_str(), top + 1, column, last, column));
                }
            }
        }
        let right = match chart.series_by {
            None => width + 1,
            Some(_) => width + 2 + MOST_SERIES.min(records.rows.len()) as u16,
        };
        // Charts of one section stack down the sheet, 18 rows each.
        let stacked = self.charts_on(&sheet_name);
        let sheet = self
            .workbook
            .worksheet_from_name(&sheet_name)
            .map_err(failed)?;
        sheet
            .insert_chart(placed.header_row + stacked * 18, right, &drawn)
            .map_err(failed)?;
        Ok(())
    }

    /// How many charts the sheet has so far, counted as they are placed.
    fn charts_on(&mut self, sheet: &str) -> u32 {
        let count = self.charts.entry(sheet.to_string()).or_insert(0);
        *count += 1;
        *count - 1
    }

    /// Writes the workbook to `target`, whole or not at all.
    pub fn save(mut self, target: &files::Target) -> Result<()> {
        if self.names.is_empty() {
            self.workbook.add_worksheet();
        }
        let workbook = &mut self.workbook;
        files::write_atomic_sendable(target, |file| workbook.save_to_writer(file).map_err(failed))
    }
}

/// A long table turned wide for a chart: one row per category, one column per series, the
/// values summed; both in the order they first appear.
struct Pivot {
    series: Vec<String>,
    rows: Vec<(String, Vec<f64>)>,
}

impl Pivot {
    fn of(out: &Output, records: &Records, category: usize, series: usize, value: usize) -> Pivot {
        let mut names: Vec<String> = Vec::new();
        let mut rows: Vec<(String, Vec<f64>)> = Vec::new();
        let mut row_at: HashMap<String, usize> = HashMap::new();
        for row in &records.rows {
            let name = out.plain(&row[series]);
            let column = match names.iter().position(|n| *n == name) {
                Some(i) => i,
                None if names.len() < MOST_SERIES => {
                    names.push(name);
                    names.len() - 1
                }
                None => continue,
            };
            let key = out.plain(&row[category]);
            let at = *row_at.entry(key.clone()).or_insert_with(|| {
                rows.push((key, Vec::new()));
                rows.len() - 1
            });
            let sums = &mut rows[at].1;
            sums.resize(names.len().max(sums.len()), 0.0);
            sums[column] += number_of(&row[value]);
        }
        for (_, sums) in &mut rows {
            sums.resize(names.len(), 0.0);
        }
        Pivot {
            series: names,
            rows,
        }
    }
}

fn number_of(cell: &Cell) -> f64 {
    match cell {
        Cell::Int(n) => *n as f64,
        Cell::Number(v, _) => *v,
        Cell::Money(fen) => *fen as f64 / 100.0,
        _ => 0.0,
    }
}

/// A table being written on one sheet, row by row: its title, its header, its rows, and the
/// widest text of each column so far.
struct SheetTable {
    header_row: u32,
    next_row: u32,
    kinds: Vec<Kind>,
    widths: Vec<usize>,
}

/// What a column's text cells hold, judged by its name: a moment or a day is written as an
/// Excel date-time when it reads as one; an id is text, never a number Excel would reformat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Time,
    Id,
    Other,
}

fn kind_of(key: &str) -> Kind {
    const TIMES: &[&str] = &[
        "at",
        "date",
        "day",
        "due",
        "received",
        "appointment",
        "last_visit",
        "since",
        "written",
    ];
    const TIME_ENDS: &[&str] = &["_at", "_due", "_done", "_on", "_until", "_since", "_date"];
    if key == "id" || key.ends_with("_id") {
        Kind::Id
    } else if TIMES.contains(&key) || TIME_ENDS.iter().any(|end| key.ends_with(end)) {
        Kind::Time
    } else {
        Kind::Other
    }
}

/// A moment (`2026-11-03 10:00`, with or without seconds) or a day (`2026-11-03`), as
/// salesdesk writes them; anything else stays text.
enum When {
    Moment(NaiveDateTime),
    Day(NaiveDate),
}

fn when(text: &str) -> Option<When> {
    if text.len() == 10 {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .map(When::Day);
    }
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .map(When::Moment)
}

/// How wide text shows: a CJK character takes two columns.
fn shown_width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

impl SheetTable {
    fn start(
        sheet: &mut Worksheet,
        formats: &Formats,
        out: &Output,
        title: &[String],
        columns: &[Column],
    ) -> Result<SheetTable> {
        for (row, line) in title.iter().enumerate() {
            sheet
                .write_string_with_format(row as u32, 0, line, &formats.title)
                .map_err(failed)?;
        }
        let header_row = match title.len() {
            0 => 0,
            n => n as u32 + 1,
        };
        let mut widths = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            let header = out.header(column, false);
            sheet
                .write_string_with_format(header_row, i as u16, header, &formats.header)
                .map_err(failed)?;
            widths.push(shown_width(header));
        }
        sheet.set_freeze_panes(header_row + 1, 0).map_err(failed)?;
        Ok(SheetTable {
            header_row,
            next_row: header_row + 1,
            kinds: columns.iter().map(|c| kind_of(c.key)).collect(),
            widths,
        })
    }

    fn row(
        &mut self,
        sheet: &mut Worksheet,
        formats: &Formats,
        out: &Output,
        row: &[Cell],
    ) -> Result<()> {
        let at = self.next_row;
        for (i, cell) in row.iter().enumerate() {
            let column = i as u16;
            let kind = self.kinds.get(i).copied().unwrap_or(Kind::Other);
            let shown = write_cell(sheet, formats, out, at, column, kind, cell)?;
            if let Some(width) = self.widths.get_mut(i) {
                *width = (*width).max(shown.min(WIDEST));
            }
        }
        self.next_row += 1;
        Ok(())
    }

    fn fit(&self, sheet: &mut Worksheet) -> Result<()> {
        for (i, width) in self.widths.iter().enumerate() {
            sheet
                .set_column_width(i as u16, (*width + 2) as f64)
                .map_err(failed)?;
        }
        Ok(())
    }
}

/// Writes one cell in its type; returns how wide it shows, for the column's width.
fn write_cell(
    sheet: &mut Worksheet,
    formats: &Formats,
    out: &Output,
    row: u32,
    column: u16,
    kind: Kind,
    cell: &Cell,
) -> Result<usize> {
    let text = |sheet: &mut Worksheet, value: &str| -> Result<usize> {
        // Excel holds at most 32,767 characters in a cell; what salesdesk keeps is never cut.
        if value.chars().count() > CELL_CHARS {
            bail!(
                "row {}, column {}: the cell holds {} characters, more than the {CELL_CHARS} an \
                 Excel cell can; write the file as .csv or .json, which keep it whole",
                row + 1,
                column + 1,
                value.chars().count()
            );
        }
        sheet.write_string(row, column, value).map_err(failed)?;
        Ok(shown_width(value))
    };
    match cell {
        Cell::Null => Ok(0),
        Cell::Text(value) => match (kind, when(value)) {
            (Kind::Time, Some(When::Moment(moment))) => {
                sheet
                    .write_datetime_with_format(row, column, moment, &formats.moment)
                    .map_err(failed)?;
                Ok(16)
            }
            (Kind::Time, Some(When::Day(day))) => {
                sheet
                    .write_datetime_with_format(row, column, day, &formats.day)
                    .map_err(failed)?;
                Ok(10)
            }
            _ => text(sheet, value),
        },
        Cell::Int(number) if kind == Kind::Id => text(sheet, &number.to_string()),
        Cell::Int(number) => {
            sheet
                .write_number(row, column, *number as f64)
                .map_err(failed)?;
            Ok(number.to_string().len())
        }
        Cell::Number(value, decimals) => {
            let format = &formats.decimals[(*decimals).min(formats.decimals.len() - 1)];
            sheet
                .write_number_with_format(row, column, *value, format)
                .map_err(failed)?;
            Ok(format!("{value:.decimals$}").len())
        }
        Cell::Money(fen) => {
            sheet
                .write_number_with_format(row, column, *fen as f64 / 100.0, &formats.money)
                .map_err(failed)?;
            Ok(crate::domain::money::Amount(*fen).text().len() + 3)
        }
        Cell::Bool(_) | Cell::Code { .. } | Cell::Phrase { .. } => text(sheet, &out.plain(cell)),
    }
}

/// An export's workbook, written as its rows come: each sheet keeps its rows in a temporary
/// file in `folder` (the target's, so that a large export never fills a small `/tmp`), and a
/// sheet that reaches Excel's last row goes on in the next.
pub struct Streamed {
    book: Book,
    name: String,
    title: Vec<String>,
    columns: Vec<Column>,
    sheet: usize,
    table: SheetTable,
}

impl Streamed {
    /// Starts the workbook of a listing or an export on a sheet `name`, read at `as_of`.
    pub fn start(
        out: &Output,
        folder: &Path,
        name: &str,
        as_of: &str,
        columns: &[Column],
    ) -> Result<Streamed> {
        let mut book = Book::new(out);
        let title = vec![book.as_of(as_of)];
        book.workbook
            .set_tempdir(folder)
            .map_err(failed)
            .with_context(|| format!("cannot use {} for the workbook's rows", folder.display()))?;
        let (sheet, table) = Streamed::sheet(&mut book, name, &title, columns)?;
        Ok(Streamed {
            book,
            name: name.to_string(),
            title,
            columns: columns.to_vec(),
            sheet,
            table,
        })
    }

    fn sheet(
        book: &mut Book,
        name: &str,
        title: &[String],
        columns: &[Column],
    ) -> Result<(usize, SheetTable)> {
        let sheet_name = book.sheet_name(name);
        let out = book.out;
        let Book {
            workbook, formats, ..
        } = book;
        let sheet = workbook
            .add_worksheet_with_constant_memory()
            .map_err(failed)?;
        sheet.set_name(&sheet_name).map_err(failed)?;
        let table = SheetTable::start(sheet, formats, &out, title, columns)?;
        Ok((book.names.len() - 1, table))
    }

    pub fn row(&mut self, row: &[Cell]) -> Result<()> {
        if self.table.next_row > LAST_ROW {
            self.close()?;
            let (sheet, table) =
                Streamed::sheet(&mut self.book, &self.name, &self.title, &self.columns)?;
            self.sheet = sheet;
            self.table = table;
        }
        let out = self.book.out;
        let Book {
            workbook, formats, ..
        } = &mut self.book;
        let sheet = workbook.worksheet_from_index(self.sheet).map_err(failed)?;
        self.table.row(sheet, formats, &out, row)
    }

    fn close(&mut self) -> Result<()> {
        let sheet = self
            .book
            .workbook
            .worksheet_from_index(self.sheet)
            .map_err(failed)?;
        self.table.fit(sheet)
    }

    pub fn finish(mut self, target: &files::Target) -> Result<()> {
        self.close()?;
        self.book.save(target)
    }
}

impl Output {
    /// A cell as one line of text in the CSV language, for a title or a chart's labels.
    pub(super) fn plain(&self, cell: &Cell) -> String {
        let mut scratch = String::new();
        self.csv_field(cell, &mut scratch).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_judged_by_its_name() {
        assert_eq!(kind_of("visited_at"), Kind::Time);
        assert_eq!(kind_of("date"), Kind::Time);
        assert_eq!(kind_of("customer_id"), Kind::Id);
        assert_eq!(kind_of("id"), Kind::Id);
        assert_eq!(kind_of("phone"), Kind::Other);
        assert_eq!(kind_of("unit"), Kind::Other);
    }

    #[test]
    fn only_what_reads_as_a_moment_or_a_day_becomes_a_date() {
        assert!(matches!(when("2026-11-03 10:00"), Some(When::Moment(_))));
        assert!(matches!(when("2026-11-03 10:00:59"), Some(When::Moment(_))));
        assert!(matches!(when("2026-11-03"), Some(When::Day(_))));
        assert!(when("2026-11").is_none());
        assert!(when("2026-W47").is_none());
        assert!(when("tomorrow").is_none());
        assert!(when("2026-13-03").is_none());
    }

    use crate::output::Lang;

    fn english() -> Output {
        Output {
            format: super::super::Format::Csv,
            lang: Lang::En,
            csv_lang: Lang::En,
            full_phone: false,
            bom: false,
            workbook: true,
        }
    }

    #[test]
    fn sheet_names_are_what_excel_takes() {
        let out = english();
        let mut book = Book::new(&out);
        assert_eq!(book.sheet_name("a/b:c"), "a_b_c");
        assert_eq!(book.sheet_name("A_B_C"), "A_B_C (2)");
        let long = "x".repeat(40);
        assert_eq!(book.sheet_name(&long).chars().count(), 31);
        assert_eq!(book.sheet_name(&long).chars().count(), 31);
        assert_eq!(book.sheet_name(""), "sheet");
    }

    #[test]
    fn a_cell_longer_than_excel_holds_refuses_the_workbook_instead_of_cutting_it() {
        let mut book = Book::new(&english());
        let mut records = Records::new(&[super::super::col("note", "Note", "备注")]);
        records.push(vec![Cell::Text("长".repeat(CELL_CHARS + 1))]);
        let err = book
            .list("notes", "2026-11-23 18:00", &records)
            .unwrap_err();
        assert!(err.to_string().contains("32767"), "{err}");
        let mut fits = Records::new(&[super::super::col("note", "Note", "备注")]);
        fits.push(vec![Cell::Text("长".repeat(CELL_CHARS))]);
        book.list("fits", "2026-11-23 18:00", &fits).unwrap();
    }

    #[test]
    fn a_long_table_turns_wide_for_its_chart() {
        let out = english();
        let columns = [
            super::super::col("day", "Day", "日期"),
            super::super::col("channel", "Channel", "渠道"),
            super::super::col("visits", "Visits", "来访"),
        ];
        let mut records = Records::new(&columns);
        for (day, channel, visits) in [
            ("d1", "a", 1),
            ("d1", "b", 2),
            ("d2", "a", 3),
            ("d1", "a", 4),
        ] {
            records.push(vec![day.into(), channel.into(), Cell::Int(visits)]);
        }
        let pivot = Pivot::of(&out, &records, 0, 1, 2);
        assert_eq!(pivot.series, ["a", "b"]);
        assert_eq!(
            pivot.rows,
            [
                ("d1".to_string(), vec![5.0, 2.0]),
                ("d2".to_string(), vec![3.0, 0.0])
            ]
        );
    }
}
