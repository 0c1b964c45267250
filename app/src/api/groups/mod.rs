//! Server functions for resident groups: the directory, a group, founding one, joining,
//! leaving, members and registration (`services::groups`).
#![allow(clippy::too_many_arguments)]

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;

use crate::dto::{GroupDetail, GroupPage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::edge::with_actor;
#[cfg(feature = "ssr")]
use crate::domain::geo::{Area, DongCode};
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};

#[cfg(feature = "ssr")]
pub(crate) fn group_filter(
    category: Option<String>,
    q: Option<String>,
    page: Option<String>,
) -> Result<services::groups::GroupFilter, AppError> {
    use crate::domain::{category::Category, text::*};
    Ok(services::groups::GroupFilter {
        category: category.filter(|s| !s.trim().is_empty()).map(|c| Category::parse(&c)).transpose()?,
        query: SearchQuery::parse(q.as_deref().unwrap_or(""))?,
        page: page_number(page.as_deref()),
    })
}

#[server(prefix = "/sf", endpoint = "groups")]
pub async fn group_list(
    area: String,
    category: Option<String>,
    q: Option<String>,
    page: Option<String>,
) -> Result<GroupPage, AppError> {
    with_actor(|db, _| async move {
        let area = Area::parse(&area)?;
        services::groups::directory(&db, &area, &group_filter(category, q, page)?).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "group")]
pub async fn load_group(id: i64) -> Result<GroupDetail, AppError> {
    with_actor(|db, actor| async move { services::groups::detail(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "groups/create")]
pub async fn create_group(
    dong: String,
    name: String,
    purpose: String,
    category: String,
    meeting_pattern: String,
    membership: String,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let details =
            crate::domain::group::GroupDetails::parse(&name, &purpose, &category, &meeting_pattern, &membership)?;
        let id = services::groups::create(&db, actor.as_ref(), &dong, details).await?;
        leptos_axum::redirect(&format!("/groups/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "groups/join")]
pub async fn join_group(group_id: i64) -> Result<(), AppError> {
    with_actor(|db, actor| async move { services::groups::join(&db, actor.as_ref(), group_id).await }).await
}

#[server(prefix = "/sf", endpoint = "groups/leave")]
pub async fn leave_group(group_id: i64) -> Result<(), AppError> {
    with_actor(|db, actor| async move { services::groups::leave(&db, actor.as_ref(), group_id).await }).await
}

/// An organiser's decision about a member: `approve`, `remove` or `organiser`.
#[server(prefix = "/sf", endpoint = "groups/member")]
pub async fn manage_member(group_id: i64, user_id: i64, decision: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let a = actor.as_ref();
        match decision.as_str() {
            "approve" => services::groups::approve(&db, a, group_id, user_id).await,
            "remove" => services::groups::remove(&db, a, group_id, user_id).await,
            "organiser" => services::groups::make_organiser(&db, a, group_id, user_id).await,
            _ => Err(AppError::input(Field::Decision, InputRule::NotChosen)),
        }
    })
    .await
}

#[server(prefix = "/sf", endpoint = "groups/register")]
pub async fn register_group(group_id: i64, registered: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        services::groups::set_registered(&db, actor.as_ref(), group_id, registered == "1").await
    })
    .await
}
