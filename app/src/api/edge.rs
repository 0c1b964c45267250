//! What every feature's edge shares: who is asking. Server functions run their body with the app
//! state and the signed-in actor ([`with_actor`]); REST handlers take the caller from a token or
//! the session ([`reader`] for reads, [`writer`] for writes, which need a `read_write` token).

use crate::api::auth;
use crate::api::state::{AppState, use_app_state};
use crate::domain::authz::Actor;
use crate::domain::identity::TokenScope;
use crate::error::{AppError, respond};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

/// Runs a server function's body with the app state, mapping its error for scripts
/// ([`respond`]): the shape of every server function.
pub(crate) async fn with_state<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(AppState) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    async { f(use_app_state()?).await }.await.map_err(respond)
}

/// [`with_state`] with the signed-in actor (if any), for bodies that need the whole state.
pub(crate) async fn with_state_and_actor<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(AppState, Option<Actor>) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    with_state(|state| async move {
        let actor = auth::actor().await?;
        f(state, actor).await
    })
    .await
}

/// [`with_state`] with the database and the signed-in actor (if any): most server functions.
pub(crate) async fn with_actor<T, F, Fut>(f: F) -> Result<T, AppError>
where
    F: FnOnce(services::DatabaseConnection, Option<Actor>) -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    with_state_and_actor(|state, actor| f(state.db, actor)).await
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

/// An uploaded file as a response that is never a document: the type the server found, no
/// sniffing, a sandboxing CSP (no scripts, no plugins, no same-origin powers even if opened
/// directly), same-origin only.
pub(crate) fn file_response(bytes: Vec<u8>, mime: &'static str, disposition: &str, cache: &'static str) -> Response {
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(HeaderName::from_static("cross-origin-resource-policy"), HeaderValue::from_static("same-origin"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// A form's optional number: empty means none.
pub(crate) fn optional_id(field: crate::domain::Field, v: Option<String>) -> Result<Option<i64>, AppError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse::<i64>().map(Some).map_err(|_| AppError::input(field, crate::domain::InputRule::NoSuch)),
    }
}
