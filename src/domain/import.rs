//! What a spreadsheet row means: the header alias table that maps English and Chinese column
//! names to fields, and the checks that turn one row's cells into a typed line for each kind of
//! import (reps, customers, visits, complaints, survey responses). Every problem names the
//! column as the file spells it, the bad value and what to type instead; a row collects all its
//! problems, not only the first.

use chrono::{NaiveDate, NaiveDateTime};

use super::codes::Code;
use super::complaint::{self, Category, Department, Flags};
use super::customer::{self, Channel, Class, Gender};
use super::dates;
use super::deal::CompanyDeal;
use super::money::Amount;
use super::phone::Phone;
use super::survey::{self, Indicator};
use super::text::{self, quoted};
use crate::error::Invalid;

/// What a file holds.
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
    pub fn code(self) -> &'static str {
        match self {
            Kind::Reps => "reps",
            Kind::Customers => "customers",
            Kind::Visits => "visits",
            Kind::Complaints => "complaints",
            Kind::Responses => "responses",
            Kind::Deals => "deals",
            Kind::Handovers => "handovers",
            Kind::Repairs => "repairs",
        }
    }

    /// The columns this kind reads, with the names a spreadsheet may give them.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Reps => REP_FIELDS,
            Kind::Customers => CUSTOMER_FIELDS,
            Kind::Visits => VISIT_FIELDS,
            Kind::Complaints => COMPLAINT_FIELDS,
            Kind::Responses => RESPONSE_FIELDS,
            Kind::Deals => DEAL_FIELDS,
            Kind::Handovers => HANDOVER_FIELDS,
            Kind::Repairs => REPAIR_FIELDS,
        }
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

