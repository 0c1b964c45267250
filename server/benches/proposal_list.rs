//! How long the proposal list page takes with 20,000 proposals in the database.
//!
//!     cargo bench -p server --bench proposal_list
//!     BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench -p server --bench proposal_list
//!
//! Builds a fresh database (a temporary SQLite file, or a new database on the PostgreSQL server
//! named by `BENCH_DATABASE_URL`), puts 20,000 published proposals in one dong (with authors,
//! groups and supports counted on the rows), starts the real application on a loopback port and
//! times complete page renders (`GET`, full body read) for the list's common views. Reports the
//! median, 95th and 99th percentile of 200 requests after 5 warm-up requests. Loopback adds well under a
//! millisecond, so the times are server-side times plus that.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sea_orm::{ConnectionTrait, Database, EntityTrait, Set};
use std::time::{Duration, Instant};

const PROPOSALS: usize = 20_000;
const DONG: &str = "1141052000"; // Cheonyeon-dong, Seodaemun-gu
const DISTRICT: &str = "1141000000";
const RUNS: usize = 200;

#[tokio::main]
async fn main() {
    let (db_url, cleanup) = database().await;
    let vars: std::collections::HashMap<&str, String> =
        [("DATABASE_URL", db_url.clone()), ("UD_ADDR", "127.0.0.1:0".to_owned())].into();
    let config = server::config::Config::from_sources(|k| vars.get(k).cloned(), None).unwrap();
    let state = server::prepare(&config).await.unwrap();
    let t = Instant::now();
    fill(&state.db).await;
    println!("filled {PROPOSALS} proposals in {:.1} s ({})", t.elapsed().as_secs_f64(), backend(&db_url));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = server::http::router(state);
    tokio::spawn(server::http::serve(listener, router, std::future::pending(), Default::default()));
    let client = reqwest::Client::new();

    println!("{:<58} {:>9} {:>9} {:>9}", "page", "median", "p95", "p99");
    for path in [
        format!("/dongs/{DONG}/proposals"),
        format!("/dongs/{DONG}/proposals?sort=supports"),
        format!("/dongs/{DONG}/proposals?sort=threshold"),
        format!("/dongs/{DONG}/proposals?status=eligible&category=safety"),
        format!("/dongs/{DONG}/proposals?page=500"),
        format!("/dongs/{DONG}/proposals?q=%EA%B7%B8%EB%8A%98%EB%A7%89"), // 그늘막: 1/8 of the rows
        format!("/dongs/{DONG}/proposals?q=%EC%A1%B0%EB%AA%85"),          // 조명: two syllables
        format!("/dongs/{DONG}/proposals?q=%EC%A1%B0%EB%AA%85&sort=newest"),
        format!("/dongs/{DONG}/proposals?q=book"), // a Latin prefix
        format!("/dongs/{DONG}/proposals?q=%EC%A0%9C%EC%95%88%2019999"), // 제안 19999: one row
        format!("/api/v1/dongs/{DONG}/search?q=%EC%A1%B0%EB%AA%85"), // every kind at once
        format!("/districts/{DISTRICT}/proposals"),
    ] {
        let mut times = Vec::with_capacity(RUNS);
        for i in 0..RUNS + 5 {
            let start = Instant::now();
            let res = client.get(format!("{base}{path}")).send().await.unwrap();
            assert!(res.status().is_success(), "{path}: {}", res.status());
            let body = res.text().await.unwrap();
            let api = path.starts_with("/api/");
            assert!(api || body.contains("proposal-list") || body.contains("조건에 맞는 제안이 없습니다"), "{path}");
            if i >= 5 {
                times.push(start.elapsed());
            }
        }
        times.sort();
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        println!(
            "{:<58} {:>9} {:>9} {:>9}",
            path,
            ms(times[RUNS / 2]),
            ms(times[RUNS * 95 / 100]),
            ms(times[RUNS * 99 / 100])
        );
    }
    cleanup.await;
}

fn backend(url: &str) -> &'static str {
    if url.starts_with("postgres") { "PostgreSQL" } else { "SQLite" }
}

