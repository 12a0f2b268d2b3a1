//! Everything a command prints goes through here: a table for people, CSV for spreadsheets and
//! scripts, JSON for programs. Column keys are the stable snake_case names that CSV headers and
//! JSON fields use; `--lang zh` swaps in Chinese headers and value labels for tables and CSV,
//! never for JSON.

use std::io::{self, Write};

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

    /// CSV of any records, header first.
    pub fn csv(&self, records: &Records) -> Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(records.columns.iter().map(|c| self.header(c, false)))
            .context("cannot write CSV header")?;
        for row in &records.rows {
            writer
                .write_record(row.iter().map(|cell| self.text(cell)))
                .context("cannot write CSV row")?;
        }
        let bytes = writer.into_inner().context("cannot finish CSV")?;
        String::from_utf8(bytes).context("CSV is not UTF-8")
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
    fn lang_from_the_environment() {
        assert_eq!(Lang::from_env(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_env(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_env(None), Lang::En);
    }
}
