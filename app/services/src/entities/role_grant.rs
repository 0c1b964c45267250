use super::Stored;
use sea_orm::entity::prelude::*;

/// A role a person holds, scoped to a district (expert) or a dong (center staff).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_grants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// `center_staff`, `expert` or `admin` (see `domain::roles`).
    pub role: Stored<domain::roles::Role>,
    pub district_code: Option<String>,
    pub dong_code: Option<String>,
    pub created_at: DateTimeUtc,
    /// Who granted it; `None` for the operator CLI and the demo loader.
    pub granted_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
