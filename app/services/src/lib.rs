//! 우리동네's server side: the only crate that touches the database. Each public function of a
//! feature's module (`assemblies`, `bookings`, `fund`, …) is one use case: it checks
//! `domain::authz` first, runs its writes in one transaction, and returns DTOs or `AppError`
//! (both from `contract`). Beside the use cases: the tables (`entities`), what keeps secrets
//! (`crypto`), the uploaded files (`storage`), and the seeders of demo and benchmark data
//! (`seed`). It knows nothing of HTTP or pages: the web layer (`app`) calls it. See
//! docs/ARCHITECTURE.md.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

/// The database handle the web layer passes to every use case (it has no sea-orm of its own: it
/// cannot query a table, only call a service).
pub use sea_orm::DatabaseConnection;

// Infrastructure the use cases share.
pub mod crypto;
pub mod entities;
pub mod markdown;
pub mod oauth_provider;
pub mod session_store;
pub mod storage;
pub mod transaction;

/// Demo data (`UD_DEMO`) and the Seoul-sized benchmark data (`uri-dongne seed-scale`): not use
/// cases, so not beside them.
pub mod seed {
    pub mod demo;
    pub mod scale;
}

// The use cases, one module per feature.
pub mod assemblies;
pub mod audit;
pub mod bookings;
pub mod dong_search;
pub mod fund;
pub mod geo;
pub mod groups;
pub mod identity;
pub mod integrity;
pub mod messaging;
pub mod moderation;
pub mod notices;
pub mod paging;
pub mod places;
pub mod proposal_images;
pub mod proposals;
pub mod search;
pub mod time_fmt;
pub mod welfare;
