//! Booking the centers' spaces over real HTTP: no double booking however many requests arrive at
//! once (the database refuses overlaps itself), requests and approvals, fees into the fund and
//! refunds, cancellation, check-in and no-shows with suspension, recurring series that skip what
//! they cannot book, the iCalendar feeds and the REST availability.

use crate::db_test;
use crate::identity::SINCHON;
use crate::support::booking::{actor, open_space, request, resident, sinchon, staff, started_booking, tomorrow_at};
use crate::support::{Backend, TestApp, within};
use app::domain::booking::{MINUTES_PER_DAY, Span, Status, Step, day_string};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use services::bookings::{self, Repeat};
use services::entities::{booking, journal_entry};
use services::time_fmt::{from_local_minute, now_local};
use services::{bookings::spaces, identity};
use std::collections::BTreeMap;

/// `n` people, each with a read-write token.
async fn people_with_tokens(app: &TestApp, n: usize) -> Vec<String> {
    use app::domain::identity::TokenScope;
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let id = app.person(&format!("주민 {i}"), Some(SINCHON)).await;
        let a = actor(app, id).await;
        tokens.push(identity::create_token(&app.db, &a, "booking".into(), TokenScope::ReadWrite).await.unwrap());
    }
    tokens
}

fn rfc3339(m: i64) -> String {
    from_local_minute(m).to_rfc3339()
}

/// Sends one REST booking per token, all at once; returns the answers' statuses and bodies.
async fn book_all_at_once(app: &TestApp, space: i64, slots: Vec<(String, i64)>) -> Vec<(u16, String)> {
    let url = app.url(&format!("/api/v1/spaces/{space}/bookings"));
    let sends: Vec<_> = slots
        .into_iter()
        .map(|(token, start)| {
            let body = serde_json::json!({
                "starts_at": rfc3339(start), "ends_at": rfc3339(start + 30), "purpose": "반상회", "attendees": 5
            });
            let req = app.client.post(url.clone()).bearer_auth(token).json(&body);
            tokio::spawn(async move {
                let res = within("booking", req.send()).await.unwrap();
                (res.status().as_u16(), res.text().await.unwrap())
            })
        })
        .collect();
    let mut out = Vec::new();
    for s in sends {
        out.push(s.await.unwrap());
    }
    out
}

async fn holding(app: &TestApp, space: i64) -> u64 {
    booking::Entity::find()
        .filter(booking::Column::SpaceId.eq(space))
        .filter(booking::Column::Status.is_in(["requested", "confirmed", "checked_in"]))
        .count(&app.db)
        .await
        .unwrap()
}

db_test!(two_hundred_requests_for_one_slot_book_it_once, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let tokens = people_with_tokens(&app, 200).await;
    let start = tomorrow_at(19);
    let answers = book_all_at_once(&app, space, tokens.into_iter().map(|t| (t, start)).collect()).await;
    let mut statuses = BTreeMap::new();
    for (status, body) in &answers {
        *statuses.entry(*status).or_insert(0) += 1;
        if *status == 409 {
            assert!(body.contains("already booked"), "a refusal says why: {body}");
        }
    }
    assert_eq!(statuses, [(201, 1), (409, 199)].into(), "{statuses:?}");
    assert_eq!(holding(&app, space).await, 1);
});

db_test!(two_hundred_requests_for_distinct_slots_all_succeed, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let tokens = people_with_tokens(&app, 200).await;
    let first = tomorrow_at(0);
    let slots = tokens.into_iter().enumerate().map(|(i, t)| (t, first + 30 * i as i64)).collect();
    let answers = book_all_at_once(&app, space, slots).await;
    let created = answers.iter().filter(|(s, _)| *s == 201).count();
    assert_eq!(created, 200, "{:?}", answers.iter().find(|(s, _)| *s != 201));
    assert_eq!(holding(&app, space).await, 200);
});