/// A fresh database URL, and what removes it afterwards.
async fn database() -> (String, std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>) {
    let id = uuid::Uuid::new_v4().simple().to_string();
    match std::env::var("BENCH_DATABASE_URL") {
        Ok(admin_url) if admin_url.starts_with("postgres") => {
            let name = format!("ud_bench_{id}");
            let url_name = name.clone();
            let admin = Database::connect(admin_url.as_str()).await.unwrap();
            admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
            let base = admin_url.rsplit_once('/').map(|(b, _)| b.to_owned()).unwrap();
            let drop = Box::pin(async move {
                let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
            });
            (format!("{base}/{url_name}"), drop)
        }
        _ => {
            let dir = std::env::temp_dir().join(format!("ud-bench-{id}"));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!("sqlite://{}?mode=rwc", dir.join("bench.db").display());
            (
                url,
                Box::pin(async move {
                    let _ = std::fs::remove_dir_all(dir);
                }),
            )
        }
    }
}

/// 20,000 published proposals in one dong, by 200 authors, at realistic stages, in batches.
async fn fill(db: &sea_orm::DatabaseConnection) {
    use services::entities::{proposal, user};
    let now = chrono::Utc::now();
    let authors: Vec<user::ActiveModel> = (0..200)
        .map(|i| user::ActiveModel {
            display_name: Set(format!("주민{i}")),
            birth_year: Set(Some(1950 + i % 50)),
            is_demo: Set(false),
            created_at: Set(now),
            home_dong_code: Set(Some(DONG.to_owned())),
            stay_signed_in: Set(false),
            ..Default::default()
        })
        .collect();
    user::Entity::insert_many(authors).exec(db).await.unwrap();
    let first_author: i64 = user::Entity::find().one(db).await.unwrap().unwrap().id;
    let categories =
        ["care_sharing", "environment_energy", "culture_learning", "safety", "children_youth", "elderly", "other"];
    let words =
        ["놀이터 그늘막", "골목 조명", "옥상 텃밭", "공유 우산", "반찬 나눔", "공부방", "repair café", "book club"];
    for batch in 0..(PROPOSALS / 500) {
        let rows = (0..500).map(|j| {
            let n = batch * 500 + j;
            let supports = (n * 7919 % 45) as i32;
            let status = if supports >= 30 { "eligible" } else { "published" };
            let title = format!("{} 제안 {n}", words[n % words.len()]);
            let problem = format!(
                "{}에 관한 문제 설명입니다. 주민 {n}번이 겪는 불편을 적었습니다.",
                words[(n / 3) % words.len()]
            );
            let solution =
                "해결책을 자세히 적은 글입니다. **굵게** 쓴 부분과 목록이 있습니다.\n\n- 하나\n- 둘".to_owned();
            proposal::ActiveModel {
                dong_code: Set(DONG.to_owned()),
                district_code: Set(DISTRICT.to_owned()),
                author_id: Set(first_author + (n % 200) as i64),
                group_id: Set(None),
                title: Set(title),
                problem: Set(problem),
                solution: Set(solution),
                category: Set(categories[n % categories.len()].to_owned()),
                cost_won: Set(Some((n as i64 % 50) * 100_000)),
                location: Set(None),
                status: Set(status.to_owned()),
                hidden: Set(n % 97 == 0),
                moderation_reason: Set(None),
                support_threshold: Set(30),
                supports_count: Set(supports),
                comments_count: Set((n % 9) as i32),
                created_at: Set(now - chrono::Duration::minutes(n as i64)),
                published_at: Set(Some(now - chrono::Duration::minutes(n as i64))),
                updated_at: Set(now),
                ..Default::default()
            }
        });
        proposal::Entity::insert_many(rows).exec(db).await.unwrap();
    }
    // the search index, as a start catches up rows loaded directly
    services::search::index_missing(db).await.unwrap();
    // fresh statistics for the planner
    db.execute_unprepared("ANALYZE").await.unwrap();
}
