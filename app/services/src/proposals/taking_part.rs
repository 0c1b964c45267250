use crate::entities::{comment, proposal, proposal_support};
use crate::groups;
use crate::notices::{self, About};
use chrono::Utc;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::moderation::NoticeKind;
use domain::proposal::{self as rules, Event, ProposalStatus, SupportThreshold};
use domain::text::bounded;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::*;
use domain::{Field, InputRule};

// ---- supports ----------------------------------------------------------------------------

/// Supports a proposal (once: supporting again changes nothing). Reaching the threshold makes
/// it eligible and tells the author.
pub async fn support(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::SupportProposal, &Scope::Dong(dong_of(&p)?))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if p.hidden || !p.status.accepts_supports() {
        return Err(AppError::Conflict(ErrorCode::NoSupportsNow));
    }
    let txn = crate::transaction::begin_write(db).await?;
    let inserted = proposal_support::Entity::insert(proposal_support::ActiveModel {
        proposal_id: Set(id),
        user_id: Set(me.user_id),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([proposal_support::Column::ProposalId, proposal_support::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted == 1 {
        count_changed(&txn, id, 1).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Takes one's support back, until the assembly decides.
pub async fn unsupport(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let p = find(db, id).await?;
    authz::can(actor, Action::SupportProposal, &Scope::Dong(dong_of(&p)?))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if !p.status.accepts_supports() {
        return Err(AppError::Conflict(ErrorCode::SupportsFinal));
    }
    let txn = crate::transaction::begin_write(db).await?;
    let deleted = proposal_support::Entity::delete_by_id((id, me.user_id)).exec(&txn).await?.rows_affected;
    if deleted == 1 {
        count_changed(&txn, id, -1).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Moves the count by `delta` and applies the threshold rule to the row as it is now.
async fn count_changed(db: &impl ConnectionTrait, id: i64, delta: i32) -> Result<(), AppError> {
    proposal::Entity::update_many()
        .col_expr(proposal::Column::SupportsCount, Expr::col(proposal::Column::SupportsCount).add(delta))
        .filter(proposal::Column::Id.eq(id))
        .exec(db)
        .await?;
    let p = find(db, id).await?;
    let t = SupportThreshold::from_stored(p.support_threshold);
    let supports = u32::try_from(p.supports_count).unwrap_or(0);
    if let Some(event) = rules::after_support_change(*p.status, supports, t) {
        apply(db, &p, event, None, None).await?;
        if event == Event::ReachThreshold {
            notices::notify(db, [p.author_id], None, NoticeKind::ProposalEligible, About::proposal(id), &p.title)
                .await?;
        }
    }
    Ok(())
}

// ---- comments ----------------------------------------------------------------------------

/// Comments on a proposal, or replies to a comment (replies to a reply join its thread: one
/// level). Tells the proposal's author and its group's organisers, and the person replied to.
pub async fn comment(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    proposal_id: i64,
    parent_id: Option<i64>,
    body: &str,
) -> Result<i64, AppError> {
    let p = find(db, proposal_id).await?;
    authz::can(actor, Action::Comment, &Scope::Dong(dong_of(&p)?))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let body = bounded(Field::Body, body, 2, 3000, true)?;
    let status = *p.status;
    if p.hidden || !status.is_public() || status == ProposalStatus::Withdrawn {
        return Err(AppError::Conflict(ErrorCode::NoComments));
    }
    let parent = match parent_id {
        Some(pid) => {
            let c = comment::Entity::find_by_id(pid).one(db).await?.filter(|c| c.proposal_id == proposal_id);
            Some(c.ok_or_else(|| AppError::input(Field::ParentId, InputRule::NoSuch))?)
        }
        None => None,
    };
    let txn = crate::transaction::begin_write(db).await?;
    let c = comment::ActiveModel {
        proposal_id: Set(proposal_id),
        parent_id: Set(parent.as_ref().map(|c| c.parent_id.unwrap_or(c.id))),
        author_id: Set(me.user_id),
        body: Set(body),
        hidden: Set(false),
        moderation_reason: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    proposal::Entity::update_many()
        .col_expr(proposal::Column::CommentsCount, Expr::col(proposal::Column::CommentsCount).add(1))
        .filter(proposal::Column::Id.eq(proposal_id))
        .exec(&txn)
        .await?;
    let mut told = vec![p.author_id];
    if let Some(gid) = p.group_id {
        told.extend(groups::organiser_ids(&txn, gid).await?);
    }
    notices::notify(
        &txn,
        told.clone(),
        Some(me.user_id),
        NoticeKind::NewComment,
        About::proposal(proposal_id),
        &p.title,
    )
    .await?;
    if let Some(parent) = parent.filter(|c| !told.contains(&c.author_id)) {
        notices::notify(
            &txn,
            [parent.author_id],
            Some(me.user_id),
            NoticeKind::NewReply,
            About::proposal(proposal_id),
            &p.title,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(c.id)
}
