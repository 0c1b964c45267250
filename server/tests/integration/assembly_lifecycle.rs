//! An assembly's lifecycle besides its steps, over HTTP as organisers use it:
//! - editing a draft tells nobody; once announced, new times are recorded and every verified
//!   resident of the dong is told;
//! - postponing moves the venue's booking with the session, or is refused whole if the venue is
//!   taken then; the old time is free again;
//! - while pre-voting runs only the times may change; once the session opens nothing may;
//! - opening voting outside the plan needs the organiser's word and is recorded;
//! - cancelling says why, frees the proposals and the venue, voids pre-votes (each voter sees
//!   theirs was voided) and tells the residents.

use crate::assembly_day::{eligible, resident, status_of};
use crate::db_test;
use crate::identity::SINCHON;
use crate::support::booking::{open_space, request, staff, tomorrow_at};
use crate::support::{Backend, TestApp, within};
use app::domain::assembly::{AssemblyDetails, AssemblyEvent, Bylaws, NewItem, Quorum};
use app::domain::authz::Actor;
use app::domain::booking::{MINUTES_PER_DAY, day_string};
use app::domain::geo::DongCode;
use app::error::AppError;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use services::bookings::{self, Repeat};
use services::entities::{assembly, audit_event, booking, notification, open_ballot, participation, sealed_ballot};
use services::{assemblies, proposals};

fn sinchon() -> DongCode {
    DongCode::parse(SINCHON).unwrap()
}

/// `YYYY-MM-DDTHH:MM` on Seoul's clock, `days` after today.
fn at(days: i64, hhmm: &str) -> String {
    let today = tomorrow_at(0).div_euclid(MINUTES_PER_DAY) - 1;
    format!("{}T{hhmm}", day_string(today + days))
}

/// Seoul minutes of `at(days, hhmm)`.
fn minute(days: i64, hhmm: &str) -> i64 {
    let (h, m) = hhmm.split_once(':').unwrap();
    tomorrow_at(0) + (days - 1) * MINUTES_PER_DAY + h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
}

/// The staff member's actor and cookie, with a support threshold and quorum of 1.
async fn organiser(app: &TestApp) -> (Actor, String) {
    let (id, clerk) = staff(app).await;
    let threshold = app::domain::proposal::SupportThreshold::parse("1").unwrap();
    proposals::set_threshold(&app.db, Some(&clerk), &sinchon(), threshold).await.unwrap();
    let bylaws = Bylaws { quorum: Quorum::Absolute(1), ..Bylaws::default() };
    assemblies::set_bylaws(&app.db, Some(&clerk), &sinchon(), bylaws).await.unwrap();
    (clerk, app.sign_in(id).await)
}

fn edit_form(id: i64, title: &str, venue: &str, starts: &str, ends: &str) -> Vec<(&'static str, String)> {
    vec![
        ("assembly_id", id.to_string()),
        ("title", title.to_owned()),
        ("description", "주민이 함께 정합니다.".to_owned()),
        ("venue", venue.to_owned()),
        ("pre_voting_starts", String::new()),
        ("session_starts", starts.to_owned()),
        ("session_ends", ends.to_owned()),
    ]
}

async fn notices_of(app: &TestApp, user: i64, kind: &str) -> Vec<notification::Model> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user))
        .filter(notification::Column::Kind.eq(kind))
        .all(&app.db)
        .await
        .unwrap()
}

/// The audit events `action` of assembly `id`, oldest first.
async fn audits(app: &TestApp, action: &str, id: i64) -> Vec<serde_json::Value> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .order_by_asc(audit_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| serde_json::from_str::<serde_json::Value>(&e.detail).unwrap())
        .filter(|d| d["assembly"] == id)
        .collect()
}

async fn venue_of(app: &TestApp, id: i64) -> booking::Model {
    booking::Entity::find().filter(booking::Column::AssemblyId.eq(id)).one(&app.db).await.unwrap().unwrap()
}

