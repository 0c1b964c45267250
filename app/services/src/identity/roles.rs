//! Appointing experts and center staff (and further administrators). Admins do it on the admin
//! page; the operator CLI does it to bootstrap a deployment. Takes effect on the next request
//! of the person concerned: grants are loaded per request.
//!
//! Separation of duties (issue 40):
//! - No administrator grants or revokes their own roles (`Scope::Grantee`); the page is told why
//!   (`NotForYourself`, `OwnAdminRole`), anyone else is refused without more.
//! - Every grant and revoke ends what came before it, in its own transaction: the person's unused
//!   sign-in codes, sessions, tokens and linked providers (`end_credentials`), and they are told.
//! - A welfare role (officer, visiting nurse, supervisor) opens case files, so an administrator
//!   on the web only *proposes* it; a different administrator, neither the proposer nor the
//!   grantee, confirms it (the grant is made then) or turns it down (`Action::ConfirmRoleGrant`).
//!   The operator CLI still grants directly. The district's welfare supervisors are told of every
//!   welfare proposal and grant in their district.

use super::residents::names_of;
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{Stored, dong, role_grant, role_proposal, user};
use crate::identity::end_credentials;
use crate::notices::{self, About};
use crate::{places, time_fmt};
use contract::dto::{GrantRow, RoleProposalRow, RoleView};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::{DistrictCode, DongCode};
use domain::lang::Lang;
use domain::moderation::NoticeKind;
use domain::roles::{ProposalOutcome, Role};
use domain::{Field, InputRule};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

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
            Some(Role::Resident) | None => Err(AppError::input(Field::Role, InputRule::NotChosen)),
        }
    }

    /// A stored proposal's role and place.
    fn of_proposal(p: &role_proposal::Model) -> Result<Self, AppError> {
        let scope = p.dong_code.as_deref().unwrap_or(&p.district_code);
        Self::parse(p.role.as_str(), scope)
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

    /// A welfare role: opens case files, so two administrators grant it (or the operator).
    pub fn is_welfare(&self) -> bool {
        matches!(
            self,
            RoleGrantSpec::WelfareOfficer(_) | RoleGrantSpec::VisitingNurse(_) | RoleGrantSpec::WelfareSupervisor(_)
        )
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

/// What an administrator's grant on the web did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantOutcome {
    /// Granted at once: the grant's id.
    Granted(i64),
    /// A welfare role: proposed, waiting for a second administrator (the proposal's id).
    Proposed(i64),
}

/// May `actor` grant roles to (or revoke them from) `user_id`? An administrator acting on
/// themselves is told why not (`own`: the refusal to use then); anyone else is just refused.
fn may_manage(actor: &Actor, user_id: i64, own: ErrorCode) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageRoles, &Scope::Grantee { id: user_id }).map_err(|denied| {
        if actor.is_admin() && actor.user_id == user_id { AppError::Conflict(own) } else { denied.into() }
    })
}

/// May `actor` confirm or turn down proposal `p`? An administrator who proposed it or is its
/// grantee is told why not; anyone else is just refused.
fn may_decide(actor: &Actor, p: &role_proposal::Model) -> Result<(), AppError> {
    let scope = Scope::RoleProposal { proposed_by: p.proposed_by, grantee: p.grantee_id };
    authz::can(Some(actor), Action::ConfirmRoleGrant, &scope).map_err(|denied| {
        if actor.is_admin() { AppError::Conflict(ErrorCode::ProposalNeedsAnotherAdmin) } else { denied.into() }
    })
}

/// The person a role is for, if the account exists; and the spec's dong, if it is an open one.
async fn check_target(txn: &impl ConnectionTrait, user_id: i64, spec: &RoleGrantSpec) -> Result<user::Model, AppError> {
    let person = user::Entity::find_by_id(user_id).one(txn).await?.filter(|u| u.deleted_at.is_none());
    let Some(person) = person else {
        return Err(AppError::input(Field::Account, InputRule::NoSuch));
    };
    if let Some(d) = spec.dong() {
        let row = dong::Entity::find_by_id(d.as_str().to_owned()).one(txn).await?;
        if !row.is_some_and(|r| r.active) {
            return Err(AppError::input(Field::Scope, InputRule::NoSuch));
        }
    }
    Ok(person)
}

