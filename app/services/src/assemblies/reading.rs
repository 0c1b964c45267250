//! What pages show of assemblies: lists, an assembly's detail with its agenda and the reader's
//! vote, the published minutes.

use super::agenda::items_of;
use super::bylaws::{bylaws, bylaws_of, bylaws_view};
use super::lifecycle::schedule_of;
use super::{dong_of, find, is_public};
use crate::entities::{agenda_option, assembly, minutes_version, participation, user};
use crate::markdown;
use crate::{identity, places, time_fmt};
use chrono::{DateTime, Utc};
use contract::dto::{
    AgendaItemView, AgendaOptionView, AssemblyDetail, AssemblyEditForm, AssemblyList, AssemblySummary, AssemblyViewer,
    MinutesVersionView, Place,
};
use contract::error::AppError;
use domain::assembly::{self as rules, AssemblyEvent, AssemblyStatus};
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::{Area, DongCode};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The published texts of an assembly's minutes, newest first.
async fn minutes_versions(db: &impl ConnectionTrait, id: i64) -> Result<Vec<MinutesVersionView>, AppError> {
    let rows = minutes_version::Entity::find()
        .filter(minutes_version::Column::AssemblyId.eq(id))
        .order_by_asc(minutes_version::Column::Id)
        .all(db)
        .await?;
    let names = identity::names_of(db, rows.iter().filter_map(|r| r.saved_by).collect()).await?;
    let mut out: Vec<MinutesVersionView> = rows
        .into_iter()
        .enumerate()
        .map(|(n, r)| MinutesVersionView {
            number: u32::try_from(n + 1).unwrap_or(u32::MAX),
            saved_at: time_fmt::seoul_datetime(r.saved_at),
            saved_by: r.saved_by.and_then(|id| names.get(&id).cloned()),
            html: markdown::render(&r.body),
        })
        .collect();
    out.reverse();
    Ok(out)
}

/// An assembly as a list row (its dong named).
pub async fn summary(db: &impl ConnectionTrait, a: &assembly::Model) -> Result<AssemblySummary, AppError> {
    Ok(summary_of(a, places::dong(db, &dong_of(a)?).await?))
}

fn summary_of(a: &assembly::Model, dong: Place) -> AssemblySummary {
    AssemblySummary {
        id: a.id,
        dong,
        title: a.title.clone(),
        status: *a.status,
        session_starts: time_fmt::seoul_datetime(a.session_starts_at),
        session_ends: time_fmt::seoul_datetime(a.session_ends_at),
        venue: a.venue.clone(),
    }
}

/// The dong's assemblies `actor` may see: drafts only for those who organise them.
fn visible(actor: Option<&Actor>, dong: &DongCode) -> (sea_orm::Select<assembly::Entity>, bool) {
    let manager = authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone())).is_ok();
    let mut q = assembly::Entity::find().filter(assembly::Column::DongCode.eq(dong.as_str()));
    if !manager {
        // what residents see (`is_public`): neither drafts nor drafts that were cancelled
        q = q.filter(assembly::Column::Status.ne(AssemblyStatus::Draft.as_str())).filter(
            sea_orm::Condition::any()
                .add(assembly::Column::Status.ne(AssemblyStatus::Cancelled.as_str()))
                .add(assembly::Column::EligibleCount.is_not_null()),
        );
    }
    (q, manager)
}

/// The dong's assemblies, newest session first. Drafts only for those who organise them.
pub async fn list(db: &DatabaseConnection, actor: Option<&Actor>, dong: &DongCode) -> Result<AssemblyList, AppError> {
    let (q, manager) = visible(actor, dong);
    let rows = q.order_by_desc(assembly::Column::SessionStartsAt).limit(100).all(db).await?;
    let place = places::dong(db, dong).await?;
    Ok(AssemblyList {
        items: rows.iter().map(|a| summary_of(a, place.clone())).collect(),
        dong: place,
        can_manage: manager,
        bylaws: bylaws_view(&bylaws(db, dong).await?),
    })
}

/// The dong's assemblies `actor` may see that match `terms`, best match first: at most `limit`,
/// and how many there are.
pub async fn search(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    dong: &DongCode,
    terms: &domain::search::Query,
    limit: u64,
) -> Result<(Vec<AssemblySummary>, u64), AppError> {
    use crate::{paging, search};
    let (q, _) = visible(actor, dong);
    let q = search::matching(q, db.get_database_backend(), search::Kind::Assembly, &Area::Dong(dong.clone()), terms);
    let order = |q| search::by_relevance(q).order_by_desc(assembly::Column::SessionStartsAt);
    let paged = paging::page(db, q, order, 1, limit).await?;
    let place = places::dong(db, dong).await?;
    Ok((paged.rows.iter().map(|a| summary_of(a, place.clone())).collect(), paged.total))
}

