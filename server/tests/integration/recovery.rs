//! Recovery codes for accounts that sign in online (issue 40, item 2; docs/ARCHITECTURE.md,
//! "Duties"): one member of the person's dong's staff asks, a second — neither the requester nor
//! the person — confirms and prints the code; the person is told. Nothing is printed on one
//! person's word, and never for a counter account (it gets a plain code), a role holder, oneself
//! or someone of another dong.

use crate::db_test;
use crate::identity::{BUGAHYEON, SINCHON};
use crate::support::{Backend, TestApp, session_cookie};
use app::domain::identity::RecoveryOutcome;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use services::entities::{audit_event, notification, recovery_request, sign_in_code};

/// A member of `dong`'s center staff, signed in.
async fn staff_of(app: &TestApp, dong: &str, name: &str) -> (i64, String) {
    let id = app.person(name, None).await;
    app.grant(id, "center_staff", dong).await;
    (id, app.sign_in(id).await)
}

/// Someone registered at `home`'s counter (if any) and verified in `lives`, who has since made
/// an access token: an account that signs in online, not a counter account.
async fn online_person(app: &TestApp, home: Option<&str>, lives: &str) -> i64 {
    let id = app.person("온라인 주민", home).await;
    app.verify(id, lives).await;
    let actor = services::identity::load_actor(&app.db, id).await.unwrap().unwrap();
    services::identity::create_token(&app.db, &actor, "t".into(), app::domain::identity::TokenScope::Read)
        .await
        .unwrap();
    let row = services::entities::user::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert!(!row.is_counter_account(), "the fixture is an online account");
    id
}

fn done(res: &reqwest::Response) -> bool {
    res.status().is_success() || res.status().is_redirection()
}

/// The answer is a 409 naming `code`: the rule is said to the member of staff it stops.
async fn refused_with(res: reqwest::Response, code: &str, what: &str) {
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, 409, "{what}: {body}");
    assert!(body.contains(&format!("\"{code}\"")), "{what}: expected {code}, got {body}");
}

/// Every code ever printed for `user`, used or not.
async fn codes(app: &TestApp, user: i64) -> Vec<sign_in_code::Model> {
    sign_in_code::Entity::find().filter(sign_in_code::Column::UserId.eq(user)).all(&app.db).await.unwrap()
}

async fn notices(app: &TestApp, user: i64, kind: &str) -> u64 {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user))
        .filter(notification::Column::Kind.eq(kind))
        .count(&app.db)
        .await
        .unwrap()
}

