//! Everything a command prints goes through here: a table for people, CSV for spreadsheets and
//! scripts, JSON for programs. Column keys are the stable snake_case names that CSV headers and
//! JSON fields use; `--lang zh` swaps in Chinese headers and value labels for tables and CSV,
//! never for JSON. A coded value carries its own Chinese label (see [`crate::domain::codes`]),
//! so two sets that share a code never share a label by accident. Files are written whole or
//! not at all ([`crate::files`]).

use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context as _, Result};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde_json::{Map, Value};

use crate::domain::codes::Code;
use crate::domain::text::{self, Lines};
use crate::files;

mod workbook;
pub use workbook::{Book, Chart, Drawn, Streamed};

/// How records are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub use crate::lang::Lang;

pub use crate::messages::columns::{Column, col};

/// One value. `Code` is a coded value (a reason, a status) with its Chinese label, which
/// `--lang zh` shows instead of the code.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A measure shown with this many decimals (and rounded to them in JSON).
    Number(f64, usize),
    Bool(bool),
    /// An amount in fen (分): `3,000` in a table, `3000` in CSV, the number 3000 in JSON.
    Money(i64),
    Code {
        code: &'static str,
        zh: &'static str,
    },
    /// Words salesdesk wrote in both languages (a complaint's class reason, a list of codes):
    /// the English is what CSV and JSON carry, the Chinese what `--lang zh` shows.
    Phrase {
        en: String,
        zh: String,
    },
    Null,
}

impl Cell {
    /// A coded value of one of the domain's sets.
    pub fn code<T: Code>(value: T) -> Cell {
        Cell::Code {
            code: value.code(),
            zh: value.zh(),
        }
    }

    /// A code that belongs to no set of the domain (a report's name, a section's, a rep's
    /// standing on the books) with its Chinese label.
    pub fn label(code: &'static str, zh: &'static str) -> Cell {
        Cell::Code { code, zh }
    }

