//! The in-person part of an assembly, run by the center's staff: finding a resident at the door,
//! checking them in, entering the paper-ballot tallies, and the live count of participants.
//!
//! Checking a resident in gives them a paper ballot for every item they have not voted on
//! online: a `participations` row with the channel `paper`. From then on they cannot vote online
//! on those items (one channel per item, by the same primary key), and the paper ballots
//! counted for an item can never exceed the paper participations issued for it.
//!
//! The day leaves a trail that cannot be rewritten (append-only tables): every check-in and
//! undone check-in (`attendance_events`), every entry and correction of a paper tally
//! (`paper_tally_entries`), and each tally's confirmation by a second person
//! (`paper_tally_confirmations`); results are published only once every tally is confirmed.

use crate::assemblies::{self, Channel, ballot_of, bylaws_of, dong_of, items_of};
use crate::entities::{
    Stored, agenda_item, agenda_option, assembly, assembly_attendance, assembly_channel, attendance_event,
    paper_tally_confirmation, paper_tally_entry, participation, user,
};
use crate::{assemblies::results, identity, time_fmt};
use chrono::Utc;
use contract::dto::{
    CheckInView, DoorCandidate, DoorTallies, DoorTally, LiveCount, OptionVotes, PaperTrail, TallyEntryView,
};
use contract::error::{AppError, conflict_if_duplicate};
use contract::error_code::ErrorCode;
use domain::assembly::{self as rules, AttendanceStep, PaperCounts, PaperState};
use domain::authz::{self, Action, Actor, Scope};
use domain::identity::DisplayName;
use domain::{Field, InputRule, Unit};
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
    let positions = |user_id: i64, channel: Channel| -> Vec<i32> {
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
            online_items: positions(u.id, Channel::Online),
            paper_items: positions(u.id, Channel::Paper),
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
    if !a.status.accepts_check_ins() {
        return Err(AppError::Conflict(ErrorCode::CheckInClosed));
    }
    let person = identity::load_actor(db, user_id).await?.ok_or(AppError::NotFound)?;
    if !person.is_verified_resident_of(&dong_of(&a)?) {
        return Err(AppError::Conflict(ErrorCode::NotAVerifiedResident));
    }
    let u = user::Entity::find_by_id(user_id).one(db).await?.ok_or(AppError::NotFound)?;
    if !bylaws_of(&a).old_enough(u.birth_year, time_fmt::seoul_year(a.session_starts_at)) {
        return Err(AppError::Conflict(ErrorCode::TooYoungToVote));
    }
    let items = items_of(db, id).await?;
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
    // One channel per resident and assembly: who voted online on any item gets no paper ballots
    // (the first recorded channel wins, whatever the concurrency).
    if assemblies::claim_channel(&txn, id, user_id, Channel::Paper).await? != Channel::Paper {
        return Err(AppError::Conflict(ErrorCode::VotedOnline));
    }
    let newly = assembly_attendance::Entity::insert(assembly_attendance::ActiveModel {
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
    if newly > 0 {
        record_attendance(&txn, id, user_id, AttendanceStep::CheckIn, staff.user_id).await?;
    }
    // still in session? (read after the first write; see `assemblies::cast`)
    let current = assembly::Entity::find_by_id(id).lock_shared().one(&txn).await?.ok_or(AppError::NotFound)?;
    if !current.status.accepts_check_ins() {
        return Err(AppError::Conflict(ErrorCode::CheckInClosed));
    }
    for item in &items {
        participation::Entity::insert(participation::ActiveModel {
            item_id: Set(item.id),
            user_id: Set(user_id),
            channel: Set(Channel::Paper.into()),
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
    let positions = |channel: Channel| -> Vec<i32> {
        items
            .iter()
            .filter(|i| mine.iter().any(|p| p.item_id == i.id && p.channel == channel))
            .map(|i| i.position + 1)
            .collect()
    };
    Ok(CheckInView {
        name: u.display_name,
        online_items: positions(Channel::Online),
        paper_items: positions(Channel::Paper),
    })
}

/// The paper ballots issued for an item: residents checked in who had not voted on it online.
async fn issued(db: &impl ConnectionTrait, item_id: i64) -> Result<u64, AppError> {
    Ok(participation::Entity::find()
        .filter(participation::Column::ItemId.eq(item_id))
        .filter(participation::Column::Channel.eq(Stored(Channel::Paper)))
        .count(db)
        .await?)
}

/// An item's tally entries, oldest first (the last is the item's tally), with their
/// confirmations.
pub(crate) async fn tally_line(
    db: &impl ConnectionTrait,
    item_id: i64,
) -> Result<Vec<(paper_tally_entry::Model, Option<paper_tally_confirmation::Model>)>, AppError> {
    let entries = paper_tally_entry::Entity::find()
        .filter(paper_tally_entry::Column::ItemId.eq(item_id))
        .order_by_asc(paper_tally_entry::Column::Id)
        .all(db)
        .await?;
    let mut confirmations = paper_tally_confirmation::Entity::find()
        .filter(paper_tally_confirmation::Column::EntryId.is_in(entries.iter().map(|e| e.id)))
        .all(db)
        .await?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let c = confirmations.iter().position(|c| c.entry_id == e.id).map(|i| confirmations.swap_remove(i));
            (e, c)
        })
        .collect())
}

/// The last entry of an item's tally: its current figures.
pub async fn last_entry(db: &impl ConnectionTrait, item_id: i64) -> Result<Option<paper_tally_entry::Model>, AppError> {
    Ok(paper_tally_entry::Entity::find()
        .filter(paper_tally_entry::Column::ItemId.eq(item_id))
        .order_by_desc(paper_tally_entry::Column::Id)
        .one(db)
        .await?)
}

/// Where an item's paper tally stands for publishing (see `PaperState`).
pub(crate) async fn paper_state(db: &impl ConnectionTrait, item_id: i64) -> Result<PaperState, AppError> {
    let last = match last_entry(db, item_id).await? {
        Some(e) => Some(paper_tally_confirmation::Entity::find_by_id(e.id).one(db).await?.is_some()),
        None => None,
    };
    Ok(PaperState::of(issued(db, item_id).await?, last))
}

/// Locks the assembly for a change of the assembly day's figures, as the transaction's first
/// statement (PostgreSQL: the row, so entries, confirmations, undone check-ins and the step to
/// publication happen one after another; SQLite: the write transaction already does), and
/// checks that paper tallies are still taken.
async fn lock_for_tallies(txn: &impl ConnectionTrait, assembly_id: i64) -> Result<(), AppError> {
    let current =
        assembly::Entity::find_by_id(assembly_id).lock_exclusive().one(txn).await?.ok_or(AppError::NotFound)?;
    if !current.status.accepts_paper_tallies() {
        return Err(AppError::Conflict(ErrorCode::TalliesClosed));
    }
    Ok(())
}

/// Staff enter the counted paper ballots of one item, or correct them. `corrects` is the last
/// entry the person saw (none for the first): if another was made meanwhile, nothing is saved.
/// Nothing is overwritten: a correction is an entry of its own, and needs confirming again.
pub async fn enter_paper_tally(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    item_id: i64,
    counts: PaperCounts,
    corrects: Option<i64>,
) -> Result<(), AppError> {
    let item = agenda_item::Entity::find_by_id(item_id).one(db).await?.ok_or(AppError::NotFound)?;
    let a = door(db, actor, item.assembly_id).await?;
    let staff = actor.ok_or(AppError::Unauthorized)?;
    if !a.status.accepts_paper_tallies() {
        return Err(AppError::Conflict(ErrorCode::TalliesClosed));
    }
    let (kind, options) = ballot_of(db, &item).await?;
    let txn = crate::transaction::begin_write(db).await?;
    lock_for_tallies(&txn, a.id).await?;
    if last_entry(&txn, item_id).await?.map(|e| e.id) != corrects {
        return Err(AppError::Conflict(ErrorCode::TallyChanged));
    }
    let rule = assemblies::bylaws_of(&a).pb_rule;
    let tally = rules::check_paper_under(kind, rule, &options, &counts, issued(&txn, item_id).await?)?;
    let ballot_sets = if rules::paper_needs_sets(kind, rule) {
        Some(serde_json::to_string(&tally.sets).map_err(|_| AppError::Internal)?)
    } else {
        None
    };
    let as_i32 = |n: u64| {
        i32::try_from(n).map_err(|_| {
            AppError::input(Field::Ballots, InputRule::Number { min: 0, max: i32::MAX as i64, unit: Unit::Plain })
        })
    };
    let stored_options: std::collections::BTreeMap<i64, u64> = tally.options.iter().copied().collect();
    let inserted = paper_tally_entry::Entity::insert(paper_tally_entry::ActiveModel {
        item_id: Set(item_id),
        ballots: Set(as_i32(tally.ballots)?),
        abstentions: Set(as_i32(tally.abstentions)?),
        approve: Set(as_i32(tally.approve)?),
        reject: Set(as_i32(tally.reject)?),
        options: Set(serde_json::to_string(&stored_options).map_err(|_| AppError::Internal)?),
        entered_by: Set(staff.user_id),
        entered_at: Set(Utc::now()),
        corrects: Set(corrects),
        ballot_sets: Set(ballot_sets),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await;
    // the line's constraints: one first entry per item, each entry corrected once
    conflict_if_duplicate(inserted, ErrorCode::TallyChanged)?;
    txn.commit().await?;
    Ok(())
}

/// A second person (another staff member of the center, or the district's expert) confirms the
/// last entry of an item's tally. Results are published only once every item's paper tally is
/// confirmed.
pub async fn confirm_paper_tally(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    item_id: i64,
    entry_id: i64,
) -> Result<(), AppError> {
    let item = agenda_item::Entity::find_by_id(item_id).one(db).await?.ok_or(AppError::NotFound)?;
    let a = assemblies::find(db, item.assembly_id).await?;
    authz::can(actor, Action::ConfirmPaperTally, &Scope::Dong(dong_of(&a)?))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let txn = crate::transaction::begin_write(db).await?;
    lock_for_tallies(&txn, a.id).await?;
    let last = last_entry(&txn, item_id).await?.ok_or(AppError::NotFound)?;
    if last.id != entry_id {
        return Err(AppError::Conflict(ErrorCode::TallyChanged));
    }
    rules::second_person(last.entered_by, me.user_id)?;
    let inserted = paper_tally_confirmation::Entity::insert(paper_tally_confirmation::ActiveModel {
        entry_id: Set(last.id),
        entered_by: Set(last.entered_by),
        confirmed_by: Set(me.user_id),
        confirmed_at: Set(Utc::now()),
    })
    .exec_without_returning(&txn)
    .await;
    conflict_if_duplicate(inserted, ErrorCode::TallyAlreadyConfirmed)?;
    txn.commit().await?;
    Ok(())
}

/// Undoes a check-in made by mistake, while the session runs and before any paper figures are
/// entered (the person's ballots may be in the box then): the resident's paper ballots are
/// withdrawn and their channel is free again. The undoing is recorded beside the check-in.
pub async fn undo_check_in(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    assembly_id: i64,
    user_id: i64,
) -> Result<(), AppError> {
    let a = door(db, actor, assembly_id).await?;
    let staff = actor.ok_or(AppError::Unauthorized)?;
    let items: Vec<i64> = items_of(db, assembly_id).await?.iter().map(|i| i.id).collect();
    let txn = crate::transaction::begin_write(db).await?;
    let current = assembly::Entity::find_by_id(a.id).lock_exclusive().one(&txn).await?.ok_or(AppError::NotFound)?;
    if !current.status.accepts_check_ins() {
        return Err(AppError::Conflict(ErrorCode::UndoOnlyInSession));
    }
    let counted = paper_tally_entry::Entity::find()
        .filter(paper_tally_entry::Column::ItemId.is_in(items.clone()))
        .count(&txn)
        .await?;
    if counted > 0 {
        return Err(AppError::Conflict(ErrorCode::CountingStarted));
    }
    let removed = assembly_attendance::Entity::delete_many()
        .filter(assembly_attendance::Column::AssemblyId.eq(assembly_id))
        .filter(assembly_attendance::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::NotCheckedIn));
    }
    participation::Entity::delete_many()
        .filter(participation::Column::UserId.eq(user_id))
        .filter(participation::Column::ItemId.is_in(items))
        .filter(participation::Column::Channel.eq(Stored(Channel::Paper)))
        .exec(&txn)
        .await?;
    assembly_channel::Entity::delete_many()
        .filter(assembly_channel::Column::AssemblyId.eq(assembly_id))
        .filter(assembly_channel::Column::UserId.eq(user_id))
        .filter(assembly_channel::Column::Channel.eq(Stored(Channel::Paper)))
        .exec(&txn)
        .await?;
    record_attendance(&txn, assembly_id, user_id, AttendanceStep::Undo, staff.user_id).await?;
    txn.commit().await?;
    Ok(())
}

async fn record_attendance(
    txn: &impl ConnectionTrait,
    assembly_id: i64,
    user_id: i64,
    kind: AttendanceStep,
    by: i64,
) -> Result<(), AppError> {
    attendance_event::Entity::insert(attendance_event::ActiveModel {
        assembly_id: Set(assembly_id),
        user_id: Set(user_id),
        kind: Set(kind.into()),
        by_user_id: Set(by),
        at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

/// Every item's paper trail: the ballots given out, where its tally stands, and every entry
/// with who made and who confirmed it.
pub(crate) async fn paper_trails(db: &impl ConnectionTrait, assembly_id: i64) -> Result<Vec<PaperTrail>, AppError> {
    let items = items_of(db, assembly_id).await?;
    let rule = assemblies::bylaws_of(&assemblies::find(db, assembly_id).await?).pb_rule;
    let mut lines = Vec::with_capacity(items.len());
    for item in &items {
        let line = tally_line(db, item.id).await?;
        let (kind, options) = ballot_of(db, item).await?;
        lines.push((item, issued(db, item.id).await?, line, (rules::paper_needs_sets(kind, rule), options)));
    }
    let people: Vec<i64> = lines
        .iter()
        .flat_map(|(_, _, line, _)| {
            line.iter().flat_map(|(e, c)| [Some(e.entered_by), c.as_ref().map(|c| c.confirmed_by)])
        })
        .flatten()
        .collect();
    let names = identity::names_of(db, people).await?;
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let labels: std::collections::HashMap<i64, String> = agenda_option::Entity::find()
        .filter(agenda_option::Column::ItemId.is_in(items.iter().map(|i| i.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.label))
        .collect();
    lines
        .into_iter()
        .map(|(item, issued, line, (needs_sets, options))| {
            let last_confirmed = line.last().map(|(_, c)| c.is_some());
            let entries = line
                .into_iter()
                .map(|(e, c)| {
                    let tally = results::paper_of(&e)?;
                    Ok(TallyEntryView {
                        id: e.id,
                        ballots: tally.ballots,
                        abstentions: tally.abstentions,
                        approve: tally.approve,
                        reject: tally.reject,
                        options: options
                            .iter()
                            .map(|o| {
                                let votes = tally.options.iter().find(|t| t.0 == o.id).map_or(0, |t| t.1);
                                OptionVotes { label: labels.get(&o.id).cloned().unwrap_or_default(), votes }
                            })
                            .collect(),
                        entered_by: name(e.entered_by),
                        entered_at: time_fmt::seoul_datetime(e.entered_at),
                        corrects: e.corrects,
                        ballot_sets: needs_sets.then(|| rules::format_ballot_sets(&tally.sets, &options)),
                        confirmed_by: c.as_ref().map(|c| name(c.confirmed_by)),
                        confirmed_at: c.as_ref().map(|c| time_fmt::seoul_datetime(c.confirmed_at)),
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()?;
            Ok(PaperTrail {
                item_id: item.id,
                position: item.position,
                title: item.title.clone(),
                issued,
                state: PaperState::of(issued, last_confirmed),
                entries,
                needs_sets,
            })
        })
        .collect()
}

/// The door page's view of the paper tallies.
pub async fn door_tallies(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    assembly_id: i64,
) -> Result<DoorTallies, AppError> {
    let a = assemblies::find(db, assembly_id).await?;
    let dong = dong_of(&a)?;
    let runs_door = authz::can(actor, Action::RunAssemblyDoor, &Scope::Dong(dong.clone())).is_ok();
    if !runs_door {
        authz::can(actor, Action::ConfirmPaperTally, &Scope::Dong(dong))?;
    }
    let me = actor.ok_or(AppError::Unauthorized)?.user_id;
    let mut items = Vec::new();
    for trail in paper_trails(db, assembly_id).await? {
        let last_is_mine = match last_entry(db, trail.item_id).await? {
            Some(e) => e.entered_by == me,
            None => false,
        };
        items.push(DoorTally { trail, last_is_mine });
    }
    Ok(DoorTallies { items, runs_door })
}

/// Participants so far — residents who voted online on any item, or checked in (each once) —
/// against the quorum. Public while the assembly is announced or later.
pub async fn live(db: &DatabaseConnection, id: i64) -> Result<LiveCount, AppError> {
    let a = assemblies::find(db, id).await?;
    if !assemblies::is_public(&a) {
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
            .filter(participation::Column::Channel.eq(Stored(Channel::Online)))
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
