//! The integration-test binary of the server crate: each test starts the real application (the
//! same router `uri-dongne serve` runs) on a fresh database, over real TCP.
//!
//! Every test runs against SQLite, and against PostgreSQL when `UD_TEST_POSTGRES_URL` names a
//! server (e.g. `postgres://postgres@127.0.0.1:5432/postgres`); `.ci/run` sets it. Each test gets
//! its own database, created and dropped here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod alimtalk;
mod assemblies;
mod assembly_agenda;
mod assembly_day;
mod assembly_lifecycle;
mod authz;
mod backup;
mod ballot_secrecy;
mod bookings;
mod budgeting;
mod calls;
mod crash;
mod demo;
mod duties;
mod fund;
mod geography;
mod http_stack;
mod identity;
mod images;
mod lifecycle;
mod limits;
mod malformed;
mod messaging;
mod messaging_crash;
mod messaging_events;
mod messaging_scale;
mod oauth;
mod operations;
mod outbox;
mod participation;
mod recovery;
mod redirects;
mod reports;
mod roles;
mod scale_out;
mod schema;
mod search;
mod secrets_at_rest;
mod welfare;