    /// Several coded values in one cell: their codes separated by spaces, or their Chinese
    /// labels separated by 、.
    pub fn codes<T: Code>(values: impl IntoIterator<Item = T>) -> Cell {
        let (codes, labels): (Vec<&str>, Vec<&str>) =
            values.into_iter().map(|v| (v.code(), v.zh())).unzip();
        Cell::Phrase {
            en: codes.join(" "),
            zh: labels.join("、"),
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<i64> for Cell {
    fn from(number: i64) -> Cell {
        Cell::Int(number)
    }
}

impl From<bool> for Cell {
    fn from(flag: bool) -> Cell {
        Cell::Bool(flag)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Cell {
        value.map_or(Cell::Null, Into::into)
    }
}

/// A coded value as `lang` shows it: the code in English, the Chinese label in Chinese.
pub fn label<T: Code>(value: T, lang: Lang) -> &'static str {
    lang.pick(value.code(), value.zh())
}

/// Rows under named columns.
#[derive(Debug, Clone)]
pub struct Records {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Records {
    pub fn new(columns: &[Column]) -> Records {
        Records {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row and columns disagree");
        self.rows.push(row);
    }

    /// The first row's cell under `key` (a report's own field), or an empty cell.
    pub fn field(&self, key: &str) -> Cell {
        self.columns
            .iter()
            .position(|c| c.key == key)
            .and_then(|at| self.rows.first().and_then(|row| row.get(at)))
            .cloned()
            .unwrap_or(Cell::Null)
    }
}

/// The settings every command prints with.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: Format,
    /// The language people read: tables, cards, messages.
    pub lang: Lang,
    /// The language of CSV headers and labels: English codes unless `--lang zh` was typed, so
    /// that a cron job on a Chinese-locale host reads the documented columns.
    pub csv_lang: Lang,
    pub full_phone: bool,
    /// CSV for Excel: a UTF-8 byte-order mark, and phone numbers and ids written as text.
    pub bom: bool,
    /// `--output FILE.xlsx`: an Excel workbook ([`workbook`]), its cells in the CSV language;
    /// `format` is then CSV, which is what anything but a report, an export or a listing
    /// would have written.
    pub workbook: bool,
}

impl Output {
    fn header<'a>(&self, column: &'a Column, for_table: bool) -> &'a str {
        match (for_table, self.lang, self.csv_lang) {
            (true, Lang::Zh, _) | (false, _, Lang::Zh) => column.zh,
            (true, Lang::En, _) => column.en,
            (false, _, Lang::En) => column.key,
        }
    }

    /// A cell as CSV writes it: in the CSV language, amounts as plain numbers. Borrowed from
    /// the cell where it can be, else written into `scratch`: an export writes millions.
    fn csv_field<'c>(&self, cell: &'c Cell, scratch: &'c mut String) -> &'c str {
        use std::fmt::Write as _;
        scratch.clear();
        // Writing into a String cannot fail.
        let _ = match cell {
            Cell::Text(text) => return text,
            Cell::Code { code, zh } => return self.csv_lang.pick(code, zh),
            Cell::Phrase { en, zh } => return self.csv_lang.pick(en, zh),
            Cell::Bool(flag) => {
                return self.csv_lang.pick(
                    if *flag { "yes" } else { "no" },
                    if *flag { "是" } else { "否" },
                );
            }
            Cell::Null => return "",
            Cell::Money(fen) => write!(scratch, "{}", MoneyPlain(*fen)),
            Cell::Int(number) => write!(scratch, "{number}"),
            Cell::Number(value, decimals) => write!(scratch, "{value:.decimals$}"),
        };
        scratch
    }

    /// A cell as a table shows it. Text is shown with what a terminal would act on escaped: a
    /// file filled by an older salesdesk may hold an escape sequence in a note
    /// ([`text::for_terminal`]); CSV and JSON carry it unchanged.
    fn text(&self, cell: &Cell) -> String {
        match cell {
            Cell::Money(fen) => crate::domain::money::Amount(*fen).text(),
            Cell::Text(text) => text::for_terminal(text, Lines::Many).into_owned(),
            Cell::Int(number) => number.to_string(),
            Cell::Number(value, decimals) => format!("{value:.decimals$}"),
            Cell::Bool(flag) => self
                .lang
                .pick(
                    if *flag { "yes" } else { "no" },
                    if *flag { "是" } else { "否" },
                )
                .to_string(),
            Cell::Code { code, zh } => self.lang.pick(code, zh).to_string(),
            Cell::Phrase { en, zh } => {
                text::for_terminal(self.lang.pick(en, zh), Lines::Many).into_owned()
            }
            Cell::Null => String::new(),
        }
    }

    fn json_value(cell: &Cell) -> Value {
        match cell {
            Cell::Text(text) => Value::String(text.clone()),
            Cell::Int(number) => Value::from(*number),
            Cell::Number(value, decimals) => {
                let scale = 10f64.powi(*decimals as i32);
                serde_json::Number::from_f64((value * scale).round() / scale)
                    .map_or(Value::Null, Value::Number)
            }
            Cell::Bool(flag) => Value::Bool(*flag),
            Cell::Money(fen) => match fen % 100 {
                0 => Value::from(fen / 100),
                _ => serde_json::Number::from_f64(*fen as f64 / 100.0)
                    .map_or(Value::Null, Value::Number),
            },
            Cell::Code { code, .. } => Value::String((*code).to_string()),
            Cell::Phrase { en, .. } => Value::String(en.clone()),
            Cell::Null => Value::Null,
        }
    }

    /// One row as a JSON object keyed by column; for commands that nest records.
    pub fn json_object(columns: &[Column], row: &[Cell]) -> Value {
        let mut object = Map::new();
        for (column, cell) in columns.iter().zip(row) {
            object.insert(column.key.to_string(), Output::json_value(cell));
        }
        Value::Object(object)
    }

    /// Renders a listing: a table, CSV with a header row (even when empty), or a JSON array.
    pub fn render_list(&self, records: &Records) -> Result<String> {
        match self.format {
            Format::Table => Ok(self.table(records)),
            Format::Csv => self.csv(records),
            Format::Json => {
                let array: Vec<Value> = records
                    .rows
                    .iter()
                    .map(|row| Output::json_object(&records.columns, row))
                    .collect();
                Ok(serde_json::to_string_pretty(&array).context("cannot render JSON")? + "\n")
            }
        }
    }

    /// Renders one recorded thing: `line` (what the clerk reads) as the table form, a one-row
    /// CSV, or one JSON object.
    pub fn render_one(&self, records: &Records, line: &str) -> Result<String> {
        match self.format {
            Format::Table => Ok(format!("{}\n", text::for_terminal(line, Lines::Many))),
            Format::Csv => self.csv(records),
            Format::Json => {
                let row = records.rows.first().map(Vec::as_slice).unwrap_or(&[]);
                Ok(
                    serde_json::to_string_pretty(&Output::json_object(&records.columns, row))
                        .context("cannot render JSON")?
                        + "\n",
                )
            }
        }
    }

    /// A two-column table of one record: header, value; fields with no value are left out.
    pub fn card(&self, records: &Records) -> String {
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        if let Some(row) = records.rows.first() {
            for (column, cell) in records
                .columns
                .iter()
                .zip(row)
                .filter(|(_, cell)| **cell != Cell::Null)
            {
                table.add_row([self.header(column, true).to_string(), self.text(cell)]);
            }
        }
        format!("{table}\n")
    }

    fn table(&self, records: &Records) -> String {
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(records.columns.iter().map(|c| self.header(c, true)));
        for row in &records.rows {
            table.add_row(row.iter().map(|cell| self.text(cell)));
        }
        format!("{table}\n")
    }

    /// CSV of any records, header first (see [`Output::csv_writer`] for Excel mode).
    pub fn csv(&self, records: &Records) -> Result<String> {
        let mut bytes = Vec::new();
        let mut writer = self.csv_writer(&mut bytes, &records.columns)?;
        for row in &records.rows {
            writer.row(row)?;
        }
        writer.finish()?;
        String::from_utf8(bytes).context("CSV is not UTF-8")
    }

    /// A CSV writer over `out` that has written the header of `columns`: rows go out as they
    /// come, so an export of any size streams. In Excel mode (`--bom`) the file starts with a
    /// UTF-8 byte-order mark and ends its lines CRLF, ids and phones are written `="0571…"` so
    /// that Excel keeps them as text (leading zeros and all), as is any text Excel would turn
    /// into a number ([`excel_reads_as_number`]); a number stays a number, negative or not; and
    /// text Excel would run as a formula is neutralised (see [`runs_in_excel`]).
    pub fn csv_writer<'a, W: Write>(
        &self,
        mut out: W,
        columns: &'a [Column],
    ) -> Result<CsvRows<'a, W>> {
        if self.bom {
            out.write_all("\u{feff}".as_bytes())
                .context("cannot write the byte-order mark")?;
        }
        let mut builder = csv::WriterBuilder::new();
        if self.bom {
            builder.terminator(csv::Terminator::CRLF);
        }
        let mut writer = builder.from_writer(out);
        writer
            .write_record(columns.iter().map(|c| self.header(c, false)))
            .context("cannot write CSV header")?;
        let as_text = columns
            .iter()
            .map(|c| {
                self.bom && (c.key == "id" || c.key.ends_with("_id") || c.key.ends_with("phone"))
            })
            .collect();
        Ok(CsvRows {
            out: *self,
            writer,
            as_text,
            columns,
            scratch: String::new(),
            excel: String::new(),
        })
    }
    /// A writer of rows as they come, CSV (see [`Output::csv_writer`]) or a JSON array of the
    /// objects [`Output::json_object`] makes (see [`JsonRows`]), byte for byte what
    /// [`Output::render_list`] gives for the same rows. `None` for a table, which is laid out
    /// for people and needs every row for its column widths.
    pub fn rows_writer<'a, W: Write>(
        &self,
        out: W,
        columns: &'a [Column],
    ) -> Result<Option<RowWriter<'a, W>>> {
        Ok(match self.format {
            Format::Table => None,
            Format::Csv => Some(RowWriter::Csv(Box::new(self.csv_writer(out, columns)?))),
            Format::Json => Some(RowWriter::Json(JsonRows::new(out, columns))),
        })
    }

    /// Renders named sections: a heading and a table each; one JSON object with an array per
    /// section (after `head`, the report's own fields); or one CSV whose first column names the
    /// section and whose other columns are the head's and every section's columns in order,
    /// blank where a section has none, so that the header never changes with the data. The
    /// CSV's first row, section `report`, holds the head.
    pub fn render_sections(
        &self,
        head: &Records,
        sections: &[(Column, Records)],
    ) -> Result<String> {
        match self.format {
            Format::Table => {
                let mut text = self.card(head);
                for (section, records) in sections {
                    text += &format!("\n{}\n", self.header(section, true));
                    text += &self.table(records);
                }
                Ok(text)
            }
            Format::Json => {
                let mut object = match head.rows.first() {
                    Some(row) => Output::json_object(&head.columns, row),
                    None => Value::Object(Map::new()),
                };
                for (section, records) in sections {
                    object[section.key] = records
                        .rows
                        .iter()
                        .map(|row| Output::json_object(&records.columns, row))
                        .collect();
                }
                Ok(serde_json::to_string_pretty(&object).context("cannot render JSON")? + "\n")
            }
            Format::Csv => {
                // The report's own fields (its name, its period, the moment it was judged at)
                // come first, in a `report` row, so that a file filed away by cron says what
                // it is.
                let mut columns = vec![col("section", "Section", "部分")];
                columns.extend(head.columns.iter().copied());
                for (_, records) in sections {
                    for column in &records.columns {
                        if !columns.iter().any(|c| c.key == column.key) {
                            columns.push(*column);
                        }
                    }
                }
                let mut union = Records::new(&columns);
                if let Some(row) = head.rows.first() {
                    let mut cells = vec![Cell::label("report", "报表")];
                    cells.extend(row.iter().cloned());
                    cells.resize(columns.len(), Cell::Null);
                    union.push(cells);
                }
                for (section, records) in sections {
                    for row in &records.rows {
                        let mut cells = vec![Cell::label(section.key, section.zh)];
                        for column in &columns[1..] {
                            let at = records.columns.iter().position(|c| c.key == column.key);
                            cells.push(at.map_or(Cell::Null, |i| row[i].clone()));
                        }
                        union.push(cells);
                    }
                }
                self.csv(&union)
            }
        }
    }
}

