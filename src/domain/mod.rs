//! The sales office's rules as plain functions over plain types: no database, no printing and
//! no clock. Commands load what a rule needs, call it, and store what it decides.

pub mod aftersales;
pub mod calendar;
pub mod codes;
pub mod commission;
pub mod complaint;
pub mod customer;
pub mod dates;
pub mod deal;
pub mod fairness;
pub mod field;
pub mod file_system;
pub mod filing;
pub mod import;
pub mod lookup;
pub mod money;
pub mod ownership;
pub mod phone;
pub mod reception;
pub mod register;
pub mod replica;
pub mod rotation;
pub mod steps;
pub mod survey;
pub mod text;
pub mod zone;
