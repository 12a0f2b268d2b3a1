//! The column catalogue: every table salesdesk prints, each column with its stable key and its
//! English and Chinese headers side by side. The key is the CSV header and the JSON field name,
//! the contract with cron jobs and scripts (a key that changes gets a migration and a line in
//! README); the headers are what `--lang` chooses between. One module per command file, named
//! and nested as the file is under `src/cmd`, so that `cmd/facts/reports/daily.rs` prints the
//! tables of `columns::facts::reports::daily`. The tables live here, beside the sentences of the
//! catalogue, because they are the same kind of thing: words a person reads, written once in
//! each language.

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

/// The columns of `src/cmd/announce.rs`.
pub mod announce {
    use super::{Column, col};

    pub const COLUMNS: &[Column] = &[
        col("announcement_id", "Announcement", "声明编号"),
        col("customer_id", "Customer", "客户编号"),
        col("name", "Old customer", "老客户"),
        col("rep", "Rep", "置业顾问"),
        col("at", "Declared", "声明时间"),
        col("expected_at", "Expected", "约定时间"),
    ];
}

/// The columns of `src/cmd/backup.rs`.
pub mod backup {
    use super::{Column, col};

    pub const COLUMNS: &[Column] = &[
        col("database", "Database", "数据库"),
        col("file", "Backup file", "备份文件"),
        col("pages", "Pages", "页数"),
        col("page_size", "Page size", "页大小"),
        col("bytes", "Bytes", "字节数"),
        col("schema_version", "Schema version", "结构版本"),
        col("integrity", "Integrity", "完整性"),
    ];
}

/// The columns of `src/cmd/calendar.rs`.
pub mod calendar {
    use super::{Column, col};

    pub const COLUMNS: &[Column] = &[
        col("date", "Date", "日期"),
        col("weekday", "Weekday", "星期"),
        col("kind", "Kind", "类型"),
        col("name", "Name", "名称"),
    ];
}

/// The columns of `src/cmd/complaint.rs`.
pub mod complaint {
    use super::{Column, col};

    pub const LIST_COLUMNS: &[Column] = &[
        col("id", "Complaint", "投诉编号"),
        col("received_at", "Received", "受理时间"),
        col("name", "Customer", "客户姓名"),
        col("phone", "Phone", "电话"),
        col("class", "Class", "投诉分类"),
        col("category", "Category", "类别"),
        col("department", "Department", "责任部门"),
        col("status", "Status", "状态"),
        col("authority", "Final decision by", "终极方案核决"),
        col("next_due", "Next due", "下一时限"),
        col("overdue", "Overdue", "已超时"),
        col("overdue_since", "Overdue since", "超时起始"),
    ];

    /// The columns of `src/cmd/complaint/calls.rs`.
    pub mod calls {
        use super::super::{Column, col};

        pub const CALL_COLUMNS: &[Column] = &[
            col("id", "Complaint", "投诉编号"),
            col("received_at", "Received", "受理时间"),
            col("name", "Customer", "客户姓名"),
            col("phone", "Phone", "电话"),
            col("class", "Class", "投诉分类"),
            col("category", "Category", "类别"),
            col("department", "Department", "责任部门"),
            col("status", "Status", "状态"),
            col("authority", "Final decision by", "终极方案核决"),
            col("why", "Why called", "回访原因"),
            col("called_at", "Called", "回访时间"),
            col("called_by", "Called by", "回访人"),
        ];
    }
}

/// The columns of `src/cmd/customer.rs`.
pub mod customer {
    use super::{Column, col};

    pub const CUSTOMER_COLUMNS: &[Column] = &[
        col("customer_id", "Customer", "客户编号"),
        col("name", "Name", "客户姓名"),
        col("phone", "Phone", "电话"),
        col("class", "Class", "客户分类"),
        col("company", "Company", "公司客户"),
        col("visits", "Visits", "来访次数"),
        col("last_visit", "Last visit", "最近来访"),
        col("owner", "Owner", "归属顾问"),
        col("valid_until", "Valid until", "有效期至"),
    ];

    pub const SHOW_COLUMNS: &[Column] = &[
        col("registered_on", "Registered on", "登记日期"),
        col("spouse", "Spouse", "配偶"),
        col("joint_with", "Joint customer of", "夫妻客共同顾问"),
        col("deals", "Deals", "成交"),
        col("linked_with", "Same person as", "同一客户"),
    ];

    pub const HISTORY_COLUMNS: &[Column] = &[
        col("visit_id", "Entry", "登记号"),
        col("at", "At", "时间"),
        col("kind", "Kind", "类型"),
        col("channel", "Channel", "渠道"),
        col("rep", "Rep", "置业顾问"),
        col("reason", "Reason", "原因"),
        col("superseded_by", "Superseded by", "已被更正"),
        col("voided", "Voided", "已作废"),
        col("approved", "Approved", "已审核"),
        col("note", "Note", "备注"),
    ];

    pub const FIND_COLUMNS: &[Column] = &[
        col("customer_id", "Customer", "客户编号"),
        col("name", "Name", "客户姓名"),
        col("phone", "Phone", "电话"),
        col("class", "Class", "客户分类"),
        col("owner", "Owner", "归属顾问"),
        col("matched_by", "Matched by", "匹配方式"),
    ];
}

/// The columns of `src/cmd/deal.rs`.
pub mod deal {
    use super::{Column, col};

