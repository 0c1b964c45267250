//! What staff record: income, and reversals of an entry.

use super::posting::{EntryMeta, lock, post, post_locked, stored_account};
use super::today;
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{journal_entry, journal_line};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::Field;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::ledger::{Entry, EntryDate, EntryKind, IncomeCategory, Line, Side, Won};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

/// Income as staff record it.
pub struct NewIncome {
    pub date: EntryDate,
    pub description: String,
    pub category: IncomeCategory,
    pub amount: Won,
}

impl NewIncome {
    pub fn parse(date: &str, description: &str, category: &str, amount: &str) -> Result<Self, AppError> {
        Ok(NewIncome {
            date: EntryDate::parse_not_after(date, today())?,
            description: domain::text::bounded(Field::Description, description, 2, 300, false)?,
            category: IncomeCategory::parse(category)?,
            amount: Won::parse(amount)?,
        })
    }
}

/// Records income (center staff). Returns the entry's id.
pub async fn record_income(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    income: NewIncome,
) -> Result<i64, AppError> {
    authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let entry = Entry::income(income.category, income.amount);
    let txn = crate::transaction::begin_write(db).await?;
    let id = post(
        &txn,
        dong,
        &entry,
        EntryMeta { date: income.date, ..EntryMeta::today(EntryKind::Income, &income.description, me.user_id, None) },
    )
    .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::FundEntryRecorded,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "entry": id, "kind": "income", "amount": income.amount.get() }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub(super) async fn find_entry(db: &impl ConnectionTrait, id: i64) -> Result<journal_entry::Model, AppError> {
    journal_entry::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// The dong whose fund an entry is in.
pub async fn dong_of_entry(db: &impl ConnectionTrait, id: i64) -> Result<DongCode, AppError> {
    Ok(DongCode::parse(&find_entry(db, id).await?.dong_code)?)
}

/// The stored entry as the domain's.
async fn entry_of(db: &impl ConnectionTrait, id: i64) -> Result<Entry, AppError> {
    let rows = journal_line::Entity::find().filter(journal_line::Column::EntryId.eq(id)).all(db).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for l in rows {
        let account = stored_account(&l.account)?;
        let (side, amount) = if l.debit > 0 { (Side::Debit, l.debit) } else { (Side::Credit, l.credit) };
        lines.push(Line { account, side, amount: Won::new(amount)? });
    }
    Entry::new(lines).map_err(|e| {
        tracing::error!(entry = id, error = %e, "a stored entry does not balance");
        AppError::Internal
    })
}

/// Corrects an entry with its reversal (center staff); the reason is public. Returns the id of
/// the reversal. An entry is reversed at most once; a reversal is not itself reversed (record the
/// right entry instead).
pub async fn reverse(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    entry_id: i64,
    reason: &str,
) -> Result<i64, AppError> {
    let original = find_entry(db, entry_id).await?;
    let dong = DongCode::parse(&original.dong_code)?;
    authz::can(actor, Action::RecordFundEntry, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let reason = domain::text::bounded(Field::Reason, reason, 2, 200, false)?;
    if original.kind == EntryKind::Reversal {
        return Err(AppError::Conflict(ErrorCode::ReversalOfReversal));
    }
    let entry = entry_of(db, entry_id).await?.reversal();
    let txn = crate::transaction::begin_write(db).await?;
    lock(&txn, &dong).await?;
    let already =
        journal_entry::Entity::find().filter(journal_entry::Column::ReversesEntryId.eq(entry_id)).count(&txn).await?;
    if already > 0 {
        return Err(AppError::Conflict(ErrorCode::AlreadyReversed));
    }
    let id = post_locked(
        &txn,
        &dong,
        &entry,
        EntryMeta {
            reverses: Some(entry_id),
            ..EntryMeta::today(
                EntryKind::Reversal,
                &format!("{} — {reason}", original.description),
                me.user_id,
                original.project_id,
            )
        },
    )
    .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::FundEntryReversed,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "entry": id, "reverses": entry_id, "reason": reason }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}
