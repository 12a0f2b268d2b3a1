//! What a spreadsheet row means. Each kind of import (reps, customers, visits, complaints,
//! survey responses, deals, handovers, repairs) is one file here behind [`Sheet`]: the columns
//! it reads, with the English and Chinese names a file may give them, and the checks that turn
//! one row's cells into a typed line. This module holds what every kind shares: matching a
//! header row to the fields ([`layout`]), reading a row cell by cell ([`Cells`]) and the cells
//! several kinds read alike (yes/no, a past moment). Every problem names the column as the
//! file spells it, the bad value and what to type instead; a row collects all its problems,
//! not only the first. A new kind is a new file and its line in [`Kind`].

use chrono::NaiveDateTime;

use super::dates;
use super::survey::Indicator;
use super::text;
use crate::error::Invalid;
use crate::messages::{Composed, Message};

mod complaints;
mod customers;
mod deals;
mod handovers;
mod repairs;
mod reps;
mod responses;
mod visits;

pub use complaints::{ComplaintLine, Complaints};
pub use customers::{CustomerLine, Customers};
pub use deals::{DealLine, Deals};
pub use handovers::{HandoverLine, Handovers};
pub use repairs::{RepairLine, Repairs};
pub use reps::{RepLine, Reps};
pub use responses::{ResponseLine, Responses, answers};
pub use visits::{VisitLine, Visits, call};

/// One kind of import: the columns its file has, and what a row of them means.
pub trait Sheet {
    /// Its place in the kind list.
    const KIND: Kind;
    /// The columns read, with the names a spreadsheet may give them.
    const FIELDS: &'static [Field];
    /// What a good row becomes.
    type Line;
    /// Reads one row; `None` when a cell the line needs had a problem, which `cells` keeps.
    /// A line may come back with problems beside it: the caller checks `cells.problems`.
    fn line(cells: &mut Cells, now: NaiveDateTime) -> Option<Self::Line>;
}

/// What a file holds: every kind there is, each read by its own [`Sheet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Reps,
    Customers,
    Visits,
    Complaints,
    Responses,
    Deals,
    Handovers,
    Repairs,
}

impl Kind {
    /// The kind's code, the word after `salesdesk import`, and its columns, from its sheet.
    fn sheet(self) -> (&'static str, &'static [Field]) {
        match self {
            Kind::Reps => ("reps", Reps::FIELDS),
            Kind::Customers => ("customers", Customers::FIELDS),
            Kind::Visits => ("visits", Visits::FIELDS),
            Kind::Complaints => ("complaints", Complaints::FIELDS),
            Kind::Responses => ("responses", Responses::FIELDS),
            Kind::Deals => ("deals", Deals::FIELDS),
            Kind::Handovers => ("handovers", Handovers::FIELDS),
            Kind::Repairs => ("repairs", Repairs::FIELDS),
        }
    }

    /// The word after `salesdesk import`.
    pub fn code(self) -> &'static str {
        self.sheet().0
    }

    /// The columns this kind reads, with the names a spreadsheet may give them.
    pub fn fields(self) -> &'static [Field] {
        self.sheet().1
    }
}

/// One column an import reads.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    /// Other names for the column; the key itself is always accepted.
    pub aliases: &'static [&'static str],
    pub required: bool,
    /// What the cell should hold, for messages about an empty one.
    pub hint: &'static str,
}

const fn field(
    key: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    hint: &'static str,
) -> Field {
    Field {
        key,
        aliases,
        required,
        hint,
    }
}

// Columns several kinds read under the same names.
const NAME: &[&str] = &["姓名", "客户姓名", "客户名称", "客户"];
const PHONE_NAMES: &[&str] = &[
    "电话",
    "手机",
    "联系电话",
    "手机号",
    "手机号码",
    "电话号码",
    "客户电话",
    "mobile",
    "tel",
];
/// The customer's phone, by which every kind but reps knows them.
const PHONE: Field = field(
    "phone",
    PHONE_NAMES,
    true,
    "an 11-digit mobile such as 13812345678",
);
const GENDER: Field = field("gender", &["性别", "sex"], false, "male or female (男/女)");
const AGE: Field = field("age", &["年龄"], false, "whole years");
const OCCUPATION: Field = field(
    "occupation",
    &["职业", "职务", "职业/职务", "工作单位", "title"],
    false,
    "text",
);
const NOTE: Field = field("note", &["备注", "说明", "notes"], false, "text");

