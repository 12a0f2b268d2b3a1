//! The read models several commands share: who a customer belongs to, a complaint with
//! everything its history says about it, a deal with its shares, the receipt of a reception, a
//! survey wave and its figures, a quality check as the due list shows it, a repair with its
//! clocks, and every report ([`reports`]), which the `report` command prints and the group
//! centre gathers from each project. Each gathers rows from the database rooms and hands them to
//! the rules; commands import these, never each other, and nothing here imports a command.

pub mod checks;
pub mod complaint_views;
pub mod deals;
pub mod fairness;
pub mod owners;
pub mod receipt;
pub mod repairs;
pub mod reports;
pub mod waves;
