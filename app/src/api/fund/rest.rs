//! `/api/v1` for the community fund: the public summary, the journal (paginated), projects and
//! monthly statements; submitting an expense claim with a token.

use crate::api::problem::Problem;
use crate::api::state::AppState;
use crate::domain::ledger::{Month, NewClaim};
use crate::dto::fund::{FundSummary, JournalPage, ProjectView, StatementView};
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use services::{fund, fund::claims};
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The feature's REST routes, each registered with its operation's document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_fund))
        .routes(routes!(get_journal))
        .routes(routes!(get_projects))
        .routes(routes!(get_statement))
        .routes(routes!(submit_claim))
}

/// Get a dong's fund
///
/// Balance, free and earmarked money, this year's income and expenses by category, the last
/// twelve months and the projects' budget against actual. Amounts are whole won.
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/fund",
    tag = "fund",
    params(("code" = String, Path, description = "10-digit dong code")),
    responses(
        (status = 200, description = "The fund's summary", body = FundSummary),
        (status = 404, description = "No such dong", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a dong code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_fund(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<FundSummary>, AppError> {
    let dong = crate::api::rest::dong_in_path(&code)?;
    Ok(Json(fund::summary(&state.db, &dong).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// Page number, from 1 (20 entries a page; below 1 means the first).
    page: Option<i64>,
}

/// List a fund's journal
///
/// Entries newest first, 20 a page, each with its lines. Receipts are listed only for the
/// center's staff and the district's expert.
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/fund/journal",
    tag = "fund",
    params(("code" = String, Path, description = "10-digit dong code"), PageQuery),
    responses(
        (status = 200, description = "A page of the journal", body = JournalPage),
        (status = 422, description = "Not a dong code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_journal(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(code): Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<Json<JournalPage>, AppError> {
    let actor = crate::api::edge::reader(&state, &headers, &session).await?;
    let dong = crate::api::rest::dong_in_path(&code)?;
    Ok(Json(
        fund::journal(&state.db, actor.as_ref(), &dong, u64::try_from(q.page.unwrap_or(1)).unwrap_or(1).max(1)).await?,
    ))
}

/// List a fund's projects
///
/// Every project with its budget, spent and remaining (budget = spent + remaining).
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/fund/projects",
    tag = "fund",
    params(("code" = String, Path, description = "10-digit dong code")),
    responses(
        (status = 200, description = "The projects", body = Vec<ProjectView>),
        (status = 422, description = "Not a dong code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_projects(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<Vec<ProjectView>>, AppError> {
    let dong = crate::api::rest::dong_in_path(&code)?;
    Ok(Json(fund::projects(&state.db, &dong).await?))
}

/// Get a monthly statement
///
/// One month (`YYYY-MM`): opening balance, income and expenses by category, closing balance and
/// the month's entries.
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/fund/statements/{month}",
    tag = "fund",
    params(("code" = String, Path, description = "10-digit dong code"), ("month" = String, Path, description = "`YYYY-MM`")),
    responses(
        (status = 200, description = "The statement", body = StatementView),
        (status = 422, description = "Not a dong code or a month", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_statement(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path((code, month)): Path<(String, String)>,
) -> Result<Json<StatementView>, AppError> {
    let actor = crate::api::edge::reader(&state, &headers, &session).await?;
    let dong = crate::api::rest::dong_in_path(&code)?;
    let month = Month::parse(&month).map_err(|_| AppError::NotFound)?;
    Ok(Json(fund::statement(&state.db, actor.as_ref(), &dong, month).await?))
}

/// An expense claim. Send the same `idempotency_key` again (a retry) and the first claim is
/// returned, not a second one recorded.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ClaimBody {
    /// The resident group claiming (a registered group you organise); none: as the center's staff.
    group: Option<i64>,
    payee: String,
    /// `person`, `business` or `organisation`.
    payee_type: String,
    purpose: String,
    /// `materials`, `services`, `venue`, `events` or `other`.
    category: String,
    /// Whole won.
    amount: i64,
    /// The project it is charged to, if any.
    project: Option<i64>,
    /// 16–64 characters of `[A-Za-z0-9_-]`, chosen by the client.
    idempotency_key: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClaimReceipt {
    id: i64,
    /// `submitted`, or `duplicate` when the key was used before (this is that claim).
    status: &'static str,
}

/// Submit an expense claim
///
/// As an organiser of a registered resident group of the dong, or as its center's staff. A
/// different person approves it. Needs a `read_write` token. Receipts are attached on the claims
/// page.
#[utoipa::path(
    post,
    path = "/api/v1/dongs/{code}/fund/claims",
    tag = "fund",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "10-digit dong code")),
    request_body = ClaimBody,
    responses(
        (status = 201, description = "Submitted", body = ClaimReceipt),
        (status = 200, description = "Submitted before with this key", body = ClaimReceipt),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to claim here, or a read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "More than the fund (or the project) has", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid claim", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn submit_claim(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(code): Path<String>,
    Json(body): Json<ClaimBody>,
) -> Result<(StatusCode, Json<ClaimReceipt>), AppError> {
    let actor = crate::api::edge::writer(&state, &headers, &session).await?;
    let dong = crate::api::rest::dong_in_path(&code)?;
    let claim = NewClaim::parse(
        &body.payee,
        &body.payee_type,
        &body.purpose,
        &body.category,
        &body.amount.to_string(),
        &body.project.map(|p| p.to_string()).unwrap_or_default(),
        &body.idempotency_key,
    )?;
    let (id, created) = claims::submit(&state.db, &state.media, Some(&actor), &dong, body.group, claim, None).await?;
    Ok(if created {
        (StatusCode::CREATED, Json(ClaimReceipt { id, status: "submitted" }))
    } else {
        (StatusCode::OK, Json(ClaimReceipt { id, status: "duplicate" }))
    })
}
