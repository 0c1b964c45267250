//! The authorization matrix's rows for spaces and bookings.

use super::*;

pub(super) fn rows() -> Vec<Row> {
    vec![
        row!("POST /sf/bookings/book (Sinchon space)", &SIGNED_IN, |app, c| {
            let space = open_space(app, 0, false).await;
            app.call("bookings/book", c, &booking_form(space)).await
        }),
        row!("POST /api/v1/spaces/{id}/bookings (session)", &SIGNED_IN, |app, c| {
            let space = open_space(app, 0, false).await;
            let start = tomorrow_at(10);
            let body = serde_json::json!({
                "starts_at": from_local_minute(start).to_rfc3339(),
                "ends_at": from_local_minute(start + 60).to_rfc3339(),
                "purpose": "행렬 예약", "attendees": 2
            });
            send(app, c, app.client.post(app.url(&format!("/api/v1/spaces/{space}/bookings"))).json(&body)).await
        }),
        row!("POST /sf/bookings/cancel (own booking)", &SIGNED_IN, |app, people, p, c| {
            let booker = match people.id(p) {
                Some(id) => id,
                None => fresh(app).await,
            };
            let b = booking_of(app, booker).await;
            app.call(
                "bookings/cancel",
                c,
                &[("booking_id", b.to_string()), ("confirm", "true".into()), ("reason", "일정 변경".into())],
            )
            .await
        }),
        row!("POST /sf/bookings/cancel (someone else's Sinchon booking)", &[StaffOwnDong], |app, c| {
            let b = booking_of(app, fresh(app).await).await;
            app.call(
                "bookings/cancel",
                c,
                &[("booking_id", b.to_string()), ("confirm", "true".into()), ("reason", "공사".into())],
            )
            .await
        }),
        row!("POST /api/v1/bookings/{id}/cancel (someone else's, session)", &[StaffOwnDong], |app, c| {
            let b = booking_of(app, fresh(app).await).await;
            let req = app
                .client
                .post(app.url(&format!("/api/v1/bookings/{b}/cancel")))
                .json(&serde_json::json!({ "reason": "공사" }));
            send(app, c, req).await
        }),
        row!(
            "POST /sf/bookings/one (read someone else's Sinchon booking)",
            &[StaffOwnDong, ExpertOwnDistrict],
            |app, c| {
                let b = booking_of(app, fresh(app).await).await;
                app.call("bookings/one", c, &[("id", b.to_string())]).await
            }
        ),
        row!("POST /sf/bookings/mine", &SIGNED_IN, |app, c| { app.call("bookings/mine", c, &[]).await }),
        row!("POST /sf/bookings/decide (Sinchon request)", &[StaffOwnDong], |app, c| {
            let space = open_space(app, 0, true).await;
            let who = fresh(app).await;
            let who = crate::support::booking::actor(app, who).await;
            let b = services::bookings::book(
                &app.db,
                Some(&who),
                space,
                crate::support::booking::request(tomorrow_at(10), 60),
                services::bookings::Repeat::Once,
            )
            .await
            .unwrap()
            .id;
            app.call("bookings/decide", c, &[("booking_id", b.to_string()), ("decision", "approve".into())]).await
        }),
        row!("POST /sf/bookings/mark (Sinchon, started)", &[StaffOwnDong], |app, c| {
            let space = open_space(app, 0, false).await;
            let b = started_booking(app, space, fresh(app).await).await;
            app.call("bookings/mark", c, &[("booking_id", b.to_string()), ("mark", "check_in".into())]).await
        }),
        row!("POST /sf/bookings/walk_in (Sinchon)", &[StaffOwnDong], |app, c| {
            let space = open_space(app, 0, false).await;
            let mut form = booking_form(space);
            form.push(("name", "방문 주민".into()));
            app.call("bookings/walk_in", c, &form).await
        }),
        row!("POST /sf/spaces/save (new Sinchon space)", &[StaffOwnDong], |app, c| {
            app.call("spaces/save", c, &space_form(None)).await
        }),
        row!("POST /sf/spaces/save (a Sinchon space)", &[StaffOwnDong], |app, c| {
            let space = open_space(app, 0, false).await;
            app.call("spaces/save", c, &space_form(Some(space))).await
        }),
        row!("POST /sf/spaces/active (a Sinchon space)", &[StaffOwnDong], |app, c| {
            let space = open_space(app, 0, false).await;
            app.call("spaces/active", c, &[("space_id", space.to_string()), ("active", "false".into())]).await
        }),
        row!("POST /spaces/{id}/photo (a Sinchon space, form)", &[StaffOwnDong], |app, c| {
            let space = open_space(app, 0, false).await;
            let part = reqwest::multipart::Part::bytes(samples::png(20, 20)).file_name("room.png");
            let form = reqwest::multipart::Form::new().part("photo", part).text("alt", "");
            send(app, c, app.client.post(app.url(&format!("/spaces/{space}/photo"))).multipart(form)).await
        }),
        row!("POST /sf/spaces/blackout (Sinchon)", &[StaffOwnDong], |app, c| {
            let day = app::domain::booking::day_string(tomorrow_at(0).div_euclid(1440));
            let form = [
                ("dong", SINCHON.to_owned()),
                ("space", String::new()),
                ("from_date", day.clone()),
                ("from_time", "09:00".into()),
                ("to_date", day),
                ("to_time", "10:00".into()),
                ("reason", "행렬 점검".into()),
            ];
            app.call("spaces/blackout", c, &form).await
        }),
        row!("POST /sf/spaces/blackout/remove (Sinchon)", &[StaffOwnDong], |app, c| {
            let (_, clerk) = crate::support::booking::staff(app).await;
            let span = app::domain::booking::Span { start: tomorrow_at(9), end: tomorrow_at(10) };
            let sinchon = app::domain::geo::DongCode::parse(SINCHON).unwrap();
            let (id, _) = services::bookings::spaces::add_blackout(&app.db, Some(&clerk), &sinchon, None, span, "점검")
                .await
                .unwrap();
            app.call("spaces/blackout/remove", c, &[("id", id.to_string()), ("confirm", "true".into())]).await
        }),
        row!("POST /sf/spaces/no_show_rule (Sinchon)", &[StaffOwnDong], |app, c| {
            let form = [
                ("dong", SINCHON.to_owned()),
                ("limit", "3".into()),
                ("window_days", "60".into()),
                ("suspension_days", "14".into()),
            ];
            app.call("spaces/no_show_rule", c, &form).await
        }),
        row!("POST /sf/spaces/console (read Sinchon)", &[StaffOwnDong, ExpertOwnDistrict], |app, c| {
            app.call("spaces/console", c, &[("dong", SINCHON.to_owned())]).await
        }),
        row!("POST /sf/spaces/district (read Seodaemun-gu)", &[ExpertOwnDistrict], |app, c| {
            app.call("spaces/district", c, &[("district", SEODAEMUN.to_owned())]).await
        }),
        row!("POST /sf/bookings/feed", &SIGNED_IN, |app, c| { app.call("bookings/feed", c, &[]).await }),
        // a private feed behind its token: the token is the whole credential (calendar apps send no
        // cookie), so whoever holds it reads the feed, signed in or not, whoever they are
        row!("GET /calendar/{token} (a Sinchon resident's feed, by its token)", &ALL, |app, c| {
            let booker = fresh(app).await;
            let who = crate::support::booking::actor(app, booker).await;
            let token = services::bookings::feeds::renew(&app.db, Some(&who)).await.unwrap();
            send(app, c, app.client.get(app.url(&format!("/calendar/{token}.ics")))).await
        }),
        row!("POST /sf/bookings/feed/revoke", &SIGNED_IN, |app, c| {
            app.call("bookings/feed/revoke", c, &[("confirm", "true".into())]).await
        }),
    ]
}

