//! The iCalendar feeds as plain HTTP: a space's public busy/free feed and a person's private feed
//! behind its token (`services::calendar_feeds`).

use crate::error::AppError;
use crate::server::services::calendar_feeds;
use crate::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/spaces/{id}/calendar.ics", get(space_feed))
        .route("/calendar/{token}", get(personal_feed))
}

/// The host the request came to, for the events' UIDs and links.
fn host(headers: &HeaderMap) -> String {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':')))
        .unwrap_or("uri-dongne.local")
        .to_owned()
}

fn ics(body: String, cache: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}

async fn space_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    Ok(ics(calendar_feeds::space_feed(&state.db, id, &host(&headers)).await?, "public, max-age=300"))
}

async fn personal_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let mut res = ics(calendar_feeds::personal_feed(&state.db, &token, &host(&headers)).await?, "private, no-store");
    res.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(res)
}
