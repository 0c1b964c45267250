//! Dongs and districts as `Place`s (code and names), and people by display name, for labelling
//! rows of other lists. Each lookup is one query for all the codes a list needs, never one per
//! row.

use crate::entities::{district, dong, user};
use contract::dto::Place;
use contract::error::AppError;
use domain::geo::DongCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// The named dongs among `codes`, by code.
pub async fn dongs<S: Into<String>>(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = S>,
) -> Result<HashMap<String, Place>, AppError> {
    let codes: Vec<String> = codes.into_iter().map(Into::into).collect();
    Ok(dong::Entity::find()
        .filter(dong::Column::Code.is_in(codes))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.code.clone(), Place { code: d.code, name_ko: d.name_ko, name_en: d.name_en }))
        .collect())
}

/// One dong, or `NotFound`.
pub async fn dong(db: &impl ConnectionTrait, code: &DongCode) -> Result<Place, AppError> {
    dongs(db, [code.as_str()]).await?.remove(code.as_str()).ok_or(AppError::NotFound)
}

/// All districts (there are 25), by code.
pub async fn districts(db: &impl ConnectionTrait) -> Result<HashMap<String, Place>, AppError> {
    Ok(district::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.code.clone(), Place { code: d.code, name_ko: d.name_ko, name_en: d.name_en }))
        .collect())
}

/// Display names of the people `ids` (deleted accounts carry their anonymised name).
pub async fn people(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, AppError> {
    let ids: HashSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}
