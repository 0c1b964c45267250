//! Server functions for the centers' spaces and bookings: the pages' data, booking and the steps
//! of a booking's life, and what staff manage (spaces, closures, the no-show rule). Every form
//! posts here through an `ActionForm`, with or without JavaScript.
//!
//! A server function's arguments are its form's fields, so the booking and space forms have many.
#![allow(clippy::too_many_arguments)]

/// Its REST operations under `/api/v1` (in the OpenAPI document).
#[cfg(feature = "ssr")]
pub mod rest;
/// Its plain HTTP routes: uploads and files, feeds, redirects.
#[cfg(feature = "ssr")]
pub mod routes;

use crate::dto::bookings::{Booked, BookingPage, CenterSpaces, Console, DistrictSpaces, MyBookings, SpacePage};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::api::edge::with_actor;
#[cfg(feature = "ssr")]
use crate::domain::booking::{self as rules, Access, MINUTES_PER_DAY, RulesInput, Span, Step};
#[cfg(feature = "ssr")]
use crate::domain::geo::{DistrictCode, DongCode};
#[cfg(feature = "ssr")]
use services::{bookings, bookings::feeds, bookings::spaces};

#[cfg(feature = "ssr")]
use crate::api::ticked;
#[cfg(feature = "ssr")]
use crate::domain::{Field, InputRule};

#[cfg(feature = "ssr")]
fn day_param(s: Option<String>) -> Result<Option<i64>, AppError> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(d) => Ok(Some(rules::parse_day(Field::Date, d)?)),
    }
}

#[server(prefix = "/sf", endpoint = "spaces/center")]
pub async fn load_center(dong: String, day: Option<String>) -> Result<CenterSpaces, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        bookings::center(&db, actor.as_ref(), &dong, day_param(day)?).await
    })
    .await
}

/// The center's bookable spaces, by number and name (for choosing an assembly's venue).
#[server(prefix = "/sf", endpoint = "spaces/list")]
pub async fn list_spaces(dong: String) -> Result<Vec<(i64, String)>, AppError> {
    with_actor(|db, _| async move {
        let dong = DongCode::parse(&dong)?;
        Ok(spaces::of_dong(&db, &dong, false).await?.into_iter().map(|s| (s.id, s.name)).collect())
    })
    .await
}

#[server(prefix = "/sf", endpoint = "spaces/space")]
pub async fn load_space(id: i64, week: Option<String>) -> Result<SpacePage, AppError> {
    with_actor(|db, actor| async move { bookings::space_page(&db, actor.as_ref(), id, day_param(week)?).await }).await
}

#[server(prefix = "/sf", endpoint = "bookings/mine")]
pub async fn load_my_bookings() -> Result<MyBookings, AppError> {
    with_actor(|db, actor| async move { bookings::mine(&db, actor.as_ref()).await }).await
}

#[server(prefix = "/sf", endpoint = "bookings/one")]
pub async fn load_booking(id: i64) -> Result<BookingPage, AppError> {
    with_actor(|db, actor| async move { bookings::page(&db, actor.as_ref(), id).await }).await
}

#[server(prefix = "/sf", endpoint = "spaces/console")]
pub async fn load_console(dong: String) -> Result<Console, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        bookings::console(&db, actor.as_ref(), &dong).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "spaces/district")]
pub async fn load_district_spaces(district: String) -> Result<DistrictSpaces, AppError> {
    with_actor(|db, actor| async move {
        let district = DistrictCode::parse(&district)?;
        bookings::district(&db, actor.as_ref(), &district).await
    })
    .await
}

