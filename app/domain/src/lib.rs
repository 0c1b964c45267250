//! Pure domain rules: no I/O, no framework. Everything here is unit-tested beside the code.
//!
//! Inputs are parsed into these types at the edge (server functions, REST handlers, the CLI, the
//! reference-data loader), so code further in never re-checks them.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod assembly;
pub mod authz;
pub mod booking;
pub mod budgeting;
pub mod calendar;
pub mod category;
pub mod config_file;
pub mod geo;
pub mod group;
pub mod identity;
pub mod image;
pub mod image_meta;
pub mod input;
pub mod lang;
pub mod ledger;
pub mod moderation;
pub mod money;
pub mod net;
pub mod oauth;
pub mod padding;
pub mod proposal;
pub mod receipt;
pub mod roles;
pub mod search;
pub mod text;
pub mod welfare;

pub use input::{Field, Format, InputRule, SetupError, Unit, ValidationError};
