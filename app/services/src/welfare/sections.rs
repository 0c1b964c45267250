//! A dong's sections (통, or a grouping staff draw) and the official in charge of each. Residents
//! see them on the dong page (a name and the center's address and hours, never a personal phone
//! number); the center's staff and welfare team draw them.

use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{Stored, dong, role_grant, user, welfare_section};
use contract::dto::welfare::{Official, Section, SectionsAdmin};
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::roles::Role;
use domain::text;
use domain::{Field, InputRule};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// A section's name, e.g. "1–6통" or "연희로 북쪽".
pub const NAME_MAX: usize = 60;
/// What it covers, e.g. "연희로 1길–11길, 연희맛로".
pub const COVERS_MAX: usize = 200;
/// At most this many sections in a dong (a dong has some 20–40 통).
pub const MAX_SECTIONS: u64 = 60;

/// The roles whose holders may be in charge of a section of their dong.
const OFFICIAL_ROLES: [Role; 3] = [Role::CenterStaff, Role::WelfareOfficer, Role::VisitingNurse];

/// A section as staff submit it, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionInput {
    pub name: String,
    pub covers: String,
    pub official_id: Option<i64>,
}

impl SectionInput {
    pub fn parse(name: &str, covers: &str, official: &str) -> Result<Self, AppError> {
        let official_id = match official.trim() {
            "" => None,
            s => Some(s.parse::<i64>().map_err(|_| AppError::input(Field::Official, InputRule::NotChosen))?),
        };
        Ok(SectionInput {
            name: text::bounded(Field::SectionName, name, 1, NAME_MAX, false)?,
            covers: text::optional(Field::Covers, covers, COVERS_MAX)?.unwrap_or_default(),
            official_id,
        })
    }
}

/// The dong's sections in their order, each with its official's name. Public.
pub async fn of_dong(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Vec<Section>, AppError> {
    let rows = welfare_section::Entity::find()
        .filter(welfare_section::Column::DongCode.eq(dong.as_str()))
        .order_by_asc(welfare_section::Column::Position)
        .order_by_asc(welfare_section::Column::Id)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let names: HashMap<i64, String> = officials(db, dong).await?.into_iter().map(|o| (o.id, o.name)).collect();
    Ok(rows
        .into_iter()
        .map(|s| {
            // a named official who no longer holds a role at the center is shown as nobody
            let official = s.official_id.and_then(|id| names.get(&id).cloned());
            Section {
                id: s.id,
                name: s.name,
                covers: s.covers,
                official_id: official.as_ref().and(s.official_id),
                official,
            }
        })
        .collect())
}

/// The people who may be in charge of a section of the dong: its center's staff and welfare
/// team, by name.
async fn officials(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Vec<Official>, AppError> {
    officials_in(db, dong, &OFFICIAL_ROLES).await
}

/// The holders of `roles` at the dong's center who have an account, by name.
pub(super) async fn officials_in(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    roles: &[Role],
) -> Result<Vec<Official>, AppError> {
    let grants: Vec<(i64, Stored<Role>)> = role_grant::Entity::find()
        .select_only()
        .column(role_grant::Column::UserId)
        .column(role_grant::Column::Role)
        .filter(role_grant::Column::DongCode.eq(dong.as_str()))
        .filter(role_grant::Column::Role.is_in(roles.iter().map(|r| r.as_str())))
        .into_tuple()
        .all(db)
        .await?;
    if grants.is_empty() {
        return Ok(Vec::new());
    }
    let names: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(grants.iter().map(|(id, _)| *id)))
        .filter(user::Column::DeletedAt.is_null())
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut out: Vec<Official> = Vec::new();
    for (id, role) in grants {
        // someone holding two roles is listed once, by the first
        if let Some(name) = names.get(&id).filter(|_| !out.iter().any(|o| o.id == id)) {
            out.push(Official { id, name: name.clone(), role: *role });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The sections page: the dong's sections and whom they may name.
pub async fn admin(db: &DatabaseConnection, actor: Option<&Actor>, dong: &DongCode) -> Result<SectionsAdmin, AppError> {
    authz::can(actor, Action::ManageSections, &Scope::Dong(dong.clone()))?;
    let d = dong::Entity::find_by_id(dong.as_str()).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(SectionsAdmin {
        dong: crate::geo::dong_dto(d),
        sections: of_dong(db, dong).await?,
        officials: officials(db, dong).await?,
    })
}

fn duplicate_name(e: sea_orm::DbErr) -> AppError {
    if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) {
        AppError::input(Field::SectionName, InputRule::Taken)
    } else {
        e.into()
    }
}

/// Adds a section (`id` none) or changes one of the dong's. Returns its id.
pub async fn save(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    id: Option<i64>,
    input: SectionInput,
) -> Result<i64, AppError> {
    authz::can(actor, Action::ManageSections, &Scope::Dong(dong.clone()))?;
    let txn = crate::transaction::begin_write(db).await?;
    if let Some(official) = input.official_id
        && !officials(&txn, dong).await?.iter().any(|o| o.id == official)
    {
        return Err(AppError::input(Field::Official, InputRule::NotChosen));
    }
    let now = chrono::Utc::now();
    let saved = match id {
        Some(id) => {
            let row = welfare_section::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .filter(|s| s.dong_code == dong.as_str())
                .ok_or(AppError::NotFound)?;
            let mut row: welfare_section::ActiveModel = row.into();
            row.name = Set(input.name.clone());
            row.covers = Set(input.covers.clone());
            row.official_id = Set(input.official_id);
            row.updated_at = Set(now);
            row.update(&txn).await.map_err(duplicate_name)?
        }
        None => {
            let existing = welfare_section::Entity::find()
                .filter(welfare_section::Column::DongCode.eq(dong.as_str()))
                .order_by_desc(welfare_section::Column::Position)
                .all(&txn)
                .await?;
            if existing.len() as u64 >= MAX_SECTIONS {
                return Err(AppError::input(Field::Sections, InputRule::AtMost { max: MAX_SECTIONS as u32 }));
            }
            welfare_section::ActiveModel {
                dong_code: Set(dong.as_str().to_owned()),
                name: Set(input.name.clone()),
                covers: Set(input.covers.clone()),
                official_id: Set(input.official_id),
                position: Set(existing.first().map_or(0, |s| s.position.saturating_add(1))),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(duplicate_name)?
        }
    };
    audit::record(
        &txn,
        actor.map(|a| a.user_id),
        AuditAction::SectionSaved,
        AuditScope::dong(dong),
        input.official_id,
        serde_json::json!({ "section": saved.id, "name": input.name, "official": input.official_id }),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

/// Removes a section of the dong.
pub async fn remove(db: &DatabaseConnection, actor: Option<&Actor>, dong: &DongCode, id: i64) -> Result<(), AppError> {
    authz::can(actor, Action::ManageSections, &Scope::Dong(dong.clone()))?;
    let txn = crate::transaction::begin_write(db).await?;
    let row = welfare_section::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|s| s.dong_code == dong.as_str())
        .ok_or(AppError::NotFound)?;
    welfare_section::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor.map(|a| a.user_id),
        AuditAction::SectionRemoved,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "section": id, "name": row.name }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
