use super::Stored;
use sea_orm::entity::prelude::*;

/// A journal entry of a dong's fund. Append-only (the database refuses updates and deletes).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "journal_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    /// `YYYY-MM-DD`, the day it took effect.
    pub entry_date: String,
    pub description: String,
    /// `income`, `expense`, `allocation`, `release` or `reversal`.
    pub kind: Stored<domain::ledger::EntryKind>,
    /// Σ debits = Σ credits.
    pub total: i64,
    pub project_id: Option<i64>,
    /// For payments: `person`, `business` or `organisation` (public; the payee's name is not).
    pub payee_type: Option<Stored<domain::ledger::PayeeType>>,
    pub reverses_entry_id: Option<i64>,
    pub recorded_by: i64,
    pub approved_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
