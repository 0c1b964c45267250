//! Booking fixtures: a center's staff and residents of Sinchon, an open space, bookings at known
//! times, for the booking tests and the authorization matrix.

use super::TestApp;
use crate::identity::SINCHON;
use app::domain::authz::Actor;
use app::domain::booking::{Access, MINUTES_PER_DAY, RulesInput, Span};
use app::domain::geo::DongCode;
use sea_orm::Set;
use services::bookings::BookingRequest;
use services::entities::booking;
use services::time_fmt::now_local;
use services::{bookings::spaces, identity};

pub fn sinchon() -> DongCode {
    DongCode::parse(SINCHON).unwrap()
}

pub async fn actor(app: &TestApp, id: i64) -> Actor {
    identity::load_actor(&app.db, id).await.unwrap().unwrap()
}

/// A new member of Sinchon's center staff.
pub async fn staff(app: &TestApp) -> (i64, Actor) {
    let id = app.person("공간 담당", None).await;
    app.grant(id, "center_staff", SINCHON).await;
    (id, actor(app, id).await)
}

/// A verified resident of Sinchon.
pub async fn resident(app: &TestApp, name: &str) -> (i64, Actor) {
    let id = app.person(name, Some(SINCHON)).await;
    app.verify(id, SINCHON).await;
    (id, actor(app, id).await)
}

/// A new space of Sinchon's center, open every day around the clock, bookable from now on
/// (no notice, no weekly limits), for up to 4 hours, at `fee` won an hour.
pub async fn open_space(app: &TestApp, fee: i64, approval: bool) -> i64 {
    let (_, clerk) = staff(app).await;
    let name = format!("시험 공간 {}", &uuid::Uuid::new_v4().to_string()[..8]);
    let fee = fee.to_string();
    let input = spaces::SpaceInput {
        name: &name,
        kind: "meeting_room",
        floor: "2층",
        access: Access { step_free: true, ..Access::default() },
        equipment: "",
        description: "",
        rules: RulesInput {
            capacity: "10",
            slot_minutes: "30",
            min_minutes: "30",
            max_minutes: "240",
            horizon_days: "30",
            min_notice_minutes: "0",
            approval_required: approval,
            fee_per_hour: &fee,
            group_waiver: true,
            weekly_quota_person: "",
            weekly_quota_group: "",
        },
        hours: [("00:00", "24:00"); 7],
    };
    let form = spaces::SpaceForm::parse(&input).unwrap();
    spaces::create(&app.db, Some(&clerk), &sinchon(), form).await.unwrap()
}

/// Tomorrow (Seoul) at `hour`:00 as minutes on Seoul's clock.
pub fn tomorrow_at(hour: i64) -> i64 {
    (now_local().div_euclid(MINUTES_PER_DAY) + 1) * MINUTES_PER_DAY + hour * 60
}

pub fn request(start: i64, minutes: i64) -> BookingRequest {
    BookingRequest::new(Span { start, end: start + minutes }, "동네 회의", 4, None).unwrap()
}

/// A booking that started ten minutes ago (written directly: the rules refuse the past).
pub async fn started_booking(app: &TestApp, space: i64, booker: i64) -> i64 {
    use sea_orm::ActiveModelTrait;
    let now = chrono::Utc::now();
    booking::ActiveModel {
        space_id: Set(space),
        dong_code: Set(SINCHON.into()),
        booker_id: Set(booker),
        created_by: Set(booker),
        starts_at: Set(now - chrono::Duration::minutes(10)),
        ends_at: Set(now + chrono::Duration::minutes(50)),
        purpose: Set("독서 모임".into()),
        attendees: Set(3),
        status: Set(app::domain::booking::Status::Confirmed.into()),
        fee: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}