    pub const CHANGE_COLUMNS: &[Column] = &[
        col("at", "At", "时间"),
        col("change", "Change", "变更"),
        col("value", "To", "变更为"),
        col("by", "By", "经办人"),
    ];
}

/// The columns of `src/cmd/export.rs`.
pub mod export {
    use super::{Column, col};

    pub const CUSTOMER_COLUMNS: &[Column] = &[
        col("customer_id", "Customer", "客户编号"),
        col("name", "Name", "客户姓名"),
        col("phone", "Phone", "电话"),
        col("class", "Class", "客户分类"),
        col("company", "Company", "公司客户"),
    ];

    /// The columns an export of customers gives after their details.
    pub const CUSTOMER_TAIL_COLUMNS: &[Column] = &[
        col("spouse_id", "Spouse", "配偶编号"),
        col("owner", "Owner", "归属顾问"),
        col("valid_until", "Valid until", "有效期至"),
        col("created_at", "Registered", "登记时间"),
    ];

    pub const VISIT_COLUMNS: &[Column] = &[
        col("visit_id", "Entry", "登记号"),
        col("at", "At", "时间"),
        col("customer_id", "Customer", "客户编号"),
        col("name", "Name", "客户姓名"),
        col("phone", "Phone", "电话"),
        col("kind", "Kind", "类型"),
        col("channel", "Channel", "渠道"),
        col("rep", "Rep", "置业顾问"),
        col("reason", "Reason", "原因"),
        col("turn", "Turn", "占轮次"),
        col("priority", "Priority turn", "优先轮次"),
        col("brought_by_id", "Brought by", "带客老客户编号"),
        col("referrer", "Referrer", "推介人"),
        col("referral_valid", "Referral valid", "推介有效"),
        col("supersedes", "Supersedes", "更正登记号"),
        col("superseded_by", "Superseded by", "已被更正"),
        col("approved", "Approved", "已审核"),
        col("note", "Note", "备注"),
        col("voided", "Voided", "已作废"),
    ];
}

/// The columns of `src/cmd/facts/`.
pub mod facts {
    /// The columns of `src/cmd/facts/checks.rs`.
    pub mod checks {
        use super::super::{Column, col};

        pub const CHECK_COLUMNS: &[Column] = &[
            col("check_id", "Check", "检查编号"),
            col("unit", "Unit", "房号"),
            col("name", "Owner", "业主"),
            col("phone", "Phone", "电话"),
            col("months", "Months", "交付后月数"),
            col("due", "Due", "应检日期"),
            col("status", "Status", "状态"),
        ];
    }

    /// The columns of `src/cmd/facts/complaint_views.rs`.
    pub mod complaint_views {
        use super::super::{Column, col};

        /// Every field of a complaint, as `complaint show` and `export complaints` give them.
        pub const COLUMNS: &[Column] = &[
            col("id", "Complaint", "投诉编号"),
            col("received_at", "Received", "受理时间"),
            col("name", "Customer", "客户姓名"),
            col("phone", "Phone", "电话"),
            col("channel", "Channel", "渠道"),
            col("early_warning", "Early warning", "投诉预警"),
            col("category", "Category", "类别"),
            col("department", "Department", "责任部门"),
            col("amount", "Amount", "金额"),
            col("flags", "Flags", "重大情形"),
            col("class", "Class", "投诉分类"),
            col("class_reason", "Why", "分类依据"),
            col("proposal_authority", "Proposal approved by", "建议方案审批"),
            col("authority", "Final decision by", "终极方案核决"),
            col("status", "Status", "状态"),
            col("escalations", "Escalations", "升级次数"),
            col(
                "failed_rectifications",
                "Failed rectifications",
                "整改不合格次数",
            ),
            col("replace_contractor", "Replace contractor", "更换施工单位"),
            col("revisit_score", "Follow-up score", "回访评分"),
            col("ticket_due", "Ticket due", "受理单时限"),
            col("ticket_done", "Ticket done", "受理单完成"),
            col("evidence_due", "Evidence due", "取证时限"),
            col("evidence_done", "Evidence done", "取证完成"),
            col("feedback_due", "Feedback due", "首次反馈时限"),
            col("feedback_done", "Feedback done", "首次反馈完成"),
            col("resolve_due", "Resolve due", "解决时限"),
            col("resolve_done", "Resolved", "解决完成"),
            col("revisit_due", "Follow-up due", "回访时限"),
            col("revisit_done", "Followed up", "回访完成"),
            col("overdue", "Overdue", "已超时"),
            col("received_by", "Received by", "受理人"),
            col("text", "Complaint", "投诉内容"),
            col("centres", "Cooperating centres", "协作中心"),
        ];

        pub const DEADLINE_COLUMNS: &[Column] = &[
            col("step", "Deadline", "时限"),
            col("due", "Due", "到期"),
            col("done", "Done", "完成"),
            col("standing", "Standing", "状态"),
        ];

        pub const EVENT_COLUMNS: &[Column] = &[
            col("at", "At", "时间"),
            col("step", "Step", "步骤"),
            col("by", "By", "经办人"),
            col("score", "Score", "评分"),
            col("note", "Note", "备注"),
            col("class", "Class", "投诉分类"),
        ];
    }

    /// The columns of `src/cmd/facts/deals.rs`.
    pub mod deals {
        use super::super::{Column, col};

