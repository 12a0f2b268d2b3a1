//! Complaints (客户投诉): how a complaint is classified, who has authority over it, the steps of
//! its life cycle, and its deadlines (第一时间原则).
//!
//! # Class
//! The highest class that applies ([`classify`]):
//! - `major`: a life or property safety emergency, a group complaint, a complaint already taken to
//!   the government, the media or the consumer association, a structural or safety defect, or an
//!   amount of 10,000 CNY or more;
//! - `important`: an amount from 500 up to 10,000 CNY, a complaint that needs several centres
//!   (3.1.2.7), or a category that is important in itself (sales promises, signing and mortgage
//!   payment, title certificates, property-management service, construction quality, design);
//! - `general`: everything else (under 500 CNY, handover details, other). A complaint about staff
//!   attitude or service quality (the category `service`, or a text that says so) is general
//!   whatever its category: its nature comes before its business (3.1.1.1).
//!
//! # Authority
//! An important or major complaint's proposal is approved by the vice president in charge and
//! its final decision is the president's; a general one is decided by the vice president in
//! charge of the customer centre, or by the customer director under 500 CNY ([`authorities`]).
//!
//! # Deadlines
//! Every clock below runs on the office's working calendar. "Working time" counts only office
//! hours of working days, so a complaint received after hours starts its working-time clocks at
//! the next working moment ([`Calendar::next_working_moment`]).
//! - `ticket` (建受理单): due 30 working minutes after receipt; met by recording the complaint
//!   (`complaint new`), whose moment is the ticket's.
//! - `evidence` (全面取证): due at the close of the first working day (the day of receipt, or
//!   the next working day when received after hours); met by `evidence`.
//! - `feedback` (信息反馈客户): due 3 calendar days after receipt, moved to the next working
//!   moment when that lands on a holiday, a weekend or after hours (no due time falls outside
//!   working time); met by the first `progress` (the plan agreed with the customer) or by
//!   `resolve`, whichever comes first. For an important or major complaint, a reply time agreed
//!   with the customer (`agree`, 协商约定制) replaces it; the latest agreement stands.
//! - `resolve`: for a general complaint, which the centre resolves itself, due 5 working days
//!   after receipt, at the same time of day; met by `resolve`. An important or major complaint
//!   has no such clock: it follows the final decision (5.1.10–5.1.14).
//! - `revisit` (客户回访): due 1 working day after the latest `resolve`; met by `revisit`. Not
//!   started before the complaint is resolved. A score of 1 or 2 reopens the complaint, and its
//!   next resolution has a follow-up clock of its own.
//! - `plan` (拟定方案): after each `escalate` of an unresolved complaint, due 1 working day
//!   later; met by the next `progress` or `resolve`. Each escalation has its own; escalating a
//!   resolved complaint starts none.
//! - `progress`: while the complaint is open, every 3 working days after the previous contact
//!   with the customer (the first feedback, then each `progress`). One deadline per interval:
//!   each is met or missed by the next contact, the last one by `resolve`, and the one still
//!   running is open until its due time passes. A late call is a missed interval on the record;
//!   it does not leave the complaint overdue once the customer has been called.

use chrono::{Duration, NaiveDateTime};

use super::calendar::Calendar;
use super::codes::{Code, code_set};
use crate::error::Invalid;
use crate::messages::Message;

/// 投诉分类, ordered so that the highest that applies wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    General,
    Important,
    Major,
}

code_set!(Class, "a complaint class", [
    General => "general", "一般",
    Important => "important", "重要",
    Major => "major", "重大",
]);

/// Defines a closed set of codes typed in English or Chinese: `Variant => "code", "中文"`, then
/// the other words offices type for it.
macro_rules! codes {
    ($name:ident, $what:literal, $what_zh:literal, [$($variant:ident => $code:literal, $zh:literal $(| $alias:literal)*),+ $(,)?]) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant),+
        }

        code_set!($name, $what, [$($variant => $code, $zh),+]);

        impl $name {
            pub fn parse(raw: &str, field: &str) -> Result<$name, Invalid> {
                use $crate::domain::codes::Code as _;
                match raw.trim().to_lowercase().as_str() {
                    $($code | $zh $(| $alias)* => Ok($name::$variant),)+
                    other => Err(Invalid::from($crate::messages::Message::NotInSet {
                        field: field.to_string(),
                        raw: other.to_string(),
                        set: $what.to_string(),
                        set_zh: $what_zh.to_string(),
                        codes: $name::ALL.iter().map(|c| c.code().to_string()).collect(),
                        codes_zh: $name::ALL
                            .iter()
                            .map(|c| format!("{}（{}）", c.zh(), c.code()))
                            .collect(),
                    })),
                }
            }
        }
    };
}

codes!(Category, "a complaint category", "投诉类别", [
    Sales => "sales", "销售",
    Signing => "signing", "签约",
    Handover => "handover", "交楼" | "交房",
    Certificate => "certificate", "办证" | "权证",
    Property => "property", "物业",
    Quality => "quality", "工程质量" | "质量",
    Design => "design", "设计",
    Service => "service", "服务态度" | "服务",
    Other => "other", "其他",
]);

codes!(Department, "a department", "责任部门", [
    Property => "property", "物管公司" | "物业",
    Engineering => "engineering", "生产中心" | "工程",
    Marketing => "marketing", "营销中心" | "营销",
    CostControl => "cost-control", "成控中心" | "成控",
    Finance => "finance", "财务中心" | "财务",
    Administration => "administration", "行政中心" | "行政",
    CustomerCentre => "customer-centre", "客户中心" | "客服",
]);

codes!(Channel, "a complaint channel", "投诉渠道", [
    Onsite => "onsite", "现场",
    Phone => "phone", "电话",
    Web => "web", "网络",
    Forum => "forum", "论坛",
    Letter => "letter", "信函",
    Other => "other", "其他",
    Inspection => "inspection", "验房",
    Certificate => "certificate", "权证",
    Leader => "leader", "领导检查",
    Revisit => "revisit", "回访",
    Internal => "internal", "内部反映",
]);

impl Channel {
    /// An early warning (投诉预警) raised inside the company rather than by the customer.
    pub fn early_warning(self) -> bool {
        matches!(
            self,
            Channel::Inspection
                | Channel::Certificate
                | Channel::Leader
                | Channel::Revisit
                | Channel::Internal
        )
    }
}

impl Category {
    /// The department a complaint of this category is filed with unless told otherwise.
    pub fn department(self) -> Department {
        match self {
            Category::Sales => Department::Marketing,
            Category::Signing => Department::Finance,
            Category::Property => Department::Property,
            Category::Quality | Category::Design => Department::Engineering,
            Category::Handover | Category::Certificate | Category::Service | Category::Other => {
                Department::CustomerCentre
            }
        }
    }

