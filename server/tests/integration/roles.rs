//! Role changes (issue 40): a grant or a revoke ends whatever let someone into the account
//! before it (sessions, tokens, unused codes, linked providers); no administrator grants or
//! revokes their own roles; a welfare role takes two administrators — one proposes, a different
//! one (neither the proposer nor the grantee) confirms — and the district's welfare supervisor
//! is told.

use crate::db_test;
use crate::identity::{MAPO, SEODAEMUN, SINCHON};
use crate::support::{Backend, TestApp, session_cookie};
use app::error::AppError;
use app::error_code::ErrorCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use services::entities::{access_token, audit_event, notification, oauth_identity, role_grant, role_proposal};

/// Asserts a 409 whose body is `code`.
async fn refused(res: reqwest::Response, code: ErrorCode) {
    assert_eq!(res.status(), 409, "expected {code:?}");
    let body = res.text().await.unwrap();
    assert_eq!(serde_json::from_str::<AppError>(&body).ok(), Some(AppError::Conflict(code)), "{body}");
}

fn ok(res: &reqwest::Response, what: &str) {
    assert!(res.status().is_success() || res.status().is_redirection(), "{what}: {}", res.status());
}

/// A new administrator, signed in: (account, cookie).
async fn admin(app: &TestApp, name: &str) -> (i64, String) {
    let id = app.person(name, None).await;
    app.grant(id, "admin", "").await;
    (id, app.sign_in(id).await)
}

/// The grants `user_id` holds, as `role@scope`.
async fn roles_of(app: &TestApp, user_id: i64) -> Vec<String> {
    let mut out: Vec<String> = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(user_id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|g| format!("{}@{}", g.role, g.dong_code.or(g.district_code).unwrap_or_default()))
        .collect();
    out.sort();
    out
}

/// The subjects of `user_id`'s notifications of `kind`.
async fn notices(app: &TestApp, user_id: i64, kind: &str) -> Vec<String> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::Kind.eq(kind))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.subject)
        .collect()
}

/// The role events the audit log records about `user_id`, oldest first.
async fn audited(app: &TestApp, user_id: i64) -> Vec<String> {
    use sea_orm::QueryOrder;
    audit_event::Entity::find()
        .filter(audit_event::Column::SubjectUserId.eq(user_id))
        .order_by_asc(audit_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("role."))
        .collect()
}

async fn pending_proposals(app: &TestApp, grantee: i64) -> Vec<role_proposal::Model> {
    role_proposal::Entity::find()
        .filter(role_proposal::Column::GranteeId.eq(grantee))
        .filter(role_proposal::Column::DecidedAt.is_null())
        .all(&app.db)
        .await
        .unwrap()
}

/// `GET /api/v1/me` with a session cookie or a token: its status.
async fn api_me(app: &TestApp, cookie: Option<&str>, token: Option<&str>) -> u16 {
    let mut req = app.client.get(app.url("/api/v1/me"));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().status().as_u16()
}

