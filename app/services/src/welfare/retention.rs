//! Keeping cases no longer than needed, and keys turning over.
//!
//! - `purge`: a case closed longer ago than the city's retention period (`UD_WELFARE_RETENTION_YEARS`,
//!   default 3) loses every sealed field — what identified the household, what the neighbour
//!   said, the log's findings. What remains is what the figures count: dong, month, stage, whether
//!   it was visited or linked. The server runs it every hour; `uri-dongne welfare purge` runs it
//!   at once.
//! - `reseal`: after a new key is put first in `UD_WELFARE_KEYS`, re-seals every value still
//!   under an older key, so that key can then be removed (`uri-dongne welfare reseal`). It also
//!   pads every value sealed before padding (`Fields`), so after one run no stored value tells
//!   more by its length than its bucket.

use super::{CASE_SEALED, Fields, sealed_values};
use crate::audit::{self, AuditAction, AuditScope};
use crate::crypto::WelfareVault;
use crate::entities::{welfare_activity, welfare_case};
use crate::welfare::WelfareSettings;
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::welfare::{self, Stage};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Removes the sealed fields of every case whose retention is over at `now`. Returns how many
/// cases were purged.
pub async fn purge(db: &DatabaseConnection, years: u32, now: DateTime<Utc>) -> Result<u64, AppError> {
    let candidates: Vec<(i64, Option<DateTime<Utc>>)> = welfare_case::Entity::find()
        .select_only()
        .column(welfare_case::Column::Id)
        .column(welfare_case::Column::ClosedAt)
        .filter(welfare_case::Column::Stage.eq(Stage::Closed.as_str()))
        .filter(welfare_case::Column::PurgedAt.is_null())
        .filter(welfare_case::Column::ClosedAt.lte(now))
        .into_tuple()
        .all(db)
        .await?;
    let due: Vec<i64> = candidates
        .into_iter()
        .filter(|(_, closed)| closed.is_some_and(|c| welfare::retention_over(c.timestamp(), years, now.timestamp())))
        .map(|(id, _)| id)
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let txn = crate::transaction::begin_write(db).await?;
    let mut purged = 0;
    for chunk in due.chunks(500) {
        welfare_activity::Entity::update_many()
            .col_expr(welfare_activity::Column::Findings, Expr::value(Option::<String>::None))
            .filter(welfare_activity::Column::CaseId.is_in(chunk.to_vec()))
            .exec(&txn)
            .await?;
        let mut emptied = welfare_case::Entity::update_many();
        for (col, _) in CASE_SEALED {
            emptied = emptied.col_expr(col, Expr::value(Option::<String>::None));
        }
        purged += emptied
            .col_expr(welfare_case::Column::PurgedAt, Expr::value(now))
            .filter(welfare_case::Column::Id.is_in(chunk.to_vec()))
            .filter(welfare_case::Column::PurgedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
    }
    audit::record(
        &txn,
        None,
        AuditAction::CasesPurged,
        AuditScope::city(),
        None,
        serde_json::json!({ "cases": purged, "retention_years": years }),
    )
    .await?;
    txn.commit().await?;
    Ok(purged)
}

/// How many rows one re-seal transaction takes: a city's cases never hold the write lock at once.
const RESEAL_BATCH: u64 = 200;

/// Re-seals under the current key, padded, every case field and log entry still sealed under an
/// older one or not padded, a batch of cases (and their logs) per transaction. Returns how many values were
/// re-sealed.
///
/// Each value is swapped only if the row still holds what was read (a purge or another re-seal
/// meanwhile wins): a purged field is never written back.
pub async fn reseal(db: &DatabaseConnection, welfare: &WelfareSettings) -> Result<u64, AppError> {
    let vault = &welfare.vault;
    let mut count = 0u64;
    let mut after = 0;
    loop {
        let cases = welfare_case::Entity::find()
            .filter(welfare_case::Column::Id.gt(after))
            .filter(welfare_case::Column::PurgedAt.is_null())
            .order_by_asc(welfare_case::Column::Id)
            .limit(RESEAL_BATCH)
            .all(db)
            .await?;
        let Some(last) = cases.last() else { break };
        after = last.id;
        let log = welfare_activity::Entity::find()
            .filter(welfare_activity::Column::CaseId.is_in(cases.iter().map(|c| c.id)))
            .filter(welfare_activity::Column::Findings.is_not_null())
            .all(db)
            .await?;
        let txn = crate::transaction::begin_write(db).await?;
        for c in &cases {
            let fields = Fields::of_case(vault, c.id);
            for ((col, name), value) in CASE_SEALED.into_iter().zip(sealed_values(c)) {
                if let Some((sealed, fresh)) = resealed(vault, &fields, name, value)? {
                    count +=
                        swap::<welfare_case::Entity>(&txn, welfare_case::Column::Id, c.id, col, sealed, fresh).await?;
                }
            }
        }
        for a in &log {
            let fields = Fields::of_activity(vault, a.id);
            if let Some((sealed, fresh)) = resealed(vault, &fields, "findings", a.findings.as_deref())? {
                let (id, col) = (welfare_activity::Column::Id, welfare_activity::Column::Findings);
                count += swap::<welfare_activity::Entity>(&txn, id, a.id, col, sealed, fresh).await?;
            }
        }
        txn.commit().await?;
    }
    audit::record(
        db,
        None,
        AuditAction::CasesResealed,
        AuditScope::city(),
        None,
        serde_json::json!({ "values": count, "key": vault.current() }),
    )
    .await?;
    Ok(count)
}

/// `value` sealed afresh — padded, under the current key — when it is under an older key or was
/// sealed before padding: (what was stored, what replaces it). `None` when it is as it should be.
fn resealed<'v>(
    vault: &WelfareVault,
    fields: &Fields<'_>,
    name: &str,
    value: Option<&'v str>,
) -> Result<Option<(&'v str, String)>, AppError> {
    let Some(sealed) = value else { return Ok(None) };
    let Some(opened) = fields.open_any(name, Some(sealed))? else { return Ok(None) };
    if opened.padded && !vault.is_stale(sealed) {
        return Ok(None);
    }
    Ok(Some((sealed, fields.seal(name, &opened.text)?)))
}

/// Replaces `col` of row `id` with `fresh` if it still holds `old`. Returns 1 if it did.
async fn swap<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    id_col: E::Column,
    id: i64,
    col: E::Column,
    old: &str,
    fresh: String,
) -> Result<u64, AppError> {
    let done =
        E::update_many().col_expr(col, Expr::value(fresh)).filter(id_col.eq(id)).filter(col.eq(old)).exec(txn).await?;
    Ok(done.rows_affected)
}
