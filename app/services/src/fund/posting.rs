//! Posting to the ledger: the dong's lock, balances, balanced entries.

use super::{refusal, today};
use crate::entities::{fund, fund_month_total, journal_entry, journal_line};
use crate::search;
use chrono::Utc;
use contract::error::AppError;
use domain::geo::DongCode;
use domain::ledger::{Account, Balances, Entry, EntryDate, EntryKind, Month, Side};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, RelationDef, Set};
use std::collections::BTreeMap;

/// What an entry is, besides its lines.
pub struct EntryMeta {
    pub date: EntryDate,
    pub description: String,
    pub kind: EntryKind,
    pub project_id: Option<i64>,
    pub payee_type: Option<domain::ledger::PayeeType>,
    pub reverses: Option<i64>,
    pub recorded_by: i64,
    pub approved_by: Option<i64>,
}

impl EntryMeta {
    /// An entry dated today, recorded by `by`, about a project if `project` is given.
    pub fn today(kind: EntryKind, description: &str, by: i64, project: Option<i64>) -> Self {
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

/// Σ per account of the dong's month totals that `filter` keeps (debits positive).
pub(super) async fn sums(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    filter: impl FnOnce(sea_orm::Select<fund_month_total::Entity>) -> sea_orm::Select<fund_month_total::Entity>,
) -> Result<Balances, AppError> {
    let q = fund_month_total::Entity::find()
        .select_only()
        .column(fund_month_total::Column::Account)
        .column_as(Expr::cust("CAST(SUM(fund_month_totals.net) AS BIGINT)"), "net")
        .filter(fund_month_total::Column::DongCode.eq(dong.as_str()))
        .group_by(fund_month_total::Column::Account);
    let rows: Vec<(String, i64)> = filter(q).into_tuple().all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (code, net) in rows {
        out.push((stored_account(&code)?, net));
    }
    Ok(Balances::from_sums(out))
}

/// Each month's balances from `first` to `last` (inclusive).
pub(super) async fn months(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    first: Month,
    last: Month,
) -> Result<BTreeMap<Month, Balances>, AppError> {
    let rows: Vec<(String, String, i64)> = fund_month_total::Entity::find()
        .select_only()
        .column(fund_month_total::Column::Month)
        .column(fund_month_total::Column::Account)
        .column(fund_month_total::Column::Net)
        .filter(fund_month_total::Column::DongCode.eq(dong.as_str()))
        .filter(fund_month_total::Column::Month.gte(first.to_string()))
        .filter(fund_month_total::Column::Month.lte(last.to_string()))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_month: BTreeMap<Month, Vec<(Account, i64)>> = BTreeMap::new();
    for (month, code, net) in rows {
        by_month.entry(Month::parse(&month)?).or_default().push((stored_account(&code)?, net));
    }
    Ok(by_month.into_iter().map(|(m, sums)| (m, Balances::from_sums(sums))).collect())
}

/// Adds a posted entry's lines to the month totals (in the posting's transaction).
async fn add_to_totals(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    date: EntryDate,
    entry: &Entry,
) -> Result<(), AppError> {
    let mut by_account: BTreeMap<Account, i64> = BTreeMap::new();
    for l in entry.lines() {
        *by_account.entry(l.account).or_insert(0) += l.signed();
    }
    let month = date.month().to_string();
    fund_month_total::Entity::insert_many(by_account.into_iter().map(|(a, net)| fund_month_total::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        month: Set(month.clone()),
        account: Set(a.code()),
        net: Set(net),
    }))
    .on_conflict(
        OnConflict::columns([
            fund_month_total::Column::DongCode,
            fund_month_total::Column::Month,
            fund_month_total::Column::Account,
        ])
        .value(
            fund_month_total::Column::Net,
            Expr::col((fund_month_total::Entity, fund_month_total::Column::Net)).add(Expr::cust("excluded.net")),
        )
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Recomputes a dong's month totals from its journal (after rows were written or removed in
/// bulk: `seed-scale`, the demo's removal).
pub async fn rebuild_totals(txn: &impl ConnectionTrait, dong: &DongCode) -> Result<(), AppError> {
    fund_month_total::Entity::delete_many()
        .filter(fund_month_total::Column::DongCode.eq(dong.as_str()))
        .exec(txn)
        .await?;
    txn.execute_raw(sea_orm::Statement::from_sql_and_values(
        txn.get_database_backend(),
        match txn.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => TOTALS_OF_JOURNAL.replace('?', "$1"),
            _ => TOTALS_OF_JOURNAL.to_owned(),
        },
        [dong.as_str().into()],
    ))
    .await?;
    Ok(())
}

const TOTALS_OF_JOURNAL: &str = "INSERT INTO fund_month_totals (dong_code, month, account, net) \
     SELECT e.dong_code, substr(e.entry_date, 1, 7), l.account, CAST(SUM(l.debit) - SUM(l.credit) AS BIGINT) \
     FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id WHERE e.dong_code = ? \
     GROUP BY e.dong_code, substr(e.entry_date, 1, 7), l.account";

pub(super) fn stored_account(code: &str) -> Result<Account, AppError> {
    Account::parse(code).map_err(|_| {
        tracing::error!(account = code, "unknown account in the journal");
        AppError::Internal
    })
}

/// The fund's balances now (from the month totals, not the journal).
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
    let (meta_date, description) = (meta.date, meta.description.clone());
    let row = journal_entry::Entity::insert(journal_entry::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        entry_date: Set(meta.date.to_string()),
        description: Set(meta.description),
        kind: Set(meta.kind.into()),
        total: Set(entry.total()),
        project_id: Set(meta.project_id),
        payee_type: Set(meta.payee_type.map(Into::into)),
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
    add_to_totals(txn, dong, meta_date, entry).await?;
    let doc = search::Doc { kind: search::Kind::FundEntry, id, dong, title: &description, body: vec![] };
    search::index(txn, doc).await?;
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
