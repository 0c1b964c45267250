//! Server functions for the community fund: the public page, a month's statement, projects, and
//! what staff and the district's expert do (record income, correct an entry, decide claims,
//! allocate, move projects along). Claims are *submitted* through a plain multipart form
//! (`api/fund/routes.rs`), because a receipt is a file.

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;
/// Its plain HTTP routes: uploads and files, feeds, redirects.
#[cfg(feature = "ssr")]
pub mod routes;

use crate::dto::fund::{ClaimView, ClaimsPage, FundPage, ProjectPage, StatementView};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::edge::with_actor;
#[cfg(feature = "ssr")]
use crate::domain::geo::DongCode;
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};
#[cfg(feature = "ssr")]
use services;

#[server(prefix = "/sf", endpoint = "fund")]
pub async fn load_fund(dong: String, page: Option<u64>) -> Result<FundPage, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        services::fund::page(&db, actor.as_ref(), &dong, page.unwrap_or(1)).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "fund/statement")]
pub async fn load_statement(dong: String, month: String) -> Result<StatementView, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let month = crate::domain::ledger::Month::parse(&month)?;
        services::fund::statement(&db, actor.as_ref(), &dong, month).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "fund/income")]
pub async fn record_income(
    dong: String,
    date: String,
    description: String,
    category: String,
    amount: String,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let income = services::fund::NewIncome::parse(&date, &description, &category, &amount)?;
        services::fund::record_income(&db, actor.as_ref(), &dong, income).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "fund/project/create")]
pub async fn create_project(dong: String, title: String, amount: String) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let amount = crate::domain::ledger::Won::parse(&amount)?;
        services::fund::create_project(&db, actor.as_ref(), &dong, &title, amount).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "fund/reverse")]
pub async fn reverse_entry(entry_id: i64, reason: String, confirm: Option<String>) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        crate::api::confirmed(&confirm)?;
        services::fund::reverse(&db, actor.as_ref(), entry_id, &reason).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "fund/claims")]
pub async fn load_claims(dong: String) -> Result<ClaimsPage, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        services::fund::claims::page(&db, actor.as_ref(), &dong).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "fund/claim")]
pub async fn load_claim(id: i64) -> Result<ClaimView, AppError> {
    with_actor(|db, actor| async move { services::fund::claims::claim(&db, actor.as_ref(), id).await }).await
}

/// `decision` is `approve` or `reject`; a rejection needs a reason.
#[server(prefix = "/sf", endpoint = "fund/claims/decide")]
pub async fn decide_claim(claim_id: i64, decision: String, reason: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let approve = match decision.as_str() {
            "approve" => true,
            "reject" => false,
            _ => return Err(AppError::input(Field::Decision, InputRule::NotChosen)),
        };
        services::fund::claims::decide(&db, actor.as_ref(), claim_id, approve, &reason).await.map(|_| ())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "fund/project")]
pub async fn load_project(id: i64) -> Result<ProjectPage, AppError> {
    with_actor(|db, actor| async move { services::fund::project_page(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "fund/project/allocate")]
pub async fn allocate_to_project(project_id: i64, amount: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let amount = crate::domain::ledger::Won::parse(&amount)?;
        services::fund::allocate(&db, actor.as_ref(), project_id, amount).await.map(|_| ())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "fund/project/status")]
pub async fn set_project_status(project_id: i64, status: String, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        crate::api::confirmed(&confirm)?;
        use crate::domain::term::Term;
        let to = crate::domain::ledger::ProjectStatus::from_stored(status.trim())
            .ok_or_else(|| AppError::input(crate::domain::Field::Status, crate::domain::InputRule::NotChosen))?;
        services::fund::set_project_status(&db, actor.as_ref(), project_id, to).await
    })
    .await
}
