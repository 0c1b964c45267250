//! 우리동네 (Uri-dongne): the application crate. Compiled twice: with `ssr` into the server
//! binary, with `hydrate` into the browser's wasm. See docs/ARCHITECTURE.md.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod components;
pub mod dto;
pub mod error;
pub mod error_code;
pub mod i18n;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

pub use app::{App, PageEnv, shell};
/// The pure rules live in their own crate (`app/domain`), which depends on no framework; they are
/// re-exported so that every layer names them `crate::domain::…`.
pub use domain;
