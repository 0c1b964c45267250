use super::Stored;
use sea_orm::entity::prelude::*;

/// A topic a person turned on for an off-site channel, how often, and the consent that came with
/// it (migration `m20261208_000025_contacts`; `services::messaging::preferences`). Turned off, the
/// row stays with `withdrawn_at`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_preferences")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub topic: Stored<domain::messaging::Topic>,
    pub channel: Stored<domain::messaging::Channel>,
    /// `at_once`, `daily` or `weekly` (`domain::messaging::Frequency::word`).
    pub frequency: String,
    /// Monday 0 … Sunday 6, for a weekly digest.
    pub weekday: Option<i16>,
    pub consented_at: DateTimeUtc,
    /// `domain::messaging::CONSENT_VERSION` when consent was given.
    pub consent_version: String,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
