//! Pages and REST endpoints of the geography, and the reference/demo loaders.

use crate::db_test;
use crate::support::{Backend, TestApp, district_names};
use app::domain::geo::{Coordinates, DongCode, PlaceName};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;
use services::entities::{dong, user};
use services::geo;

/// A district as its card on the home page shows it.
fn card(name: &str) -> String {
    format!("<span class=\"card-title\">{name}</span>")
}

db_test!(home_names_all_districts_in_korean_by_default, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app.get("/").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"ko\""), "Korean is the default language");
    let names = district_names();
    assert_eq!(names.len(), 25);
    // (the page's data is also serialized for hydration, in both languages: look at the cards)
    for (ko, en) in &names {
        assert!(html.contains(&card(ko)), "home page lacks {ko}");
        assert!(!html.contains(&card(en)), "Korean page shows the English name {en}");
    }
    assert!(html.contains("통계청 SGIS (공공누리 제1유형), vuski/admdongkor (CC BY 4.0)"), "attribution in footer");
});

db_test!(home_in_english_when_the_cookie_says_so, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let html = app.get_with_cookie("/", "lang=en").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""));
    for (_, en) in district_names() {
        assert!(html.contains(&card(&en)), "English page lacks {en}");
    }
    assert!(html.contains("Seoul&#x27;s 25 districts") || html.contains("Seoul's 25 districts"));
});

db_test!(home_filter_without_javascript, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let html = app.get("/?q=%EC%84%9C%EB%8C%80%EB%AC%B8").await.text().await.unwrap(); // q=서대문
    assert!(html.contains(&card("서대문구")));
    assert!(!html.contains(&card("종로구")), "the filter leaves other districts out");
    assert!(html.contains("25개 중 1개 자치구"));
});

db_test!(district_and_dong_pages, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let html = app.get("/districts/1141000000").await.text().await.unwrap();
    assert!(html.contains("<h1>서대문구</h1>"));
    assert!(html.contains("14개 동"));
    assert!(html.contains("/dongs/1141052000") && html.contains("천연동"));
    // the demo expert is named on the district page
    assert!(html.contains("마을공동체 전문가"));

    let html = app.get_with_cookie("/dongs/1141052000", "lang=en").await.text().await.unwrap();
    assert!(html.contains("<h1>Cheonyeon-dong</h1>"));
    assert!(html.contains("Cheonyeon-dong Community Service Center"));
    assert!(html.contains("Weekdays 09:00–18:00"));
    assert!(html.contains("href=\"/districts/1141000000\""));
});

db_test!(unknown_or_malformed_codes_are_404_pages, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    for path in ["/districts/9999900000", "/dongs/1141099999", "/dongs/not-a-code", "/no/such/page"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 404, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains("페이지를 찾을 수 없습니다"), "{path} shows the not-found page");
    }
});

db_test!(rest_geography, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app.get("/api/v1/districts").await;
    assert_eq!(res.status(), 200);
    let districts: Vec<Value> = res.json().await.unwrap();
    assert_eq!(districts.len(), 25);
    let total: u64 = districts.iter().map(|d| d["dong_count"].as_u64().unwrap()).sum();
    assert_eq!(total, 426);

    let dongs: Vec<Value> = app.get("/api/v1/districts/1141000000/dongs").await.json().await.unwrap();
    assert_eq!(dongs.len(), 14);
    assert!(dongs.iter().all(|d| d["district_code"] == "1141000000"));

    let dong: Value = app.get("/api/v1/dongs/1141052000").await.json().await.unwrap();
    assert_eq!(dong["dong"]["name_ko"], "천연동");
    assert_eq!(dong["district"]["name_en"], "Seodaemun-gu");
    assert_eq!(dong["center"]["opens"], "09:00");
    assert_eq!(dong["staff"].as_array().unwrap().len(), 2, "two demo staff per Seodaemun-gu center");
});

