//! Appointing experts and center staff (and further administrators). Admins do it on the admin
//! page; the operator CLI does it to bootstrap a deployment. Takes effect on the next request
//! of the person concerned: grants are loaded per request.

use crate::domain::authz::{self, Action, Actor, Scope};
use crate::domain::geo::{DistrictCode, DongCode};
use crate::domain::roles::Role;
use crate::dto::{GrantRow, RoleView};
use crate::error::AppError;
use crate::error_code::ErrorCode;
use crate::server::entities::{dong, role_grant, user};
use crate::server::services::audit::{self, AuditAction, AuditScope};
use crate::server::services::{places, time_fmt};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashMap;

/// A role to grant, with its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleGrantSpec {
    CenterStaff(DongCode),
    Expert(DistrictCode),
    Admin,
    WelfareOfficer(DongCode),
    VisitingNurse(DongCode),
    WelfareSupervisor(DistrictCode),
}

impl RoleGrantSpec {
    /// From the admin form: a role and the code of its scope.
    pub fn parse(role: &str, scope_code: &str) -> Result<Self, AppError> {
        match Role::parse(role.trim()) {
            Some(Role::CenterStaff) => Ok(RoleGrantSpec::CenterStaff(DongCode::parse(scope_code)?)),
            Some(Role::Expert) => Ok(RoleGrantSpec::Expert(DistrictCode::parse(scope_code)?)),
            Some(Role::Admin) => Ok(RoleGrantSpec::Admin),
            Some(Role::WelfareOfficer) => Ok(RoleGrantSpec::WelfareOfficer(DongCode::parse(scope_code)?)),
            Some(Role::VisitingNurse) => Ok(RoleGrantSpec::VisitingNurse(DongCode::parse(scope_code)?)),
            Some(Role::WelfareSupervisor) => Ok(RoleGrantSpec::WelfareSupervisor(DistrictCode::parse(scope_code)?)),
            Some(Role::Resident) | None => Err(AppError::invalid("role", "choose one of the listed roles")),
        }
    }

    fn role(&self) -> Role {
        match self {
            RoleGrantSpec::CenterStaff(_) => Role::CenterStaff,
            RoleGrantSpec::Expert(_) => Role::Expert,
            RoleGrantSpec::Admin => Role::Admin,
            RoleGrantSpec::WelfareOfficer(_) => Role::WelfareOfficer,
            RoleGrantSpec::VisitingNurse(_) => Role::VisitingNurse,
            RoleGrantSpec::WelfareSupervisor(_) => Role::WelfareSupervisor,
        }
    }

    /// The dong of a role held in one dong's center.
    fn dong(&self) -> Option<&DongCode> {
        match self {
            RoleGrantSpec::CenterStaff(d) | RoleGrantSpec::WelfareOfficer(d) | RoleGrantSpec::VisitingNurse(d) => {
                Some(d)
            }
            _ => None,
        }
    }

    /// The district of a role held in a district (or, for a dong's role, the dong's district).
    fn district(&self) -> Option<DistrictCode> {
        match self {
            RoleGrantSpec::Expert(d) | RoleGrantSpec::WelfareSupervisor(d) => Some(d.clone()),
            _ => self.dong().map(DongCode::district),
        }
    }

    fn audit_scope(&self) -> AuditScope {
        match (self.dong(), self.district()) {
            (Some(d), _) => AuditScope::dong(d),
            (None, Some(d)) => AuditScope::district(&d),
            (None, None) => AuditScope::city(),
        }
    }
}