    /// Why the category alone makes a complaint important, if it does, in English and Chinese.
    fn important_because(self) -> Option<(&'static str, &'static str)> {
        match self {
            Category::Sales => Some(("sales promises", "销售承诺")),
            Category::Signing => Some((
                "signing, mortgage release and payment",
                "签约、按揭放款与付款",
            )),
            Category::Certificate => Some((
                "title certificate and mortgage processing",
                "权证与按揭办理",
            )),
            Category::Property => Some(("property-management service quality", "物业服务质量")),
            Category::Quality => Some(("construction or material defect", "施工或材料缺陷")),
            Category::Design => Some(("design defect", "设计缺陷")),
            Category::Handover | Category::Service | Category::Other => None,
        }
    }
}

/// An amount in fen (分), never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount(pub i64);

impl Amount {
    pub const IMPORTANT: Amount = Amount(500 * 100);
    pub const MAJOR: Amount = Amount(10_000 * 100);

    /// Parses `12000`, `12,000`, `12000.5`, `¥12,000.00`, `12000元`.
    pub fn parse(raw: &str, field: &str) -> Result<Amount, Invalid> {
        let bad = |negative: bool| {
            let (field, raw) = (field.to_string(), raw.to_string());
            Invalid::from(match negative {
                true => Message::AmountNegative { field, raw },
                false => Message::NotAnAmount { field, raw },
            })
        };
        let text: String = raw
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，')
            .collect();
        if text.starts_with('-') {
            return Err(bad(true));
        }
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || fraction.len() > 2
            || whole.len() > 12
        {
            return Err(bad(false));
        }
        let whole: i64 = whole.parse().map_err(|_| bad(false))?;
        let fen: i64 = format!("{fraction:0<2}").parse().map_err(|_| bad(false))?;
        Ok(Amount(whole * 100 + fen))
    }

    /// `12,000` or `499.99`.
    pub fn text(self) -> String {
        let yuan = self.0 / 100;
        let fen = self.0 % 100;
        let digits = yuan.to_string();
        let mut grouped = String::new();
        for (index, c) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if fen == 0 {
            grouped
        } else {
            format!("{grouped}.{fen:02}")
        }
    }
}

/// What makes a complaint major whatever its category or amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub safety: bool,
    pub group: bool,
    pub government: bool,
    pub media: bool,
    pub consumer_association: bool,
    pub structural: bool,
    /// Needs several centres to resolve (需公司多个中心配合): important, not major (3.1.2.7).
    pub cross_department: bool,
}

impl Flags {
    /// The flags that are set, in a fixed order: each its code and its Chinese label.
    pub fn set(&self) -> Vec<(&'static str, &'static str)> {
        [
            (self.safety, "safety", "人身财产安全"),
            (self.group, "group", "群诉"),
            (self.government, "government", "政府部门"),
            (self.media, "media", "媒体"),
            (self.consumer_association, "consumer-association", "消协"),
            (self.structural, "structural", "结构安全"),
            (self.cross_department, "cross-department", "跨中心"),
        ]
        .into_iter()
        .filter_map(|(set, code, zh)| set.then_some((code, zh)))
        .collect()
    }

    /// The codes of the flags that are set, in a fixed order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.set().into_iter().map(|(code, _)| code).collect()
    }
}

/// A class and the reason it was chosen, for example `major: amount 12,000 ≥ 10,000`. The
/// English reason is stored with the complaint; the Chinese says the same for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub class: Class,
    pub reason: String,
    pub reason_zh: String,
}

/// Words that say a complaint is about a person's attitude or service (3.1.1.1), whatever
/// business it arose in. Property management's service as a whole is a category of its own
/// (3.1.2.6), so "service quality" alone is not among them.
const ATTITUDE_WORDS: &[&str] = &[
    "态度",
    "不耐烦",
    "冷淡",
    "冷落",
    "不礼貌",
    "怠慢",
    "爱理不理",
    "attitude",
    "rude",
    "impolite",
];

/// The attitude word the complaint's text uses, if any.
pub fn attitude_word(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    ATTITUDE_WORDS.iter().copied().find(|w| lower.contains(w))
}

/// The highest class that applies, with the first reason for it. The nature of a complaint
/// comes before its business: a complaint about staff attitude or service quality (the
/// category `service`, or a text that says so) is general however important its category is
/// (3.1.1.1); only an amount or a flag raises it.
pub fn classify(
    category: Category,
    flags: Flags,
    amount: Option<Amount>,
    text: &str,
) -> Classification {
    let major = |why: String, why_zh: String| Classification {
        class: Class::Major,
        reason: format!("major: {why}"),
        reason_zh: format!("重大：{why_zh}"),
    };
    let flag_reasons = [
        (
            flags.safety,
            "life or property safety emergency",
            "危及人身财产安全的紧急事件",
        ),
        (flags.group, "group complaint", "群诉"),
        (
            flags.government,
            "reported to the government",
            "已向政府部门投诉",
        ),
        (flags.media, "reported to the media", "已向媒体反映"),
        (
            flags.consumer_association,
            "reported to the consumer association",
            "已向消协投诉",
        ),
        (
            flags.structural,
            "structural or safety defect",
            "结构或安全缺陷",
        ),
    ];
    // Needing several centres makes a complaint important, never major.
    if let Some((_, why, why_zh)) = flag_reasons.iter().find(|(set, _, _)| *set) {
        return major((*why).to_string(), (*why_zh).to_string());
    }
    let compared = |amount: Amount, sign: &str, bound: Amount| {
        let (amount, bound) = (amount.text(), bound.text());
        (
            format!("amount {amount} {sign} {bound}"),
            format!("金额 {amount} {sign} {bound}"),
        )
    };
    if let Some(amount) = amount.filter(|a| *a >= Amount::MAJOR) {
        let (why, why_zh) = compared(amount, "≥", Amount::MAJOR);
        return major(why, why_zh);
    }
    let important = |why: String, why_zh: String| Classification {
        class: Class::Important,
        reason: format!("important: {why}"),
        reason_zh: format!("重要：{why_zh}"),
    };
    if let Some(amount) = amount.filter(|a| *a >= Amount::IMPORTANT) {
        let (why, why_zh) = compared(amount, "≥", Amount::IMPORTANT);
        return important(why, why_zh);
    }
    if flags.cross_department {
        return important(
            "needs several centres (3.1.2.7)".to_string(),
            "需公司多个中心配合（3.1.2.7）".to_string(),
        );
    }
    let attitude = match (category, attitude_word(text)) {
        (Category::Service, _) => Some(("category service".to_string(), "类别为服务".to_string())),
        (_, Some(word)) => Some((
            format!("the text says {word}"),
            format!("投诉内容提到“{word}”"),
        )),
        _ => None,
    };
    if let Some((why, why_zh)) = attitude {
        return Classification {
            class: Class::General,
            reason: format!(
                "general: staff attitude or service ({why}), whatever the category {} (3.1.1.1)",
                category.code()
            ),
            reason_zh: format!(
                "一般：员工态度或服务问题（{why_zh}），不论类别为{}（3.1.1.1）",
                category.zh()
            ),
        };
    }
    if let Some((why, why_zh)) = category.important_because() {
        return important(
            format!("category {} ({why})", category.code()),
            format!("类别为{}（{why_zh}）", category.zh()),
        );
    }
    let (reason, reason_zh) = match amount {
        Some(amount) => {
            let (why, why_zh) = compared(amount, "<", Amount::IMPORTANT);
            (format!("general: {why}"), format!("一般：{why_zh}"))
        }
        None => (
            format!("general: category {}", category.code()),
            format!("一般：类别为{}", category.zh()),
        ),
    };
    Classification {
        class: Class::General,
        reason,
        reason_zh,
    }
}

