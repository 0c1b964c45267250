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

pub use account::*;
pub use actors::*;
pub use codes::*;
pub use credentials::*;
pub use oauth::*;
pub use recovery::*;
pub use residents::*;
pub use tokens::*;

/// The name a deleted account shows where its content remains.
pub const DELETED_NAME: &str = "탈퇴한 주민 (deleted)";
