//! Spaces' plain HTTP endpoints: the iCalendar feeds (a space's public busy/free feed, a person's
//! private feed behind its token — `services::bookings::feeds`), and a space's photo (uploaded
//! with a multipart form, the same with and without JavaScript; served to everyone).

use crate::api::auth;
use crate::api::plain::PlainRoutes;
use crate::api::state::AppState;
#[cfg(feature = "ssr")]
use crate::domain::Field;
use crate::error::AppError;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use services::{bookings::feeds, bookings::spaces};
use tower_sessions::Session;

pub fn routes() -> PlainRoutes {
    PlainRoutes::new()
        .get("/spaces/{id}/calendar.ics", space_feed)
        .get("/calendar/{token}", personal_feed)
        .post_up_to("/spaces/{id}/photo", crate::domain::image::MAX_BYTES + 64 * 1024, photo_form)
        .get("/media/space-photos/{id}", serve_photo)
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
    Ok(ics(feeds::space_feed(&state.db, id, &host(&headers)).await?, "public, max-age=300"))
}

async fn personal_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let mut res = ics(feeds::personal_feed(&state.db, &token, &host(&headers)).await?, "private, no-store");
    res.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(res)
}

/// `POST /spaces/{id}/photo`: the space's photo (staff), back to the space's form with the outcome.
async fn photo_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    session: Session,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let actor = auth::signed_in(&state.db, &session).await?;
    let form = crate::api::multipart::read_or_invalid(form, Field::Photo).await;
    let result = async {
        let form = form.as_ref().map_err(Clone::clone)?;
        let bytes = form.file_bytes().map(<[u8]>::to_vec).unwrap_or_default();
        spaces::set_photo(&state.db, &state.media, Some(&actor), id, bytes, form.get("alt")).await
    }
    .await;
    match result {
        Ok(()) => Ok(crate::api::fund::routes::redirect(&format!("/spaces/{id}/edit?photo=1#photo"))),
        Err(AppError::Invalid { code, .. }) => Ok(crate::api::fund::routes::redirect(&format!(
            "/spaces/{id}/edit?{}#photo",
            code.query_pair("photo_error")
        ))),
        Err(e) => Err(e),
    }
}

/// `GET /media/space-photos/{id}`: public, like the space.
async fn serve_photo(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (kind, bytes) = spaces::photo_file(&state.db, &state.media, id).await?;
    let disposition = format!("inline; filename=\"space-{id}.{}\"", kind.extension());
    Ok(crate::api::edge::file_response(bytes, kind.mime(), &disposition, "public, max-age=86400"))
}
