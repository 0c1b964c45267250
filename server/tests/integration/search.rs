//! Search in Korean over real HTTP, on both databases: two-syllable words found inside longer
//! ones, ranked (title above body), no match across two words, one-syllable words by scan, the
//! index following edits, visibility (drafts never found), every kind (proposals, groups,
//! assemblies, fund entries), and query syntax of either database's search treated as text.
//! Also that the fund's month totals stay its journal's sums through every kind of posting.

use crate::db_test;
use crate::identity::AHYEON;
use crate::support::{Backend, TestApp};
use app::domain::assembly::{AssemblyDetails, AssemblyEvent, NewItem};
use app::domain::authz::Actor;
use app::domain::geo::DongCode;
use app::domain::group::GroupDetails;
use app::domain::proposal::ProposalContent;
use serde_json::Value;
use services::{assemblies, fund, groups, identity, integrity, proposals};

fn ahyeon() -> DongCode {
    DongCode::parse(AHYEON).unwrap()
}

async fn resident(app: &TestApp) -> Actor {
    let id = app.person("아현 주민", Some(AHYEON)).await;
    app.verify(id, AHYEON).await;
    identity::load_actor(&app.db, id).await.unwrap().unwrap()
}

async fn staff(app: &TestApp) -> Actor {
    let id = app.person("아현동 직원", None).await;
    app.grant(id, "center_staff", AHYEON).await;
    identity::load_actor(&app.db, id).await.unwrap().unwrap()
}

/// A proposal in Ahyeon by `author`, published unless `draft`.
async fn proposal(app: &TestApp, author: &Actor, title: &str, problem: &str, draft: bool) -> i64 {
    let content = ProposalContent::parse(title, problem, "주민이 함께 방법을 찾습니다.", "safety", "", "").unwrap();
    let id = proposals::create(&app.db, Some(author), &ahyeon(), content, None).await.unwrap();
    if !draft {
        proposals::publish(&app.db, Some(author), id).await.unwrap();
    }
    id
}

