//! The message catalogue: every sentence a person reads from salesdesk — the clerk at the desk,
//! the managers reading a report's notes, the IT person reading why a file was refused — each
//! written once in English and once in Chinese, side by side, with its arguments, in one section
//! per command. A rule or a command builds a [`Message`] with the facts (the field, the bad
//! value); the language is chosen only when the message is printed, from `--lang` or `LANG` like
//! the tables, so that the rules never need to know who reads them. The English is the wording
//! scripts and tests have always matched on; the Chinese says the same things, the field as typed
//! and the bad value included. A test holds every message to having both, and a test of
//! `tests/e2e/security.rs` keeps `src/cmd` and `src/domain` from making one up on the spot.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::domain::text;
use crate::lang::Lang;

pub mod columns;

/// Defines [`Message`] from one entry per message: its arguments, then its English and its
/// Chinese as expressions over those arguments. The test build also gets one sample of each
/// message, so that no message can be added without both languages being checked.
macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $name:ident { $($field:ident : $ty:ty),* $(,)? }
            en: $en:expr,
            zh: $zh:expr;
    )+) => {
        /// A message of the catalogue with its arguments; [`Message::text`] renders it.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Message {
            $( $(#[$doc])* $name { $($field: $ty),* } ),+
        }

        impl Message {
            /// The message in `lang`.
            pub fn text(&self, lang: Lang) -> String {
                match self {
                    $( Message::$name { $($field),* } => {
                        // Every argument is shown shortened: a message never echoes more than
                        // the start of a bad value, however long the value was.
                        $( let $field = Shown::shown($field); )*
                        match lang {
                            Lang::En => $en,
                            Lang::Zh => $zh,
                        }
                    } ),+
                }
            }

            /// One of each message, each argument a value that names it (see [`Sample`]), with
            /// the names of its arguments.
            #[cfg(test)]
            fn samples() -> Vec<(Message, &'static [&'static str])> {
                vec![$(
                    (
                        Message::$name { $($field: Sample::sample(stringify!($field))),* },
                        &[$(stringify!($field)),*],
                    )
                ),+]
            }

            /// One of each message, every text argument `value`.
            #[cfg(test)]
            fn filled(value: &str) -> Vec<Message> {
                vec![$( Message::$name { $($field: Sample::filled(value)),* } ),+]
            }
        }
    };
}

/// Bad input: a field the user typed or a file they gave does not fit. The message names the
/// field, carries the bad value and says what to type instead. `Display` is the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    en: String,
    /// The Chinese, when the message is in the catalogue.
    zh: Option<String>,
}

impl Invalid {
    /// The message in `lang` (English when it has no Chinese).
    pub fn text(&self, lang: Lang) -> &str {
        match (lang, &self.zh) {
            (Lang::Zh, Some(zh)) => zh,
            _ => &self.en,
        }
    }

    /// The English, for files and logs that machines read (an import's rejects).
    pub fn english(&self) -> &str {
        &self.en
    }
}

impl From<Message> for Invalid {
    fn from(message: Message) -> Invalid {
        Invalid {
            en: message.text(Lang::En),
            zh: Some(message.text(Lang::Zh)),
        }
    }
}

/// A message not (yet) in the catalogue: English in both languages.
impl From<String> for Invalid {
    fn from(en: String) -> Invalid {
        Invalid { en, zh: None }
    }
}

impl From<&str> for Invalid {
    fn from(en: &str) -> Invalid {
        Invalid::from(en.to_string())
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for Invalid {}

/// An argument as a message shows it. A text is a [`Value`]; the rest (numbers, lists of names
/// the database holds, nested messages) as they are.
trait Shown {
    type As<'a>
    where
        Self: 'a;
    fn shown(&self) -> Self::As<'_>;
}

/// A text argument: `{}` shows at most [`text::QUOTED_CHARACTERS`] characters of it
/// ([`text::clip`]), `{:?}` quotes it as every message quotes a bad value ([`text::quoted`]).
struct Value<'a>(&'a str);

impl std::fmt::Display for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text::clip(self.0))
    }
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&text::quoted(self.0))
    }
}

impl Shown for String {
    type As<'a> = Value<'a>;
    fn shown(&self) -> Value<'_> {
        Value(self)
    }
}

impl Shown for i64 {
    type As<'a> = i64;
    fn shown(&self) -> i64 {
        *self
    }
}

impl Shown for Option<String> {
    type As<'a> = Option<Cow<'a, str>>;
    fn shown(&self) -> Option<Cow<'_, str>> {
        self.as_deref().map(text::clip)
    }
}

impl Shown for Vec<String> {
    type As<'a> = Vec<Cow<'a, str>>;
    fn shown(&self) -> Vec<Cow<'_, str>> {
        self.iter().map(|value| text::clip(value)).collect()
    }
}

/// Nested messages shorten their own arguments.
impl Shown for Vec<Message> {
    type As<'a> = &'a [Message];
    fn shown(&self) -> &[Message] {
        self
    }
}

/// A path the command read or wrote, shown whole: the clerk needs all of it to find the file,
/// and the system bounds how long it can be.
impl Shown for PathBuf {
    type As<'a> = std::path::Display<'a>;
    fn shown(&self) -> std::path::Display<'_> {
        self.display()
    }
}

/// Text salesdesk composed from its own words and values shortened already (a rule's
/// reason, a deal's split, a header listing, a column's header as
/// [`crate::domain::import::shown_header`] gives it), shown whole: what composed it bounds
/// its length, and clipping the whole would cut off what follows the values in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed(pub String);

impl Shown for Composed {
    type As<'a> = &'a str;
    fn shown(&self) -> &str {
        &self.0
    }
}

/// A path shown whole when there is one (see the impl for [`PathBuf`]).
impl Shown for Option<PathBuf> {
    type As<'a> = Option<std::path::Display<'a>>;
    fn shown(&self) -> Option<std::path::Display<'_>> {
        self.as_deref().map(std::path::Path::display)
    }
}

impl Shown for bool {
    type As<'a> = bool;
    fn shown(&self) -> bool {
        *self
    }
}

/// A refusal a parser gave, nested in a message about several: it shortens its own values.
impl Shown for Invalid {
    type As<'a> = &'a Invalid;
    fn shown(&self) -> &Invalid {
        self
    }
}

/// Names separated by spaces, or `none` when there are none.
fn names(names: Vec<Cow<str>>, none: &str) -> String {
    if names.is_empty() {
        none.to_string()
    } else {
        names.join(" ")
    }
}

