//! A person's addresses off the site. An address is sealed at rest (`crypto::MessagingKeys`) and
//! never logged; nothing but its confirmation link is sent to it until its owner followed that
//! link. Adding an address again replaces the old one (and its confirmation); removing it ends
//! what was waiting to be sent there.

use super::MessagingSettings;
use super::outbox::{self, NewMessage};
use crate::entities::{Stored, contact_confirmation, contact_point, outbox_message};
use chrono::{Duration, Utc};
use contract::dto::ContactView;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::messaging::{self, Channel, EmailAddress, Topic};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};

/// The event of a confirmation message.
pub const CONFIRM_EVENT: &str = "contact_confirm";

/// The person's addresses, masked.
pub async fn list(
    db: &impl ConnectionTrait,
    settings: &MessagingSettings,
    user_id: i64,
) -> Result<Vec<ContactView>, AppError> {
    let rows = contact_point::Entity::find().filter(contact_point::Column::UserId.eq(user_id)).all(db).await?;
    let mut out = Vec::new();
    for row in rows {
        let masked = masked(settings.keys.open_address(user_id, row.channel.0.as_str(), &row.address_sealed)?);
        out.push(ContactView { channel: row.channel.0, masked, verified: row.verified_at.is_some() });
    }
    out.sort_by_key(|c| c.channel.as_str());
    Ok(out)
}

