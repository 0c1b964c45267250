//! Services: the only code that touches the database. Each public function is one use case,
//! checks `domain::authz` first, runs its writes in one transaction, and returns DTOs or
//! `AppError`.

pub mod assemblies;
pub mod assembly_door;
pub mod assembly_notice;
pub mod assembly_results;
pub mod audit;
pub mod bookings;
pub mod calendar_feeds;
pub mod demo;
pub mod demo_assemblies;
pub mod demo_booking;
pub mod demo_fund;
pub mod demo_participation;
pub mod demo_remove;
pub mod fund;
pub mod fund_claims;
pub mod geo;
pub mod groups;
pub mod identity;
pub mod moderation;
pub mod notices;
pub mod places;
pub mod proposal_images;
pub mod proposals;
pub mod roles;
pub mod spaces;
pub mod time_fmt;
