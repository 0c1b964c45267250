//! Booking the centers' spaces: requests and instant bookings, recurring series, approval,
//! cancellation, check-in and no-shows, walk-in bookings by staff, an assembly's venue, fees into
//! the fund, and the availability tables.
//!
//! No double booking, by construction:
//! - every booking runs in a write transaction that first locks the space's row (PostgreSQL:
//!   `SELECT … FOR UPDATE`; SQLite: the transaction is `BEGIN IMMEDIATE`, which holds the
//!   database's write lock), then reads the space's bookings and checks the request with
//!   `domain::booking::check`;
//! - and the database refuses an overlapping active booking on its own (an exclusion constraint
//!   on PostgreSQL, triggers on SQLite — migration `m20261124_000009_booking`), answered here as
//!   the same 409 "already booked".

pub mod feeds;
pub mod spaces;

use crate::api::dto::GroupRef;
use crate::api::dto::booking::{
    Booked, BookingPage, BookingView, BookingViewer, Cell, CenterLoad, CenterSpaces, Console, DistrictSpaces, Grid,
    GridColumn, GridRow, MyBookings, SkipView, SpacePage,
};
use crate::domain::authz::{self, Action, Actor, Scope};
use crate::domain::booking::{
    self as rules, Blackout, Context, Every, LocalMinute, MINUTES_PER_DAY, OpeningHours, Outcome, Refusal, Rules, Span,
    Status, Step, day_of, week_of,
};
use crate::domain::geo::{DistrictCode, DongCode};
use crate::domain::group::{MemberRole, MemberState};
use crate::domain::ledger::{Entry, IncomeCategory, Won};
use crate::error::AppError;
use crate::error_code::ErrorCode;
use crate::server::entities::{booking, booking_series, booking_series_skip, group_member, resident_group, space};
use crate::server::services::audit::{self, AuditAction, AuditScope};
use crate::server::services::fund::{self, EntryMeta};
use crate::server::services::places;
use crate::server::services::time_fmt::{from_local_minute, local_minute, now_local};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use spaces::rules_of;
use std::collections::{BTreeSet, HashMap};

const HOLDING: [&str; 3] = ["requested", "confirmed", "checked_in"];

/// The database's own refusal of an overlap, as the 409 people act on.
fn overlap(e: DbErr) -> AppError {
    if e.to_string().contains("bookings_no_overlap") { AppError::Conflict(ErrorCode::AlreadyBooked) } else { e.into() }
}

fn rule(field: &str, r: &Refusal) -> AppError {
    AppError::invalid_code(field, ErrorCode::BookingRule { rule: r.clone() })
}

/// Why a request cannot be booked, as an error a person can act on.
pub fn refusal(r: &Refusal) -> AppError {
    match r {
        Refusal::AlreadyBooked => AppError::Conflict(ErrorCode::AlreadyBooked),
        Refusal::QuotaReached(limit) => AppError::Conflict(ErrorCode::WeeklyLimit { limit: *limit }),
        Refusal::Blackout(reason) => AppError::Conflict(ErrorCode::SpaceClosed { reason: reason.clone() }),
        Refusal::OverCapacity(_) | Refusal::NoAttendees => rule("attendees", r),
        Refusal::TooShort(_) | Refusal::TooLong(_) | Refusal::NotOnSlots(_) => rule("end", r),
        _ => rule("start", r),
    }
}

/// A booking request as typed.
#[derive(Debug, Clone)]
pub struct BookingRequest {
    pub span: Span,
    pub purpose: String,
    pub attendees: u32,
    pub group: Option<i64>,
}

impl BookingRequest {
    pub fn parse(
        date: &str,
        start: &str,
        end: &str,
        purpose: &str,
        attendees: &str,
        group: &str,
    ) -> Result<BookingRequest, AppError> {
        let span = rules::parse_span(date, start, end)?;
        let purpose = crate::domain::text::bounded("purpose", purpose, 2, 200, false)?;
        let attendees: u32 = attendees
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("attendees", "enter how many people come, as a number"))?;
        let group = match group.trim() {
            "" => None,
            g => Some(g.parse::<i64>().map_err(|_| AppError::invalid("group", "choose a group from the list"))?),
        };
        Ok(BookingRequest { span, purpose, attendees, group })
    }
}

/// Once, or a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Once,
    Series(Every, u32),
}

impl Repeat {
    pub fn parse(repeat: &str, count: &str) -> Result<Repeat, AppError> {
        let every = match repeat.trim() {
            "" | "once" => return Ok(Repeat::Once),
            "week" => Every::Week,
            "fortnight" => Every::Fortnight,
            _ => return Err(AppError::invalid("repeat", "choose how the booking repeats")),
        };
        let n: u32 =
            count.trim().parse().map_err(|_| AppError::invalid("count", "a series has 2 to 26 occurrences"))?;
        if !(2..=26).contains(&n) {
            return Err(AppError::invalid("count", "a series has 2 to 26 occurrences"));
        }
        Ok(Repeat::Series(every, n))
    }
}

// ---- reading what holds a space --------------------------------------------------------------

/// Locks the space's row for the rest of the transaction (PostgreSQL; on SQLite the write
/// transaction already holds the database's lock).
async fn lock_space(txn: &impl ConnectionTrait, id: i64) -> Result<space::Model, AppError> {
    let mut q = space::Entity::find_by_id(id);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        q = q.lock_exclusive();
    }
    q.one(txn).await?.ok_or(AppError::NotFound)
}