/// Who approves a complaint's handling (审批权限, 3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Authority {
    /// 客户总监: a general complaint's compensation under 500 CNY.
    CustomerDirector,
    /// 分管客户中心的副总裁, who heads the president's office (总裁办主任, 4.6): general
    /// complaints. The stored code keeps the office's name.
    PresidentsOffice,
    /// 各分管副总裁: the proposal for an important or major complaint.
    VicePresident,
    /// 总裁: the final decision on an important or major complaint, and any decision costing
    /// 10,000 CNY or more.
    President,
}

code_set!(Authority, "an approval authority", [
    CustomerDirector => "customer-director", "客户总监",
    PresidentsOffice => "presidents-office", "分管客户中心副总裁",
    VicePresident => "vice-president", "分管副总裁",
    President => "president", "总裁",
]);

impl Authority {
    /// The next authority up, for an escalation; `None` above the president. A general
    /// complaint goes from the customer director to the vice president in charge of the
    /// customer centre, and from there to the president.
    pub fn next(self) -> Option<Authority> {
        match self {
            Authority::CustomerDirector => Some(Authority::PresidentsOffice),
            Authority::PresidentsOffice | Authority::VicePresident => Some(Authority::President),
            Authority::President => None,
        }
    }
}

/// Who approves the handling proposal (审批会签建议方案) and who takes the final decision
/// (核决终极处理方案).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authorities {
    pub proposal: Authority,
    pub decision: Authority,
}

/// By class, then by amount (3.9, 4.3–4.7): an important or major complaint's proposal is
/// approved by the vice president in charge and decided by the president; a general one is
/// decided by the vice president in charge of the customer centre, or by the customer director
/// when the compensation is under 500 CNY. Any decision of 10,000 CNY or more is the
/// president's.
pub fn authorities(class: Class, amount: Option<Amount>) -> Authorities {
    let (proposal, decision) = match class {
        Class::Major | Class::Important => (Authority::VicePresident, Authority::President),
        Class::General => match amount {
            Some(amount) if amount < Amount::IMPORTANT => {
                (Authority::CustomerDirector, Authority::CustomerDirector)
            }
            _ => (Authority::PresidentsOffice, Authority::PresidentsOffice),
        },
    };
    let decision = match amount {
        Some(amount) if amount >= Amount::MAJOR => Authority::President,
        _ => decision,
    };
    Authorities { proposal, decision }
}

/// Who takes the final decision on a complaint when it is received: the authority its
/// escalations start from.
pub fn authority(class: Class, amount: Option<Amount>) -> Authority {
    authorities(class, amount).decision
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Received,
    InProgress,
    Resolved,
    Revisited,
    Archived,
}

code_set!(Status, "a complaint status", [
    Received => "received", "已受理",
    InProgress => "in_progress", "处理中",
    Resolved => "resolved", "已解决",
    Revisited => "revisited", "已回访",
    Archived => "archived", "已归档",
]);

impl Status {
    /// Still being handled: received or in progress.
    pub fn open(self) -> bool {
        matches!(self, Status::Received | Status::InProgress)
    }
}

/// One step of the life cycle, each recorded as an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Progress,
    Resolve,
    Escalate,
    FailRectification,
    Revisit,
    Archive,
    /// The evidence collected (全面取证): beside the life cycle, once.
    Evidence,
    /// A reply time agreed with the customer (协商约定制): beside the life cycle.
    Agree,
    /// Marked as a typical case with its lesson (典型案例): beside the life cycle, once.
    Typical,
}

code_set!(Step, "a complaint step", [
    Progress => "progress", "进展反馈",
    Resolve => "resolve", "解决",
    Escalate => "escalate", "升级",
    FailRectification => "fail_rectification", "整改不合格",
    Revisit => "revisit", "回访",
    Archive => "archive", "归档",
    Evidence => "evidence", "取证",
    Agree => "agree", "约定回复",
    Typical => "typical", "典型案例",
]);

impl Step {
    /// The subcommand that takes the step.
    pub fn command(self) -> &'static str {
        match self {
            Step::FailRectification => "fail-rectification",
            other => other.code(),
        }
    }
}

/// Whether a step beside the life cycle may be taken in `status`: evidence and an agreed reply
/// time while the complaint is being handled, a typical case at any time (the lesson is often
/// drawn once it is filed).
pub fn beside_allowed(status: Status, step: Step) -> bool {
    match step {
        Step::Evidence | Step::Agree => status.open(),
        Step::Typical => true,
        _ => false,
    }
}

/// The steps of the life cycle a complaint in `status` may take next.
pub fn allowed(status: Status) -> &'static [Step] {
    match status {
        Status::Received => &[Step::Progress, Step::Resolve, Step::Escalate],
        Status::InProgress => &[
            Step::Progress,
            Step::Resolve,
            Step::Escalate,
            Step::FailRectification,
        ],
        Status::Resolved => &[Step::Revisit, Step::Escalate],
        Status::Revisited => &[Step::Archive, Step::Escalate],
        Status::Archived => &[],
    }
}

/// A step the life cycle does not allow, with the ones it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Illegal {
    pub status: Status,
    pub step: Step,
}

impl Illegal {
    pub fn message(&self, id: i64) -> Message {
        Message::StepNotAllowed {
            id,
            status: self.status.code().to_string(),
            status_zh: self.status.zh().to_string(),
            step: self.step.command().to_string(),
            next: allowed(self.status)
                .iter()
                .map(|s| s.command().to_string())
                .collect(),
        }
    }
}

/// The status after `step`, or why the step is refused.
pub fn advance(status: Status, step: Step) -> Result<Status, Illegal> {
    if matches!(step, Step::Evidence | Step::Agree | Step::Typical) {
        return match beside_allowed(status, step) {
            true => Ok(status),
            false => Err(Illegal { status, step }),
        };
    }
    if !allowed(status).contains(&step) {
        return Err(Illegal { status, step });
    }
    Ok(match step {
        Step::Progress | Step::FailRectification => Status::InProgress,
        Step::Resolve => Status::Resolved,
        Step::Revisit => Status::Revisited,
        Step::Archive => Status::Archived,
        Step::Escalate | Step::Evidence | Step::Agree | Step::Typical => status,
    })
}

