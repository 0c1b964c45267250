//! What operators reach: `/metrics` (only with its token, routes by pattern), the media store's
//! orphan sweep and check, and `uri-dongne check`.

use crate::db_test;
use crate::support::{Backend, TestApp};
use services::storage::MediaStore;
use services::storage::upkeep;

const TOKEN: &str = "metrics-token-0123456789";

db_test!(metrics_are_for_the_token_holder_and_name_routes_by_pattern, async |b: Backend| {
    let closed = TestApp::spawn(&b).await;
    assert_eq!(closed.get("/metrics").await.status(), 404, "no token configured: no /metrics");
    drop(closed);
    let app = TestApp::spawn_with(&b, &[("UD_METRICS_TOKEN", TOKEN)]).await;
    assert_eq!(app.get("/api/v1/dongs/1141058500/proposals").await.status(), 200);
    assert_eq!(app.get("/api/v1/proposals/999999999").await.status(), 404);
    // refused before routing, by its announced length: counted too (a client of its own: the
    // connection that announced a body it never sent is closed)
    let once = reqwest::Client::new();
    let big = once.post(app.url("/api/v1/dongs/1141058500/proposals")).header("content-length", "900000000");
    assert_eq!(big.send().await.unwrap().status(), 413);
    let scrape = |token: Option<&str>| {
        let mut req = app.client.get(app.url("/metrics"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    assert_eq!(scrape(None).await.unwrap().status(), 401);
    assert_eq!(scrape(Some("metrics-token-wrong-000000")).await.unwrap().status(), 401);
    let res = scrape(Some(TOKEN)).await.unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    for expected in [
        r#"route="/api/v1/dongs/{code}/proposals""#,
        r#"route="/api/v1/proposals/{id}",status="404""#,
        "ud_http_request_duration_seconds_bucket",
        "ud_db_pool_connections",
        r#"route="-",status="413""#,
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    assert!(!text.contains("proposals/999999999"), "raw paths never become labels");
});

db_test!(the_sweep_removes_orphans_only_when_old_and_never_a_named_file, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let (_, image) = crate::images::draft_with_image(&app).await;
    let store = MediaStore::new(app.media_dir());
    let orphan = store.put(b"no row names me").await.unwrap();
    let now = chrono::Utc::now();
    // within the grace period the orphan may be a file whose row is being written: kept
    let young = upkeep::sweep(&app.db, &store, chrono::Duration::minutes(60), now).await.unwrap();
    assert_eq!((young.orphans.len(), young.recent), (0, 1), "{young:?}");
    assert!(store.contains(&orphan).await);
    // older than the grace period: removed; the image its row names stays
    let later = now + chrono::Duration::minutes(61);
    let swept = upkeep::sweep(&app.db, &store, chrono::Duration::minutes(60), later).await.unwrap();
    assert_eq!(swept.orphans, vec![orphan.clone()]);
    assert!(!store.contains(&orphan).await);
    assert!(swept.missing.is_empty());
    let served = app.get(&format!("/media/proposal-images/{image}")).await;
    assert_ne!(served.status(), 500);
    let again = upkeep::check(&app.db, &store, chrono::Duration::zero(), later).await.unwrap();
    assert_eq!((again.stored, again.orphans.len(), again.missing.len()), (1, 0, 0), "{again:?}");
});

db_test!(a_row_without_its_file_breaks_an_invariant_the_check_reports, async |b: Backend| {
    use services::integrity;
    let app = TestApp::spawn(&b).await;
    let store = MediaStore::new(app.media_dir());
    let clean = integrity::check(&app.db, Some(&store)).await.unwrap();
    assert!(integrity::broken(&clean).is_empty(), "{clean:#?}");
    let _ = crate::images::draft_with_image(&app).await;
    for file in app.media_files() {
        std::fs::remove_file(file).unwrap();
    }
    let findings = integrity::check(&app.db, Some(&store)).await.unwrap();
    let broken = integrity::broken(&findings);
    assert_eq!(broken.len(), 1, "{findings:#?}");
    assert_eq!((broken[0].invariant, broken[0].violations), (integrity::MEDIA_INVARIANT, 1));
    // and the ledger check is not blind: an entry whose lines do not balance (written past the
    // services, which never write one) is found
    use sea_orm::{ActiveModelTrait, Set};
    use services::entities::{journal_entry, journal_line};
    let dong = app::domain::geo::DongCode::parse(crate::fund::CHUNGHYEON).unwrap();
    services::fund::lock(&app.db, &dong).await.unwrap();
    let entry = journal_entry::ActiveModel {
        dong_code: Set(crate::fund::CHUNGHYEON.into()),
        entry_date: Set("2026-12-01".into()),
        description: Set("균형이 맞지 않는 기록".into()),
        kind: Set(app::domain::ledger::EntryKind::Income.into()),
        total: Set(100),
        recorded_by: Set(app.person("회계", None).await),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await;
    let written = match entry {
        Ok(entry) => journal_line::ActiveModel {
            entry_id: Set(entry.id),
            account: Set("cash".into()),
            debit: Set(100),
            credit: Set(0),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .map(|_| ()),
        Err(e) => Err(e),
    };
    match (written, &b) {
        // PostgreSQL's deferred trigger refuses an entry that does not balance, at commit
        (Err(e), Backend::Postgres(_)) => assert!(e.to_string().contains("does not balance"), "{e}"),
        (Ok(()), Backend::Sqlite) => {
            let findings = integrity::check(&app.db, None).await.unwrap();
            let broken = integrity::broken(&findings);
            // written around the service, the entry is also missing from the fund's month totals
            assert_eq!(broken.len(), 2, "{findings:#?}");
            assert!(broken[0].invariant.contains("journal entry balances"), "{broken:?}");
            assert!(broken[1].invariant.contains("month totals"), "{broken:?}");
        }
        (written, _) => panic!("unexpected: {written:?}"),
    }
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_object_storage_backend_stores_lists_and_removes_in_a_real_s3_server() {
    use services::storage::StoredItem;
    let moto = crate::support::moto::Moto::start().await;
    let store = moto.store();
    store.check().await.unwrap();
    let key = store.put(b"receipt bytes").await.unwrap();
    assert!(store.contains(&key).await);
    assert_eq!(store.get(&key).await.unwrap(), b"receipt bytes");
    let listed = store.list().await.unwrap();
    assert!(matches!(&listed[..], [StoredItem::File { key: k, .. }] if *k == key), "{listed:?}");
    store.remove(&key).await;
    assert!(!store.contains(&key).await);
    assert_eq!(store.get(&key).await, Err(app::error::AppError::NotFound));
    store.remove(&key).await; // removing what is gone is not an error
    // a bucket that does not exist: the start-up check says so
    let missing = MediaStore::s3(&services::storage::S3Settings {
        bucket: "no-such-bucket".into(),
        endpoint: Some(moto.endpoint.clone()),
        region: "us-east-1".into(),
        access_key_id: "test".into(),
        secret_access_key: "test".into(),
    })
    .unwrap();
    assert!(missing.check().await.is_err());
}

db_test!(seed_scale_makes_its_sizes_once_and_every_invariant_holds, async |b: Backend| {
    use sea_orm::{EntityTrait, PaginatorTrait};
    use services::entities::{booking, journal_entry, open_ballot, proposal, proposal_support, user};
    use services::integrity;
    use services::seed::scale::{self, Sizes};
    let app = TestApp::spawn(&b).await;
    let counts = || async {
        [
            proposal::Entity::find().count(&app.db).await.unwrap(),
            proposal_support::Entity::find().count(&app.db).await.unwrap(),
            open_ballot::Entity::find().count(&app.db).await.unwrap(),
            booking::Entity::find().count(&app.db).await.unwrap(),
            journal_entry::Entity::find().count(&app.db).await.unwrap(),
        ]
    };
    let before = counts().await;
    let sizes = Sizes::divided_by(200);
    let r = scale::seed(&app.db, &app.seal(), sizes).await.unwrap();
    assert_eq!((r.residents, r.proposals, r.ballots, r.bookings, r.entries), (500, 100, 1_000, 250, 500), "{r:?}");
    // (at this size most dongs have one resident: a proposal there has at most one supporter)
    assert!(r.supports > 0 && r.supports <= sizes.supports, "{r:?}");
    assert_eq!((r.tokens.len(), r.open_items.len(), r.hot_spaces.len()), (1, 3, 3));
    // what the report says is what the tables gained
    let after = counts().await;
    let gained: Vec<u64> = after.iter().zip(before).map(|(a, b)| a - b).collect();
    let reported = [r.proposals, r.supports, r.ballots, r.bookings, r.entries].map(|n| n as u64);
    assert_eq!(gained, reported);
    let clean = integrity::check(&app.db, None).await.unwrap();
    assert!(integrity::broken(&clean).is_empty(), "{clean:#?}");
    // a seeded resident's token works for the API
    let (_, token) = &r.tokens[0];
    let res = app.client.get(app.url("/api/v1/me")).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    // a second run leaves the data as it is
    let users = user::Entity::find().count(&app.db).await.unwrap();
    let again = scale::seed(&app.db, &app.seal(), sizes).await.unwrap();
    assert_eq!(again.residents, 0);
    assert_eq!(user::Entity::find().count(&app.db).await.unwrap(), users);
});
