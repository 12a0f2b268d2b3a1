//! The read models several commands share: who a customer belongs to, a complaint with
//! everything its history says about it, a survey wave and its figures. Each gathers rows from
//! the database rooms and hands them to the rules; commands import these, never each other.

pub mod complaint_views;
pub mod owners;
pub mod waves;
