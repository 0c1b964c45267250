//! Server functions for moderation: reports by residents, the district expert's decisions,
//! posting restrictions, the report threshold and the expert's workspace (`services::moderation`).

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;

use crate::dto::Workspace;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::edge::with_actor;
#[cfg(feature = "ssr")]
use crate::domain::geo::DistrictCode;

#[server(prefix = "/sf", endpoint = "report")]
pub async fn report_content(kind: String, id: i64, reason: String, detail: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        use crate::domain::moderation::{ReportInput, TargetKind};
        let kind = TargetKind::parse(&kind)?;
        let input = ReportInput::parse(&reason, detail.as_deref().unwrap_or(""))?;
        services::moderation::report(&db, actor.as_ref(), kind, id, input).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "moderate")]
pub async fn moderate(kind: String, id: i64, decision: String, public_reason: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        use crate::domain::moderation::{Decision, TargetKind, public_reason as reason};
        let kind = TargetKind::parse(&kind)?;
        let decision = Decision::parse(&decision)?;
        let reason = reason(&public_reason)?;
        services::moderation::decide(&db, actor.as_ref(), kind, id, decision, reason).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "moderate/restrict")]
pub async fn restrict_user(
    district: String,
    user_id: i64,
    kind: String,
    days: Option<String>,
    public_reason: String,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        use crate::domain::moderation::{Restriction, public_reason as reason};
        let district = DistrictCode::parse(&district)?;
        let restriction = Restriction::parse(&kind, days.as_deref().unwrap_or(""))?;
        let reason = reason(&public_reason)?;
        services::moderation::restrict(&db, actor.as_ref(), &district, user_id, restriction, reason).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "settings/report_threshold")]
pub async fn set_report_threshold(district: String, report_threshold: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let district = DistrictCode::parse(&district)?;
        let t = crate::domain::moderation::ReportThreshold::parse(&report_threshold)?;
        services::moderation::set_report_threshold(&db, actor.as_ref(), &district, t).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "expert/workspace")]
pub async fn expert_workspace(district: String) -> Result<Workspace, AppError> {
    with_actor(|db, actor| async move {
        let district = DistrictCode::parse(&district)?;
        services::moderation::workspace(&db, actor.as_ref(), &district).await
    })
    .await
}
