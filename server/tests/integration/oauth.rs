//! Signing in with OAuth2 against a real OAuth2 server running locally (`oauth2-mock-server`,
//! from end2end/node_modules, started by end2end/oauth-mock.mjs). It enforces PKCE.

use crate::db_test;
use crate::support::{Backend, TestApp, session_cookie};
use sea_orm::EntityTrait;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};

/// The mock provider, stopped when dropped.
pub struct MockProvider {
    child: Child,
    pub url: String,
}

impl MockProvider {
    pub fn start(sub: &str) -> MockProvider {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end");
        assert!(
            dir.join("node_modules/oauth2-mock-server").is_dir(),
            "oauth2-mock-server is not installed: run `make bootstrap-test` (npm ci in end2end/)"
        );
        let mut child = Command::new("node")
            .arg("oauth-mock.mjs")
            .arg("0")
            .current_dir(&dir)
            .env("MOCK_SUB", sub)
            .env("MOCK_NAME", "모의 주민")
            .stdout(Stdio::piped())
            .spawn()
            .expect("node runs");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("listening ").unwrap_or_else(|| panic!("mock said: {line}")).to_owned();
        MockProvider { child, url }
    }

    pub fn settings(&self, id: &str, token_url: Option<&str>) -> Vec<(String, String)> {
        let up = id.to_uppercase();
        let token = token_url.map_or_else(|| format!("{}/token", self.url), str::to_owned);
        vec![
            (format!("UD_OAUTH_{up}_PRESET"), "generic".into()),
            (format!("UD_OAUTH_{up}_CLIENT_ID"), "uri-dongne".into()),
            (format!("UD_OAUTH_{up}_CLIENT_SECRET"), "test-secret".into()),
            (format!("UD_OAUTH_{up}_AUTH_URL"), format!("{}/authorize", self.url)),
            (format!("UD_OAUTH_{up}_TOKEN_URL"), token),
            (format!("UD_OAUTH_{up}_USERINFO_URL"), format!("{}/userinfo", self.url)),
            (format!("UD_OAUTH_{up}_SCOPES"), "openid profile".into()),
            (format!("UD_OAUTH_{up}_NAME_CLAIM"), "name".into()),
            (format!("UD_OAUTH_{up}_LABEL"), "Mock".into()),
        ]
    }
}

