//! Services: the only code that touches the database. Each public function is one use case,
//! checks `domain::authz` first, runs its writes in one transaction, and returns DTOs or
//! `AppError`.

pub mod audit;
pub mod demo;
pub mod demo_participation;
pub mod geo;
pub mod groups;
pub mod identity;
pub mod moderation;
pub mod notices;
pub mod places;
pub mod proposals;
pub mod roles;
pub mod time_fmt;