db_test!(the_database_refuses_overlaps_itself, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (me, _) = resident(&app, "직접 넣는 사람").await;
    let at = |m: i64| from_local_minute(m);
    let insert = |start: i64, end: i64, status: Status| {
        let db = app.db.clone();
        async move {
            let now = chrono::Utc::now();
            booking::Entity::insert(booking::ActiveModel {
                space_id: Set(space),
                dong_code: Set(SINCHON.into()),
                booker_id: Set(me),
                created_by: Set(me),
                starts_at: Set(at(start)),
                ends_at: Set(at(end)),
                purpose: Set("직접".into()),
                attendees: Set(1),
                status: Set(status.into()),
                fee: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec(&db)
            .await
            .map(|r| r.last_insert_id)
        }
    };
    let t = tomorrow_at(10);
    let first = insert(t, t + 60, Status::Confirmed).await.unwrap();
    let clash = insert(t + 30, t + 90, Status::Requested).await;
    assert!(clash.is_err_and(|e| e.to_string().contains("bookings_no_overlap")), "an overlap must be refused");
    assert!(insert(t + 60, t + 120, Status::Confirmed).await.is_ok(), "ending when the next starts is no overlap");
    let cancelled = insert(t, t + 60, Status::Cancelled).await.unwrap();
    assert!(insert(t - 30, t + 30, Status::Declined).await.is_ok(), "inactive bookings hold nothing");
    // reviving a cancelled booking over an active one is an overlap too
    let revive =
        app.db.execute_unprepared(&format!("UPDATE bookings SET status = 'confirmed' WHERE id = {cancelled}")).await;
    assert!(revive.is_err(), "an update that creates an overlap must be refused");
    // …and once the first is cancelled, it may
    app.db.execute_unprepared(&format!("UPDATE bookings SET status = 'cancelled' WHERE id = {first}")).await.unwrap();
    app.db
        .execute_unprepared(&format!("UPDATE bookings SET status = 'confirmed' WHERE id = {cancelled}"))
        .await
        .unwrap();
});

db_test!(requests_approval_fees_and_cancellation, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let free = open_space(&app, 0, false).await;
    let paid = open_space(&app, 10_000, true).await;
    let (verified, verified_actor) = resident(&app, "확인된 주민").await;
    let newcomer = app.person("새 이웃", Some(SINCHON)).await;
    let newcomer_actor = actor(&app, newcomer).await;
    // verified residents are confirmed at once where the space allows; others wait
    let b1 =
        bookings::book(&app.db, Some(&verified_actor), free, request(tomorrow_at(9), 60), Repeat::Once).await.unwrap();
    assert_eq!((b1.status.as_str(), b1.fee), ("confirmed", 0));
    let b2 =
        bookings::book(&app.db, Some(&newcomer_actor), free, request(tomorrow_at(11), 60), Repeat::Once).await.unwrap();
    assert_eq!(b2.status.as_str(), "requested");
    // a paid space asks for approval from everyone; the fee is pro rata
    let b3 =
        bookings::book(&app.db, Some(&verified_actor), paid, request(tomorrow_at(14), 90), Repeat::Once).await.unwrap();
    assert_eq!((b3.status.as_str(), b3.fee), ("requested", 15_000));
    // staff of another dong cannot approve; Sinchon's staff can, and the fee becomes fund income
    let other = app.person("다른 동 직원", None).await;
    app.grant(other, "center_staff", crate::identity::BUGAHYEON).await;
    let other_cookie = app.sign_in(other).await;
    let res = app
        .call(
            "bookings/decide",
            Some(&other_cookie),
            &[("booking_id", b3.id.to_string()), ("decision", "approve".into())],
        )
        .await;
    assert_eq!(res.status(), 403);
    let (_, clerk) = staff(&app).await;
    bookings::decide(&app.db, Some(&clerk), b3.id, true, "").await.unwrap();
    let row = booking::Entity::find_by_id(b3.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status.as_str(), "confirmed");
    let entry = journal_entry::Entity::find_by_id(row.fund_entry_id.unwrap()).one(&app.db).await.unwrap().unwrap();
    assert_eq!((entry.total, entry.dong_code.as_str()), (15_000, SINCHON));
    assert!(bookings::decide(&app.db, Some(&clerk), b3.id, true, "").await.is_err(), "decided once");
    // a decline says why
    assert!(bookings::decide(&app.db, Some(&clerk), b2.id, false, "").await.is_err());
    bookings::decide(&app.db, Some(&clerk), b2.id, false, "그날은 청소가 있습니다").await.unwrap();
    // nobody cancels someone else's booking but the center; the booker cancels their own and is refunded
    let cookie = app.sign_in(newcomer).await;
    let res = app
        .call("bookings/cancel", Some(&cookie), &[("booking_id", b3.id.to_string()), ("confirm", "true".into())])
        .await;
    assert_eq!(res.status(), 403);
    let before = services::fund::balances(&app.db, &sinchon()).await.unwrap().free();
    bookings::cancel(&app.db, Some(&verified_actor), b3.id, "").await.unwrap();
    let after = services::fund::balances(&app.db, &sinchon()).await.unwrap().free();
    assert_eq!(before - after, 15_000, "the fee is refunded");
    assert!(bookings::cancel(&app.db, Some(&verified_actor), b3.id, "").await.is_err(), "cancelled once");
    // staff cancel with a reason only
    assert!(bookings::cancel(&app.db, Some(&clerk), b1.id, "").await.is_err());
    bookings::cancel(&app.db, Some(&clerk), b1.id, "보일러 고장").await.unwrap();
    let _ = verified;
});

