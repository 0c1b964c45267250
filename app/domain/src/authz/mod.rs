//! The authorization policy: who may do what, where. Every rule of the platform is in `can`;
//! services call `require` before they touch anything, and the authorization matrix test
//! (`server/tests/integration/authz/`) checks every mutating endpoint against it.
//!
//! The policy is pure: it sees the actor's grants and residencies as loaded at the start of the
//! request (so a revocation takes effect on the next request) and the scope of the resource.

mod action;
mod actor;
mod policy;
mod scope;

pub use action::Action;
pub use actor::{Actor, Grant};
pub use policy::{Denied, can};
pub use scope::{PREPARED_DAYS, Scope};

/// Helpers the tests of several files share.
#[cfg(test)]
mod fixtures {
    use super::{Actor, Grant};
    use crate::geo::{DistrictCode, DongCode};

    pub(super) fn dong(s: &str) -> DongCode {
        DongCode::parse(s).unwrap()
    }
    pub(super) fn district(s: &str) -> DistrictCode {
        DistrictCode::parse(s).unwrap()
    }
    pub(super) fn actor(grants: Vec<Grant>) -> Actor {
        Actor { user_id: 7, grants, residencies: vec![], organises: vec![], blocked_in: vec![] }
    }

    pub(super) const SINCHON: &str = "1141069000";
    pub(super) const YEONHUI: &str = "1141071000";
    pub(super) const SEODAEMUN: &str = "1141000000";
    pub(super) const MAPO: &str = "1144000000";
}