const NAME: &[&str] = &["姓名", "客户姓名", "客户名称", "客户"];
const PHONE: &[&str] = &[
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
const GENDER: Field = field("gender", &["性别", "sex"], false, "male or female (男/女)");
const AGE: Field = field("age", &["年龄"], false, "whole years");
const OCCUPATION: Field = field(
    "occupation",
    &["职业", "职务", "职业/职务", "工作单位", "title"],
    false,
    "text",
);
const NOTE: Field = field("note", &["备注", "说明", "notes"], false, "text");

/// The twelve free-text details of a customer, in the order [`CustomerLine::details`] keeps.
const DETAIL_KEYS: [&str; 12] = [
    "education",
    "occupation",
    "income",
    "family",
    "address",
    "email",
    "personality",
    "interests",
    "attitude",
    "requirements",
    "purchase",
    "tendency",
];

static REP_FIELDS: &[Field] = &[
    field(
        "name",
        &["姓名", "置业顾问", "销售员", "顾问", "员工姓名", "rep"],
        true,
        "the rep's name",
    ),
    field("phone", PHONE, false, "a phone number"),
];

static CUSTOMER_FIELDS: &[Field] = &[
    field("name", NAME, true, "the customer's name, for example 张三"),
    field(
        "phone",
        PHONE,
        true,
        "an 11-digit mobile such as 13812345678",
    ),
    field(
        "class",
        &["客户分类", "分类", "类别", "客户类别"],
        false,
        "owner, intent or potential (业主/意向客户/潜在客户)",
    ),
    GENDER,
    AGE,
    field(
        "education",
        &["学历", "教育程度", "文化程度"],
        false,
        "text",
    ),
    OCCUPATION,
    field(
        "income",
        &["收入", "收入水平", "家庭收入", "月收入"],
        false,
        "text",
    ),
    field("family", &["家庭结构", "家庭", "家庭成员"], false, "text"),
    field(
        "address",
        &["地址", "住址", "联系地址", "居住区域"],
        false,
        "text",
    ),
    field(
        "email",
        &["邮箱", "电子邮件", "电子邮箱", "e-mail"],
        false,
        "text",
    ),
    field("personality", &["性格", "个性"], false, "text"),
    field("interests", &["兴趣", "爱好", "兴趣爱好"], false, "text"),
    field("attitude", &["购买态度", "态度"], false, "text"),
    field("requirements", &["需求", "购房需求", "要求"], false, "text"),
    field(
        "purchase",
        &["购买记录", "购买情况", "已购房源"],
        false,
        "text",
    ),
    field("tendency", &["购买倾向", "意向房型", "倾向"], false, "text"),
    field(
        "bought_at",
        &["成交时间", "成交日期", "购买日期", "签约日期"],
        false,
        "the day of the deal, for example 2026-03-05",
    ),
];

static VISIT_FIELDS: &[Field] = &[
    field("name", NAME, true, "the customer's name, for example 张三"),
    field(
        "phone",
        PHONE,
        true,
        "an 11-digit mobile such as 13812345678",
    ),
    field(
        "visited_at",
        &[
            "来访时间",
            "到访时间",
            "来电时间",
            "登记时间",
            "时间",
            "日期",
            "at",
        ],
        true,
        "the time of the visit, for example 2026-03-05 09:05",
    ),
    field(
        "rep",
        &[
            "置业顾问",
            "销售员",
            "接待顾问",
            "接待人",
            "顾问",
            "销售代表",
        ],
        true,
        "the name of the rep who received the customer",
    ),
    field(
        "channel",
        &["渠道", "来源", "来访渠道", "认知途径"],
        false,
        "walk-in, phone, referral, web or event",
    ),
    field(
        "kind",
        &["类型", "来访/来电", "来访方式", "方式"],
        false,
        "visit or call (来访/来电)",
    ),
    GENDER,
    AGE,
    OCCUPATION,
    NOTE,
];

static COMPLAINT_FIELDS: &[Field] = &[
    field(
        "phone",
        PHONE,
        true,
        "an 11-digit mobile such as 13812345678",
    ),
    field("name", NAME, false, "the customer's name"),
    field(
        "received_at",
        &["投诉时间", "受理时间", "接收时间", "时间", "日期"],
        true,
        "when the complaint came in, for example 2026-03-05 09:05",
    ),
    field(
        "ticketed_at",
        &["立案时间", "登记时间"],
        false,
        "when it was ticketed, for example 2026-03-05 09:20",
    ),
    field(
        "channel",
        &["渠道", "投诉渠道", "来源", "投诉方式"],
        true,
        "onsite, phone, web, forum, letter, other, inspection, certificate, leader, revisit or internal",
    ),
    field(
        "category",
        &["类别", "投诉类别", "分类", "投诉类型"],
        true,
        "sales, signing, handover, certificate, property, quality, design or other",
    ),
    field(
        "text",
        &["内容", "投诉内容", "问题描述", "投诉事项", "事由"],
        true,
        "what the customer complains about",
    ),
    field(
        "amount",
        &["金额", "涉及金额", "索赔金额"],
        false,
        "an amount in CNY",
    ),
    field(
        "department",
        &["部门", "责任部门", "处理部门"],
        false,
        "a department",
    ),
    field("media", &["媒体", "媒体曝光"], false, "yes or no (是/否)"),
    field(
        "government",
        &["政府", "政府部门"],
        false,
        "yes or no (是/否)",
    ),
    field(
        "consumer_association",
        &["消协", "消费者协会"],
        false,
        "yes or no (是/否)",
    ),
    field("safety", &["安全", "安全隐患"], false, "yes or no (是/否)"),
    field(
        "group",
        &["群诉", "集体投诉", "群体投诉"],
        false,
        "yes or no (是/否)",
    ),
    field(
        "structural",
        &["结构", "结构问题"],
        false,
        "yes or no (是/否)",
    ),
    field(
        "cross_department",
        &["多部门", "跨部门", "多中心配合"],
        false,
        "yes or no (是/否)",
    ),
    field(
        "by",
        &["受理人", "接待人", "记录人", "received_by"],
        false,
        "a name",
    ),
];

/// Columns of a responses file besides its indicators, which come from the survey itself.
static RESPONSE_FIELDS: &[Field] = &[
    field(
        "survey",
        &["调查", "调查名称", "批次", "问卷"],
        true,
        "the survey's name as given to `salesdesk survey new`",
    ),
    field(
        "phone",
        PHONE,
        true,
        "an 11-digit mobile such as 13812345678",
    ),
    field(
        "answered_at",
        &["回访时间", "调查时间", "填写时间", "时间", "日期"],
        false,
        "when the customer answered, for example 2026-03-05 09:05",
    ),
];

static DEAL_FIELDS: &[Field] = &[
    field(
        "phone",
        PHONE,
        true,
        "an 11-digit mobile such as 13812345678",
    ),
    field("name", NAME, false, "the buyer's name"),
    field(
        "bought_at",
        &["成交日期", "成交时间", "签约日期", "认购日期", "日期"],
        true,
        "the day of the deal, for example 2026-03-05",
    ),
    field(
        "unit",
        &["房号", "房间号", "单元房号", "房源"],
        true,
        "the unit sold, for example 5-2-1201",
    ),
    field(
        "price",
        &["成交价", "成交金额", "总价", "成交总价", "房款"],
        true,
        "the price in CNY",
    ),
    field(
        "rep",
        &["置业顾问", "销售员", "成交顾问", "顾问"],
        false,
        "the name of the rep who closed the deal",
    ),
    field(
        "company",
        &["公司客户", "公司客户类型"],
        false,
        "introduced, arranged or arranged-staff",
    ),
];

static HANDOVER_FIELDS: &[Field] = &[
    field(
        "unit",
        &["房号", "房间号", "单元房号", "房源"],
        true,
        "the unit handed over, for example 5-2-1201",
    ),
    field(
        "phone",
        PHONE,
        true,
        "an 11-digit mobile such as 13812345678",
    ),
    field("name", NAME, false, "the owner's name"),
    field(
        "handed_over",
        &["交房日期", "交付日期", "交房时间", "收楼日期", "日期"],
        true,
        "the day of the handover, for example 2026-08-23",
    ),
];

static REPAIR_FIELDS: &[Field] = &[
    field(
        "phone",
        PHONE,
        true,
        "an 11-digit mobile such as 13812345678",
    ),
    field("name", NAME, false, "the owner's name"),
    field(
        "unit",
        &["房号", "地址", "房间号", "单元房号"],
        true,
        "the unit, for example 5-2-1201",
    ),
    field(
        "received_at",
        &["报修时间", "报修日期", "维修日期", "日期"],
        true,
        "when the repair was asked for, for example 2026-11-20 09:30",
    ),
    field(
        "kind",
        &["维修类别", "类别", "维修类型"],
        true,
        "safety, leak or general (安全设施/漏水/一般维修)",
    ),
    field(
        "text",
        &["维修内容", "内容", "报修内容"],
        true,
        "what is to be repaired",
    ),
    field(
        "appointment",
        &["约修日期", "约修时间", "预约时间"],
        false,
        "the appointment, for example 2026-11-20 14:00",
    ),
];

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
                    return Err(Invalid::from(format!(
                        "columns {} and {} both mean {}; keep one of them",
                        quoted(&headers[first]),
                        quoted(header),
                        fields[slot].key
                    )));
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
        return Err(Invalid::from(format!(
            "the header has no column for {}; add {} (the header is: {})",
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" },
            listing(headers)
        )));
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
                message: format!(
                    "column {column}: {} is beyond the header's {} columns; give the column a \
                     header or clear it",
                    quoted(&values[column - 1]),
                    layout.headers.len()
                ),
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
        self.optional(key, customer::text).flatten()
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
        other => Err(Invalid::from(format!(
            "{field}: {} is not yes or no; type 是 or 否 (yes/no), or leave it empty",
            quoted(other)
        ))),
    }
}

