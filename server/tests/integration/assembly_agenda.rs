//! The agenda while it may change, and one channel per resident and assembly:
//! - an item added after the announcement puts its proposal on the agenda, so the results publish
//!   (it used to stay "eligible" and publishing failed);
//! - a proposal that stopped being eligible blocks the announcement with a message naming it,
//!   and removing its item is the way out; items move up and down; removing an item of an
//!   announced assembly makes its proposal eligible again; none of it once voting opened;
//! - every agenda change and step leaves an audit event;
//! - an online ballot and a check-in of the same resident at the same moment: exactly one wins;
//! - many agenda changes at once leave the positions whole (0..n, none twice), never a 500.

use crate::assembly_day::{eligible, resident, status_of};
use crate::db_test;
use crate::identity::SINCHON;
use crate::support::{Backend, TestApp, within};
use app::domain::assembly::{AssemblyDetails, AssemblyEvent, Bylaws, Choice, NewItem, Quorum};
use app::domain::authz::Actor;
use app::domain::geo::DongCode;
use app::error::AppError;
use app::error_code::ErrorCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use services::entities::{agenda_item, assembly_channel, audit_event, participation};
use services::{assemblies, identity, proposals};

fn sinchon() -> DongCode {
    DongCode::parse(SINCHON).unwrap()
}

/// Staff of Sinchon with the support threshold at 1 and a quorum of 1: (actor, session cookie).
async fn setup(app: &TestApp) -> (Actor, String) {
    let id = app.person("신촌동 직원", None).await;
    app.grant(id, "center_staff", SINCHON).await;
    let staff = identity::load_actor(&app.db, id).await.unwrap().unwrap();
    let threshold = app::domain::proposal::SupportThreshold::parse("1").unwrap();
    proposals::set_threshold(&app.db, Some(&staff), &sinchon(), threshold).await.unwrap();
    let bylaws = Bylaws { quorum: Quorum::Absolute(1), ..Bylaws::default() };
    assemblies::set_bylaws(&app.db, Some(&staff), &sinchon(), bylaws).await.unwrap();
    let cookie = app.sign_in(id).await;
    (staff, cookie)
}

async fn draft(app: &TestApp, staff: &Actor, title: &str) -> i64 {
    let details =
        AssemblyDetails::parse(title, "", "신촌동 주민센터", "", "2026-12-05T14:00", "2026-12-05T16:00").unwrap();
    assemblies::create(&app.db, Some(staff), &sinchon(), details).await.unwrap()
}

async fn options_item(app: &TestApp, staff: &Actor, assembly: i64, title: &str) -> i64 {
    let item = NewItem::parse("single_choice", title, "", "봄\n가을", "", "", "").unwrap();
    assemblies::add_item(&app.db, Some(staff), assembly, item).await.unwrap()
}

/// The agenda's item ids in order, and their positions.
async fn agenda(app: &TestApp, assembly: i64) -> Vec<(i64, i32)> {
    agenda_item::Entity::find()
        .filter(agenda_item::Column::AssemblyId.eq(assembly))
        .order_by_asc(agenda_item::Column::Position)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.id, i.position))
        .collect()
}

async fn audit_count(app: &TestApp, action: &str) -> u64 {
    audit_event::Entity::find().filter(audit_event::Column::Action.eq(action)).count(&app.db).await.unwrap()
}

async fn step(app: &TestApp, staff: &Actor, id: i64, event: AssemblyEvent) -> Result<(), AppError> {
    assemblies::advance(&app.db, &app.seal(), Some(staff), id, event, true).await.map(|_| ())
}

db_test!(
    an_item_added_after_the_announcement_goes_on_the_agenda_and_its_results_publish,
    |backend: Backend| async move {
        let app = TestApp::spawn(&backend).await;
        let (staff, _) = setup(&app).await;
        let (a, b) = (resident(&app, "주민 가").await, resident(&app, "주민 나").await);
        let late = eligible(&app, &a.1, &b.1, "골목 화단 가꾸기", "").await;
        let id = draft(&app, &staff, "2026 신촌동 주민총회").await;
        options_item(&app, &staff, id, "축제 계절").await;
        let (steps, changes) = (audit_count(&app, "assembly.step").await, audit_count(&app, "assembly.agenda").await);
        step(&app, &staff, id, AssemblyEvent::Announce).await.unwrap();

        let item =
            assemblies::add_item(&app.db, Some(&staff), id, NewItem::Proposal { proposal_id: late }).await.unwrap();
        assert_eq!(status_of(&app, late).await, "on_agenda", "added after the announcement, on the agenda at once");
        step(&app, &staff, id, AssemblyEvent::OpenSession).await.unwrap();
        assemblies::cast(&app.db, &app.seal(), Some(&a.1), item, Choice::Approve).await.unwrap();
        step(&app, &staff, id, AssemblyEvent::Close).await.unwrap();
        step(&app, &staff, id, AssemblyEvent::PublishResults).await.unwrap();
        assert_eq!(status_of(&app, late).await, "accepted");
        // four steps and one agenda change after the announcement, each audited
        assert_eq!(audit_count(&app, "assembly.step").await - steps, 4);
        assert_eq!(audit_count(&app, "assembly.agenda").await - changes, 1);
    }
);

