//! The center's call list (issue 42, item 5), over HTTP as the center's staff use it: a resident
//! with no address of their own asks at the counter to be told of some topics by a call or a
//! visit (their consent heard and ticked, their number sealed); each notice of those topics puts
//! an entry on the dong's list — only for them, only of those topics; a member of staff marks it
//! told, once (audited); a message that could not be delivered is tried again or moved to the
//! list; a resident who asks to stop is taken off, their number removed.

use crate::authz::messaging::failed_message;
use crate::db_test;
use crate::identity::SINCHON;
use crate::support::booking::{open_space, request, resident, staff, tomorrow_at};
use crate::support::{Backend, TestApp};
use app::domain::assembly::AssemblyEvent;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::entities::{audit_event, call_list_entry, call_request, outbox_message};

async fn entries(app: &TestApp, user: i64) -> Vec<call_list_entry::Model> {
    call_list_entry::Entity::find().filter(call_list_entry::Column::UserId.eq(user)).all(&app.db).await.unwrap()
}

async fn request_of(app: &TestApp, user: i64) -> call_request::Model {
    call_request::Entity::find().filter(call_request::Column::UserId.eq(user)).one(&app.db).await.unwrap().unwrap()
}

async fn audited(app: &TestApp, action: &str) -> u64 {
    audit_event::Entity::find().filter(audit_event::Column::Action.eq(action)).count(&app.db).await.unwrap()
}

async fn refused(res: reqwest::Response, status: u16, code: &str) {
    let got = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(got, status, "{body}");
    assert!(body.contains(code), "expected {code}: {body}");
}

