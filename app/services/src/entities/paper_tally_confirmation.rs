use sea_orm::entity::prelude::*;

/// A second person's confirmation of a paper tally entry (never its author: the database
/// checks). Append-only.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_tally_confirmations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub entry_id: i64,
    /// The entry's author, copied (and checked against the entry by a foreign key).
    pub entered_by: i64,
    pub confirmed_by: i64,
    pub confirmed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
