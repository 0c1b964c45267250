//! Page links under a long list, keeping the list's query.

use crate::domain::lang::Lang;
use crate::i18n::use_prefs;
use leptos::prelude::*;

/// Previous/next links keeping the rest of the query string.
#[component]
pub fn Pagination(base: String, query: Vec<(String, String)>, page: u64, pages: u64) -> impl IntoView {
    let lang = use_prefs().lang;
    let href = move |p: u64| {
        let mut parts: Vec<String> = query
            .iter()
            .filter(|(k, v)| k != "page" && !v.is_empty())
            .map(|(k, v)| format!("{}={}", k, urlencode(v)))
            .collect();
        if p > 1 {
            parts.push(format!("page={p}"));
        }
        if parts.is_empty() { base.clone() } else { format!("{}?{}", base, parts.join("&")) }
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=lang.pick("페이지", "Pages")>
                {(page > 1).then(|| view! { <a rel="prev" href=href(page - 1)>{lang.pick("← 이전", "← Previous")}</a> })}
                <span class="num">
                    {match lang {
                        Lang::Ko => format!("{pages}쪽 중 {page}쪽"),
                        Lang::En => format!("Page {page} of {pages}"),
                    }}
                </span>
                {(page < pages).then(|| view! { <a rel="next" href=href(page + 1)>{lang.pick("다음 →", "Next →")}</a> })}
            </nav>
        }
    })
}

/// Percent-encodes a query value.
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