/// Sets `email` as the person's e-mail address, unconfirmed, and queues its confirmation link
/// (valid for `messaging::CONFIRM_LINK_HOURS`). At most `messaging::CONFIRMATIONS_PER_DAY` links a
/// day, since each goes to an address the person typed.
pub async fn add_email(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: &Actor,
    email: &EmailAddress,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
    // one change of a person's addresses at a time (SQLite's write transaction already is)
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        crate::entities::user::Entity::find_by_id(actor.user_id).lock_exclusive().one(&txn).await?;
    }
    let sent_today = contact_confirmation::Entity::find()
        .filter(contact_confirmation::Column::UserId.eq(actor.user_id))
        .filter(contact_confirmation::Column::CreatedAt.gt(now - Duration::days(1)))
        .count(&txn)
        .await?;
    if sent_today >= messaging::CONFIRMATIONS_PER_DAY {
        return Err(AppError::Conflict(ErrorCode::TooManyConfirmations { max: messaging::CONFIRMATIONS_PER_DAY }));
    }
    let channel = Channel::Email;
    let sealed = settings.keys.seal_address(actor.user_id, channel.as_str(), email.as_str())?;
    let token = base64_token()?;
    let digest = crate::crypto::sha256_hex(&token);
    contact_point::Entity::delete_many()
        .filter(contact_point::Column::UserId.eq(actor.user_id))
        .filter(contact_point::Column::Channel.eq(Stored(channel)))
        .exec(&txn)
        .await?;
    // what waited for the old address is not sent to the new one unconfirmed
    drop_waiting(&txn, actor.user_id, channel).await?;
    contact_point::ActiveModel {
        user_id: Set(actor.user_id),
        channel: Set(Stored(channel)),
        address_sealed: Set(sealed),
        verified_at: Set(None),
        token_digest: Set(Some(digest.clone())),
        token_expires_at: Set(Some(now + Duration::hours(messaging::CONFIRM_LINK_HOURS))),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    contact_confirmation::ActiveModel { user_id: Set(actor.user_id), created_at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    outbox::enqueue(
        &txn,
        NewMessage {
            recipient_id: actor.user_id,
            channel,
            topic: Topic::Account,
            event: CONFIRM_EVENT,
            // one message per link: the digest names it, never the secret itself
            dedup_key: format!("{CONFIRM_EVENT}:{digest}"),
            payload: serde_json::json!({ "token_sealed": settings.keys.seal_link(actor.user_id, &token)? }),
            not_before: now,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Confirms the address whose link carries `token`; no sign-in needed (the link is the proof).
/// An unknown, used, replaced or expired link is one refusal, whichever it was.
pub async fn confirm(db: &DatabaseConnection, token: &str) -> Result<Channel, AppError> {
    let invalid = || AppError::Conflict(ErrorCode::ConfirmationLinkInvalid);
    if token.len() != 43 || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(invalid());
    }
    let digest = crate::crypto::sha256_hex(token);
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
    let row = contact_point::Entity::find()
        .filter(contact_point::Column::TokenDigest.eq(digest))
        .one(&txn)
        .await?
        .filter(|r| r.token_expires_at.is_some_and(|t| t > now))
        .ok_or_else(invalid)?;
    let channel = row.channel.0;
    // only while this very link still waits (a concurrent replacement or use makes it invalid)
    let done = contact_point::Entity::update_many()
        .col_expr(contact_point::Column::VerifiedAt, Expr::value(now))
        .col_expr(contact_point::Column::TokenDigest, Expr::value(Option::<String>::None))
        .col_expr(contact_point::Column::TokenExpiresAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(contact_point::Column::Id.eq(row.id))
        .filter(contact_point::Column::TokenDigest.eq(row.token_digest.clone()))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(invalid());
    }
    txn.commit().await?;
    Ok(channel)
}

/// Removes the person's address for `channel`, and what was waiting to be sent there. What they
/// chose stays, and applies again once they add and confirm a new address.
pub async fn remove(db: &DatabaseConnection, actor: &Actor, channel: Channel) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let txn = crate::transaction::begin_write(db).await?;
    let gone = contact_point::Entity::delete_many()
        .filter(contact_point::Column::UserId.eq(actor.user_id))
        .filter(contact_point::Column::Channel.eq(Stored(channel)))
        .exec(&txn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    drop_waiting(&txn, actor.user_id, channel).await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes the person's messages on `channel` that were not sent yet (and are not being sent).
async fn drop_waiting(txn: &impl ConnectionTrait, user_id: i64, channel: Channel) -> Result<(), AppError> {
    outbox_message::Entity::delete_many()
        .filter(outbox_message::Column::RecipientId.eq(user_id))
        .filter(outbox_message::Column::Channel.eq(Stored(channel)))
        .filter(outbox_message::Column::State.eq(Stored(messaging::DeliveryState::Pending)))
        .exec(txn)
        .await?;
    Ok(())
}

/// The confirmed address of `user_id` for `channel`, opened; `None` when there is none.
pub async fn confirmed_address(
    db: &impl ConnectionTrait,
    settings: &MessagingSettings,
    user_id: i64,
    channel: Channel,
) -> Result<Option<String>, AppError> {
    address(db, settings, user_id, channel, true).await
}

/// The address of `user_id` for `channel`, confirmed or (`confirmed_only` false) waiting.
pub async fn address(
    db: &impl ConnectionTrait,
    settings: &MessagingSettings,
    user_id: i64,
    channel: Channel,
    confirmed_only: bool,
) -> Result<Option<String>, AppError> {
    let Some(row) = contact_point::Entity::find()
        .filter(contact_point::Column::UserId.eq(user_id))
        .filter(contact_point::Column::Channel.eq(Stored(channel)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if confirmed_only && row.verified_at.is_none() {
        return Ok(None);
    }
    let opened = settings.keys.open_address(user_id, channel.as_str(), &row.address_sealed)?;
    if opened.is_none() {
        tracing::error!(contact = row.id, "a sealed address does not open");
    }
    Ok(opened)
}

/// An address as its owner's pages show it (`m•••@example.kr`); `•••` when there is none to show.
pub fn masked(address: Option<String>) -> String {
    address.and_then(|a| EmailAddress::parse(&a).ok()).map(|a| a.masked()).unwrap_or_else(|| "•••".to_owned())
}

/// 32 random bytes, base64url without padding (43 characters).
fn base64_token() -> Result<String, AppError> {
    use base64::Engine;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::crypto::random_bytes::<32>()?))
}