/// An amount for machines: yuan, with the fen only when there are any (`3000`, `499.90`).
struct MoneyPlain(i64);

impl std::fmt::Display for MoneyPlain {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        match (self.0.abs() / 100, self.0.abs() % 100) {
            (yuan, 0) => write!(f, "{sign}{yuan}"),
            (yuan, rest) => write!(f, "{sign}{yuan}.{rest:02}"),
        }
    }
}

/// CSV rows being written; see [`Output::csv_writer`].
pub struct CsvRows<'a, W: Write> {
    out: Output,
    writer: csv::Writer<W>,
    as_text: Vec<bool>,
    columns: &'a [Column],
    /// A cell that is not text already (a number), then the same cell made safe for Excel;
    /// reused from cell to cell.
    scratch: String,
    excel: String,
}

impl<W: Write> CsvRows<'_, W> {
    /// Writes one row, its cells in the order of the columns.
    pub fn row(&mut self, row: &[Cell]) -> Result<()> {
        debug_assert_eq!(row.len(), self.columns.len(), "row and columns disagree");
        let CsvRows {
            out,
            writer,
            as_text,
            scratch,
            excel,
            ..
        } = self;
        for (cell, as_text) in row.iter().zip(as_text.iter()) {
            let number = matches!(cell, Cell::Int(_) | Cell::Money(_) | Cell::Number(..));
            let value = out.csv_field(cell, scratch);
            let field = match excel_mode(out.bom, *as_text, number, value) {
                Excel::AsIs => value,
                Excel::Text => {
                    excel.clear();
                    excel.push_str("=\"");
                    excel.push_str(value);
                    excel.push('"');
                    excel.as_str()
                }
                Excel::Defused => {
                    excel.clear();
                    excel.push('\'');
                    excel.push_str(value);
                    excel.as_str()
                }
            };
            writer.write_field(field).context("cannot write CSV row")?;
        }
        // Ends the record the fields above began.
        writer
            .write_record(None::<&[u8]>)
            .context("cannot write CSV row")
    }

    /// Flushes what is buffered and hands back the writer's destination.
    pub fn finish(self) -> Result<W> {
        self.writer
            .into_inner()
            .map_err(|err| anyhow::anyhow!("cannot finish CSV: {}", err.error()))
    }
}

