//! The HTTP application: the router and its middleware in order (this file), and its parts —
//! `limits` (what a request may cost, refusals before a handler), `pages` (form markers,
//! pages rendered to their end), `security` (cross-site guard, client address, CSP nonce),
//! `serve` (the accept loop, shutdown, background tasks).

mod limits;
mod pages;
mod security;
mod serve;

pub use limits::{FORM_BODY_LIMIT, MAX_BODY};
pub use security::{CspNonce, html_content_security_policy, is_cross_site};
pub use serve::{
    serve, shutdown_signal, spawn_message_worker, spawn_reminders, spawn_session_cleanup, spawn_welfare_retention,
};

use limits::{larger_forms, overloaded, problem_bodies};
use pages::{finish_pages, form_done};
use security::{client_addr, csp_nonce, csrf_guard, origin_of};

use app::api::state::AppState;
use app::{App, shell};
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use services::session_store::DbSessionStore;

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
    // (`app::api::auth`). The cookie is HttpOnly, SameSite=Lax, and Secure over https.
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("ud_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.auth.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(app::api::auth::RESIDENT_IDLE_MINUTES)));
    let proxies = state.auth.trusted_proxies.clone();

    let pages = Router::new()
        .merge(app::api::plain_routes().into_router())
        .merge(app::api::rest::routes())
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

/// The app's routes, generated once per process. Generating them runs the app with resource
/// loading suppressed by a *process-global* flag (leptos_server's `SuppressResourceLoad`), and a
/// resource first polled while that flag is set never resolves (leptos-rs/leptos#4773). Building a
/// second router while another serves pages (the integration tests do) then hung a page render
/// now and then; generating the list only once rules that out.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
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
