//! The read models several commands share: who a customer belongs to, a complaint with
//! everything its history says about it, a deal with its shares, the receipt of a reception, a
//! survey wave and its figures, a quality check as the due list shows it, a repair with its
//! clocks. Each gathers rows from
//! the database rooms and hands them to the rules; commands import these, never each other.

pub mod checks;
pub mod complaint_views;
pub mod deals;
pub mod owners;
pub mod receipt;
pub mod repairs;
pub mod waves;
