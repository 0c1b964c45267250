//! Reports over real HTTP: only verified residents of an item's dong can hide it by reporting
//! (accounts anyone can make are recorded and hide nothing), and one account's reports are
//! limited per window, however many arrive at once.

use crate::db_test;
use crate::identity::{BUGAHYEON, SINCHON, join_all};
use crate::participation::{published_proposal, resident};
use crate::support::{Backend, TestApp};
use app::domain::moderation::REPORTS_PER_WINDOW;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use services::entities::{comment, proposal, report};

/// `n` comments on one fresh published proposal in Sinchon, by a verified resident.
async fn comments(app: &TestApp, n: usize) -> Vec<i64> {
    use services::{identity, proposals};
    let (pid, _) = published_proposal(app, "신고를 받을 제안").await;
    let writer = app.person("댓글쓴이", Some(SINCHON)).await;
    app.verify(writer, SINCHON).await;
    let actor = identity::load_actor(&app.db, writer).await.unwrap().unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(proposals::comment(&app.db, Some(&actor), pid, None, &format!("의견 {i}번입니다")).await.unwrap());
    }
    ids
}

fn report_comment(
    app: &TestApp,
    cookie: &str,
    id: i64,
) -> impl std::future::Future<Output = reqwest::Response> + use<> {
    app.call("report", Some(cookie), &[("kind", "comment".into()), ("id", id.to_string()), ("reason", "spam".into())])
}

async fn comment_hidden(app: &TestApp, id: i64) -> bool {
    comment::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().hidden
}

async fn reports_on(app: &TestApp, kind: &str, id: i64) -> u64 {
    report::Entity::find()
        .filter(report::Column::TargetKind.eq(kind))
        .filter(report::Column::TargetId.eq(id))
        .count(&app.db)
        .await
        .unwrap()
}

/// Signed-in accounts that are not verified residents of Sinchon: one registered there but not
/// verified, one with no dong at all, one verified resident of another dong of the district.
async fn outsiders(app: &TestApp) -> Vec<String> {
    let registered = app.person("미확인 주민", Some(SINCHON)).await;
    let nobody = app.person("새 계정", None).await;
    let neighbour = app.person("북아현 주민", Some(BUGAHYEON)).await;
    app.verify(neighbour, BUGAHYEON).await;
    let mut cookies = Vec::new();
    for id in [registered, nobody, neighbour] {
        cookies.push(app.sign_in(id).await);
    }
    cookies
}

db_test!(only_verified_residents_of_the_items_dong_hide_it_by_reporting, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let cid = comments(&app, 1).await[0];
    let outsiders = outsiders(&app).await;
    // three accounts that are not residents of the dong: recorded, and the comment stays
    for cookie in &outsiders {
        assert_eq!(report_comment(&app, cookie, cid).await.status(), 200);
    }
    assert_eq!(reports_on(&app, "comment", cid).await, 3, "every report is recorded");
    assert!(!comment_hidden(&app, cid).await, "three outsiders' reports hide nothing");

    // the same over REST, on a proposal
    let (pid, _) = published_proposal(&app, "REST로 신고받는 제안").await;
    for cookie in &outsiders {
        let body = serde_json::json!({ "target_kind": "proposal", "target_id": pid, "reason": "spam" });
        let res =
            app.client.post(app.url("/api/v1/reports")).header("cookie", cookie).json(&body).send().await.unwrap();
        assert!(res.status().is_success(), "{}", res.status());
    }
    assert_eq!(reports_on(&app, "proposal", pid).await, 3);
    assert!(!proposal::Entity::find_by_id(pid).one(&app.db).await.unwrap().unwrap().hidden);

    // three verified residents of the comment's dong: the third hides it (five open reports,
    // of which three count)
    let mut residents = Vec::new();
    for i in 0..3 {
        residents.push(resident(&app, &format!("신촌 주민{i}")).await.1);
    }
    assert_eq!(report_comment(&app, &residents[0], cid).await.status(), 200);
    assert_eq!(report_comment(&app, &residents[1], cid).await.status(), 200);
    assert!(!comment_hidden(&app, cid).await, "two residents are not enough, with three outsiders beside them");
    assert_eq!(report_comment(&app, &residents[2], cid).await.status(), 200);
    assert!(comment_hidden(&app, cid).await, "three verified residents hide it");
    assert_eq!(reports_on(&app, "comment", cid).await, 6);
});

db_test!(one_accounts_reports_are_limited_even_when_sent_at_once, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let limit = usize::try_from(REPORTS_PER_WINDOW).unwrap();
    let targets = comments(&app, limit + 5 + limit).await;
    let (me, cookie) = resident(&app, "빠른 신고자").await;

    // limit + 5 different items at once: exactly `limit` are taken, the rest told to wait
    let burst: Vec<_> = targets[..limit + 5].iter().map(|id| Box::pin(report_comment(&app, &cookie, *id))).collect();
    let statuses: Vec<u16> = join_all(burst).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), limit, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 5, "{statuses:?}");
    let mine = report::Entity::find().filter(report::Column::ReporterId.eq(me)).count(&app.db).await.unwrap();
    assert_eq!(mine, REPORTS_PER_WINDOW, "a refused report leaves no row");
    // and a later one too, within the window
    assert_eq!(report_comment(&app, &cookie, targets[limit + 5]).await.status(), 429);

    // the limit is per account: another resident reports; a repeated report (409) takes no place
    let (_, other) = resident(&app, "다른 신고자").await;
    let rest = &targets[limit + 5..];
    assert_eq!(report_comment(&app, &other, rest[0]).await.status(), 200);
    for _ in 0..5 {
        assert_eq!(report_comment(&app, &other, rest[0]).await.status(), 409);
    }
    for id in &rest[1..] {
        assert_eq!(report_comment(&app, &other, *id).await.status(), 200, "a 409 took a place");
    }
});
