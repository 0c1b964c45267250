//! Signing in (counter codes, OAuth against a real local OAuth2 server), sessions, CSRF,
//! personal access tokens, residency and the audit log.

use crate::db_test;
use crate::support::{Backend, TestApp, session_cookie};
use sea_orm::{ConnectionTrait, EntityTrait};

pub const SINCHON: &str = "1141052000"; // Cheonyeon-dong, Seodaemun-gu
pub const BUGAHYEON: &str = "1141055500"; // Seodaemun-gu
pub const SEODAEMUN: &str = "1141000000";
pub const MAPO: &str = "1144000000";
pub const AHYEON: &str = "1144055500"; // Mapo-gu

async fn me(app: &TestApp, cookie: &str) -> serde_json::Value {
    let res = app.call("me", Some(cookie), &[]).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

db_test!(counter_code_signs_in_once, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let staff_cookie = app.sign_in(staff).await;

    // staff register a resident and get a printable code
    let res = app
        .call(
            "staff/register",
            Some(&staff_cookie),
            &[
                ("dong", SINCHON.into()),
                ("display_name", "박순자".into()),
                ("birth_year", "1951".into()),
                ("verified_method", "id_card".into()),
            ],
        )
        .await;
    assert!(res.status().is_redirection() || res.status().is_success(), "{}", res.status());
    let issued: serde_json::Value = res.json().await.unwrap_or_default();
    let code = issued["code"].as_str().expect("the issued code comes back").to_owned();
    assert_eq!(code.len(), 14);

    // stored hashed: the code's secret part appears nowhere in the database
    let rows = services::entities::sign_in_code::Entity::find().all(&app.db).await.unwrap();
    assert!(rows.iter().all(|r| !r.secret_hash.contains(&code[5..9]) && r.secret_hash.len() == 64));

    let res = app.call("sign_in_code", None, &[("code", code.to_lowercase())]).await;
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/account");
    let cookie = session_cookie(&res).unwrap();
    let m = me(&app, &cookie).await;
    assert_eq!(m["display_name"], "박순자");
    assert_eq!(m["verified_resident_of"]["code"], SINCHON);

    // a used code is refused
    let again = app.call("sign_in_code", None, &[("code", code.clone())]).await;
    assert_eq!(again.status(), 422);
    let body = again.text().await.unwrap();
    // the page learns the field and the code; it words the code itself
    let refused = serde_json::from_str::<app::error::AppError>(&body).unwrap();
    assert!(matches!(&refused, app::error::AppError::Invalid { field, .. } if field == "code"), "{body}");
    assert_eq!(refused.refusal(), Some(&app::error_code::ErrorCode::SignInCodeUsed), "{body}");
});

db_test!(expired_codes_are_refused, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("김영희", Some(SINCHON)).await;
    let issued = services::identity::reissue_code(&app.db, &app.key, None, person).await.unwrap();
    app.db
        .execute_unprepared(&format!(
            "UPDATE sign_in_codes SET expires_at = '2020-01-01 00:00:00+00:00' WHERE id = {}",
            issued.code_id
        ))
        .await
        .unwrap();
    let res = app.call("sign_in_code", None, &[("code", issued.code)]).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("expired"));
});

db_test!(sixth_wrong_attempt_within_a_minute_is_rate_limited, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("이민준", Some(SINCHON)).await;
    let issued = services::identity::reissue_code(&app.db, &app.key, None, person).await.unwrap();
    for i in 1..=5 {
        let res = app.call("sign_in_code", None, &[("code", "ZZZZ-ZZZZ-ZZZZ".into())]).await;
        assert_eq!(res.status(), 422, "attempt {i}");
    }
    let sixth = app.call("sign_in_code", None, &[("code", "ZZZZ-ZZZZ-ZZZZ".into())]).await;
    assert_eq!(sixth.status(), 429);
    // while limited, even the right code is not checked
    let right = app.call("sign_in_code", None, &[("code", issued.code.clone())]).await;
    assert_eq!(right.status(), 429);
});

