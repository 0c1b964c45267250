//! Services: the only code that touches the database. Each public function is one use case,
//! checks `domain::authz` first, runs its writes in one transaction, and returns DTOs or
//! `AppError`.

pub mod assemblies;
pub mod audit;
pub mod bookings;
pub mod demo;
pub mod dong_search;
pub mod fund;
pub mod geo;
pub mod groups;
pub mod identity;
pub mod integrity;
pub mod media;
pub mod moderation;
pub mod notices;
pub mod paging;
pub mod places;
pub mod proposal_images;
pub mod proposals;
pub mod scale;
pub mod search;
pub mod time_fmt;
pub mod welfare;
