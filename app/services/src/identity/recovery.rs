//! Recovery codes for accounts that sign in online (issue 40, item 2; docs/ARCHITECTURE.md,
//! "Duties"). The center prints plain codes only for counter accounts; an account that linked a
//! sign-in provider or made an access token recovers through its provider — or, when that is
//! lost, through a code two members of the person's dong's staff agree on:
//!
//! 1. one member of staff asks for it ([`request_recovery`]; `Action::RequestRecoveryCode`: staff
//!    of the person's dong, never for themselves, a role holder or a counter account) — nothing
//!    is printed yet;
//! 2. a different member of the same staff, neither the requester nor the person, confirms it
//!    ([`confirm_recovery`]; `Action::ConfirmRecoveryCode`): in one transaction the request is
//!    decided (a conditional update, so of two confirmations at once exactly one prints), the
//!    person is checked again (no role now, still of the dong), and the code is printed with the
//!    confirmer as its issuer — the person is told, as of every printed code;
//! 3. or the request is withdrawn by anyone of the dong's staff ([`withdraw_recovery`]).
//!
//! Every step is audited in the dong's scope. The database holds the rule too (migration
//! `m20261207_000023_recovery_requests`): one pending request per person, and a confirmer who is
//! neither the requester nor the person.

use super::codes::{holds_role, issue_code_in, person_dong};
use super::residents::names_of;
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{Stored, recovery_request, role_grant, user};
use crate::time_fmt;
use chrono::Utc;
use contract::dto::{IssuedCode, RecoveryRequestRow};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::identity::RecoveryOutcome;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashSet;