/// A code typed at `/sf/sign_in_code` through our proxy, which says the request came from
/// `forwarded` (X-Forwarded-For): the status.
async fn sign_in_forwarded(app: &TestApp, forwarded: String, code: String) -> reqwest::StatusCode {
    app.client
        .post(app.url("/sf/sign_in_code"))
        .header("x-forwarded-for", forwarded)
        .form(&[("code", code)])
        .send()
        .await
        .unwrap()
        .status()
}

db_test!(wrong_attempts_are_limited_per_code_across_addresses, |backend: Backend| async move {
    let app = TestApp::spawn_with(&backend, &[("UD_TRUSTED_PROXIES", "127.0.0.1, ::1")]).await;
    let person = app.person("최정호", Some(SINCHON)).await;
    let issued = services::identity::reissue_code(&app.db, &app.key, None, person).await.unwrap();
    // right selector, wrong secret, each time from another address
    let wrong = format!("{}-2222-2222", &issued.code[..4]);
    let attempt = |i: u8, code: String| sign_in_forwarded(&app, format!("10.0.0.{i}"), code);
    for i in 1..=5 {
        assert_eq!(attempt(i, wrong.clone()).await, 422);
    }
    assert_eq!(attempt(6, wrong.clone()).await, 429, "the code is locked, whatever the address");
    assert_eq!(attempt(7, issued.code.clone()).await, 429);
});

db_test!(fifty_wrong_codes_at_once_from_one_address_are_checked_at_most_five_times, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("윤서윤", Some(SINCHON)).await;
    let issued = services::identity::reissue_code(&app.db, &app.key, None, person).await.unwrap();
    // fifty different wrong codes (each its own selector, so only the address limit applies)
    let attempts: Vec<_> = (0..50)
        .map(|i| {
            let alphabet = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
            let code = format!("WX{}{}-2222-2222", char::from(alphabet[i / 10]), char::from(alphabet[i % 10]));
            Box::pin(app.call("sign_in_code", None, &[("code", code)]))
        })
        .collect();
    let statuses: Vec<u16> = join_all(attempts).await.iter().map(|r| r.status().as_u16()).collect();
    let checked = statuses.iter().filter(|s| **s == 422).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert!(checked <= 5, "at most five checked: {statuses:?}");
    assert_eq!(checked + limited, 50, "the rest are 429: {statuses:?}");
    // the right code from the same address is refused unchecked while the address is locked
    let right = app.call("sign_in_code", None, &[("code", issued.code.clone())]).await;
    assert_eq!(right.status(), 429);
});

db_test!(forwarded_addresses_count_only_from_trusted_proxies, |backend: Backend| async move {
    // behind our proxy (the test client's 127.0.0.1), the client writes a fresh fake address at
    // the left of X-Forwarded-For every time; the proxy appends the real one
    let app = TestApp::spawn_with(&backend, &[("UD_TRUSTED_PROXIES", "127.0.0.1, ::1")]).await;
    let attempt =
        |i: u8, forwarded: String| sign_in_forwarded(&app, forwarded, format!("WXY{}-2222-2222", (b'A' + i) as char));
    for i in 1..=5 {
        assert_eq!(attempt(i, format!("6.6.6.{i}, 203.0.113.9")).await, 422, "attempt {i}");
    }
    assert_eq!(attempt(6, "6.6.6.6, 203.0.113.9".into()).await, 429, "a fake leftmost entry does not dodge the limit");
    // another client behind the same proxy is not locked out by the first
    assert_eq!(attempt(7, "198.51.100.20".into()).await, 422);
    // without trusted proxies, the header means nothing: everyone is 127.0.0.1
    let plain = TestApp::spawn(&backend).await;
    for i in 1..=5 {
        let res = plain
            .client
            .post(plain.url("/sf/sign_in_code"))
            .header("x-forwarded-for", format!("203.0.113.{i}"))
            .form(&[("code", format!("WXY{}-2222-2222", (b'A' + i) as char))])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
    }
    let sixth = plain.call("sign_in_code", None, &[("code", "WXYZ-2222-2222".into())]).await;
    assert_eq!(sixth.status(), 429);
});

