//! What every feature's edge shares: who is asking. Server functions run their body with the app
//! state and the signed-in actor ([`with_actor`]); REST handlers take the caller from a token or
//! the session ([`reader`] for reads, [`writer`] for writes, which need a `read_write` token).

use crate::domain::authz::Actor;
use crate::domain::identity::TokenScope;
use crate::error::{AppError, respond};
use crate::server::auth;
use crate::server::state::{AppState, use_app_state};
use axum::http::HeaderMap;
use tower_sessions::Session;

/// Runs `f` with the app state and the signed-in actor (if any), mapping errors for scripts.
pub(crate) async fn with_actor<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(sea_orm::DatabaseConnection, Option<Actor>) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    async {
        let state = use_app_state()?;
        let actor = auth::actor().await?;
        f(state.db.clone(), actor).await
    }
    .await
    .map_err(respond)
}

/// The caller of a REST read, if any.
pub(crate) async fn reader(
    state: &AppState,
    headers: &HeaderMap,
    session: &Session,
) -> Result<Option<Actor>, AppError> {
    Ok(auth::api_actor(&state.db, headers, Some(session)).await?.map(|(a, _)| a))
}

/// The caller of a REST write, who must be allowed to write: a `read_write` token or a session.
pub(crate) async fn writer(state: &AppState, headers: &HeaderMap, session: &Session) -> Result<Actor, AppError> {
    match auth::api_actor(&state.db, headers, Some(session)).await? {
        Some((actor, TokenScope::ReadWrite)) => Ok(actor),
        Some((_, TokenScope::Read)) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthorized),
    }
}
