//! People and how they sign in: actors for the policy, counter registration and sign-in codes,
//! OAuth identities, residency verification, the account (settings, export, deletion) and
//! personal access tokens.
//!
//! `actor: Option<&Actor>` parameters take `None` only from the operator CLI, which acts with the
//! machine's authority; every request path passes the signed-in actor and is checked by
//! `authz::can` first.

mod account;
mod actors;
mod codes;
mod credentials;
mod oauth;
mod recovery;
mod residents;
pub mod roles;
mod tokens;

pub use account::{account, delete_account, export, unlink_identity, update_account};
pub use actors::{load_actor, load_session_actor, me, verified_residents};
pub use codes::{CITY_HALL_DONG, NewResident, SignedIn, register_resident, reissue_code, sign_in_with_code};

pub(crate) use codes::{release_attempts, reserve_attempt, reserve_place};

pub use credentials::{credential_epoch, end_credentials};
pub use oauth::{ProviderIdentity, oauth_user, preferred_lang, stay_signed_in};
pub use recovery::{confirm_recovery, pending_recoveries, request_recovery, withdraw_recovery};
pub(crate) use residents::names_of;
pub use residents::{end_own_residency, end_residency, staff_dong, verify_resident};

pub use tokens::{MAX_TOKENS, authenticate_token, create_token, revoke_token};

/// The name a deleted account shows where its content remains.
pub const DELETED_NAME: &str = "탈퇴한 주민 (deleted)";
