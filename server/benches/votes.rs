//! What durability costs: ballots per second on SQLite with `synchronous=FULL` (the default:
//! every commit synced, so an acknowledged ballot survives a power loss) and with `NORMAL`.
//!
//!     cargo bench -p server --bench votes
//!     BENCH_VOTERS=4000 BENCH_CONCURRENCY=64 cargo bench -p server --bench votes
//!     BENCH_BINARY=target/release/uri-dongne cargo test -p server --bench votes
//!
//! With `BENCH_BINARY` the server under test is that binary as a process of its own (e.g. the
//! release build, while the bench itself builds quickly in the test profile); without it, the
//! application runs inside the bench.
//!
//! For each setting: a fresh SQLite database (migrated, Seoul loaded), an assembly open for
//! pre-voting with one single-choice item, `BENCH_VOTERS` verified residents (default 2,000) with
//! read-write tokens; then every resident casts a ballot over the REST API, `BENCH_CONCURRENCY`
//! (default 32) at a time, against the real application on a loopback port. Reports ballots per
//! second (wall time of all casts) and the median and 99th percentile of one cast. The two runs
//! alternate twice, FULL first, and each figure is printed, so drift shows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::domain::assembly::{AssemblyDetails, AssemblyEvent, NewItem};
use app::domain::geo::DongCode;
use app::domain::identity::TokenScope;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use services::entities::{residency, user};
use services::{assemblies, identity};
use std::sync::Arc;
use std::time::{Duration, Instant};

const DONG: &str = "1141058500"; // Sinchon-dong, Seodaemun-gu

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let voters = setting("BENCH_VOTERS", 2000);
    let concurrency = setting("BENCH_CONCURRENCY", 32);
    let server = std::env::var("BENCH_BINARY").unwrap_or_else(|_| "in-process (this build's profile)".into());
    println!("{voters} ballots, {concurrency} at a time, SQLite (WAL), server: {server}");
    println!("{:<10} {:>12} {:>10} {:>10}", "synchronous", "ballots/s", "median", "p99");
    for synchronous in ["full", "normal", "full", "normal"] {
        let (rate, median, p99) = run(synchronous, voters, concurrency).await;
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        println!("{synchronous:<10} {rate:>12.0} {:>10} {:>10}", ms(median), ms(p99));
    }
}