db_test!(a_code_used_concurrently_signs_in_exactly_once, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("한수빈", Some(SINCHON)).await;
    let issued = services::identity::reissue_code(&app.db, &app.key, None, person).await.unwrap();
    let attempts: Vec<_> =
        (0..8).map(|_| Box::pin(app.call("sign_in_code", None, &[("code", issued.code.clone())]))).collect();
    let statuses: Vec<u16> = join_all(attempts).await.iter().map(|r| r.status().as_u16()).collect();
    let ok = statuses.iter().filter(|s| **s == 302 || **s == 303 || **s == 200).count();
    assert_eq!(ok, 1, "statuses: {statuses:?}");
    // the losers are refused as "already used" (and, being wrong attempts, soon rate-limited)
    assert!(statuses.iter().all(|s| [200, 302, 303, 422, 429].contains(s)), "{statuses:?}");
});

/// Polls all futures together on this task (the requests go out concurrently).
pub async fn join_all<F: std::future::Future + Unpin>(mut futs: Vec<F>) -> Vec<F::Output> {
    use std::task::Poll;
    let mut results: Vec<Option<F::Output>> = futs.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in futs.iter_mut().enumerate() {
            if results[i].is_none() {
                match std::pin::Pin::new(f).poll(cx) {
                    Poll::Ready(v) => results[i] = Some(v),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending { Poll::Pending } else { Poll::Ready(()) }
    })
    .await;
    results.into_iter().map(|r| r.unwrap()).collect()
}

db_test!(sessions_survive_a_restart_and_end_at_sign_out, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("정미경", Some(SINCHON)).await;
    let cookie = app.sign_in(person).await;
    assert_eq!(me(&app, &cookie).await["id"], person);

    let app = app.restart().await;
    assert_eq!(me(&app, &cookie).await["id"], person, "signed in after the restart");

    let out = app.call("sign_out", Some(&cookie), &[]).await;
    assert!(out.status().is_redirection() || out.status().is_success());
    assert!(me(&app, &cookie).await.is_null(), "the old session no longer signs in");
});

db_test!(the_session_id_changes_at_sign_in, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    // an anonymous session (e.g. an OAuth attempt) gets a cookie…
    let res = app.client.post(app.url("/prefs")).form(&[("lang", "en")]).send().await.unwrap();
    assert!(session_cookie(&res).is_none(), "preferences do not start a session");
    let person = app.person("오현우", None).await;
    let issued = services::identity::reissue_code(&app.db, &app.key, None, person).await.unwrap();
    // …a planted session id is replaced at sign-in
    let planted = "ud_session=AAAAAAAAAAAAAAAAAAAAAA";
    let res = app.call("sign_in_code", Some(planted), &[("code", issued.code)]).await;
    let cookie = session_cookie(&res).unwrap();
    assert_ne!(cookie, planted);
    let set_cookie =
        res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
    let session = set_cookie.iter().find(|c| c.starts_with("ud_session=")).unwrap();
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(!session.contains("Secure"), "plain http in tests: {session}");
});

