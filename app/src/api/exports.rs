//! Plain HTTP downloads: an assembly's published results as the canonical JSON document (the
//! exact bytes its SHA-256 digest covers) and as CSV.

use crate::api::plain::PlainRoutes;
use crate::api::state::AppState;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use services::assemblies::results;

pub fn routes() -> PlainRoutes {
    PlainRoutes::new()
        .get("/assemblies/{id}/results.json", results_json)
        .get("/assemblies/{id}/results.csv", results_csv)
}

fn download(body: String, content_type: &'static str, name: String, digest: Option<&str>) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Some(Ok(v)) = digest.map(|d| HeaderValue::from_str(&format!("sha-256={d}"))) {
        h.insert(HeaderName::from_static("x-results-digest"), v);
    }
    res
}

async fn results_json(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let (text, digest) = results::document(&state.db, id).await?;
    Ok(download(text, "application/json", format!("assembly-{id}-results.json"), Some(&digest)))
}

async fn results_csv(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let csv = results::csv(&state.db, id).await?;
    Ok(download(csv, "text/csv; charset=utf-8", format!("assembly-{id}-results.csv"), None))
}
