//! Resident general assemblies: the dong's bylaws, creating an assembly and its agenda, moving it
//! through its lifecycle, and online ballots.
//!
//! Integrity of the vote:
//! - Taking part in an item is a `participations` row, unique per (item, resident) in the
//!   database, whatever the concurrency: of several submissions, one inserts it and the others
//!   find it.
//! - One channel per resident and assembly (`assembly_channels`): who voted online on any item
//!   is never checked in for paper ballots, and who was checked in cannot vote online.
//! - The ballot is written in the same transaction as the participation, and only when the
//!   participation was new. A secret ballot is sealed (`sealed_ballots`, see `BallotSeal`) until
//!   the close, which opens the assembly's ballots and writes them, shuffled, as `secret_ballots`
//!   rows (the item and the choice under a random key, nothing else); an open ballot
//!   (`open_ballots`) names its voter and may be changed until the close.
//! - Eligibility (verified resident of the dong, old enough by the bylaws, voting open, the item
//!   in this assembly, a valid choice) is checked here, not only in the page.

pub mod door;
pub mod notice;
pub mod results;

use crate::api::dto::{
    AgendaItemView, AgendaOptionView, AssemblyDetail, AssemblyEditForm, AssemblyList, AssemblySummary, AssemblyViewer,
    BylawsView, MinutesVersionView, Place,
};
use crate::domain::assembly::{
    self as rules, AssemblyDetails, AssemblyEvent, AssemblyStatus, BallotKind, Bylaws, CancelReason, Choice, Majority,
    NewItem, OptionRef, PaperState, PbRule, Quorum, SeoulMinute,
};
use crate::domain::authz::{self, Action, Actor, Scope};
use crate::domain::geo::DongCode;
use crate::domain::moderation::NoticeKind;
use crate::domain::proposal::{Event, ProposalStatus};
use crate::error::AppError;
use crate::error_code::ErrorCode;
use crate::server::crypto::BallotSeal;
use crate::server::entities::{
    agenda_item, agenda_option, assembly, assembly_channel, dong_bylaw, minutes_version, open_ballot, participation,
    proposal, sealed_ballot, secret_ballot, user,
};
use crate::server::markdown;
use crate::server::services::audit::{self, AuditAction, AuditScope};
use crate::server::services::notices::{self, About};
use crate::server::services::{fund, identity, places, proposals, time_fmt};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

// ---- bylaws ------------------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn bylaws_of_row(
    kind: &str,
    value: i32,
    majority: &str,
    abst: bool,
    age: i16,
    running: bool,
    secret: bool,
    pb_rule: &str,
) -> Bylaws {
    Bylaws {
        quorum: Quorum::from_stored(kind, value),
        majority: Majority::parse(majority).unwrap_or(Majority::Simple),
        abstentions_count_toward_quorum: abst,
        minimum_age: u8::try_from(age).unwrap_or(0),
        running_results_visible: running,
        secret_ballot: secret,
        pb_rule: PbRule::from_stored(pb_rule),
    }
}

/// The bylaws an assembly runs under.
pub fn bylaws_of(a: &assembly::Model) -> Bylaws {
    bylaws_of_row(
        &a.quorum_kind,
        a.quorum_value,
        &a.majority,
        a.abstentions_count,
        a.minimum_age,
        a.running_results_visible,
        a.secret_ballot,
        &a.pb_rule,
    )
}

/// Bylaws as pages show them.
pub fn bylaws_view(b: &Bylaws) -> BylawsView {
    let (quorum_kind, quorum_value) = b.quorum.stored();
    BylawsView {
        quorum_kind: quorum_kind.to_owned(),
        quorum_value,
        majority: b.majority.as_str().to_owned(),
        abstentions_count: b.abstentions_count_toward_quorum,
        minimum_age: i32::from(b.minimum_age),
        running_results_visible: b.running_results_visible,
        secret_ballot: b.secret_ballot,
        pb_rule: b.pb_rule.as_str().to_owned(),
    }
}

/// The dong's bylaws (the defaults where it has set none).
pub async fn bylaws(db: &impl ConnectionTrait, dong: &DongCode) -> Result<Bylaws, AppError> {
    Ok(match dong_bylaw::Entity::find_by_id(dong.as_str().to_owned()).one(db).await? {
        Some(b) => bylaws_of_row(
            &b.quorum_kind,
            b.quorum_value,
            &b.majority,
            b.abstentions_count,
            b.minimum_age,
            b.running_results_visible,
            b.secret_ballot,
            &b.pb_rule,
        ),
        None => Bylaws::default(),
    })
}