db_test!(an_admins_welfare_grant_waits_for_a_second_admin_and_the_supervisor_is_told, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (first, first_cookie) = admin(&app, "제안 관리자").await;
    let (second, second_cookie) = admin(&app, "승인 관리자").await;
    let supervisor = app.person("서대문 복지 총괄", None).await;
    app.grant(supervisor, "welfare_supervisor", SEODAEMUN).await;
    let supervisor_cookie = app.sign_in(supervisor).await;
    let elsewhere = app.person("마포 복지 총괄", None).await;
    app.grant(elsewhere, "welfare_supervisor", MAPO).await;
    let officer = app.person("새 복지 담당", Some(SINCHON)).await;
    let officer_cookie = app.sign_in(officer).await;

    // the grant form of the first administrator proposes: nothing is granted yet
    let res = app
        .call(
            "admin/grant",
            Some(&first_cookie),
            &[("account", officer.to_string()), ("role", "welfare_officer".into()), ("scope_code", SINCHON.into())],
        )
        .await;
    ok(&res, "proposing");
    assert_eq!(roles_of(&app, officer).await, Vec::<String>::new(), "a welfare role is not granted by one admin");
    let waiting = pending_proposals(&app, officer).await;
    assert_eq!(waiting.len(), 1);
    let proposal = waiting[0].id;
    assert_eq!(waiting[0].proposed_by, first);
    assert_eq!(api_me(&app, Some(&officer_cookie), None).await, 200, "nothing ended yet");
    // proposing again answers with the same waiting proposal
    let res = app
        .call(
            "admin/propose",
            Some(&first_cookie),
            &[("account", officer.to_string()), ("role", "welfare_officer".into()), ("scope_code", SINCHON.into())],
        )
        .await;
    ok(&res, "proposing again");
    assert_eq!(pending_proposals(&app, officer).await.len(), 1);

    // the district's supervisor is told, the other district's is not
    let told = notices(&app, supervisor, "welfare_role_proposed").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains("#") && told[0].contains("복지 담당 공무원"), "{told:?}");
    assert!(notices(&app, elsewhere, "welfare_role_proposed").await.is_empty());

    // the admin page lists it, saying who proposed it and who may decide
    let list = |cookie: String| {
        let app = &app;
        async move {
            let res = app.call("admin/proposals", Some(&cookie), &[]).await;
            assert_eq!(res.status(), 200);
            res.json::<Vec<app::dto::RoleProposalRow>>().await.unwrap()
        }
    };
    let seen = list(first_cookie.clone()).await;
    assert_eq!(seen.len(), 1);
    assert_eq!((seen[0].proposed_by_id, seen[0].may_decide), (first, false));
    assert!(list(second_cookie.clone()).await[0].may_decide);
    // no one but an administrator reads or decides proposals
    assert_eq!(app.call("admin/proposals", Some(&supervisor_cookie), &[]).await.status(), 403);
    let form = [("proposal_id", proposal.to_string())];
    assert_eq!(app.call("admin/proposal/confirm", Some(&supervisor_cookie), &form).await.status(), 403);
    assert_eq!(app.call("admin/proposal/confirm", None, &form).await.status(), 401);
    // the proposer cannot confirm their own proposal
    refused(app.call("admin/proposal/confirm", Some(&first_cookie), &form).await, ErrorCode::ProposalNeedsAnotherAdmin)
        .await;
    refused(app.call("admin/proposal/decline", Some(&first_cookie), &form).await, ErrorCode::ProposalNeedsAnotherAdmin)
        .await;
    assert_eq!(roles_of(&app, officer).await, Vec::<String>::new());

    // a second administrator confirms: the grant is made, and it ends the officer's session
    let res = app.call("admin/proposal/confirm", Some(&second_cookie), &form).await;
    ok(&res, "confirming");
    assert_eq!(roles_of(&app, officer).await, vec![format!("welfare_officer@{SINCHON}")]);
    let grant =
        role_grant::Entity::find().filter(role_grant::Column::UserId.eq(officer)).one(&app.db).await.unwrap().unwrap();
    assert_eq!(grant.granted_by, Some(second));
    assert_eq!(api_me(&app, Some(&officer_cookie), None).await, 401, "the grant ends the session");
    assert_eq!(notices(&app, officer, "roles_changed").await.len(), 1, "the grantee is told");
    assert_eq!(notices(&app, supervisor, "welfare_role_proposed").await.len(), 2, "and the supervisor, of the grant");
    let decided = role_proposal::Entity::find_by_id(proposal).one(&app.db).await.unwrap().unwrap();
    assert_eq!((decided.decided_by, decided.outcome.map(|o| o.as_str())), (Some(second), Some("confirmed")));
    assert_eq!(audited(&app, officer).await, ["role.proposed", "role.granted", "role.proposal_confirmed"]);
    // decided once: a second decision is refused
    refused(app.call("admin/proposal/confirm", Some(&second_cookie), &form).await, ErrorCode::ProposalDecided).await;

    // a proposal turned down grants nothing and stays decided
    let nurse = app.person("방문간호사 후보", Some(SINCHON)).await;
    let res = app
        .call(
            "admin/propose",
            Some(&second_cookie),
            &[("account", nurse.to_string()), ("role", "visiting_nurse".into()), ("scope_code", SINCHON.into())],
        )
        .await;
    ok(&res, "proposing a nurse");
    let turned = pending_proposals(&app, nurse).await[0].id;
    let form = [("proposal_id", turned.to_string())];
    ok(&app.call("admin/proposal/decline", Some(&first_cookie), &form).await, "turning down");
    assert_eq!(roles_of(&app, nurse).await, Vec::<String>::new());
    refused(app.call("admin/proposal/confirm", Some(&first_cookie), &form).await, ErrorCode::ProposalDecided).await;
    assert_eq!(audited(&app, nurse).await, ["role.proposed", "role.proposal_declined"]);

    // the operator's command line still grants a welfare role at once, and the supervisor hears
    let cli = app.person("명령줄 복지 총괄", None).await;
    app.grant(cli, "welfare_supervisor", SEODAEMUN).await;
    assert_eq!(roles_of(&app, cli).await, vec![format!("welfare_supervisor@{SEODAEMUN}")]);
    assert_eq!(notices(&app, supervisor, "welfare_role_proposed").await.len(), 4);
    // and a signed-in administrator cannot reach that path: the service refuses a welfare role
    let actor = services::identity::load_actor(&app.db, first).await.unwrap().unwrap();
    let spec = services::identity::roles::RoleGrantSpec::parse("welfare_officer", SINCHON).unwrap();
    let direct = services::identity::roles::grant(&app.db, Some(&actor), nurse, spec).await;
    assert_eq!(direct, Err(AppError::Conflict(ErrorCode::ProposalNeedsAnotherAdmin)));
});