/// Active bookings of `spaces` that overlap `window`.
async fn holding(db: &impl ConnectionTrait, spaces: &[i64], window: Span) -> Result<Vec<booking::Model>, AppError> {
    Ok(booking::Entity::find()
        .filter(booking::Column::SpaceId.is_in(spaces.iter().copied()))
        .filter(booking::Column::Status.is_in(HOLDING))
        .filter(booking::Column::StartsAt.lt(from_local_minute(window.end)))
        .filter(booking::Column::EndsAt.gt(from_local_minute(window.start)))
        .order_by_asc(booking::Column::StartsAt)
        .all(db)
        .await?)
}

fn span_of(b: &booking::Model) -> Span {
    Span { start: local_minute(b.starts_at), end: local_minute(b.ends_at) }
}

fn status_of(b: &booking::Model) -> Result<Status, AppError> {
    Status::parse(&b.status).ok_or_else(|| {
        tracing::error!(booking = b.id, status = %b.status, "a booking with an unknown status");
        AppError::Internal
    })
}

/// An active booking of the space as far as the rules care: when, by whom, for which group.
struct Held {
    span: Span,
    booker: i64,
    group: Option<i64>,
}

/// How many of `held` start in `week`, by the person and (if booking for one) by the group.
fn used_in_week(held: &[Held], week: Span, booker: i64, group: Option<i64>) -> (u32, Option<u32>) {
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
    let rule = spaces::no_show_rule(db, dong).await?;
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
async fn booking_group(
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
        _ => Err(AppError::invalid("group", "choose a group of this dong you belong to")),
    }
}

// ---- writing ---------------------------------------------------------------------------------

struct NewBooking<'a> {
    space: &'a space::Model,
    booker: i64,
    created_by: i64,
    walk_in_name: Option<String>,
    group: Option<i64>,
    series: Option<i64>,
    assembly: Option<i64>,
    span: Span,
    purpose: &'a str,
    attendees: u32,
    status: Status,
    fee: i64,
}