        pub const DEAL_COLUMNS: &[Column] = &[
            col("deal_id", "Deal", "成交编号"),
            col("at", "Closed", "成交时间"),
            col("customer_id", "Customer", "客户编号"),
            col("buyer", "Buyer", "购房人"),
            col("phone", "Phone", "电话"),
            col("unit", "Unit", "房号"),
            col("price", "Price", "成交价"),
            col("rep", "Rep", "置业顾问"),
            col("company", "Company client", "公司客户"),
            col("split", "Shares", "佣金分配"),
            col("awaiting_settlement", "Awaiting settlement", "待裁定"),
            col("voided", "Voided", "已作废"),
            col("void_reason", "Void reason", "作废原因"),
            col("voided_by", "Voided by", "作废人"),
            col("voided_at", "Voided at", "作废时间"),
        ];

        pub const SHARE_COLUMNS: &[Column] = &[
            col("deal_id", "Deal", "成交编号"),
            col("unit", "Unit", "房号"),
            col("party", "Party", "分配对象"),
            col("role", "Role", "角色"),
            col("share", "Share %", "比例%"),
            col("rule", "Rule", "依据"),
        ];
    }

    /// The columns of `src/cmd/facts/owners.rs`.
    pub mod owners {
        use super::super::{Column, col};

        /// The customer's details as `customer show` and `export customers` label them.
        pub const DETAIL_COLUMNS: &[Column] = &[
            col("gender", "Gender", "性别"),
            col("age", "Age", "年龄"),
            col("education", "Education", "学历"),
            col("occupation", "Occupation", "职业"),
            col("income", "Income", "收入"),
            col("family", "Family", "家庭结构"),
            col("address", "Address", "地址"),
            col("email", "Email", "邮箱"),
            col("personality", "Personality", "性格"),
            col("interests", "Interests", "兴趣"),
            col("attitude", "Purchase attitude", "购买态度"),
            col("requirements", "Requirements", "需求"),
            col("purchase", "Purchase record", "购买记录"),
            col("tendency", "Purchase tendency", "购买倾向"),
        ];
    }

    /// The columns of `src/cmd/facts/receipt.rs`.
    pub mod receipt {
        use super::super::{Column, col};

        pub const COLUMNS: &[Column] = &[
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
    }

    /// The columns of `src/cmd/facts/repairs.rs`.
    pub mod repairs {
        use super::super::{Column, col};

        pub const REPAIR_COLUMNS: &[Column] = &[
            col("id", "Repair", "报修编号"),
            col("unit", "Unit", "房号"),
            col("name", "Owner", "业主"),
            col("phone", "Phone", "电话"),
            col("kind", "Kind", "维修类别"),
            col("text", "Content", "报修内容"),
            col("received_at", "Received", "报修时间"),
            col("appointment", "Appointment", "约修时间"),
            col("status", "Status", "状态"),
            col("done_at", "Done", "维修完成时间"),
            col("revisit_due", "Revisit due", "回访期限"),
            col("notice_due", "Notice due", "整改通知期限"),
            col("overdue", "Overdue", "超期"),
        ];

        pub const EVENT_COLUMNS: &[Column] = &[
            col("at", "At", "时间"),
            col("step", "Step", "步骤"),
            col("by", "By", "经办人"),
            col("role", "Role", "回访人身份"),
            col("score", "Score", "评分"),
            col("note", "Note", "说明"),
            col("appointment", "Appointment", "约修时间"),
            col("late", "Late", "逾期"),
        ];
    }

    /// The columns of `src/cmd/facts/reports/`.
    pub mod reports {
        use super::super::{Column, col};

        /// The sections of a report (`report KIND --sections`).
        pub const SECTION_COLUMNS: &[Column] = &[
            col("section", "Section", "部分"),
            col("heading", "Heading", "标题"),
            col("rows", "Rows", "行数"),
        ];

        /// The columns of `src/cmd/facts/reports/commission.rs`.
        pub mod commission {
            use super::super::super::{Column, col};

            pub const SHARE_COLUMNS: &[Column] = &[
                col("deal_id", "Deal", "成交编号"),
                col("at", "Closed", "成交时间"),
                col("unit", "Unit", "房号"),
                col("buyer", "Buyer", "购房人"),
                col("price", "Price", "成交价"),
                col("party", "Party", "分配对象"),
                col("role", "Role", "角色"),
                col("share", "Share %", "比例%"),
                col("rule", "Rule", "依据"),
            ];

            pub const TOTAL_COLUMNS: &[Column] = &[
                col("party", "Party", "分配对象"),
                col("role", "Role", "角色"),
                col("deals", "Deals", "成交套数"),
                col("share_total", "Deals credited", "折合套数"),
                col("sales", "Sales credited", "折合成交额"),
            ];

            pub const AWAITING_COLUMNS: &[Column] = &[
                col("deal_id", "Deal", "成交编号"),
                col("at", "Closed", "成交时间"),
                col("unit", "Unit", "房号"),
                col("buyer", "Buyer", "购房人"),
                col("price", "Price", "成交价"),
                col("rules", "Rules that claim it", "适用条款"),
            ];

            /// The month's changes of deals of any month: voids, spouses linked after a deal.
            pub const CHANGE_COLUMNS: &[Column] = &[
                col("deal_id", "Deal", "成交编号"),
                col("at", "Closed", "成交时间"),
                col("unit", "Unit", "房号"),
                col("buyer", "Buyer", "购房人"),
                col("change", "Change", "变更"),
                col("changed_at", "Changed", "变更时间"),
                col("value", "What", "内容"),
                col("by", "By", "经办人"),
            ];
        }