db_test!(the_proposer_and_the_grantee_cannot_confirm, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (first, first_cookie) = admin(&app, "제안 관리자").await;
    let (grantee, grantee_cookie) = admin(&app, "대상 관리자").await;
    let (_, third_cookie) = admin(&app, "세 번째 관리자").await;
    // an administrator proposes a welfare supervisor's role for another administrator
    let res = app
        .call(
            "admin/propose",
            Some(&first_cookie),
            &[
                ("account", grantee.to_string()),
                ("role", "welfare_supervisor".into()),
                ("scope_code", SEODAEMUN.into()),
            ],
        )
        .await;
    ok(&res, "proposing");
    let proposal = pending_proposals(&app, grantee).await[0].id;
    let form = [("proposal_id", proposal.to_string())];
    // neither the proposer nor the person it is for decides it
    for cookie in [&first_cookie, &grantee_cookie] {
        refused(app.call("admin/proposal/confirm", Some(cookie), &form).await, ErrorCode::ProposalNeedsAnotherAdmin)
            .await;
        refused(app.call("admin/proposal/decline", Some(cookie), &form).await, ErrorCode::ProposalNeedsAnotherAdmin)
            .await;
    }
    assert_eq!(roles_of(&app, grantee).await, vec!["admin@".to_owned()]);
    assert_eq!(pending_proposals(&app, grantee).await.len(), 1);
    // the database holds the rule too: a decision by the proposer is refused
    let row = role_proposal::Entity::find_by_id(proposal).one(&app.db).await.unwrap().unwrap();
    let mut by_proposer: role_proposal::ActiveModel = row.into();
    by_proposer.decided_by = Set(Some(first));
    by_proposer.decided_at = Set(Some(chrono::Utc::now()));
    by_proposer.outcome = Set(Some(app::domain::roles::ProposalOutcome::Confirmed.into()));
    assert!(by_proposer.update(&app.db).await.is_err(), "the CHECK refuses the proposer's own decision");
    // a third administrator may
    ok(&app.call("admin/proposal/confirm", Some(&third_cookie), &form).await, "confirming");
    assert_eq!(roles_of(&app, grantee).await, vec!["admin@".to_owned(), format!("welfare_supervisor@{SEODAEMUN}")]);
    // …and the grant signed the grantee out
    assert_eq!(api_me(&app, Some(&grantee_cookie), None).await, 401);
});

