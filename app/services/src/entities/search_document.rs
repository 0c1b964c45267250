use super::Stored;
use sea_orm::entity::prelude::*;

/// One searchable thing's text as the search index reads it (`domain::search`). SQLite indexes
/// `title_terms` and `body_terms` in the FTS5 table `search_fts` (kept in step by triggers);
/// PostgreSQL in the generated column `terms` (a `tsvector`, not mapped here: only SQL reads it).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `proposal`, `group`, `assembly` or `fund_entry` (`services::search::Kind`).
    pub kind: Stored<crate::search::Kind>,
    pub entity_id: i64,
    pub dong_code: String,
    pub district_code: String,
    /// Lower-cased, spaces collapsed: what query words are checked against.
    pub text: String,
    pub title_terms: String,
    pub body_terms: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