/// A contractor whose rectification failed this many times is replaced (两次整改不合格): another
/// contractor takes over, and its failures are counted from one again (4.2.3.7).
pub const FAILED_RECTIFICATIONS_TO_REPLACE: usize = 2;

/// A follow-up score at or below this is dissatisfaction: the complaint is reopened for
/// rectification instead of being archived (003 回访制度 三).
pub const DISSATISFIED_SCORE: i64 = 2;

/// An event of a complaint's history, as the rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub at: NaiveDateTime,
    pub step: Step,
    /// The customer's score, for a follow-up call (1–5).
    pub score: Option<i64>,
    /// The reply time agreed with the customer, for an agreement.
    pub reply_by: Option<NaiveDateTime>,
}

/// Everything derived from a complaint's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    pub authority: Authority,
    pub escalations: usize,
    /// Every failed rectification, whichever contractor made it.
    pub failed_rectifications: usize,
    /// The contractor on the rectification now: 1 the first, 2 the one who replaced it…
    pub contractor: usize,
    /// The failures of the contractor on it now.
    pub contractor_failures: usize,
    /// The contractor on it has failed twice and must be replaced.
    pub replace_contractor: bool,
    /// Follow-up calls that found the customer dissatisfied and reopened the complaint.
    pub reopened: usize,
}

/// Replays the history from receipt. Events were checked when they were recorded; a history that
/// breaks the rules (edited by hand) stops where it broke.
pub fn replay(initial: Authority, events: &[Event]) -> State {
    let mut state = State {
        status: Status::Received,
        authority: initial,
        escalations: 0,
        failed_rectifications: 0,
        contractor: 1,
        contractor_failures: 0,
        replace_contractor: false,
        reopened: 0,
    };
    for event in events {
        let Ok(status) = advance(state.status, event.step) else {
            break;
        };
        state.status = status;
        match event.step {
            Step::Escalate => {
                state.escalations += 1;
                state.authority = state.authority.next().unwrap_or(state.authority);
            }
            Step::FailRectification => {
                // The contractor that failed twice was replaced before this attempt.
                if state.contractor_failures >= FAILED_RECTIFICATIONS_TO_REPLACE {
                    state.contractor += 1;
                    state.contractor_failures = 0;
                }
                state.failed_rectifications += 1;
                state.contractor_failures += 1;
            }
            Step::Revisit if event.score.is_some_and(|s| s <= DISSATISFIED_SCORE) => {
                state.status = Status::InProgress;
                state.reopened += 1;
            }
            _ => {}
        }
    }
    state.replace_contractor = state.contractor_failures >= FAILED_RECTIFICATIONS_TO_REPLACE;
    state
}

/// Where a deadline stands at the moment asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Met,
    Missed,
    Open,
    /// Its clock has not started (a follow-up call before the complaint is resolved).
    NotStarted,
    /// The procedure sets no such clock for this complaint (the 5-working-day resolution of an
    /// important or major one).
    NotApplicable,
}

code_set!(Standing, "a deadline standing", [
    Met => "met", "按时",
    Missed => "missed", "超时",
    Open => "open", "未到期",
    NotStarted => "not_started", "未开始",
    NotApplicable => "not_applicable", "不适用",
]);

/// The clocks of a complaint (第一时间原则), one per step the procedure times; see the module
/// documentation for when each starts and what stops it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clock {
    Ticket,
    Evidence,
    Feedback,
    Resolve,
    Revisit,
    Plan,
    Progress,
}

code_set!(Clock, "a complaint deadline", [
    Ticket => "ticket", "受理单",
    Evidence => "evidence", "取证",
    Feedback => "feedback", "首次反馈",
    Resolve => "resolve", "解决",
    Revisit => "revisit", "回访",
    Plan => "plan", "拟定方案",
    Progress => "progress", "进展反馈",
]);

/// One deadline of one complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub clock: Clock,
    pub due: Option<NaiveDateTime>,
    pub done: Option<NaiveDateTime>,
    pub standing: Standing,
}

impl Deadline {
    fn judged(
        clock: Clock,
        due: NaiveDateTime,
        done: Option<NaiveDateTime>,
        now: NaiveDateTime,
    ) -> Deadline {
        let standing = match done {
            Some(done) if done <= due => Standing::Met,
            Some(_) => Standing::Missed,
            None if now > due => Standing::Missed,
            None => Standing::Open,
        };
        Deadline {
            clock,
            due: Some(due),
            done,
            standing,
        }
    }

    /// Past due with the step still not taken: what the overdue list shows.
    pub fn overdue(&self) -> bool {
        self.standing == Standing::Missed && self.done.is_none()
    }
}

/// The deadlines of a complaint received at `received` and ticketed at `ticketed`, judged at
/// `now`. Only events up to `now` count. See the module documentation for each clock.
pub fn deadlines(
    calendar: &Calendar,
    received: NaiveDateTime,
    ticketed: NaiveDateTime,
    class: Class,
    events: &[Event],
    now: NaiveDateTime,
) -> Vec<Deadline> {
    let events: Vec<Event> = events.iter().copied().filter(|e| e.at <= now).collect();
    let first = |step: Step, after: NaiveDateTime| {
        events
            .iter()
            .find(|e| e.step == step && e.at >= after)
            .map(|e| e.at)
    };
    let resolved = first(Step::Resolve, received);
    // A reply time agreed with the customer replaces the standard first-feedback clock; the
    // latest agreement stands.
    let agreed = match class {
        Class::General => None,
        Class::Important | Class::Major => events
            .iter()
            .rev()
            .find(|e| e.step == Step::Agree)
            .and_then(|e| e.reply_by),
    };
    let feedback_done = events
        .iter()
        .find(|e| matches!(e.step, Step::Progress | Step::Resolve))
        .map(|e| e.at);
    let mut list = vec![
        Deadline::judged(
            Clock::Ticket,
            calendar.add_working_minutes(received, 30),
            Some(ticketed),
            now,
        ),
        Deadline::judged(
            Clock::Evidence,
            calendar.end_of_working_day(received),
            first(Step::Evidence, received),
            now,
        ),
        Deadline::judged(
            Clock::Feedback,
            agreed.unwrap_or_else(|| calendar.next_working_moment(received + Duration::days(3))),
            feedback_done,
            now,
        ),
        match class {
            Class::General => Deadline::judged(
                Clock::Resolve,
                calendar.add_working_days_at(received, 5),
                resolved,
                now,
            ),
            Class::Important | Class::Major => Deadline {
                clock: Clock::Resolve,
                due: None,
                done: resolved,
                standing: Standing::NotApplicable,
            },
        },
    ];
    // A follow-up that reopened the complaint is followed by a new resolution and its own call.
    let last_resolved = events
        .iter()
        .rev()
        .find(|e| e.step == Step::Resolve)
        .map(|e| e.at);
    list.push(match last_resolved {
        Some(at) => Deadline::judged(
            Clock::Revisit,
            calendar.add_working_days_at(at, 1),
            first(Step::Revisit, at),
            now,
        ),
        None => Deadline {
            clock: Clock::Revisit,
            due: None,
            done: None,
            standing: Standing::NotStarted,
        },
    });
    for escalated in events
        .iter()
        .filter(|e| e.step == Step::Escalate)
        .map(|e| e.at)
    {
        // Once resolved, an escalation reviews the outcome; there is no handling plan to draft.
        if resolved.is_some_and(|at| at <= escalated) {
            continue;
        }
        let plan = events
            .iter()
            .find(|e| matches!(e.step, Step::Progress | Step::Resolve) && e.at >= escalated)
            .map(|e| e.at);
        list.push(Deadline::judged(
            Clock::Plan,
            calendar.add_working_days_at(escalated, 1),
            plan,
            now,
        ));
    }
    list.extend(progress(calendar, &events, feedback_done, resolved, now));
    list
}

