//! Server functions for the geography pages. Each is one call into `services::geo`; a refusal
//! answers with its status (`edge::with_state`), as every server function does.

use crate::dto::{ApiOperation, District, DistrictDetail, DongDetail, Place};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::edge::with_state;
#[cfg(feature = "ssr")]
use crate::domain::geo::Area;

#[server(prefix = "/sf", endpoint = "districts")]
pub async fn list_districts() -> Result<Vec<District>, AppError> {
    with_state(|state| async move { services::geo::list_districts(&state.db).await }).await
}

#[server(prefix = "/sf", endpoint = "district")]
pub async fn get_district(code: String) -> Result<DistrictDetail, AppError> {
    with_state(|state| async move {
        let code = crate::domain::geo::DistrictCode::parse(&code)?;
        services::geo::district_detail(&state.db, &code).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "dong")]
pub async fn get_dong(code: String) -> Result<DongDetail, AppError> {
    with_state(|state| async move {
        let code = crate::domain::geo::DongCode::parse(&code)?;
        services::geo::dong_detail(&state.db, &code).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "api_operations")]
pub async fn api_operations() -> Result<Vec<ApiOperation>, AppError> {
    Ok(crate::api::rest::operations())
}

#[cfg(feature = "ssr")]
use crate::api::edge::with_actor;

// ---- reading -----------------------------------------------------------------------------

/// A dong or district by code (the heading of a list).
#[server(prefix = "/sf", endpoint = "place")]
pub async fn place_of(code: String) -> Result<Place, AppError> {
    with_actor(|db, _| async move {
        match Area::parse(&code)? {
            Area::Dong(d) => services::places::dong(&db, &d).await,
            Area::District(d) => services::places::districts(&db).await?.remove(d.as_str()).ok_or(AppError::NotFound),
        }
    })
    .await
}