db_test!(rest_errors_are_problem_json, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    for (path, status, slug) in [
        ("/api/v1/dongs/1141099999", 404, "not-found"),
        // a code no dong or district can have names nothing: not found, like an unknown one
        ("/api/v1/dongs/12", 404, "not-found"),
        ("/api/v1/districts/1141052000/dongs", 404, "not-found"),
        // a query value that parses but is out of range
        ("/api/v1/spaces/1/availability?days=99", 422, "invalid-input"),
        ("/api/v1/nothing-here", 404, "not-found"),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), status, "{path}");
        assert_eq!(res.headers()["content-type"], "application/problem+json", "{path}");
        let p: Value = res.json().await.unwrap();
        assert_eq!(p["status"], status);
        assert_eq!(p["type"], format!("/api/v1/problems/{slug}"));
        assert!(p["title"].is_string());
    }
});

db_test!(openapi_document_describes_the_endpoints, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in ["/api/v1/districts", "/api/v1/districts/{code}/dongs", "/api/v1/dongs/{code}"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} missing from the OpenAPI document");
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    let page = app.get("/developers").await.text().await.unwrap();
    assert!(page.contains("/api/v1/dongs/{code}"), "the API page lists the operations");
});

db_test!(reference_and_demo_loads_are_idempotent_and_keep_admin_edits, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let db = &app.db;
    let people = user::Entity::find().count(db).await.unwrap();
    assert!(people > 40, "demo people loaded");

    // an administrator renames one dong and retires another...
    let cheonyeon = DongCode::parse("1141052000").unwrap();
    geo::rename_dong(
        db,
        &cheonyeon,
        Some(&PlaceName::parse(app::domain::Field::DongNameKo, "천연새동").unwrap()),
        None,
    )
    .await
    .unwrap();
    geo::set_dong_active(db, &DongCode::parse("1141055500").unwrap(), false).await.unwrap();
    // ...and adds one that the 2022 snapshot does not have
    let new = DongCode::parse("1141099000").unwrap();
    geo::add_dong(
        db,
        &new,
        &PlaceName::parse(app::domain::Field::DongNameKo, "새빛동").unwrap(),
        &PlaceName::parse(app::domain::Field::DongNameKo, "Saebit-dong").unwrap(),
        Coordinates::parse("37.57", "126.94").unwrap(),
    )
    .await
    .unwrap();
    assert!(matches!(
        geo::add_dong(
            db,
            &new,
            &PlaceName::parse(app::domain::Field::DongNameKo, "x").unwrap(),
            &PlaceName::parse(app::domain::Field::DongNameKo, "x").unwrap(),
            Coordinates::parse("37", "127").unwrap()
        )
        .await,
        Err(app::error::AppError::Conflict(_))
    ));

    // a second start-up loads nothing new and undoes nothing
    let again = server::setup::load_reference(db).await.unwrap();
    assert_eq!(again, geo::ImportReport::default());
    let demo = server::setup::load_demo(
        db,
        server::config::DEV_SECRET.as_bytes(),
        &services::crypto::WelfareVault::derived(server::config::DEV_SECRET.as_bytes()),
    )
    .await
    .unwrap();
    assert!(demo.already_loaded);
    assert_eq!(user::Entity::find().count(db).await.unwrap(), people);
    let renamed = dong::Entity::find_by_id("1141052000").one(db).await.unwrap().unwrap();
    assert_eq!(renamed.name_ko, "천연새동");
    let active = dong::Entity::find()
        .filter(dong::Column::DistrictCode.eq("1141000000"))
        .filter(dong::Column::Active.eq(true))
        .count(db)
        .await
        .unwrap();
    assert_eq!(active, 14, "14 - 1 retired + 1 added");

    // the pages follow without a code change
    let html = app.get("/dongs/1141052000").await.text().await.unwrap();
    assert!(html.contains("<h1>천연새동</h1>") && html.contains("천연새동 주민센터"));
    let html = app.get("/districts/1141000000").await.text().await.unwrap();
    assert!(html.contains("새빛동"));
    assert!(html.contains("폐지되었거나 통합되었습니다"), "the retired dong is marked");
});