/// How a header cell is compared: case, spaces, underscores and the `*` that marks a
/// required column in many templates do not matter.
pub fn header_key(name: &str) -> String {
    name.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '*' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A column's header as messages name it: trimmed, and shortened ([`text::clip`]) when a file
/// gives a column a header as long as a paragraph.
pub fn shown_header(header: &str) -> String {
    text::clip(header.trim()).into_owned()
}

/// The headers of a file as a message lists them: each shortened, and the first 30 of a header
/// row that has more.
pub fn listing(headers: &[String]) -> String {
    const LISTED: usize = 30;
    let mut listed: Vec<String> = headers
        .iter()
        .take(LISTED)
        .map(|h| shown_header(h))
        .collect();
    if headers.len() > LISTED {
        listed.push(format!("… ({} columns)", headers.len()));
    }
    listed.join(", ")
}

/// Where each field of a kind sits in the file.
#[derive(Debug, Clone)]
pub struct Layout {
    pub kind: Kind,
    /// The header as the file spells it.
    pub headers: Vec<String>,
    /// Per field of `kind.fields()`, its column.
    columns: Vec<Option<usize>>,
    /// Columns no field reads.
    pub unknown: Vec<usize>,
    /// For survey responses: the columns that name an indicator (see [`Layout::claim`]).
    pub indicators: Vec<usize>,
}

/// Maps a header row to the fields of `kind`. A missing required column or two columns that
/// mean the same field is an error before any row is read.
pub fn layout(kind: Kind, headers: &[String]) -> Result<Layout, Invalid> {
    let fields = kind.fields();
    let mut columns: Vec<Option<usize>> = vec![None; fields.len()];
    let mut unknown = Vec::new();
    for (index, header) in headers.iter().enumerate() {
        let key = header_key(header);
        if key.is_empty() {
            continue;
        }
        let found = fields.iter().position(|f| {
            header_key(f.key) == key || f.aliases.iter().any(|alias| header_key(alias) == key)
        });
        match found {
            Some(slot) => {
                if let Some(first) = columns[slot] {
                    return Err(Invalid::from(Message::ColumnsMeanTheSame {
                        first: headers[first].clone(),
                        then: header.clone(),
                        key: fields[slot].key.to_string(),
                    }));
                }
                columns[slot] = Some(index);
            }
            None => unknown.push(index),
        }
    }
    let missing: Vec<String> = fields
        .iter()
        .zip(&columns)
        .filter(|(f, c)| f.required && c.is_none())
        .map(|(f, _)| {
            let mut names = vec![f.key];
            names.extend(f.aliases.iter().take(3));
            format!("{} ({})", f.key, names.join(" / "))
        })
        .collect();
    if !missing.is_empty() {
        return Err(Invalid::from(Message::HeaderLacks {
            missing: Composed(missing.join(", ")),
            several: missing.len() > 1,
            header: Composed(listing(headers)),
        }));
    }
    Ok(Layout {
        kind,
        headers: headers.to_vec(),
        columns,
        unknown,
        indicators: Vec::new(),
    })
}

impl Layout {
    /// Takes the unknown columns whose header names an indicator (by key or label) as the
    /// answer columns of a responses file; the rest stay unknown.
    pub fn claim(&mut self, indicators: &[&Indicator]) {
        let headers = &self.headers;
        let (claimed, unknown): (Vec<usize>, Vec<usize>) =
            self.unknown.iter().partition(|&&column| {
                let key = header_key(&headers[column]);
                indicators
                    .iter()
                    .any(|i| header_key(&i.key) == key || header_key(&i.label) == key)
            });
        self.indicators = claimed;
        self.unknown = unknown;
    }

    fn column(&self, key: &str) -> Option<usize> {
        let slot = self.kind.fields().iter().position(|f| f.key == key)?;
        self.columns[slot]
    }
}

/// A cell that did not fit: the column as the file names it and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// One row's cells, read field by field; problems pile up instead of stopping at the first.
pub struct Cells<'a> {
    layout: &'a Layout,
    values: &'a [String],
    pub problems: Vec<Problem>,
}