/// Staff of the dong or the district's expert set the dong's bylaws (for assemblies created
/// from now on; an assembly keeps the bylaws it was created under).
pub async fn set_bylaws(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    b: Bylaws,
) -> Result<(), AppError> {
    authz::can(actor, Action::ConfigureDong, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let (kind, value) = b.quorum.stored();
    let txn = crate::server::db::begin_write(db).await?;
    crate::server::db::upsert_by_key::<dong_bylaw::Entity>(
        &txn,
        dong_bylaw::ActiveModel {
            dong_code: Set(dong.as_str().to_owned()),
            quorum_kind: Set(kind.to_owned()),
            quorum_value: Set(value),
            majority: Set(b.majority.as_str().to_owned()),
            abstentions_count: Set(b.abstentions_count_toward_quorum),
            minimum_age: Set(i16::from(b.minimum_age)),
            running_results_visible: Set(b.running_results_visible),
            secret_ballot: Set(b.secret_ballot),
            pb_rule: Set(b.pb_rule.as_str().to_owned()),
            updated_by: Set(Some(me.user_id)),
            updated_at: Set(Utc::now()),
        },
        dong_bylaw::Column::DongCode,
    )
    .await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::BylawsChanged,
        AuditScope::dong(dong),
        None,
        serde_json::json!({ "quorum": [kind, value], "majority": b.majority.as_str(),
            "abstentions_count": b.abstentions_count_toward_quorum, "minimum_age": b.minimum_age,
            "running_results_visible": b.running_results_visible, "secret_ballot": b.secret_ballot,
            "pb_rule": b.pb_rule.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- assemblies and their agenda ---------------------------------------------------------------

pub(crate) async fn find(db: &impl ConnectionTrait, id: i64) -> Result<assembly::Model, AppError> {
    assembly::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub(crate) fn status_of(a: &assembly::Model) -> Result<AssemblyStatus, AppError> {
    Ok(AssemblyStatus::parse(&a.status)?)
}

/// Residents may see it (`AssemblyStatus::is_public`). Whether it was announced is read from
/// `eligible_count`, which the announcement fixes and nothing clears.
pub(crate) fn is_public(a: &assembly::Model) -> Result<bool, AppError> {
    Ok(status_of(a)?.is_public(a.eligible_count.is_some()))
}

pub(crate) fn dong_of(a: &assembly::Model) -> Result<DongCode, AppError> {
    Ok(DongCode::parse(&a.dong_code)?)
}

/// A minute on Seoul's clock as UTC.
pub fn utc_of(m: SeoulMinute) -> Result<DateTime<Utc>, AppError> {
    chrono::NaiveDate::from_ymd_opt(m.year, m.month, m.day)
        .and_then(|d| d.and_hms_opt(m.hour, m.minute, 0))
        .and_then(super::time_fmt::seoul_instant)
        .ok_or_else(|| AppError::invalid("session_starts", "not a valid time"))
}

/// Creates a draft assembly under the dong's current bylaws; returns its id.
pub async fn create(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    d: AssemblyDetails,
) -> Result<i64, AppError> {
    create_at_venue(db, actor, dong, d, None).await
}

/// Creates an assembly; with `venue_space`, books that space of the center for the session in
/// the same transaction (nobody else can then book it; a space already booked then refuses).
pub async fn create_at_venue(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    d: AssemblyDetails,
    venue_space: Option<i64>,
) -> Result<i64, AppError> {
    authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let b = bylaws(db, dong).await?;
    let (kind, value) = b.quorum.stored();
    let now = Utc::now();
    let a = assembly::ActiveModel {
        dong_code: Set(dong.as_str().to_owned()),
        district_code: Set(dong.district().as_str().to_owned()),
        title: Set(d.title),
        description: Set(d.description),
        venue: Set(d.venue),
        pre_voting_starts_at: Set(d.pre_voting_starts.map(utc_of).transpose()?),
        session_starts_at: Set(utc_of(d.session_starts)?),
        session_ends_at: Set(utc_of(d.session_ends)?),
        facilitator_id: Set(me.expert_districts().next().is_some().then_some(me.user_id)),
        secretary_id: Set(me.is_staff_of(dong).then_some(me.user_id)),
        status: Set(AssemblyStatus::Draft.as_str().to_owned()),
        quorum_kind: Set(kind.to_owned()),
        quorum_value: Set(value),
        majority: Set(b.majority.as_str().to_owned()),
        abstentions_count: Set(b.abstentions_count_toward_quorum),
        minimum_age: Set(i16::from(b.minimum_age)),
        running_results_visible: Set(b.running_results_visible),
        secret_ballot: Set(b.secret_ballot),
        pb_rule: Set(b.pb_rule.as_str().to_owned()),
        eligible_count: Set(None),
        quorum_required: Set(None),
        minutes: Set(None),
        minutes_published_at: Set(None),
        results_digest: Set(None),
        results_document: Set(None),
        created_by: Set(me.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let txn = crate::server::db::begin_write(db).await?;
    let a = a.insert(&txn).await?;
    if let Some(space) = venue_space {
        use crate::server::services::time_fmt::local_minute;
        let span =
            crate::domain::booking::Span::new(local_minute(a.session_starts_at), local_minute(a.session_ends_at))?;
        crate::server::services::bookings::reserve_venue(&txn, dong, space, a.id, span, &a.title, me.user_id).await?;
    }
    txn.commit().await?;
    Ok(a.id)
}

/// The eligible proposals of the dong among `ids`, or an error naming the first that is not.
async fn eligible_proposals(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    ids: &[i64],
) -> Result<Vec<proposal::Model>, AppError> {
    let found = proposal::Entity::find().filter(proposal::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let p = found
            .iter()
            .find(|p| p.id == *id)
            .filter(|p| p.dong_code == dong.as_str() && !p.hidden && p.status == ProposalStatus::Eligible.as_str())
            .ok_or_else(|| {
                AppError::invalid("proposals", format!("proposal {id} is not an eligible proposal of this dong"))
            })?;
        out.push(p.clone());
    }
    Ok(out)
}

/// An option to store: its label, and for a budget project its proposal and cost.
type NewOption = (String, Option<i64>, Option<i64>);

/// Adds an item at the end of the agenda (while the agenda is open); returns its id.
pub async fn add_item(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    assembly_id: i64,
    item: NewItem,
) -> Result<i64, AppError> {
    let a = find(db, assembly_id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone()))?;
    if !status_of(&a)?.agenda_open() {
        return Err(AppError::Conflict(ErrorCode::AgendaFixed));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let status = agenda_status(&txn, assembly_id).await?;
    let position = agenda_item::Entity::find()
        .filter(agenda_item::Column::AssemblyId.eq(assembly_id))
        .order_by_desc(agenda_item::Column::Position)
        .one(&txn)
        .await?
        .map_or(0, |i| i.position + 1);
    let base = agenda_item::ActiveModel {
        assembly_id: Set(assembly_id),
        position: Set(position),
        outcome: Set(None),
        approval_max: Set(None),
        budget_won: Set(None),
        proposal_id: Set(None),
        ..Default::default()
    };
    let (row, options): (agenda_item::ActiveModel, Vec<NewOption>) = match item {
        NewItem::Proposal { proposal_id } => {
            let p = eligible_proposals(&txn, &dong, &[proposal_id]).await?.remove(0);
            let row = agenda_item::ActiveModel {
                title: Set(p.title.clone()),
                description: Set(String::new()),
                kind: Set(BallotKind::ApproveReject.as_str().to_owned()),
                proposal_id: Set(Some(p.id)),
                ..base
            };
            (row, Vec::new())
        }
        NewItem::Options { title, description, options, max } => {
            let kind = match max {
                Some(m) => BallotKind::Approval { max: m },
                None => BallotKind::SingleChoice,
            };
            let row = agenda_item::ActiveModel {
                title: Set(title),
                description: Set(description),
                kind: Set(kind.as_str().to_owned()),
                approval_max: Set(max.map(i32::from)),
                ..base
            };
            (row, options.into_iter().map(|l| (l, None, None)).collect())
        }
        NewItem::Budget { title, description, budget_won, proposal_ids } => {
            let projects = eligible_proposals(&txn, &dong, &proposal_ids).await?;
            if let Some(p) = projects.iter().find(|p| p.cost_won.is_none()) {
                return Err(AppError::invalid("proposals", format!("proposal {} has no estimated cost", p.id)));
            }
            let row = agenda_item::ActiveModel {
                title: Set(title),
                description: Set(description),
                kind: Set(BallotKind::Budget { budget_won }.as_str().to_owned()),
                budget_won: Set(Some(budget_won)),
                ..base
            };
            (row, projects.into_iter().map(|p| (p.title, Some(p.id), p.cost_won)).collect())
        }
    };
    let item = row.insert(&txn).await?;
    let proposal_ids: Vec<i64> = item.proposal_id.into_iter().chain(options.iter().filter_map(|o| o.1)).collect();
    for (i, (label, proposal_id, cost_won)) in options.into_iter().enumerate() {
        agenda_option::ActiveModel {
            item_id: Set(item.id),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            label: Set(label),
            proposal_id: Set(proposal_id),
            cost_won: Set(cost_won),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    // Once announced, an added item's proposals go on the agenda now, as the announcement put
    // the others, and the budgets on the agenda are checked against the fund again.
    if status == AssemblyStatus::Announced {
        apply_to_proposals(&txn, &proposal_ids, Event::PutOnAgenda, actor, &a.title).await?;
        if item.kind == "budget" {
            fund::check_budgets(&txn, &dong, budgets_on_agenda(&txn, assembly_id).await?).await?;
        }
    }
    let detail = serde_json::json!({ "assembly": assembly_id, "added": item.id, "title": item.title, "proposals": proposal_ids });
    agenda_changed(&txn, actor, &dong, detail).await?;
    txn.commit().await?;
    Ok(item.id)
}

/// Takes the assembly's agenda for the rest of the transaction and returns its status if the
/// agenda may still change; a conflict otherwise. Called first in every agenda change: on
/// PostgreSQL the row is locked `FOR UPDATE`, so two changes of one agenda (and a change against
/// a step of the assembly, which updates the row) run one after the other and never see the same
/// positions; on SQLite the write transaction already holds the database's lock.
async fn agenda_status(txn: &impl ConnectionTrait, assembly_id: i64) -> Result<AssemblyStatus, AppError> {
    let current =
        assembly::Entity::find_by_id(assembly_id).lock_exclusive().one(txn).await?.ok_or(AppError::NotFound)?;
    let status = status_of(&current)?;
    if !status.agenda_open() {
        return Err(AppError::Conflict(ErrorCode::AgendaFixed));
    }
    Ok(status)
}

/// An item whose agenda the actor may change now: (item, assembly, dong). The status is read
/// again inside the change's transaction (`agenda_status`).
async fn editable_item(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    item_id: i64,
) -> Result<(agenda_item::Model, assembly::Model, DongCode), AppError> {
    let item = agenda_item::Entity::find_by_id(item_id).one(db).await?.ok_or(AppError::NotFound)?;
    let a = find(db, item.assembly_id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone()))?;
    if !status_of(&a)?.agenda_open() {
        return Err(AppError::Conflict(ErrorCode::AgendaFixed));
    }
    Ok((item, a, dong))
}

/// Applies `event` to each of the proposals, noting the assembly's title.
async fn apply_to_proposals(
    txn: &impl ConnectionTrait,
    ids: &[i64],
    event: Event,
    actor: Option<&Actor>,
    title: &str,
) -> Result<(), AppError> {
    for pid in ids {
        let p = proposals::find(txn, *pid).await?;
        proposals::apply(txn, &p, event, actor.map(|a| a.user_id), Some(title.to_owned())).await?;
    }
    Ok(())
}

/// Records an agenda change in the audit trail.
async fn agenda_changed(
    txn: &impl ConnectionTrait,
    actor: Option<&Actor>,
    dong: &DongCode,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(txn, actor.map(|a| a.user_id), AuditAction::AgendaChanged, AuditScope::dong(dong), None, detail).await
}

/// The proposals one item decides or funds.
async fn item_proposals(db: &impl ConnectionTrait, item: &agenda_item::Model) -> Result<Vec<i64>, AppError> {
    let options = agenda_option::Entity::find().filter(agenda_option::Column::ItemId.eq(item.id)).all(db).await?;
    Ok(item.proposal_id.into_iter().chain(options.iter().filter_map(|o| o.proposal_id)).collect())
}

/// Takes an item off the agenda (while the agenda is open); the items after it move up. Once
/// the assembly is announced, its proposals go back to eligible.
pub async fn remove_item(db: &DatabaseConnection, actor: Option<&Actor>, item_id: i64) -> Result<(), AppError> {
    let (_, a, dong) = editable_item(db, actor, item_id).await?;
    let txn = crate::server::db::begin_write(db).await?;
    let status = agenda_status(&txn, a.id).await?;
    // re-read under the lock: another change may have moved or removed it since
    let item = agenda_item::Entity::find_by_id(item_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let proposal_ids = item_proposals(&txn, &item).await?;
    agenda_option::Entity::delete_many().filter(agenda_option::Column::ItemId.eq(item_id)).exec(&txn).await?;
    let gone = agenda_item::Entity::delete_by_id(item_id).exec(&txn).await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    // close the gap, lowest first (each position is free when an item moves into it)
    let after = agenda_item::Entity::find()
        .filter(agenda_item::Column::AssemblyId.eq(a.id))
        .filter(agenda_item::Column::Position.gt(item.position))
        .order_by_asc(agenda_item::Column::Position)
        .all(&txn)
        .await?;
    for i in after {
        agenda_item::Entity::update_many()
            .col_expr(agenda_item::Column::Position, Expr::value(i.position - 1))
            .filter(agenda_item::Column::Id.eq(i.id))
            .exec(&txn)
            .await?;
    }
    if status == AssemblyStatus::Announced {
        apply_to_proposals(&txn, &proposal_ids, Event::TakeOffAgenda, actor, &a.title).await?;
    }
    let detail =
        serde_json::json!({ "assembly": a.id, "removed": item_id, "title": item.title, "proposals": proposal_ids });
    agenda_changed(&txn, actor, &dong, detail).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves an item one place up (`earlier`) or down the agenda, while the agenda is open. At the
/// top or the bottom already, nothing changes.
pub async fn move_item(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    item_id: i64,
    earlier: bool,
) -> Result<(), AppError> {
    let (_, a, dong) = editable_item(db, actor, item_id).await?;
    let txn = crate::server::db::begin_write(db).await?;
    agenda_status(&txn, a.id).await?;
    // re-read under the lock: the position may have changed since
    let item = agenda_item::Entity::find_by_id(item_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let neighbour = agenda_item::Entity::find().filter(agenda_item::Column::AssemblyId.eq(a.id)).filter(if earlier {
        agenda_item::Column::Position.lt(item.position)
    } else {
        agenda_item::Column::Position.gt(item.position)
    });
    let neighbour = if earlier {
        neighbour.order_by_desc(agenda_item::Column::Position)
    } else {
        neighbour.order_by_asc(agenda_item::Column::Position)
    }
    .one(&txn)
    .await?;
    let Some(other) = neighbour else { return Ok(()) };
    // swap through a free position (the pair is unique per assembly)
    for (id, position) in [(item.id, -1), (other.id, item.position), (item.id, other.position)] {
        agenda_item::Entity::update_many()
            .col_expr(agenda_item::Column::Position, Expr::value(position))
            .filter(agenda_item::Column::Id.eq(id))
            .exec(&txn)
            .await?;
    }
    let detail = serde_json::json!({ "assembly": a.id, "moved": item.id, "from": item.position, "to": other.position });
    agenda_changed(&txn, actor, &dong, detail).await?;
    txn.commit().await?;
    Ok(())
}

/// The proposals an assembly's agenda decides or funds.
async fn agenda_proposals(db: &impl ConnectionTrait, assembly_id: i64) -> Result<Vec<i64>, AppError> {
    let items = items_of(db, assembly_id).await?;
    let mut ids: Vec<i64> = items.iter().filter_map(|i| i.proposal_id).collect();
    let item_ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    if !item_ids.is_empty() {
        let options =
            agenda_option::Entity::find().filter(agenda_option::Column::ItemId.is_in(item_ids)).all(db).await?;
        ids.extend(options.iter().filter_map(|o| o.proposal_id));
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The sum of the assembly's participatory budgets (won).
async fn budgets_on_agenda(txn: &impl ConnectionTrait, assembly_id: i64) -> Result<i64, AppError> {
    Ok(items_of(txn, assembly_id).await?.iter().filter(|i| i.kind == "budget").filter_map(|i| i.budget_won).sum())
}

pub(crate) async fn items_of(db: &impl ConnectionTrait, assembly_id: i64) -> Result<Vec<agenda_item::Model>, AppError> {
    Ok(agenda_item::Entity::find()
        .filter(agenda_item::Column::AssemblyId.eq(assembly_id))
        .order_by_asc(agenda_item::Column::Position)
        .all(db)
        .await?)
}

/// Moves the assembly along. Announcing fixes the quorum from the dong's verified residents at
/// that moment and puts the agenda's proposals on the agenda.
pub async fn advance(
    db: &DatabaseConnection,
    seal: &BallotSeal,
    actor: Option<&Actor>,
    assembly_id: i64,
    event: AssemblyEvent,
    off_schedule_confirmed: bool,
) -> Result<AssemblyStatus, AppError> {
    let a = find(db, assembly_id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone()))?;
    if event == AssemblyEvent::Cancel {
        return Err(AppError::invalid("event", "cancelling an assembly needs a reason"));
    }
    let from = status_of(&a)?;
    let to = rules::advance(from, event).ok_or_else(|| {
        AppError::Conflict(ErrorCode::AssemblyStep { from: from.as_str().into(), event: event.as_str().into() })
    })?;
    // the plan means something: opening voting outside it needs the organiser's word
    let off_schedule = schedule_of(&a).off_schedule(event, time_fmt::now_local());
    if off_schedule.is_some() && !off_schedule_confirmed {
        return Err(AppError::invalid("off_schedule", OFF_SCHEDULE));
    }
    if event == AssemblyEvent::Announce && items_of(db, assembly_id).await?.is_empty() {
        return Err(AppError::Conflict(ErrorCode::AgendaEmpty));
    }
    let txn = crate::server::db::begin_write(db).await?;
    // Claim the step first, with a write: SQLite takes its write lock before anything is read in
    // this transaction, and PostgreSQL locks the row, so ballots and check-ins that re-check the
    // status under a shared lock are ordered before or after this step, never across it.
    let res = assembly::Entity::update_many()
        .col_expr(assembly::Column::Status, Expr::value(to.as_str()))
        .col_expr(assembly::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(assembly::Column::Id.eq(assembly_id))
        .filter(assembly::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::AssemblyChanged));
    }
    let set = |col: assembly::Column, v: Expr| {
        assembly::Entity::update_many().col_expr(col, v).filter(assembly::Column::Id.eq(assembly_id))
    };
    match event {
        AssemblyEvent::Announce => {
            // the quorum is fixed from the dong's verified residents now
            let eligible = u32::try_from(identity::verified_residents(&txn, &dong).await?.len()).unwrap_or(u32::MAX);
            let required = bylaws_of(&a).quorum.required(eligible);
            set(assembly::Column::EligibleCount, Expr::value(i32::try_from(eligible).unwrap_or(i32::MAX)))
                .col_expr(assembly::Column::QuorumRequired, Expr::value(i32::try_from(required).unwrap_or(i32::MAX)))
                .exec(&txn)
                .await?;
            for pid in agenda_proposals(&txn, assembly_id).await? {
                let p = proposals::find(&txn, pid).await?;
                if p.status != ProposalStatus::Eligible.as_str() || p.hidden {
                    // fell below the threshold, went on another agenda, or was withdrawn or
                    // hidden since it was added: the organisers take its item off first
                    return Err(AppError::Conflict(ErrorCode::ProposalNoLongerEligible { proposal: pid }));
                }
                proposals::apply(&txn, &p, Event::PutOnAgenda, actor.map(|a| a.user_id), Some(a.title.clone())).await?;
            }
            // the budgets put to the vote are money the fund has
            fund::check_budgets(&txn, &dong, budgets_on_agenda(&txn, assembly_id).await?).await?;
        }
        AssemblyEvent::Close => unseal(&txn, seal, assembly_id).await?,
        AssemblyEvent::PublishResults => {
            // every paper tally confirmed by a second person (read after the step's write:
            // entries and confirmations lock the assembly first, so none is on its way)
            for item in items_of(&txn, assembly_id).await? {
                match door::paper_state(&txn, item.id).await? {
                    s if s.publishable() => {}
                    PaperState::Missing => {
                        return Err(AppError::Conflict(ErrorCode::PaperCountMissing { item: item.position + 1 }));
                    }
                    _ => {
                        return Err(AppError::Conflict(ErrorCode::PaperCountUnconfirmed { item: item.position + 1 }));
                    }
                }
            }
            // the count is fixed now: outcomes on the items, the canonical document and its
            // digest, and the decisions applied to the proposals on the agenda
            let doc = results::count(&txn, &a).await?;
            let (text, digest) = results::canonical(&doc)?;
            for item in &doc.items {
                agenda_item::Entity::update_many()
                    .col_expr(agenda_item::Column::Outcome, Expr::value(item.outcome.clone()))
                    .filter(agenda_item::Column::Id.eq(item.item_id))
                    .exec(&txn)
                    .await?;
            }
            results::apply_to_proposals(&txn, actor, &doc).await?;
            let decided = results::decided_projects(&txn, &doc).await?;
            let by = actor.map(|a| a.user_id).ok_or(AppError::Unauthorized)?;
            fund::projects_from_results(&txn, &dong, assembly_id, &decided, by).await?;
            set(assembly::Column::ResultsDocument, Expr::value(text))
                .col_expr(assembly::Column::ResultsDigest, Expr::value(digest))
                .exec(&txn)
                .await?;
        }
        _ => {}
    }
    let notice = match event {
        AssemblyEvent::Announce => Some(NoticeKind::AssemblyAnnounced),
        AssemblyEvent::OpenPreVoting => Some(NoticeKind::PreVotingOpened),
        AssemblyEvent::PublishResults => Some(NoticeKind::ResultsPublished),
        _ => None,
    };
    if let Some(kind) = notice {
        tell_residents(&txn, &dong, actor, kind, (a.id, &a.title)).await?;
    }
    let detail = serde_json::json!({
        "assembly": assembly_id, "from": from.as_str(), "to": to.as_str(),
        "off_schedule": off_schedule.map(|o| o.as_str()),
    });
    audit::record(&txn, actor.map(|a| a.user_id), AuditAction::AssemblyStep, AuditScope::dong(&dong), None, detail)
        .await?;
    txn.commit().await?;
    Ok(to)
}

pub const OFF_SCHEDULE: &str =
    "this is outside the planned times: tick the box to confirm that you open it now (it is recorded)";

/// The assembly's planned times on Seoul's clock.
fn schedule_of(a: &assembly::Model) -> rules::Schedule {
    rules::Schedule {
        pre_voting_starts: a.pre_voting_starts_at.map(time_fmt::local_minute),
        session_starts: time_fmt::local_minute(a.session_starts_at),
        session_ends: time_fmt::local_minute(a.session_ends_at),
    }
}

/// Tells every verified resident of the dong (but the one who did it) about the assembly.
async fn tell_residents(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    actor: Option<&Actor>,
    kind: NoticeKind,
    (assembly_id, title): (i64, &str),
) -> Result<(), AppError> {
    let residents = identity::verified_residents(txn, dong).await?;
    notices::notify(txn, residents, actor.map(|a| a.user_id), kind, About::assembly(assembly_id), title).await
}

/// Edits an assembly's particulars: while it is a draft or announced, everything; while
/// pre-voting runs, only the times (a postponement). New times move the venue's booking with
/// them in the same transaction, or the change is refused if the venue is taken then. Once
/// announced, a change of times is recorded and every verified resident of the dong is told.
pub async fn edit(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    assembly_id: i64,
    d: AssemblyDetails,
) -> Result<(), AppError> {
    let a = find(db, assembly_id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone()))?;
    let status = status_of(&a)?;
    if !status.reschedulable() {
        return Err(AppError::Conflict(ErrorCode::AssemblyNotChangeable));
    }
    let (pre, starts, ends) =
        (d.pre_voting_starts.map(utc_of).transpose()?, utc_of(d.session_starts)?, utc_of(d.session_ends)?);
    let text_changed = (d.title.as_str(), d.description.as_str(), d.venue.as_str())
        != (a.title.as_str(), a.description.as_str(), a.venue.as_str());
    if !status.details_editable() && text_changed {
        return Err(AppError::Conflict(ErrorCode::OnlyTimesCanChange));
    }
    let retimed = (pre, starts, ends) != (a.pre_voting_starts_at, a.session_starts_at, a.session_ends_at);
    let session_moved = (starts, ends) != (a.session_starts_at, a.session_ends_at);
    if session_moved && starts <= Utc::now() {
        return Err(AppError::invalid("session_starts", "must be in the future"));
    }
    let now = Utc::now();
    let txn = crate::server::db::begin_write(db).await?;
    // the assembly's row first, and only while it is where it was read: a step taken meanwhile
    // (or another edit's move of the venue) is never crossed
    let mut update = assembly::Entity::update_many()
        .col_expr(assembly::Column::Title, Expr::value(d.title.clone()))
        .col_expr(assembly::Column::Description, Expr::value(d.description.clone()))
        .col_expr(assembly::Column::Venue, Expr::value(d.venue.clone()))
        .col_expr(assembly::Column::PreVotingStartsAt, Expr::value(pre))
        .col_expr(assembly::Column::SessionStartsAt, Expr::value(starts))
        .col_expr(assembly::Column::SessionEndsAt, Expr::value(ends))
        .col_expr(assembly::Column::UpdatedAt, Expr::value(now));
    let public = is_public(&a)?;
    if retimed && public {
        update = update.col_expr(assembly::Column::RescheduledAt, Expr::value(now));
    }
    let done = update
        .filter(assembly::Column::Id.eq(assembly_id))
        .filter(assembly::Column::Status.eq(status.as_str()))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::AssemblyChanged));
    }
    let venue = if session_moved {
        use crate::server::services::time_fmt::local_minute;
        let span = crate::domain::booking::Span::new(local_minute(starts), local_minute(ends))?;
        crate::server::services::bookings::move_venue(&txn, assembly_id, span).await?
    } else {
        None
    };
    let detail = serde_json::json!({
        "assembly": assembly_id,
        "from": { "title": a.title, "venue": a.venue, "session_starts": a.session_starts_at, "session_ends": a.session_ends_at, "pre_voting_starts": a.pre_voting_starts_at },
        "to": { "title": d.title, "venue": d.venue, "session_starts": starts, "session_ends": ends, "pre_voting_starts": pre },
        "venue_booking": venue,
    });
    audit::record(&txn, actor.map(|a| a.user_id), AuditAction::AssemblyEdited, AuditScope::dong(&dong), None, detail)
        .await?;
    if retimed && public {
        tell_residents(&txn, &dong, actor, NoticeKind::AssemblyRescheduled, (assembly_id, &d.title)).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Cancels an assembly before its session opens, with a public reason: its proposals go back to
/// eligible, pre-votes are void (the ballots are deleted; each voter's participation stays, so
/// they see that theirs was voided), the venue's booking is released, and every verified
/// resident of the dong is told (a draft's cancellation tells nobody).
pub async fn cancel(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    assembly_id: i64,
    reason: CancelReason,
) -> Result<(), AppError> {
    let a = find(db, assembly_id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::ManageAssembly, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let from = status_of(&a)?;
    let to = rules::advance(from, AssemblyEvent::Cancel).ok_or(AppError::Conflict(ErrorCode::AssemblyNotChangeable))?;
    let now = Utc::now();
    let txn = crate::server::db::begin_write(db).await?;
    let done = assembly::Entity::update_many()
        .col_expr(assembly::Column::Status, Expr::value(to.as_str()))
        .col_expr(assembly::Column::CancelReason, Expr::value(reason.as_str()))
        .col_expr(assembly::Column::CancelledAt, Expr::value(now))
        .col_expr(assembly::Column::UpdatedAt, Expr::value(now))
        .filter(assembly::Column::Id.eq(assembly_id))
        .filter(assembly::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::AssemblyChanged));
    }
    if from != AssemblyStatus::Draft {
        // announced: its proposals are on the agenda; they are free for another assembly again
        let ids = agenda_proposals(&txn, assembly_id).await?;
        apply_to_proposals(&txn, &ids, Event::TakeOffAgenda, actor, &a.title).await?;
    }
    let item_ids: Vec<i64> = items_of(&txn, assembly_id).await?.into_iter().map(|i| i.id).collect();
    let mut voided = 0;
    if !item_ids.is_empty() {
        for res in [
            sealed_ballot::Entity::delete_many()
                .filter(sealed_ballot::Column::ItemId.is_in(item_ids.clone()))
                .exec(&txn)
                .await?,
            open_ballot::Entity::delete_many()
                .filter(open_ballot::Column::ItemId.is_in(item_ids.clone()))
                .exec(&txn)
                .await?,
            secret_ballot::Entity::delete_many()
                .filter(secret_ballot::Column::ItemId.is_in(item_ids))
                .exec(&txn)
                .await?,
        ] {
            voided += res.rows_affected;
        }
    }
    let venue =
        crate::server::services::bookings::release_venue(&txn, assembly_id, reason.as_str(), me.user_id).await?;
    let detail = serde_json::json!({
        "assembly": assembly_id, "from": from.as_str(), "reason": reason.as_str(),
        "ballots_voided": voided, "venue_booking_released": venue,
    });
    audit::record(&txn, Some(me.user_id), AuditAction::AssemblyCancelled, AuditScope::dong(&dong), None, detail)
        .await?;
    if is_public(&a)? {
        tell_residents(&txn, &dong, actor, NoticeKind::AssemblyCancelled, (a.id, &a.title)).await?;
    }
    txn.commit().await?;
    Ok(())
}

// ---- ballots -----------------------------------------------------------------------------------

/// How an item is decided, from its stored form.
pub(crate) fn kind_of(item: &agenda_item::Model) -> Result<BallotKind, AppError> {
    Ok(match item.kind.as_str() {
        "approve_reject" => BallotKind::ApproveReject,
        "single_choice" => BallotKind::SingleChoice,
        "approval" => BallotKind::Approval { max: u8::try_from(item.approval_max.unwrap_or(1)).unwrap_or(1) },
        "budget" => BallotKind::Budget { budget_won: item.budget_won.unwrap_or(0) },
        other => {
            tracing::error!(item = item.id, kind = other, "unknown agenda item kind");
            return Err(AppError::Internal);
        }
    })
}

/// What a resident may choose on an item: its kind and options.
pub(crate) async fn ballot_of(
    db: &impl ConnectionTrait,
    item: &agenda_item::Model,
) -> Result<(BallotKind, Vec<OptionRef>), AppError> {
    let options: Vec<OptionRef> = agenda_option::Entity::find()
        .filter(agenda_option::Column::ItemId.eq(item.id))
        .order_by_asc(agenda_option::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|o| OptionRef { id: o.id, cost_won: o.cost_won })
        .collect();
    Ok((kind_of(item)?, options))
}

/// How a cast went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cast {
    /// A first ballot on this item.
    Recorded,
    /// An open ballot, changed.
    Changed,
}

/// Casts a resident's online ballot on one item.
pub async fn cast(
    db: &DatabaseConnection,
    seal: &BallotSeal,
    actor: Option<&Actor>,
    item_id: i64,
    choice: Choice,
) -> Result<Cast, AppError> {
    let item = agenda_item::Entity::find_by_id(item_id).one(db).await?.ok_or(AppError::NotFound)?;
    let a = find(db, item.assembly_id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::Vote, &Scope::Dong(dong))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if !status_of(&a)?.accepts_online_ballots() {
        return Err(AppError::Conflict(ErrorCode::VotingNotOpen));
    }
    let bylaws = bylaws_of(&a);
    let birth_year = user::Entity::find_by_id(me.user_id).one(db).await?.and_then(|u| u.birth_year);
    if !bylaws.old_enough(birth_year, time_fmt::seoul_year(a.session_starts_at)) {
        return Err(AppError::Forbidden);
    }
    let (kind, options) = ballot_of(db, &item).await?;
    let choice = rules::validate_choice(kind, &options, choice)?;
    let stored = serde_json::to_string(&choice).map_err(|e| {
        tracing::error!(error = %e, "cannot serialise a choice");
        AppError::Internal
    })?;

    let txn = crate::server::db::begin_write(db).await?;
    let now = Utc::now();
    // One channel per resident and assembly: the first recorded wins (online here, paper at the
    // door), whatever the concurrency.
    if claim_channel(&txn, a.id, me.user_id, Channel::Online).await? != Channel::Online {
        return Err(AppError::Conflict(ErrorCode::VotingOnPaper));
    }
    let new = participation::Entity::insert(participation::ActiveModel {
        item_id: Set(item_id),
        user_id: Set(me.user_id),
        channel: Set("online".to_owned()),
        at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([participation::Column::ItemId, participation::Column::UserId]).do_nothing().to_owned(),
    )
    .exec_without_returning(&txn)
    .await?
        == 1;
    // Still open? Read after the first write: SQLite then holds its write lock, so nothing can
    // close the vote in between; on PostgreSQL the close's row lock waits for this shared one (or
    // this read waits for the close and sees it).
    let current = assembly::Entity::find_by_id(a.id).lock_shared().one(&txn).await?.ok_or(AppError::NotFound)?;
    if !status_of(&current)?.accepts_online_ballots() {
        return Err(AppError::Conflict(ErrorCode::VotingNotOpen));
    }
    let outcome = if new {
        if bylaws.secret_ballot {
            sealed_ballot::ActiveModel {
                id: Set(random_key()),
                item_id: Set(item_id),
                sealed: Set(seal.seal(a.id, item_id, &stored)?),
            }
            .insert(&txn)
            .await?;
        } else {
            open_ballot::ActiveModel {
                item_id: Set(item_id),
                user_id: Set(me.user_id),
                choice: Set(stored),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await?;
        }
        Cast::Recorded
    } else {
        let existing = participation::Entity::find_by_id((item_id, me.user_id)).one(&txn).await?;
        match existing.map(|p| p.channel) {
            Some(c) if c == "paper" => return Err(AppError::Conflict(ErrorCode::VotingOnPaper)),
            _ if bylaws.secret_ballot => return Err(AppError::Conflict(ErrorCode::AlreadyVoted)),
            _ => {
                open_ballot::Entity::update_many()
                    .col_expr(open_ballot::Column::Choice, sea_orm::sea_query::Expr::value(stored))
                    .col_expr(open_ballot::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                    .filter(open_ballot::Column::ItemId.eq(item_id))
                    .filter(open_ballot::Column::UserId.eq(me.user_id))
                    .exec(&txn)
                    .await?;
                Cast::Changed
            }
        }
    };
    txn.commit().await?;
    Ok(outcome)
}

/// A random row key (122 random bits): rows keyed by it keep no order of insertion.
fn random_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// How a resident takes part in an assembly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    Online,
    Paper,
}

impl Channel {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Paper => "paper",
        }
    }
}

/// Records `want` as the resident's channel in the assembly unless one is recorded already;
/// returns the channel that holds. Must be the transaction's first write (see `cast`).
pub(crate) async fn claim_channel(
    txn: &impl ConnectionTrait,
    assembly_id: i64,
    user_id: i64,
    want: Channel,
) -> Result<Channel, AppError> {
    assembly_channel::Entity::insert(assembly_channel::ActiveModel {
        assembly_id: Set(assembly_id),
        user_id: Set(user_id),
        channel: Set(want.as_str().to_owned()),
    })
    .on_conflict(
        OnConflict::columns([assembly_channel::Column::AssemblyId, assembly_channel::Column::UserId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    let held = assembly_channel::Entity::find_by_id((assembly_id, user_id)).one(txn).await?.ok_or_else(|| {
        tracing::error!(assembly = assembly_id, "a claimed channel is missing");
        AppError::Internal
    })?;
    Ok(if held.channel == Channel::Online.as_str() { Channel::Online } else { Channel::Paper })
}

/// At the close: opens the assembly's sealed ballots and writes them as `secret_ballots` rows in
/// random order (sorted by fresh random keys), all in the closing transaction, then deletes the
/// sealed rows. Every secret ballot then carries the same transaction id, and nothing in the
/// rows or their order points to a vote. A ballot that does not open (`UD_SECRET` changed during
/// the vote) stops the close instead of being dropped.
async fn unseal(txn: &impl ConnectionTrait, seal: &BallotSeal, assembly_id: i64) -> Result<(), AppError> {
    let item_ids: Vec<i64> = items_of(txn, assembly_id).await?.iter().map(|i| i.id).collect();
    if item_ids.is_empty() {
        return Ok(());
    }
    let sealed =
        sealed_ballot::Entity::find().filter(sealed_ballot::Column::ItemId.is_in(item_ids.clone())).all(txn).await?;
    let mut opened = Vec::with_capacity(sealed.len());
    for b in &sealed {
        let choice = seal.open(assembly_id, b.item_id, &b.sealed)?.ok_or_else(|| {
            tracing::error!(
                assembly = assembly_id,
                "a sealed ballot does not open: UD_SECRET must not change while a vote is open"
            );
            AppError::Internal
        })?;
        opened.push((random_key(), b.item_id, choice));
    }
    opened.sort_unstable_by(|x, y| x.0.cmp(&y.0));
    for chunk in opened.chunks(300) {
        secret_ballot::Entity::insert_many(chunk.iter().map(|(id, item, choice)| secret_ballot::ActiveModel {
            id: Set(id.clone()),
            item_id: Set(*item),
            choice: Set(choice.clone()),
        }))
        .exec_without_returning(txn)
        .await?;
    }
    sealed_ballot::Entity::delete_many().filter(sealed_ballot::Column::ItemId.is_in(item_ids)).exec(txn).await?;
    Ok(())
}

// ---- minutes -----------------------------------------------------------------------------------

/// The facilitator (the district's expert) writes the minutes after the close, and publishes
/// them; published minutes stay published when corrected.
pub async fn save_minutes(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    text: String,
    publish: bool,
) -> Result<(), AppError> {
    let a = find(db, id).await?;
    let dong = dong_of(&a)?;
    authz::can(actor, Action::WriteMinutes, &Scope::Dong(dong.clone()))?;
    if !status_of(&a)?.is_closed() {
        return Err(AppError::Conflict(ErrorCode::MinutesAfterClose));
    }
    let now = Utc::now();
    let published = a.minutes_published_at.or(publish.then_some(now));
    let txn = crate::server::db::begin_write(db).await?;
    assembly::Entity::update_many()
        .col_expr(assembly::Column::Minutes, sea_orm::sea_query::Expr::value(text.clone()))
        .col_expr(assembly::Column::MinutesPublishedAt, sea_orm::sea_query::Expr::value(published))
        .col_expr(assembly::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .filter(assembly::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    // once public, every saved text stays: a version of its own
    if published.is_some() {
        minutes_version::Entity::insert(minutes_version::ActiveModel {
            assembly_id: Set(id),
            body: Set(text.clone()),
            saved_by: Set(actor.map(|a| a.user_id)),
            saved_at: Set(now),
            ..Default::default()
        })
        .exec_without_returning(&txn)
        .await?;
    }
    // every saved version is kept in the audit trail, with whether it was public
    let detail = serde_json::json!({ "assembly": id, "published": published.is_some(), "text": text });
    audit::record(&txn, actor.map(|a| a.user_id), AuditAction::MinutesSaved, AuditScope::dong(&dong), None, detail)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---- reading -----------------------------------------------------------------------------------

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
        status: a.status.clone(),
        session_starts: time_fmt::seoul_datetime(a.session_starts_at),
        session_ends: time_fmt::seoul_datetime(a.session_ends_at),
        venue: a.venue.clone(),
    }
}

/// The dong's assemblies, newest session first. Drafts only for those who organise them.
pub async fn list(db: &DatabaseConnection, actor: Option<&Actor>, dong: &DongCode) -> Result<AssemblyList, AppError> {
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
    let rows = q.order_by_desc(assembly::Column::SessionStartsAt).limit(100).all(db).await?;
    let place = places::dong(db, dong).await?;
    Ok(AssemblyList {
        items: rows.iter().map(|a| summary_of(a, place.clone())).collect(),
        dong: place,
        can_manage: manager,
        bylaws: bylaws_view(&bylaws(db, dong).await?),
    })
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
    if !status_of(a)?.accepts_online_ballots() {
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
    if !is_public(&a)? && !can_manage {
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
    let status = status_of(&a)?;
    let voided_ballots =
        if status == AssemblyStatus::Cancelled { u32::try_from(mine.len()).unwrap_or(u32::MAX) } else { 0 };
    let edit = if can_manage && status.reschedulable() {
        let local = |t: DateTime<Utc>| time_fmt::seoul_datetime(t).replacen(' ', "T", 1);
        let venue_booked = crate::server::services::bookings::venue_booking(db, a.id).await?.is_some();
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
                my_channel: mine.iter().find(|p| p.item_id == i.id).map(|p| p.channel.clone()),
                title: i.title,
                kind: i.kind,
                approval_max: i.approval_max,
                budget_won: i.budget_won,
                proposal_id: i.proposal_id,
            })
            .collect(),
        viewer: AssemblyViewer {
            signed_in: actor.is_some(),
            can_manage,
            can_write_minutes: can_write_minutes && status_of(&a)?.is_closed(),
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