db_test!(concurrent_confirmations_make_one_grant, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, proposer) = admin(&app, "제안 관리자").await;
    let mut deciders = Vec::new();
    for i in 0..4 {
        deciders.push(admin(&app, &format!("승인 관리자 {i}")).await.1);
    }
    for round in 0..3 {
        let target = app.person(&format!("대상 {round}"), Some(SINCHON)).await;
        let res = app
            .call(
                "admin/propose",
                Some(&proposer),
                &[("account", target.to_string()), ("role", "welfare_officer".into()), ("scope_code", SINCHON.into())],
            )
            .await;
        ok(&res, "proposing");
        let proposal = pending_proposals(&app, target).await[0].id;
        let calls: Vec<_> = deciders
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let endpoint = if i % 2 == 0 { "admin/proposal/confirm" } else { "admin/proposal/decline" };
                Box::pin(app.call(endpoint, Some(c), &[("proposal_id", proposal.to_string())]))
            })
            .collect();
        let answers = crate::identity::join_all(calls).await;
        let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "exactly one decision wins: {statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == 409).count(), deciders.len() - 1, "{statuses:?}");
        let won = statuses.iter().position(|s| *s == 200).unwrap();
        let grants = roles_of(&app, target).await;
        if won % 2 == 0 {
            assert_eq!(grants, vec![format!("welfare_officer@{SINCHON}")]);
        } else {
            assert!(grants.is_empty());
        }
        let row = role_proposal::Entity::find_by_id(proposal).one(&app.db).await.unwrap().unwrap();
        assert_eq!(row.outcome.map(|o| o.as_str()), Some(if won % 2 == 0 { "confirmed" } else { "declined" }));
    }
});

db_test!(an_admin_cannot_grant_or_revoke_their_own_roles, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (me, cookie) = admin(&app, "관리자").await;
    let (_, other_cookie) = admin(&app, "다른 관리자").await;
    let grant = |role: &'static str, scope: &'static str| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.call(
                "admin/grant",
                Some(&cookie),
                &[("account", me.to_string()), ("role", role.into()), ("scope_code", scope.into())],
            )
            .await
        }
    };
    refused(grant("expert", SEODAEMUN).await, ErrorCode::NotForYourself).await;
    refused(grant("center_staff", SINCHON).await, ErrorCode::NotForYourself).await;
    refused(grant("welfare_supervisor", SEODAEMUN).await, ErrorCode::NotForYourself).await;
    let propose = app
        .call(
            "admin/propose",
            Some(&cookie),
            &[("account", me.to_string()), ("role", "welfare_officer".into()), ("scope_code", SINCHON.into())],
        )
        .await;
    refused(propose, ErrorCode::NotForYourself).await;
    assert!(pending_proposals(&app, me).await.is_empty(), "nothing proposed for oneself");
    // a role the operator gave them is not theirs to revoke either, nor their admin role
    let expert = app.grant(me, "expert", SEODAEMUN).await;
    let cookie = app.sign_in(me).await;
    let own_admin = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(me))
        .filter(role_grant::Column::Role.eq("admin"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let revoke = |id: i64| app.call("admin/revoke", Some(&cookie), &[("grant_id", id.to_string())]);
    refused(revoke(expert).await, ErrorCode::NotForYourself).await;
    refused(revoke(own_admin).await, ErrorCode::OwnAdminRole).await;
    assert_eq!(roles_of(&app, me).await, vec!["admin@".to_owned(), format!("expert@{SEODAEMUN}")]);
    assert_eq!(api_me(&app, Some(&cookie), None).await, 200, "a refusal ends nothing");
    // someone without the admin role is refused without more
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let staff_cookie = app.sign_in(staff).await;
    let res = app
        .call(
            "admin/grant",
            Some(&staff_cookie),
            &[("account", staff.to_string()), ("role", "expert".into()), ("scope_code", SEODAEMUN.into())],
        )
        .await;
    assert_eq!(res.status(), 403);
    // another administrator may revoke it
    ok(&app.call("admin/revoke", Some(&other_cookie), &[("grant_id", expert.to_string())]).await, "revoking");
    assert_eq!(roles_of(&app, me).await, vec!["admin@".to_owned()]);
    assert_eq!(api_me(&app, Some(&cookie), None).await, 401, "the revoke ends the session too");
});