/// Grants a role. `actor` is `None` only for the operator CLI.
pub async fn grant(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    user_id: i64,
    spec: RoleGrantSpec,
) -> Result<i64, AppError> {
    if let Some(a) = actor {
        authz::can(Some(a), Action::ManageRoles, &Scope::City)?;
    }
    let txn = crate::server::db::begin_write(db).await?;
    let person = user::Entity::find_by_id(user_id).one(&txn).await?.filter(|u| u.deleted_at.is_none());
    if person.is_none() {
        return Err(AppError::invalid("account", "there is no account with this number"));
    }
    if let Some(d) = spec.dong() {
        let row = dong::Entity::find_by_id(d.as_str().to_owned()).one(&txn).await?;
        if !row.is_some_and(|r| r.active) {
            return Err(AppError::invalid("scope", "no such dong"));
        }
    }
    let district = spec.district().map(|d| d.as_str().to_owned());
    let dong_code = spec.dong().map(|d| d.as_str().to_owned());
    let mut existing = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .filter(role_grant::Column::Role.eq(spec.role().as_str()));
    existing = match (&dong_code, &district) {
        (Some(d), _) => existing.filter(role_grant::Column::DongCode.eq(d.as_str())),
        (None, Some(d)) => existing.filter(role_grant::Column::DistrictCode.eq(d.as_str())),
        (None, None) => existing,
    };
    if existing.one(&txn).await?.is_some() {
        return Err(AppError::Conflict(ErrorCode::RoleAlreadyHeld));
    }
    let row = role_grant::ActiveModel {
        user_id: Set(user_id),
        role: Set(spec.role().as_str().to_owned()),
        district_code: Set(district),
        dong_code: Set(dong_code),
        created_at: Set(chrono::Utc::now()),
        granted_by: Set(actor.map(|a| a.user_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor.map(|a| a.user_id),
        AuditAction::RoleGranted,
        spec.audit_scope(),
        Some(user_id),
        serde_json::json!({ "role": spec.role().as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Revokes a grant. An administrator cannot revoke their own admin role (so the city is never
/// left without one by accident).
pub async fn revoke(db: &DatabaseConnection, actor: &Actor, grant_id: i64) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageRoles, &Scope::City)?;
    let txn = crate::server::db::begin_write(db).await?;
    let g = role_grant::Entity::find_by_id(grant_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if g.user_id == actor.user_id && g.role == Role::Admin.as_str() {
        return Err(AppError::Conflict(ErrorCode::OwnAdminRole));
    }
    let scope = match (g.dong_code.as_deref(), g.district_code.as_deref()) {
        (Some(d), _) => AuditScope::dong(&DongCode::parse(d)?),
        (None, Some(d)) => AuditScope::district(&DistrictCode::parse(d)?),
        _ => AuditScope::city(),
    };
    role_grant::Entity::delete_by_id(grant_id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RoleRevoked,
        scope,
        Some(g.user_id),
        serde_json::json!({ "role": g.role }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// All grants of staff, experts and admins, for the admin page.
pub async fn list(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<GrantRow>, AppError> {
    authz::can(Some(actor), Action::ManageRoles, &Scope::City)?;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::Role.ne(Role::Resident.as_str()))
        .order_by_asc(role_grant::Column::Role)
        .order_by_asc(role_grant::Column::DistrictCode)
        .order_by_asc(role_grant::Column::DongCode)
        .all(db)
        .await?;
    let users: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(grants.iter().map(|g| g.user_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    let dongs = places::dongs(db, grants.iter().filter_map(|g| g.dong_code.clone())).await?;
    let districts = places::districts(db).await?;
    Ok(grants
        .into_iter()
        .map(|g| {
            let scope = match (&g.dong_code, &g.district_code) {
                (Some(d), _) => dongs.get(d).cloned(),
                (None, Some(d)) => districts.get(d).cloned(),
                _ => None,
            };
            GrantRow {
                id: g.id,
                user_id: g.user_id,
                display_name: users.get(&g.user_id).cloned().unwrap_or_default(),
                role: RoleView { role: g.role, scope },
                granted_on: time_fmt::seoul_date(g.created_at),
            }
        })
        .collect())
}

/// Creates an administrator account (operator CLI, first start of a deployment).
pub async fn create_admin(
    db: &DatabaseConnection,
    name: &crate::domain::identity::DisplayName,
) -> Result<i64, AppError> {
    let person = user::ActiveModel {
        display_name: Set(name.as_str().to_owned()),
        is_demo: Set(false),
        created_at: Set(chrono::Utc::now()),
        stay_signed_in: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await?;
    grant(db, None, person.id, RoleGrantSpec::Admin).await?;
    Ok(person.id)
}

/// The account numbers of a center's staff, in order (operator CLI, tests).
pub async fn experts_of(db: &DatabaseConnection, district: &DistrictCode) -> Result<Vec<i64>, AppError> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::Expert.as_str()))
        .filter(role_grant::Column::DistrictCode.eq(district.as_str()))
        .order_by_asc(role_grant::Column::UserId)
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect())
}

/// The welfare team of a dong's center (officers and visiting nurses), by account number (the
/// operator CLI's `--welfare-of`).
pub async fn welfare_team_of(db: &DatabaseConnection, dong: &DongCode) -> Result<Vec<i64>, AppError> {
    let mut ids: Vec<i64> = role_grant::Entity::find()
        .filter(role_grant::Column::Role.is_in([Role::WelfareOfficer.as_str(), Role::VisitingNurse.as_str()]))
        .filter(role_grant::Column::DongCode.eq(dong.as_str()))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The staff of a dong's center, by account number (the operator CLI's `--staff-of`).
pub async fn staff_of(db: &DatabaseConnection, dong: &DongCode) -> Result<Vec<i64>, AppError> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::CenterStaff.as_str()))
        .filter(role_grant::Column::DongCode.eq(dong.as_str()))
        .order_by_asc(role_grant::Column::UserId)
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect())
}
