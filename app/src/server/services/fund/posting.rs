//! Posting to the ledger: the dong's lock, balances, balanced entries.

use super::{refusal, today};
use crate::domain::geo::DongCode;
use crate::domain::ledger::{Account, Balances, Entry, EntryDate, Side};
use crate::error::AppError;
use crate::server::entities::{fund, journal_entry, journal_line};
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationDef, Set};

/// What an entry is, besides its lines.
pub struct EntryMeta {
    pub date: EntryDate,
    pub description: String,
    pub kind: &'static str,
    pub project_id: Option<i64>,
    pub payee_type: Option<&'static str>,
    pub reverses: Option<i64>,
    pub recorded_by: i64,
    pub approved_by: Option<i64>,
}

impl EntryMeta {
    /// An entry dated today, recorded by `by`, about a project if `project` is given.
    pub fn today(kind: &'static str, description: &str, by: i64, project: Option<i64>) -> Self {
        EntryMeta {
            date: today(),
            description: description.chars().take(300).collect(),
            kind,
            project_id: project,
            payee_type: None,
            reverses: None,
            recorded_by: by,
            approved_by: None,
        }
    }
}

/// Takes the fund's lock for the rest of the transaction (creating the fund on first use).
pub async fn lock(txn: &impl ConnectionTrait, dong: &DongCode) -> Result<(), AppError> {
    fund::Entity::insert(fund::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        version: Set(0),
        created_at: Set(Utc::now()),
    })
    .on_conflict(OnConflict::column(fund::Column::DongCode).do_nothing().to_owned())
    .exec_without_returning(txn)
    .await?;
    fund::Entity::update_many()
        .col_expr(fund::Column::Version, sea_orm::sea_query::ExprTrait::add(Expr::col(fund::Column::Version), 1))
        .filter(fund::Column::DongCode.eq(dong.as_str()))
        .exec(txn)
        .await?;
    Ok(())
}

/// Σ debits − Σ credits of the grouped lines, as a BIGINT on both databases (PostgreSQL's SUM of
/// a bigint is a numeric).
pub(super) fn net_of_lines() -> Expr {
    Expr::cust("CAST(COALESCE(SUM(journal_lines.debit), 0) - COALESCE(SUM(journal_lines.credit), 0) AS BIGINT)")
}

pub(super) fn lines_to_entries() -> RelationDef {
    journal_line::Entity::belongs_to(journal_entry::Entity)
        .from(journal_line::Column::EntryId)
        .to(journal_entry::Column::Id)
        .into()
}

/// Σ per account of the dong's entries that `filter` keeps (debits positive).
pub(super) async fn sums(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    filter: impl FnOnce(sea_orm::Select<journal_line::Entity>) -> sea_orm::Select<journal_line::Entity>,
) -> Result<Balances, AppError> {
    let q = journal_line::Entity::find()
        .select_only()
        .column(journal_line::Column::Account)
        .column_as(net_of_lines(), "net")
        .join(JoinType::InnerJoin, lines_to_entries())
        .filter(journal_entry::Column::DongCode.eq(dong.as_str()))
        .group_by(journal_line::Column::Account);
    let rows: Vec<(String, i64)> = filter(q).into_tuple().all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (code, net) in rows {
        out.push((stored_account(&code)?, net));
    }
    Ok(Balances::from_sums(out))
}

pub(super) fn stored_account(code: &str) -> Result<Account, AppError> {
    Account::parse(code).map_err(|_| {
        tracing::error!(account = code, "unknown account in the journal");
        AppError::Internal
    })
}

/// The fund's balances now.
pub async fn balances(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Balances, AppError> {
    sums(db, dong, |q| q).await
}

/// Posts `entry` in `txn`, which must already hold the fund's lock; refuses it (a conflict the
/// person can act on) if it would overdraw. Returns the entry's id.
pub(crate) async fn post_locked(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    entry: &Entry,
    meta: EntryMeta,
) -> Result<i64, AppError> {
    let mut b = balances(txn, dong).await?;
    b.post(entry).map_err(refusal)?;
    let row = journal_entry::Entity::insert(journal_entry::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        entry_date: Set(meta.date.to_string()),
        description: Set(meta.description),
        kind: Set(meta.kind.to_owned()),
        total: Set(entry.total()),
        project_id: Set(meta.project_id),
        payee_type: Set(meta.payee_type.map(str::to_owned)),
        reverses_entry_id: Set(meta.reverses),
        recorded_by: Set(meta.recorded_by),
        approved_by: Set(meta.approved_by),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    let id = row.last_insert_id;
    journal_line::Entity::insert_many(entry.lines().iter().map(|l| journal_line::ActiveModel {
        entry_id: Set(id),
        account: Set(l.account.code()),
        debit: Set(if l.side == Side::Debit { l.amount.get() } else { 0 }),
        credit: Set(if l.side == Side::Credit { l.amount.get() } else { 0 }),
        ..Default::default()
    }))
    .exec_without_returning(txn)
    .await?;
    Ok(id)
}

/// Locks the fund and posts, in `txn`.
pub(crate) async fn post(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    entry: &Entry,
    meta: EntryMeta,
) -> Result<i64, AppError> {
    lock(txn, dong).await?;
    post_locked(txn, dong, entry, meta).await
}