async fn requests(app: &TestApp, user: i64) -> Vec<recovery_request::Model> {
    recovery_request::Entity::find()
        .filter(recovery_request::Column::UserId.eq(user))
        .order_by_asc(recovery_request::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

/// The audit trail about `user`: (action, actor), in order.
async fn audited(app: &TestApp, user: i64) -> Vec<(String, Option<i64>)> {
    audit_event::Entity::find()
        .filter(audit_event::Column::SubjectUserId.eq(user))
        .filter(
            audit_event::Column::Action
                .starts_with("recovery.")
                .or(audit_event::Column::Action.eq("sign_in_code.issued")),
        )
        .order_by_asc(audit_event::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.actor_id))
        .collect()
}

async fn request(app: &TestApp, cookie: &str, user: i64) -> reqwest::Response {
    app.call("staff/recovery/request", Some(cookie), &[("user_id", user.to_string())]).await
}

async fn confirm(app: &TestApp, cookie: &str, request_id: i64) -> reqwest::Response {
    app.call("staff/recovery/confirm", Some(cookie), &[("request_id", request_id.to_string())]).await
}

/// Asks for a recovery code as `cookie`'s staff member; the request's id.
async fn requested(app: &TestApp, cookie: &str, user: i64) -> i64 {
    let res = request(app, cookie, user).await;
    assert!(done(&res), "asking for a recovery code: {}", res.status());
    res.json::<i64>().await.unwrap()
}

/// The pending requests of Sinchon as `cookie`'s staff member sees them.
async fn pending(app: &TestApp, cookie: &str) -> Vec<serde_json::Value> {
    let res = app.call("staff/recovery/pending", Some(cookie), &[("dong", SINCHON.into())]).await;
    assert_eq!(res.status(), 200);
    res.json::<Vec<serde_json::Value>>().await.unwrap()
}

db_test!(a_recovery_code_takes_two_members_of_staff, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (a, asker) = staff_of(&app, SINCHON, "요청 직원").await;
    let (b, confirmer) = staff_of(&app, SINCHON, "확인 직원").await;
    let person = online_person(&app, Some(SINCHON), SINCHON).await;

    // A asks: nothing is printed, nobody is told yet
    let id = requested(&app, &asker, person).await;
    assert!(codes(&app, person).await.is_empty(), "no code exists on one person's word");
    assert_eq!(notices(&app, person, "sign_in_code_printed").await, 0);
    assert_eq!(requested(&app, &asker, person).await, id, "asking again answers with the waiting request");
    let rows = requests(&app, person).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].requested_by, rows[0].decided_at), (a, None));

    // the panel: A sees it but may not confirm it; B may
    let seen_by_a = pending(&app, &asker).await;
    assert_eq!(seen_by_a.len(), 1);
    assert_eq!(seen_by_a[0]["id"], id);
    assert_eq!(seen_by_a[0]["requested_by_id"], a);
    assert_eq!(seen_by_a[0]["may_confirm"], false);
    assert_eq!(pending(&app, &confirmer).await[0]["may_confirm"], true);

    // A cannot confirm their own request
    refused_with(confirm(&app, &asker, id).await, "recovery_needs_another_staff", "the requester confirming").await;
    assert!(codes(&app, person).await.is_empty(), "still no code");

    // B confirms: a code, issued by B, that signs the person in; the person is told
    let res = confirm(&app, &confirmer, id).await;
    assert!(done(&res), "a second member of staff confirms: {}", res.status());
    let issued = res.json::<serde_json::Value>().await.unwrap();
    assert_eq!(issued["user_id"], person);
    let printed = codes(&app, person).await;
    assert_eq!(printed.len(), 1, "one code");
    assert_eq!(printed[0].issued_by, Some(b), "the confirmer printed it");
    assert_eq!(notices(&app, person, "sign_in_code_printed").await, 1, "the person is told");
    let res = app.call("sign_in_code", None, &[("code", issued["code"].as_str().unwrap().to_owned())]).await;
    let cookie = session_cookie(&res).expect("the recovery code signs the person in");
    let me = app.get_with_cookie("/api/v1/me", &cookie).await.json::<serde_json::Value>().await.unwrap();
    assert_eq!(me["id"], person);

    // the request is decided: it leaves the panel and cannot be confirmed twice
    let row = &requests(&app, person).await[0];
    assert_eq!((row.decided_by, row.outcome.map(|o| o.as_str())), (Some(b), Some("confirmed")));
    assert!(pending(&app, &confirmer).await.is_empty());
    refused_with(confirm(&app, &confirmer, id).await, "recovery_decided", "confirming twice").await;
    assert_eq!(codes(&app, person).await.len(), 1);
    assert_eq!(
        audited(&app, person).await,
        [
            ("recovery.requested".to_owned(), Some(a)),
            ("recovery.confirmed".to_owned(), Some(b)),
            ("sign_in_code.issued".to_owned(), Some(b)),
        ]
    );
});

