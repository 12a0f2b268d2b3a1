//! What the desk says after a reception (`visit`, `reassign`): the one line the clerk reads
//! aloud — who receives the customer, why, and the entry number (登记号) to type next — or the
//! same facts as one CSV row or one JSON object.

use anyhow::Result;
use chrono::{NaiveDate, NaiveDateTime};

use super::owners::Owner;
use crate::cmd::Context;
use crate::db::customers::CustomerRow;
use crate::domain::customer::Channel;
use crate::domain::dates;
use crate::domain::reception::{self, Reception};
use crate::domain::register::{Contact, Reason};
use crate::output::{Cell, Column, Lang, Records, col};

const COLUMNS: &[Column] = &[
    col("visit_id", "Visit", "登记号"),
    col("customer_id", "Customer", "客户编号"),
    col("name", "Name", "客户姓名"),
    col("phone", "Phone", "电话"),
    col("rep", "Rep", "置业顾问"),
    col("reason", "Reason", "原因"),
    col("at", "At", "时间"),
    col("kind", "Kind", "类型"),
    col("channel", "Channel", "渠道"),
    col("new_customer", "New customer", "新客户"),
    col("turn", "Turn", "占轮次"),
    col("priority", "Priority turn", "优先轮次"),
    col("owner", "Owner", "归属顾问"),
    col("registered_on", "Registered on", "登记日期"),
    col("valid_until", "Valid until", "有效期至"),
    col("supersedes", "Supersedes", "更正登记号"),
    col("referrer", "Referrer", "推介人"),
    col("referral_valid", "Referral valid", "推介有效"),
];

/// A customer who left their rep midway for another, agreed by the sales manager (5.2, 5.3).
#[derive(Debug, Clone)]
pub struct Midway {
    pub first_rep: String,
    pub approved_by: String,
    pub instigated: bool,
}

/// The employee referral a visitor came on, as it stands.
#[derive(Debug, Clone)]
pub struct Referral {
    pub referrer: String,
    pub day: NaiveDate,
    pub confirmed: Option<NaiveDateTime>,
}

/// Everything the clerk is told about one reception.
pub struct Receipt {
    pub visit_id: i64,
    pub customer: CustomerRow,
    pub new_customer: bool,
    pub reception: Reception,
    /// The registration that made this a returning or voluntary reception.
    pub owner: Option<Owner>,
    /// Who the customer belongs to once this entry is in the register.
    pub owner_after: Option<Owner>,
    pub escort: Option<CustomerRow>,
    pub at: NaiveDateTime,
    pub contact: Contact,
    pub channel: Channel,
    /// For a refusal: the refused entry, its rep, and whether a priority turn is owed.
    pub supersedes: Option<(i64, String, bool)>,
    pub midway: Option<Midway>,
    /// The company leader who designated the rep (6.1.2).
    pub leader: Option<String>,
    pub referral: Option<Referral>,
}

impl Receipt {
    fn referral_valid(&self) -> Option<bool> {
        self.referral
            .as_ref()
            .map(|r| reception::referral_holds(r.day, self.at, r.confirmed))
    }
}

/// "registered by 王芳 on 2026-11-02, valid until 2026-12-02", or "bought from 王芳 on …".
fn registered(owner: &Owner, lang: Lang) -> String {
    let on = dates::date(owner.1.registered_at.date());
    match (owner.1.valid_until, lang) {
        (Some(until), Lang::En) => format!(
            "registered by {} on {on}, valid until {}",
            owner.0.name,
            dates::date(until)
        ),
        (Some(until), Lang::Zh) => format!(
            "{} 于 {on} 登记，有效期至 {}",
            owner.0.name,
            dates::date(until)
        ),
        (None, Lang::En) => format!("bought from {} on {on}, theirs for good", owner.0.name),
        (None, Lang::Zh) => format!("{on} 向 {} 购房，永久归属", owner.0.name),
    }
}