db_test!(organisers_edit_and_postpone_and_the_venue_moves_with_the_session, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (clerk, cookie) = organiser(&app).await;
    let (r1, r2) = (resident(&app, "주민 하나").await, resident(&app, "주민 둘").await);
    let details = AssemblyDetails::parse("신촌동 주민총회", "", "강당", "", &at(3, "14:00"), &at(3, "16:00")).unwrap();
    let id = assemblies::create_at_venue(&app.db, Some(&clerk), &sinchon(), details, Some(space)).await.unwrap();
    let item = NewItem::parse("single_choice", "축제 계절", "", "봄\n가을", "", "", "").unwrap();
    assemblies::add_item(&app.db, Some(&clerk), id, item).await.unwrap();

    // a draft: anything may change, nobody is told
    let form = edit_form(id, "2027 신촌동 주민총회", "신촌동 주민센터 강당", &at(3, "14:00"), &at(3, "16:00"));
    assert_eq!(app.call("assemblies/edit", Some(&r1.3), &form).await.status(), 403, "a resident");
    assert_eq!(app.call("assemblies/edit", None, &form).await.status(), 401);
    assert!(app.call("assemblies/edit", Some(&cookie), &form).await.status().is_success());
    let a = assembly::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(
        (a.title.as_str(), a.venue.as_str(), a.rescheduled_at),
        ("2027 신촌동 주민총회", "신촌동 주민센터 강당", None)
    );
    assert!(notices_of(&app, r1.0, "assembly_rescheduled").await.is_empty());

    // announced: every verified resident is told
    assemblies::advance(&app.db, &app.seal(), Some(&clerk), id, AssemblyEvent::Announce, true).await.unwrap();
    for r in [&r1, &r2] {
        let told = notices_of(&app, r.0, "assembly_announced").await;
        assert_eq!(told.len(), 1, "resident {}", r.0);
        assert_eq!(told[0].assembly_id, Some(id));
    }

    // the venue is taken the day before: postponing there is refused whole
    let (_, other) = crate::support::booking::resident(&app, "먼저 예약한 주민").await;
    bookings::book(&app.db, Some(&other), space, request(minute(2, "14:00"), 120), Repeat::Once).await.unwrap();
    let clash = edit_form(id, "2027 신촌동 주민총회", "신촌동 주민센터 강당", &at(2, "14:00"), &at(2, "16:00"));
    let res = app.call("assemblies/edit", Some(&cookie), &clash).await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains(app::error_code::ErrorCode::VenueTakenAtNewTime.code()));
    let a = assembly::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(a.rescheduled_at, None, "nothing changed");
    assert_eq!(services::time_fmt::local_minute(venue_of(&app, id).await.starts_at), minute(3, "14:00"));

    // postponed to a free time: the booking moves, the old time is free, residents are told
    let later = edit_form(id, "2027 신촌동 주민총회", "신촌동 주민센터 강당", &at(4, "10:00"), &at(4, "12:00"));
    assert!(app.call("assemblies/edit", Some(&cookie), &later).await.status().is_success());
    let held = venue_of(&app, id).await;
    let local = services::time_fmt::local_minute;
    assert_eq!((local(held.starts_at), local(held.ends_at)), (minute(4, "10:00"), minute(4, "12:00")));
    assert_eq!(held.status.as_str(), "confirmed");
    bookings::book(&app.db, Some(&other), space, request(minute(3, "14:00"), 120), Repeat::Once).await.unwrap();
    let a = assembly::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert!(a.rescheduled_at.is_some());
    for r in [&r1, &r2] {
        assert_eq!(notices_of(&app, r.0, "assembly_rescheduled").await.len(), 1, "resident {}", r.0);
    }
    let edits = audits(&app, "assembly.edit", id).await;
    assert_eq!(edits.len(), 2, "{edits:?}");
    assert_eq!(edits[1]["venue_booking"], serde_json::json!(held.id));
    // a session in the past is refused
    let past = edit_form(id, "2027 신촌동 주민총회", "신촌동 주민센터 강당", &at(-1, "10:00"), &at(-1, "12:00"));
    assert_eq!(app.call("assemblies/edit", Some(&cookie), &past).await.status(), 422);

    // pre-voting was not planned: opening it needs the organiser's word, and it is recorded
    let open = |extra: bool| {
        let mut f =
            vec![("assembly_id", id.to_string()), ("event", "open_pre_voting".into()), ("confirm", "on".into())];
        if extra {
            f.push(("off_schedule", "on".into()));
        }
        app.call("assemblies/advance", Some(&cookie), &f)
    };
    assert_eq!(open(false).await.status(), 422);
    assert!(open(true).await.status().is_success());
    let steps = audits(&app, "assembly.step", id).await;
    assert_eq!(steps.last().unwrap()["off_schedule"], "unplanned", "{steps:?}");
    assert_eq!(steps.first().unwrap()["off_schedule"], serde_json::Value::Null, "announcing is never off the plan");
    assert_eq!(notices_of(&app, r2.0, "pre_voting_opened").await.len(), 1);

    // while pre-voting runs: the times may move, nothing else
    let renamed = edit_form(id, "다른 제목의 총회", "신촌동 주민센터 강당", &at(4, "10:00"), &at(4, "12:00"));
    assert_eq!(app.call("assemblies/edit", Some(&cookie), &renamed).await.status(), 409);
    let moved = edit_form(id, "2027 신촌동 주민총회", "신촌동 주민센터 강당", &at(5, "10:00"), &at(5, "12:00"));
    assert!(app.call("assemblies/edit", Some(&cookie), &moved).await.status().is_success());
    assert_eq!(local(venue_of(&app, id).await.starts_at), minute(5, "10:00"));

    // the session opens (days early: confirmed), and then nothing about it may change
    assemblies::advance(&app.db, &app.seal(), Some(&clerk), id, AssemblyEvent::OpenSession, true).await.unwrap();
    assert_eq!(app.call("assemblies/edit", Some(&cookie), &moved).await.status(), 409);
    let cancel = [("assembly_id", id.to_string()), ("reason", "사정이 생겼습니다".into()), ("confirm", "on".into())];
    assert_eq!(app.call("assemblies/cancel", Some(&cookie), &cancel).await.status(), 409);
    // an unknown assembly is not found
    let form = edit_form(987_654_321, "2027 신촌동 주민총회", "강당", &at(4, "10:00"), &at(4, "12:00"));
    assert_eq!(app.call("assemblies/edit", Some(&cookie), &form).await.status(), 404);
});

