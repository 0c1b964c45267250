//! Malformed input, no answer a server error: to every server function — enumerated from the
//! registry, not picked by hand — as a stranger and as an administrator (who gets past every
//! permission check to the arguments); and to every plain HTTP route (uploads, downloads, feeds;
//! enumerated from their registry, `app::api::plain_routes()`) as a stranger, the dong's staff and
//! a verified resident. Beyond "no 5xx", each says what the refusal is where that is well defined:
//! an administrator's call naming none of a function's arguments is refused as bad input (400 or
//! 422); an id that is no number, or a dong code that is no code, is refused by the parse that
//! reads it (naming the field where the handler's own parse answers); an upload form that cannot
//! be read sends its page a refusal naming the field.

use crate::identity::SINCHON;
use crate::support::booking::open_space;
use crate::support::fund::{entry_in, project_in};
use crate::support::{Backend, TestApp, refusal_in};
use app::error_code::ErrorCode;
use sea_orm::EntityTrait;

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

/// Bodies of `CASES` that name no argument of any server function.
const NAMING_NO_ARGUMENT: &[(&str, &[u8])] = &[(FORM, b""), (FORM, b"%"), ("text/plain", b"hello")];

const SIGN_OUT: &str = "/sf/sign_out";

/// Server functions an administrator may call naming no argument, and why: they take none, or
/// only ones that mean something when left out. Each answers such a call 2xx (checked), so none
/// stays here once it takes an argument it cannot do without.
const NO_ARGUMENT_NEEDED: &[(&str, &str)] = &[
    ("/sf/account", "takes none: the caller's own account"),
    ("/sf/me", "takes none: the caller"),
    ("/sf/admin/grants", "takes none: every grant"),
    ("/sf/admin/proposals", "takes none: every pending proposal"),
    ("/sf/api_operations", "takes none: the API's operations"),
    ("/sf/districts", "takes none: the city's districts"),
    ("/sf/sign_in_options", "takes none: the configured providers"),
    ("/sf/staff/centers", "takes none: the centers the caller staffs"),
    ("/sf/audit", "optional only: the district (none: the whole city) and the page (none: the first)"),
    ("/sf/notifications", "optional only: the page (none: the first)"),
    ("/sf/notifications/read", "optional only: the notification (none: all of them)"),
    ("/sf/notifications/unread", "takes none: the caller's count"),
    ("/sf/bookings/feed", "takes none: renews the caller's own feed"),
    ("/sf/bookings/mine", "takes none: the caller's bookings"),
    ("/sf/welfare/receipt", "takes none: the receipt in the caller's session"),
    ("/sf/welfare/status/last", "takes none: the status in the caller's session"),
    ("/sf/messages", "takes none: the caller's own addresses and choices"),
    ("/sf/dev/outbox", "takes none: the caller's own messages"),
    (SIGN_OUT, "takes none (and ends the session: not called here)"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_malformed_input_without_a_server_error() {
    let app = TestApp::spawn(&Backend::Sqlite).await;
    let admin = app.person("관리자", Some(SINCHON)).await;
    app.grant(admin, "admin", "").await;
    let cookie = app.sign_in(admin).await;
    let mut paths: Vec<(&str, http::Method)> = leptos::server_fn::axum::server_fn_paths().collect();
    // signing out ends the administrator's session: last, so every other function is asked by a
    // signed-in administrator too
    paths.sort_by_key(|(p, _)| (*p == SIGN_OUT, *p));
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
    // the administrator signed out above (`/sf/sign_out` takes no argument): signed in again
    let cookie = app.sign_in(admin).await;
    // an administrator's call that names none of a function's arguments is refused as bad input
    // — 400 from the server function's decoding, or 422 from our parse of an argument left empty
    // — by every function but those that can be called with no argument, which answer it
    for (path, method) in paths.iter().filter(|(p, _)| *p != SIGN_OUT) {
        let needs_none = NO_ARGUMENT_NEEDED.iter().any(|(q, _)| path == q);
        for (content_type, body) in NAMING_NO_ARGUMENT {
            let req = if *method == http::Method::GET {
                app.client.get(app.url(&format!("{path}?{}", String::from_utf8_lossy(body))))
            } else {
                app.client.post(app.url(path)).header("content-type", *content_type).body(body.to_vec())
            };
            let res = req.header("cookie", cookie.as_str()).send().await.unwrap();
            requests += 1;
            let status = res.status();
            let right = if needs_none { status.is_success() } else { status == 400 || status == 422 };
            if !right {
                let text: String = res.text().await.unwrap_or_default().chars().take(200).collect();
                failures.push(format!(
                    "{method} {path} {:?} as an administrator: {status}, not {}: {text}",
                    String::from_utf8_lossy(body),
                    if needs_none { "2xx (it is in NO_ARGUMENT_NEEDED)" } else { "400 or 422" }
                ));
            }
        }
    }
    for (path, _) in NO_ARGUMENT_NEEDED {
        assert!(paths.iter().any(|(p, _)| p == path), "{path} is exempted but no longer served");
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
    assert!(failures.is_empty(), "{} wrong answers:\n{}", failures.len(), failures.join("\n"));
}

/// The plain HTTP routes — uploads, downloads, feeds, OAuth, preferences — as the registry lists
/// them (`app::api::plain_routes()`), each as the path to request with `{}` where a value goes:
/// the registered path with `{}` for each parameter, or what `SENT_AS` says.
fn plain_routes(method: &http::Method) -> Vec<(&'static str, String)> {
    let routes = app::api::plain_routes();
    for r in routes.routes() {
        assert!(
            r.method == http::Method::GET || r.method == http::Method::POST,
            "{r}: a plain route of another method; say here what malformed requests it is sent"
        );
    }
    routes
        .routes()
        .iter()
        .filter(|r| r.method == *method)
        .map(|r| {
            let sent = match SENT_AS.iter().find(|(path, _)| *path == r.path) {
                Some((_, sent)) => (*sent).to_owned(),
                None => with_holes(r.path),
            };
            (r.path, sent)
        })
        .collect()
}

/// `/a/{x}/b/{y}` → `/a/{}/b/{}`.
fn with_holes(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if !in_param => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Routes sent more than their path: the query their handler reads (the OAuth callback's `code`
/// and `state`, for the provider `mock`), or any query at all (the export, the preferences).
const SENT_AS: &[(&str, &str)] = &[
    ("/auth/oauth/{provider}/callback", "/auth/oauth/mock/callback?code={}&state={}"),
    ("/account/export.json", "/account/export.json?{}"),
    ("/prefs", "/prefs?{}"),
];

/// What each parameter of a plain route's path is, so which values are malformed for it: `{id}`
/// a number (`Path<i64>`), `{code}` a dong's code (`DongCode::parse`), `{token}` a feed's token
/// and `{provider}` a sign-in provider's name (any text; one that names nothing is not found).
const PARAMETERS: &[&str] = &["{id}", "{code}", "{token}", "{provider}"];

/// The parameter a registered path takes, if any (none takes more than one).
fn parameter(path: &str) -> Option<&'static str> {
    let found: Vec<&'static str> = PARAMETERS.iter().copied().filter(|p| path.contains(p)).collect();
    let holes = path.matches('{').count();
    assert_eq!(found.len(), holes, "{path}: a parameter not in PARAMETERS; say there what it must be");
    assert!(holes <= 1, "{path}: more than one parameter; say here which values are malformed");
    found.first().copied()
}

/// A value in the path that is no UTF-8 once decoded: axum's `Path` refuses it (400) whatever
/// the parameter.
const NOT_UTF8: &str = "%FF%FE";

/// What a route must answer, beyond "no 5xx", when `value` stands for its parameter: `None`
/// when the value is well-formed for it (the answer depends on what it names and who asks).
///
/// - `{id}` that is no number (`abc`, `1.5`, `1e3`, a number beyond `i64`, escapes decoding to
///   something else): 400 from the `Path<i64>` extractor, before the handler, for any method,
///   body and asker. (None of `VALUES` escapes a digit, so a value is a number exactly when it
///   parses as one as written.)
/// - `{code}` that is no dong's code: the handler's parse refuses it. The CSV downloads answer
///   422 with a problem naming `dong_code` (a HEAD, the status alone); the claim form asks for a
///   session first (401), then answers a code naming no dong as not found (404).
/// - anything not UTF-8: 400 from the extractor.
///
/// Values sent in a query (`SENT_AS`) are judged by "no 5xx" alone: the handlers read their
/// queries leniently (a callback with a bad `state` is sent back to sign in, by design).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    BadRequest,
    /// 422, with a problem whose `field` is this (on a GET).
    Invalid(&'static str),
    /// 401 to a stranger, 404 to someone signed in.
    SignInThenNotFound,
}

fn expected(route: &str, method: &http::Method, value: &str) -> Option<Expected> {
    let parameter = parameter(route)?;
    if SENT_AS.iter().any(|(path, _)| *path == route) {
        return None; // the value goes in the query, which the handler reads leniently
    }
    if value == NOT_UTF8 {
        return Some(Expected::BadRequest);
    }
    match parameter {
        "{id}" => value.parse::<i64>().is_err().then_some(Expected::BadRequest),
        "{code}" if app::domain::geo::DongCode::parse(value).is_ok() => None,
        "{code}" if *method == http::Method::POST => Some(Expected::SignInThenNotFound),
        "{code}" => Some(Expected::Invalid("dong_code")),
        _ => None,
    }
}

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

/// Every plain route, sent every value where its path or query takes one (and, if it is a form,
/// every malformed body), as a stranger, the dong's staff and a verified resident: never a 5xx.
/// Where the value is malformed for the parameter the handler parses (`expected`), the answer is
/// the refusal that parse gives, and names the field where the handler's own parse answers. Then
/// each upload form, asked by someone who may use it for a target that exists, with a body that
/// is no multipart form at all, sends the person back to its page with the refusal naming the
/// field (`upload_forms_name_what_they_cannot_read`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_plain_route_answers_malformed_input_without_a_server_error() {
    let app = TestApp::spawn(&Backend::Sqlite).await;
    let staff = app.person("직원", Some(SINCHON)).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let resident = app.person("주민", Some(SINCHON)).await;
    app.verify(resident, SINCHON).await;
    let staff_cookie = app.sign_in(staff).await;
    let people = [None, Some(staff_cookie.clone()), Some(app.sign_in(resident).await)];
    let long = "x".repeat(3_000);
    let values: Vec<&str> = VALUES.iter().copied().chain([long.as_str()]).collect();
    let bodies = multipart_cases();
    let (gets, posts) = (plain_routes(&http::Method::GET), plain_routes(&http::Method::POST));
    assert!(gets.len() + posts.len() >= 19, "the registry lists the plain routes: {}", gets.len() + posts.len());
    for (path, _) in SENT_AS {
        assert!(gets.iter().chain(&posts).any(|(p, _)| p == path), "{path} is in SENT_AS but no longer served");
    }
    let (mut requests, mut refused, mut failures) = (0, 0, Vec::new());
    for cookie in &people {
        let with = |req: reqwest::RequestBuilder| match cookie {
            Some(c) => req.header("cookie", c.as_str()),
            None => req,
        };
        let who = if cookie.is_some() { "signed in" } else { "anonymous" };
        for (route, sent) in &gets {
            for value in &values {
                let path = sent.replace("{}", value);
                for method in [reqwest::Method::GET, reqwest::Method::HEAD] {
                    let res = with(app.client.request(method.clone(), app.url(&path))).send().await.unwrap();
                    requests += 1;
                    let what = format!("{method} {} ({who})", &path[..path.len().min(80)]);
                    let expected = expected(route, &method, value);
                    refused += usize::from(expected.is_some());
                    if let Some(wrong) = judge(res, expected, cookie.is_some(), method == reqwest::Method::HEAD).await {
                        failures.push(format!("{what} → {wrong}"));
                    }
                }
            }
        }
        for (route, sent) in &posts {
            for value in values.iter().take(8) {
                let path = sent.replace("{}", value);
                for (content_type, body) in &bodies {
                    let req = app.client.post(app.url(&path)).header("content-type", content_type.as_str());
                    let res = with(req.body(body.clone())).send().await.unwrap();
                    requests += 1;
                    let expected = expected(route, &http::Method::POST, value);
                    refused += usize::from(expected.is_some());
                    if let Some(wrong) = judge(res, expected, cookie.is_some(), false).await {
                        failures.push(format!("POST {path} {content_type} ({who}) → {wrong}"));
                    }
                }
                let res = with(app.client.put(app.url(&path)).body("x")).send().await.unwrap();
                requests += 1;
                if res.status().is_server_error() {
                    failures.push(format!("PUT {path} ({who}) → {}", res.status()));
                }
            }
        }
    }
    let posts: Vec<&str> = posts.iter().map(|(route, _)| *route).collect();
    requests += upload_forms_name_what_they_cannot_read(&app, &posts, &staff_cookie, &mut failures).await;
    eprintln!(
        "{} plain routes, {requests} malformed requests ({refused} with a value their handler must refuse), {} \
         failures",
        gets.len() + posts.len(),
        failures.len()
    );
    assert!(refused > 500, "the malformed values reach the parameters they are malformed for: {refused}");
    assert!(failures.is_empty(), "{} wrong answers:\n{}", failures.len(), failures.join("\n"));
}

/// What is wrong with an answer, if anything: a 5xx always; and where a value is malformed for
/// the route's parameter, any answer but the refusal `expected` says.
async fn judge(res: reqwest::Response, expected: Option<Expected>, signed_in: bool, head: bool) -> Option<String> {
    let status = res.status();
    if status.is_server_error() {
        return Some(status.to_string());
    }
    match expected? {
        Expected::BadRequest => (status != 400).then(|| format!("{status}, not 400 (the id or value does not parse)")),
        Expected::SignInThenNotFound => {
            let want = if signed_in { 404 } else { 401 };
            (status != want).then(|| format!("{status}, not {want}"))
        }
        Expected::Invalid(field) => {
            if status != 422 {
                return Some(format!("{status}, not 422 naming {field}"));
            }
            if head {
                return None; // the status alone
            }
            let text = res.text().await.unwrap_or_default();
            let problem: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            (problem["field"] != field).then(|| format!("422 naming {} (not {field}): {text}", problem["field"]))
        }
    }
}

/// Multipart forms that are no multipart form at all, as a browser would never send one: no
/// boundary, cut off after the first boundary, JSON, plain text.
fn unreadable_forms() -> Vec<(&'static str, &'static [u8])> {
    vec![
        ("multipart/form-data", b"x"),
        ("multipart/form-data; boundary=b0und4ry", b"--b0und4ry\r\nbroken"),
        ("application/json", b"{\"amount\": \"x\"}"),
        ("text/plain", b"hello"),
    ]
}

/// The plain POST routes that are url-encoded forms, every field of which is optional (so no
/// body is malformed for them): the sign-in's start and the preferences.
const URL_ENCODED_FORMS: &[&str] = &["/auth/oauth/{provider}", "/prefs", "/unsubscribe/one-click"];

/// Every other plain POST route is an upload form (multipart): the key its page reads a refusal
/// from, and the field a body it cannot read is refused on (the proposal's image form says the
/// image is missing; the others that the form could not be read).
const UPLOAD_FORMS: &[(&str, &str, &str)] = &[
    ("/proposals/{id}/images", "image_error", "image"),
    ("/dongs/{code}/fund/claims", "claim_error", "form"),
    ("/fund/entries/{id}/evidence", "evidence_error", "form"),
    ("/fund/projects/{id}/updates", "update_error", "form"),
    ("/spaces/{id}/photo", "photo_error", "form"),
];

/// Each upload form, for a target that exists in Sinchon and asked by someone who may use it (the
/// proposal's author, the center's staff), with each body of `unreadable_forms`: a redirect back
/// to its page whose `<key>=` carries an input refusal on the expected field; asked by a stranger,
/// 401. Returns how many requests it made.
async fn upload_forms_name_what_they_cannot_read(
    app: &TestApp,
    posts: &[&str],
    staff: &str,
    failures: &mut Vec<String>,
) -> usize {
    for route in posts {
        assert!(
            URL_ENCODED_FORMS.contains(route) || UPLOAD_FORMS.iter().any(|(r, ..)| r == route),
            "POST {route}: a new plain form; name it in UPLOAD_FORMS (with a target below) or URL_ENCODED_FORMS"
        );
    }
    let mut requests = 0;
    for (route, key, field) in UPLOAD_FORMS {
        assert!(posts.contains(route), "{route} is in UPLOAD_FORMS but no longer served");
        let (path, cookie) = match *route {
            "/proposals/{id}/images" => {
                let (proposal, _) = crate::images::draft_with_image(app).await;
                let author = services::entities::proposal::Entity::find_by_id(proposal)
                    .one(&app.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .author_id;
                (format!("/proposals/{proposal}/images"), app.sign_in(author).await)
            }
            "/dongs/{code}/fund/claims" => (format!("/dongs/{SINCHON}/fund/claims"), staff.to_owned()),
            "/fund/entries/{id}/evidence" => {
                (format!("/fund/entries/{}/evidence", entry_in(app, SINCHON).await), staff.to_owned())
            }
            "/fund/projects/{id}/updates" => {
                (format!("/fund/projects/{}/updates", project_in(app, SINCHON).await), staff.to_owned())
            }
            "/spaces/{id}/photo" => (format!("/spaces/{}/photo", open_space(app, 0, false).await), staff.to_owned()),
            other => panic!("{other}: an upload form without a target here"),
        };
        for (content_type, body) in unreadable_forms() {
            for who in [Some(cookie.as_str()), None] {
                let mut req = app.client.post(app.url(&path)).header("content-type", content_type).body(body);
                if let Some(c) = who {
                    req = req.header("cookie", c);
                }
                let res = req.send().await.unwrap();
                requests += 1;
                let what = format!("POST {path} {content_type} ({})", if who.is_some() { "may" } else { "anonymous" });
                let status = res.status();
                if who.is_none() {
                    if status != 401 {
                        failures.push(format!("{what} → {status}, not 401"));
                    }
                    continue;
                }
                let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default();
                match refusal_in(location, key) {
                    Some(ErrorCode::Input { field: f, .. }) if status.is_redirection() && f.name() == *field => {}
                    other => {
                        failures.push(format!("{what} → {status} {location:?}: not a refusal on {field} ({other:?})"))
                    }
                }
            }
        }
    }
    requests
}