catalogue! {
    // The parsers every desk command shares.

    /// A phone number that is neither a mobile nor a landline.
    NotAPhone { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a phone number; type an 11-digit mobile such as \
             13812345678, or a landline with its area code such as 010-12345678"
        ),
        zh: format!(
            "{field}：{raw:?} 不是电话号码；请输入 11 位手机号，如 13812345678，或带区号的座机号，\
             如 010-12345678"
        );
    NotATime { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a time; type YYYY-MM-DD HH:MM, for example 2026-11-23 09:30"
        ),
        zh: format!("{field}：{raw:?} 不是时间；请按 YYYY-MM-DD HH:MM 输入，例如 2026-11-23 09:30");
    /// A day as reports and listings take it: a date or a period word.
    NotADay { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a date; type YYYY-MM-DD (for example 2026-11-23), today \
             or yesterday"
        ),
        zh: format!(
            "{field}：{raw:?} 不是日期；请按 YYYY-MM-DD 输入（例如 2026-11-23），或输入 today（今天）、\
             yesterday（昨天）"
        );
    NotAWeek { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a week; type this, last, or any day of the week as \
             YYYY-MM-DD (for example 2026-11-23)"
        ),
        zh: format!(
            "{field}：{raw:?} 不是周；请输入 this（本周）、last（上周），或该周任意一天 YYYY-MM-DD\
             （例如 2026-11-23）"
        );
    /// A report asked for a period that has not begun (a wrong year in a crontab).
    PeriodNotBegun { field: String, raw: String, first: String, today: String }
        en: format!(
            "{field}: {raw:?} has not begun (it starts on {first}, and today is {today}); is the \
             year right? Type a period that has begun, such as last or this"
        ),
        zh: format!(
            "{field}：{raw:?} 尚未开始（从 {first} 起，今天是 {today}）；年份对吗？请输入已开始的\
             期间，例如 last（上一期）或 this（本期）"
        );
    /// A `{word}` in `--output` that the command does not fill.
    UnknownPlaceholder { field: String, word: String, known: String }
        en: format!(
            "{field}: {{{word}}} is not a placeholder this command fills; use {known}, or leave \
             the braces out"
        ),
        zh: format!(
            "{field}：{{{word}}} 不是本命令可填写的占位符；请使用 {known}，或去掉花括号"
        );
    /// A flag on a rep: a measure more than twice the team's median.
    FlagOverTwiceMedian { what: String, count: i64, median: String }
        en: format!("{what} {count}, more than twice the team's median of {median}"),
        zh: format!("{what} {count} 次，超过团队中位数 {median} 的两倍");
    /// A flag on a rep: a measure more than 30 % of their new customers.
    FlagOverShare { what: String, count: i64, new_customers: i64 }
        en: format!("{what} {count}, more than 30 % of their {new_customers} new customers"),
        zh: format!("{what} {count} 次，超过其 {new_customers} 位新客户的 30%");
    NotAMonth { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a month; type YYYY-MM (for example 2026-11), this or last"
        ),
        zh: format!(
            "{field}：{raw:?} 不是月份；请按 YYYY-MM 输入（例如 2026-11），或输入 this（本月）、\
             last（上月）"
        );
    NotAQuarter { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a quarter; type YYYYQn (for example 2026Q3), this or last"
        ),
        zh: format!(
            "{field}：{raw:?} 不是季度；请按 YYYYQn 输入（例如 2026Q3），或输入 this（本季度）、\
             last（上季度）"
        );
    NotAYear { field: String, raw: String }
        en: format!("{field}: {raw:?} is not a year; type YYYY (for example 2026), this or last"),
        zh: format!(
            "{field}：{raw:?} 不是年份；请按 YYYY 输入（例如 2026），或输入 this（今年）、last（去年）"
        );
    YearOutOfRange { field: String, year: i64 }
        en: format!("{field}: {year} is out of range; type YYYY"),
        zh: format!("{field}：{year} 超出范围；请按 YYYY 输入年份");
    OutsideCalendar { field: String, raw: String }
        en: format!("{field}: {raw:?} falls outside the calendar; type a date such as 2026-11-23"),
        zh: format!("{field}：{raw:?} 超出日历范围；请输入日期，例如 2026-11-23");
    /// What names one customer: a phone, a customer number or a masked phone.
    NotACustomerKey { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is neither a phone, a customer number nor a masked phone; type a \
             phone such as 13812345678, the number a listing shows, or 138****5678 as listings \
             show phones; find a customer by name with `salesdesk customer find NAME`"
        ),
        zh: format!(
            "{field}：{raw:?} 既不是电话、客户编号，也不是列表中显示的电话；请输入电话（如 \
             13812345678）、列表中的客户编号，或列表显示的 138****5678；按姓名查找请用 \
             `salesdesk customer find 姓名`"
        );
    EmptySearch { field: String }
        en: format!(
            "{field}: the text is empty; type part of a name, the last four digits of a phone, \
             or a customer number"
        ),
        zh: format!("{field}：内容为空；请输入姓名的一部分、电话后四位或客户编号");
    NoCustomerNumbered { id: i64 }
        en: format!(
            "CUSTOMER: no customer has the number {id}; find the customer with \
             `salesdesk customer find NAME`"
        ),
        zh: format!("CUSTOMER：没有编号为 {id} 的客户；请用 `salesdesk customer find 姓名` 查找");
    NoCustomerMasked { shown: String }
        en: format!(
            "CUSTOMER: no customer has a phone shown as {shown}; check the digits, or find the \
             customer with `salesdesk customer find NAME`"
        ),
        zh: format!(
            "CUSTOMER：没有电话显示为 {shown} 的客户；请核对号码，或用 `salesdesk customer find \
             姓名` 查找"
        );
    MaskedOfMany { shown: String, count: i64, named: Vec<String>, first: i64 }
        en: format!(
            "CUSTOMER: {shown} is the masked phone of {count} customers ({}); show one by its \
             customer number, for example `salesdesk customer show {first}`",
            named.join(", ")
        ),
        zh: format!(
            "CUSTOMER：{shown} 是 {count} 位客户的电话（{}）；请用客户编号查看其中一位，例如 \
             `salesdesk customer show {first}`",
            named.join("，")
        );
    NoRepByName { field: String, name: String, reps: Vec<String> }
        en: format!(
            "{field}: there is no rep named {name:?}; reps: {} (see them with `salesdesk rep list`)",
            names(reps, "none yet")
        ),
        zh: format!(
            "{field}：没有名为 {name:?} 的置业顾问；现有：{}（用 `salesdesk rep list` 查看）",
            names(reps, "暂无")
        );
    NotADate { field: String, raw: String }
        en: format!("{field}: {raw:?} is not a date; type YYYY-MM-DD, for example 2026-11-23"),
        zh: format!("{field}：{raw:?} 不是日期；请按 YYYY-MM-DD 输入，例如 2026-11-23");
    NotACustomerClass { field: String, raw: String }
        en: format!("{field}: {raw:?} is not a customer class; type owner, intent or potential"),
        zh: format!(
            "{field}：{raw:?} 不是客户分类；请输入 业主、意向客户 或 潜在客户\
             （owner、intent、potential）"
        );
    NotAChannel { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a channel; type walk-in, phone, referral, web or event"
        ),
        zh: format!(
            "{field}：{raw:?} 不是来访渠道；请输入 上门、电话、介绍、网络 或 活动\
             （walk-in、phone、referral、web、event）"
        );
    /// A word that is none of a closed set's codes: `codes` in English, `codes_zh` as the
    /// Chinese label with its code.
    NotInSet {
        field: String,
        raw: String,
        set: String,
        set_zh: String,
        codes: Vec<String>,
        codes_zh: Vec<String>,
    }
        en: format!("{field}: {raw:?} is not {set}; type one of {}", codes.join(", ")),
        zh: format!("{field}：{raw:?} 不是{set_zh}；请输入其中之一：{}", codes_zh.join("、"));
    NameEmpty { field: String }
        en: format!("{field}: the name is empty; type the name, for example 张三"),
        zh: format!("{field}：姓名为空；请输入姓名，例如 张三");
    NameTooLong { field: String, name: String }
        en: format!("{field}: {name:?} is longer than 50 characters"),
        zh: format!("{field}：{name:?} 超过 50 个字；请缩短");
    /// A character a terminal acts on (see [`crate::domain::text`]).
    TextControl { field: String, raw: String, what: String, what_zh: String, code: String }
        en: format!(
            "{field}: {raw:?} holds {what} ({code}), which a terminal acts on instead of \
             showing it; type the text without it"
        ),
        zh: format!("{field}：{raw:?} 含有{what_zh}（{code}），终端会执行而不是显示它；请去掉后重新输入");
    TextOneLine { field: String, raw: String }
        en: format!("{field}: {raw:?} holds a line break; type it on one line"),
        zh: format!("{field}：{raw:?} 含有换行；请在一行内输入");
    TextTooLong { field: String }
        en: format!("{field}: longer than 500 characters; shorten it"),
        zh: format!("{field}：超过 500 个字；请缩短");
    NotAContact { field: String, raw: String }
        en: format!("{field}: {raw:?} is neither a visit nor a call; type visit or call (来访/来电)"),
        zh: format!("{field}：{raw:?} 既不是来访也不是来电；请输入 来访 或 来电（visit/call）");
    NotAGender { field: String, raw: String }
        en: format!("{field}: {raw:?} is not a gender; type male or female (男/女)"),
        zh: format!("{field}：{raw:?} 不是性别；请输入 男 或 女（male/female）");
    NotAnAge { field: String, raw: String }
        en: format!("{field}: {raw:?} is not an age; type whole years, for example 35"),
        zh: format!("{field}：{raw:?} 不是年龄；请输入整数周岁，例如 35");
    AmountNegative { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is negative; type the amount in CNY, for example 12000 or 499.99"
        ),
        zh: format!("{field}：{raw:?} 是负数；请输入人民币金额，例如 12000 或 499.99");
    NotAnAmount { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not an amount; type the amount in CNY, for example 12000 or 499.99"
        ),
        zh: format!("{field}：{raw:?} 不是金额；请输入人民币金额，例如 12000 或 499.99");

    // What every command that records something checks first.

    AtAfterClock { at: String, clock: String }
        en: format!(
            "--at: {at} is more than a day after the computer's clock ({clock}); is the year \
             right? Type the time the event happened"
        ),
        zh: format!(
            "--at：{at} 比电脑时钟（{clock}）晚一天以上，年份对吗？请输入事情发生的时间"
        );
    TurnOutOfOrder { at: String, latest: String, entry: i64 }
        en: format!(
            "--at: {at} is before {latest}, when entry {entry} took a turn; turns are handed out \
             in the order customers arrive. Record an earlier visit with `salesdesk import \
             visits FILE`, which takes no turns"
        ),
        zh: format!(
            "--at：{at} 早于 {latest}（登记号 {entry} 在那时占用了轮次）；轮次按客户到达的先后\
             分配。更早的来访请用 `salesdesk import visits 文件` 补录，补录不占轮次"
        );
    AtAheadOfClock { at: String, clock: String }
        en: format!(
            "--at: {at} is more than 10 minutes after the computer's clock ({clock}); is the \
             time right? A turn is handed out when the customer is here: leave --at out to \
             record them now"
        ),
        zh: format!(
            "--at：{at} 比电脑时钟（{clock}）晚 10 分钟以上，时间对吗？客户到了才分配轮次：\
             不输入 --at 即按现在登记"
        );
    ImportRunning { what: String }
        en: format!(
            "waiting: an import is running ({what}) and holds the database; this is recorded as \
             soon as it is done"
        ),
        zh: format!("正在等待：有导入正在进行（{what}），数据库暂被占用；导入结束后立即记录");
    NotAZone { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a time zone; type an IANA zone name such as Asia/Shanghai \
             (Beijing time), Asia/Urumqi or Asia/Hong_Kong"
        ),
        zh: format!(
            "{field}：{raw:?} 不是时区；请输入 IANA 时区名，例如 Asia/Shanghai（北京时间）、\
             Asia/Urumqi 或 Asia/Hong_Kong"
        );
    RepRetired { field: String, name: String }
        en: format!("{field}: {name} is retired; choose a rep on duty"),
        zh: format!("{field}：{name} 已离职；请选择在岗的置业顾问");
    NoSuchRep { field: String, name: String, reps: Vec<String> }
        en: format!(
            "{field}: there is no rep named {name:?}; reps: {} (add one with `salesdesk rep add \
             NAME`)",
            names(reps, "none yet")
        ),
        zh: format!(
            "{field}：没有名为 {name:?} 的置业顾问；现有：{}（用 `salesdesk rep add 姓名` 添加）",
            names(reps, "暂无")
        );

    // visit

    BroughtByOwnPhone {}
        en: "--brought-by: that is the visitor's own phone; give the phone of the old customer \
             who came with them"
            .to_string(),
        zh: "--brought-by：这是来访客户自己的电话；请输入带其前来的老客户的电话".to_string();
    ReferrerOnCall {}
        en: "--referrer: a referral holds when the customer comes to the desk on the agreed day \
             (6.2.3); a call carries none, so leave out --referrer and give it at the visit"
            .to_string(),
        zh: "--referrer：推介须客户在约定日到访才成立（6.2.3）；来电不带推介，请去掉 \
             --referrer，到访时再填"
            .to_string();
    /// `rep` is the rep who registered the customer, if the entry names one.
    CompanyAtDesk { name: String, phone: String, rep: Option<String>, on: String }
        en: format!(
            "--company: {name} ({phone}) was registered by {} on {on}, so the company did not \
             send them before their first visit; a registered customer never becomes a company \
             client (6.1.1). Leave out --company",
            rep.as_deref().unwrap_or("a rep")
        ),
        zh: format!(
            "--company：{name}（{phone}）已于 {on} 由 {} 登记，不是首次来访前由公司安排的；已登记\
             的客户不能再成为公司客户（6.1.1）。请去掉 --company",
            rep.as_deref().unwrap_or("置业顾问")
        );
    CompanyInFile { name: String, rep: Option<String>, on: String }
        en: format!(
            "--company: {name} was registered by {} on {on}, so the company did not send them \
             before their first visit; a registered customer never becomes a company client \
             (6.1.1)",
            rep.as_deref().unwrap_or("a rep")
        ),
        zh: format!(
            "--company：{name} 已于 {on} 由 {} 登记，不是首次来访前由公司安排的；已登记的客户不能\
             再成为公司客户（6.1.1）",
            rep.as_deref().unwrap_or("置业顾问")
        );
    ReferrerMismatch { phone: String, referrer: String, typed: String }
        en: format!(
            "--referrer: the referral of {phone} was registered by {referrer}, not {typed}; \
             leave out --referrer or type {referrer}"
        ),
        zh: format!(
            "--referrer：{phone} 的推介由 {referrer} 登记，不是 {typed}；请去掉 --referrer 或输入 \
             {referrer}"
        );
    ReferrerOnRegistered { phone: String }
        en: format!(
            "--referrer: {phone} was registered by a rep before, and a referral never claims a \
             customer a rep registered first (6.2.3); leave out --referrer"
        ),
        zh: format!(
            "--referrer：{phone} 此前已由置业顾问登记，推介不能认领置业顾问先登记的客户（6.2.3）；\
             请去掉 --referrer"
        );
    NoReferral { phone: String }
        en: format!(
            "--referrer: no referral of {phone} was registered before this visit; an employee \
             registers a referral before the first visit with `salesdesk referral add NAME \
             --phone P --referrer EMPLOYEE --day D` (6.2.1)"
        ),
        zh: format!(
            "--referrer：本次来访前没有登记 {phone} 的推介；员工须在客户首次来访前用 `salesdesk \
             referral add 姓名 --phone 电话 --referrer 员工 --day 日期` 登记推介（6.2.1）"
        );
    /// `owner` is the old customer's rep now, if their registration holds.
    AnnounceNotOwner { name: String, rep: String, owner: Option<String> }
        en: format!(
            "--rep: {name} is {}, not {rep}'s; only the rep whose registration of the old \
             customer holds declares a visit beforehand (7.5a)",
            match &owner {
                Some(owner) => format!("{owner}'s customer"),
                None => "nobody's customer now".to_string(),
            }
        ),
        zh: format!(
            "--rep：{name} {}，不是 {rep} 的客户；只有登记有效的原售楼员才能事先声明（7.5a）",
            match &owner {
                Some(owner) => format!("是 {owner} 的客户"),
                None => "目前不属于任何售楼员".to_string(),
            }
        );
    AnnouncePast { expected: String, now: String }
        en: format!(
            "--expected: {expected} has passed (it is {now}); a visit is declared before it \
             comes, for the time agreed with the customer"
        ),
        zh: format!("--expected：{expected} 已过（现在是 {now}）；须在来访前声明约好的时间");
    Announced { rep: String, name: String, expected: String }
        en: format!(
            "{rep} declared that {name} will bring a new customer at {expected}: that day the new \
             customer is {rep}'s, as one reception (7.5a)"
        ),
        zh: format!(
            "{rep} 已声明 {name} 将于 {expected} 介绍新客户来访：当天该新客户由 {rep} 接待，\
             视为接待一次（7.5a）"
        );
    NoEscort { phone: String }
        en: format!(
            "--brought-by: no customer has the phone {phone}; register the old customer first \
             with `salesdesk visit NAME --phone P`"
        ),
        zh: format!(
            "--brought-by：没有电话为 {phone} 的客户；请先用 `salesdesk visit 姓名 --phone 电话` \
             登记老客户"
        );
    /// `rep` is the designated rep, if the reception names one.
    DesignateOwned { name: String, owner: String, rep: Option<String> }
        en: format!(
            "--designate: {name} is {owner}'s customer, and a returning customer's designation \
             of another rep is not supported in principle (5.3); if the sales manager agrees, \
             add --approved-by NAME ({} receives them as a voluntary reception and a deal stays \
             {owner}'s), or leave out --designate",
            rep.as_deref().unwrap_or("the rep")
        ),
        zh: format!(
            "--designate：{name} 是 {owner} 的客户，老客户指定其他置业顾问原则上不予支持（5.3）；\
             如销售经理同意，请加 --approved-by 姓名（由 {} 义务接待，成交仍归 {owner}），或去掉 \
             --designate",
            rep.as_deref().unwrap_or("所指定的置业顾问")
        );
    ApprovalNotNeeded {}
        en: "--approved-by: only a returning customer who designates a rep other than their own \
             needs the sales manager (5.3); leave out --approved-by"
            .to_string(),
        zh: "--approved-by：只有老客户指定非原置业顾问时才需要销售经理同意（5.3）；请去掉 \
             --approved-by"
            .to_string();
    NoRosterForVisit { day: String }
        en: format!(
            "there is no roster for {day}, so nobody can take a turn: set one with `salesdesk \
             roster set REP...`, or name the rep with --designate REP"
        ),
        zh: format!(
            "{day} 尚未排班，没有人能轮序接待：用 `salesdesk roster set 置业顾问...` 排班，或用 \
             --designate 置业顾问 指定接待人"
        );
    NobodyPresent { day: String }
        en: format!(
            "everybody on the roster for {day} is away: type `salesdesk roster back REP` when \
             one returns, or name the rep with --designate REP"
        ),
        zh: format!(
            "{day} 排班的置业顾问都不在岗：有人回来时输入 `salesdesk roster back 置业顾问`，或用 \
             --designate 置业顾问 指定接待人"
        );
    NoteRegisteredAs { phone: String, name: String }
        en: format!(
            "note: {phone} is registered as {name}; the register keeps that name (change it \
             with `salesdesk customer set PHONE --name NAME`)"
        ),
        zh: format!(
            "提示：{phone} 登记的姓名是 {name}；登记表沿用该姓名（用 `salesdesk customer set 电话 \
             --name 姓名` 修改）"
        );

    // roster

    RosterNoReps {}
        en: "roster: no reps given; type the names in queue order".to_string(),
        zh: "roster：没有给出置业顾问；请按排队顺序输入姓名".to_string();
    /// The problems of one `roster set`, all named at once.
    RosterRefused { problems: Vec<Message>, reps: Vec<String> }
        en: format!(
            "roster: {}; reps on the books: {}",
            problems.iter().map(|p| p.text(Lang::En)).collect::<Vec<_>>().join(", "),
            names(reps, "none yet")
        ),
        zh: format!(
            "roster：{}；在册置业顾问：{}",
            problems.iter().map(|p| p.text(Lang::Zh)).collect::<Vec<_>>().join("，"),
            names(reps, "暂无")
        );
    RosterEmptyName {}
        en: "an empty name was given".to_string(),
        zh: "有一个姓名为空".to_string();
    RosterUnknown { name: String }
        en: format!("{name:?} is not a rep (add them with `rep add {name}`)"),
        zh: format!("{name:?} 不是置业顾问（用 `rep add {name}` 添加）");
    RosterRetired { name: String }
        en: format!("{name:?} is retired"),
        zh: format!("{name:?} 已离职");
    RosterTwice { name: String }
        en: format!("{name:?} is named twice"),
        zh: format!("{name:?} 重复出现");
    TurnsHandedOut { day: String }
        en: format!(
            "roster set: turns were already handed out on {day}; change the queue with `roster \
             swap A B --approved-by NAME`, `roster away REP` or `roster back REP`"
        ),
        zh: format!(
            "roster set：{day} 已经分配过轮次；请用 `roster swap 甲 乙 --approved-by 姓名`、\
             `roster away 置业顾问` 或 `roster back 置业顾问` 调整排队"
        );
    SwapSameRep { name: String }
        en: format!("roster swap: {name} is named twice; name two different reps"),
        zh: format!("roster swap：{name} 出现了两次；请输入两位不同的置业顾问");
    SwapNotOnRoster { name: String }
        en: format!(
            "roster swap: {name} is not on today's roster; add them with `roster back {name}`"
        ),
        zh: format!("roster swap：{name} 不在今天的排班中；用 `roster back {name}` 加入");
    NotAnAwayReason { raw: String }
        en: format!("--reason: {raw:?} is not a reason to be away; type absent, manager or busy"),
        zh: format!(
            "--reason：{raw:?} 不是离开原因；请输入 absent（缺勤）、manager（领导安排）或 \
             busy（接待中）"
        );
    AwayNotOnRoster { name: String }
        en: format!("roster away: {name} is not on today's roster"),
        zh: format!("roster away：{name} 不在今天的排班中");
    NoRosterToday { day: String }
        en: format!(
            "there is no roster for {day}: set one with `salesdesk roster set REP... --date {day}`"
        ),
        zh: format!("{day} 尚未排班：用 `salesdesk roster set 置业顾问... --date {day}` 排班");
    EverybodyAway {}
        en: "everybody on today's roster is away: type `salesdesk roster back REP` when one \
             returns"
            .to_string(),
        zh: "今天排班的置业顾问都不在岗：有人回来时输入 `salesdesk roster back 置业顾问`"
            .to_string();

    // reassign

    NoEntry { id: i64 }
        en: format!(
            "VISIT_ID: there is no register entry {id}; find the number with `salesdesk register \
             --date D` or `salesdesk customer show PHONE`"
        ),
        zh: format!(
            "VISIT_ID：没有登记号为 {id} 的登记；用 `salesdesk register --date 日期` 或 \
             `salesdesk customer show 电话` 查找"
        );
    NotARegisterNumber { raw: String }
        en: format!(
            "VISIT_ID: {raw:?} is not a register number; type the number shown by `salesdesk \
             register` or `salesdesk customer show PHONE`"
        ),
        zh: format!(
            "VISIT_ID：{raw:?} 不是登记号；请输入 `salesdesk register` 或 `salesdesk customer \
             show 电话` 显示的编号"
        );
    EntryIsCall { id: i64 }
        en: format!("VISIT_ID: entry {id} is a call; only a visit can be reassigned"),
        zh: format!("VISIT_ID：登记号 {id} 是来电；只有来访才能转接");
    AlreadyReassigned { id: i64, later: i64 }
        en: format!(
            "VISIT_ID: entry {id} was already reassigned by entry {later}; reassign {later} \
             instead"
        ),
        zh: format!("VISIT_ID：登记号 {id} 已由登记号 {later} 转接；请改为转接 {later}");
    EntryVoided { id: i64 }
        en: format!("VISIT_ID: entry {id} was voided; reassign the entry that stands"),
        zh: format!("VISIT_ID：登记号 {id} 已作废；请转接有效的登记");
    EntryNoRep { id: i64 }
        en: format!("VISIT_ID: entry {id} has no rep to refuse"),
        zh: format!("VISIT_ID：登记号 {id} 没有接待的置业顾问，无从更换");
    EntryNotToday { id: i64, on: String, day: String }
        en: format!(
            "VISIT_ID: entry {id} is from {on}; a customer can only be reassigned during the \
             day's reception, so only entries of {day} (the --at day) qualify"
        ),
        zh: format!(
            "VISIT_ID：登记号 {id} 是 {on} 的；客户只能在当天接待中转接，只有 {day}（--at 所在日）\
             的登记可以转接"
        );
    AtBeforeEntry { at: String, id: i64, made: String }
        en: format!(
            "--at: {at} is before entry {id} was made at {made}; a customer leaves a reception \
             after it began, so give a later --at"
        ),
        zh: format!(
            "--at：{at} 早于登记号 {id} 的登记时间 {made}；客户只能在接待开始后离开，请给出更晚的 \
             --at"
        );
    /// `rep` is the rep the customer went to, if the entry names one.
    EntryDesignatedAway { id: i64, rep: Option<String>, later: i64 }
        en: format!(
            "VISIT_ID: the customer of entry {id} went to {} by entry {later}; reassign {later} \
             instead",
            rep.as_deref().unwrap_or("another rep")
        ),
        zh: format!(
            "VISIT_ID：登记号 {id} 的客户已由登记号 {later} 转给 {}；请改为转接 {later}",
            rep.as_deref().unwrap_or("其他置业顾问")
        );
    // void, approve

    VoidNotANumber { raw: String }
        en: format!(
            "VISIT_ID: {raw:?} is not a register number; find it with `salesdesk register --date D`"
        ),
        zh: format!("VISIT_ID：{raw:?} 不是登记号；用 `salesdesk register --date 日期` 查找");
    VoidReasonEmpty {}
        en: "--reason: empty; say what the mistake was, for example \"entered twice\"".to_string(),
        zh: "--reason：为空；请说明错在哪里，例如“重复登记”".to_string();
    VoidNoEntry { id: i64 }
        en: format!(
            "VISIT_ID: there is no register entry {id}; find the number with `salesdesk register \
             --date D`"
        ),
        zh: format!("VISIT_ID：没有登记号为 {id} 的登记；用 `salesdesk register --date 日期` 查找");
    VoidedAlready { id: i64, by: String, at: String }
        en: format!("VISIT_ID: entry {id} was voided by {by} at {at} already"),
        zh: format!("VISIT_ID：登记号 {id} 已于 {at} 由 {by} 作废");
    VoidReassigned { id: i64, later: i64 }
        en: format!(
            "VISIT_ID: entry {id} was reassigned by entry {later} and no longer counts; there is \
             nothing to void"
        ),
        zh: format!("VISIT_ID：登记号 {id} 已由登记号 {later} 转接，不再计入；无需作废");
    VoidReassignment { id: i64, earlier: i64 }
        en: format!(
            "VISIT_ID: entry {id} is the reassignment of entry {earlier}; a reassignment is a \
             record of what happened, not a mistake to void"
        ),
        zh: format!(
            "VISIT_ID：登记号 {id} 是登记号 {earlier} 的转接；转接记录的是实际发生的事，不是可作废的错误"
        );
    /// `rep` is the rep the customer went to, if the entry names one.
    VoidDesignatedAway { id: i64, rep: Option<String>, later: i64 }
        en: format!(
            "VISIT_ID: entry {later} records that the customer of entry {id} went to {}; void \
             entry {later} first if that was the mistake",
            rep.as_deref().unwrap_or("another rep")
        ),
        zh: format!(
            "VISIT_ID：登记号 {later} 记录登记号 {id} 的客户已转给 {}；如果那是错误，请先作废登记号 \
             {later}",
            rep.as_deref().unwrap_or("其他置业顾问")
        );
    Voided { id: i64, by: String, why: String }
        en: format!(
            "entry {id} voided by {by}: {why}; it no longer counts for ownership, turns or reports"
        ),
        zh: format!("登记号 {id} 已由 {by} 作废：{why}；不再计入客户归属、轮次与报表");
    VoidTurnOwed { rep: String }
        en: format!("; {rep} is owed the turn back as a priority turn"),
        zh: format!("；{rep} 补回优先轮次");
    RegisterEmpty { day: String }
        en: format!("--date: the register of {day} is empty; check the date"),
        zh: format!("--date：{day} 的登记为空；请检查日期");
    ApprovedAlready { day: String }
        en: format!("the register of {day} was already approved"),
        zh: format!("{day} 的登记已审核");
    Approved { count: i64, day: String, by: String }
        en: format!("approved {count} entries of {day} by {by}"),
        zh: format!("{by} 已审核 {day} 的 {count} 条登记");

    ReasonEmpty {}
        en: "--reason: empty; say what happened, for example \"customer asked for another rep\""
            .to_string(),
        zh: "--reason：为空；请说明发生了什么，例如“客户要求更换置业顾问”".to_string();
    ToSameRep { name: String, id: i64 }
        en: format!(
            "--to: {name} received entry {id} already; name the rep the customer asked for"
        ),
        zh: format!("--to：登记号 {id} 本就由 {name} 接待；请输入客户要求的置业顾问");
    InstigatedReturning {}
        en: "--instigated: a returning customer's deal is all the first rep's anyway (5.3); \
             leave out --instigated"
            .to_string(),
        zh: "--instigated：老客户的成交本就全归原置业顾问（5.3）；请去掉 --instigated".to_string();
    NoRosterToReassign { day: String }
        en: format!("there is no roster for {day}: set one with `salesdesk roster set REP...`"),
        zh: format!("{day} 尚未排班：用 `salesdesk roster set 置业顾问...` 排班");
    NobodyElse { name: String }
        en: format!(
            "nobody but {name} is at the desk to take the customer: type `salesdesk roster back \
             REP` when another rep returns"
        ),
        zh: format!(
            "除 {name} 外没有置业顾问在岗接待该客户：其他人回来时输入 `salesdesk roster back \
             置业顾问`"
        );

    // customer

    UnknownCustomer { phone: String }
        en: format!(
            "PHONE: no customer has the phone {phone}; check the number, or register them with \
             `salesdesk visit NAME --phone P`"
        ),
        zh: format!(
            "PHONE：没有电话为 {phone} 的客户；请核对号码，或用 `salesdesk visit 姓名 --phone \
             电话` 登记"
        );
    UnknownPhone { field: String, phone: String }
        en: format!("{field}: no customer has the phone {phone}; check the number"),
        zh: format!("{field}：没有电话为 {phone} 的客户；请核对号码");
    SpouseUnknown { phone: String }
        en: format!(
            "--spouse: no customer has the phone {phone}; register the spouse first with \
             `salesdesk visit NAME --phone P`"
        ),
        zh: format!(
            "--spouse：没有电话为 {phone} 的客户；请先用 `salesdesk visit 姓名 --phone 电话` 登记\
             配偶"
        );
    SpouseOwnPhone {}
        en: "--spouse: that is the customer's own phone; give the spouse's".to_string(),
        zh: "--spouse：这是客户本人的电话；请输入配偶的电话".to_string();
    SpouseLinked { name: String, other: String, phone: String }
        en: format!(
            "--spouse: {name} is linked to {other} already; unlink first with `salesdesk \
             customer set {phone} --spouse none`"
        ),
        zh: format!(
            "--spouse：{name} 已与 {other} 关联为配偶；请先用 `salesdesk customer set {phone} \
             --spouse none` 解除"
        );
    SamePhone {}
        en: "OTHER: that is the same phone; give the customer's other phone".to_string(),
        zh: "OTHER：两个电话相同；请输入客户的另一个电话".to_string();
    AlreadyLinked { field: String, name: String, linked: String, by: String, on: String }
        en: format!(
            "{field}: {name} is linked to {linked} already (by {by} on {on}); a person has two \
             records at most, so there is nothing to link: see both with `salesdesk customer \
             show PHONE`"
        ),
        zh: format!(
            "{field}：{name} 已与 {linked} 关联（{by} 于 {on} 关联）；一个人最多两份档案，无需再\
             关联：用 `salesdesk customer show 电话` 查看两份档案"
        );

    // complaint

    NoComplaint { id: i64 }
        en: format!(
            "ID: there is no complaint {id}; find the number with `salesdesk complaint list`"
        ),
        zh: format!("ID：没有编号为 {id} 的投诉；用 `salesdesk complaint list` 查找编号");
    NotAComplaintNumber { raw: String }
        en: format!(
            "ID: {raw:?} is not a complaint number; find it with `salesdesk complaint list`"
        ),
        zh: format!("ID：{raw:?} 不是投诉编号；用 `salesdesk complaint list` 查找");
    NotOnCallList { id: i64, from: String, to: String }
        en: format!(
            "ID: complaint {id} is not on this Monday's call list (the week {from} to {to}); \
             print the list with `salesdesk complaint calls`"
        ),
        zh: format!(
            "ID：投诉 {id} 不在本周一的回访名单上（{from} 至 {to} 这一周）；用 `salesdesk \
             complaint calls` 查看名单"
        );
    AlreadyCalled { id: i64, at: String, by: String }
        en: format!(
            "ID: complaint {id} was already called from this list, at {at} by {by}; each \
             complaint is called once a week"
        ),
        zh: format!("ID：投诉 {id} 已于 {at} 由 {by} 按本名单回访；每周只回访一次");
    ComplaintCalled { id: i64, why: String, why_zh: String, from: String }
        en: format!("complaint {id} called ({why}, the list of the week from {from})"),
        zh: format!("投诉 {id} 已回访（{why_zh}，{from} 起一周的名单）");
    NoSuchSection { name: String, sections: Vec<String> }
        en: format!(
            "--section: this report has no section {name:?}; its sections: {}",
            sections.join(" ")
        ),
        zh: format!("--section：本报表没有 {name:?} 这一部分；可选：{}", sections.join(" "));
    NoWorkbookHere {}
        en: "--output: a workbook (.xlsx) is written by reports, exports and listings; name \
             the file .csv or .json for this command"
            .to_string(),
        zh: "--output：只有报表、导出和列表能写成工作簿（.xlsx）；此命令请写成 .csv 或 .json 文件"
            .to_string();
    ComplaintEmpty {}
        en: "TEXT: the complaint is empty; type what the customer complains about".to_string(),
        zh: "TEXT：投诉内容为空；请输入客户投诉的内容".to_string();
    LessonEmpty {}
        en: "--lesson: empty; say what the case teaches, for example \"交房前逐户验收\""
            .to_string(),
        zh: "--lesson：为空；请写明本案的教训，例如“交房前逐户验收”".to_string();
    ReclassifyReasonEmpty {}
        en: "--reason: empty; say why the class changes, for example \"structural defect found\""
            .to_string(),
        zh: "--reason：为空；请说明重新分类的理由，例如“取证后确认为结构问题”".to_string();
    ClassUnchanged { id: i64, class: String, class_zh: String }
        en: format!(
            "--class: complaint {id} is {class} already; type the class it is to have instead"
        ),
        zh: format!("--class：投诉 {id} 已是{class_zh}投诉；请输入要改成的分类");
    /// Nothing more is recorded on a voided complaint, not even a second void.
    ComplaintVoided { id: i64, at: String }
        en: format!(
            "complaint {id} was voided at {at}: it counts nowhere and takes no further step; \
             record the complaint anew with `salesdesk complaint new` if it was a real one"
        ),
        zh: format!(
            "投诉 {id} 已于 {at} 作废：不计入任何统计，也不能再办理；如确有投诉，请用 \
             `salesdesk complaint new` 重新登记"
        );
    CentresEmpty { field: String }
        en: format!(
            "{field}: no centre named; name the cooperating centres, for example marketing,engineering"
        ),
        zh: format!("{field}：未填写协作中心；请写明协作中心，例如 营销中心,生产中心");
    NotAScore { raw: String }
        en: format!(
            "--score: {raw:?} is not a score; type 1 (very dissatisfied) to 5 (very satisfied)"
        ),
        zh: format!("--score：{raw:?} 不是评分；请输入 1（非常不满意）到 5（非常满意）");
    ReceivedAfter { at: String, now: String }
        en: format!(
            "--received: {at} is after the moment of recording ({now}); a complaint is recorded \
             after it is received"
        ),
        zh: format!("--received：{at} 晚于录入时间（{now}）；投诉须先受理后录入");
    NameNeeded { phone: String }
        en: format!(
            "--name: no customer has the phone {phone}; give the customer's name with --name"
        ),
        zh: format!("--name：没有电话为 {phone} 的客户；请用 --name 输入客户姓名");
    NoteFiledUnder { phone: String, name: String, other: String }
        en: format!(
            "note: {phone} is registered as {name}, not {other}; the complaint is filed under \
             {name} (change the name with `salesdesk customer set PHONE --name NAME`)"
        ),
        zh: format!(
            "提示：{phone} 登记的姓名是 {name}，不是 {other}；投诉记在 {name} 名下（用 `salesdesk \
             customer set 电话 --name 姓名` 修改姓名）"
        );
    ReplyByPast { at: String, now: String }
        en: format!(
            "--reply-by: {at} is not after now ({now}); give the time agreed with the customer, \
             in the future"
        ),
        zh: format!("--reply-by：{at} 不晚于现在（{now}）；请输入与客户约定的将来时间");
    /// A step the life cycle does not allow now; `next` are the commands it does allow.
    StepNotAllowed { id: i64, status: String, status_zh: String, step: String, next: Vec<String> }
        en: format!(
            "complaint {id} is {status}: `{step}` is not allowed now; allowed next: {}",
            if next.is_empty() {
                "nothing, it is archived".to_string()
            } else {
                next.join(", ")
            }
        ),
        zh: format!(
            "投诉 {id} 状态为{status_zh}：现在不能执行 `{step}`；接下来可以：{}",
            if next.is_empty() {
                "无，已归档".to_string()
            } else {
                next.join("、")
            }
        );
    StepRecorded { id: i64, step: String, step_zh: String, at: String }
        en: format!(
            "complaint {id} has its {step} recorded already ({at}); there is nothing more to \
             record"
        ),
        zh: format!("投诉 {id} 已于 {at} 记录过{step_zh}；无需再记");
    AgreeGeneral { id: i64 }
        en: format!(
            "complaint {id} is general: it keeps the 3-day first feedback; a reply time is \
             agreed only for an important or major complaint (3.7.3.5)"
        ),
        zh: format!(
            "投诉 {id} 为一般投诉：按 3 天内首次反馈；只有重要或重大投诉才约定答复时间（3.7.3.5）"
        );
    StepsInOrder { at: String, id: i64, last: String }
        en: format!(
            "--at: {at} is before complaint {id}'s last entry ({last}); steps are recorded in \
             order"
        ),
        zh: format!("--at：{at} 早于投诉 {id} 的上一条记录（{last}）；各步骤须按先后顺序记录");
    AtThePresident { id: i64 }
        en: format!(
            "complaint {id} is already with the president; there is no one above to escalate to"
        ),
        zh: format!("投诉 {id} 已由总裁核决；无法再向上升级");

    // survey

    NoSurvey { name: String, surveys: Vec<String> }
        en: format!(
            "SURVEY: there is no survey {name:?}; surveys: {} (create one with `salesdesk survey \
             new NAME --standard`)",
            names(surveys, "none yet")
        ),
        zh: format!(
            "SURVEY：没有名为 {name:?} 的调查；现有调查：{}（用 `salesdesk survey new 名称 \
             --standard` 新建）",
            names(surveys, "暂无")
        );
    NotAScale { raw: String }
        en: format!(
            "--scale: {raw:?} is not a scale; type the highest score, from 2 to 10 (usually 5)"
        ),
        zh: format!("--scale：{raw:?} 不是量表；请输入最高分，2 到 10（通常为 5）");
    SurveyAnswered { name: String }
        en: format!(
            "NAME: survey {name} already has responses, so its indicators are fixed; name a new \
             wave instead"
        ),
        zh: format!("NAME：调查 {name} 已有回答，指标不能再改；请另起一期新调查");
    AlreadyAnswered { phone: String, survey: String }
        en: format!(
            "--phone: {phone} already answered survey {survey}; add --replace to record the new \
             answers instead (the first stay in the history)"
        ),
        zh: format!(
            "--phone：{phone} 已回答过调查 {survey}；加 --replace 以新回答替换\
             （原回答保留在历史中）"
        );
    IndicatorKey { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not an indicator key; use lower-case letters, digits and _ (or \
             Chinese), for example value or 性价比"
        ),
        zh: format!(
            "{field}：{raw:?} 不是指标键；请用小写字母、数字和 _（或中文），例如 value 或 性价比"
        );
    NotAPair { field: String, raw: String, example: String }
        en: format!("{field}: {raw:?} is not KEY=VALUE; type it like {example}"),
        zh: format!("{field}：{raw:?} 不是 键=值 的形式；请写成 {example} 这样");
    NoIndicators {}
        en: "--indicator: none given; type --indicator KEY=WEIGHT for each, or use --standard"
            .to_string(),
        zh: "--indicator：没有给出指标；每项指标输入一个 --indicator 键=权重，或使用 --standard"
            .to_string();
    BadWeight { item: String }
        en: format!(
            "--indicator: the weight in {item:?} is not a number of 0 or more; type it like \
             value=0.3"
        ),
        zh: format!("--indicator：{item:?} 中的权重不是大于等于 0 的数；请写成 value=0.3 这样");
    IndicatorTwice { key: String }
        en: format!("--indicator: {key} is named twice"),
        zh: format!("--indicator：{key} 出现了两次");
    WeightsZero {}
        en: "--indicator: every weight is zero; give at least one a weight above 0".to_string(),
        zh: "--indicator：所有权重都是零；至少给一项大于 0 的权重".to_string();
    NoAnswers {}
        en: "KEY=SCORE: no answers given; type one per indicator, like value=4".to_string(),
        zh: "KEY=SCORE：没有给出回答；每项指标一个，例如 value=4".to_string();
    UnknownIndicator { key: String, keys: Vec<String> }
        en: format!(
            "KEY=SCORE: {key:?} is not an indicator of this survey; its keys are {}",
            keys.join(", ")
        ),
        zh: format!("KEY=SCORE：{key:?} 不是本次调查的指标；指标键为：{}", keys.join("、"));
    ScoreOffScale { field: String, raw: String, scale: i64 }
        en: format!(
            "{field}: {raw:?} is outside the scale; type a whole number from 1 to {scale}"
        ),
        zh: format!("{field}：{raw:?} 超出量表；请输入 1 到 {scale} 的整数");
    AnsweredTwice { key: String }
        en: format!("KEY=SCORE: {key} is answered twice"),
        zh: format!("KEY=SCORE：{key} 回答了两次");
    NotARate { raw: String }
        en: format!(
            "--rate: {raw:?} is not a share; type a number above 0 and at most 1, such as 0.2"
        ),
        zh: format!("--rate：{raw:?} 不是比例；请输入大于 0、不超过 1 的数，例如 0.2");

    // commission settle

    SettlementEmpty { field: String }
        en: format!("{field}: no shares given; type NAME=PCT for each party"),
        zh: format!("{field}：未给出任何份额；请为每个分配对象输入 名称=比例");
    SettlementPartyTwice { field: String, party: String }
        en: format!("{field}: {party} is named twice; give each party once"),
        zh: format!("{field}：{party} 出现了两次；每个分配对象只写一次");
    SettlementZeroShare { field: String }
        en: format!("{field}: a share of 0 pays nobody; leave that party out"),
        zh: format!("{field}：0 的份额不分给任何人；请去掉该分配对象");
    SettlementNotWhole { field: String, total: String }
        en: format!(
            "{field}: the shares add up to {total}, not 100; make them add up to exactly 100"
        ),
        zh: format!("{field}：各份额合计 {total}，不是 100；请使合计正好为 100");

    // repair

    /// A notice recorded after the 24 hours (24小时内书面通知整改).
    RepairNoticeLate { id: i64, due: String, at: String }
        en: format!(
            "repair {id}: the notice is recorded as late: it was due by {due} (24 hours after the \
             revisit that found the problem), written {at}"
        ),
        zh: format!(
            "报修 {id}：整改通知已记为逾期：应于 {due} 前发出（发现问题的回访后 24 小时内），\
             实际 {at}"
        );
    RepairProblemEmpty {}
        en: "--problem: it is empty; say what is wrong, or leave out --problem".to_string(),
        zh: "--problem：为空；请说明问题所在，或去掉 --problem".to_string();
    AppointmentPast { field: String, at: String, now: String }
        en: format!("{field}: {at} is past (it is {now} now); type the time agreed with the owner"),
        zh: format!("{field}：{at} 已经过去（现在是 {now}）；请输入与业主约定的时间");
    NotARepairNumber { raw: String }
        en: format!("ID: {raw:?} is not a repair number; find it with `salesdesk repair list`"),
        zh: format!("ID：{raw:?} 不是报修编号；用 `salesdesk repair list` 查找");
    NoRepair { id: i64 }
        en: format!("ID: there is no repair {id}; find it with `salesdesk repair list`"),
        zh: format!("ID：没有编号为 {id} 的报修；用 `salesdesk repair list` 查找");
    OwnerNamedOtherwise { phone: String, name: String, other: String }
        en: format!(
            "--name: {phone} is registered as {name}, not {other}; leave out --name (change the \
             name with `salesdesk customer set PHONE --name NAME`)"
        ),
        zh: format!(
            "--name：{phone} 登记的姓名是 {name}，不是 {other}；请去掉 --name（用 `salesdesk \
             customer set 电话 --name 姓名` 修改姓名）"
        );
    OwnerNameNeeded { phone: String }
        en: format!("--name: no customer has the phone {phone}; give the owner's name with --name"),
        zh: format!("--name：没有电话为 {phone} 的客户；请用 --name 输入业主姓名");
    RepairTextEmpty {}
        en: "TEXT: it is empty; say what is to be repaired, for example \"kitchen tap leaks\""
            .to_string(),
        zh: "TEXT：为空；请说明要维修什么，例如“厨房水龙头漏水”".to_string();
    /// `appointment` is the time agreed, if one is.
    RepairRegistered {
        id: i64,
        text: String,
        unit: String,
        kind: String,
        kind_zh: String,
        appointment: Option<String>,
    }
        en: format!(
            "repair {id}: {text} at {unit} ({kind}), appointment {}",
            appointment.as_deref().unwrap_or("not yet agreed")
        ),
        zh: format!(
            "报修 {id}：{unit} {text}（{kind_zh}），约修时间 {}",
            appointment.as_deref().unwrap_or("待约")
        );
    RepairStepsInOrder { at: String, latest: String, id: i64 }
        en: format!(
            "--at: {at} is before {latest}, the latest entry of repair {id}; steps are recorded \
             in the order they happened"
        ),
        zh: format!("--at：{at} 早于报修 {id} 的最近一条记录（{latest}）；各步骤须按发生的先后顺序记录");
    /// A step the repair's life cycle does not allow now; `next` are the commands it allows.
    RepairStepNotAllowed {
        id: i64,
        status: String,
        status_zh: String,
        step: String,
        next: Vec<String>,
    }
        en: format!(
            "repair {id} is {status}: `{step}` is not allowed now; allowed next: {}",
            if next.is_empty() {
                "nothing, it is revisited and closed".to_string()
            } else {
                next.join(", ")
            }
        ),
        zh: format!(
            "报修 {id} 状态为{status_zh}：现在不能执行 `{step}`；接下来可以：{}",
            if next.is_empty() {
                "无，已回访并关闭".to_string()
            } else {
                next.join("、")
            }
        );
    RepairStepRecorded { id: i64, step: String, step_zh: String, status: String, status_zh: String }
        en: format!("repair {id}: {step} recorded, now {status}"),
        zh: format!("报修 {id}：已记录{step_zh}，现为{status_zh}");
    /// A step recorded, with what falls due next (`what`: the revisit or the written notice).
    RepairStepDue {
        id: i64,
        step: String,
        step_zh: String,
        status: String,
        status_zh: String,
        what: String,
        what_zh: String,
        due: String,
    }
        en: format!("repair {id}: {step} recorded, now {status}; {what} due by {due}"),
        zh: format!("报修 {id}：已记录{step_zh}，现为{status_zh}；{what_zh}期限 {due}");

    // referral

    ReferralDayPast { day: String }
        en: format!(
            "--day: {day} is past; a referral names the day the customer is to come, today or \
             later"
        ),
        zh: format!("--day：{day} 已过；推介须约定客户来访的日期，今天或以后");
    /// `rep` is the rep who registered the customer, if the entry names one.
    ReferralAfterVisit { phone: String, on: String, rep: Option<String> }
        en: format!(
            "--phone: {phone} came to the desk on {on} and was registered by {}; a referral is \
             registered before the first visit and never claims a customer a rep registered \
             first (6.2.1, 6.2.3)",
            rep.as_deref().unwrap_or("a rep")
        ),
        zh: format!(
            "--phone：{phone} 已于 {on} 到访并由 {} 登记；推介须在首次来访前登记，不能认领置业\
             顾问先登记的客户（6.2.1、6.2.3）",
            rep.as_deref().unwrap_or("置业顾问")
        );
    /// `rep` is the rep who registered the customer, if the entry names one.
    ReferralConfirmAfterRep { phone: String, on: String, rep: Option<String> }
        en: format!(
            "PHONE: {phone} was registered by {} at {on}, without this referral; a referral \
             never claims a customer a rep registered first (6.2.3)",
            rep.as_deref().unwrap_or("a rep")
        ),
        zh: format!(
            "PHONE：{phone} 已于 {on} 由 {} 登记，未经此推介；推介不能认领置业顾问先登记的客户\
             （6.2.3）",
            rep.as_deref().unwrap_or("置业顾问")
        );
    ReferralOpen { phone: String, referrer: String, day: String }
        en: format!(
            "--phone: {phone} is already referred by {referrer} for {day}; a referral may be \
             registered again once that day has passed without a visit (6.2.2), see `salesdesk \
             referral list`"
        ),
        zh: format!(
            "--phone：{phone} 已由 {referrer} 推介，约定 {day} 来访；该日过后仍未到访方可重新\
             登记推介（6.2.2），见 `salesdesk referral list`"
        );
    ReferralAdded { id: i64, name: String, referrer: String, day: String, grace: i64 }
        en: format!(
            "referral {id}: {name} referred by {referrer}, expected on {day}; it holds if they \
             come that day and it is confirmed on arrival, within {grace} minutes"
        ),
        zh: format!(
            "推介 {id}：{referrer} 介绍 {name}，约定 {day} 来访；须当日到访并于到访 {grace} 分钟内确认方为有效"
        );
    ReferralNotToday { phone: String, today: String }
        en: format!(
            "PHONE: no referral of {phone} is for today ({today}); a referral is confirmed on \
             the day agreed, when the customer arrives (see `salesdesk referral list`)"
        ),
        zh: format!(
            "PHONE：{phone} 没有约定今天（{today}）来访的推介；推介须在约定日客户到访时确认\
             （见 `salesdesk referral list`）"
        );
    ReferralConfirmedAlready { phone: String, who: String, at: String }
        en: format!(
            "PHONE: the referral of {phone} was confirmed by {who} at {at} already; nothing more \
             is needed"
        ),
        zh: format!("PHONE：{phone} 的推介已由 {who} 于 {at} 确认；无需再确认");
    ReferralConfirmedLate { phone: String, arrived: String, grace: i64 }
        en: format!(
            "PHONE: {phone} arrived at {arrived} and was received as a new customer; a referral \
             is confirmed on arrival, within {grace} minutes, or it is void (6.2.4): there is \
             nothing to confirm"
        ),
        zh: format!(
            "PHONE：{phone} 已于 {arrived} 到访并按新客户接待；推介须在到访 {grace} 分钟内确认，\
             否则无效（6.2.4）：无可确认"
        );
    ReferralConfirmed { id: i64, name: String, by: String, referrer: String }
        en: format!("referral {id} of {name} confirmed by {by}: referred by {referrer}"),
        zh: format!("推介 {id}（{name}）已由 {by} 确认，介绍人 {referrer}");

    // handover

    HandoverAfterToday { day: String, today: String }
        en: format!(
            "--date: {day} is after today ({today}); a handover is recorded once the keys are \
             handed over: type the day it happened"
        ),
        zh: format!("--date：{day} 晚于今天（{today}）；交房须在钥匙交付后登记：请输入实际交房的日期");
    HandoverBeforeDeal { day: String, deal: i64, sold: String }
        en: format!(
            "--date: {day} is before deal {deal} sold the unit ({sold}); a unit is handed over \
             after its deal: type the day the keys were handed over"
        ),
        zh: format!(
            "--date：{day} 早于成交 {deal} 的成交日期（{sold}）；交房在成交之后：请输入实际交房的日期"
        );
    HandoverOfVoidedDeal { id: i64 }
        en: format!(
            "DEAL_ID: deal {id} is voided; give the deal in force, or the unit (房号) with --phone"
        ),
        zh: format!("DEAL_ID：成交 {id} 已作废；请输入有效的成交编号，或输入房号并加 --phone");
    HandoverVoidReasonEmpty {}
        en: "--reason: empty; say why the handover is voided, for example \"wrong day\"".to_string(),
        zh: "--reason：为空；请说明作废原因，例如“日期录错”".to_string();
    HandoverNone { unit: String }
        en: format!(
            "UNIT: {unit} has no handover in force; see the handovers due checks with \
             `salesdesk care due`"
        ),
        zh: format!("UNIT：{unit} 没有有效的交房记录；用 `salesdesk care due` 查看");
    HandoverVoided { unit: String, id: i64, by: String, why: String, checks: i64 }
        en: format!(
            "handover {id} of {unit} voided by {by} ({why}) with its {checks} checks still to do; \
             the unit may be handed over again"
        ),
        zh: format!(
            "{unit} 的交房记录 {id} 已由 {by} 作废（{why}），{checks} 项未做的质量检查随之作废；\
             该房可重新登记交房"
        );
    HandedOverAlready { unit: String, on: String, id: i64 }
        en: format!(
            "DEAL_ID|UNIT: {unit} was handed over on {on} (handover {id}); a unit is handed over \
             once, see its checks with `salesdesk care due`"
        ),
        zh: format!(
            "DEAL_ID|UNIT：{unit} 已于 {on} 交房（交房记录 {id}）；每套房只交房一次，用 \
             `salesdesk care due` 查看其质量检查"
        );
    HandoverNoDeal { id: i64 }
        en: format!(
            "DEAL_ID: there is no deal {id}; find it with `salesdesk deal list`, or type the \
             unit (房号) with --phone"
        ),
        zh: format!(
            "DEAL_ID：没有编号为 {id} 的成交；用 `salesdesk deal list` 查找，或输入房号并加 --phone"
        );
    HandoverBuyerNamed { id: i64 }
        en: format!("--phone: deal {id} names its buyer already; leave out --phone"),
        zh: format!("--phone：成交 {id} 已写明买方；请去掉 --phone");
    HandoverNoOwner { phone: String }
        en: format!(
            "--phone: no customer has the phone {phone}; register the owner first (`salesdesk \
             visit NAME --phone P`), or give the deal number"
        ),
        zh: format!(
            "--phone：没有电话为 {phone} 的客户；请先登记业主（`salesdesk visit 姓名 --phone \
             电话`），或输入成交编号"
        );
    HandoverNoDealHolds { unit: String }
        en: format!("--phone: no deal holds {unit}; give the owner's phone with --phone P"),
        zh: format!("--phone：没有成交包含 {unit}；请用 --phone 电话 输入业主的电话");
    HandedOver { unit: String, on: String }
        en: format!("{unit} handed over on {on}; quality checks at 3, 11, 23 and 35 months:"),
        zh: format!("{unit} 已于 {on} 交付；交付后 3、11、23、35 个月质量检查：");

    // care

    NotADayCount { raw: String }
        en: format!(
            "--within: {raw:?} is not a number of days; type a whole number, for example 30"
        ),
        zh: format!("--within：{raw:?} 不是天数；请输入整数，例如 30");
    NotACheckNumber { raw: String }
        en: format!("CHECK_ID: {raw:?} is not a check number; find it with `salesdesk care due`"),
        zh: format!("CHECK_ID：{raw:?} 不是检查编号；用 `salesdesk care due` 查找");
    NoCheck { id: i64 }
        en: format!("CHECK_ID: there is no check {id}; find it with `salesdesk care due`"),
        zh: format!("CHECK_ID：没有编号为 {id} 的检查；用 `salesdesk care due` 查找");
    CheckDoneAlready { id: i64, unit: String, who: String, at: String }
        en: format!(
            "CHECK_ID: check {id} of {unit} was done by {who} at {at}; a check is done once"
        ),
        zh: format!("CHECK_ID：{unit} 的检查 {id} 已由 {who} 于 {at} 完成；每次检查只记录一次");
    CheckDone { id: i64, months: i64, unit: String, by: String }
        en: format!("check {id}: the {months}-month check of {unit} done by {by}"),
        zh: format!("检查 {id}：{unit} 交付后 {months} 个月质量检查已由 {by} 完成");

    // calendar

    NotADayRange { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a range of up to a year; type FIRST..LAST, for example \
             2026-10-01..2026-10-07"
        ),
        zh: format!(
            "{field}：{raw:?} 不是一年以内的日期范围；请按 起始..结束 输入，例如 \
             2026-10-01..2026-10-07"
        );
    WorkdayRange { raw: String }
        en: format!("DAY: {raw:?} is a range; mark make-up days one at a time"),
        zh: format!("DAY：{raw:?} 是一个范围；调休上班日请逐天标记");
    MarkedHolidays { count: i64 }
        en: format!("marked {count} day(s) as holiday"),
        zh: format!("已将 {count} 天标记为节假日");
    MarkedWorkdays { count: i64 }
        en: format!("marked {count} day(s) as make-up working day"),
        zh: format!("已将 {count} 天标记为调休上班日");
    CalendarYear { year: i64 }
        en: format!("--year: {year} is out of range; type a year such as 2026"),
        zh: format!("--year：{year} 超出范围；请输入年份，例如 2026");
    OfficeHoursAndZone { hours: String, zone: String }
        en: format!("office hours: {hours}; time zone: {zone}"),
        zh: format!("办公时间： {hours}; 时区： {zone}");
    OfficeHours { hours: String }
        en: format!("office hours: {hours}"),
        zh: format!("办公时间： {hours}");
    CustomerDirector { name: String }
        en: format!("customer director: {name}"),
        zh: format!("客户总监：{name}");
    NoCustomerDirector {}
        en: "no customer director named; name them with `salesdesk calendar director NAME`"
            .to_string(),
        zh: "未指定客户总监；用 `salesdesk calendar director 姓名` 指定".to_string();
    OfficeZone { zone: String }
        en: format!("time zone: {zone}"),
        zh: format!("时区： {zone}");
    CalendarLoaded { holidays: i64, workdays: i64 }
        en: format!("loaded {holidays} holidays and {workdays} make-up working days"),
        zh: format!("已载入 {holidays} 天节假日、{workdays} 天调休上班日");
    CalendarHeader { file: PathBuf, header: String }
        en: format!(
            "{file}: the header must name the columns date and kind (and optionally name); it \
             reads {header:?}"
        ),
        zh: format!("{file}：表头须写明 date 和 kind 两列（name 列可选）；现在是 {header:?}");
    CalendarFileEmpty { file: PathBuf }
        en: format!(
            "{file}: the file is empty; its first row names the columns date, kind and name"
        ),
        zh: format!("{file}：文件为空；第一行须写明各列：date、kind 和 name");
    /// Every bad row of a calendar sheet, all named at once.
    CalendarNothingLoaded { file: PathBuf, problems: Vec<Message> }
        en: format!(
            "{file}: nothing loaded; {}",
            problems.iter().map(|p| p.text(Lang::En)).collect::<Vec<_>>().join("; ")
        ),
        zh: format!(
            "{file}：未载入任何内容；{}",
            problems.iter().map(|p| p.text(Lang::Zh)).collect::<Vec<_>>().join("；")
        );
    CalendarRow { row: i64, problem: Invalid }
        en: format!("row {row}: {}", problem.text(Lang::En)),
        zh: format!("第 {row} 行：{}", problem.text(Lang::Zh));
    CalendarListedTwice { day: String, first: String, then: String }
        en: format!("{day} is listed twice (as {first} and {then})"),
        zh: format!("{day} 出现了两次（{first} 和 {then}）");
    NotADayKind { field: String, raw: String }
        en: format!("{field}: {raw:?} is not a kind of day; type holiday or workday"),
        zh: format!("{field}：{raw:?} 不是日期类型；请输入 holiday（节假日）或 workday（调休上班日）");
    NotOfficeHours { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not office hours; type HH:MM-HH:MM, for example 09:00-18:00"
        ),
        zh: format!("{field}：{raw:?} 不是办公时间；请按 HH:MM-HH:MM 输入，例如 09:00-18:00");

    // export

    ExportFromAfterTo { from: String, to: String }
        en: format!("--from: {from} is after --to {to}; give the earlier day first"),
        zh: format!("--from：{from} 晚于 --to {to}；请先输入较早的日期");
    ExportRepOnlyVisits {}
        en: "--rep: only `export visits` keeps one rep's records; drop --rep, or export visits"
            .to_string(),
        zh: "--rep：只有 `export visits` 能只导出一位置业顾问的记录；请去掉 --rep，或改为导出 \
             visits"
            .to_string();
    ExportNoRep { field: String, name: String, reps: Vec<String> }
        en: format!(
            "{field}: there is no rep named {name:?}; reps: {}",
            names(reps, "none yet")
        ),
        zh: format!("{field}：没有名为 {name:?} 的置业顾问；现有：{}", names(reps, "暂无"));

    // shell

    NotAFolder { dir: PathBuf }
        en: format!(
            "--dir: {dir} is not a folder; create it first, or give an existing one such as \
             /usr/local/share/man/man1"
        ),
        zh: format!(
            "--dir：{dir} 不是文件夹；请先创建，或输入已有的文件夹，例如 /usr/local/share/man/man1"
        );

    // replica

    NotALag { raw: String }
        en: format!(
            "--max-lag: {raw:?} is not a number of seconds; type for example --max-lag 60"
        ),
        zh: format!("--max-lag：{raw:?} 不是秒数；请输入例如 --max-lag 60");
    NotAnInterval { raw: String }
        en: format!(
            "--interval: {raw:?} is not a time between 100ms and 1h; type for example \
             --interval 1s (units: ms, s, m, h)"
        ),
        zh: format!(
            "--interval：{raw:?} 不是 100ms 到 1h 之间的时长；请输入例如 --interval 1s\
             （单位：ms、s、m、h）"
        );
    NothingReplicatedYet { url: String }
        en: format!("nothing has been replicated to {url} yet"),
        zh: format!("{url} 还没有任何副本");
    NothingToRestore { url: String }
        en: format!(
            "nothing has been replicated to {url}: check the address (each project has its own \
             sub-path), and that `salesdesk replicate` runs at the office"
        ),
        zh: format!(
            "{url} 还没有任何副本：请核对地址（每个项目有自己的子路径），并确认售楼处在运行 \
             `salesdesk replicate`"
        );
    ReplicaStatus { url: String, at: String, written: String, lag: i64, max_lag: i64 }
        en: format!(
            "replica {url} at {at}, written {written}; lag {lag} s (at most {max_lag} s)"
        ),
        zh: format!("副本 {url} 位置 {at}，写入于 {written}；延迟 {lag} 秒（上限 {max_lag} 秒）");
    ReplicaIsLocal { url: String, local: PathBuf }
        en: format!(
            "--to: {url} is the folder of the database itself ({local}); give a folder on \
             another disk or machine"
        ),
        zh: format!("--to：{url} 就是数据库所在的文件夹（{local}）；请给出另一块磁盘或另一台机器上的文件夹");
    Replicating { db: PathBuf, url: String, interval: String, litestream: PathBuf }
        en: format!(
            "replicating {db} to {url} every {interval} with {litestream} (stop with Ctrl-C or \
             the service manager)"
        ),
        zh: format!(
            "正在用 {litestream} 每 {interval} 将 {db} 复制到 {url}（按 Ctrl-C 或通过服务管理器停止）"
        );
    NoReplicaYet { url: String }
        en: format!(
            "nothing has been replicated to {url}: check the address, and that `salesdesk \
             replicate --to {url}` runs at the office"
        ),
        zh: format!(
            "{url} 还没有任何副本：请核对地址，并确认售楼处在运行 `salesdesk replicate --to {url}`"
        );
    ReplicaLate { url: String, lag: i64, db: PathBuf, max_lag: i64 }
        en: format!(
            "the replica {url} is {lag} s behind {db} (more than --max-lag {max_lag}): check \
             that `salesdesk replicate` is running and the store can be reached"
        ),
        zh: format!(
            "副本 {url} 落后 {db} {lag} 秒（超过 --max-lag {max_lag}）：请确认 `salesdesk \
             replicate` 正在运行，且能连上存储"
        );
    RestoredFrom { db: PathBuf, url: String, state_at: String, position: String, visits: i64 }
        en: format!(
            "restored {db} from {url}: the state written at {state_at} (position {position}), \
             {visits} register entries, integrity ok"
        ),
        zh: format!(
            "已从 {url} 恢复 {db}：{state_at} 写入的数据（位置 {position}），来访登记 {visits} 条，\
             完整性检查通过"
        );

    // rep

    RepExists { name: String }
        en: format!("rep add NAME: {name} is already a rep; give another name, such as {name}2"),
        zh: format!("rep add NAME：{name} 已是置业顾问；请换一个名字，例如 {name}2");
    RepAdded { name: String }
        en: format!("added rep {name}"),
        zh: format!("已添加置业顾问 {name}");
    RepRetiredNow { name: String }
        en: format!("retired {name}: off every roster from today, receives no one"),
        zh: format!("{name} 已离职：自今日起不再排班接待");

    // backup

    BackedUp { database: PathBuf, target: PathBuf, pages: i64, bytes: i64, version: i64 }
        en: format!(
            "backed up {database} to {target}: {pages} pages, {bytes} bytes, schema version \
             {version}, integrity ok"
        ),
        zh: format!(
            "已将 {database} 备份到 {target}：{pages} 页，{bytes} 字节，结构版本 {version}，完整性\
             检查通过"
        );

    // customer show

    NoDealRecorded {}
        en: "no deal recorded".to_string(),
        zh: "无成交记录".to_string();
    UnitOfDeal { unit: String, id: i64 }
        en: format!("{unit} (deal {id})"),
        zh: format!("{unit} (成交 {id})");

    // roster show

    NoRosterShown { day: String }
        en: format!("no roster for {day}: set one with `salesdesk roster set REP...`"),
        zh: format!("{day} 尚未排班：用 `salesdesk roster set 置业顾问...` 排班");
    /// Who takes the next new customer; `passed` are the reps passed over, each with why.
    NextNewCustomer { name: String, priority: bool, passed: Vec<String> }
        en: format!(
            "next new customer: {name}{}{}",
            if priority { " (priority turn)" } else { "" },
            if passed.is_empty() {
                String::new()
            } else {
                format!("; passed over: {}", passed.join(", "))
            }
        ),
        zh: format!(
            "下一位新客户：{name}{}{}",
            if priority { "（优先轮次）" } else { "" },
            if passed.is_empty() {
                String::new()
            } else {
                format!("；跳过：{}", passed.join(", "))
            }
        );

    // sheets and the after-sales codes

    NotASheetMoment { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not a time; type YYYY-MM-DD HH:MM, for example 2026-03-05 09:05 \
             (2026/3/5 9:05 and Excel date cells are read too)"
        ),
        zh: format!(
            "{field}：{raw:?} 不是时间；请按 YYYY-MM-DD HH:MM 输入，例如 2026-03-05 09:05\
             （也可读 2026/3/5 9:05 和 Excel 日期单元格）"
        );

    // the database file

    DbIsFolder { db: PathBuf, example: PathBuf }
        en: format!("--db: {db} is a folder; give a file name, for example {example}"),
        zh: format!("--db：{db} 是文件夹；请给出文件名，例如 {example}");
    NetworkDisk { db: PathBuf, disk: String }
        en: format!(
            "{db} is on a network file system ({disk}), where SQLite cannot keep the database \
             whole for two machines: its WAL index works within one machine only, and the \
             locks of a shared drive are not reliable. Keep the database on this machine's own \
             disk and share it through the replicas (`salesdesk replicate`, SPEC §15); if only \
             this one machine ever opens it, pass --allow-network-fs"
        ),
        zh: format!(
            "{db} 位于网络文件系统（{disk}）上，两台机器同时使用时 SQLite 无法保证数据库完好：\
             WAL 索引只在一台机器内有效，共享盘上的锁也不可靠。请把数据库放在本机磁盘上，\
             通过副本在机器之间共享（`salesdesk replicate`，SPEC §15）；若只有这一台机器会打开它，\
             请加 --allow-network-fs"
        );
    NetworkDiskAllowed { db: PathBuf, disk: String }
        en: format!(
            "note: {db} is on a network file system ({disk}); as --allow-network-fs asks, it is \
             opened with a rollback journal (journal_mode=DELETE) and held exclusively \
             (locking_mode=EXCLUSIVE) until this command ends: no other machine may open it \
             meanwhile"
        ),
        zh: format!(
            "提示：{db} 位于网络文件系统（{disk}）上；按 --allow-network-fs 的要求，以回滚日志\
             （journal_mode=DELETE）打开并独占（locking_mode=EXCLUSIVE），直到本命令结束：\
             期间其他机器不能打开它"
        );

    // the receipt of a reception (visit, reassign)

    RegisteredBy { rep: String, on: String, until: String }
        en: format!("registered by {rep} on {on}, valid until {until}"),
        zh: format!("{rep} 于 {on} 登记，有效期至 {until}");
    BoughtFrom { rep: String, on: String }
        en: format!("bought from {rep} on {on}, theirs for good"),
        zh: format!("{on} 向 {rep} 购房，永久归属");
    DesignatedByLeader { rep: String, leader: String }
        en: format!(
            "{rep} — designated by {leader} for a company client: a voluntary reception outside \
             the rotation, its commission to the public pool"
        ),
        zh: format!("{rep} — {leader} 指定接待公司客户：义务接待，不计轮次，佣金归公佣");
    DesignatedByCustomer { rep: String }
        en: format!("{rep} — designated by the customer, outside the rotation"),
        zh: format!("{rep} — 客户指定接待，不计轮次");
    /// A customer who left `first` midway for `rep`; `instigated` when `rep` prompted it.
    TakesOver { rep: String, first: String, manager: String, instigated: bool }
        en: if instigated {
            format!(
                "{rep} — takes over from {first} at the customer's wish, agreed by {manager}; \
                 {rep} prompted it, so a deal is all {first}'s"
            )
        } else {
            format!(
                "{rep} — takes over from {first} at the customer's wish, agreed by {manager}; \
                 {first} keeps the turn and 70 % of a deal"
            )
        },
        zh: if instigated {
            format!("{rep} — 客户中途指定，{manager} 同意；因 {rep} 怂恿，成交佣金全归 {first}")
        } else {
            format!("{rep} — 客户中途指定，{manager} 同意；{first} 保留轮次，成交佣金 70% 归 {first}")
        };
    VoluntaryMidway { rep: String, manager: String, first: String }
        en: format!(
            "{rep} — voluntary reception at the customer's wish, agreed by {manager}; the \
             customer and a deal stay {first}'s"
        ),
        zh: format!("{rep} — 老客户指定，{manager} 同意，义务接待；客户及佣金仍归 {first}");
    VoluntaryForRep { rep: String, name: String, escort: String }
        en: format!(
            "{rep} — voluntary reception for {name}, who is not on duty: brought by {escort}, \
             the new customer is {name}'s; not a turn"
        ),
        zh: format!("{rep} — 义务接待（{name} 不在岗）：{escort} 带来的新客户归 {name}；不计轮次");
    /// `origin` is how the customer became `owner`'s, when the register says (one message).
    VoluntaryForOwner { rep: String, owner: String, origin: Vec<Message> }
        en: format!(
            "{rep} — voluntary reception for {owner}, who is not on duty ({}); not a turn",
            origin.iter().map(|o| o.text(Lang::En)).collect::<String>()
        ),
        zh: format!(
            "{rep} — 义务接待（{owner} 不在岗，{}）；不计轮次",
            origin.iter().map(|o| o.text(Lang::Zh)).collect::<String>()
        );
    /// `rep` is who the call was put through to, if anyone.
    CallRecorded { rep: Option<String> }
        en: match rep {
            Some(rep) => format!("call recorded for {rep}; calls never decide ownership"),
            None => "call recorded; calls never decide ownership".to_string(),
        },
        zh: match rep {
            Some(rep) => format!("来电已登记，转 {rep}；来电不作为客户归属依据"),
            None => "来电已登记；来电不作为客户归属依据".to_string(),
        };
    NextInRotation { rep: String }
        en: format!("{rep} — next in the rotation"),
        zh: format!("{rep} — 轮序接待");
    /// `origin` is how the customer became the owner's, when the register says (one message).
    ReturningCustomer { rep: String, origin: Vec<Message> }
        en: if origin.is_empty() {
            format!("{rep} — returning customer")
        } else {
            format!(
                "{rep} — returning customer, {}",
                origin.iter().map(|o| o.text(Lang::En)).collect::<String>()
            )
        },
        zh: if origin.is_empty() {
            format!("{rep} — 老客户")
        } else {
            format!(
                "{rep} — 老客户，{}",
                origin.iter().map(|o| o.text(Lang::Zh)).collect::<String>()
            )
        };
    BroughtBy { rep: String, escort: String }
        en: format!("{rep} — brought by {escort}: one reception with them"),
        zh: format!("{rep} — 老带新（{escort} 带来），视为接待一次");
    /// `owed` when the refused rep's turn is owed back as a priority turn.
    ReassignedFrom { rep: String, old_rep: String, old_id: i64, owed: bool }
        en: if owed {
            format!(
                "{rep} — reassigned from {old_rep} (entry {old_id}); {old_rep}'s turn is void and \
                 owed back as a priority turn"
            )
        } else {
            format!("{rep} — reassigned from {old_rep} (entry {old_id})")
        },
        zh: if owed {
            format!("{rep} — 转接自 {old_rep}（登记号 {old_id}）；{old_rep} 本轮轮空，享有优先轮次")
        } else {
            format!("{rep} — 转接自 {old_rep}（登记号 {old_id}）")
        };
    ReferralLapsed { referrer: String, day: String }
        en: format!("; {referrer}'s referral was for {day} and has lapsed"),
        zh: format!("；{referrer} 的推介约定 {day} 来访，已失效");
    ReferredAndConfirmed { referrer: String }
        en: format!("; referred by {referrer}, confirmed"),
        zh: format!("；{referrer} 推介，已确认");
    ReferralToConfirm { referrer: String, grace: i64, phone: String }
        en: format!(
            "; {referrer}'s referral holds once confirmed within {grace} minutes: `salesdesk \
             referral confirm {phone} --by NAME`"
        ),
        zh: format!(
            "；{referrer} 的推介须在 {grace} 分钟内确认：`salesdesk referral confirm {phone} --by 姓名`"
        );
    PriorityTurnMark {}
        en: " (priority turn)".to_string(),
        zh: "（优先轮次）".to_string();
    PassedKeepsPriority { rep: String }
        en: format!("; {rep} on a manager's errand, keeps a priority turn"),
        zh: format!("; {rep} 领导安排外出，保留优先轮次");
    PassedLosesTurn { rep: String }
        en: format!("; {rep} not at the desk, loses the turn"),
        zh: format!("; {rep} 不在岗，取消本轮");
    NewCustomerMark {}
        en: " [new customer]".to_string(),
        zh: "【新客户】".to_string();
    EntryMark { id: i64 }
        en: format!(" [entry {id}]"),
        zh: format!("【登记号 {id}】");

    // deal

    NotACompanyDeal { field: String, raw: String }
        en: format!(
            "{field}: {raw:?} is not how the company brought the client; type introduced (the \
             rep followed it through), arranged (the rep did the after-sale follow-up) or \
             arranged-staff (other staff did)"
        ),
        zh: format!(
            "{field}：{raw:?} 不是公司带客方式；请输入 introduced（公司介绍，置业顾问跟进到底）、\
             arranged（公司安排，置业顾问做售后跟进）或 arranged-staff（公司安排，他人跟进）"
        );
    UnitEmpty { field: String }
        en: format!("{field}: the unit is empty; type the unit number (房号), for example 5-2-1201"),
        zh: format!("{field}：房号为空；请输入房号，例如 5-2-1201");
    NotAUnit { field: String, raw: String }
        en: format!("{field}: {raw:?} is not a unit number; type it on one line, for example 5-2-1201"),
        zh: format!("{field}：{raw:?} 不是房号；请在一行内输入，例如 5-2-1201");
    BuyerNamedAlready { phone: String, name: String }
        en: format!(
            "--name: {phone} is already {name}; leave out --name (a name on the contract changes \
             with `salesdesk deal change ID --name NAME`)"
        ),
        zh: format!(
            "--name：{phone} 已登记为 {name}；请去掉 --name（合同上的姓名用 `salesdesk deal change \
             ID --name 姓名` 更改）"
        );
    NoBuyer { phone: String }
        en: format!(
            "PHONE: no customer has the phone {phone}; a buyer comes to the desk first \
             (`salesdesk visit NAME --phone P`), or, for a company client the company arranged \
             without a visit, give --name NAME --company arranged"
        ),
        zh: format!(
            "PHONE：没有电话为 {phone} 的客户；买方须先到访登记（`salesdesk visit 姓名 --phone P`），\
             公司直接安排、未经来访的公司客户请加 --name 姓名 --company arranged"
        );
    DealIsOwners { customer: String, owner: String }
        en: format!(
            "--rep: {customer} belongs to {owner}, so the deal is {owner}'s (7.3); leave out \
             --rep, or record it and settle the commission with `salesdesk commission settle`"
        ),
        zh: format!(
            "--rep：{customer} 归属 {owner}，该成交归 {owner}（7.3）；请去掉 --rep，或照常登记后用 \
             `salesdesk commission settle` 裁定佣金"
        );
    NoRegistrationInForce { customer: String, day: String }
        en: format!(
            "--rep: no rep's registration of {customer} is in force on {day}; name the rep who \
             closed the deal with --rep REP"
        ),
        zh: format!(
            "--rep：{day} 没有置业顾问对 {customer} 的有效登记；请用 --rep 置业顾问 指明成交的置业顾问"
        );
    NotACompanyClient { customer: String }
        en: format!(
            "--company: {customer} is not a company client; a client is one only when the \
             company sent them before any visit (6.1.1). Leave out --company"
        ),
        zh: format!(
            "--company：{customer} 不是公司客户；只有在任何来访之前由公司介绍来的客户才是公司客户\
             （6.1.1）。请去掉 --company"
        );
    UnitSold { unit: String, deal: i64, buyer: String }
        en: format!(
            "--unit: {unit} was sold in deal {deal} to {buyer}; give another unit (换房 is \
             `salesdesk deal change {deal} --unit U`)"
        ),
        zh: format!(
            "--unit：{unit} 已在成交 {deal} 中售予 {buyer}；请换一个房号（换房用 `salesdesk deal \
             change {deal} --unit U`）"
        );
    /// `rep` is none for a deal other staff followed up; `split` is the deal's split.
    DealRecorded {
        id: i64,
        buyer: String,
        unit: String,
        price: String,
        rep: Option<String>,
        split: Composed,
    }
        en: format!(
            "deal {id}: {buyer} bought {unit} for {price} CNY from {}; {split}",
            rep.as_deref().unwrap_or("the company")
        ),
        zh: format!(
            "成交 {id}：{buyer} 以 {price} 元购 {unit}，置业顾问 {}；{split}",
            rep.as_deref().unwrap_or("公司")
        );
    NotADealNumber { raw: String }
        en: format!("DEAL_ID: {raw:?} is not a deal number; find it with `salesdesk deal list`"),
        zh: format!("DEAL_ID：{raw:?} 不是成交编号；用 `salesdesk deal list` 查找");
    NoDeal { id: i64 }
        en: format!("DEAL_ID: there is no deal {id}; find the number with `salesdesk deal list`"),
        zh: format!("DEAL_ID：没有成交 {id}；用 `salesdesk deal list` 查找编号");
    DealChangeWhat {}
        en: "deal change: say what changes: --unit U (换房) or --name NAME (更名)".to_string(),
        zh: "deal change：请说明变更内容：--unit U（换房）或 --name 姓名（更名）".to_string();
    /// `deals`: the numbers of the deals the link changes.
    SpouseLinkNeedsBy { deals: Vec<String> }
        en: format!(
            "--by: the spouse link changes deal {} (closed before it, 7.4); say who links them \
             with --by NAME",
            deals.join(", ")
        ),
        zh: format!(
            "--by：此次夫妻关联会改变成交 {}（关联前已成交，7.4）；请用 --by 姓名 注明经办人",
            deals.join("、")
        );
    DealChangeSpouseLinked { name: String, id: i64 }
        en: format!("spouse {name} (customer {id}) linked"),
        zh: format!("关联配偶 {name}（客户 {id}）");
    DealChangeSpouseUnlinked { name: String, id: i64 }
        en: format!("spouse {name} (customer {id}) unlinked"),
        zh: format!("解除配偶 {name}（客户 {id}）关联");
    DealChangeRecordLinked { name: String, id: i64 }
        en: format!("one person with customer {id} {name} (1.7)"),
        zh: format!("与客户 {id} {name} 为同一人（1.7）");
    DealIsVoided { id: i64 }
        en: format!(
            "ID: deal {id} is voided; a voided deal is neither changed nor settled: see it with \
             `salesdesk deal show {id}`"
        ),
        zh: format!("ID：成交 {id} 已作废；作废的成交不再变更或裁定：用 `salesdesk deal show {id}` 查看");
    UnitOfVoidedDeal { unit: String, id: i64 }
        en: format!("{unit} (deal {id}, voided)"),
        zh: format!("{unit}（成交 {id}，已作废）");
    DealVoidedAlready { id: i64 }
        en: format!("ID: deal {id} is voided already; see it with `salesdesk deal show {id}`"),
        zh: format!("ID：成交 {id} 已作废；用 `salesdesk deal show {id}` 查看");
    DealHandedOver { id: i64, handover: i64, unit: String }
        en: format!(
            "ID: the unit of deal {id}, {unit}, stands handed over (handover {handover}); void \
             the handover first with `salesdesk handover void {unit} --reason TEXT --by NAME`"
        ),
        zh: format!(
            "ID：成交 {id} 的房号 {unit} 已交房（交房记录 {handover}）；请先用 `salesdesk \
             handover void {unit} --reason 原因 --by 姓名` 作废交房"
        );
    DealVoidReasonEmpty {}
        en: "--reason: empty; say why the deal is voided, for example 退房 or \"entered twice\""
            .to_string(),
        zh: "--reason：为空；请说明作废原因，例如“退房”或“重复录入”".to_string();
    /// `owner_line`: [`Message::DealVoidStillOwner`] or [`Message::DealVoidNoLongerOwner`].
    DealVoided { id: i64, unit: String, buyer: String, by: String, why: String, owner_line: Composed }
        en: format!(
            "deal {id} voided by {by} ({why}): {unit} is free again, {buyer}'s shares leave the \
             commission report; {owner_line}"
        ),
        zh: format!(
            "成交 {id} 已由 {by} 作废（{why}）：{unit} 可重新出售，{buyer} 的佣金分配移出佣金报表；\
             {owner_line}"
        );
    DealVoidStillOwner { buyer: String, deal: i64 }
        en: format!("{buyer} stays an owner through deal {deal} (7.6)"),
        zh: format!("{buyer} 仍为业主（成交 {deal}，7.6）");
    DealVoidNoLongerOwner { buyer: String }
        en: format!(
            "{buyer} has no other deal and is no longer an owner; their registration decides whose \
             customer they are"
        ),
        zh: format!("{buyer} 已无其他成交，不再是业主；客户归属按来访登记确定");
    UnitHeldAlready { id: i64, unit: String }
        en: format!("--unit: deal {id} holds {unit} already; give the unit it moves to"),
        zh: format!("--unit：成交 {id} 已是 {unit}；请输入换到的房号");
    UnitHeldBy { unit: String, deal: i64 }
        en: format!("--unit: {unit} is held by deal {deal}; give a unit that is free"),
        zh: format!("--unit：{unit} 已属成交 {deal}；请输入未售出的房号");
    NameAlready { id: i64, name: String }
        en: format!("--name: deal {id} is in the name of {name} already; give the new name"),
        zh: format!("--name：成交 {id} 已在 {name} 名下；请输入新姓名");
    DealChanged { id: i64, change: String, change_zh: String, value: String }
        en: format!(
            "deal {id}: {change} to {value}; the rep and the shares stay as they were (7.6)"
        ),
        zh: format!("成交 {id}：{change_zh}为 {value}；置业顾问与佣金不变（7.6）");
    SettledBy { by: String, approved_by: String }
        en: format!("settled by {by}, approved by {approved_by}"),
        zh: format!("{by} 裁定，{approved_by} 审批");
    /// `rules` are the rules that claim the deal, if any.
    AwaitingSettlement { rules: Vec<String>, rules_zh: Vec<String> }
        en: format!(
            "awaiting the project manager's settlement (7.7){}",
            if rules.is_empty() {
                String::new()
            } else {
                format!(": {} claim it", rules.join(", "))
            }
        ),
        zh: format!("待项目经理裁定（7.7）{}", rules_zh.join("、"));

    // commission settle, as typed

    NotAShareSpec { raw: String }
        en: format!(
            "--share: {raw:?} is not NAME=PCT; type a party and a percentage, for example 王芳=60"
        ),
        zh: format!("--share：{raw:?} 不是 名称=比例；请输入分配对象和百分比，例如 王芳=60");
    NotAPercentage { pct: String, raw: String }
        en: format!(
            "--share: {pct:?} in {raw:?} is not a percentage; type 0 to 100, for example 60 or \
             33.33"
        ),
        zh: format!("--share：{raw:?} 中的 {pct:?} 不是百分比；请输入 0 到 100，例如 60 或 33.33");
    NotAParty { raw: String }
        en: format!(
            "--share: {raw:?} is not a rep; type a rep's name, pool (公佣), or referrer:NAME for \
             the employee who referred the customer"
        ),
        zh: format!(
            "--share：{raw:?} 不是置业顾问；请输入置业顾问姓名、pool（公佣），或 referrer:姓名\
             （推介该客户的员工）"
        );
    RulesSettleAlready { id: i64, rule: String, rule_zh: String, clause: String }
        en: format!(
            "DEAL_ID: the rules settle deal {id} already ({rule}, seed 003 §{clause}); the \
             project manager settles only a deal they cannot (7.7). If the register is wrong, \
             correct it (`salesdesk void`, `salesdesk customer link`) and the shares follow"
        ),
        zh: format!(
            "DEAL_ID：成交 {id} 已由规则分配（{rule_zh}，seed 003 §{clause}）；项目经理只裁定规则\
             无法分配的成交（7.7）。如登记有误，请更正（`salesdesk void`、`salesdesk customer \
             link`），份额随之更新"
        );
    DealSettled { id: i64, by: String, approved_by: String, parts: Vec<String> }
        en: format!(
            "deal {id} settled by {by}, approved by {approved_by}: {} (7.7)",
            parts.join(" · ")
        ),
        zh: format!(
            "成交 {id} 由 {by} 裁定，{approved_by} 审批：{}（7.7）",
            parts.join(" · ")
        );

    // group

    NoOfficeFiles {}
        en: "--office: name the project files to read, with --office FILE (repeated) or \
             --offices DIR (every *.db in it)"
            .to_string(),
        zh: "--office：请指明要读取的项目文件：--office 文件（可重复）或 --offices 文件夹\
             （其中每个 *.db）"
            .to_string();
    NotSeconds { raw: String }
        en: format!("--wait: {raw:?} is not a number of seconds; type for example --wait 10"),
        zh: format!("--wait：{raw:?} 不是秒数；例如输入 --wait 10");
    /// The start of a line naming an office the report skips; why follows.
    OfficeSkipped { file: PathBuf }
        en: format!("skipped {file}: "),
        zh: format!("已跳过 {file}：");
    ReplicasAndOffices {}
        en: "--replicas: the projects come from the replicas; leave out --office and --offices"
            .to_string(),
        zh: "--replicas：项目取自副本；请去掉 --office 和 --offices".to_string();
    ReplicasFetched { fetched: i64, total: i64, url: String, cache: PathBuf }
        en: format!("fetched {fetched} of {total} project replicas from {url} into {cache}"),
        zh: format!("已从 {url} 取回 {fetched} 个项目副本（共 {total} 个），存放于 {cache}");
    NoCacheHome {}
        en: "--cache: neither $XDG_CACHE_HOME nor $HOME is set; name the folder with --cache DIR"
            .to_string(),
        zh: "--cache：$XDG_CACHE_HOME 和 $HOME 都未设置；请用 --cache 文件夹 指明文件夹".to_string();
    NotAProjectName { raw: String }
        en: format!("--project: {raw:?} is not a project's name (one plain name, such as 翠湖苑)"),
        zh: format!("--project：{raw:?} 不是项目名称（一个简单的名称，例如 翠湖苑）");
    /// The start of a line naming a project not fetched; why follows.
    NotFetched { name: String }
        en: format!("not fetched {name}: "),
        zh: format!("未取回 {name}：");
    NotAFolderForCopies { option: String, folder: PathBuf }
        en: format!("{option}: {folder} is not a folder; give a folder for the projects' copies"),
        zh: format!("{option}：{folder} 不是文件夹；请给出存放项目副本的文件夹");

    // demo

    DemoFolderBusy { folder: PathBuf, others: Vec<String> }
        en: format!(
            "--file: the demo's group folder {folder} holds other files ({}); move them, or give \
             the demo another name with --file FILE",
            others.join(", ")
        ),
        zh: format!(
            "--file：演示的集团文件夹 {folder} 中还有其他文件（{}）；请移走，或用 --file 文件 \
             给演示另取名字",
            others.join(", ")
        );
    DemoFileIsFolder { file: PathBuf, example: PathBuf }
        en: format!("--file: {file} is a folder; give a file name, for example {example}"),
        zh: format!("--file：{file} 是文件夹；请给出文件名，例如 {example}");
    DemoFileExists { file: PathBuf }
        en: format!(
            "--file: {file} already exists, and the demo would replace it and everything in it; \
             give another name with --file FILE, or add --force to replace it"
        ),
        zh: format!(
            "--file：{file} 已存在，演示会替换它及其中的全部内容；请用 --file 文件 另取名字，\
             或加 --force 替换"
        );

    // survey, what was done

    SurveyDefined { name: String, scale: i64, count: i64 }
        en: format!("survey {name}: scale 1–{scale}, {count} indicators"),
        zh: format!("调查 {name}：量表 1–{scale}，{count} 项指标");
    /// `rate` in percent as shown; `previous` the survey answered before, or `-`.
    SurveySampled {
        name: String,
        drawn: i64,
        owners: i64,
        rate: String,
        left_out: i64,
        previous: String,
    }
        en: format!(
            "survey {name}: {drawn} of {owners} owners to call ({rate} %), {left_out} left out \
             for answering {previous}"
        ),
        zh: format!(
            "调查 {name}：共 {owners} 位业主，抽取 {drawn} 位（{rate}%），{left_out} 位因已答 \
             {previous} 而排除"
        );
    /// `rate` in percent as typed.
    SurveyRateShort { name: String, rate: String }
        en: format!(
            "warning: survey {name}: a call list at {rate} % falls short of the 20 % a half-yearly \
             survey needs (seed 002: 抽查率不低于20%); draw at --rate 0.2 or more"
        ),
        zh: format!(
            "警告：调查 {name}：抽查率 {rate}% 低于半年度满意度调查要求的 20%（抽查率不低于20%）；\
             请以 --rate 0.2 或以上抽取"
        );
    SurveyAnswersRecorded { name: String, answered: i64, phone: String, score: String }
        en: format!(
            "survey {name}: recorded {answered} answers from {phone}; weighted score {score}"
        ),
        zh: format!("调查 {name}：已记录 {phone} 的 {answered} 项回答，加权得分 {score}");
    SurveyShown { name: String, scale: i64, respondents: i64, created: String }
        en: format!(
            "survey {name}: scale 1–{scale}, {respondents} respondents, created {created}"
        ),
        zh: format!("调查 {name}：量表 1–{scale}，{respondents} 人作答，创建于 {created}");

    // complaint, what was done

    /// `resolve` is none when the final decision sets it.
    ComplaintRecorded {
        id: i64,
        reason: Composed,
        reason_zh: Composed,
        decision: String,
        decision_zh: String,
        proposal: String,
        proposal_zh: String,
        ticket: String,
        feedback: String,
        resolve: Option<String>,
    }
        en: format!(
            "complaint {id} — {reason} — authority: {decision}, proposal approved by {proposal}; \
             ticket due {ticket}, first feedback due {feedback}, resolve by {}",
            resolve.as_deref().unwrap_or("as the final decision sets")
        ),
        zh: format!(
            "投诉 {id} — {reason_zh} — 核决：{decision_zh}，建议方案审批：{proposal_zh}；受理单 \
             {ticket}，首次反馈 {feedback}，解决时限 {}",
            resolve.as_deref().unwrap_or("按终极方案")
        );
    ComplaintReclassified { id: i64, class: String, class_zh: String, decision: String, decision_zh: String }
        en: format!("complaint {id}: reclassified {class}, final decision by {decision}"),
        zh: format!("投诉 {id}：已重新分类为{class_zh}投诉，终极方案核决：{decision_zh}");
    /// Why a reclassified complaint has its class: the reclassification's reason, whole.
    ClassReclassified { class: String, class_zh: String, by: String, reason: Composed }
        en: format!("reclassified {class} by {by}: {reason}"),
        zh: format!("{by} 重新分类为{class_zh}：{reason}");
    ComplaintVoidRecorded { id: i64, by: String }
        en: format!(
            "complaint {id}: voided by {by}; it stays in the book, out of every clock, list and count"
        ),
        zh: format!("投诉 {id}：已由 {by} 作废；记录保留，不再计时、列出或统计");
    ComplaintStepRecorded { id: i64, step: String, step_zh: String, status: String, status_zh: String }
        en: format!("complaint {id}: {step} recorded, now {status}"),
        zh: format!("投诉 {id}：已记录{step_zh}，状态：{status_zh}");
    EscalatedTo { authority: String, authority_zh: String }
        en: format!("; authority: {authority}"),
        zh: format!("; 审批： {authority_zh}");
    ContractorReplaced { contractor: i64 }
        en: format!("; contractor {contractor} failed twice: replace the contractor (4.2.3.7)"),
        zh: format!("；第 {contractor} 家施工单位两次整改不合格：更换施工单位");
    ContractorFailed { contractor: i64, failures: i64 }
        en: format!("; failure {failures} of contractor {contractor}"),
        zh: format!("；第 {contractor} 家施工单位第 {failures} 次整改不合格");
    RevisitDissatisfied {}
        en: "; the customer is dissatisfied: reopened for rectification, resolve it again"
            .to_string(),
        zh: "；客户不满意：重新整改，整改后再次回访".to_string();
    NextDue { clock: String, clock_zh: String, due: String }
        en: format!("; next due: {clock} {due}"),
        zh: format!("; 下一时限： {clock_zh} {due}");

    // restore, why a restored file is refused

    /// `found` is the first lines SQLite's integrity check gave.
    RestoreFailsIntegrity { found: Composed }
        en: format!("it fails its integrity check ({found})"),
        zh: format!("它未通过完整性检查（{found}）");
    RestoreNotSalesdesk {}
        en: "it is not a salesdesk database".to_string(),
        zh: "它不是 salesdesk 数据库".to_string();
    RestoreNewerSchema { version: i64, known: i64 }
        en: format!(
            "it is of schema version {version}, newer than this salesdesk's {known}: restore it \
             with the salesdesk the office runs"
        ),
        zh: format!(
            "它的数据库结构版本为 {version}，比本 salesdesk 的 {known} 新：请用办公室正在使用的 \
             salesdesk 恢复"
        );
    RestoreUnguarded { triggers: Vec<String> }
        en: format!(
            "its register is not protected as salesdesk made it: the trigger(s) {} are missing \
             or changed",
            triggers.join(", ")
        ),
        zh: format!(
            "其登记表已不受 salesdesk 原有的保护：触发器 {} 缺失或被改动",
            triggers.join(", ")
        );

    // import

    RejectsIsImported { rejects: PathBuf }
        en: format!(
            "--rejects: {rejects} is the file being imported; give another name, such as \
             rejects.csv"
        ),
        zh: format!("--rejects：{rejects} 就是正在导入的文件；请换一个文件名，例如 rejects.csv");
    /// `example` is the required columns as a header row writes them.
    NoHeaderRow { file: PathBuf, example: Composed }
        en: format!(
            "{file}: no header row; the first row with more than one cell names the columns, for \
             example {example}"
        ),
        zh: format!("{file}：没有表头行；第一个含多个单元格的行即为表头，列出各列名称，例如 {example}");
    /// The header row a file gave could not be read (`problem`).
    HeaderRowRefused { file: PathBuf, row: i64, problem: Invalid }
        en: format!("{file}: row {row}: {}", problem.text(Lang::En)),
        zh: format!("{file}：第 {row} 行：{}", problem.text(Lang::Zh));
    /// A file refused whole: `listed` is its problems one a line, `more` how many were left
    /// out, `notes` what else the import has to say (may be none); `count`
    /// problems in `rows` rows.
    ImportRefused {
        listed: Composed,
        more: i64,
        notes: Vec<Message>,
        count: i64,
        rows: i64,
        file: PathBuf,
    }
        en: {
            let more = (more > 0).then(|| {
                format!(
                    "… and {more} more problem{} (add --skip-invalid --rejects FILE to see every \
                     bad row)",
                    if more == 1 { "" } else { "s" }
                )
            });
            let lines: Vec<String> = [Some(listed.to_string()), more]
                .into_iter()
                .flatten()
                .chain(notes.iter().map(|note| note.text(Lang::En)))
                .filter(|line| !line.is_empty())
                .collect();
            format!(
                "{}\n{count} problem{} in {rows} row{} of {file}; nothing was imported. Correct \
                 the rows and import again, or add --skip-invalid --rejects FILE to import the \
                 good rows",
                lines.join("\n"),
                if count == 1 { "" } else { "s" },
                if rows == 1 { "" } else { "s" },
            )
        },
        zh: {
            let more = (more > 0).then(|| {
                format!("… 另有 {more} 处问题（加上 --skip-invalid --rejects FILE 可查看每一个有问题的行）")
            });
            let lines: Vec<String> = [Some(listed.to_string()), more]
                .into_iter()
                .flatten()
                .chain(notes.iter().map(|note| note.text(Lang::Zh)))
                .filter(|line| !line.is_empty())
                .collect();
            format!(
                "{}\n{file} 中 {rows} 行共有 {count} 处问题；未导入任何数据。请更正这些行后重新导入，\
                 或加上 --skip-invalid --rejects FILE 只导入正确的行",
                lines.join("\n"),
            )
        };
    /// What an import did; `rejects` is the rejects file, when rows went into it.
    ImportSummary {
        dry_run: bool,
        kind: String,
        read: i64,
        file: PathBuf,
        source: Composed,
        imported: i64,
        present: i64,
        rejected: i64,
        rejects: Option<PathBuf>,
    }
        en: format!(
            "{}import {kind}: {read} rows read from {file} ({source}): {imported} imported, \
             {present} already present, {rejected} rejected{}",
            if dry_run { "dry run, nothing written: " } else { "" },
            rejects.map(|r| format!(" (written to {r})")).unwrap_or_default()
        ),
        zh: format!(
            "{}导入 {kind}：读取 {file}（{source}）{read} 行：导入 {imported}，已存在 {present}，\
             拒绝 {rejected}{}",
            if dry_run { "试运行，未写入：" } else { "" },
            rejects.map(|r| format!("（已写入 {r}）")).unwrap_or_default()
        );
    /// Two columns of a header that name the same field (`key`).
    ColumnsMeanTheSame { first: String, then: String, key: String }
        en: format!("columns {first:?} and {then:?} both mean {key}; keep one of them"),
        zh: format!("列 {first:?} 和 {then:?} 都表示 {key}；请只保留其中一列");
    /// `missing` are the fields the header lacks, each with names it may give them; `header`
    /// the header as the file gives it.
    HeaderLacks { missing: Composed, several: bool, header: Composed }
        en: format!(
            "the header has no column for {missing}; add {} (the header is: {header})",
            if several { "them" } else { "it" }
        ),
        zh: format!("表头缺少以下列：{missing}；请补上（现有表头：{header}）");
    NotYesOrNo { field: Composed, raw: String }
        en: format!("{field}: {raw:?} is not yes or no; type 是 or 否 (yes/no), or leave it empty"),
        zh: format!("{field}：{raw:?} 不是“是”或“否”；请输入 是 或 否（yes/no），或留空");
    LaterThanNow { field: Composed, at: String, now: String }
        en: format!("{field}: {at} is later than now ({now}); check the year and month"),
        zh: format!("{field}：{at} 晚于当前时间（{now}）；请核对年份和月份");
    /// A price of zero, typed (`--price`) or read from a sheet's column.
    PriceNothing { field: Composed, raw: String }
        en: format!("{field}: {raw:?} is nothing; type the price in CNY, for example 1280000"),
        zh: format!("{field}：{raw:?} 为零；请输入人民币成交价，例如 1280000");
    RepairCellEmpty { field: Composed }
        en: format!("{field}: empty; say what is to be repaired"),
        zh: format!("{field}：内容为空；请写明需要维修的内容");
    /// `ignored` are the headers of the columns no field reads, `several` when more than one.
    ColumnsIgnored { file: PathBuf, ignored: Composed, several: bool, kind: String }
        en: format!(
            "note: {file}: column{} {ignored} {} not read by `import {kind}` and {} ignored",
            if several { "s" } else { "" },
            if several { "are" } else { "is" },
            if several { "are" } else { "is" },
        ),
        zh: format!("提示：{file}：`import {kind}` 不读取列 {ignored}，已忽略");
    CellBeyondHeader { column: i64, raw: String, columns: i64 }
        en: format!(
            "column {column}: {raw:?} is beyond the header's {columns} columns; give the column a \
             header or clear it"
        ),
        zh: format!("第 {column} 列：{raw:?} 超出了表头的 {columns} 列；请为该列加上表头，或清空它");
    TicketedBeforeReceived { field: Composed, ticketed: String, received: String }
        en: format!(
            "{field}: {ticketed} is before the complaint came in ({received}); a complaint is \
             ticketed after it is received"
        ),
        zh: format!("{field}：{ticketed} 早于投诉受理时间（{received}）；投诉应在受理之后立单");
    /// A class other than owner (`class`, its code) on a row with a deal date.
    ClassWithDealDate { field: Composed, class: String }
        en: format!(
            "{field}: {class:?} but the row has a deal date; type owner (业主), or clear the deal \
             date"
        ),
        zh: format!("{field}：{class:?}，但该行有成交日期；请输入 业主（owner），或清空成交日期");
    /// `keys` are the survey's indicators, separated by commas.
    NoSuchIndicator { field: Composed, survey: Composed, header: String, keys: Composed }
        en: format!(
            "{field}: survey {survey} has no indicator {header:?}; its indicators are {keys} \
             (clear the cell or rename the column)"
        ),
        zh: format!(
            "{field}：问卷 {survey} 没有指标 {header:?}；其指标为 {keys}（请清空该单元格或重命名该列）"
        );
    AnswersNoneGiven { survey: Composed }
        en: format!(
            "answers: none given; give a score in at least one indicator column of survey {survey}"
        ),
        zh: format!("answers：没有任何评分；请至少在问卷 {survey} 的一个指标列中给出评分");
    /// `surveys` are the names of the surveys there are, separated by spaces (empty for none).
    NoSurveyNamed { field: Composed, survey: String, surveys: Composed }
        en: format!(
            "{field}: there is no survey {survey:?}; surveys: {} (create it with `salesdesk \
             survey new NAME --standard`)",
            if surveys.is_empty() { "none yet" } else { surveys }
        ),
        zh: format!(
            "{field}：没有问卷 {survey:?}；现有问卷：{}（用 `salesdesk survey new 名称 --standard` \
             创建）",
            if surveys.is_empty() { "暂无" } else { surveys }
        );
    /// `phone` as listings show it (masked).
    NoCustomerWithPhone { field: Composed, phone: String }
        en: format!(
            "{field}: no customer has the phone {phone}; import or register the customer first"
        ),
        zh: format!("{field}：没有电话为 {phone} 的客户；请先导入或登记该客户");
    UnitSoldBefore { field: Composed, unit: Composed, deal: i64, buyer: String }
        en: format!("{field}: {unit} was sold in deal {deal} to {buyer}; a unit is sold once"),
        zh: format!("{field}：{unit} 已在成交 {deal} 中售予 {buyer}；一套房只能售出一次");
    UnitHandedOverBefore { field: Composed, unit: Composed, on: String, handover: i64 }
        en: format!(
            "{field}: {unit} was handed over on {on} (handover {handover}); a unit is handed over \
             once"
        ),
        zh: format!("{field}：{unit} 已于 {on} 交付（交付记录 {handover}）；一套房只能交付一次");
    RowHandoverBeforeDeal { field: Composed, day: String, deal: i64, sold: String }
        en: format!(
            "{field}: {day} is before deal {deal} sold the unit ({sold}); a unit is handed over \
             after its deal"
        ),
        zh: format!("{field}：{day} 早于成交 {deal} 的成交日期（{sold}）；交房在成交之后");
    RowNamesNoRep { field: Composed, name: String }
        en: format!(
            "{field}: there is no rep named {name:?}; add them first with `salesdesk rep add \
             NAME` or `salesdesk import reps FILE`"
        ),
        zh: format!(
            "{field}：没有名为 {name:?} 的置业顾问；请先用 `salesdesk rep add 姓名` 或 \
             `salesdesk import reps FILE` 添加"
        );
    /// `phone` as listings show it (masked).
    RowNamesNoCustomer { field: Composed, phone: String }
        en: format!(
            "{field}: no customer has the phone {phone} and the row gives no name; add a name \
             column (姓名) or register the customer first"
        ),
        zh: format!("{field}：没有电话为 {phone} 的客户，且该行没有姓名；请加上姓名列，或先登记该客户");
}

