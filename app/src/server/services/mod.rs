//! Services: the only code that touches the database. Each public function is one use case,
//! checks `domain::authz` first, runs its writes in one transaction, and returns DTOs or
//! `AppError`.

pub mod audit;
pub mod demo;
pub mod geo;
pub mod identity;
pub mod places;
pub mod roles;
pub mod time_fmt;
