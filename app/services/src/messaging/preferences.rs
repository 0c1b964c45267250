//! What a person chose to hear about off the site: for each topic and channel, whether, and how
//! often — each with the consent that came with it (when, and the wording's version). Nothing
//! off the site is sent without it; turning a topic off withdraws it and keeps the record.

use super::{MessagingSettings, contacts};
use crate::entities::{Stored, message_preference};
use chrono::Utc;
use contract::dto::{MessagingView, PreferenceView};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::messaging::{self, Channel, Frequency, Topic};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// The channels a person can choose: every off-site one.
pub const OFFERED: [Channel; 2] = domain::messaging::OFF_SITE;

/// The messages section of the person's account page.
pub async fn view(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: &Actor,
) -> Result<MessagingView, AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let contacts = contacts::list(db, settings, actor.user_id).await?;
    let rows =
        message_preference::Entity::find().filter(message_preference::Column::UserId.eq(actor.user_id)).all(db).await?;
    let mut preferences = Vec::new();
    for channel in OFFERED {
        for topic in Topic::CHOOSABLE {
            let row = rows.iter().find(|r| r.topic.0 == topic && r.channel.0 == channel && r.withdrawn_at.is_none());
            preferences.push(PreferenceView {
                topic,
                channel,
                on: row.is_some(),
                frequency: row.map_or("at_once", |r| r.frequency.as_str()).to_owned(),
                weekday: row.and_then(|r| r.weekday).and_then(|d| u8::try_from(d).ok()),
                consented_on: row.map(|r| crate::time_fmt::seoul_date(r.consented_at)),
            });
        }
    }
    Ok(MessagingView {
        contacts,
        preferences,
        email_configured: settings.email_configured,
        alimtalk_configured: settings.alimtalk_configured,
        alimtalk_offered: settings.alimtalk_offered,
    })
}

/// Turns `topic` on for `channel` at `frequency` (consent given now, with today's wording: the box
/// ticked), or off (`None`: consent withdrawn). Turning on needs a confirmed address on the
/// channel; a change of frequency of what is on needs no new consent.
pub async fn set(
    db: &DatabaseConnection,
    settings: &MessagingSettings,
    actor: &Actor,
    topic: Topic,
    channel: Channel,
    frequency: Option<Frequency>,
    consent_ticked: bool,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    if !topic.is_choosable() || !OFFERED.contains(&channel) {
        return Err(AppError::NotFound);
    }
    let txn = crate::transaction::begin_write(db).await?;
    match frequency {
        None => withdraw(&txn, actor.user_id, topic, channel).await?,
        Some(frequency) => {
            if contacts::confirmed_address(&txn, settings, actor.user_id, channel).await?.is_none() {
                return Err(AppError::Conflict(ErrorCode::NoConfirmedAddress));
            }
            let now = Utc::now();
            let existing = message_preference::Entity::find()
                .filter(message_preference::Column::UserId.eq(actor.user_id))
                .filter(message_preference::Column::Topic.eq(Stored(topic)))
                .filter(message_preference::Column::Channel.eq(Stored(channel)))
                .one(&txn)
                .await?;
            // consent given once stays dated from when it was given; a change of frequency is not
            // a new consent
            let still_on = existing.as_ref().filter(|r| r.withdrawn_at.is_none());
            // consent is given by the person, in the box under the wording, never assumed
            if still_on.is_none() && !consent_ticked {
                return Err(AppError::input(domain::Field::Confirm, domain::InputRule::NotConfirmed));
            }
            message_preference::Entity::insert(message_preference::ActiveModel {
                user_id: Set(actor.user_id),
                topic: Set(Stored(topic)),
                channel: Set(Stored(channel)),
                frequency: Set(frequency.word().to_owned()),
                weekday: Set(frequency.weekday().map(i16::from)),
                consented_at: Set(still_on.map_or(now, |r| r.consented_at)),
                consent_version: Set(still_on
                    .map_or(messaging::CONSENT_VERSION, |r| r.consent_version.as_str())
                    .to_owned()),
                withdrawn_at: Set(None),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([
                    message_preference::Column::UserId,
                    message_preference::Column::Topic,
                    message_preference::Column::Channel,
                ])
                .update_columns([
                    message_preference::Column::Frequency,
                    message_preference::Column::Weekday,
                    message_preference::Column::ConsentedAt,
                    message_preference::Column::ConsentVersion,
                    message_preference::Column::WithdrawnAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Withdraws the person's consent to `topic` on `channel` (if given).
pub async fn withdraw(
    txn: &impl ConnectionTrait,
    user_id: i64,
    topic: Topic,
    channel: Channel,
) -> Result<(), AppError> {
    message_preference::Entity::update_many()
        .col_expr(message_preference::Column::WithdrawnAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(message_preference::Column::UserId.eq(user_id))
        .filter(message_preference::Column::Topic.eq(Stored(topic)))
        .filter(message_preference::Column::Channel.eq(Stored(channel)))
        .filter(message_preference::Column::WithdrawnAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// Whether `user_id` has `topic` on for `channel` now, and how often (`Account` is always on).
pub async fn frequency_of(
    db: &impl ConnectionTrait,
    user_id: i64,
    topic: Topic,
    channel: Channel,
) -> Result<Option<Frequency>, AppError> {
    if topic == Topic::Account {
        return Ok(Some(Frequency::AtOnce));
    }
    let row = message_preference::Entity::find()
        .filter(message_preference::Column::UserId.eq(user_id))
        .filter(message_preference::Column::Topic.eq(Stored(topic)))
        .filter(message_preference::Column::Channel.eq(Stored(channel)))
        .filter(message_preference::Column::WithdrawnAt.is_null())
        .one(db)
        .await?;
    Ok(row.and_then(|r| stored_frequency(&r)))
}

/// The frequency a row holds (the database's CHECKs keep it whole).
pub fn stored_frequency(row: &message_preference::Model) -> Option<Frequency> {
    let day = row.weekday.map(|d| d.to_string());
    Frequency::parse(&row.frequency, day.as_deref()).ok()
}
