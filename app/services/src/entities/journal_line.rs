use sea_orm::entity::prelude::*;

/// One line of a journal entry: a debit or a credit of one account. Append-only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "journal_lines")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub entry_id: i64,
    /// An account code (`cash`, `allocation:3`, `income:donation`, …).
    pub account: String,
    pub debit: i64,
    pub credit: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