/// Whether and why not `actor` may vote online in `a` now (items voted on aside).
async fn vote_eligibility(
    db: &impl ConnectionTrait,
    actor: Option<&Actor>,
    a: &assembly::Model,
) -> Result<Result<(), &'static str>, AppError> {
    if authz::can(actor, Action::Vote, &Scope::Dong(dong_of(a)?)).is_err() {
        return Ok(Err("not_resident"));
    }
    if !a.status.accepts_online_ballots() {
        return Ok(Err("not_open"));
    }
    let me = actor.ok_or(AppError::Unauthorized)?;
    let birth_year = user::Entity::find_by_id(me.user_id).one(db).await?.and_then(|u| u.birth_year);
    if !bylaws_of(a).old_enough(birth_year, time_fmt::seoul_year(a.session_starts_at)) {
        return Ok(Err("too_young"));
    }
    Ok(Ok(()))
}

/// An assembly's page: particulars, bylaws, agenda with options, and what the viewer may do.
pub async fn detail(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<AssemblyDetail, AppError> {
    let a = find(db, id).await?;
    let dong = dong_of(&a)?;
    let can_manage = authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone())).is_ok();
    if !is_public(&a) && !can_manage {
        return Err(AppError::NotFound);
    }
    let items = items_of(db, id).await?;
    let item_ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let options = if item_ids.is_empty() {
        Vec::new()
    } else {
        agenda_option::Entity::find()
            .filter(agenda_option::Column::ItemId.is_in(item_ids.clone()))
            .order_by_asc(agenda_option::Column::Position)
            .all(db)
            .await?
    };
    let mine: Vec<participation::Model> = match actor {
        Some(me) if !item_ids.is_empty() => {
            participation::Entity::find()
                .filter(participation::Column::UserId.eq(me.user_id))
                .filter(participation::Column::ItemId.is_in(item_ids))
                .all(db)
                .await?
        }
        _ => Vec::new(),
    };
    let eligibility = vote_eligibility(db, actor, &a).await?;
    let status = *a.status;
    let voided_ballots =
        if status == AssemblyStatus::Cancelled { u32::try_from(mine.len()).unwrap_or(u32::MAX) } else { 0 };
    let edit = if can_manage && status.reschedulable() {
        let local = |t: DateTime<Utc>| time_fmt::seoul_datetime(t).replacen(' ', "T", 1);
        let venue_booked = crate::bookings::venue_booking(db, a.id).await?.is_some();
        Some(AssemblyEditForm {
            title: a.title.clone(),
            description: a.description.clone(),
            venue: a.venue.clone(),
            pre_voting_starts: a.pre_voting_starts_at.map(local).unwrap_or_default(),
            session_starts: local(a.session_starts_at),
            session_ends: local(a.session_ends_at),
            only_times: !status.details_editable(),
            venue_booked,
        })
    } else {
        None
    };
    let off_schedule = if can_manage {
        let now = time_fmt::now_local();
        AssemblyEvent::ALL
            .into_iter()
            .filter(|e| rules::advance(status, *e).is_some())
            .filter_map(|e| {
                schedule_of(&a).off_schedule(e, now).map(|o| (e.as_str().to_owned(), o.as_str().to_owned()))
            })
            .collect()
    } else {
        Vec::new()
    };
    let can_write_minutes = authz::can(actor, Action::WriteMinutes, &Scope::Dong(dong.clone())).is_ok();
    let district = places::districts(db).await?.remove(dong.district().as_str()).ok_or(AppError::NotFound)?;
    let minutes_versions = minutes_versions(db, a.id).await?;
    let b = bylaws_of(&a);
    Ok(AssemblyDetail {
        summary: summary_of(&a, places::dong(db, &dong).await?),
        district,
        description_html: markdown::render(&a.description),
        pre_voting_starts: a.pre_voting_starts_at.map(time_fmt::seoul_datetime),
        bylaws: bylaws_view(&b),
        minutes_html: a.minutes_published_at.and(a.minutes.as_deref()).map(markdown::render),
        minutes_draft: if can_write_minutes { a.minutes.clone() } else { None },
        minutes_versions,
        eligible_count: a.eligible_count,
        quorum_required: a.quorum_required,
        items: items
            .into_iter()
            .map(|i| AgendaItemView {
                id: i.id,
                position: i.position,
                description_html: markdown::render(&i.description),
                options: options
                    .iter()
                    .filter(|o| o.item_id == i.id)
                    .map(|o| AgendaOptionView {
                        id: o.id,
                        label: o.label.clone(),
                        proposal_id: o.proposal_id,
                        cost_won: o.cost_won,
                    })
                    .collect(),
                my_channel: mine.iter().find(|p| p.item_id == i.id).map(|p| p.channel.as_str().to_owned()),
                title: i.title,
                kind: *i.kind,
                approval_max: i.approval_max,
                budget_won: i.budget_won,
                proposal_id: i.proposal_id,
            })
            .collect(),
        viewer: AssemblyViewer {
            signed_in: actor.is_some(),
            can_manage,
            can_write_minutes: can_write_minutes && a.status.is_closed(),
            can_vote: eligibility.is_ok(),
            cannot_vote: eligibility.err().filter(|_| actor.is_some()).map(str::to_owned),
            voided_ballots,
            edit,
            off_schedule,
        },
        cancel_reason: a.cancel_reason.clone(),
        rescheduled_at: a.rescheduled_at.map(time_fmt::seoul_datetime),
    })
}
