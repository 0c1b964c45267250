//! `POST /prefs`: remembers the language or easy mode in a cookie and sends the visitor back.
//! A plain form post, so it works without JavaScript and the next page is rendered with it.

use crate::domain::lang::{EASY_COOKIE, LANG_COOKIE, Lang};
use axum::Form;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct PrefsForm {
    pub lang: Option<String>,
    pub easy: Option<String>,
    pub back: Option<String>,
}

/// A path on this site to return to. Anything else (another host, `//host`, `\`) becomes `/`,
/// so the form cannot be used as an open redirect.
pub fn safe_back(back: Option<&str>) -> &str {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') && !b.contains(['\r', '\n']) => b,
        _ => "/",
    }
}

const ONE_YEAR: u32 = 365 * 24 * 3600;

/// The `Set-Cookie` value that remembers a language choice.
pub fn lang_cookie(lang: Lang) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!("{LANG_COOKIE}={}; Path=/; Max-Age={ONE_YEAR}; SameSite=Lax", lang.code())).ok()
}

pub async fn set_prefs(Form(form): Form<PrefsForm>) -> Response {
    let mut headers = HeaderMap::new();
    let mut cookie = |name: &str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(&format!("{name}={value}; Path=/; Max-Age={ONE_YEAR}; SameSite=Lax")) {
            headers.append(header::SET_COOKIE, v);
        }
    };
    if let Some(lang) = form.lang.as_deref().and_then(Lang::from_code) {
        cookie(LANG_COOKIE, lang.code());
    }
    match form.easy.as_deref() {
        Some("1") => cookie(EASY_COOKIE, "1"),
        Some("0") => cookie(EASY_COOKIE, "0"),
        _ => {}
    }
    let back = safe_back(form.back.as_deref());
    if let Ok(v) = HeaderValue::from_str(back) {
        headers.insert(header::LOCATION, v);
    } else {
        headers.insert(header::LOCATION, HeaderValue::from_static("/"));
    }
    (StatusCode::SEE_OTHER, headers).into_response()
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_back(Some("/districts/1141000000?q=a")), "/districts/1141000000?q=a");
        assert_eq!(safe_back(Some("https://evil.example/")), "/");
        assert_eq!(safe_back(Some("//evil.example/")), "/");
        assert_eq!(safe_back(Some("/\\evil.example")), "/");
        assert_eq!(safe_back(None), "/");
    }
}
