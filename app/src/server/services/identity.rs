//! People and how they sign in: actors for the policy, counter registration and sign-in codes,
//! OAuth identities, residency verification, the account (settings, export, deletion) and
//! personal access tokens.
//!
//! `actor: Option<&Actor>` parameters take `None` only from the operator CLI, which acts with the
//! machine's authority; every request path passes the signed-in actor and is checked by
//! `authz::can` first.

pub mod roles;

use crate::api::dto::{
    Account, IssuedCode, LinkedIdentity, Me, Place, Provider, Residency, ResidentRow, RoleView, StaffDong, TokenInfo,
};
use crate::domain::authz::{self, Action, Actor, Grant, Scope};
use crate::domain::geo::{DistrictCode, DongCode};
use crate::domain::group::{MemberRole, MemberState};
use crate::domain::identity::{
    self as id, ATTEMPT_WINDOW_SECS, BirthYear, CodeShape, DisplayName, MAX_FAILED_ATTEMPTS, SIGN_IN_CODE_DAYS,
    SignInCode, TokenScope, VerificationMethod,
};
use crate::domain::lang::Lang;
use crate::domain::oauth::ProviderConfig;
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::error_code::ErrorCode;
use crate::server::crypto;
use crate::server::entities::{
    access_token, center, group_member, oauth_identity, posting_restriction, residency, role_grant, sign_in_code,
    sign_in_failure, user,
};
use crate::server::services::audit::{self, AuditAction, AuditScope};
use crate::server::services::{places, time_fmt};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// The name a deleted account shows where its content remains.
pub const DELETED_NAME: &str = "탈퇴한 주민 (deleted)";

// ---- actors ------------------------------------------------------------------------------

