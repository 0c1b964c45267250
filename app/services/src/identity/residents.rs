//! Residency: verified by staff, ended, and what a center's staff see of their dong.

use super::actors::current_residencies;
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{oauth_identity, residency, role_grant, user};
use crate::notices::{self, About};
use crate::{places, time_fmt};
use chrono::Utc;
use contract::dto::{Place, Residency, ResidentRow, StaffDong};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::identity::VerificationMethod;
use domain::moderation::NoticeKind;
use domain::{Field, InputRule};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

pub(super) async fn insert_residency(
    txn: &impl ConnectionTrait,
    verifier: Option<i64>,
    user_id: i64,
    dong: &DongCode,
    method: VerificationMethod,
    expires_at: Option<chrono::DateTime<Utc>>,
) -> Result<(), AppError> {
    let now = Utc::now();
    // a person lives in one dong: an earlier residency (here or elsewhere) ends now
    residency::Entity::update_many()
        .col_expr(residency::Column::EndedAt, Expr::value(now))
        .col_expr(residency::Column::EndedBy, Expr::value(verifier))
        .filter(residency::Column::UserId.eq(user_id))
        .filter(residency::Column::EndedAt.is_null())
        .exec(txn)
        .await?;
    residency::ActiveModel {
        user_id: Set(user_id),
        dong_code: Set(dong.as_str().to_owned()),
        method: Set(method.into()),
        verified_by: Set(verifier),
        verified_at: Set(now),
        expires_at: Set(expires_at),
        ended_at: Set(None),
        ended_by: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        verifier,
        AuditAction::ResidencyVerified,
        AuditScope::dong(dong),
        Some(user_id),
        serde_json::json!({ "method": method.as_str(), "expires_at": expires_at.map(|t| t.to_rfc3339()) }),
    )
    .await?;
    tell_of_residency(txn, user_id, dong).await
}

/// Staff record, after checking in person, that account `user_id` lives in their dong.
pub async fn verify_resident(
    db: &DatabaseConnection,
    actor: &Actor,
    dong: &DongCode,
    user_id: i64,
    method: VerificationMethod,
    expires_on: Option<chrono::NaiveDate>,
) -> Result<(), AppError> {
    // the dong's staff may be told why; anyone else is refused before learning anything
    authz::can(Some(actor), Action::ViewResidents, &Scope::Dong(dong.clone()))?;
    let person = user::Entity::find_by_id(user_id).one(db).await?.filter(|u| u.deleted_at.is_none());
    let Some(person) = person else {
        return Err(AppError::input(Field::Account, InputRule::NoSuch));
    };
    let lives_elsewhere = lives_elsewhere(db, &person, dong).await?;
    let scope = Scope::Residency { dong: dong.clone(), id: user_id, lives_elsewhere };
    authz::can(Some(actor), Action::VerifyResidency, &scope).map_err(|_| {
        if user_id == actor.user_id {
            AppError::Conflict(ErrorCode::NotForYourself)
        } else {
            AppError::Conflict(ErrorCode::ResidentLivesElsewhere)
        }
    })?;
    let expires_at = expires_on.map(time_fmt::end_of_seoul_day);
    if expires_at.is_some_and(|t| t <= Utc::now()) {
        return Err(AppError::input(Field::ExpiresOn, InputRule::NotInTheFuture));
    }
    let txn = crate::transaction::begin_write(db).await?;
    insert_residency(&txn, Some(actor.user_id), user_id, dong, method, expires_at).await?;
    txn.commit().await?;
    Ok(())
}

/// Whether `person` belongs to another dong than `dong` now: a current residency there, or —
/// with no residency anywhere — registered at another dong's counter. Such a person's residency
/// here is not this center's to record: their own center ends the old one, or they do (signed
/// in) when they move. Otherwise any center could take any resident into its dong, and with a
/// counter code, take over their account.
async fn lives_elsewhere(db: &impl ConnectionTrait, person: &user::Model, dong: &DongCode) -> Result<bool, AppError> {
    let current = current_residencies(db, Some(person.id), None).await?;
    if !current.is_empty() {
        return Ok(current.iter().any(|r| r.dong_code != dong.as_str()));
    }
    Ok(person.home_dong_code.as_deref().is_some_and(|home| home != dong.as_str()))
}

/// Staff record that a resident moved out of their dong: the residency ends (kept as history).
pub async fn end_residency(
    db: &DatabaseConnection,
    actor: &Actor,
    dong: &DongCode,
    user_id: i64,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ViewResidents, &Scope::Dong(dong.clone()))?;
    let scope = Scope::Residency { dong: dong.clone(), id: user_id, lives_elsewhere: false };
    authz::can(Some(actor), Action::VerifyResidency, &scope)
        .map_err(|_| AppError::Conflict(ErrorCode::NotForYourself))?;
    let txn = crate::transaction::begin_write(db).await?;
    let now = Utc::now();
    let ended = residency::Entity::update_many()
        .col_expr(residency::Column::EndedAt, Expr::value(now))
        .col_expr(residency::Column::EndedBy, Expr::value(actor.user_id))
        .filter(residency::Column::UserId.eq(user_id))
        .filter(residency::Column::DongCode.eq(dong.as_str()))
        .filter(residency::Column::EndedAt.is_null())
        .exec(&txn)
        .await?;
    if ended.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::ResidencyEnded,
        AuditScope::dong(dong),
        Some(user_id),
        serde_json::json!({}),
    )
    .await?;
    tell_of_residency(&txn, user_id, dong).await?;
    txn.commit().await?;
    Ok(())
}

