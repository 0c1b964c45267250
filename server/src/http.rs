//! The HTTP application: routes, middleware, health checks and graceful shutdown.

use app::server::state::AppState;
use app::{App, shell};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use std::future::Future;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use app::server::session_store::DbSessionStore;

static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application as one router. Tests build it the same way `serve` does.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = route_list();
    let ctx_state = state.clone();
    let context = move || {
        provide_context(ctx_state.clone());
        // Leptos puts this nonce on its inline scripts; the CSP middleware allows exactly it.
        if let Some(nonce) =
            leptos::prelude::use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    };

    // Hashed asset names change with their content, so browsers may keep them for a year.
    // The front end's files are served as the build compressed them (`make build` writes `.br`
    // and `.gz` beside each, brotli at its best quality), never compressed per request: a debug
    // build's wasm is ~50 MB, and compressing it for every page load of a browser that cannot
    // cache it was most of the e2e server's work. Without siblings (debug builds) they go as is.
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let pkg_cache = if options.hash_files { "public, max-age=31536000, immutable" } else { "no-cache" };
    let pkg = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(pkg_cache)))
        .service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());

    // Sign-in forms post to us and are redirected to the OAuth providers: `form-action` must
    // allow their origins (browsers apply it to the redirect too).
    let form_targets: std::sync::Arc<str> = state
        .auth
        .providers
        .iter()
        .filter_map(|p| origin_of(&p.auth_url))
        .fold(String::new(), |acc, o| if acc.contains(&o) { acc } else { format!("{acc} {o}") })
        .into();
    let security = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        // HTML pages get a policy with the response's nonce (`csp_nonce`); everything else
        // (JSON, static files) gets the strictest one.
        .layer(axum::middleware::from_fn(move |req, next| csp_nonce(form_targets.clone(), req, next)))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ));

    // HSTS only where the site is served over https (a browser would refuse http afterwards).
    let hsts = state.auth.secure_cookies().then(|| {
        SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        )
    });

    // What one request may cost. Outermost first: more than `max_in_flight` at once are refused
    // with 503 at once (not queued); a body larger than the largest upload is refused by its
    // Content-Length before a byte of it is read (and cut off at that size when it has none); an
    // answer not started within `request_timeout` is 408; and every body is read up to
    // `FORM_BODY_LIMIT` unless its route allows more (the upload forms do, with their own
    // `DefaultBodyLimit`). Refusals from these layers carry no body; `problem_bodies` gives them
    // one.
    let limits = state.limits;
    let bounded = ServiceBuilder::new()
        .layer(axum::error_handling::HandleErrorLayer::new(overloaded))
        .load_shed()
        // one count for the whole server: `Router::layer` wraps every route on its own, and a
        // plain `concurrency_limit` would count per route
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(limits.max_in_flight))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .layer(axum::extract::DefaultBodyLimit::max(FORM_BODY_LIMIT));

    let observability = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(X_REQUEST_ID.clone(), MakeRequestUuid))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(PropagateRequestIdLayer::new(X_REQUEST_ID.clone()));

    // Sessions live in the app's database; idle timeouts are set per session at sign-in
    // (`app::server::auth`). The cookie is HttpOnly, SameSite=Lax, and Secure over https.
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("ud_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.auth.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(app::server::auth::RESIDENT_IDLE_MINUTES)));
    let proxies = state.auth.trusted_proxies.clone();

    let pages = Router::new()
        .route("/prefs", post(app::api::prefs::set_prefs))
        .merge(app::api::rest::routes())
        .merge(app::api::auth_routes::routes())
        .merge(app::api::media::routes())
        .merge(app::api::exports::routes())
        .merge(app::api::fund_http::routes())
        .merge(app::api::booking_http::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(axum::middleware::from_fn(larger_forms))
        .layer(axum::middleware::from_fn(finish_pages))
        .layer(axum::middleware::from_fn(form_done))
        .layer(sessions);

    crate::metrics::install();
    let dynamic = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::metrics::render))
        .merge(pages)
        .layer(axum::middleware::from_fn(crate::metrics::name_route))
        .layer(axum::middleware::from_fn(csrf_guard))
        .layer(axum::middleware::from_fn(move |req, next| client_addr(proxies.clone(), req, next)))
        .layer(CompressionLayer::new().br(true).gzip(true));

    Router::new()
        .nest_service("/pkg", pkg)
        .merge(dynamic)
        .layer(bounded)
        .layer(axum::middleware::from_fn(problem_bodies))
        .layer(tower::util::option_layer(hsts))
        .layer(security)
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(observability)
        .with_state(state)
}

