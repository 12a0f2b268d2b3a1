//! A complaint's class (投诉分类) and the reason for it, with the codes it is filed under: its
//! category, its channel and the department it goes to. The highest class that applies wins;
//! the nature of a complaint (staff attitude) comes before its business (3.1.1.1). See the
//! module documentation of [`super`] for the whole rule.

use crate::domain::codes::{self, Code, code_set};
use crate::domain::money::Amount;
use crate::error::Invalid;
use crate::messages::Message;

/// From this amount up a complaint is important (500 CNY), and a general one is no longer the
/// customer director's to decide (3.9.3).
pub const IMPORTANT_AMOUNT: Amount = Amount(500 * 100);

/// From this amount up a complaint is major (10,000 CNY), and any decision on it is the
/// president's (4.3.2).
pub const MAJOR_AMOUNT: Amount = Amount(10_000 * 100);

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

impl Class {
    /// Whether a reply time agreed with the customer (协商约定制, 3.7.3.5) counts: only for an
    /// important or major complaint; a general one keeps the 3-day first feedback. The guard on
    /// `agree` and the first-feedback clock both ask this.
    pub fn may_agree(self) -> bool {
        match self {
            Class::General => false,
            Class::Important | Class::Major => true,
        }
    }
}

/// 投诉类别: what the complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Sales,
    Signing,
    Handover,
    Certificate,
    Property,
    Quality,
    Design,
    Service,
    Other,
}

code_set!(Category, "a complaint category", [
    Sales => "sales", "销售",
    Signing => "signing", "签约",
    Handover => "handover", "交楼" | "交房",
    Certificate => "certificate", "办证" | "权证",
    Property => "property", "物业",
    Quality => "quality", "工程质量" | "质量",
    Design => "design", "设计",
    Service => "service", "服务态度" | "服务",
    Other => "other", "其他" | "其它",
]);

impl Category {
    /// Reads the set as typed: its code, its Chinese label or another word for it.
    pub fn parse(raw: &str, field: &str) -> Result<Category, Invalid> {
        codes::parse(raw, field, codes::not_in_set::<Category>("投诉类别"))
    }
}

/// 责任部门: the department a complaint is filed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Department {
    Property,
    Engineering,
    Marketing,
    CostControl,
    Finance,
    Administration,
    CustomerCentre,
}

code_set!(Department, "a department", [
    Property => "property", "物管公司" | "物业",
    Engineering => "engineering", "生产中心" | "工程",
    Marketing => "marketing", "营销中心" | "营销",
    CostControl => "cost-control", "成控中心" | "成控",
    Finance => "finance", "财务中心" | "财务",
    Administration => "administration", "行政中心" | "行政",
    CustomerCentre => "customer-centre", "客户中心" | "客服",
]);

impl Department {
    /// Reads the set as typed: its code, its Chinese label or another word for it.
    pub fn parse(raw: &str, field: &str) -> Result<Department, Invalid> {
        codes::parse(raw, field, codes::not_in_set::<Department>("责任部门"))
    }
}

/// The centres that cooperate on a complaint that needs several of them (协作投诉, 3.9.4), as
/// typed: departments by code or by their Chinese words, separated by commas (`,` `，` `、`) or
/// spaces, each kept once in the order typed. Naming them makes the complaint cross-department
/// ([`Flags::cross_department`]): their general managers take its final decision.
pub fn parse_centres(raw: &str, field: &str) -> Result<Vec<Department>, Invalid> {
    let mut centres = Vec::new();
    for word in raw
        .split([',', '，', '、', ' ', '\u{3000}'])
        .filter(|w| !w.trim().is_empty())
    {
        let centre = Department::parse(word, field)?;
        if !centres.contains(&centre) {
            centres.push(centre);
        }
    }
    if centres.is_empty() {
        return Err(Invalid::from(Message::CentresEmpty {
            field: field.to_string(),
        }));
    }
    Ok(centres)
}

/// The class typed for a reclassification (`complaint reclassify --class`): a code or its
/// Chinese word; any other word is refused with the codes.
pub fn parse_class(raw: &str, field: &str) -> Result<Class, Invalid> {
    codes::parse(raw, field, codes::not_in_set::<Class>("投诉分类"))
}

/// 投诉渠道: how the complaint reached the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Onsite,
    Phone,
    Web,
    Forum,
    Letter,
    Other,
    Inspection,
    Certificate,
    Leader,
    Revisit,
    Internal,
}

code_set!(Channel, "a complaint channel", [
    Onsite => "onsite", "现场" | "现场投诉" | "来访",
    Phone => "phone", "电话" | "来电",
    Web => "web", "网络" | "网上" | "网站",
    Forum => "forum", "论坛",
    Letter => "letter", "信函" | "来信",
    Other => "other", "其他" | "其它",
    Inspection => "inspection", "验房",
    Certificate => "certificate", "权证" | "办证",
    Leader => "leader", "领导检查",
    Revisit => "revisit", "回访",
    Internal => "internal", "内部反映" | "内部",
]);

impl Channel {
    /// Reads the set as typed: its code, its Chinese label or another word for it.
    pub fn parse(raw: &str, field: &str) -> Result<Channel, Invalid> {
        codes::parse(raw, field, codes::not_in_set::<Channel>("投诉渠道"))
    }
}

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
    /// Under `sales`, a consultation, a query or a slow reply rather than a broken promise
    /// (4.2.4.2): the category does not make it important.
    pub consultation: bool,
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
            (self.consultation, "consultation", "销售咨询"),
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

