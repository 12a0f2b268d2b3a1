//! Everything a command prints goes through here: a table for people, CSV for spreadsheets and
//! scripts, JSON for programs. Column keys are the stable snake_case names that CSV headers and
//! JSON fields use; `--lang zh` swaps in Chinese headers and value labels for tables and CSV,
//! never for JSON.

use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::{Context as _, Result};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde_json::{Map, Value};

/// How records are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// The language of headers and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh` when `LANG` starts with zh, else `en`.
    pub fn from_env(lang_var: Option<&str>) -> Lang {
        match lang_var {
            Some(value) if value.starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// Picks the English or the Chinese of a pair.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// One column: its stable key and its headers.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub key: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

pub const fn col(key: &'static str, en: &'static str, zh: &'static str) -> Column {
    Column { key, en, zh }
}

/// One value. `Code` is a coded value (a reason, a status) that `--lang zh` shows in Chinese.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A measure shown with this many decimals (and rounded to them in JSON).
    Number(f64, usize),
    Bool(bool),
    Code(&'static str),
    Null,
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

/// Chinese labels of the coded values the office reads.
const CODE_LABELS: &[(&str, &str)] = &[
    ("rotation", "轮序接待"),
    ("returning", "老客户"),
    ("voluntary", "义务接待"),
    ("designated", "指定接待"),
    ("referral", "老带新"),
    ("reassigned", "转接"),
    ("call", "来电"),
    ("visit", "来访"),
    ("on_duty", "在岗"),
    ("away", "离开"),
    ("priority", "优先"),
    ("absent", "缺勤"),
    ("manager", "领导安排"),
    ("busy", "接待中"),
    ("owner", "业主"),
    ("intent", "意向客户"),
    ("potential", "潜在客户"),
    ("walk-in", "上门"),
    ("phone", "电话"),
    ("web", "网络"),
    ("event", "活动"),
    ("male", "男"),
    ("female", "女"),
    ("active", "在职"),
    ("retired", "离职"),
    ("general", "一般"),
    ("important", "重要"),
    ("major", "重大"),
    ("customer-director", "客户总监"),
    ("presidents-office", "总裁办主任"),
    ("vice-president", "分管副总裁"),
    ("president", "总裁"),
    ("received", "已受理"),
    ("in_progress", "处理中"),
    ("resolved", "已解决"),
    ("revisited", "已回访"),
    ("archived", "已归档"),
    ("progress", "进展反馈"),
    ("resolve", "解决"),
    ("escalate", "升级"),
    ("fail_rectification", "整改不合格"),
    ("revisit", "回访"),
    ("archive", "归档"),
    ("ticket", "受理单"),
    ("feedback", "首次反馈"),
    ("plan", "拟定方案"),
    ("met", "按时"),
    ("missed", "超时"),
    ("open", "未到期"),
    ("not_started", "未开始"),
    ("onsite", "现场"),
    ("forum", "论坛"),
    ("letter", "信函"),
    ("other", "其他"),
    ("inspection", "验房"),
    ("certificate", "权证"),
    ("leader", "领导检查"),
    ("internal", "内部反映"),
    ("sales", "销售"),
    ("signing", "签约"),
    ("handover", "交楼"),
    ("property", "物业"),
    ("quality", "工程质量"),
    ("design", "设计"),
    ("engineering", "生产中心"),
    ("marketing", "营销中心"),
    ("cost-control", "成控中心"),
    ("finance", "财务中心"),
    ("administration", "行政中心"),
    ("customer-centre", "客户中心"),
    ("holiday", "节假日"),
    ("daily", "日报"),
    ("weekly", "周报"),
    ("monthly", "月报"),
    ("visits_by_rep", "按置业顾问：来访与轮次"),
    ("visits_by_channel", "按渠道：来访与来电"),
    ("unapproved", "未审核登记"),
    ("lapsing", "7天内失效的登记"),
    ("complaints", "投诉"),
    ("ledger", "客户意见台账"),
    ("by_rep", "按置业顾问"),
    ("totals", "合计"),
    ("by_class", "按投诉分类"),
    ("by_category", "按类别"),
    ("by_department", "按责任部门"),
    ("by_channel", "按渠道"),
    ("deadlines", "时限达标"),
    ("resolution", "解决时长"),
    ("satisfaction", "满意度"),
    ("workday", "调休上班"),
];

pub fn code_label(code: &str, lang: Lang) -> &str {
    match lang {
        Lang::En => code,
        Lang::Zh => CODE_LABELS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(code, |(_, zh)| zh),
    }
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
}

/// The settings every command prints with.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub format: Format,
    pub lang: Lang,
    pub full_phone: bool,
    /// CSV for Excel: a UTF-8 byte-order mark, and phone numbers and ids written as text.
    pub bom: bool,
}

impl Output {
    fn header<'a>(&self, column: &'a Column, for_table: bool) -> &'a str {
        match (self.lang, for_table) {
            (Lang::Zh, _) => column.zh,
            (Lang::En, true) => column.en,
            (Lang::En, false) => column.key,
        }
    }

    fn text(&self, cell: &Cell) -> String {
        match cell {
            Cell::Text(text) => text.clone(),
            Cell::Int(number) => number.to_string(),
            Cell::Number(value, decimals) => format!("{value:.decimals$}"),
            Cell::Bool(flag) => self
                .lang
                .pick(
                    if *flag { "yes" } else { "no" },
                    if *flag { "是" } else { "否" },
                )
                .to_string(),
            Cell::Code(code) => code_label(code, self.lang).to_string(),
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
            Cell::Code(code) => Value::String((*code).to_string()),
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
            Format::Table => Ok(format!("{line}\n")),
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

    /// CSV of any records, header first. With `bom`, the file starts with a byte-order mark and
    /// phone numbers and ids are written as `="13812345678"`, which Excel keeps as text instead
    /// of turning into 1.38E+10.
    pub fn csv(&self, records: &Records) -> Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(records.columns.iter().map(|c| self.header(c, false)))
            .context("cannot write CSV header")?;
        let as_text: Vec<bool> = records
            .columns
            .iter()
            .map(|c| {
                self.bom && (c.key == "id" || c.key.ends_with("_id") || c.key.ends_with("phone"))
            })
            .collect();
        for row in &records.rows {
            writer
                .write_record(row.iter().zip(&as_text).map(|(cell, text)| {
                    let value = self.text(cell);
                    if *text && !value.is_empty() {
                        format!("=\"{value}\"")
                    } else {
                        value
                    }
                }))
                .context("cannot write CSV row")?;
        }
        let bytes = writer.into_inner().context("cannot finish CSV")?;
        let text = String::from_utf8(bytes).context("CSV is not UTF-8")?;
        Ok(if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        })
    }

    /// Renders named sections: a heading and a table each; one JSON object with an array per
    /// section (after `head`, the report's own fields); or one CSV whose first column names the
    /// section and whose other columns are every section's columns in order, blank where a
    /// section has none, so that the header never changes with the data.
    pub fn render_sections(
        &self,
        head: &Records,
        sections: &[(&'static str, Records)],
    ) -> Result<String> {
        match self.format {
            Format::Table => {
                let mut text = self.card(head);
                for (name, records) in sections {
                    text += &format!("\n{}\n", code_label(name, self.lang));
                    text += &self.table(records);
                }
                Ok(text)
            }
            Format::Json => {
                let mut object = match head.rows.first() {
                    Some(row) => Output::json_object(&head.columns, row),
                    None => Value::Object(Map::new()),
                };
                for (name, records) in sections {
                    object[*name] = records
                        .rows
                        .iter()
                        .map(|row| Output::json_object(&records.columns, row))
                        .collect();
                }
                Ok(serde_json::to_string_pretty(&object).context("cannot render JSON")? + "\n")
            }
            Format::Csv => {
                let mut columns = vec![col("section", "Section", "部分")];
                for (_, records) in sections {
                    for column in &records.columns {
                        if !columns.iter().any(|c| c.key == column.key) {
                            columns.push(*column);
                        }
                    }
                }
                let mut union = Records::new(&columns);
                for (name, records) in sections {
                    for row in &records.rows {
                        let mut cells = vec![Cell::Code(name)];
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

/// Writes `text` to `path` when given (atomically), else to standard output.
pub fn deliver(text: &str, path: Option<&Path>) -> Result<()> {
    match path {
        Some(path) => write_atomic(path, text.as_bytes()),
        None => print(text),
    }
}

/// Writes `bytes` to `path` whole or not at all (see [`AtomicFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path, "--output")?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", file.temporary.display()))?;
    file.commit()
}

/// A file that appears whole or not at all: written to a temporary file in the same folder,
/// synced, then renamed over the target. Dropped before [`AtomicFile::commit`] (an error, a
/// refused import), the temporary file is removed and the target is untouched.
pub struct AtomicFile {
    target: std::path::PathBuf,
    temporary: std::path::PathBuf,
    file: Option<io::BufWriter<std::fs::File>>,
}

impl AtomicFile {
    /// `option` names the command-line option that gave `path`, for messages.
    pub fn create(path: &Path, option: &str) -> Result<AtomicFile> {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let name = path.file_name().ok_or_else(|| {
            crate::error::invalid(format!(
                "{option}: {} is not a file name; give one such as out.csv",
                path.display()
            ))
        })?;
        if path.is_dir() {
            return Err(crate::error::invalid(format!(
                "{option}: {} is a folder; give a file name such as {}",
                path.display(),
                path.join("out.csv").display()
            )));
        }
        let temporary = folder.join(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        // Reports, exports and rejects hold customer data: readable by their owner only, like
        // the database.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temporary)
            .with_context(|| {
                format!(
                    "cannot create {} (does the folder exist?)",
                    temporary.display()
                )
            })?;
        Ok(AtomicFile {
            target: path.to_path_buf(),
            temporary,
            file: Some(io::BufWriter::new(file)),
        })
    }

    /// Syncs the file and moves it over the target.
    pub fn commit(mut self) -> Result<()> {
        let Some(buffered) = self.file.take() else {
            return Ok(());
        };
        let file = buffered
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .with_context(|| format!("cannot write {}", self.temporary.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot sync {}", self.temporary.display()))?;
        std::fs::rename(&self.temporary, &self.target)
            .with_context(|| format!("cannot move the file into {}", self.target.display()))?;
        // Renamed: nothing left for Drop to remove.
        self.temporary = std::path::PathBuf::new();
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.file {
            Some(file) => file.write(buf),
            None => Err(io::Error::other("the file is already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.temporary.as_os_str().is_empty() {
            self.file = None;
            // Nothing half-written stays behind; the error that matters was reported already.
            let _ = std::fs::remove_file(&self.temporary);
        }
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
        records.push(vec!["王芳".into(), Cell::Code("returning"), false.into()]);
        records
    }

    fn out(format: Format, lang: Lang) -> Output {
        Output {
            format,
            lang,
            full_phone: false,
            bom: false,
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
    fn bom_csv_keeps_phones_and_ids_as_text_for_excel() {
        const PHONES: &[Column] = &[
            col("visit_id", "Visit", "登记号"),
            col("phone", "Phone", "电话"),
            col("rep", "Rep", "顾问"),
        ];
        let mut records = Records::new(PHONES);
        records.push(vec![7.into(), "13812345678".into(), "王芳".into()]);
        let out = Output {
            bom: true,
            ..out(Format::Csv, Lang::En)
        };
        assert_eq!(
            out.csv(&records).unwrap(),
            "\u{feff}visit_id,phone,rep\n\"=\"\"7\"\"\",\"=\"\"13812345678\"\"\",王芳\n"
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
        let csv = out(Format::Csv, Lang::En)
            .render_sections(&head, &[("by_rep", a), ("by_channel", b)])
            .unwrap();
        assert_eq!(csv, "section,rep,visits,channel\nby_rep,王芳,2,\n");
    }

    #[test]
    fn atomic_write_replaces_whole_and_leaves_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.csv");
        write_atomic(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert!(write_atomic(&dir.path().join("missing").join("r.csv"), b"x").is_err());
        assert!(write_atomic(dir.path(), b"x").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["report.csv"]);
    }

    #[test]
    fn lang_from_the_environment() {
        assert_eq!(Lang::from_env(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_env(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_env(None), Lang::En);
    }
}