/// Forms and JSON bodies: what any route reads at most unless it allows more.
pub const FORM_BODY_LIMIT: usize = 64 * 1024;
/// No request body is ever larger: the largest upload form (an image or a receipt, 5 MiB, and
/// the form around it).
pub const MAX_BODY: usize = {
    let (a, b) = (app::api::media::UPLOAD_BODY_LIMIT, app::api::fund_http::CLAIM_BODY_LIMIT);
    if a > b { a } else { b }
};

/// The one form that may weigh more than `FORM_BODY_LIMIT`: a visiting list of up to 2,000
/// households (`app::api::welfare::VISIT_LIST_BODY_LIMIT`, under `MAX_BODY`). The inner limit
/// replaces the outer one for this route alone.
async fn larger_forms(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use leptos::server_fn::ServerFn;
    use tower::{Layer, ServiceExt};
    if req.uri().path() != <app::api::welfare::ImportVisits as ServerFn>::PATH {
        return next.run(req).await;
    }
    let limited = axum::extract::DefaultBodyLimit::max(app::api::welfare::VISIT_LIST_BODY_LIMIT).layer(next);
    match limited.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    }
}

const _: () = assert!(app::api::welfare::VISIT_LIST_BODY_LIMIT < MAX_BODY);

/// The answer when `max_in_flight` requests are being answered already (the only error the
/// bounded stack raises; anything else would be a bug, answered 500 and logged).
async fn overloaded(err: tower::BoxError) -> axum::response::Response {
    if err.is::<tower::load_shed::error::Overloaded>() {
        tracing::warn!("overloaded: request refused");
        let mut res = app::server::problem::Problem::for_status(
            StatusCode::SERVICE_UNAVAILABLE,
            Some("the server is busy: try again in a few seconds".into()),
        )
        .into_response();
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return res;
    }
    tracing::error!(error = %err, "request stack failed");
    app::error::AppError::Internal.into_response()
}

/// Gives the bare refusals of the layers and of axum's extractors (an empty body, or a line of
/// plain text: 405, 408, 413, 415, a path or query that does not parse, a JSON body that does
/// not decode) a problem+json body, keeping their text as the detail and their headers (`Allow`,
/// `Retry-After`). HTML pages and JSON answers are left as they are; so is a refusal a browser
/// asked for as a page (it reads the text).
async fn problem_bodies(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let wants_page = !req.uri().path().starts_with("/api/")
        && !req.uri().path().starts_with("/sf/")
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let bare = match res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(ct) => ct.starts_with("text/plain"),
    };
    if !bare {
        return res;
    }
    let (parts, body) = res.into_parts();
    if wants_page {
        // a person in a browser: a page in both languages, not a blank one
        drop(body);
        let mut page = refusal_page(status).into_response();
        for (name, value) in &parts.headers {
            if ![header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING, header::TRANSFER_ENCODING]
                .contains(name)
            {
                page.headers_mut().insert(name.clone(), value.clone());
            }
        }
        return page;
    }
    // the text of a rejection is one short line; more is not worth keeping (and a compressed one
    // is not read at all)
    let detail = if parts.headers.contains_key(header::CONTENT_ENCODING) {
        None
    } else {
        let text = axum::body::to_bytes(body, 2048).await.map(|b| String::from_utf8_lossy(&b).trim().to_owned());
        text.ok().filter(|t| !t.is_empty()).map(|t| t.chars().take(300).collect::<String>())
    };
    let mut problem = app::server::problem::Problem::for_status(status, detail).into_response();
    let body_headers =
        [header::CONTENT_TYPE, header::CONTENT_LENGTH, header::CONTENT_ENCODING, header::TRANSFER_ENCODING];
    for (name, value) in &parts.headers {
        if !body_headers.contains(name) {
            problem.headers_mut().insert(name.clone(), value.clone());
        }
    }
    problem
}