/// Whether `user_id` holds the role of `spec` already.
async fn holds(txn: &impl ConnectionTrait, user_id: i64, spec: &RoleGrantSpec) -> Result<bool, AppError> {
    let mut existing = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .filter(role_grant::Column::Role.eq(spec.role().as_str()));
    existing = match (spec.dong(), spec.district()) {
        (Some(d), _) => existing.filter(role_grant::Column::DongCode.eq(d.as_str())),
        (None, Some(d)) => existing.filter(role_grant::Column::DistrictCode.eq(d.as_str())),
        (None, None) => existing,
    };
    Ok(existing.one(txn).await?.is_some())
}

/// The welfare supervisors of a district, by account number.
async fn supervisors_of(txn: &impl ConnectionTrait, district: &DistrictCode) -> Result<Vec<i64>, AppError> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(Role::WelfareSupervisor.as_str()))
        .filter(role_grant::Column::DistrictCode.eq(district.as_str()))
        .all(txn)
        .await?
        .into_iter()
        .map(|g| g.user_id)
        .collect())
}

/// Tells the district's welfare supervisors that a welfare role was proposed or granted there
/// (`granted`), naming the person, the role and the place.
async fn tell_supervisors(
    txn: &impl ConnectionTrait,
    person: &user::Model,
    spec: &RoleGrantSpec,
    granted: bool,
) -> Result<(), AppError> {
    let Some(district) = spec.district() else {
        return Ok(());
    };
    let supervisors = supervisors_of(txn, &district).await?;
    if supervisors.is_empty() {
        return Ok(());
    }
    let place = match spec.dong() {
        Some(d) => places::dongs(txn, [d.as_str()]).await?.remove(d.as_str()),
        None => places::districts(txn).await?.remove(district.as_str()),
    };
    let place = place.map(|p| p.name_ko).unwrap_or_else(|| district.as_str().to_owned());
    let step = if granted { "부여 (granted)" } else { "제안 (proposed)" };
    let subject =
        format!("{step}: {} (#{}) · {} · {place}", person.display_name, person.id, spec.role().label(Lang::Ko));
    // a supervisor granted a role is told by `RolesChanged`, not as the district's supervisor
    notices::notify(txn, supervisors, Some(person.id), NoticeKind::WelfareRoleProposed, About::default(), &subject)
        .await
}

