//! Server functions for welfare referrals. So far: the dong's sections and their in-charge
//! officials (the center's staff and welfare team draw them; residents read them on the dong
//! page through `get_dong`).

use crate::dto::welfare::SectionsAdmin;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::participation::with_actor;
#[cfg(feature = "ssr")]
use crate::domain::geo::DongCode;
#[cfg(feature = "ssr")]
use crate::server::services::welfare::sections;

#[server(prefix = "/sf", endpoint = "welfare/sections")]
pub async fn load_sections(dong: String) -> Result<SectionsAdmin, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        sections::admin(&db, actor.as_ref(), &dong).await
    })
    .await
}

/// Adds a section (`id` empty) or changes one.
#[server(prefix = "/sf", endpoint = "welfare/sections/save")]
pub async fn save_section(
    dong: String,
    id: Option<String>,
    name: String,
    covers: Option<String>,
    official: Option<String>,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let id = match id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(s.parse::<i64>().map_err(|_| AppError::NotFound)?),
        };
        let input = sections::SectionInput::parse(
            &name,
            covers.as_deref().unwrap_or_default(),
            official.as_deref().unwrap_or_default(),
        )?;
        sections::save(&db, actor.as_ref(), &dong, id, input).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "welfare/sections/remove")]
pub async fn remove_section(dong: String, id: i64, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        super::confirmed(&confirm)?;
        sections::remove(&db, actor.as_ref(), &dong, id).await
    })
    .await
}
