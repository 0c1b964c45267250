//! Pure domain rules: no I/O, no framework. Everything here is unit-tested beside the code.
//!
//! Inputs are parsed into these types at the edge (server functions, REST handlers, the CLI, the
//! reference-data loader), so code further in never re-checks them.

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
pub mod lang;
pub mod ledger;
pub mod moderation;
pub mod money;
pub mod net;
pub mod oauth;
pub mod proposal;
pub mod receipt;
pub mod roles;
pub mod text;

/// A value that failed to parse into a domain type. The message is for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct ValidationError {
    pub field: &'static str,
    pub reason: String,
}

impl ValidationError {
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self { field, reason: reason.into() }
    }
}