/// Books a space (or asks to); a group organiser may repeat it weekly or fortnightly.
#[server(prefix = "/sf", endpoint = "bookings/book")]
pub async fn book_space(
    space_id: i64,
    date: String,
    start: String,
    end: String,
    purpose: String,
    attendees: String,
    group: Option<String>,
    repeat: Option<String>,
    count: Option<String>,
) -> Result<Booked, AppError> {
    with_actor(|db, actor| async move {
        let req = bookings::BookingRequest::parse(
            &date,
            &start,
            &end,
            &purpose,
            &attendees,
            group.as_deref().unwrap_or_default(),
        )?;
        let repeat =
            bookings::Repeat::parse(repeat.as_deref().unwrap_or_default(), count.as_deref().unwrap_or_default())?;
        let booked = bookings::book(&db, actor.as_ref(), space_id, req, repeat).await?;
        leptos_axum::redirect(&format!("/bookings/{}?booked={}", booked.id, booked.booked));
        Ok(booked)
    })
    .await
}

/// Books a space for a resident at the counter (staff).
#[server(prefix = "/sf", endpoint = "bookings/walk_in")]
pub async fn book_walk_in(
    space_id: i64,
    date: String,
    start: String,
    end: String,
    purpose: String,
    attendees: String,
    name: String,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let req = bookings::BookingRequest::parse(&date, &start, &end, &purpose, &attendees, "")?;
        let id = bookings::book_for_walk_in(&db, actor.as_ref(), space_id, req, &name).await?;
        leptos_axum::redirect(&format!("/bookings/{id}?booked=1"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "bookings/decide")]
pub async fn decide_booking(booking_id: i64, decision: String, reason: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let approve = match decision.as_str() {
            "approve" => true,
            "decline" => false,
            _ => return Err(AppError::input(Field::Decision, InputRule::NotChosen)),
        };
        bookings::decide(&db, actor.as_ref(), booking_id, approve, reason.as_deref().unwrap_or_default()).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "bookings/cancel")]
pub async fn cancel_booking(booking_id: i64, reason: Option<String>, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        if !ticked(&confirm) {
            return Err(AppError::input(Field::Confirm, InputRule::NotConfirmed));
        }
        bookings::cancel(&db, actor.as_ref(), booking_id, reason.as_deref().unwrap_or_default()).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "bookings/mark")]
pub async fn mark_booking(booking_id: i64, mark: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let step = match mark.as_str() {
            "check_in" => Step::CheckIn,
            "no_show" => Step::MarkNoShow,
            _ => return Err(AppError::input(Field::Mark, InputRule::NotChosen)),
        };
        bookings::mark(&db, actor.as_ref(), booking_id, step).await
    })
    .await
}

