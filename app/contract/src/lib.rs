//! What crosses the wire between 우리동네's server and its readers: the DTOs that server
//! functions and REST return (`dto`), the one error type (`error::AppError`) and the typed
//! refusals it carries (`error_code::ErrorCode`) with their Korean and English sentences.
//! Compiled into the server and into the browser's wasm; the server side of the wire (status codes,
//! database errors, OpenAPI schemas) is behind the `db` and `ssr` features. See
//! docs/ARCHITECTURE.md.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod dto;
pub mod error;
pub mod error_code;
#[cfg(feature = "ssr")]
pub mod problem;
