use sea_orm::entity::prelude::*;

/// An option of a single-choice, approval or budget item (a budget option is a project).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agenda_options")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_id: i64,
    pub position: i32,
    pub label: String,
    /// A budget project is an eligible proposal.
    pub proposal_id: Option<i64>,
    pub cost_won: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
