//! `/api/v1` search of a dong.

use crate::api::edge::reader;
use crate::api::problem::Problem;
use crate::api::state::AppState;
use crate::dto::DongSearch;
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use services::dong_search;
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The feature's REST routes, each registered with its operation's document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search_dong))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for, at most 100 characters (as `q` of the proposal list).
    #[param(max_length = 100)]
    q: Option<String>,
}

/// Search a dong
///
/// The best matches (at most 5 of each kind) among the dong's proposals, resident groups,
/// assemblies and community fund entries, with how many there are of each; the proposal and group
/// lists take the same `q` for the rest. Drafts and hidden content are never found; the caller's
/// token or session only adds what its owner may see (an organiser's draft assemblies).
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/search",
    tag = "search",
    params(("code" = String, Path, description = "10-digit dong code"), SearchParams),
    responses(
        (status = 200, description = "What the search found", body = DongSearch),
        (status = 404, description = "No such dong", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad code or query", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn search_dong(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(code): Path<String>,
    Query(p): Query<SearchParams>,
) -> Result<Json<DongSearch>, AppError> {
    let dong = crate::api::rest::dong_in_path(&code)?;
    let q = crate::domain::text::SearchQuery::parse(p.q.as_deref().unwrap_or(""))?;
    let actor = reader(&state, &headers, &session).await?;
    Ok(Json(dong_search::search(&state.db, actor.as_ref(), &dong, q.as_ref()).await?))
}
