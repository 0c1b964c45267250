//! Server-only code (the `ssr` feature): database entities, services, application state.
//!
//! Dependency direction: `domain` ← `server::services` ← `api` ← `pages`/`components`.

pub mod auth;
pub mod crypto;
pub mod db;
pub mod entities;
pub mod markdown;
pub mod media;
pub mod oauth;
pub mod problem;
pub mod services;
pub mod session_store;
pub mod state;
