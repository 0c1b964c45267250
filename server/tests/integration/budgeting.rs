//! Participatory budgets that are fair and funded, over real HTTP: the budgets on an agenda are
//! checked against the fund's free balance when the assembly is announced (and when a budget is
//! added to an announced one) and the funded projects again at publication; funded projects are
//! earmarked with the amount the assembly gave them; the bylaws choose greedy or the Method of
//! Equal Shares, whose paper ballots are counted as groups; the results explain every project.

use crate::db_test;
use crate::identity::AHYEON;
use crate::support::{Backend, TestApp, within};
use app::domain::assembly::{AssemblyDetails, Bylaws, NewItem, PbRule, Quorum};
use app::domain::authz::Actor;
use app::domain::geo::DongCode;
use app::domain::identity::TokenScope;
use app::domain::ledger::{IncomeCategory, Won};
use app::error::AppError;
use app::error_code::ErrorCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use services::entities::{agenda_item, agenda_option, assembly, fund_project};
use services::{assemblies, fund, identity, proposals};

fn dong() -> DongCode {
    DongCode::parse(AHYEON).unwrap()
}

/// Staff of Bugahyeon: (account, actor, session cookie).
async fn staff(app: &TestApp, name: &str) -> (i64, Actor, String) {
    let id = app.person(name, None).await;
    app.grant(id, "center_staff", AHYEON).await;
    (id, identity::load_actor(&app.db, id).await.unwrap().unwrap(), app.sign_in(id).await)
}

/// A verified resident of Bugahyeon: (account, actor, read-write token).
async fn resident(app: &TestApp, name: &str) -> (i64, Actor, String) {
    let id = app.person(name, Some(AHYEON)).await;
    app.verify(id, AHYEON).await;
    let actor = identity::load_actor(&app.db, id).await.unwrap().unwrap();
    let token = identity::create_token(&app.db, &actor, "t".into(), TokenScope::ReadWrite).await.unwrap();
    (id, actor, token)
}

async fn income(app: &TestApp, clerk: &Actor, amount: i64) {
    let income = fund::NewIncome {
        date: fund::today(),
        description: "서대문구 주민참여예산 지원".into(),
        category: IncomeCategory::DistrictGrant,
        amount: Won::new(amount).unwrap(),
    };
    fund::record_income(&app.db, Some(clerk), &dong(), income).await.unwrap();
}

/// An eligible proposal with a cost (the dong's threshold is set to one support).
async fn project(app: &TestApp, author: &Actor, supporter: &Actor, title: &str, cost: &str) -> i64 {
    use app::domain::proposal::ProposalContent;
    let content =
        ProposalContent::parse(title, "문제를 설명하는 글입니다.", "해결책을 설명하는 글입니다.", "safety", cost, "")
            .unwrap();
    let id = proposals::create(&app.db, Some(author), &dong(), content, None).await.unwrap();
    proposals::publish(&app.db, Some(author), id).await.unwrap();
    proposals::support(&app.db, Some(supporter), id).await.unwrap();
    id
}

/// Sets the dong up: threshold one support, quorum one, the given budgeting rule.
async fn rules(app: &TestApp, clerk: &Actor, rule: PbRule) {
    proposals::set_threshold(
        &app.db,
        Some(clerk),
        &dong(),
        app::domain::proposal::SupportThreshold::parse("1").unwrap(),
    )
    .await
    .unwrap();
    let bylaws = Bylaws { quorum: Quorum::Absolute(1), pb_rule: rule, ..Bylaws::default() };
    assemblies::set_bylaws(&app.db, Some(clerk), &dong(), bylaws).await.unwrap();
}

async fn new_assembly(app: &TestApp, clerk: &Actor) -> i64 {
    let details = AssemblyDetails::parse(
        "2027 아현동 주민참여예산 총회",
        "",
        "아현동 주민센터",
        "",
        "2026-12-12T14:00",
        "2026-12-12T16:00",
    )
    .unwrap();
    assemblies::create(&app.db, Some(clerk), &dong(), details).await.unwrap()
}

