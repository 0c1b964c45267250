//! What pages show of bookings: a center's day, a space's week, the reader's bookings, the
//! staff console and the district's overview.

use super::holding::{holding, span_of, suspended_until};
use super::holding_states;
use super::writing::find;
use crate::entities::{Stored, booking, booking_series_skip, group_member, resident_group, space};
use crate::places;
use crate::time_fmt::{from_local_minute, local_minute, now_local};
use chrono::Utc;
use contract::dto::GroupRef;
use contract::dto::bookings::{
    BookingPage, BookingView, BookingViewer, Cell, CenterLoad, CenterSpaces, Console, DistrictSpaces, Grid, GridColumn,
    GridRow, MyBookings, SkipView, SpacePage,
};
use contract::error::AppError;
use domain::authz::{self, Action, Actor, Scope};
use domain::booking::{
    self as rules, Blackout, LocalMinute, MINUTES_PER_DAY, OpeningHours, Span, Status, Step, day_of, week_of,
};
use domain::geo::{DistrictCode, DongCode};
use domain::group::{MemberRole, MemberState};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashMap};

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
    let status = Some(*b.status);
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
        status: *b.status,
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
    let roles: HashMap<i64, bool> = memberships.iter().map(|m| (m.group_id, m.role == MemberRole::Organiser)).collect();
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
        columns.iter().filter_map(|c| c.hours.0[domain::calendar::weekday_of_day(c.day)]).collect();
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
                        } else if b.status == Status::Requested {
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
    let models = super::spaces::of_dong(db, dong, false).await?;
    let ids: Vec<i64> = models.iter().map(|s| s.id).collect();
    let hours = super::spaces::hours_of(db, ids.iter().copied()).await?;
    let window = Span { start: day * MINUTES_PER_DAY, end: (day + 1) * MINUTES_PER_DAY };
    let held = holding(db, &ids, window).await?;
    let blackouts = super::spaces::blackouts(db, dong, None, window).await?;
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
        spaces: models.iter().map(|s| super::spaces::view(s, hours.get(&s.id).unwrap_or(&closed))).collect(),
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
    let blackouts = super::spaces::blackouts(db, &dong, Some(space.id), window).await?;
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
    let s = super::spaces::find(db, id).await?;
    let dong = DongCode::parse(&s.dong_code)?;
    if !s.active && authz::can(actor, Action::ManageSpaces, &Scope::Dong(dong.clone())).is_err() {
        return Err(AppError::NotFound);
    }
    let hours = super::spaces::hours_of(db, [s.id]).await?.remove(&s.id).unwrap_or(OpeningHours::CLOSED);
    let today = day_of(now_local());
    let monday = day_of(week_of(week.unwrap_or(today) * MINUTES_PER_DAY).start);
    let (grid, blackouts) = week_grid(db, &s, &hours, monday, actor.map(|a| a.user_id)).await?;
    let names = HashMap::from([(s.id, s.name.clone())]);
    Ok(SpacePage {
        place: places::dong(db, &dong).await?,
        space: super::spaces::view(&s, &hours),
        week: monday,
        today,
        grid,
        blackouts: super::spaces::blackout_views(&blackouts, &names),
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
    Ok(MyBookings { upcoming, past, feed_active: crate::bookings::feeds::active(db, me.user_id).await? })
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
                .map(|s| {
                    let rule = domain::booking::Refusal::from_stored(&s.reason);
                    let reason = rule.as_ref().map_or(s.reason, |r| r.to_string());
                    SkipView { start: local_minute(s.starts_at), end: local_minute(s.ends_at), rule, reason }
                })
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
    let models = super::spaces::of_dong(db, dong, true).await?;
    let ids: Vec<i64> = models.iter().map(|s| s.id).collect();
    let hours = super::spaces::hours_of(db, ids.iter().copied()).await?;
    let base = booking::Entity::find().filter(booking::Column::DongCode.eq(dong.as_str()));
    let requests = base
        .clone()
        .filter(booking::Column::Status.eq(Stored(Status::Requested)))
        .filter(booking::Column::StartsAt.gt(Utc::now()))
        .order_by_asc(booking::Column::StartsAt)
        .limit(200)
        .all(db)
        .await?;
    let upcoming = base
        .clone()
        .filter(booking::Column::Status.is_in([Stored(Status::Confirmed), Stored(Status::CheckedIn)]))
        .filter(booking::Column::EndsAt.gt(Utc::now()))
        .filter(booking::Column::StartsAt.lt(from_local_minute((today + 7) * MINUTES_PER_DAY)))
        .order_by_asc(booking::Column::StartsAt)
        .limit(300)
        .all(db)
        .await?;
    let to_mark = base
        .filter(booking::Column::Status.eq(Stored(Status::Confirmed)))
        .filter(booking::Column::StartsAt.lte(Utc::now()))
        .filter(booking::Column::StartsAt.gt(from_local_minute(now - 7 * MINUTES_PER_DAY)))
        .order_by_desc(booking::Column::StartsAt)
        .limit(100)
        .all(db)
        .await?;
    let window = Span { start: today * MINUTES_PER_DAY, end: (today + 60) * MINUTES_PER_DAY };
    let names: HashMap<i64, String> = models.iter().map(|s| (s.id, s.name.clone())).collect();
    let blackouts = super::spaces::blackout_views(&super::spaces::blackouts(db, dong, None, window).await?, &names);
    let rule = super::spaces::no_show_rule(db, dong).await?;
    let closed = OpeningHours::CLOSED;
    Ok(Console {
        place: places::dong(db, dong).await?,
        spaces: models.iter().map(|s| super::spaces::view(s, hours.get(&s.id).unwrap_or(&closed))).collect(),
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
    let dongs = crate::geo::district_dongs(db, district).await?;
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
        base.clone()
            .filter(booking::Column::Status.eq(Stored(Status::Requested)))
            .filter(booking::Column::StartsAt.gt(Utc::now())),
        booking::Column::DongCode,
        &codes,
        db,
    );
    let this_week = count_by_dong(
        base.filter(booking::Column::Status.is_in(holding_states()))
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
            dong: contract::dto::Place { code: d.code, name_ko: d.name_ko, name_en: d.name_en },
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
