//! No secret rests readable in the database (docs/ARCHITECTURE.md, "Secrets at rest"): after
//! staff issue a code (kept printable in their session), a resident creates an access token (kept
//! in the session until shown) and both sign in, someone reading every table and column finds
//! neither the code, nor the token, nor anyone's session id (the cookie that is the session).

use crate::ballot_secrecy::cells_containing;
use crate::db_test;
use crate::identity::SINCHON;
use crate::support::{Backend, TestApp};

db_test!(no_code_token_or_session_id_rests_in_any_table, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let clerk = app.person("직원", Some(SINCHON)).await;
    app.grant(clerk, "center_staff", SINCHON).await;
    let staff_cookie = app.sign_in(clerk).await;
    let resident = app.person("주민", Some(SINCHON)).await;

    let res = app
        .call("staff/reissue", Some(&staff_cookie), &[("dong", SINCHON.into()), ("user_id", resident.to_string())])
        .await;
    assert_eq!(res.status(), 200);
    let issued: serde_json::Value = res.json().await.unwrap();
    let code = issued["code"].as_str().unwrap().to_owned();
    // printable again within the staff member's session
    let again = app.call("staff/printable", Some(&staff_cookie), &[("code_id", issued["code_id"].to_string())]).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<serde_json::Value>().await.unwrap()["code"], code.as_str());

    let resident_cookie = app.sign_in(resident).await;
    let res = app
        .call(
            "account/token/create",
            Some(&resident_cookie),
            &[("name", "내 스크립트".into()), ("scope", "read".into())],
        )
        .await;
    assert_eq!(res.status(), 200);
    let token: String = res.json().await.unwrap();

    let secret_part = code.split('-').skip(1).collect::<Vec<_>>().concat();
    let session_ids = [&staff_cookie, &resident_cookie].map(|c| c.trim_start_matches("ud_session=").to_owned());
    let needles = [
        code.clone(),
        code.replace('-', ""),
        secret_part,
        token.clone(),
        session_ids[0].clone(),
        session_ids[1].clone(),
    ];
    for needle in &needles {
        assert!(needle.len() >= 8, "{needle}");
        let found = cells_containing(&app, &backend, needle).await;
        assert!(found.is_empty(), "`{needle}` readable in {found:?}");
    }
    // the sessions still work: the rows are found by the ids' hashes
    let me = app.call("me", Some(&resident_cookie), &[]).await;
    assert_eq!(me.json::<serde_json::Value>().await.unwrap()["id"], resident);
});
