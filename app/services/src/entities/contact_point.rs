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
    /// While a confirmation waits: SHA-256 (hex) of the link's secret (e-mail), or the keyed
    /// digest of the six-digit code (`MessagingKeys::code_digest`: a table reader cannot try the
    /// million codes without the server's key).
    pub token_digest: Option<String>,
    pub token_expires_at: Option<DateTimeUtc>,
    /// Wrong codes typed for the code that waits (migration `m20261209_000027_phone_codes`).
    pub code_tries: i16,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
