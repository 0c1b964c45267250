//! What one request may cost: bodies bounded before they are read, requests and headers that
//! take too long, more requests at once than the server takes, a shutdown with requests stuck,
//! and every refusal a problem+json answer. PostgreSQL's statement and lock limits.

use crate::postgres_test;
use crate::support::{Backend, Binary, TestApp, raw};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

const MB50: usize = 50 * 1024 * 1024;

fn post_head(path: &str, content_type: &str, length: Option<usize>) -> String {
    let length = match length {
        Some(n) => format!("Content-Length: {n}\r\n"),
        None => "Transfer-Encoding: chunked\r\n".into(),
    };
    format!("POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n{length}\r\n")
}

/// Sends a 50 MB chunked body as fast as the server takes it (it stops taking it when it has
/// refused the request) and returns the answer's head.
async fn chunked_flood(addr: &str, path: &str, content_type: &str) -> String {
    let mut s = raw::send(addr, post_head(path, content_type, None).as_bytes()).await;
    let (mut reader, mut writer) = s.split();
    let flood = async {
        let chunk = vec![b'a'; 64 * 1024]; // on the heap: the future is moved about
        let head = format!("{:x}\r\n", chunk.len());
        for _ in 0..MB50 / chunk.len() {
            let write = async {
                writer.write_all(head.as_bytes()).await?;
                writer.write_all(&chunk).await?;
                writer.write_all(b"\r\n").await
            };
            if write.await.is_err() {
                break; // the server closed the connection
            }
        }
    };
    raw::while_writing(&mut reader, flood).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_megabyte_bodies_are_refused_while_memory_stays_flat() {
    let bin = Binary::start(&Backend::Sqlite, &[]).await;
    let before = bin.memory_kib("VmRSS");
    for path in ["/sf/sign_in_code", "/api/v1/dongs/1141052000/proposals", "/proposals/1/images"] {
        // announced: refused from the Content-Length alone, before a byte of the body
        let mut s = raw::send(&bin.addr, post_head(path, "application/json", Some(MB50)).as_bytes()).await;
        let answer = raw::answer(&mut s, Duration::from_secs(10)).await.unwrap_or_default();
        assert_eq!(raw::status(&answer), 413, "{path}: {answer}");
        assert!(answer.contains("application/problem+json"), "{path}: {answer}");
    }
    // not announced (chunked): read up to the limit, then refused
    for (path, content_type) in [
        ("/sf/sign_in_code", "application/x-www-form-urlencoded"),
        ("/api/v1/dongs/1141052000/proposals", "application/json"),
    ] {
        let answer = chunked_flood(&bin.addr, path, content_type).await;
        // the proposal endpoint asks who is asking first: a stranger is turned away unread
        let status = raw::status(&answer);
        assert!(status == 413 || status == 401, "{path}: {answer}");
    }
    let peak = bin.memory_kib("VmHWM");
    let after = bin.memory_kib("VmRSS");
    eprintln!("RSS before {before} KiB, after {after} KiB, peak {peak} KiB");
    assert!(peak < before + 16 * 1024, "memory grew from {before} KiB to a peak of {peak} KiB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_never_finishes_times_out() {
    let app =
        TestApp::spawn_with(&Backend::Sqlite, &[("UD_REQUEST_TIMEOUT_SECS", "1"), ("UD_HEADER_TIMEOUT_SECS", "1")])
            .await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    // a body announced and only partly sent
    let mut head = post_head("/sf/sign_in_code", "application/x-www-form-urlencoded", Some(100)).into_bytes();
    head.extend_from_slice(b"code=AB");
    let mut s = raw::send(&addr, &head).await;
    let t0 = std::time::Instant::now();
    let answer = raw::answer(&mut s, Duration::from_secs(10)).await.unwrap_or_default();
    assert_eq!(raw::status(&answer), 408, "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(t0.elapsed() < Duration::from_secs(5), "answered after {:?}", t0.elapsed());
    // headers that never end: the connection is closed
    let mut s = raw::send(&addr, b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ").await;
    let t0 = std::time::Instant::now();
    let answer = raw::answer(&mut s, Duration::from_secs(10)).await;
    assert!(t0.elapsed() < Duration::from_secs(5), "closed after {:?}", t0.elapsed());
    assert!(answer.as_deref().is_none_or(|a| !a.starts_with("HTTP/1.1 200")), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_requests_than_the_server_takes_are_shed_with_retry_after() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &[("UD_MAX_IN_FLIGHT", "2")]).await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let stuck = post_head("/sf/sign_in_code", "application/x-www-form-urlencoded", Some(100));
    let hold = [raw::send(&addr, stuck.as_bytes()).await, raw::send(&addr, stuck.as_bytes()).await];
    // once both are being answered, a third request is refused at once
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let res = app.get("/healthz").await;
        if res.status() == 503 {
            break res;
        }
        assert!(std::time::Instant::now() < deadline, "never shed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert_eq!(refused.headers()["retry-after"], "5");
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    // and served again when they are gone
    drop(hold);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while app.get("/healthz").await.status() != 200 {
        assert!(std::time::Instant::now() < deadline, "never recovered");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_with_a_stuck_request_ends_within_the_deadline() {
    let mut bin = Binary::start(&Backend::Sqlite, &[("UD_SHUTDOWN_DEADLINE_SECS", "2")]).await;
    let stuck = post_head("/sf/sign_in_code", "application/x-www-form-urlencoded", Some(100));
    let _held = raw::send(&bin.addr, stuck.as_bytes()).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    bin.signal("-TERM");
    let (status, took) = bin.wait(Duration::from_secs(15)).await.expect("the binary did not stop");
    assert_eq!(status.code(), Some(0));
    assert!(took >= Duration::from_millis(1500), "it waited for the request first ({took:?})");
    assert!(took < Duration::from_secs(6), "stopped after {took:?}");
    assert!(bin.log_text().contains("shutdown deadline passed"), "{}", bin.log_text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_of_the_framework_are_problem_documents() {
    let app = TestApp::spawn(&Backend::Sqlite).await;
    let problem = |res: reqwest::Response, status: u16| async move {
        assert_eq!(res.status(), status);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let allow = res.headers().get("allow").cloned();
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["status"], status);
        assert!(body["type"].as_str().unwrap().starts_with("/api/v1/problems/"));
        (body, allow)
    };
    // a path id that is not a number
    let (body, _) = problem(app.get("/api/v1/proposals/abc").await, 400).await;
    assert!(body["detail"].as_str().unwrap().contains("abc"), "the detail names what did not parse: {body}");
    // asked for compressed answers (the layer compressed the rejection's text), still readable
    let res =
        app.client.get(app.url("/api/v1/proposals/abc")).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert!(res.headers().get("content-encoding").is_none(), "{:?}", res.headers());
    problem(res, 400).await;
    // a query value of the wrong kind
    problem(app.get("/api/v1/spaces/1/availability?days=many").await, 400).await;
    // a wrong method, with the methods that are right
    let (_, allow) = problem(app.client.put(app.url("/api/v1/districts")).send().await.unwrap(), 405).await;
    assert!(allow.is_some_and(|a| a.to_str().unwrap().contains("GET")));
    // JSON that does not parse, and a body of the wrong type
    let cookie = app.sign_in(app.person("문제", Some("1141052000")).await).await;
    let post = |body: &'static str, ct: &'static str| {
        app.client
            .post(app.url("/api/v1/dongs/1141052000/proposals"))
            .header("cookie", cookie.clone())
            .header("content-type", ct)
            .body(body)
            .send()
    };
    problem(post("{\"title\":", "application/json").await.unwrap(), 400).await;
    problem(post("title=x", "text/plain").await.unwrap(), 415).await;
    // a body over the form limit on a JSON route: 413 (the upload routes take more)
    let big = format!("{{\"title\":\"{}\"}}", "가".repeat(40_000));
    let res = app
        .client
        .post(app.url("/api/v1/dongs/1141052000/proposals"))
        .header("cookie", cookie.clone())
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    problem(res, 413).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browsers_get_refusals_as_a_page_in_both_languages() {
    let app = TestApp::spawn(&Backend::Sqlite).await;
    let page = |res: reqwest::Response, status: u16, ko: &'static str, en: &'static str| async move {
        assert_eq!(res.status(), status);
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"), "{:?}", res.headers());
        let allow = res.headers().get("allow").cloned();
        let body = res.text().await.unwrap();
        assert!(body.contains(ko) && body.contains(en), "{body}");
        assert!(body.contains("href=\"/\""), "a way home: {body}");
        allow
    };
    // a page address asked with a method it does not take
    let res = app.client.put(app.url("/")).header("accept", "text/html").send().await.unwrap();
    let allow = page(res, 405, "할 수 없는 요청", "does not take that kind of request").await;
    assert!(allow.is_some(), "the methods that are right stay");
    // a form body over the limit, sent to a page
    let res = app
        .client
        .post(app.url("/"))
        .header("accept", "text/html")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("title={}", "x".repeat(200_000)))
        .send()
        .await
        .unwrap();
    assert!([405, 413].contains(&res.status().as_u16()), "{}", res.status());
    assert!(res.text().await.unwrap().contains("우리동네 처음으로"), "a page, not a blank");
    // the API keeps answering problem documents whatever the client accepts (on a new
    // connection: the server closed the last one after refusing the body it did not read, and a
    // pooled client may try to reuse it before it learns so)
    let fresh = reqwest::Client::new();
    let res = fresh.put(app.url("/api/v1/districts")).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_sites_send_hsts_and_http_ones_do_not() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &[("UD_PUBLIC_URL", "https://uri-dongne.example")]).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let plain = TestApp::spawn(&Backend::Sqlite).await;
    assert!(plain.get("/healthz").await.headers().get("strict-transport-security").is_none());
}

// SQLite waits at most its busy timeout; it has nothing of this to set.
postgres_test!(postgres_statements_and_lock_waits_are_bounded, |backend: Backend| async move {
    use sea_orm::{ConnectionTrait, Statement};
    let app = TestApp::spawn(&backend).await;
    for (setting, want) in [
        ("statement_timeout", server::db::STATEMENT_TIMEOUT),
        ("lock_timeout", server::db::LOCK_TIMEOUT),
        ("idle_in_transaction_session_timeout", server::db::IDLE_IN_TRANSACTION_TIMEOUT),
    ] {
        let row = app
            .db
            .query_one_raw(Statement::from_string(app.db.get_database_backend(), format!("SHOW {setting}")))
            .await
            .unwrap()
            .unwrap();
        let value: String = row.try_get_by_index(0).unwrap();
        assert_eq!(value, want, "{setting}");
    }
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_survive_clients_that_leave_midway() {
    use tokio::io::AsyncReadExt;
    let bin = Binary::start(&Backend::Sqlite, &[("UD_DEMO", "true")]).await;
    let pages =
        ["/", "/districts/1141000000", "/dongs/1141052000", "/dongs/1141052000/proposals", "/dongs/1141052000/fund"];
    let mut visits = Vec::new();
    for i in 0..600usize {
        let addr = bin.addr.clone();
        let page = pages[i % pages.len()];
        visits.push(tokio::spawn(async move {
            // as browsers ask (compressed) and as scripts do; the connection closes after the answer
            let encoding = if i % 2 == 0 { "gzip, deflate, br" } else { "identity" };
            let request = format!(
                "GET {page} HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\nAccept-Encoding: {encoding}\r\nConnection: close\r\n\r\n"
            );
            let mut s = raw::send(&addr, request.as_bytes()).await;
            // leave before the first byte, after a few, halfway, or read to the end
            let keep = [0usize, 1, 200, 3000, 12_000, usize::MAX][i % 6];
            let mut got = 0;
            let mut buf = [0u8; 1024];
            while got < keep {
                match tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await {
                    Ok(Ok(n)) if n > 0 => got += n,
                    _ => break,
                }
            }
            // a reset, as a phone that loses its network leaves it, not a polite close
            s.set_zero_linger().ok();
            drop(s);
        }));
    }
    for v in visits {
        v.await.unwrap();
    }
    // the pages left behind finish rendering; then the log is read
    tokio::time::sleep(Duration::from_secs(3)).await;
    let res = reqwest::get(format!("{}/", bin.base)).await.unwrap();
    assert_eq!(res.status(), 200, "still serving");
    let log = bin.log_text();
    assert!(!log.contains("panicked"), "a render panicked when its client left:\n{log}");
    assert!(!log.contains("disposed"), "{log}");
}
