//! Creating an assembly (and booking its venue) and keeping its agenda: items added, removed
//! and moved while the agenda is open, proposals put on and taken off it.

use super::bylaws::bylaws;
use super::{dong_of, find, utc_of};
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{agenda_item, agenda_option, assembly, proposal};
use crate::{fund, proposals};
use chrono::Utc;
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::assembly::{AssemblyDetails, AssemblyStatus, BallotKind, ItemKind, NewItem};
use domain::authz::{self, Action, Actor, Scope};
use domain::geo::DongCode;
use domain::moderation::NoticeKind;
use domain::proposal::{Event, ProposalStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

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
        status: Set(AssemblyStatus::Draft.into()),
        quorum_kind: Set(kind.into()),
        quorum_value: Set(value),
        majority: Set(b.majority.into()),
        abstentions_count: Set(b.abstentions_count_toward_quorum),
        minimum_age: Set(i16::from(b.minimum_age)),
        running_results_visible: Set(b.running_results_visible),
        secret_ballot: Set(b.secret_ballot),
        pb_rule: Set(b.pb_rule.into()),
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
    let txn = crate::transaction::begin_write(db).await?;
    let a = a.insert(&txn).await?;
    index_text(&txn, &a).await?;
    if let Some(space) = venue_space {
        use crate::time_fmt::local_minute;
        let span = domain::booking::Span::new(local_minute(a.session_starts_at), local_minute(a.session_ends_at))?;
        crate::bookings::reserve_venue(&txn, dong, space, a.id, span, &a.title, me.user_id).await?;
    }
    txn.commit().await?;
    Ok(a.id)
}

/// Writes what the search index holds of an assembly (its title, description and venue).
pub(crate) async fn index_text(txn: &impl ConnectionTrait, a: &assembly::Model) -> Result<(), AppError> {
    let dong = dong_of(a)?;
    let doc = crate::search::Doc {
        kind: crate::search::Kind::Assembly,
        id: a.id,
        dong: &dong,
        title: &a.title,
        body: vec![&a.description, &a.venue],
    };
    crate::search::index(txn, doc).await
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
            .filter(|p| p.dong_code == dong.as_str() && !p.hidden && p.status == ProposalStatus::Eligible)
            .ok_or_else(|| {
                AppError::invalid_code("proposals", ErrorCode::ProposalNoLongerEligible { proposal: *id })
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
    if !a.status.agenda_open() {
        return Err(AppError::Conflict(ErrorCode::AgendaFixed));
    }
    let txn = crate::transaction::begin_write(db).await?;
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
                kind: Set(ItemKind::ApproveReject.into()),
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
                kind: Set(kind.item_kind().into()),
                approval_max: Set(max.map(i32::from)),
                ..base
            };
            (row, options.into_iter().map(|l| (l, None, None)).collect())
        }
        NewItem::Budget { title, description, budget_won, proposal_ids } => {
            let projects = eligible_proposals(&txn, &dong, &proposal_ids).await?;
            if let Some(p) = projects.iter().find(|p| p.cost_won.is_none()) {
                return Err(AppError::invalid_code("proposals", ErrorCode::ProposalWithoutCost { proposal: p.id }));
            }
            let row = agenda_item::ActiveModel {
                title: Set(title),
                description: Set(description),
                kind: Set(ItemKind::Budget.into()),
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
        for pid in &proposal_ids {
            let p = proposals::find(&txn, *pid).await?;
            let by = actor.map(|a| a.user_id);
            proposals::tell_followers(&txn, &p, NoticeKind::ProposalOnAgenda, assembly_id, by).await?;
        }
        if item.kind == ItemKind::Budget {
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
    let status = *current.status;
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
    if !a.status.agenda_open() {
        return Err(AppError::Conflict(ErrorCode::AgendaFixed));
    }
    Ok((item, a, dong))
}

/// Applies `event` to each of the proposals, noting the assembly's title.
pub(super) async fn apply_to_proposals(
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
    let txn = crate::transaction::begin_write(db).await?;
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
    let txn = crate::transaction::begin_write(db).await?;
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
pub(super) async fn agenda_proposals(db: &impl ConnectionTrait, assembly_id: i64) -> Result<Vec<i64>, AppError> {
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
pub(super) async fn budgets_on_agenda(txn: &impl ConnectionTrait, assembly_id: i64) -> Result<i64, AppError> {
    Ok(items_of(txn, assembly_id)
        .await?
        .iter()
        .filter(|i| i.kind == ItemKind::Budget)
        .filter_map(|i| i.budget_won)
        .sum())
}

pub(crate) async fn items_of(db: &impl ConnectionTrait, assembly_id: i64) -> Result<Vec<agenda_item::Model>, AppError> {
    Ok(agenda_item::Entity::find()
        .filter(agenda_item::Column::AssemblyId.eq(assembly_id))
        .order_by_asc(agenda_item::Column::Position)
        .all(db)
        .await?)
}
