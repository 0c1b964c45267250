use super::Stored;
use sea_orm::entity::prelude::*;

/// A step in a proposal's timeline.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposal_id: i64,
    /// What happened (`domain::proposal::Event` in its stored form).
    pub event: Stored<domain::proposal::Event>,
    /// The status after it.
    pub status: Stored<domain::proposal::ProposalStatus>,
    pub actor_id: Option<i64>,
    /// A public note (the moderation reason, say).
    pub note: Option<String>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
