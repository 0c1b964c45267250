//! `/api/v1` for reports of proposals, comments and groups (a `read_write` token).

use crate::api::edge::writer;
use crate::api::problem::Problem;
use crate::api::state::AppState;
use crate::error::AppError;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use services::moderation;
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The feature's REST routes, each registered with its operation's document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewReport {
    /// `proposal`, `comment` or `group`.
    target_kind: String,
    target_id: i64,
    /// `spam`, `offensive`, `personal_info`, `off_topic` or `other`.
    reason: String,
    /// Required for `other`.
    #[serde(default)]
    detail: String,
}

/// Report a proposal, comment or group
///
/// Enough reports from different verified residents of the item's dong hide the item until the
/// district's expert reviews it; other reports are recorded for the expert. At most 10 reports per
/// person in 10 minutes.
#[utoipa::path(
    post,
    path = "/api/v1/reports",
    tag = "moderation",
    security(("bearer" = [])),
    request_body = NewReport,
    responses(
        (status = 204, description = "Reported"),
        (status = 409, description = "Already reported by you", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many reports from you: wait a few minutes", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn report(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Json(body): Json<NewReport>,
) -> Result<StatusCode, AppError> {
    use crate::domain::moderation::{ReportInput, TargetKind};
    let actor = writer(&state, &headers, &session).await?;
    let kind = TargetKind::parse(&body.target_kind)?;
    let input = ReportInput::parse(&body.reason, &body.detail)?;
    moderation::report(&state.db, Some(&actor), kind, body.target_id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}
