//! Moving an assembly through its lifecycle (announce, pre-voting, session, close, publish),
//! editing and postponing it, cancelling it; residents are told of each step.

use super::agenda::{agenda_proposals, apply_to_proposals, budgets_on_agenda, items_of};
use super::ballots::{destroy_key, key_of, unseal};
use super::bylaws::bylaws_of;
use super::{dong_of, find, is_public, utc_of};
use crate::audit::{self, AuditAction, AuditScope};
use crate::crypto::BallotSeal;
use crate::entities::{agenda_item, assembly, open_ballot, sealed_ballot, secret_ballot};
use crate::notices::{self, About};
use crate::{fund, identity, proposals, time_fmt};
use chrono::Utc;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::assembly::{self as rules, AssemblyDetails, AssemblyEvent, AssemblyStatus, CancelReason, PaperState};
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::moderation::NoticeKind;
use domain::proposal::{Event, ProposalStatus};
use domain::{Field, InputRule};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

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
        return Err(AppError::input(Field::Reason, InputRule::ReasonMissing));
    }
    let from = *a.status;
    let to = rules::advance(from, event).ok_or_else(|| {
        AppError::Conflict(ErrorCode::AssemblyStep { from: from.as_str().into(), event: event.as_str().into() })
    })?;
    // the plan means something: opening voting outside it needs the organiser's word
    let off_schedule = schedule_of(&a).off_schedule(event, time_fmt::now_local());
    if off_schedule.is_some() && !off_schedule_confirmed {
        return Err(AppError::input(Field::OffSchedule, InputRule::NotConfirmed));
    }
    if event == AssemblyEvent::Announce && items_of(db, assembly_id).await?.is_empty() {
        return Err(AppError::Conflict(ErrorCode::AgendaEmpty));
    }
    let txn = crate::transaction::begin_write(db).await?;
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
    if to.accepts_online_ballots() && !from.accepts_online_ballots() && bylaws_of(&a).secret_ballot {
        // the vote opens: its random key is made now (or by the first voter, for a vote opened
        // before keys were random), and destroyed at the close
        key_of(&txn, seal, assembly_id).await?;
    }
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
                if p.status != ProposalStatus::Eligible || p.hidden {
                    // fell below the threshold, went on another agenda, or was withdrawn or
                    // hidden since it was added: the organisers take its item off first
                    return Err(AppError::Conflict(ErrorCode::ProposalNoLongerEligible { proposal: pid }));
                }
                proposals::apply(&txn, &p, Event::PutOnAgenda, actor.map(|a| a.user_id), Some(a.title.clone())).await?;
                let by = actor.map(|a| a.user_id);
                proposals::tell_followers(&txn, &p, NoticeKind::ProposalOnAgenda, a.id, by).await?;
            }
            // the budgets put to the vote are money the fund has
            fund::check_budgets(&txn, &dong, budgets_on_agenda(&txn, assembly_id).await?).await?;
        }
        AssemblyEvent::Close => unseal(&txn, seal, assembly_id).await?,
        AssemblyEvent::PublishResults => {
            // every paper tally confirmed by a second person (read after the step's write:
            // entries and confirmations lock the assembly first, so none is on its way)
            for item in items_of(&txn, assembly_id).await? {
                match super::door::paper_state(&txn, item.id).await? {
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
            let doc = super::results::count(&txn, &a).await?;
            let (text, digest) = super::results::canonical(&doc)?;
            for item in &doc.items {
                agenda_item::Entity::update_many()
                    .col_expr(agenda_item::Column::Outcome, Expr::value(item.outcome.clone()))
                    .filter(agenda_item::Column::Id.eq(item.item_id))
                    .exec(&txn)
                    .await?;
            }
            super::results::apply_to_proposals(&txn, actor, &doc).await?;
            let decided = super::results::decided_projects(&txn, &doc).await?;
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

/// The assembly's planned times on Seoul's clock.
pub(super) fn schedule_of(a: &assembly::Model) -> rules::Schedule {
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
    let status = *a.status;
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
        return Err(AppError::input(Field::SessionStarts, InputRule::NotInTheFuture));
    }
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
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
    let public = is_public(&a);
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
        use crate::time_fmt::local_minute;
        let span = domain::booking::Span::new(local_minute(starts), local_minute(ends))?;
        crate::bookings::move_venue(&txn, assembly_id, span).await?
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
    if text_changed {
        let edited =
            assembly::Model { title: d.title.clone(), description: d.description.clone(), venue: d.venue.clone(), ..a };
        super::agenda::index_text(&txn, &edited).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Cancels an assembly before its session opens, with a public reason: its proposals go back to
/// eligible, pre-votes are void (the ballots and the secret ballots' key are deleted; each
/// voter's participation stays, so they see that theirs was voided), the venue's booking is
/// released, and every verified resident of the dong is told (a draft's cancellation tells
/// nobody).
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
    let from = *a.status;
    let to = rules::advance(from, AssemblyEvent::Cancel).ok_or(AppError::Conflict(ErrorCode::AssemblyNotChangeable))?;
    let now = Utc::now();
    let txn = crate::transaction::begin_write(db).await?;
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
    // the voided ballots' key goes with them
    destroy_key(&txn, assembly_id).await?;
    let venue = crate::bookings::release_venue(&txn, assembly_id, reason.as_str(), me.user_id).await?;
    let detail = serde_json::json!({
        "assembly": assembly_id, "from": from.as_str(), "reason": reason.as_str(),
        "ballots_voided": voided, "venue_booking_released": venue,
    });
    audit::record(&txn, Some(me.user_id), AuditAction::AssemblyCancelled, AuditScope::dong(&dong), None, detail)
        .await?;
    if is_public(&a) {
        tell_residents(&txn, &dong, actor, NoticeKind::AssemblyCancelled, (a.id, &a.title)).await?;
    }
    txn.commit().await?;
    Ok(())
}
