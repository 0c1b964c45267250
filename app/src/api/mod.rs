//! The application's edge: thin server functions (for the pages) and REST handlers (for
//! everyone else). Both parse input into domain types, call one service, and return DTOs.

pub mod assemblies;
#[cfg(feature = "ssr")]
pub mod auth_routes;
#[cfg(feature = "ssr")]
pub mod booking_http;
pub mod bookings;
pub mod dto;
#[cfg(feature = "ssr")]
pub mod exports;
pub mod fund;
#[cfg(feature = "ssr")]
pub mod fund_http;
pub mod geo;
pub mod identity;
#[cfg(feature = "ssr")]
pub mod media;
pub mod participation;
#[cfg(feature = "ssr")]
pub mod prefs;
#[cfg(feature = "ssr")]
pub mod rest;