impl<'a> Cells<'a> {
    /// Cells beyond the header are a problem when they hold anything.
    pub fn new(layout: &'a Layout, values: &'a [String]) -> Cells<'a> {
        let mut problems = Vec::new();
        if let Some(extra) = values
            .iter()
            .skip(layout.headers.len())
            .position(|v| !v.trim().is_empty())
        {
            let column = layout.headers.len() + extra + 1;
            problems.push(Problem {
                column: format!("column {column}"),
                message: Invalid::from(Message::CellBeyondHeader {
                    column: column as i64,
                    raw: values[column - 1].clone(),
                    columns: layout.headers.len() as i64,
                })
                .english()
                .to_string(),
            });
        }
        Cells {
            layout,
            values,
            problems,
        }
    }

    /// The header of a field's column, or the field's key when the file has none.
    pub fn header(&self, key: &str) -> String {
        self.layout
            .column(key)
            .map(|c| shown_header(&self.layout.headers[c]))
            .unwrap_or_else(|| key.to_string())
    }

    /// The trimmed cell of `key`; `None` when the column is absent or the cell is blank.
    pub fn raw(&self, key: &str) -> Option<&'a str> {
        let index = self.layout.column(key)?;
        self.values
            .get(index)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The raw cell of column `index`, blank or not.
    pub fn at(&self, index: usize) -> &'a str {
        self.values.get(index).map_or("", |v| v.trim())
    }

    pub fn complain(&mut self, column: String, message: String) {
        self.problems.push(Problem { column, message });
    }

    /// A problem the catalogue says; a file of rejects is read by programs too, so the problem
    /// keeps the English.
    pub fn refuse(&mut self, column: String, message: Message) {
        self.complain(column, Invalid::from(message).english().to_string());
    }

    /// Parses `key`'s cell when it holds something.
    pub fn optional<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str, &str) -> Result<T, Invalid>,
    ) -> Option<T> {
        let raw = self.raw(key)?;
        let header = self.header(key);
        match parse(raw, &header) {
            Ok(value) => Some(value),
            Err(invalid) => {
                // A file of rejects is read by programs too: it keeps the English.
                self.complain(header, invalid.english().to_string());
                None
            }
        }
    }

    /// Parses `key`'s cell, which must hold something.
    pub fn required<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str, &str) -> Result<T, Invalid>,
    ) -> Option<T> {
        if self.raw(key).is_none() {
            let header = self.header(key);
            let hint = self
                .layout
                .kind
                .fields()
                .iter()
                .find(|f| f.key == key)
                .map_or("a value", |f| f.hint);
            self.complain(header.clone(), format!("{header}: empty; type {hint}"));
            return None;
        }
        self.optional(key, parse)
    }

    /// Free text of `key`, or `None`.
    pub fn text(&mut self, key: &str) -> Option<String> {
        self.optional(key, crate::domain::field::text).flatten()
    }

    /// The typed line when no cell had a problem.
    pub fn finish<T>(self, line: Option<T>) -> Result<T, Vec<Problem>> {
        match line {
            Some(line) if self.problems.is_empty() => Ok(line),
            _ => Err(self.problems),
        }
    }
}

/// A yes/no cell: 是/否, Y/N, yes/no, true/false, 1/0, √/×.
pub fn flag(raw: &str, field: &str) -> Result<bool, Invalid> {
    match raw.trim().to_lowercase().as_str() {
        "是" | "有" | "y" | "yes" | "true" | "1" | "√" | "✓" => Ok(true),
        "否" | "无" | "n" | "no" | "false" | "0" | "×" | "x" | "-" => Ok(false),
        other => Err(Invalid::from(Message::NotYesOrNo {
            field: Composed(field.to_string()),
            raw: other.to_string(),
        })),
    }
}

/// A sheet time that must not lie after `now`: nothing is registered before it happens.
fn past_moment(raw: &str, field: &str, now: NaiveDateTime) -> Result<NaiveDateTime, Invalid> {
    let at = dates::parse_sheet_moment(raw, field)?;
    if at > now {
        return Err(Invalid::from(Message::LaterThanNow {
            field: Composed(field.to_string()),
            at: dates::minute(at),
            now: dates::minute(now),
        }));
    }
    Ok(at)
}

/// Whether a row can be the header: it names at least one column of `kind`, or holds more
/// than one cell. Rows before it, such as a title over merged cells (客户来访登记表), are
/// skipped.
pub fn is_header(kind: Kind, values: &[String]) -> bool {
    let filled = values.iter().filter(|v| !v.trim().is_empty()).count();
    filled > 1
        || values.iter().any(|v| {
            let key = header_key(v);
            kind.fields()
                .iter()
                .any(|f| header_key(f.key) == key || f.aliases.iter().any(|a| header_key(a) == key))
        })
}

/// What the tests of every kind read rows with.
#[cfg(test)]
mod testing {
    use super::*;

    pub fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    pub fn now() -> NaiveDateTime {
        dates::parse_moment("2026-11-23 12:00", "now").unwrap()
    }

    /// One row of a file with `headers`, read as kind `S` reads it at [`now`].
    pub fn read<S: Sheet>(headers: &[&str], values: &[&str]) -> Result<S::Line, Vec<Problem>> {
        let layout = layout(S::KIND, &strings(headers)).unwrap();
        let values = strings(values);
        let mut cells = Cells::new(&layout, &values);
        let line = S::line(&mut cells, now());
        cells.finish(line)
    }

