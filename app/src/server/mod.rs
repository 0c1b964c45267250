//! Server-only code (the `ssr` feature): database entities, services, application state.
//!
//! Dependency direction: `domain` ← `server::services` ← `api` ← `pages`/`components`.

pub mod entities;
pub mod problem;
pub mod services;
pub mod state;