/// A person moved out (signed in, on their account page): their current residency ends. This
/// is how a move to another dong starts when the old center is not at hand — the new center can
/// then verify them.
pub async fn end_own_residency(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let txn = crate::transaction::begin_write(db).await?;
    let current = current_residencies(&txn, Some(actor.user_id), None).await?;
    if current.is_empty() {
        return Err(AppError::NotFound);
    }
    residency::Entity::update_many()
        .col_expr(residency::Column::EndedAt, Expr::value(Utc::now()))
        .col_expr(residency::Column::EndedBy, Expr::value(actor.user_id))
        .filter(residency::Column::UserId.eq(actor.user_id))
        .filter(residency::Column::EndedAt.is_null())
        .exec(&txn)
        .await?;
    for r in current {
        audit::record(
            &txn,
            Some(actor.user_id),
            AuditAction::ResidencyEnded,
            AuditScope::dong(&DongCode::parse(&r.dong_code)?),
            Some(actor.user_id),
            serde_json::json!({ "by": "resident" }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The person hears of every change to where they are recorded as living.
async fn tell_of_residency(txn: &impl ConnectionTrait, user_id: i64, dong: &DongCode) -> Result<(), AppError> {
    let name = places::dong(txn, dong).await?.name_ko;
    notices::notify(txn, [user_id], None, NoticeKind::ResidencyChanged, About::default(), &name).await
}

pub(super) fn residency_dto(r: &residency::Model, place: Place, names: &HashMap<i64, String>) -> Residency {
    Residency {
        dong: place,
        method: *r.method,
        verified_on: time_fmt::seoul_date(r.verified_at),
        expires_on: r.expires_at.map(time_fmt::seoul_date),
        verified_by: r.verified_by.and_then(|id| names.get(&id).cloned()),
    }
}

pub(crate) async fn names_of(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The staff's view of their dong: verified residents, and people registered at the counter
/// who are not verified (any more).
pub async fn staff_dong(db: &DatabaseConnection, actor: &Actor, dong: &DongCode) -> Result<StaffDong, AppError> {
    authz::can(Some(actor), Action::ViewResidents, &Scope::Dong(dong.clone()))?;
    let place = places::dong(db, dong).await?;
    let district = places::districts(db).await?.remove(dong.district().as_str()).ok_or(AppError::NotFound)?;
    let residencies = current_residencies(db, None, Some(dong)).await?;
    let registered = user::Entity::find()
        .filter(user::Column::HomeDongCode.eq(dong.as_str()))
        .filter(user::Column::DeletedAt.is_null())
        .order_by_asc(user::Column::DisplayName)
        .all(db)
        .await?;
    let mut ids: Vec<i64> = residencies.iter().flat_map(|r| [Some(r.user_id), r.verified_by]).flatten().collect();
    ids.extend(registered.iter().map(|u| u.id));
    let people: HashMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let names: HashMap<i64, String> = people.iter().map(|(id, u)| (*id, u.display_name.clone())).collect();
    let online: std::collections::HashSet<i64> = oauth_identity::Entity::find()
        .filter(oauth_identity::Column::UserId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.user_id)
        .collect();
    // people who hold a role get their sign-in codes from an administrator, not at the counter
    let holds_role: std::collections::HashSet<i64> = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.is_in(people.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    let row = |u: &user::Model, r: Option<&residency::Model>| ResidentRow {
        user_id: u.id,
        display_name: u.display_name.clone(),
        birth_year: u.birth_year,
        residency: r.map(|r| residency_dto(r, place.clone(), &names)),
        registered_here: u.home_dong_code.as_deref() == Some(dong.as_str()),
        has_online_account: online.contains(&u.id),
        holds_role: holds_role.contains(&u.id),
        counter_account: u.is_counter_account(),
    };
    let mut verified: Vec<ResidentRow> = residencies
        .iter()
        .filter_map(|r| people.get(&r.user_id).filter(|u| u.deleted_at.is_none()).map(|u| row(u, Some(r))))
        .collect();
    verified.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    let verified_ids: std::collections::HashSet<i64> = verified.iter().map(|r| r.user_id).collect();
    let unverified = registered.iter().filter(|u| !verified_ids.contains(&u.id)).map(|u| row(u, None)).collect();
    Ok(StaffDong { dong: place, district, verified, unverified })
}
