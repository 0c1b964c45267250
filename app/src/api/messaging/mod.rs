//! Server functions for off-site messages: a person's addresses and what they receive (the
//! account page), confirming an address and unsubscribing by link (no sign-in: the link is the
//! proof), the development outbox, and the center's call list (`calls…`: staff of the dong).
//! Each parses its input into domain types, then makes one service call.

/// `POST /unsubscribe/one-click` (RFC 8058).
#[cfg(feature = "ssr")]
pub mod routes;

use crate::dto::{CallListView, DevMessage, MessagingView, UnsubscribeView};
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

/// Adds (or replaces) the person's mobile number for KakaoTalk and sends it a six-digit code.
#[server(prefix = "/sf", endpoint = "messages/phone")]
pub async fn add_phone(phone: String) -> Result<(), AppError> {
    with_state(|state| async move {
        let phone = crate::domain::messaging::PhoneNumber::parse_mobile(&phone)?;
        let actor = auth::require_actor().await?;
        services::messaging::contacts::add_phone(&state.db, &state.messaging, &actor, &phone).await
    })
    .await
}

/// Confirms the person's waiting mobile number with the code sent to it.
#[server(prefix = "/sf", endpoint = "messages/phone/confirm")]
pub async fn confirm_phone(code: String) -> Result<(), AppError> {
    with_state(|state| async move {
        let code = crate::domain::messaging::PhoneCode::parse(&code)?;
        let actor = auth::require_actor().await?;
        services::messaging::contacts::confirm_phone(&state.db, &state.messaging, &actor, &code).await
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
        services::messaging::contacts::remove(&state.db, &state.messaging, &actor, channel).await
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
        // development only, and only while some channel stays on the server (the service shows
        // none of the channels that leave: their links and codes are the address owner's alone)
        if !state.site.development || (state.messaging.email_configured && state.messaging.alimtalk_configured) {
            return Err(AppError::NotFound);
        }
        let actor = auth::require_actor().await?;
        services::messaging::dev::list(&state.db, &state.messaging, &actor).await
    })
    .await
}

/// The center's call list of a dong (its staff).
#[server(prefix = "/sf", endpoint = "calls")]
pub async fn load_call_list(dong: String) -> Result<CallListView, AppError> {
    with_state(|state| async move {
        let dong = crate::domain::geo::DongCode::parse(&dong)?;
        let actor = auth::actor().await?;
        services::messaging::calls::page(&state.db, &state.messaging, actor.as_ref(), &dong).await
    })
    .await
}

pub use counter::{RecordCallRequest, record_call_request};

/// The counter's form has a box per topic, each an argument of the server function: more than
/// clippy's seven (the lint cannot be allowed on the function: the macro's browser side drops it).
#[allow(clippy::too_many_arguments)]
mod counter {
    use super::*;

    /// Records at the counter that a resident of the dong wants to be told by a call or a visit: the
    /// topics ticked (a box per topic, named by its word), their number if they gave one, and the
    /// consent box, ticked by the member of staff who heard it.
    #[server(prefix = "/sf", endpoint = "calls/record")]
    pub async fn record_call_request(
        dong: String,
        account: String,
        phone: Option<String>,
        consent: Option<String>,
        assemblies: Option<String>,
        my_proposals: Option<String>,
        my_groups: Option<String>,
        bookings: Option<String>,
        fund: Option<String>,
        welfare_receipt: Option<String>,
    ) -> Result<(), AppError> {
        with_state(|state| async move {
            use crate::domain::messaging::{PhoneNumber, parse_call_topics};
            let dong = crate::domain::geo::DongCode::parse(&dong)?;
            let user_id = crate::domain::identity::parse_account_number(&account)?;
            let ticked: Vec<&str> = [
                ("assemblies", &assemblies),
                ("my_proposals", &my_proposals),
                ("my_groups", &my_groups),
                ("bookings", &bookings),
                ("fund", &fund),
                ("welfare_receipt", &welfare_receipt),
            ]
            .into_iter()
            .filter(|(_, v)| crate::api::ticked(v))
            .map(|(word, _)| word)
            .collect();
            let topics: Vec<Topic> = parse_call_topics(&ticked)?;
            let phone = match phone.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(p) => Some(PhoneNumber::parse(p)?),
            };
            let consent = crate::api::ticked(&consent);
            let actor = auth::actor().await?;
            let input = services::messaging::calls::CallRequestInput { user_id, topics, phone, consent };
            services::messaging::calls::record(&state.db, &state.messaging, actor.as_ref(), &dong, input).await
        })
        .await
    }
}

/// Records that a resident asked to stop being called (after the confirmation box): their
/// number is removed.
#[server(prefix = "/sf", endpoint = "calls/withdraw")]
pub async fn withdraw_call_request(dong: String, account: String, confirm: Option<String>) -> Result<(), AppError> {
    with_state(|state| async move {
        let dong = crate::domain::geo::DongCode::parse(&dong)?;
        let user_id = crate::domain::identity::parse_account_number(&account)?;
        crate::api::confirmed(&confirm)?;
        let actor = auth::actor().await?;
        services::messaging::calls::withdraw(&state.db, actor.as_ref(), &dong, user_id).await
    })
    .await
}

/// Marks an entry of the call list told.
#[server(prefix = "/sf", endpoint = "calls/done")]
pub async fn call_done(entry_id: i64) -> Result<(), AppError> {
    with_state(|state| async move {
        let actor = auth::actor().await?;
        services::messaging::calls::done(&state.db, actor.as_ref(), entry_id).await
    })
    .await
}

/// Tries an undelivered message again (`how` = `retry`) or moves it to the call list (`call`).
#[server(prefix = "/sf", endpoint = "calls/rescue")]
pub async fn rescue_message(dong: String, message_id: i64, how: String) -> Result<(), AppError> {
    with_state(|state| async move {
        use services::messaging::calls::Rescue;
        let dong = crate::domain::geo::DongCode::parse(&dong)?;
        let how = match how.trim() {
            "retry" => Rescue::Retry,
            "call" => Rescue::Call,
            _ => return Err(AppError::input(crate::domain::Field::Step, crate::domain::InputRule::NotChosen)),
        };
        let actor = auth::actor().await?;
        services::messaging::calls::rescue(&state.db, actor.as_ref(), &dong, message_id, how).await
    })
    .await
}