db_test!(the_agenda_can_be_fixed_until_voting_opens, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (staff, cookie) = setup(&app).await;
    let (a, b) = (resident(&app, "주민 가").await, resident(&app, "주민 나").await);
    let first = eligible(&app, &a.1, &b.1, "골목길 조명 달기", "").await;
    let second = eligible(&app, &a.1, &b.1, "놀이터 그늘막", "").await;
    let id = draft(&app, &staff, "2026 신촌동 주민총회").await;
    let p1 = assemblies::add_item(&app.db, Some(&staff), id, NewItem::Proposal { proposal_id: first }).await.unwrap();
    let x = options_item(&app, &staff, id, "축제 계절").await;
    let p2 = assemblies::add_item(&app.db, Some(&staff), id, NewItem::Proposal { proposal_id: second }).await.unwrap();

    // reorder: the options item up, then the last item down (already last: nothing changes)
    assemblies::move_item(&app.db, Some(&staff), x, true).await.unwrap();
    assemblies::move_item(&app.db, Some(&staff), p2, false).await.unwrap();
    assert_eq!(agenda(&app, id).await, [(x, 0), (p1, 1), (p2, 2)]);

    // the first proposal loses its only support: announcing names it, and removing its item is the way out
    proposals::unsupport(&app.db, Some(&b.1), first).await.unwrap();
    assert_ne!(status_of(&app, first).await, "eligible");
    match step(&app, &staff, id, AssemblyEvent::Announce).await {
        Err(AppError::Conflict(ErrorCode::ProposalNoLongerEligible { proposal })) => assert_eq!(proposal, first),
        other => panic!("announcing with an ineligible proposal: {other:?}"),
    }
    // over HTTP: the confirmation is required, and only organisers may remove
    let form = |confirm: bool| {
        let mut f = vec![("item_id", p1.to_string())];
        if confirm {
            f.push(("confirm", "on".to_owned()));
        }
        f
    };
    assert_eq!(app.call("assemblies/item/remove", Some(&cookie), &form(false)).await.status(), 422);
    assert_eq!(app.call("assemblies/item/remove", Some(&a.3), &form(true)).await.status(), 403);
    assert_eq!(app.call("assemblies/item/remove", None, &form(true)).await.status(), 401);
    assert!(app.call("assemblies/item/remove", Some(&cookie), &form(true)).await.status().is_success());
    assert_eq!(agenda(&app, id).await, [(x, 0), (p2, 1)], "the items after it moved up");
    step(&app, &staff, id, AssemblyEvent::Announce).await.unwrap();
    assert_eq!(status_of(&app, second).await, "on_agenda");

    // removing an item of an announced assembly makes its proposal eligible again
    assemblies::remove_item(&app.db, Some(&staff), p2).await.unwrap();
    assert_eq!(status_of(&app, second).await, "eligible");
    assert_eq!(agenda(&app, id).await, [(x, 0)]);

    // once voting opens the agenda is fixed
    step(&app, &staff, id, AssemblyEvent::OpenPreVoting).await.unwrap();
    assert!(matches!(assemblies::move_item(&app.db, Some(&staff), x, false).await, Err(AppError::Conflict(_))));
    assert!(matches!(assemblies::remove_item(&app.db, Some(&staff), x).await, Err(AppError::Conflict(_))));
    let moved =
        app.call("assemblies/item/move", Some(&cookie), &[("item_id", x.to_string()), ("direction", "up".into())]);
    assert_eq!(moved.await.status(), 409);
    let bad = app.call(
        "assemblies/item/move",
        Some(&cookie),
        &[("item_id", x.to_string()), ("direction", "sideways".into())],
    );
    assert_eq!(bad.await.status(), 422);
});

