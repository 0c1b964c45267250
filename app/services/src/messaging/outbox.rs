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
    let now = Utc::now();
    let res = outbox_message::Entity::insert(outbox_message::ActiveModel {
        recipient_id: Set(message.recipient_id),
        channel: Set(message.channel.into()),
        topic: Set(message.topic.into()),
        event: Set(message.event.to_owned()),
        dedup_key: Set(message.dedup_key.chars().take(120).collect()),
        identity: Set(format!("{}@uri-dongne", uuid::Uuid::new_v4().simple())),
        payload: Set(message.payload.to_string()),
        state: Set(DeliveryState::Pending.into()),
        attempts: Set(0),
        not_before: Set(message.not_before),
        created_at: Set(now),
        ..Default::default()
    })
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
    Ok(res > 0)
}

/// Claims up to `limit` due messages for `worker` until `now + lease`: pending ones whose time has
/// come, and ones whose earlier claim ran out (their worker died). Each claim counts an attempt.
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, AppError> {
    let backend = db.get_database_backend();
    let until = now + lease;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // PostgreSQL numbers its parameters (`now` is used twice); SQLite takes them in order
    let (lock, p, values): (&str, [&str; 4], Vec<sea_orm::Value>) = match backend {
        DatabaseBackend::Postgres => (
            " FOR UPDATE SKIP LOCKED",
            ["$1", "$2", "$3", "$4"],
            vec![worker.into(), until.into(), now.into(), limit.into()],
        ),
        _ => ("", ["?", "?", "?", "?"], vec![worker.into(), until.into(), now.into(), now.into(), limit.into()]),
    };
    let sql = format!(
        "UPDATE outbox_messages SET state = 'sending', claimed_by = {w}, claimed_until = {u}, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox_messages \
           WHERE ((state = 'pending' AND not_before <= {n}) OR (state = 'sending' AND claimed_until <= {n})) \
           ORDER BY id LIMIT {l}{lock}) \
         RETURNING id",
        w = p[0],
        u = p[1],
        n = p[2],
        l = p[3],
    );
    let txn = crate::transaction::begin_write(db).await?;
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

/// Marks message `id` delivered, if `worker` still holds its claim; false when it does not (the
/// lease ran out and someone else took it).
pub async fn mark_sent(db: &impl ConnectionTrait, id: i64, worker: &str) -> Result<bool, AppError> {
    let res = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::State, Expr::value(Stored(DeliveryState::Sent)))
        .col_expr(outbox_message::Column::SentAt, Expr::value(Utc::now()))
        .col_expr(outbox_message::Column::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(outbox_message::Column::Id.eq(id))
        .filter(outbox_message::Column::State.eq(Stored(DeliveryState::Sending)))
        .filter(outbox_message::Column::ClaimedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records a failed try of message `id` by `worker`: it waits for its next try
/// (`messaging::retry_after_secs`), or, after the last, is marked failed for staff to see.
/// `error` is the far side's refusal in words (never an address or a number); false when the
/// worker no longer holds the claim.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: i64,
    worker: &str,
    now: DateTime<Utc>,
    error: &str,
) -> Result<bool, AppError> {
    let Some(m) = outbox_message::Entity::find_by_id(id).one(db).await? else { return Ok(false) };
    let attempts = u32::try_from(m.attempts).unwrap_or(u32::MAX);
    let (state, not_before) = match messaging::retry_after_secs(attempts) {
        Some(secs) => (DeliveryState::Pending, now + Duration::seconds(secs)),
        None => (DeliveryState::Failed, m.not_before),
    };
    let res = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::State, Expr::value(Stored(state)))
        .col_expr(outbox_message::Column::NotBefore, Expr::value(not_before))
        .col_expr(outbox_message::Column::LastError, Expr::value(error.chars().take(200).collect::<String>()))
        .col_expr(outbox_message::Column::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(outbox_message::Column::Id.eq(id))
        .filter(outbox_message::Column::State.eq(Stored(DeliveryState::Sending)))
        .filter(outbox_message::Column::ClaimedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
