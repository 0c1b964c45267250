use super::Stored;
use sea_orm::entity::prelude::*;

/// A recovery code one member of a dong's staff asked for, for an account that signs in online
/// and lost its way in. A second member of the same staff (neither the requester nor the person)
/// confirms it — the code is printed then — or someone of the staff withdraws it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recovery_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The person the code is for.
    pub user_id: i64,
    /// The dong whose staff asked (the person's dong at the time).
    pub dong_code: String,
    pub requested_by: i64,
    pub requested_at: DateTimeUtc,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    /// `confirmed` or `withdrawn`; `None` while it waits.
    pub outcome: Option<Stored<domain::identity::RecoveryOutcome>>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
