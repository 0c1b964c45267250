//! Markdown typed by residents, rendered on the server to HTML that can be shown as is.
//!
//! Two layers: raw HTML in the Markdown is turned into plain text before rendering, and the
//! rendered HTML is cleaned by ammonia's allow-list (no scripts, no event handlers, no `style`,
//! no images, links only to http(s) and mailto, marked `nofollow ugc`). The XSS test in
//! `server/tests/integration/participation.rs` stores the usual payloads and checks the pages.

use pulldown_cmark::{Event, Options, Parser, html};
use std::collections::HashSet;

/// Safe HTML for `markdown`.
pub fn render(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow ugc noopener noreferrer"))
        .clean(&out)
        .to_string()
}

/// The first `chars` characters of the text, without Markdown syntax worth mentioning (for
/// lists and notifications).
pub fn excerpt(markdown: &str, chars: usize) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
        if text.chars().count() > chars {
            break;
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > chars { text.chars().take(chars).collect::<String>() + "…" } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders() {
        assert_eq!(render("**굵게** _기울임_"), "<p><strong>굵게</strong> <em>기울임</em></p>\n");
        assert!(render("[링크](https://seoul.go.kr)").contains(r#"rel="nofollow ugc noopener noreferrer""#));
    }

    #[test]
    fn nothing_executable_survives() {
        for payload in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "![x](https://evil.example/t.png)",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
        ] {
            let html = render(payload).to_lowercase();
            // escaped text has no raw `<`, so every `<…>` is a real tag: check each one
            for tag in html.split('<').skip(1).filter_map(|t| t.split_once('>').map(|(t, _)| t)) {
                let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("");
                assert!(["p", "a", "em", "strong", "del", "code"].contains(&name), "{payload:?} made <{tag}>");
                for bad in [" on", "style=", "javascript:", "src="] {
                    assert!(!tag.contains(bad), "{payload:?} made <{tag}>");
                }
            }
        }
        // raw HTML is shown as the text it is
        assert!(render("<b>hi</b>").contains("&lt;b&gt;hi&lt;/b&gt;"));
    }

    #[test]
    fn excerpts_are_plain_and_short() {
        assert_eq!(excerpt("# 제목\n\n**본문** 입니다", 100), "제목 본문 입니다");
        assert_eq!(excerpt("가나다라마바사", 3), "가나다…");
    }
}