/// Creates a space (no `space_id`) or changes one (staff).
#[server(prefix = "/sf", endpoint = "spaces/save")]
pub async fn save_space(
    dong: String,
    space_id: Option<i64>,
    name: String,
    kind: String,
    floor: String,
    step_free: Option<String>,
    elevator: Option<String>,
    accessible_toilet: Option<String>,
    hearing_loop: Option<String>,
    equipment: String,
    description: String,
    capacity: String,
    slot_minutes: String,
    min_minutes: String,
    max_minutes: String,
    horizon_days: String,
    min_notice_minutes: String,
    approval_required: Option<String>,
    fee_per_hour: String,
    group_waiver: Option<String>,
    weekly_quota_person: String,
    weekly_quota_group: String,
    opens: Vec<String>,
    closes: Vec<String>,
) -> Result<i64, AppError> {
    with_actor(|db, actor| async move {
        let hour = |v: &Vec<String>, i: usize| v.get(i).map_or("", String::as_str).to_owned();
        let hours: Vec<(String, String)> = (0..7).map(|i| (hour(&opens, i), hour(&closes, i))).collect();
        let input = spaces::SpaceInput {
            name: &name,
            kind: &kind,
            floor: &floor,
            access: Access {
                step_free: ticked(&step_free),
                elevator: ticked(&elevator),
                accessible_toilet: ticked(&accessible_toilet),
                hearing_loop: ticked(&hearing_loop),
            },
            equipment: &equipment,
            description: &description,
            rules: RulesInput {
                capacity: &capacity,
                slot_minutes: &slot_minutes,
                min_minutes: &min_minutes,
                max_minutes: &max_minutes,
                horizon_days: &horizon_days,
                min_notice_minutes: &min_notice_minutes,
                approval_required: ticked(&approval_required),
                fee_per_hour: &fee_per_hour,
                group_waiver: ticked(&group_waiver),
                weekly_quota_person: &weekly_quota_person,
                weekly_quota_group: &weekly_quota_group,
            },
            hours: std::array::from_fn(|i| (hours[i].0.as_str(), hours[i].1.as_str())),
        };
        let form = spaces::SpaceForm::parse(&input)?;
        let id = match space_id {
            Some(id) => {
                spaces::update(&db, actor.as_ref(), id, form).await?;
                id
            }
            None => {
                let dong = DongCode::parse(&dong)?;
                spaces::create(&db, actor.as_ref(), &dong, form).await?
            }
        };
        leptos_axum::redirect(&format!("/spaces/{id}?saved=1"));
        Ok(id)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "spaces/active")]
pub async fn set_space_active(space_id: i64, active: String) -> Result<(), AppError> {
    with_actor(|db, actor| async move { spaces::set_active(&db, actor.as_ref(), space_id, active == "true").await })
        .await
}

/// Closes a space, or the whole center, from one time to another (staff). Returns how many
/// bookings fall in the closure.
#[server(prefix = "/sf", endpoint = "spaces/blackout")]
pub async fn add_blackout(
    dong: String,
    space: Option<String>,
    from_date: String,
    from_time: String,
    to_date: String,
    to_time: String,
    reason: String,
) -> Result<u64, AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let space = match space.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => Some(s.parse::<i64>().map_err(|_| AppError::input(Field::Space, InputRule::NotChosen))?),
        };
        let start = rules::parse_day(Field::FromDate, &from_date)? * MINUTES_PER_DAY
            + rules::parse_clock(Field::FromTime, if from_time.trim().is_empty() { "00:00" } else { &from_time })?;
        let end = rules::parse_day(Field::ToDate, &to_date)? * MINUTES_PER_DAY
            + rules::parse_clock(Field::ToTime, if to_time.trim().is_empty() { "24:00" } else { &to_time })?;
        let span = Span::new(start, end).map_err(|_| AppError::input(Field::ToDate, InputRule::EndsBeforeStart))?;
        let (_, affected) = spaces::add_blackout(&db, actor.as_ref(), &dong, space, span, &reason).await?;
        Ok(affected)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "spaces/blackout/remove")]
pub async fn remove_blackout(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        if !ticked(&confirm) {
            return Err(AppError::input(Field::Confirm, InputRule::NotConfirmed));
        }
        spaces::remove_blackout(&db, actor.as_ref(), id).await
    })
    .await
}

#[server(prefix = "/sf", endpoint = "spaces/no_show_rule")]
pub async fn set_no_show_rule(
    dong: String,
    limit: String,
    window_days: String,
    suspension_days: String,
) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        let dong = DongCode::parse(&dong)?;
        let rule = rules::NoShowRule::parse(&limit, &window_days, &suspension_days)?;
        spaces::set_no_show_rule(&db, actor.as_ref(), &dong, rule).await
    })
    .await
}

/// A new private calendar URL (the old one stops working). Without JavaScript the page is
/// reloaded with the token in its address, the only time it is shown.
#[server(prefix = "/sf", endpoint = "bookings/feed")]
pub async fn renew_feed() -> Result<String, AppError> {
    with_actor(|db, actor| async move {
        let token = feeds::renew(&db, actor.as_ref()).await?;
        leptos_axum::redirect(&format!("/bookings?feed={token}#feed"));
        Ok(token)
    })
    .await
}

#[server(prefix = "/sf", endpoint = "bookings/feed/revoke")]
pub async fn revoke_feed(confirm: Option<String>) -> Result<(), AppError> {
    with_actor(|db, actor| async move {
        if !ticked(&confirm) {
            return Err(AppError::input(Field::Confirm, InputRule::NotConfirmed));
        }
        feeds::revoke(&db, actor.as_ref()).await
    })
    .await
}