/// A register entry's kind: 来访 (a visit) or 来电 (a call).
pub fn call(raw: &str, field: &str) -> Result<bool, Invalid> {
    match raw.trim().to_lowercase().as_str() {
        "visit" | "来访" | "到访" | "上门" => Ok(false),
        "call" | "来电" | "电话" => Ok(true),
        other => Err(Invalid::from(format!(
            "{field}: {} is neither a visit nor a call; type visit or call (来访/来电)",
            quoted(other)
        ))),
    }
}

/// A sheet time that must not lie after `now`: nothing is registered before it happens.
fn past_moment(raw: &str, field: &str, now: NaiveDateTime) -> Result<NaiveDateTime, Invalid> {
    let at = dates::parse_sheet_moment(raw, field)?;
    if at > now {
        return Err(Invalid::from(format!(
            "{field}: {} is later than now ({}); check the year and month",
            dates::minute(at),
            dates::minute(now)
        )));
    }
    Ok(at)
}

#[derive(Debug, Clone, PartialEq)]
pub struct RepLine {
    pub name: String,
    pub phone: Option<Phone>,
}

pub fn rep(cells: &mut Cells) -> Option<RepLine> {
    let name = cells.required("name", customer::name);
    let phone = cells.optional("phone", Phone::parse);
    Some(RepLine { name: name?, phone })
}

