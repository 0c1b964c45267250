//! The application's edge: thin server functions (for the pages) and REST handlers (for
//! everyone else). Both parse input into domain types, call one service, and return DTOs.

#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};

pub mod assemblies;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod bookings;
#[cfg(feature = "ssr")]
pub(crate) mod edge;
#[cfg(feature = "ssr")]
pub mod exports;
pub mod fund;
pub mod geo;
pub mod groups;
pub mod identity;
pub mod messaging;
pub mod moderation;
#[cfg(feature = "ssr")]
pub mod multipart;
pub mod notices;
/// The plain HTTP routes, registered so that they can be listed.
#[cfg(feature = "ssr")]
pub mod plain;
#[cfg(feature = "ssr")]
pub mod prefs;
pub mod proposals;
/// `AppError` as `application/problem+json`: in `contract`, beside the error it answers.
#[cfg(feature = "ssr")]
pub use contract::problem;
#[cfg(feature = "ssr")]
pub mod rest;
pub mod search;
#[cfg(feature = "ssr")]
pub mod state;
pub mod welfare;

/// Every plain HTTP route of every feature — uploads, files, feeds, sign-in redirects,
/// preferences — listed, with the router that serves them (`server::http` merges it).
#[cfg(feature = "ssr")]
pub fn plain_routes() -> plain::PlainRoutes {
    plain::PlainRoutes::new()
        .merge(prefs::routes())
        .merge(identity::routes::routes())
        .merge(proposals::routes::routes())
        .merge(exports::routes())
        .merge(fund::routes::routes())
        .merge(bookings::routes::routes())
        .merge(messaging::routes::routes())
}

/// A checkbox as a form sends it: ticked when present as `on` (browsers), `true` or `1`.
#[cfg(feature = "ssr")]
pub(crate) fn ticked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| matches!(v, "on" | "true" | "1"))
}

/// The "I confirm" box of a destructive or irreversible action: ticked, or a 422 on `confirm`.
#[cfg(feature = "ssr")]
pub(crate) fn confirmed(v: &Option<String>) -> Result<(), crate::error::AppError> {
    if ticked(v) { Ok(()) } else { Err(crate::error::AppError::input(Field::Confirm, InputRule::NotConfirmed)) }
}
