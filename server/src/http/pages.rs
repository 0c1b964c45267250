//! What a page or a form's answer needs on its way out: the markers a JavaScript-off form post
//! is redirected with, and rendering every page to its end when its client leaves.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;

/// A form posted to a server function by a browser (it accepts `text/html`) is redirected back
/// to its page; when it succeeded, the redirect says so with `__done=<the function's path>`, so
/// the page shows the form's confirmation (`components::form::FormDone`) with JavaScript or
/// without. Markers of an earlier submission are dropped. A refusal carries Leptos' `__err`
/// instead; a function that sends the browser on to another page says what it wants there.
pub(super) async fn form_done(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let path = req.uri().path().to_owned();
    let from_browser =
        req.method() == http::Method::POST && path.starts_with("/sf/") && app::error::wants_html(req.headers());
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
pub(super) async fn finish_pages(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
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