async fn run(synchronous: &str, voters: usize, concurrency: usize) -> (f64, Duration, Duration) {
    let dir = std::env::temp_dir().join(format!("ud-bench-votes-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
    let media = dir.join("media").display().to_string();
    let vars: std::collections::HashMap<&str, String> = [
        ("DATABASE_URL", url),
        ("UD_ADDR", "127.0.0.1:0".to_owned()),
        ("UD_MEDIA_DIR", media),
        ("UD_SQLITE_SYNCHRONOUS", synchronous.to_owned()),
    ]
    .into();
    let config = server::config::Config::from_sources(|k| vars.get(k).cloned(), None).unwrap();
    let state = server::prepare(&config).await.unwrap();
    let item = open_item(&state).await;
    let tokens = residents(&state.db, voters).await;
    let option = {
        use services::entities::agenda_option;
        agenda_option::Entity::find()
            .filter(agenda_option::Column::ItemId.eq(item))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap()
            .id
    };

    let db = state.db.clone();
    let (base, _process) = match std::env::var("BENCH_BINARY") {
        Ok(binary) if !binary.is_empty() => {
            let (base, child) = spawn_binary(&binary, &vars).await;
            (base, Some(child))
        }
        _ => {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let limits = app::api::state::RequestLimits { max_in_flight: 100_000, ..Default::default() };
            tokio::spawn(server::http::serve(listener, server::http::router(state), std::future::pending(), limits));
            (base, None)
        }
    };
    let client = reqwest::Client::new();
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let url = format!("{base}/api/v1/agenda-items/{item}/ballot");
    let started = Instant::now();
    let casts: Vec<_> = tokens
        .into_iter()
        .map(|token| {
            let (client, url, gate) = (client.clone(), url.clone(), gate.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire_owned().await.unwrap();
                let t = Instant::now();
                let res = client.post(url).bearer_auth(token).json(&serde_json::json!({ "options": [option] })).send();
                let status = res.await.unwrap().status();
                assert_eq!(status, 201);
                t.elapsed()
            })
        })
        .collect();
    let mut times = Vec::with_capacity(casts.len());
    for c in casts {
        times.push(c.await.unwrap());
    }
    let wall = started.elapsed();
    times.sort();
    db.close().await.ok();
    let _ = std::fs::remove_dir_all(dir);
    (voters as f64 / wall.as_secs_f64(), times[times.len() / 2], times[times.len() * 99 / 100])
}

/// The binary `serve`s the same database and settings; ready when this returns. Killed when the
/// guard is dropped.
async fn spawn_binary(binary: &str, vars: &std::collections::HashMap<&str, String>) -> (String, KillOnDrop) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = KillOnDrop(
        std::process::Command::new(binary)
            .args(["serve", "--no-migrate"])
            .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
            .env("UD_ADDR", format!("127.0.0.1:{port}"))
            .env("UD_MAX_IN_FLIGHT", "100000")
            .env("RUST_LOG", "warn")
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..600 {
        if reqwest::get(format!("{base}/readyz")).await.is_ok_and(|r| r.status() == 200) {
            return (base, child);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{binary} did not become ready");
}

struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An assembly of Sinchon open for pre-voting, with one single-choice item.
async fn open_item(state: &app::api::state::AppState) -> i64 {
    let db = &state.db;
    let staff = user::Entity::insert(user::ActiveModel {
        display_name: Set("총회 담당".into()),
        birth_year: Set(Some(1980)),
        is_demo: Set(false),
        created_at: Set(chrono::Utc::now()),
        stay_signed_in: Set(false),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap()
    .last_insert_id;
    let spec = identity::roles::RoleGrantSpec::parse("center_staff", DONG).unwrap();
    identity::roles::grant(db, None, staff, spec).await.unwrap();
    let actor = identity::load_actor(db, staff).await.unwrap().unwrap();
    let now = chrono::Utc::now() + chrono::Duration::hours(9);
    let at = |days: i64, hour: u32| {
        (now + chrono::Duration::days(days))
            .date_naive()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let details = AssemblyDetails::parse(
        "2026 신촌동 주민총회",
        "올해 마을 계획을 정합니다.",
        "신촌동 주민센터 3층",
        &at(-1, 9),
        &at(2, 14),
        &at(2, 16),
    )
    .unwrap();
    let dong = DongCode::parse(DONG).unwrap();
    let id = assemblies::create(db, Some(&actor), &dong, details).await.unwrap();
    let item = NewItem::parse("single_choice", "마을 축제 날짜", "", "5월\n9월", "", "", "").unwrap();
    let item = assemblies::add_item(db, Some(&actor), id, item).await.unwrap();
    let seal = services::crypto::BallotSeal::new(server::config::DEV_SECRET.as_bytes());
    assemblies::advance(db, &seal, Some(&actor), id, AssemblyEvent::Announce, true).await.unwrap();
    assemblies::advance(db, &seal, Some(&actor), id, AssemblyEvent::OpenPreVoting, true).await.unwrap();
    item
}

/// `n` verified residents of Sinchon with read-write tokens.
async fn residents(db: &sea_orm::DatabaseConnection, n: usize) -> Vec<String> {
    let first = user::Entity::find().order_by_desc(user::Column::Id).one(db).await.unwrap().map_or(0, |u| u.id) + 1;
    for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
        let rows = chunk.iter().map(|i| user::ActiveModel {
            display_name: Set(format!("주민 {i}")),
            birth_year: Set(Some(1970)),
            is_demo: Set(false),
            created_at: Set(chrono::Utc::now()),
            home_dong_code: Set(Some(DONG.to_owned())),
            stay_signed_in: Set(false),
            ..Default::default()
        });
        user::Entity::insert_many(rows).exec(db).await.unwrap();
    }
    let ids: Vec<i64> = user::Entity::find()
        .filter(user::Column::Id.gte(first))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    for chunk in ids.chunks(200) {
        let rows = chunk.iter().map(|id| residency::ActiveModel {
            user_id: Set(*id),
            dong_code: Set(DONG.to_owned()),
            method: Set("id_card".to_owned()),
            verified_at: Set(chrono::Utc::now()),
            ..Default::default()
        });
        residency::Entity::insert_many(rows).exec(db).await.unwrap();
    }
    let mut tokens = Vec::with_capacity(n);
    for id in ids {
        let actor = identity::load_actor(db, id).await.unwrap().unwrap();
        tokens.push(identity::create_token(db, &actor, "bench".into(), TokenScope::ReadWrite).await.unwrap());
    }
    tokens
}