/// A JSON array written one object at a time, laid out as `serde_json::to_string_pretty` lays
/// out the whole array: `[]` when empty, else each object indented by two spaces.
pub struct JsonRows<'a, W: Write> {
    out: W,
    columns: &'a [Column],
    written: usize,
    /// One object, reused from row to row.
    buffer: Vec<u8>,
}

impl<'a, W: Write> JsonRows<'a, W> {
    pub fn new(out: W, columns: &'a [Column]) -> JsonRows<'a, W> {
        JsonRows {
            out,
            columns,
            written: 0,
            buffer: Vec::new(),
        }
    }

    /// Writes one row as an object keyed by column.
    pub fn row(&mut self, row: &[Cell]) -> Result<()> {
        debug_assert_eq!(row.len(), self.columns.len(), "row and columns disagree");
        self.buffer.clear();
        self.buffer.extend_from_slice(if self.written == 0 {
            b"[\n  "
        } else {
            b",\n  "
        });
        let object = serde_json::to_vec_pretty(&Output::json_object(self.columns, row))
            .context("cannot render JSON")?;
        // A string in JSON never holds a raw line break, so every one in the object is between
        // two of its lines.
        for byte in object {
            self.buffer.push(byte);
            if byte == b'\n' {
                self.buffer.extend_from_slice(b"  ");
            }
        }
        self.written += 1;
        self.out
            .write_all(&self.buffer)
            .context("cannot write a JSON row")
    }

    /// Closes the array and hands back the writer's destination.
    pub fn finish(mut self) -> Result<W> {
        let end: &[u8] = if self.written == 0 { b"[]\n" } else { b"\n]\n" };
        self.out
            .write_all(end)
            .and_then(|()| self.out.flush())
            .context("cannot finish the JSON array")?;
        Ok(self.out)
    }
}

/// Rows written as they come; see [`Output::rows_writer`].
pub enum RowWriter<'a, W: Write> {
    /// Boxed: the CSV writer carries its buffer's bookkeeping, the JSON one a few pointers.
    Csv(Box<CsvRows<'a, W>>),
    Json(JsonRows<'a, W>),
}

impl<W: Write> RowWriter<'_, W> {
    /// Writes one row, its cells in the order of the columns.
    pub fn row(&mut self, row: &[Cell]) -> Result<()> {
        match self {
            RowWriter::Csv(rows) => rows.row(row),
            RowWriter::Json(rows) => rows.row(row),
        }
    }

    /// Ends the output (the JSON array's bracket), flushes it and hands back the destination.
    pub fn finish(self) -> Result<W> {
        match self {
            RowWriter::Csv(rows) => (*rows).finish(),
            RowWriter::Json(rows) => rows.finish(),
        }
    }
}

/// How Excel mode writes one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Excel {
    /// As it is: a number stays a number, negative ones included, and plain text stays text.
    AsIs,
    /// As `="…"`, text Excel keeps as text: an id, a phone, or text Excel would otherwise turn
    /// into a number and lose its leading zeros or its digits (`0301`, `00123`, a long number).
    Text,
    /// With a leading apostrophe: text Excel would run as a formula ([`runs_in_excel`]).
    Defused,
}

