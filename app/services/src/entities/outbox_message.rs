use super::Stored;
use sea_orm::entity::prelude::*;

/// One message to one person on one channel, waiting in the outbox or delivered (migrations
/// `m20261207_000024_outbox`, `m20261208_000025_contacts`; `services::messaging::outbox` writes and claims it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient_id: i64,
    pub channel: Stored<domain::messaging::Channel>,
    pub topic: Stored<domain::messaging::Topic>,
    /// What happened, e.g. `assembly_announced`.
    pub event: String,
    /// What it is about: one message per person, channel and key.
    pub dedup_key: String,
    /// Its stable name on the far side (`Message-ID`, the provider's idempotency key).
    pub identity: String,
    /// What the message needs to be written (ids and words, never a secret), as JSON.
    pub payload: String,
    pub state: Stored<domain::messaging::DeliveryState>,
    pub attempts: i32,
    pub not_before: DateTimeUtc,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    /// Tries that failed with a known outcome (migration `m20261209_000027_phone_codes`): the
    /// provider's idempotency key changes with it (`compose::Letter::request_key`).
    pub failures: i16,
    pub created_at: DateTimeUtc,
    /// When its unsubscribe link was used (a link works once).
    pub unsubscribed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
