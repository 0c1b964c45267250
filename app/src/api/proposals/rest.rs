//! `/api/v1` for proposals. Reads are public (a token or session only adds what its owner may
//! see, such as their own drafts); writes need a `read_write` token or a browser session.

use crate::api::edge::{reader, writer};
use crate::api::problem::Problem;
use crate::api::proposals::proposal_filter;
use crate::api::state::AppState;
use crate::domain::geo::Area;
use crate::dto::{ProposalDetail, ProposalPage};
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use services::proposals;
use tower_sessions::Session;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;

/// The feature's REST routes, each registered with its operation's document.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_dong_proposals, create_proposal))
        .routes(routes!(list_district_proposals))
        .routes(routes!(get_proposal))
        .routes(routes!(support, unsupport))
        .routes(routes!(comment))
        .routes(
            routes!(add_image)
                .layer(axum::extract::DefaultBodyLimit::max(crate::api::proposals::routes::UPLOAD_BODY_LIMIT)),
        )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProposalQuery {
    /// `published`, `eligible`, `on_agenda`, `accepted`, `rejected`, `in_progress`, `done` or
    /// `withdrawn`; all but withdrawn when absent.
    #[param(
        pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(draft|published|eligible|on_agenda|accepted|rejected|in_progress|done|withdrawn)?[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    status: Option<String>,
    /// `care_sharing`, `environment_energy`, `culture_learning`, `safety`, `children_youth`,
    /// `elderly` or `other`.
    #[param(
        pattern = r"^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(care_sharing|environment_energy|culture_learning|safety|children_youth|elderly|other)?[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    category: Option<String>,
    /// Words of the title or text, at most 100 characters: a Korean word of two or more
    /// syllables matches wherever it appears (`주차` finds `공영주차장`), other words by their
    /// start.
    #[param(max_length = 100)]
    q: Option<String>,
    /// `relevance` (best match first: the default with `q`), `newest` (the default without `q`),
    /// `supports` or `threshold` (closest to the support threshold first).
    sort: Option<String>,
    /// 1-based; 20 per page.
    page: Option<String>,
}

async fn proposal_page(state: &AppState, area: Area, q: ProposalQuery) -> Result<Json<ProposalPage>, AppError> {
    let filter = proposal_filter(q.status, q.category, q.q, q.sort, q.page)?;
    Ok(Json(proposals::list(&state.db, &area, &filter).await?))
}

/// List a dong's proposals
///
/// Published proposals of one dong (hidden ones left out), 20 per page.
#[utoipa::path(
    get,
    path = "/api/v1/dongs/{code}/proposals",
    tag = "proposals",
    params(("code" = String, Path, description = "10-digit dong code"), ProposalQuery),
    responses(
        (status = 200, description = "A page of proposals", body = ProposalPage),
        (status = 422, description = "Bad code or filter", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_dong_proposals(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<ProposalQuery>,
) -> Result<Json<ProposalPage>, AppError> {
    proposal_page(&state, Area::Dong(crate::api::rest::dong_in_path(&code)?), q).await
}

/// List a district's proposals
///
/// Published proposals of all the district's dongs, 20 per page.
#[utoipa::path(
    get,
    path = "/api/v1/districts/{code}/proposals",
    tag = "proposals",
    params(("code" = String, Path, description = "10-digit district code"), ProposalQuery),
    responses(
        (status = 200, description = "A page of proposals", body = ProposalPage),
        (status = 422, description = "Bad code or filter", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn list_district_proposals(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<ProposalQuery>,
) -> Result<Json<ProposalPage>, AppError> {
    proposal_page(&state, Area::District(crate::api::rest::district_in_path(&code)?), q).await
}

/// Get a proposal
///
/// A proposal with its timeline and comments. Drafts only for their author; hidden content is
/// replaced by the moderation's public reason.
#[utoipa::path(
    get,
    path = "/api/v1/proposals/{id}",
    tag = "proposals",
    params(("id" = i64, Path, description = "Proposal number")),
    responses(
        (status = 200, description = "The proposal", body = ProposalDetail),
        (status = 404, description = "No such (public) proposal", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn get_proposal(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<ProposalDetail>, AppError> {
    let actor = reader(&state, &headers, &session).await?;
    Ok(Json(proposals::detail(&state.db, actor.as_ref(), id).await?))
}

/// A new proposal.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewProposal {
    title: String,
    /// Markdown.
    problem: String,
    /// Markdown.
    solution: String,
    category: String,
    /// Estimated cost in won.
    cost_won: Option<i64>,
    location: Option<String>,
    /// Submit on behalf of a group you organise in this dong.
    group_id: Option<i64>,
    /// Publish at once (otherwise it stays a private draft).
    #[serde(default)]
    publish: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    id: i64,
}

/// Submit a proposal
///
/// As a verified resident of the dong. Needs a `read_write` token.
#[utoipa::path(
    post,
    path = "/api/v1/dongs/{code}/proposals",
    tag = "proposals",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "10-digit dong code")),
    request_body = NewProposal,
    responses(
        (status = 201, description = "Created", body = Created),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a verified resident of the dong, or a read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn create_proposal(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(code): Path<String>,
    Json(body): Json<NewProposal>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let actor = writer(&state, &headers, &session).await?;
    let dong = crate::api::rest::dong_in_path(&code)?;
    let content = crate::domain::proposal::ProposalContent::parse(
        &body.title,
        &body.problem,
        &body.solution,
        &body.category,
        &body.cost_won.map(|c| c.to_string()).unwrap_or_default(),
        body.location.as_deref().unwrap_or(""),
    )?;
    let id = proposals::create(&state.db, Some(&actor), &dong, content, body.group_id).await?;
    if body.publish {
        proposals::publish(&state.db, Some(&actor), id).await?;
    }
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Support a proposal
///
/// As a verified resident of its dong; supporting twice changes nothing.
#[utoipa::path(
    post,
    path = "/api/v1/proposals/{id}/support",
    tag = "proposals",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Proposal number")),
    responses(
        (status = 204, description = "Supported"),
        (status = 403, description = "Not a verified resident of the dong", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The proposal does not take supports now", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn support(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let actor = writer(&state, &headers, &session).await?;
    proposals::support(&state.db, Some(&actor), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Take a support back
#[utoipa::path(
    delete,
    path = "/api/v1/proposals/{id}/support",
    tag = "proposals",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Proposal number")),
    responses((status = 204, description = "Support taken back (or there was none)"))
)]
pub async fn unsupport(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let actor = writer(&state, &headers, &session).await?;
    proposals::unsupport(&state.db, Some(&actor), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewComment {
    /// Markdown.
    body: String,
    /// Reply to this comment.
    parent_id: Option<i64>,
}

/// Comment on a proposal
#[utoipa::path(
    post,
    path = "/api/v1/proposals/{id}/comments",
    tag = "proposals",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Proposal number")),
    request_body = NewComment,
    responses(
        (status = 201, description = "Created", body = Created),
        (status = 403, description = "Not a verified resident of the dong", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn comment(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
    Json(body): Json<NewComment>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let actor = writer(&state, &headers, &session).await?;
    let cid = proposals::comment(&state.db, Some(&actor), id, body.parent_id, &body.body).await?;
    Ok((StatusCode::CREATED, Json(Created { id: cid })))
}

/// The multipart form of an image upload (for the OpenAPI document).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ImageUpload {
    /// JPEG, PNG or WebP, at most 5 MB and 12,000 pixels a side; judged by its content.
    #[schema(value_type = String, format = Binary)]
    image: Vec<u8>,
    /// A description for people who cannot see the image (optional, up to 200 characters).
    alt: Option<String>,
}

/// Attach an image to a proposal
///
/// By its author, while the proposal can be edited (a draft, or published without supports);
/// at most five per proposal. Needs a `read_write` token.
#[utoipa::path(
    post,
    path = "/api/v1/proposals/{id}/images",
    tag = "proposals",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Proposal number")),
    request_body(content = ImageUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Attached; the image is served at `/media/proposal-images/{id}`", body = Created),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the author, or a read-only token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already five images, or the proposal can no longer be edited", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a JPEG, PNG or WebP image, or too large", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn add_image(
    State(state): State<AppState>,
    headers: HeaderMap,
    session: Session,
    Path(id): Path<i64>,
    form: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let actor = writer(&state, &headers, &session).await?;
    let upload = crate::api::proposals::routes::read_upload(form).await?;
    let id = crate::api::proposals::routes::attach(&state, Some(&actor), id, upload).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