fn excel_mode(bom: bool, as_text: bool, number: bool, value: &str) -> Excel {
    if !bom || value.is_empty() {
        return Excel::AsIs;
    }
    if as_text || (!number && excel_reads_as_number(value)) {
        Excel::Text
    } else if !number && runs_in_excel(value) {
        Excel::Defused
    } else {
        Excel::AsIs
    }
}

/// Whether Excel would read text as a number (or as a day, which it stores as one) and show
/// something else than was written: `0301`, `00123`, `-5`, `1.50`, `1e5`, `30%`, `1,234`, a
/// 19-digit id, `5-2` or `3/12` (a unit Excel would make a date). A whole date or time in the
/// form salesdesk writes them (`2026-11-23`, `2026-11-23 16:00`) is left to be one.
fn excel_reads_as_number(value: &str) -> bool {
    let text = value.trim_matches(' ');
    let digit_groups = |separator: char| {
        let groups = text.split(separator).count();
        (2..=3).contains(&groups)
            && text
                .split(separator)
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    // Only a text of digit groups can be one of salesdesk's days; the dearer parse waits for it.
    if digit_groups('-') {
        return !is_our_day(text);
    }
    if digit_groups('/') {
        return true;
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let unsigned = unsigned.strip_suffix('%').unwrap_or(unsigned);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let whole_ok = whole.bytes().all(|b| b.is_ascii_digit() || b == b',')
        && !whole.starts_with(',')
        && !whole.ends_with(',');
    let fraction_ok = fraction.bytes().all(|b| b.is_ascii_digit());
    let digits = whole
        .bytes()
        .chain(fraction.bytes())
        .any(|b| b.is_ascii_digit());
    digits && exponent_ok && whole_ok && fraction_ok
}

/// A day as salesdesk writes them (`YYYY-MM-DD`); a time (`YYYY-MM-DD HH:MM`) is neither a
/// number nor digit groups, so it never comes here.
fn is_our_day(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// Whether Excel would read a cell as a formula: it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return. Such a cell is written with a leading apostrophe, as OWASP's CSV-injection
/// advice has it; so is a cell that already starts with one, so that `import` can take exactly
/// one apostrophe off again ([`excel_unquote`]) and read back what was written.
fn runs_in_excel(value: &str) -> bool {
    matches!(
        value.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\'')
    )
}

/// A text cell as Excel mode writes it when it is not an id or a phone (see [`excel_mode`]).
#[cfg(test)]
fn excel_safe(value: String) -> String {
    match excel_mode(true, false, false, &value) {
        Excel::AsIs => value,
        Excel::Text => format!("=\"{value}\""),
        Excel::Defused => format!("'{value}"),
    }
}

/// Reads back a cell written in Excel mode: `="0571…"` is the text inside, and a neutralised
/// cell loses the one apostrophe it was given ([`runs_in_excel`]). Anything else is left as it
/// is.
pub fn excel_unquote(cell: &str) -> &str {
    if let Some(inner) = cell.strip_prefix("=\"").and_then(|c| c.strip_suffix('"')) {
        return inner;
    }
    match cell.strip_prefix('\'') {
        Some(rest) if runs_in_excel(rest) => rest,
        _ => cell,
    }
}

/// Whether `--output` names an Excel workbook (`.xlsx`).
pub fn is_workbook(output: Option<&Path>) -> bool {
    output
        .and_then(|path| path.extension())
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The format a command prints in: `--format` when typed; else, with `--output`, the file's
/// extension (a file is for a program or a spreadsheet, never a box-drawn table; a workbook is
/// built from what CSV would hold); else CSV for `--bom`; else a table.
pub fn settle_format(typed: Option<Format>, output: Option<&Path>, bom: bool) -> Result<Format> {
    if is_workbook(output) {
        return match (typed, bom) {
            (_, true) => Err(crate::error::invalid(
                "--bom: a workbook (.xlsx) keeps its types without Excel mode; leave --bom out, \
                 or name the file .csv",
            )),
            (None | Some(Format::Csv), false) => Ok(Format::Csv),
            (Some(_), false) => Err(crate::error::invalid(
                "--format: --output FILE.xlsx writes a workbook; leave --format out, or name the \
                 file .csv or .json",
            )),
        };
    }
    let by_extension = output.map(|path| {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(Format::Csv),
            Some("json") => Ok(Format::Json),
            _ => Err(crate::error::invalid(format!(
                "--output: cannot tell the format of {}; name the file .csv, .json or .xlsx, or \
                 add --format csv or --format json",
                path.display()
            ))),
        }
    });
    let format = match (typed, by_extension) {
        (Some(Format::Table), Some(_)) => {
            return Err(crate::error::invalid(
                "--format: --output writes csv or json, not a table; type --format csv or \
                 --format json",
            ));
        }
        (Some(format), _) => format,
        (None, Some(Err(_))) if bom => Format::Csv,
        (None, Some(by_extension)) => by_extension?,
        (None, None) if bom => Format::Csv,
        (None, None) => Format::Table,
    };
    if bom && format != Format::Csv {
        return Err(crate::error::invalid(format!(
            "--bom: Excel mode is for CSV, not {}; type --format csv or leave --bom out",
            match format {
                Format::Json => "json",
                _ => "a table",
            }
        )));
    }
    Ok(format)
}

/// Writes `text` to `target` when given (whole or not at all), else to standard output.
pub fn deliver(text: &str, target: Option<&files::Target>) -> Result<()> {
    match target {
        Some(target) => files::write_atomic(target, text.as_bytes()),
        None => print(text),
    }
}

/// Streams what `write` writes to `target` when given (whole or not at all: a failure midway
/// leaves neither the file nor a temporary one), else to standard output as it comes, where a
/// reader that goes away midway (`| head`) ends the output without an error.
pub fn deliver_streamed(
    target: Option<&files::Target>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match target {
        Some(target) => files::write_atomic_with(target, write),
        None => {
            let mut stdout = Stdout {
                out: io::BufWriter::with_capacity(STDOUT_BUFFER, io::stdout().lock()),
                gone: false,
            };
            let written = write(&mut stdout)
                .and_then(|()| stdout.flush().context("cannot write to standard output"));
            match written {
                Err(_) if stdout.gone => Ok(()),
                other => other,
            }
        }
    }
}

/// Standard output is line-buffered; a stream of rows goes out in blocks of this many bytes.
const STDOUT_BUFFER: usize = 64 * 1024;

/// Standard output that remembers its reader went away, so that the error that stops the
/// stream can be told from a real one.
struct Stdout<W: Write> {
    out: W,
    gone: bool,
}

impl<W: Write> Stdout<W> {
    fn watch<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if let Err(err) = &result
            && err.kind() == io::ErrorKind::BrokenPipe
        {
            self.gone = true;
        }
        result
    }
}

impl<W: Write> Write for Stdout<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.out.write(buf);
        self.watch(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.out.flush();
        self.watch(result)
    }
}

