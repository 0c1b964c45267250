//! `POST /unsubscribe/one-click?m=…&s=…`: the address every e-mail's `List-Unsubscribe` names,
//! which a mail program posts to with `List-Unsubscribe=One-Click` (RFC 8058). It does what the
//! unsubscribe page's button does; a GET of the same link is the page, which changes nothing
//! until its button is pressed.

use crate::api::plain::PlainRoutes;
use crate::api::state::AppState;
use crate::error::AppError;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};

pub fn routes() -> PlainRoutes {
    PlainRoutes::new().post("/unsubscribe/one-click", one_click)
}

/// The link's query read leniently (any bytes, repeated keys: the first counts), so that every
/// malformed link gets the one refusal of a link that is not the platform's.
async fn one_click(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Response, AppError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or_default()).unwrap_or_default();
    let first = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let (Some(m), Some(s)) = (first("m"), first("s")) else {
        return Err(AppError::Conflict(crate::error_code::ErrorCode::UnsubscribeLinkInvalid));
    };
    let done = services::messaging::unsubscribe::unsubscribe(&state.db, &state.messaging, m.trim(), s.trim()).await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("unsubscribed: {} by {}\n", done.topic.as_str(), done.channel.as_str()),
    )
        .into_response())
}