        /// The columns of `src/cmd/facts/reports/fairness.rs` (and the monthly report's
        /// `fairness` section).
        pub mod fairness {
            use super::super::super::{Column, col};

            pub const REP_COLUMNS: &[Column] = &[
                col("rep", "Rep", "置业顾问"),
                col("hours_on_duty", "Hours on duty", "在岗小时"),
                col("rotation_turns", "Rotation turns", "轮次"),
                col("expected_turns", "Expected turns", "应得轮次"),
                col("turns_over_expected", "Turns over expected", "超出应得轮次"),
                col("new_customers", "New customers", "新客户"),
                col("new_by_rotation", "New by rotation", "轮序新客户"),
                col("designated", "Designated", "指定接待"),
                col("voluntary", "Voluntary", "义务接待"),
                col("reassigned_from", "Reassigned from", "转出"),
                col("reassigned_to", "Reassigned to", "转入"),
                col("voided", "Voided", "作废登记"),
                col("flags", "Flags", "提示"),
                col("flag_reasons", "Why flagged", "提示原因"),
            ];

            pub const TEAM_COLUMNS: &[Column] = &[
                col("reps", "Reps", "人数"),
                col("hours_on_duty", "Hours on duty", "在岗小时"),
                col("rotation_turns", "Rotation turns", "轮次"),
                col("median_designated", "Median designated", "指定接待中位数"),
                col("median_voluntary", "Median voluntary", "义务接待中位数"),
                col("median_voided", "Median voided", "作废登记中位数"),
            ];
        }

        /// The columns of `src/cmd/facts/reports/daily.rs`.
        pub mod daily {
            use super::super::super::{Column, col};

            pub const VISIT_COLUMNS: &[Column] = &[
                col("rep", "Rep", "置业顾问"),
                col("visits", "Visits", "来访"),
                col("calls", "Calls", "来电"),
                col("new_customers", "New customers", "新客户"),
                col("returning_customers", "Returning customers", "老客户"),
                col("turns", "Turns", "轮次"),
                col("rotation", "Rotation", "轮序接待"),
                col("returning", "Returning", "老客户接待"),
                col("voluntary", "Voluntary", "义务接待"),
                col("designated", "Designated", "指定接待"),
                col("brought", "Old brings new", "老带新"),
                col("reassigned", "Reassigned", "转接"),
            ];

            pub const CHANNEL_COLUMNS: &[Column] = &[
                col("channel", "Channel", "渠道"),
                col("visits", "Visits", "来访"),
                col("calls", "Calls", "来电"),
            ];

            pub const UNAPPROVED_COLUMNS: &[Column] = &[
                col("visit_id", "Entry", "登记号"),
                col("at", "At", "时间"),
                col("name", "Name", "客户姓名"),
                col("phone", "Phone", "电话"),
                col("rep", "Rep", "置业顾问"),
                col("reason", "Reason", "原因"),
            ];

            pub const LAPSING_COLUMNS: &[Column] = &[
                col("customer_id", "Customer", "客户编号"),
                col("name", "Name", "客户姓名"),
                col("phone", "Phone", "电话"),
                col("rep", "Rep", "置业顾问"),
                col("last_visit", "Last visit", "最近来访"),
                col("valid_until", "Valid until", "有效期至"),
            ];

            pub const COMPLAINT_COUNT_COLUMNS: &[Column] = &[
                col("received", "Received", "受理"),
                col("resolved", "Resolved", "解决"),
                col("overdue", "Overdue", "超时"),
            ];

            pub const LEDGER_COLUMNS: &[Column] = &[
                col("complaint_id", "Complaint", "投诉编号"),
                col("received_at", "Received", "受理时间"),
                col("name", "Name", "客户姓名"),
                col("phone", "Phone", "电话"),
                col("channel", "Channel", "渠道"),
                col("category", "Category", "类别"),
                col("class", "Class", "投诉分类"),
                col("department", "Department", "责任部门"),
                col("status", "Status", "状态"),
                col("text", "Complaint", "投诉内容"),
            ];

            pub const REPAIR_COLUMNS: &[Column] = &[
                col("repair_id", "Repair", "维修编号"),
                col("received_at", "Received", "报修时间"),
                col("unit", "Unit", "房号"),
                col("name", "Name", "业主"),
                col("phone", "Phone", "电话"),
                col("kind", "Kind", "维修类别"),
                col("appointment", "Appointment", "约修时间"),
                col("text", "Repair", "维修内容"),
            ];

            pub const DUE_COLUMNS: &[Column] = &[
                col("what", "What", "事项"),
                col("id", "Number", "编号"),
                col("unit", "Unit", "房号"),
                col("name", "Name", "业主"),
                col("phone", "Phone", "电话"),
                col("due", "Due", "到期"),
            ];
        }

        /// The columns of `src/cmd/facts/reports/monthly.rs`.
        pub mod monthly {
            use super::super::super::{Column, col};

            pub const DAY_CHANNEL_COLUMNS: &[Column] = &[
                col("day", "Day", "日期"),
                col("channel", "Channel", "渠道"),
                col("visits", "Visits", "来访"),
            ];

            pub const DAY_REP_COLUMNS: &[Column] = &[
                col("day", "Day", "日期"),
                col("rep", "Rep", "置业顾问"),
                col("visits", "Visits", "来访"),
            ];

            pub const WEEK_CHANNEL_COLUMNS: &[Column] = &[
                col("week", "Week", "周"),
                col("channel", "Channel", "渠道"),
                col("visits", "Visits", "来访"),
            ];

