//! Off-site messages (issue 42). A notice of the site (`notices::notify`) also queues, in the same
//! transaction, a message for each person who turned its topic on for a channel where they have
//! a confirmed address (`fanout`); workers in every app server claim due messages from the
//! outbox, write them in the person's language (`compose`) and hand them to the channel's
//! courier (`courier`: SMTP, NHN Cloud's KakaoTalk API, or the development outbox).
//!
//! - `calls`: the center's call list, for residents told by a call or a visit;
//! - `contacts`: a person's addresses, sealed at rest, confirmed (an e-mail address by a link, a
//!   phone number by a six-digit code) before anything else is sent to them, removable;
//! - `preferences`: topic × channel × frequency, each with the consent given for it;
//! - `unsubscribe`: the signed link in every message, which turns that topic off once, without
//!   signing in;
//! - `reminders`: notices sent because a time draws near (the session in 48 and 2 hours, with a
//!   calendar entry; pre-voting closing, to those who have not voted; a booking the next day),
//!   each once for its time;
//! - `worker`: one round of delivery, and the loop the server runs.

pub mod calls;
pub mod compose;
pub mod contacts;
pub mod courier;
pub mod dev;
pub mod fanout;
pub mod outbox;
pub mod preferences;
pub mod reminders;
pub mod unsubscribe;
pub mod worker;

use crate::crypto::MessagingKeys;
use crate::entities::{
    call_list_entry, call_request, contact_confirmation, contact_point, message_preference, outbox_message,
};
use contract::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Removes everything off-site of a person whose account is deleted (the account's row stays, so
/// the tables' cascades do not run): addresses, choices with their consent, confirmations older
/// than a day (younger ones hold the per-address cap), and
/// the outbox's messages, sent or waiting, and the center's call list and request (with the
/// number).
pub async fn forget(txn: &impl ConnectionTrait, user_id: i64) -> Result<(), AppError> {
    contact_point::Entity::delete_many().filter(contact_point::Column::UserId.eq(user_id)).exec(txn).await?;
    message_preference::Entity::delete_many().filter(message_preference::Column::UserId.eq(user_id)).exec(txn).await?;
    // the last day's stay (a keyed digest of where each went, no address): they are the daily cap
    // per address, which deleting an account must not reset
    contact_confirmation::Entity::delete_many()
        .filter(contact_confirmation::Column::UserId.eq(user_id))
        .filter(contact_confirmation::Column::CreatedAt.lte(chrono::Utc::now() - chrono::Duration::days(1)))
        .exec(txn)
        .await?;
    outbox_message::Entity::delete_many().filter(outbox_message::Column::RecipientId.eq(user_id)).exec(txn).await?;
    call_request::Entity::delete_many().filter(call_request::Column::UserId.eq(user_id)).exec(txn).await?;
    call_list_entry::Entity::delete_many().filter(call_list_entry::Column::UserId.eq(user_id)).exec(txn).await?;
    Ok(())
}

/// What the messaging services need from configuration.
#[derive(Clone, Debug)]
pub struct MessagingSettings {
    /// Seals addresses, signs unsubscribe links (derived from `UD_SECRET`).
    pub keys: MessagingKeys,
    /// The site's public address, for links in messages (`UD_PUBLIC_URL`), without a trailing `/`.
    pub public_url: String,
    /// Whether e-mail leaves the server (SMTP configured) or stays in the development outbox.
    pub email_configured: bool,
    /// Whether KakaoTalk messages leave the server (a provider configured).
    pub alimtalk_configured: bool,
    /// Whether numbers for KakaoTalk are taken: a provider is configured, or this is a
    /// development server (whose messages stay at `/dev/outbox`). Production without a provider
    /// takes none: its codes would never arrive.
    pub alimtalk_offered: bool,
    /// How long a worker's claim holds (`UD_MESSAGE_LEASE_SECS`, default
    /// [`worker::LEASE_SECS`]): after a server dies mid-send, its messages wait this long.
    pub lease: chrono::Duration,
}

impl MessagingSettings {
    /// Whether messages on `channel` leave the server (so the development outbox must not show
    /// them: its confirmation links and codes are the address owner's alone).
    pub fn delivers(&self, channel: domain::messaging::Channel) -> bool {
        match channel {
            domain::messaging::Channel::Email => self.email_configured,
            domain::messaging::Channel::Alimtalk => self.alimtalk_configured,
            domain::messaging::Channel::InApp => false,
        }
    }

    pub fn new(secret: &str, public_url: &str, email_configured: bool) -> Self {
        Self {
            keys: MessagingKeys::new(secret.as_bytes()),
            public_url: public_url.trim_end_matches('/').to_owned(),
            email_configured,
            alimtalk_configured: false,
            alimtalk_offered: false,
            lease: chrono::Duration::seconds(worker::LEASE_SECS),
        }
    }
}
