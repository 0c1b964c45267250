//! Middleware and infrastructure endpoints: headers, CSP nonce, compression, caching, health,
//! preferences.

use crate::db_test;
use crate::support::{Backend, TestApp};

fn nonce_of(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("CSP has a nonce") + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_owned()
}

db_test!(html_pages_carry_a_nonce_csp_and_security_headers, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app.get("/").await;
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    let nonce = nonce_of(&csp);
    assert!(nonce.len() >= 16, "nonce too short: {nonce}");
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the response's nonce");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    assert!(!h["x-request-id"].to_str().unwrap().is_empty());

    // a new response, a new nonce
    let csp2 = app.get("/").await.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert_ne!(nonce_of(&csp2), nonce);

    // the 404 page too
    let res = app.get("/nowhere").await;
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("'nonce-"));

    // JSON gets the strictest policy
    let res = app.get("/api/v1/districts").await;
    assert_eq!(res.headers()["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
});

db_test!(request_ids_are_kept_or_made, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app.client.get(app.url("/healthz")).header("x-request-id", "abc-123").send().await.unwrap();
    assert_eq!(res.headers()["x-request-id"], "abc-123");
    let a = app.get("/healthz").await.headers()["x-request-id"].clone();
    let b2 = app.get("/healthz").await.headers()["x-request-id"].clone();
    assert_ne!(a, b2);
});

db_test!(responses_are_compressed, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    for enc in ["br", "gzip"] {
        let res = app.client.get(app.url("/api/v1/districts")).header("accept-encoding", enc).send().await.unwrap();
        assert_eq!(res.headers()["content-encoding"], enc);
    }
});

db_test!(front_end_files_go_as_the_build_compressed_them, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    // the build's brotli and gzip siblings, chosen by what the client accepts
    let js = "export const x = 1;\n".repeat(200);
    std::fs::write(app.site_root.join("pkg/uri-dongne.abc123.js.br"), b"brotli bytes").unwrap();
    std::fs::write(app.site_root.join("pkg/uri-dongne.abc123.js.gz"), b"gzip bytes").unwrap();
    for (accept, encoding, body) in [
        ("br, gzip", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("identity", None, js.as_str()),
    ] {
        let res = app
            .client
            .get(app.url("/pkg/uri-dongne.abc123.js"))
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{accept}");
        assert_eq!(res.headers().get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accept}");
        assert!(res.headers()["content-type"].to_str().unwrap().contains("javascript"), "{accept}");
        assert_eq!(res.text().await.unwrap(), body, "{accept}");
    }
    // a file without siblings (a debug build's) is sent as it is, not compressed per request
    std::fs::write(app.site_root.join("pkg/uri-dongne.abc123.wasm"), vec![0u8; 64 * 1024]).unwrap();
    let res = app
        .client
        .get(app.url("/pkg/uri-dongne.abc123.wasm"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers().get("content-encoding"), None);
    assert_eq!(res.bytes().await.unwrap().len(), 64 * 1024);
    // and the security headers still apply to them
    let res = app.get("/pkg/uri-dongne.abc123.js").await;
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers().contains_key("content-security-policy"));
});

db_test!(hashed_assets_are_cached_for_a_year, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app.get("/pkg/uri-dongne.abc123.js").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    let res = app.get("/favicon.svg").await;
    assert_eq!(res.status(), 200);
    assert_ne!(
        res.headers().get("cache-control").map(|v| v.to_str().unwrap()),
        Some("public, max-age=31536000, immutable")
    );
});

db_test!(health_and_readiness, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    // with the database gone, not ready (but still alive)
    app.db.clone().close().await.unwrap();
    assert_eq!(app.get("/readyz").await.status(), 503);
    assert_eq!(app.get("/healthz").await.status(), 200);
});