db_test!(a_withdrawn_request_prints_nothing, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, asker) = staff_of(&app, SINCHON, "요청 직원").await;
    let (b, colleague) = staff_of(&app, SINCHON, "다른 직원").await;
    let (_, elsewhere) = staff_of(&app, BUGAHYEON, "북아현 직원").await;
    let person = online_person(&app, None, SINCHON).await;
    let id = requested(&app, &asker, person).await;
    let withdraw = |cookie: &str| app.call("staff/recovery/withdraw", Some(cookie), &[("request_id", id.to_string())]);
    assert_eq!(withdraw(&elsewhere).await.status(), 403, "another dong's staff");
    let res = withdraw(&colleague).await;
    assert!(done(&res), "a colleague withdraws: {}", res.status());
    let row = &requests(&app, person).await[0];
    assert_eq!((row.decided_by, row.outcome.map(|o| o.as_str())), (Some(b), Some("withdrawn")));
    refused_with(confirm(&app, &colleague, id).await, "recovery_decided", "confirming a withdrawn request").await;
    refused_with(withdraw(&asker).await, "recovery_decided", "withdrawing twice").await;
    assert!(codes(&app, person).await.is_empty(), "no code");
    assert_eq!(notices(&app, person, "sign_in_code_printed").await, 0);
    // a new request may be made after
    assert_ne!(requested(&app, &asker, person).await, id);
});

db_test!(two_confirmations_at_once_print_one_code, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, asker) = staff_of(&app, SINCHON, "요청 직원").await;
    let (_, b) = staff_of(&app, SINCHON, "확인 직원 1").await;
    let (_, c) = staff_of(&app, SINCHON, "확인 직원 2").await;
    for round in 0..4 {
        let person = online_person(&app, Some(SINCHON), SINCHON).await;
        let id = requested(&app, &asker, person).await;
        let (first, second) = tokio::join!(confirm(&app, &b, id), confirm(&app, &c, id));
        let statuses = [first.status(), second.status()];
        let printed = [done(&first), done(&second)];
        assert_eq!(
            printed.iter().filter(|p| **p).count(),
            1,
            "round {round}: exactly one confirmation wins: {statuses:?}"
        );
        let loser = if printed[0] { second } else { first };
        refused_with(loser, "recovery_decided", "the other confirmation").await;
        assert_eq!(codes(&app, person).await.len(), 1, "round {round}: exactly one code was printed");
        assert_eq!(notices(&app, person, "sign_in_code_printed").await, 1);
    }
});

db_test!(no_recovery_request_outside_the_rule, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    // a member of staff registered at their own counter, who also signs in online
    let me = app.person("직원", Some(SINCHON)).await;
    app.grant(me, "center_staff", SINCHON).await;
    let actor = services::identity::load_actor(&app.db, me).await.unwrap().unwrap();
    services::identity::create_token(&app.db, &actor, "t".into(), app::domain::identity::TokenScope::Read)
        .await
        .unwrap();
    let cookie = app.sign_in(me).await;

    // a counter account gets a plain code, not a recovery
    let counter = app.person("창구 주민", Some(SINCHON)).await;
    refused_with(request(&app, &cookie, counter).await, "counter_account_no_recovery", "a counter account").await;
    // a role holder gets no staff code at all
    let role_holder = online_person(&app, Some(SINCHON), SINCHON).await;
    app.grant(role_holder, "expert", crate::identity::MAPO).await;
    refused_with(request(&app, &cookie, role_holder).await, "holds_role_no_code", "a role holder").await;
    // nor does one ask for oneself
    refused_with(request(&app, &cookie, me).await, "not_for_yourself", "oneself").await;
    // someone of another dong is not this center's: refused without more
    let neighbour = online_person(&app, None, BUGAHYEON).await;
    assert_eq!(request(&app, &cookie, neighbour).await.status(), 403, "an account of another dong");
    // and a resident is no member of staff
    let resident = online_person(&app, Some(SINCHON), SINCHON).await;
    let resident_cookie = app.sign_in(resident).await;
    let target = online_person(&app, Some(SINCHON), SINCHON).await;
    assert_eq!(request(&app, &resident_cookie, target).await.status(), 403, "a resident");
    for user in [counter, role_holder, me, neighbour, target] {
        assert!(requests(&app, user).await.is_empty(), "no request was recorded for #{user}");
        assert!(codes(&app, user).await.iter().all(|c| c.issued_by.is_none()), "no staff code for #{user}");
    }
});

