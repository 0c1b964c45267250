//! `/api/v1` for resident assemblies: public lists, pages and results; casting a ballot.

use crate::api::problem::Problem;
use crate::api::state::AppState;
use crate::domain::assembly::Choice;
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};
use crate::dto::{AssemblyDetail, AssemblySummary, ResultsView};
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use services::assemblies::results;
use services::assemblies::{self, Cast};
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The feature's REST routes, each registered with its operation's document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_assemblies))
        .routes(routes!(get_assembly))
        .routes(routes!(get_results))
        .routes(routes!(cast_ballot))
}

/// A ballot: `choice` for approve/reject items, `options` for the others (an empty list
/// abstains).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BallotBody {
    /// `approve`, `reject` or `abstain` (approve/reject items).
    choice: Option<String>,
    /// Option numbers (single choice: one; approval: up to the item's maximum; budget: projects
    /// within the budget).
    options: Option<Vec<i64>>,
}

impl BallotBody {
    fn into_choice(self) -> Result<Choice, AppError> {
        match (self.choice.as_deref(), self.options) {
            (Some("approve"), None) => Ok(Choice::Approve),
            (Some("reject"), None) => Ok(Choice::Reject),
            (Some("abstain"), None) => Ok(Choice::Abstain),
            (None, Some(ids)) => Ok(Choice::Options(ids)),
            _ => Err(AppError::input(Field::Choice, InputRule::NotChosen)),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BallotReceipt {
    /// `recorded`, or `changed` (an open ballot, changed before the close).
    status: &'static str,
}

/// Cast a ballot
///
/// As a verified resident of the assembly's dong who is old enough by its bylaws, while voting
/// is open. One ballot per resident and item: a secret ballot is final; an open ballot may be
/// changed until the close. Needs a `read_write` token.
#[utoipa::path(
    post,
    path = "/api/v1/agenda-items/{id}/ballot",
    tag = "assemblies",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Agenda item number")),
    request_body = BallotBody,
    responses(
        (status = 201, description = "Recorded", body = BallotReceipt),
        (status = 200, description = "An open ballot, changed", body = BallotReceipt),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not eligible to vote here, or a read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already voted (secret ballot), voting on paper, or voting not open", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid choice for this item", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn cast_ballot(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
    Json(body): Json<BallotBody>,
) -> Result<(StatusCode, Json<BallotReceipt>), AppError> {
    let actor = crate::api::edge::writer(&state, &headers, &session).await?;
    let choice = body.into_choice()?;
    Ok(match assemblies::cast(&state.db, &state.auth.ballot_seal(), Some(&actor), id, choice).await? {
        Cast::Recorded => (StatusCode::CREATED, Json(BallotReceipt { status: "recorded" })),
        Cast::Changed => (StatusCode::OK, Json(BallotReceipt { status: "changed" })),
    })
}

/// List a dong's assemblies
///
/// Announced and later assemblies of one dong, newest session first.
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/assemblies",
    tag = "assemblies",
    params(("code" = String, Path, description = "10-digit dong code")),
    responses(
        (status = 200, description = "The dong's assemblies", body = Vec<AssemblySummary>),
        (status = 422, description = "Not a dong code", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_assemblies(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(code): Path<String>,
) -> Result<Json<Vec<AssemblySummary>>, AppError> {
    let actor = crate::api::edge::reader(&state, &headers, &session).await?;
    let dong = crate::api::rest::dong_in_path(&code)?;
    Ok(Json(assemblies::list(&state.db, actor.as_ref(), &dong).await?.items))
}

/// Get an assembly
///
/// Its particulars, rules (bylaws) and agenda with options.
#[utoipa::path(
    get,
    path = "/api/v1/assemblies/{id}",
    tag = "assemblies",
    params(("id" = i64, Path, description = "Assembly number")),
    responses(
        (status = 200, description = "The assembly", body = AssemblyDetail),
        (status = 404, description = "No such (public) assembly", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_assembly(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<AssemblyDetail>, AppError> {
    let actor = crate::api::edge::reader(&state, &headers, &session).await?;
    Ok(Json(assemblies::detail(&state.db, actor.as_ref(), id).await?))
}

/// Get an assembly's results
///
/// Published results (with the SHA-256 digest of the canonical document at
/// `/assemblies/{id}/results.json`), or the running count where the bylaws show it.
#[utoipa::path(
    get,
    path = "/api/v1/assemblies/{id}/results",
    tag = "assemblies",
    params(("id" = i64, Path, description = "Assembly number")),
    responses(
        (status = 200, description = "The results", body = ResultsView),
        (status = 404, description = "No results to show", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_results(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<ResultsView>, AppError> {
    let actor = crate::api::edge::reader(&state, &headers, &session).await?;
    Ok(Json(results::view(&state.db, actor.as_ref(), id).await?))
}