/// The page a browser gets for a refusal that has no body of its own (a request too large, too
/// slow, with the wrong method, or the server too busy): what happened and what to do, in Korean
/// and English, with a way home.
fn refusal_page(status: StatusCode) -> (StatusCode, axum::response::Html<String>) {
    let (ko, en) = match status.as_u16() {
        404 => ("페이지를 찾을 수 없습니다.", "Page not found."),
        405 => ("이 주소에서는 할 수 없는 요청입니다.", "This address does not take that kind of request."),
        408 => (
            "요청이 너무 오래 걸려 멈췄습니다. 다시 시도해 주세요.",
            "The request took too long and was stopped. Please try again.",
        ),
        413 => (
            "보낸 내용이 너무 큽니다. 글이나 파일을 줄여서 다시 보내 주세요.",
            "What was sent is too large. Please shorten the text or the file and send it again.",
        ),
        429 | 503 => (
            "지금 요청이 많습니다. 잠시 뒤에 다시 시도해 주세요.",
            "The site is busy right now. Please try again in a moment.",
        ),
        400..=499 => ("요청을 처리할 수 없습니다.", "The request could not be handled."),
        _ => (
            "잠시 문제가 생겼습니다. 잠시 뒤에 다시 시도해 주세요.",
            "Something went wrong. Please try again in a moment.",
        ),
    };
    let code = status.as_u16();
    let page = format!(
        "<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{code} · 우리동네</title>\
         <style>body{{font:1.125rem/1.6 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}}\
         h1{{font-size:1.5rem;line-height:1.4}}a{{color:#0b57d0}}</style></head><body>\
         <h1>{ko}</h1><p lang=\"en\">{en}</p><p><a href=\"/\">우리동네 처음으로</a> · \
         <a href=\"/\" lang=\"en\">Home</a></p><p><small>{code}</small></p></body></html>"
    );
    (status, axum::response::Html(page))
}

/// A form posted to a server function by a browser (it accepts `text/html`) is redirected back
/// to its page; when it succeeded, the redirect says so with `__done=<the function's path>`, so
/// the page shows the form's confirmation (`components::form::FormDone`) with JavaScript or
/// without. Markers of an earlier submission are dropped. A refusal carries Leptos' `__err`
/// instead; a function that sends the browser on to another page says what it wants there.
async fn form_done(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let path = req.uri().path().to_owned();
    let from_browser = req.method() == http::Method::POST
        && path.starts_with("/sf/")
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut res = next.run(req).await;
    let (true, Some(referer)) = (from_browser && res.status().is_redirection(), referer) else { return res };
    let Some(location) = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()) else { return res };
    if let Some(marked) = mark_done(location, &referer, &path)
        && let Ok(value) = HeaderValue::from_str(&marked)
    {
        res.headers_mut().insert(header::LOCATION, value);
    }
    res
}

/// `location` with `__done=path` in place of the form markers, when it leads back to `referer`
/// and reports no refusal.
fn mark_done(location: &str, referer: &str, path: &str) -> Option<String> {
    let (back, refused) = without_markers(location);
    if refused || back != without_markers(referer).0 {
        return None;
    }
    let (rest, fragment) = back.split_once('#').map_or((back.as_str(), None), |(a, f)| (a, Some(f)));
    let done = serde_urlencoded::to_string([(app::components::form::DONE_PARAM, path)]).ok()?;
    let joiner = if rest.contains('?') { '&' } else { '?' };
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    Some(format!("{rest}{joiner}{done}{fragment}"))
}

