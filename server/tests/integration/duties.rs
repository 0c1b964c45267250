//! Separation of duties (issue 40; docs/ARCHITECTURE.md, "Duties"): no role becomes another
//! person, prepares its own approval, or reaches into another dong — each test is an attack an
//! insider made over HTTP against the earlier build, and fails there.

use crate::db_test;
use crate::identity::{BUGAHYEON, SINCHON};
use crate::support::fund::claim_by;
use crate::support::{Backend, TestApp, session_cookie};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use services::entities::{expense_claim, notification, residency, role_grant, sign_in_code};

/// A member of `dong`'s center staff, signed in.
async fn staff_of(app: &TestApp, dong: &str, name: &str) -> (i64, String) {
    let id = app.person(name, None).await;
    app.grant(id, "center_staff", dong).await;
    (id, app.sign_in(id).await)
}

fn done(res: &reqwest::Response) -> bool {
    res.status().is_success() || res.status().is_redirection()
}

/// The answer is a 409 naming `code`: the rule is said to the person it stops.
async fn refused_with(res: reqwest::Response, code: &str, what: &str) {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 409, "{what}: {body}");
    assert!(body.contains(&format!("\"{code}\"")), "{what}: expected {code}, got {body}");
}

async fn unused_codes(app: &TestApp, user: i64) -> u64 {
    sign_in_code::Entity::find()
        .filter(sign_in_code::Column::UserId.eq(user))
        .filter(sign_in_code::Column::UsedAt.is_null())
        .count(&app.db)
        .await
        .unwrap()
}

async fn notices(app: &TestApp, user: i64, kind: &str) -> u64 {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user))
        .filter(notification::Column::Kind.eq(kind))
        .count(&app.db)
        .await
        .unwrap()
}

async fn lives_in(app: &TestApp, user: i64) -> Vec<String> {
    residency::Entity::find()
        .filter(residency::Column::UserId.eq(user))
        .filter(residency::Column::EndedAt.is_null())
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.dong_code)
        .collect()
}

fn verify_form(dong: &str, user: i64) -> [(&'static str, String); 3] {
    [("dong", dong.into()), ("account", user.to_string()), ("method", "id_card".into())]
}

db_test!(a_center_cannot_take_over_a_resident_of_another_dong, |backend: Backend| async move {
    // The attack: staff of A "verify" a resident of B (ending B's residency), print the account a
    // code (its dong is now A) and sign in as them. It is refused at the first step.
    let app = TestApp::spawn(&backend).await;
    let (_, cookie) = staff_of(&app, SINCHON, "신촌 직원").await;
    let victim = app.person("이웃", Some(BUGAHYEON)).await;
    app.verify(victim, BUGAHYEON).await;
    let res = app.call("staff/verify", Some(&cookie), &verify_form(SINCHON, victim)).await;
    refused_with(res, "resident_lives_elsewhere", "verifying a resident of another dong").await;
    assert_eq!(lives_in(&app, victim).await, vec![BUGAHYEON.to_owned()], "their residency is untouched");
    assert_eq!(notices(&app, victim, "residency_changed").await, 0);
    let res =
        app.call("staff/reissue", Some(&cookie), &[("dong", SINCHON.into()), ("user_id", victim.to_string())]).await;
    assert_eq!(res.status(), 403, "no code for a resident of another dong");
    assert_eq!(unused_codes(&app, victim).await, 0, "no code was printed");

    // someone registered at another dong's counter and verified nowhere is not this center's either
    let registered_there = app.person("저쪽 등록", Some(BUGAHYEON)).await;
    let res = app.call("staff/verify", Some(&cookie), &verify_form(SINCHON, registered_there)).await;
    refused_with(res, "resident_lives_elsewhere", "verifying someone registered in another dong").await;

    // An account that signs in online (a token here) may be verified — the person came to the
    // counter — and is told; the center prints no code for it: it recovers through its provider.
    let online = app.person("온라인", None).await;
    let actor = services::identity::load_actor(&app.db, online).await.unwrap().unwrap();
    services::identity::create_token(&app.db, &actor, "t".into(), app::domain::identity::TokenScope::Read)
        .await
        .unwrap();
    let res = app.call("staff/verify", Some(&cookie), &verify_form(SINCHON, online)).await;
    assert!(done(&res), "verifying an online account: {}", res.status());
    assert_eq!(notices(&app, online, "residency_changed").await, 1, "the person is told");
    let res =
        app.call("staff/reissue", Some(&cookie), &[("dong", SINCHON.into()), ("user_id", online.to_string())]).await;
    refused_with(res, "account_signs_in_elsewhere", "a code for an online account").await;
    assert_eq!(unused_codes(&app, online).await, 0);
});

db_test!(staff_never_act_on_their_own_account, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    // a member of staff who was registered at their own counter and lives in the dong
    let staff = app.person("직원", Some(SINCHON)).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let cookie = app.sign_in(staff).await;
    let res = app.call("staff/verify", Some(&cookie), &verify_form(SINCHON, staff)).await;
    refused_with(res, "not_for_yourself", "verifying oneself").await;
    assert!(lives_in(&app, staff).await.is_empty());
    let res =
        app.call("staff/reissue", Some(&cookie), &[("dong", SINCHON.into()), ("user_id", staff.to_string())]).await;
    refused_with(res, "not_for_yourself", "printing one's own code").await;
    assert_eq!(unused_codes(&app, staff).await, 0);
    app.verify(staff, SINCHON).await;
    let res = app
        .call("staff/end_residency", Some(&cookie), &[("dong", SINCHON.into()), ("user_id", staff.to_string())])
        .await;
    refused_with(res, "not_for_yourself", "ending one's own residency as staff").await;
    assert_eq!(lives_in(&app, staff).await, vec![SINCHON.to_owned()]);
});

