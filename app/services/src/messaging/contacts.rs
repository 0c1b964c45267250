//! A person's addresses off the site. An address is sealed at rest (`crypto::MessagingKeys`) and
//! never logged; nothing but its confirmation (a link to an e-mail address, a six-digit code to a
//! mobile number) is sent to it until its owner used that. Adding an address again replaces the
//! old one (and its confirmation); removing it ends what was waiting to be sent there. A confirmed
//! address that is replaced or removed is told so, in a message that carries it sealed.

use super::MessagingSettings;
use super::outbox::{self, NewMessage};
use crate::entities::{Stored, contact_confirmation, contact_point, outbox_message};
use chrono::{Duration, Utc};
use contract::dto::ContactView;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::messaging::{self, Channel, EmailAddress, PhoneCode, PhoneNumber, Topic};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};

/// The event of a confirmation message (a link, to an e-mail address).
pub const CONFIRM_EVENT: &str = "contact_confirm";
/// The event of a code sent to a phone number.
pub const PHONE_CODE_EVENT: &str = "phone_code";

/// The event of the message that tells a replaced address it was replaced (sent to that old
/// address, which its payload carries sealed).
pub const REPLACED_EVENT: &str = "address_replaced";
/// The event of the message that tells a removed address it was removed (carried the same way).
pub const REMOVED_EVENT: &str = "address_removed";

/// Whether a message carries its own address (sent there, not to the person's current one).
pub fn carries_address(event: &str) -> bool {
    event == REPLACED_EVENT || event == REMOVED_EVENT
}

/// Drops the address a sent message carried (it is kept only until sent).
pub async fn forget_carried_address(db: &impl ConnectionTrait, m: &super::outbox::Claimed) -> Result<(), AppError> {
    let mut payload: serde_json::Value = serde_json::from_str(&m.payload).unwrap_or_default();
    if let Some(o) = payload.as_object_mut() {
        o.remove("to_sealed");
    }
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Payload, Expr::value(payload.to_string()))
        .filter(outbox_message::Column::Id.eq(m.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Queues, to the confirmed address `old` the person had on `channel`, the message that says it
/// was replaced (by `new`, masked) or removed (`None`): whoever holds the session cannot move the
/// person's messages away, or stop them, unnoticed.
async fn tell_old_address(
    txn: &impl ConnectionTrait,
    settings: &MessagingSettings,
    user_id: i64,
    channel: Channel,
    old: &str,
    new: Option<&str>,
) -> Result<(), AppError> {
    let now = Utc::now();
    let event = if new.is_some() { REPLACED_EVENT } else { REMOVED_EVENT };
    let mut payload = serde_json::json!({
        // the old address travels with its message, sealed for it alone
        "to_sealed": settings.keys.seal_address(user_id, &replaced_place(channel), old)?,
    });
    if let Some(new) = new {
        payload["new_masked"] = serde_json::Value::String(masked_briefly(new));
    }
    // each change is told once: a key of its own
    outbox::enqueue(
        txn,
        NewMessage {
            recipient_id: user_id,
            channel,
            topic: Topic::Account,
            event,
            dedup_key: format!("{event}:{}", base64_token()?),
            payload,
            not_before: now,
        },
    )
    .await?;
    Ok(())
}

/// A new address as the old one is told of it: the first letter of an e-mail address and nothing
/// of its domain (which whoever typed it chose: no words of theirs in a trusted message), or the
/// number with its middle hidden.
fn masked_briefly(address: &str) -> String {
    if let Ok(p) = PhoneNumber::parse(address) {
        return p.masked();
    }
    let first: String = address.chars().take(1).collect();
    format!("{first}•••@•••")
}

fn replaced_place(channel: Channel) -> String {
    format!("{}:replaced", channel.as_str())
}

/// Where a message goes that carries its own address (`REPLACED_EVENT`): that address, opened.
pub fn carried_address(settings: &MessagingSettings, m: &super::outbox::Claimed) -> Result<Option<String>, AppError> {
    let Some(sealed) = super::compose::payload_str(m, "to_sealed") else { return Ok(None) };
    settings.keys.open_address(m.recipient_id, &replaced_place(m.channel.0), &sealed)
}

/// Whether a message confirms an address (the only kind sent to one not confirmed yet).
pub fn is_confirmation(event: &str) -> bool {
    event == CONFIRM_EVENT || event == PHONE_CODE_EVENT
}

/// Whether the confirmation `m` carries is still the one waiting at `now`: not replaced by a new
/// address or code, not used, not past its time. One that is not is dropped, never sent (a late
/// code is no use, and an old one must not reach a new number).
pub async fn confirmation_waits(
    db: &impl ConnectionTrait,
    m: &super::outbox::Claimed,
    now: chrono::DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(digest) = m.dedup_key.strip_prefix(&format!("{}:", m.event)) else { return Ok(false) };
    let row = row_of(db, m.recipient_id, m.channel.0).await?;
    Ok(row.is_some_and(|r| {
        r.verified_at.is_none()
            && r.token_digest.as_deref() == Some(digest)
            && r.token_expires_at.is_some_and(|t| t > now)
    }))
}

/// The person's row for `channel`, if any (one per person and channel).
async fn row_of(
    db: &impl ConnectionTrait,
    user_id: i64,
    channel: Channel,
) -> Result<Option<contact_point::Model>, AppError> {
    Ok(contact_point::Entity::find()
        .filter(contact_point::Column::UserId.eq(user_id))
        .filter(contact_point::Column::Channel.eq(Stored(channel)))
        .one(db)
        .await?)
}

/// One change of a person's addresses at a time: on PostgreSQL their row is locked for the
/// transaction (SQLite's write transaction already is one at a time).
async fn lock_person(txn: &impl ConnectionTrait, user_id: i64) -> Result<(), AppError> {
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        crate::entities::user::Entity::find_by_id(user_id).lock_exclusive().one(txn).await?;
    }
    Ok(())
}

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
    let token = base64_token()?;
    let digest = crate::crypto::sha256_hex(&token);
    let waiting = Waiting {
        channel: Channel::Email,
        address: email.as_str(),
        // one message per link: the digest names it, never the secret itself
        dedup_key: format!("{CONFIRM_EVENT}:{digest}"),
        digest,
        expires_at: Utc::now() + Duration::hours(messaging::CONFIRM_LINK_HOURS),
        event: CONFIRM_EVENT,
        payload: serde_json::json!({ "token_sealed": settings.keys.seal_link(actor.user_id, &token)? }),
    };
    add(db, settings, actor, waiting).await
}