/// The highest class that applies, with the first reason for it (3.1): a flag, an amount, the
/// need for several centres, then a category that is important of itself (a sales promise, a
/// design, quality or certificate matter…). Attitude words lower nothing: only a complaint
/// whose sole ground is staff attitude or service (the category `service`, or a text that says
/// so under a category that is not important of itself) is general for it (3.1.1.1). A sales
/// complaint marked as a consultation or a slow reply is no sales promise (4.2.4.2).
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
    if let Some(amount) = amount.filter(|a| *a >= MAJOR_AMOUNT) {
        let (why, why_zh) = compared(amount, "≥", MAJOR_AMOUNT);
        return major(why, why_zh);
    }
    let important = |why: String, why_zh: String| Classification {
        class: Class::Important,
        reason: format!("important: {why}"),
        reason_zh: format!("重要：{why_zh}"),
    };
    if let Some(amount) = amount.filter(|a| *a >= IMPORTANT_AMOUNT) {
        let (why, why_zh) = compared(amount, "≥", IMPORTANT_AMOUNT);
        return important(why, why_zh);
    }
    if flags.cross_department {
        return important(
            "needs several centres (3.1.2.7)".to_string(),
            "需公司多个中心配合（3.1.2.7）".to_string(),
        );
    }
    // The highest class wins (3.1): a category that makes a complaint important keeps it so
    // whatever the text says of attitude — except a sales complaint the clerk marked as a
    // consultation or a slow reply, which is no broken promise (4.2.4.2).
    let consulted = category == Category::Sales && flags.consultation;
    if let Some((why, why_zh)) = category.important_because().filter(|_| !consulted) {
        return important(
            format!("category {} ({why})", category.code()),
            format!("类别为{}（{why_zh}）", category.zh()),
        );
    }
    if consulted {
        return Classification {
            class: Class::General,
            reason: "general: a sales consultation or query, not a sales promise (4.2.4.2)"
                .to_string(),
            reason_zh: "一般：置业咨询或信息查询，非销售承诺（4.2.4.2）".to_string(),
        };
    }
    // Only a complaint whose sole ground is attitude or service is general for it (3.1.1.1).
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
    let (reason, reason_zh) = match amount {
        Some(amount) => {
            let (why, why_zh) = compared(amount, "<", IMPORTANT_AMOUNT);
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn attitude_words_lower_nothing_the_highest_class_wins() {
        // 3.1: a quality defect, a certificate or a sales promise stays important whatever
        // the text says of attitude (wrong before: 态度 lowered each to general).
        for category in [Category::Quality, Category::Certificate, Category::Sales] {
            let result = classify(
                category,
                Flags::default(),
                None,
                "工作人员态度差，问题没解决",
            );
            assert_eq!(
                result.class,
                Class::Important,
                "{category:?}: {}",
                result.reason
            );
        }
        // A consultation or a slow reply under sales is no broken promise (4.2.4.2).
        let consulted = Flags {
            consultation: true,
            ..Flags::default()
        };
        let query = classify(
            Category::Sales,
            consulted,
            None,
            "咨询按揭政策，一直没人回复",
        );
        assert_eq!(query.class, Class::General, "{}", query.reason);
        assert!(query.reason.contains("4.2.4.2"), "{}", query.reason);
        // The mark means nothing outside sales.
        assert_eq!(
            classify(Category::Quality, consulted, None, "咨询").class,
            Class::Important
        );
        assert_eq!(
            classify(Category::Sales, consulted, amount("600"), "").class,
            Class::Important,
            "an amount still raises it"
        );
    }

    #[test]
    fn staff_attitude_is_general_when_it_is_the_sole_ground() {
        let handover = classify(
            Category::Handover,
            Flags::default(),
            amount("100"),
            "置业顾问态度差",
        );
        assert_eq!(handover.class, Class::General, "{}", handover.reason);
        assert!(
            handover.reason.contains("态度") && handover.reason.contains("3.1.1.1"),
            "{}",
            handover.reason
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
    fn the_cooperating_centres_are_named_by_department() {
        use Department::*;
        assert_eq!(
            parse_centres("marketing,工程", "--centres").unwrap(),
            [Marketing, Engineering]
        );
        assert_eq!(
            parse_centres(" 营销中心，财务、marketing ", "--centres").unwrap(),
            [Marketing, Finance],
            "each centre once, in the order typed"
        );
        let unknown = parse_centres("marketing,hr", "--centres").unwrap_err();
        assert!(
            unknown.english().contains("hr") && unknown.english().contains("cost-control"),
            "{}",
            unknown.english()
        );
        assert_eq!(
            parse_centres(" , ", "--centres"),
            Err(Invalid::from(Message::CentresEmpty {
                field: "--centres".to_string()
            }))
        );
    }

    #[test]
    fn a_reclassification_names_a_class_in_either_language() {
        assert_eq!(parse_class("重要", "--class"), Ok(Class::Important));
        assert_eq!(parse_class(" Major ", "--class"), Ok(Class::Major));
        let refused = parse_class("urgent", "--class")
            .unwrap_err()
            .english()
            .to_string();
        assert!(
            refused.contains("urgent") && refused.contains("general, important, major"),
            "{refused}"
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
}