/// One step of the assembly over HTTP (off-plan steps confirmed): the status code and the body.
async fn step(app: &TestApp, cookie: &str, id: i64, event: &str) -> (u16, String) {
    let form = [
        ("assembly_id", id.to_string()),
        ("event", event.to_owned()),
        ("confirm", "on".to_owned()),
        ("off_schedule", "on".to_owned()),
    ];
    let res = app.call("assemblies/advance", Some(cookie), &form).await;
    (res.status().as_u16(), res.text().await.unwrap())
}

async fn options_of(app: &TestApp, item: i64) -> Vec<agenda_option::Model> {
    agenda_option::Entity::find()
        .filter(agenda_option::Column::ItemId.eq(item))
        .order_by_asc(agenda_option::Column::Position)
        .all(&app.db)
        .await
        .unwrap()
}

async fn ballot(app: &TestApp, token: &str, item: i64, options: &[i64]) -> u16 {
    let req = app
        .client
        .post(app.url(&format!("/api/v1/agenda-items/{item}/ballot")))
        .bearer_auth(token)
        .json(&serde_json::json!({ "options": options }));
    within("ballot", req.send()).await.unwrap().status().as_u16()
}

async fn free(app: &TestApp) -> i64 {
    fund::balances(&app.db, &dong()).await.unwrap().free()
}