db_test!(language_and_idle_timeout_follow_the_person, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let resident = app.person("스미스", None).await;
    let cookie = app.sign_in(resident).await;
    let res = app
        .call(
            "account/update",
            Some(&cookie),
            &[("display_name", "Smith".into()), ("lang", "en".into()), ("stay_signed_in", "on".into())],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["set-cookie"].to_str().unwrap().starts_with("lang=en"));
    // at the next sign-in: English, and a 30-day session
    let issued = services::identity::reissue_code(&app.db, &app.key, None, resident).await.unwrap();
    let res = app.call("sign_in_code", None, &[("code", issued.code), ("stay_signed_in", "on".into())]).await;
    let cookies: Vec<String> =
        res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("lang=en")), "{cookies:?}");
    let session = cookies.iter().find(|c| c.starts_with("ud_session=")).unwrap();
    assert!(session.contains("Max-Age=2592000"), "{session}");
    // staff never stay signed in: 30 idle minutes
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let issued = services::identity::reissue_code(&app.db, &app.key, None, staff).await.unwrap();
    let res = app.call("sign_in_code", None, &[("code", issued.code), ("stay_signed_in", "on".into())]).await;
    let session = session_cookie_header(&res);
    assert!(session.contains("Max-Age=1800"), "{session}");
});

fn session_cookie_header(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("ud_session="))
        .unwrap()
}

db_test!(cross_site_posts_are_refused, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("장상철", None).await;
    let cookie = app.sign_in(person).await;
    let update = |origin: Option<&'static str>, fetch_site: Option<&'static str>| {
        let mut req = app
            .client
            .post(app.url("/sf/account/update"))
            .header("cookie", cookie.clone())
            .form(&[("display_name", "바뀐 이름"), ("lang", "ko")]);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        if let Some(s) = fetch_site {
            req = req.header("sec-fetch-site", s);
        }
        req.send()
    };
    assert_eq!(update(Some("https://evil.example"), None).await.unwrap().status(), 403);
    assert_eq!(update(None, Some("cross-site")).await.unwrap().status(), 403);
    assert_eq!(update(Some("null"), None).await.unwrap().status(), 403);
    let name = services::entities::user::Entity::find_by_id(person).one(&app.db).await.unwrap().unwrap().display_name;
    assert_eq!(name, "장상철", "nothing changed");
    // the same request from the site itself goes through
    let own_origin: &'static str = Box::leak(app.base.clone().into_boxed_str());
    assert!(update(Some(own_origin), Some("same-origin")).await.unwrap().status().is_success());
    // plain forms and the REST API are guarded too
    let prefs =
        app.client.post(app.url("/prefs")).header("origin", "https://evil.example").form(&[("lang", "en")]).send();
    assert_eq!(prefs.await.unwrap().status(), 403);
    // reading is never refused
    let get = app.client.get(app.url("/")).header("sec-fetch-site", "cross-site").send().await.unwrap();
    assert_eq!(get.status(), 200);
});

db_test!(api_me_needs_a_valid_token, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("윤지우", Some(SINCHON)).await;
    app.grant(person, "expert", SEODAEMUN).await;
    app.verify(person, SINCHON).await;
    let cookie = app.sign_in(person).await;

    let anon = app.get("/api/v1/me").await;
    assert_eq!(anon.status(), 401);
    assert_eq!(anon.headers()["content-type"], "application/problem+json");

    let res =
        app.call("account/token/create", Some(&cookie), &[("name", "script".into()), ("scope", "read".into())]).await;
    assert_eq!(res.status(), 200);
    let token: String = res.json().await.unwrap();
    assert!(token.starts_with("udpat_"));
    let stored = services::entities::access_token::Entity::find().all(&app.db).await.unwrap();
    assert!(stored.iter().all(|t| t.token_hash != token), "only the hash is stored");

    let res = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["id"], person);
    assert_eq!(body["roles"][0]["role"], "expert");
    assert_eq!(body["roles"][0]["scope"]["code"], SEODAEMUN);
    assert_eq!(body["verified_resident_of"]["code"], SINCHON);

    let wrong = app.client.get(app.url("/api/v1/me")).bearer_auth("udpat_nope").send().await.unwrap();
    assert_eq!(wrong.status(), 401);

    // revoked tokens stop working at once
    let id = stored[0].id;
    let res = app.call("account/token/revoke", Some(&cookie), &[("token_id", id.to_string())]).await;
    assert_eq!(res.status(), 200);
    let res = app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(res.status(), 401);
});

