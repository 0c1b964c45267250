//! Counter registration and one-time sign-in codes, with their attempt limits.

use super::actors::current_residencies;
use super::residents::insert_residency;
use crate::audit::{self, AuditAction, AuditScope};
use crate::crypto;
use crate::entities::{center, role_grant, sign_in_code, sign_in_failure, user};
use crate::notices::{self, About};
use crate::{places, time_fmt};
use chrono::{Duration, Utc};
use contract::dto::IssuedCode;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::identity::{
    ATTEMPT_WINDOW_SECS, BirthYear, CodeShape, DisplayName, MAX_FAILED_ATTEMPTS, SIGN_IN_CODE_DAYS, SignInCode,
    VerificationMethod,
};
use domain::moderation::NoticeKind;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

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
    let txn = crate::transaction::begin_write(db).await?;
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
        let holds_role = holds_role(db, person.id).await?;
        let counter_only = person.is_counter_account();
        let scope = Scope::Person { dong: dong.clone(), id: person.id, holds_role, counter_only };
        authz::can(Some(actor), Action::IssueSignInCode, &scope).map_err(|denied| {
            // the dong's staff are told which rule refused them; anyone else learns nothing
            if !actor.is_staff_of(&dong) {
                denied.into()
            } else if person.id == actor.user_id {
                AppError::Conflict(ErrorCode::NotForYourself)
            } else if holds_role {
                AppError::Conflict(ErrorCode::HoldsRoleNoCode)
            } else {
                AppError::Conflict(ErrorCode::AccountSignsInElsewhere)
            }
        })?;
    }
    let dong = match dong {
        Some(d) => d,
        // The operator CLI may issue a code to anyone (e.g. the first administrator), who has
        // no dong: print the code with Seoul City Hall's dong (Sogong-dong) as the place.
        None => DongCode::parse(CITY_HALL_DONG)?,
    };
    let txn = crate::transaction::begin_write(db).await?;
    let issued = issue_code_in(&txn, key, actor.map(|a| a.user_id), &person, &dong).await?;
    txn.commit().await?;
    Ok(issued)
}

/// Sogong-dong, Jung-gu: where Seoul City Hall is.
pub const CITY_HALL_DONG: &str = "1114052000";

/// The dong a person belongs to for staff purposes: their current residency, else the dong
/// where they were registered, else (for the center's staff and welfare team) the dong of their
/// center.
pub(super) async fn person_dong(db: &impl ConnectionTrait, person: &user::Model) -> Result<Option<DongCode>, AppError> {
    if let Some(r) = current_residencies(db, Some(person.id), None).await?.into_iter().next() {
        return Ok(DongCode::parse(&r.dong_code).ok());
    }
    if let Some(home) = person.home_dong_code.as_deref().and_then(|c| DongCode::parse(c).ok()) {
        return Ok(Some(home));
    }
    let center = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(person.id))
        .filter(role_grant::Column::DongCode.is_not_null())
        .order_by_asc(role_grant::Column::Id)
        .one(db)
        .await?;
    Ok(center.and_then(|g| g.dong_code).and_then(|c| DongCode::parse(&c).ok()))
}

pub(super) async fn issue_code_in(
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
    // the person hears of every code printed for their account (a code is a way into it)
    let center = center::Entity::find().filter(center::Column::DongCode.eq(dong.as_str())).one(txn).await?;
    let (center_name_ko, center_name_en) = center.map(|c| (c.name_ko, c.name_en)).unwrap_or_default();
    notices::notify(txn, [person.id], None, NoticeKind::SignInCodePrinted, About::default(), &center_name_ko).await?;
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
pub(crate) async fn reserve_attempt(db: &DatabaseConnection, key: &str) -> Result<Option<i64>, AppError> {
    reserve_place(db, key, MAX_FAILED_ATTEMPTS, ATTEMPT_WINDOW_SECS).await
}

/// [`reserve_attempt`] with another limit: at most `max` places under `key` within `window_secs`
/// (at most ten sign-in windows: older places are pruned).
pub(crate) async fn reserve_place(
    db: &DatabaseConnection,
    key: &str,
    max: u64,
    window_secs: i64,
) -> Result<Option<i64>, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
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
        .filter(sign_in_failure::Column::At.gt(now - Duration::seconds(window_secs)))
        .count(&txn)
        .await?;
    let row = sign_in_failure::ActiveModel { key: Set(key.to_owned()), at: Set(now), ..Default::default() }
        .insert(&txn)
        .await?;
    txn.commit().await?;
    if row.id % 64 == 0 {
        prune_attempts(db).await?;
    }
    Ok((earlier < max).then_some(row.id))
}

pub(crate) async fn release_attempts(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), AppError> {
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
) -> Result<SignedIn, AppError> {
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
    let Some(person) = user::Entity::find_by_id(row.user_id).one(db).await?.filter(|p| p.deleted_at.is_none()) else {
        return Err(wrong());
    };
    // A code printed at the counter (by a person, not the operator) never signs in someone who
    // holds a role now: printed for a colleague on Monday, it would sign in as the welfare
    // officer they became on Tuesday. (A grant deletes unused codes too; this holds even for a
    // grant that commits after this check: the epoch is read before the spend, so the session
    // it starts dies at its first request under the grant's new epoch.)
    if row.issued_by.is_some() && holds_role(db, person.id).await? {
        return Err(refused(ErrorCode::SignInCodeVoid));
    }
    let epoch = person.credential_epoch;
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
    Ok(SignedIn { user_id: person.id, epoch })
}

/// Who a sign-in code signed in, and the credential epoch their session is valid under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedIn {
    pub user_id: i64,
    pub epoch: i64,
}

pub(super) async fn holds_role(db: &impl ConnectionTrait, user_id: i64) -> Result<bool, AppError> {
    Ok(role_grant::Entity::find().filter(role_grant::Column::UserId.eq(user_id)).one(db).await?.is_some())
}
