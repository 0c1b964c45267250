//! Plain HTTP endpoints for proposal images: serving them, and the upload form.
//!
//! A file upload is a multipart form, which Leptos' `ActionForm` does not send, so the upload is
//! a plain form post that answers with a redirect back to the edit page (`?image_error=<code>`
//! on failure) — the same with and without JavaScript. API clients upload through
//! `POST /api/v1/proposals/{id}/images` (`api/proposals/rest.rs`), which shares
//! `read_upload`.
//!
//! Images are served with the type the server found in their bytes (JPEG, PNG or WebP), with
//! `nosniff`, a sandboxing CSP and `Content-Disposition`, so no upload is ever run as a page.

use crate::api::auth;
use crate::api::edge::file_response;
use crate::api::plain::PlainRoutes;
use crate::api::state::AppState;
use crate::domain::Field;
use crate::domain::image::{self, CheckedImage, ImageAlt, ImageKind, ImageRefusal};
use crate::error::AppError;
use crate::error_code::ErrorCode;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use services::proposal_images;
use tower_sessions::Session;

/// One image plus the multipart framing and the description.
pub const UPLOAD_BODY_LIMIT: usize = image::MAX_BYTES + 64 * 1024;

pub fn routes() -> PlainRoutes {
    PlainRoutes::new().get("/media/proposal-images/{id}", serve_image).post_up_to(
        "/proposals/{id}/images",
        UPLOAD_BODY_LIMIT,
        upload_form,
    )
}

/// An upload as sent: the checked image and its description, as typed.
pub struct Upload {
    pub image: CheckedImage,
    pub alt: String,
}

/// Reads the `image` file and the `alt` text of a multipart form and checks the file. A body
/// over the limit is `TooLarge`; a form without a file (or with an empty one) is `Empty`.
pub async fn read_upload(form: Result<Multipart, MultipartRejection>) -> Result<Upload, ImageRefusal> {
    let form = crate::api::multipart::read(form, "image").await.map_err(|u| match u {
        crate::api::multipart::Unreadable::TooLarge => ImageRefusal::TooLarge,
        crate::api::multipart::Unreadable::NotAForm => ImageRefusal::Empty,
    })?;
    // a description that cannot be read as text is left empty
    let alt = form.get("alt").to_owned();
    // the bytes move into the check (no copy of an upload of up to 5 MB)
    let image = CheckedImage::parse(form.file.map(|(bytes, _)| bytes).unwrap_or_default())?;
    Ok(Upload { image, alt })
}

/// Stores a checked upload for a proposal; returns the image's id.
pub async fn attach(
    state: &AppState,
    actor: Option<&crate::domain::authz::Actor>,
    proposal_id: i64,
    upload: Upload,
) -> Result<i64, AppError> {
    let alt = ImageAlt::parse(&upload.alt)?;
    proposal_images::add(&state.db, &state.media, actor, proposal_id, &upload.image, alt).await
}

fn back_to_edit(id: i64, query: &str) -> Response {
    Redirect::to(&format!("/proposals/{id}/edit?{query}#images")).into_response()
}

/// `POST /proposals/{id}/images`: the edit page's upload form.
async fn upload_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    session: Session,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let actor = auth::signed_in(&state.db, &session).await?;
    let upload = match read_upload(form).await {
        Ok(u) => u,
        Err(r) => return Ok(back_to_edit(id, &ErrorCode::from(r.on(Field::Image)).query_pair("image_error"))),
    };
    match attach(&state, Some(&actor), id, upload).await {
        Ok(_) => Ok(back_to_edit(id, "image_added=1")),
        Err(e) => match e.refusal() {
            Some(code) => Ok(back_to_edit(id, &code.query_pair("image_error"))),
            // not the author, no such proposal, or our fault: the status says so
            None => Err(e),
        },
    }
}

/// `GET /media/proposal-images/{id}`: for whoever may see the proposal's content.
async fn serve_image(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    session: Session,
) -> Result<Response, AppError> {
    let actor = auth::api_actor(&state.db, &headers, Some(&session)).await?.map(|(a, _)| a);
    let (kind, bytes) = proposal_images::file(&state.db, &state.media, actor.as_ref(), id).await?;
    Ok(image_response(kind, bytes, &format!("proposal-image-{id}")))
}

fn image_response(kind: ImageKind, bytes: Vec<u8>, name: &str) -> Response {
    // private: a proposal's visibility can change (drafts, moderation)
    let disposition = format!("inline; filename=\"{name}.{}\"", kind.extension());
    file_response(bytes, kind.mime(), &disposition, "private, max-age=300")
}
