//! Server functions for the geography pages. Each is one call into `services::geo`; a refusal
//! answers with its status (`respond`), as every server function does.

use crate::dto::{ApiOperation, District, DistrictDetail, DongDetail};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::identity::respond;

#[server(prefix = "/sf", endpoint = "districts")]
pub async fn list_districts() -> Result<Vec<District>, AppError> {
    async {
        let state = crate::api::state::use_app_state()?;
        services::geo::list_districts(&state.db).await
    }
    .await
    .map_err(respond)
}

#[server(prefix = "/sf", endpoint = "district")]
pub async fn get_district(code: String) -> Result<DistrictDetail, AppError> {
    async {
        let code = crate::domain::geo::DistrictCode::parse(&code)?;
        let state = crate::api::state::use_app_state()?;
        services::geo::district_detail(&state.db, &code).await
    }
    .await
    .map_err(respond)
}

#[server(prefix = "/sf", endpoint = "dong")]
pub async fn get_dong(code: String) -> Result<DongDetail, AppError> {
    async {
        let code = crate::domain::geo::DongCode::parse(&code)?;
        let state = crate::api::state::use_app_state()?;
        services::geo::dong_detail(&state.db, &code).await
    }
    .await
    .map_err(respond)
}

#[server(prefix = "/sf", endpoint = "api_operations")]
pub async fn api_operations() -> Result<Vec<ApiOperation>, AppError> {
    Ok(crate::api::rest::operations())
}