/// The actor for `user_id`, with current grants and residencies; `None` if the account does not
/// exist or was deleted.
pub async fn load_actor(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<Actor>, AppError> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if u.deleted_at.is_some() {
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
        .filter(posting_restriction::Column::Kind.eq("block"))
        .filter(posting_restriction::Column::Until.gt(Utc::now()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| DistrictCode::parse(&r.district_code).ok())
        .collect();
    Ok(Some(Actor { user_id, grants, residencies, organises, blocked_in }))
}

fn grant_of(g: role_grant::Model) -> Option<Grant> {
    match Role::parse(&g.role)? {
        Role::Admin => Some(Grant::Admin),
        Role::Expert => Some(Grant::Expert(DistrictCode::parse(g.district_code.as_deref()?).ok()?)),
        Role::CenterStaff => Some(Grant::CenterStaff(DongCode::parse(g.dong_code.as_deref()?).ok()?)),
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
async fn current_residencies(
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
    let dongs = places::dongs(db, actor.staffed_dongs().map(DongCode::as_str)).await?;
    let districts = places::districts(db).await?;
    Ok(actor
        .grants
        .iter()
        .map(|g| match g {
            Grant::Admin => RoleView { role: Role::Admin.as_str().into(), scope: None },
            Grant::Expert(d) => {
                RoleView { role: Role::Expert.as_str().into(), scope: districts.get(d.as_str()).cloned() }
            }
            Grant::CenterStaff(d) => {
                RoleView { role: Role::CenterStaff.as_str().into(), scope: dongs.get(d.as_str()).cloned() }
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

// ---- counter registration and sign-in codes ------------------------------------------------

/// Input of the counter registration form, parsed.
pub struct NewResident {
    pub name: DisplayName,
    pub birth_year: BirthYear,
    pub dong: DongCode,
    /// Verified in person while registering.
    pub verified_by: Option<VerificationMethod>,
}

/// Staff register a resident who has no online account and get a one-time code to print.
pub async fn register_resident(
    db: &DatabaseConnection,
    key: &[u8],
    actor: &Actor,
    input: NewResident,
) -> Result<IssuedCode, AppError> {
    authz::can(Some(actor), Action::RegisterResident, &Scope::Dong(input.dong.clone()))?;
    let txn = crate::server::db::begin_write(db).await?;
    let now = Utc::now();
    let person = user::ActiveModel {
        display_name: Set(input.name.as_str().to_owned()),
        birth_year: Set(Some(input.birth_year.value())),
        is_demo: Set(false),
        created_at: Set(now),
        home_dong_code: Set(Some(input.dong.as_str().to_owned())),
        stay_signed_in: Set(false),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor.user_id),
        AuditAction::ResidentRegistered,
        AuditScope::dong(&input.dong),
        Some(person.id),
        serde_json::json!({}),
    )
    .await?;
    if let Some(method) = input.verified_by {
        insert_residency(&txn, Some(actor.user_id), person.id, &input.dong, method, None).await?;
    }
    let issued = issue_code_in(&txn, key, Some(actor.user_id), &person, &input.dong).await?;
    txn.commit().await?;
    Ok(issued)
}

/// Staff print a new code for a resident of their dong (lost paper, expired code, or to link
/// a new phone). Earlier unused codes of the person stop working.
pub async fn reissue_code(
    db: &DatabaseConnection,
    key: &[u8],
    actor: Option<&Actor>,
    user_id: i64,
) -> Result<IssuedCode, AppError> {
    let person = user::Entity::find_by_id(user_id).one(db).await?.filter(|u| u.deleted_at.is_none());
    let person = person.ok_or(AppError::NotFound)?;
    let dong = person_dong(db, &person).await?;
    if let Some(actor) = actor {
        let dong = dong.clone().ok_or(AppError::Forbidden)?;
        authz::can(Some(actor), Action::IssueSignInCode, &Scope::Dong(dong))?;
    }
    let dong = match dong {
        Some(d) => d,
        // The operator CLI may issue a code to anyone (e.g. the first administrator), who has
        // no dong: print the code with Seoul City Hall's dong (Sogong-dong) as the place.
        None => DongCode::parse(CITY_HALL_DONG)?,
    };
    let txn = crate::server::db::begin_write(db).await?;
    let issued = issue_code_in(&txn, key, actor.map(|a| a.user_id), &person, &dong).await?;
    txn.commit().await?;
    Ok(issued)
}

/// Sogong-dong, Jung-gu: where Seoul City Hall is.
pub const CITY_HALL_DONG: &str = "1114052000";

/// The dong a person belongs to for staff purposes: their current residency, else the dong
/// where they were registered, else (for staff) the dong of their center.
async fn person_dong(db: &impl ConnectionTrait, person: &user::Model) -> Result<Option<DongCode>, AppError> {
    if let Some(r) = current_residencies(db, Some(person.id), None).await?.into_iter().next() {
        return Ok(DongCode::parse(&r.dong_code).ok());
    }
    if let Some(home) = person.home_dong_code.as_deref().and_then(|c| DongCode::parse(c).ok()) {
        return Ok(Some(home));
    }
    let staff = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(person.id))
        .filter(role_grant::Column::Role.eq(Role::CenterStaff.as_str()))
        .one(db)
        .await?;
    Ok(staff.and_then(|g| g.dong_code).and_then(|c| DongCode::parse(&c).ok()))
}

async fn issue_code_in(
    txn: &impl ConnectionTrait,
    key: &[u8],
    issuer: Option<i64>,
    person: &user::Model,
    dong: &DongCode,
) -> Result<IssuedCode, AppError> {
    let now = Utc::now();
    // earlier unused codes of this person stop working
    sign_in_code::Entity::delete_many()
        .filter(sign_in_code::Column::UserId.eq(person.id))
        .filter(sign_in_code::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    // The selector is unique; on the rare collision with a live code, draw again.
    let mut attempt = 0;
    let (code, row) = loop {
        attempt += 1;
        let code = SignInCode::generate(&crypto::random_bytes::<{ SignInCode::RANDOM_BYTES }>()?);
        let taken =
            sign_in_code::Entity::find().filter(sign_in_code::Column::Selector.eq(code.selector())).one(txn).await?;
        match taken {
            Some(old) if old.used_at.is_none() && old.expires_at > now => {
                if attempt > 20 {
                    tracing::error!("could not draw a free sign-in code selector in 20 attempts");
                    return Err(AppError::Internal);
                }
                continue;
            }
            Some(old) => {
                // a used or expired code: its selector may be reused
                sign_in_code::Entity::delete_by_id(old.id).exec(txn).await?;
            }
            None => {}
        }
        let row = sign_in_code::ActiveModel {
            user_id: Set(person.id),
            selector: Set(code.selector().to_owned()),
            secret_hash: Set(crypto::keyed_hash(key, code.secret())),
            issued_by: Set(issuer),
            created_at: Set(now),
            expires_at: Set(now + Duration::days(SIGN_IN_CODE_DAYS)),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        break (code, row);
    };
    audit::record(
        txn,
        issuer,
        AuditAction::SignInCodeIssued,
        AuditScope::dong(dong),
        Some(person.id),
        serde_json::json!({ "expires_at": row.expires_at.to_rfc3339() }),
    )
    .await?;
    let center = center::Entity::find().filter(center::Column::DongCode.eq(dong.as_str())).one(txn).await?;
    let (center_name_ko, center_name_en) = center.map(|c| (c.name_ko, c.name_en)).unwrap_or_default();
    Ok(IssuedCode {
        code_id: row.id,
        user_id: person.id,
        display_name: person.display_name.clone(),
        birth_year: person.birth_year,
        dong: places::dong(txn, dong).await?,
        center_name_ko,
        center_name_en,
        code: code.display(),
        expires_at: time_fmt::seoul_datetime(row.expires_at),
    })
}

/// Takes a place for one attempt under `key` in the sign-in limit, or `None` when the limit is
/// reached. Attempts under one key take their places one at a time (SQLite: the write lock of
/// `begin_write`; PostgreSQL: a transaction-scoped advisory lock on the key), so exactly
/// `MAX_FAILED_ATTEMPTS` are checked per window however many arrive at once. Every attempt's row
/// stays for the window — a refused one too, so a burst keeps its address or code locked — unless
/// the code was right (`release_attempts`).
async fn reserve_attempt(db: &DatabaseConnection, key: &str) -> Result<Option<i64>, AppError> {
    let txn = crate::server::db::begin_write(db).await?;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        let lock = sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock(hashtext($1))",
            [key.into()],
        );
        txn.query_one_raw(lock).await?;
    }
    let now = Utc::now();
    let earlier = sign_in_failure::Entity::find()
        .filter(sign_in_failure::Column::Key.eq(key))
        .filter(sign_in_failure::Column::At.gt(now - Duration::seconds(ATTEMPT_WINDOW_SECS)))
        .count(&txn)
        .await?;
    let row = sign_in_failure::ActiveModel { key: Set(key.to_owned()), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    txn.commit().await?;
    if row.id % 64 == 0 {
        prune_attempts(db).await?;
    }
    Ok((earlier < MAX_FAILED_ATTEMPTS).then_some(row.id))
}

async fn release_attempts(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), AppError> {
    if !ids.is_empty() {
        sign_in_failure::Entity::delete_many().filter(sign_in_failure::Column::Id.is_in(ids.to_vec())).exec(db).await?;
    }
    Ok(())
}

/// Keeps the table small: anything older than the window no longer counts.
async fn prune_attempts(db: &impl ConnectionTrait) -> Result<(), AppError> {
    sign_in_failure::Entity::delete_many()
        .filter(sign_in_failure::Column::At.lt(Utc::now() - Duration::seconds(ATTEMPT_WINDOW_SECS * 10)))
        .exec(db)
        .await?;
    Ok(())
}

/// Signs in with a counter code. Returns the user id. Attempts are limited per client address
/// and per code (`reserve_attempt`): after `MAX_FAILED_ATTEMPTS` wrong ones within the window,
/// further attempts are refused unchecked — the right code too — until the window has passed.
/// The code is spent atomically: of two concurrent uses, exactly one succeeds.
pub async fn sign_in_with_code(
    db: &DatabaseConnection,
    key: &[u8],
    typed: &str,
    client: Option<std::net::IpAddr>,
) -> Result<i64, AppError> {
    let mut held = Vec::new();
    if let Some(ip) = client {
        match reserve_attempt(db, &format!("addr:{ip}")).await? {
            Some(id) => held.push(id),
            None => return Err(AppError::RateLimited),
        }
    }
    let refused = |code: ErrorCode| AppError::invalid_code("code", code);
    let wrong = || refused(ErrorCode::SignInCodeWrong);
    // from here on, a failed attempt keeps its places: they are its failure records
    let code = SignInCode::parse(typed).map_err(|shape| {
        refused(match shape {
            CodeShape::Length => ErrorCode::SignInCodeLength,
            CodeShape::Letter => ErrorCode::SignInCodeLetter,
        })
    })?;
    match reserve_attempt(db, &format!("code:{}", code.selector())).await? {
        Some(id) => held.push(id),
        None => return Err(AppError::RateLimited),
    }
    let Some(row) =
        sign_in_code::Entity::find().filter(sign_in_code::Column::Selector.eq(code.selector())).one(db).await?
    else {
        return Err(wrong());
    };
    if !crypto::constant_time_eq(&row.secret_hash, &crypto::keyed_hash(key, code.secret())) {
        return Err(wrong());
    }
    if row.used_at.is_some() {
        return Err(refused(ErrorCode::SignInCodeUsed));
    }
    let now = Utc::now();
    if row.expires_at <= now {
        return Err(refused(ErrorCode::SignInCodeExpired));
    }
    let spent = sign_in_code::Entity::update_many()
        .col_expr(sign_in_code::Column::UsedAt, Expr::value(now))
        .filter(sign_in_code::Column::Id.eq(row.id))
        .filter(sign_in_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if spent.rows_affected != 1 {
        return Err(refused(ErrorCode::SignInCodeUsed));
    }
    // the right code: its attempt was no failure
    release_attempts(db, &held).await?;
    let person = user::Entity::find_by_id(row.user_id).one(db).await?;
    match person {
        Some(p) if p.deleted_at.is_none() => Ok(p.id),
        _ => Err(wrong()),
    }
}

// ---- OAuth identities --------------------------------------------------------------------

/// What a provider told us about the person.
pub struct ProviderIdentity {
    pub provider: String,
    pub subject: String,
    pub name: Option<String>,
}

/// The user an OAuth sign-in resolves to. With `link_to`, the identity is added to that
/// (signed-in) account instead; an identity already linked to someone else is refused.
pub async fn oauth_user(db: &DatabaseConnection, who: ProviderIdentity, link_to: Option<i64>) -> Result<i64, AppError> {
    let find = || {
        oauth_identity::Entity::find()
            .filter(oauth_identity::Column::Provider.eq(who.provider.as_str()))
            .filter(oauth_identity::Column::Subject.eq(who.subject.as_str()))
            .one(db)
    };
    if let Some(existing) = find().await? {
        return match link_to {
            Some(me) if me != existing.user_id => Err(AppError::Conflict(ErrorCode::SignInLinkedElsewhere)),
            _ => Ok(existing.user_id),
        };
    }
    let txn = crate::server::db::begin_write(db).await?;
    let now = Utc::now();
    let user_id = match link_to {
        Some(me) => me,
        None => {
            let name = who
                .name
                .as_deref()
                .and_then(|n| DisplayName::parse(n).ok())
                .map_or_else(|| "주민".to_owned(), |n| n.as_str().to_owned());
            user::ActiveModel {
                display_name: Set(name),
                is_demo: Set(false),
                created_at: Set(now),
                stay_signed_in: Set(false),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id
        }
    };
    let inserted = oauth_identity::ActiveModel {
        user_id: Set(user_id),
        provider: Set(who.provider.clone()),
        subject: Set(who.subject.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match inserted {
        Ok(_) => {
            txn.commit().await?;
            Ok(user_id)
        }
        Err(e) => {
            // A concurrent first sign-in of the same person won the unique index: use theirs.
            txn.rollback().await?;
            match find().await? {
                Some(existing) if link_to.is_none_or(|me| me == existing.user_id) => Ok(existing.user_id),
                Some(_) => Err(AppError::Conflict(ErrorCode::SignInLinkedElsewhere)),
                None => Err(e.into()),
            }
        }
    }
}

/// The person's preferred language, if they chose one (applied at sign-in).
pub async fn preferred_lang(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<Lang>, AppError> {
    Ok(user::Entity::find_by_id(user_id).one(db).await?.and_then(|u| u.lang).and_then(|l| Lang::from_code(&l)))
}

/// Whether the person asked to stay signed in (used at sign-in).
pub async fn stay_signed_in(db: &impl ConnectionTrait, user_id: i64) -> Result<bool, AppError> {
    Ok(user::Entity::find_by_id(user_id).one(db).await?.is_some_and(|u| u.stay_signed_in))
}

// ---- residency ---------------------------------------------------------------------------

async fn insert_residency(
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
        method: Set(method.as_str().to_owned()),
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
    .await
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
    authz::can(Some(actor), Action::VerifyResidency, &Scope::Dong(dong.clone()))?;
    let person = user::Entity::find_by_id(user_id).one(db).await?.filter(|u| u.deleted_at.is_none());
    if person.is_none() {
        return Err(AppError::invalid("account", "there is no account with this number"));
    }
    let expires_at = expires_on.map(time_fmt::end_of_seoul_day);
    if expires_at.is_some_and(|t| t <= Utc::now()) {
        return Err(AppError::invalid("expires_on", "must be a date in the future"));
    }
    let txn = crate::server::db::begin_write(db).await?;
    insert_residency(&txn, Some(actor.user_id), user_id, dong, method, expires_at).await?;
    txn.commit().await?;
    Ok(())
}

/// Staff record that a resident moved out of their dong: the residency ends (kept as history).
pub async fn end_residency(
    db: &DatabaseConnection,
    actor: &Actor,
    dong: &DongCode,
    user_id: i64,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::VerifyResidency, &Scope::Dong(dong.clone()))?;
    let txn = crate::server::db::begin_write(db).await?;
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
    txn.commit().await?;
    Ok(())
}

fn residency_dto(r: &residency::Model, place: Place, names: &HashMap<i64, String>) -> Residency {
    Residency {
        dong: place,
        method: r.method.clone(),
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
    let row = |u: &user::Model, r: Option<&residency::Model>| ResidentRow {
        user_id: u.id,
        display_name: u.display_name.clone(),
        birth_year: u.birth_year,
        residency: r.map(|r| residency_dto(r, place.clone(), &names)),
        registered_here: u.home_dong_code.as_deref() == Some(dong.as_str()),
        has_online_account: online.contains(&u.id),
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

// ---- the account -------------------------------------------------------------------------

pub async fn account(
    db: &DatabaseConnection,
    actor: &Actor,
    providers: &[ProviderConfig],
    new_token: Option<String>,
) -> Result<Account, AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let u = user::Entity::find_by_id(actor.user_id).one(db).await?.ok_or(AppError::Unauthorized)?;
    let me = me(db, actor).await?;
    let residency = match current_residencies(db, Some(actor.user_id), None).await?.into_iter().next() {
        Some(r) => {
            let place = places::dong(db, &DongCode::parse(&r.dong_code)?).await?;
            let names = names_of(db, r.verified_by.into_iter().collect()).await?;
            Some(residency_dto(&r, place, &names))
        }
        None => None,
    };
    let label = |p: &str| providers.iter().find(|c| c.id == p).map_or_else(|| p.to_owned(), |c| c.label.clone());
    let identities: Vec<LinkedIdentity> = oauth_identity::Entity::find()
        .filter(oauth_identity::Column::UserId.eq(actor.user_id))
        .order_by_asc(oauth_identity::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| LinkedIdentity {
            id: i.id,
            label: label(&i.provider),
            provider: i.provider,
            linked_on: time_fmt::seoul_date(i.created_at),
        })
        .collect();
    let linkable = providers
        .iter()
        .filter(|p| !identities.iter().any(|i| i.provider == p.id))
        .map(|p| Provider { id: p.id.clone(), label: p.label.clone() })
        .collect();
    let tokens = access_token::Entity::find()
        .filter(access_token::Column::UserId.eq(actor.user_id))
        .filter(access_token::Column::RevokedAt.is_null())
        .order_by_asc(access_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TokenInfo {
            id: t.id,
            name: t.name,
            scope: t.scope,
            created_on: time_fmt::seoul_date(t.created_at),
            last_used_on: t.last_used_at.map(time_fmt::seoul_date),
        })
        .collect();
    Ok(Account {
        me,
        birth_year: u.birth_year,
        lang: u.lang.unwrap_or_else(|| Lang::Ko.code().to_owned()),
        stay_signed_in: u.stay_signed_in,
        privileged: actor.is_privileged(),
        residency,
        identities,
        linkable,
        tokens,
        new_token,
    })
}

pub async fn update_account(
    db: &DatabaseConnection,
    actor: &Actor,
    name: DisplayName,
    lang: Lang,
    stay_signed_in: bool,
) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    user::ActiveModel {
        id: sea_orm::Unchanged(actor.user_id),
        display_name: Set(name.as_str().to_owned()),
        lang: Set(Some(lang.code().to_owned())),
        stay_signed_in: Set(stay_signed_in && !actor.is_privileged()),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Removes a linked sign-in. The last one stays: without it the person could only sign in
/// again through the center.
pub async fn unlink_identity(db: &DatabaseConnection, actor: &Actor, identity_id: i64) -> Result<(), AppError> {
    let identity = oauth_identity::Entity::find_by_id(identity_id).one(db).await?.ok_or(AppError::NotFound)?;
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(identity.user_id))?;
    let txn = crate::server::db::begin_write(db).await?;
    let linked =
        oauth_identity::Entity::find().filter(oauth_identity::Column::UserId.eq(identity.user_id)).count(&txn).await?;
    if linked <= 1 {
        return Err(AppError::Conflict(ErrorCode::OnlyWayToSignIn));
    }
    oauth_identity::Entity::delete_by_id(identity_id).exec(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Everything stored about the person, as JSON (the "download my data" file).
pub async fn export(db: &DatabaseConnection, actor: &Actor) -> Result<serde_json::Value, AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let u = user::Entity::find_by_id(actor.user_id).one(db).await?.ok_or(AppError::Unauthorized)?;
    let identities = oauth_identity::Entity::find().filter(oauth_identity::Column::UserId.eq(u.id)).all(db).await?;
    let residencies = residency::Entity::find().filter(residency::Column::UserId.eq(u.id)).all(db).await?;
    let grants = role_grant::Entity::find().filter(role_grant::Column::UserId.eq(u.id)).all(db).await?;
    let tokens = access_token::Entity::find().filter(access_token::Column::UserId.eq(u.id)).all(db).await?;
    Ok(serde_json::json!({
        "exported_at": Utc::now().to_rfc3339(),
        "account": {
            "id": u.id,
            "display_name": u.display_name,
            "birth_year": u.birth_year,
            "registered_at_dong": u.home_dong_code,
            "language": u.lang,
            "stay_signed_in": u.stay_signed_in,
            "created_at": u.created_at.to_rfc3339(),
        },
        "sign_in_methods": identities.iter().map(|i| serde_json::json!({
            "provider": i.provider, "linked_at": i.created_at.to_rfc3339(),
        })).collect::<Vec<_>>(),
        "residencies": residencies.iter().map(|r| serde_json::json!({
            "dong_code": r.dong_code, "method": r.method, "verified_at": r.verified_at.to_rfc3339(),
            "expires_at": r.expires_at.map(|t| t.to_rfc3339()), "ended_at": r.ended_at.map(|t| t.to_rfc3339()),
        })).collect::<Vec<_>>(),
        "roles": grants.iter().map(|g| serde_json::json!({
            "role": g.role, "district_code": g.district_code, "dong_code": g.dong_code,
            "granted_at": g.created_at.to_rfc3339(),
        })).collect::<Vec<_>>(),
        "access_tokens": tokens.iter().map(|t| serde_json::json!({
            "name": t.name, "scope": t.scope, "created_at": t.created_at.to_rfc3339(),
            "revoked_at": t.revoked_at.map(|t| t.to_rfc3339()),
        })).collect::<Vec<_>>(),
    }))
}

/// Deletes the account: what the person wrote stays (attributed to a deleted account), every
/// personal detail and way to sign in goes. Roles end; the audit log keeps its records.
pub async fn delete_account(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let txn = crate::server::db::begin_write(db).await?;
    let now = Utc::now();
    let uid = actor.user_id;
    oauth_identity::Entity::delete_many().filter(oauth_identity::Column::UserId.eq(uid)).exec(&txn).await?;
    sign_in_code::Entity::delete_many().filter(sign_in_code::Column::UserId.eq(uid)).exec(&txn).await?;
    access_token::Entity::delete_many().filter(access_token::Column::UserId.eq(uid)).exec(&txn).await?;
    role_grant::Entity::delete_many().filter(role_grant::Column::UserId.eq(uid)).exec(&txn).await?;
    residency::Entity::update_many()
        .col_expr(residency::Column::EndedAt, Expr::value(now))
        .filter(residency::Column::UserId.eq(uid))
        .filter(residency::Column::EndedAt.is_null())
        .exec(&txn)
        .await?;
    user::ActiveModel {
        id: sea_orm::Unchanged(uid),
        display_name: Set(DELETED_NAME.to_owned()),
        birth_year: Set(None),
        home_dong_code: Set(None),
        lang: Set(None),
        stay_signed_in: Set(false),
        deleted_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::record(&txn, Some(uid), AuditAction::AccountDeleted, AuditScope::city(), Some(uid), serde_json::json!({}))
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- personal access tokens --------------------------------------------------------------

pub const MAX_TOKENS: u64 = 10;

/// Creates a token and returns it; only its hash is kept.
pub async fn create_token(
    db: &DatabaseConnection,
    actor: &Actor,
    name: String,
    scope: TokenScope,
) -> Result<String, AppError> {
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(actor.user_id))?;
    let live = access_token::Entity::find()
        .filter(access_token::Column::UserId.eq(actor.user_id))
        .filter(access_token::Column::RevokedAt.is_null())
        .count(db)
        .await?;
    if live >= MAX_TOKENS {
        return Err(AppError::Conflict(ErrorCode::TooManyTokens { max: MAX_TOKENS }));
    }
    let token = id::generate_token(&crypto::random_bytes::<{ id::TOKEN_RANDOM_BYTES }>()?);
    access_token::ActiveModel {
        user_id: Set(actor.user_id),
        name: Set(name),
        token_hash: Set(crypto::sha256_hex(&token)),
        scope: Set(scope.as_str().to_owned()),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

pub async fn revoke_token(db: &DatabaseConnection, actor: &Actor, token_id: i64) -> Result<(), AppError> {
    let token = access_token::Entity::find_by_id(token_id).one(db).await?.ok_or(AppError::NotFound)?;
    authz::can(Some(actor), Action::ManageAccount, &Scope::Account(token.user_id))?;
    access_token::Entity::update_many()
        .col_expr(access_token::Column::RevokedAt, Expr::value(Utc::now()))
        .filter(access_token::Column::Id.eq(token_id))
        .filter(access_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// The actor and scope of a bearer token; `None` for unknown or revoked tokens.
pub async fn authenticate_token(db: &DatabaseConnection, token: &str) -> Result<Option<(Actor, TokenScope)>, AppError> {
    if !token.starts_with(id::TOKEN_PREFIX) || token.len() > 100 {
        return Ok(None);
    }
    let Some(row) = access_token::Entity::find()
        .filter(access_token::Column::TokenHash.eq(crypto::sha256_hex(token)))
        .filter(access_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Ok(scope) = TokenScope::parse(&row.scope) else {
        return Ok(None);
    };
    let Some(actor) = load_actor(db, row.user_id).await? else {
        return Ok(None);
    };
    // Recorded at most once an hour, not on every call.
    let now = Utc::now();
    if row.last_used_at.is_none_or(|t| now - t > Duration::hours(1)) {
        access_token::Entity::update_many()
            .col_expr(access_token::Column::LastUsedAt, Expr::value(now))
            .filter(access_token::Column::Id.eq(row.id))
            .exec(db)
            .await?;
    }
    Ok(Some((actor, scope)))
}
