//! Start-up and shutdown: graceful shutdown with requests in flight, SIGTERM, production checks.

use crate::support::{Backend, Binary, TestApp, TestDb};
use std::process::Command;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_in_flight_requests_finish() {
    let db = TestDb::create(&Backend::Sqlite).await;
    let config = crate::support::config_for(&db.url, &[]);
    let state = server::prepare(&config).await.unwrap();
    let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
    let started = std::sync::Mutex::new(Some(started_tx));
    let started = std::sync::Arc::new(started);
    // a probe route that takes a while, so the request is in flight when shutdown begins
    let slow = axum::Router::new().route(
        "/test/slow",
        axum::routing::get(move || {
            let started = started.clone();
            async move {
                if let Some(tx) = started.lock().unwrap().take() {
                    let _ = tx.send(());
                }
                tokio::time::sleep(Duration::from_millis(700)).await;
                "finished"
            }
        }),
    );
    let site = std::env::temp_dir().join(format!("ud-site-{}", uuid::Uuid::new_v4().simple()));
    let mut app = TestApp::start(state, site, db, slow).await;
    let url = app.url("/test/slow");
    let client = app.client.clone();
    let in_flight = tokio::spawn(async move { client.get(url).send().await.unwrap().text().await.unwrap() });
    started_rx.await.unwrap();
    let t0 = Instant::now();
    let result = app.stop().await;
    assert!(result.is_ok(), "serve returned {result:?}");
    assert!(t0.elapsed() >= Duration::from_millis(500), "shutdown waited for the request");
    assert_eq!(in_flight.await.unwrap(), "finished");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_binary_cleanly() {
    let mut bin = Binary::start(&Backend::Sqlite, &[]).await;
    bin.signal("-TERM");
    let (exit, _) = bin.wait(Duration::from_secs(20)).await.expect("server did not stop after SIGTERM");
    assert_eq!(exit.code(), Some(0), "exit status after SIGTERM");
}

#[test]
fn production_refuses_to_start_without_a_real_secret() {
    for secret in [None, Some("short"), Some(server::config::DEV_SECRET)] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_uri-dongne"));
        cmd.arg("serve").env("UD_ENV", "production").env("DATABASE_URL", "sqlite::memory:").env_remove("UD_DEMO");
        match secret {
            Some(s) => cmd.env("UD_SECRET", s),
            None => cmd.env_remove("UD_SECRET"),
        };
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "secret {secret:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("UD_SECRET"), "{err}");
    }
}
