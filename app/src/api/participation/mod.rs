//! Server functions for resident groups, proposals, comments, moderation and notifications.
//! Each parses its input into domain types and makes one service call; the service checks
//! `domain::authz` first. Forms post here with and without JavaScript (`ActionForm`).
#![allow(clippy::too_many_arguments)]

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;
/// Its plain HTTP routes: uploads and files, feeds, redirects.
#[cfg(feature = "ssr")]
pub mod routes;

// A server function takes one argument per form field (the macro's client half cannot be
// annotated on its own).

use crate::dto::{
    DongSearch, GroupDetail, GroupPage, NewProposalContext, NotificationPage, Place, ProposalDetail, ProposalForm,
    ProposalPage, Workspace,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::state::use_app_state;
#[cfg(feature = "ssr")]
use crate::domain::geo::{Area, DistrictCode, DongCode};

/// A form's optional number: empty means none.
#[cfg(feature = "ssr")]
fn optional_id(field: Field, v: Option<String>) -> Result<Option<i64>, AppError> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => s.parse::<i64>().map(Some).map_err(|_| AppError::input(field, InputRule::NoSuch)),
    }
}

#[cfg(feature = "ssr")]
use crate::api::confirmed;
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};

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

#[server(prefix = "/sf", endpoint = "proposals")]
pub async fn proposal_list(
    area: String,
    status: Option<String>,
    category: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    page: Option<String>,
) -> Result<ProposalPage, AppError> {
    with_actor(|db, _| async move {
        let area = Area::parse(&area)?;
        let filter = proposal_filter(status, category, q, sort, page)?;
        services::proposals::list(&db, &area, &filter).await
    })
    .await
}

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

/// Parses a list's query string (shared with the REST API).
#[cfg(feature = "ssr")]
pub(crate) fn proposal_filter(
    status: Option<String>,
    category: Option<String>,
    q: Option<String>,
    sort: Option<String>,
    page: Option<String>,
) -> Result<services::proposals::ProposalFilter, AppError> {
    use crate::domain::{category::Category, proposal::*, text::*};
    let nonempty = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let query = SearchQuery::parse(q.as_deref().unwrap_or(""))?;
    Ok(services::proposals::ProposalFilter {
        status: nonempty(status).map(|s| ProposalStatus::parse(&s)).transpose()?.filter(|s| s.is_public()),
        category: nonempty(category).map(|c| Category::parse(&c)).transpose()?,
        sort: ProposalSort::parse(sort.as_deref().unwrap_or(""), query.is_some()),
        query,
        page: page_number(page.as_deref()),
    })
}

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

#[server(prefix = "/sf", endpoint = "proposal")]
pub async fn load_proposal(id: i64) -> Result<ProposalDetail, AppError> {
    with_actor(|db, actor| async move { services::proposals::detail(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "group")]
pub async fn load_group(id: i64) -> Result<GroupDetail, AppError> {
    with_actor(|db, actor| async move { services::groups::detail(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "proposals/new_context")]
pub async fn load_new_proposal_context(dong: String) -> Result<NewProposalContext, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        services::proposals::new_context(&db, actor.as_ref(), &dong).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "proposals/form")]
pub async fn load_proposal_form(id: i64) -> Result<ProposalForm, AppError> {
    with_actor(|db, actor| async move { services::proposals::form(&db, actor.as_ref(), id).await }).await
}

// ---- groups ------------------------------------------------------------------------------

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

// ---- proposals ---------------------------------------------------------------------------

#[server(prefix = "/sf", endpoint = "proposals/create")]
pub async fn create_proposal(
    dong: String,
    title: String,
    problem: String,
    solution: String,
    category: String,
    cost_won: String,
    location: String,
    group_id: Option<String>,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let content = crate::domain::proposal::ProposalContent::parse(
            &title, &problem, &solution, &category, &cost_won, &location,
        )?;
        let group = optional_id(Field::GroupId, group_id)?;
        let id = services::proposals::create(&db, actor.as_ref(), &dong, content, group).await?;
        leptos_axum::redirect(&format!("/proposals/{id}"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "proposals/update")]
pub async fn update_proposal(
    id: i64,
    title: String,
    problem: String,
    solution: String,
    category: String,
    cost_won: String,
    location: String,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let content = crate::domain::proposal::ProposalContent::parse(
            &title, &problem, &solution, &category, &cost_won, &location,
        )?;
        services::proposals::update(&db, actor.as_ref(), id, content).await?;
        leptos_axum::redirect(&format!("/proposals/{id}"));
        Ok(())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "proposals/publish")]
pub async fn publish_proposal(id: i64) -> Result<(), AppError> {
    with_actor(|db, actor| async move { services::proposals::publish(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "proposals/withdraw")]
pub async fn withdraw_proposal(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        confirmed(&confirm)?;
        services::proposals::withdraw(&db, actor.as_ref(), id).await
    })
    .await
}

/// The author removes an image of their proposal (after ticking the confirmation).
#[server(prefix = "/sf", endpoint = "proposals/images/remove")]
pub async fn remove_proposal_image(image_id: i64, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        confirmed(&confirm)?;
        let media = use_app_state()?.media;
        services::proposal_images::remove(&db, &media, actor.as_ref(), image_id).await.map(|_| ())
    })
    .await
}