            pub const WEEK_REP_COLUMNS: &[Column] = &[
                col("week", "Week", "周"),
                col("rep", "Rep", "置业顾问"),
                col("visits", "Visits", "来访"),
            ];

            pub const DEADLINE_COLUMNS: &[Column] = &[
                col("step", "Deadline", "时限"),
                col("met", "Met", "按时"),
                col("missed", "Missed", "超时"),
                col("open", "Open", "未到期"),
                col("compliance", "Compliance", "达标率"),
            ];

            pub const RESOLUTION_COLUMNS: &[Column] = &[
                col("resolved", "Resolved", "解决数"),
                col(
                    "mean_hours_to_resolve",
                    "Mean hours to resolve",
                    "平均解决时长(小时)",
                ),
            ];

            pub const SATISFACTION_COLUMNS: &[Column] = &[
                col("follow_up_calls", "Follow-up calls", "回访数"),
                col("follow_up_mean", "Follow-up mean (1–5)", "回访均分"),
                col(
                    "complaint_handling_index",
                    "Complaint handling index",
                    "投诉处理满意度",
                ),
                col("survey", "Latest survey", "最近调查"),
                col("survey_index", "Survey index", "满意度指数"),
            ];
            /// The half-yearly survey waves (seed 002: 每半年对客户进行一次满意度调查).
            pub const HALF_YEAR_COLUMNS: &[Column] = &[
                col("half_year", "Half-year", "半年度"),
                col("waves", "Survey waves", "调查批次"),
                col("no_wave", "No wave", "未做调查"),
            ];

            pub const TYPICAL_COLUMNS: &[Column] = &[
                col("complaint_id", "Complaint", "投诉编号"),
                col("received_at", "Received", "受理时间"),
                col("class", "Class", "投诉分类"),
                col("category", "Category", "类别"),
                col("text", "Complaint", "投诉内容"),
                col("lesson", "Lesson", "经验教训"),
                col("marked_at", "Marked", "标记时间"),
            ];

            /// The major complaints whose follow-up call was not the customer director's.
            pub const DIRECTOR_COLUMNS: &[Column] = &[
                col("complaint_id", "Complaint", "投诉编号"),
                col("received_at", "Received", "受理时间"),
                col("name", "Customer", "客户姓名"),
                col("resolved_at", "Resolved", "解决时间"),
                col("revisit_at", "Follow-up call", "回访时间"),
                col("revisit_by", "Called by", "回访人"),
            ];
        }

        /// The columns of `src/cmd/facts/reports/overdue.rs`.
        pub mod overdue {
            use super::super::super::{Column, col};

            pub const OVERDUE_COLUMNS: &[Column] = &[
                col("complaint_id", "Complaint", "投诉编号"),
                col("received_at", "Received", "受理时间"),
                col("name", "Name", "客户姓名"),
                col("phone", "Phone", "电话"),
                col("class", "Class", "投诉分类"),
                col("category", "Category", "类别"),
                col("department", "Department", "责任部门"),
                col("status", "Status", "状态"),
                col("authority", "Authority", "审批权限"),
                col("overdue", "Overdue", "已超时"),
                col("overdue_since", "Overdue since", "超时起始"),
                col("hours_overdue", "Hours overdue", "超时小时"),
            ];
        }

        /// The columns of `src/cmd/facts/reports/repairs.rs`.
        pub mod repairs {
            use super::super::super::{Column, col};

            pub const SUMMARY_COLUMNS: &[Column] = &[
                col("received", "Received", "报修数"),
                col("done", "Done", "完成数"),
                col("revisited", "Revisited", "回访数"),
                col("problems", "Problems found", "回访发现问题"),
                col("notices", "Notices", "整改通知"),
                col("mean_score", "Mean revisit score (1–5)", "回访均分"),
                col("overdue", "Overdue now", "当前超时"),
                col("director_rate", "Director rate", "主任回访率"),
                col("admin_rate", "Administrator rate", "管理员回访率"),
                col("lead_rate", "Repair lead rate", "维修负责人回访率"),
                col("meets_rates", "Meets the rates", "回访率达标"),
                col("late_notices", "Notices after 24 hours", "逾24小时整改通知"),
            ];

            pub const RATE_COLUMNS: &[Column] = &[
                col("role", "Role", "回访人"),
                col("revisited", "Repairs revisited", "回访维修数"),
                col("completed", "Repairs completed", "完成维修数"),
                col("rate", "Rate", "回访率"),
                col("required", "Required", "要求"),
                col("meets", "Meets", "达标"),
            ];
        }

        /// The columns of `src/cmd/facts/reports/survey.rs`.
        pub mod survey {
            use super::super::super::{Column, col};

            pub const SURVEY_COLUMNS: &[Column] = &[
                col("survey", "Survey", "调查"),
                col("previous_survey", "Previous", "上一期"),
                col("respondents", "Respondents", "受访人数"),
                col("index", "Satisfaction index", "满意度指数"),
                col("index_delta", "Change", "指数变化"),
                col("top_two_share", "Satisfied share", "满意比例"),
                col("owners", "Owners", "业主总数"),
                col("owners_answered", "Owners answered", "受访业主"),
                col("sample_rate", "Sample rate", "抽查率"),
                col("meets_sample_rate", "Meets 20 %", "达到20%"),
                col("complaint_handling_count", "Follow-up calls", "投诉回访数"),
                col(
                    "complaint_handling_mean",
                    "Follow-up mean (1–5)",
                    "回访均分",
                ),
                col(
                    "complaint_handling_index",
                    "Complaint handling index",
                    "投诉处理满意度",
                ),
            ];