async fn insert(txn: &impl ConnectionTrait, b: NewBooking<'_>) -> Result<i64, AppError> {
    let now = Utc::now();
    Ok(booking::Entity::insert(booking::ActiveModel {
        space_id: Set(b.space.id),
        dong_code: Set(b.space.dong_code.clone()),
        booker_id: Set(b.booker),
        created_by: Set(b.created_by),
        walk_in_name: Set(b.walk_in_name),
        group_id: Set(b.group),
        series_id: Set(b.series),
        assembly_id: Set(b.assembly),
        starts_at: Set(from_local_minute(b.span.start)),
        ends_at: Set(from_local_minute(b.span.end)),
        purpose: Set(b.purpose.to_owned()),
        attendees: Set(b.attendees as i32),
        status: Set(b.status.as_str().to_owned()),
        fee: Set(b.fee),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(txn)
    .await
    .map_err(overlap)?
    .last_insert_id)
}

/// Records a booking's fee, on its confirmation, as the fund's rental income, and links the entry.
async fn post_fee(
    txn: &impl ConnectionTrait,
    booking_id: i64,
    dong: &DongCode,
    fee: i64,
    space_name: &str,
    by: i64,
) -> Result<(), AppError> {
    if fee <= 0 {
        return Ok(());
    }
    let entry = Entry::income(IncomeCategory::RentalFees, Won::new(fee)?);
    let description = format!("{space_name} 대관료 (예약 #{booking_id})");
    let id = fund::post(txn, dong, &entry, EntryMeta::today("income", &description, by, None)).await?;
    booking::Entity::update(booking::ActiveModel {
        id: Set(booking_id),
        fund_entry_id: Set(Some(id)),
        ..Default::default()
    })
    .exec(txn)
    .await?;
    Ok(())
}

/// Refunds a cancelled booking's fee: the reversal of its income entry.
async fn refund_fee(txn: &impl ConnectionTrait, b: &booking::Model, by: i64) -> Result<(), AppError> {
    let Some(entry_id) = b.fund_entry_id else { return Ok(()) };
    let dong = DongCode::parse(&b.dong_code)?;
    let entry = Entry::income(IncomeCategory::RentalFees, Won::new(b.fee)?).reversal();
    let meta = EntryMeta {
        reverses: Some(entry_id),
        ..EntryMeta::today("reversal", &format!("예약 #{} 취소 — 대관료 환불", b.id), by, None)
    };
    fund::post(txn, &dong, &entry, meta).await?;
    Ok(())
}

/// Books `space_id` (once or as a series) for the signed-in person. A verified resident of the
/// dong is confirmed at once where the space allows; anyone else's booking waits for staff.
/// A series skips the occurrences that cannot be booked and lists them.
pub async fn book(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    space_id: i64,
    req: BookingRequest,
    repeat: Repeat,
) -> Result<Booked, AppError> {
    let current = spaces::find(db, space_id).await?;
    let dong = DongCode::parse(&current.dong_code)?;
    authz::can(actor, Action::BookSpace, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if let Repeat::Series(..) = repeat {
        let Some(group) = req.group else {
            return Err(AppError::invalid("group", "a repeating booking is for a group you organise"));
        };
        authz::can(actor, Action::BookSeries, &Scope::Group { dong: dong.clone(), id: group })?;
    }
    if !current.active {
        return Err(AppError::Conflict(ErrorCode::SpaceNotTakingBookings));
    }
    let now = now_local();
    let txn = crate::server::db::begin_write(db).await?;
    let space = lock_space(&txn, space_id).await?;
    if let Some(until) = suspended_until(&txn, &dong, me.user_id, now).await? {
        return Err(AppError::Conflict(ErrorCode::BookingSuspended { until: rules::day_string(day_of(until)) }));
    }
    let registered = match req.group {
        Some(g) => booking_group(&txn, me, &dong, g).await?,
        None => false,
    };
    let spans = match repeat {
        Repeat::Once => vec![req.span],
        Repeat::Series(every, n) => rules::series(req.span, every, n)?,
    };
    // the whole weeks the occurrences fall in: the quotas count bookings by the week they start in
    let window = Span {
        start: week_of(spans.first().map_or(req.span.start, |s| s.start)).start,
        end: week_of(spans.last().map_or(req.span.end, |s| s.end) - 1).end,
    };
    let hours = spaces::hours_of(&txn, [space.id]).await?.remove(&space.id).unwrap_or(OpeningHours::CLOSED);
    let blackouts: Vec<Blackout> =
        spaces::blackouts(&txn, &dong, Some(space.id), window).await?.into_iter().map(|(_, b, _)| b).collect();
    let mut held: Vec<Held> = holding(&txn, &[space.id], window)
        .await?
        .iter()
        .map(|b| Held { span: span_of(b), booker: b.booker_id, group: b.group_id })
        .collect();
    let base_rules = rules_of(&space);
    // the horizon applies to a series' first occurrence; the rest follow it
    let later_rules = Rules { horizon_days: 366, ..base_rules.clone() };
    let series_id = match repeat {
        Repeat::Once => None,
        Repeat::Series(every, n) => Some(
            booking_series::Entity::insert(booking_series::ActiveModel {
                space_id: Set(space.id),
                booker_id: Set(me.user_id),
                group_id: Set(req.group),
                every: Set(if every == Every::Week { "week" } else { "fortnight" }.to_owned()),
                count: Set(n as i32),
                created_at: Set(Utc::now()),
                ..Default::default()
            })
            .exec(&txn)
            .await?
            .last_insert_id,
        ),
    };
    let verified = me.is_verified_resident_of(&dong);
    let mut first: Option<(i64, Status, i64)> = None;
    let mut booked = 0u32;
    let mut skipped = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        let (person, group) = used_in_week(&held, week_of(span.start), me.user_id, req.group);
        let taken: Vec<Span> = held.iter().map(|h| h.span).collect();
        let ctx = Context {
            rules: if i == 0 { &base_rules } else { &later_rules },
            hours: &hours,
            blackouts: &blackouts,
            taken: &taken,
            now,
            booked_this_week_person: person,
            booked_this_week_group: group,
            verified_resident: verified,
        };
        let outcome = match rules::check(&ctx, *span, req.attendees) {
            Ok(o) => o,
            Err(r) if series_id.is_some() => {
                skipped.push(SkipView { start: span.start, end: span.end, reason: r.to_string() });
                continue;
            }
            Err(r) => return Err(refusal(&r)),
        };
        let status = if outcome == Outcome::Confirmed { Status::Confirmed } else { Status::Requested };
        let fee = rules::fee(&base_rules, *span, registered);
        let id = insert(
            &txn,
            NewBooking {
                space: &space,
                booker: me.user_id,
                created_by: me.user_id,
                walk_in_name: None,
                group: req.group,
                series: series_id,
                assembly: None,
                span: *span,
                purpose: &req.purpose,
                attendees: req.attendees,
                status,
                fee,
            },
        )
        .await?;
        if status == Status::Confirmed {
            post_fee(&txn, id, &dong, fee, &space.name, me.user_id).await?;
        }
        held.push(Held { span: *span, booker: me.user_id, group: req.group });
        booked += 1;
        first.get_or_insert((id, status, fee));
    }
    let Some((id, status, fee)) = first else {
        return Err(AppError::Conflict(ErrorCode::NoDateBookable));
    };
    if let Some(series) = series_id
        && !skipped.is_empty()
    {
        booking_series_skip::Entity::insert_many(skipped.iter().map(|s| booking_series_skip::ActiveModel {
            series_id: Set(series),
            starts_at: Set(from_local_minute(s.start)),
            ends_at: Set(from_local_minute(s.end)),
            reason: Set(s.reason.chars().take(200).collect()),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(Booked { id, status: status.as_str().to_owned(), fee, booked, skipped })
}

/// Books a space for a resident at the counter (the center's staff): confirmed at once, within
/// the space's hours, closures, duration and capacity, whatever the notice and quotas.
pub async fn book_for_walk_in(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    space_id: i64,
    req: BookingRequest,
    name: &str,
) -> Result<i64, AppError> {
    let current = spaces::find(db, space_id).await?;
    let dong = DongCode::parse(&current.dong_code)?;
    authz::can(actor, Action::RunBookings, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let name = crate::domain::text::bounded("walk_in_name", name, 1, 60, false)?;
    let now = now_local();
    let txn = crate::server::db::begin_write(db).await?;
    let space = lock_space(&txn, space_id).await?;
    let window = Span { start: req.span.start - MINUTES_PER_DAY, end: req.span.end + MINUTES_PER_DAY };
    let hours = spaces::hours_of(&txn, [space.id]).await?.remove(&space.id).unwrap_or(OpeningHours::CLOSED);
    let blackouts: Vec<Blackout> =
        spaces::blackouts(&txn, &dong, Some(space.id), window).await?.into_iter().map(|(_, b, _)| b).collect();
    let taken: Vec<Span> = holding(&txn, &[space.id], window).await?.iter().map(span_of).collect();
    let counter_rules = Rules {
        min_notice_minutes: 0,
        weekly_quota_person: None,
        weekly_quota_group: None,
        approval: rules::Approval::Instant,
        ..rules_of(&space)
    };
    // a time that has begun and not ended can still be booked at the counter
    let ctx = Context {
        rules: &counter_rules,
        hours: &hours,
        blackouts: &blackouts,
        taken: &taken,
        now: if req.span.start <= now && now < req.span.end { req.span.start } else { now },
        booked_this_week_person: 0,
        booked_this_week_group: None,
        verified_resident: true,
    };
    rules::check(&ctx, req.span, req.attendees).map_err(|r| refusal(&r))?;
    let fee = rules::fee(&counter_rules, req.span, false);
    let id = insert(
        &txn,
        NewBooking {
            space: &space,
            booker: me.user_id,
            created_by: me.user_id,
            walk_in_name: Some(name.clone()),
            group: None,
            series: None,
            assembly: None,
            span: req.span,
            purpose: &req.purpose,
            attendees: req.attendees,
            status: Status::Confirmed,
            fee,
        },
    )
    .await?;
    post_fee(&txn, id, &dong, fee, &space.name, me.user_id).await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::BookingForWalkIn,
        AuditScope::dong(&dong),
        None,
        serde_json::json!({ "booking": id, "space": space.id, "for": name }),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Holds an assembly's venue: a confirmed booking of the space for the session, which nobody
/// else can then book. Runs in the assembly's transaction.
pub async fn reserve_venue(
    txn: &impl ConnectionTrait,
    dong: &DongCode,
    space_id: i64,
    assembly_id: i64,
    span: Span,
    title: &str,
    by: i64,
) -> Result<i64, AppError> {
    let space = lock_space(txn, space_id).await?;
    if space.dong_code != dong.as_str() || !space.active {
        return Err(AppError::invalid("venue_space", "choose one of the center's spaces"));
    }
    let purpose: String = title.chars().take(200).collect();
    insert(
        txn,
        NewBooking {
            space: &space,
            booker: by,
            created_by: by,
            walk_in_name: None,
            group: None,
            series: None,
            assembly: Some(assembly_id),
            span,
            purpose: &purpose,
            attendees: space.capacity.max(1) as u32,
            status: Status::Confirmed,
            fee: 0,
        },
    )
    .await
    .map_err(|e| match e {
        AppError::Conflict(_) => AppError::Conflict(ErrorCode::VenueBooked),
        other => other,
    })
}

/// The booking that holds an assembly's venue, if it has one that still holds the space.
pub async fn venue_booking(txn: &impl ConnectionTrait, assembly_id: i64) -> Result<Option<booking::Model>, AppError> {
    let held: Vec<&str> = Status::ALL.into_iter().filter(|s| s.holds_the_space()).map(Status::as_str).collect();
    Ok(booking::Entity::find()
        .filter(booking::Column::AssemblyId.eq(assembly_id))
        .filter(booking::Column::Status.is_in(held))
        .one(txn)
        .await?)
}

/// Moves an assembly's venue booking with its session, in the assembly's transaction. The
/// database refuses an overlap with another booking; that refusal is reported as a conflict and
/// the whole change is rolled back. Nothing to do if the assembly books no space.
pub async fn move_venue(txn: &impl ConnectionTrait, assembly_id: i64, span: Span) -> Result<Option<i64>, AppError> {
    let Some(b) = venue_booking(txn, assembly_id).await? else { return Ok(None) };
    lock_space(txn, b.space_id).await?;
    booking::Entity::update_many()
        .col_expr(booking::Column::StartsAt, sea_orm::sea_query::Expr::value(from_local_minute(span.start)))
        .col_expr(booking::Column::EndsAt, sea_orm::sea_query::Expr::value(from_local_minute(span.end)))
        .col_expr(booking::Column::UpdatedAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(booking::Column::Id.eq(b.id))
        .exec(txn)
        .await
        .map_err(|e| match overlap(e) {
            AppError::Conflict(_) => AppError::Conflict(ErrorCode::VenueTakenAtNewTime),
            other => other,
        })?;
    Ok(Some(b.id))
}

/// Releases an assembly's venue booking (the assembly was cancelled), in its transaction: the
/// space is free again for anyone to book.
pub async fn release_venue(
    txn: &impl ConnectionTrait,
    assembly_id: i64,
    reason: &str,
    by: i64,
) -> Result<Option<i64>, AppError> {
    let Some(b) = venue_booking(txn, assembly_id).await? else { return Ok(None) };
    let reason: String = reason.chars().take(300).collect();
    move_to(txn, &b, Status::Cancelled, Some(reason), by).await?;
    Ok(Some(b.id))
}

async fn find(db: &impl ConnectionTrait, id: i64) -> Result<booking::Model, AppError> {
    booking::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

/// Moves a booking one step, if it is still where it was read (else: someone was quicker).
async fn move_to(
    txn: &impl ConnectionTrait,
    b: &booking::Model,
    to: Status,
    reason: Option<String>,
    by: i64,
) -> Result<(), AppError> {
    let now = Utc::now();
    let mut update = booking::Entity::update_many()
        .col_expr(booking::Column::Status, sea_orm::sea_query::Expr::value(to.as_str()))
        .col_expr(booking::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
        .col_expr(booking::Column::DecidedBy, sea_orm::sea_query::Expr::value(by))
        .col_expr(booking::Column::DecidedAt, sea_orm::sea_query::Expr::value(now));
    if let Some(r) = reason {
        update = update.col_expr(booking::Column::Reason, sea_orm::sea_query::Expr::value(r));
    }
    let done = update
        .filter(booking::Column::Id.eq(b.id))
        .filter(booking::Column::Status.eq(b.status.as_str()))
        .exec(txn)
        .await
        .map_err(overlap)?;
    if done.rows_affected == 0 {
        return Err(AppError::Conflict(ErrorCode::BookingChanged));
    }
    Ok(())
}

/// Approves or declines a request (the center's staff); a decline says why.
pub async fn decide(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    approve: bool,
    reason: &str,
) -> Result<(), AppError> {
    let b = find(db, id).await?;
    let dong = DongCode::parse(&b.dong_code)?;
    authz::can(actor, Action::RunBookings, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let step = if approve { Step::Approve } else { Step::Decline };
    let reason = if approve { None } else { Some(crate::domain::text::bounded("reason", reason, 2, 300, false)?) };
    let to = status_of(&b)?.after(step, span_of(&b), now_local()).map_err(|r| AppError::Conflict(r.into()))?;
    let space = spaces::find(db, b.space_id).await?;
    let txn = crate::server::db::begin_write(db).await?;
    move_to(&txn, &b, to, reason.clone(), me.user_id).await?;
    // only a request is approved, and a request has not paid yet
    if to == Status::Confirmed {
        post_fee(&txn, b.id, &dong, b.fee, &space.name, me.user_id).await?;
    }
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::BookingDecided,
        AuditScope::dong(&dong),
        Some(b.booker_id),
        serde_json::json!({ "booking": id, "status": to.as_str(), "reason": reason }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Cancels a booking: its booker before it starts, or the center's staff with a reason. A paid
/// fee is refunded (the fund's income entry is reversed).
pub async fn cancel(db: &DatabaseConnection, actor: Option<&Actor>, id: i64, reason: &str) -> Result<(), AppError> {
    let b = find(db, id).await?;
    let dong = DongCode::parse(&b.dong_code)?;
    authz::can(actor, Action::CancelBooking, &Scope::Booking { dong: dong.clone(), booker_id: b.booker_id })?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let now = now_local();
    let span = span_of(&b);
    let by_staff = me.user_id != b.booker_id || b.walk_in_name.is_some();
    let reason = if by_staff {
        Some(crate::domain::text::bounded("reason", reason, 2, 300, false)?)
    } else {
        if span.start <= now {
            return Err(AppError::Conflict(ErrorCode::CancelOnlyBeforeStart));
        }
        None
    };
    if b.assembly_id.is_some() {
        return Err(AppError::Conflict(ErrorCode::VenueGoesWithAssembly));
    }
    let to = status_of(&b)?.after(Step::Cancel, span, now).map_err(|r| AppError::Conflict(r.into()))?;
    let txn = crate::server::db::begin_write(db).await?;
    move_to(&txn, &b, to, reason.clone(), me.user_id).await?;
    refund_fee(&txn, &b, me.user_id).await?;
    if by_staff {
        audit::record(
            &txn,
            Some(me.user_id),
            AuditAction::BookingCancelled,
            AuditScope::dong(&dong),
            Some(b.booker_id),
            serde_json::json!({ "booking": id, "reason": reason }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Checks the booker in, or marks a no-show (the center's staff).
pub async fn mark(db: &DatabaseConnection, actor: Option<&Actor>, id: i64, step: Step) -> Result<(), AppError> {
    let b = find(db, id).await?;
    let dong = DongCode::parse(&b.dong_code)?;
    authz::can(actor, Action::RunBookings, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if !matches!(step, Step::CheckIn | Step::MarkNoShow) {
        return Err(AppError::invalid("step", "check in or mark a no-show"));
    }
    let to = status_of(&b)?.after(step, span_of(&b), now_local()).map_err(|r| AppError::Conflict(r.into()))?;
    let txn = crate::server::db::begin_write(db).await?;
    move_to(&txn, &b, to, None, me.user_id).await?;
    audit::record(
        &txn,
        Some(me.user_id),
        AuditAction::BookingMarked,
        AuditScope::dong(&dong),
        Some(b.booker_id),
        serde_json::json!({ "booking": id, "status": to.as_str() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---- views -----------------------------------------------------------------------------------

struct Names {
    spaces: HashMap<i64, String>,
    groups: HashMap<i64, String>,
    people: HashMap<i64, String>,
}

async fn names_for(db: &impl ConnectionTrait, rows: &[booking::Model], people: bool) -> Result<Names, AppError> {
    let space_ids: BTreeSet<i64> = rows.iter().map(|b| b.space_id).collect();
    let group_ids: BTreeSet<i64> = rows.iter().filter_map(|b| b.group_id).collect();
    let spaces = space::Entity::find()
        .filter(space::Column::Id.is_in(space_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let groups = resident_group::Entity::find()
        .filter(resident_group::Column::Id.is_in(group_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let people = if people { places::people(db, rows.iter().map(|b| b.booker_id)).await? } else { HashMap::new() };
    Ok(Names { spaces, groups, people })
}

fn booking_view(b: &booking::Model, names: &Names, actor: Option<&Actor>, now: LocalMinute) -> BookingView {
    let dong = DongCode::parse(&b.dong_code).ok();
    let span = span_of(b);
    let status = Status::parse(&b.status);
    let may = |action| dong.as_ref().is_some_and(|d| authz::can(actor, action, &Scope::Dong(d.clone())).is_ok());
    let staff = may(Action::RunBookings);
    let booker = actor.is_some_and(|a| a.user_id == b.booker_id) && b.walk_in_name.is_none();
    let can = |step| status.is_some_and(|s| s.after(step, span, now).is_ok());
    BookingView {
        id: b.id,
        space_id: b.space_id,
        space_name: names.spaces.get(&b.space_id).cloned().unwrap_or_default(),
        dong_code: b.dong_code.clone(),
        start: span.start,
        end: span.end,
        purpose: b.purpose.clone(),
        attendees: b.attendees.max(0) as u32,
        status: b.status.clone(),
        fee: b.fee,
        group: b.group_id.map(|id| GroupRef { id, name: names.groups.get(&id).cloned().unwrap_or_default() }),
        booker_name: names.people.get(&b.booker_id).cloned(),
        walk_in_name: b.walk_in_name.clone(),
        reason: b.reason.clone(),
        series_id: b.series_id,
        assembly_id: b.assembly_id,
        can_cancel: b.assembly_id.is_none()
            && ((booker && span.start > now && can(Step::Cancel)) || (staff && can(Step::Cancel))),
        can_decide: staff && can(Step::Approve),
        can_check_in: staff && can(Step::CheckIn),
        can_mark_no_show: staff && can(Step::MarkNoShow),
    }
}

async fn views(
    db: &impl ConnectionTrait,
    rows: &[booking::Model],
    actor: Option<&Actor>,
    people: bool,
) -> Result<Vec<BookingView>, AppError> {
    let names = names_for(db, rows, people).await?;
    let now = now_local();
    Ok(rows.iter().map(|b| booking_view(b, &names, actor, now)).collect())
}

/// What the person looking may do at the dong's center.
async fn viewer(db: &impl ConnectionTrait, actor: Option<&Actor>, dong: &DongCode) -> Result<BookingViewer, AppError> {
    let Some(a) = actor else { return Ok(BookingViewer::default()) };
    let memberships = group_member::Entity::find()
        .filter(group_member::Column::UserId.eq(a.user_id))
        .filter(group_member::Column::State.eq(MemberState::Active.as_str()))
        .all(db)
        .await?;
    let roles: HashMap<i64, bool> =
        memberships.iter().map(|m| (m.group_id, m.role == MemberRole::Organiser.as_str())).collect();
    let groups = resident_group::Entity::find()
        .filter(resident_group::Column::Id.is_in(roles.keys().copied()))
        .filter(resident_group::Column::DongCode.eq(dong.as_str()))
        .filter(resident_group::Column::Hidden.eq(false))
        .order_by_asc(resident_group::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|g| {
            let organiser = roles.get(&g.id).copied().unwrap_or(false);
            (GroupRef { id: g.id, name: g.name }, organiser)
        })
        .collect();
    Ok(BookingViewer {
        signed_in: true,
        verified: a.is_verified_resident_of(dong),
        staff: a.is_staff_of(dong),
        console: authz::can(actor, Action::ViewBookingConsole, &Scope::Dong(dong.clone())).is_ok(),
        groups,
        suspended_until: suspended_until(db, dong, a.user_id, now_local()).await?,
    })
}

/// A column of an availability table.
struct Column<'a> {
    head: GridColumn,
    space: &'a space::Model,
    hours: &'a OpeningHours,
    day: i64,
}

/// The availability table: rows are times of day (in the smallest slot of the columns), cells say
/// whether that time is free, held (and whether by the viewer), closed or past.
fn grid(
    columns: Vec<Column<'_>>,
    held: &[booking::Model],
    blackouts: &[(Option<i64>, Blackout, i64)],
    me: Option<i64>,
    now: LocalMinute,
) -> Grid {
    let step = columns.iter().map(|c| i64::from(c.space.slot_minutes)).min().unwrap_or(30).max(15);
    let open: Vec<(i64, i64)> =
        columns.iter().filter_map(|c| c.hours.0[crate::domain::calendar::weekday_of_day(c.day)]).collect();
    let (Some(first), Some(last)) = (open.iter().map(|o| o.0).min(), open.iter().map(|o| o.1).max()) else {
        return Grid { columns: columns.into_iter().map(|c| c.head).collect(), rows: Vec::new() };
    };
    let first = first - first.rem_euclid(step);
    let held: Vec<(i64, Span, &booking::Model)> = held.iter().map(|b| (b.space_id, span_of(b), b)).collect();
    let rows = (0..)
        .map(|n| first + n * step)
        .take_while(|t| *t < last)
        .map(|t| GridRow {
            time: t,
            cells: columns
                .iter()
                .map(|c| {
                    let span = Span { start: c.day * MINUTES_PER_DAY + t, end: c.day * MINUTES_PER_DAY + t + step };
                    let (state, note) = if !c.hours.contains(span) {
                        ("shut", None)
                    } else if let Some((_, b, _)) =
                        blackouts.iter().find(|(s, b, _)| s.is_none_or(|s| s == c.space.id) && b.span.overlaps(span))
                    {
                        ("closed", Some(b.reason.clone()))
                    } else if let Some((_, _, b)) = held.iter().find(|(s, h, _)| *s == c.space.id && h.overlaps(span)) {
                        if Some(b.booker_id) == me && b.walk_in_name.is_none() {
                            ("mine", None)
                        } else if b.status == "requested" {
                            ("requested", None)
                        } else {
                            ("booked", None)
                        }
                    } else if span.start < now {
                        ("past", None)
                    } else {
                        ("free", None)
                    };
                    Cell { space_id: c.space.id, start: span.start, end: span.end, state: state.to_owned(), note }
                })
                .collect(),
        })
        .collect();
    Grid { columns: columns.into_iter().map(|c| c.head).collect(), rows }
}

/// `/dongs/:code/spaces`: the center's spaces and one day of all of them.
pub async fn center(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    dong: &DongCode,
    day: Option<i64>,
) -> Result<CenterSpaces, AppError> {
    let place = places::dong(db, dong).await?;
    let now = now_local();
    let today = day_of(now);
    let day = day.unwrap_or(today);
    let models = spaces::of_dong(db, dong, false).await?;
    let ids: Vec<i64> = models.iter().map(|s| s.id).collect();
    let hours = spaces::hours_of(db, ids.iter().copied()).await?;
    let window = Span { start: day * MINUTES_PER_DAY, end: (day + 1) * MINUTES_PER_DAY };
    let held = holding(db, &ids, window).await?;
    let blackouts = spaces::blackouts(db, dong, None, window).await?;
    let closed = OpeningHours::CLOSED;
    let columns = models
        .iter()
        .map(|s| Column {
            head: GridColumn { space_id: s.id, label: s.name.clone(), day },
            space: s,
            hours: hours.get(&s.id).unwrap_or(&closed),
            day,
        })
        .collect();
    let grid = grid(columns, &held, &blackouts, actor.map(|a| a.user_id), now);
    Ok(CenterSpaces {
        place,
        spaces: models.iter().map(|s| spaces::view(s, hours.get(&s.id).unwrap_or(&closed))).collect(),
        day,
        today,
        grid,
        viewer: viewer(db, actor, dong).await?,
    })
}

/// The week of one space starting on the Monday of `week` (a day), as a table.
pub async fn week_grid(
    db: &impl ConnectionTrait,
    space: &space::Model,
    hours: &OpeningHours,
    monday: i64,
    me: Option<i64>,
) -> Result<(Grid, Vec<(Option<i64>, Blackout, i64)>), AppError> {
    let dong = DongCode::parse(&space.dong_code)?;
    let window = Span { start: monday * MINUTES_PER_DAY, end: (monday + 7) * MINUTES_PER_DAY };
    let held = holding(db, &[space.id], window).await?;
    let blackouts = spaces::blackouts(db, &dong, Some(space.id), window).await?;
    let columns = (0..7)
        .map(|i| Column {
            head: GridColumn { space_id: space.id, label: rules::day_string(monday + i), day: monday + i },
            space,
            hours,
            day: monday + i,
        })
        .collect();
    Ok((grid(columns, &held, &blackouts, me, now_local()), blackouts))
}

/// `/spaces/:id`: a space, a week of it, and what the viewer may do.
pub async fn space_page(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    id: i64,
    week: Option<i64>,
) -> Result<SpacePage, AppError> {
    let s = spaces::find(db, id).await?;
    let dong = DongCode::parse(&s.dong_code)?;
    if !s.active && authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong.clone())).is_err() {
        return Err(AppError::NotFound);
    }
    let hours = spaces::hours_of(db, [s.id]).await?.remove(&s.id).unwrap_or(OpeningHours::CLOSED);
    let today = day_of(now_local());
    let monday = day_of(week_of(week.unwrap_or(today) * MINUTES_PER_DAY).start);
    let (grid, blackouts) = week_grid(db, &s, &hours, monday, actor.map(|a| a.user_id)).await?;
    let names = HashMap::from([(s.id, s.name.clone())]);
    Ok(SpacePage {
        place: places::dong(db, &dong).await?,
        space: spaces::view(&s, &hours),
        week: monday,
        today,
        grid,
        blackouts: spaces::blackout_views(&blackouts, &names),
        viewer: viewer(db, actor, &dong).await?,
    })
}

/// `/bookings`: the signed-in person's bookings.
pub async fn mine(db: &DatabaseConnection, actor: Option<&Actor>) -> Result<MyBookings, AppError> {
    let me = actor.ok_or(AppError::Unauthorized)?;
    authz::can(actor, Action::ManageAccount, &Scope::Account(me.user_id))?;
    let rows = booking::Entity::find()
        .filter(booking::Column::BookerId.eq(me.user_id))
        .filter(booking::Column::WalkInName.is_null())
        .order_by_asc(booking::Column::StartsAt)
        .limit(300)
        .all(db)
        .await?;
    let all = views(db, &rows, actor, false).await?;
    let now = now_local();
    let (upcoming, mut past): (Vec<_>, Vec<_>) = all.into_iter().partition(|b| b.end > now);
    past.reverse();
    past.truncate(50);
    Ok(MyBookings {
        upcoming,
        past,
        feed_active: crate::server::services::bookings::feeds::active(db, me.user_id).await?,
    })
}

/// `/bookings/:id`: one booking, to its booker, the center's staff and the district's expert.
pub async fn page(db: &DatabaseConnection, actor: Option<&Actor>, id: i64) -> Result<BookingPage, AppError> {
    let b = find(db, id).await?;
    let dong = DongCode::parse(&b.dong_code)?;
    authz::can(actor, Action::ViewBooking, &Scope::Booking { dong: dong.clone(), booker_id: b.booker_id })?;
    let (siblings, skipped) = match b.series_id {
        Some(series) => {
            let rows = booking::Entity::find()
                .filter(booking::Column::SeriesId.eq(series))
                .order_by_asc(booking::Column::StartsAt)
                .all(db)
                .await?;
            let skips = booking_series_skip::Entity::find()
                .filter(booking_series_skip::Column::SeriesId.eq(series))
                .order_by_asc(booking_series_skip::Column::StartsAt)
                .all(db)
                .await?
                .into_iter()
                .map(|s| SkipView { start: local_minute(s.starts_at), end: local_minute(s.ends_at), reason: s.reason })
                .collect();
            (rows, skips)
        }
        None => (Vec::new(), Vec::new()),
    };
    let people = authz::can(actor, Action::ViewBookingConsole, &Scope::Dong(dong.clone())).is_ok();
    let booking = views(db, std::slice::from_ref(&b), actor, people).await?.pop().ok_or(AppError::Internal)?;
    Ok(BookingPage {
        booking,
        place: places::dong(db, &dong).await?,
        skipped,
        siblings: views(db, &siblings, actor, people).await?,
    })
}

/// `/dongs/:code/spaces/console`: requests to decide, the week ahead, bookings to mark, closures.
pub async fn console(db: &DatabaseConnection, actor: Option<&Actor>, dong: &DongCode) -> Result<Console, AppError> {
    authz::can(actor, Action::ViewBookingConsole, &Scope::Dong(dong.clone()))?;
    let now = now_local();
    let today = day_of(now);
    let models = spaces::of_dong(db, dong, true).await?;
    let ids: Vec<i64> = models.iter().map(|s| s.id).collect();
    let hours = spaces::hours_of(db, ids.iter().copied()).await?;
    let base = booking::Entity::find().filter(booking::Column::DongCode.eq(dong.as_str()));
    let requests = base
        .clone()
        .filter(booking::Column::Status.eq("requested"))
        .filter(booking::Column::StartsAt.gt(Utc::now()))
        .order_by_asc(booking::Column::StartsAt)
        .limit(200)
        .all(db)
        .await?;
    let upcoming = base
        .clone()
        .filter(booking::Column::Status.is_in(["confirmed", "checked_in"]))
        .filter(booking::Column::EndsAt.gt(Utc::now()))
        .filter(booking::Column::StartsAt.lt(from_local_minute((today + 7) * MINUTES_PER_DAY)))
        .order_by_asc(booking::Column::StartsAt)
        .limit(300)
        .all(db)
        .await?;
    let to_mark = base
        .filter(booking::Column::Status.eq("confirmed"))
        .filter(booking::Column::StartsAt.lte(Utc::now()))
        .filter(booking::Column::StartsAt.gt(from_local_minute(now - 7 * MINUTES_PER_DAY)))
        .order_by_desc(booking::Column::StartsAt)
        .limit(100)
        .all(db)
        .await?;
    let window = Span { start: today * MINUTES_PER_DAY, end: (today + 60) * MINUTES_PER_DAY };
    let names: HashMap<i64, String> = models.iter().map(|s| (s.id, s.name.clone())).collect();
    let blackouts = spaces::blackout_views(&spaces::blackouts(db, dong, None, window).await?, &names);
    let rule = spaces::no_show_rule(db, dong).await?;
    let closed = OpeningHours::CLOSED;
    Ok(Console {
        place: places::dong(db, dong).await?,
        spaces: models.iter().map(|s| spaces::view(s, hours.get(&s.id).unwrap_or(&closed))).collect(),
        requests: views(db, &requests, actor, true).await?,
        upcoming: views(db, &upcoming, actor, true).await?,
        to_mark: views(db, &to_mark, actor, true).await?,
        blackouts,
        no_show_limit: rule.limit,
        no_show_window_days: rule.window_days,
        suspension_days: rule.suspension_days,
        staff: authz::can(actor, Action::RunBookings, &Scope::Dong(dong.clone())).is_ok(),
        today,
    })
}

/// `/districts/:code/spaces`: each center of the district with its spaces, open requests and
/// this week's bookings (the district's expert).
pub async fn district(
    db: &DatabaseConnection,
    actor: Option<&Actor>,
    district: &DistrictCode,
) -> Result<DistrictSpaces, AppError> {
    authz::can(actor, Action::ViewBookingConsole, &Scope::District(district.clone()))?;
    let place = places::districts(db).await?.remove(district.as_str()).ok_or(AppError::NotFound)?;
    let dongs = crate::server::services::geo::district_dongs(db, district).await?;
    let codes: Vec<String> = dongs.iter().map(|d| d.code.clone()).collect();
    let week = week_of(now_local());
    let spaces = count_by_dong(
        space::Entity::find().filter(space::Column::Active.eq(true)),
        space::Column::DongCode,
        &codes,
        db,
    );
    let base = booking::Entity::find();
    let requests = count_by_dong(
        base.clone().filter(booking::Column::Status.eq("requested")).filter(booking::Column::StartsAt.gt(Utc::now())),
        booking::Column::DongCode,
        &codes,
        db,
    );
    let this_week = count_by_dong(
        base.filter(booking::Column::Status.is_in(HOLDING))
            .filter(booking::Column::StartsAt.gte(from_local_minute(week.start)))
            .filter(booking::Column::StartsAt.lt(from_local_minute(week.end))),
        booking::Column::DongCode,
        &codes,
        db,
    );
    let (spaces, requests, this_week) = (spaces.await?, requests.await?, this_week.await?);
    let centers = dongs
        .into_iter()
        .map(|d| CenterLoad {
            spaces: spaces.get(&d.code).copied().unwrap_or(0),
            requests: requests.get(&d.code).copied().unwrap_or(0),
            this_week: this_week.get(&d.code).copied().unwrap_or(0),
            dong: crate::api::dto::Place { code: d.code, name_ko: d.name_ko, name_en: d.name_en },
        })
        .collect();
    Ok(DistrictSpaces { place, centers })
}

/// The rows of `query` per dong among `codes`, in one grouped query.
async fn count_by_dong<E: EntityTrait>(
    query: sea_orm::Select<E>,
    dong_column: E::Column,
    codes: &[String],
    db: &impl ConnectionTrait,
) -> Result<HashMap<String, u64>, AppError> {
    let rows: Vec<(String, i64)> = query
        .filter(dong_column.is_in(codes.iter().cloned()))
        .select_only()
        .column(dong_column)
        .column_as(sea_orm::sea_query::Expr::cust("COUNT(*)"), "n")
        .group_by(dong_column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(d, n)| (d, n.max(0) as u64)).collect())
}
