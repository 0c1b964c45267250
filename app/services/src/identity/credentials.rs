//! What a role change ends. A grant gives an account more than it had; whatever let someone into
//! the account before the grant — a code printed at the counter last week, a session open on a
//! shared computer, a token, a provider login someone else linked — must not carry that power on.
//! So granting or revoking any role ends all of them in the grant's own transaction, and the
//! person signs in afresh (a code from the operator, then they link their provider again).

use crate::entities::{access_token, oauth_identity, sign_in_code, user};
use crate::notices::{self, About};
use chrono::Utc;
use contract::error::AppError;
use domain::moderation::NoticeKind;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Ends every way into account `user_id` that existed before now: unused sign-in codes are
/// deleted, sessions stop working (the account's credential epoch moves on), access tokens are
/// revoked and linked sign-in providers unlinked. The person is told. Call it inside the
/// transaction that changes the roles.
pub async fn end_credentials(txn: &impl ConnectionTrait, user_id: i64) -> Result<(), AppError> {
    let now = Utc::now();
    sign_in_code::Entity::delete_many()
        .filter(sign_in_code::Column::UserId.eq(user_id))
        .filter(sign_in_code::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    user::Entity::update_many()
        .col_expr(user::Column::CredentialEpoch, Expr::col(user::Column::CredentialEpoch).add(1))
        .filter(user::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    access_token::Entity::update_many()
        .col_expr(access_token::Column::RevokedAt, Expr::value(now))
        .filter(access_token::Column::UserId.eq(user_id))
        .filter(access_token::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    oauth_identity::Entity::delete_many().filter(oauth_identity::Column::UserId.eq(user_id)).exec(txn).await?;
    notices::notify(txn, [user_id], None, NoticeKind::RolesChanged, About::default(), "").await
}

/// Marks that account `user_id` now signs in without the counter (a provider was linked or a
/// token made): from now on the center prints no code for it. Set once, never cleared.
pub(crate) async fn mark_online(txn: &impl ConnectionTrait, user_id: i64) -> Result<(), AppError> {
    user::Entity::update_many()
        .col_expr(user::Column::OnlineSince, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::OnlineSince.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// The epoch a session of `user_id` must carry to be valid; `None` if the account is gone.
pub async fn credential_epoch(db: &impl ConnectionTrait, user_id: i64) -> Result<Option<i64>, AppError> {
    Ok(user::Entity::find_by_id(user_id).one(db).await?.filter(|u| u.deleted_at.is_none()).map(|u| u.credential_epoch))
}
