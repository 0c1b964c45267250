//! One module per page. A page reads its data through server functions (`crate::api`) and
//! renders it; it holds no rules of its own.

pub mod account;
pub mod admin;
pub mod api_docs;
pub mod assemblies;
pub mod bookings;
pub mod calls;
pub mod district;
pub mod dong;
pub mod expert;
pub mod fund;
pub mod groups;
pub mod home;
pub mod messages;
pub mod not_found;
pub mod notifications;
pub mod proposals;
pub mod search;
pub mod sign_in;
pub mod staff;
pub mod welfare;