async fn json(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// The titles of a proposal list's page, in order.
async fn found(app: &TestApp, q: &str) -> Vec<String> {
    let v = json(app, &format!("/api/v1/dongs/{AHYEON}/proposals?q={}", urlencoding(q))).await;
    v["items"].as_array().unwrap().iter().map(|p| p["title"].as_str().unwrap().to_owned()).collect()
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

db_test!(korean_words_are_found_inside_longer_ones_and_ranked, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let author = resident(&app).await;
    proposal(&app, &author, "공영주차장 야간 개방", "밤에 차를 세울 곳이 없습니다.", false).await;
    proposal(&app, &author, "놀이터 그늘막 설치", "놀이터 옆 주차 공간이 부족해서 위험합니다.", false).await;
    proposal(&app, &author, "골목길 가로등 교체", "밤길이 어둡습니다.", false).await;
    proposal(&app, &author, "공원 원두 커피 나눔", "Book Café 옆에서 나눕니다.", false).await;
    proposal(&app, &author, "주차 단속 요청", "아직 공개하지 않은 초안입니다.", true).await;

    // a two-syllable word inside a longer one, the title's match first; the draft never
    assert_eq!(found(&app, "주차").await, ["공영주차장 야간 개방", "놀이터 그늘막 설치"]);
    // a longer word is its bigrams in a row: "주차 공간" does not hold "주차장"
    assert_eq!(found(&app, "주차장").await, ["공영주차장 야간 개방"]);
    // bigrams of two neighbouring words do not make a word that is not there
    assert!(found(&app, "공원두").await.is_empty());
    // a particle attached to the word
    assert_eq!(found(&app, "놀이터").await, ["놀이터 그늘막 설치"]);
    // every word must be there
    assert_eq!(found(&app, "주차 위험").await, ["놀이터 그늘막 설치"]);
    // a one-syllable word has no bigram: it is looked for by scanning the dong
    assert_eq!(found(&app, "길").await, ["골목길 가로등 교체"]);
    // other words by their start, case and accents as typed
    assert_eq!(found(&app, "café").await, ["공원 원두 커피 나눔"]);
    assert_eq!(found(&app, "BOOK").await, ["공원 원두 커피 나눔"]);
    assert!(found(&app, "ook").await.is_empty(), "a word is matched from its start");

    // the search syntax of either database is text here, never a 500
    for q in
        ["\"주차", "주차 OR 놀이", "NEAR(주차 놀이)", "주차*", "'주차' <-> '차장'", "-주차", "주차:*", "^", "(((", "\\"]
    {
        let res = app.get(&format!("/api/v1/dongs/{AHYEON}/proposals?q={}", urlencoding(q))).await;
        assert_eq!(res.status(), 200, "{q}");
        let res = app.get(&format!("/api/v1/dongs/{AHYEON}/search?q={}", urlencoding(q))).await;
        assert_eq!(res.status(), 200, "{q}");
    }
    let res = app.get(&format!("/api/v1/dongs/{AHYEON}/search?q={}", "가".repeat(101))).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");

    // an edit moves the proposal in the index, in the same transaction
    let id = proposal(&app, &author, "자전거 보관소", "역 앞에 자전거가 넘칩니다.", false).await;
    assert!(found(&app, "주차장").await.len() == 1 && found(&app, "보관").await == ["자전거 보관소"]);
    let edited = ProposalContent::parse(
        "자전거 주차장",
        "역 앞에 자전거가 넘칩니다.",
        "주민이 함께 방법을 찾습니다.",
        "safety",
        "",
        "",
    )
    .unwrap();
    proposals::update(&app.db, Some(&author), id, edited).await.unwrap();
    assert!(found(&app, "보관").await.is_empty());
    assert_eq!(found(&app, "주차장").await.len(), 2);
    // the other orders still apply to what the search found
    let v = json(&app, &format!("/api/v1/dongs/{AHYEON}/proposals?q={}&sort=newest", urlencoding("주차장"))).await;
    assert_eq!(v["items"][0]["title"], "자전거 주차장");
    assert_eq!(v["total"], 2);
});

db_test!(one_search_finds_every_kind_a_visitor_may_see, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (author, clerk) = (resident(&app).await, staff(&app).await);
    proposal(&app, &author, "주차 안내판 설치", "주차 안내가 없습니다.", false).await;
    let details =
        GroupDetails::parse("아현 주차 나눔 모임", "빈 주차면을 이웃과 나눕니다.", "other", "", "open").unwrap();
    groups::create(&app.db, Some(&author), &ahyeon(), details).await.unwrap();
    let public = AssemblyDetails::parse(
        "주차 문제 주민총회",
        "주차 문제를 함께 정합니다.",
        "아현동 주민센터",
        "",
        "2027-03-02T14:00",
        "2027-03-02T16:00",
    )
    .unwrap();
    let public = assemblies::create(&app.db, Some(&clerk), &ahyeon(), public).await.unwrap();
    let item = NewItem::parse("single_choice", "주차면 나눔", "", "찬성\n반대", "", "", "").unwrap();
    assemblies::add_item(&app.db, Some(&clerk), public, item).await.unwrap();
    assemblies::advance(&app.db, &app.seal(), Some(&clerk), public, AssemblyEvent::Announce, true).await.unwrap();
    let draft =
        AssemblyDetails::parse("주차 초안 총회", "", "아현동 주민센터", "", "2027-04-02T14:00", "2027-04-02T16:00")
            .unwrap();
    assemblies::create(&app.db, Some(&clerk), &ahyeon(), draft).await.unwrap();
    let income =
        fund::NewIncome::parse(&fund::today().to_string(), "공영주차장 사용료 수입", "rental_fees", "50000").unwrap();
    fund::record_income(&app.db, Some(&clerk), &ahyeon(), income).await.unwrap();

    let v = json(&app, &format!("/api/v1/dongs/{AHYEON}/search?q={}", urlencoding("주차"))).await;
    assert_eq!((v["proposals_total"].as_u64(), v["groups_total"].as_u64()), (Some(1), Some(1)));
    assert_eq!(v["assemblies_total"], 1, "the draft is its organisers' alone");
    assert_eq!(v["assemblies"][0]["title"], "주차 문제 주민총회");
    assert_eq!(v["fund_entries_total"], 1);
    assert_eq!(v["fund_entries"][0]["description"], "공영주차장 사용료 수입");
    // the center's staff also find their draft
    let cookie = app.sign_in(clerk.user_id).await;
    let res = app.get_with_cookie(&format!("/api/v1/dongs/{AHYEON}/search?q={}", urlencoding("주차")), &cookie).await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["assemblies_total"], 2);

    // the page, in both languages; nothing asked, nothing listed; nothing found, said so
    let html = app.get(&format!("/dongs/{AHYEON}/search?q={}", urlencoding("주차"))).await.text().await.unwrap();
    for expected in
        ["주차 안내판 설치", "아현 주차 나눔 모임", "주차 문제 주민총회", "공영주차장 사용료 수입", "검색 결과"]
    {
        assert!(html.contains(expected), "{expected}");
    }
    assert!(!html.contains("주차 초안 총회"));
    let res = app.get_with_cookie(&format!("/dongs/{AHYEON}/search?q={}", urlencoding("주차")), "lang=en").await;
    assert!(res.text().await.unwrap().contains("search results"));
    let html = app.get(&format!("/dongs/{AHYEON}/search")).await.text().await.unwrap();
    assert!(!html.contains("주차 안내판 설치") && !html.contains("찾는 내용이 없습니다"));
    let html = app.get(&format!("/dongs/{AHYEON}/search?q={}", urlencoding("없는낱말"))).await.text().await.unwrap();
    assert!(html.contains("찾는 내용이 없습니다"));
    // a dong that does not exist
    assert_eq!(app.get("/api/v1/dongs/1144099999/search?q=a").await.status(), 404);
});

