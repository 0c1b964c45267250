//! The one redirect whose target a visitor chooses (`POST /prefs`, `back=`): over real HTTP, every
//! value a browser could read as another origin — with tabs, newlines or NUL that browsers drop,
//! backslashes they read as slashes, `//host`, schemes, and all of these percent-encoded — sends
//! the visitor home; the site's own paths still send them back.

use crate::db_test;
use crate::support::{Backend, TestApp};

/// Values as the server receives them after the form's decoding.
const ATTACKS: &[&str] = &[
    "/\t/evil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/\0/evil.example",
    "\t//evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%5C/evil.example",
    "/%2F/evil.example",
    "/%252F/evil.example",
    "/\u{ff0f}evil.example",
];

/// Form bodies exactly as sent on the wire (the first is the finding: `/%09/` is `/\t/`).
const RAW_BODIES: &[&str] = &[
    "easy=1&back=/%09/evil.example",
    "easy=1&back=/%0D%0A/evil.example",
    "easy=1&back=/%00/evil.example",
    "easy=1&back=/%5C/evil.example",
    "easy=1&back=%2F%2Fevil.example",
    "easy=1&back=/%252F/evil.example",
    "easy=1&back=/%2509/evil.example",
    "easy=1&back=%09//evil.example",
];

db_test!(prefs_never_redirects_to_another_origin, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let location = |res: &reqwest::Response| {
        assert_eq!(res.status(), 303);
        res.headers()["location"].to_str().unwrap().to_owned()
    };
    for back in ATTACKS {
        let res = app.client.post(app.url("/prefs")).form(&[("easy", "1"), ("back", back)]).send().await.unwrap();
        assert_eq!(location(&res), "/", "{back:?}");
    }
    for body in RAW_BODIES {
        let res = app
            .client
            .post(app.url("/prefs"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(*body)
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), "/", "{body}");
    }
    // in the query string (as the finding was written), it is not even read
    let res = app.client.post(app.url("/prefs?back=/%09/evil.example")).form(&[("easy", "1")]).send().await.unwrap();
    assert_eq!(location(&res), "/");

    // the site's own pages: back to where the visitor was
    for back in ["/districts/1141000000", "/search?q=%ED%95%9C%EA%B8%80&page=2", "/proposals/3#comment-4"] {
        let res = app.client.post(app.url("/prefs")).form(&[("lang", "en"), ("back", back)]).send().await.unwrap();
        assert_eq!(location(&res), back);
    }
});
