use super::Stored;
use sea_orm::entity::prelude::*;

/// A resident proposal (주민제안) for one dong.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    pub district_code: String,
    pub author_id: i64,
    /// Submitted on behalf of this group (by one of its organisers).
    pub group_id: Option<i64>,
    pub title: String,
    /// Markdown.
    pub problem: String,
    /// Markdown.
    pub solution: String,
    pub category: Stored<domain::category::Category>,
    pub cost_won: Option<i64>,
    pub location: Option<String>,
    /// `domain::proposal::ProposalStatus` in its stored form.
    pub status: Stored<domain::proposal::ProposalStatus>,
    pub hidden: bool,
    /// The public reason of the last moderation decision (`None` while hidden by reports alone).
    pub moderation_reason: Option<String>,
    /// The dong's threshold when the proposal was published (rules do not change mid-way).
    pub support_threshold: i32,
    pub supports_count: i32,
    pub comments_count: i32,
    pub created_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