db_test!(staff_verify_and_unverify_residents, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let staff_cookie = app.sign_in(staff).await;
    let resident = app.person("온라인 주민", None).await;
    let resident_cookie = app.sign_in(resident).await;
    assert!(me(&app, &resident_cookie).await["verified_resident_of"].is_null());

    let res = app
        .call(
            "staff/verify",
            Some(&staff_cookie),
            &[("dong", SINCHON.into()), ("account", format!("#{resident}")), ("method", "address_document".into())],
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // takes effect on the resident's next request
    assert_eq!(me(&app, &resident_cookie).await["verified_resident_of"]["code"], SINCHON);

    // an expiry in the past is refused
    let res = app
        .call(
            "staff/verify",
            Some(&staff_cookie),
            &[
                ("dong", SINCHON.into()),
                ("account", resident.to_string()),
                ("method", "id_card".into()),
                ("expires_on", "2001-01-01".into()),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);

    let res = app
        .call(
            "staff/end_residency",
            Some(&staff_cookie),
            &[("dong", SINCHON.into()), ("user_id", resident.to_string())],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(me(&app, &resident_cookie).await["verified_resident_of"].is_null(), "moved out");

    // the audit log has both, and refuses to be changed
    let events = services::entities::audit_event::Entity::find().all(&app.db).await.unwrap();
    let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"residency.verified") && actions.contains(&"residency.ended"), "{actions:?}");
    assert!(app.db.execute_unprepared("UPDATE audit_events SET action = 'nothing'").await.is_err());
    assert!(app.db.execute_unprepared("DELETE FROM audit_events").await.is_err());
    let after = services::entities::audit_event::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(after, events);
});

db_test!(staff_hand_out_codes_to_residents_never_to_role_holders, |backend: Backend| async move {
    // A code signs its holder in: printing one for a person who holds a role would let the
    // center's staff act as an administrator, the district's expert or a welfare officer (and
    // cancel that person's own unused code). Staff print codes for the residents of their dong;
    // a role holder gets one from an administrator at the operator's command line.
    let app = TestApp::spawn(&backend).await;
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let cookie = app.sign_in(staff).await;
    let reissue = |user: i64| {
        app.call("staff/reissue", Some(&cookie), &[("dong", SINCHON.into()), ("user_id", user.to_string())])
    };

    let resident = app.person("주민", Some(SINCHON)).await;
    app.verify(resident, SINCHON).await;
    let res = reissue(resident).await;
    assert!(res.status().is_success() || res.status().is_redirection(), "a resident's code: {}", res.status());

    let mut holders = Vec::new();
    for (role, scope) in
        [("admin", ""), ("expert", SEODAEMUN), ("welfare_officer", BUGAHYEON), ("center_staff", SINCHON)]
    {
        // lives in the staff's dong, and holds a role
        let holder = app.person("역할", Some(SINCHON)).await;
        holders.push(holder);
        app.verify(holder, SINCHON).await;
        app.grant(holder, role, scope).await;
        let own = services::identity::reissue_code(&app.db, &app.key, None, holder).await.unwrap();
        let res = reissue(holder).await;
        assert_eq!(res.status(), 409, "staff print a code for a {role}");
        assert!(res.text().await.unwrap().contains("\"holds_role_no_code\""), "the rule is named");
        // the holder's own code was left alone and still signs them in
        let res = app.call("sign_in_code", None, &[("code", own.code)]).await;
        assert!(res.status().is_success() || res.status().is_redirection(), "{role}'s own code: {}", res.status());
    }
    // the staff's list says who holds a role, so the page offers no code for them
    let view: serde_json::Value =
        app.call("staff/dong", Some(&cookie), &[("dong", SINCHON.into())]).await.json().await.unwrap();
    let rows: Vec<&serde_json::Value> = view["verified"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["user_id"] == resident || holders.contains(&r["user_id"].as_i64().unwrap()))
        .collect();
    assert_eq!(rows.len(), 5, "the resident and the four role holders are listed");
    for r in rows {
        assert_eq!(r["holds_role"], r["user_id"] != resident, "{r}");
    }
});