/// Sets `phone` as the person's number for KakaoTalk (and text messages when KakaoTalk cannot
/// deliver), unconfirmed, and queues a six-digit code to it, valid for
/// `messaging::PHONE_CODE_MINUTES` and `messaging::PHONE_CODE_TRIES` wrong tries. The day's
/// limit is the e-mail links' (one count for both: each goes to something the person typed).
pub async fn add_phone(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: &Actor,
    phone: &PhoneNumber,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    if !settings.alimtalk_offered {
        return Err(AppError::Conflict(ErrorCode::ChannelNotOffered));
    }
    let code = six_digits()?;
    let digest = settings.keys.code_digest(actor.user_id, &code);
    let waiting = Waiting {
        channel: Channel::Alimtalk,
        address: phone.digits(),
        // one message per code; the digest is keyed, so the key says nothing of the code
        dedup_key: format!("{PHONE_CODE_EVENT}:{digest}"),
        digest,
        expires_at: Utc::now() + Duration::minutes(messaging::PHONE_CODE_MINUTES),
        event: PHONE_CODE_EVENT,
        payload: serde_json::json!({ "code_sealed": settings.keys.seal_link(actor.user_id, &code)? }),
    };
    add(db, settings, actor, waiting).await
}

/// An address to be confirmed, with its confirmation message.
struct Waiting<'a> {
    channel: Channel,
    address: &'a str,
    digest: String,
    expires_at: chrono::DateTime<Utc>,
    event: &'static str,
    dedup_key: String,
    payload: serde_json::Value,
}

