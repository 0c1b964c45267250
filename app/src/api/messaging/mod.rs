//! Server functions for off-site messages: a person's addresses and what they receive (the
//! account page), confirming an address and unsubscribing by link (no sign-in: the link is the
//! proof), and the development outbox. Each parses its input into domain types, then makes one
//! service call.

/// `POST /unsubscribe/one-click` (RFC 8058).
#[cfg(feature = "ssr")]
pub mod routes;

use crate::dto::{DevMessage, MessagingView, UnsubscribeView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::auth;
#[cfg(feature = "ssr")]
use crate::api::edge::with_state;
#[cfg(feature = "ssr")]
use crate::domain::messaging::{Channel, EmailAddress, Frequency, Topic};
/// The messages section of the account page.
#[server(prefix = "/sf", endpoint = "messages")]
pub async fn load_messaging() -> Result<MessagingView, AppError> {
    with_state(|state| async move {
        let actor = auth::require_actor().await?;
        services::messaging::preferences::view(&state.db, &state.messaging, &actor).await
    })
    .await
}

/// Adds (or replaces) the person's e-mail address and sends it a confirmation link.
#[server(prefix = "/sf", endpoint = "messages/email")]
pub async fn add_email(email: String) -> Result<(), AppError> {
    with_state(|state| async move {
        let email = EmailAddress::parse(&email)?;
        let actor = auth::require_actor().await?;
        services::messaging::contacts::add_email(&state.db, &state.messaging, &actor, &email).await
    })
    .await
}

/// Removes the person's address for a channel (after the confirmation box).
#[server(prefix = "/sf", endpoint = "messages/remove")]
pub async fn remove_contact(channel: String, confirm: Option<String>) -> Result<(), AppError> {
    with_state(|state| async move {
        let channel = Channel::parse_off_site(&channel)?;
        crate::api::confirmed(&confirm)?;
        let actor = auth::require_actor().await?;
        services::messaging::contacts::remove(&state.db, &actor, channel).await
    })
    .await
}

/// Turns a topic on for a channel at a frequency, or off (`frequency` = `off`). Turning it on
/// anew needs the consent box ticked (the service decides whether it is anew); a change of
/// frequency of what is on does not.
#[server(prefix = "/sf", endpoint = "messages/preference")]
pub async fn set_preference(
    topic: String,
    channel: String,
    frequency: String,
    weekday: Option<String>,
    consent: Option<String>,
    was_on: Option<String>,
) -> Result<(), AppError> {
    with_state(|state| async move {
        let topic = Topic::parse_choosable(&topic)?;
        let channel = Channel::parse_off_site(&channel)?;
        let frequency = match frequency.trim() {
            "off" => None,
            word => Some(Frequency::parse(word, weekday.as_deref())?),
        };
        let _ = was_on; // the page's hint; whether the topic is on is the server's to know
        let consent = crate::api::ticked(&consent);
        let actor = auth::require_actor().await?;
        services::messaging::preferences::set(&state.db, &state.messaging, &actor, topic, channel, frequency, consent)
            .await
    })
    .await
}

/// Confirms the address the link `t` was sent to.
#[server(prefix = "/sf", endpoint = "messages/confirm")]
pub async fn confirm_contact(t: String) -> Result<(), AppError> {
    with_state(|state| async move { services::messaging::contacts::confirm(&state.db, t.trim()).await.map(|_| ()) })
        .await
}

/// What an unsubscribe link would turn off.
#[server(prefix = "/sf", endpoint = "messages/unsubscribe/preview")]
pub async fn load_unsubscribe(m: String, s: String) -> Result<UnsubscribeView, AppError> {
    with_state(|state| async move {
        services::messaging::unsubscribe::preview(&state.db, &state.messaging, m.trim(), s.trim()).await
    })
    .await
}

/// Uses an unsubscribe link (the page's button, with or without JavaScript).
#[server(prefix = "/sf", endpoint = "messages/unsubscribe")]
pub async fn unsubscribe(m: String, s: String) -> Result<UnsubscribeView, AppError> {
    with_state(|state| async move {
        services::messaging::unsubscribe::unsubscribe(&state.db, &state.messaging, m.trim(), s.trim()).await
    })
    .await
}

/// The development outbox: the caller's own messages; 404 in production.
#[server(prefix = "/sf", endpoint = "dev/outbox")]
pub async fn load_dev_outbox() -> Result<Vec<DevMessage>, AppError> {
    with_state(|state| async move {
        // development without SMTP only: where mail leaves, its links are the mailbox's alone
        if !state.site.development || state.messaging.email_configured {
            return Err(AppError::NotFound);
        }
        let actor = auth::require_actor().await?;
        services::messaging::dev::list(&state.db, &state.messaging, &actor).await
    })
    .await
}