    /// The columns a refused row names, in the order its problems came.
    pub fn columns(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.column.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::strings;
    use super::*;

    #[test]
    fn chinese_and_english_headers_find_the_same_fields() {
        let chinese = layout(
            Kind::Visits,
            &strings(&[
                "\u{feff}客户姓名",
                "手机",
                "到访时间",
                "销售员",
                "来源",
                "备注",
            ]),
        )
        .unwrap();
        let english = layout(
            Kind::Visits,
            &strings(&["Name", "PHONE", "visited at", "rep", "channel", "note"]),
        )
        .unwrap();
        for key in ["name", "phone", "visited_at", "rep", "channel", "note"] {
            assert!(chinese.column(key).is_some(), "{key}");
            assert_eq!(chinese.column(key), english.column(key), "{key}");
        }
        let starred = layout(Kind::Reps, &strings(&["*姓名", "电话"])).unwrap();
        assert_eq!(starred.column("name"), Some(0));
    }

    #[test]
    fn unknown_columns_are_kept_aside_and_missing_ones_refused() {
        let found = layout(Kind::Reps, &strings(&["姓名", "工号", "电话", ""])).unwrap();
        assert_eq!(found.unknown, vec![1]);
        let err = layout(Kind::Visits, &strings(&["姓名", "电话", "工号"])).unwrap_err();
        assert!(
            err.to_string().contains("visited_at")
                && err.to_string().contains("rep (rep / 置业顾问"),
            "{err}"
        );
        let err = layout(Kind::Reps, &strings(&["姓名", "电话", "手机"])).unwrap_err();
        assert!(
            err.to_string()
                .contains("\"电话\" and \"手机\" both mean phone"),
            "{err}"
        );
    }

    #[test]
    fn cells_beyond_the_header_are_refused_unless_blank() {
        let found = layout(Kind::Reps, &strings(&["姓名"])).unwrap();
        let blank = strings(&["王芳", "", " "]);
        let mut cells = Cells::new(&found, &blank);
        let line = Reps::line(&mut cells, super::testing::now());
        assert!(cells.finish(line).is_ok());
        let extra = strings(&["王芳", "", "x"]);
        let mut cells = Cells::new(&found, &extra);
        let line = Reps::line(&mut cells, super::testing::now());
        let problems = cells.finish(line).unwrap_err();
        assert!(problems[0].message.contains("column 3"), "{problems:?}");
    }

    #[test]
    fn every_kind_is_read_by_the_sheet_that_names_it() {
        fn check<S: Sheet>() {
            let keys = |fields: &[Field]| fields.iter().map(|f| f.key).collect::<Vec<_>>();
            assert_eq!(
                keys(S::KIND.fields()),
                keys(S::FIELDS),
                "{}",
                S::KIND.code()
            );
        }
        check::<Reps>();
        check::<Customers>();
        check::<Visits>();
        check::<Complaints>();
        check::<Responses>();
        check::<Deals>();
        check::<Handovers>();
        check::<Repairs>();
    }

    #[test]
    fn flags_read_yes_and_no_in_both_languages() {
        for yes in ["是", "Y", "yes", "TRUE", "1", "√"] {
            assert!(flag(yes, "媒体").unwrap(), "{yes}");
        }
        for no in ["否", "n", "No", "0", "×"] {
            assert!(!flag(no, "媒体").unwrap(), "{no}");
        }
        assert!(
            flag("maybe", "媒体")
                .unwrap_err()
                .to_string()
                .starts_with("媒体: ")
        );
    }

    #[test]
    fn a_long_header_and_listing_are_shown_as_composed() {
        // A header is shortened once, where it is read; the message shows it as it came.
        let header = shown_header(&"列".repeat(100));
        let err = flag("maybe", &header).unwrap_err();
        assert!(err.to_string().starts_with(&format!("{header}: ")), "{err}");
        let headers: Vec<String> = (0..40).map(|i| format!("column number {i}")).collect();
        let err = layout(Kind::Reps, &headers).unwrap_err();
        assert!(
            err.to_string()
                .ends_with(&format!("(the header is: {})", listing(&headers))),
            "{err}"
        );
        assert!(err.text(crate::lang::Lang::Zh).contains(&listing(&headers)));
    }

    #[test]
    fn a_time_after_now_is_refused() {
        let now = super::testing::now();
        assert!(past_moment("2026-11-23 12:00", "时间", now).is_ok());
        let err = past_moment("2026-11-23 12:01", "时间", now).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("时间: 2026-11-23 12:01 is later than now"),
            "{err}"
        );
    }
}
