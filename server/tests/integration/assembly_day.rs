//! An assembly's day over real HTTP: online pre-votes, check-in at the door (which items the
//! resident already voted on; paper ballots for the rest), paper tallies capped by the ballots
//! given out, one channel per item, the close, and published results — outcomes, turnout, the
//! digest of the canonical document, CSV, and the decisions applied to the proposals.

use crate::db_test;
use crate::identity::SINCHON;
use crate::messaging_events::told;
use crate::support::{Backend, TestApp, within};
use app::domain::assembly::{AssemblyDetails, Bylaws, NewItem, Quorum};
use app::domain::authz::Actor;
use app::domain::geo::DongCode;
use app::domain::identity::TokenScope;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use services::entities::{
    agenda_option, attendance_event, minutes_version, paper_tally_confirmation, proposal, proposal_event, secret_ballot,
};
use services::{assemblies, identity, proposals};

fn sinchon() -> DongCode {
    DongCode::parse(SINCHON).unwrap()
}

/// A verified resident of Sinchon: (account, actor, read-write token, session cookie).
pub(crate) async fn resident(app: &TestApp, name: &str) -> (i64, Actor, String, String) {
    let id = app.person(name, Some(SINCHON)).await;
    app.verify(id, SINCHON).await;
    let actor = identity::load_actor(&app.db, id).await.unwrap().unwrap();
    let token = identity::create_token(&app.db, &actor, "t".into(), TokenScope::ReadWrite).await.unwrap();
    let cookie = app.sign_in(id).await;
    (id, actor, token, cookie)
}

/// An eligible proposal of Sinchon (the dong's threshold is 1; one support).
pub(crate) async fn eligible(app: &TestApp, author: &Actor, supporter: &Actor, title: &str, cost: &str) -> i64 {
    use app::domain::proposal::ProposalContent;
    let content =
        ProposalContent::parse(title, "문제를 설명하는 글입니다.", "해결책을 설명하는 글입니다.", "safety", cost, "")
            .unwrap();
    let id = proposals::create(&app.db, Some(author), &sinchon(), content, None).await.unwrap();
    proposals::publish(&app.db, Some(author), id).await.unwrap();
    proposals::support(&app.db, Some(supporter), id).await.unwrap();
    id
}

pub(crate) async fn status_of(app: &TestApp, id: i64) -> String {
    proposal::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().status.as_str().to_owned()
}

async fn post_json(app: &TestApp, cookie: &str, endpoint: &str, form: &[(&str, String)]) -> reqwest::Response {
    app.call(endpoint, Some(cookie), form).await
}

