use sea_orm::entity::prelude::*;

/// A role a person holds, scoped to a district or a dong where the role has a scope.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_grants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// `resident`, `center_staff`, `expert` or `admin` (see `domain::roles` when it lands).
    pub role: String,
    pub district_code: Option<String>,
    pub dong_code: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
