use super::Stored;
use sea_orm::entity::prelude::*;

/// An item on an assembly's agenda, with how it is decided.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assembly_id: i64,
    /// Order on the agenda (unique per assembly).
    pub position: i32,
    pub title: String,
    pub description: String,
    /// `approve_reject`, `single_choice`, `approval` or `budget`.
    pub kind: Stored<domain::assembly::ItemKind>,
    /// Approval voting: the most options a ballot may choose.
    pub approval_max: Option<i32>,
    /// Participatory budget: the amount to share, in won.
    pub budget_won: Option<i64>,
    /// Approve/reject items decide this proposal.
    pub proposal_id: Option<i64>,
    /// `domain::assembly::Outcome::as_str`, set at the close.
    pub outcome: Option<Stored<domain::assembly::OutcomeKind>>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