/// A person with every way in: a session signed in before (an HTTP client), a token, an unused
/// code, two linked provider logins. Returns (cookie, token, code).
async fn every_way_in(app: &TestApp, person: i64) -> (String, String, String) {
    let cookie = app.sign_in(person).await;
    let res =
        app.call("account/token/create", Some(&cookie), &[("name", "script".into()), ("scope", "read".into())]).await;
    assert_eq!(res.status(), 200);
    let token: String = res.json().await.unwrap();
    for _ in 0..2 {
        oauth_identity::ActiveModel {
            user_id: Set(person),
            provider: Set("mock".into()),
            subject: Set(uuid::Uuid::new_v4().to_string()),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let code = services::identity::reissue_code(&app.db, &app.key, None, person).await.unwrap().code;
    assert_eq!(api_me(app, Some(&cookie), None).await, 200);
    assert_eq!(api_me(app, None, Some(&token)).await, 200);
    (cookie, token, code)
}

/// Asserts every way in of [`every_way_in`] is closed.
async fn all_ended(app: &TestApp, person: i64, (cookie, token, code): &(String, String, String), when: &str) {
    assert_eq!(api_me(app, Some(cookie), None).await, 401, "{when}: the session signed in before");
    assert_eq!(api_me(app, None, Some(token)).await, 401, "{when}: the token");
    let res = app.call("sign_in_code", None, &[("code", code.clone())]).await;
    assert!(session_cookie(&res).is_none() && res.status().is_client_error(), "{when}: the code: {}", res.status());
    let linked =
        oauth_identity::Entity::find().filter(oauth_identity::Column::UserId.eq(person)).all(&app.db).await.unwrap();
    assert!(linked.is_empty(), "{when}: the linked providers");
    let live = access_token::Entity::find()
        .filter(access_token::Column::UserId.eq(person))
        .filter(access_token::Column::RevokedAt.is_null())
        .all(&app.db)
        .await
        .unwrap();
    assert!(live.is_empty(), "{when}: the tokens are revoked");
}

db_test!(a_grant_or_revoke_ends_sessions_tokens_codes_and_provider_logins, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, admin_cookie) = admin(&app, "관리자").await;
    let person = app.person("곧 전문가", Some(SINCHON)).await;

    // granted on the web
    let before = every_way_in(&app, person).await;
    let res = app
        .call(
            "admin/grant",
            Some(&admin_cookie),
            &[("account", person.to_string()), ("role", "expert".into()), ("scope_code", SEODAEMUN.into())],
        )
        .await;
    ok(&res, "granting");
    all_ended(&app, person, &before, "after the web grant").await;
    assert_eq!(notices(&app, person, "roles_changed").await.len(), 1);

    // revoked on the web
    let before = every_way_in(&app, person).await;
    let grant = role_grant::Entity::find()
        .filter(role_grant::Column::UserId.eq(person))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    ok(&app.call("admin/revoke", Some(&admin_cookie), &[("grant_id", grant.to_string())]).await, "revoking");
    all_ended(&app, person, &before, "after the revoke").await;

    // granted by the operator's command line
    let before = every_way_in(&app, person).await;
    app.grant(person, "center_staff", SINCHON).await;
    all_ended(&app, person, &before, "after the operator's grant").await;
    assert_eq!(notices(&app, person, "roles_changed").await.len(), 3);
    // a code printed after the grant signs in as usual
    let fresh = app.sign_in(person).await;
    assert_eq!(api_me(&app, Some(&fresh), None).await, 200);
});

db_test!(a_code_printed_before_a_grant_does_not_sign_in_after_it, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, first) = admin(&app, "제안 관리자").await;
    let (_, second) = admin(&app, "승인 관리자").await;
    let staff = app.person("직원", None).await;
    app.grant(staff, "center_staff", SINCHON).await;
    let staff_cookie = app.sign_in(staff).await;
    let colleague = app.person("동료", Some(SINCHON)).await;
    app.verify(colleague, SINCHON).await;

    // Monday: the center prints the colleague a code (they hold no role yet)
    let res = app
        .call("staff/reissue", Some(&staff_cookie), &[("dong", SINCHON.into()), ("user_id", colleague.to_string())])
        .await;
    assert_eq!(res.status(), 200, "the counter prints a code for a resident");
    let printed: serde_json::Value = res.json().await.unwrap();
    let code = printed["code"].as_str().unwrap().to_owned();

    // Tuesday: the colleague becomes the dong's welfare officer, by two administrators
    let res = app
        .call(
            "admin/propose",
            Some(&first),
            &[("account", colleague.to_string()), ("role", "welfare_officer".into()), ("scope_code", SINCHON.into())],
        )
        .await;
    ok(&res, "proposing");
    let proposal = pending_proposals(&app, colleague).await[0].id;
    ok(
        &app.call("admin/proposal/confirm", Some(&second), &[("proposal_id", proposal.to_string())]).await,
        "confirming",
    );

    // Monday's code signs no one in
    let res = app.call("sign_in_code", None, &[("code", code)]).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert!(session_cookie(&res).is_none());
});
