//! The commission of a deal (佣金, seed 003 §1.7, §5, §6 and §7) in two steps: [`roles`] reads
//! the register entries before the deal and finds who has a role in it (a designation, a
//! referrer, a leader, a spouse's rep, a customer who forgot their rep); [`shares`] pays them,
//! each share with its rule, always summing to 100 %, or leaves the deal to the project
//! manager's settlement (7.7).

pub mod roles;
pub mod shares;

pub use super::deal::CompanyDeal;
pub use roles::{Forgot, Midway, Roles};
pub use shares::{
    Party, Role, Rule, Share, Split, WHOLE, check_settlement, in_force, parse_percent, percent,
    shares,
};