db_test!(the_funds_month_totals_are_its_journals_sums, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let clerk = staff(&app).await;
    let today = fund::today();
    let earlier = today.month().previous().previous().first_day();
    let mut ids = Vec::new();
    for (date, amount) in [(earlier, "300000"), (today, "120000"), (today, "5000")] {
        let income = fund::NewIncome::parse(&date.to_string(), "기부금 수입", "donation", amount).unwrap();
        ids.push(fund::record_income(&app.db, Some(&clerk), &ahyeon(), income).await.unwrap());
    }
    fund::reverse(&app.db, Some(&clerk), ids[2], "잘못 기록했습니다").await.unwrap();
    let summary = fund::summary(&app.db, &ahyeon()).await.unwrap();
    assert_eq!(summary.balance, 420_000);
    let months = &summary.months;
    let this = months.last().unwrap();
    assert_eq!((this.income, this.closing_balance), (120_000, 420_000), "the reversal nets out");
    let before = months.iter().find(|m| m.month == earlier.month().to_string()).unwrap();
    assert_eq!((before.income, before.closing_balance), (300_000, 300_000));
    let statement = fund::statement(&app.db, Some(&clerk), &ahyeon(), earlier.month().next()).await.unwrap();
    assert_eq!((statement.opening_balance, statement.closing_balance), (300_000, 300_000));

    let findings = integrity::check(&app.db, None).await.unwrap();
    let totals = findings.iter().find(|f| f.invariant.contains("month totals")).unwrap();
    assert_eq!(totals.violations, 0);
    // the check can fail: a total that is not the journal's is found
    use sea_orm::ConnectionTrait;
    app.db.execute_unprepared("UPDATE fund_month_totals SET net = net + 1 WHERE account = 'cash'").await.unwrap();
    let findings = integrity::check(&app.db, None).await.unwrap();
    assert!(findings.iter().any(|f| f.invariant.contains("month totals") && f.violations > 0));
});

db_test!(the_list_total_is_kept_by_the_database_through_every_change, |backend: Backend| async move {
    use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
    use services::entities::proposal;
    let app = TestApp::spawn(&backend).await;
    let author = resident(&app).await;
    let total = |q: &'static str| {
        let app = &app;
        async move { json(app, &format!("/api/v1/dongs/{AHYEON}/proposals{q}")).await["total"].as_u64().unwrap() }
    };
    let (all, safety) = (total("").await, total("?category=safety").await);
    let draft = proposal(&app, &author, "아직 초안인 제안", "아직 공개하기 전의 초안입니다.", true).await;
    assert_eq!(total("").await, all, "a draft is not counted");
    let a = proposal(&app, &author, "공개된 제안 하나", "모두에게 공개된 제안입니다.", false).await;
    let b = proposal(&app, &author, "공개된 제안 둘", "모두에게 공개된 제안입니다.", false).await;
    assert_eq!((total("").await, total("?category=safety").await), (all + 2, safety + 2));
    assert_eq!(total("?status=published").await, total("?status=published&category=safety").await + all - safety);

    // hidden, withdrawn (counted only when asked for), moved to another status, deleted
    let hide = proposal::ActiveModel { id: Set(a), hidden: Set(true), ..Default::default() };
    hide.update(&app.db).await.unwrap();
    assert_eq!(total("").await, all + 1);
    proposals::withdraw(&app.db, Some(&author), b).await.unwrap();
    assert_eq!(total("").await, all);
    assert_eq!(total("?status=withdrawn").await, 1);
    let show = proposal::ActiveModel {
        id: Set(a),
        hidden: Set(false),
        status: Set(app::domain::proposal::ProposalStatus::Eligible.into()),
        ..Default::default()
    };
    show.update(&app.db).await.unwrap();
    assert_eq!((total("").await, total("?status=eligible").await), (all + 1, 1));
    proposal::Entity::delete_by_id(draft).exec(&app.db).await.unwrap();
    proposal::Entity::delete_by_id(b).exec(&app.db).await.unwrap();
    assert_eq!((total("").await, total("?status=withdrawn").await), (all + 1, 0));

    // the kept counts agree with the rows, and a count that does not is found
    let findings = integrity::check(&app.db, None).await.unwrap();
    assert!(integrity::broken(&findings).is_empty(), "{findings:?}");
    app.db.execute_unprepared("UPDATE proposal_counts SET n = n + 5").await.unwrap();
    let findings = integrity::check(&app.db, None).await.unwrap();
    assert!(integrity::broken(&findings).iter().any(|f| f.invariant.contains("proposal counts")), "{findings:?}");
});
