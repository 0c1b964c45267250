//! Malformed input, no answer a server error: to every server function — enumerated from the
//! registry, not picked by hand — as a stranger and as an administrator (who gets past every
//! permission check to the arguments); and to every plain HTTP route (uploads, downloads, feeds;
//! named by hand, since axum's router cannot list them) as a stranger, the dong's staff and a
//! verified resident.

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

/// The plain HTTP routes — uploads, downloads, feeds, OAuth, preferences — which axum's router
/// cannot list, so they are named here (a new plain route belongs in these lists), with `{}`
/// where a path takes a value.
const PLAIN_GETS: &[&str] = &[
    "/media/space-photos/{}",
    "/media/fund-receipts/{}",
    "/media/project-photos/{}",
    "/media/proposal-images/{}",
    "/spaces/{}/calendar.ics",
    "/calendar/{}",
    "/assemblies/{}/results.json",
    "/assemblies/{}/results.csv",
    "/dongs/{}/fund/journal.csv",
    "/dongs/{}/fund/projects.csv",
    "/auth/oauth/mock/callback?code={}&state={}",
    "/account/export.json?{}",
];
const PLAIN_POSTS: &[&str] = &[
    "/fund/entries/{}/evidence",
    "/fund/projects/{}/updates",
    "/proposals/{}/images",
    "/spaces/{}/photo",
    "/dongs/{}/fund/claims",
    "/auth/oauth/{}",
    "/prefs?{}",
];
/// What goes where a path or query takes a value: ids and codes that name nothing or cannot
/// parse, escapes that decode to nothing valid, a path that climbs, a value of 3,000 characters.
const VALUES: &[&str] = &[
    "1",
    "0",
    "-1",
    "abc",
    "99999999999999999999999",
    "1.5",
    "1e3",
    "%00",
    "%FF%FE",
    "%201",
    "..%2F..%2Fetc%2Fpasswd",
    "1141052000",
    "0000000000",
];

/// Multipart bodies no upload form would send: cut off, without a boundary, fields that are not
/// numbers or not UTF-8, a file whose bytes are not what its name and type say (an SVG with a
/// script, a truncated JPEG, a PNG header and noise), twenty files where one is expected.
fn multipart_cases() -> Vec<(String, Vec<u8>)> {
    const B: &str = "b0und4ry";
    let form = format!("multipart/form-data; boundary={B}");
    let part = |name: &str, file: Option<(&str, &str)>, data: &[u8]| -> Vec<u8> {
        let head = match file {
            Some((filename, ty)) => format!(
                "--{B}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {ty}\r\n\r\n"
            ),
            None => format!("--{B}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        [head.as_bytes(), data, b"\r\n"].concat()
    };
    let end = format!("--{B}--\r\n").into_bytes();
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[7u8; 200]].concat();
    let mut many = Vec::new();
    for _ in 0..20 {
        many.extend(part("photo", Some(("p.png", "image/png")), &png));
        many.extend(part("note", None, b"n"));
    }
    vec![
        (form.clone(), Vec::new()),
        (form.clone(), format!("--{B}\r\nbroken").into_bytes()),
        ("multipart/form-data".into(), b"x".to_vec()),
        (
            form.clone(),
            [
                part("amount", None, b"-99999999999999999999999"),
                part("category", None, b"\xff\xfe"),
                part("payee", None, &[b'x'; 30_000]),
                part("idempotency_key", None, b""),
                part("receipt", Some(("r.png", "image/png")), &png),
                end.clone(),
            ]
            .concat(),
        ),
        (
            form.clone(),
            [part("image", Some(("../../x.svg", "image/svg+xml")), b"<svg onload=alert(1)>"), end.clone()].concat(),
        ),
        (
            form.clone(),
            [part("photo", Some(("a.jpg", "image/jpeg")), b"\xff\xd8\xff\xe1\x00\x10Exif"), end.clone()].concat(),
        ),
        (form, [many, end].concat()),
        ("application/json".into(), b"{\"amount\": \"x\"}".to_vec()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_plain_route_answers_malformed_input_without_a_server_error() {
    let app = TestApp::spawn(&Backend::Sqlite).await;
    let staff = app.person("직원", Some(SINCHON)).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let resident = app.person("주민", Some(SINCHON)).await;
    app.verify(resident, SINCHON).await;
    let people = [None, Some(app.sign_in(staff).await), Some(app.sign_in(resident).await)];
    let long = "x".repeat(3_000);
    let values: Vec<&str> = VALUES.iter().copied().chain([long.as_str()]).collect();
    let bodies = multipart_cases();
    let (mut requests, mut failures) = (0, Vec::new());
    let mut check = |what: String, status: reqwest::StatusCode| {
        requests += 1;
        if status.is_server_error() {
            failures.push(format!("{what} → {status}"));
        }
    };
    for cookie in &people {
        let with = |req: reqwest::RequestBuilder| match cookie {
            Some(c) => req.header("cookie", c.as_str()),
            None => req,
        };
        let who = if cookie.is_some() { "signed in" } else { "anonymous" };
        for route in PLAIN_GETS {
            for value in &values {
                let path = route.replace("{}", value);
                for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
                    let res = with(app.client.request(method.clone(), app.url(&path))).send().await.unwrap();
                    check(format!("{method} {} ({who})", &path[..path.len().min(80)]), res.status());
                }
            }
        }
        for route in PLAIN_POSTS {
            for value in values.iter().take(8) {
                let path = route.replace("{}", value);
                for (content_type, body) in &bodies {
                    let req = app.client.post(app.url(&path)).header("content-type", content_type.as_str());
                    let res = with(req.body(body.clone())).send().await.unwrap();
                    check(format!("POST {path} {content_type} ({who})"), res.status());
                }
                let res = with(app.client.put(app.url(&path)).body("x")).send().await.unwrap();
                check(format!("PUT {path} ({who})"), res.status());
            }
        }
    }
    eprintln!(
        "{} plain routes, {requests} malformed requests, {} failures",
        PLAIN_GETS.len() + PLAIN_POSTS.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{} server errors:\n{}", failures.len(), failures.join("\n"));
}