            pub const INDICATOR_COLUMNS: &[Column] = &[
                col("indicator", "Indicator", "指标"),
                col("label", "Label", "名称"),
                col("weight", "Weight", "权重"),
                col("count", "Answers", "回答数"),
                col("mean", "Mean", "均分"),
                col("sd", "SD", "标准差"),
                col("top_two_share", "Satisfied share", "满意比例"),
                col("delta", "Change", "变化"),
                col("previous_mean", "Previous mean", "上次均分"),
            ];
        }

        /// The columns of `src/cmd/facts/reports/weekly.rs`.
        pub mod weekly {
            use super::super::super::{Column, col};

            pub const WEEK_COLUMNS: &[Column] = &[
                col("project", "Project", "项目"),
                col("rep", "Rep", "置业顾问"),
                col("visits", "Visits", "来访"),
                col("calls", "Calls", "来电"),
                col("deals", "Deals", "成交"),
            ];

            /// Monday's calls made during the week, from the list of the week before.
            pub const CALL_COLUMNS: &[Column] = &[
                col("project", "Project", "项目"),
                col("list_week", "List of the week from", "名单所属周起"),
                col("listed", "On the list", "名单数"),
                col("received", "Received", "上周受理"),
                col("closed", "Closed", "上周办结"),
                col("drawn", "Drawn of the open", "处理中抽查"),
                col("called", "Called", "已回访"),
            ];
        }
    }
}

/// The columns of `src/cmd/group.rs`.
pub mod group {
    use super::{Column, col};

    pub const OFFICE_COLUMNS: &[Column] = &[
        col("project", "Project", "项目"),
        col("file", "File", "文件"),
        col("status", "Status", "状态"),
        col("schema_version", "Schema", "数据版本"),
        col("reps", "Reps", "置业顾问"),
        col("customers", "Customers", "客户"),
        col("visits", "Register entries", "来访登记"),
        col("complaints", "Complaints", "投诉"),
        col("deals", "Deals", "成交"),
        col("latest_entry", "Latest entry", "最近登记"),
    ];

    pub const FETCH_COLUMNS: &[Column] = &[
        col("project", "Project", "项目"),
        col("file", "File", "文件"),
        col("status", "Status", "状态"),
        col("txid", "Position", "位置"),
        col("state_at", "State of", "数据时点"),
        col("visits", "Register entries", "来访登记"),
    ];
}

/// The columns of `src/cmd/referral.rs`.
pub mod referral {
    use super::{Column, col};

    pub const COLUMNS: &[Column] = &[
        col("referral_id", "Referral", "推介编号"),
        col("name", "Customer", "客户姓名"),
        col("phone", "Phone", "电话"),
        col("referrer", "Referrer", "介绍人"),
        col("day", "Day agreed", "约定来访日"),
        col("registered_at", "Registered", "登记时间"),
        col("confirmed_by", "Confirmed by", "确认人"),
        col("standing", "Standing", "状态"),
    ];
}

/// The columns of `src/cmd/register.rs`.
pub mod register {
    use super::{Column, col};

    pub const COLUMNS: &[Column] = &[
        col("visit_id", "Entry", "登记号"),
        col("at", "At", "时间"),
        col("name", "Name", "客户姓名"),
        col("phone", "Phone", "电话"),
        col("kind", "Kind", "类型"),
        col("channel", "Channel", "渠道"),
        col("rep", "Rep", "置业顾问"),
        col("reason", "Reason", "原因"),
        col("turn", "Turn", "占轮次"),
        col("priority", "Priority turn", "优先轮次"),
        col("referrer", "Referrer", "推介人"),
        col("referral_valid", "Referral valid", "推介有效"),
        col("supersedes", "Supersedes", "更正登记号"),
        col("superseded_by", "Superseded by", "已被更正"),
        col("approved", "Approved", "已审核"),
        col("note", "Note", "备注"),
        col("voided", "Voided", "已作废"),
    ];

    pub const APPROVAL_COLUMNS: &[Column] = &[
        col("date", "Date", "日期"),
        col("approved_by", "Approved by", "审核人"),
        col("entries", "Entries approved", "本次审核条数"),
    ];

    pub const VOID_COLUMNS: &[Column] = &[
        col("visit_id", "Entry", "登记号"),
        col("voided_by", "Voided by", "作废人"),
        col("reason", "Why", "原因"),
        col("turn_owed", "Turn owed back", "补回轮次"),
    ];
}

/// The columns of `src/cmd/rep.rs`.
pub mod rep {
    use super::{Column, col};

    pub const COLUMNS: &[Column] = &[
        col("id", "Id", "编号"),
        col("name", "Name", "姓名"),
        col("phone", "Phone", "电话"),
        col("status", "Status", "状态"),
        col("turns_today", "Turns today", "今日轮次"),
        col("since", "Since", "入职"),
    ];
}

/// The columns of `src/cmd/replica.rs`.
pub mod replica {
    use super::{Column, col};

    pub const STATUS_COLUMNS: &[Column] = &[
        col("database", "Database", "数据库"),
        col("replica", "Replica", "副本"),
        col("status", "Status", "状态"),
        col("replica_txid", "Replica position", "副本位置"),
        col("replica_time", "Replica written", "副本写入时间"),
        col("live_txid", "Captured position", "已捕获位置"),
        col("live_changed", "Database changed", "数据库修改时间"),
        col("lag_seconds", "Lag (s)", "延迟（秒）"),
        col("max_lag", "Max lag (s)", "最大延迟（秒）"),
    ];

