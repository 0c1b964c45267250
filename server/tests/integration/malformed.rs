//! Malformed input to every server function — enumerated from the registry, not picked by hand —
//! as a stranger and as an administrator (who gets past every permission check to the arguments):
//! no answer is a server error.

use crate::identity::SINCHON;
use crate::support::{Backend, TestApp};

/// Bodies no form would send: nothing, undecodable percent-escapes, invalid UTF-8, JSON where a
/// form is expected, numbers too large or of the wrong kind, repeated keys, a lone `%`, plain
/// text.
const FORM: &str = "application/x-www-form-urlencoded";
const CASES: &[(&str, &[u8])] = &[
    (FORM, b""),
    (FORM, b"id=abc&code=%FF%FE&dong=..%2F..&user_id=x&x=1&x=2"),
    (FORM, b"\xff\xfe\xfd=\xc3\x28"),
    (FORM, b"id=99999999999999999999999&user_id=-48673.0&proposal_id=1e3&item_id=NaN"),
    (FORM, b"id=-1&user_id=-1&dong=0000000000&code=0000000000&district=9999999999&assembly_id=0"),
    (FORM, b"%"),
    ("application/json", b"{\"id\": \"abc\", \"dong\": [1, 2]}"),
    ("text/plain", b"hello"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_malformed_input_without_a_server_error() {
    let app = TestApp::spawn(&Backend::Sqlite).await;
    let admin = app.person("관리자", Some(SINCHON)).await;
    app.grant(admin, "admin", "").await;
    let cookie = app.sign_in(admin).await;
    let mut paths: Vec<(&str, http::Method)> = leptos::server_fn::axum::server_fn_paths().collect();
    paths.sort_by_key(|(p, _)| *p);
    assert!(paths.len() > 60, "the registry lists every server function: {}", paths.len());
    let mut requests = 0;
    let mut failures = Vec::new();
    for (path, method) in &paths {
        for (content_type, body) in CASES {
            for who in [None, Some(cookie.as_str())] {
                let mut req = if *method == http::Method::GET {
                    let query = String::from_utf8_lossy(body).replace(['\u{fffd}', '%'], "");
                    app.client.get(app.url(&format!("{path}?{query}")))
                } else {
                    app.client.post(app.url(path)).header("content-type", *content_type).body(body.to_vec())
                };
                if let Some(c) = who {
                    req = req.header("cookie", c);
                }
                let res = req.send().await.unwrap();
                requests += 1;
                if res.status().is_server_error() {
                    let status = res.status();
                    let text: String = res.text().await.unwrap_or_default().chars().take(200).collect();
                    failures.push(format!(
                        "{method} {path} {:?} signed in: {} → {status} {text}",
                        String::from_utf8_lossy(body),
                        who.is_some()
                    ));
                }
            }
        }
    }
    // a plain (JavaScript-off) form that fails is sent back where it came from with the error;
    // ten thousand typed characters in every usual field do not travel along in the Location
    // (six fields of 10,000 bytes: under the 64 KiB a form may be)
    let long = "x".repeat(10_000);
    let fields: Vec<(&str, &str)> = ["title", "body", "problem", "solution", "description", "name"]
        .into_iter()
        .map(|f| (f, long.as_str()))
        .collect();
    for (path, _) in paths.iter().filter(|(_, m)| *m == http::Method::POST) {
        let res = app
            .client
            .post(app.url(path))
            .header("accept", "text/html")
            .header("referer", app.url("/dongs/1141052000"))
            .header("cookie", cookie.as_str())
            .form(&fields)
            .send()
            .await
            .unwrap();
        requests += 1;
        if res.status().is_server_error() {
            failures.push(format!("no-JS POST {path} → {}", res.status()));
        }
        if let Some(location) = res.headers().get("location") {
            let n = location.as_bytes().len();
            if n > 2048 {
                failures.push(format!("no-JS POST {path}: a Location of {n} bytes"));
            }
        }
    }
    eprintln!("{} server functions, {requests} malformed requests, {} failures", paths.len(), failures.len());
    assert!(failures.is_empty(), "{} server errors:\n{}", failures.len(), failures.join("\n"));
}
