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
    let trust_proxy = state.auth.trust_proxy;

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
        .layer(sessions);

    let dynamic = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .merge(pages)
        .layer(axum::middleware::from_fn(csrf_guard))
        .layer(axum::middleware::from_fn(move |req, next| client_addr(trust_proxy, req, next)))
        .layer(CompressionLayer::new().br(true).gzip(true));

    Router::new().nest_service("/pkg", pkg).merge(dynamic).layer(security).layer(observability).with_state(state)
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

/// Puts the client's address on the request (`app::server::auth::ClientAddr`), for rate limits.
async fn client_addr(
    trust_proxy: bool,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let forwarded = trust_proxy
        .then(|| req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.trim().parse::<std::net::IpAddr>().ok());
    let socket = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    if let Some(ip) = forwarded.or(socket) {
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

/// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
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
