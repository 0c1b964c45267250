//! 우리동네 (Uri-dongne)'s web layer: pages, components, server functions and REST handlers.
//! Compiled twice: with `ssr` into the server binary (calling the `services` crate), with
//! `hydrate` into the browser's wasm. See docs/ARCHITECTURE.md.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod api;
mod app;
pub mod components;
pub mod i18n;
pub mod pages;

pub use app::{App, PageEnv, shell};
/// What crosses the wire (DTOs, `AppError`, refusal codes) is its own crate (`app/contract`),
/// shared with the server side; every layer here names it `crate::dto`, `crate::error`, ….
pub use contract::{dto, error, error_code};
/// The pure rules live in their own crate (`app/domain`), which depends on no framework; they are
/// re-exported so that every layer names them `crate::domain::…`.
pub use domain;