/// A URL without the form markers (`__err`, `__path`, `__done`), and whether it had `__err`.
fn without_markers(url: &str) -> (String, bool) {
    const MARKERS: [&str; 3] = ["__err", "__path", app::components::form::DONE_PARAM];
    let (rest, fragment) = url.split_once('#').map_or((url, None), |(a, f)| (a, Some(f)));
    let (base, query) = rest.split_once('?').map_or((rest, ""), |(b, q)| (b, q));
    let mut refused = false;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(k, _)| k);
            refused |= key == "__err";
            !MARKERS.contains(&key)
        })
        .collect();
    let query = if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) };
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    (format!("{base}{query}{fragment}"), refused)
}

/// How long a page whose client has left may go on rendering before it is dropped after all.
const ABANDONED_RENDER_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Renders every HTML page to its end, even when the client leaves halfway (a phone that loses
/// its connection, a reader who clicks on): the page's stream is driven by a task of its own and
/// forwarded to the client while it listens. Dropping a Leptos render midway disposes its
/// reactive owner while `Suspense` tasks still run, and they then read disposed signals and
/// panic (leptos-rs/leptos#3595, #4829); a render that always ends never does. The cost is
/// finishing pages nobody reads, at most `ABANDONED_RENDER_LIMIT` each. The handler runs as a
/// task of its own too, so a client leaving before the first byte does not cut it short either
/// (nor a write halfway through a server function).
async fn finish_pages(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use http_body_util::BodyExt;
    use tracing::Instrument;
    let span = tracing::Span::current();
    let handler = tokio::spawn(tokio::time::timeout(ABANDONED_RENDER_LIMIT, next.run(req)).instrument(span.clone()));
    let res = match handler.await {
        Ok(Ok(res)) => res,
        Ok(Err(_)) => {
            tracing::warn!("a request took over {ABANDONED_RENDER_LIMIT:?}; dropped");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "request handler failed");
            return app::error::AppError::Internal.into_response();
        }
    };
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if !is_html {
        return res;
    }
    let (parts, mut body) = res.into_parts();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<http_body::Frame<axum::body::Bytes>, axum::Error>>(8);
    let drain = async move {
        let drive = async {
            let mut listening = true;
            while let Some(frame) = body.frame().await {
                if listening && tx.send(frame).await.is_err() {
                    // the client left: render on, into nothing
                    listening = false;
                }
            }
        };
        if tokio::time::timeout(ABANDONED_RENDER_LIMIT, drive).await.is_err() {
            tracing::warn!("a page took over {ABANDONED_RENDER_LIMIT:?} to render; dropped");
        }
    };
    tokio::spawn(drain.instrument(span));
    // a closed channel keeps answering `None`, however often the body is polled after its end
    let mut rx = rx;
    let frames = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    axum::response::Response::from_parts(parts, axum::body::Body::new(http_body_util::StreamBody::new(frames)))
}

/// Refuses state-changing requests that come from another site: a cross-site `Origin`, or
/// `Sec-Fetch-Site: cross-site`. Together with SameSite=Lax session cookies this stops CSRF
/// against server functions, forms and the REST API. (Requests without either header, such as
/// API clients with a bearer token, carry no ambient credentials a third site could borrow:
/// browsers send `Origin` on every cross-origin POST.)
async fn csrf_guard(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let safe = matches!(*req.method(), http::Method::GET | http::Method::HEAD | http::Method::OPTIONS);
    if !safe && is_cross_site(req.headers()) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        return app::error::AppError::Forbidden.into_response();
    }
    next.run(req).await
}