db_test!(budgets_are_checked_against_the_fund_and_funded_projects_are_earmarked, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, clerk, cookie) = staff(&app, "아현동 직원").await;
    rules(&app, &clerk, PbRule::Greedy).await;
    let mut people = Vec::new();
    for name in ["가", "나", "다"] {
        people.push(resident(&app, &format!("주민 {name}")).await);
    }
    let (a, b) = (&people[0].1, &people[1].1);
    let p_big = project(&app, a, b, "놀이터 그늘막", "600,000").await;
    let p_mid = project(&app, b, a, "공원 벤치 교체", "500,000").await;
    let p_small = project(&app, a, b, "화단 꽃 심기", "300,000").await;
    let p_extra = project(&app, b, a, "골목 벽화", "100,000").await;
    let p_extra2 = project(&app, a, b, "골목 화분", "50,000").await;
    income(&app, &clerk, 500_000).await;

    let id = new_assembly(&app, &clerk).await;
    let budget =
        NewItem::parse("budget", "2027 주민참여예산", "", "", "", "1,000,000", &format!("{p_big}, {p_mid}, {p_small}"))
            .unwrap();
    let item = assemblies::add_item(&app.db, Some(&clerk), id, budget).await.unwrap();

    // 1,000,000 won put to the vote, 500,000 free: not announced, nothing changed
    let (status, body) = step(&app, &cookie, id, "announce").await;
    assert_eq!(status, 409, "{body}");
    let unfunded = AppError::Conflict(ErrorCode::BudgetsUnfunded { need: 1_000_000, free: 500_000 });
    assert_eq!(serde_json::from_str::<AppError>(&body).ok(), Some(unfunded), "{body}");
    let a_row = assembly::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(a_row.status.as_str(), "draft");
    assert_eq!(crate::assembly_day::status_of(&app, p_big).await, "eligible", "the announcement rolled back");
    income(&app, &clerk, 600_000).await;
    assert_eq!(step(&app, &cookie, id, "announce").await.0, 200);

    // a budget added once announced is checked too: 1,200,000 > 1,100,000
    let more = NewItem::parse("budget", "추가 예산", "", "", "", "200,000", &format!("{p_extra}, {p_extra2}")).unwrap();
    let refused = assemblies::add_item(&app.db, Some(&clerk), id, more).await.unwrap_err();
    assert_eq!(refused, AppError::Conflict(ErrorCode::BudgetsUnfunded { need: 1_200_000, free: 1_100_000 }));
    let items =
        agenda_item::Entity::find().filter(agenda_item::Column::AssemblyId.eq(id)).count(&app.db).await.unwrap();
    assert_eq!(items, 1, "the refused item was not added");
    assert_eq!(crate::assembly_day::status_of(&app, p_extra).await, "eligible");

    // votes: big 2, mid 1, small 1 — greedy funds big (400,000 left), then of the tied two the
    // cheaper, small (100,000 left); mid no longer fits
    assert_eq!(step(&app, &cookie, id, "open_pre_voting").await.0, 200);
    let opts = options_of(&app, item).await;
    let option_of = |pid: i64| opts.iter().find(|o| o.proposal_id == Some(pid)).unwrap().id;
    assert_eq!(ballot(&app, &people[0].2, item, &[option_of(p_big), option_of(p_small)]).await, 201);
    assert_eq!(ballot(&app, &people[1].2, item, &[option_of(p_big)]).await, 201);
    assert_eq!(ballot(&app, &people[2].2, item, &[option_of(p_mid)]).await, 201);
    assert_eq!(step(&app, &cookie, id, "open_session").await.0, 200);
    assert_eq!(step(&app, &cookie, id, "close").await.0, 200);

    // meanwhile the center spent the fund on something else: the winners (900,000) are not covered
    fund::create_project(&app.db, Some(&clerk), &dong(), "경로당 보일러 수리", Won::new(500_000).unwrap())
        .await
        .unwrap();
    assert_eq!(free(&app).await, 600_000);
    let (status, body) = step(&app, &cookie, id, "publish_results").await;
    assert_eq!(status, 409, "{body}");
    let short = AppError::Conflict(ErrorCode::BudgetShort { need: 900_000, free: 600_000 });
    assert_eq!(serde_json::from_str::<AppError>(&body).ok(), Some(short), "{body}");
    let a_row = assembly::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((a_row.status.as_str(), a_row.results_digest.is_none()), ("closed", true));
    let made = fund_project::Entity::find().filter(fund_project::Column::AssemblyId.eq(id)).all(&app.db).await.unwrap();
    assert!(made.is_empty(), "no project is made by a refused publication");

    income(&app, &clerk, 400_000).await;
    let (status, body) = step(&app, &cookie, id, "publish_results").await;
    assert_eq!(status, 200, "{body}");

    // each funded project is earmarked with the amount the assembly gave it
    let projects = fund::projects(&app.db, &dong()).await.unwrap();
    for (pid, amount) in [(p_big, 600_000), (p_small, 300_000)] {
        let p = projects.iter().find(|p| p.proposal_id == Some(pid)).unwrap_or_else(|| panic!("no project for {pid}"));
        assert_eq!((p.decided, p.budget, p.remaining, p.assembly_id), (Some(amount), amount, amount, Some(id)));
    }
    assert!(!projects.iter().any(|p| p.proposal_id == Some(p_mid)));
    assert_eq!(free(&app).await, 100_000);
    let big = projects.iter().find(|p| p.proposal_id == Some(p_big)).unwrap().id;
    let page = app.get(&format!("/fund/projects/{big}")).await.text().await.unwrap();
    assert!(page.contains("주민총회가 정한 예산") && page.contains("600,000원"), "the project's page shows it");

    // why each project was or was not funded
    let results: serde_json::Value =
        app.call("assemblies/results", None, &[("id", id.to_string())]).await.json().await.unwrap();
    let item0 = &results["items"][0];
    assert_eq!(item0["pb_rule"], "greedy");
    let why = |pid: i64| {
        let o = item0["options"].as_array().unwrap().iter().find(|o| o["id"] == option_of(pid)).unwrap();
        (
            o["funding"]["step"].as_u64(),
            o["funding"]["reason"].as_str().unwrap().to_owned(),
            o["funding"]["left_won"].as_i64(),
        )
    };
    assert_eq!(why(p_big), (Some(1), "fit_in_turn".into(), Some(400_000)));
    assert_eq!(why(p_small), (Some(2), "fit_in_turn".into(), Some(100_000)));
    assert_eq!(why(p_mid), (None, "did_not_fit".into(), Some(100_000)));
    let page = app.get(&format!("/assemblies/{id}/results")).await.text().await.unwrap();
    assert!(page.contains("사업별 선정 이유") && page.contains("모자랐습니다"), "the results page explains");

    // the database holds the new columns to their rules
    for bad in [
        format!("UPDATE fund_projects SET decided_won = -1 WHERE id = {big}"),
        format!("UPDATE assemblies SET pb_rule = 'random' WHERE id = {id}"),
        format!("UPDATE dong_bylaws SET pb_rule = 'lottery' WHERE dong_code = '{AHYEON}'"),
    ] {
        assert!(app.db.execute_unprepared(&bad).await.is_err(), "{bad}");
    }
});

