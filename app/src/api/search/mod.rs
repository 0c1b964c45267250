//! Searching a dong: proposals, groups, assemblies and fund records at once
//! (`services::dong_search`).

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;

use crate::dto::DongSearch;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::edge::with_actor;
#[cfg(feature = "ssr")]
use crate::domain::geo::DongCode;

/// What a search finds in one dong: its proposals, groups, assemblies and fund entries.
#[server(prefix = "/sf", endpoint = "dong_search")]
pub async fn search_dong(code: String, q: Option<String>) -> Result<DongSearch, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&code)?;
        let q = crate::domain::text::SearchQuery::parse(q.as_deref().unwrap_or(""))?;
        services::dong_search::search(&db, actor.as_ref(), &dong, q.as_ref()).await
    })
    .await
}
