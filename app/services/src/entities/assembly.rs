use super::Stored;
use sea_orm::entity::prelude::*;

/// A resident general assembly (주민총회) of one dong, with the bylaws it runs under (copied
/// from the dong's when created, fixed at announcement).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assemblies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    pub district_code: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub venue: String,
    pub pre_voting_starts_at: Option<DateTimeUtc>,
    pub session_starts_at: DateTimeUtc,
    pub session_ends_at: DateTimeUtc,
    /// The district's expert who facilitates.
    pub facilitator_id: Option<i64>,
    /// The center's staff member who keeps the record.
    pub secretary_id: Option<i64>,
    /// `domain::assembly::AssemblyStatus` in its stored form.
    pub status: Stored<domain::assembly::AssemblyStatus>,
    pub quorum_kind: Stored<domain::assembly::QuorumKind>,
    pub quorum_value: i32,
    pub majority: Stored<domain::assembly::Majority>,
    pub abstentions_count: bool,
    pub minimum_age: i16,
    pub running_results_visible: bool,
    pub secret_ballot: bool,
    /// `greedy` or `equal_shares` (`domain::budgeting::PbRule`).
    pub pb_rule: Stored<domain::budgeting::PbRule>,
    /// Verified residents of the dong at announcement.
    pub eligible_count: Option<i32>,
    /// Participants an item needs, fixed at announcement.
    pub quorum_required: Option<i32>,
    /// Markdown, by the facilitator.
    pub minutes: Option<String>,
    pub minutes_published_at: Option<DateTimeUtc>,
    /// SHA-256 (hex) of `results_document`.
    pub results_digest: Option<String>,
    /// The canonical results (JSON), fixed at the close.
    pub results_document: Option<String>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Why it was cancelled (public), when `status` is `cancelled`.
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<DateTimeUtc>,
    /// When its times last changed after the announcement.
    pub rescheduled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