    pub const LIST_COLUMNS: &[Column] = &[
        col("level", "Level", "层级"),
        col("min_txid", "From position", "起始位置"),
        col("max_txid", "To position", "结束位置"),
        col("bytes", "Bytes", "字节数"),
        col("written", "Written", "写入时间"),
    ];

    pub const RESTORE_COLUMNS: &[Column] = &[
        col("database", "Database", "数据库"),
        col("replica", "Replica", "副本"),
        col("txid", "Position", "位置"),
        col("state_at", "State of", "数据时点"),
        col("visits", "Register entries", "来访登记"),
        col("bytes", "Bytes", "字节数"),
        col("integrity", "Integrity", "完整性"),
    ];
}

/// The columns of `src/cmd/roster.rs`.
pub mod roster {
    use super::{Column, col};

    pub const SHOW_COLUMNS: &[Column] = &[
        col("position", "#", "顺序"),
        col("rep", "Rep", "置业顾问"),
        col("status", "Status", "状态"),
        col("turns", "Turns", "轮次"),
        col("priority_owed", "Priority owed", "优先轮次"),
        col("away_reason", "Away", "离开原因"),
        col("lunch_duty", "Lunch duty", "午餐值班"),
    ];

    pub const NEXT_COLUMNS: &[Column] = &[
        col("rep", "Rep", "置业顾问"),
        col("priority", "Priority turn", "优先轮次"),
        col("passed", "Passed over", "跳过"),
    ];
}

/// The columns of `src/cmd/survey.rs`.
pub mod survey {
    use super::{Column, col};

    pub const INDICATOR_COLUMNS: &[Column] = &[
        col("indicator", "Indicator", "指标"),
        col("label", "Label", "名称"),
        col("weight", "Weight", "权重"),
    ];

    pub const SAMPLE_COLUMNS: &[Column] = &[
        col("order", "#", "序号"),
        col("customer_id", "Customer", "客户编号"),
        col("name", "Name", "客户姓名"),
        col("phone", "Phone", "电话"),
    ];