/// Supports (`support` = "1") or takes a support back (anything else).
#[server(prefix = "/sf", endpoint = "proposals/support")]
pub async fn support_proposal(id: i64, support: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        if support == "1" {
            services::proposals::support(&db, actor.as_ref(), id).await
        } else {
            services::proposals::unsupport(&db, actor.as_ref(), id).await
        }
    })
    .await
}

#[server(prefix = "/sf", endpoint = "proposals/comment")]
pub async fn add_comment(proposal_id: i64, parent_id: Option<String>, body: String) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let parent = optional_id(Field::ParentId, parent_id)?;
        services::proposals::comment(&db, actor.as_ref(), proposal_id, parent, &body).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "settings/support_threshold")]
pub async fn set_support_threshold(dong: String, threshold: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let t = crate::domain::proposal::SupportThreshold::parse(&threshold)?;
        services::proposals::set_threshold(&db, actor.as_ref(), &dong, t).await
    })
    .await
}

// ---- moderation --------------------------------------------------------------------------

#[server(prefix = "/sf", endpoint = "report")]
pub async fn report_content(kind: String, id: i64, reason: String, detail: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        use crate::domain::moderation::{ReportInput, TargetKind};
        let kind = TargetKind::parse(&kind)?;
        let input = ReportInput::parse(&reason, detail.as_deref().unwrap_or(""))?;
        services::moderation::report(&db, actor.as_ref(), kind, id, input).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "moderate")]
pub async fn moderate(kind: String, id: i64, decision: String, public_reason: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        use crate::domain::moderation::{Decision, TargetKind, public_reason as reason};
        let kind = TargetKind::parse(&kind)?;
        let decision = Decision::parse(&decision)?;
        let reason = reason(&public_reason)?;
        services::moderation::decide(&db, actor.as_ref(), kind, id, decision, reason).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "moderate/restrict")]
pub async fn restrict_user(
    district: String,
    user_id: i64,
    kind: String,
    days: Option<String>,
    public_reason: String,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        use crate::domain::moderation::{Restriction, public_reason as reason};
        let district = DistrictCode::parse(&district)?;
        let restriction = Restriction::parse(&kind, days.as_deref().unwrap_or(""))?;
        let reason = reason(&public_reason)?;
        services::moderation::restrict(&db, actor.as_ref(), &district, user_id, restriction, reason).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "settings/report_threshold")]
pub async fn set_report_threshold(district: String, report_threshold: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let district = DistrictCode::parse(&district)?;
        let t = crate::domain::moderation::ReportThreshold::parse(&report_threshold)?;
        services::moderation::set_report_threshold(&db, actor.as_ref(), &district, t).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "expert/workspace")]
pub async fn expert_workspace(district: String) -> Result<Workspace, AppError> {
    with_actor(|db, actor| async move {
        let district = DistrictCode::parse(&district)?;
        services::moderation::workspace(&db, actor.as_ref(), &district).await
    })
    .await
}

// ---- notifications -----------------------------------------------------------------------

#[server(prefix = "/sf", endpoint = "notifications")]
pub async fn notifications(page: Option<String>) -> Result<NotificationPage, AppError> {
    with_actor(|db, actor| async move {
        let page = crate::domain::text::page_number(page.as_deref());
        services::notices::list(&db, actor.as_ref(), page).await
    })
    .await
}

/// The number under the bell (0 when signed out).
#[server(prefix = "/sf", endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<u64, AppError> {
    with_actor(|db, actor| async move {
        match actor {
            Some(a) => services::notices::unread(&db, &a).await,
            None => Ok(0),
        }
    })
    .await
}

/// Marks one notification read, or all of them without `id`.
#[server(prefix = "/sf", endpoint = "notifications/read")]
pub async fn mark_read(id: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let id = optional_id(Field::Id, id)?;
        services::notices::mark_read(&db, actor.as_ref(), id).await
    })
    .await
}
