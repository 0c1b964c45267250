//! Prometheus metrics at `/metrics`, through the `metrics` facade and its Prometheus exporter:
//!
//! - `ud_http_requests_total{method, route, status}` and
//!   `ud_http_request_duration_seconds{method, route}` (a histogram): per route *pattern*
//!   (`/api/v1/proposals/{id}`), never per raw path, so the number of series stays bounded;
//!   `route="-"` for what was answered before routing (overload, body limit, timeout, `/pkg`);
//! - `ud_db_pool_connections` and `ud_db_pool_idle_connections` (read when scraped);
//! - `ud_db_errors_total` (every database error a request met; counted where they become
//!   `AppError::Internal`).
//!
//! `/metrics` is not public: it answers only a request bearing `UD_METRICS_TOKEN` (as
//! `Authorization: Bearer …`); without a configured token it does not exist (404).

use app::api::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

const DURATION: &str = "ud_http_request_duration_seconds";

/// The process's recorder (one per process: tests start many apps in one).
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let buckets = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
            let built = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(DURATION.to_owned()), &buckets)
                .and_then(|b| b.install_recorder());
            match built {
                Ok(h) => {
                    metrics::describe_counter!("ud_http_requests_total", "HTTP requests answered, by route and status");
                    metrics::describe_histogram!(DURATION, metrics::Unit::Seconds, "Time to answer, by route");
                    metrics::describe_counter!("ud_db_errors_total", "Database errors met by requests");
                    metrics::describe_gauge!("ud_db_pool_connections", "Open database connections");
                    metrics::describe_gauge!("ud_db_pool_idle_connections", "Idle database connections");
                    metrics::describe_counter!(
                        MESSAGES,
                        "Off-site messages by channel and outcome (sent, retried, failed, repeated, dropped)"
                    );
                    Some(h)
                }
                Err(e) => {
                    tracing::error!(error = %e, "metrics recorder not installed: /metrics stays empty");
                    None
                }
            }
        })
        .as_ref()
}

const MESSAGES: &str = "ud_messages_total";

/// Counts one round of the message worker: delivered, to be tried again, given up, sent again
/// after a lost claim (the far side may have it twice, under one identity), dropped (turned off).
pub fn record_messages(round: &services::messaging::worker::Round) {
    for (outcome, list) in
        [("sent", &round.sent), ("retried", &round.retried), ("failed", &round.failed), ("repeated", &round.repeats)]
    {
        for (channel, n) in list {
            metrics::counter!(MESSAGES, "channel" => channel.as_str(), "outcome" => outcome).increment(*n);
        }
    }
    if round.dropped > 0 {
        metrics::counter!(MESSAGES, "channel" => "any", "outcome" => "dropped").increment(round.dropped);
    }
}

const REMINDERS: &str = "ud_reminders_total";

/// Counts one sweep's reminders: how many times each went out, and to how many people.
pub fn record_reminders(swept: &services::messaging::reminders::Swept) {
    for (reminder, _, told) in swept {
        metrics::counter!(REMINDERS, "reminder" => reminder.as_str(), "what" => "sent").increment(1);
        metrics::counter!(REMINDERS, "reminder" => reminder.as_str(), "what" => "people").increment(*told as u64);
    }
}

/// Installs the recorder (at start-up, so counts begin with the first request).
pub fn install() {
    let _ = handle();
}

/// The route pattern a request matched, carried on its response from inside the router to
/// [`track`] outside everything (where `MatchedPath` is not known yet).
#[derive(Clone)]
struct RouteLabel(String);

/// Middleware inside the router: labels the response with the route pattern it matched.
pub async fn name_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let mut res = next.run(req).await;
    res.extensions_mut().insert(RouteLabel(route.unwrap_or_else(|| "unmatched".to_owned())));
    res
}

/// Middleware outside every other layer but the request id: counts and times each request under
/// its route pattern — also the ones refused before routing (load shedding 503, a body over the
/// limit 413, a timeout 408, static files), labelled `route="-"`.
pub async fn track(req: Request, next: Next) -> Response {
    let method = req.method().as_str().to_owned();
    let started = std::time::Instant::now();
    let res = next.run(req).await;
    let route = res.extensions().get::<RouteLabel>().map_or_else(|| "-".to_owned(), |r| r.0.clone());
    let status = res.status().as_u16().to_string();
    metrics::histogram!(DURATION, "method" => method.clone(), "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("ud_http_requests_total", "method" => method, "route" => route, "status" => status).increment(1);
    res
}

/// Whether `given` is `expected`, in time that does not depend on where they differ.
fn same_secret(given: &str, expected: &str) -> bool {
    use sha2::{Digest, Sha256};
    let (a, b) = (Sha256::digest(given.as_bytes()), Sha256::digest(expected.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /metrics`, for the scraper holding the token.
pub async fn render(State(state): State<AppState>, req: Request) -> Response {
    let Some(expected) = state.ops.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(given, expected) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")]).into_response();
    }
    let Some(handle) = handle() else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let (size, idle) = pool_usage(&state.db);
    metrics::gauge!("ud_db_pool_connections").set(f64::from(size));
    metrics::gauge!("ud_db_pool_idle_connections").set(idle as f64);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle.render()).into_response()
}

/// The pool's open and idle connections.
fn pool_usage(db: &sea_orm::DatabaseConnection) -> (u32, usize) {
    use sea_orm::DatabaseConnectionType as Kind;
    match &db.inner {
        Kind::SqlxSqlitePoolConnection(_) => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        Kind::SqlxPostgresPoolConnection(_) => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_compare_whole() {
        assert!(super::same_secret("abc", "abc"));
        assert!(!super::same_secret("abd", "abc"));
        assert!(!super::same_secret("", "abc"));
    }
}