impl Drop for MockProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn location(res: &reqwest::Response) -> String {
    res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// Runs the browser's part of the flow; returns the final redirect and the session cookie.
async fn sign_in_via(
    app: &TestApp,
    provider: &str,
    cookie: Option<&str>,
    extra: &[(&str, &str)],
) -> (String, Option<String>) {
    let mut req = app.client.post(app.url(&format!("/auth/oauth/{provider}"))).form(extra);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let start = req.send().await.unwrap();
    assert!(start.status().is_redirection(), "{}", start.status());
    let session = session_cookie(&start).or_else(|| cookie.map(str::to_owned)).unwrap();
    let authorize = location(&start);
    assert!(authorize.contains("code_challenge_method=S256"), "PKCE: {authorize}");
    assert!(authorize.contains("state="), "{authorize}");
    let back = app.client.get(&authorize).send().await.unwrap();
    let callback = location(&back);
    assert!(callback.starts_with(&app.base), "{callback}");
    let done = app.client.get(&callback).header("cookie", &session).send().await.unwrap();
    (location(&done), session_cookie(&done))
}

async fn me(app: &TestApp, cookie: &str) -> serde_json::Value {
    app.call("me", Some(cookie), &[]).await.json().await.unwrap()
}

fn with(settings: Vec<(String, String)>, providers: &str) -> Vec<(String, String)> {
    let mut s = settings;
    s.push(("UD_OAUTH_PROVIDERS".into(), providers.into()));
    s
}

fn as_refs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

db_test!(sign_in_with_a_local_oauth2_server, |backend: Backend| async move {
    let mock = MockProvider::start("oauth-subject-1");
    let settings = with(mock.settings("mock", None), "mock");
    let app = TestApp::spawn_with(&backend, &as_refs(&settings)).await;

    let (to, cookie) = sign_in_via(&app, "mock", None, &[("stay_signed_in", "on")]).await;
    assert_eq!(to, "/account");
    let cookie = cookie.expect("a new session at sign-in");
    let first = me(&app, &cookie).await;
    assert_eq!(first["display_name"], "모의 주민");

    // the same person again: the same account
    let (_, cookie2) = sign_in_via(&app, "mock", None, &[]).await;
    assert_eq!(me(&app, &cookie2.unwrap()).await["id"], first["id"]);
    let identities = services::entities::oauth_identity::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(identities.len(), 1);
    assert_eq!(identities[0].subject, "oauth-subject-1");
});

db_test!(a_forged_state_is_refused, |backend: Backend| async move {
    let mock = MockProvider::start("oauth-subject-2");
    let settings = with(mock.settings("mock", None), "mock");
    let app = TestApp::spawn_with(&backend, &as_refs(&settings)).await;
    let start = app.client.post(app.url("/auth/oauth/mock")).form(&[("x", "")]).send().await.unwrap();
    let session = session_cookie(&start).unwrap();
    let back = app.client.get(location(&start)).send().await.unwrap();
    let forged = location(&back).replace("state=", "state=forged");
    let done = app.client.get(&forged).header("cookie", &session).send().await.unwrap();
    assert_eq!(location(&done), "/sign-in?error=failed");
    // without the session that started it, a callback does nothing either
    let replay = app.client.get(location(&start)).send().await.unwrap();
    let callback = location(&replay);
    let done = app.client.get(&callback).send().await.unwrap();
    assert_eq!(location(&done), "/sign-in?error=expired");
    assert!(services::entities::oauth_identity::Entity::find().all(&app.db).await.unwrap().is_empty());
});

db_test!(the_token_request_follows_no_redirects, |backend: Backend| async move {
    let mock = MockProvider::start("oauth-subject-3");
    // a token endpoint that redirects (307 keeps the POST and its body) to the real one
    let real = format!("{}/token", mock.url);
    let redirector = axum::Router::new().route(
        "/token",
        axum::routing::post(move || {
            let real = real.clone();
            async move { axum::response::Redirect::temporary(&real) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let redirect_url = format!("http://127.0.0.1:{}/token", listener.local_addr().unwrap().port());
    tokio::spawn(async move { axum::serve(listener, redirector).await });

    let settings = with(mock.settings("mock", Some(&redirect_url)), "mock");
    let app = TestApp::spawn_with(&backend, &as_refs(&settings)).await;
    let (to, _) = sign_in_via(&app, "mock", None, &[]).await;
    assert_eq!(to, "/sign-in?error=failed");
    assert!(services::entities::oauth_identity::Entity::find().all(&app.db).await.unwrap().is_empty());
});

db_test!(a_signed_in_resident_links_an_online_account, |backend: Backend| async move {
    let mock = MockProvider::start("oauth-subject-4");
    let settings = with(mock.settings("mock", None), "mock");
    let app = TestApp::spawn_with(&backend, &as_refs(&settings)).await;
    let person = app.person("창구 주민", Some(crate::identity::SINCHON)).await;
    let cookie = app.sign_in(person).await;
    let (to, _) = sign_in_via(&app, "mock", Some(&cookie), &[("link", "1")]).await;
    assert_eq!(to, "/account");
    let linked = services::entities::oauth_identity::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].user_id, person);
    // from now on the online account signs in as the same person
    let (_, cookie2) = sign_in_via(&app, "mock", None, &[]).await;
    assert_eq!(me(&app, &cookie2.unwrap()).await["id"], person);
    // linking needs someone signed in
    let anon = app.client.post(app.url("/auth/oauth/mock")).form(&[("link", "1")]).send().await.unwrap();
    assert_eq!(anon.status(), 401);
});
