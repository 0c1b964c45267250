//! Server functions for the geography pages. Each is one call into `services::geo`.

use super::dto::{ApiOperation, District, DistrictDetail, DongDetail};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/sf", endpoint = "districts")]
pub async fn list_districts() -> Result<Vec<District>, AppError> {
    let state = crate::server::state::use_app_state()?;
    crate::server::services::geo::list_districts(&state.db).await
}

#[server(prefix = "/sf", endpoint = "district")]
pub async fn get_district(code: String) -> Result<DistrictDetail, AppError> {
    let code = crate::domain::geo::DistrictCode::parse(&code)?;
    let state = crate::server::state::use_app_state()?;
    crate::server::services::geo::district_detail(&state.db, &code).await
}

#[server(prefix = "/sf", endpoint = "dong")]
pub async fn get_dong(code: String) -> Result<DongDetail, AppError> {
    let code = crate::domain::geo::DongCode::parse(&code)?;
    let state = crate::server::state::use_app_state()?;
    crate::server::services::geo::dong_detail(&state.db, &code).await
}

#[server(prefix = "/sf", endpoint = "api_operations")]
pub async fn api_operations() -> Result<Vec<ApiOperation>, AppError> {
    Ok(crate::api::rest::operations())
}