/// Whether the request says it comes from another site.
pub fn is_cross_site(headers: &http::HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|v| v == "cross-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    // `null` (sandboxed frames, some redirects) and any origin not naming this host are foreign.
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

/// Puts the client's address on the request (`app::server::auth::ClientAddr`), for rate limits:
/// the socket's, or behind a trusted proxy the rightmost `X-Forwarded-For` entry that is not one
/// of ours (`app::domain::net`).
async fn client_addr(
    proxies: app::domain::net::TrustedProxies,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let socket = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    if let Some(peer) = socket {
        let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let ip = proxies.client(peer, forwarded);
        req.extensions_mut().insert(app::server::auth::ClientAddr(ip));
    }
    next.run(req).await
}

/// The app's routes, generated once per process. Generating them runs the app with resource
/// loading suppressed by a *process-global* flag (leptos_server's `SuppressResourceLoad`), and a
/// resource first polled while that flag is set never resolves (leptos-rs/leptos#4773). Building a
/// second router while another serves pages (the integration tests do) then hung a page render
/// now and then; generating the list only once rules that out.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The per-response nonce of the Content-Security-Policy, as a request extension.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The Content-Security-Policy of an HTML page: scripts only from us or carrying this
/// response's nonce (Leptos' hydration script does), wasm allowed, nothing framed.
pub fn html_content_security_policy(nonce: &str, form_targets: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'{form_targets}; \
         frame-ancestors 'none'"
    )
}

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Makes a fresh nonce for each request (122 random bits), hands it to the page renderer, and
/// sets the HTML policy on HTML responses.
async fn csp_nonce(
    form_targets: std::sync::Arc<str>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if is_html && let Ok(v) = HeaderValue::from_str(&html_content_security_policy(&nonce, &form_targets)) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// Alive: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Ready: the database answers too.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, Json(serde_json::json!({ "status": "ready" }))),
        Err(e) => {
            tracing::error!(error = %e, "readiness check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "database unreachable" })))
        }
    }
}

/// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish —
/// for at most `limits.shutdown_deadline`, after which the rest are dropped. A connection that
/// has not sent a request's headers within `limits.header_timeout` is closed.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    limits: app::server::state::RequestLimits,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use tower::Service;

    let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // out of file descriptors and the like: pause instead of spinning
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // A page goes out in several writes (headers, then the streamed body). With Nagle's
        // algorithm on, a write waits for the client's delayed ACK of the previous one: every page
        // took 40 ms more, one request at a time (docs/PERFORMANCE.md, round 2).
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(axum::extract::ConnectInfo(remote));
            router.clone().call(req.map(axum::body::Body::new))
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service).into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all requests answered"),
        () = tokio::time::sleep(limits.shutdown_deadline) => {
            tracing::warn!(deadline = ?limits.shutdown_deadline, "shutdown deadline passed: requests still in flight are dropped");
        }
    }
    Ok(())
}

/// Deletes expired sessions every hour, until the process ends.
pub fn spawn_session_cleanup(db: sea_orm::DatabaseConnection) {
    tokio::spawn(async move {
        let store = DbSessionStore::new(db);
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match store.delete_expired().await {
                Ok(n) if n > 0 => tracing::info!(sessions = n, "expired sessions deleted"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not delete expired sessions"),
            }
        }
    });
}

/// Removes the personal fields of welfare cases past their retention every hour (and once at
/// start), until the process ends. Several servers may run it at once: a case is purged once.
pub fn spawn_welfare_retention(db: sea_orm::DatabaseConnection, years: u32) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match app::server::services::welfare::retention::purge(&db, years, chrono::Utc::now()).await {
                Ok(n) if n > 0 => tracing::info!(cases = n, "welfare cases past retention purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "could not purge welfare cases past retention"),
            }
        }
    });
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

#[cfg(test)]
mod tests {
    use super::mark_done;

    #[test]
    fn a_success_back_on_its_page_replaces_earlier_markers_and_keeps_the_rest() {
        assert_eq!(
            mark_done("http://h/proposals/5", "http://h/proposals/5", "/sf/report").as_deref(),
            Some("http://h/proposals/5?__done=%2Fsf%2Freport")
        );
        let page = "http://h/x?week=2026-12-07&__done=%2Fsf%2Fold&__path=%2Fsf%2Fa#slot";
        assert_eq!(
            mark_done(page, page, "/sf/book").as_deref(),
            Some("http://h/x?week=2026-12-07&__done=%2Fsf%2Fbook#slot")
        );
    }

    #[test]
    fn a_refusal_or_another_page_is_left_alone() {
        assert_eq!(mark_done("http://h/x?__path=%2Fsf%2Fa&__err=AAAA", "http://h/x", "/sf/a"), None);
        assert_eq!(mark_done("/account", "http://h/sign-in", "/sf/sign_in"), None);
    }
}