db_test!(check_in_no_shows_and_suspension, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (me, me_actor) = resident(&app, "자주 잊는 주민").await;
    let (_, clerk) = staff(&app).await;
    spaces::set_no_show_rule(
        &app.db,
        Some(&clerk),
        &sinchon(),
        app::domain::booking::NoShowRule::parse("2", "30", "7").unwrap(),
    )
    .await
    .unwrap();
    // a booking not yet started cannot be marked
    let ahead =
        bookings::book(&app.db, Some(&me_actor), space, request(tomorrow_at(9), 60), Repeat::Once).await.unwrap();
    assert!(bookings::mark(&app.db, Some(&clerk), ahead.id, Step::MarkNoShow).await.is_err());
    let a = started_booking(&app, space, me).await;
    bookings::mark(&app.db, Some(&clerk), a, Step::CheckIn).await.unwrap();
    assert!(bookings::mark(&app.db, Some(&clerk), a, Step::MarkNoShow).await.is_err(), "checked in already");
    // at the counter: the time that has just begun can be booked, yesterday cannot
    let now = now_local();
    let slot = now - now.rem_euclid(30);
    let counter = open_space(&app, 0, false).await;
    let yesterday = request(slot - MINUTES_PER_DAY, 30);
    assert!(bookings::book_for_walk_in(&app.db, Some(&clerk), counter, yesterday, "김순자").await.is_err());
    let walk_in =
        bookings::book_for_walk_in(&app.db, Some(&clerk), counter, request(slot, 30), "김순자").await.unwrap();
    bookings::mark(&app.db, Some(&clerk), walk_in, Step::MarkNoShow).await.unwrap();
    assert!(bookings::suspended_until(&app.db, &sinchon(), me, now).await.unwrap().is_none(), "not the resident's");
    // two no-shows suspend booking
    for _ in 0..2 {
        let other = open_space(&app, 0, false).await;
        let b = started_booking(&app, other, me).await;
        bookings::mark(&app.db, Some(&clerk), b, Step::MarkNoShow).await.unwrap();
    }
    let refused = bookings::book(&app.db, Some(&me_actor), space, request(tomorrow_at(12), 60), Repeat::Once).await;
    assert!(
        matches!(refused, Err(app::error::AppError::Conflict(app::error_code::ErrorCode::BookingSuspended { .. }))),
        "{refused:?}"
    );
});

db_test!(a_series_skips_what_it_cannot_book, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let group = crate::participation::fresh_group(&app, "open").await;
    let organiser = services::entities::group_member::Entity::find()
        .filter(services::entities::group_member::Column::GroupId.eq(group))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .user_id;
    let organiser = actor(&app, organiser).await;
    let (_, clerk) = staff(&app).await;
    let first = tomorrow_at(19);
    let week = 7 * MINUTES_PER_DAY;
    // week 2 is closed, week 3 is taken
    spaces::add_blackout(
        &app.db,
        Some(&clerk),
        &sinchon(),
        Some(space),
        Span { start: first + week, end: first + week + 120 },
        "정기 소독",
    )
    .await
    .unwrap();
    let (_, neighbour) = resident(&app, "이웃").await;
    bookings::book(&app.db, Some(&neighbour), space, request(first + 2 * week, 60), Repeat::Once).await.unwrap();
    // only organisers book series, for their group
    let req = request(first, 120);
    assert!(
        bookings::book(
            &app.db,
            Some(&neighbour),
            space,
            req.clone(),
            Repeat::Series(app::domain::booking::Every::Week, 4)
        )
        .await
        .is_err()
    );
    let req = req.with_group(Some(group));
    let booked =
        bookings::book(&app.db, Some(&organiser), space, req, Repeat::Series(app::domain::booking::Every::Week, 4))
            .await
            .unwrap();
    assert_eq!(booked.booked, 2);
    let reasons: Vec<&str> = booked.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(reasons, ["the space is closed then: 정기 소독", "already booked"]);
    // the booking page lists the occurrences and the skipped dates; each occurrence cancels alone
    let page = bookings::page(&app.db, Some(&organiser), booked.id).await.unwrap();
    assert_eq!((page.siblings.len(), page.skipped.len()), (2, 2));
    bookings::cancel(&app.db, Some(&organiser), page.siblings[1].id, "").await.unwrap();
    let page = bookings::page(&app.db, Some(&organiser), booked.id).await.unwrap();
    let statuses: Vec<&str> = page.siblings.iter().map(|b| b.status.as_str()).collect();
    assert_eq!(statuses, ["confirmed", "cancelled"]);
});

