//! iCalendar feeds (RFC 5545): each space's public feed says only when it is busy or closed;
//! each person's private feed, at a URL with a secret token they can replace or revoke, lists
//! their bookings in full. The token is stored as its SHA-256 only.

use super::holding_states;
use crate::bookings::spaces;
use crate::crypto;
use crate::entities::{booking, calendar_feed, space};
use crate::time_fmt::{from_local_minute, now_local};
use chrono::Utc;
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::booking::MINUTES_PER_DAY;
use domain::geo::DongCode;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// How far back and ahead the feeds reach.
const PAST_DAYS: i64 = 30;
const AHEAD_DAYS: i64 = 180;

fn calendar(name: &str) -> Calendar {
    let mut c = Calendar::new();
    c.name(name)
        .timezone("Asia/Seoul")
        .append_property(icalendar::Property::new("PRODID", "-//Uri-dongne//Bookings//KO"));
    c
}

/// The public feed of a space: its bookings as "예약됨 / Booked" and its closures, busy only.
pub async fn space_feed(db: &DatabaseConnection, space_id: i64, host: &str) -> Result<String, AppError> {
    let s = space::Entity::find_by_id(space_id).one(db).await?.filter(|s| s.active).ok_or(AppError::NotFound)?;
    let dong = DongCode::parse(&s.dong_code)?;
    let now = now_local();
    let (from, to) = (now - PAST_DAYS * MINUTES_PER_DAY, now + AHEAD_DAYS * MINUTES_PER_DAY);
    let rows = booking::Entity::find()
        .filter(booking::Column::SpaceId.eq(space_id))
        .filter(booking::Column::Status.is_in(holding_states()))
        .filter(booking::Column::EndsAt.gt(from_local_minute(from)))
        .filter(booking::Column::StartsAt.lt(from_local_minute(to)))
        .order_by_asc(booking::Column::StartsAt)
        .all(db)
        .await?;
    let mut cal = calendar(&s.name);
    let stamp = Utc::now();
    for b in rows {
        cal.push(
            Event::new()
                .uid(&format!("booking-{}@{host}", b.id))
                .timestamp(stamp)
                .summary("예약됨 / Booked")
                .starts(b.starts_at)
                .ends(b.ends_at)
                .add_property("TRANSP", "OPAQUE")
                .done(),
        );
    }
    let window = domain::booking::Span { start: from, end: to };
    for (_, closure, id) in spaces::blackouts(db, &dong, Some(space_id), window).await? {
        cal.push(
            Event::new()
                .uid(&format!("closure-{id}-{space_id}@{host}"))
                .timestamp(stamp)
                .summary(&format!("휴관 / Closed: {}", closure.reason))
                .starts(from_local_minute(closure.span.start))
                .ends(from_local_minute(closure.span.end))
                .add_property("TRANSP", "OPAQUE")
                .done(),
        );
    }
    Ok(cal.done().to_string())
}

/// The private feed behind `token`: the person's own bookings, with space, purpose and status.
pub async fn personal_feed(db: &DatabaseConnection, token: &str, host: &str) -> Result<String, AppError> {
    let token = token.trim_end_matches(".ics");
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let feed = calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(crypto::sha256_hex(token)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let since = from_local_minute(now_local() - PAST_DAYS * MINUTES_PER_DAY);
    let rows = booking::Entity::find()
        .filter(booking::Column::BookerId.eq(feed.user_id))
        .filter(booking::Column::WalkInName.is_null())
        .filter(booking::Column::EndsAt.gt(since))
        .order_by_asc(booking::Column::StartsAt)
        .limit(500)
        .all(db)
        .await?;
    let names: std::collections::HashMap<i64, String> = space::Entity::find()
        .filter(space::Column::Id.is_in(rows.iter().map(|b| b.space_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut cal = calendar("우리동네 예약 / My bookings");
    let stamp = Utc::now();
    for b in rows {
        let space = names.get(&b.space_id).map(String::as_str).unwrap_or_default();
        let status = match b.status.as_str() {
            "confirmed" | "checked_in" => EventStatus::Confirmed,
            "requested" => EventStatus::Tentative,
            _ => EventStatus::Cancelled,
        };
        cal.push(
            Event::new()
                .uid(&format!("booking-{}@{host}", b.id))
                .timestamp(stamp)
                .summary(&format!("{space}: {}", b.purpose))
                .location(space)
                .description(&format!("예약 #{} · {}", b.id, b.status))
                .url(&format!("https://{host}/bookings/{}", b.id))
                .starts(b.starts_at)
                .ends(b.ends_at)
                .status(status)
                .done(),
        );
    }
    Ok(cal.done().to_string())
}

/// Whether the person has a private feed.
pub async fn active(db: &impl ConnectionTrait, user_id: i64) -> Result<bool, AppError> {
    Ok(calendar_feed::Entity::find_by_id(user_id).one(db).await?.is_some())
}

/// Makes a new private feed URL token (replacing any earlier one, which stops working). The
/// token is shown once.
pub async fn renew(db: &DatabaseConnection, actor: Option<&Actor>) -> Result<String, AppError> {
    let me = actor.ok_or(AppError::Unauthorized)?;
    authz::can(actor, Action::ManageAccount, &Scope::Account(me.user_id))?;
    let token: String = crypto::random_bytes::<32>()?.iter().map(|b| format!("{b:02x}")).collect();
    calendar_feed::Entity::insert(calendar_feed::ActiveModel {
        user_id: Set(me.user_id),
        token_hash: Set(crypto::sha256_hex(&token)),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::column(calendar_feed::Column::UserId)
            .update_columns([calendar_feed::Column::TokenHash, calendar_feed::Column::CreatedAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Revokes the private feed: its URL stops working.
pub async fn revoke(db: &DatabaseConnection, actor: Option<&Actor>) -> Result<(), AppError> {
    let me = actor.ok_or(AppError::Unauthorized)?;
    authz::can(actor, Action::ManageAccount, &Scope::Account(me.user_id))?;
    calendar_feed::Entity::delete_by_id(me.user_id).exec(db).await?;
    Ok(())
}
