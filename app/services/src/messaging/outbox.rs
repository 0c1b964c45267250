//! The durable outbox. A message is enqueued in the transaction of the event that causes it, so
//! it exists exactly when the event does; workers claim due messages for a lease, deliver them and
//! mark them. Delivery is at least once: a worker killed after the far side accepted a message and
//! before marking it leaves the claim to run out, and the message is sent again under the same
//! `identity`, which makes the repeat harmless there.
//!
//! Claims never overlap: on PostgreSQL a claim takes due rows `FOR UPDATE SKIP LOCKED` (two
//! servers take different rows and do not wait for each other); on SQLite the claim runs in a
//! write transaction, which SQLite runs one at a time.

use crate::entities::{Stored, outbox_message};
use chrono::{DateTime, Duration, Utc};
use contract::error::AppError;
use domain::messaging::{self, Channel, DeliveryState, Topic};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    Statement,
};

/// A message to enqueue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub recipient_id: i64,
    pub channel: Channel,
    pub topic: Topic,
    /// What happened, e.g. `assembly_announced`.
    pub event: &'static str,
    /// What it is about (e.g. `assembly:12:announced`): a person gets one message per channel
    /// and key, however often the step is taken.
    pub dedup_key: String,
    /// What writing it needs (ids and words, never a secret).
    pub payload: serde_json::Value,
    /// Not before (the quiet hours, a digest's time).
    pub not_before: DateTime<Utc>,
}

/// Writes `message` in `txn` (the event's own transaction); false when the person already has
/// this message on this channel (same key): it is not queued twice.
pub async fn enqueue(txn: &impl ConnectionTrait, message: NewMessage) -> Result<bool, AppError> {
    Ok(enqueue_many(txn, vec![message]).await? > 0)
}

/// Writes `messages` in `txn`, a few hundred rows a statement (a notice to a whole dong is
/// thousands); those a person already has (same channel and key) are skipped. Returns how many
/// were queued.
pub async fn enqueue_many(txn: &impl ConnectionTrait, messages: Vec<NewMessage>) -> Result<u64, AppError> {
    let now = Utc::now();
    let mut queued = 0;
    // 12 values a row: well under SQLite's 32,766 parameters a statement
    for chunk in messages.chunks(500) {
        queued += insert_chunk(txn, chunk, now).await?;
    }
    Ok(queued)
}

async fn insert_chunk(txn: &impl ConnectionTrait, chunk: &[NewMessage], now: DateTime<Utc>) -> Result<u64, AppError> {
    if chunk.is_empty() {
        return Ok(0);
    }
    let rows = chunk.iter().map(|message| outbox_message::ActiveModel {
        recipient_id: Set(message.recipient_id),
        channel: Set(message.channel.into()),
        topic: Set(message.topic.into()),
        event: Set(message.event.to_owned()),
        dedup_key: Set(dedup_column(&message.dedup_key)),
        identity: Set(format!("{}@uri-dongne", uuid::Uuid::new_v4().simple())),
        payload: Set(message.payload.to_string()),
        state: Set(DeliveryState::Pending.into()),
        attempts: Set(0),
        not_before: Set(message.not_before),
        created_at: Set(now),
        ..Default::default()
    });
    let res = outbox_message::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                outbox_message::Column::RecipientId,
                outbox_message::Column::Channel,
                outbox_message::Column::DedupKey,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    Ok(res)
}

/// The key as its column holds it (120 characters): a longer key keeps its start and a digest of
/// the whole, so two long keys that begin alike stay two messages.
pub(super) fn dedup_column(key: &str) -> String {
    if key.chars().count() <= 120 {
        return key.to_owned();
    }
    let start: String = key.chars().take(55).collect();
    format!("{start}#{}", crate::crypto::sha256_hex(key))
}

/// A claimed message: the row as the claim left it. Its `attempts` is the claim's number, which
/// `mark_sent` and `mark_failed` check, so a worker whose lease ran out cannot mark a later claim
/// of the same message, whatever its name.
pub type Claimed = outbox_message::Model;

