//! `/api/v1` for resident groups: public reads.

use crate::api::edge::reader;
use crate::api::groups::group_filter;
use crate::api::problem::Problem;
use crate::api::state::AppState;
use crate::domain::geo::Area;
use crate::dto::{GroupDetail, GroupPage};
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use services::groups;
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The feature's REST routes, each registered with its operation's document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_dong_groups))
        .routes(routes!(list_district_groups))
        .routes(routes!(get_group))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupQuery {
    /// As for proposals.
    #[param(
        pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(care_sharing|environment_energy|culture_learning|safety|children_youth|elderly|other)?[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    category: Option<String>,
    /// At most 100 characters.
    #[param(max_length = 100)]
    q: Option<String>,
    /// 1-based; 20 per page.
    page: Option<String>,
}

async fn group_page(state: &AppState, area: Area, q: GroupQuery) -> Result<Json<GroupPage>, AppError> {
    Ok(Json(groups::directory(&state.db, &area, &group_filter(q.category, q.q, q.page)?).await?))
}

/// List a dong's resident groups
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/groups",
    tag = "groups",
    params(("code" = String, Path, description = "10-digit dong code"), GroupQuery),
    responses((status = 200, description = "A page of groups", body = GroupPage))
)]
pub async fn list_dong_groups(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Result<Json<GroupPage>, AppError> {
    group_page(&state, Area::Dong(crate::api::rest::dong_in_path(&code)?), q).await
}

/// List a district's resident groups
#[utoipa::path(
    get,
    path = "/api/v1/districts/{code}/groups",
    tag = "groups",
    params(("code" = String, Path, description = "10-digit district code"), GroupQuery),
    responses((status = 200, description = "A page of groups", body = GroupPage))
)]
pub async fn list_district_groups(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<GroupQuery>,
) -> Result<Json<GroupPage>, AppError> {
    group_page(&state, Area::District(crate::api::rest::district_in_path(&code)?), q).await
}

/// Get a resident group
///
/// Member names are only for members (with a token of a member).
#[utoipa::path(
    get,
    path = "/api/v1/groups/{id}",
    tag = "groups",
    params(("id" = i64, Path, description = "Group number")),
    responses(
        (status = 200, description = "The group", body = GroupDetail),
        (status = 404, description = "No such group", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_group(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<GroupDetail>, AppError> {
    let actor = reader(&state, &headers, &session).await?;
    Ok(Json(groups::detail(&state.db, actor.as_ref(), id).await?))
}
