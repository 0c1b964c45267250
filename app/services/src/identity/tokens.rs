//! Personal access tokens for the REST API.

use super::actors::load_actor;
use crate::crypto;
use crate::entities::access_token;
use chrono::{Duration, Utc};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::identity::{self as id, TokenScope};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};

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
    let txn = crate::transaction::begin_write(db).await?;
    access_token::ActiveModel {
        user_id: Set(actor.user_id),
        name: Set(name),
        token_hash: Set(crypto::sha256_hex(&token)),
        scope: Set(scope.into()),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // an account with a token signs in without the counter: the center prints no code for it
    super::credentials::mark_online(&txn, actor.user_id).await?;
    txn.commit().await?;
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
    let scope = *row.scope;
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
