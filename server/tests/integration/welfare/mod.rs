//! Welfare referrals (issue 20): the welfare roles, granted like the others; the dong's sections
//! with their in-charge officials; a neighbour's referral and the status its receipt tells; the
//! team's case work and its audit trail; the flags; visiting lists; and the threat model's
//! promises — nothing identifying rests readable in any table (or the SQLite files, or the logs),
//! keys rotate, retention removes the personal fields and keeps the figures.

mod case_work;
mod privacy;
mod under_pressure;

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
        async move { services::identity::load_actor(&db, id).await.unwrap().unwrap().grants }
    };
    let sinchon = DongCode::parse(SINCHON).unwrap();
    assert_eq!(grants(officer).await, vec![Grant::WelfareOfficer(sinchon.clone())]);
    assert_eq!(grants(nurse).await, vec![Grant::VisitingNurse(sinchon)]);
    assert_eq!(grants(supervisor).await, vec![Grant::WelfareSupervisor(DistrictCode::parse(SEODAEMUN).unwrap())]);
    // a dong's role needs a dong, a district's a district
    for (role, scope) in [("welfare_officer", SEODAEMUN), ("visiting_nurse", ""), ("welfare_supervisor", SINCHON)] {
        assert!(services::identity::roles::RoleGrantSpec::parse(role, scope).is_err(), "{role} {scope}");
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
    let audited = services::entities::audit_event::Entity::find()
        .filter(services::entities::audit_event::Column::Action.starts_with("welfare.section"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 4, "three saves and one removal");

    // an official who leaves the center is no longer named
    assert_eq!(save(form("15통", officer.to_string())).await.status(), 200);
    let html = app.get(&format!("/dongs/{SINCHON}")).await.text().await.unwrap();
    assert!(html.contains("김복지"));
    services::entities::role_grant::Entity::delete_many()
        .filter(services::entities::role_grant::Column::UserId.eq(officer))
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
use services::welfare::WelfareSettings;
use services::welfare::{cases, figures, referrals, retention};

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