db_test!(cancelling_frees_the_proposals_and_the_venue_and_voids_pre_votes, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (clerk, cookie) = organiser(&app).await;
    let (a, b, c) = (resident(&app, "주민 가").await, resident(&app, "주민 나").await, resident(&app, "주민 다").await);
    let proposal = eligible(&app, &a.1, &b.1, "골목길 조명 달기", "").await;
    let details = AssemblyDetails::parse("신촌동 주민총회", "", "강당", "", &at(3, "14:00"), &at(3, "16:00")).unwrap();
    let id = assemblies::create_at_venue(&app.db, Some(&clerk), &sinchon(), details, Some(space)).await.unwrap();
    let p_item = assemblies::add_item(&app.db, Some(&clerk), id, NewItem::Proposal { proposal_id: proposal }).await;
    p_item.unwrap();
    let item = NewItem::parse("single_choice", "축제 계절", "", "봄\n가을", "", "", "").unwrap();
    let item = assemblies::add_item(&app.db, Some(&clerk), id, item).await.unwrap();
    let option = crate::assemblies::options_of(&app, item).await[0];
    for e in [AssemblyEvent::Announce, AssemblyEvent::OpenPreVoting] {
        assemblies::advance(&app.db, &app.seal(), Some(&clerk), id, e, true).await.unwrap();
    }
    assert_eq!(status_of(&app, proposal).await, "on_agenda");
    for voter in [&a, &c] {
        let req = app
            .client
            .post(app.url(&format!("/api/v1/agenda-items/{item}/ballot")))
            .bearer_auth(&voter.2)
            .json(&serde_json::json!({ "options": [option] }));
        assert_eq!(within("ballot", req.send()).await.unwrap().status(), 201);
    }

    // the reason is required, the box must be ticked, only organisers may
    let form = |reason: &str, confirm: bool| {
        let mut f = vec![("assembly_id", id.to_string()), ("reason", reason.to_owned())];
        if confirm {
            f.push(("confirm", "on".to_owned()));
        }
        f
    };
    let reason = "강당 공사로 취소합니다. 새 일정은 다시 공고합니다.";
    assert_eq!(app.call("assemblies/cancel", Some(&cookie), &form(reason, false)).await.status(), 422);
    assert_eq!(app.call("assemblies/cancel", Some(&cookie), &form("없음", true)).await.status(), 422);
    assert_eq!(app.call("assemblies/cancel", Some(&a.3), &form(reason, true)).await.status(), 403);
    assert_eq!(app.call("assemblies/cancel", None, &form(reason, true)).await.status(), 401);
    // a step can never cancel (it needs the reason)
    let step = [("assembly_id", id.to_string()), ("event", "cancel".to_owned()), ("confirm", "on".to_owned())];
    assert_eq!(app.call("assemblies/advance", Some(&cookie), &step).await.status(), 422);
    assert!(app.call("assemblies/cancel", Some(&cookie), &form(reason, true)).await.status().is_success());

    let row = assembly::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((row.status.as_str(), row.cancel_reason.as_deref()), ("cancelled", Some(reason)));
    assert!(row.cancelled_at.is_some());
    // the proposal is free for another assembly
    assert_eq!(status_of(&app, proposal).await, "eligible");
    // the venue is released: a resident can book that very time
    assert_eq!(venue_of(&app, id).await.status.as_str(), "cancelled");
    let (_, other) = crate::support::booking::resident(&app, "다음 예약 주민").await;
    bookings::book(&app.db, Some(&other), space, request(minute(3, "14:00"), 120), Repeat::Once).await.unwrap();
    // the pre-votes are void: no ballot of any kind is left, each voter's participation stays
    let sealed = sealed_ballot::Entity::find().filter(sealed_ballot::Column::ItemId.eq(item)).count(&app.db).await;
    let open = open_ballot::Entity::find().filter(open_ballot::Column::ItemId.eq(item)).count(&app.db).await;
    assert_eq!((sealed.unwrap(), open.unwrap()), (0, 0));
    let kept = participation::Entity::find().filter(participation::Column::ItemId.eq(item)).count(&app.db).await;
    assert_eq!(kept.unwrap(), 2);
    for (who, voided) in [(&a, 1), (&b, 0), (&c, 1)] {
        let seen = assemblies::detail(&app.db, Some(&who.1), id).await.unwrap();
        assert_eq!(seen.viewer.voided_ballots, voided, "resident {}", who.0);
        assert_eq!(seen.cancel_reason.as_deref(), Some(reason));
        assert_eq!(notices_of(&app, who.0, "assembly_cancelled").await.len(), 1, "resident {}", who.0);
    }
    let cancelled = audits(&app, "assembly.cancel", id).await;
    assert_eq!(cancelled.len(), 1);
    assert_eq!(cancelled[0]["ballots_voided"], 2);
    assert_eq!(cancelled[0]["reason"], reason);
    // the page says so, to everyone
    let html = app.get(&format!("/assemblies/{id}")).await.text().await.unwrap();
    assert!(html.contains("이 총회는 취소되었습니다.") && html.contains(reason), "the page shows the cancellation");
    let notice = app.get(&format!("/assemblies/{id}/notice")).await.text().await.unwrap();
    assert!(notice.contains("취소되었습니다") && notice.contains(reason), "the printable notice too");

    // nothing more happens to it
    assert_eq!(app.call("assemblies/cancel", Some(&cookie), &form(reason, true)).await.status(), 409);
    for e in AssemblyEvent::ALL.into_iter().filter(|e| *e != AssemblyEvent::Cancel) {
        let r = assemblies::advance(&app.db, &app.seal(), Some(&clerk), id, e, true).await;
        assert!(matches!(r, Err(AppError::Conflict(_))), "{e:?}: {r:?}");
    }
    // and the proposal goes on a new assembly's agenda
    let details =
        AssemblyDetails::parse("신촌동 주민총회 (다시)", "", "강당", "", &at(9, "14:00"), &at(9, "16:00")).unwrap();
    let again = assemblies::create(&app.db, Some(&clerk), &sinchon(), details).await.unwrap();
    assemblies::add_item(&app.db, Some(&clerk), again, NewItem::Proposal { proposal_id: proposal }).await.unwrap();

    // a draft is cancelled without telling anyone
    let details = AssemblyDetails::parse("쓰다 만 총회", "", "강당", "", &at(9, "14:00"), &at(9, "16:00")).unwrap();
    let draft = assemblies::create(&app.db, Some(&clerk), &sinchon(), details).await.unwrap();
    let reason = app::domain::assembly::CancelReason::parse("잘못 만들었습니다").unwrap();
    assemblies::cancel(&app.db, Some(&clerk), draft, reason).await.unwrap();
    assert_eq!(notices_of(&app, b.0, "assembly_cancelled").await.len(), 1, "only the announced one");
});