/// Claims up to `limit` due messages on `channels` for `worker` until `now + lease`: pending ones whose time has
/// come, and ones whose earlier claim ran out (their worker died) while tries remain. Each claim
/// counts an attempt. A message whose last try's lease ran out is marked failed here.
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
    channels: &[Channel],
) -> Result<Vec<Claimed>, AppError> {
    claim_due(db, worker, now, lease, limit, channels, None).await
}

/// Claims, as [`claim`] does, the due messages of one person on one channel and topic: the rest
/// of a digest whose first messages a batch took, so that the digest goes as one letter.
pub async fn claim_rest_of(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    (recipient, channel, topic): (i64, Channel, Topic),
) -> Result<Vec<Claimed>, AppError> {
    claim_due(db, worker, now, lease, REST_OF_A_DIGEST, &[channel], Some((recipient, topic))).await
}

/// The most messages one digest letter takes from a later claim (a day's notices of one topic).
const REST_OF_A_DIGEST: u64 = 500;

async fn claim_due(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
    channels: &[Channel],
    only: Option<(i64, Topic)>,
) -> Result<Vec<Claimed>, AppError> {
    let backend = db.get_database_backend();
    if channels.is_empty() {
        return Ok(Vec::new());
    }
    // the channels' words are the enum's own, never input
    let channels = channels.iter().map(|c| format!("'{}'", c.as_str())).collect::<Vec<_>>().join(", ");
    let until = now + lease;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let max = i32::try_from(messaging::MAX_ATTEMPTS).unwrap_or(i32::MAX);
    // one person's topic: an account number and the enum's own word, never input
    let whose =
        only.map(|(recipient, topic)| format!(" AND recipient_id = {recipient} AND topic = '{}'", topic.as_str()));
    let due = format!(
        "channel IN ({channels}){} AND ((state = 'pending' AND not_before <= {{now}}) \
         OR (state = 'sending' AND claimed_until <= {{now}} AND attempts < {{max}}))",
        whose.unwrap_or_default()
    );
    let sql = match backend {
        // the rows are chosen once (a materialised CTE: a subquery in `WHERE id IN (…)` may be
        // run again by the planner and take more than `limit`), locked, and those another server
        // holds are skipped; the outer WHERE checks the state again
        DatabaseBackend::Postgres => format!(
            "WITH due AS MATERIALIZED (SELECT id FROM outbox_messages WHERE {due} \
               ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) \
             UPDATE outbox_messages o SET state = 'sending', claimed_by = $1, claimed_until = $2, \
               attempts = o.attempts + 1 \
             FROM due WHERE o.id = due.id AND o.state IN ('pending', 'sending') RETURNING o.id",
            due = due.replace("{now}", "$3").replace("{max}", "$5"),
        ),
        // SQLite runs write transactions one at a time: nothing to skip
        _ => format!(
            "UPDATE outbox_messages SET state = 'sending', claimed_by = ?1, claimed_until = ?2, \
               attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox_messages WHERE {due} ORDER BY id LIMIT ?4) RETURNING id",
            due = due.replace("{now}", "?3").replace("{max}", "?5"),
        ),
    };
    let worker: String = worker.chars().take(64).collect();
    let values: Vec<sea_orm::Value> = vec![worker.into(), until.into(), now.into(), limit.into(), max.into()];
    let txn = crate::transaction::begin_write(db).await?;
    // the last try's lease ran out: its worker died mid-send every time; staff see it
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::State, Expr::value(Stored(DeliveryState::Failed)))
        .col_expr(outbox_message::Column::LastError, Expr::value("the sending worker stopped on every try"))
        .col_expr(outbox_message::Column::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(outbox_message::Column::State.eq(Stored(DeliveryState::Sending)))
        .filter(outbox_message::Column::ClaimedUntil.lte(now))
        .filter(outbox_message::Column::Attempts.gte(max))
        .exec(&txn)
        .await?;
    let ids: Vec<i64> = txn
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .iter()
        .map(|row| row.try_get::<i64>("", "id"))
        .collect::<Result<_, _>>()?;
    txn.commit().await?;
    Ok(outbox_message::Entity::find()
        .filter(outbox_message::Column::Id.is_in(ids))
        .order_by_asc(outbox_message::Column::Id)
        .all(db)
        .await?)
}

