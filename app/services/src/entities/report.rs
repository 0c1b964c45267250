use super::Stored;
use sea_orm::entity::prelude::*;

/// Someone's report of a proposal, comment or group, open until the expert decides.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `domain::moderation::TargetKind` in its stored form.
    pub target_kind: Stored<domain::moderation::TargetKind>,
    pub target_id: i64,
    pub dong_code: String,
    pub district_code: String,
    pub reporter_id: i64,
    /// `domain::moderation::ReportReason` in its stored form.
    pub reason: Stored<domain::moderation::ReportReason>,
    pub detail: String,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
