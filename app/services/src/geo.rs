//! Districts, dongs and their community service centers.

use crate::entities::{center, district, dong, role_grant, user};
use contract::dto::{Center, District, DistrictDetail, Dong, DongDetail};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::geo::{
    Coordinates, DistrictCode, DongCode, PlaceName, ReferenceDong, default_center_address, default_center_names,
};
use domain::roles::Role;
use domain::{Field, InputRule};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};

/// Standard weekday opening hours of a community service center.
pub const DEFAULT_OPENS: &str = "09:00";
pub const DEFAULT_CLOSES: &str = "18:00";

#[derive(Debug, FromQueryResult)]
struct DongCount {
    district_code: String,
    n: i64,
}

async fn active_dong_counts(db: &impl ConnectionTrait) -> Result<HashMap<String, u64>, AppError> {
    let rows = dong::Entity::find()
        .select_only()
        .column(dong::Column::DistrictCode)
        .column_as(dong::Column::Code.count(), "n")
        .filter(dong::Column::Active.eq(true))
        .group_by(dong::Column::DistrictCode)
        .into_model::<DongCount>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.district_code, u64::try_from(r.n).unwrap_or(0))).collect())
}

fn district_dto(m: district::Model, dong_count: u64) -> District {
    District { code: m.code, name_ko: m.name_ko, name_en: m.name_en, dong_count }
}

pub(crate) fn dong_dto(m: dong::Model) -> Dong {
    Dong {
        code: m.code,
        district_code: m.district_code,
        name_ko: m.name_ko,
        name_en: m.name_en,
        lat: m.lat,
        lon: m.lon,
        active: m.active,
    }
}

fn center_dto(m: center::Model) -> Center {
    Center {
        name_ko: m.name_ko,
        name_en: m.name_en,
        address_ko: m.address_ko,
        address_en: m.address_en,
        opens: m.opens,
        closes: m.closes,
    }
}

/// All districts in code order, each with its number of active dongs. Two queries.
pub async fn list_districts(db: &DatabaseConnection) -> Result<Vec<District>, AppError> {
    let counts = active_dong_counts(db).await?;
    let districts = district::Entity::find().order_by_asc(district::Column::Code).all(db).await?;
    Ok(districts
        .into_iter()
        .map(|d| {
            let n = counts.get(&d.code).copied().unwrap_or(0);
            district_dto(d, n)
        })
        .collect())
}

/// Display names of the holders of `role`, filtered by a scope column.
async fn role_holders(
    db: &impl ConnectionTrait,
    role: Role,
    scope: sea_orm::Condition,
) -> Result<Vec<String>, AppError> {
    let user_ids: Vec<i64> = role_grant::Entity::find()
        .select_only()
        .column(role_grant::Column::UserId)
        .filter(role_grant::Column::Role.eq(role.as_str()))
        .filter(scope)
        .into_tuple()
        .all(db)
        .await?;
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<String> = user::Entity::find()
        .select_only()
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(user_ids))
        .order_by_asc(user::Column::DisplayName)
        .into_tuple()
        .all(db)
        .await?;
    Ok(names)
}

/// A district with all its dongs (active and retired) and its experts.
pub async fn district_detail(db: &DatabaseConnection, code: &DistrictCode) -> Result<DistrictDetail, AppError> {
    let d = district::Entity::find_by_id(code.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    let dongs: Vec<Dong> = dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq(code.as_str()))
        .order_by_desc(dong::Column::Active)
        .order_by_asc(dong::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(dong_dto)
        .collect();
    let active = dongs.iter().filter(|d| d.active).count() as u64;
    let experts = role_holders(
        db,
        Role::Expert,
        sea_orm::Condition::all().add(role_grant::Column::DistrictCode.eq(code.as_str())),
    )
    .await?;
    Ok(DistrictDetail { district: district_dto(d, active), dongs, experts })
}

/// A dong with its district, its center and the center's staff.
pub async fn dong_detail(db: &DatabaseConnection, code: &DongCode) -> Result<DongDetail, AppError> {
    let dg = dong::Entity::find_by_id(code.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    let d = district::Entity::find_by_id(dg.district_code.as_str()).one(db).await?.ok_or_else(|| {
        tracing::error!(dong = %code, "dong without its district");
        AppError::Internal
    })?;
    let active = dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq(d.code.as_str()))
        .filter(dong::Column::Active.eq(true))
        .count(db)
        .await?;
    let c =
        center::Entity::find().filter(center::Column::DongCode.eq(code.as_str())).one(db).await?.ok_or_else(|| {
            tracing::error!(dong = %code, "dong without a center");
            AppError::Internal
        })?;
    let staff = role_holders(
        db,
        Role::CenterStaff,
        sea_orm::Condition::all().add(role_grant::Column::DongCode.eq(code.as_str())),
    )
    .await?;
    let sections = super::welfare::sections::of_dong(db, code).await?;
    Ok(DongDetail { dong: dong_dto(dg), district: district_dto(d, active), center: center_dto(c), staff, sections })
}

/// Active dongs of a district, in code order.
pub async fn district_dongs(db: &DatabaseConnection, code: &DistrictCode) -> Result<Vec<Dong>, AppError> {
    district::Entity::find_by_id(code.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq(code.as_str()))
        .filter(dong::Column::Active.eq(true))
        .order_by_asc(dong::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(dong_dto)
        .collect())
}

/// What a reference import added. Existing rows are never changed: an administrator's renames
/// and retirements survive every later import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub districts_added: usize,
    pub dongs_added: usize,
    pub centers_added: usize,
}

