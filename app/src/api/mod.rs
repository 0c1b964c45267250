//! The application's edge: thin server functions (for the pages) and REST handlers (for
//! everyone else). Both parse input into domain types, call one service, and return DTOs.

#[cfg(feature = "ssr")]
pub mod auth_routes;
pub mod dto;
pub mod geo;
pub mod identity;
pub mod participation;
#[cfg(feature = "ssr")]
pub mod prefs;
#[cfg(feature = "ssr")]
pub mod rest;