db_test!(equal_shares_decides_from_the_sets_of_projects_online_and_on_paper, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, clerk, cookie) = staff(&app, "아현동 직원").await;
    let (_, _, second_cookie) = staff(&app, "아현동 직원 둘").await;
    rules(&app, &clerk, PbRule::Greedy).await;
    // the bylaws form chooses the rule (and refuses an unknown one)
    let mut form = vec![
        ("dong", AHYEON.to_owned()),
        ("quorum_kind", "absolute".to_owned()),
        ("quorum_value", "1".to_owned()),
        ("majority", "simple".to_owned()),
        ("minimum_age", "14".to_owned()),
        ("secret_ballot", "on".to_owned()),
        ("pb_rule", "lottery".to_owned()),
    ];
    assert_eq!(app.call("assemblies/bylaws", Some(&cookie), &form).await.status(), 422);
    form.last_mut().unwrap().1 = "equal_shares".to_owned();
    assert_eq!(app.call("assemblies/bylaws", Some(&cookie), &form).await.status(), 200);
    assert_eq!(assemblies::bylaws(&app.db, &dong()).await.unwrap().pb_rule, PbRule::EqualShares);

    let mut people = Vec::new();
    for name in ["가", "나", "다", "라", "마"] {
        people.push(resident(&app, &format!("주민 {name}")).await);
    }
    let (a, b) = (&people[0].1, &people[1].1);
    // three residents want the playground and the benches, two the library's books and room
    let p_a = project(&app, a, b, "어린이 놀이터", "6,000,000").await;
    let p_b = project(&app, b, a, "공원 벤치", "3,000,000").await;
    let p_c = project(&app, a, b, "작은도서관 책", "3,000,000").await;
    let p_d = project(&app, b, a, "작은도서관 열람실", "1,000,000").await;
    income(&app, &clerk, 10_000_000).await;
    let id = new_assembly(&app, &clerk).await;
    let budget =
        NewItem::parse("budget", "2027 주민참여예산", "", "", "", "10,000,000", &format!("{p_a}, {p_b}, {p_c}, {p_d}"))
            .unwrap();
    let item = assemblies::add_item(&app.db, Some(&clerk), id, budget).await.unwrap();
    let a_row = assembly::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(a_row.pb_rule.as_str(), "equal_shares", "the assembly keeps the rule it was created under");
    for event in ["announce", "open_pre_voting"] {
        assert_eq!(step(&app, &cookie, id, event).await.0, 200, "{event}");
    }
    let opts = options_of(&app, item).await;
    let o = |pid: i64| opts.iter().find(|o| o.proposal_id == Some(pid)).unwrap().id;
    for p in &people[..3] {
        assert_eq!(ballot(&app, &p.2, item, &[o(p_a), o(p_b)]).await, 201);
    }
    assert_eq!(ballot(&app, &people[3].2, item, &[o(p_c), o(p_d)]).await, 201);
    // the fifth votes on paper at the door
    assert_eq!(step(&app, &cookie, id, "open_session").await.0, 200);
    let res = app
        .call(
            "assemblies/door/check_in",
            Some(&cookie),
            &[("assembly_id", id.to_string()), ("user_id", people[4].0.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(step(&app, &cookie, id, "close").await.0, 200);

    let paper = |sets: &str| {
        let form = vec![
            ("item_id", item.to_string()),
            ("ballots", "1".to_owned()),
            ("abstentions", "0".to_owned()),
            ("ballot_sets", sets.to_owned()),
        ];
        let cookie = cookie.clone();
        let app = &app;
        async move {
            let res = app.call("assemblies/door/paper", Some(&cookie), &form).await;
            (res.status().as_u16(), res.text().await.unwrap())
        }
    };
    // under equal shares the marked ballots come as groups that add up, with known numbers
    for (bad, field) in
        [("", "ballot_sets"), ("2: 3 4", "ballot_sets"), ("1: 3 9", "ballot_sets"), ("한 장: 3", "ballot_sets")]
    {
        let (status, body) = paper(bad).await;
        assert_eq!(status, 422, "{bad:?}: {body}");
        assert!(body.contains(field), "{body}");
    }
    assert_eq!(paper("1: 3, 4").await.0, 200);
    let tallies: serde_json::Value = app
        .call("assemblies/door/tallies", Some(&second_cookie), &[("assembly_id", id.to_string())])
        .await
        .json()
        .await
        .unwrap();
    let entry = &tallies["items"][0]["trail"]["entries"][0];
    assert_eq!(entry["ballot_sets"], "1: 3 4");
    assert_eq!(tallies["items"][0]["trail"]["needs_sets"], true);
    let confirm = [("item_id", item.to_string()), ("entry_id", entry["id"].as_i64().unwrap().to_string())];
    assert_eq!(app.call("assemblies/door/confirm", Some(&second_cookie), &confirm).await.status(), 200);
    let (status, body) = step(&app, &cookie, id, "publish_results").await;
    assert_eq!(status, 200, "{body}");

    // five voters, 2,000,000 each. The three pay for the benches (1,000,000 each; tied per won
    // with the playground, the cheaper first) and cannot then pay the playground; the two pay for
    // the room and then the books. Greedy would have funded the playground and the benches.
    let results: serde_json::Value =
        app.call("assemblies/results", None, &[("id", id.to_string())]).await.json().await.unwrap();
    let it = &results["items"][0];
    assert_eq!((it["pb_rule"].as_str(), it["equal_share_won"].as_i64()), (Some("equal_shares"), Some(2_000_000)));
    let fate = |pid: i64| {
        let x = it["options"].as_array().unwrap().iter().find(|x| x["id"] == o(pid)).unwrap()["funding"].clone();
        (x["step"].as_u64(), x["reason"].as_str().unwrap().to_owned())
    };
    assert_eq!(fate(p_b), (Some(1), "shared_by_supporters".into()));
    assert_eq!(fate(p_d), (Some(2), "shared_by_supporters".into()));
    assert_eq!(fate(p_c), (Some(3), "shared_by_supporters".into()));
    assert_eq!(fate(p_a), (None, "supporters_short".into()));
    let a_option = it["options"].as_array().unwrap().iter().find(|x| x["id"] == o(p_a)).unwrap().clone();
    assert_eq!(
        (a_option["funding"]["shares_left_won"].as_i64(), a_option["funding"]["left_won"].as_i64()),
        (Some(3_000_000), Some(3_000_000))
    );
    let funded: Vec<i64> =
        fund::projects(&app.db, &dong()).await.unwrap().iter().filter_map(|p| p.proposal_id).collect();
    let mut funded = funded;
    funded.sort_unstable();
    let mut expected = vec![p_b, p_c, p_d];
    expected.sort_unstable();
    assert_eq!(funded, expected);
    assert_eq!(free(&app).await, 3_000_000);
    let page = app.get(&format!("/assemblies/{id}/results")).await.text().await.unwrap();
    assert!(
        page.contains("균등 몫 방식") && page.contains("2,000,000원"),
        "the results page names the rule and the share"
    );
});