db_test!(
    an_online_ballot_and_a_check_in_of_the_same_resident_at_once_exactly_one_wins,
    |backend: Backend| async move {
        let app = TestApp::spawn(&backend).await;
        let (staff, cookie) = setup(&app).await;
        let id = draft(&app, &staff, "2026 신촌동 주민총회").await;
        let item = options_item(&app, &staff, id, "축제 계절").await;
        let option = crate::assemblies::options_of(&app, item).await[0];
        step(&app, &staff, id, AssemblyEvent::Announce).await.unwrap();
        step(&app, &staff, id, AssemblyEvent::OpenSession).await.unwrap();
        let mut people = Vec::new();
        for n in 0..16 {
            people.push(resident(&app, &format!("주민 {n}")).await);
        }
        let mut tasks = Vec::new();
        for (user, _, token, _) in &people {
            let ballot = app
                .client
                .post(app.url(&format!("/api/v1/agenda-items/{item}/ballot")))
                .bearer_auth(token)
                .json(&serde_json::json!({ "options": [option] }));
            let check_in = app.call(
                "assemblies/door/check_in",
                Some(&cookie),
                &[("assembly_id", id.to_string()), ("user_id", user.to_string())],
            );
            let user = *user;
            tasks.push(tokio::spawn(async move {
                let (online, door) =
                    tokio::join!(async { within("ballot", ballot.send()).await.unwrap().status().as_u16() }, check_in);
                (user, online, door.status().as_u16())
            }));
        }
        for t in tasks {
            let (user, online, door) = t.await.unwrap();
            // exactly one of the two succeeds; the other is refused as a conflict
            assert!(
                matches!((online, door), (201, 409) | (409, 200)),
                "resident {user}: ballot {online}, check-in {door}"
            );
            let channel = assembly_channel::Entity::find_by_id((id, user)).one(&app.db).await.unwrap().unwrap().channel;
            let rows = participation::Entity::find()
                .filter(participation::Column::ItemId.eq(item))
                .filter(participation::Column::UserId.eq(user))
                .all(&app.db)
                .await
                .unwrap();
            assert_eq!(rows.len(), 1, "resident {user}");
            assert_eq!(rows[0].channel, channel, "resident {user}: the participation's channel is the assembly's");
            assert_eq!(channel.as_str(), if online == 201 { "online" } else { "paper" }, "resident {user}");
        }
    }
);

db_test!(concurrent_agenda_changes_keep_the_order_whole, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (staff, cookie) = setup(&app).await;
    let id = draft(&app, &staff, "2026 신촌동 주민총회").await;
    let mut items = Vec::new();
    for n in 0..6 {
        items.push(options_item(&app, &staff, id, &format!("순서 시험 안건 {n}번")).await);
    }
    // ids that name no item: not found, whatever the form says
    for route in ["assemblies/item/remove", "assemblies/item/move"] {
        let form = [("item_id", "987654321".to_owned()), ("direction", "up".into()), ("confirm", "on".into())];
        assert_eq!(app.call(route, Some(&cookie), &form).await.status(), 404, "{route}");
    }

    // 48 moves of every item up and down and two removals, all at once: each answers as it would
    // one after another (a removed item's later moves: not found), never with a server error
    let mut calls = Vec::new();
    for n in 0..48 {
        let item = items[n % items.len()];
        let direction = if n % 3 == 0 { "down" } else { "up" };
        let form = [("item_id", item.to_string()), ("direction", direction.to_owned())];
        calls.push(("move", tokio::spawn(app.call("assemblies/item/move", Some(&cookie), &form))));
        if n == 10 || n == 30 {
            let form = [("item_id", items[n / 10].to_string()), ("confirm", "on".to_owned())];
            calls.push(("remove", tokio::spawn(app.call("assemblies/item/remove", Some(&cookie), &form))));
        }
    }
    let mut moved = 0;
    for (what, call) in calls {
        let status = call.await.unwrap().status().as_u16();
        match (what, status) {
            ("remove", s) => assert!((200..300).contains(&s), "remove: {s}"),
            (_, s) if (200..300).contains(&s) => moved += 1,
            (_, s) => assert_eq!(s, 404, "a move answered {s}"),
        }
    }
    assert!(moved >= 32, "only {moved} of 48 moves went through");

    // the sharpest case, many times: the last item up and the first down at the same moment both
    // swap with the middle one; unserialised, each reads the other's old positions and one of
    // them lands on a taken position (a unique violation, a 500)
    for round in 0..30 {
        let id = draft(&app, &staff, &format!("순서 경합 총회 {round}회")).await;
        let mut three = Vec::new();
        for n in 0..3 {
            three.push(options_item(&app, &staff, id, &format!("경합 시험 안건 {n}번")).await);
        }
        let (up, down) = tokio::join!(
            assemblies::move_item(&app.db, Some(&staff), three[2], true),
            assemblies::move_item(&app.db, Some(&staff), three[0], false),
        );
        assert!(up.is_ok() && down.is_ok(), "round {round}: {up:?}, {down:?}");
        let positions: Vec<i32> = agenda(&app, id).await.iter().map(|(_, p)| *p).collect();
        assert_eq!(positions, [0, 1, 2], "round {round}");
    }

    // what is left: the four other items, at positions 0..4 with none twice
    let left = agenda(&app, id).await;
    let positions: Vec<i32> = left.iter().map(|(_, p)| *p).collect();
    assert_eq!(positions, [0, 1, 2, 3], "{left:?}");
    let mut ids: Vec<i64> = left.iter().map(|(i, _)| *i).collect();
    ids.sort_unstable();
    assert_eq!(ids, [items[0], items[2], items[4], items[5]]);
});