db_test!(a_hundred_cancellations_at_once_cancel_once, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let space = open_space(&app, 0, false).await;
    let (clerk, cookie) = organiser(&app).await;
    let details = AssemblyDetails::parse("신촌동 주민총회", "", "강당", "", &at(3, "14:00"), &at(3, "16:00")).unwrap();
    let id = assemblies::create_at_venue(&app.db, Some(&clerk), &sinchon(), details, Some(space)).await.unwrap();
    let item = NewItem::parse("single_choice", "축제 계절", "", "봄\n가을", "", "", "").unwrap();
    assemblies::add_item(&app.db, Some(&clerk), id, item).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(&clerk), id, AssemblyEvent::Announce, true).await.unwrap();
    let form = [
        ("assembly_id", id.to_string()),
        ("reason", "강당 공사로 취소합니다".to_owned()),
        ("confirm", "on".to_owned()),
    ];
    let calls: Vec<_> = (0..100).map(|_| tokio::spawn(app.call("assemblies/cancel", Some(&cookie), &form))).collect();
    let mut statuses = Vec::new();
    for c in calls {
        statuses.push(c.await.unwrap().status().as_u16());
    }
    assert_eq!(statuses.iter().filter(|s| (200..300).contains(*s)).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| (200..300).contains(s) || *s == 409), "{statuses:?}");
    assert_eq!(audits(&app, "assembly.cancel", id).await.len(), 1);
    // an assembly that does not exist is not found
    let unknown = [
        ("assembly_id", "987654321".to_owned()),
        ("reason", "강당 공사로 취소합니다".to_owned()),
        ("confirm", "on".to_owned()),
    ];
    assert_eq!(app.call("assemblies/cancel", Some(&cookie), &unknown).await.status(), 404);
});
