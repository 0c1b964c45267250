//! `POST /prefs`: remembers the language or easy mode in a cookie and sends the visitor back.
//! A plain form post, so it works without JavaScript and the next page is rendered with it.

use crate::api::plain::PlainRoutes;
use crate::domain::lang::{EASY_COOKIE, LANG_COOKIE, Lang};
use axum::Form;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub fn routes() -> PlainRoutes {
    PlainRoutes::new().post("/prefs", set_prefs)
}

#[derive(Debug, Deserialize)]
pub struct PrefsForm {
    pub lang: Option<String>,
    pub easy: Option<String>,
    pub back: Option<String>,
}

/// A path on this site to return to. Anything a browser could read as another origin becomes
/// `/`, so the form cannot be used as an open redirect.
pub fn safe_back(back: Option<&str>) -> &str {
    match back {
        Some(b) if is_local_path(b) => b,
        _ => "/",
    }
}

/// At most this long (a page's path and query; longer is no page of ours).
const MAX_BACK: usize = 2048;
/// How many rounds of percent-decoding are looked through; a value still changing after that
/// is refused.
const DECODE_ROUNDS: usize = 4;

/// Whether `s` is a path on this site, read as any browser would read a `Location` header.
/// Browsers drop tabs and newlines anywhere in a URL (`/\t/evil.example` is `//evil.example`),
/// read `\` as `/` (`/\evil.example` is `//evil.example`), and follow `//host` and `scheme:` to
/// other origins. So: printable ASCII only (no control character, no space, no backslash), one
/// leading `/` not followed by `/` or `\` — and the same of the value percent-decoded (once, and
/// again until nothing changes), so that no layer that decodes it on the way
/// (`/%2F/evil.example`, `/%09/evil.example`, `/%255C…`) finds another origin in it.
pub fn is_local_path(s: &str) -> bool {
    if s.len() > MAX_BACK || !s.bytes().all(|b| b.is_ascii_graphic()) || !local_form(s.as_bytes()) {
        return false;
    }
    let mut form = s.as_bytes().to_vec();
    for _ in 0..DECODE_ROUNDS {
        let decoded = percent_decode(&form);
        if decoded == form {
            return true;
        }
        if !local_form(&decoded) {
            return false;
        }
        form = decoded;
    }
    false
}

/// One form of the value: `/` first, not `//` or `/\`, and no control character or backslash
/// anywhere (C0, DEL, and C1 as UTF-8).
fn local_form(b: &[u8]) -> bool {
    let c1 = b.windows(2).any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]));
    b.first() == Some(&b'/')
        && !matches!(b.get(1), Some(b'/' | b'\\'))
        && !b.iter().any(|&c| c.is_ascii_control() || c == b'\\')
        && !c1
}

/// `%XX` decoded to its byte; anything else (a lone `%` too) kept as it is.
fn percent_decode(b: &[u8]) -> Vec<u8> {
    let hex = |c: u8| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (b.get(i + 1).copied().and_then(hex), b.get(i + 2).copied().and_then(hex))
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
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
    use super::{is_local_path, safe_back};

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_back(Some("/districts/1141000000?q=a")), "/districts/1141000000?q=a");
        assert_eq!(safe_back(Some("https://evil.example/")), "/");
        assert_eq!(safe_back(Some("//evil.example/")), "/");
        assert_eq!(safe_back(Some("/\\evil.example")), "/");
        assert_eq!(safe_back(None), "/");
    }

    /// Every way we know of to name another origin (or hide a character a browser drops) in a
    /// value that a plain `starts_with('/')` check would let through — as the server receives it,
    /// after the form's own decoding.
    const ATTACKS: &[&str] = &[
        // control characters browsers drop or stop at
        "/\t/evil.example",
        "/\r/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/\0/evil.example",
        "/\u{7f}/evil.example",
        "/\u{85}/evil.example",
        "/a\tb",
        "/ /evil.example",
        "\t//evil.example",
        " //evil.example",
        // backslashes, read as slashes
        "/\\evil.example",
        "\\\\evil.example",
        "/\\/evil.example",
        "/page\\x",
        // protocol-relative and schemes
        "//evil.example",
        "///evil.example",
        "//evil.example/%2F",
        "https://evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "evil.example",
        "",
        // the same, percent-encoded (once, and twice)
        "/%09/evil.example",
        "/%0d/evil.example",
        "/%0A/evil.example",
        "/%00/evil.example",
        "/%7f/evil.example",
        "/%C2%85/evil.example",
        "/%5c/evil.example",
        "/%5Cevil.example",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "%2F%2Fevil.example",
        "/%252F/evil.example",
        "/%25252F/evil.example",
        "/%2509/evil.example",
        "/%255c/evil.example",
        "/x?next=%0d%0aSet-Cookie:x",
        // not ASCII: a fullwidth solidus or an ideographic space
        "/\u{ff0f}evil.example",
        "/\u{3000}/evil.example",
    ];

    #[test]
    fn a_table_of_attacks_all_go_home() {
        for attack in ATTACKS {
            assert!(!is_local_path(attack), "{attack:?} passed");
            assert_eq!(safe_back(Some(attack)), "/", "{attack:?}");
        }
        let long = format!("/{}", "a".repeat(5000));
        assert_eq!(safe_back(Some(&long)), "/");
    }

    #[test]
    fn the_sites_own_paths_still_go_back() {
        for ok in [
            "/",
            "/proposals/12",
            "/districts/1141000000?q=a&page=2",
            "/search?q=%ED%95%9C%EA%B8%80",
            "/search?q=50%25",
            "/search?q=100%",
            "/proposals/3#comment-4",
            "/a/b/../c",
            "/.well-known/x",
        ] {
            assert!(is_local_path(ok), "{ok:?} refused");
            assert_eq!(safe_back(Some(ok)), ok);
        }
    }
}