db_test!(a_confirmation_checks_the_person_again, |backend: Backend| async move {
    let app = TestApp::spawn(&backend).await;
    let (_, asker) = staff_of(&app, SINCHON, "요청 직원").await;
    let (_, confirmer) = staff_of(&app, SINCHON, "확인 직원").await;
    let (_, elsewhere) = staff_of(&app, BUGAHYEON, "북아현 직원").await;

    // another dong's staff cannot confirm Sinchon's request
    let person = online_person(&app, None, SINCHON).await;
    let id = requested(&app, &asker, person).await;
    assert_eq!(confirm(&app, &elsewhere, id).await.status(), 403, "another dong's staff");
    assert_eq!(app.call("staff/recovery/pending", Some(&elsewhere), &[("dong", SINCHON.into())]).await.status(), 403);

    // a role granted between the request and the confirmation: no code
    app.grant(person, "welfare_officer", BUGAHYEON).await;
    refused_with(confirm(&app, &confirmer, id).await, "holds_role_no_code", "a role holder by now").await;
    assert!(codes(&app, person).await.iter().all(|c| c.issued_by.is_none()), "no staff code");
    assert_eq!(requests(&app, person).await[0].decided_at, None, "the request still waits (to be withdrawn)");

    // a person who moved to another dong since: not this center's any more
    let mover = online_person(&app, None, SINCHON).await;
    let id = requested(&app, &asker, mover).await;
    let actor = services::identity::load_actor(&app.db, mover).await.unwrap().unwrap();
    services::identity::end_own_residency(&app.db, &actor).await.unwrap();
    app.verify(mover, BUGAHYEON).await;
    refused_with(confirm(&app, &confirmer, id).await, "resident_lives_elsewhere", "a person who moved").await;
    assert!(codes(&app, mover).await.is_empty(), "no code");
    assert_eq!(notices(&app, mover, "sign_in_code_printed").await, 0);
});

db_test!(the_database_holds_the_two_person_rule, |backend: Backend| async move {
    use sea_orm::{ActiveModelTrait, Set};
    let app = TestApp::spawn(&backend).await;
    let asker = app.person("요청 직원", None).await;
    let person = online_person(&app, None, SINCHON).await;
    let row = |requested_by: i64| recovery_request::ActiveModel {
        user_id: Set(person),
        dong_code: Set(SINCHON.into()),
        requested_by: Set(requested_by),
        requested_at: Set(chrono::Utc::now()),
        ..Default::default()
    };
    assert!(row(person).insert(&app.db).await.is_err(), "no one asks for themselves");
    let first = row(asker).insert(&app.db).await.unwrap();
    assert!(row(asker).insert(&app.db).await.is_err(), "one pending request per person");
    let decide = |by: i64, outcome: RecoveryOutcome| {
        let mut m: recovery_request::ActiveModel = first.clone().into();
        m.decided_by = Set(Some(by));
        m.decided_at = Set(Some(chrono::Utc::now()));
        m.outcome = Set(Some(outcome.into()));
        m
    };
    assert!(decide(asker, RecoveryOutcome::Confirmed).update(&app.db).await.is_err(), "the requester confirms nothing");
    assert!(decide(person, RecoveryOutcome::Confirmed).update(&app.db).await.is_err(), "nor does the person");
    let mut half: recovery_request::ActiveModel = first.clone().into();
    half.outcome = Set(Some(RecoveryOutcome::Confirmed.into()));
    assert!(half.update(&app.db).await.is_err(), "a decision is whole");
    decide(asker, RecoveryOutcome::Withdrawn).update(&app.db).await.unwrap();
    row(asker).insert(&app.db).await.unwrap();
});
