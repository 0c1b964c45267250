use super::Stored;
use sea_orm::entity::prelude::*;

/// A resident group (주민모임) of one dong.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resident_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    pub district_code: String,
    pub name: String,
    /// Markdown.
    pub purpose: String,
    /// `domain::category::Category` in its stored form.
    pub category: Stored<domain::category::Category>,
    pub meeting_pattern: String,
    /// `domain::group::Membership` in its stored form.
    pub membership: Stored<domain::group::Membership>,
    /// Active members, kept with every change of `group_members`.
    pub members_count: i32,
    /// Set when staff or the expert registered it as a resident group of the center.
    pub registered_at: Option<DateTimeUtc>,
    pub registered_by: Option<i64>,
    pub hidden: bool,
    /// The public reason of the last moderation decision.
    pub moderation_reason: Option<String>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