db_test!(calendar_feeds_show_busy_times_and_private_bookings, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (me, me_actor) = resident(&app, "달력 쓰는 주민").await;
    bookings::book(&app.db, Some(&me_actor), space, request(tomorrow_at(10), 60), Repeat::Once).await.unwrap();
    let res = app.get(&format!("/spaces/{space}/calendar.ics")).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let ics = res.text().await.unwrap();
    assert!(ics.contains("BEGIN:VCALENDAR") && ics.contains("예약됨 / Booked"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
    assert!(!ics.contains("동네 회의") && !ics.contains("달력"), "the public feed shows no purpose and no name");
    // the private feed: made on request, then revoked
    let cookie = app.sign_in(me).await;
    let res = app.call("bookings/feed", Some(&cookie), &[]).await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    let token = services::bookings::feeds::renew(&app.db, Some(&me_actor)).await.unwrap();
    let res = app.get(&format!("/calendar/{token}.ics")).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("동네 회의"));
    services::bookings::feeds::revoke(&app.db, Some(&me_actor)).await.unwrap();
    assert_eq!(app.get(&format!("/calendar/{token}.ics")).await.status(), 404);
    assert_eq!(app.get("/calendar/not-a-token.ics").await.status(), 404);
});

db_test!(rest_spaces_and_availability, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (_, me) = resident(&app, "API 쓰는 주민").await;
    bookings::book(&app.db, Some(&me), space, request(tomorrow_at(10), 60), Repeat::Once).await.unwrap();
    let list: serde_json::Value = app.get(&format!("/api/v1/dongs/{SINCHON}/spaces")).await.json().await.unwrap();
    assert!(list.as_array().unwrap().iter().any(|s| s["id"] == space));
    let day = day_string(tomorrow_at(0).div_euclid(MINUTES_PER_DAY));
    let res = app.get(&format!("/api/v1/spaces/{space}/availability?from={day}&days=1")).await;
    assert_eq!(res.status(), 200);
    let a: serde_json::Value = res.json().await.unwrap();
    let slots = a["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 48, "a day of half hours");
    let state = |hhmm: &str| {
        slots.iter().find(|s| s["starts_at"].as_str().unwrap().contains(&format!("T{hhmm}:00+09:00"))).unwrap()["state"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!((state("10:00"), state("10:30"), state("11:00")), ("booked".into(), "booked".into(), "free".into()));
    assert_eq!(app.get(&format!("/api/v1/spaces/{space}/availability?days=20")).await.status(), 422);
    assert_eq!(app.get("/api/v1/spaces/999999").await.status(), 404);
    // a rule broken is a 422 with the field; a read-only token may not book
    let tokens = people_with_tokens(&app, 1).await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/spaces/{space}/bookings")))
        .bearer_auth(&tokens[0])
        .json(&serde_json::json!({
            "starts_at": rfc3339(tomorrow_at(12) + 15), "ends_at": rfc3339(tomorrow_at(13)), "purpose": "회의", "attendees": 2
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    // the rule is named by its code, and the same refusal reads in Korean on a page
    let problem: serde_json::Value = res.json().await.unwrap();
    assert_eq!((problem["field"].as_str(), problem["code"].as_str()), (Some("end"), Some("booking_rule")), "{problem}");
    assert_eq!(problem["detail"], "bookings start and end on the space's 30-minute slots", "{problem}");
    let rule = app::domain::booking::Refusal::NotOnSlots(30);
    let refused = app::error::AppError::invalid_code("end", app::error_code::ErrorCode::BookingRule { rule });
    let ko = app::components::form::error_text(app::domain::lang::Lang::Ko, &refused);
    assert_eq!(ko, "예약은 30분 단위로 시작하고 끝납니다.");
});

db_test!(booking_pages_render_in_both_languages, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (_, me) = resident(&app, "화면 보는 주민").await;
    let b = bookings::book(&app.db, Some(&me), space, request(tomorrow_at(10), 60), Repeat::Once).await.unwrap();
    let day = day_string(tomorrow_at(0).div_euclid(MINUTES_PER_DAY));
    let html = app.get(&format!("/dongs/{SINCHON}/spaces?day={day}")).await.text().await.unwrap();
    assert!(html.contains("공간 예약") && html.contains("예약됨") && html.contains("<table"), "the day table");
    let html = app.get(&format!("/spaces/{space}?week={day}")).await.text().await.unwrap();
    assert!(html.contains("예약 가능") && html.contains("로그인하고 예약하기"));
    let html =
        app.get_with_cookie(&format!("/dongs/{SINCHON}/spaces?day={day}"), "lang=en").await.text().await.unwrap();
    assert!(html.contains("Open spaces") && html.contains("Booked") && html.contains("Free"), "in English too");
    let html = app.get_with_cookie(&format!("/spaces/{space}?week={day}"), "lang=en").await.text().await.unwrap();
    assert!(html.contains("Sign in to book") && html.contains("Opening hours"));
    assert_eq!(app.get(&format!("/bookings/{}", b.id)).await.status(), 401, "a booking is its booker's");
});

db_test!(the_demo_has_spaces_and_a_week_of_bookings, |backend: Backend| async move {
    use services::entities::{booking_series, dong, space};
    let app = TestApp::spawn(&backend).await;
    let dongs = dong::Entity::find().filter(dong::Column::DistrictCode.eq("1141000000")).all(&app.db).await.unwrap();
    for d in dongs.iter().filter(|d| d.active) {
        let kinds: Vec<String> = space::Entity::find()
            .filter(space::Column::DongCode.eq(d.code.as_str()))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.kind.as_str().to_owned())
            .collect();
        assert!((2..=4).contains(&kinds.len()), "{}: {kinds:?}", d.code);
        assert!(kinds.contains(&"book_cafe".into()) && kinds.contains(&"screening_room".into()), "{}", d.code);
    }
    let week = booking::Entity::find().filter(booking::Column::SeriesId.is_null()).count(&app.db).await.unwrap();
    assert!(week >= dongs.len() as u64 * 4, "a week of bookings in each center: {week}");
    assert!(booking_series::Entity::find().count(&app.db).await.unwrap() >= 1, "a recurring group booking");
    // the expert's overview counts what is there, center by center
    let district = app::domain::geo::DistrictCode::parse("1141000000").unwrap();
    let expert = services::identity::roles::experts_of(&app.db, &district).await.unwrap()[0];
    let overview = bookings::district(&app.db, Some(&actor(&app, expert).await), &district).await.unwrap();
    assert_eq!(overview.centers.len(), dongs.iter().filter(|d| d.active).count());
    for c in &overview.centers {
        let spaces = space::Entity::find().filter(space::Column::DongCode.eq(c.dong.code.as_str())).count(&app.db);
        assert_eq!(c.spaces, spaces.await.unwrap(), "{}", c.dong.code);
        let requests = booking::Entity::find()
            .filter(booking::Column::DongCode.eq(c.dong.code.as_str()))
            .filter(booking::Column::Status.eq("requested"))
            .count(&app.db);
        assert_eq!(c.requests, requests.await.unwrap(), "{}", c.dong.code);
        // this calendar week's (Monday to Sunday) held bookings: from Friday on, the demo's week
        // ahead (which starts tomorrow) lies mostly in the next one, so count, don't assume
        let week = app::domain::booking::week_of(now_local());
        let this_week = booking::Entity::find()
            .filter(booking::Column::DongCode.eq(c.dong.code.as_str()))
            .filter(booking::Column::Status.is_in(["requested", "confirmed", "checked_in"]))
            .filter(booking::Column::StartsAt.gte(from_local_minute(week.start)))
            .filter(booking::Column::StartsAt.lt(from_local_minute(week.end)))
            .count(&app.db);
        assert_eq!(c.this_week, this_week.await.unwrap(), "{}", c.dong.code);
    }
    assert!(overview.centers.iter().any(|c| c.requests > 0), "a request waits for staff somewhere");
    // loading again adds nothing
    assert_eq!(services::seed::demo::bookings::load(&app.db).await.unwrap(), 0);
});

db_test!(an_assembly_holds_its_venue, |backend: Backend| async move {
    use app::domain::assembly::AssemblyDetails;
    use services::assemblies;
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (_, clerk) = staff(&app).await;
    // the session, tomorrow 14:00–16:00 on Seoul's clock
    let day = day_string(tomorrow_at(0).div_euclid(MINUTES_PER_DAY));
    let details = |title: &str| {
        AssemblyDetails::parse(title, "", "주민센터 상영실", "", &format!("{day}T14:00"), &format!("{day}T16:00"))
            .unwrap()
    };
    let id = assemblies::create_at_venue(&app.db, Some(&clerk), &sinchon(), details("천연동 주민총회"), Some(space))
        .await
        .unwrap();
    let held = booking::Entity::find().filter(booking::Column::AssemblyId.eq(id)).one(&app.db).await.unwrap().unwrap();
    assert_eq!((held.status.as_str(), held.space_id), ("confirmed", space));
    // nobody else can book the venue during the session; before it, they can
    let (_, me) = resident(&app, "총회날 주민").await;
    let clash = bookings::book(&app.db, Some(&me), space, request(tomorrow_at(15), 60), Repeat::Once).await;
    assert!(
        matches!(clash, Err(app::error::AppError::Conflict(app::error_code::ErrorCode::AlreadyBooked))),
        "{clash:?}"
    );
    bookings::book(&app.db, Some(&me), space, request(tomorrow_at(13), 60), Repeat::Once).await.unwrap();
    // a second assembly at the same venue and time is refused, and not created
    let again =
        assemblies::create_at_venue(&app.db, Some(&clerk), &sinchon(), details("겹치는 총회"), Some(space)).await;
    assert!(matches!(again, Err(app::error::AppError::Conflict(_))), "{again:?}");
    let count = services::entities::assembly::Entity::find()
        .filter(services::entities::assembly::Column::Title.eq("겹치는 총회"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 0, "the assembly and its venue are one transaction");
    // the venue's booking is released with the assembly, not cancelled alone
    assert!(bookings::cancel(&app.db, Some(&clerk), held.id, "착오").await.is_err());
});

fn photo_form(bytes: Vec<u8>, alt: &str) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("room.png").mime_str("image/png").unwrap();
    reqwest::multipart::Form::new().part("photo", part).text("alt", alt.to_owned())
}

db_test!(staff_give_a_space_its_photo_and_everyone_sees_it, |backend: Backend| async move {
    use app::domain::image::samples;
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (clerk, _) = staff(&app).await;
    let cookie = app.sign_in(clerk).await;
    let url = app.url(&format!("/spaces/{space}/photo"));
    let upload = |form: reqwest::multipart::Form, cookie: String| {
        let req = app.client.post(url.clone()).header("cookie", cookie).multipart(form);
        async move { within("photo", req.send()).await.unwrap() }
    };
    let first = samples::png(40, 30);
    let res = upload(photo_form(first.clone(), "창가의 긴 테이블"), cookie.clone()).await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()["location"].to_str().unwrap().ends_with("/edit?photo=1#photo"));
    let res = app.get(&format!("/media/space-photos/{space}")).await;
    assert_eq!((res.status().as_u16(), res.headers()["content-type"].to_str().unwrap()), (200, "image/png"));
    assert_eq!(res.bytes().await.unwrap().to_vec(), first);
    let view: serde_json::Value = app.get(&format!("/api/v1/spaces/{space}")).await.json().await.unwrap();
    assert_eq!(view["photo"]["alt"], "창가의 긴 테이블");
    // not a picture: refused, and the photo stays
    let mut fake = b"<html><script>alert(1)</script></html>".to_vec();
    fake.extend_from_slice(&[0; 64]);
    let res = upload(photo_form(fake, ""), cookie.clone()).await;
    let to = res.headers()["location"].to_str().unwrap().to_owned();
    let refused = app::error_code::ErrorCode::Input {
        field: app::domain::Field::Photo,
        rule: app::domain::InputRule::NotAnImage,
    };
    assert_eq!(crate::support::refusal_in(&to, "photo_error"), Some(refused), "{to}");
    assert_eq!(app.get(&format!("/media/space-photos/{space}")).await.bytes().await.unwrap().to_vec(), first);
    // a new photo replaces the old, whose file goes
    upload(photo_form(samples::png(60, 40), "새 사진"), cookie).await;
    assert_eq!(app.media_files().len(), 1, "one file: the current photo");
    // residents may not
    let (me, _) = resident(&app, "사진 찍는 주민").await;
    let res = upload(photo_form(samples::png(10, 10), ""), app.sign_in(me).await).await;
    assert_eq!(res.status(), 403);
});