/// Loads reference geography, adding what is missing, in one transaction.
pub async fn import_reference(db: &DatabaseConnection, rows: &[ReferenceDong]) -> Result<ImportReport, AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let known_districts: HashSet<String> = district::Entity::find()
        .select_only()
        .column(district::Column::Code)
        .into_tuple()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let known_dongs: HashSet<String> = dong::Entity::find()
        .select_only()
        .column(dong::Column::Code)
        .into_tuple()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let known_centers: HashSet<String> = center::Entity::find()
        .select_only()
        .column(center::Column::DongCode)
        .into_tuple()
        .all(&txn)
        .await?
        .into_iter()
        .collect();

    let mut report = ImportReport::default();
    let mut new_districts = Vec::new();
    let mut seen = HashSet::new();
    for r in rows {
        let code = r.district_code.as_str();
        if !known_districts.contains(code) && seen.insert(code.to_owned()) {
            new_districts.push(district::ActiveModel {
                code: Set(code.to_owned()),
                name_ko: Set(r.district_name_ko.as_str().to_owned()),
                name_en: Set(r.district_name_en.as_str().to_owned()),
            });
        }
    }
    report.districts_added = new_districts.len();
    for chunk in new_districts.chunks(100) {
        district::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }

    let new_dongs: Vec<dong::ActiveModel> = rows
        .iter()
        .filter(|r| !known_dongs.contains(r.dong_code.as_str()))
        .map(|r| dong_active_model(&r.dong_code, &r.dong_name_ko, &r.dong_name_en, r.centroid))
        .collect();
    report.dongs_added = new_dongs.len();
    for chunk in new_dongs.chunks(100) {
        dong::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }

    let new_centers: Vec<center::ActiveModel> = rows
        .iter()
        .filter(|r| !known_centers.contains(r.dong_code.as_str()))
        .map(|r| {
            default_center(
                &r.dong_code,
                r.district_name_ko.as_str(),
                r.district_name_en.as_str(),
                r.dong_name_ko.as_str(),
                r.dong_name_en.as_str(),
            )
        })
        .collect();
    report.centers_added = new_centers.len();
    for chunk in new_centers.chunks(100) {
        center::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(report)
}

fn dong_active_model(code: &DongCode, ko: &PlaceName, en: &PlaceName, at: Coordinates) -> dong::ActiveModel {
    dong::ActiveModel {
        code: Set(code.as_str().to_owned()),
        district_code: Set(code.district().as_str().to_owned()),
        name_ko: Set(ko.as_str().to_owned()),
        name_en: Set(en.as_str().to_owned()),
        lat: Set(at.lat),
        lon: Set(at.lon),
        active: Set(true),
    }
}

fn default_center(code: &DongCode, district_ko: &str, district_en: &str, ko: &str, en: &str) -> center::ActiveModel {
    let (name_ko, name_en) = default_center_names(ko, en);
    let (address_ko, address_en) = default_center_address(district_ko, ko, district_en, en);
    center::ActiveModel {
        dong_code: Set(code.as_str().to_owned()),
        name_ko: Set(name_ko),
        name_en: Set(name_en),
        address_ko: Set(address_ko),
        address_en: Set(address_en),
        opens: Set(DEFAULT_OPENS.to_owned()),
        closes: Set(DEFAULT_CLOSES.to_owned()),
        ..Default::default()
    }
}

/// Adds a new dong (e.g. after a split) with its center. The district must exist.
pub async fn add_dong(
    db: &DatabaseConnection,
    code: &DongCode,
    name_ko: &PlaceName,
    name_en: &PlaceName,
    at: Coordinates,
) -> Result<(), AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let d = district::Entity::find_by_id(code.district().as_str())
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::input(Field::DongCode, InputRule::NoSuch))?;
    if dong::Entity::find_by_id(code.as_str()).one(&txn).await?.is_some() {
        return Err(AppError::Conflict(ErrorCode::DongExists { dong: code.to_string() }));
    }
    dong_active_model(code, name_ko, name_en, at).insert(&txn).await?;
    default_center(code, &d.name_ko, &d.name_en, name_ko.as_str(), name_en.as_str()).insert(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Renames a dong. Its center's name follows when it still has the default name.
pub async fn rename_dong(
    db: &DatabaseConnection,
    code: &DongCode,
    name_ko: Option<&PlaceName>,
    name_en: Option<&PlaceName>,
) -> Result<(), AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let old = dong::Entity::find_by_id(code.as_str()).one(&txn).await?.ok_or(AppError::NotFound)?;
    let new_ko = name_ko.map_or(old.name_ko.clone(), |n| n.as_str().to_owned());
    let new_en = name_en.map_or(old.name_en.clone(), |n| n.as_str().to_owned());
    let (old_center_ko, old_center_en) = default_center_names(&old.name_ko, &old.name_en);
    let (new_center_ko, new_center_en) = default_center_names(&new_ko, &new_en);
    let mut d: dong::ActiveModel = old.into();
    d.name_ko = Set(new_ko);
    d.name_en = Set(new_en);
    d.update(&txn).await?;
    if let Some(c) = center::Entity::find().filter(center::Column::DongCode.eq(code.as_str())).one(&txn).await? {
        let rename_ko = c.name_ko == old_center_ko;
        let rename_en = c.name_en == old_center_en;
        let mut c: center::ActiveModel = c.into();
        if rename_ko {
            c.name_ko = Set(new_center_ko);
        }
        if rename_en {
            c.name_en = Set(new_center_en);
        }
        c.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Retires (or with `active = true`, restores) a dong. Its records stay.
pub async fn set_dong_active(db: &DatabaseConnection, code: &DongCode, active: bool) -> Result<(), AppError> {
    let d = dong::Entity::find_by_id(code.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    let mut d: dong::ActiveModel = d.into();
    d.active = Set(active);
    d.update(db).await?;
    Ok(())
}
