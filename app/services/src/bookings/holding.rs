//! Reading what holds a space: locks, the bookings of a window, weekly quotas, suspensions.

use super::holding_states;
use crate::entities::{booking, group_member, resident_group, space};
use crate::time_fmt::{from_local_minute, local_minute};
use contract::error::AppError;
use domain::authz::Actor;
use domain::booking::{LocalMinute, MINUTES_PER_DAY, Span, Status};
use domain::geo::DongCode;
use domain::group::MemberState;
use domain::{Field, InputRule};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Locks the space's row for the rest of the transaction (PostgreSQL; on SQLite the write
/// transaction already holds the database's lock).
pub(super) async fn lock_space(txn: &impl ConnectionTrait, id: i64) -> Result<space::Model, AppError> {
    let mut q = space::Entity::find_by_id(id);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    q.one(txn).await?.ok_or(AppError::NotFound)
}

/// Active bookings of `spaces` that overlap `window`.
pub(super) async fn holding(
    db: &impl ConnectionTrait,
    spaces: &[i64],
    window: Span,
) -> Result<Vec<booking::Model>, AppError> {
    Ok(booking::Entity::find()
        .filter(booking::Column::SpaceId.is_in(spaces.iter().copied()))
        .filter(booking::Column::Status.is_in(holding_states()))
        .filter(booking::Column::StartsAt.lt(from_local_minute(window.end)))
        .filter(booking::Column::EndsAt.gt(from_local_minute(window.start)))
        .order_by_asc(booking::Column::StartsAt)
        .all(db)
        .await?)
}

pub(super) fn span_of(b: &booking::Model) -> Span {
    Span { start: local_minute(b.starts_at), end: local_minute(b.ends_at) }
}

/// An active booking of the space as far as the rules care: when, by whom, for which group.
pub(super) struct Held {
    pub(super) span: Span,
    pub(super) booker: i64,
    pub(super) group: Option<i64>,
}

/// How many of `held` start in `week`, by the person and (if booking for one) by the group.
pub(super) fn used_in_week(held: &[Held], week: Span, booker: i64, group: Option<i64>) -> (u32, Option<u32>) {
    let in_week = || held.iter().filter(|h| h.span.start >= week.start && h.span.start < week.end);
    let person = in_week().filter(|h| h.booker == booker).count() as u32;
    let group = group.map(|g| in_week().filter(|h| h.group == Some(g)).count() as u32);
    (person, group)
}

/// Until when the person may not book at the center after no-shows, if they may not now.
pub async fn suspended_until(
    db: &impl ConnectionTrait,
    dong: &DongCode,
    user_id: i64,
    now: LocalMinute,
) -> Result<Option<LocalMinute>, AppError> {
    let rule = super::spaces::no_show_rule(db, dong).await?;
    if rule.limit == 0 {
        return Ok(None);
    }
    let since = from_local_minute(now - rule.window_days * MINUTES_PER_DAY);
    let no_shows: Vec<LocalMinute> = booking::Entity::find()
        .filter(booking::Column::DongCode.eq(dong.as_str()))
        .filter(booking::Column::BookerId.eq(user_id))
        .filter(booking::Column::WalkInName.is_null())
        .filter(booking::Column::Status.eq(Status::NoShow.as_str()))
        .filter(booking::Column::StartsAt.gt(since))
        .all(db)
        .await?
        .iter()
        .map(|b| local_minute(b.starts_at))
        .collect();
    Ok(rule.suspended_until(&no_shows, now))
}

/// The group a person books for: it must be one of the dong's groups they are an active member
/// of. Returns whether the center registered it (the fee waiver).
pub(super) async fn booking_group(
    db: &impl ConnectionTrait,
    actor: &Actor,
    dong: &DongCode,
    group: i64,
) -> Result<bool, AppError> {
    let g = resident_group::Entity::find_by_id(group).one(db).await?;
    let member = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(group))
        .filter(group_member::Column::UserId.eq(actor.user_id))
        .filter(group_member::Column::State.eq(MemberState::Active.as_str()))
        .one(db)
        .await?;
    match (g, member) {
        (Some(g), Some(_)) if g.dong_code == dong.as_str() && !g.hidden => Ok(g.registered_at.is_some()),
        _ => Err(AppError::input(Field::Group, InputRule::NotChosen)),
    }
}
