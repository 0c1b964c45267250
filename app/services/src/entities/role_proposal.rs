use super::Stored;
use sea_orm::entity::prelude::*;

/// A welfare role one administrator proposed for a person, which a second administrator (not the
/// proposer, not the grantee) confirms — the grant is made then — or turns down.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub grantee_id: i64,
    /// `welfare_officer`, `visiting_nurse` or `welfare_supervisor` (see `domain::roles`).
    pub role: Stored<domain::roles::Role>,
    /// The role's district (for a dong's role, the dong's district).
    pub district_code: String,
    /// The dong of an officer's or nurse's role; `None` for a supervisor.
    pub dong_code: Option<String>,
    pub proposed_by: i64,
    pub proposed_at: DateTimeUtc,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    /// `confirmed` or `declined`; `None` while it waits.
    pub outcome: Option<Stored<domain::roles::ProposalOutcome>>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
