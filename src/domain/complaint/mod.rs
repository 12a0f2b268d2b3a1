//! Complaints (客户投诉): how a complaint is classified, who has authority over it, the steps of
//! its life cycle, and its deadlines (第一时间原则). Each is a module of its own:
//! [`classify`](mod@classify), [`authority`](mod@authority), [`life`] and
//! [`deadlines`](mod@deadlines); the amounts are [`Amount`](crate::domain::money::Amount)s.
//!
//! # Class
//! The highest class that applies ([`classify()`]):
//! - `major`: a life or property safety emergency, a group complaint, a complaint already taken to
//!   the government, the media or the consumer association, a structural or safety defect, or an
//!   amount of 10,000 CNY or more;
//! - `important`: an amount from 500 up to 10,000 CNY, a complaint that needs several centres
//!   (3.1.2.7), or a category that is important in itself (sales promises, signing and mortgage
//!   payment, title certificates, property-management service, construction quality, design);
//! - `general`: everything else (under 500 CNY, handover details, other), and a complaint whose
//!   sole ground is staff attitude or service quality (the category `service`, or a text that
//!   says so under a category not important in itself, 3.1.1.1). Attitude words lower nothing:
//!   a sales promise, a quality defect or a certificate stays important. A sales complaint the
//!   clerk marks `--consultation` (a query, a slow reply: 4.2.4.2) is no sales promise.
//!
//! The handler may judge the class again while the complaint is handled (`reclassify`, 5.1.10):
//! the latest reclassification is then its class everywhere ([`class_at`]). A complaint recorded
//! by mistake is voided, kept in its history and out of every clock, list and count
//! ([`life`]).
//!
//! # Authority
//! An important or major complaint's proposal is approved by the vice president in charge and
//! its final decision is the president's; a general one is decided by the vice president in
//! charge of the customer centre, or by the customer director under 500 CNY ([`authorities()`]).
//! A complaint that needs several centres names them (`--centres`) and is decided by their
//! general managers (3.9.4), unless it is major.
//!
//! # Deadlines
//! Every clock below runs on the office's working calendar. "Working time" counts only office
//! hours of working days, so a complaint received after hours starts its working-time clocks at
//! the next working moment ([`Calendar::next_working_moment`]). The durations are named in
//! [`deadlines`](mod@deadlines).
//! - `ticket` (建受理单): due 30 working minutes after receipt; met by recording the complaint
//!   (`complaint new`), whose moment is the ticket's.
//! - `evidence` (全面取证): due at the close of the first working day (5.1.7) — the working
//!   day the ticket falls due in: the day of receipt, or the next working day when received
//!   after hours or so near the close that the ticket is due the next morning; never before
//!   the ticket. Met by `evidence`.
//! - `feedback` (信息反馈客户): due 3 calendar days after receipt, moved to the next working
//!   moment when that lands on a holiday, a weekend or after hours (no due time falls outside
//!   working time); met by the first `progress` (the plan agreed with the customer) or by
//!   `resolve`, whichever comes first. For an important or major complaint, a reply time agreed
//!   with the customer (`agree`, 协商约定制) replaces it; the latest agreement stands.
//! - `resolve`: for a general complaint, which the centre resolves itself, due 5 working days
//!   after receipt, at the same time of day; met by `resolve`. An important or major complaint
//!   has no such clock: it follows the final decision (5.1.10–5.1.14); nor has a general one
//!   escalated before it was resolved, which the centre could not settle alone (5.1.11).
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
//!
//! [`Calendar::next_working_moment`]: crate::domain::calendar::Calendar::next_working_moment

pub mod authority;
pub mod classify;
pub mod deadlines;
pub mod follow_ups;
pub mod life;

pub use authority::{Authorities, Authority, authorities, authority};
pub use classify::{
    Category, Channel, Class, Classification, Department, Flags, IMPORTANT_AMOUNT, MAJOR_AMOUNT,
    attitude_word, classify, parse_centres, parse_class,
};
pub use deadlines::{Clock, Deadline, Standing, deadlines};
pub use life::{
    Basis, DISSATISFIED_SCORE, Event, FAILED_RECTIFICATIONS_TO_REPLACE, Illegal, State, Status,
    Step, StepFacts, advance, beside_allowed, check_reclassify, check_reply_by, check_step,
    class_at, replay, resolved_once, voided_by,
};