    pub const LIST_COLUMNS: &[Column] = &[
        col("survey", "Survey", "调查"),
        col("scale", "Scale", "量表"),
        col("indicators", "Indicators", "指标数"),
        col("respondents", "Respondents", "受访人数"),
        col("created_at", "Created", "创建时间"),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVERY_TABLE: &[(&str, &[Column])] = &[
        ("announce::COLUMNS", announce::COLUMNS),
        ("backup::COLUMNS", backup::COLUMNS),
        ("calendar::COLUMNS", calendar::COLUMNS),
        ("complaint::LIST_COLUMNS", complaint::LIST_COLUMNS),
        (
            "facts::reports::SECTION_COLUMNS",
            facts::reports::SECTION_COLUMNS,
        ),
        (
            "complaint::calls::CALL_COLUMNS",
            complaint::calls::CALL_COLUMNS,
        ),
        ("customer::CUSTOMER_COLUMNS", customer::CUSTOMER_COLUMNS),
        ("customer::SHOW_COLUMNS", customer::SHOW_COLUMNS),
        ("customer::HISTORY_COLUMNS", customer::HISTORY_COLUMNS),
        ("customer::FIND_COLUMNS", customer::FIND_COLUMNS),
        ("deal::CHANGE_COLUMNS", deal::CHANGE_COLUMNS),
        ("export::CUSTOMER_COLUMNS", export::CUSTOMER_COLUMNS),
        (
            "export::CUSTOMER_TAIL_COLUMNS",
            export::CUSTOMER_TAIL_COLUMNS,
        ),
        ("export::VISIT_COLUMNS", export::VISIT_COLUMNS),
        ("facts::checks::CHECK_COLUMNS", facts::checks::CHECK_COLUMNS),
        (
            "facts::complaint_views::COLUMNS",
            facts::complaint_views::COLUMNS,
        ),
        (
            "facts::complaint_views::DEADLINE_COLUMNS",
            facts::complaint_views::DEADLINE_COLUMNS,
        ),
        (
            "facts::complaint_views::EVENT_COLUMNS",
            facts::complaint_views::EVENT_COLUMNS,
        ),
        ("facts::deals::DEAL_COLUMNS", facts::deals::DEAL_COLUMNS),
        ("facts::deals::SHARE_COLUMNS", facts::deals::SHARE_COLUMNS),
        (
            "facts::owners::DETAIL_COLUMNS",
            facts::owners::DETAIL_COLUMNS,
        ),
        ("facts::receipt::COLUMNS", facts::receipt::COLUMNS),
        (
            "facts::repairs::REPAIR_COLUMNS",
            facts::repairs::REPAIR_COLUMNS,
        ),
        (
            "facts::repairs::EVENT_COLUMNS",
            facts::repairs::EVENT_COLUMNS,
        ),
        (
            "facts::reports::commission::SHARE_COLUMNS",
            facts::reports::commission::SHARE_COLUMNS,
        ),
        (
            "facts::reports::commission::TOTAL_COLUMNS",
            facts::reports::commission::TOTAL_COLUMNS,
        ),
        (
            "facts::reports::commission::AWAITING_COLUMNS",
            facts::reports::commission::AWAITING_COLUMNS,
        ),
        (
            "facts::reports::fairness::REP_COLUMNS",
            facts::reports::fairness::REP_COLUMNS,
        ),
        (
            "facts::reports::fairness::TEAM_COLUMNS",
            facts::reports::fairness::TEAM_COLUMNS,
        ),
        (
            "facts::reports::daily::VISIT_COLUMNS",
            facts::reports::daily::VISIT_COLUMNS,
        ),
        (
            "facts::reports::daily::CHANNEL_COLUMNS",
            facts::reports::daily::CHANNEL_COLUMNS,
        ),
        (
            "facts::reports::daily::UNAPPROVED_COLUMNS",
            facts::reports::daily::UNAPPROVED_COLUMNS,
        ),
        (
            "facts::reports::daily::LAPSING_COLUMNS",
            facts::reports::daily::LAPSING_COLUMNS,
        ),
        (
            "facts::reports::daily::COMPLAINT_COUNT_COLUMNS",
            facts::reports::daily::COMPLAINT_COUNT_COLUMNS,
        ),
        (
            "facts::reports::daily::LEDGER_COLUMNS",
            facts::reports::daily::LEDGER_COLUMNS,
        ),
        (
            "facts::reports::daily::REPAIR_COLUMNS",
            facts::reports::daily::REPAIR_COLUMNS,
        ),
        (
            "facts::reports::daily::DUE_COLUMNS",
            facts::reports::daily::DUE_COLUMNS,
        ),
        (
            "facts::reports::monthly::DEADLINE_COLUMNS",
            facts::reports::monthly::DEADLINE_COLUMNS,
        ),
        (
            "facts::reports::monthly::RESOLUTION_COLUMNS",
            facts::reports::monthly::RESOLUTION_COLUMNS,
        ),
        (
            "facts::reports::monthly::SATISFACTION_COLUMNS",
            facts::reports::monthly::SATISFACTION_COLUMNS,
        ),
        (
            "facts::reports::commission::CHANGE_COLUMNS",
            facts::reports::commission::CHANGE_COLUMNS,
        ),
        (
            "facts::reports::monthly::HALF_YEAR_COLUMNS",
            facts::reports::monthly::HALF_YEAR_COLUMNS,
        ),
        (
            "facts::reports::monthly::TYPICAL_COLUMNS",
            facts::reports::monthly::TYPICAL_COLUMNS,
        ),
        (
            "facts::reports::monthly::DIRECTOR_COLUMNS",
            facts::reports::monthly::DIRECTOR_COLUMNS,
        ),
        (
            "facts::reports::overdue::OVERDUE_COLUMNS",
            facts::reports::overdue::OVERDUE_COLUMNS,
        ),
        (
            "facts::reports::repairs::SUMMARY_COLUMNS",
            facts::reports::repairs::SUMMARY_COLUMNS,
        ),
        (
            "facts::reports::repairs::RATE_COLUMNS",
            facts::reports::repairs::RATE_COLUMNS,
        ),
        (
            "facts::reports::survey::SURVEY_COLUMNS",
            facts::reports::survey::SURVEY_COLUMNS,
        ),
        (
            "facts::reports::survey::INDICATOR_COLUMNS",
            facts::reports::survey::INDICATOR_COLUMNS,
        ),
        (
            "facts::reports::weekly::WEEK_COLUMNS",
            facts::reports::weekly::WEEK_COLUMNS,
        ),
        (
            "facts::reports::weekly::CALL_COLUMNS",
            facts::reports::weekly::CALL_COLUMNS,
        ),
        ("group::OFFICE_COLUMNS", group::OFFICE_COLUMNS),
        ("group::FETCH_COLUMNS", group::FETCH_COLUMNS),
        ("referral::COLUMNS", referral::COLUMNS),
        ("register::COLUMNS", register::COLUMNS),
        ("register::APPROVAL_COLUMNS", register::APPROVAL_COLUMNS),
        ("register::VOID_COLUMNS", register::VOID_COLUMNS),
        ("rep::COLUMNS", rep::COLUMNS),
        ("replica::STATUS_COLUMNS", replica::STATUS_COLUMNS),
        ("replica::LIST_COLUMNS", replica::LIST_COLUMNS),
        ("replica::RESTORE_COLUMNS", replica::RESTORE_COLUMNS),
        ("roster::SHOW_COLUMNS", roster::SHOW_COLUMNS),
        ("roster::NEXT_COLUMNS", roster::NEXT_COLUMNS),
        ("survey::INDICATOR_COLUMNS", survey::INDICATOR_COLUMNS),
        ("survey::SAMPLE_COLUMNS", survey::SAMPLE_COLUMNS),
        ("survey::LIST_COLUMNS", survey::LIST_COLUMNS),
    ];

    #[test]
    fn every_key_is_snake_case_and_once_in_its_table_and_every_header_is_written_twice() {
        for (table, columns) in EVERY_TABLE {
            let mut seen = std::collections::BTreeSet::new();
            for column in *columns {
                let key = column.key;
                assert!(
                    !key.is_empty()
                        && !key.starts_with('_')
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{table}: the key {key:?} is not snake_case"
                );
                assert!(seen.insert(key), "{table}: the key {key:?} is there twice");
                assert!(
                    !column.en.trim().is_empty() && !column.zh.trim().is_empty(),
                    "{table}: {key} lacks a header"
                );
                assert!(
                    !column.zh.is_ascii() || column.zh == column.en,
                    "{table}: the Chinese header of {key} is {:?}",
                    column.zh
                );
            }
        }
    }
}