/// A value for each kind of argument that names the argument, so that a test can see which
/// arguments a text carries.
#[cfg(test)]
trait Sample {
    fn sample(name: &str) -> Self;
    /// The argument holding `value`, when it holds text.
    fn filled(value: &str) -> Self;
}

#[cfg(test)]
impl Sample for String {
    fn sample(name: &str) -> String {
        format!("<{name}>")
    }
    fn filled(value: &str) -> String {
        value.to_string()
    }
}

#[cfg(test)]
impl Sample for Option<String> {
    fn sample(name: &str) -> Option<String> {
        Some(String::sample(name))
    }
    fn filled(value: &str) -> Option<String> {
        Some(value.to_string())
    }
}

#[cfg(test)]
impl Sample for Vec<String> {
    fn sample(name: &str) -> Vec<String> {
        vec![String::sample(name)]
    }
    fn filled(value: &str) -> Vec<String> {
        vec![value.to_string()]
    }
}

#[cfg(test)]
impl Sample for i64 {
    fn sample(_: &str) -> i64 {
        4242
    }
    fn filled(_: &str) -> i64 {
        4242
    }
}

#[cfg(test)]
impl Sample for Vec<Message> {
    fn sample(_: &str) -> Vec<Message> {
        vec![Message::RosterRetired {
            name: String::sample("problem"),
        }]
    }
    fn filled(value: &str) -> Vec<Message> {
        vec![Message::RosterRetired {
            name: value.to_string(),
        }]
    }
}