db_test!(preferences_are_remembered_in_cookies, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    let res = app
        .client
        .post(app.url("/prefs"))
        .form(&[("lang", "en"), ("back", "/districts/1141000000")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/districts/1141000000");
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;") && cookie.contains("SameSite=Lax"), "{cookie}");

    let res =
        app.client.post(app.url("/prefs")).form(&[("easy", "1"), ("back", "//evil.example")]).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/", "no open redirect");
    assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("easy=1;"));

    let html = app.get_with_cookie("/", "easy=1; lang=en").await.text().await.unwrap();
    assert!(html.contains("class=\"easy\""), "easy mode is rendered by the server");
    assert!(html.contains("Larger text off"));
});

fn form(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}

db_test!(server_functions_answer_bad_input_with_a_4xx_never_a_500, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    for (endpoint, pairs, want) in [
        // arguments that do not decode, a missing one: the request's fault, before any sign-in check
        ("assemblies/item/remove", form(&[("item_id", "abc"), ("confirm", "on")]), 400),
        ("assemblies/item/remove", form(&[("item_id", "-48673.0")]), 400),
        ("assemblies/item/remove", form(&[("confirm", "on")]), 400),
        ("assemblies/item/move", form(&[("item_id", "1"), ("item_id", "2"), ("direction", "up")]), 400),
        // the geography functions answer with their refusal's status
        ("dong", form(&[("code", "1141099999")]), 404),
        ("dong", form(&[("code", "abc")]), 422),
        ("district", form(&[("code", "1100000000")]), 404),
    ] {
        let res = app.call(endpoint, None, &pairs).await;
        assert_eq!(res.status().as_u16(), want, "POST /sf/{endpoint} {pairs:?}");
    }
    // a body over the limit (64 KiB for forms; larger ones are refused before they are read,
    // see limits.rs — and a client still writing then sees the connection close)
    let big = "x".repeat(200 * 1024);
    let res = app.call("assemblies/item/remove", None, &[("item_id", big)]).await;
    assert_eq!(res.status().as_u16(), 413);
});

db_test!(only_pages_with_an_island_load_the_wasm_and_forms_come_back_with_their_outcome, async |b: Backend| {
    let app = TestApp::spawn(&b).await;
    // the home page's district filter is an island; the sign-in page has none
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("<leptos-island data-component=\"DistrictFilter_"), "the filter is an island");
    let plain = app.get("/sign-in").await.text().await.unwrap();
    assert!(!plain.contains("<leptos-island"));
    for html in [&home, &plain] {
        // the page script fetches the wasm itself, only when it finds an island: nothing preloads it
        assert!(!html.contains("preload"), "no preload hint for the wasm or its glue");
        assert!(html.contains("leptos-island") && html.contains(".wasm\");"), "the page script names the wasm");
    }

    // a browser's form post (Accept: text/html) that succeeds is sent back to its page with
    // `__done` (earlier markers dropped), and the page shows the form's confirmation
    let user = app.person("주민", None).await;
    let cookie = app.sign_in(user).await;
    let form_post = |endpoint: &str, referer: String, form: Vec<(&'static str, String)>| {
        let req = app
            .client
            .post(app.url(&format!("/sf/{endpoint}")))
            .header("cookie", &cookie)
            .header("accept", "text/html")
            .header("referer", referer)
            .form(&form);
        async move { req.send().await.unwrap() }
    };
    let back = app.url("/account?__done=%2Fsf%2Fold");
    let res = form_post("account/update", back, vec![("display_name", "새 이름".into()), ("lang", "ko".into())]).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, app.url("/account?__done=%2Fsf%2Faccount%2Fupdate"));
    let path = location.trim_start_matches(&app.url(""));
    let page = app.get_with_cookie(path, &cookie).await.text().await.unwrap();
    assert!(page.contains("class=\"form-done\">저장했습니다."), "the confirmation is on the page");
    assert!(!app.get_with_cookie("/account", &cookie).await.text().await.unwrap().contains("class=\"form-done\""));

    // a refusal carries Leptos' error instead, and no `__done`
    let res =
        form_post("account/update", app.url("/account"), vec![("display_name", String::new()), ("lang", "ko".into())])
            .await;
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("__err=") && !location.contains("__done"), "{location}");
});
