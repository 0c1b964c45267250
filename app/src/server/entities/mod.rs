//! One sea-orm entity per table. The schema itself is defined by the `migrations` crate, which
//! never imports these: a test (server/tests) checks that both agree by using every entity
//! against a migrated database.

pub mod center;
pub mod district;
pub mod dong;
pub mod role_grant;
pub mod user;
