//! The in-person part of an assembly, run by the center's staff: finding a resident at the door,
//! checking them in, entering the paper-ballot tallies, and the live count of participants.
//!
//! Checking a resident in gives them a paper ballot for every item they have not voted on
//! online: a `participations` row with the channel `paper`. From then on they cannot vote online
//! on those items (one channel per item, by the same primary key), and the paper ballots
//! counted for an item can never exceed the paper participations issued for it.

use crate::api::dto::{CheckInView, DoorCandidate, LiveCount};
use crate::domain::assembly::{self as rules, PaperCounts};
use crate::domain::authz::{self, Action, Actor, Scope};
use crate::domain::identity::DisplayName;
use crate::error::AppError;
use crate::server::entities::{agenda_item, assembly, assembly_attendance, paper_tally, participation, user};
use crate::server::services::assemblies::{self, Channel, ballot_of, bylaws_of, dong_of, items_of, status_of};
use crate::server::services::{identity, time_fmt};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::BTreeSet;

async fn door(db: &impl ConnectionTrait, actor: Option<&Actor>, id: i64) -> Result<assembly::Model, AppError> {
    let a = assemblies::find(db, id).await?;
    authz::can(actor, Action::RunAssemblyDoor, &Scope::Dong(dong_of(&a)?))?;
    Ok(a)
}