/// A designated reception: by the customer, by a company leader, or midway.
fn designated_phrase(receipt: &Receipt, rep: &str, lang: Lang) -> String {
    if let Some(leader) = &receipt.leader {
        return match lang {
            Lang::En => format!(
                "{rep} — designated by {leader} for a company client: a voluntary reception \
                 outside the rotation, its commission to the public pool"
            ),
            Lang::Zh => {
                format!("{rep} — {leader} 指定接待公司客户：义务接待，不计轮次，佣金归公佣")
            }
        };
    }
    let Some(midway) = &receipt.midway else {
        return format!(
            "{rep} — {}",
            lang.pick(
                "designated by the customer, outside the rotation",
                "客户指定接待，不计轮次"
            )
        );
    };
    let (first, manager) = (&midway.first_rep, &midway.approved_by);
    match (lang, midway.instigated) {
        (Lang::En, false) => format!(
            "{rep} — takes over from {first} at the customer's wish, agreed by {manager}; {first} \
             keeps the turn and 70 % of a deal"
        ),
        (Lang::En, true) => format!(
            "{rep} — takes over from {first} at the customer's wish, agreed by {manager}; {rep} \
             prompted it, so a deal is all {first}'s"
        ),
        (Lang::Zh, false) => format!(
            "{rep} — 客户中途指定，{manager} 同意；{first} 保留轮次，成交佣金 70% 归 {first}"
        ),
        (Lang::Zh, true) => {
            format!("{rep} — 客户中途指定，{manager} 同意；因 {rep} 怂恿，成交佣金全归 {first}")
        }
    }
}

/// A voluntary reception: for an owner who is away, or at a returning customer's wish.
fn voluntary_phrase(receipt: &Receipt, rep: &str, lang: Lang) -> String {
    if let Some(midway) = &receipt.midway {
        let (first, manager) = (&midway.first_rep, &midway.approved_by);
        return match lang {
            Lang::En => format!(
                "{rep} — voluntary reception at the customer's wish, agreed by {manager}; the \
                 customer and a deal stay {first}'s"
            ),
            Lang::Zh => {
                format!("{rep} — 老客户指定，{manager} 同意，义务接待；客户及佣金仍归 {first}")
            }
        };
    }
    if let Some(for_rep) = &receipt.reception.for_rep {
        let escort = receipt
            .escort
            .as_ref()
            .map(|e| e.name.as_str())
            .unwrap_or_default();
        let name = &for_rep.name;
        return match lang {
            Lang::En => format!(
                "{rep} — voluntary reception for {name}, who is not on duty: brought by {escort}, \
                 the new customer is {name}'s; not a turn"
            ),
            Lang::Zh => format!(
                "{rep} — 义务接待（{name} 不在岗）：{escort} 带来的新客户归 {name}；不计轮次"
            ),
        };
    }
    let owner = receipt.owner.as_ref();
    let owner_name = owner.map(|o| o.0.name.as_str()).unwrap_or("");
    let origin = owner.map(|o| registered(o, lang)).unwrap_or_default();
    match lang {
        Lang::En => format!(
            "{rep} — voluntary reception for {owner_name}, who is not on duty ({origin}); not a turn"
        ),
        Lang::Zh => format!("{rep} — 义务接待（{owner_name} 不在岗，{origin}）；不计轮次"),
    }
}

/// Who receives the customer and why, the first part of what the clerk reads aloud.
fn reception_phrase(receipt: &Receipt, context: &Context) -> String {
    let lang = context.out.lang;
    let rep = receipt
        .reception
        .rep
        .as_ref()
        .map(|r| r.name.as_str())
        .unwrap_or("");
    match receipt.reception.reason {
        Reason::Call => match (&receipt.reception.rep, lang) {
            (Some(_), Lang::En) => format!("call recorded for {rep}; calls never decide ownership"),
            (Some(_), Lang::Zh) => format!("来电已登记，转 {rep}；来电不作为客户归属依据"),
            (None, Lang::En) => "call recorded; calls never decide ownership".to_string(),
            (None, Lang::Zh) => "来电已登记；来电不作为客户归属依据".to_string(),
        },
        Reason::Rotation => format!("{rep} — {}", lang.pick("next in the rotation", "轮序接待")),
        Reason::Designated => designated_phrase(receipt, rep, lang),
        Reason::Returning => match &receipt.owner {
            Some(owner) => format!(
                "{rep} — {}{}",
                lang.pick("returning customer, ", "老客户，"),
                registered(owner, lang)
            ),
            None => format!("{rep} — {}", lang.pick("returning customer", "老客户")),
        },
        Reason::Voluntary => voluntary_phrase(receipt, rep, lang),
        Reason::Referral => {
            let escort = receipt
                .escort
                .as_ref()
                .map(|e| format!("{} {}", e.name, context.phone(&e.phone)))
                .unwrap_or_default();
            match lang {
                Lang::En => format!("{rep} — brought by {escort}: one reception with them"),
                Lang::Zh => format!("{rep} — 老带新（{escort} 带来），视为接待一次"),
            }
        }
        Reason::Reassigned => {
            let (old_id, old_rep, owed) = receipt.supersedes.clone().unwrap_or_default();
            match (lang, owed) {
                (Lang::En, true) => format!(
                    "{rep} — reassigned from {old_rep} (entry {old_id}); {old_rep}'s turn is void and owed back as a priority turn"
                ),
                (Lang::En, false) => format!("{rep} — reassigned from {old_rep} (entry {old_id})"),
                (Lang::Zh, true) => format!(
                    "{rep} — 转接自 {old_rep}（登记号 {old_id}）；{old_rep} 本轮轮空，享有优先轮次"
                ),
                (Lang::Zh, false) => format!("{rep} — 转接自 {old_rep}（登记号 {old_id}）"),
            }
        }
    }
}