db_test!(a_code_printed_before_a_grant_signs_no_one_in_after_it, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, cookie) = staff_of(&app, SINCHON, "직원").await;
    let print = |user: i64| {
        let req = app.call("staff/reissue", Some(&cookie), &[("dong", SINCHON.into()), ("user_id", user.to_string())]);
        async move {
            let res = req.await;
            assert!(done(&res), "printing a resident's code: {}", res.status());
            res.json::<serde_json::Value>().await.unwrap()["code"].as_str().unwrap().to_owned()
        }
    };
    let sign_in = |code: String| app.call("sign_in_code", None, &[("code", code)]);

    // Monday: a code for a colleague who is still a resident; the person hears of it
    let colleague = app.person("동료", Some(SINCHON)).await;
    let code = print(colleague).await;
    assert_eq!(notices(&app, colleague, "sign_in_code_printed").await, 1, "the person is told");
    // Tuesday: they become a welfare officer; the grant ended the unused code
    app.grant(colleague, "welfare_officer", SINCHON).await;
    assert_eq!(unused_codes(&app, colleague).await, 0, "the grant deleted the unused code");
    let res = sign_in(code).await;
    assert!(!done(&res) && session_cookie(&res).is_none(), "the old code signs no one in: {}", res.status());

    // and a code is checked when used, too: a role that arrived without a grant's clean-up
    let other = app.person("주민", Some(SINCHON)).await;
    let code = print(other).await;
    role_grant::ActiveModel {
        user_id: Set(other),
        role: Set(app::domain::roles::Role::VisitingNurse.into()),
        dong_code: Set(Some(SINCHON.into())),
        district_code: Set(Some(SINCHON[..5].to_owned() + "00000")),
        created_at: Set(chrono::Utc::now()),
        granted_by: Set(None),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let res = sign_in(code).await;
    assert_eq!(res.status(), 422, "a counter code for a role holder");
    assert!(res.text().await.unwrap().contains("\"sign_in_code_void\""));
    // the operator's code still signs a role holder in
    app.sign_in(other).await;
});

