use sea_orm::entity::prelude::*;

/// A confirmation link sent to an address a person typed (migration `m20261208_000025_contacts`),
/// counted for the daily cap (`domain::messaging::CONFIRMATIONS_PER_DAY`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_confirmations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub created_at: DateTimeUtc,
    /// A keyed digest of where it went (`MessagingKeys::target_digest`; migration
    /// `m20261209_000027_phone_codes`), so the cap holds per address as well as per person.
    pub target_digest: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