/// Writes to standard output. A reader that went away (`| head`) is not an error.
pub fn print(text: &str) -> Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[
        col("rep", "Rep", "置业顾问"),
        col("reason", "Reason", "原因"),
        col("turn", "Turn", "占轮次"),
    ];

    fn sample() -> Records {
        let mut records = Records::new(COLUMNS);
        records.push(vec![
            "王芳".into(),
            Cell::code(crate::domain::register::Reason::Returning),
            false.into(),
        ]);
        records
    }

    fn out(format: Format, lang: Lang) -> Output {
        Output {
            format,
            lang,
            csv_lang: lang,
            full_phone: false,
            bom: false,
            workbook: false,
        }
    }

    #[test]
    fn csv_headers_are_stable_keys_in_english_and_chinese_in_zh() {
        let en = out(Format::Csv, Lang::En).render_list(&sample()).unwrap();
        assert_eq!(en, "rep,reason,turn\n王芳,returning,no\n");
        let zh = out(Format::Csv, Lang::Zh).render_list(&sample()).unwrap();
        assert_eq!(zh, "置业顾问,原因,占轮次\n王芳,老客户,否\n");
    }

    #[test]
    fn json_keys_and_values_never_change_with_lang() {
        let json = out(Format::Json, Lang::Zh).render_list(&sample()).unwrap();
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value[0]["reason"], "returning");
        assert_eq!(value[0]["turn"], false);
        let one = out(Format::Json, Lang::En)
            .render_one(&sample(), "line")
            .unwrap();
        assert_eq!(serde_json::from_str::<Value>(&one).unwrap()["rep"], "王芳");
    }

    #[test]
    fn an_empty_listing_still_has_its_header() {
        let empty = Records::new(COLUMNS);
        assert_eq!(
            out(Format::Csv, Lang::En).render_list(&empty).unwrap(),
            "rep,reason,turn\n"
        );
        assert_eq!(
            out(Format::Json, Lang::En).render_list(&empty).unwrap(),
            "[]\n"
        );
        assert!(
            out(Format::Table, Lang::En)
                .render_list(&empty)
                .unwrap()
                .contains("Reason")
        );
    }

    #[test]
    fn excel_mode_keeps_phones_as_text_ends_lines_crlf_and_defuses_formulas() {
        const PHONES: &[Column] = &[
            col("visit_id", "Visit", "登记号"),
            col("phone", "Phone", "电话"),
            col("name", "Name", "姓名"),
            col("note", "Note", "备注"),
        ];
        let mut records = Records::new(PHONES);
        records.push(vec![
            7.into(),
            "057187654321".into(),
            "=1+2".into(),
            "@SUM(1,2)".into(),
        ]);
        records.push(vec![
            8.into(),
            "13812345678".into(),
            "王芳".into(),
            "-5".into(),
        ]);
        let excel = Output {
            bom: true,
            workbook: false,
            ..out(Format::Csv, Lang::En)
        };
        assert_eq!(
            excel.csv(&records).unwrap(),
            "\u{feff}visit_id,phone,name,note\r\n\
             \"=\"\"7\"\"\",\"=\"\"057187654321\"\"\",'=1+2,\"'@SUM(1,2)\"\r\n\
             \"=\"\"8\"\"\",\"=\"\"13812345678\"\"\",王芳,\"=\"\"-5\"\"\"\r\n"
        );
        // Without --bom the cells are the data, for programs.
        let plain = out(Format::Csv, Lang::En).csv(&records).unwrap();
        assert!(plain.starts_with("visit_id,phone,name,note\n7,057187654321,=1+2,"));
    }

    /// What a spreadsheet makes of one CSV field, read the way Excel reads it: `="…"` and a
    /// leading apostrophe are text; a field a number parser takes (or a day written with
    /// dashes or slashes) becomes a number and keeps nothing of how it was written.
    fn spreadsheet_reads(field: &str) -> Result<String, f64> {
        if let Some(inner) = field.strip_prefix("=\"").and_then(|f| f.strip_suffix('"')) {
            return Ok(inner.to_string());
        }
        if let Some(rest) = field.strip_prefix('\'') {
            return Ok(rest.to_string());
        }
        let plain = field.replace(',', "");
        let plain = plain.strip_suffix('%').unwrap_or(&plain);
        if let Ok(number) = plain.parse::<f64>() {
            return Err(number);
        }
        let parts: Vec<&str> = field.split(['-', '/']).collect();
        if parts.len() > 1 && parts.iter().all(|p| p.parse::<u32>().is_ok()) {
            return Err(0.0);
        }
        Ok(field.to_string())
    }

    #[test]
    fn excel_mode_keeps_numbers_numbers_and_text_text() {
        const CELLS: &[Column] = &[col("value", "Value", "值")];
        let excel = Output {
            bom: true,
            workbook: false,
            ..out(Format::Csv, Lang::En)
        };
        let field = |cell: Cell| {
            let mut records = Records::new(CELLS);
            records.push(vec![cell]);
            let written = excel.csv(&records).unwrap();
            let body = written.split("\r\n").nth(1).unwrap().to_string();
            csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(body.as_bytes())
                .records()
                .next()
                .unwrap()
                .unwrap()[0]
                .to_string()
        };
        // Numbers stay numbers, negative ones too: nothing to defuse in a number.
        for (cell, number) in [
            (Cell::Int(-3), -3.0),
            (Cell::Money(-333), -3.33),
            (Cell::Number(-3.333, 2), -3.33),
            (Cell::Int(1200), 1200.0),
        ] {
            assert_eq!(
                spreadsheet_reads(&field(cell.clone())),
                Err(number),
                "{cell:?}"
            );
        }
        // Text stays the text written, whatever a spreadsheet would have made of it.
        for text in [
            "0301",
            "00123",
            "-3.33",
            "+86",
            "1.50",
            "1e5",
            "30%",
            "1,234",
            "12345678901234567890",
            "5-2",
            "3/12",
            "=1+2",
            "-cmd|' /C calc'!A0",
            "@SUM(1,2)",
            "'quoted",
            "5-2-1201",
            "王芳",
        ] {
            let written = field(text.into());
            assert_eq!(
                spreadsheet_reads(&written),
                Ok(text.to_string()),
                "{written}"
            );
            assert_eq!(excel_unquote(&written), text, "import reads back {written}");
        }
        // A day or a time as salesdesk writes it is left for the spreadsheet to read as one.
        assert_eq!(field("2026-11-23 16:00".into()), "2026-11-23 16:00");
    }

    #[test]
    fn excel_unquote_reads_back_what_excel_safe_wrote() {
        for value in [
            "=1+2",
            "+86",
            "-5",
            "@SUM(1,2)",
            "\tx",
            "\rx",
            "'quoted",
            "''",
            "plain",
            "",
        ] {
            let written = excel_safe(value.to_string());
            assert_eq!(
                excel_unquote(&written),
                value,
                "{value:?} written as {written:?}"
            );
        }
        assert_eq!(excel_unquote("=\"057187654321\""), "057187654321");
        assert_eq!(excel_unquote("'not a formula"), "'not a formula");
    }

    #[test]
    fn amounts_are_numbers_for_machines_and_grouped_for_people() {
        const MONEY: &[Column] = &[col("amount", "Amount", "金额")];
        let mut records = Records::new(MONEY);
        records.push(vec![Cell::Money(300_000)]);
        records.push(vec![Cell::Money(49_990)]);
        assert_eq!(
            out(Format::Csv, Lang::Zh).render_list(&records).unwrap(),
            "金额\n3000\n499.90\n"
        );
        let json: Value =
            serde_json::from_str(&out(Format::Json, Lang::En).render_list(&records).unwrap())
                .unwrap();
        assert_eq!(json[0]["amount"], 3000);
        assert_eq!(json[1]["amount"], 499.9);
        assert!(
            out(Format::Table, Lang::En)
                .render_list(&records)
                .unwrap()
                .contains("3,000")
        );
    }

    #[test]
    fn csv_follows_the_typed_lang_not_the_table_lang() {
        let mut zh_table = out(Format::Csv, Lang::Zh);
        zh_table.csv_lang = Lang::En;
        assert_eq!(
            zh_table.render_list(&sample()).unwrap(),
            "rep,reason,turn\n王芳,returning,no\n"
        );
    }

    #[test]
    fn sections_share_one_stable_csv_header() {
        const A: &[Column] = &[col("rep", "Rep", "顾问"), col("visits", "Visits", "来访")];
        const B: &[Column] = &[
            col("channel", "Channel", "渠道"),
            col("visits", "Visits", "来访"),
        ];
        let mut a = Records::new(A);
        a.push(vec!["王芳".into(), 2.into()]);
        let b = Records::new(B);
        let head = Records::new(&[]);
        let sections = [
            (col("by_rep", "by_rep", "按置业顾问"), a),
            (col("by_channel", "by_channel", "按渠道"), b),
        ];
        let csv = out(Format::Csv, Lang::En)
            .render_sections(&head, &sections)
            .unwrap();
        assert_eq!(csv, "section,rep,visits,channel\nby_rep,王芳,2,\n");
    }

    #[test]
    fn a_phrase_is_english_for_machines_and_chinese_for_the_clerk() {
        const WHY: &[Column] = &[col("overdue", "Overdue", "已超时")];
        let mut records = Records::new(WHY);
        records.push(vec![Cell::codes([
            crate::domain::complaint::Clock::Ticket,
            crate::domain::complaint::Clock::Feedback,
        ])]);
        assert_eq!(
            out(Format::Csv, Lang::En).render_list(&records).unwrap(),
            "overdue\nticket feedback\n"
        );
        let json: Value =
            serde_json::from_str(&out(Format::Json, Lang::Zh).render_list(&records).unwrap())
                .unwrap();
        assert_eq!(json[0]["overdue"], "ticket feedback");
        let table = out(Format::Table, Lang::Zh).render_list(&records).unwrap();
        assert!(
            table.contains("受理单、") && !table.contains("ticket"),
            "{table}"
        );
        // A Chinese-locale table beside English CSV, as a cron job on a zh host gets it.
        let mut zh_table = out(Format::Csv, Lang::Zh);
        zh_table.csv_lang = Lang::En;
        assert_eq!(
            zh_table.render_list(&records).unwrap(),
            "overdue\nticket feedback\n"
        );
    }

    #[test]
    fn streamed_rows_are_the_rendered_listing_byte_for_byte() {
        let mut records = sample();
        records.push(vec![
            "张伟\n\"甲\"".into(),
            Cell::code(crate::domain::register::Reason::Rotation),
            true.into(),
        ]);
        let empty = Records::new(COLUMNS);
        let excel = Output {
            bom: true,
            workbook: false,
            ..out(Format::Csv, Lang::En)
        };
        for output in [
            out(Format::Json, Lang::En),
            out(Format::Csv, Lang::En),
            out(Format::Csv, Lang::Zh),
            excel,
        ] {
            for records in [&empty, &sample(), &records] {
                let mut bytes = Vec::new();
                let mut writer = output
                    .rows_writer(&mut bytes, &records.columns)
                    .unwrap()
                    .unwrap();
                for row in &records.rows {
                    writer.row(row).unwrap();
                }
                writer.finish().unwrap();
                assert_eq!(
                    String::from_utf8(bytes).unwrap(),
                    output.render_list(records).unwrap(),
                    "{:?} of {} rows",
                    output.format,
                    records.rows.len()
                );
            }
        }
        assert!(
            out(Format::Table, Lang::En)
                .rows_writer(Vec::new(), COLUMNS)
                .unwrap()
                .is_none(),
            "a table is laid out from every row"
        );
    }

    #[test]
    fn a_reader_that_goes_away_is_told_from_a_real_error() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut closed = Stdout {
            out: Closed,
            gone: false,
        };
        assert!(closed.write_all(b"x").is_err());
        assert!(closed.gone);
        let mut full = Stdout {
            out: io::Cursor::new([0u8; 0]),
            gone: false,
        };
        assert!(full.write_all(b"x").is_err());
        assert!(!full.gone, "a full disk is a real error");
    }
}
