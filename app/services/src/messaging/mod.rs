//! Off-site messages (issue 42): the outbox every message passes through. What is sent to whom,
//! consent and preferences, and the channels' adapters build on it.

pub mod outbox;
