use super::Stored;
use sea_orm::entity::prelude::*;

/// Someone's place in a group: organiser or member, active or waiting for approval.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// `organiser` or `member`.
    pub role: Stored<domain::group::MemberRole>,
    /// `active` or `pending`.
    pub state: Stored<domain::group::MemberState>,
    pub joined_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
