//! The minutes of an assembly, written by its facilitator; published versions are kept.

use super::{dong_of, find};
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{assembly, minutes_version};
use chrono::Utc;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// The facilitator (the district's expert) writes the minutes after the close, and publishes
/// them; published minutes stay published when corrected.
pub async fn save_minutes(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    text: String,
    publish: bool,
) -> Result<(), AppError> {
    let a = find(db, id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::WriteMinutes, &Scope::Dong(dong.clone()))?;
    if !a.status.is_closed() {
        return Err(AppError::Conflict(ErrorCode::MinutesAfterClose));
    }
    let now = Utc::now();
    let published = a.minutes_published_at.or(publish.then_some(now));
    let txn = crate::transaction::begin_write(db).await?;
    assembly::Entity::update_many()
        .col_expr(assembly::Column::Minutes, sea_orm::sea_query::Expr::value(text.clone()))
        .col_expr(assembly::Column::MinutesPublishedAt, sea_orm::sea_query::Expr::value(published))
        .col_expr(assembly::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(assembly::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    // once public, every saved text stays: a version of its own
    if published.is_some() {
        minutes_version::Entity::insert(minutes_version::ActiveModel {
            assembly_id: Set(id),
            body: Set(text.clone()),
            saved_by: Set(actor.map(|a| a.user_id)),
            saved_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
    }
    // every saved version is kept in the audit trail, with whether it was public
    let detail = serde_json::json!({ "assembly": id, "published": published.is_some(), "text": text });
    audit::record(&txn, actor.map(|a| a.user_id), AuditAction::MinutesSaved, AuditScope::dong(&dong), None, detail)
        .await?;
    txn.commit().await?;
    Ok(())
}
