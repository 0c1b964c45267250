//! Server functions for proposals: the lists, a proposal and its form, writing, publishing,
//! withdrawing, supports and comments, and the dong's support threshold. Each parses its input
//! into domain types and makes one service call (`services::proposals`); the service checks
//! `domain::authz` first. Forms post here with and without JavaScript (`ActionForm`).
#![allow(clippy::too_many_arguments)]

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;
/// Its plain HTTP routes: the images' upload form and files.
#[cfg(feature = "ssr")]
pub mod routes;

// A server function takes one argument per form field (the macro's client half cannot be
// annotated on its own).

use crate::dto::{NewProposalContext, ProposalDetail, ProposalForm, ProposalPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::confirmed;
#[cfg(feature = "ssr")]
use crate::api::edge::{optional_id, with_actor};
#[cfg(feature = "ssr")]
use crate::api::state::use_app_state;
#[cfg(feature = "ssr")]
use crate::domain::Field;
#[cfg(feature = "ssr")]
use crate::domain::geo::{Area, DongCode};

#[server(prefix = "/sf", endpoint = "proposals")]
pub async fn proposal_list(
    area: String,
    status: Option<String>,
    category: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    page: Option<String>,
) -> Result<ProposalPage, AppError> {
    with_actor(|db, _| async move {
        let area = Area::parse(&area)?;
        let filter = proposal_filter(status, category, q, sort, page)?;
        services::proposals::list(&db, &area, &filter).await
    })
    .await
}

/// Parses a list's query string (shared with the REST API).
#[cfg(feature = "ssr")]
pub(crate) fn proposal_filter(
    status: Option<String>,
    category: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    page: Option<String>,
) -> Result<services::proposals::ProposalFilter, AppError> {
    use crate::domain::{category::Category, proposal::*, text::*};
    let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let query = SearchQuery::parse(q.as_deref().unwrap_or(""))?;
    Ok(services::proposals::ProposalFilter {
        status: nonempty(status).map(|s| ProposalStatus::parse(&s)).transpose()?.filter(|s| s.is_public()),
        category: nonempty(category).map(|c| Category::parse(&c)).transpose()?,
        sort: ProposalSort::parse(sort.as_deref().unwrap_or(""), query.is_some()),
        query,
        page: page_number(page.as_deref()),
    })
}

#[server(prefix = "/sf", endpoint = "proposal")]
pub async fn load_proposal(id: i64) -> Result<ProposalDetail, AppError> {
    with_actor(|db, actor| async move { services::proposals::detail(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "proposals/new_context")]
pub async fn load_new_proposal_context(dong: String) -> Result<NewProposalContext, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        services::proposals::new_context(&db, actor.as_ref(), &dong).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "proposals/form")]
pub async fn load_proposal_form(id: i64) -> Result<ProposalForm, AppError> {
    with_actor(|db, actor| async move { services::proposals::form(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "proposals/create")]
pub async fn create_proposal(
    dong: String,
    title: String,
    problem: String,
    solution: String,
    category: String,
    cost_won: String,
    location: String,
    group_id: Option<String>,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let content = crate::domain::proposal::ProposalContent::parse(
            &title, &problem, &solution, &category, &cost_won, &location,
        )?;
        let group = optional_id(Field::GroupId, group_id)?;
        let id = services::proposals::create(&db, actor.as_ref(), &dong, content, group).await?;
        leptos_axum::redirect(&format!("/proposals/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "proposals/update")]
pub async fn update_proposal(
    id: i64,
    title: String,
    problem: String,
    solution: String,
    category: String,
    cost_won: String,
    location: String,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let content = crate::domain::proposal::ProposalContent::parse(
            &title, &problem, &solution, &category, &cost_won, &location,
        )?;
        services::proposals::update(&db, actor.as_ref(), id, content).await?;
        leptos_axum::redirect(&format!("/proposals/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "proposals/publish")]
pub async fn publish_proposal(id: i64) -> Result<(), AppError> {
    with_actor(|db, actor| async move { services::proposals::publish(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "proposals/withdraw")]
pub async fn withdraw_proposal(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        confirmed(&confirm)?;
        services::proposals::withdraw(&db, actor.as_ref(), id).await
    })
    .await
}

/// The author removes an image of their proposal (after ticking the confirmation).
#[server(prefix = "/sf", endpoint = "proposals/images/remove")]
pub async fn remove_proposal_image(image_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        confirmed(&confirm)?;
        let media = use_app_state()?.media;
        services::proposal_images::remove(&db, &media, actor.as_ref(), image_id).await.map(|_| ())
    })
    .await
}

/// Supports (`support` = "1") or takes a support back (anything else).
#[server(prefix = "/sf", endpoint = "proposals/support")]
pub async fn support_proposal(id: i64, support: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        if support == "1" {
            services::proposals::support(&db, actor.as_ref(), id).await
        } else {
            services::proposals::unsupport(&db, actor.as_ref(), id).await
        }
    })
    .await
}

#[server(prefix = "/sf", endpoint = "proposals/comment")]
pub async fn add_comment(proposal_id: i64, parent_id: Option<String>, body: String) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let parent = optional_id(Field::ParentId, parent_id)?;
        services::proposals::comment(&db, actor.as_ref(), proposal_id, parent, &body).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "settings/support_threshold")]
pub async fn set_support_threshold(dong: String, threshold: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let t = crate::domain::proposal::SupportThreshold::parse(&threshold)?;
        services::proposals::set_threshold(&db, actor.as_ref(), &dong, t).await
    })
    .await
}
