use sea_orm::entity::prelude::*;

/// A secret ballot: the item and the choice, under a random key. Deliberately nothing else —
/// no resident, no time — so it cannot be joined to a voter.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "secret_ballots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub item_id: i64,
    /// `domain::assembly::Choice` as JSON.
    pub choice: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