db_test!(an_assembly_day_from_pre_votes_to_published_results, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let staff_id = app.person("신촌동 직원", None).await;
    app.grant(staff_id, "center_staff", SINCHON).await;
    let staff = identity::load_actor(&app.db, staff_id).await.unwrap().unwrap();
    let staff_cookie = app.sign_in(staff_id).await;
    // a second member of staff, who confirms the first one's paper tallies
    let second_id = app.person("신촌동 직원 둘", None).await;
    app.grant(second_id, "center_staff", SINCHON).await;
    let second_cookie = app.sign_in(second_id).await;
    let dong = sinchon();
    proposals::set_threshold(
        &app.db,
        Some(&staff),
        &dong,
        app::domain::proposal::SupportThreshold::parse("1").unwrap(),
    )
    .await
    .unwrap();
    let bylaws = Bylaws { quorum: Quorum::Absolute(4), ..Bylaws::default() };
    assemblies::set_bylaws(&app.db, Some(&staff), &dong, bylaws).await.unwrap();

    let mut people = Vec::new();
    for name in ["가", "나", "다", "라", "마", "바", "사"] {
        people.push(resident(&app, &format!("주민 {name}")).await);
    }
    let (a0, a1) = (&people[0].1, &people[1].1);
    let approve_me = eligible(&app, a0, a1, "골목길 조명 달기", "").await;
    let p_big = eligible(&app, a0, a1, "놀이터 그늘막 설치", "600,000").await;
    let p_mid = eligible(&app, a1, a0, "공원 벤치 교체", "500,000").await;
    let p_small = eligible(&app, a1, a0, "화단 꽃 심기", "300,000").await;

    let details = AssemblyDetails::parse(
        "2026 신촌동 주민총회",
        "",
        "신촌동 주민센터",
        "",
        "2026-12-05T14:00",
        "2026-12-05T16:00",
    )
    .unwrap();
    let id = assemblies::create(&app.db, Some(&staff), &dong, details).await.unwrap();
    let item1 =
        assemblies::add_item(&app.db, Some(&staff), id, NewItem::Proposal { proposal_id: approve_me }).await.unwrap();
    let budget =
        NewItem::parse("budget", "2027 주민참여예산", "", "", "", "1,000,000", &format!("{p_big}, {p_mid}, {p_small}"))
            .unwrap();
    let item2 = assemblies::add_item(&app.db, Some(&staff), id, budget).await.unwrap();
    let projects: Vec<agenda_option::Model> = agenda_option::Entity::find()
        .filter(agenda_option::Column::ItemId.eq(item2))
        .order_by_asc(agenda_option::Column::Position)
        .all(&app.db)
        .await
        .unwrap();
    let option_of = |pid: i64| projects.iter().find(|o| o.proposal_id == Some(pid)).unwrap().id;
    // Opening pre-voting (not planned) and the session (days early) depart from the plan: refused
    // until the organiser confirms it, then recorded.
    let advance = |event: &'static str| {
        let mut form = vec![("assembly_id", id.to_string()), ("event", event.to_owned()), ("confirm", "on".to_owned())];
        let off_plan = matches!(event, "open_pre_voting" | "open_session");
        let cookie = staff_cookie.clone();
        let app = &app;
        async move {
            if off_plan {
                let res = post_json(app, &cookie, "assemblies/advance", &form).await;
                assert_eq!(res.status(), 422, "{event} off the plan, unconfirmed");
                let body = res.text().await.unwrap();
                assert!(body.contains("off_schedule"), "{body}");
                form.push(("off_schedule", "on".to_owned()));
            }
            let res = post_json(app, &cookie, "assemblies/advance", &form).await;
            assert!(res.status().is_success(), "{event}: {}", res.status());
        }
    };
    advance("announce").await;
    assert_eq!(status_of(&app, approve_me).await, "on_agenda");
    // their authors and supporters hear it (a0 and a1 wrote two each and support the other two)
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    assert_eq!(told(&app, &ids, "proposal_on_agenda").await, [4, 4, 0, 0, 0, 0, 0]);
    advance("open_pre_voting").await;

    // three residents vote online before the day
    let ballot = |token: String, item: i64, body: serde_json::Value| {
        let req =
            app.client.post(app.url(&format!("/api/v1/agenda-items/{item}/ballot"))).bearer_auth(token).json(&body);
        async move { within("ballot", req.send()).await.unwrap().status().as_u16() }
    };
    for (n, p) in people.iter().take(3).enumerate() {
        let choice = if n < 2 { "approve" } else { "reject" };
        assert_eq!(ballot(p.2.clone(), item1, serde_json::json!({ "choice": choice })).await, 201);
        let chosen = if n == 2 { vec![option_of(p_mid)] } else { vec![option_of(p_big), option_of(p_small)] };
        assert_eq!(ballot(p.2.clone(), item2, serde_json::json!({ "options": chosen })).await, 201);
    }

    // the day: staff find people at the door and check them in
    advance("open_session").await;
    let res = post_json(
        &app,
        &staff_cookie,
        "assemblies/door/search",
        &[("assembly_id", id.to_string()), ("name", "주민 가".into())],
    )
    .await;
    let found: serde_json::Value = res.json().await.unwrap();
    assert_eq!(found[0]["online_items"], serde_json::json!([1, 2]), "the door shows what was voted online");
    let check_in = |user: i64| {
        let form = vec![("assembly_id", id.to_string()), ("user_id", user.to_string())];
        let cookie = staff_cookie.clone();
        let app = &app;
        async move {
            post_json(app, &cookie, "assemblies/door/check_in", &form).await.json::<serde_json::Value>().await.unwrap()
        }
    };
    // one channel per resident and assembly: who voted online gets no paper ballots
    let pre_voter = post_json(
        &app,
        &staff_cookie,
        "assemblies/door/check_in",
        &[("assembly_id", id.to_string()), ("user_id", people[0].0.to_string())],
    )
    .await;
    assert_eq!(pre_voter.status(), 409);
    for p in &people[3..5] {
        let v = check_in(p.0).await;
        assert_eq!(v["paper_items"], serde_json::json!([1, 2]));
    }
    // checked in for paper: no online ballot on top
    assert_eq!(ballot(people[3].2.clone(), item1, serde_json::json!({ "choice": "approve" })).await, 409);
    // a check-in made by mistake is undone: the paper ballots are withdrawn and the resident may
    // vote online again; both steps stay on record with who did them
    let mistaken = people[6].0;
    assert_eq!(check_in(mistaken).await["paper_items"], serde_json::json!([1, 2]));
    let undo = |cookie: String, user: i64| {
        let form = vec![("assembly_id", id.to_string()), ("user_id", user.to_string())];
        let app = &app;
        async move { post_json(app, &cookie, "assemblies/door/undo_check_in", &form).await.status().as_u16() }
    };
    assert_eq!(undo(people[0].3.clone(), mistaken).await, 403, "a resident cannot undo check-ins");
    // the same undoing 50 times at once: done once (one event below), the rest told it is done
    let form = [("assembly_id", id.to_string()), ("user_id", mistaken.to_string())];
    let calls: Vec<_> =
        (0..50).map(|_| tokio::spawn(app.call("assemblies/door/undo_check_in", Some(&staff_cookie), &form))).collect();
    let mut answers = Vec::new();
    for call in calls {
        answers.push(call.await.unwrap().status().as_u16());
    }
    assert_eq!(answers.iter().filter(|s| **s == 200).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|s| matches!(s, 200 | 409)), "{answers:?}");
    assert_eq!(undo(staff_cookie.clone(), mistaken).await, 409, "not checked in any more");
    let trail: Vec<(i64, String, i64)> = attendance_event::Entity::find()
        .filter(attendance_event::Column::AssemblyId.eq(id))
        .filter(attendance_event::Column::UserId.eq(mistaken))
        .order_by_asc(attendance_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.user_id, e.kind.as_str().to_owned(), e.by_user_id))
        .collect();
    assert_eq!(trail, [(mistaken, "check_in".to_owned(), staff_id), (mistaken, "undo".to_owned(), staff_id)]);
    assert_eq!(ballot(people[6].2.clone(), item1, serde_json::json!({ "choice": "reject" })).await, 201);
    // a resident of the dong not checked in may still vote online during the session
    assert_eq!(ballot(people[5].2.clone(), item1, serde_json::json!({ "choice": "approve" })).await, 201);

    // paper tallies: never more than the ballots given out (two per item)
    let paper = |form: Vec<(&'static str, String)>| {
        let cookie = staff_cookie.clone();
        let app = &app;
        async move { post_json(app, &cookie, "assemblies/door/paper", &form).await.status().as_u16() }
    };
    let too_many = vec![("item_id", item1.to_string()), ("ballots", "3".into()), ("approve", "3".into())];
    assert_eq!(paper(too_many).await, 422);
    let not_adding_up = vec![("item_id", item1.to_string()), ("ballots", "2".into()), ("approve", "1".into())];
    assert_eq!(paper(not_adding_up).await, 422);
    assert_eq!(
        paper(vec![
            ("item_id", item1.to_string()),
            ("ballots", "2".into()),
            ("approve", "1".into()),
            ("reject", "1".into())
        ])
        .await,
        200
    );
    // a resident cannot enter tallies; staff of the dong can
    let res = post_json(
        &app,
        &people[0].3,
        "assemblies/door/paper",
        &[("item_id", item1.to_string()), ("ballots", "0".into())],
    )
    .await;
    assert_eq!(res.status(), 403);

    // the live count: three online on either item before the day, two more online, two at the door
    let live: serde_json::Value =
        app.call("assemblies/live", None, &[("id", id.to_string())]).await.json().await.unwrap();
    assert_eq!(
        (live["online"].as_u64(), live["in_person"].as_u64(), live["participants"].as_u64()),
        (Some(5), Some(2), Some(7))
    );
    // once paper ballots are being counted, a check-in stays
    assert_eq!(undo(staff_cookie.clone(), people[3].0).await, 409);

    advance("close").await;
    assert_eq!(ballot(people[5].2.clone(), item2, serde_json::json!({ "options": [option_of(p_small)] })).await, 409);
    // paper ballots are still counted after the close, until publication
    let budget_paper = vec![
        ("item_id", item2.to_string()),
        ("ballots", "2".into()),
        ("option_ids[]", option_of(p_big).to_string()),
        ("option_ids[]", option_of(p_mid).to_string()),
        ("option_ids[]", option_of(p_small).to_string()),
        ("votes[]", "0".into()),
        ("votes[]", "2".into()),
        ("votes[]", "1".into()),
    ];
    assert_eq!(paper(budget_paper).await, 200);

    // Two people: results wait until a second person confirms each paper tally, and corrections
    // are entries of their own, never overwrites.
    let publish = || {
        let form =
            vec![("assembly_id", id.to_string()), ("event", "publish_results".to_owned()), ("confirm", "on".into())];
        let cookie = staff_cookie.clone();
        let app = &app;
        async move { post_json(app, &cookie, "assemblies/advance", &form).await }
    };
    let refused = publish().await;
    assert_eq!(refused.status(), 409);
    let body = refused.text().await.unwrap();
    let waits = app::error::AppError::Conflict(app::error_code::ErrorCode::PaperCountUnconfirmed { item: 1 });
    assert_eq!(serde_json::from_str::<app::error::AppError>(&body).ok(), Some(waits), "{body}");
    let tallies = |cookie: String| {
        let app = &app;
        async move {
            let res = post_json(app, &cookie, "assemblies/door/tallies", &[("assembly_id", id.to_string())]).await;
            assert_eq!(res.status(), 200);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let last_of = |t: &serde_json::Value, n: usize| {
        t["items"][n]["trail"]["entries"].as_array().unwrap().last().unwrap()["id"].as_i64().unwrap()
    };
    let t = tallies(staff_cookie.clone()).await;
    assert_eq!(t["items"][0]["last_is_mine"], true);
    assert_eq!(t["items"][0]["trail"]["state"], "unconfirmed");
    let first_entry = last_of(&t, 0);
    let confirm = |cookie: String, item: i64, entry: i64| {
        let form = vec![("item_id", item.to_string()), ("entry_id", entry.to_string())];
        let app = &app;
        async move { post_json(app, &cookie, "assemblies/door/confirm", &form).await.status().as_u16() }
    };
    assert_eq!(confirm(staff_cookie.clone(), item1, first_entry).await, 422, "not by who entered it");
    assert_eq!(confirm(people[0].3.clone(), item1, first_entry).await, 403, "not by a resident");
    // the second person recounts item 1 and corrects it; the first puts it right again; the
    // second confirms. Many corrections of the same entry at once: exactly one is recorded.
    let item1_paper = |approve: &str, reject: &str, corrects: Option<i64>| {
        let mut form = vec![
            ("item_id", item1.to_string()),
            ("ballots", "2".to_owned()),
            ("approve", approve.to_owned()),
            ("reject", reject.to_owned()),
        ];
        if let Some(c) = corrects {
            form.push(("corrects", c.to_string()));
        }
        form
    };
    let as_second = |form: Vec<(&'static str, String)>| {
        let cookie = second_cookie.clone();
        let app = &app;
        async move { post_json(app, &cookie, "assemblies/door/paper", &form).await.status().as_u16() }
    };
    assert_eq!(as_second(item1_paper("2", "0", None)).await, 409, "a first entry exists: this would fork the line");
    let calls: Vec<_> = (0..12)
        .map(|_| {
            tokio::spawn(app.call(
                "assemblies/door/paper",
                Some(&second_cookie),
                &item1_paper("2", "0", Some(first_entry)),
            ))
        })
        .collect();
    let mut racing = Vec::new();
    for call in calls {
        racing.push(call.await.unwrap().status().as_u16());
    }
    assert_eq!(racing.iter().filter(|s| **s == 200).count(), 1, "{racing:?}");
    assert!(racing.iter().all(|s| matches!(s, 200 | 409)), "{racing:?}");
    let correction = last_of(&tallies(second_cookie.clone()).await, 0);
    assert_eq!(paper(item1_paper("1", "1", Some(first_entry))).await, 409, "stale: it was corrected meanwhile");
    assert_eq!(paper(item1_paper("1", "1", Some(correction))).await, 200);
    let t = tallies(second_cookie.clone()).await;
    assert_eq!(t["items"][0]["last_is_mine"], false);
    let recorrected = last_of(&t, 0);
    assert_eq!(confirm(second_cookie.clone(), item1, correction).await, 409, "only the last entry is confirmed");
    assert_eq!(confirm(second_cookie.clone(), item1, recorrected).await, 200);
    assert_eq!(confirm(second_cookie.clone(), item1, recorrected).await, 409, "once");
    let refused = publish().await;
    assert_eq!(refused.status(), 409);
    let body = refused.text().await.unwrap();
    let waits = app::error::AppError::Conflict(app::error_code::ErrorCode::PaperCountUnconfirmed { item: 2 });
    assert_eq!(serde_json::from_str::<app::error::AppError>(&body).ok(), Some(waits), "{body}");
    // the same confirmation 100 times at once: recorded once, the rest told it already is
    let form = [("item_id", item2.to_string()), ("entry_id", last_of(&t, 1).to_string())];
    let calls: Vec<_> =
        (0..100).map(|_| tokio::spawn(app.call("assemblies/door/confirm", Some(&second_cookie), &form))).collect();
    let mut answers = Vec::new();
    for call in calls {
        answers.push(call.await.unwrap().status().as_u16());
    }
    assert_eq!(answers.iter().filter(|s| **s == 200).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|s| matches!(s, 200 | 409)), "{answers:?}");
    let confirmations = paper_tally_confirmation::Entity::find()
        .filter(paper_tally_confirmation::Column::EntryId.eq(last_of(&t, 1)))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(confirmations, 1);
    // The line holds in the database too: entries and confirmations cannot be changed or
    // removed, and nobody confirms their own entry, whatever the application does.
    for sql in [
        "UPDATE paper_tally_entries SET approve = 2, reject = 0".to_owned(),
        "DELETE FROM paper_tally_entries".to_owned(),
        "DELETE FROM paper_tally_confirmations".to_owned(),
        "UPDATE attendance_events SET kind = 'check_in'".to_owned(),
        format!(
            "INSERT INTO paper_tally_confirmations (entry_id, entered_by, confirmed_by, confirmed_at) \
             VALUES ({first_entry}, {staff_id}, {staff_id}, '2026-12-05 16:00:00+00')"
        ),
        format!(
            "INSERT INTO paper_tally_confirmations (entry_id, entered_by, confirmed_by, confirmed_at) \
             VALUES ({first_entry}, {second_id}, {staff_id}, '2026-12-05 16:00:00+00')"
        ),
    ] {
        assert!(app.db.execute_unprepared(&sql).await.is_err(), "the database refuses: {sql}");
    }
    advance("publish_results").await;
    // each proposal decided, funded or not: its author and supporters hear it, once
    assert_eq!(told(&app, &ids, "proposal_decided").await, [4, 4, 0, 0, 0, 0, 0]);
    // after publication, nothing more is entered
    assert_eq!(paper(item1_paper("2", "0", Some(recorrected))).await, 409);

    // the results show how each tally was entered, corrected and confirmed
    let results: serde_json::Value =
        app.call("assemblies/results", None, &[("id", id.to_string())]).await.json().await.unwrap();
    let line = results["paper"][0]["entries"].as_array().unwrap();
    assert_eq!(line.len(), 3);
    assert_eq!(
        line.iter().map(|e| (e["approve"].as_u64().unwrap(), e["corrects"].as_i64())).collect::<Vec<_>>(),
        [(1, None), (2, Some(first_entry)), (1, Some(correction))]
    );
    assert_eq!(
        (line[2]["entered_by"].as_str(), line[2]["confirmed_by"].as_str()),
        (Some("신촌동 직원"), Some("신촌동 직원 둘"))
    );
    assert_eq!(results["paper"][0]["state"], "confirmed");

    // outcomes: item 1 — 3 approve online (two before, one on the day) + 1 on paper vs 2 + 1: passed
    let items = results["items"].as_array().unwrap();
    assert_eq!((items[0]["approve"].as_u64(), items[0]["reject"].as_u64()), (Some(4), Some(3)));
    assert_eq!((items[0]["online_ballots"].as_u64(), items[0]["paper_ballots"].as_u64()), (Some(5), Some(2)));
    assert_eq!(items[0]["outcome"], "passed");
    // budget 1,000,000: small (300,000) and mid (500,000) have 3 votes each, big (600,000) 2:
    // the tie goes to the cheaper, small, then mid (800,000 so far); big no longer fits
    assert_eq!(items[1]["outcome"], "funded");
    let chosen: Vec<i64> = items[1]["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["chosen"] == true)
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    let mut expected = vec![option_of(p_mid), option_of(p_small)];
    expected.sort();
    let mut chosen_sorted = chosen.clone();
    chosen_sorted.sort();
    assert_eq!(chosen_sorted, expected);
    // the totals equal the rows: online ballots are the secret ballot rows of each item
    for (item, shown) in [(item1, 5), (item2, 3)] {
        let rows =
            secret_ballot::Entity::find().filter(secret_ballot::Column::ItemId.eq(item)).count(&app.db).await.unwrap();
        assert_eq!(rows, shown, "item {item}");
    }

    // the digest is the SHA-256 of the published document's exact bytes
    let doc = app.get(&format!("/assemblies/{id}/results.json")).await;
    assert_eq!(doc.status(), 200);
    let header = doc.headers()["x-results-digest"].to_str().unwrap().to_owned();
    let bytes = doc.bytes().await.unwrap();
    use sha2::Digest;
    let digest: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(header, format!("sha-256={digest}"));
    assert_eq!(results["digest"], digest);
    let page = app.get(&format!("/assemblies/{id}/results")).await.text().await.unwrap();
    assert!(
        page.contains(&digest) && page.contains("가결") && page.contains("<svg"),
        "the results page shows digest, outcome and chart"
    );
    assert!(
        page.contains("종이 투표 집계 기록") && page.contains("신촌동 직원 둘") && page.contains("고침"),
        "and the paper tallies' history"
    );
    let csv = app.get(&format!("/assemblies/{id}/results.csv")).await.text().await.unwrap();
    assert!(csv.lines().count() >= 6 && csv.contains("\"골목길 조명 달기\""), "{csv}");

    // the same, public, through the REST API (in the OpenAPI document)
    let api: serde_json::Value = app.get(&format!("/api/v1/assemblies/{id}/results")).await.json().await.unwrap();
    assert_eq!(
        (api["digest"].clone(), api["items"][0]["outcome"].clone()),
        (serde_json::json!(digest), serde_json::json!("passed"))
    );
    let listed: serde_json::Value = app.get(&format!("/api/v1/dongs/{SINCHON}/assemblies")).await.json().await.unwrap();
    assert!(listed.as_array().unwrap().iter().any(|a| a["id"] == id && a["status"] == "results_published"));
    let one: serde_json::Value = app.get(&format!("/api/v1/assemblies/{id}")).await.json().await.unwrap();
    assert_eq!(one["items"].as_array().unwrap().len(), 2);
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"]["/api/v1/assemblies/{id}/results"]["get"].is_object());

    // the decisions reach the proposals and their timelines
    assert_eq!(status_of(&app, approve_me).await, "accepted");
    // and become projects of the dong's fund, earmarked from its free balance (the demo's books
    // hold several million won): the accepted proposal without a cost gets a project without
    // money; the big project, not funded, gets none
    let projects = services::fund::projects(&app.db, &dong).await.unwrap();
    for (pid, budget) in [(approve_me, 0), (p_mid, 500_000), (p_small, 300_000)] {
        let p = projects.iter().find(|p| p.proposal_id == Some(pid)).unwrap_or_else(|| panic!("no project for {pid}"));
        assert_eq!((p.budget, p.spent, p.remaining), (budget, 0, budget), "project of proposal {pid}");
    }
    assert!(!projects.iter().any(|p| p.proposal_id == Some(p_big)));
    assert_eq!(status_of(&app, p_small).await, "accepted");
    assert_eq!(status_of(&app, p_mid).await, "accepted");
    assert_eq!(status_of(&app, p_big).await, "eligible", "not funded: back to eligible for another time");
    let accepted = proposal_event::Entity::find()
        .filter(proposal_event::Column::ProposalId.eq(approve_me))
        .filter(proposal_event::Column::Event.eq("accept"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(accepted, 1);
    let timeline = app.get(&format!("/proposals/{approve_me}")).await.text().await.unwrap();
    assert!(timeline.contains("총회에서 가결"));

    // Minutes keep their versions once published: a draft is only the current text; from
    // publication on, every saved text stays, and the page offers the earlier ones.
    let expert_id = app.person("서대문구 마을공동체 전문가", None).await;
    app.grant(expert_id, "expert", crate::identity::SEODAEMUN).await;
    let expert_cookie = app.sign_in(expert_id).await;
    let minutes = |text: &str, publish: bool| {
        let mut form = vec![("assembly_id", id.to_string()), ("minutes", text.to_owned())];
        if publish {
            form.push(("publish", "1".to_owned()));
        }
        let app = &app;
        let cookie = expert_cookie.clone();
        async move { post_json(app, &cookie, "assemblies/minutes", &form).await.status().as_u16() }
    };
    let versions = || async {
        minutes_version::Entity::find()
            .filter(minutes_version::Column::AssemblyId.eq(id))
            .order_by_asc(minutes_version::Column::Id)
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|v| (v.body, v.saved_by))
            .collect::<Vec<_>>()
    };
    assert_eq!(minutes("초안: 아직 정리 중인 회의록입니다.", false).await, 200);
    assert!(versions().await.is_empty(), "a draft is not a version");
    assert_eq!(minutes("회의록 첫 판: 안건 1 가결, 예산 두 사업 선정.", true).await, 200);
    assert_eq!(minutes("회의록 고친 판: 안건 1 가결 (찬성 4, 반대 3), 예산 두 사업 선정.", true).await, 200);
    assert_eq!(
        versions().await,
        [
            ("회의록 첫 판: 안건 1 가결, 예산 두 사업 선정.".to_owned(), Some(expert_id)),
            ("회의록 고친 판: 안건 1 가결 (찬성 4, 반대 3), 예산 두 사업 선정.".to_owned(), Some(expert_id)),
        ]
    );
    let page = app.get(&format!("/assemblies/{id}")).await.text().await.unwrap();
    assert!(
        page.contains("2번째 판") && page.contains("이전 판 보기") && page.contains("회의록 첫 판"),
        "the page shows the current version and offers the earlier one"
    );
    assert!(app.db.execute_unprepared("UPDATE minutes_versions SET body = 'x'").await.is_err());
    assert!(app.db.execute_unprepared("DELETE FROM minutes_versions").await.is_err());
});
