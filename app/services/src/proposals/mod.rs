//! Proposals: writing and publishing, the lists, the proposal page, supports, comments and the
//! per-dong support threshold.
//!
//! Status changes go through `domain::proposal::transition` and are written with a condition on
//! the status they start from, together with a timeline row, in one transaction. Supports are
//! unique per resident in the database; `supports_count` changes in the same transaction as the
//! support row, so concurrent supports can neither be lost nor counted twice.
//!
//! Parts: `writing` (drafts, publishing, withdrawing), `taking_part` (supports, comments),
//! `reading` (lists, the proposal page); the threshold and shared lookups stay here.

use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{dong_setting, proposal};
use chrono::Utc;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::proposal::{self as rules, SupportThreshold};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

mod reading;
mod taking_part;
mod writing;
pub(crate) use reading::summaries;
pub use reading::{ProposalFilter, detail, list, of_group};
pub use taking_part::{comment, support, unsupport};
pub(crate) use writing::{apply, tell_followers};
pub use writing::{create, form, new_context, publish, update, withdraw};

pub const PAGE_SIZE: u64 = 20;

pub(crate) async fn find(db: &impl ConnectionTrait, id: i64) -> Result<proposal::Model, AppError> {
    proposal::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub(crate) fn dong_of(p: &proposal::Model) -> Result<DongCode, AppError> {
    Ok(DongCode::parse(&p.dong_code)?)
}

pub(crate) fn author_scope(p: &proposal::Model) -> Result<Scope, AppError> {
    Ok(Scope::Proposal { dong: dong_of(p)?, author_id: p.author_id })
}

/// Whether the author may still change the proposal's content (text and images): not hidden,
/// and a draft or a published proposal nobody has supported yet.
pub(crate) fn editable(p: &proposal::Model) -> Result<bool, AppError> {
    let supports = u32::try_from(p.supports_count).unwrap_or(u32::MAX);
    Ok(!p.hidden && rules::author_may_edit(*p.status, supports))
}

/// Claims the right to change an editable proposal's content within `txn`: touches the row on
/// condition that it is still unsupported, visible and in `status`, so a support that arrives
/// meanwhile wins over the edit (and, on PostgreSQL, concurrent edits of one proposal queue up
/// on the row lock).
pub(crate) async fn claim_for_edit(db: &impl ConnectionTrait, p: &proposal::Model) -> Result<(), AppError> {
    let res = proposal::Entity::update_many()
        .col_expr(proposal::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(proposal::Column::Id.eq(p.id))
        .filter(proposal::Column::SupportsCount.eq(0))
        .filter(proposal::Column::Hidden.eq(false))
        .filter(proposal::Column::Status.eq(p.status.as_str()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::ProposalNotEditable));
    }
    Ok(())
}

/// Who may see what of a proposal: its page (drafts: the author alone) and its content (hidden
/// content: the district's expert alone, who reviews it).
pub(crate) struct Visibility {
    pub page: bool,
    pub content: bool,
    pub moderator: bool,
}

pub(crate) fn visibility(actor: Option<&Actor>, p: &proposal::Model) -> Result<Visibility, AppError> {
    let is_author = actor.is_some_and(|a| a.user_id == p.author_id);
    let page = p.status.is_public() || is_author;
    let moderator = authz::can(actor, Action::Moderate, &Scope::District(dong_of(p)?.district())).is_ok();
    Ok(Visibility { page, content: page && (!p.hidden || moderator), moderator })
}

/// The dong's support threshold (the default where the dong has not set one).
pub async fn threshold(db: &impl ConnectionTrait, dong: &DongCode) -> Result<SupportThreshold, AppError> {
    let stored = dong_setting::Entity::find_by_id(dong.as_str().to_owned()).one(db).await?;
    Ok(stored.map_or(SupportThreshold::DEFAULT, |s| SupportThreshold::from_stored(s.support_threshold)))
}

/// Staff of the dong or the district's expert set the dong's threshold (for proposals published
/// from now on).
pub async fn set_threshold(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    value: SupportThreshold,
) -> Result<(), AppError> {
    authz::can(actor, Action::ConfigureDong, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let n = value.stored();
    audit::save_setting::<dong_setting::Entity>(
        db,
        dong_setting::ActiveModel {
            dong_code: Set(dong.as_str().to_owned()),
            support_threshold: Set(n),
            updated_by: Set(Some(me.user_id)),
            updated_at: Set(Utc::now()),
        },
        dong_setting::Column::DongCode,
        me.user_id,
        (AuditAction::SupportThresholdChanged, AuditScope::dong(dong), serde_json::json!({ "threshold": n })),
    )
    .await
}
