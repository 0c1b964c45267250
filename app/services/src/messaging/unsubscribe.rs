//! The link in every message whose topic can be turned off: `?m=<identity>&s=<signature>`. It
//! turns that topic off on that channel for the person the message went to, without signing in,
//! once (a second use says it was used). The signature is the server's (HMAC of the identity),
//! so a link cannot be made for another message, and every link that is not one the platform
//! sent gets one and the same refusal: it says nothing of who has an account.

use super::{MessagingSettings, preferences};
use crate::entities::outbox_message;
use chrono::Utc;
use contract::dto::UnsubscribeView;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

fn invalid() -> AppError {
    AppError::Conflict(ErrorCode::UnsubscribeLinkInvalid)
}

async fn message(
    db: &impl sea_orm::ConnectionTrait,
    settings: &MessagingSettings,
    identity: &str,
    signature: &str,
) -> Result<outbox_message::Model, AppError> {
    if identity.len() > 64 || signature.len() != 32 || !settings.keys.link_signed(identity, signature) {
        return Err(invalid());
    }
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Identity.eq(identity))
        .one(db)
        .await?
        .filter(|m| m.topic.0.is_choosable())
        .ok_or_else(invalid)
}

/// What the link would turn off (shown before it is used).
pub async fn preview(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    identity: &str,
    signature: &str,
) -> Result<UnsubscribeView, AppError> {
    let m = message(db, settings, identity, signature).await?;
    Ok(UnsubscribeView { topic: m.topic.0, channel: m.channel.0, used: m.unsubscribed_at.is_some() })
}

/// Turns the message's topic off on its channel for its recipient (consent withdrawn now); a link
/// used before changes nothing and says so (`used`).
pub async fn unsubscribe(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    identity: &str,
    signature: &str,
) -> Result<UnsubscribeView, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let m = message(&txn, settings, identity, signature).await?;
    let view = UnsubscribeView { topic: m.topic.0, channel: m.channel.0, used: m.unsubscribed_at.is_some() };
    if m.unsubscribed_at.is_none() {
        preferences::withdraw(&txn, m.recipient_id, m.topic.0, m.channel.0).await?;
        outbox_message::ActiveModel {
            id: sea_orm::Unchanged(m.id),
            unsubscribed_at: Set(Some(Utc::now())),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(view)
}