db_test!(the_call_list_tells_those_without_an_address, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (clerk_id, clerk) = staff(&app).await;
    let (second_id, _) = staff(&app).await;
    let (caller, caller_actor) = resident(&app, "전화로 받는 주민").await;
    let (neighbour, _) = resident(&app, "이웃 주민").await;
    let outsider = app.person("다른 동 주민", None).await;
    let clerk_cookie = app.sign_in(clerk_id).await;
    let second_cookie = app.sign_in(second_id).await;
    let form = |account: i64, consent: bool| {
        let mut f = vec![
            ("dong", SINCHON.to_owned()),
            ("account", account.to_string()),
            ("phone", "010 1234 5678".to_owned()),
            ("assemblies", "on".to_owned()),
            ("bookings", "on".to_owned()),
        ];
        if consent {
            f.push(("consent", "on".to_owned()));
        }
        f
    };
    // refused: without the consent box, for oneself, for someone who does not live here
    assert_eq!(app.call("calls/record", Some(&clerk_cookie), &form(caller, false)).await.status(), 422);
    refused(app.call("calls/record", Some(&clerk_cookie), &form(clerk_id, true)).await, 409, "not_for_yourself").await;
    refused(
        app.call("calls/record", Some(&clerk_cookie), &form(outsider, true)).await,
        409,
        "resident_lives_elsewhere",
    )
    .await;
    let mut bad_phone = form(caller, true);
    bad_phone[2].1 = "전화 없음".into();
    assert_eq!(app.call("calls/record", Some(&clerk_cookie), &bad_phone).await.status(), 422);
    let res = app.call("calls/record", Some(&clerk_cookie), &form(caller, true)).await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    // the number is sealed, the consent recorded with who heard it, the resident told
    let row = request_of(&app, caller).await;
    let sealed = row.phone_sealed.clone().unwrap();
    let keys = app.messaging().keys;
    assert_eq!(keys.open_address(caller, "call", &sealed).unwrap().as_deref(), Some("01012345678"), "sealed, opened");
    assert_eq!(keys.open_address(neighbour, "call", &sealed).unwrap(), None, "bound to its person");
    assert_eq!(sealed.len(), keys.seal_address(caller, "call", "0").unwrap().len(), "padded: its length says nothing");
    assert_eq!((row.recorded_by, row.topics.as_str()), (clerk_id, "assemblies,bookings"));
    assert_eq!(audited(&app, "calls.requested").await, 1);
    assert_eq!(crate::messaging_events::told(&app, &[caller], "calls_recorded").await, [1]);

    // an assembly announced: the caller is on the list (the neighbour is not); a fund claim
    // decided is not a topic they asked for
    let (assembly, _) = crate::assemblies::draft_assembly(&app).await;
    let organiser = crate::assemblies::staff(&app).await;
    services::assemblies::advance(&app.db, &app.seal(), Some(&organiser), assembly, AssemblyEvent::Announce, true)
        .await
        .unwrap();
    let claim = crate::support::fund::claim_by(&app, SINCHON, caller).await;
    services::fund::claims::decide(&app.db, Some(&clerk), claim, false, "영수증이 흐립니다").await.unwrap();
    let on_list = entries(&app, caller).await;
    assert_eq!(on_list.iter().map(|e| e.event.as_str()).collect::<Vec<_>>(), ["assembly_announced"]);
    assert!(entries(&app, neighbour).await.is_empty());

    // the page: the entry with the number, for the dong's staff only
    let view: serde_json::Value =
        app.call("calls", Some(&clerk_cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    // (the demo's oldest resident of the dong asked for visits too: two entries of theirs)
    let open: Vec<&serde_json::Value> =
        view["open"].as_array().unwrap().iter().filter(|e| e["account"].as_i64() == Some(caller)).collect();
    assert_eq!(open.len(), 1, "{view}");
    assert_eq!(open[0]["phone"].as_str(), Some("010-1234-5678"));
    let page = app.get_with_cookie(&format!("/staff/{SINCHON}/calls"), &clerk_cookie).await.text().await.unwrap();
    assert!(page.contains("전화로 받는 주민") && page.contains("010-1234-5678"), "the page lists them");
    let stranger = app.get(&format!("/staff/{SINCHON}/calls")).await.text().await.unwrap();
    assert!(!stranger.contains("010-1234-5678") && !stranger.contains("전화로 받는 주민"));

    // told: marked once (a second member of staff at the same time is told it is done), audited
    let entry = on_list[0].id.to_string();
    let (a, b) = tokio::join!(
        app.call("calls/done", Some(&clerk_cookie), &[("entry_id", entry.clone())]),
        app.call("calls/done", Some(&second_cookie), &[("entry_id", entry.clone())]),
    );
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert_eq!(statuses.iter().filter(|s| **s < 400).count(), 1, "{statuses:?}");
    assert!(statuses.contains(&409), "{statuses:?}");
    assert_eq!(audited(&app, "calls.done").await, 1);
    assert!(entries(&app, caller).await[0].done_at.is_some());

    // undelivered: one tried again from the start, one moved to the list
    let again = failed_message(&app, neighbour).await;
    let moved = failed_message(&app, caller).await;
    let rescue = |id: i64, how: &str| {
        let form = [("dong", SINCHON.to_owned()), ("message_id", id.to_string()), ("how", how.to_owned())];
        let app = &app;
        let cookie = clerk_cookie.clone();
        async move { app.call("calls/rescue", Some(&cookie), &form).await.status().as_u16() }
    };
    assert!(rescue(again, "retry").await < 400);
    let retried = outbox_message::Entity::find_by_id(again).one(&app.db).await.unwrap().unwrap();
    assert_eq!((retried.state.as_str(), retried.attempts), ("pending", 0));
    assert_eq!(rescue(again, "retry").await, 409, "it is no longer given up");
    assert!(rescue(moved, "call").await < 400);
    assert!(outbox_message::Entity::find_by_id(moved).one(&app.db).await.unwrap().is_none());
    assert_eq!(entries(&app, caller).await.iter().filter(|e| e.done_at.is_none()).count(), 1);
    assert_eq!(rescue(moved, "call").await, 404);
    assert_eq!(rescue(again, "later").await, 422);
    // an account message (a warning, a confirmation link) is the person's own: never shown to staff
    let own = failed_message(&app, neighbour).await;
    {
        use sea_orm::ConnectionTrait;
        let sql = format!("UPDATE outbox_messages SET topic = 'account' WHERE id = {own}");
        app.db.execute_unprepared(&sql).await.unwrap();
    }
    assert_eq!(rescue(own, "call").await, 404);
    let view: serde_json::Value =
        app.call("calls", Some(&clerk_cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    assert!(view["failed"].as_array().unwrap().iter().all(|m| m["id"].as_i64() != Some(own)), "{view}");

    // a booking approved is a topic they asked for: listed
    let space = open_space(&app, 0, true).await;
    let mut booked = Vec::new();
    for hour in [10, 14] {
        let req = request(tomorrow_at(hour), 60);
        let b = services::bookings::book(&app.db, Some(&caller_actor), space, req, services::bookings::Repeat::Once);
        booked.push(b.await.unwrap().id);
    }
    services::bookings::decide(&app.db, Some(&clerk), booked[0], true, "").await.unwrap();
    assert_eq!(entries(&app, caller).await.len(), 3, "announced, moved from the undelivered, approved");

    // the resident asks to stop: the number goes, later notices are not listed
    let stop = [("dong", SINCHON.to_owned()), ("account", caller.to_string()), ("confirm", "on".into())];
    let res = app.call("calls/withdraw", Some(&clerk_cookie), &stop).await;
    assert!(res.status().as_u16() < 400, "{}", res.status());
    let row = request_of(&app, caller).await;
    assert!(row.withdrawn_at.is_some() && row.phone_sealed.is_none());
    let left = entries(&app, caller).await;
    assert_eq!(left.len(), 1, "what waited is gone: no visit to someone who asked not");
    assert!(left[0].done_at.is_some(), "what was told stays, as the record of it");
    refused(app.call("calls/withdraw", Some(&clerk_cookie), &stop).await, 409, "call_list_changed").await;
    services::bookings::decide(&app.db, Some(&clerk), booked[1], true, "").await.unwrap();
    assert_eq!(entries(&app, caller).await.len(), 1, "nothing new after they asked to stop");
});
