//! Welfare referrals (issue 20; docs/ARCHITECTURE.md, "Welfare referrals", with the threat
//! model): the dong's sections and their in-charge officials, referrals and the receipt's status,
//! the team's case work, proactive visiting lists, the published figures, and retention.
//!
//! Every case read goes through `cases` (authorized by `Action::ViewCases`, audited); the fields
//! that identify a household are sealed here and nowhere else (`Fields`).

pub mod cases;
pub mod figures;
pub mod referrals;
pub mod retention;
pub mod sections;

use crate::domain::roles::Role;
use crate::error::AppError;
use crate::server::crypto::WelfareVault;

/// The dong's welfare team: who works its cases.
pub const TEAM_ROLES: [Role; 2] = [Role::WelfareOfficer, Role::VisitingNurse];

/// The sealed fields of one case or log entry: each value is bound to its row and field
/// (`welfare-case/17/place`), so it cannot be moved to another.
pub(crate) struct Fields<'a> {
    vault: &'a WelfareVault,
    prefix: String,
}

impl<'a> Fields<'a> {
    pub(crate) fn of_case(vault: &'a WelfareVault, id: i64) -> Self {
        Self { vault, prefix: format!("welfare-case/{id}") }
    }

    pub(crate) fn of_activity(vault: &'a WelfareVault, id: i64) -> Self {
        Self { vault, prefix: format!("welfare-activity/{id}") }
    }

    pub(crate) fn seal(&self, field: &str, plain: &str) -> Result<String, AppError> {
        self.vault.seal(&format!("{}/{field}", self.prefix), plain)
    }

    /// The plaintext of a field; empty where the field is empty (never stored, or purged).
    pub(crate) fn open(&self, field: &str, sealed: Option<&str>) -> Result<String, AppError> {
        match sealed {
            Some(s) => self.vault.open(&format!("{}/{field}", self.prefix), s),
            None => Ok(String::new()),
        }
    }
}
