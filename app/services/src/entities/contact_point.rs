use super::Stored;
use sea_orm::entity::prelude::*;

/// A person's address for one off-site channel (migration `m20261208_000025_contacts`;
/// `services::messaging::contacts`): sealed, and confirmed once its owner followed the link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_points")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub channel: Stored<domain::messaging::Channel>,
    /// The address, padded and sealed under the server's key for `contact/<user>/<channel>`.
    pub address_sealed: String,
    pub verified_at: Option<DateTimeUtc>,
    /// SHA-256 (hex) of the confirmation link's secret, while one is waiting.
    pub token_digest: Option<String>,
    pub token_expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