db_test!(revoked_roles_stop_working_at_once, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let admin = app.person("관리자", None).await;
    app.grant(admin, "admin", "").await;
    let admin_cookie = app.sign_in(admin).await;
    let staff = app.person("직원", None).await;
    let grant = app.grant(staff, "center_staff", SINCHON).await;
    let staff_cookie = app.sign_in(staff).await;
    let view = || app.call("staff/dong", Some(&staff_cookie), &[("dong", SINCHON.into())]);
    assert_eq!(view().await.status(), 200);
    let res = app.call("admin/revoke", Some(&admin_cookie), &[("grant_id", grant.to_string())]).await;
    assert_eq!(res.status(), 200);
    // a role change ends the person's sessions: they sign in again, with the role gone
    assert_eq!(view().await.status(), 401);
    let again = app.sign_in(staff).await;
    assert_eq!(app.call("staff/dong", Some(&again), &[("dong", SINCHON.into())]).await.status(), 403);
    // an admin cannot remove their own admin role
    let own = services::entities::role_grant::Entity::find().all(&app.db).await.unwrap();
    let own = own.iter().find(|g| g.user_id == admin).unwrap().id;
    let res = app.call("admin/revoke", Some(&admin_cookie), &[("grant_id", own.to_string())]).await;
    assert_eq!(res.status(), 409);
});

db_test!(account_export_and_deletion, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("서연", Some(SINCHON)).await;
    app.verify(person, SINCHON).await;
    let cookie = app.sign_in(person).await;
    let export = app.get_with_cookie("/account/export.json", &cookie).await;
    assert_eq!(export.status(), 200);
    let data: serde_json::Value = export.json().await.unwrap();
    assert_eq!(data["account"]["display_name"], "서연");
    assert_eq!(data["residencies"][0]["dong_code"], SINCHON);
    assert_eq!(app.get("/account/export.json").await.status(), 401);

    // deletion needs the confirmation box
    let res = app.call("account/delete", Some(&cookie), &[]).await;
    assert_eq!(res.status(), 422);
    let res = app.call("account/delete", Some(&cookie), &[("confirm", "on".into())]).await;
    assert!(res.status().is_redirection() || res.status().is_success());
    let u = services::entities::user::Entity::find_by_id(person).one(&app.db).await.unwrap().unwrap();
    assert!(u.deleted_at.is_some());
    assert_ne!(u.display_name, "서연");
    assert_eq!(u.birth_year, None);
    assert!(me(&app, &cookie).await.is_null(), "signed out");
});

db_test!(pages_in_both_languages, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let sign_in = app.get("/sign-in").await.text().await.unwrap();
    assert!(sign_in.contains("주민센터에서 받은 코드로"));
    let en = app.get_with_cookie("/sign-in", "lang=en").await.text().await.unwrap();
    assert!(en.contains("With a code from your center"));
    // pages that need a person answer 401 with a sign-in link
    let account = app.get("/account").await;
    assert_eq!(account.status(), 401);
    assert!(account.text().await.unwrap().contains("href=\"/sign-in\""));
    let person = app.person("강은우", None).await;
    let cookie = app.sign_in(person).await;
    let page = app.get_with_cookie("/account", &cookie).await.text().await.unwrap();
    assert!(page.contains(&format!("#{person}")));
    let staff = app.get_with_cookie(&format!("/staff/{SINCHON}"), &cookie).await;
    assert_eq!(staff.status(), 403);
    assert!(staff.text().await.unwrap().contains("볼 권한이 없습니다"));
});