/// Only people who staff a center learn anything about accounts and requests here: everyone else
/// is refused before a row is read (so an account number or a request id says nothing to them).
fn staff_somewhere(actor: &Actor) -> Result<(), AppError> {
    if actor.staffed_dongs().next().is_some() { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The account `user_id`, unless deleted.
async fn live_person(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<user::Model>, AppError> {
    Ok(user::Entity::find_by_id(user_id).one(db).await?.filter(|u| u.deleted_at.is_none()))
}

/// The pending request for `user_id`, if any (there is at most one).
async fn pending_for(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<recovery_request::Model>, AppError> {
    Ok(recovery_request::Entity::find()
        .filter(recovery_request::Column::UserId.eq(user_id))
        .filter(recovery_request::Column::DecidedAt.is_null())
        .one(db)
        .await?)
}

/// Decides pending request `id` as `outcome` by `by`; false when it was decided already (by a
/// concurrent decision: the update is conditional, so of two at once exactly one is made).
async fn decide(txn: &impl ConnectionTrait, id: i64, by: i64, outcome: RecoveryOutcome) -> Result<bool, AppError> {
    let res = recovery_request::Entity::update_many()
        .col_expr(recovery_request::Column::DecidedBy, Expr::value(by))
        .col_expr(recovery_request::Column::DecidedAt, Expr::value(Utc::now()))
        .col_expr(recovery_request::Column::Outcome, Expr::value(Stored(outcome)))
        .filter(recovery_request::Column::Id.eq(id))
        .filter(recovery_request::Column::DecidedAt.is_null())
        .exec(txn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A member of the person's dong's staff asks for a recovery code for an account that signs in
/// online. Nothing is printed: a second member of staff confirms. Asking for what is already
/// asked answers with the waiting request. Returns the request's id.
pub async fn request_recovery(db: &DatabaseConnection, actor: &Actor, user_id: i64) -> Result<i64, AppError> {
    staff_somewhere(actor)?;
    let txn = crate::transaction::begin_write(db).await?;
    let person = live_person(&txn, user_id).await?.ok_or(AppError::NotFound)?;
    let dong = person_dong(&txn, &person).await?.ok_or(AppError::Forbidden)?;
    let holds_role = holds_role(&txn, person.id).await?;
    let counter_only = person.is_counter_account();
    let scope = Scope::Person { dong: dong.clone(), id: person.id, holds_role, counter_only };
    authz::can(Some(actor), Action::RequestRecoveryCode, &scope).map_err(|denied| {
        // the dong's staff are told which rule refused them; anyone else learns nothing
        if !actor.is_staff_of(&dong) {
            denied.into()
        } else if person.id == actor.user_id {
            AppError::Conflict(ErrorCode::NotForYourself)
        } else if holds_role {
            AppError::Conflict(ErrorCode::HoldsRoleNoCode)
        } else {
            AppError::Conflict(ErrorCode::CounterAccountNoRecovery)
        }
    })?;
    if let Some(waiting) = pending_for(&txn, person.id).await? {
        if waiting.dong_code == dong.as_str() {
            return Ok(waiting.id);
        }
        // asked by the center of a dong the person has left: it can never be confirmed there
        // (the person is no longer that center's), so this request takes its place
        if !decide(&txn, waiting.id, actor.user_id, RecoveryOutcome::Withdrawn).await? {
            return Err(AppError::Conflict(ErrorCode::RecoveryDecided));
        }
        let old = DongCode::parse(&waiting.dong_code)?;
        let detail = serde_json::json!({ "request": waiting.id, "moved_to": dong.as_str() });
        audit::record(
            &txn,
            Some(actor.user_id),
            AuditAction::RecoveryWithdrawn,
            AuditScope::dong(&old),
            Some(person.id),
            detail,
        )
        .await?;
    }
    let inserted = recovery_request::ActiveModel {
        user_id: Set(person.id),
        dong_code: Set(dong.as_str().to_owned()),
        requested_by: Set(actor.user_id),
        requested_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let row = match inserted {
        Ok(row) => row,
        // another member of staff asked at the same moment: theirs is the one waiting
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            drop(txn);
            return pending_for(db, person.id)
                .await?
                .map(|r| r.id)
                .ok_or(AppError::Conflict(ErrorCode::RecoveryDecided));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RecoveryRequested,
        AuditScope::dong(&dong),
        Some(person.id),
        serde_json::json!({ "request": row.id }),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// A second member of the dong's staff — not the requester, not the person — confirms request
/// `request_id`: the code is printed (its issuer is the confirmer) and the person told, all in
/// one transaction. The person is checked again now: a role holder gets no staff code, and
/// someone who is no longer of the dong is not this center's.
pub async fn confirm_recovery(
    db: &DatabaseConnection,
    key: &[u8],
    actor: &Actor,
    request_id: i64,
) -> Result<IssuedCode, AppError> {
    staff_somewhere(actor)?;
    let txn = crate::transaction::begin_write(db).await?;
    let r = recovery_request::Entity::find_by_id(request_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let dong = DongCode::parse(&r.dong_code)?;
    let holds_role = holds_role(&txn, r.user_id).await?;
    let scope = Scope::Recovery { dong: dong.clone(), person: r.user_id, requested_by: r.requested_by, holds_role };
    authz::can(Some(actor), Action::ConfirmRecoveryCode, &scope).map_err(|denied| {
        if !actor.is_staff_of(&dong) {
            denied.into()
        } else if actor.user_id == r.requested_by {
            AppError::Conflict(ErrorCode::RecoveryNeedsAnotherStaff)
        } else if actor.user_id == r.user_id {
            AppError::Conflict(ErrorCode::NotForYourself)
        } else if holds_role {
            AppError::Conflict(ErrorCode::HoldsRoleNoCode)
        } else {
            denied.into()
        }
    })?;
    if r.decided_at.is_some() {
        return Err(AppError::Conflict(ErrorCode::RecoveryDecided));
    }
    let person = live_person(&txn, r.user_id).await?.ok_or(AppError::NotFound)?;
    if person_dong(&txn, &person).await?.as_ref() != Some(&dong) {
        return Err(AppError::Conflict(ErrorCode::ResidentLivesElsewhere));
    }
    if !decide(&txn, r.id, actor.user_id, RecoveryOutcome::Confirmed).await? {
        return Err(AppError::Conflict(ErrorCode::RecoveryDecided));
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RecoveryConfirmed,
        AuditScope::dong(&dong),
        Some(person.id),
        serde_json::json!({ "request": r.id, "requested_by": r.requested_by }),
    )
    .await?;
    // prints the code, audits it and tells the person (`NoticeKind::SignInCodePrinted`)
    let issued = issue_code_in(&txn, key, Some(actor.user_id), &person, &dong).await?;
    txn.commit().await?;
    Ok(issued)
}

/// Anyone of the dong's staff withdraws a pending request (the requester who asked by mistake,
/// or a colleague who will not confirm it).
pub async fn withdraw_recovery(db: &DatabaseConnection, actor: &Actor, request_id: i64) -> Result<(), AppError> {
    staff_somewhere(actor)?;
    let txn = crate::transaction::begin_write(db).await?;
    let r = recovery_request::Entity::find_by_id(request_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let dong = DongCode::parse(&r.dong_code)?;
    // the residents' business of the dong: its staff's
    authz::can(Some(actor), Action::ViewResidents, &Scope::Dong(dong.clone()))?;
    if r.decided_at.is_some() || !decide(&txn, r.id, actor.user_id, RecoveryOutcome::Withdrawn).await? {
        return Err(AppError::Conflict(ErrorCode::RecoveryDecided));
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RecoveryWithdrawn,
        AuditScope::dong(&dong),
        Some(r.user_id),
        serde_json::json!({ "request": r.id, "requested_by": r.requested_by }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The dong's pending recovery requests, oldest first, for its staff's residents page.
pub async fn pending_recoveries(
    db: &DatabaseConnection,
    actor: &Actor,
    dong: &DongCode,
) -> Result<Vec<RecoveryRequestRow>, AppError> {
    authz::can(Some(actor), Action::ViewResidents, &Scope::Dong(dong.clone()))?;
    let rows = recovery_request::Entity::find()
        .filter(recovery_request::Column::DongCode.eq(dong.as_str()))
        .filter(recovery_request::Column::DecidedAt.is_null())
        .order_by_asc(recovery_request::Column::RequestedAt)
        .order_by_asc(recovery_request::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().flat_map(|r| [r.user_id, r.requested_by]).collect();
    let names = names_of(db, ids).await?;
    let role_holders: HashSet<i64> = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.is_in(rows.iter().map(|r| r.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let scope = Scope::Recovery {
                dong: dong.clone(),
                person: r.user_id,
                requested_by: r.requested_by,
                holds_role: role_holders.contains(&r.user_id),
            };
            RecoveryRequestRow {
                id: r.id,
                user_id: r.user_id,
                display_name: names.get(&r.user_id).cloned().unwrap_or_default(),
                requested_by_id: r.requested_by,
                requested_by: names.get(&r.requested_by).cloned().unwrap_or_default(),
                requested_at: time_fmt::seoul_datetime(r.requested_at),
                may_confirm: authz::can(Some(actor), Action::ConfirmRecoveryCode, &scope).is_ok(),
            }
        })
        .collect())
}
