//! Who may ask and what a browser may run: the cross-site guard, the client's address behind
//! trusted proxies, and the per-response Content-Security-Policy nonce.

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;

/// Refuses state-changing requests that come from another site: a cross-site `Origin`, or
/// `Sec-Fetch-Site: cross-site`. Together with SameSite=Lax session cookies this stops CSRF
/// against server functions, forms and the REST API. (Requests without either header, such as
/// API clients with a bearer token, carry no ambient credentials a third site could borrow:
/// browsers send `Origin` on every cross-origin POST.)
pub(super) async fn csrf_guard(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let safe = matches!(*req.method(), http::Method::GET | http::Method::HEAD | http::Method::OPTIONS);
    // RFC 8058's one click comes from a mail program or a webmail in another origin, and carries
    // its own credential (the link's signature), never a cookie's authority
    let signed_link = req.uri().path() == "/unsubscribe/one-click";
    if !safe && !signed_link && is_cross_site(req.headers()) {
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

/// Puts the client's address on the request (`app::api::auth::ClientAddr`), for rate limits:
/// the socket's, or behind a trusted proxy the rightmost `X-Forwarded-For` entry that is not one
/// of ours (`app::domain::net`).
pub(super) async fn client_addr(
    proxies: app::domain::net::TrustedProxies,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let socket = req.extensions().get::<axum::extract::ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip());
    if let Some(peer) = socket {
        let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let ip = proxies.client(peer, forwarded);
        req.extensions_mut().insert(app::api::auth::ClientAddr(ip));
    }
    next.run(req).await
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
pub(super) fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Makes a fresh nonce for each request (122 random bits), hands it to the page renderer, and
/// sets the HTML policy on HTML responses.
pub(super) async fn csp_nonce(
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
