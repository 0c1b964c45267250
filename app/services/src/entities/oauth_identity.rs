use sea_orm::entity::prelude::*;

/// An account at an OAuth2/OIDC provider that signs a person in. `(provider, subject)` is unique.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oauth_identities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The provider's id in the configuration, e.g. `kakao`.
    pub provider: String,
    /// The provider's stable identifier of the person (the configured claim).
    pub subject: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
