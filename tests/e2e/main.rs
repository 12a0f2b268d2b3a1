//! End-to-end tests: the real `salesdesk` binary on a temporary database, one command line at a
//! time, the way the clerk and the cron jobs use it. One file per command group.

mod harness;

mod aftersales;
mod backup;
mod calendar;
mod clock;
mod complaint;
mod crash;
mod customer;
mod database;
mod deal;
mod demo;
mod export;
mod files;
mod group;
mod hostile;
mod hostile_files;
mod import;
mod lang;
mod layers;
mod output;
mod period;
mod platform;
mod readme;
mod register;
mod rep;
mod replica;
mod report;
mod roster;
mod security;
mod shell;
mod survey;
mod terminal;
mod upgrade;
mod visit;
mod workbook;
