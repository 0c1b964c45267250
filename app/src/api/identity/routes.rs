//! Plain HTTP endpoints of signing in with an OAuth provider, and the account's data export.
//!
//! OAuth needs full page navigations (to the provider and back), so its start is a plain form
//! post and its callback a plain GET, with and without JavaScript alike. The callback changes
//! state on a GET, as OAuth requires; it acts only when the `state` parameter matches the one
//! this browser's session sent to the provider.

use crate::api::auth;
use crate::api::plain::PlainRoutes;
use crate::api::state::AppState;
use crate::error::AppError;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use services::crypto;
use services::identity;
use services::oauth_provider;
use services::oauth_provider::PendingSignIn;
use tower_sessions::Session;

pub fn routes() -> PlainRoutes {
    PlainRoutes::new()
        .post("/auth/oauth/{provider}", start)
        .get("/auth/oauth/{provider}/callback", callback)
        .get("/account/export.json", export)
}

#[derive(Debug, Deserialize)]
pub struct StartForm {
    pub stay_signed_in: Option<String>,
    pub link: Option<String>,
}

fn sign_in_error(reason: &str) -> Response {
    Redirect::to(&format!("/sign-in?error={reason}")).into_response()
}

async fn start(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    session: Session,
    Form(form): Form<StartForm>,
) -> Result<Response, AppError> {
    let p = state.auth.provider(&provider).ok_or(AppError::NotFound)?;
    let link = form.link.is_some();
    if link && auth::session_actor(&state.db, &session).await?.is_none() {
        return Err(AppError::Unauthorized);
    }
    let (url, pending) = oauth_provider::start(p, &state.auth.public_url, form.stay_signed_in.is_some(), link)?;
    session.insert(auth::OAUTH_PENDING_KEY, pending).await.map_err(|_| AppError::Internal)?;
    Ok(Redirect::to(&url).into_response())
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    session: Session,
    Query(q): Query<CallbackQuery>,
) -> Result<Response, AppError> {
    // The pending sign-in is used once, whatever happens next.
    let pending: Option<PendingSignIn> =
        session.remove(auth::OAUTH_PENDING_KEY).await.map_err(|_| AppError::Internal)?;
    let Some(pending) = pending.filter(|p| p.provider == provider) else {
        return Ok(sign_in_error("expired"));
    };
    if q.error.is_some() {
        return Ok(sign_in_error("cancelled"));
    }
    let (Some(code), Some(returned_state)) = (q.code, q.state) else {
        return Ok(sign_in_error("failed"));
    };
    if !crypto::constant_time_eq(&returned_state, &pending.state) {
        tracing::warn!(provider = %provider, "OAuth callback with a state that does not match the session");
        return Ok(sign_in_error("failed"));
    }
    let p = state.auth.provider(&provider).ok_or(AppError::NotFound)?;
    let who =
        match oauth_provider::finish(&state.auth.http, p, &state.auth.public_url, code, pending.pkce_verifier).await {
            Ok(who) => who,
            Err(_) => return Ok(sign_in_error("failed")),
        };
    let link_to = if pending.link {
        match auth::session_actor(&state.db, &session).await? {
            Some(a) => Some(a.user_id),
            None => return Ok(sign_in_error("expired")),
        }
    } else {
        None
    };
    let user_id = match identity::oauth_user(&state.db, who, link_to).await {
        Ok(id) => id,
        Err(AppError::Conflict(_)) => return Ok(Redirect::to("/account?error=linked_elsewhere").into_response()),
        Err(e) => return Err(e),
    };
    if pending.link {
        return Ok(Redirect::to("/account").into_response());
    }
    // the epoch before the actor: a grant committing in between ends this session at once
    let epoch = identity::credential_epoch(&state.db, user_id).await?.ok_or(AppError::Unauthorized)?;
    let actor = identity::load_actor(&state.db, user_id).await?.ok_or(AppError::Unauthorized)?;
    let stay = pending.stay_signed_in || identity::stay_signed_in(&state.db, user_id).await?;
    auth::establish(&session, user_id, epoch, stay, actor.is_privileged()).await?;
    let mut res = Redirect::to("/account").into_response();
    if let Some(cookie) = identity::preferred_lang(&state.db, user_id).await?.and_then(crate::api::prefs::lang_cookie) {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(res)
}

/// "Download my data": everything stored about the signed-in person, as a JSON file.
async fn export(State(state): State<AppState>, session: Session) -> Result<Response, AppError> {
    let actor = auth::signed_in(&state.db, &session).await?;
    let data = identity::export(&state.db, &actor).await?;
    let body = serde_json::to_string_pretty(&data).map_err(|_| AppError::Internal)?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"uri-dongne-my-data.json\"")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response())
}
