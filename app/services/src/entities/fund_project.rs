use super::Stored;
use sea_orm::entity::prelude::*;

/// What an allocation is earmarked for: an assembly-approved proposal or a budget winner, or a
/// project staff set up.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "fund_projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    pub title: String,
    pub proposal_id: Option<i64>,
    pub assembly_id: Option<i64>,
    /// The amount the assembly gave it (its cost as voted); none for projects staff set up.
    pub decided_won: Option<i64>,
    /// `planned`, `in_progress` or `done`.
    pub status: Stored<domain::ledger::ProjectStatus>,
    /// Opened by the demo loader (`uri-dongne demo remove` removes it).
    pub is_demo: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
