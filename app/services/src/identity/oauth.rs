//! People who sign in through an OAuth provider, and their preferences at sign-in.

use crate::entities::{oauth_identity, user};
use chrono::Utc;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::identity::DisplayName;
use domain::lang::Lang;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

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
    let txn = crate::transaction::begin_write(db).await?;
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
            // from now on this account signs in through its provider, not the counter
            super::credentials::mark_online(&txn, user_id).await?;
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
