use sea_orm::entity::prelude::*;

/// A resident who asked at the counter to be told by a call or a visit (migration
/// `m20261208_000026_reminders`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The dong whose center keeps the list.
    pub dong_code: String,
    /// The topics' words, comma-separated (`domain::messaging::parse_call_topics`).
    pub topics: String,
    /// The number, sealed as an address is (`MessagingKeys::seal_address`, channel `call`).
    pub phone_sealed: Option<String>,
    pub consented_at: DateTimeUtc,
    pub consent_version: String,
    /// The member of staff who heard the consent.
    pub recorded_by: i64,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
