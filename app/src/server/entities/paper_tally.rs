use sea_orm::entity::prelude::*;

/// The counted paper ballots of one item, as staff entered them.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_tallies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: i64,
    pub ballots: i32,
    pub abstentions: i32,
    pub approve: i32,
    pub reject: i32,
    /// `{"<option id>": votes}`.
    pub options: String,
    pub entered_by: i64,
    pub entered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