#[cfg(test)]
impl Sample for PathBuf {
    fn sample(name: &str) -> PathBuf {
        PathBuf::from(String::sample(name))
    }
    /// A path is shown whole (see [`Shown`]), and no path the system gives is a megabyte long.
    fn filled(_: &str) -> PathBuf {
        PathBuf::from("salesdesk.db")
    }
}

#[cfg(test)]
impl Sample for Composed {
    fn sample(name: &str) -> Composed {
        Composed(String::sample(name))
    }
    /// Composed text is shown whole (see [`Shown`]); what goes into it was shortened already.
    fn filled(_: &str) -> Composed {
        Composed("visited_at (来访时间)".to_string())
    }
}

#[cfg(test)]
impl Sample for Option<PathBuf> {
    fn sample(name: &str) -> Option<PathBuf> {
        Some(PathBuf::sample(name))
    }
    fn filled(value: &str) -> Option<PathBuf> {
        Some(PathBuf::filled(value))
    }
}

#[cfg(test)]
impl Sample for bool {
    fn sample(_: &str) -> bool {
        true
    }
    fn filled(_: &str) -> bool {
        true
    }
}

#[cfg(test)]
impl Sample for Invalid {
    fn sample(name: &str) -> Invalid {
        Invalid::from(Message::RosterRetired {
            name: String::sample(name),
        })
    }
    fn filled(value: &str) -> Invalid {
        Invalid::from(Message::RosterRetired {
            name: value.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_cjk(c: char) -> bool {
        matches!(c, '\u{4E00}'..='\u{9FFF}')
    }

    #[test]
    fn every_message_has_both_languages() {
        let samples = Message::samples();
        assert!(samples.len() > 50, "the catalogue lost its messages");
        for (message, _) in &samples {
            let (en, zh) = (message.text(Lang::En), message.text(Lang::Zh));
            assert!(!en.trim().is_empty(), "{message:?}: no English");
            assert!(!zh.trim().is_empty(), "{message:?}: no Chinese");
            assert!(
                zh.chars().any(is_cjk),
                "{message:?}: the Chinese is not Chinese: {zh}"
            );
            assert_ne!(en, zh, "{message:?}: the same in both languages");
            // English is the machine-stable wording: no Chinese beyond what the clerk types.
            assert!(
                en.chars().filter(|c| is_cjk(*c)).count() <= 8,
                "{message:?}: the English is written in Chinese: {en}"
            );
        }
    }

    #[test]
    fn the_chinese_carries_every_value_the_english_does() {
        // The field typed and the bad value are what make a message useful: a translation that
        // drops one is a worse message, not just a different one.
        for (message, fields) in Message::samples() {
            let (en, zh) = (message.text(Lang::En), message.text(Lang::Zh));
            for field in fields {
                let token = format!("<{field}>");
                if field.ends_with("_zh") {
                    assert!(
                        zh.contains(&token) && !en.contains(&token),
                        "{message:?}: {field} belongs in the Chinese alone: {en} / {zh}"
                    );
                } else if fields.contains(&format!("{field}_zh").as_str()) {
                    // The Chinese says it in its own words (a status's label for its code).
                } else if en.contains(&token) {
                    assert!(
                        zh.contains(&token),
                        "{message:?}: the Chinese leaves out {field}: {zh}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_message_echoes_more_than_the_start_of_a_value() {
        let long = "1".repeat(1 << 20);
        for message in Message::filled(&long) {
            for lang in [Lang::En, Lang::Zh] {
                let count = message.text(lang).chars().count();
                assert!(
                    count < 2_000,
                    "a message echoes a value whole: {count} characters"
                );
            }
        }
        let refused = Message::NotAPhone {
            field: "电话".into(),
            raw: long.clone(),
        };
        assert!(
            refused.text(Lang::En).starts_with(&format!(
                "电话: \"{}\"… (1048576 characters) is not a phone number",
                "1".repeat(80)
            )),
            "{}",
            refused.text(Lang::En)
        );
    }

    #[test]
    fn the_english_is_the_wording_scripts_match_on() {
        let message = Message::NotAPhone {
            field: "--phone".into(),
            raw: "123".into(),
        };
        assert_eq!(
            message.text(Lang::En),
            "--phone: \"123\" is not a phone number; type an 11-digit mobile such as \
             13812345678, or a landline with its area code such as 010-12345678"
        );
        let refused = Message::RosterRefused {
            problems: vec![
                Message::RosterEmptyName {},
                Message::RosterTwice {
                    name: "王芳".into(),
                },
            ],
            reps: vec![],
        };
        assert_eq!(
            refused.text(Lang::En),
            "roster: an empty name was given, \"王芳\" is named twice; reps on the books: none yet"
        );
        assert_eq!(
            refused.text(Lang::Zh),
            "roster：有一个姓名为空，\"王芳\" 重复出现；在册置业顾问：暂无"
        );
    }
}
