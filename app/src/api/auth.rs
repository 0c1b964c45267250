//! Who is asking: the session (browser) or a personal access token (REST), turned into an
//! `Actor` for the authorization policy. Sessions hold only the user id and the idle timeout;
//! grants and residencies are loaded fresh for each request, so revocations apply at once.

use crate::domain::authz::Actor;
use crate::domain::identity::TokenScope;
use crate::error::AppError;
use services::DatabaseConnection;
use services::identity;
use tower_sessions::{Expiry, Session};

/// Session keys.
pub const USER_KEY: &str = "uid";
pub const IDLE_MINUTES_KEY: &str = "idle";
/// The account's credential epoch when this session signed in: a role change moves the
/// account's on, and every session signed in before it stops working.
pub const EPOCH_KEY: &str = "epoch";
pub const OAUTH_PENDING_KEY: &str = "oauth";
/// Codes issued in this session, printable until the session ends (`code id → printed form`),
/// kept sealed (`put_sealed`).
pub const PRINTABLE_CODES_KEY: &str = "codes";
/// A personal access token created in this session, shown once on the account page; sealed.
pub const NEW_TOKEN_KEY: &str = "new_token";
/// Cookies, not session keys: a referral's receipt number, kept sealed in a short-lived cookie of
/// its own until the referral page has shown it once (a form sent without JavaScript is answered
/// with a redirect). Never in the session, whose row names a signed-in referrer
/// (`api::welfare`).
pub const REFERRAL_RECEIPT_KEY: &str = "ud_referral";
/// The last status a receipt number was asked for, until the status page has shown it once; a
/// sealed cookie too.
pub const REFERRAL_STATUS_KEY: &str = "ud_referral_status";

/// Idle timeouts.
pub const PRIVILEGED_IDLE_MINUTES: i64 = 30;
pub const RESIDENT_IDLE_MINUTES: i64 = 30;
pub const STAY_SIGNED_IN_MINUTES: i64 = 30 * 24 * 60;

/// The client's address, set by the server's middleware (from the socket, or from
/// `X-Forwarded-For` when configured to trust a proxy). Used for rate limiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal
}

fn idle_minutes(stay_signed_in: bool, privileged: bool) -> i64 {
    match (stay_signed_in, privileged) {
        (_, true) => PRIVILEGED_IDLE_MINUTES,
        (true, false) => STAY_SIGNED_IN_MINUTES,
        (false, false) => RESIDENT_IDLE_MINUTES,
    }
}

/// Keeps `value` in the session as ciphertext (`crypto::SessionSeal`): the `sessions` table
/// never holds a code or token a reader of the database could use.
pub async fn put_sealed<T: serde::Serialize>(
    session: &Session,
    seal: &services::crypto::SessionSeal,
    key: &str,
    value: &T,
) -> Result<(), AppError> {
    let json = serde_json::to_string(value).map_err(|e| {
        tracing::error!(error = %e, key, "cannot serialise a session secret");
        AppError::Internal
    })?;
    session.insert(key, seal.seal(key, &json)?).await.map_err(session_error)
}

/// A value `put_sealed` kept; `None` if absent or sealed under another `UD_SECRET`. With `take`
/// it is removed from the session too (shown once).
pub async fn get_sealed<T: serde::de::DeserializeOwned>(
    session: &Session,
    seal: &services::crypto::SessionSeal,
    key: &str,
    take: bool,
) -> Result<Option<T>, AppError> {
    let sealed: Option<String> =
        if take { session.remove(key).await } else { session.get(key).await }.map_err(session_error)?;
    let Some(sealed) = sealed else { return Ok(None) };
    Ok(seal.open(key, &sealed)?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// Signs `user_id` in on this session: a new session id (against fixation), then the user.
pub async fn establish(
    session: &Session,
    user_id: i64,
    epoch: i64,
    stay_signed_in: bool,
    privileged: bool,
) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    // whatever an anonymous visitor had in the session does not carry over
    session.clear().await;
    let minutes = idle_minutes(stay_signed_in, privileged);
    session.insert(USER_KEY, user_id).await.map_err(session_error)?;
    session.insert(EPOCH_KEY, epoch).await.map_err(session_error)?;
    session.insert(IDLE_MINUTES_KEY, minutes).await.map_err(session_error)?;
    session.set_expiry(Some(Expiry::OnInactivity(time::Duration::minutes(minutes))));
    Ok(())
}

/// Signs out: the session is deleted from the store and its cookie removed.
pub async fn end(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// The actor of a session, if someone is signed in (and their account still exists). Each call
/// counts as activity and moves the idle deadline.
pub async fn session_actor(db: &DatabaseConnection, session: &Session) -> Result<Option<Actor>, AppError> {
    let Some(user_id) = session.get::<i64>(USER_KEY).await.map_err(session_error)? else {
        return Ok(None);
    };
    // A session signed in before the account's roles last changed is over (a session written
    // before epochs existed carries none, and counts as epoch 0).
    let epoch = session.get::<i64>(EPOCH_KEY).await.map_err(session_error)?.unwrap_or(0);
    let Some(actor) = identity::load_session_actor(db, user_id, epoch).await? else {
        // deleted account, or a role changed since: forget the session
        end(session).await?;
        return Ok(None);
    };
    let stored = session.get::<i64>(IDLE_MINUTES_KEY).await.map_err(session_error)?.unwrap_or(RESIDENT_IDLE_MINUTES);
    // a person who became staff while signed in gets the short timeout from now on
    let minutes = if actor.is_privileged() { stored.min(PRIVILEGED_IDLE_MINUTES) } else { stored };
    if minutes != stored {
        session.insert(IDLE_MINUTES_KEY, minutes).await.map_err(session_error)?;
    }
    session.set_expiry(Some(Expiry::OnInactivity(time::Duration::minutes(minutes))));
    Ok(Some(actor))
}

/// The signed-in person of a plain form post (a handler outside the server functions), or
/// `Unauthorized`.
pub async fn signed_in(db: &DatabaseConnection, session: &Session) -> Result<Actor, AppError> {
    session_actor(db, session).await?.ok_or(AppError::Unauthorized)
}

/// Inside a server function: the request's session.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "no session layer on this request");
        AppError::Internal
    })
}

/// Inside a server function: the signed-in actor, if any.
pub async fn actor() -> Result<Option<Actor>, AppError> {
    let state = crate::api::state::use_app_state()?;
    let session = session().await?;
    session_actor(&state.db, &session).await
}

/// Inside a server function: the signed-in actor, or 401.
pub async fn require_actor() -> Result<Actor, AppError> {
    actor().await?.ok_or(AppError::Unauthorized)
}

/// Inside a server function: the client's address.
pub fn client_addr() -> Option<std::net::IpAddr> {
    leptos::prelude::use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<ClientAddr>().map(|c| c.0))
}

/// The actor of a REST request: a bearer token, or else the browser session. Tokens carry a
/// scope; sessions may do what the person may do.
pub async fn api_actor(
    db: &DatabaseConnection,
    headers: &http::HeaderMap,
    session: Option<&Session>,
) -> Result<Option<(Actor, TokenScope)>, AppError> {
    if let Some(value) = headers.get(http::header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .ok_or(AppError::Unauthorized)?;
        return match identity::authenticate_token(db, token).await? {
            Some(found) => Ok(Some(found)),
            None => Err(AppError::Unauthorized),
        };
    }
    match session {
        Some(s) => Ok(session_actor(db, s).await?.map(|a| (a, TokenScope::ReadWrite))),
        None => Ok(None),
    }
}