/// Makes the grant inside `txn`: the role row, its audit event, the end of every credential the
/// person had, and (for a welfare role) the district's supervisors told. `by` is `None` for the
/// operator CLI; `proposal` the confirmed proposal it comes from, if any.
async fn grant_in(
    txn: &impl ConnectionTrait,
    by: Option<i64>,
    user_id: i64,
    spec: &RoleGrantSpec,
    proposal: Option<i64>,
) -> Result<i64, AppError> {
    let person = check_target(txn, user_id, spec).await?;
    if holds(txn, user_id, spec).await? {
        return Err(AppError::Conflict(ErrorCode::RoleAlreadyHeld));
    }
    let row = role_grant::ActiveModel {
        user_id: Set(user_id),
        role: Set(spec.role().into()),
        district_code: Set(spec.district().map(|d| d.as_str().to_owned())),
        dong_code: Set(spec.dong().map(|d| d.as_str().to_owned())),
        created_at: Set(chrono::Utc::now()),
        granted_by: Set(by),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let detail = match proposal {
        Some(p) => serde_json::json!({ "role": spec.role().as_str(), "proposal": p }),
        None => serde_json::json!({ "role": spec.role().as_str() }),
    };
    audit::record(txn, by, AuditAction::RoleGranted, spec.audit_scope(), Some(user_id), detail).await?;
    end_credentials(txn, user_id).await?;
    if spec.is_welfare() {
        tell_supervisors(txn, &person, spec, true).await?;
    }
    Ok(row.id)
}

/// Grants a role. `actor` is `None` only for the operator CLI, which grants any role at once; an
/// administrator grants staff, expert and administrator roles here, never to themselves, and a
/// welfare role only through [`propose`] and a second administrator's [`confirm`].
pub async fn grant(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    user_id: i64,
    spec: RoleGrantSpec,
) -> Result<i64, AppError> {
    if let Some(a) = actor {
        may_manage(a, user_id, ErrorCode::NotForYourself)?;
        if spec.is_welfare() {
            return Err(AppError::Conflict(ErrorCode::ProposalNeedsAnotherAdmin));
        }
    }
    let txn = crate::transaction::begin_write(db).await?;
    let id = grant_in(&txn, actor.map(|a| a.user_id), user_id, &spec, None).await?;
    txn.commit().await?;
    Ok(id)
}

/// An administrator's grant on the admin page: a welfare role is proposed, any other granted.
pub async fn grant_or_propose(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: i64,
    spec: RoleGrantSpec,
) -> Result<GrantOutcome, AppError> {
    if spec.is_welfare() {
        propose(db, actor, user_id, spec).await.map(GrantOutcome::Proposed)
    } else {
        grant(db, Some(actor), user_id, spec).await.map(GrantOutcome::Granted)
    }
}

/// The undecided proposal of this role for this person, if any.
async fn pending(
    txn: &impl ConnectionTrait,
    user_id: i64,
    spec: &RoleGrantSpec,
) -> Result<Option<role_proposal::Model>, AppError> {
    let mut q = role_proposal::Entity::find()
        .filter(role_proposal::Column::GranteeId.eq(user_id))
        .filter(role_proposal::Column::Role.eq(spec.role().as_str()))
        .filter(role_proposal::Column::DecidedAt.is_null());
    q = match (spec.dong(), spec.district()) {
        (Some(d), _) => q.filter(role_proposal::Column::DongCode.eq(d.as_str())),
        (None, Some(d)) => q
            .filter(role_proposal::Column::DistrictCode.eq(d.as_str()))
            .filter(role_proposal::Column::DongCode.is_null()),
        (None, None) => q,
    };
    Ok(q.one(txn).await?)
}

/// An administrator proposes a welfare role for someone else; a second administrator decides.
/// Proposing what is already proposed answers with the waiting proposal. The district's
/// welfare supervisors are told.
pub async fn propose(
    db: &DatabaseConnection,
    actor: &Actor,
    user_id: i64,
    spec: RoleGrantSpec,
) -> Result<i64, AppError> {
    may_manage(actor, user_id, ErrorCode::NotForYourself)?;
    if !spec.is_welfare() {
        return Err(AppError::input(Field::Role, InputRule::NotChosen));
    }
    let Some(district) = spec.district() else {
        return Err(AppError::input(Field::Scope, InputRule::NotChosen));
    };
    let txn = crate::transaction::begin_write(db).await?;
    let person = check_target(&txn, user_id, &spec).await?;
    if holds(&txn, user_id, &spec).await? {
        return Err(AppError::Conflict(ErrorCode::RoleAlreadyHeld));
    }
    if let Some(waiting) = pending(&txn, user_id, &spec).await? {
        return Ok(waiting.id);
    }
    let inserted = role_proposal::ActiveModel {
        grantee_id: Set(user_id),
        role: Set(spec.role().into()),
        district_code: Set(district.as_str().to_owned()),
        dong_code: Set(spec.dong().map(|d| d.as_str().to_owned())),
        proposed_by: Set(actor.user_id),
        proposed_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let row = match inserted {
        Ok(row) => row,
        // another administrator proposed the same at the same moment: theirs is the one waiting
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            drop(txn);
            return pending(db, user_id, &spec)
                .await?
                .map(|p| p.id)
                .ok_or(AppError::Conflict(ErrorCode::ProposalDecided));
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::RoleProposed,
        spec.audit_scope(),
        Some(user_id),
        serde_json::json!({ "role": spec.role().as_str(), "proposal": row.id }),
    )
    .await?;
    tell_supervisors(&txn, &person, &spec, false).await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Decides proposal `proposal_id`: a second administrator — not its proposer, not its grantee —
/// confirms it (the grant is made, in the same transaction) or turns it down. Of two decisions
/// at once exactly one is made: the other finds it decided. Returns the grant's id when confirmed.
async fn decide(
    db: &DatabaseConnection,
    actor: &Actor,
    proposal_id: i64,
    confirm: bool,
) -> Result<Option<i64>, AppError> {
    // only administrators learn whether a proposal exists
    authz::can(Some(actor), Action::ManageRoles, &Scope::City)?;
    let txn = crate::transaction::begin_write(db).await?;
    let p = role_proposal::Entity::find_by_id(proposal_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    may_decide(actor, &p)?;
    if p.decided_at.is_some() {
        return Err(AppError::Conflict(ErrorCode::ProposalDecided));
    }
    let outcome = if confirm { ProposalOutcome::Confirmed } else { ProposalOutcome::Declined };
    let decided = role_proposal::Entity::update_many()
        .col_expr(role_proposal::Column::DecidedBy, Expr::value(actor.user_id))
        .col_expr(role_proposal::Column::DecidedAt, Expr::value(chrono::Utc::now()))
        .col_expr(role_proposal::Column::Outcome, Expr::value(Stored(outcome)))
        .filter(role_proposal::Column::Id.eq(p.id))
        .filter(role_proposal::Column::DecidedAt.is_null())
        .exec(&txn)
        .await?;
    if decided.rows_affected != 1 {
        return Err(AppError::Conflict(ErrorCode::ProposalDecided));
    }
    let spec = RoleGrantSpec::of_proposal(&p)?;
    let grant =
        if confirm { Some(grant_in(&txn, Some(actor.user_id), p.grantee_id, &spec, Some(p.id)).await?) } else { None };
    audit::record(
        &txn,
        Some(actor.user_id),
        if confirm { AuditAction::RoleProposalConfirmed } else { AuditAction::RoleProposalDeclined },
        spec.audit_scope(),
        Some(p.grantee_id),
        serde_json::json!({ "role": p.role, "proposal": p.id, "proposed_by": p.proposed_by }),
    )
    .await?;
    txn.commit().await?;
    Ok(grant)
}

/// A second administrator confirms a proposed welfare role: the grant is made. Returns its id.
pub async fn confirm(db: &DatabaseConnection, actor: &Actor, proposal_id: i64) -> Result<i64, AppError> {
    decide(db, actor, proposal_id, true).await?.ok_or(AppError::Internal)
}

/// A second administrator turns a proposed welfare role down.
pub async fn decline(db: &DatabaseConnection, actor: &Actor, proposal_id: i64) -> Result<(), AppError> {
    decide(db, actor, proposal_id, false).await.map(|_| ())
}

/// Revokes a grant — never one's own (an administrator's own admin role has its own refusal, so
/// the city is never left without one by accident). The person's codes, sessions, tokens and
/// linked providers end with it.
pub async fn revoke(db: &DatabaseConnection, actor: &Actor, grant_id: i64) -> Result<(), AppError> {
    // only administrators learn whether a grant exists
    authz::can(Some(actor), Action::ManageRoles, &Scope::City)?;
    let txn = crate::transaction::begin_write(db).await?;
    let g = role_grant::Entity::find_by_id(grant_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let own = if g.role == Role::Admin { ErrorCode::OwnAdminRole } else { ErrorCode::NotForYourself };
    may_manage(actor, g.user_id, own)?;
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
    end_credentials(&txn, g.user_id).await?;
    txn.commit().await?;
    Ok(())
}

/// The welfare roles waiting for a second administrator, oldest first, for the admin page.
pub async fn proposals(db: &DatabaseConnection, actor: &Actor) -> Result<Vec<RoleProposalRow>, AppError> {
    authz::can(Some(actor), Action::ManageRoles, &Scope::City)?;
    let rows = role_proposal::Entity::find()
        .filter(role_proposal::Column::DecidedAt.is_null())
        .order_by_asc(role_proposal::Column::ProposedAt)
        .order_by_asc(role_proposal::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().flat_map(|p| [p.grantee_id, p.proposed_by]).collect();
    let users = names_of(db, ids).await?;
    let dongs = places::dongs(db, rows.iter().filter_map(|p| p.dong_code.clone())).await?;
    let districts = places::districts(db).await?;
    Ok(rows
        .into_iter()
        .map(|p| {
            let scope = match &p.dong_code {
                Some(d) => dongs.get(d).cloned(),
                None => districts.get(&p.district_code).cloned(),
            };
            let may_decide = may_decide(actor, &p).is_ok();
            RoleProposalRow {
                id: p.id,
                user_id: p.grantee_id,
                display_name: users.get(&p.grantee_id).cloned().unwrap_or_default(),
                role: RoleView { role: *p.role, scope },
                proposed_by_id: p.proposed_by,
                proposed_by: users.get(&p.proposed_by).cloned().unwrap_or_default(),
                proposed_at: time_fmt::seoul_datetime(p.proposed_at),
                may_decide,
            }
        })
        .collect())
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
    let users = names_of(db, grants.iter().map(|g| g.user_id).collect::<Vec<_>>()).await?;
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
                role: RoleView { role: *g.role, scope },
                granted_on: time_fmt::seoul_date(g.created_at),
            }
        })
        .collect())
}

/// Creates an administrator account (operator CLI, first start of a deployment).
pub async fn create_admin(db: &DatabaseConnection, name: &domain::identity::DisplayName) -> Result<i64, AppError> {
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
