//! No secret rests readable where an attacker would look (docs/features/identity.md, "Secrets
//! at rest"): not in any table and column (read through SQL, on both databases), not in the bytes
//! of the SQLite database file, its write-ahead log and its shared-memory index (what a copy of
//! the data directory or a stolen disk gives), and not in the application's logs at the most
//! verbose level an operator could choose.
//!
//! The secrets are the ones actually used: the sign-in code staff printed and the resident signed
//! in with, the code printed after it (a lost paper) and signed in with too, the staff member's own
//! code, each as printed, without dashes and as its secret part alone (with and without its dash);
//! an access token (whole and without its prefix) that was then used; and every session id (the
//! cookie that is the session).

use crate::ballot_secrecy::cells_containing;
use crate::db_test;
use crate::identity::SINCHON;
use crate::support::{Backend, TestApp, logs, session_cookie};

/// Signs in with `code` as the sign-in form does; returns the session cookie.
async fn sign_in_with(app: &TestApp, code: &str) -> String {
    let res = app.call("sign_in_code", None, &[("code", code.to_owned())]).await;
    assert!(res.status().is_redirection() || res.status().is_success(), "sign-in with {code}: {}", res.status());
    session_cookie(&res).expect("a sign-in sets a session cookie")
}

/// Staff print a code for `person` (the counter's reissue) and print it again from their session.
async fn printed(app: &TestApp, staff_cookie: &str, person: i64) -> String {
    let res = app
        .call("staff/reissue", Some(staff_cookie), &[("dong", SINCHON.into()), ("user_id", person.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let issued: serde_json::Value = res.json().await.unwrap();
    let code = issued["code"].as_str().unwrap().to_owned();
    // printable again within the staff member's session
    let again = app.call("staff/printable", Some(staff_cookie), &[("code_id", issued["code_id"].to_string())]).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<serde_json::Value>().await.unwrap()["code"], code.as_str());
    code
}

/// Every form of a sign-in code someone could search for: as printed (`ABCD-EFGH-JKMN`), as
/// typed without dashes, and the secret part (the letters after the selector) with and without
/// its dash.
fn code_forms(code: &str) -> Vec<String> {
    let parts: Vec<&str> = code.split('-').collect();
    assert_eq!(parts.len(), 3, "{code}");
    vec![code.to_owned(), code.replace('-', ""), parts[1..].concat(), parts[1..].join("-")]
}

/// The SQLite database file and the files beside it, by name, with their bytes (`searchable`).
fn sqlite_files(app: &TestApp) -> Vec<(String, String)> {
    let url = app.database_url();
    let path = url.trim_start_matches("sqlite://").split('?').next().unwrap().to_owned();
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let name = format!("{path}{suffix}");
            std::fs::read(&name).ok().map(|bytes| (name, searchable(&bytes)))
        })
        .collect()
}

/// What a search of raw bytes sees: the bytes as text, ASCII lowercased (a code may be kept as
/// typed, in any case).
fn searchable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_ascii_lowercase()
}

/// Whether `needle` occurs in `haystack` (made `searchable`), ASCII case ignored.
fn contains(haystack: &str, needle: &str) -> bool {
    haystack.contains(&needle.to_ascii_lowercase())
}

db_test!(no_code_token_or_session_id_rests_in_any_table_file_or_log, |backend: Backend| async move {
    let logs = logs::capture();
    let app = TestApp::spawn(&backend).await;
    let clerk = app.person("직원", Some(SINCHON)).await;
    app.grant(clerk, "center_staff", SINCHON).await;
    // the clerk's own code, from the operator
    let clerk_code = services::identity::reissue_code(&app.db, &app.key, None, clerk).await.unwrap().code;
    let staff_cookie = sign_in_with(&app, &clerk_code).await;
    let resident = app.person("주민", Some(SINCHON)).await;

    // the code printed at the counter signs the resident in; the paper is lost, a second code is
    // printed, and that one signs them in too
    let first = printed(&app, &staff_cookie, resident).await;
    let first_cookie = sign_in_with(&app, &first).await;
    let second = printed(&app, &staff_cookie, resident).await;
    assert_ne!(first, second);
    let resident_cookie = sign_in_with(&app, &second).await;

    // a token, named with a marker the scans below must find (so they read live data)
    let marker = format!("marker-{}", uuid::Uuid::new_v4().simple());
    let res = app
        .call("account/token/create", Some(&resident_cookie), &[("name", marker.clone()), ("scope", "read".into())])
        .await;
    assert_eq!(res.status(), 200);
    let token: String = res.json().await.unwrap();
    let used = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(used.status(), 200, "the token works");

    let mut needles: Vec<String> = [&clerk_code, &first, &second].into_iter().flat_map(|c| code_forms(c)).collect();
    needles.push(token.clone());
    needles.push(token.trim_start_matches(app::domain::identity::TOKEN_PREFIX).to_owned());
    for cookie in [&staff_cookie, &first_cookie, &resident_cookie] {
        needles.push(cookie.trim_start_matches("ud_session=").to_owned());
    }
    for needle in &needles {
        assert!(needle.len() >= 8, "{needle}");
    }
    let mut distinct = needles.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), needles.len(), "every secret is its own: {needles:?}");

    // 1. every table and column, through SQL
    assert!(!cells_containing(&app, &backend, &marker).await.is_empty(), "the SQL scan finds live rows");
    for needle in &needles {
        let found = cells_containing(&app, &backend, needle).await;
        assert!(found.is_empty(), "`{needle}` readable in {found:?}");
    }

    // 2. the bytes of the SQLite files as they are now (the recent writes sit in the WAL), and
    // the database file alone after a checkpoint has moved them in
    if matches!(backend, Backend::Sqlite) {
        let files = sqlite_files(&app);
        assert!(files.iter().any(|(n, b)| n.ends_with("-wal") && !b.is_empty()), "the database runs in WAL mode");
        assert!(files.iter().any(|(_, b)| contains(b, &marker)), "the file scan reads the latest writes");
        for (name, bytes) in &files {
            for needle in &needles {
                assert!(!contains(bytes, needle), "`{needle}` in the bytes of {name}");
            }
        }
        use sea_orm::ConnectionTrait;
        app.db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.unwrap();
        let files = sqlite_files(&app);
        let (name, main) = files.iter().find(|(n, _)| n.ends_with(".db")).unwrap();
        assert!(contains(main, &marker), "after the checkpoint the rows are in {name}");
        for needle in &needles {
            assert!(!contains(main, needle), "`{needle}` in the bytes of {name} after a checkpoint");
        }
    }

    // 3. the logs, at trace level, of everything above (the sign-ins, the printing, the token)
    let text = logs.text();
    assert!(text.contains("sign_in_code"), "the logs saw the sign-ins");
    let text = searchable(text.as_bytes());
    for needle in &needles {
        assert!(!contains(&text, needle), "`{needle}` in the logs");
    }

    // the sessions still work: the rows are found by the ids' hashes
    let me = app.call("me", Some(&resident_cookie), &[]).await;
    assert_eq!(me.json::<serde_json::Value>().await.unwrap()["id"], resident);
});
