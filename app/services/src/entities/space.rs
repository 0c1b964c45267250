use super::Stored;
use sea_orm::entity::prelude::*;

/// An open space of a community service center (book café, screening room, …), with its booking
/// rules. Retired spaces stay (`active = false`) so their bookings keep their history.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "spaces")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    pub name: String,
    /// `domain::booking::SpaceKind::as_str`.
    pub kind: Stored<domain::booking::SpaceKind>,
    pub capacity: i32,
    pub floor: String,
    pub step_free: bool,
    pub elevator: bool,
    pub accessible_toilet: bool,
    pub hearing_loop: bool,
    pub equipment: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub slot_minutes: i32,
    pub min_minutes: i32,
    pub max_minutes: i32,
    pub horizon_days: i32,
    pub min_notice_minutes: i32,
    /// `instant` or `required`.
    pub approval: Stored<domain::booking::Approval>,
    pub fee_per_hour: i64,
    pub group_waiver: bool,
    pub weekly_quota_person: Option<i32>,
    pub weekly_quota_group: Option<i32>,
    pub photo_key: Option<String>,
    pub photo_type: Option<String>,
    pub photo_alt: Option<String>,
    pub active: bool,
    /// Made by the demo loader (`uri-dongne demo remove` removes it).
    pub is_demo: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
