use sea_orm::entity::prelude::*;

/// One entry of an item's counted paper ballots: the first, or a correction of the entry it
/// `corrects`. Append-only; the item's tally is the last entry of its line.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_tally_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub item_id: i64,
    pub ballots: i32,
    pub abstentions: i32,
    pub approve: i32,
    pub reject: i32,
    /// `{"<option id>": votes}`.
    pub options: String,
    pub entered_by: i64,
    pub entered_at: DateTimeUtc,
    pub corrects: Option<i64>,
    /// Budget items under equal shares: the ballots by set of projects marked, JSON
    /// `[[count, [option ids]], …]`.
    pub ballot_sets: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