db_test!(a_grant_ends_the_sessions_and_tokens_that_came_before, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let person = app.person("주민", Some(SINCHON)).await;
    let cookie = app.sign_in(person).await;
    let actor = services::identity::load_actor(&app.db, person).await.unwrap().unwrap();
    let token = services::identity::create_token(&app.db, &actor, "t".into(), app::domain::identity::TokenScope::Read)
        .await
        .unwrap();
    let me_by_cookie = || app.get_with_cookie("/api/v1/me", &cookie);
    let me_by_token = || app.client.get(app.url("/api/v1/me")).bearer_auth(&token).send();
    assert_eq!(me_by_cookie().await.status(), 200);
    assert_eq!(me_by_token().await.unwrap().status(), 200);
    app.grant(person, "center_staff", SINCHON).await;
    assert_eq!(me_by_cookie().await.status(), 401, "the session signed in before the grant is over");
    assert_eq!(me_by_token().await.unwrap().status(), 401, "the token made before the grant is revoked");
    assert_eq!(notices(&app, person, "roles_changed").await, 1, "the person is told");
    // they sign in afresh (the operator's code) and act with the role
    let again = app.sign_in(person).await;
    assert_eq!(app.get_with_cookie("/api/v1/me", &again).await.status(), 200);
});

db_test!(whoever_prepared_a_claimant_does_not_decide_their_claim, |backend: Backend| async move {
    // One member of staff with two accounts is not two people: registering a "resident", signing
    // in as them, claiming and approving is refused at the approval.
    let app = TestApp::spawn(&backend).await;
    let (_, clerk) = staff_of(&app, SINCHON, "등록한 직원").await;
    let (_, colleague) = staff_of(&app, SINCHON, "다른 직원").await;
    let form = [
        ("dong", SINCHON.to_owned()),
        ("display_name", "새 주민".to_owned()),
        ("birth_year", "1980".to_owned()),
        ("verified_method", "id_card".to_owned()),
    ];
    let res = app.call("staff/register", Some(&clerk), &form).await;
    assert!(done(&res), "registering: {}", res.status());
    let registered = res.json::<serde_json::Value>().await.unwrap()["user_id"].as_i64().unwrap();
    let claim = claim_by(&app, SINCHON, registered).await;
    let decide = |cookie: &str| {
        let form = [("claim_id", claim.to_string()), ("decision", "reject".into()), ("reason", "시험 결정".into())];
        app.call("fund/claims/decide", Some(cookie), &form)
    };
    refused_with(decide(&clerk).await, "prepared_the_claimant", "deciding a claim of one's own registrant").await;
    let row = expense_claim::Entity::find_by_id(claim).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.status.as_str(), "submitted", "the claim waits for someone else");
    let res = decide(&colleague).await;
    assert!(done(&res), "another member of staff decides: {}", res.status());
});

db_test!(a_resident_who_moved_is_verified_by_the_new_center, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, cookie) = staff_of(&app, SINCHON, "신촌 직원").await;
    let mover = app.person("이사", None).await;
    app.verify(mover, BUGAHYEON).await;
    let own = app.sign_in(mover).await;
    // the box must be ticked
    let res = app.call("account/moved_out", Some(&own), &[]).await;
    assert_eq!(res.status(), 422);
    assert_eq!(lives_in(&app, mover).await, vec![BUGAHYEON.to_owned()]);
    let res = app.call("account/moved_out", Some(&own), &[("confirm", "on".into())]).await;
    assert!(done(&res), "moving out: {}", res.status());
    assert!(lives_in(&app, mover).await.is_empty());
    let res = app.call("staff/verify", Some(&cookie), &verify_form(SINCHON, mover)).await;
    assert!(done(&res), "the new center verifies them: {}", res.status());
    assert_eq!(lives_in(&app, mover).await, vec![SINCHON.to_owned()]);
    assert_eq!(notices(&app, mover, "residency_changed").await, 1);
});
