//! Several app servers on one PostgreSQL database, as the platform runs behind a load balancer:
//! servers started together migrate and load data once (the setup lock), and two real server
//! processes splitting concurrent workloads keep every invariant one server keeps — one booking
//! per slot, one ballot per resident, no overdrawn fund — share sessions, and share uploads
//! through S3-compatible object storage (moto). PostgreSQL only: SQLite is one server's file.

use crate::assemblies::{open_assembly, options_of, staff as assembly_staff, voters};
use crate::fund::{claim, dong as chunghyeon, fund_with, media as fund_media, staff as fund_staff};
use crate::identity::SINCHON;
use crate::support::booking::{actor, open_space, tomorrow_at};
use crate::support::moto::Moto;
use crate::support::{Backend, Binary, TestApp, TestDb, postgres_url, within};
use app::domain::image::samples;
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, PaginatorTrait, QueryFilter, Statement};
use services::entities::{booking, participation, proposal_image};
use services::{fund, fund::claims, identity};
use std::collections::BTreeMap;

/// Counts rows of `table` in the database at `url`.
async fn count(db: &impl ConnectionTrait, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) AS n FROM {table}");
    let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Tallies answers' statuses.
async fn tally(tasks: Vec<tokio::task::JoinHandle<u16>>) -> BTreeMap<u16, usize> {
    let mut statuses = BTreeMap::new();
    for t in tasks {
        *statuses.entry(t.await.unwrap()).or_insert(0) += 1;
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: set UD_TEST_POSTGRES_URL and pass --include-ignored (make test does both when 127.0.0.1:5432 answers)"]
async fn four_servers_started_at_once_on_an_empty_database_load_it_once() {
    let backend = Backend::Postgres(postgres_url());
    let empty = TestDb::empty(&backend).await;
    let demo = [("UD_DEMO", "true")];
    // all four processes start before any is ready
    let mut servers: Vec<Binary> = (0..4).map(|_| Binary::spawn(&empty.url, &empty.media_dir, &demo)).collect();
    for s in &mut servers {
        s.ready().await;
    }
    let logs: Vec<String> = servers.iter().map(Binary::log_text).collect();
    let loaded = logs.iter().filter(|l| l.contains("demo data loaded")).count();
    let geography = logs.iter().filter(|l| l.contains("reference geography loaded")).count();
    assert_eq!((loaded, geography), (1, 1), "one server loads, the others find it loaded:\n{}", logs.join("\n---\n"));
    // the same rows as one server's load (the run's seeded template, loaded once)
    let db = Database::connect(empty.url.as_str()).await.unwrap();
    let seeded = TestDb::create(&backend).await;
    let reference = Database::connect(seeded.url.as_str()).await.unwrap();
    for table in ["districts", "dongs", "centers", "users", "proposals", "bookings", "journal_entries", "assemblies"] {
        assert_eq!(count(&db, table).await, count(&reference, table).await, "{table}");
    }
    assert_eq!(count(&db, "dongs").await, 426);
    for s in &servers {
        assert_eq!(reqwest::get(format!("{}/healthz", s.base)).await.unwrap().status(), 200);
    }
    drop(servers);
    db.close().await.ok();
    reference.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: set UD_TEST_POSTGRES_URL and pass --include-ignored (make test does both when 127.0.0.1:5432 answers)"]
async fn serve_without_migrating_refuses_a_database_that_was_not_migrated() {
    let backend = Backend::Postgres(postgres_url());
    let empty = TestDb::empty(&backend).await;
    let command = |args: &[&str]| {
        std::process::Command::new(crate::support::binary_path())
            .args(args)
            .env("DATABASE_URL", &empty.url)
            .env("UD_ADDR", "127.0.0.1:0")
            .env("UD_MEDIA_DIR", &empty.media_dir)
            .env_remove("UD_ENV")
            .env_remove("UD_DEMO")
            .output()
            .unwrap()
    };
    // --no-migrate on the empty database: exits, naming the step that was missed
    let out = command(&["serve", "--no-migrate"]);
    let text = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(text.contains("uri-dongne migrate"), "{text}");
    // after the separate step, it serves, and did not load anything itself
    let migrated = command(&["migrate"]);
    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));
    let mut server = Binary::spawn_with(&["serve", "--no-migrate"], &empty.url, &empty.media_dir, &[]);
    server.ready().await;
    assert!(!server.log_text().contains("reference geography loaded"), "{}", server.log_text());
    let dongs = reqwest::get(format!("{}/api/v1/dongs/{SINCHON}/proposals", server.base)).await.unwrap();
    assert_eq!(dongs.status(), 200, "the data the migrate step loaded is there");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: set UD_TEST_POSTGRES_URL and pass --include-ignored (make test does both when 127.0.0.1:5432 answers)"]
async fn two_servers_on_one_database_keep_every_invariant() {
    let backend = Backend::Postgres(postgres_url());
    let moto = Moto::start().await;
    // the fixtures' own app (in this process) writes the test's setup; the two servers under
    // test are processes of their own on the same database, with their uploads in the bucket
    let fixtures = TestApp::spawn(&backend).await;
    let url = fixtures.database_url();
    let s3 = moto.env();
    let env: Vec<(&str, &str)> = s3.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let media_dir = fixtures.media_dir();
    let (a, b) = tokio::join!(Binary::start_on(&url, &media_dir, &env), Binary::start_on(&url, &media_dir, &env));
    let servers = [fixtures.pointed_at(&a.base), fixtures.pointed_at(&b.base)];

    // 200 requests for one booking slot, split across the servers → exactly one booking
    let space = open_space(&fixtures, 0, false).await;
    let start = tomorrow_at(19);
    let starts_at = services::time_fmt::from_local_minute(start).to_rfc3339();
    let ends_at = services::time_fmt::from_local_minute(start + 30).to_rfc3339();
    let mut tasks = Vec::new();
    for i in 0..200 {
        use app::domain::identity::TokenScope;
        let id = fixtures.person(&format!("예약자 {i}"), Some(SINCHON)).await;
        let a = actor(&fixtures, id).await;
        let token = identity::create_token(&fixtures.db, &a, "booking".into(), TokenScope::ReadWrite).await.unwrap();
        let server = &servers[i % 2];
        let req = server.client.post(server.url(&format!("/api/v1/spaces/{space}/bookings"))).bearer_auth(token).json(
            &serde_json::json!({ "starts_at": starts_at, "ends_at": ends_at, "purpose": "반상회", "attendees": 5 }),
        );
        tasks.push(req);
    }
    let tasks = tasks
        .into_iter()
        .map(|req| tokio::spawn(async move { within("booking", req.send()).await.unwrap().status().as_u16() }))
        .collect();
    assert_eq!(tally(tasks).await, [(201, 1), (409, 199)].into());
    let holding = booking::Entity::find()
        .filter(booking::Column::SpaceId.eq(space))
        .filter(booking::Column::Status.is_in(["requested", "confirmed", "checked_in"]))
        .count(&fixtures.db)
        .await
        .unwrap();
    assert_eq!(holding, 1);

    // 1,000 residents each send their ballot three times, split across the servers → 1,000
    let staff = assembly_staff(&fixtures).await;
    let (_, items) = open_assembly(&fixtures, &staff).await;
    let options = options_of(&fixtures, items[0]).await;
    let tokens = voters(&fixtures, SINCHON, 1000, 1980).await;
    let limit = std::sync::Arc::new(tokio::sync::Semaphore::new(64));
    let mut tasks = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        for send in 0..3 {
            let server = &servers[(n + send) % 2];
            let req = server
                .client
                .post(server.url(&format!("/api/v1/agenda-items/{}/ballot", items[0])))
                .bearer_auth(token)
                .json(&serde_json::json!({ "options": [options[n % 2]] }));
            let limit = limit.clone();
            tasks.push(tokio::spawn(async move {
                let _permit = limit.acquire_owned().await.unwrap();
                within("ballot", req.send()).await.unwrap().status().as_u16()
            }));
        }
    }
    assert_eq!(tally(tasks).await, [(201, 1000), (409, 2000)].into());
    let voted = participation::Entity::find()
        .filter(participation::Column::ItemId.eq(items[0]))
        .count(&fixtures.db)
        .await
        .unwrap();
    assert_eq!(voted, 1000);

    // 50 approvals at once, split across the servers, of claims worth 1.5× the fund → 33 fit
    fund_with(&fixtures, 1_000_000).await;
    let (_, submitter) = fund_staff(&fixtures, "청구 담당").await;
    let mut ids = Vec::new();
    for n in 0..50 {
        let new = claim(30_000, &format!("scale-key-{n:04}-abcdefgh"));
        let media = fund_media(&fixtures);
        let (id, _) =
            claims::submit(&fixtures.db, &media, Some(&submitter), &chunghyeon(), None, new, None).await.unwrap();
        ids.push(id);
    }
    let (approver, _) = fund_staff(&fixtures, "승인 담당").await;
    let cookie = servers[0].sign_in(approver).await;
    let tasks = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let call = servers[n % 2].call(
                "fund/claims/decide",
                Some(&cookie),
                &[("claim_id", id.to_string()), ("decision", "approve".into()), ("reason", String::new())],
            );
            tokio::spawn(async move { call.await.status().as_u16() })
        })
        .collect();
    assert_eq!(tally(tasks).await, [(200, 33), (409, 17)].into());
    let balances = fund::balances(&fixtures.db, &chunghyeon()).await.unwrap();
    assert_eq!(balances.balance(), 10_000, "never below zero");

    // a session made on one server is good on the other: the cookie from server A above was
    // used on server B for half the approvals; and a page says who is signed in
    let me = servers[1].get_with_cookie("/account", &cookie).await;
    assert_eq!(me.status(), 200);
    assert!(me.text().await.unwrap().contains("승인 담당"));

    // an image uploaded through one server is served by the other, from the bucket
    let (proposal, author) = crate::images::own_draft(&servers[0], "김사진").await;
    let upload = servers[0]
        .client
        .post(servers[0].url(&format!("/proposals/{proposal}/images")))
        .header("cookie", &author)
        .multipart(crate::images::image_form(samples::png(40, 30), "놀이터 사진"))
        .send();
    let res = within("upload", upload).await.unwrap();
    assert!(res.status().is_redirection() || res.status().is_success(), "{}", res.status());
    let image = proposal_image::Entity::find()
        .filter(proposal_image::Column::ProposalId.eq(proposal))
        .one(&fixtures.db)
        .await
        .unwrap()
        .unwrap();
    let served = servers[1].get_with_cookie(&format!("/media/proposal-images/{}", image.id), &author).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/png");
    let key = services::storage::MediaKey::parse(&image.storage_key).unwrap();
    assert!(moto.store().contains(&key).await, "the file is in the bucket");
    assert!(fixtures.media_files().is_empty(), "and on no server's disk: {:?}", fixtures.media_files());

    // and the database's invariants hold after all of it
    let findings = services::integrity::check(&fixtures.db, Some(&moto.store())).await.unwrap();
    assert!(services::integrity::broken(&findings).is_empty(), "{findings:?}");
    drop((a, b));
}