/// The booking form for tomorrow 10:00–11:00 in `space`.
fn booking_form(space: i64) -> Vec<(&'static str, String)> {
    let day = app::domain::booking::day_string(tomorrow_at(0).div_euclid(1440));
    vec![
        ("space_id", space.to_string()),
        ("date", day),
        ("start", "10:00".into()),
        ("end", "11:00".into()),
        ("purpose", "행렬 예약".into()),
        ("attendees", "2".into()),
    ]
}

/// A booking of `booker` in a fresh space (confirmed, or requested if they are not a verified
/// resident of Sinchon).
async fn booking_of(app: &TestApp, booker: i64) -> i64 {
    use services::bookings::{Repeat, book};
    let space = open_space(app, 0, false).await;
    let who = crate::support::booking::actor(app, booker).await;
    book(&app.db, Some(&who), space, crate::support::booking::request(tomorrow_at(10), 60), Repeat::Once)
        .await
        .unwrap()
        .id
}

/// The space form (a new space, or changes to `space`).
fn space_form(space: Option<i64>) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("dong", SINCHON.to_owned()),
        ("name", format!("행렬 공간 {}", &uuid::Uuid::new_v4().simple().to_string()[..8])),
        ("kind", "meeting_room".into()),
        ("floor", "1층".into()),
        ("equipment", String::new()),
        ("description", String::new()),
        ("capacity", "8".into()),
        ("slot_minutes", "30".into()),
        ("min_minutes", "30".into()),
        ("max_minutes", "120".into()),
        ("horizon_days", "30".into()),
        ("min_notice_minutes", "60".into()),
        ("fee_per_hour", "0".into()),
        ("weekly_quota_person", "3".into()),
        ("weekly_quota_group", String::new()),
        ("opens[0]", "09:00".into()),
        ("closes[0]", "18:00".into()),
    ];
    if let Some(id) = space {
        f.push(("space_id", id.to_string()));
    }
    f
}