/// Replaces the person's address for the channel by `w.address`, unconfirmed, and queues its
/// confirmation.
async fn add(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: &Actor,
    w: Waiting<'_>,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
    lock_person(&txn, actor.user_id).await?;
    let sent_today = contact_confirmation::Entity::find()
        .filter(contact_confirmation::Column::UserId.eq(actor.user_id))
        .filter(contact_confirmation::Column::CreatedAt.gt(now - Duration::days(1)))
        .count(&txn)
        .await?;
    // and per address: many accounts typing one stranger's number send it no more than one could
    // (on PostgreSQL those accounts' transactions queue on the address, as one's queue on its row)
    let target = settings.keys.target_digest(w.channel.as_str(), w.address);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [target.clone().into()],
        ))
        .await?;
    }
    let sent_there = contact_confirmation::Entity::find()
        .filter(contact_confirmation::Column::TargetDigest.eq(target.clone()))
        .filter(contact_confirmation::Column::CreatedAt.gt(now - Duration::days(1)))
        .count(&txn)
        .await?;
    if sent_today >= messaging::CONFIRMATIONS_PER_DAY || sent_there >= messaging::CONFIRMATIONS_PER_DAY {
        return Err(AppError::Conflict(ErrorCode::TooManyConfirmations { max: messaging::CONFIRMATIONS_PER_DAY }));
    }
    let channel = w.channel;
    let sealed = settings.keys.seal_address(actor.user_id, channel.as_str(), w.address)?;
    // the confirmed address being replaced, which is told (a person whose session someone else
    // holds learns that their messages now go elsewhere)
    let replaced = match row_of(&txn, actor.user_id, channel).await? {
        Some(old) if old.verified_at.is_some() => settings
            .keys
            .open_address(actor.user_id, channel.as_str(), &old.address_sealed)?
            .filter(|a| !a.eq_ignore_ascii_case(w.address)),
        _ => None,
    };
    contact_point::Entity::delete_many()
        .filter(contact_point::Column::UserId.eq(actor.user_id))
        .filter(contact_point::Column::Channel.eq(Stored(channel)))
        .exec(&txn)
        .await?;
    // what waited for the old address is not sent to the new one unconfirmed
    drop_waiting(&txn, actor.user_id, channel).await?;
    // an address replaced and taken back before its notice went: that notice is not sent
    drop_notices_to(&txn, settings, actor.user_id, channel, w.address).await?;
    contact_point::ActiveModel {
        user_id: Set(actor.user_id),
        channel: Set(Stored(channel)),
        address_sealed: Set(sealed),
        verified_at: Set(None),
        token_digest: Set(Some(w.digest.clone())),
        token_expires_at: Set(Some(w.expires_at)),
        code_tries: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    contact_confirmation::ActiveModel {
        user_id: Set(actor.user_id),
        created_at: Set(now),
        target_digest: Set(Some(target)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(old) = replaced {
        tell_old_address(&txn, settings, actor.user_id, channel, &old, Some(w.address)).await?;
    }
    outbox::enqueue(
        &txn,
        NewMessage {
            recipient_id: actor.user_id,
            channel,
            topic: Topic::Account,
            event: w.event,
            dedup_key: w.dedup_key,
            payload: w.payload,
            not_before: now,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Confirms the person's waiting phone number with the code they typed. A wrong code counts a
/// try; the last wrong one ends the code (the person asks for a new one). No code waiting, an
/// expired one or an ended one are one refusal, whichever it was.
pub async fn confirm_phone(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: &Actor,
    code: &PhoneCode,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let invalid = || AppError::Conflict(ErrorCode::PhoneCodeInvalid);
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
    lock_person(&txn, actor.user_id).await?;
    let row = row_of(&txn, actor.user_id, Channel::Alimtalk)
        .await?
        .filter(|r| r.verified_at.is_none() && r.token_expires_at.is_some_and(|t| t > now))
        .ok_or_else(invalid)?;
    let Some(waiting) = row.token_digest.clone() else { return Err(invalid()) };
    let given = settings.keys.code_digest(actor.user_id, code.as_str());
    if !crate::crypto::constant_time_eq(&given, &waiting) {
        let tries = u32::try_from(row.code_tries).unwrap_or(0) + 1;
        let mut update = contact_point::Entity::update_many()
            .col_expr(contact_point::Column::CodeTries, Expr::value(i16::try_from(tries).unwrap_or(i16::MAX)))
            .filter(contact_point::Column::Id.eq(row.id));
        if tries >= messaging::PHONE_CODE_TRIES {
            update = update
                .col_expr(contact_point::Column::TokenDigest, Expr::value(Option::<String>::None))
                .col_expr(contact_point::Column::TokenExpiresAt, Expr::value(Option::<chrono::DateTime<Utc>>::None));
        }
        update.exec(&txn).await?;
        txn.commit().await?;
        let left = messaging::PHONE_CODE_TRIES.saturating_sub(tries);
        return Err(if left == 0 {
            invalid()
        } else {
            AppError::Conflict(ErrorCode::PhoneCodeWrong { tries_left: left })
        });
    }
    contact_point::Entity::update_many()
        .col_expr(contact_point::Column::VerifiedAt, Expr::value(now))
        .col_expr(contact_point::Column::TokenDigest, Expr::value(Option::<String>::None))
        .col_expr(contact_point::Column::TokenExpiresAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .col_expr(contact_point::Column::CodeTries, Expr::value(0i16))
        .filter(contact_point::Column::Id.eq(row.id))
        .exec(&txn)
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
pub async fn remove(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: &Actor,
    channel: Channel,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let txn = crate::transaction::begin_write(db).await?;
    let confirmed = row_of(&txn, actor.user_id, channel).await?.filter(|r| r.verified_at.is_some());
    if let Some(old) = confirmed
        && let Some(address) = settings.keys.open_address(actor.user_id, channel.as_str(), &old.address_sealed)?
    {
        tell_old_address(&txn, settings, actor.user_id, channel, &address, None).await?;
    }
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

/// Deletes the waiting notices that would tell `address` it was replaced or removed (it is the
/// person's address again).
async fn drop_notices_to(
    txn: &impl ConnectionTrait,
    settings: &MessagingSettings,
    user_id: i64,
    channel: Channel,
    address: &str,
) -> Result<(), AppError> {
    let waiting = outbox_message::Entity::find()
        .filter(outbox_message::Column::RecipientId.eq(user_id))
        .filter(outbox_message::Column::Channel.eq(Stored(channel)))
        .filter(outbox_message::Column::Event.is_in([REPLACED_EVENT, REMOVED_EVENT]))
        .filter(outbox_message::Column::State.eq(Stored(messaging::DeliveryState::Pending)))
        .all(txn)
        .await?;
    for m in waiting {
        if carried_address(settings, &m)?.is_some_and(|a| a.eq_ignore_ascii_case(address)) {
            outbox_message::Entity::delete_by_id(m.id).exec(txn).await?;
        }
    }
    Ok(())
}

/// Deletes the person's messages on `channel` that were not sent yet (and are not being sent).
async fn drop_waiting(txn: &impl ConnectionTrait, user_id: i64, channel: Channel) -> Result<(), AppError> {
    outbox_message::Entity::delete_many()
        .filter(outbox_message::Column::RecipientId.eq(user_id))
        .filter(outbox_message::Column::Channel.eq(Stored(channel)))
        .filter(outbox_message::Column::State.eq(Stored(messaging::DeliveryState::Pending)))
        // what tells an old address it was replaced or removed goes there, whatever happens next
        .filter(outbox_message::Column::Event.is_not_in([REPLACED_EVENT, REMOVED_EVENT]))
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
    let Some(row) = row_of(db, user_id, channel).await? else { return Ok(None) };
    if confirmed_only && row.verified_at.is_none() {
        return Ok(None);
    }
    let opened = settings.keys.open_address(user_id, channel.as_str(), &row.address_sealed)?;
    if opened.is_none() {
        tracing::error!(contact = row.id, "a sealed address does not open");
    }
    Ok(opened)
}

/// An address as its owner's pages show it (`m•••@example.kr`, `010-••••-5678`); `•••` when there
/// is none to show.
pub fn masked(address: Option<String>) -> String {
    let Some(a) = address else { return "•••".to_owned() };
    if let Ok(email) = EmailAddress::parse(&a) {
        return email.masked();
    }
    PhoneNumber::parse(&a).map(|p| p.masked()).unwrap_or_else(|_| "•••".to_owned())
}

/// Six random digits, each as likely as the others.
fn six_digits() -> Result<String, AppError> {
    // 2^32 is not a multiple of 10^6: draw again above the last whole multiple
    const LIMIT: u32 = u32::MAX - (u32::MAX % 1_000_000);
    loop {
        let n = u32::from_le_bytes(crate::crypto::random_bytes::<4>()?);
        if n < LIMIT {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// 32 random bytes, base64url without padding (43 characters).
fn base64_token() -> Result<String, AppError> {
    use base64::Engine;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::crypto::random_bytes::<32>()?))
}
