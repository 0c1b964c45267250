//! Resident groups: creating, the directory, the group page, joining and leaving, organisers'
//! management of members, and registration with the center.
//!
//! `members_count` counts active members and changes in the same transaction as the
//! `group_members` row it counts.

use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{group_member, resident_group};
use crate::markdown;
use crate::notices::{self, About};
use crate::{paging, places, proposals, search, time_fmt};
use chrono::Utc;
use contract::dto::{GroupDetail, GroupPage, GroupRef, GroupSummary, GroupViewer, MemberRow};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::category::Category;
use domain::geo::{Area, DongCode};
use domain::group::{GroupDetails, LeaveError, MemberRole, MemberState, may_leave};
use domain::moderation::NoticeKind;
use domain::search::Query as SearchTerms;
use domain::text::SearchQuery;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

pub const PAGE_SIZE: u64 = 20;

/// A group, or `NotFound`.
pub(crate) async fn find(db: &impl ConnectionTrait, id: i64) -> Result<resident_group::Model, AppError> {
    resident_group::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub(crate) fn scope_of(g: &resident_group::Model) -> Result<Scope, AppError> {
    Ok(Scope::Group { dong: DongCode::parse(&g.dong_code)?, id: g.id })
}

/// Starts a group in `dong`; its creator is its first organiser. Returns the group's id.
pub async fn create(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    details: GroupDetails,
) -> Result<i64, AppError> {
    authz::can(actor, Action::CreateGroup, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
    let g = resident_group::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        district_code: Set(dong.district().as_str().to_owned()),
        name: Set(details.name.clone()),
        purpose: Set(details.purpose.clone()),
        category: Set(details.category.into()),
        meeting_pattern: Set(details.meeting_pattern),
        membership: Set(details.membership.into()),
        members_count: Set(1),
        registered_at: Set(None),
        registered_by: Set(None),
        hidden: Set(false),
        moderation_reason: Set(None),
        created_by: Set(me.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    group_member::ActiveModel {
        group_id: Set(g.id),
        user_id: Set(me.user_id),
        role: Set(MemberRole::Organiser.into()),
        state: Set(MemberState::Active.into()),
        joined_at: Set(now),
    }
    .insert(&txn)
    .await?;
    search::index(
        &txn,
        search::Doc { kind: search::Kind::Group, id: g.id, dong, title: &details.name, body: vec![&details.purpose] },
    )
    .await?;
    txn.commit().await?;
    Ok(g.id)
}

/// Filters of a directory.
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    pub query: Option<SearchQuery>,
    pub category: Option<Category>,
    pub page: u64,
}

/// A page of the groups of a dong or district (hidden ones left out), newest first, or best
/// match first when searching.
pub async fn directory(db: &DatabaseConnection, area: &Area, f: &GroupFilter) -> Result<GroupPage, AppError> {
    let mut q = resident_group::Entity::find().filter(resident_group::Column::Hidden.eq(false));
    q = match area {
        Area::Dong(d) => q.filter(resident_group::Column::DongCode.eq(d.as_str())),
        Area::District(d) => q.filter(resident_group::Column::DistrictCode.eq(d.as_str())),
    };
    if let Some(c) = f.category {
        q = q.filter(resident_group::Column::Category.eq(c.as_str()));
    }
    let searching = f.query.as_ref().map(SearchTerms::new);
    if let Some(terms) = &searching {
        q = search::matching(q, db.get_database_backend(), search::Kind::Group, area, terms);
    }
    let order = |q: sea_orm::Select<resident_group::Entity>| {
        let q = if searching.is_some() { search::by_relevance(q) } else { q };
        q.order_by_desc(resident_group::Column::CreatedAt).order_by_desc(resident_group::Column::Id)
    };
    let paged = paging::page(db, q, order, f.page, PAGE_SIZE).await?;
    Ok(GroupPage { items: summaries(db, paged.rows).await?, total: paged.total, page: paged.page, pages: paged.pages })
}

/// Groups as list rows, with their dongs named in one query.
pub(crate) async fn summaries(
    db: &impl ConnectionTrait,
    rows: Vec<resident_group::Model>,
) -> Result<Vec<GroupSummary>, AppError> {
    let dongs = places::dongs(db, rows.iter().map(|g| g.dong_code.clone())).await?;
    Ok(rows
        .into_iter()
        .filter_map(|g| {
            let dong = dongs.get(&g.dong_code)?.clone();
            Some(GroupSummary {
                id: g.id,
                dong,
                excerpt: if g.hidden { String::new() } else { markdown::excerpt(&g.purpose, 120) },
                name: g.name,
                category: *g.category,
                membership: *g.membership,
                members_count: g.members_count,
                registered: g.registered_at.is_some(),
            })
        })
        .collect())
}

/// A group's page, as `actor` may see it: member names for members only, and what they may do.
pub async fn detail(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<GroupDetail, AppError> {
    let g = find(db, id).await?;
    let scope = scope_of(&g)?;
    let dong = DongCode::parse(&g.dong_code)?;
    let members = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(id))
        .order_by_asc(group_member::Column::JoinedAt)
        .all(db)
        .await?;
    let names = places::people(db, members.iter().map(|m| m.user_id)).await?;
    let mine = actor.and_then(|a| members.iter().find(|m| m.user_id == a.user_id));
    let is_active_member = mine.is_some_and(|m| m.state == MemberState::Active);
    let can_manage = authz::can(actor, Action::ManageGroup, &scope).is_ok();
    let viewer = GroupViewer {
        role: mine.map(|m| m.role.as_str().to_owned()),
        pending: mine.is_some_and(|m| m.state == MemberState::Pending),
        can_join: mine.is_none() && !g.hidden && authz::can(actor, Action::JoinGroup, &scope).is_ok(),
        can_manage,
        can_register: authz::can(actor, Action::RegisterGroup, &scope).is_ok(),
        can_report: actor.is_some(),
    };
    let organisers = members
        .iter()
        .filter(|m| m.role == MemberRole::Organiser && m.state == MemberState::Active)
        .filter_map(|m| names.get(&m.user_id).cloned())
        .collect();
    let member_rows = if is_active_member || can_manage {
        members
            .iter()
            .filter(|m| can_manage || m.state == MemberState::Active)
            .map(|m| MemberRow {
                user_id: m.user_id,
                name: names.get(&m.user_id).cloned().unwrap_or_default(),
                role: *m.role,
                state: *m.state,
            })
            .collect()
    } else {
        Vec::new()
    };
    let group_proposals = proposals::of_group(db, id).await?;
    let district = places::districts(db).await?.remove(dong.district().as_str()).ok_or(AppError::NotFound)?;
    let show = !g.hidden || authz::can(actor, Action::Moderate, &Scope::District(dong.district())).is_ok();
    let purpose_html = if show { markdown::render(&g.purpose) } else { String::new() };
    Ok(GroupDetail {
        district,
        purpose_html,
        meeting_pattern: g.meeting_pattern.clone(),
        organisers,
        members: member_rows,
        proposals: group_proposals,
        created_on: time_fmt::seoul_date(g.created_at),
        hidden: g.hidden,
        moderation_reason: g.moderation_reason.clone(),
        viewer,
        summary: summaries(db, vec![g]).await?.pop().ok_or(AppError::NotFound)?,
    })
}

/// Joins a group: at once where membership is open, as a request to the organisers otherwise.
/// Joining twice changes nothing.
pub async fn join(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let g = find(db, id).await?;
    authz::can(actor, Action::JoinGroup, &scope_of(&g)?)?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if g.hidden {
        return Err(AppError::Conflict(ErrorCode::GroupHidden));
    }
    let membership = *g.membership;
    let state = membership.joining_state();
    let txn = crate::transaction::begin_write(db).await?;
    let inserted = group_member::Entity::insert(group_member::ActiveModel {
        group_id: Set(id),
        user_id: Set(me.user_id),
        role: Set(MemberRole::Member.into()),
        state: Set(state.into()),
        joined_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([group_member::Column::GroupId, group_member::Column::UserId]).do_nothing().to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted == 1 {
        match state {
            MemberState::Active => add_to_count(&txn, id, 1).await?,
            MemberState::Pending => {
                let organisers = organiser_ids(&txn, id).await?;
                notices::notify(&txn, organisers, Some(me.user_id), NoticeKind::JoinRequest, About::group(id), &g.name)
                    .await?
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Leaves a group (or withdraws a request to join). The last organiser cannot leave.
pub async fn leave(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<(), AppError> {
    let me = actor.ok_or(AppError::Unauthorized)?;
    find(db, id).await?;
    remove_member(db, id, me.user_id).await
}

/// An organiser approves a request to join.
pub async fn approve(db: &DatabaseConnection, actor: Option<&Actor>, id: i64, user_id: i64) -> Result<(), AppError> {
    let g = find(db, id).await?;
    authz::can(actor, Action::ManageGroup, &scope_of(&g)?)?;
    let txn = crate::transaction::begin_write(db).await?;
    let res = group_member::Entity::update_many()
        .col_expr(group_member::Column::State, Expr::value(MemberState::Active.as_str()))
        .filter(group_member::Column::GroupId.eq(id))
        .filter(group_member::Column::UserId.eq(user_id))
        .filter(group_member::Column::State.eq(MemberState::Pending.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected == 1 {
        add_to_count(&txn, id, 1).await?;
        notices::notify(&txn, [user_id], None, NoticeKind::JoinApproved, About::group(id), &g.name).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// An organiser removes a member (or declines a request).
pub async fn remove(db: &DatabaseConnection, actor: Option<&Actor>, id: i64, user_id: i64) -> Result<(), AppError> {
    let g = find(db, id).await?;
    authz::can(actor, Action::ManageGroup, &scope_of(&g)?)?;
    remove_member(db, id, user_id).await
}

async fn remove_member(db: &DatabaseConnection, id: i64, user_id: i64) -> Result<(), AppError> {
    let txn = crate::transaction::begin_write(db).await?;
    let Some(m) = group_member::Entity::find_by_id((id, user_id)).one(&txn).await? else {
        return Err(AppError::NotFound);
    };
    let role = *m.role;
    let state = if m.state == MemberState::Active { MemberState::Active } else { MemberState::Pending };
    let organisers = u32::try_from(organiser_ids(&txn, id).await?.len()).unwrap_or(u32::MAX);
    may_leave(role, state, organisers)
        .map_err(|LeaveError::LastOrganiser| AppError::Conflict(ErrorCode::LastOrganiser))?;
    group_member::Entity::delete_by_id((id, user_id)).exec(&txn).await?;
    if state == MemberState::Active {
        add_to_count(&txn, id, -1).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// An organiser makes an active member an organiser too.
pub async fn make_organiser(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    user_id: i64,
) -> Result<(), AppError> {
    let g = find(db, id).await?;
    authz::can(actor, Action::ManageGroup, &scope_of(&g)?)?;
    let res = group_member::Entity::update_many()
        .col_expr(group_member::Column::Role, Expr::value(MemberRole::Organiser.as_str()))
        .filter(group_member::Column::GroupId.eq(id))
        .filter(group_member::Column::UserId.eq(user_id))
        .filter(group_member::Column::State.eq(MemberState::Active.as_str()))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::OrganiserMustBeActive));
    }
    Ok(())
}

/// Staff or the district's expert mark the group as a registered resident group of the center
/// (or take that back).
pub async fn set_registered(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    registered: bool,
) -> Result<(), AppError> {
    let g = find(db, id).await?;
    authz::can(actor, Action::RegisterGroup, &scope_of(&g)?)?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let dong = DongCode::parse(&g.dong_code)?;
    let txn = crate::transaction::begin_write(db).await?;
    let mut m: resident_group::ActiveModel = g.clone().into();
    m.registered_at = Set(registered.then(Utc::now));
    m.registered_by = Set(registered.then_some(me.user_id));
    m.update(&txn).await?;
    let action = if registered { AuditAction::GroupRegistered } else { AuditAction::GroupUnregistered };
    audit::record(
        &txn,
        Some(me.user_id),
        action,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "group": id, "name": g.name }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The groups in `dong` that `actor` organises (to submit proposals for).
pub async fn organised_in(db: &DatabaseConnection, actor: &Actor, dong: &DongCode) -> Result<Vec<GroupRef>, AppError> {
    if actor.organises.is_empty() {
        return Ok(Vec::new());
    }
    Ok(resident_group::Entity::find()
        .filter(resident_group::Column::Id.is_in(actor.organises.clone()))
        .filter(resident_group::Column::DongCode.eq(dong.as_str()))
        .filter(resident_group::Column::Hidden.eq(false))
        .order_by_asc(resident_group::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|g| GroupRef { id: g.id, name: g.name })
        .collect())
}

pub(crate) async fn organiser_ids(db: &impl ConnectionTrait, id: i64) -> Result<Vec<i64>, AppError> {
    Ok(group_member::Entity::find()
        .filter(
            Condition::all()
                .add(group_member::Column::GroupId.eq(id))
                .add(group_member::Column::Role.eq(MemberRole::Organiser.as_str()))
                .add(group_member::Column::State.eq(MemberState::Active.as_str())),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

async fn add_to_count(db: &impl ConnectionTrait, id: i64, delta: i32) -> Result<(), AppError> {
    resident_group::Entity::update_many()
        .col_expr(resident_group::Column::MembersCount, Expr::col(resident_group::Column::MembersCount).add(delta))
        .filter(resident_group::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