/// Marks `claimed` delivered if this claim still holds (same worker, same attempt, still
/// sending); false when it does not (the lease ran out and the message was claimed again).
pub async fn mark_sent(db: &impl ConnectionTrait, claimed: &Claimed) -> Result<bool, AppError> {
    let res = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::State, Expr::value(Stored(DeliveryState::Sent)))
        .col_expr(outbox_message::Column::SentAt, Expr::value(Utc::now()))
        .col_expr(outbox_message::Column::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(still_held(claimed))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records a failed try of `claimed`: it waits for its next try (`messaging::retry_after_secs`
/// of this attempt), or, after the last, is marked failed for staff to see. `error` is the far
/// side's refusal in words (never an address or a number); `refused`: the far side surely did not
/// take it (counted in `failures`, which changes the provider's idempotency key: the retry is a
/// new request), else the retry repeats the request as it was. False when the claim no longer
/// holds.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    claimed: &Claimed,
    now: DateTime<Utc>,
    error: &str,
    refused: bool,
) -> Result<bool, AppError> {
    let attempts = u32::try_from(claimed.attempts).unwrap_or(u32::MAX);
    let (state, not_before) = match messaging::retry_after_secs(attempts) {
        Some(secs) => (DeliveryState::Pending, retry_at(claimed, now + Duration::seconds(secs))),
        None => (DeliveryState::Failed, claimed.not_before),
    };
    let res = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::State, Expr::value(Stored(state)))
        .col_expr(outbox_message::Column::NotBefore, Expr::value(not_before))
        .col_expr(outbox_message::Column::LastError, Expr::value(error.chars().take(200).collect::<String>()))
        .col_expr(
            outbox_message::Column::Failures,
            sea_orm::sea_query::ExprTrait::add(Expr::col(outbox_message::Column::Failures), i32::from(refused)),
        )
        .col_expr(outbox_message::Column::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(still_held(claimed))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// When a failed message is tried again, `at` at the earliest: what can wait also waits out the
/// quiet hours (a retry is no reason to wake anyone); an address's confirmation is awaited by
/// the person who typed it, so it does not.
pub(super) fn retry_at(m: &Claimed, at: DateTime<Utc>) -> DateTime<Utc> {
    use crate::time_fmt::{from_local_minute, local_minute};
    let urgency = domain::moderation::NoticeKind::parse(&m.event)
        .and_then(messaging::route)
        .map_or(messaging::Urgency::Urgent, |(_, urgency)| urgency);
    from_local_minute(messaging::send_at(local_minute(at), urgency)).max(at)
}

/// Gives back a claim not begun (the round ran short of its lease): the message is due again at
/// once, and the try is not counted.
pub async fn release(db: &impl ConnectionTrait, claimed: &Claimed) -> Result<bool, AppError> {
    let res = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::State, Expr::value(Stored(DeliveryState::Pending)))
        .col_expr(outbox_message::Column::Attempts, Expr::value(claimed.attempts.saturating_sub(1).max(0)))
        .col_expr(outbox_message::Column::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(still_held(claimed))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The claim `claimed` still holds: the same message, worker and attempt, still being sent.
fn still_held(claimed: &Claimed) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(outbox_message::Column::Id.eq(claimed.id))
        .add(outbox_message::Column::State.eq(Stored(DeliveryState::Sending)))
        .add(outbox_message::Column::ClaimedBy.eq(claimed.claimed_by.clone()))
        .add(outbox_message::Column::Attempts.eq(claimed.attempts))
}
