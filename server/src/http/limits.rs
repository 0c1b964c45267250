//! What one request may cost, and the answers to those refused before a handler runs: the body
//! limits, load shedding's 503, and a problem+json (or a plain page, for a browser) for every bare
//! refusal of a layer or an extractor.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;

/// Forms and JSON bodies: what any route reads at most unless it allows more.
pub const FORM_BODY_LIMIT: usize = 64 * 1024;
/// No request body is ever larger: the largest upload form (an image or a receipt, 5 MiB, and
/// the form around it).
pub const MAX_BODY: usize = {
    let (a, b) = (app::api::proposals::routes::UPLOAD_BODY_LIMIT, app::api::fund::routes::CLAIM_BODY_LIMIT);
    if a > b { a } else { b }
};

/// The one form that may weigh more than `FORM_BODY_LIMIT`: a visiting list of up to 2,000
/// households (`app::api::welfare::VISIT_LIST_BODY_LIMIT`, under `MAX_BODY`). The inner limit
/// replaces the outer one for this route alone.
pub(super) async fn larger_forms(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
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
pub(super) async fn overloaded(err: tower::BoxError) -> axum::response::Response {
    if err.is::<tower::load_shed::error::Overloaded>() {
        tracing::warn!("overloaded: request refused");
        let mut res = app::api::problem::Problem::for_status(
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
pub(super) async fn problem_bodies(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let wants_page = !req.uri().path().starts_with("/api/")
        && !req.uri().path().starts_with("/sf/")
        && app::error::wants_html(req.headers());
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
    let mut problem = app::api::problem::Problem::for_status(status, detail).into_response();
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
