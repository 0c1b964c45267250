//! A person's own account: what it shows, its changes, unlinking, export and deletion.

use super::DELETED_NAME;
use super::actors::{current_residencies, me};
use super::residents::{names_of, residency_dto};
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{access_token, oauth_identity, residency, role_grant, sign_in_code, user};
use crate::{places, time_fmt};
use chrono::Utc;
use contract::dto::{Account, LinkedIdentity, Provider, TokenInfo};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::identity::DisplayName;
use domain::lang::Lang;
use domain::oauth::ProviderConfig;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

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
            scope: *t.scope,
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
    let txn = crate::transaction::begin_write(db).await?;
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
    let txn = crate::transaction::begin_write(db).await?;
    let now = Utc::now();
    let uid = actor.user_id;
    oauth_identity::Entity::delete_many().filter(oauth_identity::Column::UserId.eq(uid)).exec(&txn).await?;
    sign_in_code::Entity::delete_many().filter(sign_in_code::Column::UserId.eq(uid)).exec(&txn).await?;
    access_token::Entity::delete_many().filter(access_token::Column::UserId.eq(uid)).exec(&txn).await?;
    role_grant::Entity::delete_many().filter(role_grant::Column::UserId.eq(uid)).exec(&txn).await?;
    // off-site messages: the addresses, the choices and every message kept or waiting
    crate::messaging::forget(&txn, uid).await?;
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
