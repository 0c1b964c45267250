use super::Stored;
use sea_orm::entity::prelude::*;

/// An expense claim: submitted, then approved (with its payment entry) or rejected.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expense_claims")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dong_code: String,
    pub submitted_by: i64,
    pub group_id: Option<i64>,
    pub payee: String,
    pub payee_type: Stored<domain::ledger::PayeeType>,
    pub purpose: String,
    pub category: Stored<domain::ledger::ExpenseCategory>,
    pub amount: i64,
    pub project_id: Option<i64>,
    pub idempotency_key: String,
    pub status: Stored<domain::ledger::ClaimStatus>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_reason: Option<String>,
    pub entry_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
