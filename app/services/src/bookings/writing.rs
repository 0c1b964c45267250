//! Booking, walk-in bookings, an assembly's venue, deciding, cancelling and marking bookings.

use super::holding::{Held, booking_group, holding, lock_space, span_of, suspended_until, used_in_week};
use super::spaces::rules_of;
use super::{BookingRequest, Repeat, overlap, refusal};
use crate::audit::{self, AuditAction, AuditScope};
use crate::entities::{booking, booking_series, booking_series_skip, space};
use crate::fund::{self, EntryMeta};
use crate::notices::{self, About};
use crate::time_fmt::{from_local_minute, now_local};
use chrono::Utc;
use contract::dto::bookings::{Booked, SkipView};
use contract::error::AppError;
use contract::error_code::ErrorCode;
use domain::authz::{self, Action, Actor, Scope};
use domain::booking::{
    self as rules, Blackout, Context, MINUTES_PER_DAY, OpeningHours, Outcome, Rules, Span, Status, Step, day_of,
    week_of,
};
use domain::geo::DongCode;
use domain::ledger::{Entry, EntryKind, IncomeCategory, Won};
use domain::moderation::NoticeKind;
use domain::{Field, InputRule};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

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
        status: Set(b.status.into()),
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
    let id = fund::post(txn, dong, &entry, EntryMeta::today(EntryKind::Income, &description, by, None)).await?;
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
        ..EntryMeta::today(EntryKind::Reversal, &format!("예약 #{} 취소 — 대관료 환불", b.id), by, None)
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
    let current = super::spaces::find(db, space_id).await?;
    let dong = DongCode::parse(&current.dong_code)?;
    authz::can(actor, Action::BookSpace, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    if let Repeat::Series(..) = repeat {
        let Some(group) = req.group else {
            return Err(AppError::input(Field::Group, InputRule::NotChosen));
        };
        authz::can(actor, Action::BookSeries, &Scope::Group { dong: dong.clone(), id: group })?;
    }
    if !current.active {
        return Err(AppError::Conflict(ErrorCode::SpaceNotTakingBookings));
    }
    let now = now_local();
    let txn = crate::transaction::begin_write(db).await?;
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
    let hours = super::spaces::hours_of(&txn, [space.id]).await?.remove(&space.id).unwrap_or(OpeningHours::CLOSED);
    let blackouts: Vec<Blackout> =
        super::spaces::blackouts(&txn, &dong, Some(space.id), window).await?.into_iter().map(|(_, b, _)| b).collect();
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
                every: Set(every.into()),
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
                skipped.push(SkipView { start: span.start, end: span.end, reason: r.to_string(), rule: Some(r) });
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
            reason: Set(s.rule.as_ref().map_or_else(|| s.reason.clone(), |r| r.stored()).chars().take(200).collect()),
            ..Default::default()
        }))
        .exec_without_returning(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(Booked { id, status, fee, booked, skipped })
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
    let current = super::spaces::find(db, space_id).await?;
    let dong = DongCode::parse(&current.dong_code)?;
    authz::can(actor, Action::RunBookings, &Scope::Dong(dong.clone()))?;
    let me = actor.ok_or(AppError::Unauthorized)?;
    let name = domain::text::bounded(Field::WalkInName, name, 1, 60, false)?;
    let now = now_local();
    let txn = crate::transaction::begin_write(db).await?;
    let space = lock_space(&txn, space_id).await?;
    let window = Span { start: req.span.start - MINUTES_PER_DAY, end: req.span.end + MINUTES_PER_DAY };
    let hours = super::spaces::hours_of(&txn, [space.id]).await?.remove(&space.id).unwrap_or(OpeningHours::CLOSED);
    let blackouts: Vec<Blackout> =
        super::spaces::blackouts(&txn, &dong, Some(space.id), window).await?.into_iter().map(|(_, b, _)| b).collect();
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
        return Err(AppError::input(Field::VenueSpace, InputRule::NotChosen));
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

pub(super) async fn find(db: &impl ConnectionTrait, id: i64) -> Result<booking::Model, AppError> {
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
    let reason = if approve { None } else { Some(domain::text::bounded(Field::Reason, reason, 2, 300, false)?) };
    let to = b.status.after(step, span_of(&b), now_local()).map_err(|r| AppError::Conflict(r.into()))?;
    let space = super::spaces::find(db, b.space_id).await?;
    let txn = crate::transaction::begin_write(db).await?;
    move_to(&txn, &b, to, reason.clone(), me.user_id).await?;
    // only a request is approved, and a request has not paid yet
    if to == Status::Confirmed {
        post_fee(&txn, b.id, &dong, b.fee, &space.name, me.user_id).await?;
    }
    if b.walk_in_name.is_none() {
        let kind = if approve { NoticeKind::BookingApproved } else { NoticeKind::BookingDeclined };
        notices::notify(&txn, [b.booker_id], Some(me.user_id), kind, About::booking(b.id), &space.name).await?;
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
        Some(domain::text::bounded(Field::Reason, reason, 2, 300, false)?)
    } else {
        if span.start <= now {
            return Err(AppError::Conflict(ErrorCode::CancelOnlyBeforeStart));
        }
        None
    };
    if b.assembly_id.is_some() {
        return Err(AppError::Conflict(ErrorCode::VenueGoesWithAssembly));
    }
    let to = b.status.after(Step::Cancel, span, now).map_err(|r| AppError::Conflict(r.into()))?;
    let txn = crate::transaction::begin_write(db).await?;
    move_to(&txn, &b, to, reason.clone(), me.user_id).await?;
    refund_fee(&txn, &b, me.user_id).await?;
    if by_staff && b.walk_in_name.is_none() {
        let space = super::spaces::find(&txn, b.space_id).await?;
        let about = About::booking(b.id);
        notices::notify(&txn, [b.booker_id], Some(me.user_id), NoticeKind::BookingCancelled, about, &space.name)
            .await?;
    }
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
        return Err(AppError::input(Field::Step, InputRule::NotChosen));
    }
    let to = b.status.after(step, span_of(&b), now_local()).map_err(|r| AppError::Conflict(r.into()))?;
    let txn = crate::transaction::begin_write(db).await?;
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
