//! Who is acting: an actor's grants and residencies, the verified residents of a dong.

use crate::entities::{Stored, group_member, posting_restriction, residency, role_grant, user};
use crate::places;
use chrono::Utc;
use contract::dto::{Me, RoleView};
use contract::error::AppError;
use domain::authz::{Actor, Grant};
use domain::geo::{DistrictCode, DongCode};
use domain::group::{MemberRole, MemberState};
use domain::roles::Role;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// The actor for `user_id`, with current grants and residencies; `None` if the account does not
/// exist or was deleted.
pub async fn load_actor(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<Actor>, AppError> {
    load_actor_under(db, user_id, None).await
}

/// [`load_actor`] for a session signed in under credential `epoch`: `None` too when the account's
/// roles changed since (its epoch moved on), so the session is over.
pub async fn load_session_actor(
    db: &impl ConnectionTrait,
    user_id: i64,
    epoch: i64,
) -> Result<Option<Actor>, AppError> {
    load_actor_under(db, user_id, Some(epoch)).await
}

async fn load_actor_under(
    db: &impl ConnectionTrait,
    user_id: i64,
    epoch: Option<i64>,
) -> Result<Option<Actor>, AppError> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if u.deleted_at.is_some() || epoch.is_some_and(|e| e != u.credential_epoch) {
        return Ok(None);
    }
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(grant_of)
        .collect();
    let residencies = current_residencies(db, Some(user_id), None)
        .await?
        .into_iter()
        .filter_map(|r| DongCode::parse(&r.dong_code).ok())
        .collect();
    let organises = group_member::Entity::find()
        .select_only()
        .column(group_member::Column::GroupId)
        .filter(group_member::Column::UserId.eq(user_id))
        .filter(group_member::Column::Role.eq(MemberRole::Organiser.as_str()))
        .filter(group_member::Column::State.eq(MemberState::Active.as_str()))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let blocked_in = posting_restriction::Entity::find()
        .filter(posting_restriction::Column::UserId.eq(user_id))
        .filter(posting_restriction::Column::Kind.eq(Stored(domain::moderation::RestrictionKind::Block)))
        .filter(posting_restriction::Column::Until.gt(Utc::now()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| DistrictCode::parse(&r.district_code).ok())
        .collect();
    Ok(Some(Actor { user_id, grants, residencies, organises, blocked_in }))
}

fn grant_of(g: role_grant::Model) -> Option<Grant> {
    match *g.role {
        Role::Admin => Some(Grant::Admin),
        Role::Expert => Some(Grant::Expert(DistrictCode::parse(g.district_code.as_deref()?).ok()?)),
        Role::CenterStaff => Some(Grant::CenterStaff(DongCode::parse(g.dong_code.as_deref()?).ok()?)),
        Role::WelfareOfficer => Some(Grant::WelfareOfficer(DongCode::parse(g.dong_code.as_deref()?).ok()?)),
        Role::VisitingNurse => Some(Grant::VisitingNurse(DongCode::parse(g.dong_code.as_deref()?).ok()?)),
        Role::WelfareSupervisor => {
            Some(Grant::WelfareSupervisor(DistrictCode::parse(g.district_code.as_deref()?).ok()?))
        }
        // residency is recorded in `residencies`, not as a grant
        Role::Resident => None,
    }
}

/// The verified residents of a dong, by account number (the operator CLI's `--resident-of`).
pub async fn verified_residents(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Vec<i64>, AppError> {
    let mut ids: Vec<i64> = current_residencies(db, None, Some(dong)).await?.into_iter().map(|r| r.user_id).collect();
    ids.sort_unstable();
    Ok(ids)
}

/// Residencies that have not ended and not expired.
pub(super) async fn current_residencies(
    db: &impl ConnectionTrait,
    user_id: Option<i64>,
    dong: Option<&DongCode>,
) -> Result<Vec<residency::Model>, AppError> {
    let now = Utc::now();
    let mut q = residency::Entity::find()
        .filter(residency::Column::EndedAt.is_null())
        .filter(Condition::any().add(residency::Column::ExpiresAt.is_null()).add(residency::Column::ExpiresAt.gt(now)));
    if let Some(u) = user_id {
        q = q.filter(residency::Column::UserId.eq(u));
    }
    if let Some(d) = dong {
        q = q.filter(residency::Column::DongCode.eq(d.as_str()));
    }
    Ok(q.all(db).await?)
}

async fn role_views(db: &impl ConnectionTrait, actor: &Actor) -> Result<Vec<RoleView>, AppError> {
    let dongs = places::dongs(
        db,
        actor.grants.iter().filter_map(|g| match g {
            Grant::CenterStaff(d) | Grant::WelfareOfficer(d) | Grant::VisitingNurse(d) => Some(d.as_str()),
            _ => None,
        }),
    )
    .await?;
    let districts = places::districts(db).await?;
    Ok(actor
        .grants
        .iter()
        .map(|g| match g {
            Grant::Admin => RoleView { role: Role::Admin, scope: None },
            Grant::Expert(d) => RoleView { role: Role::Expert, scope: districts.get(d.as_str()).cloned() },
            Grant::CenterStaff(d) => RoleView { role: Role::CenterStaff, scope: dongs.get(d.as_str()).cloned() },
            Grant::WelfareOfficer(d) => RoleView { role: Role::WelfareOfficer, scope: dongs.get(d.as_str()).cloned() },
            Grant::VisitingNurse(d) => RoleView { role: Role::VisitingNurse, scope: dongs.get(d.as_str()).cloned() },
            Grant::WelfareSupervisor(d) => {
                RoleView { role: Role::WelfareSupervisor, scope: districts.get(d.as_str()).cloned() }
            }
        })
        .collect())
}

/// The signed-in person, for the header and `GET /api/v1/me`.
pub async fn me(db: &impl ConnectionTrait, actor: &Actor) -> Result<Me, AppError> {
    let u = user::Entity::find_by_id(actor.user_id).one(db).await?.ok_or(AppError::Unauthorized)?;
    let verified_resident_of = match actor.residencies.first() {
        Some(d) => Some(places::dong(db, d).await?),
        None => None,
    };
    Ok(Me { id: u.id, display_name: u.display_name, roles: role_views(db, actor).await?, verified_resident_of })
}
