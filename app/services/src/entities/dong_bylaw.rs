use super::Stored;
use sea_orm::entity::prelude::*;

/// A dong's assembly bylaws (`domain::assembly::Bylaws`); no row means the defaults.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dong_bylaws")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dong_code: String,
    /// `absolute` or `percent`.
    pub quorum_kind: Stored<domain::assembly::QuorumKind>,
    pub quorum_value: i32,
    /// `simple` or `two_thirds`.
    pub majority: Stored<domain::assembly::Majority>,
    pub abstentions_count: bool,
    pub minimum_age: i16,
    pub running_results_visible: bool,
    pub secret_ballot: bool,
    /// `greedy` or `equal_shares` (`domain::budgeting::PbRule`).
    pub pb_rule: Stored<domain::budgeting::PbRule>,
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
