use super::Stored;
use sea_orm::entity::prelude::*;

/// How many public proposals (published, not hidden) a dong has in one status and category. Kept
/// by triggers on `proposals` (migration `m20261205_000017_proposal_counts`), never written by
/// the application; the proposal list's total is a sum of these rows.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposal_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dong_code: String,
    pub district_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub status: Stored<domain::proposal::ProposalStatus>,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: Stored<domain::category::Category>,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