/// The every-3-working-days progress clock, one deadline per interval between contacts with
/// the customer; see the module documentation.
fn progress(
    calendar: &Calendar,
    events: &[Event],
    first_feedback: Option<NaiveDateTime>,
    resolved: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Vec<Deadline> {
    let Some(first) = first_feedback.filter(|at| Some(*at) != resolved) else {
        return vec![Deadline {
            clock: Clock::Progress,
            due: None,
            done: None,
            standing: Standing::NotStarted,
        }];
    };
    let mut contacts: Vec<NaiveDateTime> = vec![first];
    contacts.extend(
        events
            .iter()
            .filter(|e| {
                e.step == Step::Progress && e.at > first && resolved.is_none_or(|r| e.at < r)
            })
            .map(|e| e.at),
    );
    // The interval after the last contact ends with the resolution, or is still running.
    let ends: Vec<Option<NaiveDateTime>> = contacts
        .iter()
        .skip(1)
        .map(|at| Some(*at))
        .chain([resolved])
        .collect();
    contacts
        .iter()
        .zip(ends)
        .map(|(start, end)| {
            Deadline::judged(
                Clock::Progress,
                calendar.add_working_days_at(*start, 3),
                end,
                now,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn t(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn amount(text: &str) -> Option<Amount> {
        Some(Amount::parse(text, "--amount").unwrap())
    }

    #[test]
    fn every_category_without_flags_or_amount() {
        let expected = [
            (Category::Sales, Class::Important),
            (Category::Signing, Class::Important),
            (Category::Handover, Class::General),
            (Category::Certificate, Class::Important),
            (Category::Property, Class::Important),
            (Category::Quality, Class::Important),
            (Category::Design, Class::Important),
            (Category::Service, Class::General),
            (Category::Other, Class::General),
        ];
        assert_eq!(expected.len(), Category::ALL.len());
        for (category, class) in expected {
            let result = classify(category, Flags::default(), None, "");
            assert_eq!(result.class, class, "{category:?}");
            assert!(result.reason.contains(category.code()), "{}", result.reason);
        }
    }

    #[test]
    fn every_flag_makes_any_category_major() {
        let flags = [
            (
                Flags {
                    safety: true,
                    ..Flags::default()
                },
                "safety",
            ),
            (
                Flags {
                    group: true,
                    ..Flags::default()
                },
                "group",
            ),
            (
                Flags {
                    government: true,
                    ..Flags::default()
                },
                "government",
            ),
            (
                Flags {
                    media: true,
                    ..Flags::default()
                },
                "media",
            ),
            (
                Flags {
                    consumer_association: true,
                    ..Flags::default()
                },
                "consumer association",
            ),
            (
                Flags {
                    structural: true,
                    ..Flags::default()
                },
                "structural",
            ),
        ];
        for category in Category::ALL {
            for (flag, word) in flags {
                let result = classify(*category, flag, amount("1"), "");
                assert_eq!(result.class, Class::Major, "{category:?} {word}");
                assert!(
                    result.reason.starts_with("major: ") && result.reason.contains(word),
                    "{}",
                    result.reason
                );
            }
        }
    }

    #[test]
    fn amount_boundaries() {
        let table = [
            (
                "499.99",
                Category::Other,
                Class::General,
                "general: amount 499.99 < 500",
            ),
            (
                "500",
                Category::Other,
                Class::Important,
                "important: amount 500 ≥ 500",
            ),
            (
                "9,999.99",
                Category::Other,
                Class::Important,
                "important: amount 9,999.99 ≥ 500",
            ),
            (
                "10000",
                Category::Other,
                Class::Major,
                "major: amount 10,000 ≥ 10,000",
            ),
            (
                "12,000",
                Category::Sales,
                Class::Major,
                "major: amount 12,000 ≥ 10,000",
            ),
            (
                "499.99",
                Category::Sales,
                Class::Important,
                "important: category sales (sales promises)",
            ),
        ];
        for (text, category, class, reason) in table {
            let result = classify(category, Flags::default(), amount(text), "");
            assert_eq!(
                (result.class, result.reason.as_str()),
                (class, reason),
                "{text}"
            );
        }
    }

    #[test]
    fn the_highest_class_wins() {
        let result = classify(
            Category::Handover,
            Flags {
                media: true,
                ..Flags::default()
            },
            amount("600"),
            "",
        );
        assert_eq!(result.reason, "major: reported to the media");
    }

    #[test]
    fn amounts_parse_and_print_as_people_write_them() {
        assert_eq!(Amount::parse("12000", "a").unwrap(), Amount(1_200_000));
        assert_eq!(Amount::parse("¥12,000.5", "a").unwrap(), Amount(1_200_050));
        assert_eq!(Amount::parse("499.99元", "a").unwrap(), Amount(49_999));
        assert_eq!(Amount(123_456_789).text(), "1,234,567.89");
        assert_eq!(Amount(0).text(), "0");
        for bad in ["-5", "abc", "", "1.234", "12..0", "1e5", "0x10", "1 000"] {
            let err = Amount::parse(bad, "--amount").unwrap_err();
            assert!(err.to_string().starts_with("--amount:"), "{bad}: {err}");
        }
        assert!(
            Amount::parse("-5", "--amount")
                .unwrap_err()
                .to_string()
                .contains("negative")
        );
    }

    #[test]
    fn proposal_and_final_decision_by_class_then_amount() {
        let both = |class, text: Option<&str>| {
            let a = authorities(class, text.and_then(amount));
            (a.proposal, a.decision)
        };
        use Authority::*;
        // 3.9.3: a general complaint is the vice president in charge of the customer centre's;
        // the customer director's when the compensation is under 500.
        assert_eq!(
            both(Class::General, Some("499.99")),
            (CustomerDirector, CustomerDirector)
        );
        assert_eq!(
            both(Class::General, None),
            (PresidentsOffice, PresidentsOffice)
        );
        // 3.9.1–2: important and major: the proposal by the vice president in charge, the
        // final decision by the president, whatever the amount.
        for class in [Class::Important, Class::Major] {
            for text in [None, Some("1"), Some("100"), Some("500"), Some("9999.99")] {
                assert_eq!(
                    both(class, text),
                    (VicePresident, President),
                    "{class:?} {text:?}"
                );
            }
        }
        // 4.3.2: 10,000 or more is the president's.
        assert_eq!(
            both(Class::Major, Some("10000")),
            (VicePresident, President)
        );
        assert_eq!(authority(Class::General, amount("100")), CustomerDirector);
        assert_eq!(CustomerDirector.next(), Some(PresidentsOffice));
        assert_eq!(PresidentsOffice.next(), Some(President));
        assert_eq!(VicePresident.next(), Some(President));
        assert_eq!(President.next(), None);
    }

    #[test]
    fn staff_attitude_is_general_whatever_the_business() {
        // 3.1.1.1: wrong before, 置业顾问态度差 under sales was important.
        let sales = classify(
            Category::Sales,
            Flags::default(),
            amount("100"),
            "置业顾问态度差",
        );
        assert_eq!(sales.class, Class::General, "{}", sales.reason);
        assert!(
            sales.reason.contains("态度") && sales.reason.contains("3.1.1.1"),
            "{}",
            sales.reason
        );
        let service = classify(Category::Service, Flags::default(), None, "等了很久");
        assert_eq!(service.class, Class::General);
        // The amount and the flags still raise it.
        assert_eq!(
            classify(Category::Service, Flags::default(), amount("600"), "态度差").class,
            Class::Important
        );
        let media = Flags {
            media: true,
            ..Flags::default()
        };
        assert_eq!(
            classify(Category::Sales, media, None, "态度差").class,
            Class::Major
        );
        // Property management's service as a whole stays important (3.1.2.6).
        assert_eq!(
            classify(Category::Property, Flags::default(), None, "物业服务质量差").class,
            Class::Important
        );
    }

    #[test]
    fn needing_several_centres_is_important_never_major() {
        let cross = Flags {
            cross_department: true,
            ..Flags::default()
        };
        let result = classify(Category::Other, cross, amount("100"), "多个部门");
        assert_eq!(result.class, Class::Important, "{}", result.reason);
        assert!(result.reason.contains("3.1.2.7"), "{}", result.reason);
        assert_eq!(
            classify(Category::Other, cross, amount("10000"), "x").class,
            Class::Major
        );
    }

    #[test]
    fn channels_and_early_warnings() {
        assert!(!Channel::parse("论坛", "c").unwrap().early_warning());
        assert!(Channel::parse("验房", "c").unwrap().early_warning());
        let err = Channel::parse("fax", "--channel").unwrap_err();
        assert!(
            err.to_string()
                .contains("onsite, phone, web, forum, letter, other, inspection"),
            "{err}"
        );
        assert_eq!(Category::Quality.department(), Department::Engineering);
        assert!(Department::parse("hr", "--department").is_err());
    }

    #[test]
    fn the_life_cycle_allows_only_its_steps() {
        use Status::*;
        use Step::*;
        let legal = [
            (Received, Progress, InProgress),
            (Received, Resolve, Resolved),
            (Received, Escalate, Received),
            (InProgress, Progress, InProgress),
            (InProgress, FailRectification, InProgress),
            (InProgress, Resolve, Resolved),
            (Resolved, Revisit, Revisited),
            (Resolved, Escalate, Resolved),
            (Revisited, Archive, Archived),
        ];
        for (from, step, to) in legal {
            assert_eq!(advance(from, step), Ok(to), "{from:?} {step:?}");
        }
        for (from, step) in [
            (Received, Revisit),
            (Received, FailRectification),
            (InProgress, Archive),
            (Resolved, Progress),
            (Resolved, Archive),
            (Revisited, Resolve),
        ] {
            assert_eq!(
                advance(from, step),
                Err(Illegal { status: from, step }),
                "{from:?} {step:?}"
            );
        }
        for &step in Step::ALL.iter().filter(|s| **s != Typical) {
            assert!(advance(Archived, step).is_err(), "{step:?} after archive");
        }
        // Beside the life cycle: evidence and an agreed reply while open, a typical case any
        // time, none of them moving the status.
        assert_eq!(advance(InProgress, Evidence), Ok(InProgress));
        assert_eq!(advance(Received, Agree), Ok(Received));
        assert!(advance(Resolved, Agree).is_err());
        assert_eq!(advance(Archived, Typical), Ok(Archived));
        let message = Illegal {
            status: Received,
            step: Revisit,
        }
        .message(7);
        assert_eq!(
            message.text(crate::output::Lang::En),
            "complaint 7 is received: `revisit` is not allowed now; allowed next: progress, resolve, escalate"
        );
    }

    #[test]
    fn every_class_reason_has_its_chinese() {
        // Every path through the rules: each category, alone or with each flag, with no amount,
        // a small one, an important one and a major one, with and without an attitude word.
        let flags = [
            Flags::default(),
            Flags {
                safety: true,
                ..Flags::default()
            },
            Flags {
                group: true,
                ..Flags::default()
            },
            Flags {
                government: true,
                ..Flags::default()
            },
            Flags {
                media: true,
                ..Flags::default()
            },
            Flags {
                consumer_association: true,
                ..Flags::default()
            },
            Flags {
                structural: true,
                ..Flags::default()
            },
            Flags {
                cross_department: true,
                ..Flags::default()
            },
        ];
        let amounts = [
            None,
            Some(Amount(100)),
            Some(Amount(60_000)),
            Some(Amount(2_000_000)),
        ];
        let mut seen = std::collections::HashSet::new();
        for category in Category::ALL.iter().copied() {
            for flags in flags {
                for amount in amounts {
                    for text in ["", "置业顾问态度差"] {
                        let result = classify(category, flags, amount, text);
                        let zh = &result.reason_zh;
                        assert!(
                            zh.starts_with(&format!("{}：", result.class.zh())),
                            "{} / {zh}",
                            result.reason
                        );
                        assert!(!zh.contains("amount") && !zh.contains("category"), "{zh}");
                        seen.insert(zh.clone());
                    }
                }
            }
        }
        assert!(
            seen.len() > 20,
            "the reasons differ in Chinese as in English"
        );
        let result = classify(Category::Sales, Flags::default(), amount("12,000"), "");
        assert_eq!(result.reason_zh, "重大：金额 12,000 ≥ 10,000");
    }

    #[test]
    fn the_second_failed_rectification_replaces_the_contractor() {
        let at = t("2026-11-02 10:00");
        let event = |step| Event {
            at,
            step,
            score: None,
            reply_by: None,
        };
        let once = replay(
            Authority::CustomerDirector,
            &[event(Step::Progress), event(Step::FailRectification)],
        );
        assert_eq!(
            (once.failed_rectifications, once.replace_contractor),
            (1, false)
        );
        let twice = replay(
            Authority::CustomerDirector,
            &[
                event(Step::Progress),
                event(Step::FailRectification),
                event(Step::FailRectification),
                event(Step::Escalate),
            ],
        );
        assert_eq!(
            (twice.failed_rectifications, twice.replace_contractor),
            (2, true)
        );
        assert_eq!(
            (twice.escalations, twice.authority),
            (1, Authority::PresidentsOffice)
        );
        // Wrong before: the third failure still said "second". It is the new contractor's
        // first, and that contractor is replaced only after its own second.
        let mut events = vec![event(Step::Progress)];
        events.extend([event(Step::FailRectification); 3]);
        let third = replay(Authority::CustomerDirector, &events);
        assert_eq!(
            (
                third.failed_rectifications,
                third.contractor,
                third.contractor_failures,
                third.replace_contractor
            ),
            (3, 2, 1, false)
        );
        events.push(event(Step::FailRectification));
        let fourth = replay(Authority::CustomerDirector, &events);
        assert_eq!(
            (
                fourth.contractor,
                fourth.contractor_failures,
                fourth.replace_contractor
            ),
            (2, 2, true)
        );
    }

    #[test]
    fn a_dissatisfied_follow_up_reopens_the_complaint() {
        let at = t("2026-11-02 10:00");
        let event = |step, score| Event {
            at,
            step,
            score,
            reply_by: None,
        };
        for (score, status) in [
            (1, Status::InProgress),
            (2, Status::InProgress),
            (3, Status::Revisited),
            (5, Status::Revisited),
        ] {
            let state = replay(
                Authority::CustomerDirector,
                &[
                    event(Step::Resolve, None),
                    event(Step::Revisit, Some(score)),
                ],
            );
            assert_eq!(state.status, status, "score {score}");
            assert_eq!(state.reopened, usize::from(score <= 2));
            // Only a satisfied customer's complaint may be archived.
            assert_eq!(
                advance(state.status, Step::Archive).is_ok(),
                score > 2,
                "score {score}"
            );
        }
    }

    /// National Day 2026 with its make-up Saturday.
    fn calendar() -> Calendar {
        let mut calendar = Calendar::default();
        for day in 1..=7 {
            calendar
                .holidays
                .insert(NaiveDate::from_ymd_opt(2026, 10, day).unwrap());
        }
        calendar
            .workdays
            .insert(NaiveDate::from_ymd_opt(2026, 10, 10).unwrap());
        calendar
    }

    /// The last deadline of a step (the running interval, the latest plan).
    fn find<'a>(list: &'a [Deadline], clock: &str) -> &'a Deadline {
        list.iter().rev().find(|d| d.clock.code() == clock).unwrap()
    }

    #[test]
    fn clocks_of_a_complaint_received_after_hours_before_the_holiday() {
        let received = t("2026-09-30 19:00");
        let list = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &[],
            t("2026-10-08 09:10"),
        );
        assert_eq!(find(&list, "ticket").due, Some(t("2026-10-08 09:30")));
        assert_eq!(find(&list, "ticket").standing, Standing::Met);
        assert_eq!(
            find(&list, "feedback").due,
            Some(t("2026-10-08 09:00")),
            "3 days land in the holiday: the next working moment"
        );
        assert_eq!(find(&list, "feedback").standing, Standing::Missed);
        assert_eq!(
            find(&list, "resolve").due,
            Some(t("2026-10-14 09:00")),
            "make-up Saturday counts"
        );
        assert_eq!(find(&list, "resolve").standing, Standing::Open);
        assert_eq!(find(&list, "revisit").standing, Standing::NotStarted);
        assert_eq!(find(&list, "progress").standing, Standing::NotStarted);
        assert!(
            list.iter().all(|d| d.clock != Clock::Plan),
            "no escalation, no plan clock"
        );
    }

    #[test]
    fn no_due_time_falls_outside_working_time() {
        // Wrong before: received 2026-04-03 16:00, the first feedback fell due on 04-06, 清明.
        let mut qingming = Calendar::default();
        for day in ["2026-04-04", "2026-04-05", "2026-04-06"] {
            qingming.mark(
                NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
                crate::domain::calendar::DayKind::Holiday,
            );
        }
        let received = t("2026-04-03 16:00");
        let list = deadlines(&qingming, received, received, Class::General, &[], received);
        assert_eq!(find(&list, "feedback").due, Some(t("2026-04-07 09:00")));
        // After hours on a working day: the next morning.
        let late = t("2026-04-08 17:30");
        let list = deadlines(&qingming, late, late, Class::General, &[], late);
        assert_eq!(
            find(&list, "feedback").due,
            Some(t("2026-04-13 09:00")),
            "a Saturday"
        );
        for deadline in &list {
            if let Some(due) = deadline.due {
                let hours = qingming.hours;
                assert!(
                    qingming.is_working_day(due.date())
                        && (hours.open..=hours.close).contains(&due.time()),
                    "{deadline:?}"
                );
            }
        }
    }

    #[test]
    fn only_a_general_complaint_has_the_five_working_day_resolution_clock() {
        // Wrong before: a structural (major) complaint was due in 5 working days like any other.
        let received = t("2026-11-02 10:00");
        for class in [Class::Important, Class::Major] {
            let list = deadlines(
                &calendar(),
                received,
                received,
                class,
                &[],
                t("2026-12-30 10:00"),
            );
            let resolve = find(&list, "resolve");
            assert_eq!(
                (resolve.due, resolve.standing),
                (None, Standing::NotApplicable),
                "{class:?}"
            );
            assert!(!resolve.overdue());
        }
        let general = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &[],
            received,
        );
        assert_eq!(find(&general, "resolve").due, Some(t("2026-11-09 10:00")));
    }

    #[test]
    fn evidence_is_due_by_the_end_of_the_first_working_day() {
        let event = |at: &str, step| Event {
            at: t(at),
            step,
            score: None,
            reply_by: None,
        };
        // Received on a Friday afternoon: that day's close. After hours: the next working day's.
        let friday = t("2026-11-20 15:00");
        let list = deadlines(&calendar(), friday, friday, Class::General, &[], friday);
        assert_eq!(find(&list, "evidence").due, Some(t("2026-11-20 18:00")));
        let evening = t("2026-11-20 19:00");
        let done = [event("2026-11-23 17:00", Step::Evidence)];
        let list = deadlines(
            &calendar(),
            evening,
            evening,
            Class::General,
            &done,
            t("2026-11-24 09:00"),
        );
        let evidence = find(&list, "evidence");
        assert_eq!(
            (evidence.due, evidence.standing),
            (Some(t("2026-11-23 18:00")), Standing::Met)
        );
    }

    #[test]
    fn an_agreed_reply_time_replaces_the_first_feedback_clock() {
        let received = t("2026-11-02 10:00");
        let agreed = [Event {
            at: t("2026-11-02 11:00"),
            step: Step::Agree,
            score: None,
            reply_by: Some(t("2026-11-10 16:00")),
        }];
        let now = t("2026-11-09 10:00");
        let major = deadlines(&calendar(), received, received, Class::Major, &agreed, now);
        let feedback = find(&major, "feedback");
        assert_eq!(
            (feedback.due, feedback.standing),
            (Some(t("2026-11-10 16:00")), Standing::Open),
            "not missed on day 3 any more"
        );
        // A general complaint keeps the standard clock.
        let general = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &agreed,
            now,
        );
        assert_eq!(find(&general, "feedback").due, Some(t("2026-11-05 10:00")));
    }

    #[test]
    fn a_late_ticket_is_missed() {
        let received = t("2026-09-29 10:00");
        let list = deadlines(
            &calendar(),
            received,
            t("2026-09-29 10:31"),
            Class::General,
            &[],
            t("2026-09-29 11:00"),
        );
        assert_eq!(find(&list, "ticket").standing, Standing::Missed);
    }

    #[test]
    fn steps_stop_their_clocks() {
        let received = t("2026-09-28 10:00");
        let events = [
            Event {
                at: t("2026-09-29 10:00"),
                step: Step::Progress,
                score: None,
                reply_by: None,
            },
            Event {
                at: t("2026-09-30 11:00"),
                step: Step::Escalate,
                score: None,
                reply_by: None,
            },
            Event {
                at: t("2026-10-08 10:00"),
                step: Step::Progress,
                score: None,
                reply_by: None,
            },
            Event {
                at: t("2026-10-09 10:00"),
                step: Step::Resolve,
                score: None,
                reply_by: None,
            },
            Event {
                at: t("2026-10-10 16:00"),
                step: Step::Revisit,
                score: None,
                reply_by: None,
            },
        ];
        let list = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-10-12 10:00"),
        );
        assert_eq!(find(&list, "feedback").done, Some(t("2026-09-29 10:00")));
        assert_eq!(find(&list, "feedback").standing, Standing::Met);
        // 5 working days from Monday 09-28: 29, 30, 10-08, 10-09, 10-10.
        assert_eq!(find(&list, "resolve").due, Some(t("2026-10-10 10:00")));
        assert_eq!(find(&list, "resolve").standing, Standing::Met);
        assert_eq!(find(&list, "revisit").due, Some(t("2026-10-10 10:00")));
        assert_eq!(
            find(&list, "revisit").standing,
            Standing::Missed,
            "done 16:00, due 10:00"
        );
        // The plan after the escalation was due 10-08 11:00; the progress at 10:00 met it.
        assert_eq!(find(&list, "plan").due, Some(t("2026-10-08 11:00")));
        assert_eq!(find(&list, "plan").standing, Standing::Met);
        // Progress contacts 09-29 and 10-08: 3 working days from 09-29 is 10-09, so on time.
        assert_eq!(find(&list, "progress").standing, Standing::Met);
    }

    #[test]
    fn progress_feedback_every_three_working_days_while_open() {
        let received = t("2026-11-02 10:00");
        let events = [Event {
            at: t("2026-11-02 11:00"),
            step: Step::Progress,
            score: None,
            reply_by: None,
        }];
        let open = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-11-05 10:00"),
        );
        assert_eq!(find(&open, "progress").due, Some(t("2026-11-05 11:00")));
        assert_eq!(find(&open, "progress").standing, Standing::Open);
        let late = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-11-05 11:01"),
        );
        assert!(find(&late, "progress").overdue());
        let gap = [
            events[0],
            Event {
                at: t("2026-11-09 10:00"),
                step: Step::Progress,
                score: None,
                reply_by: None,
            },
        ];
        let kept_up = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &gap,
            t("2026-11-09 12:00"),
        );
        let intervals: Vec<(Standing, Option<NaiveDateTime>)> = kept_up
            .iter()
            .filter(|d| d.clock == Clock::Progress)
            .map(|d| (d.standing, d.due))
            .collect();
        assert_eq!(
            intervals,
            [
                (Standing::Missed, Some(t("2026-11-05 11:00"))),
                (Standing::Open, Some(t("2026-11-12 10:00")))
            ],
            "a 4-working-day gap is on the record; the call made starts a new interval"
        );
        assert!(
            kept_up
                .iter()
                .filter(|d| d.clock == Clock::Progress)
                .all(|d| !d.overdue()),
            "no progress call is overdue right after one was made"
        );
    }

    #[test]
    fn each_escalation_of_an_open_complaint_has_its_plan() {
        let received = t("2026-11-02 10:00");
        let events = [
            Event {
                at: t("2026-11-02 10:30"),
                step: Step::Escalate,
                score: None,
                reply_by: None,
            },
            Event {
                at: t("2026-11-04 11:00"),
                step: Step::Escalate,
                score: None,
                reply_by: None,
            },
            Event {
                at: t("2026-11-04 12:00"),
                step: Step::Resolve,
                score: None,
                reply_by: None,
            },
            Event {
                at: t("2026-11-04 13:00"),
                step: Step::Escalate,
                score: None,
                reply_by: None,
            },
        ];
        let list = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-11-05 12:00"),
        );
        let plans: Vec<Standing> = list
            .iter()
            .filter(|d| d.clock == Clock::Plan)
            .map(|d| d.standing)
            .collect();
        // The first plan was missed (due 11-03 10:30), a second escalation does not erase it; the
        // resolve met the second; the escalation after resolving starts none.
        assert_eq!(plans, [Standing::Missed, Standing::Met]);
        // This history records no evidence, whose clock is the only one left running late.
        assert!(
            list.iter()
                .filter(|d| d.clock != Clock::Evidence)
                .all(|d| !d.overdue())
        );
    }

    #[test]
    fn events_after_the_moment_asked_about_do_not_count() {
        let received = t("2026-11-02 10:00");
        let events = [Event {
            at: t("2026-11-03 10:00"),
            step: Step::Resolve,
            score: None,
            reply_by: None,
        }];
        let before = deadlines(
            &calendar(),
            received,
            received,
            Class::General,
            &events,
            t("2026-11-02 12:00"),
        );
        assert_eq!(find(&before, "resolve").standing, Standing::Open);
        assert_eq!(find(&before, "resolve").done, None);
    }
}
