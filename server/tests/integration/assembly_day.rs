//! An assembly's day over real HTTP: online pre-votes, check-in at the door (which items the
//! resident already voted on; paper ballots for the rest), paper tallies capped by the ballots
//! given out, one channel per item, the close, and published results — outcomes, turnout, the
//! digest of the canonical document, CSV, and the decisions applied to the proposals.

use crate::db_test;
use crate::identity::SINCHON;
use crate::support::{Backend, TestApp, within};
use app::domain::assembly::{AssemblyDetails, Bylaws, NewItem, Quorum};
use app::domain::authz::Actor;
use app::domain::geo::DongCode;
use app::domain::identity::TokenScope;
use app::server::entities::{agenda_option, proposal, proposal_event, secret_ballot};
use app::server::services::{assemblies, identity, proposals};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

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
    proposal::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().status
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
    for name in ["가", "나", "다", "라", "마", "바"] {
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

    // the live count: three online on either item before the day, one more online, two at the door
    let live: serde_json::Value =
        app.call("assemblies/live", None, &[("id", id.to_string())]).await.json().await.unwrap();
    assert_eq!(
        (live["online"].as_u64(), live["in_person"].as_u64(), live["participants"].as_u64()),
        (Some(4), Some(2), Some(6))
    );

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
    advance("publish_results").await;

    // outcomes: item 1 — 3 approve online (two before, one on the day) + 1 on paper vs 1 + 1: passed
    let results: serde_json::Value =
        app.call("assemblies/results", None, &[("id", id.to_string())]).await.json().await.unwrap();
    let items = results["items"].as_array().unwrap();
    assert_eq!((items[0]["approve"].as_u64(), items[0]["reject"].as_u64()), (Some(4), Some(2)));
    assert_eq!((items[0]["online_ballots"].as_u64(), items[0]["paper_ballots"].as_u64()), (Some(4), Some(2)));
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
    for (item, shown) in [(item1, 4), (item2, 3)] {
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
    let projects = app::server::services::fund::projects(&app.db, &dong).await.unwrap();
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
});
