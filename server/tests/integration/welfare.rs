//! Welfare referrals (issue 20): the welfare roles, granted like the others; the dong's sections
//! with their in-charge officials; a neighbour's referral and the status its receipt tells; the
//! team's case work and its audit trail; the flags; visiting lists; and the threat model's
//! promises — nothing identifying rests readable in any table (or the SQLite files, or the logs),
//! keys rotate, retention removes the personal fields and keeps the figures.

use crate::db_test;
use crate::identity::{BUGAHYEON, SEODAEMUN, SINCHON};
use crate::support::{Backend, TestApp};
use app::domain::authz::Grant;
use app::domain::geo::{DistrictCode, DongCode};
use serde_json::Value;

db_test!(welfare_roles_are_granted_like_the_others_and_read_back_as_grants, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let officer = app.person("복지 담당", None).await;
    let nurse = app.person("방문간호", None).await;
    let supervisor = app.person("구 복지 총괄", None).await;
    app.grant(officer, "welfare_officer", SINCHON).await;
    app.grant(nurse, "visiting_nurse", SINCHON).await;
    app.grant(supervisor, "welfare_supervisor", SEODAEMUN).await;
    let grants = |id| {
        let db = app.db.clone();
        async move { app::server::services::identity::load_actor(&db, id).await.unwrap().unwrap().grants }
    };
    let sinchon = DongCode::parse(SINCHON).unwrap();
    assert_eq!(grants(officer).await, vec![Grant::WelfareOfficer(sinchon.clone())]);
    assert_eq!(grants(nurse).await, vec![Grant::VisitingNurse(sinchon)]);
    assert_eq!(grants(supervisor).await, vec![Grant::WelfareSupervisor(DistrictCode::parse(SEODAEMUN).unwrap())]);
    // a dong's role needs a dong, a district's a district
    for (role, scope) in [("welfare_officer", SEODAEMUN), ("visiting_nurse", ""), ("welfare_supervisor", SINCHON)] {
        assert!(app::server::services::identity::roles::RoleGrantSpec::parse(role, scope).is_err(), "{role} {scope}");
    }
    // the account page names the role
    let cookie = app.sign_in(nurse).await;
    let me: Value =
        app.client.get(app.url("/api/v1/me")).header("cookie", &cookie).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["roles"][0]["role"], "visiting_nurse", "{me}");
});