/// Verified residents of the assembly's dong whose name contains `name` (and born in
/// `birth_year`, when given): whom staff may check in.
pub async fn search(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    name: &str,
    birth_year: Option<i32>,
) -> Result<Vec<DoorCandidate>, AppError> {
    let a = door(db, actor, id).await?;
    let name = DisplayName::parse(name)?;
    let residents = identity::verified_residents(db, &dong_of(&a)?).await?;
    if residents.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = user::Entity::find()
        .filter(user::Column::Id.is_in(residents))
        .filter(user::Column::DisplayName.contains(name.as_str()))
        .filter(user::Column::DeletedAt.is_null());
    if let Some(y) = birth_year {
        q = q.filter(user::Column::BirthYear.eq(y));
    }
    let found = q.order_by_asc(user::Column::DisplayName).limit(20).all(db).await?;
    let items = items_of(db, id).await?;
    let theirs = participation::Entity::find()
        .filter(participation::Column::UserId.is_in(found.iter().map(|u| u.id)))
        .filter(participation::Column::ItemId.is_in(items.iter().map(|i| i.id)))
        .all(db)
        .await?;
    let positions = |user_id: i64, channel: &str| -> Vec<i32> {
        items
            .iter()
            .filter(|i| theirs.iter().any(|p| p.user_id == user_id && p.item_id == i.id && p.channel == channel))
            .map(|i| i.position + 1)
            .collect()
    };
    let checked: BTreeSet<i64> = assembly_attendance::Entity::find()
        .filter(assembly_attendance::Column::AssemblyId.eq(id))
        .filter(assembly_attendance::Column::UserId.is_in(found.iter().map(|u| u.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    Ok(found
        .into_iter()
        .map(|u| DoorCandidate {
            user_id: u.id,
            name: u.display_name,
            birth_year: u.birth_year,
            checked_in: checked.contains(&u.id),
            online_items: positions(u.id, "online"),
            paper_items: positions(u.id, "paper"),
        })
        .collect())
}

/// Checks a verified resident of the dong in (again is harmless) and issues paper ballots for
/// the items they have not voted on online. Says which items they voted on online.
pub async fn check_in(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    user_id: i64,
) -> Result<CheckInView, AppError> {
    let a = door(db, actor, id).await?;
    let staff = actor.ok_or(AppError::Unauthorized)?;
    if !status_of(&a)?.accepts_check_ins() {
        return Err(AppError::Conflict("check-in is open only while the assembly is in session".into()));
    }
    let person = identity::load_actor(db, user_id).await?.ok_or(AppError::NotFound)?;
    if !person.is_verified_resident_of(&dong_of(&a)?) {
        return Err(AppError::Conflict("not a verified resident of this dong".into()));
    }
    let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(AppError::NotFound)?;
    if !bylaws_of(&a).old_enough(u.birth_year, time_fmt::seoul_year(a.session_starts_at)) {
        return Err(AppError::Conflict("too young to vote by this assembly's bylaws".into()));
    }
    let items = items_of(db, id).await?;
    let now = Utc::now();
    let txn = crate::server::db::begin_write(db).await?;
    // One channel per resident and assembly: who voted online on any item gets no paper ballots
    // (the first recorded channel wins, whatever the concurrency).
    if assemblies::claim_channel(&txn, id, user_id, Channel::Paper).await? != Channel::Paper {
        return Err(AppError::Conflict(assemblies::VOTED_ONLINE.into()));
    }
    assembly_attendance::Entity::insert(assembly_attendance::ActiveModel {
        assembly_id: Set(id),
        user_id: Set(user_id),
        checked_in_by: Set(staff.user_id),
        at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([assembly_attendance::Column::AssemblyId, assembly_attendance::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    // still in session? (read after the first write; see `assemblies::cast`)
    let current = assembly::Entity::find_by_id(id).lock_shared().one(&txn).await?.ok_or(AppError::NotFound)?;
    if !status_of(&current)?.accepts_check_ins() {
        return Err(AppError::Conflict("check-in is open only while the assembly is in session".into()));
    }
    for item in &items {
        participation::Entity::insert(participation::ActiveModel {
            item_id: Set(item.id),
            user_id: Set(user_id),
            channel: Set("paper".to_owned()),
            at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([participation::Column::ItemId, participation::Column::UserId]).do_nothing().to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    let mine = participation::Entity::find()
        .filter(participation::Column::UserId.eq(user_id))
        .filter(participation::Column::ItemId.is_in(items.iter().map(|i| i.id)))
        .all(&txn)
        .await?;
    txn.commit().await?;
    let positions = |channel: &str| -> Vec<i32> {
        items
            .iter()
            .filter(|i| mine.iter().any(|p| p.item_id == i.id && p.channel == channel))
            .map(|i| i.position + 1)
            .collect()
    };
    Ok(CheckInView { name: u.display_name, online_items: positions("online"), paper_items: positions("paper") })
}

/// The paper ballots issued for an item: residents checked in who had not voted on it online.
async fn issued(db: &impl ConnectionTrait, item_id: i64) -> Result<u64, AppError> {
    Ok(participation::Entity::find()
        .filter(participation::Column::ItemId.eq(item_id))
        .filter(participation::Column::Channel.eq("paper"))
        .count(db)
        .await?)
}

/// Staff enter (or correct) the counted paper ballots of one item.
pub async fn enter_paper_tally(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    item_id: i64,
    counts: PaperCounts,
) -> Result<(), AppError> {
    let item = agenda_item::Entity::find_by_id(item_id).one(db).await?.ok_or(AppError::NotFound)?;
    let a = door(db, actor, item.assembly_id).await?;
    let staff = actor.ok_or(AppError::Unauthorized)?;
    if !status_of(&a)?.accepts_paper_tallies() {
        return Err(AppError::Conflict("paper tallies are entered during the session or after the close".into()));
    }
    let (kind, options) = ballot_of(db, &item).await?;
    // (check-ins only ever add paper ballots, so a count read now can only be stricter)
    let tally = rules::check_paper(kind, &options, &counts, issued(db, item_id).await?)?;
    let as_i32 = |n: u64| i32::try_from(n).map_err(|_| AppError::invalid("ballots", "too many"));
    let stored_options: std::collections::BTreeMap<i64, u64> = tally.options.iter().copied().collect();
    let row = paper_tally::ActiveModel {
        item_id: Set(item_id),
        ballots: Set(as_i32(tally.ballots)?),
        abstentions: Set(as_i32(tally.abstentions)?),
        approve: Set(as_i32(tally.approve)?),
        reject: Set(as_i32(tally.reject)?),
        options: Set(serde_json::to_string(&stored_options).map_err(|_| AppError::Internal)?),
        entered_by: Set(staff.user_id),
        entered_at: Set(Utc::now()),
    };
    let txn = crate::server::db::begin_write(db).await?;
    paper_tally::Entity::insert(row)
        .on_conflict(
            OnConflict::column(paper_tally::Column::ItemId)
                .update_columns([
                    paper_tally::Column::Ballots,
                    paper_tally::Column::Abstentions,
                    paper_tally::Column::Approve,
                    paper_tally::Column::Reject,
                    paper_tally::Column::Options,
                    paper_tally::Column::EnteredBy,
                    paper_tally::Column::EnteredAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    // not published meanwhile? (read after the first write; see `assemblies::cast`)
    let current = assembly::Entity::find_by_id(a.id).lock_shared().one(&txn).await?.ok_or(AppError::NotFound)?;
    if !status_of(&current)?.accepts_paper_tallies() {
        return Err(AppError::Conflict("paper tallies are entered during the session or after the close".into()));
    }
    txn.commit().await?;
    Ok(())
}

/// Participants so far — residents who voted online on any item, or checked in (each once) —
/// against the quorum. Public while the assembly is announced or later.
pub async fn live(db: &DatabaseConnection, id: i64) -> Result<LiveCount, AppError> {
    let a = assemblies::find(db, id).await?;
    if !assemblies::is_public(&a)? {
        return Err(AppError::NotFound);
    }
    let item_ids: Vec<i64> = items_of(db, id).await?.iter().map(|i| i.id).collect();
    let mut people: BTreeSet<i64> = if item_ids.is_empty() {
        BTreeSet::new()
    } else {
        participation::Entity::find()
            .select_only()
            .column(participation::Column::UserId)
            .filter(participation::Column::ItemId.is_in(item_ids))
            .filter(participation::Column::Channel.eq("online"))
            .into_tuple::<i64>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let online = people.len() as u64;
    let checked_in: Vec<i64> = assembly_attendance::Entity::find()
        .select_only()
        .column(assembly_attendance::Column::UserId)
        .filter(assembly_attendance::Column::AssemblyId.eq(id))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let in_person = checked_in.len() as u64;
    people.extend(checked_in);
    Ok(LiveCount {
        summary: assemblies::summary(db, &a).await?,
        online,
        in_person,
        participants: people.len() as u64,
        quorum_required: a.quorum_required.unwrap_or(0),
        eligible: a.eligible_count.unwrap_or(0),
        at: time_fmt::seoul_datetime_seconds(Utc::now()),
    })
}