/// Where the visitor's referral stands, if they came on one.
fn referral_phrase(receipt: &Receipt, context: &Context) -> Option<String> {
    let referral = receipt.referral.as_ref()?;
    let (referrer, day) = (&referral.referrer, referral.day);
    let today = receipt.at.date();
    let phone = context.phone(&receipt.customer.phone);
    let grace = reception::REFERRAL_GRACE_MINUTES;
    Some(
        match (
            context.out.lang,
            day == today,
            referral.confirmed.is_some_and(|at| at.date() == day),
        ) {
            (Lang::En, false, _) => format!("; {referrer}'s referral was for {day} and has lapsed"),
            (Lang::Zh, false, _) => format!("；{referrer} 的推介约定 {day} 来访，已失效"),
            (Lang::En, true, true) => format!("; referred by {referrer}, confirmed"),
            (Lang::Zh, true, true) => format!("；{referrer} 推介，已确认"),
            (Lang::En, true, false) => format!(
                "; {referrer}'s referral holds once confirmed within {grace} minutes: `salesdesk \
                 referral confirm {phone} --by NAME`"
            ),
            (Lang::Zh, true, false) => format!(
                "；{referrer} 的推介须在 {grace} 分钟内确认：`salesdesk referral confirm {phone} --by 姓名`"
            ),
        },
    )
}

/// The sentence the clerk reads aloud: who receives the customer and why, then the turn, the
/// reps passed over, the referral, whether the customer is new, and the entry number.
fn sentence(receipt: &Receipt, context: &Context) -> String {
    let lang = context.out.lang;
    let mut line = reception_phrase(receipt, context);
    if let Some(turn) = &receipt.reception.turn {
        if turn.priority && receipt.reception.reason != Reason::Reassigned {
            line += lang.pick(" (priority turn)", "（优先轮次）");
        }
        for passed in &turn.passed {
            let (en, zh) = if passed.kept_as_priority {
                (
                    "on a manager's errand, keeps a priority turn",
                    "领导安排外出，保留优先轮次",
                )
            } else {
                ("not at the desk, loses the turn", "不在岗，取消本轮")
            };
            line += &format!("; {} {}", passed.rep.name, lang.pick(en, zh));
        }
    }
    line += &referral_phrase(receipt, context).unwrap_or_default();
    if receipt.new_customer && receipt.contact == Contact::Visit {
        line += lang.pick(" [new customer]", "【新客户】");
    }
    line += &match lang {
        Lang::En => format!(" [entry {}]", receipt.visit_id),
        Lang::Zh => format!("【登记号 {}】", receipt.visit_id),
    };
    line
}

/// Prints the receipt: the sentence, one CSV row or one JSON object.
pub fn print(context: &Context, receipt: &Receipt) -> Result<()> {
    let customer = &receipt.customer;
    let reception = &receipt.reception;
    let owner = receipt.owner_after.as_ref();
    let mut records = Records::new(COLUMNS);
    records.push(vec![
        receipt.visit_id.into(),
        customer.id.into(),
        customer.name.clone().into(),
        context.phone(&customer.phone).into(),
        reception.rep.as_ref().map(|r| r.name.clone()).into(),
        Cell::code(reception.reason),
        dates::minute(receipt.at).into(),
        Cell::code(receipt.contact),
        Cell::code(receipt.channel),
        receipt.new_customer.into(),
        reception.turn.is_some().into(),
        reception.turn.as_ref().is_some_and(|t| t.priority).into(),
        owner.map(|o| o.0.name.clone()).into(),
        owner.map(|o| dates::date(o.1.registered_at.date())).into(),
        owner.and_then(|o| o.1.valid_until).map(dates::date).into(),
        receipt.supersedes.as_ref().map(|s| s.0).into(),
        receipt.referral.as_ref().map(|r| r.referrer.clone()).into(),
        receipt.referral_valid().into(),
    ]);
    context.emit(
        &context
            .out
            .render_one(&records, &sentence(receipt, context))?,
    )
}