db_test!(sections_are_drawn_by_the_center_and_shown_on_the_dong_page, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let clerk = app.person("직원", None).await;
    app.grant(clerk, "center_staff", SINCHON).await;
    let officer = app.person("김복지", None).await;
    app.grant(officer, "welfare_officer", SINCHON).await;
    let elsewhere = app.person("부가현 직원", None).await;
    app.grant(elsewhere, "center_staff", BUGAHYEON).await;
    let cookie = app.sign_in(clerk).await;
    let save = |form: Vec<(&'static str, String)>| app.call("welfare/sections/save", Some(&cookie), &form);

    // no sections: the dong page says nothing about them
    let html = app.get(&format!("/dongs/{SINCHON}")).await.text().await.unwrap();
    assert!(!html.contains("우리 구역 담당 공무원"));

    let form = |name: &str, official: String| {
        vec![
            ("dong", SINCHON.to_owned()),
            ("name", name.to_owned()),
            ("covers", "신촌로 1길–9길".into()),
            ("official", official),
        ]
    };
    let res = save(form("1–6통", officer.to_string())).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let first: i64 = res.json().await.unwrap();
    assert_eq!(save(form("7–12통", String::new())).await.status(), 200);

    // refused: a name twice, an official from elsewhere, no name, a name too long
    assert_eq!(save(form("1–6통", String::new())).await.status(), 422);
    assert_eq!(save(form("13통", elsewhere.to_string())).await.status(), 422);
    assert_eq!(save(form("13통", "누구".into())).await.status(), 422);
    assert_eq!(save(form("  ", String::new())).await.status(), 422);
    assert_eq!(save(form(&"가".repeat(61), String::new())).await.status(), 422);

    // residents see both sections, in order, with the official's name (and no phone number)
    let html = app.get(&format!("/dongs/{SINCHON}")).await.text().await.unwrap();
    assert!(html.contains("우리 구역 담당 공무원"), "the dong page lists its sections");
    let (a, b2) = (html.find("1–6통").unwrap(), html.find("7–12통").unwrap());
    assert!(a < b2, "sections in the order they were drawn");
    assert!(html.contains("김복지") && html.contains("주민센터 복지팀"), "named official, or the team");
    let detail: Value =
        app.client.get(app.url(&format!("/api/v1/dongs/{SINCHON}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(detail["sections"][0]["official"], "김복지", "{detail}");
    assert_eq!(detail["sections"].as_array().map(Vec::len), Some(2));

    // edit: hand the first section to nobody; then remove it (confirmed only)
    let mut edit = form("1–6통 (신촌로)", String::new());
    edit.push(("id", first.to_string()));
    assert_eq!(save(edit).await.status(), 200);
    let remove = |confirm: &str| {
        app.call(
            "welfare/sections/remove",
            Some(&cookie),
            &[("dong", SINCHON.into()), ("id", first.to_string()), ("confirm", confirm.into())],
        )
    };
    assert_eq!(remove("").await.status(), 422, "removing needs the box ticked");
    assert_eq!(remove("on").await.status(), 200);
    assert_eq!(remove("on").await.status(), 404, "already gone");
    let html = app.get(&format!("/dongs/{SINCHON}")).await.text().await.unwrap();
    assert!(!html.contains("1–6통") && html.contains("7–12통"));

    // another dong's staff cannot touch Sinchon's sections, even by id
    let other = app.sign_in(elsewhere).await;
    let res = app.call("welfare/sections/save", Some(&other), &form("14통", String::new())).await;
    assert_eq!(res.status(), 403);
    let res = app.call("welfare/sections", Some(&other), &[("dong", SINCHON.into())]).await;
    assert_eq!(res.status(), 403);
    // every change is in the audit log
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let audited = app::server::entities::audit_event::Entity::find()
        .filter(app::server::entities::audit_event::Column::Action.starts_with("welfare.section"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 4, "three saves and one removal");

    // an official who leaves the center is no longer named
    assert_eq!(save(form("15통", officer.to_string())).await.status(), 200);
    let html = app.get(&format!("/dongs/{SINCHON}")).await.text().await.unwrap();
    assert!(html.contains("김복지"));
    app::server::entities::role_grant::Entity::delete_many()
        .filter(app::server::entities::role_grant::Column::UserId.eq(officer))
        .exec(&app.db)
        .await
        .unwrap();
    let html = app.get(&format!("/dongs/{SINCHON}")).await.text().await.unwrap();
    assert!(html.contains("15통") && !html.contains("김복지"), "a former official is not shown");

    // the staff page, in both languages
    let page = app.get_with_cookie(&format!("/dongs/{SINCHON}/sections"), &cookie).await.text().await.unwrap();
    assert!(page.contains("담당 구역과 담당 공무원") && page.contains("7–12통") && page.contains("15통"));
    let page = app.get_with_cookie(&format!("/dongs/{SINCHON}/sections"), &format!("{cookie}; lang=en")).await;
    assert!(page.text().await.unwrap().contains("Sections and officials in charge"));
});

// ---- referrals, cases, privacy ---------------------------------------------------------------

use crate::ballot_secrecy::cells_containing;
use app::server::services::welfare::{cases, figures, referrals, retention};
use app::server::state::WelfareSettings;

/// A signed-in welfare officer of `dong`: (account, cookie).
async fn officer_of(app: &TestApp, dong: &str, name: &str) -> (i64, String) {
    let id = app.person(name, None).await;
    app.grant(id, "welfare_officer", dong).await;
    (id, app.sign_in(id).await)
}

fn referral(place: &str, note: &str, contact: &str) -> Vec<(&'static str, String)> {
    vec![
        ("dong", SINCHON.to_owned()),
        ("needs[]", "older_alone".into()),
        ("needs[]", "unpaid_bills".into()),
        ("urgency", "urgent".into()),
        ("place", place.to_owned()),
        ("note", note.to_owned()),
        ("contact", contact.to_owned()),
        ("may_contact", "on".into()),
    ]
}

async fn status_of(app: &TestApp, receipt: &str) -> reqwest::Response {
    app.call("welfare/status", None, &[("receipt", receipt.to_owned())]).await
}

db_test!(a_neighbour_refers_and_the_receipt_tells_only_the_status, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app.call("welfare/refer", None, &referral("신촌로 99 파란 대문", "우편물이 쌓여 있어요", "")).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let receipt = res.json::<Value>().await.unwrap()["receipt"].as_str().unwrap().to_owned();
    assert!(receipt.starts_with("WB-") && receipt.len() == 15, "{receipt}");
    let answer: Value = status_of(&app, &receipt).await.json().await.unwrap();
    assert_eq!(answer["status"], "received", "{answer}");
    assert_eq!(answer.as_object().map(|o| o.len()), Some(2), "the receipt and the status, nothing else: {answer}");
    // typed back in lower case without hyphens, it still reads
    let typed = receipt.replace('-', "").to_lowercase();
    assert_eq!(status_of(&app, &typed).await.json::<Value>().await.unwrap()["status"], "received");

    // the team takes it: "being looked into"; closed: "closed"
    let (officer, cookie) = officer_of(&app, SINCHON, "김복지").await;
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let case = queue["referrals"][0]["id"].as_i64().unwrap();
    assert_eq!(queue["referrals"][0]["place"], "신촌로 99 파란 대문");
    let res = app
        .call("welfare/case/assign", Some(&cookie), &[("id", case.to_string()), ("official", officer.to_string())])
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(status_of(&app, &receipt).await.json::<Value>().await.unwrap()["status"], "being_looked_into");
    let close = |reason: &str| {
        app.call(
            "welfare/case/close",
            Some(&cookie),
            &[("id", case.to_string()), ("reason", reason.into()), ("confirm", "on".into())],
        )
    };
    assert_eq!(close("linked").await.status(), 409, "closed as linked with no linked service");
    assert_eq!(close("no_need").await.status(), 200);
    assert_eq!(close("no_need").await.status(), 409, "already closed");
    assert_eq!(status_of(&app, &receipt).await.json::<Value>().await.unwrap()["status"], "closed");

    // refused input: no need, an unknown need, no place, no urgency, an unknown dong
    let mut bad = referral("신촌로 1", "", "");
    bad.retain(|(k, _)| *k != "needs[]");
    assert_eq!(app.call("welfare/refer", None, &bad).await.status(), 422);
    let mut bad = referral("신촌로 1", "", "");
    bad.push(("needs[]", "drugs".into()));
    assert_eq!(app.call("welfare/refer", None, &bad).await.status(), 422);
    assert_eq!(app.call("welfare/refer", None, &referral(" ", "", "")).await.status(), 422);
    let mut bad = referral("신촌로 1", "", "");
    bad.retain(|(k, _)| *k != "urgency");
    assert_eq!(app.call("welfare/refer", None, &bad).await.status(), 422);
    let mut bad = referral("신촌로 1", "", "");
    bad[0].1 = "1141099999".into();
    assert_eq!(app.call("welfare/refer", None, &bad).await.status(), 404);

    // REST: a referral without a token; bad ones are problem+json
    let url = app.url(&format!("/api/v1/dongs/{SINCHON}/welfare/referrals"));
    let ok = serde_json::json!({ "needs": ["food"], "urgency": "soon", "place": "신촌로 3", "may_contact": true });
    let res = app.client.post(&url).json(&ok).send().await.unwrap();
    assert_eq!(res.status(), 201);
    let rest_receipt = res.json::<Value>().await.unwrap()["receipt"].as_str().unwrap().to_owned();
    assert_eq!(status_of(&app, &rest_receipt).await.json::<Value>().await.unwrap()["status"], "received");
    for body in [
        serde_json::json!({ "needs": [], "urgency": "soon", "place": "신촌로 3" }),
        serde_json::json!({ "needs": ["food"], "urgency": "now", "place": "신촌로 3" }),
        serde_json::json!({ "needs": ["food"], "urgency": "soon" }),
        serde_json::json!({ "needs": "food", "urgency": "soon", "place": "신촌로 3" }),
    ] {
        let res = app.client.post(&url).json(&body).send().await.unwrap();
        assert!(res.status() == 422 || res.status() == 400, "{body}: {}", res.status());
        let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert_eq!(kind, "application/problem+json", "{body}");
    }
    let res = app.client.post(&url).header("authorization", "Bearer udpat_wrong").json(&ok).send().await.unwrap();
    assert_eq!(res.status(), 401, "a token, if sent, must be valid");
    // the figures are public and withhold small counts
    let f: Value = app
        .client
        .get(app.url(&format!("/api/v1/dongs/{SINCHON}/welfare/figures")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(f["withheld_below"], 5);
    assert_eq!(f["months"].as_array().map(Vec::len), Some(12));
    assert_eq!(f["months"][11]["received"], Value::Null, "2 referrals this month: fewer than 5, withheld");

    // wrong receipt numbers: 422, and after five in a minute from one address, 429 (the right
    // one too: nothing is checked while the address is held)
    for _ in 0..5 {
        assert_eq!(status_of(&app, "WB-2222-2222-22").await.status(), 422);
    }
    assert_eq!(status_of(&app, &receipt).await.status(), 429);
});

db_test!(nothing_that_identifies_a_household_rests_readable, async |b: Backend| {
    let logs = crate::support::logs::capture();
    let app = TestApp::spawn(&b).await;
    let (place, note, contact, findings) =
        ("연희로 77-3 초록지붕집", "할머니가 사흘째 보이지 않아요", "010-5555-1234", "냉장고가 비어 있음");
    let res = app.call("welfare/refer", None, &referral(place, note, contact)).await;
    assert_eq!(res.status(), 200);
    let receipt = res.json::<Value>().await.unwrap()["receipt"].as_str().unwrap().to_owned();
    let (officer, cookie) = officer_of(&app, SINCHON, "박복지").await;
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let case = queue["referrals"][0]["id"].as_i64().unwrap().to_string();
    app.call("welfare/case/assign", Some(&cookie), &[("id", case.clone()), ("official", officer.to_string())]).await;
    let today = app::server::services::time_fmt::seoul_date(chrono::Utc::now());
    let res = app
        .call(
            "welfare/case/record",
            Some(&cookie),
            &[("id", case.clone()), ("kind", "visit".into()), ("on_date", today), ("findings", findings.into())],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let list = "program,address,due_month\ncrisis,\"서대문구 가상로 12, 지하\",2027-02\n";
    let res =
        app.call("welfare/visits/import", Some(&cookie), &[("dong", SINCHON.into()), ("list", list.into())]).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // the team reads it all back
    let detail: Value = app.call("welfare/case", Some(&cookie), &[("id", case)]).await.json().await.unwrap();
    assert_eq!(detail["note"], note);
    assert_eq!(detail["contact"], contact);
    assert_eq!(detail["activities"][0]["findings"], findings);

    // a reader of every table and column finds none of it, nor the receipt number
    let canonical = receipt.replace('-', "")[2..].to_owned();
    for needle in [place, note, contact, findings, "서대문구 가상로 12", "older_alone", "crisis", canonical.as_str()]
    {
        let found = cells_containing(&app, &b, needle).await;
        assert!(found.is_empty(), "`{needle}` readable in {found:?}");
    }
    // nor in the SQLite files themselves (pages, write-ahead log), byte for byte
    if matches!(b, Backend::Sqlite) {
        let url = app.database_url();
        let path = url.trim_start_matches("sqlite://").split('?').next().unwrap().to_owned();
        for file in [path.clone(), format!("{path}-wal")] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            for needle in [place, note, contact, findings] {
                let hit = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
                assert!(!hit, "`{needle}` in {file}");
            }
        }
    }
    // nor in the logs
    let text = logs.text();
    for needle in [place, note, contact, findings, receipt.as_str()] {
        assert!(!text.contains(needle), "`{needle}` in the logs");
    }
});

db_test!(only_the_team_reads_a_case_and_every_read_and_change_is_audited, async |b: Backend| {
    use app::server::entities::audit_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let app = TestApp::spawn(&b).await;
    let (case, _) = crate::authz::referral_in_sinchon(&app).await;
    let (_, team) = officer_of(&app, SINCHON, "최복지").await;
    let supervisor = app.person("구 복지", None).await;
    app.grant(supervisor, "welfare_supervisor", SEODAEMUN).await;
    let supervisor = app.sign_in(supervisor).await;
    let (_, elsewhere) = officer_of(&app, BUGAHYEON, "다른 동 복지").await;
    let admin = app.person("관리자", None).await;
    app.grant(admin, "admin", "").await;
    let admin = app.sign_in(admin).await;
    let read = |cookie: Option<String>| {
        let app = &app;
        async move { app.call("welfare/case", cookie.as_deref(), &[("id", case.to_string())]).await.status() }
    };
    assert_eq!(read(Some(team.clone())).await, 200);
    assert_eq!(read(Some(supervisor.clone())).await, 200);
    assert_eq!(read(Some(elsewhere.clone())).await, 403);
    assert_eq!(read(Some(admin)).await, 403);
    assert_eq!(read(None).await, 401);
    let missing = app.call("welfare/case", Some(&team), &[("id", "987654".into())]).await;
    assert_eq!(missing.status(), 404);
    // the supervisor oversees but does not work the case
    let res = app
        .call(
            "welfare/case/close",
            Some(&supervisor),
            &[("id", case.to_string()), ("reason", "duplicate".into()), ("confirm", "on".into())],
        )
        .await;
    assert_eq!(res.status(), 403);
    // each read and the referral itself are in the audit log, naming the case and no content
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Action.starts_with("welfare."))
        .filter(audit_event::Column::Action.ne("welfare.section_saved"))
        .order_by_asc(audit_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["welfare.referral_received", "welfare.case_read", "welfare.case_read"], "{actions:?}");
    assert!(events[0].actor_id.is_none(), "who referred from the web is not recorded");
    for e in &events {
        assert!(e.detail.contains(&format!("\"case\":{case}")) && !e.detail.contains("행렬"), "{}", e.detail);
    }
});

db_test!(urgent_untriaged_and_quiet_cases_are_flagged_to_the_team_and_the_supervisor, async |b: Backend| {
    use app::server::entities::welfare_case;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let app = TestApp::spawn(&b).await;
    let (_, cookie) = officer_of(&app, SINCHON, "정복지").await;
    let mut urgent = referral("신촌로 5", "", "");
    urgent[3].1 = "urgent".into();
    assert_eq!(app.call("welfare/refer", None, &urgent).await.status(), 200);
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    assert_eq!(queue["referrals"][0]["flags"]["untriaged"], false, "just arrived");
    let id = queue["referrals"][0]["id"].as_i64().unwrap();
    // 25 hours later, nobody has taken it
    welfare_case::Entity::update_many()
        .col_expr(welfare_case::Column::ReceivedAt, Expr::value(chrono::Utc::now() - chrono::Duration::hours(25)))
        .filter(welfare_case::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
    // a calmer one, quiet for 15 days, and a fresh one: the flagged come first
    assert_eq!(app.call("welfare/refer", None, &referral("신촌로 6", "", "")).await.status(), 200);
    let mut calm = referral("신촌로 7", "", "");
    calm[3].1 = "whenever".into();
    assert_eq!(app.call("welfare/refer", None, &calm).await.status(), 200);
    let quiet =
        welfare_case::Entity::find().filter(welfare_case::Column::DongCode.eq(SINCHON)).all(&app.db).await.unwrap();
    let quiet_id = quiet.iter().map(|c| c.id).max().unwrap();
    welfare_case::Entity::update_many()
        .col_expr(welfare_case::Column::ReceivedAt, Expr::value(chrono::Utc::now() - chrono::Duration::days(15)))
        .filter(welfare_case::Column::Id.eq(quiet_id))
        .exec(&app.db)
        .await
        .unwrap();
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let order: Vec<i64> = queue["referrals"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(order[..2], [id, quiet_id], "flagged first, urgent before calm: {order:?}");
    assert_eq!(queue["referrals"][0]["flags"]["untriaged"], true);
    assert_eq!(queue["referrals"][1]["flags"]["quiet"], true);
    let page = app.get_with_cookie(&format!("/dongs/{SINCHON}/welfare"), &cookie).await.text().await.unwrap();
    assert!(page.contains("확인이 필요한 사례 2건") && page.contains("24시간 넘게 미배정"), "the team is told");
    // the district's supervisor sees both, and Sinchon's counts
    let supervisor = app.person("구 복지 감독", None).await;
    app.grant(supervisor, "welfare_supervisor", SEODAEMUN).await;
    let supervisor = app.sign_in(supervisor).await;
    let o: Value =
        app.call("welfare/oversight", Some(&supervisor), &[("district", SEODAEMUN.into())]).await.json().await.unwrap();
    let flagged: Vec<i64> = o["flagged"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["dong_code"] == SINCHON)
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(flagged, [id, quiet_id]);
    let sinchon = o["dongs"].as_array().unwrap().iter().find(|d| d["dong"]["code"] == SINCHON).unwrap();
    assert_eq!((sinchon["open"].as_u64(), sinchon["flagged"].as_u64()), (Some(3), Some(2)), "{sinchon}");
    let page = app.get_with_cookie(&format!("/districts/{SEODAEMUN}/welfare"), &supervisor).await.text().await.unwrap();
    assert!(page.contains("확인이 필요한 사례 (") && page.contains("신촌로 5"), "the supervisor is told");
});

db_test!(a_visiting_list_imports_whole_or_not_at_all, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let (_, cookie) = officer_of(&app, SINCHON, "윤복지").await;
    let import = |list: &str| {
        app.call("welfare/visits/import", Some(&cookie), &[("dong", SINCHON.into()), ("list", list.into())])
    };
    let res = import("program,address,due_month\nturning_65,신촌로 1,2027-01\nteen,신촌로 2,2027-01\n").await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert!(err.to_string().contains("line 3"), "the bad line is named: {err}");
    assert_eq!(import("").await.status(), 422);
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    assert_eq!(queue["due_visits"].as_array().map(Vec::len), Some(0), "nothing of a refused list");
    let res = import("사업,주소,방문월\n70세,신촌로 1,2027-02\n출산가정,\"신촌로 2, 3층\",2027-01\n").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let queue: Value =
        app.call("welfare/queue", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let visits = queue["due_visits"].as_array().unwrap();
    assert_eq!(visits.len(), 2);
    assert_eq!(visits[0]["about"]["due_month"], "2027-01", "by month");
    assert_eq!(visits[0]["place"], "신촌로 2, 3층");
    assert_eq!(queue["referrals"].as_array().map(Vec::len), Some(0), "due visits are not referrals");

    // a whole list at its largest: 2,000 households, each address 200 characters of Hangul
    // (3.6 MB once form-encoded, where any other form may be 64 KiB)
    let mut list = String::from("program,address,due_month\n");
    for n in 0..app::domain::welfare::IMPORT_MAX_ROWS {
        let address = format!("{n:05}{}", "연".repeat(app::domain::welfare::PLACE_MAX - 5));
        list.push_str(&format!("turning_65,{address},2027-03\n"));
    }
    let res = import(&list).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert_eq!(res.json::<usize>().await.unwrap(), 2_000);
    // the queue pages them, 50 a page, by month: the two of January and February first
    let page = |n: &str| {
        let form = [("dong", SINCHON.to_owned()), ("page", n.to_owned())];
        let call = app.call("welfare/queue", Some(&cookie), &form);
        async move { call.await.json::<Value>().await.unwrap() }
    };
    let first = page("1").await;
    assert_eq!((first["due_total"].as_u64(), first["due_pages"].as_u64()), (Some(2_002), Some(41)));
    let months: Vec<&str> =
        first["due_visits"].as_array().unwrap().iter().map(|l| l["about"]["due_month"].as_str().unwrap()).collect();
    assert_eq!((months.len(), months[0], months[1], months[2]), (50, "2027-01", "2027-02", "2027-03"));
    let last = page("41").await;
    assert_eq!(last["due_visits"].as_array().map(Vec::len), Some(2));
    assert!(last["due_visits"][1]["place"].as_str().unwrap().starts_with("01999"));
    assert_eq!(page("999").await["due_page"], 41, "past the end: the last page");
    assert_eq!(page("0").await["due_page"], 1);
    let html = app.get_with_cookie(&format!("/dongs/{SINCHON}/welfare?page=2"), &cookie).await.text().await.unwrap();
    assert!(html.contains("찾아가는 방문 대상 (2002)") && html.contains("41쪽 중 2쪽"), "the page says where it is");
    assert!(html.contains("?page=3") && html.contains(&format!("/dongs/{SINCHON}/welfare\"")), "previous and next");
});

db_test!(retention_removes_the_personal_fields_and_keeps_the_figures, async |b: Backend| {
    use app::server::entities::{welfare_activity, welfare_case};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = TestApp::spawn(&b).await;
    let (officer, cookie) = officer_of(&app, SINCHON, "한복지").await;
    let actor = app::server::services::identity::load_actor(&app.db, officer).await.unwrap();
    let dong = DongCode::parse(SINCHON).unwrap();
    let today = app::domain::ledger::EntryDate::parse(&app::server::services::time_fmt::seoul_date(chrono::Utc::now()))
        .unwrap();
    let mut ids = Vec::new();
    for n in 0..6 {
        let r =
            app::domain::welfare::Referral::parse(["food"], "soon", &format!("보존 시험 {n}"), "메모", "010-1", true)
                .unwrap();
        let (id, _) = referrals::submit(&app.db, &app.welfare, &app.key, None, referrals::Channel::Web, &dong, r, None)
            .await
            .unwrap();
        cases::assign(&app.db, actor.as_ref(), id, officer).await.unwrap();
        let visit = cases::Entry::Activity {
            kind: app::domain::welfare::ActivityKind::Visit,
            on: today,
            official: None,
            findings: "방문 기록".into(),
        };
        cases::record(&app.db, &app.welfare, actor.as_ref(), id, visit).await.unwrap();
        let link = cases::Entry::Service {
            service: app::domain::welfare::Service::EmergencySupport,
            on: today,
            findings: String::new(),
        };
        cases::record(&app.db, &app.welfare, actor.as_ref(), id, link).await.unwrap();
        cases::close(&app.db, actor.as_ref(), id, app::domain::welfare::CloseReason::Linked).await.unwrap();
        ids.push(id);
    }
    let before = figures::of_dong(&app.db, &dong).await.unwrap();
    let this_month = before.months.last().unwrap().clone();
    assert_eq!((this_month.received, this_month.visited, this_month.linked), (Some(6), Some(6), Some(6)));

    // not yet: three years less a day (the demo's older closed case may go: not ours)
    let now = chrono::Utc::now();
    retention::purge(&app.db, 3, now + chrono::Duration::days(3 * 365 - 1)).await.unwrap();
    let ours = || welfare_case::Entity::find().filter(welfare_case::Column::Id.is_in(ids.clone())).all(&app.db);
    assert!(ours().await.unwrap().iter().all(|c| c.purged_at.is_none() && c.place.is_some()));
    // past three years: every personal field goes, the counts stay
    assert_eq!(retention::purge(&app.db, 3, now + chrono::Duration::days(3 * 365 + 2)).await.unwrap(), 6);
    let rows =
        welfare_case::Entity::find().filter(welfare_case::Column::Id.is_in(ids.clone())).all(&app.db).await.unwrap();
    for c in &rows {
        assert!(c.needs.is_none() && c.place.is_none() && c.note.is_none() && c.contact.is_none(), "{c:?}");
        assert!(c.purged_at.is_some() && c.visited_at.is_some() && c.linked_at.is_some());
    }
    let log = welfare_activity::Entity::find()
        .filter(welfare_activity::Column::CaseId.is_in(ids.clone()))
        .all(&app.db)
        .await
        .unwrap();
    assert!(log.iter().all(|a| a.findings.is_none()) && !log.is_empty());
    assert_eq!(figures::of_dong(&app.db, &dong).await.unwrap(), before, "the figures are kept");
    let detail: Value =
        app.call("welfare/case", Some(&cookie), &[("id", ids[0].to_string())]).await.json().await.unwrap();
    assert_eq!(detail["line"]["about"]["kind"], "purged");
    assert_eq!(detail["line"]["place"], "");
    // a second run finds nothing more
    assert_eq!(retention::purge(&app.db, 3, now + chrono::Duration::days(3 * 365 + 3)).await.unwrap(), 0);
});

db_test!(rotating_the_key_keeps_old_cases_readable, async |b: Backend| {
    use app::server::crypto::WelfareVault;
    use app::server::entities::{welfare_activity, welfare_case};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let app = TestApp::spawn(&b).await;
    // only this test's keys hold cases here: the demo's (under the app's key) go first
    let demo: Vec<i64> = welfare_case::Entity::find()
        .select_only()
        .column(welfare_case::Column::Id)
        .filter(welfare_case::Column::IsDemo.eq(true))
        .into_tuple()
        .all(&app.db)
        .await
        .unwrap();
    welfare_activity::Entity::delete_many()
        .filter(welfare_activity::Column::CaseId.is_in(demo))
        .exec(&app.db)
        .await
        .unwrap();
    welfare_case::Entity::delete_many().filter(welfare_case::Column::IsDemo.eq(true)).exec(&app.db).await.unwrap();
    let officer = app.person("키 교체", None).await;
    app.grant(officer, "welfare_officer", SINCHON).await;
    let actor = app::server::services::identity::load_actor(&app.db, officer).await.unwrap();
    let dong = DongCode::parse(SINCHON).unwrap();
    let settings = |spec: &str| WelfareSettings { vault: WelfareVault::from_spec(spec).unwrap(), retention_years: 3 };
    let (old, new) = ("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=");
    let before = settings(&format!("k1:{old}"));
    let r = app::domain::welfare::Referral::parse(["health"], "soon", "키 교체 시험 주소", "키 교체 메모", "", false)
        .unwrap();
    let (id, _) =
        referrals::submit(&app.db, &before, &app.key, None, referrals::Channel::Web, &dong, r, None).await.unwrap();
    // the new key first, the old one still listed: the case reads
    let both = settings(&format!("k2:{new},k1:{old}"));
    let read = |s: WelfareSettings| {
        let (db, actor) = (app.db.clone(), actor.clone());
        async move { cases::detail(&db, &s, actor.as_ref(), id).await }
    };
    assert_eq!(read(both.clone()).await.unwrap().line.place, "키 교체 시험 주소");
    // the new key alone cannot read it before the re-seal …
    assert!(read(settings(&format!("k2:{new}"))).await.is_err());
    // … and can after it; the old key alone then cannot
    assert_eq!(retention::reseal(&app.db, &both).await.unwrap(), 3, "needs, place, note");
    assert_eq!(retention::reseal(&app.db, &both).await.unwrap(), 0, "nothing left under the old key");
    assert_eq!(read(settings(&format!("k2:{new}"))).await.unwrap().note, "키 교체 메모");
    assert!(read(settings(&format!("k1:{old}"))).await.is_err());
});

// ---- under concurrency ----------------------------------------------------------------------

/// Sends every request at once (each on its own task) and counts the answers by status.
async fn at_once(
    calls: impl IntoIterator<Item = impl std::future::Future<Output = reqwest::Response> + Send + 'static>,
) -> std::collections::BTreeMap<u16, usize> {
    let tasks: Vec<_> = calls.into_iter().map(tokio::spawn).collect();
    let mut statuses = std::collections::BTreeMap::new();
    for t in tasks {
        *statuses.entry(t.await.unwrap().status().as_u16()).or_insert(0) += 1;
    }
    statuses
}

/// How many audit events of `action` name case `id`.
async fn audited(app: &TestApp, action: &str, id: i64) -> usize {
    use app::server::entities::audit_event;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let events = audit_event::Entity::find().filter(audit_event::Column::Action.eq(action)).all(&app.db).await.unwrap();
    events.iter().filter(|e| e.detail.contains(&format!("\"case\":{id}"))).count()
}

db_test!(a_hundred_officials_at_once_on_one_case_leave_it_whole, async |b: Backend| {
    use app::server::entities::{welfare_activity, welfare_case};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = TestApp::spawn(&b).await;
    let (case, _) = crate::authz::referral_in_sinchon(&app).await;
    let (kim, kim_cookie) = officer_of(&app, SINCHON, "동시 김").await;
    let (lee, lee_cookie) = officer_of(&app, SINCHON, "동시 이").await;
    let cookies = [kim_cookie, lee_cookie];

    // 100 assigns (half to each official, by each other): taking a received case, or handing an
    // assigned one over, is legal, so every answer is a success or "the case changed" — and the
    // case ends with one of the two, its log of hand-overs as long as the successes
    let assigns = (0..100).map(|n| {
        let official = if n % 2 == 0 { kim } else { lee };
        app.call(
            "welfare/case/assign",
            Some(&cookies[n % 2]),
            &[("id", case.to_string()), ("official", official.to_string())],
        )
    });
    let statuses = at_once(assigns).await;
    assert!(statuses.keys().all(|s| [200, 409].contains(s)), "{statuses:?}");
    let won = statuses.get(&200).copied().unwrap_or_default();
    assert!(won >= 1, "{statuses:?}");
    let row = welfare_case::Entity::find_by_id(case).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.stage, "assigned");
    assert!(row.assignee_id == Some(kim) || row.assignee_id == Some(lee), "{row:?}");
    assert_eq!(audited(&app, "welfare.case_assigned", case).await, won, "one audit event per success");

    // 99 entries in the log and one close, all at once: the close wins once; every entry that
    // answered 200 is in the log and none came after the close
    let today = app::server::services::time_fmt::seoul_date(chrono::Utc::now());
    let mut calls = Vec::new();
    for n in 0..100 {
        let cookie = Some(cookies[n % 2].as_str());
        calls.push(if n == 50 {
            app.call(
                "welfare/case/close",
                cookie,
                &[("id", case.to_string()), ("reason", "no_need".into()), ("confirm", "on".into())],
            )
        } else {
            app.call(
                "welfare/case/record",
                cookie,
                &[
                    ("id", case.to_string()),
                    ("kind", "contact_attempt".into()),
                    ("on_date", today.clone()),
                    ("findings", format!("동시 기록 {n}")),
                ],
            )
        });
    }
    let statuses = at_once(calls).await;
    assert!(statuses.keys().all(|s| [200, 409].contains(s)), "{statuses:?}");
    let recorded = welfare_activity::Entity::find()
        .filter(welfare_activity::Column::CaseId.eq(case))
        .count(&app.db)
        .await
        .unwrap() as usize;
    assert_eq!(statuses.get(&200).copied().unwrap_or_default(), recorded + 1, "every success kept: {statuses:?}");
    assert_eq!(audited(&app, "welfare.case_activity", case).await, recorded);
    assert_eq!(audited(&app, "welfare.case_closed", case).await, 1);
    let row = welfare_case::Entity::find_by_id(case).one(&app.db).await.unwrap().unwrap();
    let closed = row.closed_at.expect("closed");
    let log =
        welfare_activity::Entity::find().filter(welfare_activity::Column::CaseId.eq(case)).all(&app.db).await.unwrap();
    assert!(log.iter().all(|a| a.recorded_at <= closed), "nothing recorded after the close");
    // each entry's sealed findings still open under its own row
    let detail: Value =
        app.call("welfare/case", Some(&cookies[0]), &[("id", case.to_string())]).await.json().await.unwrap();
    let findings: std::collections::BTreeSet<&str> =
        detail["activities"].as_array().unwrap().iter().filter_map(|a| a["findings"].as_str()).collect();
    assert_eq!(findings.len(), recorded, "{detail}");
    assert!(findings.iter().all(|f| f.starts_with("동시 기록 ")));

    // 100 closes of a fresh case at once: exactly one
    let (fresh, _) = crate::authz::referral_in_sinchon(&app).await;
    let closes = (0..100).map(|n| {
        app.call(
            "welfare/case/close",
            Some(&cookies[n % 2]),
            &[("id", fresh.to_string()), ("reason", "duplicate".into()), ("confirm", "on".into())],
        )
    });
    let statuses = at_once(closes).await;
    assert_eq!(statuses, [(200, 1), (409, 99)].into(), "exactly one close");
    assert_eq!(audited(&app, "welfare.case_closed", fresh).await, 1);
});

db_test!(a_hundred_referrals_at_once_from_one_address_keep_the_limit, async |b: Backend| {
    use app::server::entities::welfare_case;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let app = TestApp::spawn(&b).await;
    let before = welfare_case::Entity::find().count(&app.db).await.unwrap();
    let calls = (0..100).map(|n| app.call("welfare/refer", None, &referral(&format!("동시 신고 {n}"), "", "")));
    let statuses = at_once(calls).await;
    assert_eq!(statuses, [(200, 30), (429, 70)].into(), "30 in the window, the rest told to wait");
    let after = welfare_case::Entity::find().count(&app.db).await.unwrap();
    assert_eq!(after - before, 30, "a refused referral leaves no case");
    // the limit is per address: counter referrals by the team are not limited by it
    let (_, cookie) = officer_of(&app, SINCHON, "창구 복지").await;
    let mut form = referral("창구 신고", "", "");
    form.push(("channel", "counter".into()));
    let res = app.call("welfare/refer", Some(&cookie), &form).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let taken = welfare_case::Entity::find()
        .filter(welfare_case::Column::DongCode.eq(SINCHON))
        .filter(welfare_case::Column::Origin.eq("counter"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(taken, 1);
});

// ---- malformed input from inside the team ---------------------------------------------------

/// A server function, the form sent to it, and the statuses it may answer.
type Malformed = (&'static str, Vec<(&'static str, String)>, &'static [u16]);

db_test!(the_team_s_routes_refuse_malformed_input_without_a_server_error, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let (case, _) = crate::authz::referral_in_sinchon(&app).await;
    let (officer, cookie) = officer_of(&app, SINCHON, "형식 시험").await;
    let (stranger, _) = officer_of(&app, BUGAHYEON, "다른 동 담당").await;
    app.call("welfare/case/assign", Some(&cookie), &[("id", case.to_string()), ("official", officer.to_string())])
        .await;
    let ids = ["abc", "", " ", "-1", "0", "1.5", "99999999999999999999999", "9223372036854775807", "1e3", "١٢"];
    let dates = ["", "2026-13-45", "2026-02-30", "9999-12-31", "0000-01-01", "yesterday", "2026/01/01"];
    // a field past its limit (422), and a form past the 64 KiB any form may be (413)
    let over = "가".repeat(app::domain::welfare::FINDINGS_MAX + 1);
    let long = "가".repeat(20_000);
    let mut calls: Vec<Malformed> = Vec::new();
    for id in ids {
        // an id that is not a case is "not found", whatever it looks like
        calls.push(("welfare/case", vec![("id", id.into())], &[404]));
        calls.push(("welfare/case/assign", vec![("id", id.into()), ("official", officer.to_string())], &[404]));
        calls.push((
            "welfare/case/close",
            vec![("id", id.into()), ("reason", "no_need".into()), ("confirm", "on".into())],
            &[404],
        ));
    }
    let record = |on: &str, kind: &str, official: &str, findings: &str| {
        vec![
            ("id", case.to_string()),
            ("kind", kind.to_owned()),
            ("on_date", on.to_owned()),
            ("official", official.to_owned()),
            ("findings", findings.to_owned()),
        ]
    };
    let today = app::server::services::time_fmt::seoul_date(chrono::Utc::now());
    for on in dates {
        calls.push(("welfare/case/record", record(on, "visit", "", ""), &[422]));
    }
    for (kind, official, findings) in [
        ("teleport", "", ""),
        ("", "", ""),
        ("visit", "abc", ""),
        ("visit", "-1", ""),
        ("visit", &stranger.to_string(), ""),
        ("visit", "", &over),
        ("service", "", ""),
    ] {
        calls.push(("welfare/case/record", record(&today, kind, official, findings), &[422]));
    }
    calls.push(("welfare/case/record", record(&today, "visit", "", &long), &[413]));
    let mut service = record(&today, "service", "", "");
    service.push(("service", "lottery".into()));
    calls.push(("welfare/case/record", service, &[422]));
    for (official, expect) in [("abc", &[422][..]), ("", &[422]), (&stranger.to_string(), &[422]), ("-5", &[422])] {
        calls.push(("welfare/case/assign", vec![("id", case.to_string()), ("official", official.into())], expect));
    }
    for reason in ["", "bored", "linked"] {
        let expect: &[u16] = if reason == "linked" { &[409] } else { &[422] };
        calls.push((
            "welfare/case/close",
            vec![("id", case.to_string()), ("reason", reason.into()), ("confirm", "on".into())],
            expect,
        ));
    }
    calls.push(("welfare/case/close", vec![("id", case.to_string()), ("reason", "no_need".into())], &[422]));
    for dong in ["", "abc", "0000000000", "11410", "1141058500'--", "99999999999"] {
        let expect: &[u16] = &[400, 403, 404, 422];
        calls.push(("welfare/queue", vec![("dong", dong.into())], expect));
        calls.push(("welfare/figures", vec![("dong", dong.into())], expect));
        calls.push((
            "welfare/visits/import",
            vec![("dong", dong.into()), ("list", "program,address,due_month\n".into())],
            expect,
        ));
    }
    let rows = |n: usize| {
        let mut s = String::from("program,address,due_month\n");
        for i in 0..n {
            s.push_str(&format!("turning_65,연희로 {i},2027-01\n"));
        }
        s
    };
    for list in [
        String::new(),
        "\u{feff}".into(),
        "program,address,due_month".into(),
        "program,address,due_month\nturning_65,\"unterminated,2027-01\n".into(),
        "program,address,due_month\nturning_65,연희로 1,2027-13\n".into(),
        "program,address,due_month\nturning_65,,2027-01\n".into(),
        format!("program,address,due_month\nturning_65,{long},2027-01\n"),
        "a,b\n\0\0\0".into(),
        rows(2_001),
    ] {
        calls.push(("welfare/visits/import", vec![("dong", SINCHON.into()), ("list", list)], &[422]));
    }
    for receipt in ["", "WB-", "WB-0000-0000-00", "💥", &over] {
        calls.push(("welfare/status", vec![("receipt", receipt.into())], &[422, 429]));
    }
    calls.push(("welfare/status", vec![("receipt", long.clone())], &[413]));
    for district in ["", "abc", "99999", "11410'--"] {
        calls.push(("welfare/oversight", vec![("district", district.into())], &[400, 403, 404, 422]));
    }
    let mut failures = Vec::new();
    for (endpoint, form, expect) in &calls {
        let res = app.call(endpoint, Some(&cookie), form).await;
        let status = res.status().as_u16();
        if !expect.contains(&status) {
            let shown: Vec<String> =
                form.iter().map(|(k, v)| format!("{k}={}", v.chars().take(40).collect::<String>())).collect();
            failures.push(format!(
                "{endpoint} {shown:?} → {status} (expected {expect:?}) {}",
                res.text().await.unwrap_or_default()
            ));
        }
    }
    // bodies past what a route takes are refused: the visiting list past its 4 MiB, any other
    // form past 64 KiB (the 3.6 MB list of the test above is taken)
    let addr = app.base.trim_start_matches("http://").to_owned();
    for (path, length) in [
        ("/sf/welfare/visits/import", app::api::welfare::VISIT_LIST_BODY_LIMIT + 1),
        ("/sf/welfare/case/record", 64 * 1024 + 1),
    ] {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {length}\r\n\r\n"
        );
        let answer = crate::support::raw::post_body(&addr, &head, length).await;
        if crate::support::raw::status(&answer) != 413 {
            failures.push(format!("{path} announcing {length} bytes → {}", answer.lines().next().unwrap_or_default()));
        }
    }
    assert!(failures.is_empty(), "{} of {} calls:\n{}", failures.len(), calls.len(), failures.join("\n"));
    // the case is as it was: assigned, nothing recorded, still open
    let detail: Value =
        app.call("welfare/case", Some(&cookie), &[("id", case.to_string())]).await.json().await.unwrap();
    assert_eq!(
        (detail["line"]["stage"].as_str(), detail["activities"].as_array().map(Vec::len)),
        (Some("assigned"), Some(0))
    );
});