#[derive(Debug, Clone, PartialEq)]
pub struct CustomerLine {
    pub name: String,
    pub phone: Phone,
    pub class: Option<Class>,
    pub gender: Option<Gender>,
    pub age: Option<i64>,
    /// Education, occupation, income, family, address, email, personality, interests,
    /// attitude, requirements, purchase, tendency.
    pub details: [Option<String>; 12],
    /// When an owner bought; the deal is dated by it.
    pub bought_at: Option<NaiveDateTime>,
}

/// A customer. A deal date makes the customer an owner (业主); a class that says otherwise
/// next to a deal date is a contradiction the office must settle.
pub fn customer(cells: &mut Cells, now: NaiveDateTime) -> Option<CustomerLine> {
    let name = cells.required("name", customer::name);
    let phone = cells.required("phone", Phone::parse);
    let mut class = cells.optional("class", Class::parse);
    let gender = cells.optional("gender", customer::gender);
    let age = cells.optional("age", customer::age);
    let details = DETAIL_KEYS.map(|key| cells.text(key));
    let bought_at = cells.optional("bought_at", |raw, field| past_moment(raw, field, now));
    if bought_at.is_some() {
        match class {
            None | Some(Class::Owner) => class = Some(Class::Owner),
            Some(other) => {
                let header = cells.header("class");
                cells.complain(
                    header.clone(),
                    format!(
                        "{header}: {:?} but the row has a deal date; type owner (业主), or clear \
                         the deal date",
                        other.code()
                    ),
                );
            }
        }
    }
    Some(CustomerLine {
        name: name?,
        phone: phone?,
        class,
        gender,
        age,
        details,
        bought_at,
    })
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

#[derive(Debug, Clone, PartialEq)]
pub struct VisitLine {
    pub name: String,
    pub phone: Phone,
    pub at: NaiveDateTime,
    /// The rep's name as the sheet gives it; `None` only for a call.
    pub rep: Option<String>,
    pub call: bool,
    pub channel: Channel,
    pub gender: Option<Gender>,
    pub age: Option<i64>,
    pub occupation: Option<String>,
    pub note: Option<String>,
}

pub fn visit(cells: &mut Cells, now: NaiveDateTime) -> Option<VisitLine> {
    let name = cells.required("name", customer::name);
    let phone = cells.required("phone", Phone::parse);
    let at = cells.required("visited_at", |raw, field| past_moment(raw, field, now));
    let call = cells.optional("kind", call).unwrap_or(false);
    // A call is recorded for the rep who took it, if the sheet says; a visit needs its rep.
    let rep = if call {
        cells.optional("rep", customer::name)
    } else {
        cells.required("rep", customer::name)
    };
    let rep_missing = !call && rep.is_none();
    let channel = cells
        .optional("channel", Channel::parse)
        .unwrap_or(if call {
            Channel::Phone
        } else {
            Channel::WalkIn
        });
    let gender = cells.optional("gender", customer::gender);
    let age = cells.optional("age", customer::age);
    let occupation = cells.text("occupation");
    let note = cells.text("note");
    if rep_missing {
        return None;
    }
    Some(VisitLine {
        name: name?,
        phone: phone?,
        at: at?,
        rep,
        call,
        channel,
        gender,
        age,
        occupation,
        note,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct DealLine {
    pub phone: Phone,
    pub name: Option<String>,
    pub bought_at: NaiveDateTime,
    pub unit: String,
    pub price: Amount,
    /// The rep's name as the sheet gives it; none only for a company deal other staff followed.
    pub rep: Option<String>,
    pub company: Option<CompanyDeal>,
}

/// A deal from an office's sales sheet: the closing rep is the one the sheet names (its
/// history is the office's record, as with the register).
pub fn deal(cells: &mut Cells, now: NaiveDateTime) -> Option<DealLine> {
    let phone = cells.required("phone", Phone::parse);
    let name = cells.optional("name", customer::name);
    let bought_at = cells.required("bought_at", |raw, field| past_moment(raw, field, now));
    let unit = cells.required("unit", super::deal::unit);
    let price = cells.required("price", |raw, field| {
        Amount::parse(raw, field).and_then(|amount| {
            if amount.0 > 0 {
                Ok(amount)
            } else {
                Err(Invalid::from(format!(
                    "{field}: {} is nothing; type the price in CNY, for example 1280000",
                    quoted(raw)
                )))
            }
        })
    });
    let company = cells.optional("company", CompanyDeal::parse);
    let rep = if company == Some(CompanyDeal::ArrangedStaff) {
        cells.optional("rep", customer::name)
    } else {
        cells.required("rep", customer::name)
    };
    Some(DealLine {
        phone: phone?,
        name,
        bought_at: bought_at?,
        unit: unit?,
        price: price?,
        rep,
        company,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct HandoverLine {
    pub unit: String,
    pub phone: Phone,
    pub name: Option<String>,
    pub handed_over: NaiveDate,
}

/// A handover from the office's handover sheet (交房登记): the unit, its owner and the day.
pub fn handover(cells: &mut Cells, now: NaiveDateTime) -> Option<HandoverLine> {
    let unit = cells.required("unit", super::deal::unit);
    let phone = cells.required("phone", Phone::parse);
    let name = cells.optional("name", customer::name);
    let handed_over = cells.required("handed_over", |raw, field| {
        past_moment(raw, field, now).map(|at| at.date())
    });
    Some(HandoverLine {
        unit: unit?,
        phone: phone?,
        name,
        handed_over: handed_over?,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct RepairLine {
    pub phone: Phone,
    pub name: Option<String>,
    pub unit: String,
    pub received_at: NaiveDateTime,
    pub kind: super::aftersales::RepairKind,
    pub text: String,
    pub appointment: Option<NaiveDateTime>,
}

/// A repair from the repair register (报修登记台帐): date, owner, address, phone, content and
/// appointment, as 维修、约修制度 三 lists them.
pub fn repair(cells: &mut Cells, now: NaiveDateTime) -> Option<RepairLine> {
    let phone = cells.required("phone", Phone::parse);
    let name = cells.optional("name", customer::name);
    let unit = cells.required("unit", super::deal::unit);
    let received_at = cells.required("received_at", |raw, field| past_moment(raw, field, now));
    let kind = cells.required("kind", super::aftersales::RepairKind::parse);
    let text = cells.required("text", |raw, field| {
        customer::text(raw, field)?
            .ok_or_else(|| Invalid::from(format!("{field}: empty; say what is to be repaired")))
    });
    let appointment = cells.optional("appointment", dates::parse_sheet_moment);
    Some(RepairLine {
        phone: phone?,
        name,
        unit: unit?,
        received_at: received_at?,
        kind: kind?,
        text: text?,
        appointment,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintLine {
    pub phone: Phone,
    pub name: Option<String>,
    pub received_at: NaiveDateTime,
    pub ticketed_at: NaiveDateTime,
    pub channel: complaint::Channel,
    pub category: Category,
    pub department: Department,
    pub amount: Option<Amount>,
    pub flags: Flags,
    pub text: String,
    pub by: Option<String>,
}

pub fn complaint(cells: &mut Cells, now: NaiveDateTime) -> Option<ComplaintLine> {
    let phone = cells.required("phone", Phone::parse);
    let name = cells.optional("name", customer::name);
    let received_at = cells.required("received_at", |raw, field| past_moment(raw, field, now));
    let ticketed_at = cells.optional("ticketed_at", |raw, field| past_moment(raw, field, now));
    let channel = cells.required("channel", complaint::Channel::parse);
    let category = cells.required("category", Category::parse);
    let department = cells.optional("department", Department::parse);
    let amount = cells.optional("amount", Amount::parse);
    let mut flag_of = |key: &str| cells.optional(key, flag).unwrap_or(false);
    let flags = Flags {
        safety: flag_of("safety"),
        group: flag_of("group"),
        government: flag_of("government"),
        media: flag_of("media"),
        consumer_association: flag_of("consumer_association"),
        structural: flag_of("structural"),
        cross_department: flag_of("cross_department"),
    };
    let text = cells.required("text", |raw, field| {
        customer::text(raw, field).map(Option::unwrap_or_default)
    });
    let by = cells.optional("by", customer::name);
    let received_at = received_at?;
    let ticketed_at = ticketed_at.unwrap_or(received_at);
    if ticketed_at < received_at {
        let header = cells.header("ticketed_at");
        cells.complain(
            header.clone(),
            format!(
                "{header}: {} is before the complaint came in ({}); a complaint is ticketed after \
                 it is received",
                dates::minute(ticketed_at),
                dates::minute(received_at)
            ),
        );
    }
    let category = category?;
    Some(ComplaintLine {
        phone: phone?,
        name,
        received_at,
        ticketed_at,
        channel: channel?,
        category,
        department: department.unwrap_or_else(|| category.department()),
        amount,
        flags,
        text: text?,
        by,
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseLine {
    pub survey: String,
    pub phone: Phone,
    pub answered_at: Option<NaiveDateTime>,
}

/// The fixed columns of a response; the answers are read against the survey's indicators by
/// [`answers`].
pub fn response(cells: &mut Cells, now: NaiveDateTime) -> Option<ResponseLine> {
    let survey = cells.required("survey", customer::name);
    let phone = cells.required("phone", Phone::parse);
    let answered_at = cells.optional("answered_at", |raw, field| past_moment(raw, field, now));
    Some(ResponseLine {
        survey: survey?,
        phone: phone?,
        answered_at,
    })
}

/// A response's answers, from the columns [`Layout::claim`] took: each names an indicator of
/// some survey by key or label. A blank cell is an indicator the customer skipped; a score in a
/// column the row's survey does not ask about is a problem, and so is a row with no answer.
pub fn answers(
    cells: &mut Cells,
    survey: &str,
    indicators: &[Indicator],
    scale: i64,
) -> Vec<(String, i64)> {
    let mut answers = Vec::new();
    for &index in &cells.layout.indicators {
        let header = shown_header(&cells.layout.headers[index]);
        let raw = cells.at(index);
        if raw.is_empty() {
            continue;
        }
        let key = header_key(&header);
        match indicators
            .iter()
            .find(|i| header_key(&i.key) == key || header_key(&i.label) == key)
        {
            Some(indicator) => match survey::score(raw, scale, &header) {
                Ok(score) => answers.push((indicator.key.clone(), score)),
                Err(invalid) => cells.complain(header, invalid.english().to_string()),
            },
            None => {
                let keys: Vec<&str> = indicators.iter().map(|i| i.key.as_str()).collect();
                cells.complain(
                    header.clone(),
                    format!(
                        "{header}: survey {survey} has no indicator {}; its indicators \
                         are {} (clear the cell or rename the column)",
                        quoted(&header),
                        keys.join(", ")
                    ),
                );
            }
        }
    }
    if answers.is_empty() && cells.problems.is_empty() {
        cells.complain(
            "answers".into(),
            format!("answers: none given; give a score in at least one indicator column of survey {survey}"),
        );
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn now() -> NaiveDateTime {
        dates::parse_moment("2026-11-23 12:00", "now").unwrap()
    }

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
    fn a_row_reports_every_bad_cell() {
        let found = layout(
            Kind::Visits,
            &strings(&["姓名", "电话", "来访时间", "置业顾问", "渠道", "年龄"]),
        )
        .unwrap();
        let values = strings(&["", "12345", "2026/13/1 9:00", "王芳", "fax", "二十"]);
        let mut cells = Cells::new(&found, &values);
        let line = visit(&mut cells, now());
        let problems = cells.finish(line).unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(columns, ["姓名", "电话", "来访时间", "渠道", "年龄"]);
        assert!(
            problems[0]
                .message
                .contains("empty; type the customer's name")
        );
        assert!(
            problems[1]
                .message
                .contains("\"12345\" is not a phone number")
        );
        assert!(problems[2].message.contains("YYYY-MM-DD HH:MM"));
    }

    #[test]
    fn visits_normalise_and_default() {
        let found = layout(
            Kind::Visits,
            &strings(&["姓名", "电话", "来访时间", "置业顾问", "类型"]),
        )
        .unwrap();
        let values = strings(&[" 张三 ", "+86 138-1234-5678", "2026/3/5 9:05", "王芳", ""]);
        let mut cells = Cells::new(&found, &values);
        let line = visit(&mut cells, now());
        let line = cells.finish(line).unwrap();
        assert_eq!(line.name, "张三");
        assert_eq!(line.phone.as_str(), "13812345678");
        assert_eq!(dates::minute(line.at), "2026-03-05 09:05");
        assert_eq!(line.channel, Channel::WalkIn);
        assert!(!line.call);

        let values = strings(&["张三", "13812345678", "2026/3/5 9:05", "", "来电"]);
        let mut cells = Cells::new(&found, &values);
        let line = visit(&mut cells, now());
        let line = cells.finish(line).unwrap();
        assert!(line.call && line.rep.is_none());
        assert_eq!(line.channel, Channel::Phone);

        let values = strings(&["张三", "13812345678", "2026/3/5 9:05", "", "来访"]);
        let mut cells = Cells::new(&found, &values);
        let line = visit(&mut cells, now());
        let problems = cells.finish(line).unwrap_err();
        assert!(
            problems[0].message.starts_with("置业顾问: empty"),
            "{problems:?}"
        );

        let values = strings(&["张三", "13812345678", "2027/3/5 9:05", "王芳", ""]);
        let mut cells = Cells::new(&found, &values);
        let line = visit(&mut cells, now());
        let problems = cells.finish(line).unwrap_err();
        assert!(
            problems[0].message.contains("later than now"),
            "{problems:?}"
        );
    }

    #[test]
    fn cells_beyond_the_header_are_refused_unless_blank() {
        let found = layout(Kind::Reps, &strings(&["姓名"])).unwrap();
        let blank = strings(&["王芳", "", " "]);
        let mut cells = Cells::new(&found, &blank);
        let line = rep(&mut cells);
        assert!(cells.finish(line).is_ok());
        let extra = strings(&["王芳", "", "x"]);
        let mut cells = Cells::new(&found, &extra);
        let line = rep(&mut cells);
        let problems = cells.finish(line).unwrap_err();
        assert!(problems[0].message.contains("column 3"), "{problems:?}");
    }

    #[test]
    fn complaints_take_flags_and_default_the_department() {
        let found = layout(
            Kind::Complaints,
            &strings(&[
                "电话",
                "投诉时间",
                "渠道",
                "类别",
                "投诉内容",
                "金额",
                "媒体",
                "立案时间",
            ]),
        )
        .unwrap();
        let values = strings(&[
            "13812345678",
            "2026-03-05 09:00",
            "电话",
            "质量",
            "墙面开裂",
            "12,000",
            "是",
            "",
        ]);
        let mut cells = Cells::new(&found, &values);
        let line = complaint(&mut cells, now());
        let line = cells.finish(line).unwrap();
        assert!(line.flags.media && !line.flags.safety);
        assert_eq!(line.department, Department::Engineering);
        assert_eq!(line.amount, Some(Amount(1_200_000)));
        assert_eq!(line.ticketed_at, line.received_at);

        let values = strings(&[
            "13812345678",
            "2026-03-05 09:00",
            "电话",
            "质量",
            "墙面开裂",
            "",
            "也许",
            "2026-03-05 08:00",
        ]);
        let mut cells = Cells::new(&found, &values);
        let line = complaint(&mut cells, now());
        let problems = cells.finish(line).unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(columns, ["媒体", "立案时间"], "{problems:?}");
    }

    #[test]
    fn flags_and_kinds() {
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
        assert!(call("来电", "类型").unwrap());
        assert!(!call("visit", "类型").unwrap());
        assert!(call("fax", "类型").is_err());
    }
}
